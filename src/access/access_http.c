/* Handlers for signing in and out and for one's own account. */
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "access_http.h"

/* Only a plain local path is followed after sign-in: "/x?y=z". Browsers
 * drop tabs and newlines and read "\\" as "/", so "/\t/host" or "/\\host"
 * would be another site: anything but the characters of a URL path and
 * query (RFC 3986), or a start of "//", gives the home page. */
const char *access_safe_next(const char *next)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				 "-._~/?=&%+,:;@!$'()*";
	if (!next || next[0] != '/' || next[1] == '/' || strlen(next) > 512 || strspn(next, ok) != strlen(next))
		return "/";
	return next;
}

sn_err access_ensure_csrf(req *r)
{
	/* A form needs a CSRF token: for a visitor who is not signed in, a
	 * signed token in the cookie carries it, and nothing is stored. */
	if (r->csrf)
		return SN_OK;
	char token[128], csrf[64];
	sn_err rc = session_anonymous(r->db, token, csrf);
	if (rc)
		return rc;
	r->csrf = arena_strdup(r->a, csrf);
	web_set_session_cookie(r, token);
	return SN_OK;
}

static sn_err sign_in_page(req *r, reply *out, int status, json_t *errors,
			   const char *email)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:s, s:s}", "email", email ? email : "", "next",
			      access_safe_next(req_get(r, "next")));
	if (errors)
		json_object_set(v, "errors", errors);
	if (r->user)
		json_object_set_new(v, "already", json_string(r->user->name));
	if (str_eq(req_get(r, "done"), "password"))
		json_object_set_new(v, "done", json_string("Your password has been set. Sign in with it."));
	return reply_page(out, status, "pages/sign-in", "Sign in", v);
}

sn_err access_sign_in_form(req *r, reply *out)
{
	return sign_in_page(r, out, 200, NULL, NULL);
}

static json_t *one_error(const char *field, const char *msg)
{
	return json_pack("[{s:s, s:s}]", "field", field, "message", msg);
}

sn_err access_sign_in(req *r, reply *out)
{
	const char *email = req_get(r, "email");
	if (r->errors)
		return sign_in_page(r, out, 400, r->errors, email);
	int64_t uid = 0, retry = 0;
	sn_err rc = auth_sign_in(r->db, email, req_get(r, "password"),
				 r->remote_addr, &uid, &retry);
	if (rc == SN_ETHROTTLED) {
		json_t *e = one_error("email", arena_printf(r->a,
			"You have tried to sign in too many times. Wait %lld minute%s "
			"and try again, or ask your administrator to reset your password.",
			(long long)retry, retry == 1 ? "" : "s"));
		sn_err rc2 = sign_in_page(r, out, 429, e, email);
		json_decref(e);
		return rc2;
	}
	if (rc == SN_EINPUT) {
		json_t *e = one_error("email", "The email address or password is not "
					       "correct. Check them and try again.");
		sn_err rc2 = sign_in_page(r, out, 401, e, email);
		json_decref(e);
		return rc2;
	}
	if (rc)
		return rc;
	/* A new session id at sign-in: the anonymous one is thrown away. */
	if (r->session_hash)
		session_destroy(r->db, r->session_hash);
	char token[64], hash[65], csrf[64];
	rc = session_create(r->db, uid, token, hash, csrf);
	if (rc)
		return rc;
	web_set_session_cookie(r, token);
	return reply_redirect(out, arena_strdup(r->a, access_safe_next(req_get(r, "next"))));
}

sn_err access_sign_out(req *r, reply *out)
{
	if (r->session_hash) {
		if (r->user) {
			char rec[64];
			snprintf(rec, sizeof rec, "user:%s", r->user->uuid);
			audit_entry e = {r->user->uuid, "", "auth.sign_out", rec, ""};
			sn_err rc = audit_append(r->db, &e);
			if (rc)
				return rc;
		}
		session_destroy(r->db, r->session_hash);
	}
	web_clear_session_cookie(r);
	return reply_redirect(out, "/signed-out");
}

sn_err access_signed_out(req *r, reply *out)
{
	(void)r;
	return reply_page(out, 200, "pages/signed-out", "You have signed out", NULL);
}

