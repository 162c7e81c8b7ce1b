#include <stdio.h>
#include <string.h>

#include "date.h"

/* Days from 1970-01-01 in the proleptic Gregorian calendar (Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

int
date_parse(const char *s, long *day)
{
	unsigned y, m, d, m2, d2;
	long back;
	char tail;
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	if (sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*day = days_from_civil(y, m, d);
	/* Round-trip to reject 2026-02-30 and friends. */
	civil_from_days(*day, &back, &m2, &d2);
	return (back == (long)y && m2 == m && d2 == d) ? 0 : -1;
}

void
date_format(long day, char *out, size_t size)
{
	long y;
	unsigned m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(out, size, "%04ld-%02u-%02u", y, m, d);
}
