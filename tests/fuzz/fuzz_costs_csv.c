/* libFuzzer target for the pathway cost extract's reader (costs_read, pure):
 * the bytes as the CSV, read twice (the same answer both times), every
 * promise checked: a refusal says why and keeps no rows; every kept row
 * has a valid NHS number, a date in range, a known setting, whole pence
 * within the limit, a fingerprint, and rows in file order; every bad row
 * is named or counted; fingerprints are unique within a file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "costs/costs.h"
#include "people/people.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_fp(const void *a, const void *b)
{
	return strcmp(((const costs_row *)a)->fingerprint, ((const costs_row *)b)->fingerprint);
}

static void check(sn_err rc, const costs_extract *x)
{
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (rc != SN_OK) {
		if (!x->error[0] || x->n_rows)
			abort();
		return;
	}
	if (x->error[0] || x->n_problems > COSTS_PROBLEMS_KEPT || x->n_more < 0 ||
	    (int64_t)x->n_problems + x->n_more != x->bad_rows || x->n_rows > COSTS_ROWS_MAX ||
	    (int64_t)x->n_rows + x->bad_rows != x->rows_read)
		abort();
	for (size_t i = 0; i < x->n_problems; i++)
		if (strncmp(x->problems[i], "row ", 4) != 0)
			abort();
	for (size_t i = 0; i < x->n_rows; i++) {
		const costs_row *r = &x->rows[i];
		if (!people_nhs_number_valid(r->nhs) || !costs_date_ok(r->day, "2026-06-30") ||
		    costs_stage_of(r->setting) >= N_STAGES || r->pence < 0 || r->pence > COSTS_PENCE_MAX ||
		    strlen(r->fingerprint) != 64 || r->row < 2 || (i && r->row <= x->rows[i - 1].row))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		if (base_init())
			abort();
		ready = true;
	}
	arena *a = arena_new();
	costs_extract *x = calloc(1, sizeof *x), *y = calloc(1, sizeof *y);
	if (!x || !y)
		abort();
	sn_err rc = costs_read((const char *)data, size, "2026-06-30", a, x);
	check(rc, x);
	if (costs_read((const char *)data, size, "2026-06-30", a, y) != rc || y->n_rows != x->n_rows ||
	    y->bad_rows != x->bad_rows)
		abort();
	for (size_t i = 0; i < x->n_rows; i++)
		if (strcmp(x->rows[i].fingerprint, y->rows[i].fingerprint) != 0)
			abort();
	qsort(y->rows, y->n_rows, sizeof *y->rows, by_fp);
	for (size_t i = 1; i < y->n_rows; i++)
		if (strcmp(y->rows[i - 1].fingerprint, y->rows[i].fingerprint) == 0)
			abort(); /* identical rows are told apart */
	free(x);
	free(y);
	arena_free(a);
	return 0;
}
