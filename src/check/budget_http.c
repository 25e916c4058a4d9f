/* "Estimate a personal budget": the council's resource allocation scheme
 * (RAS) as a form, so anyone can see how an indicative weekly budget is
 * worked out, answer by answer. The form becomes the `rules ras` JSON case
 * and goes through the same reader and rule; nothing is stored. The same
 * form pieces serve the worker's budget page on an assessment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access_http.h"
#include "../budget/charging.h"
#include "../rulesdata/rulesdata.h"
#include "check.h"

static const char *capitalised_label(arena *a, const char *s)
{
	char *c = arena_strdup(a, s);
	if (c[0] >= 'a' && c[0] <= 'z')
		c[0] = (char)(c[0] - 32);
	return c;
}

json_t *check_ras_form_view(req *r, const ras_scheme *s, const json_t *given)
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
			"value", s->groups[g].key, "label", capitalised_label(r->a, s->groups[g].label),
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

json_t *check_ras_case_from_form(req *r, const ras_scheme *s)
{
	json_t *c = json_object(), *answers = json_object();
	const char *grp = req_form(r, "client_group");
	if (ras_group_index(s, grp) < 0) {
		if (!r->errors)
			r->errors = json_array();
		json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", "client_group",
			"message", "Select who the budget is for"));
	}
	json_object_set_new(c, "scheme", json_string(s->id));
	json_object_set_new(c, "client_group", json_string(grp));
	for (size_t q = 0; q < s->n_questions; q++) {
		const ras_question *qq = &s->questions[q];
		const char *v = req_form(r, qq->key);
		if (ras_answer_index(qq, v) >= 0) {
			json_object_set_new(answers, qq->key, json_string(v));
		} else if (*v || qq->required) {
			if (!r->errors)
				r->errors = json_array();
			json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", qq->key,
				"message", arena_printf(r->a, "Select an answer about %s", qq->label)));
		}
	}
	json_object_set_new(c, "answers", answers);
	/* This tax year when the scheme prices it, else its latest year. */
	char year[8];
	chg_tax_year_of(time_now(), year);
	if (ras_year_index(s, year) < 0)
		snprintf(year, sizeof year, "%s", s->years[s->n_years - 1]);
	json_object_set_new(c, "year", json_string(year));
	return c;
}

sn_err check_ras_compute(req *r, const ras_scheme *s, const json_t *c, ras_case *rc_case,
			 ras_result *res)
{
	char *text = json_dumps(c, JSON_COMPACT);
	char err[512] = "";
	sn_err rc = text ? ras_case_from_json(text, strlen(text), s, NULL, rc_case, err, sizeof err)
			 : SN_EINTERNAL;
	free(text);
	if (!rc && ras_compute(s, rc_case, res)) {
		snprintf(err, sizeof err, "%s", res->error);
		rc = SN_EINPUT;
	}
	if (rc)
		log_msg(LOG_ERROR, "RAS: a checked form made a bad case: %s", err);
	(void)r;
	return rc;
}

sn_err check_ras_scheme(req *r, ras_scheme **s)
{
	char err[256];
	*s = arena_alloc(r->a, sizeof **s);
	if (rules_load_ras(r->db, RAS_DEFAULT_SCHEME, *s, err, sizeof err)) {
		log_msg(LOG_ERROR, "RAS: %s", err);
		return SN_EINTERNAL;
	}
	return SN_OK;
}

static sn_err budget_page(req *r, reply *out, int status, const ras_scheme *s, const json_t *given,
			  json_t *result)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc) {
		json_decref(result);
		return rc;
	}
	json_t *v = check_ras_form_view(r, s, given);
	json_object_set_new(v, "result", result ? result : json_null());
	return reply_page(out, status, "check/budget", "Estimate a personal budget", v);
}

sn_err check_budget_form(req *r, reply *out)
{
	ras_scheme *s;
	sn_err rc = check_ras_scheme(r, &s);
	return rc ? rc : budget_page(r, out, 200, s, NULL, NULL);
}

json_t *check_ras_result_view(req *r, const ras_result *res)
{
	char budget[32];
	chg_money(res->weekly_budget_pence, budget, sizeof budget);
	json_t *lines = json_array();
	for (size_t i = 0; i < res->n_lines; i++)
		json_array_append_new(lines, json_string(res->lines[i]));
	(void)r;
	return json_pack("{s:s, s:I, s:o}", "budget", budget, "points",
			 (json_int_t)res->total_points, "workings", lines);
}

sn_err check_budget(req *r, reply *out)
{
	ras_scheme *s;
	sn_err rc = check_ras_scheme(r, &s);
	if (rc)
		return rc;
	r->errors = NULL;
	json_t *c = check_ras_case_from_form(r, s);
	if (r->errors) {
		rc = budget_page(r, out, 400, s, c, NULL);
		json_decref(c);
		return rc;
	}
	ras_case *rcase = arena_alloc(r->a, sizeof *rcase);
	ras_result *res = arena_alloc(r->a, sizeof *res);
	rc = check_ras_compute(r, s, c, rcase, res);
	if (!rc)
		rc = budget_page(r, out, 200, s, c, check_ras_result_view(r, res));
	json_decref(c);
	return rc;
}
