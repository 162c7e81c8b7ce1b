/* Planning from numbers alone: chunk steps, chunks, the account's yesterday, the days to fetch. */
#include <string.h>

#include "date.h"
#include "plan.h"
#include "tap.h"

static long
day(const char *s)
{
	long d = -1;

	date_parse(s, &d);
	return d;
}

int
main(void)
{
	struct plan_range r[64];
	unsigned char done[64];
	long nov1 = day("2026-11-01");

	is_int(plan_step(7, 1), 7, "daily rows: the chunk as given");
	is_int(plan_step(7, 3), 6, "3-day rows: a whole multiple of 3");
	is_int(plan_step(2, 3), 3, "a chunk shorter than one increment: one increment");
	is_int(plan_step(7, 0), 0, "monthly or all_days: cannot be cut");

	is_int((int)plan_chunks(nov1, nov1 + 29, 7, r, 64), 5, "30 days in chunks of 7: 5 chunks");
	ok(r[0].since == nov1 && r[0].until == nov1 + 6, "the first chunk is 7 days from the start");
	ok(r[4].since == nov1 + 28 && r[4].until == nov1 + 29, "the last chunk is the 2 days left");
	is_int((int)plan_chunks(nov1, nov1, 7, r, 64), 1, "a one-day range is one chunk");
	ok(r[0].since == nov1 && r[0].until == nov1, "of that one day");
	is_int((int)plan_chunks(nov1, nov1 + 13, 7, NULL, 0), 2, "counting without an array");
	is_int((int)plan_chunks(nov1, nov1 - 1, 7, r, 64), 0, "an empty range has no chunk");
	is_int((int)plan_chunks(nov1, nov1 + 99, 0, r, 64), 1, "an uncuttable range is one chunk");
	ok(r[0].since == nov1 && r[0].until == nov1 + 99, "the whole range");
	is_int((int)plan_chunks(nov1, nov1 + 99, 7, r, 3), 15, "the count when out is too small");

	/* 2026-11-02 07:59:59 UTC is still 2026-11-01 in Los Angeles (UTC-8). */
	is_int((int)(plan_yesterday(1793606399.0, -8) - nov1), -1, "LA just before midnight: yesterday is Oct 31");
	is_int((int)(plan_yesterday(1793606400.0, -8) - nov1), 0, "LA at midnight: yesterday is Nov 1");
	is_int((int)(plan_yesterday(1793606399.0, 5.5) - nov1), 0, "Kolkata the same instant: Nov 1");
	is_int((int)(plan_yesterday(1793577600.0, 0) - nov1), 0, "UTC midnight of Nov 2: yesterday is Nov 1");

	memset(done, 0, sizeof done);
	is_int((int)plan_days(nov1, nov1 + 9, done, -1, 28, 0, r), 1, "nothing done: one range");
	ok(r[0].since == nov1 && r[0].until == nov1 + 9, "the whole range");
	memset(done, 1, 10);
	done[3] = done[4] = done[8] = 0;
	is_int((int)plan_days(nov1, nov1 + 9, done, -1, 28, 0, r), 2, "holes: a range each");
	ok(r[0].since == nov1 + 3 && r[0].until == nov1 + 4 && r[1].since == nov1 + 8 &&
	   r[1].until == nov1 + 8, "exactly the days not done");
	memset(done, 1, 10);
	is_int((int)plan_days(nov1, nov1 + 9, done, -1, 28, 0, r), 0, "all done, no run completed: nothing");
	is_int((int)plan_days(nov1, nov1 + 9, done, nov1 + 9, 3, 0, r), 1, "a completed run: the look-back");
	ok(r[0].since == nov1 + 7 && r[0].until == nov1 + 9, "its last 3 days");
	is_int((int)plan_days(nov1, nov1 + 9, done, nov1 + 5, 3, 0, r), 1, "look-back from the run's end");
	ok(r[0].since == nov1 + 3 && r[0].until == nov1 + 9, "3 days before its end, and every day after");
	is_int((int)plan_days(nov1, nov1 + 9, done, -1, 28, 1, r), 1, "--full: everything");
	ok(r[0].since == nov1 && r[0].until == nov1 + 9, "the whole range");
	is_int((int)plan_days(nov1, nov1, done, -1, 28, 0, r), 0, "a one-day range done");
	done[0] = 0;
	is_int((int)plan_days(nov1, nov1, done, -1, 28, 0, r), 1, "a one-day range not done");
	return done_testing();
}
