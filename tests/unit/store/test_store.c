/* Unit tests for store on temporary SQLite files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <unistd.h>

#include "store/store.h"

/* Each test gets a fresh temporary directory and a store opened on
 * dir/test.db (not migrated). */
typedef struct {
	char dir[64];
	char path[128];
	store *s;
} fixture;

static void rm_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/sn-test-store-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	char err[256];
	if (store_open(f->path, true, &f->s, err, sizeof err)) {
		fprintf(stderr, "store_open: %s\n", err);
		rm_dir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->s);
	rm_dir(f->dir);
	free(f);
	return 0;
}

static void migrate_ok(store *s)
{
	char err[256] = "";
	int applied = -1;
	if (store_migrate(s, &applied, err, sizeof err))
		fail_msg("migrate: %s", err);
}

static int64_t count_rows(store *s, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	int64_t n = -1;
	assert_int_equal(store_one_i64(s, &n, sql, ""), SN_OK);
	return n;
}

/* ---- open ---- */

static void test_open_errors(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	store *s = NULL;
	char missing[160];
	snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
	assert_int_equal(store_open(missing, false, &s, err, sizeof err), SN_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(err, "does not exist"));
	assert_int_equal(access(missing, F_OK), -1);
	assert_int_equal(store_open("", true, &s, err, sizeof err), SN_EINPUT);
	/* A PostgreSQL URL selects that backend; nothing listens on port 1. */
	assert_int_equal(store_open("postgres://sn@127.0.0.1:1/none?connect_timeout=2", true,
				    &s, err, sizeof err), SN_ESTORE);
	assert_null(s);
	assert_non_null(strstr(err, "cannot connect to PostgreSQL"));
	/* "sqlite:" prefix names the same file. */
	char loc[160];
	snprintf(loc, sizeof loc, "sqlite:%s", f->path);
	assert_int_equal(store_open(loc, false, &s, err, sizeof err), SN_OK);
	assert_int_equal(store_kind_of(s), STORE_SQLITE);
	store_close(s);
	store_close(NULL);
}

/* ---- migrations ---- */

static void test_migrate_from_empty(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_schema_version(f->s), -1);
	int latest = store_latest_version();
	assert_true(latest >= 1);
	char err[256] = "";
	int applied = -1;
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof err), SN_OK);
	assert_true(applied >= 1);
	assert_int_equal(store_schema_version(f->s), latest);
	assert_int_equal(count_rows(f->s, "schema_version"), applied);
	int64_t v = 0;
	assert_int_equal(store_one_i64(f->s, &v, "SELECT version FROM schema_version "
					      "WHERE name = ?", "t", "0001_platform.sql"),
			 SN_OK);
	assert_int_equal(v, 1);
	/* The platform tables exist. */
	assert_int_equal(count_rows(f->s, "users"), 0);
	assert_int_equal(count_rows(f->s, "audit"), 0);

	/* A second run applies nothing and keeps the version. */
	int64_t versions = count_rows(f->s, "schema_version");
	applied = -1;
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof err), SN_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(f->s), latest);
	assert_int_equal(count_rows(f->s, "schema_version"), versions);

	/* And so does a new connection to the same file. */
	store *s2 = NULL;
	assert_int_equal(store_open(f->path, false, &s2, err, sizeof err), SN_OK);
	assert_int_equal(store_schema_version(s2), latest);
	assert_int_equal(store_migrate(s2, &applied, err, sizeof err), SN_OK);
	assert_int_equal(applied, 0);
	store_close(s2);

	/* A migration that arrived after a higher one (two branches merged)
	 * is still applied: 0025 missing below the highest. */
	assert_int_equal(store_exec(f->s, "DROP INDEX referrals_inbox_live"), SN_OK);
	assert_int_equal(store_exec(f->s, "DELETE FROM schema_version WHERE version = 25"), SN_OK);
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof err), SN_OK);
	assert_int_equal(applied, 1);
	assert_int_equal(count_rows(f->s, "schema_version"), versions);
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof err), SN_OK);
	assert_int_equal(applied, 0);
}

/* ---- statements ---- */

static void test_run_query_binds_nulls(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_exec(f->s, "CREATE TABLE t (id INTEGER PRIMARY KEY, "
					  "n INTEGER, a TEXT, b TEXT)"),
			 SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO t(n, a, b) VALUES (?,?,?)",
				   "itt", (int64_t)-5, "hello", "it's \"quoted\""),
			 SN_OK);
	assert_int_equal(store_changes(f->s), 1);
	assert_int_equal(store_last_id(f->s), 1);
	assert_int_equal(store_run(f->s, "INSERT INTO t(n, a, b) VALUES (?,?,?)",
				   "itn", INT64_MAX, (const char *)NULL),
			 SN_OK);
	assert_int_equal(store_last_id(f->s), 2);
	/* Text with SQL in it is data, not SQL. */
	assert_int_equal(store_run(f->s, "INSERT INTO t(n, a, b) VALUES (?,?,?)",
				   "itt", INT64_MIN, "x'); DROP TABLE t; --", ""),
			 SN_OK);

	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st, "SELECT id, n, a, b FROM t WHERE id >= ? "
						"ORDER BY id", "i", (int64_t)1),
			 SN_OK);
	assert_int_equal(store_col_count(st), 4);
	assert_string_equal(store_col_name(st, 2), "a");
	bool row = false;
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_int_equal(store_col_i64(st, 1), -5);
	assert_string_equal(store_col_text(st, 2), "hello");
	assert_string_equal(store_col_text(st, 3), "it's \"quoted\"");
	assert_false(store_col_null(st, 3));
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_true(store_col_i64(st, 1) == INT64_MAX);
	assert_true(store_col_null(st, 2));
	assert_true(store_col_null(st, 3));
	assert_string_equal(store_col_text(st, 2), ""); /* "" for NULL */
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_true(store_col_i64(st, 1) == INT64_MIN);
	assert_string_equal(store_col_text(st, 2), "x'); DROP TABLE t; --");
	assert_false(store_col_null(st, 3));
	assert_string_equal(store_col_text(st, 3), "");
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_false(row);
	store_done(st);

	/* NULL compares as NULL: no row matches "= NULL". */
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM t WHERE a = ?",
				       "t", (const char *)NULL),
			 SN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM t WHERE a IS ?",
				       "n"),
			 SN_OK);
	assert_int_equal(n, 1);

	/* Blobs keep embedded NULs. */
	assert_int_equal(store_exec(f->s, "CREATE TABLE bl (v BLOB)"), SN_OK);
	assert_int_equal(store_prepare(f->s, "INSERT INTO bl VALUES (?)", &st), SN_OK);
	assert_int_equal(store_bind_blob(st, 1, "a\0b", 3), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	store_done(st);
	assert_int_equal(store_query(f->s, &st, "SELECT v FROM bl", ""), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	size_t bn = 0;
	const void *bp = store_col_blob(st, 0, &bn);
	assert_int_equal(bn, 3);
	assert_memory_equal(bp, "a\0b", 3);
	store_done(st);

	/* Binds are cleared by store_done: reusing the statement without
	 * binding gives NULL, not the last value. */
	assert_int_equal(store_prepare(f->s, "SELECT ? IS NULL", &st), SN_OK);
	assert_int_equal(store_bind_i64(st, 1, 7), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_int_equal(store_col_i64(st, 0), 0);
	store_done(st);
	assert_int_equal(store_prepare(f->s, "SELECT ? IS NULL", &st), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_int_equal(store_col_i64(st, 0), 1);
	store_done(st);
}

static void test_statement_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_exec(f->s, "CREATE TABLE t (a TEXT)"), SN_OK);
	/* A bad format letter is a bug in the caller. */
	assert_int_equal(store_run(f->s, "INSERT INTO t VALUES (?)", "x", 1), SN_EINTERNAL);
	assert_non_null(strstr(store_errmsg(f->s), "format"));
	/* SQL that does not compile. */
	assert_int_equal(store_run(f->s, "SELEKT 1", ""), SN_ESTORE);
	assert_true(strlen(store_errmsg(f->s)) > 0);
	assert_int_equal(store_exec(f->s, "NOT SQL AT ALL"), SN_ESTORE);
	assert_int_equal(store_run(f->s, "SELECT * FROM no_such_table", ""), SN_ESTORE);
	assert_non_null(strstr(store_errmsg(f->s), "no_such_table"));
	/* The table was not touched by any of it. */
	assert_int_equal(count_rows(f->s, "t"), 0);
}

static void test_one_i64_not_found(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_exec(f->s, "CREATE TABLE t (a INTEGER)"), SN_OK);
	int64_t v = 77;
	assert_int_equal(store_one_i64(f->s, &v, "SELECT a FROM t", ""), SN_ENOTFOUND);
	assert_int_equal(v, 77);
	assert_int_equal(store_run(f->s, "INSERT INTO t VALUES (?)", "i", (int64_t)9), SN_OK);
	assert_int_equal(store_one_i64(f->s, &v, "SELECT a FROM t WHERE a = ?", "i",
				       (int64_t)8),
			 SN_ENOTFOUND);
	assert_int_equal(store_one_i64(f->s, &v, "SELECT a FROM t WHERE a = ?", "i",
				       (int64_t)9),
			 SN_OK);
	assert_int_equal(v, 9);
	/* An aggregate always has a row. */
	assert_int_equal(store_one_i64(f->s, &v, "SELECT count(*) FROM t WHERE a > 100", ""),
			 SN_OK);
	assert_int_equal(v, 0);
}

static void test_unique_is_conflict(void **state)
{
	fixture *f = *state;
	migrate_ok(f->s);
	assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) VALUES (?,?)",
				   "tt", "u1", "Northam"),
			 SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) VALUES (?,?)",
				   "tt", "u2", "Northam"),
			 SN_ECONFLICT);
	assert_non_null(strstr(store_errmsg(f->s), "UNIQUE"));
	assert_int_equal(store_exec(f->s, "INSERT INTO localities(uuid, name) "
					  "VALUES ('u1', 'Southam')"),
			 SN_ECONFLICT);
	/* NOT NULL, CHECK and foreign keys are conflicts too. */
	assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) VALUES (?,?)",
				   "tn", "u3"),
			 SN_ECONFLICT);
	assert_int_equal(store_run(f->s, "INSERT INTO user_roles(user_id, role) VALUES (?,?)",
				   "it", (int64_t)12345, "worker"),
			 SN_ECONFLICT);
	assert_int_equal(count_rows(f->s, "localities"), 1);
	assert_int_equal(count_rows(f->s, "user_roles"), 0);
	/* The statement that failed still works afterwards. */
	assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) VALUES (?,?)",
				   "tt", "u2", "Southam"),
			 SN_OK);
	assert_int_equal(count_rows(f->s, "localities"), 2);
}

/* ---- transactions ---- */

static void test_rollback_leaves_nothing(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_exec(f->s, "CREATE TABLE t (a INTEGER)"), SN_OK);
	assert_false(store_in_tx(f->s));
	assert_int_equal(store_rollback(f->s), SN_OK); /* none open: fine */
	assert_int_equal(store_begin(f->s), SN_OK);
	assert_true(store_in_tx(f->s));
	for (int64_t i = 0; i < 10; i++)
		assert_int_equal(store_run(f->s, "INSERT INTO t VALUES (?)", "i", i), SN_OK);
	assert_int_equal(count_rows(f->s, "t"), 10);
	assert_int_equal(store_rollback(f->s), SN_OK);
	assert_false(store_in_tx(f->s));
	assert_int_equal(count_rows(f->s, "t"), 0);

	/* A committed write is there for another connection. */
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO t VALUES (?)", "i", (int64_t)1), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	assert_false(store_in_tx(f->s));
	store *s2 = NULL;
	char err[256];
	assert_int_equal(store_open(f->path, false, &s2, err, sizeof err), SN_OK);
	assert_int_equal(count_rows(s2, "t"), 1);
	/* begin_write takes the lock at once: a second writer is refused
	 * (after the busy timeout) rather than deadlocking later. */
	assert_int_equal(store_exec(s2, "PRAGMA busy_timeout=50"), SN_OK);
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_not_equal(store_begin_write(s2), SN_OK);
	assert_false(store_in_tx(s2));
	assert_int_equal(store_rollback(f->s), SN_OK);
	assert_int_equal(store_begin_write(s2), SN_OK);
	assert_int_equal(store_rollback(s2), SN_OK);
	store_close(s2);
}

static void test_failure_in_tx_then_rollback(void **state)
{
	fixture *f = *state;
	migrate_ok(f->s);
	assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) VALUES (?,?)",
				   "tt", "u1", "Northam"),
			 SN_OK);
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(store_run(f->s, "UPDATE localities SET name = ? WHERE uuid = ?",
				   "tt", "Changed", "u1"),
			 SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) VALUES (?,?)",
				   "tt", "u2", "Southam"),
			 SN_OK);
	/* The third statement fails part-way through the transaction. */
	assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) VALUES (?,?)",
				   "tt", "u1", "Duplicate"),
			 SN_ECONFLICT);
	assert_true(store_in_tx(f->s));
	assert_int_equal(store_rollback(f->s), SN_OK);
	assert_false(store_in_tx(f->s));
	assert_int_equal(count_rows(f->s, "localities"), 1);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM localities "
					      "WHERE uuid = ? AND name = ?",
				       "tt", "u1", "Northam"),
			 SN_OK);
	assert_int_equal(n, 1);
	/* The connection is usable again. */
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
}

/* ---- statement cache ---- */

static void test_statement_cache_many(void **state)
{
	fixture *f = *state;
	/* Far more distinct statements than the cache holds, twice over. */
	for (int round = 0; round < 2; round++) {
		for (int64_t i = 0; i < 200; i++) {
			char sql[64];
			snprintf(sql, sizeof sql, "SELECT %lld + ?", (long long)i);
			int64_t v = -1;
			if (store_one_i64(f->s, &v, sql, "i", (int64_t)1000))
				fail_msg("statement %lld failed: %s", (long long)i,
					 store_errmsg(f->s));
			assert_int_equal(v, 1000 + i);
		}
	}
}

static void test_statement_cache_held_statement(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_exec(f->s, "CREATE TABLE t (a INTEGER)"), SN_OK);
	for (int64_t i = 0; i < 5; i++)
		assert_int_equal(store_run(f->s, "INSERT INTO t VALUES (?)", "i", i), SN_OK);
	/* Fill the cache so the next statement is the oldest one. */
	store_stmt *outer = NULL;
	assert_int_equal(store_query(f->s, &outer, "SELECT a FROM t ORDER BY a", ""), SN_OK);
	store_done(outer);
	for (int64_t i = 0; i < 70; i++) {
		char sql[64];
		int64_t v;
		snprintf(sql, sizeof sql, "SELECT %lld", (long long)i);
		assert_int_equal(store_one_i64(f->s, &v, sql, ""), SN_OK);
	}
	/* Walk the rows, running other (new) statements for each one: the
	 * statement being walked must survive cache eviction. */
	assert_int_equal(store_query(f->s, &outer, "SELECT a FROM t ORDER BY a", ""), SN_OK);
	bool row = true;
	int64_t expect = 0;
	while (!store_step(outer, &row) && row) {
		assert_int_equal(store_col_i64(outer, 0), expect);
		for (int64_t k = 0; k < 40; k++) {
			char sql[64];
			int64_t v = -1;
			snprintf(sql, sizeof sql, "SELECT %lld * 1000 + %lld", (long long)expect,
				 (long long)k);
			assert_int_equal(store_one_i64(f->s, &v, sql, ""), SN_OK);
			assert_int_equal(v, expect * 1000 + k);
		}
		expect++;
	}
	store_done(outer);
	assert_int_equal(expect, 5);
}

static void test_statement_cache_all_in_use(void **state)
{
	fixture *f = *state;
	store_stmt *held[64];
	for (int i = 0; i < 64; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %d", i);
		assert_int_equal(store_query(f->s, &held[i], sql, ""), SN_OK);
	}
	/* Sixty-four statements in use: a new one cannot evict any of them. */
	store_stmt *extra = NULL;
	assert_int_equal(store_query(f->s, &extra, "SELECT 'one too many'", ""),
			 SN_EINTERNAL);
	assert_non_null(strstr(store_errmsg(f->s), "in use"));
	for (int i = 0; i < 64; i++) {
		bool row = false;
		assert_int_equal(store_step(held[i], &row), SN_OK);
		assert_true(row);
		assert_int_equal(store_col_i64(held[i], 0), i);
	}
	store_done(held[10]);
	int64_t v = 0;
	assert_int_equal(store_one_i64(f->s, &v, "SELECT 4242", ""), SN_OK);
	assert_int_equal(v, 4242);
	for (int i = 0; i < 64; i++)
		if (i != 10)
			store_done(held[i]);
	store_done(NULL);
}

/* ---- backup and restore ---- */

static void test_backup_and_restore(void **state)
{
	fixture *f = *state;
	migrate_ok(f->s);
	for (int i = 0; i < 300; i++) {
		char uuid[37], name[32];
		uuid_v4(uuid);
		snprintf(name, sizeof name, "Place %d", i);
		assert_int_equal(store_run(f->s, "INSERT INTO localities(uuid, name) "
						 "VALUES (?,?)", "tt", uuid, name),
				 SN_OK);
	}
	char backup[160], restored[160], err[256] = "";
	snprintf(backup, sizeof backup, "%s/backup.db", f->dir);
	snprintf(restored, sizeof restored, "%s/restored.db", f->dir);
	if (store_backup(f->s, backup, err, sizeof err))
		fail_msg("backup: %s", err);
	assert_int_equal(access(backup, F_OK), 0);
	/* Backup refuses to overwrite. */
	assert_int_equal(store_backup(f->s, backup, err, sizeof err), SN_ECONFLICT);
	assert_non_null(strstr(err, "already exists"));

	if (store_restore(backup, restored, err, sizeof err))
		fail_msg("restore: %s", err);
	store *r = NULL;
	assert_int_equal(store_open(restored, false, &r, err, sizeof err), SN_OK);
	assert_int_equal(store_schema_version(r), store_latest_version());
	assert_int_equal(count_rows(r, "localities"), 300);
	int64_t n = 0;
	assert_int_equal(store_one_i64(r, &n, "SELECT count(*) FROM localities "
					   "WHERE name = ?", "t", "Place 299"),
			 SN_OK);
	assert_int_equal(n, 1);
	/* The triggers came along too (the audit's two, the four that
	 * keep the directory's R-tree, migration 0010, the four that
	 * mark its points stale, 0012, the two that delete the
	 * attributes of a deleted contact or address, 0015, the three that
	 * keep the referral lists' counts, 0028, the six that keep the
	 * First Contact funnel's monthly counts, 0029, and the four that keep
	 * the timebank's ledger append-only, 0030, the one that sums the
	 * evidence figures' activity by month, 0034, and the two that keep
	 * co-production's action updates append-only, 0036). */
	assert_int_equal(store_one_i64(r, &n, "SELECT count(*) FROM sqlite_master "
					   "WHERE type = 'trigger'", ""),
			 SN_OK);
	assert_int_equal(n, 28);
	store_close(r);

	/* A "sqlite:" location works for the target too. */
	char loc[200];
	snprintf(loc, sizeof loc, "sqlite:%s/restored2.db", f->dir);
	assert_int_equal(store_restore(backup, loc, err, sizeof err), SN_OK);

	/* Restoring over an existing database replaces its contents. */
	char existing[160];
	snprintf(existing, sizeof existing, "%s/existing.db", f->dir);
	assert_int_equal(store_open(existing, true, &r, err, sizeof err), SN_OK);
	migrate_ok(r);
	assert_int_equal(store_run(r, "INSERT INTO localities(uuid, name) VALUES (?,?)", "tt",
				   "only-here", "Elsewhere"),
			 SN_OK);
	assert_int_equal(store_exec(r, "CREATE TABLE stray (x INTEGER)"), SN_OK);
	store_close(r);
	if (store_restore(backup, existing, err, sizeof err))
		fail_msg("restore over existing: %s", err);
	assert_int_equal(store_open(existing, false, &r, err, sizeof err), SN_OK);
	assert_int_equal(count_rows(r, "localities"), 300);
	assert_int_equal(store_one_i64(r, &n, "SELECT count(*) FROM localities WHERE uuid = ?",
				       "t", "only-here"),
			 SN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_one_i64(r, &n, "SELECT count(*) FROM sqlite_master WHERE "
					   "name = 'stray'", ""),
			 SN_OK);
	assert_int_equal(n, 0);
	store_close(r);
}

static void test_restore_refuses(void **state)
{
	fixture *f = *state;
	char junk[160], bare[160], target[160], missing[160], err[256] = "";
	snprintf(junk, sizeof junk, "%s/junk.db", f->dir);
	snprintf(bare, sizeof bare, "%s/bare.db", f->dir);
	snprintf(target, sizeof target, "%s/target.db", f->dir);
	snprintf(missing, sizeof missing, "%s/missing.db", f->dir);

	FILE *fp = fopen(junk, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is a text file, not a database at all\n", fp);
	fclose(fp);
	sn_err rc = store_restore(junk, target, err, sizeof err);
	if (rc != SN_EINPUT && rc != SN_ESTORE)
		fail_msg("junk file: %s (%s)", sn_err_name(rc), err);
	assert_non_null(strstr(err, junk));
	assert_int_equal(access(target, F_OK), -1);

	/* A SQLite database that SupportNet never migrated. */
	store *b = NULL;
	assert_int_equal(store_open(bare, true, &b, err, sizeof err), SN_OK);
	assert_int_equal(store_exec(b, "CREATE TABLE other (x INTEGER); "
				       "INSERT INTO other VALUES (1)"),
			 SN_OK);
	store_close(b);
	err[0] = 0;
	assert_int_equal(store_restore(bare, target, err, sizeof err), SN_EINPUT);
	assert_non_null(strstr(err, "schema version"));
	assert_int_equal(access(target, F_OK), -1);

	/* A backup from a newer SupportNet. */
	assert_int_equal(store_open(bare, false, &b, err, sizeof err), SN_OK);
	migrate_ok(b);
	assert_int_equal(store_run(b, "INSERT INTO schema_version(version, name, applied_at) "
				      "VALUES (?,?,?)", "itt",
				   (int64_t)store_latest_version() + 1, "9999_future.sql",
				   "2030-01-01T00:00:00Z"),
			 SN_OK);
	store_close(b);
	assert_int_equal(store_restore(bare, target, err, sizeof err), SN_EINPUT);
	assert_non_null(strstr(err, "newer"));

	/* A file that is not there. */
	assert_int_equal(store_restore(missing, target, err, sizeof err), SN_ENOTFOUND);
	assert_int_equal(access(missing, F_OK), -1);
	assert_int_equal(access(target, F_OK), -1);
}

int main(void)
{
	if (base_init())
		return 1;
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_errors),
		T(test_migrate_from_empty),
		T(test_run_query_binds_nulls),
		T(test_statement_errors),
		T(test_one_i64_not_found),
		T(test_unique_is_conflict),
		T(test_rollback_leaves_nothing),
		T(test_failure_in_tx_then_rollback),
		T(test_statement_cache_many),
		T(test_statement_cache_held_statement),
		T(test_statement_cache_all_in_use),
		T(test_backup_and_restore),
		T(test_restore_refuses),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
