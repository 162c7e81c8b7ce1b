#include <errno.h>
#include <string.h>

#include "load.h"
#include "log.h"
#include "schema.h"
#include "singer.h"
#include "util.h"

/* Reports a rejected line and keeps it in rejects; -1 with e set when it cannot be kept. */
static int
reject(FILE *rejects, const struct singer_reader *r, const struct error *le, struct load_stats *st,
       struct error *e)
{
	log_error("%s", le->msg);
	st->rejected++;
	if (rejects && singer_copy_line(rejects, r) != 0)
		return error_set(e, EXIT_OTHER, "line %ld: cannot write the rejects file: %s", r->lineno,
		                 strerror(errno)), -1;
	return 0;
}

/*
 * meta-transform's insights SCHEMA names the mapping's metrics
 * ("x-metasync-metrics"): they become columns, and terms of the views.
 */
static int
define_metrics(struct store *s, json_t *msg, struct error *e)
{
	json_t *defs = json_object_get(msg, "x-metasync-metrics"), *d;
	struct store_metric *m;
	size_t i, n;
	int rc;

	if (defs == NULL)
		return 0;
	if (!json_is_array(defs))
		return error_set(e, EXIT_DATAERR, "x-metasync-metrics: not a list"), -1;
	n = json_array_size(defs);
	m = xcalloc(n ? n : 1, sizeof *m);
	json_array_foreach(defs, i, d) {
		const char *kind = json_string_value(json_object_get(d, "kind"));
		m[i].name = json_string_value(json_object_get(d, "name"));
		m[i].ratio = kind && strcmp(kind, "ratio") == 0;
		m[i].num = json_string_value(json_object_get(d, "num"));
		m[i].den = json_string_value(json_object_get(d, "den"));
		if (m[i].name == NULL || !schema_valid_name(m[i].name) || kind == NULL ||
		    (strcmp(kind, "sum") != 0 && !m[i].ratio) ||
		    (m[i].ratio && (m[i].num == NULL || m[i].den == NULL ||
		                    !schema_valid_name(m[i].num) || !schema_valid_name(m[i].den)))) {
			free(m);
			return error_set(e, EXIT_DATAERR, "x-metasync-metrics[%zu]: not a metric "
			                 "definition", i), -1;
		}
	}
	rc = store_define_metrics(s, m, n, e);
	free(m);
	return rc;
}

int
load_stream(struct store *s, FILE *in, FILE *out, const struct load_options *o,
            struct load_stats *st, struct error *e)
{
	struct singer_reader r;
	struct error le;
	struct jscan j = JSCAN_INIT;
	struct buf name = BUF_INIT;
	json_t *msg = NULL;
	long since_commit = 0;
	size_t rec = 0;
	int rc, ret = 0, changed;

	memset(st, 0, sizeof *st);
	singer_reader_init(&r, in);
	while ((rc = singer_next_line(&r, &le)) == 1) {
		const char *stream;
		int bad, scanned;

		/*
		 * A RECORD goes from its text to its row; anything else (and what
		 * the scanner refuses, so that jansson's message names the fault)
		 * is parsed whole.
		 */
		scanned = jscan_parse(&j, r.line, (size_t)r.len) == 0 && singer_scan_record(&j, &name, &rec);
		if (!scanned)
			msg = singer_parse_line(&r, &le);
		stream = scanned ? buf_str(&name) : msg ? json_string_value(json_object_get(msg, "stream")) : NULL;
		bad = !scanned && msg == NULL;
		st->lines = r.lineno;
		switch (scanned ? SINGER_RECORD : msg ? singer_type_of(msg) : SINGER_OTHER) {
		case SINGER_RECORD:
			/* Strict keeps everything after the last STATE in one transaction to roll back. */
			if (since_commit >= LOAD_COMMIT_EVERY && !o->strict) {
				if (store_commit(s, e) != 0)
					goto fail;
				since_commit = 0;
			}
			if ((scanned ? store_upsert_scanned(s, stream, &j, rec, &changed, &le)
			     : store_upsert(s, stream, json_object_get(msg, "record"), &changed, &le)) != 0) {
				if (le.status != EXIT_DATAERR) {
					*e = le;
					goto fail;
				}
				error_prefix(&le, "line %ld", r.lineno);
				bad = 1;
				break;
			}
			st->records++;
			st->changed += changed;
			since_commit++;
			break;
		case SINGER_STATE:
			if (st->rejected) {
				log_warn("line %ld: state not saved: %ld earlier line%s rejected", r.lineno,
				         st->rejected, st->rejected == 1 ? " was" : "s were");
				if (store_commit(s, e) != 0)
					goto fail;
				break;
			}
			if (store_save_state(s, json_object_get(msg, "value"), e) != 0 ||
			    store_commit(s, e) != 0)
				goto fail;
			since_commit = 0;
			st->states++;
			if (singer_write(out, json_object_get(msg, "value")) != 0 || fflush(out) != 0) {
				error_set(e, EXIT_OTHER, "cannot write output: %s", strerror(errno));
				goto fail;
			}
			break;
		case SINGER_SCHEMA:
			/* The tables are fixed; a stream none of them holds is bad data. */
			if (store_knows(s, stream)) {
				if (define_metrics(s, msg, &le) == 0)
					break;
				if (le.status != EXIT_DATAERR) {
					*e = le;
					goto fail;
				}
				error_prefix(&le, "line %ld", r.lineno);
				bad = 1;
				break;
			}
			error_set(&le, EXIT_DATAERR, "line %ld: SCHEMA for unknown stream '%s'", r.lineno,
			          stream);
			bad = 1;
			break;
		default:
			if (msg) {
				error_set(&le, EXIT_DATAERR, "line %ld: unknown message type '%s'", r.lineno,
				          json_string_value(json_object_get(msg, "type")));
				bad = 1;
			}
		}
		json_decref(msg);
		msg = NULL;
		if (bad) {
			if (reject(o->rejects, &r, &le, st, e) != 0)
				goto fail;
			if (o->strict) {
				/* Nothing after the last STATE is kept: that state is where a rerun resumes. */
				store_rollback(s);
				ret = error_set(e, EXIT_DATAERR, "line %ld: stopped at the first bad line "
				                "(--strict); nothing after the last state was kept", r.lineno);
				goto out;
			}
		}
	}
	if (rc < 0) {
		*e = le;
		goto fail;
	}
	if (store_commit(s, e) != 0)
		goto fail;
	if (st->rejected)
		ret = error_set(e, EXIT_DATAERR, "%ld of %ld lines rejected", st->rejected, r.lineno);
out:
	/* The store's count: a batching store knows it only once a batch is written. */
	st->changed = store_changes(s);
	jscan_free(&j);
	buf_free(&name);
	singer_reader_free(&r);
	return ret;
fail:
	json_decref(msg);
	msg = NULL;
	ret = e->status ? e->status : EXIT_OTHER;
	goto out;
}
