/* Care Act eligibility for adults needing care and for carers, with reasons
 * in plain English. Pure rules in eligibility.c (no I/O, no store); the JSON
 * edges in eligibility_json.c. */
#ifndef SN_ELIGIBILITY_H
#define SN_ELIGIBILITY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../base/base.h"

#define ELIG_ADULT_OUTCOMES 10
#define ELIG_CARER_OUTCOMES 8
#define ELIG_MAX_OUTCOMES 10
#define ELIG_MAX_REASONS 8
#define ELIG_REASON_MAX 1536
#define ELIG_INPUT_MAX 65536 /* bytes of one JSON case */

/* How a person is unable to achieve an outcome: ELIG_ACHIEVED means they can;
 * each of the other four alone makes them unable to. */
typedef enum {
	ELIG_ACHIEVED = 0,         /* "none" */
	ELIG_WITHOUT_ASSISTANCE,   /* cannot do it without assistance */
	ELIG_PAIN_DISTRESS_ANXIETY,/* can, but with significant pain, distress or anxiety */
	ELIG_ENDANGERS_SAFETY,     /* can, but it endangers their or others' health or safety */
	ELIG_TAKES_LONGER,         /* can, but it takes significantly longer than normal */
	ELIG_N_WAYS
} elig_way;

typedef struct {
	bool carer;
	/* Adults: condition 1. */
	bool impairment;
	/* Carers: condition 1, and the health half of condition 2. */
	bool necessary_care;
	bool health_at_risk;
	bool wellbeing_impact; /* condition 3, both */
	/* Indexed as elig_outcome_key(carer, i); ELIG_ADULT_OUTCOMES or
	 * ELIG_CARER_OUTCOMES of them are used. */
	elig_way outcomes[ELIG_MAX_OUTCOMES];
} elig_case;

typedef struct {
	bool eligible;
	size_t n_unable;
	size_t unable[ELIG_MAX_OUTCOMES]; /* outcome indexes, in table order */
	size_t n_reasons;
	char reasons[ELIG_MAX_REASONS][ELIG_REASON_MAX];
} elig_result;

/* The outcome tables: keys ("nutrition") and plain-English names. */
size_t elig_n_outcomes(bool carer);
const char *elig_outcome_key(bool carer, size_t i);
const char *elig_outcome_label(bool carer, size_t i);
/* "without_assistance" -> ELIG_WITHOUT_ASSISTANCE; -1 when not a way. */
int elig_way_parse(const char *s);
const char *elig_way_key(elig_way w);
/* Decides eligibility; always succeeds for a case with valid ways. */
void elig_decide(const elig_case *c, elig_result *out);

/* The decision r on c explained to the person themselves, for the public
 * pages: one plain-English sentence a condition and one for the result, in
 * the second person ("You find 2 of the 10 everyday things hard: ...").
 * Writes at most max lines into out; returns how many (eligibility_you.c). */
size_t elig_explain_you(const elig_case *c, const elig_result *r, char out[][ELIG_REASON_MAX],
			size_t max);

/* Parses a `rules eligibility` case. Every problem gives SN_EINPUT
 * (SN_ETOOBIG past ELIG_INPUT_MAX) and one line in err that starts with the
 * field's name. */
sn_err elig_case_from_json(const char *text, size_t len, elig_case *c, char *err,
			   size_t err_size);
/* {"eligible", "carer", "unable_outcomes": [...], "reasons": [...]}; the caller
 * owns the reference. */
json_t *elig_result_to_json(const elig_case *c, const elig_result *res);

#endif
