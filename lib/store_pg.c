/*
 * store_pg.c - store.h on PostgreSQL, through libpq.
 *
 * The tables are schema.h's, their SQL types derived from its column
 * types (integer: bigint, number: numeric, JSON and action lists: jsonb,
 * a text column named "date" or "date_*": date), created when missing and
 * given the columns they lack at every open, so a table or column added
 * to schema.c reaches PostgreSQL without an edit here.  The version of the
 * rest (views, progress tables) is kept in table schema_version.  Opens
 * that migrate serialise on a transaction-scoped advisory lock, so hosts
 * starting together on a new database do not race.
 *
 * Records are not sent one by one: each table gathers its rows as COPY
 * text, and a commit (or a full batch) copies them into a temporary
 * table, then merges them with one INSERT ... SELECT ... ON CONFLICT DO
 * UPDATE ... WHERE the row differs.  The server's transaction begins only
 * then, so it never waits on the caller's input or on the network.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"

#ifndef HAVE_LIBPQ

struct pg_store *
pg_store_open(const char *conninfo, struct error *e)
{
	(void)conninfo;
	error_set(e, EXIT_USAGE, "this build has no PostgreSQL support (libpq was not found when "
	          "it was built); --db takes a SQLite file");
	return NULL;
}

/* Never called: nothing opens a pg_store without libpq. */
void pg_store_close(struct pg_store **s) { (void)s; }
int pg_store_begin(struct pg_store *s, struct error *e) { (void)s; (void)e; return -1; }
int pg_store_commit(struct pg_store *s, struct error *e) { (void)s; (void)e; return -1; }
void pg_store_rollback(struct pg_store *s) { (void)s; }
int pg_store_upsert_scanned(struct pg_store *s, const char *stream, const struct jscan *j,
                            size_t rec, int *changed, struct error *e)
{ (void)s; (void)stream; (void)j; (void)rec; (void)changed; (void)e; return -1; }
int pg_store_upsert(struct pg_store *s, const char *stream, json_t *record, int *changed,
                    struct error *e)
{ (void)s; (void)stream; (void)record; (void)changed; (void)e; return -1; }
long pg_store_changes(struct pg_store *s) { (void)s; return 0; }
int pg_store_save_state(struct pg_store *s, json_t *value, struct error *e)
{ (void)s; (void)value; (void)e; return -1; }
json_t *pg_store_load_state(struct pg_store *s, struct error *e) { (void)s; (void)e; return NULL; }
int pg_store_knows(struct pg_store *s, const char *stream) { (void)s; (void)stream; return 0; }
int pg_store_define_metrics(struct pg_store *s, const struct store_metric *m, size_t n,
                            struct error *e)
{ (void)s; (void)m; (void)n; (void)e; return -1; }
int pg_store_mark_days(struct pg_store *s, const struct store_progress *p, long since, long until,
                       struct error *e)
{ (void)s; (void)p; (void)since; (void)until; (void)e; return -1; }
int pg_store_fetched_days(struct pg_store *s, const struct store_progress *p, long since,
                          long until, unsigned char *done, struct error *e)
{ (void)s; (void)p; (void)since; (void)until; (void)done; (void)e; return -1; }
int pg_store_run_completed(struct pg_store *s, const struct store_progress *p, long until,
                           struct error *e)
{ (void)s; (void)p; (void)until; (void)e; return -1; }
int pg_store_last_run(struct pg_store *s, const struct store_progress *p, long *until,
                      struct error *e)
{ (void)s; (void)p; (void)until; (void)e; return -1; }
int pg_store_get_block(struct pg_store *s, const char *account, double *until, struct error *e)
{ (void)s; (void)account; (void)until; (void)e; return -1; }
int pg_store_set_block(struct pg_store *s, const char *account, double until, struct error *e)
{ (void)s; (void)account; (void)until; (void)e; return -1; }
int pg_store_account_offset(struct pg_store *s, const char *account, double *hours,
                            struct error *e)
{ (void)s; (void)account; (void)hours; (void)e; return -1; }
int pg_store_run_stamp(struct pg_store *s, const char *account, char *out, size_t size,
                       struct error *e)
{ (void)s; (void)account; (void)out; (void)size; (void)e; return -1; }
int pg_store_insight_attribution(struct pg_store *s, json_t *record, char *out, size_t size,
                                 struct error *e)
{ (void)s; (void)record; (void)out; (void)size; (void)e; return -1; }
json_t *pg_store_account_currencies(struct pg_store *s, struct error *e)
{ (void)s; (void)e; return NULL; }
json_t *pg_store_unnamed_objects(struct pg_store *s, const char *account, const char *kind,
                                 struct error *e)
{ (void)s; (void)account; (void)kind; (void)e; return NULL; }
int pg_store_lock_account(struct pg_store *s, const char *account, struct error *e)
{ (void)s; (void)account; (void)e; return -1; }
void pg_store_unlock_account(struct pg_store *s, const char *account) { (void)s; (void)account; }

#else

#include <time.h>

#include <libpq-fe.h>

#include "date.h"
#include "keytab.h"
#include "pgconn.h"
#include "singer.h"
#include "util.h"

/* The advisory locks' first key: ours, apart from other applications' ("meta"). */
#define PG_LOCK_CLASS 1835365473
/* The second key of the lock that serialises migrations (accounts hash to others). */
#define PG_LOCK_MIGRATE 0
/* A table's gathered rows are merged once they reach this size, commit or not. */
#define PG_BATCH_BYTES (16u << 20)

struct pg_metric {
	char *name;
	int ratio;
	char *num, *den;
};

/* A table, its column names, and the rows gathered for its next merge. */
struct pg_table {
	const struct schema_table *t;
	struct keytab names;   /* column name -> index, the metrics after the schema's */
	size_t ncols, nmetrics;
	size_t *key;           /* the key columns' indices */
	struct buf rows;       /* COPY text */
	size_t nrows;
	char *copy_sql, *merge_sql, *merge_last_sql, *truncate_sql;
	/* The batch's keys, hashed, to know whether one came twice (the merge must then pick). */
	uint64_t *seen;
	size_t seen_cap;
	int repeated;
};

struct pg_store {
	PGconn *conn;
	char *label;           /* "database NAME on HOST", for messages: never the password */
	int in_tx;             /* the caller's transaction is open */
	int server_tx;         /* and BEGIN was sent */
	struct pg_table *tables;
	size_t ntables;
	struct pg_metric *metrics;
	size_t nmetrics;
	char **locks;          /* accounts whose advisory lock this connection holds */
	size_t nlocks;
	long changes;
	/* The record being gathered: reused from one to the next. */
	size_t *val;
	size_t ncap;
	struct store_extra extra;
	struct buf row, text;
	struct jscan scan;
	struct buf dump;
	time_t now;
	char now_text[32];
};

static int
fail(struct pg_store *s, struct error *e, const char *what)
{
	return pgconn_fail(s->conn, s->label, what, e);
}

/* Runs sql (no parameters, any number of statements); -1 with e set on failure. */
static int
exec(struct pg_store *s, const char *sql, struct error *e)
{
	PGresult *r = PQexec(s->conn, sql);
	int st = PQresultStatus(r), rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = fail(s, e, "statement failed");
	PQclear(r);
	return rc;
}

/* Runs sql with n text parameters; a result to PQclear(), or NULL with e set. */
static PGresult *
query(struct pg_store *s, const char *sql, int n, const char *const *params, struct error *e)
{
	PGresult *r = PQexecParams(s->conn, sql, n, NULL, params, NULL, NULL, 0);
	int st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fail(s, e, "statement failed");
		PQclear(r);
		return NULL;
	}
	return r;
}

/* The same when only success matters. */
static int
command(struct pg_store *s, const char *sql, int n, const char *const *params, struct error *e)
{
	PGresult *r = query(s, sql, n, params, e);

	PQclear(r);
	return r ? 0 : -1;
}

/* The server side of the caller's transaction, begun at its first write. */
static int
server_begin(struct pg_store *s, struct error *e)
{
	if (s->server_tx)
		return 0;
	if (exec(s, "BEGIN", e) != 0)
		return -1;
	s->server_tx = 1;
	return 0;
}

static const char *
sql_type(const struct schema_column *c)
{
	switch (c->type) {
	case SCHEMA_INTEGER: return "bigint";
	case SCHEMA_NUMBER:  return "numeric";
	case SCHEMA_JSON:
	case SCHEMA_ACTIONS: return "jsonb";
	default:
		return strcmp(c->name, "date") == 0 || strncmp(c->name, "date_", 5) == 0 ? "date" : "text";
	}
}

static void
create_table_sql(struct buf *sql, const struct schema_table *t)
{
	const struct schema_column *c;
	const char *const *k;

	buf_printf(sql, "CREATE TABLE IF NOT EXISTS %s (\n", t->stream);
	for (c = t->columns; c->name; c++)
		buf_printf(sql, "  %s %s%s,\n", c->name, sql_type(c),
		           schema_is_key(t, c->name) ? " NOT NULL" : "");
	buf_puts(sql, "  extra jsonb,\n  synced_at timestamptz NOT NULL,\n  PRIMARY KEY (");
	for (k = t->key; *k; k++)
		buf_printf(sql, "%s%s", k == t->key ? "" : ", ", *k);
	buf_puts(sql, "));\n");
}

static const char progress_tables[] =
	"CREATE TABLE IF NOT EXISTS backfill_days (account_id text NOT NULL, level text NOT NULL,\n"
	"  breakdowns text NOT NULL DEFAULT '', date date NOT NULL, fetched_at timestamptz NOT NULL,\n"
	"  PRIMARY KEY (account_id, level, breakdowns, date));\n"
	"CREATE TABLE IF NOT EXISTS backfill_runs (account_id text NOT NULL, level text NOT NULL,\n"
	"  breakdowns text NOT NULL DEFAULT '', until date NOT NULL, completed_at timestamptz NOT NULL,\n"
	"  PRIMARY KEY (account_id, level, breakdowns));\n"
	"CREATE TABLE IF NOT EXISTS rate_blocks (account_id text PRIMARY KEY,\n"
	"  until_epoch double precision NOT NULL, until timestamptz NOT NULL,\n"
	"  recorded_at timestamptz NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS metric_defs (name text PRIMARY KEY, kind text NOT NULL,\n"
	"  num text, den text, position bigint NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS sync_state (name text PRIMARY KEY, value jsonb NOT NULL,\n"
	"  updated_at timestamptz NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS insights_by_date ON insights (account_id, date_start);\n";

/* The default mapping, as store_sqlite.c records it for a new database. */
static const char default_metrics[] =
	"INSERT INTO metric_defs (name, kind, num, den, position) VALUES\n"
	"  ('link_clicks', 'sum', NULL, NULL, 0), ('purchases', 'sum', NULL, NULL, 1),\n"
	"  ('revenue', 'sum', NULL, NULL, 2), ('roas', 'ratio', 'revenue', 'spend', 3)\n"
	"  ON CONFLICT (name) DO NOTHING;\n";

/* ---- views: the PostgreSQL dialect of store_sqlite.c's ---- */

#define WINDOW_KEY "(key ~ '^[0-9]' OR key IN ('dda', 'inline', 'default') OR key ~ '^skan_')"

static void
actions_view_sql(struct buf *sql)
{
	const struct schema_column *c;
	int first = 1;

	buf_puts(sql, "CREATE VIEW insight_actions AS\n");
	for (c = schema_find("insights")->columns; c->name; c++) {
		if (c->type != SCHEMA_ACTIONS)
			continue;
		buf_printf(sql, "%sSELECT i.level, i.object_id, i.account_id, i.campaign_id, i.adset_id, "
		           "i.ad_id, i.date_start, i.date_stop, i.breakdown_key, text '%s' AS field,\n"
		           "  e.value->>'action_type' AS action_type,\n"
		           "  COALESCE((SELECT string_agg(key || '=' || (value #>> '{}'), '|' ORDER BY key) "
		           "FROM jsonb_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT "
		           WINDOW_KEY "), '') AS action_key,\n"
		           "  (e.value->>'value')::numeric AS value,\n"
		           "  (SELECT jsonb_object_agg(key, value) FROM jsonb_each(e.value) WHERE "
		           WINDOW_KEY ") AS windows\n"
		           "FROM insights i, jsonb_array_elements(i.%s) e\n", first ? "" : "UNION ALL\n",
		           c->name, c->name);
		first = 0;
	}
	buf_puts(sql, ";\n");
}

static const struct {
	const char *level, *view, *idcol, *entity, *entity_id;
} rollups[] = {
	{ "ad", NULL, "ad_id", "ads", "id" },
	{ "adset", "adset_daily", "adset_id", "adsets", "id" },
	{ "campaign", "campaign_daily", "campaign_id", "campaigns", "id" },
	{ "account", "account_daily", "account_id", "accounts", "account_id" },
};
#define NROLLUPS (sizeof rollups / sizeof rollups[0])

static const char *const summed[] = { "spend", "impressions", "clicks", "inline_link_clicks",
                                      "unique_clicks", NULL };

static const char *const breakdown_columns[] = {
	"publisher_platform", "platform_position", "impression_device", "device_platform",
	"age", "gender", "country", "region", NULL,
};

static int
is_summed(const char *name)
{
	const char *const *p;

	for (p = summed; *p; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}

static void
metrics_sql(struct buf *sql, const struct pg_metric *m, size_t nm)
{
	size_t i;

	for (i = 0; i < nm; i++) {
		if (m[i].ratio)
			buf_printf(sql, ",\n  CASE WHEN m.%s > 0 THEN 1.0 * COALESCE(m.%s, 0) / m.%s END AS %s",
			           m[i].den, m[i].num, m[i].den, m[i].name);
		else
			buf_printf(sql, ", COALESCE(m.%s, 0) AS %s", m[i].name, m[i].name);
	}
	buf_puts(sql, ",\n"
	         "  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,\n"
	         "  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,\n"
	         "  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm");
}

static void
sums_sql(struct buf *sql, const struct pg_metric *m, size_t nm)
{
	const struct schema_table *ins = schema_find("insights");
	const char *const *p;
	size_t i;

	for (p = summed; *p; p++)
		buf_printf(sql, ", SUM(b.%s) AS %s", *p, *p);
	for (i = 0; i < nm; i++) {
		if (!m[i].ratio)
			buf_printf(sql, ", SUM(b.%s) AS %s", m[i].name, m[i].name);
		if (m[i].ratio && !is_summed(m[i].num) && schema_column(ins, m[i].num))
			buf_printf(sql, ", SUM(b.%s) AS %s", m[i].num, m[i].num);
		if (m[i].ratio && !is_summed(m[i].den) && schema_column(ins, m[i].den))
			buf_printf(sql, ", SUM(b.%s) AS %s", m[i].den, m[i].den);
	}
}

/* The finest level fetched at or below rollups[r] that day (see store_sqlite.c). */
static void
src_level_sql(struct buf *sql, size_t r)
{
	size_t l;

	buf_puts(sql, "CASE");
	for (l = 0; l < r; l++)
		buf_printf(sql, " WHEN bool_or(level = '%s') THEN '%s'", rollups[l].level, rollups[l].level);
	buf_printf(sql, " ELSE '%s' END AS level\n  FROM base WHERE level IN (", rollups[r].level);
	for (l = 0; l <= r; l++)
		buf_printf(sql, "%s'%s'", l ? ", " : "", rollups[l].level);
}

static void
rollup_view_sql(struct buf *sql, size_t r, const struct pg_metric *m, size_t nm)
{
	const char *const *p;

	/*
	 * base NOT MATERIALIZED: inlined where it is used, so a query's filter
	 * on date or account reaches the insights table instead of the whole
	 * table being copied first (3x faster on 30 days of 180,000 rows).
	 */
	buf_printf(sql, "CREATE VIEW %s AS\n"
	           "WITH base AS NOT MATERIALIZED (SELECT * FROM insights WHERE breakdown_key = '' "
	           "AND date_start = date_stop),\n"
	           "src AS (SELECT account_id, date_start AS date, ", rollups[r].view);
	src_level_sql(sql, r);
	buf_printf(sql, ") GROUP BY account_id, date_start),\n"
	           "m AS (SELECT b.%s AS id, b.account_id, b.date_start AS date", rollups[r].idcol);
	sums_sql(sql, m, nm);
	buf_printf(sql, "\n  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = "
	           "b.date_start AND src.level = b.level\n"
	           "  GROUP BY b.%s, b.account_id, b.date_start),\n"
	           "own AS (SELECT object_id AS id, date_start AS date, reach, frequency FROM base "
	           "WHERE level = '%s'),\n"
	           "days AS (SELECT DISTINCT account_id, date FROM src),\n"
	           "ids AS (SELECT %s AS id, account_id FROM %s UNION SELECT id, account_id FROM m)\n"
	           "SELECT ids.id AS %s, ", rollups[r].idcol, rollups[r].level, rollups[r].entity_id,
	           rollups[r].entity, rollups[r].idcol);
	if (r != NROLLUPS - 1)
		buf_puts(sql, "ids.account_id, ");
	buf_printf(sql, "%s.name AS name, days.date", rollups[r].entity);
	for (p = summed; *p; p++)
		buf_printf(sql, ", COALESCE(m.%s, 0) AS %s", *p, *p);
	buf_puts(sql, ",\n  own.reach, own.frequency");
	metrics_sql(sql, m, nm);
	buf_printf(sql, "\n"
	           "FROM ids JOIN days ON days.account_id = ids.account_id\n"
	           "LEFT JOIN %s ON %s.%s = ids.id\n"
	           "LEFT JOIN m ON m.id = ids.id AND m.date = days.date\n"
	           "LEFT JOIN own ON own.id = ids.id AND own.date = days.date\n"
	           "WHERE ids.id IS NOT NULL;\n", rollups[r].entity, rollups[r].entity,
	           rollups[r].entity_id);
}

static void
breakdown_view_sql(struct buf *sql, size_t r, const struct pg_metric *m, size_t nm)
{
	const char *const *p;

	buf_printf(sql, "CREATE VIEW %s_by_breakdown AS\n"
	           "WITH base AS NOT MATERIALIZED (SELECT *, (SELECT string_agg(key, ',' ORDER BY key) FROM "
	           "jsonb_each(breakdowns)) AS bset\n"
	           "  FROM insights WHERE breakdown_key != '' AND date_start = date_stop),\n"
	           "src AS (SELECT account_id, date_start AS date, bset, ", rollups[r].view);
	src_level_sql(sql, r);
	buf_printf(sql, ") GROUP BY account_id, date_start, bset),\n"
	           "m AS (SELECT b.%s AS id, b.account_id, b.date_start AS date, b.bset, b.breakdown_key, "
	           "b.breakdowns", rollups[r].idcol);
	sums_sql(sql, m, nm);
	buf_printf(sql, "\n  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = "
	           "b.date_start AND src.bset = b.bset AND src.level = b.level\n"
	           "  GROUP BY b.%s, b.account_id, b.date_start, b.breakdown_key, b.bset, b.breakdowns)\n"
	           "SELECT m.id AS %s, ", rollups[r].idcol, rollups[r].idcol);
	if (r != NROLLUPS - 1)
		buf_puts(sql, "m.account_id, ");
	buf_printf(sql, "%s.name AS name, m.date, m.bset AS breakdowns, m.breakdown_key",
	           rollups[r].entity);
	for (p = breakdown_columns; *p; p++)
		buf_printf(sql, ", m.breakdowns->>'%s' AS %s", *p, *p);
	for (p = summed; *p; p++)
		buf_printf(sql, ", COALESCE(m.%s, 0) AS %s", *p, *p);
	metrics_sql(sql, m, nm);
	buf_printf(sql, "\nFROM m LEFT JOIN %s ON %s.%s = m.id;\n", rollups[r].entity,
	           rollups[r].entity, rollups[r].entity_id);
}

static void
free_metrics(struct pg_metric *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].num);
		free(m[i].den);
	}
	free(m);
}

static struct pg_metric *
read_metrics(struct pg_store *s, size_t *n, struct error *e)
{
	PGresult *r = query(s, "SELECT name, kind, num, den FROM metric_defs ORDER BY position, name",
	                    0, NULL, e);
	struct pg_metric *m;
	int i;

	*n = 0;
	if (r == NULL)
		return NULL;
	m = xcalloc((size_t)PQntuples(r) + 1, sizeof *m);
	for (i = 0; i < PQntuples(r); i++) {
		m[i].name = xstrdup(PQgetvalue(r, i, 0));
		m[i].ratio = strcmp(PQgetvalue(r, i, 1), "ratio") == 0;
		m[i].num = PQgetisnull(r, i, 2) ? NULL : xstrdup(PQgetvalue(r, i, 2));
		m[i].den = PQgetisnull(r, i, 3) ? NULL : xstrdup(PQgetvalue(r, i, 3));
	}
	*n = (size_t)PQntuples(r);
	PQclear(r);
	return m;
}

/* (Re)creates every view, and the metric columns they show, in the open transaction. */
static int
create_views(struct pg_store *s, struct error *e)
{
	struct buf sql = BUF_INIT;
	struct pg_metric *m;
	size_t n, r, i;
	int rc;

	if ((m = read_metrics(s, &n, e)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		buf_printf(&sql, "ALTER TABLE insights ADD COLUMN IF NOT EXISTS %s numeric;\n", m[i].name);
	buf_puts(&sql, "DROP VIEW IF EXISTS insight_actions;\n");
	for (r = 1; r < NROLLUPS; r++)
		buf_printf(&sql, "DROP VIEW IF EXISTS %s;\nDROP VIEW IF EXISTS %s_by_breakdown;\n",
		           rollups[r].view, rollups[r].view);
	actions_view_sql(&sql);
	for (r = 1; r < NROLLUPS; r++) {
		rollup_view_sql(&sql, r, m, n);
		breakdown_view_sql(&sql, r, m, n);
	}
	rc = exec(s, buf_str(&sql), e);
	buf_free(&sql);
	free_metrics(m, n);
	return rc;
}

/* Adds the columns of schema.h that the database's tables lack; *added counts them. */
static int
add_missing_columns(struct pg_store *s, int *added, struct error *e)
{
	PGresult *r = query(s, "SELECT table_name::text, column_name::text FROM information_schema.columns "
	                    "WHERE table_schema = current_schema()", 0, NULL, e);
	const struct schema_table *t;
	const struct schema_column *c;
	struct buf sql = BUF_INIT;
	int i, rc;

	*added = 0;
	if (r == NULL)
		return -1;
	for (t = schema_tables(); t->stream; t++)
		for (c = t->columns; c->name; c++) {
			for (i = 0; i < PQntuples(r); i++)
				if (strcmp(PQgetvalue(r, i, 0), t->stream) == 0 &&
				    strcmp(PQgetvalue(r, i, 1), c->name) == 0)
					break;
			if (i < PQntuples(r))
				continue;
			buf_printf(&sql, "ALTER TABLE %s ADD COLUMN %s %s;\n", t->stream, c->name, sql_type(c));
			(*added)++;
		}
	PQclear(r);
	rc = *added ? exec(s, buf_str(&sql), e) : 0;
	buf_free(&sql);
	return rc;
}

static int
migrate(struct pg_store *s, struct error *e)
{
	struct buf sql = BUF_INIT;
	const struct schema_table *t;
	PGresult *r = NULL;
	int version = 0, added = 0, rc = -1;
	char lock[96];

	snprintf(lock, sizeof lock, "BEGIN; SELECT pg_advisory_xact_lock(%d, %d);", PG_LOCK_CLASS,
	         PG_LOCK_MIGRATE);
	if (exec(s, lock, e) != 0 ||
	    exec(s, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)", e) != 0 ||
	    (r = query(s, "SELECT max(version) FROM schema_version", 0, NULL, e)) == NULL)
		goto out;
	if (!PQgetisnull(r, 0, 0))
		version = atoi(PQgetvalue(r, 0, 0));
	if (version > STORE_SCHEMA_VERSION) {
		error_set(e, EXIT_OTHER, "%s has schema version %d, newer than this meta-load knows (%d)",
		          s->label, version, STORE_SCHEMA_VERSION);
		goto out;
	}
	for (t = schema_tables(); t->stream; t++)
		create_table_sql(&sql, t);
	buf_puts(&sql, progress_tables);
	if (exec(s, buf_str(&sql), e) != 0 || add_missing_columns(s, &added, e) != 0)
		goto out;
	if (version < STORE_SCHEMA_VERSION) {
		buf_reset(&sql);
		buf_printf(&sql, "%sDELETE FROM schema_version; INSERT INTO schema_version VALUES (%d);",
		           default_metrics, STORE_SCHEMA_VERSION);
		if (exec(s, buf_str(&sql), e) != 0)
			goto out;
	}
	/* Later versions: `if (version >= 4 && version < 5) { ... }` here, in this transaction. */
	if ((version < STORE_SCHEMA_VERSION || added) && create_views(s, e) != 0)
		goto out;
	rc = exec(s, "COMMIT", e);
out:
	if (rc != 0)
		exec(s, "ROLLBACK", NULL);
	PQclear(r);
	buf_free(&sql);
	return rc;
}

/* ---- the batched upserts ---- */

static void
name_columns(struct pg_store *s, struct pg_table *pt)
{
	const struct schema_column *c;
	const char *const *k;
	size_t i, n, nm = strcmp(pt->t->stream, "insights") == 0 ? s->nmetrics : 0;

	keytab_free(&pt->names);
	for (c = pt->t->columns, n = 0; c->name; c++, n++)
		keytab_add(&pt->names, c->name, (int)n);
	pt->ncols = n;
	for (i = 0; i < nm; i++)
		keytab_add(&pt->names, s->metrics[i].name, (int)(n + i));
	pt->nmetrics = nm;
	free(pt->key);
	for (k = pt->t->key, n = 0; *k; k++)
		n++;
	pt->key = xcalloc(n + 1, sizeof *pt->key);
	for (k = pt->t->key, i = 0; *k; k++, i++)
		pt->key[i] = (size_t)keytab_find(&pt->names, *k, strlen(*k), jscan_hash(*k, strlen(*k)));
	if (s->ncap < pt->ncols + nm) {
		s->ncap = pt->ncols + nm;
		s->val = xrealloc(s->val, s->ncap * sizeof *s->val);
	}
}

/* The column list of pt, metrics included: "a, b, ..., extra, synced_at". */
static void
column_list(struct pg_store *s, const struct pg_table *pt, const char *prefix, struct buf *sql)
{
	const struct schema_column *c;
	size_t i;

	for (c = pt->t->columns; c->name; c++)
		buf_printf(sql, "%s%s, ", prefix, c->name);
	for (i = 0; i < pt->nmetrics; i++)
		buf_printf(sql, "%s%s, ", prefix, s->metrics[i].name);
	buf_printf(sql, "%sextra, %ssynced_at", prefix, prefix);
}

/*
 * The batch table of pt (temporary, with an ordinal so the last of two
 * rows of one key in a batch wins, as it would one row at a time) and the
 * statements that fill it and merge it.
 */
static int
prepare_table(struct pg_store *s, struct pg_table *pt, struct error *e)
{
	const struct schema_table *t = pt->t;
	const struct schema_column *c;
	const char *const *k;
	struct buf sql = BUF_INIT, keys = BUF_INIT, cols = BUF_INIT, list = BUF_INIT;
	size_t i;
	int rc;

	name_columns(s, pt);
	column_list(s, pt, "", &list);
	for (k = t->key; *k; k++)
		buf_printf(&keys, "%s%s", k == t->key ? "" : ", ", *k);
	buf_printf(&sql, "DROP TABLE IF EXISTS pg_temp.batch_%s; CREATE TEMPORARY TABLE batch_%s "
	           "(LIKE %s, batch_seq bigserial)", t->stream, t->stream, t->stream);
	rc = exec(s, buf_str(&sql), e);
	buf_reset(&sql);
	free(pt->copy_sql);
	buf_printf(&sql, "COPY batch_%s (", t->stream);
	column_list(s, pt, "", &sql);
	buf_puts(&sql, ") FROM STDIN");
	pt->copy_sql = xstrdup(buf_str(&sql));
	free(pt->truncate_sql);
	pt->truncate_sql = xasprintf("TRUNCATE batch_%s", t->stream);
	buf_reset(&sql);
	buf_printf(&sql, "\nON CONFLICT (%s) DO UPDATE SET ", buf_str(&keys));
	for (c = t->columns; c->name; c++)
		if (!schema_is_key(t, c->name))
			buf_printf(&sql, "%s = excluded.%s, ", c->name, c->name);
	for (i = 0; i < pt->nmetrics; i++)
		buf_printf(&sql, "%s = excluded.%s, ", s->metrics[i].name, s->metrics[i].name);
	buf_puts(&sql, "extra = excluded.extra, synced_at = excluded.synced_at\nWHERE (t.extra");
	for (c = t->columns; c->name; c++)
		if (!schema_is_key(t, c->name))
			buf_printf(&sql, ", t.%s", c->name);
	for (i = 0; i < pt->nmetrics; i++)
		buf_printf(&sql, ", t.%s", s->metrics[i].name);
	buf_puts(&sql, ") IS DISTINCT FROM (excluded.extra");
	for (c = t->columns; c->name; c++)
		if (!schema_is_key(t, c->name))
			buf_printf(&sql, ", excluded.%s", c->name);
	for (i = 0; i < pt->nmetrics; i++)
		buf_printf(&sql, ", excluded.%s", s->metrics[i].name);
	buf_puts(&sql, ")");
	/* The batch as it is, or, when a key came twice, the last row of each key. */
	free(pt->merge_sql);
	free(pt->merge_last_sql);
	buf_printf(&cols, "INSERT INTO %s AS t (", t->stream);
	column_list(s, pt, "", &cols);
	buf_puts(&cols, ")\nSELECT ");
	pt->merge_sql = xasprintf("%s%s FROM batch_%s%s", buf_str(&cols), buf_str(&list), t->stream,
	                          buf_str(&sql));
	pt->merge_last_sql = xasprintf("%sDISTINCT ON (%s) %s FROM batch_%s ORDER BY %s, batch_seq DESC%s",
	                               buf_str(&cols), buf_str(&keys), buf_str(&list), t->stream,
	                               buf_str(&keys), buf_str(&sql));
	buf_free(&sql);
	buf_free(&keys);
	buf_free(&cols);
	buf_free(&list);
	return rc;
}

/* Sends pt's gathered rows: COPY into its batch table, then the merge, in the server's transaction. */
static int
flush_table(struct pg_store *s, struct pg_table *pt, struct error *e)
{
	PGresult *r;
	int rc = 0;

	if (pt->nrows == 0)
		return 0;
	if (server_begin(s, e) != 0)
		return -1;
	r = PQexec(s->conn, pt->copy_sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		PQclear(r);
		return fail(s, e, "COPY failed");
	}
	PQclear(r);
	if (PQputCopyData(s->conn, pt->rows.data, (int)pt->rows.len) != 1 ||
	    PQputCopyEnd(s->conn, NULL) != 1)
		rc = fail(s, e, "COPY failed");
	while ((r = PQgetResult(s->conn)) != NULL) {
		if (rc == 0 && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = fail(s, e, "COPY failed");
		PQclear(r);
	}
	buf_reset(&pt->rows);
	pt->nrows = 0;
	if (rc != 0)
		return -1;
	r = PQexec(s->conn, pt->repeated ? pt->merge_last_sql : pt->merge_sql);
	pt->repeated = 0;
	if (pt->seen)
		memset(pt->seen, 0, pt->seen_cap * sizeof *pt->seen);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		return fail(s, e, "upsert failed");
	}
	/* The rows inserted or updated: those the WHERE found unchanged are not counted. */
	s->changes += atol(PQcmdTuples(r));
	PQclear(r);
	return exec(s, pt->truncate_sql, e);
}

static int
flush_all(struct pg_store *s, struct error *e)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (flush_table(s, &s->tables[i], e) != 0)
			return -1;
	return 0;
}

static void
drop_batches(struct pg_store *s)
{
	size_t i;

	for (i = 0; i < s->ntables; i++) {
		struct pg_table *pt = &s->tables[i];

		buf_reset(&pt->rows);
		pt->nrows = 0;
		pt->repeated = 0;
		if (pt->seen)
			memset(pt->seen, 0, pt->seen_cap * sizeof *pt->seen);
	}
}

/* Adds h to pt's set of keys (open addressing; 0 marks a free slot); whether it was there. */
static int
seen_before(struct pg_table *pt, uint64_t h)
{
	size_t i, mask;

	h = h ? h : 1;
	if (2 * (pt->nrows + 1) > pt->seen_cap) {
		uint64_t *old = pt->seen;
		size_t n = pt->seen_cap, k;

		pt->seen_cap = n ? 2 * n : 1024;
		pt->seen = xcalloc(pt->seen_cap, sizeof *pt->seen);
		for (k = 0; k < n; k++)
			if (old[k])
				seen_before(pt, old[k]);
		free(old);
	}
	mask = pt->seen_cap - 1;
	for (i = (size_t)h & mask; pt->seen[i]; i = (i + 1) & mask)
		if (pt->seen[i] == h)
			return 1;
	pt->seen[i] = h;
	return 0;
}

/*
 * Notes the key of the record whose column values are s->val (its text
 * as stored: strings unescaped): a batch
 * whose keys are all distinct merges without sorting them (a sort that
 * costs a third of the merge); two keys of the same 64-bit hash, equal or
 * not, make the merge keep the last row of each key.
 */
static void
note_key(struct pg_store *s, struct pg_table *pt, const struct jscan *j)
{
	uint64_t h = 14695981039346656037u;
	size_t k, i, n;
	const char *p;

	for (k = 0; pt->t->key[k]; k++) {
		size_t v = s->val[pt->key[k]];

		if (j->tok[v].flags & JSCAN_ESCAPED) {
			buf_reset(&s->text);
			n = jscan_string(j, v, buf_space(&s->text, j->tok[v].len));
			p = s->text.data;
		} else if (j->tok[v].type == JSCAN_STRING) {
			p = jscan_at(j, v) + 1;
			n = j->tok[v].len - 2;
		} else {
			p = jscan_at(j, v);
			n = j->tok[v].len;
		}
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)p[i]) * 1099511628211u;
		h = (h ^ 0xff) * 1099511628211u;
	}
	if (seen_before(pt, h))
		pt->repeated = 1;
}

struct pg_store *
pg_store_open(const char *conninfo, struct error *e)
{
	struct pg_store *s = xcalloc(1, sizeof *s);
	const struct schema_table *t;
	size_t n = 0;

	if ((s->conn = pgconn_connect(conninfo, &s->label, e)) == NULL)
		goto fail;
	if (exec(s, "SET client_min_messages = warning; SET TimeZone = 'UTC'; SET DateStyle = ISO; "
	         "SET temp_buffers = '64MB'",
	         e) != 0 || migrate(s, e) != 0 || (s->metrics = read_metrics(s, &s->nmetrics, e)) == NULL)
		goto fail;
	for (t = schema_tables(); t->stream; t++)
		n++;
	s->tables = xcalloc(n, sizeof *s->tables);
	for (t = schema_tables(); t->stream; t++) {
		s->tables[s->ntables].t = t;
		if (prepare_table(s, &s->tables[s->ntables++], e) != 0)
			goto fail;
	}
	return s;
fail:
	pg_store_close(&s);
	return NULL;
}

void
pg_store_close(struct pg_store **sp)
{
	struct pg_store *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	if (s->server_tx)
		exec(s, "ROLLBACK", NULL);
	for (i = 0; i < s->ntables; i++) {
		keytab_free(&s->tables[i].names);
		free(s->tables[i].key);
		buf_free(&s->tables[i].rows);
		free(s->tables[i].copy_sql);
		free(s->tables[i].merge_sql);
		free(s->tables[i].merge_last_sql);
		free(s->tables[i].seen);
		free(s->tables[i].truncate_sql);
	}
	free(s->tables);
	for (i = 0; i < s->nlocks; i++)
		free(s->locks[i]);
	free(s->locks);
	free_metrics(s->metrics, s->nmetrics);
	free(s->val);
	free(s->extra.keys);
	buf_free(&s->row);
	buf_free(&s->text);
	buf_free(&s->dump);
	jscan_free(&s->scan);
	/* The connection's end releases its advisory locks. */
	PQfinish(s->conn);
	free(s->label);
	free(s);
	*sp = NULL;
}

int
pg_store_begin(struct pg_store *s, struct error *e)
{
	(void)e;
	s->in_tx = 1;
	return 0;
}

int
pg_store_commit(struct pg_store *s, struct error *e)
{
	if (!s->in_tx)
		return 0;
	if (flush_all(s, e) != 0 || (s->server_tx && exec(s, "COMMIT", e) != 0)) {
		pg_store_rollback(s);
		return -1;
	}
	s->in_tx = s->server_tx = 0;
	return 0;
}

void
pg_store_rollback(struct pg_store *s)
{
	drop_batches(s);
	if (s->server_tx)
		exec(s, "ROLLBACK", NULL);
	s->in_tx = s->server_tx = 0;
}

long
pg_store_changes(struct pg_store *s)
{
	return s->changes;
}

int
pg_store_knows(struct pg_store *s, const char *stream)
{
	size_t i;

	for (i = 0; stream && i < s->ntables; i++)
		if (strcmp(s->tables[i].t->stream, stream) == 0)
			return 1;
	return 0;
}

static struct pg_table *
find_table(struct pg_store *s, const char *stream)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].t->stream, stream) == 0)
			return &s->tables[i];
	return NULL;
}

/* Appends n bytes as one field of COPY's text format: backslash, tab and line ends escaped. */
static void
put_field(struct buf *out, const char *p, size_t n)
{
	char *o = buf_space(out, 2 * n), *start = o;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		default: *o++ = p[i];
		}
	}
	buf_added(out, (size_t)(o - start));
}

/* Appends token v of j (0: absent) as the field of a column of type type. */
static void
put_value(struct pg_store *s, const struct jscan *j, size_t v, enum schema_type type)
{
	const struct jscan_token *t = &j->tok[v];
	char num[32];

	if (v == 0 || t->type == JSCAN_NULL) {
		buf_append(&s->row, "\\N", 2);
		return;
	}
	switch (t->type) {
	case JSCAN_STRING:
		buf_reset(&s->text);
		buf_added(&s->text, jscan_string(j, v, buf_space(&s->text, t->len)));
		put_field(&s->row, s->text.data, s->text.len);
		break;
	case JSCAN_REAL:
		/* A whole real in a bigint column (check_value allows it) as its integer. */
		if (type == SCHEMA_INTEGER) {
			snprintf(num, sizeof num, "%lld", (long long)jscan_real(j, v));
			buf_puts(&s->row, num);
			break;
		}
		/* fall through */
	case JSCAN_INTEGER:
		buf_append(&s->row, jscan_at(j, v), t->len);
		break;
	case JSCAN_TRUE:
	case JSCAN_FALSE:
		buf_puts(&s->row, t->type == JSCAN_TRUE ? "true" : "false");
		break;
	default:
		buf_reset(&s->text);
		if (type == SCHEMA_ACTIONS)
			store_put_compact(&s->text, jscan_at(j, v), t->len);
		else
			store_put_sorted(j, v, &s->text);
		put_field(&s->row, s->text.data, s->text.len);
	}
}

static const char *
synced_at(struct pg_store *s)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now != s->now || s->now_text[0] == '\0') {
		s->now = now;
		gmtime_r(&now, &tm);
		strftime(s->now_text, sizeof s->now_text, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	return s->now_text;
}

int
pg_store_upsert_scanned(struct pg_store *s, const char *stream, const struct jscan *j, size_t rec,
                        int *changed, struct error *e)
{
	struct pg_table *pt = find_table(s, stream);
	size_t c, n;

	*changed = 0;
	if (pt == NULL)
		return error_set(e, EXIT_DATAERR, "unknown stream '%s'", stream), -1;
	n = pt->ncols + pt->nmetrics;
	if (store_split_record(&(struct store_columns){ pt->t, &pt->names, pt->key, n }, j, rec,
	                       &s->text, s->val, &s->extra, e) != 0)
		return -1;
	buf_reset(&s->row);
	for (c = 0; c < n; c++) {
		size_t v = s->val[c];
		enum schema_type type = c < pt->ncols ? pt->t->columns[c].type : SCHEMA_NUMBER;

		if (c < pt->ncols) {
			if (store_check_value(&pt->t->columns[c], j, v, e) != 0)
				return -1;
		} else if (v && j->tok[v].type != JSCAN_NULL && j->tok[v].type != JSCAN_INTEGER &&
		           j->tok[v].type != JSCAN_REAL) {
			return error_set(e, EXIT_DATAERR, "field '%s': not a number",
			                 s->metrics[c - pt->ncols].name), -1;
		}
		put_value(s, j, v, type);
		buf_append(&s->row, "\t", 1);
	}
	if (s->extra.n) {
		buf_reset(&s->text);
		store_put_members(j, s->extra.keys, s->extra.n, &s->text);
		put_field(&s->row, s->text.data, s->text.len);
	} else {
		buf_append(&s->row, "\\N", 2);
	}
	buf_printf(&s->row, "\t%s\n", synced_at(s));
	note_key(s, pt, j);
	s->in_tx = 1;
	buf_append(&pt->rows, s->row.data, s->row.len);
	pt->nrows++;
	if (pt->rows.len >= PG_BATCH_BYTES)
		return flush_table(s, pt, e);
	return 0;
}

int
pg_store_upsert(struct pg_store *s, const char *stream, json_t *record, int *changed,
                struct error *e)
{
	*changed = 0;
	if (find_table(s, stream) == NULL)
		return error_set(e, EXIT_DATAERR, "unknown stream '%s'", stream), -1;
	buf_reset(&s->dump);
	if (!json_is_object(record) || singer_dump(record, &s->dump) != 0 ||
	    jscan_parse(&s->scan, s->dump.data, s->dump.len) != 0)
		return error_set(e, EXIT_DATAERR, "%s record: not a JSON object that can be stored",
		                 stream), -1;
	return pg_store_upsert_scanned(s, stream, &s->scan, 0, changed, e);
}

json_t *
pg_store_load_state(struct pg_store *s, struct error *e)
{
	PGresult *r = query(s, "SELECT value::text FROM sync_state WHERE name = 'singer'", 0, NULL, e);
	json_error_t jerr;
	json_t *value = NULL;

	if (r && PQntuples(r) == 1)
		value = json_loads(PQgetvalue(r, 0, 0), JSON_DECODE_ANY, &jerr);
	PQclear(r);
	return value;
}

int
pg_store_save_state(struct pg_store *s, json_t *value, struct error *e)
{
	struct error le = { 0 };
	json_t *merged;
	char *text;
	int rc;

	s->in_tx = 1;
	if (server_begin(s, e) != 0)
		return -1;
	/* Bookmarks of accounts this stream does not mention are kept, as in SQLite. */
	merged = pg_store_load_state(s, &le);
	if (le.status) {
		if (e)
			*e = le;
		return json_decref(merged), -1;
	}
	if (json_is_object(merged) && json_is_object(value))
		json_object_update_recursive(merged, value);
	else
		merged = (json_decref(merged), json_incref(value));
	text = json_dumps(merged, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(merged);
	rc = command(s, "INSERT INTO sync_state (name, value, updated_at) VALUES ('singer', $1, now()) "
	             "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
	             "updated_at = excluded.updated_at", 1, (const char *const[]){ text }, e);
	free(text);
	return rc;
}

/* ---- metrics ---- */

static int
same_metrics(const struct pg_store *s, const struct store_metric *m, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < s->nmetrics; j++)
			if (strcmp(s->metrics[j].name, m[i].name) == 0)
				break;
		if (j == s->nmetrics || s->metrics[j].ratio != m[i].ratio ||
		    (m[i].ratio && (strcmp(s->metrics[j].num, m[i].num) != 0 ||
		                    strcmp(s->metrics[j].den, m[i].den) != 0)))
			return 0;
	}
	return 1;
}

int
pg_store_define_metrics(struct pg_store *s, const struct store_metric *m, size_t n,
                        struct error *e)
{
	char lock[64], pos[24];
	size_t i;

	if (same_metrics(s, m, n))
		return 0;
	if (pg_store_commit(s, e) != 0)
		return -1;
	snprintf(lock, sizeof lock, "BEGIN; SELECT pg_advisory_xact_lock(%d, %d)", PG_LOCK_CLASS,
	         PG_LOCK_MIGRATE);
	if (exec(s, lock, e) != 0)
		return -1;
	s->server_tx = 1;
	for (i = 0; i < n; i++) {
		const char *params[5];

		snprintf(pos, sizeof pos, "%zu", i);
		params[0] = m[i].name;
		params[1] = m[i].ratio ? "ratio" : "sum";
		params[2] = m[i].ratio ? m[i].num : NULL;
		params[3] = m[i].ratio ? m[i].den : NULL;
		params[4] = pos;
		if (command(s, "INSERT INTO metric_defs (name, kind, num, den, position) VALUES "
		            "($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
		            "num = excluded.num, den = excluded.den, position = excluded.position",
		            5, params, e) != 0)
			goto fail;
	}
	if (create_views(s, e) != 0 || exec(s, "COMMIT", e) != 0)
		goto fail;
	s->server_tx = 0;
	free_metrics(s->metrics, s->nmetrics);
	if ((s->metrics = read_metrics(s, &s->nmetrics, e)) == NULL) {
		s->nmetrics = 0;
		return -1;
	}
	for (i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].t->stream, "insights") == 0 && prepare_table(s, &s->tables[i], e) != 0)
			return -1;
	return 0;
fail:
	pg_store_rollback(s);
	return -1;
}

/* ---- meta-backfill's progress ---- */

static int
progress_write(struct pg_store *s, const char *sql, int n, const char *const *params,
               struct error *e)
{
	s->in_tx = 1;
	if (server_begin(s, e) != 0)
		return -1;
	return command(s, sql, n, params, e);
}

int
pg_store_mark_days(struct pg_store *s, const struct store_progress *p, long since, long until,
                   struct error *e)
{
	char from[16], to[16];

	date_format(since, from, sizeof from);
	date_format(until, to, sizeof to);
	return progress_write(s, "INSERT INTO backfill_days (account_id, level, breakdowns, date, fetched_at) "
	                      "SELECT $1, $2, $3, d::date, now() FROM generate_series($4::date, $5::date, "
	                      "interval '1 day') d ON CONFLICT (account_id, level, breakdowns, date) "
	                      "DO UPDATE SET fetched_at = excluded.fetched_at", 5,
	                      (const char *const[]){ p->account, p->level,
	                                             p->breakdowns ? p->breakdowns : "", from, to }, e);
}

int
pg_store_fetched_days(struct pg_store *s, const struct store_progress *p, long since, long until,
                      unsigned char *done, struct error *e)
{
	char from[16], to[16];
	PGresult *r;
	long d;
	int i;

	memset(done, 0, (size_t)(until - since + 1));
	date_format(since, from, sizeof from);
	date_format(until, to, sizeof to);
	r = query(s, "SELECT to_char(date, 'YYYY-MM-DD') FROM backfill_days WHERE account_id = $1 AND "
	          "level = $2 AND breakdowns = $3 AND date BETWEEN $4 AND $5", 5,
	          (const char *const[]){ p->account, p->level, p->breakdowns ? p->breakdowns : "",
	                                 from, to }, e);
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++)
		if (date_parse(PQgetvalue(r, i, 0), &d) == 0 && d >= since && d <= until)
			done[d - since] = 1;
	PQclear(r);
	return 0;
}

int
pg_store_run_completed(struct pg_store *s, const struct store_progress *p, long until,
                       struct error *e)
{
	char date[16];

	date_format(until, date, sizeof date);
	/* clock_timestamp(), not now(): the stamp store_run_stamp() compares must move. */
	return progress_write(s, "INSERT INTO backfill_runs (account_id, level, breakdowns, until, "
	                      "completed_at) VALUES ($1, $2, $3, $4, clock_timestamp()) ON CONFLICT "
	                      "(account_id, level, breakdowns) DO UPDATE SET until = excluded.until, "
	                      "completed_at = excluded.completed_at", 4,
	                      (const char *const[]){ p->account, p->level,
	                                             p->breakdowns ? p->breakdowns : "", date }, e);
}

/* Runs a one-value look-up: the value (borrowed from *r, to PQclear()) or NULL when none. */
static const char *
one_value(struct pg_store *s, PGresult **r, const char *sql, int n, const char *const *params,
          struct error *e)
{
	if ((*r = query(s, sql, n, params, e)) == NULL)
		return NULL;
	if (PQntuples(*r) == 0 || PQgetisnull(*r, 0, 0))
		return NULL;
	return PQgetvalue(*r, 0, 0);
}

int
pg_store_last_run(struct pg_store *s, const struct store_progress *p, long *until, struct error *e)
{
	PGresult *r;
	const char *v = one_value(s, &r, "SELECT to_char(until, 'YYYY-MM-DD') FROM backfill_runs WHERE "
	                          "account_id = $1 AND level = $2 AND breakdowns = $3", 3,
	                          (const char *const[]){ p->account, p->level,
	                                                 p->breakdowns ? p->breakdowns : "" }, e);

	*until = -1;
	if (r == NULL)
		return -1;
	if (v && date_parse(v, until) != 0)
		*until = -1;
	PQclear(r);
	return 0;
}

int
pg_store_run_stamp(struct pg_store *s, const char *account, char *out, size_t size,
                   struct error *e)
{
	PGresult *r;
	const char *v = one_value(s, &r, "SELECT max(completed_at)::text FROM backfill_runs WHERE "
	                          "account_id = $1", 1, (const char *const[]){ account }, e);

	out[0] = '\0';
	if (r == NULL)
		return -1;
	if (v)
		snprintf(out, size, "%s", v);
	PQclear(r);
	return 0;
}

int
pg_store_get_block(struct pg_store *s, const char *account, double *until, struct error *e)
{
	PGresult *r;
	const char *v = one_value(s, &r, "SELECT until_epoch FROM rate_blocks WHERE account_id = $1", 1,
	                          (const char *const[]){ account }, e);

	*until = 0;
	if (r == NULL)
		return -1;
	if (v)
		*until = strtod(v, NULL);
	PQclear(r);
	return 0;
}

int
pg_store_set_block(struct pg_store *s, const char *account, double until, struct error *e)
{
	char epoch[32];

	if (until <= 0)
		return progress_write(s, "DELETE FROM rate_blocks WHERE account_id = $1", 1,
		                      (const char *const[]){ account }, e);
	snprintf(epoch, sizeof epoch, "%.3f", until);
	return progress_write(s, "INSERT INTO rate_blocks (account_id, until_epoch, until, recorded_at) "
	                      "VALUES ($1, $2, to_timestamp($2::double precision), now()) ON CONFLICT "
	                      "(account_id) DO UPDATE SET until_epoch = excluded.until_epoch, "
	                      "until = excluded.until, recorded_at = excluded.recorded_at", 2,
	                      (const char *const[]){ account, epoch }, e);
}

int
pg_store_account_offset(struct pg_store *s, const char *account, double *hours, struct error *e)
{
	PGresult *r;
	const char *v = one_value(s, &r, "SELECT timezone_offset_hours_utc FROM accounts WHERE "
	                          "account_id = $1", 1,
	                          (const char *const[]){ strncmp(account, "act_", 4) == 0 ? account + 4
	                                                 : account }, e);

	*hours = 0;
	if (r == NULL)
		return -1;
	if (v)
		*hours = strtod(v, NULL);
	PQclear(r);
	return 0;
}

/* ---- the account audit (see store.h) ---- */

int
pg_store_insight_attribution(struct pg_store *s, json_t *record, char *out, size_t size,
                             struct error *e)
{
	static const char *const key[] = { "level", "object_id", "date_start", "date_stop",
	                                   "breakdown_key" };
	const char *params[5];
	const char *v;
	PGresult *r;
	size_t i;

	out[0] = '\0';
	for (i = 0; i < 5; i++)
		/* A row without a key field is not stored as such: nothing to overwrite. */
		if ((params[i] = json_string_value(json_object_get(record, key[i]))) == NULL)
			return 0;
	v = one_value(s, &r, "SELECT attribution_setting FROM insights WHERE level = $1 AND "
	              "object_id = $2 AND date_start = $3 AND date_stop = $4 AND breakdown_key = $5",
	              5, params, e);
	if (r == NULL)
		return -1;
	if (v)
		snprintf(out, size, "%s", v);
	PQclear(r);
	return v != NULL;
}

json_t *
pg_store_account_currencies(struct pg_store *s, struct error *e)
{
	PGresult *r = query(s, "SELECT currency, 'act_' || account_id FROM accounts WHERE currency IS "
	                    "NOT NULL ORDER BY currency, account_id", 0, NULL, e);
	json_t *by;
	int i;

	if (r == NULL)
		return NULL;
	by = json_object();
	for (i = 0; i < PQntuples(r); i++) {
		const char *cur = PQgetvalue(r, i, 0);

		if (json_object_get(by, cur) == NULL)
			json_object_set_new(by, cur, json_array());
		json_array_append_new(json_object_get(by, cur), json_string(PQgetvalue(r, i, 1)));
	}
	PQclear(r);
	return by;
}

json_t *
pg_store_unnamed_objects(struct pg_store *s, const char *account, const char *kind,
                         struct error *e)
{
	const char *col = strcmp(kind, "campaigns") == 0 ? "campaign_id"
	                : strcmp(kind, "adsets") == 0 ? "adset_id" : "ad_id";
	const char *table = strcmp(kind, "campaigns") == 0 ? "campaigns"
	                  : strcmp(kind, "adsets") == 0 ? "adsets" : "ads";
	char *sql = xasprintf("SELECT DISTINCT %s FROM insights WHERE account_id = $1 AND %s IS NOT "
	                      "NULL AND %s NOT IN (SELECT id FROM %s) ORDER BY 1", col, col, col, table);
	PGresult *r = query(s, sql, 1, (const char *const[]){ strncmp(account, "act_", 4) == 0
	                                                     ? account + 4 : account }, e);
	json_t *ids;
	int i;

	free(sql);
	if (r == NULL)
		return NULL;
	ids = json_array();
	for (i = 0; i < PQntuples(r); i++)
		json_array_append_new(ids, json_string(PQgetvalue(r, i, 0)));
	PQclear(r);
	return ids;
}

/* ---- account locks ---- */

/* The second key of account's advisory lock: FNV-1a of its id, as a signed 32-bit key. */
static int32_t
account_key(const char *account)
{
	uint32_t h = 2166136261u;

	for (; *account; account++)
		h = (h ^ (unsigned char)*account) * 16777619u;
	/* 0 is the migration lock's. */
	return (int32_t)(h ? h : 1);
}

static size_t
find_lock(struct pg_store *s, const char *account)
{
	size_t i;

	for (i = 0; i < s->nlocks; i++)
		if (strcmp(s->locks[i], account) == 0)
			return i;
	return (size_t)-1;
}

int
pg_store_lock_account(struct pg_store *s, const char *account, struct error *e)
{
	char sql[96];
	PGresult *r;
	const char *v;
	int taken;

	if (find_lock(s, account) != (size_t)-1)
		return 1;
	snprintf(sql, sizeof sql, "SELECT pg_try_advisory_lock(%d, %ld)", PG_LOCK_CLASS,
	         (long)account_key(account));
	v = one_value(s, &r, sql, 0, NULL, e);
	if (r == NULL)
		return -1;
	taken = v && strcmp(v, "t") == 0;
	PQclear(r);
	if (taken) {
		s->locks = xrealloc(s->locks, (s->nlocks + 1) * sizeof *s->locks);
		s->locks[s->nlocks++] = xstrdup(account);
	}
	return taken;
}

void
pg_store_unlock_account(struct pg_store *s, const char *account)
{
	size_t i = find_lock(s, account);
	char sql[96];

	if (i == (size_t)-1)
		return;
	snprintf(sql, sizeof sql, "SELECT pg_advisory_unlock(%d, %ld)", PG_LOCK_CLASS,
	         (long)account_key(account));
	exec(s, sql, NULL);
	free(s->locks[i]);
	s->locks[i] = s->locks[--s->nlocks];
}

#endif
