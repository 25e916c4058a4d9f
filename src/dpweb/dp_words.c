/* The direct-payment pages' wording and arithmetic, pure (no store, no
 * request): money and hours as people read and type them, dates typed in
 * three fields, quarters, alerts in plain words, and the correction
 * entries that put an earlier entry right. */
#include <stdio.h>
#include <string.h>

#include "dp_web.h"


int64_t dpw_planned_pence(int64_t weekly_pence, int64_t days)
{
	if (days <= 0 || weekly_pence <= 0)
		return 0;
	return (weekly_pence * days * 2 + 7) / 14;
}

const char *dpw_weeks_text(arena *a, int64_t days)
{
	int64_t w = days / 7, d = days % 7;
	const char *weeks = text_count(a, w, "week", "weeks");
	const char *rest = text_count(a, d, "day", "days");
	if (!w)
		return rest;
	return d ? arena_printf(a, "%s and %s", weeks, rest) : weeks;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

sn_err dpw_parse_hours(const char *s, int64_t max_minutes, int64_t *minutes)
{
	size_t n = strlen(s);
	const char *sep = strpbrk(s, ".:");
	size_t whole = sep ? (size_t)(sep - s) : n;
	if (!digits(s, whole) || whole > 5)
		return SN_EINPUT;
	int64_t h = 0, m = 0;
	for (size_t i = 0; i < whole; i++)
		h = h * 10 + (s[i] - '0');
	if (sep) {
		const char *f = sep + 1;
		size_t fl = n - whole - 1;
		if (!digits(f, fl) || fl > 2)
			return SN_EINPUT;
		int64_t v = 0;
		for (size_t i = 0; i < fl; i++)
			v = v * 10 + (f[i] - '0');
		if (*sep == ':') {
			if (fl != 2 || v > 59)
				return SN_EINPUT;
			m = v;
		} else {
			if (fl == 1)
				v *= 10;
			m = (v * 60 + 50) / 100; /* hundredths of an hour, half up */
		}
	}
	int64_t total = h * 60 + m;
	if (total > max_minutes)
		return SN_EINPUT;
	*minutes = total;
	return SN_OK;
}

const char *dpw_hours_text(arena *a, int64_t minutes)
{
	const char *sign = minutes < 0 ? "-" : "";
	int64_t m = minutes < 0 ? -minutes : minutes;
	int64_t h = m / 60, r = m % 60;
	if (!h && r)
		return arena_printf(a, "%s%s", sign, text_count(a, r, "minute", "minutes"));
	if (!r)
		return arena_printf(a, "%s%s", sign, text_count(a, h, "hour", "hours"));
	return arena_printf(a, "%s%s %s", sign, text_count(a, h, "hour", "hours"),
			    text_count(a, r, "minute", "minutes"));
}

static bool small_int(const char *s, size_t max_len, int64_t *v)
{
	size_t n = strlen(s);
	if (!digits(s, n) || n > max_len)
		return false;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v * 10 + (s[i] - '0');
	return true;
}

sn_err dpw_date_fields(const char *day, const char *month, const char *year, char out[static 11],
		       const char **why)
{
	*why = NULL;
	bool d0 = !*day, m0 = !*month, y0 = !*year;
	if (d0 && m0 && y0) {
		*why = "Enter the date";
		return SN_EINPUT;
	}
	if (d0 || m0 || y0) {
		*why = d0 ? "The date must include a day" : m0 ? "The date must include a month"
							       : "The date must include a year";
		return SN_EINPUT;
	}
	int64_t d, m, y, days;
	if (!small_int(day, 2, &d) || !small_int(month, 2, &m) || !small_int(year, 4, &y) ||
	    strlen(year) != 4) {
		*why = "The date must be a real date, like 27 3 2026";
		return SN_EINPUT;
	}
	if (y < 2000 || y > 2099) {
		*why = "The year must be between 2000 and 2099";
		return SN_EINPUT;
	}
	if (m < 1 || m > 12 || d < 1 || d > 31) {
		*why = "The date must be a real date, like 27 3 2026";
		return SN_EINPUT;
	}
	char iso[32];
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
	memcpy(out, iso, 11);
	if (dp_date_days(out, &days)) {
		*why = "The date must be a real date, like 27 3 2026";
		return SN_EINPUT;
	}
	return SN_OK;
}

void dpw_quarter_before(const char *date, char out[static 11])
{
	char start[11];
	int64_t days = 0;
	if (dp_quarter_start(date, start) || dp_date_days(start, &days)) {
		snprintf(out, 11, "%s", "");
		return;
	}
	char before[11];
	dp_date_iso(days - 1, before);
	dp_quarter_start(before, out);
}

void dpw_quarter_end(const char *quarter_start, char out[static 11])
{
	int64_t days = 0;
	char next[11], later[11];
	if (dp_date_days(quarter_start, &days)) {
		snprintf(out, 11, "%s", "");
		return;
	}
	/* Quarters have 90 to 92 days: 92 days on is in the next one. */
	dp_date_iso(days + 92, later);
	dp_quarter_start(later, next);
	dp_date_days(next, &days);
	dp_date_iso(days - 1, out);
}

const char *dpw_quarter_label(arena *a, const char *quarter_start)
{
	static const char *const names[] = {"January to March", "April to June",
					    "July to September", "October to December"};
	int y = 0, m = 0;
	if (sscanf(quarter_start, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return "";
	return arena_printf(a, "%s %d", names[(m - 1) / 3], y);
}

const char *dpw_alert_words(arena *a, const dp_alert *x, const char *description,
			    const char *line_what)
{
	switch (x->kind) {
	case DP_ALERT_UNDERSPEND: {
		int64_t pct = x->of_pence > 0 ? x->amount_pence * 100 / x->of_pence : 0;
		return arena_printf(a, "%s of the %s paid in from %s to %s has not been spent "
				    "(%lld%%).", money_pence_text(a, x->amount_pence), money_pence_text(a, x->of_pence),
				    time_uk_day(a, x->from), time_uk_day(a, x->to), (long long)pct);
	}
	case DP_ALERT_OUTSIDE_PLAN: {
		const char *what = description && *description
			? arena_printf(a, " on “%s”", description) : "";
		if (line_what)
			return arena_printf(a, "%s spent%s on %s is against “%s”, which is not a "
					    "direct-payment line of the plan in force.",
					    money_pence_text(a, x->amount_pence), what,
					    time_uk_day(a, x->from), line_what);
		return arena_printf(a, "%s spent%s on %s is not against a line of the plan.",
				    money_pence_text(a, x->amount_pence), what, time_uk_day(a, x->from));
	}
	case DP_ALERT_ABOVE_CAP:
		return arena_printf(a, "The balance, %s, is %s above the cap of %s. The council may "
				    "reclaim %s.", money_pence_text(a, x->of_pence),
				    money_pence_text(a, x->amount_pence),
				    money_pence_text(a, x->of_pence - x->amount_pence),
				    money_pence_text(a, x->amount_pence));
	}
	return "";
}

static dp_entry correction_of(const dp_entry *orig, int64_t amount, const char *line,
			      const char *today, const char *description)
{
	dp_entry e = {.kind = DP_CORRECTION, .amount_pence = amount, .corrects = orig->id,
		      .description = description};
	snprintf(e.on_date, sizeof e.on_date, "%s", today);
	snprintf(e.plan_line, sizeof e.plan_line, "%s", line);
	return e;
}

sn_err dpw_correction(const dp_entry *orig, dpw_fix fix, const char *line, int64_t right_pence,
		      const char *today, const char *note, arena *a, dp_entry out[2], size_t *n,
		      const char **why)
{
	*n = 0;
	*why = NULL;
	if (orig->kind == DP_CORRECTION) {
		*why = "A correction cannot be corrected. Correct the entry it put right";
		return SN_EINPUT;
	}
	const char *tail = note && *note ? arena_printf(a, ": %s", note) : "";
	switch (fix) {
	case DPW_FIX_LINE:
		if (!strcmp(line, orig->plan_line)) {
			*why = "Select a different line: the entry is against that one already";
			return SN_EINPUT;
		}
		out[0] = correction_of(orig, -orig->amount_pence, orig->plan_line, today,
				       arena_printf(a, "Correction: moved to another line%s", tail));
		out[1] = correction_of(orig, orig->amount_pence, line, today,
				       arena_printf(a, "Correction: moved from another line%s", tail));
		*n = 2;
		return SN_OK;
	case DPW_FIX_AMOUNT: {
		if (right_pence <= 0) {
			*why = "Enter the right amount, more than £0";
			return SN_EINPUT;
		}
		int64_t signed_right = orig->amount_pence < 0 ? -right_pence : right_pence;
		if (signed_right == orig->amount_pence) {
			*why = "Enter a different amount: that is the amount recorded";
			return SN_EINPUT;
		}
		out[0] = correction_of(orig, signed_right - orig->amount_pence, orig->plan_line, today,
				       arena_printf(a, "Correction: the right amount is %s%s",
						    money_pence_text(a, right_pence), tail));
		*n = 1;
		return SN_OK;
	}
	case DPW_FIX_REMOVE:
		out[0] = correction_of(orig, -orig->amount_pence, orig->plan_line, today,
				       arena_printf(a, "Correction: taken out of the ledger%s", tail));
		*n = 1;
		return SN_OK;
	}
	*why = "Select what is wrong with the entry";
	return SN_EINPUT;
}
