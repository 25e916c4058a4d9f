/* Sessions and sign-in: random 32-byte tokens of which only a hash is
 * stored, idle and absolute timeouts, and throttled password checks. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access.h"

sn_err access_session_find(store *s, const char *token, arena *a, char **hash, char **csrf,
			   web_user **user)
{
	session_policy p = {web_session_idle_seconds(), web_session_max_seconds()};
	return session_lookup(s, token, &p, a, hash, csrf, user);
}

sn_err session_create(store *s, int64_t user_id, char token_out[static 64],
		      char hash_out[static 65], char csrf_out[static 64])
{
	random_token(token_out, 64, 32);
	random_token(csrf_out, 64, 32);
	sha256_hex(token_out, strlen(token_out), hash_out);
	int64_t now = time_now();
	/* Sweep sessions idle for a day or more (longer than any timeout we
	 * allow) so anonymous form sessions do not pile up. */
	store_run(s, "DELETE FROM sessions WHERE last_seen_at < ?", "i", now - 86400);
	if (user_id)
		return store_run(s, "INSERT INTO sessions(id_hash, user_id, csrf_token, "
				    "created_at, last_seen_at) VALUES (?,?,?,?,?)",
				 "titii", hash_out, user_id, csrf_out, now, now);
	return store_run(s, "INSERT INTO sessions(id_hash, user_id, csrf_token, "
			    "created_at, last_seen_at) VALUES (?,NULL,?,?,?)",
			 "ttii", hash_out, csrf_out, now, now);
}

/* ---- visitors who are not signed in: signed tokens, nothing stored ---- */

#define ANON_NONCE_BYTES 16

/* base64url of HMAC-SHA256(key, what) into out (44 bytes). */
static void mac_of(const unsigned char *key, const char *what, char out[static 44])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, ACCESS_SECRET_BYTES);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)what, strlen(what));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 44, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* The token's MAC input and the CSRF token for nonce and issued. */
static void anon_parts(const unsigned char *key, const char *nonce, const char *issued, char mac[static 44],
		       char csrf[static 44])
{
	char what[128];
	snprintf(what, sizeof what, "anonymous|%s|%s", nonce, issued);
	mac_of(key, what, mac);
	snprintf(what, sizeof what, "csrf|%s|%s", nonce, issued);
	mac_of(key, what, csrf);
}

sn_err session_anonymous(store *s, char token_out[static 128], char csrf_out[static 64])
{
	unsigned char key[ACCESS_SECRET_BYTES];
	sn_err rc = access_secret(s, "form-tokens", key);
	if (rc)
		return rc;
	char nonce[32], issued[24], mac[44], csrf[44];
	random_token(nonce, sizeof nonce, ANON_NONCE_BYTES);
	snprintf(issued, sizeof issued, "%lld", (long long)time_now());
	anon_parts(key, nonce, issued, mac, csrf);
	sodium_memzero(key, sizeof key);
	snprintf(token_out, 128, "a.%s.%s.%s", nonce, issued, mac);
	snprintf(csrf_out, 64, "%s", csrf);
	return SN_OK;
}

/* "a.NONCE.ISSUED.MAC": SN_OK with *csrf when the MAC holds and it is not
 * older than the session's maximum age. */
static sn_err anon_lookup(store *s, const char *token, const session_policy *p, arena *a, char **csrf)
{
	char nonce[32], issued[24];
	const char *n0 = token + 2, *i0 = strchr(n0, '.');
	const char *m0 = i0 ? strchr(i0 + 1, '.') : NULL;
	if (!i0 || !m0 || (size_t)(i0 - n0) >= sizeof nonce || (size_t)(m0 - i0 - 1) >= sizeof issued ||
	    strlen(m0 + 1) != 43)
		return SN_ENOTFOUND;
	snprintf(nonce, sizeof nonce, "%.*s", (int)(i0 - n0), n0);
	snprintf(issued, sizeof issued, "%.*s", (int)(m0 - i0 - 1), i0 + 1);
	int64_t t = 0, now = time_now();
	if (str_to_i64(issued, 0, INT64_MAX, &t) || t > now + 60 || now - t > p->max_seconds)
		return SN_ENOTFOUND;
	unsigned char key[ACCESS_SECRET_BYTES];
	sn_err rc = access_secret(s, "form-tokens", key);
	if (rc)
		return rc;
	char want[44], c[44];
	anon_parts(key, nonce, issued, want, c);
	sodium_memzero(key, sizeof key);
	if (sodium_memcmp(want, m0 + 1, 43) != 0)
		return SN_ENOTFOUND;
	*csrf = arena_strdup(a, c);
	return SN_OK;
}

sn_err session_lookup(store *s, const char *token, const session_policy *p,
		      arena *a, char **hash, char **csrf, web_user **user)
{
	*user = NULL;
	if (token && str_starts(token, "a."))
		return anon_lookup(s, token, p, a, csrf); /* *hash stays NULL: nothing stored */
	if (!token || strlen(token) != 43)
		return SN_ENOTFOUND;
	char h[65];
	sha256_hex(token, strlen(token), h);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT coalesce(user_id, 0), csrf_token, created_at, "
				"last_seen_at FROM sessions WHERE id_hash = ?",
				"t", h);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	int64_t uid = 0, created = 0, seen = 0;
	if (!rc) {
		uid = store_col_i64(st, 0);
		*csrf = arena_strdup(a, store_col_text(st, 1));
		created = store_col_i64(st, 2);
		seen = store_col_i64(st, 3);
	}
	store_done(st);
	if (rc)
		return rc;
	int64_t now = time_now();
	if (now - seen > p->idle_seconds || now - created > p->max_seconds) {
		session_destroy(s, h);
		return SN_ENOTFOUND;
	}
	/* Record activity, but not on every request: at most once per
	 * minute, or more often when the idle timeout is short. */
	int64_t step = p->idle_seconds / 4 < 60 ? p->idle_seconds / 4 : 60;
	if (now - seen >= step)
		store_run(s, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?",
			  "it", now, h);
	if (uid) {
		rc = user_load(s, uid, a, user);
		if (rc == SN_ENOTFOUND) { /* disabled or removed */
			session_destroy(s, h);
			return SN_ENOTFOUND;
		}
		if (rc)
			return rc;
	}
	*hash = arena_strdup(a, h);
	return SN_OK;
}

sn_err session_destroy(store *s, const char *hash)
{
	return store_run(s, "DELETE FROM sessions WHERE id_hash = ?", "t", hash);
}

/* A real argon2id hash of a random password, for unknown emails. */
static char dummy[128];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
	char pw[64];
	random_token(pw, sizeof pw, 32);
	if (password_hash(pw, dummy))
		dummy[0] = 0;
}

sn_err auth_sign_in(store *s, const char *email, const char *password,
		    const char *address, int64_t *user_id,
		    int64_t *retry_minutes)
{
	*user_id = 0;
	*retry_minutes = 0;
	int64_t now = time_now();
	/* Three counters (issue 15: five wrong passwords from anyone used to
	 * lock the owner out): this account from this address (5), this
	 * address for any account (20), and this account from anywhere (100,
	 * a guess spread over many addresses). The owner, from their own
	 * address, is locked out only by the last. */
	char email_l[256], pkey[400], akey[300], ikey[80];
	snprintf(email_l, sizeof email_l, "%s", email);
	str_lower_ascii(email_l);
	snprintf(pkey, sizeof pkey, "account:%s from:%s", email_l, address ? address : "");
	snprintf(akey, sizeof akey, "account:%s", email_l);
	snprintf(ikey, sizeof ikey, "address:%s", address ? address : "");
	/* Read and verify outside any transaction: argon2id takes tens of
	 * milliseconds and must not hold the write lock. */
	sn_err rc = SN_OK;
	const int64_t w = THROTTLE_WINDOW_SECONDS;
	const char *full = NULL;
	if (throttle_count(s, pkey, w, now) >= THROTTLE_ACCOUNT_FAILURES)
		full = pkey;
	else if (throttle_count(s, ikey, w, now) >= THROTTLE_ADDRESS_FAILURES)
		full = ikey;
	else if (throttle_count(s, akey, w, now) >= THROTTLE_ANYWHERE_FAILURES)
		full = akey;
	if (full) {
		*retry_minutes = throttle_minutes_left(s, full, THROTTLE_WINDOW_SECONDS, now);
		audit_entry e = {"anonymous", "", "auth.sign_in_throttled", "", ""};
		rc = audit_append(s, &e);
		return rc ? rc : SN_ETHROTTLED;
	}
	store_stmt *st = NULL;
	rc = store_query(s, &st,
			 "SELECT id, uuid, password_hash, disabled FROM users WHERE email = ?",
			 "t", email_l); /* lower-cased like the stored emails */
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	int64_t id = 0;
	char uuid[37] = "", hash[128] = "";
	bool disabled = false;
	if (!rc && row) {
		id = store_col_i64(st, 0);
		snprintf(uuid, sizeof uuid, "%s", store_col_text(st, 1));
		snprintf(hash, sizeof hash, "%s", store_col_text(st, 2));
		disabled = store_col_i64(st, 3) != 0;
	}
	store_done(st);
	if (rc)
		return rc;
	/* Verify even when there is no such user, against a fixed hash, so
	 * timing does not tell which emails have accounts. */
	pthread_once(&dummy_once, make_dummy);
	bool ok = password_verify(row ? hash : dummy, password) && row && !disabled;
	rc = store_begin_write(s);
	if (rc)
		return rc;
	if (!ok) {
		rc = throttle_hit(s, pkey, THROTTLE_WINDOW_SECONDS, now);
		if (!rc)
			rc = throttle_hit(s, akey, THROTTLE_WINDOW_SECONDS, now);
		if (!rc)
			rc = throttle_hit(s, ikey, THROTTLE_WINDOW_SECONDS, now);
		char rec[64] = "";
		if (row)
			snprintf(rec, sizeof rec, "user:%s", uuid);
		audit_entry e = {"anonymous", "", "auth.sign_in_failed", rec,
				 disabled ? "account disabled" : "wrong email or password"};
		if (!rc)
			rc = audit_append(s, &e);
		if (!rc)
			rc = store_commit(s);
		if (rc)
			goto fail;
		return SN_EINPUT;
	}
	rc = store_run(s, "DELETE FROM throttle WHERE key = ?", "t", pkey);
	char rec[64];
	snprintf(rec, sizeof rec, "user:%s", uuid);
	audit_entry e = {uuid, "", "auth.sign_in", rec, ""};
	if (!rc)
		rc = audit_append(s, &e);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		goto fail;
	*user_id = id;
	return SN_OK;
fail:
	store_rollback(s);
	return rc;
}
