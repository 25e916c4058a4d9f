/* The evidence figures' activity (activity.h, schema 0034): age bands on
 * the day; the monthly sums kept by the trigger against a GROUP BY of the
 * activity itself, on the demo area (two years of history and every
 * feature's own rows), after more rows, and after a recount; the people
 * behind money counted once a month; a referral's steps and a review's
 * measures written by the features themselves. On SQLite and, when
 * SN_PG_URL names a cluster, on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistd.h>

#include "../access/access_fixture.h"
#include "activity/activity.h"
#include "demo/demo.h"

static void test_age_bands(void **state)
{
	(void)state;
	assert_string_equal(activity_age_band("1960-06-15", "2025-06-14"), "under-65");
	assert_string_equal(activity_age_band("1960-06-15", "2025-06-15"), "65-74");
	assert_string_equal(activity_age_band("1950-01-01", "2025-12-31"), "75-84");
	assert_string_equal(activity_age_band("1940-02-29", "2025-03-01"), "85+");
	assert_string_equal(activity_age_band("", "2025-03-01"), "");
	assert_string_equal(activity_age_band(NULL, "2025-03-01"), "");
	assert_string_equal(activity_age_band("2030-01-01", "2025-03-01"), "");
	assert_string_equal(activity_age_band("19x0-01-01", "2025-03-01"), "");
	assert_string_equal(activity_circle_band(0), "0-2");
	assert_string_equal(activity_circle_band(6), "6-9");
	assert_string_equal(activity_circle_band(10), "10+");
	assert_string_equal(activity_share_band(1, 4), "25-49");
	assert_string_equal(activity_share_band(1, 5), "under-25");
	assert_string_equal(activity_share_band(1, 2), "50-74");
	assert_string_equal(activity_share_band(3, 4), "75-plus");
	assert_string_equal(activity_share_band(2, 3), "50-74");
	assert_string_equal(activity_share_band(0, 0), "under-25");
	assert_true(activity_counts_people(ACT_DP_SPEND));
	assert_false(activity_counts_people(ACT_REFERRAL_MADE));
}

static int64_t one(store *s, const char *sql)
{
	int64_t n = -1;
	if (store_one_i64(s, &n, sql, ""))
		fail_msg("%s: %s", sql, store_errmsg(s));
	return n;
}

static int64_t differ(store *s, const char *truth, const char *kept)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "SELECT (SELECT count(*) FROM (SELECT * FROM (%s) a1 EXCEPT SELECT * FROM (%s) b1) x) + "
		 "(SELECT count(*) FROM (SELECT * FROM (%s) b2 EXCEPT SELECT * FROM (%s) a2) y)", truth, kept, kept,
		 truth);
	return one(s, sql);
}

/* The sums kept by the trigger are the activity's own, exactly, in both
 * shapes, and the people behind money once a month. */
static void check_sums(store *s)
{
	assert_int_equal(differ(s,
		"SELECT kind, substr(day, 1, 7) AS m, detail, locality_id, count(*) AS n, sum(value) AS t "
		"FROM activity GROUP BY kind, substr(day, 1, 7), detail, locality_id",
		"SELECT kind, month, detail, locality_id, n, total FROM activity_months"), 0);
	assert_int_equal(differ(s,
		"SELECT kind, substr(day, 1, 7) AS m, detail, age_band, carer, count(*) AS n, sum(value) AS t "
		"FROM activity GROUP BY kind, substr(day, 1, 7), detail, age_band, carer",
		"SELECT kind, month, detail, age_band, carer, n, total FROM activity_equity"), 0);
	assert_int_equal(one(s, "SELECT count(*) FROM (SELECT DISTINCT kind, substr(day, 1, 7), locality_id, person_id "
				"FROM activity WHERE person_id IS NOT NULL AND kind IN ('budget', 'dp.spend', 'timebank')) x"),
			 one(s, "SELECT count(*) FROM activity_people"));
	assert_int_equal(differ(s, "SELECT kind, locality_id, month, count(*) FROM activity_people GROUP BY kind, locality_id, month",
				"SELECT kind, locality_id, month, people FROM activity_people_months"), 0);
}

static void sums_follow(store *s)
{
	char err[256] = "";
	assert_int_equal(demo_create(s, 11, DEMO_SMALL, err, sizeof err), SN_OK);
	assert_true(one(s, "SELECT count(*) FROM activity") > 12000);
	/* Every feature wrote its own rows too, and two years are there. */
	for (const char *const *k = (const char *const[]){"referral.made", "referral.accepted", "budget", "dp.spend",
							   "timebank", "review", "ons4.happy", "ucla3", NULL};
	     *k; k++) {
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT count(DISTINCT locality_id) FROM activity WHERE kind = '%s'", *k);
		assert_true(one(s, sql) >= 6);
	}
	assert_true(one(s, "SELECT count(DISTINCT substr(day, 1, 7)) FROM activity") >= 24);
	check_sums(s);
	/* More rows, some about no one, some on a month already summed. */
	assert_int_equal(store_begin_write(s), SN_OK);
	int64_t person = one(s, "SELECT min(id) FROM people");
	for (int i = 0; i < 50; i++) {
		assert_int_equal(activity_add(s, i % 2 ? ACT_DP_SPEND : ACT_REFERRAL_MADE, "befriending", person,
					      i % 3 ? "2026-01-15" : "2026-02-01T10:00:00Z", 100 + i), SN_OK);
		assert_int_equal(activity_add_place(s, ACT_REQUEST, "contact", 0, "2026-01-20", 1), SN_OK);
	}
	assert_int_equal(activity_add(s, ACT_REVIEW, "annual", 999999999, "2026-01-01", 1), SN_ENOTFOUND);
	assert_int_equal(store_commit(s), SN_OK);
	check_sums(s);
	assert_int_equal(store_begin_write(s), SN_OK);
	assert_int_equal(activity_recount(s), SN_OK);
	assert_int_equal(store_commit(s), SN_OK);
	check_sums(s);
}

static void test_sums_follow_sqlite(void **state)
{
	fixture *f = *state;
	sums_follow(f->s);
}

static const char *pg_url(void)
{
	const char *u = getenv("SN_PG_URL");
	return u && *u ? u : NULL;
}

static int pg_admin(const char *sql)
{
	char loc[512], err[256];
	snprintf(loc, sizeof loc, "%spostgres", pg_url());
	store *s = NULL;
	if (store_open(loc, false, &s, err, sizeof err))
		return -1;
	sn_err rc = store_exec(s, sql);
	store_close(s);
	return rc ? -1 : 0;
}

static void test_sums_follow_postgres(void **state)
{
	(void)state;
	if (!pg_url()) {
		print_message("SN_PG_URL not set: skipped\n");
		skip();
	}
	char name[64], sql[128], loc[512], err[256] = "";
	snprintf(name, sizeof name, "sn_unit_activity_%d", (int)getpid());
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	assert_int_equal(pg_admin(sql), 0);
	snprintf(loc, sizeof loc, "%s%s", pg_url(), name);
	store *s = NULL;
	int applied = 0;
	assert_int_equal(store_open(loc, false, &s, err, sizeof err), SN_OK);
	assert_int_equal(store_migrate(s, &applied, err, sizeof err), SN_OK);
	sums_follow(s);
	store_close(s);
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
	pg_admin(sql);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_age_bands),
		cmocka_unit_test_setup_teardown(test_sums_follow_sqlite, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_sums_follow_postgres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
