/* Unit tests for costbenefit: the demo's telecare model worked by hand,
 * rounding at each step, drop-off over years, a cohort, the ratio in
 * words, and the JSON reader's errors naming their field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "costbenefit/costbenefit.h"

static void test_telecare_by_hand(void **state)
{
	(void)state;
	cb_model m;
	char err[512];
	assert_int_equal(cb_model_load("telecare-2026", &m, err, sizeof err), SN_OK);
	assert_int_equal(m.cohort_min_age, 75);
	cb_result r;
	cb_per_person(&m, &r);
	/* Residential care put off:
	 *   gross            12 weeks x £750.00            = £9,000.00  (900000p)
	 *   it happens for   25% of £9,000.00              = £2,250.00  (225000p)
	 *   deadweight       20% of £2,250.00 = £450.00 off -> £1,800.00 (180000p)
	 *   attribution      25% of £1,800.00 = £450.00 off -> £1,350.00 year 1
	 *   drop-off         50% of £1,350.00 = £675.00 off -> £675.00 year 2
	 *   total            £1,350.00 + £675.00           = £2,025.00  (202500p) */
	const cb_outcome_sums *a = &r.o[0];
	assert_int_equal(a->gross, 900000);
	assert_int_equal(a->expected, 225000);
	assert_int_equal(a->deadweight, 45000);
	assert_int_equal(a->after_deadweight, 180000);
	assert_int_equal(a->attribution, 45000);
	assert_int_equal(a->year[0], 135000);
	assert_int_equal(a->year[1], 67500);
	assert_int_equal(a->year[2], 0);
	assert_int_equal(a->total, 202500);
	/* A fall's admission avoided:
	 *   gross   1 x £3,000.00 = £3,000.00; 10% = £300.00;
	 *   less 30% deadweight (£90.00) = £210.00;
	 *   less 50% attribution (£105.00) = £105.00; one year: £105.00 */
	const cb_outcome_sums *b = &r.o[1];
	assert_int_equal(b->gross, 300000);
	assert_int_equal(b->expected, 30000);
	assert_int_equal(b->after_deadweight, 21000);
	assert_int_equal(b->total, 10500);
	/* benefit £2,025.00 + £105.00 = £2,130.00; cost £300.00;
	 * net £1,830.00; ratio 213000 / 30000 = 7.10 */
	assert_int_equal(r.benefit, 213000);
	assert_int_equal(r.cost, 30000);
	assert_int_equal(r.net, 183000);
	assert_int_equal(r.ratio_pence, 710);
	char words[64];
	cb_ratio_words(r.ratio_pence, words, sizeof words);
	assert_string_equal(words, "£7.10 for every £1");
	/* 189 people: every figure times 189 */
	cb_result c;
	cb_aggregate(&r, 189, &c);
	assert_int_equal(c.people, 189);
	assert_int_equal(c.benefit, 213000 * 189);
	assert_int_equal(c.cost, 30000 * 189);
	assert_int_equal(c.o[0].year[1], 67500 * 189);
	assert_int_equal(c.ratio_pence, 710);
	json_t *j = cb_to_json(&m, &r, &c);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "cohort"), "net_pence")), 183000 * 189);
	json_decref(j);
	cb_aggregate(&r, 9, &c);
	j = cb_to_json(&m, &r, &c);
	assert_true(json_is_null(json_object_get(j, "cohort"))); /* fewer than 10 people */
	json_decref(j);
}

static void test_rounding_and_drop_off(void **state)
{
	(void)state;
	/* share: (x * bp + 5000) / 10000, halves up */
	assert_int_equal(cb_share(1, 5000), 1);     /* 0.5p -> 1p */
	assert_int_equal(cb_share(1, 4999), 0);     /* 0.4999p -> 0p */
	assert_int_equal(cb_share(333, 3333), 111); /* 110.9889p -> 111p */
	assert_int_equal(cb_share(0, 10000), 0);
	assert_int_equal(cb_share(12345, 10000), 12345);
	cb_model m = {.n_inputs = 1, .n_outcomes = 1};
	m.inputs[0].cost_pence = 0;
	m.outcomes[0] = (cb_outcome){.unit_cost_pence = 1001, .units = 1, .achieved_bp = 10000, .deadweight_bp = 0,
				     .attribution_bp = 0, .drop_off_bp = 3333, .years = 4};
	cb_result r;
	cb_per_person(&m, &r);
	/* year 1 1001p; year 2: 1001 - share(1001, 33.33%) = 1001 - 334 (333.6333) = 667;
	 * year 3: 667 - 222 (222.3111) = 445; year 4: 445 - 148 (148.3185) = 297;
	 * total 1001 + 667 + 445 + 297 = 2410 */
	assert_int_equal(r.o[0].year[1], 667);
	assert_int_equal(r.o[0].year[2], 445);
	assert_int_equal(r.o[0].year[3], 297);
	assert_int_equal(r.o[0].total, 2410);
	assert_int_equal(r.ratio_pence, -1);
	char words[64];
	cb_ratio_words(r.ratio_pence, words, sizeof words);
	assert_string_equal(words, "no cost to weigh against");
	/* ratio rounding: 2410 / 3 pounds... cost 300p: 2410 * 100 / 300 = 803.33 -> 803 */
	m.inputs[0].cost_pence = 300;
	cb_per_person(&m, &r);
	assert_int_equal(r.ratio_pence, 803);
	assert_int_equal(r.net, 2110);
	cb_percent_words(2500, words, sizeof words);
	assert_string_equal(words, "25%");
	cb_percent_words(1250, words, sizeof words);
	assert_string_equal(words, "12.5%");
	cb_percent_words(3333, words, sizeof words);
	assert_string_equal(words, "33.33%");
}

static void assert_refused(const char *json, const char *want)
{
	cb_model m;
	char err[512];
	assert_int_equal(cb_model_from_json(json, strlen(json), &m, err, sizeof err), SN_EINPUT);
	if (!strstr(err, want))
		fail_msg("wanted '%s' in '%s'", want, err);
}

#define HEAD "{\"id\": \"t\", \"title\": \"T\", \"cohort\": {\"label\": \"all\", \"min_age\": 0}, "
#define INPUTS "\"inputs\": [{\"key\": \"a\", \"label\": \"A\", \"cost_pence\": 100}], "
#define OUTCOME(extra)                                                                                         \
	"\"outcomes\": [{\"key\": \"o\", \"label\": \"O\", \"unit\": \"week\", \"unit_cost_pence\": 100, "     \
	"\"units\": 1, \"achieved_bp\": 10000, \"deadweight_bp\": 0, \"attribution_bp\": 0, "                   \
	"\"drop_off_bp\": 0, \"years\": 1" extra "}]}"

static void test_reader_errors(void **state)
{
	(void)state;
	cb_model m;
	char err[512];
	const char *good = HEAD INPUTS OUTCOME("");
	assert_int_equal(cb_model_from_json(good, strlen(good), &m, err, sizeof err), SN_OK);
	assert_refused("[]", "input:");
	assert_refused("{\"id\": \"t\"", "input:");
	assert_refused(HEAD INPUTS OUTCOME(", \"colour\": 1"), "outcomes[0].colour: not a field of the model");
	assert_refused(HEAD INPUTS OUTCOME(", \"years\": 0"), "input:"); /* a duplicate key */
	assert_refused("{\"id\": \"T!\", \"title\": \"T\"}", "id: a-z, 0-9 and - only");
	assert_refused("{\"id\": \"t\", \"title\": 5}", "title: must be a string");
	assert_refused("{\"id\": \"t\", \"title\": \"T\"}", "cohort: missing");
	assert_refused(HEAD "\"inputs\": [], " OUTCOME(""), "inputs: must be a list of 1 to 8");
	assert_refused(HEAD "\"inputs\": [{\"key\": \"a\", \"label\": \"A\", \"cost_pence\": -1}], " OUTCOME(""),
		       "inputs[0].cost_pence: a whole number from 0 to 10000000");
	assert_refused(HEAD "\"inputs\": [{\"key\": \"a\", \"label\": \"A\", \"cost_pence\": 1.5}], " OUTCOME(""),
		       "inputs[0].cost_pence: a whole number");
	assert_refused(HEAD "\"inputs\": [{\"key\": \"a\", \"label\": \"A\"}], " OUTCOME(""),
		       "inputs[0].cost_pence: missing: a whole number");
	const char *bp = HEAD INPUTS "\"outcomes\": [{\"key\": \"o\", \"label\": \"O\", \"unit\": \"week\", "
				    "\"unit_cost_pence\": 100, \"units\": 1, \"achieved_bp\": 10001, \"deadweight_bp\": 0, "
				    "\"attribution_bp\": 0, \"drop_off_bp\": 0, \"years\": 1}]}";
	assert_refused(bp, "outcomes[0].achieved_bp: a whole number from 0 to 10000");
	const char *yrs = HEAD INPUTS "\"outcomes\": [{\"key\": \"o\", \"label\": \"O\", \"unit\": \"week\", "
				     "\"unit_cost_pence\": 100, \"units\": 1, \"achieved_bp\": 1, \"deadweight_bp\": 0, "
				     "\"attribution_bp\": 0, \"drop_off_bp\": 0, \"years\": 11}]}";
	assert_refused(yrs, "outcomes[0].years: a whole number from 1 to 10");
	assert_int_equal(cb_model_load("nothing", &m, err, sizeof err), SN_ENOTFOUND);
	assert_non_null(strstr(err, "telecare-2026"));
	assert_int_equal(cb_model_load("../x", &m, err, sizeof err), SN_EINPUT);
}

int main(void)
{
	if (base_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_telecare_by_hand),
		cmocka_unit_test(test_rounding_and_drop_off),
		cmocka_unit_test(test_reader_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
