/*
 * backfill.h - meta-backfill's work: for each ad account, the hierarchy
 * (account node, campaigns, ad sets, ads), then daily insights over a
 * range, straight into the store, resumable and incremental.
 *
 * Progress is kept per day in table backfill_days.  A chunk's rows are
 * kept aside until every request of the chunk succeeded, then written with
 * its days' marks in one short transaction, so a run throttled, failed or
 * killed at any moment leaves a day marked only when all its rows are in,
 * and no write transaction waits on the network.  A run fetches the
 * days of the range not marked yet, plus the look-back window: the days
 * from the latest fetched day minus lookback up to yesterday, which Meta
 * may still restate.  "Yesterday" is the account's, from its
 * timezone_offset_hours_utc.
 *
 * One lock per database and account (store_lock_account(): a flock next to
 * a SQLite file, an advisory lock in PostgreSQL; released whenever the
 * process ends), so runs given the same accounts, on one host or many,
 * share them: each takes the accounts no other run holds, comes back to
 * the held ones within the wait budget, and skips one another run
 * completed since it began (its store_run_stamp() moved), so no account is
 * fetched twice; one still held when the budget is spent fails with
 * EXIT_TEMPFAIL.
 *
 * Instagram profiles (ig_users, see ig.h) are kept in sync the same way,
 * after the ad accounts: one lock each ("<db>.ig_<id>.lock"), progress per
 * day under level IG_PROGRESS_LEVEL with the IG user id as account, a
 * window of at most IG_MAX_WINDOW_DAYS days written with its days' marks
 * in one transaction, the same look-back, "yesterday" at ig_utc_offset,
 * and the followers_count snapshot of the run's day; the report has an
 * entry per profile under "profiles".
 *
 * With all_accounts, the accounts are those /me/adaccounts lists (read as
 * `meta-fetch adaccounts` reads them) besides any given, each once.
 *
 * Insights rows keep the attribution_setting Meta computed them under; a
 * refetched row whose stored copy has another one is refused (the account
 * fails with EXIT_USAGE, its unit rolled back, nothing of it written)
 * unless allow_attribution_change.  Accounts of different currencies in
 * one database are warned about after the run.
 *
 * A block Meta announces that outlasts the wait budget ends the account
 * at once with EXIT_TEMPFAIL and is recorded (table rate_blocks); while it
 * lasts, the next run's first request is a probe that ends it at once.
 */
#ifndef METASYNC_BACKFILL_H
#define METASYNC_BACKFILL_H

#include <jansson.h>

#include "error.h"
#include "graph.h"
#include "mapping.h"
#include "ratelimit.h"
#include "run.h"

#define BACKFILL_DEFAULT_DAYS 90
#define BACKFILL_DEFAULT_CHUNK 7
#define BACKFILL_DEFAULT_LOOKBACK 28

struct backfill_options {
	const char *const *accounts;
	size_t naccounts;
	const char *db;            /* SQLite file or PostgreSQL URL (store_open()) */
	const char *since, *until; /* explicit range, or NULL */
	int days;                  /* without --since: the last N days; 0: default */
	int chunk;                 /* days per chunk; 0: default */
	int lookback;              /* -1: default */
	int full;                  /* refetch the whole range */
	const char *level;         /* insights levels, a comma list ("ad,campaign"); NULL: ad */
	const char *const *breakdowns; /* breakdown sets (comma lists), each fetched besides */
	size_t nbreakdowns;        /* the rows without breakdowns */
	int include_archived;      /* accepted, the default now */
	int exclude_archived;      /* no archived entities, no deleted or archived objects' insights */
	int all_accounts;          /* besides accounts: every account the token reaches */
	int allow_attribution_change; /* overwrite rows fetched under another attribution setting */
	int jobs;
	struct retry_policy retry;
	int progress;              /* a progress line on stderr */
	const char *notify_url;    /* POST a message here when the run fails */
	const struct mapping *mapping; /* derived metrics of insights (mapping_default()) */
	const char *const *ig_users;   /* Instagram user ids, kept in sync after the accounts */
	size_t nig_users;
	double ig_utc_offset;          /* the zone of Meta's IG days (IG_DEFAULT_UTC_OFFSET) */
};

/* Checks the options (EXIT_USAGE with e set). */
int backfill_check_options(const struct backfill_options *o, struct error *e);

/*
 * Runs the backfill within run (pacing shared by all accounts; counters
 * and the wait budget per account).  SIGINT/SIGTERM (run_catch_signals)
 * end it within seconds with EXIT_TEMPFAIL, the report saying "stopped".  Every account is tried, whatever happens to the
 * others.  *report gets a new reference to the run report (per account:
 * status, error, range, chunks, days, rows, requests, retries, throttled
 * seconds, duration).  Returns the worst exit status.  A failing account
 * is logged when it fails and described in the report; e is set only
 * for a failure of the whole run (the lock, the database).
 */
int backfill_run(struct run *run, const struct graph_config *cfg,
                 const struct backfill_options *o, json_t **report, struct error *e);

#endif
