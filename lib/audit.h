/*
 * audit.h - `meta-fetch audit`: what a person should check about a token
 * and an ad account before trusting the numbers, as text for a terminal:
 * the token's type, scopes and expiry, the API version Meta served and any
 * deprecation warning it sent, and the account's settings (currency, time
 * zone, status and disable reason, spend cap, amount spent, business,
 * default attribution).  Never the token.
 *
 * The token is described by /debug_token when an app token is available
 * (META_APP_ID with META_APP_SECRET: the app token "id|secret", sent in the
 * Authorization header; the token under audit goes as input_token, the
 * one parameter Meta reads it from), else by /me/permissions (scopes only).
 */
#ifndef METASYNC_AUDIT_H
#define METASYNC_AUDIT_H

#include <stdio.h>

#include <jansson.h>

#include "error.h"
#include "graph.h"
#include "run.h"

/* The names of account_status and disable_reason codes, "" for an unknown code. */
const char *audit_account_status(long code);
const char *audit_disable_reason(long code);

/*
 * Audits account (act_<digits> or digits) with cfg's token, writing the
 * summary to out.  app_id is META_APP_ID or NULL.  Returns 0 or an exit
 * status with e set.
 */
int audit_run(struct run *run, const struct graph_config *cfg, const char *app_id,
              const char *account, FILE *out, struct error *e);

#endif
