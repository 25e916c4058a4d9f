/* The commissioners' pages (/insight), the wellbeing figures and the
 * market position statements (/market-position, public): every table
 * built by ins_build, drawn by partials/dc-table and downloadable as CSV
 * and JSON from the same description. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight_pages.h"

#define MONTHS_DEFAULT 12
#define MPS_MONTHS 24

bool ins_period_of(req *r, int months, ins_period *p)
{
	char now[21];
	time_iso8601(time_now(), now);
	const char *from = req_get(r, "from"), *to = req_get(r, "to");
	bool ok = true;
	if (*to && !ins_month_ok(to)) {
		req_add_error(r, "to", "Enter the last month as YYYY-MM, like 2026-11");
		ok = false;
	}
	if (*from && !ins_month_ok(from)) {
		req_add_error(r, "from", "Enter the first month as YYYY-MM, like 2025-12");
		ok = false;
	}
	snprintf(p->to, sizeof p->to, "%.7s", ok && *to ? to : now);
	if (ok && *from)
		snprintf(p->from, sizeof p->from, "%s", from);
	else
		ins_month_add(p->to, -(months - 1), p->from);
	if (ok && strcmp(p->from, p->to) > 0) {
		req_add_error(r, "from", "The first month must be before the last");
		ok = false;
	} else if (ok && ins_months_between(p->from, p->to) > INS_MAX_MONTHS) {
		req_add_error(r, "from", "Choose at most 36 months");
		ok = false;
	}
	if (!ok)
		ins_month_add(p->to, -(months - 1), p->from);
	return ok;
}

static json_t *table_view(req *r, const char *base, const ins_table *t, const ins_period *p)
{
	const char *q = arena_printf(r->a, "?from=%s&to=%s", p->from, p->to);
	return dc_view(&t->pub, arena_printf(r->a, "%s/%s.csv%s", base, t->spec.name, q),
		       arena_printf(r->a, "%s/%s.json%s", base, t->spec.name, q));
}

json_t *ins_period_view(const ins_period *p)
{
	char a[32], b[32];
	ins_month_words(p->from, a, sizeof a);
	ins_month_words(p->to, b, sizeof b);
	return json_pack("{ssssssss}", "from", p->from, "to", p->to, "from_words", a, "to_words", b);
}

sn_err insight_home(req *r, reply *out)
{
	ins_period p;
	bool ok = ins_period_of(r, MONTHS_DEFAULT, &p);
	json_t *tables = json_array();
	ins_table first[2];
	for (size_t i = 0; i < ins_home_count(); i++) {
		ins_spec sp;
		ins_home_spec(i, &sp);
		ins_table t;
		sn_err rc = ins_build(r->db, r->a, &sp, p.from, p.to, 0, &t);
		if (rc) {
			json_decref(tables);
			return rc;
		}
		if (i < 2) /* supply and demand, for the chart */
			first[i] = t;
		json_array_append_new(tables, table_view(r, "/insight/tables", &t, &p));
	}
	char *svg = ins_coverage_svg(&first[0], &first[1]);
	const char *chart = arena_strdup(r->a, svg);
	free(svg);
	json_t *measures = json_array();
	for (size_t i = 0; i < ins_measure_count(); i++)
		json_array_append_new(measures, json_pack("{ssss}", "kind", ins_measure_kind(i), "words",
							  ins_measure_words(i)));
	ins_axis areas;
	sn_err rc = ins_areas(r->db, r->a, &areas);
	if (rc) {
		json_decref(tables);
		json_decref(measures);
		return rc;
	}
	json_t *av = json_array();
	for (size_t i = 0; i < areas.n; i++)
		json_array_append_new(av, json_pack("{ssss}", "uuid", areas.keys[i], "name", areas.words[i]));
	json_t *v = json_pack("{sosososossss}", "period", ins_period_view(&p), "tables", tables, "measures", measures,
			      "areas", av, "action", "/insight", "chart", chart);
	return reply_page(out, ok ? 200 : 422, "insight/home", "Evidence for commissioners", v);
}

sn_err insight_wellbeing(req *r, reply *out)
{
	ins_period p;
	bool ok = ins_period_of(r, MONTHS_DEFAULT, &p);
	const char *m = req_get(r, "measure");
	size_t mi = 0;
	for (size_t i = 0; i < ins_measure_count(); i++)
		if (str_eq(ins_measure_kind(i), m))
			mi = i;
	json_t *tables = json_array();
	for (size_t j = 0; j < ins_split_count(); j++) {
		ins_spec sp;
		ins_measure_spec(mi, j, &sp);
		ins_table t;
		sn_err rc = ins_build(r->db, r->a, &sp, p.from, p.to, 0, &t);
		if (rc) {
			json_decref(tables);
			return rc;
		}
		json_array_append_new(tables, table_view(r, "/insight/tables", &t, &p));
	}
	json_t *measures = json_array();
	for (size_t i = 0; i < ins_measure_count(); i++)
		json_array_append_new(measures, json_pack("{sssssb}", "kind", ins_measure_kind(i), "words",
							  ins_measure_words(i), "current", i == mi));
	json_t *v = json_pack("{sosossssssso}", "period", ins_period_view(&p), "tables", tables, "measure",
			      ins_measure_words(mi), "measure_kind", ins_measure_kind(mi), "action", "/insight/wellbeing",
			      "measures", measures);
	return reply_page(out, ok ? 200 : 422, "insight/wellbeing", "Key human indicators by locality", v);
}

/* "name.csv" or "name.json" -> the spec and whether CSV. */
static bool export_name(req *r, const char *id, ins_spec *sp, bool *csv)
{
	size_t n = strlen(id);
	*csv = n > 4 && str_eq(id + n - 4, ".csv");
	bool json = n > 5 && str_eq(id + n - 5, ".json");
	if (!*csv && !json)
		return false;
	char *name = arena_strdup(r->a, id);
	name[n - (*csv ? 4 : 5)] = '\0';
	return ins_spec_find(name, sp) == SN_OK;
}

static sn_err export_reply(reply *out, const ins_table *t, bool csv)
{
	if (csv) {
		buf b;
		buf_init(&b, 4 * 1024 * 1024);
		sn_err rc = dc_csv(&t->pub, &b);
		if (rc) {
			buf_free(&b);
			return rc;
		}
		out->status = 200;
		out->content_type = "text/csv; charset=utf-8";
		out->body = b.data ? b.data : xstrdup("");
		out->body_len = b.len;
		out->body_free = true;
		return SN_OK;
	}
	json_t *j = dc_json(&t->pub);
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!text)
		return SN_EINTERNAL;
	out->status = 200;
	out->content_type = "application/json";
	out->body = text;
	out->body_len = strlen(text);
	out->body_free = true;
	return SN_OK;
}

sn_err insight_export(req *r, reply *out)
{
	ins_spec sp;
	bool csv;
	if (!export_name(r, req_get(r, "id"), &sp, &csv))
		return reply_error(r, out, 404, "There is no such table: the tables' names are on /insight.");
	ins_period p;
	if (!ins_period_of(r, MONTHS_DEFAULT, &p))
		return reply_error(r, out, 400, "Give the months as YYYY-MM, the first before the last, at most 36.");
	ins_table t;
	sn_err rc = ins_build(r->db, r->a, &sp, p.from, p.to, 0, &t);
	return rc ? rc : export_reply(out, &t, csv);
}

/* ---- market position statements: one an area, public ---- */

/* The statement's tables: supply, demand, needs not met, trends. */
static const char *const mps_tables[] = {"services-by-need-and-locality", "referrals-made-by-need-and-locality",
					 "needs-not-met-by-need-and-locality", "requests-by-month-and-locality",
					 "referrals-made-by-month-and-locality"};

sn_err mps_index(req *r, reply *out)
{
	ins_axis areas;
	sn_err rc = ins_areas(r->db, r->a, &areas);
	if (rc)
		return rc;
	json_t *av = json_array();
	for (size_t i = 0; i < areas.n; i++)
		json_array_append_new(av, json_pack("{ssss}", "uuid", areas.keys[i], "name", areas.words[i]));
	return reply_page(out, 200, "insight/mps-index", "Market position statements", json_pack("{so}", "areas", av));
}

/* The gaps: needs whose referrals were declined or not completed 10 or
 * more times (most first), then needs asked for with no service at all,
 * then needs asked for most with fewer than 10 services; at most
 * MPS_GAPS. Only published figures decide it (a shown count, "none", or
 * "fewer than 10"), so the list gives nothing away. */
#define MPS_GAPS 6

typedef struct {
	int rank;          /* 0 unmet, 1 no services, 2 few services */
	int64_t weight;    /* the unmet or demand count, larger first */
	const char *need, *why;
} gap;

static int gap_order(const void *x, const void *y)
{
	const gap *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	return a->weight < b->weight ? 1 : a->weight > b->weight ? -1 : strcmp(a->need, b->need);
}

static json_t *gaps(req *r, const ins_table *supply, const ins_table *demand, const ins_table *unmet)
{
	gap *all = arena_alloc(r->a, (demand->rows.n + 1) * sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < demand->rows.n; i++) {
		const char *need = demand->rows.keys[i];
		const dc_table *d = demand->t;
		size_t C = d->cols;
		bool demand_shown = !d->hidden[i][C] && d->value[i][C] >= DC_MIN;
		int64_t sup = 0, un = -1;
		bool sup_hidden = false;
		for (size_t k = 0; k < supply->rows.n; k++)
			if (str_eq(supply->rows.keys[k], need)) {
				sup_hidden = supply->t->hidden[k][supply->t->cols];
				sup = supply->t->value[k][supply->t->cols];
			}
		for (size_t k = 0; k < unmet->rows.n; k++)
			if (str_eq(unmet->rows.keys[k], need) && !unmet->t->hidden[k][unmet->t->cols])
				un = unmet->t->value[k][unmet->t->cols];
		char words[64];
		dc_count_words(d->value[i][C], false, words, sizeof words);
		if (un >= DC_MIN)
			all[n++] = (gap){0, un, demand->rows.words[i],
					 arena_printf(r->a, "%lld referrals were declined or not completed", (long long)un)};
		else if (demand_shown && !sup_hidden && sup == 0)
			all[n++] = (gap){1, d->value[i][C], demand->rows.words[i],
					 arena_printf(r->a, "%s referrals, and no directory services", words)};
		else if (demand_shown && sup_hidden)
			all[n++] = (gap){2, d->value[i][C], demand->rows.words[i],
					 arena_printf(r->a, "%s referrals, and fewer than 10 directory services", words)};
	}
	qsort(all, n, sizeof *all, gap_order);
	json_t *g = json_array();
	for (size_t i = 0; i < n && i < MPS_GAPS; i++)
		json_array_append_new(g, json_pack("{ssss}", "need", all[i].need, "why", all[i].why));
	return g;
}

sn_err mps_page(req *r, reply *out)
{
	int64_t loc = 0;
	const char *name = NULL;
	sn_err rc = ins_area(r->db, r->a, req_get(r, "id"), &loc, &name);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such area.");
	if (rc)
		return rc;
	ins_period p;
	bool ok = ins_period_of(r, MPS_MONTHS, &p);
	ins_table t[SN_ARRAY_LEN(mps_tables)];
	json_t *tables = json_array();
	const char *base = arena_printf(r->a, "/market-position/%s/tables", req_get(r, "id"));
	for (size_t i = 0; i < SN_ARRAY_LEN(mps_tables) && !rc; i++) {
		ins_spec sp;
		rc = ins_spec_find(mps_tables[i], &sp);
		if (!rc)
			rc = ins_build(r->db, r->a, &sp, p.from, p.to, loc, &t[i]);
		if (!rc)
			json_array_append_new(tables, table_view(r, base, &t[i], &p));
	}
	if (rc) {
		json_decref(tables);
		return rc;
	}
	json_t *demand = json_array(), *trends = json_array();
	for (size_t i = 1; i < 3; i++)
		json_array_append(demand, json_array_get(tables, i));
	for (size_t i = 3; i < 5; i++)
		json_array_append(trends, json_array_get(tables, i));
	json_t *g = gaps(r, &t[0], &t[1], &t[2]);
	json_t *v = json_pack("{sssososososbsoss}", "area", name, "period", ins_period_view(&p), "supply",
			      json_incref(json_array_get(tables, 0)), "demand", demand, "trends", trends, "has_gaps",
			      json_array_size(g) > 0, "gaps", g, "action", r->path);
	json_decref(tables);
	return reply_page(out, ok ? 200 : 422, "insight/mps", arena_printf(r->a, "Market position statement: %s", name),
			  v);
}

sn_err mps_export(req *r, reply *out)
{
	int64_t loc = 0;
	const char *name = NULL;
	sn_err rc = ins_area(r->db, r->a, req_get(r, "id"), &loc, &name);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such area.");
	if (rc)
		return rc;
	ins_spec sp;
	bool csv, found = false;
	if (export_name(r, req_get(r, "table"), &sp, &csv))
		for (size_t i = 0; i < SN_ARRAY_LEN(mps_tables); i++)
			found |= str_eq(sp.name, mps_tables[i]);
	if (!found)
		return reply_error(r, out, 404, "There is no such table in this statement.");
	ins_period p;
	if (!ins_period_of(r, MPS_MONTHS, &p))
		return reply_error(r, out, 400, "Give the months as YYYY-MM, the first before the last, at most 36.");
	ins_table t;
	rc = ins_build(r->db, r->a, &sp, p.from, p.to, loc, &t);
	return rc ? rc : export_reply(out, &t, csv);
}
