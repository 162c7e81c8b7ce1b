/*
 * http.h - HTTP over one reused libcurl easy handle: keep-alive, gzip,
 * connect and low-speed timeouts, TLS verification always on, and a
 * User-Agent naming the tool.  Knows nothing of Graph; see graph.h.
 */
#ifndef METASYNC_HTTP_H
#define METASYNC_HTTP_H

#include "buf.h"
#include "error.h"

struct http_client; /* opaque */

struct http_response {
	long status;       /* HTTP status; 0 when no response arrived */
	struct buf body;   /* decoded (gunzipped) body, owned by the response */
};

/*
 * Creates a client, or NULL with e set when libcurl refuses an option (a
 * libcurl too old for this build).  libcurl must have been initialised
 * (run_new() does).  Free with http_client_free().
 */
struct http_client *http_client_new(const char *user_agent, struct error *e);
/* Releases the client and sets *c to NULL. */
void http_client_free(struct http_client **c);

/*
 * Performs one request.  headers is a NULL-terminated list of "Name: value"
 * lines (borrowed) or NULL; form, when not NULL, is sent as an
 * application/x-www-form-urlencoded POST body.  Returns 0 when a response
 * arrived (any status), or non-zero with e set (EXIT_UNAVAILABLE) when the
 * transfer failed: connection refused or reset, timeout, bad TLS.
 * resp must be initialised with http_response_init() and is reset first.
 */
int http_request(struct http_client *c, const char *url, const char *const *headers,
                 const char *form, struct http_response *resp, struct error *e);

/*
 * While a transfer runs, should_abort(ctx) is asked about once a second
 * (and at every chunk of data); non-zero ends the transfer with an error.
 */
void http_set_abort(struct http_client *c, int (*should_abort)(void *ctx), void *ctx);

/*
 * Value of a header of the last response on c, or NULL; the pointer is
 * borrowed and valid until the next request on c.
 */
const char *http_last_header(struct http_client *c, const char *name);

/* URL-encodes s (RFC 3986) into a new string the caller frees. */
char *http_escape(struct http_client *c, const char *s);

void http_response_init(struct http_response *r);
void http_response_free(struct http_response *r);

#endif
