/* supportnet rules charge | eligibility | ras | gas | reviews | block: the charging, eligibility,
 * resource allocation and support plan rules on one JSON case from standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../eligibility/eligibility.h"
#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../plan/plan_rules.h"
#include "../costbenefit/costbenefit.h"
#include "cli.h"

static const char help[] =
	"Usage:\n"
	"  supportnet rules charge [--year 2025-26] < case.json\n"
	"  supportnet rules eligibility < case.json\n"
	"  supportnet rules ras [--scheme ID] < case.json\n"
	"  supportnet rules gas < goals.json\n"
	"  supportnet rules reviews < plan.json\n"
	"  supportnet rules block < contract.json\n"
	"  supportnet rules cost-benefit [--people N] < model.json\n"
	"Reads one JSON object on standard input and writes one JSON object with\n"
	"the decision and its workings. See docs/rules.md.\n";

static const char help_charge[] =
	"Usage: supportnet rules charge [--year YYYY-YY] < case.json\n"
	"The weekly charge for care at home from a financial assessment, with its\n"
	"workings. Input keys: year, age, pension_age, couple, premiums\n"
	"{disability, enhanced_disability, severe_disability, carer},\n"
	"dependent_children, capital_pence, weekly_income_pence {KIND: pence},\n"
	"weekly_dre_pence, weekly_housing_pence, weekly_care_cost_pence.\n"
	"Without --year or \"year\", the current tax year (from 6 April) is used.\n"
	"Output: {\"weekly_charge_pence\", \"full_cost\", \"workings\", ...}.\n"
	"Bad input: one line on stderr naming the field, exit status 2.\n";

static const char help_eligibility[] =
	"Usage: supportnet rules eligibility < case.json\n"
	"Care Act eligibility with reasons. Adults: {\"impairment\", \"wellbeing_impact\",\n"
	"\"outcomes\": {nutrition, personal_hygiene, toilet_needs, clothing,\n"
	"home_safety, habitable_home, relationships, work_education_volunteering,\n"
	"community_facilities, caring_for_child}}. Carers: {\"carer\": true,\n"
	"\"necessary_care\", \"health_at_risk\", \"wellbeing_impact\", \"outcomes\":\n"
	"{caring_for_child, caring_for_others, habitable_home, nutrition,\n"
	"relationships, work_education_volunteering, community_facilities,\n"
	"recreation}}. Each outcome is one of none, without_assistance,\n"
	"pain_distress_anxiety, endangers_safety, takes_longer.\n"
	"Output: {\"eligible\", \"unable_outcomes\", \"reasons\", ...}.\n"
	"Bad input: one line on stderr naming the field, exit status 2.\n";

static const char help_ras[] =
	"Usage: supportnet rules ras [--scheme ID] < case.json\n"
	"The indicative weekly budget from the resource allocation system (RAS),\n"
	"with each answer's points and the workings. Input: {\"scheme\", \"year\",\n"
	"\"client_group\", \"answers\": {QUESTION: ANSWER, ...}}. The scheme is\n"
	"--scheme, else \"scheme\", else " RAS_DEFAULT_SCHEME " (data/ras/ID.json);\n"
	"without \"year\", the current tax year (from 6 April) is used.\n"
	"Budget: total points x price per point (client group, year), rounded as\n"
	"the scheme says, then raised to the group's floor or held at its ceiling.\n"
	"Output: {\"weekly_budget_pence\", \"total_points\", \"points\", \"workings\", ...}.\n"
	"Bad input: one line on stderr naming the field, exit status 2.\n";

/* Reads all of stdin into b (capped at 64 KiB). */
static int read_stdin(const char *cmd, buf *b)
{
	char chunk[4096];
	for (;;) {
		size_t n = fread(chunk, 1, sizeof chunk, stdin);
		if (n == 0)
			break;
		if (buf_append(b, chunk, n))
			return cli_fail(cmd, EXIT_USAGE, "input: over %d bytes (64 KiB)", CHG_INPUT_MAX);
	}
	if (ferror(stdin))
		return cli_fail(cmd, EXIT_FAIL, "cannot read standard input");
	return 0;
}

static const char help_gas[] =
	"Usage: supportnet rules gas < goals.json\n"
	"The Goal Attainment Scaling T-score of scored goals:\n"
	"T = 50 + 10 x sum(w x) / sqrt((1 - rho) x sum(w^2) + rho x (sum w)^2).\n"
	"Input: {\"goals\": [{\"weight\": 2, \"score\": -1}, ...], \"rho\": 0.3}: weights\n"
	"are numbers above 0 (at most 1000000), scores whole numbers from -2 to 2,\n"
	"rho from 0 up to 1 (optional, 0.3). At most 100 goals.\n"
	"Output: {\"t_score\": 47.21, \"t_score_centi\", \"goals\", \"rho\", \"sum_weights\",\n"
	"\"sum_weighted\", \"workings\"}: T rounded to 2 decimals, half away from zero.\n"
	"Bad input: one line on stderr naming the field, exit status 2.\n";

static const char help_reviews[] =
	"Usage: supportnet rules reviews < plan.json\n"
	"The review due dates of a signed-off plan and which are overdue.\n"
	"Input: {\"signed_off\": \"2026-01-31\", \"direct_payment\": true,\n"
	"\"reviews\": [\"2026-03-20\"], \"today\": \"2026-09-01\", \"triggers\":\n"
	"[{\"raised_on\": \"2026-05-01\", \"due_on\": \"2026-05-15\"}]}; all but signed_off\n"
	"optional (false, [], today's date in UTC, []). Dates are YYYY-MM-DD.\n"
	"Light touch: 42 to 56 days after sign-off. Direct payment: by 6 calendar\n"
	"months after sign-off. Next review: by 12 calendar months after the latest\n"
	"of sign-off and the reviews. A due date is met by a review on or after\n"
	"sign-off and on or before it; reviews before sign-off are not counted.\n"
	"Output: {\"light_touch_from\", \"light_touch_by\", \"direct_payment_review_by\"\n"
	"(null without a direct payment), \"next_review_by\", \"overdue\": [\"light_touch\",\n"
	"\"direct_payment\", \"annual\", \"triggered\" (those unmet before today, in that\n"
	"order)], \"triggers\" (when given), \"workings\"}.\n"
	"Bad input: one line on stderr naming the field, exit status 2.\n";

static const char help_block[] =
	"Usage: supportnet rules block < contract.json\n"
	"A block contract for a shared setting (extra-care housing) as personal\n"
	"budgets, before and after. Input: {\"contract_weekly_pence\": 500000,\n"
	"\"core_weekly_pence\": 120000, \"tenants\": [{\"id\": \"flat-1\",\n"
	"\"ras_weekly_pence\": 21000}, ...]} (id optional; at most 200 tenants).\n"
	"Before: the contract split equally among the tenants. After: an equal share\n"
	"of the core cost plus the tenant's own RAS budget. Pennies left over by an\n"
	"equal split go one each to the first tenants.\n"
	"Output: {\"tenants\": [{\"id\", \"before_pence\", \"core_share_pence\",\n"
	"\"individual_pence\", \"after_pence\", \"change_pence\"}], \"before_total_pence\",\n"
	"\"core_total_pence\", \"individual_total_pence\", \"after_total_pence\",\n"
	"\"difference_pence\" (after - before), \"workings\"}.\n"
	"Bad input: one line on stderr naming the field, exit status 2.\n";

static int print_json(json_t *o, size_t flags)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags);
	json_decref(o);
	if (!s)
		return EXIT_FAIL;
	puts(s);
	free(s);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}

/* The options a subcommand takes, from `rules SUB --option value`. */
typedef struct {
	const char *year, *scheme, *people;
} rules_opts;

typedef int (*rules_run)(const char *cmd, const char *text, size_t len, const rules_opts *o);

static int run_charge(const char *cmd, const char *text, size_t len, const rules_opts *o)
{
	char err[1536];
	chg_case c;
	chg_rates r;
	chg_result res;
	if (chg_case_from_json(text, len, o->year, time_now(), &c, &r, err, sizeof err) ||
	    chg_compute(&r, &c, &res))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	return print_json(chg_result_to_json(&c, &res), 0);
}

static int run_ras(const char *cmd, const char *text, size_t len, const rules_opts *o)
{
	/* The scheme is about 100 KB: static rather than on the stack. */
	static ras_scheme s;
	static ras_case c;
	static ras_result res;
	char id[RAS_ID_MAX], now_year[8], err[1536];
	chg_tax_year_of(time_now(), now_year);
	if (ras_case_scheme_id(text, len, o->scheme, id, err, sizeof err) ||
	    ras_scheme_load(id, &s, err, sizeof err) ||
	    ras_case_from_json(text, len, &s, now_year, &c, err, sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	if (ras_compute(&s, &c, &res))
		return cli_fail(cmd, EXIT_USAGE, "%s", res.error);
	return print_json(ras_result_to_json(&s, &c, &res), 0);
}

static int run_eligibility(const char *cmd, const char *text, size_t len, const rules_opts *o)
{
	(void)o;
	char err[1536];
	elig_case c;
	elig_result res;
	if (elig_case_from_json(text, len, &c, err, sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	elig_decide(&c, &res);
	return print_json(elig_result_to_json(&c, &res), 0);
}

static int run_gas(const char *cmd, const char *text, size_t len, const rules_opts *o)
{
	(void)o;
	char err[512];
	gas_case c;
	gas_result res;
	if (gas_case_from_json(text, len, &c, err, sizeof err) ||
	    gas_compute(&c, &res, err, sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	return print_json(gas_result_to_json(&c, &res), GAS_JSON_FLAGS);
}

static int run_reviews(const char *cmd, const char *text, size_t len, const rules_opts *o)
{
	(void)o;
	/* Several KB of dates: static rather than on the stack. */
	static review_case c;
	static review_result res;
	char err[512];
	bool with_triggers;
	if (review_case_from_json(text, len, civil_of_time(time_now()), &c, &with_triggers, err,
				  sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	review_due_dates(&c, &res);
	return print_json(review_result_to_json(&c, &res, with_triggers), 0);
}

static int run_block(const char *cmd, const char *text, size_t len, const rules_opts *o)
{
	(void)o;
	static block_case c;
	static block_result res;
	char err[512];
	if (block_case_from_json(text, len, &c, err, sizeof err) ||
	    block_split(&c, &res, err, sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	return print_json(block_result_to_json(&c, &res), 0);
}

static const char help_cost_benefit[] =
	"Usage: supportnet rules cost-benefit [--people N] < model.json\n"
	"The cost-benefit model (data/costbenefit/*.json; docs/costs.md) for one\n"
	"person and, with --people N, for N people (figures from fewer than 10\n"
	"people are not given: \"cohort\" is null). Input: a model {\"id\", \"title\",\n"
	"\"cohort\", \"inputs\", \"outcomes\"}. Output: {\"model\", \"per_person\",\n"
	"\"cohort\", \"people\", \"ratio_words\"}, money in pence.\n"
	"Bad input: one line on stderr naming the field, exit status 2.\n";

static int run_cost_benefit(const char *cmd, const char *text, size_t len, const rules_opts *o)
{
	static cb_model m;
	char err[512];
	int64_t people = 0;
	if (o->people && str_to_i64(o->people, 0, CB_PEOPLE_MAX, &people))
		return cli_fail(cmd, EXIT_USAGE, "--people: a whole number from 0 to %d", CB_PEOPLE_MAX);
	if (cb_model_from_json(text, len, &m, err, sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	cb_result per, all;
	cb_per_person(&m, &per);
	cb_aggregate(&per, people, &all);
	return print_json(cb_to_json(&m, &per, o->people ? &all : NULL), 0);
}

/* The subcommands as data: name, options, help, what runs. */
static const struct {
	const char *name;
	const char *option; /* the one option it takes, or NULL */
	const char *help;
	rules_run run;
} subcommands[] = {
	{"charge", "--year", help_charge, run_charge},
	{"eligibility", NULL, help_eligibility, run_eligibility},
	{"ras", "--scheme", help_ras, run_ras},
	{"gas", NULL, help_gas, run_gas},
	{"reviews", NULL, help_reviews, run_reviews},
	{"block", NULL, help_block, run_block},
	{"cost-benefit", "--people", help_cost_benefit, run_cost_benefit},
};

int cmd_rules(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	size_t k = 0;
	while (k < SN_ARRAY_LEN(subcommands) && strcmp(sub, subcommands[k].name) != 0)
		k++;
	if (k == SN_ARRAY_LEN(subcommands))
		return cli_fail("rules", EXIT_USAGE,
				"unknown subcommand '%s' (see 'supportnet rules --help')", sub);
	char cmd[32];
	snprintf(cmd, sizeof cmd, "rules %s", sub);
	rules_opts o = {0};
	const char *value = NULL;
	cli_opt opts[] = {{subcommands[k].option, true, &value}, {0}};
	int rc = cli_parse(cmd, argc - 1, argv + 1, subcommands[k].option ? opts : opts + 1);
	if (rc < 0) {
		fputs(subcommands[k].help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (str_eq(subcommands[k].option, "--year"))
		o.year = value;
	else if (str_eq(subcommands[k].option, "--scheme"))
		o.scheme = value;
	else if (str_eq(subcommands[k].option, "--people"))
		o.people = value;

	buf in;
	buf_init(&in, CHG_INPUT_MAX);
	rc = read_stdin(cmd, &in);
	if (!rc)
		rc = subcommands[k].run(cmd, in.data ? in.data : "", in.len, &o);
	buf_free(&in);
	return rc;
}
