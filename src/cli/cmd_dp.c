/* supportnet dp open | show: a direct-payment account opened for a person,
 * and its ledger with balances, alerts and the quarter's figures as JSON
 * (docs/direct-payments.md). Statements go in with `supportnet import
 * --dp-statement`. Both are audited against the person as "system". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dp/dp.h"
#include "../people/people.h"
#include "cli.h"

static const char help[] =
    "Usage:\n"
    "  supportnet dp open --db LOC --person UUID|EMAIL --by EMAIL [--nominee NAME]\n"
    "                     [--opened YYYY-MM-DD] [--cap POUNDS] [--underspend-percent N]\n"
    "                     [--underspend-weeks N]\n"
    "  supportnet dp show --db LOC --account ID [--today YYYY-MM-DD] [--plan-lines ID,ID...]\n"
    "\n"
    "open   opens a direct-payment account for the person (their record's uuid, or\n"
    "       the email of their own account) and prints its uuid. --by: the email of\n"
    "       the worker's account opening it. --nominee: the nominee who holds it\n"
    "       (else the person). --opened: the day it opened (today). Alerts: a\n"
    "       balance cap in pounds (none), underspend over N percent (20) of the\n"
    "       payments in over the last N weeks (12).\n"
    "show   prints the ledger as JSON: every entry with its running balance, the\n"
    "       totals by plan line, the alerts as of --today (today) and that\n"
    "       quarter's figures, and each personal assistant's holiday year.\n"
    "       --plan-lines: the ids of the plan in force's lines (a spend against\n"
    "       another line is flagged); without it only spends against no line are.\n"
    "ID is the account's uuid (or its number).\n";

static int open_store(const char *cmd, const char *db, store **s)
{
	char err[512];
	if (!db)
		return cli_fail(cmd, EXIT_USAGE, "--db is required");
	if (store_open(db, false, s, err, sizeof err))
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	return 0;
}

/* The id of the user with email (user_list, then account_get). */
static sn_err user_by_email(store *s, const char *email, arena *a, int64_t *id)
{
	json_t *users = NULL;
	sn_err rc = user_list(s, &users);
	if (rc)
		return rc;
	rc = SN_ENOTFOUND;
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u)
	{
		if (!str_ieq(json_string_value(json_object_get(u, "email")), email))
			continue;
		account *acc = NULL;
		rc = account_get(s, json_string_value(json_object_get(u, "uuid")), a, &acc);
		if (!rc)
			*id = acc->id;
		break;
	}
	json_decref(users);
	return rc;
}

static sn_err person_of(store *s, const char *key, arena *a, person **p)
{
	if (str_is_uuid(key))
		return people_find(s, key, a, p);
	int64_t uid = 0;
	const char *uuid = NULL;
	sn_err rc = user_by_email(s, key, a, &uid);
	if (!rc)
		rc = people_uuid_of_user(s, uid, a, &uuid);
	if (!rc && !uuid)
		rc = SN_ENOTFOUND;
	return rc ? rc : people_find(s, uuid, a, p);
}

static int audit_person(store *s, const char *action, const char *person_uuid, const char *why)
{
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", person_uuid);
	audit_entry e = {"system", "admin", action, rec, why};
	return audit_append(s, &e);
}

typedef struct {
	const char *db, *person, *by, *nominee, *opened, *cap, *percent, *weeks;
	const char *account, *today, *lines;
} dp_args;

static int dp_open(const dp_args *g)
{
	const char *cmd = "dp open";
	if (!g->person || !g->by)
		return cli_fail(cmd, EXIT_USAGE, "--person and --by are required");
	dp_account_new n = {.nominee_name = g->nominee};
	char today[11];
	dp_date_today(today);
	n.opened_on = g->opened ? g->opened : today;
	int64_t d;
	if (dp_date_days(n.opened_on, &d))
		return cli_fail(cmd, EXIT_USAGE, "--opened: '%s' is not a date (YYYY-MM-DD)", n.opened_on);
	if (g->cap && money_parse_pounds(g->cap, DP_AMOUNT_MAX_PENCE, &n.settings.cap_pence))
		return cli_fail(cmd, EXIT_USAGE, "--cap: '%s' is not an amount of pounds", g->cap);
	n.settings.has_cap = g->cap != NULL;
	if (g->percent && str_to_i64(g->percent, 1, 100, &n.settings.underspend_percent))
		return cli_fail(cmd, EXIT_USAGE, "--underspend-percent: a whole number from 1 to 100");
	if (g->weeks && str_to_i64(g->weeks, 1, 104, &n.settings.underspend_weeks))
		return cli_fail(cmd, EXIT_USAGE, "--underspend-weeks: a whole number from 1 to 104");
	if (g->nominee && (!*g->nominee || strlen(g->nominee) > 200))
		return cli_fail(cmd, EXIT_USAGE, "--nominee: a name of 1 to 200 characters");
	store *s = NULL;
	int rc = open_store(cmd, g->db, &s);
	if (rc)
		return rc;
	arena *a = arena_new();
	person *p = NULL;
	int64_t by = 0, id = 0;
	char uuid[37], now[21];
	time_iso8601(time_now(), now);
	sn_err e = person_of(s, g->person, a, &p);
	if (e) {
		rc = cli_fail(cmd, e == SN_ENOTFOUND ? EXIT_USAGE : EXIT_FAIL, "--person: %s",
			      e == SN_ENOTFOUND ? "no such person" : store_errmsg(s));
		goto out;
	}
	if ((e = user_by_email(s, g->by, a, &by))) {
		rc = cli_fail(cmd, e == SN_ENOTFOUND ? EXIT_USAGE : EXIT_FAIL, "--by: %s",
			      e == SN_ENOTFOUND ? "no account with that email" : store_errmsg(s));
		goto out;
	}
	n.person_id = p->id;
	e = store_begin_write(s);
	if (!e)
		e = dp_account_open(s, &n, by, now, uuid, &id);
	if (!e)
		e = audit_person(s, "dp.open", p->uuid, "direct-payment account opened");
	if (!e)
		e = store_commit(s);
	if (e) {
		store_rollback(s);
		rc = cli_fail(cmd, e == SN_EINPUT ? EXIT_USAGE : EXIT_FAIL, "%s",
			      e == SN_EINPUT ? "the account's settings are out of range"
					     : store_errmsg(s));
		goto out;
	}
	printf("%s\n", uuid);
out:
	arena_free(a);
	store_close(s);
	return rc;
}

/* "a,b,c" into an array of ids in a. */
static const char *const *split_lines(const char *spec, arena *a, size_t *n)
{
	*n = 0;
	if (!spec)
		return NULL;
	char *t = arena_strdup(a, spec), *save = NULL;
	const char **out = arena_alloc(a, (strlen(spec) / 2 + 2) * sizeof *out);
	for (char *x = strtok_r(t, ",", &save); x; x = strtok_r(NULL, ",", &save))
		if (*str_trim(x))
			out[(*n)++] = x;
	return out;
}

static json_t *ledger_json(store *s, const dp_account *acct, const char *today,
			   const char *const *lines, size_t n_lines, arena *a, sn_err *rc)
{
	dp_entry *e = NULL;
	size_t n = 0, nt = 0, nx = 0, np = 0;
	dp_alert *alerts = NULL;
	dp_quarter q;
	dp_assistant *pas = NULL;
	if ((*rc = dp_entries(s, acct->id, a, &e, &n)) ||
	    (*rc = dp_alerts(e, n, &acct->settings, lines, n_lines, today, a, &alerts, &nx)) ||
	    (*rc = dp_quarter_figures(e, n, today, a, &q)) ||
	    (*rc = dp_assistants(s, acct->id, a, &pas, &np)))
		return NULL;
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "account", acct->uuid, "person",
			      acct->person_uuid, "holder", acct->nominee_name[0] ? "nominee" : "person",
			      "opened_on", acct->opened_on);
	json_object_set_new(j, "nominee_name", json_string(acct->nominee_name));
	json_object_set_new(j, "today", json_string(today));
	json_object_set_new(j, "balance_pence", json_integer(dp_balance_at(e, n, today)));
	json_t *ej = json_array(), *aj = json_array(), *pj = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(ej, dp_entry_to_json(&e[i]));
	for (size_t i = 0; i < nx; i++)
		json_array_append_new(aj, dp_alert_to_json(&alerts[i]));
	for (size_t i = 0; i < np && !*rc; i++) {
		dp_timesheet *t = NULL;
		size_t m = 0;
		dp_pa_year y;
		*rc = dp_timesheets(s, pas[i].id, a, &t, &m);
		if (!*rc && dp_pa_year_of(&pas[i], t, m, today, &y) == SN_OK)
			json_array_append_new(pj, dp_pa_year_to_json(&pas[i], &y));
	}
	dp_line_total *tot = dp_totals_by_line(e, n, NULL, NULL, a, &nt);
	json_object_set_new(j, "entries", ej);
	json_object_set_new(j, "by_line", dp_line_totals_to_json(tot, nt));
	json_object_set_new(j, "alerts", aj);
	json_object_set_new(j, "quarter", dp_quarter_to_json(&q));
	json_object_set_new(j, "assistants", pj);
	return j;
}

static int dp_show(const dp_args *g)
{
	const char *cmd = "dp show";
	if (!g->account)
		return cli_fail(cmd, EXIT_USAGE, "--account is required");
	char today[11];
	dp_date_today(today);
	const char *day = g->today ? g->today : today;
	int64_t d;
	if (dp_date_days(day, &d))
		return cli_fail(cmd, EXIT_USAGE, "--today: '%s' is not a date (YYYY-MM-DD)", day);
	store *s = NULL;
	int rc = open_store(cmd, g->db, &s);
	if (rc)
		return rc;
	arena *a = arena_new();
	dp_account acct;
	size_t n_lines = 0;
	const char *const *lines = split_lines(g->lines, a, &n_lines);
	json_t *j = NULL;
	sn_err e = dp_account_find(s, g->account, a, &acct);
	if (e) {
		rc = e == SN_ENOTFOUND ? cli_fail(cmd, EXIT_USAGE, "--account: no direct-payment "
						  "account '%s'", g->account)
				       : cli_fail(cmd, EXIT_FAIL, "%s", store_errmsg(s));
		goto out;
	}
	e = store_begin_write(s); /* the read and its audit entry together */
	if (!e)
		j = ledger_json(s, &acct, day, lines, n_lines, a, &e);
	if (!e)
		e = audit_person(s, "dp.read", acct.person_uuid, "supportnet dp show");
	if (!e)
		e = store_commit(s);
	if (e) {
		store_rollback(s);
		rc = cli_fail(cmd, EXIT_FAIL, "%s", store_errmsg(s));
		goto out;
	}
	char *out = json_dumps(j, JSON_INDENT(2));
	puts(out ? out : "{}");
	free(out);
out:
	json_decref(j);
	arena_free(a);
	store_close(s);
	return rc;
}

int cmd_dp(int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "open") != 0 && strcmp(argv[1], "show") != 0)) {
		bool asked = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0);
		fputs(help, asked ? stdout : stderr);
		return asked ? EXIT_OK : EXIT_USAGE;
	}
	bool opening = strcmp(argv[1], "open") == 0;
	dp_args g = {0};
	const cli_opt open_opts[] = {{"--db", true, &g.db},
				     {"--person", true, &g.person},
				     {"--by", true, &g.by},
				     {"--nominee", true, &g.nominee},
				     {"--opened", true, &g.opened},
				     {"--cap", true, &g.cap},
				     {"--underspend-percent", true, &g.percent},
				     {"--underspend-weeks", true, &g.weeks},
				     {0}};
	const cli_opt show_opts[] = {{"--db", true, &g.db},
				     {"--account", true, &g.account},
				     {"--today", true, &g.today},
				     {"--plan-lines", true, &g.lines},
				     {0}};
	int rc = cli_parse(opening ? "dp open" : "dp show", argc - 1, argv + 1,
			   opening ? open_opts : show_opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	return opening ? dp_open(&g) : dp_show(&g);
}
