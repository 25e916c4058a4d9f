/* The timebank report: exchanges, hours given and members active, by
 * category and by month, for a period (default: the last twelve months).
 * Coordinators run the timebank and see every figure. For commissioners
 * the figures are area-wide statistics about people: the exchanges' counts
 * go through the disclosure control every published table uses
 * (dc_suppress_linked: the two groupings share their total), hours are
 * hidden with their row's count, and a count of members from 1 to 9 is
 * never shown. */
#include <stdio.h>
#include <string.h>

#include "../disclosure/disclosure.h"
#include "tb_int.h"

static const char *cell(req *r, bool hidden, int64_t v)
{
	return hidden ? "fewer than 10" : arena_printf(r->a, "%lld", (long long)v);
}

static const char *hours(req *r, bool hidden, int64_t minutes)
{
	return hidden ? "not shown" : arena_printf(r->a, "%lld.%lld", (long long)(minutes / 60),
						   (long long)(minutes % 60 * 10 / 60));
}

/* Rows into the view, with t (NULL: nothing hidden) deciding what is shown. */
static json_t *rows_view(req *r, const tb_report_row *rows, size_t n, const dc_table *t, bool suppress)
{
	json_t *list = json_array();
	for (size_t i = 0; i <= n; i++) {
		bool total = i == n;
		int64_t ex = 0, min = 0;
		if (total)
			for (size_t k = 0; k < n; k++) {
				ex += rows[k].exchanges;
				min += rows[k].minutes;
			}
		bool hid = t && (total ? t->hidden[n][0] : t->hidden[i][0]);
		int64_t members = total ? -1 : rows[i].members;
		bool mhid = suppress && members > 0 && members < DC_MIN;
		json_array_append_new(list, json_pack("{sssssssssb}", "label", total ? "Total" : rows[i].label, "exchanges",
			cell(r, hid, total ? ex : rows[i].exchanges), "hours", hours(r, hid, total ? min : rows[i].minutes),
			"members", total ? "" : cell(r, mhid, members), "total", total));
	}
	return list;
}

static sn_err fill(dc_table *t, const tb_report_row *rows, size_t n)
{
	sn_err rc = dc_table_init(t, n ? n : 1, 1);
	for (size_t i = 0; i < n && !rc; i++)
		rc = dc_set(t, i, 0, rows[i].exchanges);
	return rc;
}

sn_err tb_report_page(req *r, reply *out)
{
	const char *today = tb_today(r);
	char from[11], to[11];
	int64_t d = tb_day(today);
	tb_day_format(d - 364, from);
	tb_day_format(d + 1, to);
	if (tb_day(req_get(r, "from")) >= 0)
		snprintf(from, sizeof from, "%s", req_get(r, "from"));
	if (tb_day(req_get(r, "to")) >= 0)
		snprintf(to, sizeof to, "%s", req_get(r, "to"));
	bool suppress = !(r->user->roles & R_COORDINATOR);
	tb_report_row *by_cat, *by_month;
	size_t nc = 0, nm = 0;
	int64_t all = 0, all2 = 0;
	sn_err rc = store_begin(r->db);
	if (!rc)
		rc = tb_report(r->db, false, from, to, r->a, &by_cat, &nc, &all);
	if (!rc)
		rc = tb_report(r->db, true, from, to, r->a, &by_month, &nm, &all2);
	store_rollback(r->db);
	if (rc)
		return rc;
	if (nc > DC_MAX_ROWS || nm > DC_MAX_ROWS)
		return reply_error(r, out, 422, "Choose a shorter period: at most 256 months.");
	dc_table *t = NULL;
	if (suppress) {
		t = arena_alloc(r->a, 2 * sizeof *t);
		rc = fill(&t[0], by_cat, nc);
		if (!rc)
			rc = fill(&t[1], by_month, nm);
		dc_table *both[2] = {&t[0], &t[1]};
		if (!rc)
			rc = dc_suppress_linked(both, 2);
		if (rc)
			return rc;
	}
	json_t *v = json_object();
	json_object_set_new(v, "by_category", rows_view(r, by_cat, nc, t, suppress));
	json_object_set_new(v, "by_month", rows_view(r, by_month, nm, t ? &t[1] : NULL, suppress));
	json_object_set_new(v, "has_rows", json_boolean(nc > 0));
	json_object_set_new(v, "members", json_string(cell(r, suppress && all > 0 && all < DC_MIN, all)));
	json_object_set_new(v, "from", json_string(time_uk_day(r->a, from)));
	char last[11];
	tb_day_format(tb_day(to) - 1, last);
	json_object_set_new(v, "to", json_string(time_uk_day(r->a, last)));
	json_object_set_new(v, "suppressed", json_boolean(suppress));
	return reply_page(out, 200, "timebank/report", "Timebank report", v);
}
