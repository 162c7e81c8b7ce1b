#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "mapping.h"
#include "util.h"

#if JSON_INTEGER_IS_LONG_LONG
#define INTEGER_MAX LLONG_MAX
#define INTEGER_MIN LLONG_MIN
#else
#define INTEGER_MAX LONG_MAX
#define INTEGER_MIN LONG_MIN
#endif

/* A mapping file is a few hundred bytes; the cap stops `--map /dev/zero` from reading forever. */
#define MAPPING_FILE_MAX (1024 * 1024)

/*
 * One term, split once at parse time.  text is the term with its colon
 * replaced by a NUL: list and name point into it.
 */
struct term {
	char *text;
	const char *list;  /* LIST of LIST:ACTION_TYPE; NULL for a plain name */
	const char *name;  /* the action type, or the field or earlier metric */
	long metric;       /* the earlier metric the field (LIST, or name) is, or -1 */
};

struct metric {
	char *name;
	int is_ratio;
	struct term *terms;  /* a sum's terms, or a ratio's numerator and denominator */
	size_t nterms;
	struct term *alt;    /* the "else" terms of a sum */
	size_t nalt;
};

struct rename {
	char *from, *to;
};

struct mapping {
	struct metric *metrics;
	size_t count;
	struct rename *renames;
	size_t nrenames;
};

/* The default is a mapping file like any other, checked by the same code; metasync-map(5) shows it. */
static const char default_text[] =
	"{\"version\": 1, \"metrics\": [\n"
	" {\"name\": \"purchases\", \"sum\": [\"actions:omni_purchase\"]},\n"
	" {\"name\": \"revenue\", \"sum\": [\"action_values:omni_purchase\"]},\n"
	" {\"name\": \"roas\", \"ratio\": [\"revenue\", \"spend\"]},\n"
	" {\"name\": \"link_clicks\", \"sum\": [\"inline_link_clicks\"],"
	" \"else\": [\"actions:link_click\"]}\n"
	"]}\n";

/* ---- Where in the text: the line of a value, found after jansson accepted the text. */

/*
 * jansson gives positions for syntax errors only; a parsed json_t does not
 * remember where it came from.  So a semantic error is located by walking
 * the text again along the path of the offending value (keys and array
 * indices, as the checks know it: metrics[3].sum[1]).  The text is JSON
 * jansson accepted, without duplicate keys, so a tokenizer that only
 * skips strings, scalars and nested containers is enough; it still never
 * reads past the end, whatever it is given.
 */
struct step {
	const char *key;  /* an object key, or NULL for element index of an array */
	size_t index;
};

struct scan {
	const char *p, *end;
	long line;
};

static void
scan_space(struct scan *s)
{
	for (; s->p < s->end; s->p++) {
		if (*s->p == '\n')
			s->line++;
		else if (*s->p != ' ' && *s->p != '\t' && *s->p != '\r')
			break;
	}
}

/* s->p is at an opening quote: moves past the closing one. */
static void
scan_string(struct scan *s)
{
	for (s->p++; s->p < s->end && *s->p != '"'; s->p++)
		if (*s->p == '\\' && s->p + 1 < s->end)
			s->p++;
	if (s->p < s->end)
		s->p++;
}

static int
is_delimiter(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ':' ||
	       c == ']' || c == '}' || c == '[' || c == '{' || c == '"';
}

/* Moves past one value: a string, a scalar, or a whole array or object. */
static void
scan_value(struct scan *s)
{
	int depth = 0;

	do {
		scan_space(s);
		if (s->p >= s->end)
			return;
		switch (*s->p) {
		case '"':
			scan_string(s);
			break;
		case '[': case '{':
			depth++;
			s->p++;
			break;
		case ']': case '}':
			depth--;
			s->p++;
			break;
		case ',': case ':':
			s->p++;
			break;
		default:
			do
				s->p++;
			while (s->p < s->end && !is_delimiter(*s->p));
		}
	} while (depth > 0);
}

/* Whether the string token raw[0..n) (quotes included) decodes to key. */
static int
token_is(const char *raw, size_t n, const char *key)
{
	json_t *decoded;
	int same;

	if (n < 2)
		return 0;
	if (memchr(raw, '\\', n) == NULL)
		return n - 2 == strlen(key) && memcmp(raw + 1, key, n - 2) == 0;
	/* An escaped key ("\u0073um"): let jansson decode it rather than a second decoder. */
	decoded = json_loadb(raw, n, JSON_DECODE_ANY, NULL);
	same = json_is_string(decoded) && strcmp(json_string_value(decoded), key) == 0;
	json_decref(decoded);
	return same;
}

/*
 * The line where the value at path starts, or where its key starts when
 * the last step is a key (so "unknown key" points at the key).  When the
 * path is not there, the line the walk got to.
 */
static long
locate(const char *text, size_t len, const struct step *path, size_t depth)
{
	struct scan s = { text, text + len, 1 };
	size_t d, i;

	scan_space(&s);
	for (d = 0; d < depth; d++) {
		if (s.p >= s.end)
			break;
		if (path[d].key != NULL) {
			const char *start;
			long line;
			int found;

			if (*s.p != '{')
				break;
			s.p++;
			for (;;) {
				scan_space(&s);
				if (s.p >= s.end || *s.p != '"')
					return s.line;
				start = s.p;
				line = s.line;
				scan_string(&s);
				found = token_is(start, (size_t)(s.p - start), path[d].key);
				scan_space(&s);
				if (s.p < s.end && *s.p == ':')
					s.p++;
				scan_space(&s);
				if (found)
					break;
				scan_value(&s);
				scan_space(&s);
				if (s.p >= s.end || *s.p != ',')
					return s.line;
				s.p++;
			}
			if (d + 1 == depth)
				return line;
		} else {
			if (*s.p != '[')
				break;
			s.p++;
			for (i = 0;; i++) {
				scan_space(&s);
				if (s.p >= s.end || *s.p == ']')
					return s.line;
				if (i == path[d].index)
					break;
				scan_value(&s);
				scan_space(&s);
				if (s.p >= s.end || *s.p != ',')
					return s.line;
				s.p++;
			}
		}
	}
	return s.line;
}

/* ---- Checking and compiling a mapping. */

struct parse {
	const char *text;
	size_t len;
	const char *file;
	const char *const *reserved;
	json_t *metrics;  /* the "metrics" array, borrowed; NULL when absent */
	json_t *rename;   /* the "rename" object, borrowed; NULL when absent */
	struct mapping *m;
	struct error *e;
};

/* Fails the parse: "FILE:LINE: message", LINE that of the value at path. Returns -1. */
static int __attribute__((format(printf, 4, 5)))
bad(struct parse *ps, const struct step *path, size_t depth, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	error_set(ps->e, EXIT_USAGE, "%s:%ld: %s", ps->file,
	          locate(ps->text, ps->len, path, depth), buf_str(&msg));
	buf_free(&msg);
	return -1;
}

/* [a-z][a-z0-9_]*: a name that is a column name in SQLite and PostgreSQL without quoting. */
static int
is_name(const char *s)
{
	if (*s < 'a' || *s > 'z')
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int
is_reserved(const struct parse *ps, const char *name)
{
	const char *const *r;

	for (r = ps->reserved; r != NULL && *r != NULL; r++)
		if (strcmp(*r, name) == 0)
			return 1;
	return 0;
}

/* The name of metric j as the file has it, or NULL. */
static const char *
metric_name_at(const struct parse *ps, size_t j)
{
	return json_string_value(json_object_get(json_array_get(ps->metrics, j), "name"));
}

/* The target of a rename of from, or NULL. */
static const char *
renamed_to(const struct parse *ps, const char *from)
{
	return json_string_value(json_object_get(ps->rename, from));
}

#define STRING(x) #x
#define STRING_OF(x) STRING(x)

/* Why name may not be a metric's or a rename's new name, or NULL when it may. */
static const char *
name_problem(const struct parse *ps, const char *name)
{
	if (!is_name(name))
		return "is not a valid name (a lowercase letter, then lowercase letters, digits and '_')";
	if (strlen(name) > MAPPING_NAME_MAX)
		return "is longer than " STRING_OF(MAPPING_NAME_MAX) " characters";
	if (is_reserved(ps, name))
		return "is a reserved column name";
	return NULL;
}

static int
parse_renames(struct parse *ps)
{
	const char *from, *other, *why;
	json_t *to, *v;
	size_t i, n;

	if (ps->rename == NULL)
		return 0;
	if (!json_is_object(ps->rename))
		return bad(ps, (struct step[]){ { "rename", 0 } }, 1,
		           "\"rename\" is not an object of field: new_name");
	ps->m->renames = xcalloc(json_object_size(ps->rename) + 1, sizeof *ps->m->renames);
	json_object_foreach(ps->rename, from, to) {
		struct step at[] = { { "rename", 0 }, { from, 0 } };

		if (!json_is_string(to))
			return bad(ps, at, 2, "rename of '%s': the new name is not a string", from);
		if (*from == '\0')
			return bad(ps, at, 2, "rename: empty field name");
		/* Renaming away a key or a Graph metric would empty its column. */
		if (is_reserved(ps, from))
			return bad(ps, at, 2, "rename of '%s': '%s' is a reserved column name", from, from);
		if ((why = name_problem(ps, json_string_value(to))) != NULL)
			return bad(ps, at, 2, "rename of '%s': '%s' %s", from, json_string_value(to), why);
		/* Renames happen at once: a chain a -> b -> c would depend on their order. */
		if (renamed_to(ps, json_string_value(to)) != NULL)
			return bad(ps, at, 2, "rename of '%s': '%s' is itself renamed", from,
			           json_string_value(to));
		json_object_foreach(ps->rename, other, v) {
			if (strcmp(other, from) == 0)
				break;
			if (strcmp(json_string_value(v), json_string_value(to)) == 0)
				return bad(ps, at, 2, "rename of '%s': '%s' is also the new name of '%s'",
				           from, json_string_value(to), other);
		}
		for (i = 0, n = json_array_size(ps->metrics); i < n; i++) {
			const char *name = metric_name_at(ps, i);
			if (name != NULL && strcmp(name, json_string_value(to)) == 0)
				return bad(ps, at, 2, "rename of '%s': '%s' is also a metric", from, name);
			if (name != NULL && strcmp(name, from) == 0)
				return bad(ps, at, 2, "rename of '%s': a metric has that name", from);
		}
		ps->m->renames[ps->m->nrenames].from = xstrdup(from);
		ps->m->renames[ps->m->nrenames].to = xstrdup(json_string_value(to));
		ps->m->nrenames++;
	}
	return 0;
}

/* The metric before metric i named name (a record field it replaces once computed), or -1. */
static long
earlier_metric(const struct parse *ps, size_t i, const char *name)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (metric_name_at(ps, j) != NULL && strcmp(metric_name_at(ps, j), name) == 0)
			return (long)j;
	return -1;
}

/*
 * Compiles term v of metric i (the value at path at[0..depth)) into t.
 * plain: only a field or earlier metric will do (the terms of a ratio).
 */
static int
parse_term(struct parse *ps, size_t i, const char *metric, json_t *v, int plain, struct term *t,
           const struct step *at, size_t depth)
{
	const char *s = json_string_value(v), *colon, *p;
	size_t j, n;

	if (s == NULL)
		return bad(ps, at, depth, "metric '%s': a term is not a string", metric);
	colon = strchr(s, ':');
	if (colon != NULL) {
		if (plain)
			return bad(ps, at, depth, "metric '%s': '%s': a ratio divides fields or metrics, "
			           "not LIST:ACTION_TYPE", metric, s);
		t->text = xstrdup(s);
		t->text[colon - s] = '\0';
		t->list = t->text;
		t->name = t->text + (colon - s) + 1;
		if (!is_name(t->list))
			return bad(ps, at, depth, "metric '%s': term '%s': '%s' is not a valid list name",
			           metric, s, t->list);
		if (*t->name == '\0')
			return bad(ps, at, depth, "metric '%s': term '%s': no action type after ':'", metric, s);
		/* A stray space would make a term that never matches, silently. */
		for (p = t->name; *p; p++)
			if ((unsigned char)*p <= ' ' || *p == 0x7f)
				return bad(ps, at, depth, "metric '%s': term '%s': a space or control "
				           "character in the action type", metric, s);
		if (renamed_to(ps, t->list) != NULL)
			return bad(ps, at, depth, "metric '%s': term '%s': '%s' is renamed to '%s' "
			           "before the metrics are computed", metric, s, t->list,
			           renamed_to(ps, t->list));
		t->metric = earlier_metric(ps, i, t->list);
		return 0;
	}
	t->text = xstrdup(s);
	t->name = t->text;
	if (!is_name(s))
		return bad(ps, at, depth, "metric '%s': term '%s' is neither LIST:ACTION_TYPE nor a "
		           "field name", metric, s);
	if (renamed_to(ps, s) != NULL)
		return bad(ps, at, depth, "metric '%s': term '%s': '%s' is renamed to '%s' before the "
		           "metrics are computed", metric, s, s, renamed_to(ps, s));
	/* A metric sees the record with only the metrics before it set. */
	for (j = i, n = json_array_size(ps->metrics); j < n; j++) {
		const char *later = metric_name_at(ps, j);
		if (later == NULL || strcmp(later, s) != 0)
			continue;
		if (j == i)
			return bad(ps, at, depth, "metric '%s': refers to itself", metric);
		return bad(ps, at, depth, "metric '%s': '%s' is a metric defined later (line %ld): "
		           "define it first", metric, s,
		           locate(ps->text, ps->len, (struct step[]){ { "metrics", 0 }, { NULL, j } }, 2));
	}
	t->metric = earlier_metric(ps, i, s);
	return 0;
}

/* Compiles the terms of metric i's key ("sum", "else" or "ratio") into *terms. */
static int
parse_terms(struct parse *ps, size_t i, const char *metric, const char *key, struct term **terms,
            size_t *nterms)
{
	json_t *list = json_object_get(json_array_get(ps->metrics, i), key), *v, *w;
	struct step at[] = { { "metrics", 0 }, { NULL, i }, { key, 0 }, { NULL, 0 } };
	int ratio = strcmp(key, "ratio") == 0;
	size_t j, k;

	if (ratio && (!json_is_array(list) || json_array_size(list) != 2))
		return bad(ps, at, 3, "metric '%s': \"ratio\" is not a list of two names", metric);
	if (!json_is_array(list) || json_array_size(list) == 0)
		return bad(ps, at, 3, "metric '%s': \"%s\" is not a non-empty list of terms", metric, key);
	*terms = xcalloc(json_array_size(list), sizeof **terms);
	*nterms = json_array_size(list);
	json_array_foreach(list, j, v) {
		at[3].index = j;
		if (parse_term(ps, i, metric, v, ratio, &(*terms)[j], at, 4) != 0)
			return -1;
		/* A term twice counts twice: always a mistake in a sum. */
		for (k = 0; k < j && !ratio; k++) {
			w = json_array_get(list, k);
			if (json_equal(v, w))
				return bad(ps, at, 4, "metric '%s': term '%s' is there twice", metric,
				           json_string_value(v));
		}
	}
	return 0;
}

static int
parse_metric(struct parse *ps, size_t i)
{
	json_t *obj = json_array_get(ps->metrics, i), *v;
	struct step at[] = { { "metrics", 0 }, { NULL, i }, { NULL, 0 } };
	struct metric *mt = &ps->m->metrics[i];
	const char *key, *name, *other, *why;
	size_t j;

	if (!json_is_object(obj))
		return bad(ps, at, 2, "metrics[%zu] is not an object", i);
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "name") != 0 && strcmp(key, "sum") != 0 && strcmp(key, "else") != 0 &&
		    strcmp(key, "ratio") != 0) {
			at[2].key = key;
			if ((name = json_string_value(json_object_get(obj, "name"))) != NULL)
				return bad(ps, at, 3, "metric '%s': unknown key '%s' (expected name, sum, "
				           "else, ratio)", name, key);
			return bad(ps, at, 3, "metrics[%zu]: unknown key '%s' (expected name, sum, "
			           "else, ratio)", i, key);
		}
	}
	at[2].key = "name";
	if ((v = json_object_get(obj, "name")) == NULL)
		return bad(ps, at, 2, "metrics[%zu] has no \"name\"", i);
	if ((name = json_string_value(v)) == NULL)
		return bad(ps, at, 3, "metrics[%zu]: \"name\" is not a string", i);
	if ((why = name_problem(ps, name)) != NULL)
		return bad(ps, at, 3, "metric name '%s' %s", name, why);
	for (j = 0; j < i; j++) {
		struct step first[] = { { "metrics", 0 }, { NULL, j }, { "name", 0 } };

		if ((other = metric_name_at(ps, j)) != NULL && strcmp(other, name) == 0)
			return bad(ps, at, 3, "metric '%s' is defined twice (first at line %ld)", name,
			           locate(ps->text, ps->len, first, 3));
	}
	mt->name = xstrdup(name);
	if (json_object_get(obj, "sum") != NULL && json_object_get(obj, "ratio") != NULL)
		return bad(ps, at, 2, "metric '%s' has both \"sum\" and \"ratio\"", name);
	if (json_object_get(obj, "ratio") != NULL) {
		if (json_object_get(obj, "else") != NULL) {
			at[2].key = "else";
			return bad(ps, at, 3, "metric '%s': \"else\" goes with \"sum\", not \"ratio\"", name);
		}
		mt->is_ratio = 1;
		return parse_terms(ps, i, name, "ratio", &mt->terms, &mt->nterms);
	}
	if (json_object_get(obj, "sum") == NULL)
		return bad(ps, at, 2, "metric '%s' has neither \"sum\" nor \"ratio\"", name);
	if (parse_terms(ps, i, name, "sum", &mt->terms, &mt->nterms) != 0)
		return -1;
	if (json_object_get(obj, "else") != NULL)
		return parse_terms(ps, i, name, "else", &mt->alt, &mt->nalt);
	return 0;
}

static int
parse_root(struct parse *ps, json_t *root)
{
	json_t *v;
	const char *key;
	size_t i;

	if (!json_is_object(root))
		return bad(ps, NULL, 0, "not a JSON object");
	json_object_foreach(root, key, v)
		if (strcmp(key, "version") != 0 && strcmp(key, "metrics") != 0 &&
		    strcmp(key, "rename") != 0)
			return bad(ps, (struct step[]){ { key, 0 } }, 1,
			           "unknown key '%s' (expected version, metrics, rename)", key);
	v = json_object_get(root, "version");
	if (v == NULL)
		return bad(ps, NULL, 0, "no \"version\" (this is version %d)", MAPPING_VERSION);
	if (!json_is_integer(v) || json_integer_value(v) != MAPPING_VERSION)
		return bad(ps, (struct step[]){ { "version", 0 } }, 1,
		           "unsupported version (metasync reads version %d)", MAPPING_VERSION);
	ps->metrics = json_object_get(root, "metrics");
	ps->rename = json_object_get(root, "rename");
	if (ps->metrics != NULL && !json_is_array(ps->metrics))
		return bad(ps, (struct step[]){ { "metrics", 0 } }, 1, "\"metrics\" is not a list");
	if (parse_renames(ps) != 0)
		return -1;
	ps->m->metrics = xcalloc(json_array_size(ps->metrics) + 1, sizeof *ps->m->metrics);
	for (i = 0; i < json_array_size(ps->metrics); i++) {
		ps->m->count++;
		if (parse_metric(ps, i) != 0)
			return -1;
	}
	return 0;
}

struct mapping *
mapping_parse(const char *text, size_t len, const char *name, const char *const *reserved,
              struct error *e)
{
	struct parse ps = { text, len, name, reserved, NULL, NULL, NULL, e };
	json_error_t jerr;
	json_t *root;

	/* Duplicate keys are rejected: {"sum": [...], "sum": [...]} would keep only one. */
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (jerr.column > 0)
			error_set(e, EXIT_USAGE, "%s:%d:%d: %s", name, jerr.line > 0 ? jerr.line : 1,
			          jerr.column, jerr.text);
		else
			error_set(e, EXIT_USAGE, "%s:%d: %s", name, jerr.line > 0 ? jerr.line : 1, jerr.text);
		return NULL;
	}
	ps.m = xcalloc(1, sizeof *ps.m);
	if (parse_root(&ps, root) != 0)
		mapping_free(&ps.m);
	json_decref(root);
	return ps.m;
}

struct mapping *
mapping_load(const char *path, const char *const *reserved, struct error *e)
{
	struct buf text = BUF_INIT;
	struct mapping *m = NULL;
	char chunk[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		error_set(e, EXIT_USAGE, "cannot open mapping file '%s': %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && text.len <= MAPPING_FILE_MAX)
		buf_append(&text, chunk, n);
	if (ferror(f))
		error_set(e, EXIT_USAGE, "cannot read mapping file '%s': %s", path, strerror(errno));
	else if (text.len > MAPPING_FILE_MAX)
		error_set(e, EXIT_USAGE, "mapping file '%s': larger than %d bytes", path, MAPPING_FILE_MAX);
	else
		m = mapping_parse(buf_str(&text), text.len, path, reserved, e);
	fclose(f);
	buf_free(&text);
	return m;
}

struct mapping *
mapping_default(void)
{
	struct error e = { 0 };
	struct mapping *m = mapping_parse(default_text, sizeof default_text - 1, "(default mapping)",
	                                  NULL, &e);

	/* The text is ours: failing here is a bug, caught by the first test run. */
	if (m == NULL) {
		fprintf(stderr, "mapping: the default mapping does not parse: %s\n", e.msg);
		abort();
	}
	return m;
}

static void
free_terms(struct term *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].text);
	free(t);
}

void
mapping_free(struct mapping **mp)
{
	struct mapping *m = *mp;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->count; i++) {
		free(m->metrics[i].name);
		free_terms(m->metrics[i].terms, m->metrics[i].nterms);
		free_terms(m->metrics[i].alt, m->metrics[i].nalt);
	}
	free(m->metrics);
	for (i = 0; i < m->nrenames; i++) {
		free(m->renames[i].from);
		free(m->renames[i].to);
	}
	free(m->renames);
	free(m);
	*mp = NULL;
}

size_t
mapping_count(const struct mapping *m)
{
	return m->count;
}

const char *
mapping_name(const struct mapping *m, size_t i)
{
	return i < m->count ? m->metrics[i].name : NULL;
}

int
mapping_is_ratio(const struct mapping *m, size_t i)
{
	return i < m->count && m->metrics[i].is_ratio;
}

const char *
mapping_ratio_term(const struct mapping *m, size_t i, int den)
{
	if (!mapping_is_ratio(m, i))
		return NULL;
	return m->metrics[i].terms[den ? 1 : 0].name;
}

/* ---- Applying a mapping to a record: once per insight row, so no parsing, no scratch memory. */

/*
 * A running sum.  The integer is kept beside the double so that counts
 * (purchases, link_clicks) stay integers, as their terms are, until it
 * would overflow.
 */
struct sum {
	int present;  /* a term was there */
	int integer;  /* every term so far was an integer, and i has not overflowed */
	json_int_t i;
	double d;
};

static void
sum_add(struct sum *s, const struct mapping_value *v)
{
	if (!s->present) {
		s->present = 1;
		s->integer = 1;
	}
	if (v->kind == MAPPING_INTEGER) {
		json_int_t x = v->i;

		if (s->integer && ((x > 0 && s->i > INTEGER_MAX - x) || (x < 0 && s->i < INTEGER_MIN - x)))
			s->integer = 0;
		else if (s->integer)
			s->i += x;
		s->d += (double)x;
	} else {
		s->integer = 0;
		s->d += v->d;
	}
}

/* What add_term() hands the reader for the entries of a list. */
struct list_sum {
	const struct metric *mt;
	const struct term *t;
	struct sum *s;
	struct error *e;
};

static int
add_entry(void *arg, size_t k, const struct mapping_value *v)
{
	struct list_sum *ls = arg;

	if (v->kind == MAPPING_ABSENT || v->kind == MAPPING_NULL)
		return 0;
	if (v->kind != MAPPING_INTEGER && v->kind != MAPPING_REAL)
		return error_set(ls->e, EXIT_DATAERR, "metric '%s': field '%s[%zu].value': not a number",
		                 ls->mt->name, ls->t->list, k), -1;
	sum_add(ls->s, v);
	return 0;
}

/*
 * Adds the value of term t (of metric mt) in the record r reads to s;
 * done[] holds the metrics computed so far, which replace the fields of
 * their names.
 */
static int
add_term(const struct metric *mt, const struct term *t, const struct mapping_reader *r,
         const struct mapping_value *done, struct sum *s, struct error *e)
{
	struct mapping_value v;
	struct list_sum ls = { mt, t, s, e };
	int kind;

	if (t->list == NULL) {
		if (t->metric >= 0)
			v = done[t->metric];
		else
			r->field(r->ctx, t->name, &v);
		if (v.kind == MAPPING_ABSENT || v.kind == MAPPING_NULL)
			return 0;
		if (v.kind != MAPPING_INTEGER && v.kind != MAPPING_REAL)
			return error_set(e, EXIT_DATAERR, "metric '%s': field '%s': not a number",
			                 mt->name, t->name), -1;
		sum_add(s, &v);
		return 0;
	}
	/*
	 * Every entry of the type counts: with action breakdowns (action_device,
	 * ...) Graph splits one type over several entries.  The attribution
	 * windows beside "value" are parts of it, not more of it.
	 */
	kind = t->metric >= 0 ? (int)done[t->metric].kind : r->entries(r->ctx, t->list, t->name, add_entry, &ls);
	if (kind < 0)
		return -1;
	if (kind == MAPPING_ABSENT || kind == MAPPING_NULL || kind == MAPPING_LIST)
		return 0;
	return error_set(e, EXIT_DATAERR, "metric '%s': field '%s': not a list of actions",
	                 mt->name, t->list), -1;
}

static int
add_terms(const struct metric *mt, const struct term *t, size_t n, const struct mapping_reader *r,
          const struct mapping_value *done, struct sum *s, struct error *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (add_term(mt, &t[i], r, done, s, e) != 0)
			return -1;
	return 0;
}

/* The value of metric mt into *out: a number, or null; -1 with e set. */
static int
compute(const struct metric *mt, const struct mapping_reader *r, const struct mapping_value *done,
        struct mapping_value *out, struct error *e)
{
	struct sum a = { 0 }, b = { 0 };

	memset(out, 0, sizeof *out);
	out->kind = MAPPING_NULL;
	if (mt->is_ratio) {
		if (add_term(mt, &mt->terms[0], r, done, &a, e) != 0 ||
		    add_term(mt, &mt->terms[1], r, done, &b, e) != 0)
			return -1;
		if (!a.present || !b.present || b.d == 0)
			return 0;
		a.integer = 0;
		a.d /= b.d;
	} else {
		if (add_terms(mt, mt->terms, mt->nterms, r, done, &a, e) != 0)
			return -1;
		/* The else terms replace a sum of nothing or of zeros; when they are missing too, a 0 stays a 0. */
		if ((!a.present || a.d == 0) && mt->nalt > 0) {
			if (add_terms(mt, mt->alt, mt->nalt, r, done, &b, e) != 0)
				return -1;
			if (b.present)
				a = b;
		}
		if (!a.present)
			return 0;
		if (a.integer) {
			out->kind = MAPPING_INTEGER;
			out->i = a.i;
			return 0;
		}
	}
	if (!isfinite(a.d))
		return error_set(e, EXIT_DATAERR, "metric '%s': the result is too large for a number",
		                 mt->name), -1;
	out->kind = MAPPING_REAL;
	out->d = a.d;
	return 0;
}

int
mapping_eval(const struct mapping *m, const struct mapping_reader *r, struct mapping_value *out,
             struct error *e)
{
	size_t i;

	for (i = 0; i < m->count; i++)
		if (compute(&m->metrics[i], r, out, &out[i], e) != 0)
			return -1;
	return 0;
}

size_t
mapping_renames(const struct mapping *m)
{
	return m->nrenames;
}

/* The number v is, as a mapping term sees it. */
static void
json_value(json_t *v, struct mapping_value *out)
{
	memset(out, 0, sizeof *out);
	if (v == NULL)
		out->kind = MAPPING_ABSENT;
	else if (json_is_null(v))
		out->kind = MAPPING_NULL;
	else if (json_is_integer(v)) {
		out->kind = MAPPING_INTEGER;
		out->i = json_integer_value(v);
	} else if (json_is_real(v)) {
		out->kind = MAPPING_REAL;
		out->d = json_real_value(v);
	} else
		out->kind = MAPPING_OTHER;
}

static void
json_field(void *ctx, const char *name, struct mapping_value *v)
{
	json_value(json_object_get(ctx, name), v);
}

static int
json_entries(void *ctx, const char *list, const char *type,
             int (*each)(void *arg, size_t k, const struct mapping_value *v), void *arg)
{
	json_t *v = json_object_get(ctx, list), *entry;
	struct mapping_value value;
	size_t k;

	if (v == NULL)
		return MAPPING_ABSENT;
	if (json_is_null(v))
		return MAPPING_NULL;
	if (!json_is_array(v))
		return MAPPING_OTHER;
	json_array_foreach(v, k, entry) {
		const char *t = json_string_value(json_object_get(entry, "action_type"));

		if (t == NULL || strcmp(t, type) != 0)
			continue;
		json_value(json_object_get(entry, "value"), &value);
		if (each(arg, k, &value) != 0)
			return -1;
	}
	return MAPPING_LIST;
}

int
mapping_apply(const struct mapping *m, json_t *record, struct error *e)
{
	struct mapping_reader r = { record, json_field, json_entries };
	struct mapping_value small[16], *out;
	const struct rename *rn;
	json_t *v, *old;
	size_t i;
	int rc = -1;

	/* All renames first: the metrics see the record with its new names. */
	for (i = 0; i < m->nrenames; i++) {
		rn = &m->renames[i];
		if ((v = json_object_get(record, rn->from)) == NULL)
			continue;
		/* A null is a column meta-transform filled in for a missing metric: not data. */
		old = json_object_get(record, rn->to);
		if (old != NULL && !json_is_null(old))
			return error_set(e, EXIT_DATAERR, "field '%s': cannot rename it to '%s': "
			                 "the record has a '%s'", rn->from, rn->to, rn->to), -1;
		json_object_set(record, rn->to, v);
		json_object_del(record, rn->from);
	}
	out = m->count <= 16 ? small : xcalloc(m->count, sizeof *out);
	if (mapping_eval(m, &r, out, e) == 0) {
		for (i = 0; i < m->count; i++)
			json_object_set_new(record, m->metrics[i].name,
			                    out[i].kind == MAPPING_INTEGER ? json_integer(out[i].i)
			                    : out[i].kind == MAPPING_REAL ? json_real(out[i].d) : json_null());
		rc = 0;
	}
	if (out != small)
		free(out);
	return rc;
}
