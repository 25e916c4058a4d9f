/* Unit tests for people/people_store: NHS numbers, people_find, and the writes and lists the pages and the demo use. */
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
#include "people/people.h"

/* The modulus 11 check digit of nine digits: 0..9, or 10 when no valid
 * number starts with them. */
static int check_digit(const char *nine)
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (nine[i] - '0') * (10 - i);
	int c = 11 - sum % 11;
	return c == 11 ? 0 : c;
}

static void test_nhs_known_valid(void **state)
{
	(void)state;
	/* Published examples, checked by hand: 9434765919 has weighted sum
	 * 299, 299 mod 11 = 2, check 11 - 2 = 9. */
	assert_true(people_nhs_number_valid("9434765919"));
	assert_true(people_nhs_number_valid("4010232137"));
	/* Remainder 0 gives check digit 0, not 11: 0000000000, and
	 * 0100000010 (weighted sum 1*9 + 1*2 = 11). */
	assert_true(people_nhs_number_valid("0000000000"));
	assert_int_equal(check_digit("010000001"), 0);
	assert_true(people_nhs_number_valid("0100000010"));
	assert_false(people_nhs_number_valid("0100000011"));
	/* Computed ones, with every check digit 0..9 represented. */
	rng r;
	rng_seed(&r, 11);
	int seen[11] = {0};
	int valid = 0;
	for (int i = 0; i < 5000; i++) {
		char d[11];
		for (int k = 0; k < 9; k++)
			d[k] = (char)('0' + rng_below(&r, 10));
		int c = check_digit(d);
		seen[c]++;
		d[10] = 0;
		if (c == 10) {
			/* No final digit makes a valid number. */
			for (int last = 0; last <= 9; last++) {
				d[9] = (char)('0' + last);
				if (people_nhs_number_valid(d))
					fail_msg("%s accepted though its check digit is 10", d);
			}
			continue;
		}
		d[9] = (char)('0' + c);
		if (!people_nhs_number_valid(d))
			fail_msg("valid %s refused", d);
		valid++;
		/* Every other final digit is wrong. */
		d[9] = (char)('0' + (c + 1 + (int)rng_below(&r, 9)) % 10);
		if (people_nhs_number_valid(d))
			fail_msg("%s accepted with a wrong check digit", d);
	}
	for (int c = 0; c <= 10; c++)
		assert_true(seen[c] > 0);
	assert_true(valid > 4000);
}

static void test_nhs_invalid(void **state)
{
	(void)state;
	/* Wrong check digit. */
	assert_false(people_nhs_number_valid("9434765918"));
	assert_false(people_nhs_number_valid("9434765910"));
	/* Check digit 10: 123456789 has sum 210, remainder 1. */
	assert_int_equal(check_digit("123456789"), 10);
	for (char last = '0'; last <= '9'; last++) {
		char d[11] = "123456789X";
		d[9] = last;
		assert_false(people_nhs_number_valid(d));
	}
	/* A swap of two digits is caught. */
	assert_false(people_nhs_number_valid("4934765919"));
	/* Letters, spaces, signs and wrong lengths. */
	assert_false(people_nhs_number_valid("943476591A"));
	assert_false(people_nhs_number_valid("A434765919"));
	assert_false(people_nhs_number_valid("943 476 5919"));
	assert_false(people_nhs_number_valid("943-476-59"));
	assert_false(people_nhs_number_valid("+434765919"));
	assert_false(people_nhs_number_valid("943476591"));
	assert_false(people_nhs_number_valid("94347659190"));
	assert_false(people_nhs_number_valid(""));
	assert_false(people_nhs_number_valid(NULL));
	/* Non-ASCII digits are not digits. */
	assert_false(people_nhs_number_valid("943476591\xd9\xa9"));
}

/* ---- people_find on a temporary store ---- */

static void test_people_find(void **state)
{
	(void)state;
	char dir[] = "/tmp/sn-test-people-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64], err[256] = "";
	snprintf(path, sizeof path, "%s/t.db", dir);
	store *s = NULL;
	int applied = 0;
	assert_int_equal(store_open(path, true, &s, err, sizeof err), SN_OK);
	assert_int_equal(store_migrate(s, &applied, err, sizeof err), SN_OK);
	char loc_uuid[37], p1[37], p2[37];
	uuid_v4(loc_uuid);
	uuid_v4(p1);
	uuid_v4(p2);
	assert_int_equal(store_run(s, "INSERT INTO localities(uuid, name) VALUES (?,?)", "tt",
				   loc_uuid, "Northam"),
			 SN_OK);
	int64_t loc = store_last_id(s);
	const char *now = "2026-01-01T00:00:00Z";
	assert_int_equal(store_run(s, "INSERT INTO people(uuid, given_name, family_name, "
				      "date_of_birth, nhs_number, postcode, locality_id, "
				      "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
				   "ttttttitt", p1, "Alex", "O'Neill", "1950-02-03", "9434765919",
				   "SW1A 1AA", loc, now, now),
			 SN_OK);
	int64_t id1 = store_last_id(s);
	assert_int_equal(store_run(s, "INSERT INTO people(uuid, given_name, family_name, "
				      "created_at, updated_at) VALUES (?,?,?,?,?)",
				   "ttttt", p2, "Bo", "Sparse", now, now),
			 SN_OK);

	arena *a = arena_new();
	person *p = NULL;
	assert_int_equal(people_find(s, p1, a, &p), SN_OK);
	assert_int_equal(p->id, id1);
	assert_string_equal(p->uuid, p1);
	assert_string_equal(p->given_name, "Alex");
	assert_string_equal(p->family_name, "O'Neill");
	assert_string_equal(p->date_of_birth, "1950-02-03");
	assert_string_equal(p->nhs_number, "9434765919");
	assert_string_equal(p->postcode, "SW1A 1AA");
	assert_string_equal(p->locality, "Northam");
	assert_int_equal(p->user_id, 0);
	/* Missing optional fields come back empty, not NULL. */
	assert_int_equal(people_find(s, p2, a, &p), SN_OK);
	assert_string_equal(p->family_name, "Sparse");
	assert_string_equal(p->nhs_number, "");
	assert_string_equal(p->locality, "");
	assert_string_equal(p->date_of_birth, "");
	/* No such uuid. */
	person *none = NULL;
	assert_int_equal(people_find(s, "00000000-0000-4000-8000-000000000000", a, &none),
			 SN_ENOTFOUND);
	assert_null(none);
	assert_int_equal(people_find(s, "", a, &none), SN_ENOTFOUND);
	arena_free(a);
	store_close(s);
	char f[96];
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < SN_ARRAY_LEN(suffix); i++) {
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	assert_int_equal(rmdir(dir), 0);
}

/* ---- writes and lists ---- */

static void test_people_writes_and_lists(void **state)
{
	fixture *f = *state;
	const char *now = "2026-01-01T00:00:00Z";
	int64_t loc = 0, count = -1;
	char lu[37], p1[37], p2[37];
	uuid_v4(lu);
	uuid_v4(p1);
	uuid_v4(p2);
	assert_int_equal(people_count(f->s, &count), SN_OK);
	assert_int_equal(count, 0);
	assert_int_equal(people_add_locality(f->s, lu, "Northam", &loc), SN_OK);
	int64_t resident = fixture_user(f, "resident@example.test", R_RESIDENT);
	int64_t worker = fixture_user(f, "worker@example.test", R_WORKER);
	/* A full record with its own account, and a sparse one. */
	person_new full = {.given_name = "Alex", .family_name = "Zeller",
			   .date_of_birth = "1950-02-03", .nhs_number = "9434765919",
			   .postcode = "SW1A 1AA", .locality_id = loc, .user_id = resident};
	person_new sparse = {.given_name = "Bo", .family_name = "Abbot", .date_of_birth = "",
			     .postcode = ""};
	int64_t id1 = 0, id2 = 0;
	assert_int_equal(people_add(f->s, &full, p1, now, &id1), SN_OK);
	assert_int_equal(people_add(f->s, &sparse, p2, now, &id2), SN_OK);
	assert_int_equal(people_count(f->s, &count), SN_OK);
	assert_int_equal(count, 2);
	person *p = NULL;
	assert_int_equal(people_find(f->s, p1, f->a, &p), SN_OK);
	assert_int_equal(p->id, id1);
	assert_string_equal(p->locality, "Northam");
	assert_int_equal(p->user_id, resident);
	assert_int_equal(people_find(f->s, p2, f->a, &p), SN_OK);
	assert_string_equal(p->date_of_birth, "");
	assert_int_equal(p->user_id, 0);

	const char *mine = NULL;
	assert_int_equal(people_uuid_of_user(f->s, resident, f->a, &mine), SN_OK);
	assert_string_equal(mine, p1);
	assert_int_equal(people_uuid_of_user(f->s, worker, f->a, &mine), SN_OK);
	assert_null(mine);
	assert_int_equal(people_set_postcode(f->s, id2, "AV1 2AB", now), SN_OK);
	assert_int_equal(people_find(f->s, p2, f->a, &p), SN_OK);
	assert_string_equal(p->postcode, "AV1 2AB");

	/* The worker is Alex's worker and named by Alex too; Bo's worker. */
	assert_int_equal(people_relate(f->s, id1, worker, "worker", now), SN_OK);
	assert_int_equal(people_relate(f->s, id1, worker, "named", now), SN_OK);
	assert_int_equal(people_relate(f->s, id2, worker, "worker", now), SN_OK);
	people_caseload_row *rows;
	size_t n;
	assert_int_equal(people_caseload(f->s, worker, true, f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].family_name, "Abbot");
	assert_false(rows[0].named);
	assert_string_equal(rows[1].family_name, "Zeller");
	assert_true(rows[1].named);
	assert_string_equal(rows[1].locality, "Northam");
	/* Without the worker role, only the people who named them. */
	assert_int_equal(people_caseload(f->s, worker, false, f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].uuid, p1);

	people_circle_row *circle;
	assert_int_equal(people_circle(f->s, id1, f->a, &circle, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_false(circle[0].worker); /* 'named' sorts before 'worker' */
	assert_true(circle[1].worker);

	/* The access log: newest first, at most max. */
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", p1);
	for (int i = 0; i < 3; i++) {
		audit_entry e = {"system", "worker", i == 2 ? "person.update" : "person.read", rec, ""};
		assert_int_equal(audit_append(f->s, &e), SN_OK);
	}
	people_access_row *log;
	assert_int_equal(people_access_log(f->s, p1, 2, f->a, &log, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(log[0].action, "person.update");
	assert_string_equal(log[0].who, "system");
}

int main(void)
{
	if (base_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nhs_known_valid),
		cmocka_unit_test(test_nhs_invalid),
		cmocka_unit_test(test_people_find),
		cmocka_unit_test_setup_teardown(test_people_writes_and_lists, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
