/* Unit tests for plan/civil_date.c and plan/reviews_due.c: day numbers,
 * leap years, strict dates, calendar months at month ends, the review due
 * dates (the issue's example worked by hand), reviews before sign-off,
 * the order of overdue, ties on the day, triggers, and the JSON case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/plan_rules.h"

static int64_t D(const char *s)
{
	int64_t d = -1;
	if (civil_parse(s, &d))
		fail_msg("not a date: %s", s);
	return d;
}

static void assert_date(int64_t days, const char *want)
{
	char got[11];
	civil_format(days, got);
	if (strcmp(got, want) != 0)
		fail_msg("%s, want %s", got, want);
}

static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("1970-01-02"), 1);
	assert_int_equal(D("1969-12-31"), -1);
	assert_int_equal(D("2000-03-01") - D("2000-02-28"), 2); /* 2000 is a leap year */
	assert_int_equal(D("1900-03-01") - D("1900-02-28"), 1); /* 1900 is not */
	assert_int_equal(D("2100-03-01") - D("2100-02-28"), 1);
	assert_int_equal(D("2024-03-01") - D("2024-02-28"), 2);
	/* Every day from 1900 to 2400 round-trips, one after another. */
	int64_t prev = civil_days(1899, 12, 31);
	for (int64_t y = 1900; y <= 2400; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= civil_days_in_month(y, m); d++) {
				int64_t z = civil_days(y, m, d), yy;
				int mm, dd;
				assert_int_equal(z, prev + 1);
				civil_from_days(z, &yy, &mm, &dd);
				assert_true(yy == y && mm == m && dd == d);
				prev = z;
			}
	assert_true(civil_is_leap(2000) && civil_is_leap(2024) && !civil_is_leap(1900) &&
		    !civil_is_leap(2100) && !civil_is_leap(2026));
	assert_int_equal(civil_days_in_month(2026, 2), 28);
	assert_int_equal(civil_days_in_month(2028, 2), 29);
	assert_int_equal(civil_days_in_month(2026, 13), 0);
	assert_int_equal(civil_of_time(0), 0);
	assert_int_equal(civil_of_time(86399), 0);
	assert_int_equal(civil_of_time(86400), 1);
	assert_int_equal(civil_of_time(-1), -1);
	assert_int_equal(civil_of_time(1769904000), D("2026-02-01")); /* 2026-02-01T00:00:00Z */
}

static void test_strict_dates(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2026-02-30", "2026-02-29", "2023-02-29", "2100-02-29", "2026-04-31", "2026-13-01",
		"2026-00-10", "2026-01-00", "2026-1-01",  "2026-01-1",  "26-01-01",   "2026/01/01",
		"2026-01-01 ", " 2026-01-01", "2026-01-01T00:00:00Z", "", "20260101", "+026-01-01",
		"2026-0a-01", "1899-12-31", "9999-01-01", "0000-01-01", "2026-01-32", "２026-01-01",
	};
	int64_t d;
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++)
		if (civil_parse(bad[i], &d) != SN_EINPUT)
			fail_msg("'%s' was taken", bad[i]);
	assert_int_equal(civil_parse(NULL, &d), SN_EINPUT);
	assert_int_equal(civil_parse("2024-02-29", &d), SN_OK);
	assert_int_equal(civil_parse("2000-02-29", &d), SN_OK);
	assert_int_equal(civil_parse("1900-01-01", &d), SN_OK);
	assert_int_equal(civil_parse("9998-12-31", &d), SN_OK);
	assert_date(civil_add_months(d, 12), "9999-12-31");
}

static void test_calendar_months(void **state)
{
	(void)state;
	assert_date(civil_add_months(D("2025-08-31"), 6), "2026-02-28");
	assert_date(civil_add_months(D("2023-08-31"), 6), "2024-02-29");
	assert_date(civil_add_months(D("2024-02-29"), 12), "2025-02-28");
	assert_date(civil_add_months(D("2024-02-29"), 48), "2028-02-29");
	assert_date(civil_add_months(D("2026-01-31"), 1), "2026-02-28");
	assert_date(civil_add_months(D("2028-01-31"), 1), "2028-02-29");
	assert_date(civil_add_months(D("2026-01-31"), 6), "2026-07-31");
	assert_date(civil_add_months(D("2026-03-31"), 6), "2026-09-30");
	assert_date(civil_add_months(D("2026-05-31"), 6), "2026-11-30");
	assert_date(civil_add_months(D("2026-07-15"), 6), "2027-01-15");
	assert_date(civil_add_months(D("2026-12-31"), 12), "2027-12-31");
	assert_date(civil_add_months(D("2026-11-30"), 3), "2027-02-28");
	assert_date(civil_add_months(D("2026-03-31"), -1), "2026-02-28");
	assert_date(civil_add_months(D("2026-01-15"), -13), "2024-12-15");
	assert_date(civil_add_months(D("2026-02-28"), 0), "2026-02-28");
}

static review_case base_case(const char *signed_off, bool dp, const char *today)
{
	review_case c;
	memset(&c, 0, sizeof c);
	c.signed_off = D(signed_off);
	c.direct_payment = dp;
	c.today = D(today);
	return c;
}

static void add_review(review_case *c, const char *on)
{
	c->reviews[c->n_reviews++] = D(on);
}

static void assert_overdue(const review_result *r, const char *want)
{
	char got[128] = "";
	size_t n = 0;
	for (size_t i = 0; i < r->n_overdue; i++)
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", i ? "," : "",
				      review_due_key(r->overdue[i]));
	if (strcmp(got, want) != 0)
		fail_msg("overdue [%s], want [%s]", got, want);
}

/* The issue's example, by hand: signed off Saturday 31 January 2026.
 * Light touch: +42 days = 14 March, +56 days = 28 March; the review on 20
 * March is inside. Direct payment: 31 January + 6 months = 31 July 2026.
 * Next review: 12 months after the latest of 31 January and 20 March =
 * 20 March 2027. The rule "a due date is met by a review on or after
 * sign-off and on or before it", read literally, makes the 20 March
 * review meet the direct-payment date too (it is after sign-off and
 * before 31 July), so nothing is overdue on 1 September 2026. */
static void test_issue_example(void **state)
{
	(void)state;
	review_case c = base_case("2026-01-31", true, "2026-09-01");
	add_review(&c, "2026-03-20");
	review_result r;
	review_due_dates(&c, &r);
	assert_date(r.light_touch_from, "2026-03-14");
	assert_date(r.light_touch_by, "2026-03-28");
	assert_date(r.dp_by, "2026-07-31");
	assert_date(r.next_review_by, "2027-03-20");
	assert_date(r.light_touch_met_on, "2026-03-20");
	assert_date(r.dp_met_on, "2026-03-20");
	assert_overdue(&r, "");
	/* Without the review, all three are overdue on 2027-03-01, in order. */
	c.n_reviews = 0;
	c.today = D("2027-03-01");
	review_due_dates(&c, &r);
	assert_date(r.next_review_by, "2027-01-31");
	assert_overdue(&r, "light_touch,direct_payment,annual");
	/* No direct payment: no date, never overdue. */
	c.direct_payment = false;
	review_due_dates(&c, &r);
	assert_int_equal(r.dp_by, -1);
	assert_int_equal(r.dp_met_on, -1);
	assert_overdue(&r, "light_touch,annual");
}

/* Dates on the day: a review on the due date meets it; a due date equal to
 * today is not yet overdue, the day after it is. */
static void test_ties(void **state)
{
	(void)state;
	review_case c = base_case("2026-01-31", true, "2026-03-28");
	review_result r;
	review_due_dates(&c, &r);
	assert_overdue(&r, ""); /* light touch due today: not overdue */
	c.today = D("2026-03-29");
	review_due_dates(&c, &r);
	assert_overdue(&r, "light_touch");
	add_review(&c, "2026-03-28"); /* on the last day: met */
	review_due_dates(&c, &r);
	assert_overdue(&r, "");
	c.reviews[0] = D("2026-03-29"); /* a day late: not met */
	review_due_dates(&c, &r);
	assert_overdue(&r, "light_touch");
	c.reviews[0] = D("2026-01-31"); /* on the day of sign-off: met, literally */
	review_due_dates(&c, &r);
	assert_overdue(&r, "");
	assert_date(r.next_review_by, "2027-01-31");
	/* Direct payment on its day (31 July), and the day after. */
	c.n_reviews = 0;
	add_review(&c, "2026-03-20");
	c.reviews[0] = D("2026-07-31");
	c.today = D("2026-08-01");
	review_due_dates(&c, &r);
	assert_overdue(&r, "light_touch");
	c.reviews[0] = D("2026-08-01");
	review_due_dates(&c, &r);
	assert_overdue(&r, "light_touch,direct_payment");
	/* Annual: due 2027-08-01 from that review; today equal, then after. */
	c.today = D("2027-08-01");
	review_due_dates(&c, &r);
	assert_overdue(&r, "light_touch,direct_payment");
	c.today = D("2027-08-02");
	review_due_dates(&c, &r);
	assert_overdue(&r, "light_touch,direct_payment,annual");
}

static void test_reviews_before_signoff_and_order(void **state)
{
	(void)state;
	review_case c = base_case("2026-01-31", false, "2026-06-01");
	add_review(&c, "2025-12-01"); /* the last plan's review: not counted */
	add_review(&c, "2026-01-30");
	review_result r;
	review_due_dates(&c, &r);
	assert_int_equal(r.n_counted, 0);
	assert_date(r.latest, "2026-01-31");
	assert_date(r.next_review_by, "2027-01-31");
	assert_int_equal(r.light_touch_met_on, -1);
	assert_overdue(&r, "light_touch");
	/* Reviews in any order: the latest sets the next review, the
	 * earliest that fits meets light touch. */
	add_review(&c, "2026-11-02");
	add_review(&c, "2026-03-01");
	add_review(&c, "2026-03-20");
	review_due_dates(&c, &r);
	assert_int_equal(r.n_counted, 3);
	assert_date(r.latest, "2026-11-02");
	assert_date(r.next_review_by, "2027-11-02");
	assert_date(r.light_touch_met_on, "2026-03-01");
	/* A review dated after today is counted as given. */
	assert_overdue(&r, "");
}

/* Sign-off at month ends and on 29 February. */
static void test_month_end_signoffs(void **state)
{
	(void)state;
	review_case c = base_case("2025-08-31", true, "2025-09-01");
	review_result r;
	review_due_dates(&c, &r);
	assert_date(r.dp_by, "2026-02-28");
	assert_date(r.next_review_by, "2026-08-31");
	c = base_case("2023-08-31", true, "2023-09-01");
	review_due_dates(&c, &r);
	assert_date(r.dp_by, "2024-02-29");
	c = base_case("2024-02-29", true, "2024-03-01");
	review_due_dates(&c, &r);
	assert_date(r.light_touch_from, "2024-04-11");
	assert_date(r.light_touch_by, "2024-04-25");
	assert_date(r.dp_by, "2024-08-29");
	assert_date(r.next_review_by, "2025-02-28");
	c = base_case("2026-12-31", false, "2027-01-01");
	review_due_dates(&c, &r);
	assert_date(r.light_touch_from, "2027-02-11");
	assert_date(r.light_touch_by, "2027-02-25");
	assert_date(r.next_review_by, "2027-12-31");
}

static void test_triggers(void **state)
{
	(void)state;
	review_case c = base_case("2026-01-31", false, "2026-07-01");
	add_review(&c, "2026-03-20");
	c.triggers[0] = (review_trigger){D("2026-05-01"), D("2026-05-15")}; /* unmet, overdue */
	c.triggers[1] = (review_trigger){D("2026-03-01"), D("2026-03-31")}; /* met on 20 March */
	c.triggers[2] = (review_trigger){D("2026-06-20"), D("2026-07-04")}; /* not yet due */
	c.triggers[3] = (review_trigger){D("2026-05-02"), D("2026-05-02")}; /* unmet, overdue */
	c.n_triggers = 4;
	review_result r;
	review_due_dates(&c, &r);
	assert_overdue(&r, "triggered,triggered");
	assert_true(r.trigger_overdue[0] && !r.trigger_overdue[1] && !r.trigger_overdue[2] &&
		    r.trigger_overdue[3]);
	assert_int_equal(r.trigger_met_on[0], -1);
	assert_date(r.trigger_met_on[1], "2026-03-20");
	/* A review before the trigger was raised does not meet it. */
	add_review(&c, "2026-04-30");
	review_due_dates(&c, &r);
	assert_true(r.trigger_overdue[0]);
	add_review(&c, "2026-05-01"); /* on the day it was raised: met */
	review_due_dates(&c, &r);
	assert_false(r.trigger_overdue[0]);
	/* Triggered comes after the three kinds. */
	c.today = D("2030-01-01");
	c.direct_payment = true;
	c.n_reviews = 0;
	review_due_dates(&c, &r);
	assert_overdue(&r, "light_touch,direct_payment,annual,triggered,triggered,triggered,triggered");
}

static void json_refused(const char *text, const char *field)
{
	static review_case c;
	bool t;
	char err[256] = "";
	assert_int_not_equal(review_case_from_json(text, strlen(text), 0, &c, &t, err, sizeof err),
			     SN_OK);
	if (strncmp(err, field, strlen(field)) != 0)
		fail_msg("%s: '%s' should start with '%s'", text, err, field);
	assert_null(strchr(err, '\n'));
}

static void test_json(void **state)
{
	(void)state;
	static review_case c;
	static review_result r;
	bool with_triggers;
	char err[256];
	const char *in = "{\"signed_off\":\"2026-01-31\",\"direct_payment\":true,"
			 "\"reviews\":[\"2026-03-20\"],\"today\":\"2026-09-01\"}";
	assert_int_equal(review_case_from_json(in, strlen(in), 0, &c, &with_triggers, err, sizeof err),
			 SN_OK);
	assert_false(with_triggers);
	review_due_dates(&c, &r);
	json_t *o = review_result_to_json(&c, &r, with_triggers);
	json_t *w = json_object_get(o, "workings");
	json_object_del(o, "workings");
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(s, "{\"light_touch_from\":\"2026-03-14\",\"light_touch_by\":\"2026-03-28\","
			       "\"direct_payment_review_by\":\"2026-07-31\",\"next_review_by\":"
			       "\"2027-03-20\",\"overdue\":[]}");
	free(s);
	json_decref(o);
	(void)w;

	/* Defaults: no direct payment, no reviews, today from the caller. */
	const char *min = "{\"signed_off\":\"2024-01-31\"}";
	assert_int_equal(review_case_from_json(min, strlen(min), D("2026-01-01"), &c, &with_triggers,
					       err, sizeof err),
			 SN_OK);
	review_due_dates(&c, &r);
	o = review_result_to_json(&c, &r, false);
	assert_true(json_is_null(json_object_get(o, "direct_payment_review_by")));
	s = json_dumps(json_object_get(o, "overdue"), JSON_COMPACT);
	assert_string_equal(s, "[\"light_touch\",\"annual\"]");
	free(s);
	assert_true(json_array_size(json_object_get(o, "workings")) >= 4);
	json_decref(o);

	/* Triggers: "triggered" once however many, each in "triggers". */
	const char *tr = "{\"signed_off\":\"2026-01-31\",\"today\":\"2026-02-20\",\"triggers\":["
			 "{\"raised_on\":\"2026-02-01\",\"due_on\":\"2026-02-10\"},"
			 "{\"raised_on\":\"2026-02-02\",\"due_on\":\"2026-02-11\"}]}";
	assert_int_equal(review_case_from_json(tr, strlen(tr), 0, &c, &with_triggers, err, sizeof err),
			 SN_OK);
	assert_true(with_triggers);
	review_due_dates(&c, &r);
	o = review_result_to_json(&c, &r, true);
	s = json_dumps(json_object_get(o, "overdue"), JSON_COMPACT);
	assert_string_equal(s, "[\"triggered\"]");
	free(s);
	s = json_dumps(json_array_get(json_object_get(o, "triggers"), 1), JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(s, "{\"raised_on\":\"2026-02-02\",\"due_on\":\"2026-02-11\",\"met_on\":null,"
			       "\"overdue\":true}");
	free(s);
	json_decref(o);

	json_refused("nope", "input:");
	json_refused("{}", "signed_off:");
	json_refused("{\"signed_off\":\"2026-02-30\"}", "signed_off:");
	json_refused("{\"signed_off\":20260131}", "signed_off:");
	json_refused("{\"signed_off\":null}", "signed_off:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"direct_payment\":\"yes\"}", "direct_payment:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"direct_payment\":1}", "direct_payment:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"reviews\":\"2026-03-20\"}", "reviews:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"reviews\":[\"2026-03-20\",\"2026-3-21\"]}",
		     "reviews[1]:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"reviews\":[null]}", "reviews[0]:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"today\":\"tomorrow\"}", "today:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"today\":null}", "today:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"when\":1}", "when:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"triggers\":{}}", "triggers:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"triggers\":[1]}", "triggers[0]:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"triggers\":[{\"due_on\":\"2026-02-01\"}]}",
		     "triggers[0].raised_on:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"triggers\":[{\"raised_on\":\"2026-02-01\"}]}",
		     "triggers[0].due_on:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"triggers\":[{\"raised_on\":\"2026-02-01\","
		     "\"due_on\":\"2026-01-31\"}]}",
		     "triggers[0].due_on:");
	json_refused("{\"signed_off\":\"2026-01-31\",\"triggers\":[{\"raised_on\":\"2026-02-01\","
		     "\"due_on\":\"2026-02-02\",\"why\":\"fall\"}]}",
		     "triggers[0].why:");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_numbers),
		cmocka_unit_test(test_strict_dates),
		cmocka_unit_test(test_calendar_months),
		cmocka_unit_test(test_issue_example),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_reviews_before_signoff_and_order),
		cmocka_unit_test(test_month_end_signoffs),
		cmocka_unit_test(test_triggers),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
