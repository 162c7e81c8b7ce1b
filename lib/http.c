#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "http.h"
#include "util.h"

struct http_client {
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
};

static size_t
on_body(char *data, size_t size, size_t n, void *userp)
{
	buf_append(userp, data, size * n);
	return size * n;
}

struct http_client *
http_client_new(const char *user_agent)
{
	struct http_client *c = xcalloc(1, sizeof *c);

	curl_global_init(CURL_GLOBAL_DEFAULT);
	c->curl = curl_easy_init();
	if (c->curl == NULL) {
		fprintf(stderr, "metasync: cannot initialise libcurl\n");
		abort();
	}
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT, user_agent);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	/* "" lets libcurl offer every encoding it can decode (gzip, deflate...). */
	curl_easy_setopt(c->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, 15L);
	/* A stalled transfer (under 1 byte/s for a minute) is a failure, not a hang. */
	curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c->curl, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	/* Graph never redirects; a redirect would be somebody else's server. */
	curl_easy_setopt(c->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
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
	curl_global_cleanup();
}

int
http_request(struct http_client *c, const char *url, const char *const *headers,
             const char *form, struct http_response *resp, struct error *e)
{
	struct curl_slist *list = NULL;
	CURLcode rc;
	int ret = 0;

	resp->status = 0;
	buf_reset(&resp->body);
	for (; headers && *headers; headers++)
		list = curl_slist_append(list, *headers);
	c->errbuf[0] = '\0';
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, &resp->body);
	if (form) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, form);
	} else {
		curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	}
	rc = curl_easy_perform(c->curl);
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
