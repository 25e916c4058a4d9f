/* Needs assessments and carers' assessments: the record a worker keeps
 * with the person (needs against each outcome and how the person is unable
 * to achieve it, fluctuation, the impairment or the carer's conditions, the
 * impact on the nine areas of wellbeing, and what the person, their carer
 * and community already provide), the eligibility computed from it by
 * elig_decide, and the worker's decision; the indicative budget on an
 * assessment and the person's financial assessment. Versioned and audited;
 * the person sees it and can comment.
 * Files: assessment_record.c (the record: pure), assessment_store.c (every
 * statement), assessment_http.c, financial_http.c and whatif_http.c (the
 * pages, and the person page's sections). */
#ifndef SN_ASSESSMENT_H
#define SN_ASSESSMENT_H

#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../eligibility/eligibility.h"
#include "../people/people.h"
#include "../selfcheck/selfcheck.h"
#include "../web/web.h"

#define ASMT_NOTE_MAX 2000
#define ASMT_REASON_MIN 10
#define ASMT_N_WELLBEING 9

/* ---- the record (assessment_record.c) ---- */

/* The nine areas of wellbeing (Care Act 2014, s1(2)): keys and names. */
const char *asmt_wellbeing_key(size_t i);
const char *asmt_wellbeing_label(size_t i);

/* A record from a submitted form (field names in docs/assessment.md).
 * Field problems are appended to errors as {"field", "message"}; the
 * record is returned either way (so the form can be shown again). The
 * caller owns the reference. */
json_t *asmt_record_from_form(const kv_list *form, bool carer, json_t *errors);
/* A starting record from a self-check (set, its answers a and the report
 * computed from them): only what the answers say, each outcome's note
 * quoting the person's answers about it; an outcome's way only when the
 * answers give one ("none" when they were asked and said nothing is hard,
 * else unset for the worker to find out), the condition likewise, no area
 * of wellbeing (its note quotes what they said). The caller owns the
 * reference (assessment_from_check.c). */
json_t *asmt_record_from_selfcheck(const sc_set *s, const sc_answers *a, const sc_report *rep);
/* The eligibility case the record describes, and its decision. */
sn_err asmt_decide(const json_t *record, bool carer, elig_case *c, elig_result *res);
/* A way of being unable ("without_assistance") in words for a page
 * ("Unable without assistance"); "" when key is not a way. */
const char *asmt_way_label(const char *key);

/* ---- the budget questionnaire from the needs assessment (assessment_ras.c): pure ---- */

#define ASMT_RAS_REASON_MAX 500 /* bytes of the reason for changing an answer */

/* Age in whole years on today of someone born on dob (both start
 * "YYYY-MM-DD"); -1 when either is not a date or the age is not 0 to
 * RAS_MAX_AGE. */
int asmt_age_on(const char *dob, const char *today);
/* What the needs assessment record says for each of scheme s's questions
 * and its client group, as the scheme's "from_assessment" says (age: the
 * person's, -1 when not known; carer: a carer's assessment, which answers
 * none):
 *   {"client_group": ENTRY, "answers": {QUESTION: ENTRY, ...}}
 * where ENTRY is {"answer": KEY or null, "unset": bool, "source": TEXT}:
 * unset when the record cannot say (the worker answers; TEXT says why and
 * what to do, and "why" says only why, for the saved budget), else the answer (null: an optional question left out) and where
 * it came from ("From the needs assessment: managing toilet needs —
 * unable without assistance."). Nothing is guessed: a client group only
 * from a recorded main reason for support. The caller owns the reference. */
json_t *asmt_ras_from_record(const ras_scheme *s, const json_t *record, bool carer, int age);
/* The form's starting point: {"case": {"client_group", "answers"} (the
 * `rules ras` case without scheme and year), "reasons": {QUESTION:
 * REASON}}: what from gives, except where the budget in force (earlier:
 * its stored result, or NULL) changed an answer that the assessment still
 * gives as it did then, which keeps its change and reason, and where from
 * cannot say (unset), where the budget's answer stands. The caller owns
 * the reference. */
json_t *asmt_ras_start(const ras_scheme *s, const json_t *from, const json_t *earlier);
/* The worker's changes to what from gives, in the `rules ras` case c: an
 * array of {"question" (or "client_group"), "from", "to" (keys, or null
 * when left out), "reason", and for readers "question_label",
 * "from_label", "to_label"}, each reason from the form's
 * "reason_QUESTION" (ASMT_REASON_MIN to ASMT_RAS_REASON_MAX bytes). A
 * change without a good reason appends {"field", "message"} to errors.
 * Answers the assessment could not give (unset) need no reason. The
 * caller owns the reference. */
json_t *asmt_ras_changes(const ras_scheme *s, const json_t *from, const json_t *c,
			 const kv_list *form, json_t *errors);

/* ---- the store (assessment_store.c) ----
 * Writes run inside the caller's write transaction; the caller audits the
 * person (access_audit_person) in the same transaction. Text comes from
 * the arena a; "" for what is not there. */

/* An assessment with its person. */
typedef struct {
	int64_t id, person_id, version; /* version: the current one */
	char uuid[37], person_uuid[37];
	bool carer, decided;
	const char *person_name;
} asmt_row;
/* SN_ENOTFOUND when there is no assessment with that uuid. */
sn_err asmt_find(store *s, const char *uuid, arena *a, asmt_row *out);
/* A new assessment (draft, version 1) for person_id, with its computed
 * eligibility; uuid and *id get its ids. */
sn_err asmt_insert(store *s, int64_t person_id, bool carer, const json_t *rec, int64_t by_user,
		   const char *now, char uuid[static 37], int64_t *id);
/* Version v of assessment aid, with the eligibility computed from rec. */
sn_err asmt_add_version(store *s, int64_t aid, int64_t v, bool carer, const json_t *rec,
			int64_t by_user, const char *now);
/* Makes version current + 1 (added with asmt_add_version) the current one,
 * a draft again: a new version waits for its own decision. SN_ECONFLICT
 * when current is no longer the current version. */
sn_err asmt_set_version(store *s, int64_t aid, int64_t current, const char *now);
/* The worker's decision on version v: confirmed (the computed eligibility)
 * or overridden (its opposite, with reason); the assessment becomes
 * decided. SN_ECONFLICT when v already has a decision. */
sn_err asmt_decide_version(store *s, int64_t aid, int64_t v, bool override, const char *reason,
			   int64_t by_user, const char *now);
sn_err asmt_add_comment(store *s, int64_t aid, int64_t v, int64_t author_id, const char *body,
			const char *now);

/* One version as saved: record and computed are JSON text. */
typedef struct {
	const char *record, *computed;
	bool computed_eligible;
	const char *decision; /* "confirmed", "overridden" or "" */
	bool decided_eligible;
	const char *reason, *decided_by, *decided_at, *saved_at, *saved_by;
} asmt_version;
/* SN_ENOTFOUND when there is no such version. */
sn_err asmt_version_get(store *s, int64_t aid, int64_t v, arena *a, asmt_version *out);
/* The versions, newest first. */
typedef struct {
	int64_t version;
	const char *saved_at, *saved_by, *decision;
} asmt_version_row;
sn_err asmt_versions(store *s, int64_t aid, arena *a, asmt_version_row **rows, size_t *n);
/* The comments, oldest first. */
typedef struct {
	const char *author, *created_at, *body;
	int64_t version;
} asmt_comment_row;
sn_err asmt_comments(store *s, int64_t aid, arena *a, asmt_comment_row **rows, size_t *n);
/* The latest comments on any of the person's assessments, newest first. */
typedef struct {
	const char *author, *created_at, *body, *assessment_uuid;
	bool carer; /* on a carer's assessment */
} asmt_recent_comment;
sn_err asmt_recent_comments(store *s, int64_t person_id, size_t max, arena *a,
			    asmt_recent_comment **rows, size_t *n);
/* The person's assessments with their current versions, newest first. */
typedef struct {
	const char *uuid, *updated_at;
	bool carer, decided;
	int decided_eligible; /* 1, 0, or -1 when the current version is not decided */
} asmt_summary;
sn_err asmt_list_for_person(store *s, int64_t person_id, arena *a, asmt_summary **rows,
			    size_t *n);

/* The indicative budget: each save a new row, the latest in force. The
 * answers are the `rules ras` case (JSON) as given. */
sn_err asmt_budget_add(store *s, int64_t aid, int64_t version, const ras_scheme *sch,
		       const ras_case *c, const ras_result *res, const json_t *answers,
		       int64_t by_user, const char *now);
/* The same, with where the answers came from: the result JSON also gets
 * "from_assessment" (asmt_ras_from_record's object, with
 * "assessment_version") and "changes" (asmt_ras_changes's array), which
 * the budget's readers show beside each answer. from and changes may be
 * NULL (then as asmt_budget_add). */
sn_err asmt_budget_add_from(store *s, int64_t aid, int64_t version, const ras_scheme *sch,
			    const ras_case *c, const ras_result *res, const json_t *answers,
			    const json_t *from, const json_t *changes, int64_t by_user,
			    const char *now);
typedef struct {
	int64_t weekly_budget_pence, assessment_version;
	const char *result, *saved_at, *saved_by; /* result: JSON text */
} asmt_budget;
/* The budget in force; *found false when there is none. */
sn_err asmt_budget_latest(store *s, int64_t aid, arena *a, asmt_budget *out, bool *found);
/* The answers of the budget in force, or NULL in *answers. */
sn_err asmt_budget_answers(store *s, int64_t aid, arena *a, const char **answers);
/* Calls fn with the answers of the budget in force on every assessment and
 * the person's locality ("" when not known); stops at fn's first error. */
typedef sn_err (*asmt_budget_fn)(void *ctx, const char *answers, const char *locality);
sn_err asmt_each_budget_in_force(store *s, asmt_budget_fn fn, void *ctx);

/* The financial assessment: each save a new row, the latest in force. The
 * input is the `rules charge` case (JSON) as given. */
sn_err fin_add(store *s, int64_t person_id, const chg_case *cs, const chg_result *res,
	       const json_t *input, int64_t by_user, const char *now);
typedef struct {
	int64_t weekly_charge_pence;
	bool full_cost;
	const char *result, *saved_at, *saved_by, *year; /* result: JSON text */
	const char *input; /* the `rules charge` case, JSON text */
} fin_row;
/* The financial assessment in force; *found false when there is none. */
sn_err fin_latest(store *s, int64_t person_id, arena *a, fin_row *out, bool *found);

/* ---- HTTP ---- */
sn_err asmt_new_form(req *r, reply *out);
sn_err asmt_create(req *r, reply *out);
sn_err asmt_show(req *r, reply *out);
sn_err asmt_edit_form(req *r, reply *out);
sn_err asmt_save(req *r, reply *out);
sn_err asmt_decision(req *r, reply *out);
sn_err asmt_comment(req *r, reply *out);
/* GET and POST /assessments/{id}/budget: the indicative budget (the RAS). */
sn_err asmt_budget_form(req *r, reply *out);
sn_err asmt_budget_save(req *r, reply *out);
/* GET and POST /people/{id}/financial: the financial assessment. */
sn_err fin_form(req *r, reply *out);
sn_err fin_save(req *r, reply *out);
/* GET and POST /ras/what-if: a draft RAS scheme over past budgets. */
sn_err whatif_form(req *r, reply *out);
sn_err whatif_run(req *r, reply *out);

/* Sections of the person page (people_section_fn): the person's
 * assessments, with "start an assessment" for their worker ("assessments",
 * "show_assessments", "can_assess"), and the financial assessment in force
 * ("financial": {charge, full_cost, workings, on, by, year}, or null). For
 * the person, their worker and break glass; not for people the person has
 * named (they see the record, not the needs). */
sn_err asmt_person_section(req *r, const person *p, access_basis basis, json_t *view);
sn_err fin_person_section(req *r, const person *p, access_basis basis, json_t *view);

#endif
