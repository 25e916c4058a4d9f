/* Unit tests for budget/ras: points, prices, rounding, floors and ceilings, schemes, cases, results
 * and what if. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "budget/ras.h"

static ras_scheme S; /* the shipped example scheme */

static int setup(void **state)
{
	(void)state;
	char err[1024];
	if (ras_scheme_load(RAS_DEFAULT_SCHEME, &S, err, sizeof err) != SN_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static void answer(ras_case *c, const char *q, const char *a)
{
	for (size_t i = 0; i < c->n_answers; i++)
		if (strcmp(c->answers[i].question, q) == 0) {
			snprintf(c->answers[i].answer, RAS_KEY_MAX, "%s", a);
			return;
		}
	snprintf(c->answers[c->n_answers].question, RAS_KEY_MAX, "%s", q);
	snprintf(c->answers[c->n_answers++].answer, RAS_KEY_MAX, "%s", a);
}

static void unanswer(ras_case *c, const char *q)
{
	for (size_t i = 0; i < c->n_answers; i++)
		if (strcmp(c->answers[i].question, q) == 0) {
			c->answers[i] = c->answers[--c->n_answers];
			return;
		}
}

static ras_case new_case(const char *group, const char *year)
{
	ras_case c;
	memset(&c, 0, sizeof c);
	snprintf(c.year, sizeof c.year, "%s", year);
	snprintf(c.client_group, sizeof c.client_group, "%s", group);
	return c;
}

/* Every required question answered "none" (no_carer for the carer). */
static ras_case none_case(const char *group, const char *year)
{
	ras_case c = new_case(group, year);
	for (size_t i = 0; i < S.n_questions; i++)
		if (S.questions[i].required)
			answer(&c, S.questions[i].key,
			       strcmp(S.questions[i].key, "carer") ? "none" : "no_carer");
	return c;
}

/* The worked example: 54 points for an older person. */
static ras_case case_54(const char *group, const char *year)
{
	ras_case c = none_case(group, year);
	answer(&c, "eating_drinking", "every_meal");
	answer(&c, "personal_care", "full_help");
	answer(&c, "toileting", "daily");
	answer(&c, "dressing", "some_help");
	answer(&c, "moving_home", "one_person");
	answer(&c, "safety", "some_risk");
	answer(&c, "keeping_home", "most_tasks");
	answer(&c, "community", "some_help");
	answer(&c, "carer", "sustainable");
	return c;
}

static bool workings_have(const ras_result *r, const char *needle)
{
	for (size_t i = 0; i < r->n_lines; i++)
		if (strstr(r->lines[i], needle))
			return true;
	fprintf(stderr, "no workings line has '%s'; the lines are:\n", needle);
	for (size_t i = 0; i < r->n_lines; i++)
		fprintf(stderr, "  %s\n", r->lines[i]);
	return false;
}

/* A small scheme for exact boundaries: one question whose answers score 0
 * to 7 points, one group, price £10 a point, floor £20, ceiling £50, no
 * rounding. Tests change the fields they need. */
static const char TINY[] =
    "{\"id\": \"tiny-v1\", \"version\": 1, \"name\": \"Tiny\", \"status\": \"draft\","
    " \"years\": [\"2025-26\"], \"rounding\": {\"mode\": \"up\", \"step_pence\": 1},"
    " \"questions\": [{\"key\": \"q\", \"label\": \"Question\", \"answers\": ["
    "{\"key\": \"p0\", \"label\": \"zero\", \"points\": 0},"
    "{\"key\": \"p1\", \"label\": \"one\", \"points\": 1},"
    "{\"key\": \"p2\", \"label\": \"two\", \"points\": 2},"
    "{\"key\": \"p3\", \"label\": \"three\", \"points\": 3},"
    "{\"key\": \"p4\", \"label\": \"four\", \"points\": 4},"
    "{\"key\": \"p5\", \"label\": \"five\", \"points\": 5},"
    "{\"key\": \"p6\", \"label\": \"six\", \"points\": 6},"
    "{\"key\": \"p7\", \"label\": \"seven\", \"points\": 7}]},"
    " {\"key\": \"extra\", \"label\": \"Extra\", \"required\": false, \"answers\": ["
    "{\"key\": \"no\", \"label\": \"no\", \"points\": 0},"
    "{\"key\": \"yes\", \"label\": \"yes\", \"points\": 1}]}],"
    " \"client_groups\": [{\"key\": \"g\", \"label\": \"the group\", \"floor_pence\": 2000,"
    " \"ceiling_pence\": 5000, \"price_per_point_pence\": {\"2025-26\": 1000}}]}";

static ras_scheme T;

static void load_tiny(void)
{
	char err[512];
	if (ras_scheme_from_json(TINY, strlen(TINY), &T, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		fail();
	}
}

static ras_result tiny(int points)
{
	ras_case c = new_case("g", "2025-26");
	char a[8];
	snprintf(a, sizeof a, "p%d", points);
	answer(&c, "q", a);
	ras_result r;
	assert_int_equal(ras_compute(&T, &c, &r), SN_OK);
	assert_int_equal(r.total_points, points);
	return r;
}

/* ---- the shipped scheme ---- */

static void test_shipped_scheme(void **state)
{
	(void)state;
	char err[512];
	assert_string_equal(S.id, "ashby-vale-2025-v1");
	assert_int_equal(S.version, 1);
	assert_string_equal(S.status, "adopted");
	assert_int_equal(S.n_questions, 13);
	assert_int_equal(S.n_groups, 4);
	assert_int_equal(S.n_years, 3);
	assert_int_equal(S.rounding, RAS_ROUND_UP);
	assert_int_equal(S.rounding_step_pence, 100);
	assert_true(strlen(S.description) > 200);
	static const char *const groups[] = {"older_people", "physical_disability",
	                                     "learning_disability", "mental_health"};
	static const char *const years[] = {"2024-25", "2025-26", "2026-27"};
	for (size_t g = 0; g < 4; g++)
		for (size_t y = 0; y < 3; y++) {
			int64_t p = 0;
			assert_int_equal(ras_price_pence(&S, groups[g], years[y], &p), SN_OK);
			assert_true(p > 0);
		}
	for (size_t i = 0; i < S.n_questions; i++) {
		const ras_question *q = &S.questions[i];
		assert_true(q->n_answers >= 3 && q->n_answers <= 5);
		assert_int_equal(q->answers[0].points, 0); /* the first answer: no help */
		assert_true(q->description[0]);
		assert_true(q->required == (strcmp(q->key, "caring_for_child") != 0));
	}
	assert_int_equal(ras_scheme_check(&S, err, sizeof err), SN_OK);
}

/* ---- points and price ---- */

static void test_points_sum_and_workings(void **state)
{
	(void)state;
	ras_case c = case_54("older_people", "2025-26");
	ras_result r;
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.total_points, 54);
	int sum = 0;
	assert_int_equal(r.n_points, S.n_questions);
	for (size_t i = 0; i < r.n_points; i++) {
		assert_int_equal(r.points[i].question, (int)i);
		sum += r.points[i].points;
	}
	assert_int_equal(sum, 54);
	assert_int_equal(r.points[0].points, 12);
	assert_int_equal(r.points[12].answer, -1); /* optional, unanswered */
	assert_int_equal(r.price_per_point_pence, 415);
	assert_int_equal(r.raw_pence, 22410);
	assert_int_equal(r.rounded_pence, 22500);
	assert_int_equal(r.weekly_budget_pence, 22500);
	assert_false(r.floor_applied);
	assert_false(r.ceiling_applied);
	assert_true(
	    workings_have(&r, "Eating and drinking: needs help with every meal: 12 points"));
	assert_true(
	    workings_have(&r, "Caring for a child: not answered (optional question): 0 points"));
	assert_true(workings_have(&r, "Total: 54 points"));
	assert_true(workings_have(&r, "Price per point for older people in 2025-26: £4.15"));
	assert_true(workings_have(&r, "54 × £4.15 = £224.10"));
	assert_true(workings_have(&r, "Rounded up to the next £1: £225.00"));
	assert_true(workings_have(&r, "£225.00 is within the floor (£40.00) and the ceiling "
	                              "(£600.00) for older people: no change."));
	assert_true(workings_have(&r, "Indicative weekly budget: £225.00"));
	assert_true(workings_have(&r, "at £16.00 an hour, £225.00 a week buys 14 hours 3 minutes"));
	/* The optional question answered adds its points. */
	answer(&c, "caring_for_child", "a_lot");
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.total_points, 60);
	assert_int_equal(r.points[12].answer, 2);
}

static void test_price_per_group_and_year(void **state)
{
	(void)state;
	static const struct {
		const char *group, *year;
		int64_t price;
	} want[] = {
	    {"older_people", "2024-25", 400},        {"older_people", "2025-26", 415},
	    {"older_people", "2026-27", 425},        {"physical_disability", "2024-25", 430},
	    {"physical_disability", "2025-26", 445}, {"physical_disability", "2026-27", 455},
	    {"learning_disability", "2024-25", 385}, {"learning_disability", "2025-26", 400},
	    {"learning_disability", "2026-27", 410}, {"mental_health", "2024-25", 360},
	    {"mental_health", "2025-26", 375},       {"mental_health", "2026-27", 385},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(want); i++) {
		int64_t p;
		assert_int_equal(ras_price_pence(&S, want[i].group, want[i].year, &p), SN_OK);
		assert_int_equal(p, want[i].price);
		ras_case c = case_54(want[i].group, want[i].year);
		ras_result r;
		assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
		assert_int_equal(r.price_per_point_pence, want[i].price);
		assert_int_equal(r.raw_pence, 54 * want[i].price);
	}
	int64_t p;
	assert_int_equal(ras_price_pence(&S, "children", "2025-26", &p), SN_EINPUT);
	assert_int_equal(ras_price_pence(&S, "older_people", "2023-24", &p), SN_EINPUT);
}

static void test_published_example(void **state)
{
	(void)state;
	/* £16 an hour: £224 a week buys 14 hours. */
	ras_case c = none_case("learning_disability", "2025-26");
	answer(&c, "eating_drinking", "some_meals"); /* 6 */
	answer(&c, "personal_care", "daily_help");   /* 7 */
	answer(&c, "toileting", "occasional");       /* 4 */
	answer(&c, "dressing", "prompting");         /* 2 */
	answer(&c, "moving_home", "aids");           /* 2 */
	answer(&c, "safety", "daily_checks");        /* 8 */
	answer(&c, "keeping_home", "all_tasks");     /* 6 */
	answer(&c, "relationships", "isolated");     /* 6 */
	answer(&c, "community", "full_support");     /* 9 */
	answer(&c, "carer", "some_risk");            /* 4 */
	answer(&c, "medication", "prompting");       /* 2 */
	ras_result r;
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.total_points, 56);
	assert_int_equal(r.weekly_budget_pence, 22400);
	assert_true(workings_have(&r, "£224.00 is already a multiple of £1: no rounding needed."));
	assert_true(
	    workings_have(&r, "at £16.00 an hour, £224.00 a week buys 14 hours of support."));
}

/* ---- floors and ceilings ---- */

static void test_floor(void **state)
{
	(void)state;
	load_tiny();
	ras_result r = tiny(1); /* £10 below the £20 floor */
	assert_int_equal(r.raw_pence, 1000);
	assert_int_equal(r.weekly_budget_pence, 2000);
	assert_true(r.floor_applied);
	assert_false(r.ceiling_applied);
	assert_true(workings_have(
	    &r,
	    "£10.00 is below the floor for the group, £20.00: the budget is raised to the floor."));
	r = tiny(2); /* exactly at the floor */
	assert_int_equal(r.weekly_budget_pence, 2000);
	assert_false(r.floor_applied);
	r = tiny(3);
	assert_int_equal(r.weekly_budget_pence, 3000);
	assert_false(r.floor_applied);
	/* 1p below the floor. */
	T.groups[0].floor_pence = 1001;
	r = tiny(1);
	assert_int_equal(r.weekly_budget_pence, 1001);
	assert_true(r.floor_applied);
	/* The shipped scheme: 4 points for an older person, £17 after rounding, raised to £40. */
	ras_case c = none_case("older_people", "2025-26");
	answer(&c, "dressing", "prompting");
	answer(&c, "medication", "prompting");
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.total_points, 4);
	assert_int_equal(r.rounded_pence, 1700);
	assert_int_equal(r.weekly_budget_pence, 4000);
	assert_true(r.floor_applied);
}

static void test_ceiling(void **state)
{
	(void)state;
	load_tiny();
	ras_result r = tiny(5); /* exactly at the £50 ceiling */
	assert_int_equal(r.weekly_budget_pence, 5000);
	assert_false(r.ceiling_applied);
	r = tiny(6);
	assert_int_equal(r.raw_pence, 6000);
	assert_int_equal(r.weekly_budget_pence, 5000);
	assert_true(r.ceiling_applied);
	assert_false(r.floor_applied);
	assert_true(workings_have(&r, "£60.00 is above the ceiling for the group, £50.00: the "
	                              "budget is held at the ceiling."));
	T.groups[0].ceiling_pence = 5999; /* 1p above it */
	r = tiny(6);
	assert_int_equal(r.weekly_budget_pence, 5999);
	assert_true(r.ceiling_applied);
	/* Floor equal to ceiling: every budget with points is that amount. */
	T.groups[0].floor_pence = T.groups[0].ceiling_pence = 3000;
	char err[256];
	assert_int_equal(ras_scheme_check(&T, err, sizeof err), SN_OK);
	assert_int_equal(tiny(1).weekly_budget_pence, 3000);
	assert_int_equal(tiny(3).weekly_budget_pence, 3000);
	assert_false(tiny(3).floor_applied || tiny(3).ceiling_applied);
	assert_int_equal(tiny(7).weekly_budget_pence, 3000);
	/* The shipped scheme: every highest answer, 146 points, £606 held at £600. */
	ras_case c = new_case("older_people", "2025-26");
	for (size_t i = 0; i < S.n_questions; i++) {
		const ras_question *q = &S.questions[i];
		answer(&c, q->key, q->answers[q->n_answers - 1].key);
	}
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.total_points, 146);
	assert_int_equal(r.rounded_pence, 60600);
	assert_int_equal(r.weekly_budget_pence, 60000);
	assert_true(r.ceiling_applied);
}

static void test_zero_points(void **state)
{
	(void)state;
	load_tiny();
	ras_result r = tiny(0);
	assert_int_equal(r.raw_pence, 0);
	assert_int_equal(r.weekly_budget_pence, 0); /* no floor without points */
	assert_false(r.floor_applied);
	assert_true(workings_have(&r, "No points: the indicative weekly budget is £0.00"));
	ras_case c = none_case("mental_health", "2026-27");
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.total_points, 0);
	assert_int_equal(r.weekly_budget_pence, 0);
	assert_true(workings_have(&r, "Total: 0 points"));
	assert_true(workings_have(&r, "Indicative weekly budget: £0.00"));
}

/* ---- rounding ---- */

static void test_round_pence(void **state)
{
	(void)state;
	static const struct {
		int64_t pence, step;
		ras_round_mode mode;
		int64_t want;
	} t[] = {
	    {22410, 100, RAS_ROUND_UP, 22500},
	    {22410, 100, RAS_ROUND_DOWN, 22400},
	    {22410, 100, RAS_ROUND_NEAREST, 22400},
	    {22450, 100, RAS_ROUND_NEAREST, 22500},
	    {22449, 100, RAS_ROUND_NEAREST, 22400},
	    {22451, 100, RAS_ROUND_NEAREST, 22500},
	    {22400, 100, RAS_ROUND_UP, 22400},
	    {22400, 100, RAS_ROUND_DOWN, 22400},
	    {22401, 100, RAS_ROUND_UP, 22500},
	    {22499, 100, RAS_ROUND_DOWN, 22400},
	    {22410, 50, RAS_ROUND_UP, 22450},
	    {22410, 50, RAS_ROUND_DOWN, 22400},
	    {22425, 50, RAS_ROUND_NEAREST, 22450},
	    {22424, 50, RAS_ROUND_NEAREST, 22400},
	    {12, 25, RAS_ROUND_NEAREST, 0},
	    {13, 25, RAS_ROUND_NEAREST, 25},
	    {1, 500, RAS_ROUND_UP, 500},
	    {499, 500, RAS_ROUND_DOWN, 0},
	    {22411, 1, RAS_ROUND_UP, 22411},
	    {22411, 1, RAS_ROUND_NEAREST, 22411},
	    {0, 100, RAS_ROUND_UP, 0},
	    {0, 100, RAS_ROUND_NEAREST, 0},
	    {4000000000LL, 10000, RAS_ROUND_UP, 4000000000LL},
	    {3999999999LL, 10000, RAS_ROUND_UP, 4000000000LL},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(t); i++) {
		int64_t got = ras_round_pence(t[i].pence, t[i].mode, t[i].step);
		if (got != t[i].want) {
			fprintf(stderr, "case %zu: %lld step %lld %s gave %lld, want %lld\n", i,
			        (long long)t[i].pence, (long long)t[i].step,
			        ras_round_mode_name(t[i].mode), (long long)got,
			        (long long)t[i].want);
			fail();
		}
	}
}

static void test_rounding_in_compute(void **state)
{
	(void)state;
	load_tiny();
	T.groups[0].price_pence[0] = 1234; /* 3 points: £37.02 */
	T.groups[0].ceiling_pence = 100000;
	char words[128];
	T.rounding_step_pence = 1;
	ras_rounding_words(&T, words, sizeof words);
	assert_string_equal(words, "none (to the penny)");
	ras_result r = tiny(3);
	assert_int_equal(r.weekly_budget_pence, 3702);
	assert_true(workings_have(&r, "Not rounded: the scheme works to the penny."));

	T.rounding_step_pence = 100;
	T.rounding = RAS_ROUND_UP;
	ras_rounding_words(&T, words, sizeof words);
	assert_string_equal(words, "up to the next £1");
	r = tiny(3);
	assert_int_equal(r.raw_pence, 3702);
	assert_int_equal(r.weekly_budget_pence, 3800);
	assert_true(workings_have(&r, "Rounded up to the next £1: £38.00"));

	T.rounding = RAS_ROUND_DOWN;
	ras_rounding_words(&T, words, sizeof words);
	assert_string_equal(words, "down to a multiple of £1");
	r = tiny(3);
	assert_int_equal(r.weekly_budget_pence, 3700);
	assert_true(workings_have(&r, "Rounded down to a multiple of £1: £37.00"));

	T.rounding = RAS_ROUND_NEAREST;
	T.rounding_step_pence = 50;
	ras_rounding_words(&T, words, sizeof words);
	assert_string_equal(words, "to the nearest 50p (exactly half way rounds up)");
	r = tiny(3);
	assert_int_equal(r.weekly_budget_pence, 3700); /* £37.02: nearer £37.00 than £37.50 */
	assert_true(
	    workings_have(&r, "Rounded to the nearest 50p (exactly half way rounds up): £37.00"));
	T.groups[0].price_pence[0] = 1225; /* 3 points: £36.75, exactly half way */
	r = tiny(3);
	assert_int_equal(r.weekly_budget_pence, 3700);

	T.rounding = RAS_ROUND_UP;
	T.rounding_step_pence = 250;
	ras_rounding_words(&T, words, sizeof words);
	assert_string_equal(words, "up to the next £2.50");
	r = tiny(3);
	assert_int_equal(r.weekly_budget_pence, 3750);
}

static void test_order_rounding_then_floor_and_ceiling(void **state)
{
	(void)state;
	/* Rounding comes first; the floor and ceiling then apply to the
	 * rounded amount, so the budget can be a floor or ceiling that is not a
	 * multiple of the step. */
	load_tiny();
	T.rounding_step_pence = 100;
	T.groups[0].price_pence[0] = 1650; /* 3 points: £49.50 */
	T.groups[0].ceiling_pence = 4990;
	T.rounding = RAS_ROUND_DOWN;
	ras_result r = tiny(3);
	assert_int_equal(r.rounded_pence, 4900); /* down: under the ceiling */
	assert_int_equal(r.weekly_budget_pence, 4900);
	assert_false(r.ceiling_applied);
	T.rounding = RAS_ROUND_UP;
	r = tiny(3);
	assert_int_equal(r.rounded_pence, 5000); /* up: over the ceiling */
	assert_int_equal(r.weekly_budget_pence, 4990);
	assert_true(r.ceiling_applied);
	/* Rounding up can lift an amount to the floor exactly: not applied. */
	T.groups[0].price_pence[0] = 1950; /* 1 point: £19.50 */
	r = tiny(1);
	assert_int_equal(r.rounded_pence, 2000);
	assert_int_equal(r.weekly_budget_pence, 2000);
	assert_false(r.floor_applied);
	T.groups[0].floor_pence = 2050;
	r = tiny(1);
	assert_int_equal(r.weekly_budget_pence, 2050);
	assert_true(r.floor_applied);
}

/* ---- bad cases in compute ---- */

static void expect_compute_error(const ras_scheme *s, const ras_case *c, const char *field)
{
	ras_result r;
	assert_int_equal(ras_compute(s, c, &r), SN_EINPUT);
	if (!str_starts(r.error, field)) {
		fprintf(stderr, "want an error starting '%s', got '%s'\n", field, r.error);
		fail();
	}
	assert_int_equal(r.n_lines, 0);
}

static void test_compute_errors(void **state)
{
	(void)state;
	ras_case c = case_54("children", "2025-26");
	expect_compute_error(&S, &c, "client_group:");
	c = case_54("older_people", "2023-24");
	expect_compute_error(&S, &c, "year:");
	c = case_54("older_people", "2025-26");
	answer(&c, "gardening", "none");
	expect_compute_error(&S, &c, "answers.gardening:");
	c = case_54("older_people", "2025-26");
	answer(&c, "eating_drinking", "sometimes");
	expect_compute_error(&S, &c, "answers.eating_drinking:");
	c = case_54("older_people", "2025-26");
	unanswer(&c, "night_support");
	expect_compute_error(&S, &c, "answers.night_support: missing answer");
	c = case_54("older_people", "2025-26");
	c.answers[c.n_answers] = c.answers[0]; /* the same question twice */
	c.n_answers++;
	expect_compute_error(&S, &c, "answers.eating_drinking: answered twice");
	/* An optional question left out is not an error. */
	c = case_54("older_people", "2025-26");
	unanswer(&c, "caring_for_child");
	ras_result r;
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
}

/* ---- schemes from JSON ---- */

typedef void (*mutator)(json_t *s);

static json_t *question(json_t *s, size_t i)
{
	return json_array_get(json_object_get(s, "questions"), i);
}

static json_t *answer_obj(json_t *s, size_t q, size_t a)
{
	return json_array_get(json_object_get(question(s, q), "answers"), a);
}

static json_t *group(json_t *s, size_t i)
{
	return json_array_get(json_object_get(s, "client_groups"), i);
}

static void expect_scheme_error(mutator m, const char *field)
{
	json_error_t je;
	json_t *s = json_loads(TINY, 0, &je);
	assert_non_null(s);
	m(s);
	char *text = json_dumps(s, JSON_PRESERVE_ORDER);
	json_decref(s);
	static ras_scheme out;
	char err[1024] = "";
	assert_int_equal(ras_scheme_from_json(text, strlen(text), &out, err, sizeof err),
	                 SN_EINPUT);
	free(text);
	if (!str_starts(err, field)) {
		fprintf(stderr, "want an error starting '%s', got '%s'\n", field, err);
		fail();
	}
}

static void m_dup_question(json_t *s)
{
	json_object_set_new(question(s, 1), "key", json_string("q"));
}
static void m_dup_answer(json_t *s)
{
	json_object_set_new(answer_obj(s, 0, 3), "key", json_string("p1"));
}
static void m_dup_group(json_t *s)
{
	json_array_append_new(json_object_get(s, "client_groups"), json_deep_copy(group(s, 0)));
}
static void m_negative_points(json_t *s)
{
	json_object_set_new(answer_obj(s, 0, 1), "points", json_integer(-1));
}
static void m_too_many_points(json_t *s)
{
	json_object_set_new(answer_obj(s, 0, 1), "points", json_integer(1001));
}
static void m_fraction_points(json_t *s)
{
	json_object_set_new(answer_obj(s, 0, 1), "points", json_real(1.5));
}
static void m_missing_points(json_t *s)
{
	json_object_del(answer_obj(s, 0, 1), "points");
}
static void m_floor_over_ceiling(json_t *s)
{
	json_object_set_new(group(s, 0), "floor_pence", json_integer(5001));
}
static void m_negative_floor(json_t *s)
{
	json_object_set_new(group(s, 0), "floor_pence", json_integer(-1));
}
static void m_zero_ceiling(json_t *s)
{
	json_object_set_new(group(s, 0), "floor_pence", json_integer(0));
	json_object_set_new(group(s, 0), "ceiling_pence", json_integer(0));
}
static void m_no_price_for_year(json_t *s)
{
	json_array_append_new(json_object_get(s, "years"), json_string("2026-27"));
}
static void m_price_for_unknown_year(json_t *s)
{
	json_object_set_new(json_object_get(group(s, 0), "price_per_point_pence"), "2019-20",
	                    json_integer(100));
}
static void m_zero_price(json_t *s)
{
	json_object_set_new(json_object_get(group(s, 0), "price_per_point_pence"), "2025-26",
	                    json_integer(0));
}
static void m_bad_year(json_t *s)
{
	json_array_set_new(json_object_get(s, "years"), 0, json_string("2025-27"));
}
static void m_dup_year(json_t *s)
{
	json_array_append_new(json_object_get(s, "years"), json_string("2025-26"));
}
static void m_no_years(json_t *s)
{
	json_array_clear(json_object_get(s, "years"));
}
static void m_bad_mode(json_t *s)
{
	json_object_set_new(json_object_get(s, "rounding"), "mode", json_string("bankers"));
}
static void m_zero_step(json_t *s)
{
	json_object_set_new(json_object_get(s, "rounding"), "step_pence", json_integer(0));
}
static void m_big_step(json_t *s)
{
	json_object_set_new(json_object_get(s, "rounding"), "step_pence", json_integer(10001));
}
static void m_unknown_top(json_t *s)
{
	json_object_set_new(s, "colour", json_string("red"));
}
static void m_unknown_in_question(json_t *s)
{
	json_object_set_new(question(s, 1), "weight", json_integer(2));
}
static void m_unknown_in_answer(json_t *s)
{
	json_object_set_new(answer_obj(s, 0, 2), "score", json_integer(2));
}
static void m_unknown_in_group(json_t *s)
{
	json_object_set_new(group(s, 0), "price", json_integer(2));
}
static void m_unknown_in_rounding(json_t *s)
{
	json_object_set_new(json_object_get(s, "rounding"), "to", json_integer(2));
}
static void m_one_answer(json_t *s)
{
	json_array_remove(json_object_get(question(s, 1), "answers"), 1);
}
static void m_nine_answers(json_t *s)
{
	json_t *a = json_object_get(question(s, 0), "answers");
	json_array_append_new(
	    a, json_pack("{s:s, s:s, s:i}", "key", "p8", "label", "eight", "points", 8));
}
static void m_no_questions(json_t *s)
{
	json_array_clear(json_object_get(s, "questions"));
}
static void m_bad_question_key(json_t *s)
{
	json_object_set_new(question(s, 1), "key", json_string("Extra Help"));
}
static void m_empty_label(json_t *s)
{
	json_object_set_new(answer_obj(s, 1, 0), "label", json_string(""));
}
static void m_long_label(json_t *s)
{
	char l[RAS_LABEL_MAX + 1];
	memset(l, 'a', RAS_LABEL_MAX);
	l[RAS_LABEL_MAX] = 0;
	json_object_set_new(question(s, 0), "label", json_string(l));
}
static void m_required_not_bool(json_t *s)
{
	json_object_set_new(question(s, 1), "required", json_string("no"));
}
static void m_bad_id(json_t *s)
{
	json_object_set_new(s, "id", json_string("../etc/passwd"));
}
static void m_bad_status(json_t *s)
{
	json_object_set_new(s, "status", json_string("live"));
}
static void m_zero_version(json_t *s)
{
	json_object_set_new(s, "version", json_integer(0));
}
static void m_no_groups(json_t *s)
{
	json_array_clear(json_object_get(s, "client_groups"));
}
static void m_bad_hourly(json_t *s)
{
	json_object_set_new(s, "hourly_rate_pence", json_pack("{s:i}", "2025-26", -5));
}
static void m_hourly_unknown_year(json_t *s)
{
	json_object_set_new(s, "hourly_rate_pence", json_pack("{s:i}", "2030-31", 1600));
}

static void test_scheme_validation(void **state)
{
	(void)state;
	expect_scheme_error(m_dup_question,
	                    "questions[1].key: 'q' is used twice (also questions[0])");
	expect_scheme_error(m_dup_answer, "questions[0].answers[3].key: 'p1' is used twice");
	expect_scheme_error(m_dup_group, "client_groups[1].key: 'g' is used twice");
	expect_scheme_error(
	    m_negative_points,
	    "questions[0].answers[1].points: must be a whole number from 0 to 1000");
	expect_scheme_error(m_too_many_points, "questions[0].answers[1].points:");
	expect_scheme_error(m_fraction_points, "questions[0].answers[1].points:");
	expect_scheme_error(m_missing_points, "questions[0].answers[1].points:");
	expect_scheme_error(m_floor_over_ceiling,
	                    "client_groups[0].floor_pence: £50.01 is above the ceiling, £50.00");
	expect_scheme_error(m_negative_floor, "client_groups[0].floor_pence:");
	expect_scheme_error(m_zero_ceiling, "client_groups[0].ceiling_pence:");
	expect_scheme_error(m_no_price_for_year,
	                    "client_groups[0].price_per_point_pence: no price for 2026-27");
	expect_scheme_error(m_price_for_unknown_year,
	                    "client_groups[0].price_per_point_pence.2019-20:");
	expect_scheme_error(m_zero_price, "client_groups[0].price_per_point_pence.2025-26:");
	expect_scheme_error(m_bad_year, "years[0]:");
	expect_scheme_error(m_dup_year, "years[1]: 2025-26 is listed twice");
	expect_scheme_error(m_no_years, "years:");
	expect_scheme_error(m_bad_mode, "rounding.mode:");
	expect_scheme_error(m_zero_step, "rounding.step_pence:");
	expect_scheme_error(m_big_step, "rounding.step_pence:");
	expect_scheme_error(m_unknown_top, "colour: unknown field");
	expect_scheme_error(m_unknown_in_question, "questions[1].weight: unknown field");
	expect_scheme_error(m_unknown_in_answer, "questions[0].answers[2].score: unknown field");
	expect_scheme_error(m_unknown_in_group, "client_groups[0].price: unknown field");
	expect_scheme_error(m_unknown_in_rounding, "rounding.to: unknown field");
	expect_scheme_error(m_one_answer, "questions[1].answers: must have 2 to 8 answers");
	expect_scheme_error(m_nine_answers, "questions[0].answers: must have 2 to 8 answers");
	expect_scheme_error(m_no_questions, "questions:");
	expect_scheme_error(m_bad_question_key, "questions[1].key:");
	expect_scheme_error(m_empty_label, "questions[1].answers[0].label:");
	expect_scheme_error(m_long_label, "questions[0].label: longer than");
	expect_scheme_error(m_required_not_bool, "questions[1].required:");
	expect_scheme_error(m_bad_id, "id:");
	expect_scheme_error(m_bad_status, "status:");
	expect_scheme_error(m_zero_version, "version:");
	expect_scheme_error(m_no_groups, "client_groups:");
	expect_scheme_error(m_bad_hourly, "hourly_rate_pence.2025-26:");
	expect_scheme_error(m_hourly_unknown_year, "hourly_rate_pence.2030-31:");

	ras_scheme s;
	char err[512];
	const char *dup = "{\"id\": \"a\", \"id\": \"b\"}";
	assert_int_equal(ras_scheme_from_json(dup, strlen(dup), &s, err, sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "input:"));
	assert_int_equal(ras_scheme_from_json("[1]", 3, &s, err, sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "input:"));
	/* The same rules on a scheme built in memory. */
	load_tiny();
	T.questions[0].answers[2].points = -3;
	assert_int_equal(ras_scheme_check(&T, err, sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "questions[0].answers[2].points:"));
	load_tiny();
	T.groups[0].price_pence[0] = 0;
	assert_int_equal(ras_scheme_check(&T, err, sizeof err), SN_EINPUT);
	assert_true(
	    str_starts(err, "client_groups[0].price_per_point_pence: no price for 2025-26"));
}

static void test_scheme_round_trip(void **state)
{
	(void)state;
	static ras_scheme back;
	char err[512];
	json_t *o = ras_scheme_to_json(&S);
	char *text = json_dumps(o, JSON_PRESERVE_ORDER);
	json_decref(o);
	assert_int_equal(ras_scheme_from_json(text, strlen(text), &back, err, sizeof err), SN_OK);
	free(text);
	assert_memory_equal(&S, &back, sizeof S);
	load_tiny();
	o = ras_scheme_to_json(&T);
	text = json_dumps(o, 0);
	json_decref(o);
	assert_int_equal(ras_scheme_from_json(text, strlen(text), &back, err, sizeof err), SN_OK);
	free(text);
	assert_memory_equal(&T, &back, sizeof T);
	assert_false(back.questions[1].required);
}

static void test_scheme_load(void **state)
{
	(void)state;
	static ras_scheme s;
	char err[512];
	assert_int_equal(ras_scheme_load("no-such-scheme", &s, err, sizeof err), SN_ENOTFOUND);
	assert_true(str_starts(err, "scheme: no scheme called no-such-scheme"));
	assert_non_null(strstr(err, RAS_DEFAULT_SCHEME));
	assert_int_equal(ras_scheme_load("../rates/2025-26", &s, err, sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "scheme:"));
	assert_int_equal(ras_scheme_load("", &s, err, sizeof err), SN_EINPUT);
	assert_true(ras_scheme_id_ok("ashby-vale-2025-v1"));
	assert_false(ras_scheme_id_ok("-x"));
	assert_false(ras_scheme_id_ok("A"));
	assert_true(ras_tax_year_ok("2099-00"));
	assert_false(ras_tax_year_ok("2025-2"));
}

/* ---- cases from JSON ---- */

#define ANSWERS_54                                                                                 \
	"\"answers\": {\"eating_drinking\": \"every_meal\", \"personal_care\": \"full_help\", "    \
	"\"toileting\": \"daily\", \"dressing\": \"some_help\", \"moving_home\": "                 \
	"\"one_person\", \"safety\": \"some_risk\", \"keeping_home\": \"most_tasks\", "            \
	"\"relationships\": \"none\", \"community\": \"some_help\", \"carer\": "                   \
	"\"sustainable\", \"night_support\": \"none\", \"medication\": \"none\"}"
#define CASE(extra) "{\"client_group\": \"older_people\", " ANSWERS_54 extra "}"

static sn_err parse(const char *json, const char *year_default, ras_case *c, char *err, size_t size)
{
	return ras_case_from_json(json, strlen(json), &S, year_default, c, err, size);
}

static void test_case_from_json_good(void **state)
{
	(void)state;
	ras_case c;
	ras_result r;
	char err[1024];
	assert_int_equal(parse(CASE(""), "2025-26", &c, err, sizeof err), SN_OK);
	assert_string_equal(c.year, "2025-26"); /* the default */
	assert_string_equal(c.scheme, RAS_DEFAULT_SCHEME);
	assert_int_equal(c.n_answers, 12);
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.weekly_budget_pence, 22500);
	assert_int_equal(parse(CASE(", \"year\": \"2024-25\", \"scheme\": \"ashby-vale-2025-v1\""),
	                       "2025-26", &c, err, sizeof err),
	                 SN_OK);
	assert_string_equal(c.year, "2024-25"); /* the case's own year wins */
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	assert_int_equal(r.weekly_budget_pence, 21600);
}

static void expect_case_error(const char *json, const char *year_default, sn_err want,
                              const char *field)
{
	ras_case c;
	char err[1536] = "";
	assert_int_equal(parse(json, year_default, &c, err, sizeof err), want);
	if (!str_starts(err, field)) {
		fprintf(stderr, "want an error starting '%s', got '%s'\n", field, err);
		fail();
	}
}

static void test_case_from_json_errors(void **state)
{
	(void)state;
	expect_case_error("not json", "2025-26", SN_EINPUT, "input:");
	expect_case_error("[]", "2025-26", SN_EINPUT, "input:");
	expect_case_error(CASE(", \"colour\": 1"), "2025-26", SN_EINPUT, "colour: unknown field");
	expect_case_error(CASE(", \"scheme\": 5"), "2025-26", SN_EINPUT, "scheme:");
	expect_case_error(CASE(", \"scheme\": \"other-v1\""), "2025-26", SN_EINPUT,
	                  "scheme: the case is for other-v1");
	expect_case_error(CASE(""), NULL, SN_EINPUT, "year: missing");
	expect_case_error(
	    CASE(""), "2027-28", SN_EINPUT,
	    "year: scheme ashby-vale-2025-v1 has no prices for 2027-28, the current tax year");
	expect_case_error(CASE(", \"year\": 2025"), "2025-26", SN_EINPUT, "year:");
	expect_case_error(CASE(", \"year\": \"2025\""), "2025-26", SN_EINPUT, "year:");
	expect_case_error(CASE(", \"year\": \"2023-24\""), "2025-26", SN_EINPUT,
	                  "year: scheme ashby-vale-2025-v1 has no prices for 2023-24 (years: "
	                  "2024-25, 2025-26, 2026-27)");
	expect_case_error("{" ANSWERS_54 "}", "2025-26", SN_EINPUT, "client_group: missing");
	expect_case_error("{\"client_group\": 3, " ANSWERS_54 "}", "2025-26", SN_EINPUT,
	                  "client_group:");
	expect_case_error("{\"client_group\": \"children\", " ANSWERS_54 "}", "2025-26", SN_EINPUT,
	                  "client_group: 'children' is not a client group");
	expect_case_error("{\"client_group\": \"older_people\"}", "2025-26", SN_EINPUT,
	                  "answers: missing");
	expect_case_error("{\"client_group\": \"older_people\", \"answers\": []}", "2025-26",
	                  SN_EINPUT, "answers:");
	expect_case_error("{\"client_group\": \"older_people\", \"answers\": {}}", "2025-26",
	                  SN_EINPUT, "answers.eating_drinking: missing answer");
	expect_case_error(
	    "{\"client_group\": \"older_people\", \"answers\": {\"eating_drinking\": 3}}",
	    "2025-26", SN_EINPUT, "answers.eating_drinking: must be a string");
	expect_case_error(
	    "{\"client_group\": \"older_people\", \"answers\": {\"eating_drinking\": \"x\"}}",
	    "2025-26", SN_EINPUT,
	    "answers.eating_drinking: 'x' is not an answer to this question (answers: none, "
	    "prompting, some_meals, every_meal, supervised)");
	expect_case_error(
	    "{\"client_group\": \"older_people\", \"answers\": {\"gardening\": \"x\"}}", "2025-26",
	    SN_EINPUT, "answers.gardening: not a question");
	expect_case_error("{\"client_group\": \"older_people\", \"answers\": {\"eating_drinking\": "
	                  "\"none\", \"eating_drinking\": \"none\"}}",
	                  "2025-26", SN_EINPUT, "input:");
	/* Over 64 KiB. */
	size_t n = RAS_INPUT_MAX + 1;
	char *big = malloc(n + 1);
	memset(big, ' ', n);
	big[n] = 0;
	ras_case c;
	char err[512];
	assert_int_equal(ras_case_from_json(big, n, &S, "2025-26", &c, err, sizeof err),
	                 SN_ETOOBIG);
	assert_true(str_starts(err, "input:"));
	free(big);
}

static void test_case_scheme_id(void **state)
{
	(void)state;
	char id[RAS_ID_MAX], err[512];
	const char *none = "{}", *named = "{\"scheme\": \"x-v2\"}", *bad = "{\"scheme\": 1}";
	assert_int_equal(ras_case_scheme_id(none, strlen(none), NULL, id, err, sizeof err), SN_OK);
	assert_string_equal(id, RAS_DEFAULT_SCHEME);
	assert_int_equal(ras_case_scheme_id(none, strlen(none), "y-v1", id, err, sizeof err),
	                 SN_OK);
	assert_string_equal(id, "y-v1");
	assert_int_equal(ras_case_scheme_id(named, strlen(named), NULL, id, err, sizeof err),
	                 SN_OK);
	assert_string_equal(id, "x-v2");
	assert_int_equal(ras_case_scheme_id(named, strlen(named), "x-v2", id, err, sizeof err),
	                 SN_OK);
	assert_int_equal(ras_case_scheme_id(named, strlen(named), "y-v1", id, err, sizeof err),
	                 SN_EINPUT);
	assert_true(str_starts(err, "scheme: the case says x-v2 but --scheme says y-v1"));
	assert_int_equal(ras_case_scheme_id(bad, strlen(bad), NULL, id, err, sizeof err),
	                 SN_EINPUT);
	assert_true(str_starts(err, "scheme:"));
	assert_int_equal(ras_case_scheme_id(none, strlen(none), "Bad/Id", id, err, sizeof err),
	                 SN_EINPUT);
	assert_true(str_starts(err, "scheme:"));
}

static void test_result_to_json(void **state)
{
	(void)state;
	ras_case c = case_54("older_people", "2025-26");
	ras_result r;
	assert_int_equal(ras_compute(&S, &c, &r), SN_OK);
	json_t *o = ras_result_to_json(&S, &c, &r);
	assert_string_equal(json_string_value(json_object_get(o, "scheme")), RAS_DEFAULT_SCHEME);
	assert_int_equal(json_integer_value(json_object_get(o, "scheme_version")), 1);
	assert_string_equal(json_string_value(json_object_get(o, "year")), "2025-26");
	assert_string_equal(json_string_value(json_object_get(o, "client_group")), "older_people");
	assert_int_equal(json_integer_value(json_object_get(o, "total_points")), 54);
	assert_int_equal(json_integer_value(json_object_get(o, "price_per_point_pence")), 415);
	assert_int_equal(json_integer_value(json_object_get(o, "raw_budget_pence")), 22410);
	assert_int_equal(json_integer_value(json_object_get(o, "weekly_budget_pence")), 22500);
	assert_true(json_is_false(json_object_get(o, "floor_applied")));
	assert_true(json_is_false(json_object_get(o, "ceiling_applied")));
	assert_string_equal(json_string_value(json_object_get(o, "rounding")), "up to the next £1");
	json_t *pts = json_object_get(o, "points");
	assert_int_equal(json_array_size(pts), 13);
	json_t *p0 = json_array_get(pts, 0);
	assert_string_equal(json_string_value(json_object_get(p0, "question")), "eating_drinking");
	assert_string_equal(json_string_value(json_object_get(p0, "question_label")),
	                    "Eating and drinking");
	assert_string_equal(json_string_value(json_object_get(p0, "answer")), "every_meal");
	assert_string_equal(json_string_value(json_object_get(p0, "answer_label")),
	                    "needs help with every meal");
	assert_int_equal(json_integer_value(json_object_get(p0, "points")), 12);
	assert_true(json_is_null(json_object_get(json_array_get(pts, 12), "answer")));
	assert_int_equal(json_array_size(json_object_get(o, "workings")), r.n_lines);
	json_decref(o);
}

static void test_draft_is_said(void **state)
{
	(void)state;
	load_tiny();
	ras_result r = tiny(3);
	assert_true(workings_have(&r, "Scheme: Tiny (tiny-v1, version 1, draft)."));
	assert_true(workings_have(&r, "This scheme is a draft"));
}

/* ---- what if ---- */

static void test_whatif_add_counts(void **state)
{
	(void)state;
	static ras_whatif w;
	ras_whatif_init(&w);
	assert_int_equal(ras_whatif_add(&w, "older_people", "North", 22500, 23000), SN_OK);
	assert_int_equal(ras_whatif_add(&w, "older_people", "North", 22500, 22000), SN_OK);
	assert_int_equal(ras_whatif_add(&w, "older_people", "North", 4000, 4000), SN_OK);
	assert_int_equal(ras_whatif_add(&w, "older_people", "South", 10000, 12000), SN_OK);
	assert_int_equal(ras_whatif_add(&w, "mental_health", "North", 0, 3000), SN_OK);
	assert_int_equal(ras_whatif_add(&w, "mental_health", NULL, 5000, 5000), SN_OK);
	assert_int_equal(ras_whatif_add(&w, "mental_health", "", 1, 0), SN_OK);
	assert_int_equal(w.n_rows, 4);
	const ras_whatif_row *r = &w.rows[0];
	assert_string_equal(r->client_group, "older_people");
	assert_string_equal(r->locality, "North");
	assert_int_equal(r->n, 3);
	assert_int_equal(r->up, 1);
	assert_int_equal(r->down, 1);
	assert_int_equal(r->unchanged, 1);
	assert_int_equal(r->before_pence, 22500 + 22500 + 4000);
	assert_int_equal(r->after_pence, 23000 + 22000 + 4000);
	r = &w.rows[3];
	assert_string_equal(r->locality, ""); /* NULL and "" are one row */
	assert_int_equal(r->n, 2);
	assert_int_equal(r->unchanged, 1);
	assert_int_equal(r->down, 1);
	assert_int_equal(w.total.n, 7);
	assert_int_equal(w.total.up, 3);
	assert_int_equal(w.total.down, 2);
	assert_int_equal(w.total.unchanged, 2);
	assert_int_equal(w.total.before_pence, 22500 + 22500 + 4000 + 10000 + 0 + 5000 + 1);
	assert_int_equal(w.total.after_pence, 23000 + 22000 + 4000 + 12000 + 3000 + 5000 + 0);
	json_t *o = ras_whatif_to_json(&w);
	assert_int_equal(json_array_size(json_object_get(o, "rows")), 4);
	json_t *t = json_object_get(o, "total");
	assert_int_equal(json_integer_value(json_object_get(t, "count")), 7);
	assert_int_equal(json_integer_value(json_object_get(t, "change_pence")),
	                 w.total.after_pence - w.total.before_pence);
	json_decref(o);
	/* Bad amounts and keys leave w unchanged. */
	assert_int_equal(ras_whatif_add(&w, "older_people", "North", -1, 0), SN_EINPUT);
	assert_int_equal(ras_whatif_add(&w, "older_people", "North", 0, RAS_MAX_WEEKLY_PENCE + 1),
	                 SN_EINPUT);
	assert_int_equal(ras_whatif_add(&w, NULL, "North", 0, 0), SN_EINPUT);
	char longkey[RAS_KEY_MAX + 1];
	memset(longkey, 'k', RAS_KEY_MAX);
	longkey[RAS_KEY_MAX] = 0;
	assert_int_equal(ras_whatif_add(&w, longkey, "North", 0, 0), SN_EINPUT);
	assert_int_equal(w.total.n, 7);
	/* The row limit. */
	ras_whatif_init(&w);
	char loc[32];
	for (int i = 0; i < RAS_WHATIF_MAX_ROWS; i++) {
		snprintf(loc, sizeof loc, "ward %d", i);
		assert_int_equal(ras_whatif_add(&w, "older_people", loc, 100, 200), SN_OK);
	}
	assert_int_equal(ras_whatif_add(&w, "older_people", "one too many", 100, 200), SN_ETOOBIG);
	assert_int_equal(ras_whatif_add(&w, "older_people", "ward 0", 100, 200), SN_OK);
	assert_int_equal(w.n_rows, RAS_WHATIF_MAX_ROWS);
	assert_int_equal(w.total.n, RAS_WHATIF_MAX_ROWS + 1);
}

static void test_whatif_case(void **state)
{
	(void)state;
	static ras_scheme draft;
	draft = S;
	snprintf(draft.id, sizeof draft.id, "ashby-vale-2026-draft");
	snprintf(draft.status, sizeof draft.status, "draft");
	draft.version = 2;
	int og = ras_group_index(&draft, "older_people"), y = ras_year_index(&draft, "2025-26");
	draft.groups[og].price_pence[y] = 500; /* £4.15 → £5.00 a point */
	char err[512];
	assert_int_equal(ras_scheme_check(&draft, err, sizeof err), SN_OK);

	ras_case c = case_54("older_people", "2025-26");
	int64_t before, after;
	size_t assumed = 99;
	assert_int_equal(ras_whatif_case(&S, &draft, &c, &before, &after, &assumed), SN_OK);
	assert_int_equal(before, 22500);
	assert_int_equal(after, 27000);
	assert_int_equal(assumed, 0);
	/* Another group is priced as before. */
	c = case_54("mental_health", "2025-26");
	assert_int_equal(ras_whatif_case(&S, &draft, &c, &before, &after, NULL), SN_OK);
	assert_int_equal(before, after);

	/* The draft drops a question: its answer is ignored. */
	size_t qi = (size_t)ras_question_index(&draft, "eating_drinking");
	memmove(&draft.questions[qi], &draft.questions[qi + 1],
	        (draft.n_questions - qi - 1) * sizeof draft.questions[0]);
	draft.n_questions--;
	c = case_54("older_people", "2025-26");
	assert_int_equal(ras_whatif_case(&S, &draft, &c, &before, &after, &assumed), SN_OK);
	assert_int_equal(after, (54 - 12) * 500);
	assert_int_equal(assumed, 0);

	/* The draft adds a required question the past case never answered: its
	 * lowest-points answer (here 2 points) is assumed. */
	ras_question *nq = &draft.questions[draft.n_questions++];
	memset(nq, 0, sizeof *nq);
	snprintf(nq->key, sizeof nq->key, "sleep");
	snprintf(nq->label, sizeof nq->label, "Sleep");
	nq->required = true;
	nq->n_answers = 2;
	snprintf(nq->answers[0].key, RAS_KEY_MAX, "bad");
	snprintf(nq->answers[0].label, RAS_LABEL_MAX, "sleeps badly");
	nq->answers[0].points = 5;
	snprintf(nq->answers[1].key, RAS_KEY_MAX, "ok");
	snprintf(nq->answers[1].label, RAS_LABEL_MAX, "sleeps well");
	nq->answers[1].points = 2;
	assert_int_equal(ras_scheme_check(&draft, err, sizeof err), SN_OK);
	assert_int_equal(ras_whatif_case(&S, &draft, &c, &before, &after, &assumed), SN_OK);
	assert_int_equal(after, (54 - 12 + 2) * 500);
	assert_int_equal(assumed, 1);
	ras_result r; /* outside what if, the rules are strict */
	assert_int_equal(ras_compute(&draft, &c, &r), SN_EINPUT);
	assert_true(str_starts(r.error, "answers.eating_drinking: not a question"));
	unanswer(&c, "eating_drinking");
	assert_int_equal(ras_compute(&draft, &c, &r), SN_EINPUT);
	assert_true(str_starts(r.error, "answers.sleep: missing answer"));
	c = case_54("older_people", "2025-26");

	/* An answer the draft's question no longer has is assumed too. */
	answer(&c, "personal_care", "retired_answer");
	assert_int_equal(ras_whatif_case(&S, &draft, &c, &before, &after, &assumed), SN_OK);
	assert_int_equal(before, 17500); /* 42 × £4.15 = £174.30, up to £175 */
	assert_int_equal(assumed, 3); /* personal_care under both schemes, sleep under the draft */
	assert_int_equal(after, (54 - 12 - 12 + 2) * 500);

	/* A group or year the draft does not have is an error. */
	c = case_54("older_people", "2024-25");
	draft.n_years = 1;
	snprintf(draft.years[0], sizeof draft.years[0], "2026-27");
	draft.groups[og].price_pence[0] = 425;
	assert_int_equal(ras_whatif_case(&S, &draft, &c, &before, &after, &assumed), SN_EINPUT);
	c = case_54("children", "2025-26");
	assert_int_equal(ras_whatif_case(&S, &S, &c, &before, &after, &assumed), SN_EINPUT);
}

static void test_whatif_run(void **state)
{
	(void)state;
	static ras_scheme draft;
	static ras_whatif w;
	draft = S;
	snprintf(draft.status, sizeof draft.status, "draft");
	int y = ras_year_index(&draft, "2025-26");
	draft.groups[ras_group_index(&draft, "older_people")].price_pence[y] = 500;
	draft.groups[ras_group_index(&draft, "mental_health")].price_pence[y] = 300;
	ras_whatif_init(&w);
	ras_case a = case_54("older_people", "2025-26"); /* £225 → £270 */
	ras_case b =
	    case_54("mental_health", "2025-26"); /* 54 × £3.75 = £202.50 → £203; × £3 = £162 */
	ras_case z = none_case("learning_disability", "2025-26"); /* £0 → £0 */
	ras_case m = case_54("older_people", "2025-26");
	unanswer(&m, "medication"); /* assumed: none, 0 points */
	assert_int_equal(ras_whatif_run(&w, &S, &draft, &a, "North"), SN_OK);
	assert_int_equal(ras_whatif_run(&w, &S, &draft, &b, "North"), SN_OK);
	assert_int_equal(ras_whatif_run(&w, &S, &draft, &z, "South"), SN_OK);
	assert_int_equal(ras_whatif_run(&w, &S, &draft, &m, "North"), SN_OK);
	assert_int_equal(w.n_rows, 3);
	assert_int_equal(w.rows[0].n, 2);
	assert_int_equal(w.rows[0].up, 2);
	assert_int_equal(w.rows[0].assumed, 1);
	assert_int_equal(w.rows[0].before_pence, 2 * 22500);
	assert_int_equal(w.rows[0].after_pence, 2 * 27000);
	assert_int_equal(w.rows[1].down, 1);
	assert_int_equal(w.rows[1].before_pence, 20300);
	assert_int_equal(w.rows[1].after_pence, 16200);
	assert_int_equal(w.rows[2].unchanged, 1);
	assert_int_equal(w.total.n, 4);
	assert_int_equal(w.total.up, 2);
	assert_int_equal(w.total.down, 1);
	assert_int_equal(w.total.unchanged, 1);
	assert_int_equal(w.total.assumed, 1);
	assert_int_equal(w.total.before_pence, 2 * 22500 + 20300);
	assert_int_equal(w.total.after_pence, 2 * 27000 + 16200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_scheme),
	    cmocka_unit_test(test_points_sum_and_workings),
	    cmocka_unit_test(test_price_per_group_and_year),
	    cmocka_unit_test(test_published_example),
	    cmocka_unit_test(test_floor),
	    cmocka_unit_test(test_ceiling),
	    cmocka_unit_test(test_zero_points),
	    cmocka_unit_test(test_round_pence),
	    cmocka_unit_test(test_rounding_in_compute),
	    cmocka_unit_test(test_order_rounding_then_floor_and_ceiling),
	    cmocka_unit_test(test_compute_errors),
	    cmocka_unit_test(test_scheme_validation),
	    cmocka_unit_test(test_scheme_round_trip),
	    cmocka_unit_test(test_scheme_load),
	    cmocka_unit_test(test_case_from_json_good),
	    cmocka_unit_test(test_case_from_json_errors),
	    cmocka_unit_test(test_case_scheme_id),
	    cmocka_unit_test(test_result_to_json),
	    cmocka_unit_test(test_draft_is_said),
	    cmocka_unit_test(test_whatif_add_counts),
	    cmocka_unit_test(test_whatif_case),
	    cmocka_unit_test(test_whatif_run),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
