/*
 * rdb.c - rdb.h's one interface over its two engines: SQLite
 * (rdb_sqlite.c) and PostgreSQL (rdb_pg.c), chosen from the --db value as
 * the store chooses (store_is_postgres()).  summary.c never knows which.
 */
#include <stdlib.h>

#include "rdb_impl.h"
#include "store.h"
#include "util.h"

struct rdb {
	struct sqlite_rdb *sqlite;  /* exactly one of the two */
	struct pg_rdb *pg;
};

struct rdb_stmt {
	struct sqlite_rdb_stmt *sqlite;  /* its database's engine's */
	struct pg_rdb_stmt *pg;
};

struct rdb *
rdb_open(const char *path, struct error *e)
{
	struct rdb *db = xcalloc(1, sizeof *db);

	if (store_is_postgres(path))
		db->pg = pg_rdb_open(path, e);
	else
		db->sqlite = sqlite_rdb_open(path, e);
	if (db->pg == NULL && db->sqlite == NULL) {
		free(db);
		return NULL;
	}
	return db;
}

void
rdb_close(struct rdb **db)
{
	if (*db == NULL)
		return;
	if ((*db)->pg)
		pg_rdb_close(&(*db)->pg);
	else
		sqlite_rdb_close(&(*db)->sqlite);
	free(*db);
	*db = NULL;
}

struct rdb_stmt *
rdb_prepare(struct rdb *db, const char *sql, struct error *e)
{
	struct rdb_stmt *st = xcalloc(1, sizeof *st);

	if (db->pg)
		st->pg = pg_rdb_prepare(db->pg, sql, e);
	else
		st->sqlite = sqlite_rdb_prepare(db->sqlite, sql, e);
	if (st->pg == NULL && st->sqlite == NULL) {
		free(st);
		return NULL;
	}
	return st;
}

int
rdb_bind(struct rdb_stmt *st, int n, const char *text, struct error *e)
{
	return st->pg ? pg_rdb_bind(st->pg, n, text, e) : sqlite_rdb_bind(st->sqlite, n, text, e);
}

int
rdb_step(struct rdb_stmt *st, struct error *e)
{
	return st->pg ? pg_rdb_step(st->pg, e) : sqlite_rdb_step(st->sqlite, e);
}

int
rdb_columns(struct rdb_stmt *st)
{
	return st->pg ? pg_rdb_columns(st->pg) : sqlite_rdb_columns(st->sqlite);
}

const char *
rdb_column_name(struct rdb_stmt *st, int i)
{
	return st->pg ? pg_rdb_column_name(st->pg, i) : sqlite_rdb_column_name(st->sqlite, i);
}

int
rdb_is_null(struct rdb_stmt *st, int i)
{
	return st->pg ? pg_rdb_is_null(st->pg, i) : sqlite_rdb_is_null(st->sqlite, i);
}

double
rdb_double(struct rdb_stmt *st, int i)
{
	return st->pg ? pg_rdb_double(st->pg, i) : sqlite_rdb_double(st->sqlite, i);
}

const char *
rdb_text(struct rdb_stmt *st, int i)
{
	return st->pg ? pg_rdb_text(st->pg, i) : sqlite_rdb_text(st->sqlite, i);
}

void
rdb_finalize(struct rdb_stmt **st)
{
	if (*st == NULL)
		return;
	if ((*st)->pg)
		pg_rdb_finalize(&(*st)->pg);
	else
		sqlite_rdb_finalize(&(*st)->sqlite);
	free(*st);
	*st = NULL;
}
