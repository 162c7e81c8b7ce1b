/*
 * fuzz-load-line: any bytes as a line of meta-load's input.
 *
 *  - jscan_parse() accepts the line exactly when jansson's
 *    json_loadb(..., JSON_REJECT_DUPLICATES) does;
 *  - a RECORD upserted from its text (store_upsert_scanned()) fails, or
 *    not, with the message the reference below gives, and otherwise
 *    stores the row the reference stores: meta-load's checks and bindings
 *    as they were on the jansson path, kept here as the oracle (numbers,
 *    strings and NULLs equal; action lists, breakdowns and extra equal as
 *    JSON, since the text path keeps the record's own bytes).
 *
 * The store lives in a file under $TMPDIR (or /tmp), emptied after each
 * input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jscan.h"
#include "schema.h"
#include "singer.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const metrics[] = { "link_clicks", "purchases", "revenue", "roas", NULL };

/* ---- The reference: the jansson path's checks, in its order, with its messages. */

static int
ref_check(const struct schema_column *c, json_t *v, struct error *e)
{
	size_t i;
	json_t *entry, *value;

	if (v == NULL || json_is_null(v))
		return 0;
	switch (c->type) {
	case SCHEMA_INTEGER:
		if (json_is_integer(v) || (json_is_real(v) && json_real_value(v) >= -9223372036854775808.0 &&
		                           json_real_value(v) < 9223372036854775808.0 &&
		                           json_real_value(v) == (double)(long long)json_real_value(v)))
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not an integer", c->name);
	case SCHEMA_NUMBER:
		if (json_is_number(v))
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not a number%s", c->name,
		                 json_is_string(v) ? " (is the stream piped through meta-transform?)" : "");
	case SCHEMA_TEXT:
		if (json_is_string(v) || json_is_number(v))
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not a string", c->name);
	case SCHEMA_JSON:
		if (json_is_object(v) || json_is_array(v))
			return 0;
		return error_set(e, EXIT_DATAERR, "field '%s': not an object", c->name);
	case SCHEMA_ACTIONS:
		if (!json_is_array(v))
			return error_set(e, EXIT_DATAERR, "field '%s': not a list of actions", c->name);
		json_array_foreach(v, i, entry) {
			value = json_object_get(entry, "value");
			if (!json_is_object(entry) || !json_is_string(json_object_get(entry, "action_type")) ||
			    !(value == NULL || json_is_number(value) || json_is_null(value)))
				return error_set(e, EXIT_DATAERR, "field '%s[%zu]': not a typed action", c->name, i);
		}
	}
	return 0;
}

static int
is_metric(const char *stream, const char *name)
{
	const char *const *m;

	for (m = metrics; strcmp(stream, "insights") == 0 && *m; m++)
		if (strcmp(*m, name) == 0)
			return 1;
	return 0;
}

static void
ref_bind(sqlite3_stmt *st, int i, json_t *v)
{
	if (v == NULL || json_is_null(v))
		sqlite3_bind_null(st, i);
	else if (json_is_string(v))
		sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v), SQLITE_TRANSIENT);
	else if (json_is_integer(v))
		sqlite3_bind_int64(st, i, json_integer_value(v));
	else if (json_is_real(v))
		sqlite3_bind_double(st, i, json_real_value(v));
	else if (json_is_boolean(v))
		sqlite3_bind_int(st, i, json_is_true(v));
	else
		sqlite3_bind_text(st, i, json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS), -1, free);
}

/* Checks record as the jansson path did and writes its row into table stream of ref. */
static int
ref_upsert(sqlite3 *ref, const char *stream, json_t *record, struct error *e)
{
	const struct schema_table *t = schema_find(stream);
	const struct schema_column *c;
	const char *const *k, *key;
	json_t *extra, *v;
	sqlite3_stmt *st;
	char sql[4096];
	int n = 0, i = 1;
	const char *const *m;

	if (t == NULL)
		return error_set(e, EXIT_DATAERR, "unknown stream '%s'", stream);
	for (k = t->key; *k; k++) {
		v = json_object_get(record, *k);
		if (v == NULL || json_is_null(v))
			return error_set(e, EXIT_DATAERR, "%s record without key field '%s'%s", stream, *k,
			                 strcmp(stream, "insights") == 0 || strcmp(stream, "accounts") == 0
			                 ? " (is the stream piped through meta-transform?)" : "");
	}
	for (c = t->columns; c->name; c++)
		if (ref_check(c, json_object_get(record, c->name), e) != 0)
			return -1;
	for (m = metrics; strcmp(stream, "insights") == 0 && *m; m++) {
		v = json_object_get(record, *m);
		if (v && !json_is_null(v) && !json_is_number(v))
			return error_set(e, EXIT_DATAERR, "field '%s': not a number", *m);
	}
	for (c = t->columns; c->name; c++)
		n++;
	n += strcmp(stream, "insights") == 0 ? 4 : 0;
	/* The columns in the order of the table: the schema's, extra, synced_at, the metrics. */
	snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (", stream);
	for (i = 0; i < n + 2; i++)
		strcat(sql, i ? ", ?" : "?");
	strcat(sql, ")");
	if (sqlite3_prepare_v2(ref, sql, -1, &st, NULL) != SQLITE_OK)
		abort();
	i = 1;
	for (c = t->columns; c->name; c++)
		ref_bind(st, i++, json_object_get(record, c->name));
	extra = json_object();
	json_object_foreach(record, key, v)
		if (schema_column(t, key) == NULL && !is_metric(stream, key))
			json_object_set(extra, key, v);
	ref_bind(st, i++, json_object_size(extra) ? extra : NULL);
	json_decref(extra);
	sqlite3_bind_text(st, i++, "now", -1, SQLITE_STATIC);
	for (m = metrics; strcmp(stream, "insights") == 0 && *m; m++)
		ref_bind(st, i++, json_object_get(record, *m));
	if (sqlite3_step(st) != SQLITE_DONE)
		abort();
	sqlite3_finalize(st);
	return 0;
}

/* ---- The comparison. */

static int
is_json_column(const char *name)
{
	return strcmp(name, "extra") == 0 || strcmp(name, "breakdowns") == 0 ||
	       schema_is_action_list(name);
}

static void
same_rows(sqlite3 *got, sqlite3 *want, const char *table)
{
	sqlite3_stmt *a, *b;
	char sql[256];
	int i;

	snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
	if (sqlite3_prepare_v2(got, sql, -1, &a, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(want, sql, -1, &b, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(a) != SQLITE_ROW || sqlite3_step(b) != SQLITE_ROW ||
	    sqlite3_column_count(a) != sqlite3_column_count(b))
		abort();
	for (i = 0; i < sqlite3_column_count(a); i++) {
		const char *name = sqlite3_column_name(a, i);
		int type = sqlite3_column_type(a, i);

		if (strcmp(name, "synced_at") == 0)
			continue;
		if (type != sqlite3_column_type(b, i))
			abort();
		if (type == SQLITE_INTEGER && sqlite3_column_int64(a, i) != sqlite3_column_int64(b, i))
			abort();
		if (type == SQLITE_FLOAT && sqlite3_column_double(a, i) != sqlite3_column_double(b, i))
			abort();
		if (type == SQLITE_TEXT && is_json_column(name)) {
			json_t *x = json_loads((const char *)sqlite3_column_text(a, i), 0, NULL);
			json_t *y = json_loads((const char *)sqlite3_column_text(b, i), 0, NULL);

			if (x == NULL || y == NULL || !json_equal(x, y))
				abort();
			json_decref(x);
			json_decref(y);
		} else if (type == SQLITE_TEXT &&
		           (sqlite3_column_bytes(a, i) != sqlite3_column_bytes(b, i) ||
		            memcmp(sqlite3_column_text(a, i), sqlite3_column_text(b, i),
		                   (size_t)sqlite3_column_bytes(a, i)) != 0)) {
			abort();
		}
	}
	if (sqlite3_step(a) != SQLITE_DONE || sqlite3_step(b) != SQLITE_DONE)
		abort();
	sqlite3_finalize(a);
	sqlite3_finalize(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct store *s;
	static sqlite3 *got, *want;
	static struct jscan j;
	static struct buf stream = BUF_INIT;
	char *line = malloc(size + 1);
	json_t *msg;
	size_t rec;
	int scanned, changed;

	if (s == NULL) {
		struct error e = { 0 };
		const char *tmp = getenv("TMPDIR");
		char path[4096];
		sqlite3_stmt *st;

		snprintf(path, sizeof path, "%s/fuzz-load-line-%ld.db", tmp ? tmp : "/tmp", (long)getpid());
		unlink(path);
		if ((s = store_open(path, &e)) == NULL || sqlite3_open(path, &got) != SQLITE_OK ||
		    sqlite3_open(":memory:", &want) != SQLITE_OK)
			abort();
		/* The same tables, without their keys and views, for the reference rows. */
		if (sqlite3_prepare_v2(got, "SELECT sql FROM sqlite_schema WHERE type = 'table'", -1, &st,
		                       NULL) != SQLITE_OK)
			abort();
		while (sqlite3_step(st) == SQLITE_ROW)
			if (sqlite3_exec(want, (const char *)sqlite3_column_text(st, 0), NULL, NULL, NULL) != SQLITE_OK)
				abort();
		sqlite3_finalize(st);
		jscan_init(&j);
	}
	memcpy(line, data, size);
	line[size] = '\0';
	msg = json_loadb(line, size, JSON_REJECT_DUPLICATES, NULL);
	scanned = jscan_parse(&j, line, size) == 0;
	if (scanned != (msg != NULL))
		abort();
	if (scanned && singer_scan_record(&j, &stream, &rec)) {
		struct singer_reader r = { NULL, line, size + 1, (ssize_t)size, 1 };
		struct error e1 = { 0 }, e2 = { 0 };
		json_t *parsed = singer_parse_line(&r, &e1);
		int rc1, rc2;

		/* The shape singer_scan_record() saw is the one jansson sees. */
		if (parsed == NULL || singer_type_of(parsed) != SINGER_RECORD ||
		    strcmp(json_string_value(json_object_get(parsed, "stream")), buf_str(&stream)) != 0)
			abort();
		rc1 = store_upsert_scanned(s, buf_str(&stream), &j, rec, &changed, &e1);
		rc2 = ref_upsert(want, buf_str(&stream), json_object_get(parsed, "record"), &e2);
		if ((rc1 != 0) != (rc2 != 0) || (rc1 != 0 && strcmp(e1.msg, e2.msg) != 0))
			abort();
		if (rc1 == 0) {
			char sql[128];

			if (store_commit(s, &e1) != 0)
				abort();
			same_rows(got, want, buf_str(&stream));
			snprintf(sql, sizeof sql, "DELETE FROM %s", buf_str(&stream));
			if (sqlite3_exec(got, sql, NULL, NULL, NULL) != SQLITE_OK ||
			    sqlite3_exec(want, sql, NULL, NULL, NULL) != SQLITE_OK)
				abort();
		}
		json_decref(parsed);
	}
	json_decref(msg);
	free(line);
	return 0;
}
