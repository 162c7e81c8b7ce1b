/* page.c - the summary as a self-contained HTML page; see page.h. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "page.h"
#include "svg.h"
#include "table.h"
#include "util.h"

/* Nothing may be fetched: no script, no font, no image but data: URLs (the icon). */
#define CSP "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#222;padding:0 12px}"
	"h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}"
	"h3{font-size:15px}"
	"table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eee}"
	"th{text-align:left;background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".up{color:#16803c}.down{color:#b42318}.warn{color:#b42318;font-weight:bold}"
	"svg{width:100%;height:auto;margin:8px 0}.none{color:#777}";

static void
esc(struct buf *b, const char *s)
{
	svg_escape(b, s);
}

static void
num_cell(struct buf *b, const json_t *v, int decimals)
{
	char n[48];

	table_number(n, sizeof n, v, decimals);
	buf_printf(b, "<td class=\"n\">%s</td>", n);
}

static void
totals(struct buf *b, const json_t *cur)
{
	const json_t *t;
	size_t i;

	buf_puts(b, "<table><tr><th>metric</th><th>this period</th><th>previous</th><th>change</th></tr>\n");
	json_array_foreach(json_object_get(cur, "totals"), i, t) {
		const json_t *c = json_object_get(t, "change_pct");
		int d = table_decimals(t);

		buf_puts(b, "<tr><td>");
		esc(b, table_field(t, "metric"));
		buf_puts(b, "</td>");
		num_cell(b, json_object_get(t, "value"), d);
		num_cell(b, json_object_get(t, "previous"), d);
		if (json_is_number(c))
			buf_printf(b, "<td class=\"n %s\">%+.1f%%</td>", json_number_value(c) > 0 ? "up" :
			           json_number_value(c) < 0 ? "down" : "", json_number_value(c));
		else
			buf_puts(b, "<td class=\"n\">-</td>");
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</table>\n");
}

static void
campaigns(struct buf *b, const json_t *list, int with_status)
{
	const json_t *k;
	size_t i;

	if (json_array_size(list) == 0) {
		buf_puts(b, "<p class=\"none\">None.</p>\n");
		return;
	}
	buf_printf(b, "<table><tr><th>campaign</th><th>account</th><th>spend</th><th>conversions</th>"
	           "<th>roas</th>%s</tr>\n", with_status ? "<th>status</th>" : "");
	json_array_foreach(list, i, k) {
		char spend[48];

		table_number(spend, sizeof spend, json_object_get(k, "spend"), 2);
		buf_puts(b, "<tr><td>");
		esc(b, table_field(k, "name"));
		buf_puts(b, "</td><td>");
		esc(b, table_field(k, "account_id"));
		buf_printf(b, "</td><td class=\"n\">%s ", spend);
		esc(b, table_field(k, "currency"));
		buf_puts(b, "</td>");
		num_cell(b, json_object_get(k, "conversions"), 0);
		num_cell(b, json_object_get(k, "roas"), 2);
		if (with_status) {
			buf_puts(b, "<td>");
			esc(b, table_field(k, "status"));
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</table>\n");
}

/* The charts of a currency: daily spend and revenue, daily roas, top campaigns by spend. */
static void
charts(struct buf *b, const json_t *s, const json_t *cur)
{
	const json_t *daily = json_object_get(cur, "daily"), *top = json_object_get(cur, "top_by_spend"), *d;
	size_t n = json_array_size(daily), nt = json_array_size(top), i;
	const char **labels = xcalloc(n + nt + 1, sizeof *labels);
	double *spend = xcalloc(n + 1, sizeof *spend), *rev = xcalloc(n + 1, sizeof *rev),
	       *roas = xcalloc(n + 1, sizeof *roas), *bars = xcalloc(nt + 1, sizeof *bars);
	char **names = xcalloc(nt + 1, sizeof *names);
	struct svg_series sr[2];
	char *title;
	int has_rev = !json_is_null(json_object_get(s, "revenue"));

	json_array_foreach(daily, i, d) {
		const json_t *r = json_object_get(d, "roas");

		labels[i] = table_field(d, "date");
		spend[i] = json_number_value(json_object_get(d, "spend"));
		rev[i] = has_rev ? json_number_value(json_object_get(d, "revenue")) : NAN;
		roas[i] = json_is_number(r) ? json_number_value(r) : NAN;
	}
	sr[0].name = "spend";
	sr[0].color = "#2563eb";
	sr[0].values = spend;
	sr[1].name = has_rev ? table_field(s, "revenue") : "";
	sr[1].color = "#16a34a";
	sr[1].values = rev;
	title = xasprintf("Daily spend%s, %s", has_rev ? " and revenue" : "",
	                  table_field(cur, "currency"));
	svg_lines(b, title, labels, n, sr, has_rev ? 2 : 1);
	free(title);
	if (has_rev) {
		sr[0].name = table_field(s, "roas");
		sr[0].color = "#9333ea";
		sr[0].values = roas;
		title = xasprintf("Daily %s, %s", table_field(s, "roas"), table_field(cur, "currency"));
		svg_lines(b, title, labels, n, sr, 1);
		free(title);
	}
	json_array_foreach(top, i, d) {
		const char *name = table_field(d, "name");

		/* Long names would push the bars out of the chart: cut at a UTF-8 boundary. */
		names[i] = xstrndup(name, util_utf8_cut(name, strlen(name), 40));
		labels[i] = names[i];
		bars[i] = json_number_value(json_object_get(d, "spend"));
	}
	if (nt) {
		title = xasprintf("Top campaigns by spend, %s", table_field(cur, "currency"));
		svg_bars(b, title, labels, bars, nt, 2, "#2563eb");
		free(title);
	}
	for (i = 0; i < nt; i++)
		free(names[i]);
	free(names);
	free(labels);
	free(spend);
	free(rev);
	free(roas);
	free(bars);
}

static void
alerts(struct buf *b, const json_t *s)
{
	const json_t *j;
	size_t i;

	buf_puts(b, "<h2>Campaigns with spend but no conversions</h2>\n");
	campaigns(b, json_object_get(s, "no_conversions"), 0);
	buf_puts(b, "<h2>Active campaigns without delivery</h2>\n");
	campaigns(b, json_object_get(s, "no_delivery"), 1);
	buf_puts(b, "<h2>Days where the ad rows do not add up to the account row</h2>\n");
	if (json_array_size(json_object_get(s, "reconciliation")) == 0)
		buf_puts(b, "<p class=\"none\">None.</p>\n");
	else
		buf_puts(b, "<table><tr><th>account</th><th>date</th><th>ad spend</th><th>account spend</th>"
		         "<th>ad impressions</th><th>account impressions</th></tr>\n");
	json_array_foreach(json_object_get(s, "reconciliation"), i, j) {
		buf_puts(b, "<tr><td>");
		esc(b, table_field(j, "account_id"));
		buf_puts(b, "</td><td>");
		esc(b, table_field(j, "date"));
		buf_puts(b, "</td>");
		num_cell(b, json_object_get(j, "ad_spend"), 2);
		num_cell(b, json_object_get(j, "account_spend"), 2);
		num_cell(b, json_object_get(j, "ad_impressions"), 0);
		num_cell(b, json_object_get(j, "account_impressions"), 0);
		buf_puts(b, "</tr>\n");
	}
	if (json_array_size(json_object_get(s, "reconciliation")))
		buf_puts(b, "</table>\n");
}

static void
sync_and_ig(struct buf *b, const json_t *s)
{
	const json_t *j;
	size_t i;

	buf_puts(b, "<h2>Last sync per account</h2>\n<table><tr><th>account</th><th>name</th>"
	         "<th>currency</th><th>last sync</th><th>synced to</th><th>data to</th><th></th></tr>\n");
	json_array_foreach(json_object_get(s, "sync"), i, j) {
		static const char *const keys[] = { "account_id", "name", "currency", "last_sync",
		                                    "synced_until", "data_until", NULL };
		const char *const *k;

		buf_puts(b, "<tr>");
		for (k = keys; *k; k++) {
			buf_puts(b, "<td>");
			esc(b, table_field(j, *k));
			buf_puts(b, "</td>");
		}
		buf_printf(b, "<td class=\"warn\">%s</td></tr>\n", json_is_true(json_object_get(j, "stale")) ?
		           "data stops before yesterday" : "");
	}
	buf_puts(b, "</table>\n");
	if (json_array_size(json_object_get(s, "instagram")) == 0)
		return;
	buf_puts(b, "<h2>Instagram followers</h2>\n<table><tr><th>profile</th><th>new followers</th>"
	         "<th>follows</th><th>unfollows</th><th>followers</th><th>net change</th><th>last sync</th></tr>\n");
	json_array_foreach(json_object_get(s, "instagram"), i, j) {
		const json_t *first = json_object_get(j, "followers_first"), *last = json_object_get(j, "followers_last");

		buf_puts(b, "<tr><td>");
		esc(b, table_field(j, "ig_user_id"));
		buf_puts(b, "</td>");
		num_cell(b, json_object_get(j, "new_followers"), 0);
		num_cell(b, json_object_get(j, "follows"), 0);
		num_cell(b, json_object_get(j, "unfollows"), 0);
		num_cell(b, last, 0);
		if (json_is_number(first) && json_is_number(last))
			buf_printf(b, "<td class=\"n\">%+.0f</td>", json_number_value(last) - json_number_value(first));
		else
			buf_puts(b, "<td class=\"n\">-</td>");
		buf_puts(b, "<td>");
		esc(b, table_field(j, "last_sync"));
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</table>\n");
}

void
page_render(struct buf *b, const json_t *s)
{
	const json_t *period = json_object_get(s, "period"), *prev = json_object_get(s, "previous"), *cur;
	size_t i;

	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	         "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP "\">\n"
	         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	         /* An empty icon, so a browser does not ask for /favicon.ico. */
	         "<link rel=\"icon\" href=\"data:,\">\n<title>Meta Ads ");
	esc(b, table_field(period, "since"));
	buf_puts(b, "..");
	esc(b, table_field(period, "until"));
	buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>Meta Ads ", style);
	esc(b, table_field(period, "since"));
	buf_puts(b, " .. ");
	esc(b, table_field(period, "until"));
	buf_puts(b, "</h1>\n<p>Against the previous period, ");
	esc(b, table_field(prev, "since"));
	buf_puts(b, " .. ");
	esc(b, table_field(prev, "until"));
	buf_puts(b, ". Money is per currency, never added across currencies.</p>\n");
	json_array_foreach(json_object_get(s, "currencies"), i, cur) {
		buf_puts(b, "<h2>");
		esc(b, table_field(cur, "currency"));
		buf_puts(b, "</h2>\n");
		totals(b, cur);
		charts(b, s, cur);
		buf_puts(b, "<h3>Top campaigns by spend</h3>\n");
		campaigns(b, json_object_get(cur, "top_by_spend"), 0);
		if (!json_is_null(json_object_get(s, "roas"))) {
			buf_puts(b, "<h3>Top campaigns by ");
			esc(b, table_field(s, "roas"));
			buf_puts(b, "</h3>\n");
			campaigns(b, json_object_get(cur, "top_by_roas"), 0);
		}
	}
	alerts(b, s);
	sync_and_ig(b, s);
	buf_puts(b, "</body>\n</html>\n");
}

int
page_write(const char *path, const json_t *summary, struct error *e)
{
	struct buf page = BUF_INIT;
	const char *slash = strrchr(path, '/');
	char *tmp = slash ? xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
	                  : xasprintf(".%s.XXXXXX", path);
	int fd, rc = -1;
	size_t off = 0;
	mode_t mask;

	page_render(&page, summary);
	if ((fd = mkstemp(tmp)) < 0) {
		error_set(e, EXIT_OTHER, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	/* mkstemp makes it 0600; a page is for a web server or a mail, as any file the umask allows. */
	mask = umask(0);
	umask(mask);
	while (off < page.len) {
		ssize_t n = write(fd, page.data + off, page.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off < page.len || fchmod(fd, 0666 & ~mask) != 0 || fsync(fd) != 0) {
		error_set(e, EXIT_OTHER, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		error_set(e, EXIT_OTHER, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	buf_free(&page);
	return rc;
}
