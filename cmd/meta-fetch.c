/* meta-fetch: Graph API -> Singer NDJSON on stdout.  See meta-fetch(1). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "error.h"
#include "fetch.h"
#include "graph.h"
#include "ig.h"
#include "log.h"
#include "run.h"
#include "singer.h"
#include "util.h"

static void
usage(FILE *f)
{
	fputs("usage: meta-fetch [-qv] -a ACCOUNT [-a ACCOUNT ...] [--token-file FILE]\n"
	      "                  [--api-version VERSION] [--raw] [--fields LIST] [--limit N]\n"
	      "                  [--include-archived | --exclude-archived]\n"
	      "                  [--since DATE --until DATE | --date-preset PRESET]\n"
	      "                  [--level LEVEL] [--time-increment N] [--breakdowns LIST]\n"
	      "                  [--action-breakdowns LIST] [--async] [--chunk-days N]\n"
	      "                  [--jobs N] [--max-retries N] [--max-wait SECONDS] [--stats FILE]\n"
	      "                  account | campaigns | adsets | ads | insights\n"
	      "       meta-fetch [-qv] --ig-user ID [--ig-user ID ...] [--ig-users-file FILE]\n"
	      "                  [--since DATE --until DATE] [--metric LIST] [--ig-utc-offset HOURS]\n"
	      "                  [--token-file FILE] [--api-version VERSION] [--raw] ig-insights\n"
	      "       meta-fetch [-qv] [--token-file FILE] [--api-version VERSION] [--raw] ig-accounts\n"
	      "       meta-fetch [-qv] [--token-file FILE] [--api-version VERSION] [--raw] adaccounts\n"
	      "       meta-fetch [-qv] -a ACCOUNT [--token-file FILE] [--api-version VERSION] audit\n"
	      "\n"
	      "  -a, --account ACCOUNT     ad account, act_<digits> or <digits>; repeatable\n"
	      "      --token-file FILE     read the access token from FILE (else META_ACCESS_TOKEN)\n"
	      "      --api-version VERSION Graph API version (default META_API_VERSION or v25.0)\n"
	      "      --raw                 dump HTTP response bodies, one per line, token redacted\n"
	      "      --fields LIST         comma-separated fields instead of the default set\n"
	      "      --limit N             page size (default 500)\n"
	      "      --include-archived    the default now: archived and deleted objects are included\n"
	      "      --exclude-archived    entities: no ARCHIVED objects; insights: no deleted or\n"
	      "                            archived objects' rows (totals below Ads Manager's)\n"
	      "      --since DATE          insights: first day, YYYY-MM-DD (with --until)\n"
	      "      --until DATE          insights: last day, inclusive\n"
	      "      --date-preset PRESET  insights: e.g. yesterday, last_7d (default last_30d)\n"
	      "      --level LEVEL         insights: account, campaign, adset or ad (default ad)\n"
	      "      --time-increment N    insights: days per row 1-90, monthly, all_days (default 1)\n"
	      "      --breakdowns LIST     insights: e.g. age,gender\n"
	      "      --action-breakdowns LIST  insights: default action_type\n"
	      "      --async               insights: through async report runs\n"
	      "      --chunk-days N        insights: days per request (default 7)\n"
	      "      --jobs N              requests in flight (default 8)\n"
	      "      --max-retries N       retries of a request after transient failures (default 5)\n"
	      "      --max-wait SECONDS    waiting allowed in all, backoff and throttles (default 900)\n"
	      "      --stats FILE          write a JSON summary of the run to FILE (-: stderr)\n"
	      "      --ig-user ID          ig-insights: Instagram user id; repeatable\n"
	      "      --ig-users-file FILE  ig-insights: Instagram user ids, one a line\n"
	      "      --metric LIST         ig-insights: these metrics only (default: all)\n"
	      "      --ig-utc-offset HOURS ig-insights: the zone of Meta's days (default -8, Pacific)\n"
	      "  -v, --verbose             more messages on stderr (twice: debug)\n"
	      "  -q, --quiet               errors only\n"
	      "  -h, --help                this help\n"
	      "  -V, --version             print the version\n", f);
}

enum { OPT_TOKEN_FILE = 256, OPT_API_VERSION, OPT_RAW, OPT_FIELDS, OPT_LIMIT, OPT_ARCHIVED,
       OPT_SINCE, OPT_UNTIL, OPT_PRESET, OPT_LEVEL, OPT_INCREMENT, OPT_BREAKDOWNS,
       OPT_ACTION_BREAKDOWNS, OPT_TOKEN, OPT_ASYNC, OPT_CHUNK_DAYS, OPT_JOBS, OPT_MAX_RETRIES,
       OPT_MAX_WAIT, OPT_STATS, OPT_IG_USER, OPT_IG_USERS_FILE, OPT_METRIC, OPT_IG_OFFSET,
       OPT_EXCLUDE_ARCHIVED };

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "account", required_argument, NULL, 'a' },
		{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
		{ "api-version", required_argument, NULL, OPT_API_VERSION },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "fields", required_argument, NULL, OPT_FIELDS },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "include-archived", no_argument, NULL, OPT_ARCHIVED },
		{ "exclude-archived", no_argument, NULL, OPT_EXCLUDE_ARCHIVED },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "date-preset", required_argument, NULL, OPT_PRESET },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "time-increment", required_argument, NULL, OPT_INCREMENT },
		{ "breakdowns", required_argument, NULL, OPT_BREAKDOWNS },
		{ "action-breakdowns", required_argument, NULL, OPT_ACTION_BREAKDOWNS },
		{ "token", required_argument, NULL, OPT_TOKEN },
		{ "async", no_argument, NULL, OPT_ASYNC },
		{ "chunk-days", required_argument, NULL, OPT_CHUNK_DAYS },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "max-retries", required_argument, NULL, OPT_MAX_RETRIES },
		{ "max-wait", required_argument, NULL, OPT_MAX_WAIT },
		{ "stats", required_argument, NULL, OPT_STATS },
		{ "ig-user", required_argument, NULL, OPT_IG_USER },
		{ "ig-users-file", required_argument, NULL, OPT_IG_USERS_FILE },
		{ "metric", required_argument, NULL, OPT_METRIC },
		{ "ig-utc-offset", required_argument, NULL, OPT_IG_OFFSET },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct retry_policy retry_policy = RETRY_POLICY_DEFAULT;
	struct fetch_options o = { 0 };
	struct ig_options io = { 0 };
	enum ig_kind ig_kind;
	char **ig_users = NULL;
	size_t nig_users = 0, i;
	int is_ig = 0, has_offset = 0;
	struct graph_config cfg = { 0 };
	struct error e = { 0 }, cfg_error = { 0 };
	struct run *run = NULL;
	json_t *summary = NULL;
	double pct;
	const char *stats_path = NULL;
	const char **accounts = xcalloc((size_t)argc, sizeof *accounts);
	const char *token_file = NULL, *api_version = NULL;
	int c, verbosity = LOG_LEVEL_WARN, status = 0, cfg_status, audit = 0;
	char *end;
	long n;

	log_init(argv[0]);
	while ((c = getopt_long(argc, argv, "a:vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': accounts[o.naccounts++] = optarg; break;
		case OPT_TOKEN_FILE: token_file = optarg; break;
		case OPT_API_VERSION: api_version = optarg; break;
		case OPT_RAW: o.raw = 1; break;
		case OPT_FIELDS: o.fields = optarg; break;
		case OPT_LIMIT:
			o.limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o.limit <= 0) {
				status = error_set(&e, EXIT_USAGE, "--limit '%s': expected a positive number",
				                   optarg);
				goto out;
			}
			break;
		case OPT_ARCHIVED: o.include_archived = 1; break;
		case OPT_EXCLUDE_ARCHIVED: o.exclude_archived = 1; break;
		case OPT_SINCE: o.since = optarg; break;
		case OPT_UNTIL: o.until = optarg; break;
		case OPT_PRESET: o.date_preset = optarg; break;
		case OPT_LEVEL: o.level = optarg; break;
		case OPT_INCREMENT: o.time_increment = optarg; break;
		case OPT_BREAKDOWNS: o.breakdowns = optarg; break;
		case OPT_ACTION_BREAKDOWNS: o.action_breakdowns = optarg; break;
		case OPT_ASYNC: o.async = 1; break;
		case OPT_STATS: stats_path = optarg; break;
		case OPT_IG_USER:
			ig_users_add(&ig_users, &nig_users, optarg);
			break;
		case OPT_IG_USERS_FILE:
			if ((status = ig_users_read(optarg, &ig_users, &nig_users, &e)) != 0)
				goto out;
			break;
		case OPT_METRIC:
			if ((status = ig_metrics_add(&io.metrics, optarg, &e)) != 0)
				goto out;
			break;
		case OPT_IG_OFFSET:
			if ((status = ig_offset_parse(optarg, &io.utc_offset, &e)) != 0)
				goto out;
			has_offset = 1;
			break;
		case OPT_CHUNK_DAYS:
		case OPT_JOBS:
		case OPT_MAX_RETRIES:
		case OPT_MAX_WAIT:
			n = util_number(optarg, c == OPT_MAX_RETRIES || c == OPT_MAX_WAIT ? 0 : 1,
			               c == OPT_JOBS ? 64 : c == OPT_CHUNK_DAYS ? 90 : 1000000);
			if (n < 0) {
				status = error_set(&e, EXIT_USAGE, "--%s '%s': out of range",
				                   c == OPT_JOBS ? "jobs" : c == OPT_CHUNK_DAYS ? "chunk-days"
				                   : c == OPT_MAX_RETRIES ? "max-retries" : "max-wait", optarg);
				goto out;
			}
			if (c == OPT_JOBS)
				o.jobs = (int)n;
			else if (c == OPT_CHUNK_DAYS)
				o.chunk_days = (int)n;
			else if (c == OPT_MAX_RETRIES)
				retry_policy.max_retries = (int)n;
			else
				retry_policy.budget = (double)n;
			break;
		case OPT_TOKEN:
			status = error_set(&e, EXIT_USAGE, "%s", GRAPH_TOKEN_ARGUMENT_REFUSED);
			goto out;
		case 'v': verbosity++; break;
		case 'q': verbosity = LOG_LEVEL_ERROR; break;
		case 'h': usage(stdout); goto out;
		case 'V': printf("meta-fetch %s\n", METASYNC_VERSION); goto out;
		default: usage(stderr); status = EXIT_USAGE; goto out;
		}
	}
	log_set_level(verbosity);
	if (argc - optind == 1 && ig_kind_parse(argv[optind], &ig_kind) == 0) {
		is_ig = 1;
		io.kind = ig_kind;
		io.users = (const char *const *)ig_users;
		io.nusers = nig_users;
		io.since = o.since;
		io.until = o.until;
		io.raw = o.raw;
		io.now = (double)time(NULL);
		if (!has_offset)
			io.utc_offset = IG_DEFAULT_UTC_OFFSET;
		/* The ad options mean nothing to Instagram: refused, not silently ignored. */
		if (o.naccounts || o.date_preset || o.level || o.time_increment || o.breakdowns ||
		    o.action_breakdowns || o.fields || o.limit || o.include_archived || o.exclude_archived || o.async ||
		    o.chunk_days || o.jobs) {
			status = error_set(&e, EXIT_USAGE, "%s takes none of -a, --date-preset, --level, "
			                   "--time-increment, --breakdowns, --action-breakdowns, --fields, "
			                   "--limit, --include-archived, --exclude-archived, --async, --chunk-days, --jobs",
			                   argv[optind]);
			goto out;
		}
	} else if (nig_users || io.metrics || has_offset) {
		status = error_set(&e, EXIT_USAGE, "--ig-user, --ig-users-file, --metric and "
		                   "--ig-utc-offset go with ig-insights");
		goto out;
	}
	audit = argc - optind == 1 && strcmp(argv[optind], "audit") == 0;
	if (argc - optind != 1 || (!is_ig && !audit && query_kind_parse(argv[optind], &o.kind) != 0)) {
		usage(stderr);
		status = EXIT_USAGE;
		goto out;
	}
	o.accounts = accounts;
	/*
	 * The configuration registers the token with the logger: read it before
	 * a message that may quote an option is formatted, tell its failure
	 * after the usage errors.
	 */
	cfg_status = graph_config_load(&cfg, token_file, api_version, &cfg_error);
	if (audit && o.naccounts != 1) {
		status = error_set(&e, EXIT_USAGE, "audit: give one ad account, -a act_<id>");
		goto out;
	}
	if ((status = is_ig ? ig_check(&io, &e) : audit ? 0 : query_check(&o, &e)) != 0)
		goto out;
	if ((status = cfg_status) != 0) {
		e = cfg_error;
		goto out;
	}
	if ((run = run_new(&retry_policy, &e)) == NULL) {
		status = e.status;
		goto out;
	}
	run_catch_signals(run);
	if (is_ig)
		status = ig_fetch_run(run, &cfg, &io, stdout, &e);
	else if (audit)
		status = audit_run(run, &cfg, getenv("META_APP_ID"), accounts[0], stdout, &e);
	else
		status = fetch_run(run, &cfg, &o, stdout, &e);
	if (status != 0 && e.status != 0) {
		log_error("%s", e.msg);
		e.status = 0;
	}
	if (stats_error_rate_high(run->stats, &pct))
		log_warn("%.0f%% of the requests were errors; Meta takes away an app's full access "
		         "past 15%%", pct);
	summary = stats_json(run->stats, run->clock->now(run->clock->ctx), status,
	                     ratelimit_peak(run->rl));
	if (summary && log_get_level() >= LOG_LEVEL_INFO) {
		char *line = json_dumps(summary, JSON_COMPACT | JSON_REAL_PRECISION(6));
		log_info("summary: %s", line);
		free(line);
	}
	/* "-" is standard error: standard output is the message stream. */
	if (summary && stats_path && strcmp(stats_path, "-") == 0) {
		if (json_dumpf(summary, stderr, JSON_COMPACT | JSON_REAL_PRECISION(6)) != 0 ||
		    fputc('\n', stderr) == EOF)
			status = error_worse(status, EXIT_OTHER);
	} else if (summary && stats_path &&
	           singer_write_document(stats_path, "stats file", summary, &e) != 0)
		status = error_worse(status, EXIT_OTHER);
out:
	if (status != 0 && e.status != 0)
		log_error("%s", e.msg);
	json_decref(summary);
	run_free(&run);
	graph_config_free(&cfg);
	log_clear_secrets();
	free(accounts);
	for (i = 0; i < nig_users; i++)
		free(ig_users[i]);
	free(ig_users);
	if (fclose(stdout) != 0 && status == 0) {
		log_error("cannot write output");
		status = EXIT_OTHER;
	}
	return status;
}
