#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "log.h"
#include "util.h"

static const char *progname = "metasync";
static int level = LOG_LEVEL_WARN;
/* Longest first, so the first match at a position is the longest one. */
static char **secrets;
static size_t nsecrets, secrets_cap;

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
	size_t i, n = strlen(s);

	for (i = 0; i < nsecrets; i++)
		if (strcmp(secrets[i], s) == 0)
			return;
	if (nsecrets == secrets_cap) {
		secrets_cap = secrets_cap ? 2 * secrets_cap : 8;
		secrets = xrealloc(secrets, secrets_cap * sizeof *secrets);
	}
	for (i = nsecrets; i > 0 && strlen(secrets[i - 1]) < n; i--)
		secrets[i] = secrets[i - 1];
	secrets[i] = xstrdup(s);
	nsecrets++;
}

/*
 * A secret may reach text in its URL-encoded form too (a paging URL that
 * carries access_token=..., a query we built), so both forms are
 * registered, encoded by libcurl as the URLs we build are.
 */
void
log_add_secret(const char *secret)
{
	char *enc;

	if (secret == NULL || *secret == '\0')
		return;
	add_one(secret);
	if ((enc = curl_easy_escape(NULL, secret, 0)) == NULL) {
		fprintf(stderr, "%s: out of memory registering a secret\n", progname);
		abort();
	}
	add_one(enc);
	curl_free(enc);
}

void
log_clear_secrets(void)
{
	while (nsecrets > 0)
		free(secrets[--nsecrets]);
	free(secrets);
	secrets = NULL;
	secrets_cap = 0;
}

void
log_redact_append(struct buf *out, const char *src, size_t len)
{
	size_t i = 0, run = 0, s, n = 0;

	/* Copy runs in one go; only bytes that start a secret need a compare. */
	while (i < len) {
		for (s = 0; s < nsecrets; s++) {
			n = strlen(secrets[s]);
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
		i += n;
		run = i;
	}
	buf_append(out, src + run, len - run);
}

void
log_redact_into(char *dst, size_t size, const char *src)
{
	struct buf b = BUF_INIT;
	size_t n;

	if (size == 0)
		return;
	log_redact_append(&b, src, strlen(src));
	n = util_utf8_cut(buf_str(&b), b.len, size - 1);
	memcpy(dst, buf_str(&b), n);
	dst[n] = '\0';
	buf_free(&b);
}

void
log_redact_line(struct buf *out, const char *body, size_t len)
{
	struct buf folded = BUF_INIT;
	size_t i, start = 0;

	for (i = 0; i <= len; i++)
		if (i == len || body[i] == '\n' || body[i] == '\r') {
			buf_append(&folded, body + start, i - start);
			start = i + 1;
		}
	log_redact_append(out, buf_str(&folded), folded.len);
	buf_append(out, "\n", 1);
	buf_free(&folded);
}

static void
vlog(int at, const char *tag, const char *fmt, va_list ap)
{
	struct buf raw = BUF_INIT, b = BUF_INIT;

	if (at > level)
		return;
	/* Whole, then redacted, then cut: never cut a secret in two first. */
	buf_vprintf(&raw, fmt, ap);
	log_redact_append(&b, buf_str(&raw), raw.len);
	fprintf(stderr, "%s: %s%.*s\n", progname, tag,
	        (int)util_utf8_cut(buf_str(&b), b.len, LOG_MESSAGE_MAX), buf_str(&b));
	buf_free(&raw);
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
