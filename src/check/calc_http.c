/* The public calculators: "Estimate what you might pay" and "Might I be
 * eligible?". They store nothing: the form becomes a JSON case, the case
 * goes through the same parser and rules as the command and the API, and
 * the answer is shown with its workings. Form problems get plain-English
 * messages beside the field before the rules see anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access_http.h"
#include "../budget/budget_forms.h"
#include "../eligibility/eligibility.h"
#include "../rulesdata/rulesdata.h"
#include "check_int.h"

/* ---- what you might pay (the form is src/budget/budget_forms.c) ---- */

static sn_err pay_page(req *r, reply *out, int status, const chg_rates *rates,
		       bool current_year, json_t *result)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc) {
		json_decref(result);
		return rc;
	}
	json_t *v = budget_pay_fields_view(r, rates, true);
	json_object_set_new(v, "current_year", json_boolean(current_year));
	json_object_set_new(v, "result", result ? result : json_null());
	return reply_page(out, status, "check/pay", "Estimate what you might pay for care at home", v);
}

sn_err check_pay_form(req *r, reply *out)
{
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	bool current;
	sn_err rc = rules_load_rates_current(r->db, rates, &current);
	if (rc)
		return rc;
	return pay_page(r, out, 200, rates, current, NULL);
}

/* The result for the fields in r->form, or SN_EINPUT with the problems in
 * r->errors. The caller owns *result. */
static sn_err pay_result(req *r, chg_rates *rates, json_t **result)
{
	*result = NULL;
	json_t *c = budget_pay_case_from_form(r, rates, true);
	if (r->errors) {
		json_decref(c);
		return SN_EINPUT;
	}
	chg_case *cs = arena_alloc(r->a, sizeof *cs);
	chg_result *res = arena_alloc(r->a, sizeof *res);
	sn_err rc = budget_pay_compute(r, c, rates, cs, res);
	json_decref(c);
	if (rc)
		return SN_EINPUT;
	/* Money as people read it ("£64", "£23,250"); the workings keep the
	 * rules' own pence. */
	char charge[40], cost[40];
	money_text(res->weekly_charge_pence, charge);
	money_text(cs->weekly_care_cost_pence, cost);
	json_t *lines = json_array();
	for (size_t i = 0; i < res->n_lines; i++)
		json_array_append_new(lines, json_string(res->lines[i]));
	char upper[40];
	money_text(rates->capital_upper_pence, upper);
	const char *headline, *why;
	if (res->full_cost && cs->cost_unknown) {
		headline = "You would probably pay the full cost of your care";
		why = arena_printf(r->a, "Your savings and investments are over %s, so the council "
			"would not pay towards your care until they fall to %s. The council can "
			"still arrange your care and give you advice.", upper, upper);
	} else if (res->full_cost) {
		headline = arena_printf(r->a, "You would probably pay the full cost of your care: %s a week", cost);
		why = arena_printf(r->a, "Your savings and investments are over %s, so the council "
			"would not pay towards your care until they fall to %s. The council can "
			"still arrange your care and give you advice.", upper, upper);
	} else if (res->weekly_charge_pence == 0) {
		headline = "You would probably not pay anything towards your care";
		why = "Your income is not more than the amount the law says you must be left "
		      "with to live on, once your extra costs are taken off.";
	} else if (cs->cost_unknown) {
		headline = arena_printf(r->a, "You might be asked to pay up to %s a week towards your care", charge);
		why = arena_printf(r->a, "You did not give the weekly cost of your care, so this is the most "
			"you could be asked to pay. You never pay more than your care costs: if it costs less "
			"than %s a week, you would pay what it costs.", charge);
	} else if (res->weekly_charge_pence == cs->weekly_care_cost_pence) {
		headline = arena_printf(r->a, "You might pay all of the cost of your care: %s a week", charge);
		why = "What you can afford to pay is more than the cost of your care, so you would pay the cost of the care and no more.";
	} else {
		headline = arena_printf(r->a, "You might pay %s a week towards your care", charge);
		why = arena_printf(r->a, "The council would pay the rest of the %s a week that your care costs.", cost);
	}
	*result = json_pack("{s:s, s:s, s:o}", "headline", headline, "why", why, "workings", lines);
	return SN_OK;
}

sn_err check_pay(req *r, reply *out)
{
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	bool current;
	sn_err rc = rules_load_rates_current(r->db, rates, &current);
	if (rc)
		return rc;
	r->errors = NULL; /* every message here is this handler's own */
	json_t *result = NULL;
	rc = pay_result(r, rates, &result);
	json_decref(result);
	if (rc == SN_EINPUT)
		return pay_page(r, out, 400, rates, current, NULL);
	char sealed[CHECK_STATE_MAX];
	if (!rc)
		rc = check_form_seal(r, 'p', sealed);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/check/pay/answers/%s", sealed));
}

sn_err check_calc_open(req *r, reply *out, char purpose, const char *form, bool *done)
{
	bool expired = false;
	*done = false;
	sn_err rc = check_form_open(r, purpose, req_get(r, "answers"), &expired);
	if (rc != SN_EINPUT)
		return rc;
	*done = true;
	return reply_error(r, out, web_status_of(SN_EINPUT), expired
		? arena_printf(r->a, "To keep your answers private, they stop working %d hours after you "
			       "sent them, and these have. Nothing was saved. Fill in the form again at %s.",
			       CHECK_STATE_SECONDS / 3600, form)
		: arena_printf(r->a, "The answers could not be read. Fill in the form again at %s.", form));
}

/* GET /check/pay/answers/{answers}: the result, with the form. */
sn_err check_pay_answer(req *r, reply *out)
{
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	bool current, done;
	sn_err rc = rules_load_rates_current(r->db, rates, &current);
	if (!rc)
		rc = check_calc_open(r, out, 'p', "/check/pay", &done);
	if (rc || done)
		return rc;
	json_t *result = NULL;
	rc = pay_result(r, rates, &result);
	return pay_page(r, out, rc ? 400 : 200, rates, current, result);
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

/* Looking after children has an answer for people with none, which the
 * rules read as "can achieve it" (there is nothing to achieve). */
#define NO_CHILDREN_OUTCOME "caring_for_child"
#define NO_CHILDREN "not_applicable"

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
	const char *e = budget_form_error(r, key);
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
	bool carer = is_carer_path(r), posted = r->form.n > 0;
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
		if (strcmp(key, NO_CHILDREN_OUTCOME) == 0)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}", "id",
				arena_printf(r->a, "%s-%s", key, NO_CHILDREN), "value", NO_CHILDREN,
				"label", "This does not apply: I am not responsible for any children",
				"checked", strcmp(v, NO_CHILDREN) == 0));
		const char *e = budget_form_error(r, key);
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

/* The result for the fields in r->form, or SN_EINPUT with the problems in
 * r->errors. The caller owns *result. */
static sn_err eligibility_result(req *r, json_t **result)
{
	bool carer = is_carer_path(r);
	*result = NULL;
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
		if (strcmp(key, NO_CHILDREN_OUTCOME) == 0 && strcmp(v, NO_CHILDREN) == 0)
			v = "none";
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
		return SN_EINPUT;
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
	/* Said to the person asking, as "you". */
	char (*you)[ELIG_REASON_MAX] = arena_alloc(r->a, ELIG_MAX_REASONS * sizeof *you);
	size_t n = elig_explain_you(&ec, res, you, ELIG_MAX_REASONS);
	json_t *reasons = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(reasons, json_string(you[i]));
	*result = json_pack("{s:b, s:o}", "eligible", res->eligible, "reasons", reasons);
	return SN_OK;
}

sn_err check_eligibility(req *r, reply *out)
{
	r->errors = NULL;
	json_t *result = NULL;
	sn_err rc = eligibility_result(r, &result);
	json_decref(result);
	if (rc == SN_EINPUT)
		return eligibility_page(r, out, 400, NULL);
	char sealed[CHECK_STATE_MAX];
	bool carer = is_carer_path(r);
	if (!rc)
		rc = check_form_seal(r, carer ? 'c' : 'e', sealed);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "%s/answers/%s",
						carer ? "/check/carer-eligibility" : "/check/eligibility", sealed));
}

/* GET /check/eligibility/answers/{answers} (and the carers'): the result,
 * with the form. */
sn_err check_eligibility_answer(req *r, reply *out)
{
	bool carer = is_carer_path(r), done;
	sn_err rc = check_calc_open(r, out, carer ? 'c' : 'e',
				 carer ? "/check/carer-eligibility" : "/check/eligibility", &done);
	if (rc || done)
		return rc;
	json_t *result = NULL;
	rc = eligibility_result(r, &result);
	if (rc == SN_EINTERNAL)
		return rc;
	return eligibility_page(r, out, rc ? 400 : 200, result);
}
