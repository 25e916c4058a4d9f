/* The attacker of tests/unit/disclosure and tests/unit/insight: writes
 * every line of a published table (its cells add up to its margin) as an
 * equation, moves the shown figures to the right-hand side, and solves by
 * Gaussian elimination; a hidden cell the equations pin is a leak.
 * Independent of dc_suppress's own reasoning. Include after cmocka.h. */
#ifndef SN_TEST_DC_ATTACK_H
#define SN_TEST_DC_ATTACK_H

#include <math.h>
#include <string.h>

#include "disclosure/disclosure.h"

#define MAX_VARS 512
#define MAX_EQS (2 * (DC_MAX_ROWS + DC_MAX_COLS + 2))

/* How many hidden cells the published figures pin down (0: none). Also
 * checks that the pinned values are the true ones (the attack works). */
static inline size_t attack(const dc_table *t)
{
	size_t R = t->rows, C = t->cols, nv = 0;
	static int var[DC_MAX_ROWS + 1][DC_MAX_COLS + 1];
	for (size_t r = 0; r <= R; r++)
		for (size_t c = 0; c <= C; c++)
			var[r][c] = t->hidden[r][c] ? (int)nv++ : -1;
	assert_true(nv < MAX_VARS);
	static double m[MAX_EQS][MAX_VARS + 1];
	size_t ne = 0;
	/* Rows: body cells minus the row's total; columns likewise. */
	for (size_t line = 0; line < (R + 1) + (C + 1); line++) {
		memset(m[ne], 0, sizeof m[ne]);
		bool is_row = line <= R;
		size_t n = is_row ? C + 1 : R + 1, fixed = is_row ? line : line - (R + 1);
		for (size_t k = 0; k < n; k++) {
			size_t r = is_row ? fixed : k, c = is_row ? k : fixed;
			double sign = (is_row ? c == C : r == R) ? -1.0 : 1.0;
			if (var[r][c] >= 0)
				m[ne][var[r][c]] += sign;
			else
				m[ne][nv] -= sign * (double)t->value[r][c];
		}
		ne++;
	}
	/* Reduced row echelon form. */
	size_t row = 0;
	int pivot_of[MAX_VARS];
	for (size_t v = 0; v < nv; v++) {
		pivot_of[v] = -1;
		size_t best = row;
		for (size_t e = row; e < ne; e++)
			if (fabs(m[e][v]) > fabs(m[best][v]))
				best = e;
		if (row >= ne || fabs(m[best][v]) < 1e-9)
			continue;
		for (size_t k = 0; k <= nv; k++) {
			double x = m[row][k];
			m[row][k] = m[best][k];
			m[best][k] = x;
		}
		double p = m[row][v];
		for (size_t k = 0; k <= nv; k++)
			m[row][k] /= p;
		for (size_t e = 0; e < ne; e++) {
			if (e == row || fabs(m[e][v]) < 1e-12)
				continue;
			double f = m[e][v];
			for (size_t k = 0; k <= nv; k++)
				m[e][k] -= f * m[row][k];
		}
		pivot_of[v] = (int)row++;
	}
	/* A pivot whose row has no other unknown is pinned. */
	size_t pinned = 0;
	for (size_t r = 0; r <= R; r++)
		for (size_t c = 0; c <= C; c++) {
			int v = var[r][c];
			if (v < 0 || pivot_of[v] < 0)
				continue;
			bool alone = true;
			for (size_t k = 0; k < nv && alone; k++)
				alone = (int)k == v || fabs(m[pivot_of[v]][k]) < 1e-9;
			if (!alone)
				continue;
			pinned++;
			assert_true(fabs(m[pivot_of[v]][nv] - (double)t->value[r][c]) < 1e-6);
		}
	return pinned;
}

#endif
