/*
 * clock.h - time as a parameter.  Pacing, backoff and report polling take
 * a clock instead of calling time() and sleep(), so their unit tests step
 * a fake clock and assert exact waits (as curl's lib/ratelimit.h does).
 */
#ifndef METASYNC_CLOCK_H
#define METASYNC_CLOCK_H

struct clock {
	double (*now)(void *ctx);                 /* seconds, monotonic */
	void (*sleep)(void *ctx, double seconds);
	double (*random)(void *ctx);              /* uniform in [0, 1), for jitter */
	void *ctx;
};

/* The real monotonic clock, nanosleep and a random source; borrowed, static. */
const struct clock *clock_system(void);

#endif
