/* supportnet rules charge | eligibility | ras: the charging, eligibility and resource allocation rules on one JSON case from standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../eligibility/eligibility.h"
#include "../budget/charging.h"
#include "../budget/ras.h"
#include "cli.h"

static const char help[] =
	"Usage:\n"
	"  supportnet rules charge [--year 2025-26] < case.json\n"
	"  supportnet rules eligibility < case.json\n"
	"  supportnet rules ras [--scheme ID] < case.json\n"
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

static int print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!s)
		return EXIT_FAIL;
	puts(s);
	free(s);
	return fflush(stdout) ? EXIT_FAIL : EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	bool charge = strcmp(sub, "charge") == 0, ras = strcmp(sub, "ras") == 0;
	if (!charge && !ras && strcmp(sub, "eligibility") != 0)
		return cli_fail("rules", EXIT_USAGE,
				"unknown subcommand '%s' (see 'supportnet rules --help')", sub);
	char cmd[32];
	snprintf(cmd, sizeof cmd, "rules %s", sub);
	const char *year = NULL, *scheme = NULL;
	cli_opt charge_opts[] = {{"--year", true, &year}, {0}};
	cli_opt ras_opts[] = {{"--scheme", true, &scheme}, {0}};
	cli_opt no_opts[] = {{0}};
	int rc = cli_parse(cmd, argc - 1, argv + 1,
			   charge ? charge_opts : ras ? ras_opts : no_opts);
	if (rc < 0) {
		fputs(charge ? help_charge : ras ? help_ras : help_eligibility, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;

	buf in;
	buf_init(&in, CHG_INPUT_MAX);
	char err[1536];
	rc = read_stdin(cmd, &in);
	if (rc)
		goto out;
	const char *text = in.data ? in.data : "";
	if (charge) {
		chg_case c;
		chg_rates r;
		chg_result res;
		if (chg_case_from_json(text, in.len, year, time_now(), &c, &r, err, sizeof err) ||
		    chg_compute(&r, &c, &res)) {
			rc = cli_fail(cmd, EXIT_USAGE, "%s", err);
			goto out;
		}
		rc = print_json(chg_result_to_json(&c, &res));
	} else if (ras) {
		/* The scheme is about 100 KB: static rather than on the stack. */
		static ras_scheme s;
		static ras_case c;
		static ras_result res;
		char id[RAS_ID_MAX], now_year[8];
		chg_tax_year_of(time_now(), now_year);
		if (ras_case_scheme_id(text, in.len, scheme, id, err, sizeof err) ||
		    ras_scheme_load(id, &s, err, sizeof err) ||
		    ras_case_from_json(text, in.len, &s, now_year, &c, err, sizeof err)) {
			rc = cli_fail(cmd, EXIT_USAGE, "%s", err);
			goto out;
		}
		if (ras_compute(&s, &c, &res)) {
			rc = cli_fail(cmd, EXIT_USAGE, "%s", res.error);
			goto out;
		}
		rc = print_json(ras_result_to_json(&s, &c, &res));
	} else {
		elig_case c;
		elig_result res;
		if (elig_case_from_json(text, in.len, &c, err, sizeof err)) {
			rc = cli_fail(cmd, EXIT_USAGE, "%s", err);
			goto out;
		}
		elig_decide(&c, &res);
		rc = print_json(elig_result_to_json(&c, &res));
	}
out:
	buf_free(&in);
	return rc;
}
