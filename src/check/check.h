/* "Check": the public tools that store nothing (the calculators for what a
 * person might pay and whether they might be eligible) and the JSON API
 * over the same rules. The rules themselves live in src/budget/ and
 * src/eligibility/, the money forms in src/budget/budget_forms.h; these
 * handlers only turn forms and bodies into cases. */
#ifndef SN_CHECK_H
#define SN_CHECK_H

#include "../intake/intake.h"
#include "../selfcheck/selfcheck.h"
#include "../web/web.h"

/* POST /api/rules/charge, /api/rules/eligibility: a case as JSON in the
 * body, the same JSON out as `supportnet rules ...`; 400 with
 * {"error", "message", "field"} for bad input. */
sn_err check_api_charge(req *r, reply *out);
sn_err check_api_eligibility(req *r, reply *out);
sn_err check_api_ras(req *r, reply *out);

/* GET /check: the tools on one page. */
sn_err check_index(req *r, reply *out);
/* The self-check (selfcheck_*.c): GET /check/self is the start page; each
 * page's form posts to POST /check/self, which redirects to the next page's
 * own address, GET /check/self/answers/{answers} (?topic=N), with the
 * answers so far sealed in it; .../report is the report and .../ask the
 * form to ask for an assessment, which posts to POST /check/self/send
 * (stored, with consent, in the intake queue) and redirects to GET
 * /check/self/sent/{form}. POST /check/self/request takes a report's
 * answers in hidden fields to the form's address. */
sn_err check_self_start(req *r, reply *out);
sn_err check_self_step(req *r, reply *out);
sn_err check_self_part(req *r, reply *out);
sn_err check_self_report(req *r, reply *out);
sn_err check_self_ask(req *r, reply *out);
sn_err check_self_request(req *r, reply *out);
sn_err check_self_send(req *r, reply *out);
sn_err check_self_sent(req *r, reply *out);
/* Sends a complete self-check to the intake queue: n holds the contact
 * details and the actor; the record, summary and indication come from the
 * answers. SN_EINPUT when the answers are not a complete check, SN_ETOOBIG
 * when the record is too long. Used by the page and the demo area. */
sn_err check_send_selfcheck(store *db, const sc_set *s, const sc_catalogue *c,
			    const sc_answers *a, intake_new *n, char uuid[static 37]);
/* The calculators store nothing. Each form's POST checks it: with a
 * problem, the form again (400); otherwise a redirect to the answer's own
 * address, GET .../answers/{answers}, which holds the form's fields sealed
 * (as the self-check's answers) and shows the result with the form. */
/* GET and POST /check/budget: "Estimate a personal budget" (the RAS). */
sn_err check_budget_form(req *r, reply *out);
sn_err check_budget(req *r, reply *out);
sn_err check_budget_answer(req *r, reply *out);
/* GET /check/equipment: the equipment catalogue. */
sn_err check_equipment(req *r, reply *out);

/* GET and POST /check/pay: "Estimate what you might pay". */
sn_err check_pay_form(req *r, reply *out);
sn_err check_pay(req *r, reply *out);
sn_err check_pay_answer(req *r, reply *out);
/* GET and POST /check/eligibility and /check/carer-eligibility. */
sn_err check_eligibility_form(req *r, reply *out);
sn_err check_eligibility(req *r, reply *out);
sn_err check_eligibility_answer(req *r, reply *out);

/* The directory's taxonomy term with that code (check_store.c): its id
 * and name (from a). SN_ENOTFOUND when there is none. */
sn_err check_directory_term(store *s, const char *code, arena *a, int64_t *id, const char **name);

/* Turns a rules error line "field: message" into a JSON error reply
 * {"error", "message", "field"}, its status that of kind (web_status_of). */
sn_err check_api_error(req *r, reply *out, sn_err kind, const char *err);

#endif
