#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "util.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* 1 for a byte of a string that stands for itself: printable ASCII but the quote and the backslash. */
#define P16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
#define Z16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
static const unsigned char plain[256] = {
	Z16, Z16,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x22 '"' */
	P16, P16,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x5c '\\' */
	P16, P16,
	Z16, Z16, Z16, Z16, Z16, Z16, Z16, Z16,
};

void
jscan_init(struct jscan *j)
{
	memset(j, 0, sizeof *j);
}

void
jscan_free(struct jscan *j)
{
	free(j->tok);
	free(j->slots);
	free(j->scratch);
	jscan_init(j);
}

uint32_t
jscan_hash(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;

	/* Eight bytes at a time: keys are short, and hashed once a record each. */
	if (n >= 8) {
		const unsigned char *last = p + n - 8;

		for (; p < last; p += 8) {
			memcpy(&w, p, 8);
			h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
			h ^= h >> 29;
		}
		/* The last eight bytes, some hashed already: the same bytes give the same hash. */
		memcpy(&w, last, 8);
		n = 0;
	} else {
		for (w = 0; n > 0; n--)
			w = w << 8 | p[n - 1];
	}
	h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
	h ^= h >> 29;
	h *= 0xC4CEB9FE1A85EC53ULL;
	return (uint32_t)(h >> 32);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The four hex digits at p (p + 4 <= end checked by the caller), or -1. */
static long
hex4(const char *p)
{
	int a = hex(p[0]), b = hex(p[1]), c = hex(p[2]), d = hex(p[3]);

	if (a < 0 || b < 0 || c < 0 || d < 0)
		return -1;
	return (long)a << 12 | b << 8 | c << 4 | d;
}

/* A UTF-8 sequence at p (its first byte >= 0x80): its length, or 0 when jansson refuses it. */
static size_t
utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	long v;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, v = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, v = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, v = p[0] & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
		v = v << 6 | (p[i] & 0x3F);
	}
	if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (n == 3 && v < 0x800) ||
	    (n == 4 && v < 0x10000))
		return 0;
	return n;
}

/*
 * The string at s (its opening quote): returns the byte past its closing
 * quote, and sets *escaped when it holds a backslash.  NULL when jansson
 * refuses it: a control character, a bad escape, a lone or unpaired
 * surrogate, \u0000 (refused in keys and in values alike), bad UTF-8, no
 * closing quote before end.
 */
static inline const char *
scan_string(const char *s, const char *end, int *escaped)
{
	const unsigned char *p = (const unsigned char *)s + 1, *e = (const unsigned char *)end;
	long v, w;
	size_t n;

	*escaped = 0;
	for (;;) {
#if defined(__SSE2__) && defined(__GNUC__)
		/*
		 * Sixteen bytes at a time: a quote, a backslash, or a byte below
		 * 0x20 as a signed char, which is a control byte or a non-ASCII one.
		 */
		while (e - p >= 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
			int m = _mm_movemask_epi8(_mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
				             _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
				_mm_cmplt_epi8(x, _mm_set1_epi8(0x20))));

			if (m) {
				p += __builtin_ctz((unsigned)m);
				goto special;
			}
			p += 16;
		}
#endif
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/*
		 * Eight bytes at a time: the lowest flagged byte is the first quote,
		 * backslash, control or non-ASCII byte (the flags above a match can
		 * be wrong, never those below it).
		 */
		while (e - p >= 8) {
			uint64_t x, q, b, m;

			memcpy(&x, p, 8);
			q = x ^ 0x2222222222222222ULL;
			b = x ^ 0x5C5C5C5C5C5C5C5CULL;
			m = (((q - ONES) & ~q) | ((b - ONES) & ~b) | ((x - 0x20 * ONES) & ~x) | x) & HIGHS;
			if (m) {
				p += __builtin_ctzll(m) >> 3;
				goto special;
			}
			p += 8;
		}
#endif
		while (p < e && plain[*p])
			p++;
		if (p == e)
			return NULL;
special:
		if (*p == '"')
			return (const char *)p + 1;
		if (*p == '\\') {
			*escaped = 1;
			if (++p == e)
				return NULL;
			if (*p != 'u') {
				if (strchr("\"\\/bfnrt", *p) == NULL || *p == '\0')
					return NULL;
				p++;
				continue;
			}
			if (e - p < 5 || (v = hex4((const char *)p + 1)) < 0)
				return NULL;
			p += 5;
			if (v == 0 || (v >= 0xDC00 && v <= 0xDFFF))
				return NULL;
			if (v >= 0xD800 && v <= 0xDBFF) {
				if (e - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    (w = hex4((const char *)p + 2)) < 0xDC00 || w > 0xDFFF)
					return NULL;
				p += 6;
			}
			continue;
		}
		/* A control character, or a UTF-8 sequence, checked as jansson's utf8_check_full() does. */
		if (*p < 0x20 || (n = utf8_sequence(p, e)) == 0)
			return NULL;
		p += n;
	}
}

/* Whether a real number's text overflows a double, as jansson's jsonp_strtod() decides. */
static int
real_overflows(const char *s, size_t n)
{
	char small[64], *copy = n < sizeof small ? small : xmalloc(n + 1);
	double d;
	int over;

	memcpy(copy, s, n);
	copy[n] = '\0';
	errno = 0;
	d = strtod(copy, NULL);
	over = (d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE;
	if (copy != small)
		free(copy);
	return over;
}

/*
 * The number at p: returns its end and says whether it is an INTEGER or a
 * REAL, as jansson's lex_scan_number() does; NULL when refused (no digit,
 * a leading zero, an integer beyond a long long, a real that overflows).
 */
static const char *
scan_number(const char *p, unsigned char *type)
{
	const char *s = p, *digits;
	int real = 0, exponent = 0;

	if (*p == '-')
		p++;
	digits = p;
	if (*p < '0' || *p > '9')
		return NULL;
	if (*p == '0') {
		p++;
		if (*p >= '0' && *p <= '9')
			return NULL;
	} else {
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == '.') {
		real = 1;
		p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		real = exponent = 1;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	*type = real ? JSCAN_REAL : JSCAN_INTEGER;
	if (!real) {
		/* 9223372036854775807 has 19 digits; -9223372036854775808 fits too. */
		size_t n = (size_t)(p - digits);
		const char *max = s[0] == '-' ? "9223372036854775808" : "9223372036854775807";

		return n < 19 || (n == 19 && memcmp(digits, max, 19) <= 0) ? p : NULL;
	}
	/* Without an exponent, under 300 integer digits cannot reach DBL_MAX. */
	if ((exponent || p - s > 300) && real_overflows(s, (size_t)(p - s)))
		return NULL;
	return p;
}

static void
grow(struct jscan *j)
{
	j->cap = j->cap ? 2 * j->cap : 256;
	j->tok = xrealloc(j->tok, j->cap * sizeof *j->tok);
}

static inline size_t
push(struct jscan *j, unsigned char type, size_t start)
{
	struct jscan_token *t;

	if (j->ntok == j->cap)
		grow(j);
	t = &j->tok[j->ntok];
	/* len is set once the value's end is known; hash only counts with JSCAN_HASHED. */
	t->type = type;
	t->flags = 0;
	t->start = start;
	t->next = j->ntok + 1;
	return j->ntok++;
}

/* Key tokens a and b are the same key. */
static int
same_key(struct jscan *j, size_t a, size_t b)
{
	const struct jscan_token *ta = &j->tok[a], *tb = &j->tok[b];
	size_t la, lb;

	if ((ta->flags & tb->flags & JSCAN_HASHED) && ta->hash != tb->hash)
		return 0;
	if (!((ta->flags | tb->flags) & JSCAN_ESCAPED))
		return ta->len == tb->len && memcmp(jscan_at(j, a), jscan_at(j, b), ta->len) == 0;
	if (j->scratch_cap < ta->len + tb->len) {
		j->scratch_cap = ta->len + tb->len;
		j->scratch = xrealloc(j->scratch, j->scratch_cap);
	}
	la = jscan_string(j, a, j->scratch);
	lb = jscan_string(j, b, j->scratch + la);
	return la == lb && memcmp(j->scratch, j->scratch + la, la) == 0;
}

/* The hash of key token k, of its unescaped bytes; kept on the tape. */
static uint32_t
key_hash(struct jscan *j, size_t k)
{
	struct jscan_token *t = &j->tok[k];
	size_t n;

	if (t->flags & JSCAN_HASHED)
		return t->hash;
	if (!(t->flags & JSCAN_ESCAPED)) {
		t->hash = jscan_hash(jscan_at(j, k) + 1, t->len - 2);
	} else {
		if (j->scratch_cap < t->len) {
			j->scratch_cap = t->len;
			j->scratch = xrealloc(j->scratch, j->scratch_cap);
		}
		n = jscan_string(j, k, j->scratch);
		t->hash = jscan_hash(j->scratch, n);
	}
	t->flags |= JSCAN_HASHED;
	return t->hash;
}

/*
 * Whether object token obj, just closed with n members, has a key twice:
 * a few keys compared pairwise, more through a hash set.
 */
static int
has_duplicate(struct jscan *j, size_t obj, size_t n)
{
	size_t k, m, size, mask, h;

	if (n < 2)
		return 0;
	if (n <= 16) {
		for (k = j->tok[obj + 2].next; k < j->ntok; k = j->tok[k + 1].next)
			for (m = obj + 1; m < k; m = j->tok[m + 1].next)
				if (j->tok[k].len == j->tok[m].len || ((j->tok[k].flags | j->tok[m].flags) &
				                                       JSCAN_ESCAPED))
					if (same_key(j, k, m))
						return 1;
		return 0;
	}
	for (size = 32; size < 2 * n; size *= 2)
		;
	if (j->nslots < size) {
		j->nslots = size;
		j->slots = xrealloc(j->slots, size * sizeof *j->slots);
	}
	memset(j->slots, 0, size * sizeof *j->slots);
	mask = size - 1;
	for (k = obj + 1; k < j->ntok; k = j->tok[k + 1].next) {
		for (h = key_hash(j, k) & mask; j->slots[h]; h = (h + 1) & mask)
			if (same_key(j, k, j->slots[h]))
				return 1;
		j->slots[h] = k;
	}
	return 0;
}

/* Skips whitespace at p, marking container token t as having some. */
static inline const char *
skip_space(struct jscan *j, const char *p, size_t t)
{
	if ((unsigned char)*p > ' ')
		return p;
	while (is_space(*p)) {
		p++;
		j->tok[t].flags |= JSCAN_SPACE;
	}
	return p;
}

static const char *scan_value(struct jscan *j, const char *p, size_t level, size_t parent);

/* The object at p ('{'), a value at level: past its '}', or NULL when refused. */
static const char *
scan_object(struct jscan *j, const char *p, size_t level)
{
	size_t t = push(j, JSCAN_OBJECT, (size_t)(p - j->text)), k, n = 0;
	int escaped;

	p = skip_space(j, p + 1, t);
	if (*p != '}') {
		/* The members' values are a level deeper: jansson counts scalars too. */
		if (level + 1 > JSCAN_MAX_DEPTH)
			return NULL;
		for (;;) {
			if (*p != '"')
				return NULL;
			k = push(j, JSCAN_STRING, (size_t)(p - j->text));
			if ((p = scan_string(p, j->text + j->len, &escaped)) == NULL)
				return NULL;
			j->tok[k].flags = escaped ? JSCAN_ESCAPED : 0;
			j->tok[k].len = (size_t)(p - j->text) - j->tok[k].start;
			n++;
			p = skip_space(j, p, t);
			if (*p != ':')
				return NULL;
			p = skip_space(j, p + 1, t);
			if ((p = scan_value(j, p, level + 1, t)) == NULL)
				return NULL;
			p = skip_space(j, p, t);
			if (*p == '}')
				break;
			if (*p != ',')
				return NULL;
			p = skip_space(j, p + 1, t);
		}
	}
	p++;
	j->tok[t].len = (size_t)(p - j->text) - j->tok[t].start;
	j->tok[t].next = j->ntok;
	if (has_duplicate(j, t, n))
		return NULL;
	return p;
}

/* The array at p ('['), a value at level: past its ']', or NULL when refused. */
static const char *
scan_array(struct jscan *j, const char *p, size_t level)
{
	size_t t = push(j, JSCAN_ARRAY, (size_t)(p - j->text));

	p = skip_space(j, p + 1, t);
	if (*p != ']') {
		if (level + 1 > JSCAN_MAX_DEPTH)
			return NULL;
		for (;;) {
			if ((p = scan_value(j, p, level + 1, t)) == NULL)
				return NULL;
			p = skip_space(j, p, t);
			if (*p == ']')
				break;
			if (*p != ',')
				return NULL;
			p = skip_space(j, p + 1, t);
		}
	}
	p++;
	j->tok[t].len = (size_t)(p - j->text) - j->tok[t].start;
	j->tok[t].next = j->ntok;
	return p;
}

/* The word at p: true, false or null, whole ("truex" is none); its end or NULL. */
static const char *
scan_word(const char *p, const char *word)
{
	for (; *word; p++, word++)
		if (*p != *word)
			return NULL;
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
		return NULL;
	return p;
}

/*
 * The value at p, at level (the top is 1), in container token parent:
 * past it, or NULL when refused.
 */
static const char *
scan_value(struct jscan *j, const char *p, size_t level, size_t parent)
{
	const char *s = p;
	unsigned char type = JSCAN_NULL;
	size_t t;
	int escaped;

	switch (*p) {
	case '"':
		t = push(j, JSCAN_STRING, (size_t)(p - j->text));
		if ((p = scan_string(p, j->text + j->len, &escaped)) == NULL)
			return NULL;
		j->tok[t].flags = escaped ? JSCAN_ESCAPED : 0;
		j->tok[t].len = (size_t)(p - s);
		return p;
	case '{':
	case '[':
		/*
		 * A container with white space anywhere inside is not its own
		 * compact text: say so on every container around it too.
		 */
		t = j->ntok;
		p = *p == '{' ? scan_object(j, p, level) : scan_array(j, p, level);
		if (p && (j->tok[t].flags & JSCAN_SPACE))
			j->tok[parent].flags |= JSCAN_SPACE;
		/* Folded: what is inside was checked, and the tape forgets it. */
		if (p && j->fold && level > j->fold) {
			j->ntok = t + 1;
			j->tok[t].next = t + 1;
		}
		return p;
	case 't':
		p = scan_word(p, "true");
		type = JSCAN_TRUE;
		break;
	case 'f':
		p = scan_word(p, "false");
		type = JSCAN_FALSE;
		break;
	case 'n':
		p = scan_word(p, "null");
		type = JSCAN_NULL;
		break;
	default:
		p = scan_number(p, &type);
	}
	if (p == NULL)
		return NULL;
	t = push(j, type, (size_t)(s - j->text));
	j->tok[t].len = (size_t)(p - s);
	/*
	 * jansson reads one character past a number or a word and puts it
	 * back, and a NUL byte put back is lost: "[1\0]" is [1] to it.  So it
	 * is here, and the container is not its own compact text any more.
	 */
	if (*p == '\0' && p < j->text + j->len) {
		p++;
		j->tok[parent].flags |= JSCAN_SPACE;
	}
	return p;
}

int
jscan_parse(struct jscan *j, const char *text, size_t len)
{
	return jscan_parse_folded(j, text, len, 0);
}

int
jscan_parse_folded(struct jscan *j, const char *text, size_t len, size_t level)
{
	const char *p = text;

	j->text = text;
	j->len = len;
	j->ntok = 0;
	j->fold = level;
	while (is_space(*p))
		p++;
	if (*p != '{' && *p != '[')
		return -1;
	/* An object or an array at the top, and nothing but whitespace after. */
	if ((p = scan_value(j, p, 1, 0)) == NULL)
		return -1;
	while (is_space(*p))
		p++;
	return p == text + len ? 0 : -1;
}

/* Appends code point v to out as UTF-8; returns the bytes written. */
static size_t
utf8_put(long v, char *out)
{
	if (v < 0x80) {
		out[0] = (char)v;
		return 1;
	}
	if (v < 0x800) {
		out[0] = (char)(0xC0 | v >> 6);
		out[1] = (char)(0x80 | (v & 0x3F));
		return 2;
	}
	if (v < 0x10000) {
		out[0] = (char)(0xE0 | v >> 12);
		out[1] = (char)(0x80 | (v >> 6 & 0x3F));
		out[2] = (char)(0x80 | (v & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | v >> 18);
	out[1] = (char)(0x80 | (v >> 12 & 0x3F));
	out[2] = (char)(0x80 | (v >> 6 & 0x3F));
	out[3] = (char)(0x80 | (v & 0x3F));
	return 4;
}

size_t
jscan_string(const struct jscan *j, size_t i, char *out)
{
	const char *p = jscan_at(j, i) + 1, *end = jscan_at(j, i) + j->tok[i].len - 1;
	char *o = out;
	long v;

	if (!(j->tok[i].flags & JSCAN_ESCAPED)) {
		memcpy(out, p, (size_t)(end - p));
		return (size_t)(end - p);
	}
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));

		if (bs == NULL)
			bs = end;
		memcpy(o, p, (size_t)(bs - p));
		o += bs - p;
		p = bs;
		if (p == end)
			break;
		switch (p[1]) {
		case 'b': *o++ = '\b'; p += 2; break;
		case 'f': *o++ = '\f'; p += 2; break;
		case 'n': *o++ = '\n'; p += 2; break;
		case 'r': *o++ = '\r'; p += 2; break;
		case 't': *o++ = '\t'; p += 2; break;
		case 'u':
			/* The scanner checked the escapes: a high surrogate has its low one. */
			v = hex4(p + 2);
			p += 6;
			if (v >= 0xD800 && v <= 0xDBFF) {
				v = 0x10000 + ((v - 0xD800) << 10) + (hex4(p + 2) - 0xDC00);
				p += 6;
			}
			o += utf8_put(v, o);
			break;
		default:
			*o++ = p[1];
			p += 2;
		}
	}
	return (size_t)(o - out);
}

int
jscan_string_is(const struct jscan *j, size_t i, const char *s, size_t n)
{
	const struct jscan_token *t = &j->tok[i];
	char small[128], *buf;
	size_t got;
	int same;

	if (t->type != JSCAN_STRING)
		return 0;
	if (!(t->flags & JSCAN_ESCAPED))
		return t->len == n + 2 && memcmp(jscan_at(j, i) + 1, s, n) == 0;
	/* Escapes only shorten: a longer unescaped string cannot match. */
	if (t->len - 2 < n)
		return 0;
	buf = t->len <= sizeof small ? small : xmalloc(t->len);
	got = jscan_string(j, i, buf);
	same = got == n && memcmp(buf, s, n) == 0;
	if (buf != small)
		free(buf);
	return same;
}

size_t
jscan_member(const struct jscan *j, size_t obj, const char *key)
{
	size_t n = strlen(key), k;

	if (j->tok[obj].type != JSCAN_OBJECT)
		return 0;
	for (k = obj + 1; k < j->tok[obj].next; k = j->tok[k + 1].next)
		if (jscan_string_is(j, k, key, n))
			return k + 1;
	return 0;
}

uint32_t
jscan_key_hash(const struct jscan *j, size_t k)
{
	const struct jscan_token *t = &j->tok[k];
	char small[128], *buf;
	uint32_t h;
	size_t n;

	if (t->flags & JSCAN_HASHED)
		return t->hash;
	if (!(t->flags & JSCAN_ESCAPED))
		return jscan_hash(jscan_at(j, k) + 1, t->len - 2);
	buf = t->len <= sizeof small ? small : xmalloc(t->len);
	n = jscan_string(j, k, buf);
	h = jscan_hash(buf, n);
	if (buf != small)
		free(buf);
	return h;
}

long long
jscan_integer(const struct jscan *j, size_t i)
{
	const char *p = jscan_at(j, i), *end = p + j->tok[i].len;
	unsigned long long v = 0;
	int neg = *p == '-';

	for (p += neg; p < end; p++)
		v = v * 10 + (unsigned long long)(*p - '0');
	/* The scanner kept the value within a long long. */
	if (neg)
		return v == 0 ? 0 : -(long long)(v - 1) - 1;
	return (long long)v;
}

/* The powers of ten a double holds exactly. */
static const double exact_ten[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

double
jscan_real(const struct jscan *j, size_t i)
{
	const char *p = jscan_at(j, i), *q = p, *end = p + j->tok[i].len;
	size_t n = j->tok[i].len;
	char small[64], *copy;
	unsigned long long m = 0;
	int digits = 0, scale = 0, neg = *q == '-';
	double d;

	/*
	 * Most reals are a few digits with a point, such as 14.35: with at most
	 * 15 digits the digits and the power of ten are both exact doubles, so
	 * one division rounds correctly, as strtod() would.
	 */
	for (q += neg; q < end && digits <= 15; q++) {
		if (*q == '.')
			continue;
		if (*q < '0' || *q > '9')
			break;
		m = m * 10 + (unsigned long long)(*q - '0');
		digits += m > 0;
	}
	if (q == end && digits <= 15) {
		const char *dot = memchr(p, '.', n);

		scale = dot ? (int)(end - dot - 1) : 0;
		if (scale <= 22) {
			d = (double)m / exact_ten[scale];
			return neg ? -d : d;
		}
	}
	copy = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(copy, p, n);
	copy[n] = '\0';
	d = strtod(copy, NULL);
	if (copy != small)
		free(copy);
	return d;
}
