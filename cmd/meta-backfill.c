/* meta-backfill: the hierarchy and daily insights of ad accounts into SQLite, resumable.  See meta-backfill(1). */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backfill.h"
#include "error.h"
#include "graph.h"
#include "ig.h"
#include "log.h"
#include "mapping.h"
#include "notify.h"
#include "run.h"
#include "schema.h"
#include "singer.h"
#include "util.h"

static void
usage(FILE *f)
{
	fputs("usage: meta-backfill [-qv] {-a ACCOUNT [-a ACCOUNT ...] | --all-accounts} --db PATH|URL\n"
	      "                     [--token-file FILE]\n"
	      "                     [--api-version VERSION] [--days N | --since DATE [--until DATE]]\n"
	      "                     [--chunk DAYS] [--lookback DAYS] [--full] [--level LIST]\n"
	      "                     [--breakdowns LIST ...]\n"
	      "                     [--include-archived | --exclude-archived]\n"
	      "                     [--allow-attribution-change] [--jobs N] [--max-retries N]\n"
	      "                     [--max-wait SECONDS] [--report FILE] [--json]\n"
	      "                     [--notify-url-file FILE] [--map FILE]\n"
	      "                     [--ig-user ID ...] [--ig-users-file FILE] [--ig-utc-offset HOURS]\n"
	      "\n"
	      "  -a, --account ACCOUNT     ad account, act_<digits> or <digits>; repeatable\n"
	      "      --all-accounts        every ad account the token reaches (besides any -a)\n"
	      "      --db PATH|URL         SQLite database file (created when missing), or a\n"
	      "                            postgresql:// URL shared by many hosts\n"
	      "      --token-file FILE     read the access token from FILE (else META_ACCESS_TOKEN)\n"
	      "      --api-version VERSION Graph API version (default META_API_VERSION or v25.0)\n"
	      "      --days N              the range: the last N days up to yesterday (default 90)\n"
	      "      --since DATE          first day instead of --days, YYYY-MM-DD\n"
	      "      --until DATE          last day (default yesterday in the account's time zone)\n"
	      "      --chunk DAYS          days per chunk, the unit of progress (default 7)\n"
	      "      --lookback DAYS       days up to the last completed run's end to fetch again (default 28)\n"
	      "      --full                fetch the whole range again\n"
	      "      --level LIST          insights levels, e.g. ad,campaign,account (default ad)\n"
	      "      --breakdowns LIST     also fetch rows with these breakdowns, e.g.\n"
	      "                            publisher_platform,platform_position; repeatable\n"
	      "      --include-archived    the default now: archived and deleted objects are included\n"
	      "      --exclude-archived    no archived entities, no deleted or archived objects'\n"
	      "                            insights (totals below Ads Manager's)\n"
	      "      --allow-attribution-change\n"
	      "                            overwrite insights fetched under another attribution setting\n"
	      "      --jobs N              requests in flight (default 8)\n"
	      "      --max-retries N       retries of a request after transient failures (default 5)\n"
	      "      --max-wait SECONDS    waiting allowed per account, backoff and throttles (default 900)\n"
	      "      --report FILE         write the JSON run report to FILE\n"
	      "      --json                write the JSON run report to standard output\n"
	      "      --notify-url-file FILE\n"
	      "                            read the webhook URL posted to when the run fails from\n"
	      "                            FILE (else META_NOTIFY_URL)\n"
	      "      --map FILE            derived metrics and renames, see metasync-map(5)\n"
	      "                            (default: purchases, revenue, roas, link_clicks)\n"
	      "      --ig-user ID          also keep this Instagram profile in sync; repeatable\n"
	      "                            (-a may then be left out)\n"
	      "      --ig-users-file FILE  Instagram user ids, one a line\n"
	      "      --ig-utc-offset HOURS the zone of Meta's Instagram days (default -8, Pacific)\n"
	      "  -v, --verbose             more messages on stderr (twice: debug)\n"
	      "  -q, --quiet               errors only\n"
	      "  -h, --help                this help\n"
	      "  -V, --version             print the version\n", f);
}

enum { OPT_DB = 256, OPT_TOKEN_FILE, OPT_API_VERSION, OPT_DAYS, OPT_SINCE, OPT_UNTIL, OPT_CHUNK,
       OPT_LOOKBACK, OPT_FULL, OPT_LEVEL, OPT_ARCHIVED, OPT_JOBS, OPT_MAX_RETRIES, OPT_MAX_WAIT,
       OPT_REPORT, OPT_JSON, OPT_NOTIFY_FILE, OPT_TOKEN, OPT_NOTIFY, OPT_MAP, OPT_BREAKDOWNS,
       OPT_IG_USER, OPT_IG_USERS_FILE, OPT_IG_OFFSET, OPT_ALL_ACCOUNTS, OPT_EXCLUDE_ARCHIVED,
       OPT_ALLOW_ATTRIBUTION };

static const struct option longopts[] = {
	{ "account", required_argument, NULL, 'a' },
	{ "db", required_argument, NULL, OPT_DB },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "api-version", required_argument, NULL, OPT_API_VERSION },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "chunk", required_argument, NULL, OPT_CHUNK },
	{ "lookback", required_argument, NULL, OPT_LOOKBACK },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "include-archived", no_argument, NULL, OPT_ARCHIVED },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "max-retries", required_argument, NULL, OPT_MAX_RETRIES },
	{ "max-wait", required_argument, NULL, OPT_MAX_WAIT },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "notify-url-file", required_argument, NULL, OPT_NOTIFY_FILE },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "breakdowns", required_argument, NULL, OPT_BREAKDOWNS },
	{ "all-accounts", no_argument, NULL, OPT_ALL_ACCOUNTS },
	{ "exclude-archived", no_argument, NULL, OPT_EXCLUDE_ARCHIVED },
	{ "allow-attribution-change", no_argument, NULL, OPT_ALLOW_ATTRIBUTION },
	{ "token", required_argument, NULL, OPT_TOKEN },
	{ "notify-url", required_argument, NULL, OPT_NOTIFY },
	{ "ig-user", required_argument, NULL, OPT_IG_USER },
	{ "ig-users-file", required_argument, NULL, OPT_IG_USERS_FILE },
	{ "ig-utc-offset", required_argument, NULL, OPT_IG_OFFSET },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/*
 * getopt's own messages quote the whole argument, "--notify-ur=https://...",
 * so a mistyped secret option would print the secret: say it without the
 * value.  arg is argv[optind - 1]: the failing long option, or for a short
 * one not necessarily its element.
 */
static void
bad_option(int c, const char *arg)
{
	size_t i, len = strcspn(arg, "=");
	int is_long = strncmp(arg, "--", 2) == 0 && (optopt == 0 || optopt >= 256);

	for (i = 0; longopts[i].name && !is_long && strncmp(arg, "--", 2) == 0; i++)
		is_long = longopts[i].val == optopt && strncmp(arg + 2, longopts[i].name, len - 2) == 0;
	if (is_long)
		log_error(c == ':' ? "option '%.*s' needs an argument" : "unknown or ambiguous option '%.*s'",
		          (int)len, arg);
	else
		log_error(c == ':' ? "option -%c needs an argument" : "unknown option -%c", optopt);
	usage(stderr);
}

int
main(int argc, char **argv)
{
	static const struct retry_policy retry = RETRY_POLICY_DEFAULT;
	struct backfill_options o = { 0 };
	struct graph_config cfg = { 0 };
	struct error e = { 0 }, cfg_error = { 0 };
	struct run *run = NULL;
	json_t *report = NULL;
	const char **accounts = xcalloc((size_t)argc, sizeof *accounts);
	const char *token_file = NULL, *api_version = NULL, *report_path = NULL, *notify_file = NULL;
	const char *map_path = NULL;
	const char **breakdowns = xcalloc((size_t)argc, sizeof *breakdowns);
	struct mapping *mapping = NULL;
	char *notify_url = NULL, **ig_users = NULL;
	size_t nig_users = 0, i;
	int c, verbosity = LOG_LEVEL_WARN, status = 0, json_out = 0, cfg_status;
	long n;

	log_init(argv[0]);
#ifdef M_MMAP_THRESHOLD
	/*
	 * Each worker downloads a page of up to a megabyte or so at a time.
	 * glibc would raise its mmap threshold past that size after the first
	 * such buffer is freed and keep every later one in a per-thread heap
	 * that is not given back; a fixed threshold keeps them mapped, so a
	 * freed page leaves the process.  The workers mostly wait on the
	 * network: two arenas serve them, not one a thread, each holding
	 * its own freed memory.
	 */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_ARENA_MAX, 2);
#endif
	o.retry = retry;
	o.lookback = -1;
	o.ig_utc_offset = IG_DEFAULT_UTC_OFFSET;
	/* The webhook URL is a secret like the token: known to the logger before anything is said. */
	o.notify_url = getenv("META_NOTIFY_URL");
	if (o.notify_url && *o.notify_url == '\0')
		o.notify_url = NULL;
	log_add_secret(o.notify_url);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":a:vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': accounts[o.naccounts++] = optarg; break;
		case OPT_DB: o.db = optarg; break;
		case OPT_TOKEN_FILE: token_file = optarg; break;
		case OPT_API_VERSION: api_version = optarg; break;
		case OPT_SINCE: o.since = optarg; break;
		case OPT_UNTIL: o.until = optarg; break;
		case OPT_FULL: o.full = 1; break;
		case OPT_LEVEL: o.level = optarg; break;
		case OPT_ARCHIVED: o.include_archived = 1; break;
		case OPT_EXCLUDE_ARCHIVED: o.exclude_archived = 1; break;
		case OPT_ALL_ACCOUNTS: o.all_accounts = 1; break;
		case OPT_ALLOW_ATTRIBUTION: o.allow_attribution_change = 1; break;
		case OPT_REPORT: report_path = optarg; break;
		case OPT_JSON: json_out = 1; break;
		case OPT_NOTIFY_FILE: notify_file = optarg; break;
		case OPT_MAP: map_path = optarg; break;
		case OPT_BREAKDOWNS: breakdowns[o.nbreakdowns++] = optarg; break;
		case OPT_IG_USER:
			ig_users_add(&ig_users, &nig_users, optarg);
			break;
		case OPT_IG_USERS_FILE:
			if ((status = ig_users_read(optarg, &ig_users, &nig_users, &e)) != 0)
				goto out;
			break;
		case OPT_IG_OFFSET:
			if ((status = ig_offset_parse(optarg, &o.ig_utc_offset, &e)) != 0)
				goto out;
			break;
		case OPT_DAYS:
		case OPT_CHUNK:
		case OPT_LOOKBACK:
		case OPT_JOBS:
		case OPT_MAX_RETRIES:
		case OPT_MAX_WAIT:
			n = util_number(optarg, c == OPT_LOOKBACK || c == OPT_MAX_RETRIES ||
			               c == OPT_MAX_WAIT ? 0 : 1,
			               c == OPT_DAYS ? 1200 : c == OPT_CHUNK ? 90 : c == OPT_LOOKBACK ? 365
			               : c == OPT_JOBS ? 64 : 1000000);
			if (n < 0) {
				status = error_set(&e, EXIT_USAGE, "--%s '%s': out of range",
				                   /* longopts lists the OPT_ values in order after -a */
				                   longopts[c - OPT_DB + 1].name, optarg);
				goto out;
			}
			if (c == OPT_DAYS) o.days = (int)n;
			else if (c == OPT_CHUNK) o.chunk = (int)n;
			else if (c == OPT_LOOKBACK) o.lookback = (int)n;
			else if (c == OPT_JOBS) o.jobs = (int)n;
			else if (c == OPT_MAX_RETRIES) o.retry.max_retries = (int)n;
			else o.retry.budget = (double)n;
			break;
		case OPT_TOKEN:
			status = error_set(&e, EXIT_USAGE, "%s", GRAPH_TOKEN_ARGUMENT_REFUSED);
			goto out;
		case OPT_NOTIFY:
			status = error_set(&e, EXIT_USAGE, "%s", NOTIFY_URL_ARGUMENT_REFUSED);
			goto out;
		case 'v': verbosity++; break;
		case 'q': verbosity = LOG_LEVEL_ERROR; break;
		case 'h': usage(stdout); goto out;
		case 'V': printf("meta-backfill %s\n", METASYNC_VERSION); goto out;
		default: bad_option(c, argv[optind - 1]); status = EXIT_USAGE; goto out;
		}
	}
	log_set_level(verbosity);
	if (optind != argc) {
		usage(stderr);
		status = EXIT_USAGE;
		goto out;
	}
	o.accounts = accounts;
	o.breakdowns = breakdowns;
	o.ig_users = (const char *const *)ig_users;
	o.nig_users = nig_users;
	/* A progress line only for a person watching: a terminal, and not -q. */
	o.progress = isatty(STDERR_FILENO) && verbosity >= LOG_LEVEL_WARN;
	/*
	 * Every secret is registered before a message that may quote one is
	 * formatted (an option's value, a path): the configuration, which
	 * registers the token, is read first, its failure told after the
	 * usage errors.
	 */
	if (notify_file) {
		if ((notify_url = notify_read_url_file(notify_file, &e)) == NULL) {
			status = e.status;
			goto out;
		}
		log_add_secret(notify_url);
		o.notify_url = notify_url;
	}
	cfg_status = graph_config_load(&cfg, token_file, api_version, &cfg_error);
	if ((status = backfill_check_options(&o, &e)) != 0)
		goto out;
	if (o.notify_url && (status = notify_check_url(o.notify_url, &e)) != 0) {
		if (notify_file)
			error_prefix(&e, "--notify-url-file '%s'", notify_file);
		else
			error_prefix(&e, "META_NOTIFY_URL");
		goto out;
	}
	/* A bad mapping file is a usage error before anything is read or written. */
	mapping = map_path ? mapping_load(map_path, schema_reserved_names(), &e) : mapping_default();
	if (mapping == NULL) {
		status = e.status;
		goto out;
	}
	o.mapping = mapping;
	if ((status = cfg_status) != 0) {
		e = cfg_error;
		goto out;
	}
	if ((run = run_new(&o.retry, &e)) == NULL) {
		status = e.status;
		goto out;
	}
	run_catch_signals(run);
	status = backfill_run(run, &cfg, &o, &report, &e);
	if (report && json_out && singer_write_document("-", "report", report, &e) != 0)
		status = error_worse(status, EXIT_OTHER);
	if (report && report_path && singer_write_document(report_path, "report", report, &e) != 0)
		status = error_worse(status, EXIT_OTHER);
	if (report && log_get_level() >= LOG_LEVEL_INFO) {
		char *line = json_dumps(report, JSON_COMPACT | JSON_REAL_PRECISION(6));
		log_info("report: %s", line);
		free(line);
	}
out:
	if (status != 0 && e.status != 0)
		log_error("%s", e.msg);
	json_decref(report);
	run_free(&run);
	mapping_free(&mapping);
	graph_config_free(&cfg);
	log_clear_secrets();
	free(notify_url);
	free(accounts);
	free(breakdowns);
	for (i = 0; i < nig_users; i++)
		free(ig_users[i]);
	free(ig_users);
	if (fclose(stdout) != 0 && status == 0) {
		log_error("cannot write output");
		status = EXIT_OTHER;
	}
	return status;
}
