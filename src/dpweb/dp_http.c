/* A person's direct-payment account: the page (balance, money in and out,
 * alerts in words, what each plan line cost against what the plan says
 * over the period, the ledger newest first with its running balance,
 * paged), opening an account, entries by hand and corrections, and the
 * record page's section. Every read and write is audited against the
 * person ("dp.read", "dp.open", "dp.entry"; "dp.denied"). */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "dp_web.h"

/* ---- the account page ---- */

/* What each direct-payment line of the plan cost from the account's
 * opening to today, against what the plan says it costs over that time;
 * then whatever was spent against no line, or a line not in the plan. */
static json_t *lines_view(req *r, const dpw_ctx *c, const dp_entry *e, size_t n,
			  const char *today, json_t *v)
{
	int64_t from = 0, to = 0;
	dp_date_days(c->acct.opened_on, &from);
	dp_date_days(today, &to);
	int64_t days = to >= from ? to - from + 1 : 0;
	size_t nt = 0;
	dp_line_total *t = dp_totals_by_line(e, n, c->acct.opened_on, today, r->a, &nt);
	json_t *rows = json_array();
	int64_t planned_all = 0, spent_all = 0;
	for (size_t i = 0; i < c->n_lines; i++) {
		int64_t spent = 0, planned = dpw_planned_pence(c->lines[i].weekly_pence, days);
		for (size_t k = 0; k < nt; k++)
			if (!strcmp(t[k].line, c->lines[i].id))
				spent = t[k].out_pence - t[k].in_pence;
		int64_t diff = spent - planned;
		planned_all += planned;
		spent_all += spent;
		json_array_append_new(rows, json_pack("{sssssIsssIsssssb}", "line", c->lines[i].id,
			"what", c->lines[i].what, "planned_pence", (json_int_t)planned, "planned",
			money_pence_text(r->a, planned), "spent_pence", (json_int_t)spent, "spent",
			money_pence_text(r->a, spent), "difference", diff == 0 ? "As planned"
			: diff < 0 ? arena_printf(r->a, "%s less than planned", money_pence_text(r->a, -diff))
				   : arena_printf(r->a, "%s more than planned", money_pence_text(r->a, diff)),
			"in_plan", true));
	}
	for (size_t k = 0; k < nt; k++) {
		if (t[k].line[0] && dpw_line_what(c, t[k].line))
			continue;
		if (t[k].out_pence == 0)
			continue; /* payments in against no line are not spending */
		int64_t spent = t[k].out_pence - (t[k].line[0] ? t[k].in_pence : 0);
		spent_all += spent;
		json_array_append_new(rows, json_pack("{sssssIsssIsssssb}", "line", t[k].line, "what",
			dpw_entry_line_text(r, c, t[k].line), "planned_pence", (json_int_t)0, "planned",
			"Not planned", "spent_pence", (json_int_t)spent, "spent", money_pence_text(r->a, spent),
			"difference", "Outside the plan", "in_plan", false));
	}
	json_object_set_new(v, "period", json_pack("{sssssssIsssIsssI}", "from",
		time_uk_day(r->a, c->acct.opened_on), "to", time_uk_day(r->a, today), "length",
		dpw_weeks_text(r->a, days), "days", (json_int_t)days, "planned",
		money_pence_text(r->a, planned_all), "planned_pence", (json_int_t)planned_all, "spent",
		money_pence_text(r->a, spent_all), "spent_pence", (json_int_t)spent_all));
	return rows;
}

/* The ledger newest first, page by page; a link to correct each entry
 * that is not itself a correction. */
static void ledger_view(req *r, const dpw_ctx *c, const dp_entry *e, size_t n, json_t *v)
{
	int64_t pages = n ? (int64_t)((n + DPW_LEDGER_PAGE - 1) / DPW_LEDGER_PAGE) : 1;
	int64_t page = req_get_i64(r, "page", 1);
	if (page < 1 || page > pages)
		page = page < 1 ? 1 : pages;
	json_t *rows = json_array();
	size_t first = (size_t)(page - 1) * DPW_LEDGER_PAGE;
	for (size_t k = first; k < n && k < first + DPW_LEDGER_PAGE; k++) {
		const dp_entry *x = &e[n - 1 - k];
		json_t *j = dpw_entry_view(r, c, x);
		if (dpw_can_write(c) && x->kind != DP_CORRECTION)
			json_object_set_new(j, "correct_href", json_string(dpw_href(r, c,
				arena_printf(r->a, "/correct?entry=%lld", (long long)x->id))));
		json_array_append_new(rows, j);
	}
	json_t *pg = json_pack("{sIsIsIsbsb}", "page", (json_int_t)page, "pages", (json_int_t)pages,
			       "entries", (json_int_t)n, "several", pages > 1, "has_entries", n > 0);
	if (page > 1)
		json_object_set_new(pg, "previous", json_string(dpw_href(r, c,
			arena_printf(r->a, "?page=%lld#ledger", (long long)(page - 1)))));
	if (page < pages)
		json_object_set_new(pg, "next", json_string(dpw_href(r, c,
			arena_printf(r->a, "?page=%lld#ledger", (long long)(page + 1)))));
	json_object_set_new(v, "ledger", rows);
	json_object_set_new(v, "paging", pg);
}

/* "Imported 12 rows ..." and the like, after a form that changed it. */
static void done_view(req *r, const dpw_ctx *c, json_t *v)
{
	int64_t imported = req_get_i64(r, "imported", 0);
	dp_import_row im;
	if (imported > 0 && !dp_import_get(r->db, c->acct.id, imported, r->a, &im)) {
		json_object_set_new(v, "done", json_string(arena_printf(r->a, "%s imported from %s.%s",
			text_count(r->a, im.rows_added, "entry", "entries"),
			*im.file_name ? im.file_name : "the statement",
			im.rows_duplicate ? arena_printf(r->a, " %s already in the ledger %s left out.",
				text_count(r->a, im.rows_duplicate, "row was", "rows were"),
				im.rows_duplicate == 1 ? "and was" : "and were") : "")));
		json_object_set_new(v, "imported", json_pack("{sIsssIsI}", "id", (json_int_t)im.id,
			"file_name", im.file_name, "added", (json_int_t)im.rows_added, "duplicates",
			(json_int_t)im.rows_duplicate));
		return;
	}
	const char *d = req_get(r, "done");
	const char *t = !strcmp(d, "opened") ? "The direct-payment account is open."
		: !strcmp(d, "entry") ? "The entry is in the ledger."
		: !strcmp(d, "correction") ? "The correction is in the ledger."
		: !strcmp(d, "nothing") ? "Nothing was imported: every row of the statement was in the ledger already."
					: NULL;
	if (t)
		json_object_set_new(v, "done", json_string(t));
}

static json_t *open_form_view(req *r)
{
	bool sent = r->form.n > 0;
	return json_pack("{sssssssssssbsb}", "holder", sent ? req_form(r, "holder") : "person",
		"nominee_name", req_form(r, "nominee_name"), "underspend_percent",
		sent ? req_form(r, "underspend_percent") : "20", "underspend_weeks",
		sent ? req_form(r, "underspend_weeks") : "12", "cap", req_form(r, "cap"),
		"holder_person", !sent || !strcmp(req_form(r, "holder"), "person"), "holder_nominee",
		sent && !strcmp(req_form(r, "holder"), "nominee"));
}

static sn_err account_view(req *r, const dpw_ctx *c, json_t **out)
{
	json_t *v = dpw_base_view(r, c);
	*out = v;
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if (!c->has_account) {
		json_object_set_new(v, "open_form", open_form_view(r));
		return SN_OK;
	}
	dp_entry *e;
	size_t n;
	sn_err rc = dp_entries(r->db, c->acct.id, r->a, &e, &n);
	if (rc)
		return rc;
	char today[11];
	dp_date_today(today);
	int64_t in = 0, outp = 0;
	for (size_t i = 0; i < n && strcmp(e[i].on_date, today) <= 0; i++) {
		if (e[i].amount_pence > 0)
			in += e[i].amount_pence;
		else
			outp -= e[i].amount_pence;
	}
	int64_t bal = dp_balance_at(e, n, today);
	json_object_set_new(v, "money", json_pack("{sIsssIsssIss}", "balance_pence",
		(json_int_t)bal, "balance", money_pence_text(r->a, bal), "in_pence", (json_int_t)in, "in",
		money_pence_text(r->a, in), "out_pence", (json_int_t)outp, "out", money_pence_text(r->a, outp)));
	json_object_set_new(v, "today", json_string(time_uk_day(r->a, today)));
	json_object_set_new(v, "alerts", dpw_alerts_view(r, c, e, n, today));
	json_object_set_new(v, "lines", lines_view(r, c, e, n, today, v));
	ledger_view(r, c, e, n, v);
	done_view(r, c, v);
	return SN_OK;
}

static sn_err show_account(req *r, reply *out, int status, const dpw_ctx *c)
{
	json_t *v;
	sn_err rc = account_view(r, c, &v);
	if (rc) {
		json_decref(v);
		return rc;
	}
	return reply_page(out, status, "dp/account", c->basis == ACCESS_SELF
		? "Your direct payment" : arena_printf(r->a, "Direct payment: %s", c->name), v);
}

sn_err dp_page_account(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_READ, false, &c, &stop);
	if (rc || stop)
		return rc;
	rc = dpw_audit(r, &c, "dp.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : show_account(r, out, 200, &c);
}

/* ---- opening an account ---- */

static void open_check(req *r, dp_account_new *n)
{
	const char *holder = req_form(r, "holder");
	if (strcmp(holder, "person") && strcmp(holder, "nominee"))
		req_add_error(r, "holder", "Select who holds the account");
	const char *nominee = req_form(r, "nominee_name");
	if (!strcmp(holder, "nominee") && !*nominee)
		req_add_error(r, "nominee_name", "Enter the nominee's full name");
	else if (strlen(nominee) > DPW_NAME_MAX)
		req_add_error(r, "nominee_name", "The nominee's name must be 200 characters or fewer");
	n->nominee_name = !strcmp(holder, "nominee") ? nominee : "";
	if (str_to_i64(req_form(r, "underspend_percent"), 1, 100, &n->settings.underspend_percent))
		req_add_error(r, "underspend_percent", "Enter the underspend percentage as a whole number from 1 to 100");
	if (str_to_i64(req_form(r, "underspend_weeks"), 1, 104, &n->settings.underspend_weeks))
		req_add_error(r, "underspend_weeks", "Enter the number of weeks as a whole number from 1 to 104");
	const char *cap = req_form(r, "cap");
	n->settings.has_cap = *cap != 0;
	if (*cap && money_parse_pounds(cap, DP_AMOUNT_MAX_PENCE, &n->settings.cap_pence))
		req_add_error(r, "cap", "Enter the balance cap in pounds, like 1000 or 1,250.50, or leave it empty for no cap");
}

sn_err dp_page_open(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_OPEN, true, &c, &stop);
	if (rc || stop)
		return rc;
	if (c.has_account) /* one open account a person */
		return once_finish(r, out, SN_OK, dpw_href(r, &c, NULL));
	if (!c.has_plan || !c.n_lines) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "An account is opened for an approved support plan that has direct-payment lines. This person's plan in force has none.");
	}
	dp_account_new n = {.person_id = c.p->id, .plan_id = c.plan.id};
	open_check(r, &n);
	if (r->errors) {
		rc = dpw_audit(r, &c, "dp.read");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show_account(r, out, 400, &c);
	}
	char today[11], now[21], uuid[37];
	dp_date_today(today);
	time_iso8601(time_now(), now);
	n.opened_on = today;
	int64_t id;
	rc = dp_account_open(r->db, &n, r->user->id, now, uuid, &id);
	if (!rc)
		rc = dpw_audit(r, &c, "dp.open");
	return once_finish(r, out, rc, dpw_href(r, &c, "?done=opened"));
}

/* ---- entries by hand ---- */

static const char *const kind_keys[] = {"payment_in", "spend", "refund", "reclaim"};

static json_t *entry_form_view(req *r, const dpw_ctx *c)
{
	json_t *v = dpw_base_view(r, c);
	const char *kind = req_form(r, "kind");
	json_t *kinds = json_array();
	static const char *const labels[] = {"Money in from the council", "Money spent",
		"A refund", "Money the council took back"};
	static const char *const hints[] = {"The direct payment paid into the account",
		"Paying for support: wages, an agency, an activity", "Money a provider paid back",
		"A reclaim of money that was not needed"};
	for (size_t i = 0; i < SN_ARRAY_LEN(kind_keys); i++)
		json_array_append_new(kinds, json_pack("{sssssssssb}", "id", i ? arena_printf(r->a,
			"kind-%s", kind_keys[i]) : "kind", "value", kind_keys[i], "label", labels[i],
			"hint", hints[i], "checked", !strcmp(kind, kind_keys[i])));
	json_object_set_new(v, "kinds", kinds);
	json_object_set_new(v, "lines", dpw_line_options(r, c, req_form(r, "line")));
	json_object_set_new(v, "values", json_pack("{ssssssssss}", "day", req_form(r, "day"),
		"month", req_form(r, "month"), "year", req_form(r, "year"), "description",
		req_form(r, "description"), "amount", req_form(r, "amount")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "line_hint", json_string("Money in from the council is usually not against a line."));
	json_object_set_new(v, "date_legend", json_string("Date"));
	json_object_set_new(v, "date_hint", json_string("The day the money went in or out, for example 27 3 2026"));
	return v;
}

static sn_err show_entry_form(req *r, reply *out, int status, const dpw_ctx *c)
{
	return reply_page(out, status, "dp/entry", "Record money in or out", entry_form_view(r, c));
}

sn_err dp_page_entry_form(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_WRITE, false, &c, &stop);
	if (rc || stop)
		return rc;
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	rc = dpw_audit(r, &c, "dp.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : show_entry_form(r, out, 200, &c);
}

/* The entry the form describes, or errors naming each field. */
static void entry_check(req *r, const dpw_ctx *c, dp_entry *e)
{
	const char *kind = req_form(r, "kind");
	e->kind = dp_kind_parse(kind);
	if (e->kind == DP_N_KINDS || e->kind == DP_CORRECTION)
		req_add_error(r, "kind", "Select what kind of entry this is");
	const char *why;
	char today[11];
	dp_date_today(today);
	if (dpw_date_fields(req_form(r, "day"), req_form(r, "month"), req_form(r, "year"),
			    e->on_date, &why))
		req_add_error(r, "day", !strcmp(why, "Enter the date") ? "Enter the date of the entry" : why);
	else if (strcmp(e->on_date, today) > 0)
		req_add_error(r, "day", "The date of the entry must be today or in the past");
	const char *desc = req_form(r, "description");
	if (!*desc)
		req_add_error(r, "description", "Enter what the money was for, like “Anna's wages, week of 2 March”");
	else if (strlen(desc) > DPW_DESC_MAX)
		req_add_error(r, "description", "The description must be 200 characters or fewer");
	e->description = desc;
	int64_t pence = 0;
	sn_err rc = money_parse_pounds(req_form(r, "amount"), DPW_HAND_MAX_PENCE, &pence);
	if (rc == SN_ETOOBIG)
		req_add_error(r, "amount", "The amount must be £100,000 or less");
	else if (rc)
		req_add_error(r, "amount", "Enter the amount in pounds, like 45 or 45.50");
	else if (pence == 0)
		req_add_error(r, "amount", "The amount must be more than £0");
	e->amount_pence = e->kind == DP_SPEND || e->kind == DP_RECLAIM ? -pence : pence;
	const char *line = req_form(r, "line");
	if (*line && !dpw_line_what(c, line))
		req_add_error(r, "line", "Select a line of the plan, or “Not against a line of the plan”");
	snprintf(e->plan_line, sizeof e->plan_line, "%s", dpw_line_what(c, line) ? line : "");
}

sn_err dp_page_entry_save(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_WRITE, true, &c, &stop);
	if (rc || stop)
		return rc;
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	dp_entry e = {0};
	entry_check(r, &c, &e);
	if (r->errors) {
		rc = dpw_audit(r, &c, "dp.read");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show_entry_form(r, out, 400, &c);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = dp_entry_add(r->db, c.acct.id, &e, r->user->uuid, now, NULL);
	if (!rc)
		rc = dpw_audit(r, &c, "dp.entry");
	return once_finish(r, out, rc, dpw_href(r, &c, "?done=entry#ledger"));
}

/* ---- corrections ---- */

/* The entry named by "entry" in the account's ledger (entries in order). */
static const dp_entry *entry_named(req *r, const dp_entry *e, size_t n)
{
	int64_t id = req_get_i64(r, "entry", 0);
	for (size_t i = 0; i < n; i++)
		if (e[i].id == id)
			return &e[i];
	return NULL;
}

static sn_err show_correct_form(req *r, reply *out, int status, const dpw_ctx *c,
				const dp_entry *x)
{
	json_t *v = dpw_base_view(r, c);
	json_object_set_new(v, "entry", dpw_entry_view(r, c, x));
	const char *fix = req_form(r, "fix");
	json_object_set_new(v, "fix", json_pack("{sbsbsb}", "line", !strcmp(fix, "line"), "amount",
		!strcmp(fix, "amount"), "remove", !strcmp(fix, "remove")));
	json_object_set_new(v, "lines", dpw_line_options(r, c, r->form.n ? req_form(r, "line")
									 : x->plan_line));
	json_object_set_new(v, "values", json_pack("{ssss}", "amount", req_form(r, "amount"), "note",
		req_form(r, "note")));
	json_object_set_new(v, "line_label", json_string("The right line (if the line is wrong)"));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return reply_page(out, status, "dp/correct", "Correct an entry", v);
}

/* Reads the ledger and finds the entry to correct; replies 404 itself. */
static sn_err correct_start(req *r, reply *out, const dpw_ctx *c, const dp_entry **x, bool *gone)
{
	dp_entry *e;
	size_t n;
	*gone = false;
	sn_err rc = dp_entries(r->db, c->acct.id, r->a, &e, &n);
	if (rc)
		return rc;
	*x = entry_named(r, e, n);
	if (*x && (*x)->kind != DP_CORRECTION)
		return SN_OK;
	*gone = true;
	store_rollback(r->db);
	return reply_error(r, out, 404, *x ? "A correction cannot be corrected. Correct the entry it put right."
					   : "There is no such entry in this ledger.");
}

sn_err dp_page_correct_form(req *r, reply *out)
{
	dpw_ctx c;
	bool denied, gone;
	const dp_entry *x;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = dpw_reach(r, out, DPW_WRITE, &c, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	if (!req_get(r, "entry")[0]) {
		store_rollback(r->db);
		return reply_redirect(out, dpw_href(r, &c, "#ledger"));
	}
	rc = correct_start(r, out, &c, &x, &gone);
	if (rc || gone)
		return rc;
	rc = dpw_audit(r, &c, "dp.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : show_correct_form(r, out, 200, &c, x);
}

sn_err dp_page_correct_save(req *r, reply *out)
{
	dpw_ctx c;
	bool denied, done, gone;
	const dp_entry *x;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = dpw_reach(r, out, DPW_WRITE, &c, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	rc = correct_start(r, out, &c, &x, &gone);
	if (rc || gone)
		return rc;
	const char *fix = req_form(r, "fix"), *line = req_form(r, "line"), *why = NULL;
	dpw_fix f = !strcmp(fix, "line") ? DPW_FIX_LINE : !strcmp(fix, "amount") ? DPW_FIX_AMOUNT
		  : DPW_FIX_REMOVE;
	int64_t right = 0;
	if (strcmp(fix, "line") && strcmp(fix, "amount") && strcmp(fix, "remove"))
		req_add_error(r, "fix", "Select what is wrong with the entry");
	else if (f == DPW_FIX_LINE && *line && !dpw_line_what(&c, line))
		req_add_error(r, "line", "Select a line of the plan, or “Not against a line of the plan”");
	else if (f == DPW_FIX_AMOUNT && money_parse_pounds(req_form(r, "amount"), DPW_HAND_MAX_PENCE, &right))
		req_add_error(r, "amount", "Enter the right amount in pounds, like 45 or 45.50");
	if (strlen(req_form(r, "note")) > DPW_NOTE_MAX)
		req_add_error(r, "note", "The reason must be 500 characters or fewer");
	char today[11], now[21];
	dp_date_today(today);
	dp_entry fixes[2];
	size_t nf = 0;
	if (!r->errors && dpw_correction(x, f, line, right, today, req_form(r, "note"), r->a, fixes,
					 &nf, &why))
		req_add_error(r, f == DPW_FIX_LINE ? "line" : f == DPW_FIX_AMOUNT ? "amount" : "fix", why);
	if (r->errors) {
		rc = dpw_audit(r, &c, "dp.read");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show_correct_form(r, out, 400, &c, x);
	}
	time_iso8601(time_now(), now);
	for (size_t i = 0; i < nf && !rc; i++)
		rc = dp_entry_add(r->db, c.acct.id, &fixes[i], r->user->uuid, now, NULL);
	if (!rc)
		rc = dpw_audit(r, &c, "dp.entry");
	return once_finish(r, out, rc, dpw_href(r, &c, "?done=correction#ledger"));
}

/* ---- the record page's section ---- */

sn_err dp_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (basis == ACCESS_NONE)
		return SN_OK;
	dpw_ctx c;
	if (dpw_load(r, p, basis, &c))
		return SN_OK; /* a failure shows no section */
	if (!c.has_account && !(c.has_plan && c.n_lines))
		return SN_OK;
	json_t *s = json_pack("{ssss}", "href", dpw_href(r, &c, NULL), "link_text",
		c.has_account ? (basis == ACCESS_SELF ? "Your direct payment account"
						      : "Direct payment account")
			      : basis == ACCESS_WORKER ? "Open a direct payment account"
						       : "Direct payment");
	if (!c.has_account)
		json_object_set_new(s, "status", json_string("no account yet"));
	json_object_set_new(view, "direct_payment", s);
	return SN_OK;
}
