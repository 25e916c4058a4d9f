/* Unit tests for plan/gas.c: the T-score, its rounding (exact halves, near
 * halves that doubles get wrong, negative T), the checks, and the JSON case
 * and result of `rules gas`. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/plan_rules.h"

static gas_case make(const double *w, const int *x, size_t n, double rho)
{
	gas_case c;
	memset(&c, 0, sizeof c);
	for (size_t i = 0; i < n; i++) {
		c.goals[i].weight = w[i];
		c.goals[i].score = x[i];
	}
	c.n = n;
	c.rho = rho;
	return c;
}

static int64_t centi(const double *w, const int *x, size_t n, double rho)
{
	gas_case c = make(w, x, n, rho);
	gas_result r;
	char err[256] = "";
	if (gas_compute(&c, &r, err, sizeof err)) {
		fprintf(stderr, "refused: %s\n", err);
		return INT64_MIN;
	}
	assert_true(r.t_score == (double)r.t_centi / 100.0);
	return r.t_centi;
}

/* One goal: the denominator is the weight itself, T = 50 + 10x. */
static void test_one_goal(void **state)
{
	(void)state;
	for (int x = -2; x <= 2; x++) {
		double w[] = {3.5};
		int xs[] = {x};
		assert_int_equal(centi(w, xs, 1, 0.3), 5000 + 1000 * x);
		assert_int_equal(centi(w, xs, 1, 0.0), 5000 + 1000 * x);
		assert_int_equal(centi(w, xs, 1, 0.99), 5000 + 1000 * x);
	}
}

/* Worked by hand: weights 2, 1, 3 and scores -1, 1, 0: Σw = 6, Σw² = 14,
 * Σwx = -1, D = 0.7 x 14 + 0.3 x 36 = 20.6, T = 50 - 10/√20.6 = 47.7967... */
static void test_worked_example(void **state)
{
	(void)state;
	double w[] = {2, 1, 3};
	int x[] = {-1, 1, 0};
	gas_case c = make(w, x, 3, GAS_RHO_DEFAULT);
	gas_result r;
	char err[256];
	assert_int_equal(gas_compute(&c, &r, err, sizeof err), SN_OK);
	assert_int_equal(r.t_centi, 4780);
	assert_true(r.sum_weights == 6 && r.sum_squares == 14 && r.sum_weighted == -1);
	assert_true(fabs(r.denominator - sqrt(20.6)) < 1e-12);
	assert_true(fabs(r.t_unrounded - 47.79673675380384) < 1e-12);
	assert_false(r.exact_tie_check);
	/* Everything at the expected level is 50; all +2 with equal weights
	 * and rho 0.3 for 3 goals: 50 + 10 x 6 / √(2.1 + 2.7) = 77.386... */
	int zero[] = {0, 0, 0}, two[] = {2, 2, 2};
	double ones[] = {1, 1, 1};
	assert_int_equal(centi(w, zero, 3, 0.3), 5000);
	assert_int_equal(centi(ones, two, 3, 0.3), 7739);
}

/* Weights are relative: scaling them all changes nothing. */
static void test_scale_invariant(void **state)
{
	(void)state;
	double w1[] = {1, 2, 3, 4}, w2[] = {0.25, 0.5, 0.75, 1}, w3[] = {1000, 2000, 3000, 4000};
	int x[] = {2, -1, 0, 1};
	int64_t a = centi(w1, x, 4, 0.3);
	assert_int_equal(centi(w2, x, 4, 0.3), a);
	assert_int_equal(centi(w3, x, 4, 0.3), a);
}

/* Exact halves: rho 0 and Σw² = 400², so T = 50 + S/40 and an odd S puts
 * T on a half-cent (50.025). Doubles give 3867.4999999999995 for T x 100
 * of 38.675 (scores -2, -1, -2, 0, 0): the exact check says 38.68. */
static void test_exact_halves(void **state)
{
	(void)state;
	double w[] = {1, 399, 26, 11, 1};
	int up[] = {1, 0, 0, 0, 0}, down[] = {-1, 0, 0, 0, 0}, trap[] = {-2, -1, -2, 0, 0};
	assert_int_equal(centi(w, up, 5, 0), 5003);   /* 50.025 */
	assert_int_equal(centi(w, down, 5, 0), 4998); /* 49.975 */
	assert_int_equal(centi(w, trap, 5, 0), 3868); /* 38.675 */
	gas_case c = make(w, trap, 5, 0);
	gas_result r;
	char err[256];
	assert_int_equal(gas_compute(&c, &r, err, sizeof err), SN_OK);
	assert_true(r.exact_tie_check);
	/* The same weights as decimals with no exact binary form. */
	double wd[] = {0.1, 39.9, 2.6, 1.1, 0.1};
	assert_int_equal(centi(wd, up, 5, 0), 5003);
	assert_int_equal(centi(wd, down, 5, 0), 4998);
	assert_int_equal(centi(wd, trap, 5, 0), 3868);
	/* A dyadic half: weights with Σw² = 16², T = 50 + 0.625·S. */
	double w16[] = {1, 1, 1, 1, 12, 6, 6, 6};
	int one[8] = {1}, minus[8] = {-1};
	assert_int_equal(centi(w16, one, 8, 0), 5063);   /* 50.625 */
	assert_int_equal(centi(w16, minus, 8, 0), 4938); /* 49.375 */
	/* rho 0.25, weights 5 and 14: D = 0.75 x 221 + 0.25 x 361 = 256 */
	double w5[] = {5, 14};
	int x5[] = {-1, 0};
	assert_int_equal(centi(w5, x5, 2, 0.25), 4688); /* 46.875 */
}

/* A negative T at a half goes away from zero: 48 goals of weight 1 and
 * 52 of weight 2, rho 0: √Σw² = 16, T = 50 + 0.625·S; S = -81 gives
 * -0.625 and S = -161 gives -50.625. */
static void test_negative_half(void **state)
{
	(void)state;
	double w[100];
	int x[100] = {0};
	for (size_t i = 0; i < 100; i++)
		w[i] = i < 48 ? 1 : 2;
	for (size_t i = 0; i < 40; i++)
		x[i] = -2;
	x[40] = -1; /* S = -81 */
	assert_int_equal(centi(w, x, 100, 0), -63);
	x[40] = 0;
	for (size_t i = 48; i < 88; i++)
		x[i] = -1; /* S = -80 - 80 = -160 */
	x[41] = -1;        /* -161 */
	assert_int_equal(centi(w, x, 100, 0), -5063);
}

static void expect_refused(const gas_case *c, const char *field)
{
	gas_result r;
	char err[256] = "";
	assert_int_equal(gas_compute(c, &r, err, sizeof err), SN_EINPUT);
	if (strncmp(err, field, strlen(field)) != 0)
		fail_msg("'%s' should start with '%s'", err, field);
}

static void test_checks(void **state)
{
	(void)state;
	double w[] = {1, 2};
	int x[] = {0, 1};
	gas_case c = make(w, x, 0, 0.3);
	expect_refused(&c, "goals:");
	c = make(w, x, 2, 0.3);
	c.goals[1].weight = 0;
	expect_refused(&c, "goals[1].weight:");
	c.goals[1].weight = -1;
	expect_refused(&c, "goals[1].weight:");
	c.goals[1].weight = NAN;
	expect_refused(&c, "goals[1].weight:");
	c.goals[1].weight = INFINITY;
	expect_refused(&c, "goals[1].weight:");
	c.goals[1].weight = GAS_WEIGHT_MAX * 2;
	expect_refused(&c, "goals[1].weight:");
	c = make(w, x, 2, 0.3);
	c.goals[0].score = 3;
	expect_refused(&c, "goals[0].score:");
	c.goals[0].score = -3;
	expect_refused(&c, "goals[0].score:");
	c = make(w, x, 2, 1.0);
	expect_refused(&c, "rho:");
	c.rho = -0.01;
	expect_refused(&c, "rho:");
	c.rho = NAN;
	expect_refused(&c, "rho:");
	c.rho = 0.999999;
	gas_result r;
	char err[128];
	assert_int_equal(gas_compute(&c, &r, err, sizeof err), SN_OK);
}

static void json_refused(const char *text, const char *field)
{
	gas_case c;
	char err[256] = "";
	assert_int_not_equal(gas_case_from_json(text, strlen(text), &c, err, sizeof err), SN_OK);
	if (strncmp(err, field, strlen(field)) != 0)
		fail_msg("%s: '%s' should start with '%s'", text, err, field);
	assert_null(strchr(err, '\n'));
}

static void test_json_case(void **state)
{
	(void)state;
	gas_case c;
	char err[256];
	const char *ok = "{\"goals\":[{\"weight\":2,\"score\":-1},{\"weight\":0.5,\"score\":2.0}]}";
	assert_int_equal(gas_case_from_json(ok, strlen(ok), &c, err, sizeof err), SN_OK);
	assert_int_equal(c.n, 2);
	assert_true(c.rho == 0.3 && c.goals[1].weight == 0.5 && c.goals[1].score == 2);
	const char *rho = "{\"goals\":[{\"weight\":1,\"score\":0}],\"rho\":0}";
	assert_int_equal(gas_case_from_json(rho, strlen(rho), &c, err, sizeof err), SN_OK);
	assert_true(c.rho == 0);

	json_refused("not json", "input:");
	json_refused("[]", "input:");
	json_refused("{}", "goals:");
	json_refused("{\"goals\":{}}", "goals:");
	json_refused("{\"goals\":[]}", "goals:");
	json_refused("{\"goals\":[1]}", "goals[0]:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0},{\"score\":1}]}", "goals[1].weight:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0},{\"weight\":1}]}", "goals[1].score:");
	json_refused("{\"goals\":[{\"weight\":0,\"score\":0}]}", "goals[0].weight:");
	json_refused("{\"goals\":[{\"weight\":-2,\"score\":0}]}", "goals[0].weight:");
	json_refused("{\"goals\":[{\"weight\":\"2\",\"score\":0}]}", "goals[0].weight:");
	json_refused("{\"goals\":[{\"weight\":null,\"score\":0}]}", "goals[0].weight:");
	json_refused("{\"goals\":[{\"weight\":1e300,\"score\":0}]}", "goals[0].weight:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":1.5}]}", "goals[0].score:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":3}]}", "goals[0].score:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":-3}]}", "goals[0].score:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":\"1\"}]}", "goals[0].score:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":true}]}", "goals[0].score:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0,\"x\":1}]}", "goals[0].x:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0}],\"rho\":1}", "rho:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0}],\"rho\":-0.1}", "rho:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0}],\"rho\":\"0.3\"}", "rho:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0}],\"rho\":null}", "rho:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0}],\"oops\":1}", "oops:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0}],\"a\\nb\":1}", "a?b:");
	json_refused("{\"goals\":[{\"weight\":1,\"score\":0}],\"rho\":0.3,\"rho\":0.2}", "input:");

	/* 101 goals */
	char big[4096];
	size_t n = (size_t)snprintf(big, sizeof big, "{\"goals\":[");
	for (int i = 0; i <= GAS_GOALS_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "%s{\"weight\":1,\"score\":0}",
				      i ? "," : "");
	snprintf(big + n, sizeof big - n, "]}");
	json_refused(big, "goals:");
}

/* The printed number is the rounded value exactly: 47.8, not
 * 47.799999999999997. */
static void test_json_result_text(void **state)
{
	(void)state;
	const char *in = "{\"goals\":[{\"weight\":2,\"score\":-1},{\"weight\":1,\"score\":1},"
			 "{\"weight\":3,\"score\":0}]}";
	gas_case c;
	gas_result r;
	char err[256];
	assert_int_equal(gas_case_from_json(in, strlen(in), &c, err, sizeof err), SN_OK);
	assert_int_equal(gas_compute(&c, &r, err, sizeof err), SN_OK);
	json_t *o = gas_result_to_json(&c, &r);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | GAS_JSON_FLAGS);
	assert_non_null(strstr(s, "{\"t_score\":47.8,\"t_score_centi\":4780,\"goals\":3,\"rho\":0.3,"));
	free(s);
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_non_null(strstr(s, "47.799999999999997")); /* why the flags are needed */
	free(s);
	assert_true(json_array_size(json_object_get(o, "workings")) >= 4);
	json_decref(o);
	/* Every centi value from -200.00 to 250.00 prints as itself. */
	for (int64_t v = -20000; v <= 25000; v++) {
		json_t *j = json_real((double)v / 100.0);
		char *t = json_dumps(j, JSON_ENCODE_ANY | GAS_JSON_FLAGS);
		char want[32];
		snprintf(want, sizeof want, "%.2f", (double)v / 100.0);
		/* strip trailing zeros as %g would ("47.80" -> "47.8", "50.00" -> "50.0") */
		size_t l = strlen(want);
		while (want[l - 1] == '0' && want[l - 2] != '.')
			want[--l] = 0;
		if (strcmp(t, want) != 0)
			fail_msg("%lld prints as %s, want %s", (long long)v, t, want);
		free(t);
		json_decref(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_goal),
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_scale_invariant),
		cmocka_unit_test(test_exact_halves),
		cmocka_unit_test(test_negative_half),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_json_case),
		cmocka_unit_test(test_json_result_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
