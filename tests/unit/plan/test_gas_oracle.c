/* Property test for plan/gas.c: thousands of generated `rules gas` cases
 * (whole and decimal weights, many values of rho, and families that land
 * exactly on half a cent) through gas_case_from_json and gas_compute,
 * against an independent oracle in exact rational arithmetic
 * (tests/unit/plan/gas_oracle.py, python3's fractions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "plan/plan_rules.h"

#define N_CASES 4000

/* W / 10^k as a decimal: "12.345", "7". */
static void put_decimal(buf *b, int64_t w, int k)
{
	int64_t p = 1;
	for (int i = 0; i < k; i++)
		p *= 10;
	if (k == 0)
		buf_printf(b, "%lld", (long long)w);
	else
		buf_printf(b, "%lld.%0*lld", (long long)(w / p), k, (long long)(w % p));
}

static int score(rng *r)
{
	return (int)rng_below(r, 5) - 2;
}

static void put_goal(buf *b, size_t i, int64_t w, int k, int x)
{
	buf_puts(b, i ? ",{\"weight\":" : "{\"weight\":");
	put_decimal(b, w, k);
	buf_printf(b, ",\"score\":%d}", x);
}

/* One case as a line of JSON. */
static void random_case(rng *r, buf *b)
{
	static const char *const rhos[] = {"0", "0.3", "0.25", "0.5", "0.1", "0.36", "0.64", "0.9", "0.05"};
	static const int64_t fam_a[] = {1, 399, 26, 11, 1}; /* rho 0: Σw² = 400² */
	unsigned kind = (unsigned)rng_below(r, 6);
	size_t n;
	int k = (int)rng_below(r, 4);
	buf_puts(b, "{\"goals\":[");
	switch (kind) {
	case 0: /* whole weights */
		n = 1 + rng_below(r, 6);
		for (size_t i = 0; i < n; i++)
			put_goal(b, i, 1 + (int64_t)rng_below(r, 10), 0, score(r));
		buf_printf(b, "],\"rho\":%s}\n", rhos[rng_below(r, SN_ARRAY_LEN(rhos))]);
		break;
	case 1: /* decimal weights, rho with two decimals */
		n = 1 + rng_below(r, 12);
		for (size_t i = 0; i < n; i++)
			put_goal(b, i, 1 + (int64_t)rng_below(r, 9999), k, score(r));
		buf_printf(b, "],\"rho\":0.%02d}\n", (int)rng_below(r, 100));
		break;
		for (size_t i = 0; i < 5; i++)
			put_goal(b, i, fam_a[i], k, score(r));
		buf_puts(b, "],\"rho\":0}\n");
		break;
	case 3: /* rho 0.25, weights 5 and 14: D = 256 */
		put_goal(b, 0, 5, k, score(r));
		put_goal(b, 1, 14, k, score(r));
		buf_puts(b, "],\"rho\":0.25}\n");
		break;
	case 4: /* 48 weights of 1 and 52 of 2, rho 0: T can be below 0 */
		for (size_t i = 0; i < 100; i++) {
			int x = (int)rng_below(r, 3) - 2; /* mostly low */
			put_goal(b, i, i < 48 ? 1 : 2, 0, x);
		}
		buf_puts(b, "],\"rho\":0}\n");
		break;
	default: /* many goals, weights from 0.000001 to 999999 */
		n = 1 + rng_below(r, GAS_GOALS_MAX);
		for (size_t i = 0; i < n; i++)
			put_goal(b, i, 1 + (int64_t)rng_below(r, 999999), (int)rng_below(r, 7),
				 score(r));
		buf_printf(b, "],\"rho\":0.%03d}\n", (int)rng_below(r, 1000));
		break;
	}
}

static void test_against_oracle(void **state)
{
	(void)state;
	if (system("python3 -c 'import fractions' 2>/dev/null") != 0) {
		fprintf(stderr, "python3 is not available: skipped\n");
		skip();
	}
	char dir[] = "/tmp/sn-gas-XXXXXX", in[64], out[64], cmd[512];
	assert_non_null(mkdtemp(dir));
	snprintf(in, sizeof in, "%s/cases.jsonl", dir);
	snprintf(out, sizeof out, "%s/oracle.txt", dir);
	rng r;
	rng_seed(&r, 16);
	buf all;
	buf_init(&all, 64u << 20);
	for (int i = 0; i < N_CASES; i++)
		random_case(&r, &all);
	FILE *f = fopen(in, "w");
	assert_non_null(f);
	fwrite(all.data, 1, all.len, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "python3 %s/tests/unit/plan/gas_oracle.py < %s > %s",
		 SN_SOURCE_DIR, in, out);
	assert_int_equal(system(cmd), 0);
	f = fopen(out, "r");
	assert_non_null(f);

	int failures = 0, ties = 0;
	char *line = all.data;
	for (int i = 0; i < N_CASES; i++) {
		char *end = strchr(line, '\n');
		long long want;
		assert_int_equal(fscanf(f, "%lld", &want), 1);
		static gas_case c;
		gas_result res;
		char err[256];
		if (gas_case_from_json(line, (size_t)(end - line), &c, err, sizeof err) ||
		    gas_compute(&c, &res, err, sizeof err)) {
			fprintf(stderr, "case %d refused: %s\n", i, err);
			failures++;
		} else if (res.t_centi != want) {
			fprintf(stderr, "case %d: %lld, oracle %lld: %.*s\n", i,
				(long long)res.t_centi, want, (int)(end - line), line);
			failures++;
		}
		ties += res.exact_tie_check;
		line = end + 1;
	}
	fclose(f);
	buf_free(&all);
	unlink(in);
	unlink(out);
	rmdir(dir);
	fprintf(stderr, "%d cases, %d decided exactly, %d failures\n", N_CASES, ties, failures);
	assert_int_equal(failures, 0);
	assert_true(ties > 100); /* the tie families were exercised */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_oracle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
