/* What the assessment folder's page files share (not part of its interface). */
#ifndef SN_ASSESSMENT_INT_H
#define SN_ASSESSMENT_INT_H

#include "../access/access.h"
#include "assessment.h"

typedef enum { GATE_READ, GATE_WRITE, GATE_COMMENT } gate_kind;

/* Loads the assessment in the path and checks the caller may do k: on a
 * refusal, replies 403 (audited) and sets *denied. */
sn_err asmt_reach(req *r, reply *out, gate_kind k, asmt_row *x, access_basis *basis, bool *denied);
/* The current version's record; the caller owns *rec. */
sn_err asmt_current_record(req *r, const asmt_row *x, json_t **rec);
/* The budget in force on assessment aid for the assessment page (amount,
 * workings, and each answer with where it came from and any change with
 * its reason), or null. The caller owns the reference (budget_http.c). */
json_t *asmt_budget_view(req *r, int64_t aid);

#endif
