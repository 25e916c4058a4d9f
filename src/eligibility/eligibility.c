/* Care Act eligibility rules: the three conditions for adults (Care and Support (Eligibility Criteria) Regulations 2015, reg 2) and for carers (reg 3). */
#include <stdio.h>
#include <string.h>

#include "eligibility.h"

typedef struct {
	const char *key;
	const char *label;
} outcome;

static const outcome adult_outcomes[ELIG_ADULT_OUTCOMES] = {
	{"nutrition", "managing and maintaining nutrition"},
	{"personal_hygiene", "maintaining personal hygiene"},
	{"toilet_needs", "managing toilet needs"},
	{"clothing", "being appropriately clothed"},
	{"home_safety", "being able to make use of the home safely"},
	{"habitable_home", "maintaining a habitable home environment"},
	{"relationships", "developing and maintaining family or other personal relationships"},
	{"work_education_volunteering",
	 "accessing and engaging in work, training, education or volunteering"},
	{"community_facilities",
	 "making use of necessary facilities or services in the local community, including public transport and recreational facilities or services"},
	{"caring_for_child", "carrying out any caring responsibilities for a child"},
};

static const outcome carer_outcomes[ELIG_CARER_OUTCOMES] = {
	{"caring_for_child", "carrying out any caring responsibilities for a child"},
	{"caring_for_others", "providing care to other persons for whom the carer provides care"},
	{"habitable_home", "maintaining a habitable home environment"},
	{"nutrition", "managing and maintaining nutrition"},
	{"relationships", "developing and maintaining family or other personal relationships"},
	{"work_education_volunteering", "engaging in work, training, education or volunteering"},
	{"community_facilities",
	 "making use of necessary facilities or services in the local community, including recreational facilities or services"},
	{"recreation", "engaging in recreational activities"},
};

static const struct {
	const char *key;
	const char *words;
} ways[ELIG_N_WAYS] = {
	{"none", "can achieve it"},
	{"without_assistance", "cannot achieve it without assistance"},
	{"pain_distress_anxiety", "can achieve it only with significant pain, distress or anxiety"},
	{"endangers_safety",
	 "achieving it endangers, or is likely to endanger, their own or others' health or safety"},
	{"takes_longer", "achieving it takes significantly longer than would normally be expected"},
};

size_t elig_n_outcomes(bool carer)
{
	return carer ? ELIG_CARER_OUTCOMES : ELIG_ADULT_OUTCOMES;
}

const char *elig_outcome_key(bool carer, size_t i)
{
	if (i >= elig_n_outcomes(carer))
		return NULL;
	return carer ? carer_outcomes[i].key : adult_outcomes[i].key;
}

const char *elig_outcome_label(bool carer, size_t i)
{
	if (i >= elig_n_outcomes(carer))
		return NULL;
	return carer ? carer_outcomes[i].label : adult_outcomes[i].label;
}

int elig_way_parse(const char *s)
{
	for (int i = 0; i < ELIG_N_WAYS; i++)
		if (s && strcmp(s, ways[i].key) == 0)
			return i;
	return -1;
}

const char *elig_way_key(elig_way w)
{
	return (unsigned)w < ELIG_N_WAYS ? ways[w].key : NULL;
}

__attribute__((format(printf, 2, 3))) static void reason(elig_result *r, const char *fmt, ...)
{
	if (r->n_reasons >= ELIG_MAX_REASONS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reasons[r->n_reasons++], ELIG_REASON_MAX, fmt, ap);
	va_end(ap);
}

/* "nutrition (cannot achieve it without assistance); ..." into out. */
static void list_unable(const elig_case *c, const elig_result *r, char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < r->n_unable && n < size; i++) {
		size_t k = r->unable[i];
		int w = snprintf(out + n, size - n, "%s%s (%s)", i ? "; " : "",
				 elig_outcome_label(c->carer, k), ways[c->outcomes[k]].words);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

void elig_decide(const elig_case *c, elig_result *out)
{
	memset(out, 0, sizeof *out);
	size_t total = elig_n_outcomes(c->carer);
	for (size_t i = 0; i < total; i++)
		if (c->outcomes[i] != ELIG_ACHIEVED)
			out->unable[out->n_unable++] = i;
	char list[ELIG_REASON_MAX - 160];
	list_unable(c, out, list, sizeof list);
	const char *unable_word = out->n_unable == 1 ? "outcome" : "outcomes";

	if (!c->carer) {
		bool c1 = c->impairment, c2 = out->n_unable >= 2, c3 = c->wellbeing_impact;
		reason(out, c1 ? "Condition 1 met: the needs arise from or relate to a physical or mental impairment or illness."
			       : "Condition 1 not met: the needs do not arise from or relate to a physical or mental impairment or illness.");
		if (out->n_unable == 0)
			reason(out, "Condition 2 not met: the person can achieve all of the %zu outcomes; being unable to achieve two or more is needed.",
			       total);
		else
			reason(out, "Condition 2 %s: the person is unable to achieve %zu of the %zu %s (two or more are needed): %s.",
			       c2 ? "met" : "not met", out->n_unable, total, unable_word, list);
		reason(out, c3 ? "Condition 3 met: as a consequence there is, or is likely to be, a significant impact on the person's wellbeing."
			       : "Condition 3 not met: there is not, and is not likely to be, a significant impact on the person's wellbeing.");
		out->eligible = c1 && c2 && c3;
	} else {
		bool c1 = c->necessary_care, c2 = c->health_at_risk || out->n_unable >= 1,
		     c3 = c->wellbeing_impact;
		reason(out, c1 ? "Condition 1 met: the carer's needs arise from providing necessary care to an adult."
			       : "Condition 1 not met: the carer's needs do not arise from providing necessary care to an adult.");
		if (c->health_at_risk && out->n_unable)
			reason(out, "Condition 2 met in both ways: the carer's physical or mental health is, or is at risk of, deteriorating; and the carer is unable to achieve %zu of the %zu %s: %s.",
			       out->n_unable, total, unable_word, list);
		else if (c->health_at_risk)
			reason(out, "Condition 2 met: the carer's physical or mental health is, or is at risk of, deteriorating (the carer can achieve all of the %zu outcomes).",
			       total);
		else if (out->n_unable)
			reason(out, "Condition 2 met: the carer is unable to achieve %zu of the %zu %s (one or more is enough): %s.",
			       out->n_unable, total, unable_word, list);
		else
			reason(out, "Condition 2 not met: the carer's health is not at risk of deteriorating, and the carer can achieve all of the %zu outcomes.",
			       total);
		reason(out, c3 ? "Condition 3 met: as a consequence there is, or is likely to be, a significant impact on the carer's wellbeing."
			       : "Condition 3 not met: there is not, and is not likely to be, a significant impact on the carer's wellbeing.");
		out->eligible = c1 && c2 && c3;
	}
	reason(out, out->eligible ? "Eligible: all three conditions are met."
				  : "Not eligible: every one of the three conditions must be met.");
}
