/* Social prescribing pages (docs/social-prescribing.md): the caseload, one
 * case, starting a case from a person's record, and the person page's
 * section; the helpers the other pages share. A link worker reaches a case
 * only through their relationship with the person, and every read and
 * write is audited against the person in the same transaction. */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "../plan/plan_rules.h"
#include "../referral/referral_store.h"
#include "socialrx_int.h"

/* ---- shared helpers ---- */

const char *sp_today(req *r)
{
	char d[11];
	civil_format(civil_of_time(time_now()), d);
	return arena_strdup(r->a, d);
}

int64_t sp_day(const char *ymd)
{
	int64_t d;
	return ymd && !civil_parse(ymd, &d) ? d : -1;
}

static const char *field_name(req *r, const char *prefix, const char *part)
{
	return arena_printf(r->a, "%s-%s", prefix, part);
}

bool sp_date_field(req *r, const char *prefix, const char *what, char out[static 11])
{
	const char *d = req_form(r, field_name(r, prefix, "day")), *m = req_form(r, field_name(r, prefix, "month"));
	const char *y = req_form(r, field_name(r, prefix, "year")), *why = NULL;
	if (!*d && !*m && !*y) {
		snprintf(out, 11, "%s", sp_today(r));
		return true;
	}
	if (!people_dob_parse(d, m, y, time_now() + 86400, out, &why) && *out &&
	    sp_day(out) <= civil_of_time(time_now()))
		return true;
	req_add_error(r, field_name(r, prefix, "day"),
		      arena_printf(r->a, "Enter %s as a real date, like 27 3 2026, not in the future", what));
	return false;
}

void sp_date_view(req *r, json_t *v, const char *prefix, const char *legend)
{
	int64_t y;
	int mo, d;
	civil_from_days(civil_of_time(time_now()), &y, &mo, &d);
	const char *parts[] = {"day", "month", "year"};
	const char *today[] = {arena_printf(r->a, "%d", d), arena_printf(r->a, "%d", mo),
			       arena_printf(r->a, "%lld", (long long)y)};
	bool typed = false;
	for (int i = 0; i < 3; i++)
		typed |= *req_form(r, field_name(r, prefix, parts[i])) != 0;
	json_t *o = json_pack("{ssss}", "date_prefix", prefix, "date_legend", legend);
	for (int i = 0; i < 3; i++)
		json_object_set_new(o, arena_printf(r->a, "date_%s", parts[i]),
				    json_string(typed ? req_form(r, field_name(r, prefix, parts[i])) : today[i]));
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e) if (str_eq(json_string_value(json_object_get(e, "field")),
						       field_name(r, prefix, "day")))
		json_object_set(o, "date_error", json_object_get(e, "message"));
	json_object_set_new(v, "date", o);
}

const char *sp_text_field(req *r, const char *field, size_t max, const char *what)
{
	const char *v = req_form(r, field);
	bool ok = strlen(v) <= max;
	for (const char *p = v; ok && *p; p++)
		ok = (unsigned char)*p >= 0x20 || *p == '\n' || *p == '\r' || *p == '\t';
	if (!ok) {
		req_add_error(r, field, arena_printf(r->a, "%s must be at most %zu characters of text", what, max));
		return "";
	}
	return v;
}

sn_err sp_audit(req *r, const sp_ctx *ctx, const char *action)
{
	return access_audit_person(r->db, r->user, ctx->basis, action, ctx->c.person_uuid);
}

sn_err sp_reach(req *r, reply *out, sp_ctx *ctx, bool *stop)
{
	memset(ctx, 0, sizeof *ctx);
	*stop = false;
	const char *uuid = req_get(r, "id");
	sn_err rc = sp_case_find(r->db, uuid, r->a, &ctx->c);
	if (!rc)
		rc = access_person(r->db, r->user, ctx->c.person_id, &ctx->basis);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		*stop = true;
		return reply_error(r, out, 404, "There is no social prescribing case here.");
	}
	if (rc || ctx->basis != ACCESS_NONE)
		return rc;
	store_rollback(r->db);
	*stop = true;
	audit_entry e = {r->user->uuid, "", "socialrx.denied", arena_printf(r->a, "person:%s", ctx->c.person_uuid),
			 arena_printf(r->a, "no relationship to social prescribing case %s", ctx->c.uuid)};
	rc = store_begin_write(r->db);
	if (!rc)
		rc = audit_append(r->db, &e);
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	return rc ? rc : reply_error(r, out, 403, "Only the person's link worker and the people around them "
				     "can see this case.");
}

static const char *source_words(const char *s)
{
	return str_eq(s, "gp") ? "GP practice" : str_eq(s, "professional") ? "Another professional"
		: str_eq(s, "self") ? "The person themselves" : "Someone else";
}

static json_t *case_row(req *r, const sp_case *c, int64_t today)
{
	const sp_schedule *s = sp_schedule_shipped();
	int64_t due = sp_day(c->next_due);
	sp_fu_state st = s && due >= 0 ? sp_followup_state(s, due, false, today) : SP_FU_LATER;
	return json_pack("{sssssssssssssssbsbsb}", "id", c->uuid, "person_uuid", c->person_uuid, "person_name",
		c->person_name, "source", source_words(c->source), "opened", time_uk_day(r->a, c->opened_at),
		"next_due", *c->next_due ? time_uk_day(r->a, c->next_due) : "", "status", c->status, "due",
		st == SP_FU_DUE, "overdue", st == SP_FU_OVERDUE, "no_conversation", !*c->first_conversation_on);
}

/* ---- the caseload ---- */

static sn_err caseload_lists(req *r, json_t *v)
{
	sp_case *cases;
	size_t n = 0;
	int64_t today = civil_of_time(time_now());
	sn_err rc = sp_cases_of_worker(r->db, r->user->id, true, r->a, &cases, &n);
	json_t *list = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		json_array_append_new(list, case_row(r, &cases[i], today));
		rc = access_audit_person(r->db, r->user, ACCESS_WORKER, "socialrx.listed", cases[i].person_uuid);
	}
	json_object_set_new(v, "cases", list);
	json_object_set_new(v, "has_cases", json_boolean(n > 0));
	sp_followup *fu;
	size_t m = 0;
	const sp_schedule *s = sp_schedule_shipped();
	char until[11];
	civil_format(today + (s ? s->due_window_days : 7), until);
	if (!rc)
		rc = sp_followups_pending(r->db, r->user->id, until, r->a, &fu, &m);
	json_t *due = json_array();
	for (size_t i = 0; i < m && !rc; i++)
		json_array_append_new(due, json_pack("{sssssssssb}", "case_id", fu[i].case_uuid, "person_name",
			fu[i].person_name, "label", fu[i].label, "due_on", time_uk_day(r->a, fu[i].due_on),
			"overdue", sp_day(fu[i].due_on) < today));
	json_object_set_new(v, "followups", due);
	json_object_set_new(v, "has_followups", json_boolean(m > 0));
	return rc;
}

static sn_err waiting_list(req *r, json_t *v)
{
	sp_gp_referral *g;
	size_t n = 0;
	int64_t total = 0;
	sn_err rc = sp_gp_waiting(r->db, 10, r->a, &g, &n, &total);
	json_t *list = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		json_array_append_new(list, json_pack("{ssssssssss}", "id", g[i].uuid, "name",
			arena_printf(r->a, "%s %s", g[i].given_name, g[i].family_name), "from",
			arena_printf(r->a, "%s, %s", g[i].referrer_name, g[i].referrer_org), "when",
			time_uk_when(r->a, g[i].created_at), "reason", g[i].reason));
		/* open to link workers by role, like the intake queue: each read audited */
		audit_entry e = {r->user->uuid, "worker", "socialrx.referral.listed",
				 arena_printf(r->a, "sp-referral:%s", g[i].uuid), "waiting for a link worker"};
		rc = audit_append(r->db, &e);
	}
	json_object_set_new(v, "waiting", list);
	json_object_set_new(v, "has_waiting", json_boolean(n > 0));
	json_object_set_new(v, "waiting_total", json_integer(total));
	return rc;
}

sn_err sp_caseload_page(req *r, reply *out)
{
	json_t *v = json_object();
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = caseload_lists(r, v);
	if (!rc)
		rc = waiting_list(r, v);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
		return rc;
	}
	json_object_set_new(v, "closed", json_boolean(str_eq(req_get(r, "done"), "closed")));
	return reply_page(out, 200, "socialrx/caseload", "Social prescribing: your caseload", v);
}

/* ---- one case ---- */

/* The first start answers and the latest follow-up answers. */
static void answers_of(const sp_measure *m, size_t n, wb_answers *start, bool *has_start,
		       wb_answers *follow, bool *has_follow)
{
	wb_clear(start);
	wb_clear(follow);
	*has_start = *has_follow = false;
	bool seen_start[2] = {false, false};
	for (size_t i = 0; i < n; i++) {
		int k = str_eq(m[i].instrument, "ons4") ? 0 : 1;
		bool st = str_eq(m[i].stage, "start");
		if (st && seen_start[k])
			continue;
		wb_answers w;
		if (!sp_answers_read(m[i].answers, &w)) {
			wb_answers *t = st ? start : follow;
			if (k == 0)
				memcpy(t->ons4, w.ons4, sizeof w.ons4);
			else
				memcpy(t->ucla3, w.ucla3, sizeof w.ucla3);
			*(st ? has_start : has_follow) = true;
			seen_start[k] |= st;
		}
	}
}

static json_t *measures_view(req *r, const sp_measure *m, size_t n)
{
	wb_answers a, b;
	bool ha, hb;
	answers_of(m, n, &a, &ha, &b, &hb);
	sp_pair p;
	sp_pair_of(ha ? &a : NULL, hb ? &b : NULL, &p);
	json_t *rows = json_array();
	for (int i = 0; i < SP_ITEMS; i++) {
		int d = sp_direction(&p, i);
		bool both = p.before[i] >= 0 && p.after[i] >= 0;
		json_array_append_new(rows, json_pack("{sssssssssbsbsb}", "label", sp_item_label(i), "before",
			p.before[i] >= 0 ? arena_printf(r->a, "%d", p.before[i]) : "not asked", "after",
			p.after[i] >= 0 ? arena_printf(r->a, "%d", p.after[i]) : "not asked", "change",
			both ? arena_printf(r->a, "%+d", p.after[i] - p.before[i]) : "", "better", d > 0, "worse",
			d < 0, "same", both && d == 0));
	}
	json_t *hist = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(hist, json_pack("{ssssssss}", "instrument", str_eq(m[i].instrument, "ons4")
			? "ONS4" : "UCLA-3", "stage", str_eq(m[i].stage, "start") ? "Start" : "Follow-up", "on",
			time_uk_day(r->a, m[i].taken_on), "by", m[i].by));
	return json_pack("{sosbsbsssosb}", "rows", rows, "has_start", ha, "has_followup", hb, "svg",
			 ha || hb ? sp_chart_svg(r->a, &p, "sp-chart-title") : "", "history", hist,
			 "has_history", n > 0);
}

static json_t *conversation_view(req *r, const sp_conversation *c, size_t n)
{
	json_t *versions = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(versions, json_pack("{sIsssssssssssssssssb}", "version", (json_int_t)c[i].version,
			"held_on", time_uk_day(r->a, c[i].held_on), "what_matters", c[i].what_matters, "going_well",
			c[i].going_well, "want_to_change", c[i].want_to_change, "in_the_way", c[i].in_the_way,
			"next_steps", c[i].next_steps, "by", c[i].by, "when", time_uk_when(r->a, c[i].created_at),
			"latest", i == 0));
	return versions;
}

static json_t *followups_view(req *r, const sp_followup *f, size_t n)
{
	static const char *const outcomes[][2] = {{"going", "Going to the activity"},
		{"stopped", "Stopped going"}, {"not_started", "Has not started yet"},
		{"no_contact", "Could not reach them"}};
	const sp_schedule *s = sp_schedule_shipped();
	int64_t today = civil_of_time(time_now());
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *oc = "";
		for (size_t k = 0; k < 4; k++)
			if (str_eq(f[i].outcome, outcomes[k][0]))
				oc = outcomes[k][1];
		sp_fu_state st = s ? sp_followup_state(s, sp_day(f[i].due_on), *f[i].done_on, today) : SP_FU_LATER;
		json_array_append_new(list, json_pack("{sssssssssssbsbsbss}", "label", f[i].label, "due_on",
			time_uk_day(r->a, f[i].due_on), "done_on", *f[i].done_on ? time_uk_day(r->a, f[i].done_on) : "",
			"outcome", oc, "note", f[i].note, "done", st == SP_FU_DONE, "due", st == SP_FU_DUE,
			"overdue", st == SP_FU_OVERDUE, "by", f[i].by));
	}
	return list;
}

static sn_err case_view(req *r, const sp_ctx *ctx, json_t *v)
{
	sp_conversation *cv;
	sp_measure *ms;
	sp_followup *fu;
	ref_row *refs;
	size_t ncv = 0, nms = 0, nfu = 0, nref = 0;
	sn_err rc = sp_conversations(r->db, ctx->c.id, r->a, &cv, &ncv);
	if (!rc)
		rc = sp_measures(r->db, ctx->c.id, r->a, &ms, &nms);
	if (!rc)
		rc = sp_followups(r->db, ctx->c.id, r->a, &fu, &nfu);
	if (!rc)
		rc = ref_list_person(r->db, ctx->c.person_id, r->user->id, 20, r->a, &refs, &nref);
	if (rc)
		return rc;
	json_t *rl = json_array();
	for (size_t i = 0; i < nref; i++)
		json_array_append_new(rl, json_pack("{ssssssss}", "id", refs[i].uuid, "service", refs[i].service_name,
			"status", ref_status_words(refs[i].status), "when", time_uk_when(r->a, refs[i].updated_at)));
	bool open = str_eq(ctx->c.status, "open");
	json_object_set_new(v, "id", json_string(ctx->c.uuid));
	json_object_set_new(v, "person_uuid", json_string(ctx->c.person_uuid));
	json_object_set_new(v, "person_name", json_string(ctx->c.person_name));
	json_object_set_new(v, "worker_name", json_string(ctx->c.worker_name));
	json_object_set_new(v, "source", json_string(source_words(ctx->c.source)));
	json_object_set_new(v, "opened", json_string(time_uk_day(r->a, ctx->c.opened_at)));
	json_object_set_new(v, "open", json_boolean(open));
	json_object_set_new(v, "closed_on", json_string(time_uk_day(r->a, ctx->c.closed_at)));
	json_object_set_new(v, "closing_reason", json_string(ctx->c.closing_reason));
	json_object_set_new(v, "closing_note", json_string(ctx->c.closing_note));
	json_object_set_new(v, "conversations", conversation_view(r, cv, ncv));
	json_object_set_new(v, "has_conversation", json_boolean(ncv > 0));
	json_object_set_new(v, "earlier", json_boolean(ncv > 1));
	json_object_set_new(v, "measures", measures_view(r, ms, nms));
	json_object_set_new(v, "followups", followups_view(r, fu, nfu));
	json_object_set_new(v, "has_followups", json_boolean(nfu > 0));
	bool pending = false;
	for (size_t i = 0; i < nfu; i++)
		pending |= !*fu[i].done_on;
	json_object_set_new(v, "can_followup", json_boolean(open && pending));
	json_object_set_new(v, "referrals", rl);
	json_object_set_new(v, "has_referrals", json_boolean(nref > 0));
	return SN_OK;
}

sn_err sp_case_page(req *r, reply *out)
{
	sp_ctx ctx;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sp_reach(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	json_t *v = json_object();
	rc = case_view(r, &ctx, v);
	if (!rc)
		rc = sp_audit(r, &ctx, "socialrx.read");
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
		return rc;
	}
	const char *done = req_get(r, "done");
	json_object_set_new(v, "saved", json_string(str_eq(done, "conversation") ? "The conversation is saved."
		: str_eq(done, "measures") ? "The wellbeing answers are saved." : str_eq(done, "followup")
		? "The follow-up is saved." : str_eq(done, "started") ? "The case is open." : ""));
	return reply_page(out, 200, "socialrx/case", arena_printf(r->a, "Social prescribing: %s",
		ctx.c.person_name), v);
}

/* ---- starting a case from the person's record ---- */

sn_err sp_start_save(req *r, reply *out)
{
	person *p = NULL;
	access_basis basis = ACCESS_NONE;
	const char *source = req_form(r, "source");
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (!rc)
		rc = access_person(r->db, r->user, p->id, &basis);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no record here.");
	}
	if (!rc && basis != ACCESS_WORKER) {
		store_rollback(r->db);
		return reply_error(r, out, 403, "Only the person's worker can open a social prescribing case.");
	}
	if (!rc && !str_eq(source, "self") && !str_eq(source, "other")) {
		store_rollback(r->db);
		return reply_error(r, out, 422, "Choose who asked for social prescribing: the person themselves "
				   "or someone else.");
	}
	bool open = false, done = false;
	if (!rc)
		rc = sp_case_open_of_person(r->db, p->id, &open);
	if (!rc && open) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "The person already has an open social prescribing case.");
	}
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37], now[21];
	int64_t id;
	time_iso8601(time_now(), now);
	rc = sp_case_insert(r->db, p->id, r->user->id, source, 0, now, uuid, &id);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "socialrx.case.open", p->uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/social-prescribing/cases/%s?done=started", uuid));
}

/* ---- the person page's section ---- */

sn_err sp_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (!(r->user->roles & R_WORKER) || basis == ACCESS_NONE)
		return SN_OK;
	sp_case *rows;
	size_t n = 0;
	if (sp_cases_of_person(r->db, p->id, r->a, &rows, &n))
		n = 0; /* a failure shows none */
	json_t *list = json_array();
	bool open = false;
	int64_t today = civil_of_time(time_now());
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(list, case_row(r, &rows[i], today));
		open |= str_eq(rows[i].status, "open");
	}
	json_object_set_new(view, "social_prescribing", json_pack("{sosbsbssss}", "rows", list, "has_rows",
		n > 0, "can_start", basis == ACCESS_WORKER && !open, "start_href",
		arena_printf(r->a, "/people/%s/social-prescribing", p->uuid), "form_id", once_form_id(r)));
	return SN_OK;
}
