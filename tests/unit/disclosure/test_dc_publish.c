/* Publishing a suppressed table (dc_publish.c): the CSV's contract (a
 * column named total, the last row starting Total, "c" for a hidden
 * figure), JSON nulls in the same places, the page's "fewer than 10", and
 * money shown only where 10 or more people are behind it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "disclosure/disclosure.h"

static void test_csv_json_view_agree(void **state)
{
	(void)state;
	dc_table *t = calloc(1, sizeof *t);
	assert_int_equal(dc_table_init(t, 3, 2), SN_OK);
	const int64_t cells[3][2] = {{40, 3}, {25, 30}, {12, 50}};
	for (size_t r = 0; r < 3; r++)
		for (size_t c = 0; c < 2; c++)
			dc_set(t, r, c, cells[r][c]);
	assert_int_equal(dc_suppress(t, NULL), SN_OK);
	const char *rows[] = {"North \"end\"", "South", "East"}, *keys[] = {"yes", "no"}, *words[] = {"Yes", "No"};
	int64_t money[] = {123456, 500, 99, 124055}, people[] = {12, 9, 10, 31};
	dc_extra x = {.key = "spend", .label = "Spend", .money = true, .values = money, .people = people};
	dc_published p = {.id = "t", .title = "A table", .row_key = "area", .row_label = "Area", .row_labels = rows,
			  .col_keys = keys, .col_labels = words, .t = t, .extras = &x, .n_extras = 1};
	buf b;
	buf_init(&b, 1 << 16);
	assert_int_equal(dc_csv(&p, &b), SN_OK);
	buf_putc(&b, '\0');
	/* 3 is hidden, and so is a second figure of its row and column. */
	assert_non_null(strstr(b.data, "area,yes,no,total,spend_pounds\r\n"));
	assert_true(t->hidden[0][1]);
	assert_non_null(strstr(b.data, "\"North \"\"end\"\"\","));
	assert_non_null(strstr(b.data, "\r\nTotal,"));
	assert_null(strstr(b.data, ",3,"));
	/* Money: shown only where its row is and 10 or more people are
	 * behind it (South's 9 people hide its money whatever its counts). */
	for (size_t r = 0; r <= 3; r++)
		assert_int_equal(dc_extra_shown(&p, 0, r), !t->hidden[r][2] && people[r] >= DC_MIN);
	assert_false(dc_extra_shown(&p, 0, 1));
	json_t *j = dc_json(&p);
	json_t *north = json_array_get(json_object_get(j, "rows"), 0);
	assert_true(json_is_null(json_object_get(json_object_get(north, "cells"), "no")));
	json_t *south = json_array_get(json_object_get(j, "rows"), 1);
	assert_true(json_is_null(json_object_get(south, "spend_pence")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "total"), "label")), "Total");
	json_decref(j);
	json_t *v = dc_view(&p, "/x.csv", "/x.json");
	json_t *cell = json_array_get(json_object_get(json_array_get(json_object_get(v, "rows"), 0), "cells"), 1);
	assert_string_equal(json_string_value(json_object_get(cell, "text")), "fewer than 10");
	json_decref(v);
	buf_free(&b);
	free(t);
}

static void test_words(void **state)
{
	(void)state;
	char w[32];
	dc_count_words(1234567, false, w, sizeof w);
	assert_string_equal(w, "1,234,567");
	dc_count_words(5, true, w, sizeof w);
	assert_string_equal(w, "fewer than 10");
	dc_money_words(123456, w, sizeof w);
	assert_string_equal(w, "£1,234.56");
	dc_money_words(-305, w, sizeof w);
	assert_string_equal(w, "-£3.05");
	dc_money_words(7, w, sizeof w);
	assert_string_equal(w, "£0.07");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_json_view_agree),
		cmocka_unit_test(test_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
