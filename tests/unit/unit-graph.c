/* Graph configuration and the failure classification table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph.h"
#include "tap.h"

static int
status_of(long http, long code, long sub, int transient, const char *msg)
{
	struct graph_error ge = { 0 };

	ge.http_status = http;
	ge.code = code;
	ge.subcode = sub;
	ge.is_transient = transient;
	snprintf(ge.message, sizeof ge.message, "%s", msg);
	return graph_failure_status(graph_classify(&ge));
}

int
main(void)
{
	struct graph_config cfg;
	struct error e = { 0 };
	char path[] = "/tmp/metasync-unit-XXXXXX";
	FILE *f;
	int fd;

	is_int(status_of(400, 190, 463, 0, "Session has expired"), 77, "190 expired token: 77");
	is_int(status_of(400, 102, 0, 0, ""), 77, "102 session: 77");
	is_int(status_of(403, 200, 0, 0, "(#200) Requires business_management"), 77, "200 permission: 77");
	is_int(status_of(400, 10, 0, 0, ""), 77, "10 permission denied: 77");
	is_int(status_of(400, 4, 0, 1, "Application request limit reached"), 75,
	       "4 app limit is a rate limit even though is_transient: 75");
	is_int(status_of(400, 17, 2446079, 0, ""), 75, "17 user limit: 75");
	is_int(status_of(400, 613, 1487742, 0, ""), 75, "613: 75");
	is_int(status_of(400, 80000, 2446079, 0, ""), 75, "80000 BUC insights: 75");
	is_int(status_of(400, 80014, 0, 0, ""), 75, "80014 BUC catalog batch: 75");
	is_int(status_of(500, 1, 99, 0, "An unknown error occurred"), 69, "1/99 reduce data: 69");
	is_int(status_of(500, 1, 0, 0, "Please reduce the amount of data you're asking for"), 69,
	       "reduce-data message: 69");
	is_int(graph_classify(&(struct graph_error){ .code = 1, .message = "Please reduce the amount "
	       "of data you're asking for, then retry your request" }), GRAPH_FAIL_REDUCE_DATA,
	       "reduce-data is its own class, not plain transient");
	is_int(status_of(400, 2, 0, 1, "Service temporarily unavailable"), 69, "2 transient: 69");
	is_int(status_of(503, 0, 0, 0, "unexpected response"), 69, "HTML 503 without envelope: 69");
	is_int(status_of(200, 0, 0, 0, "truncated"), 69, "unparsable 200: transient, 69");
	is_int(status_of(400, 100, 33, 0, "Unsupported get request"), 64,
	       "100 bad parameter: a request Meta can never answer, 64");
	is_int(status_of(400, 2, 1504041, 1, "Invalid breakdowns"), 64,
	       "2/1504041 invalid breakdowns: 64 even when flagged transient");
	is_int(status_of(400, 100, 3191001, 0, ""), 77, "100/3191001 insights permission: 77");

	unsetenv("META_ACCESS_TOKEN");
	unsetenv("META_GRAPH_URL");
	unsetenv("META_API_VERSION");
	unsetenv("META_APP_SECRET");
	is_int(graph_config_load(&cfg, NULL, NULL, &e), 77, "no token: 77");
	ok(strstr(e.msg, "META_ACCESS_TOKEN") != NULL, "the message says where a token goes");
	setenv("META_ACCESS_TOKEN", "tok", 1);
	is_int(graph_config_load(&cfg, NULL, "25.0", &e), 64, "version without v: 64");
	is_int(graph_config_load(&cfg, NULL, "v25", &e), 64, "version without minor: 64");
	setenv("META_GRAPH_URL", "ftp://x", 1);
	is_int(graph_config_load(&cfg, NULL, NULL, &e), 64, "non-http base URL: 64");
	setenv("META_GRAPH_URL", "http://127.0.0.1:9/", 1);
	is_int(graph_config_load(&cfg, NULL, NULL, &e), 0, "environment config loads");
	is_str(cfg.base_url, "http://127.0.0.1:9", "trailing slash dropped");
	is_str(cfg.version, "v25.0", "default version v25.0");
	graph_config_free(&cfg);

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs("file-token \n", f);
	fclose(f);
	is_int(graph_config_load(&cfg, path, "v26.0", &e), 0, "token file loads");
	is_str(cfg.token, "file-token", "token file wins over the environment, whitespace trimmed");
	is_str(cfg.version, "v26.0", "--api-version wins");
	graph_config_free(&cfg);
	f = fopen(path, "w");
	fclose(f);
	is_int(graph_config_load(&cfg, path, NULL, &e), 77, "empty token file: 77");
	unlink(path);
	is_int(graph_config_load(&cfg, path, NULL, &e), 77, "missing token file: 77");
	return done_testing();
}
