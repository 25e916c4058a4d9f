/* Disclosure control (issue 15's "what if" leak, and issue 19): no count
 * from 1 to 9 is shown, and an attacker who knows every shown figure
 * cannot work out any hidden one. The attacker here is independent of the
 * suppression's own reasoning: it writes every line of the extended table
 * as an equation (its cells add up to its margin), moves the shown values
 * to the right-hand side, and solves by Gaussian elimination; a hidden
 * cell whose value the equations pin is a leak. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "disclosure/disclosure.h"
#include "dc_attack.h"

static dc_table *table(size_t rows, size_t cols, const int64_t *cells)
{
	dc_table *t = calloc(1, sizeof *t);
	assert_non_null(t);
	assert_int_equal(dc_table_init(t, rows, cols), SN_OK);
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < cols; c++)
			assert_int_equal(dc_set(t, r, c, cells[r * cols + c]), SN_OK);
	return t;
}

/* Every count from 1 to 9 hidden, nothing pinned, hidden cells positive. */
static void check(const dc_table *t)
{
	for (size_t r = 0; r <= t->rows; r++)
		for (size_t c = 0; c <= t->cols; c++) {
			int64_t v = t->value[r][c];
			if (v >= 1 && v < DC_MIN)
				assert_true(t->hidden[r][c]);
			if (t->hidden[r][c]) {
				assert_false(dc_determined(t, r, c));
				if (v < 1) {
					for (size_t i = 0; i <= t->rows; i++) {
						for (size_t k = 0; k <= t->cols; k++)
							fprintf(stderr, "%4lld%s", (long long)t->value[i][k], t->hidden[i][k] ? "*" : " ");
						fprintf(stderr, "\n");
					}
					fail_msg("a hidden cell at [%zu][%zu] is 0", r, c);
				}
			}
		}
	assert_int_equal(attack(t), 0);
}

/* The leak of issue 15: 54 budgets in four groups, one of 9; the total
 * minus the three shown groups gave the hidden one exactly. Now a second
 * group is hidden with it. One column: the counts. */
static void test_whatif_leak_closed(void **state)
{
	(void)state;
	const int64_t cells[] = {20, 9, 14, 11};
	dc_table *t = table(4, 1, cells);
	size_t n = 0;
	assert_int_equal(dc_suppress(t, &n), SN_OK);
	assert_int_equal(t->value[4][1], 54);
	assert_true(t->hidden[1][0] && t->hidden[1][1]); /* the 9, and its row's total */
	assert_true(t->hidden[3][0]);                     /* the next smallest, 11, with it */
	assert_false(t->hidden[4][1]);                    /* the total stays */
	assert_false(t->hidden[0][0] || t->hidden[2][0]);
	check(t);
	/* Before secondary suppression the attack works: hide only the 9. */
	dc_table *naive = table(4, 1, cells);
	dc_suppress(naive, NULL);
	memset(naive->hidden, 0, sizeof naive->hidden);
	naive->hidden[1][0] = naive->hidden[1][1] = true;
	assert_true(attack(naive) > 0);
	free(naive);
	free(t);
}

static void test_nothing_small_nothing_hidden(void **state)
{
	(void)state;
	const int64_t cells[] = {12, 30, 0, 15, 10, 44};
	dc_table *t = table(2, 3, cells);
	size_t n = 99;
	assert_int_equal(dc_suppress(t, &n), SN_OK);
	assert_int_equal(n, 0);
	check(t);
	free(t);
}

/* A 2-D table: groups by what happened (up, down, same), a small cell
 * inside a big row. */
static void test_two_way(void **state)
{
	(void)state;
	const int64_t cells[] = {
		30, 3, 12, /* 3 went down */
		14, 11, 25,
		40, 18, 0,
	};
	dc_table *t = table(3, 3, cells);
	assert_int_equal(dc_suppress(t, NULL), SN_OK);
	assert_true(t->hidden[0][1]);
	assert_false(dc_row_hidden(t, 0)); /* the row's total (45) may show */
	check(t);
	free(t);
}

static void test_bad_input(void **state)
{
	(void)state;
	dc_table *t = calloc(1, sizeof *t);
	assert_int_equal(dc_table_init(t, 0, 2), SN_EINPUT);
	assert_int_equal(dc_table_init(t, DC_MAX_ROWS + 1, 2), SN_ETOOBIG);
	assert_int_equal(dc_table_init(t, 2, DC_MAX_COLS + 1), SN_ETOOBIG);
	assert_int_equal(dc_table_init(t, 2, 2), SN_OK);
	assert_int_equal(dc_set(t, 2, 0, 5), SN_EINPUT);
	assert_int_equal(dc_set(t, 0, 0, -1), SN_EINPUT);
	free(t);
}

/* Thousands of random tables, many small counts and zeros: the attacker
 * never pins a hidden cell. */
static void test_random_tables_resist_the_attack(void **state)
{
	(void)state;
	uint64_t x = 12345;
	dc_table *t = calloc(1, sizeof *t);
	size_t hidden_in_all = 0;
	for (int round = 0; round < 5000; round++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		size_t rows = 1 + (x >> 33) % 14, cols = 1 + (x >> 40) % 7;
		assert_int_equal(dc_table_init(t, rows, cols), SN_OK);
		for (size_t r = 0; r < rows; r++)
			for (size_t c = 0; c < cols; c++) {
				x = x * 6364136223846793005ull + 1442695040888963407ull;
				uint64_t k = (x >> 33) % 10;
				int64_t v = k < 2 ? 0 : k < 6 ? (int64_t)(1 + (x >> 45) % 9) : (int64_t)(10 + (x >> 45) % 60);
				assert_int_equal(dc_set(t, r, c, v), SN_OK);
			}
		size_t n = 0;
		assert_int_equal(dc_suppress(t, &n), SN_OK);
		hidden_in_all += n;
		check(t);
	}
	assert_true(hidden_in_all > 1000);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whatif_leak_closed),
		cmocka_unit_test(test_nothing_small_nothing_hidden),
		cmocka_unit_test(test_two_way),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_random_tables_resist_the_attack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
