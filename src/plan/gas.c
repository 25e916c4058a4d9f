/* Goal Attainment Scaling: the T-score of a set of scaled goals, rounded to
 * two decimals half away from zero of the exact T (docs/rules.md, "Goal
 * Attainment Scaling"). Pure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_rules.h"

/* A tie is looked at exactly when T x 100 is this close to a half. The
 * long double working is good to about 1e-12 here (|T x 100| < 3e4, at
 * most 100 goals), so an exact half always falls inside. */
#define GAS_TIE_WINDOW 1e-9L

sn_err gas_check(const gas_case *c, char *err, size_t err_size)
{
	if (c->n == 0) {
		snprintf(err, err_size, "goals: must list at least one goal");
		return SN_EINPUT;
	}
	if (c->n > GAS_GOALS_MAX) {
		snprintf(err, err_size, "goals: at most %d goals", GAS_GOALS_MAX);
		return SN_EINPUT;
	}
	for (size_t i = 0; i < c->n; i++) {
		double w = c->goals[i].weight;
		if (!isfinite(w) || !(w > 0) || w > GAS_WEIGHT_MAX) {
			snprintf(err, err_size,
				 "goals[%zu].weight: must be a number greater than 0 and at most %.0f",
				 i, GAS_WEIGHT_MAX);
			return SN_EINPUT;
		}
		if (c->goals[i].score < -2 || c->goals[i].score > 2) {
			snprintf(err, err_size,
				 "goals[%zu].score: must be a whole number from -2 to 2", i);
			return SN_EINPUT;
		}
	}
	if (!isfinite(c->rho) || c->rho < 0 || c->rho >= 1) {
		snprintf(err, err_size, "rho: must be a number from 0 up to, but not including, 1");
		return SN_EINPUT;
	}
	return SN_OK;
}

/* ---- exact integers for the tie check: unsigned, fixed width; every
 * operation says when the result would not fit (then the long double
 * rounding stands) ---- */

#define BN_LIMBS 24 /* 768 bits: a tie check of typed decimals needs < 500 */
typedef struct {
	uint32_t l[BN_LIMBS];
} bn;

static void bn_set(bn *a, uint64_t v)
{
	memset(a, 0, sizeof *a);
	a->l[0] = (uint32_t)v;
	a->l[1] = (uint32_t)(v >> 32);
}

static bool bn_mul_small(bn *a, uint32_t m)
{
	uint64_t carry = 0;
	for (size_t i = 0; i < BN_LIMBS; i++) {
		uint64_t p = (uint64_t)a->l[i] * m + carry;
		a->l[i] = (uint32_t)p;
		carry = p >> 32;
	}
	return carry == 0;
}

static bool bn_mul_pow10(bn *a, int k)
{
	for (; k >= 9; k -= 9)
		if (!bn_mul_small(a, 1000000000u))
			return false;
	uint32_t m = 1;
	for (; k > 0; k--)
		m *= 10;
	return bn_mul_small(a, m);
}

static bool bn_add(bn *a, const bn *b)
{
	uint64_t carry = 0;
	for (size_t i = 0; i < BN_LIMBS; i++) {
		uint64_t s = (uint64_t)a->l[i] + b->l[i] + carry;
		a->l[i] = (uint32_t)s;
		carry = s >> 32;
	}
	return carry == 0;
}

/* a -= b; a >= b. */
static void bn_sub(bn *a, const bn *b)
{
	int64_t borrow = 0;
	for (size_t i = 0; i < BN_LIMBS; i++) {
		int64_t d = (int64_t)a->l[i] - b->l[i] - borrow;
		borrow = d < 0;
		a->l[i] = (uint32_t)(d + (borrow ? ((int64_t)1 << 32) : 0));
	}
}

static int bn_cmp(const bn *a, const bn *b)
{
	for (size_t i = BN_LIMBS; i-- > 0;)
		if (a->l[i] != b->l[i])
			return a->l[i] < b->l[i] ? -1 : 1;
	return 0;
}

static bool bn_mul(bn *out, const bn *a, const bn *b)
{
	uint32_t r[2 * BN_LIMBS] = {0};
	for (size_t i = 0; i < BN_LIMBS; i++) {
		uint64_t carry = 0;
		if (!a->l[i])
			continue;
		for (size_t j = 0; j < BN_LIMBS; j++) {
			uint64_t p = (uint64_t)a->l[i] * b->l[j] + r[i + j] + carry;
			r[i + j] = (uint32_t)p;
			carry = p >> 32;
		}
		r[i + BN_LIMBS] = (uint32_t)carry;
	}
	for (size_t i = BN_LIMBS; i < 2 * BN_LIMBS; i++)
		if (r[i])
			return false;
	memcpy(out->l, r, sizeof out->l);
	return true;
}

/* v >= 0 as m x 10^e with the fewest digits that read back as v: the
 * decimal that was typed ("0.1", not the binary 0.1000000000000000055...). */
static void shortest_decimal(double v, uint64_t *m, int *e)
{
	*m = 0;
	*e = 0;
	if (v == 0)
		return;
	char s[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(s, sizeof s, "%.*e", p - 1, v);
		if (strtod(s, NULL) == v)
			break;
	}
	uint64_t digits = 0;
	int n_frac = 0;
	bool frac = false;
	const char *q = s;
	for (; *q && *q != 'e'; q++) {
		if (*q == '.') {
			frac = true;
			continue;
		}
		digits = digits * 10 + (uint64_t)(*q - '0');
		n_frac += frac;
	}
	int exp10 = *q == 'e' ? atoi(q + 1) : 0;
	while (digits % 10 == 0) {
		digits /= 10;
		n_frac--;
	}
	*m = digits;
	*e = exp10 - n_frac;
}

/* Σw, Σw², Σ(w·x) over x > 0 and over x < 0 (as |x|), with each weight
 * m x 10^e scaled to the integer m x 10^(e - E), E the least e. */
typedef struct {
	bn sw, sw2, spos, sneg;
} gas_sums;

static bool exact_sums(const gas_case *c, gas_sums *out)
{
	uint64_t m[GAS_GOALS_MAX];
	int e[GAS_GOALS_MAX], least = 0;
	for (size_t i = 0; i < c->n; i++) {
		shortest_decimal(c->goals[i].weight, &m[i], &e[i]);
		if (i == 0 || e[i] < least)
			least = e[i];
	}
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < c->n; i++) {
		bn w, w2;
		bn_set(&w, m[i]);
		if (!bn_mul_pow10(&w, e[i] - least) || !bn_mul(&w2, &w, &w) ||
		    !bn_add(&out->sw, &w) || !bn_add(&out->sw2, &w2))
			return false;
		int x = c->goals[i].score;
		if (x && !bn_mul_small(&w, (uint32_t)abs(x)))
			return false;
		if (x > 0 && !bn_add(&out->spos, &w))
			return false;
		if (x < 0 && !bn_add(&out->sneg, &w))
			return false;
	}
	return true;
}

/* The sign of T x 100 - (f + 0.5), exactly: -1, 0 or 1; or 2 when the
 * integers would not fit. With wᵢ = Wᵢ·10^E, ρ = R/P (P a power of ten),
 * S' = ΣWᵢxᵢ and D' = (P−R)·ΣWᵢ² + R·(ΣWᵢ)², T x 100 = 5000 + 1000·S'·√P/√D'
 * (10^E cancels). With h = 2f + 1 − 10000 (odd, so not 0), compare
 * 2000·S'·√P with h·√D': when both are positive, 4·10⁶·P·S'² against h²·D'. */
static int exact_side(const gas_case *c, int64_t f)
{
	gas_sums s;
	if (!exact_sums(c, &s))
		return 2;
	uint64_t rm;
	int re;
	shortest_decimal(c->rho, &rm, &re);
	bn p, r, d, t, lhs, rhs, sabs;
	bn_set(&p, 1);
	bn_set(&r, rm);
	if (rm && (re >= 0 || !bn_mul_pow10(&p, -re)))
		return 2; /* rho < 1, so re < 0 when rho is not 0 */
	int s_sign = bn_cmp(&s.spos, &s.sneg);
	sabs = s_sign >= 0 ? s.spos : s.sneg;
	bn_sub(&sabs, s_sign >= 0 ? &s.sneg : &s.spos);
	int64_t h = 2 * f + 1 - 10000;
	if (s_sign >= 0 && h < 0)
		return 1;
	if (s_sign <= 0 && h > 0)
		return -1;
	/* D' = (P - R)·ΣW² + R·(ΣW)² */
	d = p;
	bn_sub(&d, &r);
	if (!bn_mul(&d, &d, &s.sw2) || !bn_mul(&t, &s.sw, &s.sw) || !bn_mul(&t, &t, &r) ||
	    !bn_add(&d, &t))
		return 2;
	uint64_t ha = (uint64_t)(h < 0 ? -h : h);
	bn_set(&rhs, ha * ha);
	if (!bn_mul(&rhs, &rhs, &d))
		return 2;
	if (!bn_mul(&lhs, &sabs, &sabs) || !bn_mul(&lhs, &lhs, &p) || !bn_mul_small(&lhs, 4000000u))
		return 2;
	int cmp = bn_cmp(&lhs, &rhs);
	return s_sign > 0 ? cmp : -cmp;
}

/* T x 100 rounded half away from zero, deciding a near-tie exactly. */
static int64_t round_centi(const gas_case *c, long double t, bool *exact)
{
	long double y = t * 100.0L, f = floorl(y);
	*exact = false;
	if (fabsl(y - (f + 0.5L)) >= GAS_TIE_WINDOW)
		return llroundl(y);
	int side = exact_side(c, (int64_t)f);
	if (side == 2)
		return llroundl(y); /* out of the integers' reach: extended precision */
	*exact = true;
	if (side == 0) /* an exact half: away from zero */
		return f >= 0 ? (int64_t)f + 1 : (int64_t)f;
	return side > 0 ? (int64_t)f + 1 : (int64_t)f;
}

sn_err gas_compute(const gas_case *c, gas_result *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	sn_err rc = gas_check(c, err, err_size);
	if (rc)
		return rc;
	long double sw = 0, sw2 = 0, swx = 0, rho = c->rho;
	for (size_t i = 0; i < c->n; i++) {
		long double w = c->goals[i].weight;
		sw += w;
		sw2 += w * w;
		swx += w * c->goals[i].score;
	}
	long double den = sqrtl((1.0L - rho) * sw2 + rho * sw * sw);
	long double t = 50.0L + 10.0L * swx / den;
	out->t_centi = round_centi(c, t, &out->exact_tie_check);
	out->t_score = (double)out->t_centi / 100.0;
	out->t_unrounded = (double)t;
	out->sum_weights = (double)sw;
	out->sum_squares = (double)sw2;
	out->sum_weighted = (double)swx;
	out->denominator = (double)den;
	return SN_OK;
}
