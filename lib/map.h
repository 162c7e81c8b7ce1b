/*
 * map.h - meta-transform's work: Graph objects as meta-fetch emits them
 * (numbers as strings) into typed records with their natural keys.
 *
 *  - numeric strings become JSON numbers; ids and dates stay strings; a
 *    value that does not parse is an error naming the field, never a 0;
 *  - insights get level, object_id and breakdown_key; metrics they lack
 *    are null; their action lists (actions, action_values, conversions,
 *    cost_per_action_type ...) stay in the row, typed: value and the
 *    attribution-window keys as numbers, action_type and the other keys
 *    as strings.  One RECORD per insight row;
 *  - fields without a column are kept as they are (meta-load stores them
 *    in `extra`).
 */
#ifndef METASYNC_MAP_H
#define METASYNC_MAP_H

#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "error.h"
#include "mapping.h"

struct map_stats {
	long lines;
	long records_in;
	long records_out;
	long states;
	long rejected;
};

/*
 * An ad account's attribution_spec ([{"event_type": "CLICK_THROUGH",
 * "window_days": 7}, {"event_type": "VIEW_THROUGH", "window_days": 1}])
 * as the attribution_setting string insights rows carry
 * ("7d_click_1d_view"): click windows first, then view, then engaged-view
 * ("ev"); an event type Meta adds later by its own name, lowercased.
 * Writes "" when spec is not a non-empty list.
 */
void map_attribution_setting(json_t *spec, char *out, size_t size);

/* Types an action list in place (see above); EXIT_DATAERR naming field when it is not one. */
int map_action_list(json_t *list, const char *field, struct error *e);

/*
 * Maps one RECORD message (borrowed); insights also get m's renames and
 * metrics (see mapping.h; NULL: none).  Returns a new reference to an array
 * of the messages to emit in order (the typed record), or NULL with e set
 * (EXIT_DATAERR, naming the field) when the record is bad: a value of the
 * wrong type, a key missing, a stream no table holds.
 */
json_t *map_record_message(json_t *msg, const struct mapping *m, struct error *e);

/*
 * The insights SCHEMA message with the mapping's metrics: a number
 * property each, and under "x-metasync-metrics" their definitions
 * ([{"name", "kind": "sum"|"ratio", "num", "den"}]), which meta-load turns
 * into columns and view terms.  Other Singer targets ignore the extension.
 */
json_t *map_insights_schema(const struct mapping *m);

/*
 * The same typing straight from a line's text, for the lines that are
 * most of a stream: an insights RECORD.  map_fast_new() prepares it for
 * mapping m (borrowed; NULL: none); map_fast_free() releases it and sets
 * *f to NULL.  map_fast_line() appends to out the line singer_write()
 * would write for the message map_record_message() makes of the line's
 * (len bytes, followed by a NUL byte as getline() leaves it), and returns
 * 1; or returns 0 and leaves out as it was when the line is anything else:
 * another message or stream, a field map_insight() sets itself, a mapping
 * with renames, an escaped key, and any bad value (map_record_message()
 * names it).  A map_fast is used by one thread at a time.
 */
struct map_fast;
struct map_fast *map_fast_new(const struct mapping *m);
void map_fast_free(struct map_fast **f);
int map_fast_line(struct map_fast *f, const char *line, size_t len, struct buf *out);

struct map_options {
	FILE *rejects;   /* bad lines are copied here; NULL: only reported */
	int strict;      /* stop at the first bad line */
	const struct mapping *mapping; /* derived metrics and renames of insights */
};

/*
 * The whole filter: reads messages from in, writes typed messages to out,
 * SCHEMAs with key_properties before the first record of each stream,
 * STATE passed through in order.  Bad lines (not JSON, an unknown message
 * type or stream, a value of the wrong type) are reported on stderr with
 * their number, copied to o->rejects, and skipped, or with o->strict end
 * the run; STATEs after a rejected line are held back, since they would
 * vouch for lost data.  Returns 0, EXIT_DATAERR when lines were rejected,
 * or another status with e set.
 */
int map_stream(FILE *in, FILE *out, const struct map_options *o, struct map_stats *st,
               struct error *e);

#endif
