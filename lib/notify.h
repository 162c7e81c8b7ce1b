/*
 * notify.h - the webhook meta-backfill posts to when a run fails: a Slack
 * or Discord incoming webhook.
 *
 * The URL is a secret like the token (whoever has it can post to the
 * channel): nothing here ever quotes it, not even in an error message,
 * and the caller registers it with log_add_secret() before anything is
 * logged.
 */
#ifndef METASYNC_NOTIFY_H
#define METASYNC_NOTIFY_H

#include <jansson.h>

#include "buf.h"
#include "error.h"

/* What meta-backfill says when given --notify-url: an argument is visible to every user in ps. */
#define NOTIFY_URL_ARGUMENT_REFUSED \
	"the webhook URL is not accepted as an argument (other users can read it in ps): " \
	"set META_NOTIFY_URL or use --notify-url-file FILE"

/* Discord refuses a "content" longer than this many characters. */
#define NOTIFY_TEXT_MAX 2000

/*
 * Checks that url is an http or https URL with a host (libcurl's URL
 * parser decides).  Returns 0, or EXIT_USAGE with e set to a message that
 * does not quote the URL: the caller prefixes it with where the URL came
 * from ("META_NOTIFY_URL: ...").
 */
int notify_check_url(const char *url, struct error *e);

/*
 * Reads the webhook URL from the first line of the file at path, without
 * the whitespace around it.  Returns a new string the caller frees (and
 * registers with log_add_secret()), or NULL with e set to EXIT_USAGE when
 * the file cannot be read or the line is empty.
 */
char *notify_read_url_file(const char *path, struct error *e);

/*
 * Appends the text of the message about a failed run to out: what happened
 * ("meta-backfill failed (exit 1)", or "meta-backfill was stopped by
 * SIGTERM (exit 75)" when report, borrowed, has "stopped"; then the start
 * of the report's "error", a failure of the whole run, if any), then each
 * failing account with its status and the start of its error, "and N more
 * failing accounts" past 1500 bytes; redacted, then cut to at most
 * NOTIFY_TEXT_MAX bytes.
 */
void notify_text(struct buf *out, json_t *report, int status);

/*
 * Posts a short message about a failed run (status, its exit status) to
 * url: notify_text() in "content" (Discord) and "text" (Slack), with
 * "exit_status" and the report's (borrowed) "accounts".  Returns 0 once
 * the webhook answered 2xx, or EXIT_OTHER with e set ("webhook: HTTP 404",
 * "webhook: Couldn't connect to server": curl_easy_strerror(), which
 * names no host), never quoting the URL.  Gives up after 30 seconds.
 */
int notify_post(const char *url, json_t *report, int status, struct error *e);

#endif
