/* pgconn.c - the libpq connection code store_pg.c and rdb_pg.c share; see pgconn.h. */
#ifdef HAVE_LIBPQ

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pgconn.h"
#include "util.h"

int
pgconn_fail(PGconn *conn, const char *label, const char *what, struct error *e)
{
	const char *msg = PQerrorMessage(conn);
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	return error_set(e, EXIT_OTHER, "%s: %s: %.*s", label, what, (int)n, msg), -1;
}

/* The label of a connection for messages: its database and host, which hold no secret. */
static char *
make_label(PGconn *conn)
{
	const char *host = PQhost(conn);

	return xasprintf("PostgreSQL database '%s'%s%s", PQdb(conn), host && *host != '/' ? " on " : "",
	                 host && *host != '/' ? host : "");
}

/* The password of conninfo, from the URL or the environment, kept out of every message. */
static void
redact_password(const char *conninfo)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL), *o;

	log_add_secret(conninfo);
	for (o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val)
			log_add_secret(o->val);
	PQconninfoFree(opts);
	log_add_secret(getenv("PGPASSWORD"));
}

PGconn *
pgconn_connect(const char *conninfo, char **label, struct error *e)
{
	PGconn *conn;

	*label = NULL;
	redact_password(conninfo);
	conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		pgconn_fail(conn, "PostgreSQL", "cannot connect", e);
		PQfinish(conn);
		return NULL;
	}
	log_add_secret(PQpass(conn));
	*label = make_label(conn);
	return conn;
}

#endif
