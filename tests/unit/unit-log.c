/* The logger's redaction: the token never gets through, in any form, wherever a message is cut. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "log.h"
#include "tap.h"

/* Lowercase and digits: no window of them can be found in "[REDACTED]" or in the '.' padding. */
#define TOKEN "eaab7q2x9k4m8p3w6z5r1tok"
/* Its URL-encoded form differs from it: both must go. */
#define URL   "https://hooks.example.test/services/t00/b00/s3cr3t0webhook0path?x=1"

static char *
redact(const char *s)
{
	struct buf b = BUF_INIT;
	char *out;

	log_redact_append(&b, s, strlen(s));
	out = strdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/*
 * Whether text shows any part of secret: any 4 characters of it in a row,
 * or, where a cut could have happened, its first character or more at the
 * very end.
 */
static int
shows(const char *text, const char *secret)
{
	size_t n = strlen(secret), t = strlen(text), i;
	char window[5] = "";

	for (i = 0; i + 4 <= n; i++) {
		memcpy(window, secret + i, 4);
		if (strstr(text, window) != NULL)
			return 1;
	}
	for (i = 1; i <= n && i <= t; i++)
		if (memcmp(text + t - i, secret, i) == 0)
			return 1;
	return 0;
}

static int
shows_any(const char *text, const char *secret, const char *encoded)
{
	return shows(text, secret) || shows(text, encoded);
}

/* '.' x pad, then s, then '.' x 256 (so that the result is always cut). */
static char *
padded(size_t pad, const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(pad + n + 257);

	memset(p, '.', pad);
	memcpy(p + pad, s, n);
	memset(p + pad + n, '.', 256);
	p[pad + n + 256] = '\0';
	return p;
}

/* What log_error() prints for msg, read back from stderr, without its newline. */
static char *
logged(const char *msg)
{
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	char *out;

	fflush(stderr);
	dup2(fileno(f), STDERR_FILENO);
	log_error("%s", msg);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	out = strdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/*
 * Places secret at every offset from where it ends just before the cut
 * to where it starts just after it, through each way a message is cut.
 */
static void
straddle(const char *what, const char *secret, const char *encoded)
{
	const char *forms[] = { secret, encoded };
	size_t f, len, off, bad_error = 0, bad_prefix = 0, bad_log = 0, bad_into = 0;
	struct error e;
	char small[100];
	char *msg, *line;

	for (f = 0; f < 2; f++) {
		len = strlen(forms[f]);
		/* error_set() and error_prefix(): e->msg holds 1023 bytes. */
		for (off = sizeof e.msg - len - 3; off <= sizeof e.msg + 2; off++) {
			msg = padded(off, forms[f]);
			memset(&e, 0, sizeof e);
			error_set(&e, EXIT_OTHER, "%s", msg);
			if (shows_any(e.msg, secret, encoded) || strlen(e.msg) != sizeof e.msg - 1)
				bad_error++;
			free(msg);
		}
		/* The context carries the secret, the message is short; contexts were once cut at 256. */
		for (off = 0; off <= sizeof e.msg + 2; off++) {
			msg = padded(off, forms[f]);
			error_set(&e, EXIT_OTHER, "tail");
			error_prefix(&e, "%s", msg);
			if (shows_any(e.msg, secret, encoded))
				bad_prefix++;
			free(msg);
		}
		/* The logger: LOG_MESSAGE_MAX bytes after "prog: ". */
		for (off = LOG_MESSAGE_MAX - len - 3; off <= LOG_MESSAGE_MAX + 2; off++) {
			msg = padded(off, forms[f]);
			line = logged(msg);
			if (shows_any(line, secret, encoded) ||
			    strlen(line) != strlen("unit-log: ") + LOG_MESSAGE_MAX)
				bad_log++;
			free(line);
			free(msg);
		}
		/* log_redact_into() a small buffer. */
		for (off = 0; off <= sizeof small; off++) {
			msg = padded(off, forms[f]);
			log_redact_into(small, sizeof small, msg);
			if (shows_any(small, secret, encoded))
				bad_into++;
			free(msg);
		}
	}
	is_int(bad_error, 0, "%s across error_set()'s cut at every offset", what);
	is_int(bad_prefix, 0, "%s across error_prefix()'s cut at every offset", what);
	is_int(bad_log, 0, "%s across the logger's cut at every offset", what);
	is_int(bad_into, 0, "%s across log_redact_into()'s cut at every offset", what);
}

int
main(void)
{
	char small[16], *r;

	log_init("unit-log");
	r = redact("no secrets yet");
	is_str(r, "no secrets yet", "nothing to redact before a secret is known");
	free(r);

	log_add_secret("EAAB/tok+en=");
	log_add_secret("");
	log_add_secret(NULL);
	r = redact("EAAB/tok+en=");
	is_str(r, "[REDACTED]", "the whole string");
	free(r);
	r = redact("a EAAB/tok+en= b EAAB/tok+en=");
	is_str(r, "a [REDACTED] b [REDACTED]", "every occurrence");
	free(r);
	r = redact("next=https://x/?access_token=EAAB%2Ftok%2Ben%3D&after=M");
	is_str(r, "next=https://x/?access_token=[REDACTED]&after=M", "the URL-encoded form too");
	free(r);
	r = redact("EAAB/tok+en");
	is_str(r, "EAAB/tok+en", "a prefix alone is not the secret");
	free(r);
	log_redact_into(small, sizeof small, "x EAAB/tok+en= y");
	is_str(small, "x [REDACTED] y", "into a fixed buffer");
	log_redact_into(small, 6, "EAAB/tok+en=");
	is_str(small, "[REDA", "truncation never exposes the secret");
	log_clear_secrets();

	/* One secret that starts another: the longer one goes whole. */
	log_add_secret("abc1");
	log_add_secret("abc1def2");
	r = redact("x abc1def2 abc1 y");
	is_str(r, "x [REDACTED] [REDACTED] y", "overlapping secrets: the longest match is replaced");
	free(r);
	log_clear_secrets();

	/* --raw's line: breaks left out first, so none splits a secret past redaction. */
	{
		struct buf line = BUF_INIT;
		const char body[] = "{\"a\":\r\n \"EAAB/tok\n+en=\"}";

		log_add_secret("EAAB/tok+en=");
		log_redact_line(&line, body, sizeof body - 1);
		is_str(buf_str(&line), "{\"a\": \"[REDACTED]\"}\n",
		       "a raw line: one line, a secret split by a line break still redacted");
		buf_free(&line);
		log_clear_secrets();
	}

	/* A cut never splits a UTF-8 sequence. */
	log_redact_into(small, 5, "ab\xc3\xa9\xe2\x80\xa6");
	is_str(small, "ab\xc3\xa9", "a cut keeps whole UTF-8 sequences");
	log_redact_into(small, 6, "ab\xc3\xa9\xe2\x80\xa6");
	is_str(small, "ab\xc3\xa9", "a cut drops a sequence it would split");

	log_add_secret(TOKEN);
	log_add_secret(URL);
	straddle("a token", TOKEN, TOKEN);
	straddle("a webhook URL", URL,
	         "https%3A%2F%2Fhooks.example.test%2Fservices%2Ft00%2Fb00%2Fs3cr3t0webhook0path%3Fx%3D1");
	log_clear_secrets();
	return done_testing();
}
