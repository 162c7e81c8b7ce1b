#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "buf.h"
#include "graph.h"
#include "http.h"
#include "jscan.h"
#include "log.h"
#include "util.h"

struct graph {
	const struct graph_config *cfg;
	struct graph_runtime rt;
	struct run *run;
	struct http_client *http;
	char *auth_header;  /* "Authorization: Bearer ..." */
	char *proof;        /* appsecret_proof hex, or NULL */
	void (*on_body)(void *ctx, const char *body, size_t len);
	void *on_body_ctx;
	char account[64];   /* the ad account of the request under way, "" for none */
	struct graph_error last;
	char version_seen[32]; /* the facebook-api-version last logged by this client */
};

/* A page kept as its text (graph_pager_next_text()): the body and its folded scan. */
struct page_text {
	struct buf body;
	struct jscan scan;
	int kept;           /* the last answer is here; else it was parsed whole */
};

struct graph_pager {
	struct graph *g;
	char *path;
	json_t *params;     /* new reference */
	char *next_url;     /* NULL before the first page and after the last */
	int started;
	struct page_text *text; /* graph_pager_next_text()'s, NULL until then */
};

static char *
read_token_file(const char *path, struct error *e)
{
	char *line = util_first_line(path);

	if (line == NULL && errno)
		error_set(e, EXIT_NOPERM, "cannot read token file '%s': %s", path, strerror(errno));
	else if (line == NULL)
		error_set(e, EXIT_NOPERM, "token file '%s' is empty", path);
	return line;
}

static int
valid_version(const char *v)
{
	const char *p = v;

	if (*p++ != 'v' || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

int
graph_config_load(struct graph_config *cfg, const char *token_file,
                  const char *api_version, struct error *e)
{
	const char *url = getenv("META_GRAPH_URL");
	const char *version = api_version ? api_version : getenv("META_API_VERSION");
	const char *secret = getenv("META_APP_SECRET");
	const char *token = getenv("META_ACCESS_TOKEN");
	size_t n;

	memset(cfg, 0, sizeof *cfg);
	if (url == NULL || *url == '\0')
		url = GRAPH_DEFAULT_URL;
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return error_set(e, EXIT_USAGE, "META_GRAPH_URL '%s': not an http(s) URL", url);
	if (version == NULL || *version == '\0')
		version = GRAPH_DEFAULT_VERSION;
	if (!valid_version(version))
		return error_set(e, EXIT_USAGE, "API version '%s': expected the form v25.0", version);

	if (token_file) {
		if ((cfg->token = read_token_file(token_file, e)) == NULL)
			return e ? e->status : EXIT_NOPERM;
	} else if (token && *token) {
		cfg->token = xstrdup(token);
	} else {
		return error_set(e, EXIT_NOPERM,
		                 "no access token: set META_ACCESS_TOKEN or use --token-file FILE");
	}
	log_add_secret(cfg->token);
	if (secret && *secret) {
		cfg->app_secret = xstrdup(secret);
		log_add_secret(cfg->app_secret);
	}
	cfg->base_url = xstrdup(url);
	n = strlen(cfg->base_url);
	while (n > 0 && cfg->base_url[n - 1] == '/')
		cfg->base_url[--n] = '\0';
	cfg->version = xstrdup(version);
	return 0;
}

void
graph_config_free(struct graph_config *cfg)
{
	free(cfg->base_url);
	free(cfg->version);
	free(cfg->token);
	free(cfg->app_secret);
	memset(cfg, 0, sizeof *cfg);
}

/*
 * The failure table.  Order matters: a rate-limit code wins over a generic
 * transient flag, and "reduce the amount of data" hides behind code 1,
 * which is otherwise transient.
 */
enum graph_failure
graph_classify(const struct graph_error *ge)
{
	long c = ge->code, s = ge->subcode;

	if (c == 190 || c == 102 || c == 10 || (c >= 200 && c <= 299) ||
	    (c == 100 && s == 3191001))
		return GRAPH_FAIL_AUTH;
	if (c == 4 || c == 17 || c == 32 || c == 341 || c == 613 ||
	    (c >= 80000 && c <= 80014))
		return GRAPH_FAIL_RATE_LIMIT;
	if (c == 0 && ge->http_status == 429)
		return GRAPH_FAIL_RATE_LIMIT;
	/* Invalid breakdowns or custom metrics: asking again cannot help. */
	if (c == 2 && (s == 1504041 || s == 1504042))
		return GRAPH_FAIL_BAD_REQUEST;
	if ((c == 100 && (s == 1487534 || s == 1504018)) ||
	    (c == -3 && s == 1504045) || strstr(ge->message, "reduce the amount of data"))
		return GRAPH_FAIL_REDUCE_DATA;
	if (c == 1 || c == 2 || c == 368 || c == 960 || ge->is_transient)
		return GRAPH_FAIL_TRANSIENT;
	if (c == 100)
		return GRAPH_FAIL_BAD_REQUEST;
	/* No envelope: a proxy's 5xx page, a cut connection, or a truncated 200 body. */
	if (c == 0 && (ge->http_status >= 500 || ge->http_status == 0 ||
	               (ge->http_status >= 200 && ge->http_status < 300)))
		return GRAPH_FAIL_TRANSIENT;
	return GRAPH_FAIL_OTHER;
}

int
graph_failure_status(enum graph_failure f)
{
	switch (f) {
	case GRAPH_FAIL_TRANSIENT:   return EXIT_UNAVAILABLE;
	case GRAPH_FAIL_RATE_LIMIT:  return EXIT_TEMPFAIL;
	case GRAPH_FAIL_REDUCE_DATA: return EXIT_UNAVAILABLE;
	case GRAPH_FAIL_AUTH:        return EXIT_NOPERM;
	case GRAPH_FAIL_BAD_REQUEST: return EXIT_USAGE;
	default:                     return EXIT_OTHER;
	}
}

static int
stop_check(void *ctx)
{
	return graph_stopping(ctx);
}

struct graph *
graph_new(const struct graph_config *cfg, const char *tool, const struct graph_runtime *rt,
          struct error *e)
{
	struct graph *g = xcalloc(1, sizeof *g);
	char *ua = xasprintf("metasync/%s (%s)", METASYNC_VERSION, tool);

	g->cfg = cfg;
	g->rt = *rt;
	g->run = rt->run;
	g->http = http_client_new(ua, e);
	free(ua);
	if (g->http == NULL) {
		free(g);
		return NULL;
	}
	http_set_abort(g->http, stop_check, g);
	g->auth_header = xasprintf("Authorization: Bearer %s", cfg->token);
	if (cfg->app_secret) {
		unsigned char mac[EVP_MAX_MD_SIZE];
		unsigned int n = 0, i;
		char *hex;

		if (HMAC(EVP_sha256(), cfg->app_secret, (int)strlen(cfg->app_secret),
		         (const unsigned char *)cfg->token, strlen(cfg->token), mac, &n) == NULL) {
			graph_free(&g);
			return error_set(e, EXIT_OTHER, "cannot compute appsecret_proof (HMAC-SHA256)"), NULL;
		}
		g->proof = hex = xmalloc(2 * n + 1);
		for (i = 0; i < n; i++)
			snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	}
	return g;
}

void
graph_free(struct graph **g)
{
	if (*g == NULL)
		return;
	http_client_free(&(*g)->http);
	free((*g)->auth_header);
	free((*g)->proof);
	free(*g);
	*g = NULL;
}

void
graph_on_body(struct graph *g, void (*on_body)(void *ctx, const char *body, size_t len), void *ctx)
{
	g->on_body = on_body;
	g->on_body_ctx = ctx;
}

const char *graph_version(const struct graph *g) { return g->cfg->version; }
const struct graph_error *graph_last_error(const struct graph *g) { return &g->last; }
struct run *graph_run(struct graph *g) { return g->run; }

int
graph_stopping(struct graph *g)
{
	return run_stopping(g->run) || (g->rt.stopping && g->rt.stopping(g->rt.stop_ctx));
}

/* Appends "k=v&..." for params, values URL-encoded, non-strings as compact JSON. */
static void
encode_params(struct graph *g, struct buf *out, json_t *params)
{
	const char *key;
	json_t *value;

	json_object_foreach(params, key, value) {
		char *text = json_is_string(value) ? xstrdup(json_string_value(value))
		                                   : json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
		char *k = http_escape(g->http, key), *v = http_escape(g->http, text);
		buf_printf(out, "%s%s=%s", out->len ? "&" : "", k, v);
		free(k);
		free(v);
		free(text);
	}
	if (g->proof)
		buf_printf(out, "%sappsecret_proof=%s", out->len ? "&" : "", g->proof);
}

static void
copy_string(char *dst, size_t size, json_t *v)
{
	/* Redacted before it is cut: Meta may quote the token in a message. */
	log_redact_into(dst, size, json_is_string(v) ? json_string_value(v) : "");
}

/* Fills g->last from a response, returns the exit status it means and sets e. */
static int
fail(struct graph *g, const struct http_response *r, json_t *body, struct error *e)
{
	struct graph_error *ge = &g->last;
	json_t *env = body ? json_object_get(body, "error") : NULL;
	enum graph_failure f;

	memset(ge, 0, sizeof *ge);
	ge->http_status = r->status;
	if (json_is_object(env)) {
		ge->code = (long)json_integer_value(json_object_get(env, "code"));
		ge->subcode = (long)json_integer_value(json_object_get(env, "error_subcode"));
		ge->is_transient = json_is_true(json_object_get(env, "is_transient"));
		copy_string(ge->type, sizeof ge->type, json_object_get(env, "type"));
		copy_string(ge->message, sizeof ge->message, json_object_get(env, "message"));
		copy_string(ge->fbtrace_id, sizeof ge->fbtrace_id, json_object_get(env, "fbtrace_id"));
	} else {
		snprintf(ge->message, sizeof ge->message, "%s",
		         r->status >= 200 && r->status < 300 ? "truncated or unparsable response body"
		                                              : "unexpected response without a Graph error");
	}
	f = graph_classify(ge);
	if (ge->code == 0)
		return error_set(e, graph_failure_status(f), "HTTP %ld: %s", r->status, ge->message);
	error_set(e, graph_failure_status(f), "graph error %ld%s%.0ld (%s, HTTP %ld): %s%s%s%s",
	          ge->code, ge->subcode ? "/" : "", ge->subcode,
	          ge->type[0] ? ge->type : "no type", r->status, ge->message,
	          ge->fbtrace_id[0] ? " [fbtrace_id " : "", ge->fbtrace_id,
	          ge->fbtrace_id[0] ? "]" : "");
	if (f == GRAPH_FAIL_AUTH)
		error_prefix(e, "access token invalid, expired or missing a permission");
	return e ? e->status : graph_failure_status(f);
}

static double
now(struct graph *g)
{
	return g->run->clock->now(g->run->clock->ctx);
}

static void
count(struct graph *g, enum stats_counter c)
{
	stats_add(g->run->stats, c, 1);
}

static double
spent_waiting(struct graph *g)
{
	return stats_wait(g->run->stats, now(g));
}

static int
stopped(struct graph *g, struct error *e)
{
	const char *why = run_stop_reason(g->run);

	if (why)
		return error_set(e, EXIT_TEMPFAIL, "stopped by %s", why);
	return error_set(e, EXIT_TEMPFAIL, "stopped");
}

/* Sleeps as waiting of the run, in short naps; -1 with e set once the work is to stop. */
static int
nap(struct graph *g, double seconds, struct error *e)
{
	struct stats *st = g->run->stats;

	stats_wait_begin(st, now(g));
	while (seconds > 0 && !graph_stopping(g)) {
		double n = seconds < 0.25 ? seconds : 0.25;
		g->run->clock->sleep(g->run->clock->ctx, n);
		seconds -= n;
	}
	stats_wait_end(st, now(g));
	return graph_stopping(g) ? stopped(g, e) : 0;
}

/* Sleeps without counting it as waiting (the pacing of calls), in short naps. */
static int
pause_uncounted(struct graph *g, double seconds, struct error *e)
{
	while (seconds > 0 && !graph_stopping(g)) {
		double n = seconds < 0.25 ? seconds : 0.25;
		g->run->clock->sleep(g->run->clock->ctx, n);
		seconds -= n;
	}
	return graph_stopping(g) ? stopped(g, e) : 0;
}

/*
 * Waits `seconds` if the run's waiting stays within the budget; otherwise
 * fails with status, saying why and what the last failure was (e's
 * message on entry), so the cause shows without -v.
 */
static int
wait_within_budget(struct graph *g, double seconds, int status, const char *why, struct error *e)
{
	double spent = spent_waiting(g);
	char cause[512];

	if (seconds <= 0)
		return 0;
	if (spent + seconds > g->run->retry.budget) {
		snprintf(cause, sizeof cause, "%.500s", e && e->msg[0] ? e->msg : "no answer");
		return error_set(e, status, "%s: waiting %.0f s more would pass the wait budget "
		                 "(%.0f s waited, --max-wait %.0f); last error: %s", why, seconds, spent,
		                 g->run->retry.budget, cause);
	}
	log_debug("%s: waiting %.1f s", why, seconds);
	return nap(g, seconds, e);
}

/*
 * A wait between two calls up to this long is the pace Meta allows (its
 * development tier allows a call every 5 s); a longer one is being held
 * back, and counts against the wait budget like a block.
 */
#define GRAPH_PACING_FREE 10.0

/*
 * Waits until the rate limiter lets a request go, in naps of at most a
 * second: responses of other workers change the answer meanwhile.  A
 * block (a throttle Meta announced) and a wait longer than
 * GRAPH_PACING_FREE count against the wait budget; shorter spacing, which
 * spreads calls evenly over Meta's window, is the normal pace of a run: a
 * long backfill under a tight limit is slow, not stuck.
 */
static int
pace(struct graph *g, struct error *e)
{
	const char *account = g->account[0] ? g->account : NULL;
	double wait, blocked;
	int said = 0;

	while ((wait = ratelimit_wait(g->run->rl, account, now(g))) > 0) {
		blocked = ratelimit_blocked(g->run->rl, account, now(g));
		if (blocked <= 0 && wait > GRAPH_PACING_FREE)
			blocked = wait;
		if (blocked > 0 && spent_waiting(g) + blocked > g->run->retry.budget)
			return error_set(e, EXIT_TEMPFAIL, "rate limited%s%s: waiting %.0f s more would pass "
			                 "the wait budget (%.0f s waited, --max-wait %.0f)",
			                 account ? " on " : "", account ? account : "", blocked,
			                 spent_waiting(g), g->run->retry.budget);
		if (!said && wait >= 5) {
			log_info("pacing: usage near Meta's limit, waiting %.0f s", wait);
			said = 1;
		}
		if (blocked > 0 ? nap(g, wait < 1 ? wait : 1, e) != 0
		                : pause_uncounted(g, wait < 1 ? wait : 1, e) != 0)
			return -1;
	}
	return graph_stopping(g) ? stopped(g, e) : 0;
}

static void
read_usage(struct graph *g, struct ratelimit_usage *u)
{
	ratelimit_parse(http_last_header(g->http, "x-app-usage"),
	                http_last_header(g->http, "x-ad-account-usage"),
	                http_last_header(g->http, "x-business-use-case-usage"),
	                http_last_header(g->http, "x-fb-ads-insights-throttle"), u);
}

/* The ad account a URL is about: its act_<digits> path segment, or "" (report runs, batches). */
static void
account_of(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://"), *q;

	out[0] = '\0';
	for (p = p ? p + 3 : url; (p = strstr(p, "/act_")) != NULL; p++) {
		for (q = p + 5; isdigit((unsigned char)*q); q++)
			;
		if (q > p + 5 && (*q == '/' || *q == '?' || *q == '\0')) {
			snprintf(out, size, "%.*s", (int)(q - p - 1), p + 1);
			return;
		}
	}
}

/*
 * The version headers of a response: the version Meta served (it moves a
 * call to a deprecated version up to the next one) and its warning,
 * logged at -v when they change, the warning shown once per run.
 */
static void
note_version(struct graph *g)
{
	const char *v = http_last_header(g->http, "facebook-api-version");
	const char *w = http_last_header(g->http, "x-ad-api-version-warning");

	if (v && strcmp(v, g->version_seen) != 0) {
		snprintf(g->version_seen, sizeof g->version_seen, "%s", v);
		log_info("facebook-api-version: %s (asked for %s)", v, g->cfg->version);
		if (w)
			log_info("x-ad-api-version-warning: %s", w);
	}
	if (run_note_api(g->run, v, w))
		log_warn("Meta warns about API version %s: %s", g->cfg->version, w);
}

/*
 * A 200 answer kept as text: the body scanned folded below level 2 into
 * text (the body moves there), when it is an object without "error".
 * Returns what attempt() returns for it instead of the whole body: an
 * object with only its "paging" member, or NULL when the body is anything
 * else (attempt() then parses it as usual).
 */
static json_t *
keep_text(struct http_response *r, struct page_text *text)
{
	struct buf swap;
	size_t paging;
	json_t *out, *pg;

	if (r->status != 200 || r->body.data == NULL ||
	    jscan_parse_folded(&text->scan, r->body.data, r->body.len, 2) != 0 ||
	    text->scan.tok[0].type != JSCAN_OBJECT || jscan_member(&text->scan, 0, "error") != 0)
		return NULL;
	out = json_object();
	if ((paging = jscan_member(&text->scan, 0, "paging")) != 0) {
		pg = json_loadb(jscan_at(&text->scan, paging), text->scan.tok[paging].len, 0, NULL);
		if (pg == NULL)
			return json_decref(out), NULL;
		json_object_set_new(out, "paging", pg);
	}
	/* The scan points into the body: it moves whole, the buffer with it. */
	swap = text->body;
	text->body = r->body;
	r->body = swap;
	text->kept = 1;
	return out;
}

/*
 * One try: a parsed body (object, or array when want_array), or NULL with
 * g->last and e set.  With text, a 200 answer stays text (keep_text()).
 */
static json_t *
attempt(struct graph *g, const char *url, const char *form, int want_array,
        struct page_text *text, struct error *e)
{
	const char *headers[] = { g->auth_header, NULL };
	struct http_response r;
	struct ratelimit_usage u;
	json_t *body = NULL;
	json_error_t jerr;

	http_response_init(&r);
	count(g, STATS_REQUESTS);
	log_debug("%s %s", form ? "POST" : "GET", url);
	if (http_request(g->http, url, headers, form, &r, e) != 0) {
		/* No answer, but no longer in flight: the limiter must hear of it too. */
		memset(&u, 0, sizeof u);
		ratelimit_observe(g->run->rl, g->account[0] ? g->account : NULL, &u, now(g));
		memset(&g->last, 0, sizeof g->last);
		snprintf(g->last.message, sizeof g->last.message, "%.511s", e ? e->msg : "transfer failed");
		goto out;
	}
	/* Error responses carry usage too, and a throttled one says the most. */
	read_usage(g, &u);
	ratelimit_observe(g->run->rl, g->account[0] ? g->account : NULL, &u, now(g));
	note_version(g);
	if (g->on_body)
		g->on_body(g->on_body_ctx, r.body.data ? r.body.data : "", r.body.len);
	if (text && (body = keep_text(&r, text)) != NULL)
		goto out;
	body = json_loadb(buf_str(&r.body), r.body.len, 0, &jerr);
	if (r.status != 200 || !(want_array ? json_is_array(body) : json_is_object(body)) ||
	    json_object_get(body, "error")) {
		count(g, STATS_ERROR_RESPONSES);
		fail(g, &r, json_is_object(body) ? body : NULL, e);
		json_decref(body);
		body = NULL;
	}
out:
	http_response_free(&r);
	return body;
}

/* "60 min (until 2026-12-07T19:05:00Z)" for a block of seconds from now. */
static void
describe_block(double seconds, double until, char *out, size_t size)
{
	time_t t = (time_t)until;
	struct tm tm;
	char when[32];

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (seconds >= 120)
		snprintf(out, size, "%.0f min (until %s)", seconds / 60, when);
	else
		snprintf(out, size, "%.0f s (until %s)", seconds, when);
}

/*
 * A rate-limit error: wait as long as Meta says (estimated_time_to_regain_access)
 * or back off, in the limiter so every worker holds back; fail at once when
 * that is more than the budget has left, so a run blocked for an hour ends
 * in seconds instead of retrying into the block.
 */
static int
throttled(struct graph *g, int try, struct error *e)
{
	const struct retry_policy *p = &g->run->retry;
	/* Codes 4 and 341 are the app's limits; the others are the ad account's. */
	const char *scope = g->last.code == 4 || g->last.code == 341 || !g->account[0] ? NULL
	                                                                                : g->account;
	struct ratelimit_usage u;
	double wait, left, until;
	char block[96], cause[512];

	count(g, STATS_RATE_LIMIT_ERRORS);
	read_usage(g, &u);
	wait = u.regain_seconds > 0 ? u.regain_seconds
	                            : p->base + retry_backoff(p, try, g->run->clock->random(g->run->clock->ctx));
	ratelimit_block(g->run->rl, scope, now(g), wait);
	left = p->budget - spent_waiting(g);
	if (wait > left) {
		snprintf(cause, sizeof cause, "%.500s", e && e->msg[0] ? e->msg : "rate limited");
		until = (double)time(NULL) + wait;
		if (u.regain_seconds > 0) {
			run_note_block(g->run, scope, until);
			describe_block(wait, until, block, sizeof block);
			return error_set(e, EXIT_TEMPFAIL, "rate limited: Meta blocks %s for %s, longer "
			                 "than the wait budget allows (%.0f s left of --max-wait %.0f): %s",
			                 scope ? scope : "this app", block, left > 0 ? left : 0, p->budget,
			                 cause);
		}
		return error_set(e, EXIT_TEMPFAIL, "rate limited past the wait budget (--max-wait %.0f): "
		                 "%s", p->budget, cause);
	}
	log_info("rate limited (%ld%s%.0ld), waiting %.0f s", g->last.code,
	         g->last.subcode ? "/" : "", g->last.subcode, wait);
	count(g, STATS_RETRY_RATE_LIMIT);
	return 0;
}

/*
 * One request to an absolute URL with the run's pacing and retries; form
 * is NULL for GET.  The failure table is graph_classify().
 */
static json_t *
request_as(struct graph *g, const char *url, const char *form, int want_array,
           struct page_text *text, struct error *e)
{
	const struct retry_policy *p = &g->run->retry;
	int try;

	account_of(url, g->account, sizeof g->account);
	for (try = 0;; try++) {
		json_t *body;
		double wait;

		if (pace(g, e) != 0)
			return NULL;
		if ((body = attempt(g, url, form, want_array, text, e)) != NULL)
			return body;
		if (graph_stopping(g))
			return stopped(g, e), NULL;
		switch (graph_classify(&g->last)) {
		case GRAPH_FAIL_RATE_LIMIT:
			/* The wait itself happens before the next try, where pacing sleeps. */
			if (throttled(g, try, e) != 0)
				return NULL;
			continue;
		case GRAPH_FAIL_TRANSIENT:
			if (try >= p->max_retries) {
				error_prefix(e, "gave up after %d retries", try);
				return NULL;
			}
			wait = retry_backoff(p, try, g->run->clock->random(g->run->clock->ctx));
			log_info("transient failure (%s), retry %d in %.1f s", e ? e->msg : "", try + 1, wait);
			if (wait_within_budget(g, wait, EXIT_UNAVAILABLE, "retrying a transient failure", e) != 0)
				return NULL;
			count(g, STATS_RETRY_TRANSIENT);
			continue;
		default:
			return NULL;
		}
	}
}

static json_t *
request(struct graph *g, const char *url, const char *form, struct error *e)
{
	return request_as(g, url, form, 0, NULL, e);
}

static char *
build_url(struct graph *g, const char *path, json_t *params, int with_query)
{
	struct buf q = BUF_INIT;
	char *url;

	if (with_query)
		encode_params(g, &q, params);
	url = xasprintf("%s/%s/%s%s%s", g->cfg->base_url, g->cfg->version,
	                path[0] == '/' ? path + 1 : path, q.len ? "?" : "", buf_str(&q));
	buf_free(&q);
	return url;
}

json_t *
graph_get(struct graph *g, const char *path, json_t *params, struct error *e)
{
	char *url = build_url(g, path, params, 1);
	json_t *body = request(g, url, NULL, e);

	free(url);
	return body;
}

json_t *
graph_post(struct graph *g, const char *path, json_t *params, struct error *e)
{
	char *url = build_url(g, path, params, 0);
	struct buf form = BUF_INIT;
	json_t *body;

	encode_params(g, &form, params);
	body = request(g, url, buf_str(&form), e);
	buf_free(&form);
	free(url);
	return body;
}

json_t *
graph_batch(struct graph *g, json_t *items, struct error *e)
{
	json_t *params = json_pack("{s:O, s:s}", "batch", items, "include_headers", "false");
	char *url = build_url(g, "", NULL, 0);
	struct buf form = BUF_INIT;
	json_t *reply, *out, *item;
	size_t i;

	encode_params(g, &form, params);
	reply = request_as(g, url, buf_str(&form), 1, NULL, e);
	buf_free(&form);
	free(url);
	json_decref(params);
	if (reply == NULL)
		return NULL;
	if (json_array_size(reply) != json_array_size(items)) {
		json_decref(reply);
		return error_set(e, EXIT_UNAVAILABLE, "batch answered %zu items for %zu",
		                 json_array_size(reply), json_array_size(items)), NULL;
	}
	out = json_array();
	json_array_foreach(reply, i, item) {
		const char *text = json_string_value(json_object_get(item, "body"));
		json_t *body = NULL;
		json_error_t jerr;

		/* A null item timed out; an error item failed alone: the caller retries either. */
		if (text && json_integer_value(json_object_get(item, "code")) == 200)
			body = json_loads(text, 0, &jerr);
		if (body && json_object_get(body, "error")) {
			json_decref(body);
			body = NULL;
		}
		json_array_append_new(out, body ? body : json_null());
	}
	json_decref(reply);
	return out;
}

struct graph_pager *
graph_pager_new(struct graph *g, const char *path, json_t *params)
{
	struct graph_pager *p = xcalloc(1, sizeof *p);

	p->g = g;
	p->path = xstrdup(path);
	p->params = json_incref(params);
	return p;
}

/* Whether two URL parts are equal, case-insensitively (scheme and host). */
static int
same_part(CURLU *a, CURLU *b, CURLUPart part, unsigned int flags)
{
	char *x = NULL, *y = NULL;
	int same;

	curl_url_get(a, part, &x, flags);
	curl_url_get(b, part, &y, flags);
	same = x && y && strcasecmp(x, y) == 0;
	curl_free(x);
	curl_free(y);
	return same;
}

/*
 * Meta's next URLs are absolute and may carry access_token (and
 * appsecret_proof).  Only one on the configured scheme, host and port is
 * followed, so the token never goes elsewhere; the token leaves its query,
 * since it goes in a header.  NULL when next points elsewhere or is not a URL.
 */
static char *
follow_url(struct graph *g, const char *next)
{
	CURLU *base = curl_url(), *u = curl_url();
	char *query = NULL, *whole = NULL, *out = NULL;
	struct buf q = BUF_INIT;
	const char *p;

	if (base == NULL || u == NULL ||
	    curl_url_set(base, CURLUPART_URL, g->cfg->base_url, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_URL, next, 0) != CURLUE_OK ||
	    !same_part(base, u, CURLUPART_SCHEME, 0) || !same_part(base, u, CURLUPART_HOST, 0) ||
	    !same_part(base, u, CURLUPART_PORT, CURLU_DEFAULT_PORT))
		goto out;
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK && query) {
		for (p = query; *p;) {
			size_t n = strcspn(p, "&");
			if (n && strncmp(p, "access_token=", 13) != 0 && strncmp(p, "appsecret_proof=", 16) != 0)
				buf_printf(&q, "%s%.*s", q.len ? "&" : "", (int)n, p);
			p += n + (p[n] == '&');
		}
	}
	if (g->proof)
		buf_printf(&q, "%sappsecret_proof=%s", q.len ? "&" : "", g->proof);
	if (curl_url_set(u, CURLUPART_QUERY, q.len ? buf_str(&q) : NULL, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &whole, 0) != CURLUE_OK)
		goto out;
	out = xstrdup(whole);
out:
	curl_free(query);
	curl_free(whole);
	buf_free(&q);
	curl_url_cleanup(base);
	curl_url_cleanup(u);
	return out;
}

/*
 * The next page into *page (with text: its "paging" only, the body in
 * text), 1; 0 after the last; -1 with e set.
 */
static int
pager_step(struct graph_pager *p, struct page_text *text, json_t **page, struct error *e)
{
	json_t *body, *next;
	size_t data;
	int has_data;

	*page = NULL;
	if (text)
		text->kept = 0;
	if (!p->started) {
		char *url = build_url(p->g, p->path, p->params, 1);
		p->started = 1;
		body = request_as(p->g, url, NULL, 0, text, e);
		free(url);
	} else if (p->next_url) {
		body = request_as(p->g, p->next_url, NULL, 0, text, e);
	} else {
		return 0;
	}
	if (body == NULL)
		return -1;
	if (text && text->kept)
		has_data = (data = jscan_member(&text->scan, 0, "data")) != 0 &&
		           text->scan.tok[data].type == JSCAN_ARRAY;
	else
		has_data = json_is_array(json_object_get(body, "data"));
	if (!has_data) {
		json_decref(body);
		return error_set(e, EXIT_UNAVAILABLE, "'%s': response has no data array", p->path), -1;
	}
	next = json_object_get(json_object_get(body, "paging"), "next");
	if (json_is_string(next)) {
		char *url = follow_url(p->g, json_string_value(next));
		if (url == NULL) {
			json_decref(body);
			return error_set(e, EXIT_OTHER, "'%s': refusing to follow paging.next to another "
			                 "host", p->path), -1;
		}
		if (p->next_url && strcmp(url, p->next_url) == 0) {
			free(url);
			json_decref(body);
			return error_set(e, EXIT_UNAVAILABLE,
			                 "'%s': paging.next repeats the previous page", p->path), -1;
		}
		free(p->next_url);
		p->next_url = url;
	} else {
		free(p->next_url);
		p->next_url = NULL;
	}
	*page = body;
	return 1;
}

int
graph_pager_next(struct graph_pager *p, json_t **page, struct error *e)
{
	return pager_step(p, NULL, page, e);
}

int
graph_pager_next_text(struct graph_pager *p, const struct jscan **page, size_t *data,
                      struct error *e)
{
	json_t *body;
	int rc;

	*page = NULL;
	*data = 0;
	if (p->text == NULL)
		p->text = xcalloc(1, sizeof *p->text);
	/* The last page was used: no need to hold it while the next one downloads. */
	buf_free(&p->text->body);
	if ((rc = pager_step(p, p->text, &body, e)) != 1)
		return rc;
	/* An answer parsed whole (not kept as text: never so for a 200 object) is scanned now. */
	if (!p->text->kept) {
		char *dump = json_dumps(body, JSON_COMPACT);
		buf_reset(&p->text->body);
		buf_puts(&p->text->body, dump ? dump : "");
		free(dump);
		if (jscan_parse_folded(&p->text->scan, p->text->body.data, p->text->body.len, 2) != 0) {
			json_decref(body);
			return error_set(e, EXIT_UNAVAILABLE, "'%s': unreadable page", p->path), -1;
		}
	}
	json_decref(body);
	*page = &p->text->scan;
	*data = jscan_member(&p->text->scan, 0, "data");
	return 1;
}

void
graph_pager_free(struct graph_pager **p)
{
	if (*p == NULL)
		return;
	if ((*p)->text) {
		buf_free(&(*p)->text->body);
		jscan_free(&(*p)->text->scan);
		free((*p)->text);
	}
	free((*p)->path);
	free((*p)->next_url);
	json_decref((*p)->params);
	free(*p);
	*p = NULL;
}
