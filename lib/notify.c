#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "log.h"
#include "notify.h"
#include "util.h"

int
notify_check_url(const char *url, struct error *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int ok;

	if (u == NULL) {
		fprintf(stderr, "%s: out of memory parsing a URL\n", log_progname());
		abort();
	}
	/* No default scheme, no guessing: "hooks.slack.com/..." is refused. */
	ok = url != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	     curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	     curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	     (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) && *host != '\0';
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	if (!ok)
		return error_set(e, EXIT_USAGE, "not a valid http(s) URL (scheme http or https, and a host)");
	return 0;
}

char *
notify_read_url_file(const char *path, struct error *e)
{
	char *line = util_first_line(path);

	if (line == NULL && errno)
		error_set(e, EXIT_USAGE, "cannot read --notify-url-file '%s': %s", path, strerror(errno));
	else if (line == NULL)
		error_set(e, EXIT_USAGE, "--notify-url-file '%s' is empty", path);
	return line;
}

/* Appends at most max bytes of s, cut at a UTF-8 character boundary, "..." when cut. */
static void
append_cut(struct buf *b, const char *s, size_t max)
{
	size_t len = strlen(s), n = util_utf8_cut(s, len, max);

	buf_append(b, s, n);
	if (n < len)
		buf_puts(b, "...");
}

void
notify_text(struct buf *out, json_t *report, int status)
{
	const char *stopped = json_string_value(json_object_get(report, "stopped"));
	const char *error = json_string_value(json_object_get(report, "error"));
	struct buf text = BUF_INIT, safe = BUF_INIT;
	size_t i, failing = 0, listed = 0;
	json_t *acct;

	if (stopped && *stopped)
		buf_printf(&text, "meta-backfill was stopped by %s (exit %d)", stopped, status);
	else
		buf_printf(&text, "meta-backfill failed (exit %d)", status);
	if (error && *error) {
		buf_puts(&text, ": ");
		append_cut(&text, error, 300);
	}
	json_array_foreach(json_object_get(report, "accounts"), i, acct) {
		const char *id = json_string_value(json_object_get(acct, "account"));
		const char *err = json_string_value(json_object_get(acct, "error"));

		if (json_integer_value(json_object_get(acct, "status")) == 0)
			continue;
		failing++;
		if (text.len > 1500)
			continue;
		buf_puts(&text, "\n");
		append_cut(&text, id ? id : "?", 64);
		buf_printf(&text, ": exit %lld: ", (long long)json_integer_value(json_object_get(acct, "status")));
		append_cut(&text, err ? err : "", 200);
		listed++;
	}
	if (listed < failing)
		buf_printf(&text, "\nand %zu more failing accounts (see the report)", failing - listed);
	/* Redacted whole, then cut: a short secret replaced by "[REDACTED]" can only grow it. */
	log_redact_append(&safe, buf_str(&text), text.len);
	buf_append(out, buf_str(&safe), util_utf8_cut(buf_str(&safe), safe.len, NOTIFY_TEXT_MAX));
	buf_free(&text);
	buf_free(&safe);
}

/* The webhook's answer is not wanted, only its status. */
static size_t
discard(char *data, size_t size, size_t n, void *userp)
{
	(void)data;
	(void)userp;
	return size * n;
}

int
notify_post(const char *url, json_t *report, int status, struct error *e)
{
	struct curl_slist *headers = NULL;
	struct buf text = BUF_INIT;
	CURL *curl = NULL;
	CURLcode rc;
	json_t *msg;
	char *body = NULL;
	long code = 0;
	int ret = 0;

	notify_text(&text, report, status);
	msg = json_pack("{s:s, s:s, s:i, s:O?}", "content", buf_str(&text), "text", buf_str(&text),
	                "exit_status", status, "accounts", json_object_get(report, "accounts"));
	if (msg == NULL || (body = json_dumps(msg, JSON_COMPACT)) == NULL) {
		ret = error_set(e, EXIT_OTHER, "webhook: cannot build the message");
		goto out;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if ((curl = curl_easy_init()) == NULL) {
		ret = error_set(e, EXIT_OTHER, "webhook: cannot initialise libcurl");
		goto out;
	}
	headers = curl_slist_append(headers, "Content-Type: application/json");
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "metasync/" METASYNC_VERSION " (meta-backfill)");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	/* A webhook that hangs must not hold a cron run for long. */
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	/*
	 * curl_easy_strerror() only: the error buffer names the host ("Could
	 * not resolve host: ..."), which may be part of the secret.
	 */
	if ((rc = curl_easy_perform(curl)) != CURLE_OK) {
		ret = error_set(e, EXIT_OTHER, "webhook: %s", curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	if (code < 200 || code >= 300)
		ret = error_set(e, EXIT_OTHER, "webhook: HTTP %ld", code);
out:
	if (curl) {
		curl_easy_cleanup(curl);
		curl_global_cleanup();
	}
	curl_slist_free_all(headers);
	free(body);
	json_decref(msg);
	buf_free(&text);
	return ret;
}
