/* The logger's redaction: the token never gets through, in any form. */
#include <stdlib.h>

#include "buf.h"
#include "log.h"
#include "tap.h"

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

int
main(void)
{
	char small[16], *r;

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
	return done_testing();
}
