/* The budget questionnaire filled from the needs assessment: each RAS answer and the client group from the record, as the scheme's "from_assessment" says, with where it came from; the worker's changes, each with a reason. Pure. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assessment.h"

/* "YYYY-MM-DD" at the start of s into its parts; false when it is not one. */
static bool date_parts(const char *s, int *y, int *m, int *d)
{
	if (!s || strnlen(s, 10) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

int asmt_age_on(const char *dob, const char *today)
{
	int y1, m1, d1, y2, m2, d2;
	if (!date_parts(dob, &y1, &m1, &d1) || !date_parts(today, &y2, &m2, &d2))
		return -1;
	int age = y2 - y1 - ((m2 < m1 || (m2 == m1 && d2 < d1)) ? 1 : 0);
	return age < 0 || age > RAS_MAX_AGE ? -1 : age;
}

/* "Unable without assistance" -> "unable without assistance", into out. */
static void lower_first(const char *s, char *out, size_t size)
{
	snprintf(out, size, "%s", s);
	if (out[0] >= 'A' && out[0] <= 'Z')
		out[0] = (char)(out[0] - 'A' + 'a');
}

static const char *outcome_label(const char *key)
{
	for (size_t i = 0; i < elig_n_outcomes(false); i++)
		if (strcmp(elig_outcome_key(false, i), key) == 0)
			return elig_outcome_label(false, i);
	return key;
}

/* One pre-filled answer: {"answer": KEY or null, "unset": bool, "source"}. */
static json_t *entry(const char *answer, bool unset, const char *source)
{
	return json_pack("{s:o, s:b, s:s}", "answer", answer ? json_string(answer) : json_null(),
			 "unset", unset, "source", source);
}

/* Appends printf text to a growing sentence (at most size bytes). */
__attribute__((format(printf, 3, 4))) static void add(char *out, size_t size, const char *fmt,
						       ...)
{
	size_t n = strlen(out);
	if (n + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out + n, size - n, fmt, ap);
	va_end(ap);
}

#define SOURCE_MAX 1024

/* An answer the record cannot give: {"answer": null, "unset": true,
 * "source": "WHY: ACTION." (for the form), "why": "WHY." (for the saved
 * budget, which says the worker answered)}. */
static json_t *unset_entry(const char *why, const char *action)
{
	char src[SOURCE_MAX], w[SOURCE_MAX];
	snprintf(src, sizeof src, "%s: %s.", why, action);
	snprintf(w, sizeof w, "%s.", why);
	json_t *e = entry(NULL, true, src);
	json_object_set_new(e, "why", json_string(w));
	return e;
}

/* One question from the record's outcomes, as q->from says. */
static json_t *question_entry(const ras_question *q, const json_t *outs)
{
	char src[SOURCE_MAX] = "", way[160];
	const ras_from_assessment *f = &q->from;
	if (f->n_outcomes == 0)
		return unset_entry("The needs assessment does not cover this", "answer with the person");
	int best = RAS_FROM_UNMAPPED, best_points = -2;
	bool fluctuates = false;
	const char *missing = NULL, *unmapped = NULL, *unmapped_way = NULL;
	add(src, sizeof src, "From the needs assessment: ");
	for (size_t k = 0; k < f->n_outcomes; k++) {
		const json_t *o = json_object_get(outs, f->outcomes[k]);
		const char *wkey = json_string_value(json_object_get(o, "way"));
		int w = wkey ? elig_way_parse(wkey) : -1;
		if (w < 0) {
			missing = missing ? missing : f->outcomes[k];
			continue;
		}
		fluctuates = fluctuates || json_is_true(json_object_get(o, "fluctuates"));
		lower_first(asmt_way_label(wkey), way, sizeof way);
		add(src, sizeof src, "%s%s — %s", k ? "; " : "", outcome_label(f->outcomes[k]), way);
		int a = f->answer_of_way[w];
		if (a == RAS_FROM_UNMAPPED) {
			unmapped = unmapped ? unmapped : f->outcomes[k];
			unmapped_way = unmapped_way ? unmapped_way : wkey;
			continue;
		}
		int points = a >= 0 ? q->answers[a].points : -1;
		if (points > best_points) {
			best_points = points;
			best = a;
		}
	}
	if (missing) {
		snprintf(src, sizeof src, "The needs assessment does not say how %s is affected",
			 outcome_label(missing));
		return unset_entry(src, "answer with the person");
	}
	if (unmapped) {
		lower_first(asmt_way_label(unmapped_way), way, sizeof way);
		snprintf(src, sizeof src, "The needs assessment says %s — %s, which the scheme does "
			 "not turn into an answer", outcome_label(unmapped), way);
		return unset_entry(src, "answer with the person");
	}
	if (f->n_outcomes > 1)
		add(src, sizeof src, " (the answer with the most points)");
	if (best == RAS_FROM_LEFT_OUT)
		add(src, sizeof src, ": left out, no points.");
	else
		add(src, sizeof src, ".");
	if (fluctuates)
		add(src, sizeof src, " Needs fluctuate: check the answer covers the harder days.");
	return entry(best >= 0 ? q->answers[best].key : NULL, false, src);
}

/* The client group from the record's main reason for support and the age. */
static json_t *group_entry(const ras_scheme *s, const json_t *record, int age)
{
	char src[SOURCE_MAX], label[160];
	const char *reason = json_string_value(json_object_get(record, "support_reason"));
	int r = ras_support_reason_index(reason);
	if (r < 0)
		return unset_entry("The needs assessment does not record the main reason for support",
				   "choose the group with the person");
	snprintf(label, sizeof label, "%s", ras_support_reason_label((size_t)r));
	bool needs_age;
	int g = ras_group_from_assessment(s, reason, age, &needs_age);
	if (g < 0 && needs_age) {
		snprintf(src, sizeof src, "From the needs assessment: main reason for support — %s; "
			 "the date of birth is not recorded, and the group depends on age", label);
		return unset_entry(src, "choose the group with the person");
	}
	if (g < 0) {
		char at[32] = "";
		if (age >= 0)
			snprintf(at, sizeof at, " at age %d", age);
		snprintf(src, sizeof src, "The needs assessment's main reason for support, %s, chooses "
			 "none of the scheme's client groups%s", label, at);
		return unset_entry(src, "choose the group with the person");
	}
	const ras_group *gr = &s->groups[g];
	if (gr->from_min_age || gr->from_max_age)
		snprintf(src, sizeof src, "From the needs assessment: main reason for support — %s; "
			 "aged %d.", label, age);
	else
		snprintf(src, sizeof src, "From the needs assessment: main reason for support — %s.",
			 label);
	return entry(gr->key, false, src);
}

json_t *asmt_ras_from_record(const ras_scheme *s, const json_t *record, bool carer, int age)
{
	json_t *answers = json_object();
	json_t *outs = json_object_get(record, "outcomes");
	const char *carer_note = "This is a carer's assessment, and the scheme's questions are "
				 "about a person's own needs";
	for (size_t i = 0; i < s->n_questions; i++)
		json_object_set_new(answers, s->questions[i].key,
				    carer ? unset_entry(carer_note, "answer with the carer")
					  : question_entry(&s->questions[i], outs));
	json_t *group = carer ? unset_entry(carer_note, "answer with the carer")
			      : group_entry(s, record, age);
	return json_pack("{s:o, s:o}", "client_group", group, "answers", answers);
}

/* The pre-filled entry for a question (or "client_group"). */
static const json_t *prefill_of(const json_t *from, const char *question)
{
	if (strcmp(question, "client_group") == 0)
		return json_object_get(from, "client_group");
	return json_object_get(json_object_get(from, "answers"), question);
}

/* Two answers (NULL: none) the same. */
static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

json_t *asmt_ras_start(const ras_scheme *s, const json_t *from, const json_t *earlier)
{
	json_t *answers = json_object(), *reasons = json_object();
	json_t *c = json_object();
	/* An earlier change still applies while what it changed is what the
	 * assessment gives now. */
	const json_t *changes = json_object_get(earlier, "changes");
	json_t *to = json_object();
	size_t i;
	json_t *ch;
	json_array_foreach(changes, i, ch) {
		const char *q = json_string_value(json_object_get(ch, "question"));
		const json_t *p = q ? prefill_of(from, q) : NULL;
		if (!p || json_is_true(json_object_get(p, "unset")) ||
		    !same(json_string_value(json_object_get(p, "answer")),
			  json_string_value(json_object_get(ch, "from"))))
			continue;
		json_object_set(to, q, json_object_get(ch, "to"));
		json_object_set(reasons, q, json_object_get(ch, "reason"));
	}
	/* What the worker answered where the assessment could not say stands
	 * too, while the scheme still has that answer. */
	json_array_foreach(json_object_get(earlier, "points"), i, ch) {
		const char *q = json_string_value(json_object_get(ch, "question"));
		const char *a = json_string_value(json_object_get(ch, "answer"));
		int qi = q ? ras_question_index(s, q) : -1;
		if (qi >= 0 && a && ras_answer_index(&s->questions[qi], a) >= 0 &&
		    json_is_true(json_object_get(prefill_of(from, q), "unset")))
			json_object_set_new(to, q, json_string(a));
	}
	const char *eg = json_string_value(json_object_get(earlier, "client_group"));
	if (eg && ras_group_index(s, eg) >= 0 &&
	    json_is_true(json_object_get(json_object_get(from, "client_group"), "unset")))
		json_object_set_new(to, "client_group", json_string(eg));
	for (size_t k = 0; k <= s->n_questions; k++) {
		const char *q = k < s->n_questions ? s->questions[k].key : "client_group";
		json_t *v = json_object_get(to, q);
		if (!v)
			v = json_object_get(prefill_of(from, q), "answer");
		if (!json_is_string(v))
			continue;
		if (k < s->n_questions)
			json_object_set(answers, q, v);
		else
			json_object_set(c, "client_group", v);
	}
	json_decref(to);
	json_object_set_new(c, "answers", answers);
	return json_pack("{s:o, s:o}", "case", c, "reasons", reasons);
}

/* One question's answer against what the assessment gave: a change (with
 * its reason from the form's reason_QUESTION) appended to changes, or a
 * problem to errors. label names the question in messages. */
static void one_change(const json_t *p, const char *question, const char *label,
		       const char *answer, const char *answer_label_was, const char *answer_label,
		       const kv_list *form, json_t *changes, json_t *errors)
{
	if (!p || json_is_true(json_object_get(p, "unset")))
		return;
	const char *was = json_string_value(json_object_get(p, "answer"));
	if (same(was, answer))
		return;
	char field[RAS_KEY_MAX + 8], msg[512];
	snprintf(field, sizeof field, "reason_%s", question);
	const char *why = kv_get(form, field);
	/* Spaces around the reason do not count. */
	while (why && (*why == ' ' || *why == '\t' || *why == '\r' || *why == '\n'))
		why++;
	size_t n = why ? strlen(why) : 0;
	while (n && (why[n - 1] == ' ' || why[n - 1] == '\t' || why[n - 1] == '\r' ||
		     why[n - 1] == '\n'))
		n--;
	if (n == 0)
		snprintf(msg, sizeof msg, "Say why you changed the answer about %s from “%s”, the "
			 "answer from the needs assessment", label, answer_label_was);
	else if (n < ASMT_REASON_MIN)
		snprintf(msg, sizeof msg, "The reason for changing the answer about %s must be %d "
			 "characters or more", label, ASMT_REASON_MIN);
	else if (n > ASMT_RAS_REASON_MAX)
		snprintf(msg, sizeof msg, "The reason for changing the answer about %s must be %d "
			 "characters or fewer", label, ASMT_RAS_REASON_MAX);
	else {
		json_array_append_new(changes, json_pack("{s:s, s:o, s:o, s:s%, s:s, s:s, s:s}",
			"question", question, "from", was ? json_string(was) : json_null(),
			"to", answer ? json_string(answer) : json_null(), "reason", why, n,
			"question_label", label, "from_label", answer_label_was,
			"to_label", answer_label));
		return;
	}
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", msg));
}

json_t *asmt_ras_changes(const ras_scheme *s, const json_t *from, const json_t *c,
			 const kv_list *form, json_t *errors)
{
	json_t *changes = json_array();
	const json_t *gp = json_object_get(from, "client_group");
	const char *was = json_string_value(json_object_get(gp, "answer"));
	const char *now = json_string_value(json_object_get(c, "client_group"));
	int g = was ? ras_group_index(s, was) : -1, g2 = now ? ras_group_index(s, now) : -1;
	one_change(gp, "client_group", "who the budget is for", now,
		   g >= 0 ? s->groups[g].label : "none", g2 >= 0 ? s->groups[g2].label : "none",
		   form, changes, errors);
	const json_t *answers = json_object_get(c, "answers");
	for (size_t i = 0; i < s->n_questions; i++) {
		const ras_question *q = &s->questions[i];
		const json_t *p = prefill_of(from, q->key);
		const char *pa = json_string_value(json_object_get(p, "answer"));
		const char *na = json_string_value(json_object_get(answers, q->key));
		int a = pa ? ras_answer_index(q, pa) : -1, b = na ? ras_answer_index(q, na) : -1;
		one_change(p, q->key, q->label, na, a >= 0 ? q->answers[a].label : "left out",
			   b >= 0 ? q->answers[b].label : "left out", form, changes, errors);
	}
	return changes;
}
