/* Inside the plan pages: who the caller is to a plan, and what they may do
 * (plan_gate.c), shared by plan_http.c (the plan, sign-off, versions),
 * plan_edit_http.c (the section forms) and plan_view.c (view models). */
#ifndef SN_PLAN_INT_H
#define SN_PLAN_INT_H

#include "../access/access.h"
#include "../people/people.h"
#include "plan_pages.h"

/* What the caller may do with one plan. */
typedef struct {
	plan_row p;
	access_basis basis;  /* through the person's record */
	bool approver;       /* reaches it as an approver (no relationship needed) */
	int64_t limit_pence; /* the approver's weekly limit, 0 when none */
	bool can_read, can_edit, can_agree, can_submit, can_decide, can_comment, can_review;
	const char *why_not_decide; /* for an approver who may not decide: why */
} plan_ctx;

typedef enum { NEED_READ, NEED_EDIT, NEED_AGREE, NEED_SUBMIT, NEED_DECIDE, NEED_COMMENT, NEED_REVIEW } plan_need;

/* Finds the plan in the path ("id"), works out ctx, and when the caller
 * may not do need: audits "plan.denied" and replies 403 (*denied), or
 * SN_ENOTFOUND for no such plan. Call inside the handler's transaction. */
sn_err plan_reach(req *r, reply *out, plan_need need, plan_ctx *ctx, bool *denied);
/* The same for the plan with this uuid. */
sn_err plan_reach_uuid(req *r, reply *out, plan_need need, const char *uuid, plan_ctx *ctx,
		       bool *denied);
/* The abilities of ctx->p for r->user on ctx->basis; total_pence is the
 * plan's lines total (approval limits compare it). */
void plan_abilities(req *r, plan_ctx *ctx, int64_t total_pence);
/* Audits action on the plan's person: the relationship's basis as the
 * reason, or "approval" for an approver. */
sn_err plan_audit(req *r, const plan_ctx *ctx, const char *action);

/* The document of version v (the current one when v is 0). */
sn_err plan_load_doc(req *r, const plan_row *p, int64_t v, plan_doc *d, plan_version *ver);
/* Checks d against the sections in force and stores it as the next
 * version (note: what changed, may be ""); SN_ECONFLICT when the plan has
 * moved on from expected_version. Inside the caller's transaction. */
sn_err plan_store_doc(req *r, const plan_ctx *ctx, int64_t expected_version, const plan_doc *d,
		      const char *note);
/* "self", "named", "worker", "break_glass", "approval". */
const char *plan_basis_key(const plan_ctx *ctx);

/* The plan's view model for the pages and the JSON API (plan_view.c). */
json_t *plan_view(req *r, const plan_ctx *ctx, const plan_sections *secs, const plan_doc *d,
		  const plan_version *ver, int64_t indicative_pence, bool has_indicative);
/* The plan's reviews for its page and JSON (review_http.c): due dates,
 * what is overdue, the reviews held and what brought one forward. */
json_t *plan_reviews_view(req *r, const plan_ctx *ctx, const plan_doc *d);
/* The plan's sign-off steps and comments, oldest first, for its page. */
json_t *plan_events_view(req *r, const plan_row *p);

#endif
