#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "buf.h"
#include "date.h"
#include "jscan.h"
#include "keytab.h"
#include "log.h"
#include "map.h"
#include "schema.h"
#include "singer.h"
#include "store_impl.h"
#include "util.h"

struct table_stmt {
	const struct schema_table *t;
	sqlite3_stmt *upsert;
	size_t ncols;          /* the schema's columns, bound first */
	size_t nmetrics;       /* then the metric columns (insights only) */
	struct keytab names;   /* column name -> its index, metrics after the schema's */
	size_t *key;           /* the key columns' indices, in key order */
};

/* Where a column's text is in the row's arena. */
struct text_at {
	size_t off, len;
};

/* A metric of the mapping, as the views need it (table metric_defs). */
struct metric_def {
	char *name;
	int ratio;
	char *num, *den;
};

struct sqlite_store {
	sqlite3 *db;
	char *path;
	int in_tx;
	struct table_stmt *stmts;
	size_t nstmts;
	sqlite3_stmt *save_state;
	sqlite3_stmt *attribution;   /* store_insight_attribution()'s, prepared on first use */
	struct metric_def *metrics;  /* columns of insights beyond the schema's */
	size_t nmetrics;
	/* The row being upserted; kept from one row to the next, so nothing is allocated per row. */
	size_t *val;                 /* each column's value token, 0 when the record has none */
	struct text_at *texts;       /* each column's text built in arena, len 0 when none */
	size_t ncap;
	struct store_extra extra;    /* the key tokens of the fields without a column */
	struct buf arena;            /* unescaped strings and JSON texts of the row */
	struct buf key;              /* an escaped key, unescaped */
	struct jscan scan;           /* sqlite_store_upsert()'s record, scanned */
	struct buf text;             /* and its text */
	time_t now;                  /* the second of now_text */
	char now_text[32];           /* "YYYY-MM-DDTHH:MM:SSZ", the synced_at of rows written */
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

/*
 * The columns of the insights primary key in the order of its index: the
 * natural key of schema.h, the date second.  Rows arrive a day at a time
 * (a day of every object, then the next day), so in this order a load
 * appends to the index instead of writing all over it, and the index also
 * serves what queries filter on: a level and a range of dates.
 */
static const char *const insights_index_order[] = {
	"level", "date_start", "object_id", "date_stop", "breakdown_key", NULL,
};

static void
create_table_sql(struct buf *sql, const struct schema_table *t)
{
	const struct schema_column *c;
	const char *const *k, *const *key = t->key;

	if (strcmp(t->stream, "insights") == 0)
		key = insights_index_order;
	buf_printf(sql, "CREATE TABLE %s (\n", t->stream);
	for (c = t->columns; c->name; c++)
		buf_printf(sql, "  %s %s%s,\n", c->name, sql_type(c->type),
		           schema_is_key(t, c->name) ? " NOT NULL" : "");
	buf_puts(sql, "  extra TEXT,\n  synced_at TEXT NOT NULL,\n  PRIMARY KEY (");
	for (k = key; *k; k++)
		buf_printf(sql, "%s%s", k == key ? "" : ", ", *k);
	buf_puts(sql, "));\n");
}

static int
exec(struct sqlite_store *s, const char *sql, struct error *e)
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
query_prepare(struct sqlite_store *s, const char *sql, sqlite3_stmt **st, struct error *e)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

/* The SQL condition that json_each's key of an action entry is an attribution window. */
#define WINDOW_KEY "(key GLOB '[0-9]*' OR key IN ('dda', 'inline', 'default') OR key GLOB 'skan_*')"

/*
 * insight_actions, as a view over the action-list columns: one row per
 * entry, with the insight's key, the list it came from (field), its
 * action_type, the other qualifying keys sorted as "k=v|k2=v2"
 * (action_key), its value and its attribution windows as a JSON object.
 */
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
		           "i.ad_id, i.date_start, i.date_stop, i.breakdown_key, '%s' AS field,\n"
		           "  json_extract(e.value, '$.action_type') AS action_type,\n"
		           "  COALESCE((SELECT group_concat(key || '=' || value, '|') FROM (SELECT key, value "
		           "FROM json_each(e.value) WHERE key NOT IN ('action_type', 'value') AND NOT "
		           WINDOW_KEY " ORDER BY key)), '') AS action_key,\n"
		           "  CAST(json_extract(e.value, '$.value') AS REAL) AS value,\n"
		           "  NULLIF((SELECT json_group_object(key, value) FROM (SELECT key, value FROM "
		           "json_each(e.value) WHERE " WINDOW_KEY " ORDER BY key)), '{}') AS windows\n"
		           "FROM insights i, json_each(i.%s) e\n", first ? "" : "UNION ALL\n", c->name,
		           c->name);
		first = 0;
	}
	buf_puts(sql, ";\n");
}

/* The levels, finest first: a rollup at level L sums the finest level fetched at or below L. */
static const struct {
	const char *level, *view, *idcol, *entity, *entity_id;
} rollups[] = {
	{ "ad", NULL, "ad_id", "ads", "id" },
	{ "adset", "adset_daily", "adset_id", "adsets", "id" },
	{ "campaign", "campaign_daily", "campaign_id", "campaigns", "id" },
	{ "account", "account_daily", "account_id", "accounts", "account_id" },
};

static const char *const summed[] = { "spend", "impressions", "clicks", "inline_link_clicks",
                                      "unique_clicks", NULL };

static int
is_summed_column(const char *name)
{
	const char *const *p;

	for (p = summed; *p; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}

/* Breakdowns shown as columns of the *_by_breakdown views; others are in breakdown_key. */
static const char *const breakdown_columns[] = {
	"publisher_platform", "platform_position", "impression_device", "device_platform",
	"age", "gender", "country", "region", NULL,
};

/* The metric columns of a rollup from the sums in m: metrics, then ctr, cpc and cpm. */
static void
rollup_metrics_sql(struct buf *sql, const struct metric_def *m, size_t nm)
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

/* The SUM(...) columns of m: the summed base columns, sum metrics, base terms of ratios. */
static void
rollup_sums_sql(struct buf *sql, const struct metric_def *m, size_t nm)
{
	const char *const *p;
	size_t i;

	for (p = summed; *p; p++)
		buf_printf(sql, ", SUM(b.%s) AS %s", *p, *p);
	for (i = 0; i < nm; i++) {
		if (!m[i].ratio)
			buf_printf(sql, ", SUM(b.%s) AS %s", m[i].name, m[i].name);
		/* A ratio's terms are summed first; a base column not summed yet joins them. */
		if (m[i].ratio && !is_summed_column(m[i].num) && schema_column(schema_find("insights"), m[i].num))
			buf_printf(sql, ", SUM(b.%s) AS %s", m[i].num, m[i].num);
		if (m[i].ratio && !is_summed_column(m[i].den) && schema_column(schema_find("insights"), m[i].den))
			buf_printf(sql, ", SUM(b.%s) AS %s", m[i].den, m[i].den);
	}
}

/*
 * A daily rollup at rollups[r]: every entity of that level (and every id
 * seen in insights) on every day its account has rows, at zero without
 * delivery.  Sums come from the finest level fetched that day for the
 * account, so a campaign-level-only backfill still fills campaign_daily
 * and account_daily; reach and frequency count unique people, so they are
 * never summed: they come from the rows fetched at exactly this level, and
 * are NULL where it was not fetched.  Ratios are ratios of sums, NULL when
 * the denominator is 0.
 */
static void
rollup_view_sql(struct buf *sql, size_t r, const struct metric_def *m, size_t nm)
{
	const char *const *p;
	size_t l;

	/*
	 * base NOT MATERIALIZED: inlined where it is used, so a query's filter
	 * on date or account reaches the insights table instead of the whole
	 * table being copied first (3x faster on 30 days of 180,000 rows).
	 */
	buf_printf(sql, "CREATE VIEW %s AS\n"
	           "WITH base AS NOT MATERIALIZED (SELECT * FROM insights WHERE breakdown_key = '' "
	           "AND date_start = date_stop),\n"
	           "src AS (SELECT account_id, date_start AS date, CASE", rollups[r].view);
	for (l = 0; l < r; l++)
		buf_printf(sql, " WHEN max(level = '%s') THEN '%s'", rollups[l].level, rollups[l].level);
	buf_printf(sql, " ELSE '%s' END AS level\n  FROM base WHERE level IN (", rollups[r].level);
	for (l = 0; l <= r; l++)
		buf_printf(sql, "%s'%s'", l ? ", " : "", rollups[l].level);
	buf_printf(sql, ") GROUP BY account_id, date_start),\n"
	           "m AS (SELECT b.%s AS id, b.account_id, b.date_start AS date", rollups[r].idcol);
	rollup_sums_sql(sql, m, nm);
	buf_printf(sql, "\n  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = "
	           "b.date_start AND src.level = b.level\n"
	           "  GROUP BY b.%s, b.account_id, b.date_start),\n"
	           "own AS (SELECT object_id AS id, date_start AS date, reach, frequency FROM base "
	           "WHERE level = '%s'),\n"
	           "days AS (SELECT DISTINCT account_id, date FROM src),\n"
	           "ids AS (SELECT %s AS id, account_id FROM %s UNION SELECT id, account_id FROM m)\n"
	           "SELECT ids.id AS %s, ", rollups[r].idcol, rollups[r].level, rollups[r].entity_id,
	           rollups[r].entity, rollups[r].idcol);
	if (r != 3)
		buf_puts(sql, "ids.account_id, ");
	buf_printf(sql, "%s.name AS name, days.date", rollups[r].entity);
	for (p = summed; *p; p++)
		buf_printf(sql, ", COALESCE(m.%s, 0) AS %s", *p, *p);
	buf_puts(sql, ",\n  own.reach, own.frequency");
	rollup_metrics_sql(sql, m, nm);
	buf_printf(sql, "\n"
	           "FROM ids JOIN days ON days.account_id = ids.account_id\n"
	           "LEFT JOIN %s ON %s.%s = ids.id\n"
	           "LEFT JOIN m ON m.id = ids.id AND m.date = days.date\n"
	           "LEFT JOIN own ON own.id = ids.id AND own.date = days.date\n"
	           "WHERE ids.id IS NOT NULL;\n", rollups[r].entity, rollups[r].entity,
	           rollups[r].entity_id);
}

/*
 * A daily rollup by breakdown at rollups[r]: for each breakdown set
 * fetched (the "breakdowns" column: its names, sorted), the rows of the
 * finest level fetched with that set that day, summed per breakdown
 * value; the common breakdowns as columns.  Only what delivered: there is
 * no list of breakdown values to show at zero.
 */
static void
breakdown_view_sql(struct buf *sql, size_t r, const struct metric_def *m, size_t nm)
{
	const char *const *p;
	size_t l;

	buf_printf(sql, "CREATE VIEW %s_by_breakdown AS\n"
	           "WITH base AS NOT MATERIALIZED (SELECT *, (SELECT group_concat(key) FROM json_each(breakdowns)) AS bset\n"
	           "  FROM insights WHERE breakdown_key != '' AND date_start = date_stop),\n"
	           "src AS (SELECT account_id, date_start AS date, bset, CASE", rollups[r].view);
	for (l = 0; l < r; l++)
		buf_printf(sql, " WHEN max(level = '%s') THEN '%s'", rollups[l].level, rollups[l].level);
	buf_printf(sql, " ELSE '%s' END AS level\n  FROM base WHERE level IN (", rollups[r].level);
	for (l = 0; l <= r; l++)
		buf_printf(sql, "%s'%s'", l ? ", " : "", rollups[l].level);
	buf_printf(sql, ") GROUP BY account_id, date_start, bset),\n"
	           "m AS (SELECT b.%s AS id, b.account_id, b.date_start AS date, b.bset, b.breakdown_key, "
	           "b.breakdowns", rollups[r].idcol);
	rollup_sums_sql(sql, m, nm);
	buf_printf(sql, "\n  FROM base b JOIN src ON src.account_id = b.account_id AND src.date = "
	           "b.date_start AND src.bset = b.bset AND src.level = b.level\n"
	           "  GROUP BY b.%s, b.account_id, b.date_start, b.breakdown_key)\n"
	           "SELECT m.id AS %s, ", rollups[r].idcol, rollups[r].idcol);
	if (r != 3)
		buf_puts(sql, "m.account_id, ");
	buf_printf(sql, "%s.name AS name, m.date, m.bset AS breakdowns, m.breakdown_key",
	           rollups[r].entity);
	for (p = breakdown_columns; *p; p++)
		buf_printf(sql, ", json_extract(m.breakdowns, '$.%s') AS %s", *p, *p);
	for (p = summed; *p; p++)
		buf_printf(sql, ", COALESCE(m.%s, 0) AS %s", *p, *p);
	rollup_metrics_sql(sql, m, nm);
	buf_printf(sql, "\nFROM m LEFT JOIN %s ON %s.%s = m.id;\n", rollups[r].entity,
	           rollups[r].entity, rollups[r].entity_id);
}

static void
free_metrics(struct metric_def *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].num);
		free(m[i].den);
	}
	free(m);
}

/* The metrics of table metric_defs, in their order (new array, *n of them). */
static struct metric_def *
read_metrics(struct sqlite_store *s, size_t *n, struct error *e)
{
	sqlite3_stmt *st;
	struct metric_def *m = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (query_prepare(s, "SELECT name, kind, num, den FROM metric_defs ORDER BY position, name",
	                  &st, e) != 0)
		return NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap)
			m = xrealloc(m, (cap = cap ? 2 * cap : 8) * sizeof *m);
		m[*n].name = xstrdup((const char *)sqlite3_column_text(st, 0));
		m[*n].ratio = strcmp((const char *)sqlite3_column_text(st, 1), "ratio") == 0;
		m[*n].num = sqlite3_column_text(st, 2) ? xstrdup((const char *)sqlite3_column_text(st, 2)) : NULL;
		m[*n].den = sqlite3_column_text(st, 3) ? xstrdup((const char *)sqlite3_column_text(st, 3)) : NULL;
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free_metrics(m, *n);
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
		return NULL;
	}
	return m ? m : xcalloc(1, sizeof *m);
}

/* (Re)creates every view from the schema and the metrics, in the open transaction. */
static int
create_views(struct sqlite_store *s, struct error *e)
{
	struct buf sql = BUF_INIT;
	struct metric_def *m;
	size_t n, r;
	int rc;

	if ((m = read_metrics(s, &n, e)) == NULL)
		return -1;
	buf_puts(&sql, "DROP VIEW IF EXISTS insight_actions;\n");
	for (r = 1; r < sizeof rollups / sizeof rollups[0]; r++)
		buf_printf(&sql, "DROP VIEW IF EXISTS %s;\nDROP VIEW IF EXISTS %s_by_breakdown;\n",
		           rollups[r].view, rollups[r].view);
	actions_view_sql(&sql);
	for (r = 1; r < sizeof rollups / sizeof rollups[0]; r++) {
		rollup_view_sql(&sql, r, m, n);
		breakdown_view_sql(&sql, r, m, n);
	}
	rc = exec(s, buf_str(&sql), e);
	buf_free(&sql);
	free_metrics(m, n);
	return rc;
}

/* Whether table has a column named name. */
static int
has_column(struct sqlite_store *s, const char *table, const char *name, struct error *e)
{
	sqlite3_stmt *st;
	int rc;

	if (query_prepare(s, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", &st, e) != 0)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return rc == SQLITE_ROW;
}

/* Adds to every table the columns the schema has and the file lacks (a newer version's). */
static int
add_missing_columns(struct sqlite_store *s, struct error *e)
{
	const struct schema_table *t;
	const struct schema_column *c;

	for (t = schema_tables(); t->stream; t++) {
		for (c = t->columns; c->name; c++) {
			int present = has_column(s, t->stream, c->name, e), rc;
			char *sql;

			if (present < 0)
				return -1;
			if (present)
				continue;
			sql = xasprintf("ALTER TABLE %s ADD COLUMN %s %s", t->stream, c->name, sql_type(c->type));
			rc = exec(s, sql, e);
			free(sql);
			if (rc != 0)
				return -1;
		}
	}
	return 0;
}

/*
 * Version 4 keeps an insight's action lists in its own row, typed, one
 * column per list, instead of a row per action in table insight_actions
 * (now a view): the lists older versions kept in `extra` as Meta sent them
 * move to their columns, typed as meta-transform types them.
 */
static int
move_action_lists(struct sqlite_store *s, struct error *e)
{
	sqlite3_stmt *sel, *upd;
	int rc = 0, step;

	if (query_prepare(s, "SELECT rowid, extra FROM insights WHERE extra IS NOT NULL", &sel, e) != 0)
		return -1;
	while (rc == 0 && (step = sqlite3_step(sel)) == SQLITE_ROW) {
		json_error_t jerr;
		json_t *extra = json_loads((const char *)sqlite3_column_text(sel, 1), 0, &jerr), *v;
		struct buf sql = BUF_INIT;
		const char *k;
		void *tmp;
		int n = 0;

		if (!json_is_object(extra)) {
			json_decref(extra);
			continue;
		}
		buf_puts(&sql, "UPDATE insights SET ");
		json_object_foreach_safe(extra, tmp, k, v) {
			if (!schema_is_action_list(k) || map_action_list(v, k, e) != 0)
				continue;
			buf_printf(&sql, "%s = json(?%d), ", k, ++n);
		}
		if (n == 0) {
			json_decref(extra);
			buf_free(&sql);
			continue;
		}
		buf_printf(&sql, "extra = ?%d WHERE rowid = ?%d", n + 1, n + 2);
		rc = query_prepare(s, buf_str(&sql), &upd, e);
		if (rc == 0) {
			n = 0;
			json_object_foreach_safe(extra, tmp, k, v) {
				if (!schema_is_action_list(k) || !json_is_array(v))
					continue;
				sqlite3_bind_text(upd, ++n, json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS), -1, free);
				json_object_del(extra, k);
			}
			if (json_object_size(extra))
				sqlite3_bind_text(upd, n + 1, json_dumps(extra, JSON_COMPACT | JSON_SORT_KEYS),
				                  -1, free);
			sqlite3_bind_int64(upd, n + 2, sqlite3_column_int64(sel, 0));
			if (sqlite3_step(upd) != SQLITE_DONE)
				rc = error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
			sqlite3_finalize(upd);
		}
		json_decref(extra);
		buf_free(&sql);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(sel);
	return rc ? -1 : 0;
}

/*
 * The default mapping, recorded in metric_defs for a new or migrated
 * database: purchases and revenue from omni_purchase (Meta's canonical
 * purchase type), roas, and link clicks from inline_link_clicks, or the
 * link_click action where that is zero or missing (never post_engagement).
 */
static const char default_metrics[] =
	"INSERT OR IGNORE INTO metric_defs (name, kind, num, den, position) VALUES\n"
	"  ('link_clicks', 'sum', NULL, NULL, 0), ('purchases', 'sum', NULL, NULL, 1),\n"
	"  ('revenue', 'sum', NULL, NULL, 2), ('roas', 'ratio', 'revenue', 'spend', 3);\n";

#define ACTION_VALUE(list, type) \
	"(SELECT SUM(json_extract(value, '$.value')) FROM json_each(" list ") " \
	"WHERE json_extract(value, '$.action_type') = '" type "')"

/* The default metrics of rows written before metrics were columns, from their lists. */
static const char default_metric_values[] =
	"UPDATE insights SET\n"
	"  purchases = " ACTION_VALUE("actions", "omni_purchase") ",\n"
	"  revenue = " ACTION_VALUE("action_values", "omni_purchase") ",\n"
	"  link_clicks = CASE WHEN inline_link_clicks > 0 THEN inline_link_clicks ELSE "
	"COALESCE(" ACTION_VALUE("actions", "link_click") ", inline_link_clicks) END;\n"
	"UPDATE insights SET roas = CASE WHEN spend > 0 THEN COALESCE(revenue, 0) / spend END;\n";

/*
 * meta-backfill's progress is kept per account, level and breakdown set
 * ("" for the rows without breakdowns; version 4 added the set to the
 * tables of versions 2 and 3).
 */
static const char progress_v3_to_v4[] =
	"ALTER TABLE backfill_days RENAME TO backfill_days_v3;\n"
	"ALTER TABLE backfill_runs RENAME TO backfill_runs_v3;\n";
static const char progress_v3_copy[] =
	"INSERT INTO backfill_days SELECT account_id, level, '', date, fetched_at FROM backfill_days_v3;\n"
	"INSERT INTO backfill_runs SELECT account_id, level, '', until, completed_at FROM backfill_runs_v3;\n"
	"DROP TABLE backfill_days_v3; DROP TABLE backfill_runs_v3;\n";

static const char progress_tables[] =
	"CREATE TABLE IF NOT EXISTS backfill_days (account_id TEXT NOT NULL, level TEXT NOT NULL,\n"
	"  breakdowns TEXT NOT NULL DEFAULT '', date TEXT NOT NULL, fetched_at TEXT NOT NULL,\n"
	"  PRIMARY KEY (account_id, level, breakdowns, date));\n"
	"CREATE TABLE IF NOT EXISTS backfill_runs (account_id TEXT NOT NULL, level TEXT NOT NULL,\n"
	"  breakdowns TEXT NOT NULL DEFAULT '', until TEXT NOT NULL, completed_at TEXT NOT NULL,\n"
	"  PRIMARY KEY (account_id, level, breakdowns));\n"
	/* A block Meta announced that outlasted a run: the next cron run probes once. */
	"CREATE TABLE IF NOT EXISTS rate_blocks (account_id TEXT PRIMARY KEY,\n"
	"  until_epoch REAL NOT NULL, until TEXT NOT NULL, recorded_at TEXT NOT NULL);\n"
	/* The derived metrics of the mapping: columns of insights, summed or divided in the views. */
	"CREATE TABLE IF NOT EXISTS metric_defs (name TEXT PRIMARY KEY, kind TEXT NOT NULL,\n"
	"  num TEXT, den TEXT, position INTEGER NOT NULL);\n";

/* Adds a REAL column to insights for each metric it lacks. */
static int
add_metric_columns(struct sqlite_store *s, struct error *e)
{
	struct metric_def *m;
	size_t n, i;
	int rc = 0, has;

	if ((m = read_metrics(s, &n, e)) == NULL)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if ((has = has_column(s, "insights", m[i].name, e)) < 0)
			rc = -1;
		else if (!has) {
			char *sql = xasprintf("ALTER TABLE insights ADD COLUMN %s REAL", m[i].name);
			rc = exec(s, sql, e);
			free(sql);
		}
	}
	free_metrics(m, n);
	return rc;
}

/*
 * Version 5, the account audit: the accounts table records disable_reason,
 * the business's id (business_name was there), and the account's default
 * attribution, as Meta's attribution_spec and as the attribution_setting
 * string insights rows carry.  Each column added only when missing, so a
 * file of any older version (whose missing columns add_missing_columns()
 * may have added already) takes the same step.
 */
static const char *const accounts_v5[][2] = {
	{ "disable_reason", "INTEGER" }, { "business_id", "TEXT" }, { "attribution_spec", "TEXT" },
	{ "attribution_setting", "TEXT" },
};

static int
migrate_accounts_v5(struct sqlite_store *s, struct error *e)
{
	size_t i;
	int has, rc = 0;

	for (i = 0; i < sizeof accounts_v5 / sizeof accounts_v5[0] && rc == 0; i++) {
		if ((has = has_column(s, "accounts", accounts_v5[i][0], e)) < 0)
			return -1;
		if (!has) {
			char *sql = xasprintf("ALTER TABLE accounts ADD COLUMN %s %s", accounts_v5[i][0],
			                      accounts_v5[i][1]);
			rc = exec(s, sql, e);
			free(sql);
		}
	}
	return rc;
}

static int
migrate(struct sqlite_store *s, struct error *e)
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
	if (version == STORE_SCHEMA_VERSION) {
		rc = exec(s, "COMMIT", e);
		goto out;
	}
	if (version < 1) {
		/* A new file: the current tables at once. */
		for (t = schema_tables(); t->stream; t++)
			create_table_sql(&sql, t);
		/*
		 * One index besides the key, for an account's dates (appended to
		 * as well).  No insights_by_campaign (level, campaign_id,
		 * date_start) any more: the views never used it (they read the
		 * whole table), its entries land all over the file under day-after-
		 * day loads, a fifth of the load time and 45 bytes a row; level
		 * filters have the primary key.  Files made before keep theirs.
		 */
		buf_puts(&sql,
		         "CREATE INDEX insights_by_date ON insights (account_id, date_start);\n"
		         "CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT NOT NULL,\n"
		         "  updated_at TEXT NOT NULL);\n");
		if (exec(s, buf_str(&sql), e) != 0)
			goto out;
	}
	/* Versions 2 and 3 added the progress and block tables; 4 the metrics table. */
	if (version >= 2 && version < 4 && exec(s, progress_v3_to_v4, e) != 0)
		goto out;
	if (exec(s, progress_tables, e) != 0)
		goto out;
	if (version >= 2 && version < 4 && exec(s, progress_v3_copy, e) != 0)
		goto out;
	if (version >= 1 && version < 4) {
		if (add_missing_columns(s, e) != 0 || move_action_lists(s, e) != 0 ||
		    exec(s, "DROP VIEW IF EXISTS adset_daily; DROP VIEW IF EXISTS campaign_daily;\n"
		         "DROP VIEW IF EXISTS account_daily; DROP TABLE IF EXISTS insight_actions;\n", e) != 0)
			goto out;
	}
	if (exec(s, default_metrics, e) != 0 || add_metric_columns(s, e) != 0)
		goto out;
	if (version >= 1 && version < 4 && exec(s, default_metric_values, e) != 0)
		goto out;
	if (version >= 1 && version < 5 && migrate_accounts_v5(s, e) != 0)
		goto out;
	/* Version 6 changed only the views (base NOT MATERIALIZED): remade below, as always. */
	if (create_views(s, e) != 0)
		goto out;
	buf_reset(&sql);
	buf_printf(&sql, "PRAGMA user_version = %d;", STORE_SCHEMA_VERSION);
	if (exec(s, buf_str(&sql), e) != 0)
		goto out;
	/* Later versions: `if (version >= 1 && version < 7) { ... }`, each in this transaction. */
	rc = exec(s, "COMMIT", e);
out:
	if (rc != 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	buf_free(&sql);
	return rc;
}

static int
prepare(struct sqlite_store *s, const char *sql, sqlite3_stmt **st, struct error *e)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

/*
 * The names of ts's columns, looked up once per field of a record: the
 * schema's, then the first nm metrics of s.  The metric names are
 * borrowed: the table is rebuilt whenever s->metrics changes.
 */
static void
name_columns(struct sqlite_store *s, struct table_stmt *ts, size_t nm)
{
	const struct schema_column *c;
	const char *const *k;
	size_t i, n;

	keytab_free(&ts->names);
	for (c = ts->t->columns, n = 0; c->name; c++, n++)
		keytab_add(&ts->names, c->name, (int)n);
	ts->ncols = n;
	for (i = 0; i < nm; i++)
		keytab_add(&ts->names, s->metrics[i].name, (int)(n + i));
	ts->nmetrics = nm;
	free(ts->key);
	for (k = ts->t->key, n = 0; *k; k++)
		n++;
	ts->key = xcalloc(n + 1, sizeof *ts->key);
	for (k = ts->t->key, i = 0; *k; k++, i++)
		ts->key[i] = (size_t)keytab_find(&ts->names, *k, strlen(*k), jscan_hash(*k, strlen(*k)));
	if (s->ncap < ts->ncols + nm) {
		s->ncap = ts->ncols + nm;
		s->val = xrealloc(s->val, s->ncap * sizeof *s->val);
		s->texts = xrealloc(s->texts, s->ncap * sizeof *s->texts);
	}
}

/*
 * INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE <something differs>, so
 * reloading identical data writes nothing and synced_at keeps the time of
 * the last real change.  The insights statement also fills the metric
 * columns.
 */
static int
prepare_table(struct sqlite_store *s, struct table_stmt *ts, struct error *e)
{
	const struct schema_table *t = ts->t;
	const struct schema_column *c;
	const char *const *k;
	struct buf sql = BUF_INIT;
	size_t nm = strcmp(t->stream, "insights") == 0 ? s->nmetrics : 0, i;
	int rc;

	sqlite3_finalize(ts->upsert);
	ts->upsert = NULL;
	name_columns(s, ts, nm);
	buf_printf(&sql, "INSERT INTO %s (", t->stream);
	for (c = t->columns; c->name; c++)
		buf_printf(&sql, "%s, ", c->name);
	for (i = 0; i < nm; i++)
		buf_printf(&sql, "%s, ", s->metrics[i].name);
	buf_puts(&sql, "extra, synced_at) VALUES (");
	for (c = t->columns; c->name; c++)
		buf_puts(&sql, "?, ");
	for (i = 0; i < nm; i++)
		buf_puts(&sql, "?, ");
	buf_puts(&sql, "?, ?) ON CONFLICT (");
	for (k = t->key; *k; k++)
		buf_printf(&sql, "%s%s", k == t->key ? "" : ", ", *k);
	buf_puts(&sql, ") DO UPDATE SET ");
	for (c = t->columns; c->name; c++)
		if (!schema_is_key(t, c->name))
			buf_printf(&sql, "%s = excluded.%s, ", c->name, c->name);
	for (i = 0; i < nm; i++)
		buf_printf(&sql, "%s = excluded.%s, ", s->metrics[i].name, s->metrics[i].name);
	buf_printf(&sql, "extra = excluded.extra, synced_at = excluded.synced_at WHERE %s.extra IS NOT "
	           "excluded.extra", t->stream);
	for (c = t->columns; c->name; c++)
		if (!schema_is_key(t, c->name))
			buf_printf(&sql, " OR %s.%s IS NOT excluded.%s", t->stream, c->name, c->name);
	for (i = 0; i < nm; i++)
		buf_printf(&sql, " OR %s.%s IS NOT excluded.%s", t->stream, s->metrics[i].name,
		           s->metrics[i].name);
	rc = prepare(s, buf_str(&sql), &ts->upsert, e);
	buf_free(&sql);
	return rc;
}

#define STORE_BUSY_MS 30000
#define STORE_PAGE_SIZE 16384
#define STRING(x) #x
#define STRING_OF(x) STRING(x)

/*
 * Switching a new file to WAL takes an exclusive lock without calling the
 * busy handler, so two runs starting together on a new file would fail at
 * once: retry for as long as the busy timeout, reading the mode first,
 * since a file already in WAL needs no lock.
 */
static int
use_wal(struct sqlite_store *s, struct error *e)
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

struct sqlite_store *
sqlite_store_open(const char *path, struct error *e)
{
	struct sqlite_store *s = xcalloc(1, sizeof *s);
	const struct schema_table *t;
	size_t n = 0;

	s->path = xstrdup(path);
	/*
	 * SQLite keeps memory statistics behind a process-wide mutex taken at
	 * every allocation, and nothing reads them.  Only possible before
	 * SQLite's first use in the process; afterwards it fails, harmlessly.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* One thread at a time uses a store: SQLite need not lock around every call. */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		error_set(e, EXIT_OTHER, "cannot open database '%s': %s", path,
		          s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	/* Another writer (a second meta-load) waits instead of failing at once. */
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	/*
	 * A new file gets 16 KiB pages (set before WAL mode writes the first
	 * page; an existing file keeps its own): an insights row is over a
	 * kilobyte, which leaves a third of a 4 KiB page empty and costs a
	 * system call per 4 KiB moved.
	 */
	if (exec(s, "PRAGMA page_size = " STRING_OF(STORE_PAGE_SIZE) ";", e) != 0 ||
	    use_wal(s, e) != 0 || exec(s, "PRAGMA synchronous = NORMAL;", e) != 0 ||
	    migrate(s, e) != 0 || (s->metrics = read_metrics(s, &s->nmetrics, e)) == NULL)
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
	sqlite_store_close(&s);
	return NULL;
}

void
sqlite_store_close(struct sqlite_store **sp)
{
	struct sqlite_store *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nstmts; i++) {
		sqlite3_finalize(s->stmts[i].upsert);
		keytab_free(&s->stmts[i].names);
		free(s->stmts[i].key);
	}
	free_metrics(s->metrics, s->nmetrics);
	free(s->val);
	free(s->texts);
	free(s->extra.keys);
	buf_free(&s->arena);
	buf_free(&s->key);
	buf_free(&s->text);
	jscan_free(&s->scan);
	sqlite3_finalize(s->save_state);
	sqlite3_finalize(s->attribution);
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s->db);
	free(s->stmts);
	free(s->path);
	free(s);
	*sp = NULL;
}

int
sqlite_store_begin(struct sqlite_store *s, struct error *e)
{
	if (s->in_tx)
		return 0;
	if (exec(s, "BEGIN IMMEDIATE", e) != 0)
		return -1;
	s->in_tx = 1;
	return 0;
}

int
sqlite_store_commit(struct sqlite_store *s, struct error *e)
{
	if (!s->in_tx)
		return 0;
	if (exec(s, "COMMIT", e) != 0)
		return -1;
	s->in_tx = 0;
	return 0;
}

void
sqlite_store_rollback(struct sqlite_store *s)
{
	if (!s->in_tx)
		return;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

static struct table_stmt *
find_stmt(struct sqlite_store *s, const char *stream)
{
	size_t i;

	for (i = 0; i < s->nstmts; i++)
		if (strcmp(s->stmts[i].t->stream, stream) == 0)
			return &s->stmts[i];
	return NULL;
}

/* Runs st and resets it; every statement binds all its parameters each time it runs. */
static int
step(struct sqlite_store *s, sqlite3_stmt *st, struct error *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

/* Whether s already records exactly these metrics, in this order, among its own. */
static int
same_metrics(const struct sqlite_store *s, const struct store_metric *m, size_t n)
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
sqlite_store_define_metrics(struct sqlite_store *s, const struct store_metric *m, size_t n, struct error *e)
{
	sqlite3_stmt *st = NULL;
	size_t i, k;
	int rc = -1;

	if (same_metrics(s, m, n))
		return 0;
	if (s->in_tx && sqlite_store_commit(s, e) != 0)
		return -1;
	if (exec(s, "BEGIN IMMEDIATE", e) != 0)
		return -1;
	if (query_prepare(s, "INSERT INTO metric_defs (name, kind, num, den, position) VALUES "
	                  "(?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
	                  "num = excluded.num, den = excluded.den, position = excluded.position",
	                  &st, e) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, m[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, m[i].ratio ? "ratio" : "sum", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, m[i].ratio ? m[i].num : NULL, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, m[i].ratio ? m[i].den : NULL, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)i);
		if (step(s, st, e) != 0)
			goto out;
	}
	if (add_metric_columns(s, e) != 0 || create_views(s, e) != 0 || exec(s, "COMMIT", e) != 0)
		goto out;
	/* The column names borrow the metrics' names: forget them first. */
	for (k = 0; k < s->nstmts; k++)
		name_columns(s, &s->stmts[k], 0);
	free_metrics(s->metrics, s->nmetrics);
	if ((s->metrics = read_metrics(s, &s->nmetrics, e)) == NULL) {
		s->nmetrics = 0;
		goto done;
	}
	for (k = 0; k < s->nstmts; k++)
		if (strcmp(s->stmts[k].t->stream, "insights") == 0 && prepare_table(s, &s->stmts[k], e) != 0)
			goto done;
	rc = 0;
	goto done;
out:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
done:
	sqlite3_finalize(st);
	return rc;
}

int
sqlite_store_knows(struct sqlite_store *s, const char *stream)
{
	return stream && find_stmt(s, stream) != NULL;
}

/* The column of the field whose key is token k: its number in names, or -1. */
static int
column_of(const struct keytab *names, const struct jscan *j, size_t k, struct buf *scratch)
{
	const struct jscan_token *t = &j->tok[k];
	size_t n;

	if (!(t->flags & JSCAN_ESCAPED))
		return keytab_find(names, jscan_at(j, k) + 1, t->len - 2, jscan_key_hash(j, k));
	buf_reset(scratch);
	n = jscan_string(j, k, buf_space(scratch, t->len));
	return keytab_find(names, scratch->data, n, jscan_hash(scratch->data, n));
}

int
store_split_record(const struct store_columns *c, const struct jscan *j, size_t rec,
                   struct buf *scratch, size_t *val, struct store_extra *x, struct error *e)
{
	size_t k;
	int col;

	memset(val, 0, c->n * sizeof *val);
	x->n = 0;
	for (k = rec + 1; k < j->tok[rec].next; k = j->tok[k + 1].next) {
		if ((col = column_of(c->names, j, k, scratch)) >= 0) {
			val[col] = k + 1;
			continue;
		}
		if (x->n == x->cap) {
			x->cap = x->cap ? 2 * x->cap : 16;
			x->keys = xrealloc(x->keys, x->cap * sizeof *x->keys);
		}
		x->keys[x->n++] = k;
	}
	for (k = 0; c->t->key[k]; k++) {
		size_t v = val[c->key[k]];

		if (v == 0 || j->tok[v].type == JSCAN_NULL)
			return error_set(e, EXIT_DATAERR, "%s record without key field '%s'%s", c->t->stream,
			                 c->t->key[k], strcmp(c->t->stream, "insights") == 0 ||
			                 strcmp(c->t->stream, "accounts") == 0
			                 ? " (is the stream piped through meta-transform?)" : ""), -1;
	}
	return 0;
}

static int
is_number(const struct jscan *j, size_t v)
{
	return j->tok[v].type == JSCAN_INTEGER || j->tok[v].type == JSCAN_REAL;
}

/* Whether token i is an action entry meta-transform typed: a string action_type, a numeric value if any. */
static int
is_typed_action(const struct jscan *j, size_t i)
{
	static const char type_key[] = "\"action_type\"", value_key[] = "\"value\"";
	size_t k, v;
	int typed = 0;

	if (j->tok[i].type != JSCAN_OBJECT)
		return 0;
	for (k = i + 1; k < j->tok[i].next; k = j->tok[k + 1].next) {
		const struct jscan_token *t = &j->tok[k];

		v = k + 1;
		if ((t->len == sizeof type_key - 1 && memcmp(jscan_at(j, k), type_key, t->len) == 0) ||
		    ((t->flags & JSCAN_ESCAPED) && jscan_string_is(j, k, "action_type", 11))) {
			if (j->tok[v].type != JSCAN_STRING)
				return 0;
			typed = 1;
		} else if ((t->len == sizeof value_key - 1 && memcmp(jscan_at(j, k), value_key, t->len) == 0) ||
		           ((t->flags & JSCAN_ESCAPED) && jscan_string_is(j, k, "value", 5))) {
			if (j->tok[v].type != JSCAN_NULL && !is_number(j, v))
				return 0;
		}
	}
	return typed;
}

/* Whether a real is a whole number a long long holds (and says so exactly). */
static int
is_whole(double d)
{
	return d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == (double)(long long)d;
}

/*
 * A typed record's value (token v, 0 when absent) must fit its column:
 * meta-load stores nothing as text by mistake.
 */
static int
check_value(const struct schema_column *c, const struct jscan *j, size_t v, struct error *e)
{
	size_t i, n = 0;
	int type;

	if (v == 0 || j->tok[v].type == JSCAN_NULL)
		return 0;
	type = j->tok[v].type;
	switch (c->type) {
	case SCHEMA_INTEGER:
		if (type == JSCAN_INTEGER || (type == JSCAN_REAL && is_whole(jscan_real(j, v))))
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not an integer", c->name), -1;
	case SCHEMA_NUMBER:
		if (is_number(j, v))
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not a number%s", c->name,
		                 type == JSCAN_STRING ? " (is the stream piped through meta-transform?)"
		                 : ""), -1;
	case SCHEMA_TEXT:
		if (type == JSCAN_STRING || is_number(j, v))
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not a string", c->name), -1;
	case SCHEMA_JSON:
		if (type == JSCAN_OBJECT || type == JSCAN_ARRAY)
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not an object", c->name), -1;
	case SCHEMA_ACTIONS:
		if (type != JSCAN_ARRAY)
			return error_set(e, EXIT_DATAERR, "field '%s': not a list of actions", c->name), -1;
		for (i = v + 1; i < j->tok[v].next; i = j->tok[i].next, n++)
			if (!is_typed_action(j, i))
				return error_set(e, EXIT_DATAERR, "field '%s[%zu]': not a typed action", c->name,
				                 n), -1;
		return 0;
	}
	return 0;
}

/*
 * Appends the n bytes at p, a JSON value, to out without its insignificant
 * whitespace (and the NUL bytes jansson skips, see jscan.c).
 */
static void
put_compact(struct buf *out, const char *p, size_t n)
{
	char *o = buf_space(out, n), *start = o;
	size_t i;
	int in_string = 0;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (in_string) {
			*o++ = c;
			if (c == '\\')
				*o++ = p[++i];
			else if (c == '"')
				in_string = 0;
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\0') {
			*o++ = c;
			in_string = c == '"';
		}
	}
	buf_added(out, (size_t)(o - start));
}

/* An object member as put_sorted() orders them: by its key's unescaped bytes, as jansson sorts. */
struct member {
	size_t key;      /* the key's token */
	const char *p;   /* its unescaped bytes */
	size_t n;
};

static int
member_before(const struct member *a, const struct member *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->p, b->p, n);

	return c < 0 || (c == 0 && a->n < b->n);
}

/* Sorts m[0..n) with tmp[0..n) as room: a merge sort, stable and without qsort's global context. */
static void
sort_members(struct member *m, struct member *tmp, size_t n)
{
	size_t half = n / 2, a = 0, b = half, o = 0;

	if (n < 2)
		return;
	sort_members(m, tmp, half);
	sort_members(m + half, tmp, n - half);
	while (a < half && b < n)
		tmp[o++] = member_before(&m[b], &m[a]) ? m[b++] : m[a++];
	while (a < half)
		tmp[o++] = m[a++];
	while (b < n)
		tmp[o++] = m[b++];
	memcpy(m, tmp, n * sizeof *m);
}

static void put_sorted(const struct jscan *j, size_t v, struct buf *out);

/* Appends {key:value,...} of the n members whose key tokens are keys[], sorted by key. */
static void
put_members(const struct jscan *j, const size_t *keys, size_t n, struct buf *out)
{
	struct member *m = xcalloc(2 * n + 1, sizeof *m);
	char *bytes = NULL;
	size_t i, size = 0, used = 0;

	for (i = 0; i < n; i++)
		if (j->tok[keys[i]].flags & JSCAN_ESCAPED)
			size += j->tok[keys[i]].len;
	if (size)
		bytes = xmalloc(size);
	for (i = 0; i < n; i++) {
		m[i].key = keys[i];
		if (j->tok[keys[i]].flags & JSCAN_ESCAPED) {
			m[i].p = bytes + used;
			m[i].n = jscan_string(j, keys[i], bytes + used);
			used += m[i].n;
		} else {
			m[i].p = jscan_at(j, keys[i]) + 1;
			m[i].n = j->tok[keys[i]].len - 2;
		}
	}
	sort_members(m, m + n, n);
	buf_append(out, "{", 1);
	for (i = 0; i < n; i++) {
		if (i)
			buf_append(out, ",", 1);
		buf_append(out, jscan_at(j, m[i].key), j->tok[m[i].key].len);
		buf_append(out, ":", 1);
		put_sorted(j, m[i].key + 1, out);
	}
	buf_append(out, "}", 1);
	free(bytes);
	free(m);
}

/*
 * Appends value v compact, objects with their keys sorted at every level
 * (how extra and the JSON columns are stored); strings and numbers as the
 * record has them.
 */
static void
put_sorted(const struct jscan *j, size_t v, struct buf *out)
{
	size_t i, n = 0, *keys;

	switch (j->tok[v].type) {
	case JSCAN_OBJECT:
		for (i = v + 1; i < j->tok[v].next; i = j->tok[i + 1].next)
			n++;
		keys = xcalloc(n + 1, sizeof *keys);
		for (i = v + 1, n = 0; i < j->tok[v].next; i = j->tok[i + 1].next)
			keys[n++] = i;
		put_members(j, keys, n, out);
		free(keys);
		break;
	case JSCAN_ARRAY:
		buf_append(out, "[", 1);
		for (i = v + 1; i < j->tok[v].next; i = j->tok[i].next) {
			if (i > v + 1)
				buf_append(out, ",", 1);
			put_sorted(j, i, out);
		}
		buf_append(out, "]", 1);
		break;
	default:
		buf_append(out, jscan_at(j, v), j->tok[v].len);
	}
}

/*
 * The text to bind for token v of a column of type type, when it is not
 * the record's own bytes: into s->arena, at *at.  Strings with escapes
 * unescaped; action lists compact; JSON objects compact with sorted keys.
 */
static void
build_text(struct sqlite_store *s, const struct jscan *j, size_t v, enum schema_type type,
           struct text_at *at)
{
	const struct jscan_token *t = &j->tok[v];

	at->off = s->arena.len;
	if (t->type == JSCAN_STRING)
		buf_added(&s->arena, jscan_string(j, v, buf_space(&s->arena, t->len)));
	else if (type == SCHEMA_ACTIONS)
		put_compact(&s->arena, jscan_at(j, v), t->len);
	else
		put_sorted(j, v, &s->arena);
	at->len = s->arena.len - at->off;
}

/* The UTC time now, as synced_at has it: formatted once a second, not once a row. */
static const char *
synced_at(struct sqlite_store *s)
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

/* Binds token v (0: absent) to parameter i; text, when its len is not 0, is the bytes to bind. */
static void
bind_token(struct sqlite_store *s, sqlite3_stmt *st, int i, const struct jscan *j, size_t v,
           const struct text_at *text)
{
	const struct jscan_token *t = &j->tok[v];

	if (v == 0) {
		sqlite3_bind_null(st, i);
		return;
	}
	/* The record's bytes and the arena stay as they are until the statement has run. */
	if (text->len) {
		sqlite3_bind_text(st, i, s->arena.data + text->off, (int)text->len, SQLITE_STATIC);
		return;
	}
	switch (t->type) {
	case JSCAN_STRING:
		sqlite3_bind_text(st, i, jscan_at(j, v) + 1, (int)(t->len - 2), SQLITE_STATIC);
		break;
	case JSCAN_INTEGER:
		sqlite3_bind_int64(st, i, jscan_integer(j, v));
		break;
	case JSCAN_REAL:
		sqlite3_bind_double(st, i, jscan_real(j, v));
		break;
	case JSCAN_TRUE:
	case JSCAN_FALSE:
		sqlite3_bind_int(st, i, t->type == JSCAN_TRUE);
		break;
	case JSCAN_ARRAY:
	case JSCAN_OBJECT:
		sqlite3_bind_text(st, i, jscan_at(j, v), (int)t->len, SQLITE_STATIC);
		break;
	default:
		sqlite3_bind_null(st, i);
	}
}

int
sqlite_store_upsert_scanned(struct sqlite_store *s, const char *stream, const struct jscan *j, size_t rec,
                     int *changed, struct error *e)
{
	struct table_stmt *ts = find_stmt(s, stream);
	struct text_at extra = { 0, 0 };
	size_t c, n;
	const char *base;

	*changed = 0;
	if (ts == NULL)
		return error_set(e, EXIT_DATAERR, "unknown stream '%s'", stream), -1;
	n = ts->ncols + ts->nmetrics;
	if (store_split_record(&(struct store_columns){ ts->t, &ts->names, ts->key, n }, j, rec,
	                       &s->key, s->val, &s->extra, e) != 0)
		return -1;
	/*
	 * One pass: each column checked, its text built when it needs one (in
	 * the arena, which has room for them all: a text is never longer than
	 * the record's bytes it comes from, nor is extra), and bound.  The
	 * bindings of a record that fails a check are simply bound again by
	 * the next.
	 */
	buf_reset(&s->arena);
	base = buf_space(&s->arena, 2 * j->tok[rec].len + 2);
	for (c = 0; c < n; c++) {
		size_t v = s->val[c];
		enum schema_type type = c < ts->ncols ? ts->t->columns[c].type : SCHEMA_NUMBER;

		if (c < ts->ncols) {
			if (check_value(&ts->t->columns[c], j, v, e) != 0)
				return -1;
		} else if (v && j->tok[v].type != JSCAN_NULL && !is_number(j, v)) {
			return error_set(e, EXIT_DATAERR, "field '%s': not a number",
			                 s->metrics[c - ts->ncols].name), -1;
		}
		s->texts[c].len = 0;
		if (v && ((j->tok[v].type == JSCAN_STRING && (j->tok[v].flags & JSCAN_ESCAPED)) ||
		          (type == SCHEMA_ACTIONS && (j->tok[v].flags & JSCAN_SPACE)) ||
		          (type == SCHEMA_JSON && j->tok[v].type != JSCAN_NULL)))
			build_text(s, j, v, type, &s->texts[c]);
		bind_token(s, ts->upsert, (int)c + 1, j, v, &s->texts[c]);
	}
	if (s->extra.n) {
		extra.off = s->arena.len;
		put_members(j, s->extra.keys, s->extra.n, &s->arena);
		extra.len = s->arena.len - extra.off;
		sqlite3_bind_text(ts->upsert, (int)n + 1, s->arena.data + extra.off, (int)extra.len,
		                  SQLITE_STATIC);
	} else {
		sqlite3_bind_null(ts->upsert, (int)n + 1);
	}
	/* Never so, by the room made above; if it were, the texts are bound again where they are. */
	if (s->arena.data != base)
		for (c = 0; c < n; c++)
			if (s->texts[c].len)
				bind_token(s, ts->upsert, (int)c + 1, j, s->val[c], &s->texts[c]);
	sqlite3_bind_text(ts->upsert, (int)n + 2, synced_at(s), -1, SQLITE_STATIC);
	if (sqlite_store_begin(s, e) != 0)
		return -1;
	if (step(s, ts->upsert, e) != 0)
		return -1;
	*changed = sqlite3_changes(s->db) > 0;
	return 0;
}

int
sqlite_store_upsert(struct sqlite_store *s, const char *stream, json_t *record, int *changed, struct error *e)
{
	*changed = 0;
	if (find_stmt(s, stream) == NULL)
		return error_set(e, EXIT_DATAERR, "unknown stream '%s'", stream), -1;
	buf_reset(&s->text);
	if (!json_is_object(record) || singer_dump(record, &s->text) != 0 ||
	    jscan_parse(&s->scan, s->text.data, s->text.len) != 0)
		return error_set(e, EXIT_DATAERR, "%s record: not a JSON object that can be stored",
		                 stream), -1;
	return sqlite_store_upsert_scanned(s, stream, &s->scan, 0, changed, e);
}

int
sqlite_store_save_state(struct sqlite_store *s, json_t *value, struct error *e)
{
	struct error le = { 0 };
	json_t *merged;
	int rc;

	if (sqlite_store_begin(s, e) != 0)
		return -1;
	/*
	 * Bookmarks of accounts this stream does not mention are kept: two
	 * pipelines for two accounts into one database must not forget each
	 * other's.
	 */
	merged = sqlite_store_load_state(s, &le);
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
sqlite_store_load_state(struct sqlite_store *s, struct error *e)
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


/*
 * Steps a one-value look-up and finalizes it: the value into *number or,
 * as a date, into *day when there is a row; their defaults stay when there
 * is none; a failed step (a busy database) is an error, never a default.
 */
static int
row_or_done(struct sqlite_store *s, sqlite3_stmt *st, double *number, long *day, struct error *e)
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

/* Binds the progress key to parameters 1 to 3. */
static void
bind_progress(sqlite3_stmt *st, const struct store_progress *p)
{
	sqlite3_bind_text(st, 1, p->account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, p->level, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, p->breakdowns ? p->breakdowns : "", -1, SQLITE_TRANSIENT);
}

int
sqlite_store_mark_days(struct sqlite_store *s, const struct store_progress *p, long since, long until,
                struct error *e)
{
	sqlite3_stmt *st;
	char date[16];
	long d;
	int rc = 0;

	if (sqlite_store_begin(s, e) != 0 ||
	    query_prepare(s, "INSERT INTO backfill_days (account_id, level, breakdowns, date, fetched_at) "
	                  "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
	                  "ON CONFLICT (account_id, level, breakdowns, date) DO UPDATE SET "
	                  "fetched_at = excluded.fetched_at", &st, e) != 0)
		return -1;
	for (d = since; d <= until && rc == 0; d++) {
		date_format(d, date, sizeof date);
		bind_progress(st, p);
		sqlite3_bind_text(st, 4, date, -1, SQLITE_TRANSIENT);
		rc = step(s, st, e);
	}
	sqlite3_finalize(st);
	return rc;
}

int
sqlite_store_fetched_days(struct sqlite_store *s, const struct store_progress *p, long since,
                   long until, unsigned char *done, struct error *e)
{
	sqlite3_stmt *st;
	long d;
	int rc;

	memset(done, 0, (size_t)(until - since + 1));
	if (query_prepare(s, "SELECT date FROM backfill_days WHERE account_id = ? AND level = ? "
	                  "AND breakdowns = ?", &st, e) != 0)
		return -1;
	bind_progress(st, p);
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
sqlite_store_account_offset(struct sqlite_store *s, const char *account, double *hours, struct error *e)
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
sqlite_store_run_completed(struct sqlite_store *s, const struct store_progress *p, long until,
                    struct error *e)
{
	sqlite3_stmt *st;
	char date[16];

	if (sqlite_store_begin(s, e) != 0 ||
	    query_prepare(s, "INSERT INTO backfill_runs (account_id, level, breakdowns, until, "
	                  "completed_at) VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
	                  "ON CONFLICT (account_id, level, breakdowns) DO UPDATE SET "
	                  "until = excluded.until, completed_at = excluded.completed_at", &st, e) != 0)
		return -1;
	date_format(until, date, sizeof date);
	bind_progress(st, p);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_TRANSIENT);
	if (step(s, st, e) != 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
sqlite_store_last_run(struct sqlite_store *s, const struct store_progress *p, long *until,
               struct error *e)
{
	sqlite3_stmt *st;

	*until = -1;
	if (query_prepare(s, "SELECT until FROM backfill_runs WHERE account_id = ? AND level = ? "
	                  "AND breakdowns = ?", &st, e) != 0)
		return -1;
	bind_progress(st, p);
	return row_or_done(s, st, NULL, until, e);
}

int
sqlite_store_get_block(struct sqlite_store *s, const char *account, double *until, struct error *e)
{
	sqlite3_stmt *st;

	*until = 0;
	if (query_prepare(s, "SELECT until_epoch FROM rate_blocks WHERE account_id = ?", &st, e) != 0)
		return -1;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	return row_or_done(s, st, until, NULL, e);
}

int
sqlite_store_set_block(struct sqlite_store *s, const char *account, double until, struct error *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_store_begin(s, e) != 0)
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

int
sqlite_store_insight_attribution(struct sqlite_store *s, json_t *record, char *out, size_t size, struct error *e)
{
	static const char *const key[] = { "level", "object_id", "date_start", "date_stop",
	                                   "breakdown_key" };
	sqlite3_stmt *st;
	size_t i;
	int rc;

	out[0] = '\0';
	if (s->attribution == NULL &&
	    prepare(s, "SELECT attribution_setting FROM insights WHERE level = ? AND object_id = ? "
	            "AND date_start = ? AND date_stop = ? AND breakdown_key = ?", &s->attribution, e) != 0)
		return -1;
	st = s->attribution;
	sqlite3_reset(st);
	for (i = 0; i < sizeof key / sizeof key[0]; i++) {
		const char *v = json_string_value(json_object_get(record, key[i]));
		/* A row without a key field is not stored as such: nothing to overwrite. */
		if (v == NULL)
			return 0;
		sqlite3_bind_text(st, (int)i + 1, v, -1, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}

json_t *
sqlite_store_account_currencies(struct sqlite_store *s, struct error *e)
{
	sqlite3_stmt *st;
	json_t *by = json_object();
	int rc;

	if (query_prepare(s, "SELECT currency, account_id FROM accounts WHERE currency IS NOT NULL "
	                  "ORDER BY currency, account_id", &st, e) != 0) {
		json_decref(by);
		return NULL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(st, 0);
		char *act = xasprintf("act_%s", (const char *)sqlite3_column_text(st, 1));

		if (json_object_get(by, cur) == NULL)
			json_object_set_new(by, cur, json_array());
		json_array_append_new(json_object_get(by, cur), json_string(act));
		free(act);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
		json_decref(by);
		return NULL;
	}
	return by;
}

json_t *
sqlite_store_unnamed_objects(struct sqlite_store *s, const char *account, const char *kind, struct error *e)
{
	const char *col = strcmp(kind, "campaigns") == 0 ? "campaign_id"
	                : strcmp(kind, "adsets") == 0 ? "adset_id" : "ad_id";
	char *q = xasprintf("SELECT DISTINCT %s FROM insights WHERE account_id = ? AND %s IS NOT NULL "
	                    "AND %s NOT IN (SELECT id FROM %s) ORDER BY 1", col, col, col,
	                    strcmp(kind, "campaigns") == 0 ? "campaigns"
	                    : strcmp(kind, "adsets") == 0 ? "adsets" : "ads");
	sqlite3_stmt *st;
	json_t *ids;
	int rc;

	rc = query_prepare(s, q, &st, e);
	free(q);
	if (rc != 0)
		return NULL;
	sqlite3_bind_text(st, 1, strncmp(account, "act_", 4) == 0 ? account + 4 : account, -1,
	                  SQLITE_TRANSIENT);
	ids = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(ids, json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db));
		json_decref(ids);
		return NULL;
	}
	return ids;
}

/* The record helpers above, for the other store (store_impl.h). */
int
store_check_value(const struct schema_column *c, const struct jscan *j, size_t v, struct error *e)
{
	return check_value(c, j, v, e);
}

void
store_put_compact(struct buf *out, const char *p, size_t n)
{
	put_compact(out, p, n);
}

void
store_put_sorted(const struct jscan *j, size_t v, struct buf *out)
{
	put_sorted(j, v, out);
}

void
store_put_members(const struct jscan *j, const size_t *keys, size_t n, struct buf *out)
{
	put_members(j, keys, n, out);
}

/* The latest completed_at of account's runs into out ("" when none): see store_run_stamp(). */
int
sqlite_store_run_stamp(struct sqlite_store *s, const char *account, char *out, size_t size,
                       struct error *e)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if (query_prepare(s, "SELECT max(completed_at) FROM backfill_runs WHERE account_id = ?", &st,
	                  e) != 0)
		return -1;
	sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error_set(e, EXIT_OTHER, "database '%s': %s", s->path, sqlite3_errmsg(s->db)), -1;
	return 0;
}
