/* The money forms: RAS and charging cases from form fields and back, for the public calculators and the worker's pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget_forms.h"

/* ---- form helpers ---- */

/* Fields of these forms depend on data (questions of the scheme, income
 * kinds of the table), so they are read with req_form rather than through
 * route rules; every value is length-checked by its parser. */

json_t *budget_form_field(req *r, const char *id, const char *label, const char *hint,
			  const char *value, const char *error, const char *suffix)
{
	const char *desc = arena_printf(r->a, "%s%s%s", hint && *hint ? id : "",
					hint && *hint ? "-hint" : "",
					error && *error ? arena_printf(r->a, "%s%s-error",
								       hint && *hint ? " " : "", id) : "");
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", id, "label", label,
			 "hint", hint ? hint : "", "value", value ? value : "",
			 "error", error ? error : "", "suffix", suffix ? suffix : "",
			 "describedby", desc);
}

const char *budget_form_error(const req *r, const char *name)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (strcmp(json_string_value(json_object_get(e, "field")), name) == 0)
			return json_string_value(json_object_get(e, "message"));
	return NULL;
}

/* "older people" -> "Older people" */
static const char *capitalised(arena *a, const char *s)
{
	char *c = arena_strdup(a, s);
	if (c[0] >= 'a' && c[0] <= 'z')
		c[0] = (char)(c[0] - 32);
	return c;
}

/* ---- the RAS ---- */

json_t *budget_ras_form_view(req *r, const ras_scheme *s, const json_t *given)
{
	json_t *field_errors = json_object();
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		json_object_set(field_errors, json_string_value(json_object_get(e, "field")),
				json_object_get(e, "message"));
	const char *grp = json_string_value(json_object_get(given, "client_group"));
	json_t *answers = json_object_get(given, "answers");
	json_t *groups = json_array();
	for (size_t g = 0; g < s->n_groups; g++)
		json_array_append_new(groups, json_pack("{s:s, s:s, s:s, s:b}",
			"id", g ? arena_printf(r->a, "client_group-%s", s->groups[g].key) : "client_group",
			"value", s->groups[g].key, "label", capitalised(r->a, s->groups[g].label),
			"checked", grp && strcmp(grp, s->groups[g].key) == 0));
	json_t *qs = json_array();
	for (size_t q = 0; q < s->n_questions; q++) {
		const ras_question *qq = &s->questions[q];
		const char *a = json_string_value(json_object_get(answers, qq->key));
		json_t *as = json_array();
		for (size_t k = 0; k < qq->n_answers; k++)
			json_array_append_new(as, json_pack("{s:s, s:s, s:s, s:b}",
				"id", k ? arena_printf(r->a, "%s-%s", qq->key, qq->answers[k].key) : qq->key,
				"value", qq->answers[k].key, "label", qq->answers[k].label,
				"checked", a && strcmp(a, qq->answers[k].key) == 0));
		const char *err = json_string_value(json_object_get(field_errors, qq->key));
		json_array_append_new(qs, json_pack("{s:s, s:s, s:s, s:b, s:o}", "key", qq->key,
			"label", qq->label, "error", err ? err : "", "optional", !qq->required,
			"answers", as));
	}
	const char *gerr = json_string_value(json_object_get(field_errors, "client_group"));
	json_decref(field_errors);
	return json_pack("{s:s, s:s, s:o, s:s, s:o}", "scheme", s->name,
		"description", s->description, "groups", groups, "group_error", gerr ? gerr : "",
		"questions", qs);
}

json_t *budget_ras_case_from_form(req *r, const ras_scheme *s)
{
	json_t *c = json_object(), *answers = json_object();
	const char *grp = req_form(r, "client_group");
	if (ras_group_index(s, grp) < 0)
		req_add_error(r, "client_group", "Select who the budget is for");
	json_object_set_new(c, "scheme", json_string(s->id));
	json_object_set_new(c, "client_group", json_string(grp));
	for (size_t q = 0; q < s->n_questions; q++) {
		const ras_question *qq = &s->questions[q];
		const char *v = req_form(r, qq->key);
		if (ras_answer_index(qq, v) >= 0)
			json_object_set_new(answers, qq->key, json_string(v));
		else if (*v || qq->required)
			req_add_error(r, qq->key, arena_printf(r->a, "Select an answer about %s", qq->label));
	}
	json_object_set_new(c, "answers", answers);
	char year[8];
	chg_tax_year_of(time_now(), year);
	if (ras_year_index(s, year) < 0)
		snprintf(year, sizeof year, "%s", s->years[s->n_years - 1]);
	json_object_set_new(c, "year", json_string(year));
	return c;
}

sn_err budget_ras_compute(const ras_scheme *s, const json_t *c, ras_case *rc_case,
			  ras_result *res)
{
	char *text = json_dumps(c, JSON_COMPACT);
	char err[512] = "";
	sn_err rc = SN_EINTERNAL;
	if (text)
		rc = ras_case_from_json(text, strlen(text), s, NULL, rc_case, err, sizeof err);
	free(text);
	if (!rc && ras_compute(s, rc_case, res)) {
		snprintf(err, sizeof err, "%s", res->error);
		rc = SN_EINPUT;
	}
	if (rc)
		log_msg(LOG_ERROR, "RAS: a checked form made a bad case: %s", err);
	return rc;
}

json_t *budget_ras_result_view(const ras_result *res)
{
	char budget[40];
	money_text(res->weekly_budget_pence, budget);
	json_t *lines = json_array();
	for (size_t i = 0; i < res->n_lines; i++)
		json_array_append_new(lines, json_string(res->lines[i]));
	return json_pack("{s:s, s:I, s:o}", "budget", budget, "points",
			 (json_int_t)res->total_points, "workings", lines);
}

/* ---- a scheme's figures ---- */

/* Pence as pounds a person would type: "15000", "230.30". */
static const char *pounds(req *r, json_int_t p);

static size_t figures_count(const ras_scheme *s)
{
	size_t n = s->n_groups * (s->n_years + 2);
	for (size_t q = 0; q < s->n_questions; q++)
		n += s->questions[q].n_answers;
	return n;
}

/* A figure field: what was typed when posted, else the scheme's value. */
static json_t *figure(req *r, const char *id, const char *label, const char *value,
		      bool posted, const char *suffix)
{
	return budget_form_field(r, id, label, NULL, posted ? req_form(r, id) : value,
				 budget_form_error(r, id), suffix);
}

json_t *budget_ras_figures_view(req *r, const ras_scheme *s, bool posted)
{
	json_t *groups = json_array(), *questions = json_array();
	bool points_error = false;
	for (size_t g = 0; g < s->n_groups; g++) {
		const ras_group *gr = &s->groups[g];
		json_t *prices = json_array();
		for (size_t y = 0; y < s->n_years; y++)
			json_array_append_new(prices, figure(r,
				arena_printf(r->a, "price-%s-%s", gr->key, s->years[y]),
				arena_printf(r->a, "Price per point in %s", s->years[y]),
				pounds(r, gr->price_pence[y]), posted, "a point"));
		json_array_append_new(groups, json_pack("{s:s, s:s, s:o, s:o, s:o}", "key", gr->key,
			"label", capitalised(r->a, gr->label), "prices", prices,
			"floor", figure(r, arena_printf(r->a, "floor-%s", gr->key), "Floor",
				pounds(r, gr->floor_pence), posted, "a week"),
			"ceiling", figure(r, arena_printf(r->a, "ceiling-%s", gr->key), "Ceiling",
				pounds(r, gr->ceiling_pence), posted, "a week")));
	}
	for (size_t q = 0; q < s->n_questions; q++) {
		const ras_question *qq = &s->questions[q];
		json_t *answers = json_array();
		for (size_t k = 0; k < qq->n_answers; k++) {
			const char *id = arena_printf(r->a, "points-%s-%s", qq->key, qq->answers[k].key);
			json_t *f = figure(r, id, capitalised(r->a, qq->answers[k].label),
				arena_printf(r->a, "%d", qq->answers[k].points), posted, "points");
			points_error = points_error || budget_form_error(r, id);
			json_array_append_new(answers, f);
		}
		json_array_append_new(questions, json_pack("{s:s, s:s, s:o}", "key", qq->key,
			"label", qq->label, "answers", answers));
	}
	return json_pack("{s:o, s:o, s:b, s:b}", "groups", groups, "questions", questions,
			 "points_open", points_error, "too_many", figures_count(s) > BUDGET_FIGURES_MAX);
}

/* Pounds typed in field id into *pence, from min to max; a message naming
 * what (the label in the error) when it is not. */
static void figure_pounds(req *r, const char *id, const char *what, const char *like,
			  int64_t min, int64_t max, int64_t *pence)
{
	const char *v = req_form(r, id);
	char lo[40], hi[40];
	money_text(min, lo);
	money_text(max, hi);
	if (min > 0 && min < 100) /* "1p", not "£0.01" */
		snprintf(lo, sizeof lo, "%lldp", (long long)min);
	if (!*v) {
		req_add_error(r, id, arena_printf(r->a, "Enter %s", what));
		return;
	}
	int64_t p = 0;
	sn_err rc = money_parse_pounds(v, max, &p);
	if (rc == SN_ETOOBIG || (!rc && p < min))
		req_add_error(r, id, arena_printf(r->a, "%s must be from %s to %s",
						  capitalised(r->a, what), lo, hi));
	else if (rc)
		req_add_error(r, id, arena_printf(r->a, "Enter %s as an amount in pounds, like %s",
						  what, like));
	else
		*pence = p;
}

sn_err budget_ras_figures_from_form(req *r, ras_scheme *s)
{
	size_t before = json_array_size(r->errors);
	for (size_t g = 0; g < s->n_groups; g++) {
		ras_group *gr = &s->groups[g];
		for (size_t y = 0; y < s->n_years; y++)
			figure_pounds(r, arena_printf(r->a, "price-%s-%s", gr->key, s->years[y]),
				      arena_printf(r->a, "the price per point for %s in %s", gr->label,
						   s->years[y]), "4.15", 1, RAS_MAX_PRICE_PENCE,
				      &gr->price_pence[y]);
		const char *fid = arena_printf(r->a, "floor-%s", gr->key);
		figure_pounds(r, fid, arena_printf(r->a, "the floor for %s", gr->label), "40", 0,
			      RAS_MAX_WEEKLY_PENCE, &gr->floor_pence);
		figure_pounds(r, arena_printf(r->a, "ceiling-%s", gr->key),
			      arena_printf(r->a, "the ceiling for %s", gr->label), "600", 1,
			      RAS_MAX_WEEKLY_PENCE, &gr->ceiling_pence);
		if (!budget_form_error(r, fid) && gr->floor_pence > gr->ceiling_pence) {
			char c[40];
			money_text(gr->ceiling_pence, c);
			req_add_error(r, fid, arena_printf(r->a, "The floor for %s must not be above "
				"its ceiling (%s)", gr->label, c));
		}
	}
	for (size_t q = 0; q < s->n_questions; q++) {
		ras_question *qq = &s->questions[q];
		for (size_t k = 0; k < qq->n_answers; k++) {
			const char *id = arena_printf(r->a, "points-%s-%s", qq->key, qq->answers[k].key);
			int64_t n = 0;
			if (str_to_i64(req_form(r, id), 0, RAS_MAX_POINTS, &n))
				req_add_error(r, id, arena_printf(r->a, "Enter the points for “%s: %s” "
					"as a whole number from 0 to %d", qq->label, qq->answers[k].label,
					RAS_MAX_POINTS));
			else
				qq->answers[k].points = (int)n;
		}
	}
	if (json_array_size(r->errors) > before)
		return SN_EINPUT;
	char err[512];
	if (ras_scheme_check(s, err, sizeof err)) {
		req_add_error(r, "figures", arena_printf(r->a, "These figures cannot be used: %s", err));
		return SN_EINPUT;
	}
	return SN_OK;
}

/* ---- the financial assessment ---- */

static const struct {
	const char *key, *label, *hint;
} premiums[] = {
	{"disability", "Disability premium", "Paid with some working-age benefits if you are disabled"},
	{"enhanced_disability", "Enhanced disability premium",
	 "Paid with some working-age benefits if you get the highest rate of the daily living or care part of PIP or DLA"},
	{"severe_disability", "Severe disability premium",
	 "Paid if you get a disability benefit, live alone and no one gets Carer's Allowance for looking after you"},
	{"carer", "Carer premium", "Paid if you get Carer's Allowance"},
};

/* Pounds typed in a field into pence; records a message on bad input.
 * Empty is 0 unless required. */
static int64_t money_field(req *r, const char *name, const char *what, bool required)
{
	const char *v = req_form(r, name);
	int64_t p = 0;
	if (!*v) {
		if (required)
			req_add_error(r, name, arena_printf(r->a, "Enter %s", what));
		return 0;
	}
	sn_err rc = money_parse_pounds(v, CHG_MAX_WEEKLY_PENCE, &p);
	if (rc == SN_ETOOBIG)
		req_add_error(r, name, arena_printf(r->a, "Enter %s as £1,000,000 or less", what));
	else if (rc)
		req_add_error(r, name, arena_printf(r->a, "Enter %s as an amount in pounds, like 25.50", what));
	return p;
}

json_t *budget_pay_fields_view(req *r, const chg_rates *rates, bool cost_optional)
{
	/* Values were sent (a POST, or a calculator's answer at its own
	 * address, whose fields are the form's). */
	bool posted = r->form.n > 0;
	json_t *income = json_array();
	for (size_t i = 0; i < rates->n_kinds; i++) {
		const char *id = arena_printf(r->a, "income_%s", rates->kinds[i].name);
		json_array_append_new(income, budget_form_field(r, id,
			capitalised(r->a, rates->kinds[i].label), NULL, posted ? req_form(r, id) : "",
			budget_form_error(r, id), "per week"));
	}
	json_t *prem = json_array();
	for (size_t i = 0; i < SN_ARRAY_LEN(premiums); i++) {
		const char *id = arena_printf(r->a, "premium_%s", premiums[i].key);
		json_array_append_new(prem, json_pack("{s:s, s:s, s:s, s:b}", "id", id,
			"label", premiums[i].label, "hint", premiums[i].hint,
			"checked", posted && strcmp(req_form(r, id), "yes") == 0));
	}
	const char *couple = posted ? req_form(r, "couple") : "";
	char lower[40], upper[40];
	money_text(rates->capital_lower_pence, lower);
	money_text(rates->capital_upper_pence, upper);
	return json_pack(
		"{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b}",
		"year", rates->year, "capital_lower", lower,
		"capital_upper", upper, "age", posted ? req_form(r, "age") : "",
		"capital", budget_form_field(r, "capital", "Savings and investments",
				 "Include money in the bank, savings accounts, shares and property other "
				 "than your home. Do not include the value of the home you live in. If "
				 "you have a partner, include half of anything you own together.",
				 posted ? req_form(r, "capital") : "", budget_form_error(r, "capital"), NULL),
		"income", income, "premiums", prem,
		"dre", budget_form_field(r, "dre", "Extra costs because of your disability or illness",
			     "For example extra heating, laundry, special diet or a community alarm. "
			     "Leave blank if you do not know.",
			     posted ? req_form(r, "dre") : "", budget_form_error(r, "dre"), "per week"),
		"housing", budget_form_field(r, "housing", "Housing costs",
				 "Rent or mortgage and Council Tax, after any Housing Benefit or "
				 "Council Tax Reduction. Leave blank if you have none.",
				 posted ? req_form(r, "housing") : "", budget_form_error(r, "housing"),
				 "per week"),
		"care_cost", budget_form_field(r, "care_cost",
				   cost_optional ? "Cost of your care (optional)" : "Cost of your care",
				   cost_optional
				   ? "The total weekly cost of all the care and support the council "
				     "would arrange, if you know it. Leave it blank to see the most you "
				     "could be asked to pay."
				   : "The total weekly cost of all the care and support the council "
				     "would arrange. Your worker can tell you this.",
				   posted ? req_form(r, "care_cost") : "",
				   budget_form_error(r, "care_cost"), "per week"),
		"children", budget_form_field(r, "children", "Children who live with you",
				  "How many dependent children live with you. Leave blank if none.",
				  posted ? req_form(r, "children") : "", budget_form_error(r, "children"),
				  NULL),
		"couple_yes", strcmp(couple, "yes") == 0, "couple_no", strcmp(couple, "no") == 0);
}

json_t *budget_pay_case_from_form(req *r, const chg_rates *rates, bool cost_optional)
{
	json_t *c = json_object();
	json_object_set_new(c, "year", json_string(rates->year));
	int64_t age = 0;
	const char *age_s = req_form(r, "age");
	if (!*age_s)
		req_add_error(r, "age", "Enter your age");
	else if (str_to_i64(age_s, 0, 999, &age) || age < 18 || age > 120)
		req_add_error(r, "age", "Enter your age as a number from 18 to 120");
	json_object_set_new(c, "age", json_integer(age));
	const char *couple = req_form(r, "couple");
	if (strcmp(couple, "yes") != 0 && strcmp(couple, "no") != 0)
		req_add_error(r, "couple", "Select yes if you live with a partner");
	json_object_set_new(c, "couple", json_boolean(strcmp(couple, "yes") == 0));
	json_t *prem = json_object();
	for (size_t i = 0; i < SN_ARRAY_LEN(premiums); i++)
		json_object_set_new(prem, premiums[i].key, json_boolean(strcmp(req_form(r,
			arena_printf(r->a, "premium_%s", premiums[i].key)), "yes") == 0));
	json_object_set_new(c, "premiums", prem);
	int64_t children = 0;
	const char *ch = req_form(r, "children");
	if (*ch && str_to_i64(ch, 0, 20, &children))
		req_add_error(r, "children", "Enter the number of children as a number from 0 to 20");
	json_object_set_new(c, "dependent_children", json_integer(children));
	const char *cap_s = req_form(r, "capital");
	int64_t capital = 0;
	if (!*cap_s)
		req_add_error(r, "capital", "Enter your savings and investments, or 0 if you have none");
	else if (money_parse_pounds(cap_s, CHG_MAX_CAPITAL_PENCE, &capital))
		req_add_error(r, "capital", "Enter your savings and investments as an amount in pounds, like 15000");
	json_object_set_new(c, "capital_pence", json_integer(capital));
	json_t *inc = json_object();
	for (size_t i = 0; i < rates->n_kinds; i++) {
		const char *id = arena_printf(r->a, "income_%s", rates->kinds[i].name);
		int64_t p = money_field(r, id, arena_printf(r->a, "your %s", rates->kinds[i].label),
					false);
		if (p)
			json_object_set_new(inc, rates->kinds[i].name, json_integer(p));
	}
	json_object_set_new(c, "weekly_income_pence", inc);
	json_object_set_new(c, "weekly_dre_pence", json_integer(money_field(r, "dre",
		"your extra costs because of your disability", false)));
	json_object_set_new(c, "weekly_housing_pence", json_integer(money_field(r, "housing",
		"your housing costs", false)));
	/* Without it the rules give the most that could be asked. */
	if (!cost_optional || *req_form(r, "care_cost"))
		json_object_set_new(c, "weekly_care_cost_pence", json_integer(money_field(r, "care_cost",
			"the weekly cost of your care", true)));
	return c;
}

/* Pence as pounds a person would type: "15000", "230.30". */
static const char *pounds(req *r, json_int_t p)
{
	return p % 100 ? arena_printf(r->a, "%lld.%02lld", (long long)(p / 100), (long long)(p % 100))
		       : arena_printf(r->a, "%lld", (long long)(p / 100));
}

void budget_pay_form_from_case(req *r, const json_t *c)
{
	kv *f = arena_alloc(r->a, 64 * sizeof *f);
	size_t n = 0;
#define FIELD(name_, value_) (f[n].name = arena_strdup(r->a, name_), f[n].value = (char *)(value_), n++)
	FIELD("age", arena_printf(r->a, "%lld", (long long)json_integer_value(json_object_get(c, "age"))));
	FIELD("couple", json_is_true(json_object_get(c, "couple")) ? "yes" : "no");
	const char *key;
	json_t *v;
	json_object_foreach(json_object_get(c, "premiums"), key, v)
		if (json_is_true(v) && n < 60)
			FIELD(arena_printf(r->a, "premium_%s", key), "yes");
	json_int_t children = json_integer_value(json_object_get(c, "dependent_children"));
	if (children)
		FIELD("children", arena_printf(r->a, "%lld", (long long)children));
	FIELD("capital", pounds(r, json_integer_value(json_object_get(c, "capital_pence"))));
	json_object_foreach(json_object_get(c, "weekly_income_pence"), key, v)
		if (n < 60)
			FIELD(arena_printf(r->a, "income_%s", key), pounds(r, json_integer_value(v)));
	static const char *const money[][2] = {{"weekly_dre_pence", "dre"},
					       {"weekly_housing_pence", "housing"},
					       {"weekly_care_cost_pence", "care_cost"}};
	for (size_t i = 0; i < SN_ARRAY_LEN(money); i++) {
		json_t *m = json_object_get(c, money[i][0]);
		if (json_is_integer(m) && (json_integer_value(m) || i == 2))
			FIELD(money[i][1], pounds(r, json_integer_value(m)));
	}
#undef FIELD
	r->form.items = f;
	r->form.n = n;
}

/* A chg_rates_loader that hands back the table already loaded (ctx): the
 * form put that table's year in the case. */
static sn_err given_table(void *ctx, const char *year, chg_rates *out, char *err, size_t err_size)
{
	const chg_rates *given = ctx;
	if (strcmp(year, given->year) != 0) {
		snprintf(err, err_size, "year: no rates table for %.16s (the form is for %s)", year,
			 given->year);
		return SN_ENOTFOUND;
	}
	if (out != given)
		*out = *given;
	return SN_OK;
}

sn_err budget_pay_compute(req *r, const json_t *c, chg_rates *rates, chg_case *cs,
			  chg_result *res)
{
	/* The same parser, rules and output as `supportnet rules charge`. */
	char *text = json_dumps(c, JSON_COMPACT);
	char err[512] = "";
	sn_err rc = SN_EINTERNAL;
	if (text)
		rc = chg_case_from_json_with(text, strlen(text), NULL, time_now(), given_table, rates,
					     cs, rates, err, sizeof err);
	free(text);
	if (!rc)
		rc = chg_compute(rates, cs, res);
	if (rc)
		/* The form checks should leave nothing for the rules to refuse;
		 * if they do, say so beside the first field. */
		req_add_error(r, "age", arena_printf(r->a, "These answers cannot be used: %s", err));
	return rc;
}
