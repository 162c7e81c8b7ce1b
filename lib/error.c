#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "log.h"

int
error_set(struct error *e, int status, const char *fmt, ...)
{
	va_list ap;
	char raw[sizeof e->msg];

	if (e == NULL)
		return status;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* Messages may quote server text or URLs: never let the token through. */
	log_redact_into(e->msg, sizeof e->msg, raw);
	e->status = status;
	return status;
}

void
error_prefix(struct error *e, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;
	char ctx[256];

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	buf_printf(&b, "%s: %s", ctx, e->msg);
	memcpy(e->msg, b.data, b.len < sizeof e->msg ? b.len + 1 : sizeof e->msg);
	e->msg[sizeof e->msg - 1] = '\0';
	buf_free(&b);
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
