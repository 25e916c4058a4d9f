/* Charging for care at home: the weekly contribution from a financial
 * assessment, with its workings. Pure rules in charging.c (no I/O, no
 * store); the JSON edges (rates tables, cases, results) in charging_json.c. */
#ifndef SN_CHARGING_H
#define SN_CHARGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../base/base.h"

#define CHG_MAX_KINDS 32     /* income kinds in a rates table or a case */
#define CHG_NAME_MAX 40      /* an income kind's key, with its NUL */
#define CHG_LABEL_MAX 80     /* an income kind's plain-English name */
#define CHG_DISCRETION_MAX 160 /* a discretionary disregard's name, with its NUL */
#define CHG_MAX_LINES 64     /* workings lines */
#define CHG_LINE_MAX 512     /* one workings line, with its NUL */
#define CHG_INPUT_MAX 65536  /* bytes of one JSON case */
/* Limits that keep every sum far from int64 overflow. */
#define CHG_MAX_CAPITAL_PENCE 100000000000LL /* £1,000,000,000 */
#define CHG_MAX_WEEKLY_PENCE 100000000LL     /* £1,000,000 a week */

typedef enum {
	CHG_COUNTED = 0,       /* counted in full */
	CHG_DISREGARDED,       /* ignored in full */
	CHG_PARTLY_DISREGARDED /* the first disregard_pence (or disregard_couple_pence) ignored, the rest counted */
} chg_treatment;

typedef struct {
	char name[CHG_NAME_MAX];   /* "state_pension" */
	char label[CHG_LABEL_MAX]; /* "State Pension" */
	chg_treatment treatment;
	int64_t disregard_pence;   /* for CHG_PARTLY_DISREGARDED */
	/* For CHG_PARTLY_DISREGARDED, the same for a member of a couple; -1 when
	 * the table gives none (disregard_pence applies then). */
	int64_t disregard_couple_pence;
	/* A council's wider, discretionary disregard of this kind (the rates
	 * table's "discretionary_disregards"): its name as the workings say it,
	 * "" when there is none. When there is one, treatment and the amounts
	 * above are the council's, and statutory_* keep the statutory rule it
	 * widens, which the workings also name. */
	char discretion[CHG_DISCRETION_MAX];
	chg_treatment statutory_treatment;
	int64_t statutory_disregard_pence, statutory_disregard_couple_pence;
} chg_income_kind;

/* One tax year's rates table (data/rates/YEAR.json). Minimum Income
 * Guarantee amounts are weekly, in pence, per regulation 7 of the Care and
 * Support (Charging and Assessment of Resources) Regulations 2014. */
typedef struct {
	char year[8]; /* "2025-26" */
	int64_t capital_lower_pence, capital_upper_pence;
	int64_t tariff_step_pence, tariff_per_step_pence;
	int pension_credit_age;
	int64_t mig_single_18_24_pence, mig_single_25_plus_pence,
		mig_single_pension_age_pence, mig_lone_parent_pence,
		mig_couple_18_plus_pence, mig_couple_pension_age_pence;
	int64_t disability_premium_single_pence, disability_premium_couple_pence;
	int64_t enhanced_disability_premium_single_pence,
		enhanced_disability_premium_couple_pence;
	int64_t carer_premium_pence, child_pence;
	size_t n_kinds;
	chg_income_kind kinds[CHG_MAX_KINDS];
} chg_rates;

typedef struct {
	char kind[CHG_NAME_MAX];
	int64_t weekly_pence;
} chg_income;

/* One person's financial assessment. For a member of a couple, income is
 * the person's own plus half of any joint income. */
typedef struct {
	char year[8];
	int age;
	bool pension_age; /* single: has reached pension credit age; couple: one or both have */
	bool couple;
	bool disability, enhanced_disability, severe_disability, carer; /* premiums */
	int dependent_children;
	int64_t capital_pence;
	size_t n_income;
	chg_income income[CHG_MAX_KINDS];
	int64_t weekly_dre_pence;       /* disability-related expenditure */
	int64_t weekly_housing_pence;   /* allowable housing costs */
	int64_t weekly_care_cost_pence; /* cost of all the care the council arranges */
	/* No cost of care was given (people rarely know it): the charge is
	 * then the most the person could be asked to pay, the rules' result
	 * without the cap of the cost; weekly_care_cost_pence is 0. */
	bool cost_unknown;
} chg_case;

typedef struct {
	int64_t weekly_charge_pence;
	bool full_cost;
	int64_t tariff_income_pence;     /* 0 when full_cost */
	int64_t assessable_income_pence; /* counted income + tariff; 0 when full_cost */
	int64_t mig_pence;               /* 0 when full_cost */
	size_t n_lines;
	char lines[CHG_MAX_LINES][CHG_LINE_MAX];
} chg_result;

/* ---- the rules (charging.c): pure, no allocation ---- */

/* The kind called name in the table, or NULL. */
const chg_income_kind *chg_rates_kind(const chg_rates *r, const char *name);
/* Tariff income a week for capital between the limits: tariff_per_step for
 * every tariff_step or part of one above the lower limit; 0 at or below the
 * lower limit. Capital above the upper limit is the caller's full-cost case. */
int64_t chg_tariff_pence(const chg_rates *r, int64_t capital_pence);
/* The Minimum Income Guarantee for the case, in pence a week. */
int64_t chg_mig_pence(const chg_rates *r, const chg_case *c);
/* Computes the weekly charge with its workings. The case must have passed
 * chg_case_from_json's checks (or the same ones): income kinds in the table,
 * money within the limits above. Returns SN_EINPUT for a kind not in the
 * table, otherwise SN_OK. */
sn_err chg_compute(const chg_rates *r, const chg_case *c, chg_result *out);
/* "£1,234.56" (or "-£1.00") into out. */
void chg_money(int64_t pence, char *out, size_t size);

/* ---- the JSON edges (charging_json.c) ---- */

/* The tax year ("2025-26") that contains time t (UTC); years start 6 April. */
void chg_tax_year_of(int64_t t, char out[static 8]);
/* The year whose table the public calculator uses: the current tax year
 * when it has a table (returns true), else the latest table before it
 * (returns false, so the page can say so); out is "" when there is none. */
bool chg_rates_year_for(int64_t now, char out[static 8]);
/* Loads the embedded table data/rates/YEAR.json. SN_ENOTFOUND when there is
 * none for that year; SN_EINPUT when the table is malformed. err gets one line. */
sn_err chg_rates_load(const char *year, chg_rates *out, char *err, size_t err_size);
/* Parses a rates table from JSON text (what chg_rates_load uses). */
sn_err chg_rates_from_json(const char *text, size_t len, chg_rates *out, char *err,
			   size_t err_size);
/* Parses a case (the `rules charge` input) and loads its year's rates.
 * The year is year_opt when given (an explicit "year" in the case must then
 * agree), else the case's "year", else the tax year containing now. Every
 * problem gives SN_EINPUT (SN_ETOOBIG past CHG_INPUT_MAX) and one line in err
 * that starts with the field's name. */
sn_err chg_case_from_json(const char *text, size_t len, const char *year_opt, int64_t now,
			  chg_case *c, chg_rates *r, char *err, size_t err_size);
/* The same, with the rates table for the year from load(ctx, year, ...)
 * instead of the embedded tables (the server passes the store's adopted
 * tables). load's failure is reported as SN_EINPUT with its message. */
typedef sn_err (*chg_rates_loader)(void *ctx, const char *year, chg_rates *out, char *err,
				   size_t err_size);
sn_err chg_case_from_json_with(const char *text, size_t len, const char *year_opt, int64_t now,
			       chg_rates_loader load, void *ctx, chg_case *c, chg_rates *r,
			       char *err, size_t err_size);
/* {"year", "weekly_charge_pence", "full_cost", ..., "weekly_care_cost_pence"
 * (null when the case gave none: the charge is then the most that could be
 * asked), "workings": [...]}; the caller owns the reference. */
json_t *chg_result_to_json(const chg_case *c, const chg_result *res);

#endif
