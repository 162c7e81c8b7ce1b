/*
 * backfill.h - meta-backfill's work: for each ad account, the hierarchy
 * (account node, campaigns, ad sets, ads), then daily insights over a
 * range, straight into the store, resumable and incremental.
 *
 * Progress is kept per day in table backfill_days, written in the same
 * transaction as the day's rows, so a run killed at any moment leaves
 * either a day's rows and its mark, or neither marked.  A run fetches the
 * days of the range not marked yet, plus the look-back window: the days
 * from the latest fetched day minus lookback up to yesterday, which Meta
 * may still restate.  "Yesterday" is the account's, from its
 * timezone_offset_hours_utc.
 *
 * One lock per database and account (an fcntl lock on "<db>.lock", which
 * the kernel releases whenever the process ends), so overlapping cron runs
 * do not collide: the second one fails with EXIT_TEMPFAIL at once.
 */
#ifndef METASYNC_BACKFILL_H
#define METASYNC_BACKFILL_H

#include <jansson.h>

#include "error.h"
#include "graph.h"
#include "ratelimit.h"

#define BACKFILL_DEFAULT_DAYS 90
#define BACKFILL_DEFAULT_CHUNK 7
#define BACKFILL_DEFAULT_LOOKBACK 28

struct backfill_options {
	const char *const *accounts;
	size_t naccounts;
	const char *db;            /* SQLite file */
	const char *since, *until; /* explicit range, or NULL */
	int days;                  /* without --since: the last N days; 0: default */
	int chunk;                 /* days per chunk; 0: default */
	int lookback;              /* -1: default */
	int full;                  /* refetch the whole range */
	const char *level;         /* insights level; NULL: ad */
	int include_archived;
	int jobs;
	struct retry_policy retry;
	int progress;              /* a progress line on stderr */
	const char *notify_url;    /* POST a message here when the run fails */
};

/* Checks the options (EXIT_USAGE with e set). */
int backfill_check_options(const struct backfill_options *o, struct error *e);

/*
 * Runs the backfill.  Every account is tried, whatever happens to the
 * others.  *report gets a new reference to the run report (per account:
 * status, error, range, chunks, days, rows, requests, retries, throttled
 * seconds, duration).  Returns the worst exit status.  A failing account
 * is logged when it fails and described in the report; e is set only
 * for a failure of the whole run (the lock, the database).
 */
int backfill_run(const struct graph_config *cfg, const struct backfill_options *o,
                 json_t **report, struct error *e);

#endif
