/* Assessment records: from a form to the JSON record, and from the record
 * to an eligibility case. The rule itself is elig_decide; the record is
 * turned into the same JSON case `supportnet rules eligibility` reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assessment.h"

static const struct {
	const char *key, *label;
} wellbeing[ASMT_N_WELLBEING] = {
	{"dignity", "Personal dignity, including being treated with respect"},
	{"health", "Physical and mental health and emotional wellbeing"},
	{"protection", "Protection from abuse and neglect"},
	{"control", "Control over day-to-day life, including care and support"},
	{"participation", "Taking part in work, education, training or recreation"},
	{"social_economic", "Social and economic wellbeing"},
	{"relationships", "Domestic, family and personal relationships"},
	{"accommodation", "Suitability of where they live"},
	{"contribution", "Their contribution to society"},
};

static const struct {
	const char *key, *label;
} ways[ELIG_N_WAYS] = {
	{"none", "Can achieve this"},
	{"without_assistance", "Unable without assistance"},
	{"pain_distress_anxiety", "Only with significant pain, distress or anxiety"},
	{"endangers_safety", "Only by endangering their own or others' health or safety"},
	{"takes_longer", "Only taking significantly longer than would normally be expected"},
};

const char *asmt_way_label(const char *key)
{
	for (size_t i = 0; i < ELIG_N_WAYS; i++)
		if (key && strcmp(ways[i].key, key) == 0)
			return ways[i].label;
	return "";
}

const char *asmt_wellbeing_key(size_t i)
{
	return i < ASMT_N_WELLBEING ? wellbeing[i].key : NULL;
}

const char *asmt_wellbeing_label(size_t i)
{
	return i < ASMT_N_WELLBEING ? wellbeing[i].label : NULL;
}

static void add_error(json_t *errors, const char *field, const char *message)
{
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

static const char *get(const kv_list *form, const char *name)
{
	const char *v = kv_get(form, name);
	return v ? v : "";
}

/* A free-text note: at most ASMT_NOTE_MAX bytes. */
static json_t *note(const kv_list *form, const char *name, const char *what, json_t *errors)
{
	const char *v = get(form, name);
	if (strlen(v) > ASMT_NOTE_MAX) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s must be %d characters or fewer", what, ASMT_NOTE_MAX);
		add_error(errors, name, msg);
		return json_string("");
	}
	return json_string(v);
}

static json_t *yes_no(const kv_list *form, const char *name, const char *missing, json_t *errors)
{
	const char *v = get(form, name);
	if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
		add_error(errors, name, missing);
		return json_null();
	}
	return json_boolean(strcmp(v, "yes") == 0);
}

json_t *asmt_record_from_form(const kv_list *form, bool carer, json_t *errors)
{
	json_t *rec = json_object();
	json_object_set_new(rec, "kind", json_string(carer ? "carer" : "adult"));
	if (carer) {
		json_object_set_new(rec, "necessary_care", yes_no(form, "necessary_care",
			"Select yes if the needs arise from giving necessary care to an adult", errors));
		json_object_set_new(rec, "health_at_risk", yes_no(form, "health_at_risk",
			"Select yes if the carer's health is deteriorating or at risk of it", errors));
	} else {
		json_object_set_new(rec, "impairment", yes_no(form, "impairment",
			"Select yes if the needs arise from a physical or mental impairment or illness", errors));
		json_object_set_new(rec, "impairment_note", note(form, "impairment_note",
			"The note about the condition", errors));
		/* The main reason for support: optional ("" until it is known);
		 * the budget's client group is chosen from it. */
		const char *sr = get(form, "support_reason");
		if (*sr && ras_support_reason_index(sr) < 0) {
			add_error(errors, "support_reason", "Select the main reason for support, or "
				  "“not known yet”");
			sr = "";
		}
		json_object_set_new(rec, "support_reason", json_string(sr));
	}
	json_t *outcomes = json_object();
	for (size_t i = 0; i < elig_n_outcomes(carer); i++) {
		const char *k = elig_outcome_key(carer, i);
		char f[64], n[64];
		snprintf(f, sizeof f, "%s_fluctuates", k);
		snprintf(n, sizeof n, "%s_note", k);
		const char *way = get(form, k);
		if (elig_way_parse(way) < 0) {
			char msg[256];
			snprintf(msg, sizeof msg, "Select how %s is affected", elig_outcome_label(carer, i));
			add_error(errors, k, msg);
			way = "none";
		}
		json_object_set_new(outcomes, k, json_pack("{s:s, s:b, s:o}", "way", way,
			"fluctuates", strcmp(get(form, f), "yes") == 0,
			"note", note(form, n, "The note", errors)));
	}
	json_object_set_new(rec, "outcomes", outcomes);
	json_t *wb = json_array();
	for (size_t i = 0; i < ASMT_N_WELLBEING; i++) {
		char f[64];
		snprintf(f, sizeof f, "wellbeing_%s", wellbeing[i].key);
		if (strcmp(get(form, f), "yes") == 0)
			json_array_append_new(wb, json_string(wellbeing[i].key));
	}
	json_object_set_new(rec, "wellbeing", wb);
	json_object_set_new(rec, "wellbeing_note", note(form, "wellbeing_note",
		"The note about wellbeing", errors));
	json_object_set_new(rec, "strengths", json_pack("{s:o, s:o, s:o}",
		"person", note(form, "strengths_person", "What the person does", errors),
		"carer", note(form, "strengths_carer", "What carers do", errors),
		"community", note(form, "strengths_community", "What the community offers", errors)));
	return rec;
}

sn_err asmt_decide(const json_t *record, bool carer, elig_case *c, elig_result *res)
{
	/* The record as the eligibility command's JSON case: one reader, one rule. */
	json_t *cs = json_object();
	if (carer) {
		json_object_set_new(cs, "carer", json_true());
		json_object_set_new(cs, "necessary_care",
			json_boolean(json_is_true(json_object_get(record, "necessary_care"))));
		json_object_set_new(cs, "health_at_risk",
			json_boolean(json_is_true(json_object_get(record, "health_at_risk"))));
	} else {
		json_object_set_new(cs, "impairment",
			json_boolean(json_is_true(json_object_get(record, "impairment"))));
	}
	/* A significant impact on any of the nine areas is condition 3. */
	json_object_set_new(cs, "wellbeing_impact",
		json_boolean(json_array_size(json_object_get(record, "wellbeing")) > 0));
	json_t *o = json_object();
	json_t *outs = json_object_get(record, "outcomes");
	for (size_t i = 0; i < elig_n_outcomes(carer); i++) {
		const char *k = elig_outcome_key(carer, i);
		const char *w = json_string_value(json_object_get(json_object_get(outs, k), "way"));
		json_object_set_new(o, k, json_string(w ? w : "none"));
	}
	json_object_set_new(cs, "outcomes", o);
	char *text = json_dumps(cs, JSON_COMPACT);
	json_decref(cs);
	char err[256];
	sn_err rc = text ? elig_case_from_json(text, strlen(text), c, err, sizeof err) : SN_EINTERNAL;
	free(text);
	if (rc)
		return rc;
	elig_decide(c, res);
	return SN_OK;
}
