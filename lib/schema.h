/*
 * schema.h - the streams and the tables they load into, described once:
 * meta-transform derives its Singer SCHEMA messages (types, key_properties)
 * from these tables and meta-load derives its DDL and upserts from them.
 *
 * Every table also has `extra` (JSON of the record's fields that have no
 * column, so no API field is dropped) and `synced_at` (UTC time the row's
 * content last changed), which records do not carry.
 */
#ifndef METASYNC_SCHEMA_H
#define METASYNC_SCHEMA_H

#include <jansson.h>

/*
 * SCHEMA_ACTIONS: a list of Meta's AdsActionStats, [{"action_type": ...,
 * "value": <number>, <window key>: <number>, ...}], typed by meta-transform
 * and stored as compact JSON text, one column per list.
 */
enum schema_type { SCHEMA_TEXT, SCHEMA_INTEGER, SCHEMA_NUMBER, SCHEMA_JSON, SCHEMA_ACTIONS };

struct schema_column {
	const char *name;
	enum schema_type type;
};

struct schema_table {
	const char *stream;                 /* also the table name */
	const struct schema_column *columns; /* terminated by { NULL } */
	const char *const *key;             /* NULL-terminated natural key */
};

/* The table for a stream name, or NULL. */
const struct schema_table *schema_find(const char *stream);
/* All tables, terminated by a NULL stream. */
const struct schema_table *schema_tables(void);
/* The column of t named name, or NULL. */
const struct schema_column *schema_column(const struct schema_table *t, const char *name);
/* Whether name is one of t's key columns. */
int schema_is_key(const struct schema_table *t, const char *name);

/*
 * The names a mapped metric may not take (mapping_load()'s reserved list):
 * every column of insights, and extra and synced_at.  NULL-terminated.
 */
const char *const *schema_reserved_names(void);

/*
 * Whether name can be a column name in SQL without quoting:
 * [a-z][a-z0-9_]*, at most 63 characters (what a mapping allows).
 */
int schema_valid_name(const char *name);

/* Whether name is an action-list column of the insights table. */
int schema_is_action_list(const char *name);

/*
 * Attribution-window keys inside an action entry ("1d_click", "7d_view",
 * "dda", "skan_view"...): numbers, unlike the other keys, which qualify
 * the action (action_destination, action_target_id...).
 */
int schema_is_window_key(const char *key);

/* A new reference to the Singer SCHEMA message for t. */
json_t *schema_singer_message(const struct schema_table *t);

#endif
