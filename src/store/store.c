/* The store interface: statement cache, typed binds, transactions,
 * migrations and the per-thread connection pool, over a backend vtable. */
#define _GNU_SOURCE
#include "store_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/embed.h"

void store_set_err(store *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
	va_end(ap);
}

sn_err store_open(const char *loc, bool create, store **out, char *err,
		  size_t err_size)
{
	*out = NULL;
	if (!loc || !*loc) {
		snprintf(err, err_size, "no database location given");
		return SN_EINPUT;
	}
	if (str_starts(loc, "postgres://") || str_starts(loc, "postgresql://"))
		return store_pg_open(loc, out, err, err_size);
	if (str_starts(loc, "sqlite:"))
		loc += strlen("sqlite:");
	return store_sqlite_open(loc, create, out, err, err_size);
}

void store_close(store *s)
{
	if (!s)
		return;
	store_rollback(s); /* and give back the write lock, if held */
	for (int i = 0; i < s->n_cache; i++) {
		s->ops->finalize(s->cache[i].native);
		free(s->cache[i].sql);
	}
	s->ops->close(s);
	free(s);
}

store_kind store_kind_of(const store *s)
{
	return s->kind;
}

const char *store_errmsg(const store *s)
{
	return s->errmsg;
}

sn_err store_exec(store *s, const char *sql)
{
	return s->ops->exec(s, sql);
}

sn_err store_begin(store *s)
{
	sn_err rc = s->ops->exec(s, "BEGIN");
	if (!rc)
		s->tx_depth = 1;
	return rc;
}

/* SQLite lets one writer in at a time and makes the others sleep in its
 * busy handler, which gives long tails under load. Writers of one process
 * queue on this mutex instead; other processes still meet the busy
 * timeout. */
static pthread_mutex_t sqlite_write_lock = PTHREAD_MUTEX_INITIALIZER;
/* A thread that already holds it (through another connection) does not
 * wait for itself: SQLite's own locking decides, as between processes. */
static _Thread_local bool thread_holds_write_lock;

static void write_unlock(store *s)
{
	if (s->holds_write_lock) {
		s->holds_write_lock = false;
		thread_holds_write_lock = false;
		pthread_mutex_unlock(&sqlite_write_lock);
	}
}

sn_err store_begin_write(store *s)
{
	if (s->kind == STORE_SQLITE && !s->holds_write_lock && !thread_holds_write_lock) {
		pthread_mutex_lock(&sqlite_write_lock);
		s->holds_write_lock = true;
		thread_holds_write_lock = true;
	}
	sn_err rc = s->ops->exec(s, s->ops->begin_write_sql);
	if (!rc)
		s->tx_depth = 1;
	else
		write_unlock(s);
	return rc;
}

sn_err store_commit(store *s)
{
	sn_err rc = s->ops->exec(s, "COMMIT");
	if (!rc) {
		s->tx_depth = 0;
		write_unlock(s);
	}
	return rc;
}

sn_err store_rollback(store *s)
{
	if (!s->tx_depth) {
		write_unlock(s);
		return SN_OK;
	}
	s->tx_depth = 0;
	sn_err rc = s->ops->exec(s, "ROLLBACK");
	write_unlock(s);
	return rc;
}

bool store_retryable(const store *s)
{
	return s->retryable;
}

sn_err store_lock_audit(store *s)
{
	return s->ops->audit_lock_sql ? store_exec(s, s->ops->audit_lock_sql) : SN_OK;
}

bool store_in_tx(const store *s)
{
	return s->tx_depth > 0;
}

sn_err store_prepare(store *s, const char *sql, store_stmt **out)
{
	for (int i = 0; i < s->n_cache; i++) {
		if (strcmp(s->cache[i].sql, sql) == 0) {
			s->cache[i].in_use = true;
			*out = &s->cache[i];
			return SN_OK;
		}
	}
	void *native = NULL;
	sn_err rc = s->ops->prepare(s, sql, &native);
	if (rc)
		return rc;
	store_stmt *st = NULL;
	if (s->n_cache < STORE_CACHE) {
		st = &s->cache[s->n_cache++];
	} else {
		/* Full: replace, in place, the next statement round the ring
		 * that no caller is stepping. Slots never move, so a caller
		 * walking rows while running other statements keeps a valid
		 * statement. */
		for (int k = 0; k < STORE_CACHE && !st; k++) {
			store_stmt *c = &s->cache[s->cache_next];
			s->cache_next = (s->cache_next + 1) % STORE_CACHE;
			if (!c->in_use)
				st = c;
		}
		if (!st) {
			s->ops->finalize(native);
			store_set_err(s, "more than %d statements in use at once",
				      STORE_CACHE);
			return SN_EINTERNAL;
		}
		s->ops->finalize(st->native);
		free(st->sql);
	}
	st->owner = s;
	st->sql = xstrdup(sql);
	st->native = native;
	st->in_use = true;
	*out = st;
	return SN_OK;
}

void store_done(store_stmt *st)
{
	if (!st)
		return;
	st->in_use = false;
	st->owner->ops->reset(st->native);
}

sn_err store_bind_i64(store_stmt *st, int i, int64_t v)
{
	return st->owner->ops->bind_i64(st, i, v);
}
sn_err store_bind_text(store_stmt *st, int i, const char *v)
{
	return st->owner->ops->bind_text(st, i, v);
}
sn_err store_bind_blob(store_stmt *st, int i, const void *p, size_t n)
{
	return st->owner->ops->bind_blob(st, i, p, n);
}
sn_err store_bind_null(store_stmt *st, int i)
{
	return st->owner->ops->bind_null(st, i);
}
sn_err store_step(store_stmt *st, bool *row)
{
	return st->owner->ops->step(st, row);
}
int store_col_count(store_stmt *st)
{
	return st->owner->ops->col_count(st);
}
bool store_col_null(store_stmt *st, int i)
{
	return st->owner->ops->col_null(st, i);
}
int64_t store_col_i64(store_stmt *st, int i)
{
	return st->owner->ops->col_i64(st, i);
}
const char *store_col_text(store_stmt *st, int i)
{
	return st->owner->ops->col_text(st, i);
}
const void *store_col_blob(store_stmt *st, int i, size_t *n)
{
	return st->owner->ops->col_blob(st, i, n);
}
const char *store_col_name(store_stmt *st, int i)
{
	return st->owner->ops->col_name(st, i);
}
int64_t store_changes(store *s)
{
	return s->ops->changes(s);
}
int64_t store_last_id(store *s)
{
	return s->ops->last_id(s);
}

sn_err store_vquery(store *s, store_stmt **out, const char *sql,
		    const char *fmt, va_list ap)
{
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s, sql, &st);
	if (rc)
		return rc;
	int i = 1;
	for (const char *f = fmt ? fmt : ""; *f && !rc; f++, i++) {
		switch (*f) {
		case 'i': rc = store_bind_i64(st, i, va_arg(ap, int64_t)); break;
		case 't': rc = store_bind_text(st, i, va_arg(ap, const char *)); break;
		case 'n': rc = store_bind_null(st, i); break;
		default:
			store_set_err(s, "bad bind format letter '%c'", *f);
			rc = SN_EINTERNAL;
		}
	}
	if (rc) {
		store_done(st);
		return rc;
	}
	*out = st;
	return SN_OK;
}

sn_err store_query(store *s, store_stmt **out, const char *sql,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sn_err rc = store_vquery(s, out, sql, fmt, ap);
	va_end(ap);
	return rc;
}

sn_err store_run(store *s, const char *sql, const char *fmt, ...)
{
	store_stmt *st = NULL;
	va_list ap;
	va_start(ap, fmt);
	sn_err rc = store_vquery(s, &st, sql, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	bool row = true;
	while (!rc && row)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

bool store_next(store_stmt *st, sn_err *rc)
{
	bool row = false;
	*rc = store_step(st, &row);
	return !*rc && row;
}

sn_err store_ping(store *s)
{
	int64_t one = 0;
	sn_err rc = store_one_i64(s, &one, "SELECT 1", "");
	return rc ? rc : one == 1 ? SN_OK : SN_ESTORE;
}

sn_err store_one_i64(store *s, int64_t *out, const char *sql, const char *fmt,
		     ...)
{
	store_stmt *st = NULL;
	va_list ap;
	va_start(ap, fmt);
	sn_err rc = store_vquery(s, &st, sql, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		*out = store_col_i64(st, 0);
	store_done(st);
	return rc;
}

/* ---- migrations ---- */

static int migration_number(const char *name)
{
	return atoi(name); /* names are "0001_platform.sql" */
}

int store_latest_version(void)
{
	/* Both backends carry the same numbered migrations. */
	int v = 0;
	for (const embed_file *f = embed_migrations; f->name; f++)
		if (migration_number(f->name) > v)
			v = migration_number(f->name);
	return v;
}

int store_schema_version(store *s)
{
	int64_t v = -1;
	store_stmt *st = NULL;
	/* A missing table means "not migrated": probe the catalogue rather
	 * than provoke an error. */
	if (store_query(s, &st, s->ops->has_table_sql, "t", "schema_version"))
		return -1;
	bool row = false;
	bool have = !store_step(st, &row) && row && store_col_i64(st, 0) > 0;
	store_done(st);
	if (!have)
		return -1;
	if (store_one_i64(s, &v, "SELECT coalesce(max(version),0) FROM schema_version", ""))
		return -1;
	return (int)v;
}

static int cmp_embed(const void *a, const void *b)
{
	const embed_file *const *x = a, *const *y = b;
	return migration_number((*x)->name) - migration_number((*y)->name);
}

sn_err store_migrate(store *s, int *applied, char *err, size_t err_size)
{
	*applied = 0;
	sn_err rc = store_exec(s, "CREATE TABLE IF NOT EXISTS schema_version ("
				  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
				  "applied_at TEXT NOT NULL)");
	if (rc) {
		snprintf(err, err_size, "cannot create schema_version: %s",
			 store_errmsg(s));
		return rc;
	}
	int have = store_schema_version(s);
	const embed_file *set = s->ops->migrations;
	size_t n = 0;
	while (set[n].name)
		n++;
	const embed_file **order = xcalloc(n ? n : 1, sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = &set[i];
	qsort(order, n, sizeof *order, cmp_embed);
	for (size_t i = 0; i < n && !rc; i++) {
		int v = migration_number(order[i]->name);
		/* Applied already? By its number, not "at or below the highest":
		 * a migration that arrived after a higher one (two branches
		 * merged) is still applied. */
		int64_t done = 0;
		if (v <= have)
			rc = store_one_i64(s, &done, "SELECT count(*) FROM schema_version WHERE version = ?",
					   "i", (int64_t)v);
		if (rc) {
			snprintf(err, err_size, "cannot read schema_version: %s", store_errmsg(s));
			break;
		}
		if (done)
			continue;
		char now[21];
		time_iso8601(time_now(), now);
		rc = store_begin_write(s);
		if (!rc)
			rc = store_exec(s, (const char *)order[i]->data);
		if (!rc)
			rc = store_run(s, "INSERT INTO schema_version(version,name,applied_at) VALUES (?,?,?)",
				       "itt", (int64_t)v, order[i]->name, now);
		if (!rc)
			rc = store_commit(s);
		if (rc) {
			snprintf(err, err_size, "migration %s failed: %s",
				 order[i]->name, store_errmsg(s));
			store_rollback(s);
		} else {
			(*applied)++;
		}
	}
	free(order);
	return rc;
}

/* ---- the connection pool ---- */

/* Up to pool_size connections, opened on demand; a request takes one for
 * its lifetime and gives it back. SQLite connections are opened without
 * their own mutex, which is safe because one thread at a time uses each. */
static char *pool_loc;
static int pool_size;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_free_cond = PTHREAD_COND_INITIALIZER;
static store **pool_idle;
static int pool_n_idle, pool_n_open;

sn_err store_pool_init(const char *loc, int size)
{
	pthread_mutex_lock(&pool_lock);
	free(pool_loc);
	pool_loc = xstrdup(loc);
	pool_size = size > 0 ? size : 1;
	free(pool_idle);
	pool_idle = xcalloc((size_t)pool_size, sizeof *pool_idle);
	pool_n_idle = pool_n_open = 0;
	pthread_mutex_unlock(&pool_lock);
	return SN_OK;
}

store *store_acquire(void)
{
	pthread_mutex_lock(&pool_lock);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	while (pool_n_idle == 0 && pool_n_open >= pool_size) {
		if (pthread_cond_timedwait(&pool_free_cond, &pool_lock, &until)) {
			pthread_mutex_unlock(&pool_lock);
			log_msg(LOG_WARN, "store: no connection free within 5 s (pool of %d)", pool_size);
			return NULL;
		}
	}
	if (pool_n_idle > 0) {
		store *s = pool_idle[--pool_n_idle];
		pthread_mutex_unlock(&pool_lock);
		return s;
	}
	pool_n_open++; /* reserve the slot, connect outside the lock */
	char *loc = xstrdup(pool_loc);
	pthread_mutex_unlock(&pool_lock);
	char err[256];
	store *s = NULL;
	if (store_open(loc, false, &s, err, sizeof err)) {
		log_msg(LOG_ERROR, "store: %s", err);
		pthread_mutex_lock(&pool_lock);
		pool_n_open--;
		pthread_cond_signal(&pool_free_cond);
		pthread_mutex_unlock(&pool_lock);
		s = NULL;
	}
	free(loc);
	return s;
}

void store_release(store *s)
{
	if (!s)
		return;
	/* Never hand on a connection inside a transaction or a broken one. */
	store_rollback(s);
	store_set_audit_note(s, NULL);
	bool keep = s->ops->healthy(s);
	if (!keep)
		store_close(s);
	pthread_mutex_lock(&pool_lock);
	if (keep && pool_n_idle < pool_size)
		pool_idle[pool_n_idle++] = s;
	else if (keep)
		store_close(s);
	if (!keep)
		pool_n_open--;
	pthread_cond_signal(&pool_free_cond);
	pthread_mutex_unlock(&pool_lock);
}

void store_pool_close_all(void)
{
	pthread_mutex_lock(&pool_lock);
	for (int i = 0; i < pool_n_idle; i++)
		store_close(pool_idle[i]);
	free(pool_idle);
	pool_idle = NULL;
	pool_n_idle = pool_n_open = 0;
	free(pool_loc);
	pool_loc = NULL;
	pthread_mutex_unlock(&pool_lock);
}

void store_set_audit_note(store *s, const char *note)
{
	if (s)
		snprintf(s->audit_note, sizeof s->audit_note, "%s", note ? note : "");
}

const char *store_audit_note(const store *s)
{
	return s ? s->audit_note : "";
}
