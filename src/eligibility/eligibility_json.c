/* The JSON edges of eligibility: `rules eligibility` cases and results (the rules themselves are in eligibility.c). */
#include <stdio.h>
#include <string.h>

#include "../base/jsonin.h"
#include "eligibility.h"

#define FAIL(...)                                     \
	do {                                          \
		snprintf(err, err_size, __VA_ARGS__); \
		rc = SN_EINPUT;                       \
		goto out;                             \
	} while (0)

static sn_err need_bool(json_t *o, const char *key, bool *out, char *err, size_t err_size)
{
	json_t *v = json_object_get(o, key);
	if (!v) {
		snprintf(err, err_size, "%s: missing answer (true or false)", key);
		return SN_EINPUT;
	}
	if (!json_is_boolean(v)) {
		snprintf(err, err_size, "%s: must be true or false", key);
		return SN_EINPUT;
	}
	*out = json_is_true(v);
	return SN_OK;
}

sn_err elig_case_from_json(const char *text, size_t len, elig_case *c, char *err,
			   size_t err_size)
{
	sn_err rc = SN_OK;
	json_t *o = NULL;
	memset(c, 0, sizeof *c);
	rc = json_open_object(text, len, ELIG_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	json_t *jc = json_object_get(o, "carer");
	if (jc && !json_is_boolean(jc))
		FAIL("carer: must be true or false");
	c->carer = json_is_true(jc);

	static const char *const adult_fields[] = {"carer", "impairment", "wellbeing_impact",
						   "outcomes"};
	static const char *const carer_fields[] = {"carer", "necessary_care", "health_at_risk",
						   "wellbeing_impact", "outcomes"};
	const char *const *fields = c->carer ? carer_fields : adult_fields;
	size_t n_fields = c->carer ? SN_ARRAY_LEN(carer_fields) : SN_ARRAY_LEN(adult_fields);
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		bool known = false;
		for (size_t i = 0; i < n_fields; i++)
			known = known || strcmp(key, fields[i]) == 0;
		if (!known)
			FAIL("%.64s: unknown field%s", key,
			     c->carer ? " for a carer (fields: carer, necessary_care, health_at_risk, wellbeing_impact, outcomes)"
				      : " (fields: impairment, wellbeing_impact, outcomes; carers add \"carer\": true)");
	}
	if (c->carer) {
		rc = need_bool(o, "necessary_care", &c->necessary_care, err, err_size);
		if (!rc)
			rc = need_bool(o, "health_at_risk", &c->health_at_risk, err, err_size);
	} else {
		rc = need_bool(o, "impairment", &c->impairment, err, err_size);
	}
	if (!rc)
		rc = need_bool(o, "wellbeing_impact", &c->wellbeing_impact, err, err_size);
	if (rc)
		goto out;

	json_t *oc = json_object_get(o, "outcomes");
	if (!oc)
		FAIL("outcomes: missing (an object with an answer for each of the %zu outcomes)",
		     elig_n_outcomes(c->carer));
	if (!json_is_object(oc))
		FAIL("outcomes: must be an object of outcome: way");
	size_t n = elig_n_outcomes(c->carer);
	json_object_foreach(oc, key, v) {
		bool known = false;
		for (size_t i = 0; i < n; i++)
			known = known || strcmp(key, elig_outcome_key(c->carer, i)) == 0;
		if (!known)
			FAIL("outcomes.%.64s: not one of the %s outcomes", key,
			     c->carer ? "eight carer" : "ten adult");
	}
	for (size_t i = 0; i < n; i++) {
		const char *k = elig_outcome_key(c->carer, i);
		json_t *w = json_object_get(oc, k);
		if (!w)
			FAIL("outcomes.%s: missing answer", k);
		int way = elig_way_parse(json_string_value(w));
		if (way < 0)
			FAIL("outcomes.%s: must be one of none, without_assistance, pain_distress_anxiety, endangers_safety, takes_longer",
			     k);
		c->outcomes[i] = (elig_way)way;
	}
out:
	json_decref(o);
	return rc;
}

json_t *elig_result_to_json(const elig_case *c, const elig_result *res)
{
	json_t *unable = json_array(), *reasons = json_array(), *how = json_object();
	for (size_t i = 0; i < res->n_unable; i++) {
		const char *k = elig_outcome_key(c->carer, res->unable[i]);
		json_array_append_new(unable, json_string(k));
		json_object_set_new(how, k, json_string(elig_way_key(c->outcomes[res->unable[i]])));
	}
	for (size_t i = 0; i < res->n_reasons; i++)
		json_array_append_new(reasons, json_string(res->reasons[i]));
	json_t *o = json_object();
	json_object_set_new(o, "eligible", json_boolean(res->eligible));
	json_object_set_new(o, "carer", json_boolean(c->carer));
	json_object_set_new(o, "unable_outcomes", unable);
	json_object_set_new(o, "how_unable", how);
	json_object_set_new(o, "reasons", reasons);
	return o;
}
