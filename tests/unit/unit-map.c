/* meta-transform's mapping of Graph objects into typed records. */
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "singer.h"
#include "tap.h"

static json_t *
map(const char *line, struct error *e)
{
	json_error_t jerr;
	json_t *msg = json_loads(line, 0, &jerr), *out;

	if (msg == NULL) {
		printf("# bad test input: %s\n", jerr.text);
		return NULL;
	}
	out = map_record_message(msg, NULL, e);
	json_decref(msg);
	return out;
}

static json_t *
rec(json_t *out, size_t i)
{
	return json_object_get(json_array_get(out, i), "record");
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The line the jansson path writes for line, with mapping m, into want; 0 when it maps none. */
static int
slow_line(const char *line, const struct mapping *m, struct buf *want)
{
	struct singer_reader r = { NULL, (char *)line, strlen(line) + 1, (ssize_t)strlen(line), 1 };
	struct error e = { 0 };
	json_t *msg = singer_parse_line(&r, &e), *outs = msg ? map_record_message(msg, m, &e) : NULL;
	int ok = outs != NULL;

	if (ok)
		singer_dump(json_array_get(outs, 0), want);
	buf_append(want, "\n", 1);
	json_decref(outs);
	json_decref(msg);
	return ok;
}

/* map_fast_line() writes what the jansson path writes, and leaves it what it does not take on. */
static void
fast_lines(void)
{
	static const struct {
		const char *line;
		int fast;  /* map_fast_line() takes it on */
	} lines[] = {
		{ "{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"act_1\","
		  "\"campaign_id\":\"2\",\"adset_id\":\"3\",\"ad_id\":\"4\",\"date_start\":\"2026-10-01\","
		  "\"date_stop\":\"2026-10-01\",\"spend\":\"24.90\",\"impressions\":\"6102\",\"cpc\":\"0.00001\","
		  "\"ctr\":\"10.000\",\"frequency\":\"1e3\",\"reach\":\"007\",\"gender\":\"female\",\"age\":\"18-24\","
		  "\"ad_name\":\"\\u00e9t\\u00e9 \\\"x\\\" \\/\",\"unique_ctr\":\"-0.0\",\"odd\":{\"b\":[1.50,true],\"a\":null},"
		  "\"actions\":[{\"action_type\":\"link_click\",\"value\":\"9\",\"7d_click\":\"8\"},"
		  "{\"action_type\":\"omni_purchase\",\"value\":\"2\",\"action_target_id\":\"55\"}],"
		  "\"action_values\":[{\"action_type\":\"omni_purchase\",\"value\":\"40.5\"}]},"
		  "\"time_extracted\":\"2026-11-23T10:00:00Z\"}", 1 },
		{ "{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
		  "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-01\",\"impressions\":\"14.5\"}}", 0 },
		{ "{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
		  "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-01\",\"level\":\"ad\"}}", 0 },
		{ "{\"type\":\"RECORD\",\"stream\":\"ads\",\"record\":{\"id\":\"9\"}}", 0 },
		{ "{\"type\":\"STATE\",\"value\":{}}", 0 },
	};
	struct mapping *m = mapping_default();
	struct map_fast *f = map_fast_new(m);
	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		int fast;

		buf_reset(&got);
		buf_reset(&want);
		fast = map_fast_line(f, lines[i].line, strlen(lines[i].line), &got);
		is_int(fast, lines[i].fast, "line %zu: %s from its text", i, lines[i].fast ? "typed" : "not typed");
		if (fast)
			ok(slow_line(lines[i].line, m, &want) && strcmp(buf_str(&got), buf_str(&want)) == 0,
			   "line %zu: the jansson path writes the same", i);
		else
			is_int(got.len, 0, "line %zu: nothing written", i);
	}
	buf_free(&got);
	buf_free(&want);
	map_fast_free(&f);
	mapping_free(&m);
}

int
main(void)
{
	struct error e = { 0 };
	json_t *out, *r;

	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"campaign_id\":\"2\",\"adset_id\":\"3\",\"ad_id\":\"4\",\"date_start\":\"2026-10-01\","
	          "\"date_stop\":\"2026-10-01\",\"spend\":\"14.35\",\"impressions\":\"185\","
	          "\"gender\":\"female\",\"age\":\"18-24\",\"quality_ranking\":\"AVERAGE\","
	          "\"actions\":[{\"action_type\":\"link_click\",\"value\":\"9\",\"7d_click\":\"8\"},"
	          "{\"action_type\":\"comment\",\"value\":\"1\",\"action_target_id\":\"55\"}],"
	          "\"action_values\":[{\"action_type\":\"purchase\",\"value\":\"40.5\"}]},"
	          "\"time_extracted\":\"2026-11-23T10:00:00Z\"}", &e);
	ok(out != NULL, "an ad-level insight with breakdowns maps");
	is_int(json_array_size(out), 1, "one RECORD per insight row");
	r = rec(out, 0);
	is_str(str(r, "level"), "ad", "level from the most specific id");
	is_str(str(r, "object_id"), "4", "object_id is the ad id");
	is_str(str(r, "breakdown_key"), "age=18-24|gender=female", "breakdown_key sorted by name");
	ok(json_object_get(r, "gender") == NULL, "breakdown columns move into breakdowns");
	is_str(str(json_object_get(r, "breakdowns"), "age"), "18-24", "breakdowns object");
	ok(json_is_real(json_object_get(r, "spend")) &&
	   json_real_value(json_object_get(r, "spend")) == 14.35, "spend is a number");
	ok(json_is_integer(json_object_get(r, "impressions")), "impressions is an integer");
	ok(json_is_null(json_object_get(r, "reach")), "missing reach is null, not 0");
	is_str(str(r, "campaign_id"), "2", "ids stay strings");
	is_str(str(r, "quality_ranking"), "AVERAGE", "unknown fields are kept");
	is_str(str(json_array_get(out, 0), "time_extracted"), "2026-11-23T10:00:00Z",
	       "time_extracted carried");
	{
		json_t *acts = json_object_get(r, "actions"), *a0 = json_array_get(acts, 0);
		json_t *a1 = json_array_get(acts, 1);
		json_t *v0 = json_array_get(json_object_get(r, "action_values"), 0);
		is_int((int)json_array_size(acts), 2, "the action list stays nested in the row");
		is_str(str(a0, "action_type"), "link_click", "action_type stays a string");
		ok(json_is_integer(json_object_get(a0, "value")) &&
		   json_integer_value(json_object_get(a0, "value")) == 9, "an action value is a number");
		is_int(json_integer_value(json_object_get(a0, "7d_click")), 8,
		       "an attribution window is a number");
		is_str(str(a1, "action_target_id"), "55", "other action keys stay strings");
		ok(json_real_value(json_object_get(v0, "value")) == 40.5, "action_values typed");
	}
	json_decref(out);

	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-01\","
	          "\"actions\":[{\"action_type\":\"link_click\",\"value\":\"many\"}]}}", &e);
	ok(out == NULL && strstr(e.msg, "actions[0].value"), "a bad action value names it: %s", e.msg);
	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-01\","
	          "\"actions\":{\"link_click\":3}}}", &e);
	ok(out == NULL && strstr(e.msg, "'actions'"), "an action list that is not a list: %s", e.msg);
	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-01\","
	          "\"campaign_name\":{\"a\":1}}}", &e);
	ok(out == NULL && strstr(e.msg, "campaign_name"), "an object where a string belongs: %s", e.msg);
	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-01\",\"spend\":\"abc\"}}", &e);
	ok(out == NULL && strstr(e.msg, "spend"), "a string where a number belongs: %s", e.msg);

	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"campaign_id\":\"2\",\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-31\","
	          "\"spend\":\"12,5\"}}", &e);
	ok(out == NULL, "a locale-formatted number is rejected");
	ok(strstr(e.msg, "'spend'") && strstr(e.msg, "12,5"), "the error names the field and value: %s", e.msg);
	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-31\",\"clicks\":\"0x10\"}}", &e);
	ok(out == NULL, "hex is not a Graph number");
	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-31\",\"clicks\":\"nan\"}}", &e);
	ok(out == NULL, "nan is not a Graph number");
	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"1\","
	          "\"date_stop\":\"2026-10-31\"}}", &e);
	ok(out == NULL && strstr(e.msg, "date_start"), "an insight without date_start is rejected");

	out = map("{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"account_id\":\"act_1\","
	          "\"campaign_id\":\"2\",\"date_start\":\"2026-10-01\",\"date_stop\":\"2026-10-31\","
	          "\"spend\":\"-1e2\"}}", &e);
	r = rec(out, 0);
	is_str(str(r, "level"), "campaign", "campaign level");
	is_str(str(r, "account_id"), "1", "act_ prefix dropped from account_id");
	is_str(str(r, "breakdown_key"), "", "no breakdowns: empty breakdown_key");
	ok(json_real_value(json_object_get(r, "spend")) == -100.0, "exponent form parses");
	json_decref(out);

	out = map("{\"type\":\"RECORD\",\"stream\":\"ads\",\"record\":{\"id\":\"9\",\"name\":\"x\","
	          "\"creative\":{\"id\":\"77\"},\"bid_amount\":\"5\"}}", &e);
	r = rec(out, 0);
	is_str(str(r, "creative_id"), "77", "creative_id from creative.id");
	ok(json_is_object(json_object_get(r, "creative")), "creative kept whole");
	json_decref(out);
	out = map("{\"type\":\"RECORD\",\"stream\":\"campaigns\",\"record\":{\"id\":\"9\","
	          "\"daily_budget\":\"5000\"}}", &e);
	is_int(json_integer_value(json_object_get(rec(out, 0), "daily_budget")), 5000, "budgets typed");
	json_decref(out);
	out = map("{\"type\":\"RECORD\",\"stream\":\"accounts\",\"record\":{\"id\":\"act_42\","
	          "\"name\":\"A\",\"account_status\":1}}", &e);
	is_str(str(rec(out, 0), "account_id"), "42", "account_id derived from the node id");
	json_decref(out);
	out = map("{\"type\":\"RECORD\",\"stream\":\"campaigns\",\"record\":{\"name\":\"x\"}}", &e);
	ok(out == NULL && strstr(e.msg, "'id'"), "an entity without id is rejected");
	out = map("{\"type\":\"RECORD\",\"stream\":\"custom\",\"record\":{\"n\":\"1\"}}", &e);
	ok(out == NULL && strstr(e.msg, "custom"), "a RECORD for an unknown stream is bad data: %s",
	   e.msg);
	fast_lines();
	return done_testing();
}
