/* Unit tests for intake/intake_store: a request sent, read, listed, taken once and linked to the person record, closed once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "intake/intake.h"
#include "people/people.h"

#define NOW "2026-01-05T10:00:00Z"

static void submit(fixture *f, const char *given_name, char uuid[static 37])
{
	intake_new n = {.source = "self_check", .given_name = given_name, .family_name = "Hart",
			.date_of_birth = "", .phone = "01632 960 001", .email = "",
			.postcode = "AV1 2AB", .for_whom = "self",
			.answers = "{\"set_id\":\"daily-living\",\"given\":{}}",
			.summary = "May be eligible.", .may_be_eligible = true, .actor = "anonymous"};
	assert_int_equal(intake_submit(f->s, &n, uuid, NULL), SN_OK);
}

static void test_submit_find_queue(void **state)
{
	fixture *f = *state;
	char a[37], b[37];
	submit(f, "Ann", a);
	submit(f, "Bob", b);
	intake_request x;
	assert_int_equal(intake_find(f->s, a, f->a, &x), SN_OK);
	assert_string_equal(x.uuid, a);
	assert_string_equal(x.status, "new");
	assert_string_equal(x.given_name, "Ann");
	assert_string_equal(x.dob, "");
	assert_string_equal(x.person_uuid, "");
	assert_true(x.may_be_eligible);
	assert_int_equal(intake_find(f->s, "00000000-0000-4000-8000-000000000000", f->a, &x),
			 SN_ENOTFOUND);
	intake_queue_row *rows;
	size_t n;
	assert_int_equal(intake_queue(f->s, "new", f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].given_name, "Ann");
	assert_string_equal(rows[0].source, "self_check");
	assert_string_equal(rows[0].taken_by, "");
	assert_int_equal(intake_queue(f->s, "taken", f->a, &rows, &n), SN_OK);
	assert_int_equal(n, 0);
}

static void test_take_and_close_once(void **state)
{
	fixture *f = *state;
	char a[37], b[37], puuid[37];
	submit(f, "Ann", a);
	submit(f, "Bob", b);
	int64_t worker = fixture_user(f, "worker@example.test", R_WORKER);
	intake_request x;
	assert_int_equal(intake_find(f->s, a, f->a, &x), SN_OK);
	int64_t pid = 0;
	uuid_v4(puuid);
	person_new pn = {.given_name = x.given_name, .family_name = x.family_name,
			 .date_of_birth = x.dob, .postcode = x.postcode};
	assert_int_equal(people_add(f->s, &pn, puuid, NOW, &pid), SN_OK);
	assert_int_equal(intake_mark_taken(f->s, x.id, worker, pid, NOW), SN_OK);
	assert_int_equal(intake_mark_taken(f->s, x.id, worker, pid, NOW), SN_ECONFLICT);
	assert_int_equal(intake_mark_closed(f->s, x.id, "duplicate"), SN_ECONFLICT);
	assert_int_equal(intake_find(f->s, a, f->a, &x), SN_OK);
	assert_string_equal(x.status, "taken");
	assert_string_equal(x.taken_by, "Test User");
	assert_string_equal(x.person_uuid, puuid);
	/* The assessment form starts from the answers linked to the person. */
	const char *answers = NULL;
	assert_int_equal(intake_selfcheck_answers(f->s, pid, f->a, &answers), SN_OK);
	assert_non_null(answers);
	assert_non_null(strstr(answers, "daily-living"));
	assert_int_equal(intake_selfcheck_answers(f->s, pid + 1, f->a, &answers), SN_OK);
	assert_null(answers);

	assert_int_equal(intake_find(f->s, b, f->a, &x), SN_OK);
	assert_int_equal(intake_mark_closed(f->s, x.id, "duplicate"), SN_OK);
	assert_int_equal(intake_mark_closed(f->s, x.id, "duplicate"), SN_ECONFLICT);
	assert_int_equal(intake_find(f->s, b, f->a, &x), SN_OK);
	assert_string_equal(x.status, "closed");
	assert_string_equal(x.closed_reason, "duplicate");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_submit_find_queue, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_take_and_close_once, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
