/* The schemes as data (schemes.h): the strict reader of
 * data/schemes/schemes.json and the shipped copy. */
#include "schemes.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "../base/jsonin.h"

static sn_err fail(char *err, size_t err_size, const char *field, const char *why)
{
	snprintf(err, err_size, "%s: %s", field, why);
	return SN_EINPUT;
}

/* Only the keys in allowed ("a|b|c") may be in o. */
static sn_err only_keys(json_t *o, const char *allowed, const char *field, char *err, size_t err_size)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		size_t n = strlen(k);
		const char *p = allowed;
		bool ok = false;
		while (*p && !ok) {
			const char *e = strchr(p, '|');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			ok = len == n && !strncmp(p, k, n);
			p = e ? e + 1 : p + len;
		}
		if (!ok) {
			char odd[41], f[200];
			snprintf(f, sizeof f, "%s%s%s", field, *field ? "." : "", str_key_clip(k, 40, odd));
			char why[300];
			snprintf(why, sizeof why, "not a key here (expected %s)", allowed);
			for (char *c = why; *c; c++)
				if (*c == '|')
					*c = ',';
			return fail(err, err_size, f, why);
		}
	}
	return SN_OK;
}

static bool id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n || n > SCH_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

/* One line of 1 to max bytes into out. */
static sn_err text_into(json_t *v, size_t max, char *out, const char *field, char *err, size_t err_size)
{
	const char *t = json_string_value(v);
	size_t n = t ? strlen(t) : 0;
	if (!t || !n || n > max) {
		char why[80];
		snprintf(why, sizeof why, "text of 1 to %zu bytes", max);
		return fail(err, err_size, field, why);
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20)
			return fail(err, err_size, field, "one line of text");
	memcpy(out, t, n + 1);
	return SN_OK;
}

static sn_err int_into(json_t *v, int64_t lo, int64_t hi, const char *what, int64_t *out, const char *field,
		       char *err, size_t err_size)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		char why[120];
		snprintf(why, sizeof why, "a whole number of %s from %lld to %lld", what, (long long)lo, (long long)hi);
		return fail(err, err_size, field, why);
	}
	*out = json_integer_value(v);
	return SN_OK;
}

/* A list of {id, label} of 1 (or 0 when may_be_empty) to max items, ids unique. */
static sn_err items_into(json_t *list, size_t max, bool may_be_empty, sch_item *out, size_t *n, const char *field,
			 char *err, size_t err_size)
{
	char f[160];
	if (!json_is_array(list) || json_array_size(list) > max || (!may_be_empty && !json_array_size(list))) {
		char why[80];
		snprintf(why, sizeof why, "a list of %d to %zu items, each {id, label}", may_be_empty ? 0 : 1, max);
		return fail(err, err_size, field, why);
	}
	*n = json_array_size(list);
	for (size_t i = 0; i < *n; i++) {
		json_t *it = json_array_get(list, i);
		snprintf(f, sizeof f, "%s[%zu]", field, i);
		if (!json_is_object(it))
			return fail(err, err_size, f, "an object with id and label");
		sn_err rc = only_keys(it, "id|label", f, err, err_size);
		if (rc)
			return rc;
		const char *id = json_string_value(json_object_get(it, "id"));
		snprintf(f, sizeof f, "%s[%zu].id", field, i);
		if (!id_ok(id))
			return fail(err, err_size, f, "1 to 40 lower case letters, digits, - and _");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(out[k].id, id))
				return fail(err, err_size, f, "the same id twice in the list");
		memcpy(out[i].id, id, strlen(id) + 1);
		snprintf(f, sizeof f, "%s[%zu].label", field, i);
		rc = text_into(json_object_get(it, "label"), SCH_LABEL_MAX, out[i].label, f, err, err_size);
		if (rc)
			return rc;
	}
	return SN_OK;
}

static sn_err read_vetting(json_t *v, sch_scheme *s, const char *field, char *err, size_t err_size)
{
	char f[160]; /* field (under 120) and a key */
	if (!json_is_object(v))
		return fail(err, err_size, field, "an object with dbs, references and training");
	sn_err rc = only_keys(v, "dbs|references|training", field, err, err_size);
	if (rc)
		return rc;
	snprintf(f, sizeof f, "%s.dbs", field);
	int d = sch_dbs_parse(json_string_value(json_object_get(v, "dbs")));
	if (d < 0)
		return fail(err, err_size, f, "none, basic, standard or enhanced");
	s->dbs = (sch_dbs)d;
	int64_t refs = 0;
	snprintf(f, sizeof f, "%s.references", field);
	rc = int_into(json_object_get(v, "references"), 0, SCH_REFERENCES_MAX, "references", &refs, f, err,
		      err_size);
	s->references = (int)refs;
	snprintf(f, sizeof f, "%s.training", field);
	return rc ? rc : items_into(json_object_get(v, "training"), SCH_TRAINING_MAX, true, s->training,
				    &s->n_training, f, err, err_size);
}

static sn_err read_weights(json_t *v, sch_weights *w, const char *field, char *err, size_t err_size)
{
	if (!json_is_object(v))
		return fail(err, err_size, field,
			    "an object with distance_per_km, no_shared_language, shared_interest and past_helper");
	sn_err rc = only_keys(v, "distance_per_km|no_shared_language|shared_interest|past_helper", field, err,
			      err_size);
	static const char *const keys[] = {"distance_per_km", "no_shared_language", "shared_interest",
					   "past_helper"};
	int64_t *into[] = {&w->distance_per_km, &w->no_shared_language, &w->shared_interest, &w->past_helper};
	for (size_t i = 0; i < 4 && !rc; i++) {
		char f[160]; /* field (under 120) and a key */
		snprintf(f, sizeof f, "%s.%s", field, keys[i]);
		rc = int_into(json_object_get(v, keys[i]), 0, SCH_WEIGHT_MAX, "points", into[i], f, err, err_size);
	}
	return rc;
}

static sn_err read_followups(json_t *v, sch_scheme *s, const char *field, char *err, size_t err_size)
{
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > SCH_FOLLOWUPS_MAX)
		return fail(err, err_size, field, "a list of 1 to 6 numbers of weeks");
	s->n_followups = json_array_size(v);
	for (size_t i = 0; i < s->n_followups; i++) {
		char f[160]; /* field (under 120) and a key */
		int64_t w = 0;
		snprintf(f, sizeof f, "%s[%zu]", field, i);
		sn_err rc = int_into(json_array_get(v, i), 1, SCH_FOLLOWUP_WEEKS_MAX, "weeks", &w, f, err, err_size);
		if (rc)
			return rc;
		if (i && w <= s->followup_weeks[i - 1])
			return fail(err, err_size, f, "follow-ups come in order, each later than the one before");
		s->followup_weeks[i] = (int)w;
	}
	return SN_OK;
}

static sn_err read_bool(json_t *v, bool *out, const char *field, char *err, size_t err_size)
{
	if (!json_is_boolean(v))
		return fail(err, err_size, field, "true or false");
	*out = json_is_true(v);
	return SN_OK;
}

#define SCHEME_KEYS                                                                                      \
	"id|name|summary|helps_with|vetting|max_distance_km|default_capacity|max_capacity|household_profile|" \
	"hourly_rates|weights|followup_weeks"

static sn_err read_scheme(json_t *o, size_t i, sch_scheme *s, char *err, size_t err_size)
{
	char field[40], f[120];
	snprintf(field, sizeof field, "schemes[%zu]", i);
	if (!json_is_object(o))
		return fail(err, err_size, field, "each scheme is an object");
	sn_err rc = only_keys(o, SCHEME_KEYS, field, err, err_size);
	if (rc)
		return rc;
	const char *id = json_string_value(json_object_get(o, "id"));
	snprintf(f, sizeof f, "%s.id", field);
	if (!id_ok(id))
		return fail(err, err_size, f, "1 to 40 lower case letters, digits, - and _");
	memcpy(s->id, id, strlen(id) + 1);
	snprintf(f, sizeof f, "%s.name", field);
	rc = text_into(json_object_get(o, "name"), SCH_LABEL_MAX, s->name, f, err, err_size);
	snprintf(f, sizeof f, "%s.summary", field);
	if (!rc)
		rc = text_into(json_object_get(o, "summary"), SCH_SUMMARY_MAX, s->summary, f, err, err_size);
	snprintf(f, sizeof f, "%s.helps_with", field);
	if (!rc)
		rc = items_into(json_object_get(o, "helps_with"), SCH_HELPS_MAX, false, s->helps, &s->n_helps, f,
				err, err_size);
	snprintf(f, sizeof f, "%s.vetting", field);
	if (!rc)
		rc = read_vetting(json_object_get(o, "vetting"), s, f, err, err_size);
	int64_t km = 0, dc = 0, mc = 0;
	snprintf(f, sizeof f, "%s.max_distance_km", field);
	if (!rc)
		rc = int_into(json_object_get(o, "max_distance_km"), 1, SCH_KM_MAX, "kilometres", &km, f, err, err_size);
	snprintf(f, sizeof f, "%s.max_capacity", field);
	if (!rc)
		rc = int_into(json_object_get(o, "max_capacity"), 1, SCH_CAPACITY_MAX, "people", &mc, f, err, err_size);
	snprintf(f, sizeof f, "%s.default_capacity", field);
	if (!rc)
		rc = int_into(json_object_get(o, "default_capacity"), 1, mc, "people (at most max_capacity)", &dc, f,
			      err, err_size);
	s->max_km = (int)km;
	s->default_capacity = (int)dc;
	s->max_capacity = (int)mc;
	snprintf(f, sizeof f, "%s.household_profile", field);
	if (!rc)
		rc = read_bool(json_object_get(o, "household_profile"), &s->household, f, err, err_size);
	snprintf(f, sizeof f, "%s.hourly_rates", field);
	if (!rc)
		rc = read_bool(json_object_get(o, "hourly_rates"), &s->rates, f, err, err_size);
	snprintf(f, sizeof f, "%s.weights", field);
	if (!rc)
		rc = read_weights(json_object_get(o, "weights"), &s->w, f, err, err_size);
	snprintf(f, sizeof f, "%s.followup_weeks", field);
	if (!rc)
		rc = read_followups(json_object_get(o, "followup_weeks"), s, f, err, err_size);
	return rc;
}

sn_err sch_parse(const char *text, size_t len, sch_schemes *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	json_t *j = NULL;
	sn_err rc = json_open_object(text, len, SCH_DATA_BYTES, &j, err, err_size);
	if (rc)
		return rc;
	rc = only_keys(j, "about|schemes", "", err, err_size);
	json_t *list = json_object_get(j, "schemes");
	if (!rc && (!json_is_array(list) || !json_array_size(list) || json_array_size(list) > SCH_SCHEMES_MAX))
		rc = fail(err, err_size, "schemes", "a list of 1 to 8 schemes");
	if (!rc && json_object_get(j, "about") && !json_is_string(json_object_get(j, "about")))
		rc = fail(err, err_size, "about", "text");
	for (size_t i = 0; !rc && i < json_array_size(list); i++) {
		rc = read_scheme(json_array_get(list, i), i, &out->s[i], err, err_size);
		for (size_t k = 0; !rc && k < i; k++)
			if (!strcmp(out->s[k].id, out->s[i].id)) {
				char f[40];
				snprintf(f, sizeof f, "schemes[%zu].id", i);
				rc = fail(err, err_size, f, "the same id as another scheme");
			}
		out->n = i + 1;
	}
	json_decref(j);
	return rc;
}

static sch_schemes shipped;
static bool shipped_ok;
static pthread_once_t shipped_once = PTHREAD_ONCE_INIT;

static void shipped_load(void)
{
	const embed_file *f = embed_find(embed_data, "schemes/schemes.json");
	char err[200];
	shipped_ok = f && !sch_parse((const char *)f->data, f->len, &shipped, err, sizeof err);
}

const sch_schemes *sch_shipped(void)
{
	pthread_once(&shipped_once, shipped_load);
	return shipped_ok ? &shipped : NULL;
}

const sch_scheme *sch_find(const sch_schemes *all, const char *id)
{
	for (size_t i = 0; all && id && i < all->n; i++)
		if (!strcmp(all->s[i].id, id))
			return &all->s[i];
	return NULL;
}

int sch_help_index(const sch_scheme *s, const char *id)
{
	for (size_t i = 0; id && i < s->n_helps; i++)
		if (!strcmp(s->helps[i].id, id))
			return (int)i;
	return -1;
}

int sch_training_index(const sch_scheme *s, const char *id)
{
	for (size_t i = 0; id && i < s->n_training; i++)
		if (!strcmp(s->training[i].id, id))
			return (int)i;
	return -1;
}

/* ---- DBS levels ---- */

static const char *const dbs_codes[] = {"none", "basic", "standard", "enhanced"};

int sch_dbs_parse(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (!strcmp(s, dbs_codes[i]))
			return i;
	return -1;
}

const char *sch_dbs_code(sch_dbs d) { return d <= SCH_DBS_ENHANCED ? dbs_codes[d] : ""; }

const char *sch_dbs_words(sch_dbs d)
{
	static const char *const words[] = {"No DBS check", "Basic DBS check", "Standard DBS check",
					    "Enhanced DBS check"};
	return d <= SCH_DBS_ENHANCED ? words[d] : "";
}
