/* What the check pages share among themselves (src/check only, and its
 * tests): the question set and catalogue in force, the self-check's sealed
 * answers (selfcheck_state.c) and the pages' helpers. */
#ifndef SN_CHECK_INT_H
#define SN_CHECK_INT_H

#include "check.h"

/* The question set and the catalogue in force (adopted in the store, or
 * shipped), parsed for this request into its arena. */
sn_err check_data_for(req *r, const sc_set **s, const sc_catalogue **c);

/* ---- the answers in the pages' addresses (selfcheck_state.c) ---- */

/* How long sealed answers can be opened after they were sealed (each step
 * seals them again), and the longest sealed text. */
#define CHECK_STATE_SECONDS (2 * 3600)
#define CHECK_STATE_MAX 3900
/* Seals the answers to s (those that are answers of s; nothing else is
 * kept) with the area's "selfcheck-answers" secret: XSalsa20-Poly1305 over
 * one byte a question, the time and the set's version, as base64url text. */
sn_err check_state_seal(store *db, const sc_set *s, const sc_answers *a,
			char out[static CHECK_STATE_MAX]);
/* Opens sealed answers into a. SN_EINPUT when they are not ours (altered,
 * or sealed for another version of the set), and also, with *expired set,
 * when answers were sealed more than CHECK_STATE_SECONDS ago. */
sn_err check_state_open(store *db, const sc_set *s, const char *sealed, sc_answers *a,
			bool *expired);
/* The one-time form id (src/once) of the "ask for an assessment" form for
 * these sealed answers: the same address always gives the same id. */
void check_state_form_id(const char *sealed, char out[static 37]);
/* A calculator's answers: the form's non-empty fields (not the token)
 * sealed the same way for purpose ('p' what you might pay, 'b' a personal
 * budget, 'e' and 'c' eligibility); SN_ETOOBIG when they do not fit an
 * address. */
sn_err check_form_seal(req *r, char purpose, char out[static CHECK_STATE_MAX]);
/* Opens them into r->form (as if they had been posted). SN_EINPUT when
 * they are not ours, and, with *expired, when sealed more than
 * CHECK_STATE_SECONDS ago. */
sn_err check_form_open(req *r, char purpose, const char *sealed, bool *expired);

/* ---- the calculators (calc_http.c) ---- */

/* Opens a calculator's answers (the path's "answers") into r->form, or
 * replies with the page that says they cannot be used, with the way back
 * to the form's address, and sets *done. */
sn_err check_calc_open(req *r, reply *out, char purpose, const char *form, bool *done);

/* ---- pages (selfcheck_http.c) ---- */

/* Replies with the page that says the answers cannot be used (expired or
 * not readable), with a link to start again. */
sn_err check_self_again(req *r, reply *out, bool expired);
/* The answers sealed in the path ("answers"): SN_OK with *done false, or
 * the "start again" page replied and *done true. */
sn_err check_self_answers(req *r, reply *out, const sc_set *s, sc_answers *a, bool *done);
/* The answers a form sent: those sealed in its "answers" field, with the
 * fields named by questions on top. SN_OK with *done false, or the page
 * that says why they cannot be used replied and *done true. */
sn_err check_self_posted(req *r, reply *out, const sc_set *s, sc_answers *a, bool *done);
/* The answers as {"question": "answer"} (the pages' JSON shows what their
 * address holds). The caller owns the reference. */
json_t *check_self_given(const sc_answers *a);
/* "/check/self/answers/SEALED" for a (from the arena), or NULL on a store
 * error (logged). */
const char *check_self_address(req *r, const sc_set *s, const sc_answers *a);

/* ---- the report (selfcheck_report_http.c) ---- */

/* The report page's view for complete answers a (rep computed from them),
 * with the directory's matches near the postcode in "near" (a query
 * field), or across the area. The caller owns the reference. */
json_t *check_report_view(req *r, const sc_set *s, const sc_catalogue *c, const sc_answers *a,
			  const sc_report *rep, const char *address);

#endif
