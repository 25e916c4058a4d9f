/* Writing the plan, one section at a time (GOV.UK's "task list" way: short
 * forms that work without JavaScript). A text section is one text box; a
 * list section (outcomes, circle, decisions, risks, budget lines) lists its
 * items, each changed or removed on its own, and one is added at a time.
 * Every save is a new version of the whole plan, by whoever saved it; a
 * form opened on an older version is refused with what was typed kept on
 * the page, so nothing is lost when two people write at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../once/once.h"
#include "plan_int.h"

/* ---- the fields of each kind of item ---- */

typedef enum { F_INPUT, F_TEXTAREA, F_RADIOS, F_SELECT, F_MONEY, F_CHECK } field_kind;
typedef struct {
	const char *name, *label, *hint;
	field_kind kind;
	size_t max; /* characters */
	bool required;
} field_spec;

#define END {NULL, NULL, NULL, F_INPUT, 0, false}
static const field_spec outcome_fields[] = {
	{"words", "What I want to achieve, in my own words", "For example: \"I want to get to the allotment every week.\"", F_TEXTAREA, PLAN_TEXT_MAX, true},
	{"how", "How it will be met", "", F_TEXTAREA, PLAN_TEXT_MAX, false},
	{"who", "Who will help", "", F_INPUT, PLAN_SHORT_MAX, false},
	{"goal", "Score my progress at reviews with a scaled goal", "Describe below what less and more than you expect would look like.", F_CHECK, 0, false},
	{"weight", "How much this goal matters, from 1 (a little) to 10 (the most)", "", F_SELECT, 2, false},
	{"level_m2", "Much less than expected (-2)", "", F_INPUT, PLAN_SHORT_MAX * 2, false},
	{"level_m1", "Less than expected (-1)", "", F_INPUT, PLAN_SHORT_MAX * 2, false},
	{"level_0", "What I expect (0)", "", F_INPUT, PLAN_SHORT_MAX * 2, false},
	{"level_p1", "More than expected (+1)", "", F_INPUT, PLAN_SHORT_MAX * 2, false},
	{"level_p2", "Much more than expected (+2)", "", F_INPUT, PLAN_SHORT_MAX * 2, false},
	END};
static const field_spec circle_fields[] = {
	{"name", "Name", "", F_INPUT, PLAN_SHORT_MAX, true},
	{"relationship", "Who they are to me", "For example: my son, my neighbour, the allotment group, my PA.", F_INPUT, PLAN_SHORT_MAX, false},
	{"ring", "Where they are in my life", "", F_RADIOS, 0, true},
	END};
static const field_spec decision_fields[] = {
	{"decision", "The decision", "For example: what I eat, where I live, how my money is spent.", F_INPUT, PLAN_SHORT_MAX * 2, true},
	{"who", "Who makes it", "For example: I decide; my son and I decide together.", F_INPUT, PLAN_SHORT_MAX, false},
	{"involve", "How I want to be involved", "", F_TEXTAREA, PLAN_TEXT_MAX, false},
	END};
static const field_spec risk_fields[] = {
	{"risk", "What could go wrong", "", F_TEXTAREA, PLAN_TEXT_MAX, true},
	{"managed", "How I will still do what matters to me safely", "", F_TEXTAREA, PLAN_TEXT_MAX, false},
	{"who", "Who helps with this", "", F_INPUT, PLAN_SHORT_MAX, false},
	END};
static const field_spec line_fields[] = {
	{"what", "What the money pays for", "For example: a personal assistant, 10 hours a week.", F_INPUT, PLAN_SHORT_MAX * 2, true},
	{"weekly", "Cost each week, in pounds", "For example: 160.00", F_MONEY, 20, true},
	{"outcome", "The outcome it helps with", "", F_SELECT, PLAN_ID_MAX, false},
	{"deployment", "How the money is managed", "", F_RADIOS, 0, true},
	{"holder", "Who holds the money", "For a direct payment: leave empty when it is paid to you, or name the person who manages it for you. For an individual service fund: the provider.", F_INPUT, PLAN_SHORT_MAX, false},
	{"pool", "The pooled budget it pays into, if any", "", F_SELECT, 36, false},
	END};

static const field_spec *fields_of(plan_sec_type t)
{
	switch (t) {
	case PLAN_SEC_OUTCOMES: return outcome_fields;
	case PLAN_SEC_CIRCLE: return circle_fields;
	case PLAN_SEC_DECISIONS: return decision_fields;
	case PLAN_SEC_RISKS: return risk_fields;
	case PLAN_SEC_LINES: return line_fields;
	default: return NULL;
	}
}

static const char *item_noun(plan_sec_type t)
{
	switch (t) {
	case PLAN_SEC_OUTCOMES: return "outcome";
	case PLAN_SEC_CIRCLE: return "person";
	case PLAN_SEC_DECISIONS: return "decision";
	case PLAN_SEC_RISKS: return "risk";
	default: return "budget line";
	}
}

/* ---- items in the document, found and named generically ---- */

static size_t *count_of(plan_doc *d, plan_sec_type t)
{
	switch (t) {
	case PLAN_SEC_OUTCOMES: return &d->n_outcomes;
	case PLAN_SEC_CIRCLE: return &d->n_circle;
	case PLAN_SEC_DECISIONS: return &d->n_decisions;
	case PLAN_SEC_RISKS: return &d->n_risks;
	default: return &d->n_lines;
	}
}

static char *id_at(plan_doc *d, plan_sec_type t, size_t i)
{
	switch (t) {
	case PLAN_SEC_OUTCOMES: return d->outcomes[i].id;
	case PLAN_SEC_CIRCLE: return d->circle[i].id;
	case PLAN_SEC_DECISIONS: return d->decisions[i].id;
	case PLAN_SEC_RISKS: return d->risks[i].id;
	default: return d->lines[i].id;
	}
}

/* The index of item id, or -1. */
static long find_item(plan_doc *d, plan_sec_type t, const char *id)
{
	for (size_t i = 0; i < *count_of(d, t); i++)
		if (!strcmp(id_at(d, t, i), id))
			return (long)i;
	return -1;
}

/* A new id: the section's letter and one more than the highest number. */
static void new_id(plan_doc *d, plan_sec_type t, char out[PLAN_ID_MAX + 1])
{
	static const char letters[] = "?ocdkl";
	char c = letters[t];
	unsigned max = 0;
	for (size_t i = 0; i < *count_of(d, t); i++) {
		const char *id = id_at(d, t, i);
		if (id[0] == c) {
			unsigned long n = strtoul(id + 1, NULL, 10);
			if (n > max && n < 1000000)
				max = (unsigned)n;
		}
	}
	snprintf(out, PLAN_ID_MAX + 1, "%c%u", c, (max + 1) % 10000000u);
}

static void remove_item(plan_doc *d, plan_sec_type t, size_t i)
{
	size_t *n = count_of(d, t);
	if (t == PLAN_SEC_OUTCOMES) /* lines meeting it no longer name it */
		for (size_t k = 0; k < d->n_lines; k++)
			if (!strcmp(d->lines[k].outcome, d->outcomes[i].id))
				d->lines[k].outcome[0] = 0;
	size_t size = t == PLAN_SEC_OUTCOMES ? sizeof d->outcomes[0]
		: t == PLAN_SEC_CIRCLE ? sizeof d->circle[0]
		: t == PLAN_SEC_DECISIONS ? sizeof d->decisions[0]
		: t == PLAN_SEC_RISKS ? sizeof d->risks[0] : sizeof d->lines[0];
	char *base = t == PLAN_SEC_OUTCOMES ? (char *)d->outcomes
		: t == PLAN_SEC_CIRCLE ? (char *)d->circle
		: t == PLAN_SEC_DECISIONS ? (char *)d->decisions
		: t == PLAN_SEC_RISKS ? (char *)d->risks : (char *)d->lines;
	memmove(base + i * size, base + (i + 1) * size, (*n - i - 1) * size);
	(*n)--;
}

/* ---- reading a submitted item ---- */

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Checks the typed fields of spec: required ones given, lengths. */
static void check_fields(req *r, const field_spec *spec)
{
	for (const field_spec *f = spec; f->name; f++) {
		const char *v = req_form(r, f->name);
		if (f->required && !*v && f->kind != F_RADIOS)
			req_add_error(r, f->name, arena_printf(r->a, "Enter %s", f->kind == F_MONEY
				? "the cost each week" : arena_printf(r->a, "%c%s", f->label[0] + 32, f->label + 1)));
		else if (f->max && chars(v) > f->max)
			req_add_error(r, f->name, arena_printf(r->a, "%s must be %zu characters or fewer",
							       f->label, f->max));
	}
}

static void read_outcome(req *r, plan_doc *d, plan_outcome *o)
{
	static const char *const lv[5] = {"level_m2", "level_m1", "level_0", "level_p1", "level_p2"};
	o->words = req_form(r, "words");
	o->how = req_form(r, "how");
	o->who = req_form(r, "who");
	o->has_goal = str_eq(req_form(r, "goal"), "yes");
	o->weight = 0;
	for (int k = 0; k < 5; k++)
		o->levels[k] = req_form(r, lv[k]);
	if (!o->has_goal)
		return;
	int64_t w;
	if (str_to_i64(req_form(r, "weight"), 1, 10, &w))
		req_add_error(r, "weight", "Choose how much this goal matters, from 1 to 10");
	o->weight = w;
	if (!*o->levels[2])
		req_add_error(r, "level_0", "Say what you expect to happen (0), or untick the scaled goal");
	(void)d;
}

static void read_line(req *r, plan_doc *d, plan_line *l)
{
	l->what = req_form(r, "what");
	l->holder = req_form(r, "holder");
	const char *w = req_form(r, "weekly");
	if (*w && money_parse_pounds(w, PLAN_WEEKLY_MAX_PENCE, &l->weekly_pence))
		req_add_error(r, "weekly", "Enter the cost each week in pounds, like 160 or 160.50");
	l->deploy = plan_deploy_parse(req_form(r, "deployment"));
	if (l->deploy == DEPLOY_COUNT)
		req_add_error(r, "deployment", "Choose how the money is managed");
	const char *oc = req_form(r, "outcome");
	if (*oc && find_item(d, PLAN_SEC_OUTCOMES, oc) < 0)
		req_add_error(r, "outcome", "Choose one of the plan's outcomes, or none");
	snprintf(l->outcome, sizeof l->outcome, "%s", find_item(d, PLAN_SEC_OUTCOMES, oc) < 0 ? "" : oc);
}

/* Reads the item form into slot i of d (i == count: a new item). */
static void read_item(req *r, plan_doc *d, plan_sec_type t, size_t i)
{
	check_fields(r, fields_of(t));
	switch (t) {
	case PLAN_SEC_OUTCOMES:
		read_outcome(r, d, &d->outcomes[i]);
		break;
	case PLAN_SEC_CIRCLE:
		d->circle[i].name = req_form(r, "name");
		d->circle[i].relationship = req_form(r, "relationship");
		d->circle[i].ring = plan_ring_parse(req_form(r, "ring"));
		if (d->circle[i].ring == RING_COUNT)
			req_add_error(r, "ring", "Choose where they are in your life");
		break;
	case PLAN_SEC_DECISIONS:
		d->decisions[i] = (plan_decision){.decision = req_form(r, "decision"),
			.who = req_form(r, "who"), .involve = req_form(r, "involve")};
		break;
	case PLAN_SEC_RISKS:
		d->risks[i] = (plan_risk){.risk = req_form(r, "risk"),
			.managed = req_form(r, "managed"), .who = req_form(r, "who")};
		break;
	default:
		read_line(r, d, &d->lines[i]);
	}
}

/* ---- the pages ---- */

/* The value of field name in item i of d (or what was typed, after a
 * problem). */
static const char *item_value(req *r, plan_doc *d, plan_sec_type t, long i, const char *name,
			      bool typed)
{
	if (typed)
		return req_form(r, name);
	if (i < 0)
		return "";
	static const char *const lv[5] = {"level_m2", "level_m1", "level_0", "level_p1", "level_p2"};
	switch (t) {
	case PLAN_SEC_OUTCOMES: {
		plan_outcome *o = &d->outcomes[i];
		if (!strcmp(name, "words")) return o->words;
		if (!strcmp(name, "how")) return o->how;
		if (!strcmp(name, "who")) return o->who;
		if (!strcmp(name, "goal")) return o->has_goal ? "yes" : "";
		if (!strcmp(name, "weight")) return o->has_goal ? arena_printf(r->a, "%lld", (long long)o->weight) : "";
		for (int k = 0; k < 5; k++)
			if (!strcmp(name, lv[k]))
				return o->has_goal ? o->levels[k] : "";
		return "";
	}
	case PLAN_SEC_CIRCLE:
		if (!strcmp(name, "name")) return d->circle[i].name;
		if (!strcmp(name, "relationship")) return d->circle[i].relationship;
		return plan_ring_key(d->circle[i].ring);
	case PLAN_SEC_DECISIONS:
		if (!strcmp(name, "decision")) return d->decisions[i].decision;
		if (!strcmp(name, "who")) return d->decisions[i].who;
		return d->decisions[i].involve;
	case PLAN_SEC_RISKS:
		if (!strcmp(name, "risk")) return d->risks[i].risk;
		if (!strcmp(name, "managed")) return d->risks[i].managed;
		return d->risks[i].who;
	default: {
		plan_line *l = &d->lines[i];
		if (!strcmp(name, "what")) return l->what;
		if (!strcmp(name, "weekly")) {
			const char *m = money_pence_text(r->a, l->weekly_pence);
			return m + strlen("£");
		}
		if (!strcmp(name, "outcome")) return l->outcome;
		if (!strcmp(name, "deployment")) return plan_deploy_key(l->deploy);
		if (!strcmp(name, "pool")) return l->pool;
		return l->holder;
	}
	}
}

static const char *field_error(const req *r, const char *key)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (str_eq(json_string_value(json_object_get(e, "field")), key))
			return json_string_value(json_object_get(e, "message"));
	return "";
}

static json_t *options_of(req *r, plan_doc *d, const char *name, const char *value)
{
	json_t *a = json_array();
	if (!strcmp(name, "ring"))
		for (int k = 0; k < RING_COUNT; k++)
			json_array_append_new(a, json_pack("{sssssssb}", "id", k ? arena_printf(r->a, "ring-%d", k) : "ring",
				"value", plan_ring_key(k), "label", plan_ring_label(k), "checked",
				str_eq(value, plan_ring_key(k))));
	else if (!strcmp(name, "deployment"))
		for (int k = 0; k < DEPLOY_COUNT; k++)
			json_array_append_new(a, json_pack("{sssssssb}", "id", k ? arena_printf(r->a, "deployment-%d", k) : "deployment",
				"value", plan_deploy_key(k), "label", plan_deploy_label(k), "checked",
				str_eq(value, plan_deploy_key(k))));
	else if (!strcmp(name, "weight"))
		for (int k = 1; k <= 10; k++) {
			const char *s = arena_printf(r->a, "%d", k);
			json_array_append_new(a, json_pack("{sssssb}", "value", s, "label", s, "checked",
							   str_eq(value, s)));
		}
	else { /* the outcome a line meets */
		json_array_append_new(a, json_pack("{sssssb}", "value", "", "label", "None in particular",
						   "checked", !*value));
		for (size_t k = 0; k < d->n_outcomes; k++)
			json_array_append_new(a, json_pack("{sssssb}", "value", d->outcomes[k].id,
				"label", d->outcomes[k].words, "checked", str_eq(value, d->outcomes[k].id)));
	}
	return a;
}

static json_t *fields_view(req *r, plan_doc *d, plan_sec_type t, long i, bool typed,
			   int64_t person_id)
{
	json_t *a = json_array();
	for (const field_spec *f = fields_of(t); f->name; f++) {
		const char *val = item_value(r, d, t, i, f->name, typed);
		/* A line's pool: only when the person is in one (pool_plan.c). */
		json_t *pools = NULL;
		if (!strcmp(f->name, "pool") && !(pools = pool_plan_options(r, person_id, val ? val : "")))
			continue;
		json_t *v = json_pack("{sssssssssssbsbsbsbsbsb}", "name", f->name, "label", f->label,
			"hint", f->hint, "value", val ? val : "", "error", field_error(r, f->name),
			"is_input", f->kind == F_INPUT, "is_textarea", f->kind == F_TEXTAREA,
			"is_radios", f->kind == F_RADIOS, "is_select", f->kind == F_SELECT,
			"is_money", f->kind == F_MONEY, "is_check", f->kind == F_CHECK);
		if (pools)
			json_object_set_new(v, "options", pools);
		else if (f->kind == F_RADIOS || f->kind == F_SELECT)
			json_object_set_new(v, "options", options_of(r, d, f->name, val));
		if (f->kind == F_CHECK)
			json_object_set_new(v, "checked", json_boolean(str_eq(val, "yes")));
		json_array_append_new(a, v);
	}
	return a;
}

/* Everything a section page needs: the section, the plan, and the item
 * being changed (item: "" for the list, "new", or an id). */
typedef struct {
	plan_ctx ctx;
	const plan_section *sec;
	plan_doc doc;
	plan_version ver;
} edit_state;

static sn_err section_page(req *r, reply *out, int status, edit_state *s, const char *item,
			   bool typed, const char *conflict)
{
	json_t *v = json_pack("{sssssssssssIsssbss}", "plan_id", s->ctx.p.uuid, "person_name",
		s->ctx.p.person_name, "key", s->sec->key, "heading", s->sec->heading, "guidance",
		s->sec->guidance, "version", (json_int_t)s->ctx.p.version, "form_id",
		once_form_id(r), "is_self", s->ctx.basis == ACCESS_SELF, "noun",
		item_noun(s->sec->type));
	json_object_set_new(v, "noun_a", json_string(s->sec->type == PLAN_SEC_OUTCOMES ? "an outcome"
		: arena_printf(r->a, "a %s", item_noun(s->sec->type))));
	json_object_set_new(v, "note", json_string(typed ? req_form(r, "note") : ""));
	if (conflict)
		json_object_set_new(v, "conflict", json_string(conflict));
	const char *tpl;
	if (s->sec->type == PLAN_SEC_TEXT) {
		tpl = "plan/section-text";
		json_object_set_new(v, "text", json_string(typed ? req_form(r, "text")
							     : plan_doc_text(&s->doc, s->sec->key)));
		json_object_set_new(v, "text_error", json_string(field_error(r, "text")));
		json_object_set_new(v, "max", json_integer(PLAN_TEXT_MAX));
	} else if (*item) {
		tpl = "plan/item";
		long i = strcmp(item, "new") ? find_item(&s->doc, s->sec->type, item) : -1;
		json_object_set_new(v, "item", json_string(item));
		json_object_set_new(v, "is_new", json_boolean(i < 0));
		json_object_set_new(v, "fields", fields_view(r, &s->doc, s->sec->type, i, typed,
							     s->ctx.p.person_id));
	} else {
		tpl = "plan/section-list";
		const plan_sections *secs;
		sn_err rc = plan_sections_in_force(r->db, r->a, &secs);
		if (rc) {
			json_decref(v);
			return rc;
		}
		json_t *pv = plan_view(r, &s->ctx, secs, &s->doc, &s->ver, 0, false);
		json_t *all = json_object_get(pv, "sections");
		size_t k;
		json_t *sv;
		json_array_foreach(all, k, sv)
			if (str_eq(json_string_value(json_object_get(sv, "key")), s->sec->key))
				json_object_set(v, "section", sv);
		json_object_set_new(v, "full", json_boolean(*count_of(&s->doc, s->sec->type) >= PLAN_LIST_MAX));
		json_decref(pv);
	}
	return reply_page(out, status, tpl, arena_printf(r->a, "%s - support plan", s->sec->heading), v);
}

/* Loads the plan (for editing) and the section in the path. */
static sn_err load(req *r, reply *out, edit_state *s, bool *stop)
{
	bool denied;
	*stop = false;
	sn_err rc = plan_reach(r, out, NEED_EDIT, &s->ctx, &denied);
	if (rc || denied) {
		*stop = true;
		return rc;
	}
	const plan_sections *secs;
	rc = plan_sections_in_force(r->db, r->a, &secs);
	if (rc)
		return rc;
	s->sec = NULL;
	for (size_t i = 0; i < secs->n && !s->sec; i++)
		if (str_eq(secs->sec[i].key, req_get(r, "key")))
			s->sec = &secs->sec[i];
	if (!s->sec) {
		*stop = true;
		return reply_error(r, out, 404, "This plan has no such section.");
	}
	return plan_load_doc(r, &s->ctx.p, 0, &s->doc, &s->ver);
}

sn_err plan_section_form(req *r, reply *out)
{
	edit_state *s = arena_alloc(r->a, sizeof *s);
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = load(r, out, s, &stop);
	if (rc || stop)
		return rc ? rc : store_commit(r->db);
	const char *item = req_get(r, "item");
	if (s->sec->type != PLAN_SEC_TEXT && *item && strcmp(item, "new") &&
	    find_item(&s->doc, s->sec->type, item) < 0) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "That item is no longer in the plan.");
	}
	rc = plan_audit(r, &s->ctx, "plan.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : section_page(r, out, 200, s, s->sec->type == PLAN_SEC_TEXT ? "" : item, false, NULL);
}

/* Applies the form to s->doc; false (with r->errors) when it cannot. */
static bool apply(req *r, edit_state *s, const char *item, const char *remove)
{
	plan_sec_type t = s->sec->type;
	if (t == PLAN_SEC_TEXT) {
		const char *text = req_form(r, "text");
		if (chars(text) > PLAN_TEXT_MAX) {
			req_add_error(r, "text", arena_printf(r->a, "Write %d characters or fewer", PLAN_TEXT_MAX));
			return false;
		}
		size_t i = 0;
		while (i < s->doc.n_text && strcmp(s->doc.text[i].key, s->sec->key))
			i++;
		if (i == s->doc.n_text && i == PLAN_SECTIONS_MAX)
			return false;
		s->doc.text[i].key = s->sec->key;
		s->doc.text[i].text = text;
		if (i == s->doc.n_text)
			s->doc.n_text++;
		return true;
	}
	if (*remove) {
		long i = find_item(&s->doc, t, remove);
		if (i >= 0)
			remove_item(&s->doc, t, (size_t)i);
		return true;
	}
	long i = strcmp(item, "new") ? find_item(&s->doc, t, item) : -1;
	if (i < 0 && strcmp(item, "new")) {
		req_add_error(r, "item", "That item is no longer in the plan");
		return false;
	}
	size_t *n = count_of(&s->doc, t);
	if (i < 0 && *n >= PLAN_LIST_MAX) {
		req_add_error(r, "item", arena_printf(r->a, "A plan can have at most %d of these", PLAN_LIST_MAX));
		return false;
	}
	size_t slot = i < 0 ? *n : (size_t)i;
	char id[PLAN_ID_MAX + 1];
	if (i < 0)
		new_id(&s->doc, t, id);
	else
		snprintf(id, sizeof id, "%s", id_at(&s->doc, t, slot));
	read_item(r, &s->doc, t, slot);
	if (t == PLAN_SEC_LINES)
		pool_plan_line_read(r, s->ctx.p.person_id, &s->doc.lines[slot]);
	if (r->errors)
		return false;
	snprintf(id_at(&s->doc, t, slot), PLAN_ID_MAX + 1, "%s", id);
	if (i < 0)
		(*n)++;
	return true;
}

sn_err plan_section_save(req *r, reply *out)
{
	edit_state *s = arena_alloc(r->a, sizeof *s);
	bool stop, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = load(r, out, s, &stop);
	if (rc || stop)
		return rc ? rc : store_commit(r->db);
	const char *item = req_form(r, "item"), *remove = req_form(r, "remove");
	if (s->sec->type != PLAN_SEC_TEXT && !*item && !*remove)
		item = "new";
	rc = plan_audit(r, &s->ctx, "plan.read");
	if (rc)
		return rc;
	if (req_get_i64(r, "version", -1) != s->ctx.p.version) {
		rc = store_commit(r->db);
		return rc ? rc : section_page(r, out, 409, s, *remove ? "" : item, !*remove,
			arena_printf(r->a, "The plan was changed by %s %s, after you opened this page. "
				     "What you typed is below: check it against the plan and save again.",
				     s->ver.saved_by, time_uk_when(r->a, s->ver.saved_at)));
	}
	if (!apply(r, s, item, remove)) {
		rc = store_commit(r->db);
		return rc ? rc : section_page(r, out, 400, s, item, true, NULL);
	}
	const char *note = req_form(r, "note");
	if (chars(note) > 500) {
		req_add_error(r, "note", "Say what you changed in 500 characters or fewer");
		rc = store_commit(r->db);
		return rc ? rc : section_page(r, out, 400, s, item, true, NULL);
	}
	rc = plan_store_doc(r, &s->ctx, s->ctx.p.version, &s->doc, note);
	if (!rc)
		rc = plan_audit(r, &s->ctx, "plan.update");
	const char *to = s->sec->type == PLAN_SEC_TEXT
		? arena_printf(r->a, "/plans/%s#%s", s->ctx.p.uuid, s->sec->key)
		: arena_printf(r->a, "/plans/%s/sections/%s", s->ctx.p.uuid, s->sec->key);
	return once_finish(r, out, rc, to);
}
