/* Unit tests for a new person's details from the JSON API
 * (people_details_check, pure) and for the merge in the store
 * (people_merge_store.c): what moves, what is refused, the tombstone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "people/people.h"

/* 2026-01-01T00:00:00Z */
#define NOW 1767225600

static const char *bad_field(const person_in *in)
{
	person_new d;
	char pc[9], dob[11];
	const char *field = NULL, *why = NULL;
	sn_err rc = people_details_check(in, NOW, &d, pc, dob, &field, &why);
	if (rc == SN_OK)
		return "";
	assert_int_equal(rc, SN_EINPUT);
	assert_non_null(why);
	return field;
}

static void test_details_check(void **state)
{
	(void)state;
	person_new d;
	char pc[9], dob[11];
	const char *field = NULL, *why = NULL;
	person_in ok = {"Rose", "Ashdown", "1947-03-27", "av12ab", "01632 960 001", "rose@example.test"};
	assert_int_equal(people_details_check(&ok, NOW, &d, pc, dob, &field, &why), SN_OK);
	assert_string_equal(d.date_of_birth, "1947-03-27");
	assert_string_equal(d.postcode, "AV1 2AB");
	assert_string_equal(d.given_name, "Rose");
	/* only the names are required */
	person_in names = {"Rose", "Ashdown", NULL, "", NULL, ""};
	assert_string_equal(bad_field(&names), "");
	char longname[102];
	memset(longname, 'x', 101);
	longname[101] = 0;
	const struct {
		person_in in;
		const char *field;
	} cases[] = {
		{{"", "Ashdown", NULL, NULL, NULL, NULL}, "given_name"},
		{{NULL, "Ashdown", NULL, NULL, NULL, NULL}, "given_name"},
		{{longname, "Ashdown", NULL, NULL, NULL, NULL}, "given_name"},
		{{"Rose", "", NULL, NULL, NULL, NULL}, "family_name"},
		{{"Rose", "Ash\ndown", NULL, NULL, NULL, NULL}, "family_name"},
		{{"Rose", "Ashdown", "2026-01-02", NULL, NULL, NULL}, "birth_date"}, /* tomorrow */
		{{"Rose", "Ashdown", "1947-02-29", NULL, NULL, NULL}, "birth_date"}, /* not a leap year */
		{{"Rose", "Ashdown", "1890-01-01", NULL, NULL, NULL}, "birth_date"}, /* over 130 */
		{{"Rose", "Ashdown", "27/03/1947", NULL, NULL, NULL}, "birth_date"},
		{{"Rose", "Ashdown", "1947-3-27", NULL, NULL, NULL}, "birth_date"},
		{{"Rose", "Ashdown", "1947-03-27T00:00:00Z", NULL, NULL, NULL}, "birth_date"},
		{{"Rose", "Ashdown", "+947-03-27", NULL, NULL, NULL}, "birth_date"},
		{{"Rose", "Ashdown", NULL, "AV1", NULL, NULL}, "postcode"},
		{{"Rose", "Ashdown", NULL, "AV1 2AB AV1 2AB", NULL, NULL}, "postcode"},
		{{"Rose", "Ashdown", NULL, NULL, "123", NULL}, "phone"},
		{{"Rose", "Ashdown", NULL, NULL, "01632 960 001 ext", NULL}, "phone"},
		{{"Rose", "Ashdown", NULL, NULL, NULL, "rose"}, "email"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++)
		assert_string_equal(bad_field(&cases[i].in), cases[i].field);
	/* the first problem wins, in the order of the fields */
	person_in two = {"", "Ashdown", "nope", NULL, NULL, NULL};
	assert_string_equal(bad_field(&two), "given_name");
}

/* ---- the merge in the store ---- */

static int64_t add(fixture *f, const char *given, const char *dob, int64_t user, char uuid[static 37])
{
	person_new n = {.given_name = given, .family_name = "Ashdown", .date_of_birth = dob,
			.user_id = user};
	int64_t id = 0;
	uuid_v4(uuid);
	assert_int_equal(people_add(f->s, &n, uuid, "2026-01-01T00:00:00Z", &id), SN_OK);
	return id;
}

static int64_t count(fixture *f, const char *sql, int64_t id)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, "i", id), SN_OK);
	return n;
}

static void test_merge(void **state)
{
	fixture *f = *state;
	const char *now = "2026-01-02T00:00:00Z";
	int64_t worker = fixture_user(f, "w@example.test", R_WORKER);
	int64_t carer = fixture_user(f, "c@example.test", R_CARER);
	int64_t own = fixture_user(f, "r@example.test", R_RESIDENT);
	char keep[37], dup[37], older[37];
	int64_t k = add(f, "Rose", "1947-03-27", 0, keep);
	int64_t d = add(f, "Rose", "", own, dup); /* the duplicate has the person's account */
	int64_t o = add(f, "Rosie", "", 0, older);
	assert_int_equal(people_relate(f->s, k, worker, "worker", now), SN_OK);
	assert_int_equal(people_relate(f->s, d, worker, "worker", now), SN_OK); /* held by both */
	assert_int_equal(people_relate(f->s, d, carer, "named", now), SN_OK);  /* moves */
	assert_int_equal(people_dup_flag(f->s, d, k, now), SN_OK);
	assert_int_equal(people_dup_flag(f->s, d, k, now), SN_OK); /* once */
	int64_t open = 0;
	assert_int_equal(people_dup_open_count(f->s, &open), SN_OK);
	assert_int_equal(open, 1);
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", dup);
	audit_entry e = {"system", "worker", "person.create", rec, ""};
	assert_int_equal(audit_append(f->s, &e), SN_OK);
	/* an older merge into the duplicate follows it to the survivor */
	assert_int_equal(people_merge(f->s, o, d, worker, now), SN_OK);

	people_merge_count c[PEOPLE_MERGE_TABLES];
	int64_t rel = 0;
	assert_int_equal(people_merge_counts(f->s, d, c, &rel), SN_OK);
	assert_int_equal(rel, 2);
	assert_int_equal(people_merge(f->s, d, d, worker, now), SN_EINPUT);
	assert_int_equal(people_merge(f->s, d, k, worker, now), SN_OK);

	assert_int_equal(count(f, "SELECT count(*) FROM relationships WHERE person_id = ?", k), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM relationships WHERE person_id = ?", d), 0);
	assert_int_equal(count(f, "SELECT coalesce(user_id, 0) FROM people WHERE id = ?", k), own);
	assert_int_equal(count(f, "SELECT merged_into FROM people WHERE id = ?", d), k);
	assert_int_equal(count(f, "SELECT merged_into FROM people WHERE id = ?", o), k);
	assert_int_equal(count(f, "SELECT count(*) FROM people_duplicates WHERE person_id = ? "
				  "AND status = 'merged'", d), 1);
	person *p = NULL;
	assert_int_equal(people_find(f->s, dup, f->a, &p), SN_OK);
	assert_string_equal(p->merged_into, keep);
	assert_int_equal(people_find(f->s, keep, f->a, &p), SN_OK);
	assert_string_equal(p->merged_into, "");
	/* the tombstones are no longer likely matches, nor listed */
	people_match_row *m;
	size_t n = 9;
	assert_int_equal(people_likely_matches(f->s, "Rose", "Ashdown", "", "", 0, 10, f->a, &m, &n), SN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].uuid, keep);
	people_caseload_row *cl;
	assert_int_equal(people_caseload(f->s, carer, false, f->a, &cl, &n), SN_OK);
	assert_int_equal(n, 1);
	/* the survivor's access log has the duplicate's entries */
	people_access_row *log;
	assert_int_equal(people_access_log(f->s, keep, 20, f->a, &log, &n), SN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(log[0].action, "person.create");
	/* a merged record cannot be merged again, nor merged into */
	assert_int_equal(people_merge(f->s, d, k, worker, now), SN_ECONFLICT);
	assert_int_equal(people_merge(f->s, k, d, worker, now), SN_ECONFLICT);
	/* two records with accounts of their own are not merged */
	char two[37];
	int64_t t = add(f, "Rose", "", fixture_user(f, "r2@example.test", R_RESIDENT), two);
	assert_int_equal(people_merge(f->s, t, k, worker, now), SN_ECONFLICT);
	assert_int_equal(count(f, "SELECT count(*) FROM people WHERE merged_into IS NULL AND id = ?", t), 1);
}

int main(void)
{
	if (base_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_details_check),
		cmocka_unit_test_setup_teardown(test_merge, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
