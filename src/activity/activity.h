/* Activity for the evidence figures (issue 19, docs/insight.md): each
 * feature writes one row for each thing the commissioners' figures count,
 * in the same transaction as the thing itself, and the store keeps the
 * monthly sums (activity_months) as it is written. The figures never read
 * a feature's own tables, and never name anyone.
 *
 * Below the features (store, base and the wellbeing rules): referral, plan, dp,
 * timebank, schemes, socialrx and intake call it; insight reads it. */
#ifndef SN_ACTIVITY_H
#define SN_ACTIVITY_H

#include "../base/base.h"
#include "../store/store.h"
#include "../wellbeing/wellbeing.h"

/* The kinds (docs/insight.md says what each counts, its detail and value). */
#define ACT_REQUEST "request"                   /* detail: self-check | assessment */
#define ACT_REFERRAL_MADE "referral.made"       /* detail: the service's need */
#define ACT_REFERRAL_ACCEPTED "referral.accepted"
#define ACT_REFERRAL_COMPLETED "referral.completed"
#define ACT_REFERRAL_UNMET "referral.unmet"     /* rejected or failed */
#define ACT_BUDGET "budget"                     /* value: weekly budget, pence */
#define ACT_DP_SPEND "dp.spend"                 /* value: pence */
#define ACT_TIMEBANK "timebank"                 /* value: minutes given */
#define ACT_MATCH "match"                       /* detail: the scheme */
#define ACT_MATCH_LASTING "match.lasting"       /* a match's last follow-up done; detail: the scheme */
#define ACT_REVIEW "review"                     /* detail: the review's kind */
#define ACT_OUTCOME "outcome"                   /* detail: met | not-met */
#define ACT_GAS "gas"                           /* detail: below | expected | above; value: T x 100 */
#define ACT_ONS4_PREFIX "ons4."                 /* + item key; detail: band; value: 0..10 */
#define ACT_UCLA3 "ucla3"                       /* detail: 3-5 | 6-7 | 8-9; value: total */
/* The GAS T-score bands: below 45, 45 to 55, above 55. */
#define ACT_LONELY "lonely"                     /* detail: the answer's key */
#define ACT_CIRCLE "circle"                     /* at a plan's approval; detail: 0-2 | 3-5 | 6-9 | 10+; value: size */
#define ACT_CIRCLE_UNPAID "circle.unpaid"       /* detail: the unpaid share's band; value: percent */

/* Age bands on the day: "under-65", "65-74", "75-84", "85+"; "" when the date
 * of birth is not known (or the day is before it). Pure. */
const char *activity_age_band(const char *dob, const char *day);
/* A circle of support's size band ("0-2", "3-5", "6-9", "10+") and the
 * band of a share ("under-25", "25-49", "50-74", "75-plus" percent), with
 * whole numbers only. Pure. */
const char *activity_circle_band(int64_t n);
const char *activity_share_band(int64_t part, int64_t whole);
/* Whether a kind's sums are shown (money, time): its people are then
 * counted once a month (activity_people). */
bool activity_counts_people(const char *kind);

/* One row about a person: their locality, age band on the day and carer
 * status (a carer's assessment on record) are looked up and copied in.
 * day: YYYY-MM-DD (a longer timestamp is cut to its date). */
sn_err activity_add(store *s, const char *kind, const char *detail, int64_t person_id, const char *day,
		    int64_t value);
/* One row about no one in particular (a public request): its locality. */
sn_err activity_add_place(store *s, const char *kind, const char *detail, int64_t locality_id,
			  const char *day, int64_t value);

/* The wellbeing measures taken on a day (wellbeing.h's answers): one row
 * for each ONS4 item answered (detail its band), the UCLA-3 total when all
 * three are answered (detail "3-5", "6-7" or "8-9") and the direct
 * loneliness question (detail its answer's key). */
sn_err activity_add_wellbeing(store *s, int64_t person_id, const char *day, const wb_answers *w);
/* A review's goals (GAS raw scores -2..2, n of them) and its T-score x 100
 * when it has one: a row per goal (met when the score is 0 or more) and
 * one for the T-score's band. */
sn_err activity_add_goals(store *s, int64_t person_id, const char *day, const int *scores, size_t n,
			  bool has_t, int64_t t_centi);

/* Everything given: for bulk loads (the large demo's history, bench/). */
typedef struct {
	const char *kind, *detail, *age_band, *day;
	int64_t person_id; /* 0: none */
	int64_t locality_id;
	int carer;
	int64_t value;
} activity_row;
sn_err activity_add_row(store *s, const activity_row *r);

/* Up to ACTIVITY_BATCH rows in one statement (each row's people are not
 * counted: call activity_people_recount after). For bulk loads. */
#define ACTIVITY_BATCH 100
sn_err activity_add_rows(store *s, const activity_row *rows, size_t n);
/* Counts the people behind money and time again from the activity
 * (activity_people, activity_people_months). */
sn_err activity_people_recount(store *s);

/* The need a directory service meets (its first taxonomy term's code), for
 * referrals' detail; "other" when it has none. */
sn_err activity_service_need(store *s, int64_t service_id, char out[static 64]);

/* The demo area's two years of history (activity_demo.c): rows spread
 * over the 24 months before today's, for the people already there. */
sn_err activity_demo_history(store *s, uint64_t seed, size_t rows, const char *today);

/* Rebuilds activity_months and activity_people from activity (after a bulk
 * load with the trigger off; the figures are then as if written one by
 * one). */
sn_err activity_recount(store *s);

#endif
