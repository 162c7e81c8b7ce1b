/*
 * keytab.h - a fixed set of names, each with a number, found by the bytes
 * of a key and its jscan_hash(): the column of a record's field without a
 * strcmp() against every column.  Filled once, then only read, so one
 * table may be read by several threads at once.
 */
#ifndef METASYNC_KEYTAB_H
#define METASYNC_KEYTAB_H

#include <stddef.h>
#include <stdint.h>

struct keytab_slot {
	const char *name;  /* NULL: a free slot */
	size_t len;
	uint32_t hash;
	int value;
};

struct keytab {
	struct keytab_slot *slots;
	size_t size, n;
};

#define KEYTAB_INIT { NULL, 0, 0 }

/* Releases t, which is empty and usable again afterwards. */
void keytab_free(struct keytab *t);

/*
 * Adds name (borrowed: it must outlive t) with value; a name that is there
 * already keeps its value.
 */
void keytab_add(struct keytab *t, const char *name, int value);

/* The value of the n bytes of name, whose jscan_hash() is hash; -1 when absent. */
int keytab_find(const struct keytab *t, const char *name, size_t n, uint32_t hash);

#endif
