#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "fetch.h"
#include "log.h"
#include "singer.h"
#include "report.h"
#include "util.h"

static const struct {
	const char *name;   /* command-line word */
	const char *stream; /* Singer stream */
	const char *edge;   /* Graph edge under the account; NULL for the node */
	const char *fields; /* default fields */
} kinds[] = {
	[FETCH_ACCOUNT] = { "account", "accounts", NULL,
		"id,account_id,name,currency,timezone_name,timezone_offset_hours_utc,"
		"account_status,amount_spent,spend_cap,business_name,created_time" },
	[FETCH_CAMPAIGNS] = { "campaigns", "campaigns", "campaigns",
		"id,account_id,name,objective,status,configured_status,effective_status,"
		"buying_type,bid_strategy,daily_budget,lifetime_budget,budget_remaining,spend_cap,"
		"special_ad_categories,created_time,updated_time,start_time,stop_time" },
	[FETCH_ADSETS] = { "adsets", "adsets", "adsets",
		"id,account_id,campaign_id,name,status,configured_status,effective_status,"
		"optimization_goal,billing_event,bid_strategy,bid_amount,daily_budget,"
		"lifetime_budget,budget_remaining,created_time,updated_time,start_time,end_time" },
	[FETCH_ADS] = { "ads", "ads", "ads",
		"id,account_id,campaign_id,adset_id,name,status,configured_status,"
		"effective_status,creative,created_time,updated_time" },
	[FETCH_INSIGHTS] = { "insights", "insights", "insights",
		"spend,impressions,clicks,reach,frequency,cpc,cpm,ctr,inline_link_clicks,"
		"unique_clicks,actions,action_values,conversions,conversion_values,"
		"account_currency,objective" },
};

/* Ids and names an insights row needs at each level, so its key is complete. */
static const char *const level_fields[][2] = {
	{ "account", "account_id,account_name" },
	{ "campaign", "account_id,account_name,campaign_id,campaign_name" },
	{ "adset", "account_id,account_name,campaign_id,campaign_name,adset_id,adset_name" },
	{ "ad", "account_id,account_name,campaign_id,campaign_name,adset_id,adset_name,ad_id,ad_name" },
};

/* Every effective_status an object can have except DELETED, which edges refuse. */
static const char *const all_statuses =
	"[\"ACTIVE\",\"PAUSED\",\"ARCHIVED\",\"IN_PROCESS\",\"WITH_ISSUES\",\"CAMPAIGN_PAUSED\","
	"\"ADSET_PAUSED\",\"DISAPPROVED\",\"PENDING_REVIEW\",\"PREAPPROVED\","
	"\"PENDING_BILLING_INFO\"]";

static const char *const date_presets[] = {
	"today", "yesterday", "this_month", "last_month", "this_quarter", "maximum",
	"data_maximum", "last_3d", "last_7d", "last_14d", "last_28d", "last_30d", "last_90d",
	"last_week_mon_sun", "last_week_sun_sat", "last_quarter", "last_year",
	"this_week_mon_today", "this_week_sun_today", "this_year", NULL,
};

int
fetch_kind_parse(const char *name, enum fetch_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0) {
			*kind = (enum fetch_kind)i;
			return 0;
		}
	return -1;
}

int
fetch_account_id(const char *given, char *out, size_t size, struct error *e)
{
	const char *digits = strncmp(given, "act_", 4) == 0 ? given + 4 : given;
	const char *p;

	for (p = digits; *p; p++)
		if (!isdigit((unsigned char)*p))
			break;
	if (*digits == '\0' || *p != '\0' || strlen(digits) > 32)
		return error_set(e, EXIT_USAGE, "account '%s': not an ad account id "
		                 "(act_ followed by digits)", given);
	snprintf(out, size, "act_%s", digits);
	return 0;
}

static int
valid_increment(const char *s)
{
	char *end;
	long n;

	if (strcmp(s, "monthly") == 0 || strcmp(s, "all_days") == 0)
		return 1;
	errno = 0;
	n = strtol(s, &end, 10);
	return *s && *end == '\0' && errno == 0 && n >= 1 && n <= 90;
}

static int
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int
fetch_check_options(const struct fetch_options *o, struct error *e)
{
	char id[64];
	long since, until;
	size_t i;
	static const char *const levels[] = { "account", "campaign", "adset", "ad", NULL };

	if (o->naccounts == 0)
		return error_set(e, EXIT_USAGE, "no ad account: give -a act_<id>");
	for (i = 0; i < o->naccounts; i++)
		if (fetch_account_id(o->accounts[i], id, sizeof id, e) != 0)
			return EXIT_USAGE;
	if ((o->since == NULL) != (o->until == NULL))
		return error_set(e, EXIT_USAGE, "--since and --until go together");
	if (o->since && o->date_preset)
		return error_set(e, EXIT_USAGE, "--date-preset cannot be combined with --since/--until");
	if (o->since && date_parse(o->since, &since) != 0)
		return error_set(e, EXIT_USAGE, "--since '%s': not a date (YYYY-MM-DD)", o->since);
	if (o->until && date_parse(o->until, &until) != 0)
		return error_set(e, EXIT_USAGE, "--until '%s': not a date (YYYY-MM-DD)", o->until);
	if (o->since && since > until)
		return error_set(e, EXIT_USAGE, "--since %s is after --until %s", o->since, o->until);
	if (o->date_preset && !in_list(date_presets, o->date_preset))
		return error_set(e, EXIT_USAGE, "--date-preset '%s': unknown preset", o->date_preset);
	if (o->level && !in_list(levels, o->level))
		return error_set(e, EXIT_USAGE, "--level '%s': expected account, campaign, adset or ad",
		                 o->level);
	if (o->time_increment && !valid_increment(o->time_increment))
		return error_set(e, EXIT_USAGE, "--time-increment '%s': expected 1 to 90, monthly "
		                 "or all_days", o->time_increment);
	if (o->limit < 0)
		return error_set(e, EXIT_USAGE, "--limit: must be positive");
	if ((o->async || o->chunk_days) && o->kind != FETCH_INSIGHTS)
		return error_set(e, EXIT_USAGE, "%s applies to insights only",
		                 o->async ? "--async" : "--chunk-days");
	if (o->kind != FETCH_INSIGHTS) {
		const char *given = o->since ? "--since" : o->date_preset ? "--date-preset"
		                  : o->level ? "--level" : o->time_increment ? "--time-increment"
		                  : o->breakdowns ? "--breakdowns"
		                  : o->action_breakdowns ? "--action-breakdowns" : NULL;
		if (given)
			return error_set(e, EXIT_USAGE, "%s applies to insights only", given);
	}
	if (o->include_archived && (o->kind == FETCH_ACCOUNT || o->kind == FETCH_INSIGHTS))
		return error_set(e, EXIT_USAGE, "--include-archived applies to campaigns, adsets and ads");
	return 0;
}

/* "a,b" -> ["a","b"] as Meta's SDKs send list parameters. */
static json_t *
comma_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, ",");
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return a;
}

static char *
insight_fields(const struct fetch_options *o)
{
	const char *level = o->level ? o->level : "ad";
	const char *ids = level_fields[3][1];
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(level_fields[i][0], level) == 0)
			ids = level_fields[i][1];
	return xasprintf("%s,%s", ids, o->fields ? o->fields : kinds[FETCH_INSIGHTS].fields);
}

static json_t *
build_params(const struct fetch_options *o)
{
	json_t *p = json_object();
	long limit = o->limit ? o->limit : FETCH_DEFAULT_LIMIT;

	if (o->kind == FETCH_INSIGHTS) {
		char *fields = insight_fields(o);
		json_object_set_new(p, "level", json_string(o->level ? o->level : "ad"));
		json_object_set_new(p, "fields", json_string(fields));
		free(fields);
		if (o->since)
			json_object_set_new(p, "time_range",
			                    json_pack("{s:s, s:s}", "since", o->since, "until", o->until));
		else
			json_object_set_new(p, "date_preset",
			                    json_string(o->date_preset ? o->date_preset : "last_30d"));
		json_object_set_new(p, "time_increment",
		                    json_string(o->time_increment ? o->time_increment : "1"));
		if (o->breakdowns)
			json_object_set_new(p, "breakdowns", comma_list(o->breakdowns));
		json_object_set_new(p, "action_breakdowns",
		                    comma_list(o->action_breakdowns ? o->action_breakdowns : "action_type"));
	} else {
		json_object_set_new(p, "fields", json_string(o->fields ? o->fields : kinds[o->kind].fields));
		if (o->include_archived && o->kind != FETCH_ACCOUNT) {
			json_error_t jerr;
			json_object_set_new(p, "effective_status", json_loads(all_statuses, 0, &jerr));
		}
	}
	if (o->kind != FETCH_ACCOUNT)
		json_object_set_new(p, "limit", json_integer(limit));
	return p;
}

/* Loose schema: meta-fetch passes Graph objects through as they came. */
static json_t *
fetch_schema(const char *stream)
{
	json_t *kp = json_array();

	if (strcmp(stream, "insights") != 0)
		json_array_append_new(kp, json_string("id"));
	return json_pack("{s:s, s:s, s:{s:s, s:b}, s:o}", "type", "SCHEMA", "stream", stream,
	                 "schema", "type", "object", "additionalProperties", 1,
	                 "key_properties", kp);
}

/* A range of days whose completion a sink wants to hear about, across splits. */
struct chunk {
	size_t account;
	char since[11], until[11];
	long pending;            /* its tasks queued or running */
	struct chunk *next;      /* all chunks of the run, for freeing */
};

/* One unit of work: an account's entities, or one insights chunk. */
struct task {
	size_t account;          /* index into run.accounts */
	struct chunk *chunk;     /* the chunk it belongs to, or NULL */
	char since[11], until[11]; /* insights chunk; "" for presets and entities */
	json_t *filtering;       /* a campaign filter after a split, or NULL */
	int async;               /* through a report run */
	int resubmits;
	struct task *next;
};

struct account_state {
	char id[64];
	long pending;            /* tasks queued or running */
	long rows;
	int async_in_flight;
};

struct run {
	const struct fetch_options *o;
	const struct graph_config *cfg;
	struct graph_runtime rt;
	struct report_poller *poller;
	FILE *out;
	pthread_mutex_t lock;    /* queue, accounts, failure */
	pthread_cond_t changed;
	pthread_mutex_t out_lock;
	struct task *queue;
	int running;
	struct account_state *accounts;
	json_t *params;          /* the query shared by every task */
	json_t *bookmarks;
	struct chunk *chunks;
	const struct fetch_sink *sink;
	struct fetch_sink own_sink;
	int status;              /* first failure; 0 while none */
	struct error err;
};

static int
run_failed(struct run *r)
{
	int failed;

	pthread_mutex_lock(&r->lock);
	failed = r->status != 0;
	pthread_mutex_unlock(&r->lock);
	return failed;
}

static void
fail_run(struct run *r, const struct error *e)
{
	pthread_mutex_lock(&r->lock);
	if (r->status == 0) {
		r->status = e->status ? e->status : EXIT_OTHER;
		r->err = *e;
	}
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

/* Queues t at the front (splits run before new work); lock held by caller. */
static void
push_locked(struct run *r, struct task *t)
{
	t->next = r->queue;
	r->queue = t;
	r->accounts[t->account].pending++;
	if (t->chunk)
		t->chunk->pending++;
	pthread_cond_broadcast(&r->changed);
}

static struct task *
new_task(size_t account, const char *since, const char *until, json_t *filtering, int async)
{
	struct task *t = xcalloc(1, sizeof *t);

	t->account = account;
	t->chunk = NULL;
	snprintf(t->since, sizeof t->since, "%s", since ? since : "");
	snprintf(t->until, sizeof t->until, "%s", until ? until : "");
	t->filtering = filtering ? json_incref(filtering) : NULL;
	t->async = async;
	return t;
}

/* A task that replaces part of t (a split, a resubmission): same chunk. */
static struct task *
child_task(const struct task *t, const char *since, const char *until, json_t *filtering)
{
	struct task *c = new_task(t->account, since, until, filtering, t->async);

	c->chunk = t->chunk;
	return c;
}

static void
free_task(struct task *t)
{
	json_decref(t->filtering);
	free(t);
}

/* The default sink: Singer RECORDs on the output. */
static int
write_records(void *ctx, const char *account, const char *stream, json_t *rows, struct error *e)
{
	struct run *r = ctx;
	char now[32];
	size_t i;
	json_t *row;

	(void)account;
	util_utc_now(now, sizeof now);
	json_array_foreach(rows, i, row) {
		json_t *m = singer_record(stream, json_incref(row), now);
		int rc = singer_write(r->out, m);
		json_decref(m);
		if (rc != 0)
			return error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	}
	return 0;
}

/* The default sink's STATE: cumulative bookmarks, after all of the account's records. */
static int
write_state(void *ctx, const char *account, json_t *bookmark, struct error *e)
{
	struct run *r = ctx;
	const char *stream = kinds[r->o->kind].stream;
	json_t *state;
	int rc;

	if (json_object_get(r->bookmarks, stream) == NULL)
		json_object_set_new(r->bookmarks, stream, json_object());
	json_object_set(json_object_get(r->bookmarks, stream), account, bookmark);
	state = json_pack("{s:s, s:{s:O}}", "type", "STATE", "value", "bookmarks", r->bookmarks);
	rc = singer_write(r->out, state);
	json_decref(state);
	if (rc != 0 || fflush(r->out) != 0)
		return error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	return 0;
}

/* Hands one page to the sink, under the output lock, so a page stays together. */
static int
emit_page(struct run *r, struct task *t, json_t *data, struct error *e)
{
	int rc = 0;

	if (r->o->raw)
		return 0;
	pthread_mutex_lock(&r->out_lock);
	if (r->sink->page)
		rc = r->sink->page(r->sink->ctx, r->accounts[t->account].id, kinds[r->o->kind].stream,
		                   data, e);
	pthread_mutex_unlock(&r->out_lock);
	if (rc != 0)
		return rc;
	pthread_mutex_lock(&r->lock);
	r->accounts[t->account].rows += (long)json_array_size(data);
	pthread_mutex_unlock(&r->lock);
	if (r->rt.stats) {
		stats_add(r->rt.stats, STATS_ROWS, (long)json_array_size(data));
		stats_add(r->rt.stats, STATS_PAGES, 1);
	}
	return 0;
}

static json_t *
task_params(struct run *r, struct task *t)
{
	json_t *p = json_deep_copy(r->params);

	if (t->since[0]) {
		json_object_del(p, "date_preset");
		json_object_set_new(p, "time_range", json_pack("{s:s, s:s}", "since", t->since,
		                                               "until", t->until));
	}
	if (t->filtering)
		json_object_set(p, "filtering", t->filtering);
	return p;
}

/* Pages through path with params, emitting each page. */
static int
page_through(struct run *r, struct graph *g, struct task *t, const char *path, json_t *params,
             struct error *e)
{
	struct graph_pager *p = graph_pager_new(g, path, params);
	json_t *page;
	int rc;

	while ((rc = graph_pager_next(p, &page, e)) == 1) {
		rc = emit_page(r, t, json_object_get(page, "data"), e);
		json_decref(page);
		if (rc != 0) {
			rc = -1;
			break;
		}
		/* Another worker failed the run: its pages would only be thrown away. */
		if (run_failed(r)) {
			rc = 0;
			break;
		}
	}
	graph_pager_free(&p);
	return rc < 0 ? -1 : 0;
}

/*
 * A chunk Meta cannot serve whole (too large, or its report runs keep
 * failing): halve its days; a single day is split by campaign (one
 * filtered task per campaign of the account).  why ends the message when
 * even that cannot be split.
 */
static int
split_task(struct run *r, struct graph *g, struct task *t, const char *why, struct error *e)
{
	long a, b, mid;
	char m1[11], m2[11];
	const char *account = r->accounts[t->account].id;

	if (t->since[0] && date_parse(t->since, &a) == 0 && date_parse(t->until, &b) == 0 && b > a) {
		mid = a + (b - a) / 2;
		date_format(mid, m1, sizeof m1);
		date_format(mid + 1, m2, sizeof m2);
		log_info("%s insights %s..%s too large: splitting at %s", account, t->since, t->until, m1);
		pthread_mutex_lock(&r->lock);
		push_locked(r, child_task(t, t->since, m1, t->filtering));
		push_locked(r, child_task(t, m2, t->until, t->filtering));
		pthread_mutex_unlock(&r->lock);
	} else if (t->filtering == NULL) {
		char *path = xasprintf("%s/campaigns", account);
		json_t *params = json_pack("{s:s, s:i, s:s}", "fields", "id", "limit", 500,
		                           "effective_status", "");
		struct graph_pager *p;
		json_t *page, *c;
		json_error_t jerr;
		size_t i;
		int rc;

		json_object_set_new(params, "effective_status", json_loads(all_statuses, 0, &jerr));
		p = graph_pager_new(g, path, params);
		free(path);
		json_decref(params);
		log_info("%s insights %s too large for one day: splitting by campaign", account,
		         t->since[0] ? t->since : "range");
		while ((rc = graph_pager_next(p, &page, e)) == 1) {
			pthread_mutex_lock(&r->lock);
			json_array_foreach(json_object_get(page, "data"), i, c) {
				json_t *f = json_pack("[{s:s, s:s, s:[O]}]", "field", "campaign.id",
				                      "operator", "IN", "value", json_object_get(c, "id"));
				push_locked(r, child_task(t, t->since, t->until, f));
				json_decref(f);
			}
			pthread_mutex_unlock(&r->lock);
			json_decref(page);
		}
		graph_pager_free(&p);
		if (rc < 0)
			return -1;
	} else {
		return error_set(e, EXIT_UNAVAILABLE, "%s, even for one day of one campaign", why);
	}
	if (r->rt.stats)
		stats_add(r->rt.stats, STATS_SPLITS, 1);
	return 0;
}

#define TOO_LARGE "Meta cannot serve it (reduce the amount of data); ask for fewer " \
                  "fields or breakdowns"

/*
 * Whether the last failure asks for a smaller request: Meta said so, or
 * its "unknown error" 1/99 (which the level or size of the query can
 * cause) outlasted the retries.
 */
static int
reduce_data(struct graph *g)
{
	const struct graph_error *ge = graph_last_error(g);

	return graph_classify(ge) == GRAPH_FAIL_REDUCE_DATA || (ge->code == 1 && ge->subcode == 99);
}

static int
run_async(struct run *r, struct graph *g, struct task *t, struct error *e)
{
	struct account_state *acct = &r->accounts[t->account];
	json_t *params = task_params(r, t);
	char *run_id, *path;
	int outcome, rc = -1;

	json_object_del(params, "limit");
	pthread_mutex_lock(&r->lock);
	while (acct->async_in_flight >= FETCH_ASYNC_PER_ACCOUNT && r->status == 0)
		pthread_cond_wait(&r->changed, &r->lock);
	acct->async_in_flight++;
	pthread_mutex_unlock(&r->lock);

	if ((run_id = report_submit(g, acct->id, params, e)) == NULL) {
		rc = reduce_data(g) ? split_task(r, g, t, TOO_LARGE, e) : -1;
		goto out;
	}
	if (r->rt.stats)
		stats_add(r->rt.stats, STATS_ASYNC_SUBMITTED, 1);
	outcome = report_wait(r->poller, g, run_id, e);
	if (outcome == REPORT_COMPLETED) {
		json_t *page_params = json_pack("{s:I}", "limit",
		                                (json_int_t)(r->o->limit ? r->o->limit : FETCH_DEFAULT_LIMIT));
		path = xasprintf("%s/insights", run_id);
		rc = page_through(r, g, t, path, page_params, e);
		free(path);
		json_decref(page_params);
		/* 2601: the results of a finished run cannot be read; treat as a failed run. */
		if (rc != 0 && graph_last_error(g)->code == 2601)
			outcome = REPORT_FAILED;
		else if (rc != 0 && reduce_data(g))
			rc = split_task(r, g, t, TOO_LARGE, e);
	}
	if (outcome == REPORT_FAILED || outcome == REPORT_SKIPPED) {
		if (r->rt.stats)
			stats_add(r->rt.stats, outcome == REPORT_FAILED ? STATS_ASYNC_FAILED
			                                                : STATS_ASYNC_SKIPPED, 1);
		log_info("%s report run %s %s", acct->id, run_id,
		         outcome == REPORT_FAILED ? "failed" : "was skipped");
		if (t->resubmits++ < 1) {
			struct task *again = child_task(t, t->since, t->until, t->filtering);
			again->resubmits = t->resubmits;
			pthread_mutex_lock(&r->lock);
			push_locked(r, again);
			pthread_mutex_unlock(&r->lock);
			rc = 0;
		} else {
			rc = split_task(r, g, t, "report runs kept failing", e);
		}
	}
	free(run_id);
out:
	json_decref(params);
	pthread_mutex_lock(&r->lock);
	acct->async_in_flight--;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

static int
run_task(struct run *r, struct graph *g, struct task *t, struct error *e)
{
	const char *account = r->accounts[t->account].id;
	json_t *params;
	char *path;
	int rc;

	if (r->o->kind == FETCH_ACCOUNT) {
		json_t *node = graph_get(g, account, r->params, e), *one;
		if (node == NULL)
			return -1;
		one = json_pack("[o]", node);
		rc = emit_page(r, t, one, e);
		json_decref(one);
		return rc;
	}
	if (t->async)
		return run_async(r, g, t, e);
	params = task_params(r, t);
	path = xasprintf("%s/%s", account, kinds[r->o->kind].edge);
	rc = page_through(r, g, t, path, params, e);
	if (rc != 0 && r->o->kind == FETCH_INSIGHTS && reduce_data(g))
		rc = split_task(r, g, t, TOO_LARGE, e);
	free(path);
	json_decref(params);
	return rc;
}

/* The account's last task is done: its bookmark goes out after all its records. */
static int
emit_state(struct run *r, struct account_state *acct, struct error *e)
{
	json_t *mark = json_object();
	int rc = 0;

	if (r->o->kind == FETCH_INSIGHTS) {
		json_object_set(mark, "level", json_object_get(r->params, "level"));
		if (r->o->since) {
			json_object_set_new(mark, "since", json_string(r->o->since));
			json_object_set_new(mark, "until", json_string(r->o->until));
		} else if (r->o->nranges == 0) {
			json_object_set(mark, "date_preset", json_object_get(r->params, "date_preset"));
		}
	}
	log_info("%s %s: %ld rows", acct->id, kinds[r->o->kind].stream, acct->rows);
	pthread_mutex_lock(&r->out_lock);
	if (!r->o->raw && r->sink->account_done)
		rc = r->sink->account_done(r->sink->ctx, acct->id, mark, e);
	pthread_mutex_unlock(&r->out_lock);
	json_decref(mark);
	return rc;
}

/* t finished well: tell the sink when that completes its chunk. */
static int
finish_chunk(struct run *r, struct task *t, struct error *e)
{
	struct chunk *c = t->chunk;
	int done, rc = 0;

	if (c == NULL)
		return 0;
	pthread_mutex_lock(&r->lock);
	done = --c->pending == 0;
	pthread_mutex_unlock(&r->lock);
	if (done && r->sink->chunk_done) {
		pthread_mutex_lock(&r->out_lock);
		rc = r->sink->chunk_done(r->sink->ctx, r->accounts[c->account].id, c->since, c->until, e);
		pthread_mutex_unlock(&r->out_lock);
	}
	return rc;
}

static void *
worker(void *arg)
{
	struct run *r = arg;
	struct graph *g = graph_new(r->cfg, "meta-fetch", &r->rt);
	struct error e;

	if (r->o->raw)
		graph_set_raw(g, r->out);
	for (;;) {
		struct task *t;
		struct account_state *acct;
		int rc;

		pthread_mutex_lock(&r->lock);
		while (r->queue == NULL && r->running > 0 && r->status == 0)
			pthread_cond_wait(&r->changed, &r->lock);
		if (r->status != 0 || r->queue == NULL) {
			pthread_cond_broadcast(&r->changed);
			pthread_mutex_unlock(&r->lock);
			break;
		}
		t = r->queue;
		r->queue = t->next;
		r->running++;
		pthread_mutex_unlock(&r->lock);

		memset(&e, 0, sizeof e);
		acct = &r->accounts[t->account];
		rc = run_task(r, g, t, &e);
		if (rc == 0)
			rc = finish_chunk(r, t, &e);
		if (rc != 0) {
			error_prefix(&e, "%s %s%s%s%s%s", acct->id, kinds[r->o->kind].stream,
			             t->since[0] ? " " : "", t->since, t->since[0] ? ".." : "", t->until);
			fail_run(r, &e);
		}
		pthread_mutex_lock(&r->lock);
		r->running--;
		if (rc == 0 && --acct->pending == 0 && r->status == 0) {
			pthread_mutex_unlock(&r->lock);
			if (emit_state(r, acct, &e) != 0)
				fail_run(r, &e);
			pthread_mutex_lock(&r->lock);
		}
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		free_task(t);
	}
	graph_free(&g);
	return NULL;
}

/* Queues one chunk of days as a task the sink hears about when it completes. */
static void
push_chunk(struct run *r, size_t account, const char *since, const char *until, int async)
{
	struct chunk *c = xcalloc(1, sizeof *c);
	struct task *t = new_task(account, since, until, NULL, async);

	c->account = account;
	snprintf(c->since, sizeof c->since, "%s", since);
	snprintf(c->until, sizeof c->until, "%s", until);
	c->next = r->chunks;
	r->chunks = c;
	t->chunk = c;
	push_locked(r, t);
}

/* The insights tasks of one account: chunks of whole time increments. */
static void
plan_insights(struct run *r, size_t account)
{
	const struct fetch_options *o = r->o;
	const char *inc = o->time_increment ? o->time_increment : "1";
	struct fetch_range whole;
	const struct fetch_range *ranges = o->ranges;
	size_t nranges = o->nranges, k;
	long since, until, step, n = atol(inc), day;
	char a[11], b[11];

	if (nranges == 0) {
		if (o->since == NULL) {
			push_locked(r, new_task(account, NULL, NULL, NULL, o->async));
			return;
		}
		snprintf(whole.since, sizeof whole.since, "%s", o->since);
		snprintf(whole.until, sizeof whole.until, "%s", o->until);
		ranges = &whole;
		nranges = 1;
	}
	step = o->chunk_days ? o->chunk_days : FETCH_DEFAULT_CHUNK_DAYS;
	step = n <= 0 ? 0 : step < n ? n : step / n * n;
	/* Pushed last first, so the queue hands chunks out in date order. */
	for (k = nranges; k-- > 0;) {
		date_parse(ranges[k].since, &since);
		date_parse(ranges[k].until, &until);
		if (step == 0) {
			/* all_days or monthly: one row set over the range, so it cannot be cut. */
			push_chunk(r, account, ranges[k].since, ranges[k].until,
			           o->async || until - since + 1 > FETCH_ASYNC_AUTO_DAYS);
			continue;
		}
		for (day = since + (until - since) / step * step; day >= since; day -= step) {
			date_format(day, a, sizeof a);
			date_format(day + step - 1 < until ? day + step - 1 : until, b, sizeof b);
			push_chunk(r, account, a, b, o->async);
		}
	}
}

int
fetch_run(const struct graph_config *cfg, const struct fetch_options *o, FILE *out,
          json_t **summary, struct error *e)
{
	struct run r;
	pthread_t *threads;
	int jobs = o->jobs > 0 ? o->jobs : FETCH_DEFAULT_JOBS, i, started = 0;
	size_t a;

	memset(&r, 0, sizeof r);
	r.o = o;
	r.cfg = cfg;
	r.out = out;
	r.rt.clock = clock_system();
	r.rt.rl = ratelimit_new();
	r.rt.stats = o->stats ? o->stats : stats_new(r.rt.clock->now(NULL));
	r.rt.retry = o->retry;
	r.rt.out_lock = &r.out_lock;
	r.poller = report_poller_new(r.rt.clock, r.rt.stats);
	r.params = build_params(o);
	r.bookmarks = json_object();
	r.own_sink.page = write_records;
	r.own_sink.account_done = write_state;
	r.own_sink.ctx = &r;
	r.sink = o->sink ? o->sink : &r.own_sink;
	r.accounts = xcalloc(o->naccounts, sizeof *r.accounts);
	pthread_mutex_init(&r.lock, NULL);
	pthread_mutex_init(&r.out_lock, NULL);
	pthread_cond_init(&r.changed, NULL);

	for (a = 0; a < o->naccounts; a++)
		if (fetch_account_id(o->accounts[a], r.accounts[a].id, sizeof r.accounts[a].id, e) != 0)
			goto out;
	if (!o->raw && o->sink == NULL) {
		json_t *schema = fetch_schema(kinds[o->kind].stream);
		int rc = singer_write(out, schema);
		json_decref(schema);
		if (rc != 0) {
			error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
			goto out;
		}
	}
	/* Accounts are planned last first, so the queue starts with the first account. */
	for (a = o->naccounts; a-- > 0;) {
		if (o->kind == FETCH_INSIGHTS)
			plan_insights(&r, a);
		else
			push_locked(&r, new_task(a, NULL, NULL, NULL, 0));
	}
	threads = xcalloc((size_t)jobs, sizeof *threads);
	for (i = 0; i < jobs; i++)
		if (pthread_create(&threads[i], NULL, worker, &r) == 0)
			started++;
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	if (started == 0)
		error_set(&r.err, r.status = EXIT_OTHER, "cannot start a worker thread");
	if (r.status != 0) {
		*e = r.err;
	} else if (out && (fflush(out) != 0 || ferror(out))) {
		error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
		r.status = EXIT_OTHER;
	}
out:
	if (e->status && r.status == 0)
		r.status = e->status;
	if (summary)
		*summary = stats_json(r.rt.stats, r.rt.clock->now(NULL), r.status,
		                      ratelimit_peak(r.rt.rl));
	while (r.queue) {
		struct task *t = r.queue;
		r.queue = t->next;
		free_task(t);
	}
	while (r.chunks) {
		struct chunk *c = r.chunks;
		r.chunks = c->next;
		free(c);
	}
	pthread_cond_destroy(&r.changed);
	pthread_mutex_destroy(&r.out_lock);
	pthread_mutex_destroy(&r.lock);
	free(r.accounts);
	json_decref(r.params);
	json_decref(r.bookmarks);
	report_poller_free(&r.poller);
	if (o->stats == NULL)
		stats_free(&r.rt.stats);
	ratelimit_free(&r.rt.rl);
	return r.status;
}
