/* The counts the database keeps by trigger (schema 0028 referral_counts,
 * 0029 fc_funnel_months) against the referrals and checklists themselves:
 * on the demo area, then after hundreds of random writes of every kind the
 * triggers must follow (inserts, moves, accepted dates, a referral moved
 * to another checklist or none, checklists reopened and completed in
 * another month and locality, deletions). On SQLite in a temporary
 * directory and, when SN_PG_URL names a cluster, on a fresh PostgreSQL
 * database too. The writes here are raw SQL on purpose: the triggers must
 * hold whatever code path writes. */
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
#include "demo/demo.h"
#include "firstcontact/fc_store.h"
#include "referral/referral_store.h"

/* Rows of a that are not in b, plus rows of b not in a. */
static int64_t differ(store *s, const char *a, const char *b)
{
	char sql[4096];
	snprintf(sql, sizeof sql,
		 "SELECT (SELECT count(*) FROM (SELECT * FROM (%s) a1 EXCEPT SELECT * FROM (%s) b1) x) + "
		 "(SELECT count(*) FROM (SELECT * FROM (%s) b2 EXCEPT SELECT * FROM (%s) a2) y)", a, b, b, a);
	int64_t n = -1;
	sn_err rc = store_one_i64(s, &n, sql, "");
	if (rc)
		fail_msg("%s: %s", sql, store_errmsg(s));
	return n;
}

static void check_counts(store *s)
{
	int64_t n = differ(s,
		"SELECT 'inbox', organization_id, status, count(*) FROM referrals WHERE mode = 'live' "
		"GROUP BY organization_id, status UNION ALL SELECT 'sent', referrer_id, status, count(*) "
		"FROM referrals GROUP BY referrer_id, status",
		"SELECT box, owner_id, status, n FROM referral_counts WHERE n > 0");
	assert_int_equal(n, 0);
	int64_t negative = -1;
	assert_int_equal(store_one_i64(s, &negative, "SELECT count(*) FROM referral_counts WHERE n < 0", ""), SN_OK);
	assert_int_equal(negative, 0);
}

static void check_funnel(store *s)
{
	const char *secs = store_kind_of(s) == STORE_POSTGRES
		? "CAST(extract(epoch FROM (r.accepted_at::timestamptz - r.requested_at::timestamptz)) AS BIGINT)"
		: "CAST(round((julianday(r.accepted_at) - julianday(r.requested_at)) * 86400) AS INTEGER)";
	char truth[2048];
	snprintf(truth, sizeof truth,
		 "SELECT substr(c.completed_at, 1, 7), coalesce(c.locality_id, 0), coalesce(c.organization_id, 0), "
		 "count(DISTINCT c.id), count(r.id), count(r.accepted_at), "
		 "coalesce(sum(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END), 0), "
		 "coalesce(sum(CASE WHEN r.accepted_at IS NOT NULL AND r.requested_at IS NOT NULL THEN %s ELSE 0 END), 0) "
		 "FROM fc_checklists c LEFT JOIN referrals r ON r.checklist_id = c.id "
		 "WHERE c.status = 'completed' AND c.completed_at IS NOT NULL GROUP BY 1, 2, 3",
		 secs);
	int64_t n = differ(s, truth,
		"SELECT month, locality_id, organization_id, checklists, referrals, accepted, completed, "
		"accept_seconds FROM fc_funnel_months WHERE checklists <> 0 OR referrals <> 0 OR accepted <> 0 "
		"OR completed <> 0 OR accept_seconds <> 0");
	assert_int_equal(n, 0);
}

static int64_t pick(store *s, rng *r, const char *table, const char *where)
{
	char sql[512];
	int64_t n = 0, id = 0;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s", table, where);
	assert_int_equal(store_one_i64(s, &n, sql, ""), SN_OK);
	if (n == 0)
		return 0;
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE %s ORDER BY id LIMIT 1 OFFSET ?", table, where);
	assert_int_equal(store_one_i64(s, &id, sql, "i", (int64_t)rng_below(r, (uint64_t)n)), SN_OK);
	return id;
}

static const char *STATUSES[] = {"draft", "requested", "received", "accepted", "rejected",
				 "cancelled", "in-progress", "on-hold", "completed", "failed"};

static void one_write(store *s, rng *r, int i)
{
	int64_t ref = pick(s, r, "referrals", "1 = 1");
	int64_t cl = pick(s, r, "fc_checklists", "1 = 1");
	int64_t loc = pick(s, r, "localities", "1 = 1");
	const char *st = STATUSES[rng_below(r, 10)];
	char when[64], uuid[48];
	snprintf(when, sizeof when, "2026-%02u-%02uT10:%02u:00Z", 1 + (unsigned)rng_below(r, 12),
		 1 + (unsigned)rng_below(r, 28), (unsigned)rng_below(r, 60));
	sn_err rc = SN_OK;
	switch (rng_below(r, 7)) {
	case 0: /* a move, with the accepted date when it is one */
		rc = store_run(s, "UPDATE referrals SET status = ?, accepted_at = CASE WHEN ? = 'accepted' "
			       "THEN ? ELSE accepted_at END WHERE id = ?", "ttti", st, st, when, ref);
		break;
	case 1: /* to another checklist, or none */
		rc = rng_below(r, 3) ? store_run(s, "UPDATE referrals SET checklist_id = ? WHERE id = ?", "ii", cl, ref)
				     : store_run(s, "UPDATE referrals SET checklist_id = NULL WHERE id = ?", "i", ref);
		break;
	case 2: /* a checklist reopened */
		rc = store_run(s, "UPDATE fc_checklists SET status = 'draft', completed_at = NULL WHERE id = ?", "i", cl);
		break;
	case 3: /* completed (again), in some month and locality */
		rc = store_run(s, "UPDATE fc_checklists SET status = 'completed', completed_at = ?, locality_id = "
			       "nullif(?, 0) WHERE id = ?", "tii", when, rng_below(r, 4) ? loc : 0, cl);
		break;
	case 4: /* a new referral like an old one, in a checklist or not, maybe a signpost */
		snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
		rc = store_run(s,
			"INSERT INTO referrals (uuid, person_id, service_id, organization_id, referrer_id, mode, "
			"status, reason, consent, created_at, updated_at, requested_at, accepted_at, checklist_id) "
			"SELECT ? , person_id, service_id, organization_id, referrer_id, ?, ?, reason, 1, "
			"created_at, updated_at, requested_at, accepted_at, nullif(?, 0) FROM referrals WHERE id = ?",
			"tttii", uuid,
			rng_below(r, 5) ? "live" : "signpost", st, rng_below(r, 2) ? cl : 0, ref);
		break;
	case 5: /* gone (as when a person's record is erased) */
		rc = store_run(s, "DELETE FROM referral_events WHERE referral_id = ?", "i", ref);
		if (!rc)
			rc = store_run(s, "DELETE FROM referral_seen WHERE referral_id = ?", "i", ref);
		if (!rc)
			rc = store_run(s, "DELETE FROM referrals WHERE id = ?", "i", ref);
		break;
	default: /* to another receiver and referrer */
		rc = store_run(s, "UPDATE referrals SET organization_id = (SELECT organization_id FROM dir_services "
			       "WHERE id = (SELECT min(id) FROM dir_services)), referrer_id = (SELECT min(user_id) "
			       "FROM user_roles WHERE role = 'worker') WHERE id = ?", "i", ref);
	}
	if (rc)
		fail_msg("write %d: %s", i, store_errmsg(s));
}

static void random_writes(store *s)
{
	char err[256] = "";
	assert_int_equal(demo_create(s, 7, DEMO_SMALL, err, sizeof err), SN_OK);
	check_counts(s);
	check_funnel(s);
	rng r;
	rng_seed(&r, 17);
	for (int i = 0; i < 600; i++) {
		one_write(s, &r, i);
		if (i % 100 == 99) {
			check_counts(s);
			check_funnel(s);
		}
	}
	/* Counted again from scratch (`supportnet referrals recount`), after
	 * they were lost or went wrong: the same answers. */
	assert_int_equal(store_exec(s, "DELETE FROM referral_counts; UPDATE fc_funnel_months SET referrals = referrals + 7"),
			 SN_OK);
	int64_t rows = 0, months = 0;
	assert_int_equal(ref_recount(s, &rows), SN_OK);
	assert_int_equal(fc_funnel_recount(s, &months), SN_OK);
	assert_true(rows > 0 && months > 0);
	check_counts(s);
	check_funnel(s);
}

static void test_counts_follow_every_write_sqlite(void **state)
{
	fixture *f = *state;
	random_writes(f->s);
}

/* ---- the same on PostgreSQL, when there is one ---- */

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

static void test_counts_follow_every_write_postgres(void **state)
{
	(void)state;
	if (!pg_url()) {
		print_message("SN_PG_URL not set: skipped\n");
		skip();
	}
	char name[64], sql[128], loc[512], err[256] = "";
	snprintf(name, sizeof name, "sn_unit_counts_%d", (int)getpid());
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	assert_int_equal(pg_admin(sql), 0);
	snprintf(loc, sizeof loc, "%s%s", pg_url(), name);
	store *s = NULL;
	int applied = 0;
	assert_int_equal(store_open(loc, false, &s, err, sizeof err), SN_OK);
	assert_int_equal(store_migrate(s, &applied, err, sizeof err), SN_OK);
	random_writes(s);
	store_close(s);
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
	pg_admin(sql);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_follow_every_write_sqlite, fixture_setup,
						fixture_teardown),
		cmocka_unit_test(test_counts_follow_every_write_postgres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
