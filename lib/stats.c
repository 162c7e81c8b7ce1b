#include <pthread.h>
#include <stdlib.h>

#include "stats.h"
#include "util.h"

struct stats {
	pthread_mutex_t lock;
	long counters[STATS_NCOUNTERS];
	double wait;         /* finished waiting time */
	double wait_since;   /* start of the current waiting, when waiters > 0 */
	int waiters;
	double started;
};

struct stats *
stats_new(double started)
{
	struct stats *s = xcalloc(1, sizeof *s);

	pthread_mutex_init(&s->lock, NULL);
	s->started = started;
	return s;
}

void
stats_free(struct stats **s)
{
	if (*s == NULL)
		return;
	pthread_mutex_destroy(&(*s)->lock);
	free(*s);
	*s = NULL;
}

void
stats_add(struct stats *s, enum stats_counter c, long n)
{
	pthread_mutex_lock(&s->lock);
	s->counters[c] += n;
	pthread_mutex_unlock(&s->lock);
}

long
stats_get(struct stats *s, enum stats_counter c)
{
	long n;

	pthread_mutex_lock(&s->lock);
	n = s->counters[c];
	pthread_mutex_unlock(&s->lock);
	return n;
}

void
stats_wait_begin(struct stats *s, double now)
{
	pthread_mutex_lock(&s->lock);
	if (s->waiters++ == 0)
		s->wait_since = now;
	pthread_mutex_unlock(&s->lock);
}

void
stats_wait_end(struct stats *s, double now)
{
	pthread_mutex_lock(&s->lock);
	if (--s->waiters == 0)
		s->wait += now - s->wait_since;
	pthread_mutex_unlock(&s->lock);
}

double
stats_wait(struct stats *s, double now)
{
	double w;

	pthread_mutex_lock(&s->lock);
	w = s->wait + (s->waiters > 0 ? now - s->wait_since : 0);
	pthread_mutex_unlock(&s->lock);
	return w;
}

json_t *
stats_json(struct stats *s, double now, int exit_status, double peak_usage)
{
	json_t *j;
	long *c = s->counters;

	double waited = stats_wait(s, now);

	pthread_mutex_lock(&s->lock);
	j = json_pack("{s:I, s:I, s:I, s:I, s:{s:I, s:I}, s:I, s:f, s:{s:I, s:I, s:I, s:I}, s:I, s:f, "
	              "s:f, s:i}",
	              "requests", (json_int_t)c[STATS_REQUESTS],
	              "error_responses", (json_int_t)c[STATS_ERROR_RESPONSES],
	              "pages", (json_int_t)c[STATS_PAGES],
	              "rows", (json_int_t)c[STATS_ROWS],
	              "retries", "transient", (json_int_t)c[STATS_RETRY_TRANSIENT],
	              "rate_limit", (json_int_t)c[STATS_RETRY_RATE_LIMIT],
	              "rate_limit_errors", (json_int_t)c[STATS_RATE_LIMIT_ERRORS],
	              "throttled_seconds", waited,
	              "async", "submitted", (json_int_t)c[STATS_ASYNC_SUBMITTED],
	              "failed", (json_int_t)c[STATS_ASYNC_FAILED],
	              "skipped", (json_int_t)c[STATS_ASYNC_SKIPPED],
	              "polls", (json_int_t)c[STATS_ASYNC_POLLS],
	              "splits", (json_int_t)c[STATS_SPLITS],
	              "peak_usage_pct", peak_usage,
	              "duration_seconds", now - s->started,
	              "exit_status", exit_status);
	pthread_mutex_unlock(&s->lock);
	return j;
}

/* Meta takes an app's full access tier away past 15% errors over its last 500 calls. */
#define STATS_ERROR_WARN_PCT 10
#define STATS_ERROR_WARN_MIN 20

int
stats_error_rate_high(struct stats *s, double *pct)
{
	long req = stats_get(s, STATS_REQUESTS), err = stats_get(s, STATS_ERROR_RESPONSES);

	*pct = req ? 100.0 * (double)err / (double)req : 0;
	return req >= STATS_ERROR_WARN_MIN && *pct > STATS_ERROR_WARN_PCT;
}
