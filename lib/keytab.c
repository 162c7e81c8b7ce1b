#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "keytab.h"
#include "util.h"

void
keytab_free(struct keytab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->size = t->n = 0;
}

static void
place(struct keytab_slot *slots, size_t size, const struct keytab_slot *s)
{
	size_t h;

	for (h = s->hash & (size - 1); slots[h].name; h = (h + 1) & (size - 1))
		;
	slots[h] = *s;
}

void
keytab_add(struct keytab *t, const char *name, int value)
{
	struct keytab_slot s = { name, strlen(name), jscan_hash(name, strlen(name)), value }, *old;
	size_t i, size;

	if (keytab_find(t, s.name, s.len, s.hash) >= 0)
		return;
	/* At most half full, so a miss ends soon. */
	if (2 * (t->n + 1) > t->size) {
		old = t->slots;
		size = t->size;
		t->size = t->size ? 2 * t->size : 32;
		t->slots = xcalloc(t->size, sizeof *t->slots);
		for (i = 0; i < size; i++)
			if (old[i].name)
				place(t->slots, t->size, &old[i]);
		free(old);
	}
	place(t->slots, t->size, &s);
	t->n++;
}

int
keytab_find(const struct keytab *t, const char *name, size_t n, uint32_t hash)
{
	size_t h;

	if (t->size == 0)
		return -1;
	for (h = hash & (t->size - 1); t->slots[h].name; h = (h + 1) & (t->size - 1))
		if (t->slots[h].hash == hash && t->slots[h].len == n &&
		    memcmp(t->slots[h].name, name, n) == 0)
			return t->slots[h].value;
	return -1;
}
