/* The SQLite store: migration, idempotent upserts, child replacement, state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "singer.h"
#include "store.h"
#include "tap.h"

static json_t *
J(const char *s)
{
	json_error_t jerr;

	return json_loads(s, 0, &jerr);
}

static long
count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long n = -1;

	sqlite3_open(db, &h);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

int
main(void)
{
	char dir[] = "/tmp/metasync-store-XXXXXX", db[64], wal[80], shm[80];
	struct error e = { 0 };
	struct store *s;
	json_t *r, *a, *state;
	int changed;

	mkdtemp(dir);
	snprintf(db, sizeof db, "%s/t.db", dir);
	s = store_open(db, &e);
	ok(s != NULL, "a new database is created: %s", e.msg);
	r = J("{\"level\":\"ad\",\"object_id\":\"4\",\"account_id\":\"1\",\"date_start\":\"2026-10-01\","
	      "\"date_stop\":\"2026-10-01\",\"breakdown_key\":\"\",\"spend\":1.5,\"impressions\":10,"
	      "\"odd_new_field\":\"kept\"}");
	is_int(store_upsert(s, "insights", r, &changed, &e), 0, "insert an insight");
	is_int(changed, 1, "a new row is a change");
	is_int(store_upsert(s, "insights", r, &changed, &e), 0, "the same again");
	is_int(changed, 0, "identical data changes nothing");
	json_object_set_new(r, "actions", J("[{\"action_type\":\"x\",\"value\":3,\"1d_click\":2}]"));
	json_object_set_new(r, "revenue", json_real(4.5));
	json_object_set_new(r, "spend", json_real(2.5));
	is_int(store_upsert(s, "insights", r, &changed, &e), 0, "a restated insight");
	is_int(changed, 1, "a different value is a change");
	a = J("{\"level\":\"ad\"}");
	is_int(store_upsert(s, "insights", a, &changed, &e), -1, "a record without its key fails");
	json_decref(a);
	is_int(e.status, 65, "as bad data (65)");
	is_int(store_upsert(s, "nope", r, &changed, &e), -1, "an unknown stream fails");
	state = J("{\"bookmarks\":{\"insights\":{\"act_1\":{}}}}");
	is_int(store_save_state(s, state, &e), 0, "save a state");
	is_int(store_commit(s, &e), 0, "commit");
	store_close(&s);

	is_int(count(db, "SELECT spend FROM insights"), 2, "the restated value is stored");
	is_int(count(db, "SELECT count(*) FROM insight_actions WHERE field = 'actions' AND "
	             "action_type = 'x' AND value = 3 AND windows = '{\"1d_click\":2}'"), 1,
	       "the action list is stored in the row and insight_actions shows its entry");
	is_int(count(db, "SELECT count(*) FROM insights WHERE revenue = 4.5 AND extra NOT LIKE '%revenue%'"),
	       1, "a mapped metric is a column, not extra");
	is_int(count(db, "SELECT count(*) FROM insights WHERE json_extract(extra, '$.odd_new_field') = 'kept'"),
	       1, "unknown fields land in extra");
	is_int(count(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION, "schema version recorded");

	/* A record straight from its text: escapes, whitespace, extra sorted at every level. */
	s = store_open(db, &e);
	{
		static const char line[] =
			"{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"level\":\"ad\","
			"\"object_id\":\"5\",\"account_id\":\"1\",\"date_start\":\"2026-10-02\","
			"\"date_stop\":\"2026-10-02\",\"breakdown_key\":\"\",\"ad_name\":\"\\u00e9 \\\"q\\\"\","
			"\"impressions\":12.0,\"actions\": [ {\"action_type\": \"x\", \"value\": 1.50} ],"
			"\"zeta\":1,\"alpha\":{\"b\":2,\"a\":[3,{\"d\":4,\"c\":5}]}}}";
		struct jscan j = JSCAN_INIT;
		struct buf stream = BUF_INIT;
		size_t rec;

		ok(jscan_parse(&j, line, sizeof line - 1) == 0 && singer_scan_record(&j, &stream, &rec),
		   "a RECORD line scans");
		is_int(store_upsert_scanned(s, buf_str(&stream), &j, rec, &changed, &e), 0,
		       "upserted from its text");
		is_int(changed, 1, "a new row");
		is_int(store_upsert_scanned(s, buf_str(&stream), &j, rec, &changed, &e), 0, "again");
		is_int(changed, 0, "the same text changes nothing");
		jscan_free(&j);
		buf_free(&stream);
	}
	is_int(store_commit(s, &e), 0, "commit");
	store_close(&s);
	is_int(count(db, "SELECT count(*) FROM insights WHERE object_id = '5' AND ad_name = '\xc3\xa9 \"q\"' "
	             "AND impressions = 12 AND typeof(impressions) = 'integer'"), 1,
	       "strings unescaped, a whole real in an integer column an integer");
	is_int(count(db, "SELECT count(*) FROM insights WHERE object_id = '5' AND actions = "
	             "'[{\"action_type\":\"x\",\"value\":1.50}]'"), 1,
	       "an action list compact, as the record writes it");
	is_int(count(db, "SELECT count(*) FROM insights WHERE object_id = '5' AND extra = "
	             "'{\"alpha\":{\"a\":[3,{\"c\":5,\"d\":4}],\"b\":2},\"zeta\":1}'"), 1,
	       "extra compact, its keys sorted at every level");

	s = store_open(db, &e);
	ok(s != NULL, "reopen an existing database");
	{
		json_t *got = store_load_state(s, &e);
		ok(got && json_equal(got, state), "the saved state comes back");
		json_decref(got);
	}
	a = J("{\"id\":\"7\",\"name\":\"c\"}");
	is_int(store_upsert(s, "campaigns", a, &changed, &e), 0, "write without committing");
	json_decref(a);
	store_close(&s);
	is_int(count(db, "SELECT count(*) FROM campaigns"), 0, "closing without commit rolls back");

	{
		sqlite3 *h;
		sqlite3_open(db, &h);
		sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
		sqlite3_close(h);
	}
	s = store_open(db, &e);
	ok(s == NULL && strstr(e.msg, "newer"), "a newer schema is refused: %s", e.msg);
	json_decref(r);
	json_decref(state);
	snprintf(wal, sizeof wal, "%s-wal", db);
	snprintf(shm, sizeof shm, "%s-shm", db);
	unlink(db);
	unlink(wal);
	unlink(shm);
	rmdir(dir);
	return done_testing();
}
