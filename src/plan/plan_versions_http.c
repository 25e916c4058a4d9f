/* A plan's versions: who saved each and when, and any two side by side
 * with what changed marked (plan_diff.c). Reading them is a read of the
 * plan, audited as such. */
#include <stdio.h>
#include <string.h>

#include "plan_int.h"
#include "plan_show.h"

static const char *saved_as_text(const char *as)
{
	return str_eq(as, "self") ? "the person"
	       : str_eq(as, "named") ? "someone the person named"
	       : str_eq(as, "worker") ? "their worker" : as;
}

/* The plan in the path for reading, audited; *stop when a reply is made. */
static sn_err open_plan(req *r, reply *out, plan_ctx *ctx, bool *stop)
{
	bool denied = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = plan_reach(r, out, NEED_READ, ctx, &denied);
	*stop = denied;
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	rc = plan_audit(r, ctx, "plan.read");
	return rc ? rc : store_commit(r->db);
}

sn_err plan_versions_page(req *r, reply *out)
{
	plan_ctx ctx;
	bool stop;
	sn_err rc = open_plan(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	plan_version *rows;
	size_t n;
	rc = plan_versions(r->db, ctx.p.id, r->a, &rows, &n);
	if (rc)
		return rc;
	json_t *list = json_array(), *from = json_array(), *to = json_array();
	for (size_t i = 0; i < n; i++) {
		json_int_t v = (json_int_t)rows[i].version;
		json_array_append_new(list, json_pack("{sIssssssss}", "version", v, "by", rows[i].saved_by,
			"as", saved_as_text(rows[i].saved_as), "at", time_uk_when(r->a, rows[i].saved_at),
			"note", rows[i].note));
		json_array_append_new(from, json_pack("{sIsb}", "version", v, "selected",
						      v == (json_int_t)(ctx.p.version > 1 ? ctx.p.version - 1 : 1)));
		json_array_append_new(to, json_pack("{sIsb}", "version", v, "selected",
						    v == (json_int_t)ctx.p.version));
	}
	json_t *v = json_pack("{sssssosososb}", "plan_id", ctx.p.uuid, "person_name",
		ctx.p.person_name, "versions", list, "from", from, "to", to, "several", n > 1);
	return reply_page(out, 200, "plan/versions",
			  arena_printf(r->a, "Versions of %s's support plan", ctx.p.person_name), v);
}

static json_t *column_view(const plan_diff_column *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(a, json_pack("{sssbsbsb}", "text", c->chunk[i].text, "same",
			c->chunk[i].op == PLAN_DIFF_SAME, "removed", c->chunk[i].op == PLAN_DIFF_REMOVED,
			"added", c->chunk[i].op == PLAN_DIFF_ADDED));
	return a;
}

sn_err plan_compare(req *r, reply *out)
{
	plan_ctx ctx;
	bool stop;
	sn_err rc = open_plan(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	int64_t a = req_get_i64(r, "from", 0), b = req_get_i64(r, "to", 0);
	if (a < 1 || b < 1 || a > ctx.p.version || b > ctx.p.version)
		return reply_error(r, out, 404, "There is no such version of this plan. Choose two from the list of versions.");
	const plan_sections *secs;
	plan_doc *older = arena_alloc(r->a, sizeof *older), *newer = arena_alloc(r->a, sizeof *newer);
	plan_version va, vb;
	plan_diff diff;
	rc = plan_sections_in_force(r->db, r->a, &secs);
	if (!rc)
		rc = plan_load_doc(r, &ctx.p, a, older, &va);
	if (!rc)
		rc = plan_load_doc(r, &ctx.p, b, newer, &vb);
	if (!rc)
		rc = plan_diff_make(secs, older, newer, r->a, &diff);
	if (rc)
		return rc;
	json_t *rows = json_array();
	for (size_t i = 0; i < diff.n_rows; i++) {
		const plan_diff_row *row = &diff.rows[i];
		json_t *changes = json_array();
		for (size_t k = 0; k < row->n_changes; k++)
			json_array_append_new(changes, json_string(row->changes[k]));
		json_array_append_new(rows, json_pack("{sssssbsbsbsososo}", "key", row->key, "heading",
			row->heading, "changed", row->changed, "whole", row->whole, "has_changes",
			row->n_changes > 0, "changes", changes, "old", column_view(&row->older), "new",
			column_view(&row->newer)));
	}
	json_t *v = json_pack("{sssssIsIsssssssssbso}", "plan_id", ctx.p.uuid, "person_name",
		ctx.p.person_name, "from", (json_int_t)a, "to", (json_int_t)b, "from_by", va.saved_by,
		"from_at", time_uk_when(r->a, va.saved_at), "to_by", vb.saved_by, "to_at",
		time_uk_when(r->a, vb.saved_at), "changed", diff.changed, "rows", rows);
	json_object_set_new(v, "diff", plan_diff_to_json(&diff));
	return reply_page(out, 200, "plan/compare",
			  arena_printf(r->a, "Versions %lld and %lld of %s's support plan", (long long)a,
				       (long long)b, ctx.p.person_name), v);
}
