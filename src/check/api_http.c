/* The JSON API over the rules: one case in, one result out, nothing
 * stored. The parsing, the rules and the output are the very functions the
 * `supportnet rules` command uses. */
#include <string.h>

#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../eligibility/eligibility.h"
#include "../rulesdata/rulesdata.h"
#include "check.h"

/* A rules refusal is bad input (SN_EINPUT, or SN_ETOOBIG for a body over
 * the rule's cap), whatever the reader said underneath (a year with no
 * table is the case's fault, not a missing page). */
static sn_err refused(sn_err rc)
{
	return rc == SN_ETOOBIG ? SN_ETOOBIG : SN_EINPUT;
}

sn_err check_api_error(req *r, reply *out, sn_err kind, const char *err)
{
	/* The status and its code from the one mapping (web/reply.c); the
	 * body names the field: "capital_pence: must not be negative". */
	reply_error(r, out, web_status_of(kind), err);
	json_object_del(out->view, "title");
	const char *colon = strstr(err, ": ");
	if (colon)
		json_object_set_new(out->view, "field", json_stringn(err, (size_t)(colon - err)));
	return SN_OK;
}

sn_err check_api_charge(req *r, reply *out)
{
	char err[512] = "";
	chg_case *c = arena_alloc(r->a, sizeof *c);
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	chg_result *res = arena_alloc(r->a, sizeof *res);
	const char *year = req_get(r, "year");
	/* The rates table in force for the year: adopted in the store, or shipped. */
	sn_err rc = chg_case_from_json_with(r->body, r->body_len, *year ? year : NULL, time_now(),
					    rules_rates_loader, r->db, c, rates, err, sizeof err);
	if (rc)
		return check_api_error(r, out, refused(rc), err);
	if (chg_compute(rates, c, res))
		return check_api_error(r, out, SN_EINPUT, "weekly_income_pence: an income kind is not in the rates table");
	out->status = 200;
	out->view = chg_result_to_json(c, res);
	return SN_OK;
}

sn_err check_api_eligibility(req *r, reply *out)
{
	char err[512] = "";
	elig_case c;
	elig_result *res = arena_alloc(r->a, sizeof *res);
	sn_err rc = elig_case_from_json(r->body, r->body_len, &c, err, sizeof err);
	if (rc)
		return check_api_error(r, out, refused(rc), err);
	elig_decide(&c, res);
	out->status = 200;
	out->view = elig_result_to_json(&c, res);
	return SN_OK;
}

sn_err check_api_ras(req *r, reply *out)
{
	char err[512] = "", id[RAS_ID_MAX], now_year[8];
	/* About 100 KB together: from the request's arena, not the stack. */
	ras_scheme *s = arena_alloc(r->a, sizeof *s);
	ras_case *c = arena_alloc(r->a, sizeof *c);
	ras_result *res = arena_alloc(r->a, sizeof *res);
	const char *scheme = req_get(r, "scheme");
	chg_tax_year_of(time_now(), now_year);
	if (r->body_len > RAS_INPUT_MAX)
		return check_api_error(r, out, SN_ETOOBIG, "input: over 64 KiB");
	sn_err rc = ras_case_scheme_id(r->body, r->body_len, *scheme ? scheme : NULL, id, err,
				       sizeof err);
	if (!rc) {
		rc = rules_load_ras(r->db, id, s, err, sizeof err);
		if (rc == SN_ENOTFOUND)
			rc = SN_EINPUT;
	}
	if (!rc)
		rc = ras_case_from_json(r->body, r->body_len, s, now_year, c, err, sizeof err);
	if (rc)
		return check_api_error(r, out, refused(rc), err);
	if (ras_compute(s, c, res))
		return check_api_error(r, out, SN_EINPUT, res->error);
	out->status = 200;
	out->view = ras_result_to_json(s, c, res);
	return SN_OK;
}
