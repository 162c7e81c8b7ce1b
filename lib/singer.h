/*
 * singer.h - the NDJSON message stream between the tools, in the Singer
 * format: one JSON object a line, of type SCHEMA, RECORD or STATE.
 *
 * The reader keeps one line in memory at a time whatever the input size,
 * and counts lines so every complaint can name one.
 */
#ifndef METASYNC_SINGER_H
#define METASYNC_SINGER_H

#include <stdio.h>
#include <sys/types.h>

#include <jansson.h>

#include "buf.h"
#include "error.h"
#include "jscan.h"

enum singer_type { SINGER_SCHEMA, SINGER_RECORD, SINGER_STATE, SINGER_OTHER };

struct singer_reader {
	FILE *in;
	char *line;     /* the current line, owned */
	size_t cap;
	ssize_t len;
	long lineno;    /* 1-based number of the current line */
};

void singer_reader_init(struct singer_reader *r, FILE *in);
void singer_reader_free(struct singer_reader *r);

/*
 * Reads the next non-blank line into r->line: 1, 0 at end of input, -1
 * with e set when reading failed.
 */
int singer_next_line(struct singer_reader *r, struct error *e);

/*
 * The message on r's current line, parsed with jansson: a new reference
 * to a message whose shape was checked (type, stream, record/schema/value),
 * or NULL with e set (EXIT_DATAERR, "line N: ...") when the line is bad.
 */
json_t *singer_parse_line(const struct singer_reader *r, struct error *e);

/*
 * Whether the line scanned into j (see jscan.h) is a RECORD message that
 * singer_parse_line() would accept: "type" the string "RECORD", "stream" a
 * string, "record" an object.  If so *record is the record's token and
 * stream holds the stream's name, unescaped.
 */
int singer_scan_record(const struct jscan *j, struct buf *stream, size_t *record);

/*
 * Reads the next non-blank line.  Returns 1 with *msg a new reference to a
 * message whose shape was checked (type, stream, record/schema/value);
 * 1 with *msg NULL and e set (EXIT_DATAERR, "line N: ...") for a bad line,
 * which r->line still holds for a rejects file; 0 at end of input;
 * -1 with e set when reading failed.
 */
int singer_read(struct singer_reader *r, json_t **msg, struct error *e);

/* The type of a checked message. */
enum singer_type singer_type_of(json_t *msg);

/*
 * Appends v as the stream's text to out: compact, in its keys' order,
 * reals to 15 significant digits (what a double holds exactly in decimal).
 * 0, or -1 when v cannot be written (a NaN, say).
 */
int singer_dump(json_t *v, struct buf *out);

/* Writes msg as one line, as singer_dump() writes it; returns 0, or -1 with errno set. */
int singer_write(FILE *out, json_t *msg);

/*
 * Appends the reader's current line to f, newline-terminated, and flushes
 * it (a rejects file: the line must be safe there before going on);
 * 0, or -1 with errno set.
 */
int singer_copy_line(FILE *f, const struct singer_reader *r);

/*
 * Writes doc, indented, to path ("-": standard output); what names the file
 * in the error ("stats file").  0, or EXIT_OTHER with e set.
 */
int singer_write_document(const char *path, const char *what, json_t *doc, struct error *e);

/* New RECORD message; record is stolen, time_extracted may be NULL. */
json_t *singer_record(const char *stream, json_t *record, const char *time_extracted);

#endif
