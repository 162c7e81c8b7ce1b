#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

static double
system_now(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
system_sleep(void *ctx, double seconds)
{
	struct timespec ts;

	(void)ctx;
	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double
system_random(void *ctx)
{
	static __thread unsigned short seed[3];
	static __thread int seeded;

	(void)ctx;
	if (!seeded) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		seed[0] = (unsigned short)ts.tv_nsec;
		seed[1] = (unsigned short)(ts.tv_nsec >> 16);
		seed[2] = (unsigned short)getpid();
		seeded = 1;
	}
	return erand48(seed);
}

const struct clock *
clock_system(void)
{
	static const struct clock c = { system_now, system_sleep, system_random, NULL };

	return &c;
}
