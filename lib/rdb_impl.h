/*
 * rdb_impl.h - what lib/rdb.c dispatches to: the SQLite reader
 * (rdb_sqlite.c) and the PostgreSQL reader (rdb_pg.c), each the whole of
 * rdb.h's contract for its engine.  Only rdb*.c include this.
 */
#ifndef METASYNC_RDB_IMPL_H
#define METASYNC_RDB_IMPL_H

#include "rdb.h"

struct sqlite_rdb;
struct sqlite_rdb_stmt;
struct pg_rdb;
struct pg_rdb_stmt;

struct sqlite_rdb *sqlite_rdb_open(const char *path, struct error *e);
void sqlite_rdb_close(struct sqlite_rdb **db);
struct sqlite_rdb_stmt *sqlite_rdb_prepare(struct sqlite_rdb *db, const char *sql, struct error *e);
int sqlite_rdb_bind(struct sqlite_rdb_stmt *st, int n, const char *text, struct error *e);
int sqlite_rdb_step(struct sqlite_rdb_stmt *st, struct error *e);
int sqlite_rdb_columns(struct sqlite_rdb_stmt *st);
const char *sqlite_rdb_column_name(struct sqlite_rdb_stmt *st, int i);
int sqlite_rdb_is_null(struct sqlite_rdb_stmt *st, int i);
double sqlite_rdb_double(struct sqlite_rdb_stmt *st, int i);
const char *sqlite_rdb_text(struct sqlite_rdb_stmt *st, int i);
void sqlite_rdb_finalize(struct sqlite_rdb_stmt **st);

struct pg_rdb *pg_rdb_open(const char *url, struct error *e);
void pg_rdb_close(struct pg_rdb **db);
struct pg_rdb_stmt *pg_rdb_prepare(struct pg_rdb *db, const char *sql, struct error *e);
int pg_rdb_bind(struct pg_rdb_stmt *st, int n, const char *text, struct error *e);
int pg_rdb_step(struct pg_rdb_stmt *st, struct error *e);
int pg_rdb_columns(struct pg_rdb_stmt *st);
const char *pg_rdb_column_name(struct pg_rdb_stmt *st, int i);
int pg_rdb_is_null(struct pg_rdb_stmt *st, int i);
double pg_rdb_double(struct pg_rdb_stmt *st, int i);
const char *pg_rdb_text(struct pg_rdb_stmt *st, int i);
void pg_rdb_finalize(struct pg_rdb_stmt **st);

#endif
