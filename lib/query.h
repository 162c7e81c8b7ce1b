/*
 * query.h - the vocabulary of a fetch, one table each: the kinds of Graph
 * objects (their stream, edge and default fields), the insights levels and
 * the ids a row needs at each, the date presets, the effective statuses,
 * the act_ prefix of ad account ids; and the request parameters built from
 * the options.  Every other module asks here.
 */
#ifndef METASYNC_QUERY_H
#define METASYNC_QUERY_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

/*
 * FETCH_ADACCOUNTS: the ad accounts the token reaches (/me/adaccounts), as
 * records of stream accounts, the same fields as FETCH_ACCOUNT.
 */
enum fetch_kind { FETCH_ACCOUNT, FETCH_CAMPAIGNS, FETCH_ADSETS, FETCH_ADS, FETCH_INSIGHTS,
                  FETCH_ADACCOUNTS };

struct fetch_options;

/* Parses "account", "campaigns"... into *kind; 0 on success. */
int query_kind_parse(const char *name, enum fetch_kind *kind);
/* The Singer stream of a kind ("campaigns", "insights"...). */
const char *query_stream(enum fetch_kind kind);
/* The edge under the account ("campaigns"...), NULL for the account node. */
const char *query_edge(enum fetch_kind kind);

/* Whether level is one of account, campaign, adset, ad. */
int query_level_valid(const char *level);

/*
 * Normalises an ad account id to "act_<digits>" in out; EXIT_USAGE with e
 * set when it is not one.
 */
int query_account_id(const char *given, char *out, size_t size, struct error *e);

/* Checks the options without sending anything (EXIT_USAGE with e set). */
int query_check(const struct fetch_options *o, struct error *e);

/* A new object: the parameters every request of the fetch shares. */
json_t *query_params(const struct fetch_options *o);

/* A new array: every effective_status an edge accepts in a filter. */
json_t *query_all_statuses(void);

/*
 * A new insights `filtering` array naming every effective_status, DELETED
 * and ARCHIVED included, on the level's objects (ad.effective_status for
 * level account): without it Meta leaves deleted and archived objects out
 * of insights at every level, and totals fall short of Ads Manager's.
 */
json_t *query_status_filter(const char *level);

/* A new SCHEMA message for stream: loose, since meta-fetch passes objects through. */
json_t *query_schema(const char *stream);

#endif
