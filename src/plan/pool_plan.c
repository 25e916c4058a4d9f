/* A support plan's budget lines and the pooled budgets they pay into: what
 * the line form offers (the open pools the person is a current member of,
 * with their share), what it accepts, and what the plan says beside a line
 * that names a pool ("Shared with 2 others in ...") with a warning when the
 * plan's lines for that pool differ from the person's share in it. The
 * people the pool is shared with are counted, never named. */
#include <stdio.h>
#include <string.h>

#include "pool_int.h"

/* The person's current membership of pool uuid, or NULL. */
static const pool_membership *member_of(const pool_membership *rows, size_t n, const char *uuid)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].uuid, uuid))
			return &rows[i];
	return NULL;
}

json_t *pool_plan_options(req *r, int64_t person_id, const char *value)
{
	pool_membership *rows;
	size_t n;
	if (pool_memberships(r->db, person_id, r->a, &rows, &n))
		n = 0;
	if (!n && !*value)
		return NULL;
	json_t *a = json_array();
	json_array_append_new(a, json_pack("{sssssb}", "value", "", "label",
					   "Not a pooled budget", "checked", !*value));
	for (size_t i = 0; i < n; i++) {
		int64_t others = rows[i].n_current - 1;
		json_array_append_new(a, json_pack("{sssssb}", "value", rows[i].uuid, "label",
			arena_printf(r->a, "%s (share %s a week, shared with %s)", rows[i].name,
				     money_pence_text(r->a, rows[i].weekly_share_pence),
				     text_count(r->a, others, "other", "others")),
			"checked", str_eq(value, rows[i].uuid)));
	}
	if (str_is_uuid(value) && !member_of(rows, n, value)) {
		pool_row p;
		const char *name = pool_find(r->db, value, r->a, &p) ? "A pooled budget" : p.name;
		json_array_append_new(a, json_pack("{sssssb}", "value", value, "label",
			arena_printf(r->a, "%s (no longer a member)", name), "checked", 1));
	}
	return a;
}

void pool_plan_line_read(req *r, int64_t person_id, plan_line *l)
{
	const char *v = req_form(r, "pool");
	if (!*v || str_eq(v, l->pool)) {
		snprintf(l->pool, sizeof l->pool, "%s", v);
		return;
	}
	pool_membership *rows;
	size_t n;
	if (!str_is_uuid(v) || pool_memberships(r->db, person_id, r->a, &rows, &n) ||
	    !member_of(rows, n, v)) {
		req_add_error(r, "pool", "Choose one of the pooled budgets the person is a member of, or none");
		return;
	}
	snprintf(l->pool, sizeof l->pool, "%s", v);
}

/* The sum of the lines (in the view's "lines") that name pool uuid. */
static int64_t lines_for(json_t *lines, const char *uuid)
{
	int64_t sum = 0;
	size_t i;
	json_t *l;
	json_array_foreach(lines, i, l)
		if (str_eq(json_string_value(json_object_get(l, "pool")), uuid))
			sum += json_integer_value(json_object_get(l, "weekly_pence"));
	return sum;
}

/* What the plan says beside a line naming a pool. */
static void line_note(req *r, const pool_membership *rows, size_t n, json_t *lines, json_t *l)
{
	const char *uuid = json_string_value(json_object_get(l, "pool"));
	const pool_membership *m = member_of(rows, n, uuid);
	pool_row p;
	if (!m) {
		bool found = !pool_find(r->db, uuid, r->a, &p);
		json_object_set_new(l, "pool_name", json_string(found ? p.name : ""));
		json_object_set_new(l, "pool_text", json_string(found
			? arena_printf(r->a, "Pays into %s", p.name) : "Pays into a pooled budget"));
		json_object_set_new(l, "pool_warning", json_string(found
			? arena_printf(r->a, "This is not a share any more: %s", *p.closed_on
				       ? "the pool has closed." : "the person has left the pool.")
			: "The pooled budget this line names cannot be found."));
		return;
	}
	int64_t sum = lines_for(lines, uuid);
	json_object_set_new(l, "pool_name", json_string(m->name));
	json_object_set_new(l, "pool_share_pence", json_integer(m->weekly_share_pence));
	json_object_set_new(l, "pool_text", json_string(arena_printf(r->a, "Shared with %s in %s",
		text_count(r->a, m->n_current - 1, "other", "others"), m->name)));
	if (sum != m->weekly_share_pence)
		json_object_set_new(l, "pool_warning", json_string(arena_printf(r->a,
			"The plan gives %s a week to %s, but the share in it is %s a week.",
			money_pence_text(r->a, sum), m->name, money_pence_text(r->a, m->weekly_share_pence))));
}

void pool_plan_lines(req *r, int64_t person_id, json_t *sections)
{
	pool_membership *rows = NULL;
	size_t n = 0, i, k;
	bool loaded = false;
	json_t *sec, *l;
	json_array_foreach(sections, i, sec) {
		json_t *lines = json_object_get(sec, "lines");
		json_array_foreach(lines, k, l) {
			const char *uuid = json_string_value(json_object_get(l, "pool"));
			if (!uuid || !*uuid)
				continue;
			if (!loaded && pool_memberships(r->db, person_id, r->a, &rows, &n))
				n = 0;
			loaded = true;
			line_note(r, rows, n, lines, l);
		}
	}
}
