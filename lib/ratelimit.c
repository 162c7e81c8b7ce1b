#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ratelimit.h"
#include "util.h"

struct ratelimit {
	pthread_mutex_t lock;
	struct ratelimit_usage last;
	double last_at;        /* when last was observed */
	double blocked_until;  /* no request before this */
	double next_at;        /* earliest time of the next request */
	double spacing;        /* seconds between requests at the current usage */
	double peak;
};

/* Meta's own documentation quotes strings with ' in one sample; accept that too. */
static json_t *
load_header(const char *value)
{
	json_error_t jerr;
	json_t *j;
	char *fixed, *p;

	if (value == NULL || *value == '\0')
		return NULL;
	if ((j = json_loads(value, JSON_DECODE_ANY, &jerr)) != NULL)
		return j;
	fixed = xstrdup(value);
	for (p = fixed; *p; p++)
		if (*p == '\'')
			*p = '"';
	j = json_loads(fixed, JSON_DECODE_ANY, &jerr);
	free(fixed);
	return j;
}

static void
take_pct(struct ratelimit_usage *u, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_number(v) && json_number_value(v) > u->pct)
		u->pct = json_number_value(v);
}

void
ratelimit_parse(const char *app, const char *account, const char *buc,
                const char *insights, struct ratelimit_usage *u)
{
	json_t *j, *list, *entry, *v;
	const char *key;
	size_t i;

	memset(u, 0, sizeof *u);
	if ((j = load_header(app)) != NULL) {
		u->seen = 1;
		take_pct(u, j, "call_count");
		take_pct(u, j, "total_cputime");
		take_pct(u, j, "total_time");
		json_decref(j);
	}
	if ((j = load_header(account)) != NULL) {
		u->seen = 1;
		take_pct(u, j, "acc_id_util_pct");
		v = json_object_get(j, "reset_time_duration");
		if (json_is_number(v))
			u->reset_seconds = json_number_value(v);
		json_decref(j);
	}
	if ((j = load_header(buc)) != NULL) {
		u->seen = 1;
		json_object_foreach(j, key, list) {
			json_array_foreach(list, i, entry) {
				take_pct(u, entry, "call_count");
				take_pct(u, entry, "total_cputime");
				take_pct(u, entry, "total_time");
				v = json_object_get(entry, "estimated_time_to_regain_access");
				if (json_is_number(v) && json_number_value(v) * 60 > u->regain_seconds)
					u->regain_seconds = json_number_value(v) * 60;
			}
		}
		json_decref(j);
	}
	if ((j = load_header(insights)) != NULL) {
		u->seen = 1;
		take_pct(u, j, "app_id_util_pct");
		take_pct(u, j, "acc_id_util_pct");
		json_decref(j);
	}
}

struct ratelimit *
ratelimit_new(void)
{
	struct ratelimit *rl = xcalloc(1, sizeof *rl);

	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void
ratelimit_free(struct ratelimit **rl)
{
	if (*rl == NULL)
		return;
	pthread_mutex_destroy(&(*rl)->lock);
	free(*rl);
	*rl = NULL;
}

void
ratelimit_observe(struct ratelimit *rl, const char *account, const struct ratelimit_usage *u,
                  double now)
{
	(void)account;
	double half = RATELIMIT_THRESHOLD / 2;

	if (!u->seen)
		return;
	pthread_mutex_lock(&rl->lock);
	rl->last = *u;
	rl->last_at = now;
	if (u->pct > rl->peak)
		rl->peak = u->pct;
	if (u->regain_seconds > 0 && now + u->regain_seconds > rl->blocked_until)
		rl->blocked_until = now + u->regain_seconds;
	if (u->pct >= RATELIMIT_THRESHOLD) {
		double reset = u->reset_seconds > 0 ? u->reset_seconds : RATELIMIT_DEFAULT_WINDOW;
		if (reset > RATELIMIT_MAX_PACE)
			reset = RATELIMIT_MAX_PACE;
		if (now + reset > rl->blocked_until)
			rl->blocked_until = now + reset;
		/* After the block, one probe; the rest queue behind it. */
		rl->spacing = RATELIMIT_MAX_SPACING;
	} else if (u->pct > half) {
		rl->spacing = RATELIMIT_MAX_SPACING * (u->pct - half) / half;
	} else {
		rl->spacing = 0;
	}
	pthread_mutex_unlock(&rl->lock);
}

void
ratelimit_block(struct ratelimit *rl, const char *account, double now, double seconds)
{
	(void)account;
	pthread_mutex_lock(&rl->lock);
	if (now + seconds > rl->blocked_until)
		rl->blocked_until = now + seconds;
	pthread_mutex_unlock(&rl->lock);
}

double
ratelimit_wait(struct ratelimit *rl, const char *account, double now)
{
	(void)account;
	double until;

	pthread_mutex_lock(&rl->lock);
	until = rl->blocked_until > rl->next_at ? rl->blocked_until : rl->next_at;
	if (until <= now)
		rl->next_at = now + rl->spacing;
	pthread_mutex_unlock(&rl->lock);
	return until > now ? until - now : 0;
}

double
ratelimit_peak(struct ratelimit *rl)
{
	double p;

	pthread_mutex_lock(&rl->lock);
	p = rl->peak;
	pthread_mutex_unlock(&rl->lock);
	return p;
}

double
retry_backoff(const struct retry_policy *p, int attempt, double u01)
{
	double d = p->base * pow(2.0, attempt);

	if (d > p->cap)
		d = p->cap;
	return u01 * d;
}
