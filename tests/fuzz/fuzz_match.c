/* libFuzzer target for the matching command's reader and the solver: the
 * bytes as `supportnet match` reads them; a refusal must be one line that
 * names a field; whatever is read is solved by both methods, which must
 * agree, and the answer must be an assignment and write back as JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonin.h"
#include "match/match_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_refusal(sn_err rc, const char *err)
{
	if ((rc != SN_EINPUT && rc != SN_ETOOBIG) || !strchr(err, ':') || strchr(err, '\n'))
		abort();
}

/* r is an assignment of in's problem, and its sums are right. */
static void check_answer(const match_input *in, const match_result *r)
{
	const match_problem *p = &in->p;
	int32_t *got_h = calloc((size_t)p->n_helpers + 1, sizeof *got_h);
	int32_t *got_r = calloc((size_t)p->n_requests + 1, sizeof *got_r);
	int64_t n = 0, c = 0;
	for (int32_t e = 0; e < p->n_edges; e++)
		if (r->used[e]) {
			got_r[p->edges[e].request]++;
			got_h[p->edges[e].helper]++;
			n++;
			c += p->edges[e].cost;
		}
	for (int32_t i = 0; i < p->n_requests; i++)
		if (got_r[i] != r->units[i] || got_r[i] > p->demand[i])
			abort();
	for (int32_t j = 0; j < p->n_helpers; j++)
		if (got_h[j] > p->capacity[j])
			abort();
	if (n != r->matched || c != r->total_cost)
		abort();
	free(got_h);
	free(got_r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = NULL;
	char err[512] = "";
	match_input in;
	sn_err rc =
	    json_open_object((const char *)data, size, MATCH_INPUT_MAX, &j, err, sizeof err);
	if (rc) {
		check_refusal(rc, err);
		return 0;
	}
	rc = match_input_from_json(j, &in, err, sizeof err);
	if (rc) {
		check_refusal(rc, err);
		match_input_free(&in);
		json_decref(j);
		return 0;
	}
	match_result a, b;
	if (match_solve_with(&in.p, MATCH_AUTO, &a, err, sizeof err))
		abort(); /* the reader's limits are the solver's */
	check_answer(&in, &a);
	if (match_solve_with(&in.p, MATCH_BY_SSP, &b, err, sizeof err))
		abort();
	check_answer(&in, &b);
	if (a.matched != b.matched || a.total_cost != b.total_cost)
		abort();
	buf out;
	buf_init(&out, BUF_MAX_DEFAULT);
	if (match_write_json(&in, &a, &out))
		abort();
	json_t *back = json_loads(out.data, 0, NULL);
	if (!back || json_integer_value(json_object_get(back, "matched")) != a.matched ||
	    (int64_t)json_array_size(json_object_get(back, "assignments")) != a.matched)
		abort();
	json_decref(back);
	buf_free(&out);
	match_result_free(&a);
	match_result_free(&b);
	match_input_free(&in);
	json_decref(j);
	return 0;
}
