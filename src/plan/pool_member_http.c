/* Pooled budgets, the changes to who pays what: a person from the worker's
 * caseload joins with a share; new shares for everyone (filled in from a
 * proposal: equal, or in proportion to the shares now); a member leaves,
 * with the gap it leaves and the re-split among those who remain, which the
 * worker confirms. Each form carries a one-time form id; every change is
 * audited against each person it touches ("pool.member", "pool.shares",
 * "pool.leave"). Only the person's own worker adds them or records that
 * they left; new shares touch everyone in the pool and are audited on each
 * member whose share changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../once/once.h"
#include "pool_int.h"

#define POOL_REASON_MIN 3

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The input error on field, or "". */
static const char *error_of(const req *r, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (str_eq(json_string_value(json_object_get(e, "field")), field))
			return json_string_value(json_object_get(e, "message"));
	return "";
}

/* Pounds for a form field: "60.00" (what money_parse_pounds reads back). */
static const char *pounds(req *r, int64_t pence)
{
	return money_pence_text(r->a, pence) + strlen("£");
}

static json_t *head(req *r, const pool_ctx *ctx)
{
	return json_pack("{sssssssIsssb}", "id", ctx->p.uuid, "name", ctx->p.name, "weekly_cost",
		money_pence_text(r->a, ctx->p.weekly_cost_pence), "weekly_cost_pence",
		(json_int_t)ctx->p.weekly_cost_pence, "gap_text",
		pool_gap_text(r, ctx->p.weekly_cost_pence, ctx->total_pence, ctx->n_cur), "visible",
		ctx->visible);
}

/* Reaches the pool inside a write transaction (after the form's one-time
 * id when form is true; to_join as pool_reach); *stop when the reply is made (a refusal, a form
 * sent before, or a closed pool). */
static sn_err reach_open(req *r, reply *out, pool_ctx *ctx, bool form, bool to_join, bool *stop)
{
	bool denied = false, done = false;
	*stop = true;
	sn_err rc = store_begin_write(r->db);
	if (!rc && form)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = pool_reach(r, out, ctx, to_join, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (!ctx->open) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This pooled budget is closed, so it cannot be changed.");
	}
	*stop = false;
	return SN_OK;
}

/* ---- a person joins ---- */

static sn_err member_page(req *r, reply *out, int status, const pool_ctx *ctx)
{
	pool_person *people;
	size_t n;
	const char *q = req_get(r, "q"), *chosen = req_form(r, "person");
	sn_err rc = pool_caseload(r->db, r->user->id, ctx->p.id, q, r->a, &people, &n);
	if (rc)
		return rc;
	json_t *opts = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(opts, json_pack("{sssssb}", "value", people[i].uuid, "label",
			arena_printf(r->a, "%s %s", people[i].given_name, people[i].family_name),
			"selected", str_eq(chosen, people[i].uuid)));
	int64_t gap = ctx->p.weekly_cost_pence - ctx->total_pence;
	const char *share = status == 200 ? (gap > 0 ? pounds(r, gap) : "") : req_form(r, "share");
	json_t *v = json_pack("{sososssssssbsbsI}", "pool", head(r, ctx), "people", opts, "q", q,
		"share", share, "form_id", once_form_id(r), "none", n == 0, "full",
		ctx->n_cur >= POOL_MEMBERS_MAX, "n_people", (json_int_t)n);
	return reply_page(out, status, "plan/pool-member", "Add a member to a pooled budget", v);
}

sn_err pool_member_new(req *r, reply *out)
{
	pool_ctx ctx;
	bool stop;
	sn_err rc = reach_open(r, out, &ctx, false, true, &stop);
	if (rc || stop)
		return rc;
	rc = store_commit(r->db);
	return rc ? rc : member_page(r, out, 200, &ctx);
}

/* The person chosen on the form, when they are on the caseload. */
static sn_err chosen_person(req *r, person **p)
{
	const char *uuid = req_form(r, "person");
	*p = NULL;
	if (!*uuid) {
		req_add_error(r, "person", "Choose the person who joins the pool");
		return SN_OK;
	}
	bool seen = false, mine = false;
	sn_err rc = str_is_uuid(uuid) ? people_find(r->db, uuid, r->a, p) : SN_ENOTFOUND;
	if (!rc)
		rc = pool_sees(r, (*p)->id, &seen, &mine);
	if (rc && rc != SN_ENOTFOUND)
		return rc;
	if (!mine) {
		*p = NULL;
		req_add_error(r, "person", "Choose someone on your caseload");
	}
	return SN_OK;
}

sn_err pool_member_add(req *r, reply *out)
{
	pool_ctx ctx;
	bool stop;
	sn_err rc = reach_open(r, out, &ctx, true, true, &stop);
	if (rc || stop)
		return rc;
	person *p = NULL;
	int64_t pence = 0;
	const char *share = req_form(r, "share");
	rc = chosen_person(r, &p);
	if (rc)
		return rc;
	if (!*share)
		req_add_error(r, "share", "Enter their share each week, in pounds");
	else if (money_parse_pounds(share, PLAN_WEEKLY_MAX_PENCE, &pence))
		req_add_error(r, "share", "Enter their share each week in pounds, like 60 or 60.50");
	if (ctx.n_cur >= POOL_MEMBERS_MAX)
		req_add_error(r, "person", arena_printf(r->a, "A pool can have at most %d members", POOL_MEMBERS_MAX));
	int64_t share_id = 0;
	if (!r->errors) {
		rc = pool_add_member(r->db, ctx.p.id, p->id, pence, pool_today(r), &share_id);
		if (rc == SN_ECONFLICT)
			req_add_error(r, "person", arena_printf(r->a, "%s %s is already a member of this pool",
								p->given_name, p->family_name));
		else if (rc)
			return rc;
	}
	if (r->errors) {
		store_rollback(r->db);
		return member_page(r, out, 400, &ctx);
	}
	rc = pool_audit(r, "pool.member", arena_printf(r->a, "person:%s", p->uuid),
			arena_printf(r->a, "pool:%s: joined with a share of %s a week", ctx.p.uuid,
				     money_pence_text(r->a, pence)));
	return once_finish(r, out, rc, arena_printf(r->a, "/pools/%s?done=member", ctx.p.uuid));
}

/* ---- new shares ---- */

/* The shares to fill the form with: typed (after a problem), a proposal
 * (equal or in proportion to the shares now) or the shares now. */
static void proposal(req *r, const pool_ctx *ctx, const char *split, int64_t *out)
{
	int64_t now[POOL_MEMBERS_MAX];
	char err[160];
	for (size_t i = 0; i < ctx->n_cur; i++)
		now[i] = out[i] = ctx->cur[i].weekly_share_pence;
	if (str_eq(split, "equal"))
		pool_split_equal(ctx->p.weekly_cost_pence, ctx->n_cur, out, err, sizeof err);
	else if (str_eq(split, "proportional"))
		pool_split_proportional(ctx->p.weekly_cost_pence, now, ctx->n_cur, out, err, sizeof err);
	(void)r;
}

static sn_err shares_page(req *r, reply *out, int status, const pool_ctx *ctx, const char *conflict)
{
	int64_t fill[POOL_MEMBERS_MAX] = {0};
	const char *split = req_get(r, "split");
	bool typed = status != 200 && !conflict;
	proposal(r, ctx, split, fill);
	json_t *rows = json_array();
	char *ids = arena_strdup(r->a, "");
	int64_t total = 0;
	for (size_t i = 0; i < ctx->n_cur; i++) {
		const pool_member *m = &ctx->cur[i];
		const char *field = arena_printf(r->a, "share-%lld", (long long)m->share_id);
		const char *name = pool_member_name(r, m, ctx->seen[i]);
		total += fill[i];
		json_array_append_new(rows, json_pack("{sssssssssssiss}", "field", field, "name", name,
			"label", ctx->seen[i] ? name : arena_printf(r->a, "Another person (member %zu)", i + 1),
			"now", money_pence_text(r->a, m->weekly_share_pence), "value",
			typed ? req_form(r, field) : pounds(r, fill[i]), "number", (int)(i + 1), "error",
			error_of(r, field)));
		ids = arena_printf(r->a, "%s%s%lld", ids, i ? "," : "", (long long)m->share_id);
	}
	json_t *v = json_pack("{sosossssss}", "pool", head(r, ctx), "rows", rows, "members", ids,
		"form_id", once_form_id(r), "proposal_text",
		str_eq(split, "equal") ? "Filled in with equal shares."
		: str_eq(split, "proportional") ? "Filled in with shares in proportion to the shares now."
						: "Filled in with the shares now.");
	if (!typed)
		json_object_set_new(v, "proposal_gap", json_string(pool_gap_text(r,
			ctx->p.weekly_cost_pence, total, ctx->n_cur)));
	if (conflict)
		json_object_set_new(v, "conflict", json_string(conflict));
	return reply_page(out, status, "plan/pool-shares", "New shares in a pooled budget", v);
}

sn_err pool_shares_page(req *r, reply *out)
{
	pool_ctx ctx;
	bool stop;
	sn_err rc = reach_open(r, out, &ctx, false, false, &stop);
	if (rc || stop)
		return rc;
	rc = store_commit(r->db);
	if (rc)
		return rc;
	if (!ctx.n_cur)
		return reply_error(r, out, 409, "This pool has no members yet, so there are no shares to set.");
	return shares_page(r, out, 200, &ctx, NULL);
}

/* Whether the form's "members" (share ids, comma-separated) are exactly the
 * current members, in their order. */
static bool same_members(req *r, const pool_ctx *ctx)
{
	const char *list = req_form(r, "members");
	for (size_t i = 0; i < ctx->n_cur; i++) {
		char *end;
		long long id = strtoll(list, &end, 10);
		if (end == list || id != ctx->cur[i].share_id || (*end != ',' && *end != 0))
			return false;
		list = *end ? end + 1 : end;
	}
	return *list == 0;
}

/* Audits each member whose share changes from old to new. */
static sn_err audit_shares(req *r, const pool_ctx *ctx, const int64_t *new_pence, size_t skip)
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < ctx->n_cur && !rc; i++)
		if (i != skip && new_pence[i] != ctx->cur[i].weekly_share_pence)
			rc = pool_audit(r, "pool.shares", arena_printf(r->a, "person:%s", ctx->cur[i].person_uuid),
				arena_printf(r->a, "pool:%s: %s to %s a week", ctx->p.uuid,
					     money_pence_text(r->a, ctx->cur[i].weekly_share_pence),
					     money_pence_text(r->a, new_pence[i])));
	return rc;
}

sn_err pool_shares_save(req *r, reply *out)
{
	pool_ctx ctx;
	bool stop;
	sn_err rc = reach_open(r, out, &ctx, true, false, &stop);
	if (rc || stop)
		return rc;
	if (!ctx.n_cur || !same_members(r, &ctx)) {
		rc = store_commit(r->db);
		return rc ? rc : shares_page(r, out, 409, &ctx, "Someone joined or left the pool after you "
			"opened this page. Here are the members now: check the shares and save again.");
	}
	int64_t pence[POOL_MEMBERS_MAX], ids[POOL_MEMBERS_MAX];
	for (size_t i = 0; i < ctx.n_cur; i++) {
		const char *field = arena_printf(r->a, "share-%lld", (long long)ctx.cur[i].share_id);
		const char *v = req_form(r, field);
		ids[i] = ctx.cur[i].share_id;
		if (money_parse_pounds(v, PLAN_WEEKLY_MAX_PENCE, &pence[i]))
			req_add_error(r, field, arena_printf(r->a, "Enter the share of %s in pounds a week, like 60 or 60.50",
				ctx.seen[i] ? pool_member_name(r, &ctx.cur[i], true)
					    : arena_printf(r->a, "member %zu", i + 1)));
	}
	if (r->errors) {
		store_rollback(r->db);
		return shares_page(r, out, 400, &ctx, NULL);
	}
	rc = pool_set_shares(r->db, ctx.p.id, ids, pence, ctx.n_cur, pool_today(r));
	if (!rc)
		rc = audit_shares(r, &ctx, pence, (size_t)-1);
	return once_finish(r, out, rc, arena_printf(r->a, "/pools/%s?done=shares", ctx.p.uuid));
}

/* ---- a member leaves ---- */

typedef struct {
	long idx;                   /* the leaver in ctx.cur */
	pool_leaving equal, proportional;
} leave_plan;

/* The leaver (the "member" field) and the two proposals; *stop with a reply
 * when the member is not in the pool (404) or not on the caller's caseload
 * (403, audited). */
static sn_err leaver(req *r, reply *out, const pool_ctx *ctx, leave_plan *lp, bool *stop)
{
	*stop = true;
	memset(lp, 0, sizeof *lp);
	lp->idx = pool_member_index(ctx, req_get_i64(r, "member", 0));
	if (lp->idx < 0) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "That person is not a member of this pool now.");
	}
	if (!ctx->mine[lp->idx]) {
		sn_err rc = pool_audit(r, "pool.denied", arena_printf(r->a, "pool:%s", ctx->p.uuid),
				       "leave: not the member's worker");
		if (!rc)
			rc = store_commit(r->db);
		if (!rc)
			reply_error(r, out, 403, "Only the person's own worker can record that they left the pool.");
		return rc;
	}
	int64_t now[POOL_MEMBERS_MAX];
	char err[160];
	for (size_t i = 0; i < ctx->n_cur; i++)
		now[i] = ctx->cur[i].weekly_share_pence;
	if (ctx->n_cur > 1) {
		pool_leave(ctx->p.weekly_cost_pence, now, ctx->n_cur, (size_t)lp->idx,
			   POOL_RESPLIT_EQUAL, &lp->equal, err, sizeof err);
		pool_leave(ctx->p.weekly_cost_pence, now, ctx->n_cur, (size_t)lp->idx,
			   POOL_RESPLIT_PROPORTIONAL, &lp->proportional, err, sizeof err);
	}
	*stop = false;
	return SN_OK;
}

static sn_err leave_page(req *r, reply *out, int status, const pool_ctx *ctx, const leave_plan *lp)
{
	const pool_member *m = &ctx->cur[lp->idx];
	json_t *rows = json_array();
	for (size_t i = 0; i < ctx->n_cur; i++)
		if ((long)i != lp->idx)
			json_array_append_new(rows, json_pack("{ssssssss}", "name",
				pool_member_name(r, &ctx->cur[i], ctx->seen[i]), "now",
				money_pence_text(r->a, ctx->cur[i].weekly_share_pence), "equal",
				money_pence_text(r->a, lp->equal.shares[i]), "proportional",
				money_pence_text(r->a, lp->proportional.shares[i])));
	int64_t others = ctx->total_pence - m->weekly_share_pence;
	const char *split = req_form(r, "split");
	json_t *v = json_pack("{sososIsssssssbsssssbsbsbsi}", "pool", head(r, ctx), "rows", rows,
		"member", (json_int_t)m->share_id, "name", pool_member_name(r, m, true), "share",
		money_pence_text(r->a, m->weekly_share_pence), "after_text",
		pool_gap_text(r, ctx->p.weekly_cost_pence, others, ctx->n_cur - 1), "only",
		ctx->n_cur == 1, "reason", req_form(r, "reason"), "form_id", once_form_id(r),
		"split_equal", str_eq(split, "equal"), "split_proportional",
		str_eq(split, "proportional"), "split_keep", str_eq(split, "keep"), "reason_max",
		POOL_REASON_MAX);
	json_object_set_new(v, "cost", json_string(money_pence_text(r->a, ctx->p.weekly_cost_pence)));
	json_object_set_new(v, "gap_pence", json_integer(ctx->p.weekly_cost_pence - others));
	return reply_page(out, status, "plan/pool-leave", "A member leaves a pooled budget", v);
}

sn_err pool_leave_page(req *r, reply *out)
{
	pool_ctx ctx;
	leave_plan lp;
	bool stop;
	sn_err rc = reach_open(r, out, &ctx, false, false, &stop);
	if (!rc && !stop)
		rc = leaver(r, out, &ctx, &lp, &stop);
	if (rc || stop)
		return rc;
	rc = store_commit(r->db);
	return rc ? rc : leave_page(r, out, 200, &ctx, &lp);
}

sn_err pool_leave_save(req *r, reply *out)
{
	pool_ctx ctx;
	leave_plan lp;
	bool stop;
	sn_err rc = reach_open(r, out, &ctx, true, false, &stop);
	if (!rc && !stop)
		rc = leaver(r, out, &ctx, &lp, &stop);
	if (rc || stop)
		return rc;
	const char *reason = req_form(r, "reason"), *split = req_form(r, "split");
	if (ctx.n_cur == 1) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "The last member cannot leave a pool: close the pool instead.");
	}
	if (chars(reason) < POOL_REASON_MIN)
		req_add_error(r, "reason", "Say why they are leaving the pool");
	else if (chars(reason) > POOL_REASON_MAX)
		req_add_error(r, "reason", arena_printf(r->a, "Say why in %d characters or fewer", POOL_REASON_MAX));
	if (!str_eq(split, "equal") && !str_eq(split, "proportional") && !str_eq(split, "keep"))
		req_add_error(r, "split", "Choose the new shares of those who remain");
	if (r->errors) {
		store_rollback(r->db);
		return leave_page(r, out, 400, &ctx, &lp);
	}
	const pool_member *m = &ctx.cur[lp.idx];
	const pool_leaving *pl = str_eq(split, "equal") ? &lp.equal : &lp.proportional;
	const char *day = pool_today(r);
	rc = pool_member_leave(r->db, ctx.p.id, m->share_id, day, reason);
	if (!rc)
		rc = pool_audit(r, "pool.leave", arena_printf(r->a, "person:%s", m->person_uuid),
				arena_printf(r->a, "pool:%s: left (the share was %s a week): %s",
					     ctx.p.uuid, money_pence_text(r->a, m->weekly_share_pence), reason));
	if (!rc && !str_eq(split, "keep")) {
		int64_t ids[POOL_MEMBERS_MAX], pence[POOL_MEMBERS_MAX];
		size_t k = 0;
		for (size_t i = 0; i < ctx.n_cur; i++)
			if ((long)i != lp.idx) {
				ids[k] = ctx.cur[i].share_id;
				pence[k++] = pl->shares[i];
			}
		rc = pool_set_shares(r->db, ctx.p.id, ids, pence, k, day);
		if (!rc)
			rc = audit_shares(r, &ctx, pl->shares, (size_t)lp.idx);
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/pools/%s?done=left", ctx.p.uuid));
}
