#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fetch.h"
#include "query.h"
#include "util.h"

/*
 * An ad account's settings, for the audit as much as for the hierarchy:
 * business (id and name), disable_reason, and attribution_spec, the
 * account's default attribution (see map_attribution_setting()).
 */
#define ACCOUNT_FIELDS \
	"id,account_id,name,currency,timezone_name,timezone_offset_hours_utc," \
	"account_status,disable_reason,amount_spent,spend_cap,business,business_name," \
	"attribution_spec,created_time"

static const struct {
	const char *name;   /* command-line word */
	const char *stream; /* Singer stream */
	const char *edge;   /* Graph edge under the account; NULL for the node */
	const char *fields; /* default fields */
} kinds[] = {
	[FETCH_ACCOUNT] = { "account", "accounts", NULL, ACCOUNT_FIELDS },
	[FETCH_CAMPAIGNS] = { "campaigns", "campaigns", "campaigns",
		"id,account_id,name,objective,status,configured_status,effective_status,"
		"buying_type,bid_strategy,daily_budget,lifetime_budget,budget_remaining,spend_cap,"
		"special_ad_categories,created_time,updated_time,start_time,stop_time" },
	[FETCH_ADSETS] = { "adsets", "adsets", "adsets",
		"id,account_id,campaign_id,name,status,configured_status,effective_status,"
		"optimization_goal,billing_event,bid_strategy,bid_amount,daily_budget,"
		"lifetime_budget,budget_remaining,created_time,updated_time,start_time,end_time" },
	[FETCH_ADS] = { "ads", "ads", "ads",
		"id,account_id,campaign_id,adset_id,name,status,configured_status,"
		"effective_status,creative,created_time,updated_time" },
	[FETCH_INSIGHTS] = { "insights", "insights", "insights",
		"spend,impressions,clicks,reach,frequency,cpc,cpm,ctr,inline_link_clicks,"
		"unique_clicks,actions,action_values,conversions,conversion_values,"
		"account_currency,objective,attribution_setting" },
	[FETCH_ADACCOUNTS] = { "adaccounts", "accounts", "adaccounts", ACCOUNT_FIELDS },
};

/* Ids and names an insights row needs at each level, so its key is complete. */
static const char *const level_fields[][2] = {
	{ "account", "account_id,account_name" },
	{ "campaign", "account_id,account_name,campaign_id,campaign_name" },
	{ "adset", "account_id,account_name,campaign_id,campaign_name,adset_id,adset_name" },
	{ "ad", "account_id,account_name,campaign_id,campaign_name,adset_id,adset_name,ad_id,ad_name" },
};

/* Every effective_status an object can have except DELETED, which edges refuse. */
static const char *const all_statuses =
	"[\"ACTIVE\",\"PAUSED\",\"ARCHIVED\",\"IN_PROCESS\",\"WITH_ISSUES\",\"CAMPAIGN_PAUSED\","
	"\"ADSET_PAUSED\",\"DISAPPROVED\",\"PENDING_REVIEW\",\"PREAPPROVED\","
	"\"PENDING_BILLING_INFO\"]";

/* Insights filter on every status, DELETED included (insights accept it, edges do not). */
static const char *const every_status[] = {
	"ACTIVE", "PAUSED", "DELETED", "ARCHIVED", "IN_PROCESS", "WITH_ISSUES", "CAMPAIGN_PAUSED",
	"ADSET_PAUSED", "DISAPPROVED", "PENDING_REVIEW", "PREAPPROVED", "PENDING_BILLING_INFO", NULL,
};

static const char *const date_presets[] = {
	"today", "yesterday", "this_month", "last_month", "this_quarter", "maximum",
	"data_maximum", "last_3d", "last_7d", "last_14d", "last_28d", "last_30d", "last_90d",
	"last_week_mon_sun", "last_week_sun_sat", "last_quarter", "last_year",
	"this_week_mon_today", "this_week_sun_today", "this_year", NULL,
};

int
query_kind_parse(const char *name, enum fetch_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0) {
			*kind = (enum fetch_kind)i;
			return 0;
		}
	return -1;
}

int
query_account_id(const char *given, char *out, size_t size, struct error *e)
{
	const char *digits = strncmp(given, "act_", 4) == 0 ? given + 4 : given;
	const char *p;

	for (p = digits; *p; p++)
		if (!isdigit((unsigned char)*p))
			break;
	if (*digits == '\0' || *p != '\0' || strlen(digits) > 32)
		return error_set(e, EXIT_USAGE, "account '%s': not an ad account id "
		                 "(act_ followed by digits)", given);
	snprintf(out, size, "act_%s", digits);
	return 0;
}

static int
valid_increment(const char *s)
{
	char *end;
	long n;

	if (strcmp(s, "monthly") == 0 || strcmp(s, "all_days") == 0)
		return 1;
	errno = 0;
	n = strtol(s, &end, 10);
	return *s && *end == '\0' && errno == 0 && n >= 1 && n <= 90;
}

static int
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int
query_check(const struct fetch_options *o, struct error *e)
{
	char id[64];
	long since, until;
	size_t i;

	if (o->kind == FETCH_ADACCOUNTS) {
		const char *given = o->naccounts ? "-a" : o->since ? "--since" : o->date_preset
		                  ? "--date-preset" : o->level ? "--level" : o->time_increment
		                  ? "--time-increment" : o->breakdowns ? "--breakdowns"
		                  : o->action_breakdowns ? "--action-breakdowns" : o->async ? "--async"
		                  : o->chunk_days ? "--chunk-days" : NULL;
		if (given)
			return error_set(e, EXIT_USAGE, "%s does not apply to adaccounts (the accounts the "
			                 "token reaches)", given);
		return 0;
	}
	if (o->naccounts == 0)
		return error_set(e, EXIT_USAGE, "no ad account: give -a act_<id>");
	for (i = 0; i < o->naccounts; i++)
		if (query_account_id(o->accounts[i], id, sizeof id, e) != 0)
			return EXIT_USAGE;
	if ((o->since == NULL) != (o->until == NULL))
		return error_set(e, EXIT_USAGE, "--since and --until go together");
	if (o->since && o->date_preset)
		return error_set(e, EXIT_USAGE, "--date-preset cannot be combined with --since/--until");
	if (o->since && date_parse(o->since, &since) != 0)
		return error_set(e, EXIT_USAGE, "--since '%s': not a date (YYYY-MM-DD)", o->since);
	if (o->until && date_parse(o->until, &until) != 0)
		return error_set(e, EXIT_USAGE, "--until '%s': not a date (YYYY-MM-DD)", o->until);
	if (o->since && since > until)
		return error_set(e, EXIT_USAGE, "--since %s is after --until %s", o->since, o->until);
	if (o->date_preset && !in_list(date_presets, o->date_preset))
		return error_set(e, EXIT_USAGE, "--date-preset '%s': unknown preset", o->date_preset);
	if (o->level && !query_level_valid(o->level))
		return error_set(e, EXIT_USAGE, "--level '%s': expected account, campaign, adset or ad",
		                 o->level);
	if (o->time_increment && !valid_increment(o->time_increment))
		return error_set(e, EXIT_USAGE, "--time-increment '%s': expected 1 to 90, monthly "
		                 "or all_days", o->time_increment);
	if (o->limit < 0)
		return error_set(e, EXIT_USAGE, "--limit: must be positive");
	if ((o->async || o->chunk_days) && o->kind != FETCH_INSIGHTS)
		return error_set(e, EXIT_USAGE, "%s applies to insights only",
		                 o->async ? "--async" : "--chunk-days");
	if (o->kind != FETCH_INSIGHTS) {
		const char *given = o->since ? "--since" : o->date_preset ? "--date-preset"
		                  : o->level ? "--level" : o->time_increment ? "--time-increment"
		                  : o->breakdowns ? "--breakdowns"
		                  : o->action_breakdowns ? "--action-breakdowns" : NULL;
		if (given)
			return error_set(e, EXIT_USAGE, "%s applies to insights only", given);
	}
	if (o->include_archived && (o->kind == FETCH_ACCOUNT || o->kind == FETCH_INSIGHTS))
		return error_set(e, EXIT_USAGE, "--include-archived applies to campaigns, adsets and ads");
	if (o->include_archived && o->exclude_archived)
		return error_set(e, EXIT_USAGE, "--include-archived and --exclude-archived contradict "
		                 "each other");
	if (o->exclude_archived && o->kind == FETCH_ACCOUNT)
		return error_set(e, EXIT_USAGE, "--exclude-archived applies to campaigns, adsets, ads "
		                 "and insights");
	return 0;
}

/* "a,b" -> ["a","b"] as Meta's SDKs send list parameters. */
static json_t *
comma_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, ",");
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return a;
}

static char *
insight_fields(const struct fetch_options *o)
{
	const char *level = o->level ? o->level : "ad";
	const char *ids = level_fields[3][1];
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(level_fields[i][0], level) == 0)
			ids = level_fields[i][1];
	return xasprintf("%s,%s", ids, o->fields ? o->fields : kinds[FETCH_INSIGHTS].fields);
}

json_t *
query_params(const struct fetch_options *o)
{
	json_t *p = json_object();
	long limit = o->limit ? o->limit : FETCH_DEFAULT_LIMIT;

	if (o->kind == FETCH_INSIGHTS) {
		char *fields = insight_fields(o);
		json_object_set_new(p, "level", json_string(o->level ? o->level : "ad"));
		json_object_set_new(p, "fields", json_string(fields));
		free(fields);
		if (o->since)
			json_object_set_new(p, "time_range",
			                    json_pack("{s:s, s:s}", "since", o->since, "until", o->until));
		else
			json_object_set_new(p, "date_preset",
			                    json_string(o->date_preset ? o->date_preset : "last_30d"));
		json_object_set_new(p, "time_increment",
		                    json_string(o->time_increment ? o->time_increment : "1"));
		if (o->breakdowns)
			json_object_set_new(p, "breakdowns", comma_list(o->breakdowns));
		json_object_set_new(p, "action_breakdowns",
		                    comma_list(o->action_breakdowns ? o->action_breakdowns : "action_type"));
		/* Ads Manager's totals: deleted and archived objects' spend counts. */
		if (!o->exclude_archived)
			json_object_set_new(p, "filtering", query_status_filter(o->level ? o->level : "ad"));
	} else {
		json_object_set_new(p, "fields", json_string(o->fields ? o->fields : kinds[o->kind].fields));
		/* Archived objects by default (--include-archived is now the default). */
		if (!o->exclude_archived && o->kind != FETCH_ACCOUNT && o->kind != FETCH_ADACCOUNTS)
			json_object_set_new(p, "effective_status", query_all_statuses());
	}
	if (o->kind != FETCH_ACCOUNT)
		json_object_set_new(p, "limit", json_integer(limit));
	return p;
}

/* Loose schema: meta-fetch passes Graph objects through as they came. */
json_t *
query_schema(const char *stream)
{
	json_t *kp = json_array();

	if (strcmp(stream, "insights") != 0)
		json_array_append_new(kp, json_string("id"));
	return json_pack("{s:s, s:s, s:{s:s, s:b}, s:o}", "type", "SCHEMA", "stream", stream,
	                 "schema", "type", "object", "additionalProperties", 1,
	                 "key_properties", kp);
}

const char *
query_stream(enum fetch_kind kind)
{
	return kinds[kind].stream;
}

const char *
query_edge(enum fetch_kind kind)
{
	return kinds[kind].edge;
}

int
query_level_valid(const char *level)
{
	size_t i;

	for (i = 0; i < sizeof level_fields / sizeof level_fields[0]; i++)
		if (strcmp(level_fields[i][0], level) == 0)
			return 1;
	return 0;
}

json_t *
query_all_statuses(void)
{
	json_error_t jerr;

	return json_loads(all_statuses, 0, &jerr);
}

json_t *
query_status_filter(const char *level)
{
	json_t *statuses = json_array();
	char *field = xasprintf("%s.effective_status",
	                        level && strcmp(level, "account") != 0 ? level : "ad");
	json_t *f;
	size_t i;

	for (i = 0; every_status[i]; i++)
		json_array_append_new(statuses, json_string(every_status[i]));
	f = json_pack("[{s:s, s:s, s:o}]", "field", field, "operator", "IN", "value", statuses);
	free(field);
	return f;
}
