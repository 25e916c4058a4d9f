/* Unit tests for budget/ras: a scheme's "from_assessment" (how its questions and client groups are answered from a needs assessment), read, checked and written back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "budget/ras.h"

/* A small scheme with two questions and two groups; q1_from and g_from are
 * spliced in as the first question's and both groups' "from_assessment"
 * members (with their leading comma), or "". */
static sn_err scheme_with(const char *q1_from, const char *g1_from, const char *g2_from,
			  ras_scheme *s, char *err, size_t size)
{
	char text[4096];
	snprintf(text, sizeof text,
		 "{\"id\": \"t\", \"version\": 1, \"name\": \"T\", \"status\": \"draft\","
		 " \"years\": [\"2025-26\"], \"rounding\": {\"mode\": \"up\", \"step_pence\": 1},"
		 " \"questions\": ["
		 "  {\"key\": \"eat\", \"label\": \"Eating\", \"answers\": ["
		 "   {\"key\": \"none\", \"label\": \"no help\", \"points\": 0},"
		 "   {\"key\": \"some\", \"label\": \"some help\", \"points\": 4},"
		 "   {\"key\": \"lots\", \"label\": \"lots of help\", \"points\": 9}]%s},"
		 "  {\"key\": \"child\", \"label\": \"Child\", \"required\": false, \"answers\": ["
		 "   {\"key\": \"none\", \"label\": \"no help\", \"points\": 0},"
		 "   {\"key\": \"some\", \"label\": \"some help\", \"points\": 3}],"
		 "   \"from_assessment\": {\"outcomes\": [\"caring_for_child\"], \"ways\": {\"none\": null,"
		 "    \"without_assistance\": \"some\"}}}],"
		 " \"client_groups\": ["
		 "  {\"key\": \"older\", \"label\": \"older people\", \"floor_pence\": 0,"
		 "   \"ceiling_pence\": 100000, \"price_per_point_pence\": {\"2025-26\": 400}%s},"
		 "  {\"key\": \"young\", \"label\": \"younger people\", \"floor_pence\": 0,"
		 "   \"ceiling_pence\": 100000, \"price_per_point_pence\": {\"2025-26\": 400}%s}]}",
		 q1_from, g1_from, g2_from);
	return ras_scheme_from_json(text, strlen(text), s, err, size);
}

#define Q_OK ", \"from_assessment\": {\"outcomes\": [\"nutrition\"], \"ways\": {\"none\": " \
	     "\"none\", \"without_assistance\": \"lots\", \"takes_longer\": \"some\"}}"
#define G1_OK ", \"from_assessment\": {\"support_reasons\": [\"physical\", \"sensory\"], " \
	      "\"min_age\": 65}"
#define G2_OK ", \"from_assessment\": {\"support_reasons\": [\"physical\"], \"max_age\": 64}"

static void test_read_and_round_trip(void **state)
{
	(void)state;
	ras_scheme *s = calloc(1, sizeof *s), *back = calloc(1, sizeof *back);
	char err[512] = "";
	assert_int_equal(scheme_with(Q_OK, G1_OK, G2_OK, s, err, sizeof err), SN_OK);
	const ras_from_assessment *f = &s->questions[0].from;
	assert_int_equal(f->n_outcomes, 1);
	assert_string_equal(f->outcomes[0], "nutrition");
	assert_int_equal(f->answer_of_way[ELIG_ACHIEVED], 0);
	assert_int_equal(f->answer_of_way[ELIG_WITHOUT_ASSISTANCE], 2);
	assert_int_equal(f->answer_of_way[ELIG_TAKES_LONGER], 1);
	assert_int_equal(f->answer_of_way[ELIG_ENDANGERS_SAFETY], RAS_FROM_UNMAPPED);
	assert_int_equal(s->questions[1].from.answer_of_way[ELIG_ACHIEVED], RAS_FROM_LEFT_OUT);
	assert_int_equal(s->groups[0].from_min_age, 65);
	assert_int_equal(s->groups[1].from_max_age, 64);
	/* The groups chosen by reason and age. */
	bool needs_age;
	assert_int_equal(ras_group_from_assessment(s, "physical", 70, &needs_age), 0);
	assert_int_equal(ras_group_from_assessment(s, "physical", 64, &needs_age), 1);
	assert_int_equal(ras_group_from_assessment(s, "sensory", 30, &needs_age), -1);
	assert_false(needs_age);
	assert_int_equal(ras_group_from_assessment(s, "physical", -1, &needs_age), -1);
	assert_true(needs_age);
	assert_int_equal(ras_group_from_assessment(s, "learning_disability", 30, NULL), -1);
	assert_int_equal(ras_group_from_assessment(s, "nonsense", 30, NULL), -1);

	/* Written back and read again: the same. */
	json_t *j = ras_scheme_to_json(s);
	char *text = json_dumps(j, JSON_COMPACT);
	assert_int_equal(ras_scheme_from_json(text, strlen(text), back, err, sizeof err), SN_OK);
	assert_memory_equal(&back->questions[0].from, f, sizeof *f);
	assert_memory_equal(&back->questions[1].from, &s->questions[1].from, sizeof *f);
	assert_int_equal(back->groups[0].from_reasons, s->groups[0].from_reasons);
	assert_int_equal(back->groups[1].from_max_age, 64);
	free(text);
	json_decref(j);

	/* The shipped scheme round-trips too. */
	assert_int_equal(ras_scheme_load(RAS_DEFAULT_SCHEME, s, err, sizeof err), SN_OK);
	j = ras_scheme_to_json(s);
	text = json_dumps(j, JSON_COMPACT);
	assert_int_equal(ras_scheme_from_json(text, strlen(text), back, err, sizeof err), SN_OK);
	for (size_t i = 0; i < s->n_questions; i++)
		assert_memory_equal(&back->questions[i].from, &s->questions[i].from, sizeof *f);
	free(text);
	json_decref(j);
	free(s);
	free(back);
}

static void expect(const char *q, const char *g1, const char *g2, const char *message)
{
	ras_scheme *s = calloc(1, sizeof *s);
	char err[512] = "";
	assert_int_equal(scheme_with(q, g1, g2, s, err, sizeof err), SN_EINPUT);
	free(s);
	if (!strstr(err, message)) {
		fprintf(stderr, "want '%s', got '%s'\n", message, err);
		fail();
	}
}

static void test_refusals(void **state)
{
	(void)state;
	expect(", \"from_assessment\": []", "", "",
	       "questions[0].from_assessment: must be an object");
	expect(", \"from_assessment\": {\"outcomes\": [\"nutrition\"], \"ways\": {}, \"x\": 1}", "", "",
	       "questions[0].from_assessment.x: unknown field");
	expect(", \"from_assessment\": {\"outcomes\": [], \"ways\": {}}", "", "",
	       "questions[0].from_assessment.outcomes: must list 1 to 4");
	expect(", \"from_assessment\": {\"outcomes\": [\"dancing\"], \"ways\": {}}", "", "",
	       "questions[0].from_assessment.outcomes[0]: 'dancing' is not an outcome");
	expect(", \"from_assessment\": {\"outcomes\": [\"nutrition\", \"nutrition\"], \"ways\": {}}",
	       "", "", "questions[0].from_assessment.outcomes[1]: listed twice");
	expect(", \"from_assessment\": {\"outcomes\": [\"nutrition\"], \"ways\": {\"badly\": \"some\"}}",
	       "", "", "questions[0].from_assessment.ways.badly: not a way");
	expect(", \"from_assessment\": {\"outcomes\": [\"nutrition\"], \"ways\": {\"none\": \"nil\"}}",
	       "", "", "questions[0].from_assessment.ways.none: not an answer to this question");
	expect(", \"from_assessment\": {\"outcomes\": [\"nutrition\"], \"ways\": {\"none\": null}}",
	       "", "", "questions[0].from_assessment.ways.none: null (left out) only suits a question "
	       "that is not required");
	expect(Q_OK, ", \"from_assessment\": {\"support_reasons\": [\"magic\"]}", "",
	       "client_groups[0].from_assessment.support_reasons[0]: not a reason");
	expect(Q_OK, ", \"from_assessment\": {\"support_reasons\": []}", "",
	       "client_groups[0].from_assessment.support_reasons: must list 1 to 6");
	expect(Q_OK, ", \"from_assessment\": {\"support_reasons\": [\"social\", \"social\"]}", "",
	       "support_reasons[1]: listed twice");
	expect(Q_OK, ", \"from_assessment\": {\"support_reasons\": [\"social\"], \"min_age\": 0}", "",
	       "client_groups[0].from_assessment.min_age: must be a whole number of years from 1");
	expect(Q_OK, ", \"from_assessment\": {\"support_reasons\": [\"social\"], \"min_age\": 70, "
	       "\"max_age\": 60}", "", "client_groups[0].from_assessment.min_age: above max_age");
	/* One reason and age must choose one group at most. */
	expect(Q_OK, G1_OK, ", \"from_assessment\": {\"support_reasons\": [\"sensory\"], \"max_age\": 65}",
	       "client_groups[1].from_assessment: the same reason and age would also choose "
	       "client_groups[0]");
	expect(Q_OK, G1_OK, ", \"from_assessment\": {\"support_reasons\": [\"physical\"]}",
	       "would also choose client_groups[0]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_and_round_trip),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
