#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backfill.h"
#include "buf.h"
#include "date.h"
#include "fetch.h"
#include "ig.h"
#include "jscan.h"
#include "log.h"
#include "map.h"
#include "notify.h"
#include "plan.h"
#include "schema.h"
#include "singer.h"
#include "stats.h"
#include "store.h"
#include "util.h"

/* One account's run: what the sink needs and what the report says. */
struct account_run {
	const struct backfill_options *o;
	struct run *run;
	struct store *store;
	const char *account;
	const char *level;       /* of the set being fetched */
	struct store_progress progress;
	long chunks_planned, chunks_done, days_planned, days_done;
	long rows;               /* rows written to the store, all tables */
	double started;
	char since[11], until[11];
	/* write_kept()'s, kept from one row to the next: an insights row typed from its text. */
	struct map_fast *fast;
	struct buf msg, typed;
	struct jscan scan;
};

static double
wall_now(void)
{
	return clock_system()->now(NULL);
}

static int
check_date(const char *what, const char *s, struct error *e)
{
	long d;

	if (s && date_parse(s, &d) != 0)
		return error_set(e, EXIT_USAGE, "%s '%s': not a date (YYYY-MM-DD)", what, s);
	return 0;
}

/* A comma list of levels (levels set) or of breakdown names: words, at least one. */
static int
check_list(const char *list, const char *what, int levels, struct error *e)
{
	const char *p = list;

	if (*list == '\0')
		return error_set(e, EXIT_USAGE, "%s: empty", what);
	while (*p) {
		size_t n = strcspn(p, ",");
		char word[64];

		snprintf(word, sizeof word, "%.*s", (int)(n < 63 ? n : 63), p);
		if (n == 0 || n > 63 || (levels && !query_level_valid(word)) ||
		    (!levels && !schema_valid_name(word)))
			return error_set(e, EXIT_USAGE, "%s '%s': '%.*s' is not %s", what, list, (int)n, p,
			                 levels ? "account, campaign, adset or ad" : "a breakdown name");
		p += n + (p[n] == ',');
	}
	return 0;
}

/* A breakdown set as the progress tables key it: names sorted, once each ("a,b"). */
static char *
normal_set(const char *list)
{
	char *copy = xstrdup(list), *names[64], *p, *save = NULL;
	size_t n = 0, i, j;
	struct buf out = BUF_INIT;

	for (p = strtok_r(copy, ",", &save); p && n < 64; p = strtok_r(NULL, ",", &save))
		names[n++] = p;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			p = names[j];
			names[j] = names[j - 1];
			names[j - 1] = p;
		}
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			buf_printf(&out, "%s%s", out.len ? "," : "", names[i]);
	free(copy);
	p = xstrdup(buf_str(&out));
	buf_free(&out);
	return p;
}

int
backfill_check_options(const struct backfill_options *o, struct error *e)
{
	char id[64];
	size_t i;
	long a, b;

	if (o->naccounts == 0 && !o->all_accounts && o->nig_users == 0)
		return error_set(e, EXIT_USAGE, "no ad account: give -a act_<id>, --all-accounts "
		                 "or --ig-user ID");
	if (o->include_archived && o->exclude_archived)
		return error_set(e, EXIT_USAGE, "--include-archived and --exclude-archived contradict "
		                 "each other");
	for (i = 0; i < o->nig_users; i++)
		if (!ig_user_valid(o->ig_users[i]))
			return error_set(e, EXIT_USAGE, "--ig-user '%s': not an Instagram user id (digits)",
			                 o->ig_users[i]);
	if (o->ig_utc_offset < -12 || o->ig_utc_offset > 14)
		return error_set(e, EXIT_USAGE, "--ig-utc-offset %g: out of range (-12 to 14)",
		                 o->ig_utc_offset);
	for (i = 0; i < o->naccounts; i++)
		if (query_account_id(o->accounts[i], id, sizeof id, e) != 0)
			return EXIT_USAGE;
	if (o->db == NULL)
		return error_set(e, EXIT_USAGE, "no database: give --db PATH");
	if (check_date("--since", o->since, e) || check_date("--until", o->until, e))
		return EXIT_USAGE;
	if (o->until && o->since == NULL)
		return error_set(e, EXIT_USAGE, "--until needs --since");
	if (o->since && o->days)
		return error_set(e, EXIT_USAGE, "--days cannot be combined with --since");
	if (o->since && o->until && date_parse(o->since, &a) == 0 && date_parse(o->until, &b) == 0 &&
	    a > b)
		return error_set(e, EXIT_USAGE, "--since %s is after --until %s", o->since, o->until);
	if (o->level && check_list(o->level, "--level", 1, e) != 0)
		return EXIT_USAGE;
	for (i = 0; i < o->nbreakdowns; i++)
		if (check_list(o->breakdowns[i], "--breakdowns", 0, e) != 0)
			return EXIT_USAGE;
	return 0;
}

/*
 * The sink keeps each unit's rows aside, in a temporary file, until every
 * request of the unit has succeeded; then they are mapped and written, with
 * the unit's days marked fetched, in one short transaction.  No write
 * transaction is ever open while a request is in flight, so other writers
 * of the same database (another account's run) wait milliseconds, not
 * minutes, and a unit cut short by a throttle or a kill leaves no mark.
 */
static int
sink_page(void *ctx, struct fetch_unit *u, json_t *rows, struct error *e)
{
	size_t i;
	json_t *row;

	(void)ctx;
	if (u->data == NULL && (u->data = tmpfile()) == NULL)
		return error_set(e, EXIT_OTHER, "cannot create a temporary file: %s", strerror(errno));
	json_array_foreach(rows, i, row) {
		if (json_dumpf(row, u->data, JSON_COMPACT) != 0 || fputc('\n', u->data) == EOF)
			return error_set(e, EXIT_OTHER, "cannot write a temporary file: %s",
			                 strerror(errno));
	}
	return 0;
}

/*
 * The same for a page kept as text: each row's bytes as they came, one a
 * line (a row with white space inside, which could hold a newline, goes
 * through jansson instead: Meta's and the fake's rows are compact).
 */
static int
sink_page_text(void *ctx, struct fetch_unit *u, const struct jscan *j, size_t data,
               struct error *e)
{
	size_t i;
	int rc = 0;

	(void)ctx;
	if (u->data == NULL && (u->data = tmpfile()) == NULL)
		return error_set(e, EXIT_OTHER, "cannot create a temporary file: %s", strerror(errno));
	for (i = data + 1; i < j->tok[data].next && rc == 0; i = j->tok[i].next) {
		const struct jscan_token *t = &j->tok[i];

		if (t->flags & JSCAN_SPACE) {
			json_t *row = json_loadb(jscan_at(j, i), t->len, 0, NULL);
			rc = row == NULL || json_dumpf(row, u->data, JSON_COMPACT) != 0;
			json_decref(row);
		} else {
			rc = fwrite(jscan_at(j, i), 1, t->len, u->data) != t->len;
		}
		if (rc == 0 && fputc('\n', u->data) == EOF)
			rc = 1;
	}
	if (rc)
		return error_set(e, EXIT_OTHER, "cannot write a temporary file: %s", strerror(errno));
	return 0;
}

static void
sink_unit_dropped(void *ctx, struct fetch_unit *u)
{
	(void)ctx;
	if (u->data)
		fclose(u->data);
	u->data = NULL;
}

static void
show_progress(struct account_run *a)
{
	double elapsed = wall_now() - a->started;
	long left = a->chunks_planned - a->chunks_done;
	double eta = a->chunks_done ? elapsed / (double)a->chunks_done * (double)left : 0;

	if (!a->o->progress)
		return;
	fprintf(stderr, "\r%s: %s chunks %ld/%ld, rows %ld, requests %ld, ETA %ld:%02ld ",
	        log_progname(), a->account, a->chunks_done, a->chunks_planned, a->rows,
	        stats_get(a->run->stats, STATS_REQUESTS), (long)eta / 60, (long)eta % 60);
	fflush(stderr);
}

/*
 * An insights row about to replace a stored one computed under another
 * attribution setting: refused (EXIT_USAGE) unless told, since the two
 * would be summed together as if they counted the same thing.
 */
static int
check_attribution(struct account_run *a, json_t *msg, struct error *e)
{
	json_t *rec = json_object_get(msg, "record");
	const char *now = json_string_value(json_object_get(rec, "attribution_setting"));
	char was[128];
	int found;

	if (a->o->allow_attribution_change || now == NULL ||
	    strcmp(json_string_value(json_object_get(msg, "stream")), "insights") != 0)
		return 0;
	if ((found = store_insight_attribution(a->store, rec, was, sizeof was, e)) < 0)
		return -1;
	if (found && strcmp(was, now) != 0)
		return error_set(e, EXIT_USAGE, "%s: the insights of %s (level %s, %s) in the database "
		                 "were fetched under attribution setting '%s', Meta now serves '%s': not "
		                 "overwriting them (give --allow-attribution-change to replace them, or "
		                 "use another database)", a->account,
		                 json_string_value(json_object_get(rec, "date_start")),
		                 json_string_value(json_object_get(rec, "level")),
		                 json_string_value(json_object_get(rec, "object_id")), was, now), -1;
	return 0;
}

/*
 * check_attribution() for an insights record scanned from its text
 * (token rec of a->scan): its key and setting copied out, then the same test.
 */
static int
check_attribution_scanned(struct account_run *a, size_t rec, struct error *e)
{
	static const char *const names[] = { "level", "object_id", "date_start", "date_stop",
	                                     "breakdown_key", "attribution_setting", NULL };
	const struct jscan *j = &a->scan;
	json_t *msg, *copy;
	size_t i, v;
	int rc;
	char *text;

	if (a->o->allow_attribution_change || (v = jscan_member(j, rec, "attribution_setting")) == 0 ||
	    j->tok[v].type != JSCAN_STRING)
		return 0;
	copy = json_object();
	for (i = 0; names[i]; i++) {
		if ((v = jscan_member(j, rec, names[i])) == 0 || j->tok[v].type != JSCAN_STRING)
			continue;
		text = xmalloc(j->tok[v].len + 1);
		text[jscan_string(j, v, text)] = '\0';
		json_object_set_new(copy, names[i], json_string(text));
		free(text);
	}
	msg = json_pack("{s:s, s:o}", "stream", "insights", "record", copy);
	rc = check_attribution(a, msg, e);
	json_decref(msg);
	return rc;
}

/*
 * An insights row (len bytes of line) typed and stored from its text, as
 * meta-transform's and meta-load's fast paths do: 1 when done, 0 when it
 * is for the jansson path (map_fast_line() takes only what it can do just
 * as map_record_message() would), -1 on a store error.
 */
static int
write_fast(struct account_run *a, const char *stream, const char *line, size_t len,
           struct error *e)
{
	size_t rec;
	int changed;

	if (strcmp(stream, "insights") != 0)
		return 0;
	buf_reset(&a->msg);
	buf_puts(&a->msg, "{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":");
	buf_append(&a->msg, line, len);
	buf_puts(&a->msg, "}");
	buf_reset(&a->typed);
	if (!map_fast_line(a->fast, a->msg.data, a->msg.len, &a->typed))
		return 0;
	if (jscan_parse(&a->scan, a->typed.data, a->typed.len) != 0 ||
	    (rec = jscan_member(&a->scan, 0, "record")) == 0)
		return 0;
	if (check_attribution_scanned(a, rec, e) != 0)
		return -1;
	if (store_upsert_scanned(a->store, stream, &a->scan, rec, &changed, e) != 0)
		return -1;
	a->rows++;
	return 1;
}

/* Maps each kept row as meta-transform would and upserts it, in the open transaction. */
static int
write_kept(struct account_run *a, struct fetch_unit *u, struct error *e)
{
	char now[32], *line = NULL;
	size_t cap = 0, j;
	ssize_t len;
	int rc = 0;

	if (u->data == NULL)
		return 0;
	if (fflush(u->data) != 0 || fseek(u->data, 0, SEEK_SET) != 0)
		return error_set(e, EXIT_OTHER, "cannot read a temporary file: %s", strerror(errno)), -1;
	util_utc_now(now, sizeof now);
	while (rc == 0 && (len = getline(&line, &cap, u->data)) > 0) {
		json_error_t jerr;
		json_t *row, *msg, *outs, *out;
		int changed, fast;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if ((fast = write_fast(a, u->stream, line, (size_t)len, e)) != 0) {
			rc = fast < 0;
			continue;
		}
		if ((row = json_loadb(line, (size_t)len, 0, &jerr)) == NULL) {
			rc = error_set(e, EXIT_OTHER, "temporary file: %s", jerr.text);
			break;
		}
		msg = singer_record(u->stream, row, now);
		outs = map_record_message(msg, a->o->mapping, e);
		json_decref(msg);
		if (outs == NULL) {
			error_prefix(e, "%s record from the API", u->stream);
			rc = -1;
			break;
		}
		json_array_foreach(outs, j, out) {
			if (check_attribution(a, out, e) != 0) {
				rc = -1;
				break;
			}
			if (store_upsert(a->store, json_string_value(json_object_get(out, "stream")),
			                 json_object_get(out, "record"), &changed, e) != 0) {
				rc = -1;
				break;
			}
			a->rows++;
		}
		json_decref(outs);
	}
	if (rc == 0 && ferror(u->data))
		rc = error_set(e, EXIT_OTHER, "cannot read a temporary file: %s", strerror(errno));
	free(line);
	return rc ? -1 : 0;
}

/* A unit is complete: its rows and, for a chunk, its days, in one short transaction. */
static int
sink_unit_done(void *ctx, struct fetch_unit *u, struct error *e)
{
	struct account_run *a = ctx;
	long s = 0, d = -1;
	int chunk = u->since[0] != '\0';

	if (chunk && (date_parse(u->since, &s) != 0 || date_parse(u->until, &d) != 0))
		return error_set(e, EXIT_OTHER, "bad chunk %s..%s", u->since, u->until), -1;
	if (store_begin(a->store, e) != 0 || write_kept(a, u, e) != 0 ||
	    (chunk && store_mark_days(a->store, &a->progress, s, d, e) != 0) ||
	    store_commit(a->store, e) != 0) {
		store_rollback(a->store);
		sink_unit_dropped(ctx, u);
		return -1;
	}
	sink_unit_dropped(ctx, u);
	if (chunk) {
		a->chunks_done++;
		a->days_done += d - s + 1;
		log_debug("%s: %s..%s done", a->account, u->since, u->until);
		show_progress(a);
	}
	return 0;
}

static int
fetch_into(const struct graph_config *cfg, struct account_run *a, enum fetch_kind kind,
           const struct fetch_range *ranges, size_t nranges, struct error *e)
{
	const struct backfill_options *o = a->o;
	struct fetch_sink sink = { sink_page, sink_unit_done, sink_unit_dropped, NULL, a,
	                           sink_page_text };
	const char *accounts[1] = { a->account };
	struct fetch_options fo = { 0 };

	fo.kind = kind;
	fo.accounts = accounts;
	fo.naccounts = 1;
	fo.level = kind == FETCH_INSIGHTS ? a->level : NULL;
	fo.breakdowns = kind == FETCH_INSIGHTS && a->progress.breakdowns[0] ? a->progress.breakdowns
	                                                                   : NULL;
	fo.exclude_archived = o->exclude_archived && kind != FETCH_ACCOUNT;
	fo.jobs = o->jobs;
	fo.chunk_days = kind == FETCH_INSIGHTS ? (o->chunk ? o->chunk : BACKFILL_DEFAULT_CHUNK) : 0;
	fo.ranges = ranges;
	fo.nranges = nranges;
	fo.sink = &sink;
	return fetch_run(a->run, cfg, &fo, NULL, e);
}

/*
 * The ranges to fetch (new array, caller frees), from the days already
 * marked and the last completed run: see plan_days().
 */
static struct fetch_range *
plan_ranges(struct account_run *a, long since, long until, size_t *n, struct error *e)
{
	const struct backfill_options *o = a->o;
	long days = until - since + 1, last, chunk = o->chunk ? o->chunk : BACKFILL_DEFAULT_CHUNK;
	unsigned char *done;
	struct plan_range *plan;
	struct fetch_range *ranges;
	size_t i;

	*n = 0;
	if (days <= 0)
		return xcalloc(1, sizeof *ranges);
	done = xmalloc((size_t)days);
	if (store_fetched_days(a->store, &a->progress, since, until, done, e) != 0 ||
	    store_last_run(a->store, &a->progress, &last, e) != 0) {
		free(done);
		return NULL;
	}
	plan = xcalloc((size_t)(days + 2) / 2, sizeof *plan);
	*n = plan_days(since, until, done, last, o->lookback >= 0 ? o->lookback
	               : BACKFILL_DEFAULT_LOOKBACK, o->full, plan);
	ranges = xcalloc(*n ? *n : 1, sizeof *ranges);
	for (i = 0; i < *n; i++) {
		date_format(plan[i].since, ranges[i].since, sizeof ranges[i].since);
		date_format(plan[i].until, ranges[i].until, sizeof ranges[i].until);
		a->days_planned += plan[i].until - plan[i].since + 1;
		a->chunks_planned += (long)plan_chunks(plan[i].since, plan[i].until, chunk, NULL, 0);
	}
	free(plan);
	free(done);
	return ranges;
}

static json_t *
account_report(struct account_run *a, int status, const char *msg)
{
	json_t *s = stats_json(a->run->stats, wall_now(), status, ratelimit_peak(a->run->rl));
	json_t *r = json_pack("{s:s, s:i, s:s?, s:{s:s?, s:s?}, s:{s:I, s:I}, s:I, s:I, s:O, s:O, "
	                      "s:O, s:O, s:O, s:O}",
	                      "account", a->account, "status", status, "error", msg,
	                      "range", "since", a->since[0] ? a->since : NULL,
	                      "until", a->until[0] ? a->until : NULL,
	                      "chunks", "planned", (json_int_t)a->chunks_planned,
	                      "done", (json_int_t)a->chunks_done,
	                      "days_fetched", (json_int_t)a->days_done,
	                      "rows", (json_int_t)a->rows,
	                      "requests", json_object_get(s, "requests"),
	                      "error_responses", json_object_get(s, "error_responses"),
	                      "retries", json_object_get(s, "retries"),
	                      "rate_limit_errors", json_object_get(s, "rate_limit_errors"),
	                      "throttled_seconds", json_object_get(s, "throttled_seconds"),
	                      "duration_seconds", json_object_get(s, "duration_seconds"));
	json_decref(s);
	return r;
}

/*
 * The hierarchy, each kind in one short transaction once all its pages
 * arrived.  When an earlier run recorded a block Meta announced that has
 * not ended yet, the first request is a probe: with no wait budget, a
 * throttle ends the run at once instead of retrying into the block.
 */
static int
fetch_hierarchy(const struct graph_config *cfg, struct account_run *a, struct error *e)
{
	static const enum fetch_kind entities[] = { FETCH_ACCOUNT, FETCH_CAMPAIGNS, FETCH_ADSETS,
	                                            FETCH_ADS };
	double blocked, budget = a->run->retry.budget;
	size_t i;
	int rc;

	if (store_get_block(a->store, a->account, &blocked, e) != 0)
		return e->status;
	if (blocked > (double)time(NULL)) {
		log_info("%s: Meta blocked this account until %.0f s from now (an earlier run); "
		         "probing once", a->account, blocked - (double)time(NULL));
		a->run->retry.budget = 0;
	}
	rc = fetch_into(cfg, a, entities[0], NULL, 0, e);
	a->run->retry.budget = budget;
	if (rc != 0)
		return rc;
	if (blocked > 0 && (store_set_block(a->store, a->account, 0, e) != 0 ||
	                    store_commit(a->store, e) != 0))
		return e->status;
	for (i = 1; i < sizeof entities / sizeof entities[0]; i++)
		if ((rc = fetch_into(cfg, a, entities[i], NULL, 0, e)) != 0)
			return rc;
	return 0;
}

/* The days of one level and breakdown set that need fetching, fetched, and the run recorded. */
static int
fetch_set(const struct graph_config *cfg, struct account_run *a, long since, long until,
          struct error *e)
{
	struct fetch_range *ranges;
	size_t n;
	long planned = a->days_planned, chunks = a->chunks_planned;
	int rc;

	if ((ranges = plan_ranges(a, since, until, &n, e)) == NULL)
		return e->status;
	log_info("%s: level %s%s%s: %ld days to fetch in %ld chunks (range %s..%s)", a->account,
	         a->level, a->progress.breakdowns[0] ? ", breakdowns " : "", a->progress.breakdowns,
	         a->days_planned - planned, a->chunks_planned - chunks, a->since, a->until);
	rc = n ? fetch_into(cfg, a, FETCH_INSIGHTS, ranges, n, e) : 0;
	free(ranges);
	if (rc != 0)
		return rc;
	if (store_begin(a->store, e) != 0 ||
	    store_run_completed(a->store, &a->progress, until, e) != 0 ||
	    store_commit(a->store, e) != 0)
		return e->status ? e->status : EXIT_OTHER;
	return 0;
}

/* One batch's answers (objects of stream, null for a failed item) mapped and written. */
static int
write_objects(struct account_run *a, const char *stream, json_t *bodies, struct error *e)
{
	char now[32];
	json_t *body, *outs, *out, *msg;
	size_t i, j;
	int changed;

	util_utc_now(now, sizeof now);
	if (store_begin(a->store, e) != 0)
		return -1;
	json_array_foreach(bodies, i, body) {
		if (!json_is_object(body))
			continue;
		msg = singer_record(stream, json_incref(body), now);
		outs = map_record_message(msg, a->o->mapping, e);
		json_decref(msg);
		if (outs == NULL)
			goto fail;
		json_array_foreach(outs, j, out) {
			if (store_upsert(a->store, json_string_value(json_object_get(out, "stream")),
			                 json_object_get(out, "record"), &changed, e) != 0) {
				json_decref(outs);
				goto fail;
			}
			a->rows++;
		}
		json_decref(outs);
	}
	return store_commit(a->store, e);
fail:
	store_rollback(a->store);
	return -1;
}

/*
 * Deleted objects spent too, and their rows are in insights, but the
 * entity edges never list them: the campaigns, ad sets and ads insights
 * name and the tables lack are read by id (batches of 50), so every row
 * has its names.  One Meta cannot serve is warned about, not fatal.
 */
static int
fetch_unnamed(const struct graph_config *cfg, struct account_run *a, struct error *e)
{
	static const enum fetch_kind kinds[] = { FETCH_CAMPAIGNS, FETCH_ADSETS, FETCH_ADS };
	struct graph_runtime rt = { a->run, NULL, NULL };
	struct graph *g = NULL;
	size_t k, i;
	int rc = 0;

	for (k = 0; k < sizeof kinds / sizeof kinds[0] && rc == 0; k++) {
		const char *stream = query_stream(kinds[k]);
		struct fetch_options fo = { 0 };
		json_t *ids = store_unnamed_objects(a->store, a->account, stream, e), *params;
		const char *fields;

		if (ids == NULL)
			return -1;
		fo.kind = kinds[k];
		params = query_params(&fo);
		fields = json_string_value(json_object_get(params, "fields"));
		if (json_array_size(ids) && g == NULL && (g = graph_new(cfg, "meta-backfill", &rt, e)) == NULL)
			rc = -1;
		if (json_array_size(ids))
			log_info("%s: %zu %s named in insights but not listed (deleted): reading them by id",
			         a->account, json_array_size(ids), stream);
		for (i = 0; i < json_array_size(ids) && rc == 0; i += 50) {
			json_t *items = json_array(), *bodies;
			size_t j;

			for (j = i; j < i + 50 && j < json_array_size(ids); j++) {
				char *rel = xasprintf("%s/%s?fields=%s", graph_version(g),
				                      json_string_value(json_array_get(ids, j)), fields);
				json_array_append_new(items, json_pack("{s:s, s:s}", "method", "GET",
				                                       "relative_url", rel));
				free(rel);
			}
			bodies = graph_batch(g, items, e);
			json_decref(items);
			if (bodies == NULL) {
				rc = -1;
				break;
			}
			for (j = 0; j < json_array_size(bodies); j++)
				if (!json_is_object(json_array_get(bodies, j)))
					log_warn("%s: %s %s: Meta does not serve it; its rows stay without names",
					         a->account, stream, json_string_value(json_array_get(ids, i + j)));
			rc = write_objects(a, stream, bodies, e);
			json_decref(bodies);
		}
		json_decref(params);
		json_decref(ids);
	}
	graph_free(&g);
	return rc ? (e->status ? e->status : EXIT_OTHER) : 0;
}

/*
 * The days an account's or a profile's run covers: --since and --until, else
 * the last --days days up to yesterday (the account's or Meta's Pacific
 * one); as day numbers and as YYYY-MM-DD in a and b.
 */
static void
run_range(const struct backfill_options *o, long yesterday, long *since, long *until,
          char a[11], char b[11])
{
	*until = yesterday;
	if (o->until)
		date_parse(o->until, until);
	if (o->since)
		date_parse(o->since, since);
	else
		*since = *until - (o->days ? o->days : BACKFILL_DEFAULT_DAYS) + 1;
	date_format(*since, a, 11);
	date_format(*until, b, 11);
}

static int
run_account(const struct graph_config *cfg, struct account_run *a, struct error *e)
{
	const struct backfill_options *o = a->o;
	char *levels, *lvl, *save = NULL;
	size_t k;
	double hours;
	long since, until;
	int rc;

	if ((rc = fetch_hierarchy(cfg, a, e)) != 0)
		return rc;
	if (store_account_offset(a->store, a->account, &hours, e) != 0)
		return e->status;
	run_range(o, plan_yesterday((double)time(NULL), hours), &since, &until, a->since, a->until);

	a->started = wall_now();
	/* Every level, each without breakdowns and with every breakdown set: progress for each. */
	levels = xstrdup(o->level ? o->level : "ad");
	for (lvl = strtok_r(levels, ",", &save); lvl && rc == 0; lvl = strtok_r(NULL, ",", &save))
		for (k = 0; k <= o->nbreakdowns && rc == 0; k++) {
			char *set = normal_set(k ? o->breakdowns[k - 1] : "");
			a->level = lvl;
			a->progress.level = lvl;
			a->progress.breakdowns = set;
			rc = fetch_set(cfg, a, since, until, e);
			free(set);
		}
	free(levels);
	a->level = a->progress.level = "ad";
	a->progress.breakdowns = "";
	if (rc == 0)
		rc = fetch_unnamed(cfg, a, e);
	if (a->o->progress && a->chunks_planned)
		fputc('\n', stderr);
	return rc;
}

/* The mapping's metrics become columns of the database, once, before any row. */
static int
define_metrics(struct store *s, const struct mapping *m, struct error *e)
{
	size_t i, n = mapping_count(m);
	struct store_metric *defs = xcalloc(n ? n : 1, sizeof *defs);
	int rc;

	for (i = 0; i < n; i++) {
		defs[i].name = mapping_name(m, i);
		defs[i].ratio = mapping_is_ratio(m, i);
		defs[i].num = mapping_ratio_term(m, i, 0);
		defs[i].den = mapping_ratio_term(m, i, 1);
	}
	rc = store_define_metrics(s, defs, n, e);
	free(defs);
	return rc;
}

/* After a failure: a block Meta announced past the budget is kept for the next run. */
static void
record_block(struct account_run *a)
{
	struct error e = { 0 };

	if (a->run->blocked_until <= (double)time(NULL))
		return;
	if (store_begin(a->store, &e) != 0 ||
	    store_set_block(a->store, a->account, a->run->blocked_until, &e) != 0 ||
	    store_commit(a->store, &e) != 0) {
		store_rollback(a->store);
		log_warn("%s: cannot record Meta's block: %s", a->account, e.msg);
	}
}

/*
 * ---- Instagram profiles: the same scheme as an account's insights, with
 * windows of at most IG_MAX_WINDOW_DAYS days as chunks.
 */

struct profile_run {
	const struct backfill_options *o;
	struct run *run;
	struct store *store;
	struct graph *g;
	const char *user;
	struct store_progress progress;
	long windows_planned, windows_done, days_planned, days_done, rows;
	double started;
	char since[11], until[11];
	json_t *kept;            /* the window's records, until it is whole */
};

static int
keep_record(void *ctx, json_t *rec, struct error *e)
{
	struct profile_run *p = ctx;

	(void)e;
	json_array_append(p->kept, rec);
	return 0;
}

/* The kept records, typed as meta-transform types them, and days [since, until] marked, at once. */
static int
write_profile(struct profile_run *p, long since, long until, struct error *e)
{
	char now[32];
	size_t i, j;
	json_t *rec, *msg, *outs, *out;
	int changed, rc = 0;

	util_utc_now(now, sizeof now);
	if (store_begin(p->store, e) != 0)
		return -1;
	json_array_foreach(p->kept, i, rec) {
		msg = singer_record(IG_STREAM, json_incref(rec), now);
		outs = map_record_message(msg, p->o->mapping, e);
		json_decref(msg);
		if (outs == NULL) {
			error_prefix(e, "%s record from the API", IG_STREAM);
			rc = -1;
			break;
		}
		json_array_foreach(outs, j, out)
			if (rc == 0 && store_upsert(p->store, IG_STREAM, json_object_get(out, "record"),
			                            &changed, e) != 0)
				rc = -1;
		json_decref(outs);
		if (rc != 0)
			break;
		p->rows++;
	}
	if (rc != 0 || (since <= until && store_mark_days(p->store, &p->progress, since, until, e) != 0) ||
	    store_commit(p->store, e) != 0) {
		store_rollback(p->store);
		rc = -1;
	}
	json_array_clear(p->kept);
	return rc;
}

static int
profile_window(struct profile_run *p, long since, long until, struct error *e)
{
	struct ig_sink sink = { keep_record, p };
	char a[11], b[11];
	int rc;

	if ((rc = ig_fetch_profile(p->g, p->user, since, until, IG_ALL_METRICS,
	                           p->o->ig_utc_offset, &sink, e)) != 0) {
		json_array_clear(p->kept);
		return rc;
	}
	if (write_profile(p, since, until, e) != 0)
		return e->status ? e->status : EXIT_OTHER;
	p->windows_done++;
	p->days_done += until - since + 1;
	date_format(since, a, sizeof a);
	date_format(until, b, sizeof b);
	log_debug("ig %s: %s..%s done", p->user, a, b);
	if (p->o->progress) {
		fprintf(stderr, "\r%s: ig %s windows %ld/%ld, rows %ld, requests %ld ", log_progname(),
		        p->user, p->windows_done, p->windows_planned, p->rows,
		        stats_get(p->run->stats, STATS_REQUESTS));
		fflush(stderr);
	}
	return 0;
}

/* The days not fetched yet and the look-back, window by window, then the snapshot and the run. */
static int
sync_profile(struct profile_run *p, struct error *e)
{
	const struct backfill_options *o = p->o;
	long today = plan_yesterday((double)time(NULL), o->ig_utc_offset) + 1, since, until, last;
	long days, w, nw;
	unsigned char *done;
	struct plan_range *plan;
	size_t n, i;
	int rc = 0;

	run_range(o, today - 1, &since, &until, p->since, p->until);
	days = until - since + 1;
	done = xmalloc((size_t)(days > 0 ? days : 1));
	plan = xcalloc((size_t)(days > 0 ? days + 2 : 2) / 2, sizeof *plan);
	n = 0;
	if (days > 0) {
		if (store_fetched_days(p->store, &p->progress, since, until, done, e) != 0 ||
		    store_last_run(p->store, &p->progress, &last, e) != 0) {
			rc = e->status ? e->status : EXIT_OTHER;
			goto out;
		}
		n = plan_days(since, until, done, last, o->lookback >= 0 ? o->lookback
		              : BACKFILL_DEFAULT_LOOKBACK, o->full, plan);
	}
	for (i = 0; i < n; i++) {
		p->days_planned += plan[i].until - plan[i].since + 1;
		p->windows_planned += (long)plan_chunks(plan[i].since, plan[i].until, IG_MAX_WINDOW_DAYS,
		                                        NULL, 0);
	}
	log_info("ig %s: %ld days to fetch in %ld windows (range %s..%s)", p->user, p->days_planned,
	         p->windows_planned, p->since, p->until);
	for (i = 0; i < n && rc == 0; i++) {
		struct plan_range *win;
		nw = (long)plan_chunks(plan[i].since, plan[i].until, IG_MAX_WINDOW_DAYS, NULL, 0);
		win = xcalloc((size_t)nw, sizeof *win);
		plan_chunks(plan[i].since, plan[i].until, IG_MAX_WINDOW_DAYS, win, (size_t)nw);
		for (w = 0; w < nw && rc == 0; w++)
			rc = profile_window(p, win[w].since, win[w].until, e);
		free(win);
	}
	if (p->o->progress && p->windows_planned)
		fputc('\n', stderr);
	/* The follower count of the run's day, then the run is complete. */
	if (rc == 0 && (rc = ig_fetch_snapshot(p->g, p->user, today, IG_ALL_METRICS,
	                                       &(struct ig_sink){ keep_record, p }, e)) == 0 &&
	    write_profile(p, 1, 0, e) != 0)
		rc = e->status ? e->status : EXIT_OTHER;
	if (rc == 0 && (store_begin(p->store, e) != 0 ||
	                store_run_completed(p->store, &p->progress, until, e) != 0 ||
	                store_commit(p->store, e) != 0)) {
		store_rollback(p->store);
		rc = e->status ? e->status : EXIT_OTHER;
	}
out:
	free(plan);
	free(done);
	return rc;
}

/* One profile: synced, logged when it fails, and its entry added to the report's profiles. */
static int
run_profile(struct run *run, const struct graph_config *cfg, const struct backfill_options *o,
            struct store *store, const char *user, json_t *profiles)
{
	struct graph_runtime rt = { run, NULL, NULL };
	struct profile_run p = { 0 };
	struct error pe = { 0 };
	json_t *s;
	int rc;

	p.o = o;
	p.run = run;
	p.store = store;
	p.user = user;
	p.progress.account = user;
	p.progress.level = IG_PROGRESS_LEVEL;
	p.progress.breakdowns = "";
	p.kept = json_array();
	p.started = wall_now();
	/* Counters and the wait budget are per profile, as per account; pacing is the run's. */
	run->stats = stats_new(wall_now());
	run->blocked_until = 0;
	if ((p.g = graph_new(cfg, "meta-backfill", &rt, &pe)) == NULL)
		rc = pe.status ? pe.status : EXIT_OTHER;
	else
		rc = sync_profile(&p, &pe);
	if (rc != 0) {
		if (pe.status == 0)
			error_set(&pe, rc, "ig %s: failed", user);
		log_error("%s", pe.msg);
	}
	s = stats_json(run->stats, wall_now(), rc, ratelimit_peak(run->rl));
	json_array_append_new(profiles, json_pack(
		"{s:s, s:i, s:s?, s:{s:s?, s:s?}, s:{s:I, s:I}, s:I, s:I, s:O, s:O, s:O, s:O, s:O, s:O}",
		"ig_user_id", user, "status", rc, "error", rc ? pe.msg : NULL,
		"range", "since", p.since[0] ? p.since : NULL, "until", p.until[0] ? p.until : NULL,
		"windows", "planned", (json_int_t)p.windows_planned, "done", (json_int_t)p.windows_done,
		"days_fetched", (json_int_t)p.days_done, "rows", (json_int_t)p.rows,
		"requests", json_object_get(s, "requests"),
		"error_responses", json_object_get(s, "error_responses"),
		"retries", json_object_get(s, "retries"),
		"rate_limit_errors", json_object_get(s, "rate_limit_errors"),
		"throttled_seconds", json_object_get(s, "throttled_seconds"),
		"duration_seconds", json_object_get(s, "duration_seconds")));
	json_decref(s);
	stats_free(&run->stats);
	graph_free(&p.g);
	json_decref(p.kept);
	return rc;
}

/*
 * run_profile() under the profile's lock, "ig_<id>" (a flock
 * "<db>.ig_<id>.lock" next to a SQLite file, an advisory lock in
 * PostgreSQL): a profile another run is syncing fails with EXIT_TEMPFAIL
 * at once, as its next run will sync it.
 */
static int
run_locked_profile(struct run *run, const struct graph_config *cfg,
                   const struct backfill_options *o, struct store *store, const char *user,
                   json_t *profiles)
{
	char id[64];
	struct error le = { 0 };
	int got, rc;

	snprintf(id, sizeof id, "ig_%s", user);
	if ((got = store_lock_account(store, id, &le)) <= 0) {
		if (got == 0)
			error_set(&le, EXIT_TEMPFAIL, "Instagram profile %s: another meta-backfill is "
			          "syncing it (its lock is held); try again later", user);
		log_error("%s", le.msg);
		json_array_append_new(profiles, json_pack("{s:s, s:i, s:s}", "ig_user_id", user,
		                                          "status", le.status, "error", le.msg));
		return le.status ? le.status : EXIT_OTHER;
	}
	rc = run_profile(run, cfg, o, store, user, profiles);
	store_unlock_account(store, id);
	return rc;
}

/*
 * The accounts of the run, "act_<digits>" each once: those given, then
 * with all_accounts those the token reaches (/me/adaccounts, as
 * `meta-fetch adaccounts` reads them).  *n gets their number; NULL with
 * e set when the list cannot be read.
 */
static char (*account_list(struct run *run, const struct graph_config *cfg,
                           const struct backfill_options *o, size_t *n, struct error *e))[64]
{
	json_t *reached = NULL, *id;
	char (*ids)[64];
	size_t i, k, cap;

	*n = 0;
	if (o->all_accounts && fetch_account_list(run, cfg, &reached, NULL, e) != 0) {
		error_prefix(e, "--all-accounts: cannot list the ad accounts the token reaches");
		return NULL;
	}
	cap = o->naccounts + json_array_size(reached);
	ids = xcalloc(cap ? cap : 1, sizeof *ids);
	for (i = 0; i < o->naccounts; i++) {
		if (query_account_id(o->accounts[i], ids[*n], sizeof ids[*n], e) != 0) {
			json_decref(reached);
			free(ids);
			return NULL;
		}
		for (k = 0; k < *n && strcmp(ids[k], ids[*n]) != 0; k++)
			;
		if (k == *n)
			(*n)++;
	}
	json_array_foreach(reached, i, id) {
		for (k = 0; k < *n && strcmp(ids[k], json_string_value(id)) != 0; k++)
			;
		if (k == *n)
			snprintf(ids[(*n)++], sizeof ids[0], "%s", json_string_value(id));
	}
	if (o->all_accounts)
		log_info("--all-accounts: the token reaches %zu ad accounts; %zu to backfill",
		         json_array_size(reached), *n);
	json_decref(reached);
	return ids;
}

/* One database, one currency: sums across accounts of different currencies mean nothing. */
static void
warn_currencies(struct store *store, const char *db)
{
	struct error e = { 0 };
	json_t *by = store_account_currencies(store, &e), *ids, *id;
	struct buf list = BUF_INIT;
	const char *cur;
	size_t i;

	if (by == NULL) {
		log_warn("%s", e.msg);
		return;
	}
	if (json_object_size(by) > 1) {
		json_object_foreach(by, cur, ids) {
			buf_printf(&list, "%s%s:", list.len ? "; " : "", cur);
			json_array_foreach(ids, i, id)
				buf_printf(&list, " %s", json_string_value(id));
		}
		log_warn("database '%s' holds ad accounts in %zu currencies (%s): amounts summed across "
		         "them mix currencies", db, json_object_size(by), buf_str(&list));
	}
	buf_free(&list);
	json_decref(by);
}

/* What became of an account in this run. */
enum account_state { ACCOUNT_TODO, ACCOUNT_HELD, ACCOUNT_DONE };

/* Runs account id (locked) and appends its report entry; returns its exit status. */
static int
run_locked(struct run *run, const struct graph_config *cfg, const struct backfill_options *o,
           struct store *store, const char *id, json_t *accounts)
{
	struct account_run a = { 0 };
	struct error ae = { 0 };
	double pct;
	int rc;

	a.o = o;
	a.run = run;
	a.store = store;
	a.account = id;
	a.level = "ad";
	a.progress.account = id;
	a.progress.level = a.level;
	a.progress.breakdowns = "";
	a.started = wall_now();
	a.fast = map_fast_new(o->mapping);
	/* Counters and the wait budget are per account; pacing is the run's. */
	run->stats = stats_new(wall_now());
	run->blocked_until = 0;
	rc = run_account(cfg, &a, &ae);
	if (rc != 0) {
		store_rollback(store);
		record_block(&a);
		if (ae.status == 0)
			error_set(&ae, rc, "%s: failed", id);
		log_error("%s", ae.msg);
	}
	if (stats_error_rate_high(run->stats, &pct))
		log_warn("%s: %.0f%% of the requests were errors; Meta takes away an app's full "
		         "access past 15%%", id, pct);
	json_array_append_new(accounts, account_report(&a, rc, rc ? ae.msg : NULL));
	stats_free(&run->stats);
	map_fast_free(&a.fast);
	buf_free(&a.msg);
	buf_free(&a.typed);
	jscan_free(&a.scan);
	return rc;
}

/* The report entry of an account this run did not fetch: status and why. */
static void
report_unfetched(struct run *run, const char *id, int status, const char *why, json_t *accounts)
{
	struct account_run a = { 0 };
	json_t *entry;

	a.account = id;
	a.run = run;
	run->stats = stats_new(wall_now());
	entry = account_report(&a, status, status ? why : NULL);
	if (status == 0)
		json_object_set_new(entry, "skipped", json_string(why));
	json_array_append_new(accounts, entry);
	stats_free(&run->stats);
}

/*
 * One pass over the accounts not done yet: each whose lock is free is
 * fetched, unless its runs' stamp moved since this run began (another run
 * completed it meanwhile: never fetched twice); each held by another run
 * is left for the next pass.  Returns the worst status, -1 with e set when
 * the store fails.
 */
static int
take_free_accounts(struct run *run, const struct graph_config *cfg,
                   const struct backfill_options *o, struct store *store, char ids[][64],
                   size_t naccounts, char stamps[][64], enum account_state *state,
                   json_t *accounts, struct error *e)
{
	char now[64];
	size_t i;
	int status = 0, got;

	for (i = 0; i < naccounts && !run_stopping(run); i++) {
		if (state[i] == ACCOUNT_DONE)
			continue;
		if ((got = store_lock_account(store, ids[i], e)) < 0)
			return -1;
		if (got == 0) {
			if (state[i] == ACCOUNT_TODO)
				log_info("%s: another meta-backfill is fetching it; coming back to it", ids[i]);
			state[i] = ACCOUNT_HELD;
			continue;
		}
		if (store_run_stamp(store, ids[i], now, sizeof now, e) != 0) {
			store_unlock_account(store, ids[i]);
			return -1;
		}
		state[i] = ACCOUNT_DONE;
		if (strcmp(now, stamps[i]) != 0) {
			log_info("%s: completed by another meta-backfill during this run", ids[i]);
			report_unfetched(run, ids[i], 0, "completed by another run", accounts);
		} else {
			status = error_worse(status, run_locked(run, cfg, o, store, ids[i], accounts));
		}
		store_unlock_account(store, ids[i]);
	}
	return status;
}

int
backfill_run(struct run *run, const struct graph_config *cfg, const struct backfill_options *o,
             json_t **report, struct error *e)
{
	size_t naccounts = 0;
	char (*ids)[64] = account_list(run, cfg, o, &naccounts, e);
	char (*stamps)[64] = xcalloc(naccounts + 1, sizeof *stamps);
	enum account_state *state = xcalloc(naccounts + 1, sizeof *state);
	json_t *accounts = json_array(), *profiles = json_array();
	struct store *store = NULL;
	struct stats *run_stats = run->stats;
	struct error ne = { 0 };
	double started = wall_now(), waited = 0;
	int status = 0, rc;
	size_t i, held;

	*report = NULL;
	if (ids == NULL) {
		status = e->status ? e->status : EXIT_OTHER;
		goto out;
	}
	if ((store = store_open(o->db, e)) == NULL || define_metrics(store, o->mapping, e) != 0) {
		status = e->status ? e->status : EXIT_OTHER;
		goto out;
	}
	/* What each account's completed runs were when this run began. */
	for (i = 0; i < naccounts; i++)
		if (store_run_stamp(store, ids[i], stamps[i], sizeof stamps[i], e) != 0) {
			status = e->status ? e->status : EXIT_OTHER;
			goto out;
		}
	/*
	 * The accounts no other run holds first; then back to those held,
	 * four times a second, for as long as the wait budget (--max-wait) lasts.
	 */
	for (;;) {
		if ((rc = take_free_accounts(run, cfg, o, store, ids, naccounts, stamps, state,
		                             accounts, e)) < 0) {
			status = error_worse(status, e->status ? e->status : EXIT_OTHER);
			goto out;
		}
		status = error_worse(status, rc);
		for (i = held = 0; i < naccounts; i++)
			held += state[i] != ACCOUNT_DONE;
		if (held == 0 || run_stopping(run))
			break;
		if (waited >= run->retry.budget) {
			for (i = 0; i < naccounts; i++) {
				struct error he = { 0 };

				if (state[i] == ACCOUNT_DONE)
					continue;
				error_set(&he, EXIT_TEMPFAIL, "account %s: another meta-backfill is running it "
				          "(its lock is held) past the wait budget; try again later", ids[i]);
				log_error("%s", he.msg);
				report_unfetched(run, ids[i], EXIT_TEMPFAIL, he.msg, accounts);
				status = error_worse(status, EXIT_TEMPFAIL);
			}
			break;
		}
		/* A quarter second: a host waiting for the last account ends soon after it does. */
		run_sleep(run, 0.25);
		waited += 0.25;
	}
	for (i = 0; i < o->nig_users && !run_stopping(run); i++)
		status = error_worse(status, run_locked_profile(run, cfg, o, store, o->ig_users[i],
		                                                profiles));
	run->stats = run_stats;
	warn_currencies(store, o->db);
out:
	*report = json_pack("{s:o, s:i, s:f}", "accounts", accounts, "exit_status", status,
	                    "duration_seconds", wall_now() - started);
	if (o->nig_users)
		json_object_set(*report, "profiles", profiles);
	json_decref(profiles);
	if (run_stop_reason(run)) {
		json_object_set_new(*report, "stopped", json_string(run_stop_reason(run)));
		if (status == 0)
			status = error_set(e, EXIT_TEMPFAIL, "stopped by %s", run_stop_reason(run));
		json_object_set_new(*report, "exit_status", json_integer(status));
	}
	if (status != 0 && o->notify_url && notify_post(o->notify_url, *report, status, &ne) != 0) {
		/* Nobody hears of this failure otherwise: an error, even under -q. */
		log_error("%s", ne.msg);
		status = error_worse(status, ne.status);
		json_object_set_new(*report, "exit_status", json_integer(status));
	}
	store_close(&store);
	free(state);
	free(stamps);
	free(ids);
	return status;
}
