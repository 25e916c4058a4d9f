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
#include "../budget/charging.h"
#include "../budget/budget_forms.h"
#include "../people/people.h"
#include "../rulesdata/rulesdata.h"
#include "../selfcheck/selfcheck.h"
#include "assessment.h"

static const struct {
	const char *key, *label;
} ways[ELIG_N_WAYS] = {
	{"none", "Can achieve this"},
	{"without_assistance", "Unable without assistance"},
	{"pain_distress_anxiety", "Only with significant pain, distress or anxiety"},
	{"endangers_safety", "Only by endangering their own or others' health or safety"},
	{"takes_longer", "Only taking significantly longer than would normally be expected"},
};

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

static const char *way_label(const char *key)
{
	for (size_t i = 0; i < ELIG_N_WAYS; i++)
		if (key && strcmp(ways[i].key, key) == 0)
			return ways[i].label;
	return "";
}

typedef struct {
	int64_t id, person_id, version;
	char uuid[37], person_uuid[37];
	bool carer, decided;
	const char *person_name;
} asmt_row;

static sn_err find(req *r, const char *uuid, asmt_row *x)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st,
		"SELECT a.id, a.uuid, a.person_id, p.uuid, a.kind, a.status, a.version, "
		"p.given_name || ' ' || p.family_name FROM assessments a "
		"JOIN people p ON p.id = a.person_id WHERE a.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		x->id = store_col_i64(st, 0);
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 1));
		x->person_id = store_col_i64(st, 2);
		snprintf(x->person_uuid, sizeof x->person_uuid, "%s", store_col_text(st, 3));
		x->carer = strcmp(store_col_text(st, 4), "carer") == 0;
		x->decided = strcmp(store_col_text(st, 5), "decided") == 0;
		x->version = store_col_i64(st, 6);
		x->person_name = arena_strdup(r->a, store_col_text(st, 7));
	}
	store_done(st);
	return rc;
}

typedef enum { GATE_READ, GATE_WRITE, GATE_COMMENT } gate_kind;

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
	reply_error(r, out, 403, k == GATE_READ
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

static json_t *form_view(req *r, bool carer, const json_t *rec)
{
	json_t *outs = json_object_get(rec, "outcomes");
	json_t *list = json_array();
	for (size_t i = 0; i < elig_n_outcomes(carer); i++) {
		const char *k = elig_outcome_key(carer, i);
		json_t *o = json_object_get(outs, k);
		const char *way = json_string_value(json_object_get(o, "way"));
		json_t *opts = json_array();
		for (size_t w = 0; w < ELIG_N_WAYS; w++)
			json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}",
				"id", w ? arena_printf(r->a, "%s-%s", k, ways[w].key) : k,
				"value", ways[w].key, "label", ways[w].label,
				"checked", way && strcmp(way, ways[w].key) == 0));
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
	return json_pack("{s:b, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s}", "carer", carer,
		"yes_no", yn, "outcomes", list, "wellbeing", wb,
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
 * pointed to, for the worker to check with them. NULL when there is none. */
static json_t *from_self_check(req *r, int64_t person_id)
{
	store_stmt *st = NULL;
	if (store_query(r->db, &st, "SELECT answers FROM intake_requests WHERE person_id = ? "
			"AND source = 'self_check' ORDER BY id DESC LIMIT 1", "i", person_id))
		return NULL;
	bool row = false;
	json_t *rec = NULL;
	if (!store_step(st, &row) && row) {
		json_t *sent = json_loads(store_col_text(st, 0), 0, NULL);
		char *given = json_dumps(json_object_get(sent, "given"), JSON_COMPACT);
		char err[256];
		sc_set *set = arena_alloc(r->a, sizeof *set);
		sc_answers *a = arena_alloc(r->a, sizeof *a);
		sc_report *rep = arena_alloc(r->a, sizeof *rep);
		const char *name = json_string_value(json_object_get(sent, "set_id"));
		if (given && name &&
		    !rules_load_question_set(r->db, name, set, err, sizeof err) &&
		    !sc_answers_from_json(set, given, strlen(given), a, err, sizeof err) &&
		    !sc_report_compute(set, NULL, a, rep)) {
			json_t *outs = json_object();
			for (size_t i = 0; i < elig_n_outcomes(false); i++)
				json_object_set_new(outs, elig_outcome_key(false, i), json_pack("{s:s, s:b, s:s}",
					"way", elig_way_key(rep->elig.outcomes[i]), "fluctuates", 0,
					"note", rep->elig.outcomes[i] ? "From the self-check: check with the person." : ""));
			rec = json_pack("{s:s, s:b, s:s, s:o, s:[]}", "kind", "adult",
					"impairment", rep->elig.impairment, "impairment_note", "",
					"outcomes", outs, "wellbeing");
		}
		free(given);
		json_decref(sent);
	}
	store_done(st);
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

sn_err asmt_add_version(store *db, int64_t aid, int64_t v, bool carer, const json_t *rec,
			int64_t by_user, const char *now)
{
	elig_case c;
	elig_result *res = xcalloc(1, sizeof *res);
	sn_err rc = asmt_decide(rec, carer, &c, res);
	if (rc) {
		free(res);
		return rc;
	}
	json_t *computed = elig_result_to_json(&c, res);
	char *rt = json_dumps(rec, JSON_COMPACT), *ct = json_dumps(computed, JSON_COMPACT);
	json_decref(computed);
	rc = store_run(db, "INSERT INTO assessment_versions (assessment_id, version, record, "
		       "computed_eligible, computed, saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		       "iitit" "it", aid, v, rt, (int64_t)res->eligible, ct, by_user, now);
	free(rt);
	free(ct);
	free(res);
	return rc;
}

sn_err asmt_insert(store *db, int64_t person_id, bool carer, const json_t *rec, int64_t by_user,
		   const char *now, char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	sn_err rc = store_one_i64(db, id,
		"INSERT INTO assessments (uuid, person_id, kind, status, version, created_by, "
		"created_at, updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?, ?) RETURNING id",
		"tit" "itt", uuid, person_id, carer ? "carer" : "adult", by_user, now, now);
	if (!rc)
		rc = asmt_add_version(db, *id, 1, carer, rec, by_user, now);
	return rc;
}

sn_err asmt_create(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (!rc)
		rc = gate(r, out, p->id, p->uuid, GATE_WRITE, &basis, &denied);
	if (rc || denied)
		return rc;
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
			rc = form_page(r, out, 400, p, carer, rec,
				       arena_printf(r->a, "/people/%s/assessments", p->uuid));
		json_decref(rec);
		return rc;
	}
	json_decref(errors);
	char now[21], uuid[37];
	time_iso8601(time_now(), now);
	int64_t aid = 0;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = asmt_insert(r->db, p->id, carer, rec, r->user->id, now, uuid, &aid);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.create", p->uuid);
	if (!rc)
		rc = store_commit(r->db);
	json_decref(rec);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/assessments/%s", uuid));
}

/* ---- one assessment ---- */

static json_t *versions_view(req *r, int64_t aid)
{
	json_t *list = json_array();
	store_stmt *st = NULL;
	if (store_query(r->db, &st,
			"SELECT v.version, v.saved_at, u.name, coalesce(v.decision, '') "
			"FROM assessment_versions v JOIN users u ON u.id = v.saved_by "
			"WHERE v.assessment_id = ? ORDER BY v.version DESC", "i", aid))
		return list;
	bool row = true;
	while (!store_step(st, &row) && row)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}",
			"version", (json_int_t)store_col_i64(st, 0), "saved", time_uk_when(r->a, store_col_text(st, 1)),
			"by", store_col_text(st, 2), "decision", store_col_text(st, 3)));
	store_done(st);
	return list;
}

static json_t *comments_view(req *r, int64_t aid)
{
	json_t *list = json_array();
	store_stmt *st = NULL;
	if (store_query(r->db, &st,
			"SELECT u.name, c.created_at, c.body, c.version FROM assessment_comments c "
			"JOIN users u ON u.id = c.author_id WHERE c.assessment_id = ? ORDER BY c.id", "i", aid))
		return list;
	bool row = true;
	while (!store_step(st, &row) && row)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I}", "who", store_col_text(st, 0),
			"when", time_uk_when(r->a, store_col_text(st, 1)), "body", store_col_text(st, 2),
			"version", (json_int_t)store_col_i64(st, 3)));
	store_done(st);
	return list;
}

/* The budget in force (the latest saved), or null. */
static json_t *budget_view(req *r, int64_t aid)
{
	store_stmt *st = NULL;
	if (store_query(r->db, &st,
			"SELECT b.weekly_budget_pence, b.result, b.saved_at, u.name, b.assessment_version "
			"FROM budgets b JOIN users u ON u.id = b.saved_by WHERE b.assessment_id = ? "
			"ORDER BY b.id DESC LIMIT 1", "i", aid))
		return json_null();
	bool row = false;
	json_t *v = json_null();
	if (!store_step(st, &row) && row) {
		char money[32];
		chg_money(store_col_i64(st, 0), money, sizeof money);
		json_t *res = json_loads(store_col_text(st, 1), 0, NULL);
		v = json_pack("{s:s, s:O, s:s, s:s, s:I}", "amount", money,
			"workings", json_object_get(res, "workings") ? json_object_get(res, "workings") : json_null(),
			"saved", time_uk_when(r->a, store_col_text(st, 2)), "by", store_col_text(st, 3),
			"on_version", (json_int_t)store_col_i64(st, 4));
		json_decref(res);
	}
	store_done(st);
	return v;
}

static sn_err show(req *r, reply *out, int status, const asmt_row *x, access_basis basis,
		   int64_t version)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st,
		"SELECT v.record, v.computed_eligible, v.computed, coalesce(v.decision, ''), "
		"coalesce(v.decided_eligible, 0), v.decision_reason, coalesce(u.name, ''), "
		"coalesce(v.decided_at, ''), v.saved_at, s.name FROM assessment_versions v "
		"JOIN users s ON s.id = v.saved_by LEFT JOIN users u ON u.id = v.decided_by "
		"WHERE v.assessment_id = ? AND v.version = ?", "ii", x->id, version);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	json_t *rec = NULL, *computed = NULL;
	const char *decision = "", *reason = "", *decided_by = "", *decided_at = "", *saved = "",
		   *saved_by = "";
	bool computed_eligible = false, decided_eligible = false;
	if (!rc) {
		rec = json_loads(store_col_text(st, 0), 0, NULL);
		computed_eligible = store_col_i64(st, 1) != 0;
		computed = json_loads(store_col_text(st, 2), 0, NULL);
		decision = arena_strdup(r->a, store_col_text(st, 3));
		decided_eligible = store_col_i64(st, 4) != 0;
		reason = arena_strdup(r->a, store_col_text(st, 5));
		decided_by = arena_strdup(r->a, store_col_text(st, 6));
		decided_at = time_uk_when(r->a, store_col_text(st, 7));
		saved = time_uk_when(r->a, store_col_text(st, 8));
		saved_by = arena_strdup(r->a, store_col_text(st, 9));
	}
	store_done(st);
	if (rc)
		return rc;
	if (!rec || !computed) {
		json_decref(rec);
		json_decref(computed);
		return SN_EINTERNAL;
	}
	/* What was recorded, for reading. */
	json_t *outcomes = json_array();
	json_t *outs = json_object_get(rec, "outcomes");
	for (size_t i = 0; i < elig_n_outcomes(x->carer); i++) {
		const char *k = elig_outcome_key(x->carer, i);
		json_t *o = json_object_get(outs, k);
		const char *way = json_string_value(json_object_get(o, "way"));
		const char *label = elig_outcome_label(x->carer, i);
		json_array_append_new(outcomes, json_pack("{s:s, s:s, s:b, s:b, s:s}",
			"label", sentence(r->a, label),
			"way", way_label(way), "unable", way && strcmp(way, "none") != 0,
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
	bool current = version == x->version;
	json_t *v = json_pack("{s:s, s:s, s:s, s:b, s:I, s:I, s:b, s:o, s:o, s:s, s:s, s:s, s:s, s:s}",
		"uuid", x->uuid, "person_uuid", x->person_uuid, "name", x->person_name,
		"carer", x->carer, "version", (json_int_t)version, "latest", (json_int_t)x->version,
		"current", current, "outcomes", outcomes, "wellbeing", wb,
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
	json_object_set_new(v, "computed_eligible", json_boolean(computed_eligible));
	json_object_set(v, "reasons", json_object_get(computed, "reasons"));
	json_object_set_new(v, "decided", json_boolean(*decision != 0));
	json_object_set_new(v, "overridden", json_boolean(strcmp(decision, "overridden") == 0));
	json_object_set_new(v, "decided_eligible", json_boolean(decided_eligible));
	json_object_set_new(v, "decision_reason", json_string(reason));
	json_object_set_new(v, "decided_by", json_string(decided_by));
	json_object_set_new(v, "decided_at", json_string(decided_at));
	json_object_set_new(v, "saved", json_string(saved));
	json_object_set_new(v, "saved_by", json_string(saved_by));
	json_object_set_new(v, "versions", versions_view(r, x->id));
	json_object_set_new(v, "budget", budget_view(r, x->id));
	json_object_set_new(v, "can_budget", json_boolean(basis == ACCESS_WORKER && current &&
		*decision && decided_eligible));
	json_object_set_new(v, "comments", comments_view(r, x->id));
	json_object_set_new(v, "is_worker", json_boolean(basis == ACCESS_WORKER));
	json_object_set_new(v, "is_self", json_boolean(basis == ACCESS_SELF));
	json_object_set_new(v, "can_comment", json_boolean(basis == ACCESS_WORKER || basis == ACCESS_SELF));
	json_object_set_new(v, "can_decide", json_boolean(basis == ACCESS_WORKER && current && !*decision));
	json_object_set_new(v, "can_edit", json_boolean(basis == ACCESS_WORKER && current));
	json_object_set_new(v, "comment", json_string(req_get(r, "comment")));
	json_object_set_new(v, "reason", json_string(req_get(r, "reason")));
	const char *dec = req_get(r, "decision");
	json_object_set_new(v, "decision_confirm", json_boolean(strcmp(dec, "confirm") == 0));
	json_object_set_new(v, "decision_override", json_boolean(strcmp(dec, "override") == 0));
	json_decref(rec);
	json_decref(computed);
	return reply_page(out, status, "assessment/show",
			  arena_printf(r->a, "%s for %s", x->carer ? "Carer's assessment" : "Needs assessment",
				       x->person_name), v);
}

/* Loads the assessment in the path and checks the caller may do k. */
static sn_err reach(req *r, reply *out, gate_kind k, asmt_row *x, access_basis *basis, bool *denied)
{
	sn_err rc = find(r, req_get(r, "id"), x);
	if (rc)
		return rc;
	return gate(r, out, x->person_id, x->person_uuid, k, basis, denied);
}

sn_err asmt_show(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = reach(r, out, GATE_READ, &x, &basis, &denied);
	if (rc || denied)
		return rc;
	int64_t version = req_get_i64(r, "version", x.version);
	if (version < 1 || version > x.version)
		return reply_error(r, out, 404, "There is no such version of this assessment.");
	rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
	if (rc)
		return rc;
	return show(r, out, 200, &x, basis, version);
}

static sn_err current_record(req *r, const asmt_row *x, json_t **rec)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st, "SELECT record FROM assessment_versions "
				"WHERE assessment_id = ? AND version = ?", "ii", x->id, x->version);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	*rec = !rc && row ? json_loads(store_col_text(st, 0), 0, NULL) : NULL;
	store_done(st);
	return rc ? rc : *rec ? SN_OK : SN_EINTERNAL;
}

sn_err asmt_edit_form(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc;
	person *p;
	json_t *rec = NULL;
	rc = people_find(r->db, x.person_uuid, r->a, &p);
	if (!rc)
		rc = current_record(r, &x, &rec);
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
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = reach(r, out, GATE_WRITE, &x, &basis, &denied);
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
	/* A new version waits for its own decision. */
	if (!rc)
		rc = store_run(r->db, "UPDATE assessments SET version = ?, status = 'draft', updated_at = ? "
			       "WHERE id = ? AND version = ?", "itii", x.version + 1, now, x.id, x.version);
	if (!rc && store_changes(r->db) != 1)
		rc = SN_ECONFLICT;
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.update", x.person_uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/assessments/%s", x.uuid));
}

sn_err asmt_decision(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	const char *decision = req_get(r, "decision"), *reason = req_get(r, "reason");
	bool override = strcmp(decision, "override") == 0;
	if (!r->errors && override && strlen(reason) < ASMT_REASON_MIN) {
		r->errors = json_array();
		json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", "reason",
			"message", "Write why you are not following the computed decision (at least 10 characters)"));
	}
	if (!r->errors && x.decided) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This version already has a decision. Change the assessment to decide again.");
	}
	if (r->errors) {
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show(r, out, 400, &x, basis, x.version);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = store_run(r->db, "UPDATE assessment_versions SET decision = ?, decided_eligible = "
		       "CASE WHEN ? = 1 THEN 1 - computed_eligible ELSE computed_eligible END, "
		       "decision_reason = ?, decided_by = ?, decided_at = ? "
		       "WHERE assessment_id = ? AND version = ? AND decision IS NULL",
		       "tit" "itii", override ? "overridden" : "confirmed", (int64_t)override, reason,
		       r->user->id, now, x.id, x.version);
	if (!rc && store_changes(r->db) != 1)
		rc = SN_ECONFLICT;
	if (!rc)
		rc = store_run(r->db, "UPDATE assessments SET status = 'decided', updated_at = ? WHERE id = ?",
			       "ti", now, x.id);
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
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = reach(r, out, GATE_COMMENT, &x, &basis, &denied);
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
	rc = store_run(r->db, "INSERT INTO assessment_comments (assessment_id, version, author_id, "
		       "body, created_at) VALUES (?, ?, ?, ?, ?)", "iiitt", x.id, x.version,
		       r->user->id, req_get(r, "comment"), now);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.comment", x.person_uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/assessments/%s#comments", x.uuid));
}

json_t *asmt_list_for_person(store *s, arena *a, int64_t person_id)
{
	store_stmt *st = NULL;
	if (store_query(s, &st,
			"SELECT a.uuid, a.kind, a.status, a.updated_at, v.computed_eligible, "
			"coalesce(v.decided_eligible, -1) FROM assessments a JOIN assessment_versions v "
			"ON v.assessment_id = a.id AND v.version = a.version "
			"WHERE a.person_id = ? ORDER BY a.created_at DESC, a.id DESC", "i", person_id))
		return NULL;
	json_t *list = json_array();
	bool row = true;
	while (!store_step(st, &row) && row) {
		bool decided = strcmp(store_col_text(st, 2), "decided") == 0;
		int64_t de = store_col_i64(st, 5);
		const char *outcome = !decided ? "Not decided yet"
			: de == 1 ? "Eligible" : "Not eligible";
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "uuid", store_col_text(st, 0),
			"kind", strcmp(store_col_text(st, 1), "carer") == 0 ? "Carer's assessment" : "Needs assessment",
			"updated", time_uk_when(a, store_col_text(st, 3)), "outcome", outcome));
	}
	store_done(st);
	return list;
}

/* ---- the indicative budget ---- */

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

static sn_err budget_page(req *r, reply *out, int status, const asmt_row *x, const ras_scheme *s,
			  const json_t *given)
{
	json_t *v = budget_ras_form_view(r, s, given);
	json_object_set_new(v, "uuid", json_string(x->uuid));
	json_object_set_new(v, "name", json_string(x->person_name));
	if (r->errors)
		json_object_set(v, "errors", r->errors);
	return reply_page(out, status, "assessment/budget", "Indicative budget", v);
}

sn_err asmt_budget_form(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc;
	ras_scheme *s;
	rc = scheme(r, &s);
	if (rc)
		return rc;
	/* Start from the answers of the budget in force, if any. */
	json_t *given = NULL;
	store_stmt *st = NULL;
	rc = store_query(r->db, &st, "SELECT answers FROM budgets WHERE assessment_id = ? "
			 "ORDER BY id DESC LIMIT 1", "i", x.id);
	bool row = false;
	if (!rc && !(rc = store_step(st, &row)) && row)
		given = json_loads(store_col_text(st, 0), 0, NULL);
	store_done(st);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
	if (!rc)
		rc = budget_page(r, out, 200, &x, s, given);
	json_decref(given);
	return rc;
}

sn_err asmt_budget_save(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	ras_scheme *s;
	rc = scheme(r, &s);
	if (rc)
		return rc;
	r->errors = NULL;
	json_t *c = budget_ras_case_from_form(r, s);
	if (r->errors) {
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
		if (!rc)
			rc = store_commit(r->db);
		if (!rc)
			rc = budget_page(r, out, 400, &x, s, c);
		json_decref(c);
		return rc;
	}
	ras_case *rcase = arena_alloc(r->a, sizeof *rcase);
	ras_result *res = arena_alloc(r->a, sizeof *res);
	rc = budget_ras_compute(s, c, rcase, res);
	if (rc) {
		json_decref(c);
		return rc;
	}
	json_t *rj = ras_result_to_json(s, rcase, res);
	char *answers = json_dumps(c, JSON_COMPACT), *result = json_dumps(rj, JSON_COMPACT);
	json_decref(rj);
	json_decref(c);
	char now[21];
	time_iso8601(time_now(), now);
	rc = store_run(r->db, "INSERT INTO budgets (assessment_id, assessment_version, scheme, "
		       "scheme_version, year, client_group, answers, weekly_budget_pence, result, "
		       "saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       "iiti" "ttti" "tit", x.id, x.version, s->id, (int64_t)s->version, rcase->year,
		       rcase->client_group, answers, res->weekly_budget_pence, result, r->user->id, now);
	free(answers);
	free(result);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "budget.set", x.person_uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/assessments/%s#budget", x.uuid));
}
