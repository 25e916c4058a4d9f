/* "What if": a draft RAS scheme run over the answers of past budgets
 * before it is adopted. Shows, by client group and by locality, how many
 * budgets would go up, down or stay the same and the weekly cost before and
 * after, as tables and a chart. Aggregates only, with small numbers
 * suppressed (fewer than 10 people in a row: counts and money hidden). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../base/jsonin.h"
#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../rulesdata/rulesdata.h"
#include "assessment.h"

#define WHATIF_SUPPRESS_BELOW 10
#define WHATIF_DRAFT_MAX RAS_SCHEME_INPUT_MAX

static const char *money(arena *a, int64_t pence)
{
	char m[32];
	chg_money(pence, m, sizeof m);
	return arena_strdup(a, m);
}

/* A change: "+£12.00", "-£3.50" or "no change". */
static const char *change(arena *a, int64_t pence)
{
	return pence > 0 ? arena_printf(a, "+%s", money(a, pence)) : pence < 0 ? money(a, pence)
								     : "no change";
}

static json_t *rows_view(req *r, const ras_whatif *w, bool by_group, const ras_scheme *s,
			 int64_t *max_pence)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < w->n_rows; i++) {
		const ras_whatif_row *x = &w->rows[i];
		const char *name = by_group ? x->client_group : x->locality;
		if (by_group) {
			int g = ras_group_index(s, name);
			if (g >= 0)
				name = s->groups[g].label;
		}
		if (!*name)
			name = "Not known";
		bool shown = x->n >= WHATIF_SUPPRESS_BELOW;
		if (shown) {
			if (x->before_pence > *max_pence)
				*max_pence = x->before_pence;
			if (x->after_pence > *max_pence)
				*max_pence = x->after_pence;
		}
		json_array_append_new(rows, json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:I}",
			"name", arena_printf(r->a, "%c%s", name[0] >= 'a' && name[0] <= 'z' ? name[0] - 32 : name[0], name + 1),
			"shown", shown, "n", (json_int_t)x->n, "up", (json_int_t)x->up, "down", (json_int_t)x->down,
			"same", (json_int_t)x->unchanged, "before", money(r->a, x->before_pence),
			"after", money(r->a, x->after_pence),
			"change", change(r->a, x->after_pence - x->before_pence),
			"before_pence", (json_int_t)x->before_pence, "after_pence", (json_int_t)x->after_pence));
	}
	return rows;
}

/* Bar widths for the chart, as percentages of the largest shown total. */
static void bars(json_t *rows, int64_t max_pence)
{
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		int64_t b = json_integer_value(json_object_get(x, "before_pence"));
		int64_t a = json_integer_value(json_object_get(x, "after_pence"));
		json_object_set_new(x, "before_pct", json_integer(max_pence ? b * 100 / max_pence : 0));
		json_object_set_new(x, "after_pct", json_integer(max_pence ? a * 100 / max_pence : 0));
	}
}

/* The budgets in force, run through the scheme in force and the draft. */
typedef struct {
	const ras_scheme *cur, *draft;
	const char *year;
	ras_case *c;
	ras_whatif *by_group, *by_place;
	size_t skipped, assumed;
} whatif_run_ctx;

/* One budget's answers (an asmt_budget_fn): a case that either scheme
 * cannot read or price is counted as skipped. */
static sn_err add_budget(void *ctx, const char *answers, const char *locality)
{
	whatif_run_ctx *x = ctx;
	char err[512];
	int64_t before, after;
	size_t n_assumed = 0;
	if (ras_case_from_json(answers, strlen(answers), x->cur, x->year, x->c, err, sizeof err)) {
		x->skipped++;
		return SN_OK;
	}
	snprintf(x->c->year, sizeof x->c->year, "%s", x->year);
	if (ras_whatif_case(x->cur, x->draft, x->c, &before, &after, &n_assumed)) {
		x->skipped++;
		return SN_OK;
	}
	x->assumed += n_assumed > 0;
	if (ras_whatif_add(x->by_group, x->c->client_group, "", before, after) ||
	    ras_whatif_add(x->by_place, "", locality, before, after))
		x->skipped++;
	return SN_OK;
}

static sn_err page(req *r, reply *out, int status, const char *draft_text, json_t *result)
{
	json_t *v = json_pack("{s:s, s:o, s:i}", "draft", draft_text, "result",
			      result ? result : json_null(), "suppress", WHATIF_SUPPRESS_BELOW);
	if (r->errors)
		json_object_set(v, "errors", r->errors);
	return reply_page(out, status, "assessment/whatif", "What if the RAS changed?", v);
}

sn_err whatif_form(req *r, reply *out)
{
	ras_scheme *s = arena_alloc(r->a, sizeof *s);
	char err[256];
	if (rules_load_ras(r->db, RAS_DEFAULT_SCHEME, s, err, sizeof err))
		return SN_EINTERNAL;
	json_t *j = ras_scheme_to_json(s);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	sn_err rc = page(r, out, 200, text ? arena_strdup(r->a, text) : "", NULL);
	free(text);
	return rc;
}

sn_err whatif_run(req *r, reply *out)
{
	const char *draft_text = req_get(r, "draft");
	if (r->errors)
		return page(r, out, 400, draft_text, NULL);
	ras_scheme *cur = arena_alloc(r->a, sizeof *cur), *draft = arena_alloc(r->a, sizeof *draft);
	char err[512];
	if (rules_load_ras(r->db, RAS_DEFAULT_SCHEME, cur, err, sizeof err))
		return SN_EINTERNAL;
	if (ras_scheme_from_json(draft_text, strlen(draft_text), draft, err, sizeof err)) {
		r->errors = json_pack("[{s:s, s:s}]", "field", "draft", "message",
				      arena_printf(r->a, "The draft scheme cannot be used: %s", err));
		return page(r, out, 400, draft_text, NULL);
	}
	/* The year both price: this tax year if they can, else the latest common one. */
	char year[8] = "";
	chg_tax_year_of(time_now(), year);
	if (ras_year_index(cur, year) < 0 || ras_year_index(draft, year) < 0) {
		year[0] = 0;
		for (size_t i = 0; i < cur->n_years; i++)
			if (ras_year_index(draft, cur->years[i]) >= 0 && strcmp(cur->years[i], year) > 0)
				snprintf(year, sizeof year, "%s", cur->years[i]);
	}
	if (!year[0]) {
		r->errors = json_pack("[{s:s, s:s}]", "field", "draft", "message",
				      "The draft scheme must price at least one year the scheme in force prices");
		return page(r, out, 400, draft_text, NULL);
	}
	whatif_run_ctx x = {.cur = cur, .draft = draft, .year = year,
			    .c = arena_alloc(r->a, sizeof(ras_case)),
			    .by_group = arena_alloc(r->a, sizeof(ras_whatif)),
			    .by_place = arena_alloc(r->a, sizeof(ras_whatif))};
	ras_whatif_init(x.by_group);
	ras_whatif_init(x.by_place);
	sn_err rc = asmt_each_budget_in_force(r->db, add_budget, &x);
	if (rc)
		return rc;
	ras_whatif *by_group = x.by_group, *by_place = x.by_place;
	size_t skipped = x.skipped, assumed = x.assumed;
	audit_entry e = {r->user->uuid, (r->user->roles & R_ADMIN) ? "admin" : "commissioner",
			 "ras.whatif", "", arena_printf(r->a, "draft %s v%d over %zu budgets", draft->id,
							 draft->version, by_group->total.n)};
	rc = audit_append(r->db, &e);
	if (rc)
		return rc;
	int64_t max = 0;
	json_t *groups = rows_view(r, by_group, true, draft, &max);
	json_t *places = rows_view(r, by_place, false, draft, &max);
	bars(groups, max);
	bars(places, max);
	const ras_whatif_row *t = &by_group->total;
	bool total_shown = t->n >= WHATIF_SUPPRESS_BELOW;
	json_t *result = json_pack("{s:s, s:I, s:o, s:o, s:b, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:I}",
		"year", year, "n", (json_int_t)t->n, "groups", groups, "places", places,
		"total_shown", total_shown, "up", (json_int_t)t->up, "down", (json_int_t)t->down,
		"same", (json_int_t)t->unchanged, "skipped", (json_int_t)skipped,
		"before", money(r->a, t->before_pence), "after", money(r->a, t->after_pence),
		"change", change(r->a, t->after_pence - t->before_pence), "assumed", (json_int_t)assumed,
		"draft_version", (json_int_t)draft->version, "draft_name", draft->name,
		"current_version", (json_int_t)cur->version);
	json_object_set_new(result, "has_assumed", json_boolean(assumed > 0));
	json_object_set_new(result, "has_skipped", json_boolean(skipped > 0));
	json_object_set_new(result, "by_group", json_pack("{s:s, s:s, s:s, s:O}", "id", "by-group",
		"caption", "By client group", "what", "Client group", "rows", groups));
	json_object_set_new(result, "by_place", json_pack("{s:s, s:s, s:s, s:O}", "id", "by-locality",
		"caption", "By locality", "what", "Locality", "rows", places));
	return page(r, out, 200, draft_text, result);
}
