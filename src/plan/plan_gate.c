/* Who may do what with a support plan. A plan is reached through the
 * person's record: the person, someone they named and their worker read,
 * write (while it is not waiting for or past approval) and comment; the
 * person or someone they named agrees it; their worker submits it; break
 * glass reads only. An approver (a worker with an approval limit, set by
 * an administrator: approval_limits) reaches a plan waiting for approval
 * without a relationship, and may approve or return it when it is within
 * their limit and they did not submit it themselves. Every read and write
 * is audited against the person; a refusal as "plan.denied". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_int.h"

const char *plan_basis_key(const plan_ctx *ctx)
{
	switch (ctx->basis) {
	case ACCESS_SELF: return "self";
	case ACCESS_NAMED: return "named";
	case ACCESS_WORKER: return "worker";
	case ACCESS_BREAK_GLASS: return "break_glass";
	default: return ctx->approver ? "approval" : "none";
	}
}

void plan_abilities(req *r, plan_ctx *ctx, int64_t total_pence)
{
	access_basis b = ctx->basis;
	plan_status s = ctx->p.status;
	bool related = b == ACCESS_SELF || b == ACCESS_NAMED || b == ACCESS_WORKER;
	bool open = s == PLAN_DRAFT || s == PLAN_AGREED || s == PLAN_RETURNED;
	ctx->can_read = related || b == ACCESS_BREAK_GLASS || ctx->approver;
	ctx->can_edit = related && open;
	/* The person agrees, or someone they named; for a person who cannot
	 * sign in, their worker records how the person agreed. */
	ctx->can_agree = (b == ACCESS_SELF || b == ACCESS_NAMED ||
			  (b == ACCESS_WORKER && !ctx->p.person_has_account)) &&
			 (s == PLAN_DRAFT || s == PLAN_RETURNED);
	ctx->can_submit = b == ACCESS_WORKER && s == PLAN_AGREED &&
			  ctx->p.agreed_version == ctx->p.version;
	ctx->can_comment = related || ctx->approver;
	ctx->can_review = b == ACCESS_WORKER && s == PLAN_APPROVED;
	ctx->can_decide = false;
	ctx->why_not_decide = NULL;
	if (ctx->approver && s == PLAN_SUBMITTED) {
		if (ctx->p.submitted_by == r->user->id)
			ctx->why_not_decide = "You submitted this plan, so someone else must approve it.";
		else if (total_pence > ctx->limit_pence)
			ctx->why_not_decide = arena_printf(r->a,
				"This plan costs %s a week, above your approval limit of %s a week.",
				money_pence_text(r->a, total_pence), money_pence_text(r->a, ctx->limit_pence));
		else
			ctx->can_decide = true;
	}
}

sn_err plan_audit(req *r, const plan_ctx *ctx, const char *action)
{
	if (ctx->basis != ACCESS_NONE)
		return access_audit_person(r->db, r->user, ctx->basis, action, ctx->p.person_uuid);
	audit_entry e = {r->user->uuid, "worker", action,
			 arena_printf(r->a, "person:%s", ctx->p.person_uuid),
			 arena_printf(r->a, "approval (limit %s a week)",
				      money_pence_text(r->a, ctx->limit_pence))};
	return audit_append(r->db, &e);
}

sn_err plan_load_doc(req *r, const plan_row *p, int64_t v, plan_doc *d, plan_version *ver)
{
	sn_err rc = plan_version_get(r->db, p->id, v ? v : p->version, r->a, ver);
	if (rc == SN_ENOTFOUND && !v)
		return SN_EINTERNAL; /* the current version always exists */
	if (rc)
		return rc;
	json_error_t je;
	json_t *j = json_loads(ver->document, 0, &je);
	char field[96], why[160];
	rc = j ? plan_doc_from_json(j, NULL, r->a, d, field, sizeof field, why, sizeof why)
	       : SN_EINTERNAL;
	json_decref(j);
	if (rc)
		log_msg(LOG_ERROR, "plan %s version %lld does not read: %s %s", p->uuid,
			(long long)ver->version, field, why);
	return rc ? SN_EINTERNAL : SN_OK;
}

sn_err plan_store_doc(req *r, const plan_ctx *ctx, int64_t expected_version, const plan_doc *d,
		      const char *note)
{
	json_t *j = plan_doc_to_json(d);
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!text)
		return SN_EINTERNAL;
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = plan_save_version(r->db, ctx->p.id, expected_version, text, note, r->user->id,
				      plan_basis_key(ctx), now);
	free(text);
	return rc;
}

static sn_err deny(req *r, reply *out, plan_ctx *ctx, plan_need need)
{
	audit_entry e = {r->user->uuid, "", "plan.denied",
			 arena_printf(r->a, "person:%s", ctx->p.person_uuid),
			 arena_printf(r->a, "basis: %s", plan_basis_key(ctx))};
	sn_err rc = audit_append(r->db, &e);
	if (rc)
		return rc;
	const char *msg =
		need == NEED_READ ? "Only the person, someone they named and their worker can see a support plan."
		: need == NEED_EDIT ? (ctx->can_read && ctx->p.status == PLAN_SUBMITTED
			? "This plan is waiting for approval, so it cannot be changed now."
			: ctx->can_read && (ctx->p.status == PLAN_APPROVED || ctx->p.status == PLAN_SUPERSEDED)
			? "This plan has been approved, so it cannot be changed. Start a new version of the plan to change it."
			: "Only the person, someone they named and their worker can change a support plan.")
		: need == NEED_AGREE ? "Only the person, or someone they named, can agree their plan, and only while it is a draft. A worker records the agreement only for a person who has no account of their own."
		: need == NEED_SUBMIT ? "Only the person's worker can submit the plan, once the person has agreed this version."
		: need == NEED_DECIDE ? (ctx->why_not_decide ? ctx->why_not_decide
			: "Only an approver can approve or return a plan, while it waits for approval.")
		: need == NEED_REVIEW ? "Only the person's worker records a review, of the plan in force."
		: "Only the person, someone they named, their worker and an approver can comment on a plan.";
	reply_error(r, out, 403, msg);
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return SN_OK;
}

sn_err plan_reach(req *r, reply *out, plan_need need, plan_ctx *ctx, bool *denied)
{
	return plan_reach_uuid(r, out, need, req_get(r, "id"), ctx, denied);
}

sn_err plan_reach_uuid(req *r, reply *out, plan_need need, const char *uuid, plan_ctx *ctx,
		       bool *denied)
{
	memset(ctx, 0, sizeof *ctx);
	*denied = false;
	sn_err rc = plan_find(r->db, uuid, r->a, &ctx->p);
	if (!rc)
		rc = access_person(r->db, r->user, ctx->p.person_id, &ctx->basis);
	if (rc)
		return rc;
	bool has_limit = false;
	rc = plan_approval_limit(r->db, r->user->id, &ctx->limit_pence, &has_limit);
	if (rc)
		return rc;
	/* An approver reaches a plan waiting for approval, keeps reading it
	 * once they have decided it, and, as the reviewing team, reads the
	 * plans in force (read only). */
	ctx->approver = has_limit && (r->user->roles & R_WORKER) &&
			(ctx->p.status == PLAN_SUBMITTED || ctx->p.status == PLAN_APPROVED ||
			 ctx->p.decided_by == r->user->id);
	plan_doc d;
	plan_version ver;
	int64_t total = 0;
	if (ctx->approver) {
		rc = plan_load_doc(r, &ctx->p, 0, &d, &ver);
		if (rc)
			return rc;
		total = plan_doc_lines_total(&d, NULL);
	}
	plan_abilities(r, ctx, total);
	bool ok = need == NEED_READ ? ctx->can_read
		: need == NEED_EDIT ? ctx->can_edit
		: need == NEED_AGREE ? ctx->can_agree
		: need == NEED_SUBMIT ? ctx->can_submit
		: need == NEED_DECIDE ? ctx->can_decide
		: need == NEED_REVIEW ? ctx->can_review
				      : ctx->can_comment;
	if (ok)
		return SN_OK;
	*denied = true;
	return deny(r, out, ctx, need);
}
