/*
 * mapping.h - derived metrics and renames for insights records, from a
 * mapping file (metasync-map(5)) or the built-in default.
 *
 * A mapping is read and checked once, before any data, and compiled:
 * every term is split into its list and action type at parse time, and
 * every name it refers to is checked then, so mapping_apply() does no
 * string parsing and allocates only the JSON numbers it stores.
 *
 * A metric is a sum of terms, with an optional "else" sum used when the
 * first is null or 0, or a ratio of two fields or earlier metrics.  A term
 * is LIST:ACTION_TYPE (the values of the entries of the action list LIST
 * with that action_type) or a plain name (a numeric field of the record,
 * or a metric defined earlier).  Absent and null terms are skipped; a sum
 * of nothing is null, never 0, so "no data" stays apart from "zero".
 *
 * The mapping is immutable once built: one mapping may be applied by
 * several threads at once.
 */
#ifndef METASYNC_MAPPING_H
#define METASYNC_MAPPING_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

#define MAPPING_VERSION  1
#define MAPPING_NAME_MAX 63  /* the longest identifier PostgreSQL keeps whole */

struct mapping;

/*
 * Reads and checks the mapping file path.  NULL with e set (EXIT_USAGE)
 * when it cannot be read or is not a valid mapping: "FILE:LINE: what is
 * wrong" (a JSON syntax error also gives its column: "FILE:LINE:COL: ").
 * reserved: NULL-terminated column names a metric or a rename may not
 * take (the record's keys, ids and Graph's own metrics: not the columns
 * meant for mapped metrics); NULL for none.  The caller frees the result
 * with mapping_free().
 */
struct mapping *mapping_load(const char *path, const char *const *reserved, struct error *e);

/* The same, from the len bytes of text; name stands for the file in messages. */
struct mapping *mapping_parse(const char *text, size_t len, const char *name,
                              const char *const *reserved, struct error *e);

/*
 * The mapping used without a file: purchases (actions:omni_purchase),
 * revenue (action_values:omni_purchase), roas (revenue / spend) and
 * link_clicks (inline_link_clicks, else actions:link_click).  Never NULL.
 */
struct mapping *mapping_default(void);

/* Frees *m (NULL is fine) and sets *m to NULL. */
void mapping_free(struct mapping **m);

/* The number of derived metrics; they are indexed 0 .. count-1 in file order. */
size_t mapping_count(const struct mapping *m);
/* Metric i's name, borrowed from m. */
const char *mapping_name(const struct mapping *m, size_t i);
/* 1 when metric i is a ratio, 0 when it is a sum. */
int mapping_is_ratio(const struct mapping *m, size_t i);
/*
 * For a ratio, the name of its numerator (den = 0) or denominator
 * (den = 1), borrowed from m, so a roll-up can divide the sums instead of
 * summing the ratios; NULL for a sum.
 */
const char *mapping_ratio_term(const struct mapping *m, size_t i, int den);

/*
 * Applies the renames to record (borrowed, modified in place: an insights
 * record as meta-transform types it), then sets every metric, in order,
 * as a field of record: a JSON number (an integer when every term summed
 * was one), or null.  A metric replaces a field of the same name, so
 * applying twice gives the same record.  Returns 0, or -1 with e set
 * (EXIT_DATAERR, naming the metric and the field) when a term's field is
 * there but is not a number (or, for LIST:TYPE, LIST is not an array), a
 * result does not fit a double, or a rename would replace a field that is
 * there and not null.  On error record may be partly mapped.  The metrics
 * are mapping_eval()'s, on the renamed record.
 */
int mapping_apply(const struct mapping *m, json_t *record, struct error *e);

/* A value as a metric's term reads it. */
enum mapping_kind {
	MAPPING_ABSENT, MAPPING_NULL, MAPPING_INTEGER, MAPPING_REAL,
	MAPPING_OTHER,  /* a string, an object...: not a number */
	MAPPING_LIST,   /* an array: its entries were given (mapping_reader.entries) */
};

struct mapping_value {
	enum mapping_kind kind;
	json_int_t i;  /* MAPPING_INTEGER */
	double d;      /* MAPPING_REAL */
};

/*
 * How mapping_eval() reads a record it does not hold as JSON (meta-transform
 * reads numbers straight from a line): the record typed as meta-transform
 * types it, renamed as the mapping renames it.
 */
struct mapping_reader {
	void *ctx;
	/* Field name of the record, into *v. */
	void (*field)(void *ctx, const char *name, struct mapping_value *v);
	/*
	 * Field list of the record: MAPPING_ABSENT, MAPPING_NULL, or
	 * MAPPING_OTHER when it is not an array; for an array, each(arg, k,
	 * &value) for the "value" of every entry k whose action_type is the
	 * string type (value MAPPING_ABSENT when it has none), in order, then
	 * MAPPING_LIST; -1 as soon as each() returns non-zero.
	 */
	int (*entries)(void *ctx, const char *list, const char *type,
	               int (*each)(void *arg, size_t k, const struct mapping_value *v), void *arg);
};

/*
 * Computes every metric of m, in order, from the record r reads, into
 * out[0 .. mapping_count(m) - 1]: MAPPING_NULL, MAPPING_INTEGER or
 * MAPPING_REAL, the values mapping_apply() stores.  The renames are the
 * reader's business.  0, or -1 with e set as mapping_apply() sets it.
 */
int mapping_eval(const struct mapping *m, const struct mapping_reader *r, struct mapping_value *out,
                 struct error *e);

/* The number of renames. */
size_t mapping_renames(const struct mapping *m);

#endif
