/* Review due dates of a signed-off plan: light touch, a direct payment's
 * first review, the next (annual) review and triggered reviews, and which
 * are overdue (docs/rules.md, "Review due dates"). Pure. */
#include <string.h>

#include "plan_rules.h"

const char *review_due_key(review_due d)
{
	switch (d) {
	case DUE_LIGHT_TOUCH:
		return "light_touch";
	case DUE_DIRECT_PAYMENT:
		return "direct_payment";
	case DUE_ANNUAL:
		return "annual";
	case DUE_TRIGGERED:
		return "triggered";
	}
	return "unknown";
}

/* The earliest counted review in [from, by], -1 when none. */
static int64_t met_on(const review_case *c, int64_t from, int64_t by)
{
	int64_t best = -1;
	for (size_t i = 0; i < c->n_reviews; i++) {
		int64_t r = c->reviews[i];
		if (r < c->signed_off || r < from || r > by)
			continue;
		if (best < 0 || r < best)
			best = r;
	}
	return best;
}

void review_due_dates(const review_case *c, review_result *out)
{
	memset(out, 0, sizeof *out);
	int64_t s = c->signed_off;
	out->light_touch_from = s + LIGHT_TOUCH_FROM_DAYS;
	out->light_touch_by = s + LIGHT_TOUCH_BY_DAYS;
	out->dp_by = c->direct_payment ? civil_add_months(s, DP_REVIEW_MONTHS) : -1;
	out->latest = s;
	for (size_t i = 0; i < c->n_reviews; i++) {
		if (c->reviews[i] < s)
			continue; /* before sign-off: a review of something else */
		out->n_counted++;
		if (c->reviews[i] > out->latest)
			out->latest = c->reviews[i];
	}
	out->next_review_by = civil_add_months(out->latest, NEXT_REVIEW_MONTHS);

	/* Met by a review on or after sign-off and on or before the date. */
	out->light_touch_met_on = met_on(c, s, out->light_touch_by);
	out->dp_met_on = c->direct_payment ? met_on(c, s, out->dp_by) : -1;
	if (out->light_touch_met_on < 0 && out->light_touch_by < c->today)
		out->overdue[out->n_overdue++] = DUE_LIGHT_TOUCH;
	if (c->direct_payment && out->dp_met_on < 0 && out->dp_by < c->today)
		out->overdue[out->n_overdue++] = DUE_DIRECT_PAYMENT;
	/* The next review comes after the latest one: none given meets it. */
	if (out->next_review_by < c->today)
		out->overdue[out->n_overdue++] = DUE_ANNUAL;
	for (size_t i = 0; i < c->n_triggers; i++) {
		const review_trigger *t = &c->triggers[i];
		out->trigger_met_on[i] = met_on(c, t->raised_on, t->due_on);
		out->trigger_overdue[i] = out->trigger_met_on[i] < 0 && t->due_on < c->today;
		if (out->trigger_overdue[i])
			out->overdue[out->n_overdue++] = DUE_TRIGGERED;
	}
}

int64_t review_next_due(const review_case *c, const review_result *res, const char **what)
{
	int64_t next = res->next_review_by;
	const char *w = "annual review";
	if (res->light_touch_met_on < 0 && c->today <= res->light_touch_by && res->light_touch_by < next)
		next = res->light_touch_by, w = "light-touch review";
	if (res->dp_by >= 0 && res->dp_met_on < 0 && c->today <= res->dp_by && res->dp_by < next)
		next = res->dp_by, w = "direct payment review";
	for (size_t i = 0; i < c->n_triggers; i++)
		if (res->trigger_met_on[i] < 0 && !res->trigger_overdue[i] && c->triggers[i].due_on < next)
			next = c->triggers[i].due_on, w = "review brought forward";
	if (what)
		*what = w;
	return next;
}
