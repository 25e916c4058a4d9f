/* Unit tests for budget/charging: tariff income, disregards, the Minimum Income Guarantee, caps, workings and the JSON edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/embed.h"
#include "budget/charging.h"

/* 2025-06-01T12:00:00Z: inside the 2025-26 tax year. */
#define NOW_2025_26 1748779200LL

static chg_rates R; /* the shipped 2025-26 table */

static int setup(void **state)
{
	(void)state;
	char err[512];
	return chg_rates_load("2025-26", &R, err, sizeof err) == SN_OK ? 0 : -1;
}

static chg_case base_case(void)
{
	chg_case c;
	memset(&c, 0, sizeof c);
	snprintf(c.year, sizeof c.year, "2025-26");
	c.age = 70;
	c.pension_age = true;
	c.weekly_care_cost_pence = 50000;
	return c;
}

static void add_income(chg_case *c, const char *kind, int64_t pence)
{
	snprintf(c->income[c->n_income].kind, CHG_NAME_MAX, "%s", kind);
	c->income[c->n_income++].weekly_pence = pence;
}

static int64_t charge_of(const chg_case *c)
{
	chg_result res;
	assert_int_equal(chg_compute(&R, c, &res), SN_OK);
	assert_true(res.weekly_charge_pence >= 0);
	assert_true(res.weekly_charge_pence <= c->weekly_care_cost_pence);
	return res.weekly_charge_pence;
}

static bool workings_have(const chg_result *res, const char *needle)
{
	for (size_t i = 0; i < res->n_lines; i++)
		if (strstr(res->lines[i], needle))
			return true;
	return false;
}

/* ---- capital ---- */

static void test_tariff_boundaries(void **state)
{
	(void)state;
	assert_int_equal(R.capital_lower_pence, 1425000);
	assert_int_equal(R.capital_upper_pence, 2325000);
	assert_int_equal(chg_tariff_pence(&R, 0), 0);
	assert_int_equal(chg_tariff_pence(&R, 1425000 - 100), 0); /* £1 below the lower limit */
	assert_int_equal(chg_tariff_pence(&R, 1425000), 0);       /* exactly at it */
	assert_int_equal(chg_tariff_pence(&R, 1425000 + 1), 100); /* 1p over: a part of £250 */
	assert_int_equal(chg_tariff_pence(&R, 1425000 + 100), 100); /* £1 over */
	assert_int_equal(chg_tariff_pence(&R, 1425000 + 25000), 100); /* exactly £250 over */
	assert_int_equal(chg_tariff_pence(&R, 1425000 + 25001), 200); /* a part of the next £250 */
	assert_int_equal(chg_tariff_pence(&R, 1500000), 300);          /* £750 over */
	assert_int_equal(chg_tariff_pence(&R, 2325000 - 100), 3600);   /* £1 below the upper limit */
	assert_int_equal(chg_tariff_pence(&R, 2325000), 3600);         /* exactly at it: 36 × £250 */
}

static void test_capital_upper_limit(void **state)
{
	(void)state;
	chg_case c = base_case();
	add_income(&c, "state_pension", 23000);
	chg_result res;
	c.capital_pence = 2325000 + 100; /* £1 over: full cost */
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(res.full_cost);
	assert_int_equal(res.weekly_charge_pence, 50000);
	assert_true(workings_have(&res, "above the upper limit of £23,250.00"));
	c.capital_pence = 2325000; /* exactly at: assessed, tariff £36 */
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_false(res.full_cost);
	assert_int_equal(res.tariff_income_pence, 3600);
	c.capital_pence = 2325000 - 100;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_false(res.full_cost);
	assert_int_equal(res.tariff_income_pence, 3600);
}

static void test_capital_lower_limit_workings(void **state)
{
	(void)state;
	chg_case c = base_case();
	chg_result res;
	c.capital_pence = 1425000;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(workings_have(&res, "at or below the lower limit of £14,250.00"));
	c.capital_pence = 1500000;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(workings_have(&res,
		"Capital £15,000.00 is between £14,250.00 and £23,250.00: tariff income £3.00 a week (£1 for every £250 or part of £250 over £14,250.00)"));
	c.capital_pence = 1425000 + 100;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_int_equal(res.tariff_income_pence, 100);
}

/* ---- income against the MIG ---- */

static void test_income_exactly_covers_mig(void **state)
{
	(void)state;
	chg_case c = base_case();
	int64_t mig = chg_mig_pence(&R, &c);
	assert_int_equal(mig, 23260);
	add_income(&c, "state_pension", mig);
	assert_int_equal(charge_of(&c), 0); /* remainder exactly zero */
	c.income[0].weekly_pence = mig + 1;
	assert_int_equal(charge_of(&c), 1);
	c.income[0].weekly_pence = mig - 1; /* negative remainder: never below zero */
	chg_result res;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_int_equal(res.weekly_charge_pence, 0);
	assert_true(workings_have(&res, "= -£0.01 a week"));
	assert_true(workings_have(&res, "never below zero"));
}

static void test_dre_and_housing_reduce_charge(void **state)
{
	(void)state;
	chg_case c = base_case();
	add_income(&c, "state_pension", 30000);
	assert_int_equal(charge_of(&c), 30000 - 23260);
	c.weekly_dre_pence = 1000;
	c.weekly_housing_pence = 2000;
	assert_int_equal(charge_of(&c), 30000 - 23260 - 3000);
	c.weekly_housing_pence = 100000; /* far more than is left */
	assert_int_equal(charge_of(&c), 0);
}

static void test_cost_of_care_cap(void **state)
{
	(void)state;
	chg_case c = base_case();
	add_income(&c, "private_pension", 100000);
	c.weekly_care_cost_pence = 20000;
	chg_result res;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_int_equal(res.weekly_charge_pence, 20000);
	assert_false(res.full_cost);
	assert_true(workings_have(&res, "never more than the cost of care"));
	c.weekly_care_cost_pence = 100000 - 23260; /* exactly the remainder */
	assert_int_equal(charge_of(&c), 100000 - 23260);
	c.weekly_care_cost_pence = 0;
	assert_int_equal(charge_of(&c), 0);
}

/* Without a cost of care (issue 15: the public calculator refused to
 * answer), the charge is the rules' result without the cap: the most that
 * could be asked, said so in the workings. */
static void test_cost_of_care_unknown(void **state)
{
	(void)state;
	chg_case c = base_case();
	add_income(&c, "private_pension", 100000);
	c.cost_unknown = true;
	chg_result res;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_int_equal(res.weekly_charge_pence, 100000 - 23260);
	assert_false(res.full_cost);
	assert_true(workings_have(&res, "the most the person could be asked to pay"));
	assert_false(workings_have(&res, "This is not more than the cost of care"));
	c.capital_pence = 3000000; /* over the upper limit: the full cost, whatever it is */
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(res.full_cost);
	assert_true(workings_have(&res, "the full cost of their care, whatever it is"));
	/* From JSON: no weekly_care_cost_pence means unknown, and the answer says so. */
	chg_case j;
	chg_rates rr;
	char err[256];
	const char *text = "{\"year\": \"2025-26\", \"age\": 70, \"capital_pence\": 0, "
			   "\"weekly_income_pence\": {\"state_pension\": 30000}}";
	assert_int_equal(chg_case_from_json(text, strlen(text), NULL, 0, &j, &rr, err, sizeof err), SN_OK);
	assert_true(j.cost_unknown);
	assert_int_equal(chg_compute(&rr, &j, &res), SN_OK);
	json_t *o = chg_result_to_json(&j, &res);
	assert_true(json_is_null(json_object_get(o, "weekly_care_cost_pence")));
	json_decref(o);
}

/* ---- disregards ---- */

static void test_each_disregard(void **state)
{
	(void)state;
	static const char *const disregarded[] = {
		"earnings",      "dla_mobility",    "pip_mobility", "war_disablement_pension",
		"housing_benefit", "child_benefit"};
	static const char *const counted[] = {
		"state_pension", "private_pension", "pension_credit", "attendance_allowance",
		"dla_care", "pip_daily_living", "universal_credit", "esa", "carers_allowance", "other"};
	for (size_t i = 0; i < SN_ARRAY_LEN(disregarded); i++) {
		chg_case c = base_case();
		add_income(&c, "state_pension", 30000);
		int64_t before = charge_of(&c);
		add_income(&c, disregarded[i], 10000);
		assert_int_equal(charge_of(&c), before);
		assert_int_equal(chg_rates_kind(&R, disregarded[i])->treatment, CHG_DISREGARDED);
	}
	for (size_t i = 0; i < SN_ARRAY_LEN(counted); i++) {
		chg_case c = base_case();
		add_income(&c, "state_pension", 30000);
		int64_t before = charge_of(&c);
		add_income(&c, counted[i], 10000);
		assert_int_equal(charge_of(&c), before + 10000);
		assert_int_equal(chg_rates_kind(&R, counted[i])->treatment, CHG_COUNTED);
	}
}

static void test_partly_disregarded(void **state)
{
	(void)state;
	const chg_income_kind *k = chg_rates_kind(&R, "pension_credit_savings_credit");
	assert_non_null(k);
	assert_int_equal(k->treatment, CHG_PARTLY_DISREGARDED);
	chg_case c = base_case();
	add_income(&c, "state_pension", 30000);
	int64_t before = charge_of(&c);
	add_income(&c, "pension_credit_savings_credit", k->disregard_pence + 295);
	assert_int_equal(charge_of(&c), before + 295);
	c.income[1].weekly_pence = k->disregard_pence - 1; /* all under the disregard */
	assert_int_equal(charge_of(&c), before);
	c.income[1].weekly_pence = k->disregard_pence;
	assert_int_equal(charge_of(&c), before);

	/* A member of a couple: the couple maximum, named in the workings. */
	assert_true(k->disregard_couple_pence > k->disregard_pence);
	chg_case cc = base_case();
	cc.couple = true;
	add_income(&cc, "state_pension", 30000);
	int64_t cbefore = charge_of(&cc);
	add_income(&cc, "pension_credit_savings_credit", k->disregard_couple_pence + 1);
	assert_int_equal(charge_of(&cc), cbefore + 1);
	cc.income[1].weekly_pence = k->disregard_couple_pence;
	assert_int_equal(charge_of(&cc), cbefore);
	chg_result res;
	assert_int_equal(chg_compute(&R, &cc, &res), SN_OK);
	assert_true(workings_have(&res, "the first \u00a310.60 disregarded for a member of a couple"));

	/* A table without a couple maximum applies the single one to couples. */
	chg_rates r = R;
	chg_income_kind *kk = (chg_income_kind *)chg_rates_kind(&r, "pension_credit_savings_credit");
	kk->disregard_couple_pence = -1;
	cc.income[1].weekly_pence = k->disregard_pence + 7;
	assert_int_equal(chg_compute(&r, &cc, &res), SN_OK);
	assert_int_equal(res.weekly_charge_pence, cbefore + 7);
	assert_false(workings_have(&res, "disregarded for a member of a couple"));
}

/* ---- war pensions and a council's discretionary disregards ---- */

/* The shipped 2025-26 table with `extra` (JSON members and a comma) put
 * before its "sources"; the result of reading it. */
static sn_err table_with(const char *extra, chg_rates *r, char *err, size_t size)
{
	const embed_file *f = embed_find(embed_data, "rates/2025-26.json");
	assert_non_null(f);
	const char *at = strstr((const char *)f->data, "\"sources\"");
	assert_non_null(at);
	size_t head = (size_t)(at - (const char *)f->data);
	size_t len = f->len + strlen(extra);
	char *body = malloc(len + 1);
	assert_non_null(body);
	memcpy(body, f->data, head);
	memcpy(body + head, extra, strlen(extra));
	memcpy(body + head + strlen(extra), (const char *)f->data + head, f->len - head);
	body[len] = '\0';
	sn_err rc = chg_rates_from_json(body, len, r, err, size);
	free(body);
	return rc;
}

#define WIDOWS_DISCRETION                                                                   \
	"\"discretionary_disregards\": {\"war_widows_pension\": {\"treatment\": "             \
	"\"disregarded\", \"name\": \"Ashby Vale's discretionary disregard of war widows' " \
	"pensions (policy 4.2)\"}},"

static void test_war_pensions_statutory(void **state)
{
	(void)state;
	/* A war widow's pension: the first £10 a week disregarded (Schedule 1
	 * paragraph 17), the rest counted. */
	const chg_income_kind *k = chg_rates_kind(&R, "war_widows_pension");
	assert_int_equal(k->treatment, CHG_PARTLY_DISREGARDED);
	assert_int_equal(k->disregard_pence, 1000);
	assert_string_equal(k->discretion, "");
	chg_case c = base_case();
	add_income(&c, "state_pension", 30000);
	int64_t before = charge_of(&c);
	add_income(&c, "war_widows_pension", 15000);
	assert_int_equal(charge_of(&c), before + 14000); /* £150.00: £140.00 counted */
	chg_result res;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(workings_have(&res, "Income: War Widow's or Widower's Pension \u00a3150.00 a week, "
					"the first \u00a310.00 disregarded (\u00a310.00 ignored), "
					"\u00a3140.00 counted."));
	/* Less than £10: all of it ignored. */
	c.income[1].weekly_pence = 900;
	assert_int_equal(charge_of(&c), before);
	/* A member of a couple: £10 on each pension, no couple amount. */
	chg_case cc = base_case();
	cc.couple = true;
	add_income(&cc, "state_pension", 30000);
	int64_t cbefore = charge_of(&cc);
	add_income(&cc, "war_widows_pension", 15000);
	assert_int_equal(charge_of(&cc), cbefore + 14000);

	/* A war disablement pension for service in the armed forces: disregarded
	 * in full since April 2017 (paragraph 17A). */
	k = chg_rates_kind(&R, "war_disablement_pension");
	assert_int_equal(k->treatment, CHG_DISREGARDED);
	chg_case d = base_case();
	add_income(&d, "state_pension", 30000);
	before = charge_of(&d);
	add_income(&d, "war_disablement_pension", 15000);
	assert_int_equal(charge_of(&d), before);
	assert_int_equal(chg_compute(&R, &d, &res), SN_OK);
	assert_true(workings_have(&res, "War Disablement Pension \u00a3150.00 a week, disregarded in full."));

	/* The 2024-25 table is the same. */
	chg_rates r;
	char err[512];
	assert_int_equal(chg_rates_load("2024-25", &r, err, sizeof err), SN_OK);
	assert_int_equal(chg_rates_kind(&r, "war_widows_pension")->disregard_pence, 1000);
	assert_int_equal(chg_rates_kind(&r, "war_disablement_pension")->treatment, CHG_DISREGARDED);
}

static void test_discretionary_disregard(void **state)
{
	(void)state;
	chg_rates r;
	char err[512];
	assert_int_equal(table_with(WIDOWS_DISCRETION, &r, err, sizeof err), SN_OK);
	const chg_income_kind *k = chg_rates_kind(&r, "war_widows_pension");
	assert_int_equal(k->treatment, CHG_DISREGARDED);
	assert_int_equal(k->statutory_treatment, CHG_PARTLY_DISREGARDED);
	assert_int_equal(k->statutory_disregard_pence, 1000);
	assert_string_equal(k->discretion,
			    "Ashby Vale's discretionary disregard of war widows' pensions (policy 4.2)");
	/* Other kinds keep the statutory rule. */
	assert_string_equal(chg_rates_kind(&r, "state_pension")->discretion, "");

	chg_case c = base_case();
	add_income(&c, "state_pension", 30000);
	chg_result res;
	assert_int_equal(chg_compute(&r, &c, &res), SN_OK);
	int64_t before = res.weekly_charge_pence;
	add_income(&c, "war_widows_pension", 15000);
	assert_int_equal(chg_compute(&r, &c, &res), SN_OK);
	assert_int_equal(res.weekly_charge_pence, before); /* all of the £150.00 disregarded */
	assert_true(workings_have(&res, "War Widow's or Widower's Pension \u00a3150.00 a week, "
					"disregarded in full under Ashby Vale's discretionary "
					"disregard of war widows' pensions (policy 4.2) (the "
					"statutory rule disregards only the first \u00a310.00 a week)."));

	/* A wider partial disregard, named too. */
	assert_int_equal(table_with("\"discretionary_disregards\": {\"war_widows_pension\": "
				    "{\"treatment\": \"partly_disregarded\", \"disregard_pence\": 2500, "
				    "\"name\": \"Policy 4.3\"}},", &r, err, sizeof err), SN_OK);
	assert_int_equal(chg_compute(&r, &c, &res), SN_OK);
	assert_int_equal(res.weekly_charge_pence, before + 12500);
	assert_true(workings_have(&res, "the first \u00a325.00 disregarded under Policy 4.3 (the "
					"statutory rule disregards only the first \u00a310.00 a "
					"week): \u00a325.00 ignored, \u00a3125.00 counted."));
	/* A counted kind widened. */
	assert_int_equal(table_with("\"discretionary_disregards\": {\"other\": "
				    "{\"treatment\": \"disregarded\", \"name\": \"Policy 9\"}},",
				    &r, err, sizeof err), SN_OK);
	chg_case o = base_case();
	add_income(&o, "other", 500);
	assert_int_equal(chg_compute(&r, &o, &res), SN_OK);
	assert_true(workings_have(&res, "disregarded in full under Policy 9 (the statutory rule "
					"counts it in full)."));
}

static void expect_table_error(const char *extra, const char *message)
{
	chg_rates r;
	char err[512] = "";
	assert_int_equal(table_with(extra, &r, err, sizeof err), SN_EINPUT);
	if (!strstr(err, message)) {
		fprintf(stderr, "want an error with '%s', got '%s'\n", message, err);
		fail();
	}
}

static void test_discretionary_disregard_errors(void **state)
{
	(void)state;
	expect_table_error("\"discretionary_disregards\": [],",
			   "rates.discretionary_disregards: not an object");
	expect_table_error("\"discretionary_disregards\": {\"lottery\": {\"treatment\": "
			   "\"disregarded\", \"name\": \"x\"}},",
			   "rates.discretionary_disregards.lottery: not one of the table's income_kinds");
	expect_table_error("\"discretionary_disregards\": {\"war_widows_pension\": "
			   "{\"treatment\": \"disregarded\"}},",
			   "rates.discretionary_disregards.war_widows_pension.name: missing");
	expect_table_error("\"discretionary_disregards\": {\"war_widows_pension\": "
			   "{\"treatment\": \"disregarded\", \"name\": \"\"}},",
			   "war_widows_pension.name: missing, empty");
	expect_table_error("\"discretionary_disregards\": {\"war_widows_pension\": "
			   "{\"treatment\": \"disregarded\", \"name\": \"a\\nb\"}},",
			   "war_widows_pension.name: has a control character");
	expect_table_error("\"discretionary_disregards\": {\"war_widows_pension\": "
			   "{\"treatment\": \"ignored\", \"name\": \"x\"}},",
			   "war_widows_pension.treatment: not counted");
	/* A discretion only widens: never counted, never narrower. */
	expect_table_error("\"discretionary_disregards\": {\"war_widows_pension\": "
			   "{\"treatment\": \"counted\", \"name\": \"x\"}},",
			   "war_widows_pension: disregards no more than the statutory rule");
	expect_table_error("\"discretionary_disregards\": {\"war_widows_pension\": "
			   "{\"treatment\": \"partly_disregarded\", \"disregard_pence\": 1000, "
			   "\"name\": \"x\"}},",
			   "war_widows_pension: disregards no more than the statutory rule");
	expect_table_error("\"discretionary_disregards\": {\"earnings\": "
			   "{\"treatment\": \"disregarded\", \"name\": \"x\"}},",
			   "earnings: disregards no more than the statutory rule");
	expect_table_error("\"discretionary_disregards\": {\"pension_credit_savings_credit\": "
			   "{\"treatment\": \"partly_disregarded\", \"disregard_pence\": 2000, "
			   "\"disregard_couple_pence\": 900, \"name\": \"x\"}},",
			   "disregards no more than the statutory rule for a member of a couple");
	expect_table_error("\"discretionary_disregards\": {\"war_widows_pension\": "
			   "{\"treatment\": \"disregarded\", \"name\": \"x\", \"colour\": 1}},",
			   "war_widows_pension: unexpected fields");
	char longname[400];
	int n = snprintf(longname, sizeof longname, "\"discretionary_disregards\": "
			 "{\"war_widows_pension\": {\"treatment\": \"disregarded\", \"name\": \"");
	memset(longname + n, 'x', CHG_DISCRETION_MAX);
	snprintf(longname + n + CHG_DISCRETION_MAX, sizeof longname - (size_t)n - CHG_DISCRETION_MAX,
		 "\"}},");
	expect_table_error(longname, "war_widows_pension.name: missing, empty or longer than");
}

/* ---- the MIG by circumstance ---- */

static void test_mig_bands(void **state)
{
	(void)state;
	chg_case c = base_case();
	c.pension_age = false;
	c.age = 24;
	assert_int_equal(chg_mig_pence(&R, &c), 8915);
	c.age = 25;
	assert_int_equal(chg_mig_pence(&R, &c), 11250);
	c.dependent_children = 2; /* lone parent + two children */
	assert_int_equal(chg_mig_pence(&R, &c), R.mig_lone_parent_pence + 2 * R.child_pence);
	c.age = 24; /* a lone parent aged 18-24 gets the lone parent amount */
	assert_int_equal(chg_mig_pence(&R, &c), R.mig_lone_parent_pence + 2 * R.child_pence);
	c = base_case();
	assert_int_equal(chg_mig_pence(&R, &c), R.mig_single_pension_age_pence);
}

static void test_mig_couples(void **state)
{
	(void)state;
	chg_case c = base_case();
	c.couple = true;
	assert_int_equal(chg_mig_pence(&R, &c), R.mig_couple_pension_age_pence);
	c.pension_age = false;
	c.age = 40;
	assert_int_equal(chg_mig_pence(&R, &c), R.mig_couple_18_plus_pence);
	c.disability = true;
	c.enhanced_disability = true;
	assert_int_equal(chg_mig_pence(&R, &c),
			 R.mig_couple_18_plus_pence + R.disability_premium_couple_pence +
				 R.enhanced_disability_premium_couple_pence);
	add_income(&c, "esa", 30000);
	chg_result res;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(workings_have(&res, "member of a couple, both under pension credit age"));
	assert_true(workings_have(&res, "disability premium (couple rate)"));
}

static void test_premiums(void **state)
{
	(void)state;
	chg_case c = base_case();
	c.pension_age = false;
	c.age = 30;
	c.disability = true;
	assert_int_equal(chg_mig_pence(&R, &c), 11250 + 4965);
	c.enhanced_disability = true;
	assert_int_equal(chg_mig_pence(&R, &c), 11250 + 4965 + 2425);
	c.carer = true;
	assert_int_equal(chg_mig_pence(&R, &c), 11250 + 4965 + 2425 + R.carer_premium_pence);
	c.severe_disability = true; /* no MIG amount */
	assert_int_equal(chg_mig_pence(&R, &c), 11250 + 4965 + 2425 + R.carer_premium_pence);
	chg_result res;
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(workings_have(&res, "Severe disability premium"));
	/* At pension credit age the income support premiums do not apply; the
	 * carer premium still does. */
	c = base_case();
	c.disability = true;
	c.enhanced_disability = true;
	c.carer = true;
	assert_int_equal(chg_mig_pence(&R, &c), R.mig_single_pension_age_pence + R.carer_premium_pence);
	assert_int_equal(chg_compute(&R, &c, &res), SN_OK);
	assert_true(workings_have(&res, "not added at pension credit age"));
}

static void test_unknown_kind_in_compute(void **state)
{
	(void)state;
	chg_case c = base_case();
	add_income(&c, "lottery", 100);
	chg_result res;
	assert_int_equal(chg_compute(&R, &c, &res), SN_EINPUT);
}

static void test_money_format(void **state)
{
	(void)state;
	char m[48];
	chg_money(0, m, sizeof m);
	assert_string_equal(m, "£0.00");
	chg_money(5, m, sizeof m);
	assert_string_equal(m, "£0.05");
	chg_money(1500000, m, sizeof m);
	assert_string_equal(m, "£15,000.00");
	chg_money(-123456789, m, sizeof m);
	assert_string_equal(m, "-£1,234,567.89");
	chg_money(INT64_MIN, m, sizeof m);
	assert_string_equal(m, "-£92,233,720,368,547,758.08");
}

/* ---- the JSON edges ---- */

static void test_tax_year_of(void **state)
{
	(void)state;
	char y[8];
	chg_tax_year_of(1743811200LL, y); /* 2025-04-05T00:00Z */
	assert_string_equal(y, "2024-25");
	chg_tax_year_of(1743897600LL, y); /* 2025-04-06T00:00Z */
	assert_string_equal(y, "2025-26");
	chg_tax_year_of(1767225600LL, y); /* 2026-01-01 */
	assert_string_equal(y, "2025-26");
}

static void test_both_tables_load(void **state)
{
	(void)state;
	static const char *const kinds[] = {
		"state_pension", "private_pension", "pension_credit", "attendance_allowance",
		"dla_care", "pip_daily_living", "dla_mobility", "pip_mobility", "universal_credit",
		"esa", "carers_allowance", "child_benefit", "housing_benefit", "earnings",
		"war_disablement_pension", "war_widows_pension", "other"};
	static const char *const years[] = {"2024-25", "2025-26"};
	for (size_t y = 0; y < 2; y++) {
		chg_rates r;
		char err[512];
		assert_int_equal(chg_rates_load(years[y], &r, err, sizeof err), SN_OK);
		assert_string_equal(r.year, years[y]);
		assert_int_equal(r.capital_lower_pence, 1425000);
		assert_int_equal(r.capital_upper_pence, 2325000);
		assert_int_equal(r.tariff_step_pence, 25000);
		assert_int_equal(r.tariff_per_step_pence, 100);
		for (size_t i = 0; i < SN_ARRAY_LEN(kinds); i++)
			assert_non_null(chg_rates_kind(&r, kinds[i]));
	}
	chg_rates r;
	char err[512];
	assert_int_equal(chg_rates_load("2019-20", &r, err, sizeof err), SN_ENOTFOUND);
	assert_non_null(strstr(err, "year: no rates table for 2019-20"));
	assert_int_equal(chg_rates_load("2025-27", &r, err, sizeof err), SN_EINPUT);
	assert_int_equal(chg_rates_load("../x", &r, err, sizeof err), SN_EINPUT);
}

static void test_rates_table_strict(void **state)
{
	(void)state;
	chg_rates r;
	char err[512];
	const char *bad = "{\"year\":\"2025-26\",\"typo\":1}";
	assert_int_equal(chg_rates_from_json(bad, strlen(bad), &r, err, sizeof err), SN_EINPUT);
	assert_non_null(strstr(err, "rates.typo"));

	/* The couple maximum of a partly disregarded kind must be pence. */
	const embed_file *f = embed_find(embed_data, "rates/2025-26.json");
	assert_non_null(f);
	size_t len = f->len;
	char *body = malloc(len + 1);
	assert_non_null(body);
	memcpy(body, f->data, len);
	body[len] = '\0';
	char *at = strstr(body, "\"disregard_couple_pence\": 1060");
	assert_non_null(at);
	memcpy(at + strlen("\"disregard_couple_pence\": "), "-1  ", 4);
	assert_int_equal(chg_rates_from_json(body, len, &r, err, sizeof err), SN_EINPUT);
	assert_non_null(strstr(err, "pension_credit_savings_credit.disregard_couple_pence: not pence"));
	free(body);
}

static sn_err parse(const char *json, const char *year_opt, chg_case *c, chg_rates *r,
		    char *err, size_t size)
{
	return chg_case_from_json(json, strlen(json), year_opt, NOW_2025_26, c, r, err, size);
}

#define CASE(extra)                                                                     \
	"{\"age\": 70, \"capital_pence\": 0, \"weekly_income_pence\": {\"state_pension\": " \
	"23030}, \"weekly_care_cost_pence\": 20000" extra "}"

static void test_case_from_json_good(void **state)
{
	(void)state;
	chg_case c;
	chg_rates r;
	char err[512];
	assert_int_equal(parse(CASE(""), NULL, &c, &r, err, sizeof err), SN_OK);
	assert_string_equal(c.year, "2025-26"); /* the tax year of "now" */
	assert_true(c.pension_age);              /* derived from the age */
	assert_int_equal(c.n_income, 1);
	assert_int_equal(parse(CASE(", \"year\": \"2024-25\""), NULL, &c, &r, err, sizeof err),
			 SN_OK);
	assert_string_equal(c.year, "2024-25");
	assert_int_equal(parse(CASE(""), "2024-25", &c, &r, err, sizeof err), SN_OK);
	assert_string_equal(r.year, "2024-25");
	/* A couple where the other member is over pension credit age. */
	const char *young = "{\"age\": 60, \"couple\": true, \"pension_age\": true, "
			    "\"capital_pence\": 0, \"weekly_income_pence\": {}, "
			    "\"weekly_care_cost_pence\": 1}";
	assert_int_equal(parse(young, NULL, &c, &r, err, sizeof err), SN_OK);
	assert_true(c.pension_age);
}

static void expect_error(const char *json, const char *year_opt, sn_err want, const char *field)
{
	chg_case c;
	chg_rates r;
	char err[1536] = "";
	assert_int_equal(parse(json, year_opt, &c, &r, err, sizeof err), want);
	if (!str_starts(err, field)) {
		fprintf(stderr, "want an error starting '%s', got '%s'\n", field, err);
		fail();
	}
}

static void test_case_from_json_errors(void **state)
{
	(void)state;
	expect_error("not json", NULL, SN_EINPUT, "input:");
	expect_error("[]", NULL, SN_EINPUT, "input:");
	expect_error(CASE(", \"colour\": 1"), NULL, SN_EINPUT, "colour:");
	expect_error(CASE(", \"year\": \"2019-20\""), NULL, SN_EINPUT, "year:");
	expect_error(CASE(", \"year\": 2025"), NULL, SN_EINPUT, "year:");
	expect_error(CASE(", \"year\": \"2024-25\""), "2025-26", SN_EINPUT, "year:");
	expect_error(CASE(", \"weekly_dre_pence\": -1"), NULL, SN_EINPUT, "weekly_dre_pence:");
	expect_error(CASE(", \"weekly_housing_pence\": 1.5"), NULL, SN_EINPUT,
		     "weekly_housing_pence:");
	expect_error(CASE(", \"dependent_children\": -1"), NULL, SN_EINPUT, "dependent_children:");
	expect_error(CASE(", \"premiums\": {\"pensioner\": true}"), NULL, SN_EINPUT,
		     "premiums.pensioner:");
	expect_error(CASE(", \"premiums\": {\"carer\": 1}"), NULL, SN_EINPUT, "premiums.carer:");
	expect_error(CASE(", \"pension_age\": false"), NULL, SN_EINPUT, "pension_age:");
	expect_error("{\"age\": 40, \"pension_age\": true, \"capital_pence\": 0, "
		     "\"weekly_income_pence\": {}, \"weekly_care_cost_pence\": 1}",
		     NULL, SN_EINPUT, "pension_age:");
	expect_error("{\"age\": 17, \"capital_pence\": 0, \"weekly_income_pence\": {}, "
		     "\"weekly_care_cost_pence\": 1}",
		     NULL, SN_EINPUT, "age:");
	expect_error("{\"age\": 200, \"capital_pence\": 0, \"weekly_income_pence\": {}, "
		     "\"weekly_care_cost_pence\": 1}",
		     NULL, SN_EINPUT, "age:");
	expect_error("{\"capital_pence\": 0, \"weekly_income_pence\": {}, "
		     "\"weekly_care_cost_pence\": 1}",
		     NULL, SN_EINPUT, "age:");
	expect_error("{\"age\": 70, \"capital_pence\": -100, \"weekly_income_pence\": {}, "
		     "\"weekly_care_cost_pence\": 1}",
		     NULL, SN_EINPUT, "capital_pence:");
	expect_error("{\"age\": 70, \"capital_pence\": 0, \"weekly_income_pence\": "
		     "{\"lottery\": 5}, \"weekly_care_cost_pence\": 1}",
		     NULL, SN_EINPUT, "weekly_income_pence.lottery:");
	expect_error("{\"age\": 70, \"capital_pence\": 0, \"weekly_income_pence\": "
		     "{\"esa\": -5}, \"weekly_care_cost_pence\": 1}",
		     NULL, SN_EINPUT, "weekly_income_pence.esa:");
	/* No weekly_care_cost_pence is no longer an error: the answer is the
	 * most that could be asked (test_cost_of_care_unknown). */
	expect_error("{\"age\": 70, \"capital_pence\": 0, \"weekly_care_cost_pence\": 1}", NULL,
		     SN_EINPUT, "weekly_income_pence:");
	expect_error("{\"age\": 70, \"age\": 71}", NULL, SN_EINPUT, "input:");
	/* Over 64 KiB. */
	size_t n = CHG_INPUT_MAX + 1;
	char *big = malloc(n + 1);
	memset(big, ' ', n);
	big[n] = 0;
	chg_case c;
	chg_rates r;
	char err[512];
	assert_int_equal(chg_case_from_json(big, n, NULL, NOW_2025_26, &c, &r, err, sizeof err),
			 SN_ETOOBIG);
	assert_true(str_starts(err, "input:"));
	free(big);
}

static void test_result_to_json(void **state)
{
	(void)state;
	chg_case c;
	chg_rates r;
	chg_result res;
	char err[512];
	assert_int_equal(parse(CASE(", \"capital_pence\": 1500000"), NULL, &c, &r, err, sizeof err),
			 SN_EINPUT); /* a duplicate key */
	assert_int_equal(parse(CASE(""), NULL, &c, &r, err, sizeof err), SN_OK);
	assert_int_equal(chg_compute(&r, &c, &res), SN_OK);
	json_t *o = chg_result_to_json(&c, &res);
	assert_int_equal(json_integer_value(json_object_get(o, "weekly_charge_pence")), 0);
	assert_true(json_is_false(json_object_get(o, "full_cost")));
	assert_int_equal(json_array_size(json_object_get(o, "workings")), res.n_lines);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tariff_boundaries),
		cmocka_unit_test(test_cost_of_care_unknown),
		cmocka_unit_test(test_capital_upper_limit),
		cmocka_unit_test(test_capital_lower_limit_workings),
		cmocka_unit_test(test_income_exactly_covers_mig),
		cmocka_unit_test(test_dre_and_housing_reduce_charge),
		cmocka_unit_test(test_cost_of_care_cap),
		cmocka_unit_test(test_each_disregard),
		cmocka_unit_test(test_partly_disregarded),
		cmocka_unit_test(test_war_pensions_statutory),
		cmocka_unit_test(test_discretionary_disregard),
		cmocka_unit_test(test_discretionary_disregard_errors),
		cmocka_unit_test(test_mig_bands),
		cmocka_unit_test(test_mig_couples),
		cmocka_unit_test(test_premiums),
		cmocka_unit_test(test_unknown_kind_in_compute),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_tax_year_of),
		cmocka_unit_test(test_both_tables_load),
		cmocka_unit_test(test_rates_table_strict),
		cmocka_unit_test(test_case_from_json_good),
		cmocka_unit_test(test_case_from_json_errors),
		cmocka_unit_test(test_result_to_json),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
