/* Unit tests for the schemes' rules: the data file and every refusal of its
 * reader (the field named), vetting (valid, expiring within 30 days,
 * expired, incomplete), words and availability, each hard constraint on
 * its own, the soft costs on a hand-worked pair, the runner-up, and that a
 * run's proposals are the optimum: as many matched as possible and, among
 * those, the least total cost, against every subset of the possible pairs
 * on small random instances. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schemes/schemes.h"

static const sch_scheme *scheme(const char *id)
{
	const sch_schemes *all = sch_shipped();
	assert_non_null(all);
	const sch_scheme *s = sch_find(all, id);
	assert_non_null(s);
	return s;
}

static void test_shipped(void **state)
{
	(void)state;
	const sch_schemes *all = sch_shipped();
	assert_non_null(all);
	assert_int_equal(all->n, 5);
	const sch_scheme *hc = scheme("host-carers");
	assert_int_equal(hc->max_capacity, 4); /* at most 4 guests a day per host */
	assert_int_equal(hc->dbs, SCH_DBS_ENHANCED);
	assert_true(scheme("pa-register")->rates);
	assert_true(scheme("shared-lives")->household);
	assert_true(scheme("homeshare")->household);
	assert_false(scheme("good-neighbours")->household);
	assert_int_equal(scheme("good-neighbours")->w.distance_per_km, 10);
	assert_int_equal(sch_help_index(scheme("good-neighbours"), "shopping"), 1);
	assert_int_equal(sch_help_index(scheme("good-neighbours"), "nothing"), -1);
	assert_null(sch_find(all, "no-such-scheme"));
}

/* A scheme in JSON with one part replaced: key "k" set to raw value v. */
static char *with(const char *key, const char *value)
{
	static char out[4096];
	const char *parts[][2] = {
		{"id", "\"s\""}, {"name", "\"S\""}, {"summary", "\"What it is\""},
		{"helps_with", "[{\"id\":\"lift\",\"label\":\"Lifts\"}]"},
		{"vetting", "{\"dbs\":\"basic\",\"references\":1,\"training\":[]}"},
		{"max_distance_km", "5"}, {"default_capacity", "2"}, {"max_capacity", "4"},
		{"household_profile", "false"}, {"hourly_rates", "false"},
		{"weights", "{\"distance_per_km\":10,\"no_shared_language\":40,\"shared_interest\":5,\"past_helper\":30}"},
		{"followup_weeks", "[2, 6]"}};
	size_t n = snprintf(out, sizeof out, "{\"schemes\":[{");
	bool first = true;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *v = key && !strcmp(key, parts[i][0]) ? value : parts[i][1];
		if (!v)
			continue;
		n += snprintf(out + n, sizeof out - n, "%s\"%s\":%s", first ? "" : ",", parts[i][0], v);
		first = false;
	}
	if (key && !strcmp(key, "extra"))
		n += snprintf(out + n, sizeof out - n, ",\"extra\":%s", value);
	snprintf(out + n, sizeof out - n, "}]}");
	return out;
}

static void test_parse(void **state)
{
	(void)state;
	sch_schemes *s = malloc(sizeof *s);
	char err[300];
	const char *good = with(NULL, NULL);
	assert_int_equal(sch_parse(good, strlen(good), s, err, sizeof err), SN_OK);
	assert_int_equal(s->n, 1);
	assert_int_equal(s->s[0].followup_weeks[1], 6);
	static const struct {
		const char *key, *value, *field;
	} bad[] = {
		{"id", "\"Has Capitals\"", "schemes[0].id: "},
		{"id", NULL, "schemes[0].id: "},
		{"name", "\"\"", "schemes[0].name: "},
		{"summary", "\"two\\nlines\"", "schemes[0].summary: one line"},
		{"helps_with", "[]", "schemes[0].helps_with: "},
		{"helps_with", "[{\"id\":\"a\",\"label\":\"A\"},{\"id\":\"a\",\"label\":\"B\"}]",
		 "schemes[0].helps_with[1].id: the same id twice"},
		{"helps_with", "[{\"id\":\"a\",\"label\":\"A\",\"colour\":1}]", "schemes[0].helps_with[0].colour: "},
		{"vetting", "{\"dbs\":\"gold\",\"references\":1,\"training\":[]}", "schemes[0].vetting.dbs: "},
		{"vetting", "{\"dbs\":\"basic\",\"references\":9,\"training\":[]}", "schemes[0].vetting.references: "},
		{"vetting", "{\"dbs\":\"basic\",\"references\":1}", "schemes[0].vetting.training: "},
		{"max_distance_km", "0", "schemes[0].max_distance_km: "},
		{"max_distance_km", "2.5", "schemes[0].max_distance_km: "},
		{"max_capacity", "21", "schemes[0].max_capacity: "},
		{"default_capacity", "5", "schemes[0].default_capacity: "},
		{"household_profile", "1", "schemes[0].household_profile: true or false"},
		{"weights", "{\"distance_per_km\":-1,\"no_shared_language\":40,\"shared_interest\":5,\"past_helper\":30}",
		 "schemes[0].weights.distance_per_km: a whole number of points from 0 to 10000"},
		{"weights", "{\"distance_per_km\":1,\"no_shared_language\":40,\"shared_interest\":5}",
		 "schemes[0].weights.past_helper: "},
		{"followup_weeks", "[6, 2]", "schemes[0].followup_weeks[1]: follow-ups come in order"},
		{"followup_weeks", "[]", "schemes[0].followup_weeks: "},
		{"extra", "1", "schemes[0].extra: not a key here"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *t = with(bad[i].key, bad[i].value);
		err[0] = 0;
		assert_int_equal(sch_parse(t, strlen(t), s, err, sizeof err), SN_EINPUT);
		if (strncmp(err, bad[i].field, strlen(bad[i].field)))
			fail_msg("case %zu: got \"%s\", wanted \"%s...\"", i, err, bad[i].field);
		assert_null(strchr(err, '\n'));
	}
	const char *top[][2] = {
		{"[]", "input: must be one JSON object"},
		{"{\"schemes\":[]}", "schemes: a list of 1 to 8"},
		{"{\"schemes\":[1]}", "schemes[0]: each scheme is an object"},
		{"{\"about\":1,\"schemes\":[1]}", "about: text"},
		{"{\"colour\":1}", "colour: not a key here"},
	};
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
		assert_int_not_equal(sch_parse(top[i][0], strlen(top[i][0]), s, err, sizeof err), SN_OK);
		if (strncmp(err, top[i][1], strlen(top[i][1])))
			fail_msg("top %zu: got \"%s\"", i, err);
	}
	/* two schemes with one id */
	char twice[8192];
	const char *one = with(NULL, NULL);
	snprintf(twice, sizeof twice, "{\"schemes\":[%.*s,%.*s]}", (int)(strlen(one) - 14), one + 12,
		 (int)(strlen(one) - 14), one + 12);
	assert_int_equal(sch_parse(twice, strlen(twice), s, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "schemes[1].id: the same id as another scheme");
	/* the size limit */
	char *big = malloc(SCH_DATA_BYTES + 10);
	memset(big, ' ', SCH_DATA_BYTES + 9);
	big[0] = '{';
	big[SCH_DATA_BYTES + 8] = '}';
	big[SCH_DATA_BYTES + 9] = 0;
	assert_int_equal(sch_parse(big, strlen(big), s, err, sizeof err), SN_ETOOBIG);
	free(big);
	free(s);
}

static void test_vetting(void **state)
{
	(void)state;
	const sch_scheme *s = scheme("host-carers"); /* enhanced, 2 references, 3 trainings */
	sch_vetting v = {SCH_DBS_ENHANCED, 1000, 2000, 2, 7, true};
	const char *why;
	assert_int_equal(sch_vetting_state(s, &v, 1500, &why), SCH_VET_VALID);
	assert_int_equal(sch_vetting_state(s, &v, 2000 - 30, NULL), SCH_VET_EXPIRING); /* 30 days ahead */
	assert_int_equal(sch_vetting_state(s, &v, 2000 - 31, NULL), SCH_VET_VALID);
	assert_int_equal(sch_vetting_state(s, &v, 2000, NULL), SCH_VET_EXPIRING); /* good through its day */
	assert_int_equal(sch_vetting_state(s, &v, 2001, &why), SCH_VET_EXPIRED);
	assert_string_equal(why, "The DBS check has expired.");
	assert_true(sch_vet_ok(SCH_VET_EXPIRING));
	assert_false(sch_vet_ok(SCH_VET_EXPIRED));
	assert_int_equal(sch_vetting_state(s, NULL, 1500, &why), SCH_VET_NONE);
	sch_vetting w = v;
	w.dbs = SCH_DBS_STANDARD;
	assert_int_equal(sch_vetting_state(s, &w, 1500, &why), SCH_VET_INCOMPLETE);
	w = v;
	w.references = 1;
	assert_int_equal(sch_vetting_state(s, &w, 1500, &why), SCH_VET_INCOMPLETE);
	assert_string_equal(why, "References are missing.");
	w = v;
	w.training = 3; /* moving and handling missing */
	assert_int_equal(sch_vetting_state(s, &w, 1500, &why), SCH_VET_INCOMPLETE);
	w = v;
	w.signed_off = false;
	assert_int_equal(sch_vetting_state(s, &w, 1500, &why), SCH_VET_INCOMPLETE);
	assert_string_equal(why, "A coordinator has not signed it off.");
	assert_int_equal(sch_dbs_parse("enhanced"), SCH_DBS_ENHANCED);
	assert_int_equal(sch_dbs_parse("Enhanced"), -1);
	assert_string_equal(sch_vet_code(SCH_VET_EXPIRING), "expiring");
}

static void test_words_and_slots(void **state)
{
	(void)state;
	sch_words w, x;
	const char *why;
	assert_int_equal(sch_words_parse(" English ,Polish,, english ", &w, &why), SN_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.w[0], "English");
	assert_string_equal(w.w[1], "Polish");
	assert_int_equal(sch_words_parse("a,b,c,d,e,f,g,h,i", &x, &why), SN_EINPUT);
	assert_string_equal(why, "at most 8, separated by commas");
	assert_int_equal(sch_words_parse("a\nb", &x, &why), SN_EINPUT);
	char long_word[60];
	memset(long_word, 'x', 41);
	long_word[41] = 0;
	assert_int_equal(sch_words_parse(long_word, &x, &why), SN_EINPUT);
	assert_int_equal(sch_words_parse("POLISH, Urdu", &x, &why), SN_OK);
	assert_int_equal(sch_words_shared(&w, &x), 1);
	assert_int_equal(sch_words_parse(NULL, &x, &why), SN_OK);
	assert_int_equal(x.n, 0);
	arena *a = arena_new();
	assert_string_equal(sch_words_text(a, &w), "English, Polish");
	assert_string_equal(sch_slot_code(0), "mon-am");
	assert_string_equal(sch_slot_code(20), "sun-eve");
	assert_int_equal(sch_slot_parse("wed-pm"), 7);
	assert_int_equal(sch_slot_parse("wed-night"), -1);
	assert_string_equal(sch_avail_text(a, (1u << 0) | (1u << 20)), "Monday morning, Sunday evening");
	assert_string_equal(sch_avail_text(a, 0), "none");
	arena_free(a);
}

/* A helper and a request who fit each other in good neighbours: the
 * request 0.009 degrees of latitude (1,001 m) north of the helper. */
static sch_helper helper0(void)
{
	sch_helper h = {.located = true, .lat_e6 = 52000000, .lon_e6 = -1000000, .can_do = 3, .avail = 1,
			.capacity = 1, .vet = SCH_VET_VALID};
	const char *why;
	sch_words_parse("Urdu", &h.languages, &why);
	sch_words_parse("gardening, music, chess", &h.interests, &why);
	return h;
}

static sch_need need0(void)
{
	sch_need n = {.located = true, .lat_e6 = 52009000, .lon_e6 = -1000000, .needs = 2, .avail = 3,
		      .demand = 1};
	const char *why;
	sch_words_parse("English", &n.languages, &why);
	sch_words_parse("Music, Gardening, football", &n.interests, &why);
	return n;
}

static void test_constraints(void **state)
{
	(void)state;
	const sch_scheme *s = scheme("good-neighbours");
	sch_helper h = helper0();
	sch_need n = need0();
	sch_explain x;
	sch_pair(s, &n, &h, 0, &x);
	assert_true(x.possible);
	assert_false(x.applies[SCH_C_HOUSEHOLD]);
	assert_false(x.applies[SCH_C_RATE]);
	/* each constraint on its own */
	struct {
		int c;
		sch_helper h;
		sch_need n;
	} cases[9];
	for (int i = 0; i < 9; i++)
		cases[i].h = h, cases[i].n = n;
	cases[0].c = SCH_C_VETTING, cases[0].h.vet = SCH_VET_EXPIRED;
	cases[1].c = SCH_C_CAPACITY, cases[1].h.capacity = 0;
	cases[2].c = SCH_C_AVAILABILITY, cases[2].n.avail = 4;
	cases[3].c = SCH_C_NEEDS, cases[3].n.needs = 4;
	cases[4].c = SCH_C_DISTANCE, cases[4].n.max_km = 1; /* 1,001 m away */
	cases[5].c = SCH_C_DISTANCE, cases[5].h.located = false;
	int32_t ex = 0;
	cases[6].c = SCH_C_EXCLUSION, cases[6].n.excluded = &ex, cases[6].n.n_excluded = 1;
	cases[7].c = SCH_C_NEEDS, cases[7].n.needs = 0; /* a request must ask for something */
	cases[8].c = SCH_C_DISTANCE, cases[8].h.max_km = 1;
	for (int i = 0; i < 9; i++) {
		sch_pair(s, &cases[i].n, &cases[i].h, 0, &x);
		assert_false(x.possible);
		for (int c = 0; c < SCH_CONSTRAINTS; c++)
			if (x.applies[c] && x.held[c] == (c == cases[i].c))
				fail_msg("case %d: constraint %s held %d", i, sch_constraint_code(c), x.held[c]);
	}
	/* within 2 km it holds */
	n.max_km = 2;
	sch_pair(s, &n, &h, 0, &x);
	assert_true(x.possible);
	/* the household, in shared lives */
	const sch_scheme *sl = scheme("shared-lives");
	h.smokes = true;
	n.no_smoking = true;
	sch_pair(sl, &n, &h, 0, &x);
	assert_true(x.applies[SCH_C_HOUSEHOLD]);
	assert_false(x.held[SCH_C_HOUSEHOLD]);
	sch_pair(s, &n, &h, 0, &x); /* good neighbours has no household profile */
	assert_true(x.possible);
	h.smokes = false, h.pets = true, n.no_pets = true;
	sch_pair(sl, &n, &h, 0, &x);
	assert_false(x.held[SCH_C_HOUSEHOLD]);
	h.pets = false, n.needs_step_free = true;
	sch_pair(sl, &n, &h, 0, &x);
	assert_false(x.held[SCH_C_HOUSEHOLD]);
	h.step_free = true;
	sch_pair(sl, &n, &h, 0, &x);
	assert_true(x.held[SCH_C_HOUSEHOLD]);
	/* the rate, on the PA register */
	const sch_scheme *pa = scheme("pa-register");
	h.rate_pence = 1450;
	n.max_rate_pence = 1400;
	sch_pair(pa, &n, &h, 0, &x);
	assert_true(x.applies[SCH_C_RATE]);
	assert_false(x.held[SCH_C_RATE]);
	n.max_rate_pence = 1450;
	sch_pair(pa, &n, &h, 0, &x);
	assert_true(x.held[SCH_C_RATE]);
	n.max_rate_pence = 0;
	sch_pair(pa, &n, &h, 0, &x);
	assert_true(x.held[SCH_C_RATE]);
}

static void test_costs(void **state)
{
	(void)state;
	const sch_scheme *s = scheme("good-neighbours"); /* 10 a km, 40, 5, 30 */
	sch_helper h = helper0();
	sch_need n = need0();
	sch_explain x;
	/* 1,001 m: 10 x 1.001 = 10.01, 10 points; no shared language: 40;
	 * gardening and music shared: -10; not helped before: 0. 40 in all. */
	sch_pair(s, &n, &h, 0, &x);
	assert_int_equal(x.metres, 1001);
	assert_int_equal(x.term[SCH_T_DISTANCE], 10);
	assert_int_equal(x.term[SCH_T_LANGUAGE], 40);
	assert_int_equal(x.shared_interests, 2);
	assert_int_equal(x.term[SCH_T_INTERESTS], -10);
	assert_int_equal(x.term[SCH_T_CONTINUITY], 0);
	assert_int_equal(x.cost, 40);
	/* helped before, and sharing Urdu: 10 + 0 - 10 - 30 = -30 */
	int32_t past = 0;
	n.past = &past, n.n_past = 1;
	const char *why;
	sch_words_parse("English, urdu", &n.languages, &why);
	sch_pair(s, &n, &h, 0, &x);
	assert_int_equal(x.cost, -30);
	/* the engine's number: -30 + 5 x 8 + 30 = 40, never below 0 */
	assert_int_equal(sch_engine_cost(s, x.cost), 40);
	assert_int_equal(sch_engine_cost(s, -5 * 8 - 30), 0);
	/* no language asked for: no term */
	n.languages.n = 0;
	sch_pair(s, &n, &h, 0, &x);
	assert_int_equal(x.term[SCH_T_LANGUAGE], 0);
	assert_true(x.no_languages);
	/* 2,500 m in host carers (8 a km): 20 points */
	const sch_scheme *hc = scheme("host-carers");
	n.lat_e6 = 52000000 + 22483; /* about 2,500 m */
	sch_pair(hc, &n, &h, 1, &x);
	assert_int_equal(x.metres, 2500);
	assert_int_equal(x.term[SCH_T_DISTANCE], 20);
	json_t *j = sch_explain_json(hc, &x);
	assert_int_equal(json_array_size(json_object_get(j, "constraints")), 6);
	assert_int_equal(json_array_size(json_object_get(j, "terms")), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "terms"), 0), "words")),
			    "2.5 km apart");
	json_decref(j);
}

/* Two requests, two helpers: greedy would give the nearer helper to the
 * first request and leave the second with nobody; the optimum matches
 * both, and each proposal's runner-up is the other helper. */
static void test_runner_up(void **state)
{
	(void)state;
	const sch_scheme *s = scheme("good-neighbours");
	sch_helper h[3] = {helper0(), helper0(), helper0()};
	h[1].lat_e6 += 18000; /* 2 km north */
	h[2].vet = SCH_VET_EXPIRED;
	sch_need n[2] = {need0(), need0()};
	n[0].lat_e6 = 52000000;      /* at helper 0 */
	n[1].lat_e6 = 52000000 - 8000; /* 889 m south of helper 0, 2.9 km from helper 1 */
	n[1].max_km = 1;             /* only helper 0 is near enough */
	sch_run r;
	char err[200];
	assert_int_equal(sch_match(s, n, 2, h, 3, &r, err, sizeof err), SN_OK);
	assert_int_equal(r.matched, 2);
	assert_int_equal(r.n_proposals, 2);
	assert_int_equal(r.pairs, 3); /* n0-h0, n0-h1, n1-h0; nobody with h2 (expired) */
	assert_int_equal(r.proposals[0].need, 0);
	assert_int_equal(r.proposals[0].helper, 1);
	assert_int_equal(r.proposals[0].runner_up, 0);
	assert_true(r.proposals[0].runner_up_taken);
	assert_int_equal(r.proposals[0].runner_up_cost, r.proposals[0].runner_up_why.cost);
	assert_true(r.proposals[0].runner_up_cost < r.proposals[0].cost);
	assert_int_equal(r.proposals[1].need, 1);
	assert_int_equal(r.proposals[1].helper, 0);
	assert_int_equal(r.proposals[1].runner_up, -1); /* nobody else could */
	sch_run_free(&r);
	/* no requests, no helpers */
	assert_int_equal(sch_match(s, NULL, 0, NULL, 0, &r, err, sizeof err), SN_OK);
	assert_int_equal(r.matched, 0);
	sch_run_free(&r);
	assert_int_equal(sch_match(s, n, 2, NULL, 0, &r, err, sizeof err), SN_OK);
	assert_int_equal(r.n_proposals, 0);
	sch_run_free(&r);
	/* nobody at all */
	assert_int_equal(sch_match(s, n, 2, h + 2, 1, &r, err, sizeof err), SN_OK);
	assert_int_equal(r.matched, 0);
	assert_int_equal(r.n_proposals, 0);
	sch_run_free(&r);
}

/* Every subset of the possible pairs that respects demands and capacities:
 * the most units, and the least cost for that many. */
static void brute(const sch_scheme *s, const sch_need *n, size_t nn, const sch_helper *h, size_t nh,
		  int64_t *best_n, int64_t *best_c)
{
	int32_t ei[32], eh[32];
	int64_t ec[32];
	int m = 0;
	for (size_t i = 0; i < nn; i++)
		for (size_t j = 0; j < nh; j++) {
			sch_explain x;
			sch_pair(s, &n[i], &h[j], (int32_t)j, &x);
			if (x.possible) {
				ei[m] = (int32_t)i, eh[m] = (int32_t)j, ec[m] = x.cost;
				m++;
			}
		}
	*best_n = 0, *best_c = 0;
	for (uint32_t set = 0; set < (1u << m); set++) {
		int du[8] = {0}, cu[8] = {0};
		int64_t u = 0, c = 0;
		bool ok = true;
		for (int e = 0; e < m && ok; e++)
			if (set & (1u << e)) {
				ok = ++du[ei[e]] <= n[ei[e]].demand && ++cu[eh[e]] <= h[eh[e]].capacity;
				u++, c += ec[e];
			}
		if (ok && (u > *best_n || (u == *best_n && c < *best_c)))
			*best_n = u, *best_c = c;
	}
}

static void test_optimum(void **state)
{
	(void)state;
	const sch_schemes *all = sch_shipped();
	rng g;
	rng_seed(&g, 18);
	static const char *const words[] = {"English", "Urdu", "Polish", "Welsh", "music", "chess", "gardening"};
	int runs = 0;
	for (int t = 0; t < 400; t++) {
		const sch_scheme *s = &all->s[t % all->n];
		size_t nn = 1 + rng_below(&g, 4), nh = 1 + rng_below(&g, 4);
		sch_need n[4];
		sch_helper h[4];
		int32_t ex[4][1], past[4][1];
		for (size_t i = 0; i < nn; i++) {
			n[i] = (sch_need){.located = true, .lat_e6 = 52000000 + (int32_t)rng_below(&g, 60000),
				.lon_e6 = -1000000 + (int32_t)rng_below(&g, 60000), .needs = 1u + (uint32_t)rng_below(&g, 2),
				.avail = 1u + (uint32_t)rng_below(&g, 7), .demand = 1 + (int)rng_below(&g, 2)};
			n[i].languages.n = rng_below(&g, 2);
			snprintf(n[i].languages.w[0], SCH_WORD_MAX, "%s", words[rng_below(&g, 4)]);
			n[i].interests.n = rng_below(&g, 3);
			for (size_t k = 0; k < n[i].interests.n; k++)
				snprintf(n[i].interests.w[k], SCH_WORD_MAX, "%s", words[4 + k + rng_below(&g, 2)]);
			if (rng_below(&g, 3) == 0)
				ex[i][0] = (int32_t)rng_below(&g, nh), n[i].excluded = ex[i], n[i].n_excluded = 1;
			if (rng_below(&g, 3) == 0)
				past[i][0] = (int32_t)rng_below(&g, nh), n[i].past = past[i], n[i].n_past = 1;
		}
		for (size_t j = 0; j < nh; j++) {
			h[j] = (sch_helper){.located = true, .lat_e6 = 52000000 + (int32_t)rng_below(&g, 60000),
				.lon_e6 = -1000000 + (int32_t)rng_below(&g, 60000), .can_do = 1u + (uint32_t)rng_below(&g, 3),
				.avail = 1u + (uint32_t)rng_below(&g, 7), .capacity = 1 + (int)rng_below(&g, 2),
				.vet = rng_below(&g, 6) ? SCH_VET_VALID : SCH_VET_EXPIRED, .step_free = true};
			h[j].languages.n = 1;
			snprintf(h[j].languages.w[0], SCH_WORD_MAX, "%s", words[rng_below(&g, 4)]);
			h[j].interests.n = rng_below(&g, 3);
			for (size_t k = 0; k < h[j].interests.n; k++)
				snprintf(h[j].interests.w[k], SCH_WORD_MAX, "%s", words[4 + k]);
		}
		int64_t bn, bc;
		brute(s, n, nn, h, nh, &bn, &bc);
		sch_run r;
		char err[200];
		assert_int_equal(sch_match(s, n, nn, h, nh, &r, err, sizeof err), SN_OK);
		if (r.matched != bn || r.total_cost != bc)
			fail_msg("instance %d: got %lld at %lld, brute force %lld at %lld", t, (long long)r.matched,
				 (long long)r.total_cost, (long long)bn, (long long)bc);
		runs += r.pairs > 0;
		/* each runner-up is a possible pair no cheaper than... well: possible */
		for (size_t k = 0; k < r.n_proposals; k++)
			if (r.proposals[k].runner_up >= 0)
				assert_true(r.proposals[k].runner_up_why.possible);
		sch_run_free(&r);
	}
	assert_true(runs > 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_vetting),
	    cmocka_unit_test(test_words_and_slots),
	    cmocka_unit_test(test_constraints),
	    cmocka_unit_test(test_costs),
	    cmocka_unit_test(test_runner_up),
	    cmocka_unit_test(test_optimum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
