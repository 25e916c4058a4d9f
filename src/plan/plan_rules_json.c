/* The JSON cases and results of `supportnet rules gas | reviews | block`
 * (docs/rules.md): read with limits, every refusal naming its field; the
 * results with their workings in plain sentences. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/jsonin.h"
#include "plan_rules.h"

#define FAIL(...)                                     \
	do {                                          \
		snprintf(err, err_size, __VA_ARGS__); \
		rc = SN_EINPUT;                       \
		goto out;                             \
	} while (0)

/* A key or value from the input, fit to quote in a one-line message:
 * at most 48 bytes, control characters and quotes as '?'. */
static const char *quoted(const char *s, char out[static 49])
{
	size_t i = 0;
	for (; s && s[i] && i < 48; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '\'' ? '?' : s[i];
	out[i] = 0;
	return out;
}

/* The first key of o not in known (NULL-terminated), or NULL. */
static const char *unknown_key(json_t *o, const char *const *known)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		bool ok = false;
		for (size_t i = 0; known[i]; i++)
			ok = ok || strcmp(key, known[i]) == 0;
		if (!ok)
			return key;
	}
	return NULL;
}

/* A whole number of pence in 0..PLAN_WEEKLY_MAX_PENCE. */
static bool get_pence(json_t *v, int64_t *out)
{
	if (!json_is_integer(v))
		return false;
	json_int_t i = json_integer_value(v);
	if (i < 0 || i > PLAN_WEEKLY_MAX_PENCE)
		return false;
	*out = (int64_t)i;
	return true;
}

static void add_line(json_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(json_t *w, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	json_array_append_new(w, json_string(line));
}

/* ================= GAS ================= */

static sn_err read_goal(json_t *g, size_t i, gas_goal *out, char *err, size_t err_size)
{
	static const char *const known[] = {"weight", "score", NULL};
	sn_err rc = SN_OK;
	char q[49];
	if (!json_is_object(g))
		FAIL("goals[%zu]: must be an object like {\"weight\": 2, \"score\": -1}", i);
	const char *bad = unknown_key(g, known);
	if (bad)
		FAIL("goals[%zu].%s: unknown field (a goal has weight and score)", i, quoted(bad, q));
	json_t *w = json_object_get(g, "weight"), *s = json_object_get(g, "score");
	if (!w)
		FAIL("goals[%zu].weight: missing (a number greater than 0)", i);
	if (!json_is_number(w) || !(json_number_value(w) > 0) || !isfinite(json_number_value(w)) ||
	    json_number_value(w) > GAS_WEIGHT_MAX)
		FAIL("goals[%zu].weight: must be a number greater than 0 and at most %.0f", i,
		     GAS_WEIGHT_MAX);
	if (!s)
		FAIL("goals[%zu].score: missing (a whole number from -2 to 2)", i);
	double x = json_is_number(s) ? json_number_value(s) : NAN;
	if (!(x >= -2 && x <= 2) || x != floor(x))
		FAIL("goals[%zu].score: must be a whole number from -2 to 2", i);
	out->weight = json_number_value(w);
	out->score = (int)x;
out:
	return rc;
}

sn_err gas_case_from_json(const char *text, size_t len, gas_case *c, char *err,
			  size_t err_size)
{
	static const char *const known[] = {"goals", "rho", NULL};
	json_t *o = NULL;
	char q[49];
	memset(c, 0, sizeof *c);
	c->rho = GAS_RHO_DEFAULT;
	sn_err rc = json_open_object(text, len, GAS_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	const char *bad = unknown_key(o, known);
	if (bad)
		FAIL("%s: unknown field (the input has goals and rho)", quoted(bad, q));
	json_t *goals = json_object_get(o, "goals");
	if (!goals)
		FAIL("goals: missing (a list like [{\"weight\": 2, \"score\": -1}])");
	if (!json_is_array(goals))
		FAIL("goals: must be a list like [{\"weight\": 2, \"score\": -1}]");
	if (json_array_size(goals) == 0)
		FAIL("goals: must list at least one goal");
	if (json_array_size(goals) > GAS_GOALS_MAX)
		FAIL("goals: at most %d goals", GAS_GOALS_MAX);
	size_t i;
	json_t *g;
	json_array_foreach(goals, i, g) {
		rc = read_goal(g, i, &c->goals[i], err, err_size);
		if (rc)
			goto out;
	}
	c->n = json_array_size(goals);
	json_t *rho = json_object_get(o, "rho");
	if (rho) {
		double r = json_is_number(rho) ? json_number_value(rho) : NAN;
		if (!(r >= 0 && r < 1))
			FAIL("rho: must be a number from 0 up to, but not including, 1");
		c->rho = r;
	}
	rc = gas_check(c, err, err_size);
out:
	json_decref(o);
	return rc;
}

json_t *gas_result_to_json(const gas_case *c, const gas_result *r)
{
	json_t *w = json_array();
	add_line(w, "%zu goal%s; weights add up to %.15g (squares %.15g); weighted scores add up to %.15g.",
		 c->n, c->n == 1 ? "" : "s", r->sum_weights, r->sum_squares, r->sum_weighted);
	add_line(w, "Denominator: square root of ((1 - %.15g) x %.15g + %.15g x %.15g squared) = %.10g.",
		 c->rho, r->sum_squares, c->rho, r->sum_weights, r->denominator);
	add_line(w, "T = 50 + 10 x %.15g / %.10g = %.10g.", r->sum_weighted, r->denominator,
		 r->t_unrounded);
	add_line(w, "Rounded to 2 decimals, half away from zero: %.2f%s.", r->t_score,
		 r->exact_tie_check ? " (close to a half: decided in exact arithmetic)" : "");
	add_line(w, "%s", r->t_centi > 5000   ? "Above 50: better than expected overall."
			  : r->t_centi < 5000 ? "Below 50: less than expected overall."
					      : "50: the expected level overall.");
	json_t *o = json_object();
	json_object_set_new(o, "t_score", json_real(r->t_score));
	json_object_set_new(o, "t_score_centi", json_integer(r->t_centi));
	json_object_set_new(o, "goals", json_integer((json_int_t)c->n));
	json_object_set_new(o, "rho", json_real(c->rho));
	json_object_set_new(o, "sum_weights", json_real(r->sum_weights));
	json_object_set_new(o, "sum_weighted", json_real(r->sum_weighted));
	json_object_set_new(o, "workings", w);
	return o;
}

/* ================= review due dates ================= */

static sn_err read_date(json_t *v, const char *field, int64_t *out, char *err, size_t err_size)
{
	char q[49];
	if (!json_is_string(v)) {
		snprintf(err, err_size, "%s: must be a date written YYYY-MM-DD", field);
		return SN_EINPUT;
	}
	if (civil_parse(json_string_value(v), out)) {
		snprintf(err, err_size,
			 "%s: '%s' is not a date (write YYYY-MM-DD, a real day from %d-01-01 to %d-12-31)",
			 field, quoted(json_string_value(v), q), CIVIL_MIN_YEAR, CIVIL_MAX_YEAR);
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err read_triggers(json_t *a, review_case *c, char *err, size_t err_size)
{
	static const char *const known[] = {"raised_on", "due_on", NULL};
	sn_err rc = SN_OK;
	char field[48], q[49];
	if (!json_is_array(a))
		FAIL("triggers: must be a list like [{\"raised_on\": \"2026-05-01\", \"due_on\": \"2026-05-15\"}]");
	if (json_array_size(a) > REVIEW_TRIGGERS_MAX)
		FAIL("triggers: at most %d triggers", REVIEW_TRIGGERS_MAX);
	size_t i;
	json_t *t;
	json_array_foreach(a, i, t) {
		if (!json_is_object(t))
			FAIL("triggers[%zu]: must be an object with raised_on and due_on", i);
		const char *bad = unknown_key(t, known);
		if (bad)
			FAIL("triggers[%zu].%s: unknown field (a trigger has raised_on and due_on)", i,
			     quoted(bad, q));
		review_trigger *rt = &c->triggers[i];
		snprintf(field, sizeof field, "triggers[%zu].raised_on", i);
		rc = read_date(json_object_get(t, "raised_on"), field, &rt->raised_on, err, err_size);
		if (!rc) {
			snprintf(field, sizeof field, "triggers[%zu].due_on", i);
			rc = read_date(json_object_get(t, "due_on"), field, &rt->due_on, err, err_size);
		}
		if (rc)
			goto out;
		if (rt->due_on < rt->raised_on)
			FAIL("triggers[%zu].due_on: before raised_on", i);
	}
	c->n_triggers = json_array_size(a);
out:
	return rc;
}

static sn_err read_reviews(json_t *a, review_case *c, char *err, size_t err_size)
{
	char field[32];
	if (!json_is_array(a)) {
		snprintf(err, err_size, "reviews: must be a list of dates like [\"2026-03-20\"]");
		return SN_EINPUT;
	}
	if (json_array_size(a) > REVIEWS_MAX) {
		snprintf(err, err_size, "reviews: at most %d reviews", REVIEWS_MAX);
		return SN_EINPUT;
	}
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		snprintf(field, sizeof field, "reviews[%zu]", i);
		sn_err rc = read_date(v, field, &c->reviews[i], err, err_size);
		if (rc)
			return rc;
	}
	c->n_reviews = json_array_size(a);
	return SN_OK;
}

sn_err review_case_from_json(const char *text, size_t len, int64_t today_default,
			     review_case *c, bool *has_triggers, char *err, size_t err_size)
{
	static const char *const known[] = {"signed_off", "direct_payment", "reviews", "today",
					    "triggers",   NULL};
	json_t *o = NULL;
	char q[49];
	memset(c, 0, sizeof *c);
	*has_triggers = false;
	sn_err rc = json_open_object(text, len, REVIEWS_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	const char *bad = unknown_key(o, known);
	if (bad)
		FAIL("%s: unknown field (the input has signed_off, direct_payment, reviews, today and triggers)",
		     quoted(bad, q));
	json_t *s = json_object_get(o, "signed_off");
	if (!s)
		FAIL("signed_off: missing (the date the plan was signed off, YYYY-MM-DD)");
	rc = read_date(s, "signed_off", &c->signed_off, err, err_size);
	if (rc)
		goto out;
	json_t *dp = json_object_get(o, "direct_payment");
	if (dp && !json_is_boolean(dp))
		FAIL("direct_payment: must be true or false");
	c->direct_payment = json_is_true(dp);
	json_t *rv = json_object_get(o, "reviews");
	if (rv && (rc = read_reviews(rv, c, err, err_size)) != SN_OK)
		goto out;
	c->today = today_default;
	json_t *td = json_object_get(o, "today");
	if (td && (rc = read_date(td, "today", &c->today, err, err_size)) != SN_OK)
		goto out;
	json_t *tr = json_object_get(o, "triggers");
	if (tr && (rc = read_triggers(tr, c, err, err_size)) != SN_OK)
		goto out;
	*has_triggers = tr != NULL;
out:
	json_decref(o);
	return rc;
}

static json_t *date_or_null(int64_t days)
{
	char d[11];
	if (days < 0)
		return json_null();
	civil_format(days, d);
	return json_string(d);
}

static void review_workings(json_t *w, const review_case *c, const review_result *r)
{
	char a[11], b[11], m[11];
	civil_format(c->signed_off, a);
	add_line(w, "Signed off on %s.", a);
	if (r->n_counted < c->n_reviews)
		add_line(w, "%zu review%s before sign-off not counted.", c->n_reviews - r->n_counted,
			 c->n_reviews - r->n_counted == 1 ? "" : "s");
	civil_format(r->light_touch_from, a);
	civil_format(r->light_touch_by, b);
	civil_format(r->light_touch_met_on, m);
	add_line(w, "Light-touch review: from %s to %s (6 to 8 weeks after sign-off); %s%s.", a, b,
		 r->light_touch_met_on >= 0 ? "met by the review on " : "not met",
		 r->light_touch_met_on >= 0 ? m : "");
	if (c->direct_payment) {
		civil_format(r->dp_by, b);
		civil_format(r->dp_met_on, m);
		add_line(w, "Direct payment: first review by %s (6 calendar months after sign-off); %s%s.",
			 b, r->dp_met_on >= 0 ? "met by the review on " : "not met",
			 r->dp_met_on >= 0 ? m : "");
	} else {
		add_line(w, "No direct payment: no direct-payment review.");
	}
	civil_format(r->latest, a);
	civil_format(r->next_review_by, b);
	add_line(w, "Next review by %s: 12 calendar months after %s, the latest of sign-off and the reviews.",
		 b, a);
	civil_format(c->today, a);
	char list[128] = "";
	for (size_t i = 0, n = 0; i < r->n_overdue && n < sizeof list; i++) {
		if (i > 0 && r->overdue[i] == DUE_TRIGGERED && r->overdue[i - 1] == DUE_TRIGGERED)
			continue;
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "",
				      review_due_key(r->overdue[i]));
	}
	add_line(w, "Overdue on %s: %s.", a, r->n_overdue ? list : "none");
}

json_t *review_result_to_json(const review_case *c, const review_result *r, bool with_triggers)
{
	json_t *o = json_object(), *overdue = json_array(), *w = json_array();
	json_object_set_new(o, "light_touch_from", date_or_null(r->light_touch_from));
	json_object_set_new(o, "light_touch_by", date_or_null(r->light_touch_by));
	json_object_set_new(o, "direct_payment_review_by", date_or_null(r->dp_by));
	json_object_set_new(o, "next_review_by", date_or_null(r->next_review_by));
	/* One "triggered", however many triggers are overdue (each is in "triggers"). */
	for (size_t i = 0; i < r->n_overdue; i++)
		if (r->overdue[i] != DUE_TRIGGERED || i == 0 || r->overdue[i - 1] != DUE_TRIGGERED)
			json_array_append_new(overdue, json_string(review_due_key(r->overdue[i])));
	json_object_set_new(o, "overdue", overdue);
	if (with_triggers) {
		json_t *ts = json_array();
		for (size_t i = 0; i < c->n_triggers; i++) {
			json_t *t = json_object();
			json_object_set_new(t, "raised_on", date_or_null(c->triggers[i].raised_on));
			json_object_set_new(t, "due_on", date_or_null(c->triggers[i].due_on));
			json_object_set_new(t, "met_on", date_or_null(r->trigger_met_on[i]));
			json_object_set_new(t, "overdue", json_boolean(r->trigger_overdue[i]));
			json_array_append_new(ts, t);
		}
		json_object_set_new(o, "triggers", ts);
	}
	review_workings(w, c, r);
	json_object_set_new(o, "workings", w);
	return o;
}

/* ================= block contract ================= */

static sn_err read_tenant(json_t *t, size_t i, block_case *c, char *err, size_t err_size)
{
	static const char *const known[] = {"id", "ras_weekly_pence", NULL};
	sn_err rc = SN_OK;
	char q[49];
	if (!json_is_object(t))
		FAIL("tenants[%zu]: must be an object like {\"id\": \"flat-1\", \"ras_weekly_pence\": 21000}",
		     i);
	const char *bad = unknown_key(t, known);
	if (bad)
		FAIL("tenants[%zu].%s: unknown field (a tenant has id and ras_weekly_pence)", i,
		     quoted(bad, q));
	json_t *id = json_object_get(t, "id");
	if (id) {
		const char *s = json_string_value(id);
		size_t n = s ? strlen(s) : 0;
		bool ok = n >= 1 && n <= BLOCK_ID_MAX;
		for (size_t k = 0; ok && k < n; k++)
			ok = (unsigned char)s[k] >= 0x20 && s[k] != 0x7f;
		if (!ok)
			FAIL("tenants[%zu].id: must be text of 1 to %d characters", i, BLOCK_ID_MAX);
		memcpy(c->tenants[i].id, s, n + 1);
	} else {
		snprintf(c->tenants[i].id, sizeof c->tenants[i].id, "tenant-%zu", i + 1);
	}
	json_t *p = json_object_get(t, "ras_weekly_pence");
	if (!p)
		FAIL("tenants[%zu].ras_weekly_pence: missing (the tenant's indicative weekly budget from the RAS, in pence)",
		     i);
	if (!get_pence(p, &c->tenants[i].ras_weekly_pence))
		FAIL("tenants[%zu].ras_weekly_pence: must be a whole number of pence from 0 to %lld", i,
		     (long long)PLAN_WEEKLY_MAX_PENCE);
out:
	return rc;
}

sn_err block_case_from_json(const char *text, size_t len, block_case *c, char *err,
			    size_t err_size)
{
	static const char *const known[] = {"contract_weekly_pence", "core_weekly_pence", "tenants",
					    NULL};
	static const char *const money[] = {"contract_weekly_pence", "core_weekly_pence"};
	json_t *o = NULL;
	char q[49];
	memset(c, 0, sizeof *c);
	sn_err rc = json_open_object(text, len, BLOCK_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	const char *bad = unknown_key(o, known);
	if (bad)
		FAIL("%s: unknown field (the input has contract_weekly_pence, core_weekly_pence and tenants)",
		     quoted(bad, q));
	int64_t *dest[] = {&c->contract_weekly_pence, &c->core_weekly_pence};
	for (size_t k = 0; k < 2; k++) {
		json_t *v = json_object_get(o, money[k]);
		if (!v)
			FAIL("%s: missing (whole pence a week)", money[k]);
		if (!get_pence(v, dest[k]))
			FAIL("%s: must be a whole number of pence from 0 to %lld", money[k],
			     (long long)PLAN_WEEKLY_MAX_PENCE);
	}
	json_t *ts = json_object_get(o, "tenants");
	if (!ts)
		FAIL("tenants: missing (a list like [{\"id\": \"flat-1\", \"ras_weekly_pence\": 21000}])");
	if (!json_is_array(ts))
		FAIL("tenants: must be a list like [{\"id\": \"flat-1\", \"ras_weekly_pence\": 21000}]");
	if (json_array_size(ts) == 0)
		FAIL("tenants: must list at least one tenant");
	if (json_array_size(ts) > BLOCK_TENANTS_MAX)
		FAIL("tenants: at most %d tenants", BLOCK_TENANTS_MAX);
	size_t i;
	json_t *t;
	json_array_foreach(ts, i, t) {
		rc = read_tenant(t, i, c, err, err_size);
		if (rc)
			goto out;
	}
	c->n = json_array_size(ts);
out:
	json_decref(o);
	return rc;
}

json_t *block_result_to_json(const block_case *c, const block_result *r)
{
	char a[40], b[40], d[40];
	json_t *o = json_object(), *ts = json_array(), *w = json_array();
	for (size_t i = 0; i < c->n; i++) {
		json_t *t = json_object();
		json_object_set_new(t, "id", json_string(c->tenants[i].id));
		json_object_set_new(t, "before_pence", json_integer(r->tenants[i].before_pence));
		json_object_set_new(t, "core_share_pence", json_integer(r->tenants[i].core_share_pence));
		json_object_set_new(t, "individual_pence", json_integer(r->tenants[i].individual_pence));
		json_object_set_new(t, "after_pence", json_integer(r->tenants[i].after_pence));
		json_object_set_new(t, "change_pence", json_integer(r->tenants[i].change_pence));
		json_array_append_new(ts, t);
	}
	json_object_set_new(o, "tenants", ts);
	json_object_set_new(o, "before_total_pence", json_integer(r->before_total_pence));
	json_object_set_new(o, "core_total_pence", json_integer(r->core_total_pence));
	json_object_set_new(o, "individual_total_pence", json_integer(r->individual_total_pence));
	json_object_set_new(o, "after_total_pence", json_integer(r->after_total_pence));
	json_object_set_new(o, "difference_pence", json_integer(r->difference_pence));
	money_text(r->before_total_pence, a);
	add_line(w, "Before: the block contract, %s a week, split equally among %zu tenant%s (a penny left over goes to the first tenants).",
		 a, c->n, c->n == 1 ? "" : "s");
	money_text(r->core_total_pence, a);
	add_line(w, "After: the shared core cost, %s a week, split equally the same way, plus each tenant's own budget from the RAS.",
		 a);
	money_text(r->individual_total_pence, b);
	money_text(r->after_total_pence, d);
	add_line(w, "After in total: %s core + %s individual budgets = %s a week.", a, b, d);
	money_text(r->difference_pence < 0 ? -r->difference_pence : r->difference_pence, a);
	if (r->difference_pence == 0)
		add_line(w, "After costs the same as before.");
	else
		add_line(w, "After costs %s a week %s than before.", a,
			 r->difference_pence > 0 ? "more" : "less");
	json_object_set_new(o, "workings", w);
	return o;
}
