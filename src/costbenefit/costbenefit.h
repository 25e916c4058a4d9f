/* The cost-benefit model (issue 19, docs/costs.md), as data: what is put
 * in for each person (inputs, one-off costs) and what it is for (outcomes:
 * a unit cost avoided, how many units, for what share of people), less
 * deadweight (what would have happened anyway), less attribution (the
 * share due to others), with drop-off year by year over the outcome's
 * years: per person, and for a cohort (each figure times its people), with
 * the benefit-cost ratio in words ("£7.10 for every £1"). The community
 * capacity framework's individual and aggregate cost-benefit, in the
 * social return on investment's terms.
 *
 * Pure: no I/O, integer pence, shares in basis points (percent x 100:
 * 2500 is 25%). Each step is rounded to the nearest penny, halves up:
 * share(x, bp) = (x * bp + 5000) / 10000, and "less d%" takes off
 * share(x, d). Models are read from data/costbenefit/ID.json
 * (costbenefit_json.c), every error naming its field. */
#ifndef SN_COSTBENEFIT_H
#define SN_COSTBENEFIT_H

#include <jansson.h>

#include "../base/base.h"

#define CB_MAX_INPUTS 8
#define CB_MAX_OUTCOMES 8
#define CB_MAX_YEARS 10
#define CB_BP 10000                  /* 100% */
#define CB_PENCE_MAX 10000000        /* £100,000: an input or a unit cost */
#define CB_UNITS_MAX 520             /* units a person a year (weeks in ten years) */
#define CB_PEOPLE_MAX 1000000        /* a cohort */
#define CB_KEY_MAX 40
#define CB_TEXT_MAX 300
#define CB_JSON_MAX (64 * 1024)

typedef struct {
	char key[CB_KEY_MAX + 1];
	char label[CB_TEXT_MAX + 1];
	int64_t cost_pence; /* each person, once */
} cb_input;

typedef struct {
	char key[CB_KEY_MAX + 1];
	char label[CB_TEXT_MAX + 1];
	char unit[CB_KEY_MAX + 1];    /* "week", "admission" */
	char source[CB_TEXT_MAX + 1]; /* where the unit cost and shares come from */
	int64_t unit_cost_pence;      /* the cost avoided for one unit */
	int64_t units;                /* units avoided a year for a person it happens to */
	int64_t achieved_bp;          /* the share of people it happens to */
	int64_t deadweight_bp;        /* the share that would have happened anyway */
	int64_t attribution_bp;       /* the share due to others */
	int64_t drop_off_bp;          /* less each year after the first */
	int years;                    /* 1 to CB_MAX_YEARS */
} cb_outcome;

typedef struct {
	char id[CB_KEY_MAX + 1];
	char title[CB_TEXT_MAX + 1];
	char description[CB_TEXT_MAX + 1];
	char cohort_label[CB_TEXT_MAX + 1]; /* "people aged 75 and over" */
	int cohort_min_age;                 /* who the cohort is (0 to 120) */
	cb_input inputs[CB_MAX_INPUTS];
	size_t n_inputs;
	cb_outcome outcomes[CB_MAX_OUTCOMES];
	size_t n_outcomes;
} cb_model;

/* One outcome's sums, each step's figure kept so the page can show it. */
typedef struct {
	int64_t gross;            /* unit_cost x units */
	int64_t expected;         /* share(gross, achieved) */
	int64_t deadweight;       /* share(expected, deadweight): taken off */
	int64_t after_deadweight; /* expected - deadweight */
	int64_t attribution;      /* share(after_deadweight, attribution): taken off */
	int64_t year[CB_MAX_YEARS]; /* year 1 = after_deadweight - attribution; then less drop-off */
	int64_t total;            /* the years added up */
} cb_outcome_sums;

typedef struct {
	int64_t people;           /* 1 for a person */
	cb_outcome_sums o[CB_MAX_OUTCOMES];
	int64_t cost;             /* the inputs */
	int64_t benefit;          /* the outcomes' totals */
	int64_t net;              /* benefit - cost */
	int64_t ratio_pence;      /* benefit for each £1 of cost, in pence (rounded); -1: no cost */
} cb_result;

/* share(x, bp), x >= 0: rounded to the nearest penny, halves up. */
int64_t cb_share(int64_t x, int64_t bp);
/* The model for one person. */
void cb_per_person(const cb_model *m, cb_result *out);
/* A cohort of people (0 to CB_PEOPLE_MAX): every figure of per times
 * people (the ratio is the same). */
void cb_aggregate(const cb_result *per, int64_t people, cb_result *out);
/* "£7.10 for every £1" (or "no cost to weigh against" for -1). */
void cb_ratio_words(int64_t ratio_pence, char *out, size_t size);

/* ---- the model as JSON (costbenefit_json.c) ---- */

/* Strict: unknown keys, wrong types, values past their limits are refused,
 * err naming the field ("outcomes[0].deadweight_bp: a whole number from 0
 * to 10000"). SN_EINPUT on any problem. */
sn_err cb_model_from_json(const char *text, size_t len, cb_model *out, char *err, size_t err_size);
/* data/costbenefit/ID.json (embedded): SN_ENOTFOUND for none, SN_EINPUT
 * (err naming the file and field) when it does not read. */
sn_err cb_model_load(const char *id, cb_model *out, char *err, size_t err_size);
/* The model and its sums as JSON (a new reference): {"model": {...as
 * read}, "per_person": SUMS, "cohort": SUMS or null when people is from 1
 * to 9 (a figure from fewer than 10 people is not shown), "people",
 * "ratio_words"}; SUMS: {"cost_pence", "benefit_pence", "net_pence",
 * "ratio_pence", "outcomes": [{"key", "gross_pence", "expected_pence",
 * "deadweight_pence", "after_deadweight_pence", "attribution_pence",
 * "years_pence": [...], "total_pence"}]}. */
json_t *cb_to_json(const cb_model *m, const cb_result *per, const cb_result *cohort);
/* "25%", "12.5%", "0.25%" */
void cb_percent_words(int64_t bp, char *out, size_t size);
/* The models shipped, "telecare-2026, ..." */
void cb_model_ids(char *out, size_t size);
#define CB_DEFAULT_MODEL "telecare-2026"

#endif
