/*
 * graph.h - requests to the Graph API: URL building from META_GRAPH_URL and
 * META_API_VERSION, the token in an Authorization header (never in a URL we
 * build), appsecret_proof, the error envelope parsed into a typed error and
 * classified into the contract's exit statuses, and cursor paging that
 * follows paging.next.
 *
 * Parameters are a JSON object (borrowed): string values are sent as they
 * are, any other value as compact JSON, as Meta's own SDKs send time_range,
 * filtering and breakdowns.
 */
#ifndef METASYNC_GRAPH_H
#define METASYNC_GRAPH_H

#include <pthread.h>
#include <stdio.h>

#include <jansson.h>

#include "error.h"
#include "jscan.h"
#include "run.h"

#define GRAPH_DEFAULT_URL     "https://graph.facebook.com"

/* What the binaries say when given --token: a token in argv is visible to every user in ps. */
#define GRAPH_TOKEN_ARGUMENT_REFUSED \
	"the token is not accepted as an argument (other users can read it in ps): " \
	"set META_ACCESS_TOKEN or use --token-file FILE"
#define GRAPH_DEFAULT_VERSION "v25.0"

struct graph_config {
	char *base_url;    /* scheme://host[:port], no trailing slash */
	char *version;     /* "v25.0" */
	char *token;
	char *app_secret;  /* NULL when META_APP_SECRET is unset */
};

/*
 * Reads META_GRAPH_URL, META_API_VERSION (api_version overrides it when not
 * NULL), META_APP_SECRET and the token from token_file when not NULL, else
 * from META_ACCESS_TOKEN.  Registers the secrets with the logger.
 * Missing token: EXIT_NOPERM; bad version or URL: EXIT_USAGE.
 */
int graph_config_load(struct graph_config *cfg, const char *token_file,
                      const char *api_version, struct error *e);
void graph_config_free(struct graph_config *cfg);

/* What went wrong in one response, from Meta's error envelope. */
struct graph_error {
	long http_status;
	long code;          /* 0 when the body had no envelope */
	long subcode;
	int is_transient;
	char type[64];
	char message[512];
	char fbtrace_id[64];
};

/* The classification of a failure; see the table in graph.c and meta-fetch(1). */
enum graph_failure {
	GRAPH_FAIL_TRANSIENT,   /* no envelope with a 5xx or 2xx (HTML page, cut body) or no
	                           response; codes 1 (1/99 included), 2, 368, 960,
	                           is_transient */
	GRAPH_FAIL_RATE_LIMIT,  /* 4, 17, 32, 341, 613, 80000-80014; a bare HTTP 429 */
	GRAPH_FAIL_REDUCE_DATA, /* "reduce the amount of data", 100/1487534, 100/1504018,
	                           -3/1504045 (fetch also splits on a 1/99 that outlasts
	                           its retries) */
	GRAPH_FAIL_AUTH,        /* 190, 102, 10, 200-299, 100/3191001 */
	GRAPH_FAIL_BAD_REQUEST, /* 100; 2/1504041 and 2/1504042 (invalid breakdowns): a request
	                           Meta can never answer, so a usage error (64) */
	GRAPH_FAIL_OTHER,
};

enum graph_failure graph_classify(const struct graph_error *ge);
/* The exit status for a failure class. */
int graph_failure_status(enum graph_failure f);

/*
 * What a client works within: the run (clock, rate limiter, counters,
 * retry policy and wait budget, stop flag; borrowed, required) and the
 * caller's own reason to give up early (a failed fetch whose other
 * requests are no longer wanted), checked with the run's stop flag at
 * every wait and during transfers.
 */
struct graph_runtime {
	struct run *run;
	int (*stopping)(void *ctx);  /* NULL: only the run's flag */
	void *stop_ctx;
};

struct graph; /* opaque; one per thread */

/*
 * Creates a client for cfg (borrowed: it must outlive the client).
 *
 * Every request: waits as the rate limiter says (per ad account: the
 * act_ segment of the URL, and per app); sends; records the usage headers
 * of the response, error or not; on a transient failure retries with
 * backoff (at most retry.max_retries times); on a rate-limit error waits as
 * Meta says (estimated_time_to_regain_access) or backs off, and retries;
 * gives up with EXIT_TEMPFAIL (rate limits) or EXIT_UNAVAILABLE (outages)
 * once the run's waiting would pass retry.budget seconds, at once when
 * Meta announces a block longer than what is left of it (noted with
 * run_note_block()).  Token, permission, bad request and reduce-data
 * failures return at once; so does a stopping run (EXIT_TEMPFAIL,
 * "stopped").  NULL with e set when libcurl cannot be set up.
 */
struct graph *graph_new(const struct graph_config *cfg, const char *tool,
                        const struct graph_runtime *rt, struct error *e);
void graph_free(struct graph **g);

/* When set, on_body sees every response body as it arrived (meta-fetch --raw). */
void graph_on_body(struct graph *g, void (*on_body)(void *ctx, const char *body, size_t len),
                   void *ctx);
/* The last failure's details (valid after a call returned an error). */
const struct graph_error *graph_last_error(const struct graph *g);
/* Whether the run or the caller wants this client's work to stop. */
int graph_stopping(struct graph *g);
/* The run the client works within. */
struct run *graph_run(struct graph *g);

/*
 * GET <base>/<version>/<path>?<params>.  Returns a new reference to the
 * parsed body, or NULL with e set (status per graph_classify()).
 */
json_t *graph_get(struct graph *g, const char *path, json_t *params, struct error *e);

/* POST the params as a form to <base>/<version>/<path>; as graph_get(). */
json_t *graph_post(struct graph *g, const char *path, json_t *params, struct error *e);

/*
 * One Graph batch request: items is an array (borrowed) of at most 50
 * {"method":"GET","relative_url":"..."} objects.  Returns a new reference
 * to an array of the same length whose elements are the parsed item
 * bodies, or null for an item that failed or timed out (the caller may
 * retry it); NULL with e set when the batch itself failed.
 */
json_t *graph_batch(struct graph *g, json_t *items, struct error *e);

/* The configured version, for relative URLs ("v25.0"). */
const char *graph_version(const struct graph *g);

/*
 * Cursor paging over an edge.  graph_pager_next() stores a new reference to
 * the next page's body in *page and returns 1, returns 0 when there are no
 * more pages, or -1 with e set.  Only paging.next URLs on the configured
 * Graph host are followed, so the token never goes elsewhere.
 */
struct graph_pager;
struct graph_pager *graph_pager_new(struct graph *g, const char *path, json_t *params);
int graph_pager_next(struct graph_pager *p, json_t **page, struct error *e);
/*
 * The same without building the page: the body scanned by
 * jscan_parse_folded() at level 2, so each row of its data array is one
 * token whose text is the row's.  *page is the pager's scan, valid until
 * the next call or graph_pager_free(); *data its data array's token.
 */
int graph_pager_next_text(struct graph_pager *p, const struct jscan **page, size_t *data,
                          struct error *e);
void graph_pager_free(struct graph_pager **p);

#endif
