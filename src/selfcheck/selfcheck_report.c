/* The self-check's JSON out: the report as a view model and the answers as the record for the intake queue (the engine is in selfcheck.c, the readers in selfcheck_json.c). */
#include <stdio.h>
#include <string.h>

#include "selfcheck.h"

json_t *sc_answers_to_json(const sc_set *s, const sc_answers *a)
{
	json_t *list = json_array();
	for (size_t q = 0; q < s->n_questions; q++) {
		const sc_question *qq = &s->questions[q];
		long c = sc_choice_index(qq, sc_answers_get(a, qq->key));
		if (c < 0 || !sc_visible(s, a, q))
			continue;
		json_t *it = json_object();
		json_object_set_new(it, "topic_key", json_string(s->topics[qq->topic].key));
		json_object_set_new(it, "topic", json_string(s->topics[qq->topic].title));
		json_object_set_new(it, "question", json_string(qq->key));
		json_object_set_new(it, "text", json_string(qq->text));
		json_object_set_new(it, "answer", json_string(qq->choices[c].key));
		json_object_set_new(it, "label", json_string(qq->choices[c].label));
		json_array_append_new(list, it);
	}
	json_t *o = json_object();
	json_object_set_new(o, "set_id", json_string(s->id));
	json_object_set_new(o, "set_version", json_integer(s->version));
	json_object_set_new(o, "set_title", json_string(s->title));
	json_object_set_new(o, "answers", list);
	return o;
}

/* ---- the report ---- */

#define DISCLAIMER                                                                                 \
	"This check is only a guide. It is not a decision. Only an assessment can say "            \
	"what care and support you are eligible for."
#define MAY_BE_ELIGIBLE                                                                            \
	"Your answers suggest you may be eligible for care and support from the council. "         \
	"The next step is an assessment: someone from the council will talk with you about "       \
	"what matters to you and what would help."
#define MAY_NOT_BE_ELIGIBLE                                                                        \
	"Your answers do not suggest that you would be eligible for care and support from "        \
	"the council. This check is only a guide: you can still ask for an assessment, and "       \
	"the ideas on this page may help."
#define CARER_ASSESSMENT                                                                           \
	"You look after someone, and caring affects your health or your life. You can ask "        \
	"for a carer's assessment. It is free, and it is about what would help you."
#define CARER_ANYTIME                                                                              \
	"You look after someone. If caring starts to affect your health or your life, you "        \
	"can ask for a carer's assessment at any time. It is free."

void sc_item_how_to_get(const sc_item *it, char *out, size_t size)
{
	char a[48], b[48];
	if (it->supply == SC_LOAN) {
		sc_money(it->retail_credit_pence, a, sizeof a);
		snprintf(out, size, "%s%s%s%s",
		         it->telecare ? "The council can lend you this. There may be a weekly "
		                        "charge for the monitoring service."
		                      : "The council can lend you this free of charge.",
		         it->retail_credit_pence
		             ? " If you would rather choose your own from a shop, you can have "
		             : "",
		         it->retail_credit_pence ? a : "",
		         it->retail_credit_pence ? " towards it." : "");
		return;
	}
	sc_money(it->price_min_pence, a, sizeof a);
	sc_money(it->price_max_pence, b, sizeof b);
	if (it->price_min_pence == it->price_max_pence)
		snprintf(out, size, "Most people buy this themselves. It usually costs about %s.", a);
	else
		snprintf(out, size, "Most people buy this themselves. It usually costs %s to %s.", a, b);
}

static json_t *item_json(const sc_item *it)
{
	char how[320];
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(it->key));
	json_object_set_new(o, "name", json_string(it->name));
	json_object_set_new(o, "description", json_string(it->description));
	json_object_set_new(o, "telecare", json_boolean(it->telecare));
	if (it->supply == SC_LOAN) {
		json_object_set_new(o, "supply", json_string("loan"));
		json_object_set_new(o, "standard_cost_pence",
		                    json_integer(it->standard_cost_pence));
		json_object_set_new(o, "retail_credit_pence",
		                    json_integer(it->retail_credit_pence));
	} else {
		json_object_set_new(o, "supply", json_string("buy"));
		json_object_set_new(o, "price_min_pence", json_integer(it->price_min_pence));
		json_object_set_new(o, "price_max_pence", json_integer(it->price_max_pence));
	}
	sc_item_how_to_get(it, how, sizeof how);
	json_object_set_new(o, "how_to_get", json_string(how));
	return o;
}

/* The eligibility indication: the summary, the outcomes counted, the
 * decision with the rule's reasons and the same said to the person. */
static json_t *eligibility_json(const sc_report *r)
{
	json_t *el = json_object();
	json_object_set_new(el, "may_be_eligible", json_boolean(r->may_be_eligible));
	json_object_set_new(
	    el, "summary", json_string(r->may_be_eligible ? MAY_BE_ELIGIBLE : MAY_NOT_BE_ELIGIBLE));
	json_t *outcomes = json_array();
	for (size_t i = 0; i < r->decision.n_unable; i++) {
		size_t k = r->decision.unable[i];
		json_t *jo = json_object();
		json_object_set_new(jo, "key", json_string(elig_outcome_key(false, k)));
		json_object_set_new(jo, "label", json_string(elig_outcome_label(false, k)));
		json_object_set_new(jo, "way", json_string(elig_way_key(r->elig.outcomes[k])));
		json_array_append_new(outcomes, jo);
	}
	json_object_set_new(el, "outcomes", outcomes);
	json_object_set_new(el, "impairment", json_boolean(r->elig.impairment));
	json_object_set_new(el, "wellbeing_impact", json_boolean(r->elig.wellbeing_impact));
	json_object_set_new(el, "decision", elig_result_to_json(&r->elig, &r->decision));
	char you[ELIG_MAX_REASONS][ELIG_REASON_MAX];
	size_t n_you = elig_explain_you(&r->elig, &r->decision, you, ELIG_MAX_REASONS);
	json_t *reasons_you = json_array();
	for (size_t i = 0; i < n_you; i++)
		json_array_append_new(reasons_you, json_string(you[i]));
	json_object_set_new(el, "reasons_you", reasons_you);
	return el;
}

json_t *sc_report_to_json(const sc_set *s, const sc_catalogue *cat, const sc_report *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "set_id", json_string(s->id));
	json_object_set_new(o, "set_version", json_integer(s->version));
	json_object_set_new(o, "title", json_string(s->title));
	json_object_set_new(o, "note", json_string(DISCLAIMER));

	json_t *topics = json_array();
	for (size_t t = 0; t < s->n_topics; t++) {
		json_t *said = json_array();
		for (size_t i = 0; i < r->n_said; i++) {
			const sc_question *q = &s->questions[r->said[i].question];
			if (q->topic == t)
				json_array_append_new(
				    said, json_string(q->choices[r->said[i].choice].said));
		}
		if (!json_array_size(said)) {
			json_decref(said);
			continue;
		}
		json_t *jt = json_object();
		json_object_set_new(jt, "key", json_string(s->topics[t].key));
		json_object_set_new(jt, "title", json_string(s->topics[t].title));
		json_object_set_new(jt, "said", said);
		json_array_append_new(topics, jt);
	}
	json_object_set_new(o, "topics", topics);

	json_t *equipment = json_array(), *telecare = json_array();
	for (size_t i = 0; cat && i < r->n_equipment; i++) {
		const sc_item *it = &cat->items[r->equipment[i]];
		json_array_append_new(it->telecare ? telecare : equipment, item_json(it));
	}
	json_object_set_new(o, "equipment", equipment);
	json_object_set_new(o, "telecare", telecare);
	/* The catalogue's own note is for the people who edit it. */
	if (cat)
		json_object_set_new(o, "equipment_note", json_string(SC_EQUIPMENT_NOTE));

	json_t *advice = json_array();
	for (size_t i = 0; i < r->n_advice; i++) {
		const sc_advice *ad = &s->advice[r->advice[i]];
		json_t *a = json_object();
		json_object_set_new(a, "id", json_string(ad->id));
		json_object_set_new(a, "title", json_string(ad->title));
		json_object_set_new(a, "text", json_string(ad->text));
		json_t *codes = json_array();
		for (size_t j = 0; j < r->n_codes; j++)
			if (r->advice_codes[i] & ((uint64_t)1 << j))
				json_array_append_new(codes, json_string(r->codes[j]));
		json_object_set_new(a, "directory_codes", codes);
		json_array_append_new(advice, a);
	}
	json_object_set_new(o, "advice", advice);

	json_t *codes = json_array();
	for (size_t i = 0; i < r->n_codes; i++)
		json_array_append_new(codes, json_string(r->codes[i]));
	json_object_set_new(o, "directory_codes", codes);

	json_object_set_new(o, "eligibility", eligibility_json(r));

	json_t *carer = json_object();
	json_object_set_new(carer, "cares_for_someone", json_boolean(r->carer));
	json_object_set_new(carer, "carers_assessment", json_boolean(r->carer_assessment));
	json_object_set_new(carer, "summary",
	                    r->carer_assessment ? json_string(CARER_ASSESSMENT)
	                    : r->carer          ? json_string(CARER_ANYTIME)
	                                        : json_null());
	json_object_set_new(o, "carer", carer);

	if (r->has_loneliness) {
		const sc_question *q = &s->questions[r->loneliness_question];
		const sc_choice *c = &q->choices[r->loneliness_choice];
		json_t *l = json_object();
		json_object_set_new(l, "question", json_string(q->key));
		json_object_set_new(l, "answer", json_string(c->key));
		json_object_set_new(l, "label", json_string(c->label));
		json_object_set_new(l, "level", json_integer((json_int_t)r->loneliness_choice + 1));
		json_object_set_new(l, "of", json_integer((json_int_t)q->n_choices));
		json_object_set_new(o, "loneliness", l);
	} else {
		json_object_set_new(o, "loneliness", json_null());
	}
	return o;
}
