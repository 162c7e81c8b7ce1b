/*
 * run.h - what one invocation shares: the clock, the rate limiter (per ad
 * account and per app, as Meta meters them), the counters, the async
 * report poller, the retry policy with its wait budget, and the stop flag.
 * The caller (meta-fetch's main, meta-backfill) creates it once and passes
 * it down, so pacing remembers across phases and accounts what Meta said a
 * second ago, and libcurl is initialised once, before any thread starts.
 *
 * Stopping: run_stop() (a failure the caller cannot go on from) or SIGINT
 * and SIGTERM (after run_catch_signals()) set the flag; every wait, poll
 * and transfer checks it and gives up within about a second, and nothing
 * new is submitted once it is set.
 */
#ifndef METASYNC_RUN_H
#define METASYNC_RUN_H

#include <pthread.h>
#include <signal.h>

#include "clock.h"
#include "error.h"
#include "ratelimit.h"
#include "stats.h"

struct report_poller;

struct run {
	const struct clock *clock;
	struct ratelimit *rl;
	struct stats *stats;          /* the caller may swap it (meta-backfill: per account) */
	struct report_poller *poller;
	struct retry_policy retry;
	volatile sig_atomic_t stopped;/* a run_stop() or a signal */
	/* The longest block Meta announced that outlasted the wait budget (wall clock). */
	pthread_mutex_t lock;         /* the block below */
	char blocked_account[64];
	double blocked_until;         /* seconds since the epoch, 0 if none */
	/* What Meta said of the API version (run_note_api()), under lock. */
	char api_version[32];         /* the last facebook-api-version header, "" before any */
	char api_warning[512];        /* the first X-Ad-Api-Version-Warning, "" if none */
};

/* Initialises libcurl (once per process) and a run with the system clock; NULL on failure. */
struct run *run_new(const struct retry_policy *retry, struct error *e);
void run_free(struct run **r);

/* SIGINT and SIGTERM stop the run instead of killing the process. */
void run_catch_signals(struct run *r);

/* Whether the run was told to stop (a caller's run_stop(), or a signal). */
int run_stopping(const struct run *r);
void run_stop(struct run *r);
/* "stopped by SIGTERM" and the like, for messages and reports; NULL when not stopped by one. */
const char *run_stop_reason(const struct run *r);

/*
 * Sleeps up to seconds on the run's clock, in naps of at most a quarter
 * second, returning early (non-zero) once the run is stopping.
 */
int run_sleep(struct run *r, double seconds);

/*
 * Notes the facebook-api-version and X-Ad-Api-Version-Warning headers of a
 * response (either NULL when absent).  Returns 1 the first time the run
 * hears a warning, so it is shown once per run, else 0.
 */
int run_note_api(struct run *r, const char *version, const char *warning);

/* Notes a block of account (NULL: the app) until the wall-clock time until. */
void run_note_block(struct run *r, const char *account, double until);

#endif
