/* Who may do what with a person's direct payment, and what the pages need
 * to know first: the person, the caller's basis (access_person), the
 * person's open account and the plan in force with its direct-payment
 * lines. The person, someone they named and their worker read and write
 * (entries, statements, assistants); the worker opens the account; the
 * person or someone they named submits the quarterly return; break glass
 * reads only. Refusals are audited as "dp.denied". */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "dp_web.h"

bool dpw_can_write(const dpw_ctx *c)
{
	return c->basis == ACCESS_SELF || c->basis == ACCESS_NAMED || c->basis == ACCESS_WORKER;
}

bool dpw_can_return(const dpw_ctx *c)
{
	return c->basis == ACCESS_SELF || c->basis == ACCESS_NAMED;
}

const char *dpw_line_what(const dpw_ctx *c, const char *id)
{
	for (size_t i = 0; i < c->n_lines; i++)
		if (!strcmp(c->lines[i].id, id))
			return c->lines[i].what;
	return NULL;
}

/* The plan in force (the newest approved one) and its direct-payment
 * lines. A plan whose document does not read is logged and left out. */
static sn_err load_plan(req *r, dpw_ctx *c)
{
	plan_row *rows;
	size_t n;
	sn_err rc = plan_list_for_person(r->db, c->p->id, r->a, &rows, &n);
	if (rc)
		return rc;
	const plan_row *p = NULL;
	for (size_t i = 0; i < n && !p; i++)
		if (rows[i].status == PLAN_APPROVED)
			p = &rows[i];
	if (!p)
		return SN_OK;
	plan_version ver;
	rc = plan_version_get(r->db, p->id, p->version, r->a, &ver);
	if (rc)
		return rc;
	json_error_t je;
	json_t *j = json_loads(ver.document, 0, &je);
	plan_doc *d = arena_alloc(r->a, sizeof *d);
	char field[96], why[160];
	rc = j ? plan_doc_from_json(j, NULL, r->a, d, field, sizeof field, why, sizeof why)
	       : SN_EINPUT;
	json_decref(j);
	if (rc) {
		log_msg(LOG_ERROR, "plan %s does not read for its direct payment", p->uuid);
		return SN_OK;
	}
	c->has_plan = true;
	c->plan = *p;
	c->lines = arena_alloc(r->a, (d->n_lines + 1) * sizeof *c->lines);
	c->line_ids = arena_alloc(r->a, (d->n_lines + 1) * sizeof *c->line_ids);
	for (size_t i = 0; i < d->n_lines; i++) {
		if (d->lines[i].deploy != DEPLOY_DIRECT_PAYMENT)
			continue;
		dpw_line *l = &c->lines[c->n_lines];
		l->id = arena_strdup(r->a, d->lines[i].id);
		l->what = d->lines[i].what;
		l->weekly_pence = d->lines[i].weekly_pence;
		c->line_ids[c->n_lines++] = l->id;
		c->weekly_pence += l->weekly_pence;
	}
	return SN_OK;
}

sn_err dpw_load(req *r, const person *p, access_basis basis, dpw_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->p = p;
	c->basis = basis;
	c->name = arena_printf(r->a, "%s %s", p->given_name, p->family_name);
	dp_account *accts;
	size_t n;
	sn_err rc = dp_accounts_of_person(r->db, p->id, r->a, &accts, &n);
	for (size_t i = 0; !rc && i < n && !c->has_account; i++)
		if (!accts[i].closed_on[0]) {
			c->acct = accts[i];
			c->has_account = true;
		}
	return rc ? rc : load_plan(r, c);
}

sn_err dpw_audit(req *r, const dpw_ctx *c, const char *action)
{
	return access_audit_person(r->db, r->user, c->basis, action, c->p->uuid);
}

static const char *refusal(const dpw_ctx *c, dpw_need need)
{
	bool related = dpw_can_write(c) || c->basis == ACCESS_BREAK_GLASS;
	if (!related)
		return "Only the person, someone they named and their worker can see a direct-payment account.";
	switch (need) {
	case DPW_WRITE:
		return "Emergency access is for reading. It cannot change the direct-payment account.";
	case DPW_OPEN:
		return "Only the person's worker can open a direct-payment account.";
	case DPW_RETURN:
		return "Only the person, or someone they named, can submit the quarterly return.";
	case DPW_READ:
		break;
	}
	return "You cannot see this direct-payment account.";
}

sn_err dpw_reach(req *r, reply *out, dpw_need need, dpw_ctx *c, bool *denied)
{
	*denied = false;
	person *p;
	access_basis basis;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (!rc)
		rc = access_person(r->db, r->user, p->id, &basis);
	if (rc)
		return rc;
	memset(c, 0, sizeof *c);
	c->p = p;
	c->basis = basis;
	bool ok = need == DPW_READ ? dpw_can_write(c) || basis == ACCESS_BREAK_GLASS
		: need == DPW_WRITE ? dpw_can_write(c)
		: need == DPW_OPEN ? basis == ACCESS_WORKER
				   : dpw_can_return(c);
	if (ok)
		return dpw_load(r, p, basis, c);
	*denied = true;
	static const char *const needs[] = {"read", "write", "open", "return"};
	audit_entry e = {r->user->uuid, "", "dp.denied", arena_printf(r->a, "person:%s", p->uuid),
			 arena_printf(r->a, "basis: %s; wanted to %s", access_basis_name(basis),
				      needs[need])};
	rc = audit_append(r->db, &e);
	if (rc)
		return rc;
	reply_error(r, out, 403, refusal(c, need));
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return SN_OK;
}

sn_err dpw_begin(req *r, reply *out, dpw_need need, bool once, dpw_ctx *c, bool *stop)
{
	bool denied = false, done = false;
	*stop = true;
	sn_err rc = store_begin_write(r->db);
	if (!rc && once)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = dpw_reach(r, out, need, c, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	*stop = false;
	return SN_OK;
}
