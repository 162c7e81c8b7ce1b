#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "graph.h"
#include "http.h"
#include "log.h"
#include "sha256.h"
#include "util.h"

struct graph {
	const struct graph_config *cfg;
	struct graph_runtime rt;
	struct http_client *http;
	char *auth_header;  /* "Authorization: Bearer ..." */
	char *proof;        /* appsecret_proof hex, or NULL */
	FILE *raw;
	double waited;      /* this client's waiting, when the run keeps no stats */
	struct graph_error last;
};

struct graph_pager {
	struct graph *g;
	char *path;
	json_t *params;     /* new reference */
	char *next_url;     /* NULL before the first page and after the last */
	int started;
};

static char *
read_token_file(const char *path, struct error *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (f == NULL) {
		error_set(e, EXIT_NOPERM, "cannot read token file '%s': %s", path, strerror(errno));
		return NULL;
	}
	n = getline(&line, &cap, f);
	fclose(f);
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	if (n <= 0) {
		free(line);
		error_set(e, EXIT_NOPERM, "token file '%s' is empty", path);
		return NULL;
	}
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
	case GRAPH_FAIL_BAD_REQUEST: return EXIT_OTHER;
	default:                     return EXIT_OTHER;
	}
}

struct graph *
graph_new(const struct graph_config *cfg, const char *tool, const struct graph_runtime *rt)
{
	static const struct retry_policy defaults = RETRY_POLICY_DEFAULT;
	struct graph *g = xcalloc(1, sizeof *g);
	char *ua = xasprintf("metasync/%s (%s)", METASYNC_VERSION, tool);

	g->cfg = cfg;
	if (rt)
		g->rt = *rt;
	else
		g->rt.retry = defaults;
	if (g->rt.clock == NULL)
		g->rt.clock = clock_system();
	g->http = http_client_new(ua);
	free(ua);
	g->auth_header = xasprintf("Authorization: Bearer %s", cfg->token);
	if (cfg->app_secret) {
		char hex[2 * SHA256_DIGEST_SIZE + 1];
		sha256_hmac_hex(cfg->app_secret, strlen(cfg->app_secret),
		                cfg->token, strlen(cfg->token), hex);
		g->proof = xstrdup(hex);
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

void graph_set_raw(struct graph *g, FILE *raw) { g->raw = raw; }
const char *graph_version(const struct graph *g) { return g->cfg->version; }
const struct graph_error *graph_last_error(const struct graph *g) { return &g->last; }

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
write_raw(struct graph *g, const struct buf *body)
{
	struct buf line = BUF_INIT;
	size_t i, start = 0;

	/* One body per line: newlines in JSON are only whitespace, so drop them. */
	for (i = 0; i <= body->len; i++) {
		if (i == body->len || body->data[i] == '\n' || body->data[i] == '\r') {
			log_redact_append(&line, body->data + start, i - start);
			start = i + 1;
		}
	}
	buf_append(&line, "\n", 1);
	if (g->rt.out_lock)
		pthread_mutex_lock(g->rt.out_lock);
	fwrite(line.data, 1, line.len, g->raw);
	fflush(g->raw);
	if (g->rt.out_lock)
		pthread_mutex_unlock(g->rt.out_lock);
	buf_free(&line);
}

static void
copy_string(char *dst, size_t size, json_t *v)
{
	snprintf(dst, size, "%s", json_is_string(v) ? json_string_value(v) : "");
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
	return g->rt.clock->now(g->rt.clock->ctx);
}

static void
count(struct graph *g, enum stats_counter c)
{
	if (g->rt.stats)
		stats_add(g->rt.stats, c, 1);
}

static double
spent_waiting(struct graph *g)
{
	return g->rt.stats ? stats_wait(g->rt.stats, now(g)) : g->waited;
}

static void
sleep_counted(struct graph *g, double seconds)
{
	if (g->rt.stats)
		stats_wait_begin(g->rt.stats, now(g));
	g->rt.clock->sleep(g->rt.clock->ctx, seconds);
	if (g->rt.stats)
		stats_wait_end(g->rt.stats, now(g));
	g->waited += seconds;
}

/*
 * Waits `seconds` if the run's waiting stays within the budget; otherwise
 * fails with status and says why.
 */
static int
wait_within_budget(struct graph *g, double seconds, int status, const char *why, struct error *e)
{
	double spent = spent_waiting(g);

	if (seconds <= 0)
		return 0;
	if (spent + seconds > g->rt.retry.budget)
		return error_set(e, status, "%s: waiting %.0f s more would pass the wait budget "
		                 "(%.0f s waited, --max-wait %.0f)", why, seconds, spent,
		                 g->rt.retry.budget);
	log_debug("%s: waiting %.1f s", why, seconds);
	sleep_counted(g, seconds);
	return 0;
}

/*
 * The ad account a request is metered on: the act_<digits> segment of the
 * URL's path ("http://h/v25.0/act_12/insights?..." gives "act_12"), copied
 * into buf; NULL when the path has none (the app's limit only).
 */
static const char *
url_account(const char *url, char *buf, size_t size)
{
	const char *p = strstr(url, "://");
	const char *end;

	p = p ? strchr(p + 3, '/') : NULL;
	if (p == NULL)
		return NULL;
	end = p + strcspn(p, "?#");
	while (p < end) {
		size_t n, digits;

		p++;
		n = strcspn(p, "/?#");
		digits = n > 4 ? strspn(p + 4, "0123456789") : 0;
		if (strncmp(p, "act_", 4) == 0 && digits > 0 && 4 + digits == n && n < size) {
			memcpy(buf, p, n);
			buf[n] = '\0';
			return buf;
		}
		p += n;
	}
	return NULL;
}

/*
 * Waits until the rate limiter lets a request for account go, in naps of
 * at most a second: responses of other workers change the answer meanwhile.
 */
static int
pace(struct graph *g, const char *account, struct error *e)
{
	double wait;
	int said = 0;

	if (g->rt.rl == NULL)
		return 0;
	while ((wait = ratelimit_wait(g->rt.rl, account, now(g))) > 0) {
		if (spent_waiting(g) + wait > g->rt.retry.budget)
			return error_set(e, EXIT_TEMPFAIL, "rate limited: waiting %.0f s more would pass "
			                 "the wait budget (%.0f s waited, --max-wait %.0f)", wait,
			                 spent_waiting(g), g->rt.retry.budget);
		if (!said && wait >= 5) {
			log_info("pacing: usage near Meta's limit, waiting %.0f s", wait);
			said = 1;
		}
		sleep_counted(g, wait < 1 ? wait : 1);
	}
	return 0;
}

/*
 * Tells the rate limiter that the request for account is answered, with
 * the usage headers of the response, an error's too; got_response 0: no
 * response came, the request is no longer in flight all the same.
 */
static void
observe_usage(struct graph *g, const char *account, int got_response)
{
	struct ratelimit_usage u = { 0 };

	if (g->rt.rl == NULL)
		return;
	if (got_response)
		ratelimit_parse(http_last_header(g->http, "x-app-usage"),
		                http_last_header(g->http, "x-ad-account-usage"),
		                http_last_header(g->http, "x-business-use-case-usage"),
		                http_last_header(g->http, "x-fb-ads-insights-throttle"), &u);
	ratelimit_observe(g->rt.rl, account, &u, now(g));
}

/* One try: a parsed body (object, or array when want_array), or NULL with g->last and e set. */
static json_t *
attempt(struct graph *g, const char *url, const char *form, int want_array, const char *account,
        struct error *e)
{
	const char *headers[] = { g->auth_header, NULL };
	struct http_response r;
	json_t *body = NULL;
	json_error_t jerr;

	http_response_init(&r);
	count(g, STATS_REQUESTS);
	log_debug("%s %s", form ? "POST" : "GET", url);
	if (http_request(g->http, url, headers, form, &r, e) != 0) {
		observe_usage(g, account, 0);
		memset(&g->last, 0, sizeof g->last);
		snprintf(g->last.message, sizeof g->last.message, "%.511s", e ? e->msg : "transfer failed");
		goto out;
	}
	/* Every response, errors included: Meta sends usage headers with its throttle errors. */
	observe_usage(g, account, 1);
	if (g->raw)
		write_raw(g, &r.body);
	body = json_loadb(buf_str(&r.body), r.body.len, 0, &jerr);
	if (r.status != 200 || !(want_array ? json_is_array(body) : json_is_object(body)) ||
	    json_object_get(body, "error")) {
		fail(g, &r, json_is_object(body) ? body : NULL, e);
		json_decref(body);
		body = NULL;
	}
out:
	http_response_free(&r);
	return body;
}

/*
 * One request to an absolute URL with the run's pacing and retries; form
 * is NULL for GET.  The failure table is graph_classify().
 */
static json_t *
request_as(struct graph *g, const char *url, const char *form, int want_array, struct error *e)
{
	const struct retry_policy *p = &g->rt.retry;
	char buf[64];
	const char *account = url_account(url, buf, sizeof buf);
	int try;

	for (try = 0;; try++) {
		json_t *body;
		double wait, u01;

		if (pace(g, account, e) != 0)
			return NULL;
		if ((body = attempt(g, url, form, want_array, account, e)) != NULL)
			return body;
		u01 = g->rt.clock->random(g->rt.clock->ctx);
		switch (graph_classify(&g->last)) {
		case GRAPH_FAIL_RATE_LIMIT: {
			/* Meta says how long (in minutes) when it knows; else back off. */
			struct ratelimit_usage u = { 0 };
			count(g, STATS_RATE_LIMIT_ERRORS);
			if (g->rt.rl)
				ratelimit_parse(NULL, NULL, http_last_header(g->http, "x-business-use-case-usage"),
				                NULL, &u);
			wait = u.regain_seconds > 0 ? u.regain_seconds : p->base + retry_backoff(p, try, u01);
			log_info("rate limited (%ld%s%.0ld), waiting %.0f s", g->last.code,
			         g->last.subcode ? "/" : "", g->last.subcode, wait);
			/* Codes 4 and 341 are the app's limit; the others the account's. */
			if (g->rt.rl)
				ratelimit_block(g->rt.rl, g->last.code == 4 || g->last.code == 341 ? NULL : account,
				                now(g), wait);
			else if (wait_within_budget(g, wait, EXIT_TEMPFAIL, "rate limited", e) != 0)
				return NULL;
			if (g->rt.rl) {
				/* The wait itself happens before the next try, where pacing sleeps. */
				if (spent_waiting(g) + wait > p->budget) {
					error_prefix(e, "rate limited past the wait budget (--max-wait %.0f)", p->budget);
					if (e)
						e->status = EXIT_TEMPFAIL;
					return NULL;
				}
			}
			count(g, STATS_RETRY_RATE_LIMIT);
			continue;
		}
		case GRAPH_FAIL_TRANSIENT:
			if (try >= p->max_retries) {
				error_prefix(e, "gave up after %d retries", try);
				return NULL;
			}
			wait = retry_backoff(p, try, u01);
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
	return request_as(g, url, form, 0, e);
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
	reply = request_as(g, url, buf_str(&form), 1, e);
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

/*
 * Meta's next URLs may carry access_token (and appsecret_proof); the
 * token already goes in a header, so drop it from the URL rather than
 * copy the secret into a request line.
 */
static char *
next_url_without_token(struct graph *g, const char *next)
{
	const char *q = strchr(next, '?');
	struct buf out = BUF_INIT;
	const char *p;
	char *url;
	int first = 1;

	if (q == NULL)
		return xstrdup(next);
	buf_append(&out, next, (size_t)(q - next));
	for (p = q + 1; *p;) {
		size_t n = strcspn(p, "&");
		if (strncmp(p, "access_token=", 13) != 0 && strncmp(p, "appsecret_proof=", 16) != 0 && n) {
			buf_puts(&out, first ? "?" : "&");
			buf_append(&out, p, n);
			first = 0;
		}
		p += n;
		if (*p == '&')
			p++;
	}
	if (g->proof)
		buf_printf(&out, "%sappsecret_proof=%s", first ? "?" : "&", g->proof);
	url = xstrdup(buf_str(&out));
	buf_free(&out);
	return url;
}

int
graph_pager_next(struct graph_pager *p, json_t **page, struct error *e)
{
	json_t *body, *next;
	const char *base = p->g->cfg->base_url;
	size_t blen = strlen(base);

	*page = NULL;
	if (!p->started) {
		p->started = 1;
		body = graph_get(p->g, p->path, p->params, e);
	} else if (p->next_url) {
		char *url = next_url_without_token(p->g, p->next_url);
		body = request(p->g, url, NULL, e);
		free(url);
	} else {
		return 0;
	}
	if (body == NULL)
		return -1;
	if (!json_is_array(json_object_get(body, "data"))) {
		json_decref(body);
		return error_set(e, EXIT_UNAVAILABLE, "'%s': response has no data array", p->path), -1;
	}
	next = json_object_get(json_object_get(body, "paging"), "next");
	if (json_is_string(next)) {
		const char *url = json_string_value(next);
		if (strncmp(url, base, blen) != 0 || url[blen] != '/') {
			json_decref(body);
			return error_set(e, EXIT_OTHER,
			                 "'%s': refusing to follow paging.next to another host", p->path), -1;
		}
		if (p->next_url && strcmp(url, p->next_url) == 0) {
			json_decref(body);
			return error_set(e, EXIT_UNAVAILABLE,
			                 "'%s': paging.next repeats the previous page", p->path), -1;
		}
		free(p->next_url);
		p->next_url = xstrdup(url);
	} else {
		free(p->next_url);
		p->next_url = NULL;
	}
	*page = body;
	return 1;
}

void
graph_pager_free(struct graph_pager **p)
{
	if (*p == NULL)
		return;
	free((*p)->path);
	free((*p)->next_url);
	json_decref((*p)->params);
	free(*p);
	*p = NULL;
}
