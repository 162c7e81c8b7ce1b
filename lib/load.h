/*
 * load.h - meta-load's work: a Singer message stream into the store.
 *
 * Records are upserted; everything before a STATE is committed, then the
 * state is saved in the same database and echoed on out (the Singer
 * target convention), so a rerun can resume from it.  Large runs also
 * commit every LOAD_COMMIT_EVERY records (at a row boundary), so the
 * write-ahead log stays small; upserts make that safe to redo.
 *
 * A bad line (not JSON, an unknown message type or stream, a value of the
 * wrong type for its column) is reported with its number, copied to
 * rejects, and skipped; the rest still loads.  After a rejected line later
 * STATEs are not saved: the state would claim data that did not arrive.
 * With strict, the first bad line ends the load, and what came after the
 * last STATE is rolled back.
 */
#ifndef METASYNC_LOAD_H
#define METASYNC_LOAD_H

#include <stdio.h>

#include "error.h"
#include "store.h"

#define LOAD_COMMIT_EVERY 5000

struct load_stats {
	long lines;
	long records;
	long changed;
	long states;
	long rejected;
};

struct load_options {
	FILE *rejects;   /* bad lines are copied here; NULL: only reported */
	int strict;      /* stop at the first bad line */
};

int load_stream(struct store *s, FILE *in, FILE *out, const struct load_options *o,
                struct load_stats *st, struct error *e);

#endif
