/*
 * map.h - meta-transform's work: Graph objects as meta-fetch emits them
 * (numbers as strings) into typed records with their natural keys.
 *
 *  - numeric strings become JSON numbers; ids and dates stay strings; a
 *    value that does not parse is an error naming the field, never a 0;
 *  - insights get level, object_id and breakdown_key; metrics they lack
 *    are null; every entry of actions, action_values, conversions,
 *    cost_per_action_type ... becomes an insight_actions record carrying
 *    the insight's key;
 *  - fields without a column are kept as they are (meta-load stores them
 *    in `extra`).
 */
#ifndef METASYNC_MAP_H
#define METASYNC_MAP_H

#include <stdio.h>

#include <jansson.h>

#include "error.h"

struct map_stats {
	long lines;
	long records_in;
	long records_out;
	long states;
	long rejected;
};

/*
 * Maps one RECORD message (borrowed).  Returns a new reference to an array
 * of the messages to emit in order (the typed record, then its
 * insight_actions records), or NULL with e set (EXIT_DATAERR, naming the
 * field) when the record is bad.
 */
json_t *map_record_message(json_t *msg, struct error *e);

/*
 * The whole filter: reads messages from in, writes typed messages to out,
 * SCHEMAs with key_properties before the first record of each stream,
 * STATE passed through in order.  Bad lines are reported on stderr with
 * their number, copied to rejects when not NULL, and skipped; STATEs after
 * a rejected line are held back, since they would vouch for lost data.  Returns 0,
 * EXIT_DATAERR when lines were rejected, or another status with e set.
 */
int map_stream(FILE *in, FILE *out, FILE *rejects, struct map_stats *st, struct error *e);

#endif
