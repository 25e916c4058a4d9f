/* Unit tests for dp/dp_ledger: running balance, totals by plan line, each
 * alert firing and not firing, the quarter's figures, an assistant's
 * holiday year, and the calendar underneath. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dp/dp_int.h"

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

static dp_entry E(int64_t id, const char *date, dp_kind k, int64_t pence, const char *line)
{
	dp_entry e = {.id = id, .kind = k, .amount_pence = pence, .description = "x"};
	snprintf(e.on_date, sizeof e.on_date, "%s", date);
	snprintf(e.plan_line, sizeof e.plan_line, "%s", line);
	return e;
}

static const dp_settings DEFAULTS = {.underspend_percent = 20, .underspend_weeks = 12};

/* ---- dates ---- */

static void test_calendar(void **state)
{
	(void)state;
	int64_t d;
	assert_int_equal(dp_date_days("1970-01-01", &d), SN_OK);
	assert_int_equal(d, 0);
	assert_int_equal(dp_date_days("2026-01-31", &d), SN_OK);
	char out[11];
	dp_date_iso(d + 29, out);
	assert_string_equal(out, "2026-03-01");
	assert_int_equal(dp_date_days("2024-02-29", &d), SN_OK);
	dp_date_iso(d + 366, out);
	assert_string_equal(out, "2025-03-01");
	for (int64_t x = -25000; x < 60000; x += 17) { /* round trips */
		char s[11];
		int64_t back;
		dp_date_iso(x, s);
		assert_int_equal(dp_date_days(s, &back), SN_OK);
		assert_int_equal(back, x);
	}
	assert_int_equal(dp_date_days("2025-02-29", &d), SN_EINPUT);
	assert_int_equal(dp_date_days("2026-1-31", &d), SN_EINPUT);
	assert_int_equal(dp_date_days("1899-12-31", &d), SN_EINPUT);
	assert_int_equal(dp_date_days(NULL, &d), SN_EINPUT);
	assert_true(dp_leap(2000) && dp_leap(2024) && !dp_leap(1900) && !dp_leap(2026));
}

/* ---- balance and totals ---- */

static void test_balance_in_date_then_id_order(void **state)
{
	(void)state;
	dp_entry e[] = {
		E(4, "2026-01-10", DP_SPEND, -3000, "pa"),
		E(1, "2026-01-01", DP_PAYMENT_IN, 100000, ""),
		E(3, "2026-01-05", DP_SPEND, -2000, "day"),
		E(2, "2026-01-05", DP_SPEND, -500, "pa"),
		E(5, "2026-01-10", DP_REFUND, 700, "pa"),
	};
	dp_ledger_order(e, SN_ARRAY_LEN(e));
	static const int64_t ids[] = {1, 2, 3, 4, 5};
	static const int64_t bal[] = {100000, 99500, 97500, 94500, 95200};
	for (size_t i = 0; i < SN_ARRAY_LEN(e); i++) {
		assert_int_equal(e[i].id, ids[i]);
		assert_int_equal(e[i].balance_pence, bal[i]);
	}
	assert_int_equal(dp_balance_at(e, 5, "2025-12-31"), 0);
	assert_int_equal(dp_balance_at(e, 5, "2026-01-05"), 97500);
	assert_int_equal(dp_balance_at(e, 5, "2026-01-09"), 97500);
	assert_int_equal(dp_balance_at(e, 5, "2027-01-01"), 95200);
	dp_ledger_order(NULL, 0);

	size_t n = 0;
	dp_line_total *t = dp_totals_by_line(e, 5, NULL, NULL, A, &n);
	assert_int_equal(n, 3);
	assert_string_equal(t[0].line, ""); /* no line first */
	assert_int_equal(t[0].in_pence, 100000);
	assert_string_equal(t[1].line, "day");
	assert_int_equal(t[1].out_pence, 2000);
	assert_string_equal(t[2].line, "pa");
	assert_int_equal(t[2].out_pence, 3500);
	assert_int_equal(t[2].in_pence, 700);
	assert_int_equal(t[2].entries, 3);
	t = dp_totals_by_line(e, 5, "2026-01-06", "2026-01-31", A, &n);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].out_pence, 3000);
	json_t *j = dp_line_totals_to_json(t, n);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "plan_line")),
			    "pa");
	json_decref(j);
	dp_entry k = E(1, "2026-01-01", DP_RECLAIM, -5, "");
	assert_string_equal(dp_kind_key(k.kind), "reclaim");
	assert_int_equal(dp_kind_parse("correction"), DP_CORRECTION);
	assert_int_equal(dp_kind_parse("gift"), DP_N_KINDS);
	assert_int_equal(dp_kind_parse(NULL), DP_N_KINDS);
}

/* ---- alerts ---- */

static size_t alerts(dp_entry *e, size_t n, const dp_settings *set, const char *const *lines,
		     size_t nl, const char *today, dp_alert **out)
{
	size_t k = 0;
	dp_ledger_order(e, n);
	assert_int_equal(dp_alerts(e, n, set, lines, nl, today, A, out, &k), SN_OK);
	return k;
}

/* With the plan's weekly cost known, spending is compared with what the
 * plan expects: four weeks paid in advance is not an underspend. */
static void test_underspend_against_plan(void **state)
{
	(void)state;
	dp_alert *x = NULL;
	dp_settings s = {.underspend_percent = 20, .underspend_weeks = 12,
			 .planned_weekly_pence = 16000};
	/* Opened 2026-01-05: £640 in every four weeks ahead, £160 spent each
	 * week; on 2026-02-02 the fresh £640 is in hand, nothing is wrong. */
	dp_entry e[16];
	size_t n = 0;
	for (int w = 0; w < 5; w++) {
		char d[11];
		snprintf(d, sizeof d, "2026-%02d-%02d", w < 4 ? 1 : 2, w < 4 ? 5 + 7 * w : 2);
		if (w % 4 == 0) {
			e[n] = E((int64_t)n + 1, d, DP_PAYMENT_IN, 64000, "");
			n++;
		}
		e[n] = E((int64_t)n + 1, d, DP_SPEND, -16000, "pa");
		n++;
	}
	assert_int_equal(alerts(e, n, &s, NULL, 0, "2026-02-02", &x), 0);
	/* The old rule, on payments in, would call it an underspend. */
	dp_settings old = s;
	old.planned_weekly_pence = 0;
	assert_int_equal(alerts(e, n, &old, NULL, 0, "2026-02-02", &x), 1);
	/* Half the spending: 29 days expect £662.85; £400 spent; £262.85 left,
	 * 39% of it: over 20%. */
	for (size_t i = 0; i < n; i++)
		if (e[i].kind == DP_SPEND)
			e[i].amount_pence = -8000;
	assert_int_equal(alerts(e, n, &s, NULL, 0, "2026-02-02", &x), 1);
	assert_int_equal(x[0].kind, DP_ALERT_UNDERSPEND);
	assert_string_equal(x[0].from, "2026-01-05");
	assert_int_equal(x[0].of_pence, 16000 * 29 / 7);
	assert_int_equal(x[0].amount_pence, 16000 * 29 / 7 - 40000);
	assert_non_null(strstr(x[0].text, "the plan expects over the last 29 days"));
}

static void test_underspend(void **state)
{
	(void)state;
	dp_alert *x = NULL;
	/* £1,000 in over 12 weeks to 2026-03-25 (from 2026-01-01); £800 spent:
	 * 20% left is not over 20%. */
	dp_entry e[] = {
		E(1, "2025-12-31", DP_PAYMENT_IN, 500000, ""), /* before the period */
		E(2, "2026-01-01", DP_PAYMENT_IN, 100000, ""),
		E(3, "2026-02-01", DP_SPEND, -80000, "pa"),
		E(4, "2026-03-01", DP_RECLAIM, -10000, ""), /* neither in nor spending */
		E(5, "2026-03-26", DP_SPEND, -1, "pa"),     /* after today */
	};
	size_t n = alerts(e, 5, &DEFAULTS, NULL, 0, "2026-03-25", &x);
	assert_int_equal(n, 0);
	/* £1 less spent: 20.01% left is over. */
	e[2].amount_pence = -79900;
	n = alerts(e, 5, &DEFAULTS, NULL, 0, "2026-03-25", &x);
	assert_int_equal(n, 1);
	assert_int_equal(x[0].kind, DP_ALERT_UNDERSPEND);
	assert_int_equal(x[0].amount_pence, 20100);
	assert_int_equal(x[0].of_pence, 100000);
	assert_string_equal(x[0].from, "2026-01-01");
	assert_string_equal(x[0].to, "2026-03-25");
	assert_string_equal(x[0].text, "Underspend: £201 of the £1,000 paid in over the last 12 "
				       "weeks is unspent (20%; the threshold is 20%).");
	json_t *j = dp_alert_to_json(&x[0]);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "underspend");
	assert_int_equal(json_integer_value(json_object_get(j, "paid_in_pence")), 100000);
	json_decref(j);
	/* A refund back into the account counts against the spending. */
	dp_entry r[] = {
		E(1, "2026-01-01", DP_PAYMENT_IN, 100000, ""),
		E(2, "2026-01-02", DP_SPEND, -90000, "pa"),
		E(3, "2026-01-03", DP_REFUND, 20000, "pa"),
	};
	assert_int_equal(alerts(r, 3, &DEFAULTS, NULL, 0, "2026-01-31", &x), 1);
	assert_int_equal(x[0].amount_pence, 30000);
	/* A shorter period or a higher threshold. */
	dp_settings s = {.underspend_percent = 50, .underspend_weeks = 1};
	assert_int_equal(alerts(r, 3, &s, NULL, 0, "2026-01-31", &x), 0); /* nothing in, last week */
	s.underspend_weeks = 5;
	assert_int_equal(alerts(r, 3, &s, NULL, 0, "2026-01-31", &x), 0); /* 30% < 50% */
	/* Overspent: no alert. */
	dp_entry o[] = {E(1, "2026-01-01", DP_PAYMENT_IN, 100, ""), E(2, "2026-01-02", DP_SPEND,
								       -200, "pa")};
	assert_int_equal(alerts(o, 2, &DEFAULTS, NULL, 0, "2026-01-31", &x), 0);
	assert_int_equal(dp_alerts(o, 2, &DEFAULTS, NULL, 0, "31/01/2026", A, &x, &n), SN_EINPUT);
}

static void test_outside_plan(void **state)
{
	(void)state;
	dp_alert *x = NULL;
	dp_entry e[] = {
		E(1, "2026-01-01", DP_PAYMENT_IN, 10000, ""),
		E(2, "2026-01-02", DP_SPEND, -1000, "pa"),
		E(3, "2026-01-03", DP_SPEND, -1000, ""),     /* no line */
		E(4, "2026-01-04", DP_SPEND, -1500, "gym"),  /* not in the plan */
		E(5, "2026-01-05", DP_SPEND, -500, ""),      /* put right below */
		E(6, "2026-01-06", DP_CORRECTION, 500, ""),
		E(7, "2026-01-06", DP_CORRECTION, -500, "pa"),
		E(8, "2026-02-01", DP_SPEND, -100, ""),      /* after today */
	};
	e[5].corrects = 5;
	e[6].corrects = 5;
	const char *const lines[] = {"pa", "day"};
	size_t n = alerts(e, 8, &DEFAULTS, lines, 2, "2026-01-31", &x);
	/* the underspend comes first (£10,000 in, £40 spent), then the two spends */
	assert_int_equal(n, 3);
	assert_int_equal(x[1].kind, DP_ALERT_OUTSIDE_PLAN);
	assert_int_equal(x[1].entry_id, 3);
	assert_int_equal(x[1].amount_pence, 1000);
	assert_string_equal(x[1].text, "Spend outside the plan: £10 on 2026-01-03 (x) is against no "
				       "line of the plan.");
	assert_int_equal(x[2].entry_id, 4);
	assert_string_equal(x[2].text, "Spend outside the plan: £15 on 2026-01-04 (x) is against "
				       "line 'gym', which is not in the plan in force.");
	json_t *j = dp_alert_to_json(&x[2]);
	assert_int_equal(json_integer_value(json_object_get(j, "entry_id")), 4);
	json_decref(j);
	/* Without the plan's lines only spends against no line are flagged. */
	n = alerts(e, 8, &DEFAULTS, NULL, 0, "2026-01-31", &x);
	assert_int_equal(n, 2);
	assert_int_equal(x[1].entry_id, 3);
	/* A plan with no lines: every spend is outside it. */
	const char *const none[] = {NULL};
	n = alerts(e, 8, &DEFAULTS, none, 0, "2026-01-31", &x);
	assert_int_equal(n, 4);
}

static void test_above_cap(void **state)
{
	(void)state;
	dp_alert *x = NULL;
	dp_entry e[] = {
		E(1, "2026-01-01", DP_PAYMENT_IN, 50000, ""),
		E(2, "2026-01-02", DP_SPEND, -45000, "pa"),
		E(3, "2026-02-01", DP_PAYMENT_IN, 60000, ""),
	};
	dp_settings s = {.underspend_percent = 100, .underspend_weeks = 12, .has_cap = true,
			 .cap_pence = 50000};
	assert_int_equal(alerts(e, 3, &s, NULL, 0, "2026-01-31", &x), 0); /* £50 */
	size_t n = alerts(e, 3, &s, NULL, 0, "2026-02-01", &x);           /* £650 */
	assert_int_equal(n, 1);
	assert_int_equal(x[0].kind, DP_ALERT_ABOVE_CAP);
	assert_int_equal(x[0].amount_pence, 15000);
	assert_int_equal(x[0].of_pence, 65000);
	assert_string_equal(x[0].text, "Balance above the cap: £650 against a cap of £500; £150 "
				       "could be reclaimed.");
	s.cap_pence = 65000; /* at the cap is not above it */
	assert_int_equal(alerts(e, 3, &s, NULL, 0, "2026-02-01", &x), 0);
	s.has_cap = false;
	s.cap_pence = 0;
	assert_int_equal(alerts(e, 3, &s, NULL, 0, "2026-02-01", &x), 0);
	assert_string_equal(dp_alert_key(DP_ALERT_ABOVE_CAP), "above_cap");
}

/* ---- the quarter ---- */

static void test_quarter(void **state)
{
	(void)state;
	char q[11];
	static const char *const cases[][2] = {
		{"2026-01-01", "2026-01-01"}, {"2026-03-31", "2026-01-01"},
		{"2026-04-01", "2026-04-01"}, {"2026-08-15", "2026-07-01"},
		{"2026-12-31", "2026-10-01"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		assert_int_equal(dp_quarter_start(cases[i][0], q), SN_OK);
		assert_string_equal(q, cases[i][1]);
	}
	assert_int_equal(dp_quarter_start("2026-13-01", q), SN_EINPUT);

	dp_entry e[] = {
		E(1, "2026-03-01", DP_PAYMENT_IN, 100000, ""),
		E(2, "2026-03-31", DP_SPEND, -30000, "pa"),
		E(3, "2026-04-01", DP_PAYMENT_IN, 100000, ""),
		E(4, "2026-05-10", DP_SPEND, -40000, "pa"),
		E(5, "2026-05-11", DP_SPEND, -5000, "day"),
		E(6, "2026-06-01", DP_REFUND, 1000, "day"),
		E(7, "2026-06-30", DP_RECLAIM, -20000, ""),
		E(8, "2026-07-01", DP_SPEND, -999, "pa"),
	};
	dp_ledger_order(e, 8);
	dp_quarter f;
	assert_int_equal(dp_quarter_figures(e, 8, "2026-05-20", A, &f), SN_OK);
	assert_string_equal(f.start, "2026-04-01");
	assert_string_equal(f.end, "2026-06-30");
	assert_int_equal(f.opening_pence, 70000);
	assert_int_equal(f.in_pence, 101000);
	assert_int_equal(f.out_pence, 65000);
	assert_int_equal(f.closing_pence, 106000);
	assert_int_equal(f.closing_pence, dp_balance_at(e, 8, "2026-06-30"));
	assert_int_equal(f.n_lines, 3);
	assert_string_equal(f.lines[0].line, "");
	assert_int_equal(f.lines[0].in_pence, 100000);
	assert_int_equal(f.lines[0].out_pence, 20000);
	assert_string_equal(f.lines[1].line, "day");
	assert_int_equal(f.lines[1].out_pence, 5000);
	assert_int_equal(f.lines[1].in_pence, 1000);
	json_t *j = dp_quarter_to_json(&f);
	assert_string_equal(json_string_value(json_object_get(j, "quarter_end")), "2026-06-30");
	assert_int_equal(json_integer_value(json_object_get(j, "closing_pence")), 106000);
	assert_int_equal(json_array_size(json_object_get(j, "by_line")), 3);
	json_decref(j);
	/* The first quarter ends on 31 March; a quarter with nothing in it. */
	assert_int_equal(dp_quarter_figures(e, 8, "2026-02-14", A, &f), SN_OK);
	assert_string_equal(f.end, "2026-03-31");
	assert_int_equal(dp_quarter_figures(e, 8, "2027-01-01", A, &f), SN_OK);
	assert_int_equal(f.opening_pence, f.closing_pence);
	assert_int_equal(f.n_lines, 0);
	assert_int_equal(dp_quarter_figures(e, 8, "soon", A, &f), SN_EINPUT);
}

/* ---- personal assistants ---- */

static dp_timesheet T(const char *week, int64_t worked, int64_t holiday, int64_t gross)
{
	dp_timesheet t = {.worked_minutes = worked, .holiday_minutes = holiday, .gross_pence = gross};
	snprintf(t.week_start, sizeof t.week_start, "%s", week);
	return t;
}

static void test_pa_holiday_year(void **state)
{
	(void)state;
	dp_assistant pa = {.id = 1, .name = "Sam", .hourly_rate_pence = 1250,
			   .contracted_minutes_week = 600, .holiday_minutes_year = 3360};
	snprintf(pa.started_on, sizeof pa.started_on, "2025-06-17"); /* a Tuesday */
	dp_timesheet t[] = {
		T("2026-06-08", 600, 0, 12500),
		T("2026-06-15", 360, 240, 12500), /* Monday in the first year, the rest in the second */
		T("2026-06-22", 0, 600, 12500),
		T("2026-06-29", 620, 0, 12917),
	};
	dp_pa_year y;
	assert_int_equal(dp_pa_year_of(&pa, t, 4, "2026-06-16", &y), SN_OK);
	assert_string_equal(y.year_start, "2025-06-17");
	assert_string_equal(y.year_end, "2026-06-16");
	assert_int_equal(y.weeks, 2); /* a week counts in the year its Monday is in */
	assert_int_equal(y.worked_minutes, 960);
	assert_int_equal(y.holiday_minutes, 240);
	assert_int_equal(y.entitlement_minutes, 3360);
	assert_int_equal(y.holiday_left_minutes, 3120);
	assert_int_equal(y.contracted_minutes, 1200);
	assert_int_equal(y.gross_pence, 25000);
	assert_int_equal(y.expected_pence, 25000); /* 20 hours at £12.50 */
	assert_int_equal(dp_pa_year_of(&pa, t, 4, "2026-07-01", &y), SN_OK);
	assert_string_equal(y.year_start, "2026-06-17");
	assert_string_equal(y.year_end, "2027-06-16");
	assert_int_equal(y.weeks, 2);
	assert_int_equal(y.worked_minutes, 620);
	assert_int_equal(y.holiday_minutes, 600);
	/* More taken than due: negative; pay rounds half up to the penny. */
	pa.holiday_minutes_year = 500;
	pa.hourly_rate_pence = 1001;
	assert_int_equal(dp_pa_year_of(&pa, t, 4, "2026-07-01", &y), SN_OK);
	assert_int_equal(y.holiday_left_minutes, -100);
	dp_timesheet odd = T("2025-06-23", 1, 0, 17);
	assert_int_equal(dp_pa_year_of(&pa, &odd, 1, "2025-12-01", &y), SN_OK);
	assert_int_equal(y.expected_pence, 17); /* 1001 / 60 = 16.68 */
	json_t *j = dp_pa_year_to_json(&pa, &y);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Sam");
	assert_int_equal(json_integer_value(json_object_get(j, "weeks")), 1);
	json_decref(j);
	/* Before the start, or not a date. */
	assert_int_equal(dp_pa_year_of(&pa, t, 4, "2025-06-16", &y), SN_EINPUT);
	assert_int_equal(dp_pa_year_of(&pa, t, 4, "tomorrow", &y), SN_EINPUT);
	/* Started on 29 February: 28 February in other years. */
	snprintf(pa.started_on, sizeof pa.started_on, "2024-02-29");
	assert_int_equal(dp_pa_year_of(&pa, t, 0, "2025-03-01", &y), SN_OK);
	assert_string_equal(y.year_start, "2025-02-28");
	assert_string_equal(y.year_end, "2026-02-27");
	assert_int_equal(dp_pa_year_of(&pa, t, 0, "2025-02-27", &y), SN_OK);
	assert_string_equal(y.year_start, "2024-02-29");
	assert_string_equal(y.year_end, "2025-02-27");
}

static void test_pa_checks(void **state)
{
	(void)state;
	char why[128];
	dp_timesheet t = T("2026-06-15", 600, 0, 100);
	assert_int_equal(dp_timesheet_check(&t, why, sizeof why), SN_OK);
	static const struct {
		dp_timesheet t;
		const char *want;
	} bad[] = {
		{{"2026-06-16", 1, 0, 0}, "week_start: '2026-06-16' is not a Monday (YYYY-MM-DD)"},
		{{"15/06/2026", 1, 0, 0}, "week_start: '15/06/2026' is not a Monday (YYYY-MM-DD)"},
		{{"2026-06-15", -1, 0, 0}, "worked_minutes: not between 0 and 10080"},
		{{"2026-06-15", 10081, 0, 0}, "worked_minutes: not between 0 and 10080"},
		{{"2026-06-15", 10000, 81, 0}, "holiday_minutes: not between 0 and 10080 less the "
					       "minutes worked"},
		{{"2026-06-15", 0, 0, -1}, "gross_pence: not between 0 and 1000000000"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++) {
		assert_int_equal(dp_timesheet_check(&bad[i].t, why, sizeof why), SN_EINPUT);
		assert_string_equal(why, bad[i].want);
	}
	dp_assistant pa = {.name = "Sam", .hourly_rate_pence = 1250};
	snprintf(pa.started_on, sizeof pa.started_on, "2025-06-16");
	assert_int_equal(dp_assistant_check(&pa, why, sizeof why), SN_OK);
	snprintf(pa.ended_on, sizeof pa.ended_on, "2025-06-15");
	assert_int_equal(dp_assistant_check(&pa, why, sizeof why), SN_EINPUT);
	assert_string_equal(why, "ended_on: not a date on or after started_on");
	pa.ended_on[0] = 0;
	pa.name = "";
	assert_int_equal(dp_assistant_check(&pa, why, sizeof why), SN_EINPUT);
	assert_string_equal(why, "name: 1 to 200 characters");
	pa.name = "Sam";
	pa.hourly_rate_pence = -1;
	assert_int_equal(dp_assistant_check(&pa, why, sizeof why), SN_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_balance_in_date_then_id_order),
		cmocka_unit_test(test_underspend),
		cmocka_unit_test(test_underspend_against_plan),
		cmocka_unit_test(test_outside_plan),
		cmocka_unit_test(test_above_cap),
		cmocka_unit_test(test_quarter),
		cmocka_unit_test(test_pa_holiday_year),
		cmocka_unit_test(test_pa_checks),
	};
	return cmocka_run_group_tests_name("dp ledger", tests, setup, teardown);
}
