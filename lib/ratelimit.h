/*
 * ratelimit.h - staying under Meta's rate limits: the usage headers of
 * every response, a wait before the next request that keeps utilisation
 * under a threshold, the wait after a throttle error, and the backoff of
 * retries.
 *
 * Headers read (all optional, JSON): X-App-Usage (call_count,
 * total_cputime, total_time, percent), X-Ad-Account-Usage (acc_id_util_pct,
 * reset_time_duration seconds), X-Business-Use-Case-Usage ({id: [{type,
 * call_count, total_cputime, total_time, estimated_time_to_regain_access
 * minutes}]}) and X-FB-Ads-Insights-Throttle (app_id_util_pct,
 * acc_id_util_pct).
 *
 * Pacing rule: u is the highest percentage in the latest headers.  Under
 * RATELIMIT_THRESHOLD / 2 requests go out at once; from there up to the
 * threshold they are spaced by up to RATELIMIT_MAX_SPACING seconds; at or
 * above the threshold nothing goes out until the window resets
 * (reset_time_duration, or RATELIMIT_DEFAULT_WINDOW without one), then a
 * single request probes the new usage.  Requests leave Meta's windows as
 * unevenly as they came (a burst leaves all at once), so waiting for the
 * reset is the estimate that cannot overshoot.  While Meta says access is
 * blocked (estimated_time_to_regain_access) everything waits that long.
 * The headroom above the threshold is for requests already in flight.
 * The state is shared by all workers and locked.
 */
#ifndef METASYNC_RATELIMIT_H
#define METASYNC_RATELIMIT_H

#define RATELIMIT_THRESHOLD      75.0  /* percent */
#define RATELIMIT_MAX_SPACING    2.0   /* seconds */
#define RATELIMIT_DEFAULT_WINDOW 60.0  /* seconds, when no reset hint came */
#define RATELIMIT_MAX_PACE       300.0 /* seconds, one pacing wait at most */

struct ratelimit_usage {
	double pct;             /* highest utilisation percentage seen */
	double reset_seconds;   /* reset_time_duration, 0 when absent */
	double regain_seconds;  /* estimated_time_to_regain_access in seconds */
	int seen;               /* any usage header present */
};

/* Parses the four headers (each may be NULL) into u; malformed ones are skipped. */
void ratelimit_parse(const char *app, const char *account, const char *buc,
                     const char *insights, struct ratelimit_usage *u);

struct ratelimit;

struct ratelimit *ratelimit_new(void);
void ratelimit_free(struct ratelimit **rl);

/* Records the usage of a response received at now. */
void ratelimit_observe(struct ratelimit *rl, const char *account, const struct ratelimit_usage *u,
                       double now);
/* Records a throttle error at now: nothing goes out before now + seconds. */
void ratelimit_block(struct ratelimit *rl, const char *account, double now, double seconds);
/*
 * Seconds to wait before a request at now; 0 means go, and claims the
 * slot (the next caller is spaced behind it).  Callers wait and ask again:
 * the answer changes as responses come in.
 */
double ratelimit_wait(struct ratelimit *rl, const char *account, double now);
/* The highest utilisation seen during the run, in percent. */
double ratelimit_peak(struct ratelimit *rl);

/*
 * Retry policy: exponential backoff with full jitter, delay =
 * u01 * min(cap, base * 2^attempt) for attempt 0, 1, ...; bounded by
 * max_retries and by budget seconds of waiting in total.
 */
struct retry_policy {
	int max_retries;   /* retries after the first try, per request */
	double base;       /* seconds */
	double cap;        /* seconds */
	double budget;     /* seconds of waiting (backoff, pacing, throttles) per run */
};

#define RETRY_POLICY_DEFAULT { 5, 1.0, 60.0, 900.0 }

double retry_backoff(const struct retry_policy *p, int attempt, double u01);

#endif
