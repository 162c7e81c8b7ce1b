/*
 * meta-report's pure parts: the default period, numbers as the table
 * shows them, escaping for the page, and a page that is whole and loads
 * nothing.
 */
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "date.h"
#include "page.h"
#include "summary.h"
#include "svg.h"
#include "table.h"
#include "tap.h"

static const char *
number(double v, int decimals)
{
	static char out[64];
	json_t *j = json_real(v);

	table_number(out, sizeof out, j, decimals);
	json_decref(j);
	return out;
}

int
main(void)
{
	long today, since, until;
	char a[16], b[16];
	struct buf out = BUF_INIT;
	json_t *s;

	date_parse("2026-03-01", &today);
	summary_last_days(today, 30, &since, &until);
	date_format(since, a, sizeof a);
	date_format(until, b, sizeof b);
	is_str(a, "2026-01-30", "30 complete days before March 1st start on January 30th");
	is_str(b, "2026-02-28", "and end yesterday, February 28th");
	summary_last_days(today, 1, &since, &until);
	is_int(since == until && until == today - 1, 1, "--days 1 is yesterday");

	is_str(number(0, 2), "0.00", "zero");
	is_str(number(999.994, 2), "999.99", "rounded, no separator below 1,000");
	is_str(number(999.995, 0), "1,000", "rounding up gains a separator");
	is_str(number(1234567.891, 2), "1,234,567.89", "thousands separated");
	is_str(number(-1234.5, 2), "-1,234.50", "negative");
	is_str(number(-0.001, 2), "0.00", "no sign on a figure rounded to zero");
	is_str(number(123456, 0), "123,456", "a count");
	{
		char out_null[8];
		json_t *big = json_real(12345678.0);

		table_number(out_null, sizeof out_null, json_null(), 2);
		is_str(out_null, "-", "null (a ratio over 0) is a dash");
		table_number(out_null, sizeof out_null, big, 2);
		ok(strlen(out_null) < sizeof out_null, "cut to the buffer");
		json_decref(big);
	}

	svg_escape(&out, "<a href=\"x\">Tom & Jerry's</a>");
	is_str(buf_str(&out), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;", "escaped");
	buf_reset(&out);

	s = json_pack("{s:{s:s,s:s,s:i},s:{s:s,s:s},s:s,s:[],s:s,s:s,s:[{s:s,s:[],s:[],s:[{s:s,s:f,s:f,s:f}],"
	              "s:[{s:s,s:s,s:f}],s:[]}],s:[],s:[],s:[],s:[],s:[]}",
	              "period", "since", "2026-02-28", "until", "2026-02-28", "days", 1,
	              "previous", "since", "2026-02-27", "until", "2026-02-27", "today", "2026-03-01",
	              "conversions", "revenue", "revenue", "roas", "roas",
	              "currencies", "currency", "EUR", "accounts", "totals",
	              "daily", "date", "2026-02-28", "spend", 10.0, "revenue", 25.0, "roas", 2.5,
	              "top_by_spend", "name", "<script>alert(1)</script>", "currency", "EUR", "spend", 10.0,
	              "top_by_roas", "no_conversions", "no_delivery", "instagram", "sync", "reconciliation");
	ok(s != NULL, "a summary");
	page_render(&out, s);
	ok(strstr(buf_str(&out), "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';") != NULL,
	   "the page forbids fetching");
	ok(strstr(buf_str(&out), "<script") == NULL, "a campaign's name cannot put a script in the page");
	ok(strstr(buf_str(&out), "&lt;script&gt;alert(1)") != NULL, "it is shown escaped");
	{
		const char *p = buf_str(&out);
		int urls = 0;

		/* Every "://" must be the one of xmlns="http://www.w3.org/2000/svg". */
		for (; (p = strstr(p, "://")) != NULL; p += 3)
			if (p - buf_str(&out) < 4 || strncmp(p - 4, "http://www.w3.org/2000/svg\"", 27) != 0)
				urls++;
		is_int(urls, 0, "no URL but the SVG namespace");
	}
	ok(strstr(buf_str(&out), "src=") == NULL, "no src attribute");
	is_int(out.len > 7 && strcmp(buf_str(&out) + out.len - 8, "</html>\n") == 0, 1, "the page is whole");
	json_decref(s);
	buf_free(&out);
	return done_testing();
}
