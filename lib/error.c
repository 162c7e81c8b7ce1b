#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "log.h"

/*
 * Messages may quote server text, URLs or paths: each is formatted whole,
 * redacted, and only then cut to fit e->msg, so no part of a secret that
 * would straddle the cut gets through.
 */
int
error_set(struct error *e, int status, const char *fmt, ...)
{
	va_list ap;
	struct buf raw = BUF_INIT;

	if (e == NULL)
		return status;
	va_start(ap, fmt);
	buf_vprintf(&raw, fmt, ap);
	va_end(ap);
	log_redact_into(e->msg, sizeof e->msg, buf_str(&raw));
	buf_free(&raw);
	e->status = status;
	return status;
}

void
error_prefix(struct error *e, const char *fmt, ...)
{
	va_list ap;
	struct buf raw = BUF_INIT;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	buf_vprintf(&raw, fmt, ap);
	va_end(ap);
	buf_printf(&raw, ": %s", e->msg);
	log_redact_into(e->msg, sizeof e->msg, buf_str(&raw));
	buf_free(&raw);
}

/*
 * Rank of an outcome for a run that did several things: an authentication
 * problem needs a human first, then data errors, then the outages that a
 * rerun may fix.
 */
static int
rank(int status)
{
	switch (status) {
	case EXIT_DONE:        return 0;
	case EXIT_TEMPFAIL:    return 1;
	case EXIT_UNAVAILABLE: return 2;
	case EXIT_OTHER:       return 3;
	case EXIT_DATAERR:     return 4;
	case EXIT_USAGE:       return 5;
	case EXIT_NOPERM:      return 6;
	default:               return 3;
	}
}

int
error_worse(int a, int b)
{
	return rank(b) > rank(a) ? b : a;
}
