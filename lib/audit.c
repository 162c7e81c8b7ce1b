#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "fetch.h"
#include "log.h"
#include "map.h"
#include "query.h"
#include "util.h"

const char *
audit_account_status(long code)
{
	switch (code) {
	case 1: return "ACTIVE";
	case 2: return "DISABLED";
	case 3: return "UNSETTLED";
	case 7: return "PENDING_RISK_REVIEW";
	case 8: return "PENDING_SETTLEMENT";
	case 9: return "IN_GRACE_PERIOD";
	case 100: return "PENDING_CLOSURE";
	case 101: return "CLOSED";
	case 201: return "ANY_ACTIVE";
	case 202: return "ANY_CLOSED";
	default: return "";
	}
}

const char *
audit_disable_reason(long code)
{
	static const char *const names[] = {
		"NONE", "ADS_INTEGRITY_POLICY", "ADS_IP_REVIEW", "RISK_PAYMENT",
		"GRAY_ACCOUNT_SHUT_DOWN", "ADS_AFC_REVIEW", "BUSINESS_INTEGRITY_RAR", "PERMANENT_CLOSE",
		"UNUSED_RESELLER_ACCOUNT", "UNUSED_ACCOUNT", "UMBRELLA_AD_ACCOUNT",
		"BUSINESS_MANAGER_INTEGRITY_POLICY", "MISREPRESENTED_AD_ACCOUNT",
		"AOAB_DESHARE_LEGAL_ENTITY", "CTX_THREAD_REVIEW", "COMPROMISED_AD_ACCOUNT",
	};

	return code >= 0 && (size_t)code < sizeof names / sizeof names[0] ? names[code] : "";
}

/* A number Meta writes as a string (amount_spent) or as a number (account_status). */
static int
number_of(json_t *v, double *out)
{
	char *end;

	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 0;
	}
	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return -1;
	*out = strtod(json_string_value(v), &end);
	return *end == '\0' ? 0 : -1;
}

/*
 * Money fields are in the currency's smallest unit: cents for most, the
 * unit itself for the currencies Meta counts without decimals.
 */
static void
put_money(FILE *out, const char *label, json_t *v, const char *currency, const char *zero)
{
	static const char *const whole[] = { "CLP", "COP", "CRC", "HUF", "IDR", "ISK", "JPY", "KRW",
	                                     "PYG", "TWD", "VND", NULL };
	const char *const *w;
	double x;
	int cents = 1;

	if (number_of(v, &x) != 0) {
		fprintf(out, "  %-20s (not readable)\n", label);
		return;
	}
	if (x == 0 && zero) {
		fprintf(out, "  %-20s %s\n", label, zero);
		return;
	}
	for (w = whole; currency && *w; w++)
		if (strcmp(*w, currency) == 0)
			cents = 0;
	fprintf(out, "  %-20s %.*f %s\n", label, cents ? 2 : 0, cents ? x / 100 : x,
	        currency ? currency : "");
}

static void
put_time(FILE *out, const char *label, json_t *v, const char *zero)
{
	time_t t = (time_t)json_integer_value(v);
	struct tm tm;
	char when[32];

	if (!json_is_integer(v)) {
		fprintf(out, "  %-20s (not given)\n", label);
		return;
	}
	if (t == 0) {
		fprintf(out, "  %-20s %s\n", label, zero);
		return;
	}
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	fprintf(out, "  %-20s %s%s\n", label, when, t < time(NULL) ? " (past)" : "");
}

static void
put_list(FILE *out, const char *label, json_t *list, const char *key)
{
	size_t i;
	json_t *x;

	fprintf(out, "  %-20s", label);
	json_array_foreach(list, i, x) {
		const char *s = key ? json_string_value(json_object_get(x, key)) : json_string_value(x);
		fprintf(out, "%s%s", i ? ", " : " ", s ? s : "?");
	}
	fprintf(out, "%s\n", json_array_size(list) ? "" : " (none)");
}

/* /debug_token with the app token: type, app, scopes, expiry. */
static int
token_by_debug(struct graph *app, const struct graph_config *cfg, FILE *out, struct error *e)
{
	json_t *params = json_pack("{s:s}", "input_token", cfg->token);
	json_t *body = graph_get(app, "debug_token", params, e), *d;
	const char *type;

	json_decref(params);
	if (body == NULL)
		return e->status;
	d = json_object_get(body, "data");
	type = json_string_value(json_object_get(d, "type"));
	fprintf(out, "Token (from /debug_token)\n");
	fprintf(out, "  %-20s %s\n", "type", type ? type : "(not given)");
	fprintf(out, "  %-20s %s\n", "valid", json_is_true(json_object_get(d, "is_valid")) ? "yes" : "NO");
	if (json_is_string(json_object_get(d, "application")))
		fprintf(out, "  %-20s %s\n", "app", json_string_value(json_object_get(d, "application")));
	put_list(out, "scopes", json_object_get(d, "scopes"), NULL);
	put_time(out, "expires", json_object_get(d, "expires_at"), "never");
	put_time(out, "data access expires", json_object_get(d, "data_access_expires_at"), "never");
	json_decref(body);
	return 0;
}

/* Without an app token: the scopes granted, from /me/permissions. */
static int
token_by_permissions(struct graph *g, FILE *out, struct error *e)
{
	json_t *body = graph_get(g, "me/permissions", NULL, e), *granted = json_array(), *other = json_array();
	json_t *x;
	size_t i;

	if (body == NULL) {
		json_decref(granted);
		json_decref(other);
		return e->status;
	}
	json_array_foreach(json_object_get(body, "data"), i, x) {
		const char *status = json_string_value(json_object_get(x, "status"));
		json_array_append(status && strcmp(status, "granted") == 0 ? granted : other,
		                  json_object_get(x, "permission"));
	}
	fprintf(out, "Token (from /me/permissions; set META_APP_ID and META_APP_SECRET for its "
	        "type and expiry)\n");
	put_list(out, "scopes", granted, NULL);
	if (json_array_size(other))
		put_list(out, "declined or expired", other, NULL);
	json_decref(granted);
	json_decref(other);
	json_decref(body);
	return 0;
}

static void
put_account(FILE *out, json_t *a)
{
	const char *currency = json_string_value(json_object_get(a, "currency"));
	json_t *business = json_object_get(a, "business");
	char setting[128];
	double code, offset;

	fprintf(out, "Ad account %s\n", json_string_value(json_object_get(a, "id")));
	fprintf(out, "  %-20s %s\n", "name", json_string_value(json_object_get(a, "name")));
	fprintf(out, "  %-20s %s\n", "currency", currency ? currency : "(not given)");
	if (number_of(json_object_get(a, "timezone_offset_hours_utc"), &offset) == 0)
		fprintf(out, "  %-20s %s (UTC%+g today)\n", "time zone",
		        json_string_value(json_object_get(a, "timezone_name")), offset);
	else
		fprintf(out, "  %-20s %s\n", "time zone",
		        json_string_value(json_object_get(a, "timezone_name")));
	if (number_of(json_object_get(a, "account_status"), &code) == 0)
		fprintf(out, "  %-20s %.0f %s%s\n", "status", code, audit_account_status((long)code),
		        code == 1 ? "" : "  <- the account does not deliver");
	if (number_of(json_object_get(a, "disable_reason"), &code) == 0)
		fprintf(out, "  %-20s %.0f %s\n", "disable reason", code, audit_disable_reason((long)code));
	put_money(out, "spend cap", json_object_get(a, "spend_cap"), currency, "none");
	put_money(out, "amount spent", json_object_get(a, "amount_spent"), currency, NULL);
	if (json_is_object(business))
		fprintf(out, "  %-20s %s (%s)\n", "business",
		        json_string_value(json_object_get(business, "name")),
		        json_string_value(json_object_get(business, "id")));
	else if (json_is_string(json_object_get(a, "business_name")))
		fprintf(out, "  %-20s %s\n", "business", json_string_value(json_object_get(a, "business_name")));
	else
		fprintf(out, "  %-20s (none)\n", "business");
	map_attribution_setting(json_object_get(a, "attribution_spec"), setting, sizeof setting);
	fprintf(out, "  %-20s %s\n", "attribution", setting[0] ? setting
	        : "(not set: Meta's default, 7d_click_1d_view)");
}

int
audit_run(struct run *run, const struct graph_config *cfg, const char *app_id, const char *account,
          FILE *out, struct error *e)
{
	struct graph_runtime rt = { run, NULL, NULL };
	struct graph_config app_cfg;
	struct graph *g = NULL, *app = NULL;
	struct fetch_options o = { 0 };
	json_t *params = NULL, *node = NULL;
	char id[64], *app_token = NULL;
	int rc;

	if ((rc = query_account_id(account, id, sizeof id, e)) != 0)
		return rc;
	if ((g = graph_new(cfg, "meta-fetch", &rt, e)) == NULL)
		return e->status;
	if (app_id && *app_id && cfg->app_secret) {
		app_token = xasprintf("%s|%s", app_id, cfg->app_secret);
		log_add_secret(app_token);
		app_cfg = *cfg;
		app_cfg.token = app_token;
		/* An app token needs no appsecret_proof. */
		app_cfg.app_secret = NULL;
		if ((app = graph_new(&app_cfg, "meta-fetch", &rt, e)) == NULL) {
			rc = e->status;
			goto out;
		}
		/* A wrong app id or secret should not hide the rest of the audit. */
		if ((rc = token_by_debug(app, cfg, out, e)) != 0) {
			log_warn("/debug_token: %s; reading /me/permissions instead", e->msg);
			memset(e, 0, sizeof *e);
			rc = token_by_permissions(g, out, e);
		}
	} else {
		rc = token_by_permissions(g, out, e);
	}
	if (rc != 0)
		goto out;
	o.kind = FETCH_ACCOUNT;
	params = query_params(&o);
	if ((node = graph_get(g, id, params, e)) == NULL) {
		rc = e->status;
		goto out;
	}
	fprintf(out, "\nGraph API\n");
	pthread_mutex_lock(&run->lock);
	fprintf(out, "  %-20s %s (asked for %s)\n", "version served",
	        run->api_version[0] ? run->api_version : "(not said)", cfg->version);
	fprintf(out, "  %-20s %s\n", "deprecation warning",
	        run->api_warning[0] ? run->api_warning : "none");
	pthread_mutex_unlock(&run->lock);
	fputc('\n', out);
	put_account(out, node);
out:
	json_decref(node);
	json_decref(params);
	graph_free(&app);
	graph_free(&g);
	free(app_token);
	return rc;
}
