/* table.c - the summary as aligned terminal text; see table.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "table.h"

struct out {
	FILE *f;
	int width, color;
};

void
table_number(char *out, size_t size, const json_t *v, int decimals)
{
	char digits[64], *p;
	double x;
	size_t n, i, lead;
	size_t o = 0;

	if (v == NULL || !json_is_number(v)) {
		snprintf(out, size, "-");
		return;
	}
	x = json_number_value(v);
	snprintf(digits, sizeof digits, "%.*f", decimals, fabs(x) < 1e15 ? fabs(x) : 1e15);
	p = strchr(digits, '.');
	n = p ? (size_t)(p - digits) : strlen(digits);
	/* The sign only when the rounded figure is not zero. */
	if (x < 0 && strspn(digits, "0.") != strlen(digits) && o + 1 < size)
		out[o++] = '-';
	lead = n % 3 ? n % 3 : 3;
	for (i = 0; i < n && o + 2 < size; i++) {
		if (i && (i - lead) % 3 == 0 && i >= lead)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	for (i = n; digits[i] && o + 1 < size; i++)
		out[o++] = digits[i];
	out[o] = '\0';
}

/* The display width of UTF-8 text: its code points (names are not East Asian wide here). */
static int
text_width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Writes s cut to width code points ("…" marking the cut), padded to width. */
static void
cell(struct out *o, const char *s, int width)
{
	int w = text_width(s), n = 0;

	if (w <= width) {
		fprintf(o->f, "%s%*s", s, width - w, "");
		return;
	}
	for (; *s && n < width - 1; n++) {
		fputc(*s++, o->f);
		while ((*s & 0xc0) == 0x80)
			fputc(*s++, o->f);
	}
	fputs("\xe2\x80\xa6", o->f);
}

static void
heading(struct out *o, const char *fmt, const char *a, const char *b)
{
	fputs(o->color ? "\n\033[1m" : "\n", o->f);
	fprintf(o->f, fmt, a, b);
	fputs(o->color ? "\033[0m\n" : "\n", o->f);
}

const char *
table_field(const json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));

	return s ? s : "-";
}

int
table_decimals(const json_t *t)
{
	return json_is_true(json_object_get(t, "money")) ||
	       strcmp(table_field(t, "kind"), "ratio") == 0 ? 2 : 0;
}

static void
totals(struct out *o, const json_t *cur)
{
	const json_t *t;
	size_t i;

	fprintf(o->f, "  %-20s %16s %16s %9s\n", "metric", "this period", "previous", "change");
	json_array_foreach(json_object_get(cur, "totals"), i, t) {
		char now[40], prev[40], ch[40];
		const json_t *c = json_object_get(t, "change_pct");
		int d = table_decimals(t);

		table_number(now, sizeof now, json_object_get(t, "value"), d);
		table_number(prev, sizeof prev, json_object_get(t, "previous"), d);
		if (json_is_number(c))
			snprintf(ch, sizeof ch, "%+.1f%%", json_number_value(c));
		else
			snprintf(ch, sizeof ch, "-");
		fputs("  ", o->f);
		cell(o, table_field(t, "metric"), 20);
		fprintf(o->f, " %16s %16s ", now, prev);
		if (o->color && json_is_number(c) && json_number_value(c) != 0)
			fprintf(o->f, "\033[%dm%9s\033[0m\n", json_number_value(c) > 0 ? 32 : 31, ch);
		else
			fprintf(o->f, "%9s\n", ch);
	}
}

/*
 * A list of campaigns: name, account, spend, then conversions and roas, or
 * with_status the campaign's status instead (of campaigns without delivery,
 * whose conversions and roas say nothing).
 */
static void
campaigns(struct out *o, const json_t *list, int with_status)
{
	const json_t *k;
	size_t i;
	int name_w = o->width - 2 - 1 - 15 - 1 - 14 - (with_status ? 2 + 12 : 1 + 11 + 1 + 8);

	int longest = 8;

	/* As wide as the longest name, as the terminal allows, never narrower than 12. */
	json_array_foreach(list, i, k)
		if (text_width(table_field(k, "name")) > longest)
			longest = text_width(table_field(k, "name"));
	if (name_w > longest)
		name_w = longest;
	if (name_w < 12)
		name_w = 12;
	fputs("  ", o->f);
	cell(o, "campaign", name_w);
	if (with_status)
		fprintf(o->f, " %-15s %14s  %s\n", "account", "spend", "status");
	else
		fprintf(o->f, " %-15s %14s %11s %8s\n", "account", "spend", "conversions", "roas");
	json_array_foreach(list, i, k) {
		char spend[40], conv[40], roas[40];

		table_number(spend, sizeof spend, json_object_get(k, "spend"), 2);
		table_number(conv, sizeof conv, json_object_get(k, "conversions"), 0);
		table_number(roas, sizeof roas, json_object_get(k, "roas"), 2);
		fputs("  ", o->f);
		cell(o, table_field(k, "name"), name_w);
		fprintf(o->f, " %-15s %10s %3s", table_field(k, "account_id"), spend, table_field(k, "currency"));
		if (with_status)
			fprintf(o->f, "  %s\n", table_field(k, "status"));
		else
			fprintf(o->f, " %11s %8s\n", conv, roas);
	}
	if (json_array_size(list) == 0)
		fputs("  (none)\n", o->f);
}

static void
alerts(struct out *o, const json_t *s)
{
	const json_t *j, *m;
	char conv[256] = "";
	size_t i;

	json_array_foreach(json_object_get(s, "conversions"), i, m) {
		size_t n = strlen(conv);

		snprintf(conv + n, sizeof conv - n, "%s%s", n ? ", " : "", json_string_value(m));
	}
	heading(o, "Campaigns with spend but no conversions (%s)%s", conv, "");
	campaigns(o, json_object_get(s, "no_conversions"), 0);
	heading(o, "Active campaigns without delivery (shown at 0)%s%s", "", "");
	campaigns(o, json_object_get(s, "no_delivery"), 1);
	heading(o, "Days where the ad rows do not add up to the account row%s%s", "", "");
	if (json_array_size(json_object_get(s, "reconciliation")) == 0)
		fputs("  (none)\n", o->f);
	else
		fprintf(o->f, "  %-15s %-10s %14s %14s %12s %12s\n", "account", "date", "ad spend",
		        "account spend", "ad impr.", "account impr.");
	json_array_foreach(json_object_get(s, "reconciliation"), i, j) {
		char a[40], b[40], c[40], d[40];

		table_number(a, sizeof a, json_object_get(j, "ad_spend"), 2);
		table_number(b, sizeof b, json_object_get(j, "account_spend"), 2);
		table_number(c, sizeof c, json_object_get(j, "ad_impressions"), 0);
		table_number(d, sizeof d, json_object_get(j, "account_impressions"), 0);
		fprintf(o->f, "  %-15s %-10s %14s %14s %12s %12s\n", table_field(j, "account_id"),
		        table_field(j, "date"), a, b, c, d);
	}
}

static void
sync_and_ig(struct out *o, const json_t *s)
{
	const json_t *j;
	size_t i;

	heading(o, "Last sync per account (data should reach the day before %s)%s",
	        table_field(s, "today"), "");
	fprintf(o->f, "  %-15s %-4s %-21s %-12s %s\n", "account", "cur", "last sync", "synced to",
	        "data to");
	json_array_foreach(json_object_get(s, "sync"), i, j) {
		int stale = json_is_true(json_object_get(j, "stale"));

		fprintf(o->f, "  %-15s %-4s %-21s %-12s %s", table_field(j, "account_id"),
		        table_field(j, "currency"), table_field(j, "last_sync"),
		        table_field(j, "synced_until"), table_field(j, "data_until"));
		if (stale)
			fprintf(o->f, "  %sSTALE: data stops before yesterday%s", o->color ? "\033[31m" : "",
			        o->color ? "\033[0m" : "");
		fputc('\n', o->f);
	}
	if (json_array_size(json_object_get(s, "instagram")) == 0)
		return;
	heading(o, "Instagram followers%s%s", "", "");
	fprintf(o->f, "  %-20s %10s %10s %10s %12s %12s  %s\n", "profile", "new", "follows", "unfollows",
	        "followers", "net change", "last sync");
	json_array_foreach(json_object_get(s, "instagram"), i, j) {
		char a[40], b[40], c[40], d[40], e[40] = "-";
		const json_t *first = json_object_get(j, "followers_first"),
		             *last = json_object_get(j, "followers_last");

		table_number(a, sizeof a, json_object_get(j, "new_followers"), 0);
		table_number(b, sizeof b, json_object_get(j, "follows"), 0);
		table_number(c, sizeof c, json_object_get(j, "unfollows"), 0);
		table_number(d, sizeof d, last, 0);
		if (json_is_number(first) && json_is_number(last))
			snprintf(e, sizeof e, "%+.0f", json_number_value(last) - json_number_value(first));
		fprintf(o->f, "  %-20s %10s %10s %10s %12s %12s  %s\n", table_field(j, "ig_user_id"),
		        a, b, c, d, e, table_field(j, "last_sync"));
	}
}

void
table_print(FILE *f, const json_t *s, int width, int color)
{
	struct out o = { f, width, color };
	const json_t *period = json_object_get(s, "period"), *prev = json_object_get(s, "previous"), *cur;
	size_t i, k;

	fprintf(f, "%s%s..%s%s (%lld days) against %s..%s\n", color ? "\033[1m" : "",
	        table_field(period, "since"), table_field(period, "until"), color ? "\033[0m" : "",
	        (long long)json_integer_value(json_object_get(period, "days")), table_field(prev, "since"),
	        table_field(prev, "until"));
	json_array_foreach(json_object_get(s, "currencies"), i, cur) {
		const json_t *a;
		char accs[256] = "";

		json_array_foreach(json_object_get(cur, "accounts"), k, a) {
			size_t n = strlen(accs);

			snprintf(accs + n, sizeof accs - n, "%s%s", n ? ", " : "", json_string_value(a));
		}
		heading(&o, "Totals in %s (accounts %s)", table_field(cur, "currency"), accs);
		totals(&o, cur);
		heading(&o, "Top campaigns by spend, %s%s", table_field(cur, "currency"), "");
		campaigns(&o, json_object_get(cur, "top_by_spend"), 0);
		if (!json_is_null(json_object_get(s, "roas"))) {
			heading(&o, "Top campaigns by %s, %s", table_field(s, "roas"), table_field(cur, "currency"));
			campaigns(&o, json_object_get(cur, "top_by_roas"), 0);
		}
	}
	alerts(&o, s);
	sync_and_ig(&o, s);
}
