/*
 * buf.h - a growable byte buffer, always NUL-terminated so its data can be
 * used as a C string.  Initialise with BUF_INIT or buf_init(); release with
 * buf_free(), which leaves an empty, reusable buffer.
 */
#ifndef METASYNC_BUF_H
#define METASYNC_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;   /* NULL until the first append; use buf_str() for a string */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);           /* len = 0, keeps the memory */
void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *buf_str(const struct buf *b); /* "" when empty; borrowed */
/*
 * Room for n more bytes: returns where they go (valid until the next
 * change of b); buf_added() then counts the m <= n bytes written there.
 */
char *buf_space(struct buf *b, size_t n);
void buf_added(struct buf *b, size_t m);

#endif
