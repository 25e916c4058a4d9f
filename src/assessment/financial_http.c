/* The financial assessment a worker does with the person: the same form
 * and rule as the public "what you might pay" calculator, but saved on the
 * person's record (each save a new row, the latest in force) and shown to
 * the person with its workings. Reached through the worker relationship;
 * every read and write audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../budget/budget_forms.h"
#include "../once/once.h"
#include "../rulesdata/rulesdata.h"
#include "assessment.h"

static sn_err reach_worker(req *r, reply *out, person **p, access_basis *basis, bool *denied)
{
	*denied = false;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, p);
	if (!rc)
		rc = access_person(r->db, r->user, (*p)->id, basis);
	if (rc || *basis == ACCESS_WORKER)
		return rc;
	*denied = true;
	audit_entry e = {r->user->uuid, "", "financial.denied",
			 arena_printf(r->a, "person:%s", (*p)->uuid),
			 arena_printf(r->a, "basis: %s", access_basis_name(*basis))};
	rc = audit_append(r->db, &e);
	if (rc)
		return rc;
	reply_error(r, out, web_status_of(SN_EFORBIDDEN),
		    "Only the person's assigned worker can do their financial assessment.");
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return SN_OK;
}

static sn_err page(req *r, reply *out, int status, const person *p, const chg_rates *rates,
		   bool current)
{
	json_t *v = budget_pay_fields_view(r, rates, false);
	json_object_set_new(v, "current_year", json_boolean(current));
	json_object_set_new(v, "uuid", json_string(p->uuid));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "name", json_string(arena_printf(r->a, "%s %s", p->given_name,
								 p->family_name)));
	if (r->errors)
		json_object_set(v, "errors", r->errors);
	return reply_page(out, status, "assessment/financial", "Financial assessment", v);
}

sn_err fin_form(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied, current;
	sn_err rc = reach_worker(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc;
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	rc = rules_load_rates_current(r->db, rates, &current);
	/* A new financial assessment starts from the last one. */
	fin_row last;
	bool found = false;
	if (!rc)
		rc = fin_latest(r->db, p->id, r->a, &last, &found);
	json_t *c = found ? json_loads(last.input, 0, NULL) : NULL;
	if (c)
		budget_pay_form_from_case(r, c);
	json_decref(c);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
	if (rc)
		return rc;
	rc = page(r, out, 200, p, rates, current);
	if (!rc && found)
		json_object_set_new(out->view, "from_last", json_pack("{s:s, s:s}", "on",
			time_uk_day(r->a, last.saved_at), "by", last.saved_by));
	return rc;
}

sn_err fin_save(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied, current, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = reach_worker(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	chg_rates *rates = arena_alloc(r->a, sizeof *rates);
	rc = rules_load_rates_current(r->db, rates, &current);
	if (rc)
		return rc;
	r->errors = NULL;
	json_t *c = budget_pay_case_from_form(r, rates, false);
	chg_case *cs = arena_alloc(r->a, sizeof *cs);
	chg_result *res = arena_alloc(r->a, sizeof *res);
	if (!r->errors)
		budget_pay_compute(r, c, rates, cs, res);
	if (r->errors) {
		json_decref(c);
		rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : page(r, out, 400, p, rates, current);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = fin_add(r->db, p->id, cs, res, c, r->user->id, now);
	json_decref(c);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "financial.set", p->uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/people/%s#financial", p->uuid));
}

/* ---- the person page's section ---- */

sn_err fin_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (basis != ACCESS_SELF && basis != ACCESS_WORKER && basis != ACCESS_BREAK_GLASS)
		return SN_OK;
	fin_row f;
	bool found = false;
	/* A store failure shows the record as if there were none. */
	if (fin_latest(r->db, p->id, r->a, &f, &found) || !found) {
		json_object_set_new(view, "financial", json_null());
		return SN_OK;
	}
	char money[40], d[32] = "";
	money_text(f.weekly_charge_pence, money);
	int64_t t = 0;
	if (!time_parse_iso8601(f.saved_at, &t))
		time_uk_date(t, d);
	json_t *res = json_loads(f.result, 0, NULL);
	json_t *w = json_object_get(res, "workings");
	json_object_set_new(view, "financial", json_pack("{s:s, s:b, s:O, s:s, s:s, s:s}",
		"charge", money, "full_cost", f.full_cost, "workings", w ? w : json_null(),
		"on", arena_strdup(r->a, d), "by", f.saved_by, "year", f.year));
	json_decref(res);
	return SN_OK;
}
