/* Needs assessments and carers' assessments: the record a worker keeps
 * with the person (needs against each outcome and how the person is unable
 * to achieve it, fluctuation, the impairment or the carer's conditions, the
 * impact on the nine areas of wellbeing, and what the person, their carer
 * and community already provide), the eligibility computed from it by
 * elig_decide, and the worker's decision. Versioned and audited; the
 * person sees it and can comment. */
#ifndef SN_ASSESSMENT_H
#define SN_ASSESSMENT_H

#include "../web/web.h"
#include "../eligibility/eligibility.h"

#define ASMT_NOTE_MAX 2000
#define ASMT_REASON_MIN 10
#define ASMT_N_WELLBEING 9

/* The nine areas of wellbeing (Care Act 2014, s1(2)): keys and names. */
const char *asmt_wellbeing_key(size_t i);
const char *asmt_wellbeing_label(size_t i);

/* A record from a submitted form (field names in docs/assessment.md).
 * Field problems are appended to errors as {"field", "message"}; the
 * record is returned either way (so the form can be shown again). */
json_t *asmt_record_from_form(const kv_list *form, bool carer, json_t *errors);
/* The eligibility case the record describes, and its decision. */
sn_err asmt_decide(const json_t *record, bool carer, elig_case *c, elig_result *res);

/* Store: a new assessment (draft, version 1) for person_id, and a new
 * version of one, each with its computed eligibility. Call inside a write
 * transaction; the caller audits. */
sn_err asmt_insert(store *db, int64_t person_id, bool carer, const json_t *rec, int64_t by_user,
		   const char *now, char uuid[static 37], int64_t *id);
sn_err asmt_add_version(store *db, int64_t aid, int64_t v, bool carer, const json_t *rec,
			int64_t by_user, const char *now);

/* HTTP */
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
/* The financial assessment in force, for the record page: {charge,
 * full_cost, workings, on, by, year}, or JSON null. */
json_t *fin_latest_for_person(store *s, arena *a, int64_t person_id);
/* GET and POST /ras/what-if: a draft RAS scheme over past budgets. */
sn_err whatif_form(req *r, reply *out);
sn_err whatif_run(req *r, reply *out);
/* The person's assessments, for their record page: [{uuid, kind, status,
 * updated, eligible}]; NULL on a store error. */
json_t *asmt_list_for_person(store *s, arena *a, int64_t person_id);

#endif
