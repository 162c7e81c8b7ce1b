/* The webhook: which URLs are taken, the message text, the URL file, and errors that never quote the URL. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "log.h"
#include "notify.h"
#include "tap.h"

static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int more = 0;

	for (; *p; p++) {
		if (more > 0) {
			if ((*p & 0xC0) != 0x80)
				return 0;
			more--;
		} else if (*p >= 0xF0) {
			more = 3;
		} else if (*p >= 0xE0) {
			more = 2;
		} else if (*p >= 0xC0) {
			more = 1;
		} else if (*p >= 0x80) {
			return 0;
		}
	}
	return more == 0;
}

static char *
text_of(json_t *report, int status)
{
	struct buf b = BUF_INIT;
	char *s;

	notify_text(&b, report, status);
	s = strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static void
check_urls(void)
{
	static const char *good[] = {
		"https://hooks.slack.com/services/T000/B000/XXXXXXXX",
		"https://discord.com/api/webhooks/123/abc-DEF_ghi",
		"http://127.0.0.1:8080/hook",
		"HTTPS://hooks.example.com/x?y=1",
	};
	static const char *bad[] = {
		"", "hooks.slack.com/services/T000/B000/XXXXXXXX", "ftp://example.com/s3cr3tpath",
		"file:///etc/s3cr3tpath", "https://", "http://:8080/s3cr3tpath", "https://exa mple.com/s3cr3tpath",
		"mailto:s3cr3tpath@example.com", "javascript:s3cr3tpath", "https//example.com/s3cr3tpath",
	};
	size_t i, bad_good = 0, bad_bad = 0;
	struct error e;

	for (i = 0; i < sizeof good / sizeof *good; i++) {
		memset(&e, 0, sizeof e);
		if (notify_check_url(good[i], &e) != 0) {
			printf("#   refused: %s: %s\n", good[i], e.msg);
			bad_good++;
		}
	}
	is_int(bad_good, 0, "http(s) URLs with a host are taken");
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&e, 0, sizeof e);
		if (notify_check_url(bad[i], &e) != EXIT_USAGE || e.status != EXIT_USAGE ||
		    strstr(e.msg, "s3cr3t") != NULL || strstr(e.msg, "http(s) URL") == NULL) {
			printf("#   taken or quoted: '%s': %s\n", bad[i], e.msg);
			bad_bad++;
		}
	}
	is_int(bad_bad, 0, "anything else is refused with 64, without quoting it");
	ok(notify_check_url(NULL, &e) == EXIT_USAGE, "no URL is refused");
}

static void
check_text(void)
{
	json_t *report, *accounts = json_array();
	char *t, err[1200];
	int i;

	json_array_append_new(accounts, json_pack("{s:s, s:i, s:n}", "account", "act_1", "status", 0, "error"));
	json_array_append_new(accounts, json_pack("{s:s, s:i, s:s}", "account", "act_2", "status", 77,
	                                          "error", "act_2: access token invalid"));
	report = json_pack("{s:O, s:i}", "accounts", accounts, "exit_status", 77);
	t = text_of(report, 77);
	is_str(t, "meta-backfill failed (exit 77)\nact_2: exit 77: act_2: access token invalid",
	       "the text names the failing accounts only");
	free(t);

	json_object_set_new(report, "stopped", json_string("SIGTERM"));
	t = text_of(report, 75);
	ok(strncmp(t, "meta-backfill was stopped by SIGTERM (exit 75)\n", 47) == 0,
	   "a run stopped by a signal says so");
	free(t);
	json_object_set_new(report, "stopped", json_string("SIGINT"));
	t = text_of(report, 75);
	ok(strstr(t, "stopped by SIGINT") != NULL, "SIGINT too");
	free(t);
	json_object_del(report, "stopped");
	json_object_set_new(report, "error", json_string("cannot open database 'x.db': disk I/O error"));
	t = text_of(report, 1);
	ok(strncmp(t, "meta-backfill failed (exit 1): cannot open database 'x.db': disk I/O error\n", 75) == 0,
	   "a failure of the whole run is told");
	free(t);
	json_object_del(report, "error");

	/* Many failing accounts with long errors, multi-byte characters where the cuts fall. */
	memset(err, 'e', sizeof err);
	for (i = 0; i + 3 <= (int)sizeof err - 1; i += 3)
		memcpy(err + i + 1, "\xc3\xa9", 2);
	err[sizeof err - 1] = '\0';
	json_array_clear(accounts);
	for (i = 0; i < 40; i++) {
		char id[32];

		snprintf(id, sizeof id, "act_%d", 900 + i);
		json_array_append_new(accounts, json_pack("{s:s, s:i, s:s}", "account", id, "status", 1, "error", err));
	}
	t = text_of(report, 1);
	ok(strlen(t) <= NOTIFY_TEXT_MAX, "40 failing accounts fit in %d bytes (%zu)", NOTIFY_TEXT_MAX, strlen(t));
	ok(strstr(t, "act_900: exit 1: ") != NULL && strstr(t, "more failing accounts") != NULL,
	   "the first accounts are named, the rest counted");
	ok(valid_utf8(t), "errors are cut at UTF-8 boundaries");
	free(t);

	/* Redacted whole, then cut: a one-letter secret grows every error tenfold. */
	log_add_secret("e");
	t = text_of(report, 1);
	ok(strlen(t) <= NOTIFY_TEXT_MAX && valid_utf8(t), "redaction cannot push it past %d bytes (%zu)",
	   NOTIFY_TEXT_MAX, strlen(t));
	ok(strstr(t, "[REDACTED]") != NULL && strstr(t, "ee") == NULL, "the text is redacted");
	free(t);
	log_clear_secrets();
	json_decref(accounts);
	json_decref(report);
}

static void
check_file(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	struct error e = { 0 };
	FILE *f;
	char *url;
	int fd;

	snprintf(path, sizeof path, "%s/unit-notify.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);

	f = fdopen(fd, "w");
	fputs("  \thttps://hooks.example.com/services/x  \r\nsecond line\n", f);
	fclose(f);
	url = notify_read_url_file(path, &e);
	is_str(url, "https://hooks.example.com/services/x", "the URL file: its first line, trimmed");
	free(url);

	f = fopen(path, "w");
	fputs(" \n", f);
	fclose(f);
	url = notify_read_url_file(path, &e);
	ok(url == NULL && e.status == EXIT_USAGE && strstr(e.msg, path) && strstr(e.msg, "empty"),
	   "a blank URL file: 64, naming it: %s", e.msg);
	free(url);

	unlink(path);
	memset(&e, 0, sizeof e);
	url = notify_read_url_file(path, &e);
	ok(url == NULL && e.status == EXIT_USAGE && strstr(e.msg, path), "a missing URL file: 64, naming it: %s",
	   e.msg);
}

static void
check_post(void)
{
	const char *url = "http://127.0.0.1:1/services/s3cr3t/path";
	json_t *report = json_pack("{s:[], s:i}", "accounts", "exit_status", 1);
	struct error e = { 0 };

	log_add_secret(url);
	ok(notify_post(url, report, 1, &e) == EXIT_OTHER && e.status == EXIT_OTHER &&
	   strncmp(e.msg, "webhook: ", 9) == 0 && strstr(e.msg, "s3cr3t") == NULL,
	   "an unreachable webhook: 1, a message without the URL: %s", e.msg);
	log_clear_secrets();
	json_decref(report);
}

int
main(void)
{
	log_init("unit-notify");
	check_urls();
	check_text();
	check_file();
	check_post();
	return done_testing();
}
