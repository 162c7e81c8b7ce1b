/*
 * summary.h - the figures meta-report shows, from a metasync database
 * through rdb.h: tables accounts, campaigns, insights, metric_defs,
 * backfill_runs, ig_insights, and the views' columns.
 *
 * The metrics are the views' own: spend, impressions, clicks, ctr, cpc,
 * cpm, then every metric of the mapping (table metric_defs) that the
 * views account_daily and campaign_daily have as columns; sums are summed
 * and ratios recomputed from the sums (never averaged).  The sums are the
 * views' (per account and day, the rows of the finest level fetched), but
 * computed from the period's rows of insights with that rule, not read
 * from the views: a view builds every day of every entity before a WHERE
 * narrows it, seconds on a year of ads (summary.c says more; t0700 checks
 * the two agree).  Money is never added across currencies: totals, days
 * and top campaigns are grouped by the account's currency.
 *
 * The result is a JSON object (a new reference) that every format renders:
 * --json prints it as it is; table.h and page.h lay it out.  Its members:
 *   period {since, until, days}, previous {since, until}, today,
 *   currencies [{currency, accounts [ids], totals [{metric, kind ("sum",
 *     "ratio"), money, value, previous, change_pct}], daily [{date, spend,
 *     revenue, roas}], top_by_spend [campaign], top_by_roas [campaign]}],
 *   no_conversions [campaign], no_delivery [campaign],
 *   conversions [metric names], revenue (metric name or null), roas (same),
 *   instagram [{ig_user_id, new_followers, follows, unfollows,
 *     followers_first, followers_last, first_date, last_date, last_sync,
 *     synced_until}],
 *   sync [{account_id, name, currency, last_sync, synced_until, data_until,
 *     stale}],
 *   reconciliation [{account_id, date, ad_spend, account_spend,
 *     ad_impressions, account_impressions, ad_clicks, account_clicks}]
 * where a campaign is {campaign_id, account_id, name, status, currency,
 * spend, impressions, clicks, conversions, revenue, roas}.  Ratios whose
 * denominator is 0 and changes against a previous 0 are null.
 */
#ifndef METASYNC_SUMMARY_H
#define METASYNC_SUMMARY_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"
#include "rdb.h"

struct summary_options {
	long since, until;           /* day numbers (date.h), the period, inclusive */
	long today;                  /* today's day number: data ending before today - 1 is stale */
	const char *const *accounts; /* ad account ids without "act_"; none = every account */
	size_t naccounts;
	const char *const *conversions; /* metrics that count as conversions; none = the default */
	size_t nconversions;
	int top;                     /* campaigns in each top list */
};

/*
 * The last n complete days before today: *since .. *until = today - 1.
 * Pure, for the binary's default period.
 */
void summary_last_days(long today, long n, long *since, long *until);

/*
 * Reads the figures of o's period and of the period of the same length
 * before it.  A new object, or NULL with e set: EXIT_DATAERR when the
 * views have no row in the period (for the accounts asked), EXIT_USAGE
 * for a conversion metric the views do not have, EXIT_OTHER for the
 * database.
 */
json_t *summary_build(struct rdb *db, const struct summary_options *o, struct error *e);

#endif
