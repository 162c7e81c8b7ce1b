/*
 * fetch.h - meta-fetch's work: Graph objects of one kind, for one or more
 * ad accounts, as Singer messages (a SCHEMA, then RECORDs close to what the
 * API returned, numbers still strings, streamed page by page, then a STATE
 * per account), or with `raw` the response bodies themselves.
 */
#ifndef METASYNC_FETCH_H
#define METASYNC_FETCH_H

#include <stdio.h>

#include "error.h"
#include "graph.h"

enum fetch_kind { FETCH_ACCOUNT, FETCH_CAMPAIGNS, FETCH_ADSETS, FETCH_ADS, FETCH_INSIGHTS };

#define FETCH_DEFAULT_LIMIT 500

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

/* Runs the fetch, writing to out; 0 or an exit status with e set. */
int fetch_run(struct graph *g, const struct fetch_options *o, FILE *out, struct error *e);

#endif
