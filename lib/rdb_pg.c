/*
 * rdb_pg.c - rdb.h over PostgreSQL, through libpq (rdb.c dispatches here
 * for a "postgresql://" or "postgres://" --db).
 *
 * The session is read-only (default_transaction_read_only): every
 * statement runs in a transaction of its own, as on SQLite, so a
 * statement that fails to prepare (a table an older database lacks, which
 * summary.c tolerates) leaves nothing aborted behind it.  Statements are
 * prepared under a name of their own, their columns described at once
 * (a view's columns are read without running it), and run in single-row
 * mode: rows arrive one at a time, in constant memory, as SQLite steps.
 * One statement steps at a time on a connection: summary.c finishes one
 * before it prepares the next.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rdb_impl.h"

#ifndef HAVE_LIBPQ

struct pg_rdb *
pg_rdb_open(const char *url, struct error *e)
{
	(void)url;
	error_set(e, EXIT_USAGE, "this build has no PostgreSQL support (libpq was not found when "
	          "it was built); --db takes a SQLite file");
	return NULL;
}

/* Never called: nothing opens a pg_rdb without libpq. */
void pg_rdb_close(struct pg_rdb **db) { (void)db; }
struct pg_rdb_stmt *pg_rdb_prepare(struct pg_rdb *db, const char *sql, struct error *e)
{ (void)db; (void)sql; (void)e; return NULL; }
int pg_rdb_bind(struct pg_rdb_stmt *st, int n, const char *text, struct error *e)
{ (void)st; (void)n; (void)text; (void)e; return -1; }
int pg_rdb_step(struct pg_rdb_stmt *st, struct error *e) { (void)st; (void)e; return -1; }
int pg_rdb_columns(struct pg_rdb_stmt *st) { (void)st; return 0; }
const char *pg_rdb_column_name(struct pg_rdb_stmt *st, int i) { (void)st; (void)i; return ""; }
int pg_rdb_is_null(struct pg_rdb_stmt *st, int i) { (void)st; (void)i; return 1; }
double pg_rdb_double(struct pg_rdb_stmt *st, int i) { (void)st; (void)i; return 0; }
const char *pg_rdb_text(struct pg_rdb_stmt *st, int i) { (void)st; (void)i; return ""; }
void pg_rdb_finalize(struct pg_rdb_stmt **st) { (void)st; }

#else

#include <libpq-fe.h>

#include "pgconn.h"
#include "util.h"

/* The type timestamptz (pg_type.h's TIMESTAMPTZOID, a server header libpq's package lacks). */
#define PG_TIMESTAMPTZ_OID 1184
/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define STAMP_SIZE 21

struct pg_rdb {
	PGconn *conn;
	char *label;           /* "PostgreSQL database 'NAME' on HOST": never the password */
	unsigned long nstmts;  /* statements prepared, for their names */
};

struct pg_rdb_stmt {
	struct pg_rdb *db;
	char name[32];
	PGresult *desc;        /* the columns and parameters */
	char **params;         /* bound text, per parameter */
	int nparams;
	PGresult *row;         /* the current row, NULL before the first and after the last */
	int started, done;
	char (*stamps)[STAMP_SIZE];  /* the current row's timestamps as rdb_text() gives them */
};

struct pg_rdb *
pg_rdb_open(const char *url, struct error *e)
{
	struct pg_rdb *db = xcalloc(1, sizeof *db);
	PGresult *r;

	if ((db->conn = pgconn_connect(url, &db->label, e)) == NULL) {
		free(db);
		return NULL;
	}
	/*
	 * Read-only at the server, whatever the SQL; dates as YYYY-MM-DD and
	 * times in UTC, as the SQLite file holds them; text as UTF-8, which
	 * the JSON must be.
	 */
	r = PQexec(db->conn, "SET default_transaction_read_only = on; SET client_min_messages = warning; "
	           "SET TimeZone = 'UTC'; SET DateStyle = ISO; SET client_encoding = 'UTF8'");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pgconn_fail(db->conn, db->label, "cannot set up the session", e);
		PQclear(r);
		pg_rdb_close(&db);
		return NULL;
	}
	PQclear(r);
	return db;
}

void
pg_rdb_close(struct pg_rdb **db)
{
	if (*db == NULL)
		return;
	PQfinish((*db)->conn);
	free((*db)->label);
	free(*db);
	*db = NULL;
}

struct pg_rdb_stmt *
pg_rdb_prepare(struct pg_rdb *db, const char *sql, struct error *e)
{
	struct pg_rdb_stmt *st = xcalloc(1, sizeof *st);
	PGresult *r;

	st->db = db;
	snprintf(st->name, sizeof st->name, "rdb%lu", ++db->nstmts);
	r = PQprepare(db->conn, st->name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pgconn_fail(db->conn, db->label, "statement failed", e);
		PQclear(r);
		free(st);
		return NULL;
	}
	PQclear(r);
	st->desc = PQdescribePrepared(db->conn, st->name);
	if (PQresultStatus(st->desc) != PGRES_COMMAND_OK) {
		pgconn_fail(db->conn, db->label, "statement failed", e);
		pg_rdb_finalize(&st);
		return NULL;
	}
	st->nparams = PQnparams(st->desc);
	st->params = xcalloc((size_t)st->nparams + 1, sizeof *st->params);
	st->stamps = xcalloc((size_t)PQnfields(st->desc) + 1, sizeof *st->stamps);
	return st;
}

int
pg_rdb_bind(struct pg_rdb_stmt *st, int n, const char *text, struct error *e)
{
	if (n < 1 || n > st->nparams)
		return error_set(e, EXIT_OTHER, "%s: no parameter $%d", st->db->label, n);
	free(st->params[n - 1]);
	st->params[n - 1] = xstrdup(text);
	return 0;
}

/* Reads the results left of a statement that stops early, so the connection takes the next. */
static void
drain(struct pg_rdb_stmt *st)
{
	PGresult *r;

	while ((r = PQgetResult(st->db->conn)) != NULL)
		PQclear(r);
}

int
pg_rdb_step(struct pg_rdb_stmt *st, struct error *e)
{
	PGconn *conn = st->db->conn;
	int status;

	if (st->done)
		return 0;
	if (!st->started) {
		st->started = 1;
		if (!PQsendQueryPrepared(conn, st->name, st->nparams, (const char *const *)st->params, NULL,
		                         NULL, 0)) {
			st->done = 1;
			return pgconn_fail(conn, st->db->label, "statement failed", e);
		}
		PQsetSingleRowMode(conn);
	}
	PQclear(st->row);
	st->row = PQgetResult(conn);
	status = PQresultStatus(st->row);
	if (st->row && status == PGRES_SINGLE_TUPLE)
		return 1;
	st->done = 1;
	if (status != PGRES_TUPLES_OK)
		pgconn_fail(conn, st->db->label, "statement failed", e);
	PQclear(st->row);
	st->row = NULL;
	drain(st);
	return status == PGRES_TUPLES_OK ? 0 : -1;
}

int
pg_rdb_columns(struct pg_rdb_stmt *st)
{
	return PQnfields(st->desc);
}

const char *
pg_rdb_column_name(struct pg_rdb_stmt *st, int i)
{
	const char *s = PQfname(st->desc, i);

	return s ? s : "";
}

int
pg_rdb_is_null(struct pg_rdb_stmt *st, int i)
{
	return st->row == NULL || PQgetisnull(st->row, 0, i);
}

double
pg_rdb_double(struct pg_rdb_stmt *st, int i)
{
	/* numeric, bigint and double precision all arrive as decimal text. */
	return pg_rdb_is_null(st, i) ? 0 : strtod(PQgetvalue(st->row, 0, i), NULL);
}

const char *
pg_rdb_text(struct pg_rdb_stmt *st, int i)
{
	const char *v;
	char *out;

	if (pg_rdb_is_null(st, i))
		return "";
	v = PQgetvalue(st->row, 0, i);
	/*
	 * A timestamptz ("2026-11-23 04:15:02.123456+00" in the session's UTC)
	 * is given as the SQLite store writes it, "2026-11-23T04:15:02Z", so
	 * the report says the same of either database.
	 */
	if (PQftype(st->row, i) != PG_TIMESTAMPTZ_OID || strlen(v) < 22 || v[10] != ' ' ||
	    strcmp(v + strlen(v) - 3, "+00") != 0)
		return v;
	out = st->stamps[i];
	memcpy(out, v, 19);
	out[10] = 'T';
	out[19] = 'Z';
	out[20] = '\0';
	return out;
}

void
pg_rdb_finalize(struct pg_rdb_stmt **stp)
{
	struct pg_rdb_stmt *st = *stp;
	char *sql;
	int i;

	if (st == NULL)
		return;
	PQclear(st->row);
	if (st->started && !st->done)
		drain(st);
	PQclear(st->desc);
	for (i = 0; st->params && i < st->nparams; i++)
		free(st->params[i]);
	free(st->params);
	free(st->stamps);
	/* Named statements live as long as the session: the report's last ones go with it. */
	sql = xasprintf("DEALLOCATE %s", st->name);
	PQclear(PQexec(st->db->conn, sql));
	free(sql);
	free(st);
	*stp = NULL;
}

#endif
