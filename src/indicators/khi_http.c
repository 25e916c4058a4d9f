/* The key human indicators' pages: one person's indicators over time, each
 * a small chart with a table of the same numbers (docs/indicators.md).
 * Reached through a relationship like the person's other pages: the
 * person, someone they named (without the wellbeing answers, which are
 * the person's, as on a review), their worker, or break glass; a refusal
 * is audited, and so is each read, in the same transaction as the read. */
#include <string.h>

#include "../access/access.h"
#include "../plan/plan_rules.h"
#include "khi_pages.h"
#include "khi_store.h"

/* The page's groups, each a heading and its indicators in order. */
static const struct {
	const char *heading, *self_intro, *intro;
	khi_kind first, last;
	bool wellbeing; /* the person's own answers: not for someone they named */
} groups[] = {
    {"Personal wellbeing (ONS4)",
     "Four questions you answered at reviews and in social prescribing.",
     "Four questions the person answered at reviews and in social prescribing.", KHI_LIFE,
     KHI_ANXIOUS, true},
    {"Loneliness", "How lonely you have felt, asked in two ways.",
     "How lonely the person has felt, asked in "
     "two ways.",
     KHI_UCLA3, KHI_LONELY, true},
    {"Goals in the support plan", "How your goals went at each review.",
     "How the person's goals went at each review.", KHI_GAS, KHI_MET, false},
    {"Circle of support",
     "The people and groups in your support plan's circle of support, each time the "
     "plan was saved.",
     "The people and groups in the support plan's circle of support, each time the plan "
     "was saved.",
     KHI_CIRCLE, KHI_UNPAID, false},
};

static const char *day_words(req *r, int64_t day)
{
	char d[11];
	civil_format(day, d);
	return time_uk_day(r->a, d);
}

static json_t *change_of(req *r, const khi_series *s)
{
	json_t *c = json_object();
	const char *verdict = khi_change_verdict(s->kind, s->change);
	json_object_set_new(c, "text", json_string(khi_change_text(r->a, s->kind, s->change)));
	json_object_set_new(c, "since", json_string(day_words(r, s->points[0].day)));
	json_object_set_new(c, "better", json_boolean(str_eq(verdict, "better")));
	json_object_set_new(c, "worse", json_boolean(str_eq(verdict, "worse")));
	json_object_set_new(c, "same", json_boolean(str_eq(verdict, "same")));
	return c;
}

/* One indicator: its words, the chart, the table's rows, the latest and
 * the change. */
static json_t *indicator(req *r, const khi_series *s, bool self)
{
	json_t *v = json_object();
	const char *id = arena_printf(r->a, "khi-%s", khi_key(s->kind));
	json_object_set_new(v, "id", json_string(id));
	json_object_set_new(v, "title", json_string(khi_title(s->kind)));
	json_object_set_new(v, "meaning",
	                    json_string(self ? khi_meaning_self(s->kind) : khi_meaning(s->kind)));
	json_object_set_new(v, "direction", json_string(khi_direction_words(s->kind)));
	json_object_set_new(v, "has_points", json_boolean(s->n > 0));
	if (!s->n)
		return v;
	bool banded = s->kind != KHI_LONELY && *khi_band(s->kind, s->points[0].value);
	json_object_set_new(
	    v, "svg", json_string(khi_chart_svg(r->a, s, arena_printf(r->a, "%s-chart", id))));
	json_object_set_new(v, "has_band", json_boolean(banded));
	json_t *rows = json_array();
	for (size_t i = 0; i < s->n; i++) {
		const khi_point *p = &s->points[i];
		json_t *row = json_object();
		json_object_set_new(row, "date", json_string(day_words(r, p->day)));
		json_object_set_new(row, "value",
		                    json_string(khi_value_text(r->a, s->kind, p->value, p->of)));
		json_object_set_new(row, "band",
		                    json_string(banded ? khi_band(s->kind, p->value) : ""));
		json_object_set_new(row, "from", json_string(khi_source_words(p->source)));
		json_array_append_new(rows, row);
	}
	json_object_set_new(v, "rows", rows);
	json_object_set_new(
	    v, "latest",
	    json_string(khi_value_text(r->a, s->kind, s->latest, s->points[s->n - 1].of)));
	json_object_set_new(v, "latest_band", json_string(banded ? s->band : ""));
	json_object_set_new(v, "latest_on", json_string(day_words(r, s->points[s->n - 1].day)));
	if (s->has_change)
		json_object_set_new(v, "change", change_of(r, s));
	return v;
}

static json_t *view_of(req *r, const person *p, access_basis basis, const khi_series *series)
{
	bool self = basis == ACCESS_SELF, wellbeing = basis != ACCESS_NAMED;
	json_t *v = json_object(), *list = json_array(), *glance = json_array();
	json_object_set_new(v, "person_id", json_string(p->uuid));
	json_object_set_new(
	    v, "name", json_string(arena_printf(r->a, "%s %s", p->given_name, p->family_name)));
	json_object_set_new(v, "is_self", json_boolean(self));
	json_object_set_new(v, "break_glass", json_boolean(basis == ACCESS_BREAK_GLASS));
	json_object_set_new(v, "wellbeing_hidden", json_boolean(!wellbeing));
	for (size_t g = 0; g < SN_ARRAY_LEN(groups); g++) {
		if (groups[g].wellbeing && !wellbeing)
			continue;
		json_t *gv = json_object(), *items = json_array();
		json_object_set_new(gv, "heading", json_string(groups[g].heading));
		json_object_set_new(gv, "intro",
		                    json_string(self ? groups[g].self_intro : groups[g].intro));
		for (khi_kind k = groups[g].first; k <= groups[g].last; k++) {
			json_t *iv = indicator(r, &series[k], self);
			json_array_append(items, iv);
			if (series[k].n)
				json_array_append(glance, iv);
			json_decref(iv);
		}
		json_object_set_new(gv, "indicators", items);
		json_array_append_new(list, gv);
	}
	json_object_set_new(v, "groups", list);
	json_object_set_new(v, "has_glance", json_boolean(json_array_size(glance) > 0));
	json_object_set_new(v, "glance", glance);
	return v;
}

/* The person in the path and the caller's basis; 403 (audited) unless
 * the person, someone they named, their worker or break glass. */
static sn_err reach(req *r, reply *out, person **p, access_basis *basis, bool *denied)
{
	*denied = false;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, p);
	if (!rc)
		rc = access_person(r->db, r->user, (*p)->id, basis);
	if (rc || *basis != ACCESS_NONE)
		return rc;
	*denied = true;
	audit_entry e = {r->user->uuid, "", "indicators.denied",
	                 arena_printf(r->a, "person:%s", (*p)->uuid),
	                 arena_printf(r->a, "basis: %s", access_basis_name(*basis))};
	rc = audit_append(r->db, &e);
	if (!rc)
		rc = reply_error(r, out, 403,
		                 "Only the person, someone they named and their worker can see "
		                 "the person's indicators.");
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return rc;
}

sn_err khi_person_page(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = reach(r, out, &p, &basis, &denied);
	if (rc || denied) /* an error: the pipeline rolls back (and may retry) */
		return rc ? rc : store_commit(r->db);
	khi_obs *obs;
	size_t n;
	rc = khi_observations(r->db, p->id, basis != ACCESS_NAMED, r->a, &obs, &n);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "indicators.read", p->uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	khi_series *series = arena_alloc(r->a, KHI_N * sizeof *series);
	khi_build(obs, n, series);
	json_t *v = view_of(r, p, basis, series);
	return reply_page(out, 200, "indicators/person",
	                  basis == ACCESS_SELF
	                      ? "Your indicators over time"
	                      : arena_printf(r->a, "Indicators over time for %s %s", p->given_name,
	                                     p->family_name),
	                  v);
}

sn_err khi_me_page(req *r, reply *out)
{
	const char *uuid;
	sn_err rc = people_uuid_of_user(r->db, r->user->id, r->a, &uuid);
	if (rc)
		return rc;
	if (!uuid)
		return reply_page(out, 200, "people/none", "Your record", NULL);
	return reply_redirect(out, arena_printf(r->a, "/people/%s/indicators", uuid));
}

sn_err khi_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (basis == ACCESS_NONE)
		return SN_OK;
	json_t *s = json_object();
	json_object_set_new(s, "href",
	                    json_string(arena_printf(r->a, "/people/%s/indicators", p->uuid)));
	json_object_set_new(s, "is_self", json_boolean(basis == ACCESS_SELF));
	json_object_set_new(view, "indicators", s);
	return SN_OK;
}
