/*
 * stats.h - the run summary: requests, retries by reason, seconds spent
 * waiting, rows, async report runs, splits, duration.  Counters are
 * shared by all workers (locked).  Printed on stderr at -v and written as
 * JSON with --stats FILE.
 */
#ifndef METASYNC_STATS_H
#define METASYNC_STATS_H

#include <jansson.h>

enum stats_counter {
	STATS_REQUESTS,
	STATS_RETRY_TRANSIENT,
	STATS_RETRY_RATE_LIMIT,
	STATS_RATE_LIMIT_ERRORS,
	STATS_ERROR_RESPONSES,    /* answers that were errors, whatever the kind */
	STATS_ROWS,
	STATS_PAGES,
	STATS_ASYNC_SUBMITTED,
	STATS_ASYNC_FAILED,
	STATS_ASYNC_SKIPPED,
	STATS_ASYNC_POLLS,
	STATS_SPLITS,
	STATS_NCOUNTERS,
};

struct stats;

struct stats *stats_new(double started);
void stats_free(struct stats **s);
void stats_add(struct stats *s, enum stats_counter c, long n);
long stats_get(struct stats *s, enum stats_counter c);
/*
 * Waiting (backoff, throttles, pacing) in wall-clock time: the time during
 * which at least one worker waited, so eight workers waiting together for
 * a minute count one minute.
 */
void stats_wait_begin(struct stats *s, double now);
void stats_wait_end(struct stats *s, double now);
double stats_wait(struct stats *s, double now);
/*
 * Whether error responses passed 10% of the requests (of at least 20): Meta
 * takes away an app's full access tier past 15% of its last 500 calls.
 * *pct gets the percentage.
 */
int stats_error_rate_high(struct stats *s, double *pct);
/* A new reference to the summary as JSON, with duration = now - started. */
json_t *stats_json(struct stats *s, double now, int exit_status, double peak_usage);

#endif
