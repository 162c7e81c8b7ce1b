#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

#define MAX_SECRETS 8

static const char *progname = "metasync";
static int level = LOG_LEVEL_WARN;
static char *secrets[MAX_SECRETS];
static size_t nsecrets;

void
log_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	progname = slash ? slash + 1 : name;
}

void log_set_level(int l) { level = l; }
int log_get_level(void) { return level; }
const char *log_progname(void) { return progname; }

static void
add_one(const char *s)
{
	size_t i;

	for (i = 0; i < nsecrets; i++)
		if (strcmp(secrets[i], s) == 0)
			return;
	if (nsecrets < MAX_SECRETS)
		secrets[nsecrets++] = xstrdup(s);
}

/*
 * A token may reach text in its URL-encoded form too (a paging URL that
 * carries access_token=...), so both forms are registered.
 */
void
log_add_secret(const char *secret)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf enc = BUF_INIT;
	const unsigned char *p;

	if (secret == NULL || *secret == '\0')
		return;
	add_one(secret);
	for (p = (const unsigned char *)secret; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
			buf_append(&enc, p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			buf_append(&enc, e, 3);
		}
	}
	add_one(buf_str(&enc));
	buf_free(&enc);
}

void
log_clear_secrets(void)
{
	while (nsecrets > 0)
		free(secrets[--nsecrets]);
}

void
log_redact_append(struct buf *out, const char *src, size_t len)
{
	size_t i = 0, run = 0, s;

	/* Copy runs in one go; only bytes that start a secret need a compare. */
	while (i < len) {
		for (s = 0; s < nsecrets; s++) {
			size_t n = strlen(secrets[s]);
			if (src[i] == secrets[s][0] && n <= len - i &&
			    memcmp(src + i, secrets[s], n) == 0)
				break;
		}
		if (s == nsecrets) {
			i++;
			continue;
		}
		buf_append(out, src + run, i - run);
		buf_puts(out, "[REDACTED]");
		i += strlen(secrets[s]);
		run = i;
	}
	buf_append(out, src + run, len - run);
}

void
log_redact_into(char *dst, size_t size, const char *src)
{
	struct buf b = BUF_INIT;

	if (size == 0)
		return;
	log_redact_append(&b, src, strlen(src));
	snprintf(dst, size, "%s", buf_str(&b));
	buf_free(&b);
}

static void
vlog(int at, const char *tag, const char *fmt, va_list ap)
{
	char raw[4096];
	struct buf b = BUF_INIT;

	if (at > level)
		return;
	vsnprintf(raw, sizeof raw, fmt, ap);
	log_redact_append(&b, raw, strlen(raw));
	fprintf(stderr, "%s: %s%s\n", progname, tag, buf_str(&b));
	buf_free(&b);
}

#define LOG_FN(name, at, tag)                      \
	void name(const char *fmt, ...)            \
	{                                          \
		va_list ap;                        \
		va_start(ap, fmt);                 \
		vlog(at, tag, fmt, ap);            \
		va_end(ap);                        \
	}

LOG_FN(log_error, LOG_LEVEL_ERROR, "")
LOG_FN(log_warn, LOG_LEVEL_WARN, "warning: ")
LOG_FN(log_info, LOG_LEVEL_INFO, "")
LOG_FN(log_debug, LOG_LEVEL_DEBUG, "debug: ")
