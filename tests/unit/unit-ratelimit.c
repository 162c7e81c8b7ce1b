/* Pacing, backoff and polling rules, with exact waits on a fake clock. */
#include <math.h>

#include "ratelimit.h"
#include "report.h"
#include "stats.h"
#include "tap.h"

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

int
main(void)
{
	struct ratelimit_usage u;
	struct ratelimit *rl;
	struct retry_policy p = { 5, 1.0, 60.0, 900.0 };
	struct stats *s;

	ratelimit_parse("{\"call_count\":28,\"total_cputime\":25,\"total_time\":25}", NULL, NULL, NULL, &u);
	ok(u.seen && near(u.pct, 28), "X-App-Usage: the highest of its three percentages");
	ratelimit_parse(NULL, "{\"acc_id_util_pct\":9.67,\"reset_time_duration\":100,"
	                "\"ads_api_access_tier\":'standard_access'}", NULL, NULL, &u);
	ok(near(u.pct, 9.67) && near(u.reset_seconds, 100),
	   "X-Ad-Account-Usage, with the single quotes of Meta's own sample");
	ratelimit_parse(NULL, NULL, "{\"66782684\":[{\"type\":\"ads_management\",\"call_count\":95,"
	                "\"total_cputime\":20,\"total_time\":20,\"estimated_time_to_regain_access\":0}],"
	                "\"10153848260347724\":[{\"type\":\"ads_insights\",\"call_count\":97,"
	                "\"total_cputime\":23,\"total_time\":23,\"estimated_time_to_regain_access\":19}]}",
	                NULL, &u);
	ok(near(u.pct, 97) && near(u.regain_seconds, 19 * 60),
	   "BUC: highest over every business object; regain minutes in seconds");
	ratelimit_parse(NULL, NULL, NULL, "{\"app_id_util_pct\":100,\"acc_id_util_pct\":10}", &u);
	ok(near(u.pct, 100), "X-FB-Ads-Insights-Throttle");
	ratelimit_parse("not json", "", NULL, NULL, &u);
	ok(!u.seen && near(u.pct, 0), "malformed and empty headers are skipped");

	rl = ratelimit_new();
	is_int(ratelimit_wait(rl, NULL, 100) == 0, 1, "nothing seen: go");
	u = (struct ratelimit_usage){ .pct = 30, .seen = 1 };
	ratelimit_observe(rl, NULL, &u, 100);
	ok(near(ratelimit_wait(rl, NULL, 100), 0), "under half the threshold: go at once");
	ok(near(ratelimit_wait(rl, NULL, 100), 0), "and again: no spacing");
	u.pct = 56.25;  /* halfway between 37.5 and 75 */
	ratelimit_observe(rl, NULL, &u, 200);
	ok(near(ratelimit_wait(rl, NULL, 200), 0), "first request at 56%%: go, and claim the slot");
	ok(near(ratelimit_wait(rl, NULL, 200), 1.0), "the next one waits half of the maximum spacing");
	ok(near(ratelimit_wait(rl, NULL, 201), 0), "and goes a second later");
	u = (struct ratelimit_usage){ .pct = 80, .reset_seconds = 40, .seen = 1 };
	ratelimit_observe(rl, NULL, &u, 300);
	ok(near(ratelimit_wait(rl, NULL, 300), 40), "over the threshold: wait for the window's reset");
	ok(near(ratelimit_wait(rl, NULL, 330), 10), "still blocked 30 s later");
	ok(near(ratelimit_wait(rl, NULL, 340), 0), "after the reset one probe goes");
	ok(near(ratelimit_wait(rl, NULL, 340), RATELIMIT_MAX_SPACING), "the others queue behind the probe");
	u = (struct ratelimit_usage){ .pct = 90, .seen = 1 };
	ratelimit_observe(rl, NULL, &u, 400);
	ok(near(ratelimit_wait(rl, NULL, 400), RATELIMIT_DEFAULT_WINDOW), "no reset hint: the default window");
	u = (struct ratelimit_usage){ .pct = 10, .regain_seconds = 120, .seen = 1 };
	ratelimit_observe(rl, NULL, &u, 500);
	ok(near(ratelimit_wait(rl, NULL, 500), 120), "blocked: wait estimated_time_to_regain_access");
	ratelimit_block(rl, NULL, 700, 30);
	ok(near(ratelimit_wait(rl, NULL, 700), 30), "a throttle error blocks everyone");
	ok(near(ratelimit_peak(rl), 90), "the peak usage is kept");
	ratelimit_free(&rl);
	ok(rl == NULL, "free clears the pointer");

	ok(near(retry_backoff(&p, 0, 0.5), 0.5), "backoff: full jitter of 1 s at the first retry");
	ok(near(retry_backoff(&p, 3, 1.0), 8), "doubling: 8 s ceiling at the fourth");
	ok(near(retry_backoff(&p, 10, 1.0), 60), "capped at 60 s");
	ok(near(retry_backoff(&p, 2, 0.0), 0), "jitter can choose no wait");

	ok(near(report_poll_interval(0), 1), "report runs are polled after 1 s at first");
	ok(near(report_poll_interval(40), 10), "a quarter of their age later");
	ok(near(report_poll_interval(3600), 30), "never more than 30 s apart");

	s = stats_new(0);
	stats_wait_begin(s, 10);
	stats_wait_begin(s, 12);
	stats_wait_end(s, 20);
	ok(near(stats_wait(s, 25), 15), "overlapping waits count once, the open one up to now");
	stats_wait_end(s, 30);
	stats_wait_begin(s, 40);
	stats_wait_end(s, 41);
	ok(near(stats_wait(s, 100), 21), "separate waits add up");
	stats_add(s, STATS_REQUESTS, 3);
	is_int(stats_get(s, STATS_REQUESTS), 3, "counters");
	stats_free(&s);
	return done_testing();
}
