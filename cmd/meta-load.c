/* meta-load: Singer NDJSON -> SQLite, upserting; echoes committed STATEs.  See meta-load(1). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "load.h"
#include "log.h"
#include "store.h"

static void
usage(FILE *f)
{
	fputs("usage: meta-load [-qv] --db PATH|URL [--rejects FILE] [--strict] [FILE]\n"
	      "\n"
	      "  FILE                 input (default standard input)\n"
	      "      --db PATH|URL    SQLite database file (created when missing), or a\n"
	      "                       postgresql:// URL (libpq's PG* variables fill in the rest)\n"
	      "      --rejects FILE   append rejected lines to FILE\n"
	      "      --strict         stop at the first bad line, keep nothing after the last state\n"
	      "  -v, --verbose        more messages on stderr\n"
	      "  -q, --quiet          errors only\n"
	      "  -h, --help           this help\n"
	      "  -V, --version        print the version\n", f);
}

int
main(int argc, char **argv)
{
	static char inbuf[1 << 16];
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rejects", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *rejects_path = NULL;
	FILE *in = stdin, *rejects = NULL;
	struct store *s = NULL;
	struct load_stats st = { 0 };
	struct load_options lo = { 0 };
	struct error e = { 0 };
	int c, verbosity = LOG_LEVEL_WARN, status;

	log_init(argv[0]);
	while ((c = getopt_long(argc, argv, "vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': rejects_path = optarg; break;
		case 's': lo.strict = 1; break;
		case 'v': verbosity++; break;
		case 'q': verbosity = LOG_LEVEL_ERROR; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("meta-load %s\n", METASYNC_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	log_set_level(verbosity);
	if (db == NULL || argc - optind > 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (argc - optind == 1 && strcmp(argv[optind], "-") != 0 &&
	    (in = fopen(argv[optind], "r")) == NULL) {
		log_error("cannot open '%s': %s", argv[optind], strerror(errno));
		return EXIT_OTHER;
	}
	if (rejects_path && (rejects = fopen(rejects_path, "a")) == NULL) {
		log_error("cannot open rejects file '%s': %s", rejects_path, strerror(errno));
		return EXIT_OTHER;
	}
	lo.rejects = rejects;
	/* Input in 64 KiB reads, not 4 KiB ones: a line is a kilobyte or two. */
	setvbuf(in, inbuf, _IOFBF, sizeof inbuf);
	if ((s = store_open(db, &e)) == NULL)
		status = e.status;
	else
		status = load_stream(s, in, stdout, &lo, &st, &e);
	if (status != 0)
		log_error("%s", e.msg);
	log_info("%ld lines, %ld records (%ld changed), %ld states saved, %ld rejected",
	         st.lines, st.records, st.changed, st.states, st.rejected);
	store_close(&s);
	if (rejects && (ferror(rejects) | fclose(rejects)) != 0) {
		log_error("cannot write rejects file '%s'", rejects_path);
		status = error_worse(status, EXIT_OTHER);
	}
	if (in != stdin)
		fclose(in);
	if (fclose(stdout) != 0 && status == 0) {
		log_error("cannot write output");
		status = EXIT_OTHER;
	}
	return status;
}
