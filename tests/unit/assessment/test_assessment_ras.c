/* Unit tests for assessment/assessment_ras: the budget questionnaire filled
 * from the needs assessment, each answer with its source; the client group
 * only from a recorded reason for support (issue 16: the demo's Rose, with
 * arthritis and falls, was priced as a person with a learning disability
 * and scored for caring for a child); the worker's changes need reasons. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "assessment/assessment.h"

static ras_scheme S; /* the shipped scheme */

static int setup(void **state)
{
	(void)state;
	char err[512];
	return ras_scheme_load(RAS_DEFAULT_SCHEME, &S, err, sizeof err) == SN_OK ? 0 : -1;
}

/* Rose: arthritis and falls, as the demo records her. */
static json_t *rose(const char *support_reason)
{
	json_t *outs = json_object();
	for (size_t i = 0; i < elig_n_outcomes(false); i++)
		json_object_set_new(outs, elig_outcome_key(false, i),
				    json_pack("{s:s, s:b, s:s}", "way", "none", "fluctuates", 0, "note", ""));
	json_object_set_new(outs, "nutrition", json_pack("{s:s, s:b, s:s}", "way",
		"pain_distress_anxiety", "fluctuates", 1, "note", "Cannot open tins on bad days."));
	json_object_set_new(outs, "personal_hygiene", json_pack("{s:s, s:b, s:s}", "way",
		"takes_longer", "fluctuates", 0, "note", ""));
	json_object_set_new(outs, "home_safety", json_pack("{s:s, s:b, s:s}", "way",
		"endangers_safety", "fluctuates", 0, "note", "Two falls on the stairs."));
	json_t *rec = json_pack("{s:s, s:b, s:s, s:o, s:[s,s]}", "kind", "adult", "impairment", 1,
				"impairment_note", "Arthritis in both hands and knees.", "outcomes", outs,
				"wellbeing", "health", "control");
	if (support_reason)
		json_object_set_new(rec, "support_reason", json_string(support_reason));
	return rec;
}

static const json_t *entry(const json_t *from, const char *q)
{
	const json_t *e = json_object_get(json_object_get(from, "answers"), q);
	assert_non_null(e);
	return e;
}

static const char *answer(const json_t *from, const char *q)
{
	return json_string_value(json_object_get(entry(from, q), "answer"));
}

static bool unset(const json_t *from, const char *q)
{
	return json_is_true(json_object_get(entry(from, q), "unset"));
}

static const char *source(const json_t *from, const char *q)
{
	return json_string_value(json_object_get(entry(from, q), "source"));
}

static void test_rose(void **state)
{
	(void)state;
	json_t *rec = rose("physical");
	json_t *from = asmt_ras_from_record(&S, rec, false, 79);
	const json_t *g = json_object_get(from, "client_group");
	/* An older person with physical needs, never a learning disability. */
	assert_string_equal(json_string_value(json_object_get(g, "answer")), "older_people");
	assert_non_null(strstr(json_string_value(json_object_get(g, "source")),
			       "From the needs assessment: main reason for support — physical support"));
	assert_non_null(strstr(json_string_value(json_object_get(g, "source")), "aged 79"));
	/* No caring for a child: left out (no points), not unset. */
	assert_null(answer(from, "caring_for_child"));
	assert_false(unset(from, "caring_for_child"));
	assert_non_null(strstr(source(from, "caring_for_child"), "left out, no points"));
	/* Each answer from its outcome, saying so. */
	assert_string_equal(answer(from, "eating_drinking"), "some_meals");
	assert_string_equal(source(from, "eating_drinking"),
			    "From the needs assessment: managing and maintaining nutrition — only with "
			    "significant pain, distress or anxiety. Needs fluctuate: check the answer "
			    "covers the harder days.");
	assert_string_equal(answer(from, "personal_care"), "prompting");
	assert_string_equal(answer(from, "toileting"), "none");
	assert_string_equal(source(from, "toileting"),
			    "From the needs assessment: managing toilet needs — can achieve this.");
	assert_string_equal(answer(from, "moving_home"), "aids");
	assert_string_equal(answer(from, "safety"), "some_risk");
	assert_string_equal(answer(from, "community"), "none");
	assert_non_null(strstr(source(from, "community"), "(the answer with the most points)"));
	/* What the assessment does not cover is the worker's to answer. */
	static const char *const worker[] = {"carer", "night_support", "medication"};
	for (size_t i = 0; i < SN_ARRAY_LEN(worker); i++) {
		assert_true(unset(from, worker[i]));
		assert_null(answer(from, worker[i]));
		assert_non_null(strstr(source(from, worker[i]), "answer with the person"));
	}
	json_decref(from);
	json_decref(rec);
}

static void test_group_only_from_a_recorded_reason(void **state)
{
	(void)state;
	struct {
		const char *reason;
		int age;
		const char *group; /* NULL: unset */
		const char *says;
	} cases[] = {
		{NULL, 79, NULL, "does not record the main reason for support"},
		{"", 30, NULL, "does not record the main reason for support"},
		{"physical", 40, "physical_disability", "aged 40"},
		{"sensory", 64, "physical_disability", "sensory support"},
		{"sensory", 65, "older_people", "aged 65"},
		{"memory_cognition", 82, "older_people", "memory and cognition"},
		{"memory_cognition", 50, NULL, "chooses none of the scheme's client groups at age 50"},
		{"learning_disability", 70, "learning_disability", "learning disability support."},
		{"learning_disability", -1, "learning_disability", "learning disability support."},
		{"mental_health", 30, "mental_health", "mental health support."},
		{"social", 45, NULL, "chooses none"},
		{"physical", -1, NULL, "the date of birth is not recorded"},
		{"learning", 30, NULL, "does not record"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		json_t *rec = rose(cases[i].reason);
		json_t *from = asmt_ras_from_record(&S, rec, false, cases[i].age);
		const json_t *g = json_object_get(from, "client_group");
		const char *got = json_string_value(json_object_get(g, "answer"));
		const char *src = json_string_value(json_object_get(g, "source"));
		if (!(cases[i].group ? got && strcmp(got, cases[i].group) == 0 : !got) ||
		    !strstr(src, cases[i].says) ||
		    json_is_true(json_object_get(g, "unset")) != !cases[i].group) {
			fprintf(stderr, "case %zu: got %s, '%s'\n", i, got ? got : "(unset)", src);
			fail();
		}
		json_decref(from);
		json_decref(rec);
	}
}

static void test_what_the_record_cannot_say(void **state)
{
	(void)state;
	/* An outcome with no way recorded, and a carer's assessment. */
	json_t *rec = rose("physical");
	json_object_del(json_object_get(rec, "outcomes"), "clothing");
	json_object_set_new(json_object_get(json_object_get(rec, "outcomes"), "community_facilities"),
			    "way", json_string("without_assistance"));
	json_t *from = asmt_ras_from_record(&S, rec, false, 79);
	assert_true(unset(from, "dressing"));
	assert_string_equal(source(from, "dressing"), "The needs assessment does not say how being "
			    "appropriately clothed is affected: answer with the person.");
	/* Two outcomes: the answer with the most points of the two. */
	assert_string_equal(answer(from, "community"), "regular_help");
	json_decref(from);
	json_t *carer = asmt_ras_from_record(&S, rec, true, 79);
	for (size_t i = 0; i < S.n_questions; i++)
		assert_true(unset(carer, S.questions[i].key));
	assert_true(json_is_true(json_object_get(json_object_get(carer, "client_group"), "unset")));
	json_decref(carer);
	json_decref(rec);
}

/* The case a worker sends: what the assessment gave, with some answers
 * changed and the unset ones answered. */
static json_t *case_from(const json_t *from)
{
	json_t *c = json_object(), *answers = json_object();
	const char *key;
	json_t *e;
	json_object_foreach(json_object_get(from, "answers"), key, e) {
		const char *a = json_string_value(json_object_get(e, "answer"));
		if (a)
			json_object_set_new(answers, key, json_string(a));
		else if (json_is_true(json_object_get(e, "unset")))
			json_object_set_new(answers, key, json_string(key[0] == 'c' ? "no_carer" : "none"));
	}
	json_object_set(c, "client_group", json_object_get(json_object_get(from, "client_group"),
							     "answer"));
	json_object_set_new(c, "answers", answers);
	return c;
}

static void test_changes_need_reasons(void **state)
{
	(void)state;
	json_t *rec = rose("physical");
	json_t *from = asmt_ras_from_record(&S, rec, false, 79);
	json_t *c = case_from(from);
	kv items[4];
	kv_list form = {items, 0};
	json_t *errors = json_array();
	/* As given, with the unset ones answered: no change, no reason. */
	json_t *ch = asmt_ras_changes(&S, from, c, &form, errors);
	assert_int_equal(json_array_size(ch), 0);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(ch);

	/* A changed answer and group without a reason: refused, naming each. */
	json_object_set_new(json_object_get(c, "answers"), "toileting", json_string("daily"));
	json_object_set_new(c, "client_group", json_string("physical_disability"));
	ch = asmt_ras_changes(&S, from, c, &form, errors);
	assert_int_equal(json_array_size(errors), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "reason_client_group");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 1), "field")),
			    "reason_toileting");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(errors, 1), "message")),
			       "Say why you changed the answer about Using the toilet and continence "
			       "from “manages without help”"));
	json_decref(ch);

	/* Too short, then good. */
	json_array_clear(errors);
	items[0] = (kv){"reason_toileting", "  short  "};
	items[1] = (kv){"reason_client_group", "She is 79 but her needs are from MS she has had since 40."};
	form.n = 2;
	ch = asmt_ras_changes(&S, from, c, &form, errors);
	assert_int_equal(json_array_size(errors), 1);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
			       "must be 10 characters or more"));
	json_decref(ch);
	json_array_clear(errors);
	items[0] = (kv){"reason_toileting", " Needs help every morning after her night catheter. "};
	ch = asmt_ras_changes(&S, from, c, &form, errors);
	assert_int_equal(json_array_size(errors), 0);
	assert_int_equal(json_array_size(ch), 2);
	json_t *t = json_array_get(ch, 1);
	assert_string_equal(json_string_value(json_object_get(t, "question")), "toileting");
	assert_string_equal(json_string_value(json_object_get(t, "from")), "none");
	assert_string_equal(json_string_value(json_object_get(t, "to")), "daily");
	assert_string_equal(json_string_value(json_object_get(t, "reason")),
			    "Needs help every morning after her night catheter.");
	assert_string_equal(json_string_value(json_object_get(t, "from_label")), "manages without help");

	/* The next time, a change still stands while the assessment still
	 * gives what it changed. */
	json_t *earlier = json_pack("{s:O, s:s, s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:n}]}", "changes", ch,
				    "client_group", "physical_disability", "points",
				    "question", "night_support", "answer", "occasional",
				    "question", "medication", "answer", "no_such_answer",
				    "question", "carer", "answer");
	json_t *start = asmt_ras_start(&S, from, earlier);
	const json_t *sc = json_object_get(start, "case");
	assert_string_equal(json_string_value(json_object_get(json_object_get(sc, "answers"), "toileting")),
			    "daily");
	assert_string_equal(json_string_value(json_object_get(sc, "client_group")), "physical_disability");
	assert_non_null(json_object_get(json_object_get(start, "reasons"), "toileting"));
	/* The worker's own answers where the assessment could not say stand,
	 * while the scheme has them. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(sc, "answers"),
							      "night_support")), "occasional");
	assert_null(json_object_get(json_object_get(sc, "answers"), "medication"));
	assert_null(json_object_get(json_object_get(sc, "answers"), "carer"));
	json_decref(start);
	/* Without an earlier budget, what the assessment cannot say is empty. */
	start = asmt_ras_start(&S, from, NULL);
	assert_null(json_object_get(json_object_get(json_object_get(start, "case"), "answers"),
				    "night_support"));
	json_decref(start);
	/* ... and not once the assessment says something else. */
	json_object_set_new(json_object_get(json_object_get(rec, "outcomes"), "toilet_needs"), "way",
			    json_string("without_assistance"));
	json_t *from2 = asmt_ras_from_record(&S, rec, false, 79);
	start = asmt_ras_start(&S, from2, earlier);
	sc = json_object_get(start, "case");
	assert_string_equal(json_string_value(json_object_get(json_object_get(sc, "answers"), "toileting")),
			    "daily");
	assert_null(json_object_get(json_object_get(start, "reasons"), "toileting"));
	json_decref(start);
	json_decref(from2);
	json_decref(earlier);
	json_decref(ch);
	json_decref(errors);
	json_decref(c);
	json_decref(from);
	json_decref(rec);
}

static void test_age_on(void **state)
{
	(void)state;
	assert_int_equal(asmt_age_on("1946-03-10", "2026-03-09T12:00:00Z"), 79);
	assert_int_equal(asmt_age_on("1946-03-10", "2026-03-10T00:00:00Z"), 80);
	assert_int_equal(asmt_age_on("1946-03-10", "2026-04-01"), 80);
	assert_int_equal(asmt_age_on("", "2026-04-01"), -1);
	assert_int_equal(asmt_age_on("1946-13-10", "2026-04-01"), -1);
	assert_int_equal(asmt_age_on("2027-01-01", "2026-04-01"), -1);
	assert_int_equal(asmt_age_on("19x6-01-01", "2026-04-01"), -1);
	assert_int_equal(asmt_age_on(NULL, "2026-04-01"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rose),
		cmocka_unit_test(test_group_only_from_a_recorded_reason),
		cmocka_unit_test(test_what_the_record_cannot_say),
		cmocka_unit_test(test_changes_need_reasons),
		cmocka_unit_test(test_age_on),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
