/*
 * pgconn.h - what the two libpq clients share (store_pg.c, meta-load's
 * store; rdb_pg.c, meta-report's reader): connecting with the password
 * kept out of every message, and errors that name the database, never
 * the URL.  Declared only in a build with libpq (HAVE_LIBPQ).
 */
#ifndef METASYNC_PGCONN_H
#define METASYNC_PGCONN_H

#ifdef HAVE_LIBPQ

#include <libpq-fe.h>

#include "error.h"

/*
 * Registers conninfo (a URL, passed to libpq as it is), its password and
 * $PGPASSWORD with the log's redaction, then connects; the password libpq
 * used (a service or password file's too) is registered once connected.
 * Returns the connection with *label set to a new "PostgreSQL database
 * 'NAME' on HOST" for messages; NULL with e set (EXIT_OTHER) when it
 * cannot connect.
 */
PGconn *pgconn_connect(const char *conninfo, char **label, struct error *e);

/* Sets e (EXIT_OTHER) to "label: what: " and conn's last error, trimmed; returns -1. */
int pgconn_fail(PGconn *conn, const char *label, const char *what, struct error *e);

#endif

#endif
