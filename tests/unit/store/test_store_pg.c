/* Unit tests for the PostgreSQL backend of the store. They run when
 * SN_PG_URL names a cluster (scripts/pg-cluster; `make test` starts one)
 * and are skipped otherwise. Each test gets a fresh database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "access/access.h"
#include "store/store.h"

typedef struct {
	char name[64];
	char loc[512];
	store *s;
} fixture;

static const char *base_url(void)
{
	const char *u = getenv("SN_PG_URL");
	return u && *u ? u : NULL;
}

/* Runs sql on the cluster's maintenance database. */
static int admin_exec(const char *sql)
{
	char loc[512], err[256];
	snprintf(loc, sizeof loc, "%spostgres", base_url());
	store *s = NULL;
	if (store_open(loc, false, &s, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	sn_err rc = store_exec(s, sql);
	if (rc)
		fprintf(stderr, "%s: %s\n", sql, store_errmsg(s));
	store_close(s);
	return rc ? -1 : 0;
}

static int setup(void **state)
{
	if (!base_url())
		return 0;
	static int counter;
	fixture *f = calloc(1, sizeof *f);
	if (!f || base_init())
		return -1;
	snprintf(f->name, sizeof f->name, "sn_unit_%d_%d", (int)getpid(), counter++);
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->name);
	if (admin_exec(sql))
		return -1;
	snprintf(f->loc, sizeof f->loc, "%s%s", base_url(), f->name);
	char err[256];
	if (store_open(f->loc, false, &f->s, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	store_close(f->s);
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", f->name);
	admin_exec(sql);
	free(f);
	return 0;
}

#define NEED_PG()                                                     \
	do {                                                          \
		if (!base_url()) {                                    \
			print_message("SN_PG_URL not set: skipped\n"); \
			skip();                                       \
		}                                                     \
	} while (0)

static void test_open_and_migrate(void **state)
{
	NEED_PG();
	fixture *f = *state;
	assert_int_equal(store_kind_of(f->s), STORE_POSTGRES);
	assert_int_equal(store_schema_version(f->s), -1);
	char err[256];
	int applied = 0;
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof err), SN_OK);
	assert_int_equal(applied, store_latest_version());
	assert_int_equal(store_schema_version(f->s), store_latest_version());
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof err), SN_OK);
	assert_int_equal(applied, 0);
}

static void test_binds_and_placeholders(void **state)
{
	NEED_PG();
	fixture *f = *state;
	assert_int_equal(store_exec(f->s, "CREATE TABLE t (id BIGINT, name TEXT, note TEXT)"), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO t VALUES (?, ?, ?)", "itn",
				   (int64_t)9007199254740993LL, "O'Brien ? yes", NULL), SN_OK);
	assert_int_equal(store_changes(f->s), 1);
	/* A '?' inside a string literal is not a placeholder. */
	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st,
				     "SELECT id, name, note, '?' FROM t WHERE name = ? AND id > ?",
				     "ti", "O'Brien ? yes", (int64_t)1), SN_OK);
	bool row = false;
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_int_equal(store_col_i64(st, 0), 9007199254740993LL);
	assert_string_equal(store_col_text(st, 1), "O'Brien ? yes");
	assert_true(store_col_null(st, 2));
	assert_string_equal(store_col_text(st, 2), "");
	assert_string_equal(store_col_text(st, 3), "?");
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_false(row);
	store_done(st);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM t WHERE id = ?", "i",
				       (int64_t)-5), SN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_one_i64(f->s, &n, "SELECT id FROM t WHERE id = -1", ""),
			 SN_ENOTFOUND);
}

static void test_conflict_and_rollback(void **state)
{
	NEED_PG();
	fixture *f = *state;
	assert_int_equal(store_exec(f->s, "CREATE TABLE u (k TEXT PRIMARY KEY)"), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO u VALUES (?)", "t", "a"), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO u VALUES (?)", "t", "a"), SN_ECONFLICT);
	/* A failed statement aborts the transaction; rollback undoes it all. */
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO u VALUES (?)", "t", "b"), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO u VALUES (?)", "t", "a"), SN_ECONFLICT);
	assert_int_equal(store_rollback(f->s), SN_OK);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM u", ""), SN_OK);
	assert_int_equal(n, 1);
	/* INSERT ... RETURNING gives the new id on both backends. */
	assert_int_equal(store_exec(f->s, "CREATE TABLE g (id BIGINT GENERATED ALWAYS AS "
					  "IDENTITY PRIMARY KEY, v TEXT)"), SN_OK);
	int64_t id1 = 0, id2 = 0;
	assert_int_equal(store_one_i64(f->s, &id1, "INSERT INTO g(v) VALUES (?) RETURNING id",
				       "t", "x"), SN_OK);
	assert_int_equal(store_one_i64(f->s, &id2, "INSERT INTO g(v) VALUES (?) RETURNING id",
				       "t", "y"), SN_OK);
	assert_int_equal(id2, id1 + 1);
}

static void test_statement_cache_and_timeout(void **state)
{
	NEED_PG();
	fixture *f = *state;
	/* More distinct statements than the cache holds. */
	for (int i = 0; i < 150; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %d + ?", i);
		int64_t v = 0;
		assert_int_equal(store_one_i64(f->s, &v, sql, "i", (int64_t)1), SN_OK);
		assert_int_equal(v, i + 1);
	}
	/* Every statement has a timeout. */
	assert_int_equal(store_exec(f->s, "SET statement_timeout = '100ms'"), SN_OK);
	assert_int_equal(store_exec(f->s, "SELECT pg_sleep(2)"), SN_ESTORE);
	assert_non_null(strstr(store_errmsg(f->s), "statement timeout"));
	assert_false(store_retryable(f->s));
}

static void test_deadlock_is_retryable(void **state)
{
	NEED_PG();
	fixture *f = *state;
	char err[256];
	store *other = NULL;
	assert_int_equal(store_open(f->loc, false, &other, err, sizeof err), SN_OK);
	assert_int_equal(store_exec(f->s, "CREATE TABLE d (k INT PRIMARY KEY, v INT);"
					  "INSERT INTO d VALUES (1, 0), (2, 0)"), SN_OK);
	/* A serialization failure: two SERIALIZABLE transactions that each
	 * read what the other writes. */
	assert_int_equal(store_exec(f->s, "BEGIN ISOLATION LEVEL SERIALIZABLE"), SN_OK);
	assert_int_equal(store_exec(other, "BEGIN ISOLATION LEVEL SERIALIZABLE"), SN_OK);
	assert_int_equal(store_exec(f->s, "SELECT sum(v) FROM d"), SN_OK);
	assert_int_equal(store_exec(other, "SELECT sum(v) FROM d"), SN_OK);
	assert_int_equal(store_exec(f->s, "UPDATE d SET v = 1 WHERE k = 1"), SN_OK);
	assert_int_equal(store_exec(other, "UPDATE d SET v = 1 WHERE k = 2"), SN_OK);
	assert_int_equal(store_exec(f->s, "COMMIT"), SN_OK);
	sn_err rc = store_exec(other, "COMMIT");
	assert_int_equal(rc, SN_ESTORE);
	assert_true(store_retryable(other));
	store_exec(other, "ROLLBACK");
	store_close(other);
}

static void test_audit_chain_on_postgres(void **state)
{
	NEED_PG();
	fixture *f = *state;
	char err[256];
	int applied = 0;
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof err), SN_OK);
	for (int i = 0; i < 5; i++) {
		audit_entry e = {"system", "admin", "test.append", "", "unit test"};
		assert_int_equal(audit_append(f->s, &e), SN_OK);
	}
	int64_t n = 0, bad = 0;
	char why[256] = "", head[65];
	assert_int_equal(audit_verify(f->s, &n, &bad, why, sizeof why, head), SN_OK);
	assert_int_equal(n, 5);
	/* The triggers refuse changes and deletions. */
	assert_int_equal(store_exec(f->s, "UPDATE audit SET reason = 'x' WHERE seq = 2"), SN_ESTORE);
	assert_int_equal(store_exec(f->s, "DELETE FROM audit WHERE seq = 2"), SN_ESTORE);
	/* With them dropped, verify finds the change. */
	assert_int_equal(store_exec(f->s, "DROP TRIGGER audit_no_update ON audit;"
					  "UPDATE audit SET reason = 'x' WHERE seq = 2"), SN_OK);
	assert_int_equal(audit_verify(f->s, &n, &bad, why, sizeof why, head), SN_EINPUT);
	assert_int_equal(bad, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_and_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binds_and_placeholders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_and_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statement_cache_and_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadlock_is_retryable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain_on_postgres, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
