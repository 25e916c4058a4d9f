/* API tokens for partner systems: a random token that stands for one
 * account on the JSON API. Only its SHA-256 is stored (as for sessions and
 * password links), so a copy of the database gives no working token; the
 * token is shown once, when it is made. Made, revoked and used tokens are
 * audited; every entry a request under a token appends names the token
 * (the connection's audit note). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"

/* ---- pure ---- */

bool token_text_ok(const char *text)
{
	if (!text || strlen(text) != TOKEN_LEN || !str_starts(text, TOKEN_PREFIX))
		return false;
	for (const char *p = text + strlen(TOKEN_PREFIX); *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return false;
	return true;
}

void token_hash(const char *text, char out[static 65])
{
	sha256_hex(text, strlen(text), out);
}

/* An ISO-8601 time as epoch seconds; false when it is not one. */
static bool when_of(const char *iso, int64_t *t)
{
	return iso && *iso && time_parse_iso8601(iso, t) == SN_OK;
}

bool token_usable(const char *expires_at, const char *revoked_at, int64_t now)
{
	if (revoked_at && *revoked_at)
		return false;
	if (!expires_at || !*expires_at)
		return true;
	int64_t until = 0;
	/* A time that cannot be read is no time to trust: refuse. */
	return when_of(expires_at, &until) && now < until;
}

bool token_touch_due(const char *last_used_at, int64_t now)
{
	int64_t last = 0;
	return !when_of(last_used_at, &last) || now - last >= TOKEN_TOUCH_SECONDS;
}

/* A name people typed: printable, no control characters. */
static bool name_ok(const char *name)
{
	if (!name || !*name || strlen(name) > TOKEN_NAME_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* ---- the store ---- */

/* The account with email: its id, uuid and whether it is disabled. */
static sn_err account_of(store *s, const char *email_given, int64_t *id, char uuid[static 37], bool *disabled)
{
	char email[320];
	snprintf(email, sizeof email, "%s", email_given ? email_given : "");
	str_lower_ascii(email);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, disabled FROM users WHERE email = ?", "t", email);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		*id = store_col_i64(st, 0);
		snprintf(uuid, 37, "%s", store_col_text(st, 1));
		*disabled = store_col_i64(st, 2) != 0;
	}
	store_done(st);
	return rc;
}

sn_err token_add(store *s, const char *email, const char *name, int days, const char *actor,
		 char token_out[static TOKEN_LEN + 1], int64_t *id_out)
{
	*token_out = 0;
	if (!name_ok(name) || days > TOKEN_DAYS_MAX)
		return SN_EINPUT;
	int64_t user = 0;
	char uuid[37];
	bool disabled = false;
	sn_err rc = account_of(s, email, &user, uuid, &disabled);
	if (rc)
		return rc;
	if (disabled)
		return SN_ECONFLICT;
	char tok[TOKEN_LEN + 1], hash[65], now[21], until[21];
	random_token(tok + strlen(TOKEN_PREFIX), sizeof tok - strlen(TOKEN_PREFIX), 32);
	memcpy(tok, TOKEN_PREFIX, strlen(TOKEN_PREFIX));
	token_hash(tok, hash);
	int64_t t = time_now();
	time_iso8601(t, now);
	if (days >= 0)
		time_iso8601(t + (int64_t)days * 86400, until);
	rc = store_begin_write(s);
	if (rc)
		return rc;
	int64_t id = 0;
	rc = store_one_i64(s, &id,
			   "INSERT INTO api_tokens(user_id, name, hash, created_at, expires_at, created_by) "
			   "VALUES (?,?,?,?,?,?) RETURNING id",
			   "ittttt", user, name, hash, now, days >= 0 ? until : NULL, actor ? actor : "system");
	char rec[64], *why = NULL;
	snprintf(rec, sizeof rec, "user:%s", uuid);
	if (!rc) {
		size_t n = strlen(name) + 64;
		why = xmalloc(n);
		snprintf(why, n, "API token %lld \"%s\"", (long long)id, name);
		audit_entry e = {actor ? actor : "system", "admin", "token.add", rec, why};
		rc = audit_append(s, &e);
		free(why);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	memcpy(token_out, tok, sizeof tok);
	sodium_memzero(tok, sizeof tok);
	if (id_out)
		*id_out = id;
	return SN_OK;
}

sn_err token_list(store *s, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT t.id, u.email, u.name, t.name, t.created_at, coalesce(t.expires_at, ''), "
				"coalesce(t.revoked_at, ''), coalesce(t.last_used_at, ''), t.created_by "
				"FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC",
				"");
	if (rc)
		return rc;
	while (store_next(st, &rc))
		json_array_append_new(*out, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"id", (json_int_t)store_col_i64(st, 0), "email", store_col_text(st, 1),
			"account", store_col_text(st, 2), "name", store_col_text(st, 3),
			"created_at", store_col_text(st, 4), "expires_at", store_col_text(st, 5),
			"revoked_at", store_col_text(st, 6), "last_used_at", store_col_text(st, 7),
			"created_by", store_col_text(st, 8)));
	store_done(st);
	return rc;
}

sn_err token_revoke(store *s, int64_t id, const char *actor)
{
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = store_begin_write(s);
	if (rc)
		return rc;
	char uuid[37] = "";
	store_stmt *st = NULL;
	rc = store_query(s, &st, "SELECT u.uuid FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?",
			 "i", id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		snprintf(uuid, sizeof uuid, "%s", store_col_text(st, 0));
	store_done(st);
	if (!rc)
		rc = store_run(s, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", "ti",
			       now, id);
	if (!rc) {
		char rec[64], why[48];
		snprintf(rec, sizeof rec, "user:%s", uuid);
		snprintf(why, sizeof why, "API token %lld", (long long)id);
		audit_entry e = {actor ? actor : "system", "admin", "token.revoke", rec, why};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

sn_err token_lookup(store *s, const char *hash, int64_t *user_id, int64_t *token_id)
{
	*user_id = *token_id = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT id, user_id, coalesce(expires_at, ''), coalesce(revoked_at, ''), "
				"coalesce(last_used_at, '') FROM api_tokens WHERE hash = ?",
				"t", hash);
	if (rc)
		return rc;
	bool row = false, usable = false, touch = false;
	int64_t now = time_now(), id = 0, user = 0;
	rc = store_step(st, &row);
	if (!rc && row) {
		id = store_col_i64(st, 0);
		user = store_col_i64(st, 1);
		usable = token_usable(store_col_text(st, 2), store_col_text(st, 3), now);
		touch = token_touch_due(store_col_text(st, 4), now);
	}
	store_done(st);
	if (rc)
		return rc;
	if (!usable)
		return SN_ENOTFOUND;
	/* Not on every request: at most once a minute, as sessions. */
	if (touch) {
		char at[21];
		time_iso8601(now, at);
		rc = store_run(s, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", "ti", at, id);
		if (rc)
			return rc;
	}
	*user_id = user;
	*token_id = id;
	return SN_OK;
}

sn_err access_bearer_find(store *s, const char *text, arena *a, web_user **user)
{
	*user = NULL;
	if (!token_text_ok(text))
		return SN_ENOTFOUND;
	char hash[65];
	token_hash(text, hash);
	int64_t uid = 0, tid = 0;
	sn_err rc = token_lookup(s, hash, &uid, &tid);
	if (!rc)
		rc = user_load(s, uid, a, user); /* SN_ENOTFOUND for a disabled account */
	if (rc) {
		*user = NULL;
		return rc;
	}
	(*user)->token_id = tid;
	char note[48];
	snprintf(note, sizeof note, " (API token %lld)", (long long)tid);
	store_set_audit_note(s, note);
	return SN_OK;
}
