/* The quarterly return: the quarter's figures (opening balance, money in,
 * money out by plan line, closing balance), submitted once a quarter by
 * the person or someone they named, in their own words, after the quarter
 * has ended; and the worker's list of returns submitted and missing across
 * their caseload. Audited "dp.read" and "dp.return". */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "dp_web.h"

/* The quarters of the account: from the one it opened in to the one
 * holding today, newest first. */
static size_t quarters_of(const dp_account *acct, const char *today, arena *a, char (**out)[11])
{
	char first[11], q[11];
	if (dp_quarter_start(acct->opened_on, first) || dp_quarter_start(today, q))
		return 0;
	size_t n = 0, cap = 0;
	*out = NULL;
	while (strcmp(q, first) >= 0 && n < 400) {
		*out = arena_grow(a, *out, n, &cap, sizeof **out);
		memcpy((*out)[n++], q, 11);
		char before[11];
		dpw_quarter_before(q, before);
		memcpy(q, before, 11);
	}
	return n;
}

static const dp_return_row *return_of(const dp_return_row *rows, size_t n, const char *start)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].quarter_start, start))
			return &rows[i];
	return NULL;
}

static json_t *figures_view(req *r, const dpw_ctx *c, const dp_quarter *q)
{
	json_t *lines = json_array();
	for (size_t i = 0; i < q->n_lines; i++)
		json_array_append_new(lines, json_pack("{sssssIsssIss}", "line", q->lines[i].line,
			"what", *q->lines[i].line ? dpw_entry_line_text(r, c, q->lines[i].line)
						  : "Not against a line of the plan",
			"in_pence", (json_int_t)q->lines[i].in_pence, "in",
			money_pence_text(r->a, q->lines[i].in_pence), "out_pence",
			(json_int_t)q->lines[i].out_pence, "out", money_pence_text(r->a, q->lines[i].out_pence)));
	json_t *j = dp_quarter_to_json(q);
	json_object_set_new(j, "has_lines", json_boolean(q->n_lines > 0));
	json_object_set_new(j, "by_line_words", lines);
	json_object_set_new(j, "opening", json_string(money_pence_text(r->a, q->opening_pence)));
	json_object_set_new(j, "in", json_string(money_pence_text(r->a, q->in_pence)));
	json_object_set_new(j, "out", json_string(money_pence_text(r->a, q->out_pence)));
	json_object_set_new(j, "closing", json_string(money_pence_text(r->a, q->closing_pence)));
	return j;
}

static const char *jstr(const json_t *j, const char *key)
{
	const char *v = json_string_value(json_object_get(j, key));
	return v ? v : "";
}

/* The figures as submitted (dp_returns.totals) back into a dp_quarter. */
static void quarter_from_totals(arena *a, const char *totals, dp_quarter *q)
{
	memset(q, 0, sizeof *q);
	json_error_t je;
	json_t *j = json_loads(totals, 0, &je);
	snprintf(q->start, sizeof q->start, "%s", jstr(j, "quarter_start"));
	snprintf(q->end, sizeof q->end, "%s", jstr(j, "quarter_end"));
	q->opening_pence = json_integer_value(json_object_get(j, "opening_pence"));
	q->in_pence = json_integer_value(json_object_get(j, "in_pence"));
	q->out_pence = json_integer_value(json_object_get(j, "out_pence"));
	q->closing_pence = json_integer_value(json_object_get(j, "closing_pence"));
	json_t *by = json_object_get(j, "by_line");
	q->lines = arena_alloc(a, (json_array_size(by) + 1) * sizeof *q->lines);
	size_t i;
	json_t *x;
	json_array_foreach(by, i, x) {
		dp_line_total *t = &q->lines[q->n_lines++];
		snprintf(t->line, sizeof t->line, "%s", jstr(x, "plan_line"));
		t->in_pence = json_integer_value(json_object_get(x, "in_pence"));
		t->out_pence = json_integer_value(json_object_get(x, "out_pence"));
		t->entries = json_integer_value(json_object_get(x, "entries"));
	}
	json_decref(j);
}

static const char *user_name(req *r, int64_t id)
{
	web_user *u;
	return user_load(r->db, id, r->a, &u) ? "someone" : u->name;
}

/* The page for the quarter asked for (or the latest that has ended). */
static sn_err return_view(req *r, const dpw_ctx *c, json_t **out)
{
	json_t *v = dpw_base_view(r, c);
	*out = v;
	dp_entry *e;
	size_t n, nr;
	dp_return_row *rets;
	sn_err rc = dp_entries(r->db, c->acct.id, r->a, &e, &n);
	if (!rc)
		rc = dp_returns(r->db, c->acct.id, r->a, &rets, &nr);
	if (rc)
		return rc;
	char today[11], (*qs)[11] = NULL;
	dp_date_today(today);
	size_t nq = quarters_of(&c->acct, today, r->a, &qs);
	const char *want = req_get(r, "quarter");
	size_t pick = nq > 1 ? 1 : 0; /* the latest that has ended, else this one */
	for (size_t i = 0; i < nq; i++)
		if (!strcmp(qs[i], want))
			pick = i;
	json_t *list = json_array();
	for (size_t i = 0; i < nq; i++) {
		const dp_return_row *rr = return_of(rets, nr, qs[i]);
		json_array_append_new(list, json_pack("{sssssbsbsbss}", "start", qs[i], "label",
			dpw_quarter_label(r->a, qs[i]), "current", i == pick, "ended", i > 0,
			"submitted", rr != NULL, "href",
			dpw_href(r, c, arena_printf(r->a, "/return?quarter=%s", qs[i]))));
	}
	json_object_set_new(v, "quarters", list);
	if (!nq)
		return SN_OK;
	const dp_return_row *done = return_of(rets, nr, qs[pick]);
	dp_quarter q;
	if (done)
		quarter_from_totals(r->a, done->totals, &q);
	else if ((rc = dp_quarter_figures(e, n, qs[pick], r->a, &q)))
		return rc;
	json_t *qv = figures_view(r, c, &q);
	json_object_set_new(qv, "label", json_string(dpw_quarter_label(r->a, qs[pick])));
	json_object_set_new(qv, "from", json_string(time_uk_day(r->a, q.start)));
	json_object_set_new(qv, "to", json_string(time_uk_day(r->a, q.end)));
	json_object_set_new(qv, "ended", json_boolean(pick > 0));
	json_object_set_new(qv, "can_submit", json_boolean(pick > 0 && !done && dpw_can_return(c)));
	if (done)
		json_object_set_new(qv, "submitted", json_pack("{ssssss}", "by",
			user_name(r, done->submitted_by), "at", time_uk_when(r->a, done->submitted_at),
			"words", done->statement));
	json_object_set_new(v, "quarter", qv);
	json_object_set_new(v, "words", json_string(req_form(r, "words")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if (str_eq(req_get(r, "done"), "submitted"))
		json_object_set_new(v, "done", json_string("The return is submitted. Thank you."));
	return SN_OK;
}

static sn_err show_return(req *r, reply *out, int status, const dpw_ctx *c)
{
	json_t *v;
	sn_err rc = return_view(r, c, &v);
	if (rc) {
		json_decref(v);
		return rc;
	}
	return reply_page(out, status, "dp/return", "Quarterly return", v);
}

sn_err dp_page_return(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_READ, false, &c, &stop);
	if (rc || stop)
		return rc;
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	rc = dpw_audit(r, &c, "dp.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : show_return(r, out, 200, &c);
}

sn_err dp_page_return_submit(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_RETURN, true, &c, &stop);
	if (rc || stop)
		return rc;
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	char today[11], start[11], this_q[11], first[11];
	dp_date_today(today);
	dp_quarter_start(today, this_q);
	dp_quarter_start(c.acct.opened_on, first);
	const char *q = req_get(r, "quarter");
	bool known = !dp_quarter_start(q, start) && !strcmp(start, q) && strcmp(q, first) >= 0 &&
		     strcmp(q, this_q) < 0;
	const char *words = req_form(r, "words");
	if (!known)
		req_add_error(r, "words", "Choose a quarter that has ended, from the list of quarters");
	else if (!*words)
		req_add_error(r, "words", "Write how the money was used this quarter, in your own words");
	else if (strlen(words) > DPW_RETURN_WORDS_MAX)
		req_add_error(r, "words", "What you write must be 4,000 characters or fewer");
	if (r->errors) {
		rc = dpw_audit(r, &c, "dp.read");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show_return(r, out, 400, &c);
	}
	dp_entry *e;
	size_t n;
	dp_quarter fig;
	int64_t id;
	char now[21];
	time_iso8601(time_now(), now);
	rc = dp_entries(r->db, c.acct.id, r->a, &e, &n);
	if (!rc)
		rc = dp_quarter_figures(e, n, q, r->a, &fig);
	if (!rc)
		rc = dp_return_submit(r->db, c.acct.id, &fig, words, r->user->id, now, &id);
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, 409, arena_printf(r->a, "The return for %s was submitted already. A quarter's return is submitted once.",
			dpw_quarter_label(r->a, q)));
	}
	if (!rc)
		rc = dpw_audit(r, &c, "dp.return");
	return once_finish(r, out, rc, dpw_href(r, &c, arena_printf(r->a,
		"/return?quarter=%s&done=submitted", q)));
}

/* ---- the worker's list ---- */

sn_err dp_page_returns(req *r, reply *out)
{
	dp_caseload_account *rows;
	size_t n;
	sn_err rc = dp_accounts_of_worker(r->db, r->user->id, r->a, &rows, &n);
	if (rc)
		return rc;
	char today[11], q[11], end[11];
	dp_date_today(today);
	dpw_quarter_before(today, q);
	const char *want = req_get(r, "quarter");
	char start[11];
	if (*want && !dp_quarter_start(want, start) && !strcmp(start, want) && strcmp(want, q) <= 0)
		memcpy(q, want, 11);
	dpw_quarter_end(q, end);
	json_t *missing = json_array(), *submitted = json_array();
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].acct.opened_on, end) > 0)
			continue; /* opened after the quarter: no return due */
		dp_return_row *rets;
		size_t nr;
		if ((rc = dp_returns(r->db, rows[i].acct.id, r->a, &rets, &nr)))
			return rc;
		const dp_return_row *rr = return_of(rets, nr, q);
		json_t *j = json_pack("{ssss}", "name", rows[i].person_name, "href",
			arena_printf(r->a, "/people/%s/direct-payment/return?quarter=%s",
				     rows[i].acct.person_uuid, q));
		if (rr)
			json_object_set_new(j, "submitted", json_string(time_uk_when(r->a, rr->submitted_at)));
		json_array_append_new(rr ? submitted : missing, j);
	}
	char before[11];
	dpw_quarter_before(q, before);
	json_t *v = json_pack("{sssssssosossss}", "quarter", q, "label", dpw_quarter_label(r->a, q),
		"to", time_uk_day(r->a, end), "missing", missing, "submitted", submitted,
		"earlier_href", arena_printf(r->a, "/direct-payments/returns?quarter=%s", before),
		"earlier_label", dpw_quarter_label(r->a, before));
	json_object_set_new(v, "has_missing", json_boolean(json_array_size(missing) > 0));
	json_object_set_new(v, "has_submitted", json_boolean(json_array_size(submitted) > 0));
	/* Names and whether a return came: not a read of anyone's figures. */
	return reply_page(out, 200, "dp/returns", "Direct-payment returns", v);
}
