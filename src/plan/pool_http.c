/* Pooled budgets, the pages: a worker's pools, setting one up, the pool
 * with its members and shares (the total against the cost and the gap in
 * words, never hidden; a "split equally" proposal), and closing it.
 * Members joining, leaving and new shares are pool_member_http.c.
 *
 * A worker sees a pool when one of its members, now or before, is on their
 * caseload (or they set it up and no one has joined yet); they see the
 * names of members whose records they may see, and "another person" for
 * the rest, so a pool never shows people across caseloads. Every change is
 * audited ("pool.create", "pool.close" against the pool and each member it
 * ends); a refusal as "pool.denied". */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "pool_int.h"

/* ---- shared by the pool pages ---- */

const char *pool_today(req *r)
{
	char now[21];
	time_iso8601(time_now(), now);
	return arena_strndup(r->a, now, 10);
}

const char *pool_day(req *r, const char *day)
{
	return time_uk_day(r->a, day);
}

sn_err pool_audit(req *r, const char *action, const char *record, const char *reason)
{
	audit_entry e = {r->user->uuid, "worker", action, record, reason};
	return audit_append(r->db, &e);
}

sn_err pool_sees(req *r, int64_t person_id, bool *seen, bool *mine)
{
	access_basis b = ACCESS_NONE;
	sn_err rc = access_person(r->db, r->user, person_id, &b);
	*seen = !rc && b != ACCESS_NONE;
	*mine = !rc && b == ACCESS_WORKER;
	return rc;
}

const char *pool_member_name(req *r, const pool_member *m, bool seen)
{
	return seen ? arena_printf(r->a, "%s %s", m->given_name, m->family_name) : "another person";
}

long pool_member_index(const pool_ctx *ctx, int64_t share_id)
{
	for (size_t i = 0; i < ctx->n_cur; i++)
		if (ctx->cur[i].share_id == share_id)
			return (long)i;
	return -1;
}

const char *pool_gap_text(req *r, int64_t cost_pence, int64_t total_pence, size_t n_members)
{
	const char *cost = money_pence_text(r->a, cost_pence);
	if (n_members == 0)
		return cost_pence ? arena_printf(r->a, "No one has a share yet, so none of the cost "
						 "(%s a week) is covered.", cost)
				  : "No one has a share yet.";
	int64_t gap = cost_pence - total_pence;
	const char *total = money_pence_text(r->a, total_pence);
	if (gap == 0)
		return arena_printf(r->a, "The shares come to %s a week: they add up to the cost.", total);
	if (gap > 0)
		return arena_printf(r->a, "The shares come to %s a week, %s a week less than the cost "
				    "(%s): %s a week is not covered.", total, money_pence_text(r->a, gap),
				    cost, money_pence_text(r->a, gap));
	return arena_printf(r->a, "The shares come to %s a week, %s a week more than the cost (%s).",
			    total, money_pence_text(r->a, -gap), cost);
}

sn_err pool_reach(req *r, reply *out, pool_ctx *ctx, bool to_join, bool *denied)
{
	memset(ctx, 0, sizeof *ctx);
	*denied = false;
	bool visible = false;
	sn_err rc = pool_find(r->db, req_get(r, "id"), r->a, &ctx->p);
	if (!rc)
		rc = pool_visible(r->db, ctx->p.id, r->user->id, &visible);
	if (rc)
		return rc;
	if (!visible && !to_join) {
		*denied = true;
		rc = pool_audit(r, "pool.denied", arena_printf(r->a, "pool:%s", ctx->p.uuid),
				"no member on the caseload");
		if (rc)
			return rc;
		reply_error(r, out, 403, "You can see a pooled budget when someone in it, now or "
			    "before, is on your caseload.");
		json_object_set_new(out->view, "reason", json_string("relationship"));
		return SN_OK;
	}
	ctx->visible = visible;
	ctx->open = !*ctx->p.closed_on;
	rc = pool_current(r->db, ctx->p.id, r->a, &ctx->cur, &ctx->n_cur);
	if (rc)
		return rc;
	ctx->seen = arena_alloc(r->a, (ctx->n_cur + 1) * sizeof *ctx->seen);
	ctx->mine = arena_alloc(r->a, (ctx->n_cur + 1) * sizeof *ctx->mine);
	for (size_t i = 0; i < ctx->n_cur && !rc; i++) {
		rc = pool_sees(r, ctx->cur[i].person_id, &ctx->seen[i], &ctx->mine[i]);
		ctx->total_pence += ctx->cur[i].weekly_share_pence;
	}
	return rc;
}

/* ---- the pool page ---- */

static json_t *pool_head(req *r, const pool_ctx *ctx)
{
	const pool_row *p = &ctx->p;
	json_t *v = json_pack("{sssssssssssIsbss}", "id", p->uuid, "name", p->name, "what", p->what,
		"provider", p->provider, "weekly_cost", money_pence_text(r->a, p->weekly_cost_pence),
		"weekly_cost_pence", (json_int_t)p->weekly_cost_pence, "open", ctx->open,
		"created", time_uk_day(r->a, p->created_at));
	if (!ctx->open)
		json_object_set_new(v, "closed_on", json_string(pool_day(r, p->closed_on)));
	return v;
}

static json_t *members_view(req *r, const pool_ctx *ctx)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ctx->n_cur; i++) {
		const pool_member *m = &ctx->cur[i];
		json_t *x = json_pack("{sIsssbsbsssIss}", "share_id", (json_int_t)m->share_id, "name",
			pool_member_name(r, m, ctx->seen[i]), "seen", ctx->seen[i], "mine",
			ctx->mine[i], "share", money_pence_text(r->a, m->weekly_share_pence), "share_pence",
			(json_int_t)m->weekly_share_pence, "since", pool_day(r, m->joined_on));
		if (ctx->seen[i])
			json_object_set_new(x, "person_id", json_string(m->person_uuid));
		json_array_append_new(a, x);
	}
	return a;
}

/* Past members and earlier shares: names (and why someone left) only for
 * people the caller may see. */
static sn_err past_view(req *r, const pool_ctx *ctx, json_t *v)
{
	pool_member *past, *hist;
	size_t n_past, n_hist;
	sn_err rc = pool_past(r->db, ctx->p.id, r->a, &past, &n_past);
	if (!rc)
		rc = pool_history(r->db, ctx->p.id, r->a, &hist, &n_hist);
	json_t *pa = json_array(), *ha = json_array();
	for (size_t i = 0; !rc && i < n_past; i++) {
		bool seen, mine;
		rc = pool_sees(r, past[i].person_id, &seen, &mine);
		json_array_append_new(pa, json_pack("{sssssssssb}", "name",
			pool_member_name(r, &past[i], seen), "share",
			money_pence_text(r->a, past[i].weekly_share_pence), "left", pool_day(r, past[i].left_on),
			"reason", seen ? past[i].left_reason : "", "seen", seen));
	}
	for (size_t i = 0; !rc && i < n_hist; i++) {
		bool seen, mine;
		rc = pool_sees(r, hist[i].person_id, &seen, &mine);
		json_array_append_new(ha, json_pack("{ssssssss}", "name",
			pool_member_name(r, &hist[i], seen), "share",
			money_pence_text(r->a, hist[i].weekly_share_pence), "from", pool_day(r, hist[i].joined_on),
			"to", pool_day(r, hist[i].left_on)));
	}
	json_object_set_new(v, "has_past", json_boolean(json_array_size(pa) > 0));
	json_object_set_new(v, "has_history", json_boolean(json_array_size(ha) > 0));
	json_object_set_new(v, "past", pa);
	json_object_set_new(v, "history", ha);
	return rc;
}

/* The pool's view model: the page and its JSON (Accept: application/json). */
static sn_err pool_view(req *r, const pool_ctx *ctx, json_t **out)
{
	int64_t cost = ctx->p.weekly_cost_pence, gap = cost - ctx->total_pence;
	json_t *v = json_object();
	json_object_set_new(v, "pool", pool_head(r, ctx));
	json_object_set_new(v, "members", members_view(r, ctx));
	json_object_set_new(v, "n_members", json_integer((json_int_t)ctx->n_cur));
	json_object_set_new(v, "has_members", json_boolean(ctx->n_cur > 0));
	json_object_set_new(v, "total", json_string(money_pence_text(r->a, ctx->total_pence)));
	json_object_set_new(v, "total_pence", json_integer(ctx->total_pence));
	json_object_set_new(v, "gap_pence", json_integer(gap));
	json_object_set_new(v, "gap", json_string(money_pence_text(r->a, gap < 0 ? -gap : gap)));
	json_object_set_new(v, "balance", json_string(deploy_balance_key(-gap)));
	json_object_set_new(v, "adds_up", json_boolean(ctx->n_cur > 0 && gap == 0));
	json_object_set_new(v, "gap_text", json_string(pool_gap_text(r, cost, ctx->total_pence,
								     ctx->n_cur)));
	int64_t equal[POOL_MEMBERS_MAX];
	char err[160];
	if (ctx->n_cur && !pool_split_equal(cost, ctx->n_cur, equal, err, sizeof err)) {
		json_t *eq = json_array();
		bool same = true;
		for (size_t i = 0; i < ctx->n_cur; i++) {
			same = same && equal[i] == ctx->cur[i].weekly_share_pence;
			json_array_append_new(eq, json_pack("{sssssI}", "name",
				pool_member_name(r, &ctx->cur[i], ctx->seen[i]), "share",
				money_pence_text(r->a, equal[i]), "share_pence", (json_int_t)equal[i]));
		}
		json_object_set_new(v, "equal", json_pack("{sosbsbss}", "shares", eq, "same", same,
			"several", ctx->n_cur > 1,
			"text", equal[0] == equal[ctx->n_cur - 1]
				? arena_printf(r->a, "Split equally, each would pay %s a week.",
					       money_pence_text(r->a, equal[0]))
				: arena_printf(r->a, "Split equally, each would pay %s or %s a week "
					       "(the odd pennies go to those who joined first).",
					       money_pence_text(r->a, equal[0]),
					       money_pence_text(r->a, equal[ctx->n_cur - 1]))));
	}
	json_object_set_new(v, "can", json_pack("{sbsbsb}", "add",
		ctx->open && ctx->n_cur < POOL_MEMBERS_MAX, "change", ctx->open && ctx->n_cur > 0,
		"close", ctx->open));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	*out = v;
	return past_view(r, ctx, v);
}

sn_err pool_page(req *r, reply *out)
{
	pool_ctx ctx;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = pool_reach(r, out, &ctx, false, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	json_t *v = NULL;
	rc = pool_audit(r, "pool.read", arena_printf(r->a, "pool:%s", ctx.p.uuid), "");
	if (!rc)
		rc = pool_view(r, &ctx, &v);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		json_decref(v);
		return rc;
	}
	const char *done = req_get(r, "done");
	if (*done)
		json_object_set_new(v, "done", json_string(
			str_eq(done, "created") ? "The pooled budget has been set up. Add its members next."
			: str_eq(done, "member") ? "The member has been added with their share."
			: str_eq(done, "shares") ? "The new shares have been saved."
			: str_eq(done, "left") ? "Their leaving has been recorded, with the shares of those who remain."
						: "The pool has been closed. Everyone's share has ended."));
	return reply_page(out, 200, "plan/pool", ctx.p.name, v);
}

/* ---- a worker's pools ---- */

static sn_err index_page(req *r, reply *out, int status)
{
	pool_row *rows;
	size_t n;
	sn_err rc = pool_list_for_worker(r->db, r->user->id, r->a, &rows, &n);
	if (rc)
		return rc;
	json_t *open = json_array(), *closed = json_array();
	for (size_t i = 0; i < n; i++) {
		pool_row *p = &rows[i];
		int64_t gap = p->weekly_cost_pence - p->shares_total_pence;
		json_t *x = json_pack("{sssssssIsIsssssbss}", "id", p->uuid, "name", p->name,
			"weekly_cost", money_pence_text(r->a, p->weekly_cost_pence), "n_members",
			(json_int_t)p->n_current, "n_mine", (json_int_t)p->n_mine, "members",
			text_count(r->a, p->n_current, "member", "members"), "shares",
			money_pence_text(r->a, p->shares_total_pence), "adds_up", gap == 0 && p->n_current,
			"gap_text", gap == 0 ? (p->n_current ? "Adds up" : "No members")
			: gap > 0 ? arena_printf(r->a, "%s a week not covered", money_pence_text(r->a, gap))
				  : arena_printf(r->a, "%s a week over", money_pence_text(r->a, -gap)));
		if (*p->closed_on)
			json_object_set_new(x, "closed_on", json_string(pool_day(r, p->closed_on)));
		json_array_append_new(*p->closed_on ? closed : open, x);
	}
	json_t *v = json_pack("{sosososbss}", "open", open, "closed", closed, "has_open",
		json_boolean(json_array_size(open) > 0), "has_closed",
		json_array_size(closed) > 0, "ref", req_get(r, "ref"));
	return reply_page(out, status, "plan/pools", "Pooled budgets", v);
}

sn_err pool_index(req *r, reply *out)
{
	return index_page(r, out, 200);
}

/* GET /pools/join?ref=UUID: to add someone from the caller's caseload to a
 * pool another worker set up, whose reference they were given. */
sn_err pool_join(req *r, reply *out)
{
	const char *ref = req_get(r, "ref");
	pool_row p;
	sn_err rc = str_is_uuid(ref) ? pool_find(r->db, ref, r->a, &p) : SN_ENOTFOUND;
	if (rc == SN_ENOTFOUND) {
		req_add_error(r, "ref", *ref ? "There is no pooled budget with that reference: check it with the worker who gave it to you"
					     : "Enter the pool's reference, as the worker who set it up gave it to you");
		return index_page(r, out, 400);
	}
	return rc ? rc : reply_redirect(out, arena_printf(r->a, "/pools/%s/members/new", p.uuid));
}

/* ---- setting one up ---- */

static sn_err new_page(req *r, reply *out, int status)
{
	json_t *v = json_pack("{sssssssssssisisi}", "name", req_form(r, "name"), "what",
		req_form(r, "what"), "provider", req_form(r, "provider"), "cost",
		req_form(r, "cost"), "form_id", once_form_id(r), "name_max", POOL_NAME_MAX,
		"what_max", POOL_WHAT_MAX, "provider_max", POOL_PROVIDER_MAX);
	return reply_page(out, status, "plan/pool-new", "Set up a pooled budget", v);
}

sn_err pool_new(req *r, reply *out)
{
	return new_page(r, out, 200);
}

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Adds an error for field unless the input rules already gave one. */
static void field_error(req *r, const char *field, const char *message)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (str_eq(json_string_value(json_object_get(e, "field")), field))
			return;
	req_add_error(r, field, message);
}

sn_err pool_create(req *r, reply *out)
{
	const char *name = req_form(r, "name"), *what = req_form(r, "what");
	const char *provider = req_form(r, "provider"), *cost = req_form(r, "cost");
	int64_t pence = 0;
	if (!*name)
		field_error(r, "name", "Enter a name for the pooled budget");
	else if (chars(name) > POOL_NAME_MAX)
		field_error(r, "name", arena_printf(r->a, "The name must be %d characters or fewer", POOL_NAME_MAX));
	if (chars(what) > POOL_WHAT_MAX)
		field_error(r, "what", arena_printf(r->a, "What it buys must be %d characters or fewer", POOL_WHAT_MAX));
	if (chars(provider) > POOL_PROVIDER_MAX)
		field_error(r, "provider", arena_printf(r->a, "The provider must be %d characters or fewer", POOL_PROVIDER_MAX));
	if (!*cost)
		field_error(r, "cost", "Enter the weekly cost in pounds");
	else if (money_parse_pounds(cost, PLAN_WEEKLY_MAX_PENCE, &pence))
		field_error(r, "cost", "Enter the weekly cost in pounds, like 180 or 180.50, up to £1,000,000");
	if (r->errors)
		return new_page(r, out, 400);
	bool done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37], now[21];
	int64_t id;
	time_iso8601(time_now(), now);
	rc = pool_insert(r->db, name, what, provider, pence, r->user->id, now, uuid, &id);
	if (!rc)
		rc = pool_audit(r, "pool.create", arena_printf(r->a, "pool:%s", uuid),
				arena_printf(r->a, "%s a week", money_pence_text(r->a, pence)));
	return once_finish(r, out, rc, arena_printf(r->a, "/pools/%s?done=created", uuid));
}

/* ---- closing it ---- */

sn_err pool_close_save(req *r, reply *out)
{
	pool_ctx ctx;
	bool denied, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = pool_reach(r, out, &ctx, false, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (!ctx.open) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This pooled budget is already closed.");
	}
	const char *pool_rec = arena_printf(r->a, "pool:%s", ctx.p.uuid);
	rc = pool_close(r->db, ctx.p.id, pool_today(r));
	if (!rc)
		rc = pool_audit(r, "pool.close", pool_rec, "");
	for (size_t i = 0; i < ctx.n_cur && !rc; i++)
		rc = pool_audit(r, "pool.close", arena_printf(r->a, "person:%s", ctx.cur[i].person_uuid),
				arena_printf(r->a, "%s: the share of %s a week ended", pool_rec,
					     money_pence_text(r->a, ctx.cur[i].weekly_share_pence)));
	return once_finish(r, out, rc, arena_printf(r->a, "/pools/%s?done=closed", ctx.p.uuid));
}
