/*
 * ratelimit.h - staying under Meta's rate limits: the usage headers of
 * every response, a wait before each request that spreads the calls a
 * window allows evenly over it, the wait after a throttle error, and the
 * backoff of retries.
 *
 * Headers read (all optional, JSON): X-App-Usage (call_count,
 * total_cputime, total_time, percent), X-Ad-Account-Usage (acc_id_util_pct,
 * reset_time_duration seconds), X-Business-Use-Case-Usage ({id: [{type,
 * call_count, total_cputime, total_time, estimated_time_to_regain_access
 * minutes}]}) and X-FB-Ads-Insights-Throttle (app_id_util_pct,
 * acc_id_util_pct).
 *
 * Meta meters each ad account and the app apart, so the limiter keeps a
 * state for every ad account and one for the app; a request waits for
 * both its account's and the app's.  Each state learns from the answers
 * what one call costs (percent) and how long a window lasts, and spaces
 * the requests so that the calls the window has left are spread evenly
 * over the time until it resets, one call of headroom kept.  The design
 * and why are in ratelimit.c.  The state is shared by all workers and
 * locked.
 */
#ifndef METASYNC_RATELIMIT_H
#define METASYNC_RATELIMIT_H

#define RATELIMIT_DEFAULT_WINDOW 60.0  /* seconds, when no reset hint came */
#define RATELIMIT_ANSWER_MAX     120.0 /* seconds a request counts in flight at most */

struct ratelimit_usage {
	double account_pct;    /* highest per-account utilisation: X-Ad-Account-Usage
	                          acc_id_util_pct, X-Business-Use-Case-Usage entries,
	                          X-FB-Ads-Insights-Throttle acc_id_util_pct */
	double app_pct;        /* X-App-Usage call_count/total_cputime/total_time,
	                          X-FB-Ads-Insights-Throttle app_id_util_pct */
	double reset_seconds;  /* reset_time_duration, 0 when absent */
	double regain_seconds; /* estimated_time_to_regain_access (minutes in the header) in seconds */
	int seen;              /* any usage header present */
	/*
	 * How far the true percentage may lie above the figure: 1 when the
	 * highest figure came as a whole number (X-App-Usage and BUC round
	 * to whole percents), 0.01 when it had decimals.
	 */
	double account_grain;
	double app_grain;
};

/* Parses the four headers (each may be NULL) into u; malformed ones are skipped. */
void ratelimit_parse(const char *app, const char *account, const char *buc,
                     const char *insights, struct ratelimit_usage *u);

struct ratelimit;

struct ratelimit *ratelimit_new(void);
void ratelimit_free(struct ratelimit **rl);

/*
 * Records the answer to one request (the one whose slot ratelimit_wait()
 * gave for the same account) that arrived at now: it is no longer in
 * flight, and its usage, when u->seen, updates the account's state and the
 * app's.  account is "act_123", or NULL for a request with no ad account in
 * scope (the app's state only).  Call it for every request that was sent,
 * with an empty usage when no answer came, or the request is counted in
 * flight for RATELIMIT_ANSWER_MAX seconds.
 */
void ratelimit_observe(struct ratelimit *rl, const char *account,
                       const struct ratelimit_usage *u, double now);
/* A throttle error at now: nothing goes out for account (NULL: the app, so every request) before now + seconds. */
void ratelimit_block(struct ratelimit *rl, const char *account, double now, double seconds);
/*
 * Seconds to wait before a request for account (NULL: none in scope) at
 * now; 0 means go, and claims the slot (the next caller is spaced behind
 * it).  Callers wait and ask again: the answer changes as responses come in.
 */
double ratelimit_wait(struct ratelimit *rl, const char *account, double now);
/*
 * Seconds the request for account must still wait because of a block (a
 * throttle error or Meta's estimated_time_to_regain_access), as opposed
 * to the spacing that spreads calls over a window; 0 when none.
 */
double ratelimit_blocked(struct ratelimit *rl, const char *account, double now);
/* The highest utilisation seen during the run, in percent, of the app or any account. */
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
