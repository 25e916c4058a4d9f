/* The ledger as JSON (pure): entries, alerts, totals, the quarter's
 * figures, an assistant's year and the import report, for the pages, the
 * API and the command line. Keys are fixed; money in pence. */
#include <string.h>

#include "dp_int.h"

json_t *dp_entry_to_json(const dp_entry *e)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:I}", "id", (json_int_t)e->id,
			      "on_date", e->on_date, "kind", dp_kind_key(e->kind), "amount_pence",
			      (json_int_t)e->amount_pence, "description",
			      e->description ? e->description : "", "plan_line", e->plan_line,
			      "balance_pence", (json_int_t)e->balance_pence);
	json_object_set_new(j, "corrects", e->corrects ? json_integer(e->corrects) : json_null());
	json_object_set_new(j, "imported", json_boolean(e->import_id != 0));
	return j;
}

json_t *dp_alert_to_json(const dp_alert *x)
{
	json_t *j = json_pack("{s:s, s:I, s:s}", "kind", dp_alert_key(x->kind), "amount_pence",
			      (json_int_t)x->amount_pence, "text", x->text ? x->text : "");
	if (x->kind == DP_ALERT_OUTSIDE_PLAN) {
		json_object_set_new(j, "entry_id", json_integer(x->entry_id));
		json_object_set_new(j, "on_date", json_string(x->from));
	} else if (x->kind == DP_ALERT_UNDERSPEND) {
		json_object_set_new(j, "paid_in_pence", json_integer(x->of_pence));
		json_object_set_new(j, "from", json_string(x->from));
		json_object_set_new(j, "to", json_string(x->to));
	} else {
		json_object_set_new(j, "balance_pence", json_integer(x->of_pence));
	}
	return j;
}

json_t *dp_line_totals_to_json(const dp_line_total *t, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I}", "plan_line", t[i].line,
						   "in_pence", (json_int_t)t[i].in_pence, "out_pence",
						   (json_int_t)t[i].out_pence, "entries",
						   (json_int_t)t[i].entries));
	return a;
}

json_t *dp_quarter_to_json(const dp_quarter *q)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "quarter_start", q->start,
			 "quarter_end", q->end, "opening_pence", (json_int_t)q->opening_pence,
			 "in_pence", (json_int_t)q->in_pence, "out_pence",
			 (json_int_t)q->out_pence, "closing_pence", (json_int_t)q->closing_pence,
			 "by_line", dp_line_totals_to_json(q->lines, q->n_lines));
}

json_t *dp_pa_year_to_json(const dp_assistant *pa, const dp_pa_year *y)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I}", "assistant_id",
			      (json_int_t)pa->id, "name", pa->name ? pa->name : "", "year_start",
			      y->year_start, "year_end", y->year_end, "weeks", (json_int_t)y->weeks,
			      "worked_minutes", (json_int_t)y->worked_minutes, "holiday_minutes",
			      (json_int_t)y->holiday_minutes);
	json_object_update_new(j, json_pack("{s:I, s:I, s:I, s:I, s:I}", "entitlement_minutes",
					    (json_int_t)y->entitlement_minutes,
					    "holiday_left_minutes", (json_int_t)y->holiday_left_minutes,
					    "contracted_minutes", (json_int_t)y->contracted_minutes,
					    "gross_pence", (json_int_t)y->gross_pence, "expected_pence",
					    (json_int_t)y->expected_pence));
	return j;
}

static json_t *row_json(const dp_row *r)
{
	json_t *j = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "row", (json_int_t)r->row,
			      "on_date", r->on_date, "amount_pence", (json_int_t)r->amount_pence,
			      "description", r->description, "plan_line", r->line, "fingerprint",
			      r->fingerprint);
	json_object_set_new(j, "balance_pence",
			    r->has_balance ? json_integer(r->balance_pence) : json_null());
	return j;
}

json_t *dp_import_report_to_json(const dp_import_report *rep, const dp_account *acct,
				 sn_err result, bool dry_run)
{
	const dp_statement *st = &rep->st;
	const char *res = result == SN_OK ? (dry_run || !rep->import_id ? "checked" : "imported")
			  : result == SN_EINPUT || result == SN_ETOOBIG ? "refused"
									: "failed";
	json_t *j = json_pack("{s:s, s:s, s:b, s:s, s:s}", "format", "supportnet-dp-import/1",
			      "account", acct ? acct->uuid : "", "dry_run", dry_run, "result", res,
			      "file_sha256", st->sha256);
	json_object_set_new(j, "encoding", json_string(st->cp1252 ? "windows-1252" : "utf-8"));
	json_object_set_new(j, "mapping", dp_mapping_to_json(&st->map));
	json_object_set_new(j, "header_row", json_integer(st->header_row));
	json_t *added = json_array(), *dups = json_array(), *bad = json_array();
	for (size_t i = 0; i < st->n_rows && !st->bad_rows && !st->error[0]; i++)
		json_array_append_new(st->rows[i].duplicate ? dups : added, row_json(&st->rows[i]));
	for (size_t i = 0; i < st->n_problems; i++)
		json_array_append_new(bad, json_pack("{s:I, s:s, s:s}", "row",
						     (json_int_t)st->problems[i].row, "field",
						     st->problems[i].field ? st->problems[i].field : "",
						     "message", st->problems[i].text));
	json_object_set_new(j, dry_run || !rep->import_id ? "new" : "added", added);
	json_object_set_new(j, "duplicates", dups);
	json_object_set_new(j, "bad_rows", bad);
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "rows",
				(json_int_t)st->n_rows, "new", (json_int_t)rep->added, "duplicates",
				(json_int_t)rep->duplicates, "bad_rows", (json_int_t)st->bad_rows,
				"blank_rows", (json_int_t)st->blank_rows, "zero_rows",
				(json_int_t)st->zero_rows);
	json_object_set_new(sum, "bad_rows_not_listed", json_integer(st->n_more));
	json_object_set_new(sum, "first_date", st->first_date[0] ? json_string(st->first_date)
								  : json_null());
	json_object_set_new(sum, "last_date", st->last_date[0] ? json_string(st->last_date)
								: json_null());
	json_object_set_new(j, "summary", sum);
	const char *err = rep->error[0] ? rep->error : st->error;
	json_object_set_new(j, "error", *err ? json_string(err) : json_null());
	return j;
}
