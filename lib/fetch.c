#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "fetch.h"
#include "log.h"
#include "plan.h"
#include "report.h"
#include "singer.h"
#include "util.h"

/* A unit of work whose completion a sink hears about, across its splits. */
struct unit {
	struct fetch_unit pub;
	size_t account;
	long pending;            /* its tasks queued or running */
	int done, failed;        /* the sink heard it was done; a task of it did not finish */
	struct unit *next;       /* all units of the fetch, for the end */
};

/* One request's worth of work: part or all of a unit. */
struct task {
	struct unit *unit;
	char since[11], until[11]; /* insights range; "" for presets and entities */
	json_t *filtering;       /* a campaign filter after a split, or NULL */
	int async;               /* through a report run */
	int resubmits;
	struct task *next;
};

/* A task ended: done, failed (the fetch fails), or given up because the work stops. */
enum { TASK_DONE = 0, TASK_FAILED = -1, TASK_ABANDONED = 1 };

struct account_state {
	char id[64];
	long pending;            /* units not done */
	long rows;
	int async_in_flight;
};

struct fetch {
	const struct fetch_options *o;
	const struct graph_config *cfg;
	struct run *run;
	FILE *out;
	pthread_mutex_t lock;    /* queue, accounts, units, failure */
	pthread_cond_t changed;
	pthread_mutex_t out_lock;/* the sink and the output */
	struct task *queue;
	int running;
	struct account_state *accounts;
	json_t *params;          /* the query shared by every task */
	json_t *bookmarks;
	struct unit *units;
	const struct fetch_sink *sink;
	struct fetch_sink own_sink;
	int status;              /* first failure; 0 while none */
	int failing;             /* a task failed and its failure is on its way to status */
	struct error err;
};

static int
failed(struct fetch *f)
{
	int rc;

	pthread_mutex_lock(&f->lock);
	rc = f->status != 0 || f->failing;
	pthread_mutex_unlock(&f->lock);
	return rc;
}

/* For the clients: once the fetch failed, what is in flight is not wanted. */
static int
fetch_stopping(void *ctx)
{
	return failed(ctx);
}

static void
fail_fetch(struct fetch *f, const struct error *e)
{
	pthread_mutex_lock(&f->lock);
	if (f->status == 0) {
		f->status = e->status ? e->status : EXIT_OTHER;
		f->err = *e;
	}
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
}

/* Queues t at the front (splits run before new work); lock held by caller. */
static void
push_locked(struct fetch *f, struct task *t)
{
	t->next = f->queue;
	f->queue = t;
	t->unit->pending++;
	pthread_cond_broadcast(&f->changed);
}

static struct task *
new_task(struct unit *u, const char *since, const char *until, json_t *filtering, int async)
{
	struct task *t = xcalloc(1, sizeof *t);

	t->unit = u;
	snprintf(t->since, sizeof t->since, "%s", since ? since : "");
	snprintf(t->until, sizeof t->until, "%s", until ? until : "");
	t->filtering = filtering ? json_incref(filtering) : NULL;
	t->async = async;
	return t;
}

/* A task that replaces part of t (a split, a resubmission): same unit. */
static struct task *
child_task(const struct task *t, const char *since, const char *until, json_t *filtering)
{
	return new_task(t->unit, since, until, filtering, t->async);
}

static void
free_task(struct task *t)
{
	json_decref(t->filtering);
	free(t);
}

/* A new unit of account, queued as one task; lock held by caller (or no workers yet). */
static void
push_unit(struct fetch *f, size_t account, const char *since, const char *until, int async)
{
	struct unit *u = xcalloc(1, sizeof *u);

	u->account = account;
	u->pub.account = f->accounts[account].id;
	u->pub.stream = query_stream(f->o->kind);
	snprintf(u->pub.since, sizeof u->pub.since, "%s", since ? since : "");
	snprintf(u->pub.until, sizeof u->pub.until, "%s", until ? until : "");
	u->next = f->units;
	f->units = u;
	f->accounts[account].pending++;
	push_locked(f, new_task(u, since, until, NULL, async));
}

/* The default sink: Singer RECORDs on the output. */
static int
write_records(void *ctx, struct fetch_unit *u, json_t *rows, struct error *e)
{
	struct fetch *f = ctx;
	char now[32];
	size_t i;
	json_t *row;

	util_utc_now(now, sizeof now);
	json_array_foreach(rows, i, row) {
		json_t *m = singer_record(u->stream, json_incref(row), now);
		int rc = singer_write(f->out, m);
		json_decref(m);
		if (rc != 0)
			return error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	}
	return 0;
}

/* The default sink's STATE: every account's bookmark so far, after all of this account's records. */
static int
write_state(void *ctx, const char *account, json_t *bookmark, struct error *e)
{
	struct fetch *f = ctx;
	const char *stream = query_stream(f->o->kind);
	json_t *state;
	int rc;

	/* The list of accounts has no bookmark: it is read whole every time. */
	if (f->o->kind == FETCH_ADACCOUNTS)
		return 0;
	if (json_object_get(f->bookmarks, stream) == NULL)
		json_object_set_new(f->bookmarks, stream, json_object());
	json_object_set(json_object_get(f->bookmarks, stream), account, bookmark);
	state = json_pack("{s:s, s:{s:O}}", "type", "STATE", "value", "bookmarks", f->bookmarks);
	rc = singer_write(f->out, state);
	json_decref(state);
	if (rc != 0 || fflush(f->out) != 0)
		return error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	return 0;
}

/* --raw: each response body on one line (newlines in JSON are only whitespace), redacted. */
static void
write_raw(void *ctx, const char *body, size_t len)
{
	struct fetch *f = ctx;
	struct buf line = BUF_INIT;
	struct error e = { 0 };

	log_redact_line(&line, body, len);
	pthread_mutex_lock(&f->out_lock);
	if (fwrite(line.data, 1, line.len, f->out) != line.len || fflush(f->out) != 0)
		error_set(&e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	pthread_mutex_unlock(&f->out_lock);
	if (e.status)
		fail_fetch(f, &e);
	buf_free(&line);
}

/* Hands one page to the sink, under the output lock, so a page stays together. */
static int
emit_page(struct fetch *f, struct task *t, json_t *data, struct error *e)
{
	int rc = 0;

	if (f->o->raw)
		return 0;
	pthread_mutex_lock(&f->out_lock);
	if (f->sink->page)
		rc = f->sink->page(f->sink->ctx, &t->unit->pub, data, e);
	pthread_mutex_unlock(&f->out_lock);
	if (rc != 0)
		return TASK_FAILED;
	pthread_mutex_lock(&f->lock);
	f->accounts[t->unit->account].rows += (long)json_array_size(data);
	pthread_mutex_unlock(&f->lock);
	stats_add(f->run->stats, STATS_ROWS, (long)json_array_size(data));
	stats_add(f->run->stats, STATS_PAGES, 1);
	return TASK_DONE;
}

static json_t *
task_params(struct fetch *f, struct task *t)
{
	json_t *p = json_deep_copy(f->params);

	if (t->since[0]) {
		json_object_del(p, "date_preset");
		json_object_set_new(p, "time_range", json_pack("{s:s, s:s}", "since", t->since,
		                                               "until", t->until));
	}
	/* A split's campaign filter goes with the status filter, not instead of it. */
	if (t->filtering && json_is_array(json_object_get(p, "filtering")))
		json_array_extend(json_object_get(p, "filtering"), t->filtering);
	else if (t->filtering)
		json_object_set(p, "filtering", t->filtering);
	return p;
}

/* A failure while the work is stopping is no failure of its own: the task is abandoned. */
static int
task_failed(struct graph *g)
{
	return graph_stopping(g) ? TASK_ABANDONED : TASK_FAILED;
}

/* emit_page() for a sink that takes a page's text. */
static int
emit_page_text(struct fetch *f, struct task *t, const struct jscan *j, size_t data,
               struct error *e)
{
	long rows = 0;
	size_t i;
	int rc;

	pthread_mutex_lock(&f->out_lock);
	rc = f->sink->page_text(f->sink->ctx, &t->unit->pub, j, data, e);
	pthread_mutex_unlock(&f->out_lock);
	if (rc != 0)
		return TASK_FAILED;
	for (i = data + 1; i < j->tok[data].next; i = j->tok[i].next)
		rows++;
	pthread_mutex_lock(&f->lock);
	f->accounts[t->unit->account].rows += rows;
	pthread_mutex_unlock(&f->lock);
	stats_add(f->run->stats, STATS_ROWS, rows);
	stats_add(f->run->stats, STATS_PAGES, 1);
	return TASK_DONE;
}

/* The next page of p, emitted; as graph_pager_next(), or a TASK_* after an emit. */
static int
next_page(struct fetch *f, struct graph_pager *p, struct task *t, int *emitted,
          struct error *e)
{
	const struct jscan *j;
	json_t *page;
	size_t data;
	int rc;

	*emitted = 0;
	if (f->sink->page_text && !f->o->raw) {
		if ((rc = graph_pager_next_text(p, &j, &data, e)) != 1)
			return rc;
		*emitted = 1;
		return emit_page_text(f, t, j, data, e);
	}
	if ((rc = graph_pager_next(p, &page, e)) != 1)
		return rc;
	*emitted = 1;
	rc = emit_page(f, t, json_object_get(page, "data"), e);
	json_decref(page);
	return rc;
}

/* Pages through path with params, emitting each page. */
static int
page_through(struct fetch *f, struct graph *g, struct task *t, const char *path, json_t *params,
             struct error *e)
{
	struct graph_pager *p = graph_pager_new(g, path, params);
	int rc, emitted;

	for (;;) {
		rc = next_page(f, p, t, &emitted, e);
		if (!emitted || rc != TASK_DONE)
			break;
		/* The rest of the pages would only be thrown away. */
		if (graph_stopping(g)) {
			rc = TASK_ABANDONED;
			break;
		}
	}
	graph_pager_free(&p);
	if (rc < 0)
		return task_failed(g);
	return rc;
}

/*
 * A chunk Meta cannot serve whole (too large, or its report runs keep
 * failing): halve its days; a single day is split by campaign (one
 * filtered task per campaign of the account).  When even one day of one
 * campaign cannot be served, the fetch fails with status: a usage error
 * when Meta refuses the request itself (no retry can help), "unavailable"
 * when its report runs keep failing.
 */
static int
split_task(struct fetch *f, struct graph *g, struct task *t, const char *why, int status,
           struct error *e)
{
	long a, b, mid;
	char m1[11], m2[11];
	const char *account = t->unit->pub.account;

	if (t->since[0] && date_parse(t->since, &a) == 0 && date_parse(t->until, &b) == 0 && b > a) {
		mid = a + (b - a) / 2;
		date_format(mid, m1, sizeof m1);
		date_format(mid + 1, m2, sizeof m2);
		log_info("%s insights %s..%s too large: splitting at %s", account, t->since, t->until, m1);
		pthread_mutex_lock(&f->lock);
		push_locked(f, child_task(t, t->since, m1, t->filtering));
		push_locked(f, child_task(t, m2, t->until, t->filtering));
		pthread_mutex_unlock(&f->lock);
	} else if (t->filtering == NULL) {
		char *path = xasprintf("%s/campaigns", account);
		json_t *params = json_pack("{s:s, s:i, s:o}", "fields", "id", "limit", 500,
		                           "effective_status", query_all_statuses());
		struct graph_pager *p = graph_pager_new(g, path, params);
		json_t *page, *c;
		size_t i;
		int rc;

		free(path);
		json_decref(params);
		log_info("%s insights %s too large for one day: splitting by campaign", account,
		         t->since[0] ? t->since : "range");
		while ((rc = graph_pager_next(p, &page, e)) == 1) {
			pthread_mutex_lock(&f->lock);
			json_array_foreach(json_object_get(page, "data"), i, c) {
				json_t *flt = json_pack("[{s:s, s:s, s:[O]}]", "field", "campaign.id",
				                        "operator", "IN", "value", json_object_get(c, "id"));
				push_locked(f, child_task(t, t->since, t->until, flt));
				json_decref(flt);
			}
			pthread_mutex_unlock(&f->lock);
			json_decref(page);
		}
		graph_pager_free(&p);
		if (rc < 0)
			return task_failed(g);
		/*
		 * The campaigns edge never lists deleted campaigns, whose rows the
		 * status filter brings in: one more task takes them all.
		 */
		if (!f->o->exclude_archived) {
			json_t *flt = json_pack("[{s:s, s:s, s:[s]}]", "field", "campaign.effective_status",
			                        "operator", "IN", "value", "DELETED");
			pthread_mutex_lock(&f->lock);
			push_locked(f, child_task(t, t->since, t->until, flt));
			pthread_mutex_unlock(&f->lock);
			json_decref(flt);
		}
	} else {
		return error_set(e, status, "Meta cannot serve this request even for one day of "
		                 "one campaign (%s): %s", json_string_value(json_array_get(
		                 json_object_get(json_array_get(t->filtering, 0), "value"), 0)), why),
		       TASK_FAILED;
	}
	stats_add(f->run->stats, STATS_SPLITS, 1);
	return TASK_DONE;
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
run_async(struct fetch *f, struct graph *g, struct task *t, struct error *e)
{
	struct account_state *acct = &f->accounts[t->unit->account];
	json_t *params = task_params(f, t);
	char *run_id, *path;
	int outcome, rc = TASK_FAILED;

	json_object_del(params, "limit");
	pthread_mutex_lock(&f->lock);
	while (acct->async_in_flight >= FETCH_ASYNC_PER_ACCOUNT && f->status == 0 && !f->failing &&
	       !run_stopping(f->run))
		pthread_cond_wait(&f->changed, &f->lock);
	acct->async_in_flight++;
	pthread_mutex_unlock(&f->lock);

	/* Nothing new is submitted once the work stops. */
	if (graph_stopping(g)) {
		rc = TASK_ABANDONED;
		goto out;
	}
	if ((run_id = report_submit(g, acct->id, params, e)) == NULL) {
		rc = reduce_data(g) ? split_task(f, g, t, TOO_LARGE, EXIT_USAGE, e) : task_failed(g);
		goto out;
	}
	stats_add(f->run->stats, STATS_ASYNC_SUBMITTED, 1);
	outcome = report_wait(f->run->poller, g, run_id, e);
	if (outcome < 0) {
		rc = task_failed(g);
	} else if (outcome == REPORT_COMPLETED) {
		json_t *page_params = json_pack("{s:I}", "limit",
		                                (json_int_t)(f->o->limit ? f->o->limit : FETCH_DEFAULT_LIMIT));
		path = xasprintf("%s/insights", run_id);
		rc = page_through(f, g, t, path, page_params, e);
		free(path);
		json_decref(page_params);
		/* 2601: the results of a finished run cannot be read; treat as a failed run. */
		if (rc == TASK_FAILED && graph_last_error(g)->code == 2601)
			outcome = REPORT_FAILED;
		else if (rc == TASK_FAILED && reduce_data(g))
			rc = split_task(f, g, t, TOO_LARGE, EXIT_USAGE, e);
	}
	if (outcome == REPORT_FAILED || outcome == REPORT_SKIPPED) {
		stats_add(f->run->stats, outcome == REPORT_FAILED ? STATS_ASYNC_FAILED
		                                                  : STATS_ASYNC_SKIPPED, 1);
		log_info("%s report run %s %s", acct->id, run_id,
		         outcome == REPORT_FAILED ? "failed" : "was skipped");
		if (t->resubmits++ < 1) {
			struct task *again = child_task(t, t->since, t->until, t->filtering);
			again->resubmits = t->resubmits;
			pthread_mutex_lock(&f->lock);
			push_locked(f, again);
			pthread_mutex_unlock(&f->lock);
			rc = TASK_DONE;
		} else {
			rc = split_task(f, g, t, "report runs kept failing", EXIT_UNAVAILABLE, e);
		}
	}
	free(run_id);
out:
	json_decref(params);
	pthread_mutex_lock(&f->lock);
	/*
	 * A worker waiting for this slot must not take it for a new report run
	 * before the failure that frees it is known.
	 */
	if (rc == TASK_FAILED)
		f->failing = 1;
	acct->async_in_flight--;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
	return rc;
}

static int
run_task(struct fetch *f, struct graph *g, struct task *t, struct error *e)
{
	const char *account = t->unit->pub.account;
	json_t *params;
	char *path;
	int rc;

	if (f->o->kind == FETCH_ACCOUNT) {
		json_t *node = graph_get(g, account, f->params, e), *one;
		if (node == NULL)
			return task_failed(g);
		one = json_pack("[o]", node);
		rc = emit_page(f, t, one, e);
		json_decref(one);
		return rc;
	}
	if (f->o->kind == FETCH_ADACCOUNTS) {
		params = task_params(f, t);
		rc = page_through(f, g, t, "me/adaccounts", params, e);
		json_decref(params);
		return rc;
	}
	if (t->async)
		return run_async(f, g, t, e);
	params = task_params(f, t);
	path = xasprintf("%s/%s", account, query_edge(f->o->kind));
	rc = page_through(f, g, t, path, params, e);
	if (rc == TASK_FAILED && f->o->kind == FETCH_INSIGHTS && reduce_data(g))
		rc = split_task(f, g, t, TOO_LARGE, EXIT_USAGE, e);
	free(path);
	json_decref(params);
	return rc;
}

/* The account's last unit is done: its bookmark goes out after all its records. */
static int
emit_state(struct fetch *f, struct account_state *acct, struct error *e)
{
	json_t *mark = json_object();
	int rc = 0;

	if (f->o->kind == FETCH_INSIGHTS) {
		json_object_set(mark, "level", json_object_get(f->params, "level"));
		if (f->o->since) {
			json_object_set_new(mark, "since", json_string(f->o->since));
			json_object_set_new(mark, "until", json_string(f->o->until));
		} else if (f->o->nranges == 0) {
			json_object_set(mark, "date_preset", json_object_get(f->params, "date_preset"));
		}
	}
	log_info("%s %s: %ld rows", acct->id, query_stream(f->o->kind), acct->rows);
	pthread_mutex_lock(&f->out_lock);
	if (!f->o->raw && f->sink->account_done)
		rc = f->sink->account_done(f->sink->ctx, acct->id, mark, e);
	pthread_mutex_unlock(&f->out_lock);
	json_decref(mark);
	return rc;
}

/*
 * A task ended with rc.  Its unit is done when its last task ended well
 * and none failed or was abandoned; then the sink hears of it, and of the
 * account when that was its last unit.
 */
static int
finish_task(struct fetch *f, struct task *t, int rc, struct error *e)
{
	struct unit *u = t->unit;
	struct account_state *acct = &f->accounts[u->account];
	int unit_done, account_done = 0;

	pthread_mutex_lock(&f->lock);
	if (rc != TASK_DONE)
		u->failed = 1;
	unit_done = --u->pending == 0 && !u->failed && f->status == 0;
	pthread_mutex_unlock(&f->lock);
	if (!unit_done)
		return 0;
	if (f->sink->unit_done) {
		pthread_mutex_lock(&f->out_lock);
		rc = f->sink->unit_done(f->sink->ctx, &u->pub, e);
		pthread_mutex_unlock(&f->out_lock);
		if (rc != 0)
			return -1;
	}
	pthread_mutex_lock(&f->lock);
	u->done = 1;
	account_done = --acct->pending == 0 && f->status == 0;
	pthread_mutex_unlock(&f->lock);
	return account_done ? emit_state(f, acct, e) : 0;
}

static void
describe_task(struct fetch *f, struct task *t, struct buf *out)
{
	const char *bd = json_string_value(json_object_get(f->params, "level"));

	buf_printf(out, "%s %s", t->unit->pub.account, t->unit->pub.stream);
	if (t->since[0])
		buf_printf(out, " %s..%s", t->since, t->until);
	if (f->o->kind == FETCH_INSIGHTS) {
		buf_printf(out, " (level %s", bd ? bd : "ad");
		if (f->o->breakdowns)
			buf_printf(out, ", breakdowns %s", f->o->breakdowns);
		if (f->o->action_breakdowns)
			buf_printf(out, ", action breakdowns %s", f->o->action_breakdowns);
		buf_puts(out, ")");
	}
}

static void *
worker(void *arg)
{
	struct fetch *f = arg;
	struct graph_runtime rt = { f->run, fetch_stopping, f };
	struct error e = { 0 };
	struct graph *g = graph_new(f->cfg, "meta-fetch", &rt, &e);

	if (g == NULL) {
		fail_fetch(f, &e);
		return NULL;
	}
	if (f->o->raw)
		graph_on_body(g, write_raw, f);
	for (;;) {
		struct task *t;
		int rc;

		pthread_mutex_lock(&f->lock);
		while (f->queue == NULL && f->running > 0 && f->status == 0 && !f->failing &&
		       !run_stopping(f->run))
			pthread_cond_wait(&f->changed, &f->lock);
		if (f->status != 0 || f->failing || f->queue == NULL || run_stopping(f->run)) {
			pthread_cond_broadcast(&f->changed);
			pthread_mutex_unlock(&f->lock);
			break;
		}
		t = f->queue;
		f->queue = t->next;
		f->running++;
		pthread_mutex_unlock(&f->lock);

		memset(&e, 0, sizeof e);
		rc = run_task(f, g, t, &e);
		if (rc == TASK_FAILED || finish_task(f, t, rc, &e) != 0) {
			struct buf what = BUF_INIT;
			if (rc == TASK_FAILED)
				finish_task(f, t, rc, NULL);
			describe_task(f, t, &what);
			error_prefix(&e, "%s", buf_str(&what));
			buf_free(&what);
			fail_fetch(f, &e);
		}
		pthread_mutex_lock(&f->lock);
		f->running--;
		pthread_cond_broadcast(&f->changed);
		pthread_mutex_unlock(&f->lock);
		free_task(t);
	}
	graph_free(&g);
	return NULL;
}

/*
 * Condition variables do not hear signals: while workers wait for work,
 * the main thread watches the run's stop flag and wakes them.
 */
static void
watch_stop(struct fetch *f, pthread_t *threads, int started)
{
	int i;

	pthread_mutex_lock(&f->lock);
	while (f->running > 0 || (f->queue && f->status == 0 && !run_stopping(f->run))) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 200000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&f->changed, &f->lock, &ts);
		if (run_stopping(f->run))
			pthread_cond_broadcast(&f->changed);
	}
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* The insights units of one account: chunks of whole time increments. */
static void
plan_insights(struct fetch *f, size_t account)
{
	const struct fetch_options *o = f->o;
	const char *inc = o->time_increment ? o->time_increment : "1";
	struct fetch_range whole;
	const struct fetch_range *ranges = o->ranges;
	size_t nranges = o->nranges, k, n, i;
	long since, until, step;
	struct plan_range *chunks;
	char a[11], b[11];

	if (nranges == 0) {
		if (o->since == NULL) {
			push_unit(f, account, NULL, NULL, o->async);
			return;
		}
		snprintf(whole.since, sizeof whole.since, "%s", o->since);
		snprintf(whole.until, sizeof whole.until, "%s", o->until);
		ranges = &whole;
		nranges = 1;
	}
	step = plan_step(o->chunk_days ? o->chunk_days : FETCH_DEFAULT_CHUNK_DAYS, atol(inc));
	/* Pushed last first, so the queue hands chunks out in date order. */
	for (k = nranges; k-- > 0;) {
		date_parse(ranges[k].since, &since);
		date_parse(ranges[k].until, &until);
		n = plan_chunks(since, until, step, NULL, 0);
		chunks = xcalloc(n ? n : 1, sizeof *chunks);
		plan_chunks(since, until, step, chunks, n);
		for (i = n; i-- > 0;) {
			date_format(chunks[i].since, a, sizeof a);
			date_format(chunks[i].until, b, sizeof b);
			/* all_days or monthly over a long range cannot be cut: a report run does it. */
			push_unit(f, account, a, b, o->async || (step == 0 &&
			          chunks[i].until - chunks[i].since + 1 > FETCH_ASYNC_AUTO_DAYS));
		}
		free(chunks);
	}
}

int
fetch_run(struct run *run, const struct graph_config *cfg, const struct fetch_options *o,
          FILE *out, struct error *e)
{
	struct fetch f;
	pthread_t *threads;
	int jobs = o->jobs > 0 ? o->jobs : FETCH_DEFAULT_JOBS, i, started = 0;
	size_t a;

	memset(&f, 0, sizeof f);
	f.o = o;
	f.cfg = cfg;
	f.run = run;
	f.out = out;
	f.params = query_params(o);
	f.bookmarks = json_object();
	f.own_sink.page = write_records;
	f.own_sink.account_done = write_state;
	f.own_sink.ctx = &f;
	f.sink = o->sink ? o->sink : &f.own_sink;
	/* adaccounts: one unit of work, under the token's user. */
	f.accounts = xcalloc(o->naccounts ? o->naccounts : 1, sizeof *f.accounts);
	pthread_mutex_init(&f.lock, NULL);
	pthread_mutex_init(&f.out_lock, NULL);
	pthread_cond_init(&f.changed, NULL);

	for (a = 0; a < o->naccounts; a++)
		if (query_account_id(o->accounts[a], f.accounts[a].id, sizeof f.accounts[a].id, e) != 0)
			goto out;
	if (o->kind == FETCH_ADACCOUNTS)
		snprintf(f.accounts[0].id, sizeof f.accounts[0].id, "me");
	if (!o->raw && o->sink == NULL) {
		json_t *schema = query_schema(query_stream(o->kind));
		int rc = singer_write(out, schema);
		json_decref(schema);
		if (rc != 0) {
			error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
			goto out;
		}
	}
	/* Accounts are planned last first, so the queue starts with the first account. */
	if (o->kind == FETCH_ADACCOUNTS)
		push_unit(&f, 0, NULL, NULL, 0);
	for (a = o->kind == FETCH_ADACCOUNTS ? 0 : o->naccounts; a-- > 0;) {
		if (o->kind == FETCH_INSIGHTS)
			plan_insights(&f, a);
		else
			push_unit(&f, a, NULL, NULL, 0);
	}
	threads = xcalloc((size_t)jobs, sizeof *threads);
	for (i = 0; i < jobs; i++)
		if (pthread_create(&threads[i], NULL, worker, &f) == 0)
			started++;
	if (started == 0)
		error_set(&f.err, f.status = EXIT_OTHER, "cannot start a worker thread");
	watch_stop(&f, threads, started);
	free(threads);
	if (f.status == 0 && f.queue == NULL) {
		struct unit *u;
		for (u = f.units; u && u->done; u = u->next)
			;
		/* Stopped before everything was done: safe to run again later. */
		if (u && run_stopping(run))
			error_set(&f.err, f.status = EXIT_TEMPFAIL, "stopped by %s before the work was done",
			          run_stop_reason(run) ? run_stop_reason(run) : "the caller");
	} else if (f.status == 0) {
		error_set(&f.err, f.status = EXIT_TEMPFAIL, "stopped by %s before the work was done",
		          run_stop_reason(run) ? run_stop_reason(run) : "the caller");
	}
	if (f.status != 0) {
		*e = f.err;
	} else if (out && (fflush(out) != 0 || ferror(out))) {
		error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
		f.status = EXIT_OTHER;
	}
out:
	if (e->status && f.status == 0)
		f.status = e->status;
	while (f.queue) {
		struct task *t = f.queue;
		f.queue = t->next;
		free_task(t);
	}
	while (f.units) {
		struct unit *u = f.units;
		f.units = u->next;
		if (!u->done && f.sink->unit_dropped)
			f.sink->unit_dropped(f.sink->ctx, &u->pub);
		free(u);
	}
	pthread_cond_destroy(&f.changed);
	pthread_mutex_destroy(&f.out_lock);
	pthread_mutex_destroy(&f.lock);
	free(f.accounts);
	json_decref(f.params);
	json_decref(f.bookmarks);
	return f.status;
}

/* fetch_account_list()'s sink: every account object kept. */
static int
keep_accounts(void *ctx, struct fetch_unit *u, json_t *rows, struct error *e)
{
	(void)u;
	(void)e;
	json_array_extend(ctx, rows);
	return 0;
}

int
fetch_account_list(struct run *run, const struct graph_config *cfg, json_t **ids, json_t **rows,
                   struct error *e)
{
	struct fetch_sink sink = { keep_accounts, NULL, NULL, NULL, NULL, NULL };
	struct fetch_options o = { 0 };
	json_t *all = json_array(), *row;
	size_t i;
	int rc;

	*ids = NULL;
	if (rows)
		*rows = NULL;
	sink.ctx = all;
	o.kind = FETCH_ADACCOUNTS;
	o.jobs = 1;
	o.sink = &sink;
	if ((rc = fetch_run(run, cfg, &o, NULL, e)) != 0) {
		json_decref(all);
		return rc;
	}
	*ids = json_array();
	json_array_foreach(all, i, row) {
		const char *id = json_string_value(json_object_get(row, "id"));
		char act[64];

		if (id && query_account_id(id, act, sizeof act, NULL) == 0)
			json_array_append_new(*ids, json_string(act));
		else
			log_warn("/me/adaccounts: an account without a usable id left out");
	}
	if (rows)
		*rows = all;
	else
		json_decref(all);
	return 0;
}
