/* Key human indicators (docs/indicators.md, issue 19): one person's
 * wellbeing, loneliness, goal attainment and circle of support over time.
 *
 * The rules (khi_rules.c) and the chart writer (khi_svg.c) are pure: no
 * store, no web. They take a person's dated observations, whatever read
 * them, and build one series per indicator: its points in date order, the
 * latest value, the change since the first and the band words. Values are
 * integers (a GAS T-score in hundredths, a share in whole per cent), so no
 * floating point decides anything. The commissioners' figures (src/insight)
 * may call the same functions for each person they count.
 *
 * khi_store.c reads one person's observations through the plan and social
 * prescribing features' own store functions; khi_http.c serves the pages. */
#ifndef SN_INDICATORS_H
#define SN_INDICATORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/base.h"
#include "../plan/plan.h"
#include "../wellbeing/wellbeing.h"

/* The indicators, in the order the pages show them. */
typedef enum {
	KHI_LIFE,       /* ONS4 life satisfaction, 0..10 */
	KHI_WORTHWHILE, /* ONS4 things worthwhile, 0..10 */
	KHI_HAPPY,      /* ONS4 happy yesterday, 0..10 */
	KHI_ANXIOUS,    /* ONS4 anxious yesterday, 0..10, lower is better */
	KHI_UCLA3,      /* UCLA-3 total, 3..9, only when all three were answered */
	KHI_LONELY,     /* the direct question, 0 often or always .. 4 never */
	KHI_GAS,        /* GAS T-score in hundredths (5000 = as expected) */
	KHI_MET,        /* goals met at a review (score 0 or more), of `of` goals */
	KHI_CIRCLE,     /* people in the circle of support */
	KHI_UNPAID,     /* the unpaid share of the circle, whole per cent */
	KHI_N
} khi_kind;

/* Where an observation came from (for the tables' "From" column). */
typedef enum { KHI_SRC_REVIEW, KHI_SRC_PLAN, KHI_SRC_SOCIALRX } khi_source;

/* One dated observation; each part optional. */
typedef struct {
	int64_t day; /* days since 1970-01-01 (civil_days) */
	khi_source source;
	bool has_wb; /* wb holds answers (unanswered items are -1) */
	wb_answers wb;
	bool has_t; /* t_centi is a GAS T-score x 100 */
	int64_t t_centi;
	int goals, goals_met; /* goals scored at a review and those met; goals 0: none */
	int circle, unpaid;   /* people in the circle and those not paid; circle -1: none */
} khi_obs;

/* An observation with nothing in it on day from source. */
void khi_obs_clear(khi_obs *o, int64_t day, khi_source source);

#define KHI_POINTS_MAX 200

typedef struct {
	int64_t day;
	int64_t value; /* in the kind's units (see khi_kind) */
	int64_t of;    /* KHI_MET: the goals scored; KHI_UNPAID: the circle; else 0 */
	khi_source source;
} khi_point;

typedef enum { KHI_HIGHER_BETTER, KHI_LOWER_BETTER, KHI_NO_DIRECTION } khi_direction;

typedef struct {
	khi_kind kind;
	size_t n; /* points, oldest first (equal days keep the observations' order) */
	khi_point points[KHI_POINTS_MAX];
	bool has_latest;  /* n > 0 */
	int64_t latest;   /* the last point's value */
	bool has_change;  /* n > 1 */
	int64_t change;   /* latest - the first point's value */
	const char *band; /* the latest value's band words, "" when the kind has none */
} khi_series;

/* The series of every kind from n observations (any order; points past
 * KHI_POINTS_MAX of one kind are dropped, the newest kept). An ONS4 item
 * or the direct question counts only when answered; UCLA-3 only when all
 * three items were answered. */
void khi_build(const khi_obs *obs, size_t n, khi_series out[static KHI_N]);

/* About a kind, in plain words. */
const char *khi_key(khi_kind k);          /* "life_satisfaction", ..., "unpaid_share" */
const char *khi_title(khi_kind k);        /* "Life satisfaction" */
const char *khi_meaning(khi_kind k);      /* a sentence: what it measures */
const char *khi_meaning_self(khi_kind k); /* the same, to the person: "How satisfied you are ..." */
const char *khi_direction_words(khi_kind k); /* "Higher is better." */
khi_direction khi_direction_of(khi_kind k);
/* The value's scale: 100 for a GAS T-score (hundredths), else 1. */
int khi_scale(khi_kind k);
/* Whether the kind holds until it changes (counts and shares: a step chart). */
bool khi_is_step(khi_kind k);
/* A value as text: "46.21", "7", "75%", "Occasionally". */
const char *khi_value_text(arena *a, khi_kind k, int64_t value, int64_t of);
/* The band words of a value ("high", "lonely more often", "below what was
 * expected"), "" when the kind has none. */
const char *khi_band(khi_kind k, int64_t value);
/* "up 2", "down 0.35", "no change" (in the kind's units). */
const char *khi_change_text(arena *a, khi_kind k, int64_t change);
/* "better", "worse", "same", or "" when the kind has no direction. */
const char *khi_change_verdict(khi_kind k, int64_t change);
const char *khi_source_words(khi_source s); /* "Review", "Support plan", "Social prescribing" */

/* From a review's outcomes JSON ([{outcome, words, weight, score}]): the
 * goals scored and those met (score 0 or more: the expected level or
 * better). Entries without an integer score in -2..2 are skipped. */
void khi_goals_of(const json_t *outcomes, int *goals, int *met);
/* The circle of a plan document: its size and those not in the paid ring. */
void khi_circle_of(const plan_doc *d, int *circle, int *unpaid);

/* ---- the chart (khi_svg.c) ----
 * A small line chart (a step chart for counts and shares, which hold until
 * they change) as inline SVG: a fixed view box, the value axis labelled
 * with the kind's scale, the first and last dates on the time axis, every
 * point marked with a dot and its value written beside it. role="img" and
 * aria-labelledby name its <title> (id) and <desc> (id-desc). Colours meet
 * 3:1 against white; the values are written, so colour is not needed to
 * read it. "" when the series has no points. */
const char *khi_chart_svg(arena *a, const khi_series *s, const char *id);

#endif
