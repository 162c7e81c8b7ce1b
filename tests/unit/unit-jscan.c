/* The JSON scanner: it accepts what jansson accepts, and its tape says where the values are. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jscan.h"
#include "tap.h"

static int
jansson_accepts(const char *s, size_t n)
{
	json_error_t jerr;
	json_t *v = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);

	json_decref(v);
	return v != NULL;
}

/* Whether the scanner and jansson agree on the n bytes of s. */
static int
agree(struct jscan *j, const char *s, size_t n)
{
	return (jscan_parse(j, s, n) == 0) == jansson_accepts(s, n);
}

static const char *const cases[] = {
	"{}", "[]", " {} ", "{}\n", "\t[ ]\r\n", "", " ", "1", "\"a\"", "null", "{}}", "{} x",
	"[1,2,3]", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":}", "{a:1}",
	"{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"a\":{\"b\":1,\"b\":2}}",
	"{\"a\":1,\"b\":{\"a\":1}}", "[true,false,null]", "[tru]", "[truex]", "[nul]", "[True]",
	"[0]", "[-0]", "[01]", "[-]", "[-a]", "[1.]", "[.5]", "[1.5e]", "[1e+]", "[1e-5]", "[1E5]",
	"[9223372036854775807]", "[9223372036854775808]", "[-9223372036854775808]",
	"[-9223372036854775809]", "[99999999999999999999]", "[1e308]", "[1e309]", "[-1e309]",
	"[1e-400]", "[0.0000000000000000000000000000000000001e-400]", "[1.7976931348623157e308]",
	"[\"\\u0000\"]", "{\"\\u0000\":1}", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\udc00\"]",
	"[\"\\ud800\\u0041\"]", "[\"\\ud800x\"]", "[\"\\uD83D\\uDE00\"]", "[\"\\u00e9\"]",
	"[\"\\x\"]", "[\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"]", "[\"\\u12\"]", "[\"\\u12g4\"]",
	"[\"a\nb\"]", "[\"a\tb\"]", "[\"\x7f\"]", "[\"\xc3\xa9\"]", "[\"\xc3\"]", "[\"\xc0\x80\"]",
	"[\"\xed\xa0\x80\"]", "[\"\xf4\x90\x80\x80\"]", "[\"\xf0\x9f\x98\x80\"]", "[\"\xe0\x80\xaf\"]",
	"[\"\xff\"]", "[\"\x80\"]", "[\"abc", "[\"abc\\", "{\"a\"", "{\"a\":", "[1", "{\"a\":[1,{}]",
	"[\xc3\xa9]", "[1]\x00", "[\"a\x00\"]", "\v{}", "{}\f", "[[[[[]]]]]", "{\"a\":[{\"b\":[]}]}",
};

/* s with its control bytes as '?', for a TAP line. */
static const char *
shown(const char *s)
{
	static char out[128];
	size_t i;

	for (i = 0; s[i] && i < sizeof out - 1; i++)
		out[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	out[i] = '\0';
	return out;
}

/* Deterministic pseudo-random numbers for the mutations. */
static unsigned long seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(seed >> 33) % n;
}

int
main(void)
{
	struct jscan j = JSCAN_INIT;
	size_t i, k, v, disagree = 0, tried = 0;
	char buf[256], *deep;
	static const char alphabet[] = "{}[]\",:.-+eE0123456789 \\u\"aAdD\xc3\xa9\x80\n\ttrue";
	static const char *const seeds[] = {
		"{\"type\":\"RECORD\",\"stream\":\"insights\",\"record\":{\"a\":\"1.5\",\"b\":[{\"action_type\":\"x\",\"value\":3}]}}",
		"[1, -2.5e3, \"\\u00e9\\ud83d\\ude00\", {\"k\": [true, false, null]}, {\"k\": 1, \"l\": 2}]",
	};

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ok(agree(&j, cases[i], strlen(cases[i])), "agrees with jansson: '%s'", shown(cases[i]));
	ok(agree(&j, "[1]\x00", 4), "a NUL byte after the value is refused");
	ok(agree(&j, "[\"a\x00\"]", 6), "a NUL byte in a string is refused");
	/* jansson loses a NUL byte read past a number or a word; the scanner does the same. */
	ok(agree(&j, "[1\x00]", 4) && jscan_parse(&j, "[1\x00]", 4) == 0, "[1, NUL] is [1]");
	ok(j.tok[0].flags & JSCAN_SPACE, "and its text is not compact");
	ok(agree(&j, "[true\x00,2.5\x00]", 12), "NUL bytes after a word and a real, as jansson");
	ok(agree(&j, "[1\x00\x00]", 5), "two NUL bytes are not skipped");
	ok(agree(&j, "[\"a\"\x00]", 6), "nor one after a string");
	ok(agree(&j, "{\"a\":1\x00}", 8), "nor refused after a member's number");

	/* 2048 levels of values pass, 2049 do not. */
	deep = malloc(2 * 2049 + 1);
	for (k = 2047; k <= 2049; k++) {
		memset(deep, '[', k);
		deep[k] = '1';
		memset(deep + k + 1, ']', k);
		ok(agree(&j, deep, 2 * k + 1), "%zu arrays around a number: as jansson", k);
		memset(deep, '[', k);
		memset(deep + k, ']', k);
		ok(agree(&j, deep, 2 * k), "%zu empty arrays: as jansson", k);
	}
	free(deep);

	/* Many keys: the hashed duplicate check. */
	{
		char big[8192];
		size_t n = 0;

		n += (size_t)sprintf(big + n, "{");
		for (k = 0; k < 200; k++)
			n += (size_t)sprintf(big + n, "%s\"k%zu\":%zu", k ? "," : "", k, k);
		ok(jscan_parse(&j, big, n + (size_t)sprintf(big + n, "}")) == 0, "200 distinct keys");
		n += (size_t)sprintf(big + n, ",\"k\\u0031\\u00307\":1}");
		ok(jscan_parse(&j, big, n) == -1, "the 201st key, escaped, repeats k107");
	}

	/* The tape. */
	{
		const char *s = "{\"a\": [1, 2.5, \"x\\ny\"], \"b\":{\"c\":null}, \"\\u0064\":true}";
		char out[32];

		ok(jscan_parse(&j, s, strlen(s)) == 0, "a nested object scans");
		is_int(j.ntok, 12, "12 tokens");
		is_int(j.tok[0].type, JSCAN_OBJECT, "the top is an object");
		ok(j.tok[0].flags & JSCAN_SPACE, "with whitespace inside");
		v = jscan_member(&j, 0, "a");
		is_int(j.tok[v].type, JSCAN_ARRAY, "member a is an array");
		is_int(j.tok[v].next - v, 4, "of three scalars");
		is_int(jscan_integer(&j, v + 1), 1, "an integer");
		ok(jscan_real(&j, v + 2) == 2.5, "a real");
		is_int(jscan_string(&j, v + 3, out), 3, "an escaped string unescapes");
		ok(memcmp(out, "x\ny", 3) == 0, "to its bytes");
		v = jscan_member(&j, 0, "b");
		is_int(j.tok[jscan_member(&j, v, "c")].type, JSCAN_NULL, "b.c is null");
		is_int(j.tok[jscan_member(&j, 0, "d")].type, JSCAN_TRUE, "an escaped key is found");
		is_int(jscan_member(&j, 0, "e"), 0, "an absent key is 0");
		for (i = 0, k = 1; k < j.tok[0].next; k = j.tok[k + 1].next)
			i++;
		is_int(i, 3, "three members walked");
		s = "[-9223372036854775808, -0, \"\\ud83d\\ude00\"]";
		ok(jscan_parse(&j, s, strlen(s)) == 0 && jscan_integer(&j, 1) == -9223372036854775807LL - 1,
		   "the smallest integer");
		is_int(jscan_integer(&j, 2), 0, "-0 is 0");
		ok(jscan_string(&j, 3, out) == 4 && memcmp(out, "\xf0\x9f\x98\x80", 4) == 0,
		   "a surrogate pair is one UTF-8 sequence");
	}

	/* Reals read as strtod() reads them, the short ones without it. */
	{
		size_t wrong = 0;

		for (i = 0; i < 20000; i++) {
			char num[64];
			int n = sprintf(num, "[%s%u.%0*u]", rnd(2) ? "-" : "", rnd(100000),
			                (int)(1 + rnd(9)), rnd(1000000000));

			if (i % 7 == 0)
				n = sprintf(num, "[%u.%ue%d]", rnd(10), rnd(1000), (int)rnd(40) - 20);
			if (jscan_parse(&j, num, (size_t)n) != 0 || j.tok[1].type != JSCAN_REAL ||
			    jscan_real(&j, 1) != strtod(num + 1, NULL))
				if (wrong++ < 5)
					printf("# %s: %.17g\n", num, jscan_real(&j, 1));
		}
		is_int(wrong, 0, "20000 reals read exactly as strtod() reads them");
	}

	/* Mutations of two seeds: each byte changed, dropped or doubled, many times over. */
	for (i = 0; i < 20000; i++) {
		const char *s = seeds[rnd(2)];
		size_t n = strlen(s), m;

		if (n > sizeof buf - 8)
			n = sizeof buf - 8;
		memcpy(buf, s, n);
		for (m = 1 + rnd(3); m > 0; m--) {
			size_t at = rnd((unsigned)n);
			switch (rnd(3)) {
			case 0:
				buf[at] = alphabet[rnd(sizeof alphabet - 1)];
				break;
			case 1:
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
				break;
			default:
				memmove(buf + at + 1, buf + at, n - at);
				n++;
			}
		}
		buf[n] = '\0';
		tried++;
		if (!agree(&j, buf, n)) {
			if (disagree++ < 5)
				printf("# disagree: %.*s\n", (int)n, buf);
		}
	}
	is_int(disagree, 0, "%zu mutated texts: the scanner and jansson agree on each", tried);

	/* Folded below level 2: a page of rows is a token a row, each row's text whole. */
	{
		static const char page[] = "{\"data\":[{\"a\":\"1\",\"l\":[{\"t\":\"x\"}]},{\"b\": 2},[3]],"
		                           "\"paging\":{\"cursors\":{\"after\":\"c\"},\"next\":\"u\"}}";
		static const char dup[] = "{\"data\":[{\"a\":1,\"a\":2}]}";
		size_t data, paging, rows[3], nrows = 0, r;

		ok(jscan_parse_folded(&j, page, sizeof page - 1, 2) == 0, "a page scans folded");
		data = jscan_member(&j, 0, "data");
		paging = jscan_member(&j, 0, "paging");
		ok(data && j.tok[data].type == JSCAN_ARRAY, "its data array is found");
		for (r = data + 1; r < j.tok[data].next; r = j.tok[r].next)
			if (nrows < 3)
				rows[nrows++] = r;
		is_int(nrows, 3, "three rows, one token each");
		ok(j.tok[rows[0]].next == rows[0] + 1 && j.tok[rows[0]].type == JSCAN_OBJECT,
		   "a folded row has no tokens inside");
		ok(j.tok[rows[0]].len == 25 && memcmp(jscan_at(&j, rows[0]), "{\"a\":\"1\",", 9) == 0,
		   "its text is the row's");
		ok(j.tok[rows[1]].flags & JSCAN_SPACE, "white space inside a row is still flagged");
		ok(!(j.tok[rows[0]].flags & JSCAN_SPACE), "and not on a compact row");
		ok(j.tok[rows[2]].type == JSCAN_ARRAY, "an array row is folded too");
		ok(paging && jscan_member(&j, paging, "next") != 0 &&
		   j.tok[jscan_member(&j, paging, "cursors")].next ==
		   jscan_member(&j, paging, "cursors") + 1,
		   "paging's members are kept, the objects in it folded");
		is_int(j.ntok, 12, "the tape: page, 2 keys, data, 3 rows, paging, 2 keys and 2 values");
		ok(jscan_parse_folded(&j, dup, sizeof dup - 1, 2) != 0,
		   "a duplicate key inside a folded row is still refused");
		ok(jscan_parse(&j, page, sizeof page - 1) == 0 && j.ntok > 12,
		   "jscan_parse() after it folds nothing");
	}
	jscan_free(&j);
	return done_testing();
}
