/*
 * Pacing, backoff and polling rules, with exact waits on a fake clock; and
 * the pacing against simulated Graph servers: callers, serial or several
 * in flight, ask ratelimit_wait() as lib/graph.c does, and a server
 * model answers with usage headers and throttles what passes its limit.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratelimit.h"
#include "report.h"
#include "stats.h"
#include "tap.h"

static int
near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* ---------------------------------------------------------------- server model */

enum model {
	FIXED,   /* windows of W seconds on one clock for every key (tests/fake-graph.py) */
	SLIDING, /* the calls of the last W seconds */
	LEAKY,   /* a score that drains linearly, full to empty in W seconds */
};

#define MAX_KEYS 4

struct meter {
	long window;        /* FIXED: index of the window of count */
	int count;
	double times[4096]; /* SLIDING: times of the calls, a ring */
	int head, n;
	double level, at;   /* LEAKY: percent at time at */
};

struct server {
	enum model model;
	double w;           /* window, seconds */
	int n_account;      /* calls per window per account */
	int n_app;          /* calls per window for the app */
	struct meter acc[MAX_KEYS], app;
	int calls, throttled;
};

/* Usage of m at t, in calls (its window's calls, or the score in calls). */
static double
meter_used(struct server *s, struct meter *m, int n, double t)
{
	switch (s->model) {
	case FIXED: {
		long k = (long)floor(t / s->w);
		if (k != m->window) {
			m->window = k;
			m->count = 0;
		}
		return m->count;
	}
	case SLIDING:
		while (m->n > 0 && m->times[m->head] <= t - s->w) {
			m->head = (m->head + 1) % 4096;
			m->n--;
		}
		return m->n;
	default:
		m->level -= (t - m->at) * n / s->w;
		if (m->level < 0)
			m->level = 0;
		m->at = t;
		return m->level;
	}
}

static void
meter_add(struct server *s, struct meter *m, double t)
{
	switch (s->model) {
	case FIXED:
		m->count++;
		break;
	case SLIDING:
		m->times[(m->head + m->n++) % 4096] = t;
		break;
	default:
		m->level += 1;
	}
}

/* Seconds until m's usage is back to 0, as Meta's reset_time_duration (whole seconds, rounded up). */
static double
meter_reset(struct server *s, struct meter *m, int n, double t)
{
	double r;

	switch (s->model) {
	case FIXED:
		r = (floor(t / s->w) + 1) * s->w - t;
		break;
	case SLIDING:
		r = m->n ? m->times[(m->head + m->n - 1) % 4096] + s->w - t : 0;
		break;
	default:
		r = m->level * s->w / n;
	}
	return ceil(r - 1e-9);
}

/*
 * The server handles a call for account a at t: counts it or throttles it,
 * and writes the headers Meta would send into the usage u, through
 * ratelimit_parse(): acc_id_util_pct with two decimals, reset in whole
 * seconds, X-App-Usage in whole percents (rounded down).
 */
static int
serve(struct server *s, int a, double t, struct ratelimit_usage *u)
{
	struct meter *m = &s->acc[a];
	double used, used_app;
	char acc[160], app[160];
	int ok, app_pct;

	used = meter_used(s, m, s->n_account, t);
	used_app = meter_used(s, &s->app, s->n_app, t);
	ok = used + 1 <= s->n_account + 1e-9 && used_app + 1 <= s->n_app + 1e-9;
	if (ok) {
		meter_add(s, m, t);
		meter_add(s, &s->app, t);
		used += 1;
		used_app += 1;
		s->calls++;
	} else {
		s->throttled++;
	}
	app_pct = (int)floor(used_app * 100 / s->n_app + 1e-9);
	snprintf(acc, sizeof acc, "{\"acc_id_util_pct\":%.2f,\"reset_time_duration\":%.0f,"
	         "\"ads_api_access_tier\":\"standard_access\"}",
	         used * 100 / s->n_account, meter_reset(s, m, s->n_account, t));
	snprintf(app, sizeof app, "{\"call_count\":%d,\"total_cputime\":%d,\"total_time\":%d}",
	         app_pct, app_pct / 2, app_pct / 2);
	ratelimit_parse(app, acc, NULL, NULL, u);
	return ok;
}

/* ---------------------------------------------------------------- callers */

static unsigned long long rng = 88172645463325252ULL;

static double
u01(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

struct sim {
	enum model model;
	double w;
	int n_account, n_app;
	int accounts;       /* requests go to the accounts in turn */
	int workers;        /* requests in flight at most */
	int calls;          /* successful calls wanted */
	double lat_min, lat_max; /* seconds to the server and as long back, each */
	/* results */
	double wall;        /* first request to the last answer */
	double ratio;       /* the time the limit allows / wall */
	int throttled;
};

static void
simulate(struct sim *sim)
{
	enum { READY, AT_SERVER, ANSWERED };
	struct {
		int state, account, ok;
		double t, back;
		struct ratelimit_usage u;
	} wk[16];
	struct server *s = calloc(1, sizeof *s);
	struct ratelimit *rl = ratelimit_new();
	char names[MAX_KEYS][16];
	int i, done = 0, next_account = 0;
	double first = -1, last = 0, binding;

	s->model = sim->model;
	s->w = sim->w;
	s->n_account = sim->n_account;
	s->n_app = sim->n_app;
	for (i = 0; i < MAX_KEYS; i++) {
		snprintf(names[i], sizeof names[i], "act_%d", 100 + i);
		s->acc[i].window = -1;
	}
	s->app.window = -1;
	/* The run starts 0.3 s into the server's clock: windows are not aligned to it. */
	for (i = 0; i < sim->workers; i++) {
		wk[i].state = READY;
		wk[i].t = 1000.3;
		wk[i].account = -1;
	}
	while (done < sim->calls) {
		int w = 0;

		for (i = 1; i < sim->workers; i++)
			if (wk[i].t < wk[w].t)
				w = i;
		if (wk[w].state == READY) {
			double wait;

			if (wk[w].account < 0)
				wk[w].account = next_account++ % sim->accounts;
			wait = ratelimit_wait(rl, names[wk[w].account], wk[w].t);
			if (wait > 0) {
				/* lib/graph.c naps at most a second at a time */
				wk[w].t += wait < 1 ? wait : 1;
				continue;
			}
			if (first < 0)
				first = wk[w].t;
			wk[w].state = AT_SERVER;
			wk[w].t += sim->lat_min + (sim->lat_max - sim->lat_min) * u01();
		} else if (wk[w].state == AT_SERVER) {
			wk[w].ok = serve(s, wk[w].account, wk[w].t, &wk[w].u);
			wk[w].state = ANSWERED;
			wk[w].t += sim->lat_min + (sim->lat_max - sim->lat_min) * u01();
		} else {
			ratelimit_observe(rl, names[wk[w].account], &wk[w].u, wk[w].t);
			if (wk[w].ok) {
				done++;
				wk[w].account = -1;
				if (wk[w].t > last)
					last = wk[w].t;
			} else {
				ratelimit_block(rl, names[wk[w].account], wk[w].t, 1.0);
			}
			wk[w].state = READY;
		}
	}
	/* The binding limit: calls per window that the app and the accounts allow together. */
	binding = sim->n_app < sim->n_account * sim->accounts ? sim->n_app : sim->n_account * sim->accounts;
	sim->wall = last - first;
	sim->ratio = (sim->calls - binding) / binding * sim->w / sim->wall;
	sim->throttled = s->throttled;
	ratelimit_free(&rl);
	free(s);
}

static void
check_sim(const char *what, struct sim *sim, double min_ratio)
{
	simulate(sim);
	printf("# %s: %d calls in %.1f s, allowed %.1f s, ratio %.3f, throttled %d\n", what,
	       sim->calls, sim->wall, sim->wall * sim->ratio, sim->ratio, sim->throttled);
	is_int(sim->throttled, 0, "%s: never throttled", what);
	ok(sim->ratio >= min_ratio, "%s: uses %.0f%% or more of the rate allowed", what, 100 * min_ratio);
}

/* ---------------------------------------------------------------- tests */

static void
test_parse(void)
{
	struct ratelimit_usage u;

	ratelimit_parse("{\"call_count\":28,\"total_cputime\":25,\"total_time\":25}", NULL, NULL, NULL, &u);
	ok(u.seen && near(u.app_pct, 28) && near(u.account_pct, 0) && near(u.app_grain, 1),
	   "X-App-Usage: the app's, the highest of its three whole percentages");
	ratelimit_parse(NULL, "{\"acc_id_util_pct\":9.67,\"reset_time_duration\":100,"
	                "\"ads_api_access_tier\":'standard_access'}", NULL, NULL, &u);
	ok(near(u.account_pct, 9.67) && near(u.reset_seconds, 100) && near(u.account_grain, 0.01),
	   "X-Ad-Account-Usage, with the single quotes of Meta's own sample");
	ratelimit_parse(NULL, NULL, "{\"66782684\":[{\"type\":\"ads_management\",\"call_count\":95,"
	                "\"total_cputime\":20,\"total_time\":20,\"estimated_time_to_regain_access\":0}],"
	                "\"10153848260347724\":[{\"type\":\"ads_insights\",\"call_count\":97,"
	                "\"total_cputime\":23,\"total_time\":23,\"estimated_time_to_regain_access\":19}]}",
	                NULL, &u);
	ok(near(u.account_pct, 97) && near(u.regain_seconds, 19 * 60) && near(u.app_pct, 0),
	   "BUC: the account's, highest over every business object; regain minutes in seconds");
	ratelimit_parse(NULL, NULL, NULL, "{\"app_id_util_pct\":100,\"acc_id_util_pct\":10}", &u);
	ok(near(u.app_pct, 100) && near(u.account_pct, 10), "X-FB-Ads-Insights-Throttle: app and account");
	ratelimit_parse(NULL, "{\"acc_id_util_pct\":5.0,\"reset_time_duration\":2}",
	                "{\"1\":[{\"call_count\":5}]}", NULL, &u);
	ok(near(u.account_pct, 5) && near(u.account_grain, 0.01),
	   "equal figures: the decimal one tells the rounding");
	ratelimit_parse("not json", "", NULL, NULL, &u);
	ok(!u.seen && near(u.account_pct, 0) && near(u.app_pct, 0), "malformed and empty headers are skipped");
}

static struct ratelimit_usage
usage(double account, double app, double reset)
{
	struct ratelimit_usage u = { 0 };

	u.account_pct = account;
	u.account_grain = 0.01;
	u.app_pct = app;
	u.app_grain = 1;
	u.reset_seconds = reset;
	u.seen = 1;
	return u;
}

static void
test_rules(void)
{
	struct ratelimit *rl = ratelimit_new();
	struct ratelimit_usage u, none = { 0 };
	double w, t, t1, t2;
	int n;

	ok(near(ratelimit_wait(rl, "act_1", 100), 0), "nothing known: the first request goes");
	ok(ratelimit_wait(rl, "act_1", 100) > 0, "the others wait for its answer (the usage may be high)");
	ok(ratelimit_wait(rl, "act_2", 100) > 0, "other accounts too: the app's usage is not known either");
	u = usage(5, 0, 100);
	ratelimit_observe(rl, "act_1", &u, 100);
	ok(near(ratelimit_wait(rl, "act_2", 100), 0), "once it is, another account's first request goes");
	ratelimit_observe(rl, "act_2", &none, 100);
	ok(near(ratelimit_wait(rl, "act_2", 100), 0) && near(ratelimit_wait(rl, "act_2", 100), 0),
	   "answers without usage headers: no pacing");
	ratelimit_observe(rl, "act_2", &none, 100);
	ratelimit_observe(rl, "act_2", &none, 100);

	/* act_1's first usage, 5%, may count several calls: the next request goes at once to tell. */
	ok(near(ratelimit_wait(rl, "act_1", 100), 0) && ratelimit_wait(rl, "act_1", 100) > 0,
	   "the cost of a call unknown: one more request at once, alone");
	u = usage(10, 0, 100);
	ratelimit_observe(rl, "act_1", &u, 100);
	/* 5% a call, 10% used, 100 s to the reset: 17 calls left (one kept), 18 slots to the end. */
	w = ratelimit_wait(rl, "act_1", 100);
	ok(near(w, 100.0 / 18), "known: the calls left spread over the time to the reset (%.3f s)", w);
	t1 = 100 + 100.0 / 18;
	ok(near(ratelimit_wait(rl, "act_1", t1), 0), "and the call goes then");
	w = ratelimit_wait(rl, "act_1", t1);
	ok(near(w, 100.0 / 18), "the next one too: the request in flight is counted (%.3f s)", w);
	t2 = t1 + w;
	ok(near(ratelimit_wait(rl, "act_1", t2), 0), "it goes");
	/* The answers come back in the wrong order. */
	u = usage(20, 0, ceil(200 - t2 - 0.1));
	ratelimit_observe(rl, "act_1", &u, t2 + 0.1);
	u = usage(15, 0, ceil(200 - t2 - 0.2));
	ratelimit_observe(rl, "act_1", &u, t2 + 0.2);
	w = ratelimit_wait(rl, "act_1", t2 + 0.2);
	ok(near(w, 100.0 / 18 - 0.2), "an answer overtaken by another keeps the spacing (%.3f s)", w);
	ratelimit_free(&rl);

	/* High usage: slower, not a burst then a block. */
	rl = ratelimit_new();
	ratelimit_wait(rl, "act_1", 100);
	u = usage(5, 0, 60);
	ratelimit_observe(rl, "act_1", &u, 100);
	ratelimit_wait(rl, "act_1", 100);
	u = usage(10, 0, 60);
	ratelimit_observe(rl, "act_1", &u, 100);
	u = usage(80, 0, 50);
	ratelimit_observe(rl, "act_1", &u, 110);
	for (t = 110, n = 0; t < 160;) {
		if ((w = ratelimit_wait(rl, "act_1", t)) > 0) {
			t += w;
			continue;
		}
		n++;
		u = usage(80 + 5 * n, 0, ceil(160 - t));
		ratelimit_observe(rl, "act_1", &u, t);
	}
	is_int(n, 3, "at 80%%, 50 s to the reset: 3 calls (one kept as headroom), spread over it");
	ok(near(t, 160), "then it waits for the reset");
	ok(near(ratelimit_wait(rl, "act_1", 160), 0), "the new window's first call goes at the reset");
	ok(near(ratelimit_peak(rl), 95), "the peak usage is kept (%.1f)", ratelimit_peak(rl));
	ratelimit_free(&rl);
	ok(rl == NULL, "free clears the pointer");

	/* Blocks: an account's holds that account; the app's holds every request. */
	rl = ratelimit_new();
	ratelimit_wait(rl, "act_3", 500);
	u = usage(10, 0, 100);
	u.regain_seconds = 120;
	ratelimit_observe(rl, "act_3", &u, 500);
	ok(near(ratelimit_wait(rl, "act_3", 500), 120), "blocked: wait estimated_time_to_regain_access");
	ratelimit_block(rl, "act_2", 700, 30);
	ok(near(ratelimit_wait(rl, "act_2", 700), 30), "a throttle error blocks its account");
	ok(near(ratelimit_wait(rl, "act_4", 700), 0), "and no other");
	ratelimit_observe(rl, "act_4", &none, 700);
	ratelimit_block(rl, NULL, 800, 40);
	ok(near(ratelimit_wait(rl, "act_4", 800), 40) && near(ratelimit_wait(rl, NULL, 800), 40),
	   "an app throttle blocks every request");
	ratelimit_free(&rl);

	/* The app's usage paces every request, those without an account too. */
	rl = ratelimit_new();
	ratelimit_wait(rl, NULL, 10);
	u = usage(0, 50, 10);
	ratelimit_observe(rl, NULL, &u, 10);
	w = ratelimit_wait(rl, NULL, 10);
	ok(w > 0 && near(ratelimit_wait(rl, "act_9", 10), w),
	   "the app at 50%% with the cost of a call unknown: wait for the reset (%.1f s)", w);
	ratelimit_free(&rl);

	/* A throttle as first answer: a call seems to cost all; the next window still takes one. */
	rl = ratelimit_new();
	ratelimit_wait(rl, "act_1", 10);
	u = usage(100, 0, 6);
	ratelimit_observe(rl, "act_1", &u, 10);
	w = ratelimit_wait(rl, "act_1", 10);
	ok(near(w, 6) && near(ratelimit_wait(rl, "act_1", 16), 0),
	   "the first answer a throttle: wait for the reset, then one call probes");
	ratelimit_free(&rl);
}

static void
test_pacing(void)
{
	struct sim sim;

	/* The case: one account, a limit of 20 calls per 2 s window. */
	sim = (struct sim){ .model = FIXED, .w = 2, .n_account = 20, .n_app = 1000, .accounts = 1,
	                    .workers = 1, .calls = 1000, .lat_min = 0.002, .lat_max = 0.02 };
	check_sim("20 per 2 s, serial", &sim, 0.90);
	sim = (struct sim){ .model = FIXED, .w = 2, .n_account = 20, .n_app = 1000, .accounts = 1,
	                    .workers = 8, .calls = 1000, .lat_min = 0.002, .lat_max = 0.02 };
	check_sim("20 per 2 s, 8 in flight", &sim, 0.90);
	sim = (struct sim){ .model = FIXED, .w = 2, .n_account = 20, .n_app = 1000, .accounts = 1,
	                    .workers = 8, .calls = 1000, .lat_min = 0.01, .lat_max = 0.15 };
	/* Answers taking up to 15% of the window: the end of a window is known later, less of it is used. */
	check_sim("20 per 2 s, 8 in flight, answers overtaking each other", &sim, 0.85);
	/* The app's limit binds: its usage comes in whole percents, its reset from the account header. */
	sim = (struct sim){ .model = FIXED, .w = 2, .n_account = 20, .n_app = 20, .accounts = 3,
	                    .workers = 8, .calls = 1000, .lat_min = 0.002, .lat_max = 0.05 };
	check_sim("20 per 2 s per account and per app, 3 accounts, 8 in flight", &sim, 0.90);
	sim = (struct sim){ .model = FIXED, .w = 2, .n_account = 20, .n_app = 30, .accounts = 3,
	                    .workers = 8, .calls = 1000, .lat_min = 0.002, .lat_max = 0.05 };
	check_sim("app at 30 per 2 s (3.33% a call, shown as whole percents)", &sim, 0.85);
	/* Meta's windows: minutes long, usage with decimals (development tier: 60 points). */
	sim = (struct sim){ .model = FIXED, .w = 300, .n_account = 60, .n_app = 100000, .accounts = 1,
	                    .workers = 8, .calls = 600, .lat_min = 0.2, .lat_max = 2.5 };
	check_sim("60 per 300 s, 8 in flight, slow answers", &sim, 0.90);
	/* Other models than the fake's: never over the limit, at a lower rate. */
	sim = (struct sim){ .model = SLIDING, .w = 2, .n_account = 20, .n_app = 1000, .accounts = 1,
	                    .workers = 8, .calls = 600, .lat_min = 0.002, .lat_max = 0.05 };
	check_sim("sliding window of 2 s", &sim, 0.40);
	sim = (struct sim){ .model = LEAKY, .w = 300, .n_account = 60, .n_app = 100000, .accounts = 1,
	                    .workers = 8, .calls = 600, .lat_min = 0.2, .lat_max = 2.5 };
	check_sim("a score that decays over 300 s", &sim, 0.40);
}

int
main(void)
{
	struct retry_policy p = { 5, 1.0, 60.0, 900.0 };
	struct stats *s;

	test_parse();
	test_rules();
	test_pacing();

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
