/* Unit tests for the key human indicators: series from no observation,
 * one, several out of order; skipped items; the UCLA-3 total only when
 * whole; GAS T-scores in hundredths; the unpaid share rounded in
 * integers; goals met from a review's outcomes; the words; the chart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indicators/indicators.h"

static khi_series series[KHI_N];

static void test_empty(void **state)
{
	(void)state;
	khi_build(NULL, 0, series);
	for (int k = 0; k < KHI_N; k++) {
		assert_int_equal(series[k].kind, k);
		assert_int_equal(series[k].n, 0);
		assert_false(series[k].has_latest);
		assert_false(series[k].has_change);
		assert_string_equal(series[k].band, "");
	}
	arena *a = arena_new();
	assert_string_equal(khi_chart_svg(a, &series[KHI_LIFE], "c"), "");
	arena_free(a);
	/* an observation with nothing in it adds nothing */
	khi_obs o;
	khi_obs_clear(&o, 100, KHI_SRC_REVIEW);
	khi_build(&o, 1, series);
	for (int k = 0; k < KHI_N; k++)
		assert_int_equal(series[k].n, 0);
}

static void test_single(void **state)
{
	(void)state;
	khi_obs o;
	khi_obs_clear(&o, 20000, KHI_SRC_REVIEW);
	o.has_wb = true;
	o.wb.ons4[ONS4_LIFE] = 7;
	o.wb.ons4[ONS4_ANXIOUS] = 3;
	o.wb.ucla3[0] = 2;
	o.wb.ucla3[1] = 1;
	o.wb.ucla3[2] = 2;
	o.wb.lonely = 2;
	o.has_t = true;
	o.t_centi = 4621;
	o.goals = 2;
	o.goals_met = 1;
	khi_build(&o, 1, series);
	assert_int_equal(series[KHI_LIFE].n, 1);
	assert_true(series[KHI_LIFE].has_latest);
	assert_false(series[KHI_LIFE].has_change);
	assert_int_equal(series[KHI_LIFE].latest, 7);
	assert_string_equal(series[KHI_LIFE].band, "high");
	assert_string_equal(series[KHI_ANXIOUS].band, "low");
	/* skipped items: no point */
	assert_int_equal(series[KHI_WORTHWHILE].n, 0);
	assert_int_equal(series[KHI_HAPPY].n, 0);
	assert_int_equal(series[KHI_UCLA3].latest, 5);
	assert_string_equal(series[KHI_UCLA3].band, "lonely less often");
	assert_int_equal(series[KHI_LONELY].latest, 2);
	assert_string_equal(series[KHI_LONELY].band, "Occasionally");
	assert_int_equal(series[KHI_GAS].latest, 4621);
	assert_string_equal(series[KHI_GAS].band, "below what was expected");
	assert_int_equal(series[KHI_MET].latest, 1);
	assert_int_equal(series[KHI_MET].points[0].of, 2);
	assert_int_equal(series[KHI_CIRCLE].n, 0);
	assert_int_equal(series[KHI_UNPAID].n, 0);
	arena *a = arena_new();
	const char *svg = khi_chart_svg(a, &series[KHI_GAS], "gas");
	assert_non_null(strstr(svg, "aria-labelledby=\"gas gas-desc\""));
	assert_non_null(strstr(svg, "<title id=\"gas\">Goal attainment (GAS T-score): one point"));
	assert_non_null(strstr(svg, ">46.21</text>"));
	assert_non_null(strstr(svg, ">expected</text>"));
	assert_null(strstr(svg, "<path")); /* one point: no line */
	arena_free(a);
}

static void test_ucla_only_whole(void **state)
{
	(void)state;
	khi_obs o[2];
	khi_obs_clear(&o[0], 10, KHI_SRC_SOCIALRX);
	o[0].has_wb = true;
	o[0].wb.ucla3[0] = 3;
	o[0].wb.ucla3[1] = 3; /* the third skipped */
	khi_obs_clear(&o[1], 20, KHI_SRC_SOCIALRX);
	o[1].has_wb = true;
	o[1].wb.ucla3[0] = o[1].wb.ucla3[1] = o[1].wb.ucla3[2] = 3;
	khi_build(o, 2, series);
	assert_int_equal(series[KHI_UCLA3].n, 1);
	assert_int_equal(series[KHI_UCLA3].latest, 9);
	assert_int_equal(series[KHI_UCLA3].points[0].day, 20);
	assert_string_equal(series[KHI_UCLA3].band, "lonely more often");
	assert_int_equal(series[KHI_LIFE].n, 0);
}

static void test_order_and_change(void **state)
{
	(void)state;
	khi_obs o[4];
	/* given newest first, as the stores list them */
	const int64_t days[4] = {400, 300, 300, 100};
	const int life[4] = {8, 6, 7, 4};
	const int64_t t[4] = {5000, 4621, 4000, 3850};
	for (int i = 0; i < 4; i++) {
		khi_obs_clear(&o[i], days[i], i == 2 ? KHI_SRC_SOCIALRX : KHI_SRC_REVIEW);
		o[i].has_wb = true;
		o[i].wb.ons4[ONS4_LIFE] = life[i];
		o[i].wb.ons4[ONS4_ANXIOUS] = 10 - life[i];
		if (i != 2) {
			o[i].has_t = true;
			o[i].t_centi = t[i];
		}
	}
	khi_build(o, 4, series);
	const khi_series *s = &series[KHI_LIFE];
	assert_int_equal(s->n, 4);
	assert_int_equal(s->points[0].day, 100);
	assert_int_equal(s->points[1].value, 6); /* equal days: in the order given */
	assert_int_equal(s->points[2].value, 7);
	assert_int_equal(s->points[2].source, KHI_SRC_SOCIALRX);
	assert_int_equal(s->latest, 8);
	assert_true(s->has_change);
	assert_int_equal(s->change, 4);
	assert_string_equal(khi_change_verdict(KHI_LIFE, s->change), "better");
	assert_int_equal(series[KHI_ANXIOUS].change, -4);
	assert_string_equal(khi_change_verdict(KHI_ANXIOUS, series[KHI_ANXIOUS].change), "better");
	assert_string_equal(khi_change_verdict(KHI_UCLA3, 2), "worse");
	assert_string_equal(khi_change_verdict(KHI_UCLA3, 0), "same");
	assert_int_equal(series[KHI_GAS].n, 3);
	assert_int_equal(series[KHI_GAS].change, 1150);
	assert_string_equal(series[KHI_GAS].band, "as expected");
	arena *a = arena_new();
	assert_string_equal(khi_change_text(a, KHI_GAS, 1150), "up 11.50");
	assert_string_equal(khi_change_text(a, KHI_GAS, -5), "down 0.05");
	assert_string_equal(khi_change_text(a, KHI_LIFE, 0), "no change");
	assert_string_equal(khi_change_text(a, KHI_LONELY, 2), "less lonely by 2 answers");
	assert_string_equal(khi_value_text(a, KHI_GAS, 3850, 0), "38.50");
	assert_string_equal(khi_value_text(a, KHI_GAS, -1234, 0), "-12.34");
	assert_string_equal(khi_value_text(a, KHI_LONELY, 0, 0), "Often or always");
	const char *svg = khi_chart_svg(a, s, "life");
	assert_non_null(strstr(svg, "4 points from"));
	assert_non_null(strstr(svg, "<path fill=\"none\""));
	assert_non_null(strstr(svg, " L"));
	assert_non_null(strstr(svg, "up 4 since the first"));
	assert_non_null(strstr(svg, "Higher is better."));
	arena_free(a);
}

static void test_circle_and_met(void **state)
{
	(void)state;
	khi_obs o[3];
	khi_obs_clear(&o[0], 1, KHI_SRC_PLAN);
	o[0].circle = 3;
	o[0].unpaid = 1; /* 33.3% -> 33 */
	khi_obs_clear(&o[1], 2, KHI_SRC_PLAN);
	o[1].circle = 8;
	o[1].unpaid = 6; /* 75% */
	khi_obs_clear(&o[2], 3, KHI_SRC_PLAN);
	o[2].circle = 0; /* an empty circle: a size, no share */
	o[2].unpaid = 0;
	khi_build(o, 3, series);
	assert_int_equal(series[KHI_CIRCLE].n, 3);
	assert_int_equal(series[KHI_CIRCLE].latest, 0);
	assert_int_equal(series[KHI_UNPAID].n, 2);
	assert_int_equal(series[KHI_UNPAID].points[0].value, 33);
	assert_int_equal(series[KHI_UNPAID].latest, 75);
	assert_int_equal(series[KHI_UNPAID].change, 42);
	/* 2 of 3 is 66.7%: rounds half up in integers */
	khi_obs_clear(&o[0], 1, KHI_SRC_PLAN);
	o[0].circle = 3;
	o[0].unpaid = 2;
	khi_obs_clear(&o[1], 2, KHI_SRC_PLAN);
	o[1].circle = 8;
	o[1].unpaid = 1; /* 12.5% -> 13 */
	khi_build(o, 2, series);
	assert_int_equal(series[KHI_UNPAID].points[0].value, 67);
	assert_int_equal(series[KHI_UNPAID].points[1].value, 13);
	arena *a = arena_new();
	assert_string_equal(khi_value_text(a, KHI_UNPAID, 67, 3), "67%");
	assert_string_equal(khi_change_text(a, KHI_UNPAID, -54), "down 54 percentage points");
	const char *svg = khi_chart_svg(a, &series[KHI_UNPAID], "unpaid");
	assert_non_null(strstr(svg, " H")); /* a step chart */
	assert_non_null(strstr(svg, ">100%</text>"));
	/* goals met from a review's outcomes */
	json_t *j = json_loads(
	    "[{\"outcome\":\"o1\",\"weight\":2,\"score\":0},{\"outcome\":\"o2\",\"weight\":3,"
	    "\"score\":-1},{\"outcome\":\"o3\",\"score\":2},{\"outcome\":\"o4\"},"
	    "{\"outcome\":\"o5\",\"score\":3},{\"outcome\":\"o6\",\"score\":\"1\"}]",
	    0, NULL);
	int goals, met;
	khi_goals_of(j, &goals, &met);
	assert_int_equal(goals, 3);
	assert_int_equal(met, 2);
	json_decref(j);
	khi_goals_of(NULL, &goals, &met);
	assert_int_equal(goals, 0);
	assert_string_equal(khi_value_text(a, KHI_MET, 2, 3), "2 of 3");
	/* the circle of a plan document: the paid ring is paid */
	plan_doc *d = arena_alloc(a, sizeof *d);
	d->n_circle = 4;
	d->circle[0].ring = RING_INTIMATE;
	d->circle[1].ring = RING_PAID;
	d->circle[2].ring = RING_PARTICIPATION;
	d->circle[3].ring = RING_FRIENDS;
	int c, u;
	khi_circle_of(d, &c, &u);
	assert_int_equal(c, 4);
	assert_int_equal(u, 3);
	arena_free(a);
}

static void test_words(void **state)
{
	(void)state;
	for (int k = 0; k < KHI_N; k++) {
		assert_true(strlen(khi_key(k)) > 0);
		assert_true(strlen(khi_title(k)) > 0);
		assert_true(strlen(khi_meaning(k)) > 0);
		assert_true(strlen(khi_meaning_self(k)) > 0);
		assert_true(strlen(khi_direction_words(k)) > 0);
	}
	assert_string_equal(khi_direction_words(KHI_UCLA3), "Lower is less lonely.");
	assert_int_equal(khi_direction_of(KHI_ANXIOUS), KHI_LOWER_BETTER);
	assert_int_equal(khi_scale(KHI_GAS), 100);
	assert_true(khi_is_step(KHI_CIRCLE));
	assert_false(khi_is_step(KHI_LIFE));
	assert_string_equal(khi_band(KHI_GAS, 5001), "better than expected");
	assert_string_equal(khi_band(KHI_UCLA3, 2), "");
	assert_string_equal(khi_band(KHI_CIRCLE, 5), "");
	assert_string_equal(khi_source_words(KHI_SRC_PLAN), "Support plan");
}

static void test_many_points(void **state)
{
	(void)state;
	/* more than KHI_POINTS_MAX: the newest kept */
	size_t n = KHI_POINTS_MAX + 10;
	khi_obs *o = calloc(n, sizeof *o);
	assert_non_null(o);
	for (size_t i = 0; i < n; i++) {
		khi_obs_clear(&o[i], (int64_t)i, KHI_SRC_REVIEW);
		o[i].has_t = true;
		o[i].t_centi = 2000 + (int64_t)i;
	}
	khi_build(o, n, series);
	assert_int_equal(series[KHI_GAS].n, KHI_POINTS_MAX);
	assert_int_equal(series[KHI_GAS].points[0].day, 10);
	assert_int_equal(series[KHI_GAS].latest, 2000 + (int64_t)n - 1);
	arena *a = arena_new();
	const char *svg = khi_chart_svg(a, &series[KHI_GAS], "many");
	assert_null(strstr(svg, "font-weight=\"bold\"")); /* too many to write each value */
	assert_non_null(strstr(svg, ">20</text>"));       /* the axis reaches down to 20 */
	arena_free(a);
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),           cmocka_unit_test(test_single),
	    cmocka_unit_test(test_ucla_only_whole), cmocka_unit_test(test_order_and_change),
	    cmocka_unit_test(test_circle_and_met),  cmocka_unit_test(test_words),
	    cmocka_unit_test(test_many_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
