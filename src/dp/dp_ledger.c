/* The ledger's rules (pure): the running balance, totals by plan line,
 * the alerts the worker sees, the quarterly return's figures and a
 * personal assistant's holiday year (docs/direct-payments.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_int.h"

static const char *const kind_keys[DP_N_KINDS] = {"payment_in", "spend", "refund", "reclaim",
						  "correction"};

const char *dp_kind_key(dp_kind k)
{
	return (unsigned)k < DP_N_KINDS ? kind_keys[k] : "";
}

dp_kind dp_kind_parse(const char *s)
{
	for (int k = 0; k < DP_N_KINDS && s; k++)
		if (strcmp(s, kind_keys[k]) == 0)
			return (dp_kind)k;
	return DP_N_KINDS;
}

const char *dp_alert_key(dp_alert_kind k)
{
	static const char *const keys[] = {"underspend", "outside_plan", "above_cap"};
	return (unsigned)k < SN_ARRAY_LEN(keys) ? keys[k] : "";
}

/* ---- balance ---- */

static int entry_cmp(const void *x, const void *y)
{
	const dp_entry *a = x, *b = y;
	int c = strcmp(a->on_date, b->on_date);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

void dp_ledger_order(dp_entry *e, size_t n)
{
	if (n)
		qsort(e, n, sizeof *e, entry_cmp);
	int64_t bal = 0;
	for (size_t i = 0; i < n; i++) {
		bal += e[i].amount_pence;
		e[i].balance_pence = bal;
	}
}

int64_t dp_balance_at(const dp_entry *e, size_t n, const char *date)
{
	int64_t bal = 0;
	for (size_t i = 0; i < n && strcmp(e[i].on_date, date) <= 0; i++)
		bal = e[i].balance_pence;
	return bal;
}

/* ---- totals by line ---- */

static bool in_range(const char *d, const char *from, const char *to)
{
	return (!from || strcmp(d, from) >= 0) && (!to || strcmp(d, to) <= 0);
}

static int line_cmp(const void *x, const void *y)
{
	const dp_entry *a = *(const dp_entry *const *)x, *b = *(const dp_entry *const *)y;
	return strcmp(a->plan_line, b->plan_line);
}

/* Sorted by line, then summed run by run: n log n however many lines. */
dp_line_total *dp_totals_by_line(const dp_entry *e, size_t n, const char *from, const char *to,
				 arena *a, size_t *n_out)
{
	const dp_entry **by = arena_alloc(a, (n ? n : 1) * sizeof *by);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (in_range(e[i].on_date, from, to))
			by[m++] = &e[i];
	if (m)
		qsort(by, m, sizeof *by, line_cmp);
	dp_line_total *t = arena_alloc(a, (m ? m : 1) * sizeof *t);
	size_t nt = 0;
	for (size_t i = 0; i < m; i++) {
		if (!nt || strcmp(t[nt - 1].line, by[i]->plan_line) != 0)
			snprintf(t[nt++].line, sizeof t->line, "%s", by[i]->plan_line);
		dp_line_total *x = &t[nt - 1];
		if (by[i]->amount_pence > 0)
			x->in_pence += by[i]->amount_pence;
		else
			x->out_pence -= by[i]->amount_pence;
		x->entries++;
	}
	*n_out = nt;
	return t;
}

/* ---- alerts ---- */

static dp_alert *alert_add(arena *a, dp_alert **out, size_t *n, size_t *cap, dp_alert_kind k)
{
	*out = arena_grow(a, *out, *n, cap, sizeof **out);
	dp_alert *x = &(*out)[(*n)++];
	memset(x, 0, sizeof *x);
	x->kind = k;
	return x;
}

static int id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* The ids the ledger's corrections name, sorted (in a), for bsearch. */
static int64_t *corrected_ids(const dp_entry *e, size_t n, arena *a, size_t *n_out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += e[i].kind == DP_CORRECTION && e[i].corrects;
	int64_t *ids = arena_alloc(a, (k ? k : 1) * sizeof *ids);
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (e[i].kind == DP_CORRECTION && e[i].corrects)
			ids[k++] = e[i].corrects;
	if (k)
		qsort(ids, k, sizeof *ids, id_cmp);
	*n_out = k;
	return ids;
}

static bool line_known(const char *line, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lines[i] && strcmp(lines[i], line) == 0)
			return true;
	return false;
}

/* Underspend over the period from..to (docs in dp.h): against what the
 * plan expects over days days when its weekly cost is known, else against
 * the payments in. */
static void underspend(const dp_entry *e, size_t n, const dp_settings *set, const char *from,
		       const char *to, int64_t days, arena *a, dp_alert **out, size_t *no,
		       size_t *cap)
{
	int64_t in = 0, spent = 0;
	for (size_t i = 0; i < n; i++) {
		if (!in_range(e[i].on_date, from, to))
			continue;
		if (e[i].kind == DP_PAYMENT_IN)
			in += e[i].amount_pence;
		else if (e[i].kind != DP_RECLAIM)
			spent -= e[i].amount_pence;
	}
	if (set->planned_weekly_pence > 0) {
		int64_t expected = set->planned_weekly_pence * days / 7;
		int64_t left = expected - spent;
		if (expected <= 0 || left * 100 <= expected * set->underspend_percent)
			return;
		dp_alert *x = alert_add(a, out, no, cap, DP_ALERT_UNDERSPEND);
		x->amount_pence = left;
		x->of_pence = expected;
		memcpy(x->from, from, 11);
		memcpy(x->to, to, 11);
		char l[40], p[40];
		money_text(left, l);
		money_text(expected, p);
		x->text = arena_printf(a, "Underspend: %s less was spent than the %s the plan expects "
				       "over the last %lld days (%lld%% of it unspent; the threshold is %lld%%).",
				       l, p, (long long)days, (long long)(left * 100 / expected),
				       (long long)set->underspend_percent);
		return;
	}
	int64_t left = in - spent;
	if (in <= 0 || left * 100 <= in * set->underspend_percent)
		return;
	dp_alert *x = alert_add(a, out, no, cap, DP_ALERT_UNDERSPEND);
	x->amount_pence = left;
	x->of_pence = in;
	memcpy(x->from, from, 11);
	memcpy(x->to, to, 11);
	char l[40], p[40];
	money_text(left, l);
	money_text(in, p);
	x->text = arena_printf(a, "Underspend: %s of the %s paid in over the last %lld weeks is "
			       "unspent (%lld%%; the threshold is %lld%%).", l, p,
			       (long long)set->underspend_weeks, (long long)(left * 100 / in),
			       (long long)set->underspend_percent);
}

sn_err dp_alerts(const dp_entry *e, size_t n, const dp_settings *set, const char *const *plan_lines,
		 size_t n_lines, const char *today, arena *a, dp_alert **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	int64_t t;
	if (dp_date_days(today, &t))
		return SN_EINPUT;
	size_t cap = 0;
	char from[11];
	int64_t start = t - 7 * set->underspend_weeks + 1, first;
	/* A younger account: from its first entry. */
	if (n && !dp_date_days(e[0].on_date, &first) && first > start)
		start = first;
	dp_date_iso(start, from);
	underspend(e, n, set, from, today, t - start + 1, a, out, n_out, &cap);
	size_t n_fixed = 0;
	const int64_t *fixed = corrected_ids(e, n, a, &n_fixed);
	for (size_t i = 0; i < n && strcmp(e[i].on_date, today) <= 0; i++) {
		if (e[i].kind != DP_SPEND ||
		    (n_fixed && bsearch(&e[i].id, fixed, n_fixed, sizeof *fixed, id_cmp)))
			continue;
		bool none = !e[i].plan_line[0];
		if (!none && (!plan_lines || line_known(e[i].plan_line, plan_lines, n_lines)))
			continue;
		dp_alert *x = alert_add(a, out, n_out, &cap, DP_ALERT_OUTSIDE_PLAN);
		x->entry_id = e[i].id;
		x->amount_pence = -e[i].amount_pence;
		memcpy(x->from, e[i].on_date, 11);
		memcpy(x->to, e[i].on_date, 11);
		char m[40];
		money_text(x->amount_pence, m);
		x->text = none ? arena_printf(a, "Spend outside the plan: %s on %s (%s) is against no "
					      "line of the plan.", m, e[i].on_date, e[i].description)
			       : arena_printf(a, "Spend outside the plan: %s on %s (%s) is against "
					      "line '%s', which is not in the plan in force.", m,
					      e[i].on_date, e[i].description, e[i].plan_line);
	}
	int64_t bal = dp_balance_at(e, n, today);
	if (set->has_cap && bal > set->cap_pence) {
		dp_alert *x = alert_add(a, out, n_out, &cap, DP_ALERT_ABOVE_CAP);
		x->amount_pence = bal - set->cap_pence;
		x->of_pence = bal;
		memcpy(x->from, today, 11);
		memcpy(x->to, today, 11);
		char b[40], c[40], r[40];
		money_text(bal, b);
		money_text(set->cap_pence, c);
		money_text(x->amount_pence, r);
		x->text = arena_printf(a, "Balance above the cap: %s against a cap of %s; %s could be "
				       "reclaimed.", b, c, r);
	}
	return SN_OK;
}

/* ---- the quarter ---- */

sn_err dp_quarter_start(const char *date, char out[static 11])
{
	int64_t days, y, m, d;
	if (dp_date_days(date, &days))
		return SN_EINPUT;
	dp_ymd_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-01", (int)y, (int)((m - 1) / 3 * 3 + 1));
	return SN_OK;
}

sn_err dp_quarter_figures(const dp_entry *e, size_t n, const char *date, arena *a, dp_quarter *q)
{
	memset(q, 0, sizeof *q);
	if (dp_quarter_start(date, q->start))
		return SN_EINPUT;
	int64_t days, y, m, d;
	dp_date_days(q->start, &days);
	dp_ymd_from_days(days, &y, &m, &d);
	snprintf(q->end, sizeof q->end, "%04d-%02d-%02d", (int)y, (int)(m + 2),
		 (int)dp_month_days(y, m + 2));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(e[i].on_date, q->start) < 0)
			q->opening_pence += e[i].amount_pence;
		else if (strcmp(e[i].on_date, q->end) <= 0 && e[i].amount_pence > 0)
			q->in_pence += e[i].amount_pence;
		else if (strcmp(e[i].on_date, q->end) <= 0)
			q->out_pence -= e[i].amount_pence;
	}
	q->closing_pence = q->opening_pence + q->in_pence - q->out_pence;
	q->lines = dp_totals_by_line(e, n, q->start, q->end, a, &q->n_lines);
	return SN_OK;
}

/* ---- personal assistants ---- */

static bool is_date(const char *s)
{
	int64_t d;
	return dp_date_days(s, &d) == SN_OK;
}

sn_err dp_timesheet_check(const dp_timesheet *t, char *why, size_t why_size)
{
	int64_t days;
	enum { WEEK = 7 * 24 * 60 };
	if (dp_date_days(t->week_start, &days) || ((days % 7) + 7) % 7 != 4) {
		/* 1970-01-01 was a Thursday: Mondays are 4 mod 7 */
		snprintf(why, why_size, "week_start: '%s' is not a Monday (YYYY-MM-DD)", t->week_start);
		return SN_EINPUT;
	}
	if (t->worked_minutes < 0 || t->worked_minutes > WEEK) {
		snprintf(why, why_size, "worked_minutes: not between 0 and %d", WEEK);
		return SN_EINPUT;
	}
	if (t->holiday_minutes < 0 || t->holiday_minutes > WEEK - t->worked_minutes) {
		snprintf(why, why_size, "holiday_minutes: not between 0 and %d less the minutes "
			 "worked", WEEK);
		return SN_EINPUT;
	}
	if (t->gross_pence < 0 || t->gross_pence > DP_AMOUNT_MAX_PENCE) {
		snprintf(why, why_size, "gross_pence: not between 0 and %lld", DP_AMOUNT_MAX_PENCE);
		return SN_EINPUT;
	}
	return SN_OK;
}

sn_err dp_assistant_check(const dp_assistant *pa, char *why, size_t why_size)
{
	size_t nl = pa->name ? strlen(pa->name) : 0;
	const char *bad = !nl || nl > 200 ? "name: 1 to 200 characters"
		: pa->hourly_rate_pence < 0 || pa->hourly_rate_pence > 100000
			? "hourly_rate_pence: 0 to 100000 (£1,000 an hour)"
		: pa->contracted_minutes_week < 0 || pa->contracted_minutes_week > 7 * 24 * 60
			? "contracted_minutes_week: 0 to 10080"
		: pa->holiday_minutes_year < 0 || pa->holiday_minutes_year > 366 * 24 * 60
			? "holiday_minutes_year: 0 to 527040"
		: !is_date(pa->started_on) ? "started_on: not a date (YYYY-MM-DD)"
		: pa->ended_on[0] && (!is_date(pa->ended_on) ||
				      strcmp(pa->ended_on, pa->started_on) < 0)
			? "ended_on: not a date on or after started_on"
			: NULL;
	if (bad)
		snprintf(why, why_size, "%s", bad);
	return bad ? SN_EINPUT : SN_OK;
}

/* The anniversary of start (m, d) in year y: 29 February becomes the 28th. */
static int64_t anniversary(int64_t y, int64_t m, int64_t d)
{
	int64_t last = dp_month_days(y, m);
	return dp_days_from_ymd(y, m, d > last ? last : d);
}

sn_err dp_pa_year_of(const dp_assistant *pa, const dp_timesheet *t, size_t n, const char *date,
		     dp_pa_year *out)
{
	memset(out, 0, sizeof *out);
	int64_t day, start, sy, sm, sd, y, m, d;
	if (dp_date_days(date, &day) || dp_date_days(pa->started_on, &start) || day < start)
		return SN_EINPUT;
	dp_ymd_from_days(start, &sy, &sm, &sd);
	dp_ymd_from_days(day, &y, &m, &d);
	int64_t ys = anniversary(y, sm, sd);
	if (ys > day)
		ys = anniversary(y - 1, sm, sd);
	int64_t ys_y, ys_m, ys_d;
	dp_ymd_from_days(ys, &ys_y, &ys_m, &ys_d);
	int64_t ye = anniversary(ys_y + 1, sm, sd) - 1;
	dp_date_iso(ys, out->year_start);
	dp_date_iso(ye, out->year_end);
	for (size_t i = 0; i < n; i++) {
		int64_t w;
		if (dp_date_days(t[i].week_start, &w) || w < ys || w > ye)
			continue;
		out->weeks++;
		out->worked_minutes += t[i].worked_minutes;
		out->holiday_minutes += t[i].holiday_minutes;
		out->gross_pence += t[i].gross_pence;
	}
	out->entitlement_minutes = pa->holiday_minutes_year;
	out->holiday_left_minutes = pa->holiday_minutes_year - out->holiday_minutes;
	out->contracted_minutes = out->weeks * pa->contracted_minutes_week;
	int64_t paid_minutes = out->worked_minutes + out->holiday_minutes;
	out->expected_pence = (paid_minutes * pa->hourly_rate_pence + 30) / 60;
	return SN_OK;
}
