/* The support plan's document and sections, to and from JSON (pure). Each
 * reader checks everything against the limits in plan.h and stops at the
 * first problem, naming its field ("outcomes[2].words"). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "../base/jsonin.h"
#include "plan.h"

static const char *const ring_keys[RING_COUNT] = {"intimate", "friends", "participation", "paid"};
static const char *const ring_labels[RING_COUNT] = {
	"closest to me", "friends and family", "groups and activities I take part in",
	"people paid to support me"};
static const char *const deploy_keys[DEPLOY_COUNT] = {"direct_payment", "council_managed", "isf"};
static const char *const deploy_labels[DEPLOY_COUNT] = {
	"a direct payment", "managed by the council", "an individual service fund"};

const char *plan_ring_key(plan_ring r) { return r < RING_COUNT ? ring_keys[r] : NULL; }
const char *plan_ring_label(plan_ring r) { return r < RING_COUNT ? ring_labels[r] : NULL; }
const char *plan_deploy_key(plan_deploy d) { return d < DEPLOY_COUNT ? deploy_keys[d] : NULL; }
const char *plan_deploy_label(plan_deploy d) { return d < DEPLOY_COUNT ? deploy_labels[d] : NULL; }

plan_ring plan_ring_parse(const char *s)
{
	for (int i = 0; i < RING_COUNT; i++)
		if (str_eq(s, ring_keys[i]))
			return (plan_ring)i;
	return RING_COUNT;
}

plan_deploy plan_deploy_parse(const char *s)
{
	for (int i = 0; i < DEPLOY_COUNT; i++)
		if (str_eq(s, deploy_keys[i]))
			return (plan_deploy)i;
	return DEPLOY_COUNT;
}

const char *plan_doc_text(const plan_doc *d, const char *key)
{
	for (size_t i = 0; i < d->n_text; i++)
		if (str_eq(d->text[i].key, key))
			return d->text[i].text;
	return "";
}

int64_t plan_doc_lines_total(const plan_doc *d, const char *outcome_id)
{
	int64_t t = 0;
	for (size_t i = 0; i < d->n_lines; i++)
		if (!outcome_id || str_eq(d->lines[i].outcome, outcome_id))
			t += d->lines[i].weekly_pence;
	return t;
}

/* ---- reading ---- */

typedef struct {
	arena *a;
	char *field;
	size_t field_size;
	char *why;
	size_t why_size;
} rd;

static sn_err bad(rd *r, const char *field, const char *why)
{
	snprintf(r->field, r->field_size, "%s", field);
	snprintf(r->why, r->why_size, "%s", why);
	return SN_EINPUT;
}

/* Characters (UTF-8 code points) in s: jansson has checked the encoding. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* An optional string member key of o (absent or null: ""), at most max
 * characters, no control characters but newlines and tabs. */
static sn_err get_text(rd *r, const json_t *o, const char *key, size_t max, const char *path,
		       const char **out)
{
	char f[96];
	snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v)) {
		*out = "";
		return SN_OK;
	}
	if (!json_is_string(v))
		return bad(r, f, "must be text");
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return bad(r, f, "must not contain a NUL character");
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
			return bad(r, f, "must not contain control characters");
	if (utf8_chars(s) > max) {
		char w[80];
		snprintf(w, sizeof w, "is over %zu characters", max);
		return bad(r, f, w);
	}
	*out = arena_strdup(r->a, s);
	return SN_OK;
}

static bool id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PLAN_ID_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/* Checks that every member of o is one of the names in keys. */
static sn_err only_keys(rd *r, const json_t *o, const char *path, const char *const *keys)
{
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		bool ok = false;
		for (const char *const *p = keys; *p && !ok; p++)
			ok = !strcmp(*p, k);
		if (!ok) {
			char f[128];
			snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", k);
			return bad(r, f, "is not a field of a support plan");
		}
	}
	return SN_OK;
}

/* The list at key: an array of objects, at most PLAN_LIST_MAX, each with a
 * well-formed id unique in the list (copied to ids[i]). */
static sn_err get_list(rd *r, const json_t *j, const char *key, const json_t **arr, size_t *n,
		       char (*ids)[PLAN_ID_MAX + 1])
{
	const json_t *v = json_object_get(j, key);
	*arr = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return SN_OK;
	if (!json_is_array(v))
		return bad(r, key, "must be a list");
	if (json_array_size(v) > PLAN_LIST_MAX) {
		char w[64];
		snprintf(w, sizeof w, "has over %d items", PLAN_LIST_MAX);
		return bad(r, key, w);
	}
	for (size_t i = 0; i < json_array_size(v); i++) {
		const json_t *it = json_array_get(v, i);
		char f[64];
		snprintf(f, sizeof f, "%s[%zu]", key, i);
		if (!json_is_object(it))
			return bad(r, f, "must be an object");
		const char *id = json_string_value(json_object_get(it, "id"));
		snprintf(f, sizeof f, "%s[%zu].id", key, i);
		if (!id || !id_ok(id))
			return bad(r, f, "must be 1 to 15 of a-z, 0-9 and -");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(ids[k], id))
				return bad(r, f, "is used twice in the list");
		snprintf(ids[i], PLAN_ID_MAX + 1, "%s", id);
	}
	*arr = v;
	*n = json_array_size(v);
	return SN_OK;
}

static sn_err read_goal(rd *r, const json_t *g, const char *path, plan_outcome *o)
{
	static const char *const keys[] = {"weight", "levels", NULL};
	char f[96];
	sn_err e;
	if (!g || json_is_null(g))
		return SN_OK;
	snprintf(f, sizeof f, "%s.goal", path);
	if (!json_is_object(g))
		return bad(r, f, "must be an object with weight and levels");
	if ((e = only_keys(r, g, f, keys)))
		return e;
	const json_t *w = json_object_get(g, "weight");
	snprintf(f, sizeof f, "%s.goal.weight", path);
	if (!json_is_integer(w) || json_integer_value(w) < 1 || json_integer_value(w) > 10)
		return bad(r, f, "must be a whole number from 1 to 10");
	o->weight = json_integer_value(w);
	const json_t *lv = json_object_get(g, "levels");
	snprintf(f, sizeof f, "%s.goal.levels", path);
	if (!json_is_array(lv) || json_array_size(lv) != 5)
		return bad(r, f, "must be a list of 5 descriptions, from -2 to +2");
	for (size_t i = 0; i < 5; i++) {
		const json_t *s = json_array_get(lv, i);
		char lf[112];
		snprintf(lf, sizeof lf, "%s.goal.levels[%zu]", path, i);
		if (!json_is_string(s))
			return bad(r, lf, "must be text");
		json_t *tmp = json_pack("{sO}", "t", (json_t *)s);
		e = get_text(r, tmp, "t", PLAN_SHORT_MAX * 2, "", &o->levels[i]);
		json_decref(tmp);
		if (e)
			return bad(r, lf, r->why);
	}
	if (!*o->levels[2]) {
		snprintf(f, sizeof f, "%s.goal.levels[2]", path);
		return bad(r, f, "must say what the expected outcome (0) looks like");
	}
	o->has_goal = true;
	return SN_OK;
}

static sn_err read_outcomes(rd *r, const json_t *j, plan_doc *d)
{
	static const char *const keys[] = {"id", "words", "how", "who", "goal", NULL};
	char ids[PLAN_LIST_MAX][PLAN_ID_MAX + 1];
	const json_t *arr;
	sn_err e;
	if ((e = get_list(r, j, "outcomes", &arr, &d->n_outcomes, ids)))
		return e;
	for (size_t i = 0; i < d->n_outcomes; i++) {
		const json_t *it = json_array_get(arr, i);
		plan_outcome *o = &d->outcomes[i];
		char p[32];
		snprintf(p, sizeof p, "outcomes[%zu]", i);
		memcpy(o->id, ids[i], sizeof o->id);
		if ((e = only_keys(r, it, p, keys)) ||
		    (e = get_text(r, it, "words", PLAN_TEXT_MAX, p, &o->words)) ||
		    (e = get_text(r, it, "how", PLAN_TEXT_MAX, p, &o->how)) ||
		    (e = get_text(r, it, "who", PLAN_SHORT_MAX, p, &o->who)) ||
		    (e = read_goal(r, json_object_get(it, "goal"), p, o)))
			return e;
		if (!*o->words) {
			char f[48];
			snprintf(f, sizeof f, "%s.words", p);
			return bad(r, f, "must say what you want to achieve");
		}
	}
	return SN_OK;
}

static sn_err read_circle(rd *r, const json_t *j, plan_doc *d)
{
	static const char *const keys[] = {"id", "name", "relationship", "ring", NULL};
	char ids[PLAN_LIST_MAX][PLAN_ID_MAX + 1];
	const json_t *arr;
	sn_err e;
	if ((e = get_list(r, j, "circle", &arr, &d->n_circle, ids)))
		return e;
	for (size_t i = 0; i < d->n_circle; i++) {
		const json_t *it = json_array_get(arr, i);
		plan_person *c = &d->circle[i];
		char p[32], f[48];
		const char *ring;
		snprintf(p, sizeof p, "circle[%zu]", i);
		memcpy(c->id, ids[i], sizeof c->id);
		if ((e = only_keys(r, it, p, keys)) ||
		    (e = get_text(r, it, "name", PLAN_SHORT_MAX, p, &c->name)) ||
		    (e = get_text(r, it, "relationship", PLAN_SHORT_MAX, p, &c->relationship)) ||
		    (e = get_text(r, it, "ring", 20, p, &ring)))
			return e;
		snprintf(f, sizeof f, "%s.name", p);
		if (!*c->name)
			return bad(r, f, "must give a name");
		snprintf(f, sizeof f, "%s.ring", p);
		if ((c->ring = plan_ring_parse(ring)) == RING_COUNT)
			return bad(r, f, "must be intimate, friends, participation or paid");
	}
	return SN_OK;
}

static sn_err read_decisions(rd *r, const json_t *j, plan_doc *d)
{
	static const char *const keys[] = {"id", "decision", "who", "involve", NULL};
	char ids[PLAN_LIST_MAX][PLAN_ID_MAX + 1];
	const json_t *arr;
	sn_err e;
	if ((e = get_list(r, j, "decisions", &arr, &d->n_decisions, ids)))
		return e;
	for (size_t i = 0; i < d->n_decisions; i++) {
		const json_t *it = json_array_get(arr, i);
		plan_decision *x = &d->decisions[i];
		char p[32], f[48];
		snprintf(p, sizeof p, "decisions[%zu]", i);
		memcpy(x->id, ids[i], sizeof x->id);
		if ((e = only_keys(r, it, p, keys)) ||
		    (e = get_text(r, it, "decision", PLAN_SHORT_MAX * 2, p, &x->decision)) ||
		    (e = get_text(r, it, "who", PLAN_SHORT_MAX, p, &x->who)) ||
		    (e = get_text(r, it, "involve", PLAN_TEXT_MAX, p, &x->involve)))
			return e;
		snprintf(f, sizeof f, "%s.decision", p);
		if (!*x->decision)
			return bad(r, f, "must name the decision");
	}
	return SN_OK;
}

static sn_err read_risks(rd *r, const json_t *j, plan_doc *d)
{
	static const char *const keys[] = {"id", "risk", "managed", "who", NULL};
	char ids[PLAN_LIST_MAX][PLAN_ID_MAX + 1];
	const json_t *arr;
	sn_err e;
	if ((e = get_list(r, j, "risks", &arr, &d->n_risks, ids)))
		return e;
	for (size_t i = 0; i < d->n_risks; i++) {
		const json_t *it = json_array_get(arr, i);
		plan_risk *x = &d->risks[i];
		char p[32], f[48];
		snprintf(p, sizeof p, "risks[%zu]", i);
		memcpy(x->id, ids[i], sizeof x->id);
		if ((e = only_keys(r, it, p, keys)) ||
		    (e = get_text(r, it, "risk", PLAN_TEXT_MAX, p, &x->risk)) ||
		    (e = get_text(r, it, "managed", PLAN_TEXT_MAX, p, &x->managed)) ||
		    (e = get_text(r, it, "who", PLAN_SHORT_MAX, p, &x->who)))
			return e;
		snprintf(f, sizeof f, "%s.risk", p);
		if (!*x->risk)
			return bad(r, f, "must say what the risk is");
	}
	return SN_OK;
}

static sn_err read_line(rd *r, const json_t *it, const char *p, const plan_doc *d, plan_line *l)
{
	static const char *const keys[] = {"id", "what", "outcome", "weekly_pence", "deployment",
					   "holder", "pool", NULL};
	const char *outcome, *dep, *pool;
	char f[48];
	sn_err e;
	if ((e = only_keys(r, it, p, keys)) ||
	    (e = get_text(r, it, "what", PLAN_SHORT_MAX * 2, p, &l->what)) ||
	    (e = get_text(r, it, "outcome", PLAN_ID_MAX, p, &outcome)) ||
	    (e = get_text(r, it, "deployment", 20, p, &dep)) ||
	    (e = get_text(r, it, "holder", PLAN_SHORT_MAX, p, &l->holder)) ||
	    (e = get_text(r, it, "pool", 36, p, &pool)))
		return e;
	snprintf(f, sizeof f, "%s.what", p);
	if (!*l->what)
		return bad(r, f, "must say what the money buys");
	const json_t *w = json_object_get(it, "weekly_pence");
	snprintf(f, sizeof f, "%s.weekly_pence", p);
	if (!json_is_integer(w) || json_integer_value(w) < 0 ||
	    json_integer_value(w) > PLAN_WEEKLY_MAX_PENCE)
		return bad(r, f, "must be a whole number of pence from 0 to 100000000");
	l->weekly_pence = json_integer_value(w);
	snprintf(f, sizeof f, "%s.deployment", p);
	if ((l->deploy = plan_deploy_parse(dep)) == DEPLOY_COUNT)
		return bad(r, f, "must be direct_payment, council_managed or isf");
	snprintf(f, sizeof f, "%s.outcome", p);
	bool found = !*outcome;
	for (size_t k = 0; k < d->n_outcomes && !found; k++)
		found = !strcmp(d->outcomes[k].id, outcome);
	if (!found)
		return bad(r, f, "is not the id of one of the plan's outcomes");
	snprintf(l->outcome, sizeof l->outcome, "%s", outcome);
	snprintf(f, sizeof f, "%s.pool", p);
	if (*pool && !str_is_uuid(pool))
		return bad(r, f, "must be a pooled budget's id");
	snprintf(l->pool, sizeof l->pool, "%s", pool);
	return SN_OK;
}

static sn_err read_lines(rd *r, const json_t *j, plan_doc *d)
{
	char ids[PLAN_LIST_MAX][PLAN_ID_MAX + 1];
	const json_t *arr;
	sn_err e;
	if ((e = get_list(r, j, "lines", &arr, &d->n_lines, ids)))
		return e;
	for (size_t i = 0; i < d->n_lines; i++) {
		char p[32];
		snprintf(p, sizeof p, "lines[%zu]", i);
		memcpy(d->lines[i].id, ids[i], sizeof d->lines[i].id);
		if ((e = read_line(r, json_array_get(arr, i), p, d, &d->lines[i])))
			return e;
	}
	return SN_OK;
}

static bool key_ok(const char *s);

static sn_err read_text_sections(rd *r, const json_t *j, const plan_sections *secs, plan_doc *d)
{
	const json_t *t = json_object_get(j, "sections");
	if (!t || json_is_null(t))
		return SN_OK;
	if (!json_is_object(t))
		return bad(r, "sections", "must be an object of section texts");
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)t, k, v) {
		const char *key = NULL;
		for (size_t i = 0; secs && i < secs->n && !key; i++)
			if (!strcmp(secs->sec[i].key, k) && secs->sec[i].type == PLAN_SEC_TEXT)
				key = secs->sec[i].key;
		char f[96];
		snprintf(f, sizeof f, "sections.%s", str_key_clip(k, 60, (char[61]){0}));
		if (!secs && key_ok(k))
			key = arena_strdup(r->a, k);
		if (!key)
			return bad(r, f, "is not a section of this plan");
		if (d->n_text == PLAN_SECTIONS_MAX)
			return bad(r, f, "is one section too many");
		const char *text;
		sn_err e = get_text(r, t, k, PLAN_TEXT_MAX, "sections", &text);
		if (e)
			return e;
		d->text[d->n_text].key = key;
		d->text[d->n_text].text = text;
		d->n_text++;
	}
	return SN_OK;
}

sn_err plan_doc_from_json(const json_t *j, const plan_sections *secs, arena *a, plan_doc *d,
			  char *field, size_t field_size, char *why, size_t why_size)
{
	static const char *const keys[] = {"sections", "outcomes", "circle", "decisions",
					   "risks", "lines", NULL};
	rd r = {a, field, field_size, why, why_size};
	sn_err e;
	memset(d, 0, sizeof *d);
	if (!json_is_object(j))
		return bad(&r, "plan", "must be a JSON object");
	if ((e = only_keys(&r, j, "", keys)) || (e = read_text_sections(&r, j, secs, d)) ||
	    (e = read_outcomes(&r, j, d)) || (e = read_circle(&r, j, d)) ||
	    (e = read_decisions(&r, j, d)) || (e = read_risks(&r, j, d)) ||
	    (e = read_lines(&r, j, d)))
		return e;
	return SN_OK;
}

/* ---- writing ---- */

static json_t *goal_json(const plan_outcome *o)
{
	if (!o->has_goal)
		return json_null();
	json_t *lv = json_array();
	for (int i = 0; i < 5; i++)
		json_array_append_new(lv, json_string(o->levels[i] ? o->levels[i] : ""));
	return json_pack("{sIso}", "weight", (json_int_t)o->weight, "levels", lv);
}

json_t *plan_doc_to_json(const plan_doc *d)
{
	json_t *j = json_object(), *t = json_object(), *a;
	for (size_t i = 0; i < d->n_text; i++)
		json_object_set_new(t, d->text[i].key, json_string(d->text[i].text));
	json_object_set_new(j, "sections", t);
	a = json_array();
	for (size_t i = 0; i < d->n_outcomes; i++) {
		const plan_outcome *o = &d->outcomes[i];
		json_array_append_new(a, json_pack("{sssssssssO*}", "id", o->id, "words", o->words,
						   "how", o->how, "who", o->who, "goal", NULL));
		json_object_set_new(json_array_get(a, i), "goal", goal_json(o));
	}
	json_object_set_new(j, "outcomes", a);
	a = json_array();
	for (size_t i = 0; i < d->n_circle; i++)
		json_array_append_new(a, json_pack("{ssssssss}", "id", d->circle[i].id, "name",
						   d->circle[i].name, "relationship",
						   d->circle[i].relationship, "ring",
						   plan_ring_key(d->circle[i].ring)));
	json_object_set_new(j, "circle", a);
	a = json_array();
	for (size_t i = 0; i < d->n_decisions; i++)
		json_array_append_new(a, json_pack("{ssssssss}", "id", d->decisions[i].id,
						   "decision", d->decisions[i].decision, "who",
						   d->decisions[i].who, "involve",
						   d->decisions[i].involve));
	json_object_set_new(j, "decisions", a);
	a = json_array();
	for (size_t i = 0; i < d->n_risks; i++)
		json_array_append_new(a, json_pack("{ssssssss}", "id", d->risks[i].id, "risk",
						   d->risks[i].risk, "managed", d->risks[i].managed,
						   "who", d->risks[i].who));
	json_object_set_new(j, "risks", a);
	a = json_array();
	for (size_t i = 0; i < d->n_lines; i++) {
		const plan_line *l = &d->lines[i];
		json_array_append_new(a, json_pack("{sssssssIssssss}", "id", l->id, "what",
						   l->what, "outcome", l->outcome, "weekly_pence",
						   (json_int_t)l->weekly_pence, "deployment",
						   plan_deploy_key(l->deploy), "holder",
						   l->holder ? l->holder : "", "pool", l->pool));
	}
	json_object_set_new(j, "lines", a);
	return j;
}

/* ---- the sections document ---- */

static const char *const sec_type_names[] = {"text", "outcomes", "circle", "decisions", "risks",
					     "lines"};

static plan_sec_type sec_type_parse(const char *s)
{
	for (int i = 0; i < 6; i++)
		if (str_eq(s, sec_type_names[i]))
			return (plan_sec_type)i;
	return (plan_sec_type)-1;
}

static bool key_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* The first key of o not in keys (NULL-terminated), or NULL. */
static const char *unknown_key(const json_t *o, const char *const *keys)
{
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		bool ok = false;
		for (const char *const *p = keys; *p && !ok; p++)
			ok = !strcmp(*p, k);
		if (!ok)
			return k;
	}
	return NULL;
}

/* Section i of the document into out->sec[i]; seen collects the types. */
static sn_err read_section(const json_t *s, size_t i, arena *a, plan_sections *out,
			   unsigned *seen, char *why, size_t why_size)
{
	static const char *const fields[] = {"key", "type", "heading", "guidance", NULL};
	if (!json_is_object(s))
		return snprintf(why, why_size, "sections[%zu]: must be an object with key, type, heading and guidance", i), SN_EINPUT;
	const char *odd = unknown_key(s, fields);
	if (odd)
		return snprintf(why, why_size, "sections[%zu].%s: is not a field of a section (key, type, heading, guidance)", i,
				str_key_clip(odd, 40, (char[41]){0})), SN_EINPUT;
	const char *key = json_string_value(json_object_get(s, "key"));
	const char *head = json_string_value(json_object_get(s, "heading"));
	const json_t *g = json_object_get(s, "guidance");
	const char *guid = json_string_value(g);
	plan_sec_type t = sec_type_parse(json_string_value(json_object_get(s, "type")));
	if (!key || !key_ok(key))
		return snprintf(why, why_size, "sections[%zu].key: must be 1 to 40 of a-z, 0-9 and _", i), SN_EINPUT;
	if ((int)t < 0)
		return snprintf(why, why_size, "sections[%zu].type: must be text, outcomes, circle, decisions, risks or lines", i), SN_EINPUT;
	if (!head || !*head || strlen(head) > PLAN_SHORT_MAX)
		return snprintf(why, why_size, "sections[%zu].heading: must be 1 to %d characters", i, PLAN_SHORT_MAX), SN_EINPUT;
	if ((g && !json_is_null(g) && !guid) || (guid && strlen(guid) > PLAN_TEXT_MAX / 4))
		return snprintf(why, why_size, "sections[%zu].guidance: must be text of %d characters or fewer", i, PLAN_TEXT_MAX / 4), SN_EINPUT;
	for (size_t k = 0; k < i; k++)
		if (!strcmp(out->sec[k].key, key))
			return snprintf(why, why_size, "sections[%zu].key: %s is used twice", i, key), SN_EINPUT;
	if (t != PLAN_SEC_TEXT && (*seen & (1u << t)))
		return snprintf(why, why_size, "sections[%zu].type: only one %s section", i, sec_type_names[t]), SN_EINPUT;
	*seen |= 1u << t;
	out->sec[i] = (plan_section){arena_strdup(a, key), arena_strdup(a, head),
				     arena_strdup(a, guid ? guid : ""), t};
	return SN_OK;
}

sn_err plan_sections_from_json(const json_t *j, arena *a, plan_sections *out, char *why,
			       size_t why_size)
{
	static const char *const fields[] = {"name", "version", "title", "sections", NULL};
	memset(out, 0, sizeof *out);
	if (!json_is_object(j))
		return snprintf(why, why_size, "sections document: must be a JSON object"), SN_EINPUT;
	const char *odd = unknown_key(j, fields);
	if (odd)
		return snprintf(why, why_size, "%s: is not a field of a sections document (name, version, title, sections)",
				str_key_clip(odd, 40, (char[41]){0})), SN_EINPUT;
	const char *name = json_string_value(json_object_get(j, "name"));
	const json_t *ver = json_object_get(j, "version"), *secs = json_object_get(j, "sections");
	const json_t *title = json_object_get(j, "title");
	if (!name || !key_ok(name))
		return snprintf(why, why_size, "name: must be 1 to 40 of a-z, 0-9 and _"), SN_EINPUT;
	if (!json_is_integer(ver) || json_integer_value(ver) < 1 ||
	    json_integer_value(ver) > PLAN_SECTIONS_VERSION_MAX)
		return snprintf(why, why_size, "version: must be a whole number from 1 to %d", PLAN_SECTIONS_VERSION_MAX), SN_EINPUT;
	if (title && (!json_is_string(title) || strlen(json_string_value(title)) > PLAN_SHORT_MAX))
		return snprintf(why, why_size, "title: must be text of %d characters or fewer", PLAN_SHORT_MAX), SN_EINPUT;
	if (!json_is_array(secs) || !json_array_size(secs) ||
	    json_array_size(secs) > PLAN_SECTIONS_MAX)
		return snprintf(why, why_size, "sections: must be a list of 1 to %d sections",
				PLAN_SECTIONS_MAX), SN_EINPUT;
	unsigned seen = 0;
	for (size_t i = 0; i < json_array_size(secs); i++) {
		sn_err e = read_section(json_array_get(secs, i), i, a, out, &seen, why, why_size);
		if (e)
			return e;
	}
	/* Stored plans hold outcomes, a circle, decisions, risks and lines:
	 * sections without one of them would orphan what plans hold. */
	for (int t = PLAN_SEC_OUTCOMES; t <= PLAN_SEC_LINES; t++)
		if (!(seen & (1u << t)))
			return snprintf(why, why_size, "sections: has no %s section (plans hold their %s: one each of outcomes, circle, decisions, risks and lines is needed)", sec_type_names[t], sec_type_names[t]), SN_EINPUT;
	out->n = json_array_size(secs);
	out->name = arena_strdup(a, name);
	out->version = json_integer_value(ver);
	return SN_OK;
}

static plan_sections standard;
static arena *standard_arena;
static pthread_once_t standard_once = PTHREAD_ONCE_INIT;

static void standard_load(void)
{
	const embed_file *f = embed_find(embed_data, "plan/sections-standard.json");
	json_t *j = NULL;
	char why[200];
	standard_arena = arena_new();
	if (!f || json_open_object((const char *)f->data, f->len, 1u << 20, &j, why, sizeof why) ||
	    plan_sections_from_json(j, standard_arena, &standard, why, sizeof why))
		standard.n = 0; /* a broken build: test_plan_json fails on it */
	json_decref(j);
}

const plan_sections *plan_sections_standard(void)
{
	pthread_once(&standard_once, standard_load);
	return standard.n ? &standard : NULL;
}
