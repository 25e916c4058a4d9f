/* Administrators' pages for API tokens (docs/api.md): the list (never a
 * token: only its hash is kept), a new one for an account (shown once, on
 * the page that answers the form, which is not cached and has no address
 * of its own to come back to), and revoking one. The store functions audit
 * each change; the list is audited as a read of who has tokens. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../access/access_http.h"
#include "admin.h"

/* "7 December 2026 at 10:25am" for a time that is set, else dflt. */
static const char *when_or(req *r, json_t *t, const char *key, const char *dflt)
{
	const char *v = json_string_value(json_object_get(t, key));
	return v && *v ? time_uk_when(r->a, v) : dflt;
}

/* The list and the form to make one, with status (400 with the form's
 * errors). */
static sn_err tokens_page(req *r, reply *out, int status)
{
	sn_err rc = access_ensure_csrf(r);
	json_t *list = NULL;
	if (!rc)
		rc = token_list(r->db, &list);
	if (rc) {
		json_decref(list);
		return rc;
	}
	int64_t now = time_now();
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) {
		const char *exp = json_string_value(json_object_get(t, "expires_at"));
		const char *rev = json_string_value(json_object_get(t, "revoked_at"));
		bool usable = token_usable(exp, rev, now);
		json_object_set_new(t, "created", json_string(when_or(r, t, "created_at", "")));
		json_object_set_new(t, "expires", json_string(when_or(r, t, "expires_at", "Never")));
		json_object_set_new(t, "last_used", json_string(when_or(r, t, "last_used_at", "Never")));
		json_object_set_new(t, "status", json_string(*rev ? "Revoked" : usable ? "Active" : "Expired"));
		json_object_set_new(t, "usable", json_boolean(usable));
		json_object_set_new(t, "revoked", json_boolean(*rev != 0));
	}
	audit_entry e = {r->user->uuid, "admin", "token.list", "",
			 arena_printf(r->a, "API tokens page: %zu tokens", json_array_size(list))};
	rc = audit_append(r->db, &e);
	if (rc) {
		json_decref(list);
		return rc;
	}
	const char *days = req_form(r, "days");
	json_t *v = json_pack("{s:o, s:b, s:s, s:s, s:s, s:s}", "tokens", list, "has_tokens", json_array_size(list) > 0,
			      "caption", text_count(r->a, (int64_t)json_array_size(list), "API token", "API tokens"),
			      "email", req_form(r, "email"), "name", req_form(r, "name"), "days",
			      *days ? days : arena_printf(r->a, "%d", TOKEN_DAYS_DEFAULT));
	if (str_eq(req_get(r, "done"), "revoked"))
		json_object_set_new(v, "done", json_string("The token has been revoked: it no longer works."));
	return reply_page(out, status, "admin/tokens", "API tokens", v);
}

sn_err admin_tokens(req *r, reply *out)
{
	return tokens_page(r, out, 200);
}

sn_err admin_token_add(req *r, reply *out)
{
	if (r->errors)
		return tokens_page(r, out, 400);
	char tok[TOKEN_LEN + 1];
	int64_t id = 0;
	const char *email = req_get(r, "email"), *name = req_get(r, "name");
	int days = (int)req_get_i64(r, "days", TOKEN_DAYS_DEFAULT);
	sn_err rc = token_add(r->db, email, name, days, r->user->uuid, tok, &id);
	if (rc == SN_ENOTFOUND)
		req_add_error(r, "email", "There is no account with this email address");
	else if (rc == SN_ECONFLICT)
		req_add_error(r, "email", "This account is disabled: enable it before giving it a token");
	else if (rc == SN_EINPUT)
		req_add_error(r, "name", "Enter a name without line breaks, up to 100 characters");
	if (r->errors)
		return tokens_page(r, out, 400);
	if (rc)
		return rc;
	char until[21];
	time_iso8601(time_now() + (int64_t)days * 86400, until);
	json_t *v = json_pack("{s:s, s:I, s:s, s:s, s:s}", "token", tok, "id", (json_int_t)id, "email", email, "name",
			      name, "expires", time_uk_when(r->a, until));
	return reply_page(out, 200, "admin/token-made", "Copy the new API token", v);
}

sn_err admin_token_revoke(req *r, reply *out)
{
	sn_err rc = token_revoke(r->db, req_get_i64(r, "id", 0), r->user->uuid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such API token.");
	if (rc)
		return rc;
	return reply_redirect(out, "/admin/tokens?done=revoked");
}
