#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "singer.h"

void
singer_reader_init(struct singer_reader *r, FILE *in)
{
	memset(r, 0, sizeof *r);
	r->in = in;
}

void
singer_reader_free(struct singer_reader *r)
{
	free(r->line);
	r->line = NULL;
	r->cap = 0;
}

static int
blank(const char *s, ssize_t n)
{
	ssize_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

static const char *
check_shape(json_t *msg)
{
	const char *type = json_string_value(json_object_get(msg, "type"));

	if (type == NULL)
		return "no \"type\"";
	if (strcmp(type, "RECORD") == 0) {
		if (!json_is_string(json_object_get(msg, "stream")))
			return "RECORD without a \"stream\" string";
		if (!json_is_object(json_object_get(msg, "record")))
			return "RECORD without a \"record\" object";
	} else if (strcmp(type, "SCHEMA") == 0) {
		if (!json_is_string(json_object_get(msg, "stream")))
			return "SCHEMA without a \"stream\" string";
		if (!json_is_object(json_object_get(msg, "schema")))
			return "SCHEMA without a \"schema\" object";
	} else if (strcmp(type, "STATE") == 0) {
		if (json_object_get(msg, "value") == NULL)
			return "STATE without a \"value\"";
	}
	return NULL;
}

int
singer_next_line(struct singer_reader *r, struct error *e)
{
	do {
		errno = 0;
		r->len = getline(&r->line, &r->cap, r->in);
		if (r->len < 0) {
			if (ferror(r->in))
				return error_set(e, EXIT_OTHER, "cannot read input: %s", strerror(errno)), -1;
			return 0;
		}
		r->lineno++;
	} while (blank(r->line, r->len));
	return 1;
}

json_t *
singer_parse_line(const struct singer_reader *r, struct error *e)
{
	json_error_t jerr;
	const char *why;
	json_t *msg;

	msg = json_loadb(r->line, (size_t)r->len, JSON_REJECT_DUPLICATES, &jerr);
	if (msg == NULL) {
		error_set(e, EXIT_DATAERR, "line %ld: not JSON: %s (column %d)",
		          r->lineno, jerr.text, jerr.column);
		return NULL;
	}
	if (!json_is_object(msg))
		why = "not a JSON object";
	else
		why = check_shape(msg);
	if (why) {
		json_decref(msg);
		error_set(e, EXIT_DATAERR, "line %ld: %s", r->lineno, why);
		return NULL;
	}
	return msg;
}

int
singer_read(struct singer_reader *r, json_t **msg, struct error *e)
{
	int rc;

	*msg = NULL;
	if ((rc = singer_next_line(r, e)) != 1)
		return rc;
	*msg = singer_parse_line(r, e);
	return 1;
}

int
singer_scan_record(const struct jscan *j, struct buf *stream, size_t *record)
{
	size_t type, name;

	if (j->tok[0].type != JSCAN_OBJECT || (type = jscan_member(j, 0, "type")) == 0 ||
	    !jscan_string_is(j, type, "RECORD", 6) || (name = jscan_member(j, 0, "stream")) == 0 ||
	    j->tok[name].type != JSCAN_STRING || (*record = jscan_member(j, 0, "record")) == 0 ||
	    j->tok[*record].type != JSCAN_OBJECT)
		return 0;
	buf_reset(stream);
	buf_added(stream, jscan_string(j, name, buf_space(stream, j->tok[name].len)));
	return 1;
}

enum singer_type
singer_type_of(json_t *msg)
{
	const char *type = json_string_value(json_object_get(msg, "type"));

	if (type == NULL)
		return SINGER_OTHER;
	if (strcmp(type, "RECORD") == 0)
		return SINGER_RECORD;
	if (strcmp(type, "SCHEMA") == 0)
		return SINGER_SCHEMA;
	if (strcmp(type, "STATE") == 0)
		return SINGER_STATE;
	return SINGER_OTHER;
}

static int
append(const char *data, size_t n, void *b)
{
	buf_append(b, data, n);
	return 0;
}

int
singer_dump(json_t *v, struct buf *out)
{
	/*
	 * json_dumpf makes one stdio call per token; the line is built in a
	 * buffer and written at once.  15 digits: what a double holds exactly
	 * in decimal, so 14.35 stays 14.35.
	 */
	return json_dump_callback(v, append, out, JSON_COMPACT | JSON_REAL_PRECISION(15) |
	                          JSON_ENCODE_ANY);
}

int
singer_write(FILE *out, json_t *msg)
{
	struct buf line = BUF_INIT;
	int rc;

	rc = singer_dump(msg, &line);
	buf_append(&line, "\n", 1);
	if (rc == 0 && fwrite(line.data, 1, line.len, out) != line.len)
		rc = -1;
	buf_free(&line);
	return rc;
}

json_t *
singer_record(const char *stream, json_t *record, const char *time_extracted)
{
	json_t *m = json_pack("{s:s, s:s, s:o}", "type", "RECORD", "stream", stream,
	                      "record", record);

	if (time_extracted)
		json_object_set_new(m, "time_extracted", json_string(time_extracted));
	return m;
}

int
singer_copy_line(FILE *f, const struct singer_reader *r)
{
	if (fwrite(r->line, 1, (size_t)r->len, f) != (size_t)r->len ||
	    (r->len > 0 && r->line[r->len - 1] != '\n' && putc('\n', f) == EOF) || fflush(f) != 0)
		return -1;
	return 0;
}

int
singer_write_document(const char *path, const char *what, json_t *doc, struct error *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int rc;

	if (f == NULL)
		return error_set(e, EXIT_OTHER, "cannot write %s '%s': %s", what, path, strerror(errno));
	rc = json_dumpf(doc, f, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	if (fputc('\n', f) == EOF)
		rc = -1;
	if (f == stdout ? fflush(f) != 0 : fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		return error_set(e, EXIT_OTHER, "cannot write %s '%s': %s", what, path, strerror(errno));
	return 0;
}
