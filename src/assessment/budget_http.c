/* The indicative budget on an assessment: the RAS questionnaire filled from
 * the needs assessment (assessment_ras.c), each answer with where it came
 * from; the worker changes an answer only with a reason; the answers go
 * through the same reader and rule as `supportnet rules ras` and are saved
 * with their sources and changes, which the person sees with the budget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../budget/budget_forms.h"
#include "../once/once.h"
#include "../rulesdata/rulesdata.h"
#include "assessment.h"
#include "assessment_int.h"

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

/* What the current version of the assessment gives for the scheme's
 * questions, with the person's age today. The caller owns *from. */
static sn_err budget_from(req *r, const asmt_row *x, const ras_scheme *s, json_t **from)
{
	json_t *rec = NULL;
	*from = NULL;
	sn_err rc = asmt_current_record(r, x, &rec);
	if (rc)
		return rc;
	person *p = NULL;
	int age = -1;
	if (!people_find(r->db, x->person_uuid, r->a, &p)) {
		char today[21];
		time_iso8601(time_now(), today);
		age = asmt_age_on(p->date_of_birth, today);
	}
	*from = asmt_ras_from_record(s, rec, x->carer, age);
	json_decref(rec);
	return SN_OK;
}

/* The label of answer key in question q, or "left out". */
static const char *answer_label(const ras_question *q, const char *key)
{
	int a = key ? ras_answer_index(q, key) : -1;
	return a >= 0 ? q->answers[a].label : "left out";
}

/* One question's (or the group's) source and reason field, added to o.
 * reasons: the reasons to show (GET), or NULL to show what was posted. */
static void annotate(req *r, json_t *o, const char *key, const json_t *entry,
		     const json_t *reasons, const char *was_label)
{
	const char *rid = arena_printf(r->a, "reason_%s", key);
	bool prefilled = entry && !json_is_true(json_object_get(entry, "unset"));
	const char *reason = reasons ? json_string_value(json_object_get(reasons, key))
				     : req_form(r, rid);
	const char *err = budget_form_error(r, rid);
	json_object_set_new(o, "has_source", json_true());
	json_object_set_new(o, "source", json_string(json_string_value(json_object_get(entry,
		"source")) ? json_string_value(json_object_get(entry, "source")) : ""));
	json_object_set_new(o, "prefilled", json_boolean(prefilled));
	json_object_set_new(o, "was", json_string(was_label));
	json_object_set_new(o, "reason_id", json_string(rid));
	json_object_set_new(o, "reason", json_string(reason ? reason : ""));
	json_object_set_new(o, "reason_error", json_string(err ? err : ""));
}

static sn_err budget_page(req *r, reply *out, int status, const asmt_row *x, const ras_scheme *s,
			  const json_t *given, const json_t *from, const json_t *reasons)
{
	json_t *v = budget_ras_form_view(r, s, given);
	const json_t *answers = json_object_get(from, "answers");
	size_t i;
	json_t *q;
	json_array_foreach(json_object_get(v, "questions"), i, q) {
		const char *key = json_string_value(json_object_get(q, "key"));
		int qi = ras_question_index(s, key);
		const json_t *e = json_object_get(answers, key);
		annotate(r, q, key, e, reasons, qi >= 0 ? answer_label(&s->questions[qi],
			json_string_value(json_object_get(e, "answer"))) : "");
	}
	const json_t *ge = json_object_get(from, "client_group");
	const char *gk = json_string_value(json_object_get(ge, "answer"));
	int g = gk ? ras_group_index(s, gk) : -1;
	json_t *group = json_object();
	annotate(r, group, "client_group", ge, reasons, g >= 0 ? s->groups[g].label : "none");
	json_object_set_new(v, "group", group);
	json_object_set_new(v, "uuid", json_string(x->uuid));
	json_object_set_new(v, "name", json_string(x->person_name));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if (r->errors)
		json_object_set(v, "errors", r->errors);
	return reply_page(out, status, "assessment/budget", "Indicative budget", v);
}

sn_err asmt_budget_form(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied;
	sn_err rc = asmt_reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc;
	ras_scheme *s;
	json_t *from = NULL, *earlier = NULL, *start = NULL;
	rc = scheme(r, &s);
	if (!rc)
		rc = budget_from(r, &x, s, &from);
	/* The assessment's answers, with the changes of the budget in force
	 * that still apply. */
	asmt_budget b;
	bool found = false;
	if (!rc)
		rc = asmt_budget_latest(r->db, x.id, r->a, &b, &found);
	if (!rc && found)
		earlier = json_loads(b.result, 0, NULL);
	if (!rc)
		start = asmt_ras_start(s, from, earlier);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
	if (!rc)
		rc = budget_page(r, out, 200, &x, s, json_object_get(start, "case"), from,
				 json_object_get(start, "reasons"));
	json_decref(start);
	json_decref(earlier);
	json_decref(from);
	return rc;
}

/* The answers' problems and the changes' missing reasons, in r->errors;
 * the changes (the caller owns them). */
static json_t *checked_changes(req *r, const ras_scheme *s, const json_t *from, const json_t *c)
{
	json_t *errs = json_array();
	json_t *changes = asmt_ras_changes(s, from, c, &r->form, errs);
	size_t i;
	json_t *e;
	json_array_foreach(errs, i, e)
		req_add_error(r, json_string_value(json_object_get(e, "field")),
			      json_string_value(json_object_get(e, "message")));
	json_decref(errs);
	return changes;
}

sn_err asmt_budget_save(req *r, reply *out)
{
	asmt_row x;
	access_basis basis;
	bool denied, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = asmt_reach(r, out, GATE_WRITE, &x, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	ras_scheme *s;
	json_t *from = NULL, *c = NULL, *changes = NULL;
	rc = scheme(r, &s);
	if (!rc)
		rc = budget_from(r, &x, s, &from);
	if (rc)
		return rc;
	r->errors = NULL;
	c = budget_ras_case_from_form(r, s);
	changes = checked_changes(r, s, from, c);
	if (r->errors) {
		/* Nothing is saved: the form again, with what was sent. */
		rc = access_audit_person(r->db, r->user, basis, "assessment.read", x.person_uuid);
		if (!rc)
			rc = store_commit(r->db);
		if (!rc)
			rc = budget_page(r, out, 400, &x, s, c, from, NULL);
		goto out;
	}
	ras_case *rcase = arena_alloc(r->a, sizeof *rcase);
	ras_result *res = arena_alloc(r->a, sizeof *res);
	char now[21];
	time_iso8601(time_now(), now);
	rc = budget_ras_compute(s, c, rcase, res);
	if (!rc)
		rc = asmt_budget_add_from(r->db, x.id, x.version, s, rcase, res, c, from, changes,
					  r->user->id, now);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "budget.set", x.person_uuid);
	rc = once_finish(r, out, rc, arena_printf(r->a, "/assessments/%s#budget", x.uuid));
out:
	json_decref(c);
	json_decref(changes);
	json_decref(from);
	return rc;
}

/* ---- the budget on the assessment page ---- */

/* Each answer of a saved budget with where it came from: the points
 * lines of its result, the sources of "from_assessment" and the reasons of
 * "changes". Budgets saved before answers came from the assessment have
 * neither: their answers are listed without a source. */
static json_t *answers_view(arena *a, const json_t *res)
{
	const json_t *from = json_object_get(res, "from_assessment");
	const json_t *changes = json_object_get(res, "changes");
	json_t *list = json_array();
	const char *grp = json_string_value(json_object_get(res, "client_group_label"));
	size_t i, k;
	json_t *p, *ch;
	/* The group first, then each question. */
	json_t *rows = json_array();
	json_array_append_new(rows, json_pack("{s:s, s:s, s:s}", "question", "client_group",
		"question_label", "Who the budget is for", "answer_label", grp ? grp : ""));
	json_array_foreach(json_object_get(res, "points"), i, p)
		json_array_append(rows, p);
	json_array_foreach(rows, i, p) {
		const char *q = json_string_value(json_object_get(p, "question"));
		const json_t *e = strcmp(q, "client_group") == 0
			? json_object_get(from, "client_group")
			: json_object_get(json_object_get(from, "answers"), q);
		/* What the assessment gave, or why the worker answered. */
		const char *src = json_string_value(json_object_get(e, "source"));
		const char *why = json_string_value(json_object_get(e, "why"));
		json_t *o = json_pack("{s:O, s:O, s:s}", "question", json_object_get(p, "question_label"),
			"answer", json_object_get(p, "answer_label"), "source",
			why ? arena_printf(a, "Answered by the worker with the person: %s", why)
			    : src ? src : "");
		json_t *pts = json_object_get(p, "points");
		if (json_is_integer(pts))
			json_object_set_new(o, "points", json_sprintf("%lld %s",
				(long long)json_integer_value(pts),
				json_integer_value(pts) == 1 ? "point" : "points"));
		json_array_foreach(changes, k, ch)
			if (strcmp(json_string_value(json_object_get(ch, "question")), q) == 0) {
				json_object_set(o, "changed_from", json_object_get(ch, "from_label"));
				json_object_set(o, "reason", json_object_get(ch, "reason"));
			}
		json_array_append_new(list, o);
	}
	json_decref(rows);
	return list;
}

json_t *asmt_budget_view(req *r, int64_t aid)
{
	asmt_budget b;
	bool found = false;
	if (asmt_budget_latest(r->db, aid, r->a, &b, &found) || !found)
		return json_null();
	char money[40];
	money_text(b.weekly_budget_pence, money);
	json_t *res = json_loads(b.result, 0, NULL);
	json_t *workings = json_object_get(res, "workings");
	json_t *v = json_pack("{s:s, s:O, s:s, s:s, s:I, s:o, s:b, s:I}", "amount", money,
		"workings", workings ? workings : json_null(),
		"saved", time_uk_when(r->a, b.saved_at), "by", b.saved_by,
		"on_version", (json_int_t)b.assessment_version, "answers", answers_view(r->a, res),
		"from_assessment", json_object_get(res, "from_assessment") != NULL,
		"n_changes", (json_int_t)json_array_size(json_object_get(res, "changes")));
	json_decref(res);
	return v;
}
