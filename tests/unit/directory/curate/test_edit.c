/* Unit tests for keeping the directory current (curate/curate.h): checking a
 * service's details, their difference, writing back only what changed,
 * versions, proposals, name likeness and merging duplicates. Each test
 * gets a fresh, migrated SQLite store with one organisation, one kind of
 * help and two postcodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../access/access_fixture.h"
#include "directory/curate/curate.h"

static const char *const NOW = "2026-11-30T10:00:00Z";
static const curate_actor WHO = {"00000000-0000-4000-8000-000000000001", "Test Moderator"};
static int64_t ORG, USER;

static int setup(void **state)
{
	if (fixture_setup(state))
		return -1;
	fixture *f = *state;
	sn_err rc = store_run(f->s, "INSERT INTO postcodes (postcode, lat_e6, lon_e6) VALUES ('AV1 1AA', 52600000, "
			      "-1800000), ('AV2 2BB', 52610000, -1810000)", "");
	if (!rc)
		rc = store_one_i64(f->s, &ORG, "INSERT INTO dir_organizations (uuid, name, description, created_at, "
				   "updated_at) VALUES ('10000000-0000-4000-8000-000000000001', 'Friends of Ashby', "
				   "'A charity', ?, ?) RETURNING id", "tt", NOW, NOW);
	if (!rc)
		rc = store_run(f->s, "INSERT INTO dir_taxonomy_terms (uuid, code, name, description) VALUES "
			       "('20000000-0000-4000-8000-000000000001', 'lunch-club', 'Lunch clubs', 'Meals'), "
			       "('20000000-0000-4000-8000-000000000002', 'exercise', 'Exercise', 'Moving')", "");
	if (!rc)
		rc = user_add_hashed(f->s, "mod@example.org", "Test Moderator", R_MODERATOR, "x",
				     "00000000-0000-4000-8000-000000000001", &USER);
	return rc ? -1 : 0;
}

static json_t *good(void)
{
	json_t *d = curate_details_empty();
	json_object_set_new(d, "name", json_string("Ashby Lunch Club"));
	json_object_set_new(d, "description", json_string("A hot meal and company."));
	json_object_set_new(d, "phone", json_string("01632 960000"));
	json_object_set_new(d, "cost", json_string("4.5"));
	json_object_set_new(d, "address_1", json_string("1 High Street"));
	json_object_set_new(d, "city", json_string("Ashby"));
	json_object_set_new(d, "postcode", json_string("av11aa"));
	json_array_append_new(json_object_get(d, "terms"), json_string("lunch-club"));
	json_array_append_new(json_object_get(d, "sessions"),
			      json_pack("{s:s, s:s, s:s, s:s}", "when", "weekly", "day", "TU", "opens", "12:00",
					"closes", "14:00"));
	return d;
}

static const char *str(const json_t *d, const char *k)
{
	return json_string_value(json_object_get(d, k));
}

/* Issue 15: every way details come in (a partner's or a moderator's form,
 * a proposal approved, a version restored) goes through
 * curate_details_check, and it takes only http and https addresses. */
static void check_takes_only_web_addresses(void **state)
{
	fixture *f = *state;
	static const char *const bad[] = {"javascript:alert(1)", "JavaScript:alert(1)",
					  "data:text/html,<b>x</b>", "vbscript:x", "//evil.example/",
					  "https://", "http:///x", "file:///etc/passwd", "mailto:a@b.example",
					  "https://exa mple.org/", "https://example.org/\"x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *d = good(), *errors = json_array();
		json_object_set_new(d, "url", json_string(bad[i]));
		assert_int_equal(curate_details_check(f->s, d, errors), SN_EINPUT);
		assert_string_equal(str(json_array_get(errors, 0), "field"), "url");
		json_decref(d);
		json_decref(errors);
	}
	static const char *const fine[] = {"https://example.org/", "HTTP://Example.org/a?b=c#d",
					   "https://www.example.org/o'brien"};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		json_t *d = good(), *errors = json_array();
		json_object_set_new(d, "url", json_string(fine[i]));
		assert_int_equal(curate_details_check(f->s, d, errors), SN_OK);
		json_decref(d);
		json_decref(errors);
	}
	assert_true(str_is_web_url("https://a.example"));
	assert_false(str_is_web_url("javascript:alert(1)"));
	assert_null(str_web_url_or_null("javascript:alert(1)"));
	assert_string_equal(str_web_url_or_null("http://a.example/"), "http://a.example/");
}

static void check_normalises_and_refuses(void **state)
{
	fixture *f = *state;
	json_t *d = good(), *errors = json_array();
	assert_int_equal(curate_details_check(f->s, d, errors), SN_OK);
	assert_string_equal(str(d, "postcode"), "AV1 1AA");
	assert_string_equal(str(d, "cost"), "4.50");
	/* Each bad field named, with every problem at once. */
	json_object_set_new(d, "name", json_string(""));
	json_object_set_new(d, "email", json_string("nobody"));
	json_object_set_new(d, "url", json_string("ftp://x.example"));
	json_object_set_new(d, "postcode", json_string("ZZ9 9ZZ"));
	json_object_set_new(d, "minimum_age", json_string("65"));
	json_object_set_new(d, "maximum_age", json_string("18"));
	json_array_append_new(json_object_get(d, "terms"), json_string("no-such-term"));
	json_array_append_new(json_object_get(d, "sessions"),
			      json_pack("{s:s, s:s, s:s, s:s}", "when", "5", "day", "TU", "opens", "1", "closes", "2"));
	assert_int_equal(curate_details_check(f->s, d, errors), SN_EINPUT);
	const char *want[] = {"name", "url", "email", "maximum_age", "postcode", "terms", "s2_day"};
	assert_int_equal(json_array_size(errors), SN_ARRAY_LEN(want));
	for (size_t i = 0; i < SN_ARRAY_LEN(want); i++)
		assert_string_equal(str(json_array_get(errors, i), "field"), want[i]);
	/* Wrong types are refused before anything reads them. */
	json_array_clear(errors);
	json_object_set_new(d, "name", json_integer(3));
	assert_int_equal(curate_details_check(f->s, d, errors), SN_EINPUT);
	assert_string_equal(str(json_array_get(errors, 0), "message"), "Name must be text");
	json_decref(d);
	json_decref(errors);
}

static int64_t create(fixture *f, json_t *d)
{
	json_t *errors = json_array();
	assert_int_equal(curate_details_check(f->s, d, errors), SN_OK);
	json_decref(errors);
	int64_t sid = 0;
	char uuid[37];
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_service_create(f->s, ORG, d, &WHO, "", NOW, &sid, uuid), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	return sid;
}

static void create_load_round_trip(void **state)
{
	fixture *f = *state;
	json_t *d = good();
	int64_t sid = create(f, d);
	json_t *back = NULL;
	assert_int_equal(curate_details_load(f->s, sid, &back), SN_OK);
	assert_true(json_equal(d, back));
	int64_t v = 0;
	assert_int_equal(curate_version_latest(f->s, sid, &v), SN_OK);
	assert_int_equal(v, 1);
	/* Nothing changed: nothing in the difference. */
	json_t *diff = curate_details_diff(f->s, d, back);
	assert_int_equal(json_array_size(diff), 0);
	json_decref(diff);
	json_decref(d);
	json_decref(back);
}

static void only_what_changed_is_written(void **state)
{
	fixture *f = *state;
	json_t *d = good();
	int64_t sid = create(f, d);
	/* Things the form does not show: a second phone, a schedule with dates. */
	assert_int_equal(store_run(f->s, "INSERT INTO dir_phones (uuid, service_id, number) VALUES "
				   "('30000000-0000-4000-8000-000000000001', ?, '01632 960111')", "i", sid), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO dir_schedules (uuid, service_id, freq, byday, opens_at, "
				   "closes_at, valid_from, valid_to) VALUES ('30000000-0000-4000-8000-000000000002', ?, "
				   "'WEEKLY', 'SA', '10:00', '12:00', '2026-12-01', '2026-12-31')", "i", sid), SN_OK);
	json_t *before = NULL;
	assert_int_equal(curate_details_load(f->s, sid, &before), SN_OK);
	assert_int_equal(json_array_size(json_object_get(before, "other_times")), 1);
	json_t *after = json_deep_copy(before);
	json_object_set_new(after, "name", json_string("Ashby Friday Lunch Club"));
	/* Monday to Friday, noon to two: five sessions, written as one row. */
	json_t *sessions = json_object_get(after, "sessions");
	json_array_clear(sessions);
	const char *days[] = {"MO", "TU", "WE", "TH", "FR"};
	for (int i = 0; i < 5; i++)
		json_array_append_new(sessions, json_pack("{s:s, s:s, s:s, s:s}", "when", "weekly", "day", days[i],
							  "opens", "12:00", "closes", "14:00"));
	json_array_append_new(sessions, json_pack("{s:s, s:s, s:s, s:s}", "when", "-1", "day", "FR", "opens",
						  "18:00", "closes", "20:00"));
	json_t *diff = curate_details_diff(f->s, before, after);
	assert_int_equal(json_array_size(diff), 2);
	assert_string_equal(str(json_array_get(diff, 0), "label"), "Name");
	assert_string_equal(str(json_array_get(diff, 1), "label"), "Opening times");
	json_t *lines = json_object_get(json_array_get(diff, 1), "after");
	assert_int_equal(json_array_size(lines), 2); /* in words as they will be written */
	assert_string_equal(json_string_value(json_array_get(lines, 0)), "Monday to Friday, midday to 2pm");
	assert_string_equal(json_string_value(json_array_get(lines, 1)), "Last Friday of the month, 6pm to 8pm");
	json_decref(diff);
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_service_update(f->s, sid, after, "edited", &WHO, "", NOW), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM dir_phones WHERE service_id = ?", "i", sid), 0);
	assert_int_equal(n, 2); /* the second phone is untouched */
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM dir_schedules WHERE service_id = ? AND "
				       "byday = 'MO,TU,WE,TH,FR'", "i", sid), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM dir_schedules WHERE service_id = ? AND "
				       "valid_from = '2026-12-01'", "i", sid), 0);
	assert_int_equal(n, 1); /* kept */
	json_t *now = NULL;
	assert_int_equal(curate_details_load(f->s, sid, &now), SN_OK);
	assert_true(json_equal(now, after));
	/* Version 2 holds it; version 1 can be had back. */
	json_t *v1 = NULL;
	assert_int_equal(curate_version_details(f->s, sid, 1, &v1), SN_OK);
	assert_string_equal(str(v1, "name"), "Ashby Lunch Club");
	json_decref(v1);
	json_t *v3 = NULL;
	assert_int_equal(curate_version_details(f->s, sid, 3, &v3), SN_ENOTFOUND);
	assert_null(v3);
	json_decref(before);
	json_decref(after);
	json_decref(now);
	json_decref(d);
}

static void proposals_one_waiting_per_service(void **state)
{
	fixture *f = *state;
	json_t *d = good();
	int64_t sid = create(f, d);
	char u1[37], u2[37];
	assert_int_equal(store_begin_write(f->s), SN_OK);
	json_object_set_new(d, "name", json_string("First idea"));
	assert_int_equal(curate_change_submit(f->s, ORG, sid, "edit", d, "", USER, NOW, u1), SN_OK);
	json_object_set_new(d, "name", json_string("Second idea"));
	assert_int_equal(curate_change_submit(f->s, ORG, sid, "edit", d, "", USER, NOW, u2), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	assert_string_equal(u1, u2); /* the waiting one was replaced */
	int64_t id = 0, n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM dir_changes", ""), SN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_one_i64(f->s, &id, "SELECT id FROM dir_changes", ""), SN_OK);
	int64_t got = 0;
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_change_approve(f->s, id, &WHO, USER, "fine", NOW, &got), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	assert_int_equal(got, sid);
	json_t *now = NULL;
	assert_int_equal(curate_details_load(f->s, sid, &now), SN_OK);
	assert_string_equal(str(now, "name"), "Second idea");
	json_decref(now);
	/* Decided: neither approved nor rejected again. */
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_change_approve(f->s, id, &WHO, USER, "", NOW, &got), SN_ENOTFOUND);
	assert_int_equal(curate_change_reject(f->s, id, USER, "no", NOW), SN_ENOTFOUND);
	store_rollback(f->s);
	json_decref(d);
}

static void name_likeness(void **state)
{
	(void)state;
	assert_int_equal(curate_name_likeness("Northgate Lunch Club", "Lunch Club, Northgate"), 100);
	assert_int_equal(curate_name_likeness("The Lunch Club", "lunch club"), 100);
	assert_true(curate_name_likeness("Ashby Lunch Club", "Ashby Lunch Clubb") >= 90);
	assert_true(curate_name_likeness("Hollins Green Walking Group", "Hollins Green Peer Support Group") < 75);
	assert_true(curate_name_likeness("Memory Cafe", "Shopping Buddies") < 30);
	assert_int_equal(curate_name_likeness("", "Lunch"), 0);
	assert_int_equal(curate_name_likeness("!!!", "???"), 0);
	/* Long names are cut, never overrun. */
	char long_name[600];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = 0;
	assert_int_equal(curate_name_likeness(long_name, long_name), 100);
}

static void duplicates_found_merged_and_dismissed(void **state)
{
	fixture *f = *state;
	json_t *a = good(), *b = good(), *c = good();
	json_object_set_new(b, "name", json_string("Lunch Club (Ashby)"));
	json_object_set_new(c, "name", json_string("Ashby Walking Group"));
	json_object_set_new(c, "phone", json_string("01632 960999"));
	int64_t ia = create(f, a), ib = create(f, b), ic = create(f, c);
	curate_dup_pair *pairs = NULL;
	size_t n = 0;
	assert_int_equal(curate_duplicates(f->s, f->a, 10, &pairs, &n), SN_OK);
	assert_int_equal(n, 1); /* c shares the postcode, but its name is not alike */
	assert_int_equal(pairs[0].a, ia);
	assert_int_equal(pairs[0].b, ib);
	assert_string_equal(pairs[0].why, "same postcode and phone");
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_merge(f->s, ia, ib, &WHO, NOW), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	int64_t merged = 0, v = 0;
	assert_int_equal(store_one_i64(f->s, &merged, "SELECT merged_into FROM dir_services WHERE id = ? AND "
				       "moderation = 'archived'", "i", ib), SN_OK);
	assert_int_equal(merged, ia);
	assert_int_equal(curate_version_latest(f->s, ia, &v), SN_OK);
	assert_int_equal(v, 2);
	assert_int_equal(curate_duplicates(f->s, f->a, 10, &pairs, &n), SN_OK);
	assert_int_equal(n, 0);
	/* Merged already: not again. */
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_merge(f->s, ia, ib, &WHO, NOW), SN_ENOTFOUND);
	assert_int_equal(curate_merge(f->s, ia, ia, &WHO, NOW), SN_EINPUT);
	store_rollback(f->s);
	/* Undone within the week: b is back, both histories say so; once. */
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_merge_undo(f->s, ia, ib, &WHO, "2026-12-01T10:00:00Z", 7 * 86400), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	assert_int_equal(store_one_i64(f->s, &merged, "SELECT count(*) FROM dir_services WHERE id = ? AND "
				       "moderation = 'published' AND merged_into IS NULL", "i", ib), SN_OK);
	assert_int_equal(merged, 1);
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(curate_merge_undo(f->s, ia, ib, &WHO, NOW, 7 * 86400), SN_ENOTFOUND);
	/* Merged to another owner, then undone: the owner it had. */
	int64_t org2 = 0;
	assert_int_equal(store_one_i64(f->s, &org2, "INSERT INTO dir_organizations (uuid, name, description, "
				       "created_at, updated_at) VALUES ('10000000-0000-4000-8000-000000000002', "
				       "'Ashby Trust', '', ?, ?) RETURNING id", "tt", NOW, NOW), SN_OK);
	assert_int_equal(curate_merge_to(f->s, ia, ib, org2, &WHO, NOW), SN_OK);
	assert_int_equal(store_one_i64(f->s, &merged, "SELECT organization_id FROM dir_services WHERE id = ?", "i",
				       ia), SN_OK);
	assert_int_equal(merged, org2);
	/* Too late after the week. */
	assert_int_equal(curate_merge_undo(f->s, ia, ib, &WHO, "2026-12-30T10:00:00Z", 7 * 86400), SN_ECONFLICT);
	assert_int_equal(curate_merge_undo(f->s, ia, ib, &WHO, NOW, 7 * 86400), SN_OK);
	assert_int_equal(store_one_i64(f->s, &merged, "SELECT organization_id FROM dir_services WHERE id = ?", "i",
				       ia), SN_OK);
	assert_int_equal(merged, ORG);
	assert_int_equal(store_commit(f->s), SN_OK);
	(void)ic;
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(check_normalises_and_refuses, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(check_takes_only_web_addresses, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(create_load_round_trip, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(only_what_changed_is_written, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(proposals_one_waiting_per_service, setup, fixture_teardown),
		cmocka_unit_test(name_likeness),
		cmocka_unit_test_setup_teardown(duplicates_found_merged_and_dismissed, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
