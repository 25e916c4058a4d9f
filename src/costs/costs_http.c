/* The pathway costs page (/insight/costs) and its exports, and the
 * cost-benefit model's page (/insight/cost-benefit): for commissioners.
 * The costs table goes through dc_suppress and dc_publish like every
 * table about people; the model's figures for a cohort are shown only
 * from 10 people. */
#include <stdio.h>
#include <string.h>

#include "../costbenefit/costbenefit.h"
#include "../disclosure/disclosure.h"
#include "../insight/insight_pages.h"
#include "costs_pages.h"

#define COSTS_MONTHS_DEFAULT 24
#define COSTS_TABLE "pathway-costs-by-stage-and-age-band"

typedef struct {
	dc_table t;
	costs_sums sums;
	const char *row_labels[N_STAGES], *col_keys[COSTS_N_BANDS], *col_labels[COSTS_N_BANDS];
	int64_t money[N_STAGES + 1], people[N_STAGES + 1], average[N_STAGES + 1];
	dc_extra extras[2];
	dc_published pub;
} costs_table;

static const char *const band_col_keys[COSTS_N_BANDS] = {"under_65", "65_74", "75_84", "85_plus", "not_known"};

/* Builds and suppresses the table. Money beside a stage is shown only
 * when its people are shown and 10 or more; the total's money only when
 * every stage's is (so no stage's money is the total less the others). */
static sn_err build(req *r, const ins_period *p, costs_table *o)
{
	costs_person_stage *ps = NULL;
	size_t n = 0;
	char from[11], to[11];
	snprintf(from, sizeof from, "%s-01", p->from);
	snprintf(to, sizeof to, "%s-31", p->to);
	sn_err rc = costs_people_stages(r->db, r->a, from, to, &ps, &n);
	if (rc)
		return rc;
	costs_sum(ps, n, &o->sums);
	dc_table_init(&o->t, N_STAGES, COSTS_N_BANDS);
	for (int s = 0; s < N_STAGES; s++) {
		o->row_labels[s] = costs_stage_words((costs_stage)s);
		for (int b = 0; b < COSTS_N_BANDS; b++)
			dc_set(&o->t, (size_t)s, (size_t)b, o->sums.people[s][b]);
	}
	for (int b = 0; b < COSTS_N_BANDS; b++) {
		o->col_keys[b] = band_col_keys[b];
		o->col_labels[b] = ins_age_words[b];
	}
	rc = dc_suppress(&o->t, NULL);
	if (rc)
		return rc;
	bool all_shown = true;
	for (int s = 0; s <= N_STAGES; s++) {
		o->money[s] = o->sums.pence[s];
		o->people[s] = s < N_STAGES ? o->t.value[s][COSTS_N_BANDS] : o->sums.people_all;
		o->average[s] = o->people[s] ? (o->money[s] + o->people[s] / 2) / o->people[s] : 0;
		if (s < N_STAGES && o->people[s] && (dc_row_hidden(&o->t, (size_t)s) || o->people[s] < DC_MIN))
			all_shown = false;
	}
	if (!all_shown)
		o->people[N_STAGES] = 0;
	o->extras[0] = (dc_extra){.key = "cost", .label = "Cost", .money = true, .values = o->money,
				  .people = o->people};
	o->extras[1] = (dc_extra){.key = "cost_per_person", .label = "Cost a person", .money = true,
				  .values = o->average, .people = o->people};
	o->pub = (dc_published){.id = COSTS_TABLE,
				.title = "People with pathway costs, by stage and age band, and the cost",
				.row_key = "stage",
				.row_label = "Pathway stage",
				.row_labels = o->row_labels,
				.col_keys = o->col_keys,
				.col_labels = o->col_labels,
				.t = &o->t,
				.extras = o->extras,
				.n_extras = 2};
	return SN_OK;
}

static json_t *stages_view(void)
{
	json_t *v = json_array();
	for (size_t i = 0; i < COSTS_N_SETTINGS; i++) {
		costs_stage s = costs_stage_of(costs_setting_keys[i]);
		json_array_append_new(v, json_pack("{ssss}", "setting", costs_setting_keys[i], "stage",
						   costs_stage_words(s)));
	}
	return v;
}

sn_err costs_page(req *r, reply *out)
{
	ins_period p;
	bool ok = ins_period_of(r, COSTS_MONTHS_DEFAULT, &p);
	costs_table *t = arena_alloc(r->a, sizeof *t);
	sn_err rc = build(r, &p, t);
	if (rc)
		return rc;
	const char *q = arena_printf(r->a, "?from=%s&to=%s", p.from, p.to);
	json_t *table = dc_view(&t->pub, arena_printf(r->a, "/insight/costs/tables/%s.csv%s", COSTS_TABLE, q),
				arena_printf(r->a, "/insight/costs/tables/%s.json%s", COSTS_TABLE, q));
	json_t *v = json_pack("{sosososs}", "period", ins_period_view(&p), "table", table, "settings", stages_view(),
			      "action", "/insight/costs");
	return reply_page(out, ok ? 200 : 422, "costs/costs", "Pathway costs", v);
}

sn_err costs_export(req *r, reply *out)
{
	const char *id = req_get(r, "id");
	bool csv = str_eq(id, COSTS_TABLE ".csv"), json = str_eq(id, COSTS_TABLE ".json");
	if (!csv && !json)
		return reply_error(r, out, 404, "There is no such table: the table's name is on /insight/costs.");
	ins_period p;
	if (!ins_period_of(r, COSTS_MONTHS_DEFAULT, &p))
		return reply_error(r, out, 400, "Give the months as YYYY-MM, the first before the last, at most 36.");
	costs_table *t = arena_alloc(r->a, sizeof *t);
	sn_err rc = build(r, &p, t);
	if (rc)
		return rc;
	char *body = NULL;
	size_t len = 0;
	if (csv) {
		buf b;
		buf_init(&b, 1024 * 1024);
		rc = dc_csv(&t->pub, &b);
		if (rc) {
			buf_free(&b);
			return rc;
		}
		body = b.data ? b.data : xstrdup("");
		len = b.len;
	} else {
		json_t *j = dc_json(&t->pub);
		body = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		if (!body)
			return SN_EINTERNAL;
		len = strlen(body);
	}
	out->status = 200;
	out->content_type = csv ? "text/csv; charset=utf-8" : "application/json";
	out->body = body;
	out->body_len = len;
	out->body_free = true;
	return SN_OK;
}
