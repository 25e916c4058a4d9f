/* Personal assistants paid from the direct payment: the person (or someone
 * they named) or their worker adds an assistant and records each week's
 * hours, holiday and gross pay (payroll stays with a payroll provider);
 * the page shows each assistant's holiday year: hours worked, holiday
 * taken against the entitlement and what is left, and the pay expected at
 * their rate against what was paid. Audited "dp.read", "dp.assistant",
 * "dp.timesheet". */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "dp_web.h"

#define WEEK_MINUTES (7 * 24 * 60)
#define RECENT_WEEKS 8

static json_t *year_view(req *r, const dp_assistant *pa, const dp_timesheet *t, size_t n,
			 const char *today)
{
	dp_pa_year y;
	if (dp_pa_year_of(pa, t, n, today, &y))
		return json_null();
	json_t *j = dp_pa_year_to_json(pa, &y);
	int64_t left = y.holiday_left_minutes;
	json_object_update_new(j, json_pack("{sssssssssssssssssssb}", "from",
		time_uk_day(r->a, y.year_start), "to", time_uk_day(r->a, y.year_end), "worked",
		dpw_hours_text(r->a, y.worked_minutes), "holiday", dpw_hours_text(r->a, y.holiday_minutes),
		"entitlement", dpw_hours_text(r->a, y.entitlement_minutes), "left",
		left >= 0 ? dpw_hours_text(r->a, left)
			  : arena_printf(r->a, "none: %s more than the entitlement taken",
					 dpw_hours_text(r->a, -left)),
		"contracted", dpw_hours_text(r->a, y.contracted_minutes), "gross",
		money_pence_text(r->a, y.gross_pence), "expected", money_pence_text(r->a, y.expected_pence),
		"pay_differs", y.gross_pence != y.expected_pence));
	int64_t d = y.gross_pence - y.expected_pence;
	json_object_set_new(j, "pay_difference", json_string(d == 0 ? "" : d > 0
		? arena_printf(r->a, "%s more than the hours at the rate come to", money_pence_text(r->a, d))
		: arena_printf(r->a, "%s less than the hours at the rate come to", money_pence_text(r->a, -d))));
	return j;
}

static sn_err assistants_view(req *r, const dpw_ctx *c, json_t *v, dp_assistant **pas, size_t *npa)
{
	sn_err rc = dp_assistants(r->db, c->acct.id, r->a, pas, npa);
	if (rc)
		return rc;
	char today[11];
	dp_date_today(today);
	json_t *list = json_array();
	for (size_t i = 0; i < *npa; i++) {
		const dp_assistant *pa = &(*pas)[i];
		dp_timesheet *t;
		size_t n;
		if ((rc = dp_timesheets(r->db, pa->id, r->a, &t, &n)))
			return rc;
		json_t *weeks = json_array();
		for (size_t k = 0; k < n && k < RECENT_WEEKS; k++) {
			const dp_timesheet *w = &t[n - 1 - k];
			json_array_append_new(weeks, json_pack("{ssssssssss}", "week_start", w->week_start,
				"week", time_uk_day(r->a, w->week_start), "worked",
				dpw_hours_text(r->a, w->worked_minutes), "holiday",
				w->holiday_minutes ? dpw_hours_text(r->a, w->holiday_minutes) : "None",
				"gross", money_pence_text(r->a, w->gross_pence)));
		}
		json_array_append_new(list, json_pack("{sIsssssssssssssbsososIss}", "id", (json_int_t)pa->id,
			"name", pa->name, "rate", money_pence_text(r->a, pa->hourly_rate_pence), "contracted",
			dpw_hours_text(r->a, pa->contracted_minutes_week), "entitlement",
			dpw_hours_text(r->a, pa->holiday_minutes_year), "started",
			time_uk_day(r->a, pa->started_on), "ended", time_uk_day(r->a, pa->ended_on),
			"has_weeks", n > 0, "weeks", weeks, "year", year_view(r, pa, t, n, today),
			"weeks_recorded", (json_int_t)n, "record_href",
			dpw_href(r, c, arena_printf(r->a, "/timesheets/new?assistant=%lld",
						    (long long)pa->id))));
	}
	json_object_set_new(v, "assistants", list);
	json_object_set_new(v, "has_assistants", json_boolean(*npa > 0));
	return SN_OK;
}

/* Reaches the person for need, with an account; audits a read and
 * commits. *stop when a reply is made already. */
static sn_err open_read(req *r, reply *out, dpw_need need, dpw_ctx *c, bool *stop)
{
	bool denied;
	*stop = true;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = dpw_reach(r, out, need, c, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (!c->has_account)
		return dpw_no_account(r, out, c);
	rc = dpw_audit(r, c, "dp.read");
	if (!rc)
		rc = store_commit(r->db);
	*stop = rc != SN_OK;
	return rc;
}

sn_err dp_page_assistants(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = open_read(r, out, DPW_READ, &c, &stop);
	if (rc || stop)
		return rc;
	json_t *v = dpw_base_view(r, &c);
	dp_assistant *pas;
	size_t n;
	if ((rc = assistants_view(r, &c, v, &pas, &n))) {
		json_decref(v);
		return rc;
	}
	const char *d = req_get(r, "done");
	if (!strcmp(d, "added") || !strcmp(d, "week"))
		json_object_set_new(v, "done", json_string(!strcmp(d, "added")
			? "The assistant is added." : "The week is recorded."));
	return reply_page(out, 200, "dp/assistants", "Personal assistants", v);
}

/* ---- adding an assistant ---- */

static sn_err show_assistant_form(req *r, reply *out, int status, const dpw_ctx *c)
{
	json_t *v = dpw_base_view(r, c);
	json_object_set_new(v, "values", json_pack("{ssssssssssssss}", "name", req_form(r, "name"),
		"rate", req_form(r, "rate"), "contracted", req_form(r, "contracted"), "holiday",
		req_form(r, "holiday"), "day", req_form(r, "day"), "month", req_form(r, "month"),
		"year", req_form(r, "year")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "date_legend", json_string("The date they started working for you"));
	json_object_set_new(v, "date_hint", json_string("The holiday year starts on this day each year. For example 3 3 2026"));
	return reply_page(out, status, "dp/assistant", "Add a personal assistant", v);
}

sn_err dp_page_assistant_form(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = open_read(r, out, DPW_WRITE, &c, &stop);
	return rc || stop ? rc : show_assistant_form(r, out, 200, &c);
}

static void assistant_check(req *r, dp_assistant *pa)
{
	pa->name = req_form(r, "name");
	if (!*pa->name)
		req_add_error(r, "name", "Enter the assistant's full name");
	else if (strlen(pa->name) > DPW_NAME_MAX)
		req_add_error(r, "name", "The name must be 200 characters or fewer");
	if (money_parse_pounds(req_form(r, "rate"), DPW_RATE_MAX_PENCE, &pa->hourly_rate_pence))
		req_add_error(r, "rate", "Enter the hourly rate in pounds, like 12.60, up to £1,000");
	if (dpw_parse_hours(req_form(r, "contracted"), WEEK_MINUTES, &pa->contracted_minutes_week))
		req_add_error(r, "contracted", "Enter the hours a week in the contract, like 10 or 7.5");
	if (dpw_parse_hours(req_form(r, "holiday"), 366 * 24 * 60, &pa->holiday_minutes_year))
		req_add_error(r, "holiday", "Enter the holiday entitlement in hours a year, like 56");
	const char *why;
	if (dpw_date_fields(req_form(r, "day"), req_form(r, "month"), req_form(r, "year"),
			    pa->started_on, &why))
		req_add_error(r, "day", !strcmp(why, "Enter the date") ? "Enter the date they started working for you" : why);
}

sn_err dp_page_assistant_add(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_WRITE, true, &c, &stop);
	if (rc || stop)
		return rc;
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	dp_assistant pa = {0};
	assistant_check(r, &pa);
	if (r->errors) {
		rc = dpw_audit(r, &c, "dp.read");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show_assistant_form(r, out, 400, &c);
	}
	int64_t id;
	rc = dp_assistant_add(r->db, c.acct.id, &pa, &id);
	if (!rc)
		rc = dpw_audit(r, &c, "dp.assistant");
	return once_finish(r, out, rc, dpw_href(r, &c, "/assistants?done=added"));
}

/* ---- a week's timesheet ---- */

static sn_err show_week_form(req *r, reply *out, int status, const dpw_ctx *c)
{
	json_t *v = dpw_base_view(r, c);
	dp_assistant *pas;
	size_t n;
	sn_err rc = dp_assistants(r->db, c->acct.id, r->a, &pas, &n);
	if (rc) {
		json_decref(v);
		return rc;
	}
	int64_t want = n ? pas[0].id : 0;
	str_to_i64(r->form.n ? req_form(r, "assistant") : req_get(r, "assistant"), 1, INT64_MAX, &want);
	json_t *opts = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(opts, json_pack("{sIsssb}", "value", (json_int_t)pas[i].id,
			"text", pas[i].name, "selected", pas[i].id == want));
	json_object_set_new(v, "assistant_options", opts);
	json_object_set_new(v, "has_assistants", json_boolean(n > 0));
	json_object_set_new(v, "values", json_pack("{ssssssssssss}", "day", req_form(r, "day"),
		"month", req_form(r, "month"), "year", req_form(r, "year"), "worked",
		req_form(r, "worked"), "holiday", req_form(r, "holiday"), "gross",
		req_form(r, "gross")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "date_legend", json_string("The Monday the week started"));
	json_object_set_new(v, "date_hint", json_string("For example 2 3 2026"));
	return reply_page(out, status, "dp/timesheet", "Record a week", v);
}

sn_err dp_page_timesheet_form(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = open_read(r, out, DPW_WRITE, &c, &stop);
	return rc || stop ? rc : show_week_form(r, out, 200, &c);
}

static void week_check(req *r, const dp_assistant *pas, size_t n, const dp_assistant **pa,
		       dp_timesheet *t)
{
	int64_t id = 0;
	str_to_i64(req_form(r, "assistant"), 1, INT64_MAX, &id);
	*pa = NULL;
	for (size_t i = 0; i < n; i++)
		if (pas[i].id == id)
			*pa = &pas[i];
	if (!*pa)
		req_add_error(r, "assistant", "Select the assistant");
	const char *why;
	int64_t days = 0, started = 0;
	char today[11];
	dp_date_today(today);
	if (dpw_date_fields(req_form(r, "day"), req_form(r, "month"), req_form(r, "year"),
			    t->week_start, &why))
		req_add_error(r, "day", !strcmp(why, "Enter the date") ? "Enter the date of the Monday the week started" : why);
	else if (dp_date_days(t->week_start, &days) || ((days % 7) + 7) % 7 != 4)
		req_add_error(r, "day", arena_printf(r->a, "The week must start on a Monday: %s is not a Monday",
			time_uk_day(r->a, t->week_start)));
	else if (strcmp(t->week_start, today) > 0)
		req_add_error(r, "day", "The week must have started: record it once it has begun");
	else if (*pa && !dp_date_days((*pa)->started_on, &started) && days + 6 < started)
		req_add_error(r, "day", "The week is before the assistant started");
	if (dpw_parse_hours(req_form(r, "worked"), WEEK_MINUTES, &t->worked_minutes))
		req_add_error(r, "worked", "Enter the hours worked that week, like 10 or 7.5");
	const char *hol = req_form(r, "holiday");
	if (*hol && dpw_parse_hours(hol, WEEK_MINUTES, &t->holiday_minutes))
		req_add_error(r, "holiday", "Enter the hours of holiday taken that week, like 7.5, or leave it empty");
	else if (t->worked_minutes + t->holiday_minutes > WEEK_MINUTES)
		req_add_error(r, "holiday", "The hours worked and on holiday add up to more than a week");
	if (money_parse_pounds(req_form(r, "gross"), DPW_HAND_MAX_PENCE, &t->gross_pence))
		req_add_error(r, "gross", "Enter the gross pay for the week in pounds, like 126.00");
}

sn_err dp_page_timesheet_save(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = dpw_begin(r, out, DPW_WRITE, true, &c, &stop);
	if (rc || stop)
		return rc;
	if (!c.has_account)
		return dpw_no_account(r, out, &c);
	dp_assistant *pas;
	size_t n;
	const dp_assistant *pa;
	dp_timesheet t = {0};
	rc = dp_assistants(r->db, c.acct.id, r->a, &pas, &n);
	if (rc)
		return rc;
	week_check(r, pas, n, &pa, &t);
	if (r->errors) {
		rc = dpw_audit(r, &c, "dp.read");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show_week_form(r, out, 400, &c);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = dp_timesheet_put(r->db, pa->id, &t, r->user->id, now);
	if (!rc)
		rc = dpw_audit(r, &c, "dp.timesheet");
	return once_finish(r, out, rc, dpw_href(r, &c, "/assistants?done=week"));
}
