/*
 * fetch.h - meta-fetch's work: Graph objects of one kind, for one or more
 * ad accounts, as Singer messages (a SCHEMA, then RECORDs close to what the
 * API returned, numbers still strings, streamed page by page, then a STATE
 * per account), or with `raw` the response bodies themselves.
 */
#ifndef METASYNC_FETCH_H
#define METASYNC_FETCH_H

#include <stdio.h>

#include <jansson.h>

#include "error.h"
#include "graph.h"
#include "ratelimit.h"

enum fetch_kind { FETCH_ACCOUNT, FETCH_CAMPAIGNS, FETCH_ADSETS, FETCH_ADS, FETCH_INSIGHTS };

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

/*
 * Where fetched objects go.  Without a sink they are written to the output
 * as Singer messages.  The callbacks run in worker threads, one at a time
 * (the run serialises them); each returns 0, or non-zero with e set to
 * stop the run.
 */
struct fetch_sink {
	/* One page of objects (borrowed array) of stream for account. */
	int (*page)(void *ctx, const char *account, const char *stream, json_t *rows,
	            struct error *e);
	/* Every request for the days [since, until] of account has finished (insights). */
	int (*chunk_done)(void *ctx, const char *account, const char *since, const char *until,
	                  struct error *e);
	/* All of account's work has finished; bookmark is borrowed. */
	int (*account_done)(void *ctx, const char *account, json_t *bookmark, struct error *e);
	void *ctx;
};

struct fetch_options {
	enum fetch_kind kind;
	const char *const *accounts;  /* as given: "act_123" or "123" */
	size_t naccounts;
	const char *since, *until;    /* YYYY-MM-DD, both or neither */
	const char *date_preset;
	const char *level;            /* account|campaign|adset|ad; default ad */
	const char *time_increment;   /* 1..90, monthly, all_days; default 1 */
	const char *fields;           /* comma list; NULL: the default set */
	const char *breakdowns;       /* comma list or NULL */
	const char *action_breakdowns;/* default action_type */
	long limit;                   /* page size; 0: FETCH_DEFAULT_LIMIT */
	int include_archived;
	int raw;                      /* dump bodies instead of messages */
	int jobs;                     /* requests in flight; 0: FETCH_DEFAULT_JOBS */
	int async;                    /* insights through async report runs */
	int chunk_days;               /* insights chunk; 0: FETCH_DEFAULT_CHUNK_DAYS */
	struct retry_policy retry;    /* max_retries and budget from the options */
	const struct fetch_range *ranges; /* insights: these ranges instead of since/until */
	size_t nranges;
	const struct fetch_sink *sink;    /* NULL: Singer messages on the output */
	struct stats *stats;          /* counters to add to (borrowed); NULL: the run's own */
};

/* Parses "account", "campaigns"... into *kind; 0 on success. */
int fetch_kind_parse(const char *name, enum fetch_kind *kind);

/*
 * Normalises an ad account id to "act_<digits>" in out; EXIT_USAGE with e
 * set when it is not one.
 */
int fetch_account_id(const char *given, char *out, size_t size, struct error *e);

/* Checks the options without sending anything (EXIT_USAGE with e set). */
int fetch_check_options(const struct fetch_options *o, struct error *e);

/*
 * Runs the fetch with o->jobs workers, each with its own connection,
 * writing to out: one page's records together, an account's STATE once
 * all of its records are out.  Insights ranges are cut into chunks of
 * o->chunk_days (whole multiples of an integer time_increment); a chunk
 * Meta finds too large is halved down to one day, then split by campaign;
 * async report runs that fail or are skipped are resubmitted once, then
 * split the same way.  *summary (when not NULL) gets a new reference to
 * the run summary (see stats.h).  Returns 0 or an exit status with e set.
 */
int fetch_run(const struct graph_config *cfg, const struct fetch_options *o, FILE *out,
              json_t **summary, struct error *e);

#endif
