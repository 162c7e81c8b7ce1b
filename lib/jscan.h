/*
 * jscan.h - a strict JSON scanner for one message line: it accepts exactly
 * the texts jansson's json_loadb(text, len, JSON_REJECT_DUPLICATES) accepts
 * (an object or array at the top, duplicate keys refused at every level,
 * UTF-8 checked, no \u0000, integers that fit a long long, reals that do
 * not overflow, at most 2048 levels), and instead of building values it
 * records where each one is: a tape of tokens, in text order, that points
 * into the text.  Nothing is copied, unescaped or converted until asked.
 *
 * The tape: token 0 is the top-level value.  An object's token is followed
 * by its members, each a key token (a string) and the tokens of its value;
 * an array's by the tokens of its elements.  Every token's next is the
 * index just past the value and everything inside it, so
 *
 *	for (k = obj + 1; k < j->tok[obj].next; k = j->tok[k + 1].next)
 *		key k, value k + 1
 *
 * walks an object's members and
 *
 *	for (i = arr + 1; i < j->tok[arr].next; i = j->tok[i].next)
 *
 * an array's elements.  The text must outlive the use of the tape; the
 * tape is reused, and grows only, from one jscan_parse() to the next.
 */
#ifndef METASYNC_JSCAN_H
#define METASYNC_JSCAN_H

#include <stddef.h>
#include <stdint.h>

/* jansson's JSON_PARSER_MAX_DEPTH: values nest at most this deep. */
#define JSCAN_MAX_DEPTH 2048

enum jscan_type {
	JSCAN_NULL, JSCAN_FALSE, JSCAN_TRUE, JSCAN_INTEGER, JSCAN_REAL, JSCAN_STRING,
	JSCAN_ARRAY, JSCAN_OBJECT,
};

#define JSCAN_ESCAPED 0x01  /* a string with a backslash: jscan_string() unescapes it */
#define JSCAN_SPACE   0x02  /* whitespace (or a NUL byte jansson skips) between the tokens
                               of an array or object */
#define JSCAN_HASHED  0x04  /* a key whose hash is in hash */

struct jscan_token {
	unsigned char type;   /* enum jscan_type */
	unsigned char flags;  /* JSCAN_ESCAPED, JSCAN_SPACE */
	uint32_t hash;        /* with JSCAN_HASHED: jscan_hash() of the key's unescaped bytes */
	size_t start;         /* offset of the value's first byte in the text */
	size_t len;           /* its bytes, quotes and brackets included */
	size_t next;          /* the token after the value and all it holds */
};

struct jscan {
	const char *text;          /* the text of the last jscan_parse(), borrowed */
	size_t len;
	struct jscan_token *tok;   /* the tape, ntok tokens */
	size_t ntok;
	size_t fold;               /* jscan_parse_folded()'s level; 0: none */
	/* private */
	size_t cap;
	size_t *slots;             /* the hash set of duplicate-key checks */
	size_t nslots;
	char *scratch;             /* unescaped keys compared */
	size_t scratch_cap;
};

#define JSCAN_INIT { NULL, 0, NULL, 0, 0, 0, NULL, 0, NULL, 0 }

void jscan_init(struct jscan *j);
/* Releases the tape; j can be used again after jscan_init(). */
void jscan_free(struct jscan *j);

/*
 * Scans the len bytes of text, which must be followed by a NUL byte
 * (text[len] == '\0', as after getline() or in a struct buf): it stops the
 * scanner instead of bounds checks.  A NUL byte before it is no JSON.
 * 0 with the tape filled when json_loadb() would accept the text as said
 * above; -1 when it would refuse it (jansson's own message is then the one
 * to give: the scanner keeps none).
 */
int jscan_parse(struct jscan *j, const char *text, size_t len);

/*
 * jscan_parse() for a text that is mostly containers at one level, such
 * as a Graph page of rows: every container below level (the top is 1) is
 * checked as strictly, but kept on the tape as one token (its start, len
 * and flags; its next is the token after it), so the tape holds a token a
 * row, not a token a value.  Scan a folded container's own text again to
 * walk it.
 */
int jscan_parse_folded(struct jscan *j, const char *text, size_t len, size_t level);

/* A hash of n bytes (a multiplicative one, eight bytes at a time). */
uint32_t jscan_hash(const void *data, size_t n);

/* jscan_hash() of key token k's unescaped bytes. */
uint32_t jscan_key_hash(const struct jscan *j, size_t k);

/* The first byte of token i in the text. */
static inline const char *
jscan_at(const struct jscan *j, size_t i)
{
	return j->text + j->tok[i].start;
}

/*
 * The bytes of string token i unescaped into out (at least tok[i].len
 * bytes; unescaping never lengthens a string): returns their number.
 */
size_t jscan_string(const struct jscan *j, size_t i, char *out);

/* Whether string token i, unescaped, is the n bytes of s. */
int jscan_string_is(const struct jscan *j, size_t i, const char *s, size_t n);

/* The value of object obj's member key (NUL-terminated), as a token index; 0 when absent. */
size_t jscan_member(const struct jscan *j, size_t obj, const char *key);

/* The value of number token i: an INTEGER's as jansson reads it, a REAL's as strtod() does. */
long long jscan_integer(const struct jscan *j, size_t i);
double jscan_real(const struct jscan *j, size_t i);

#endif
