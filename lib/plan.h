/*
 * plan.h - what to fetch, decided from numbers alone: days are day numbers
 * (date.h), times are passed in, nothing is read or sent here, so a unit
 * test covers every edge (a one-day range, a chunk that does not divide
 * the range, a time zone's midnight) in microseconds.
 */
#ifndef METASYNC_PLAN_H
#define METASYNC_PLAN_H

#include <stddef.h>

/* Days since..until, inclusive. */
struct plan_range {
	long since, until;
};

/*
 * Days per insights chunk: chunk_days made a whole multiple of an integer
 * time_increment (at least one increment); 0 when increment is 0 (monthly,
 * all_days), whose rows cover the whole range so it cannot be cut.
 */
long plan_step(long chunk_days, long increment);

/*
 * Cuts [since, until] into chunks of step days (the last one shorter),
 * in date order.  Writes at most max of them to out (which may be NULL to
 * count) and returns how many there are.
 */
size_t plan_chunks(long since, long until, long step, struct plan_range *out, size_t max);

/* The day before today in a time zone offset_hours from UTC, at wall-clock time now (epoch seconds). */
long plan_yesterday(double now, double offset_hours);

/*
 * meta-backfill's days to fetch, as contiguous ranges in date order:
 * every day of [since, until] not done yet (done[d - since]); with a
 * completed run whose last day was last (-1: none), also the days after
 * last - lookback, which Meta may have restated; every day when full.
 * out must hold (until - since + 2) / 2 ranges; returns how many.
 */
size_t plan_days(long since, long until, const unsigned char *done, long last, long lookback,
                 int full, struct plan_range *out);

#endif
