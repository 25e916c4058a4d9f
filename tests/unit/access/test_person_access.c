/* Unit tests for access/person_access: bases of access and break glass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access_fixture.h"

#define REASON "Welfare check: not answering the door since Monday"

/* A person record and the people around it. */
typedef struct {
	fixture *f;
	int64_t person;
	char person_uuid[37];
	web_user *self, *carer, *worker, *other_worker, *admin, *stranger,
		*coordinator;
} world;

static int64_t add_person(fixture *f, const char *given, int64_t user_id, char uuid[37])
{
	uuid_v4(uuid);
	const char *now = "2026-01-01T00:00:00Z";
	if (user_id)
		assert_int_equal(store_run(f->s, "INSERT INTO people(uuid, given_name, family_name, "
						 "user_id, created_at, updated_at) VALUES (?,?,?,?,?,?)",
					   "tttitt", uuid, given, "Example", user_id, now, now),
				 SN_OK);
	else
		assert_int_equal(store_run(f->s, "INSERT INTO people(uuid, given_name, family_name, "
						 "created_at, updated_at) VALUES (?,?,?,?,?)",
					   "ttttt", uuid, given, "Example", now, now),
				 SN_OK);
	return store_last_id(f->s);
}

static void relate(fixture *f, int64_t person, int64_t user, const char *kind)
{
	assert_int_equal(store_run(f->s, "INSERT INTO relationships(person_id, user_id, kind, "
					 "since) VALUES (?,?,?,?)",
				   "iitt", person, user, kind, "2026-01-01"),
			 SN_OK);
}

static world make_world(fixture *f)
{
	world w = {.f = f};
	int64_t self = fixture_user(f, "self@example.org", R_RESIDENT);
	int64_t carer = fixture_user(f, "carer@example.org", R_CARER);
	int64_t worker = fixture_user(f, "worker@example.org", R_WORKER);
	int64_t other = fixture_user(f, "other.worker@example.org", R_WORKER);
	int64_t admin = fixture_user(f, "admin@example.org", R_ADMIN);
	int64_t stranger = fixture_user(f, "stranger@example.org", R_RESIDENT | R_CARER);
	int64_t coord = fixture_user(f, "coord@example.org",
				     R_COORDINATOR | R_MODERATOR | R_COMMISSIONER | R_PARTNER);
	w.person = add_person(f, "Alex", self, w.person_uuid);
	relate(f, w.person, carer, "named");
	relate(f, w.person, worker, "worker");
	w.self = fixture_load(f, self);
	w.carer = fixture_load(f, carer);
	w.worker = fixture_load(f, worker);
	w.other_worker = fixture_load(f, other);
	w.admin = fixture_load(f, admin);
	w.stranger = fixture_load(f, stranger);
	w.coordinator = fixture_load(f, coord);
	return w;
}

static access_basis basis_of(fixture *f, const web_user *u, int64_t person)
{
	access_basis b = (access_basis)99;
	assert_int_equal(access_person(f->s, u, person, &b), SN_OK);
	return b;
}

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

static void test_bases(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	assert_int_equal(basis_of(f, w.self, w.person), ACCESS_SELF);
	assert_int_equal(basis_of(f, w.carer, w.person), ACCESS_NAMED);
	assert_int_equal(basis_of(f, w.worker, w.person), ACCESS_WORKER);
	assert_int_equal(basis_of(f, w.other_worker, w.person), ACCESS_NONE);
	assert_int_equal(basis_of(f, w.admin, w.person), ACCESS_NONE);
	assert_int_equal(basis_of(f, w.stranger, w.person), ACCESS_NONE);
	assert_int_equal(basis_of(f, w.coordinator, w.person), ACCESS_NONE);
	assert_int_equal(basis_of(f, NULL, w.person), ACCESS_NONE);
	/* No such person. */
	access_basis b = ACCESS_SELF;
	assert_int_equal(access_person(f->s, w.worker, w.person + 1000, &b), SN_ENOTFOUND);
	assert_int_equal(b, ACCESS_NONE);
	/* A second person: the relationships do not carry over. */
	char uuid2[37];
	int64_t p2 = add_person(f, "Bo", 0, uuid2);
	assert_int_equal(basis_of(f, w.self, p2), ACCESS_NONE);
	assert_int_equal(basis_of(f, w.carer, p2), ACCESS_NONE);
	assert_int_equal(basis_of(f, w.worker, p2), ACCESS_NONE);
	assert_string_equal(access_basis_name(ACCESS_SELF), "self");
	assert_string_equal(access_basis_name(ACCESS_WORKER), "assigned worker");
	assert_string_equal(access_basis_name(ACCESS_NONE), "none");
	assert_string_equal(access_basis_name(ACCESS_BREAK_GLASS), "break glass");
}

static void test_worker_needs_role(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	/* The assigned worker who no longer holds the worker role. */
	web_user former = *w.worker;
	former.roles = R_RESIDENT;
	assert_int_equal(basis_of(f, &former, w.person), ACCESS_NONE);
	/* ...but who is also named by the person keeps that basis. */
	relate(f, w.person, w.worker->id, "named");
	former.roles = R_CARER;
	assert_int_equal(basis_of(f, &former, w.person), ACCESS_NAMED);
	/* Worker beats named when the role is held. */
	assert_int_equal(basis_of(f, w.worker, w.person), ACCESS_WORKER);
}

static void test_break_glass(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	assert_int_equal(basis_of(f, w.other_worker, w.person), ACCESS_NONE);
	assert_int_equal(access_break_glass(f->s, w.other_worker, w.person, w.person_uuid,
					    REASON),
			 SN_OK);
	assert_false(store_in_tx(f->s));
	assert_int_equal(basis_of(f, w.other_worker, w.person), ACCESS_BREAK_GLASS);
	/* Only for that user and that person. */
	assert_int_equal(basis_of(f, w.admin, w.person), ACCESS_NONE);
	char uuid2[37];
	int64_t p2 = add_person(f, "Bo", 0, uuid2);
	assert_int_equal(basis_of(f, w.other_worker, p2), ACCESS_NONE);
	/* Audited with the reason, by uuid. */
	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st, "SELECT actor, role, record, reason FROM audit "
						"WHERE action = 'person.break_glass'", ""),
			 SN_OK);
	bool row = false;
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_string_equal(store_col_text(st, 0), w.other_worker->uuid);
	assert_string_equal(store_col_text(st, 1), "worker");
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", w.person_uuid);
	assert_string_equal(store_col_text(st, 2), rec);
	assert_string_equal(store_col_text(st, 3), REASON);
	store_done(st);

	/* It runs out after BREAK_GLASS_MINUTES. */
	time_set_offset(BREAK_GLASS_MINUTES * 60 - 30);
	assert_int_equal(basis_of(f, w.other_worker, w.person), ACCESS_BREAK_GLASS);
	time_set_offset(BREAK_GLASS_MINUTES * 60 + 1);
	assert_int_equal(basis_of(f, w.other_worker, w.person), ACCESS_NONE);
	time_set_offset(0);

	/* An admin may break glass too. */
	assert_int_equal(access_break_glass(f->s, w.admin, w.person, w.person_uuid, REASON),
			 SN_OK);
	assert_int_equal(basis_of(f, w.admin, w.person), ACCESS_BREAK_GLASS);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = "
				  "'person.break_glass' AND role = 'admin'"),
			 1);
	/* Self and relationships still come first. */
	assert_int_equal(access_break_glass(f->s, w.worker, w.person, w.person_uuid, REASON),
			 SN_OK);
	assert_int_equal(basis_of(f, w.worker, w.person), ACCESS_WORKER);
}

static void test_break_glass_refusals(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	/* The reason must be written out. */
	char short_reason[BREAK_GLASS_REASON_MIN];
	memset(short_reason, 'r', sizeof short_reason - 1);
	short_reason[sizeof short_reason - 1] = 0; /* one short of the minimum */
	assert_int_equal(access_break_glass(f->s, w.other_worker, w.person, w.person_uuid,
					    short_reason),
			 SN_EINPUT);
	assert_int_equal(access_break_glass(f->s, w.other_worker, w.person, w.person_uuid, ""),
			 SN_EINPUT);
	assert_int_equal(access_break_glass(f->s, w.other_worker, w.person, w.person_uuid, NULL),
			 SN_EINPUT);
	char *long_reason = malloc(2002);
	assert_non_null(long_reason);
	memset(long_reason, 'r', 2001);
	long_reason[2001] = 0;
	assert_int_equal(access_break_glass(f->s, w.other_worker, w.person, w.person_uuid,
					    long_reason),
			 SN_EINPUT);
	free(long_reason);
	/* Only workers and admins may break glass. */
	const web_user *refused[] = {w.self, w.carer, w.stranger, w.coordinator};
	for (size_t i = 0; i < SN_ARRAY_LEN(refused); i++)
		assert_int_equal(access_break_glass(f->s, refused[i], w.person, w.person_uuid,
						    REASON),
				 SN_EFORBIDDEN);
	assert_int_equal(access_break_glass(f->s, NULL, w.person, w.person_uuid, REASON),
			 SN_EFORBIDDEN);
	/* None of that left a grant or an audit entry. */
	assert_int_equal(count(f, "SELECT count(*) FROM break_glass"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = "
				  "'person.break_glass'"),
			 0);
	assert_int_equal(basis_of(f, w.stranger, w.person), ACCESS_NONE);
	/* Exactly the minimum is enough. */
	char min_reason[BREAK_GLASS_REASON_MIN + 1];
	memset(min_reason, 'r', BREAK_GLASS_REASON_MIN);
	min_reason[BREAK_GLASS_REASON_MIN] = 0;
	assert_int_equal(access_break_glass(f->s, w.other_worker, w.person, w.person_uuid,
					    min_reason),
			 SN_OK);
	/* A person who does not exist cannot be broken into. */
	assert_int_not_equal(access_break_glass(f->s, w.other_worker, w.person + 1000,
						"00000000-0000-4000-8000-000000000000", REASON),
			     SN_OK);
	assert_false(store_in_tx(f->s));
	assert_int_equal(count(f, "SELECT count(*) FROM break_glass"), 1);
}

static void test_audit_person(void **state)
{
	fixture *f = *state;
	world w = make_world(f);
	assert_int_equal(access_audit_person(f->s, w.carer, ACCESS_NAMED, "person.read",
					     w.person_uuid),
			 SN_OK);
	assert_int_equal(access_audit_person(f->s, w.self, ACCESS_SELF, "person.update",
					     w.person_uuid),
			 SN_OK);
	assert_int_equal(access_audit_person(f->s, w.worker, ACCESS_WORKER, "person.read",
					     w.person_uuid),
			 SN_OK);
	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st, "SELECT actor, role, action, reason FROM audit "
						"ORDER BY seq", ""),
			 SN_OK);
	static const char *const want[][4] = {
		{NULL, "carer", "person.read", "named by the person"},
		{NULL, "resident", "person.update", "self"},
		{NULL, "worker", "person.read", "assigned worker"},
	};
	const web_user *who[] = {w.carer, w.self, w.worker};
	bool row = false;
	for (size_t i = 0; i < SN_ARRAY_LEN(want); i++) {
		assert_int_equal(store_step(st, &row), SN_OK);
		assert_true(row);
		assert_string_equal(store_col_text(st, 0), who[i]->uuid);
		assert_string_equal(store_col_text(st, 1), want[i][1]);
		assert_string_equal(store_col_text(st, 2), want[i][2]);
		assert_string_equal(store_col_text(st, 3), want[i][3]);
	}
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_false(row);
	store_done(st);
	int64_t n = 0, bad = 0;
	char why[256], head[65];
	assert_int_equal(audit_verify(f->s, &n, &bad, why, sizeof why, head), SN_OK);
	assert_int_equal(n, 3);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_bases),
		T(test_worker_needs_role),
		T(test_break_glass),
		T(test_break_glass_refusals),
		T(test_audit_person),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
