/* The before/after summary: the caller's own cases (a link worker) and the
 * area's, as a page and as CSV, small numbers suppressed by sp_summarise
 * (socialrx.h). Counts only: no person is named, so nothing here reads a
 * record; the page's use is audited as one entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socialrx_int.h"

static void answers(const char *text, bool ons, wb_answers *w, bool *has)
{
	wb_answers t;
	if (text && !sp_answers_read(text, &t)) {
		if (ons)
			memcpy(w->ons4, t.ons4, sizeof t.ons4);
		else
			memcpy(w->ucla3, t.ucla3, sizeof t.ucla3);
		*has = true;
	}
}

static sn_err tally(req *r, int64_t worker_id, sp_tally *t)
{
	sp_summary_row *rows;
	size_t n = 0;
	memset(t, 0, sizeof *t);
	sn_err rc = sp_summary_rows(r->db, worker_id, r->a, &rows, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		sp_tally_add_case(t, rows[i].open);
		wb_answers a, b;
		bool ha = false, hb = false;
		wb_clear(&a);
		wb_clear(&b);
		for (int k = 0; k < 2; k++) {
			answers(rows[i].start[k], k == 0, &a, &ha);
			answers(rows[i].followup[k], k == 0, &b, &hb);
		}
		sp_pair p;
		sp_pair_of(ha ? &a : NULL, hb ? &b : NULL, &p);
		sp_tally_add_pair(t, &p);
	}
	return rc;
}

static json_t *summary_json(req *r, const sp_summary *s, const char *key, const char *title)
{
	json_t *items = json_array();
	for (int i = 0; i < SP_ITEMS; i++) {
		const sp_item_summary *o = &s->item[i];
		json_array_append_new(items, json_pack("{ssssssssssssssssss}", "label", sp_item_label(i), "people",
			sp_cell_text(r->a, o->people), "better", sp_cell_text(r->a, o->better), "same",
			sp_cell_text(r->a, o->same), "worse", sp_cell_text(r->a, o->worse), "mean_before",
			sp_mean_text(r->a, o->mean_before, false), "mean_after", sp_mean_text(r->a, o->mean_after, false),
			"mean_change", sp_mean_text(r->a, o->mean_change, true), "pct_better", o->pct_better.shown
			? arena_printf(r->a, "%lld%%", (long long)o->pct_better.v) : "not shown"));
	}
	return json_pack("{ssssssssssso}", "key", key, "title", title, "cases", sp_cell_text(r->a, s->cases), "open",
			 sp_cell_text(r->a, s->open), "closed", sp_cell_text(r->a, s->closed), "items", items);
}

/* Both summaries the caller may see: theirs (a worker) and the area's. */
static sn_err summaries(req *r, sp_summary *mine, sp_summary *area, bool *has_mine)
{
	sp_tally tm, ta;
	*has_mine = (r->user->roles & R_WORKER) != 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc && *has_mine)
		rc = tally(r, r->user->id, &tm);
	if (!rc)
		rc = tally(r, 0, &ta);
	if (!rc) {
		audit_entry e = {r->user->uuid, *has_mine ? "worker" : "commissioner", "socialrx.summary", "",
				 "counts only, small numbers suppressed"};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	if (*has_mine)
		sp_summarise(&tm, NULL, mine);
	sp_summarise(&ta, *has_mine ? &tm : NULL, area);
	return SN_OK;
}

sn_err sp_summary_page(req *r, reply *out)
{
	sp_summary mine, area;
	bool has_mine;
	sn_err rc = summaries(r, &mine, &area, &has_mine);
	if (rc)
		return rc;
	json_t *tables = json_array();
	if (has_mine)
		json_array_append_new(tables, summary_json(r, &mine, "mine", "Your cases"));
	json_array_append_new(tables, summary_json(r, &area, "area", "The whole area"));
	return reply_page(out, 200, "socialrx/summary", "Social prescribing: before and after",
			  json_pack("{sosi}", "tables", tables, "small", SP_SMALL));
}

static void csv_rows(buf *b, req *r, const sp_summary *s, const char *scope)
{
	buf_printf(b, "%s,cases,,%s,,,,,,\n", scope, sp_cell_text(r->a, s->cases));
	buf_printf(b, "%s,open cases,,%s,,,,,,\n", scope, sp_cell_text(r->a, s->open));
	buf_printf(b, "%s,closed cases,,%s,,,,,,\n", scope, sp_cell_text(r->a, s->closed));
	for (int i = 0; i < SP_ITEMS; i++) {
		const sp_item_summary *o = &s->item[i];
		buf_printf(b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", scope, "before and after", sp_item_key(i),
			   sp_cell_text(r->a, o->people), sp_cell_text(r->a, o->better), sp_cell_text(r->a, o->same),
			   sp_cell_text(r->a, o->worse), sp_mean_text(r->a, o->mean_before, false),
			   sp_mean_text(r->a, o->mean_after, false), sp_mean_text(r->a, o->mean_change, true));
	}
}

sn_err sp_summary_csv(req *r, reply *out)
{
	sp_summary mine, area;
	bool has_mine;
	sn_err rc = summaries(r, &mine, &area, &has_mine);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, 65536);
	buf_puts(&b, "scope,figure,item,people,better,same,worse,mean_before,mean_after,mean_change\n");
	if (has_mine)
		csv_rows(&b, r, &mine, "your cases");
	csv_rows(&b, r, &area, "area");
	out->status = 200;
	out->content_type = "text/csv; charset=utf-8";
	out->body = b.data;
	out->body_len = b.len;
	out->body_free = true;
	return SN_OK;
}
