/* The plans' JSON API, for a signed-in caller (ROUTE_JSON_BODY: the
 * session's CSRF token in X-CSRF-Token), with the pages' permissions and
 * the same audit entries (docs/plans.md, "JSON API"):
 *   GET  /api/plans/{id}[?version=N]   the plan's view (as the page's JSON)
 *   POST /api/people/{id}/plans         start a plan: 201
 *   POST /api/plans/{id}/versions       {"version", "document", "note"}: 201
 *   POST /api/plans/{id}/status         {"action": "agree" | "submit" |
 *                                        "approve" | "return", "version", "reason"}
 * Errors are JSON: 400/422 {"error": "invalid", "field", "message"}, 403,
 * 404, 409 {"error": "stale", "version"} when the plan moved on. */
#include <stdio.h>
#include <string.h>

#include "../base/jsonin.h"
#include "plan_int.h"
#include "pool_store.h"

#define PLAN_API_MAX (256u * 1024u)

static sn_err invalid(reply *out, int status, const char *field, const char *message)
{
	out->status = status;
	out->view = json_pack("{ssssss}", "error", "invalid", "field", field, "message", message);
	return SN_OK;
}

static sn_err stale(req *r, reply *out, int64_t version)
{
	store_rollback(r->db);
	out->status = 409;
	out->view = json_pack("{sssIss}", "error", "stale", "version", (json_int_t)version, "message",
			      "The plan was changed since that version. Read it again and send your change on the latest version.");
	return SN_OK;
}

/* The reply: the plan's current view, with status. */
static sn_err reply_view(req *r, reply *out, int status, const char *uuid)
{
	plan_ctx ctx;
	bool denied;
	memset(&ctx, 0, sizeof ctx);
	sn_err rc = plan_find(r->db, uuid, r->a, &ctx.p);
	if (!rc)
		rc = access_person(r->db, r->user, ctx.p.person_id, &ctx.basis);
	if (rc)
		return rc;
	bool has = false;
	int64_t total = 0, bid, indicative = 0;
	plan_approval_limit(r->db, r->user->id, &ctx.limit_pence, &has);
	ctx.approver = has && (r->user->roles & R_WORKER) && (ctx.p.status == PLAN_SUBMITTED ||
		ctx.p.status == PLAN_APPROVED || ctx.p.decided_by == r->user->id);
	const plan_sections *secs;
	plan_doc *d = arena_alloc(r->a, sizeof *d);
	plan_version ver;
	rc = plan_sections_in_force(r->db, r->a, &secs);
	if (!rc)
		rc = plan_load_doc(r, &ctx.p, 0, d, &ver);
	if (!rc)
		rc = plan_indicative_budget(r->db, ctx.p.person_id, &bid, &indicative, &has);
	if (rc)
		return rc;
	total = plan_doc_lines_total(d, NULL);
	plan_abilities(r, &ctx, total);
	(void)denied;
	out->status = status;
	out->view = plan_view(r, &ctx, secs, d, &ver, indicative, has);
	json_object_set_new(out->view, "history", plan_events_view(r, &ctx.p));
	return SN_OK;
}

static sn_err body_object(req *r, reply *out, json_t **j, bool *bad)
{
	char err[200];
	*bad = false;
	sn_err rc = json_open_object(r->body, r->body_len, PLAN_API_MAX, j, err, sizeof err);
	if (rc) {
		*bad = true;
		return invalid(out, rc == SN_ETOOBIG ? 413 : 400, "body", err);
	}
	return SN_OK;
}

sn_err plan_api_save(req *r, reply *out)
{
	json_t *j;
	bool bad, denied;
	sn_err rc = body_object(r, out, &j, &bad);
	if (rc || bad)
		return rc;
	plan_ctx ctx;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = plan_reach(r, out, NEED_EDIT, &ctx, &denied);
	if (rc || denied) {
		json_decref(j);
		return rc ? rc : store_commit(r->db);
	}
	const json_t *ver = json_object_get(j, "version");
	const char *note = json_string_value(json_object_get(j, "note"));
	const plan_sections *secs;
	plan_doc *d = arena_alloc(r->a, sizeof *d);
	char field[96], why[160];
	if (!json_is_integer(ver)) {
		json_decref(j);
		store_rollback(r->db);
		return invalid(out, 422, "version", "must be the version the change was made on");
	}
	if (json_integer_value(ver) != ctx.p.version) {
		json_decref(j);
		return stale(r, out, ctx.p.version);
	}
	rc = plan_sections_in_force(r->db, r->a, &secs);
	/* Text sections: those in force, and those the plan already holds
	 * from earlier headings (kept, not editable on the pages). */
	plan_doc *cur = arena_alloc(r->a, sizeof *cur);
	plan_version cv;
	if (!rc)
		rc = plan_load_doc(r, &ctx.p, 0, cur, &cv);
	if (!rc && plan_doc_from_json(json_object_get(j, "document"), NULL, r->a, d, field,
				      sizeof field, why, sizeof why)) {
		json_decref(j);
		store_rollback(r->db);
		return invalid(out, 422, arena_printf(r->a, "document.%s", field), why);
	}
	for (size_t i = 0; !rc && i < d->n_text; i++) {
		bool known = false;
		for (size_t k = 0; k < secs->n && !known; k++)
			known = secs->sec[k].type == PLAN_SEC_TEXT && str_eq(secs->sec[k].key, d->text[i].key);
		for (size_t k = 0; k < cur->n_text && !known; k++)
			known = str_eq(cur->text[k].key, d->text[i].key);
		if (!known) {
			json_decref(j);
			store_rollback(r->db);
			return invalid(out, 422, arena_printf(r->a, "document.sections.%s", d->text[i].key),
				       "is not a section of this plan");
		}
	}
	/* A line may name a pooled budget the person is a member of (or the
	 * one it named already). */
	pool_membership *pm = NULL;
	size_t n_pm = 0;
	if (!rc)
		rc = pool_memberships(r->db, ctx.p.person_id, r->a, &pm, &n_pm);
	for (size_t i = 0; !rc && i < d->n_lines; i++) {
		const char *pool = d->lines[i].pool;
		bool ok = !*pool;
		for (size_t k = 0; k < n_pm && !ok; k++)
			ok = str_eq(pm[k].uuid, pool);
		for (size_t k = 0; k < cur->n_lines && !ok; k++)
			ok = str_eq(cur->lines[k].pool, pool);
		if (!ok) {
			json_decref(j);
			store_rollback(r->db);
			return invalid(out, 422, arena_printf(r->a, "document.lines[%zu].pool", i),
				       "is not a pooled budget the person is a member of");
		}
	}
	if (!rc && note && strlen(note) > 2000) {
		json_decref(j);
		store_rollback(r->db);
		return invalid(out, 422, "note", "must be 500 characters or fewer");
	}
	if (!rc)
		rc = plan_store_doc(r, &ctx, ctx.p.version, d, note ? note : "");
	json_decref(j);
	if (!rc)
		rc = plan_audit(r, &ctx, "plan.update");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : reply_view(r, out, 201, ctx.p.uuid);
}

sn_err plan_api_status(req *r, reply *out)
{
	json_t *j;
	bool bad, denied;
	sn_err rc = body_object(r, out, &j, &bad);
	if (rc || bad)
		return rc;
	const char *action = json_string_value(json_object_get(j, "action"));
	const json_t *ver = json_object_get(j, "version");
	const char *reason = json_string_value(json_object_get(j, "reason"));
	plan_need need = str_eq(action, "agree") ? NEED_AGREE
		: str_eq(action, "submit") ? NEED_SUBMIT
		: str_eq(action, "approve") || str_eq(action, "return") ? NEED_DECIDE : NEED_READ;
	char why[200] = "";
	if (need == NEED_READ)
		snprintf(why, sizeof why, "action: must be agree, submit, approve or return");
	else if (!json_is_integer(ver))
		snprintf(why, sizeof why, "version: must be the version you are acting on");
	else if (str_eq(action, "return") && (!reason || strlen(reason) < 10 || strlen(reason) > 2000))
		snprintf(why, sizeof why, "reason: say why the plan is returned (10 to 2000 characters)");
	int64_t v = json_integer_value(ver);
	char *reason_copy = arena_strdup(r->a, reason ? reason : "");
	bool approve = str_eq(action, "approve");
	json_decref(j);
	if (*why) {
		char *colon = strchr(why, ':');
		*colon = 0;
		return invalid(out, 422, why, colon + 2);
	}
	plan_ctx ctx;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = plan_reach(r, out, need, &ctx, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (v != ctx.p.version)
		return stale(r, out, ctx.p.version);
	char now[21];
	time_iso8601(time_now(), now);
	plan_doc d;
	plan_version pv;
	if (need == NEED_AGREE && ctx.basis == ACCESS_WORKER && strlen(reason_copy) < 10) {
		store_rollback(r->db);
		return invalid(out, 422, "reason", "say how the person agreed the plan (10 characters at least)");
	}
	if (need == NEED_AGREE)
		rc = plan_mark_agreed(r->db, ctx.p.id, v, r->user->id, now,
				      ctx.basis == ACCESS_WORKER ? reason_copy : "");
	else if (need == NEED_SUBMIT)
		rc = plan_mark_submitted(r->db, ctx.p.id, r->user->id, now);
	else if (!(rc = plan_load_doc(r, &ctx.p, 0, &d, &pv)))
		rc = plan_mark_decided(r->db, ctx.p.id, approve, reason_copy,
				       plan_doc_lines_total(&d, NULL), r->user->id, now);
	if (!rc)
		rc = plan_audit(r, &ctx, need == NEED_AGREE ? "plan.agree" : need == NEED_SUBMIT
					 ? "plan.submit" : approve ? "plan.approve" : "plan.return");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : reply_view(r, out, 200, ctx.p.uuid);
}
