/* Unit tests for what the direct-payment pages add to dp's store: an
 * import inside the caller's transaction that imports exactly what a
 * preview showed (dp_import_digest, dp_import_in_txn), the import read
 * back (dp_import_get), and a worker's caseload's open accounts
 * (dp_accounts_of_worker). SQLite; the HTTP tests run them on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "dp/dp.h"
#include "people/people.h"

#define NOW "2026-02-01T10:00:00Z"

static const char *CSV = "Date,Description,Amount\n"
			 "01/01/2026,Ashby Vale Council,1000.00\n"
			 "06/01/2026,Coffee,-2.50\n"
			 "06/01/2026,Coffee,-2.50\n";
static const char *MORE = "Date,Description,Amount\n"
			  "06/01/2026,Coffee,-2.50\n"
			  "06/01/2026,Coffee,-2.50\n"
			  "20/01/2026,Allotment,-15.00\n";

static int64_t add_person(fixture *f, const char *given, int64_t worker, const char *kind)
{
	char uuid[37];
	int64_t id = 0;
	uuid_v4(uuid);
	person_new n = {.given_name = given, .family_name = "Ashdown"};
	assert_int_equal(people_add(f->s, &n, uuid, NOW, &id), SN_OK);
	if (worker)
		assert_int_equal(people_relate(f->s, id, worker, kind, NOW), SN_OK);
	return id;
}

static void open_account(fixture *f, int64_t person_id, int64_t by, dp_account *out)
{
	dp_account_new n = {.person_id = person_id, .opened_on = "2026-01-01"};
	char uuid[37];
	int64_t id;
	assert_int_equal(dp_account_open(f->s, &n, by, NOW, uuid, &id), SN_OK);
	assert_int_equal(dp_account_find(f->s, uuid, f->a, out), SN_OK);
}

static int64_t n_entries(fixture *f, int64_t account_id)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM dp_entries WHERE account_id = ?",
				       "i", account_id), SN_OK);
	return n;
}

/* A preview (dry run) and the digest it shows. */
static void preview(fixture *f, const dp_account *acct, const char *csv, char digest[65],
		    int64_t *added)
{
	dp_import_report rep;
	dp_import_opts o = {.dry_run = true};
	assert_int_equal(dp_import(f->s, acct, csv, strlen(csv), &o, f->a, &rep), SN_OK);
	dp_import_digest(&rep.st, digest);
	*added = rep.added;
}

static sn_err confirm(fixture *f, const dp_account *acct, const char *csv, const char *digest,
		      dp_import_report *rep)
{
	memset(rep, 0, sizeof *rep);
	assert_int_equal(dp_statement_read(csv, strlen(csv), NULL, f->a, &rep->st), SN_OK);
	dp_import_opts o = {.file_name = "jan.csv", .expect_new = digest};
	assert_int_equal(store_begin_write(f->s), SN_OK);
	sn_err rc = dp_import_in_txn(f->s, acct, &o, f->a, rep);
	if (rc)
		store_rollback(f->s);
	else
		assert_int_equal(store_commit(f->s), SN_OK);
	return rc;
}

static void test_exactly_what_was_previewed(void **state)
{
	fixture *f = *state;
	int64_t worker = fixture_user(f, "worker@example.test", R_WORKER);
	dp_account acct;
	open_account(f, add_person(f, "Rose", worker, "worker"), worker, &acct);
	char d1[65], d2[65], again[65];
	int64_t added = 0;
	preview(f, &acct, CSV, d1, &added);
	assert_int_equal(added, 3);
	preview(f, &acct, CSV, again, &added);
	assert_string_equal(d1, again); /* the same file, the same ledger: the same digest */
	preview(f, &acct, MORE, d2, &added);
	assert_string_not_equal(d1, d2);

	dp_import_report rep;
	assert_int_equal(confirm(f, &acct, CSV, d1, &rep), SN_OK);
	assert_true(rep.import_id > 0);
	assert_int_equal(n_entries(f, acct.id), 3);
	dp_import_row im;
	assert_int_equal(dp_import_get(f->s, acct.id, rep.import_id, f->a, &im), SN_OK);
	assert_string_equal(im.file_name, "jan.csv");
	assert_int_equal(im.rows_added, 3);
	assert_int_equal(im.rows_duplicate, 0);
	assert_string_equal(im.file_sha256, rep.st.sha256);
	assert_int_equal(dp_import_get(f->s, acct.id + 1, rep.import_id, f->a, &im), SN_ENOTFOUND);

	/* MORE was previewed before CSV went in: two of its rows are now in the
	 * ledger, so it is refused and nothing is written. */
	int64_t audits = -1, audits_after = -1;
	store_one_i64(f->s, &audits, "SELECT count(*) FROM audit", "");
	assert_int_equal(confirm(f, &acct, MORE, d2, &rep), SN_ECONFLICT);
	assert_int_equal(n_entries(f, acct.id), 3);
	store_one_i64(f->s, &audits_after, "SELECT count(*) FROM audit", "");
	assert_int_equal(audits_after, audits);
	/* Previewed again, it adds only the new row. */
	preview(f, &acct, MORE, d2, &added);
	assert_int_equal(added, 1);
	assert_int_equal(confirm(f, &acct, MORE, d2, &rep), SN_OK);
	assert_int_equal(n_entries(f, acct.id), 4);
	/* Nothing new: nothing written, no import row. */
	preview(f, &acct, MORE, d2, &added);
	assert_int_equal(added, 0);
	assert_int_equal(confirm(f, &acct, MORE, d2, &rep), SN_OK);
	assert_int_equal(rep.import_id, 0);
	assert_int_equal(n_entries(f, acct.id), 4);
	/* Without a digest it imports what is new (the command line's way). */
	assert_int_equal(confirm(f, &acct, MORE, NULL, &rep), SN_OK);
	assert_int_equal(n_entries(f, acct.id), 4);
}

static void test_accounts_of_worker(void **state)
{
	fixture *f = *state;
	int64_t priya = fixture_user(f, "priya@example.test", R_WORKER);
	int64_t tom = fixture_user(f, "tom@example.test", R_WORKER);
	dp_account a, b, c, d;
	open_account(f, add_person(f, "Rose", priya, "worker"), priya, &a);
	open_account(f, add_person(f, "Ann", priya, "worker"), priya, &b);
	open_account(f, add_person(f, "Bob", tom, "worker"), tom, &c);
	/* Someone who named Priya (not her worker), and a closed account. */
	open_account(f, add_person(f, "Cal", priya, "named"), priya, &d);
	int64_t closed_person = add_person(f, "Dee", priya, "worker");
	dp_account e;
	open_account(f, closed_person, priya, &e);
	assert_int_equal(store_run(f->s, "UPDATE dp_accounts SET closed_on = '2026-01-31' WHERE id = ?",
				   "i", e.id), SN_OK);
	dp_caseload_account *rows;
	size_t n;
	assert_int_equal(dp_accounts_of_worker(f->s, priya, f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].person_name, "Ann Ashdown"); /* by family, then given name */
	assert_string_equal(rows[0].acct.uuid, b.uuid);
	assert_string_equal(rows[1].person_name, "Rose Ashdown");
	assert_int_equal(rows[1].acct.settings.underspend_percent, 20);
	assert_int_equal(dp_accounts_of_worker(f->s, tom, f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].acct.uuid, c.uuid);
	assert_int_equal(dp_accounts_of_worker(f->s, 999, f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exactly_what_was_previewed, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_accounts_of_worker, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
