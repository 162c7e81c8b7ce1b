#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jscan.h"
#include "keytab.h"
#include "log.h"
#include "map.h"
#include "schema.h"
#include "singer.h"
#include "util.h"

/* Breakdown dimensions of the insights edge (REF-INS), sorted, so keys are stable. */
static const char *const breakdown_names[] = {
	"ad_extension_domain", "ad_extension_url", "ad_format_asset", "age",
	"app_id", "body_asset", "call_to_action_asset", "coarse_conversion_value",
	"comscore_market", "comscore_market_code", "country", "creative_relaxation_asset_type",
	"description_asset", "device_platform", "dma", "fidelity_type",
	"flexible_format_asset_type", "frequency_value", "gen_ai_asset_type", "gender",
	"hourly_stats_aggregated_by_advertiser_time_zone",
	"hourly_stats_aggregated_by_audience_time_zone", "hsid", "image_asset",
	"impression_device", "is_auto_advance", "is_conversion_id_modeled",
	"is_rendered_as_delayed_skip_ad", "landing_destination", "link_url_asset",
	"marketing_messages_btn_name", "mdsa_landing_destination", "media_asset_url",
	"media_creator", "media_destination_url", "media_format", "media_origin_url",
	"media_text_content", "media_type", "place_page_id", "platform_position",
	"postback_sequence_index", "product_id", "publisher_platform",
	"redownload", "region", "signal_source_bucket", "skan_campaign_id",
	"skan_conversion_id", "skan_version", "standard_event_content_type",
	"title_asset", "user_persona_id", "user_persona_name", "video_asset",
	NULL,
};

/* Insight fields that are numbers on the wire-as-string but have no column. */
static const char *const extra_numeric[] = {
	"cost_per_inline_link_click", "cost_per_inline_post_engagement",
	"cost_per_unique_click", "cost_per_unique_inline_link_click",
	"inline_link_click_ctr", "inline_post_engagement", "social_spend",
	"unique_ctr", "unique_inline_link_clicks", "unique_inline_link_click_ctr",
	"unique_link_clicks_ctr", "estimated_ad_recallers", "estimated_ad_recall_rate",
	"full_view_impressions", "full_view_reach", "canvas_avg_view_percent",
	"canvas_avg_view_time", "instant_experience_clicks_to_open",
	NULL,
};

static const char *const insight_metrics[] = {
	"spend", "impressions", "clicks", "reach", "frequency", "cpc", "cpm", "cpp", "ctr",
	"inline_link_clicks", "unique_clicks", NULL,
};

/* A number of a typed record: an integer or a real, as jansson would hold it. */
struct num {
	int integer;
	long long i;
	double d;
};

/*
 * Strict number parsing of the n bytes at s: what Graph writes ("12",
 * "-3", "14.35", "1e3"), nothing locale-dependent ("12,5"), no hex, inf
 * or nan.  0 with *v set, or -1.
 */
static int
parse_num(const char *s, size_t n, struct num *v)
{
	char small[64], *copy, *end;
	size_t i = 0;
	int is_int = 1, rc = -1;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (!(i < n && isdigit((unsigned char)s[i])) &&
	    !(i + 1 < n && s[i] == '.' && isdigit((unsigned char)s[i + 1])))
		return -1;
	for (; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			continue;
		if (s[i] == '.' || s[i] == 'e' || s[i] == 'E' || s[i] == '-' || s[i] == '+')
			is_int = 0;
		else
			return -1;
	}
	copy = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = '\0';
	errno = 0;
	if (is_int) {
		v->i = strtoll(copy, &end, 10);
		if (*end == '\0' && errno == 0) {
			v->integer = 1;
			rc = 0;
			goto out;
		}
		errno = 0;
	}
	v->d = strtod(copy, &end);
	v->integer = 0;
	if (*end == '\0' && errno != ERANGE && isfinite(v->d))
		rc = 0;
out:
	if (copy != small)
		free(copy);
	return rc;
}

/*
 * An integer column's number: a real only when it is a whole number a
 * double says exactly ("14.0"); "14.5" is not something Graph sends, so it
 * is bad data, not a value to round.  0, or -1.
 */
static int
whole_num(struct num *v)
{
	if (v->integer)
		return 0;
	if (!(fabs(v->d) < 9e15 && v->d == (double)(long long)v->d))
		return -1;
	v->integer = 1;
	v->i = (long long)v->d;
	return 0;
}

/* parse_num() of the string s, as a new reference, or NULL. */
static json_t *
parse_number(const char *s)
{
	struct num v;

	if (parse_num(s, strlen(s), &v) != 0)
		return NULL;
	return v.integer ? json_integer(v.i) : json_real(v.d);
}

/*
 * Replaces rec[key] by its number; absent and null stay as they are.
 * With integer set, a fraction is an error too: "impressions":"14.5" is
 * not something Graph sends, so it is bad data, not a value to round.
 */
static int
type_number_as(json_t *rec, const char *key, int integer, struct error *e)
{
	json_t *v = json_object_get(rec, key), *n = NULL;
	char *shown;

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		n = parse_number(json_string_value(v));
	else if (json_is_number(v))
		n = json_incref(v);
	if (n && integer && json_is_real(n)) {
		struct num w = { 0, 0, json_real_value(n) };

		json_decref(n);
		n = whole_num(&w) == 0 ? json_integer(w.i) : NULL;
	}
	if (n) {
		json_object_set_new(rec, key, n);
		return 0;
	}
	shown = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	error_set(e, EXIT_DATAERR, "field '%s': not %s: %.80s", key,
	          integer ? "an integer" : "a number", shown ? shown : "?");
	free(shown);
	return -1;
}

static int
type_number(json_t *rec, const char *key, struct error *e)
{
	return type_number_as(rec, key, 0, e);
}

/* Types every numeric column of t present in rec. */
static int
type_columns(const struct schema_table *t, json_t *rec, struct error *e)
{
	const struct schema_column *c;

	for (c = t->columns; c->name; c++) {
		json_t *v = json_object_get(rec, c->name);
		if ((c->type == SCHEMA_INTEGER || c->type == SCHEMA_NUMBER) &&
		    type_number_as(rec, c->name, c->type == SCHEMA_INTEGER, e) != 0)
			return -1;
		/* A number where Meta writes a string is its string; an object or a list is bad data. */
		if (c->type == SCHEMA_TEXT && v && !json_is_string(v) && !json_is_null(v)) {
			if (!json_is_number(v))
				return error_set(e, EXIT_DATAERR, "field '%s': not a string", c->name), -1;
		}
	}
	return 0;
}

static const char *
string_field(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

static int
require_string(json_t *rec, const char *key, const char *what, struct error *e)
{
	if (string_field(rec, key) == NULL || *string_field(rec, key) == '\0')
		return error_set(e, EXIT_DATAERR, "%s record without '%s'", what, key), -1;
	return 0;
}

/* Account ids are kept as Graph writes account_id: digits, no "act_". */
static void
normalise_account_id(json_t *rec)
{
	const char *a = string_field(rec, "account_id");

	if (a && strncmp(a, "act_", 4) == 0)
		json_object_set_new(rec, "account_id", json_string(a + 4));
}

void
map_attribution_setting(json_t *spec, char *out, size_t size)
{
	static const char *const order[][2] = {
		{ "CLICK_THROUGH", "click" }, { "VIEW_THROUGH", "view" }, { "ENGAGED_VIDEO_VIEW", "ev" },
	};
	struct buf b = BUF_INIT;
	size_t i, k;
	json_t *x;

	out[0] = '\0';
	if (!json_is_array(spec) || json_array_size(spec) == 0)
		return;
	for (k = 0; k <= sizeof order / sizeof order[0]; k++) {
		json_array_foreach(spec, i, x) {
			const char *type = json_string_value(json_object_get(x, "event_type"));
			json_t *days = json_object_get(x, "window_days");
			size_t j, known = sizeof order / sizeof order[0];
			char word[64];

			if (type == NULL || !json_is_integer(days))
				continue;
			for (j = 0; j < sizeof order / sizeof order[0]; j++)
				if (strcmp(type, order[j][0]) == 0)
					known = j;
			if (known != k)
				continue;
			if (k < sizeof order / sizeof order[0])
				snprintf(word, sizeof word, "%s", order[k][1]);
			else {
				for (j = 0; j < sizeof word - 1 && type[j]; j++)
					word[j] = (char)tolower((unsigned char)type[j]);
				word[j] = '\0';
			}
			buf_printf(&b, "%s%" JSON_INTEGER_FORMAT "d_%s", b.len ? "_" : "",
			           json_integer_value(days), word);
		}
	}
	snprintf(out, size, "%s", buf_str(&b));
	buf_free(&b);
}

/*
 * The business object ({"id", "name"}) becomes business_id and
 * business_name; the attribution_spec list gives attribution_setting.
 */
static void
flatten_account(json_t *rec)
{
	json_t *business = json_object_get(rec, "business");
	char setting[128];

	if (json_is_object(business)) {
		json_t *id = json_object_get(business, "id"), *name = json_object_get(business, "name");
		if (json_is_string(id))
			json_object_set(rec, "business_id", id);
		if (json_is_string(name) && json_object_get(rec, "business_name") == NULL)
			json_object_set(rec, "business_name", name);
		json_object_del(rec, "business");
	}
	map_attribution_setting(json_object_get(rec, "attribution_spec"), setting, sizeof setting);
	if (setting[0] && json_object_get(rec, "attribution_setting") == NULL)
		json_object_set_new(rec, "attribution_setting", json_string(setting));
}

static int
map_account(json_t *rec, struct error *e)
{
	const char *id = string_field(rec, "id");

	if (string_field(rec, "account_id") == NULL && id)
		json_object_set_new(rec, "account_id", json_string(id));
	normalise_account_id(rec);
	flatten_account(rec);
	if (require_string(rec, "account_id", "accounts", e) != 0)
		return -1;
	return type_columns(schema_find("accounts"), rec, e);
}

static int
map_entity(const char *stream, json_t *rec, struct error *e)
{
	json_t *creative = json_object_get(rec, "creative");

	if (require_string(rec, "id", stream, e) != 0)
		return -1;
	normalise_account_id(rec);
	if (json_is_object(creative) && json_is_string(json_object_get(creative, "id")))
		json_object_set(rec, "creative_id", json_object_get(creative, "id"));
	return type_columns(schema_find(stream), rec, e);
}

/*
 * Appends "name=value" to a key: strings as they are (the readable common
 * case), anything else as compact JSON so that 1 and "1" or two numbers
 * never collide.
 */
static void
key_part(struct buf *key, const char *name, json_t *v)
{
	char *text;

	if (key->len)
		buf_puts(key, "|");
	if (json_is_string(v)) {
		buf_printf(key, "%s=%s", name, json_string_value(v));
		return;
	}
	text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	buf_printf(key, "%s=%s", name, text ? text : "");
	free(text);
}


/* A list of AdsActionStats: objects each carrying action_type. */
static int
is_action_list(json_t *v)
{
	return json_is_array(v) && json_array_size(v) > 0 &&
	       json_is_object(json_array_get(v, 0)) &&
	       json_object_get(json_array_get(v, 0), "action_type") != NULL;
}

int
map_action_list(json_t *list, const char *field, struct error *e)
{
	size_t i;
	json_t *entry, *v;
	const char *k;

	if (!json_is_array(list))
		return error_set(e, EXIT_DATAERR, "field '%s': not a list of actions", field), -1;
	json_array_foreach(list, i, entry) {
		if (!json_is_object(entry) || !json_is_string(json_object_get(entry, "action_type")))
			return error_set(e, EXIT_DATAERR, "field '%s[%zu]': no action_type", field, i), -1;
		json_object_foreach(entry, k, v) {
			json_t *num;

			if (strcmp(k, "value") != 0 && !schema_is_window_key(k))
				continue;
			num = json_is_string(v) ? parse_number(json_string_value(v))
			    : json_is_number(v) ? json_incref(v) : NULL;
			if (num == NULL)
				return error_set(e, EXIT_DATAERR, "field '%s[%zu].%s': not a number", field, i,
				                 k), -1;
			/* Replacing the value of the current key keeps the iteration valid. */
			json_object_set_new(entry, k, num);
		}
	}
	return 0;
}

static int
map_insight(json_t *rec, const struct mapping *m, const char *te, json_t *out, struct error *e)
{
	static const struct { const char *id, *level; } levels[] = {
		{ "ad_id", "ad" }, { "adset_id", "adset" }, { "campaign_id", "campaign" },
		{ "account_id", "account" },
	};
	const char *level = NULL, *object = NULL, *const *name, *k;
	json_t *bd = json_object(), *v;
	struct buf key = BUF_INIT;
	size_t i;
	int ret = -1;

	normalise_account_id(rec);
	if (require_string(rec, "account_id", "insights", e) != 0 ||
	    require_string(rec, "date_start", "insights", e) != 0 ||
	    require_string(rec, "date_stop", "insights", e) != 0)
		goto out;
	/* The most specific id a row carries is its level (meta-fetch asks for them). */
	for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
		if ((object = string_field(rec, levels[i].id)) != NULL) {
			level = levels[i].level;
			break;
		}
	}
	json_object_set_new(rec, "level", json_string(level));
	json_object_set_new(rec, "object_id", json_string(object));

	for (name = breakdown_names; *name; name++) {
		if ((v = json_object_get(rec, *name)) == NULL)
			continue;
		key_part(&key, *name, v);
		json_object_set(bd, *name, v);
		json_object_del(rec, *name);
	}
	json_object_set_new(rec, "breakdown_key", json_string(buf_str(&key)));
	json_object_set(rec, "breakdowns", json_object_size(bd) ? bd : json_null());

	for (name = insight_metrics; *name; name++)
		if (json_object_get(rec, *name) == NULL)
			json_object_set_new(rec, *name, json_null());
	if (type_columns(schema_find("insights"), rec, e) != 0)
		goto out;
	for (name = extra_numeric; *name; name++)
		if (type_number(rec, *name, e) != 0)
			goto out;

	/* Action lists stay in the row, typed; unknown ones too, in extra. */
	json_object_foreach(rec, k, v)
		if ((schema_is_action_list(k) || is_action_list(v)) && !json_is_null(v) &&
		    map_action_list(v, k, e) != 0)
			goto out;
	if (m && mapping_apply(m, rec, e) != 0)
		goto out;
	json_array_append_new(out, singer_record("insights", json_incref(rec), te));
	ret = 0;
out:
	json_decref(bd);
	buf_free(&key);
	return ret;
}

json_t *
map_record_message(json_t *msg, const struct mapping *m, struct error *e)
{
	const char *stream = string_field(msg, "stream");
	const char *te = string_field(msg, "time_extracted");
	json_t *rec = json_deep_copy(json_object_get(msg, "record"));
	json_t *out = json_array();
	int rc;

	if (strcmp(stream, "insights") == 0) {
		rc = map_insight(rec, m, te, out, e);
	} else {
		if (strcmp(stream, "accounts") == 0)
			rc = map_account(rec, e);
		else if (strcmp(stream, "ig_insights") == 0)
			rc = type_columns(schema_find(stream), rec, e);
		else if (schema_find(stream))
			rc = map_entity(stream, rec, e);
		else
			rc = error_set(e, EXIT_DATAERR, "RECORD for unknown stream '%s'", stream);
		if (rc == 0)
			json_array_append_new(out, singer_record(stream, json_incref(rec), te));
	}
	json_decref(rec);
	if (rc != 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *
map_insights_schema(const struct mapping *m)
{
	json_t *msg = schema_singer_message(schema_find("insights"));
	json_t *props = json_object_get(json_object_get(msg, "schema"), "properties");
	json_t *defs = json_array();
	size_t i;

	for (i = 0; i < mapping_count(m); i++) {
		const char *name = mapping_name(m, i);
		json_object_set_new(props, name, json_pack("{s:[s,s]}", "type", "null", "number"));
		if (mapping_is_ratio(m, i))
			json_array_append_new(defs, json_pack("{s:s, s:s, s:s, s:s}", "name", name,
			                                      "kind", "ratio", "num", mapping_ratio_term(m, i, 0),
			                                      "den", mapping_ratio_term(m, i, 1)));
		else
			json_array_append_new(defs, json_pack("{s:s, s:s}", "name", name, "kind", "sum"));
	}
	json_object_set_new(msg, "x-metasync-metrics", defs);
	return msg;
}

/*
 * ---- An insights RECORD typed from its text: map_fast_line().
 *
 * The same record map_insight() makes, written as singer_write() writes
 * it, without building it in jansson: the line is scanned (jscan), its
 * fields written out one by one, typed by the rules above (parse_num(),
 * whole_num(), the tables of this file and schema.h), numbers that
 * %.15g would print as they are copied as they are.  Whatever this path
 * does not take on (an escaped key, a field map_insight() sets itself, a
 * mapping with renames, and every error) is left to map_record_message():
 * so both say the same, and only it writes messages.
 */

/* What a field of an insights record is to map_insight(). */
enum fast_class {
	F_OTHER,         /* no column: kept as it is; typed if it is a list of actions */
	F_TEXT,          /* a TEXT column: a string, or a number kept as it is */
	F_ACCOUNT,       /* account_id: a string, without "act_" */
	F_LEVEL,         /* ad_id, adset_id, campaign_id: the level's id when a string */
	F_DATE,          /* date_start, date_stop: non-empty strings */
	F_INTEGER,       /* an INTEGER column */
	F_NUMBER,        /* a REAL column, or a number without a column (extra_numeric) */
	F_ACTIONS,       /* an action-list column */
	F_BREAKDOWN,     /* a breakdown: moves into breakdowns and breakdown_key */
	F_SLOW,          /* a field map_insight() sets: map_record_message() does the line */
};

/* The levels, most specific first: the first id a row has is its level. */
static const struct { const char *id, *level; } fast_levels[] = {
	{ "ad_id", "ad" }, { "adset_id", "adset" }, { "campaign_id", "campaign" },
	{ "account_id", "account" },
};

struct fast_name {
	enum fast_class cls;
	int index;   /* breakdown_names[], insight_metrics[] or fast_levels[] index; -1 */
};

struct map_fast {
	const struct mapping *m;
	struct keytab names;       /* field name -> its index in fields[] */
	struct fast_name *fields;
	size_t nfields;
	/* The line being mapped. */
	int date_start, date_stop;     /* their fields[] indices */
	int *breakdown;                /* breakdown_names[i]'s fields[] index */
	int *metric;                   /* insight_metrics[i]'s */
	/* The line being mapped. */
	struct jscan j;
	size_t rec;                    /* the record's token */
	size_t *member;                /* fields[] index -> the field's key token, 0 when absent */
	struct mapping_value *metrics;
	struct buf tmp;
};

static void
fast_add(struct map_fast *f, const char *name, enum fast_class cls, int index)
{
	if (keytab_find(&f->names, name, strlen(name), jscan_hash(name, strlen(name))) >= 0)
		return;
	f->fields = xrealloc(f->fields, (f->nfields + 1) * sizeof *f->fields);
	f->fields[f->nfields].cls = cls;
	f->fields[f->nfields].index = index;
	keytab_add(&f->names, name, (int)f->nfields);
	f->nfields++;
}

/* The fields[] index of name, or -1. */
static int
fast_index(const struct map_fast *f, const char *name)
{
	return keytab_find(&f->names, name, strlen(name), jscan_hash(name, strlen(name)));
}

struct map_fast *
map_fast_new(const struct mapping *m)
{
	struct map_fast *f = xcalloc(1, sizeof *f);
	const struct schema_column *c;
	size_t i, t;

	f->m = m;
	/* map_insight() sets these itself: a record that has them takes the long way. */
	fast_add(f, "level", F_SLOW, -1);
	fast_add(f, "object_id", F_SLOW, -1);
	fast_add(f, "breakdown_key", F_SLOW, -1);
	fast_add(f, "breakdowns", F_SLOW, -1);
	for (i = 0; m && i < mapping_count(m); i++)
		fast_add(f, mapping_name(m, i), F_SLOW, -1);
	for (i = 0; i < sizeof fast_levels / sizeof fast_levels[0]; i++)
		fast_add(f, fast_levels[i].id, i == 3 ? F_ACCOUNT : F_LEVEL, (int)i);
	fast_add(f, "date_start", F_DATE, -1);
	fast_add(f, "date_stop", F_DATE, -1);
	for (i = 0; breakdown_names[i]; i++)
		fast_add(f, breakdown_names[i], F_BREAKDOWN, (int)i);
	for (c = schema_find("insights")->columns; c->name; c++)
		fast_add(f, c->name, c->type == SCHEMA_INTEGER ? F_INTEGER : c->type == SCHEMA_NUMBER ?
		         F_NUMBER : c->type == SCHEMA_ACTIONS ? F_ACTIONS : F_TEXT, -1);
	for (i = 0; extra_numeric[i]; i++)
		fast_add(f, extra_numeric[i], F_NUMBER, -1);
	f->date_start = fast_index(f, "date_start");
	f->date_stop = fast_index(f, "date_stop");
	for (t = 0; breakdown_names[t]; t++)
		;
	f->breakdown = xcalloc(t, sizeof *f->breakdown);
	for (i = 0; i < t; i++)
		f->breakdown[i] = fast_index(f, breakdown_names[i]);
	for (t = 0; insight_metrics[t]; t++)
		;
	f->metric = xcalloc(t, sizeof *f->metric);
	for (i = 0; i < t; i++)
		f->metric[i] = fast_index(f, insight_metrics[i]);
	f->member = xcalloc(f->nfields, sizeof *f->member);
	f->metrics = xcalloc(m ? mapping_count(m) + 1 : 1, sizeof *f->metrics);
	return f;
}

void
map_fast_free(struct map_fast **fp)
{
	struct map_fast *f = *fp;

	if (f == NULL)
		return;
	keytab_free(&f->names);
	free(f->fields);
	free(f->breakdown);
	free(f->metric);
	free(f->member);
	free(f->metrics);
	jscan_free(&f->j);
	buf_free(&f->tmp);
	free(f);
	*fp = NULL;
}

/* The field of key token k: its fields[] index, or -1 for a field without a name here. */
static int
fast_field(const struct map_fast *f, size_t k)
{
	return keytab_find(&f->names, jscan_at(&f->j, k) + 1, f->j.tok[k].len - 2,
	                   jscan_key_hash(&f->j, k));
}

/* Formats a real as jansson writes it with JSON_REAL_PRECISION(15): "%.15g", then ".0" or a short exponent. */
static void
put_real(struct buf *out, double d)
{
	char text[64], *e, *from, *to;

	snprintf(text, sizeof text, "%.15g", d);
	if ((e = strchr(text, 'e')) != NULL) {
		/* "1e+20" as "1e20", "1e-05" as "1e-5" */
		from = to = e + 1;
		if (*from == '-')
			*to++ = *from++;
		else if (*from == '+')
			from++;
		while (*from == '0')
			from++;
		memmove(to, from, strlen(from) + 1);
	} else if (strchr(text, '.') == NULL) {
		strcat(text, ".0");
	}
	buf_puts(out, text);
}

static void
put_num(struct buf *out, const struct num *v)
{
	if (v->integer)
		buf_printf(out, "%lld", v->i);
	else
		put_real(out, v->d);
}

/*
 * The n bytes at s, a JSON number or a numeric string, when they are what
 * put_num(parse_num(s)) would write: an integer of at most 18 digits
 * without a leading zero, or digits with a point and at most 15
 * significant digits (what %.15g writes back exactly) between 1e-4 and
 * 1e15, which %.15g writes without an exponent.  Those are copied, the
 * zeros ending a fraction dropped ("24.90" is 24.9, "10.00" 10.0), and 1
 * returned; 0 for anything else.
 */
static int
put_plain_number(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, intpart, point, last, first = n, sig = 0;

	if (i < n && s[i] == '-')
		i++;
	intpart = i;
	point = n;  /* none */
	for (; i < n; i++) {
		if (s[i] == '.' && point == n) {
			point = i;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return 0;
		if (s[i] != '0' && first == n)
			first = i;
	}
	if (intpart == n || (n > intpart + 1 && s[intpart] == '0' && s[intpart + 1] != '.'))
		return 0;
	if (point == n) {
		/* An integer: -0 is 0 to jansson, and 19 digits may not fit. */
		if (n - intpart > 18 || (intpart == 1 && n == 2 && s[1] == '0'))
			return 0;
		buf_append(out, s, n);
		return 1;
	}
	if (point == intpart || point == n - 1)
		return 0;
	for (last = n - 1; s[last] == '0'; last--)
		;
	if (first < n) {
		/* Significant digits from the first non-zero one to the last. */
		for (i = first; i <= last; i++)
			sig += s[i] != '.';
		if (sig > 15 || (first > point && first - point > 4) || point - intpart > 15)
			return 0;
	}
	if (last == point) {
		buf_append(out, s, point);
		buf_append(out, ".0", 2);
	} else {
		buf_append(out, s, last + 1);
	}
	return 1;
}

/* A JSON number's text (the scanner checked it) as jansson reads it: an integer, or strtod(). */
static void
token_num(const char *s, size_t n, struct num *v)
{
	char small[64], *copy = n < sizeof small ? small : xmalloc(n + 1);

	memcpy(copy, s, n);
	copy[n] = '\0';
	v->integer = !memchr(s, '.', n) && !memchr(s, 'e', n) && !memchr(s, 'E', n);
	if (v->integer)
		v->i = strtoll(copy, NULL, 10);
	else
		v->d = strtod(copy, NULL);
	if (copy != small)
		free(copy);
}

/*
 * The value of a numeric field, typed from a string (its bytes s, n) or a
 * number (s, n its text): as type_number_as() types it, integer for an
 * INTEGER column.  0, or -1 when it is not one (map_record_message() says why).
 */
static int
put_typed_number(struct buf *out, const char *s, size_t n, int integer, int from_string)
{
	struct num v;

	if (!integer && put_plain_number(out, s, n))
		return 0;
	if (integer && !memchr(s, '.', n) && !memchr(s, 'e', n) && !memchr(s, 'E', n) &&
	    put_plain_number(out, s, n))
		return 0;
	if (from_string) {
		if (parse_num(s, n, &v) != 0)
			return -1;
	} else {
		token_num(s, n, &v);
	}
	if (integer && whole_num(&v) != 0)
		return -1;
	put_num(out, &v);
	return 0;
}

/* A string token as jansson writes it: its own bytes, or unescaped and escaped again its way. */
static void
put_string(struct map_fast *f, struct buf *out, size_t t)
{
	const struct jscan_token *tok = &f->j.tok[t];
	const unsigned char *p;
	size_t n, i;

	if (!(tok->flags & JSCAN_ESCAPED)) {
		buf_append(out, jscan_at(&f->j, t), tok->len);
		return;
	}
	buf_reset(&f->tmp);
	n = jscan_string(&f->j, t, buf_space(&f->tmp, tok->len));
	p = (const unsigned char *)f->tmp.data;
	buf_append(out, "\"", 1);
	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '"': buf_append(out, "\\\"", 2); break;
		case '\\': buf_append(out, "\\\\", 2); break;
		case '\b': buf_append(out, "\\b", 2); break;
		case '\f': buf_append(out, "\\f", 2); break;
		case '\n': buf_append(out, "\\n", 2); break;
		case '\r': buf_append(out, "\\r", 2); break;
		case '\t': buf_append(out, "\\t", 2); break;
		default:
			if (p[i] < 0x20)
				buf_printf(out, "\\u%04X", p[i]);
			else
				buf_append(out, &p[i], 1);
		}
	}
	buf_append(out, "\"", 1);
}

/* Value v as jansson writes it back: compact, numbers as it reads and prints them. */
static int
put_value(struct map_fast *f, struct buf *out, size_t v)
{
	const struct jscan_token *t = &f->j.tok[v];
	size_t i;

	switch (t->type) {
	case JSCAN_STRING:
		put_string(f, out, v);
		return 0;
	case JSCAN_INTEGER:
	case JSCAN_REAL:
		return put_typed_number(out, jscan_at(&f->j, v), t->len, 0, 0);
	case JSCAN_ARRAY:
		buf_append(out, "[", 1);
		for (i = v + 1; i < t->next; i = f->j.tok[i].next) {
			if (i > v + 1)
				buf_append(out, ",", 1);
			if (put_value(f, out, i) != 0)
				return -1;
		}
		buf_append(out, "]", 1);
		return 0;
	case JSCAN_OBJECT:
		buf_append(out, "{", 1);
		for (i = v + 1; i < t->next; i = f->j.tok[i + 1].next) {
			if (i > v + 1)
				buf_append(out, ",", 1);
			put_string(f, out, i);
			buf_append(out, ":", 1);
			if (put_value(f, out, i + 1) != 0)
				return -1;
		}
		buf_append(out, "}", 1);
		return 0;
	default:
		buf_append(out, jscan_at(&f->j, v), t->len);
		return 0;
	}
}

/* The bytes of string token t, which has no escape. */
#define STRING_BYTES(f, t) (jscan_at(&(f)->j, (t)) + 1), ((f)->j.tok[(t)].len - 2)

/* Whether key token k, unescaped, is a window key or "value": a number in an action entry. */
static int
is_number_key(struct map_fast *f, size_t k)
{
	const struct jscan_token *t = &f->j.tok[k];

	if (t->len == 7 && memcmp(jscan_at(&f->j, k), "\"value\"", 7) == 0)
		return 1;
	buf_reset(&f->tmp);
	buf_append(&f->tmp, STRING_BYTES(f, k));
	return schema_is_window_key(f->tmp.data);
}

/* Whether array v is one is_action_list() types: its first entry an object with an action_type. */
static int
looks_like_actions(struct map_fast *f, size_t v)
{
	return f->j.tok[v].type == JSCAN_ARRAY && f->j.tok[v].next > v + 1 &&
	       jscan_member(&f->j, v + 1, "action_type") != 0;
}

/* An action list typed as map_action_list() types it; -1 when it is not one. */
static int
put_action_list(struct map_fast *f, struct buf *out, size_t v)
{
	size_t i, k, at;

	if (f->j.tok[v].type != JSCAN_ARRAY)
		return -1;
	buf_append(out, "[", 1);
	for (i = v + 1; i < f->j.tok[v].next; i = f->j.tok[i].next) {
		if (f->j.tok[i].type != JSCAN_OBJECT || (at = jscan_member(&f->j, i, "action_type")) == 0 ||
		    f->j.tok[at].type != JSCAN_STRING)
			return -1;
		buf_append(out, i > v + 1 ? ",{" : "{", i > v + 1 ? 2 : 1);
		for (k = i + 1; k < f->j.tok[i].next; k = f->j.tok[k + 1].next) {
			const struct jscan_token *val = &f->j.tok[k + 1];

			if (f->j.tok[k].flags & JSCAN_ESCAPED)
				return -1;
			if (k > i + 1)
				buf_append(out, ",", 1);
			buf_append(out, jscan_at(&f->j, k), f->j.tok[k].len);
			buf_append(out, ":", 1);
			if (!is_number_key(f, k)) {
				if (put_value(f, out, k + 1) != 0)
					return -1;
			} else if (val->type == JSCAN_STRING && !(val->flags & JSCAN_ESCAPED)) {
				if (put_typed_number(out, STRING_BYTES(f, k + 1), 0, 1) != 0)
					return -1;
			} else if (val->type == JSCAN_INTEGER || val->type == JSCAN_REAL) {
				if (put_value(f, out, k + 1) != 0)
					return -1;
			} else {
				return -1;
			}
		}
		buf_append(out, "}", 1);
	}
	buf_append(out, "]", 1);
	return 0;
}

/* The number of token v as the typed record holds it (from a string when typed is set). */
static void
fast_number(struct map_fast *f, size_t v, int typed, int integer, struct mapping_value *out)
{
	const struct jscan_token *t = &f->j.tok[v];
	struct num n = { 0, 0, 0 };

	memset(out, 0, sizeof *out);
	out->kind = MAPPING_OTHER;
	if (t->type == JSCAN_NULL) {
		out->kind = MAPPING_NULL;
		return;
	}
	if (t->type == JSCAN_INTEGER) {
		n.integer = 1;
		n.i = jscan_integer(&f->j, v);
	} else if (t->type == JSCAN_REAL) {
		n.integer = 0;
		n.d = jscan_real(&f->j, v);
	} else if (typed && t->type == JSCAN_STRING && !(t->flags & JSCAN_ESCAPED)) {
		if (parse_num(STRING_BYTES(f, v), &n) != 0)
			return;
	} else {
		return;
	}
	if (integer && whole_num(&n) != 0)
		return;
	out->kind = n.integer ? MAPPING_INTEGER : MAPPING_REAL;
	out->i = n.i;
	out->d = n.d;
}

/* The key token of the record's field name, which has no column; 0 when absent. */
static size_t
fast_find(const struct map_fast *f, const char *name)
{
	size_t k, n = strlen(name);

	for (k = f->rec + 1; k < f->j.tok[f->rec].next; k = f->j.tok[k + 1].next)
		if (f->j.tok[k].len == n + 2 && memcmp(jscan_at(&f->j, k) + 1, name, n) == 0)
			return k;
	return 0;
}

/* mapping_reader.field() of the typed record. */
static void
fast_read_field(void *ctx, const char *name, struct mapping_value *v)
{
	struct map_fast *f = ctx;
	int i = keytab_find(&f->names, name, strlen(name), jscan_hash(name, strlen(name)));
	size_t k;

	memset(v, 0, sizeof *v);
	v->kind = MAPPING_OTHER;
	if (i < 0) {
		/* A field without a column: kept as it is. */
		if ((k = fast_find(f, name)) == 0)
			v->kind = MAPPING_ABSENT;
		else
			fast_number(f, k + 1, 0, 0, v);
		return;
	}
	k = f->member[i];
	switch (f->fields[i].cls) {
	case F_BREAKDOWN:
		v->kind = MAPPING_ABSENT;  /* moved into breakdowns */
		return;
	case F_SLOW:
		return;
	default:
		break;
	}
	if (k == 0) {
		v->kind = MAPPING_ABSENT;
		return;
	}
	fast_number(f, k + 1, f->fields[i].cls == F_INTEGER || f->fields[i].cls == F_NUMBER,
	            f->fields[i].cls == F_INTEGER, v);
}

/* mapping_reader.entries() of the typed record. */
static int
fast_read_entries(void *ctx, const char *list, const char *type,
                  int (*each)(void *arg, size_t k, const struct mapping_value *v), void *arg)
{
	struct map_fast *f = ctx;
	int i = keytab_find(&f->names, list, strlen(list), jscan_hash(list, strlen(list)));
	size_t k, v, e, n, at, val;
	struct mapping_value value;

	if (i >= 0 && f->fields[i].cls == F_BREAKDOWN)
		return MAPPING_ABSENT;
	if ((k = i >= 0 ? f->member[i] : fast_find(f, list)) == 0)
		return i >= 0 && f->fields[i].cls == F_SLOW ? MAPPING_OTHER : MAPPING_ABSENT;
	v = k + 1;
	if (f->j.tok[v].type == JSCAN_NULL && (i < 0 || f->fields[i].cls != F_SLOW))
		return MAPPING_NULL;
	/* Only a list this path typed: its entries are typed actions. */
	if (i >= 0 && f->fields[i].cls == F_SLOW)
		return MAPPING_OTHER;
	if (f->j.tok[v].type != JSCAN_ARRAY ||
	    !(i >= 0 ? f->fields[i].cls == F_ACTIONS || (f->fields[i].cls == F_OTHER &&
	                                                 looks_like_actions(f, v))
	             : looks_like_actions(f, v)))
		return MAPPING_OTHER;
	for (e = v + 1, n = 0; e < f->j.tok[v].next; e = f->j.tok[e].next, n++) {
		at = jscan_member(&f->j, e, "action_type");
		if (!jscan_string_is(&f->j, at, type, strlen(type)))
			continue;
		memset(&value, 0, sizeof value);
		if ((val = jscan_member(&f->j, e, "value")) == 0)
			value.kind = MAPPING_ABSENT;
		else
			fast_number(f, val, 1, 0, &value);
		if (each(arg, n, &value) != 0)
			return -1;
	}
	return MAPPING_LIST;
}

int
map_fast_line(struct map_fast *f, const char *line, size_t len, struct buf *out)
{
	struct jscan *j = &f->j;
	size_t rec, te, type, stream, k, i, level_key = 0, account_key = 0, start = out->len;
	const char *account = NULL;
	size_t account_len = 0;
	int first = 1, field, nbreakdowns = 0;
	struct error e;

	if (f->m && mapping_renames(f->m) > 0)
		return 0;
	if (jscan_parse(j, line, len) != 0 || j->tok[0].type != JSCAN_OBJECT ||
	    (type = jscan_member(j, 0, "type")) == 0 || !jscan_string_is(j, type, "RECORD", 6) ||
	    (stream = jscan_member(j, 0, "stream")) == 0 || !jscan_string_is(j, stream, "insights", 8) ||
	    (rec = jscan_member(j, 0, "record")) == 0 || j->tok[rec].type != JSCAN_OBJECT)
		return 0;
	te = jscan_member(j, 0, "time_extracted");
	f->rec = rec;
	memset(f->member, 0, f->nfields * sizeof *f->member);
	for (k = rec + 1; k < j->tok[rec].next; k = j->tok[k + 1].next) {
		if (j->tok[k].flags & JSCAN_ESCAPED)
			return 0;
		if ((field = fast_field(f, k)) >= 0)
			f->member[field] = k;
	}

	buf_puts(out, "{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{");
	for (k = rec + 1; k < j->tok[rec].next; k = j->tok[k + 1].next) {
		size_t v = k + 1;
		const struct jscan_token *t = &j->tok[v];
		enum fast_class cls = F_OTHER;

		if ((field = fast_field(f, k)) >= 0)
			cls = f->fields[field].cls;
		if (cls == F_BREAKDOWN) {
			if (t->type != JSCAN_STRING || (t->flags & JSCAN_ESCAPED))
				goto slow;
			nbreakdowns++;
			continue;
		}
		if (!first)
			buf_append(out, ",", 1);
		first = 0;
		buf_append(out, jscan_at(j, k), j->tok[k].len);
		buf_append(out, ":", 1);
		switch (cls) {
		case F_SLOW:
			goto slow;
		case F_ACCOUNT:
			/* Account ids are kept as Graph writes account_id: digits, no "act_". */
			if (t->type != JSCAN_STRING || (t->flags & JSCAN_ESCAPED))
				goto slow;
			account = jscan_at(j, v) + 1;
			account_len = t->len - 2;
			if (account_len >= 4 && memcmp(account, "act_", 4) == 0)
				account += 4, account_len -= 4;
			if (account_len == 0)
				goto slow;
			buf_append(out, "\"", 1);
			buf_append(out, account, account_len);
			buf_append(out, "\"", 1);
			account_key = k;
			break;
		case F_DATE:
			if (t->type != JSCAN_STRING || t->len == 2)
				goto slow;
			put_string(f, out, v);
			break;
		case F_LEVEL:
			if (t->type == JSCAN_STRING && (level_key == 0 ||
			    f->fields[field].index < f->fields[fast_field(f, level_key)].index))
				level_key = k;
			/* fall through */
		case F_TEXT:
			/* A number where Meta writes a string is its string; an object or a list is bad data. */
			if (t->type != JSCAN_STRING && t->type != JSCAN_NULL && t->type != JSCAN_INTEGER &&
			    t->type != JSCAN_REAL)
				goto slow;
			if (put_value(f, out, v) != 0)
				goto slow;
			break;
		case F_INTEGER:
		case F_NUMBER:
			if (t->type == JSCAN_NULL)
				buf_append(out, "null", 4);
			else if (t->type == JSCAN_STRING && !(t->flags & JSCAN_ESCAPED)) {
				if (put_typed_number(out, STRING_BYTES(f, v), cls == F_INTEGER, 1) != 0)
					goto slow;
			} else if (t->type == JSCAN_INTEGER || t->type == JSCAN_REAL) {
				if (put_typed_number(out, jscan_at(j, v), t->len, cls == F_INTEGER, 0) != 0)
					goto slow;
			} else {
				goto slow;
			}
			break;
		case F_ACTIONS:
			if (t->type == JSCAN_NULL)
				buf_append(out, "null", 4);
			else if (put_action_list(f, out, v) != 0)
				goto slow;
			break;
		default:
			if (looks_like_actions(f, v)) {
				if (put_action_list(f, out, v) != 0)
					goto slow;
			} else if (put_value(f, out, v) != 0) {
				goto slow;
			}
		}
	}
	/* The keys map_insight() checks, and the level from the most specific id. */
	if (account_key == 0 || f->member[f->date_start] == 0 || f->member[f->date_stop] == 0)
		goto slow;
	if (level_key == 0) {
		buf_puts(out, ",\"level\":\"account\",\"object_id\":\"");
		buf_append(out, account, account_len);
		buf_append(out, "\"", 1);
	} else {
		buf_printf(out, ",\"level\":\"%s\",\"object_id\":",
		           fast_levels[f->fields[fast_field(f, level_key)].index].level);
		put_string(f, out, level_key + 1);
	}
	/* The breakdowns, by name: breakdown_key of their values, and the object of them. */
	buf_puts(out, ",\"breakdown_key\":\"");
	for (i = 0, first = 1; nbreakdowns && breakdown_names[i]; i++) {
		if ((k = f->member[f->breakdown[i]]) == 0)
			continue;
		buf_printf(out, "%s%s=", first ? "" : "|", breakdown_names[i]);
		buf_append(out, STRING_BYTES(f, k + 1));
		first = 0;
	}
	buf_puts(out, "\",\"breakdowns\":");
	if (nbreakdowns == 0)
		buf_puts(out, "null");
	for (i = 0, first = 1; nbreakdowns && breakdown_names[i]; i++) {
		if ((k = f->member[f->breakdown[i]]) == 0)
			continue;
		buf_printf(out, "%s\"%s\":", first ? "{" : ",", breakdown_names[i]);
		buf_append(out, jscan_at(j, k + 1), j->tok[k + 1].len);
		first = 0;
	}
	if (nbreakdowns)
		buf_append(out, "}", 1);
	/* The metrics the row lacks are null, not 0. */
	for (i = 0; insight_metrics[i]; i++)
		if (f->member[f->metric[i]] == 0)
			buf_printf(out, ",\"%s\":null", insight_metrics[i]);
	if (f->m && mapping_count(f->m) > 0) {
		struct mapping_reader r = { f, fast_read_field, fast_read_entries };

		if (mapping_eval(f->m, &r, f->metrics, &e) != 0)
			goto slow;
		for (i = 0; i < mapping_count(f->m); i++) {
			buf_printf(out, ",\"%s\":", mapping_name(f->m, i));
			if (f->metrics[i].kind == MAPPING_INTEGER)
				buf_printf(out, "%lld", (long long)f->metrics[i].i);
			else if (f->metrics[i].kind == MAPPING_REAL)
				put_real(out, f->metrics[i].d);
			else
				buf_puts(out, "null");
		}
	}
	buf_append(out, "}", 1);
	if (te && j->tok[te].type == JSCAN_STRING) {
		buf_puts(out, ",\"time_extracted\":");
		put_string(f, out, te);
	}
	buf_append(out, "}\n", 2);
	return 1;
slow:
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	return 0;
}

/* Streams whose SCHEMA this run has written, as a JSON object used as a set. */
static int
emit_schema(FILE *out, json_t *written, const char *stream, const struct mapping *mp)
{
	const struct schema_table *t = schema_find(stream);
	json_t *m;
	int rc;

	if (t == NULL || json_object_get(written, stream))
		return 0;
	json_object_set_new(written, stream, json_true());
	m = strcmp(stream, "insights") == 0 ? map_insights_schema(mp) : schema_singer_message(t);
	rc = singer_write(out, m);
	json_decref(m);
	return rc;
}

/* Reports a rejected line and keeps it in rejects; -1 with e set when it cannot be kept. */
static int
reject(FILE *rejects, const struct singer_reader *r, const struct error *le, struct map_stats *st,
       struct error *e)
{
	log_error("%s", le->msg);
	st->rejected++;
	if (rejects && singer_copy_line(rejects, r) != 0)
		return error_set(e, EXIT_OTHER, "line %ld: cannot write the rejects file: %s", r->lineno,
		                 strerror(errno)), -1;
	return 0;
}

int
map_stream(FILE *in, FILE *out, const struct map_options *o, struct map_stats *st,
           struct error *e)
{
	struct singer_reader r;
	struct error le;
	struct map_fast *fast = map_fast_new(o->mapping);
	struct buf line = BUF_INIT;
	json_t *written = json_object(), *msg = NULL, *outs;
	const char *stream;
	int rc, ret = 0;
	size_t i;

	memset(st, 0, sizeof *st);
	singer_reader_init(&r, in);
	while ((rc = singer_next_line(&r, &le)) == 1) {
		int wrc = 0, bad;

		st->lines = r.lineno;
		/* An insights RECORD from its text; anything else through jansson. */
		buf_reset(&line);
		if (map_fast_line(fast, r.line, (size_t)r.len, &line)) {
			st->records_in++;
			if (emit_schema(out, written, "insights", o->mapping) != 0 ||
			    fwrite(line.data, 1, line.len, out) != line.len) {
				ret = error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
				goto out;
			}
			st->records_out++;
			continue;
		}
		msg = singer_parse_line(&r, &le);
		bad = msg == NULL;
		stream = msg ? json_string_value(json_object_get(msg, "stream")) : NULL;
		switch (msg ? singer_type_of(msg) : SINGER_OTHER) {
		case SINGER_SCHEMA:
			if (schema_find(stream)) {
				wrc = emit_schema(out, written, stream, o->mapping);
				break;
			}
			error_set(&le, EXIT_DATAERR, "line %ld: SCHEMA for unknown stream '%s'", r.lineno,
			          stream);
			bad = 1;
			break;
		case SINGER_RECORD:
			st->records_in++;
			if ((outs = map_record_message(msg, o->mapping, &le)) == NULL) {
				error_prefix(&le, "line %ld", r.lineno);
				bad = 1;
				break;
			}
			wrc = emit_schema(out, written, stream, o->mapping);
			for (i = 0; wrc == 0 && i < json_array_size(outs); i++) {
				wrc = singer_write(out, json_array_get(outs, i));
				st->records_out++;
			}
			json_decref(outs);
			break;
		case SINGER_STATE:
			/*
			 * Downstream saves a STATE as "everything before me is in": after
			 * a rejected line that would be a lie, so the state stays here.
			 */
			if (st->rejected) {
				log_warn("line %ld: state held back: %ld earlier line%s rejected", r.lineno,
				         st->rejected, st->rejected == 1 ? " was" : "s were");
				break;
			}
			st->states++;
			/* Downstream commits on STATE: everything before it must be out first. */
			wrc = singer_write(out, msg);
			if (wrc == 0)
				wrc = fflush(out);
			break;
		default:
			if (msg) {
				error_set(&le, EXIT_DATAERR, "line %ld: unknown message type '%s'", r.lineno,
				          json_string_value(json_object_get(msg, "type")));
				bad = 1;
			}
		}
		json_decref(msg);
		msg = NULL;
		if (wrc != 0) {
			ret = error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
			goto out;
		}
		if (bad) {
			if (reject(o->rejects, &r, &le, st, e) != 0) {
				ret = e->status;
				goto out;
			}
			if (o->strict) {
				ret = error_set(e, EXIT_DATAERR, "line %ld: stopped at the first bad line "
				                "(--strict)", r.lineno);
				goto out;
			}
		}
	}
	if (rc < 0) {
		*e = le;
		ret = e->status;
		goto out;
	}
	if (fflush(out) != 0 || ferror(out)) {
		ret = error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
		goto out;
	}
	if (st->rejected)
		ret = error_set(e, EXIT_DATAERR, "%ld of %ld lines rejected", st->rejected, r.lineno);
out:
	json_decref(written);
	map_fast_free(&fast);
	buf_free(&line);
	singer_reader_free(&r);
	return ret;
}
