/*
 * fuzz-transform-line: any bytes as a line of meta-transform's input.
 * What map_fast_line() types from the text must be, byte for byte, the
 * line the jansson path writes (singer_parse_line(), map_record_message(),
 * singer_dump()) for the same line, with the default mapping and with a
 * mapping of sums, else terms, ratios, unknown fields and lists; and when
 * it leaves a line alone the jansson path must not crash on it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "singer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char map_text[] =
	"{\"version\": 1, \"metrics\": [\n"
	" {\"name\": \"link_clicks\", \"sum\": [\"inline_link_clicks\"], \"else\": [\"actions:link_click\"]},\n"
	" {\"name\": \"leads\", \"sum\": [\"actions:lead\", \"conversions:lead\", \"things:lead\"]},\n"
	" {\"name\": \"revenue\", \"sum\": [\"action_values:omni_purchase\"]},\n"
	" {\"name\": \"roas\", \"ratio\": [\"revenue\", \"spend\"]},\n"
	" {\"name\": \"per_reach\", \"ratio\": [\"leads\", \"reach\"]},\n"
	" {\"name\": \"follows\", \"sum\": [\"instagram_follower_count_total\", \"age\"],"
	" \"else\": [\"unique_ctr\", \"revenue:x\"]}\n"
	"]}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mapping *maps[2];
	static struct map_fast *fast[2];
	struct buf got = BUF_INIT, want = BUF_INIT;
	char *line = malloc(size + 1);
	size_t i;

	if (maps[0] == NULL) {
		struct error e = { 0 };

		maps[0] = mapping_default();
		if ((maps[1] = mapping_parse(map_text, sizeof map_text - 1, "fuzz.json", NULL, &e)) == NULL)
			abort();
		fast[0] = map_fast_new(maps[0]);
		fast[1] = map_fast_new(maps[1]);
	}
	memcpy(line, data, size);
	line[size] = '\0';
	for (i = 0; i < 2; i++) {
		struct singer_reader r = { NULL, line, size + 1, (ssize_t)size, 1 };
		struct error e = { 0 };
		json_t *msg, *outs = NULL;
		int fast_done;

		buf_reset(&got);
		buf_reset(&want);
		fast_done = map_fast_line(fast[i], line, size, &got);
		if ((msg = singer_parse_line(&r, &e)) != NULL && singer_type_of(msg) == SINGER_RECORD)
			outs = map_record_message(msg, maps[i], &e);
		if (fast_done) {
			/* Only an insights RECORD, which the jansson path maps the same. */
			if (outs == NULL || json_array_size(outs) != 1 ||
			    strcmp(json_string_value(json_object_get(msg, "stream")), "insights") != 0 ||
			    singer_dump(json_array_get(outs, 0), &want) != 0)
				abort();
			buf_append(&want, "\n", 1);
			if (got.len != want.len || memcmp(got.data, want.data, got.len) != 0)
				abort();
		}
		json_decref(outs);
		json_decref(msg);
	}
	buf_free(&got);
	buf_free(&want);
	free(line);
	return 0;
}
