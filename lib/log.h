/*
 * log.h - the one logger: stderr, "prog: message", four levels, and every
 * secret registered with log_add_secret() replaced by "[REDACTED]" in
 * whatever it prints.  The same redaction is offered to code that writes
 * server text elsewhere (raw dumps, error messages).
 *
 * A message is formatted whole, redacted, and only then cut to size (at a
 * UTF-8 boundary), so a secret that would straddle the cut cannot leave
 * its first characters behind.  Register every secret before anything
 * that may quote it is formatted: a message formatted earlier keeps it.
 *
 * Levels: errors always print; warnings too unless -q; -v adds info,
 * -vv debug.
 */
#ifndef METASYNC_LOG_H
#define METASYNC_LOG_H

#include <stddef.h>

#include "buf.h"

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

void log_init(const char *progname);
void log_set_level(int level);
int log_get_level(void);
const char *log_progname(void);

/* Longest message printed, in bytes (a longer one is cut after redaction). */
#define LOG_MESSAGE_MAX 4096

/*
 * Registers a secret (copied) and its URL-encoded form (curl_easy_escape's,
 * as every URL we build encodes it); NULL or "" ignored.  Where secrets
 * overlap, the longest match is replaced.
 */
void log_add_secret(const char *secret);
void log_clear_secrets(void);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends src[0..len) to out with every secret replaced. */
void log_redact_append(struct buf *out, const char *src, size_t len);
/*
 * Copies src into dst with every secret replaced, then cuts the result to
 * size - 1 bytes at a UTF-8 boundary.
 */
void log_redact_into(char *dst, size_t size, const char *src);
/*
 * Appends body to out as one line, as --raw dumps a response: its line
 * breaks left out (in JSON they are only white space), then every secret
 * replaced (so no break can split one past the redaction), then "\n".
 */
void log_redact_line(struct buf *out, const char *body, size_t len);

#endif
