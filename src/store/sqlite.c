/* SQLite backend of the store: WAL, foreign keys, synchronous=FULL, a busy
 * timeout; one connection per thread. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_int.h"

#define DB(s) ((sqlite3 *)(s)->native)
#define ST(st) ((sqlite3_stmt *)(st)->native)

static sn_err map_rc(store *s, int rc)
{
	if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
		return SN_OK;
	store_set_err(s, "%s", sqlite3_errmsg(DB(s)));
	int base = rc & 0xff;
	if (base == SQLITE_CONSTRAINT)
		return SN_ECONFLICT;
	if (base == SQLITE_TOOBIG)
		return SN_ETOOBIG;
	return SN_ESTORE;
}

static sn_err sq_exec(store *s, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(DB(s), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		store_set_err(s, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? SN_ECONFLICT : SN_ESTORE;
	}
	return SN_OK;
}

static sn_err sq_prepare(store *s, const char *sql, void **native)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(DB(s), sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return map_rc(s, rc);
	*native = st;
	return SN_OK;
}

static void sq_finalize(void *native)
{
	sqlite3_finalize(native);
}

static void sq_reset(void *native)
{
	sqlite3_reset(native);
	sqlite3_clear_bindings(native);
}

static sn_err sq_bind_i64(store_stmt *st, int i, int64_t v)
{
	return map_rc(st->owner, sqlite3_bind_int64(ST(st), i, v));
}

static sn_err sq_bind_text(store_stmt *st, int i, const char *v)
{
	if (!v)
		return map_rc(st->owner, sqlite3_bind_null(ST(st), i));
	return map_rc(st->owner,
		      sqlite3_bind_text(ST(st), i, v, -1, SQLITE_TRANSIENT));
}

static sn_err sq_bind_blob(store_stmt *st, int i, const void *p, size_t n)
{
	return map_rc(st->owner, sqlite3_bind_blob64(ST(st), i, p, n,
						     SQLITE_TRANSIENT));
}

static sn_err sq_bind_null(store_stmt *st, int i)
{
	return map_rc(st->owner, sqlite3_bind_null(ST(st), i));
}

static sn_err sq_step(store_stmt *st, bool *row)
{
	int rc = sqlite3_step(ST(st));
	*row = rc == SQLITE_ROW;
	return map_rc(st->owner, rc);
}

static int sq_col_count(store_stmt *st)
{
	return sqlite3_column_count(ST(st));
}

static bool sq_col_null(store_stmt *st, int i)
{
	return sqlite3_column_type(ST(st), i) == SQLITE_NULL;
}

static int64_t sq_col_i64(store_stmt *st, int i)
{
	return sqlite3_column_int64(ST(st), i);
}

static const char *sq_col_text(store_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(ST(st), i);
	return t ? (const char *)t : "";
}

static const void *sq_col_blob(store_stmt *st, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(st), i);
	*n = (size_t)sqlite3_column_bytes(ST(st), i);
	return p;
}

static const char *sq_col_name(store_stmt *st, int i)
{
	return sqlite3_column_name(ST(st), i);
}

static int64_t sq_changes(store *s)
{
	return sqlite3_changes64(DB(s));
}

static int64_t sq_last_id(store *s)
{
	return sqlite3_last_insert_rowid(DB(s));
}

static void sq_close(store *s)
{
	sqlite3_close_v2(DB(s));
}

static bool sq_healthy(store *s)
{
	(void)s;
	return true;
}

static const store_ops sqlite_ops = {
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_i64 = sq_bind_i64,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_count = sq_col_count,
	.col_null = sq_col_null,
	.col_i64 = sq_col_i64,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_name = sq_col_name,
	.changes = sq_changes,
	.last_id = sq_last_id,
	.close = sq_close,
	.healthy = sq_healthy,
	.begin_write_sql = "BEGIN IMMEDIATE",
	.has_table_sql = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?",
	.audit_lock_sql = NULL, /* BEGIN IMMEDIATE already serialises writers */
	.migrations = embed_migrations,
};

sn_err store_sqlite_open(const char *path, bool create, store **out,
			 char *err, size_t err_size)
{
	struct stat sb;
	if (!create && stat(path, &sb) != 0) {
		snprintf(err, err_size, "database %s does not exist (run "
					"'supportnet migrate --db %s' first)",
			 path, path);
		return SN_ENOTFOUND;
	}
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, err_size, "cannot open database %s: %s", path,
			 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close_v2(db);
		return SN_ESTORE;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_extended_result_codes(db, 1);
	store *s = xcalloc(1, sizeof *s);
	s->ops = &sqlite_ops;
	s->kind = STORE_SQLITE;
	s->native = db;
	/* recursive_triggers: without it a REPLACE deletes rows without
	 * firing DELETE triggers, which would get around the audit table's
	 * append-only triggers. */
	const char *setup = "PRAGMA journal_mode=WAL;"
			    "PRAGMA foreign_keys=ON;"
			    "PRAGMA recursive_triggers=ON;"
			    "PRAGMA synchronous=FULL;"
			    "PRAGMA temp_store=MEMORY;"
			    /* Reads through a memory map (SQLite's own cap, 2 GiB
			     * on Debian): a directory search at a million services
			     * reads tens of MiB, and through the 2 MiB page cache
			     * each page was a pread. */
			    "PRAGMA mmap_size=2147418112;";
	if (sq_exec(s, setup)) {
		snprintf(err, err_size, "cannot set up database %s: %s", path,
			 s->errmsg);
		store_close(s);
		return SN_ESTORE;
	}
	/* Refuse files that are not databases before anything else. */
	if (sq_exec(s, "SELECT count(*) FROM sqlite_master")) {
		snprintf(err, err_size, "%s is not a SupportNet database: %s",
			 path, s->errmsg);
		store_close(s);
		return SN_EINPUT;
	}
	*out = s;
	return SN_OK;
}

static sn_err copy_db(sqlite3 *from, sqlite3 *to, char *err, size_t err_size)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		snprintf(err, err_size, "backup failed: %s", sqlite3_errmsg(to));
		return SN_ESTORE;
	}
	int rc;
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, err_size, "backup failed: %s", sqlite3_errstr(rc));
		return SN_ESTORE;
	}
	return SN_OK;
}

sn_err store_backup(store *s, const char *to_path, char *err, size_t err_size)
{
	if (s->kind != STORE_SQLITE) {
		snprintf(err, err_size, "back up a PostgreSQL database with pg_dump or "
					"continuous archiving (see docs/deploy.md)");
		return SN_EINPUT;
	}
	struct stat sb;
	if (stat(to_path, &sb) == 0) {
		snprintf(err, err_size, "%s already exists; choose a new file", to_path);
		return SN_ECONFLICT;
	}
	sqlite3 *to = NULL;
	if (sqlite3_open_v2(to_path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		snprintf(err, err_size, "cannot create %s: %s", to_path,
			 to ? sqlite3_errmsg(to) : "out of memory");
		sqlite3_close_v2(to);
		return SN_ESTORE;
	}
	sn_err rc = copy_db(DB(s), to, err, err_size);
	if (!rc && sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL))
		rc = SN_ESTORE;
	sqlite3_close_v2(to);
	if (rc)
		remove(to_path);
	return rc;
}

sn_err store_restore(const char *from_path, const char *loc, char *err,
		     size_t err_size)
{
	store *src = NULL, *dst = NULL;
	sn_err rc = store_open(from_path, false, &src, err, err_size);
	if (rc)
		return rc;
	int v = store_schema_version(src);
	int64_t ok = 0;
	store_stmt *st = NULL;
	if (v < 1) {
		snprintf(err, err_size, "%s is not a SupportNet backup (no schema version)",
			 from_path);
		rc = SN_EINPUT;
		goto out;
	}
	if (v > store_latest_version()) {
		snprintf(err, err_size, "%s comes from a newer SupportNet (schema %d, this one knows %d)",
			 from_path, v, store_latest_version());
		rc = SN_EINPUT;
		goto out;
	}
	if (!store_query(src, &st, "PRAGMA integrity_check", "")) {
		bool row = false;
		if (!store_step(st, &row) && row)
			ok = str_eq(store_col_text(st, 0), "ok");
		store_done(st);
	}
	if (!ok) {
		snprintf(err, err_size, "%s fails its integrity check", from_path);
		rc = SN_EINPUT;
		goto out;
	}
	if (str_starts(loc, "postgres://") || str_starts(loc, "postgresql://")) {
		snprintf(err, err_size, "restore a PostgreSQL database with pg_restore "
					"(see docs/deploy.md)");
		rc = SN_EINPUT;
		goto out;
	}
	if (str_starts(loc, "sqlite:"))
		loc += strlen("sqlite:");
	rc = store_open(loc, true, &dst, err, err_size);
	if (rc)
		goto out;
	rc = copy_db(DB(src), DB(dst), err, err_size);
out:
	store_close(src);
	store_close(dst);
	return rc;
}
