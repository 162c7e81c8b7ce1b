/* meta-transform: Singer NDJSON from meta-fetch -> typed records.  See meta-transform(1). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "log.h"
#include "map.h"
#include "schema.h"

static void
usage(FILE *f)
{
	fputs("usage: meta-transform [-qv] [--map FILE] [--rejects FILE] [--strict] [FILE]\n"
	      "\n"
	      "  FILE                 input (default standard input)\n"
	      "      --rejects FILE   append rejected lines to FILE\n"
	      "      --strict         stop at the first bad line (exit 65)\n"
	      "      --map FILE       derived metrics and renames of insights, see metasync-map(5)\n"
	      "                       (default: purchases, revenue, roas, link_clicks)\n"
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
		{ "rejects", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 's' },
		{ "map", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rejects_path = NULL, *map_path = NULL;
	struct mapping *mapping = NULL;
	FILE *in = stdin, *rejects = NULL;
	struct map_stats st;
	struct map_options mo = { 0 };
	struct error e = { 0 };
	int c, verbosity = LOG_LEVEL_WARN, status;

	log_init(argv[0]);
	while ((c = getopt_long(argc, argv, "vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rejects_path = optarg; break;
		case 's': mo.strict = 1; break;
		case 'm': map_path = optarg; break;
		case 'v': verbosity++; break;
		case 'q': verbosity = LOG_LEVEL_ERROR; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("meta-transform %s\n", METASYNC_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	log_set_level(verbosity);
	if (argc - optind > 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* A bad mapping file is a usage error before anything is read or written. */
	mapping = map_path ? mapping_load(map_path, schema_reserved_names(), &e) : mapping_default();
	if (mapping == NULL) {
		log_error("%s", e.msg);
		return e.status;
	}
	mo.mapping = mapping;
	if (argc - optind == 1 && strcmp(argv[optind], "-") != 0 &&
	    (in = fopen(argv[optind], "r")) == NULL) {
		log_error("cannot open '%s': %s", argv[optind], strerror(errno));
		mapping_free(&mapping);
		return EXIT_OTHER;
	}
	if (rejects_path && (rejects = fopen(rejects_path, "a")) == NULL) {
		log_error("cannot open rejects file '%s': %s", rejects_path, strerror(errno));
		mapping_free(&mapping);
		return EXIT_OTHER;
	}
	mo.rejects = rejects;
	/* Input in 64 KiB reads, not 4 KiB ones: a line is a kilobyte or two. */
	setvbuf(in, inbuf, _IOFBF, sizeof inbuf);
	status = map_stream(in, stdout, &mo, &st, &e);
	if (status != 0)
		log_error("%s", e.msg);
	log_info("%ld lines, %ld records in, %ld out, %ld states, %ld rejected",
	         st.lines, st.records_in, st.records_out, st.states, st.rejected);
	if (rejects && (ferror(rejects) | fclose(rejects)) != 0) {
		log_error("cannot write rejects file '%s'", rejects_path);
		status = error_worse(status, EXIT_OTHER);
	}
	if (in != stdin)
		fclose(in);
	mapping_free(&mapping);
	if (fclose(stdout) != 0 && status == 0) {
		log_error("cannot write output");
		status = EXIT_OTHER;
	}
	return status;
}
