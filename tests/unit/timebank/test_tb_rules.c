/* Unit tests for the timebank's pure rules: a transfer's two entries and
 * the sign convention, balance and reversal, the credit check at and past
 * the limit, the verification walk (unbalanced, fewer than two entries,
 * entries pointing at no transfer, the first bad transfer kept, overflow),
 * running balances, days and activity, minutes typed and shown, and the
 * inter-bank file: round trip, checksum, every field's error named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "timebank/timebank.h"

static void test_entries(void **state)
{
	(void)state;
	tb_entry e[2], r[2];
	assert_int_equal(tb_transfer_entries(7, 9, 90, e), SN_OK);
	assert_int_equal(e[0].account, 7); /* the giver is credited */
	assert_int_equal(e[0].minutes, 90);
	assert_int_equal(e[1].account, 9);
	assert_int_equal(e[1].minutes, -90);
	assert_true(tb_balanced(e, 2));
	assert_int_equal(tb_transfer_entries(7, 7, 90, e), SN_EINPUT);
	assert_int_equal(tb_transfer_entries(7, 9, 0, e), SN_EINPUT);
	assert_int_equal(tb_transfer_entries(7, 9, -5, e), SN_EINPUT);
	assert_int_equal(tb_transfer_entries(7, 9, 90, e), SN_OK);
	assert_int_equal(tb_reversal_entries(e, 2, r), SN_OK);
	assert_int_equal(r[0].account, 7);
	assert_int_equal(r[0].minutes, -90);
	assert_int_equal(r[1].minutes, 90);
	assert_true(tb_balanced(r, 2));
	/* not balanced: one entry, a zero entry, a sum that is not zero */
	assert_false(tb_balanced(e, 1));
	tb_entry z[2] = {{1, 0}, {2, 0}};
	assert_false(tb_balanced(z, 2));
	tb_entry u[3] = {{1, 30}, {2, -20}, {3, -5}};
	assert_false(tb_balanced(u, 3));
	assert_int_equal(tb_reversal_entries(u, 3, r), SN_EINPUT);
	tb_entry three[3] = {{1, 30}, {2, -20}, {3, -10}};
	assert_true(tb_balanced(three, 3));
	tb_entry huge[2] = {{1, TB_ENTRY_ABS_MAX + 1}, {2, -TB_ENTRY_ABS_MAX - 1}};
	assert_false(tb_balanced(huge, 2));
}

static void test_credit(void **state)
{
	(void)state;
	assert_true(tb_credit_ok(-1000, 500, false, 0)); /* no limit */
	assert_true(tb_credit_ok(0, 600, true, 600));    /* to exactly the limit */
	assert_false(tb_credit_ok(0, 601, true, 600));   /* one past it */
	assert_false(tb_credit_ok(-600, 1, true, 600));
	assert_true(tb_credit_ok(120, 720, true, 600));
	assert_false(tb_credit_ok(0, 1, true, 0));       /* a limit of zero: no debt */
	assert_false(tb_credit_ok(INT64_MIN, 1, true, 0));
	assert_false(tb_credit_ok(0, -1, true, 10));
}

static void walk(tb_walk *w, const int64_t rows[][4], size_t n)
{
	tb_walk_init(w);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(tb_walk_row(w, rows[i][0], rows[i][1], rows[i][2], rows[i][3]), SN_OK);
	tb_walk_end(w);
}

static void test_walk(void **state)
{
	(void)state;
	tb_walk w;
	static const int64_t good[][4] = {{1, 1, 1, 60}, {1, 1, 1, -60}, {2, 1, 1, 30}, {2, 1, 1, -20},
					  {2, 1, 1, -10}, {5, 1, 1, -45}, {5, 1, 1, 45}};
	walk(&w, good, SN_ARRAY_LEN(good));
	assert_int_equal(w.fault, TB_FAULT_NONE);
	assert_int_equal(w.transfers, 3);
	assert_int_equal(w.entries, 7);
	assert_int_equal(w.moved, 135);
	assert_int_equal(w.total, 0);

	/* the first bad one (lowest id) is named, though a later one is bad too */
	static const int64_t two_bad[][4] = {{1, 1, 1, 60}, {1, 1, 1, -60}, {3, 1, 1, 30}, {3, 1, 1, -20},
					     {4, 1, 0, 0}};
	walk(&w, two_bad, SN_ARRAY_LEN(two_bad));
	assert_int_equal(w.fault, TB_FAULT_UNBALANCED);
	assert_int_equal(w.bad_id, 3);
	assert_int_equal(w.bad_sum, 10);
	assert_int_equal(w.bad_entries, 2);

	static const int64_t empty[][4] = {{1, 1, 1, 60}, {1, 1, 1, -60}, {2, 1, 0, 0}};
	walk(&w, empty, SN_ARRAY_LEN(empty));
	assert_int_equal(w.fault, TB_FAULT_TOO_FEW);
	assert_int_equal(w.bad_id, 2);
	assert_int_equal(w.bad_entries, 0);

	static const int64_t one[][4] = {{1, 1, 1, 60}};
	walk(&w, one, SN_ARRAY_LEN(one));
	assert_int_equal(w.fault, TB_FAULT_TOO_FEW);
	assert_int_equal(w.bad_id, 1);

	/* entries of a transfer that is not there, even balanced ones */
	static const int64_t orphan[][4] = {{1, 1, 1, 60}, {1, 1, 1, -60}, {9, 0, 1, 5}, {9, 0, 1, -5}};
	walk(&w, orphan, SN_ARRAY_LEN(orphan));
	assert_int_equal(w.fault, TB_FAULT_NO_TRANSFER);
	assert_int_equal(w.bad_id, 9);

	static const int64_t zero[][4] = {{4, 1, 1, 0}, {4, 1, 1, 0}};
	walk(&w, zero, SN_ARRAY_LEN(zero));
	assert_int_equal(w.fault, TB_FAULT_BAD_ENTRY);

	/* sums that would wrap round are a fault, not a zero */
	static const int64_t wrap[][4] = {{1, 1, 1, INT64_MAX}, {1, 1, 1, 1}, {1, 1, 1, INT64_MIN}};
	walk(&w, wrap, SN_ARRAY_LEN(wrap));
	assert_int_equal(w.fault, TB_FAULT_BAD_ENTRY);

	/* an empty ledger holds */
	tb_walk_init(&w);
	tb_walk_end(&w);
	assert_int_equal(w.fault, TB_FAULT_NONE);
	assert_int_equal(w.transfers, 0);

	/* rows out of order are the caller's bug */
	tb_walk_init(&w);
	assert_int_equal(tb_walk_row(&w, 5, true, true, 1), SN_OK);
	assert_int_equal(tb_walk_row(&w, 4, true, true, 1), SN_EINPUT);
	assert_string_equal(tb_fault_words(TB_FAULT_TOO_FEW), "it has fewer than two entries");
}

static void test_running_days(void **state)
{
	(void)state;
	int64_t m[] = {-60, 30, 90}, after[3];
	tb_running(60, m, 3, after);
	assert_int_equal(after[0], 60);
	assert_int_equal(after[1], 120);
	assert_int_equal(after[2], 90);
	assert_int_equal(tb_day("1970-01-01"), 0);
	assert_int_equal(tb_day("2026-03-01") - tb_day("2026-02-28"), 1);
	assert_int_equal(tb_day("2024-03-01") - tb_day("2024-02-28"), 2);
	assert_int_equal(tb_day("2026-02-29"), -1);
	assert_int_equal(tb_day("2026-13-01"), -1);
	assert_int_equal(tb_day("2026-1-01"), -1);
	assert_int_equal(tb_day(NULL), -1);
	char d[11];
	tb_day_format(tb_day("2028-02-29"), d);
	assert_string_equal(d, "2028-02-29");
	tb_day_format(0, d);
	assert_string_equal(d, "1970-01-01");
	int64_t today = tb_day("2026-12-01");
	assert_true(tb_active(today - 90, today));
	assert_false(tb_active(today - 91, today));
	assert_false(tb_active(-1, today));
	assert_true(tb_active(today, today));
}

static void test_minutes(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_string_equal(tb_minutes_text(a, 90), "1 hour 30 minutes");
	assert_string_equal(tb_minutes_text(a, 120), "2 hours");
	assert_string_equal(tb_minutes_text(a, 1), "1 minute");
	assert_string_equal(tb_minutes_text(a, 0), "0 minutes");
	assert_string_equal(tb_minutes_text(a, -61), "minus 1 hour 1 minute");
	int64_t m = 0;
	assert_int_equal(tb_minutes_parse("90", TB_MINUTES_MAX, &m), SN_OK);
	assert_int_equal(m, 90);
	assert_int_equal(tb_minutes_parse("1:30", TB_MINUTES_MAX, &m), SN_OK);
	assert_int_equal(m, 90);
	assert_int_equal(tb_minutes_parse("1:3", TB_MINUTES_MAX, &m), SN_EINPUT);
	assert_int_equal(tb_minutes_parse("0", TB_MINUTES_MAX, &m), SN_EINPUT);
	assert_int_equal(tb_minutes_parse("-5", TB_MINUTES_MAX, &m), SN_EINPUT);
	assert_int_equal(tb_minutes_parse("abc", TB_MINUTES_MAX, &m), SN_EINPUT);
	assert_int_equal(tb_minutes_parse("", TB_MINUTES_MAX, &m), SN_EINPUT);
	assert_int_equal(tb_minutes_parse("1441", TB_MINUTES_MAX, &m), SN_ETOOBIG);
	arena_free(a);
}

static tb_ib_transfer one_transfer(void)
{
	tb_ib_transfer t = {.minutes = 90};
	strcpy(t.uuid, "0b8f5c1e-1111-4a6e-9d0b-6c1f2a3b4c5d");
	strcpy(t.from_member, "0b8f5c1e-2222-4a6e-9d0b-6c1f2a3b4c5d");
	strcpy(t.to_member, "0b8f5c1e-3333-4a6e-9d0b-6c1f2a3b4c5d");
	strcpy(t.category, "gardening");
	strcpy(t.done_on, "2026-11-02");
	strcpy(t.description, "Cut the hedge");
	return t;
}

/* text with the first `from` replaced by `to` */
static char *edit(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	assert_non_null(p);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
	return out;
}

static void expect_error(const char *text, const char *field)
{
	arena *a = arena_new();
	tb_ib_file f;
	char err[200] = "";
	assert_int_not_equal(tb_ib_parse(text, strlen(text), a, &f, err, sizeof err), SN_OK);
	if (strncmp(err, field, strlen(field)) != 0)
		fail_msg("expected an error on %s, got '%s'", field, err);
	assert_int_equal(f.n, 0);
	arena_free(a);
}

static void test_file(void **state)
{
	(void)state;
	tb_ib_transfer t[2] = {one_transfer(), one_transfer()};
	t[1].uuid[0] = '1';
	t[1].minutes = 30;
	tb_ib_file f = {.from_bank = "AV", .to_bank = "MB", .created_at = "2026-12-07T10:00:00Z", .n = 2, .t = t};
	char *text = tb_ib_write(&f);
	assert_non_null(text);
	arena *a = arena_new();
	tb_ib_file back;
	char err[200] = "";
	if (tb_ib_parse(text, strlen(text), a, &back, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.from_bank, "AV");
	assert_int_equal(back.t[1].minutes, 30);
	assert_string_equal(back.t[0].description, "Cut the hedge");
	arena_free(a);

	/* an edited number breaks the checksum */
	char *x = edit(text, "\"minutes\": 90", "\"minutes\": 900");
	expect_error(x, "checksum");
	free(x);
	x = edit(text, "\"minutes\": 90", "\"minutes\": 0");
	expect_error(x, "transfers[0].minutes");
	free(x);
	x = edit(text, "\"minutes\": 30", "\"minutes\": \"30\"");
	expect_error(x, "transfers[1].minutes");
	free(x);
	x = edit(text, "\"to_member\": \"0b8f5c1e", "\"to_member\": \"zz8f5c1e");
	expect_error(x, "transfers[0].to_member");
	free(x);
	x = edit(text, "\"done_on\": \"2026-11-02\"", "\"done_on\": \"2026-11-31\"");
	expect_error(x, "transfers[0].done_on");
	free(x);
	x = edit(text, "\"category\": \"gardening\"", "\"category\": \"Gardening!\"");
	expect_error(x, "transfers[0].category");
	free(x);
	x = edit(text, "\"from_bank\": \"AV\"", "\"from_bank\": \"av\"");
	expect_error(x, "from_bank");
	free(x);
	x = edit(text, "\"to_bank\": \"MB\"", "\"to_bank\": \"AV\"");
	expect_error(x, "to_bank");
	free(x);
	x = edit(text, "\"format\": \"supportnet-timebank/1\"", "\"format\": \"other/2\"");
	expect_error(x, "format");
	free(x);
	x = edit(text, "\"uuid\": \"1b8f", "\"uuid\": \"0b8f");
	expect_error(x, "transfers[1].uuid");
	free(x);
	x = edit(text, "\"description\": \"Cut the hedge\"", "\"description\": \"Cut\\nthe hedge\"");
	expect_error(x, "transfers[0].description");
	free(x);
	x = edit(text, "\"checksum\"", "\"extra\": 1, \"checksum\"");
	expect_error(x, "extra");
	free(x);
	x = edit(text, "\"created_at\": \"2026-12-07T10:00:00Z\"", "\"created_at\": \"yesterday\"");
	expect_error(x, "created_at");
	free(x);
	expect_error("[1]", "input");
	expect_error("{\"format\": \"supportnet-timebank/1\"}", "from_bank");
	free(text);

	/* a file too large is refused before it is read */
	size_t big = TB_FILE_MAX + 10;
	char *huge = malloc(big + 1);
	memset(huge, ' ', big);
	huge[0] = '{';
	huge[big - 1] = '}';
	huge[big] = 0;
	arena *b = arena_new();
	assert_int_equal(tb_ib_parse(huge, big, b, &back, err, sizeof err), SN_ETOOBIG);
	arena_free(b);
	free(huge);
	assert_true(tb_code_ok("AV"));
	assert_true(tb_code_ok("MILLBROOK2"));
	assert_false(tb_code_ok("A"));
	assert_false(tb_code_ok("av"));
	assert_false(tb_code_ok("TOOLONGFORABANKCODE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_entries),
	    cmocka_unit_test(test_credit),
	    cmocka_unit_test(test_walk),
	    cmocka_unit_test(test_running_days),
	    cmocka_unit_test(test_minutes),
	    cmocka_unit_test(test_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
