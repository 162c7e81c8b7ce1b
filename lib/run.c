#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "report.h"
#include "run.h"
#include "util.h"

/* A signal reaches whichever thread; the handler only sets flags that every wait reads. */
static volatile sig_atomic_t caught_signal;
static struct run *volatile signal_run;

static void
on_signal(int sig)
{
	caught_signal = sig;
	if (signal_run)
		signal_run->stopped = 1;
}

struct run *
run_new(const struct retry_policy *retry, struct error *e)
{
	struct run *r;

	/* Before any thread exists: curl_global_init is not thread-safe. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		error_set(e, EXIT_OTHER, "cannot initialise libcurl");
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->clock = clock_system();
	r->rl = ratelimit_new();
	r->stats = stats_new(r->clock->now(r->clock->ctx));
	r->retry = *retry;
	r->poller = report_poller_new(r->clock);
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

void
run_free(struct run **rp)
{
	struct run *r = *rp;

	if (r == NULL)
		return;
	if (signal_run == r)
		signal_run = NULL;
	report_poller_free(&r->poller);
	pthread_mutex_destroy(&r->lock);
	ratelimit_free(&r->rl);
	stats_free(&r->stats);
	free(r);
	*rp = NULL;
	curl_global_cleanup();
}

void
run_catch_signals(struct run *r)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking read or sleep returns, and its loop looks at the flag. */
	signal_run = r;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int
run_stopping(const struct run *r)
{
	return r->stopped || caught_signal;
}

void
run_stop(struct run *r)
{
	r->stopped = 1;
}

const char *
run_stop_reason(const struct run *r)
{
	(void)r;
	switch (caught_signal) {
	case 0:       return NULL;
	case SIGINT:  return "SIGINT";
	case SIGTERM: return "SIGTERM";
	default:      return "a signal";
	}
}

int
run_sleep(struct run *r, double seconds)
{
	while (seconds > 0) {
		double nap = seconds < 0.25 ? seconds : 0.25;
		if (run_stopping(r))
			return -1;
		r->clock->sleep(r->clock->ctx, nap);
		seconds -= nap;
	}
	return run_stopping(r) ? -1 : 0;
}

void
run_note_block(struct run *r, const char *account, double until)
{
	pthread_mutex_lock(&r->lock);
	if (until > r->blocked_until) {
		r->blocked_until = until;
		snprintf(r->blocked_account, sizeof r->blocked_account, "%s", account ? account : "");
	}
	pthread_mutex_unlock(&r->lock);
}

int
run_note_api(struct run *r, const char *version, const char *warning)
{
	int first = 0;

	pthread_mutex_lock(&r->lock);
	if (version && *version)
		snprintf(r->api_version, sizeof r->api_version, "%s", version);
	if (warning && *warning && r->api_warning[0] == '\0') {
		snprintf(r->api_warning, sizeof r->api_warning, "%s", warning);
		first = 1;
	}
	pthread_mutex_unlock(&r->lock);
	return first;
}
