/* The First Contact funnel report for commissioners: checklists completed,
 * referrals made (and per checklist), accepted, completed, and the average
 * days to accept, by month, locality and partner, over a chosen period;
 * as tables, a chart that also reads as the month table, and CSV. Every
 * figure goes through disclosure control (fc_report_publish): a count
 * from 1 to 9 is never shown, nor anything that would give one away. */
#include <stdio.h>
#include <string.h>

#include "fc_pages.h"
#include "fc_store.h"

#define MONTHS_DEFAULT 12

/* The period: from and to as "YYYY-MM" (to included), default the last
 * twelve months; start and end as UTC ISO times for the store. */
typedef struct {
	char from[8], to[8];
	const char *start, *end;
} period;

static bool month_ok(const char *m)
{
	int y = 0, mo = 0;
	char tail;
	return strlen(m) == 7 && sscanf(m, "%4d-%2d%c", &y, &mo, &tail) == 2 && y >= 2000 && y <= 9999 &&
	       mo >= 1 && mo <= 12 && m[4] == '-';
}

static void month_add(const char *m, int add, char out[static 8])
{
	int y = 0, mo = 0;
	sscanf(m, "%4d-%2d", &y, &mo);
	int k = y * 12 + (mo - 1) + add;
	if (k < 0)
		k = 0;
	unsigned year = (unsigned)(k / 12) % 10000u, month = (unsigned)(k % 12) + 1u;
	snprintf(out, 8, "%04u-%02u", year, month % 100u);
}

static bool period_of(req *r, period *p)
{
	char now[21];
	time_iso8601(time_now(), now);
	char this_month[8];
	snprintf(this_month, sizeof this_month, "%.7s", now);
	const char *from = req_get(r, "from"), *to = req_get(r, "to");
	bool ok = true;
	if (*to && !month_ok(to)) {
		req_add_error(r, "to", "Enter the last month as YYYY-MM, like 2026-11");
		ok = false;
	}
	if (*from && !month_ok(from)) {
		req_add_error(r, "from", "Enter the first month as YYYY-MM, like 2025-12");
		ok = false;
	}
	snprintf(p->to, sizeof p->to, "%s", ok && *to ? to : this_month);
	if (ok && *from)
		snprintf(p->from, sizeof p->from, "%s", from);
	else
		month_add(p->to, -(MONTHS_DEFAULT - 1), p->from);
	if (ok && strcmp(p->from, p->to) > 0) {
		req_add_error(r, "from", "The first month must be before the last");
		ok = false;
		month_add(p->to, -(MONTHS_DEFAULT - 1), p->from);
	}
	char after[8];
	month_add(p->to, 1, after);
	p->start = arena_printf(r->a, "%s-01T00:00:00Z", p->from);
	p->end = arena_printf(r->a, "%s-01T00:00:00Z", after);
	return ok;
}

static sn_err build(req *r, const period *p, fc_report *rep)
{
	fc_group *g[FC_N_GROUPINGS];
	size_t n[FC_N_GROUPINGS];
	sn_err rc = SN_OK;
	for (int k = 0; k < FC_N_GROUPINGS && !rc; k++)
		rc = fc_report_groups(r->db, (fc_grouping)k, p->start, p->end, r->a, &g[k], &n[k]);
	if (rc)
		return rc;
	const fc_group *const cg[FC_N_GROUPINGS] = {g[0], g[1], g[2]};
	return fc_report_publish(cg, n, r->a, rep);
}

/* An inline SVG bar chart of the month table: four bars a month; a hidden
 * figure draws no bar (the table beside it says "fewer than 10"). */
static const char *chart(req *r, const fc_row *rows, size_t n)
{
	static const char *const fill[FC_N_MEASURES] = {"#1d70b8", "#003078", "#00703c", "#4c2c92"};
	int64_t max = 1;
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < FC_N_MEASURES; m++)
			if (!rows[i].n[m].hidden && rows[i].n[m].value > max)
				max = rows[i].n[m].value;
	const int w = 40 + (int)n * 56, h = 220, base = 180;
	buf b;
	buf_init(&b, 64 * 1024);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
		   "role=\"img\" aria-labelledby=\"fc-chart-title\" class=\"sn-chart\"><title id=\"fc-chart-title\">"
		   "Checklists, referrals made, accepted and completed by month (the table below has the figures)</title>",
		   w, h);
	buf_printf(&b, "<line x1=\"30\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#0b0c0c\"/>", base, w - 4, base);
	for (size_t i = 0; i < n; i++) {
		int x = 36 + (int)i * 56;
		for (int m = 0; m < FC_N_MEASURES; m++) {
			if (rows[i].n[m].hidden)
				continue;
			int bh = (int)(rows[i].n[m].value * 160 / max);
			buf_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"11\" height=\"%d\" fill=\"%s\"/>",
				   x + m * 12, base - bh, bh, fill[m]);
		}
		buf_printf(&b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#0b0c0c\">%.7s</text>", x,
			   base + 16, rows[i].label);
	}
	buf_puts(&b, "</svg>");
	const char *s = arena_strdup(r->a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

static json_t *table_view(req *r, fc_grouping g, const fc_report *rep, const period *p)
{
	json_t *rows = json_array();
	for (size_t i = 0; i <= rep->n_rows[g]; i++) {
		const fc_row *x = &rep->rows[g][i];
		json_array_append_new(rows, json_pack("{sssssssssssssssb}", "label", x->label,
			"checklists", fc_cell_page(r->a, x->n[FC_CHECKLISTS]),
			"referrals", fc_cell_page(r->a, x->n[FC_REFERRALS]),
			"per_checklist", fc_tenths_page(r->a, x->per_checklist_tenths),
			"accepted", fc_cell_page(r->a, x->n[FC_ACCEPTED]),
			"completed", fc_cell_page(r->a, x->n[FC_COMPLETED]),
			"days", fc_tenths_page(r->a, x->accept_days_tenths),
			"total", i == rep->n_rows[g]));
	}
	return json_pack("{sssssosssb}", "key", fc_grouping_key(g), "words", fc_grouping_words(g), "rows",
		rows, "csv", arena_printf(r->a, "/first-contact/report.csv?grouping=%s&from=%s&to=%s",
					  fc_grouping_key(g), p->from, p->to),
		"by_month", g == FC_BY_MONTH);
}

sn_err fc_report_page(req *r, reply *out)
{
	period p;
	bool ok = period_of(r, &p);
	fc_report rep;
	sn_err rc = build(r, &p, &rep);
	if (rc)
		return rc;
	json_t *tables = json_array();
	for (int g = 0; g < FC_N_GROUPINGS; g++)
		json_array_append_new(tables, table_view(r, (fc_grouping)g, &rep, &p));
	json_t *v = json_pack("{sossssss}", "tables", tables, "from", p.from, "to", p.to, "chart",
			      chart(r, rep.rows[FC_BY_MONTH], rep.n_rows[FC_BY_MONTH]));
	return reply_page(out, ok ? 200 : 422, "firstcontact/report", "First Contact: the funnel", v);
}

/* CSV (RFC 4180): labels quoted, the total row starts "Total", hidden
 * figures are "c". */
static void csv_text(buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			buf_puts(b, "\"\"");
		else
			buf_putc(b, *c);
	}
	buf_puts(b, "\"");
}

sn_err fc_report_csv(req *r, reply *out)
{
	period p;
	if (!period_of(r, &p))
		return reply_error(r, out, 400, "Give the months as YYYY-MM, the first before the last.");
	const char *gk = req_get(r, "grouping");
	fc_grouping g = str_eq(gk, "locality") ? FC_BY_LOCALITY : str_eq(gk, "partner") ? FC_BY_PARTNER
										  : FC_BY_MONTH;
	fc_report rep;
	sn_err rc = build(r, &p, &rep);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 1024 * 1024);
	buf_printf(&b, "%s,checklists,referrals,referrals_per_checklist,accepted,completed,"
		   "average_days_to_accept\r\n", fc_grouping_key(g));
	for (size_t i = 0; i <= rep.n_rows[g]; i++) {
		const fc_row *x = &rep.rows[g][i];
		if (i == rep.n_rows[g])
			buf_puts(&b, "Total");
		else
			csv_text(&b, x->label);
		buf_printf(&b, ",%s,%s,%s,%s,%s,%s\r\n", fc_cell_csv(r->a, x->n[FC_CHECKLISTS]),
			   fc_cell_csv(r->a, x->n[FC_REFERRALS]), fc_tenths_csv(r->a, x->per_checklist_tenths),
			   fc_cell_csv(r->a, x->n[FC_ACCEPTED]), fc_cell_csv(r->a, x->n[FC_COMPLETED]),
			   fc_tenths_csv(r->a, x->accept_days_tenths));
	}
	out->status = 200;
	out->content_type = "text/csv; charset=utf-8";
	out->body = b.data ? b.data : xstrdup("");
	out->body_len = b.len;
	out->body_free = true;
	return SN_OK;
}
