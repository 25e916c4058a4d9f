/* The pure rules of support plans (docs/rules.md): Goal Attainment
 * Scaling, review due dates on a small civil-date library, and the money
 * of a plan in whole pence (budget lines against the budget, pooled
 * budgets, a block contract split into personal budgets); and the JSON
 * readers and writers of `supportnet rules gas | reviews | block`.
 *
 * Files: gas.c, civil_date.c, reviews_due.c, deploy.c (pure: no store, no
 * web, no allocation), plan_rules_json.c (the JSON cases and results).
 * Errors go into err as one line "field: sentence" (the field first, as
 * `rules charge` does); a refused input changes nothing the caller owns
 * except the output it passed, which is then unusable. */
#ifndef SN_PLAN_RULES_H
#define SN_PLAN_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "plan.h"

/* ================= Goal Attainment Scaling (gas.c) =================
 *
 * T = 50 + 10·Σwᵢxᵢ / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²), xᵢ the raw score of goal i
 * (−2 … +2, 0 = the expected level), wᵢ its weight. */

#define GAS_GOALS_MAX 100
#define GAS_WEIGHT_MAX 1000000.0 /* a typing error above */
#define GAS_RHO_DEFAULT 0.3
#define GAS_INPUT_MAX (64 * 1024)
/* Print a GAS result with these json_dumps flags (jansson's default,
 * 17 significant digits, prints 47.21 as 47.210000000000001). */
#define GAS_JSON_FLAGS JSON_REAL_PRECISION(15)

typedef struct {
	double weight; /* > 0, finite, at most GAS_WEIGHT_MAX */
	int score;     /* -2 .. 2 */
} gas_goal;

typedef struct {
	size_t n;
	gas_goal goals[GAS_GOALS_MAX];
	double rho; /* in [0, 1) */
} gas_case;

typedef struct {
	int64_t t_centi;      /* T x 100 rounded half away from zero (of the exact T) */
	double t_score;       /* t_centi / 100: the T-score to show and print */
	double t_unrounded;   /* T in extended precision, for the workings */
	double sum_weights;   /* Σw */
	double sum_squares;   /* Σw² */
	double sum_weighted;  /* Σwx */
	double denominator;   /* √((1−ρ)Σw² + ρ(Σw)²) */
	bool exact_tie_check; /* T was within 1e-9 of a half-cent: decided exactly */
} gas_result;

/* Checks the goals and rho: at least one goal and at most GAS_GOALS_MAX,
 * weights finite in (0, GAS_WEIGHT_MAX], scores in -2..2, rho finite in
 * [0, 1). SN_EINPUT with "goals[1].score: ..." in err. */
sn_err gas_check(const gas_case *c, char *err, size_t err_size);
/* T for a case that passes gas_check (checked again: SN_EINPUT with err).
 * Rounding: T is worked out in long double; when T x 100 is not within
 * 1e-9 of a half (…xx5), that rounding is right. Otherwise the side of
 * the half is decided exactly: weights and rho are taken as the shortest
 * decimals that read back as the same doubles (what was typed), scaled to
 * integers, and 4·10⁶·P·S'² is compared with h²·D' in integers (see
 * gas.c); an exact half goes away from zero. */
sn_err gas_compute(const gas_case *c, gas_result *out, char *err, size_t err_size);

/* ================= civil dates (civil_date.c) =================
 * A date is a day number: days since 1970-01-01 (proleptic Gregorian).
 * Accepted dates run from CIVIL_MIN_YEAR-01-01 to CIVIL_MAX_YEAR-12-31
 * so that a date plus 12 months still has a four-digit year. */

#define CIVIL_MIN_YEAR 1900
#define CIVIL_MAX_YEAR 9998

bool civil_is_leap(int64_t year);
int civil_days_in_month(int64_t year, int month); /* 0 for a month outside 1..12 */
/* Day number of y-m-d (H. Hinnant's days_from_civil); m and d must be valid. */
int64_t civil_days(int64_t year, int month, int day);
void civil_from_days(int64_t days, int64_t *year, int *month, int *day);
/* Strictly "YYYY-MM-DD" (10 characters, digits, a real date in the range
 * above: 2026-02-30 is refused). SN_EINPUT. */
sn_err civil_parse(const char *s, int64_t *days);
/* "YYYY-MM-DD" of a day number (years 0..9999). */
void civil_format(int64_t days, char out[static 11]);
/* Calendar months: the same day of the month, or the last day of a
 * shorter month (31 August + 6 months = 28 or 29 February). */
int64_t civil_add_months(int64_t days, int months);
/* The UTC date of a time in seconds since the epoch. */
int64_t civil_of_time(int64_t t);

/* ================= review due dates (reviews_due.c) ================= */

#define REVIEWS_MAX 400
#define REVIEW_TRIGGERS_MAX 100
#define REVIEWS_INPUT_MAX (64 * 1024)
#define LIGHT_TOUCH_FROM_DAYS 42 /* 6 weeks after sign-off */
#define LIGHT_TOUCH_BY_DAYS 56   /* 8 weeks */
#define DP_REVIEW_MONTHS 6
#define NEXT_REVIEW_MONTHS 12

typedef enum { DUE_LIGHT_TOUCH, DUE_DIRECT_PAYMENT, DUE_ANNUAL, DUE_TRIGGERED } review_due;

/* Something that brings a review forward: due by due_on, met by a review
 * on or after raised_on and on or before due_on. */
typedef struct {
	int64_t raised_on, due_on; /* day numbers, raised_on <= due_on */
} review_trigger;

typedef struct {
	int64_t signed_off;
	bool direct_payment;
	size_t n_reviews;
	int64_t reviews[REVIEWS_MAX]; /* any order; before signed_off: ignored */
	size_t n_triggers;
	review_trigger triggers[REVIEW_TRIGGERS_MAX];
	int64_t today;
} review_case;

typedef struct {
	int64_t light_touch_from, light_touch_by; /* signed_off + 42, + 56 days */
	int64_t dp_by;          /* signed_off + 6 months; -1 without a direct payment */
	int64_t latest;         /* the latest of sign-off and the reviews counted */
	int64_t next_review_by; /* latest + 12 months */
	/* The earliest review meeting each due date, -1 when none. */
	int64_t light_touch_met_on, dp_met_on;
	int64_t trigger_met_on[REVIEW_TRIGGERS_MAX];
	bool trigger_overdue[REVIEW_TRIGGERS_MAX];
	size_t n_counted;       /* reviews on or after sign-off */
	/* Unmet due dates before today, in the order light touch, direct
	 * payment, annual, then one DUE_TRIGGERED per overdue trigger. */
	size_t n_overdue;
	review_due overdue[3 + REVIEW_TRIGGERS_MAX];
} review_result;

/* "light_touch", "direct_payment", "annual", "triggered". */
const char *review_due_key(review_due d);
/* The due dates of a case and which are overdue (docs/rules.md, "Review
 * due dates"). A due date is met by a review on or after sign-off and on
 * or before it (a trigger: on or after raised_on). The annual date is 12
 * months after the latest review, so no review given can meet it: it is
 * overdue exactly when it is before today. Reviews after today are
 * counted like any other. Needs a case whose dates are in range (the
 * reader checks); never fails. */
void review_due_dates(const review_case *c, review_result *out);
/* The next due date not yet met and not yet past (the annual one at the
 * latest), and *what it is in words ("light-touch review", ...; what may
 * be NULL). The reviews queue and the commissioners' figures both ask. */
int64_t review_next_due(const review_case *c, const review_result *res, const char **what);

/* ================= the money of a plan (deploy.c) ================= */

/* Budget lines against the budget. difference = total - budget: > 0 the
 * lines are over the budget, < 0 under; never hidden. */
typedef struct {
	int64_t by_deploy_pence[DEPLOY_COUNT];
	size_t lines_by_deploy[DEPLOY_COUNT];
	int64_t total_pence, budget_pence, difference_pence;
} deploy_totals;
/* SN_EINPUT with err ("lines[2].weekly_pence: ...") when a line's amount
 * is outside 0..PLAN_WEEKLY_MAX_PENCE or its deployment unknown, or the
 * budget is outside 0..PLAN_WEEKLY_MAX_PENCE. */
sn_err deploy_totals_of(const plan_doc *d, int64_t weekly_budget_pence, deploy_totals *out,
			char *err, size_t err_size);
/* "over", "under" or "exact" for a difference. */
const char *deploy_balance_key(int64_t difference_pence);

#define POOL_MEMBERS_MAX 40

/* A pool's shares against its weekly cost: gap = cost - Σshares (> 0 the
 * shares fall short of the cost, < 0 they come to more). SN_EINPUT when n
 * is 0 or over POOL_MEMBERS_MAX, or an amount is outside
 * 0..PLAN_WEEKLY_MAX_PENCE. */
sn_err pool_gap(int64_t cost_pence, const int64_t *shares, size_t n, int64_t *gap_pence,
		char *err, size_t err_size);
/* The cost in n equal shares, in the members' stable order (the caller's:
 * e.g. the order they joined): cost / n each, and one more penny to each
 * of the first cost % n members, so the shares add up to the cost. */
sn_err pool_split_equal(int64_t cost_pence, size_t n, int64_t *shares, char *err,
			size_t err_size);
/* The cost in shares proportional to weights (current shares), by largest
 * remainder: each gets floor(cost·wᵢ/Σw); the pennies left go one each to
 * the largest remainders, a tie to the earlier member. Adds up to the
 * cost exactly. All weights 0: an equal split. */
sn_err pool_split_proportional(int64_t cost_pence, const int64_t *weights, size_t n,
			       int64_t *shares, char *err, size_t err_size);

typedef enum { POOL_RESPLIT_EQUAL, POOL_RESPLIT_PROPORTIONAL } pool_resplit;
typedef struct {
	int64_t leaver_share_pence; /* what the leaver paid */
	int64_t gap_pence;          /* cost - Σ the others' current shares */
	size_t n;                   /* the members, the leaver included */
	int64_t shares[POOL_MEMBERS_MAX]; /* proposed; the leaver's is 0 */
} pool_leaving;
/* Member `leaver` leaves: the gap it leaves and a proposed re-split of the
 * whole cost among those who remain (equal, or proportional to their
 * current shares), in the same order. SN_EINPUT when no one remains or
 * the input is out of range. */
sn_err pool_leave(int64_t cost_pence, const int64_t *shares, size_t n, size_t leaver,
		  pool_resplit how, pool_leaving *out, char *err, size_t err_size);

/* From a block contract to personal budgets, for a shared setting
 * (extra-care housing). Before: the contract's weekly cost split equally
 * among the tenants (remainder pennies to the first). After: an equal
 * share of the shared core cost (24-hour cover on site; remainder pennies
 * to the first) plus the tenant's own indicative budget from the RAS. */
#define BLOCK_TENANTS_MAX 200
#define BLOCK_ID_MAX 64
#define BLOCK_INPUT_MAX (64 * 1024)
typedef struct {
	int64_t contract_weekly_pence, core_weekly_pence;
	size_t n;
	struct {
		char id[BLOCK_ID_MAX + 1];
		int64_t ras_weekly_pence;
	} tenants[BLOCK_TENANTS_MAX];
} block_case;
typedef struct {
	struct {
		int64_t before_pence, core_share_pence, individual_pence, after_pence,
			change_pence; /* after - before */
	} tenants[BLOCK_TENANTS_MAX];
	int64_t before_total_pence; /* = the contract */
	int64_t core_total_pence;   /* = the core */
	int64_t individual_total_pence, after_total_pence;
	int64_t difference_pence;   /* after - before: > 0 costs more */
} block_result;
/* SN_EINPUT with err when there are no tenants or too many, or an amount
 * is outside 0..PLAN_WEEKLY_MAX_PENCE. */
sn_err block_split(const block_case *c, block_result *out, char *err, size_t err_size);

/* ================= JSON (plan_rules_json.c) =================
 * Each reader takes the whole input text (capped: *_INPUT_MAX), refuses
 * unknown keys, and gives SN_EINPUT or SN_ETOOBIG with "field: ..." in
 * err. Each writer returns a new reference with keys in a fixed order and
 * a "workings" list of plain sentences. */

/* {"goals":[{"weight":2,"score":-1},...], "rho":0.3} (rho optional). */
sn_err gas_case_from_json(const char *text, size_t len, gas_case *c, char *err,
			  size_t err_size);
json_t *gas_result_to_json(const gas_case *c, const gas_result *r);

/* {"signed_off":"2026-01-31", "direct_payment":true, "reviews":[...],
 * "today":"2026-09-01", "triggers":[{"raised_on","due_on"}]}: all but
 * signed_off optional (false, [], today_default, []). */
sn_err review_case_from_json(const char *text, size_t len, int64_t today_default,
			     review_case *c, bool *has_triggers, char *err, size_t err_size);
json_t *review_result_to_json(const review_case *c, const review_result *r, bool with_triggers);

/* {"contract_weekly_pence", "core_weekly_pence", "tenants":[{"id",
 * "ras_weekly_pence"}]}. */
sn_err block_case_from_json(const char *text, size_t len, block_case *c, char *err,
			    size_t err_size);
json_t *block_result_to_json(const block_case *c, const block_result *r);

#endif
