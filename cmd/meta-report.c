/* meta-report: the figures of a period from the database's views.  See meta-report(1). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "date.h"
#include "error.h"
#include "log.h"
#include "page.h"
#include "query.h"
#include "rdb.h"
#include "summary.h"
#include "table.h"
#include "util.h"

static void
usage(FILE *f)
{
	fputs("usage: meta-report --db PATH|URL [-a ACCOUNT ...] [--days N | --since DATE --until DATE]\n"
	      "                   [--today DATE] [--top N] [--conversions LIST] [--json]\n"
	      "                   [--html FILE]\n"
	      "\n"
	      "      --db PATH|URL       SQLite database file written by meta-load or meta-backfill,\n"
	      "                          or a postgresql:// URL (read-only)\n"
	      "  -a, --account ACCOUNT   only this ad account, act_<digits> or <digits>; repeatable\n"
	      "      --days N            the period: the last N complete days (default 30)\n"
	      "      --since DATE        first day of the period, YYYY-MM-DD (with --until)\n"
	      "      --until DATE        last day of the period, inclusive\n"
	      "      --today DATE        report as if run on DATE (default today, UTC)\n"
	      "      --top N             campaigns in each top list (default 5)\n"
	      "      --conversions LIST  metrics that count as conversions, e.g. leads,purchases\n"
	      "      --json              write the figures as JSON instead of the table\n"
	      "      --html FILE         write a self-contained HTML page with charts to FILE\n"
	      "                          (no table on standard output then, unless --json)\n"
	      "  -h, --help              this help\n"
	      "  -V, --version           print the version\n", f);
}

enum { OPT_DB = 256, OPT_DAYS, OPT_SINCE, OPT_UNTIL, OPT_TODAY, OPT_TOP, OPT_CONV, OPT_JSON, OPT_HTML };

/* The terminal's width: the window's, else $COLUMNS, else 80. */
static int
term_width(void)
{
	struct winsize ws;
	long n;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (getenv("COLUMNS") && (n = util_number(getenv("COLUMNS"), 20, 1000)) > 0)
		return (int)n;
	return 80;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "account", required_argument, NULL, 'a' },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "today", required_argument, NULL, OPT_TODAY },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "conversions", required_argument, NULL, OPT_CONV },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *since = NULL, *until = NULL, *html = NULL, *today_s = NULL;
	char **accounts = NULL, **conv = NULL, *convlist = NULL, *tok, *save;
	size_t nacc = 0, nconv = 0, i;
	long days = 30;
	int c, json = 0, status = 0, days_given = 0;
	struct summary_options o = { 0 };
	struct error e = { 0 };
	struct rdb *rdb = NULL;
	json_t *sum = NULL;

	/* SIGPIPE stays at its default: a reader that stops (| head) ends the report quietly. */
	log_init(argv[0]);
	o.top = 5;
	while ((c = getopt_long(argc, argv, "a:hV", longopts, NULL)) != -1) {
		char id[64];

		switch (c) {
		case OPT_DB: db = optarg; break;
		case 'a':
			if (query_account_id(optarg, id, sizeof id, &e) != 0) {
				log_error("%s", e.msg);
				status = EXIT_USAGE;
				goto out;
			}
			accounts = xrealloc(accounts, (nacc + 1) * sizeof *accounts);
			accounts[nacc++] = xstrdup(id + 4); /* the views name accounts without act_ */
			break;
		case OPT_DAYS:
			if ((days = util_number(optarg, 1, 3650)) < 0) {
				log_error("--days: not a number of days from 1 to 3650: '%s'", optarg);
				status = EXIT_USAGE;
				goto out;
			}
			days_given = 1;
			break;
		case OPT_SINCE: since = optarg; break;
		case OPT_UNTIL: until = optarg; break;
		case OPT_TODAY: today_s = optarg; break;
		case OPT_TOP:
			if ((o.top = (int)util_number(optarg, 1, 1000)) < 0) {
				log_error("--top: not a number from 1 to 1000: '%s'", optarg);
				status = EXIT_USAGE;
				goto out;
			}
			break;
		case OPT_CONV: free(convlist); convlist = xstrdup(optarg); break;
		case OPT_JSON: json = 1; break;
		case OPT_HTML: html = optarg; break;
		case 'h': usage(stdout); goto out;
		case 'V': printf("meta-report %s\n", METASYNC_VERSION); goto out;
		default: usage(stderr); status = EXIT_USAGE; goto out;
		}
	}
	o.today = (long)(time(NULL) / 86400);
	if (db == NULL || optind != argc || (!since != !until) || (since && days_given)) {
		usage(stderr);
		status = EXIT_USAGE;
		goto out;
	}
	{
		const char *bad = today_s && date_parse(today_s, &o.today) != 0 ? today_s :
		                  since && date_parse(since, &o.since) != 0 ? since :
		                  until && date_parse(until, &o.until) != 0 ? until : NULL;

		if (bad) {
			log_error("not a date YYYY-MM-DD: '%s'", bad);
			status = EXIT_USAGE;
			goto out;
		}
	}
	if (!since)
		summary_last_days(o.today, days, &o.since, &o.until);
	if (o.until < o.since || o.until - o.since >= 3650) {
		log_error("--since %s --until %s: not a period of 1 to 3650 days", since, until);
		status = EXIT_USAGE;
		goto out;
	}
	for (tok = convlist ? strtok_r(convlist, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
		conv = xrealloc(conv, (nconv + 1) * sizeof *conv);
		conv[nconv++] = tok;
	}
	o.accounts = (const char *const *)accounts;
	o.naccounts = nacc;
	o.conversions = (const char *const *)conv;
	o.nconversions = nconv;
	if ((rdb = rdb_open(db, &e)) == NULL || (sum = summary_build(rdb, &o, &e)) == NULL ||
	    (html && page_write(html, sum, &e) != 0)) {
		log_error("%s", e.msg);
		status = e.status;
		goto out;
	}
	if (json)
		json_dumpf(sum, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
	else if (!html)
		table_print(stdout, sum, term_width(), isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL);
	if (json)
		putchar('\n');
out:
	json_decref(sum);
	rdb_close(&rdb);
	for (i = 0; i < nacc; i++)
		free(accounts[i]);
	free(accounts);
	free(conv);
	free(convlist);
	if ((ferror(stdout) | fclose(stdout)) != 0) {
		log_error("cannot write output");
		status = error_worse(status, EXIT_OTHER);
	}
	return status;
}
