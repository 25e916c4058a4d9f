/* Unit tests for costs/costs_csv.c and costs_table.c: NHS numbers (spaces,
 * the modulus-11 check digit, never guessed), each bad field named by its
 * row, the header's names and their variants, the limits (file, rows,
 * fields, columns), fingerprints that keep identical rows apart, the
 * settings and their stages, and the table's sums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "costs/costs.h"

static arena *A;
#define TODAY "2026-06-30"
/* 943 476 5919: the NHS's own example, its check digit right. */
#define GOOD "9434765919"

static int setup(void **state)
{
	(void)state;
	if (base_init())
		return -1;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static sn_err rd(const char *csv, costs_extract *x)
{
	return costs_read(csv, strlen(csv), TODAY, A, x);
}

static void test_nhs_numbers(void **state)
{
	(void)state;
	char d[11];
	const char *why = NULL;
	assert_int_equal(costs_nhs_number("943 476 5919", d, &why), SN_OK);
	assert_string_equal(d, GOOD);
	assert_int_equal(costs_nhs_number(GOOD, d, &why), SN_OK);
	/* 9+4+3... weights 10..2: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299;
	 * 299 mod 11 = 2; 11 - 2 = 9: the last digit must be 9. */
	assert_int_equal(costs_nhs_number("9434765918", d, &why), SN_EINPUT);
	assert_string_equal(why, "the check digit does not match");
	assert_int_equal(costs_nhs_number("943476591", d, &why), SN_EINPUT);
	assert_string_equal(why, "enter 10 digits, like 943 476 5919");
	assert_int_equal(costs_nhs_number("94347659190", d, &why), SN_EINPUT);
	assert_int_equal(costs_nhs_number("943-476-5919", d, &why), SN_EINPUT);
	assert_int_equal(costs_nhs_number("", d, &why), SN_EINPUT);
	/* A remainder of 1 gives check 10: no number has it. 000 000 001x:
	 * 1*2 = 2, 11 - 2 = 9; 100 000 000x: 1*10 = 10, 11 - 10 = 1. 000 000
	 * 010x: 1*3 = 3 -> 8. 000 000 006x: 6*2 = 12 mod 11 = 1 -> 10: invalid. */
	assert_int_equal(costs_nhs_number("0000000060", d, &why), SN_EINPUT);
	assert_int_equal(costs_nhs_number("1000000001", d, &why), SN_OK);
	/* The test range the demo uses: 999 999 9999 (9 x 54 = 486, mod 11 = 2, 11 - 2 = 9). */
	assert_int_equal(costs_nhs_number("999 999 9999", d, &why), SN_OK);
}

static void test_good_file(void **state)
{
	(void)state;
	costs_extract x;
	/* Other names, another order, an extra column, CRLF, a BOM, blank lines. */
	assert_int_equal(rd("\xEF\xBB\xBF" "Setting,Cost (pence),Notes,NHS Number,Date\r\n"
			    "A&E,25000,x,943 476 5919,2026-01-02\r\n\r\n"
			    "hospital inpatient,350000,,9434765919,2026-06-30\r\n",
			    &x),
			 SN_OK);
	assert_int_equal(x.n_rows, 2);
	assert_int_equal(x.rows_read, 2);
	assert_int_equal(x.bad_rows, 0);
	assert_int_equal(x.rows[0].row, 2);
	assert_string_equal(x.rows[0].nhs, GOOD);
	assert_string_equal(x.rows[0].setting, "a&e");
	assert_int_equal(x.rows[0].pence, 25000);
	assert_string_equal(x.rows[1].setting, "hospital-inpatient");
	assert_int_equal(x.rows[1].row, 4);
}

static void test_bad_rows_named(void **state)
{
	(void)state;
	costs_extract x;
	assert_int_equal(rd("nhs_number,date,setting,cost_pence\n"
			    GOOD ",2026-01-02,gp,4200\n"          /* 2 good */
			    "9434765918,2026-01-02,gp,4200\n"     /* 3 */
			    "94347,2026-01-02,gp,4200\n"          /* 4 */
			    ",2026-01-02,gp,4200\n"               /* 5 */
			    GOOD ",2026-02-29,gp,4200\n"          /* 6: not a leap year */
			    GOOD ",2026-07-01,gp,4200\n"          /* 7: after today */
			    GOOD ",1999-12-31,gp,4200\n"          /* 8: before 2000 */
			    GOOD ",02/01/2026,gp,4200\n"          /* 9 */
			    GOOD ",2026-01-02,dentist,4200\n"     /* 10 */
			    GOOD ",2026-01-02,gp,-1\n"            /* 11 */
			    GOOD ",2026-01-02,gp,42.00\n"         /* 12 */
			    GOOD ",2026-01-02,gp,100000001\n"     /* 13: over £1,000,000 */
			    GOOD ",2024-02-29,gp,100000000\n",    /* 14 good: a leap day, the maximum */
			    &x),
			 SN_OK);
	assert_int_equal(x.n_rows, 2);
	assert_int_equal(x.rows[1].row, 14);
	assert_int_equal(x.bad_rows, 11);
	assert_int_equal(x.rows_read, 14 - 1);
	const char *want[] = {
		"row 3: nhs_number: the check digit does not match",
		"row 4: nhs_number: enter 10 digits, like 943 476 5919",
		"row 5: nhs_number: missing",
		"row 6: date: '2026-02-29' is not a date from 2000-01-01 to today as YYYY-MM-DD",
		"row 7: date: '2026-07-01' is not a date from 2000-01-01 to today as YYYY-MM-DD",
		"row 8: date: '1999-12-31' is not a date from 2000-01-01 to today as YYYY-MM-DD",
		"row 9: date: '02/01/2026' is not a date from 2000-01-01 to today as YYYY-MM-DD",
		"row 10: setting: 'dentist' is not one of the settings (docs/costs.md)",
		"row 11: cost_pence: '-1' is not whole pence from 0 to 100000000",
		"row 12: cost_pence: '42.00' is not whole pence from 0 to 100000000",
		"row 13: cost_pence: '100000001' is not whole pence from 0 to 100000000",
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(want); i++)
		assert_string_equal(x.problems[i], want[i]);
}

static void test_refused_whole(void **state)
{
	(void)state;
	costs_extract x;
	assert_int_equal(rd("", &x), SN_EINPUT);
	assert_non_null(strstr(x.error, "empty"));
	assert_int_equal(rd("nhs_number,date,cost_pence\n" GOOD ",2026-01-02,1\n", &x), SN_EINPUT);
	assert_string_equal(x.error, "row 1: the header has no setting column (it needs nhs_number, date, setting and "
				     "cost_pence); the file is refused");
	assert_int_equal(rd("nhs_number,NHS No,date,setting,cost_pence\n", &x), SN_EINPUT);
	assert_non_null(strstr(x.error, "two columns are nhs_number"));
	assert_int_equal(rd("nhs_number,date,setting,cost_pence\n\"" GOOD ",2026-01-02,gp,1\n", &x), SN_EINPUT);
	assert_non_null(strstr(x.error, "not well-formed CSV"));
	assert_int_equal(x.n_rows, 0);
}

static void test_limits(void **state)
{
	(void)state;
	costs_extract x;
	char field[COSTS_FIELD_MAX + 2];
	memset(field, 'a', sizeof field - 1);
	field[sizeof field - 1] = 0;
	char *csv = arena_printf(A, "nhs_number,date,setting,cost_pence\n" GOOD ",2026-01-02,%s,1\n", field);
	assert_int_equal(rd(csv, &x), SN_ETOOBIG);
	assert_string_equal(x.error, "row 2: a field is longer than 64 bytes; the file is refused");
	field[COSTS_FIELD_MAX] = 0; /* 64 bytes: read, then refused as a setting */
	csv = arena_printf(A, "nhs_number,date,setting,cost_pence\n" GOOD ",2026-01-02,%s,1\n", field);
	assert_int_equal(rd(csv, &x), SN_OK);
	assert_int_equal(x.bad_rows, 1);
	/* columns */
	buf b;
	buf_init(&b, 64 * 1024 * 1024);
	buf_puts(&b, "nhs_number,date,setting,cost_pence");
	for (int i = 4; i <= COSTS_COLS_MAX; i++)
		buf_puts(&b, ",x");
	buf_puts(&b, "\n");
	assert_int_equal(costs_read(b.data, b.len, TODAY, A, &x), SN_ETOOBIG);
	assert_non_null(strstr(x.error, "more than 32 columns"));
	/* rows: COSTS_ROWS_MAX is fine, one more is not */
	buf_reset(&b);
	buf_puts(&b, "nhs_number,date,setting,cost_pence\n");
	for (int i = 0; i < COSTS_ROWS_MAX; i++)
		buf_puts(&b, GOOD ",2026-01-02,gp,1\n");
	arena *big = arena_new();
	assert_int_equal(costs_read(b.data, b.len, TODAY, big, &x), SN_OK);
	assert_int_equal(x.n_rows, COSTS_ROWS_MAX);
	/* 200,000 identical rows: 200,000 different fingerprints */
	assert_string_not_equal(x.rows[0].fingerprint, x.rows[COSTS_ROWS_MAX - 1].fingerprint);
	buf_puts(&b, GOOD ",2026-01-02,gp,1\n");
	assert_int_equal(costs_read(b.data, b.len, TODAY, big, &x), SN_ETOOBIG);
	assert_string_equal(x.error, "more than 200000 rows; the file is refused");
	arena_free(big);
	/* size */
	assert_int_equal(costs_read(b.data, COSTS_FILE_BYTES_MAX + 1, TODAY, A, &x), SN_ETOOBIG);
	assert_non_null(strstr(x.error, "larger than 20 MiB"));
	buf_free(&b);
}

static void test_fingerprints(void **state)
{
	(void)state;
	costs_extract x, y;
	const char *csv = "nhs_number,date,setting,cost_pence\n" GOOD ",2026-01-02,gp,4200\n"
			  "943 476 5919,2026-01-02,GP,4200\n" GOOD ",2026-01-03,gp,4200\n";
	assert_int_equal(rd(csv, &x), SN_OK);
	assert_int_equal(x.n_rows, 3);
	/* the same row twice (as written differently): two costs */
	assert_string_not_equal(x.rows[0].fingerprint, x.rows[1].fingerprint);
	assert_string_not_equal(x.rows[0].fingerprint, x.rows[2].fingerprint);
	/* the same file again: the same fingerprints */
	assert_int_equal(rd(csv, &y), SN_OK);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(x.rows[i].fingerprint, y.rows[i].fingerprint);
	/* another file with the first row first: its first is the same cost */
	assert_int_equal(rd("nhs_number,date,setting,cost_pence\n" GOOD ",2026-01-03,gp,4200\n" GOOD
			    ",2026-01-02,gp,4200\n",
			    &y),
			 SN_OK);
	assert_string_equal(y.rows[0].fingerprint, x.rows[2].fingerprint);
	assert_string_equal(y.rows[1].fingerprint, x.rows[0].fingerprint);
}

static void test_problems_capped(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 1024 * 1024);
	buf_puts(&b, "nhs_number,date,setting,cost_pence\n");
	for (int i = 0; i < COSTS_PROBLEMS_KEPT + 5; i++)
		buf_puts(&b, "1,2026-01-02,gp,1\n");
	costs_extract x;
	assert_int_equal(costs_read(b.data, b.len, TODAY, A, &x), SN_OK);
	assert_int_equal(x.n_problems, COSTS_PROBLEMS_KEPT);
	assert_int_equal(x.n_more, 5);
	assert_int_equal(x.bad_rows, COSTS_PROBLEMS_KEPT + 5);
	buf_free(&b);
}

static void test_settings_and_stages(void **state)
{
	(void)state;
	assert_string_equal(costs_setting_key("GP"), "gp");
	assert_string_equal(costs_setting_key("Emergency"), "a&e");
	assert_string_equal(costs_setting_key("A&E"), "a&e");
	assert_string_equal(costs_setting_key("Hospital_Outpatient"), "hospital-outpatient");
	assert_string_equal(costs_setting_key("care home"), "social-care-residential");
	assert_string_equal(costs_setting_key("home care"), "social-care-home");
	assert_null(costs_setting_key("dentist"));
	assert_null(costs_setting_key(""));
	assert_int_equal(costs_stage_of("gp"), STAGE_PRIMARY);
	assert_int_equal(costs_stage_of("a&e"), STAGE_URGENT);
	assert_int_equal(costs_stage_of("ambulance"), STAGE_URGENT);
	assert_int_equal(costs_stage_of("hospital-inpatient"), STAGE_HOSPITAL);
	assert_int_equal(costs_stage_of("hospital-outpatient"), STAGE_HOSPITAL);
	assert_int_equal(costs_stage_of("community-health"), STAGE_COMMUNITY);
	assert_int_equal(costs_stage_of("mental-health"), STAGE_COMMUNITY);
	assert_int_equal(costs_stage_of("social-care-residential"), STAGE_SOCIAL_CARE);
	assert_int_equal(costs_stage_of("social-care-home"), STAGE_SOCIAL_CARE);
	assert_int_equal(costs_stage_of("x"), N_STAGES);
	for (size_t i = 0; i < COSTS_N_SETTINGS; i++) {
		assert_true(costs_stage_of(costs_setting_keys[i]) < N_STAGES);
		assert_string_equal(costs_setting_key(costs_setting_keys[i]), costs_setting_keys[i]);
	}
	assert_string_equal(costs_stage_key(STAGE_SOCIAL_CARE), "social-care");
	assert_string_equal(costs_stage_words(STAGE_URGENT), "Urgent and emergency care");
}

static void test_sums(void **state)
{
	(void)state;
	/* Person 1: primary (band 0) and hospital (band 2); person 2: primary
	 * (band 0); person 3: social care (band 4, not known). */
	costs_person_stage ps[] = {{1, STAGE_PRIMARY, 0, 4200}, {1, STAGE_HOSPITAL, 2, 350000},
				   {2, STAGE_PRIMARY, 0, 8400}, {3, STAGE_SOCIAL_CARE, 4, 300000}};
	costs_sums s;
	costs_sum(ps, SN_ARRAY_LEN(ps), &s);
	assert_int_equal(s.people[STAGE_PRIMARY][0], 2);
	assert_int_equal(s.people[STAGE_HOSPITAL][2], 1);
	assert_int_equal(s.people[STAGE_SOCIAL_CARE][4], 1);
	assert_int_equal(s.pence[STAGE_PRIMARY], 4200 + 8400);
	assert_int_equal(s.pence[N_STAGES], 4200 + 350000 + 8400 + 300000);
	assert_int_equal(s.people_all, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nhs_numbers),	  cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_rows_named),	  cmocka_unit_test(test_refused_whole),
		cmocka_unit_test(test_limits),		  cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_problems_capped),	  cmocka_unit_test(test_settings_and_stages),
		cmocka_unit_test(test_sums),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
