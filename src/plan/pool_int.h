/* Inside the pooled-budget pages (pool_http.c, pool_member_http.c): the
 * pool a request is about, who the caller may name in it, and the audit. */
#ifndef SN_POOL_INT_H
#define SN_POOL_INT_H

#include "plan_int.h"
#include "pool_store.h"

/* The pool in the path and its current members, as the caller sees them. */
typedef struct {
	pool_row p;
	bool visible;      /* the caller may see the pool (else they come to join) */
	bool open;
	pool_member *cur;  /* current members, in the order they joined */
	size_t n_cur;
	bool *seen;        /* seen[i]: the caller may see cur[i]'s record (names them) */
	bool *mine;        /* mine[i]: cur[i] is on the caller's caseload (may change them) */
	int64_t total_pence; /* Σ current shares */
} pool_ctx;

/* Finds the pool in the path ("id") and its current members. When the
 * caller may not see it (pool_visible) and does not come to add someone
 * from their caseload (to_join: knowing the pool's reference is the
 * invitation, and adding shows no one): audits "pool.denied" against the
 * pool, replies 403 and sets *denied. SN_ENOTFOUND for no such pool. Call
 * inside the handler's write transaction. */
sn_err pool_reach(req *r, reply *out, pool_ctx *ctx, bool to_join, bool *denied);
/* How the caller may name a member: their name, or "another person". */
const char *pool_member_name(req *r, const pool_member *m, bool seen);
/* Whether the caller may see person_id's record, and whether they are
 * that person's worker. */
sn_err pool_sees(req *r, int64_t person_id, bool *seen, bool *mine);
/* Appends an audit entry by the caller (as a worker): record is
 * "pool:<uuid>" or "person:<uuid>". */
sn_err pool_audit(req *r, const char *action, const char *record, const char *reason);
/* "The shares come to £135.00 a week, £45.00 a week less than the cost
 * (£180.00)." and the like: the gap in words, never hidden. */
const char *pool_gap_text(req *r, int64_t cost_pence, int64_t total_pence, size_t n_members);
/* "12 May 2026" for "2026-05-12". */
const char *pool_day(req *r, const char *day);
/* Today as "YYYY-MM-DD" (UTC), into the arena. */
const char *pool_today(req *r);
/* The index in ctx->cur of the current share share_id, or -1. */
long pool_member_index(const pool_ctx *ctx, int64_t share_id);

#endif
