/* libFuzzer target for the self-check's parsers: the bytes as a question set, as the equipment
 * catalogue and as answers to the shipped set; then branching, checks, the report and its JSON on
 * whatever parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "selfcheck/selfcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sc_set *shipped, *parsed;
static sc_catalogue *cat, *parsed_cat;

static void once(void)
{
	if (shipped)
		return;
	char err[512];
	shipped = sc_set_new();
	parsed = sc_set_new();
	cat = sc_catalogue_new();
	parsed_cat = sc_catalogue_new();
	if (sc_set_load("daily-living-v1", shipped, err, sizeof err) ||
	    sc_catalogue_load(cat, err, sizeof err))
		abort();
}

/* Branching, checks and the report for set s with answers a: the invariants
 * that must hold whatever the input. */
static void exercise(const sc_set *s, const sc_answers *a)
{
	static sc_problems p;
	static sc_report r;
	for (size_t q = 0; q < s->n_questions; q++) {
		bool vis = sc_visible(s, a, q);
		if (vis && !sc_on_page(s, a, q))
			abort(); /* shown implies on its page */
	}
	size_t next = sc_next_topic(s, a, 0);
	if (next > s->n_topics)
		abort();
	sn_err all = sc_check_all(s, a, &p);
	if ((all == SN_OK) != (p.n == 0) || p.n > SC_MAX_PROBLEMS)
		abort();
	for (size_t t = 0; t < s->n_topics; t++) {
		static sc_problems pt;
		sn_err rc = sc_check_topic(s, t, a, &pt);
		if (rc == SN_EINPUT && all == SN_OK)
			abort(); /* a topic problem is a set problem */
	}
	sn_err rc = sc_report_compute(s, cat, a, &r);
	if ((rc == SN_OK) != (all == SN_OK))
		abort();
	if (rc == SN_OK) {
		if (r.n_equipment > SC_MAX_ITEMS || r.n_advice > SC_MAX_ADVICE ||
		    r.n_codes > SC_MAX_CODES || r.n_said > s->n_questions)
			abort();
		if (r.carer_assessment && !r.carer)
			abort();
		json_t *o = sc_report_to_json(s, cat, &r);
		if (!o || json_array_size(json_object_get(
		              json_object_get(json_object_get(o, "eligibility"), "decision"),
		              "reasons")) != r.decision.n_reasons)
			abort(); /* every string is valid UTF-8 */
		json_decref(o);
	}
	json_t *rec = sc_answers_to_json(s, a);
	if (!rec || json_array_size(json_object_get(rec, "answers")) > s->n_questions)
		abort();
	json_decref(rec);
	/* Pruning keeps only valid answers to shown questions: the set check then
	 * finds at most missing answers. */
	sc_answers pruned = *a;
	sc_answers_prune(s, &pruned);
	if (pruned.n > a->n)
		abort();
	if (sc_check_all(s, &pruned, &p) == SN_EINPUT)
		for (size_t i = 0; i < p.n; i++)
			if (p.items[i].kind != SC_MISSING)
				abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	once();
	/* A heap copy of exactly size bytes, so reading past the input is caught. */
	char *text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	char err[1024];
	sc_answers a;

	/* As a question set; when it parses, answer it: the first answer of every
	 * shown question, then the last. */
	sn_err rc = sc_set_from_json(text, size, parsed, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (rc && (!strchr(err, ':') || strchr(err, '\n')))
		abort(); /* one line that names its field */
	if (!rc) {
		if (parsed->n_topics == 0 || parsed->n_questions == 0)
			abort();
		for (size_t q = 0; q < parsed->n_questions; q++) {
			const sc_question *qq = &parsed->questions[q];
			if (qq->has_show_if && qq->show_if_question >= q)
				abort(); /* only earlier questions */
			if (qq->n_choices < 2 || !qq->error[0])
				abort();
		}
		(void)sc_set_check_catalogue(parsed, cat, err, sizeof err);
		for (int pass = 0; pass < 2; pass++) {
			sc_answers_init(&a);
			for (size_t q = 0; q < parsed->n_questions; q++) {
				const sc_question *qq = &parsed->questions[q];
				if (sc_visible(parsed, &a, q) &&
				    sc_answers_set(&a, qq->key,
				                   qq->choices[pass ? qq->n_choices - 1 : 0].key))
					abort();
			}
			exercise(parsed, &a);
		}
	}

	/* As the catalogue. */
	rc = sc_catalogue_from_json(text, size, parsed_cat, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!rc)
		for (size_t i = 0; i < parsed_cat->n_items; i++) {
			const sc_item *it = &parsed_cat->items[i];
			if (it->supply == SC_LOAN &&
			    (it->retail_credit_pence > it->standard_cost_pence ||
			     it->standard_cost_pence <= 0))
				abort();
			if (it->supply == SC_BUY && it->price_min_pence > it->price_max_pence)
				abort();
			if (sc_catalogue_find(parsed_cat, it->key) != it)
				abort(); /* keys are unique */
		}

	/* As answers to the shipped set, then complete them and report. */
	rc = sc_answers_from_json(shipped, text, size, &a, err, sizeof err);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!rc) {
		exercise(shipped, &a);
		for (size_t q = 0; q < shipped->n_questions; q++) {
			const sc_question *qq = &shipped->questions[q];
			if (sc_visible(shipped, &a, q) && !sc_answers_get(&a, qq->key) &&
			    sc_answers_set(&a, qq->key, qq->choices[0].key))
				abort();
		}
		static sc_problems p;
		if (sc_check_all(shipped, &a, &p))
			abort(); /* every shown question answered */
		exercise(shipped, &a);
	}
	free(text);
	return 0;
}
