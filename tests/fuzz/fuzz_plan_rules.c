/* libFuzzer target for the plan rules' JSON readers: the bytes as a `rules gas`, a `rules reviews`
 * and a `rules block` case, then the rules and their invariants on whatever parses. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan/plan_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A refusal is bad input with one line that names a field. */
static void check_refusal(sn_err rc, const char *err)
{
	if (rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!strchr(err, ':') || strchr(err, '\n'))
		abort();
}

static void dump_and_free(json_t *o, size_t flags)
{
	char *s = json_dumps(o, JSON_COMPACT | flags);
	if (!s)
		abort(); /* every string in a result is valid UTF-8 */
	free(s);
	json_decref(o);
}

static void gas(const char *text, size_t size)
{
	static gas_case c;
	gas_result r;
	char err[512] = "";
	sn_err rc = gas_case_from_json(text, size, &c, err, sizeof err);
	if (rc) {
		check_refusal(rc, err);
		return;
	}
	if (gas_compute(&c, &r, err, sizeof err))
		abort(); /* a case that parsed is one the rule takes */
	/* |T - 50| <= 10 x 2·Σw/√Σw² <= 20·√n */
	if (fabs(r.t_unrounded - 50) > 20 * sqrt((double)c.n) + 1e-6)
		abort();
	if (llabs(r.t_centi - llround(r.t_unrounded * 100)) > 1)
		abort();
	if (!r.exact_tie_check && r.t_centi != llround(r.t_unrounded * 100))
		abort();
	if (r.t_score != (double)r.t_centi / 100.0)
		abort();
	dump_and_free(gas_result_to_json(&c, &r), GAS_JSON_FLAGS);
}

static void reviews(const char *text, size_t size)
{
	static review_case c;
	static review_result r;
	bool triggers;
	char err[512] = "";
	sn_err rc = review_case_from_json(text, size, civil_days(2026, 9, 1), &c, &triggers, err,
					  sizeof err);
	if (rc) {
		check_refusal(rc, err);
		return;
	}
	review_due_dates(&c, &r);
	int64_t s = c.signed_off;
	if (r.light_touch_from != s + 42 || r.light_touch_by != s + 56 || r.latest < s)
		abort();
	if (c.direct_payment ? (r.dp_by - s < 181 || r.dp_by - s > 184) : r.dp_by != -1)
		abort();
	if (r.next_review_by - r.latest < 365 || r.next_review_by - r.latest > 366)
		abort();
	if ((r.light_touch_met_on >= 0 && (r.light_touch_met_on < s || r.light_touch_met_on > s + 56)) ||
	    (r.dp_met_on >= 0 && (r.dp_met_on < s || r.dp_met_on > r.dp_by)))
		abort();
	for (size_t i = 1; i < r.n_overdue; i++)
		if (r.overdue[i] < r.overdue[i - 1] ||
		    (r.overdue[i] == r.overdue[i - 1] && r.overdue[i] != DUE_TRIGGERED))
			abort(); /* in order, each kind once (triggers aside) */
	for (size_t i = 0; i < r.n_overdue; i++)
		if (r.overdue[i] == DUE_ANNUAL && r.next_review_by >= c.today)
			abort();
	dump_and_free(review_result_to_json(&c, &r, triggers), 0);
}

static void block(const char *text, size_t size)
{
	static block_case c;
	static block_result r;
	char err[512] = "";
	sn_err rc = block_case_from_json(text, size, &c, err, sizeof err);
	if (rc) {
		check_refusal(rc, err);
		return;
	}
	if (block_split(&c, &r, err, sizeof err))
		abort();
	int64_t before = 0, core = 0, after = 0;
	for (size_t i = 0; i < c.n; i++) {
		before += r.tenants[i].before_pence;
		core += r.tenants[i].core_share_pence;
		after += r.tenants[i].after_pence;
		if (r.tenants[0].before_pence - r.tenants[i].before_pence > 1 ||
		    r.tenants[0].core_share_pence - r.tenants[i].core_share_pence > 1)
			abort(); /* equal to the penny, the first ones get the extra */
	}
	if (before != c.contract_weekly_pence || core != c.core_weekly_pence ||
	    after != r.after_total_pence ||
	    r.difference_pence != r.after_total_pence - r.before_total_pence)
		abort();
	dump_and_free(block_result_to_json(&c, &r), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A heap copy of exactly size bytes, so reading past the input is caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	gas(text, size);
	reviews(text, size);
	block(text, size);
	free(text);
	return 0;
}
