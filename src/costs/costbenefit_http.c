/* The cost-benefit model's page (/insight/cost-benefit): the model as
 * data, its sums for one person line by line so a commissioner can follow
 * them, and for the cohort the model names (counted in the store, or
 * "what if" a number of people is given). A cohort of fewer than 10 people
 * shows no figures. With Accept: application/json the same view is JSON,
 * its "data" being cb_to_json's. */
#include <stdio.h>
#include <string.h>

#include "../costbenefit/costbenefit.h"
#include "../disclosure/disclosure.h"
#include "costs_pages.h"

static const char *money(req *r, int64_t pence)
{
	char m[64];
	dc_money_words(pence, m, sizeof m);
	return arena_strdup(r->a, m);
}

static const char *pct(req *r, int64_t bp)
{
	char p[32];
	cb_percent_words(bp, p, sizeof p);
	return arena_strdup(r->a, p);
}

static void step(json_t *steps, const char *text)
{
	json_array_append_new(steps, json_pack("{ss}", "text", text));
}

/* One outcome's sums in words, each line the one before it worked on. */
static json_t *outcome_steps(req *r, const cb_outcome *o, const cb_outcome_sums *s)
{
	json_t *v = json_array();
	const char *units = arena_printf(r->a, "%lld %s%s", (long long)o->units, o->unit, o->units == 1 ? "" : "s");
	step(v, arena_printf(r->a, "Cost avoided when it happens: %s × %s = %s", units, money(r, o->unit_cost_pence),
			     money(r, s->gross)));
	step(v, arena_printf(r->a, "It happens for %s of people: %s of %s = %s", pct(r, o->achieved_bp),
			     pct(r, o->achieved_bp), money(r, s->gross), money(r, s->expected)));
	step(v, arena_printf(r->a, "Less deadweight (%s would have happened anyway): %s − %s = %s",
			     pct(r, o->deadweight_bp), money(r, s->expected), money(r, s->deadweight),
			     money(r, s->after_deadweight)));
	step(v, arena_printf(r->a, "Less attribution (%s due to others): %s − %s = %s in year 1",
			     pct(r, o->attribution_bp), money(r, s->after_deadweight), money(r, s->attribution),
			     money(r, s->year[0])));
	for (int y = 1; y < o->years; y++)
		step(v, arena_printf(r->a, "Year %d, less drop-off of %s: %s − %s = %s", y + 1, pct(r, o->drop_off_bp),
				     money(r, s->year[y - 1]), money(r, s->year[y - 1] - s->year[y]),
				     money(r, s->year[y])));
	if (o->years > 1) {
		const char *sum = money(r, s->year[0]);
		for (int y = 1; y < o->years; y++)
			sum = arena_printf(r->a, "%s + %s", sum, money(r, s->year[y]));
		step(v, arena_printf(r->a, "Over %d years: %s = %s", o->years, sum, money(r, s->total)));
	}
	return v;
}

static json_t *totals_steps(req *r, const cb_model *m, const cb_result *per)
{
	json_t *v = json_array();
	const char *sum = "";
	for (size_t i = 0; i < m->n_outcomes; i++)
		sum = arena_printf(r->a, "%s%s%s", sum, i ? " + " : "", money(r, per->o[i].total));
	step(v, arena_printf(r->a, "Benefit: %s = %s", sum, money(r, per->benefit)));
	sum = "";
	for (size_t i = 0; i < m->n_inputs; i++)
		sum = arena_printf(r->a, "%s%s%s", sum, i ? " + " : "", money(r, m->inputs[i].cost_pence));
	step(v, m->n_inputs > 1 ? arena_printf(r->a, "Cost: %s = %s", sum, money(r, per->cost))
				: arena_printf(r->a, "Cost: %s", money(r, per->cost)));
	step(v, arena_printf(r->a, "Net benefit: %s − %s = %s", money(r, per->benefit), money(r, per->cost),
			     money(r, per->net)));
	char words[64];
	cb_ratio_words(per->ratio_pence, words, sizeof words);
	step(v, per->cost > 0 ? arena_printf(r->a, "Benefit–cost ratio: %s ÷ %s = %s", money(r, per->benefit),
					     money(r, per->cost), words)
			      : arena_printf(r->a, "Benefit–cost ratio: %s", words));
	return v;
}

/* The per person and cohort figures side by side. */
static json_t *cohort_rows(req *r, const cb_model *m, const cb_result *per, const cb_result *all)
{
	json_t *v = json_array();
#define ROW(label, a, b) json_array_append_new(v, json_pack("{ssssss}", "label", label, "each", money(r, a), "all", money(r, b)))
	for (size_t i = 0; i < m->n_outcomes; i++) {
		const cb_outcome_sums *p = &per->o[i], *c = &all->o[i];
		ROW(arena_printf(r->a, "%s: after deadweight and attribution, year 1", m->outcomes[i].label), p->year[0],
		    c->year[0]);
		ROW(arena_printf(r->a, "%s: over %d year%s", m->outcomes[i].label, m->outcomes[i].years,
				 m->outcomes[i].years == 1 ? "" : "s"),
		    p->total, c->total);
	}
	ROW("Benefit", per->benefit, all->benefit);
	ROW("Cost", per->cost, all->cost);
	ROW("Net benefit", per->net, all->net);
#undef ROW
	return v;
}

static json_t *model_view(req *r, const cb_model *m, const cb_result *per)
{
	json_t *ins = json_array(), *outs = json_array();
	for (size_t i = 0; i < m->n_inputs; i++)
		json_array_append_new(ins, json_pack("{ssss}", "label", m->inputs[i].label, "cost",
						     money(r, m->inputs[i].cost_pence)));
	for (size_t i = 0; i < m->n_outcomes; i++) {
		const cb_outcome *o = &m->outcomes[i];
		json_array_append_new(
			outs, json_pack("{sssssssssssssssssssssbso}", "label", o->label, "unit_cost",
					money(r, o->unit_cost_pence), "unit", o->unit, "units",
					arena_printf(r->a, "%lld %s%s", (long long)o->units, o->unit, o->units == 1 ? "" : "s"),
					"achieved", pct(r, o->achieved_bp), "deadweight", pct(r, o->deadweight_bp),
					"attribution", pct(r, o->attribution_bp), "drop_off", pct(r, o->drop_off_bp), "years",
					arena_printf(r->a, "%d year%s", o->years, o->years == 1 ? "" : "s"), "source",
					o->source,
					"has_source", o->source[0] != 0, "steps", outcome_steps(r, o, &per->o[i])));
	}
	return json_pack("{sssssssoso}", "title", m->title, "description", m->description, "cohort_label",
			 m->cohort_label, "inputs", ins, "outcomes", outs);
}

sn_err costbenefit_page(req *r, reply *out)
{
	const char *id = req_get(r, "model"), *given = req_get(r, "people");
	cb_model *m = arena_alloc(r->a, sizeof *m);
	char err[512], today[21];
	sn_err rc = cb_model_load(*id ? id : CB_DEFAULT_MODEL, m, err, sizeof err);
	if (rc == SN_ENOTFOUND || rc == SN_EINPUT)
		return reply_error(r, out, rc == SN_ENOTFOUND ? 404 : 500, err);
	int64_t people = 0;
	time_iso8601(time_now(), today);
	today[10] = 0;
	if (*given)
		rc = str_to_i64(given, 0, CB_PEOPLE_MAX, &people);
	else
		rc = costs_cohort_count(r->db, m->cohort_min_age, today, &people);
	if (rc)
		return rc;
	cb_result *per = arena_alloc(r->a, sizeof *per), *all = arena_alloc(r->a, sizeof *all);
	cb_per_person(m, per);
	cb_aggregate(per, people, all);
	bool shown = people >= DC_MIN;
	char words[64];
	cb_ratio_words(per->ratio_pence, words, sizeof words);
	json_t *v = json_pack("{sosos{sssbsbssso}sssossso}", "model", model_view(r, m, per), "totals",
			      totals_steps(r, m, per), "cohort", "people",
			      arena_printf(r->a, "%lld", (long long)people), "shown", shown, "what_if", *given != 0,
			      "label", m->cohort_label, "rows", shown ? cohort_rows(r, m, per, all) : json_array(),
			      "ratio_words", words, "data", cb_to_json(m, per, all), "model_id", m->id, "action",
			      json_string("/insight/cost-benefit"));
	return reply_page(out, 200, "costs/cost-benefit", "Cost–benefit", v);
}
