/* The support plan's pages: starting a plan from the person's record, the
 * plan (any version, as a page, a one-page print summary or JSON), sign-off
 * (the person agrees, the worker submits, an approver approves or returns
 * it with a reason), comments, a new plan from an approved one, and the
 * approver's queue. Editing the sections is plan_edit_http.c; who may do
 * what is plan_gate.c. Every read and write is audited against the person. */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "plan_int.h"

#define PLAN_COMMENT_MAX 2000
#define PLAN_REASON_MIN 10

json_t *plan_events_view(req *r, const plan_row *p)
{
	plan_event *ev;
	size_t n;
	json_t *a = json_array();
	if (plan_events(r->db, p->id, r->a, &ev, &n))
		return a;
	for (size_t i = 0; i < n; i++) {
		const char *what = !strcmp(ev[i].kind, "created") ? "Started the plan"
			: !strcmp(ev[i].kind, "agreed") ? "Agreed the plan"
			: !strcmp(ev[i].kind, "submitted") ? "Submitted the plan for approval"
			: !strcmp(ev[i].kind, "approved") ? "Approved the plan"
			: !strcmp(ev[i].kind, "returned") ? "Returned the plan for changes"
			: !strcmp(ev[i].kind, "comment") ? "Commented" : "Replaced the plan";
		json_array_append_new(a, json_pack("{sssssssssssIsb}", "kind", ev[i].kind, "what",
			what, "by", ev[i].by, "at", time_uk_when(r->a, ev[i].at), "body", ev[i].body,
			"version", (json_int_t)ev[i].version, "is_comment",
			!strcmp(ev[i].kind, "comment")));
	}
	return a;
}

/* The full view of version v (0: current) for ctx. */
static sn_err build_view(req *r, const plan_ctx *ctx, int64_t v, json_t **out)
{
	const plan_sections *secs;
	plan_doc *d = arena_alloc(r->a, sizeof *d);
	plan_version ver;
	int64_t bid = 0, indicative = 0;
	bool has = false;
	sn_err rc = plan_sections_in_force(r->db, r->a, &secs);
	if (!rc)
		rc = plan_load_doc(r, &ctx->p, v, d, &ver);
	if (!rc)
		rc = plan_indicative_budget(r->db, ctx->p.person_id, &bid, &indicative, &has);
	if (rc)
		return rc;
	*out = plan_view(r, ctx, secs, d, &ver, indicative, has);
	json_object_set_new(*out, "history", plan_events_view(r, &ctx->p));
	if (ctx->p.status == PLAN_APPROVED)
		json_object_set_new(*out, "reviews", plan_reviews_view(r, ctx, d));
	json_object_set_new(*out, "form_id", json_string(once_form_id(r)));
	return SN_OK;
}

static sn_err show(req *r, reply *out, int status, const plan_ctx *ctx, int64_t v)
{
	json_t *view;
	sn_err rc = build_view(r, ctx, v, &view);
	if (rc)
		return rc;
	if (r->errors)
		json_object_set_new(view, "reason_value", json_string(req_form(r, "reason")));
	return reply_page(out, status, "plan/show",
			  arena_printf(r->a, "Support plan for %s", ctx->p.person_name), view);
}

sn_err plan_show(req *r, reply *out)
{
	plan_ctx ctx;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = plan_reach(r, out, NEED_READ, &ctx, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	int64_t v = req_get_i64(r, "version", 0);
	if (v < 0 || v > ctx.p.version) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no such version of this plan.");
	}
	rc = plan_audit(r, &ctx, "plan.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : show(r, out, 200, &ctx, v);
}

sn_err plan_print(req *r, reply *out)
{
	plan_ctx ctx;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = plan_reach(r, out, NEED_READ, &ctx, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	rc = plan_audit(r, &ctx, "plan.read");
	if (!rc)
		rc = store_commit(r->db);
	json_t *view;
	if (!rc)
		rc = build_view(r, &ctx, 0, &view);
	if (rc)
		return rc;
	char today[32];
	time_uk_date(time_now(), today);
	json_object_set_new(view, "printed", json_string(today));
	return reply_page(out, 200, "plan/print",
			  arena_printf(r->a, "Support plan summary for %s", ctx.p.person_name), view);
}

/* ---- starting a plan ---- */

/* The person in the path and the caller's basis; 403 (audited) unless
 * the person, someone they named or their worker. */
static sn_err reach_person(req *r, reply *out, person **p, access_basis *basis, bool *denied)
{
	*denied = false;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, p);
	if (!rc)
		rc = access_person(r->db, r->user, (*p)->id, basis);
	if (rc)
		return rc;
	if (*basis == ACCESS_SELF || *basis == ACCESS_NAMED || *basis == ACCESS_WORKER ||
	    *basis == ACCESS_BREAK_GLASS)
		return SN_OK;
	*denied = true;
	audit_entry e = {r->user->uuid, "", "plan.denied",
			 arena_printf(r->a, "person:%s", (*p)->uuid),
			 arena_printf(r->a, "basis: %s", access_basis_name(*basis))};
	rc = audit_append(r->db, &e);
	if (!rc)
		rc = reply_error(r, out, 403, "Only the person, someone they named and their worker can see a support plan.");
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return rc;
}

/* The plan to show for a person: the newest one not replaced. */
static const plan_row *current_plan(const plan_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].status != PLAN_SUPERSEDED)
			return &rows[i];
	return n ? &rows[0] : NULL;
}

sn_err plan_for_person(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = reach_person(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	plan_row *rows;
	size_t n;
	rc = plan_list_for_person(r->db, p->id, r->a, &rows, &n);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "plan.read", p->uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	const plan_row *cur = current_plan(rows, n);
	if (cur)
		return reply_redirect(out, arena_printf(r->a, "/plans/%s", cur->uuid));
	int64_t bid, weekly;
	bool has = false;
	rc = plan_indicative_budget(r->db, p->id, &bid, &weekly, &has);
	if (rc)
		return rc;
	json_t *v = json_pack("{sssssbsbss}", "person_id", p->uuid, "name",
		arena_printf(r->a, "%s %s", p->given_name, p->family_name), "is_self",
		basis == ACCESS_SELF, "can_start", basis != ACCESS_BREAK_GLASS, "form_id",
		once_form_id(r));
	if (has)
		json_object_set_new(v, "budget", json_string(money_pence_text(r->a, weekly)));
	return reply_page(out, 200, "plan/start", "Support plan", v);
}

sn_err plan_create(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = reach_person(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (basis == ACCESS_BREAK_GLASS) {
		store_rollback(r->db);
		return reply_error(r, out, 403, "Break-glass access is for reading; it cannot start a plan.");
	}
	plan_row *rows;
	size_t n;
	rc = plan_list_for_person(r->db, p->id, r->a, &rows, &n);
	if (rc)
		return rc;
	const plan_row *cur = current_plan(rows, n);
	if (cur && cur->status != PLAN_APPROVED) /* one plan in the making at a time */
		return once_finish(r, out, SN_OK, arena_printf(r->a, "/plans/%s", cur->uuid));
	const plan_sections *secs;
	int64_t bid = 0, weekly = 0, id;
	bool has = false;
	char uuid[37], now[21];
	time_iso8601(time_now(), now);
	rc = plan_sections_in_force(r->db, r->a, &secs);
	if (!rc)
		rc = plan_indicative_budget(r->db, p->id, &bid, &weekly, &has);
	if (!rc)
		rc = plan_insert(r->db, p->id, secs, has ? bid : 0, "{}", r->user->id,
				 basis == ACCESS_SELF ? "self" : basis == ACCESS_NAMED ? "named" : "worker",
				 now, uuid, &id);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "plan.create", p->uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/plans/%s", uuid));
}

/* The version the form was showing must still be the current one. */
static bool same_version(req *r, const plan_ctx *ctx)
{
	return req_get_i64(r, "version", -1) == ctx->p.version;
}

static sn_err moved_on(req *r, reply *out)
{
	store_rollback(r->db);
	return reply_error(r, out, 409, "The plan was changed since you opened it. Look at the latest version and try again.");
}

/* The start of every sign-off form: the write transaction, the one-time
 * form id (a form sent twice leads where the first went), the caller's
 * right to do need, and (with check_version) the version the form was
 * showing. *stop when a reply is made (or rc is an error). */
static sn_err open_form(req *r, reply *out, plan_need need, bool check_version, plan_ctx *ctx,
			bool *stop)
{
	bool denied, done;
	*stop = true;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = plan_reach(r, out, need, ctx, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (check_version && !same_version(r, ctx))
		return moved_on(r, out);
	*stop = false;
	return SN_OK;
}

/* A sign-off form with a problem: shown again (400), the read audited. */
static sn_err show_again(req *r, reply *out, const plan_ctx *ctx)
{
	sn_err rc = plan_audit(r, ctx, "plan.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : show(r, out, 400, ctx, 0);
}

/* POST /plans/{id}/revise: a new draft from an approved plan, which stays
 * in force until the new one is approved. */
sn_err plan_revise(req *r, reply *out)
{
	plan_ctx ctx;
	bool stop;
	sn_err rc = open_form(r, out, NEED_READ, false, &ctx, &stop);
	if (rc || stop)
		return rc;
	bool related = ctx.basis == ACCESS_SELF || ctx.basis == ACCESS_NAMED ||
		       ctx.basis == ACCESS_WORKER;
	if (!related || ctx.p.status != PLAN_APPROVED) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "Only a plan in force can be started again, by the person, someone they named or their worker.");
	}
	plan_row *rows;
	size_t n;
	rc = plan_list_for_person(r->db, ctx.p.person_id, r->a, &rows, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (rows[i].status == PLAN_DRAFT || rows[i].status == PLAN_AGREED ||
		    rows[i].status == PLAN_SUBMITTED || rows[i].status == PLAN_RETURNED)
			return once_finish(r, out, SN_OK, arena_printf(r->a, "/plans/%s", rows[i].uuid));
	plan_version ver;
	const plan_sections *secs;
	int64_t bid = 0, weekly = 0, id;
	bool has = false;
	char uuid[37], now[21];
	time_iso8601(time_now(), now);
	if (!rc)
		rc = plan_version_get(r->db, ctx.p.id, ctx.p.version, r->a, &ver);
	if (!rc)
		rc = plan_sections_in_force(r->db, r->a, &secs);
	if (!rc)
		rc = plan_indicative_budget(r->db, ctx.p.person_id, &bid, &weekly, &has);
	if (!rc)
		rc = plan_insert(r->db, ctx.p.person_id, secs, has ? bid : 0, ver.document,
				 r->user->id, plan_basis_key(&ctx), now, uuid, &id);
	if (!rc)
		rc = plan_audit(r, &ctx, "plan.create");
	return once_finish(r, out, rc, arena_printf(r->a, "/plans/%s", uuid));
}

/* ---- sign-off ---- */

sn_err plan_agree(req *r, reply *out)
{
	plan_ctx ctx;
	bool stop;
	sn_err rc = open_form(r, out, NEED_AGREE, true, &ctx, &stop);
	if (rc || stop)
		return rc;
	const char *how = "";
	if (ctx.basis == ACCESS_WORKER) {
		how = req_form(r, "how");
		if (strlen(how) < PLAN_REASON_MIN || strlen(how) > 500) {
			req_add_error(r, "how", "Say how the person agreed the plan (10 to 500 characters), for example \"signed the printed plan at home on 3 March\"");
			return show_again(r, out, &ctx);
		}
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = plan_mark_agreed(r->db, ctx.p.id, ctx.p.version, r->user->id, now, how);
	if (!rc)
		rc = plan_audit(r, &ctx, "plan.agree");
	return once_finish(r, out, rc, arena_printf(r->a, "/plans/%s#sign-off", ctx.p.uuid));
}

sn_err plan_submit(req *r, reply *out)
{
	plan_ctx ctx;
	bool stop;
	sn_err rc = open_form(r, out, NEED_SUBMIT, true, &ctx, &stop);
	if (rc || stop)
		return rc;
	char now[21];
	time_iso8601(time_now(), now);
	rc = plan_mark_submitted(r->db, ctx.p.id, r->user->id, now);
	if (!rc)
		rc = plan_audit(r, &ctx, "plan.submit");
	return once_finish(r, out, rc, arena_printf(r->a, "/plans/%s#sign-off", ctx.p.uuid));
}

sn_err plan_decide(req *r, reply *out)
{
	plan_ctx ctx;
	bool stop;
	sn_err rc = open_form(r, out, NEED_DECIDE, true, &ctx, &stop);
	if (rc || stop)
		return rc;
	bool approve = str_eq(req_get(r, "decision"), "approve");
	const char *reason = req_get(r, "reason");
	if (!r->errors && !approve && strlen(reason) < PLAN_REASON_MIN)
		req_add_error(r, "reason", "Write why you are returning the plan (at least 10 characters), so the person and their worker know what to change");
	if (r->errors)
		return show_again(r, out, &ctx);
	plan_doc d;
	plan_version ver;
	char now[21];
	time_iso8601(time_now(), now);
	rc = plan_load_doc(r, &ctx.p, 0, &d, &ver);
	if (!rc)
		rc = plan_mark_decided(r->db, ctx.p.id, approve, reason, plan_doc_lines_total(&d, NULL),
				       r->user->id, now);
	if (!rc)
		rc = plan_audit(r, &ctx, approve ? "plan.approve" : "plan.return");
	return once_finish(r, out, rc, arena_printf(r->a, "/plans/%s#sign-off", ctx.p.uuid));
}

sn_err plan_comment(req *r, reply *out)
{
	plan_ctx ctx;
	bool stop;
	sn_err rc = open_form(r, out, NEED_COMMENT, false, &ctx, &stop);
	if (rc || stop)
		return rc;
	if (r->errors)
		return show_again(r, out, &ctx);
	char now[21];
	time_iso8601(time_now(), now);
	rc = plan_add_event(r->db, ctx.p.id, ctx.p.version, "comment", req_get(r, "section"),
			    req_get(r, "comment"), r->user->id, now);
	if (!rc)
		rc = plan_audit(r, &ctx, "plan.comment");
	return once_finish(r, out, rc, arena_printf(r->a, "/plans/%s#history", ctx.p.uuid));
}

/* ---- the approver's queue ---- */

sn_err plan_approvals(req *r, reply *out)
{
	int64_t limit = 0;
	bool has = false;
	sn_err rc = plan_approval_limit(r->db, r->user->id, &limit, &has);
	if (rc)
		return rc;
	if (!has)
		return reply_error(r, out, 403, "Only workers with an approval limit can approve plans. An administrator sets approval limits.");
	plan_row *rows;
	size_t n;
	rc = plan_list_submitted(r->db, r->a, &rows, &n);
	if (rc)
		return rc;
	/* Each person listed is named to someone with no relationship to
	 * them: an audited read on the approval basis, as the targeted list. */
	json_t *list = json_array();
	rc = store_begin_write(r->db);
	for (size_t i = 0; i < n && !rc; i++) {
		json_array_append_new(list, json_pack("{ssssssss}", "id", rows[i].uuid, "person",
			rows[i].person_name, "submitted_by", rows[i].submitted_by_name, "submitted",
			time_uk_when(r->a, rows[i].submitted_at)));
		plan_ctx ctx = {.p = rows[i], .approver = true, .limit_pence = limit};
		rc = plan_audit(r, &ctx, "plan.listed");
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		json_decref(list);
		return rc;
	}
	json_t *v = json_pack("{sosssb}", "plans", list, "limit", money_pence_text(r->a, limit), "empty",
			      n == 0);
	return reply_page(out, 200, "plan/approvals", "Plans waiting for approval", v);
}

/* ---- the person page's section ---- */

sn_err plan_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (basis != ACCESS_SELF && basis != ACCESS_NAMED && basis != ACCESS_WORKER &&
	    basis != ACCESS_BREAK_GLASS)
		return SN_OK;
	plan_row *rows;
	size_t n = 0;
	plan_list_for_person(r->db, p->id, r->a, &rows, &n); /* a failure shows no plan */
	const plan_row *cur = current_plan(rows, n);
	json_t *s = json_pack("{ssss}", "href", arena_printf(r->a, "/people/%s/plan", p->uuid),
			      "link_text", !cur ? "Start a support plan"
			      : basis == ACCESS_SELF ? "Read my support plan" : "Read the support plan");
	if (cur)
		json_object_set_new(s, "status", json_string(plan_status_label(cur->status)));
	json_object_set_new(view, "support_plan", s);
	return SN_OK;
}
