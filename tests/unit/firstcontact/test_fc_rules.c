/* First Contact's pure rules: where the answers lead (each service once,
 * in the questions' order, locality links only for people living there),
 * and the funnel report's disclosure control (no count from 1 to 9 shown,
 * none recoverable from the totals or the other groupings, ratios hidden
 * with what they come from). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "firstcontact/firstcontact.h"

static void targets(void **state)
{
	(void)state;
	const fc_link links[] = {
		{1, 100, 0}, {1, 101, 0}, {2, 101, 0}, {2, 102, 7}, {3, 103, 0}, {3, 104, 8},
	};
	int64_t out[10];
	const int64_t yes12[] = {1, 2};
	size_t n = fc_targets(links, 6, yes12, 2, 7, out, 10);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 100);
	assert_int_equal(out[1], 101); /* once, though two questions lead there */
	assert_int_equal(out[2], 102); /* the locality link: the person lives in 7 */
	n = fc_targets(links, 6, yes12, 2, 8, out, 10);
	assert_int_equal(n, 2); /* not in locality 7 */
	n = fc_targets(links, 6, yes12, 2, 0, out, 10);
	assert_int_equal(n, 2); /* locality not known: only the links for everyone */
	const int64_t yes3[] = {3};
	n = fc_targets(links, 6, yes3, 1, 8, out, 10);
	assert_int_equal(n, 2);
	assert_int_equal(out[1], 104);
	n = fc_targets(links, 6, NULL, 0, 7, out, 10);
	assert_int_equal(n, 0); /* no yes, no referral */
	n = fc_targets(links, 6, yes12, 2, 7, out, 2);
	assert_int_equal(n, 2); /* at most max */
}

static bool small_shown(const fc_report *r)
{
	for (int g = 0; g < FC_N_GROUPINGS; g++)
		for (size_t i = 0; i <= r->n_rows[g]; i++)
			for (int m = 0; m < FC_N_MEASURES; m++) {
				fc_cell c = r->rows[g][i].n[m];
				if (!c.hidden && c.value >= 1 && c.value < DC_MIN)
					return true;
			}
	return false;
}

static void report_hides_small_counts(void **state)
{
	(void)state;
	/* 40 checklists: by month 25 + 15, by locality 31 + 9 (small), by
	 * partner 38 + 2 (small). */
	fc_group month[] = {{"2026-10", {25, 60, 30, 12}, 30 * 86400 * 2}, {"2026-11", {15, 40, 20, 3}, 20 * 86400}};
	fc_group loc[] = {{"Northgate", {31, 80, 41, 12}, 41 * 86400}, {"Old Town", {9, 20, 9, 3}, 9 * 86400}};
	fc_group partner[] = {{"Age Friendly", {38, 95, 47, 15}, 47 * 86400}, {"Fire service", {2, 5, 3, 0}, 3 * 86400}};
	const fc_group *const groups[FC_N_GROUPINGS] = {month, loc, partner};
	const size_t n[FC_N_GROUPINGS] = {2, 2, 2};
	arena *a = arena_new();
	fc_report r;
	assert_int_equal(fc_report_publish(groups, n, a, &r), SN_OK);
	assert_false(small_shown(&r));
	/* the small cells are hidden, and so is something beside each so that
	 * the total cannot give it away */
	const fc_row *old_town = &r.rows[FC_BY_LOCALITY][1];
	assert_true(old_town->n[FC_CHECKLISTS].hidden);
	assert_true(r.rows[FC_BY_LOCALITY][0].n[FC_CHECKLISTS].hidden ||
		    r.rows[FC_BY_LOCALITY][2].n[FC_CHECKLISTS].hidden);
	/* ratios from a hidden or small count are hidden */
	assert_true(old_town->per_checklist_tenths.hidden);
	assert_true(old_town->accept_days_tenths.hidden);
	assert_true(r.rows[FC_BY_PARTNER][1].accept_days_tenths.hidden);
	/* the total row is the same in every grouping */
	for (int m = 0; m < FC_N_MEASURES; m++) {
		fc_cell t0 = r.rows[0][2].n[m];
		for (int g = 1; g < FC_N_GROUPINGS; g++) {
			assert_int_equal(r.rows[g][2].n[m].hidden, t0.hidden);
			if (!t0.hidden)
				assert_int_equal(r.rows[g][2].n[m].value, t0.value);
		}
	}
	/* a published cell is never in a row and column whose other cells and
	 * total would give a hidden one: try subtracting the shown cells of
	 * each column from its shown total */
	for (int g = 0; g < FC_N_GROUPINGS; g++)
		for (int m = 0; m < FC_N_MEASURES; m++) {
			size_t hidden = 0;
			for (size_t i = 0; i < n[g]; i++)
				hidden += r.rows[g][i].n[m].hidden;
			if (!r.rows[g][n[g]].n[m].hidden)
				assert_true(hidden == 0 || hidden >= 2);
		}
	/* the shown ratios: 60 referrals from 25 checklists is 2.4; 30
	 * accepted in 60 days is 2.0 days each */
	const fc_row *oct = &r.rows[FC_BY_MONTH][0];
	if (!oct->per_checklist_tenths.hidden)
		assert_int_equal(oct->per_checklist_tenths.value, 24);
	if (!oct->accept_days_tenths.hidden)
		assert_int_equal(oct->accept_days_tenths.value, 20);
	arena_free(a);
}

static void report_empty(void **state)
{
	(void)state;
	const fc_group *const groups[FC_N_GROUPINGS] = {NULL, NULL, NULL};
	const size_t n[FC_N_GROUPINGS] = {0, 0, 0};
	arena *a = arena_new();
	fc_report r;
	assert_int_equal(fc_report_publish(groups, n, a, &r), SN_OK);
	for (int g = 0; g < FC_N_GROUPINGS; g++) {
		assert_int_equal(r.n_rows[g], 0);
		assert_string_equal(r.rows[g][0].label, "Total");
		assert_int_equal(r.rows[g][0].n[FC_CHECKLISTS].value, 0);
		assert_true(r.rows[g][0].per_checklist_tenths.hidden);
	}
	arena_free(a);
}

static void cells_as_text(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_string_equal(fc_cell_page(a, (fc_cell){7, true}), "fewer than 10");
	assert_string_equal(fc_cell_csv(a, (fc_cell){7, true}), "c");
	assert_string_equal(fc_cell_csv(a, (fc_cell){12, false}), "12");
	assert_string_equal(fc_tenths_csv(a, (fc_cell){25, false}), "2.5");
	assert_string_equal(fc_tenths_page(a, (fc_cell){0, true}), "not shown (fewer than 10)");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(targets),
		cmocka_unit_test(report_hides_small_counts),
		cmocka_unit_test(report_empty),
		cmocka_unit_test(cells_as_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
