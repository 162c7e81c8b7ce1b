/*
 * store_impl.h - what lib/store.c dispatches to: the SQLite store
 * (store_sqlite.c) and the PostgreSQL store (store_pg.c), each the whole
 * of store.h's contract for its engine.  Only store*.c include this.
 */
#ifndef METASYNC_STORE_IMPL_H
#define METASYNC_STORE_IMPL_H

#include <jansson.h>

#include "buf.h"
#include "error.h"
#include "jscan.h"
#include "keytab.h"
#include "schema.h"
#include "store.h"

struct sqlite_store;
struct pg_store;

struct sqlite_store *sqlite_store_open(const char *path, struct error *e);
void sqlite_store_close(struct sqlite_store **s);
int sqlite_store_begin(struct sqlite_store *s, struct error *e);
int sqlite_store_commit(struct sqlite_store *s, struct error *e);
void sqlite_store_rollback(struct sqlite_store *s);
int sqlite_store_upsert_scanned(struct sqlite_store *s, const char *stream, const struct jscan *j,
                                size_t rec, int *changed, struct error *e);
int sqlite_store_upsert(struct sqlite_store *s, const char *stream, json_t *record, int *changed,
                        struct error *e);
int sqlite_store_save_state(struct sqlite_store *s, json_t *value, struct error *e);
json_t *sqlite_store_load_state(struct sqlite_store *s, struct error *e);
int sqlite_store_knows(struct sqlite_store *s, const char *stream);
int sqlite_store_define_metrics(struct sqlite_store *s, const struct store_metric *m, size_t n,
                                struct error *e);
int sqlite_store_mark_days(struct sqlite_store *s, const struct store_progress *p, long since,
                           long until, struct error *e);
int sqlite_store_fetched_days(struct sqlite_store *s, const struct store_progress *p, long since,
                              long until, unsigned char *done, struct error *e);
int sqlite_store_run_completed(struct sqlite_store *s, const struct store_progress *p, long until,
                               struct error *e);
int sqlite_store_last_run(struct sqlite_store *s, const struct store_progress *p, long *until,
                          struct error *e);
int sqlite_store_get_block(struct sqlite_store *s, const char *account, double *until,
                           struct error *e);
int sqlite_store_set_block(struct sqlite_store *s, const char *account, double until,
                           struct error *e);
int sqlite_store_account_offset(struct sqlite_store *s, const char *account, double *hours,
                                struct error *e);
int sqlite_store_run_stamp(struct sqlite_store *s, const char *account, char *out, size_t size,
                           struct error *e);
int sqlite_store_insight_attribution(struct sqlite_store *s, json_t *record, char *out,
                                     size_t size, struct error *e);
json_t *sqlite_store_account_currencies(struct sqlite_store *s, struct error *e);
json_t *sqlite_store_unnamed_objects(struct sqlite_store *s, const char *account,
                                     const char *kind, struct error *e);

/*
 * The same for PostgreSQL, plus its account locks (advisory locks on the
 * store's connection).  Without libpq (no HAVE_LIBPQ) pg_store_open()
 * fails with EXIT_USAGE and nothing else is ever called.
 */
struct pg_store *pg_store_open(const char *conninfo, struct error *e);
void pg_store_close(struct pg_store **s);
int pg_store_begin(struct pg_store *s, struct error *e);
int pg_store_commit(struct pg_store *s, struct error *e);
void pg_store_rollback(struct pg_store *s);
int pg_store_upsert_scanned(struct pg_store *s, const char *stream, const struct jscan *j,
                            size_t rec, int *changed, struct error *e);
int pg_store_upsert(struct pg_store *s, const char *stream, json_t *record, int *changed,
                    struct error *e);
long pg_store_changes(struct pg_store *s);
int pg_store_save_state(struct pg_store *s, json_t *value, struct error *e);
json_t *pg_store_load_state(struct pg_store *s, struct error *e);
int pg_store_knows(struct pg_store *s, const char *stream);
int pg_store_define_metrics(struct pg_store *s, const struct store_metric *m, size_t n,
                            struct error *e);
int pg_store_mark_days(struct pg_store *s, const struct store_progress *p, long since, long until,
                       struct error *e);
int pg_store_fetched_days(struct pg_store *s, const struct store_progress *p, long since,
                          long until, unsigned char *done, struct error *e);
int pg_store_run_completed(struct pg_store *s, const struct store_progress *p, long until,
                           struct error *e);
int pg_store_last_run(struct pg_store *s, const struct store_progress *p, long *until,
                      struct error *e);
int pg_store_get_block(struct pg_store *s, const char *account, double *until, struct error *e);
int pg_store_set_block(struct pg_store *s, const char *account, double until, struct error *e);
int pg_store_account_offset(struct pg_store *s, const char *account, double *hours,
                            struct error *e);
int pg_store_run_stamp(struct pg_store *s, const char *account, char *out, size_t size,
                       struct error *e);
int pg_store_insight_attribution(struct pg_store *s, json_t *record, char *out, size_t size,
                                 struct error *e);
json_t *pg_store_account_currencies(struct pg_store *s, struct error *e);
json_t *pg_store_unnamed_objects(struct pg_store *s, const char *account, const char *kind,
                                 struct error *e);
int pg_store_lock_account(struct pg_store *s, const char *account, struct error *e);
void pg_store_unlock_account(struct pg_store *s, const char *account);

/*
 * store_sqlite.c's record helpers, shared so both stores check and store
 * a record's values alike: a value against its column (EXIT_DATAERR);
 * JSON text compact; a value compact with sorted keys; the members whose
 * key tokens are keys[] as one object, sorted.
 */
/* A table's columns as a record is sorted into them: n of them, found by name in names. */
struct store_columns {
	const struct schema_table *t;
	const struct keytab *names;  /* column name -> index, metrics after the schema's */
	const size_t *key;           /* the key columns' indices, in key order */
	size_t n;
};

/* The key tokens of a record's members without a column; kept from one record to the next. */
struct store_extra {
	size_t *keys;
	size_t n, cap;
};

/*
 * Record token rec of j sorted into c's columns: val[i] gets the value
 * token of column i (0 when absent), x the keys of the other members
 * (scratch unescapes escaped keys).  Fails with EXIT_DATAERR naming a key
 * field that is missing or null.
 */
int store_split_record(const struct store_columns *c, const struct jscan *j, size_t rec,
                       struct buf *scratch, size_t *val, struct store_extra *x, struct error *e);
int store_check_value(const struct schema_column *c, const struct jscan *j, size_t v,
                      struct error *e);
void store_put_compact(struct buf *out, const char *p, size_t n);
void store_put_sorted(const struct jscan *j, size_t v, struct buf *out);
void store_put_members(const struct jscan *j, const size_t *keys, size_t n, struct buf *out);

#endif
