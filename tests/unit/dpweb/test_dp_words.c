/* Unit tests for dpweb/dp_words: money and hours as people read and type
 * them, dates in three fields, quarters, alerts in words, and the
 * correction entries that put an earlier entry right. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dpweb/dp_web.h"

static arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static void test_money_and_plan(void **state)
{
	(void)state;
	assert_string_equal(money_pence_text(A, 0), "£0.00");
	assert_string_equal(money_pence_text(A, 5), "£0.05");
	assert_string_equal(money_pence_text(A, 123456), "£1,234.56");
	assert_string_equal(money_pence_text(A, -300), "-£3.00");
	/* £128 a week over 68 days: 128 * 68 / 7 = 1243.428... */
	assert_int_equal(dpw_planned_pence(12800, 68), 124343);
	assert_int_equal(dpw_planned_pence(12800, 7), 12800);
	assert_int_equal(dpw_planned_pence(1, 3), 0);   /* 0.43p */
	assert_int_equal(dpw_planned_pence(7, 1), 1);   /* exactly 1p */
	assert_int_equal(dpw_planned_pence(1, 4), 1);   /* 0.57p rounds up */
	assert_int_equal(dpw_planned_pence(100, 0), 0);
	assert_int_equal(dpw_planned_pence(-5, 10), 0);
	assert_string_equal(dpw_weeks_text(A, 68), "9 weeks and 5 days");
	assert_string_equal(dpw_weeks_text(A, 7), "1 week");
	assert_string_equal(dpw_weeks_text(A, 1), "1 day");
	assert_string_equal(dpw_weeks_text(A, 0), "0 days");
	assert_string_equal(dpw_weeks_text(A, 15), "2 weeks and 1 day");
}

static void test_hours(void **state)
{
	(void)state;
	struct { const char *in; int64_t minutes; } good[] = {
		{"8", 480}, {"0", 0}, {"7.5", 450}, {"7.25", 435}, {"7:30", 450}, {"7:05", 425},
		{"0.01", 1},  /* 0.6 minutes, half up */
		{"7.33", 440}, /* 439.8 */
		{"168", 10080}, {"08.50", 510}};
	for (size_t i = 0; i < SN_ARRAY_LEN(good); i++) {
		int64_t m = -1;
		if (dpw_parse_hours(good[i].in, 10080, &m) || m != good[i].minutes)
			fail_msg("'%s' gave %lld minutes", good[i].in, (long long)m);
	}
	const char *bad[] = {"", " ", "7.", ".5", "7.555", "7:5", "7:60", "-1", "+1", "1e2", "seven",
			     "7 hours", "7,5", "169", "123456", "7:30:00", "7..5"};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++) {
		int64_t m = 99;
		if (dpw_parse_hours(bad[i], 10080, &m) != SN_EINPUT || m != 99)
			fail_msg("'%s' was taken", bad[i]);
	}
	assert_string_equal(dpw_hours_text(A, 480), "8 hours");
	assert_string_equal(dpw_hours_text(A, 60), "1 hour");
	assert_string_equal(dpw_hours_text(A, 450), "7 hours 30 minutes");
	assert_string_equal(dpw_hours_text(A, 61), "1 hour 1 minute");
	assert_string_equal(dpw_hours_text(A, 45), "45 minutes");
	assert_string_equal(dpw_hours_text(A, 0), "0 hours");
	assert_string_equal(dpw_hours_text(A, -120), "-2 hours");
}

static void test_date_fields(void **state)
{
	(void)state;
	char d[11];
	const char *why;
	assert_int_equal(dpw_date_fields("27", "3", "2026", d, &why), SN_OK);
	assert_string_equal(d, "2026-03-27");
	assert_int_equal(dpw_date_fields("1", "01", "2000", d, &why), SN_OK);
	assert_string_equal(d, "2000-01-01");
	assert_int_equal(dpw_date_fields("29", "2", "2028", d, &why), SN_OK);
	struct { const char *d, *m, *y, *why; } bad[] = {
		{"", "", "", "Enter the date"},
		{"", "3", "2026", "The date must include a day"},
		{"1", "", "2026", "The date must include a month"},
		{"1", "3", "", "The date must include a year"},
		{"31", "2", "2026", "The date must be a real date, like 27 3 2026"},
		{"29", "2", "2026", "The date must be a real date, like 27 3 2026"},
		{"1", "13", "2026", "The date must be a real date, like 27 3 2026"},
		{"0", "1", "2026", "The date must be a real date, like 27 3 2026"},
		{"1", "1", "26", "The date must be a real date, like 27 3 2026"},
		{"x", "1", "2026", "The date must be a real date, like 27 3 2026"},
		{"1", "1", "1999", "The year must be between 2000 and 2099"},
		{"1", "1", "2100", "The year must be between 2000 and 2099"},
		{"123", "1", "2026", "The date must be a real date, like 27 3 2026"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++) {
		if (dpw_date_fields(bad[i].d, bad[i].m, bad[i].y, d, &why) != SN_EINPUT)
			fail_msg("%s %s %s was taken", bad[i].d, bad[i].m, bad[i].y);
		assert_string_equal(why, bad[i].why);
	}
}

static void test_quarters(void **state)
{
	(void)state;
	char q[11];
	dpw_quarter_before("2026-05-17", q);
	assert_string_equal(q, "2026-01-01");
	dpw_quarter_before("2026-01-01", q);
	assert_string_equal(q, "2025-10-01");
	dpw_quarter_before("2026-12-31", q);
	assert_string_equal(q, "2026-07-01");
	dpw_quarter_end("2026-01-01", q);
	assert_string_equal(q, "2026-03-31");
	dpw_quarter_end("2028-01-01", q);
	assert_string_equal(q, "2028-03-31");
	dpw_quarter_end("2026-04-01", q);
	assert_string_equal(q, "2026-06-30");
	dpw_quarter_end("2026-10-01", q);
	assert_string_equal(q, "2026-12-31");
	dpw_quarter_end("2026-07-01", q);
	assert_string_equal(q, "2026-09-30");
	dpw_quarter_end("not a date", q);
	assert_string_equal(q, "");
	assert_string_equal(dpw_quarter_label(A, "2026-04-01"), "April to June 2026");
	assert_string_equal(dpw_quarter_label(A, "2025-10-01"), "October to December 2025");
	assert_string_equal(dpw_quarter_label(A, "x"), "");
}

static void test_alert_words(void **state)
{
	(void)state;
	dp_alert u = {.kind = DP_ALERT_UNDERSPEND, .amount_pence = 74280, .of_pence = 117900,
		      .from = "2026-09-15", .to = "2026-12-07"};
	assert_string_equal(dpw_alert_words(A, &u, NULL, NULL),
		"£742.80 of the £1,179.00 paid in from 15 September 2026 to 7 December 2026 has not been spent (63%).");
	dp_alert o = {.kind = DP_ALERT_OUTSIDE_PLAN, .amount_pence = 3850, .from = "2026-11-03"};
	assert_string_equal(dpw_alert_words(A, &o, "GREENS GARDEN CENTRE", NULL),
		"£38.50 spent on “GREENS GARDEN CENTRE” on 3 November 2026 is not against a line of the plan.");
	assert_string_equal(dpw_alert_words(A, &o, "", "l9"),
		"£38.50 spent on 3 November 2026 is against “l9”, which is not a direct-payment line of the plan in force.");
	dp_alert c = {.kind = DP_ALERT_ABOVE_CAP, .amount_pence = 52000, .of_pence = 152000};
	assert_string_equal(dpw_alert_words(A, &c, NULL, NULL),
		"The balance, £1,520.00, is £520.00 above the cap of £1,000.00. The council may reclaim £520.00.");
}

static dp_entry spend(int64_t id, int64_t pence, const char *line)
{
	dp_entry e = {.id = id, .kind = pence < 0 ? DP_SPEND : DP_PAYMENT_IN, .amount_pence = pence,
		      .description = "Garden centre"};
	snprintf(e.on_date, sizeof e.on_date, "2026-11-03");
	snprintf(e.plan_line, sizeof e.plan_line, "%s", line);
	return e;
}

static void test_corrections(void **state)
{
	(void)state;
	dp_entry out[2], e = spend(21, -3850, "");
	size_t n = 9;
	const char *why;
	/* The wrong line: off the old line, onto the new one, both naming it. */
	assert_int_equal(dpw_correction(&e, DPW_FIX_LINE, "l2", 0, "2026-12-07", "compost", A, out, &n,
					&why), SN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].kind, DP_CORRECTION);
	assert_int_equal(out[0].amount_pence, 3850);
	assert_string_equal(out[0].plan_line, "");
	assert_int_equal(out[1].amount_pence, -3850);
	assert_string_equal(out[1].plan_line, "l2");
	assert_int_equal(out[0].corrects, 21);
	assert_int_equal(out[1].corrects, 21);
	assert_string_equal(out[0].on_date, "2026-12-07");
	assert_string_equal(out[0].description, "Correction: moved to another line: compost");
	assert_int_equal(out[0].amount_pence + out[1].amount_pence, 0);
	/* The amount: the difference, on the same line, whichever the sign. */
	e = spend(22, -4500, "l1");
	assert_int_equal(dpw_correction(&e, DPW_FIX_AMOUNT, "", 4000, "2026-12-07", "", A, out, &n, &why),
			 SN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].amount_pence, 500);
	assert_string_equal(out[0].plan_line, "l1");
	assert_string_equal(out[0].description, "Correction: the right amount is £40.00");
	e = spend(23, 64000, "");
	assert_int_equal(dpw_correction(&e, DPW_FIX_AMOUNT, "", 65000, "2026-12-07", "", A, out, &n, &why),
			 SN_OK);
	assert_int_equal(out[0].amount_pence, 1000);
	/* Taken out altogether. */
	assert_int_equal(dpw_correction(&e, DPW_FIX_REMOVE, "", 0, "2026-12-07", "", A, out, &n, &why),
			 SN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].amount_pence, -64000);
	/* Changes that change nothing, and corrections of corrections. */
	e = spend(24, -3850, "l2");
	assert_int_equal(dpw_correction(&e, DPW_FIX_LINE, "l2", 0, "2026-12-07", "", A, out, &n, &why),
			 SN_EINPUT);
	assert_int_equal(n, 0);
	assert_non_null(strstr(why, "different line"));
	assert_int_equal(dpw_correction(&e, DPW_FIX_AMOUNT, "", 3850, "2026-12-07", "", A, out, &n, &why),
			 SN_EINPUT);
	assert_int_equal(dpw_correction(&e, DPW_FIX_AMOUNT, "", 0, "2026-12-07", "", A, out, &n, &why),
			 SN_EINPUT);
	assert_non_null(strstr(why, "more than £0"));
	e.kind = DP_CORRECTION;
	assert_int_equal(dpw_correction(&e, DPW_FIX_REMOVE, "", 0, "2026-12-07", "", A, out, &n, &why),
			 SN_EINPUT);
	assert_non_null(strstr(why, "cannot be corrected"));
	assert_int_equal(dpw_correction(&e, (dpw_fix)9, "", 0, "2026-12-07", "", A, out, &n, &why),
			 SN_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_and_plan),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_date_fields),
		cmocka_unit_test(test_quarters),
		cmocka_unit_test(test_alert_words),
		cmocka_unit_test(test_corrections),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
