/* Unit tests for access/audit: the hash chain and tampering it must reveal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "access_fixture.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define N_ENTRIES 6

/* Appends N_ENTRIES varied entries. */
static void append_entries(fixture *f)
{
	for (int i = 1; i <= N_ENTRIES; i++) {
		char actor[37], record[64], reason[64];
		uuid_v4(actor);
		snprintf(record, sizeof record, "person:%d", i);
		snprintf(reason, sizeof reason, "reason %d", i);
		audit_entry e = {actor, i % 2 ? "worker" : "carer", "person.read", record,
				 reason};
		assert_int_equal(audit_append(f->s, &e), SN_OK);
	}
}

static void expect_whole(fixture *f, int64_t want_n)
{
	int64_t n = -1, bad = -1;
	char why[256] = "", head[65];
	sn_err rc = audit_verify(f->s, &n, &bad, why, sizeof why, head);
	if (rc)
		fail_msg("chain broken: %s", why);
	assert_int_equal(n, want_n);
	assert_int_equal(bad, 0);
}

static void expect_broken(fixture *f, int64_t want_seq, const char *why_part)
{
	int64_t n = -1, bad = -1;
	char why[256] = "", head[65];
	assert_int_equal(audit_verify(f->s, &n, &bad, why, sizeof why, head), SN_EINPUT);
	if (bad != want_seq)
		fail_msg("broken at %lld, wanted %lld: %s", (long long)bad,
			 (long long)want_seq, why);
	char entry[32];
	snprintf(entry, sizeof entry, "entry %lld", (long long)want_seq);
	if (!strstr(why, entry) || !strstr(why, why_part))
		fail_msg("reason '%s' lacks '%s' or '%s'", why, entry, why_part);
}

/* The attacker: a raw SQLite connection to the same file, triggers gone. */
static void attack(fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, "DROP TRIGGER IF EXISTS audit_no_update; "
				  "DROP TRIGGER IF EXISTS audit_no_delete;",
			      NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("attack failed: %s", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
}

/* Column text of entry seq, copied into out. */
static void entry_field(fixture *f, int64_t seq, const char *col, char *out, size_t n)
{
	store_stmt *st = NULL;
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT %s FROM audit WHERE seq = ?", col);
	assert_int_equal(store_query(f->s, &st, sql, "i", seq), SN_OK);
	bool row = false;
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	snprintf(out, n, "%s", store_col_text(st, 0));
	store_done(st);
}

static void test_empty_chain(void **state)
{
	fixture *f = *state;
	int64_t n = -1, bad = -1;
	char why[256] = "", head[65];
	assert_int_equal(audit_verify(f->s, &n, &bad, why, sizeof why, head), SN_OK);
	assert_int_equal(n, 0);
	assert_string_equal(head, GENESIS);
}

static void test_append_and_verify(void **state)
{
	fixture *f = *state;
	append_entries(f);
	int64_t n = -1, bad = -1;
	char why[256] = "", head[65];
	assert_int_equal(audit_verify(f->s, &n, &bad, why, sizeof why, head), SN_OK);
	assert_int_equal(n, N_ENTRIES);
	/* The head is the last entry's hash; each entry links to the one
	 * before and its hash is audit_hash of its fields. */
	char last[65];
	entry_field(f, N_ENTRIES, "hash", last, sizeof last);
	assert_string_equal(head, last);
	char prev[65] = GENESIS;
	for (int64_t seq = 1; seq <= N_ENTRIES; seq++) {
		char p[65], h[65], at[32], actor[64], role[32], action[32], record[64],
			reason[64];
		entry_field(f, seq, "prev_hash", p, sizeof p);
		entry_field(f, seq, "hash", h, sizeof h);
		entry_field(f, seq, "at", at, sizeof at);
		entry_field(f, seq, "actor", actor, sizeof actor);
		entry_field(f, seq, "role", role, sizeof role);
		entry_field(f, seq, "action", action, sizeof action);
		entry_field(f, seq, "record", record, sizeof record);
		entry_field(f, seq, "reason", reason, sizeof reason);
		assert_string_equal(p, prev);
		audit_entry e = {actor, role, action, record, reason};
		char want[65];
		audit_hash(prev, seq, at, &e, want);
		assert_string_equal(h, want);
		int64_t t;
		assert_int_equal(time_parse_iso8601(at, &t), SN_OK);
		memcpy(prev, h, sizeof prev);
	}
	/* Missing optional fields are stored as defaults. */
	audit_entry sparse = {NULL, NULL, "system.start", NULL, NULL};
	assert_int_equal(audit_append(f->s, &sparse), SN_OK);
	char actor[32];
	entry_field(f, N_ENTRIES + 1, "actor", actor, sizeof actor);
	assert_string_equal(actor, "system");
	expect_whole(f, N_ENTRIES + 1);
}

static void test_hash_is_canonical(void **state)
{
	(void)state;
	audit_entry a = {"ab", "c", "x", "", ""};
	audit_entry b = {"a", "bc", "x", "", ""};
	char ha[65], hb[65], ha2[65];
	audit_hash(GENESIS, 1, "2026-01-01T00:00:00Z", &a, ha);
	audit_hash(GENESIS, 1, "2026-01-01T00:00:00Z", &a, ha2);
	audit_hash(GENESIS, 1, "2026-01-01T00:00:00Z", &b, hb);
	assert_int_equal(strlen(ha), 64);
	assert_string_equal(ha, ha2);
	/* Field boundaries count: "ab"+"c" is not "a"+"bc". */
	assert_string_not_equal(ha, hb);
	/* Every input changes the hash. */
	char h[65];
	audit_hash(GENESIS, 2, "2026-01-01T00:00:00Z", &a, h);
	assert_string_not_equal(h, ha);
	audit_hash(GENESIS, 1, "2026-01-01T00:00:01Z", &a, h);
	assert_string_not_equal(h, ha);
	audit_hash("1000000000000000000000000000000000000000000000000000000000000000", 1,
		   "2026-01-01T00:00:00Z", &a, h);
	assert_string_not_equal(h, ha);
	audit_entry c = {"ab", "c", "x", "", " "};
	audit_hash(GENESIS, 1, "2026-01-01T00:00:00Z", &c, h);
	assert_string_not_equal(h, ha);
}

static void test_changed_entry(void **state)
{
	fixture *f = *state;
	append_entries(f);
	expect_whole(f, N_ENTRIES);
	attack(f, "UPDATE audit SET actor = 'someone-else' WHERE seq = 3");
	expect_broken(f, 3, "changed");
}

static void test_changed_time(void **state)
{
	fixture *f = *state;
	append_entries(f);
	attack(f, "UPDATE audit SET at = '2001-01-01T00:00:00Z' WHERE seq = 4");
	expect_broken(f, 4, "changed");
}

static void test_changed_entry_rehashed(void **state)
{
	fixture *f = *state;
	append_entries(f);
	/* A cleverer attacker also recomputes the changed entry's hash: the
	 * next entry's link then gives it away. */
	char prev[65], at[32], action[32], record[64];
	entry_field(f, 2, "hash", prev, sizeof prev);
	entry_field(f, 3, "at", at, sizeof at);
	entry_field(f, 3, "action", action, sizeof action);
	entry_field(f, 3, "record", record, sizeof record);
	audit_entry e = {"someone-else", "worker", action, record, "reason 3"};
	char h[65];
	audit_hash(prev, 3, at, &e, h);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE audit SET actor = 'someone-else', hash = '%s' "
				  "WHERE seq = 3", h);
	attack(f, sql);
	expect_broken(f, 4, "previous-hash");
}

static void test_deleted_entry(void **state)
{
	fixture *f = *state;
	append_entries(f);
	attack(f, "DELETE FROM audit WHERE seq = 3");
	expect_broken(f, 4, "deleted");
}

static void test_deleted_and_renumbered(void **state)
{
	fixture *f = *state;
	append_entries(f);
	/* Close the gap so the numbers run on. */
	attack(f, "DELETE FROM audit WHERE seq = 3; "
		  "UPDATE audit SET seq = seq + 1000 WHERE seq > 3; "
		  "UPDATE audit SET seq = seq - 1001 WHERE seq > 1000;");
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT max(seq) FROM audit", ""), SN_OK);
	assert_int_equal(n, N_ENTRIES - 1);
	expect_broken(f, 3, "previous-hash");
}

static void test_inserted_in_between(void **state)
{
	fixture *f = *state;
	append_entries(f);
	/* A forged entry 3 that links properly to entry 2 and carries a
	 * correct hash of its own; the old 3..6 become 4..7. */
	char prev[65], at[32];
	entry_field(f, 2, "hash", prev, sizeof prev);
	entry_field(f, 2, "at", at, sizeof at);
	audit_entry e = {"forger", "admin", "person.read", "person:99", "cover story"};
	char h[65];
	audit_hash(prev, 3, at, &e, h);
	char sql[768];
	snprintf(sql, sizeof sql,
		 "UPDATE audit SET seq = seq + 1000 WHERE seq >= 3; "
		 "UPDATE audit SET seq = seq - 999 WHERE seq > 1000; "
		 "INSERT INTO audit(seq, at, actor, role, action, record, reason, "
		 "prev_hash, hash) VALUES (3, '%s', 'forger', 'admin', 'person.read', "
		 "'person:99', 'cover story', '%s', '%s');",
		 at, prev, h);
	attack(f, sql);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit", ""), SN_OK);
	assert_int_equal(n, N_ENTRIES + 1);
	/* The forged entry itself checks out; the next one does not. */
	expect_broken(f, 4, "previous-hash");
}

static void test_inserted_wrong_link(void **state)
{
	fixture *f = *state;
	append_entries(f);
	/* A naive forgery in the middle with a made-up previous hash. */
	attack(f, "UPDATE audit SET seq = seq + 1000 WHERE seq >= 3; "
		  "UPDATE audit SET seq = seq - 999 WHERE seq > 1000; "
		  "INSERT INTO audit(seq, at, actor, role, action, record, reason, "
		  "prev_hash, hash) VALUES (3, '2026-01-01T00:00:00Z', 'forger', 'admin', "
		  "'person.read', 'person:99', '', '" GENESIS "', '" GENESIS "');");
	expect_broken(f, 3, "previous-hash");
}

static void test_appended_wrong_link(void **state)
{
	fixture *f = *state;
	append_entries(f);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO audit(seq, at, actor, role, action, record, reason, prev_hash, "
		 "hash) VALUES (%d, '2026-01-01T00:00:00Z', 'forger', 'admin', 'person.read', "
		 "'person:99', '', '" GENESIS "', '" GENESIS "');",
		 N_ENTRIES + 1);
	attack(f, sql);
	expect_broken(f, N_ENTRIES + 1, "previous-hash");
}

static void test_appended_bad_hash(void **state)
{
	fixture *f = *state;
	append_entries(f);
	/* Linked to the real head, but its own hash is made up. */
	char head[65];
	entry_field(f, N_ENTRIES, "hash", head, sizeof head);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO audit(seq, at, actor, role, action, record, reason, prev_hash, "
		 "hash) VALUES (%d, '2026-01-01T00:00:00Z', 'forger', 'admin', 'person.read', "
		 "'person:99', '', '%s', '" GENESIS "');",
		 N_ENTRIES + 1, head);
	attack(f, sql);
	expect_broken(f, N_ENTRIES + 1, "changed");
}

static void test_seq_gap_at_end(void **state)
{
	fixture *f = *state;
	append_entries(f);
	attack(f, "UPDATE audit SET seq = 10 WHERE seq = 6");
	expect_broken(f, 10, "expected entry 6");
}

static void test_triggers_refuse(void **state)
{
	fixture *f = *state;
	append_entries(f);
	assert_int_not_equal(store_run(f->s, "UPDATE audit SET actor = ? WHERE seq = ?", "ti",
				       "someone-else", (int64_t)2),
			     SN_OK);
	assert_non_null(strstr(store_errmsg(f->s), "append-only"));
	assert_int_not_equal(store_run(f->s, "DELETE FROM audit WHERE seq = ?", "i", (int64_t)2),
			     SN_OK);
	assert_non_null(strstr(store_errmsg(f->s), "append-only"));
	assert_int_not_equal(store_exec(f->s, "DELETE FROM audit"), SN_OK);
	/* REPLACE deletes the old row without an UPDATE or (by default) a
	 * DELETE trigger firing: refused too. */
	assert_int_not_equal(store_exec(f->s, "INSERT OR REPLACE INTO audit(seq, at, actor, "
					     "role, action, record, reason, prev_hash, hash) "
					     "SELECT seq, at, 'someone-else', role, action, "
					     "record, reason, prev_hash, hash FROM audit "
					     "WHERE seq = 2"),
			     SN_OK);
	assert_int_not_equal(store_exec(f->s, "REPLACE INTO audit(seq, at, actor, role, "
					     "action, record, reason, prev_hash, hash) VALUES "
					     "(2, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x')"),
			     SN_OK);
	/* An upsert is an UPDATE. */
	assert_int_not_equal(store_exec(f->s, "INSERT INTO audit(seq, at, actor, role, "
					     "action, record, reason, prev_hash, hash) VALUES "
					     "(2, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x') ON "
					     "CONFLICT(seq) DO UPDATE SET actor = 'x'"),
			     SN_OK);
	char actor[64];
	entry_field(f, 2, "actor", actor, sizeof actor);
	assert_string_not_equal(actor, "someone-else");
	assert_string_not_equal(actor, "x");
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit", ""), SN_OK);
	assert_int_equal(n, N_ENTRIES);
	expect_whole(f, N_ENTRIES);
}

static void test_append_in_rolled_back_tx(void **state)
{
	fixture *f = *state;
	append_entries(f);
	/* In the caller's transaction: rolled back with the change it records. */
	assert_int_equal(store_begin_write(f->s), SN_OK);
	audit_entry e = {"system", "admin", "test.rolled_back", "", ""};
	assert_int_equal(audit_append(f->s, &e), SN_OK);
	assert_true(store_in_tx(f->s));
	assert_int_equal(store_rollback(f->s), SN_OK);
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE action = "
					       "'test.rolled_back'", ""),
			 SN_OK);
	assert_int_equal(n, 0);
	/* Outside one, it commits by itself. */
	assert_int_equal(audit_append(f->s, &e), SN_OK);
	assert_false(store_in_tx(f->s));
	expect_whole(f, N_ENTRIES + 1);
}

/* Many at once: the same chain as one at a time (whole, in order, one
 * statement size after another: 32 + 8 + 8 + 1 + 1), the connection's
 * note on each, and nothing when n is 0. */
static void test_append_many(void **state)
{
	fixture *f = *state;
	append_entries(f);
	enum { MANY = 50 };
	audit_entry e[MANY];
	char records[MANY][32];
	for (int i = 0; i < MANY; i++) {
		snprintf(records[i], sizeof records[i], "person:many-%02d", i);
		e[i] = (audit_entry){"someone", "partner", "referral.listed", records[i], "listed"};
	}
	assert_int_equal(audit_append_many(f->s, e, 0), SN_OK);
	store_set_audit_note(f->s, " (API token 7)");
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(audit_append_many(f->s, e, MANY), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	store_set_audit_note(f->s, "");
	expect_whole(f, N_ENTRIES + MANY);
	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st, "SELECT seq, record, reason FROM audit WHERE seq > ? "
				     "ORDER BY seq", "i", (int64_t)N_ENTRIES), SN_OK);
	sn_err rc = SN_OK;
	int i = 0;
	while (store_next(st, &rc)) {
		assert_int_equal(store_col_i64(st, 0), N_ENTRIES + 1 + i);
		assert_string_equal(store_col_text(st, 1), records[i]);
		assert_string_equal(store_col_text(st, 2), "listed (API token 7)");
		i++;
	}
	store_done(st);
	assert_int_equal(rc, SN_OK);
	assert_int_equal(i, MANY);
	/* One more after them links on. */
	assert_int_equal(audit_append(f->s, &e[0]), SN_OK);
	expect_whole(f, N_ENTRIES + MANY + 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_empty_chain),
		T(test_append_and_verify),
		T(test_hash_is_canonical),
		T(test_changed_entry),
		T(test_changed_time),
		T(test_changed_entry_rehashed),
		T(test_deleted_entry),
		T(test_deleted_and_renumbered),
		T(test_inserted_in_between),
		T(test_inserted_wrong_link),
		T(test_appended_wrong_link),
		T(test_appended_bad_hash),
		T(test_seq_gap_at_end),
		T(test_triggers_refuse),
		T(test_append_in_rolled_back_tx),
		T(test_append_many),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
