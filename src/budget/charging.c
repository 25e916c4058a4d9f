/* Charging rules for care at home: tariff income, disregards, the Minimum Income Guarantee and the single weekly contribution, in whole pence. */
#include <stdio.h>
#include <string.h>

#include "charging.h"

void chg_money(int64_t pence, char *out, size_t size)
{
	const char *sign = pence < 0 ? "-" : "";
	uint64_t p = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
	uint64_t pounds = p / 100, rest = p % 100;
	/* Thousands separators: at most seven groups for any int64. */
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)pounds);
	char grouped[48];
	size_t g = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = 0;
	snprintf(out, size, "%s£%s.%02llu", sign, grouped, (unsigned long long)rest);
}

/* Whole pounds without ".00", for the wording of rules ("£1 for every £250"). */
static void money_short(int64_t pence, char *out, size_t size)
{
	chg_money(pence, out, size);
	size_t n = strlen(out);
	if (pence % 100 == 0 && n > 3 && strcmp(out + n - 3, ".00") == 0)
		out[n - 3] = 0;
}

__attribute__((format(printf, 2, 3))) static void line(chg_result *r, const char *fmt, ...)
{
	if (r->n_lines >= CHG_MAX_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->lines[r->n_lines++], CHG_LINE_MAX, fmt, ap);
	va_end(ap);
}

const chg_income_kind *chg_rates_kind(const chg_rates *r, const char *name)
{
	for (size_t i = 0; i < r->n_kinds; i++)
		if (strcmp(r->kinds[i].name, name) == 0)
			return &r->kinds[i];
	return NULL;
}

int64_t chg_tariff_pence(const chg_rates *r, int64_t capital_pence)
{
	if (capital_pence <= r->capital_lower_pence || r->tariff_step_pence <= 0)
		return 0;
	int64_t over = capital_pence - r->capital_lower_pence;
	int64_t steps = over / r->tariff_step_pence + (over % r->tariff_step_pence ? 1 : 0);
	return steps * r->tariff_per_step_pence;
}

/* Pension credit age makes income support premiums (disability, enhanced
 * disability) unavailable: they are income support amounts, and income
 * support ends at pension credit age. */
int64_t chg_mig_pence(const chg_rates *r, const chg_case *c)
{
	int64_t m;
	if (c->couple)
		m = c->pension_age ? r->mig_couple_pension_age_pence : r->mig_couple_18_plus_pence;
	else if (c->pension_age)
		m = r->mig_single_pension_age_pence;
	else if (c->dependent_children > 0)
		m = r->mig_lone_parent_pence;
	else
		m = c->age < 25 ? r->mig_single_18_24_pence : r->mig_single_25_plus_pence;
	if (!c->pension_age && c->disability)
		m += c->couple ? r->disability_premium_couple_pence : r->disability_premium_single_pence;
	if (!c->pension_age && c->enhanced_disability)
		m += c->couple ? r->enhanced_disability_premium_couple_pence
			       : r->enhanced_disability_premium_single_pence;
	if (c->carer)
		m += r->carer_premium_pence;
	m += (int64_t)c->dependent_children * r->child_pence;
	return m;
}

static const char *band_words(const chg_rates *r, const chg_case *c, int64_t *amount)
{
	if (c->couple && c->pension_age) {
		*amount = r->mig_couple_pension_age_pence;
		return "member of a couple, one or both at pension credit age";
	}
	if (c->couple) {
		*amount = r->mig_couple_18_plus_pence;
		return "member of a couple, both under pension credit age";
	}
	if (c->pension_age) {
		*amount = r->mig_single_pension_age_pence;
		return "single person at pension credit age";
	}
	if (c->dependent_children > 0) {
		*amount = r->mig_lone_parent_pence;
		return "lone parent aged 18 or over";
	}
	if (c->age < 25) {
		*amount = r->mig_single_18_24_pence;
		return "single person aged 18 to 24";
	}
	*amount = r->mig_single_25_plus_pence;
	return "single person aged 25 to pension credit age";
}

static void mig_lines(const chg_rates *r, const chg_case *c, int64_t mig, chg_result *out)
{
	char a[48], b[48], total[48];
	int64_t base;
	const char *band = band_words(r, c, &base);
	chg_money(base, a, sizeof a);
	chg_money(mig, total, sizeof total);
	line(out, "Minimum Income Guarantee: %s a week in all, made up of the amount for a %s, %s.",
	     total, band, a);
	if (c->disability) {
		if (c->pension_age) {
			line(out, "  Disability premium: not added at pension credit age (it is an income support premium and income support stops at pension credit age)");
		} else {
			chg_money(c->couple ? r->disability_premium_couple_pence
					    : r->disability_premium_single_pence, a, sizeof a);
			line(out, "  + disability premium (%s rate) %s", c->couple ? "couple" : "single", a);
		}
	}
	if (c->enhanced_disability) {
		if (c->pension_age) {
			line(out, "  Enhanced disability premium: not added at pension credit age (it is an income support premium and income support stops at pension credit age)");
		} else {
			chg_money(c->couple ? r->enhanced_disability_premium_couple_pence
					    : r->enhanced_disability_premium_single_pence, a, sizeof a);
			line(out, "  + enhanced disability premium (%s rate) %s",
			     c->couple ? "couple" : "single", a);
		}
	}
	if (c->severe_disability)
		line(out, "  Severe disability premium: the Minimum Income Guarantee has no amount for it (regulation 7 lists only the disability, enhanced disability and carer premiums), so nothing is added");
	if (c->carer) {
		chg_money(r->carer_premium_pence, a, sizeof a);
		line(out, "  + carer premium %s", a);
	}
	if (c->dependent_children > 0) {
		chg_money(r->child_pence, a, sizeof a);
		chg_money((int64_t)c->dependent_children * r->child_pence, b, sizeof b);
		line(out, "  + %d dependent %s × %s = %s", c->dependent_children,
		     c->dependent_children == 1 ? "child" : "children", a, b);
	}
}

/* The lines about capital between the limits: ignored at or below the
 * lower limit, else tariff income. */
static void capital_lines(const chg_rates *r, const chg_case *c, int64_t tariff, chg_result *out)
{
	char cap[48], lo[48], hi[48], a[48];
	chg_money(c->capital_pence, cap, sizeof cap);
	chg_money(r->capital_lower_pence, lo, sizeof lo);
	chg_money(r->capital_upper_pence, hi, sizeof hi);
	if (c->capital_pence <= r->capital_lower_pence) {
		line(out, "Capital %s is at or below the lower limit of %s: it is ignored (no tariff income).",
		     cap, lo);
		return;
	}
	char per[48], step[48];
	money_short(r->tariff_per_step_pence, per, sizeof per);
	money_short(r->tariff_step_pence, step, sizeof step);
	chg_money(tariff, a, sizeof a);
	line(out, "Capital %s is between %s and %s: tariff income %s a week (%s for every %s or part of %s over %s).",
	     cap, lo, hi, a, per, step, step, lo);
}

/* " (the statutory rule: the first £10.00 disregarded)": what the rule a
 * council's discretion widens would have done, for the workings. */
static void statutory_words(const chg_income_kind *k, bool couple_case, char *out, size_t size)
{
	char lim[48];
	switch (k->statutory_treatment) {
	case CHG_COUNTED:
		snprintf(out, size, "the statutory rule counts it in full");
		return;
	case CHG_DISREGARDED: /* not reached: a discretion only widens */
		snprintf(out, size, "the statutory rule disregards it in full");
		return;
	case CHG_PARTLY_DISREGARDED: {
		bool couple = couple_case && k->statutory_disregard_couple_pence >= 0;
		chg_money(couple ? k->statutory_disregard_couple_pence : k->statutory_disregard_pence,
			  lim, sizeof lim);
		snprintf(out, size, "the statutory rule disregards only the first %s a week%s", lim,
			 couple ? " for a member of a couple" : "");
		return;
	}
	}
}

/* One kind of income as the rates table treats it: its workings line and
 * the amount counted. A council's discretionary disregard is named, with
 * the statutory rule it widens. */
static int64_t income_line(const chg_income_kind *k, const chg_case *c, int64_t v,
			   chg_result *out)
{
	char a[48], b[48], d[48], lim[48], why[CHG_DISCRETION_MAX + 16], stat[128];
	chg_money(v, a, sizeof a);
	why[0] = stat[0] = 0;
	if (k->discretion[0]) {
		snprintf(why, sizeof why, " under %s", k->discretion);
		statutory_words(k, c->couple, stat, sizeof stat);
	}
	switch (k->treatment) {
	case CHG_COUNTED:
		line(out, "Income: %s %s a week, counted in full.", k->label, a);
		return v;
	case CHG_DISREGARDED:
		if (why[0])
			line(out, "Income: %s %s a week, disregarded in full%s (%s).", k->label, a, why,
			     stat);
		else
			line(out, "Income: %s %s a week, disregarded in full.", k->label, a);
		return 0;
	case CHG_PARTLY_DISREGARDED: {
		bool couple = c->couple && k->disregard_couple_pence >= 0;
		int64_t max = couple ? k->disregard_couple_pence : k->disregard_pence;
		int64_t ignored = v < max ? v : max;
		chg_money(ignored, b, sizeof b);
		chg_money(v - ignored, d, sizeof d);
		chg_money(max, lim, sizeof lim);
		if (why[0])
			line(out, "Income: %s %s a week, the first %s disregarded%s%s (%s): %s ignored, %s counted.",
			     k->label, a, lim, couple ? " for a member of a couple" : "", why, stat, b, d);
		else
			line(out, "Income: %s %s a week, the first %s disregarded%s (%s ignored), %s counted.",
			     k->label, a, lim, couple ? " for a member of a couple" : "", b, d);
		return v - ignored;
	}
	}
	return v;
}

/* The income counted, each kind as the rates table treats it. Every kind
 * is in the table (chg_compute checked). */
static int64_t counted_income(const chg_rates *r, const chg_case *c, chg_result *out)
{
	int64_t counted = 0;
	for (size_t i = 0; i < c->n_income; i++)
		counted += income_line(chg_rates_kind(r, c->income[i].kind), c,
				       c->income[i].weekly_pence, out);
	if (c->n_income == 0)
		line(out, "Income: none given.");
	return counted;
}

/* What is left after the MIG, disability-related expenditure and housing
 * costs, never below zero nor above the cost of care: the charge. */
static int64_t charge_of(const chg_case *c, int64_t assessable, int64_t mig, chg_result *out)
{
	char a[48], cost[48];
	chg_money(c->weekly_care_cost_pence, cost, sizeof cost);
	chg_money(c->weekly_dre_pence, a, sizeof a);
	line(out, "Disability-related expenditure: %s a week.", a);
	chg_money(c->weekly_housing_pence, a, sizeof a);
	line(out, "Housing costs: %s a week.", a);

	int64_t left = assessable - mig - c->weekly_dre_pence - c->weekly_housing_pence;
	char m[48], dre[48], hou[48], l[48];
	chg_money(assessable, a, sizeof a);
	chg_money(mig, m, sizeof m);
	chg_money(c->weekly_dre_pence, dre, sizeof dre);
	chg_money(c->weekly_housing_pence, hou, sizeof hou);
	chg_money(left, l, sizeof l);
	line(out, "Income left after the Minimum Income Guarantee, disability-related expenditure and housing costs: %s - %s - %s - %s = %s a week.",
	     a, m, dre, hou, l);
	int64_t charge = left > 0 ? left : 0;
	if (left <= 0)
		line(out, "Nothing is left over, and a charge is never below zero: the charge is £0.00 a week.");
	if (c->cost_unknown) {
		if (charge > 0) {
			chg_money(charge, a, sizeof a);
			line(out, "No cost of care was given, so %s a week is the most the person could be asked to pay: a charge is never more than the cost of care, so care that costs less than that is charged at its cost.",
			     a);
		}
		return charge;
	}
	if (charge > c->weekly_care_cost_pence) {
		chg_money(charge, a, sizeof a);
		line(out, "%s is more than the cost of care, %s a week, and a charge is never more than the cost of care: the charge is %s a week.",
		     a, cost, cost);
		charge = c->weekly_care_cost_pence;
	} else if (charge > 0) {
		chg_money(charge, a, sizeof a);
		line(out, "This is not more than the cost of care, %s a week: the charge is %s a week.",
		     cost, a);
	}
	return charge;
}

sn_err chg_compute(const chg_rates *r, const chg_case *c, chg_result *out)
{
	memset(out, 0, sizeof *out);
	char cap[48], hi[48], cost[48], a[48], b[48], d[48];
	money_short(r->tariff_step_pence, a, sizeof a);
	line(out, "Rates for the tax year %s (6 April to 5 April). All amounts are whole pence a week; nothing is rounded except tariff income, where any part of %s counts as a whole %s.",
	     r->year, a, a);

	for (size_t i = 0; i < c->n_income; i++)
		if (!chg_rates_kind(r, c->income[i].kind))
			return SN_EINPUT;

	if (c->capital_pence > r->capital_upper_pence) {
		chg_money(c->capital_pence, cap, sizeof cap);
		chg_money(r->capital_upper_pence, hi, sizeof hi);
		chg_money(c->weekly_care_cost_pence, cost, sizeof cost);
		out->full_cost = true;
		out->weekly_charge_pence = c->weekly_care_cost_pence;
		if (c->cost_unknown)
			line(out, "Capital %s is above the upper limit of %s: the person pays the full cost of their care, whatever it is, and income is not assessed.",
			     cap, hi);
		else
			line(out, "Capital %s is above the upper limit of %s: the person pays the full cost of their care, %s a week, and income is not assessed.",
			     cap, hi, cost);
		return SN_OK;
	}

	int64_t tariff = chg_tariff_pence(r, c->capital_pence);
	capital_lines(r, c, tariff, out);
	int64_t counted = counted_income(r, c, out);
	int64_t assessable = counted + tariff;
	chg_money(assessable, a, sizeof a);
	chg_money(counted, b, sizeof b);
	chg_money(tariff, d, sizeof d);
	line(out, "Assessable income: %s a week (counted income %s + tariff income %s).", a, b, d);

	int64_t mig = chg_mig_pence(r, c);
	mig_lines(r, c, mig, out);
	int64_t charge = charge_of(c, assessable, mig, out);
	line(out, "This one weekly charge covers all the care and support the council arranges (a single contribution, not one per service).");
	out->weekly_charge_pence = charge;
	out->tariff_income_pence = tariff;
	out->assessable_income_pence = assessable;
	out->mig_pence = mig;
	return SN_OK;
}
