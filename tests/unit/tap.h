/*
 * tap.h - the Test Anything Protocol for the C unit tests, so they run in
 * the same `prove` as the shell tests.  Header-only: each test file is one
 * program.
 */
#ifndef METASYNC_TAP_H
#define METASYNC_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	return cond;
}

#define is_int(got, want, ...) \
	(ok((long long)(got) == (long long)(want), __VA_ARGS__) || \
	 (printf("#   got %lld, want %lld\n", (long long)(got), (long long)(want)), 0))

static int __attribute__((unused))
tap_same(const char *got, const char *want)
{
	if (got != NULL && strcmp(got, want) == 0)
		return 1;
	printf("#   got '%s', want '%s'\n", got ? got : "(null)", want);
	return 0;
}

#define is_str(got, want, ...) ok(tap_same((got), (want)), __VA_ARGS__)

static int
done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
