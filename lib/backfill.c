#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backfill.h"
#include "date.h"
#include "fetch.h"
#include "http.h"
#include "log.h"
#include "map.h"
#include "notify.h"
#include "singer.h"
#include "stats.h"
#include "store.h"
#include "util.h"

/* One account's run: what the sink needs and what the report says. */
struct account_run {
	const struct backfill_options *o;
	struct store *store;
	const char *account;
	const char *level;
	struct stats *stats;
	long chunks_planned, chunks_done, days_planned, days_done;
	long rows;               /* rows written to the store, all tables */
	double started;
	char since[11], until[11];
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

int
backfill_check_options(const struct backfill_options *o, struct error *e)
{
	static const char *const levels[] = { "account", "campaign", "adset", "ad" };
	char id[64];
	size_t i;
	long a, b;

	if (o->naccounts == 0)
		return error_set(e, EXIT_USAGE, "no ad account: give -a act_<id>");
	for (i = 0; i < o->naccounts; i++)
		if (fetch_account_id(o->accounts[i], id, sizeof id, e) != 0)
			return EXIT_USAGE;
	if (o->db == NULL)
		return error_set(e, EXIT_USAGE, "no database: give --db PATH");
	if (strncmp(o->db, "postgres://", 11) == 0 || strncmp(o->db, "postgresql://", 13) == 0)
		return error_set(e, EXIT_USAGE, "--db '%s': PostgreSQL is not supported yet; give a "
		                 "SQLite file", o->db);
	if (check_date("--since", o->since, e) || check_date("--until", o->until, e))
		return EXIT_USAGE;
	if (o->until && o->since == NULL)
		return error_set(e, EXIT_USAGE, "--until needs --since");
	if (o->since && o->days)
		return error_set(e, EXIT_USAGE, "--days cannot be combined with --since");
	if (o->since && o->until && date_parse(o->since, &a) == 0 && date_parse(o->until, &b) == 0 &&
	    a > b)
		return error_set(e, EXIT_USAGE, "--since %s is after --until %s", o->since, o->until);
	if (o->level) {
		for (i = 0; i < 4; i++)
			if (strcmp(o->level, levels[i]) == 0)
				break;
		if (i == 4)
			return error_set(e, EXIT_USAGE, "--level '%s': expected account, campaign, adset "
			                 "or ad", o->level);
	}
	return 0;
}

/*
 * fcntl locks, one byte per account in "<db>.lock": released by the kernel
 * when the process ends however it ends, so a SIGKILLed run never leaves a
 * stale lock behind.
 */
static int
lock_accounts(const char *db, char ids[][64], size_t n, int *fd, struct error *e)
{
	char *path = xasprintf("%s.lock", db);
	size_t i;

	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		error_set(e, EXIT_OTHER, "cannot open lock file '%s': %s", path, strerror(errno));
		free(path);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct flock fl = { 0 };
		unsigned long h = 5381;
		const char *p;

		for (p = ids[i]; *p; p++)
			h = h * 33 + (unsigned char)*p;
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = (off_t)(h % 1000000007UL);
		fl.l_len = 1;
		if (fcntl(*fd, F_SETLK, &fl) != 0) {
			error_set(e, EXIT_TEMPFAIL, "database '%s' account %s: another meta-backfill is "
			          "running (lock '%s'); try again later", db, ids[i], path);
			free(path);
			close(*fd);
			*fd = -1;
			return -1;
		}
	}
	free(path);
	return 0;
}

/* The sink: map each object as meta-transform would and upsert it. */
static int
sink_page(void *ctx, const char *account, const char *stream, json_t *rows, struct error *e)
{
	struct account_run *a = ctx;
	char now[32];
	size_t i, j;
	json_t *row;

	(void)account;
	util_utc_now(now, sizeof now);
	json_array_foreach(rows, i, row) {
		json_t *msg = singer_record(stream, json_incref(row), now);
		json_t *outs = map_record_message(msg, e), *out;
		int changed;

		json_decref(msg);
		if (outs == NULL) {
			error_prefix(e, "%s record from the API", stream);
			return -1;
		}
		json_array_foreach(outs, j, out) {
			if (store_upsert(a->store, json_string_value(json_object_get(out, "stream")),
			                 json_object_get(out, "record"), &changed, e) != 0) {
				json_decref(outs);
				return -1;
			}
			a->rows++;
		}
		json_decref(outs);
	}
	return 0;
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
	        stats_get(a->stats, STATS_REQUESTS), (long)eta / 60, (long)eta % 60);
	fflush(stderr);
}

/* A chunk is complete: its days are marked and committed with its rows. */
static int
sink_chunk_done(void *ctx, const char *account, const char *since, const char *until,
                struct error *e)
{
	struct account_run *a = ctx;
	long s, u;

	(void)account;
	if (date_parse(since, &s) != 0 || date_parse(until, &u) != 0)
		return error_set(e, EXIT_OTHER, "bad chunk %s..%s", since, until), -1;
	if (store_mark_days(a->store, a->account, a->level, s, u, e) != 0 ||
	    store_commit(a->store, e) != 0)
		return -1;
	a->chunks_done++;
	a->days_done += u - s + 1;
	log_debug("%s: %s..%s done", a->account, since, until);
	show_progress(a);
	return 0;
}

static int
sink_account_done(void *ctx, const char *account, json_t *bookmark, struct error *e)
{
	struct account_run *a = ctx;

	(void)account;
	(void)bookmark;
	return store_commit(a->store, e);
}

static int
fetch_into(const struct graph_config *cfg, struct account_run *a, enum fetch_kind kind,
           const struct fetch_range *ranges, size_t nranges, struct error *e)
{
	const struct backfill_options *o = a->o;
	struct fetch_sink sink = { sink_page, sink_chunk_done, sink_account_done, a };
	const char *accounts[1] = { a->account };
	struct fetch_options fo = { 0 };

	fo.kind = kind;
	fo.accounts = accounts;
	fo.naccounts = 1;
	fo.level = a->level;
	fo.include_archived = o->include_archived && kind != FETCH_ACCOUNT && kind != FETCH_INSIGHTS;
	fo.jobs = o->jobs;
	fo.chunk_days = o->chunk ? o->chunk : BACKFILL_DEFAULT_CHUNK;
	fo.retry = o->retry;
	fo.ranges = ranges;
	fo.nranges = nranges;
	fo.sink = &sink;
	fo.stats = a->stats;
	return fetch_run(cfg, &fo, NULL, NULL, e);
}

/*
 * The days to fetch, as contiguous ranges (new array, caller frees):
 * every day of [since, until] not fetched yet; once a run has completed,
 * also its last lookback days and every day after them, which Meta may
 * have restated since; all of them with --full.  Anchoring the look-back
 * on the last *completed* run is what lets an interrupted backfill resume
 * without fetching again what it had already done.
 */
static struct fetch_range *
plan_days(struct account_run *a, long since, long until, size_t *n, struct error *e)
{
	const struct backfill_options *o = a->o;
	long days = until - since + 1, last, d, start = -1;
	int lookback = o->lookback >= 0 ? o->lookback : BACKFILL_DEFAULT_LOOKBACK;
	long chunk = o->chunk ? o->chunk : BACKFILL_DEFAULT_CHUNK;
	unsigned char *done = xmalloc((size_t)(days > 0 ? days : 1));
	struct fetch_range *ranges = xcalloc((size_t)(days / 2 + 2), sizeof *ranges);

	*n = 0;
	if (days <= 0) {
		free(done);
		return ranges;
	}
	if (store_fetched_days(a->store, a->account, a->level, since, until, done, e) != 0 ||
	    store_last_run(a->store, a->account, a->level, &last, e) != 0) {
		free(done);
		free(ranges);
		return NULL;
	}
	for (d = since; d <= until + 1; d++) {
		int want = d <= until && (o->full || !done[d - since] ||
		                          (last >= 0 && d > last - lookback));
		if (want && start < 0)
			start = d;
		if (!want && start >= 0) {
			date_format(start, ranges[*n].since, sizeof ranges[*n].since);
			date_format(d - 1, ranges[*n].until, sizeof ranges[*n].until);
			a->days_planned += d - start;
			a->chunks_planned += (d - start + chunk - 1) / chunk;
			(*n)++;
			start = -1;
		}
	}
	free(done);
	return ranges;
}

static json_t *
account_report(struct account_run *a, int status, const char *msg)
{
	json_t *s = stats_json(a->stats, wall_now(), status, 0);
	json_t *r = json_pack("{s:s, s:i, s:s?, s:{s:s?, s:s?}, s:{s:I, s:I}, s:I, s:I, s:O, s:O, "
	                      "s:O, s:O, s:O}",
	                      "account", a->account, "status", status, "error", msg,
	                      "range", "since", a->since[0] ? a->since : NULL,
	                      "until", a->until[0] ? a->until : NULL,
	                      "chunks", "planned", (json_int_t)a->chunks_planned,
	                      "done", (json_int_t)a->chunks_done,
	                      "days_fetched", (json_int_t)a->days_done,
	                      "rows", (json_int_t)a->rows,
	                      "requests", json_object_get(s, "requests"),
	                      "retries", json_object_get(s, "retries"),
	                      "rate_limit_errors", json_object_get(s, "rate_limit_errors"),
	                      "throttled_seconds", json_object_get(s, "throttled_seconds"),
	                      "duration_seconds", json_object_get(s, "duration_seconds"));
	json_decref(s);
	return r;
}

static int
run_account(const struct graph_config *cfg, struct account_run *a, struct error *e)
{
	const struct backfill_options *o = a->o;
	static const enum fetch_kind entities[] = { FETCH_ACCOUNT, FETCH_CAMPAIGNS, FETCH_ADSETS,
	                                            FETCH_ADS };
	struct fetch_range *ranges;
	size_t i, n;
	double hours;
	long today, since, until;
	int rc;

	/* The hierarchy first, committed kind by kind: it stays if the metrics fail. */
	for (i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (fetch_into(cfg, a, entities[i], NULL, 0, e) != 0 || store_commit(a->store, e) != 0)
			return e->status ? e->status : EXIT_OTHER;

	if (store_account_offset(a->store, a->account, &hours, e) != 0)
		return e->status;
	today = (long)floor(((double)time(NULL) + hours * 3600) / 86400);
	until = today - 1;
	if (o->until)
		date_parse(o->until, &until);
	if (o->since)
		date_parse(o->since, &since);
	else
		since = until - (o->days ? o->days : BACKFILL_DEFAULT_DAYS) + 1;
	date_format(since, a->since, sizeof a->since);
	date_format(until, a->until, sizeof a->until);

	if ((ranges = plan_days(a, since, until, &n, e)) == NULL)
		return e->status;
	log_info("%s: %ld days to fetch in %ld chunks (range %s..%s)", a->account, a->days_planned,
	         a->chunks_planned, a->since, a->until);
	a->started = wall_now();
	rc = n ? fetch_into(cfg, a, FETCH_INSIGHTS, ranges, n, e) : 0;
	if (a->o->progress && a->chunks_planned)
		fputc('\n', stderr);
	free(ranges);
	if (rc != 0) {
		/* Completed chunks are committed; drop the rest of this transaction. */
		return e->status ? e->status : EXIT_OTHER;
	}
	if (store_run_completed(a->store, a->account, a->level, until, e) != 0 ||
	    store_commit(a->store, e) != 0)
		return e->status ? e->status : EXIT_OTHER;
	return 0;
}

int
backfill_run(const struct graph_config *cfg, const struct backfill_options *o, json_t **report,
             struct error *e)
{
	char (*ids)[64] = xcalloc(o->naccounts, sizeof *ids);
	json_t *accounts = json_array();
	struct store *store = NULL;
	struct error ne = { 0 };
	double started = wall_now();
	int status = 0, fd = -1;
	size_t i;

	*report = NULL;
	for (i = 0; i < o->naccounts; i++)
		if (fetch_account_id(o->accounts[i], ids[i], sizeof ids[i], e) != 0) {
			status = EXIT_USAGE;
			goto out;
		}
	if (lock_accounts(o->db, ids, o->naccounts, &fd, e) != 0 ||
	    (store = store_open(o->db, e)) == NULL) {
		status = e->status ? e->status : EXIT_OTHER;
		goto out;
	}
	for (i = 0; i < o->naccounts; i++) {
		struct account_run a = { 0 };
		struct error ae = { 0 };
		int rc;

		a.o = o;
		a.store = store;
		a.account = ids[i];
		a.level = o->level ? o->level : "ad";
		a.stats = stats_new(wall_now());
		a.started = wall_now();
		rc = run_account(cfg, &a, &ae);
		if (rc != 0) {
			/* Whatever this account left uncommitted is not wanted; the next starts clean. */
			store_rollback(store);
			if (ae.status == 0)
				error_set(&ae, rc, "%s: failed", ids[i]);
			log_error("%s", ae.msg);
			status = error_worse(status, rc);
		}
		json_array_append_new(accounts, account_report(&a, rc, rc ? ae.msg : NULL));
		stats_free(&a.stats);
	}
out:
	*report = json_pack("{s:o, s:i, s:f}", "accounts", accounts, "exit_status", status,
	                    "duration_seconds", wall_now() - started);
	if (status != 0 && o->notify_url && notify_post(o->notify_url, *report, status, &ne) != 0) {
		/* Nobody hears of this failure otherwise: an error, even under -q. */
		log_error("%s", ne.msg);
		status = error_worse(status, ne.status);
		json_object_set_new(*report, "exit_status", json_integer(status));
	}
	store_close(&store);
	if (fd >= 0)
		close(fd);
	free(ids);
	return status;
}
