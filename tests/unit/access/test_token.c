/* Unit tests for access/token: the pure rules (shape, hash, expiry, how
 * often last_used_at is written) and the store functions behind them
 * (made, found, revoked, expired, a disabled account, the audit note). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access_fixture.h"

/* ---- pure ---- */

static void test_shape(void **state)
{
	(void)state;
	assert_true(token_text_ok("snt_0123456789abcdefghijABCDEFGHIJ-_xyzXYZ01234"));
	assert_false(token_text_ok("snt_0123456789abcdefghijABCDEFGHIJ-_xyzXYZ01"));   /* short */
	assert_false(token_text_ok("snt_0123456789abcdefghijABCDEFGHIJ-_xyzXYZ012345")); /* long */
	assert_false(token_text_ok("snx_0123456789abcdefghijABCDEFGHIJ-_xyzXYZ01234"));  /* prefix */
	assert_false(token_text_ok("snt_0123456789abcdefghijABCDEFGHIJ+/xyzXYZ01234"));  /* not base64url */
	assert_false(token_text_ok(""));
	assert_false(token_text_ok(NULL));
}

static void test_hash(void **state)
{
	(void)state;
	char h[65];
	token_hash("abc", h);
	/* SHA-256("abc"), FIPS 180-2's example. */
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_usable(void **state)
{
	(void)state;
	int64_t now = 0;
	assert_int_equal(time_parse_iso8601("2026-03-01T12:00:00Z", &now), SN_OK);
	assert_true(token_usable("", "", now));    /* never expires */
	assert_true(token_usable(NULL, NULL, now));
	assert_true(token_usable("2026-03-01T12:00:01Z", "", now));
	assert_false(token_usable("2026-03-01T12:00:00Z", "", now)); /* expires at that second */
	assert_false(token_usable("2026-02-28T12:00:00Z", "", now));
	assert_false(token_usable("", "2026-02-01T00:00:00Z", now));  /* revoked */
	assert_false(token_usable("2027-01-01T00:00:00Z", "2026-02-01T00:00:00Z", now));
	assert_false(token_usable("not a time", "", now)); /* unreadable: refused */
}

static void test_touch_due(void **state)
{
	(void)state;
	int64_t now = 0;
	assert_int_equal(time_parse_iso8601("2026-03-01T12:00:00Z", &now), SN_OK);
	assert_true(token_touch_due("", now)); /* never used */
	assert_false(token_touch_due("2026-03-01T11:59:01Z", now));
	assert_true(token_touch_due("2026-03-01T11:59:00Z", now));
	assert_true(token_touch_due("garbage", now));
}

/* ---- the store ---- */

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

static void test_add_lookup_revoke(void **state)
{
	fixture *f = *state;
	int64_t uid = fixture_user(f, "partner@example.org", R_PARTNER);
	char tok[TOKEN_LEN + 1], hash[65];
	int64_t id = 0, got_user = 0, got_id = 0;
	int64_t audits = count(f, "SELECT count(*) FROM audit");
	assert_int_equal(token_add(f->s, "Partner@Example.org", "Feed for the food bank", 30, "system", tok, &id),
			 SN_OK);
	assert_true(token_text_ok(tok));
	assert_true(id > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits + 1);
	/* Only the hash is kept. */
	token_hash(tok, hash);
	store_stmt *st = NULL;
	bool row = false;
	assert_int_equal(store_query(f->s, &st, "SELECT hash FROM api_tokens", ""), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_string_equal(store_col_text(st, 0), hash);
	assert_string_not_equal(store_col_text(st, 0), tok);
	store_done(st);

	assert_int_equal(token_lookup(f->s, hash, &got_user, &got_id), SN_OK);
	assert_int_equal(got_user, uid);
	assert_int_equal(got_id, id);
	assert_int_equal(count(f, "SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL"), 1);

	web_user *u = NULL;
	assert_int_equal(access_bearer_find(f->s, tok, f->a, &u), SN_OK);
	assert_int_equal(u->id, uid);
	assert_int_equal(u->token_id, id);
	assert_int_equal(u->roles, R_PARTNER);
	/* What the request then appends says it came with the token. */
	char note[48];
	snprintf(note, sizeof note, " (API token %lld)", (long long)id);
	assert_string_equal(store_audit_note(f->s), note);
	audit_entry e = {u->uuid, "partner", "test.action", "", "why"};
	assert_int_equal(audit_append(f->s, &e), SN_OK);
	char want[128];
	snprintf(want, sizeof want, "SELECT count(*) FROM audit WHERE reason = 'why%s'", note);
	assert_int_equal(count(f, want), 1);
	store_set_audit_note(f->s, NULL);

	json_t *list = NULL;
	assert_int_equal(token_list(f->s, &list), SN_OK);
	assert_int_equal(json_array_size(list), 1);
	json_t *t = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(t, "email")), "partner@example.org");
	assert_string_equal(json_string_value(json_object_get(t, "name")), "Feed for the food bank");
	assert_string_equal(json_string_value(json_object_get(t, "revoked_at")), "");
	char *dump = json_dumps(list, 0);
	assert_null(strstr(dump, tok)); /* never the token */
	free(dump);
	json_decref(list);

	assert_int_equal(token_revoke(f->s, id, "system"), SN_OK);
	assert_int_equal(token_lookup(f->s, hash, &got_user, &got_id), SN_ENOTFOUND);
	assert_int_equal(access_bearer_find(f->s, tok, f->a, &u), SN_ENOTFOUND);
	assert_null(u);
	assert_int_equal(token_revoke(f->s, id + 100, "system"), SN_ENOTFOUND);
}

static void test_refusals(void **state)
{
	fixture *f = *state;
	fixture_user(f, "worker@example.org", R_WORKER);
	char tok[TOKEN_LEN + 1], hash[65];
	int64_t id = 0, uid = 0, tid = 0;
	assert_int_equal(token_add(f->s, "nobody@example.org", "x", 1, "system", tok, &id), SN_ENOTFOUND);
	assert_int_equal(token_add(f->s, "worker@example.org", "", 1, "system", tok, &id), SN_EINPUT);
	assert_int_equal(token_add(f->s, "worker@example.org", "bad\nname", 1, "system", tok, &id), SN_EINPUT);
	assert_int_equal(token_add(f->s, "worker@example.org", "x", TOKEN_DAYS_MAX + 1, "system", tok, &id),
			 SN_EINPUT);
	assert_int_equal(count(f, "SELECT count(*) FROM api_tokens"), 0);

	/* --days 0: expired at once. */
	assert_int_equal(token_add(f->s, "worker@example.org", "expired", 0, "system", tok, &id), SN_OK);
	token_hash(tok, hash);
	assert_int_equal(token_lookup(f->s, hash, &uid, &tid), SN_ENOTFOUND);

	/* One day: good now, refused a day later. */
	assert_int_equal(token_add(f->s, "worker@example.org", "a day", 1, "system", tok, &id), SN_OK);
	token_hash(tok, hash);
	assert_int_equal(token_lookup(f->s, hash, &uid, &tid), SN_OK);
	time_set_offset(86400);
	assert_int_equal(token_lookup(f->s, hash, &uid, &tid), SN_ENOTFOUND);
	time_set_offset(0);

	/* A disabled account's token does not work, and it gets no new one. */
	char err[128];
	assert_int_equal(user_set_disabled(f->s, "worker@example.org", true, "system", err, sizeof err), SN_OK);
	web_user *u = NULL;
	assert_int_equal(access_bearer_find(f->s, tok, f->a, &u), SN_ENOTFOUND);
	assert_int_equal(token_add(f->s, "worker@example.org", "x", 1, "system", tok, &id), SN_ECONFLICT);
	/* Not the shape of a token: not even looked up. */
	assert_int_equal(access_bearer_find(f->s, "snt_short", f->a, &u), SN_ENOTFOUND);
}

static void test_touch_once_a_minute(void **state)
{
	fixture *f = *state;
	fixture_user(f, "p@example.org", R_PARTNER);
	char tok[TOKEN_LEN + 1], hash[65];
	int64_t id = 0, uid = 0, tid = 0;
	assert_int_equal(token_add(f->s, "p@example.org", "t", -1, "system", tok, &id), SN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM api_tokens WHERE expires_at IS NULL"), 1);
	token_hash(tok, hash);
	assert_int_equal(token_lookup(f->s, hash, &uid, &tid), SN_OK);
	/* Rewind last_used_at by 30 seconds: not written again within the minute. */
	assert_int_equal(store_run(f->s, "UPDATE api_tokens SET last_used_at = '2000-01-01T00:00:00Z'", ""), SN_OK);
	time_set_offset(0);
	assert_int_equal(token_lookup(f->s, hash, &uid, &tid), SN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM api_tokens WHERE last_used_at <> '2000-01-01T00:00:00Z'"), 1);
	char at[21];
	time_iso8601(time_now() - 30, at);
	assert_int_equal(store_run(f->s, "UPDATE api_tokens SET last_used_at = ?", "t", at), SN_OK);
	assert_int_equal(token_lookup(f->s, hash, &uid, &tid), SN_OK);
	char want[96];
	snprintf(want, sizeof want, "SELECT count(*) FROM api_tokens WHERE last_used_at = '%s'", at);
	assert_int_equal(count(f, want), 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_usable),
		cmocka_unit_test(test_touch_due),
		T(test_add_lookup_revoke),
		T(test_refusals),
		T(test_touch_once_a_minute),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
