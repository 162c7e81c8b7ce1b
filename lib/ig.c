#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "ig.h"
#include "log.h"
#include "plan.h"
#include "schema.h"
#include "singer.h"
#include "stats.h"
#include "util.h"

/* The metrics the current API serves (v22 and later), one bit each in this order. */
static const struct {
	const char *name;
	enum ig_metric_kind kind;
} metrics[] = {
	{ "reach", IG_SERIES },
	{ "follower_count", IG_SERIES },
	{ "follows_and_unfollows", IG_FOLLOWS },
	{ "views", IG_TOTAL },
	{ "accounts_engaged", IG_TOTAL },
	{ "total_interactions", IG_TOTAL },
	{ "likes", IG_TOTAL },
	{ "comments", IG_TOTAL },
	{ "shares", IG_TOTAL },
	{ "saves", IG_TOTAL },
	{ "replies", IG_TOTAL },
	{ "profile_links_taps", IG_TOTAL },
	{ "followers_count", IG_NODE },
};
#define NMETRICS (sizeof metrics / sizeof metrics[0])

/* What Meta took away, and when: asking for these would fail every request. */
static const struct {
	const char *name, *when, *instead;
} retired[] = {
	{ "impressions", "v22.0, and every version since 2025-04-21", "views" },
	{ "profile_views", "v21.0, and every version since 2025-01-08", NULL },
	{ "website_clicks", "v21.0, and every version since 2025-01-08", "profile_links_taps" },
	{ "email_contacts", "v21.0, and every version since 2025-01-08", "profile_links_taps" },
	{ "get_directions_clicks", "v21.0, and every version since 2025-01-08", "profile_links_taps" },
	{ "get_direction_clicks", "v21.0, and every version since 2025-01-08", "profile_links_taps" },
	{ "phone_call_clicks", "v21.0, and every version since 2025-01-08", "profile_links_taps" },
	{ "text_message_clicks", "v21.0, and every version since 2025-01-08", "profile_links_taps" },
};

size_t
ig_metric_count(void)
{
	return NMETRICS;
}

const char *
ig_metric_name(size_t i)
{
	return i < NMETRICS ? metrics[i].name : NULL;
}

enum ig_metric_kind
ig_metric_kind(size_t i)
{
	return metrics[i].kind;
}

static int
metric_index(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NMETRICS; i++)
		if (strlen(metrics[i].name) == n && strncmp(metrics[i].name, name, n) == 0)
			return (int)i;
	/* The two metrics follows_and_unfollows is stored as. */
	if ((n == 7 && strncmp(name, "follows", 7) == 0) || (n == 9 && strncmp(name, "unfollows", 9) == 0))
		return metric_index("follows_and_unfollows", 21);
	return -1;
}

static int
has_kind(ig_metrics set, enum ig_metric_kind kind)
{
	size_t i;

	for (i = 0; i < NMETRICS; i++)
		if ((set & (1u << i)) && metrics[i].kind == kind)
			return 1;
	return 0;
}

int
ig_metrics_add(ig_metrics *set, const char *list, struct error *e)
{
	const char *p = list;
	size_t i;

	if (*p == '\0')
		return error_set(e, EXIT_USAGE, "--metric: empty");
	while (*p) {
		size_t n = strcspn(p, ",");
		int k = metric_index(p, n);

		if (k < 0) {
			for (i = 0; i < sizeof retired / sizeof retired[0]; i++)
				if (strlen(retired[i].name) == n && strncmp(retired[i].name, p, n) == 0)
					return error_set(e, EXIT_USAGE, "--metric '%.*s': Meta retired this "
					                 "Instagram metric (%s); it is never requested%s%s",
					                 (int)n, p, retired[i].when,
					                 retired[i].instead ? "; see " : "",
					                 retired[i].instead ? retired[i].instead : "");
			{
				struct buf names = BUF_INIT;
				for (i = 0; i < NMETRICS; i++)
					buf_printf(&names, "%s%s", i ? ", " : "", metrics[i].name);
				error_set(e, EXIT_USAGE, "--metric '%.*s': not an Instagram profile metric; "
				          "one of %s, follows, unfollows", (int)n, p, buf_str(&names));
				buf_free(&names);
				return EXIT_USAGE;
			}
		}
		*set |= 1u << k;
		p += n + (p[n] == ',');
	}
	return 0;
}

int
ig_user_valid(const char *id)
{
	size_t n = strspn(id, "0123456789");

	return n > 0 && n < 32 && id[n] == '\0';
}

int
ig_users_read(const char *path, char ***ids, size_t *n, struct error *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *p;
	size_t cap = 0, len;
	long lineno = 0;
	int rc = 0;

	if (f == NULL)
		return error_set(e, EXIT_OTHER, "cannot read '%s': %s", path, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		len = strcspn(p, " \t\r\n");
		if (len == 0 || *p == '#')
			continue;
		p[len] = '\0';
		if (!ig_user_valid(p)) {
			rc = error_set(e, EXIT_USAGE, "%s: line %ld: '%s' is not an Instagram user id "
			               "(digits)", path, lineno, p);
			break;
		}
		ig_users_add(ids, n, p);
	}
	if (rc == 0 && ferror(f))
		rc = error_set(e, EXIT_OTHER, "cannot read '%s': %s", path, strerror(errno));
	free(line);
	fclose(f);
	return rc;
}

void
ig_users_add(char ***ids, size_t *n, const char *id)
{
	*ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
	(*ids)[(*n)++] = xstrdup(id);
}

int
ig_offset_parse(const char *arg, double *hours, struct error *e)
{
	char *end;

	*hours = strtod(arg, &end);
	if (*arg == '\0' || *end != '\0')
		return error_set(e, EXIT_USAGE, "--ig-utc-offset '%s': expected hours", arg);
	return 0;
}

/* ---- Planning */

long
ig_day_start(long day, double offset_hours)
{
	return day * 86400 - lround(offset_hours * 3600);
}

int
ig_end_time_day(const char *end_time, double offset_hours, long *day)
{
	char date[11];
	int h, m, s, oh, om, used = 0;
	char sign;
	long d;
	double t;

	if (end_time == NULL || strlen(end_time) < 24 || end_time[10] != 'T')
		return -1;
	memcpy(date, end_time, 10);
	date[10] = '\0';
	if (date_parse(date, &d) != 0 ||
	    sscanf(end_time + 11, "%2d:%2d:%2d%c%2d%2d%n", &h, &m, &s, &sign, &oh, &om, &used) != 6 ||
	    end_time[11 + used] != '\0' || (sign != '+' && sign != '-') || h > 23 || m > 59 || s > 60)
		return -1;
	t = (double)d * 86400 + h * 3600 + m * 60 + s - (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	/* The nearest local midnight ends the day the value belongs to. */
	*day = (long)floor((t + offset_hours * 3600) / 86400 + 0.5) - 1;
	return 0;
}

size_t
ig_plan(long since, long until, ig_metrics set, struct ig_request *out, size_t max)
{
	size_t n = 0, w, nw = plan_chunks(since, until, IG_MAX_WINDOW_DAYS, NULL, 0);
	int series = has_kind(set, IG_SERIES), totals = has_kind(set, IG_TOTAL);
	int follows = has_kind(set, IG_FOLLOWS);
	struct plan_range *win = xcalloc(nw ? nw : 1, sizeof *win);
	long d;

#define PUT(k, a, b) do { if (out && n < max) out[n] = (struct ig_request){ (k), (a), (b) }; n++; } while (0)
	plan_chunks(since, until, IG_MAX_WINDOW_DAYS, win, nw);
	for (w = 0; w < nw; w++) {
		if (series)
			PUT(IG_SERIES, win[w].since, win[w].until);
		for (d = win[w].since; d <= win[w].until; d++) {
			if (totals)
				PUT(IG_TOTAL, d, d);
			if (follows)
				PUT(IG_FOLLOWS, d, d);
		}
	}
#undef PUT
	free(win);
	return n;
}

json_t *
ig_request_params(const struct ig_request *r, ig_metrics set, double offset_hours)
{
	struct buf names = BUF_INIT;
	json_t *p;
	size_t i;

	for (i = 0; i < NMETRICS; i++)
		if ((set & (1u << i)) && metrics[i].kind == r->kind)
			buf_printf(&names, "%s%s", names.len ? "," : "", metrics[i].name);
	p = json_pack("{s:s, s:s, s:s}", "metric", buf_str(&names), "period", "day",
	              "metric_type", r->kind == IG_SERIES ? "time_series" : "total_value");
	if (r->kind == IG_FOLLOWS)
		json_object_set_new(p, "breakdown", json_string("follow_type"));
	json_object_set_new(p, "since", json_sprintf("%ld", ig_day_start(r->since, offset_hours)));
	json_object_set_new(p, "until", json_sprintf("%ld", ig_day_start(r->until + 1, offset_hours)));
	buf_free(&names);
	return p;
}

/* A whole number from an answer: Meta sends integers; a whole real or a numeric string will do. */
static int
whole(json_t *v, json_int_t *out)
{
	char *end;
	double d;

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 1;
	}
	if (json_is_real(v)) {
		d = json_real_value(v);
	} else if (json_is_string(v) && json_string_length(v) > 0) {
		d = strtod(json_string_value(v), &end);
		if (*end != '\0')
			return 0;
	} else {
		return 0;
	}
	if (d != floor(d) || fabs(d) > 9e15)
		return 0;
	*out = (json_int_t)d;
	return 1;
}

static void
add_record(json_t *out, const char *user, long day, const char *metric, json_int_t value,
           const char *period)
{
	char date[11];

	date_format(day, date, sizeof date);
	json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "ig_user_id", user,
	                                     "date", date, "metric", metric, "breakdown_key", "",
	                                     "value", value, "period", period));
}

/* follows_and_unfollows: follow_type FOLLOWER and NON_FOLLOWER, a result left out being 0. */
static size_t
follow_records(const char *user, long day, json_t *tv, json_t *out)
{
	json_t *bd = json_array_get(json_object_get(tv, "breakdowns"), 0), *res;
	json_int_t follows = 0, unfollows = 0, v;
	size_t i;

	if (bd == NULL) {
		/* A quiet day: a total of 0 without breakdowns; anything else says nothing. */
		if (!whole(json_object_get(tv, "value"), &v) || v != 0)
			return 0;
	} else {
		json_array_foreach(json_object_get(bd, "results"), i, res) {
			const char *type = json_string_value(json_array_get(
				json_object_get(res, "dimension_values"), 0));
			if (type == NULL || !whole(json_object_get(res, "value"), &v))
				continue;
			if (strcmp(type, "FOLLOWER") == 0)
				follows = v;
			else if (strcmp(type, "NON_FOLLOWER") == 0)
				unfollows = v;
		}
	}
	add_record(out, user, day, "follows", follows, "day");
	add_record(out, user, day, "unfollows", unfollows, "day");
	return 2;
}

size_t
ig_records(const char *user, const struct ig_request *r, json_t *body, ig_metrics set,
           double offset_hours, json_t *out)
{
	json_t *entry, *val;
	size_t i, j, n = 0;
	json_int_t v;
	long day;

	json_array_foreach(json_object_get(body, "data"), i, entry) {
		const char *name = json_string_value(json_object_get(entry, "name"));
		int k = name ? metric_index(name, strlen(name)) : -1;

		if (k < 0 || !(set & (1u << k)) || metrics[k].kind != r->kind)
			continue;
		if (r->kind == IG_SERIES) {
			json_array_foreach(json_object_get(entry, "values"), j, val) {
				const char *end = json_string_value(json_object_get(val, "end_time"));
				if (ig_end_time_day(end, offset_hours, &day) != 0 || day < r->since ||
				    day > r->until || !whole(json_object_get(val, "value"), &v))
					continue;
				add_record(out, user, day, name, v, "day");
				n++;
			}
		} else if (r->kind == IG_FOLLOWS) {
			n += follow_records(user, r->since, json_object_get(entry, "total_value"), out);
		} else if (whole(json_object_get(json_object_get(entry, "total_value"), "value"), &v)) {
			add_record(out, user, r->since, name, v, "day");
			n++;
		}
	}
	return n;
}

/* ---- Requests */

static void
describe(const char *user, const struct ig_request *r, struct error *e)
{
	char a[11], b[11];

	date_format(r->since, a, sizeof a);
	date_format(r->until, b, sizeof b);
	if (r->since == r->until)
		error_prefix(e, "ig user %s insights %s", user, a);
	else
		error_prefix(e, "ig user %s insights %s..%s", user, a, b);
}

/* The relative URL of a batch item; ids are digits and params plain words and numbers: no escaping. */
static char *
relative_url(struct graph *g, const char *path, json_t *params)
{
	struct buf u = BUF_INIT;
	const char *k;
	json_t *v;
	char *s;

	buf_printf(&u, "%s/%s", graph_version(g), path);
	json_object_foreach(params, k, v)
		buf_printf(&u, "%c%s=%s", u.len && strchr(buf_str(&u), '?') ? '&' : '?', k,
		           json_string_value(v));
	s = xstrdup(buf_str(&u));
	buf_free(&u);
	return s;
}

static int
emit(const struct ig_sink *sink, json_t *recs, struct error *e)
{
	size_t i;
	json_t *r;

	json_array_foreach(recs, i, r)
		if (sink->record(sink->ctx, r, e) != 0)
			return e->status ? e->status : EXIT_OTHER;
	return 0;
}

int
ig_fetch_profile(struct graph *g, const char *user, long since, long until, ig_metrics set,
                 double offset_hours, const struct ig_sink *sink, struct error *e)
{
	size_t n = ig_plan(since, until, set, NULL, 0), i, j, k;
	struct ig_request *reqs = xcalloc(n ? n : 1, sizeof *reqs);
	char *path = xasprintf("%s/insights", user);
	json_t *params[IG_BATCH];
	int rc = 0;

	ig_plan(since, until, set, reqs, n);
	for (i = 0; i < n && rc == 0; i += k) {
		json_t *items = json_array(), *answers, *recs = json_array();

		k = n - i < IG_BATCH ? n - i : IG_BATCH;
		for (j = 0; j < k; j++) {
			char *rel;
			params[j] = ig_request_params(&reqs[i + j], set, offset_hours);
			rel = relative_url(g, path, params[j]);
			json_array_append_new(items, json_pack("{s:s, s:s}", "method", "GET",
			                                       "relative_url", rel));
			free(rel);
		}
		/* One request needs no batch around it. */
		answers = k == 1 ? json_pack("[n]") : graph_batch(g, items, e);
		if (answers == NULL) {
			rc = e->status ? e->status : EXIT_OTHER;
			describe(user, &reqs[i], e);
		}
		for (j = 0; j < k && rc == 0; j++) {
			json_t *body = json_incref(json_array_get(answers, j));
			/* An item that failed alone is asked again by itself: retried, its error classified. */
			if (!json_is_object(body)) {
				json_decref(body);
				body = graph_get(g, path, params[j], e);
			}
			if (body == NULL) {
				rc = e->status ? e->status : EXIT_OTHER;
				describe(user, &reqs[i + j], e);
				break;
			}
			ig_records(user, &reqs[i + j], body, set, offset_hours, recs);
			json_decref(body);
		}
		if (rc == 0) {
			stats_add(graph_run(g)->stats, STATS_ROWS, (long)json_array_size(recs));
			rc = emit(sink, recs, e);
		}
		for (j = 0; j < k; j++)
			json_decref(params[j]);
		json_decref(answers);
		json_decref(items);
		json_decref(recs);
	}
	free(path);
	free(reqs);
	return rc;
}

int
ig_fetch_snapshot(struct graph *g, const char *user, long day, ig_metrics set,
                  const struct ig_sink *sink, struct error *e)
{
	json_t *params, *node, *recs;
	int k = metric_index("followers_count", 15), rc = 0;
	json_int_t v;

	if (!(set & (1u << k)))
		return 0;
	params = json_pack("{s:s}", "fields", "followers_count,username");
	node = graph_get(g, user, params, e);
	json_decref(params);
	if (node == NULL) {
		error_prefix(e, "ig user %s", user);
		return e->status ? e->status : EXIT_OTHER;
	}
	recs = json_array();
	if (whole(json_object_get(node, "followers_count"), &v)) {
		add_record(recs, user, day, "followers_count", v, "snapshot");
		/* The username has no column: meta-load keeps it in extra. */
		if (json_is_string(json_object_get(node, "username")))
			json_object_set(json_array_get(recs, 0), "username",
			                json_object_get(node, "username"));
		rc = emit(sink, recs, e);
	}
	json_decref(recs);
	json_decref(node);
	return rc;
}

/* ---- meta-fetch's kinds */

int
ig_kind_parse(const char *name, enum ig_kind *kind)
{
	if (strcmp(name, "ig-insights") == 0)
		*kind = IG_KIND_INSIGHTS;
	else if (strcmp(name, "ig-accounts") == 0)
		*kind = IG_KIND_ACCOUNTS;
	else
		return -1;
	return 0;
}

int
ig_check(const struct ig_options *o, struct error *e)
{
	size_t i;
	long a, b;

	if (o->kind == IG_KIND_ACCOUNTS) {
		if (o->nusers || o->since || o->until || o->metrics)
			return error_set(e, EXIT_USAGE, "ig-accounts takes no --ig-user, --since, --until "
			                 "or --metric");
		return 0;
	}
	if (o->nusers == 0)
		return error_set(e, EXIT_USAGE, "ig-insights: no Instagram user: give --ig-user ID or "
		                 "--ig-users-file FILE (meta-fetch ig-accounts lists them)");
	for (i = 0; i < o->nusers; i++)
		if (!ig_user_valid(o->users[i]))
			return error_set(e, EXIT_USAGE, "--ig-user '%s': not an Instagram user id (digits)",
			                 o->users[i]);
	if ((o->since == NULL) != (o->until == NULL))
		return error_set(e, EXIT_USAGE, "--since and --until go together");
	if (o->since && date_parse(o->since, &a) != 0)
		return error_set(e, EXIT_USAGE, "--since '%s': not a date (YYYY-MM-DD)", o->since);
	if (o->until && date_parse(o->until, &b) != 0)
		return error_set(e, EXIT_USAGE, "--until '%s': not a date (YYYY-MM-DD)", o->until);
	if (o->since && a > b)
		return error_set(e, EXIT_USAGE, "--since %s is after --until %s", o->since, o->until);
	if (o->utc_offset < -12 || o->utc_offset > 14)
		return error_set(e, EXIT_USAGE, "--ig-utc-offset %g: out of range (-12 to 14)",
		                 o->utc_offset);
	return 0;
}

struct writer {
	FILE *out;
	char now[32];
};

static int
write_record(void *ctx, json_t *rec, struct error *e)
{
	struct writer *w = ctx;
	json_t *m = singer_record(IG_STREAM, json_incref(rec), w->now);
	int rc = singer_write(w->out, m);

	json_decref(m);
	if (rc != 0)
		return error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	return 0;
}

static void
write_raw(void *ctx, const char *body, size_t len)
{
	struct writer *w = ctx;
	struct buf line = BUF_INIT;

	log_redact_line(&line, body, len);
	fwrite(line.data, 1, line.len, w->out);
	buf_free(&line);
}

static int
write_line(FILE *out, json_t *v, struct error *e)
{
	if (singer_write(out, v) != 0)
		return error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	return 0;
}

/* ig-accounts: the pages' linked Instagram accounts, one object a line. */
static int
list_accounts(struct graph *g, FILE *out, int raw, struct error *e)
{
	json_t *params = json_pack("{s:s, s:i}", "fields",
	                           "name,instagram_business_account{id,username,followers_count}",
	                           "limit", 100);
	struct graph_pager *p = graph_pager_new(g, "me/accounts", params);
	json_t *page, *pg;
	long pages = 0, linked = 0;
	size_t i;
	int rc;

	while ((rc = graph_pager_next(p, &page, e)) == 1) {
		/* 1 said a page came; a page that writes nothing (--raw, no linked account) is no error. */
		rc = 0;
		json_array_foreach(json_object_get(page, "data"), i, pg) {
			json_t *ig = json_object_get(pg, "instagram_business_account"), *line;
			pages++;
			if (!json_is_object(ig) || !json_is_string(json_object_get(ig, "id")))
				continue;
			linked++;
			if (raw)
				continue;
			line = json_pack("{s:O?, s:O?, s:O, s:O?, s:O?}",
			                 "page_id", json_object_get(pg, "id"),
			                 "page_name", json_object_get(pg, "name"),
			                 "ig_user_id", json_object_get(ig, "id"),
			                 "username", json_object_get(ig, "username"),
			                 "followers_count", json_object_get(ig, "followers_count"));
			rc = write_line(out, line, e);
			json_decref(line);
			if (rc != 0)
				break;
		}
		json_decref(page);
		if (rc != 0) {
			rc = -1;
			break;
		}
	}
	graph_pager_free(&p);
	json_decref(params);
	if (rc < 0)
		return e->status ? e->status : EXIT_OTHER;
	log_info("%ld pages, %ld with an Instagram account", pages, linked);
	return 0;
}

int
ig_fetch_run(struct run *run, const struct graph_config *cfg, const struct ig_options *o,
             FILE *out, struct error *e)
{
	struct graph_runtime rt = { run, NULL, NULL };
	struct writer w = { out, "" };
	struct ig_sink sink = { write_record, &w };
	ig_metrics set = o->metrics ? o->metrics : IG_ALL_METRICS;
	struct graph *g;
	json_t *bookmarks = json_object(), *schema;
	long since, until, today = plan_yesterday(o->now, o->utc_offset) + 1;
	size_t i;
	int rc = 0;

	if ((g = graph_new(cfg, "meta-fetch", &rt, e)) == NULL) {
		json_decref(bookmarks);
		return e->status ? e->status : EXIT_OTHER;
	}
	if (o->raw)
		graph_on_body(g, write_raw, &w);
	if (o->kind == IG_KIND_ACCOUNTS) {
		rc = list_accounts(g, out, o->raw, e);
		goto out;
	}
	since = until = today - 1;
	if (o->since) {
		date_parse(o->since, &since);
		date_parse(o->until, &until);
	}
	util_utc_now(w.now, sizeof w.now);
	if (!o->raw) {
		schema = schema_singer_message(schema_find(IG_STREAM));
		rc = write_line(out, schema, e);
		json_decref(schema);
	}
	for (i = 0; i < o->nusers && rc == 0; i++) {
		const char *user = o->users[i];
		char a[11], b[11];
		json_t *state;

		if ((rc = ig_fetch_profile(g, user, since, until, set, o->utc_offset, &sink, e)) != 0 ||
		    (rc = ig_fetch_snapshot(g, user, today, set, &sink, e)) != 0)
			break;
		if (o->raw)
			continue;
		date_format(since, a, sizeof a);
		date_format(until, b, sizeof b);
		json_object_set_new(bookmarks, user, json_pack("{s:s, s:s}", "since", a, "until", b));
		state = json_pack("{s:s, s:{s:{s:O}}}", "type", "STATE", "value", "bookmarks",
		                  IG_STREAM, bookmarks);
		rc = write_line(out, state, e);
		json_decref(state);
		if (rc == 0 && fflush(out) != 0)
			rc = error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	}
out:
	if (rc == 0 && run_stopping(run))
		rc = error_set(e, EXIT_TEMPFAIL, "stopped by %s before the work was done",
		               run_stop_reason(run) ? run_stop_reason(run) : "the caller");
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
	graph_free(&g);
	json_decref(bookmarks);
	return rc;
}
