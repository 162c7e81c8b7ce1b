/* rdb_sqlite.c - rdb.h over SQLite (rdb.c dispatches here): the report's only SQLite calls. */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "rdb_impl.h"
#include "util.h"

struct sqlite_rdb {
	sqlite3 *db;
	char *path;
};

struct sqlite_rdb_stmt {
	struct sqlite_rdb *db;
	sqlite3_stmt *st;
};

struct sqlite_rdb *
sqlite_rdb_open(const char *path, struct error *e)
{
	struct sqlite_rdb *db = xcalloc(1, sizeof *db);

	/* Read-only, and never created: a report on a mistyped path must not leave an empty file. */
	if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		error_set(e, EXIT_OTHER, "cannot open database '%s': %s", path,
		          db->db ? sqlite3_errmsg(db->db) : "out of memory");
		sqlite3_close(db->db);
		free(db);
		return NULL;
	}
	/* meta-backfill may be writing: wait for its commit instead of failing at once. */
	sqlite3_busy_timeout(db->db, 10000);
	/*
	 * The report's GROUP BYs sort in memory rather than in a temporary
	 * file, and pages are read through a mapping instead of copied one by
	 * one: a third less time on a 2,000-ad, 90-day file.
	 */
	sqlite3_exec(db->db, "PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	db->path = xstrdup(path);
	return db;
}

void
sqlite_rdb_close(struct sqlite_rdb **db)
{
	if (*db == NULL)
		return;
	sqlite3_close((*db)->db);
	free((*db)->path);
	free(*db);
	*db = NULL;
}

struct sqlite_rdb_stmt *
sqlite_rdb_prepare(struct sqlite_rdb *db, const char *sql, struct error *e)
{
	struct sqlite_rdb_stmt *st = xcalloc(1, sizeof *st);

	st->db = db;
	if (sqlite3_prepare_v2(db->db, sql, -1, &st->st, NULL) != SQLITE_OK) {
		error_set(e, EXIT_OTHER, "database '%s': %s", db->path, sqlite3_errmsg(db->db));
		free(st);
		return NULL;
	}
	return st;
}

int
sqlite_rdb_bind(struct sqlite_rdb_stmt *st, int n, const char *text, struct error *e)
{
	char name[16];
	int i;

	snprintf(name, sizeof name, "$%d", n);
	if ((i = sqlite3_bind_parameter_index(st->st, name)) == 0)
		return error_set(e, EXIT_OTHER, "database '%s': no parameter %s", st->db->path, name);
	if (sqlite3_bind_text(st->st, i, text, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return error_set(e, EXIT_OTHER, "database '%s': %s", st->db->path,
		                 sqlite3_errmsg(st->db->db));
	return 0;
}

int
sqlite_rdb_step(struct sqlite_rdb_stmt *st, struct error *e)
{
	int rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	error_set(e, EXIT_OTHER, "database '%s': %s", st->db->path, sqlite3_errmsg(st->db->db));
	return -1;
}

int
sqlite_rdb_columns(struct sqlite_rdb_stmt *st)
{
	return sqlite3_column_count(st->st);
}

const char *
sqlite_rdb_column_name(struct sqlite_rdb_stmt *st, int i)
{
	const char *s = sqlite3_column_name(st->st, i);

	return s ? s : "";
}

int
sqlite_rdb_is_null(struct sqlite_rdb_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

double
sqlite_rdb_double(struct sqlite_rdb_stmt *st, int i)
{
	return sqlite3_column_double(st->st, i);
}

const char *
sqlite_rdb_text(struct sqlite_rdb_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st->st, i);

	return s ? (const char *)s : "";
}

void
sqlite_rdb_finalize(struct sqlite_rdb_stmt **st)
{
	if (*st == NULL)
		return;
	sqlite3_finalize((*st)->st);
	free(*st);
	*st = NULL;
}
