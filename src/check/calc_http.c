/* The public calculators: "Estimate what you might pay" and "Might I be
 * eligible?". They store nothing: the form becomes a JSON case, the case
 * goes through the same parser and rules as the command and the API, and
 * the answer is shown with its workings. Form problems get plain-English
 * messages beside the field before the rules see anything. */
#include <stdio.h>
#include <string.h>

#include "../access/access_http.h"
#include "../eligibility/eligibility.h"
#include "../budget/charging.h"
#include "../rulesdata/rulesdata.h"
#include "check.h"

/* ---- form helpers ---- */

/* Fields of the calculators that depend on data (income kinds) are read
 * with req_form rather than through route rules; every value is
 * length-checked by its parser. */

/* A field for the partials/field template. */
static json_t *field(req *r, const char *id, const char *label, const char *hint,
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

/* The error message given for a field, or NULL. */
static const char *error_for(const req *r, const char *name)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (strcmp(json_string_value(json_object_get(e, "field")), name) == 0)
			return json_string_value(json_object_get(e, "message"));
	return NULL;
}

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

static const char *capitalised(arena *a, const char *s)
{
	char *c = arena_strdup(a, s);
	if (c[0] >= 'a' && c[0] <= 'z')
		c[0] = (char)(c[0] - 32);
	return c;
}

/* ---- what you might pay ---- */

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

json_t *check_pay_fields_view(req *r, const chg_rates *rates)
{
	bool posted = strcmp(r->method, "POST") == 0;
	json_t *income = json_array();
	for (size_t i = 0; i < rates->n_kinds; i++) {
		const char *id = arena_printf(r->a, "income_%s", rates->kinds[i].name);
		json_array_append_new(income, field(r, id, capitalised(r->a, rates->kinds[i].label),
						    NULL, posted ? req_form(r, id) : "",
						    error_for(r, id), "per week"));
	}
	json_t *prem = json_array();
	for (size_t i = 0; i < SN_ARRAY_LEN(premiums); i++) {
		const char *id = arena_printf(r->a, "premium_%s", premiums[i].key);
		json_array_append_new(prem, json_pack("{s:s, s:s, s:s, s:b}", "id", id,
			"label", premiums[i].label, "hint", premiums[i].hint,
			"checked", posted && strcmp(req_form(r, id), "yes") == 0));
	}
	const char *couple = posted ? req_form(r, "couple") : "";
	char lower[32], upper[32];
	chg_money(rates->capital_lower_pence, lower, sizeof lower);
	chg_money(rates->capital_upper_pence, upper, sizeof upper);
	return json_pack(
		"{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b}",
		"year", rates->year, "capital_lower", lower,
		"capital_upper", upper, "age", posted ? req_form(r, "age") : "",
		"capital", field(r, "capital", "Savings and investments",
				 "Include money in the bank, savings accounts, shares and property other "
				 "than your home. Do not include the value of the home you live in. If "
				 "you have a partner, include half of anything you own together.",
				 posted ? req_form(r, "capital") : "", error_for(r, "capital"), NULL),
		"income", income, "premiums", prem,
		"dre", field(r, "dre", "Extra costs because of your disability or illness",
			     "For example extra heating, laundry, special diet or a community alarm. "
			     "Leave blank if you do not know.",
			     posted ? req_form(r, "dre") : "", error_for(r, "dre"), "per week"),
		"housing", field(r, "housing", "Housing costs",
				 "Rent or mortgage and Council Tax, after any Housing Benefit or "
				 "Council Tax Reduction. Leave blank if you have none.",
				 posted ? req_form(r, "housing") : "", error_for(r, "housing"),
				 "per week"),
		"care_cost", field(r, "care_cost", "Cost of your care",
				   "The total weekly cost of all the care and support the council "
				   "would arrange. Your worker can tell you this.",
				   posted ? req_form(r, "care_cost") : "", error_for(r, "care_cost"),
				   "per week"),
		"children", field(r, "children", "Children who live with you",
				  "How many dependent children live with you. Leave blank if none.",
				  posted ? req_form(r, "children") : "", error_for(r, "children"), NULL),
		"couple_yes", strcmp(couple, "yes") == 0, "couple_no", strcmp(couple, "no") == 0);
}

static sn_err pay_page(req *r, reply *out, int status, const chg_rates *rates,
		       bool current_year, json_t *result)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc) {
		json_decref(result);
		return rc;
	}
	json_t *v = check_pay_fields_view(r, rates);
	json_object_set_new(v, "current_year", json_boolean(current_year));
	json_object_set_new(v, "result", result ? result : json_null());
	return reply_page(out, status, "check/pay", "Estimate what you might pay for care at home", v);
}

sn_err check_rates_loader(void *ctx, const char *year, chg_rates *out, char *err, size_t err_size)
{
	const req *r = ctx;
	sn_err rc = rules_load_rates(r->db, year, out, err, err_size);
	if (rc != SN_ENOTFOUND)
		return rc;
	/* Say which years there are: the tables in force, stored or shipped. */
	json_t *list = NULL;
	buf years;
	buf_init(&years, 512);
	if (!rules_list(r->db, "rates", NULL, &list)) {
		size_t i;
		json_t *e;
		json_array_foreach(list, i, e)
			if (json_integer_value(json_object_get(e, "in_force")) > 0)
				buf_printf(&years, "%s%s", years.len ? ", " : "",
					   json_string_value(json_object_get(e, "name")));
	}
	json_decref(list);
	snprintf(err, err_size, "year: no rates table for %.16s (tables: %s)", year,
		 years.data ? years.data : "none");
	buf_free(&years);
	return rc;
}

sn_err check_rates(req *r, chg_rates *rates, bool *current)
{
	/* This tax year's table in force (adopted in the store, or shipped);
	 * else the latest of the five years before it. */
	char year[16], err[256] = "";
	chg_tax_year_of(time_now(), year);
	int y = 0;
	if (sscanf(year, "%4d", &y) != 1 || y < 2000 || y > 9000)
		return SN_EINTERNAL;
	for (int back = 0; back <= 5; back++) {
		snprintf(year, sizeof year, "%04d-%02d", y - back, (y - back + 1) % 100);
		sn_err rc = rules_load_rates(r->db, year, rates, err, sizeof err);
		if (rc == SN_OK) {
			*current = back == 0;
			return SN_OK;
		}
		if (rc != SN_ENOTFOUND) {
			log_msg(LOG_ERROR, "calculator: rates table %s: %s", year, err);
			return SN_EINTERNAL;
		}
	}
	log_msg(LOG_ERROR, "calculator: no rates table for this tax year or the five before");
	return SN_EINTERNAL;
}

json_t *check_pay_case_from_form(req *r, const chg_rates *rates)
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
	if (*ch && (str_to_i64(ch, 0, 20, &children)))
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
	json_object_set_new(c, "weekly_care_cost_pence", json_integer(money_field(r, "care_cost",
		"the weekly cost of your care", true)));
	return c;
}

sn_err check_pay_compute(req *r, const json_t *c, chg_case *cs, chg_rates *rates, chg_result *res)
{
	/* The same parser, rules and output as `supportnet rules charge`. */
	char *text = json_dumps(c, JSON_COMPACT);
	char err[512] = "";
	sn_err rc = text ? chg_case_from_json_with(text, strlen(text), NULL, time_now(),
						   check_rates_loader, r, cs, rates, err, sizeof err)
			 : SN_EINTERNAL;
	free(text);
	if (!rc)
		rc = chg_compute(rates, cs, res);
	if (rc)
		/* The form checks should leave nothing for the rules to refuse;
		 * if they do, say so beside the first field. */
		req_add_error(r, "age", arena_printf(r->a, "These answers cannot be used: %s", err));
	return rc;
}

sn_err check_pay_form(req *r, reply *out)
{
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	bool current;
	sn_err rc = check_rates(r, rates, &current);
	if (rc)
		return rc;
	return pay_page(r, out, 200, rates, current, NULL);
}

sn_err check_pay(req *r, reply *out)
{
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	bool current;
	sn_err rc = check_rates(r, rates, &current);
	if (rc)
		return rc;
	r->errors = NULL; /* every message here is this handler's own */

	json_t *c = check_pay_case_from_form(r, rates);
	if (r->errors) {
		json_decref(c);
		return pay_page(r, out, 400, rates, current, NULL);
	}

	chg_case *cs = arena_alloc(r->a, sizeof *cs);
	chg_result *res = arena_alloc(r->a, sizeof *res);
	rc = check_pay_compute(r, c, cs, rates, res);
	json_decref(c);
	if (rc)
		return pay_page(r, out, 400, rates, current, NULL);
	char charge[32], cost[32];
	chg_money(res->weekly_charge_pence, charge, sizeof charge);
	chg_money(cs->weekly_care_cost_pence, cost, sizeof cost);
	json_t *lines = json_array();
	for (size_t i = 0; i < res->n_lines; i++)
		json_array_append_new(lines, json_string(res->lines[i]));
	char upper[32];
	chg_money(rates->capital_upper_pence, upper, sizeof upper);
	const char *headline, *why;
	if (res->full_cost) {
		headline = arena_printf(r->a, "You would probably pay the full cost of your care: %s a week", cost);
		why = arena_printf(r->a, "Your savings and investments are over %s, so the council "
			"would not pay towards your care until they fall to %s. The council can "
			"still arrange your care and give you advice.", upper, upper);
	} else if (res->weekly_charge_pence == 0) {
		headline = "You would probably not pay anything towards your care";
		why = "Your income is not more than the amount the law says you must be left "
		      "with to live on, once your extra costs are taken off.";
	} else if (res->weekly_charge_pence == cs->weekly_care_cost_pence) {
		headline = arena_printf(r->a, "You might pay all of the cost of your care: %s a week", charge);
		why = "What you can afford to pay is more than the cost of your care, so you would pay the cost of the care and no more.";
	} else {
		headline = arena_printf(r->a, "You might pay %s a week towards your care", charge);
		why = arena_printf(r->a, "The council would pay the rest of the %s a week that your care costs.", cost);
	}
	json_t *result = json_pack("{s:s, s:s, s:o}", "headline", headline, "why", why,
				   "workings", lines);
	return pay_page(r, out, 200, rates, current, result);
}

/* ---- might I be eligible ---- */

static const struct {
	const char *key, *label;
} ways[] = {
	{"none", "Yes, I can do this without difficulty"},
	{"without_assistance", "No, I cannot do this without help"},
	{"pain_distress_anxiety", "I can, but it causes me a lot of pain, distress or worry"},
	{"endangers_safety", "I can, but it puts me or someone else at risk"},
	{"takes_longer", "I can, but it takes me much longer than most people"},
};

/* Plain-English questions for each outcome, adults then carers. */
static const char *outcome_question(bool carer, const char *key)
{
	static const struct {
		const char *key, *q;
	} adult[] = {
		{"nutrition", "Can you get and prepare food and drink for yourself?"},
		{"personal_hygiene", "Can you wash yourself and your clothes?"},
		{"toilet_needs", "Can you get to and use the toilet?"},
		{"clothing", "Can you dress yourself in clothes that suit the weather?"},
		{"home_safety", "Can you move around your home safely, including getting in and out?"},
		{"habitable_home", "Can you keep your home clean, warm and safe, and pay your bills?"},
		{"relationships", "Can you keep in touch with family and friends?"},
		{"work_education_volunteering", "Can you take part in work, learning or volunteering?"},
		{"community_facilities", "Can you use local shops, services and public transport?"},
		{"caring_for_child", "Can you look after any children you are responsible for?"},
	}, carer_q[] = {
		{"caring_for_child", "Can you look after any children you are responsible for?"},
		{"caring_for_others", "Can you look after anyone else you care for?"},
		{"habitable_home", "Can you keep your home clean and safe?"},
		{"nutrition", "Can you get and prepare food and drink for yourself?"},
		{"relationships", "Can you keep in touch with family and friends?"},
		{"work_education_volunteering", "Can you take part in work, learning or volunteering?"},
		{"community_facilities", "Can you use local shops, services and public transport?"},
		{"recreation", "Can you have time for yourself to rest and do things you enjoy?"},
	};
	if (carer) {
		for (size_t i = 0; i < SN_ARRAY_LEN(carer_q); i++)
			if (strcmp(carer_q[i].key, key) == 0)
				return carer_q[i].q;
	} else {
		for (size_t i = 0; i < SN_ARRAY_LEN(adult); i++)
			if (strcmp(adult[i].key, key) == 0)
				return adult[i].q;
	}
	return key;
}

static bool is_carer_path(const req *r)
{
	return strstr(r->path, "carer") != NULL;
}

/* Yes/no questions before the outcomes, adults then carers. */
typedef struct {
	const char *key, *q, *hint, *missing;
} yn_question;

static const yn_question adult_yn[] = {
	{"impairment", "Do you have a physical or mental health condition, disability or illness?",
	 "This includes memory problems, sight or hearing loss, and long-term conditions.",
	 "Select yes if you have a health condition, disability or illness"},
}, carer_yn[] = {
	{"necessary_care", "Do you give care that the person you look after needs?",
	 "For example help with washing, meals, medicines or keeping them safe.",
	 "Select yes if the person you look after needs the care you give"},
	{"health_at_risk", "Is caring harming your physical or mental health, or putting it at risk?",
	 "For example back pain, exhaustion, stress or feeling low.",
	 "Select yes if caring is harming your health or putting it at risk"},
}, wellbeing_yn = {"wellbeing_impact",
	 "Do these difficulties have a big effect on your wellbeing?",
	 "For example your health, safety, dignity, relationships, money, or feeling in control of your life.",
	 "Select yes if these difficulties have a big effect on your wellbeing"};

static json_t *yes_no(req *r, const char *key, const char *q, const char *hint, bool posted)
{
	const char *v = posted ? req_form(r, key) : "";
	const char *e = error_for(r, key);
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "id", key, "question", q, "hint", hint,
			 "error", e ? e : "", "yes", strcmp(v, "yes") == 0, "no", strcmp(v, "no") == 0);
}

static sn_err eligibility_page(req *r, reply *out, int status, json_t *result)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc) {
		json_decref(result);
		return rc;
	}
	bool carer = is_carer_path(r), posted = strcmp(r->method, "POST") == 0;
	json_t *yn = json_array();
	size_t n_yn = carer ? SN_ARRAY_LEN(carer_yn) : SN_ARRAY_LEN(adult_yn);
	for (size_t i = 0; i < n_yn; i++) {
		const yn_question *q = carer ? &carer_yn[i] : &adult_yn[i];
		json_array_append_new(yn, yes_no(r, q->key, q->q, q->hint, posted));
	}
	json_t *outcomes = json_array();
	for (size_t i = 0; i < elig_n_outcomes(carer); i++) {
		const char *key = elig_outcome_key(carer, i);
		const char *v = posted ? req_form(r, key) : "";
		json_t *opts = json_array();
		for (size_t w = 0; w < SN_ARRAY_LEN(ways); w++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}", "id",
				w ? arena_printf(r->a, "%s-%s", key, ways[w].key) : key,
				"value", ways[w].key, "label", ways[w].label,
				"checked", strcmp(v, ways[w].key) == 0));
		const char *e = error_for(r, key);
		json_array_append_new(outcomes, json_pack("{s:s, s:s, s:s, s:o}", "name", key,
			"question", outcome_question(carer, key), "error", e ? e : "", "options", opts));
	}
	json_t *v = json_pack("{s:b, s:o, s:o, s:o, s:o}", "carer", carer, "yes_no", yn,
			      "outcomes", outcomes,
			      "wellbeing", yes_no(r, wellbeing_yn.key, wellbeing_yn.q,
						  wellbeing_yn.hint, posted),
			      "result", result ? result : json_null());
	return reply_page(out, status, "check/eligibility",
			  carer ? "Might I be eligible for support as a carer?"
				: "Might I be eligible for care and support?", v);
}

sn_err check_eligibility_form(req *r, reply *out)
{
	return eligibility_page(r, out, 200, NULL);
}

sn_err check_eligibility(req *r, reply *out)
{
	bool carer = is_carer_path(r);
	r->errors = NULL;
	json_t *c = json_object();
	if (carer)
		json_object_set_new(c, "carer", json_true());
	size_t n_yn = carer ? SN_ARRAY_LEN(carer_yn) : SN_ARRAY_LEN(adult_yn);
	for (size_t i = 0; i <= n_yn; i++) {
		const yn_question *q = i == n_yn ? &wellbeing_yn
						  : carer ? &carer_yn[i] : &adult_yn[i];
		const char *v = req_form(r, q->key);
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			req_add_error(r, q->key, q->missing);
		json_object_set_new(c, q->key, json_boolean(strcmp(v, "yes") == 0));
	}
	json_t *o = json_object();
	for (size_t i = 0; i < elig_n_outcomes(carer); i++) {
		const char *key = elig_outcome_key(carer, i);
		const char *v = req_form(r, key);
		if (elig_way_parse(v) < 0) {
			req_add_error(r, key, arena_printf(r->a, "Select an answer to \u201c%s\u201d",
						       outcome_question(carer, key)));
			v = "none";
		}
		json_object_set_new(o, key, json_string(v));
	}
	json_object_set_new(c, "outcomes", o);
	if (r->errors) {
		json_decref(c);
		return eligibility_page(r, out, 400, NULL);
	}
	char *text = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	char err[512] = "";
	elig_case ec;
	elig_result *res = arena_alloc(r->a, sizeof *res);
	sn_err rc = elig_case_from_json(text, strlen(text), &ec, err, sizeof err);
	free(text);
	if (rc) {
		log_msg(LOG_ERROR, "eligibility calculator: form gave a bad case: %s", err);
		return SN_EINTERNAL;
	}
	elig_decide(&ec, res);
	json_t *reasons = json_array();
	for (size_t i = 0; i < res->n_reasons; i++)
		json_array_append_new(reasons, json_string(res->reasons[i]));
	json_t *result = json_pack("{s:b, s:o}", "eligible", res->eligible, "reasons", reasons);
	return eligibility_page(r, out, 200, result);
}
