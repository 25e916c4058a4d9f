/* The demo area's pathway costs: two years before today for the people
 * with an NHS number, as partners' extracts would give them (one import
 * by "demo"), enough that most cells of /insight/costs are 10 or more.
 * Older people are likelier to have hospital stays and residential care.
 * Written through costs_store.c's functions; the figures are illustrative
 * unit costs, not any partner's tariff. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "costs.h"

#define DEMO_PEOPLE_MAX 5000

typedef struct {
	const char *setting;
	int chance_under_75, chance_75_plus; /* percent of people */
	int min_n, spread_n;                 /* how many costs: min_n + below(spread_n) */
	int64_t pence, spread_pence;         /* each: pence + below(spread_pence) */
} demo_setting;

static const demo_setting settings[] = {
	{"gp", 85, 95, 1, 8, 4200, 1},
	{"a&e", 35, 50, 1, 3, 18000, 20000},
	{"ambulance", 15, 35, 1, 2, 27500, 17500},
	{"hospital-inpatient", 15, 35, 1, 2, 200000, 600000},
	{"hospital-outpatient", 40, 55, 1, 4, 12000, 13000},
	{"community-health", 25, 50, 2, 10, 5500, 3500},
	{"mental-health", 15, 8, 2, 8, 10000, 5000},
	{"social-care-residential", 4, 15, 1, 12, 300000, 1}, /* a month: 4 weeks at £750 */
	{"social-care-home", 15, 35, 1, 12, 60000, 80000},   /* a month of home care */
};

/* A day in the 24 months before today: YYYY-MM-DD. */
static void demo_day(rng *g, const char *today, char out[static 11])
{
	int y = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 + (today[3] - '0');
	int m = (today[5] - '0') * 10 + (today[6] - '0');
	int k = y * 12 + (m - 1) - (int)rng_below(g, 24);
	int d = 1 + (int)rng_below(g, 28);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(k / 12) % 10000u, (unsigned)(k % 12 + 1) % 100u,
		 (unsigned)d % 100u);
	if (strcmp(out, today) > 0) /* later this month: the first of it */
		snprintf(out, 11, "%.8s01", today);
}

static sn_err person_costs(store *s, rng *g, int64_t import_id, int64_t id, const char *dob, const char *today)
{
	bool older = str_eq(activity_age_band(dob, today), "75-84") || str_eq(activity_age_band(dob, today), "85+");
	sn_err rc = SN_OK;
	for (size_t i = 0; i < SN_ARRAY_LEN(settings) && !rc; i++) {
		const demo_setting *d = &settings[i];
		if ((int)rng_below(g, 100) >= (older ? d->chance_75_plus : d->chance_under_75))
			continue;
		int n = d->min_n + (int)rng_below(g, (uint64_t)d->spread_n);
		for (int k = 0; k < n && !rc; k++) {
			char day[11], fp[65];
			demo_day(g, today, day);
			int64_t pence = d->pence + (int64_t)rng_below(g, (uint64_t)d->spread_pence);
			char key[96];
			snprintf(key, sizeof key, "demo|%lld|%s|%d", (long long)id, d->setting, k);
			sha256_hex(key, strlen(key), fp);
			rc = costs_add(s, import_id, id, day, d->setting, pence, fp);
		}
	}
	return rc;
}

sn_err costs_demo(store *s, uint64_t seed, const char *today)
{
	arena *a = arena_new();
	int64_t *ids = NULL;
	char **dobs = NULL;
	size_t n = 0;
	char day[11];
	snprintf(day, sizeof day, "%.10s", today);
	sn_err rc = costs_people_with_nhs(s, a, DEMO_PEOPLE_MAX, &ids, &dobs, &n);
	int64_t import_id = 0;
	if (!rc && n)
		rc = costs_import_begin(s, "demo", "demo", &import_id);
	rng g;
	rng_seed(&g, seed ^ 0xc057c057u);
	for (size_t i = 0; i < n && !rc; i++)
		rc = person_costs(s, &g, import_id, ids[i], dobs[i], day);
	arena_free(a);
	return rc;
}
