/*
 * store.h - the database behind meta-load: tables from schema.h, created
 * and migrated by version; one prepared INSERT ... ON CONFLICT DO UPDATE
 * per table on its natural key, which only touches a row whose content
 * changed; the last Singer STATE kept in table sync_state.
 *
 * Writes happen inside a transaction that store_begin() opens (lazily, on
 * the first write, if the caller did not) and store_commit() ends.
 *
 * One thread at a time may use a store (SQLite does not lock for it).
 *
 * Two engines behind the one interface (lib/store.c picks by the --db
 * value): SQLite, a file; PostgreSQL, a "postgresql://" or "postgres://"
 * URL, with the same tables, keys and views.  PostgreSQL's upserts are
 * gathered and written as one batch when the transaction commits (or the
 * batch is full), so a failure of the batch is reported by
 * store_commit().
 */
#ifndef METASYNC_STORE_H
#define METASYNC_STORE_H

#include <jansson.h>

#include "error.h"
#include "jscan.h"

#define STORE_SCHEMA_VERSION 6

struct store; /* opaque */

/*
 * Opens (creating and migrating) the database db: a PostgreSQL database
 * when db starts with "postgresql://" or "postgres://" (passed to libpq
 * as it is, so libpq's PG* environment variables and service files fill
 * in what it leaves out; its password is registered with the log's
 * redaction first); otherwise the SQLite file at path db.  Without libpq
 * at build time a URL fails with EXIT_USAGE.
 */
struct store *store_open(const char *db, struct error *e);
/* Whether db names a PostgreSQL database (see store_open()). */
int store_is_postgres(const char *db);
/* Rolls back what is not committed, closes, and sets *s to NULL. */
void store_close(struct store **s);

int store_begin(struct store *s, struct error *e);
int store_commit(struct store *s, struct error *e);
/* Drops what the open transaction wrote, if any. */
void store_rollback(struct store *s);

/*
 * Upserts the record whose object is token rec of j (see jscan.h: the
 * text j scanned, a RECORD line of the stream, stays as it is meanwhile)
 * into the stream's table, straight from the text.  Columns come from the
 * record's fields of the same names, found through a table of names built
 * once; every other field goes to `extra`, a JSON object with sorted keys;
 * an insights record's action lists go to their columns as the record
 * writes them (compact), and its mapped metrics to theirs.  Strings are
 * stored unescaped, numbers as numbers.  A record that cannot be a row
 * (unknown stream, a key field missing, a value of the wrong type for its
 * column: a string where a number belongs, an object where a string does,
 * an action list that is not one) fails with EXIT_DATAERR naming the
 * field; database failures with EXIT_OTHER.  *changed is set to whether a
 * row changed.
 */
int store_upsert_scanned(struct store *s, const char *stream, const struct jscan *j, size_t rec,
                         int *changed, struct error *e);

/*
 * The same for record (borrowed), as the line meta-transform writes for
 * it (singer_dump()) would be stored: what meta-backfill stores is what
 * the pipeline meta-transform | meta-load stores.
 */
int store_upsert(struct store *s, const char *stream, json_t *record, int *changed,
                 struct error *e);

/*
 * The rows this store changed since it opened.  A batching store
 * (PostgreSQL) counts a batch's rows when it is written, so its upserts
 * set *changed to 0 and only this count is right.
 */
long store_changes(struct store *s);

/*
 * Saves a STATE value (borrowed) as the latest state, in the open
 * transaction, merged into the saved one (bookmarks of other accounts and
 * streams stay).
 */
int store_save_state(struct store *s, json_t *value, struct error *e);

/* Whether stream has a table. */
int store_knows(struct store *s, const char *stream);

/* A derived metric of the mapping: a sum, or num / den (names of fields or metrics). */
struct store_metric {
	const char *name;
	int ratio;
	const char *num, *den;
};

/*
 * Records the mapping's metrics (table metric_defs) in a short transaction
 * of its own: a REAL column of insights each (added when missing; columns
 * of metrics an earlier mapping had stay), and the views remade to show
 * them, sums summed and ratios divided from the sums.  Nothing is written
 * when they are already recorded as given.
 */
int store_define_metrics(struct store *s, const struct store_metric *m, size_t n,
                         struct error *e);
/* A new reference to the latest saved state value, or NULL when none. */
json_t *store_load_state(struct store *s, struct error *e);

/* What meta-backfill's progress is kept for: an account's rows at a level with a breakdown set. */
struct store_progress {
	const char *account;     /* act_ id */
	const char *level;
	const char *breakdowns;  /* a sorted comma list, "" or NULL for none */
};

/*
 * meta-backfill's progress, one row per day fetched (table backfill_days):
 * marks the days [since, until] of p as fetched now, in the open
 * transaction, so they commit with their rows.
 */
int store_mark_days(struct store *s, const struct store_progress *p, long since, long until,
                    struct error *e);
/* Fills done[0..until-since] with whether each day of [since, until] was fetched. */
int store_fetched_days(struct store *s, const struct store_progress *p, long since, long until,
                       unsigned char *done, struct error *e);
/*
 * The last run of p that completed (table backfill_runs):
 * store_run_completed() records its last day, in the open transaction;
 * store_last_run() reads it into *until, -1 when no run has completed.
 */
int store_run_completed(struct store *s, const struct store_progress *p, long until,
                        struct error *e);
int store_last_run(struct store *s, const struct store_progress *p, long *until, struct error *e);

/*
 * A rate-limit block Meta announced for account that outlasted a run
 * (table rate_blocks): store_get_block() reads its end (seconds since the
 * epoch) into *until, 0 when none; store_set_block() records it in the
 * open transaction, or clears it when until is 0.
 */
int store_get_block(struct store *s, const char *account, double *until, struct error *e);
int store_set_block(struct store *s, const char *account, double until, struct error *e);

/*
 * The account audit (schema version 5).  store_insight_attribution():
 * whether the insights row of record's key (level, object_id, date_start,
 * date_stop, breakdown_key; record borrowed) is stored with an
 * attribution_setting: 1 with it copied to out, 0 when there is no such
 * row or it has none, -1 with e set.  store_account_currencies(): a new
 * object {"USD": ["act_1", ...], ...} of the accounts table's currencies.
 */
int store_insight_attribution(struct store *s, json_t *record, char *out, size_t size,
                              struct error *e);
json_t *store_account_currencies(struct store *s, struct error *e);

/*
 * A new array of the ids of kind's objects ("campaigns", "adsets", "ads")
 * that account's insights rows name but table kind lacks: deleted objects,
 * which the entity edges never list.  NULL with e set on failure.
 */
json_t *store_unnamed_objects(struct store *s, const char *account, const char *kind,
                              struct error *e);

/* The account's timezone_offset_hours_utc from table accounts; 0 if unknown. */
int store_account_offset(struct store *s, const char *account, double *hours, struct error *e);

/*
 * A stamp of account's completed runs (the latest completed_at of table
 * backfill_runs) into out, "" when none: a run that finds it changed
 * since it started knows another run completed the account meanwhile.
 */
int store_run_stamp(struct store *s, const char *account, char *out, size_t size,
                    struct error *e);

/*
 * An account's lock, so one account is fetched by one run at a time,
 * whichever host runs it: flock on "<db>.<act_id>.lock" for SQLite (the
 * kernel releases it when the process ends); for PostgreSQL a session
 * advisory lock on a hash of the account id, held on the store's
 * connection (the server releases it when the connection ends).  Returns
 * 1 when taken (or already held by this store), 0 when another process or
 * host holds it, -1 on failure.  Held until store_unlock_account() or
 * store_close().
 */
int store_lock_account(struct store *s, const char *account, struct error *e);
void store_unlock_account(struct store *s, const char *account);

#endif
