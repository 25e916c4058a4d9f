/* Unit tests for wellbeing: ONS4 bands (anxiety its own), the UCLA-3
 * total only when whole, the JSON reader's limits and field names, and
 * writing back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wellbeing/wellbeing.h"

static void test_bands(void **state)
{
	(void)state;
	static const char *const life[11] = {"low", "low", "low", "low", "low", "medium", "medium",
					     "high", "high", "very high", "very high"};
	static const char *const anx[11] = {"very low", "very low", "low", "low", "medium", "medium",
					    "high", "high", "high", "high", "high"};
	for (int v = 0; v <= 10; v++) {
		assert_string_equal(wb_ons4_band(ONS4_LIFE, v), life[v]);
		assert_string_equal(wb_ons4_band(ONS4_HAPPY, v), life[v]);
		assert_string_equal(wb_ons4_band(ONS4_ANXIOUS, v), anx[v]);
	}
	assert_string_equal(wb_ons4_band(ONS4_LIFE, -1), "");
	assert_string_equal(wb_ons4_band(ONS4_LIFE, 11), "");
}

static void test_ucla_total(void **state)
{
	(void)state;
	wb_answers w;
	wb_clear(&w);
	assert_false(wb_any(&w));
	assert_int_equal(wb_ucla3_total(&w), -1);
	w.ucla3[0] = 3;
	w.ucla3[1] = 3;
	assert_int_equal(wb_ucla3_total(&w), -1);
	w.ucla3[2] = 3;
	assert_int_equal(wb_ucla3_total(&w), 9);
	assert_true(wb_any(&w));
}

static void test_json(void **state)
{
	(void)state;
	wb_answers w;
	char err[200];
	json_t *j = json_loads("{\"ons4\":{\"life_satisfaction\":7,\"anxious\":0},\"ucla3\":"
			       "{\"lack_companionship\":1,\"left_out\":2,\"isolated\":3},\"lonely\":\"never\"}",
			       0, NULL);
	assert_int_equal(wb_from_json(j, &w, err, sizeof err), SN_OK);
	assert_int_equal(w.ons4[ONS4_LIFE], 7);
	assert_int_equal(w.ons4[ONS4_HAPPY], -1);
	assert_int_equal(w.lonely, 4);
	json_t *out = wb_to_json(&w);
	assert_int_equal(json_integer_value(json_object_get(out, "ucla3_total")), 6);
	assert_string_equal(json_string_value(json_object_get(json_object_get(out, "ons4_bands"), "anxious")),
			    "very low");
	assert_null(json_object_get(json_object_get(out, "ons4"), "happy"));
	json_decref(out);
	json_decref(j);
	static const struct {
		const char *in, *field;
	} bad[] = {
		{"[]", "wellbeing"},
		{"{\"mood\":1}", "mood"},
		{"{\"ons4\":{\"happy\":11}}", "ons4.happy"},
		{"{\"ons4\":{\"happy\":-1}}", "ons4.happy"},
		{"{\"ons4\":{\"happy\":7.5}}", "ons4.happy"},
		{"{\"ons4\":{\"sad\":1}}", "ons4.sad"},
		{"{\"ons4\":[]}", "ons4"},
		{"{\"ucla3\":{\"isolated\":0}}", "ucla3.isolated"},
		{"{\"ucla3\":{\"isolated\":4}}", "ucla3.isolated"},
		{"{\"lonely\":\"always\"}", "lonely"},
		{"{\"lonely\":3}", "lonely"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *b = json_loads(bad[i].in, JSON_DECODE_ANY, NULL);
		assert_non_null(b);
		assert_int_equal(wb_from_json(b, &w, err, sizeof err), SN_EINPUT);
		assert_true(strncmp(err, bad[i].field, strlen(bad[i].field)) == 0);
		json_decref(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bands),
	    cmocka_unit_test(test_ucla_total),
	    cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
