/* libFuzzer target for the rules' JSON parsers: the bytes as a `rules charge` case and as a `rules eligibility` case, then the rules on whatever parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assessment/eligibility.h"
#include "budget/charging.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A heap copy of exactly size bytes, so reading past the input is caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	char err[1536];
	static chg_case c;
	static chg_rates r;
	static chg_result res;
	/* 2025-06-01: the 2025-26 table when the case names no year. */
	sn_err rc = chg_case_from_json(text, size, NULL, 1748779200LL, &c, &r, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (rc && !strchr(err, ':'))
		abort(); /* every error names its field */
	if (!rc) {
		if (chg_compute(&r, &c, &res))
			abort();
		if (res.weekly_charge_pence < 0 || res.weekly_charge_pence > c.weekly_care_cost_pence)
			abort();
		if (res.full_cost != (c.capital_pence > r.capital_upper_pence))
			abort();
		json_t *o = chg_result_to_json(&c, &res);
		if (json_array_size(json_object_get(o, "workings")) != res.n_lines)
			abort(); /* every line is valid UTF-8 */
		json_decref(o);
	}
	static elig_case e;
	static elig_result er;
	rc = elig_case_from_json(text, size, &e, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!rc) {
		elig_decide(&e, &er);
		if (er.n_unable > elig_n_outcomes(e.carer) || er.n_reasons < 4)
			abort();
		json_t *o = elig_result_to_json(&e, &er);
		if (json_array_size(json_object_get(o, "reasons")) != er.n_reasons)
			abort();
		json_decref(o);
	}
	free(text);
	return 0;
}
