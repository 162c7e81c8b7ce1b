#include <math.h>

#include "plan.h"

long
plan_step(long chunk_days, long increment)
{
	if (increment <= 0)
		return 0;
	if (chunk_days < increment)
		return increment;
	return chunk_days / increment * increment;
}

size_t
plan_chunks(long since, long until, long step, struct plan_range *out, size_t max)
{
	size_t n = 0;
	long day;

	if (until < since)
		return 0;
	if (step <= 0) {
		if (out && max > 0)
			out[0] = (struct plan_range){ since, until };
		return 1;
	}
	for (day = since; day <= until; day += step, n++)
		if (out && n < max)
			out[n] = (struct plan_range){ day, day + step - 1 < until ? day + step - 1 : until };
	return n;
}

long
plan_yesterday(double now, double offset_hours)
{
	return (long)floor((now + offset_hours * 3600) / 86400) - 1;
}

size_t
plan_days(long since, long until, const unsigned char *done, long last, long lookback, int full,
          struct plan_range *out)
{
	size_t n = 0;
	long d, start = -1;

	for (d = since; d <= until + 1; d++) {
		int want = d <= until && (full || !done[d - since] || (last >= 0 && d > last - lookback));
		if (want && start < 0)
			start = d;
		if (!want && start >= 0) {
			out[n++] = (struct plan_range){ start, d - 1 };
			start = -1;
		}
	}
	return n;
}
