/* Unit tests for the pure rules of events: booking or waiting, places
 * left, how many move up from the waiting list, when booking and
 * attendance are open, and the checks of times and capacity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "events/events.h"

static void test_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < EV_N_KINDS; k++) {
		ev_kind got;
		assert_true(ev_kind_parse(ev_kind_code((ev_kind)k), &got));
		assert_int_equal(got, k);
		assert_true(strlen(ev_kind_words((ev_kind)k)) > 0);
	}
	ev_kind got;
	assert_false(ev_kind_parse("party", &got));
	assert_false(ev_kind_parse("", &got));
	assert_false(ev_kind_parse(NULL, &got));
	assert_string_equal(ev_kind_code(EV_N_KINDS), "");
}

static void test_booking_and_places(void **state)
{
	(void)state;
	assert_int_equal(ev_booking(0, 1), EV_BOOKED);
	assert_int_equal(ev_booking(2, 3), EV_BOOKED);
	assert_int_equal(ev_booking(3, 3), EV_WAITING);
	assert_int_equal(ev_booking(5, 3), EV_WAITING); /* capacity came down */
	assert_int_equal(ev_places_left(0, 3), 3);
	assert_int_equal(ev_places_left(3, 3), 0);
	assert_int_equal(ev_places_left(5, 3), 0);
}

static void test_move_up(void **state)
{
	(void)state;
	/* one place given back, two waiting: one moves up */
	assert_int_equal(ev_move_up(2, 3, 2), 1);
	/* capacity raised by five, two waiting: both */
	assert_int_equal(ev_move_up(3, 8, 2), 2);
	/* full or over-full: nobody */
	assert_int_equal(ev_move_up(3, 3, 4), 0);
	assert_int_equal(ev_move_up(5, 3, 4), 0);
	/* no one waiting */
	assert_int_equal(ev_move_up(0, 10, 0), 0);
	assert_int_equal(ev_move_up(0, 10, -1), 0);
	/* whatever the numbers, never more than the free places or the list */
	for (int64_t b = 0; b < 12; b++)
		for (int64_t c = 1; c < 12; c++)
			for (int64_t w = 0; w < 12; w++) {
				int64_t m = ev_move_up(b, c, w);
				assert_true(m >= 0 && m <= w && b + m <= (b > c ? b : c));
				if (b < c && w > 0)
					assert_true(m > 0);
			}
}

static void test_open(void **state)
{
	(void)state;
	assert_true(ev_open_for_booking(false, 1000, 999));
	assert_false(ev_open_for_booking(false, 1000, 1000));
	assert_false(ev_open_for_booking(true, 1000, 10));
	assert_false(ev_attendance_open(false, 1000, 999));
	assert_true(ev_attendance_open(false, 1000, 1000));
	assert_false(ev_attendance_open(true, 1000, 2000));
}

static void test_check_times(void **state)
{
	(void)state;
	const char *f = NULL;
	int64_t now = 1000000;
	assert_null(ev_check_times(now + 3600, now + 7200, 10, true, now, &f));
	assert_non_null(ev_check_times(now, now + 7200, 10, true, now, &f));
	assert_string_equal(f, "starts");
	/* a changed event may have started already */
	assert_null(ev_check_times(now - 60, now + 7200, 10, false, now, &f));
	assert_non_null(ev_check_times(now + 3600, now + 3600, 10, true, now, &f));
	assert_string_equal(f, "ends");
	assert_non_null(ev_check_times(now + 3600, now + 3600 + 15 * 86400, 10, true, now, &f));
	assert_string_equal(f, "ends");
	assert_null(ev_check_times(now + 3600, now + 3600 + 14 * 86400, 10, true, now, &f));
	assert_non_null(ev_check_times(now + 3600, now + 7200, 0, true, now, &f));
	assert_string_equal(f, "capacity");
	assert_non_null(ev_check_times(now + 3600, now + 7200, EV_CAPACITY_MAX + 1, true, now, &f));
	assert_null(ev_check_times(now + 3600, now + 7200, EV_CAPACITY_MAX, true, now, &f));
}

static void test_parse_when(void **state)
{
	(void)state;
	int64_t t;
	const char *why;
	char iso[21];
	/* winter: UK time is UTC */
	assert_int_equal(ev_parse_when("14", "1", "2027", "14:30", &t, &why), SN_OK);
	time_iso8601(t, iso);
	assert_string_equal(iso, "2027-01-14T14:30:00Z");
	/* summer: BST, an hour ahead */
	assert_int_equal(ev_parse_when("1", "7", "2027", "9:05", &t, &why), SN_OK);
	time_iso8601(t, iso);
	assert_string_equal(iso, "2027-07-01T08:05:00Z");
	assert_int_equal(ev_parse_when("29", "2", "2028", "00:00", &t, &why), SN_OK);
	const char *bad[][4] = {{"30", "2", "2027", "10:00"}, {"1", "13", "2027", "10:00"}, {"x", "1", "2027", "10:00"},
				{"1", "1", "1999", "10:00"}, {"1", "1", "2027", "24:00"}, {"1", "1", "2027", "10:60"},
				{"1", "1", "2027", "10"}, {"1", "1", "2027", "10:5"}, {"1", "1", "2027", ""},
				{"", "1", "2027", "10:00"}, {"1", "1", "2027", "123:00"}, {"1", "1", "20270", "10:00"}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		assert_int_equal(ev_parse_when(bad[i][0], bad[i][1], bad[i][2], bad[i][3], &t, &why), SN_EINPUT);
		assert_non_null(why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_booking_and_places),
		cmocka_unit_test(test_move_up),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_check_times),
		cmocka_unit_test(test_parse_when),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
