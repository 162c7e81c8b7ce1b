/* Calendar dates: strict parsing and exact stepping. */
#include "date.h"
#include "tap.h"

int
main(void)
{
	long d, d2;
	char out[16];

	is_int(date_parse("1970-01-01", &d), 0, "epoch parses");
	is_int(d, 0, "epoch is day 0");
	is_int(date_parse("2026-11-23", &d), 0, "a date parses");
	date_format(d + 8, out, sizeof out);
	is_str(out, "2026-12-01", "stepping crosses a month");
	date_format(d + 39, out, sizeof out);
	is_str(out, "2027-01-01", "stepping crosses a year");
	is_int(date_parse("2024-02-29", &d), 0, "leap day in a leap year");
	is_int(date_parse("2026-02-29", &d), -1, "no leap day in 2026");
	is_int(date_parse("2100-02-29", &d), -1, "no leap day in 2100");
	is_int(date_parse("2000-02-29", &d), 0, "leap day in 2000");
	is_int(date_parse("2026-04-31", &d), -1, "April has 30 days");
	is_int(date_parse("2026-1-01", &d), -1, "month needs two digits");
	is_int(date_parse(" 026-01-01", &d), -1, "no spaces");
	is_int(date_parse("2026-01-01x", &d), -1, "no trailing text");
	is_int(date_parse("2026/01/01", &d), -1, "dashes only");
	is_int(date_parse("", &d), -1, "empty");
	date_parse("2026-03-01", &d);
	date_parse("2026-02-28", &d2);
	is_int(d - d2, 1, "2026-02-28 is the day before 2026-03-01");
	return done_testing();
}
