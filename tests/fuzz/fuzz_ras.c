/* libFuzzer target for the RAS's JSON parsers: the bytes as a `rules ras` case against the shipped
 * scheme and as a scheme, then the rules on whatever parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "budget/ras.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What every result must satisfy, whatever the scheme and answers. */
static void check_result(const ras_scheme *s, const ras_case *c, const ras_result *r)
{
	const ras_group *g = &s->groups[r->group];
	int sum = 0;
	if (r->n_points != s->n_questions)
		abort();
	for (size_t i = 0; i < r->n_points; i++)
		sum += r->points[i].points;
	if (sum != r->total_points || r->raw_pence != (int64_t)sum * r->price_per_point_pence)
		abort();
	int64_t step = s->rounding_step_pence, b = r->weekly_budget_pence;
	if (sum == 0) {
		if (b != 0 || r->floor_applied || r->ceiling_applied)
			abort();
	} else {
		if (r->rounded_pence % step || r->rounded_pence - r->raw_pence >= step ||
		    r->raw_pence - r->rounded_pence >= step)
			abort(); /* a multiple of the step, less than a step away */
		if (b < g->floor_pence || b > g->ceiling_pence)
			abort();
		if (r->floor_applied != (r->rounded_pence < g->floor_pence) ||
		    r->ceiling_applied != (r->rounded_pence > g->ceiling_pence))
			abort();
		if (!r->floor_applied && !r->ceiling_applied && b != r->rounded_pence)
			abort();
	}
	json_t *o = ras_result_to_json(s, c, r);
	if (json_array_size(json_object_get(o, "workings")) != r->n_lines ||
	    json_array_size(json_object_get(o, "points")) != r->n_points)
		abort(); /* every line and label is valid UTF-8 */
	json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A heap copy of exactly size bytes, so reading past the input is caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	char err[1536];
	static ras_scheme shipped, fuzzed, back;
	static ras_case c;
	static ras_result r;
	static bool loaded;
	if (!loaded) {
		if (ras_scheme_load(RAS_DEFAULT_SCHEME, &shipped, err, sizeof err))
			abort();
		loaded = true;
	}

	/* The bytes as a case. */
	sn_err rc = ras_case_from_json(text, size, &shipped, "2025-26", &c, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (rc && !strchr(err, ':'))
		abort(); /* every error names its field */
	if (!rc) {
		if (ras_compute(&shipped, &c, &r))
			abort(); /* a case that parsed is one the rules take */
		check_result(&shipped, &c, &r);
	}
	char id[RAS_ID_MAX];
	rc = ras_case_scheme_id(text, size, NULL, id, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!rc && !ras_scheme_id_ok(id))
		abort();

	/* The bytes as a scheme. */
	rc = ras_scheme_from_json(text, size, &fuzzed, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (rc && !strchr(err, ':'))
		abort();
	if (!rc) {
		if (ras_scheme_check(&fuzzed, err, sizeof err))
			abort();
		/* A round trip gives the same scheme. */
		json_t *o = ras_scheme_to_json(&fuzzed);
		char *again = json_dumps(o, JSON_PRESERVE_ORDER);
		json_decref(o);
		if (!again || ras_scheme_from_json(again, strlen(again), &back, err, sizeof err) ||
		    memcmp(&fuzzed, &back, sizeof back) != 0)
			abort();
		free(again);
		/* Answers picked by the input's bytes, for every group and year. */
		for (size_t g = 0; g < fuzzed.n_groups; g++) {
			for (size_t y = 0; y < fuzzed.n_years; y++) {
				memset(&c, 0, sizeof c);
				memcpy(c.year, fuzzed.years[y], sizeof c.year);
				memcpy(c.client_group, fuzzed.groups[g].key, sizeof c.client_group);
				for (size_t i = 0; i < fuzzed.n_questions; i++) {
					const ras_question *q = &fuzzed.questions[i];
					uint8_t pick = data[(i + g + y) % size];
					if (!q->required && pick % 5 == 0)
						continue;
					memcpy(c.answers[c.n_answers].question, q->key,
					       RAS_KEY_MAX);
					memcpy(c.answers[c.n_answers++].answer,
					       q->answers[pick % q->n_answers].key, RAS_KEY_MAX);
				}
				if (ras_compute(&fuzzed, &c, &r))
					abort();
				check_result(&fuzzed, &c, &r);
				int64_t before, after;
				if (ras_whatif_case(&fuzzed, &fuzzed, &c, &before, &after, NULL) ||
				    before != after || before != r.weekly_budget_pence)
					abort();
			}
		}
	}
	free(text);
	return 0;
}
