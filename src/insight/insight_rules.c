/* The commissioners' tables as data, their splits and words (pure). */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "insight.h"

const char *const ins_age_keys[5] = {"under-65", "65-74", "75-84", "85+", ""};
const char *const ins_age_words[5] = {"Under 65", "65 to 74", "75 to 84", "85 and over", "Age not known"};
const char *const ins_carer_keys[2] = {"1", "0"};
const char *const ins_carer_words[2] = {"Carers", "Not known to be carers"};

typedef struct {
	const char *name, *title, *kind;
	ins_dim rows, cols;
	ins_show show;
	const char *money_label;
} home_def;

static const home_def home[] = {
	{"services-by-need-and-locality", "Directory services by need and locality (supply)", "", INS_DETAIL,
	 INS_LOCALITY, INS_SUPPLY, NULL},
	{"referrals-made-by-need-and-locality", "Referrals made, by need and locality (demand)", ACT_REFERRAL_MADE,
	 INS_DETAIL, INS_LOCALITY, INS_COUNTS, NULL},
	{"needs-not-met-by-need-and-locality", "Needs not met: referrals declined or failed, by need and locality",
	 ACT_REFERRAL_UNMET, INS_DETAIL, INS_LOCALITY, INS_COUNTS, NULL},
	{"requests-by-month-and-locality", "Requests for help and self-checks sent, by month and locality",
	 ACT_REQUEST, INS_MONTH, INS_LOCALITY, INS_COUNTS, NULL},
	{"referrals-made-by-month-and-locality", "Referrals made, by month and locality", ACT_REFERRAL_MADE,
	 INS_MONTH, INS_LOCALITY, INS_COUNTS, NULL},
	{"referrals-accepted-by-month-and-locality", "Referrals accepted, by month and locality",
	 ACT_REFERRAL_ACCEPTED, INS_MONTH, INS_LOCALITY, INS_COUNTS, NULL},
	{"referrals-completed-by-month-and-locality", "Referrals completed, by month and locality",
	 ACT_REFERRAL_COMPLETED, INS_MONTH, INS_LOCALITY, INS_COUNTS, NULL},
	{"budgets-by-locality", "Personal budgets approved, by locality", ACT_BUDGET, INS_LOCALITY, INS_DETAIL,
	 INS_MONEY, "Weekly budgets approved"},
	{"direct-payment-spend-by-locality", "Direct-payment spend, by locality", ACT_DP_SPEND, INS_LOCALITY,
	 INS_DETAIL, INS_MONEY, "Spend"},
	{"timebank-by-locality", "Timebank: exchanges and hours given, by locality", ACT_TIMEBANK, INS_LOCALITY, INS_DETAIL,
	 INS_HOURS, "Hours given"},
	{"matches-by-scheme-and-locality", "Neighbourhood matches made, by scheme and locality", ACT_MATCH,
	 INS_DETAIL, INS_LOCALITY, INS_COUNTS, NULL},
	{"matches-lasting-by-scheme-and-locality", "Neighbourhood matches lasting to their last follow-up, by scheme "
	 "and locality", ACT_MATCH_LASTING, INS_DETAIL, INS_LOCALITY, INS_COUNTS, NULL},
	{"reviews-by-kind-and-locality", "Reviews held, by kind and locality", ACT_REVIEW, INS_DETAIL, INS_LOCALITY,
	 INS_COUNTS, NULL},
	{"reviews-due-by-locality", "Plans in force today, by locality and where their reviews stand", "reviews-due",
	 INS_LOCALITY, INS_DETAIL, INS_REVIEWS_DUE, NULL},
};

size_t ins_home_count(void)
{
	return SN_ARRAY_LEN(home);
}

void ins_home_spec(size_t i, ins_spec *out)
{
	const home_def *h = &home[i];
	*out = (ins_spec){.kind = h->kind, .rows = h->rows, .cols = h->cols, .show = h->show,
			  .money_label = h->money_label};
	snprintf(out->name, sizeof out->name, "%s", h->name);
	snprintf(out->title, sizeof out->title, "%s", h->title);
}

static const char *const measures[][2] = {
	{"ons4.life_satisfaction", "Life satisfaction (ONS4: higher is better)"},
	{"ons4.worthwhile", "Feeling that things are worthwhile (ONS4: higher is better)"},
	{"ons4.happy", "Happiness yesterday (ONS4: higher is better)"},
	{"ons4.anxious", "Anxiety yesterday (ONS4: lower is better)"},
	{"ucla3", "Loneliness, UCLA 3-item scale (3 to 9: lower is less lonely)"},
	{"lonely", "How often people feel lonely (the direct question)"},
	{"gas", "Goals: Goal Attainment Scaling T-scores at review (50 is as expected)"},
	{"outcome", "Outcomes met at review"},
	{"circle", "Circle of support: its size when a plan is approved"},
	{"circle.unpaid", "Circle of support: the share of it that is unpaid (family, friends, community)"},
};
static const char *const splits[][2] = {
	{"locality", "locality"}, {"age", "age band"}, {"carer", "carer status"}, {"month", "month"}};

size_t ins_measure_count(void)
{
	return SN_ARRAY_LEN(measures);
}
const char *ins_measure_kind(size_t i)
{
	return measures[i][0];
}
const char *ins_measure_words(size_t i)
{
	return measures[i][1];
}
size_t ins_split_count(void)
{
	return SN_ARRAY_LEN(splits);
}
const char *ins_split_key(size_t i)
{
	return splits[i][0];
}

void ins_measure_spec(size_t i, size_t j, ins_spec *out)
{
	static const ins_dim dims[] = {INS_LOCALITY, INS_AGE, INS_CARER, INS_MONTH};
	*out = (ins_spec){.kind = measures[i][0], .rows = dims[j], .cols = INS_DETAIL, .show = INS_COUNTS};
	char key[48];
	snprintf(key, sizeof key, "%s", measures[i][0]);
	for (char *c = key; *c; c++)
		if (*c == '.' || *c == '_')
			*c = '-';
	snprintf(out->name, sizeof out->name, "wellbeing-%s-by-%s", key, splits[j][0]);
	snprintf(out->title, sizeof out->title, "%s, by %s", measures[i][1], splits[j][1]);
}

sn_err ins_spec_find(const char *name, ins_spec *out)
{
	for (size_t i = 0; i < ins_home_count(); i++) {
		ins_home_spec(i, out);
		if (str_eq(out->name, name))
			return SN_OK;
	}
	for (size_t i = 0; i < ins_measure_count(); i++)
		for (size_t j = 0; j < ins_split_count(); j++) {
			ins_measure_spec(i, j, out);
			if (str_eq(out->name, name))
				return SN_OK;
		}
	return SN_ENOTFOUND;
}

static const char *const ons4_keys[] = {"low", "medium", "high", "very high"};
static const char *const ons4_words[] = {"Low (0 to 4)", "Medium (5 or 6)", "High (7 or 8)", "Very high (9 or 10)"};
static const char *const anx_keys[] = {"very low", "low", "medium", "high"};
static const char *const anx_words[] = {"Very low (0 or 1)", "Low (2 or 3)", "Medium (4 or 5)", "High (6 to 10)"};
static const char *const ucla_keys[] = {"3-5", "6-7", "8-9"};
static const char *const ucla_words[] = {"3 to 5", "6 or 7", "8 or 9"};
static const char *const lonely_keys[] = {"often_always", "some_of_the_time", "occasionally", "hardly_ever", "never"};
static const char *const lonely_words[] = {"Often or always", "Some of the time", "Occasionally", "Hardly ever",
					   "Never"};
static const char *const gas_keys[] = {"below", "expected", "above"};
static const char *const gas_words[] = {"Below expected (under 45)", "As expected (45 to 55)",
					"Above expected (over 55)"};
static const char *const outcome_keys[] = {"met", "not-met"};
static const char *const outcome_words[] = {"Met", "Not met"};
static const char *const circle_keys[] = {"0-2", "3-5", "6-9", "10+"};
static const char *const circle_words[] = {"2 or fewer", "3 to 5", "6 to 9", "10 or more"};
static const char *const share_keys[] = {"under-25", "25-49", "50-74", "75-plus"};
static const char *const share_words[] = {"Under a quarter", "A quarter to a half", "A half to three quarters",
					  "Three quarters or more"};
static const char *const review_keys[] = {"light_touch", "direct_payment", "annual", "triggered"};
static const char *const review_words[] = {"Light-touch", "Direct payment", "Annual", "Brought forward"};
static const char *const request_keys[] = {"self-check", "contact"};
static const char *const request_words[] = {"From a self-check", "Asked for directly"};
static const char *const due_keys[] = {"overdue", "due-soon", "not-due"};
static const char *const due_words[] = {"Overdue", "Due within 8 weeks", "Not yet due"};
static const char *const one_key[] = {""};
static const char *const budget_words[] = {"Budgets approved"};
static const char *const payment_words[] = {"Payments"};
static const char *const exchange_words[] = {"Exchanges"};

bool ins_fixed_details(const char *kind, const char *const **keys, const char *const **words, size_t *n)
{
#define FIXED(k, w) (*keys = (k), *words = (w), *n = SN_ARRAY_LEN(k), true)
	if (str_eq(kind, "ons4.anxious"))
		return FIXED(anx_keys, anx_words);
	if (str_starts(kind, ACT_ONS4_PREFIX))
		return FIXED(ons4_keys, ons4_words);
	if (str_eq(kind, ACT_UCLA3))
		return FIXED(ucla_keys, ucla_words);
	if (str_eq(kind, ACT_LONELY))
		return FIXED(lonely_keys, lonely_words);
	if (str_eq(kind, ACT_GAS))
		return FIXED(gas_keys, gas_words);
	if (str_eq(kind, ACT_OUTCOME))
		return FIXED(outcome_keys, outcome_words);
	if (str_eq(kind, ACT_CIRCLE))
		return FIXED(circle_keys, circle_words);
	if (str_eq(kind, ACT_CIRCLE_UNPAID))
		return FIXED(share_keys, share_words);
	if (str_eq(kind, ACT_REVIEW))
		return FIXED(review_keys, review_words);
	if (str_eq(kind, ACT_REQUEST))
		return FIXED(request_keys, request_words);
	if (str_eq(kind, "reviews-due"))
		return FIXED(due_keys, due_words);
	if (str_eq(kind, ACT_BUDGET))
		return FIXED(one_key, budget_words);
	if (str_eq(kind, ACT_DP_SPEND))
		return FIXED(one_key, payment_words);
	if (str_eq(kind, ACT_TIMEBANK))
		return FIXED(one_key, exchange_words);
#undef FIXED
	return false;
}

bool ins_month_ok(const char *m)
{
	return m && strlen(m) == 7 && m[4] == '-' && m[0] >= '1' && m[0] <= '2' &&
	       strspn(m, "0123456789-") == 7 && ((m[5] == '0' && m[6] >= '1' && m[6] <= '9') ||
						 (m[5] == '1' && m[6] >= '0' && m[6] <= '2'));
}

void ins_month_add(const char *m, int delta, char out[static 8])
{
	int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
	int mo = (m[5] - '0') * 10 + (m[6] - '0');
	int k = y * 12 + (mo - 1) + delta;
	if (k < 0)
		k = 0;
	snprintf(out, 8, "%04d-%02d", (k / 12) % 10000, k % 12 + 1);
}

int ins_months_between(const char *from, const char *to)
{
	int yf = (from[0] - '0') * 1000 + (from[1] - '0') * 100 + (from[2] - '0') * 10 + (from[3] - '0');
	int yt = (to[0] - '0') * 1000 + (to[1] - '0') * 100 + (to[2] - '0') * 10 + (to[3] - '0');
	int mf = (from[5] - '0') * 10 + (from[6] - '0'), mt = (to[5] - '0') * 10 + (to[6] - '0');
	return (yt * 12 + mt) - (yf * 12 + mf) + 1;
}

void ins_month_words(const char *m, char *out, size_t size)
{
	static const char *const names[] = {"January", "February", "March", "April", "May", "June", "July",
					    "August", "September", "October", "November", "December"};
	int mo = (m[5] - '0') * 10 + (m[6] - '0');
	snprintf(out, size, "%s %.4s", names[(mo >= 1 && mo <= 12 ? mo : 1) - 1], m);
}
