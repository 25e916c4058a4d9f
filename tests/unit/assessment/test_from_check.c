/* Unit tests for assessment/assessment_from_check: a needs assessment's
 * starting record from a self-check says only what the answers say, and
 * quotes them (issue 15: every outcome came out "unable without
 * assistance" with the note "From the self-check: check with the person"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "assessment/assessment.h"

static const char *const answers[][2] = {
	{"health", "yes"}, {"wellbeing", "no"},
	{"move_difficulty", "yes"}, {"move_why", "other"}, {"fallen", "no"}, {"door", "no"},
	{"bath_difficulty", "yes"}, {"bath_why", "help"}, {"wash_reach", "no"},
	{"toilet_difficulty", "no"}, {"toilet_in_time", "no"},
	{"dress_difficulty", "no"},
	{"med_take", "no"},
	{"cook_difficulty", "yes"}, {"cook_why", "pain"}, {"eat_enough", "no"},
	{"home_difficulty", "no"},
	{"out_difficulty", "no"}, {"out_work", "no"},
	{"lonely_often", "never"}, {"keep_in_touch", "no"},
	{"carer", "no"},
};

static const char *way_of(json_t *rec, const char *outcome)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(rec, "outcomes"), outcome), "way"));
}

static const char *note_of(json_t *rec, const char *outcome)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(rec, "outcomes"), outcome), "note"));
}

static void test_only_what_the_answers_say(void **state)
{
	(void)state;
	char err[256];
	sc_set *s = sc_set_new();
	assert_int_equal(sc_set_load("daily-living-v1", s, err, sizeof err), SN_OK);
	sc_answers a;
	sc_answers_init(&a);
	for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
		assert_int_equal(sc_answers_set(&a, answers[i][0], answers[i][1]), SN_OK);
	sc_report rep;
	assert_int_equal(sc_report_compute(s, NULL, &a, &rep), SN_OK);
	json_t *rec = asmt_record_from_selfcheck(s, &a, &rep);
	/* A way the answers give, with the answers quoted. */
	assert_string_equal(way_of(rec, "personal_hygiene"), "without_assistance");
	assert_non_null(strstr(note_of(rec, "personal_hygiene"), "\u201cIs that because of pain"));
	assert_non_null(strstr(note_of(rec, "personal_hygiene"), "I need someone to help me."));
	assert_string_equal(way_of(rec, "nutrition"), "pain_distress_anxiety");
	/* Hard, but no way said ("None of these"): left for the worker. */
	assert_null(way_of(rec, "home_safety"));
	assert_non_null(strstr(note_of(rec, "home_safety"), "None of these."));
	assert_non_null(strstr(note_of(rec, "home_safety"), "From the self-check: \u201cDo you find it hard to move around your home?\u201d Yes."));
	/* Asked, and nothing is hard: can achieve it. */
	assert_string_equal(way_of(rec, "toilet_needs"), "none");
	assert_string_equal(way_of(rec, "clothing"), "none");
	/* Looking after a child: they said they look after no one. */
	assert_string_equal(way_of(rec, "caring_for_child"), "none");
	assert_non_null(strstr(note_of(rec, "caring_for_child"), "“Do you look after someone?” No."));
	/* Of ten outcomes, never more "unable without assistance" than the answers say. */
	size_t unable = 0;
	const char *key;
	json_t *o;
	json_object_foreach(json_object_get(rec, "outcomes"), key, o) {
		const char *w = json_string_value(json_object_get(o, "way"));
		unable += w && strcmp(w, "without_assistance") == 0;
		assert_null(strstr(json_string_value(json_object_get(o, "note")), "check with the person"));
	}
	assert_int_equal(unable, 1);
	assert_true(json_is_true(json_object_get(rec, "impairment")));
	assert_non_null(strstr(json_string_value(json_object_get(rec, "impairment_note")), "Yes."));
	assert_int_equal(json_array_size(json_object_get(rec, "wellbeing")), 0);
	assert_non_null(strstr(json_string_value(json_object_get(rec, "wellbeing_note")), "No."));
	json_decref(rec);
	sc_set_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_what_the_answers_say),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
