/*
 * util.h - allocation that cannot fail (it aborts with a message, as jq's
 * jv_mem_alloc and sbase's emalloc do) and small string helpers.
 * Every pointer returned here is owned by the caller and released with free().
 */
#ifndef METASYNC_UTIL_H
#define METASYNC_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A whole number in [min, max] from an option argument, or -1 when it is not one. */
long util_number(const char *s, long min, long max);

/*
 * How many bytes of s[0..len) to keep to cut it to at most max bytes
 * without splitting a UTF-8 sequence: len itself when it fits.
 */
size_t util_utf8_cut(const char *s, size_t len, size_t max);

/*
 * The first line of the file at path, without the white space around it,
 * for secrets kept in files (a token, a webhook URL).  NULL with errno set
 * when the file cannot be read; NULL with errno 0 when the line is empty.
 */
char *util_first_line(const char *path);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" in buf (at least 21 bytes). */
void util_utc_now(char *buf, size_t size);

#endif
