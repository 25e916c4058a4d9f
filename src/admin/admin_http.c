/* Handlers for administrators: the list of accounts, the state of the
 * audit chain and its latest entries. */
#include <string.h>

#include "../access/access.h"
#include "admin.h"

sn_err admin_index(req *r, reply *out)
{
	json_t *users = NULL;
	sn_err rc = user_list(r->db, &users);
	if (rc)
		return rc;
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		json_t *roles = json_object_get(u, "roles");
		buf b;
		buf_init(&b, 512);
		size_t k;
		json_t *role;
		json_array_foreach(roles, k, role)
			buf_printf(&b, "%s%s", k ? ", " : "", json_string_value(role));
		json_object_set_new(u, "roles_text", json_string(b.data ? b.data : ""));
		buf_free(&b);
	}
	int64_t n = 0, bad = 0;
	char why[256] = "", head[65];
	sn_err vrc = audit_verify(r->db, &n, &bad, why, sizeof why, head);
	if (vrc && vrc != SN_EINPUT) {
		json_decref(users);
		return vrc;
	}
	/* Account names and emails are personal data: the view is audited. */
	audit_entry e = {r->user->uuid, "admin", "user.list", "",
			 arena_printf(r->a, "administration page: %zu accounts", json_array_size(users))};
	sn_err arc = audit_append(r->db, &e);
	if (arc) {
		json_decref(users);
		return arc;
	}
	json_t *v = json_pack("{s:o, s:I, s:I, s:b, s:s, s:s}", "users", users,
			      "user_count", (json_int_t)json_array_size(users),
			      "audit_entries", (json_int_t)n, "audit_ok", vrc == SN_OK,
			      "audit_problem", why, "audit_head", head);
	return reply_page(out, 200, "admin/index", "Administration", v);
}

sn_err admin_audit(req *r, reply *out)
{
	int64_t page = req_get_i64(r, "page", 1);
	const int64_t per = 50;
	int64_t total = 0;
	json_t *entries = NULL;
	sn_err rc = audit_length(r->db, &total);
	if (rc)
		return rc;
	rc = audit_page(r->db, per, (page - 1) * per, &entries);
	if (rc)
		return rc;
	size_t i;
	json_t *one;
	json_array_foreach(entries, i, one)
		json_object_set_new(one, "when", json_string(time_uk_when(r->a, json_string_value(json_object_get(one, "at")))));
	audit_entry e = {r->user->uuid, "admin", "audit.read", "",
			 arena_printf(r->a, "audit log page %lld", (long long)page)};
	rc = audit_append(r->db, &e);
	if (rc) {
		json_decref(entries);
		return rc;
	}
	int64_t pages = (total + per - 1) / per;
	json_t *v = json_pack("{s:o, s:I, s:I, s:I}", "entries", entries, "page", (json_int_t)page,
			      "pages", (json_int_t)(pages ? pages : 1), "total", (json_int_t)total);
	if (page > 1)
		json_object_set_new(v, "prev", json_string(arena_printf(r->a, "/admin/audit?page=%lld", (long long)page - 1)));
	if (page < pages)
		json_object_set_new(v, "next", json_string(arena_printf(r->a, "/admin/audit?page=%lld", (long long)page + 1)));
	return reply_page(out, 200, "admin/audit", "Audit log", v);
}
