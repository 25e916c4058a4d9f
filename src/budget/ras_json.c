/* The JSON edges of the RAS: schemes, `rules ras` cases, results and what-if tables (the rules
 * themselves are in ras.c). */
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "../base/jsonin.h"
#include "ras.h"

#define FAIL(...)                                                                                  \
	do {                                                                                       \
		snprintf(err, err_size, __VA_ARGS__);                                              \
		rc = SN_EINPUT;                                                                    \
		goto out;                                                                          \
	} while (0)

/* A whole number, or bad when v is not one (or is absurdly large): the
 * ranges themselves are ras_scheme_check's, so its messages are the only ones. */
static int64_t number_or(json_t *v, int64_t bad)
{
	if (!json_is_integer(v))
		return bad;
	json_int_t i = json_integer_value(v);
	if (i < -1000000000000LL || i > 1000000000000LL)
		return bad;
	return (int64_t)i;
}

/* Only the listed keys (NULL-terminated); the first other one names the error. */
static const char *unknown_key(json_t *o, const char *const *known)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool ok = false;
		for (const char *const *k = known; *k && !ok; k++)
			ok = strcmp(key, *k) == 0;
		if (!ok)
			return key;
	}
	return NULL;
}

/* Copies a string field into dst. required: missing is an error; otherwise
 * missing leaves dst empty. */
static sn_err get_text(json_t *o, const char *key, bool required, char *dst, size_t size,
                       const char *path, char *err, size_t err_size)
{
	json_t *v = json_object_get(o, key);
	dst[0] = 0;
	if (!v && !required)
		return SN_OK;
	if (!json_is_string(v)) {
		snprintf(err, err_size, "%s%s: %s", path, key,
		         v ? "must be a string" : "missing (a string)");
		return SN_EINPUT;
	}
	if (json_string_length(v) >= size) {
		snprintf(err, err_size, "%s%s: longer than %zu bytes", path, key, size - 1);
		return SN_EINPUT;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		snprintf(err, err_size, "%s%s: must not contain a NUL character", path, key);
		return SN_EINPUT;
	}
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return SN_OK;
}

/* ---- schemes ---- */

static const char *const scheme_fields[] = {
    "id",       "version",   "name",          "status", "description", "years", "hourly_rate_pence",
    "rounding", "questions", "client_groups", NULL};
static const char *const rounding_fields[] = {"mode", "step_pence", NULL};
static const char *const question_fields[] = {"key",     "label",           "description", "required",
                                              "answers", "from_assessment", NULL};
static const char *const from_question_fields[] = {"outcomes", "ways", NULL};
static const char *const from_group_fields[] = {"support_reasons", "min_age", "max_age", NULL};
static const char *const answer_fields[] = {"key", "label", "points", NULL};
static const char *const group_fields[] = {
    "key",          "label", "description", "floor_pence", "ceiling_pence", "price_per_point_pence",
    "from_assessment", NULL};

/* A question's "from_assessment": {"outcomes": [OUTCOME, ...], "ways":
 * {WAY: ANSWER or null}}. A way not listed gives no answer (the worker
 * gives it); null leaves an optional question out. The rest is
 * ras_scheme_check's (outcome keys, null only when not required). */
static sn_err question_from_assessment(json_t *o, size_t i, ras_question *q, char *err,
                                       size_t err_size)
{
	sn_err rc = SN_OK;
	ras_from_assessment *f = &q->from;
	if (!json_is_object(o))
		FAIL("questions[%zu].from_assessment: must be an object {\"outcomes\", \"ways\"}", i);
	const char *bad = unknown_key(o, from_question_fields);
	if (bad)
		FAIL("questions[%zu].from_assessment.%s: unknown field", i, str_key_clip(bad, 64, (char[65]){0}));
	json_t *outs = json_object_get(o, "outcomes");
	if (!json_is_array(outs) || json_array_size(outs) < 1 ||
	    json_array_size(outs) > RAS_MAX_FROM_OUTCOMES)
		FAIL("questions[%zu].from_assessment.outcomes: must list 1 to %d outcomes of a needs "
		     "assessment",
		     i, RAS_MAX_FROM_OUTCOMES);
	size_t k;
	json_t *v;
	json_array_foreach(outs, k, v)
	{
		const char *key = json_string_value(v);
		if (!key || strlen(key) >= RAS_KEY_MAX)
			FAIL("questions[%zu].from_assessment.outcomes[%zu]: must be an outcome's key", i,
			     k);
		snprintf(f->outcomes[k], sizeof f->outcomes[k], "%s", key);
		f->n_outcomes++;
	}
	for (int w = 0; w < ELIG_N_WAYS; w++)
		f->answer_of_way[w] = RAS_FROM_UNMAPPED;
	json_t *ways = json_object_get(o, "ways");
	if (!json_is_object(ways))
		FAIL("questions[%zu].from_assessment.ways: missing or not an object of way: answer", i);
	const char *way;
	json_object_foreach(ways, way, v)
	{
		int w = elig_way_parse(way);
		if (w < 0)
			FAIL("questions[%zu].from_assessment.ways.%s: not a way of being unable "
			     "(none, without_assistance, pain_distress_anxiety, endangers_safety, "
			     "takes_longer)",
			     i, str_key_clip(way, 40, (char[41]){0}));
		if (json_is_null(v)) {
			f->answer_of_way[w] = RAS_FROM_LEFT_OUT;
			continue;
		}
		int a = json_is_string(v) ? ras_answer_index(q, json_string_value(v)) : -1;
		if (a < 0)
			FAIL("questions[%zu].from_assessment.ways.%s: not an answer to this question "
			     "(or null to leave it out)",
			     i, way);
		f->answer_of_way[w] = a;
	}
out:
	return rc;
}

static sn_err question_from_obj(json_t *o, size_t i, ras_question *q, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	char path[64];
	snprintf(path, sizeof path, "questions[%zu].", i);
	if (!json_is_object(o))
		FAIL("questions[%zu]: must be an object", i);
	const char *bad = unknown_key(o, question_fields);
	if (bad)
		FAIL("questions[%zu].%s: unknown field", i, str_key_clip(bad, 64, (char[65]){0}));
	if ((rc = get_text(o, "key", true, q->key, sizeof q->key, path, err, err_size)) ||
	    (rc = get_text(o, "label", true, q->label, sizeof q->label, path, err, err_size)) ||
	    (rc = get_text(o, "description", false, q->description, sizeof q->description, path,
	                   err, err_size)))
		goto out;
	json_t *req = json_object_get(o, "required");
	if (req && !json_is_boolean(req))
		FAIL("questions[%zu].required: must be true or false", i);
	q->required = !req || json_is_true(req);
	json_t *ans = json_object_get(o, "answers");
	if (!json_is_array(ans))
		FAIL("questions[%zu].answers: missing or not an array", i);
	if (json_array_size(ans) < RAS_MIN_ANSWERS || json_array_size(ans) > RAS_MAX_ANSWERS)
		FAIL("questions[%zu].answers: must have %d to %d answers", i, RAS_MIN_ANSWERS,
		     RAS_MAX_ANSWERS);
	size_t k;
	json_t *a;
	json_array_foreach(ans, k, a)
	{
		ras_answer *an = &q->answers[k];
		snprintf(path, sizeof path, "questions[%zu].answers[%zu].", i, k);
		if (!json_is_object(a))
			FAIL("questions[%zu].answers[%zu]: must be an object", i, k);
		bad = unknown_key(a, answer_fields);
		if (bad)
			FAIL("questions[%zu].answers[%zu].%s: unknown field", i, k, str_key_clip(bad, 64, (char[65]){0}));
		if ((rc = get_text(a, "key", true, an->key, sizeof an->key, path, err, err_size)) ||
		    (rc = get_text(a, "label", true, an->label, sizeof an->label, path, err,
		                   err_size)))
			goto out;
		int64_t p = number_or(json_object_get(a, "points"), -1);
		an->points = p < -1 || p > RAS_MAX_POINTS ? -1 : (int)p;
		q->n_answers++;
	}
	json_t *from = json_object_get(o, "from_assessment");
	if (from)
		rc = question_from_assessment(from, i, q, err, err_size);
out:
	return rc;
}

/* A group's "from_assessment": {"support_reasons": [REASON, ...],
 * "min_age", "max_age"} (ages optional). */
static sn_err group_from_assessment(json_t *o, size_t i, ras_group *g, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	if (!json_is_object(o))
		FAIL("client_groups[%zu].from_assessment: must be an object {\"support_reasons\", "
		     "\"min_age\", \"max_age\"}",
		     i);
	const char *bad = unknown_key(o, from_group_fields);
	if (bad)
		FAIL("client_groups[%zu].from_assessment.%s: unknown field", i, str_key_clip(bad, 64, (char[65]){0}));
	json_t *rs = json_object_get(o, "support_reasons");
	if (!json_is_array(rs) || json_array_size(rs) < 1 ||
	    json_array_size(rs) > RAS_N_SUPPORT_REASONS)
		FAIL("client_groups[%zu].from_assessment.support_reasons: must list 1 to %d reasons",
		     i, RAS_N_SUPPORT_REASONS);
	size_t k;
	json_t *v;
	json_array_foreach(rs, k, v)
	{
		int r = ras_support_reason_index(json_string_value(v));
		if (r < 0)
			FAIL("client_groups[%zu].from_assessment.support_reasons[%zu]: not a reason "
			     "for support (physical, sensory, memory_cognition, learning_disability, "
			     "mental_health, social)",
			     i, k);
		if (g->from_reasons & (1u << r))
			FAIL("client_groups[%zu].from_assessment.support_reasons[%zu]: listed twice",
			     i, k);
		g->from_reasons |= 1u << r;
	}
	static const char *const ages[] = {"min_age", "max_age"};
	int *dst[] = {&g->from_min_age, &g->from_max_age};
	for (size_t a = 0; a < 2; a++) {
		json_t *age = json_object_get(o, ages[a]);
		if (!age)
			continue;
		int64_t n = number_or(age, -1);
		if (n < 1 || n > RAS_MAX_AGE)
			FAIL("client_groups[%zu].from_assessment.%s: must be a whole number of years "
			     "from 1 to %d",
			     i, ages[a], RAS_MAX_AGE);
		*dst[a] = (int)n;
	}
out:
	return rc;
}

static sn_err group_from_obj(json_t *o, size_t i, ras_scheme *s, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	ras_group *g = &s->groups[i];
	char path[64];
	snprintf(path, sizeof path, "client_groups[%zu].", i);
	if (!json_is_object(o))
		FAIL("client_groups[%zu]: must be an object", i);
	const char *bad = unknown_key(o, group_fields);
	if (bad)
		FAIL("client_groups[%zu].%.64s: unknown field", i, bad);
	if ((rc = get_text(o, "key", true, g->key, sizeof g->key, path, err, err_size)) ||
	    (rc = get_text(o, "label", true, g->label, sizeof g->label, path, err, err_size)) ||
	    (rc = get_text(o, "description", false, g->description, sizeof g->description, path,
	                   err, err_size)))
		goto out;
	g->floor_pence = number_or(json_object_get(o, "floor_pence"), -1);
	g->ceiling_pence = number_or(json_object_get(o, "ceiling_pence"), -1);
	json_t *prices = json_object_get(o, "price_per_point_pence");
	if (!json_is_object(prices))
		FAIL("client_groups[%zu].price_per_point_pence: missing or not an object of year: "
		     "pence",
		     i);
	const char *year;
	json_t *v;
	json_object_foreach(prices, year, v)
	{
		int y = ras_year_index(s, year);
		if (y < 0)
			FAIL("client_groups[%zu].price_per_point_pence.%.16s: not one of the "
			     "scheme's years",
			     i, year);
		int64_t p = number_or(v, -1);
		g->price_pence[y] = p == 0 ? -1 : p; /* 0 would read as "no price" */
	}
	json_t *from = json_object_get(o, "from_assessment");
	if (from)
		rc = group_from_assessment(from, i, g, err, err_size);
out:
	return rc;
}

static sn_err scheme_from_obj(json_t *o, ras_scheme *s, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	memset(s, 0, sizeof *s);
	const char *bad = unknown_key(o, scheme_fields);
	if (bad)
		FAIL("%.64s: unknown field", bad);
	if ((rc = get_text(o, "id", true, s->id, sizeof s->id, "", err, err_size)) ||
	    (rc = get_text(o, "name", true, s->name, sizeof s->name, "", err, err_size)) ||
	    (rc = get_text(o, "status", true, s->status, sizeof s->status, "", err, err_size)) ||
	    (rc = get_text(o, "description", false, s->description, sizeof s->description, "", err,
	                   err_size)))
		goto out;
	if (!ras_scheme_id_ok(s->id))
		FAIL("id: must be 1 to %d of a-z, 0-9 and -, not starting with -", RAS_ID_MAX - 1);
	int64_t version = number_or(json_object_get(o, "version"), 0);
	s->version = version < 0 || version > RAS_MAX_VERSION ? 0 : (int)version;

	json_t *years = json_object_get(o, "years");
	if (!json_is_array(years))
		FAIL("years: missing or not an array of tax years like \"2025-26\"");
	if (json_array_size(years) < 1 || json_array_size(years) > RAS_MAX_YEARS)
		FAIL("years: must list 1 to %d tax years", RAS_MAX_YEARS);
	size_t i;
	json_t *v;
	json_array_foreach(years, i, v)
	{
		const char *y = json_string_value(v);
		if (!y || !ras_tax_year_ok(y))
			FAIL("years[%zu]: not a tax year like \"2025-26\"", i);
		snprintf(s->years[i], sizeof s->years[i], "%s", y);
		s->n_years++;
	}
	json_t *rates = json_object_get(o, "hourly_rate_pence");
	if (rates) {
		if (!json_is_object(rates))
			FAIL("hourly_rate_pence: must be an object of year: pence");
		const char *year;
		json_object_foreach(rates, year, v)
		{
			int y = ras_year_index(s, year);
			if (y < 0)
				FAIL("hourly_rate_pence.%.16s: not one of the scheme's years",
				     year);
			int64_t p = number_or(v, -1);
			s->hourly_rate_pence[y] = p == 0 ? -1 : p;
		}
	}

	json_t *r = json_object_get(o, "rounding");
	if (!json_is_object(r))
		FAIL("rounding: missing or not an object {\"mode\", \"step_pence\"}");
	bad = unknown_key(r, rounding_fields);
	if (bad)
		FAIL("rounding.%.64s: unknown field", bad);
	const char *mode = json_string_value(json_object_get(r, "mode"));
	if (mode && strcmp(mode, "up") == 0)
		s->rounding = RAS_ROUND_UP;
	else if (mode && strcmp(mode, "down") == 0)
		s->rounding = RAS_ROUND_DOWN;
	else if (mode && strcmp(mode, "nearest") == 0)
		s->rounding = RAS_ROUND_NEAREST;
	else
		FAIL("rounding.mode: must be \"up\", \"down\" or \"nearest\"");
	s->rounding_step_pence = number_or(json_object_get(r, "step_pence"), 0);

	json_t *qs = json_object_get(o, "questions");
	if (!json_is_array(qs))
		FAIL("questions: missing or not an array");
	if (json_array_size(qs) < 1 || json_array_size(qs) > RAS_MAX_QUESTIONS)
		FAIL("questions: must have 1 to %d questions", RAS_MAX_QUESTIONS);
	json_array_foreach(qs, i, v)
	{
		rc = question_from_obj(v, i, &s->questions[i], err, err_size);
		if (rc)
			goto out;
		s->n_questions++;
	}
	json_t *gs = json_object_get(o, "client_groups");
	if (!json_is_array(gs))
		FAIL("client_groups: missing or not an array");
	if (json_array_size(gs) < 1 || json_array_size(gs) > RAS_MAX_GROUPS)
		FAIL("client_groups: must have 1 to %d client groups", RAS_MAX_GROUPS);
	json_array_foreach(gs, i, v)
	{
		rc = group_from_obj(v, i, s, err, err_size);
		if (rc)
			goto out;
		s->n_groups++;
	}
	rc = ras_scheme_check(s, err, err_size);
out:
	return rc;
}

sn_err ras_scheme_from_json(const char *text, size_t len, ras_scheme *out, char *err,
                            size_t err_size)
{
	json_t *o;
	memset(out, 0, sizeof *out);
	sn_err rc = json_open_object(text, len, RAS_SCHEME_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	rc = scheme_from_obj(o, out, err, err_size);
	json_decref(o);
	return rc;
}

/* "ashby-vale-2025-v1, ...": the embedded schemes, for error messages. */
static void list_schemes(char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (const embed_file *f = embed_data; f->name; f++) {
		if (strncmp(f->name, "ras/", 4) != 0)
			continue;
		const char *id = f->name + 4;
		size_t l = strlen(id);
		if (l > 5 && strcmp(id + l - 5, ".json") == 0)
			l -= 5;
		int w = snprintf(out + n, size - n, "%s%.*s", n ? ", " : "", (int)l, id);
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
	}
}

sn_err ras_scheme_load(const char *id, ras_scheme *out, char *err, size_t err_size)
{
	char name[RAS_ID_MAX + 16], known[512];
	memset(out, 0, sizeof *out);
	if (!ras_scheme_id_ok(id)) {
		snprintf(err, err_size, "scheme: '%.64s' is not a scheme id (a-z, 0-9 and -)", id);
		return SN_EINPUT;
	}
	snprintf(name, sizeof name, "ras/%s.json", id);
	const embed_file *f = embed_find(embed_data, name);
	if (!f) {
		list_schemes(known, sizeof known);
		snprintf(err, err_size, "scheme: no scheme called %s (schemes: %s)", id, known);
		return SN_ENOTFOUND;
	}
	char inner[1024];
	sn_err rc = ras_scheme_from_json((const char *)f->data, f->len, out, inner, sizeof inner);
	if (rc) {
		snprintf(err, err_size, "scheme: data/ras/%s.json: %s", id, inner);
		return SN_EINPUT;
	}
	if (strcmp(out->id, id) != 0) {
		snprintf(err, err_size, "scheme: data/ras/%s.json says its id is %s", id, out->id);
		return SN_EINPUT;
	}
	return SN_OK;
}

static json_t *from_question_to_json(const ras_question *q)
{
	json_t *outs = json_array(), *ways = json_object();
	for (size_t k = 0; k < q->from.n_outcomes; k++)
		json_array_append_new(outs, json_string(q->from.outcomes[k]));
	for (int w = 0; w < ELIG_N_WAYS; w++) {
		int a = q->from.answer_of_way[w];
		if (a == RAS_FROM_LEFT_OUT)
			json_object_set_new(ways, elig_way_key((elig_way)w), json_null());
		else if (a >= 0 && a < (int)q->n_answers)
			json_object_set_new(ways, elig_way_key((elig_way)w),
			                    json_string(q->answers[a].key));
	}
	return json_pack("{s:o, s:o}", "outcomes", outs, "ways", ways);
}

static json_t *from_group_to_json(const ras_group *g)
{
	json_t *rs = json_array();
	for (size_t r = 0; r < RAS_N_SUPPORT_REASONS; r++)
		if (g->from_reasons & (1u << r))
			json_array_append_new(rs, json_string(ras_support_reason_key(r)));
	json_t *o = json_pack("{s:o}", "support_reasons", rs);
	if (g->from_min_age)
		json_object_set_new(o, "min_age", json_integer(g->from_min_age));
	if (g->from_max_age)
		json_object_set_new(o, "max_age", json_integer(g->from_max_age));
	return o;
}

json_t *ras_scheme_to_json(const ras_scheme *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(s->id));
	json_object_set_new(o, "version", json_integer(s->version));
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "status", json_string(s->status));
	if (s->description[0])
		json_object_set_new(o, "description", json_string(s->description));
	json_t *years = json_array(), *rates = json_object();
	for (size_t y = 0; y < s->n_years; y++) {
		json_array_append_new(years, json_string(s->years[y]));
		if (s->hourly_rate_pence[y])
			json_object_set_new(rates, s->years[y],
			                    json_integer(s->hourly_rate_pence[y]));
	}
	json_object_set_new(o, "years", years);
	if (json_object_size(rates))
		json_object_set_new(o, "hourly_rate_pence", rates);
	else
		json_decref(rates);
	json_object_set_new(o, "rounding",
	                    json_pack("{s:s, s:I}", "mode", ras_round_mode_name(s->rounding),
	                              "step_pence", (json_int_t)s->rounding_step_pence));
	json_t *qs = json_array();
	for (size_t i = 0; i < s->n_questions; i++) {
		const ras_question *q = &s->questions[i];
		json_t *jq = json_object();
		json_object_set_new(jq, "key", json_string(q->key));
		json_object_set_new(jq, "label", json_string(q->label));
		if (q->description[0])
			json_object_set_new(jq, "description", json_string(q->description));
		json_object_set_new(jq, "required", json_boolean(q->required));
		json_t *ans = json_array();
		for (size_t k = 0; k < q->n_answers; k++)
			json_array_append_new(
			    ans, json_pack("{s:s, s:s, s:i}", "key", q->answers[k].key, "label",
			                   q->answers[k].label, "points", q->answers[k].points));
		json_object_set_new(jq, "answers", ans);
		if (q->from.n_outcomes)
			json_object_set_new(jq, "from_assessment", from_question_to_json(q));
		json_array_append_new(qs, jq);
	}
	json_object_set_new(o, "questions", qs);
	json_t *gs = json_array();
	for (size_t i = 0; i < s->n_groups; i++) {
		const ras_group *g = &s->groups[i];
		json_t *jg = json_object();
		json_object_set_new(jg, "key", json_string(g->key));
		json_object_set_new(jg, "label", json_string(g->label));
		if (g->description[0])
			json_object_set_new(jg, "description", json_string(g->description));
		json_object_set_new(jg, "floor_pence", json_integer(g->floor_pence));
		json_object_set_new(jg, "ceiling_pence", json_integer(g->ceiling_pence));
		json_t *prices = json_object();
		for (size_t y = 0; y < s->n_years; y++)
			json_object_set_new(prices, s->years[y], json_integer(g->price_pence[y]));
		json_object_set_new(jg, "price_per_point_pence", prices);
		if (g->from_reasons)
			json_object_set_new(jg, "from_assessment", from_group_to_json(g));
		json_array_append_new(gs, jg);
	}
	json_object_set_new(o, "client_groups", gs);
	return o;
}

/* ---- cases ---- */

static const char *const case_fields[] = {"scheme", "year", "client_group", "answers", NULL};

sn_err ras_case_scheme_id(const char *text, size_t len, const char *scheme_opt,
                          char out[static RAS_ID_MAX], char *err, size_t err_size)
{
	json_t *o;
	out[0] = 0;
	sn_err rc = json_open_object(text, len, RAS_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	json_t *js = json_object_get(o, "scheme");
	const char *in_case = json_string_value(js);
	const char *id;
	if (js && (!in_case || !ras_scheme_id_ok(in_case)))
		FAIL("scheme: must be a scheme id like \"%s\"", RAS_DEFAULT_SCHEME);
	if (scheme_opt && !ras_scheme_id_ok(scheme_opt))
		FAIL("scheme: '%.64s' (from --scheme) is not a scheme id (a-z, 0-9 and -)",
		     scheme_opt);
	if (scheme_opt && in_case && strcmp(scheme_opt, in_case) != 0)
		FAIL("scheme: the case says %s but --scheme says %s", in_case, scheme_opt);
	id = scheme_opt ? scheme_opt : in_case ? in_case : RAS_DEFAULT_SCHEME;
	snprintf(out, RAS_ID_MAX, "%s", id);
out:
	json_decref(o);
	return rc;
}

/* "a, b, c" of up to n keys, each at stride bytes from the last. */
static void list_keys(const char *first, size_t stride, size_t n, char *out, size_t size)
{
	size_t used = 0;
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		int w =
		    snprintf(out + used, size - used, "%s%s", i ? ", " : "", first + i * stride);
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
	}
}

sn_err ras_case_from_json(const char *text, size_t len, const ras_scheme *s,
                          const char *year_default, ras_case *c, char *err, size_t err_size)
{
	json_t *o;
	char known[512];
	memset(c, 0, sizeof *c);
	sn_err rc = json_open_object(text, len, RAS_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	const char *bad = unknown_key(o, case_fields);
	if (bad)
		FAIL("%.64s: unknown field (known: scheme, year, client_group, answers)", bad);

	json_t *js = json_object_get(o, "scheme");
	if (js && !json_is_string(js))
		FAIL("scheme: must be a scheme id like \"%s\"", RAS_DEFAULT_SCHEME);
	if (js && strcmp(json_string_value(js), s->id) != 0)
		FAIL("scheme: the case is for %.64s, not %s", json_string_value(js), s->id);
	snprintf(c->scheme, sizeof c->scheme, "%s", s->id);

	list_keys(s->years[0], sizeof s->years[0], s->n_years, known, sizeof known);
	json_t *jy = json_object_get(o, "year");
	if (jy && !json_is_string(jy))
		FAIL("year: must be a string like \"2025-26\"");
	const char *year = jy ? json_string_value(jy) : year_default;
	if (!year)
		FAIL("year: missing (a tax year like \"2025-26\"; the scheme prices %s)", known);
	if (!ras_tax_year_ok(year))
		FAIL("year: '%.16s' is not a tax year (write it like 2025-26)", year);
	if (ras_year_index(s, year) < 0)
		FAIL("year: scheme %s has no prices for %s%s (years: %s)", s->id, year,
		     jy ? "" : ", the current tax year; give \"year\"", known);
	snprintf(c->year, sizeof c->year, "%s", year);

	list_keys(s->groups[0].key, sizeof s->groups[0], s->n_groups, known, sizeof known);
	json_t *jg = json_object_get(o, "client_group");
	if (!jg)
		FAIL("client_group: missing (one of %s)", known);
	const char *group = json_string_value(jg);
	if (!group)
		FAIL("client_group: must be a string (one of %s)", known);
	if (ras_group_index(s, group) < 0)
		FAIL("client_group: '%.40s' is not a client group of scheme %s (groups: %s)", group,
		     s->id, known);
	snprintf(c->client_group, sizeof c->client_group, "%s", group);

	json_t *ans = json_object_get(o, "answers");
	if (!ans)
		FAIL("answers: missing (an object of question: answer)");
	if (!json_is_object(ans))
		FAIL("answers: must be an object of question: answer");
	const char *key;
	json_t *v;
	json_object_foreach(ans, key, v)
	{
		int q = ras_question_index(s, key);
		if (q < 0)
			FAIL("answers.%.40s: not a question in scheme %s", key, s->id);
		const ras_question *qq = &s->questions[q];
		list_keys(qq->answers[0].key, sizeof qq->answers[0], qq->n_answers, known,
		          sizeof known);
		const char *a = json_string_value(v);
		if (!a)
			FAIL("answers.%s: must be a string (one of %s)", key, known);
		if (ras_answer_index(qq, a) < 0)
			FAIL("answers.%s: '%.40s' is not an answer to this question (answers: %s)",
			     key, a, known);
		ras_case_answer *ca =
		    &c->answers[c->n_answers++]; /* keys are unique: <= n_questions */
		snprintf(ca->question, sizeof ca->question, "%s", key);
		snprintf(ca->answer, sizeof ca->answer, "%s", a);
	}
	for (size_t i = 0; i < s->n_questions; i++)
		if (s->questions[i].required && !json_object_get(ans, s->questions[i].key))
			FAIL("answers.%s: missing answer (this question is required)",
			     s->questions[i].key);
out:
	json_decref(o);
	return rc;
}

/* ---- results ---- */

json_t *ras_result_to_json(const ras_scheme *s, const ras_case *c, const ras_result *r)
{
	const ras_group *g = &s->groups[r->group];
	char words[128];
	ras_rounding_words(s, words, sizeof words);
	json_t *o = json_object();
	json_object_set_new(o, "scheme", json_string(s->id));
	json_object_set_new(o, "scheme_version", json_integer(s->version));
	json_object_set_new(o, "scheme_name", json_string(s->name));
	json_object_set_new(o, "scheme_status", json_string(s->status));
	json_object_set_new(o, "year", json_string(c->year));
	json_object_set_new(o, "client_group", json_string(g->key));
	json_object_set_new(o, "client_group_label", json_string(g->label));
	json_object_set_new(o, "total_points", json_integer(r->total_points));
	json_object_set_new(o, "price_per_point_pence", json_integer(r->price_per_point_pence));
	json_object_set_new(o, "raw_budget_pence", json_integer(r->raw_pence));
	json_object_set_new(o, "rounded_budget_pence", json_integer(r->rounded_pence));
	json_object_set_new(o, "weekly_budget_pence", json_integer(r->weekly_budget_pence));
	json_object_set_new(o, "floor_pence", json_integer(g->floor_pence));
	json_object_set_new(o, "ceiling_pence", json_integer(g->ceiling_pence));
	json_object_set_new(o, "floor_applied", json_boolean(r->floor_applied));
	json_object_set_new(o, "ceiling_applied", json_boolean(r->ceiling_applied));
	json_object_set_new(o, "rounding", json_string(words));
	json_object_set_new(o, "rounding_mode", json_string(ras_round_mode_name(s->rounding)));
	json_object_set_new(o, "rounding_step_pence", json_integer(s->rounding_step_pence));
	if (s->hourly_rate_pence[r->year] > 0)
		json_object_set_new(o, "hourly_rate_pence",
		                    json_integer(s->hourly_rate_pence[r->year]));
	json_t *pts = json_array();
	for (size_t i = 0; i < r->n_points; i++) {
		const ras_points_line *pl = &r->points[i];
		const ras_question *q = &s->questions[pl->question];
		json_t *p = json_object();
		json_object_set_new(p, "question", json_string(q->key));
		json_object_set_new(p, "question_label", json_string(q->label));
		if (pl->answer >= 0) {
			json_object_set_new(p, "answer", json_string(q->answers[pl->answer].key));
			json_object_set_new(p, "answer_label",
			                    json_string(q->answers[pl->answer].label));
		} else {
			json_object_set_new(p, "answer", json_null());
			json_object_set_new(p, "answer_label", json_string("not answered"));
		}
		json_object_set_new(p, "points", json_integer(pl->points));
		if (pl->assumed)
			json_object_set_new(p, "assumed", json_true());
		json_array_append_new(pts, p);
	}
	json_object_set_new(o, "points", pts);
	json_t *w = json_array();
	for (size_t i = 0; i < r->n_lines; i++)
		json_array_append_new(w, json_string(r->lines[i]));
	json_object_set_new(o, "workings", w);
	return o;
}

static json_t *row_to_json(const ras_whatif_row *r, bool total)
{
	json_t *o = json_object();
	if (!total) {
		json_object_set_new(o, "client_group", json_string(r->client_group));
		json_object_set_new(o, "locality", json_string(r->locality));
	}
	json_object_set_new(o, "count", json_integer((json_int_t)r->n));
	json_object_set_new(o, "up", json_integer((json_int_t)r->up));
	json_object_set_new(o, "down", json_integer((json_int_t)r->down));
	json_object_set_new(o, "unchanged", json_integer((json_int_t)r->unchanged));
	json_object_set_new(o, "assumed", json_integer((json_int_t)r->assumed));
	json_object_set_new(o, "before_pence", json_integer(r->before_pence));
	json_object_set_new(o, "after_pence", json_integer(r->after_pence));
	json_object_set_new(o, "change_pence", json_integer(r->after_pence - r->before_pence));
	return o;
}

json_t *ras_whatif_to_json(const ras_whatif *w)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < w->n_rows; i++)
		json_array_append_new(rows, row_to_json(&w->rows[i], false));
	json_t *o = json_object();
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "total", row_to_json(&w->total, true));
	return o;
}
