/*
 * error.h - the one way library calls report failure, and the one exit
 * status table (sysexits, as the contract in metasync(7) lists them).
 *
 * A library call that can fail takes a `struct error *` and, on failure,
 * fills it and returns non-zero (or NULL).  The binary prints e->msg and
 * exits with e->status.  Messages are lowercase, without a full stop, name
 * what failed first and quote the subject: "cannot open database 'x.db': ...".
 */
#ifndef METASYNC_ERROR_H
#define METASYNC_ERROR_H

enum exit_status {
	EXIT_DONE        = 0,
	EXIT_OTHER       = 1,  /* anything else */
	EXIT_USAGE       = 64, /* bad usage */
	EXIT_DATAERR     = 65, /* bad input data */
	EXIT_UNAVAILABLE = 69, /* Graph API unavailable after retries */
	EXIT_TEMPFAIL    = 75, /* rate limited past the wait budget; rerun later */
	EXIT_NOPERM      = 77, /* token missing, invalid, expired; permission */
};

struct error {
	int status;      /* one of enum exit_status; 0 while no error */
	char msg[1024];  /* redacted, then cut at a UTF-8 boundary, by error_set() */
};

/* Fills e (if not NULL) and returns status, so callers can `return error_set(...)`. */
int error_set(struct error *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes e->msg with a formatted context, "context: old message". */
void error_prefix(struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Keeps the worse of two exit statuses (the contract's "worst outcome"). */
int error_worse(int a, int b);

#endif
