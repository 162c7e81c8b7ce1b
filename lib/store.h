/*
 * store.h - the database behind meta-load: tables from schema.h, created
 * and migrated by version; one prepared INSERT ... ON CONFLICT DO UPDATE
 * per table on its natural key, which only touches a row whose content
 * changed; the last Singer STATE kept in table sync_state.
 *
 * Writes happen inside a transaction that store_begin() opens (lazily, on
 * the first write, if the caller did not) and store_commit() ends.
 */
#ifndef METASYNC_STORE_H
#define METASYNC_STORE_H

#include <jansson.h>

#include "error.h"

#define STORE_SCHEMA_VERSION 1

struct store; /* opaque */

/* Opens (creating and migrating) the SQLite database at path. */
struct store *store_open(const char *path, struct error *e);
/* Rolls back what is not committed, closes, and sets *s to NULL. */
void store_close(struct store **s);

int store_begin(struct store *s, struct error *e);
int store_commit(struct store *s, struct error *e);

/*
 * Upserts record (borrowed) into the stream's table.  Columns come from
 * the record's fields of the same names; every other field goes to
 * `extra`.  An insights row that changed drops its insight_actions rows
 * (the records after it bring the current ones), so actions Meta stopped
 * reporting do not linger.  A record that cannot be a row
 * (unknown stream, a key field missing) fails with EXIT_DATAERR; database
 * failures with EXIT_OTHER.  *changed is set to whether a row changed.
 */
int store_upsert(struct store *s, const char *stream, json_t *record, int *changed,
                 struct error *e);

/* Saves a STATE value (borrowed) as the latest state, in the open transaction. */
int store_save_state(struct store *s, json_t *value, struct error *e);
/* A new reference to the latest saved state value, or NULL when none. */
json_t *store_load_state(struct store *s, struct error *e);

#endif
