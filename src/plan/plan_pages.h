/* The support plan's pages (plan_http.c, plan_edit_http.c,
 * plan_versions_http.c, plan_approvers_http.c); docs/plans.md. */
#ifndef SN_PLAN_PAGES_H
#define SN_PLAN_PAGES_H

#include "../people/people.h"
#include "../web/web.h"
#include "plan_store.h"

/* GET /people/{id}/plan (the plan to show, or a page to start one) and
 * POST /people/{id}/plans (start one). */
sn_err plan_for_person(req *r, reply *out);
sn_err plan_create(req *r, reply *out);
/* GET /plans/{id}[?version=N] and /plans/{id}/print. */
sn_err plan_show(req *r, reply *out);
sn_err plan_print(req *r, reply *out);
/* GET and POST /plans/{id}/sections/{key}[?item=ID|new]. */
sn_err plan_section_form(req *r, reply *out);
sn_err plan_section_save(req *r, reply *out);
/* POST /plans/{id}/agree, /submit, /decision, /comments, /revise. */
sn_err plan_agree(req *r, reply *out);
sn_err plan_submit(req *r, reply *out);
sn_err plan_decide(req *r, reply *out);
sn_err plan_comment(req *r, reply *out);
sn_err plan_revise(req *r, reply *out);
/* GET /plans/{id}/versions and /plans/{id}/compare?from=A&to=B. */
sn_err plan_versions_page(req *r, reply *out);
sn_err plan_compare(req *r, reply *out);
/* The JSON API (plan_api_http.c): POST /api/plans/{id}/versions and
 * /api/plans/{id}/status. */
sn_err plan_api_save(req *r, reply *out);
sn_err plan_api_status(req *r, reply *out);
/* Reviews (review_http.c, review_show_http.c): GET and POST
 * /plans/{id}/reviews/new, POST /plans/{id}/review-triggers, GET
 * /reviews/{id}, GET /reviews (a worker's queue), GET /reviews/targeted
 * (the reviewing team's list). */
sn_err review_new_form(req *r, reply *out);
sn_err review_create(req *r, reply *out);
sn_err review_bring_forward(req *r, reply *out);
sn_err review_show(req *r, reply *out);
sn_err review_queue(req *r, reply *out);
sn_err review_targeted(req *r, reply *out);
/* GET /plans/approvals: plans waiting for approval, for approvers. */
sn_err plan_approvals(req *r, reply *out);
/* GET and POST /admin/approvers: who may approve plans, up to what. */
sn_err plan_approvers_page(req *r, reply *out);
sn_err plan_approvers_save(req *r, reply *out);
/* The person page's section: "support_plan" {href, link_text, status}. */
sn_err plan_person_section(req *r, const person *p, access_basis basis, json_t *view);

/* ---- pooled budgets (pool_http.c, pool_member_http.c) and the block
 * contract calculator (block_http.c); docs/plans.md ---- */
/* GET /pools, /pools/join?ref=, /pools/new, /pools/{id}; POST /pools,
 * /pools/{id}/close. */
sn_err pool_index(req *r, reply *out);
sn_err pool_join(req *r, reply *out);
sn_err pool_new(req *r, reply *out);
sn_err pool_create(req *r, reply *out);
sn_err pool_page(req *r, reply *out);
sn_err pool_close_save(req *r, reply *out);
/* GET /pools/{id}/members/new, POST /pools/{id}/members; GET and POST
 * /pools/{id}/shares; GET and POST /pools/{id}/leave (member=N). */
sn_err pool_member_new(req *r, reply *out);
sn_err pool_member_add(req *r, reply *out);
sn_err pool_shares_page(req *r, reply *out);
sn_err pool_shares_save(req *r, reply *out);
sn_err pool_leave_page(req *r, reply *out);
sn_err pool_leave_save(req *r, reply *out);
/* GET and POST /budgets/block: nothing stored. */
sn_err block_form(req *r, reply *out);
sn_err block_run(req *r, reply *out);
/* A plan's lines and pools (pool_plan.c): the line form's "pool" options
 * (NULL when the person is in no pool and the line names none); the form's
 * "pool" into l (an error on r unless "", l's own or one of the person's
 * pools); the notes beside lines naming a pool, in plan_view's sections. */
json_t *pool_plan_options(req *r, int64_t person_id, const char *value);
void pool_plan_line_read(req *r, int64_t person_id, plan_line *l);
void pool_plan_lines(req *r, int64_t person_id, json_t *sections);

#endif
