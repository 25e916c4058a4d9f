/* The cost-benefit model as JSON (data/costbenefit/ID.json): strict, each
 * problem naming its field. docs/costs.md describes the format. */
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "../base/jsonin.h"
#include "costbenefit.h"

typedef struct {
	char *err;
	size_t err_size;
} ctx;

static sn_err fail(ctx *c, const char *path, const char *key, const char *what)
{
	snprintf(c->err, c->err_size, "%s%s: %s", path, key, what);
	return SN_EINPUT;
}

static sn_err known_only(ctx *c, json_t *o, const char *path, const char *const *known)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool ok = false;
		for (const char *const *k = known; *k && !ok; k++)
			ok = strcmp(key, *k) == 0;
		if (!ok)
			return fail(c, path, key, "not a field of the model (docs/costs.md lists them)");
	}
	return SN_OK;
}

static sn_err text(ctx *c, json_t *o, const char *key, bool required, char *dst, size_t size, const char *path)
{
	json_t *v = json_object_get(o, key);
	dst[0] = 0;
	if (!v && !required)
		return SN_OK;
	if (!json_is_string(v))
		return fail(c, path, key, v ? "must be a string" : "missing (a string)");
	if (json_string_length(v) >= size || strlen(json_string_value(v)) != json_string_length(v) ||
	    (required && !json_string_length(v))) {
		char what[64];
		snprintf(what, sizeof what, "must be text of 1 to %zu bytes", size - 1);
		return fail(c, path, key, what);
	}
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return SN_OK;
}

static sn_err whole(ctx *c, json_t *o, const char *key, int64_t min, int64_t max, int64_t *dst, const char *path)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		char what[96];
		snprintf(what, sizeof what, "%sa whole number from %lld to %lld", v ? "" : "missing: ", (long long)min,
			 (long long)max);
		return fail(c, path, key, what);
	}
	*dst = (int64_t)json_integer_value(v);
	return SN_OK;
}

static bool key_ok(const char *k)
{
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return *k != 0;
}

static sn_err input_of(ctx *c, json_t *o, cb_input *in, const char *path)
{
	static const char *const fields[] = {"key", "label", "cost_pence", NULL};
	if (!json_is_object(o))
		return fail(c, path, "", "must be an object");
	sn_err rc = known_only(c, o, path, fields);
	if (!rc)
		rc = text(c, o, "key", true, in->key, sizeof in->key, path);
	if (!rc && !key_ok(in->key))
		rc = fail(c, path, "key", "a-z, 0-9 and - only");
	if (!rc)
		rc = text(c, o, "label", true, in->label, sizeof in->label, path);
	if (!rc)
		rc = whole(c, o, "cost_pence", 0, CB_PENCE_MAX, &in->cost_pence, path);
	return rc;
}

static sn_err outcome_of(ctx *c, json_t *o, cb_outcome *out, const char *path)
{
	static const char *const fields[] = {"key",	    "label",	     "unit",	      "source",
					     "unit_cost_pence", "units",	     "achieved_bp",   "deadweight_bp",
					     "attribution_bp",  "drop_off_bp",  "years",	      NULL};
	if (!json_is_object(o))
		return fail(c, path, "", "must be an object");
	int64_t years = 0;
	sn_err rc = known_only(c, o, path, fields);
	if (!rc)
		rc = text(c, o, "key", true, out->key, sizeof out->key, path);
	if (!rc && !key_ok(out->key))
		rc = fail(c, path, "key", "a-z, 0-9 and - only");
	if (!rc)
		rc = text(c, o, "label", true, out->label, sizeof out->label, path);
	if (!rc)
		rc = text(c, o, "unit", true, out->unit, sizeof out->unit, path);
	if (!rc)
		rc = text(c, o, "source", false, out->source, sizeof out->source, path);
	if (!rc)
		rc = whole(c, o, "unit_cost_pence", 0, CB_PENCE_MAX, &out->unit_cost_pence, path);
	if (!rc)
		rc = whole(c, o, "units", 0, CB_UNITS_MAX, &out->units, path);
	if (!rc)
		rc = whole(c, o, "achieved_bp", 0, CB_BP, &out->achieved_bp, path);
	if (!rc)
		rc = whole(c, o, "deadweight_bp", 0, CB_BP, &out->deadweight_bp, path);
	if (!rc)
		rc = whole(c, o, "attribution_bp", 0, CB_BP, &out->attribution_bp, path);
	if (!rc)
		rc = whole(c, o, "drop_off_bp", 0, CB_BP, &out->drop_off_bp, path);
	if (!rc)
		rc = whole(c, o, "years", 1, CB_MAX_YEARS, &years, path);
	out->years = (int)years;
	return rc;
}

/* A list of at most max objects, each read by one. */
static sn_err list_of(ctx *c, json_t *root, const char *key, size_t max, size_t *n,
		      sn_err (*one)(ctx *, json_t *, void *, const char *), void *items, size_t item_size)
{
	json_t *a = json_object_get(root, key);
	if (!json_is_array(a) || !json_array_size(a) || json_array_size(a) > max) {
		char what[64];
		snprintf(what, sizeof what, "must be a list of 1 to %zu", max);
		return fail(c, "", key, what);
	}
	*n = json_array_size(a);
	for (size_t i = 0; i < *n; i++) {
		char path[64];
		snprintf(path, sizeof path, "%s[%zu].", key, i);
		sn_err rc = one(c, json_array_get(a, i), (char *)items + i * item_size, path);
		if (rc)
			return rc;
	}
	return SN_OK;
}

static sn_err one_input(ctx *c, json_t *o, void *dst, const char *path)
{
	return input_of(c, o, dst, path);
}

static sn_err one_outcome(ctx *c, json_t *o, void *dst, const char *path)
{
	return outcome_of(c, o, dst, path);
}

static sn_err cohort_of(ctx *c, json_t *root, cb_model *m)
{
	static const char *const fields[] = {"label", "min_age", NULL};
	json_t *o = json_object_get(root, "cohort");
	if (!json_is_object(o))
		return fail(c, "", "cohort", o ? "must be an object" : "missing ({\"label\", \"min_age\"})");
	int64_t age = 0;
	sn_err rc = known_only(c, o, "cohort.", fields);
	if (!rc)
		rc = text(c, o, "label", true, m->cohort_label, sizeof m->cohort_label, "cohort.");
	if (!rc)
		rc = whole(c, o, "min_age", 0, 120, &age, "cohort.");
	m->cohort_min_age = (int)age;
	return rc;
}

sn_err cb_model_from_json(const char *text_in, size_t len, cb_model *out, char *err, size_t err_size)
{
	static const char *const fields[] = {"id", "title", "description", "cohort", "inputs", "outcomes", NULL};
	memset(out, 0, sizeof *out);
	ctx c = {err, err_size};
	json_t *root = NULL;
	sn_err rc = json_open_object(text_in, len, CB_JSON_MAX, &root, err, err_size);
	if (rc)
		return SN_EINPUT;
	rc = known_only(&c, root, "", fields);
	if (!rc)
		rc = text(&c, root, "id", true, out->id, sizeof out->id, "");
	if (!rc && !key_ok(out->id))
		rc = fail(&c, "", "id", "a-z, 0-9 and - only");
	if (!rc)
		rc = text(&c, root, "title", true, out->title, sizeof out->title, "");
	if (!rc)
		rc = text(&c, root, "description", false, out->description, sizeof out->description, "");
	if (!rc)
		rc = cohort_of(&c, root, out);
	if (!rc)
		rc = list_of(&c, root, "inputs", CB_MAX_INPUTS, &out->n_inputs, one_input, out->inputs,
			     sizeof out->inputs[0]);
	if (!rc)
		rc = list_of(&c, root, "outcomes", CB_MAX_OUTCOMES, &out->n_outcomes, one_outcome, out->outcomes,
			     sizeof out->outcomes[0]);
	json_decref(root);
	return rc;
}

void cb_model_ids(char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (const embed_file *f = embed_data; f->name; f++) {
		if (strncmp(f->name, "costbenefit/", 12) != 0)
			continue;
		const char *id = f->name + 12;
		size_t l = strlen(id);
		if (l > 5 && strcmp(id + l - 5, ".json") == 0)
			l -= 5;
		int w = snprintf(out + n, size - n, "%s%.*s", n ? ", " : "", (int)l, id);
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
	}
}

sn_err cb_model_load(const char *id, cb_model *out, char *err, size_t err_size)
{
	char name[CB_KEY_MAX + 32], known[256], inner[512];
	memset(out, 0, sizeof *out);
	if (strlen(id) > CB_KEY_MAX || !key_ok(id)) {
		snprintf(err, err_size, "model: '%.40s' is not a model id (a-z, 0-9 and -)", id);
		return SN_EINPUT;
	}
	snprintf(name, sizeof name, "costbenefit/%s.json", id);
	const embed_file *f = embed_find(embed_data, name);
	if (!f) {
		cb_model_ids(known, sizeof known);
		snprintf(err, err_size, "model: no model called %s (models: %s)", id, known);
		return SN_ENOTFOUND;
	}
	if (cb_model_from_json((const char *)f->data, f->len, out, inner, sizeof inner)) {
		snprintf(err, err_size, "model: data/costbenefit/%s.json: %s", id, inner);
		return SN_EINPUT;
	}
	if (strcmp(out->id, id) != 0) {
		snprintf(err, err_size, "model: data/costbenefit/%s.json says its id is %s", id, out->id);
		return SN_EINPUT;
	}
	return SN_OK;
}

void cb_percent_words(int64_t bp, char *out, size_t size)
{
	if (bp % 100 == 0)
		snprintf(out, size, "%lld%%", (long long)(bp / 100));
	else if (bp % 10 == 0)
		snprintf(out, size, "%lld.%lld%%", (long long)(bp / 100), (long long)(bp % 100 / 10));
	else
		snprintf(out, size, "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
}

static json_t *sums_json(const cb_model *m, const cb_result *r)
{
	json_t *outs = json_array();
	for (size_t i = 0; i < m->n_outcomes; i++) {
		const cb_outcome_sums *s = &r->o[i];
		json_t *years = json_array();
		for (int y = 0; y < m->outcomes[i].years; y++)
			json_array_append_new(years, json_integer(s->year[y]));
		json_array_append_new(outs, json_pack("{sssIsIsIsIsIsosI}", "key", m->outcomes[i].key, "gross_pence",
						      (json_int_t)s->gross, "expected_pence", (json_int_t)s->expected,
						      "deadweight_pence", (json_int_t)s->deadweight,
						      "after_deadweight_pence", (json_int_t)s->after_deadweight,
						      "attribution_pence", (json_int_t)s->attribution, "years_pence",
						      years, "total_pence", (json_int_t)s->total));
	}
	return json_pack("{sIsIsIsIsIso}", "people", (json_int_t)r->people, "cost_pence", (json_int_t)r->cost,
			 "benefit_pence", (json_int_t)r->benefit, "net_pence", (json_int_t)r->net, "ratio_pence",
			 (json_int_t)r->ratio_pence, "outcomes", outs);
}

static json_t *model_json(const cb_model *m)
{
	json_t *ins = json_array(), *outs = json_array();
	for (size_t i = 0; i < m->n_inputs; i++)
		json_array_append_new(ins, json_pack("{sssssI}", "key", m->inputs[i].key, "label", m->inputs[i].label,
						     "cost_pence", (json_int_t)m->inputs[i].cost_pence));
	for (size_t i = 0; i < m->n_outcomes; i++) {
		const cb_outcome *o = &m->outcomes[i];
		json_array_append_new(
			outs, json_pack("{sssssssssIsIsIsIsIsIsi}", "key", o->key, "label", o->label, "unit", o->unit,
					"source", o->source, "unit_cost_pence", (json_int_t)o->unit_cost_pence, "units",
					(json_int_t)o->units, "achieved_bp", (json_int_t)o->achieved_bp, "deadweight_bp",
					(json_int_t)o->deadweight_bp, "attribution_bp", (json_int_t)o->attribution_bp,
					"drop_off_bp", (json_int_t)o->drop_off_bp, "years", o->years));
	}
	return json_pack("{sssssss{sssi}soso}", "id", m->id, "title", m->title, "description", m->description,
			 "cohort", "label", m->cohort_label, "min_age", m->cohort_min_age, "inputs", ins, "outcomes",
			 outs);
}

json_t *cb_to_json(const cb_model *m, const cb_result *per, const cb_result *cohort)
{
	char words[64];
	cb_ratio_words(per->ratio_pence, words, sizeof words);
	bool shown = cohort && (cohort->people == 0 || cohort->people >= 10);
	return json_pack("{sosososIss}", "model", model_json(m), "per_person", sums_json(m, per), "cohort",
			 shown ? sums_json(m, cohort) : json_null(), "people", (json_int_t)(cohort ? cohort->people : 0),
			 "ratio_words", words);
}
