/* Unit tests for plan/deploy.c: budget lines against the budget, pooled
 * budgets (gap, equal split, proportional split, a member leaving) and a
 * block contract split into personal budgets, with its JSON case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/plan_rules.h"

static void add_line(plan_doc *d, int64_t pence, plan_deploy how)
{
	plan_line *l = &d->lines[d->n_lines++];
	snprintf(l->id, sizeof l->id, "l%zu", d->n_lines);
	l->weekly_pence = pence;
	l->deploy = how;
}

static int64_t sum(const int64_t *v, size_t n)
{
	int64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

static void test_totals(void **state)
{
	(void)state;
	static plan_doc d;
	memset(&d, 0, sizeof d);
	deploy_totals t;
	char err[256];
	/* No lines: all of the budget is unspent, and says so. */
	assert_int_equal(deploy_totals_of(&d, 25000, &t, err, sizeof err), SN_OK);
	assert_int_equal(t.total_pence, 0);
	assert_int_equal(t.difference_pence, -25000);
	assert_string_equal(deploy_balance_key(t.difference_pence), "under");

	add_line(&d, 12050, DEPLOY_DIRECT_PAYMENT); /* a PA, 10 hours */
	add_line(&d, 4000, DEPLOY_DIRECT_PAYMENT);  /* a gym class */
	add_line(&d, 6500, DEPLOY_COUNCIL);         /* day centre */
	add_line(&d, 2450, DEPLOY_ISF);             /* ISF with a provider */
	assert_int_equal(deploy_totals_of(&d, 25000, &t, err, sizeof err), SN_OK);
	assert_int_equal(t.by_deploy_pence[DEPLOY_DIRECT_PAYMENT], 16050);
	assert_int_equal(t.by_deploy_pence[DEPLOY_COUNCIL], 6500);
	assert_int_equal(t.by_deploy_pence[DEPLOY_ISF], 2450);
	assert_int_equal(t.lines_by_deploy[DEPLOY_DIRECT_PAYMENT], 2);
	assert_int_equal(t.total_pence, 25000);
	assert_int_equal(t.budget_pence, 25000);
	assert_int_equal(t.difference_pence, 0);
	assert_string_equal(deploy_balance_key(0), "exact");
	/* A penny over is shown as a penny over. */
	assert_int_equal(deploy_totals_of(&d, 24999, &t, err, sizeof err), SN_OK);
	assert_int_equal(t.difference_pence, 1);
	assert_string_equal(deploy_balance_key(t.difference_pence), "over");

	/* Refusals name the line. */
	d.lines[2].weekly_pence = -1;
	assert_int_equal(deploy_totals_of(&d, 25000, &t, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "lines[2].weekly_pence:", 22) == 0);
	d.lines[2].weekly_pence = PLAN_WEEKLY_MAX_PENCE + 1;
	assert_int_equal(deploy_totals_of(&d, 25000, &t, err, sizeof err), SN_EINPUT);
	d.lines[2].weekly_pence = 6500;
	d.lines[3].deploy = DEPLOY_COUNT;
	assert_int_equal(deploy_totals_of(&d, 25000, &t, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "lines[3].deploy:", 16) == 0);
	d.lines[3].deploy = DEPLOY_ISF;
	assert_int_equal(deploy_totals_of(&d, -5, &t, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "budget:", 7) == 0);
	/* Forty lines at the weekly maximum still add up without overflow. */
	memset(&d, 0, sizeof d);
	for (int i = 0; i < PLAN_LIST_MAX; i++)
		add_line(&d, PLAN_WEEKLY_MAX_PENCE, DEPLOY_COUNCIL);
	assert_int_equal(deploy_totals_of(&d, 0, &t, err, sizeof err), SN_OK);
	assert_int_equal(t.total_pence, PLAN_LIST_MAX * PLAN_WEEKLY_MAX_PENCE);
}

static void test_pool_gap_and_equal(void **state)
{
	(void)state;
	char err[256];
	int64_t gap, shares[POOL_MEMBERS_MAX];
	int64_t three[] = {3334, 3333, 3333};
	assert_int_equal(pool_gap(10000, three, 3, &gap, err, sizeof err), SN_OK);
	assert_int_equal(gap, 0);
	int64_t short_[] = {3000, 3333, 3333};
	assert_int_equal(pool_gap(10000, short_, 3, &gap, err, sizeof err), SN_OK);
	assert_int_equal(gap, 334); /* the shares fall short */
	int64_t over[] = {4000, 3333, 3333};
	assert_int_equal(pool_gap(10000, over, 3, &gap, err, sizeof err), SN_OK);
	assert_int_equal(gap, -666);

	/* £100 among 3: 3334, 3333, 3333: the first gets the penny. */
	assert_int_equal(pool_split_equal(10000, 3, shares, err, sizeof err), SN_OK);
	assert_true(shares[0] == 3334 && shares[1] == 3333 && shares[2] == 3333);
	/* Every cost and size: exact, and no two shares a penny apart more. */
	for (int64_t cost = 0; cost <= 500; cost += 7)
		for (size_t n = 1; n <= POOL_MEMBERS_MAX; n++) {
			assert_int_equal(pool_split_equal(cost, n, shares, err, sizeof err), SN_OK);
			assert_int_equal(sum(shares, n), cost);
			for (size_t i = 1; i < n; i++)
				assert_true(shares[i] <= shares[i - 1] && shares[0] - shares[i] <= 1);
		}
	assert_int_equal(pool_split_equal(PLAN_WEEKLY_MAX_PENCE, 7, shares, err, sizeof err), SN_OK);
	assert_int_equal(sum(shares, 7), PLAN_WEEKLY_MAX_PENCE);

	assert_int_equal(pool_split_equal(100, 0, shares, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "members:", 8) == 0);
	assert_int_equal(pool_split_equal(100, POOL_MEMBERS_MAX + 1, shares, err, sizeof err),
			 SN_EINPUT);
	assert_int_equal(pool_split_equal(-1, 2, shares, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "cost:", 5) == 0);
	int64_t neg[] = {100, -1};
	assert_int_equal(pool_gap(100, neg, 2, &gap, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "members[1].share:", 17) == 0);
}

static void test_pool_proportional(void **state)
{
	(void)state;
	char err[256];
	int64_t shares[POOL_MEMBERS_MAX];
	/* £100 in the ratio 1:1:1: the remainders tie, the earliest wins. */
	int64_t w111[] = {5, 5, 5};
	assert_int_equal(pool_split_proportional(10000, w111, 3, shares, err, sizeof err), SN_OK);
	assert_true(shares[0] == 3334 && shares[1] == 3333 && shares[2] == 3333);
	/* 1000p in 2:3:5 → 200, 300, 500 exactly. */
	int64_t w235[] = {2, 3, 5};
	assert_int_equal(pool_split_proportional(1000, w235, 3, shares, err, sizeof err), SN_OK);
	assert_true(shares[0] == 200 && shares[1] == 300 && shares[2] == 500);
	/* 100p in 1:1:4 → 16.67, 16.67, 66.67: floors 16, 16, 66 (98);
	 * remainders all 2/3: the two pennies go to the first two. */
	int64_t w114[] = {1, 1, 4};
	assert_int_equal(pool_split_proportional(100, w114, 3, shares, err, sizeof err), SN_OK);
	assert_true(shares[0] == 17 && shares[1] == 17 && shares[2] == 66);
	/* 10p in 3:3:1 → 4.29, 4.29, 1.43: floors 4, 4, 1; remainders 2/7,
	 * 2/7, 3/7: the penny goes to the largest remainder, the third. */
	int64_t w331[] = {3, 3, 1};
	assert_int_equal(pool_split_proportional(10, w331, 3, shares, err, sizeof err), SN_OK);
	assert_true(shares[0] == 4 && shares[1] == 4 && shares[2] == 2);
	/* All weights 0: an equal split. */
	int64_t w000[] = {0, 0, 0};
	assert_int_equal(pool_split_proportional(100, w000, 3, shares, err, sizeof err), SN_OK);
	assert_true(shares[0] == 34 && shares[1] == 33 && shares[2] == 33);
	/* Sums exactly, whatever the weights; each within a penny of its quota. */
	rng r;
	rng_seed(&r, 7);
	for (int k = 0; k < 20000; k++) {
		size_t n = 1 + rng_below(&r, POOL_MEMBERS_MAX);
		int64_t w[POOL_MEMBERS_MAX], cost = (int64_t)rng_below(&r, 1000000), total = 0;
		for (size_t i = 0; i < n; i++) {
			w[i] = (int64_t)rng_below(&r, k % 2 ? 10 : 100000);
			total += w[i];
		}
		assert_int_equal(pool_split_proportional(cost, w, n, shares, err, sizeof err), SN_OK);
		assert_int_equal(sum(shares, n), cost);
		for (size_t i = 0; total && i < n; i++) {
			int64_t lo = cost * w[i] / total;
			assert_true(shares[i] == lo || shares[i] == lo + 1);
		}
	}
}

static void test_pool_leave(void **state)
{
	(void)state;
	char err[256];
	pool_leaving out;
	/* A shared PA at £300 a week: 150, 100, 50. The second leaves. */
	int64_t shares[] = {15000, 10000, 5000};
	assert_int_equal(pool_leave(30000, shares, 3, 1, POOL_RESPLIT_EQUAL, &out, err, sizeof err),
			 SN_OK);
	assert_int_equal(out.leaver_share_pence, 10000);
	assert_int_equal(out.gap_pence, 10000);
	assert_true(out.shares[0] == 15000 && out.shares[1] == 0 && out.shares[2] == 15000);
	/* Proportional to 150:50 → 225, 75. */
	assert_int_equal(pool_leave(30000, shares, 3, 1, POOL_RESPLIT_PROPORTIONAL, &out, err,
				    sizeof err),
			 SN_OK);
	assert_true(out.shares[0] == 22500 && out.shares[1] == 0 && out.shares[2] == 7500);
	assert_int_equal(out.n, 3);
	/* Uneven pennies: £100.01 among the two left after the first leaves. */
	int64_t s3[] = {3334, 3334, 3333};
	assert_int_equal(pool_leave(10001, s3, 3, 0, POOL_RESPLIT_EQUAL, &out, err, sizeof err), SN_OK);
	assert_true(out.shares[0] == 0 && out.shares[1] == 5001 && out.shares[2] == 5000);
	assert_int_equal(out.gap_pence, 10001 - 6667);
	assert_int_equal(pool_leave(10001, s3, 3, 0, POOL_RESPLIT_PROPORTIONAL, &out, err, sizeof err),
			 SN_OK);
	assert_int_equal(out.shares[1] + out.shares[2], 10001);
	assert_true(out.shares[1] == 5001 && out.shares[2] == 5000);
	/* The last member cannot leave a pool; the leaver must be a member. */
	int64_t one[] = {500};
	assert_int_equal(pool_leave(500, one, 1, 0, POOL_RESPLIT_EQUAL, &out, err, sizeof err),
			 SN_EINPUT);
	assert_true(strncmp(err, "leaver:", 7) == 0);
	assert_int_equal(pool_leave(30000, shares, 3, 3, POOL_RESPLIT_EQUAL, &out, err, sizeof err),
			 SN_EINPUT);
	assert_true(strncmp(err, "leaver:", 7) == 0);
	/* Random pools: the proposal always adds up to the cost. */
	rng r;
	rng_seed(&r, 11);
	for (int k = 0; k < 5000; k++) {
		size_t n = 2 + rng_below(&r, POOL_MEMBERS_MAX - 1);
		int64_t s[POOL_MEMBERS_MAX], cost = (int64_t)rng_below(&r, 200000);
		for (size_t i = 0; i < n; i++)
			s[i] = (int64_t)rng_below(&r, 20000);
		size_t who = rng_below(&r, n);
		pool_resplit how = k % 2 ? POOL_RESPLIT_EQUAL : POOL_RESPLIT_PROPORTIONAL;
		assert_int_equal(pool_leave(cost, s, n, who, how, &out, err, sizeof err), SN_OK);
		assert_int_equal(sum(out.shares, n), cost);
		assert_int_equal(out.shares[who], 0);
		assert_int_equal(out.gap_pence, cost - (sum(s, n) - s[who]));
	}
}

/* Extra-care housing: a £4,000.01 block contract for 3 flats, a core of
 * £1,500.02 (24-hour cover on site), RAS budgets of £210, £350 and £0. */
static void test_block(void **state)
{
	(void)state;
	static block_case c;
	static block_result r;
	char err[256];
	memset(&c, 0, sizeof c);
	c.contract_weekly_pence = 400001;
	c.core_weekly_pence = 150002;
	c.n = 3;
	c.tenants[0].ras_weekly_pence = 21000;
	c.tenants[1].ras_weekly_pence = 35000;
	c.tenants[2].ras_weekly_pence = 0;
	assert_int_equal(block_split(&c, &r, err, sizeof err), SN_OK);
	/* before: 400001 / 3 = 133333 r 2: 133334, 133334, 133333 */
	assert_int_equal(r.tenants[0].before_pence, 133334);
	assert_int_equal(r.tenants[1].before_pence, 133334);
	assert_int_equal(r.tenants[2].before_pence, 133333);
	/* core: 150002 / 3 = 50000 r 2: 50001, 50001, 50000 */
	assert_int_equal(r.tenants[0].core_share_pence, 50001);
	assert_int_equal(r.tenants[2].core_share_pence, 50000);
	assert_int_equal(r.tenants[0].after_pence, 71001);
	assert_int_equal(r.tenants[1].after_pence, 85001);
	assert_int_equal(r.tenants[2].after_pence, 50000);
	assert_int_equal(r.tenants[1].change_pence, 85001 - 133334);
	assert_int_equal(r.before_total_pence, 400001);
	assert_int_equal(r.core_total_pence, 150002);
	assert_int_equal(r.individual_total_pence, 56000);
	assert_int_equal(r.after_total_pence, 206002);
	assert_int_equal(r.difference_pence, 206002 - 400001);
	int64_t b = 0, a = 0;
	for (size_t i = 0; i < c.n; i++) {
		b += r.tenants[i].before_pence;
		a += r.tenants[i].after_pence;
	}
	assert_int_equal(b, r.before_total_pence);
	assert_int_equal(a, r.after_total_pence);

	c.n = 0;
	assert_int_equal(block_split(&c, &r, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "tenants:", 8) == 0);
	c.n = 3;
	c.tenants[2].ras_weekly_pence = -1;
	assert_int_equal(block_split(&c, &r, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "tenants[2].ras_weekly_pence:", 28) == 0);
	c.tenants[2].ras_weekly_pence = 0;
	c.core_weekly_pence = -1;
	assert_int_equal(block_split(&c, &r, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "core_weekly_pence:", 18) == 0);
}

static void block_refused(const char *text, const char *field)
{
	static block_case c;
	char err[256] = "";
	assert_int_not_equal(block_case_from_json(text, strlen(text), &c, err, sizeof err), SN_OK);
	if (strncmp(err, field, strlen(field)) != 0)
		fail_msg("%s: '%s' should start with '%s'", text, err, field);
	assert_null(strchr(err, '\n'));
}

static void test_block_json(void **state)
{
	(void)state;
	static block_case c;
	static block_result r;
	char err[256];
	const char *in = "{\"contract_weekly_pence\":10000,\"core_weekly_pence\":3001,"
			 "\"tenants\":[{\"id\":\"flat-1\",\"ras_weekly_pence\":2000},"
			 "{\"ras_weekly_pence\":2500}]}";
	assert_int_equal(block_case_from_json(in, strlen(in), &c, err, sizeof err), SN_OK);
	assert_int_equal(block_split(&c, &r, err, sizeof err), SN_OK);
	json_t *o = block_result_to_json(&c, &r);
	json_object_del(o, "workings");
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(
		s, "{\"tenants\":[{\"id\":\"flat-1\",\"before_pence\":5000,\"core_share_pence\":1501,"
		   "\"individual_pence\":2000,\"after_pence\":3501,\"change_pence\":-1499},"
		   "{\"id\":\"tenant-2\",\"before_pence\":5000,\"core_share_pence\":1500,"
		   "\"individual_pence\":2500,\"after_pence\":4000,\"change_pence\":-1000}],"
		   "\"before_total_pence\":10000,\"core_total_pence\":3001,"
		   "\"individual_total_pence\":4500,\"after_total_pence\":7501,"
		   "\"difference_pence\":-2499}");
	free(s);
	json_decref(o);

	block_refused("[", "input:");
	block_refused("{}", "contract_weekly_pence:");
	block_refused("{\"contract_weekly_pence\":1}", "core_weekly_pence:");
	block_refused("{\"contract_weekly_pence\":1.5,\"core_weekly_pence\":1,\"tenants\":[]}",
		      "contract_weekly_pence:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":-1,\"tenants\":[]}",
		      "core_weekly_pence:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1}", "tenants:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":[]}",
		      "tenants:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":[5]}",
		      "tenants[0]:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":[{}]}",
		      "tenants[0].ras_weekly_pence:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":"
		      "[{\"ras_weekly_pence\":1},{\"ras_weekly_pence\":\"1\"}]}",
		      "tenants[1].ras_weekly_pence:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":"
		      "[{\"id\":\"\",\"ras_weekly_pence\":1}]}",
		      "tenants[0].id:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":"
		      "[{\"id\":7,\"ras_weekly_pence\":1}]}",
		      "tenants[0].id:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":"
		      "[{\"id\":\"a\\u0001b\",\"ras_weekly_pence\":1}]}",
		      "tenants[0].id:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":"
		      "[{\"ras_weekly_pence\":1,\"flat\":2}]}",
		      "tenants[0].flat:");
	block_refused("{\"contract_weekly_pence\":1,\"core_weekly_pence\":1,\"tenants\":[],\"x\":1}",
		      "x:");
	block_refused("{\"contract_weekly_pence\":100000001,\"core_weekly_pence\":1,\"tenants\":[]}",
		      "contract_weekly_pence:");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_pool_gap_and_equal),
		cmocka_unit_test(test_pool_proportional),
		cmocka_unit_test(test_pool_leave),
		cmocka_unit_test(test_block),
		cmocka_unit_test(test_block_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
