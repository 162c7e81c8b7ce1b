/*
 * fetch.h - meta-fetch's work: Graph objects of one kind, for one or more
 * ad accounts, as Singer messages (a SCHEMA, then RECORDs close to what the
 * API returned, numbers still strings, streamed page by page, then a STATE
 * per account), or with `raw` the response bodies themselves.
 *
 * The work is cut into units: an account's entities, or one insights
 * chunk of days.  A unit is done only when every request of it succeeded
 * (every page, every split, every report run); a sink hears of it then,
 * and of a unit that will never be done (the fetch failed or was stopped),
 * so it can keep a unit's rows aside until they are whole.
 */
#ifndef METASYNC_FETCH_H
#define METASYNC_FETCH_H

#include <stdio.h>

#include <jansson.h>

#include "error.h"
#include "graph.h"
#include "query.h"
#include "run.h"

#define FETCH_DEFAULT_LIMIT 500
#define FETCH_DEFAULT_JOBS 8
#define FETCH_DEFAULT_CHUNK_DAYS 7
/* Async report runs in flight per account at most. */
#define FETCH_ASYNC_PER_ACCOUNT 10
/* An unsplittable insights range longer than this goes async by itself. */
#define FETCH_ASYNC_AUTO_DAYS 31

/* A range of days, inclusive, "YYYY-MM-DD". */
struct fetch_range {
	char since[11];
	char until[11];
};

/* A unit of work as a sink sees it. */
struct fetch_unit {
	const char *account;       /* "act_<digits>" */
	const char *stream;
	char since[11], until[11]; /* insights chunk; "" for entities and presets */
	void *data;                /* the sink's, NULL at first */
};

/*
 * Where fetched objects go.  Without a sink they are written to the output
 * as Singer messages.  The callbacks run in worker threads, one at a time
 * (the fetch serialises them); each returns 0, or non-zero with e set to
 * fail the fetch.
 */
struct fetch_sink {
	/* One page of objects (borrowed array) of unit. */
	int (*page)(void *ctx, struct fetch_unit *u, json_t *rows, struct error *e);
	/* Every request of unit succeeded. */
	int (*unit_done)(void *ctx, struct fetch_unit *u, struct error *e);
	/* unit will not be done: what page() kept of it is to be dropped. */
	void (*unit_dropped)(void *ctx, struct fetch_unit *u);
	/* All of account's units are done; bookmark is borrowed. */
	int (*account_done)(void *ctx, const char *account, json_t *bookmark, struct error *e);
	void *ctx;
	/*
	 * When set, instead of page for every page of an edge (page still gets
	 * the account node): the page as its text, never built in jansson
	 * (graph_pager_next_text()), the elements of array token data of j
	 * being the objects, one folded token each.  A sink that keeps rows
	 * for later copies their text; a page's tree would be several times
	 * its size, once per request in flight.
	 */
	int (*page_text)(void *ctx, struct fetch_unit *u, const struct jscan *j, size_t data,
	                 struct error *e);
};

struct fetch_options {
	enum fetch_kind kind;
	const char *const *accounts;  /* as given: "act_123" or "123"; none for adaccounts */
	size_t naccounts;
	const char *since, *until;    /* YYYY-MM-DD, both or neither */
	const char *date_preset;
	const char *level;            /* account|campaign|adset|ad; default ad */
	const char *time_increment;   /* 1..90, monthly, all_days; default 1 */
	const char *fields;           /* comma list; NULL: the default set */
	const char *breakdowns;       /* comma list or NULL */
	const char *action_breakdowns;/* default action_type */
	long limit;                   /* page size; 0: FETCH_DEFAULT_LIMIT */
	int include_archived;         /* accepted, the default now (old cron lines) */
	int exclude_archived;         /* entities: no ARCHIVED; insights: Meta's visible set only */
	int raw;                      /* dump bodies instead of messages */
	int jobs;                     /* requests in flight; 0: FETCH_DEFAULT_JOBS */
	int async;                    /* insights through async report runs */
	int chunk_days;               /* insights chunk; 0: FETCH_DEFAULT_CHUNK_DAYS */
	const struct fetch_range *ranges; /* insights: these ranges instead of since/until */
	size_t nranges;
	const struct fetch_sink *sink;    /* NULL: Singer messages on the output */
};

/*
 * Runs the fetch within run (its clock, limiter, counters, budget and
 * stop flag) with o->jobs workers, each with its own connection, writing
 * to out: one page's records together, an account's STATE (the bookmarks
 * of every account done so far) once all of its records are out.
 * Insights ranges are cut into chunks of o->chunk_days (whole multiples of
 * an integer time_increment); a chunk Meta finds too large is halved down
 * to one day, then split by campaign; async report runs that fail or are
 * skipped are resubmitted once, then split the same way.  A request Meta
 * can never answer ends the fetch with EXIT_USAGE.  After the first
 * failure, or once the run stops, nothing new is sent and what is in
 * flight is abandoned.  Returns 0 or an exit status with e set (a stopped
 * run: EXIT_TEMPFAIL).
 */
int fetch_run(struct run *run, const struct graph_config *cfg, const struct fetch_options *o,
              FILE *out, struct error *e);

/*
 * The ad accounts the token reaches, read as `meta-fetch adaccounts` reads
 * them: *ids gets a new array of their "act_<digits>" ids in Meta's order,
 * *rows (when not NULL) a new array of the account objects.  Returns 0 or
 * an exit status with e set.
 */
int fetch_account_list(struct run *run, const struct graph_config *cfg, json_t **ids,
                       json_t **rows, struct error *e);

#endif
