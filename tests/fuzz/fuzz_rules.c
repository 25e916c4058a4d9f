/* libFuzzer target for the rules' JSON parsers: the bytes as a `rules charge` case, as a rates table (what an admin uploads) and as a `rules eligibility` case, then the rules on whatever parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eligibility/eligibility.h"
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
	/* The bytes as a rates table: a case with every income kind the table
	 * has, a couple and not, must give a charge within its bounds. */
	rc = chg_rates_from_json(text, size, &r, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (rc && !strchr(err, ':'))
		abort();
	if (!rc) {
		memset(&c, 0, sizeof c);
		c.age = 70;
		c.pension_age = true;
		c.capital_pence = r.capital_upper_pence;
		c.weekly_care_cost_pence = 20000;
		for (size_t i = 0; i < r.n_kinds && c.n_income < CHG_MAX_KINDS; i++) {
			memcpy(c.income[c.n_income].kind, r.kinds[i].name, CHG_NAME_MAX);
			c.income[c.n_income++].weekly_pence = 1000;
		}
		for (int couple = 0; couple < 2; couple++) {
			c.couple = couple;
			if (chg_compute(&r, &c, &res))
				abort();
			if (res.weekly_charge_pence < 0 || res.weekly_charge_pence > c.weekly_care_cost_pence)
				abort();
		}
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
