/* "Estimate a personal budget": the council's resource allocation scheme
 * (RAS) as a form, so anyone can see how an indicative weekly budget is
 * worked out, answer by answer. The form (src/budget/budget_forms.c)
 * becomes the `rules ras` JSON case and goes through the same reader and
 * rule; nothing is stored. */
#include <stdio.h>

#include "../access/access_http.h"
#include "../budget/budget_forms.h"
#include "../rulesdata/rulesdata.h"
#include "check_int.h"

/* The scheme in force, into the request's arena. */
static sn_err scheme(req *r, ras_scheme **s)
{
	char err[256];
	*s = arena_alloc(r->a, sizeof **s);
	sn_err rc = rules_load_ras(r->db, RAS_DEFAULT_SCHEME, *s, err, sizeof err);
	if (rc) {
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
	json_t *v = budget_ras_form_view(r, s, given);
	json_object_set_new(v, "result", result ? result : json_null());
	return reply_page(out, status, "check/budget", "Estimate a personal budget", v);
}

sn_err check_budget_form(req *r, reply *out)
{
	ras_scheme *s;
	sn_err rc = scheme(r, &s);
	if (rc)
		return rc;
	return budget_page(r, out, 200, s, NULL, NULL);
}

sn_err check_budget(req *r, reply *out)
{
	ras_scheme *s;
	sn_err rc = scheme(r, &s);
	if (rc)
		return rc;
	r->errors = NULL;
	json_t *c = budget_ras_case_from_form(r, s);
	if (r->errors) {
		rc = budget_page(r, out, 400, s, c, NULL);
		json_decref(c);
		return rc;
	}
	json_decref(c);
	char sealed[CHECK_STATE_MAX];
	rc = check_form_seal(r, 'b', sealed);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/check/budget/answers/%s", sealed));
}

/* GET /check/budget/answers/{answers}: the budget, with the form. */
sn_err check_budget_answer(req *r, reply *out)
{
	ras_scheme *s;
	bool done;
	sn_err rc = scheme(r, &s);
	if (!rc)
		rc = check_calc_open(r, out, 'b', "/check/budget", &done);
	if (rc || done)
		return rc;
	json_t *c = budget_ras_case_from_form(r, s);
	if (r->errors) {
		rc = budget_page(r, out, 400, s, c, NULL);
		json_decref(c);
		return rc;
	}
	ras_case *rcase = arena_alloc(r->a, sizeof *rcase);
	ras_result *res = arena_alloc(r->a, sizeof *res);
	rc = budget_ras_compute(s, c, rcase, res);
	if (!rc)
		rc = budget_page(r, out, 200, s, c, budget_ras_result_view(res));
	json_decref(c);
	return rc;
}
