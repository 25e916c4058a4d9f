/* Unit tests for access/user: add, load, duplicates, disable, list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access_fixture.h"

static int64_t id_of(fixture *f, const char *email)
{
	int64_t id = 0;
	assert_int_equal(store_one_i64(f->s, &id, "SELECT id FROM users WHERE email = ?",
				       "t", email),
			 SN_OK);
	return id;
}

static int64_t audit_count(fixture *f, const char *action)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE action = ?",
				       "t", action),
			 SN_OK);
	return n;
}

static void test_add_and_load_roles(void **state)
{
	fixture *f = *state;
	char uuid[37] = "", err[256] = "";
	assert_int_equal(user_add(f->s, "sam.worker@example.org", "Sam Worker",
				  R_WORKER | R_ADMIN, "marmalade tractor violin", "system",
				  uuid, err, sizeof err),
			 SN_OK);
	assert_true(str_is_uuid(uuid));
	int64_t id = id_of(f, "sam.worker@example.org");
	web_user *u = NULL;
	assert_int_equal(user_load(f->s, id, f->a, &u), SN_OK);
	assert_non_null(u);
	assert_int_equal(u->id, id);
	assert_string_equal(u->uuid, uuid);
	assert_string_equal(u->name, "Sam Worker");
	assert_string_equal(u->email, "sam.worker@example.org");
	assert_int_equal(u->roles, R_WORKER | R_ADMIN);
	/* Only the hash is stored, and it verifies. */
	store_stmt *st = NULL;
	bool row = false;
	assert_int_equal(store_query(f->s, &st, "SELECT password_hash FROM users WHERE id = ?",
				     "i", id),
			 SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_string_not_equal(store_col_text(st, 0), "marmalade tractor violin");
	assert_true(password_verify(store_col_text(st, 0), "marmalade tractor violin"));
	store_done(st);
	/* The addition is audited by uuid, never by email. */
	assert_int_equal(audit_count(f, "user.add"), 1);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE record = ? "
					       "AND actor = 'system'",
				       "t", arena_printf(f->a, "user:%s", uuid)),
			 SN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE record "
					       "LIKE '%example.org%'", ""),
			 SN_OK);
	assert_int_equal(n, 0);

	/* Every single role round-trips, and all of them together. */
	for (int i = 0; i < 8; i++) {
		char email[64];
		snprintf(email, sizeof email, "role%d@example.org", i);
		int64_t rid = fixture_user(f, email, 1u << i);
		web_user *ru = fixture_load(f, rid);
		assert_int_equal(ru->roles, 1u << i);
	}
	int64_t all = fixture_user(f, "all@example.org", R_ALL_ROLES);
	assert_int_equal(fixture_load(f, all)->roles, R_ALL_ROLES);
	assert_int_equal(user_load(f->s, 99999, f->a, &u), SN_ENOTFOUND);
}

static void test_add_refuses_bad_input(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	const char *pw = "marmalade tractor violin";
	assert_int_equal(user_add(f->s, "not-an-email", "N", R_WORKER, pw, "system", NULL,
				  err, sizeof err),
			 SN_EINPUT);
	assert_non_null(strstr(err, "email"));
	assert_int_equal(user_add(f->s, "a@example.org", "", R_WORKER, pw, "system", NULL,
				  err, sizeof err),
			 SN_EINPUT);
	assert_int_equal(user_add(f->s, "a@example.org", "A", 0, pw, "system", NULL, err,
				  sizeof err),
			 SN_EINPUT);
	assert_non_null(strstr(err, "role"));
	assert_int_equal(user_add(f->s, "a@example.org", "A", R_WORKER, "password123",
				  "system", NULL, err, sizeof err),
			 SN_EINPUT);
	assert_non_null(strstr(err, "common"));
	char long_name[300];
	memset(long_name, 'n', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = 0;
	assert_int_equal(user_add(f->s, "a@example.org", long_name, R_WORKER, pw, "system",
				  NULL, err, sizeof err),
			 SN_EINPUT);
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM users", ""), SN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(audit_count(f, "user.add"), 0);
}

static void test_duplicate_email_conflict(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	const char *pw = "marmalade tractor violin";
	assert_int_equal(user_add(f->s, "dup@example.org", "First", R_RESIDENT, pw, "system",
				  NULL, err, sizeof err),
			 SN_OK);
	assert_int_equal(user_add(f->s, "dup@example.org", "Second", R_CARER, pw, "system",
				  NULL, err, sizeof err),
			 SN_ECONFLICT);
	assert_non_null(strstr(err, "already exists"));
	/* Emails compare without case. */
	assert_int_equal(user_add(f->s, "DUP@Example.ORG", "Third", R_CARER, pw, "system",
				  NULL, err, sizeof err),
			 SN_ECONFLICT);
	/* Nothing of the failed additions was kept: one user, one role, one
	 * audit entry, no transaction left open. */
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM users", ""), SN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM user_roles", ""), SN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(audit_count(f, "user.add"), 1);
	assert_false(store_in_tx(f->s));
	int64_t id = id_of(f, "dup@example.org");
	assert_int_equal(fixture_load(f, id)->roles, R_RESIDENT);
}

static void test_set_password_and_disable(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	int64_t id = fixture_user(f, "kim@example.org", R_CARER);
	char token[64], hash[65], csrf[64];
	assert_int_equal(session_create(f->s, id, token, hash, csrf), SN_OK);

	assert_int_equal(user_set_password(f->s, "kim@example.org", "qwertyuiop", "system",
					   err, sizeof err),
			 SN_EINPUT);
	assert_int_equal(user_set_password(f->s, "nobody@example.org",
					   "violin marmalade tractor", "system", err,
					   sizeof err),
			 SN_ENOTFOUND);
	assert_false(store_in_tx(f->s));
	assert_int_equal(user_set_password(f->s, "kim@example.org",
					   "violin marmalade tractor", "system", err,
					   sizeof err),
			 SN_OK);
	int64_t uid = 0, rm = 0;
	assert_int_equal(auth_sign_in(f->s, "kim@example.org", "violin marmalade tractor",
				      "192.0.2.1", &uid, &rm),
			 SN_OK);
	assert_int_equal(uid, id);
	assert_int_equal(auth_sign_in(f->s, "kim@example.org", FIXTURE_PASSWORD, "192.0.2.1",
				      &uid, &rm),
			 SN_EINPUT);
	/* A new password ends the account's sessions. */
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM sessions WHERE "
					       "user_id = ?", "i", id),
			 SN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(audit_count(f, "user.set_password"), 1);

	/* Disabled: not loadable, cannot sign in; enabled again: both work. */
	assert_int_equal(user_set_disabled(f->s, "kim@example.org", true, "system", err,
					   sizeof err),
			 SN_OK);
	web_user *u = NULL;
	assert_int_equal(user_load(f->s, id, f->a, &u), SN_ENOTFOUND);
	assert_int_equal(auth_sign_in(f->s, "kim@example.org", "violin marmalade tractor",
				      "192.0.2.1", &uid, &rm),
			 SN_EINPUT);
	assert_int_equal(uid, 0);
	assert_int_equal(user_set_disabled(f->s, "kim@example.org", false, "system", err,
					   sizeof err),
			 SN_OK);
	assert_int_equal(user_load(f->s, id, f->a, &u), SN_OK);
	assert_int_equal(audit_count(f, "user.disable"), 1);
	assert_int_equal(audit_count(f, "user.enable"), 1);
}

static void test_list(void **state)
{
	fixture *f = *state;
	fixture_user(f, "b@example.org", R_WORKER | R_ADMIN);
	fixture_user(f, "a@example.org", R_RESIDENT);
	json_t *list = NULL;
	assert_int_equal(user_list(f->s, &list), SN_OK);
	assert_int_equal(json_array_size(list), 2);
	json_t *first = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(first, "email")), "a@example.org");
	assert_false(json_is_true(json_object_get(first, "disabled")));
	json_t *second = json_array_get(list, 1);
	json_t *roles = json_object_get(second, "roles");
	assert_int_equal(json_array_size(roles), 2);
	assert_true(str_is_uuid(json_string_value(json_object_get(second, "uuid"))));
	/* No password hash leaks into the list. */
	char *dump = json_dumps(list, 0);
	assert_null(strstr(dump, "argon2"));
	free(dump);
	json_decref(list);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_add_and_load_roles),
		T(test_add_refuses_bad_input),
		T(test_duplicate_email_conflict),
		T(test_set_password_and_disable),
		T(test_list),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
