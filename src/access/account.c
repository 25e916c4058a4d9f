/* Accounts looked after on the web: an administrator's view of one account
 * and its changes (roles, disabled, a link to set a password), one-time
 * links to set a password (forgotten, or a new account's first), and a
 * person's own sessions. Every change is audited, naming the account by
 * its uuid. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../mail/mail.h"
#include "access.h"

/* ---- one account ---- */

sn_err account_get(store *s, const char *uuid, arena *a, account **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, email, name, disabled, created_at FROM users WHERE uuid = ?",
				"t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	account *acc = NULL;
	if (!rc) {
		acc = arena_alloc(a, sizeof *acc);
		acc->id = store_col_i64(st, 0);
		snprintf(acc->uuid, sizeof acc->uuid, "%s", store_col_text(st, 1));
		acc->email = arena_strdup(a, store_col_text(st, 2));
		acc->name = arena_strdup(a, store_col_text(st, 3));
		acc->disabled = store_col_i64(st, 4) != 0;
		acc->created_at = arena_strdup(a, store_col_text(st, 5));
	}
	store_done(st);
	if (rc)
		return rc;
	rc = store_query(s, &st, "SELECT role FROM user_roles WHERE user_id = ?", "i", acc->id);
	if (rc)
		return rc;
	while (store_next(st, &rc)) {
		uint32_t r = 0;
		if (!role_parse(store_col_text(st, 0), &r))
			acc->roles |= r;
	}
	store_done(st);
	if (!rc)
		rc = store_one_i64(s, &acc->sessions, "SELECT count(*) FROM sessions WHERE user_id = ?", "i", acc->id);
	if (!rc)
		*out = acc;
	return rc;
}

static sn_err audit_account(store *s, const char *actor, const char *action, const char *uuid, const char *reason)
{
	char rec[64];
	snprintf(rec, sizeof rec, "user:%s", uuid);
	audit_entry e = {actor, "admin", action, rec, reason ? reason : ""};
	return audit_append(s, &e);
}

sn_err account_set_roles(store *s, const char *uuid, uint32_t roles, const char *actor)
{
	if (!(roles & R_ALL_ROLES) || (roles & ~(uint32_t)R_ALL_ROLES))
		return SN_EINPUT;
	int64_t id = 0;
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = store_one_i64(s, &id, "SELECT id FROM users WHERE uuid = ?", "t", uuid);
	if (!rc)
		rc = store_run(s, "DELETE FROM user_roles WHERE user_id = ?", "i", id);
	for (int i = 0; i < 8 && !rc; i++)
		if (roles & (1u << i))
			rc = store_run(s, "INSERT INTO user_roles(user_id, role) VALUES (?, ?)", "it", id,
				       role_names[i]);
	char now[21];
	time_iso8601(time_now(), now);
	if (!rc)
		rc = store_run(s, "UPDATE users SET updated_at = ? WHERE id = ?", "ti", now, id);
	if (!rc) {
		arena *a = arena_new();
		rc = audit_account(s, actor, "user.set_roles", uuid, role_describe(a, roles));
		arena_free(a);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

sn_err account_set_disabled(store *s, const char *uuid, bool disabled, const char *actor)
{
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = store_run(s, "UPDATE users SET disabled = ?, updated_at = ? WHERE uuid = ?", "itt",
			       (int64_t)disabled, now, uuid);
	if (!rc && store_changes(s) == 0)
		rc = SN_ENOTFOUND;
	/* A disabled account's sessions end at once. */
	if (!rc && disabled)
		rc = store_run(s, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE uuid = ?)", "t",
			       uuid);
	if (!rc)
		rc = audit_account(s, actor, disabled ? "user.disable" : "user.enable", uuid, NULL);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

sn_err account_add(store *s, const char *email, const char *name, uint32_t roles, const char *actor,
		   char uuid_out[static 37])
{
	if (!mail_addr_ok(email) || !name || !*name || strlen(name) > 200 || !(roles & R_ALL_ROLES))
		return SN_EINPUT;
	/* No password anyone knows: the person sets their own from a link. */
	char pw[64], hash[128];
	random_token(pw, sizeof pw, 32);
	sn_err rc = password_hash(pw, hash);
	sodium_memzero(pw, sizeof pw);
	if (rc)
		return SN_EINTERNAL;
	char lower[MAIL_ADDR_MAX + 1];
	snprintf(lower, sizeof lower, "%s", email);
	str_lower_ascii(lower);
	uuid_v4(uuid_out);
	rc = store_begin_write(s);
	if (!rc)
		rc = user_add_hashed(s, lower, name, roles, hash, uuid_out, NULL);
	if (!rc)
		rc = audit_account(s, actor, "user.add", uuid_out, NULL);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

/* ---- one-time links to set a password ---- */

/* Makes a link for user id and queues the email. Inside a transaction. */
static sn_err link_make(store *s, int64_t id, const char *email, const char *name, const char *purpose,
			const char *base_url, char *err, size_t err_size)
{
	char token[64], hash[65];
	random_token(token, sizeof token, 32);
	sha256_hex(token, strlen(token), hash);
	int64_t now = time_now();
	int64_t life = str_eq(purpose, "welcome") ? ACCOUNT_WELCOME_SECONDS : ACCOUNT_RESET_SECONDS;
	sn_err rc = store_run(s, "INSERT INTO password_links (id_hash, user_id, purpose, created_at, expires_at) "
				 "VALUES (?, ?, ?, ?, ?)", "titii", hash, id, purpose, now, now + life);
	if (rc)
		return rc;
	char body[2048], domain[256];
	mail_domain_of(base_url, domain);
	bool welcome = str_eq(purpose, "welcome");
	snprintf(body, sizeof body,
		 "Hello %s,\n\n%s\n\n%s/sign-in/reset/%s\n\nThe link works once, for %s. %s\n\n"
		 "SupportNet\n",
		 name,
		 welcome ? "An account has been made for you on SupportNet. Choose your password here:"
			 : "Someone asked to reset the password of your SupportNet account. Choose a new "
			   "password here:",
		 base_url, token, welcome ? "7 days" : "1 hour",
		 welcome ? "" : "If it was not you, you can ignore this email: your password has not changed.");
	sodium_memzero(token, sizeof token);
	bool queued = false;
	rc = mail_queue(s, NULL, welcome ? "account.welcome" : "account.reset", email,
			welcome ? "Your SupportNet account" : "Reset your SupportNet password", body, domain, &queued,
			err, err_size);
	sodium_memzero(body, sizeof body);
	return rc;
}

sn_err account_send_link(store *s, const char *uuid, const char *purpose, const char *base_url, const char *actor)
{
	arena *a = arena_new();
	account *acc = NULL;
	char err[200];
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = account_get(s, uuid, a, &acc);
	if (!rc && acc->disabled)
		rc = SN_ECONFLICT;
	if (!rc)
		rc = link_make(s, acc->id, acc->email, acc->name, purpose, base_url, err, sizeof err);
	if (!rc)
		rc = audit_account(s, actor, str_eq(purpose, "welcome") ? "user.welcome_link" : "user.reset_link",
				   uuid, NULL);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	arena_free(a);
	return rc;
}

sn_err account_forgotten(store *s, const char *email, const char *base_url)
{
	char lower[MAIL_ADDR_MAX + 1];
	snprintf(lower, sizeof lower, "%s", email ? email : "");
	str_lower_ascii(lower);
	int64_t id = 0, now = time_now();
	char uuid[37] = "", name[256] = "", key[300];
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name FROM users WHERE email = ? AND disabled = 0", "t",
				lower);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		id = store_col_i64(st, 0);
		snprintf(uuid, sizeof uuid, "%s", store_col_text(st, 1));
		snprintf(name, sizeof name, "%s", store_col_text(st, 2));
	}
	store_done(st);
	if (rc || !row)
		return rc; /* the same answer whether or not there is an account */
	/* At most a few links an hour for one account, however many ask. */
	snprintf(key, sizeof key, "reset:%s", lower);
	if (throttle_count(s, key, 3600, now) >= ACCOUNT_RESET_LINKS_AN_HOUR)
		return SN_OK;
	char err[200];
	rc = store_begin_write(s);
	if (!rc)
		rc = throttle_hit(s, key, 3600, now);
	if (!rc)
		rc = link_make(s, id, lower, name, "reset", base_url, err, sizeof err);
	if (!rc) {
		char rec[64];
		snprintf(rec, sizeof rec, "user:%s", uuid);
		audit_entry e = {"anonymous", "", "user.reset_link", rec, "asked for on the sign-in page"};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

/* The link's account id, when token is a link that can still be used. */
static sn_err link_find(store *s, const char *token, int64_t *user_id, char hash[static 65])
{
	if (!token || strlen(token) != 43)
		return SN_ENOTFOUND;
	sha256_hex(token, strlen(token), hash);
	return store_one_i64(s, user_id,
			     "SELECT l.user_id FROM password_links l JOIN users u ON u.id = l.user_id "
			     "WHERE l.id_hash = ? AND l.used_at IS NULL AND l.expires_at > ? AND u.disabled = 0",
			     "ti", hash, time_now());
}

sn_err account_link_check(store *s, const char *token, arena *a, char **email)
{
	int64_t id = 0;
	char hash[65];
	sn_err rc = link_find(s, token, &id, hash);
	if (rc)
		return rc;
	store_stmt *st = NULL;
	rc = store_query(s, &st, "SELECT email FROM users WHERE id = ?", "i", id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		*email = arena_strdup(a, store_col_text(st, 0));
	store_done(st);
	return rc ? rc : row ? SN_OK : SN_ENOTFOUND;
}

sn_err account_link_use(store *s, const char *token, const char *password, const char **why)
{
	*why = NULL;
	int64_t id = 0;
	char hash[65], email[MAIL_ADDR_MAX + 1] = "", uuid[37] = "";
	sn_err rc = link_find(s, token, &id, hash);
	if (rc)
		return rc;
	store_stmt *st = NULL;
	rc = store_query(s, &st, "SELECT email, uuid FROM users WHERE id = ?", "i", id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		snprintf(email, sizeof email, "%s", store_col_text(st, 0));
		snprintf(uuid, sizeof uuid, "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (rc || !row)
		return rc ? rc : SN_ENOTFOUND;
	if (password_policy(password, email, why))
		return SN_EINPUT;
	char pw_hash[128], now_iso[21];
	if (password_hash(password, pw_hash))
		return SN_EINTERNAL;
	time_iso8601(time_now(), now_iso);
	rc = store_begin_write(s);
	/* Used once: the update takes the link only if nobody took it first. */
	if (!rc)
		rc = store_run(s, "UPDATE password_links SET used_at = ? WHERE id_hash = ? AND used_at IS NULL", "it",
			       time_now(), hash);
	if (!rc && store_changes(s) == 0)
		rc = SN_ENOTFOUND;
	if (!rc)
		rc = store_run(s, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", "tti", pw_hash,
			       now_iso, id);
	/* The other links end, every session ends, and the owner is let in
	 * again wherever guesses had locked the account. */
	if (!rc)
		rc = store_run(s, "UPDATE password_links SET used_at = ? WHERE user_id = ? AND used_at IS NULL", "ii",
			       time_now(), id);
	if (!rc)
		rc = store_run(s, "DELETE FROM sessions WHERE user_id = ?", "i", id);
	if (!rc) {
		char k1[300], k2[300];
		snprintf(k1, sizeof k1, "account:%s", email);
		snprintf(k2, sizeof k2, "account:%s from:%%", email);
		rc = store_run(s, "DELETE FROM throttle WHERE key = ? OR key LIKE ?", "tt", k1, k2);
	}
	if (!rc) {
		char rec[64];
		snprintf(rec, sizeof rec, "user:%s", uuid);
		audit_entry e = {uuid, "", "user.set_password", rec, "from a one-time link"};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

/* ---- a person's own password and sessions ---- */

sn_err account_change_password(store *s, const web_user *u, const char *current, const char *password,
			       const char **why)
{
	*why = NULL;
	store_stmt *st = NULL;
	char hash[128] = "";
	sn_err rc = store_query(s, &st, "SELECT password_hash FROM users WHERE id = ?", "i", u->id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		snprintf(hash, sizeof hash, "%s", store_col_text(st, 0));
	store_done(st);
	if (rc)
		return rc;
	if (!row || !password_verify(hash, current ? current : "")) {
		*why = "Your current password is not correct.";
		return SN_EFORBIDDEN;
	}
	if (password_policy(password, u->email, why))
		return SN_EINPUT;
	char pw_hash[128], now[21];
	if (password_hash(password, pw_hash))
		return SN_EINTERNAL;
	time_iso8601(time_now(), now);
	rc = store_begin_write(s);
	if (!rc)
		rc = store_run(s, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", "tti", pw_hash, now,
			       u->id);
	/* Every session ends; the caller makes a new one for this browser. */
	if (!rc)
		rc = store_run(s, "DELETE FROM sessions WHERE user_id = ?", "i", u->id);
	if (!rc) {
		char rec[64];
		snprintf(rec, sizeof rec, "user:%s", u->uuid);
		audit_entry e = {u->uuid, "", "user.set_password", rec, "by the account's owner"};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

sn_err account_sessions(store *s, int64_t user_id, const char *current_hash, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT id_hash, created_at, last_seen_at FROM sessions WHERE user_id = ? "
				"ORDER BY last_seen_at DESC, id_hash",
				"i", user_id);
	if (rc)
		return rc;
	json_t *list = json_array();
	while (store_next(st, &rc)) {
		const char *h = store_col_text(st, 0);
		char created[21], seen[21];
		time_iso8601(store_col_i64(st, 1), created);
		time_iso8601(store_col_i64(st, 2), seen);
		json_array_append_new(list, json_pack("{s:s%, s:s, s:s, s:b}", "handle", h, (size_t)ACCOUNT_HANDLE_LEN,
						      "created_at", created, "last_seen_at", seen, "current",
						      current_hash && str_eq(current_hash, h)));
	}
	store_done(st);
	if (rc) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return SN_OK;
}

sn_err account_end_sessions(store *s, const web_user *u, const char *handle, const char *keep_hash)
{
	char like[ACCOUNT_HANDLE_LEN + 2];
	if (handle && (strlen(handle) != ACCOUNT_HANDLE_LEN || strspn(handle, "0123456789abcdef") != ACCOUNT_HANDLE_LEN))
		return SN_EINPUT;
	snprintf(like, sizeof like, "%s%%", handle ? handle : "");
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = store_run(s, "DELETE FROM sessions WHERE user_id = ? AND id_hash LIKE ? AND id_hash <> ?", "itt",
			       u->id, like, keep_hash ? keep_hash : "");
	int64_t n = rc ? 0 : store_changes(s);
	if (!rc && handle && n == 0)
		rc = SN_ENOTFOUND;
	if (!rc) {
		char rec[64], why[64];
		snprintf(rec, sizeof rec, "user:%s", u->uuid);
		snprintf(why, sizeof why, "%lld session%s", (long long)n, n == 1 ? "" : "s");
		audit_entry e = {u->uuid, "", "auth.sessions_ended", rec, why};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}
