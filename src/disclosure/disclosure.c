/* Small-number suppression with secondary suppression, on one table with
 * its margins (see disclosure.h for the reasoning). Pure: no I/O. */
#include <string.h>

#include "disclosure.h"

sn_err dc_table_init(dc_table *t, size_t rows, size_t cols)
{
	if (!rows || !cols)
		return SN_EINPUT;
	if (rows > DC_MAX_ROWS || cols > DC_MAX_COLS)
		return SN_ETOOBIG;
	memset(t, 0, sizeof *t);
	t->rows = rows;
	t->cols = cols;
	return SN_OK;
}

sn_err dc_set(dc_table *t, size_t row, size_t col, int64_t count)
{
	if (row >= t->rows || col >= t->cols || count < 0)
		return SN_EINPUT;
	t->value[row][col] = count;
	return SN_OK;
}

/* ---- the graph of hidden cells ----
 * Nodes: the extended rows 0..rows (node r) and columns 0..cols (node
 * rows + 1 + c); each hidden cell is an edge between its row and column. */

#define MAX_NODES (DC_MAX_ROWS + DC_MAX_COLS + 2)

/* Marks in seen the nodes reached from start through hidden cells, the
 * cell (skip_r, skip_c) left out. */
static void reach(const dc_table *t, size_t start, size_t skip_r, size_t skip_c, bool seen[MAX_NODES])
{
	size_t R = t->rows + 1, C = t->cols + 1;
	size_t queue[MAX_NODES], head = 0, tail = 0;
	memset(seen, 0, MAX_NODES * sizeof *seen);
	queue[tail++] = start;
	seen[start] = true;
	while (head < tail) {
		size_t v = queue[head++];
		bool is_row = v < R;
		size_t n = is_row ? C : R;
		for (size_t k = 0; k < n; k++) {
			size_t r = is_row ? v : k, c = is_row ? k : v - R, w = is_row ? R + k : k;
			if (!t->hidden[r][c] || (r == skip_r && c == skip_c) || seen[w])
				continue;
			seen[w] = true;
			queue[tail++] = w;
		}
	}
}

/* Whether row node r and column node c are still connected through hidden
 * cells when the cell (r, c) itself is taken away. */
static bool connected_without(const dc_table *t, size_t r, size_t c)
{
	bool seen[MAX_NODES];
	reach(t, r, r, c, seen);
	return seen[t->rows + 1 + c];
}

bool dc_determined(const dc_table *t, size_t row, size_t col)
{
	if (row > t->rows || col > t->cols || !t->hidden[row][col])
		return true;
	return !connected_without(t, row, col); /* a bridge: on no cycle */
}

bool dc_row_hidden(const dc_table *t, size_t row)
{
	return row <= t->rows && t->hidden[row][t->cols];
}

/* ---- choosing what else to hide ---- */

/* The cell of a line to hide next: a shown body cell with the smallest
 * count of at least 1, else a shown margin with a count of at least 1,
 * else (unless positive_only) any shown cell. is_row: the line is row
 * `line`, else column. */
static bool complement(dc_table *t, bool is_row, size_t line, bool positive_only)
{
	size_t n = is_row ? t->cols + 1 : t->rows + 1, best = n;
	int best_rank = 3;
	int64_t best_value = 0;
	for (size_t k = 0; k < n; k++) {
		size_t r = is_row ? line : k, c = is_row ? k : line;
		if (t->hidden[r][c])
			continue;
		bool margin = r == t->rows || c == t->cols;
		int64_t v = t->value[r][c];
		int rank = v >= 1 ? (margin ? 1 : 0) : 2;
		if (rank < best_rank || (rank == best_rank && v < best_value)) {
			best = k;
			best_rank = rank;
			best_value = v;
		}
	}
	if (best == n || (positive_only && best_rank == 2))
		return false;
	t->hidden[is_row ? line : best][is_row ? best : line] = true;
	return true;
}

/* A line with exactly one hidden cell gives that cell away: hide another. */
static bool lone_cells(dc_table *t)
{
	bool changed = false;
	for (size_t r = 0; r <= t->rows; r++) {
		size_t k = 0;
		for (size_t c = 0; c <= t->cols; c++)
			k += t->hidden[r][c];
		if (k == 1)
			changed |= complement(t, true, r, false);
	}
	for (size_t c = 0; c <= t->cols; c++) {
		size_t k = 0;
		for (size_t r = 0; r <= t->rows; r++)
			k += t->hidden[r][c];
		if (k == 1)
			changed |= complement(t, false, c, false);
	}
	return changed;
}

/* A hidden cell on no cycle (a bridge) can be worked out: hide the shown
 * cell that joins the two sides it alone joins (the smallest count of at
 * least 1, a body cell before a margin), so that a cycle runs through it. */
static bool bridges(dc_table *t)
{
	size_t R = t->rows + 1, C = t->cols + 1;
	for (size_t r = 0; r < R; r++)
		for (size_t c = 0; c < C; c++) {
			if (!t->hidden[r][c] || connected_without(t, r, c))
				continue;
			bool a[MAX_NODES], b[MAX_NODES];
			reach(t, r, r, c, a);
			reach(t, R + c, r, c, b);
			size_t best_r = R, best_c = C;
			int best_rank = 3;
			int64_t best_value = 0;
			for (size_t i = 0; i < R; i++)
				for (size_t j = 0; j < C; j++) {
					if (t->hidden[i][j] || !((a[i] && b[R + j]) || (b[i] && a[R + j])))
						continue;
					int64_t v = t->value[i][j];
					int rank = v >= 1 ? (i == R - 1 || j == C - 1 ? 1 : 0) : 2;
					if (rank < best_rank || (rank == best_rank && v < best_value)) {
						best_r = i;
						best_c = j;
						best_rank = rank;
						best_value = v;
					}
				}
			if (best_r == R) /* nothing joins them: hide along the lines instead */
				return complement(t, true, r, false) || complement(t, false, c, false);
			t->hidden[best_r][best_c] = true;
			return true;
		}
	return false;
}

/* Secondary suppression: until every hidden cell lies on a cycle. Each
 * round hides at least one more cell, so this ends (at worst with all
 * hidden). */
static void secondary(dc_table *t)
{
	for (;;) {
		if (lone_cells(t))
			continue;
		if (!bridges(t))
			break;
	}
}

sn_err dc_suppress(dc_table *t, size_t *n_hidden)
{
	size_t R = t->rows, C = t->cols;
	if (!R || !C || R > DC_MAX_ROWS || C > DC_MAX_COLS)
		return SN_EINPUT;
	/* The margins, from the body. */
	for (size_t r = 0; r <= R; r++)
		t->value[r][C] = 0;
	for (size_t c = 0; c < C; c++)
		t->value[R][c] = 0;
	for (size_t r = 0; r < R; r++)
		for (size_t c = 0; c < C; c++) {
			if (t->value[r][c] < 0)
				return SN_EINPUT;
			t->value[r][C] += t->value[r][c];
			t->value[R][c] += t->value[r][c];
			t->value[R][C] += t->value[r][c];
		}
	/* Primary: small counts. */
	for (size_t r = 0; r <= R; r++)
		for (size_t c = 0; c <= C; c++)
			if (t->value[r][c] >= 1 && t->value[r][c] < DC_MIN)
				t->hidden[r][c] = true;
	secondary(t);
	if (n_hidden) {
		*n_hidden = 0;
		for (size_t r = 0; r <= R; r++)
			for (size_t c = 0; c <= C; c++)
				*n_hidden += t->hidden[r][c];
	}
	return SN_OK;
}

sn_err dc_suppress_linked(dc_table *const *tables, size_t n)
{
	if (!n)
		return SN_EINPUT;
	for (size_t k = 0; k < n; k++) {
		if (tables[k]->cols != tables[0]->cols)
			return SN_EINPUT;
		sn_err rc = dc_suppress(tables[k], NULL);
		if (rc)
			return rc;
		for (size_t c = 0; c <= tables[0]->cols; c++)
			if (tables[k]->value[tables[k]->rows][c] != tables[0]->value[tables[0]->rows][c])
				return SN_EINPUT; /* not the same people */
	}
	/* A total shown in one table but hidden in another would undo the
	 * other's protection: hide it in all, protect again, until they agree. */
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t c = 0; c <= tables[0]->cols; c++) {
			bool any = false;
			for (size_t k = 0; k < n; k++)
				any |= tables[k]->hidden[tables[k]->rows][c];
			for (size_t k = 0; k < n && any; k++) {
				if (!tables[k]->hidden[tables[k]->rows][c]) {
					tables[k]->hidden[tables[k]->rows][c] = true;
					changed = true;
				}
			}
		}
		for (size_t k = 0; k < n && changed; k++)
			secondary(tables[k]);
	}
	return SN_OK;
}
