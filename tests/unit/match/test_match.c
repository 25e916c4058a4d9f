/* Unit tests for the matching solver (match.h): hand-made instances with a
 * known optimum (where the greedy choice is wrong, demands and capacities
 * above 1, requests nobody can take, zero costs, ties), its own checks,
 * and thousands of random instances on which both methods (cost scaling,
 * successive shortest paths) must agree with each other and, when small
 * enough, with trying every subset of edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match/match_int.h"

/* A problem written out: demands, capacities, edges as {request, helper,
 * cost}. */
typedef struct {
	int32_t nr, nh, ne;
	int32_t demand[64], capacity[64];
	match_edge edges[512];
} inst;

static match_problem problem_of(const inst *x)
{
	return (match_problem){.n_requests = x->nr,
	                       .n_helpers = x->nh,
	                       .n_edges = x->ne,
	                       .demand = x->demand,
	                       .capacity = x->capacity,
	                       .edges = x->edges};
}

/* Solves x both ways and checks the answers agree and are assignments: each
 * edge at most once, no request over its demand, no helper over its
 * capacity, matched and total_cost the sums of what is used. */
static void solve_both(const inst *x, int64_t *matched, int64_t *cost, match_result *keep)
{
	match_problem p = problem_of(x);
	match_result r[2];
	char err[200];
	const int methods[2] = {MATCH_BY_SCALING, MATCH_BY_SSP};
	for (int k = 0; k < 2; k++) {
		assert_int_equal(match_solve_with(&p, methods[k], &r[k], err, sizeof err), SN_OK);
		assert_string_equal(r[k].method,
		                    k == 0 ? "cost scaling" : "successive shortest paths");
		int32_t used_r[64] = {0}, used_h[64] = {0};
		int64_t n = 0, c = 0;
		for (int32_t e = 0; e < x->ne; e++)
			if (r[k].used[e]) {
				used_r[x->edges[e].request]++;
				used_h[x->edges[e].helper]++;
				n++;
				c += x->edges[e].cost;
			}
		for (int32_t i = 0; i < x->nr; i++) {
			assert_true(used_r[i] <= x->demand[i]);
			assert_int_equal(used_r[i], r[k].units[i]);
		}
		for (int32_t j = 0; j < x->nh; j++)
			assert_true(used_h[j] <= x->capacity[j]);
		assert_int_equal(n, r[k].matched);
		assert_int_equal(c, r[k].total_cost);
	}
	assert_int_equal(r[0].matched, r[1].matched);
	assert_int_equal(r[0].total_cost, r[1].total_cost);
	*matched = r[0].matched;
	*cost = r[0].total_cost;
	if (keep)
		*keep = r[0];
	else
		match_result_free(&r[0]);
	match_result_free(&r[1]);
}

static void edge(inst *x, int32_t r, int32_t h, int64_t cost)
{
	x->edges[x->ne++] = (match_edge){.request = r, .helper = h, .cost = cost};
}

static inst unit_inst(int32_t nr, int32_t nh)
{
	inst x = {.nr = nr, .nh = nh};
	for (int32_t i = 0; i < nr; i++)
		x.demand[i] = 1;
	for (int32_t j = 0; j < nh; j++)
		x.capacity[j] = 1;
	return x;
}

static void test_greedy_is_wrong(void **state)
{
	(void)state;
	int64_t n, c;
	/* The cheapest edge first (r0-h0, 1) leaves r1 only h1 at 100. */
	inst x = unit_inst(2, 2);
	edge(&x, 0, 0, 1);
	edge(&x, 0, 1, 10);
	edge(&x, 1, 0, 2);
	edge(&x, 1, 1, 100);
	solve_both(&x, &n, &c, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(c, 12);
	/* Taking r0's cheap edge would leave r1 with nobody: more matched wins
	 * over a lower cost. */
	inst y = unit_inst(2, 2);
	edge(&y, 0, 0, 0);
	edge(&y, 0, 1, 1000);
	edge(&y, 1, 0, 999);
	solve_both(&y, &n, &c, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(c, 1999);
	/* A longer chain: each request's cheapest helper is its neighbour's only one. */
	inst z = unit_inst(4, 4);
	for (int32_t i = 0; i < 4; i++) {
		edge(&z, i, i, 5);
		if (i + 1 < 4)
			edge(&z, i, i + 1, 1);
	}
	solve_both(&z, &n, &c, NULL);
	assert_int_equal(n, 4);
	assert_int_equal(c, 20);
}

static void test_demand_and_capacity(void **state)
{
	(void)state;
	int64_t n, c;
	match_result r;
	/* r0 wants 3, r1 wants 2; h0 takes 2, h1 takes 2, h2 takes 1. */
	inst x = {.nr = 2, .nh = 3, .demand = {3, 2}, .capacity = {2, 2, 1}};
	edge(&x, 0, 0, 5);
	edge(&x, 0, 1, 7);
	edge(&x, 0, 2, 9);
	edge(&x, 1, 0, 1);
	edge(&x, 1, 1, 100);
	solve_both(&x, &n, &c, &r);
	/* 5 units: r0 takes h0, h1, h2 (21) and r1 h0 and h1 (101) would be
	 * over h0's and h1's capacity; each edge once, so r1 has h0 and h1 and
	 * r0 has the rest: r1-h0 1 + r1-h1 100 + r0-h0 5 + r0-h1 7 + r0-h2 9. */
	assert_int_equal(n, 5);
	assert_int_equal(c, 122);
	assert_int_equal(r.units[0], 3);
	assert_int_equal(r.units[1], 2);
	match_result_free(&r);
	/* Each edge at most once: one edge to a helper with room for 4 gives 1. */
	inst y = {.nr = 1, .nh = 1, .demand = {4}, .capacity = {4}};
	edge(&y, 0, 0, 3);
	solve_both(&y, &n, &c, &r);
	assert_int_equal(n, 1);
	assert_int_equal(c, 3);
	assert_int_equal(r.units[0], 1);
	match_result_free(&r);
	/* Capacity binds: three requests, one helper with room for 2 takes the
	 * two cheapest. */
	inst z = {.nr = 3, .nh = 1, .demand = {1, 1, 1}, .capacity = {2}};
	edge(&z, 0, 0, 30);
	edge(&z, 1, 0, 10);
	edge(&z, 2, 0, 20);
	solve_both(&z, &n, &c, &r);
	assert_int_equal(n, 2);
	assert_int_equal(c, 30);
	assert_false(r.used[0]);
	assert_int_equal(r.units[0], 0);
	match_result_free(&r);
}

static void test_disconnected_and_empty(void **state)
{
	(void)state;
	int64_t n, c;
	match_result r;
	inst x = {.nr = 3, .nh = 3, .demand = {1, 2, 3}, .capacity = {1, 1, 4}};
	edge(&x, 0, 0, 4);
	edge(&x, 2, 0, 1);
	solve_both(&x, &n, &c, &r);
	assert_int_equal(n, 1);
	assert_int_equal(c, 1);
	assert_int_equal(r.units[0], 0);
	assert_int_equal(r.units[1], 0);
	assert_int_equal(r.units[2], 1);
	match_result_free(&r);
	inst none = {0};
	solve_both(&none, &n, &c, NULL);
	assert_int_equal(n, 0);
	assert_int_equal(c, 0);
	inst no_edges = unit_inst(2, 2);
	solve_both(&no_edges, &n, &c, NULL);
	assert_int_equal(n, 0);
}

static void test_zero_costs_and_ties(void **state)
{
	(void)state;
	int64_t n, c;
	match_result a, b;
	inst x = {.nr = 3, .nh = 2, .demand = {2, 1, 1}, .capacity = {2, 1}};
	edge(&x, 0, 0, 0);
	edge(&x, 0, 1, 0);
	edge(&x, 1, 0, 0);
	edge(&x, 2, 1, 0);
	solve_both(&x, &n, &c, NULL);
	assert_int_equal(n, 3);
	assert_int_equal(c, 0);
	/* Equal costs everywhere: the same input gives the same assignment. */
	inst y = unit_inst(4, 4);
	for (int32_t i = 0; i < 4; i++)
		for (int32_t j = 0; j < 4; j++)
			edge(&y, i, j, 7);
	solve_both(&y, &n, &c, &a);
	solve_both(&y, &n, &c, &b);
	assert_int_equal(n, 4);
	assert_int_equal(c, 28);
	assert_memory_equal(a.used, b.used, (size_t)y.ne * sizeof *a.used);
	match_result_free(&a);
	match_result_free(&b);
}

static void test_refused(void **state)
{
	(void)state;
	match_result r;
	char err[200];
	inst x = unit_inst(2, 1);
	edge(&x, 0, 0, -1);
	match_problem p = problem_of(&x);
	assert_int_equal(match_solve(&p, &r, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "edges[0].cost: must not be negative");
	match_result_free(&r);
	x.edges[0] = (match_edge){.request = 2, .helper = 0, .cost = 1};
	assert_int_equal(match_solve(&p, &r, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "edges[0]: no such request or helper");
	x.edges[0] = (match_edge){.request = 0, .helper = 0, .cost = MATCH_COST_SUM_MAX};
	edge(&x, 1, 0, 1);
	p = problem_of(&x);
	assert_int_equal(match_solve(&p, &r, err, sizeof err), SN_ETOOBIG);
	assert_string_equal(
	    err, "edges[1].cost: the costs add up to more than 2305843009213693951, which could "
	         "overflow the total");
	x.ne = 1;
	p = problem_of(&x);
	assert_int_equal(match_solve(&p, &r, err, sizeof err), SN_OK);
	assert_int_equal(r.total_cost, MATCH_COST_SUM_MAX);
	assert_string_equal(r.method, "successive shortest paths"); /* too large for cost scaling */
	match_result_free(&r);
	assert_int_equal(match_solve_with(&p, MATCH_BY_SCALING, &r, err, sizeof err), SN_ETOOBIG);
	x.demand[1] = 0;
	assert_int_equal(match_solve(&p, &r, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "requests[1].demand: must be from 1 to 1000000");
	x.demand[1] = 1;
	x.capacity[0] = MATCH_UNITS_MAX + 1;
	assert_int_equal(match_solve(&p, &r, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "helpers[0].capacity: must be from 1 to 1000000");
	p.n_edges = MATCH_EDGES_MAX + 1;
	assert_int_equal(match_solve(&p, &r, err, sizeof err), SN_ETOOBIG);
}

static void test_scale_fits(void **state)
{
	(void)state;
	assert_true(match_scale_fits(10002, 1000));
	assert_true(match_scale_fits(10002, 2000000000));
	assert_false(match_scale_fits(10002, 100000000000));
	assert_true(match_scale_fits(200002, 7000000));
	assert_false(match_scale_fits(200002, 8000000));
	assert_false(match_scale_fits(4, MATCH_COST_SUM_MAX));
}

/* ---- random instances ---- */

/* Every subset of x's edges (x->ne <= 12): the most units, then the least cost. */
static void brute_force(const inst *x, int64_t *matched, int64_t *cost)
{
	*matched = 0;
	*cost = 0;
	for (uint32_t set = 0; set < (1u << x->ne); set++) {
		int32_t ur[64] = {0}, uh[64] = {0};
		int64_t n = 0, c = 0;
		bool ok = true;
		for (int32_t e = 0; e < x->ne && ok; e++)
			if (set & (1u << e)) {
				ok = ++ur[x->edges[e].request] <= x->demand[x->edges[e].request] &&
				     ++uh[x->edges[e].helper] <= x->capacity[x->edges[e].helper];
				n++;
				c += x->edges[e].cost;
			}
		if (ok && (n > *matched || (n == *matched && c < *cost))) {
			*matched = n;
			*cost = c;
		}
	}
}

/* A random instance: up to max_side requests and helpers, demands and
 * capacities 1-4, each pair an edge with probability density/100, costs up
 * to max_cost (small ones make ties). */
static void random_inst(rng *g, inst *x, int32_t max_side, int32_t max_edges, int density,
                        int64_t max_cost)
{
	memset(x, 0, sizeof *x);
	x->nr = (int32_t)rng_below(g, (uint64_t)max_side) + 1;
	x->nh = (int32_t)rng_below(g, (uint64_t)max_side) + 1;
	for (int32_t i = 0; i < x->nr; i++)
		x->demand[i] = (int32_t)rng_below(g, 4) + 1;
	for (int32_t j = 0; j < x->nh; j++)
		x->capacity[j] = (int32_t)rng_below(g, 4) + 1;
	for (int32_t i = 0; i < x->nr; i++)
		for (int32_t j = 0; j < x->nh; j++)
			if (x->ne < max_edges && (int)rng_below(g, 100) < density)
				edge(x, i, j, (int64_t)rng_below(g, (uint64_t)max_cost + 1));
}

static void test_random_against_brute_force(void **state)
{
	(void)state;
	rng g;
	rng_seed(&g, 18);
	static inst x;
	for (int k = 0; k < 3000; k++) {
		random_inst(&g, &x, 5, 12, 20 + (int)rng_below(&g, 60), k % 3 ? 20 : 2);
		int64_t n, c, bn, bc;
		solve_both(&x, &n, &c, NULL);
		brute_force(&x, &bn, &bc);
		assert_int_equal(n, bn);
		assert_int_equal(c, bc);
	}
}

static void test_random_both_methods(void **state)
{
	(void)state;
	rng g;
	rng_seed(&g, 1812);
	static inst x;
	for (int k = 0; k < 1500; k++) {
		static const int64_t max_costs[] = {0, 1, 3, 1000, 1000000000};
		random_inst(&g, &x, 60, 512, 2 + (int)rng_below(&g, 20), max_costs[k % 5]);
		int64_t n, c;
		solve_both(&x, &n, &c, NULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_greedy_is_wrong),
	    cmocka_unit_test(test_demand_and_capacity),
	    cmocka_unit_test(test_disconnected_and_empty),
	    cmocka_unit_test(test_zero_costs_and_ties),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_scale_fits),
	    cmocka_unit_test(test_random_against_brute_force),
	    cmocka_unit_test(test_random_both_methods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
