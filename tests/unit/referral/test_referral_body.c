/* The JSON API's bodies (referral_body.c): what is accepted and how it is
 * filled in, and for each wrong body the field named first, in the order
 * the handler has always reported them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "referral/referral_int.h"

#define SVC "\"service_id\": \"6b1d6a5e-0a57-4f9b-9d0e-3c8d1b2a4f10\""
#define PID "\"person_id\": \"2f6a1c3e-5b7d-4e9f-8a1b-0c2d3e4f5a6b\""

static int64_t now_(void)
{
	int64_t t = 0;
	assert_int_equal(time_parse_iso8601("2026-06-01T12:00:00Z", &t), SN_OK);
	return t;
}

/* Parses text as a create body; the problem's field (or "" when accepted). */
static const char *create(arena *a, const char *text, ref_create_body *b, ref_problem *pb)
{
	json_error_t je;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	assert_non_null(j);
	*pb = (ref_problem){0};
	bool ok = ref_body_create(j, now_(), a, b, pb);
	json_decref(j); /* what came back is the arena's */
	if (ok)
		return "";
	assert_int_equal(pb->status, 422);
	assert_non_null(pb->message);
	assert_null(strchr(pb->field, '\n'));
	return pb->field;
}

static void test_create_known_person(void **state)
{
	(void)state;
	arena *a = arena_new();
	ref_create_body b;
	ref_problem pb;
	assert_string_equal(create(a, "{" PID ", " SVC ", \"reason\": \"Company on Tuesdays\"}", &b, &pb), "");
	assert_string_equal(b.in.person_uuid, "2f6a1c3e-5b7d-4e9f-8a1b-0c2d3e4f5a6b");
	assert_string_equal(b.in.service_uuid, "6b1d6a5e-0a57-4f9b-9d0e-3c8d1b2a4f10");
	assert_string_equal(b.in.reason, "Company on Tuesdays");
	assert_int_equal(b.in.mode, REF_LIVE); /* live when not said */
	assert_false(b.in.consent);
	assert_false(b.is_new);
	assert_string_equal(create(a, "{" PID ", " SVC ", \"reason\": \"x\", \"mode\": \"signpost\", "
				   "\"consent\": true, \"person\": null}", &b, &pb), "");
	assert_int_equal(b.in.mode, REF_SIGNPOST);
	assert_true(b.in.consent);
	assert_false(b.is_new);
	/* the reason's length and consent are ref_create's, after the store */
	assert_string_equal(create(a, "{" PID ", " SVC ", \"reason\": \"\", \"consent\": false}", &b, &pb), "");
	arena_free(a);
}

static void test_create_problems(void **state)
{
	(void)state;
	static const struct {
		const char *body, *field;
	} cases[] = {
		{"{" SVC ", \"reason\": \"r\"}", "person_id"},
		{"{\"person_id\": 7, " SVC ", \"reason\": \"r\"}", "person_id"},
		{"{" PID ", \"reason\": \"r\"}", "service_id"},
		{"{" PID ", " SVC "}", "reason"},
		{"{" PID ", " SVC ", \"reason\": [\"r\"]}", "reason"},
		{"{" PID ", " SVC ", \"reason\": \"r\", \"mode\": \"post\"}", "mode"},
		{"{" PID ", " SVC ", \"reason\": \"r\", \"mode\": 1}", "mode"},
		{"{" PID ", " SVC ", \"reason\": \"r\", \"consent\": \"yes\"}", "consent"},
		{"{" PID ", " SVC ", \"reason\": \"r\", \"new_person\": 1}", "new_person"},
		{"{" PID ", \"person\": {\"given_name\": \"A\", \"family_name\": \"B\"}, " SVC ", \"reason\": \"r\"}",
		 "person"},
		{"{\"person\": \"Rose\", " SVC ", \"reason\": \"r\"}", "person"},
		{"{\"person\": {\"family_name\": \"Nobody\"}, " SVC ", \"reason\": \"r\"}", "person.given_name"},
		{"{\"person\": {\"given_name\": 7, \"family_name\": \"B\"}, " SVC ", \"reason\": \"r\"}",
		 "person.given_name"},
		{"{\"person\": {\"given_name\": \"A\", \"family_name\": \"\"}, " SVC ", \"reason\": \"r\"}",
		 "person.family_name"},
		{"{\"person\": {\"given_name\": \"A\", \"family_name\": \"B\", \"birth_date\": \"2099-01-01\"}, " SVC
		 ", \"reason\": \"r\"}", "person.birth_date"},
		{"{\"person\": {\"given_name\": \"A\", \"family_name\": \"B\", \"birth_date\": \"1950-02-30\"}, " SVC
		 ", \"reason\": \"r\"}", "person.birth_date"},
		{"{\"person\": {\"given_name\": \"A\", \"family_name\": \"B\", \"postcode\": \"nowhere\"}, " SVC
		 ", \"reason\": \"r\"}", "person.postcode"},
		{"{\"person\": {\"given_name\": \"A\", \"family_name\": \"B\", \"phone\": \"12\"}, " SVC
		 ", \"reason\": \"r\"}", "person.phone"},
		{"{\"person\": {\"given_name\": \"A\", \"family_name\": \"B\", \"email\": \"nope\"}, " SVC
		 ", \"reason\": \"r\"}", "person.email"},
		{"{\"person\": {\"given_name\": \"A\", \"family_name\": \"B\", \"shoe_size\": \"9\"}, " SVC
		 ", \"reason\": \"r\"}", "person.shoe_size"},
		/* the first wrong one, in the handler's order */
		{"{\"reason\": 1, \"mode\": 2}", "person_id"},
		{"{" PID ", " SVC ", \"reason\": \"r\", \"mode\": \"x\", \"consent\": 1}", "mode"},
		{"{\"person\": {\"given_name\": \"\"}, " SVC ", \"reason\": \"r\", \"consent\": 1}", "consent"},
	};
	arena *a = arena_new();
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		ref_create_body b;
		ref_problem pb;
		const char *f = create(a, cases[i].body, &b, &pb);
		if (strcmp(f, cases[i].field))
			fail_msg("%s: field %s, expected %s", cases[i].body, f, cases[i].field);
	}
	arena_free(a);
}

static void test_create_new_person(void **state)
{
	(void)state;
	arena *a = arena_new();
	ref_create_body b;
	ref_problem pb;
	assert_string_equal(create(a, "{\"person\": {\"given_name\": \"Una\", \"family_name\": \"Newcombe\", "
				   "\"birth_date\": \"1950-02-03\", \"postcode\": \"av1 2ab\", \"phone\": "
				   "\"01632 960 001\", \"email\": \"una@example.com\"}, " SVC ", \"reason\": \"r\", "
				   "\"new_person\": true, \"consent\": true}", &b, &pb), "");
	assert_true(b.is_new);
	assert_true(b.new_person);
	assert_string_equal(b.in.person_uuid, "");
	assert_string_equal(b.d.given_name, "Una");
	assert_string_equal(b.d.family_name, "Newcombe");
	assert_string_equal(b.d.date_of_birth, "1950-02-03");
	assert_string_equal(b.d.postcode, "AV1 2AB");
	assert_string_equal(b.d.phone, "01632 960 001");
	assert_string_equal(b.d.email, "una@example.com");
	arena_free(a);
}

/* A key that is not a person's is named, but on one line and cut on a
 * character's start, so the reply is still one line of UTF-8. */
static void test_odd_keys(void **state)
{
	(void)state;
	arena *a = arena_new();
	ref_create_body b;
	ref_problem pb;
	const char *f = create(a, "{\"person\": {\"a\\nb\\u007f\": \"x\"}, " SVC ", \"reason\": \"r\"}", &b, &pb);
	assert_string_equal(f, "person.a?b?");
	/* 39 ASCII bytes, then a two-byte letter across the 40-byte cut */
	f = create(a, "{\"person\": {\"" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "\xc3\xa9" "zz\": 1}, " SVC
		   ", \"reason\": \"r\"}", &b, &pb);
	assert_string_equal(f, "person.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	json_t *v = json_pack("{ssss}", "field", pb.field, "message", pb.message);
	assert_non_null(v);
	json_decref(v);
	/* a member with no name is the person's problem, not "person." */
	assert_string_equal(create(a, "{\"person\": {\"\": \"\"}, " SVC ", \"reason\": \"r\"}", &b, &pb),
			    "person");
	v = json_pack("{ssss}", "field", pb.field, "message", pb.message);
	assert_non_null(v);
	json_decref(v);
	arena_free(a);
}

static const char *status(arena *a, const char *text, ref_status_body *b)
{
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	ref_problem pb = {0};
	bool ok = ref_body_status(j, a, b, &pb);
	json_decref(j);
	if (ok)
		return "";
	assert_int_equal(pb.status, 422);
	return pb.field;
}

static void test_status(void **state)
{
	(void)state;
	arena *a = arena_new();
	ref_status_body b;
	assert_string_equal(status(a, "{\"status\": \"accepted\", \"note\": \"Yes\"}", &b), "");
	assert_int_equal(b.to, REF_ACCEPTED);
	assert_string_equal(b.note, "Yes");
	assert_string_equal(b.outcome, ""); /* not at acceptance */
	assert_string_equal(status(a, "{\"status\": \"completed\", \"note\": \"Went twice\"}", &b), "");
	assert_int_equal(b.to, REF_COMPLETED);
	assert_string_equal(b.outcome, "Went twice"); /* the note, at completion */
	assert_string_equal(status(a, "{\"status\": \"failed\", \"note\": \"n\", \"outcome\": \"o\"}", &b), "");
	assert_string_equal(b.outcome, "o");
	assert_string_equal(status(a, "{\"status\": \"cancelled\", \"note\": null}", &b), "");
	assert_string_equal(b.note, "");
	assert_string_equal(status(a, "{}", &b), "status");
	assert_string_equal(status(a, "{\"status\": 3}", &b), "status");
	assert_string_equal(status(a, "{\"status\": \"done\"}", &b), "status");
	assert_string_equal(status(a, "{\"status\": \"accepted\", \"note\": 1}", &b), "note");
	assert_string_equal(status(a, "{\"status\": \"accepted\", \"outcome\": {}}", &b), "outcome");
	/* a type is checked before the code */
	assert_string_equal(status(a, "{\"status\": \"done\", \"note\": 1}", &b), "note");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_known_person),
	    cmocka_unit_test(test_create_problems),
	    cmocka_unit_test(test_create_new_person),
	    cmocka_unit_test(test_odd_keys),
	    cmocka_unit_test(test_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
