/*
 * fuzz-mapping: any bytes as a mapping file.  What parses is applied to a
 * fixed insights record; what does not must fail as the contract says:
 * EXIT_USAGE and "fuzz.json:LINE:" with LINE inside the text, since that
 * line comes from our own walk of the text, not from jansson.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mapping.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const reserved[] = { "account_id", "date_start", "spend", "impressions", NULL };

static const char record_text[] =
	"{\"account_id\": \"1\", \"date_start\": \"2026-10-01\", \"spend\": 200, \"impressions\": 1000,"
	" \"inline_link_clicks\": 0, \"clicks\": 12.5, \"a\": 9223372036854775807, \"b\": 1e308,"
	" \"c\": -0.0, \"d\": null, \"s\": \"12\","
	" \"actions\": [{\"action_type\": \"link_click\", \"value\": 45, \"7d_click\": 40},"
	"  {\"action_type\": \"lead\", \"value\": 3}, {\"action_type\": \"lead\", \"value\": 2.5},"
	"  {\"action_type\": \"omni_purchase\", \"value\": 5}, {\"value\": 1}, 7, {\"action_type\": \"x\"},"
	"  {\"action_type\": \"bad\", \"value\": \"3\"}],"
	" \"action_values\": [{\"action_type\": \"omni_purchase\", \"value\": 500.25}],"
	" \"conversions\": {\"action_type\": \"lead\"}}";

/* Lines in the text: a reported line must be one of them. */
static long
lines(const uint8_t *data, size_t size)
{
	long n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *record;
	struct error e = { 0 };
	struct mapping *m;
	json_t *copy;
	size_t i;
	char *end;
	long line;

	if (record == NULL && (record = json_loads(record_text, 0, NULL)) == NULL)
		abort();
	m = mapping_parse((const char *)data, size, "fuzz.json", reserved, &e);
	if (m == NULL) {
		if (e.status != EXIT_USAGE || strncmp(e.msg, "fuzz.json:", 10) != 0)
			abort();
		line = strtol(e.msg + 10, &end, 10);
		if (end == e.msg + 10 || line < 1 || line > lines(data, size))
			abort();
		return 0;
	}
	for (i = 0; i < mapping_count(m); i++) {
		if (mapping_name(m, i) == NULL)
			abort();
		if (mapping_is_ratio(m, i) != (mapping_ratio_term(m, i, 1) != NULL))
			abort();
	}
	copy = json_deep_copy(record);
	if (mapping_apply(m, copy, &e) != 0) {
		if (e.status != EXIT_DATAERR)
			abort();
	} else {
		for (i = 0; i < mapping_count(m); i++) {
			json_t *v = json_object_get(copy, mapping_name(m, i));
			if (!json_is_number(v) && !json_is_null(v))
				abort();
		}
	}
	json_decref(copy);
	mapping_free(&m);
	return 0;
}
