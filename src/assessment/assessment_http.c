/* Assessment pages: start (from the person's record), edit and save (each
 * save a new version), the decision (confirm the computed eligibility or
 * override it with a reason), comments, and the view the person sees in
 * their own account. Reached only through the person's record: the worker
 * relationship (or break glass, to read) for workers, the person for
 * themselves; every read and write is audited against the person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../budget/budget_forms.h"
#include "../intake/intake.h"
#include "../once/once.h"
#include "../rulesdata/rulesdata.h"
#include "../selfcheck/selfcheck.h"
#include "assessment.h"
#include "assessment_int.h"

/* A JSON string's text, or "" when v is not a string. */
static const char *sv(const json_t *v)
{
	const char *s = json_string_value(v);
	return s ? s : "";
}

/* "managing toilet needs" -> "Managing toilet needs" */
static const char *sentence(arena *a, const char *s)
{
	char *c = arena_strdup(a, s);
	if (c[0] >= 'a' && c[0] <= 'z')
		c[0] = (char)(c[0] - 'a' + 'A');
	return c;
}


/* The caller's basis on the person, and whether it allows what they are
 * doing: reading (the person, their worker, break glass), writing (their
 * worker) or commenting (the person or their worker). Otherwise replies
 * 403 and sets *denied. */
static sn_err gate(req *r, reply *out, int64_t person_id, const char *person_uuid, gate_kind k,
		   access_basis *basis, bool *denied)
{
	*denied = false;
	sn_err rc = access_person(r->db, r->user, person_id, basis);
	if (rc)
		return rc;
	bool ok = k == GATE_READ ? (*basis == ACCESS_SELF || *basis == ACCESS_WORKER ||
				    *basis == ACCESS_BREAK_GLASS)
		: k == GATE_WRITE ? *basis == ACCESS_WORKER
				  : (*basis == ACCESS_SELF || *basis == ACCESS_WORKER);
	if (ok)
		return SN_OK;
	*denied = true;
	audit_entry e = {r->user->uuid, "", "assessment.denied",
			 arena_printf(r->a, "person:%s", person_uuid),
			 arena_printf(r->a, "basis: %s", access_basis_name(*basis))};
	rc = audit_append(r->db, &e);
	if (rc)
		return rc;
	reply_error(r, out, web_status_of(SN_EFORBIDDEN), k == GATE_READ
		? "Only the person and their worker can see an assessment."
		: k == GATE_WRITE ? "Only the person's assigned worker can change an assessment."
				  : "Only the person and their worker can comment on an assessment.");
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return SN_OK;
}

/* ---- the form ---- */

static const char *field_error(const req *r, const char *key)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (strcmp(sv(json_object_get(e, "field")), key) == 0)
			return sv(json_object_get(e, "message"));
	return "";
}

/* The main reason for support as radios, with "not known yet" first. */
static json_t *support_reasons_view(req *r, const json_t *rec)
{
	const char *now = sv(json_object_get(rec, "support_reason"));
	json_t *list = json_array();
	json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "id", "support_reason",
		"value", "", "label", "Not known yet", "checked", !*now));
	for (size_t i = 0; i < RAS_N_SUPPORT_REASONS; i++) {
		const char *k = ras_support_reason_key(i);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}",
			"id", arena_printf(r->a, "support_reason-%s", k), "value", k,
			"label", sentence(r->a, ras_support_reason_label(i)),
			"checked", strcmp(now, k) == 0));
	}
	return list;
}

static json_t *form_view(req *r, bool carer, const json_t *rec)
{
	json_t *outs = json_object_get(rec, "outcomes");
	json_t *list = json_array();
	for (size_t i = 0; i < elig_n_outcomes(carer); i++) {
		const char *k = elig_outcome_key(carer, i);
		json_t *o = json_object_get(outs, k);
		const char *way = json_string_value(json_object_get(o, "way"));
		json_t *opts = json_array();
		for (size_t w = 0; w < ELIG_N_WAYS; w++) {
			const char *wk = elig_way_key((elig_way)w);
			json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}",
				"id", w ? arena_printf(r->a, "%s-%s", k, wk) : k,
				"value", wk, "label", asmt_way_label(wk),
				"checked", way && strcmp(way, wk) == 0));
		}
		const char *label = elig_outcome_label(carer, i);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:b, s:s}", "key", k,
			"label", sentence(r->a, label), "error", field_error(r, k), "options", opts,
			"fluctuates", json_is_true(json_object_get(o, "fluctuates")),
			"note", sv(json_object_get(o, "note"))));
	}
	json_t *wb = json_array();
	json_t *ticked = json_object_get(rec, "wellbeing");
	for (size_t i = 0; i < ASMT_N_WELLBEING; i++) {
		bool on = false;
		size_t j;
		json_t *t;
		json_array_foreach(ticked, j, t)
			on = on || strcmp(json_string_value(t), asmt_wellbeing_key(i)) == 0;
		json_array_append_new(wb, json_pack("{s:s, s:s, s:b}", "key", asmt_wellbeing_key(i),
						    "label", asmt_wellbeing_label(i), "checked", on));
	}
	json_t *st = json_object_get(rec, "strengths");
	json_t *yn = json_array();
	static const struct {
		const char *key, *q;
	} adult_q[] = {{"impairment", "Do the needs arise from or relate to a physical or mental impairment or illness?"}},
	  carer_q[] = {{"necessary_care", "Do the needs arise from giving necessary care to an adult?"},
		       {"health_at_risk", "Is the carer's physical or mental health deteriorating, or at risk of it?"}};
	size_t n = carer ? 2 : 1;
	for (size_t i = 0; i < n; i++) {
		const char *k = carer ? carer_q[i].key : adult_q[i].key;
		json_t *v = json_object_get(rec, k);
		json_array_append_new(yn, json_pack("{s:s, s:s, s:s, s:b, s:b}", "key", k,
			"question", carer ? carer_q[i].q : adult_q[i].q, "error", field_error(r, k),
			"yes", json_is_true(v), "no", json_is_false(v)));
	}
	return json_pack("{s:b, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "carer", carer,
		"yes_no", yn, "outcomes", list, "wellbeing", wb,
		"support_reasons", support_reasons_view(r, rec),
		"support_reason_error", field_error(r, "support_reason"),
		"impairment_note", sv(json_object_get(rec, "impairment_note")),
		"wellbeing_note", sv(json_object_get(rec, "wellbeing_note")),
		"strengths_person", sv(json_object_get(st, "person")),
		"strengths_carer", sv(json_object_get(st, "carer")),
		"strengths_community", sv(json_object_get(st, "community")));
}

static sn_err form_page(req *r, reply *out, int status, const person *p, bool carer,
			const json_t *rec, const char *action)
{
	json_t *v = form_view(r, carer, rec);
	json_object_set_new(v, "name", json_string(arena_printf(r->a, "%s %s", p->given_name,
								 p->family_name)));
	json_object_set_new(v, "action", json_string(action));
	json_object_set_new(v, "kind", json_string(carer ? "carer" : "adult"));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if (r->errors)
		json_object_set(v, "errors", r->errors);
	return reply_page(out, status, "assessment/edit",
			  carer ? "Carer's assessment" : "Needs assessment", v);
}

static bool kind_is_carer(req *r)
{
	return strcmp(req_get(r, "kind"), "carer") == 0;
}

/* A starting record from the self-check the person sent, when their record
 * came from the intake queue: the condition and the outcomes their answers
 * pointed to, for the worker to check with them. NULL when there is none.
 * The caller owns the reference. */
static json_t *from_self_check(req *r, int64_t person_id)
{
	const char *answers = NULL;
	if (intake_selfcheck_answers(r->db, person_id, r->a, &answers) || !answers)
		return NULL;
	json_t *sent = json_loads(answers, 0, NULL);
	char *given = json_dumps(json_object_get(sent, "given"), JSON_COMPACT);
	const char *name = json_string_value(json_object_get(sent, "set_id"));
	char err[256];
	sc_set *set = arena_alloc(r->a, sizeof *set);
	sc_answers *a = arena_alloc(r->a, sizeof *a);
	sc_report *rep = arena_alloc(r->a, sizeof *rep);
	json_t *rec = NULL;
	bool ok = given && name && !rules_load_question_set(r->db, name, set, err, sizeof err) &&
		  !sc_answers_from_json(set, given, strlen(given), a, err, sizeof err) &&
		  !sc_report_compute(set, NULL, a, rep);
	if (ok)
		rec = asmt_record_from_selfcheck(set, a, rep);
	free(given);
	json_decref(sent);
	return rec;
}

sn_err asmt_new_form(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (!rc)
		rc = gate(r, out, p->id, p->uuid, GATE_WRITE, &basis, &denied);
	if (rc || denied)
		return rc;
	rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
	if (rc)
		return rc;
	bool carer = kind_is_carer(r);
	json_t *start = carer ? NULL : from_self_check(r, p->id);
	if (!start)
		start = json_object();
	bool prefilled = json_object_size(start) > 0;
	rc = form_page(r, out, 200, p, carer, start,
		       arena_printf(r->a, "/people/%s/assessments", p->uuid));
	json_decref(start);
	if (!rc && prefilled)
		json_object_set_new(out->view, "from_self_check", json_true());
	return rc;
}

sn_err asmt_create(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (!rc)
		rc = gate(r, out, p->id, p->uuid, GATE_WRITE, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	bool carer = kind_is_carer(r);
	json_t *errors = json_array();
	json_t *rec = asmt_record_from_form(&r->form, carer, errors);
	if (json_array_size(errors) || r->errors) {
		if (r->errors) {
			json_array_extend(r->errors, errors);
			json_decref(errors);
		} else {
			r->errors = errors;
		}
		rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
		if (!rc)
			rc = store_commit(r->db);
		if (!rc)
			rc = form_page(r, out, 400, p, carer, rec,
				       arena_printf(r->a, "/people/%s/assessments", p->uuid));
		json_decref(rec);
		return rc;
	}
	json_decref(errors);
	char now[21], uuid[37] = "";
	time_iso8601(time_now(), now);
	int64_t aid = 0;
	rc = asmt_insert(r->db, p->id, carer, rec, r->user->id, now, uuid, &aid);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.create", p->uuid);
	json_decref(rec);
	return once_finish(r, out, rc, arena_printf(r->a, "/assessments/%s", uuid));
}

/* ---- one assessment ---- */

/* The history (empty when the store fails: the page still shows). */
static json_t *versions_view(req *r, int64_t aid)
{
	asmt_version_row *rows;
	size_t n;
	json_t *list = json_array();
	asmt_versions(r->db, aid, r->a, &rows, &n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}",
			"version", (json_int_t)rows[i].version, "saved", time_uk_when(r->a, rows[i].saved_at),
			"by", rows[i].saved_by, "decision", rows[i].decision));
	return list;
}

/* The comments (empty when the store fails). */
static json_t *comments_view(req *r, int64_t aid)
{
	asmt_comment_row *rows;
	size_t n;
	json_t *list = json_array();
	asmt_comments(r->db, aid, r->a, &rows, &n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I}", "who", rows[i].author,
			"when", time_uk_when(r->a, rows[i].created_at), "body", rows[i].body,
			"version", (json_int_t)rows[i].version));
	return list;
}

/* What was recorded, for reading: the outcomes, the wellbeing areas, the
 * notes and the strengths. The caller owns the reference. */
static json_t *record_view(req *r, const asmt_row *x, int64_t version, const json_t *rec)
{
	json_t *outcomes = json_array();
	json_t *outs = json_object_get(rec, "outcomes");
	for (size_t i = 0; i < elig_n_outcomes(x->carer); i++) {
		const char *k = elig_outcome_key(x->carer, i);
		json_t *o = json_object_get(outs, k);
		const char *way = json_string_value(json_object_get(o, "way"));
		const char *label = elig_outcome_label(x->carer, i);
		json_array_append_new(outcomes, json_pack("{s:s, s:s, s:b, s:b, s:s}",
			"label", sentence(r->a, label),
			"way", asmt_way_label(way), "unable", way && strcmp(way, "none") != 0,
			"fluctuates", json_is_true(json_object_get(o, "fluctuates")),
			"note", sv(json_object_get(o, "note"))));
	}
	json_t *wb = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(rec, "wellbeing"), i, t)
		for (size_t k = 0; k < ASMT_N_WELLBEING; k++)
			if (strcmp(json_string_value(t), asmt_wellbeing_key(k)) == 0)
				json_array_append_new(wb, json_string(asmt_wellbeing_label(k)));
	json_t *strengths = json_object_get(rec, "strengths");
	json_t *v = json_pack("{s:s, s:s, s:s, s:b, s:I, s:I, s:b, s:o, s:o, s:s, s:s, s:s, s:s, s:s}",
		"uuid", x->uuid, "person_uuid", x->person_uuid, "name", x->person_name,
		"carer", x->carer, "version", (json_int_t)version, "latest", (json_int_t)x->version,
		"current", version == x->version, "outcomes", outcomes, "wellbeing", wb,
		"wellbeing_note", sv(json_object_get(rec, "wellbeing_note")),
		"impairment_note", sv(json_object_get(rec, "impairment_note")),
		"strengths_person", sv(json_object_get(strengths, "person")),
		"strengths_carer", sv(json_object_get(strengths, "carer")),
		"strengths_community", sv(json_object_get(strengths, "community")));
	json_t *conds = json_array();
	if (x->carer) {
		json_array_append_new(conds, json_pack("{s:s, s:b}", "q", "Needs arise from giving necessary care to an adult",
			"yes", json_is_true(json_object_get(rec, "necessary_care"))));
		json_array_append_new(conds, json_pack("{s:s, s:b}", "q", "Carer's health is deteriorating or at risk",
			"yes", json_is_true(json_object_get(rec, "health_at_risk"))));
	} else {
		json_array_append_new(conds, json_pack("{s:s, s:b}", "q", "Needs arise from or relate to a physical or mental impairment or illness",
			"yes", json_is_true(json_object_get(rec, "impairment"))));
	}
	json_object_set_new(v, "conditions", conds);
	int sr = ras_support_reason_index(json_string_value(json_object_get(rec, "support_reason")));
	json_object_set_new(v, "support_reason", json_string(sr >= 0
		? sentence(r->a, ras_support_reason_label((size_t)sr)) : ""));
	return v;
}

/* Who will read a comment, said before it is sent: the person and their
 * worker(s), by name (the people the person named do not see assessments). */
static const char *comment_readers(req *r, const asmt_row *x, access_basis basis)
{
	people_circle_row *rows;
	size_t n;
	buf b;
	buf_init(&b, 1024);
	people_circle(r->db, x->person_id, r->a, &rows, &n);
	size_t workers = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].worker)
			buf_printf(&b, "%s%s", workers++ ? " and " : "", rows[i].name);
	const char *names = b.data ? arena_strdup(r->a, b.data) : "";
	buf_free(&b);
	if (basis == ACCESS_SELF)
		return workers ? arena_printf(r->a, "%s, your %s, will read it. It is kept with this "
					      "assessment: you and your worker can see it, and the people "
					      "you have named cannot.", names, workers == 1 ? "worker" : "workers")
			       : "Your worker will read it. It is kept with this assessment.";
	return arena_printf(r->a, "%s will see it, and so will %s. It is kept with this assessment.",
			    x->person_name, workers ? names : "their worker");
}

/* The computed eligibility, the decision on the version, and what the
 * caller may do with it, added to v. */
static void decision_view(req *r, json_t *v, const asmt_row *x, access_basis basis,
			  bool current, const asmt_version *ver, const json_t *computed)
{
	bool decided = *ver->decision != 0;
	json_object_set_new(v, "computed_eligible", json_boolean(ver->computed_eligible));
	json_object_set(v, "reasons", json_object_get(computed, "reasons"));
	json_object_set_new(v, "decided", json_boolean(decided));
	json_object_set_new(v, "overridden", json_boolean(strcmp(ver->decision, "overridden") == 0));
	json_object_set_new(v, "decided_eligible", json_boolean(ver->decided_eligible));
	json_object_set_new(v, "decision_reason", json_string(ver->reason));
	json_object_set_new(v, "decided_by", json_string(ver->decided_by));
	json_object_set_new(v, "decided_at", json_string(time_uk_when(r->a, ver->decided_at)));
	json_object_set_new(v, "saved", json_string(time_uk_when(r->a, ver->saved_at)));
	json_object_set_new(v, "saved_by", json_string(ver->saved_by));
	json_object_set_new(v, "versions", versions_view(r, x->id));
	json_object_set_new(v, "budget", asmt_budget_view(r, x->id));
	json_object_set_new(v, "can_budget", json_boolean(basis == ACCESS_WORKER && current &&
		decided && ver->decided_eligible));
	json_object_set_new(v, "comments", comments_view(r, x->id));
	json_object_set_new(v, "is_worker", json_boolean(basis == ACCESS_WORKER));
	json_object_set_new(v, "is_self", json_boolean(basis == ACCESS_SELF));
	json_object_set_new(v, "can_comment", json_boolean(basis == ACCESS_WORKER || basis == ACCESS_SELF));
	json_object_set_new(v, "readers", json_string(comment_readers(r, x, basis)));
	json_object_set_new(v, "can_decide", json_boolean(basis == ACCESS_WORKER && current && !decided));
	json_object_set_new(v, "can_edit", json_boolean(basis == ACCESS_WORKER && current));
	/* What was typed, when the page is shown again with a problem. */
	json_object_set_new(v, "comment", json_string(req_get(r, "comment")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "reason", json_string(req_get(r, "reason")));
	const char *dec = req_get(r, "decision");
	json_object_set_new(v, "decision_confirm", json_boolean(strcmp(dec, "confirm") == 0));
	json_object_set_new(v, "decision_override", json_boolean(strcmp(dec, "override") == 0));
}

static sn_err show(req *r, reply *out, int status, const asmt_row *x, access_basis basis,
		   int64_t version)
{
	asmt_version ver;
	sn_err rc = asmt_version_get(r->db, x->id, version, r->a, &ver);
	if (rc)
		return rc;
	json_t *rec = json_loads(ver.record, 0, NULL);
	json_t *computed = json_loads(ver.computed, 0, NULL);
	if (!rec || !computed) {
		json_decref(rec);
		json_decref(computed);
		return SN_EINTERNAL;
	}
	json_t *v = record_view(r, x, version, rec);
	decision_view(r, v, x, basis, version == x->version, &ver, computed);
	json_decref(rec);
	json_decref(computed);
	return reply_page(out, status, "assessment/show",
			  arena_printf(r->a, "%s for %s", x->carer ? "Carer's assessment" : "Needs assessment",
				       x->person_name), v);
}

/* Loads the assessment in the path and checks the caller may do k. */
sn_err asmt_reach(req *r, reply *out, gate_kind k, asmt_row *x, access_basis *basis, bool *denied)
{
	sn_err rc = asmt_find(r->db, req_get(r, "id"), r->a, x);
	if (rc)
		return rc;
	return gate(r, out, x->person_id, x->person_uuid, k, basis, denied);
}

sn_err asmt_show(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = asmt_reach(r, out, GATE_READ, &x, &basis, &denied);
	if (rc || denied)
		return rc;
	int64_t version = req_get_i64(r, "version", x.version);
	if (version < 1 || version > x.version)
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "There is no such version of this assessment.");
	rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
	if (rc)
		return rc;
	return show(r, out, 200, &x, basis, version);
}

/* The current version's record; the caller owns *rec. */
sn_err asmt_current_record(req *r, const asmt_row *x, json_t **rec)
{
	asmt_version ver;
	*rec = NULL;
	sn_err rc = asmt_version_get(r->db, x->id, x->version, r->a, &ver);
	if (rc == SN_ENOTFOUND)
		return SN_EINTERNAL; /* the current version always exists */
	if (rc)
		return rc;
	*rec = json_loads(ver.record, 0, NULL);
	return *rec ? SN_OK : SN_EINTERNAL;
}

sn_err asmt_edit_form(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = asmt_reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc;
	person *p;
	json_t *rec = NULL;
	rc = people_find(r->db, x.person_uuid, r->a, &p);
	if (!rc)
		rc = asmt_current_record(r, &x, &rec);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
	if (!rc)
		rc = form_page(r, out, 200, p, x.carer, rec, arena_printf(r->a, "/assessments/%s", x.uuid));
	json_decref(rec);
	return rc;
}

sn_err asmt_save(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	bool done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = asmt_reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	json_t *errors = json_array();
	json_t *rec = asmt_record_from_form(&r->form, x.carer, errors);
	if (json_array_size(errors)) {
		r->errors = errors;
		person *p;
		rc = people_find(r->db, x.person_uuid, r->a, &p);
		if (!rc)
			rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
		if (!rc)
			rc = store_commit(r->db);
		if (!rc)
			rc = form_page(r, out, 400, p, x.carer, rec, arena_printf(r->a, "/assessments/%s", x.uuid));
		json_decref(rec);
		return rc;
	}
	json_decref(errors);
	char now[21];
	time_iso8601(time_now(), now);
	rc = asmt_add_version(r->db, x.id, x.version + 1, x.carer, rec, r->user->id, now);
	json_decref(rec);
	if (!rc)
		rc = asmt_set_version(r->db, x.id, x.version, now);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.update", x.person_uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/assessments/%s", x.uuid));
}

sn_err asmt_decision(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = asmt_reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	const char *decision = req_get(r, "decision"), *reason = req_get(r, "reason");
	bool override = strcmp(decision, "override") == 0;
	if (!r->errors && override && strlen(reason) < ASMT_REASON_MIN)
		req_add_error(r, "reason", "Write why you are not following the computed decision (at least 10 characters)");
	if (!r->errors && x.decided) {
		store_rollback(r->db);
		return reply_error(r, out, web_status_of(SN_ECONFLICT),
				   "This version already has a decision. Change the assessment to decide again.");
	}
	if (r->errors) {
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show(r, out, 400, &x, basis, x.version);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = asmt_decide_version(r->db, x.id, x.version, override, reason, r->user->id, now);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis,
					 override ? "assessment.override" : "assessment.confirm",
					 x.person_uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/assessments/%s", x.uuid));
}

sn_err asmt_comment(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	bool done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = asmt_reach(r, out, GATE_COMMENT, &x, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (r->errors) {
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show(r, out, 400, &x, basis, x.version);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = asmt_add_comment(r->db, x.id, x.version, r->user->id, req_get(r, "comment"), now);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.comment", x.person_uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/assessments/%s#comments", x.uuid));
}

/* ---- the person page's section ---- */

sn_err asmt_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (basis == ACCESS_SELF || basis == ACCESS_WORKER || basis == ACCESS_BREAK_GLASS) {
		asmt_summary *rows;
		size_t n;
		json_t *list = json_array();
		/* A store failure shows the record with no assessments listed. */
		asmt_list_for_person(r->db, p->id, r->a, &rows, &n);
		for (size_t i = 0; i < n; i++) {
			const char *outcome = !rows[i].decided ? "Not decided yet"
					      : rows[i].decided_eligible == 1 ? "Eligible" : "Not eligible";
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "uuid", rows[i].uuid,
				"kind", rows[i].carer ? "Carer's assessment" : "Needs assessment",
				"updated", time_uk_when(r->a, rows[i].updated_at), "outcome", outcome));
		}
		json_object_set_new(view, "assessments", list);
		json_object_set_new(view, "show_assessments", json_true());
		/* What was said about them: the comments themselves, not a code
		 * in the log (issue 15). */
		asmt_recent_comment *cs;
		json_t *comments = json_array();
		asmt_recent_comments(r->db, p->id, 5, r->a, &cs, &n);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(comments, json_pack("{s:s, s:s, s:s, s:s}", "who", cs[i].author,
				"when", time_uk_when(r->a, cs[i].created_at), "body", cs[i].body,
				"uuid", cs[i].assessment_uuid));
		json_object_set_new(view, "has_assessment_comments", json_boolean(n > 0));
		json_object_set_new(view, "assessment_comments", comments);
	}
	json_object_set_new(view, "can_assess", json_boolean(basis == ACCESS_WORKER));
	return SN_OK;
}
