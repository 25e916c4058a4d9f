/* The self-check engine: answers, branching, topic checks and the report (pure: no I/O, no store,
 * no allocation). */
#include <stdio.h>
#include <string.h>

#include "../budget/charging.h"
#include "selfcheck.h"

bool sc_key_valid(const char *s)
{
	if (!s || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	size_t n = 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (n + 1 >= SC_KEY_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* ---- lookups ---- */

long sc_question_index(const sc_set *s, const char *key)
{
	for (size_t i = 0; key && i < s->n_questions; i++)
		if (strcmp(s->questions[i].key, key) == 0)
			return (long)i;
	return -1;
}

long sc_topic_index(const sc_set *s, const char *key)
{
	for (size_t i = 0; key && i < s->n_topics; i++)
		if (strcmp(s->topics[i].key, key) == 0)
			return (long)i;
	return -1;
}

long sc_advice_index(const sc_set *s, const char *id)
{
	for (size_t i = 0; id && i < s->n_advice; i++)
		if (strcmp(s->advice[i].id, id) == 0)
			return (long)i;
	return -1;
}

long sc_choice_index(const sc_question *q, const char *answer)
{
	for (size_t i = 0; answer && i < q->n_choices; i++)
		if (strcmp(q->choices[i].key, answer) == 0)
			return (long)i;
	return -1;
}

long sc_catalogue_index(const sc_catalogue *c, const char *key)
{
	for (size_t i = 0; c && key && i < c->n_items; i++)
		if (strcmp(c->items[i].key, key) == 0)
			return (long)i;
	return -1;
}

const sc_item *sc_catalogue_find(const sc_catalogue *c, const char *key)
{
	long i = sc_catalogue_index(c, key);
	return i < 0 ? NULL : &c->items[i];
}

size_t sc_catalogue_meeting(const sc_catalogue *c, const char *need, size_t *out, size_t max)
{
	size_t n = 0;
	int outcome = -1;
	for (size_t k = 0; need && k < elig_n_outcomes(false); k++)
		if (strcmp(elig_outcome_key(false, k), need) == 0)
			outcome = (int)k;
	for (size_t i = 0; need && i < c->n_items; i++) {
		const sc_item *it = &c->items[i];
		bool meets = outcome >= 0 && (it->outcomes & (1u << outcome));
		for (size_t t = 0; !meets && t < it->n_topics; t++)
			meets = strcmp(it->topics[t], need) == 0;
		if (!meets)
			continue;
		if (n < max)
			out[n] = i;
		n++;
	}
	return n;
}

void sc_money(int64_t pence, char *out, size_t size)
{
	chg_money(pence, out, size);
	size_t n = strlen(out);
	if (pence % 100 == 0 && n > 3 && strcmp(out + n - 3, ".00") == 0)
		out[n - 3] = 0;
}

sn_err sc_set_check_catalogue(const sc_set *s, const sc_catalogue *cat, char *err, size_t err_size)
{
	for (size_t qi = 0; qi < s->n_questions; qi++) {
		const sc_question *q = &s->questions[qi];
		for (size_t c = 0; c < q->n_choices; c++) {
			const sc_choice *ch = &q->choices[c];
			size_t e = 0;
			for (size_t k = 0; k < ch->n_suggestions; k++) {
				const sc_suggestion *sg = &ch->suggestions[k];
				if (sg->kind != SC_EQUIPMENT)
					continue;
				if (sc_catalogue_index(cat, sg->key) < 0) {
					snprintf(err, err_size,
					         "topics[%zu].questions[%zu].effects.%s.equipment[%"
					         "zu]: \"%s\" is not in the equipment catalogue",
					         q->topic, qi - s->topics[q->topic].first, ch->key,
					         e, sg->key);
					return SN_EINPUT;
				}
				e++;
			}
		}
	}
	return SN_OK;
}

/* ---- answers ---- */

void sc_answers_init(sc_answers *a)
{
	memset(a, 0, sizeof *a);
}

static long answer_slot(const sc_answers *a, const char *question)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].question, question) == 0)
			return (long)i;
	return -1;
}

static void answer_remove(sc_answers *a, size_t i)
{
	memmove(&a->items[i], &a->items[i + 1], (a->n - i - 1) * sizeof a->items[0]);
	a->n--;
	memset(&a->items[a->n], 0, sizeof a->items[0]);
}

/* Stores question = value, or a bad answer when bad is set. */
static sn_err answer_put(sc_answers *a, const char *question, const char *value, bool bad)
{
	long i = answer_slot(a, question);
	if (i < 0) {
		if (a->n >= SC_MAX_QUESTIONS)
			return SN_ETOOBIG;
		i = (long)a->n++;
		snprintf(a->items[i].question, SC_KEY_MAX, "%s", question);
	}
	sc_answer *it = &a->items[i];
	it->bad = bad;
	snprintf(it->value, SC_KEY_MAX, "%s", bad ? "" : value);
	return SN_OK;
}

sn_err sc_answers_set(sc_answers *a, const char *question, const char *value)
{
	if (!sc_key_valid(question))
		return SN_EINPUT;
	if (!value || !value[0]) {
		long i = answer_slot(a, question);
		if (i >= 0)
			answer_remove(a, (size_t)i);
		return SN_OK;
	}
	if (!sc_key_valid(value))
		return SN_EINPUT;
	return answer_put(a, question, value, false);
}

const char *sc_answers_get(const sc_answers *a, const char *question)
{
	long i = question ? answer_slot(a, question) : -1;
	return i < 0 || a->items[i].bad ? NULL : a->items[i].value;
}

sn_err sc_answers_from_fields(const sc_set *s, sc_field_get get, const void *ctx, sc_answers *a)
{
	sc_answers_init(a);
	for (size_t i = 0; i < s->n_questions; i++) {
		const char *key = s->questions[i].key;
		const char *v = get(ctx, key);
		if (!v || !v[0])
			continue;
		sn_err rc = answer_put(a, key, v, !sc_key_valid(v));
		if (rc)
			return rc;
	}
	return SN_OK;
}

/* The index of the choice given for question q, or -1 when none or bad. */
static long given_choice(const sc_set *s, const sc_answers *a, size_t q)
{
	const sc_question *qq = &s->questions[q];
	return sc_choice_index(qq, sc_answers_get(a, qq->key));
}

/* ---- branching ---- */

static bool condition_met(const sc_set *s, const sc_answers *a, const sc_question *q)
{
	long c = given_choice(s, a, q->show_if_question);
	return c >= 0 && c < SC_MAX_CHOICES && (q->show_if_choices & (1u << c));
}

bool sc_visible(const sc_set *s, const sc_answers *a, size_t q)
{
	if (q >= s->n_questions)
		return false;
	/* show_if always names an earlier question, so this walks backwards and stops. */
	while (s->questions[q].has_show_if) {
		const sc_question *qq = &s->questions[q];
		if (qq->show_if_question >= q || !condition_met(s, a, qq))
			return false;
		q = qq->show_if_question;
	}
	return true;
}

/* Visibility of every question in one pass (each depends only on earlier ones). */
static void visibility(const sc_set *s, const sc_answers *a, bool vis[SC_MAX_QUESTIONS])
{
	for (size_t q = 0; q < s->n_questions; q++) {
		const sc_question *qq = &s->questions[q];
		vis[q] = !qq->has_show_if || (qq->show_if_question < q &&
		                              vis[qq->show_if_question] && condition_met(s, a, qq));
	}
}

bool sc_on_page(const sc_set *s, const sc_answers *a, size_t q)
{
	if (q >= s->n_questions)
		return false;
	size_t topic = s->questions[q].topic;
	while (s->questions[q].has_show_if) {
		const sc_question *qq = &s->questions[q];
		size_t p = qq->show_if_question;
		if (p >= q)
			return false;
		if (s->questions[p].topic != topic)
			return condition_met(s, a, qq) && sc_visible(s, a, p);
		q = p;
	}
	return true;
}

bool sc_topic_shown(const sc_set *s, const sc_answers *a, size_t topic)
{
	if (topic >= s->n_topics)
		return false;
	const sc_topic *t = &s->topics[topic];
	for (size_t q = t->first; q < t->first + t->n_questions; q++)
		if (sc_on_page(s, a, q))
			return true;
	return false;
}

size_t sc_next_topic(const sc_set *s, const sc_answers *a, size_t from)
{
	for (size_t t = from; t < s->n_topics; t++)
		if (sc_topic_shown(s, a, t))
			return t;
	return s->n_topics;
}

/* ---- checking ---- */

static void problem(sc_problems *p, sc_problem_kind kind, size_t question, const char *key,
                    const char *message)
{
	if (p->n >= SC_MAX_PROBLEMS)
		return;
	sc_problem *it = &p->items[p->n++];
	it->kind = kind;
	it->question = question;
	snprintf(it->key, sizeof it->key, "%s", key);
	snprintf(it->message, sizeof it->message, "%s", message);
}

/* Adds the problem with shown question q, if any. */
static void check_question(const sc_set *s, const sc_answers *a, size_t q, sc_problems *p)
{
	const sc_question *qq = &s->questions[q];
	long i = answer_slot(a, qq->key);
	if (i < 0)
		problem(p, SC_MISSING, q, qq->key, qq->error);
	else if (a->items[i].bad || sc_choice_index(qq, a->items[i].value) < 0)
		problem(p, SC_INVALID, q, qq->key, qq->error);
}

sn_err sc_check_topic(const sc_set *s, size_t topic, const sc_answers *a, sc_problems *p)
{
	p->n = 0;
	if (topic >= s->n_topics)
		return SN_EINPUT;
	bool vis[SC_MAX_QUESTIONS];
	visibility(s, a, vis);
	const sc_topic *t = &s->topics[topic];
	for (size_t q = t->first; q < t->first + t->n_questions; q++)
		if (vis[q])
			check_question(s, a, q, p);
	return p->n ? SN_EINPUT : SN_OK;
}

sn_err sc_check_all(const sc_set *s, const sc_answers *a, sc_problems *p)
{
	p->n = 0;
	bool vis[SC_MAX_QUESTIONS];
	visibility(s, a, vis);
	for (size_t q = 0; q < s->n_questions; q++)
		if (vis[q])
			check_question(s, a, q, p);
	char msg[SC_TEXT_MAX];
	for (size_t i = 0; i < a->n; i++) {
		if (sc_question_index(s, a->items[i].question) >= 0)
			continue;
		snprintf(msg, sizeof msg, "There is no question called %s in this check",
		         a->items[i].question);
		problem(p, SC_UNKNOWN_QUESTION, SIZE_MAX, a->items[i].question, msg);
	}
	return p->n ? SN_EINPUT : SN_OK;
}

void sc_answers_prune(const sc_set *s, sc_answers *a)
{
	bool vis[SC_MAX_QUESTIONS];
	visibility(s, a, vis);
	/* Decide on every answer first: removing one changes what later ones see. */
	bool keep[SC_MAX_QUESTIONS];
	for (size_t i = 0; i < a->n; i++) {
		long q = sc_question_index(s, a->items[i].question);
		keep[i] = q >= 0 && vis[q] && !a->items[i].bad &&
		          sc_choice_index(&s->questions[q], a->items[i].value) >= 0;
	}
	size_t n = 0;
	for (size_t i = 0; i < a->n; i++)
		if (keep[i])
			a->items[n++] = a->items[i];
	for (size_t i = n; i < a->n; i++)
		memset(&a->items[i], 0, sizeof a->items[i]);
	a->n = n;
}

/* ---- the report ---- */

static void add_index(size_t *list, size_t *n, size_t max, size_t v)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == v)
			return;
	if (*n < max)
		list[(*n)++] = v;
}

static void add_code(sc_report *r, const char *code)
{
	for (size_t i = 0; i < r->n_codes; i++)
		if (strcmp(r->codes[i], code) == 0)
			return;
	if (r->n_codes < SC_MAX_CODES)
		snprintf(r->codes[r->n_codes++], SC_KEY_MAX, "%s", code);
}

static long code_index(const sc_report *r, const char *code)
{
	for (size_t i = 0; i < r->n_codes; i++)
		if (strcmp(r->codes[i], code) == 0)
			return (long)i;
	return -1;
}

/* The directory codes of one answer, beside each advice it gives (the
 * codes and advice are added to the report first). */
static void advice_with_codes(const sc_set *s, const sc_choice *ch, sc_report *out)
{
	for (size_t k = 0; k < ch->n_suggestions; k++) {
		const sc_suggestion *sg = &ch->suggestions[k];
		if (sg->kind == SC_ADVICE && sc_advice_index(s, sg->key) >= 0)
			add_index(out->advice, &out->n_advice, SC_MAX_ADVICE,
				  (size_t)sc_advice_index(s, sg->key));
		else if (sg->kind == SC_DIRECTORY)
			add_code(out, sg->key);
	}
	for (size_t k = 0; k < ch->n_suggestions; k++) {
		if (ch->suggestions[k].kind != SC_ADVICE)
			continue;
		long ai = sc_advice_index(s, ch->suggestions[k].key);
		for (size_t i = 0; ai >= 0 && i < out->n_advice; i++) {
			if (out->advice[i] != (size_t)ai)
				continue;
			for (size_t j = 0; j < ch->n_suggestions; j++) {
				long ci = ch->suggestions[j].kind == SC_DIRECTORY
					? code_index(out, ch->suggestions[j].key) : -1;
				if (ci >= 0)
					out->advice_codes[i] |= (uint64_t)1 << ci;
			}
		}
	}
}

sn_err sc_report_compute(const sc_set *s, const sc_catalogue *cat, const sc_answers *a,
                         sc_report *out)
{
	memset(out, 0, sizeof *out);
	bool vis[SC_MAX_QUESTIONS];
	visibility(s, a, vis);
	/* Every shown question answered, and nothing unknown. */
	for (size_t q = 0; q < s->n_questions; q++)
		if (vis[q] && given_choice(s, a, q) < 0)
			return SN_EINPUT;
	for (size_t i = 0; i < a->n; i++)
		if (sc_question_index(s, a->items[i].question) < 0)
			return SN_EINPUT;

	unsigned flags = 0;
	for (size_t q = 0; q < s->n_questions; q++) {
		if (!vis[q])
			continue;
		const sc_question *qq = &s->questions[q];
		size_t c = (size_t)given_choice(s, a, q);
		const sc_choice *ch = &qq->choices[c];
		if (ch->said[0])
			out->said[out->n_said++] = (sc_said){q, c};
		flags |= ch->flags;
		/* A later answer about the same outcome is the more specific one
		 * (a follow-up question), so it replaces the earlier way. */
		for (size_t k = 0; k < ch->n_needs; k++)
			if (ch->needs[k].outcome < ELIG_ADULT_OUTCOMES)
				out->elig.outcomes[ch->needs[k].outcome] = ch->needs[k].way;
		advice_with_codes(s, ch, out);
		for (size_t k = 0; k < ch->n_suggestions; k++) {
			const sc_suggestion *sg = &ch->suggestions[k];
			long i;
			switch (sg->kind) {
			case SC_EQUIPMENT:
				i = sc_catalogue_index(cat, sg->key);
				if (i >= 0)
					add_index(out->equipment, &out->n_equipment, SC_MAX_ITEMS,
					          (size_t)i);
				break;
			case SC_ADVICE:
				i = sc_advice_index(s, sg->key);
				if (i >= 0)
					add_index(out->advice, &out->n_advice, SC_MAX_ADVICE,
					          (size_t)i);
				break;
			case SC_DIRECTORY: add_code(out, sg->key); break;
			}
		}
		if (qq->loneliness) {
			out->has_loneliness = true;
			out->loneliness_question = q;
			out->loneliness_choice = c;
		}
	}
	out->elig.carer = false;
	out->elig.impairment = (flags & SC_FLAG_IMPAIRMENT) != 0;
	out->elig.wellbeing_impact = (flags & SC_FLAG_WELLBEING) != 0;
	elig_decide(&out->elig, &out->decision);
	out->may_be_eligible = out->decision.eligible;
	out->carer = (flags & SC_FLAG_CARER) != 0;
	out->carer_assessment = out->carer && (flags & SC_FLAG_CARER_IMPACT);
	return SN_OK;
}
