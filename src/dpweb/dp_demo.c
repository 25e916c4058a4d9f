/* The demo area's direct payments (called by src/demo after the plans):
 * Rose's account, opened when her plan was approved, with about ten weeks
 * of ledger (the first weeks from a bank statement imported as the pages
 * import one, the last weeks entered by hand), a spend outside the plan,
 * her PA Anna with a timesheet each week, and her quarterly return once a
 * quarter has ended; and accounts for some people on the caseload whose
 * approved plans have direct-payment lines: some underspending, some with
 * a balance above the cap. Written through the dp store as the pages
 * write it, dates in the past from time_now(), deterministic for the seed. */
#include <stdio.h>
#include <string.h>

#include "dp_web.h"

/* Anna's rate: 10 hours a week, 8 for the PA line (£128 a week in the
 * plan) and 2 for the allotment line (£32), leaving room for the payroll
 * provider's fee, so the balance never goes below nothing. */
#define ROSE_RATE_PENCE 1500

typedef struct {
	store *s;
	arena *a;
	int64_t today;  /* days since 1970 */
	const char *now;
} demo;

static const char *iso_of(demo *d, int64_t days)
{
	char *t = arena_alloc(d->a, 11);
	dp_date_iso(days, t);
	return t;
}

static const char *uuid_of(demo *d, int64_t user_id)
{
	web_user *u;
	return user_load(d->s, user_id, d->a, &u) ? "system" : u->uuid;
}

/* The approved plan's direct-payment lines (ids, weekly pence) and its
 * sign-off day; false when it has none. */
static bool plan_lines(demo *d, int64_t person_id, plan_row *plan, plan_doc *doc)
{
	plan_row *rows;
	size_t n;
	if (plan_list_for_person(d->s, person_id, d->a, &rows, &n))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].status != PLAN_APPROVED)
			continue;
		plan_version ver;
		json_error_t je;
		char field[96], why[160];
		if (plan_version_get(d->s, rows[i].id, rows[i].version, d->a, &ver))
			return false;
		json_t *j = json_loads(ver.document, 0, &je);
		sn_err rc = j ? plan_doc_from_json(j, NULL, d->a, doc, field, sizeof field, why,
						   sizeof why) : SN_EINPUT;
		json_decref(j);
		if (rc)
			return false;
		*plan = rows[i];
		for (size_t k = 0; k < doc->n_lines; k++)
			if (doc->lines[k].deploy == DEPLOY_DIRECT_PAYMENT)
				return true;
		return false;
	}
	return false;
}

static sn_err add(demo *d, int64_t account_id, int64_t day, dp_kind k, int64_t pence,
		  const char *desc, const char *line, const char *by)
{
	dp_entry e = {.kind = k, .amount_pence = pence, .description = desc};
	snprintf(e.on_date, sizeof e.on_date, "%s", iso_of(d, day));
	snprintf(e.plan_line, sizeof e.plan_line, "%s", line);
	return dp_entry_add(d->s, account_id, &e, by, d->now, NULL);
}

/* One row of Rose's bank statement. */
static void row(buf *csv, int64_t *bal, demo *d, int64_t day, const char *desc, int64_t pence,
		const char *line)
{
	char iso[11];
	dp_date_iso(day, iso);
	*bal += pence;
	/* "31/01/2026" from "2026-01-31"; amounts without the pound sign. */
	const char *amt = money_pence_text(d->a, pence < 0 ? -pence : pence) + strlen("£");
	buf_printf(csv, "%.2s/%.2s/%.4s,%s,\"%s\",\"%s\",\"%s\",%s\n", iso + 8, iso + 5, iso, desc,
		   pence < 0 ? amt : "", pence > 0 ? amt : "", money_pence_text(d->a, *bal) + strlen("£"),
		   line);
}

/* Rose's first weeks, as her bank's statement, imported; the rest by hand. */
static sn_err rose_ledger(demo *d, const dp_account *acct, int64_t opened, const char *rose_by)
{
	buf csv;
	buf_init(&csv, 64 * 1024);
	buf_puts(&csv, "Date,Description,Paid out,Paid in,Balance,Plan line\n");
	int64_t bal = 0, cut = d->today - 21;
	sn_err rc = SN_OK;
	for (int64_t day = opened; day <= d->today && !rc; day++) {
		int64_t k = day - opened;
		struct { bool when; const char *desc; int64_t pence; const char *line; } items[] = {
			{k % 28 == 0, "ASHBY VALE COUNCIL DIRECT PAYMENT", 64000, ""},
			{k % 7 == 6, "ANNA KOWALSKI PA WAGES", -8 * ROSE_RATE_PENCE, "l1"},
			{k % 7 == 6, "ANNA KOWALSKI ALLOTMENT HOURS", -2 * ROSE_RATE_PENCE, "l2"},
			{k % 28 == 10, "PAYROLL PLUS LTD", -1500, "l1"},
			{k == 33, "GREENS GARDEN CENTRE", -3850, ""},
			{k == 60, "ASHBY VALE ALLOTMENT SOCIETY", -2500, "l2"},
		};
		for (size_t i = 0; i < SN_ARRAY_LEN(items) && !rc; i++) {
			if (!items[i].when)
				continue;
			if (day <= cut)
				row(&csv, &bal, d, day, items[i].desc, items[i].pence, items[i].line);
			else
				rc = add(d, acct->id, day, items[i].pence > 0 ? DP_PAYMENT_IN : DP_SPEND,
					 items[i].pence, items[i].desc, items[i].line, rose_by);
		}
	}
	dp_import_report rep;
	memset(&rep, 0, sizeof rep);
	if (!rc)
		rc = dp_statement_read(csv.data, csv.len, NULL, d->a, &rep.st);
	dp_import_opts o = {.file_name = "rose-statement.csv"};
	if (!rc)
		rc = dp_import_in_txn(d->s, acct, &o, d->a, &rep);
	buf_free(&csv);
	return rc;
}

/* Anna, Rose's PA since the account opened: 10 hours a week, a week's
 * holiday in the fourth week. */
static sn_err rose_anna(demo *d, const dp_account *acct, int64_t opened, int64_t rose_user)
{
	dp_assistant pa = {.name = "Anna Kowalski", .hourly_rate_pence = ROSE_RATE_PENCE,
			   .contracted_minutes_week = 600, .holiday_minutes_year = 3360};
	snprintf(pa.started_on, sizeof pa.started_on, "%s", iso_of(d, opened));
	int64_t id;
	sn_err rc = dp_assistant_add(d->s, acct->id, &pa, &id);
	int64_t monday = opened + ((4 - opened % 7) + 7) % 7; /* Mondays are 4 mod 7 */
	for (int64_t w = monday, k = 0; !rc && w + 6 < d->today; w += 7, k++) {
		dp_timesheet t = {.worked_minutes = k == 3 ? 0 : 600,
				  .holiday_minutes = k == 3 ? 600 : 0,
				  .gross_pence = 10 * ROSE_RATE_PENCE};
		snprintf(t.week_start, sizeof t.week_start, "%s", iso_of(d, w));
		rc = dp_timesheet_put(d->s, id, &t, rose_user, d->now);
	}
	return rc;
}

/* Her return for the quarter the account opened in, once it has ended. */
static sn_err rose_return(demo *d, const dp_account *acct, int64_t rose_user)
{
	char q[11], end[11];
	int64_t end_day;
	dp_quarter_start(acct->opened_on, q);
	dpw_quarter_end(q, end);
	if (dp_date_days(end, &end_day) || end_day + 6 >= d->today)
		return SN_OK;
	dp_entry *e;
	size_t n;
	dp_quarter fig;
	int64_t id;
	char at[21];
	time_iso8601((end_day + 6) * 86400 + 11 * 3600, at);
	sn_err rc = dp_entries(d->s, acct->id, d->a, &e, &n);
	if (!rc)
		rc = dp_quarter_figures(e, n, q, d->a, &fig);
	if (!rc)
		rc = dp_return_submit(d->s, acct->id, &fig, "Anna came every weekday morning and took "
			"me to the allotment on Thursdays. She had a week off and Sam helped instead. "
			"I paid the allotment rent. I bought compost and seeds at the garden centre, "
			"which I did not know had to be in the plan.", rose_user, at, &id);
	return rc;
}

static sn_err rose(demo *d, const plan_demo_person *p)
{
	plan_row plan;
	plan_doc *doc = arena_alloc(d->a, sizeof *doc);
	int64_t opened;
	if (!plan_lines(d, p->person_id, &plan, doc) || dp_date_days(plan.signed_off_on, &opened))
		return SN_OK;
	/* Paid four weeks ahead, someone who spends what the plan says has up
	 * to a third of twelve weeks' payments in hand just after a payment:
	 * her worker set the underspend alert at 30%. */
	dp_account_new n = {.person_id = p->person_id, .plan_id = plan.id,
			    .opened_on = plan.signed_off_on,
			    .settings = {.underspend_percent = 30, .underspend_weeks = 12,
					 .has_cap = true, .cap_pence = 100000}};
	char uuid[37];
	int64_t id;
	dp_account acct;
	sn_err rc = dp_account_open(d->s, &n, p->worker_id, d->now, uuid, &id);
	if (!rc)
		rc = dp_account_find(d->s, uuid, d->a, &acct);
	if (!rc)
		rc = rose_ledger(d, &acct, opened, uuid_of(d, p->user_id ? p->user_id : p->worker_id));
	if (!rc)
		rc = rose_anna(d, &acct, opened, p->user_id ? p->user_id : p->worker_id);
	if (!rc && p->user_id)
		rc = rose_return(d, &acct, p->user_id);
	return rc;
}

/* Someone on the caseload: paid four-weekly for their direct-payment
 * lines since the plan was approved (at most 20 weeks), spending some of
 * it each week. By the worker's count of them: the first underspends
 * with a balance above a cap of four weeks, the second underspends, the
 * third spends what the plan says (alert at 35%, as Rose's). */
static sn_err other(demo *d, rng *g, const plan_demo_person *p, int kind)
{
	plan_row plan;
	plan_doc *doc = arena_alloc(d->a, sizeof *doc);
	int64_t opened;
	if (!plan_lines(d, p->person_id, &plan, doc) || dp_date_days(plan.signed_off_on, &opened))
		return SN_OK;
	if (opened < d->today - 140)
		opened = d->today - 140;
	int64_t weekly = 0;
	const char *line = "";
	for (size_t k = 0; k < doc->n_lines; k++)
		if (doc->lines[k].deploy == DEPLOY_DIRECT_PAYMENT) {
			weekly += doc->lines[k].weekly_pence;
			if (!*line)
				line = arena_strdup(d->a, doc->lines[k].id);
		}
	int64_t share = kind == 0 ? 40 : kind == 1 ? 45 + (int64_t)rng_below(g, 10) : 100;
	dp_account_new n = {.person_id = p->person_id, .plan_id = plan.id,
			    .opened_on = iso_of(d, opened),
			    .settings = {.underspend_percent = kind == 2 ? 35 : 20,
					 .underspend_weeks = 12, .has_cap = kind == 0,
					 .cap_pence = weekly * 4}};
	char uuid[37];
	int64_t id;
	sn_err rc = dp_account_open(d->s, &n, p->worker_id, d->now, uuid, &id);
	const char *by = uuid_of(d, p->worker_id);
	for (int64_t day = opened; !rc && day <= d->today; day++) {
		int64_t k = day - opened;
		if (k % 28 == 0)
			rc = add(d, id, day, DP_PAYMENT_IN, weekly * 4, "Ashby Vale Council direct payment", "", by);
		if (!rc && k % 7 == 5 && weekly * share / 100 > 0)
			rc = add(d, id, day, DP_SPEND, -(weekly * share / 100), "Support for the week", line, by);
	}
	return rc;
}

/* Which of the worker's people this is: 0 for their first, and so on. */
static int nth_of_worker(int64_t worker, int64_t *workers, int *counts, size_t *n_workers)
{
	for (size_t i = 0; i < *n_workers; i++)
		if (workers[i] == worker)
			return counts[i]++;
	if (*n_workers == 16)
		return 2;
	workers[*n_workers] = worker;
	counts[(*n_workers)++] = 1;
	return 0;
}

sn_err dp_demo(store *s, uint64_t seed, size_t max_others)
{
	arena *a = arena_new();
	char now[21];
	time_iso8601(time_now(), now);
	char today[11];
	dp_date_today(today);
	demo d = {.s = s, .a = a, .now = now};
	dp_date_days(today, &d.today);
	rng g;
	rng_seed(&g, seed ^ 0x64707061u);
	plan_demo_person *people;
	size_t n;
	sn_err rc = plan_demo_people(s, 2000, a, &people, &n);
	if (!rc && n)
		rc = rose(&d, &people[0]);
	size_t made = 0, n_workers = 0;
	int64_t workers[16];
	int counts[16];
	for (size_t i = 1; i < n && !rc && made < max_others; i++) {
		plan_row plan;
		plan_doc *doc = arena_alloc(a, sizeof *doc);
		if (!plan_lines(&d, people[i].person_id, &plan, doc))
			continue;
		int kth = nth_of_worker(people[i].worker_id, workers, counts, &n_workers);
		rc = other(&d, &g, &people[i], kth % 3);
		made++;
	}
	arena_free(a);
	return rc;
}
