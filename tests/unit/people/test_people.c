/* Unit tests for people/people_store: NHS numbers and people_find. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistd.h>

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

int main(void)
{
	if (base_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nhs_known_valid),
		cmocka_unit_test(test_nhs_invalid),
		cmocka_unit_test(test_people_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
