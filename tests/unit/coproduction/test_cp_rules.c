/* Unit tests for the pure rules of co-production: formats, the actions'
 * statuses and the moves allowed, overdue, due dates, theme names as one
 * theme across conversations, counting notes per theme, and the limits of
 * the fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "coproduction/coproduction.h"
#include "plan/plan_rules.h"

static void test_formats(void **state)
{
	(void)state;
	for (int f = 0; f < CP_N_FORMATS; f++) {
		cp_format got;
		assert_true(cp_format_parse(cp_format_code((cp_format)f), &got));
		assert_int_equal(got, f);
		assert_true(strlen(cp_format_words((cp_format)f)) > 0);
	}
	cp_format got;
	assert_false(cp_format_parse("fishbowl", &got));
	assert_false(cp_format_parse("", &got));
	assert_false(cp_format_parse(NULL, &got));
	assert_string_equal(cp_format_code(CP_N_FORMATS), "");
	assert_string_equal(cp_format_words(CP_WORLD_CAFE), "World Café");
}

static void test_statuses_and_moves(void **state)
{
	(void)state;
	for (int s = 0; s < CP_N_STATUSES; s++) {
		cp_status got;
		assert_true(cp_status_parse(cp_status_code((cp_status)s), &got));
		assert_int_equal(got, s);
		assert_false(cp_status_move_ok((cp_status)s, (cp_status)s)); /* never to the same status */
	}
	cp_status got;
	assert_false(cp_status_parse("finished", &got));
	assert_false(cp_status_parse(NULL, &got));
	assert_true(cp_status_move_ok(CP_PLANNED, CP_IN_PROGRESS));
	assert_true(cp_status_move_ok(CP_PLANNED, CP_DONE));
	assert_true(cp_status_move_ok(CP_PLANNED, CP_DROPPED));
	assert_true(cp_status_move_ok(CP_IN_PROGRESS, CP_DONE));
	assert_true(cp_status_move_ok(CP_IN_PROGRESS, CP_DROPPED));
	assert_true(cp_status_move_ok(CP_IN_PROGRESS, CP_PLANNED));
	assert_true(cp_status_move_ok(CP_DONE, CP_IN_PROGRESS)); /* reopened */
	assert_false(cp_status_move_ok(CP_DONE, CP_DROPPED));
	assert_false(cp_status_move_ok(CP_DONE, CP_PLANNED));
	assert_true(cp_status_move_ok(CP_DROPPED, CP_PLANNED)); /* taken up again */
	assert_false(cp_status_move_ok(CP_DROPPED, CP_DONE));
	assert_false(cp_status_move_ok(CP_DROPPED, CP_IN_PROGRESS));
	assert_false(cp_status_move_ok(CP_N_STATUSES, CP_DONE));
	assert_false(cp_status_move_ok(CP_PLANNED, CP_N_STATUSES));
}

static void test_overdue(void **state)
{
	(void)state;
	int64_t today = civil_days(2026, 12, 7);
	assert_true(cp_overdue(CP_PLANNED, today - 1, today));
	assert_true(cp_overdue(CP_IN_PROGRESS, today - 300, today));
	assert_false(cp_overdue(CP_PLANNED, today, today)); /* due today: not yet */
	assert_false(cp_overdue(CP_PLANNED, today + 1, today));
	assert_false(cp_overdue(CP_DONE, today - 1, today));
	assert_false(cp_overdue(CP_DROPPED, today - 1, today));
}

static void test_due_dates(void **state)
{
	(void)state;
	int64_t d;
	const char *why = NULL;
	assert_int_equal(cp_parse_due("14", "3", "2027", &d, &why), SN_OK);
	assert_int_equal(d, civil_days(2027, 3, 14));
	assert_int_equal(cp_parse_due(" 1 ", "01", "2028", &d, &why), SN_OK);
	assert_int_equal(cp_parse_due("29", "2", "2028", &d, &why), SN_OK); /* a leap year */
	assert_int_equal(cp_parse_due("29", "2", "2027", &d, &why), SN_EINPUT);
	assert_string_equal(why, "The due date must be a real date");
	assert_int_equal(cp_parse_due("31", "4", "2027", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("0", "4", "2027", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("1", "13", "2027", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("1", "1", "1999", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("1", "1", "2101", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("", "1", "2027", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("1x", "1", "2027", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("-1", "1", "2027", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due("99999999999999999999", "1", "2027", &d, &why), SN_EINPUT);
	assert_int_equal(cp_parse_due(NULL, NULL, NULL, &d, &why), SN_EINPUT);
}

static void test_theme_names(void **state)
{
	(void)state;
	char a[CP_THEME_MAX + 1], b[CP_THEME_MAX + 1];
	assert_int_equal(cp_theme_key("  Places   to Meet ", a), SN_OK);
	assert_string_equal(a, "places to meet");
	assert_int_equal(cp_theme_key("places to meet", b), SN_OK);
	assert_string_equal(a, b); /* one theme across conversations */
	assert_int_equal(cp_theme_tidy("  Places   to Meet ", a), SN_OK);
	assert_string_equal(a, "Places to Meet");
	assert_int_equal(cp_theme_key("Café", a), SN_OK); /* UTF-8 kept as it is */
	assert_string_equal(a, "café");
	assert_int_equal(cp_theme_key("", a), SN_EINPUT);
	assert_int_equal(cp_theme_key("   ", a), SN_EINPUT);
	assert_int_equal(cp_theme_key(NULL, a), SN_EINPUT);
	assert_int_equal(cp_theme_key("a\x01b", a), SN_EINPUT);
	char longest[CP_THEME_MAX + 2];
	memset(longest, 'x', sizeof longest);
	longest[CP_THEME_MAX] = 0;
	assert_int_equal(cp_theme_key(longest, a), SN_OK);
	longest[CP_THEME_MAX] = 'x';
	longest[CP_THEME_MAX + 1] = 0;
	assert_int_equal(cp_theme_key(longest, a), SN_EINPUT);
	/* spaces that collapse may bring a long name within the limit */
	char spaced[CP_THEME_MAX * 2 + 1];
	memset(spaced, 'y', sizeof spaced - 1);
	spaced[sizeof spaced - 1] = 0;
	memset(spaced + CP_THEME_MAX - 2, ' ', CP_THEME_MAX);
	spaced[CP_THEME_MAX * 2 - 1] = 0;
	assert_int_equal(cp_theme_key(spaced, a), SN_OK);
	assert_true(strlen(a) <= CP_THEME_MAX);
}

static void test_text_limits(void **state)
{
	(void)state;
	arena *a = arena_new();
	char note[CP_NOTE_MAX + 2];
	memset(note, 'n', sizeof note);
	note[CP_NOTE_MAX] = 0;
	assert_null(cp_check_text(a, note, CP_NOTE_MAX, true, "the note"));
	note[CP_NOTE_MAX] = 'n';
	note[CP_NOTE_MAX + 1] = 0;
	assert_string_equal(cp_check_text(a, note, CP_NOTE_MAX, true, "the note"),
			    "The note must be at most 500 characters");
	assert_string_equal(cp_check_text(a, "", CP_NOTE_MAX, true, "the note"), "Enter the note");
	assert_string_equal(cp_check_text(a, " \n\t", CP_NOTE_MAX, true, "the note"), "Enter the note");
	assert_null(cp_check_text(a, "", CP_SPACE_MAX, false, "the table or space"));
	assert_null(cp_check_text(a, NULL, CP_SPACE_MAX, false, "the table or space"));
	assert_null(cp_check_text(a, "Two lines\nof it", CP_NOTE_MAX, true, "the note"));
	assert_string_equal(cp_check_text(a, "bell\a", CP_NOTE_MAX, true, "the note"), "The note must be plain text");
	arena_free(a);
}

static void test_theme_counts(void **state)
{
	(void)state;
	/* notes 1..4; themes 10, 20, 30 (30 unused); note 2 tagged 10 twice */
	const cp_tag tags[] = {{1, 10}, {2, 10}, {3, 20}, {2, 10}, {4, 20}, {4, 10}, {5, 99}};
	const int64_t themes[] = {10, 20, 30};
	int64_t counts[3] = {-1, -1, -1};
	cp_count_themes(tags, sizeof tags / sizeof tags[0], themes, 3, counts);
	assert_int_equal(counts[0], 3);
	assert_int_equal(counts[1], 2);
	assert_int_equal(counts[2], 0);
	cp_count_themes(NULL, 0, themes, 3, counts);
	assert_int_equal(counts[0] + counts[1] + counts[2], 0);
	arena *a = arena_new();
	assert_string_equal(cp_notes_words(a, 1), "1 note");
	assert_string_equal(cp_notes_words(a, 3), "3 notes");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),        cmocka_unit_test(test_statuses_and_moves),
		cmocka_unit_test(test_overdue),        cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_theme_names),    cmocka_unit_test(test_text_limits),
		cmocka_unit_test(test_theme_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
