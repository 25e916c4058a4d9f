/* Unit tests for costs/costs_store.c on a fresh SQLite store: rows linked
 * by NHS number to the one living record (none, two, or only a merged one:
 * refused, each by its row); a dry run stores nothing; an import stores the
 * rest with its record and audit; the same rows again are not counted
 * twice; the table's rows by person and stage; the cost-benefit cohort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "costs/costs.h"
#include "people/people.h"

#define NOW "2026-06-30T10:00:00Z"

static int64_t add_person(store *s, const char *nhs, const char *dob)
{
	char uuid[37];
	uuid_v4(uuid);
	person_new n = {.given_name = "Test", .family_name = "Person", .date_of_birth = dob, .nhs_number = nhs};
	int64_t id = 0;
	assert_int_equal(people_add(s, &n, uuid, NOW, &id), SN_OK);
	return id;
}

static int64_t count(store *s, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(s, &n, sql, ""), SN_OK);
	return n;
}

static void test_import(void **state)
{
	fixture *f = *state;
	store *s = f->s;
	int64_t rose = add_person(s, "9434765919", "1940-03-01");
	add_person(s, "9999999999", "2000-01-01"); /* two records with one number */
	add_person(s, "9999999999", "2000-01-01");
	int64_t merged = add_person(s, "1000000001", "1950-01-01"), kept = add_person(s, "", "1950-01-01");
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE people SET merged_into = %lld WHERE id = %lld", (long long)kept,
		 (long long)merged);
	assert_int_equal(store_exec(s, sql), SN_OK);
	const char *csv = "nhs_number,date,setting,cost_pence\n"
			  "943 476 5919,2026-01-02,gp,4200\n"  /* 2: Rose */
			  "9999999999,2026-01-02,gp,4200\n"    /* 3: two people */
			  "1000000001,2026-01-02,gp,4200\n"    /* 4: merged away only */
			  "9434765918,2026-01-02,gp,4200\n"    /* 5: check digit */
			  "9434765919,2026-01-03,a&e,25000\n"; /* 6: Rose */
	costs_extract x;
	costs_import_result res;
	assert_int_equal(costs_read(csv, strlen(csv), "2026-06-30", f->a, &x), SN_OK);
	assert_int_equal(x.n_rows, 4);
	costs_import_opts o = {.file_name = "/tmp/x/extract.csv", .by = "cli:test", .dry_run = true};
	assert_int_equal(costs_import(s, &x, "ab", &o, f->a, &res), SN_OK);
	assert_int_equal(res.stored, 2);
	assert_int_equal(res.ambiguous, 1);
	assert_int_equal(res.unknown, 1);
	assert_int_equal(x.bad_rows, 3);
	assert_string_equal(x.problems[0], "row 5: nhs_number: the check digit does not match");
	assert_string_equal(x.problems[1], "row 3: more than one person has this NHS number: not linked");
	assert_string_equal(x.problems[2], "row 4: no person with this NHS number");
	assert_int_equal(count(s, "SELECT count(*) FROM pathway_costs"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM cost_imports"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'costs.import'"), 0);
	assert_false(store_in_tx(s));

	assert_int_equal(costs_read(csv, strlen(csv), "2026-06-30", f->a, &x), SN_OK);
	o.dry_run = false;
	assert_int_equal(costs_import(s, &x, "ab", &o, f->a, &res), SN_OK);
	assert_int_equal(res.stored, 2);
	assert_int_equal(strlen(res.import_uuid), 36);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM pathway_costs WHERE person_id = %lld AND age_band = '85+'",
		 (long long)rose);
	assert_int_equal(count(s, sql), 2);
	assert_int_equal(count(s, "SELECT count(*) FROM cost_imports WHERE file_name = 'extract.csv' AND "
				  "imported_by = 'cli:test' AND rows_read = 5 AND rows_stored = 2 AND rows_already = 0 "
				  "AND rows_refused = 3"),
			 1);
	/* one entry on Rose, one on the import */
	assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'costs.import'"), 2);

	/* the same file again: nothing counted twice */
	assert_int_equal(costs_read(csv, strlen(csv), "2026-06-30", f->a, &x), SN_OK);
	assert_int_equal(costs_import(s, &x, "ab", &o, f->a, &res), SN_OK);
	assert_int_equal(res.stored, 0);
	assert_int_equal(res.already, 2);
	assert_int_equal(count(s, "SELECT count(*) FROM pathway_costs"), 2);

	/* the table's rows: Rose in primary care and in urgent care, 85 and over */
	costs_person_stage *ps = NULL;
	size_t n = 0;
	assert_int_equal(costs_people_stages(s, f->a, "2026-01-01", "2026-01-31", &ps, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ps[0].stage, STAGE_PRIMARY);
	assert_int_equal(ps[0].band, 3);
	assert_int_equal(ps[0].pence, 4200);
	assert_int_equal(ps[1].stage, STAGE_URGENT);
	assert_int_equal(ps[1].pence, 25000);
	assert_int_equal(costs_people_stages(s, f->a, "2026-02-01", "2026-02-28", &ps, &n), SN_OK);
	assert_int_equal(n, 0);

	/* the cohort: living people aged 75 or over today: Rose (86) and the
	 * kept record (76), not the one merged into it */
	int64_t c = 0;
	assert_int_equal(costs_cohort_count(s, 75, "2026-06-30", &c), SN_OK);
	assert_int_equal(c, 2);
	assert_int_equal(costs_cohort_count(s, 80, "2026-06-30", &c), SN_OK);
	assert_int_equal(c, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
