/* The pure parts of the account audit: attribution strings, status names, the status filter. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fetch.h"
#include "map.h"
#include "query.h"
#include "tap.h"

static void
setting_is(const char *spec, const char *want)
{
	json_error_t jerr;
	json_t *j = spec ? json_loads(spec, 0, &jerr) : NULL;
	char out[128];

	map_attribution_setting(j, out, sizeof out);
	is_str(out, want, "attribution_spec %s -> '%s'", spec ? spec : "(none)", want);
	json_decref(j);
}

static void
account_mapped(void)
{
	json_error_t jerr;
	json_t *msg = json_loads("{\"type\":\"RECORD\",\"stream\":\"accounts\",\"record\":{"
	                         "\"id\":\"act_42\",\"business\":{\"id\":\"77\",\"name\":\"B\"},"
	                         "\"disable_reason\":\"0\",\"attribution_spec\":[{\"event_type\":"
	                         "\"CLICK_THROUGH\",\"window_days\":1}]}}", 0, &jerr);
	struct error e = { 0 };
	json_t *out = map_record_message(msg, NULL, &e);
	json_t *r = json_object_get(json_array_get(out, 0), "record");

	ok(out != NULL, "an account with the audit fields maps");
	is_str(json_string_value(json_object_get(r, "business_id")), "77", "business.id -> business_id");
	is_str(json_string_value(json_object_get(r, "business_name")), "B", "business.name -> business_name");
	ok(json_object_get(r, "business") == NULL, "the business object is not kept twice");
	is_str(json_string_value(json_object_get(r, "attribution_setting")), "1d_click",
	       "attribution_spec -> attribution_setting");
	is_int(json_integer_value(json_object_get(r, "disable_reason")), 0, "disable_reason typed");
	json_decref(out);
	json_decref(msg);
}

static void
status_filter(void)
{
	json_t *f = query_status_filter("campaign"), *a = query_status_filter("account");
	json_t *v = json_object_get(json_array_get(f, 0), "value");
	int deleted = 0, archived = 0;
	size_t i;
	json_t *x;

	is_str(json_string_value(json_object_get(json_array_get(f, 0), "field")),
	       "campaign.effective_status", "level campaign filters campaign.effective_status");
	is_str(json_string_value(json_object_get(json_array_get(a, 0), "field")),
	       "ad.effective_status", "level account filters ad.effective_status");
	is_str(json_string_value(json_object_get(json_array_get(f, 0), "operator")), "IN", "operator IN");
	json_array_foreach(v, i, x) {
		deleted += strcmp(json_string_value(x), "DELETED") == 0;
		archived += strcmp(json_string_value(x), "ARCHIVED") == 0;
	}
	ok(deleted == 1 && archived == 1, "DELETED and ARCHIVED named once each");
	json_decref(f);
	json_decref(a);
}

static void
params(void)
{
	struct fetch_options o = { 0 };
	json_t *p;

	o.kind = FETCH_INSIGHTS;
	o.level = "adset";
	p = query_params(&o);
	ok(json_object_get(p, "filtering") != NULL, "insights: the status filter by default");
	ok(strstr(json_string_value(json_object_get(p, "fields")), "attribution_setting") != NULL,
	   "insights: attribution_setting requested");
	json_decref(p);
	o.exclude_archived = 1;
	p = query_params(&o);
	ok(json_object_get(p, "filtering") == NULL, "insights --exclude-archived: no filter");
	json_decref(p);
	memset(&o, 0, sizeof o);
	o.kind = FETCH_ADS;
	p = query_params(&o);
	ok(json_object_get(p, "effective_status") != NULL, "entities: archived ones by default");
	json_decref(p);
	o.exclude_archived = 1;
	p = query_params(&o);
	ok(json_object_get(p, "effective_status") == NULL, "entities --exclude-archived: none");
	json_decref(p);
	memset(&o, 0, sizeof o);
	o.kind = FETCH_ADACCOUNTS;
	p = query_params(&o);
	ok(strstr(json_string_value(json_object_get(p, "fields")), "attribution_spec") != NULL &&
	   json_object_get(p, "limit") != NULL, "adaccounts: the account fields, paged");
	json_decref(p);
}

static void
checks(void)
{
	struct fetch_options o = { 0 };
	const char *acc[] = { "act_1" };
	struct error e = { 0 };

	o.kind = FETCH_ADACCOUNTS;
	is_int(query_check(&o, &e), 0, "adaccounts needs no account");
	o.accounts = acc;
	o.naccounts = 1;
	is_int(query_check(&o, &e), EXIT_USAGE, "adaccounts refuses -a");
	o.kind = FETCH_ADS;
	o.include_archived = o.exclude_archived = 1;
	is_int(query_check(&o, &e), EXIT_USAGE, "--include-archived with --exclude-archived");
}

int
main(void)
{
	enum fetch_kind k;

	setting_is("[{\"event_type\":\"CLICK_THROUGH\",\"window_days\":7},"
	           "{\"event_type\":\"VIEW_THROUGH\",\"window_days\":1}]", "7d_click_1d_view");
	setting_is("[{\"event_type\":\"VIEW_THROUGH\",\"window_days\":1},"
	           "{\"event_type\":\"CLICK_THROUGH\",\"window_days\":7}]", "7d_click_1d_view");
	setting_is("[{\"event_type\":\"CLICK_THROUGH\",\"window_days\":1}]", "1d_click");
	setting_is("[{\"event_type\":\"ENGAGED_VIDEO_VIEW\",\"window_days\":1},"
	           "{\"event_type\":\"CLICK_THROUGH\",\"window_days\":1}]", "1d_click_1d_ev");
	setting_is("[{\"event_type\":\"NEW_KIND\",\"window_days\":3}]", "3d_new_kind");
	setting_is("[]", "");
	setting_is("{}", "");
	setting_is(NULL, "");
	setting_is("[{\"event_type\":\"CLICK_THROUGH\"}]", "");

	is_str(audit_account_status(1), "ACTIVE", "account_status 1");
	is_str(audit_account_status(101), "CLOSED", "account_status 101");
	is_str(audit_account_status(55), "", "an unknown account_status");
	is_str(audit_disable_reason(0), "NONE", "disable_reason 0");
	is_str(audit_disable_reason(3), "RISK_PAYMENT", "disable_reason 3");
	is_str(audit_disable_reason(-1), "", "a negative disable_reason");
	is_str(audit_disable_reason(999), "", "an unknown disable_reason");

	ok(query_kind_parse("adaccounts", &k) == 0 && k == FETCH_ADACCOUNTS, "adaccounts is a kind");
	is_str(query_stream(FETCH_ADACCOUNTS), "accounts", "adaccounts load into accounts");

	account_mapped();
	status_filter();
	params();
	checks();
	return done_testing();
}
