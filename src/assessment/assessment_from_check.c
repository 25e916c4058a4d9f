/* A needs assessment's starting record from the self-check the person sent: only what the answers say, each part with the person's own answers quoted in its note, for the worker to check with them. Pure. */
#include <stdio.h>
#include <string.h>

#include "../selfcheck/selfcheck.h"
#include "assessment.h"

/* Bit i of rel[q]: question q, or a follow-up of it, is about adult
 * outcome i (an answer of it names the outcome). */
static void related(const sc_set *s, uint32_t rel[static SC_MAX_QUESTIONS])
{
	memset(rel, 0, SC_MAX_QUESTIONS * sizeof *rel);
	for (size_t q = 0; q < s->n_questions; q++)
		for (size_t c = 0; c < s->questions[q].n_choices; c++)
			for (size_t k = 0; k < s->questions[q].choices[c].n_needs; k++)
				rel[q] |= 1u << s->questions[q].choices[c].needs[k].outcome;
	/* A follow-up always comes after its question. */
	for (size_t q = s->n_questions; q-- > 0;)
		if (s->questions[q].has_show_if)
			rel[s->questions[q].show_if_question] |= rel[q];
}

static bool has_flag(const sc_question *q, unsigned flag)
{
	for (size_t c = 0; c < q->n_choices; c++)
		if (q->choices[c].flags & flag)
			return true;
	return false;
}

typedef struct {
	bool any;  /* a selected question was shown and answered */
	bool hard; /* one of those answers said something is hard */
} quoted;

/* The note quoting every shown, answered question in sel: "From the
 * self-check: “Question?” Answer. ...". The caller owns the reference. */
static json_t *note_of(const sc_set *s, const sc_answers *a, const bool sel[static SC_MAX_QUESTIONS],
		       quoted *out)
{
	buf b;
	buf_init(&b, ASMT_NOTE_MAX + 1);
	out->any = out->hard = false;
	for (size_t q = 0; q < s->n_questions; q++) {
		const sc_question *qq = &s->questions[q];
		long c = sc_choice_index(qq, sc_answers_get(a, qq->key));
		if (!sel[q] || c < 0 || !sc_visible(s, a, q))
			continue;
		out->any = true;
		out->hard = out->hard || qq->choices[c].said[0];
		buf_printf(&b, "%s\u201c%s\u201d %s.", b.len ? " " : "From the self-check: ", qq->text,
			   qq->choices[c].label);
	}
	json_t *note = json_string(b.data ? b.data : "");
	buf_free(&b);
	return note;
}

json_t *asmt_record_from_selfcheck(const sc_set *s, const sc_answers *a, const sc_report *rep)
{
	uint32_t rel[SC_MAX_QUESTIONS];
	bool sel[SC_MAX_QUESTIONS];
	quoted qt;
	related(s, rel);
	json_t *outs = json_object();
	for (size_t i = 0; i < elig_n_outcomes(false); i++) {
		for (size_t q = 0; q < s->n_questions; q++)
			sel[q] = (rel[q] >> i) & 1u;
		json_t *o = json_pack("{s:b, s:o}", "fluctuates", 0, "note", note_of(s, a, sel, &qt));
		/* The way the answers give; "can achieve it" only when they were
		 * asked about it and said nothing is hard; otherwise nothing,
		 * for the worker to find out with the person. */
		if (rep->elig.outcomes[i] != ELIG_ACHIEVED)
			json_object_set_new(o, "way", json_string(elig_way_key(rep->elig.outcomes[i])));
		else if (qt.any && !qt.hard)
			json_object_set_new(o, "way", json_string("none"));
		json_object_set_new(outs, elig_outcome_key(false, i), o);
	}
	for (size_t q = 0; q < s->n_questions; q++)
		sel[q] = has_flag(&s->questions[q], SC_FLAG_IMPAIRMENT);
	json_t *imp_note = note_of(s, a, sel, &qt);
	json_t *impairment = rep->elig.impairment ? json_true() : qt.any ? json_false() : json_null();
	for (size_t q = 0; q < s->n_questions; q++)
		sel[q] = has_flag(&s->questions[q], SC_FLAG_WELLBEING);
	/* Which of the nine areas of wellbeing is for the worker to find out:
	 * the note says what the person said. */
	json_t *wb_note = note_of(s, a, sel, &qt);
	return json_pack("{s:s, s:o, s:o, s:o, s:[], s:o}", "kind", "adult", "impairment", impairment,
			 "impairment_note", imp_note, "outcomes", outs, "wellbeing", "wellbeing_note",
			 wb_note);
}
