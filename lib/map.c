#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
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

/*
 * Strict number parsing: what Graph writes ("12", "-3", "14.35", "1e3"),
 * nothing locale-dependent ("12,5"), no hex, inf or nan.
 * Returns a new reference or NULL.
 */
static json_t *
parse_number(const char *s)
{
	const char *p = s;
	char *end;
	int is_int = 1;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return NULL;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			continue;
		if (*p == '.' || *p == 'e' || *p == 'E' || *p == '-' || *p == '+')
			is_int = 0;
		else
			return NULL;
	}
	errno = 0;
	if (is_int) {
		long long v = strtoll(s, &end, 10);
		if (*end == '\0' && errno == 0)
			return json_integer(v);
		errno = 0;
	}
	{
		double d = strtod(s, &end);
		if (*end != '\0' || errno == ERANGE || !isfinite(d))
			return NULL;
		return json_real(d);
	}
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
		double d = json_real_value(n);
		json_decref(n);
		n = (d == (double)(long long)d && fabs(d) < 9e15) ? json_integer((long long)d) : NULL;
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

static int
map_account(json_t *rec, struct error *e)
{
	const char *id = string_field(rec, "id");

	if (string_field(rec, "account_id") == NULL && id)
		json_object_set_new(rec, "account_id", json_string(id));
	normalise_account_id(rec);
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
	json_t *written = json_object(), *msg = NULL, *outs;
	const char *stream;
	int rc, ret = 0;
	size_t i;

	memset(st, 0, sizeof *st);
	singer_reader_init(&r, in);
	while ((rc = singer_read(&r, &msg, &le)) == 1) {
		int wrc = 0, bad = msg == NULL;

		st->lines = r.lineno;
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
	singer_reader_free(&r);
	return ret;
}
