/* Unit tests for access/session: session expiry and throttled sign-in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access_fixture.h"

static const session_policy policy = {.idle_seconds = 600, .max_seconds = 3600};

static int64_t session_rows(fixture *f)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM sessions", ""), SN_OK);
	return n;
}

static sn_err lookup(fixture *f, const char *token, web_user **u)
{
	char *hash = NULL, *csrf = NULL;
	return session_lookup(f->s, token, &policy, f->a, &hash, &csrf, u);
}

/* ---- sessions ---- */

static void test_create_lookup(void **state)
{
	fixture *f = *state;
	int64_t id = fixture_user(f, "pat@example.org", R_WORKER | R_CARER);
	char token[64], hash[65], csrf[64];
	assert_int_equal(session_create(f->s, id, token, hash, csrf), SN_OK);
	assert_int_equal(strlen(token), 43);
	assert_int_equal(strlen(csrf), 43);
	assert_int_equal(strlen(hash), 64);
	assert_string_not_equal(token, csrf);
	/* Only the hash of the token is stored. */
	char want[65];
	sha256_hex(token, strlen(token), want);
	assert_string_equal(hash, want);
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM sessions WHERE id_hash = ?",
				       "t", token),
			 SN_OK);
	assert_int_equal(n, 0);

	char *h = NULL, *c = NULL;
	web_user *u = NULL;
	assert_int_equal(session_lookup(f->s, token, &policy, f->a, &h, &c, &u), SN_OK);
	assert_non_null(u);
	assert_int_equal(u->id, id);
	assert_int_equal(u->roles, R_WORKER | R_CARER);
	assert_string_equal(u->email, "pat@example.org");
	assert_string_equal(h, hash);
	assert_string_equal(c, csrf);

	/* Wrong, truncated, empty and missing tokens find nothing. */
	char wrong[64];
	memcpy(wrong, token, sizeof wrong);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	assert_int_equal(lookup(f, wrong, &u), SN_ENOTFOUND);
	assert_null(u);
	char shortened[64];
	snprintf(shortened, sizeof shortened, "%.42s", token);
	assert_int_equal(lookup(f, shortened, &u), SN_ENOTFOUND);
	assert_int_equal(lookup(f, "", &u), SN_ENOTFOUND);
	assert_int_equal(lookup(f, NULL, &u), SN_ENOTFOUND);
	assert_int_equal(lookup(f, hash, &u), SN_ENOTFOUND); /* the hash is no token */

	/* Destroyed: gone. */
	assert_int_equal(session_destroy(f->s, hash), SN_OK);
	assert_int_equal(lookup(f, token, &u), SN_ENOTFOUND);
	assert_int_equal(session_rows(f), 0);
}

static void test_anonymous_session(void **state)
{
	fixture *f = *state;
	char token[64], hash[65], csrf[64];
	assert_int_equal(session_create(f->s, 0, token, hash, csrf), SN_OK);
	char *h = NULL, *c = NULL;
	web_user stale = {0};
	web_user *u = &stale; /* must be reset to NULL */
	assert_int_equal(session_lookup(f->s, token, &policy, f->a, &h, &c, &u), SN_OK);
	assert_null(u);
	assert_string_equal(c, csrf);
	/* Two sessions never share a token or a CSRF token. */
	char token2[64], hash2[65], csrf2[64];
	assert_int_equal(session_create(f->s, 0, token2, hash2, csrf2), SN_OK);
	assert_string_not_equal(token, token2);
	assert_string_not_equal(csrf, csrf2);
	assert_int_equal(session_rows(f), 2);
}

static void test_idle_expiry(void **state)
{
	fixture *f = *state;
	int64_t id = fixture_user(f, "idle@example.org", R_RESIDENT);
	char token[64], hash[65], csrf[64];
	assert_int_equal(session_create(f->s, id, token, hash, csrf), SN_OK);
	web_user *u = NULL;
	time_set_offset(policy.idle_seconds - 5);
	assert_int_equal(lookup(f, token, &u), SN_OK);
	assert_non_null(u);
	/* That request counted as activity: idle is measured from it. */
	time_set_offset(2 * policy.idle_seconds - 10);
	assert_int_equal(lookup(f, token, &u), SN_OK);
	/* Then a long silence. */
	time_set_offset(3 * policy.idle_seconds);
	assert_int_equal(lookup(f, token, &u), SN_ENOTFOUND);
	assert_null(u);
	/* The expired session was deleted, so going back does not revive it. */
	time_set_offset(0);
	assert_int_equal(session_rows(f), 0);
	assert_int_equal(lookup(f, token, &u), SN_ENOTFOUND);
}

static void test_absolute_expiry(void **state)
{
	fixture *f = *state;
	int64_t id = fixture_user(f, "busy@example.org", R_RESIDENT);
	char token[64], hash[65], csrf[64];
	assert_int_equal(session_create(f->s, id, token, hash, csrf), SN_OK);
	web_user *u = NULL;
	/* Active every five minutes: never idle, but the absolute limit
	 * still ends the session. */
	int64_t t = 0;
	for (; t < policy.max_seconds - 60; t += 300) {
		time_set_offset(t);
		if (lookup(f, token, &u) != SN_OK)
			fail_msg("session ended early, at %lld s", (long long)t);
	}
	time_set_offset(policy.max_seconds + 1);
	assert_int_equal(lookup(f, token, &u), SN_ENOTFOUND);
	time_set_offset(0);
	assert_int_equal(session_rows(f), 0);
}

static void test_disabled_user_session(void **state)
{
	fixture *f = *state;
	int64_t id = fixture_user(f, "gone@example.org", R_WORKER);
	char token[64], hash[65], csrf[64];
	web_user *u = NULL;
	assert_int_equal(session_create(f->s, id, token, hash, csrf), SN_OK);
	assert_int_equal(lookup(f, token, &u), SN_OK);
	/* Disabled behind the application's back (another process): the
	 * session stops working at the next request and is removed. */
	assert_int_equal(store_run(f->s, "UPDATE users SET disabled = 1 WHERE id = ?", "i", id),
			 SN_OK);
	assert_int_equal(lookup(f, token, &u), SN_ENOTFOUND);
	assert_null(u);
	assert_int_equal(session_rows(f), 0);
	/* Re-enabling does not bring the old session back. */
	assert_int_equal(store_run(f->s, "UPDATE users SET disabled = 0 WHERE id = ?", "i", id),
			 SN_OK);
	assert_int_equal(lookup(f, token, &u), SN_ENOTFOUND);

	/* Disabled through user_set_disabled: sessions end at once. */
	assert_int_equal(session_create(f->s, id, token, hash, csrf), SN_OK);
	char err[256];
	assert_int_equal(user_set_disabled(f->s, "gone@example.org", true, "system", err,
					   sizeof err),
			 SN_OK);
	assert_int_equal(lookup(f, token, &u), SN_ENOTFOUND);
}

static void test_create_sweeps_stale(void **state)
{
	fixture *f = *state;
	char token[64], hash[65], csrf[64];
	assert_int_equal(session_create(f->s, 0, token, hash, csrf), SN_OK);
	time_set_offset(86400 + 10);
	assert_int_equal(session_create(f->s, 0, token, hash, csrf), SN_OK);
	time_set_offset(0);
	assert_int_equal(session_rows(f), 1);
}

/* ---- sign-in and throttling ---- */

static void test_sign_in(void **state)
{
	fixture *f = *state;
	int64_t id = fixture_user(f, "lee@example.org", R_CARER);
	int64_t uid = -1, rm = -1;
	assert_int_equal(auth_sign_in(f->s, "lee@example.org", FIXTURE_PASSWORD, "192.0.2.7",
				      &uid, &rm),
			 SN_OK);
	assert_int_equal(uid, id);
	assert_int_equal(rm, 0);
	/* Email case does not matter. */
	assert_int_equal(auth_sign_in(f->s, "LEE@Example.org", FIXTURE_PASSWORD, "192.0.2.7",
				      &uid, &rm),
			 SN_OK);
	assert_int_equal(uid, id);
	/* Wrong password and unknown email give the same answer. */
	assert_int_equal(auth_sign_in(f->s, "lee@example.org", "not the password", "192.0.2.7",
				      &uid, &rm),
			 SN_EINPUT);
	assert_int_equal(uid, 0);
	assert_int_equal(auth_sign_in(f->s, "nobody@example.org", FIXTURE_PASSWORD,
				      "192.0.2.7", &uid, &rm),
			 SN_EINPUT);
	assert_int_equal(uid, 0);
	assert_int_equal(auth_sign_in(f->s, "lee@example.org", "", "192.0.2.7", &uid, &rm),
			 SN_EINPUT);
	assert_false(store_in_tx(f->s));
	/* Each attempt is audited. */
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE action = "
					       "'auth.sign_in'", ""),
			 SN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE action = "
					       "'auth.sign_in_failed'", ""),
			 SN_OK);
	assert_int_equal(n, 3);
	/* The audit never records the password tried. */
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE reason "
					       "LIKE '%not the password%'", ""),
			 SN_OK);
	assert_int_equal(n, 0);
}

static void test_account_throttle(void **state)
{
	fixture *f = *state;
	int64_t id = fixture_user(f, "max@example.org", R_RESIDENT);
	int64_t uid = -1, rm = -1;
	for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES; i++)
		assert_int_equal(auth_sign_in(f->s, "max@example.org", "wrong password",
					      "192.0.2.10", &uid, &rm),
				 SN_EINPUT);
	/* Now even the right password is refused from that address (whatever
	 * the case of the email), and the throttled attempt does not extend
	 * the lock; from another address the owner gets in (issue 15). */
	assert_int_equal(auth_sign_in(f->s, "max@example.org", FIXTURE_PASSWORD, "192.0.2.10",
				      &uid, &rm),
			 SN_ETHROTTLED);
	assert_int_equal(uid, 0);
	assert_true(rm >= 1 && rm <= THROTTLE_WINDOW_SECONDS / 60);
	assert_int_equal(auth_sign_in(f->s, "MAX@example.org", FIXTURE_PASSWORD, "192.0.2.10",
				      &uid, &rm),
			 SN_ETHROTTLED);
	assert_int_equal(auth_sign_in(f->s, "max@example.org", FIXTURE_PASSWORD, "198.51.100.1",
				      &uid, &rm),
			 SN_OK);
	assert_int_equal(uid, id);
	uid = -1;
	/* Another account is not affected. */
	int64_t other = fixture_user(f, "other@example.org", R_RESIDENT);
	assert_int_equal(auth_sign_in(f->s, "other@example.org", FIXTURE_PASSWORD,
				      "198.51.100.1", &uid, &rm),
			 SN_OK);
	assert_int_equal(uid, other);
	/* Near the end of the window it says so. */
	time_set_offset(THROTTLE_WINDOW_SECONDS - 90);
	assert_int_equal(auth_sign_in(f->s, "max@example.org", FIXTURE_PASSWORD, "192.0.2.10",
				      &uid, &rm),
			 SN_ETHROTTLED);
	assert_true(rm >= 1 && rm <= 2);
	/* Once the window has passed, the right password works again. */
	time_set_offset(THROTTLE_WINDOW_SECONDS + 1);
	assert_int_equal(auth_sign_in(f->s, "max@example.org", FIXTURE_PASSWORD, "192.0.2.10",
				      &uid, &rm),
			 SN_OK);
	assert_int_equal(uid, id);
	time_set_offset(0);
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE action = "
					       "'auth.sign_in_throttled'", ""),
			 SN_OK);
	assert_int_equal(n, 3);
}

static void test_success_resets_account_failures(void **state)
{
	fixture *f = *state;
	fixture_user(f, "ria@example.org", R_RESIDENT);
	int64_t uid = -1, rm = -1;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES - 1; i++)
			assert_int_equal(auth_sign_in(f->s, "ria@example.org", "wrong password",
						      "192.0.2.20", &uid, &rm),
					 SN_EINPUT);
		assert_int_equal(auth_sign_in(f->s, "ria@example.org", FIXTURE_PASSWORD,
					      "192.0.2.20", &uid, &rm),
				 SN_OK);
	}
	/* Failures spread over more than a window never add up to a lock. */
	for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES + 2; i++) {
		time_set_offset((int64_t)i * (THROTTLE_WINDOW_SECONDS / 2 + 1));
		assert_int_equal(auth_sign_in(f->s, "ria@example.org", "wrong password",
					      "192.0.2.21", &uid, &rm),
				 SN_EINPUT);
	}
	assert_int_equal(auth_sign_in(f->s, "ria@example.org", FIXTURE_PASSWORD, "192.0.2.21",
				      &uid, &rm),
			 SN_OK);
	time_set_offset(0);
}

static void test_address_throttle(void **state)
{
	fixture *f = *state;
	int64_t uid = -1, rm = -1;
	/* One address trying many accounts, a few times each. */
	for (int i = 0; i < THROTTLE_ADDRESS_FAILURES; i++) {
		char email[64];
		snprintf(email, sizeof email, "guess%d@example.org", i / 2);
		assert_int_equal(auth_sign_in(f->s, email, "wrong password", "203.0.113.9", &uid,
					      &rm),
				 SN_EINPUT);
	}
	int64_t id = fixture_user(f, "real@example.org", R_RESIDENT);
	assert_int_equal(auth_sign_in(f->s, "real@example.org", FIXTURE_PASSWORD, "203.0.113.9",
				      &uid, &rm),
			 SN_ETHROTTLED);
	assert_true(rm >= 1);
	/* The same account from elsewhere is fine. */
	assert_int_equal(auth_sign_in(f->s, "real@example.org", FIXTURE_PASSWORD, "203.0.113.10",
				      &uid, &rm),
			 SN_OK);
	assert_int_equal(uid, id);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_lookup),
		T(test_anonymous_session),
		T(test_idle_expiry),
		T(test_absolute_expiry),
		T(test_disabled_user_session),
		T(test_create_sweeps_stale),
		T(test_sign_in),
		T(test_account_throttle),
		T(test_success_resets_account_failures),
		T(test_address_throttle),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
