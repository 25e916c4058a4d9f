/* Administrators' pages for accounts: add one (the person gets an email
 * link to choose their password), change its roles, disable or enable it,
 * and send a link to reset its password. An administrator cannot disable
 * their own account or take away their own administrator role, so an area
 * always keeps one. Every change is audited by the store functions. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../access/access_http.h"
#include "admin.h"

static const char *const role_labels[8] = {
	"Resident: their own record", "Carer: the records of people who named them",
	"Worker: people, assessments and requests", "Partner: their organisations' directory entries",
	"Coordinator: neighbourhood schemes", "Moderator: the directory's changes and reports",
	"Commissioner: figures for localities", "Administrator: accounts, rules and the audit log"};

/* The role checkboxes, ticked for roles. */
static json_t *roles_view(uint32_t roles)
{
	json_t *list = json_array();
	for (int i = 0; i < 8; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", role_names[i], "label", role_labels[i],
						      "checked", (roles & (1u << i)) != 0));
	return list;
}

/* The roles ticked in the form (each "role" field). */
static uint32_t roles_of_form(const req *r)
{
	uint32_t roles = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		uint32_t one = 0;
		if (str_eq(r->form.items[i].name, "role") && !role_parse(r->form.items[i].value, &one))
			roles |= one;
	}
	return roles;
}

sn_err admin_accounts(req *r, reply *out)
{
	json_t *users = NULL;
	sn_err rc = user_list(r->db, &users);
	if (rc)
		return rc;
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		uint32_t roles = 0, one = 0;
		size_t k;
		json_t *role;
		json_array_foreach(json_object_get(u, "roles"), k, role)
			if (!role_parse(json_string_value(role), &one))
				roles |= one;
		json_object_set_new(u, "roles_text", json_string(role_describe(r->a, roles)));
	}
	audit_entry e = {r->user->uuid, "admin", "user.list", "",
			 arena_printf(r->a, "accounts page: %zu accounts", json_array_size(users))};
	rc = audit_append(r->db, &e);
	if (rc) {
		json_decref(users);
		return rc;
	}
	json_t *v = json_pack("{s:o, s:I, s:s}", "users", users, "user_count", (json_int_t)json_array_size(users),
			      "done", str_eq(req_get(r, "done"), "added") ? "The account has been added and its owner "
									     "sent a link to choose a password."
									   : "");
	return reply_page(out, 200, "admin/accounts", "Accounts", v);
}

static sn_err new_page(req *r, reply *out, int status, uint32_t roles)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:s, s:s, s:o}", "email", req_form(r, "email"), "name", req_form(r, "name"), "roles",
			      roles_view(roles));
	return reply_page(out, status, "admin/account-new", "Add an account", v);
}

sn_err admin_account_new(req *r, reply *out)
{
	return new_page(r, out, 200, 0);
}

sn_err admin_account_add(req *r, reply *out)
{
	uint32_t roles = roles_of_form(r);
	if (!roles)
		req_add_error(r, "role", "Choose at least one thing the person can do");
	if (r->errors)
		return new_page(r, out, 400, roles);
	char uuid[37];
	sn_err rc = account_add(r->db, req_get(r, "email"), req_get(r, "name"), roles, r->user->uuid, uuid);
	if (rc == SN_ECONFLICT) {
		req_add_error(r, "email", "There is already an account with this email address");
		return new_page(r, out, 409, roles);
	}
	if (rc == SN_EINPUT) {
		req_add_error(r, "email", "Enter an email address like name@example.org");
		return new_page(r, out, 400, roles);
	}
	if (!rc)
		rc = account_send_link(r->db, uuid, "welcome", web_base_url(), r->user->uuid);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/admin/accounts/%s?done=added", uuid));
}

static const char *done_text(const char *done)
{
	return str_eq(done, "added")     ? "The account has been added and its owner sent a link to choose a password."
	       : str_eq(done, "roles")   ? "The roles have been changed."
	       : str_eq(done, "disable") ? "The account has been disabled and its sessions ended."
	       : str_eq(done, "enable")  ? "The account has been enabled."
	       : str_eq(done, "link")    ? "A link to choose a new password has been sent to the account's email."
					 : NULL;
}

static sn_err account_page(req *r, reply *out, int status, const char *done)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	account *acc = NULL;
	rc = account_get(r->db, req_get(r, "id"), r->a, &acc);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such account.");
	if (rc)
		return rc;
	bool self = str_eq(acc->uuid, r->user->uuid);
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:b, s:I, s:o, s:b, s:s}", "uuid", acc->uuid, "email", acc->email,
			      "name", acc->name, "created", time_uk_when(r->a, acc->created_at), "disabled",
			      acc->disabled, "sessions", (json_int_t)acc->sessions, "roles", roles_view(acc->roles),
			      "self", self, "roles_text", role_describe(r->a, acc->roles));
	const char *text = done_text(done);
	if (text)
		json_object_set_new(v, "done", json_string(text));
	audit_entry e = {r->user->uuid, "admin", "user.read", arena_printf(r->a, "user:%s", acc->uuid), ""};
	rc = audit_append(r->db, &e);
	if (rc) {
		json_decref(v);
		return rc;
	}
	return reply_page(out, status, "admin/account", acc->name, v);
}

sn_err admin_account(req *r, reply *out)
{
	return account_page(r, out, 200, req_get(r, "done"));
}

sn_err admin_account_roles(req *r, reply *out)
{
	uint32_t roles = roles_of_form(r);
	const char *id = req_get(r, "id");
	if (!roles)
		req_add_error(r, "role", "Choose at least one thing the person can do");
	else if (str_eq(id, r->user->uuid) && !(roles & R_ADMIN))
		req_add_error(r, "role", "You cannot take away your own administrator role: ask another administrator");
	if (r->errors)
		return account_page(r, out, 400, NULL);
	sn_err rc = account_set_roles(r->db, id, roles, r->user->uuid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such account.");
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/admin/accounts/%s?done=roles", id));
}

sn_err admin_account_status(req *r, reply *out)
{
	const char *id = req_get(r, "id");
	bool disable = str_eq(req_get(r, "status"), "disabled");
	if (disable && str_eq(id, r->user->uuid)) {
		req_add_error(r, "status", "You cannot disable your own account");
		return account_page(r, out, 400, NULL);
	}
	sn_err rc = account_set_disabled(r->db, id, disable, r->user->uuid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such account.");
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/admin/accounts/%s?done=%s", id, disable ? "disable" : "enable"));
}

sn_err admin_account_link(req *r, reply *out)
{
	const char *id = req_get(r, "id");
	sn_err rc = account_send_link(r->db, id, "reset", web_base_url(), r->user->uuid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such account.");
	if (rc == SN_ECONFLICT) {
		req_add_error(r, "status", "The account is disabled: enable it first");
		return account_page(r, out, 409, NULL);
	}
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/admin/accounts/%s?done=link", id));
}
