#include <string.h>

#include "schema.h"

#define T SCHEMA_TEXT
#define I SCHEMA_INTEGER
#define N SCHEMA_NUMBER
#define J SCHEMA_JSON
#define L SCHEMA_ACTIONS

static const struct schema_column account_cols[] = {
	{ "account_id", T }, { "id", T }, { "name", T }, { "currency", T },
	{ "timezone_name", T }, { "timezone_offset_hours_utc", N }, { "account_status", I },
	{ "amount_spent", I }, { "spend_cap", I }, { "business_name", T }, { "created_time", T },
	/* Version 5: the account audit (see store_sqlite.c's accounts_v5). */
	{ "disable_reason", I }, { "business_id", T }, { "attribution_spec", J },
	{ "attribution_setting", T },
	{ NULL, T },
};
static const char *const account_key[] = { "account_id", NULL };

static const struct schema_column campaign_cols[] = {
	{ "id", T }, { "account_id", T }, { "name", T }, { "objective", T }, { "status", T },
	{ "configured_status", T }, { "effective_status", T }, { "buying_type", T },
	{ "bid_strategy", T }, { "daily_budget", I }, { "lifetime_budget", I },
	{ "budget_remaining", I }, { "spend_cap", I }, { "created_time", T },
	{ "updated_time", T }, { "start_time", T }, { "stop_time", T },
	{ NULL, T },
};
static const char *const id_key[] = { "id", NULL };

static const struct schema_column adset_cols[] = {
	{ "id", T }, { "campaign_id", T }, { "account_id", T }, { "name", T }, { "status", T },
	{ "configured_status", T }, { "effective_status", T }, { "optimization_goal", T },
	{ "billing_event", T }, { "bid_strategy", T }, { "bid_amount", I }, { "daily_budget", I },
	{ "lifetime_budget", I }, { "budget_remaining", I }, { "created_time", T },
	{ "updated_time", T }, { "start_time", T }, { "end_time", T },
	{ NULL, T },
};

static const struct schema_column ad_cols[] = {
	{ "id", T }, { "adset_id", T }, { "campaign_id", T }, { "account_id", T }, { "name", T },
	{ "status", T }, { "configured_status", T }, { "effective_status", T },
	{ "creative_id", T }, { "created_time", T }, { "updated_time", T },
	{ NULL, T },
};

static const struct schema_column insight_cols[] = {
	{ "level", T }, { "object_id", T }, { "account_id", T }, { "campaign_id", T },
	{ "adset_id", T }, { "ad_id", T }, { "date_start", T }, { "date_stop", T },
	{ "breakdown_key", T }, { "breakdowns", J }, { "account_name", T },
	{ "campaign_name", T }, { "adset_name", T }, { "ad_name", T },
	{ "account_currency", T }, { "objective", T }, { "spend", N }, { "impressions", I },
	{ "clicks", I }, { "reach", I }, { "frequency", N }, { "cpc", N }, { "cpm", N },
	{ "cpp", N }, { "ctr", N }, { "inline_link_clicks", I }, { "unique_clicks", I },
	{ "attribution_setting", T }, { "optimization_goal", T }, { "buying_type", T },
	/* The action lists Meta serves on insights rows, one column each. */
	{ "actions", L }, { "action_values", L }, { "conversions", L }, { "conversion_values", L },
	{ "cost_per_action_type", L }, { "cost_per_conversion", L }, { "cost_per_unique_action_type", L },
	{ "unique_actions", L }, { "outbound_clicks", L }, { "unique_outbound_clicks", L },
	{ "outbound_clicks_ctr", L }, { "cost_per_outbound_click", L }, { "purchase_roas", L },
	{ "website_purchase_roas", L }, { "mobile_app_purchase_roas", L },
	{ "video_play_actions", L }, { "video_thruplay_watched_actions", L },
	{ "video_30_sec_watched_actions", L }, { "video_p25_watched_actions", L },
	{ "video_p50_watched_actions", L }, { "video_p75_watched_actions", L },
	{ "video_p95_watched_actions", L }, { "video_p100_watched_actions", L },
	{ "video_avg_time_watched_actions", L },
	{ NULL, T },
};
static const char *const insight_key[] = {
	"level", "object_id", "date_start", "date_stop", "breakdown_key", NULL,
};

static const struct schema_column ig_cols[] = {
	{ "ig_user_id", T }, { "date", T }, { "metric", T }, { "breakdown_key", T },
	{ "value", I }, { "period", T },
	{ NULL, T },
};
static const char *const ig_key[] = { "ig_user_id", "date", "metric", "breakdown_key", NULL };

static const struct schema_table tables[] = {
	{ "accounts", account_cols, account_key },
	{ "campaigns", campaign_cols, id_key },
	{ "adsets", adset_cols, id_key },
	{ "ads", ad_cols, id_key },
	{ "insights", insight_cols, insight_key },
	{ "ig_insights", ig_cols, ig_key },
	{ NULL, NULL, NULL },
};

const struct schema_table *
schema_tables(void)
{
	return tables;
}

const struct schema_table *
schema_find(const char *stream)
{
	const struct schema_table *t;

	for (t = tables; t->stream; t++)
		if (strcmp(t->stream, stream) == 0)
			return t;
	return NULL;
}

const struct schema_column *
schema_column(const struct schema_table *t, const char *name)
{
	const struct schema_column *c;

	for (c = t->columns; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
schema_is_key(const struct schema_table *t, const char *name)
{
	const char *const *k;

	for (k = t->key; *k; k++)
		if (strcmp(*k, name) == 0)
			return 1;
	return 0;
}

const char *const *
schema_reserved_names(void)
{
	static const char *names[sizeof insight_cols / sizeof insight_cols[0] + 2];
	size_t i;

	/* Filled once, from the one table; the result never changes. */
	if (names[0] == NULL) {
		for (i = 0; insight_cols[i].name; i++)
			names[i] = insight_cols[i].name;
		names[i++] = "extra";
		names[i] = "synced_at";
	}
	return names;
}

int
schema_valid_name(const char *name)
{
	const char *p = name;

	if (*p < 'a' || *p > 'z')
		return 0;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return p - name <= 63;
}

int
schema_is_action_list(const char *name)
{
	const struct schema_column *c = schema_column(schema_find("insights"), name);

	return c && c->type == SCHEMA_ACTIONS;
}

int
schema_is_window_key(const char *k)
{
	return (k[0] >= '0' && k[0] <= '9') || strcmp(k, "dda") == 0 || strcmp(k, "inline") == 0 ||
	       strcmp(k, "default") == 0 || strncmp(k, "skan_", 5) == 0;
}

/* The JSON Schema of an action list: objects with a string action_type and number values. */
static json_t *
action_list_schema(void)
{
	return json_pack("{s:[s,s], s:{s:s, s:{s:{s:s}, s:{s:[s,s]}}, s:[s], s:{s:[s,s,s,s]}}}",
	                 "type", "null", "array",
	                 "items", "type", "object",
	                 "properties", "action_type", "type", "string",
	                 "value", "type", "null", "number",
	                 "required", "action_type",
	                 "additionalProperties", "type", "null", "number", "string", "boolean");
}

json_t *
schema_singer_message(const struct schema_table *t)
{
	static const char *const names[] = { "string", "integer", "number", "object", "array" };
	json_t *props = json_object(), *keys = json_array();
	const struct schema_column *c;
	const char *const *k;

	for (c = t->columns; c->name; c++) {
		const char *type = names[c->type];
		json_t *prop = schema_is_key(t, c->name)
			? json_pack("{s:s}", "type", type)
			: json_pack("{s:[s,s]}", "type", "null", type);
		if (c->type == SCHEMA_JSON && !schema_is_key(t, c->name))
			json_object_set_new(prop, "type", json_pack("[s,s,s]", "null", "object", "array"));
		if (c->type == SCHEMA_ACTIONS) {
			json_decref(prop);
			prop = action_list_schema();
		}
		json_object_set_new(props, c->name, prop);
	}
	for (k = t->key; *k; k++)
		json_array_append_new(keys, json_string(*k));
	return json_pack("{s:s, s:s, s:{s:s, s:o, s:b}, s:o}",
	                 "type", "SCHEMA", "stream", t->stream,
	                 "schema", "type", "object", "properties", props,
	                 "additionalProperties", 1,
	                 "key_properties", keys);
}
