/* The commissioners' tables on the demo area (two years, six localities):
 * every table /insight, its wellbeing pages and each area's market
 * position statement publish is built, and then attacked the way an
 * outsider with every published figure would (dc_attack.h: the lines of
 * the table as equations, solved): no hidden figure may be pinned, no
 * count from 1 to 9 shown, no money beside a row with fewer than 10 people
 * behind it. Also the tables' words and the months' arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "../disclosure/dc_attack.h"
#include "demo/demo.h"
#include "insight/insight.h"

static void test_months_and_names(void **state)
{
	(void)state;
	char m[8], w[32];
	assert_true(ins_month_ok("2026-12"));
	assert_false(ins_month_ok("2026-13"));
	assert_false(ins_month_ok("2026-00"));
	assert_false(ins_month_ok("26-12"));
	assert_false(ins_month_ok("2026-1x"));
	ins_month_add("2026-01", -1, m);
	assert_string_equal(m, "2025-12");
	ins_month_add("2025-12", 13, m);
	assert_string_equal(m, "2027-01");
	assert_int_equal(ins_months_between("2025-01", "2026-12"), 24);
	ins_month_words("2026-03", w, sizeof w);
	assert_string_equal(w, "March 2026");
	ins_spec sp;
	assert_int_equal(ins_spec_find("wellbeing-ons4-life-satisfaction-by-age", &sp), SN_OK);
	assert_int_equal(sp.rows, INS_AGE);
	assert_int_equal(ins_spec_find("referrals-made-by-need-and-locality", &sp), SN_OK);
	assert_int_equal(ins_spec_find("nothing", &sp), SN_ENOTFOUND);
}

static size_t tables_checked, hidden_seen, shown_seen;

static void check_table(const ins_table *t)
{
	const dc_table *d = t->t;
	for (size_t r = 0; r <= d->rows; r++)
		for (size_t c = 0; c <= d->cols; c++) {
			int64_t v = d->value[r][c];
			if (v >= 1 && v < DC_MIN)
				assert_true(d->hidden[r][c]);
			hidden_seen += d->hidden[r][c];
			shown_seen += !d->hidden[r][c] && v >= DC_MIN;
		}
	if (attack(d) != 0)
		fail_msg("%s: a hidden figure can be worked out", t->spec.name);
	for (size_t e = 0; e < t->pub.n_extras; e++)
		for (size_t r = 0; r <= d->rows; r++)
			if (dc_extra_shown(&t->pub, e, r)) {
				assert_false(dc_row_hidden(d, r));
				assert_true(t->pub.extras[e].people[r] >= DC_MIN || t->pub.extras[e].values[r] == 0);
			}
	tables_checked++;
}

static void test_every_table_resists_the_attack(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	assert_int_equal(demo_create(f->s, 5, DEMO_SMALL, err, sizeof err), SN_OK);
	char now[21], to[8], from[8], from24[8];
	time_iso8601(time_now(), now);
	snprintf(to, sizeof to, "%.7s", now);
	ins_month_add(to, -11, from);
	ins_month_add(to, -23, from24);
	const char *const froms[] = {from, from24};
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < ins_home_count(); i++) {
			ins_spec sp;
			ins_table t;
			ins_home_spec(i, &sp);
			assert_int_equal(ins_build(f->s, f->a, &sp, froms[k], to, 0, &t), SN_OK);
			check_table(&t);
		}
		for (size_t i = 0; i < ins_measure_count(); i++)
			for (size_t j = 0; j < ins_split_count(); j++) {
				ins_spec sp;
				ins_table t;
				ins_measure_spec(i, j, &sp);
				assert_int_equal(ins_build(f->s, f->a, &sp, froms[k], to, 0, &t), SN_OK);
				check_table(&t);
			}
	}
	/* Each area's statement. */
	ins_axis areas;
	assert_int_equal(ins_areas(f->s, f->a, &areas), SN_OK);
	assert_int_equal(areas.n, 6);
	static const char *const mps[] = {"services-by-need-and-locality", "referrals-made-by-need-and-locality",
					  "needs-not-met-by-need-and-locality", "requests-by-month-and-locality"};
	for (size_t i = 0; i < areas.n; i++) {
		int64_t loc;
		const char *name;
		assert_int_equal(ins_area(f->s, f->a, areas.keys[i], &loc, &name), SN_OK);
		for (size_t k = 0; k < SN_ARRAY_LEN(mps); k++) {
			ins_spec sp;
			ins_table t;
			assert_int_equal(ins_spec_find(mps[k], &sp), SN_OK);
			assert_int_equal(ins_build(f->s, f->a, &sp, from24, to, loc, &t), SN_OK);
			check_table(&t);
		}
	}
	/* The demo says something: many figures shown, some hidden. */
	assert_true(tables_checked > 90);
	assert_true(shown_seen > 500);
	assert_true(hidden_seen > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_months_and_names),
		cmocka_unit_test_setup_teardown(test_every_table_resists_the_attack, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
