/* summary.c - the report's figures from the views; see summary.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "summary.h"
#include "util.h"

/* A column summed over the period, from the views. */
struct col {
	char *name;
	int money;      /* an amount in the account's currency */
	int conversion; /* counts as a conversion */
};

/* A ratio shown in the totals: num / den of summed columns, times scale. */
struct ratio {
	char *name;
	int num, den;   /* indices into cols */
	double scale;
	int money;
};

struct account {
	char *id, *name, *currency;
	char *last_sync, *synced_until, *data_until;
	int asked;      /* in -a, or no -a given */
	int has_campaign_rows; /* rows at campaign level or finer in the period */
	unsigned char *levels;  /* per day of [psince, until]: a bit per level rank fetched */
	double *sums;           /* per day of [psince, until]: the finest level's sums, per col */
	double *acc_sums;       /* per day: the account level's spend, impressions, clicks */
	int cur;        /* index into currencies, -1 until known */
};

struct currency {
	char *code;
	double *now, *prev;       /* per col */
	double *day_spend, *day_rev;  /* per day of the period */
	int has_rows;
};

struct campaign {
	char *id, *account, *name, *status;
	int cur;
	double *sums;
};

struct ctx {
	struct rdb *db;
	const struct summary_options *o;
	char since[11], until[11], psince[11], puntil[11];
	struct col *cols;
	size_t ncols;
	struct ratio *ratios;
	size_t nratios;
	int spend, impressions, clicks, revenue, roas; /* cols, ratios (roas); -1 when absent */
	struct account *acc;
	size_t nacc;
	struct currency *cur;
	size_t ncur;
	struct campaign *camp;
	size_t ncamp;
};

void
summary_last_days(long today, long n, long *since, long *until)
{
	*until = today - 1;
	*since = today - n;
}

/* A statement for sql with params bound in order ($1...); NULL with e set. */
static struct rdb_stmt *
run(struct ctx *c, const char *sql, const char *const *params, int n, struct error *e)
{
	struct rdb_stmt *st = rdb_prepare(c->db, sql, e);
	int i;

	for (i = 0; st && i < n; i++)
		if (rdb_bind(st, i + 1, params[i], e) != 0)
			rdb_finalize(&st);
	return st;
}

/* Appends " AND col IN ($first, ...)" for the accounts asked, if any. */
static void
account_filter(struct buf *sql, const struct ctx *c, const char *col, int first)
{
	size_t i;

	if (c->o->naccounts == 0)
		return;
	buf_printf(sql, " AND %s IN (", col);
	for (i = 0; i < c->o->naccounts; i++)
		buf_printf(sql, "%s$%d", i ? ", " : "", first + (int)i);
	buf_puts(sql, ")");
}

/* The parameters since, until, then the accounts (a new array of borrowed strings). */
static const char **
params(const struct ctx *c, const char *since, const char *until, int *n)
{
	const char **p = xcalloc(c->o->naccounts + 2, sizeof *p);
	size_t i;

	*n = 0;
	if (since)
		p[(*n)++] = since;
	if (until)
		p[(*n)++] = until;
	for (i = 0; i < c->o->naccounts; i++)
		p[(*n)++] = c->o->accounts[i];
	return p;
}

static int
col_index(const struct ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (strcmp(c->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
add_col(struct ctx *c, const char *name)
{
	int i = col_index(c, name);

	if (i >= 0)
		return i;
	c->cols = xrealloc(c->cols, (c->ncols + 1) * sizeof *c->cols);
	c->cols[c->ncols].name = xstrdup(name);
	c->cols[c->ncols].money = 0;
	c->cols[c->ncols].conversion = 0;
	return (int)c->ncols++;
}

static void
add_ratio(struct ctx *c, const char *name, int num, int den, double scale, int money)
{
	c->ratios = xrealloc(c->ratios, (c->nratios + 1) * sizeof *c->ratios);
	c->ratios[c->nratios].name = xstrdup(name);
	c->ratios[c->nratios].num = num;
	c->ratios[c->nratios].den = den;
	c->ratios[c->nratios].scale = scale;
	c->ratios[c->nratios].money = money;
	c->nratios++;
}

/* Whether the names of a view's columns (a NULL-ended list) include name. */
static int
has_name(char *const *names, const char *name)
{
	for (; name && *names; names++)
		if (strcmp(*names, name) == 0)
			return 1;
	return 0;
}

static void
free_names(char **names)
{
	char **p;

	for (p = names; p && *p; p++)
		free(*p);
	free(names);
}

/* The columns of view (a new NULL-ended list), read from an empty result. */
static char **
view_columns(struct ctx *c, const char *view, struct error *e)
{
	char *sql = xasprintf("SELECT * FROM %s WHERE 1 = 0", view);
	struct rdb_stmt *st = rdb_prepare(c->db, sql, e);
	char **names = NULL;
	int i, n;

	free(sql);
	if (st == NULL) {
		error_prefix(e, "not a metasync database (view %s)", view);
		return NULL;
	}
	n = rdb_columns(st);
	names = xcalloc((size_t)n + 1, sizeof *names);
	for (i = 0; i < n; i++)
		names[i] = xstrdup(rdb_column_name(st, i));
	rdb_finalize(&st);
	return names;
}

/*
 * The metrics: spend, impressions, clicks and their ratios, then the
 * mapping's (metric_defs) that both views show: sums as columns, ratios
 * from the sums of their terms.  The revenue is the numerator of the
 * ratio over spend named roas (else the first such ratio).
 */
static int
discover_metrics(struct ctx *c, struct error *e)
{
	char **acols = NULL, **ccols = NULL;
	struct rdb_stmt *st;
	struct error ignored = { 0 };
	int rc = -1, r;
	size_t i, k;

	if ((acols = view_columns(c, "account_daily", e)) == NULL ||
	    (ccols = view_columns(c, "campaign_daily", e)) == NULL)
		goto out;
	c->spend = add_col(c, "spend");
	c->cols[c->spend].money = 1;
	c->impressions = add_col(c, "impressions");
	c->clicks = add_col(c, "clicks");
	c->revenue = c->roas = -1;
	add_ratio(c, "ctr", c->clicks, c->impressions, 100.0, 0);
	add_ratio(c, "cpc", c->spend, c->clicks, 1.0, 1);
	add_ratio(c, "cpm", c->spend, c->impressions, 1000.0, 1);
	/* No metric_defs (a database older than mappings): the base metrics only. */
	if ((st = rdb_prepare(c->db, "SELECT name, kind, num, den FROM metric_defs ORDER BY position, name",
	                      &ignored)) == NULL) {
		rc = 0;
		goto out;
	}
	while ((r = rdb_step(st, e)) == 1) {
		const char *name = rdb_text(st, 0), *num = rdb_text(st, 2), *den = rdb_text(st, 3);

		if (!has_name(acols, name) || !has_name(ccols, name))
			continue;
		if (strcmp(rdb_text(st, 1), "ratio") != 0) {
			add_col(c, name);
			continue;
		}
		if (!has_name(acols, num) || !has_name(acols, den) || !has_name(ccols, num) ||
		    !has_name(ccols, den))
			continue;
		add_ratio(c, name, add_col(c, num), add_col(c, den), 1.0, 0);
		if (strcmp(den, "spend") == 0 && (c->roas < 0 || strcmp(name, "roas") == 0)) {
			c->roas = (int)c->nratios - 1;
			c->revenue = col_index(c, num);
		}
	}
	rdb_finalize(&st);
	if (r < 0)
		goto out;
	if (c->revenue >= 0)
		c->cols[c->revenue].money = 1;
	/*
	 * Conversions: the ones asked for, else every summed mapped metric
	 * that is not money, not a click count and not a term of a ratio.
	 */
	if (c->o->nconversions) {
		for (i = 0; i < c->o->nconversions; i++) {
			int j = col_index(c, c->o->conversions[i]);

			if (j < 0 || c->cols[j].money || j == c->impressions || j == c->clicks) {
				error_set(e, EXIT_USAGE, "conversion metric '%s': not a mapped metric of the views",
				          c->o->conversions[i]);
				goto out;
			}
			c->cols[j].conversion = 1;
		}
	} else {
		for (i = 3; i < c->ncols; i++) {
			size_t len = strlen(c->cols[i].name);
			int term = 0;

			for (k = 0; k < c->nratios; k++)
				term |= c->ratios[k].num == (int)i || c->ratios[k].den == (int)i;
			if (!c->cols[i].money && !term &&
			    !(len >= 6 && strcmp(c->cols[i].name + len - 6, "clicks") == 0))
				c->cols[i].conversion = 1;
		}
	}
	rc = 0;
out:
	free_names(acols);
	free_names(ccols);
	return rc;
}

static struct account *
find_account(struct ctx *c, const char *id, int create)
{
	size_t i;

	if (strncmp(id, "act_", 4) == 0)
		id += 4;
	for (i = 0; i < c->nacc; i++)
		if (strcmp(c->acc[i].id, id) == 0)
			return &c->acc[i];
	if (!create)
		return NULL;
	c->acc = xrealloc(c->acc, (c->nacc + 1) * sizeof *c->acc);
	memset(&c->acc[c->nacc], 0, sizeof *c->acc);
	c->acc[c->nacc].id = xstrdup(id);
	c->acc[c->nacc].cur = -1;
	c->acc[c->nacc].asked = c->o->naccounts == 0;
	for (i = 0; i < c->o->naccounts; i++)
		if (strcmp(c->o->accounts[i], id) == 0)
			c->acc[c->nacc].asked = 1;
	return &c->acc[c->nacc++];
}

static void
set_text(char **field, const char *value)
{
	if (*field == NULL && value && *value)
		*field = xstrdup(value);
}

static int
currency_index(struct ctx *c, const char *code)
{
	size_t i, n = (size_t)(c->o->until - c->o->since + 1);

	for (i = 0; i < c->ncur; i++)
		if (strcmp(c->cur[i].code, code) == 0)
			return (int)i;
	c->cur = xrealloc(c->cur, (c->ncur + 1) * sizeof *c->cur);
	c->cur[c->ncur].code = xstrdup(code);
	c->cur[c->ncur].now = xcalloc(c->ncols, sizeof(double));
	c->cur[c->ncur].prev = xcalloc(c->ncols, sizeof(double));
	c->cur[c->ncur].day_spend = xcalloc(n, sizeof(double));
	c->cur[c->ncur].day_rev = xcalloc(n, sizeof(double));
	c->cur[c->ncur].has_rows = 0;
	return (int)c->ncur++;
}

/* The accounts: names and currencies (accounts, else insights' account_currency), last data day. */
static int
read_accounts(struct ctx *c, struct error *e)
{
	struct rdb_stmt *st;
	struct error ignored = { 0 };
	int r;
	size_t i;

	if ((st = rdb_prepare(c->db, "SELECT account_id, name, currency FROM accounts", e)) == NULL)
		return -1;
	while ((r = rdb_step(st, e)) == 1) {
		struct account *a = find_account(c, rdb_text(st, 0), 1);

		set_text(&a->name, rdb_text(st, 1));
		set_text(&a->currency, rdb_text(st, 2));
	}
	rdb_finalize(&st);
	if (r < 0)
		return -1;
	/* The index on (account_id, date_start) answers this without reading the rows. */
	if ((st = rdb_prepare(c->db, "SELECT account_id, MAX(date_start) FROM insights GROUP BY account_id",
	                      e)) == NULL)
		return -1;
	while ((r = rdb_step(st, e)) == 1)
		set_text(&find_account(c, rdb_text(st, 0), 1)->data_until, rdb_text(st, 1));
	rdb_finalize(&st);
	if (r < 0)
		return -1;
	/* An account without a row in accounts (insights loaded alone): the currency of its insights. */
	for (i = 0; i < c->nacc; i++) {
		if (c->acc[i].currency || !c->acc[i].asked)
			continue;
		if ((st = rdb_prepare(c->db, "SELECT account_currency FROM insights WHERE account_id = $1"
		                      " AND account_currency IS NOT NULL LIMIT 1", e)) == NULL ||
		    rdb_bind(st, 1, c->acc[i].id, e) != 0) {
			rdb_finalize(&st);
			return -1;
		}
		if ((r = rdb_step(st, e)) == 1)
			set_text(&c->acc[i].currency, rdb_text(st, 0));
		rdb_finalize(&st);
		if (r < 0)
			return -1;
	}
	/* backfill_runs: only meta-backfill writes it; a database loaded by meta-load may lack it. */
	/* Ad accounts only: meta-backfill keeps Instagram profiles' runs there too, at level 'ig'. */
	if ((st = rdb_prepare(c->db, "SELECT account_id, MAX(completed_at), MAX(until) FROM backfill_runs "
	                      "WHERE level IN ('ad', 'adset', 'campaign', 'account') GROUP BY account_id",
	                      &ignored)) != NULL) {
		while ((r = rdb_step(st, e)) == 1) {
			struct account *a = find_account(c, rdb_text(st, 0), 1);

			set_text(&a->last_sync, rdb_text(st, 1));
			set_text(&a->synced_until, rdb_text(st, 2));
		}
		rdb_finalize(&st);
		if (r < 0)
			return -1;
	}
	for (i = 0; i < c->nacc; i++)
		if (c->acc[i].asked)
			c->acc[i].cur = currency_index(c, c->acc[i].currency ? c->acc[i].currency : "unknown");
	return 0;
}

/* Appends ", SUM(prefix.col)" for every column. */
static void
sums_sql(struct buf *sql, const struct ctx *c, const char *prefix)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		buf_printf(sql, ", SUM(%s%s)", prefix, c->cols[i].name);
}

/* The rank of an insights level, finest first; 4 for none. */
static int
level_rank(const char *level)
{
	static const char *const levels[] = { "ad", "adset", "campaign", "account" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(levels[i], level) == 0)
			return i;
	return 4;
}

/* The finest level fetched at rank <= max for an account's day of [psince, until]; 4 for none. */
static int
finest(const struct account *a, long i, int max)
{
	int r;

	for (r = 0; r <= max; r++)
		if (a->levels[i] & (1u << r))
			return r;
	return 4;
}

/*
 * account_daily's sums over both periods: the totals of each, and the
 * period's days.  The rule of the views (lib/store_sqlite.c): per account
 * and day, the rows of the finest level fetched, without breakdowns, one
 * day each.  The report applies it itself, from sums per account, day and
 * level, because a view builds every day of every entity before a WHERE
 * can narrow it (seconds for a year of ads) while this reads only the
 * rows of the two periods once; t0700 checks the figures against the views.
 */
static int
read_days(struct ctx *c, struct error *e)
{
	struct buf sql = BUF_INIT;
	struct rdb_stmt *st;
	const char **p;
	int n, r = -1;
	size_t i, k;
	long ndays = c->o->until - c->o->since + 1, d;

	buf_puts(&sql, "SELECT account_id, date_start, level");
	sums_sql(&sql, c, "");
	buf_puts(&sql, " FROM insights WHERE breakdown_key = '' AND date_start = date_stop"
	         " AND date_start >= $1 AND date_start <= $2");
	account_filter(&sql, c, "account_id", 3);
	buf_puts(&sql, " GROUP BY account_id, date_start, level");
	p = params(c, c->psince, c->until, &n);
	st = run(c, buf_str(&sql), p, n, e);
	free(p);
	buf_free(&sql);
	if (st == NULL)
		return -1;
	for (k = 0; k < c->nacc; k++) {
		c->acc[k].levels = xcalloc((size_t)(2 * ndays), 1);
		c->acc[k].sums = xcalloc((size_t)(2 * ndays) * c->ncols, sizeof(double));
		c->acc[k].acc_sums = xcalloc((size_t)(2 * ndays) * 3, sizeof(double));
	}
	while ((r = rdb_step(st, e)) == 1) {
		struct account *a = find_account(c, rdb_text(st, 0), 0);
		int rank = level_rank(rdb_text(st, 2));
		long day;

		if (a == NULL || a->cur < 0 || rank > 3 || date_parse(rdb_text(st, 1), &day) != 0 ||
		    day < c->o->since - ndays || day > c->o->until)
			continue;
		d = day - (c->o->since - ndays);
		/* Keep the sums of the finest level seen so far for the day. */
		if (finest(a, d, 3) > rank)
			for (i = 0; i < c->ncols; i++)
				a->sums[(size_t)d * c->ncols + i] = rdb_double(st, 3 + (int)i);
		if (rank == 3) {
			a->acc_sums[d * 3] = rdb_double(st, 3 + c->spend);
			a->acc_sums[d * 3 + 1] = rdb_double(st, 3 + c->impressions);
			a->acc_sums[d * 3 + 2] = rdb_double(st, 3 + c->clicks);
		}
		a->levels[d] |= 1u << rank;
	}
	rdb_finalize(&st);
	if (r < 0)
		return -1;
	for (k = 0; k < c->nacc; k++) {
		struct account *a = &c->acc[k];
		struct currency *cur;

		if (a->cur < 0)
			continue;
		cur = &c->cur[a->cur];
		for (d = 0; d < 2 * ndays; d++) {
			const double *v = &a->sums[(size_t)d * c->ncols];
			int now = d >= ndays;

			if (a->levels[d] == 0)
				continue;
			if (now)
				cur->has_rows = 1;
			if (now && finest(a, d, 2) < 4)
				a->has_campaign_rows = 1;
			for (i = 0; i < c->ncols; i++)
				(now ? cur->now : cur->prev)[i] += v[i];
			if (now) {
				cur->day_spend[d - ndays] += v[c->spend];
				if (c->revenue >= 0)
					cur->day_rev[d - ndays] += v[c->revenue];
			}
		}
	}
	return 0;
}

static struct campaign *
add_campaign(struct ctx *c, const char *id, const struct account *a)
{
	struct campaign *k;

	c->camp = xrealloc(c->camp, (c->ncamp + 1) * sizeof *c->camp);
	k = &c->camp[c->ncamp++];
	k->id = xstrdup(id);
	k->account = xstrdup(a->id);
	k->name = NULL;
	k->status = NULL;
	k->cur = a->cur;
	k->sums = xcalloc(c->ncols, sizeof(double));
	return k;
}

/*
 * campaign_daily's sums over the period, one per campaign (the rule of
 * read_days(), among the levels up to campaign), then every campaign of
 * the table campaigns whose account has campaign rows in the period, at
 * zero when it delivered nothing (as the view shows it).
 */
static int
read_campaigns(struct ctx *c, struct error *e)
{
	struct buf sql = BUF_INIT;
	struct rdb_stmt *st;
	const char **p;
	int n, r;
	size_t i, j;
	long ndays = c->o->until - c->o->since + 1;

	buf_puts(&sql, "SELECT campaign_id, account_id, date_start, level, MAX(campaign_name)");
	sums_sql(&sql, c, "");
	buf_puts(&sql, " FROM insights WHERE breakdown_key = '' AND date_start = date_stop"
	         " AND date_start >= $1 AND date_start <= $2 AND level IN ('ad', 'adset', 'campaign')");
	account_filter(&sql, c, "account_id", 3);
	buf_puts(&sql, " GROUP BY campaign_id, account_id, date_start, level ORDER BY campaign_id");
	p = params(c, c->since, c->until, &n);
	st = run(c, buf_str(&sql), p, n, e);
	free(p);
	buf_free(&sql);
	if (st == NULL)
		return -1;
	while ((r = rdb_step(st, e)) == 1) {
		struct account *a = find_account(c, rdb_text(st, 1), 0);
		struct campaign *k;
		long day;

		if (a == NULL || a->cur < 0 || rdb_is_null(st, 0) || date_parse(rdb_text(st, 2), &day) != 0 ||
		    day < c->o->since || day > c->o->until ||
		    finest(a, day - c->o->since + ndays, 2) != level_rank(rdb_text(st, 3)))
			continue;
		/* Ordered by campaign: a campaign's rows follow one another. */
		k = c->ncamp && strcmp(c->camp[c->ncamp - 1].id, rdb_text(st, 0)) == 0 ?
		    &c->camp[c->ncamp - 1] : add_campaign(c, rdb_text(st, 0), a);
		if (k->name == NULL && !rdb_is_null(st, 4))
			k->name = xstrdup(rdb_text(st, 4));
		for (i = 0; i < c->ncols; i++)
			k->sums[i] += rdb_double(st, 5 + (int)i);
	}
	rdb_finalize(&st);
	if (r < 0)
		return -1;
	buf_puts(&sql, "SELECT id, account_id, name, effective_status FROM campaigns WHERE 1 = 1");
	account_filter(&sql, c, "account_id", 1);
	p = params(c, NULL, NULL, &n);
	st = run(c, buf_str(&sql), p, n, e);
	free(p);
	buf_free(&sql);
	if (st == NULL)
		return -1;
	while ((r = rdb_step(st, e)) == 1) {
		struct account *a = find_account(c, rdb_text(st, 1), 0);
		struct campaign *k = NULL;

		if (a == NULL || a->cur < 0)
			continue;
		for (j = 0; j < c->ncamp && k == NULL; j++)
			if (strcmp(c->camp[j].id, rdb_text(st, 0)) == 0)
				k = &c->camp[j];
		if (k == NULL && !a->has_campaign_rows)
			continue;
		if (k == NULL)
			k = add_campaign(c, rdb_text(st, 0), a);
		/* The view names a campaign as the table does. */
		if (!rdb_is_null(st, 2)) {
			free(k->name);
			k->name = xstrdup(rdb_text(st, 2));
		}
		if (!rdb_is_null(st, 3))
			k->status = xstrdup(rdb_text(st, 3));
	}
	rdb_finalize(&st);
	for (j = 0; j < c->ncamp; j++)
		if (c->camp[j].name == NULL)
			c->camp[j].name = xstrdup(c->camp[j].id);
	return r < 0 ? -1 : 0;
}

/* num / den * scale, or null. */
static json_t *
ratio_json(double num, double den, double scale)
{
	return den > 0 ? json_real(scale * num / den) : json_null();
}

static json_t *
change_json(double now, double prev)
{
	return prev != 0 ? json_real(100.0 * (now - prev) / fabs(prev)) : json_null();
}

static double
conversions_of(const struct ctx *c, const double *sums)
{
	double n = 0;
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (c->cols[i].conversion)
			n += sums[i];
	return n;
}

static json_t *
campaign_json(const struct ctx *c, const struct campaign *k)
{
	json_t *j = json_object();

	json_object_set_new(j, "campaign_id", json_string(k->id));
	json_object_set_new(j, "account_id", json_string(k->account));
	json_object_set_new(j, "name", json_string(k->name));
	json_object_set_new(j, "status", k->status ? json_string(k->status) : json_null());
	json_object_set_new(j, "currency", json_string(c->cur[k->cur].code));
	json_object_set_new(j, "spend", json_real(k->sums[c->spend]));
	json_object_set_new(j, "impressions", json_real(k->sums[c->impressions]));
	json_object_set_new(j, "clicks", json_real(k->sums[c->clicks]));
	json_object_set_new(j, "conversions", json_real(conversions_of(c, k->sums)));
	if (c->revenue >= 0) {
		json_object_set_new(j, "revenue", json_real(k->sums[c->revenue]));
		json_object_set_new(j, "roas", ratio_json(k->sums[c->ratios[c->roas].num],
		                                          k->sums[c->ratios[c->roas].den], 1.0));
	}
	return j;
}

/* For the sorts: the context they compare in (qsort has none). */
static const struct ctx *sort_ctx;

static double
roas_of(const struct campaign *k)
{
	const struct ratio *r = &sort_ctx->ratios[sort_ctx->roas];

	return k->sums[r->den] > 0 ? k->sums[r->num] / k->sums[r->den] : -1;
}

static int
by_spend(const void *a, const void *b)
{
	const struct campaign *x = *(const struct campaign *const *)a, *y = *(const struct campaign *const *)b;
	double d = y->sums[sort_ctx->spend] - x->sums[sort_ctx->spend];

	return d > 0 ? 1 : d < 0 ? -1 : strcmp(x->id, y->id);
}

static int
by_roas(const void *a, const void *b)
{
	const struct campaign *x = *(const struct campaign *const *)a, *y = *(const struct campaign *const *)b;
	double d = roas_of(y) - roas_of(x);

	return d > 0 ? 1 : d < 0 ? -1 : by_spend(a, b);
}

static json_t *
top_json(struct ctx *c, int cur, int (*cmp)(const void *, const void *), int need_spend)
{
	const struct campaign **v = xcalloc(c->ncamp + 1, sizeof *v);
	json_t *a = json_array();
	size_t i, n = 0;

	for (i = 0; i < c->ncamp; i++)
		if (c->camp[i].cur == cur && (!need_spend || c->camp[i].sums[c->spend] > 0))
			v[n++] = &c->camp[i];
	sort_ctx = c;
	qsort(v, n, sizeof *v, cmp);
	for (i = 0; i < n && i < (size_t)c->o->top; i++)
		json_array_append_new(a, campaign_json(c, v[i]));
	free(v);
	return a;
}

static json_t *
currency_json(struct ctx *c, int ci)
{
	struct currency *cur = &c->cur[ci];
	json_t *j = json_object(), *totals = json_array(), *daily = json_array(), *accs = json_array();
	long d;
	size_t i;

	json_object_set_new(j, "currency", json_string(cur->code));
	for (i = 0; i < c->nacc; i++)
		if (c->acc[i].asked && c->acc[i].cur == ci)
			json_array_append_new(accs, json_string(c->acc[i].id));
	json_object_set_new(j, "accounts", accs);
	for (i = 0; i < c->ncols; i++) {
		json_t *t = json_object();

		json_object_set_new(t, "metric", json_string(c->cols[i].name));
		json_object_set_new(t, "kind", json_string("sum"));
		json_object_set_new(t, "money", json_boolean(c->cols[i].money));
		json_object_set_new(t, "value", json_real(cur->now[i]));
		json_object_set_new(t, "previous", json_real(cur->prev[i]));
		json_object_set_new(t, "change_pct", change_json(cur->now[i], cur->prev[i]));
		json_array_append_new(totals, t);
	}
	for (i = 0; i < c->nratios; i++) {
		const struct ratio *r = &c->ratios[i];
		json_t *t = json_object(), *now = ratio_json(cur->now[r->num], cur->now[r->den], r->scale),
		       *prev = ratio_json(cur->prev[r->num], cur->prev[r->den], r->scale);

		json_object_set_new(t, "metric", json_string(r->name));
		json_object_set_new(t, "kind", json_string("ratio"));
		json_object_set_new(t, "money", json_boolean(r->money));
		json_object_set_new(t, "change_pct", json_is_real(now) && json_is_real(prev) ?
		                    change_json(json_real_value(now), json_real_value(prev)) : json_null());
		json_object_set_new(t, "value", now);
		json_object_set_new(t, "previous", prev);
		json_array_append_new(totals, t);
	}
	json_object_set_new(j, "totals", totals);
	for (d = c->o->since; d <= c->o->until; d++) {
		json_t *day = json_object();
		char date[11];
		double s = cur->day_spend[d - c->o->since], rv = cur->day_rev[d - c->o->since];

		date_format(d, date, sizeof date);
		json_object_set_new(day, "date", json_string(date));
		json_object_set_new(day, "spend", json_real(s));
		json_object_set_new(day, "revenue", c->revenue >= 0 ? json_real(rv) : json_null());
		json_object_set_new(day, "roas", c->revenue >= 0 ? ratio_json(rv, s, 1.0) : json_null());
		json_array_append_new(daily, day);
	}
	json_object_set_new(j, "daily", daily);
	json_object_set_new(j, "top_by_spend", top_json(c, ci, by_spend, 1));
	json_object_set_new(j, "top_by_roas", c->roas >= 0 ? top_json(c, ci, by_roas, 1) : json_array());
	return j;
}

/* Instagram follower growth per profile over the period; none when ig_insights is empty or missing. */
static int
read_instagram(struct ctx *c, json_t *out, struct error *e)
{
	static const char sql[] =
		"SELECT ig_user_id, metric, date, value FROM ig_insights WHERE breakdown_key = '' AND"
		" date >= $1 AND date <= $2 AND metric IN ('follower_count', 'follows', 'unfollows',"
		" 'followers_count') ORDER BY ig_user_id, date";
	const char *p[2] = { c->since, c->until };
	struct error ignored = { 0 };
	struct rdb_stmt *st;
	json_t *cur = NULL;
	int r;

	if ((st = rdb_prepare(c->db, sql, &ignored)) == NULL)
		return 0;
	if (rdb_bind(st, 1, p[0], e) != 0 || rdb_bind(st, 2, p[1], e) != 0) {
		rdb_finalize(&st);
		return -1;
	}
	while ((r = rdb_step(st, e)) == 1) {
		const char *id = rdb_text(st, 0), *metric = rdb_text(st, 1), *date = rdb_text(st, 2);
		double v = rdb_double(st, 3);
		const char *key = strcmp(metric, "follower_count") == 0 ? "new_followers" : metric;

		if (cur == NULL || strcmp(json_string_value(json_object_get(cur, "ig_user_id")), id) != 0) {
			cur = json_object();
			json_object_set_new(cur, "ig_user_id", json_string(id));
			json_object_set_new(cur, "new_followers", json_real(0));
			json_object_set_new(cur, "follows", json_real(0));
			json_object_set_new(cur, "unfollows", json_real(0));
			json_object_set_new(cur, "followers_first", json_null());
			json_object_set_new(cur, "followers_last", json_null());
			json_object_set_new(cur, "first_date", json_string(date));
			json_object_set_new(cur, "last_sync", json_null());
			json_object_set_new(cur, "synced_until", json_null());
			json_array_append_new(out, cur);
		}
		json_object_set_new(cur, "last_date", json_string(date));
		if (strcmp(metric, "followers_count") == 0) {
			/* A snapshot: the first and the last of the period, never summed. */
			if (json_is_null(json_object_get(cur, "followers_first")))
				json_object_set_new(cur, "followers_first", json_real(v));
			json_object_set_new(cur, "followers_last", json_real(v));
		} else {
			json_object_set_new(cur, key, json_real(json_real_value(json_object_get(cur, key)) + v));
		}
	}
	rdb_finalize(&st);
	if (r < 0)
		return -1;
	/* Each profile's last meta-backfill run, kept under level 'ig' with the IG user id. */
	if ((st = rdb_prepare(c->db, "SELECT account_id, MAX(completed_at), MAX(until) FROM backfill_runs "
	                      "WHERE level = 'ig' GROUP BY account_id", &ignored)) == NULL)
		return 0;
	while ((r = rdb_step(st, e)) == 1) {
		size_t i;

		json_array_foreach(out, i, cur) {
			if (strcmp(json_string_value(json_object_get(cur, "ig_user_id")), rdb_text(st, 0)) != 0)
				continue;
			json_object_set_new(cur, "last_sync", json_string(rdb_text(st, 1)));
			json_object_set_new(cur, "synced_until", json_string(rdb_text(st, 2)));
		}
	}
	rdb_finalize(&st);
	return r < 0 ? -1 : 0;
}

/*
 * Days where the ad rows do not add up to the account row, both fetched
 * without breakdowns: what Meta left out of one level, or a sync lost.
 * From read_days(): the ad level is the finest, its sums are kept; the
 * account level's are kept apart.
 */
static void
reconciliation(const struct ctx *c, json_t *out)
{
	long ndays = c->o->until - c->o->since + 1, d;
	size_t k;

	for (k = 0; k < c->nacc; k++) {
		const struct account *a = &c->acc[k];

		for (d = ndays; a->cur >= 0 && d < 2 * ndays; d++) {
			const double *ad = &a->sums[(size_t)d * c->ncols], *acc = &a->acc_sums[(size_t)d * 3];
			char date[11];
			json_t *j;

			if ((a->levels[d] & 9) != 9 || (fabs(ad[c->spend] - acc[0]) < 0.005 &&
			    ad[c->impressions] == acc[1] && ad[c->clicks] == acc[2]))
				continue;
			date_format(c->o->since - ndays + d, date, sizeof date);
			j = json_object();
			json_object_set_new(j, "account_id", json_string(a->id));
			json_object_set_new(j, "date", json_string(date));
			json_object_set_new(j, "ad_spend", json_real(ad[c->spend]));
			json_object_set_new(j, "account_spend", json_real(acc[0]));
			json_object_set_new(j, "ad_impressions", json_real(ad[c->impressions]));
			json_object_set_new(j, "account_impressions", json_real(acc[1]));
			json_object_set_new(j, "ad_clicks", json_real(ad[c->clicks]));
			json_object_set_new(j, "account_clicks", json_real(acc[2]));
			json_array_append_new(out, j);
		}
	}
}

static json_t *
opt_string(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
sync_json(const struct ctx *c)
{
	json_t *a = json_array();
	char yesterday[11];
	size_t i;

	date_format(c->o->today - 1, yesterday, sizeof yesterday);
	for (i = 0; i < c->nacc; i++) {
		const struct account *x = &c->acc[i];
		json_t *j;

		if (!x->asked)
			continue;
		j = json_object();
		json_object_set_new(j, "account_id", json_string(x->id));
		json_object_set_new(j, "name", opt_string(x->name));
		json_object_set_new(j, "currency", opt_string(x->currency));
		json_object_set_new(j, "last_sync", opt_string(x->last_sync));
		json_object_set_new(j, "synced_until", opt_string(x->synced_until));
		json_object_set_new(j, "data_until", opt_string(x->data_until));
		json_object_set_new(j, "stale", json_boolean(x->data_until == NULL ||
		                                             strcmp(x->data_until, yesterday) < 0));
		json_array_append_new(a, j);
	}
	return a;
}

static void
free_ctx(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		free(c->cols[i].name);
	free(c->cols);
	for (i = 0; i < c->nratios; i++)
		free(c->ratios[i].name);
	free(c->ratios);
	for (i = 0; i < c->nacc; i++) {
		free(c->acc[i].id);
		free(c->acc[i].name);
		free(c->acc[i].currency);
		free(c->acc[i].last_sync);
		free(c->acc[i].synced_until);
		free(c->acc[i].data_until);
		free(c->acc[i].levels);
		free(c->acc[i].sums);
		free(c->acc[i].acc_sums);
	}
	free(c->acc);
	for (i = 0; i < c->ncur; i++) {
		free(c->cur[i].code);
		free(c->cur[i].now);
		free(c->cur[i].prev);
		free(c->cur[i].day_spend);
		free(c->cur[i].day_rev);
	}
	free(c->cur);
	for (i = 0; i < c->ncamp; i++) {
		free(c->camp[i].id);
		free(c->camp[i].account);
		free(c->camp[i].name);
		free(c->camp[i].status);
		free(c->camp[i].sums);
	}
	free(c->camp);
}

json_t *
summary_build(struct rdb *db, const struct summary_options *o, struct error *e)
{
	struct ctx c = { 0 };
	json_t *j = NULL, *curs, *noconv, *nodel, *conv, *ig, *rec, *period;
	long len = o->until - o->since + 1;
	size_t i;

	c.db = db;
	c.o = o;
	date_format(o->since, c.since, sizeof c.since);
	date_format(o->until, c.until, sizeof c.until);
	date_format(o->since - len, c.psince, sizeof c.psince);
	date_format(o->since - 1, c.puntil, sizeof c.puntil);
	if (discover_metrics(&c, e) != 0 || read_accounts(&c, e) != 0 || read_days(&c, e) != 0)
		goto out;
	for (i = 0; i < c.ncur && !c.cur[i].has_rows; i++)
		;
	if (i == c.ncur) {
		error_set(e, EXIT_DATAERR, "no data for %s..%s%s", c.since, c.until,
		          o->naccounts ? " for the accounts given" : "");
		goto out;
	}
	if (read_campaigns(&c, e) != 0)
		goto out;
	j = json_object();
	period = json_object();
	json_object_set_new(period, "since", json_string(c.since));
	json_object_set_new(period, "until", json_string(c.until));
	json_object_set_new(period, "days", json_integer(len));
	json_object_set_new(j, "period", period);
	period = json_object();
	json_object_set_new(period, "since", json_string(c.psince));
	json_object_set_new(period, "until", json_string(c.puntil));
	json_object_set_new(j, "previous", period);
	{
		char today[11];

		date_format(o->today, today, sizeof today);
		json_object_set_new(j, "today", json_string(today));
	}
	conv = json_array();
	for (i = 0; i < c.ncols; i++)
		if (c.cols[i].conversion)
			json_array_append_new(conv, json_string(c.cols[i].name));
	json_object_set_new(j, "conversions", conv);
	json_object_set_new(j, "revenue", c.revenue >= 0 ? json_string(c.cols[c.revenue].name) : json_null());
	json_object_set_new(j, "roas", c.roas >= 0 ? json_string(c.ratios[c.roas].name) : json_null());
	curs = json_array();
	for (i = 0; i < c.ncur; i++)
		if (c.cur[i].has_rows)
			json_array_append_new(curs, currency_json(&c, (int)i));
	json_object_set_new(j, "currencies", curs);
	noconv = json_array();
	nodel = json_array();
	sort_ctx = &c;
	for (i = 0; i < c.ncamp; i++) {
		const struct campaign *k = &c.camp[i];
		const char *s = k->status ? k->status : "";

		if (k->sums[c.spend] > 0 && json_array_size(conv) > 0 && conversions_of(&c, k->sums) == 0)
			json_array_append_new(noconv, campaign_json(&c, k));
		/*
		 * No delivery: nothing spent nor shown although the campaign is on
		 * (effective_status says it should deliver, or is in review).
		 */
		if (k->sums[c.spend] == 0 && k->sums[c.impressions] == 0 &&
		    (strcmp(s, "ACTIVE") == 0 || strcmp(s, "IN_PROCESS") == 0 ||
		     strcmp(s, "WITH_ISSUES") == 0 || strcmp(s, "PENDING_REVIEW") == 0 ||
		     strcmp(s, "PREAPPROVED") == 0 || strcmp(s, "PENDING_BILLING_INFO") == 0))
			json_array_append_new(nodel, campaign_json(&c, k));
	}
	json_object_set_new(j, "no_conversions", noconv);
	json_object_set_new(j, "no_delivery", nodel);
	ig = json_array();
	rec = json_array();
	json_object_set_new(j, "instagram", ig);
	json_object_set_new(j, "sync", sync_json(&c));
	json_object_set_new(j, "reconciliation", rec);
	reconciliation(&c, rec);
	if (read_instagram(&c, ig, e) != 0) {
		json_decref(j);
		j = NULL;
	}
out:
	free_ctx(&c);
	return j;
}
