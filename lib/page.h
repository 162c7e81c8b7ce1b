/*
 * page.h - a summary (summary.h) as one self-contained HTML page: tables
 * and inline SVG charts (svg.h) of daily spend and revenue, roas and the
 * top campaigns per currency; no script, no external file, and a
 * Content-Security-Policy that forbids fetching anything, so opening it
 * (or mailing it) loads nothing.
 */
#ifndef METASYNC_PAGE_H
#define METASYNC_PAGE_H

#include <jansson.h>

#include "buf.h"
#include "error.h"

/* Appends the page of summary (borrowed) to out. */
void page_render(struct buf *out, const json_t *summary);

/*
 * Writes the page to path whole or not at all: into a temporary file of
 * the same directory, synced, then renamed over path (readable as the
 * umask allows).  EXIT_OTHER with e set on failure, the temporary file
 * removed and path untouched.
 */
int page_write(const char *path, const json_t *summary, struct error *e);

#endif
