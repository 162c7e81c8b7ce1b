#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "date.h"
#include "log.h"
#include "schema.h"
#include "store.h"
#include "util.h"

struct table_stmt {
	const struct schema_table *t;
	sqlite3_stmt *upsert;
	sqlite3_stmt *delete_children;  /* insights only */
};

struct store {
	sqlite3 *db;
	char *path;
	int in_tx;
	struct table_stmt *stmts;
	size_t nstmts;
	sqlite3_stmt *save_state;
};

static const char *
sql_type(enum schema_type t)
{
	switch (t) {
	case SCHEMA_INTEGER: return "INTEGER";
	case SCHEMA_NUMBER:  return "REAL";
	default:             return "TEXT";
	}
}

static void
create_table_sql(struct buf *sql, const struct schema_table *t)
{
	const struct schema_column *c;
	const char *const *k;

	buf_printf(sql, "CREATE TABLE %s (\n", t->stream);
	for (c = t->columns; c->name; c++)
		buf_printf(sql, "  %s %s%s,\n", c->name, sql_type(c->type),
		           schema_is_key(t, c->name) ? " NOT NULL" : "");
	buf_puts(sql, "  extra TEXT,\n  synced_at TEXT NOT NULL,\n  PRIMARY KEY (");
	for (k = t->key; *k; k++)
		buf_printf(sql, "%s%s", k == t->key ? "" : ", ", *k);
	buf_puts(sql, "));\n");
}

/*
 * Daily rollups of ad-level rows.  Driven by the entities (and by ids seen
 * in insights, for users who load metrics only) crossed with the days the
 * account has data, so an entity without metrics shows with zeros; ratios
 * are NULL where their denominator is zero.  Revenue is the "purchase"
 * entry of action_values; reach is a sum of daily reach, an upper bound.
 */
#define ROLLUP_VIEW(name, idcol, entity, namecol)                                          \
	"CREATE VIEW " name " AS\n"                                                            \
	"WITH ad_rows AS (SELECT * FROM insights WHERE level = 'ad' AND breakdown_key = ''\n" \
	"                   AND date_start = date_stop),\n"                                  \
	"days AS (SELECT DISTINCT account_id, date_start AS date FROM ad_rows),\n"            \
	"ids AS (SELECT " entity ".id AS id, " entity ".account_id AS account_id FROM " entity  \
	"\n        UNION SELECT " idcol ", account_id FROM ad_rows),\n"                        \
	"m AS (SELECT " idcol " AS id, date_start AS date, SUM(spend) AS spend,\n"           \
	"        SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(reach) AS reach,\n" \
	"        SUM(inline_link_clicks) AS link_clicks\n"                                    \
	"      FROM ad_rows GROUP BY " idcol ", date_start),\n"                              \
	"rev AS (SELECT " idcol " AS id, date_start AS date, SUM(value) AS revenue\n"        \
	"        FROM insight_actions WHERE level = 'ad' AND breakdown_key = ''\n"              \
	"          AND field = 'action_values' AND action_type = 'purchase' AND action_key = ''\n" \
	"        GROUP BY " idcol ", date_start)\n"                                           \
	"SELECT ids.id AS " idcol ", ids.account_id, " namecol " AS name, days.date,\n"      \
	"  COALESCE(m.spend, 0) AS spend, COALESCE(m.impressions, 0) AS impressions,\n"       \
	"  COALESCE(m.clicks, 0) AS clicks, COALESCE(m.reach, 0) AS reach,\n"                 \
	"  COALESCE(m.link_clicks, 0) AS link_clicks, COALESCE(rev.revenue, 0) AS revenue,\n" \
	"  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,\n"   \
	"  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,\n"                      \
	"  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm,\n"   \
	"  CASE WHEN m.spend > 0 THEN COALESCE(rev.revenue, 0) / m.spend END AS roas\n"      \
	"FROM ids JOIN days ON days.account_id = ids.account_id\n"                            \
	"LEFT JOIN " entity " ON " entity ".id = ids.id\n"                                    \
	"LEFT JOIN m ON m.id = ids.id AND m.date = days.date\n"                               \
	"LEFT JOIN rev ON rev.id = ids.id AND rev.date = days.date\n"                         \
	"WHERE ids.id IS NOT NULL;\n"

static const char views_v1[] =
	ROLLUP_VIEW("adset_daily", "adset_id", "adsets", "adsets.name")
	ROLLUP_VIEW("campaign_daily", "campaign_id", "campaigns", "campaigns.name")
	"CREATE VIEW account_daily AS\n"
	"WITH ad_rows AS (SELECT * FROM insights WHERE level = 'ad' AND breakdown_key = ''\n"
	"                   AND date_start = date_stop),\n"
	"m AS (SELECT account_id, date_start AS date, SUM(spend) AS spend,\n"
	"        SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(reach) AS reach,\n"
	"        SUM(inline_link_clicks) AS link_clicks\n"
	"      FROM ad_rows GROUP BY account_id, date_start),\n"
	"rev AS (SELECT account_id, date_start AS date, SUM(value) AS revenue\n"
	"        FROM insight_actions WHERE level = 'ad' AND breakdown_key = ''\n"
	"          AND field = 'action_values' AND action_type = 'purchase' AND action_key = ''\n"
	"        GROUP BY account_id, date_start)\n"
	"SELECT m.account_id, accounts.name, m.date, COALESCE(m.spend, 0) AS spend,\n"
	"  COALESCE(m.impressions, 0) AS impressions, COALESCE(m.clicks, 0) AS clicks,\n"
	"  COALESCE(m.reach, 0) AS reach, COALESCE(m.link_clicks, 0) AS link_clicks,\n"
	"  COALESCE(rev.revenue, 0) AS revenue,\n"
	"  CASE WHEN m.impressions > 0 THEN 100.0 * m.clicks / m.impressions END AS ctr,\n"
	"  CASE WHEN m.clicks > 0 THEN m.spend / m.clicks END AS cpc,\n"
	"  CASE WHEN m.impressions > 0 THEN 1000.0 * m.spend / m.impressions END AS cpm,\n"
	"  CASE WHEN m.spend > 0 THEN COALESCE(rev.revenue, 0) / m.spend END AS roas\n"
	"FROM m LEFT JOIN accounts ON accounts.account_id = m.account_id\n"
	"LEFT JOIN rev ON rev.account_id = m.account_id AND rev.date = m.date;\n";

static int
exec(struct store *s, const char *sql, struct error *e)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
migrate(struct store *s, struct error *e)
{
	sqlite3_stmt *st;
	int version = 0, rc = -1;
	const struct schema_table *t;
	struct buf sql = BUF_INIT;

	if (exec(s, "BEGIN IMMEDIATE", e) != 0)
		return -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		goto out;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > STORE_SCHEMA_VERSION) {
		error_set(e, EXIT_OTHER, "database '%s' has schema version %d, newer than this "
		          "meta-load knows (%d)", s->path, version, STORE_SCHEMA_VERSION);
		goto out;
	}
	if (version < 1) {
		for (t = schema_tables(); t->stream; t++)
			create_table_sql(&sql, t);
		buf_puts(&sql,
		         "CREATE INDEX insights_by_campaign ON insights (level, campaign_id, date_start);\n"
		         "CREATE INDEX insights_by_date ON insights (account_id, date_start);\n"
		         "CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT NOT NULL,\n"
		         "  updated_at TEXT NOT NULL);\n");
		buf_puts(&sql, views_v1);
		buf_puts(&sql, "PRAGMA user_version = 1;\n");
		version = 1;
		if (exec(s, buf_str(&sql), e) != 0)
			goto out;
	}
	if (version < 2) {
		if (exec(s, "CREATE TABLE backfill_days (account_id TEXT NOT NULL, level TEXT NOT NULL,\n"
		         "  date TEXT NOT NULL, fetched_at TEXT NOT NULL,\n"
		         "  PRIMARY KEY (account_id, level, date));\n"
		         "CREATE TABLE backfill_runs (account_id TEXT NOT NULL, level TEXT NOT NULL,\n"
		         "  until TEXT NOT NULL, completed_at TEXT NOT NULL,\n"
		         "  PRIMARY KEY (account_id, level));\n"
		         "PRAGMA user_version = 2;\n", e) != 0)
			goto out;
	}
	if (version < 3) {
		/* A block Meta announced that outlasted a run: the next cron run probes once. */
		if (exec(s, "CREATE TABLE rate_blocks (account_id TEXT PRIMARY KEY,\n"
		         "  until_epoch REAL NOT NULL, until TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
		         "PRAGMA user_version = 3;\n", e) != 0)
			goto out;
	}
	/* Later versions: `if (version < 4) { ALTER TABLE ... }`, each in this transaction. */
	rc = exec(s, "COMMIT", e);
out:
	if (rc != 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	buf_free(&sql);
	return rc;
}

static int
prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct error *e)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

/*
 * INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE <something differs>, so
 * reloading identical data writes nothing and synced_at keeps the time of
 * the last real change.
 */
static int
prepare_table(struct store *s, struct table_stmt *ts, struct error *e)
{
	const struct schema_table *t = ts->t;
	const struct schema_column *c;
	const char *const *k;
	struct buf sql = BUF_INIT;
	int first, rc;

	buf_printf(&sql, "INSERT INTO %s (", t->stream);
	for (c = t->columns; c->name; c++)
		buf_printf(&sql, "%s, ", c->name);
	buf_puts(&sql, "extra, synced_at) VALUES (");
	for (c = t->columns; c->name; c++)
		buf_puts(&sql, "?, ");
	buf_puts(&sql, "?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (");
	for (k = t->key; *k; k++)
		buf_printf(&sql, "%s%s", k == t->key ? "" : ", ", *k);
	buf_puts(&sql, ") DO UPDATE SET ");
	for (c = t->columns; c->name; c++)
		if (!schema_is_key(t, c->name))
			buf_printf(&sql, "%s = excluded.%s, ", c->name, c->name);
	buf_puts(&sql, "extra = excluded.extra, synced_at = excluded.synced_at WHERE ");
	first = 1;
	for (c = t->columns; c->name; c++) {
		if (schema_is_key(t, c->name))
			continue;
		buf_printf(&sql, "%s%s.%s IS NOT excluded.%s", first ? "" : " OR ", t->stream,
		           c->name, c->name);
		first = 0;
	}
	buf_printf(&sql, " OR %s.extra IS NOT excluded.extra", t->stream);
	rc = prepare(s, buf_str(&sql), &ts->upsert, e);
	buf_free(&sql);
	if (rc == 0 && strcmp(t->stream, "insights") == 0)
		rc = prepare(s, "DELETE FROM insight_actions WHERE level = ? AND object_id = ? "
		             "AND date_start = ? AND date_stop = ? AND breakdown_key = ?",
		             &ts->delete_children, e);
	return rc;
}

#define STORE_BUSY_MS 30000

/*
 * Switching a new file to WAL takes an exclusive lock without calling the
 * busy handler, so two runs starting together on a new file would fail at
 * once: retry for as long as the busy timeout, reading the mode first,
 * since a file already in WAL needs no lock.
 */
static int
use_wal(struct store *s, struct error *e)
{
	int waited = 0;

	for (;;) {
		sqlite3_stmt *st;
		int rc;
		char mode[16] = "";

		if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			snprintf(mode, sizeof mode, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (strcmp(mode, "wal") == 0)
			return 0;
		rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= STORE_BUSY_MS)
			return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
		sqlite3_sleep(50);
		waited += 50;
	}
}

struct store *
store_open(const char *path, struct error *e)
{
	struct store *s = xcalloc(1, sizeof *s);
	const struct schema_table *t;
	size_t n = 0;

	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		error_set(e, EXIT_OTHER, "cannot open database '%s': %s", path,
		          s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	/* Another writer (a second meta-load) waits instead of failing at once. */
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (use_wal(s, e) != 0 || exec(s, "PRAGMA synchronous = NORMAL;", e) != 0 ||
	    migrate(s, e) != 0)
		goto fail;
	for (t = schema_tables(); t->stream; t++)
		n++;
	s->stmts = xcalloc(n, sizeof *s->stmts);
	for (t = schema_tables(); t->stream; t++) {
		s->stmts[s->nstmts].t = t;
		if (prepare_table(s, &s->stmts[s->nstmts++], e) != 0)
			goto fail;
	}
	if (prepare(s, "INSERT INTO sync_state (name, value, updated_at) VALUES ('singer', ?, "
	            "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (name) DO UPDATE SET "
	            "value = excluded.value, updated_at = excluded.updated_at",
	            &s->save_state, e) != 0)
		goto fail;
	return s;
fail:
	store_close(&s);
	return NULL;
}

void
store_close(struct store **sp)
{
	struct store *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nstmts; i++) {
		sqlite3_finalize(s->stmts[i].upsert);
		sqlite3_finalize(s->stmts[i].delete_children);
	}
	sqlite3_finalize(s->save_state);
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	free(s->stmts);
	free(s->path);
	free(s);
	*sp = NULL;
}

int
store_begin(struct store *s, struct error *e)
{
	if (s->in_tx)
		return 0;
	if (exec(s, "BEGIN IMMEDIATE", e) != 0)
		return -1;
	s->in_tx = 1;
	return 0;
}

int
store_commit(struct store *s, struct error *e)
{
	if (!s->in_tx)
		return 0;
	if (exec(s, "COMMIT", e) != 0)
		return -1;
	s->in_tx = 0;
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!s->in_tx)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

static void
bind_value(sqlite3_stmt *st, int i, json_t *v)
{
	char *text;

	if (v == NULL) {
		sqlite3_bind_null(st, i);
		return;
	}
	switch (json_typeof(v)) {
	case JSON_STRING:
		sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v), SQLITE_TRANSIENT);
		break;
	case JSON_INTEGER:
		sqlite3_bind_int64(st, i, json_integer_value(v));
		break;
	case JSON_REAL:
		sqlite3_bind_double(st, i, json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		sqlite3_bind_int(st, i, json_is_true(v));
		break;
	case JSON_OBJECT:
	case JSON_ARRAY:
		text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
		sqlite3_bind_text(st, i, text, -1, free);
		break;
	default:
		sqlite3_bind_null(st, i);
	}
}

static struct table_stmt *
find_stmt(struct store *s, const char *stream)
{
	size_t i;

	for (i = 0; i < s->nstmts; i++)
		if (strcmp(s->stmts[i].t->stream, stream) == 0)
			return &s->stmts[i];
	return NULL;
}

static int
step(struct store *s, sqlite3_stmt *st, struct error *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

int
store_upsert(struct store *s, const char *stream, json_t *record, int *changed, struct error *e)
{
	struct table_stmt *ts = find_stmt(s, stream);
	const struct schema_column *c;
	const char *const *k;
	json_t *extra, *v;
	const char *key;
	int i = 1;

	*changed = 0;
	if (ts == NULL)
		return error_set(e, EXIT_DATAERR, "unknown stream '%s'", stream), -1;
	for (k = ts->t->key; *k; k++) {
		v = json_object_get(record, *k);
		if (v == NULL || json_is_null(v))
			return error_set(e, EXIT_DATAERR, "%s record without key field '%s'%s", stream, *k,
			                 strcmp(stream, "insights") == 0 || strcmp(stream, "accounts") == 0
			                 ? " (is the stream piped through meta-transform?)" : ""), -1;
	}
	if (store_begin(s, e) != 0)
		return -1;
	for (c = ts->t->columns; c->name; c++)
		bind_value(ts->upsert, i++, json_object_get(record, c->name));
	extra = json_object();
	json_object_foreach(record, key, v)
		if (schema_column(ts->t, key) == NULL)
			json_object_set(extra, key, v);
	if (json_object_size(extra))
		bind_value(ts->upsert, i, extra);
	json_decref(extra);
	if (step(s, ts->upsert, e) != 0)
		return -1;
	*changed = sqlite3_changes(s->db) > 0;
	/*
	 * The row keeps its action lists in extra, so it changed whenever its
	 * actions did: only then drop the old insight_actions rows, which the
	 * records that follow it re-insert.
	 */
	if (*changed && ts->delete_children) {
		static const char *const cols[] = { "level", "object_id", "date_start", "date_stop",
		                                    "breakdown_key" };
		size_t j;
		for (j = 0; j < 5; j++)
			bind_value(ts->delete_children, (int)j + 1, json_object_get(record, cols[j]));
		if (step(s, ts->delete_children, e) != 0)
			return -1;
	}
	return 0;
}

int
store_save_state(struct store *s, json_t *value, struct error *e)
{
	struct error le = { 0 };
	json_t *merged;
	int rc;

	if (store_begin(s, e) != 0)
		return -1;
	/*
	 * Bookmarks of accounts this stream does not mention are kept: two
	 * pipelines for two accounts into one database must not forget each
	 * other's.
	 */
	merged = store_load_state(s, &le);
	if (le.status) {
		if (e)
			*e = le;
		return json_decref(merged), -1;
	}
	if (json_is_object(merged) && json_is_object(value))
		json_object_update_recursive(merged, value);
	else
		merged = (json_decref(merged), json_incref(value));
	sqlite3_bind_text(s->save_state, 1, json_dumps(merged, JSON_COMPACT | JSON_ENCODE_ANY),
	                  -1, free);
	json_decref(merged);
	rc = step(s, s->save_state, e);
	return rc;
}

json_t *
store_load_state(struct store *s, struct error *e)
{
	sqlite3_stmt *st;
	json_t *value = NULL;
	json_error_t jerr;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM sync_state WHERE name = 'singer'", -1,
	                       &st, NULL) != SQLITE_OK) {
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
		return NULL;
	}
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		value = json_loads((const char *)sqlite3_column_text(st, 0), JSON_DECODE_ANY, &jerr);
		/* fall through */
	case SQLITE_DONE:
		break;
	default:
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
	}
	sqlite3_finalize(st);
	return value;
}

static int
query_prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct error *e)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

/*
 * Steps a one-value look-up and finalizes it: the value into *number or,
 * as a date, into *day when there is a row; their defaults stay when there
 * is none; a failed step (a busy database) is an error, never a default.
 */
static int
row_or_done(struct store *s, sqlite3_stmt *st, double *number, long *day, struct error *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW && number && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*number = sqlite3_column_double(st, 0);
	if (rc == SQLITE_ROW && day && date_parse((const char *)sqlite3_column_text(st, 0), day) != 0)
		*day = -1;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_mark_days(struct store *s, const char *account, const char *level, long since, long until,
                struct error *e)
{
	sqlite3_stmt *st;
	char date[16];
	long d;
	int rc = 0;

	if (store_begin(s, e) != 0 ||
	    query_prepare(s, "INSERT INTO backfill_days (account_id, level, date, fetched_at) "
	                  "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
	                  "ON CONFLICT (account_id, level, date) DO UPDATE SET "
	                  "fetched_at = excluded.fetched_at", &st, e) != 0)
		return -1;
	for (d = since; d <= until && rc == 0; d++) {
		date_format(d, date, sizeof date);
		sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, level, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
		rc = step(s, st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
store_fetched_days(struct store *s, const char *account, const char *level, long since,
                   long until, unsigned char *done, struct error *e)
{
	sqlite3_stmt *st;
	long d;
	int rc;

	memset(done, 0, (size_t)(until - since + 1));
	if (query_prepare(s, "SELECT date FROM backfill_days WHERE account_id = ? AND level = ?",
	                  &st, e) != 0)
		return -1;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (date_parse((const char *)sqlite3_column_text(st, 0), &d) != 0)
			continue;
		if (d >= since && d <= until)
			done[d - since] = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

int
store_account_offset(struct store *s, const char *account, double *hours, struct error *e)
{
	sqlite3_stmt *st;

	*hours = 0;
	if (query_prepare(s, "SELECT timezone_offset_hours_utc FROM accounts WHERE account_id = ?",
	                  &st, e) != 0)
		return -1;
	sqlite3_bind_text(st, 1, strncmp(account, "act_", 4) == 0 ? account + 4 : account, -1,
	                  SQLITE_TRANSIENT);
	return row_or_done(s, st, hours, NULL, e);
}

int
store_run_completed(struct store *s, const char *account, const char *level, long until,
                    struct error *e)
{
	sqlite3_stmt *st;
	char date[16];

	if (store_begin(s, e) != 0 ||
	    query_prepare(s, "INSERT INTO backfill_runs (account_id, level, until, completed_at) "
	                  "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
	                  "ON CONFLICT (account_id, level) DO UPDATE SET until = excluded.until, "
	                  "completed_at = excluded.completed_at", &st, e) != 0)
		return -1;
	date_format(until, date, sizeof date);
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	if (step(s, st, e) != 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_last_run(struct store *s, const char *account, const char *level, long *until,
               struct error *e)
{
	sqlite3_stmt *st;

	*until = -1;
	if (query_prepare(s, "SELECT until FROM backfill_runs WHERE account_id = ? AND level = ?",
	                  &st, e) != 0)
		return -1;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_TRANSIENT);
	return row_or_done(s, st, NULL, until, e);
}

int
store_get_block(struct store *s, const char *account, double *until, struct error *e)
{
	sqlite3_stmt *st;

	*until = 0;
	if (query_prepare(s, "SELECT until_epoch FROM rate_blocks WHERE account_id = ?", &st, e) != 0)
		return -1;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	return row_or_done(s, st, until, NULL, e);
}

int
store_set_block(struct store *s, const char *account, double until, struct error *e)
{
	sqlite3_stmt *st;
	int rc;

	if (store_begin(s, e) != 0)
		return -1;
	if (until <= 0) {
		if (query_prepare(s, "DELETE FROM rate_blocks WHERE account_id = ?", &st, e) != 0)
			return -1;
		sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	} else {
		if (query_prepare(s, "INSERT INTO rate_blocks (account_id, until_epoch, until, recorded_at) "
		                  "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', ?, 'unixepoch'), "
		                  "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (account_id) DO UPDATE "
		                  "SET until_epoch = excluded.until_epoch, until = excluded.until, "
		                  "recorded_at = excluded.recorded_at", &st, e) != 0)
			return -1;
		sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(st, 2, until);
		sqlite3_bind_double(st, 3, until);
	}
	rc = step(s, st, e);
	sqlite3_finalize(st);
	return rc;
}
