/*
 * store.c - store.h's one interface over its two engines: SQLite
 * (store_sqlite.c) and PostgreSQL (store_pg.c), chosen from the --db value
 * when the store opens.  Nothing above this file knows which it has.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "store_impl.h"
#include "util.h"

/* A flock held on "<db>.<act_id>.lock" (SQLite only). */
struct file_lock {
	char *account;
	int fd;
};

struct store {
	struct sqlite_store *sqlite;  /* exactly one of the two */
	struct pg_store *pg;
	char *path;                   /* the SQLite file */
	struct file_lock *locks;
	size_t nlocks;
	long changes;
};

int
store_is_postgres(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

struct store *
store_open(const char *db, struct error *e)
{
	struct store *s = xcalloc(1, sizeof *s);

	if (store_is_postgres(db))
		s->pg = pg_store_open(db, e);
	else if ((s->sqlite = sqlite_store_open(db, e)) != NULL)
		s->path = xstrdup(db);
	if (s->pg == NULL && s->sqlite == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
store_close(struct store **sp)
{
	struct store *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	if (s->pg)
		pg_store_close(&s->pg);
	else
		sqlite_store_close(&s->sqlite);
	for (i = 0; i < s->nlocks; i++) {
		close(s->locks[i].fd);
		free(s->locks[i].account);
	}
	free(s->locks);
	free(s->path);
	free(s);
	*sp = NULL;
}

int
store_begin(struct store *s, struct error *e)
{
	return s->pg ? pg_store_begin(s->pg, e) : sqlite_store_begin(s->sqlite, e);
}

int
store_commit(struct store *s, struct error *e)
{
	return s->pg ? pg_store_commit(s->pg, e) : sqlite_store_commit(s->sqlite, e);
}

void
store_rollback(struct store *s)
{
	if (s->pg)
		pg_store_rollback(s->pg);
	else
		sqlite_store_rollback(s->sqlite);
}

int
store_upsert_scanned(struct store *s, const char *stream, const struct jscan *j, size_t rec,
                     int *changed, struct error *e)
{
	int rc = s->pg ? pg_store_upsert_scanned(s->pg, stream, j, rec, changed, e)
	               : sqlite_store_upsert_scanned(s->sqlite, stream, j, rec, changed, e);

	s->changes += rc == 0 && *changed;
	return rc;
}

int
store_upsert(struct store *s, const char *stream, json_t *record, int *changed, struct error *e)
{
	int rc = s->pg ? pg_store_upsert(s->pg, stream, record, changed, e)
	               : sqlite_store_upsert(s->sqlite, stream, record, changed, e);

	s->changes += rc == 0 && *changed;
	return rc;
}

long
store_changes(struct store *s)
{
	return s->pg ? pg_store_changes(s->pg) : s->changes;
}

int
store_save_state(struct store *s, json_t *value, struct error *e)
{
	return s->pg ? pg_store_save_state(s->pg, value, e) : sqlite_store_save_state(s->sqlite, value, e);
}

json_t *
store_load_state(struct store *s, struct error *e)
{
	return s->pg ? pg_store_load_state(s->pg, e) : sqlite_store_load_state(s->sqlite, e);
}

int
store_knows(struct store *s, const char *stream)
{
	return s->pg ? pg_store_knows(s->pg, stream) : sqlite_store_knows(s->sqlite, stream);
}

int
store_define_metrics(struct store *s, const struct store_metric *m, size_t n, struct error *e)
{
	return s->pg ? pg_store_define_metrics(s->pg, m, n, e)
	             : sqlite_store_define_metrics(s->sqlite, m, n, e);
}

int
store_mark_days(struct store *s, const struct store_progress *p, long since, long until,
                struct error *e)
{
	return s->pg ? pg_store_mark_days(s->pg, p, since, until, e)
	             : sqlite_store_mark_days(s->sqlite, p, since, until, e);
}

int
store_fetched_days(struct store *s, const struct store_progress *p, long since, long until,
                   unsigned char *done, struct error *e)
{
	return s->pg ? pg_store_fetched_days(s->pg, p, since, until, done, e)
	             : sqlite_store_fetched_days(s->sqlite, p, since, until, done, e);
}

int
store_run_completed(struct store *s, const struct store_progress *p, long until, struct error *e)
{
	return s->pg ? pg_store_run_completed(s->pg, p, until, e)
	             : sqlite_store_run_completed(s->sqlite, p, until, e);
}

int
store_last_run(struct store *s, const struct store_progress *p, long *until, struct error *e)
{
	return s->pg ? pg_store_last_run(s->pg, p, until, e)
	             : sqlite_store_last_run(s->sqlite, p, until, e);
}

int
store_get_block(struct store *s, const char *account, double *until, struct error *e)
{
	return s->pg ? pg_store_get_block(s->pg, account, until, e)
	             : sqlite_store_get_block(s->sqlite, account, until, e);
}

int
store_set_block(struct store *s, const char *account, double until, struct error *e)
{
	return s->pg ? pg_store_set_block(s->pg, account, until, e)
	             : sqlite_store_set_block(s->sqlite, account, until, e);
}

int
store_account_offset(struct store *s, const char *account, double *hours, struct error *e)
{
	return s->pg ? pg_store_account_offset(s->pg, account, hours, e)
	             : sqlite_store_account_offset(s->sqlite, account, hours, e);
}

int
store_run_stamp(struct store *s, const char *account, char *out, size_t size, struct error *e)
{
	return s->pg ? pg_store_run_stamp(s->pg, account, out, size, e)
	             : sqlite_store_run_stamp(s->sqlite, account, out, size, e);
}

int
store_insight_attribution(struct store *s, json_t *record, char *out, size_t size, struct error *e)
{
	return s->pg ? pg_store_insight_attribution(s->pg, record, out, size, e)
	             : sqlite_store_insight_attribution(s->sqlite, record, out, size, e);
}

json_t *
store_account_currencies(struct store *s, struct error *e)
{
	return s->pg ? pg_store_account_currencies(s->pg, e)
	             : sqlite_store_account_currencies(s->sqlite, e);
}

json_t *
store_unnamed_objects(struct store *s, const char *account, const char *kind, struct error *e)
{
	return s->pg ? pg_store_unnamed_objects(s->pg, account, kind, e)
	             : sqlite_store_unnamed_objects(s->sqlite, account, kind, e);
}

static struct file_lock *
find_lock(struct store *s, const char *account)
{
	size_t i;

	for (i = 0; i < s->nlocks; i++)
		if (strcmp(s->locks[i].account, account) == 0)
			return &s->locks[i];
	return NULL;
}

/*
 * SQLite: one lock file per account next to the database, held with
 * flock; two accounts never share a lock, and a SIGKILLed run never
 * leaves a stale one.
 */
static int
lock_file(struct store *s, const char *account, struct error *e)
{
	char *path;
	int fd, rc = -1;

	if (find_lock(s, account))
		return 1;
	path = xasprintf("%s.%s.lock", s->path, account);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		error_set(e, EXIT_OTHER, "cannot open lock file '%s': %s", path, strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			rc = 0;
		else
			error_set(e, EXIT_OTHER, "cannot lock '%s': %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	s->locks = xrealloc(s->locks, (s->nlocks + 1) * sizeof *s->locks);
	s->locks[s->nlocks].account = xstrdup(account);
	s->locks[s->nlocks++].fd = fd;
	rc = 1;
out:
	free(path);
	return rc;
}

int
store_lock_account(struct store *s, const char *account, struct error *e)
{
	return s->pg ? pg_store_lock_account(s->pg, account, e) : lock_file(s, account, e);
}

void
store_unlock_account(struct store *s, const char *account)
{
	struct file_lock *l;

	if (s->pg) {
		pg_store_unlock_account(s->pg, account);
		return;
	}
	if ((l = find_lock(s, account)) == NULL)
		return;
	close(l->fd);
	free(l->account);
	*l = s->locks[--s->nlocks];
}
