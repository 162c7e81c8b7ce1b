/*
 * report.h - asynchronous insights report runs: POST the query, poll the
 * run until "Job Completed", then the caller pages through
 * <run>/insights.  Only "Job Completed" counts as done: a run can say
 * "Job Running" at 100% and its results then fail.
 *
 * All runs of a fetch share one poller: whichever waiting worker finds a
 * poll due asks for the status of up to REPORT_BATCH runs in one Graph
 * batch request, so twenty runs cost one request a round, not twenty.
 * Each run is polled fast at first and more slowly as it ages
 * (report_poll_interval()).
 */
#ifndef METASYNC_REPORT_H
#define METASYNC_REPORT_H

#include <jansson.h>

#include "clock.h"
#include "error.h"
#include "graph.h"

#define REPORT_BATCH 50

enum report_outcome { REPORT_COMPLETED, REPORT_FAILED, REPORT_SKIPPED };

/* Seconds before polling again a run submitted age seconds ago: 1 s at first, up to 30 s. */
double report_poll_interval(double age);

/* POSTs params to <account>/insights; returns the new run id (caller frees) or NULL with e set. */
char *report_submit(struct graph *g, const char *account, json_t *params, struct error *e);

struct report_poller;
struct report_poller *report_poller_new(const struct clock *c);
void report_poller_free(struct report_poller **p);

/*
 * Waits until run_id finishes, taking part in the shared polling with g.
 * Returns a report_outcome, or -1 with e set when polling itself failed or
 * the work is stopping (graph_stopping()).
 */
int report_wait(struct report_poller *p, struct graph *g, const char *run_id, struct error *e);

#endif
