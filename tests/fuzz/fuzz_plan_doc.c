/* libFuzzer target for the support plan's document reader: the bytes as a
 * plan (against the shipped sections, and as a stored version) and as a
 * sections document; whatever reads must write and read back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonin.h"
#include "plan/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = NULL;
	char err[200], field[96], why[160];
	if (json_open_object((const char *)data, size, 1u << 20, &j, err, sizeof err))
		return 0;
	arena *a = arena_new();
	plan_doc *d = calloc(1, sizeof *d), *d2 = calloc(1, sizeof *d2);
	for (int pass = 0; pass < 2; pass++) {
		const plan_sections *secs = pass ? NULL : plan_sections_standard();
		if (plan_doc_from_json(j, secs, a, d, field, sizeof field, why, sizeof why))
			continue;
		if (plan_doc_lines_total(d, NULL) < 0)
			abort();
		json_t *out = plan_doc_to_json(d);
		if (!out || plan_doc_from_json(out, NULL, a, d2, field, sizeof field, why, sizeof why))
			abort();
		if (d2->n_lines != d->n_lines || d2->n_outcomes != d->n_outcomes ||
		    plan_doc_lines_total(d2, NULL) != plan_doc_lines_total(d, NULL))
			abort();
		json_decref(out);
	}
	plan_sections s;
	plan_sections_from_json(j, a, &s, why, sizeof why);
	free(d);
	free(d2);
	arena_free(a);
	json_decref(j);
	return 0;
}
