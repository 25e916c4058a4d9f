/* Unit tests for eligibility/eligibility: the adult and carer conditions, each way of being unable, reasons and the JSON edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eligibility/eligibility.h"

static elig_case adult(void)
{
	elig_case c;
	memset(&c, 0, sizeof c);
	c.impairment = true;
	c.wellbeing_impact = true;
	return c;
}

static elig_case carer(void)
{
	elig_case c;
	memset(&c, 0, sizeof c);
	c.carer = true;
	c.necessary_care = true;
	c.wellbeing_impact = true;
	return c;
}

static bool reasons_have(const elig_result *r, const char *needle)
{
	for (size_t i = 0; i < r->n_reasons; i++)
		if (strstr(r->reasons[i], needle))
			return true;
	return false;
}

static void test_tables(void **state)
{
	(void)state;
	assert_int_equal(elig_n_outcomes(false), 10);
	assert_int_equal(elig_n_outcomes(true), 8);
	assert_string_equal(elig_outcome_key(false, 0), "nutrition");
	assert_string_equal(elig_outcome_key(false, 9), "caring_for_child");
	assert_string_equal(elig_outcome_key(true, 7), "recreation");
	assert_null(elig_outcome_key(true, 8));
	assert_int_equal(elig_way_parse("none"), ELIG_ACHIEVED);
	assert_int_equal(elig_way_parse("takes_longer"), ELIG_TAKES_LONGER);
	assert_int_equal(elig_way_parse("sometimes"), -1);
	assert_int_equal(elig_way_parse(NULL), -1);
}

static void test_two_outcomes_versus_one(void **state)
{
	(void)state;
	elig_case c = adult();
	elig_result r;
	elig_decide(&c, &r);
	assert_false(r.eligible);
	assert_int_equal(r.n_unable, 0);
	c.outcomes[0] = ELIG_WITHOUT_ASSISTANCE;
	elig_decide(&c, &r);
	assert_false(r.eligible);
	assert_int_equal(r.n_unable, 1);
	assert_true(reasons_have(&r, "unable to achieve 1 of the 10 outcome (two or more are needed)") ||
		    reasons_have(&r, "Condition 2 not met"));
	c.outcomes[3] = ELIG_WITHOUT_ASSISTANCE;
	elig_decide(&c, &r);
	assert_true(r.eligible);
	assert_int_equal(r.n_unable, 2);
	assert_int_equal(r.unable[0], 0);
	assert_int_equal(r.unable[1], 3);
	assert_true(reasons_have(&r, "Condition 2 met"));
	assert_true(reasons_have(&r, "being appropriately clothed (cannot achieve it without assistance)"));
	assert_true(reasons_have(&r, "Eligible: all three conditions are met."));
}

static void test_each_way_of_being_unable(void **state)
{
	(void)state;
	static const elig_way ways[] = {ELIG_WITHOUT_ASSISTANCE, ELIG_PAIN_DISTRESS_ANXIETY,
					ELIG_ENDANGERS_SAFETY, ELIG_TAKES_LONGER};
	static const char *const words[] = {"without assistance", "pain, distress or anxiety",
					    "health or safety", "significantly longer"};
	for (size_t i = 0; i < 4; i++) {
		/* Each way alone on two outcomes makes two outcomes unachieved. */
		elig_case c = adult();
		c.outcomes[1] = ways[i];
		c.outcomes[2] = ways[i];
		elig_result r;
		elig_decide(&c, &r);
		assert_true(r.eligible);
		assert_int_equal(r.n_unable, 2);
		assert_true(reasons_have(&r, words[i]));
		/* And on one outcome it is not enough. */
		c.outcomes[2] = ELIG_ACHIEVED;
		elig_decide(&c, &r);
		assert_false(r.eligible);
	}
}

static void test_adult_conditions_1_and_3(void **state)
{
	(void)state;
	elig_case c = adult();
	c.outcomes[0] = c.outcomes[1] = c.outcomes[2] = ELIG_WITHOUT_ASSISTANCE;
	elig_result r;
	c.impairment = false;
	elig_decide(&c, &r);
	assert_false(r.eligible);
	assert_true(reasons_have(&r, "Condition 1 not met"));
	c.impairment = true;
	c.wellbeing_impact = false;
	elig_decide(&c, &r);
	assert_false(r.eligible);
	assert_true(reasons_have(&r, "Condition 3 not met"));
	assert_int_equal(r.n_unable, 3); /* the outcomes are still listed */
}

static void test_carer_paths(void **state)
{
	(void)state;
	elig_result r;
	elig_case c = carer();
	elig_decide(&c, &r); /* neither health nor an outcome */
	assert_false(r.eligible);
	assert_true(reasons_have(&r, "Condition 2 not met"));
	c.health_at_risk = true; /* health alone */
	elig_decide(&c, &r);
	assert_true(r.eligible);
	assert_int_equal(r.n_unable, 0);
	c.health_at_risk = false;
	c.outcomes[7] = ELIG_TAKES_LONGER; /* one outcome alone (recreation) */
	elig_decide(&c, &r);
	assert_true(r.eligible);
	assert_int_equal(r.n_unable, 1);
	assert_true(reasons_have(&r, "engaging in recreational activities"));
	c.health_at_risk = true; /* both */
	elig_decide(&c, &r);
	assert_true(r.eligible);
	assert_true(reasons_have(&r, "both ways"));
	c.necessary_care = false;
	elig_decide(&c, &r);
	assert_false(r.eligible);
	assert_true(reasons_have(&r, "Condition 1 not met"));
	c.necessary_care = true;
	c.wellbeing_impact = false;
	elig_decide(&c, &r);
	assert_false(r.eligible);
}

#define ALL_NONE                                                                        \
	"\"nutrition\": \"none\", \"personal_hygiene\": \"none\", \"toilet_needs\": "   \
	"\"none\", \"clothing\": \"none\", \"home_safety\": \"none\", \"habitable_home\": " \
	"\"none\", \"relationships\": \"none\", \"work_education_volunteering\": \"none\", " \
	"\"community_facilities\": \"none\""

static sn_err parse(const char *json, elig_case *c, char *err, size_t size)
{
	return elig_case_from_json(json, strlen(json), c, err, size);
}

static void test_from_json_adult(void **state)
{
	(void)state;
	elig_case c;
	char err[512];
	const char *ok = "{\"impairment\": true, \"wellbeing_impact\": true, \"outcomes\": {" ALL_NONE
			 ", \"caring_for_child\": \"pain_distress_anxiety\"}}";
	assert_int_equal(parse(ok, &c, err, sizeof err), SN_OK);
	assert_false(c.carer);
	assert_int_equal(c.outcomes[9], ELIG_PAIN_DISTRESS_ANXIETY);
	elig_result r;
	elig_decide(&c, &r);
	json_t *o = elig_result_to_json(&c, &r);
	assert_true(json_is_false(json_object_get(o, "eligible")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(o, "unable_outcomes"), 0)),
			    "caring_for_child");
	json_decref(o);
}

static void expect_error(const char *json, const char *field)
{
	elig_case c;
	char err[1536] = "";
	assert_int_not_equal(parse(json, &c, err, sizeof err), SN_OK);
	if (!str_starts(err, field)) {
		fprintf(stderr, "want an error starting '%s', got '%s'\n", field, err);
		fail();
	}
}

static void test_from_json_errors(void **state)
{
	(void)state;
	expect_error("", "input:");
	expect_error("42", "input:");
	expect_error("{\"wellbeing_impact\": true, \"outcomes\": {}}", "impairment:");
	expect_error("{\"impairment\": true, \"outcomes\": {}}", "wellbeing_impact:");
	expect_error("{\"impairment\": \"yes\", \"wellbeing_impact\": true, \"outcomes\": {}}",
		     "impairment:");
	expect_error("{\"impairment\": true, \"wellbeing_impact\": true}", "outcomes:");
	expect_error("{\"impairment\": true, \"wellbeing_impact\": true, \"outcomes\": {" ALL_NONE "}}",
		     "outcomes.caring_for_child:");
	expect_error("{\"impairment\": true, \"wellbeing_impact\": true, \"outcomes\": {" ALL_NONE
		     ", \"caring_for_child\": \"sometimes\"}}",
		     "outcomes.caring_for_child:");
	expect_error("{\"impairment\": true, \"wellbeing_impact\": true, \"outcomes\": {" ALL_NONE
		     ", \"caring_for_child\": \"none\", \"recreation\": \"none\"}}",
		     "outcomes.recreation:");
	expect_error("{\"impairment\": true, \"wellbeing_impact\": true, \"mood\": 1, \"outcomes\": {}}",
		     "mood:");
	expect_error("{\"carer\": \"yes\"}", "carer:");
	expect_error("{\"carer\": true, \"impairment\": true}", "impairment:");
	expect_error("{\"carer\": true, \"necessary_care\": true, \"wellbeing_impact\": true, "
		     "\"outcomes\": {}}",
		     "health_at_risk:");
	expect_error("{\"carer\": true, \"necessary_care\": true, \"health_at_risk\": false, "
		     "\"wellbeing_impact\": true, \"outcomes\": {\"toilet_needs\": \"none\"}}",
		     "outcomes.toilet_needs:");
	size_t n = ELIG_INPUT_MAX + 1;
	char *big = malloc(n);
	memset(big, ' ', n);
	elig_case c;
	char err[512];
	assert_int_equal(elig_case_from_json(big, n, &c, err, sizeof err), SN_ETOOBIG);
	free(big);
}

static void test_from_json_carer(void **state)
{
	(void)state;
	elig_case c;
	char err[512];
	const char *ok = "{\"carer\": true, \"necessary_care\": true, \"health_at_risk\": false, "
			 "\"wellbeing_impact\": true, \"outcomes\": {\"caring_for_child\": \"none\", "
			 "\"caring_for_others\": \"none\", \"habitable_home\": \"none\", "
			 "\"nutrition\": \"none\", \"relationships\": \"none\", "
			 "\"work_education_volunteering\": \"endangers_safety\", "
			 "\"community_facilities\": \"none\", \"recreation\": \"none\"}}";
	assert_int_equal(parse(ok, &c, err, sizeof err), SN_OK);
	elig_result r;
	elig_decide(&c, &r);
	assert_true(r.eligible);
	assert_int_equal(r.n_unable, 1);
	assert_string_equal(elig_outcome_key(true, r.unable[0]), "work_education_volunteering");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_two_outcomes_versus_one),
		cmocka_unit_test(test_each_way_of_being_unable),
		cmocka_unit_test(test_adult_conditions_1_and_3),
		cmocka_unit_test(test_carer_paths),
		cmocka_unit_test(test_from_json_adult),
		cmocka_unit_test(test_from_json_errors),
		cmocka_unit_test(test_from_json_carer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
