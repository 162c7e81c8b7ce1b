/*
 * Pacing on Meta's usage headers.
 *
 * What the headers say.  For an ad account, the usage u of the current
 * window in percent, and reset_time_duration r: the seconds until that
 * usage is back to 0.  For the app, a usage in whole percents and no
 * reset.  Meta counts the app and each ad account apart; a request uses
 * both its account's budget and the app's, so each has a state here (a
 * "key") and a request waits for the later of the two.
 *
 * What is learned, per key:
 *  - inc, the percent one call costs: an answer's usage counts at least
 *    the call it answers, so every usage figure is an upper bound of inc,
 *    and the smallest one seen (the first call of a window shows exactly
 *    one call) is the estimate.  Figures in whole percents hide up to 1
 *    point, so a whole figure p bounds inc by p + 1, and, when the answers
 *    of one window are n, by (p + 1) / n: in a window every answered call
 *    was counted before the answer with the highest usage.  (That second
 *    bound needs a window that only fills, so it is used for whole-number
 *    figures, X-App-Usage and BUC, whose windows Meta documents as an
 *    hour; a decaying score, which Meta's decimal acc_id_util_pct may be,
 *    would break it.)  And when a request is the only one in flight and
 *    was sent after the previous answer came, the rise from that answer
 *    to its own is one call (plus what may have drained meanwhile, at a
 *    window's worth over the window); until a key knows inc so (or has
 *    seen a window end), its requests go one at a time, at once, to
 *    learn it.  Over-estimating inc is the safe side: fewer calls.
 *  - the window's length: the longest reset seen.
 *  - the end of the current window: each answer at t bounds it by t + r
 *    (r is rounded up to whole seconds, and the answer left the server
 *    before t), so the end is kept as the smallest t + r of the window's
 *    answers: never early, and within a fraction of a second after a
 *    window's first answers.  The app gets no reset from Meta; it takes
 *    that of the account header of the same answer, as a fake with one
 *    clock for all windows gives it (see tests/fake-graph.py), and without
 *    any reset a key assumes RATELIMIT_DEFAULT_WINDOW.
 *
 * The pacing rule.  With u the usage of the window's answers and f the
 * requests sent and not yet answered (up to one per worker), the calls
 * left are c = (100 - u) / inc - f, less one kept as headroom for
 * rounding and for answers that overtake each other.  A request in
 * flight may be counted in u already: while u is no more than our own
 * calls of the window explain (n answers and f in flight: nobody else
 * uses the budget), only n + f - u / inc of them are taken as not
 * counted yet, which counts none twice.  The next request goes at
 * last + (end - last) / (c + 1), last being the previous request: the c
 * calls spread evenly over the time the window needs to reset, the next
 * window's first call at its start (a window's first call goes at once,
 * and a new window always takes one, however costly calls seemed).  As
 * usage climbs the spacing widens by itself; with no call left the next
 * waits for the end, which is the reset, never a block after a burst.  A
 * window that fills only as calls come in (the fake's) is thus used to
 * the last call but one.  A sliding window or a decaying score is never
 * over-run either (the calls left are always counted against what the
 * server said), at a lower rate.
 *
 * When a window ends.  At the estimated end the key starts a new window
 * of usage 0 (the end was an upper bound, so the old window is over).
 * Answers that overtake each other must not undo that: an answer to a
 * request of the previous window, arriving late, would pull the new
 * window's end back to the old one.  Such an answer has t + r near the
 * previous end, while an answer of the new window has t + r at least a
 * window later; the ones in the first half window after the previous end
 * are set aside (and, for one second more, those whose usage is more than
 * the window's answers and the requests in flight can explain: the
 * rounding of r).  An answer with a lower usage and a reset well past the
 * estimated end is the next window seen early: set aside too, the
 * estimate ends the window soon enough; a higher one pushes the end out
 * (a longer window than thought).  Nothing else resets the spacing:
 * answers only add knowledge, the time of the last request stays.
 *
 * Before the first answer of a key nothing is known (the usage may be 99%
 * already), so one request goes alone and the others wait for its answer.
 * A key whose answers carry no usage is not paced.  An account blocked by
 * Meta (estimated_time_to_regain_access, or a throttle error through
 * ratelimit_block()) lets nothing out until the block ends; a block of the
 * app holds every request.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ratelimit.h"
#include "util.h"

#define IN_FLIGHT_MAX 64     /* requests remembered in flight per key */
#define PROBE_NAP     0.02   /* seconds between asks while the first request of a key is out */
#define ROUNDING      0.2    /* calls: how far an estimate of the calls left may be rounded up */

struct key {
	char *account;          /* NULL: the app */
	double inc;             /* percent one call costs; 0 = not known yet */
	double win;             /* longest reset seen, seconds; 0 = none */
	int answered;           /* an answer (with usage or not) came */
	int seen;               /* an answer carried this key's usage */
	double pct;             /* usage of the current window: its highest answer */
	double pct_grain;       /* the rounding of that answer */
	int in_window;          /* answers with a reset placed in the current window */
	double last_p;          /* usage of the last answer placed in the current window */
	double last_at;         /* when it came; 0 = none in this window */
	int settled;            /* inc came from a rise of one call, or a window has ended */
	double end;             /* end of the current window, an upper bound; 0 = unknown */
	int tentative;          /* end is a guess: a window began, no answer placed it yet */
	double prev_end;        /* end of the previous window; 0 = none */
	double sent[IN_FLIGHT_MAX]; /* times of the requests in flight, oldest first */
	int nsent;
	double last_go;         /* time of the last request; 0 = none */
	double blocked_until;
};

struct ratelimit {
	pthread_mutex_t lock;
	struct key app;
	struct key *accounts;
	size_t naccounts, cap;
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

/* Keeps the highest figure in *pct, and the finer rounding of equal highest ones in *grain. */
static void
take_pct(double *pct, double *grain, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	double x, g;

	if (!json_is_number(v) || (x = json_number_value(v)) < 0)
		return;
	g = json_is_integer(v) ? 1.0 : 0.01;
	if (*grain == 0 || x > *pct) {
		*pct = x;
		*grain = g;
	} else if (x == *pct && g < *grain) {
		*grain = g;
	}
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
		take_pct(&u->app_pct, &u->app_grain, j, "call_count");
		take_pct(&u->app_pct, &u->app_grain, j, "total_cputime");
		take_pct(&u->app_pct, &u->app_grain, j, "total_time");
		json_decref(j);
	}
	if ((j = load_header(account)) != NULL) {
		u->seen = 1;
		take_pct(&u->account_pct, &u->account_grain, j, "acc_id_util_pct");
		v = json_object_get(j, "reset_time_duration");
		if (json_is_number(v) && json_number_value(v) > 0)
			u->reset_seconds = json_number_value(v);
		json_decref(j);
	}
	if ((j = load_header(buc)) != NULL) {
		u->seen = 1;
		json_object_foreach(j, key, list) {
			json_array_foreach(list, i, entry) {
				take_pct(&u->account_pct, &u->account_grain, entry, "call_count");
				take_pct(&u->account_pct, &u->account_grain, entry, "total_cputime");
				take_pct(&u->account_pct, &u->account_grain, entry, "total_time");
				v = json_object_get(entry, "estimated_time_to_regain_access");
				if (json_is_number(v) && json_number_value(v) * 60 > u->regain_seconds)
					u->regain_seconds = json_number_value(v) * 60;
			}
		}
		json_decref(j);
	}
	if ((j = load_header(insights)) != NULL) {
		u->seen = 1;
		take_pct(&u->app_pct, &u->app_grain, j, "app_id_util_pct");
		take_pct(&u->account_pct, &u->account_grain, j, "acc_id_util_pct");
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
	size_t i;

	if (*rl == NULL)
		return;
	for (i = 0; i < (*rl)->naccounts; i++)
		free((*rl)->accounts[i].account);
	free((*rl)->accounts);
	pthread_mutex_destroy(&(*rl)->lock);
	free(*rl);
	*rl = NULL;
}

/* The state of account (NULL: the app), created on first use.  Locked. */
static struct key *
find_key(struct ratelimit *rl, const char *account)
{
	size_t i;

	if (account == NULL)
		return &rl->app;
	for (i = 0; i < rl->naccounts; i++)
		if (strcmp(rl->accounts[i].account, account) == 0)
			return &rl->accounts[i];
	if (rl->naccounts == rl->cap) {
		rl->cap = rl->cap ? 2 * rl->cap : 8;
		rl->accounts = xrealloc(rl->accounts, rl->cap * sizeof *rl->accounts);
	}
	memset(&rl->accounts[rl->naccounts], 0, sizeof rl->accounts[0]);
	rl->accounts[rl->naccounts].account = xstrdup(account);
	return &rl->accounts[rl->naccounts++];
}

static double
window_length(const struct key *k)
{
	return k->win > 0 ? k->win : RATELIMIT_DEFAULT_WINDOW;
}

/* A new window begins at now: nothing known of its usage, its end a guess. */
static void
roll(struct key *k, double now)
{
	k->prev_end = k->end > 0 ? k->end : now;
	k->pct = 0;
	k->pct_grain = 0;
	k->in_window = 0;
	k->last_at = 0;
	k->settled = 1;
	k->end = now + window_length(k);
	k->tentative = 1;
}

static void
drop_oldest(struct key *k)
{
	if (k->nsent > 0)
		memmove(k->sent, k->sent + 1, (size_t)--k->nsent * sizeof k->sent[0]);
}

/* Forgets requests that can no longer be in flight, and ends a window that is over. */
static void
expire(struct key *k, double now)
{
	while (k->nsent > 0 && k->sent[0] < now - RATELIMIT_ANSWER_MAX)
		drop_oldest(k);
	if (k->end > 0 && now >= k->end)
		roll(k, now);
}

static void
learn_inc(struct key *k, double p, double grain, int count_bound)
{
	double bound;

	if (p <= 0)
		return;
	bound = p + grain;
	if (k->inc == 0 || bound < k->inc)
		k->inc = bound;
	if (count_bound && grain >= 1 && k->in_window >= 2) {
		bound = (k->pct + k->pct_grain) / k->in_window;
		if (bound < k->inc)
			k->inc = bound;
	}
}

/* One answer for key k at now; has: it carried k's usage p (rounded by grain) and reset. */
static void
observe_key(struct key *k, int has, double p, double grain, double reset, double regain, double now)
{
	int in_flight = k->nsent;
	double sent = in_flight > 0 ? k->sent[0] : 0;

	drop_oldest(k);
	k->answered = 1;
	if (!has)
		return;
	expire(k, now);
	k->seen = 1;
	if (regain > 0 && now + regain > k->blocked_until)
		k->blocked_until = now + regain;
	if (reset > 0) {
		double ub = now + reset;

		if (reset > k->win)
			k->win = reset;
		/* An answer from the previous window, overtaken by the new window's. */
		if (k->prev_end > 0 &&
		    (ub < k->prev_end + k->win / 2 ||
		     (ub < k->prev_end + k->win / 2 + 1 && k->inc > 0 &&
		      p > k->pct + (in_flight + 0.5) * k->inc))) {
			learn_inc(k, p, grain, 0);
			return;
		}
		if (k->end > 0 && !k->tentative && ub > k->end + k->win / 2) {
			/*
			 * Lower usage that lasts well past the end: the next window
			 * began early in the bounds of this one, whose end comes soon
			 * enough.  Higher usage that does: a longer window than
			 * estimated, or a score that decays; wait for it.
			 */
			if (p < k->pct) {
				learn_inc(k, p, grain, 0);
				return;
			}
			k->end = ub;
		} else if (k->end == 0 || k->tentative || ub < k->end) {
			k->end = ub;
		}
		k->tentative = 0;
		k->in_window++;
	} else if (k->end == 0) {
		k->end = now + window_length(k);
		k->tentative = 1;
	}
	if (p > k->pct || (p == k->pct && (k->pct_grain == 0 || grain < k->pct_grain))) {
		k->pct = p;
		k->pct_grain = grain;
	}
	learn_inc(k, p, grain, reset > 0);
	/*
	 * The only request in flight, sent after the window's previous answer
	 * came: exactly one call between the two, so the rise is what a call
	 * costs (at the start of a run, when the first usage seen is high).
	 */
	if (in_flight == 1 && k->last_at > 0 && sent >= k->last_at && p > k->last_p) {
		/* Usage may drain meanwhile (a decaying score): at most a window's worth over the time. */
		double rise = p - k->last_p + grain + (now - k->last_at) * 100 / window_length(k);

		if (rise < k->inc)
			k->inc = rise;
		k->settled = 1;
	}
	k->last_p = p;
	k->last_at = now;
}

/* The earliest time at or after now when k lets a request go. */
static double
next_time(struct key *k, double now)
{
	double t = now, counted, unseen, start, next, calls;

	expire(k, now);
	if (k->blocked_until > t)
		t = k->blocked_until;
	if (!k->answered && k->nsent > 0)
		return t > now + PROBE_NAP ? t : now + PROBE_NAP;
	if (!k->seen || k->inc <= 0)
		return t;
	/*
	 * The calls left: the headroom the server reported, less our requests
	 * in flight that it has not counted yet.  When it counted no more
	 * than our answered and unanswered calls of the window (nobody else
	 * uses the budget), the ones in flight beyond those answered were
	 * counted; otherwise all in flight are taken as not counted.
	 */
	counted = k->pct / k->inc;
	unseen = k->nsent;
	if (k->win > 0 && counted <= k->in_window + k->nsent + 0.5) {
		unseen = k->in_window + k->nsent - counted;
		if (unseen < 0)
			unseen = 0;
		if (unseen > k->nsent)
			unseen = k->nsent;
	}
	calls = floor((100 - k->pct) / k->inc - unseen + ROUNDING) - 1;
	/* A new window with nothing counted yet takes one call, however costly calls seemed. */
	if (calls < 1 && (k->pct > 0 || k->in_window > 0 || k->nsent > 0))
		return t > k->end ? t : k->end;
	if (calls < 1)
		calls = 1;
	/*
	 * The cost of a call known only from the first usage seen, which may
	 * count many calls: one request goes at once, alone, and the rise of
	 * its answer over the last tells the cost.
	 */
	if (!k->settled)
		return k->nsent == 0 ? t : (t > now + PROBE_NAP ? t : now + PROBE_NAP);
	/* A window's first call goes at its start; the others spread the calls left to its end. */
	start = k->end - window_length(k);
	if (k->last_go < start)
		return t > start ? t : start;
	next = k->last_go + (k->end - k->last_go) / (calls + 1);
	return next > t ? next : t;
}

static void
claim(struct key *k, double now)
{
	if (k->nsent == IN_FLIGHT_MAX)
		drop_oldest(k);
	k->sent[k->nsent++] = now;
	k->last_go = now;
}

void
ratelimit_observe(struct ratelimit *rl, const char *account, const struct ratelimit_usage *u,
                  double now)
{
	int seen = u->seen;

	pthread_mutex_lock(&rl->lock);
	if (seen && u->account_pct > rl->peak)
		rl->peak = u->account_pct;
	if (seen && u->app_pct > rl->peak)
		rl->peak = u->app_pct;
	if (account) {
		observe_key(find_key(rl, account), seen, u->account_pct, u->account_grain,
		            u->reset_seconds, u->regain_seconds, now);
		observe_key(&rl->app, seen, u->app_pct, u->app_grain, u->reset_seconds, 0, now);
	} else {
		/* No account in scope: whatever the answer says is the app's to bear. */
		observe_key(&rl->app, seen, u->app_pct, u->app_grain, u->reset_seconds,
		            u->regain_seconds, now);
	}
	pthread_mutex_unlock(&rl->lock);
}

void
ratelimit_block(struct ratelimit *rl, const char *account, double now, double seconds)
{
	struct key *k;

	pthread_mutex_lock(&rl->lock);
	k = find_key(rl, account);
	if (now + seconds > k->blocked_until)
		k->blocked_until = now + seconds;
	pthread_mutex_unlock(&rl->lock);
}

double
ratelimit_wait(struct ratelimit *rl, const char *account, double now)
{
	struct key *k = NULL;
	double t;

	pthread_mutex_lock(&rl->lock);
	t = next_time(&rl->app, now);
	if (account) {
		double ta;
		k = find_key(rl, account);
		ta = next_time(k, now);
		if (ta > t)
			t = ta;
	}
	if (t <= now) {
		claim(&rl->app, now);
		if (k)
			claim(k, now);
	}
	pthread_mutex_unlock(&rl->lock);
	return t > now ? t - now : 0;
}

double
ratelimit_blocked(struct ratelimit *rl, const char *account, double now)
{
	double until;

	pthread_mutex_lock(&rl->lock);
	until = rl->app.blocked_until;
	if (account && find_key(rl, account)->blocked_until > until)
		until = find_key(rl, account)->blocked_until;
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
