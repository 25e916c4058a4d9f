/* Unit tests for access/password: policy, common passwords, argon2id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access/access.h"

static void expect_refused(const char *pw, const char *email, const char *why_part)
{
	const char *why = NULL;
	if (password_policy(pw, email, &why) != SN_EINPUT)
		fail_msg("password '%.40s' (%zu bytes) was accepted", pw, strlen(pw));
	assert_non_null(why);
	if (!strstr(why, why_part))
		fail_msg("password '%.40s': reason '%s' lacks '%s'", pw, why, why_part);
}

static void expect_accepted(const char *pw, const char *email)
{
	const char *why = NULL;
	if (password_policy(pw, email, &why) != SN_OK)
		fail_msg("password '%.40s' refused: %s", pw, why ? why : "?");
}

static void test_policy_length(void **state)
{
	(void)state;
	expect_refused("", NULL, "10 characters");
	expect_refused("short", NULL, "10 characters");
	expect_refused("nine1234!", NULL, "10 characters"); /* 9 bytes */
	expect_accepted("ten-1234!Z", NULL);                 /* 10 bytes */

	/* A passphrase of exactly PASSWORD_MAX bytes, then one byte more. */
	char *pw = malloc(PASSWORD_MAX + 2);
	assert_non_null(pw);
	rng r;
	rng_seed(&r, 1);
	for (size_t i = 0; i < PASSWORD_MAX + 1; i++)
		pw[i] = (char)('a' + rng_below(&r, 26));
	pw[PASSWORD_MAX] = 0;
	expect_accepted(pw, NULL);
	pw[PASSWORD_MAX] = 'q';
	pw[PASSWORD_MAX + 1] = 0;
	expect_refused(pw, NULL, "1024");
	free(pw);
}

static void test_policy_common(void **state)
{
	(void)state;
	static const char *const common[] = {
		"password123", "qwertyuiop", "PASSWORD123", "Password123",
		"QwErTyUiOp",  "QWERTYUIOP", "1234567890", "iloveyou123",
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(common); i++) {
		assert_true(password_is_common(common[i]));
		expect_refused(common[i], NULL, "too common");
	}
	/* Repeating one character is refused whatever its length. */
	expect_refused("aaaaaaaaaaaaaaaaaaaaaaaaa", NULL, "too common");
	expect_refused("                    ", NULL, "too common");
	/* Close to common but not on the list. */
	assert_false(password_is_common("password123 marmalade"));
	assert_false(password_is_common("vq8#Lm2!xw7Z"));
	assert_false(password_is_common(""));
}

static void test_policy_passphrase(void **state)
{
	(void)state;
	expect_accepted("marmalade tractor violin pebble", NULL);
	expect_accepted("marmalade tractor violin pebble", "jo.bloggs@example.com");
	expect_accepted("Tr0ub4dor&3-horse-staple-ink", "someone@example.org");
	/* Non-ASCII passphrases are fine. */
	expect_accepted("caf\xc3\xa9 cr\xc3\xa8" "me br\xc3\xbbl\xc3\xa9" "e", NULL);
}

static void test_policy_email(void **state)
{
	(void)state;
	const char *email = "jo.bloggs@example.com";
	expect_refused("jo.bloggs2024!", email, "email");
	expect_refused("JO.BLOGGS-is-me", email, "email");
	expect_refused("jo.bloggs@example.com", email, "email");
	/* A very short local part is not treated as a word to avoid. */
	expect_accepted("ann-marmalade-tractor", "ann@example.com");
	/* Without an email there is nothing to compare with. */
	expect_accepted("jo.bloggs2024!", NULL);
}

static void test_hash_verify(void **state)
{
	(void)state;
	char h1[128], h2[128];
	const char *pw = "marmalade tractor violin pebble";
	assert_int_equal(password_hash(pw, h1), SN_OK);
	assert_int_equal(password_hash(pw, h2), SN_OK);
	assert_true(strncmp(h1, "$argon2id$", 10) == 0);
	assert_true(strlen(h1) < 128);
	/* Salted: the same password hashes differently each time. */
	assert_string_not_equal(h1, h2);
	assert_true(password_verify(h1, pw));
	assert_true(password_verify(h2, pw));
	assert_false(password_verify(h1, "marmalade tractor violin pebbles"));
	assert_false(password_verify(h1, "Marmalade tractor violin pebble"));
	assert_false(password_verify(h1, ""));
	assert_false(password_verify(h1, NULL));
	assert_false(password_verify(NULL, pw));
	assert_false(password_verify("", pw));
	assert_false(password_verify("not a hash", pw));
	/* A tampered hash does not verify. */
	char bad[128];
	memcpy(bad, h1, sizeof bad);
	size_t n = strlen(bad);
	bad[n - 1] = bad[n - 1] == 'A' ? 'B' : 'A';
	assert_false(password_verify(bad, pw));
	/* An over-long password is refused without hashing it. */
	char *huge = malloc(PASSWORD_MAX + 2);
	assert_non_null(huge);
	memset(huge, 'x', PASSWORD_MAX + 1);
	huge[PASSWORD_MAX + 1] = 0;
	assert_false(password_verify(h1, huge));
	free(huge);
}

int main(void)
{
	if (base_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_length),
		cmocka_unit_test(test_policy_common),
		cmocka_unit_test(test_policy_passphrase),
		cmocka_unit_test(test_policy_email),
		cmocka_unit_test(test_hash_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
