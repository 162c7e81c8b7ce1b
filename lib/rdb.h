/*
 * rdb.h - a read-only database, as meta-report needs it: open, prepare,
 * bind text, step, read columns, finalize, close.  Two engines behind it
 * (rdb.c picks by the value given to rdb_open()): SQLite (rdb_sqlite.c,
 * the report's only SQLite calls) and PostgreSQL (rdb_pg.c, libpq).
 *
 * SQL given here is standard SQL that both engines run.  Parameters are
 * written $1, $2, ... (PostgreSQL's spelling; the SQLite implementation
 * binds them by those names) and bound as text, which both engines
 * compare with TEXT and DATE columns (PostgreSQL infers a parameter's
 * type from the column it is compared with).  Numbers are read as doubles
 * (PostgreSQL's numeric from its exact decimal text), text as borrowed
 * strings valid until the next step: dates as YYYY-MM-DD, PostgreSQL's
 * timestamptz as the SQLite store writes times, YYYY-MM-DDTHH:MM:SSZ.
 * One statement steps at a time: finish or finalize it before preparing
 * the next.
 */
#ifndef METASYNC_RDB_H
#define METASYNC_RDB_H

#include "error.h"

struct rdb;       /* opaque: a connection */
struct rdb_stmt;  /* opaque: a prepared statement */

/*
 * Opens the database at path read-only: a PostgreSQL database when path
 * is a URL store_is_postgres() accepts (its password registered with the
 * log's redaction, as store_open() does), else a SQLite file, never
 * created.  NULL with e set when it cannot be opened: EXIT_OTHER, or
 * EXIT_USAGE for a URL in a build without libpq.
 */
struct rdb *rdb_open(const char *path, struct error *e);
/* Closes and sets *db to NULL; NULL is fine. */
void rdb_close(struct rdb **db);

/* Prepares sql; NULL with e set (EXIT_OTHER, naming the database) on failure. */
struct rdb_stmt *rdb_prepare(struct rdb *db, const char *sql, struct error *e);
/* Binds text (copied) to parameter $n, n from 1; 0 on success. */
int rdb_bind(struct rdb_stmt *st, int n, const char *text, struct error *e);
/* Steps: 1 a row, 0 done, -1 with e set on failure. */
int rdb_step(struct rdb_stmt *st, struct error *e);
int rdb_columns(struct rdb_stmt *st);
/* Column i's name (borrowed), valid while st lives. */
const char *rdb_column_name(struct rdb_stmt *st, int i);
int rdb_is_null(struct rdb_stmt *st, int i);
double rdb_double(struct rdb_stmt *st, int i);  /* 0 for NULL */
const char *rdb_text(struct rdb_stmt *st, int i); /* borrowed; "" for NULL */
/* Releases st and sets *st to NULL; NULL is fine. */
void rdb_finalize(struct rdb_stmt **st);

#endif
