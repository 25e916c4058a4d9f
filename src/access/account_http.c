/* Pages for one's own account: the password forgotten (a one-time link by
 * email, the same answer whether or not there is an account), the link's
 * page to choose a password, changing one's password, and one's sessions
 * (see them, end one, end all the others). */
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "access_http.h"

/* ---- forgotten password ---- */

static sn_err forgotten_page(req *r, reply *out, int status)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:s}", "email", req_get(r, "email"));
	return reply_page(out, status, "pages/forgotten", "Reset your password", v);
}

sn_err access_forgotten_form(req *r, reply *out)
{
	return forgotten_page(r, out, 200);
}

sn_err access_forgotten_send(req *r, reply *out)
{
	if (r->errors)
		return forgotten_page(r, out, 400);
	sn_err rc = account_forgotten(r->db, req_get(r, "email"), web_base_url());
	if (rc)
		return rc;
	/* POST, then redirect: reloading the page sends nothing again. */
	return reply_redirect(out, "/sign-in/forgotten/sent");
}

sn_err access_forgotten_sent(req *r, reply *out)
{
	(void)r;
	json_t *v = json_pack("{s:I}", "minutes", (json_int_t)(ACCOUNT_RESET_SECONDS / 60));
	return reply_page(out, 200, "pages/forgotten-sent", "Check your email", v);
}

/* ---- the link: choose a password ---- */

static sn_err reset_page(req *r, reply *out, int status, const char *email, const char *why)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:s, s:s, s:I}", "token", req_get(r, "token"), "email", email, "min",
			      (json_int_t)PASSWORD_MIN);
	if (why) {
		json_t *e = json_pack("[{s:s, s:s}]", "field", "password", "message", why);
		json_object_set_new(v, "errors", e);
	}
	return reply_page(out, status, "pages/reset", "Choose a password", v);
}

static sn_err reset_gone(reply *out)
{
	return reply_page(out, 410, "pages/reset-gone", "This link cannot be used", NULL);
}

sn_err access_reset_form(req *r, reply *out)
{
	char *email = NULL;
	sn_err rc = account_link_check(r->db, req_get(r, "token"), r->a, &email);
	if (rc == SN_ENOTFOUND)
		return reset_gone(out);
	return rc ? rc : reset_page(r, out, 200, email, NULL);
}

sn_err access_reset_save(req *r, reply *out)
{
	char *email = NULL;
	sn_err rc = account_link_check(r->db, req_get(r, "token"), r->a, &email);
	if (rc == SN_ENOTFOUND)
		return reset_gone(out);
	if (rc)
		return rc;
	const char *pw = req_form(r, "password"), *again = req_form(r, "confirm");
	if (!str_eq(pw, again))
		return reset_page(r, out, 400, email, "The two passwords are not the same. Type the same password twice.");
	const char *why = NULL;
	rc = account_link_use(r->db, req_get(r, "token"), pw, &why);
	if (rc == SN_EINPUT)
		return reset_page(r, out, 400, email, why);
	if (rc == SN_ENOTFOUND)
		return reset_gone(out);
	if (rc)
		return rc;
	return reply_redirect(out, "/sign-in?done=password");
}

/* ---- one's own password and sessions ---- */

sn_err access_account_page(req *r, reply *out, int status, const char *why, const char *done)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *sessions = NULL;
	rc = account_sessions(r->db, r->user->id, r->session_hash, &sessions);
	if (rc)
		return rc;
	size_t i;
	json_t *one;
	json_array_foreach(sessions, i, one) {
		json_object_set_new(one, "started", json_string(time_uk_when(r->a,
			json_string_value(json_object_get(one, "created_at")))));
		json_object_set_new(one, "last_used", json_string(time_uk_when(r->a,
			json_string_value(json_object_get(one, "last_seen_at")))));
	}
	json_t *roles = json_array();
	for (int k = 0; k < 8; k++)
		if (r->user->roles & (1u << k))
			json_array_append_new(roles, json_string(role_names[k]));
	json_t *v = json_pack("{s:s, s:s, s:o, s:I, s:I, s:o, s:I, s:b, s:I}", "name", r->user->name, "email",
			      r->user->email, "role_list", roles, "idle_minutes",
			      (json_int_t)(web_session_idle_seconds() / 60), "max_hours",
			      (json_int_t)(web_session_max_seconds() / 3600), "sessions", sessions, "session_count",
			      (json_int_t)json_array_size(sessions), "others", json_array_size(sessions) > 1, "min",
			      (json_int_t)PASSWORD_MIN);
	if (why) {
		json_t *e = json_pack("[{s:s, s:s}]", "field", str_starts(why, "Your current") ? "current" : "password",
				      "message", why);
		json_object_set_new(v, "errors", e);
	}
	if (done && str_eq(done, "password"))
		json_object_set_new(v, "done", json_string("Your password has been changed. Your other sessions have ended."));
	else if (done && str_eq(done, "sessions"))
		json_object_set_new(v, "done", json_string("The sessions have ended."));
	return reply_page(out, status, "pages/account", "Your account", v);
}

sn_err access_account(req *r, reply *out)
{
	return access_account_page(r, out, 200, NULL, req_get(r, "done"));
}

sn_err access_password_change(req *r, reply *out)
{
	const char *pw = req_form(r, "password"), *again = req_form(r, "confirm");
	if (!str_eq(pw, again))
		return access_account_page(r, out, 400, "The two new passwords are not the same. Type the same password twice.",
					   NULL);
	const char *why = NULL;
	sn_err rc = account_change_password(r->db, r->user, req_form(r, "current"), pw, &why);
	if (rc == SN_EINPUT || rc == SN_EFORBIDDEN)
		return access_account_page(r, out, 400, why, NULL);
	if (rc)
		return rc;
	/* Every session ended with the change; this browser gets a new one. */
	char token[64], hash[65], csrf[64];
	rc = session_create(r->db, r->user->id, token, hash, csrf);
	if (rc)
		return rc;
	web_set_session_cookie(r, token);
	return reply_redirect(out, "/account?done=password");
}

sn_err access_sessions_end(req *r, reply *out)
{
	const char *handle = req_get(r, "session");
	sn_err rc = account_end_sessions(r->db, r->user, *handle ? handle : NULL, r->session_hash);
	if (rc == SN_ENOTFOUND || rc == SN_EINPUT)
		return reply_error(r, out, 404, "There is no such session of yours.");
	if (rc)
		return rc;
	return reply_redirect(out, "/account?done=sessions");
}
