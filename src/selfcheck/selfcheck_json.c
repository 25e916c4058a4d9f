/* The JSON readers of the self-check: question sets, the equipment catalogue and answers in (the
 * engine is in selfcheck.c, the report and the intake record out in selfcheck_report.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/embed.h"
#include "../base/jsonin.h"
#include "selfcheck.h"

#define FAIL(...)                                                                                  \
	do {                                                                                       \
		snprintf(err, err_size, __VA_ARGS__);                                              \
		rc = SN_EINPUT;                                                                    \
		goto out;                                                                          \
	} while (0)

#define PATH_LEN 256 /* a field's path, for messages */

/* snprintf for paths, where cutting a very long path short is fine. */
__attribute__((format(printf, 3, 4))) static void pathf(char *out, size_t size, const char *fmt,
                                                        ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
}

sc_set *sc_set_new(void)
{
	return xcalloc(1, sizeof(sc_set));
}

void sc_set_free(sc_set *s)
{
	free(s);
}

sc_catalogue *sc_catalogue_new(void)
{
	return xcalloc(1, sizeof(sc_catalogue));
}

void sc_catalogue_free(sc_catalogue *c)
{
	free(c);
}

/* json_open_object quotes jansson's error text, which can hold a line break
 * from the input ("invalid escape near ..."): keep the message one line. */
static sn_err open_object(const char *text, size_t len, size_t max, json_t **out, char *err,
                          size_t err_size)
{
	sn_err rc = json_open_object(text, len, max, out, err, err_size);
	for (char *c = err; rc && err_size && *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return rc;
}

/* ---- field helpers: every message starts with the field's path ---- */

/* A copy of s that is safe inside a one-line message: at most 40 bytes,
 * anything but printable ASCII shown as '?'. */
static const char *shown(const char *s, char out[48])
{
	size_t n = 0;
	for (; s && s[n] && n < 40; n++)
		out[n] = (s[n] >= 0x20 && s[n] < 0x7f && s[n] != '"') ? s[n] : '?';
	if (s && s[n])
		out[n++] = '.', out[n++] = '.', out[n++] = '.';
	out[n] = 0;
	return out;
}

/* "path.field" or "field" at the top level. */
static const char *at(char out[PATH_LEN], const char *path, const char *field)
{
	pathf(out, PATH_LEN, "%s%s%s", path, path[0] ? "." : "", field);
	return out;
}

static sn_err only_fields(json_t *o, const char *path, const char *const *fields, size_t n,
                          const char *list, char *err, size_t err_size)
{
	const char *key;
	json_t *v;
	char p[PATH_LEN], k[48];
	json_object_foreach(o, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(key, fields[i]) == 0;
		if (!known) {
			snprintf(err, err_size, "%s: unknown field (fields: %s)",
			         at(p, path, shown(key, k)), list);
			return SN_EINPUT;
		}
	}
	return SN_OK;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Text of at most size - 1 bytes; "" when optional and absent. */
static sn_err get_text(json_t *o, const char *path, const char *field, bool required, char *out,
                       size_t size, char *err, size_t err_size)
{
	char p[PATH_LEN];
	json_t *v = json_object_get(o, field);
	out[0] = 0;
	if (!v) {
		if (!required)
			return SN_OK;
		snprintf(err, err_size, "%s: missing", at(p, path, field));
		return SN_EINPUT;
	}
	const char *s = json_string_value(v);
	if (!s) {
		snprintf(err, err_size, "%s: must be text", at(p, path, field));
		return SN_EINPUT;
	}
	size_t n = json_string_length(v);
	if (n != strlen(s) || has_control(s)) {
		snprintf(err, err_size,
		         "%s: must not contain control characters such as line breaks",
		         at(p, path, field));
		return SN_EINPUT;
	}
	if (required && n == 0) {
		snprintf(err, err_size, "%s: must not be empty", at(p, path, field));
		return SN_EINPUT;
	}
	if (n >= size) {
		snprintf(err, err_size, "%s: too long (at most %zu bytes)", at(p, path, field),
		         size - 1);
		return SN_EINPUT;
	}
	memcpy(out, s, n + 1);
	return SN_OK;
}

static sn_err check_key(json_t *v, const char *where, char out[SC_KEY_MAX], char *err,
                        size_t err_size)
{
	char k[48];
	const char *s = json_string_value(v);
	if (!s) {
		snprintf(err, err_size, "%s: must be text (a key)", where);
		return SN_EINPUT;
	}
	if (json_string_length(v) != strlen(s) || !sc_key_valid(s)) {
		snprintf(err, err_size,
		         "%s: \"%s\" is not a key (lower-case letters, digits, _ and -, starting "
		         "with a letter, at most %d bytes)",
		         where, shown(s, k), SC_KEY_MAX - 1);
		return SN_EINPUT;
	}
	snprintf(out, SC_KEY_MAX, "%s", s);
	return SN_OK;
}

static sn_err get_key(json_t *o, const char *path, const char *field, char out[SC_KEY_MAX],
                      char *err, size_t err_size)
{
	char p[PATH_LEN];
	json_t *v = json_object_get(o, field);
	if (!v) {
		snprintf(err, err_size, "%s: missing", at(p, path, field));
		return SN_EINPUT;
	}
	return check_key(v, at(p, path, field), out, err, err_size);
}

static sn_err get_int(json_t *o, const char *path, const char *field, bool required, long long min,
                      long long max, long long *out, char *err, size_t err_size)
{
	char p[PATH_LEN];
	json_t *v = json_object_get(o, field);
	if (!v) {
		if (!required)
			return SN_OK;
		snprintf(err, err_size, "%s: missing (a whole number from %lld to %lld)",
		         at(p, path, field), min, max);
		return SN_EINPUT;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		snprintf(err, err_size, "%s: must be a whole number from %lld to %lld",
		         at(p, path, field), min, max);
		return SN_EINPUT;
	}
	*out = json_integer_value(v);
	return SN_OK;
}

/* An optional array of at most max elements; *arr is NULL when absent. */
static sn_err get_array(json_t *o, const char *path, const char *field, size_t min, size_t max,
                        json_t **arr, char *err, size_t err_size)
{
	char p[PATH_LEN];
	json_t *v = json_object_get(o, field);
	*arr = NULL;
	if (!v) {
		if (min == 0)
			return SN_OK;
		snprintf(err, err_size, "%s: missing (a list)", at(p, path, field));
		return SN_EINPUT;
	}
	if (!json_is_array(v)) {
		snprintf(err, err_size, "%s: must be a list", at(p, path, field));
		return SN_EINPUT;
	}
	if (json_array_size(v) < min || json_array_size(v) > max) {
		if (json_array_size(v) < min)
			snprintf(err, err_size, "%s: must have at least %zu", at(p, path, field),
			         min);
		else
			snprintf(err, err_size, "%s: must have at most %zu", at(p, path, field),
			         max);
		return SN_EINPUT;
	}
	*arr = v;
	return SN_OK;
}

static int outcome_parse(const char *s)
{
	for (size_t i = 0; s && i < elig_n_outcomes(false); i++)
		if (strcmp(elig_outcome_key(false, i), s) == 0)
			return (int)i;
	return -1;
}

#define OUTCOME_LIST                                                                               \
	"nutrition, personal_hygiene, toilet_needs, clothing, home_safety, habitable_home, "       \
	"relationships, work_education_volunteering, community_facilities, caring_for_child"

/* ---- question sets ---- */

static const char *const set_fields[] = {"id",   "version", "title", "intro",
                                         "note", "advice",  "topics"};
static const char *const advice_fields[] = {"id", "title", "text"};
static const char *const topic_fields[] = {"key", "title", "intro", "questions"};
static const char *const question_fields[] = {"key",     "text",    "hint",    "error",   "kind",
                                              "choices", "show_if", "effects", "measures"};
static const char *const choice_fields[] = {"key", "label"};
static const char *const show_if_fields[] = {"question", "answers"};
static const char *const effect_fields[] = {"said",      "needs",  "flags",
                                            "equipment", "advice", "directory"};
static const char *const need_fields[] = {"outcome", "way"};

static const struct {
	const char *key;
	unsigned flag;
} flag_names[] = {
    {"impairment", SC_FLAG_IMPAIRMENT},
    {"wellbeing_impact", SC_FLAG_WELLBEING},
    {"carer", SC_FLAG_CARER},
    {"carer_impact", SC_FLAG_CARER_IMPACT},
};

/* Whether the JSON has a question called key anywhere (called when it is not
 * an earlier one, for a clearer message about show_if). */
static bool later_question(json_t *topics, const char *key)
{
	size_t ti, qi;
	json_t *t, *q;
	json_array_foreach(topics, ti, t)
	{
		json_array_foreach(json_object_get(t, "questions"), qi,
		                   q) if (json_is_string(json_object_get(q, "key")) &&
		                          strcmp(json_string_value(json_object_get(q, "key")),
		                                 key) == 0) return true;
	}
	return false;
}

static sn_err parse_show_if(json_t *jq, const char *path, json_t *topics, sc_set *s, sc_question *q,
                            size_t self, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	char p[PATH_LEN], key[SC_KEY_MAX], k[48];
	json_t *v = json_object_get(jq, "show_if");
	if (!v)
		return SN_OK;
	char sp[PATH_LEN];
	at(sp, path, "show_if");
	if (!json_is_object(v))
		FAIL("%s: must be an object {\"question\": KEY, \"answers\": [ANSWER, ...]}", sp);
	if ((rc = only_fields(v, sp, show_if_fields, SN_ARRAY_LEN(show_if_fields),
	                      "question, answers", err, err_size)))
		goto out;
	rc = get_key(v, sp, "question", key, err, err_size);
	if (rc)
		goto out;
	long target = sc_question_index(s, key);
	if (target < 0 || (size_t)target >= self) {
		if (strcmp(key, q->key) == 0)
			FAIL("%s: a question cannot depend on itself", at(p, sp, "question"));
		if (later_question(topics, key))
			FAIL("%s: \"%s\" comes later; a question can only depend on one before it",
			     at(p, sp, "question"), key);
		FAIL("%s: there is no question \"%s\"", at(p, sp, "question"), key);
	}
	const sc_question *t = &s->questions[target];
	json_t *answers;
	rc = get_array(v, sp, "answers", 1, SC_MAX_CHOICES, &answers, err, err_size);
	if (rc)
		goto out;
	size_t i;
	json_t *a;
	json_array_foreach(answers, i, a)
	{
		char ap[PATH_LEN];
		pathf(ap, sizeof ap, "%s.answers[%zu]", sp, i);
		long c = sc_choice_index(t, json_string_value(a));
		if (c < 0)
			FAIL("%s: \"%s\" is not an answer to %s", ap,
			     shown(json_string_value(a), k), t->key);
		q->show_if_choices |= 1u << c;
	}
	q->has_show_if = true;
	q->show_if_question = (size_t)target;
out:
	return rc;
}

/* Appends the keys in list `field` of an effect as suggestions of kind. */
static sn_err parse_suggestions(json_t *e, const char *path, const char *field,
                                sc_suggestion_kind kind, const sc_set *s, sc_choice *ch, char *err,
                                size_t err_size)
{
	sn_err rc;
	json_t *arr;
	if ((rc = get_array(e, path, field, 0, SC_MAX_SUGGESTIONS, &arr, err, err_size)) || !arr)
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		char p[PATH_LEN], key[SC_KEY_MAX];
		pathf(p, sizeof p, "%s.%s[%zu]", path, field, i);
		rc = check_key(v, p, key, err, err_size);
		if (rc)
			return rc;
		if (kind == SC_ADVICE && sc_advice_index(s, key) < 0) {
			snprintf(err, err_size, "%s: \"%s\" is not an id in the set's advice", p,
			         key);
			return SN_EINPUT;
		}
		for (size_t k = 0; k < ch->n_suggestions; k++)
			if (ch->suggestions[k].kind == kind &&
			    strcmp(ch->suggestions[k].key, key) == 0) {
				snprintf(err, err_size, "%s: \"%s\" is listed twice", p, key);
				return SN_EINPUT;
			}
		if (ch->n_suggestions >= SC_MAX_SUGGESTIONS) {
			snprintf(err, err_size,
			         "%s: more than %d suggestions (equipment, advice and directory "
			         "together) for one answer",
			         p, SC_MAX_SUGGESTIONS);
			return SN_EINPUT;
		}
		sc_suggestion *sg = &ch->suggestions[ch->n_suggestions++];
		sg->kind = kind;
		snprintf(sg->key, sizeof sg->key, "%s", key);
	}
	return SN_OK;
}

static sn_err parse_effect(json_t *e, const char *path, const sc_set *s, sc_choice *ch, char *err,
                           size_t err_size)
{
	sn_err rc = SN_OK;
	char p[PATH_LEN], k[48];
	if (!json_is_object(e))
		FAIL("%s: must be an object (said, needs, flags, equipment, advice, directory)",
		     path);
	if ((rc = only_fields(e, path, effect_fields, SN_ARRAY_LEN(effect_fields),
	                      "said, needs, flags, equipment, advice, directory", err, err_size)) ||
	    (rc = get_text(e, path, "said", false, ch->said, sizeof ch->said, err, err_size)))
		goto out;
	json_t *arr;
	size_t i;
	json_t *v;
	rc = get_array(e, path, "needs", 0, SC_MAX_NEEDS, &arr, err, err_size);
	if (rc)
		goto out;
	json_array_foreach(arr, i, v)
	{
		pathf(p, sizeof p, "%s.needs[%zu]", path, i);
		if (!json_is_object(v))
			FAIL("%s: must be an object {\"outcome\": KEY, \"way\": WAY}", p);
		if ((rc = only_fields(v, p, need_fields, SN_ARRAY_LEN(need_fields), "outcome, way",
		                      err, err_size)))
			goto out;
		const char *os = json_string_value(json_object_get(v, "outcome"));
		int o = outcome_parse(os);
		if (o < 0)
			FAIL("%s.outcome: \"%s\" is not one of " OUTCOME_LIST, p, shown(os, k));
		int w = elig_way_parse(json_string_value(json_object_get(v, "way")));
		if (w <= ELIG_ACHIEVED)
			FAIL("%s.way: must be one of without_assistance, pain_distress_anxiety, "
			     "endangers_safety, takes_longer",
			     p);
		for (size_t j = 0; j < ch->n_needs; j++)
			if (ch->needs[j].outcome == (size_t)o)
				FAIL("%s.outcome: %s is listed twice for this answer", p, os);
		ch->needs[ch->n_needs++] = (sc_need){(size_t)o, (elig_way)w};
	}
	rc = get_array(e, path, "flags", 0, SN_ARRAY_LEN(flag_names), &arr, err, err_size);
	if (rc)
		goto out;
	json_array_foreach(arr, i, v)
	{
		const char *f = json_string_value(v);
		unsigned flag = 0;
		for (size_t j = 0; f && j < SN_ARRAY_LEN(flag_names); j++)
			if (strcmp(flag_names[j].key, f) == 0)
				flag = flag_names[j].flag;
		if (!flag)
			FAIL("%s.flags[%zu]: \"%s\" is not one of impairment, wellbeing_impact, "
			     "carer, carer_impact",
			     path, i, shown(f, k));
		if (ch->flags & flag)
			FAIL("%s.flags[%zu]: %s is listed twice", path, i, f);
		ch->flags |= flag;
	}
	if ((rc = parse_suggestions(e, path, "equipment", SC_EQUIPMENT, s, ch, err, err_size)) ||
	    (rc = parse_suggestions(e, path, "advice", SC_ADVICE, s, ch, err, err_size)) ||
	    (rc = parse_suggestions(e, path, "directory", SC_DIRECTORY, s, ch, err, err_size)))
		goto out;
out:
	return rc;
}

/* The answers of question q from its "kind" and "choices": yes and no, or
 * the choices listed. */
static sn_err parse_choices(json_t *jq, const char *path, sc_question *q, char *err,
                            size_t err_size)
{
	sn_err rc = SN_OK;
	char p[PATH_LEN];
	const char *kind = json_string_value(json_object_get(jq, "kind"));
	json_t *choices = json_object_get(jq, "choices");
	if (kind && strcmp(kind, "yes_no") == 0) {
		q->kind = SC_YES_NO;
		if (choices)
			FAIL("%s: only for \"kind\": \"choice\" (yes_no answers are yes and no)",
			     at(p, path, "choices"));
		q->n_choices = 2;
		snprintf(q->choices[0].key, SC_KEY_MAX, "yes");
		snprintf(q->choices[0].label, SC_LABEL_MAX, "Yes");
		snprintf(q->choices[1].key, SC_KEY_MAX, "no");
		snprintf(q->choices[1].label, SC_LABEL_MAX, "No");
		if (!q->error[0])
			snprintf(q->error, sizeof q->error, "Select yes or no");
		return SN_OK;
	}
	if (!kind || strcmp(kind, "choice") != 0)
		FAIL("%s: must be \"yes_no\" or \"choice\"", at(p, path, "kind"));
	q->kind = SC_CHOICE;
	char cp[PATH_LEN];
	at(cp, path, "choices");
	rc = get_array(jq, path, "choices", 2, SC_MAX_CHOICES, &choices, err, err_size);
	if (rc)
		goto out;
	size_t i;
	json_t *c;
	json_array_foreach(choices, i, c)
	{
		char ip[PATH_LEN];
		pathf(ip, sizeof ip, "%s[%zu]", cp, i);
		sc_choice *ch = &q->choices[i];
		if (!json_is_object(c))
			FAIL("%s: must be an object {\"key\": KEY, \"label\": TEXT}", ip);
		rc = only_fields(c, ip, choice_fields, SN_ARRAY_LEN(choice_fields), "key, label", err,
		                 err_size);
		if (!rc)
			rc = get_key(c, ip, "key", ch->key, err, err_size);
		if (!rc)
			rc = get_text(c, ip, "label", true, ch->label, sizeof ch->label, err, err_size);
		if (rc)
			goto out;
		if (sc_choice_index(q, ch->key) >= 0)
			FAIL("%s.key: \"%s\" is already the key of another answer", ip, ch->key);
		q->n_choices = i + 1;
	}
	if (!q->error[0])
		snprintf(q->error, sizeof q->error, "Select an answer");
out:
	return rc;
}

/* What each answer of question q means ("effects"), when given. */
static sn_err parse_effects(json_t *jq, const char *path, const sc_set *s, sc_question *q,
                            char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	char k[48];
	json_t *effects = json_object_get(jq, "effects");
	if (!effects)
		return SN_OK;
	char ep[PATH_LEN];
	at(ep, path, "effects");
	if (!json_is_object(effects))
		FAIL("%s: must be an object of ANSWER: {...}", ep);
	const char *ans;
	json_t *e;
	json_object_foreach(effects, ans, e)
	{
		char ap[PATH_LEN];
		pathf(ap, sizeof ap, "%s.%s", ep, shown(ans, k));
		long c = sc_choice_index(q, ans);
		if (c < 0)
			FAIL("%s: \"%s\" is not an answer to this question", ap, shown(ans, k));
		rc = parse_effect(e, ap, s, &q->choices[c], err, err_size);
		if (rc)
			goto out;
	}
out:
	return rc;
}

static sn_err parse_question(json_t *jq, const char *path, json_t *topics, sc_set *s, size_t topic,
                             bool *have_loneliness, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	char p[PATH_LEN];
	if (s->n_questions >= SC_MAX_QUESTIONS)
		FAIL("%s: more than %d questions in the set", path, SC_MAX_QUESTIONS);
	size_t self = s->n_questions;
	sc_question *q = &s->questions[self];
	memset(q, 0, sizeof *q);
	q->topic = topic;
	if (!json_is_object(jq))
		FAIL("%s: must be an object", path);
	rc = only_fields(jq, path, question_fields, SN_ARRAY_LEN(question_fields),
	                 "key, text, hint, error, kind, choices, show_if, effects, measures", err,
	                 err_size);
	if (!rc)
		rc = get_key(jq, path, "key", q->key, err, err_size);
	if (rc)
		goto out;
	if (sc_question_index(s, q->key) >= 0)
		FAIL("%s: \"%s\" is already the key of another question", at(p, path, "key"),
		     q->key);
	rc = get_text(jq, path, "text", true, q->text, sizeof q->text, err, err_size);
	if (!rc)
		rc = get_text(jq, path, "hint", false, q->hint, sizeof q->hint, err, err_size);
	if (!rc)
		rc = get_text(jq, path, "error", false, q->error, sizeof q->error, err, err_size);
	if (!rc)
		rc = parse_choices(jq, path, q, err, err_size);
	if (rc)
		goto out;
	json_t *m = json_object_get(jq, "measures");
	if (m) {
		if (!json_is_string(m) || strcmp(json_string_value(m), "loneliness") != 0)
			FAIL("%s: must be \"loneliness\" (the direct question \"How often do you "
			     "feel lonely?\")",
			     at(p, path, "measures"));
		if (q->kind != SC_CHOICE)
			FAIL("%s: the loneliness question must be a choice",
			     at(p, path, "measures"));
		if (*have_loneliness)
			FAIL("%s: only one question can measure loneliness",
			     at(p, path, "measures"));
		*have_loneliness = true;
		q->loneliness = true;
	}
	rc = parse_show_if(jq, path, topics, s, q, self, err, err_size);
	if (!rc)
		rc = parse_effects(jq, path, s, q, err, err_size);
	if (rc)
		goto out;
	s->n_questions++;
out:
	return rc;
}

sn_err sc_set_from_json(const char *text, size_t len, sc_set *out, char *err, size_t err_size)
{
	sn_err rc;
	json_t *o = NULL;
	memset(out, 0, sizeof *out);
	rc = open_object(text, len, SC_SET_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	long long version = 0;
	if ((rc = only_fields(o, "", set_fields, SN_ARRAY_LEN(set_fields),
	                      "id, version, title, intro, note, advice, topics", err, err_size)) ||
	    (rc = get_key(o, "", "id", out->id, err, err_size)) ||
	    (rc = get_int(o, "", "version", true, 1, SC_MAX_VERSION, &version, err, err_size)) ||
	    (rc = get_text(o, "", "title", true, out->title, sizeof out->title, err, err_size)) ||
	    (rc = get_text(o, "", "intro", false, out->intro, sizeof out->intro, err, err_size)))
		goto out;
	out->version = (int)version;
	json_t *note = json_object_get(o, "note");
	if (note && !json_is_string(note))
		FAIL("note: must be text");

	json_t *arr;
	size_t i;
	json_t *v;
	rc = get_array(o, "", "advice", 0, SC_MAX_ADVICE, &arr, err, err_size);
	if (rc)
		goto out;
	json_array_foreach(arr, i, v)
	{
		char p[PATH_LEN];
		pathf(p, sizeof p, "advice[%zu]", i);
		sc_advice *ad = &out->advice[i];
		if (!json_is_object(v))
			FAIL("%s: must be an object {\"id\", \"title\", \"text\"}", p);
		if ((rc = only_fields(v, p, advice_fields, SN_ARRAY_LEN(advice_fields),
		                      "id, title, text", err, err_size)) ||
		    (rc = get_key(v, p, "id", ad->id, err, err_size)))
			goto out;
		if (sc_advice_index(out, ad->id) >= 0)
			FAIL("%s.id: \"%s\" is already the id of other advice", p, ad->id);
		if ((rc = get_text(v, p, "title", true, ad->title, sizeof ad->title, err,
		                   err_size)) ||
		    (rc = get_text(v, p, "text", true, ad->text, sizeof ad->text, err, err_size)))
			goto out;
		out->n_advice = i + 1;
	}

	json_t *topics;
	rc = get_array(o, "", "topics", 1, SC_MAX_TOPICS, &topics, err, err_size);
	if (rc)
		goto out;
	bool have_loneliness = false;
	json_array_foreach(topics, i, v)
	{
		char p[PATH_LEN];
		pathf(p, sizeof p, "topics[%zu]", i);
		sc_topic *t = &out->topics[i];
		if (!json_is_object(v))
			FAIL("%s: must be an object {\"key\", \"title\", \"questions\": [...]}", p);
		if ((rc = only_fields(v, p, topic_fields, SN_ARRAY_LEN(topic_fields),
		                      "key, title, intro, questions", err, err_size)) ||
		    (rc = get_key(v, p, "key", t->key, err, err_size)))
			goto out;
		if (sc_topic_index(out, t->key) >= 0)
			FAIL("%s.key: \"%s\" is already the key of another topic", p, t->key);
		if ((rc =
		         get_text(v, p, "title", true, t->title, sizeof t->title, err, err_size)) ||
		    (rc = get_text(v, p, "intro", false, t->intro, sizeof t->intro, err, err_size)))
			goto out;
		out->n_topics = i + 1;
		json_t *qs;
		rc = get_array(v, p, "questions", 1, SC_MAX_QUESTIONS, &qs, err, err_size);
		if (rc)
			goto out;
		t->first = out->n_questions;
		size_t j;
		json_t *jq;
		json_array_foreach(qs, j, jq)
		{
			char qp[PATH_LEN];
			pathf(qp, sizeof qp, "%s.questions[%zu]", p, j);
			if ((rc = parse_question(jq, qp, topics, out, i, &have_loneliness, err,
			                         err_size)))
				goto out;
		}
		t->n_questions = out->n_questions - t->first;
	}
out:
	json_decref(o);
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}

/* Is name "ID-vN"? Then id and N into out. */
static bool split_name(const char *name, char id[SC_KEY_MAX], long *version)
{
	const char *v = strrchr(name, '-');
	if (!v || v == name || v[1] != 'v' || !v[2] || (size_t)(v - name) >= SC_KEY_MAX)
		return false;
	long n = 0;
	for (const char *d = v + 2; *d; d++) {
		if (*d < '0' || *d > '9' || n > SC_MAX_VERSION)
			return false;
		n = n * 10 + (*d - '0');
	}
	memcpy(id, name, (size_t)(v - name));
	id[v - name] = 0;
	*version = n;
	return true;
}

sn_err sc_set_load(const char *name, sc_set *out, char *err, size_t err_size)
{
	char k[48], file[96];
	memset(out, 0, sizeof *out);
	if (!sc_key_valid(name)) {
		snprintf(err, err_size, "set: \"%s\" is not a set name (like daily-living-v1)",
		         shown(name, k));
		return SN_EINPUT;
	}
	const embed_file *f = NULL;
	snprintf(file, sizeof file, "selfcheck/%s.json", name);
	f = embed_find(embed_data, file);
	if (!f) {
		/* "daily-living": the highest version shipped. */
		long best = 0;
		for (const embed_file *e = embed_data; e->name; e++) {
			char eid[SC_KEY_MAX], base[SC_KEY_MAX + 16];
			long ev;
			size_t n = strlen(e->name);
			if (!str_starts(e->name, "selfcheck/") || n < 15 ||
			    strcmp(e->name + n - 5, ".json") != 0 || n - 15 >= sizeof base)
				continue;
			memcpy(base, e->name + 10, n - 15);
			base[n - 15] = 0;
			if (split_name(base, eid, &ev) && strcmp(eid, name) == 0 && ev > best) {
				best = ev;
				f = e;
			}
		}
	}
	if (!f) {
		snprintf(err, err_size, "set: no self-check set called %s", name);
		return SN_ENOTFOUND;
	}
	sn_err rc = sc_set_from_json((const char *)f->data, f->len, out, err, err_size);
	if (rc)
		return rc;
	/* The file's name must say what the file says it is. */
	const char *base = f->name + 10;
	size_t bn = strlen(base) - 5;
	char want[SC_KEY_MAX + 16];
	snprintf(want, sizeof want, "%s-v%d", out->id, out->version);
	if (strlen(want) != bn || strncmp(want, base, bn) != 0) {
		snprintf(err, err_size, "%s: says it is %s", f->name, want);
		memset(out, 0, sizeof *out);
		return SN_EINPUT;
	}
	return SN_OK;
}

/* ---- the equipment catalogue ---- */

static const char *const catalogue_fields[] = {"version", "note", "items"};
static const char *const item_fields[] = {"key",
                                          "name",
                                          "description",
                                          "outcomes",
                                          "topics",
                                          "supply",
                                          "telecare",
                                          "standard_cost_pence",
                                          "retail_credit_pence",
                                          "price_min_pence",
                                          "price_max_pence"};

static sn_err parse_item(json_t *v, const char *p, sc_catalogue *c, sc_item *it, char *err,
                         size_t err_size)
{
	sn_err rc = SN_OK;
	char q[PATH_LEN], k[48];
	if (!json_is_object(v))
		FAIL("%s: must be an object", p);
	if ((rc = only_fields(
	         v, p, item_fields, SN_ARRAY_LEN(item_fields),
	         "key, name, description, outcomes, topics, supply, telecare, standard_cost_pence, "
	         "retail_credit_pence, price_min_pence, price_max_pence",
	         err, err_size)) ||
	    (rc = get_key(v, p, "key", it->key, err, err_size)))
		goto out;
	if (sc_catalogue_index(c, it->key) >= 0)
		FAIL("%s.key: \"%s\" is already the key of another item", p, it->key);
	if ((rc = get_text(v, p, "name", true, it->name, sizeof it->name, err, err_size)) ||
	    (rc = get_text(v, p, "description", true, it->description, sizeof it->description, err,
	                   err_size)))
		goto out;
	json_t *arr, *e;
	size_t i;
	rc = get_array(v, p, "outcomes", 0, ELIG_ADULT_OUTCOMES, &arr, err, err_size);
	if (rc)
		goto out;
	json_array_foreach(arr, i, e)
	{
		const char *os = json_string_value(e);
		int o = outcome_parse(os);
		if (o < 0)
			FAIL("%s.outcomes[%zu]: \"%s\" is not one of " OUTCOME_LIST, p, i,
			     shown(os, k));
		if (it->outcomes & (1u << o))
			FAIL("%s.outcomes[%zu]: %s is listed twice", p, i, os);
		it->outcomes |= 1u << o;
	}
	rc = get_array(v, p, "topics", 0, SC_MAX_ITEM_TOPICS, &arr, err, err_size);
	if (rc)
		goto out;
	json_array_foreach(arr, i, e)
	{
		pathf(q, sizeof q, "%s.topics[%zu]", p, i);
		rc = check_key(e, q, it->topics[i], err, err_size);
		if (rc)
			goto out;
		for (size_t j = 0; j < i; j++)
			if (strcmp(it->topics[j], it->topics[i]) == 0)
				FAIL("%s: %s is listed twice", q, it->topics[i]);
		it->n_topics = i + 1;
	}
	if (!it->outcomes && !it->n_topics)
		FAIL("%s.outcomes: the item must meet a need: list outcomes, topics or both", p);
	json_t *tc = json_object_get(v, "telecare");
	if (tc && !json_is_boolean(tc))
		FAIL("%s.telecare: must be true or false", p);
	it->telecare = json_is_true(tc);
	const char *supply = json_string_value(json_object_get(v, "supply"));
	long long n1 = 0, n2 = 0;
	if (supply && strcmp(supply, "loan") == 0) {
		it->supply = SC_LOAN;
		if (json_object_get(v, "price_min_pence") || json_object_get(v, "price_max_pence"))
			FAIL("%s.price_min_pence: only for \"supply\": \"buy\" (a loan item has "
			     "standard_cost_pence and retail_credit_pence)",
			     p);
		if ((rc = get_int(v, p, "standard_cost_pence", true, 1, SC_MAX_PENCE, &n1, err,
		                  err_size)) ||
		    (rc = get_int(v, p, "retail_credit_pence", true, 0, SC_MAX_PENCE, &n2, err,
		                  err_size)))
			goto out;
		if (n2 > n1)
			FAIL("%s.retail_credit_pence: must not be more than standard_cost_pence",
			     p);
		it->standard_cost_pence = n1;
		it->retail_credit_pence = n2;
	} else if (supply && strcmp(supply, "buy") == 0) {
		it->supply = SC_BUY;
		if (json_object_get(v, "standard_cost_pence") ||
		    json_object_get(v, "retail_credit_pence"))
			FAIL("%s.standard_cost_pence: only for \"supply\": \"loan\" (a buy item "
			     "has price_min_pence and price_max_pence)",
			     p);
		if ((rc = get_int(v, p, "price_min_pence", true, 1, SC_MAX_PENCE, &n1, err,
		                  err_size)) ||
		    (rc = get_int(v, p, "price_max_pence", true, 1, SC_MAX_PENCE, &n2, err,
		                  err_size)))
			goto out;
		if (n2 < n1)
			FAIL("%s.price_max_pence: must not be less than price_min_pence", p);
		it->price_min_pence = n1;
		it->price_max_pence = n2;
	} else {
		FAIL("%s.supply: must be \"loan\" or \"buy\"", p);
	}
out:
	return rc;
}

sn_err sc_catalogue_from_json(const char *text, size_t len, sc_catalogue *out, char *err,
                              size_t err_size)
{
	sn_err rc;
	json_t *o = NULL;
	memset(out, 0, sizeof *out);
	rc = open_object(text, len, SC_CATALOGUE_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	long long version = 0;
	json_t *items, *v;
	size_t i;
	if ((rc = only_fields(o, "", catalogue_fields, SN_ARRAY_LEN(catalogue_fields),
	                      "version, note, items", err, err_size)) ||
	    (rc = get_int(o, "", "version", true, 1, SC_MAX_VERSION, &version, err, err_size)) ||
	    (rc = get_text(o, "", "note", true, out->note, sizeof out->note, err, err_size)) ||
	    (rc = get_array(o, "", "items", 1, SC_MAX_ITEMS, &items, err, err_size)))
		goto out;
	out->version = (int)version;
	json_array_foreach(items, i, v)
	{
		char p[PATH_LEN];
		pathf(p, sizeof p, "items[%zu]", i);
		rc = parse_item(v, p, out, &out->items[i], err, err_size);
		if (rc)
			goto out;
		out->n_items = i + 1;
	}
out:
	json_decref(o);
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}

sn_err sc_catalogue_load(sc_catalogue *out, char *err, size_t err_size)
{
	const embed_file *f = embed_find(embed_data, "equipment/catalogue.json");
	if (!f) {
		memset(out, 0, sizeof *out);
		snprintf(err, err_size, "catalogue: data/equipment/catalogue.json is not built in");
		return SN_ENOTFOUND;
	}
	return sc_catalogue_from_json((const char *)f->data, f->len, out, err, err_size);
}

/* ---- answers ---- */

/* "yes, no" or "a, b, c" into out. */
static void answer_list(const sc_question *q, char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < q->n_choices && n < size; i++) {
		int w = snprintf(out + n, size - n, "%s%s", i ? ", " : "", q->choices[i].key);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

sn_err sc_answers_from_json(const sc_set *s, const char *text, size_t len, sc_answers *a, char *err,
                            size_t err_size)
{
	sn_err rc;
	json_t *o = NULL;
	sc_answers_init(a);
	rc = open_object(text, len, SC_ANSWERS_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	const char *key;
	json_t *v;
	char k[48], list[SC_MAX_CHOICES * SC_KEY_MAX];
	json_object_foreach(o, key, v)
	{
		long q = sc_question_index(s, key);
		if (q < 0)
			FAIL("%s: not a question of the set %s version %d", shown(key, k), s->id,
			     s->version);
		const sc_question *qq = &s->questions[q];
		answer_list(qq, list, sizeof list);
		if (!json_is_string(v) || sc_choice_index(qq, json_string_value(v)) < 0)
			FAIL("%s: must be one of %s", key, list);
		rc = sc_answers_set(a, key, json_string_value(v));
		if (rc)
			FAIL("%s: cannot be stored", key);
	}
out:
	json_decref(o);
	if (rc)
		sc_answers_init(a);
	return rc;
}
