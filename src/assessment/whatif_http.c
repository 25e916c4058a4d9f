/* "What if": a draft RAS scheme run over the answers of past budgets
 * before it is adopted. Shows, by client group and by locality, how many
 * budgets would go up, down or stay the same and the weekly cost before and
 * after, as tables and a chart. Aggregates only, through disclosure
 * control (src/disclosure): counts under 10 hidden, with more hidden
 * wherever one could be worked out from the rest, and money shown only
 * where its people are, in the page and the JSON alike. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../base/jsonin.h"
#include "../budget/budget_forms.h"
#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../disclosure/disclosure.h"
#include "../rulesdata/rulesdata.h"
#include "assessment.h"

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

/* The counts of a "what if" table (rows: its groups or localities;
 * columns: up, down, same) for disclosure control (src/disclosure). dc is
 * the caller's. */
static sn_err fill(const ras_whatif *w, dc_table *dc)
{
	sn_err rc = dc_table_init(dc, w->n_rows ? w->n_rows : 1, 3);
	for (size_t i = 0; i < w->n_rows && !rc; i++) {
		const ras_whatif_row *x = &w->rows[i];
		rc = dc_set(dc, i, 0, (int64_t)x->up);
		if (!rc)
			rc = dc_set(dc, i, 1, (int64_t)x->down);
		if (!rc)
			rc = dc_set(dc, i, 2, (int64_t)x->unchanged);
	}
	return rc;
}

/* A count as the page and the JSON give it: the number, or null and
 * "hidden" when disclosure control hides it. */
static void count(json_t *o, const char *key, const dc_table *dc, size_t row, size_t col)
{
	bool hidden = dc->hidden[row][col];
	json_object_set_new(o, key, hidden ? json_null() : json_integer(dc->value[row][col]));
	char text[32];
	snprintf(text, sizeof text, "%s_text", key);
	json_object_set_new(o, text, hidden ? json_string("hidden") : json_integer(dc->value[row][col]));
}

/* One row (or the total, row == dc->rows): its counts, and its money only
 * when its people are shown. */
static json_t *row_view(req *r, const dc_table *dc, size_t row, const ras_whatif_row *x, int64_t *max_pence)
{
	json_t *o = json_object();
	count(o, "n", dc, row, 3);
	count(o, "up", dc, row, 0);
	count(o, "down", dc, row, 1);
	count(o, "same", dc, row, 2);
	bool shown = !dc_row_hidden(dc, row);
	json_object_set_new(o, "shown", json_boolean(shown));
	if (!shown)
		return o;
	if (max_pence && x->before_pence > *max_pence)
		*max_pence = x->before_pence;
	if (max_pence && x->after_pence > *max_pence)
		*max_pence = x->after_pence;
	json_object_set_new(o, "before", json_string(money(r->a, x->before_pence)));
	json_object_set_new(o, "after", json_string(money(r->a, x->after_pence)));
	json_object_set_new(o, "change", json_string(change(r->a, x->after_pence - x->before_pence)));
	json_object_set_new(o, "before_pence", json_integer(x->before_pence));
	json_object_set_new(o, "after_pence", json_integer(x->after_pence));
	return o;
}

static json_t *rows_view(req *r, const ras_whatif *w, const dc_table *dc, bool by_group, const ras_scheme *s,
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
		json_t *o = row_view(r, dc, i, x, max_pence);
		json_object_set_new(o, "name", json_string(arena_printf(r->a, "%c%s",
			name[0] >= 'a' && name[0] <= 'z' ? name[0] - 32 : name[0], name + 1)));
		json_array_append_new(rows, o);
	}
	return rows;
}

/* Bar widths for the chart, as percentages of the largest shown total. */
static void bars(json_t *rows, int64_t max_pence)
{
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		if (!json_is_true(json_object_get(x, "shown")))
			continue;
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

/* The page: the result (or null), the figures form for scheme fig (the
 * draft run, or the scheme in force; posted: the form's values as typed,
 * with their messages) and the draft as JSON, the expert's view. */
static sn_err page(req *r, reply *out, int status, const char *draft_text, json_t *result,
		   const ras_scheme *fig, bool posted)
{
	json_t *v = json_pack("{s:s, s:o, s:i}", "draft", draft_text, "result",
			      result ? result : json_null(), "suppress", DC_MIN);
	json_object_set_new(v, "figures", budget_ras_figures_view(r, fig, posted));
	json_object_set_new(v, "figures_error", json_string(budget_form_error(r, "figures")
		? budget_form_error(r, "figures") : ""));
	if (r->errors)
		json_object_set(v, "errors", r->errors);
	return reply_page(out, status, "assessment/whatif", "What if the RAS changed?", v);
}

/* Scheme s as the JSON the page shows, from the request's arena. */
static const char *scheme_text(req *r, const ras_scheme *s)
{
	json_t *j = ras_scheme_to_json(s);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	const char *t = text ? arena_strdup(r->a, text) : "";
	free(text);
	return t;
}

sn_err whatif_form(req *r, reply *out)
{
	ras_scheme *s = arena_alloc(r->a, sizeof *s);
	char err[256];
	if (rules_load_ras(r->db, RAS_DEFAULT_SCHEME, s, err, sizeof err))
		return SN_EINTERNAL;
	return page(r, out, 200, scheme_text(r, s), NULL, s, false);
}

/* The draft to run: the JSON sent, and with the figures form
 * ("figures"), its figures put into it: a draft (status "draft", the
 * next version when it was the one in force), whose JSON becomes the
 * expert's view. On a problem, the page again (400) and *done. */
static sn_err the_draft(req *r, reply *out, const ras_scheme *cur, ras_scheme *draft,
			const char **draft_text, bool *done)
{
	char err[512];
	*done = true;
	if (r->errors)
		return page(r, out, 400, *draft_text, NULL, cur, false);
	if (ras_scheme_from_json(*draft_text, strlen(*draft_text), draft, err, sizeof err)) {
		r->errors = json_pack("[{s:s, s:s}]", "field", "draft", "message",
				      arena_printf(r->a, "The draft scheme cannot be used: %s", err));
		return page(r, out, 400, *draft_text, NULL, cur, false);
	}
	if (*req_form(r, "figures")) {
		ras_scheme *base = arena_alloc(r->a, sizeof *base);
		*base = *draft;
		if (budget_ras_figures_from_form(r, draft))
			return page(r, out, 400, *draft_text, NULL, base, true);
		snprintf(draft->status, sizeof draft->status, "draft");
		if (draft->version == cur->version && draft->version < RAS_MAX_VERSION)
			draft->version++;
		*draft_text = scheme_text(r, draft);
	}
	*done = false;
	return SN_OK;
}

sn_err whatif_run(req *r, reply *out)
{
	const char *draft_text = req_get(r, "draft");
	ras_scheme *cur = arena_alloc(r->a, sizeof *cur), *draft = arena_alloc(r->a, sizeof *draft);
	char err[512];
	bool done;
	if (rules_load_ras(r->db, RAS_DEFAULT_SCHEME, cur, err, sizeof err))
		return SN_EINTERNAL;
	sn_err rc = the_draft(r, out, cur, draft, &draft_text, &done);
	if (rc || done)
		return rc;
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
		return page(r, out, 400, draft_text, NULL, cur, false);
	}
	whatif_run_ctx x = {.cur = cur, .draft = draft, .year = year,
			    .c = arena_alloc(r->a, sizeof(ras_case)),
			    .by_group = arena_alloc(r->a, sizeof(ras_whatif)),
			    .by_place = arena_alloc(r->a, sizeof(ras_whatif))};
	ras_whatif_init(x.by_group);
	ras_whatif_init(x.by_place);
	rc = asmt_each_budget_in_force(r->db, add_budget, &x);
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
	dc_table *dc_group = arena_alloc(r->a, sizeof *dc_group), *dc_place = arena_alloc(r->a, sizeof *dc_place);
	rc = fill(by_group, dc_group);
	if (!rc)
		rc = fill(by_place, dc_place);
	dc_table *both[] = {dc_group, dc_place};
	if (!rc)
		rc = dc_suppress_linked(both, 2);
	if (rc)
		return rc;
	int64_t max = 0;
	json_t *groups = rows_view(r, by_group, dc_group, true, draft, &max);
	json_t *places = rows_view(r, by_place, dc_place, false, draft, &max);
	bars(groups, max);
	bars(places, max);
	const ras_whatif_row *t = &by_group->total;
	json_t *result = row_view(r, dc_group, dc_group->rows, t, NULL);
	json_object_set_new(result, "total_shown", json_boolean(!dc_row_hidden(dc_group, dc_group->rows)));
	json_object_set_new(result, "counts_shown", json_boolean(!dc_group->hidden[dc_group->rows][0] &&
		!dc_group->hidden[dc_group->rows][1] && !dc_group->hidden[dc_group->rows][2]));
	json_object_set_new(result, "groups", groups);
	json_object_set_new(result, "places", places);
	json_object_set_new(result, "year", json_string(year));
	json_object_set_new(result, "skipped", json_integer((json_int_t)skipped));
	json_object_set_new(result, "assumed", json_integer((json_int_t)assumed));
	json_object_set_new(result, "draft_version", json_integer(draft->version));
	json_object_set_new(result, "draft_name", json_string(draft->name));
	json_object_set_new(result, "current_version", json_integer(cur->version));
	json_object_set_new(result, "has_assumed", json_boolean(assumed > 0));
	json_object_set_new(result, "has_skipped", json_boolean(skipped > 0));
	json_object_set_new(result, "by_group", json_pack("{s:s, s:s, s:s, s:O}", "id", "by-group",
		"caption", "By client group", "what", "Client group", "rows", groups));
	json_object_set_new(result, "by_place", json_pack("{s:s, s:s, s:s, s:O}", "id", "by-locality",
		"caption", "By locality", "what", "Locality", "rows", places));
	return page(r, out, 200, draft_text, result, draft, false);
}
