#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "http.h"
#include "util.h"

struct http_client {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	int (*should_abort)(void *ctx);
	void *abort_ctx;
};

static size_t
on_body(char *data, size_t size, size_t n, void *userp)
{
	buf_append(userp, data, size * n);
	return size * n;
}

static int
on_progress(void *userp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_client *c = userp;

	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return c->should_abort && c->should_abort(c->abort_ctx);
}

/* Every option must take: a silently ignored timeout or TLS check is worse than no client. */
#define SET(opt, val) \
	do { if (rc == CURLE_OK) { rc = curl_easy_setopt(c->curl, opt, val); what = #opt; } } while (0)

struct http_client *
http_client_new(const char *user_agent, struct error *e)
{
	struct http_client *c = xcalloc(1, sizeof *c);
	CURLcode rc = CURLE_OK;
	const char *what = "";

	if ((c->curl = curl_easy_init()) == NULL) {
		free(c);
		return error_set(e, EXIT_OTHER, "cannot initialise libcurl"), NULL;
	}
	SET(CURLOPT_USERAGENT, user_agent);
	SET(CURLOPT_ERRORBUFFER, c->errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	/* "" lets libcurl offer every encoding it can decode (gzip, deflate...). */
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_CONNECTTIMEOUT, 15L);
	/* A stalled transfer (under 1 byte/s for a minute) is a failure, not a hang. */
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, 60L);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	/* Graph never redirects; a redirect would be somebody else's server. */
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_WRITEFUNCTION, on_body);
	/* A stopping run ends transfers in flight instead of waiting for them. */
	SET(CURLOPT_XFERINFOFUNCTION, on_progress);
	SET(CURLOPT_XFERINFODATA, c);
	SET(CURLOPT_NOPROGRESS, 0L);
	if (rc != CURLE_OK) {
		error_set(e, EXIT_OTHER, "libcurl refuses %s: %s", what, curl_easy_strerror(rc));
		http_client_free(&c);
		return NULL;
	}
	return c;
}

void
http_client_free(struct http_client **c)
{
	if (*c == NULL)
		return;
	curl_easy_cleanup((*c)->curl);
	free(*c);
	*c = NULL;
}

void
http_set_abort(struct http_client *c, int (*should_abort)(void *ctx), void *ctx)
{
	c->should_abort = should_abort;
	c->abort_ctx = ctx;
}

int
http_request(struct http_client *c, const char *url, const char *const *headers,
             const char *form, struct http_response *resp, struct error *e)
{
	struct curl_slist *list = NULL;
	CURLcode rc = CURLE_OK;
	const char *what = "";
	int ret = 0;

	resp->status = 0;
	buf_reset(&resp->body);
	for (; headers && *headers; headers++)
		list = curl_slist_append(list, *headers);
	c->errbuf[0] = '\0';
	SET(CURLOPT_URL, url);
	SET(CURLOPT_HTTPHEADER, list);
	SET(CURLOPT_WRITEDATA, &resp->body);
	if (form)
		SET(CURLOPT_POSTFIELDS, form);
	else
		SET(CURLOPT_HTTPGET, 1L);
	if (rc != CURLE_OK) {
		ret = error_set(e, EXIT_OTHER, "libcurl refuses %s: %s", what, curl_easy_strerror(rc));
		goto out;
	}
	rc = curl_easy_perform(c->curl);
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		ret = error_set(e, EXIT_TEMPFAIL, "stopped");
		goto out;
	}
	if (rc != CURLE_OK) {
		ret = error_set(e, EXIT_UNAVAILABLE, "%s",
		                c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &resp->status);
out:
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(list);
	return ret;
}

const char *
http_last_header(struct http_client *c, const char *name)
{
	struct curl_header *h;

	if (curl_easy_header(c->curl, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return h->value;
}

char *
http_escape(struct http_client *c, const char *s)
{
	char *esc = curl_easy_escape(c->curl, s, 0);
	char *copy;

	if (esc == NULL) {
		fprintf(stderr, "metasync: out of memory escaping a URL\n");
		abort();
	}
	copy = xstrdup(esc);
	curl_free(esc);
	return copy;
}

void
http_response_init(struct http_response *r)
{
	r->status = 0;
	buf_init(&r->body);
}

void
http_response_free(struct http_response *r)
{
	buf_free(&r->body);
	r->status = 0;
}
