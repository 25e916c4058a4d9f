/* Unit tests for dp/dp_store and dp/dp_import: accounts, an import all or
 * nothing (a bad row, or the store failing midway, leaves nothing),
 * duplicates across imports, dry runs, entries by hand, quarterly returns
 * once a quarter, assistants and timesheets. Each test gets a fresh,
 * migrated SQLite store; with SN_PG_URL set the tests run again, each on a
 * fresh PostgreSQL database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "dp/dp.h"
#include "people/people.h"

#define NOW "2026-02-01T10:00:00Z"

/* ---- a PostgreSQL variant of the fixture ---- */

static const char *pg_base(void)
{
	const char *u = getenv("SN_PG_URL");
	return u && *u ? u : NULL;
}

static const char *slash(void)
{
	return pg_base()[strlen(pg_base()) - 1] == '/' ? "" : "/";
}

static int pg_admin(const char *sql)
{
	char loc[512], err[256];
	snprintf(loc, sizeof loc, "%s%spostgres", pg_base(), slash());
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

static int pg_setup(void **state)
{
	static int counter;
	fixture *f = calloc(1, sizeof *f);
	if (!f || base_init())
		return -1;
	time_set_offset(0);
	snprintf(f->dir, sizeof f->dir, "sn_unit_dp_%d_%d", (int)getpid(), counter++);
	char sql[128], err[256];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->dir);
	if (pg_admin(sql))
		return -1;
	snprintf(f->path, sizeof f->path, "%s%s%s", pg_base(), slash(), f->dir);
	int applied = 0;
	if (store_open(f->path, false, &f->s, err, sizeof err) ||
	    store_migrate(f->s, &applied, err, sizeof err)) {
		fprintf(stderr, "pg fixture: %s\n", err);
		return -1;
	}
	f->a = arena_new();
	*state = f;
	return 0;
}

static int pg_teardown(void **state)
{
	fixture *f = *state;
	store_close(f->s);
	arena_free(f->a);
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", f->dir);
	pg_admin(sql);
	free(f);
	return 0;
}

/* ---- helpers ---- */

typedef struct {
	int64_t worker, person_id;
	char person_uuid[37];
	dp_account acct;
} world;

/* A worker, a person on their caseload and an open account (cap £500). */
static world make_world(fixture *f)
{
	world w = {0};
	w.worker = fixture_user(f, "worker@example.test", R_WORKER);
	uuid_v4(w.person_uuid);
	person_new n = {.given_name = "Rose", .family_name = "Ashdown"};
	assert_int_equal(people_add(f->s, &n, w.person_uuid, NOW, &w.person_id), SN_OK);
	assert_int_equal(people_relate(f->s, w.person_id, w.worker, "worker", NOW), SN_OK);
	dp_account_new an = {.person_id = w.person_id, .opened_on = "2026-01-01",
			     .settings = {.has_cap = true, .cap_pence = 50000}};
	char uuid[37];
	int64_t id = 0;
	assert_int_equal(dp_account_open(f->s, &an, w.worker, NOW, uuid, &id), SN_OK);
	assert_int_equal(dp_account_find(f->s, uuid, f->a, &w.acct), SN_OK);
	assert_int_equal(w.acct.id, id);
	return w;
}

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

static int64_t n_audit(fixture *f, const char *action)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE action = ?", "t",
				       action),
			 SN_OK);
	return n;
}

static sn_err import(fixture *f, const world *w, const char *csv, bool dry_run,
		     dp_import_report *rep)
{
	dp_import_opts o = {.file_name = "statement.csv", .dry_run = dry_run};
	return dp_import(f->s, &w->acct, csv, strlen(csv), &o, f->a, rep);
}

static const char *JAN = "Date,Description,Paid in,Paid out\n"
			 "01/01/2026,Ashby Vale Council,\"1,000.00\",\n"
			 "05/01/2026,Care Agency,,400.00\n"
			 "06/01/2026,Coffee,,2.50\n"
			 "06/01/2026,Coffee,,2.50\n"
			 "14/01/2026,Allotment society,,15.00\n";

/* Overlaps JAN from the 6th: both coffees and the allotment are there. */
static const char *LATE_JAN = "Date,Description,Amount\n"
			      "06/01/2026,COFFEE,-2.50\n"
			      "06/01/2026,Coffee,-2.50\n"
			      "14/01/2026,Allotment Society,-15.00\n"
			      "20/01/2026,Coffee,-2.50\n"
			      "31/01/2026,Ashby Vale Council,500.00\n";

/* ---- tests ---- */

static void test_accounts(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	dp_account *a = &w.acct;
	assert_string_equal(a->person_uuid, w.person_uuid);
	assert_int_equal(a->person_id, w.person_id);
	assert_string_equal(a->nominee_name, "");
	assert_string_equal(a->opened_on, "2026-01-01");
	assert_string_equal(a->closed_on, "");
	assert_int_equal(a->plan_id, 0);
	assert_int_equal(a->settings.underspend_percent, 20); /* the defaults */
	assert_int_equal(a->settings.underspend_weeks, 12);
	assert_true(a->settings.has_cap);
	assert_int_equal(a->settings.cap_pence, 50000);

	/* By its number too; nothing for unknown keys. */
	dp_account b;
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)a->id);
	assert_int_equal(dp_account_find(f->s, key, f->a, &b), SN_OK);
	assert_string_equal(b.uuid, a->uuid);
	assert_int_equal(dp_account_find(f->s, "00000000-0000-4000-8000-000000000000", f->a, &b),
			 SN_ENOTFOUND);
	assert_int_equal(dp_account_find(f->s, "0", f->a, &b), SN_ENOTFOUND);
	assert_int_equal(dp_account_find(f->s, "99999", f->a, &b), SN_ENOTFOUND);
	assert_int_equal(dp_account_find(f->s, "not-an-id", f->a, &b), SN_ENOTFOUND);
	assert_int_equal(dp_account_find(f->s, "", f->a, &b), SN_ENOTFOUND);

	/* A second account, held by a nominee, no cap, its own settings. */
	dp_account_new n = {.person_id = w.person_id, .nominee_name = "Tom Ashdown",
			    .opened_on = "2026-02-01",
			    .settings = {.underspend_percent = 30, .underspend_weeks = 8}};
	char uuid[37];
	int64_t id = 0;
	assert_int_equal(dp_account_open(f->s, &n, w.worker, NOW, uuid, &id), SN_OK);
	dp_account *rows = NULL;
	size_t k = 0;
	assert_int_equal(dp_accounts_of_person(f->s, w.person_id, f->a, &rows, &k), SN_OK);
	assert_int_equal(k, 2);
	assert_string_equal(rows[0].uuid, uuid); /* newest first */
	assert_string_equal(rows[0].nominee_name, "Tom Ashdown");
	assert_false(rows[0].settings.has_cap);
	assert_int_equal(rows[0].settings.underspend_percent, 30);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_accounts WHERE holder = 'nominee'"), 1);

	/* Settings out of range change nothing. */
	static const dp_settings bad[] = {
		{.underspend_percent = 101}, {.underspend_weeks = 105},
		{.has_cap = true, .cap_pence = -1}, {.underspend_percent = -5},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++) {
		n.settings = bad[i];
		assert_int_equal(dp_account_open(f->s, &n, w.worker, NOW, uuid, &id), SN_EINPUT);
	}
	n.settings = (dp_settings){0};
	n.opened_on = "1/2/2026";
	assert_int_equal(dp_account_open(f->s, &n, w.worker, NOW, uuid, &id), SN_EINPUT);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_accounts"), 2);
}

static void test_import_and_duplicates(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	dp_import_report *rep = calloc(1, sizeof *rep);
	assert_int_equal(import(f, &w, JAN, false, rep), SN_OK);
	assert_int_equal(rep->added, 5);
	assert_int_equal(rep->duplicates, 0);
	assert_true(rep->import_id > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 5);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries WHERE kind = 'spend'"), 4);
	assert_int_equal(count(f, "SELECT rows_added FROM dp_imports"), 5);
	assert_int_equal(n_audit(f, "dp.import"), 1);
	int64_t k = 0;
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", w.person_uuid);
	assert_int_equal(store_one_i64(f->s, &k, "SELECT count(*) FROM audit WHERE action = "
				       "'dp.import' AND record = ? AND actor = 'system'", "t", rec),
			 SN_OK);
	assert_int_equal(k, 1);

	/* The overlapping statement: only the late coffee and the payment are new. */
	assert_int_equal(import(f, &w, LATE_JAN, false, rep), SN_OK);
	assert_int_equal(rep->added, 2);
	assert_int_equal(rep->duplicates, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 7);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_imports"), 2);
	assert_int_equal(count(f, "SELECT rows_duplicate FROM dp_imports ORDER BY id DESC LIMIT 1"),
			 3);
	/* Either statement again: nothing new, nothing written, not an error. */
	assert_int_equal(import(f, &w, JAN, false, rep), SN_OK);
	assert_int_equal(rep->added, 0);
	assert_int_equal(rep->duplicates, 5);
	assert_int_equal(rep->import_id, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_imports"), 2);
	assert_int_equal(n_audit(f, "dp.import"), 2);
	assert_false(store_in_tx(f->s));

	/* The ledger, in order, with its balance. */
	dp_entry *e = NULL;
	size_t n = 0;
	assert_int_equal(dp_entries(f->s, w.acct.id, f->a, &e, &n), SN_OK);
	assert_int_equal(n, 7);
	assert_string_equal(e[0].on_date, "2026-01-01");
	assert_int_equal(e[0].kind, DP_PAYMENT_IN);
	assert_true(e[0].import_id > 0);
	assert_int_equal(strlen(e[0].fingerprint), 64);
	assert_int_equal(e[6].balance_pence, 100000 - 40000 - 250 * 3 - 1500 + 50000);
	bool known = false;
	assert_int_equal(dp_fingerprint_known(f->s, w.acct.id, e[2].fingerprint, &known), SN_OK);
	assert_true(known);
	assert_int_equal(dp_fingerprint_known(f->s, w.acct.id, "nope", &known), SN_OK);
	assert_false(known);
	/* The report as JSON. */
	assert_int_equal(import(f, &w, LATE_JAN, true, rep), SN_OK);
	json_t *j = dp_import_report_to_json(rep, &w.acct, SN_OK, true);
	assert_string_equal(json_string_value(json_object_get(j, "result")), "checked");
	assert_int_equal(json_array_size(json_object_get(j, "duplicates")), 5);
	assert_int_equal(json_array_size(json_object_get(j, "new")), 0);
	json_decref(j);
	free(rep);
}

static void test_dry_run_changes_nothing(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	dp_import_report *rep = calloc(1, sizeof *rep);
	int64_t audits = count(f, "SELECT count(*) FROM audit");
	assert_int_equal(import(f, &w, JAN, true, rep), SN_OK);
	assert_int_equal(rep->added, 5);
	assert_int_equal(rep->import_id, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_imports"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits);
	assert_int_equal(import(f, &w, JAN, false, rep), SN_OK);
	assert_int_equal(import(f, &w, LATE_JAN, true, rep), SN_OK);
	assert_int_equal(rep->added, 2);
	assert_int_equal(rep->duplicates, 3);
	assert_true(rep->st.rows[0].duplicate && !rep->st.rows[3].duplicate);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 5);
	free(rep);
}

static void test_bad_row_imports_nothing(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	dp_import_report *rep = calloc(1, sizeof *rep);
	int64_t audits = count(f, "SELECT count(*) FROM audit");
	const char *csv = "Date,Description,Amount\n"
			  "01/01/2026,Council,100.00\n"
			  "32/01/2026,Shop,-1.00\n"
			  "03/01/2026,Shop,-1.00\n";
	assert_int_equal(import(f, &w, csv, false, rep), SN_EINPUT);
	assert_int_equal(rep->st.bad_rows, 1);
	assert_string_equal(rep->st.problems[0].text, "row 3: date '32/01/2026': not a real date");
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_imports"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits);
	/* A file refused whole, and a mapping that does not fit. */
	assert_int_equal(import(f, &w, "Date,Amount\n01/01/2026,1\n", false, rep), SN_EINPUT);
	assert_non_null(strstr(rep->error, "cannot tell the columns"));
	dp_import_opts o = {.spec = "date=Day"};
	assert_int_equal(dp_import(f->s, &w.acct, JAN, strlen(JAN), &o, f->a, rep), SN_EINPUT);
	assert_non_null(strstr(rep->error, "mapping: date: no column headed 'Day'"));
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 0);
	json_t *j = dp_import_report_to_json(rep, &w.acct, SN_EINPUT, false);
	assert_string_equal(json_string_value(json_object_get(j, "result")), "refused");
	assert_non_null(json_string_value(json_object_get(j, "error")));
	json_decref(j);
	free(rep);
}

/* The store refuses the third row (a trigger): the two before it are
 * rolled back with the import row, and no audit entry is left. */
static void test_failure_midway_leaves_nothing(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	const char *trigger =
		store_kind_of(f->s) == STORE_SQLITE
			? "CREATE TRIGGER boom BEFORE INSERT ON dp_entries WHEN NEW.description = "
			  "'BOOM' BEGIN SELECT RAISE(ABORT, 'boom'); END"
			: "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
			  "IF NEW.description = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF; "
			  "RETURN NEW; END $$; CREATE TRIGGER boom BEFORE INSERT ON dp_entries "
			  "FOR EACH ROW EXECUTE FUNCTION boom()";
	assert_int_equal(store_exec(f->s, trigger), SN_OK);
	int64_t audits = count(f, "SELECT count(*) FROM audit");
	const char *csv = "Date,Description,Amount\n"
			  "01/01/2026,Council,100.00\n"
			  "02/01/2026,Shop,-1.00\n"
			  "03/01/2026,BOOM,-1.00\n"
			  "04/01/2026,Shop,-1.00\n";
	dp_import_report *rep = calloc(1, sizeof *rep);
	sn_err e = import(f, &w, csv, false, rep);
	assert_int_not_equal(e, SN_OK);
	assert_int_not_equal(e, SN_EINPUT);
	assert_non_null(strstr(rep->error, "the database failed"));
	assert_int_equal(rep->import_id, 0);
	assert_false(store_in_tx(f->s));
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_imports"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits);
	/* Without the bad row the same store takes it. */
	const char *good = "Date,Description,Amount\n01/01/2026,Council,100.00\n";
	assert_int_equal(import(f, &w, good, false, rep), SN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 1);
	free(rep);
}

static void test_import_as_a_user(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	web_user *u = fixture_load(f, w.worker);
	dp_import_report *rep = calloc(1, sizeof *rep);
	dp_import_opts o = {.file_name = "jan.csv", .user = u, .basis = ACCESS_WORKER};
	assert_int_equal(dp_import(f->s, &w.acct, JAN, strlen(JAN), &o, f->a, rep), SN_OK);
	int64_t k = 0;
	assert_int_equal(store_one_i64(f->s, &k, "SELECT count(*) FROM audit WHERE action = "
				       "'dp.import' AND actor = ? AND reason = 'assigned worker'", "t", u->uuid),
			 SN_OK);
	assert_int_equal(k, 1);
	assert_int_equal(store_one_i64(f->s, &k, "SELECT count(*) FROM dp_entries WHERE "
				       "created_by = ?", "t", u->uuid),
			 SN_OK);
	assert_int_equal(k, 5);
	assert_int_equal(store_one_i64(f->s, &k, "SELECT count(*) FROM dp_imports WHERE "
				       "imported_by = ? AND file_name = 'jan.csv'", "t", u->uuid),
			 SN_OK);
	assert_int_equal(k, 1);
	free(rep);
}

static dp_entry entry(const char *date, dp_kind k, int64_t pence, const char *line)
{
	dp_entry e = {.kind = k, .amount_pence = pence, .description = "by hand"};
	snprintf(e.on_date, sizeof e.on_date, "%s", date);
	snprintf(e.plan_line, sizeof e.plan_line, "%s", line);
	return e;
}

static void test_entries_by_hand(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	int64_t a = w.acct.id, id1 = 0, id2 = 0, id3 = 0;
	dp_entry e = entry("2026-01-01", DP_PAYMENT_IN, 10000, "");
	assert_int_equal(dp_entry_add(f->s, a, &e, "system", NOW, &id1), SN_OK);
	e = entry("2026-01-02", DP_SPEND, -3000, "");
	assert_int_equal(dp_entry_add(f->s, a, &e, "system", NOW, &id2), SN_OK);
	/* Put right: the spend moved to the plan's PA line. */
	e = entry("2026-01-03", DP_CORRECTION, 3000, "");
	e.corrects = id2;
	assert_int_equal(dp_entry_add(f->s, a, &e, "system", NOW, &id3), SN_OK);
	e = entry("2026-01-03", DP_CORRECTION, -3000, "pa");
	e.corrects = id2;
	assert_int_equal(dp_entry_add(f->s, a, &e, "system", NOW, NULL), SN_OK);
	/* Wrong signs, kinds, dates, lines and corrections change nothing. */
	dp_entry bad[] = {
		entry("2026-01-01", DP_PAYMENT_IN, -1, ""),
		entry("2026-01-01", DP_SPEND, 1, ""),
		entry("2026-01-01", DP_REFUND, 0, ""),
		entry("2026-01-01", DP_RECLAIM, 5, ""),
		entry("2026-01-01", DP_CORRECTION, 5, ""),   /* corrects nothing */
		entry("2026-01-01", DP_N_KINDS, 5, ""),
		entry("01/01/2026", DP_PAYMENT_IN, 5, ""),
		entry("2026-01-01", DP_SPEND, -5, "PA Line"),
		entry("2026-01-01", DP_PAYMENT_IN, DP_AMOUNT_MAX_PENCE + 1, ""),
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++)
		assert_int_equal(dp_entry_add(f->s, a, &bad[i], "system", NOW, NULL), SN_EINPUT);
	e = entry("2026-01-04", DP_CORRECTION, 5, "");
	e.corrects = 999999; /* no such entry (or another account's) */
	assert_int_equal(dp_entry_add(f->s, a, &e, "system", NOW, NULL), SN_EINPUT);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_entries"), 4);

	dp_entry *rows = NULL;
	size_t n = 0;
	assert_int_equal(dp_entries(f->s, a, f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 4);
	assert_int_equal(rows[1].id, id2);
	assert_int_equal(rows[2].corrects, id2);
	assert_int_equal(rows[3].balance_pence, 7000);
	assert_string_equal(rows[3].plan_line, "pa");
	/* The corrected spend is no longer outside the plan. */
	dp_alert *x = NULL;
	size_t nx = 0;
	const char *const lines[] = {"pa"};
	assert_int_equal(dp_alerts(rows, n, &w.acct.settings, lines, 1, "2026-01-31", f->a, &x, &nx),
			 SN_OK);
	for (size_t i = 0; i < nx; i++)
		assert_int_not_equal(x[i].kind, DP_ALERT_OUTSIDE_PLAN);
	json_t *j = dp_entry_to_json(&rows[2]);
	assert_int_equal(json_integer_value(json_object_get(j, "corrects")), id2);
	assert_false(json_is_true(json_object_get(j, "imported")));
	json_decref(j);
}

static void test_returns_once_a_quarter(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	dp_import_report *rep = calloc(1, sizeof *rep);
	assert_int_equal(import(f, &w, JAN, false, rep), SN_OK);
	dp_entry *e = NULL;
	size_t n = 0;
	assert_int_equal(dp_entries(f->s, w.acct.id, f->a, &e, &n), SN_OK);
	dp_quarter q;
	assert_int_equal(dp_quarter_figures(e, n, "2026-03-31", f->a, &q), SN_OK);
	int64_t person_user = fixture_user(f, "rose@example.test", R_RESIDENT);
	int64_t id = 0;
	assert_int_equal(dp_return_submit(f->s, w.acct.id, &q, "All spent on my PA and the "
					  "allotment.", person_user, NOW, &id),
			 SN_OK);
	assert_int_equal(dp_return_submit(f->s, w.acct.id, &q, "again", person_user, NOW, &id),
			 SN_ECONFLICT);
	char big[4100];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_int_equal(dp_quarter_figures(e, n, "2026-04-01", f->a, &q), SN_OK);
	assert_int_equal(dp_return_submit(f->s, w.acct.id, &q, big, person_user, NOW, &id),
			 SN_EINPUT);
	assert_int_equal(dp_return_submit(f->s, w.acct.id, &q, NULL, person_user, NOW, &id), SN_OK);
	dp_return_row *r = NULL;
	assert_int_equal(dp_returns(f->s, w.acct.id, f->a, &r, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].quarter_start, "2026-04-01");
	assert_string_equal(r[1].quarter_start, "2026-01-01");
	assert_string_equal(r[1].statement, "All spent on my PA and the allotment.");
	assert_int_equal(r[1].submitted_by, person_user);
	json_t *t = json_loads(r[1].totals, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(t, "closing_pence")), 58000);
	assert_int_equal(json_integer_value(json_object_get(t, "in_pence")), 100000);
	assert_int_equal(json_integer_value(json_object_get(t, "out_pence")), 42000);
	json_decref(t);
	free(rep);
}

static void test_assistants_and_timesheets(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	dp_assistant pa = {.name = "Sam Wood", .hourly_rate_pence = 1250,
			   .contracted_minutes_week = 600, .holiday_minutes_year = 3360};
	snprintf(pa.started_on, sizeof pa.started_on, "2025-06-16");
	int64_t id = 0;
	assert_int_equal(dp_assistant_add(f->s, w.acct.id, &pa, &id), SN_OK);
	dp_assistant bad = pa;
	bad.name = "";
	assert_int_equal(dp_assistant_add(f->s, w.acct.id, &bad, &id), SN_EINPUT);
	dp_timesheet t = {.week_start = "2026-01-05", .worked_minutes = 600, .gross_pence = 12500};
	assert_int_equal(dp_timesheet_put(f->s, id, &t, w.worker, NOW), SN_OK);
	t.worked_minutes = 540; /* the same week again replaces it */
	t.holiday_minutes = 60;
	assert_int_equal(dp_timesheet_put(f->s, id, &t, w.worker, NOW), SN_OK);
	dp_timesheet t2 = {.week_start = "2026-01-12", .holiday_minutes = 600, .gross_pence = 12500};
	assert_int_equal(dp_timesheet_put(f->s, id, &t2, w.worker, NOW), SN_OK);
	dp_timesheet tb = {.week_start = "2026-01-13", .worked_minutes = 1};
	assert_int_equal(dp_timesheet_put(f->s, id, &tb, w.worker, NOW), SN_EINPUT);
	assert_int_equal(count(f, "SELECT count(*) FROM dp_timesheets"), 2);

	dp_assistant *pas = NULL;
	dp_timesheet *ts = NULL;
	size_t n = 0, m = 0;
	assert_int_equal(dp_assistants(f->s, w.acct.id, f->a, &pas, &n), SN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(pas[0].name, "Sam Wood");
	assert_string_equal(pas[0].ended_on, "");
	assert_int_equal(dp_timesheets(f->s, pas[0].id, f->a, &ts, &m), SN_OK);
	assert_int_equal(m, 2);
	assert_int_equal(ts[0].worked_minutes, 540);
	dp_pa_year y;
	assert_int_equal(dp_pa_year_of(&pas[0], ts, m, "2026-02-01", &y), SN_OK);
	assert_int_equal(y.holiday_minutes, 660);
	assert_int_equal(y.holiday_left_minutes, 2700);
	assert_int_equal(y.worked_minutes, 540);
}

#define TESTS(setup, teardown)                                                                     \
	{                                                                                          \
		cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),                   \
		cmocka_unit_test_setup_teardown(test_import_and_duplicates, setup, teardown),      \
		cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing, setup, teardown),    \
		cmocka_unit_test_setup_teardown(test_bad_row_imports_nothing, setup, teardown),    \
		cmocka_unit_test_setup_teardown(test_failure_midway_leaves_nothing, setup,         \
						teardown),                                         \
		cmocka_unit_test_setup_teardown(test_import_as_a_user, setup, teardown),           \
		cmocka_unit_test_setup_teardown(test_entries_by_hand, setup, teardown),            \
		cmocka_unit_test_setup_teardown(test_returns_once_a_quarter, setup, teardown),     \
		cmocka_unit_test_setup_teardown(test_assistants_and_timesheets, setup, teardown),  \
	}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = TESTS(fixture_setup, fixture_teardown);
	int failed = cmocka_run_group_tests_name("dp store (SQLite)", sqlite_tests, NULL, NULL);
	if (pg_base()) {
		const struct CMUnitTest pg_tests[] = TESTS(pg_setup, pg_teardown);
		failed += cmocka_run_group_tests_name("dp store (PostgreSQL)", pg_tests, NULL, NULL);
	}
	return failed;
}
