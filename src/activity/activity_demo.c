/* The demo area's history for the evidence figures: two years of
 * activity for the demo's people in its six localities, written straight
 * to the activity (as a council loading its earlier systems' history
 * would), so that every commissioners' table and chart says something.
 * The features' own demo data adds its rows as it is written. Some needs
 * are made to run short in some localities, so the market position
 * statements have gaps to show. */
#include <stdio.h>
#include <string.h>

#include "activity.h"

typedef struct {
	int64_t id, locality;
	char dob[11];
	int carer;
} demo_person;

static sn_err people_of(store *s, arena *a, demo_person **out, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.id, coalesce(p.locality_id, 0), coalesce(p.date_of_birth, ''), "
		"(SELECT count(*) FROM assessments a WHERE a.person_id = p.id AND a.kind = 'carer') "
		"FROM people p WHERE p.merged_into IS NULL ORDER BY p.id", "");
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while (!rc && store_next(st, &rc)) {
		*out = arena_grow(a, *out, *n, &cap, sizeof **out);
		demo_person *p = &(*out)[(*n)++];
		p->id = store_col_i64(st, 0);
		p->locality = store_col_i64(st, 1);
		snprintf(p->dob, sizeof p->dob, "%s", store_col_text(st, 2));
		p->carer = store_col_i64(st, 3) > 0;
	}
	store_done(st);
	return rc;
}

static sn_err needs_of(store *s, arena *a, const char ***out, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT DISTINCT code FROM dir_taxonomy_terms WHERE code IS NOT NULL "
				"AND code <> '' ORDER BY code", "");
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while (!rc && store_next(st, &rc)) {
		*out = arena_grow(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = arena_strdup(a, store_col_text(st, 0));
	}
	store_done(st);
	return rc;
}

/* The kinds, by how often each is written (per thousand). */
static const struct {
	const char *kind;
	unsigned weight;
} mix[] = {
	{ACT_REFERRAL_MADE, 220}, {ACT_REFERRAL_ACCEPTED, 140}, {ACT_REFERRAL_COMPLETED, 90},
	{ACT_REFERRAL_UNMET, 40}, {ACT_REQUEST, 60}, {ACT_TIMEBANK, 90}, {ACT_DP_SPEND, 80},
	{ACT_BUDGET, 20}, {ACT_MATCH, 20}, {ACT_MATCH_LASTING, 14}, {ACT_REVIEW, 40}, {ACT_OUTCOME, 40}, {ACT_GAS, 20},
	{"ons4.life_satisfaction", 20}, {"ons4.worthwhile", 20}, {"ons4.happy", 20}, {"ons4.anxious", 20},
	{ACT_UCLA3, 20}, {ACT_LONELY, 20}, {ACT_CIRCLE, 15}, {ACT_CIRCLE_UNPAID, 15},
};

static const char *pick_kind(rng *g)
{
	unsigned total = 0;
	for (size_t i = 0; i < SN_ARRAY_LEN(mix); i++)
		total += mix[i].weight;
	unsigned k = (unsigned)rng_below(g, total);
	for (size_t i = 0; i < SN_ARRAY_LEN(mix); i++) {
		if (k < mix[i].weight)
			return mix[i].kind;
		k -= mix[i].weight;
	}
	return ACT_REFERRAL_MADE;
}

/* A score that leans with the locality (some places fare better) and with
 * time (things improve a little over the two years). */
static int lean_score(rng *g, int64_t locality, int month_index, int lo, int hi)
{
	int span = hi - lo + 1;
	int v = lo + (int)rng_below(g, (uint64_t)span);
	int w = lo + (int)rng_below(g, (uint64_t)span);
	int bias = (int)(locality % 3) - 1 + (month_index > 12 ? 1 : 0);
	v = (v + w) / 2 + bias;
	return v < lo ? lo : v > hi ? hi : v;
}

static void fill(rng *g, activity_row *r, const demo_person *p, const char *const *needs, size_t n_needs,
		 int month_index)
{
	static const char *const schemes[] = {"good-neighbours", "host-carers", "personal-assistants",
					      "shared-lives", "homeshare"};
	static const char *const reviews[] = {"light_touch", "direct_payment", "annual", "triggered"};
	static const char *const lonely[] = {"often_always", "some_of_the_time", "occasionally", "hardly_ever",
					     "never"};
	const char *k = r->kind;
	r->value = 1;
	r->detail = "";
	if (str_starts(k, "referral.")) {
		/* Demand leans on a few needs per locality: dementia support in
		 * the third, carers' breaks in the fifth. */
		size_t i = (size_t)rng_below(g, n_needs);
		if (rng_below(g, 5) == 0)
			i = (size_t)((p->locality * 7) % (int64_t)n_needs);
		r->detail = needs[i];
	} else if (str_eq(k, ACT_REQUEST)) {
		r->detail = rng_below(g, 3) ? "self-check" : "contact";
	} else if (str_eq(k, ACT_TIMEBANK)) {
		r->value = 30 + 15 * (int64_t)rng_below(g, 12);
	} else if (str_eq(k, ACT_DP_SPEND)) {
		r->value = 2000 + 100 * (int64_t)rng_below(g, 400);
	} else if (str_eq(k, ACT_BUDGET)) {
		r->value = 15000 + 500 * (int64_t)rng_below(g, 120);
	} else if (str_eq(k, ACT_MATCH) || str_eq(k, ACT_MATCH_LASTING)) {
		r->detail = schemes[rng_below(g, SN_ARRAY_LEN(schemes))];
	} else if (str_eq(k, ACT_REVIEW)) {
		r->detail = reviews[rng_below(g, SN_ARRAY_LEN(reviews))];
	} else if (str_eq(k, ACT_OUTCOME)) {
		r->detail = lean_score(g, p->locality, month_index, 0, 9) >= 3 ? "met" : "not-met";
	} else if (str_eq(k, ACT_GAS)) {
		r->value = 3000 + 100 * lean_score(g, p->locality, month_index, 0, 40);
		r->detail = r->value < 4500 ? "below" : r->value <= 5500 ? "expected" : "above";
	} else if (str_starts(k, ACT_ONS4_PREFIX)) {
		bool anx = str_eq(k, "ons4.anxious");
		int v = lean_score(g, p->locality, month_index, 0, 10);
		if (anx)
			v = 10 - v;
		r->value = v;
		r->detail = wb_ons4_band(anx ? ONS4_ANXIOUS : ONS4_LIFE, v);
	} else if (str_eq(k, ACT_UCLA3)) {
		int v = 12 - lean_score(g, p->locality, month_index, 3, 9);
		r->value = v;
		r->detail = v <= 5 ? "3-5" : v <= 7 ? "6-7" : "8-9";
	} else if (str_eq(k, ACT_CIRCLE)) {
		r->value = lean_score(g, p->locality, month_index, 1, 12);
		r->detail = activity_circle_band(r->value);
	} else if (str_eq(k, ACT_CIRCLE_UNPAID)) {
		int64_t size = lean_score(g, p->locality, month_index, 2, 12);
		int64_t unpaid = lean_score(g, p->locality, month_index, 0, (int)size);
		r->value = unpaid * 100 / size;
		r->detail = activity_share_band(unpaid, size);
	} else if (str_eq(k, ACT_LONELY)) {
		r->detail = lonely[4 - lean_score(g, p->locality, month_index, 0, 4)];
	}
}

sn_err activity_demo_history(store *s, uint64_t seed, size_t rows, const char *today)
{
	arena *a = arena_new();
	demo_person *people = NULL;
	const char **needs = NULL;
	size_t n_people = 0, n_needs = 0;
	sn_err rc = people_of(s, a, &people, &n_people);
	if (!rc)
		rc = needs_of(s, a, &needs, &n_needs);
	if (!rc && (!n_people || !n_needs)) {
		arena_free(a);
		return SN_OK;
	}
	rng g;
	rng_seed(&g, seed ^ 0x5eedface);
	char month0[8];
	snprintf(month0, sizeof month0, "%.7s", today);
	activity_row batch[ACTIVITY_BATCH];
	char days[ACTIVITY_BATCH][16];
	size_t nb = 0;
	for (size_t i = 0; i < rows && !rc; i++) {
		const demo_person *p = &people[rng_below(&g, n_people)];
		/* Later months a little busier: the area's reach grows. */
		int back = (int)rng_below(&g, 24);
		if (back > 12 && rng_below(&g, 4) == 0)
			back -= 12;
		int y = (month0[0] - '0') * 1000 + (month0[1] - '0') * 100 + (month0[2] - '0') * 10 + (month0[3] - '0');
		int m = (month0[5] - '0') * 10 + (month0[6] - '0');
		int k = y * 12 + (m - 1) - back;
		char *day = days[nb];
		snprintf(day, sizeof days[nb], "%04u-%02u-%02u", (unsigned)(k / 12) % 10000u, (unsigned)(k % 12 + 1) % 100u,
			 (unsigned)(1 + rng_below(&g, 28)) % 100u);
		activity_row r = {.kind = pick_kind(&g), .person_id = p->id, .locality_id = p->locality,
				  .carer = p->carer, .day = day};
		r.age_band = activity_age_band(p->dob, day);
		fill(&g, &r, p, needs, n_needs, 24 - back);
		batch[nb++] = r;
		if (nb == ACTIVITY_BATCH || i + 1 == rows) {
			rc = activity_add_rows(s, batch, nb);
			nb = 0;
		}
	}
	if (!rc)
		rc = activity_people_recount(s);
	arena_free(a);
	return rc;
}
