/*
 * ig.h - Instagram profile insights: which metrics the current Graph API
 * serves (v22 and later) and which Meta retired, the plan of requests
 * for a range of days (pure: day numbers in, request list out), the day
 * a value's end_time belongs to, the requests themselves (Graph batches
 * of up to IG_BATCH), the ig_insights records made of the answers, the
 * followers_count snapshot of the IG user node, and the Instagram
 * accounts linked to the token's pages.
 *
 * Days.  Meta cuts an IG user's insights into days of its own zone,
 * Pacific time ("periods ending on UTC-07:00"): a day's value comes with
 * the end_time of the midnight that ends it, "2024-05-02T07:00:00+0000"
 * (summer) or "...T08:00:00+0000" (winter) for May 1.  metasync keeps
 * one offset for that zone, IG_DEFAULT_UTC_OFFSET (Pacific standard time)
 * unless told another: a value belongs to the day before the local
 * midnight nearest to its end_time, so the summer hour (and any offset
 * off by less than twelve hours) lands on the same day; a day's window is
 * [its local midnight, the next one), as unix timestamps.
 *
 * Metrics.  time-series metrics (reach, follower_count) come a value a
 * day, at most IG_MAX_WINDOW_DAYS days a request; total-value metrics
 * give one number per window, so a day takes a request of its own (one
 * for all of them, one for follows_and_unfollows, whose follow_type
 * breakdown becomes the metrics follows and unfollows).  An empty answer,
 * or a value missing (accounts under 100 followers), is no record: absent
 * is not 0.
 */
#ifndef METASYNC_IG_H
#define METASYNC_IG_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "error.h"
#include "graph.h"
#include "run.h"

#define IG_STREAM "ig_insights"
/* Meta refuses since/until further apart than this (#100). */
#define IG_MAX_WINDOW_DAYS 30
/* Requests per Graph batch, Meta's maximum. */
#define IG_BATCH 50
/* Pacific standard time: the zone Meta stamps IG insights days in. */
#define IG_DEFAULT_UTC_OFFSET (-8.0)
/* The progress level of meta-backfill's IG rows (table backfill_days, with the IG user id). */
#define IG_PROGRESS_LEVEL "ig"

/* What a metric is to the API. */
enum ig_metric_kind {
	IG_SERIES,   /* metric_type=time_series, a value per day */
	IG_TOTAL,    /* metric_type=total_value, one number per window */
	IG_FOLLOWS,  /* follows_and_unfollows: total_value, breakdown=follow_type */
	IG_NODE,     /* followers_count of the IG user node, a snapshot */
};

/* The metrics fetched (a bit each, see ig_metric_name()); IG_ALL_METRICS: every one. */
typedef unsigned ig_metrics;
#define IG_ALL_METRICS (~0u)

/* How many metrics there are; the name and kind of metric i. */
size_t ig_metric_count(void);
const char *ig_metric_name(size_t i);
enum ig_metric_kind ig_metric_kind(size_t i);

/*
 * Adds the metrics of a comma list to *set: the names above, and follows
 * or unfollows for follows_and_unfollows.  A metric Meta retired
 * (impressions, profile_views, website_clicks, ...) or an unknown name:
 * EXIT_USAGE with e saying so; nothing is requested.
 */
int ig_metrics_add(ig_metrics *set, const char *list, struct error *e);

/* Whether id is an IG user id (digits only, so it is safe in a URL as it is). */
int ig_user_valid(const char *id);

/*
 * Reads IG user ids from path, one a line (blank lines and lines starting
 * with '#' skipped), appending them to *ids (grown with xrealloc; each id
 * a new string) and *n.  EXIT_USAGE with e set on a bad id, EXIT_OTHER
 * when the file cannot be read.
 */
int ig_users_read(const char *path, char ***ids, size_t *n, struct error *e);

/* Appends a copy of id to *ids (grown with xrealloc) and *n: --ig-user ID. */
void ig_users_add(char ***ids, size_t *n, const char *id);

/* --ig-utc-offset's hours into *hours; EXIT_USAGE with e set when arg is no number. */
int ig_offset_parse(const char *arg, double *hours, struct error *e);

/* ---- Planning, pure. */

/* Seconds since the epoch of day's midnight at offset_hours from UTC. */
long ig_day_start(long day, double offset_hours);

/*
 * The day a value stamped end_time ("YYYY-MM-DDTHH:MM:SS+HHMM") belongs
 * to: the day before the midnight at offset_hours nearest to it.  0, or
 * -1 when end_time is not such a time.
 */
int ig_end_time_day(const char *end_time, double offset_hours, long *day);

/* One request of a plan: a time series over days since..until, or one day of totals. */
struct ig_request {
	enum ig_metric_kind kind;  /* IG_SERIES, IG_TOTAL or IG_FOLLOWS */
	long since, until;         /* days, inclusive; since == until but for IG_SERIES */
};

/*
 * The requests for [since, until] and the metrics in set, in date order:
 * the range cut into windows of at most IG_MAX_WINDOW_DAYS days, each a
 * time-series request (when set has such metrics) followed by its days'
 * total-value and follows requests.  Writes at most max to out (NULL to
 * count) and returns how many there are.
 */
size_t ig_plan(long since, long until, ig_metrics set, struct ig_request *out, size_t max);

/*
 * A new object: the query of request r (metric, period, metric_type,
 * breakdown, since and until as unix timestamps at offset_hours).
 */
json_t *ig_request_params(const struct ig_request *r, ig_metrics set, double offset_hours);

/*
 * The ig_insights records in body (borrowed), an answer to r for user,
 * appended to out as new objects {ig_user_id, date, metric,
 * breakdown_key, value, period}: a time series' values by their
 * end_time's day (days outside r dropped), a total for r's day,
 * follow_type FOLLOWER and NON_FOLLOWER as follows and unfollows.  Metrics
 * not in set, and missing values, give nothing.  Returns how many were added.
 */
size_t ig_records(const char *user, const struct ig_request *r, json_t *body, ig_metrics set,
                  double offset_hours, json_t *out);

/* ---- Doing it. */

/* Where records go: rec is borrowed; 0, or non-zero with e set to stop. */
struct ig_sink {
	int (*record)(void *ctx, json_t *rec, struct error *e);
	void *ctx;
};

/*
 * Fetches user's metrics in set over days [since, until] with g, as
 * ig_plan() says, IG_BATCH requests a Graph batch; an item that failed
 * alone is asked again by itself (retried and classified as graph_get()
 * does).  Every record goes to sink, a batch's records after the whole
 * batch was answered.  0, or an exit status with e set (naming the user
 * and the days).
 */
int ig_fetch_profile(struct graph *g, const char *user, long since, long until, ig_metrics set,
                     double offset_hours, const struct ig_sink *sink, struct error *e);

/*
 * The followers_count (and username) of user's node, as a record of the
 * metric followers_count on day (period "snapshot"); nothing when set has
 * no followers_count or the node has no count.  0, or a status with e set.
 */
int ig_fetch_snapshot(struct graph *g, const char *user, long day, ig_metrics set,
                      const struct ig_sink *sink, struct error *e);

/* meta-fetch's Instagram kinds. */
enum ig_kind { IG_KIND_INSIGHTS, IG_KIND_ACCOUNTS };

/* Parses "ig-insights" or "ig-accounts" into *kind; 0 on success. */
int ig_kind_parse(const char *name, enum ig_kind *kind);

struct ig_options {
	enum ig_kind kind;
	const char *const *users;  /* IG user ids */
	size_t nusers;
	const char *since, *until; /* YYYY-MM-DD, both or neither (then: yesterday) */
	ig_metrics metrics;        /* 0: every metric */
	double utc_offset;         /* the zone of Meta's days */
	int raw;                   /* dump response bodies instead of messages */
	double now;                /* wall clock, seconds since the epoch: today, yesterday */
};

/* Checks the options without sending anything (EXIT_USAGE with e set). */
int ig_check(const struct ig_options *o, struct error *e);

/*
 * meta-fetch ig-insights: for each user, a SCHEMA first, then its records
 * over the range, the followers_count snapshot of the run's day, and a
 * STATE with its bookmark.  ig-accounts: one JSON object a line per
 * Instagram account linked to the token's pages (page_id, page_name,
 * ig_user_id, username, followers_count), all pages followed.  0, or an
 * exit status with e set.
 */
int ig_fetch_run(struct run *run, const struct graph_config *cfg, const struct ig_options *o,
                 FILE *out, struct error *e);

#endif
