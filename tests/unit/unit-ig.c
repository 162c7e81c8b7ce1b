/* Instagram planning from numbers alone: windows of at most 30 days, end_time to day, metrics, records. */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "ig.h"
#include "tap.h"

static long
day(const char *s)
{
	long d = -1;

	date_parse(s, &d);
	return d;
}

static ig_metrics
only(const char *list)
{
	ig_metrics set = 0;
	struct error e = { 0 };

	ig_metrics_add(&set, list, &e);
	return set;
}

/* The records of an answer (JSON text) to r, as "date metric value;" in order. */
static const char *
records(const struct ig_request *r, const char *body, ig_metrics set, double offset)
{
	static char out[1024];
	char *text = strdup(body), *q;
	json_t *b, *recs = json_array(), *rec;
	size_t i, n = 0;

	/* Single quotes keep the answers readable here; JSON wants double ones. */
	for (q = text; *q; q++)
		if (*q == '\'')
			*q = '"';
	b = json_loads(text, 0, NULL);
	free(text);

	out[0] = '\0';
	ig_records("1784", r, b, set, offset, recs);
	json_array_foreach(recs, i, rec)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s %s %lld;",
		                      json_string_value(json_object_get(rec, "date")),
		                      json_string_value(json_object_get(rec, "metric")),
		                      (long long)json_integer_value(json_object_get(rec, "value")));
	json_decref(recs);
	json_decref(b);
	return out;
}

int
main(void)
{
	struct ig_request r[256];
	struct error e = { 0 };
	ig_metrics set = 0;
	long d, nov1 = day("2026-11-01"), mar8 = day("2026-03-08");
	size_t n, i;
	int ok_all;
	json_t *p;

	/* ---- end_time -> day */
	ok(ig_end_time_day("2024-05-02T07:00:00+0000", -8, &d) == 0 && d == day("2024-05-01"),
	   "Pacific summer midnight (07:00 UTC) ends the day before");
	ok(ig_end_time_day("2026-11-24T08:00:00+0000", -8, &d) == 0 && d == day("2026-11-23"),
	   "Pacific winter midnight (08:00 UTC) ends the day before");
	ok(ig_end_time_day("2026-11-02T08:00:00+0000", -8, &d) == 0 && d == day("2026-11-01"),
	   "the day DST ends: still the day before");
	ok(ig_end_time_day("2026-03-09T07:00:00+0000", -8, &d) == 0 && d == day("2026-03-08"),
	   "the day DST starts: still the day before");
	ok(ig_end_time_day("2026-05-02T00:00:00-0700", -8, &d) == 0 && d == day("2026-05-01"),
	   "an end_time written with its own offset");
	ok(ig_end_time_day("2026-05-01T22:00:00+0000", 2, &d) == 0 && d == day("2026-05-01"),
	   "another zone: Berlin's summer midnight");
	ok(ig_end_time_day("2026-05-02T00:00:00+0000", 0, &d) == 0 && d == day("2026-05-01"),
	   "UTC midnight at offset 0");
	ok(ig_end_time_day("2026-05-02", -8, &d) != 0, "a date alone is not an end_time");
	ok(ig_end_time_day("2026-05-02T07:00:00+0000x", -8, &d) != 0, "trailing junk refused");
	ok(ig_end_time_day("2026-02-30T07:00:00+0000", -8, &d) != 0, "not a calendar day");
	ok(ig_end_time_day(NULL, -8, &d) != 0, "no end_time");

	/* ---- day windows as unix timestamps */
	is_int(ig_day_start(day("2026-11-01"), -8) % 86400, 8 * 3600, "Pacific standard midnight is 08:00 UTC");
	ok(ig_day_start(day("1970-01-02"), 0) == 86400, "day 1 at UTC");
	ok(ig_day_start(day("2026-11-02"), 5.5) - ig_day_start(day("2026-11-01"), 5.5) == 86400,
	   "days are 86400 s apart at any offset");

	/* ---- the plan */
	n = ig_plan(nov1, nov1 + 44, IG_ALL_METRICS, r, 256);
	is_int((int)n, 2 + 45 * 2, "45 days: 2 series windows, a totals and a follows request a day");
	ok(r[0].kind == IG_SERIES && r[0].since == nov1 && r[0].until == nov1 + 29,
	   "the first window is 30 days");
	ok(r[61].kind == IG_SERIES && r[61].since == nov1 + 30 && r[61].until == nov1 + 44,
	   "the second window starts after it, 15 days");
	ok_all = 1;
	for (i = 0; i < n; i++) {
		if (r[i].until - r[i].since + 1 > IG_MAX_WINDOW_DAYS)
			ok_all = 0;
		if (r[i].kind != IG_SERIES && r[i].since != r[i].until)
			ok_all = 0;
		if (r[i].since < nov1 || r[i].until > nov1 + 44)
			ok_all = 0;
	}
	ok(ok_all, "no window over 30 days, totals a day each, all within the range");
	ok(r[1].kind == IG_TOTAL && r[2].kind == IG_FOLLOWS && r[1].since == nov1 && r[2].since == nov1,
	   "a day's totals, then its follows");
	is_int((int)ig_plan(nov1, nov1 + 29, IG_ALL_METRICS, NULL, 0), 1 + 60, "exactly 30 days: one window");
	is_int((int)ig_plan(nov1, nov1 + 30, IG_ALL_METRICS, NULL, 0), 2 + 62, "31 days: two windows");
	is_int((int)ig_plan(nov1, nov1, IG_ALL_METRICS, NULL, 0), 3, "one day: three requests");
	is_int((int)ig_plan(nov1, nov1 - 1, IG_ALL_METRICS, NULL, 0), 0, "an empty range: nothing");
	is_int((int)ig_plan(nov1, nov1 + 44, only("reach"), NULL, 0), 2, "series only: the windows");
	is_int((int)ig_plan(nov1, nov1 + 4, only("follows"), NULL, 0), 5, "follows only: a day each");
	is_int((int)ig_plan(nov1, nov1 + 4, only("followers_count"), NULL, 0), 0,
	       "the node snapshot is no insights request");
	is_int((int)ig_plan(mar8 - 40, mar8 + 40, IG_ALL_METRICS, NULL, 0), 3 + 81 * 2,
	       "81 days across DST: three windows");

	/* ---- request parameters */
	p = ig_request_params(&(struct ig_request){ IG_TOTAL, nov1, nov1 }, IG_ALL_METRICS, -8);
	is_str(json_string_value(json_object_get(p, "metric")),
	       "views,accounts_engaged,total_interactions,likes,comments,shares,saves,replies,profile_links_taps",
	       "totals: every total-value metric in one request");
	is_str(json_string_value(json_object_get(p, "metric_type")), "total_value", "metric_type total_value");
	ok(json_object_get(p, "breakdown") == NULL, "no breakdown for totals");
	ok(atol(json_string_value(json_object_get(p, "until"))) -
	   atol(json_string_value(json_object_get(p, "since"))) == 86400, "one day apart");
	json_decref(p);
	p = ig_request_params(&(struct ig_request){ IG_FOLLOWS, nov1, nov1 }, IG_ALL_METRICS, -8);
	is_str(json_string_value(json_object_get(p, "metric")), "follows_and_unfollows", "follows apart");
	is_str(json_string_value(json_object_get(p, "breakdown")), "follow_type", "by follow_type");
	json_decref(p);
	p = ig_request_params(&(struct ig_request){ IG_SERIES, nov1, nov1 + 29 }, IG_ALL_METRICS, -8);
	is_str(json_string_value(json_object_get(p, "metric")), "reach,follower_count", "the series metrics");
	is_str(json_string_value(json_object_get(p, "metric_type")), "time_series", "metric_type time_series");
	ok(atol(json_string_value(json_object_get(p, "until"))) -
	   atol(json_string_value(json_object_get(p, "since"))) == 30 * 86400, "30 days: Meta's limit");
	json_decref(p);

	/* ---- metrics */
	ok(ig_metrics_add(&set, "impressions", &e) == EXIT_USAGE && strstr(e.msg, "retired"),
	   "impressions is retired");
	ok(ig_metrics_add(&set, "reach,profile_views", &e) == EXIT_USAGE && strstr(e.msg, "profile_views"),
	   "profile_views is retired");
	ok(ig_metrics_add(&set, "bogus", &e) == EXIT_USAGE && strstr(e.msg, "not an Instagram"),
	   "an unknown metric");
	ok(ig_metrics_add(&set, "", &e) == EXIT_USAGE, "an empty list");
	ok(only("follows") == only("unfollows") && only("follows") == only("follows_and_unfollows"),
	   "follows and unfollows are follows_and_unfollows");
	ok(ig_user_valid("17841400010000001") && !ig_user_valid("act_1") && !ig_user_valid("") &&
	   !ig_user_valid("12 3"), "IG user ids are digits");

	/* ---- records from answers */
	is_str(records(&(struct ig_request){ IG_SERIES, nov1, nov1 + 1 },
	               "{'data':[{'name':'reach','period':'day','values':["
	               "{'value':5,'end_time':'2026-11-01T07:00:00+0000'},"
	               "{'value':7,'end_time':'2026-11-02T08:00:00+0000'},"
	               "{'end_time':'2026-11-03T08:00:00+0000'},"
	               "{'value':9,'end_time':'2026-11-04T08:00:00+0000'}]}]}", IG_ALL_METRICS, -8),
	       "2026-11-01 reach 7;",
	       "series: by end_time's day, outside days dropped, a missing value absent");
	is_str(records(&(struct ig_request){ IG_TOTAL, nov1, nov1 },
	               "{'data':[{'name':'views','total_value':{'value':12}},"
	               "{'name':'likes','total_value':{}}]}", IG_ALL_METRICS, -8),
	       "2026-11-01 views 12;", "totals: the day's value; none without one");
	is_str(records(&(struct ig_request){ IG_TOTAL, nov1, nov1 }, "{'data':[]}", IG_ALL_METRICS, -8),
	       "", "an empty answer: no record, not 0");
	is_str(records(&(struct ig_request){ IG_FOLLOWS, nov1, nov1 },
	               "{'data':[{'name':'follows_and_unfollows','total_value':{'breakdowns':[{"
	               "'dimension_keys':['follow_type'],'results':[{'dimension_values':['FOLLOWER'],"
	               "'value':12},{'dimension_values':['NON_FOLLOWER'],'value':5}]}]}}]}",
	               IG_ALL_METRICS, -8),
	       "2026-11-01 follows 12;2026-11-01 unfollows 5;", "follow_type: follows and unfollows");
	is_str(records(&(struct ig_request){ IG_FOLLOWS, nov1, nov1 },
	               "{'data':[{'name':'follows_and_unfollows','total_value':{'breakdowns':[{"
	               "'dimension_keys':['follow_type'],'results':[{'dimension_values':['FOLLOWER'],"
	               "'value':3}]}]}}]}", IG_ALL_METRICS, -8),
	       "2026-11-01 follows 3;2026-11-01 unfollows 0;", "a result left out is 0");
	is_str(records(&(struct ig_request){ IG_FOLLOWS, nov1, nov1 },
	               "{'data':[{'name':'follows_and_unfollows','total_value':{'value':0}}]}",
	               IG_ALL_METRICS, -8),
	       "2026-11-01 follows 0;2026-11-01 unfollows 0;", "a quiet day: both 0");
	is_str(records(&(struct ig_request){ IG_TOTAL, nov1, nov1 },
	               "{'data':[{'name':'views','total_value':{'value':12}},"
	               "{'name':'likes','total_value':{'value':3}}]}", only("likes"), -8),
	       "2026-11-01 likes 3;", "metrics not asked for are left out");
	return done_testing();
}
