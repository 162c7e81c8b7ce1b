/* Mapping files: derived metrics, renames, and the line of every error. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapping.h"
#include "tap.h"

static const char *const reserved[] = { "account_id", "date_start", "spend", "impressions", NULL };

/* The texts below write JSON's double quotes as single quotes, to stay readable. */
static char *
dq(const char *s)
{
	static char buf[8192];
	size_t i;

	for (i = 0; s[i] && i < sizeof buf - 1; i++)
		buf[i] = s[i] == '\'' ? '"' : s[i];
	buf[i] = '\0';
	return buf;
}

static struct mapping *
parse(const char *text, struct error *e)
{
	const char *t = dq(text);

	memset(e, 0, sizeof *e);
	return mapping_parse(t, strlen(t), "m.json", reserved, e);
}

/* A record after m is applied to it; NULL (e set) when apply fails. */
static json_t *
apply(const struct mapping *m, const char *record, struct error *e)
{
	json_t *r = json_loads(dq(record), 0, NULL);

	memset(e, 0, sizeof *e);
	if (r == NULL) {
		printf("# bad test record: %s\n", record);
		return NULL;
	}
	if (mapping_apply(m, r, e) != 0) {
		json_decref(r);
		return NULL;
	}
	return r;
}

static json_t *
one(const char *mapping, const char *record)
{
	struct error e;
	struct mapping *m = parse(mapping, &e);
	json_t *r;

	if (m == NULL) {
		printf("# bad test mapping: %s\n", e.msg);
		return NULL;
	}
	r = apply(m, record, &e);
	if (r == NULL)
		printf("# apply: %s\n", e.msg);
	mapping_free(&m);
	return r;
}

static int
is_num(json_t *r, const char *k, double want)
{
	json_t *v = json_object_get(r, k);

	if (json_is_number(v) && json_number_value(v) == want)
		return 1;
	printf("#   %s: got %s, want %g\n", k, v == NULL ? "nothing" : json_is_null(v) ? "null" :
	       json_is_number(v) ? "another number" : "not a number", want);
	if (json_is_number(v))
		printf("#   (%.17g)\n", json_number_value(v));
	return 0;
}

static int
is_null(json_t *r, const char *k)
{
	return json_is_null(json_object_get(r, k));
}

/* The metric k of one mapping applied to one record, checked, and the record released. */
static void
metric_is(const char *mapping, const char *record, const char *k, double want, const char *what)
{
	json_t *r = one(mapping, record);

	ok(r != NULL && is_num(r, k, want), "%s", what);
	json_decref(r);
}

static void
metric_null(const char *mapping, const char *record, const char *k, const char *what)
{
	json_t *r = one(mapping, record);

	ok(r != NULL && is_null(r, k), "%s", what);
	json_decref(r);
}

/* The mapping is refused: 64, "m.json:LINE: " and a message holding what. */
static void
fails(const char *text, int line, const char *what, const char *desc)
{
	struct error e;
	struct mapping *m = parse(text, &e);
	char prefix[64];

	snprintf(prefix, sizeof prefix, "m.json:%d:", line);
	ok(m == NULL && e.status == EXIT_USAGE && strncmp(e.msg, prefix, strlen(prefix)) == 0 &&
	   strstr(e.msg, what) != NULL, "%s: %s", desc, e.msg);
	mapping_free(&m);
}

static void
check_default(void)
{
	struct mapping *m = mapping_default();
	struct error e;
	json_t *r;

	is_int(mapping_count(m), 4, "the default mapping has four metrics");
	is_str(mapping_name(m, 0), "purchases", "default: purchases");
	is_str(mapping_name(m, 1), "revenue", "default: revenue");
	is_str(mapping_name(m, 2), "roas", "default: roas");
	is_str(mapping_name(m, 3), "link_clicks", "default: link_clicks");
	ok(mapping_is_ratio(m, 2) && !mapping_is_ratio(m, 0), "roas is the ratio");
	is_str(mapping_ratio_term(m, 2, 0), "revenue", "roas divides revenue");
	is_str(mapping_ratio_term(m, 2, 1), "spend", "by spend");
	ok(mapping_ratio_term(m, 0, 0) == NULL, "a sum has no ratio terms");
	ok(mapping_name(m, 4) == NULL, "no fifth metric");

	r = apply(m, "{'spend': 50, 'inline_link_clicks': 0,"
	          " 'actions': [{'action_type': 'link_click', 'value': 7},"
	          "             {'action_type': 'omni_purchase', 'value': 2, '7d_click': 1, '1d_view': 1}],"
	          " 'action_values': [{'action_type': 'omni_purchase', 'value': 100.5}]}", &e);
	ok(r != NULL, "the default mapping applies: %s", e.msg);
	ok(json_is_integer(json_object_get(r, "purchases")) && is_num(r, "purchases", 2),
	   "purchases: the entry's value, not a window, and an integer");
	ok(is_num(r, "revenue", 100.5), "revenue from action_values");
	ok(is_num(r, "roas", 100.5 / 50), "roas = revenue / spend");
	ok(is_num(r, "link_clicks", 7), "link_clicks: inline_link_clicks is 0, so actions:link_click");
	json_decref(r);

	r = apply(m, "{'spend': 0, 'inline_link_clicks': 12,"
	          " 'actions': [{'action_type': 'link_click', 'value': 7}]}", &e);
	ok(r != NULL && is_null(r, "purchases") && is_null(r, "revenue"),
	   "no omni_purchase: purchases and revenue are null, not 0");
	ok(r != NULL && is_null(r, "roas"), "roas without revenue (and with spend 0) is null");
	ok(r != NULL && is_num(r, "link_clicks", 12), "link_clicks from inline_link_clicks first");
	json_decref(r);
	mapping_free(&m);
	ok(m == NULL, "mapping_free clears the pointer");
	mapping_free(&m);
}

static void
check_rules(void)
{
	const char *sum = "{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a', 'b', 'actions:lead']}]}";
	const char *alt = "{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a'], 'else': ['b', 'c']}]}";
	const char *ratio = "{'version': 1, 'metrics': [{'name': 'x', 'ratio': ['a', 'b']}]}";
	struct mapping *m;
	struct error e;
	json_t *r;

	metric_is(sum, "{'a': 2}", "x", 2, "sum: the terms present (one of three)");
	metric_is(sum, "{'a': 2, 'b': 0.5, 'actions': [{'action_type': 'lead', 'value': 3}]}", "x", 5.5,
	          "sum: a field, another field and an action");
	metric_null(sum, "{}", "x", "sum: no term present is null");
	metric_null(sum, "{'a': null, 'actions': [{'action_type': 'like', 'value': 3}]}", "x",
	            "sum: null fields and other action types are missing terms");
	metric_null(sum, "{'actions': null}", "x", "sum: a null action list is a missing term");
	metric_is(sum, "{'actions': [{'action_type': 'lead', 'value': 1, 'action_device': 'iphone'},"
	          " {'action_type': 'lead', 'value': 2, 'action_device': 'desktop'}]}", "x", 3,
	          "sum: every entry of the type counts (action breakdowns split them)");
	metric_is(sum, "{'actions': [{'action_type': 'lead', 'value': 1}, {'action_type': 'lead'}, 7,"
	          " {'value': 5}]}", "x", 1, "sum: entries without value or action_type are skipped");
	metric_is(sum, "{'a': 0}", "x", 0, "sum: a present 0 is 0, not null");
	r = one(sum, "{'a': 9223372036854775807, 'b': 1}");
	ok(r != NULL && json_is_real(json_object_get(r, "x")) && is_num(r, "x", 9223372036854775808.0),
	   "sum: an integer overflow becomes a real");
	json_decref(r);
	r = one(sum, "{'a': 1, 'b': 2.0}");
	ok(r != NULL && json_is_real(json_object_get(r, "x")), "sum: a real term makes a real");
	json_decref(r);

	metric_is(alt, "{'a': 4, 'b': 1}", "x", 4, "else: not used when the sum is not 0");
	metric_is(alt, "{'b': 1, 'c': 2}", "x", 3, "else: used when the sum is missing");
	metric_is(alt, "{'a': 0, 'b': 1}", "x", 1, "else: used when the sum is 0");
	metric_is(alt, "{'a': 0.0, 'c': 2}", "x", 2, "else: used when the sum is 0.0");
	metric_is(alt, "{'a': 0}", "x", 0, "else: a 0 stays 0 when the else terms are missing too");
	metric_null(alt, "{'z': 1}", "x", "else: null when both are missing");

	metric_is(ratio, "{'a': 1, 'b': 4}", "x", 0.25, "ratio: a / b");
	metric_null(ratio, "{'a': 1, 'b': 0}", "x", "ratio: null on a 0 denominator");
	metric_null(ratio, "{'a': 1}", "x", "ratio: null without a denominator");
	metric_null(ratio, "{'b': 2}", "x", "ratio: null without a numerator");
	metric_is(ratio, "{'a': 0, 'b': 2}", "x", 0, "ratio: a 0 numerator is 0");
	r = one(ratio, "{'a': 4, 'b': 2}");
	ok(r != NULL && json_is_real(json_object_get(r, "x")), "ratio: always a real");
	json_decref(r);

	metric_is("{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a']}, {'name': 'y', 'sum': ['x', 'b']},"
	          " {'name': 'z', 'ratio': ['y', 'x']}]}", "{'a': 1, 'b': 2}", "z", 3,
	          "earlier metrics are terms of later ones");
	metric_is("{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a']}]}", "{'a': 1, 'x': 99}", "x", 1,
	          "a metric replaces a field of its name");

	m = parse("{'version': 1, 'rename': {'old': 'new_one'},"
	          " 'metrics': [{'name': 'x', 'sum': ['new_one']}]}", &e);
	ok(m != NULL, "a rename parses: %s", e.msg);
	r = apply(m, "{'old': 5}", &e);
	ok(r != NULL && is_num(r, "new_one", 5) && json_object_get(r, "old") == NULL,
	   "rename: the field moves to its new name");
	ok(r != NULL && is_num(r, "x", 5), "rename: before the metrics, which see the new name");
	json_decref(r);
	r = apply(m, "{'old': 5, 'new_one': null}", &e);
	ok(r != NULL && is_num(r, "new_one", 5), "rename: over a null field");
	json_decref(r);
	r = apply(m, "{'a': 5}", &e);
	ok(r != NULL && json_object_get(r, "new_one") == NULL && is_null(r, "x"),
	   "rename: nothing to rename, nothing added");
	json_decref(r);
	r = apply(m, "{'old': 5, 'new_one': 6}", &e);
	ok(r == NULL && e.status == EXIT_DATAERR && strstr(e.msg, "'old'") && strstr(e.msg, "'new_one'"),
	   "rename: over a field that is there is a data error: %s", e.msg);
	mapping_free(&m);

	m = parse(sum, &e);
	r = apply(m, "{'a': '12'}", &e);
	ok(r == NULL && e.status == EXIT_DATAERR && strstr(e.msg, "metric 'x'") && strstr(e.msg, "field 'a'"),
	   "a field that is not a number: 65, naming the metric and the field: %s", e.msg);
	r = apply(m, "{'actions': {'lead': 1}}", &e);
	ok(r == NULL && e.status == EXIT_DATAERR && strstr(e.msg, "'actions'"),
	   "an action list that is not a list: 65: %s", e.msg);
	r = apply(m, "{'actions': [{'action_type': 'like', 'value': 'x'}, {'action_type': 'lead', 'value': '3'}]}", &e);
	ok(r == NULL && e.status == EXIT_DATAERR && strstr(e.msg, "'actions[1].value'"),
	   "an action value that is not a number: 65, naming the entry: %s", e.msg);
	mapping_free(&m);

	m = parse("{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a']}]}", &e);
	r = apply(m, "{'a': 1.7976931348623157e308}", &e);
	ok(r != NULL, "a huge value is a value");
	json_decref(r);
	mapping_free(&m);
	m = parse("{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a', 'b']}]}", &e);
	r = apply(m, "{'a': 1.7976931348623157e308, 'b': 1.7976931348623157e308}", &e);
	ok(r == NULL && e.status == EXIT_DATAERR && strstr(e.msg, "metric 'x'"),
	   "a sum past the largest double: 65: %s", e.msg);
	mapping_free(&m);

	m = parse("{'version': 1}", &e);
	ok(m != NULL && mapping_count(m) == 0, "a mapping without metrics is empty, not the default");
	mapping_free(&m);
}

static void
check_errors(void)
{
	struct mapping *m;
	struct error e;

	/* Syntax, from jansson, with the column. */
	fails("{\n 'version': 1,\n 'metrics': [\n  {'name': 'x' 'sum': ['a']}\n ]\n}", 4,
	      "expected", "a syntax error: its line");
	fails("{\n 'version': 1,\n 'metrics': [\n  {'name': 'x' 'sum': ['a']}\n ]\n}", 4,
	      "m.json:4:20:", "a syntax error: its column");
	fails("{'version': 1,\n 'version': 1}", 2, "duplicate", "a duplicate key");
	fails("", 1, "expected", "an empty file");
	fails("[1, 2]", 1, "not a JSON object", "not an object");

	/* Unknown keys anywhere. */
	fails("{'version': 1,\n\n 'metric': []}", 3, "unknown key 'metric'", "an unknown key at the top");
	fails("{'version': 1, 'metrics': [\n {'name': 'x',\n  'summ': ['a']}]}", 3,
	      "unknown key 'summ'", "an unknown key in a metric");
	fails("{'version': 1, 'metrics': [\n {'name': 'x',\n  '\\u0073umm': ['a']}]}", 3,
	      "unknown key 'summ'", "an unknown key written with an escape");

	/* Version. */
	fails("{\n 'metrics': []}", 1, "no \"version\"", "no version");
	fails("{'metrics': [],\n 'version': 2}", 2, "unsupported version", "version 2");
	fails("{'metrics': [],\n 'version': '1'}", 2, "unsupported version", "version '1'");

	/* Names. */
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['a']},\n {'name': 'y', 'sum': ['a']},\n"
	      " {'sum': ['a'],\n  'name': 'x'}]}", 5, "'x' is defined twice (first at line 2)",
	      "a duplicate name: the second one's line, and the first's");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['a']},\n {'name': 'spend', 'sum': ['a']}]}",
	      3, "'spend' is a reserved column name", "a reserved name");
	fails("{'version': 1, 'metrics': [\n {'name': 'Leads', 'sum': ['a']}]}", 2, "not a valid name",
	      "a name with a capital");
	fails("{'version': 1, 'metrics': [\n {'name': 'a234567890123456789012345678901234567890123456789"
	      "012345678901234', 'sum': ['a']}]}", 2, "longer than 63", "a name of 64 characters");
	m = parse("{'version': 1, 'metrics': [{'name': 'a23456789012345678901234567890123456789012345678"
	          "901234567890123', 'sum': ['a']}]}", &e);
	ok(m != NULL, "a name of 63 characters: %s", e.msg);
	mapping_free(&m);
	fails("{'version': 1, 'metrics': [\n {'sum': ['a']}]}", 2, "no \"name\"", "no name");
	fails("{'version': 1, 'metrics': [\n {'name': 1, 'sum': ['a']}]}", 2, "not a string", "a number as name");

	/* Terms. */
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': [\n  'actions:lead',\n  'actions:']}]}", 4,
	      "no action type", "a term without its action type");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': [\n  'Actions:lead']}]}", 3,
	      "not a valid list name", "a term with a bad list name");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['actions:lead',\n  ':lead']}]}", 3,
	      "not a valid list name", "a term without its list");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['actions: lead']}]}", 2,
	      "space", "a term with a space");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['link clicks']}]}", 2,
	      "neither LIST:ACTION_TYPE nor a field", "a field name with a space");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': [\n  1]}]}", 3, "not a string",
	      "a term that is a number");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': []}]}", 2, "non-empty list",
	      "an empty sum");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': 'a'}]}", 2, "non-empty list",
	      "a sum that is not a list");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['actions:lead',\n 'actions:lead']}]}", 3,
	      "twice", "a term twice in a sum");

	/* References. */
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['a']},\n {'name': 'roas',\n"
	      "  'ratio': ['revenue', 'spend']},\n {'name': 'revenue', 'sum': ['action_values:purchase']}]}",
	      4, "defined later (line 5)", "a forward reference: the term's line, and the metric's");
	fails("{'version': 1, 'metrics': [\n {'name': 'x',\n  'sum': ['a'], 'else': ['x']}]}", 3,
	      "refers to itself", "a metric that refers to itself");

	/* Sum and ratio. */
	fails("{'version': 1, 'metrics': [\n {'name': 'x'}]}", 2, "neither", "neither sum nor ratio");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['a'], 'ratio': ['a', 'b']}]}", 2, "both",
	      "both sum and ratio");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'ratio': ['a', 'b'],\n 'else': ['c']}]}", 3,
	      "\"else\" goes with \"sum\"", "else with a ratio");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'ratio': ['a', 'b', 'c']}]}", 2, "two names",
	      "a ratio of three");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'ratio': ['a',\n 'actions:lead']}]}", 3,
	      "a ratio divides fields or metrics", "a ratio of an action");
	fails("{'version': 1, 'metrics': {}}", 1, "not a list", "metrics not a list");
	fails("{'version': 1, 'metrics': [\n {'name': 'x', 'sum': ['a']},\n 'y']}", 3, "not an object",
	      "a metric that is not an object");

	/* Renames. */
	fails("{'version': 1, 'rename': {\n 'a': 'b',\n 'c': 'spend'}}", 3, "reserved", "a rename onto a reserved column");
	fails("{'version': 1, 'rename': {\n 'spend': 'cost'}}", 2, "reserved", "a rename of a reserved column");
	fails("{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a']}], 'rename': {\n 'c': 'x'}}", 2,
	      "also a metric", "a rename onto a metric");
	fails("{'version': 1, 'rename': {\n 'a': 'b',\n 'c': 'b'}}", 3, "also the new name of 'a'",
	      "two renames onto one name");
	fails("{'version': 1, 'rename': {\n 'a': 'b',\n 'b': 'c'}}", 2, "is itself renamed", "a chain of renames");
	fails("{'version': 1, 'rename': {\n 'a': 'B'}}", 2, "not a valid name", "a rename onto a bad name");
	fails("{'version': 1, 'rename': {\n 'a': 1}}", 2, "not a string", "a rename onto a number");
	fails("{'version': 1, 'rename': []}", 1, "not an object", "rename not an object");
	fails("{'version': 1, 'rename': {'a': 'b'}, 'metrics': [\n {'name': 'x', 'sum': ['a']}]}", 2,
	      "renamed to 'b'", "a term naming a field renamed away");
	fails("{'version': 1, 'rename': {'actions': 'acts'}, 'metrics': [\n {'name': 'x',\n"
	      "  'sum': ['actions:lead']}]}", 3, "renamed to 'acts'", "a term's list renamed away");
	fails("{'version': 1, 'rename': {\n '': 'b'}}", 2, "empty field name", "a rename of ''");
	fails("{'version': 1, 'metrics': [{'name': 'x', 'sum': ['a']}], 'rename': {\n 'x': 'y'}}", 2,
	      "a metric has that name", "a rename of a metric's name");
	fails("{'version': 1, 'metrics': [\n {'sum': ['a'],\n  'nme': 'x'}]}", 3,
	      "metrics[0]: unknown key 'nme'", "an unknown key in a metric without a name");
}

static void
check_agency(void)
{
	const char *const agency_reserved[] = { "account_id", "date_start", "spend", "impressions",
	                                        "clicks", "inline_link_clicks", NULL };
	struct error e = { 0 };
	struct mapping *m = mapping_load("scripts/maps/agency.json", agency_reserved, &e);
	json_t *r;

	ok(m != NULL, "the shipped agency mapping loads: %s", e.msg);
	if (m == NULL)
		return;
	is_int(mapping_count(m), 6, "six metrics");
	is_str(mapping_name(m, 5), "instagram_follows", "in file order");
	r = apply(m, "{'spend': 200, 'inline_link_clicks': 40,"
	          " 'actions': [{'action_type': 'link_click', 'value': 45},"
	          "  {'action_type': 'post_engagement', 'value': 300},"
	          "  {'action_type': 'lead', 'value': 3},"
	          "  {'action_type': 'onsite_conversion.lead_grouped', 'value': 2},"
	          "  {'action_type': 'offsite_conversion.fb_pixel_lead', 'value': 1, '7d_click': 1},"
	          "  {'action_type': 'onsite_conversion.messaging_first_reply', 'value': 4},"
	          "  {'action_type': 'omni_purchase', 'value': 5},"
	          "  {'action_type': 'onsite_conversion.post_save_follow', 'value': 6}],"
	          " 'action_values': [{'action_type': 'omni_purchase', 'value': 500.25}]}", &e);
	ok(r != NULL, "applies to an insight: %s", e.msg);
	ok(r && is_num(r, "link_clicks", 40), "agency: link_clicks from inline_link_clicks, never post_engagement");
	ok(r && is_num(r, "leads", 10), "agency: leads, the four types");
	ok(r && is_num(r, "purchases", 5), "agency: purchases from omni_purchase");
	ok(r && is_num(r, "revenue", 500.25), "agency: revenue from omni_purchase values");
	ok(r && is_num(r, "roas", 500.25 / 200), "agency: roas");
	ok(r && is_num(r, "instagram_follows", 6), "agency: instagram_follows from post_save_follow");
	json_decref(r);
	r = apply(m, "{'spend': 0, 'instagram_follower_count_total': 2,"
	          " 'actions': [{'action_type': 'link_click', 'value': 45},"
	          "  {'action_type': 'onsite_conversion.post_save_follow', 'value': 6}]}", &e);
	ok(r && is_num(r, "link_clicks", 45), "agency: link_clicks from actions without inline_link_clicks");
	ok(r && is_null(r, "leads") && is_null(r, "revenue") && is_null(r, "roas"),
	   "agency: no leads, no revenue: null");
	ok(r && is_num(r, "instagram_follows", 2), "agency: the follower count first");
	json_decref(r);
	mapping_free(&m);
}

static void
check_load(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	struct error e = { 0 };
	struct mapping *m;
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "%s/unit-mapping.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs("{\n  \"version\": 1,\n  \"metrics\": [\n    {\"name\": \"x\", \"sum\": [\"a\"], \"els\": []}\n  ]\n}\n", f);
	fclose(f);
	m = mapping_load(path, reserved, &e);
	ok(m == NULL && e.status == EXIT_USAGE && strncmp(e.msg, path, strlen(path)) == 0 &&
	   strncmp(e.msg + strlen(path), ":4: ", 4) == 0 && strstr(e.msg, "'els'"),
	   "a bad file: 64, FILE:LINE: what: %s", e.msg);
	unlink(path);
	memset(&e, 0, sizeof e);
	m = mapping_load(path, reserved, &e);
	ok(m == NULL && e.status == EXIT_USAGE && strstr(e.msg, path), "a missing file: 64, naming it: %s",
	   e.msg);
	m = mapping_load(".", reserved, &e);
	ok(m == NULL && e.status == EXIT_USAGE, "a directory: 64: %s", e.msg);
	m = mapping_load("/dev/zero", reserved, &e);
	ok(m == NULL && e.status == EXIT_USAGE && strstr(e.msg, "larger than"),
	   "an endless file: 64, not a hang: %s", e.msg);
}

int
main(void)
{
	check_default();
	check_rules();
	check_errors();
	check_agency();
	check_load();
	return done_testing();
}
