#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "report.h"
#include "util.h"

struct report_run {
	char *id;
	double submitted;
	double due;         /* next poll */
	int outcome;        /* -1 while running */
	struct report_run *next;
};

struct report_poller {
	const struct clock *clock;
	pthread_mutex_t lock;
	struct report_run *runs;
	int polling;        /* a worker is asking right now */
	int failed_rounds;  /* polls in a row that got no answer */
};

/* Poll rounds in a row that may fail (outages, odd answers) before waiting ends. */
#define REPORT_MAX_FAILED_ROUNDS 6

double
report_poll_interval(double age)
{
	double i = age / 4;

	return i < 1 ? 1 : i > 30 ? 30 : i;
}

char *
report_submit(struct graph *g, const char *account, json_t *params, struct error *e)
{
	char *path = xasprintf("%s/insights", account);
	json_t *reply = graph_post(g, path, params, e), *id;
	char *run = NULL;

	free(path);
	if (reply == NULL)
		return NULL;
	/* Meta's docs show a number, recorded replies a string: take either. */
	id = json_object_get(reply, "report_run_id");
	if (json_is_string(id))
		run = xstrdup(json_string_value(id));
	else if (json_is_integer(id))
		run = xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(id));
	else
		error_set(e, EXIT_UNAVAILABLE, "%s: report run answer without report_run_id", account);
	json_decref(reply);
	return run;
}

struct report_poller *
report_poller_new(const struct clock *c)
{
	struct report_poller *p = xcalloc(1, sizeof *p);

	p->clock = c;
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void
report_poller_free(struct report_poller **p)
{
	struct report_run *r, *next;

	if (*p == NULL)
		return;
	for (r = (*p)->runs; r; r = next) {
		next = r->next;
		free(r->id);
		free(r);
	}
	pthread_mutex_destroy(&(*p)->lock);
	free(*p);
	*p = NULL;
}

static int
outcome_of(json_t *status)
{
	const char *s = json_string_value(json_object_get(status, "async_status"));

	if (s == NULL)
		return -1;
	if (strcmp(s, "Job Completed") == 0)
		return REPORT_COMPLETED;
	if (strcmp(s, "Job Failed") == 0)
		return REPORT_FAILED;
	if (strcmp(s, "Job Skipped") == 0)
		return REPORT_SKIPPED;
	return -1;
}

/* Called with the lock held and polling claimed; drops the lock while asking. */
static int
poll_due(struct report_poller *p, struct graph *g, double now, struct error *e)
{
	struct report_run *batch[REPORT_BATCH], *r;
	json_t *items = json_array(), *answers;
	size_t n = 0, i;

	for (r = p->runs; r && n < REPORT_BATCH; r = r->next) {
		/* Runs due within a second ride along: one batch instead of several. */
		if (r->outcome >= 0 || r->due > now + 1.0)
			continue;
		char *rel = xasprintf("%s/%s?fields=async_status,async_percent_completion",
		                      graph_version(g), r->id);
		batch[n++] = r;
		json_array_append_new(items, json_pack("{s:s, s:s}", "method", "GET", "relative_url", rel));
		free(rel);
	}
	pthread_mutex_unlock(&p->lock);
	answers = n ? graph_batch(g, items, e) : json_array();
	json_decref(items);
	pthread_mutex_lock(&p->lock);
	if (answers == NULL) {
		enum graph_failure f = graph_classify(graph_last_error(g));
		/*
		 * A status poll asks for almost nothing, so whatever failed it (an
		 * outage, or Meta's ambiguous 1/99) is worth another round later;
		 * token trouble and an exhausted wait budget are not.
		 */
		if (f == GRAPH_FAIL_AUTH || (e && e->status == EXIT_TEMPFAIL) ||
		    ++p->failed_rounds > REPORT_MAX_FAILED_ROUNDS)
			return -1;
		log_info("polling report runs failed (%s); trying again", e ? e->msg : "");
		for (i = 0; i < n; i++)
			batch[i]->due = now + report_poll_interval(now - batch[i]->submitted);
		return 0;
	}
	p->failed_rounds = 0;
	if (n)
		stats_add(graph_run(g)->stats, STATS_ASYNC_POLLS, 1);
	now = p->clock->now(p->clock->ctx);
	for (i = 0; i < n; i++) {
		json_t *status = json_array_get(answers, i);
		batch[i]->outcome = outcome_of(status);
		batch[i]->due = now + report_poll_interval(now - batch[i]->submitted);
		const char *text = json_string_value(json_object_get(status, "async_status"));
		log_debug("report run %s: %s %lld%%", batch[i]->id, text ? text : "no answer",
		          (long long)json_integer_value(json_object_get(status, "async_percent_completion")));
	}
	json_decref(answers);
	return 0;
}

int
report_wait(struct report_poller *p, struct graph *g, const char *run_id, struct error *e)
{
	struct report_run *me = xcalloc(1, sizeof *me), **pp;
	int outcome = -1;

	me->id = xstrdup(run_id);
	me->submitted = p->clock->now(p->clock->ctx);
	me->due = me->submitted + report_poll_interval(0);
	me->outcome = -1;
	pthread_mutex_lock(&p->lock);
	me->next = p->runs;
	p->runs = me;
	for (;;) {
		double now = p->clock->now(p->clock->ctx), next_due = now + 0.25, nap;
		struct report_run *r;

		if (me->outcome >= 0) {
			outcome = me->outcome;
			break;
		}
		/* A stopping run abandons the runs it waits for; nobody reads their results. */
		if (graph_stopping(g)) {
			error_set(e, EXIT_TEMPFAIL, "stopped");
			break;
		}
		for (r = p->runs; r; r = r->next)
			if (r->outcome < 0 && r->due < next_due)
				next_due = r->due;
		if (!p->polling && next_due <= now) {
			int rc;
			p->polling = 1;
			rc = poll_due(p, g, now, e);
			p->polling = 0;
			if (rc != 0)
				break;
			continue;
		}
		pthread_mutex_unlock(&p->lock);
		/* Short naps: another worker may be polling on our behalf. */
		nap = next_due - now;
		p->clock->sleep(p->clock->ctx, nap > 0.25 ? 0.25 : nap < 0.01 ? 0.01 : nap);
		pthread_mutex_lock(&p->lock);
	}
	for (pp = &p->runs; *pp; pp = &(*pp)->next)
		if (*pp == me) {
			*pp = me->next;
			break;
		}
	pthread_mutex_unlock(&p->lock);
	free(me->id);
	free(me);
	return outcome;
}
