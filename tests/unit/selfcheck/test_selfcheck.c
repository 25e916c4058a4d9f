/* Unit tests for selfcheck: the shipped set and catalogue, branching, topic checks, answers, the
 * report (eligibility through elig_decide) and the JSON edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfcheck/selfcheck.h"

static sc_set *shipped;
static sc_catalogue *cat;

static int setup(void **state)
{
	(void)state;
	char err[512] = "";
	shipped = sc_set_new();
	cat = sc_catalogue_new();
	if (sc_set_load("daily-living-v1", shipped, err, sizeof err) ||
	    sc_catalogue_load(cat, err, sizeof err)) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sc_set_free(shipped);
	sc_catalogue_free(cat);
	return 0;
}

static size_t qi(const char *key)
{
	long i = sc_question_index(shipped, key);
	if (i < 0) {
		fprintf(stderr, "no question %s\n", key);
		fail();
	}
	return (size_t)i;
}

/* Answers every shown, unanswered question of s: yes/no with "no", a choice
 * with its first answer. Answers already in a are kept. */
static void fill(const sc_set *s, sc_answers *a)
{
	for (size_t q = 0; q < s->n_questions; q++)
		if (sc_visible(s, a, q) && !sc_answers_get(a, s->questions[q].key))
			assert_int_equal(
			    sc_answers_set(a, s->questions[q].key,
			                   s->questions[q]
			                       .choices[s->questions[q].kind == SC_YES_NO ? 1 : 0]
			                       .key),
			    SN_OK);
}

static void put(sc_answers *a, const char *q, const char *v)
{
	assert_int_equal(sc_answers_set(a, q, v), SN_OK);
}

static sn_err report(const sc_answers *a, sc_report *r)
{
	return sc_report_compute(shipped, cat, a, r);
}

/* ---- the shipped data ---- */

static void test_shipped_set(void **state)
{
	(void)state;
	static const char *const topics[] = {"about_you",   "moving_home", "washing", "toilet",
	                                     "dressing",    "medication",  "cooking", "home",
	                                     "getting_out", "lonely",      "caring"};
	assert_string_equal(shipped->id, "daily-living");
	assert_int_equal(shipped->version, 1);
	assert_int_equal(shipped->n_topics, SN_ARRAY_LEN(topics));
	for (size_t i = 0; i < SN_ARRAY_LEN(topics); i++)
		assert_string_equal(shipped->topics[i].key, topics[i]);
	size_t yes_no = 0;
	for (size_t q = 0; q < shipped->n_questions; q++) {
		const sc_question *qq = &shipped->questions[q];
		yes_no += qq->kind == SC_YES_NO;
		/* Every question has its own GOV.UK-style error message. */
		assert_true(str_starts(qq->error, "Select "));
		assert_string_not_equal(qq->error, "Select yes or no");
		assert_string_not_equal(qq->error, "Select an answer");
	}
	assert_true(yes_no * 3 > shipped->n_questions * 2); /* mostly yes/no */
	char err[512] = "";
	assert_int_equal(sc_set_check_catalogue(shipped, cat, err, sizeof err), SN_OK);
	/* Loneliness: the direct question's five answers. */
	const sc_question *l = &shipped->questions[qi("lonely_often")];
	assert_true(l->loneliness);
	assert_int_equal(l->n_choices, 5);
	assert_string_equal(l->choices[4].key, "often");

	/* The short name loads the highest version; an unknown name is not found. */
	sc_set *s = sc_set_new();
	assert_int_equal(sc_set_load("daily-living", s, err, sizeof err), SN_OK);
	assert_int_equal(s->version, 1);
	assert_int_equal(sc_set_load("no-such-set", s, err, sizeof err), SN_ENOTFOUND);
	assert_true(str_starts(err, "set:"));
	assert_int_equal(sc_set_load("../etc", s, err, sizeof err), SN_EINPUT);
	sc_set_free(s);
	sc_set_free(NULL);
}

static void test_shipped_catalogue(void **state)
{
	(void)state;
	assert_true(cat->n_items >= 20 && cat->n_items <= 25);
	assert_true(strstr(cat->note, "illustrative") != NULL);
	size_t telecare = 0, loan = 0, buy = 0;
	for (size_t i = 0; i < cat->n_items; i++) {
		const sc_item *it = &cat->items[i];
		telecare += it->telecare;
		if (it->supply == SC_LOAN) {
			loan++;
			assert_true(it->standard_cost_pence > 0);
			assert_true(it->retail_credit_pence <= it->standard_cost_pence);
		} else {
			buy++;
			assert_true(it->price_min_pence > 0 &&
			            it->price_min_pence <= it->price_max_pence);
		}
		/* The catalogue's topic keys are topics of the shipped set. */
		for (size_t t = 0; t < it->n_topics; t++)
			assert_true(sc_topic_index(shipped, it->topics[t]) >= 0);
	}
	assert_true(telecare >= 2 && loan >= 5 && buy >= 5);
	const sc_item *it = sc_catalogue_find(cat, "bath_board");
	assert_non_null(it);
	assert_int_equal(it->supply, SC_LOAN);
	assert_true(it->retail_credit_pence > 0);
	assert_true(sc_catalogue_find(cat, "pendant_alarm")->telecare);
	assert_null(sc_catalogue_find(cat, "hovercraft"));
	assert_int_equal(sc_catalogue_index(cat, "hovercraft"), -1);

	size_t idx[SC_MAX_ITEMS];
	size_t n = sc_catalogue_meeting(cat, "toilet_needs", idx, SC_MAX_ITEMS);
	bool seat = false;
	for (size_t i = 0; i < n; i++) {
		assert_true(cat->items[idx[i]].outcomes & (1u << 2));
		seat = seat || strcmp(cat->items[idx[i]].key, "raised_toilet_seat") == 0;
	}
	assert_true(seat);
	n = sc_catalogue_meeting(cat, "medication", idx, SC_MAX_ITEMS);
	assert_true(n >= 1);
	assert_int_equal(sc_catalogue_meeting(cat, "medication", idx, 0), n); /* counts past max */
	assert_int_equal(sc_catalogue_meeting(cat, "nothing_like_this", idx, SC_MAX_ITEMS), 0);

	char money[32];
	sc_money(1500, money, sizeof money);
	assert_string_equal(money, "£15");
	sc_money(1250, money, sizeof money);
	assert_string_equal(money, "£12.50");
}

/* ---- branching ---- */

static void test_branching(void **state)
{
	(void)state;
	sc_answers a;
	sc_answers_init(&a);
	size_t bath = qi("bath_difficulty"), why = qi("bath_why");
	assert_true(sc_visible(shipped, &a, bath));
	assert_false(sc_visible(shipped, &a, why));
	assert_true(sc_on_page(shipped, &a, why)); /* its condition is on the same page */
	put(&a, "bath_difficulty", "no");
	assert_false(sc_visible(shipped, &a, why));
	put(&a, "bath_difficulty", "yes");
	assert_true(sc_visible(shipped, &a, why));

	/* A hidden question is not required on its topic's page. */
	sc_problems p;
	size_t washing = (size_t)sc_topic_index(shipped, "washing");
	put(&a, "bath_difficulty", "no");
	put(&a, "wash_reach", "no");
	assert_int_equal(sc_check_topic(shipped, washing, &a, &p), SN_OK);
	assert_int_equal(p.n, 0);
	/* Once shown, it is. */
	put(&a, "bath_difficulty", "yes");
	assert_int_equal(sc_check_topic(shipped, washing, &a, &p), SN_EINPUT);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].key, "bath_why");
	assert_int_equal(p.items[0].question, why);
	assert_int_equal(p.items[0].kind, SC_MISSING);

	/* "Do you look after someone?" no: the rest of the topic is skipped, even
	 * with stale answers to its follow-ups, which are then ignored. */
	sc_answers_init(&a);
	put(&a, "carer", "no");
	put(&a, "carer_who", "adult");
	put(&a, "carer_impact", "yes");
	assert_false(sc_visible(shipped, &a, qi("carer_who")));
	assert_false(sc_visible(shipped, &a, qi("carer_impact"))); /* a chain: hidden parent */
	assert_false(sc_on_page(shipped, &a, qi("carer_impact")) &&
	             sc_visible(shipped, &a, qi("carer_impact")));
	size_t caring = (size_t)sc_topic_index(shipped, "caring");
	assert_int_equal(sc_check_topic(shipped, caring, &a, &p), SN_OK);
	fill(shipped, &a);
	sc_report r;
	assert_int_equal(report(&a, &r), SN_OK);
	assert_false(r.carer);
	assert_false(r.carer_assessment);
	/* Hidden answers stay out of the record for the intake queue. */
	json_t *rec = sc_answers_to_json(shipped, &a);
	json_t *list = json_object_get(rec, "answers");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		assert_string_not_equal(json_string_value(json_object_get(v, "question")),
		                        "carer_who");
		assert_string_not_equal(json_string_value(json_object_get(v, "question")),
		                        "carer_impact");
	}
	json_decref(rec);
	/* ... and out of what the pages carry forward. */
	sc_answers_prune(shipped, &a);
	assert_null(sc_answers_get(&a, "carer_who"));
	assert_string_equal(sc_answers_get(&a, "carer"), "no");

	/* A hidden answer does not count towards the report either. */
	sc_answers_init(&a);
	put(&a, "bath_difficulty", "no");
	put(&a, "bath_why", "help");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_int_equal(r.elig.outcomes[1], ELIG_ACHIEVED); /* personal_hygiene */
	assert_int_equal(r.n_equipment, 0);
}

/* A set of three topics where the second is only for people who said yes in the first. */
static const char *const small_set =
    "{\"id\": \"small\", \"version\": 3, \"title\": \"Small\", \"topics\": ["
    "{\"key\": \"one\", \"title\": \"One\", \"questions\": ["
    " {\"key\": \"pets\", \"text\": \"Do you have pets?\", \"kind\": \"yes_no\"}]},"
    "{\"key\": \"two\", \"title\": \"Two\", \"questions\": ["
    " {\"key\": \"walk\", \"text\": \"Can you walk the dog?\", \"kind\": \"yes_no\","
    "  \"show_if\": {\"question\": \"pets\", \"answers\": [\"yes\"]}},"
    " {\"key\": \"walk_why\", \"text\": \"Why not?\", \"kind\": \"choice\","
    "  \"choices\": [{\"key\": \"legs\", \"label\": \"Legs\"}, {\"key\": \"rain\", \"label\": "
    "\"Rain\"}],"
    "  \"show_if\": {\"question\": \"walk\", \"answers\": [\"no\"]}}]},"
    "{\"key\": \"three\", \"title\": \"Three\", \"questions\": ["
    " {\"key\": \"tea\", \"text\": \"Tea?\", \"kind\": \"yes_no\"}]}]}";

static void test_pages(void **state)
{
	(void)state;
	sc_set *s = sc_set_new();
	char err[512] = "";
	assert_int_equal(sc_set_from_json(small_set, strlen(small_set), s, err, sizeof err), SN_OK);
	assert_int_equal(s->version, 3);
	assert_string_equal(s->questions[0].error, "Select yes or no"); /* defaults */
	assert_string_equal(s->questions[2].error, "Select an answer");
	sc_answers a;
	sc_answers_init(&a);
	assert_int_equal(sc_next_topic(s, &a, 0), 0);
	/* Topic two depends on an earlier page: skipped until pets=yes. */
	assert_false(sc_topic_shown(s, &a, 1));
	put(&a, "pets", "no");
	assert_int_equal(sc_next_topic(s, &a, 1), 2);
	put(&a, "pets", "yes");
	assert_int_equal(sc_next_topic(s, &a, 1), 1);
	/* On page two both questions are shown (walk_why under a conditional
	 * reveal), but only walk is required until it is answered no. */
	assert_true(sc_on_page(s, &a, 1));
	assert_true(sc_on_page(s, &a, 2));
	assert_false(sc_visible(s, &a, 2));
	sc_problems p;
	assert_int_equal(sc_check_topic(s, 1, &a, &p), SN_EINPUT);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].key, "walk");
	put(&a, "walk", "no");
	assert_int_equal(sc_check_topic(s, 1, &a, &p), SN_EINPUT);
	assert_string_equal(p.items[0].key, "walk_why");
	put(&a, "walk_why", "rain");
	assert_int_equal(sc_check_topic(s, 1, &a, &p), SN_OK);
	assert_int_equal(sc_check_topic(s, 9, &a, &p), SN_EINPUT);
	assert_int_equal(p.n, 0);
	assert_int_equal(sc_next_topic(s, &a, 3), 3);
	assert_false(sc_topic_shown(s, &a, 3));
	assert_false(sc_visible(s, &a, 99));
	assert_false(sc_on_page(s, &a, 99));
	/* pets=no later: on_page for walk_why is false (its chain leaves the topic). */
	put(&a, "pets", "no");
	assert_false(sc_on_page(s, &a, 2));
	sc_set_free(s);
}

/* ---- checking and answers ---- */

static void test_missing_and_invalid(void **state)
{
	(void)state;
	sc_answers a;
	sc_answers_init(&a);
	sc_problems p;
	size_t about = (size_t)sc_topic_index(shipped, "about_you");
	assert_int_equal(sc_check_topic(shipped, about, &a, &p), SN_EINPUT);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.items[0].key, "health");
	assert_string_equal(p.items[1].key, "wellbeing");
	assert_string_equal(p.items[0].message,
	                    "Select yes if you have a health condition, disability or illness that "
	                    "makes everyday things harder");
	put(&a, "health", "maybe"); /* a well-formed key, but not an answer */
	assert_int_equal(sc_check_topic(shipped, about, &a, &p), SN_EINPUT);
	assert_int_equal(p.items[0].kind, SC_INVALID);
	assert_string_equal(p.items[0].key, "health");

	/* The whole set: the first missing question names itself. */
	sc_answers_init(&a);
	put(&a, "health", "yes");
	assert_int_equal(sc_check_all(shipped, &a, &p), SN_EINPUT);
	assert_string_equal(p.items[0].key, "wellbeing");
	sc_report r;
	assert_int_equal(report(&a, &r), SN_EINPUT); /* no report from an incomplete check */
	fill(shipped, &a);
	assert_int_equal(sc_check_all(shipped, &a, &p), SN_OK);
	assert_int_equal(report(&a, &r), SN_OK);

	/* An answer to no question of the set. */
	put(&a, "favourite_colour", "blue");
	assert_int_equal(sc_check_all(shipped, &a, &p), SN_EINPUT);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.items[0].kind, SC_UNKNOWN_QUESTION);
	assert_string_equal(p.items[0].key, "favourite_colour");
	assert_int_equal(p.items[0].question, SIZE_MAX);
	assert_int_equal(report(&a, &r), SN_EINPUT);
}

static void test_answers(void **state)
{
	(void)state;
	sc_answers a;
	sc_answers_init(&a);
	assert_int_equal(sc_answers_set(&a, "Bad Key", "yes"), SN_EINPUT);
	assert_int_equal(sc_answers_set(&a, "health", "yes please"), SN_EINPUT);
	assert_int_equal(sc_answers_set(&a, "", "yes"), SN_EINPUT);
	assert_int_equal(sc_answers_set(&a, NULL, "yes"), SN_EINPUT);
	char long_key[SC_KEY_MAX + 1];
	memset(long_key, 'a', SC_KEY_MAX);
	long_key[SC_KEY_MAX] = 0;
	assert_int_equal(sc_answers_set(&a, long_key, "yes"), SN_EINPUT);
	long_key[SC_KEY_MAX - 1] = 0; /* 31 bytes: fits */
	assert_int_equal(sc_answers_set(&a, long_key, "yes"), SN_OK);
	assert_int_equal(a.n, 1);
	put(&a, "health", "yes");
	put(&a, "health", "no"); /* replaces */
	assert_int_equal(a.n, 2);
	assert_string_equal(sc_answers_get(&a, "health"), "no");
	put(&a, "health", ""); /* removes */
	assert_null(sc_answers_get(&a, "health"));
	assert_int_equal(a.n, 1);
	/* Full. */
	sc_answers_init(&a);
	char k[16];
	for (int i = 0; i < SC_MAX_QUESTIONS; i++) {
		snprintf(k, sizeof k, "q%d", i);
		put(&a, k, "yes");
	}
	assert_int_equal(sc_answers_set(&a, "one_more", "yes"), SN_ETOOBIG);
	put(&a, "q0", "no"); /* replacing still works */
}

/* Form fields as the pages would have them. */
typedef struct {
	const char *const *pairs; /* name, value, name, value, ..., NULL */
} fields;

static const char *field_get(const void *ctx, const char *name)
{
	const fields *f = ctx;
	for (size_t i = 0; f->pairs[i]; i += 2)
		if (strcmp(f->pairs[i], name) == 0)
			return f->pairs[i + 1];
	return NULL;
}

static void test_answers_from_fields(void **state)
{
	(void)state;
	static const char *const pairs[] = {
	    "csrf_token",      "abc", "health",   "yes", "wellbeing", "<script>",
	    "bath_difficulty", "",    "nonsense", "yes", NULL};
	fields f = {pairs};
	sc_answers a;
	sc_answers_init(&a);
	put(&a, "old", "yes");
	assert_int_equal(sc_answers_from_fields(shipped, field_get, &f, &a), SN_OK);
	assert_int_equal(a.n, 2); /* health, and wellbeing as bad; the rest never looked at */
	assert_null(sc_answers_get(&a, "old"));
	assert_string_equal(sc_answers_get(&a, "health"), "yes");
	assert_null(sc_answers_get(&a, "wellbeing"));
	sc_problems p;
	assert_int_equal(sc_check_topic(shipped, 0, &a, &p), SN_EINPUT);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.items[0].kind, SC_INVALID);
	assert_string_equal(p.items[0].key, "wellbeing");
	sc_answers_prune(shipped, &a);
	assert_int_equal(a.n, 1);
}

static void expect_answers_error(const char *json, const char *prefix)
{
	sc_answers a;
	char err[512] = "";
	assert_int_equal(sc_answers_from_json(shipped, json, strlen(json), &a, err, sizeof err),
	                 SN_EINPUT);
	if (!str_starts(err, prefix)) {
		fprintf(stderr, "want an error starting '%s', got '%s'\n", prefix, err);
		fail();
	}
	assert_int_equal(a.n, 0);
}

static void test_answers_from_json(void **state)
{
	(void)state;
	sc_answers a;
	char err[512] = "";
	const char *ok =
	    "{\"health\": \"yes\", \"lonely_often\": \"often\", \"bath_why\": \"pain\"}";
	assert_int_equal(sc_answers_from_json(shipped, ok, strlen(ok), &a, err, sizeof err), SN_OK);
	assert_int_equal(a.n, 3);
	assert_string_equal(sc_answers_get(&a, "lonely_often"), "often");
	expect_answers_error("{\"favourite_colour\": \"blue\"}", "favourite_colour:");
	expect_answers_error("{\"health\": \"maybe\"}", "health: must be one of yes, no");
	expect_answers_error("{\"lonely_often\": \"always\"}",
	                     "lonely_often: must be one of never, hardly_ever");
	expect_answers_error("{\"health\": true}", "health:");
	expect_answers_error("[]", "input:");
	expect_answers_error("{\"health\": \"yes\", \"health\": \"no\"}", "input:");
	char big[SC_ANSWERS_INPUT_MAX + 2];
	memset(big, ' ', sizeof big);
	assert_int_equal(sc_answers_from_json(shipped, big, sizeof big, &a, err, sizeof err),
	                 SN_ETOOBIG);
}

/* ---- the report ---- */

static void test_suggestions_deduplicated_and_ordered(void **state)
{
	(void)state;
	sc_answers a;
	sc_answers_init(&a);
	put(&a, "move_difficulty", "yes");
	put(&a, "move_why", "falls");
	put(&a, "fallen", "yes");
	put(&a, "bath_difficulty", "yes");
	put(&a, "bath_why", "falls");
	put(&a, "toilet_difficulty", "yes");
	put(&a, "toilet_why", "other");
	put(&a, "cook_difficulty", "yes");
	put(&a, "cook_why", "slow");
	put(&a, "eat_enough", "yes");
	fill(shipped, &a);
	sc_report r;
	assert_int_equal(report(&a, &r), SN_OK);
	/* Equipment in order of first mention, each once (grab_rail is in three answers). */
	static const char *const want[] = {"walking_frame",  "chair_raisers",      "bed_lever",
	                                   "stair_rail",     "grab_rail",          "pendant_alarm",
	                                   "falls_detector", "bath_board",         "bath_seat",
	                                   "shower_stool",   "raised_toilet_seat", "toilet_frame",
	                                   "kettle_tipper",  "perching_stool",     "trolley",
	                                   "jar_opener",     "easy_grip_cutlery"};
	assert_int_equal(r.n_equipment, SN_ARRAY_LEN(want));
	for (size_t i = 0; i < SN_ARRAY_LEN(want); i++)
		assert_string_equal(cat->items[r.equipment[i]].key, want[i]);
	/* Advice: adaptations first (move_difficulty), then falls_prevention, then telecare, each
	 * once. */
	assert_true(r.n_advice >= 4);
	assert_string_equal(shipped->advice[r.advice[0]].id, "adaptations");
	assert_string_equal(shipped->advice[r.advice[1]].id, "falls_prevention");
	assert_string_equal(shipped->advice[r.advice[2]].id, "telecare");
	assert_string_equal(shipped->advice[r.advice[3]].id, "meals");
	for (size_t i = 0; i < r.n_advice; i++)
		for (size_t j = i + 1; j < r.n_advice; j++)
			assert_int_not_equal(r.advice[i], r.advice[j]);
	/* Directory codes, each once. */
	static const char *const codes[] = {"falls-prevention", "exercise", "meals", "lunch-club",
	                                    "shopping-help"};
	assert_int_equal(r.n_codes, SN_ARRAY_LEN(codes));
	for (size_t i = 0; i < SN_ARRAY_LEN(codes); i++)
		assert_string_equal(r.codes[i], codes[i]);
	/* What the person said, in set order. */
	assert_true(r.n_said >= 6);
	assert_int_equal(r.said[0].question, qi("move_difficulty"));
	assert_int_equal(r.said[1].question, qi("fallen"));
	/* Without a catalogue there is no equipment, and nothing else changes. */
	sc_report r2;
	assert_int_equal(sc_report_compute(shipped, NULL, &a, &r2), SN_OK);
	assert_int_equal(r2.n_equipment, 0);
	assert_int_equal(r2.n_advice, r.n_advice);
}

/* The report's indication against elig_decide on the same case. */
static void expect_same_as_elig(const sc_report *r)
{
	elig_result direct;
	elig_decide(&r->elig, &direct);
	assert_int_equal(direct.eligible, r->may_be_eligible);
	assert_int_equal(direct.n_reasons, r->decision.n_reasons);
	for (size_t i = 0; i < direct.n_reasons; i++)
		assert_string_equal(direct.reasons[i], r->decision.reasons[i]);
}

static void test_eligibility_indication(void **state)
{
	(void)state;
	sc_answers a;
	sc_report r;

	/* Two outcomes, but no impairment: not. */
	sc_answers_init(&a);
	put(&a, "health", "no");
	put(&a, "wellbeing", "yes");
	put(&a, "bath_difficulty", "yes");
	put(&a, "bath_why", "help");
	put(&a, "dress_difficulty", "yes");
	put(&a, "dress_why", "slow");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_false(r.elig.impairment);
	assert_int_equal(r.decision.n_unable, 2);
	assert_false(r.may_be_eligible);
	expect_same_as_elig(&r);

	/* Impairment and wellbeing, one outcome: not. */
	sc_answers_init(&a);
	put(&a, "health", "yes");
	put(&a, "wellbeing", "yes");
	put(&a, "bath_difficulty", "yes");
	put(&a, "bath_why", "pain");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_int_equal(r.decision.n_unable, 1);
	assert_int_equal(r.elig.outcomes[1], ELIG_PAIN_DISTRESS_ANXIETY);
	assert_false(r.may_be_eligible);
	expect_same_as_elig(&r);

	/* Two outcomes and wellbeing: may be eligible. */
	put(&a, "dress_difficulty", "yes");
	put(&a, "dress_why", "help");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_int_equal(r.decision.n_unable, 2);
	assert_string_equal(elig_outcome_key(false, r.decision.unable[0]), "personal_hygiene");
	assert_string_equal(elig_outcome_key(false, r.decision.unable[1]), "clothing");
	assert_true(r.may_be_eligible);
	expect_same_as_elig(&r);

	/* The same without the wellbeing impact: not. */
	put(&a, "wellbeing", "no");
	assert_int_equal(report(&a, &r), SN_OK);
	assert_false(r.may_be_eligible);
	expect_same_as_elig(&r);

	/* "None of these" indicates no outcome; a later answer about the same
	 * outcome replaces the way of an earlier one. */
	sc_answers_init(&a);
	put(&a, "health", "yes");
	put(&a, "wellbeing", "yes");
	put(&a, "move_difficulty", "yes");
	put(&a, "move_why", "other");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_int_equal(r.elig.outcomes[4], ELIG_ACHIEVED);
	put(&a, "move_why", "slow");
	put(&a, "fallen", "yes");
	assert_int_equal(report(&a, &r), SN_OK);
	assert_int_equal(r.elig.outcomes[4], ELIG_ENDANGERS_SAFETY); /* fallen comes later */
	assert_int_equal(r.decision.n_unable, 1);

	/* Every answer "no": nothing unable, not eligible, no suggestions. */
	sc_answers_init(&a);
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_int_equal(r.decision.n_unable, 0);
	assert_false(r.may_be_eligible);
	assert_int_equal(r.n_equipment + r.n_advice + r.n_codes + r.n_said, 0);
}

static void test_carer_path(void **state)
{
	(void)state;
	sc_answers a;
	sc_report r;
	sc_answers_init(&a);
	put(&a, "carer", "yes");
	put(&a, "carer_who", "adult");
	put(&a, "carer_impact", "yes");
	fill(shipped, &a);
	assert_false(sc_visible(shipped, &a, qi("child_hard")));
	assert_int_equal(report(&a, &r), SN_OK);
	assert_true(r.carer);
	assert_true(r.carer_assessment);
	assert_string_equal(shipped->advice[r.advice[0]].id, "carers_assessment");
	assert_string_equal(r.codes[0], "carers-support");

	put(&a, "carer_impact", "no");
	assert_int_equal(report(&a, &r), SN_OK);
	assert_true(r.carer);
	assert_false(r.carer_assessment);

	/* Looking after a child only: not a carer of an adult; the child outcome counts. */
	sc_answers_init(&a);
	put(&a, "carer", "yes");
	put(&a, "carer_who", "child");
	put(&a, "child_hard", "yes");
	fill(shipped, &a);
	assert_false(sc_visible(shipped, &a, qi("carer_impact")));
	assert_int_equal(report(&a, &r), SN_OK);
	assert_false(r.carer);
	assert_false(r.carer_assessment);
	assert_int_equal(r.elig.outcomes[9], ELIG_WITHOUT_ASSISTANCE); /* caring_for_child */
	assert_false(r.elig.carer);
}

static void test_loneliness(void **state)
{
	(void)state;
	sc_answers a;
	sc_report r;
	sc_answers_init(&a);
	put(&a, "lonely_often", "some_of_the_time");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_true(r.has_loneliness);
	assert_int_equal(r.loneliness_question, qi("lonely_often"));
	assert_int_equal(r.loneliness_choice, 3);
	assert_string_equal(r.codes[0], "befriending");
	json_t *o = sc_report_to_json(shipped, cat, &r);
	json_t *l = json_object_get(o, "loneliness");
	assert_string_equal(json_string_value(json_object_get(l, "answer")), "some_of_the_time");
	assert_string_equal(json_string_value(json_object_get(l, "label")), "Some of the time");
	assert_int_equal(json_integer_value(json_object_get(l, "level")), 4);
	assert_int_equal(json_integer_value(json_object_get(l, "of")), 5);
	json_decref(o);
}

static json_t *find_by(json_t *arr, const char *field, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(
	    arr, i, v) if (str_eq(json_string_value(json_object_get(v, field)), value)) return v;
	return NULL;
}

static void test_report_json(void **state)
{
	(void)state;
	sc_answers a;
	sc_report r;
	sc_answers_init(&a);
	put(&a, "health", "yes");
	put(&a, "wellbeing", "yes");
	put(&a, "fallen", "yes");
	put(&a, "bath_difficulty", "yes");
	put(&a, "bath_why", "falls");
	put(&a, "wash_reach", "yes");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	assert_true(r.may_be_eligible);
	json_t *o = sc_report_to_json(shipped, cat, &r);
	assert_string_equal(json_string_value(json_object_get(o, "set_id")), "daily-living");
	assert_int_equal(json_integer_value(json_object_get(o, "set_version")), 1);
	json_t *topics = json_object_get(o, "topics");
	json_t *washing = find_by(topics, "key", "washing");
	assert_non_null(washing);
	assert_string_equal(json_string_value(json_object_get(washing, "title")),
	                    "Washing and bathing");
	assert_int_equal(json_array_size(json_object_get(washing, "said")), 2);
	assert_null(find_by(topics, "key", "dressing")); /* nothing said: left out */

	json_t *board = find_by(json_object_get(o, "equipment"), "key", "bath_board");
	assert_non_null(board);
	assert_string_equal(json_string_value(json_object_get(board, "supply")), "loan");
	assert_true(strstr(json_string_value(json_object_get(board, "how_to_get")),
	                   "£22 towards it") != NULL);
	json_t *sponge = find_by(json_object_get(o, "equipment"), "key", "long_handled_sponge");
	assert_string_equal(json_string_value(json_object_get(sponge, "supply")), "buy");
	assert_true(strstr(json_string_value(json_object_get(sponge, "how_to_get")), "£3 to £10") !=
	            NULL);
	assert_null(find_by(json_object_get(o, "equipment"), "key", "pendant_alarm"));
	assert_non_null(find_by(json_object_get(o, "telecare"), "key", "pendant_alarm"));
	assert_non_null(find_by(json_object_get(o, "advice"), "id", "falls_prevention"));
	assert_true(json_array_size(json_object_get(o, "directory_codes")) >= 1);

	json_t *el = json_object_get(o, "eligibility");
	assert_true(json_is_true(json_object_get(el, "may_be_eligible")));
	assert_true(str_starts(json_string_value(json_object_get(el, "summary")),
	                       "Your answers suggest you may be eligible"));
	assert_int_equal(json_array_size(json_object_get(el, "outcomes")), 2);
	json_t *hyg = find_by(json_object_get(el, "outcomes"), "key", "personal_hygiene");
	assert_string_equal(json_string_value(json_object_get(hyg, "way")), "endangers_safety");
	json_t *decision = json_object_get(el, "decision");
	assert_true(json_is_true(json_object_get(decision, "eligible")));
	assert_int_equal(json_array_size(json_object_get(decision, "reasons")),
	                 r.decision.n_reasons);
	assert_true(json_is_null(json_object_get(json_object_get(o, "carer"), "summary")));
	json_decref(o);

	/* The intake record: each shown question's text and answer label. */
	json_t *rec = sc_answers_to_json(shipped, &a);
	assert_string_equal(json_string_value(json_object_get(rec, "set_id")), "daily-living");
	assert_int_equal(json_integer_value(json_object_get(rec, "set_version")), 1);
	json_t *why = find_by(json_object_get(rec, "answers"), "question", "bath_why");
	assert_string_equal(json_string_value(json_object_get(why, "label")),
	                    "I am afraid of falling, or it is not safe");
	assert_string_equal(json_string_value(json_object_get(why, "topic")),
	                    "Washing and bathing");
	assert_true(str_starts(json_string_value(json_object_get(why, "text")), "Is that because"));
	assert_null(find_by(json_object_get(rec, "answers"), "question", "carer_who"));
	json_decref(rec);
}

/* ---- set validation ---- */

/* small_set with `from` replaced by `to` (once). */
static char *variant(const char *from, const char *to)
{
	const char *at = strstr(small_set, from);
	assert_non_null(at);
	size_t n = strlen(small_set) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(at - small_set), small_set, to, at + strlen(from));
	return out;
}

static void expect_set_error(const char *from, const char *to, const char *prefix)
{
	char *json = variant(from, to);
	sc_set *s = sc_set_new();
	char err[512] = "";
	sn_err rc = sc_set_from_json(json, strlen(json), s, err, sizeof err);
	if (rc != SN_EINPUT || !str_starts(err, prefix) || strchr(err, '\n')) {
		fprintf(stderr, "replacing %s by %s: want SN_EINPUT and '%s...', got %d '%s'\n",
		        from, to, prefix, rc, err);
		fail();
	}
	assert_int_equal(s->n_questions, 0); /* zeroed on failure */
	sc_set_free(s);
	free(json);
}

/* Each advice carries the directory codes its answers gave with it, the
 * report's notes are for people (never the catalogue's own note), and each
 * item has one wording for how to get it (issue 15). */
static void test_advice_codes_and_notes(void **state)
{
	(void)state;
	sc_answers a;
	sc_report r;
	sc_answers_init(&a);
	put(&a, "health", "yes");
	put(&a, "fallen", "yes");
	put(&a, "cook_difficulty", "yes");
	put(&a, "cook_why", "slow");
	fill(shipped, &a);
	assert_int_equal(report(&a, &r), SN_OK);
	json_t *o = sc_report_to_json(shipped, cat, &r);
	json_t *falls = find_by(json_object_get(o, "advice"), "id", "falls_prevention");
	json_t *codes = json_object_get(falls, "directory_codes");
	assert_int_equal(json_array_size(codes), 2);
	assert_string_equal(json_string_value(json_array_get(codes, 0)), "falls-prevention");
	assert_string_equal(json_string_value(json_array_get(codes, 1)), "exercise");
	json_t *meals = find_by(json_object_get(o, "advice"), "id", "meals");
	assert_string_equal(json_string_value(json_array_get(json_object_get(meals, "directory_codes"), 0)), "meals");
	const char *note = json_string_value(json_object_get(o, "equipment_note"));
	assert_string_equal(note, SC_EQUIPMENT_NOTE);
	assert_null(strstr(note, "pence"));
	json_t *you = json_object_get(json_object_get(o, "eligibility"), "reasons_you");
	assert_true(json_array_size(you) >= 4);
	for (size_t i = 0; i < json_array_size(you); i++)
		assert_null(strstr(json_string_value(json_array_get(you, i)), "person"));
	char how[320];
	sc_item_how_to_get(sc_catalogue_find(cat, "pendant_alarm"), how, sizeof how);
	assert_non_null(strstr(how, "There may be a weekly charge"));
	json_t *alarm = find_by(json_object_get(o, "telecare"), "key", "pendant_alarm");
	assert_string_equal(json_string_value(json_object_get(alarm, "how_to_get")), how);
	json_decref(o);
}

static void test_set_errors(void **state)
{
	(void)state;
	expect_set_error("\"key\": \"walk\"", "\"key\": \"pets\"", "topics[1].questions[0].key:");
	expect_set_error("\"key\": \"three\"", "\"key\": \"two\"", "topics[2].key:");
	/* show_if: later, unknown, itself, not an answer of that question. */
	expect_set_error("{\"question\": \"pets\"", "{\"question\": \"tea\"",
	                 "topics[1].questions[0].show_if.question: \"tea\" comes later");
	expect_set_error("{\"question\": \"pets\"", "{\"question\": \"goats\"",
	                 "topics[1].questions[0].show_if.question: there is no question");
	expect_set_error(
	    "{\"question\": \"pets\"", "{\"question\": \"walk\"",
	    "topics[1].questions[0].show_if.question: a question cannot depend on itself");
	expect_set_error("\"answers\": [\"no\"]", "\"answers\": [\"legs\"]",
	                 "topics[1].questions[1].show_if.answers[0]:");
	expect_set_error("\"answers\": [\"no\"]", "\"answers\": []",
	                 "topics[1].questions[1].show_if.answers:");
	/* Effects: unknown outcome, a way of none, unknown flag, unknown advice,
	 * an answer that is not one. */
	expect_set_error(
	    "\"kind\": \"yes_no\"}]},",
	    "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"needs\": [{\"outcome\": "
	    "\"gardening\", \"way\": \"takes_longer\"}]}}}]},",
	    "topics[0].questions[0].effects.yes.needs[0].outcome: \"gardening\" is not one of");
	expect_set_error("\"kind\": \"yes_no\"}]},",
	                 "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"needs\": [{\"outcome\": "
	                 "\"nutrition\", \"way\": \"none\"}]}}}]},",
	                 "topics[0].questions[0].effects.yes.needs[0].way:");
	expect_set_error(
	    "\"kind\": \"yes_no\"}]},",
	    "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"flags\": [\"happy\"]}}}]},",
	    "topics[0].questions[0].effects.yes.flags[0]:");
	expect_set_error(
	    "\"kind\": \"yes_no\"}]},",
	    "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"advice\": [\"knitting\"]}}}]},",
	    "topics[0].questions[0].effects.yes.advice[0]: \"knitting\" is not an id");
	expect_set_error("\"kind\": \"yes_no\"}]},",
	                 "\"kind\": \"yes_no\", \"effects\": {\"maybe\": {}}}]},",
	                 "topics[0].questions[0].effects.maybe:");
	expect_set_error(
	    "\"kind\": \"yes_no\"}]},",
	    "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"directory\": [\"Lunch Club\"]}}}]},",
	    "topics[0].questions[0].effects.yes.directory[0]:");
	expect_set_error(
	    "\"kind\": \"yes_no\"}]},",
	    "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"directory\": [\"meals\", "
	    "\"meals\"]}}}]},",
	    "topics[0].questions[0].effects.yes.directory[1]: \"meals\" is listed twice");
	expect_set_error("\"kind\": \"yes_no\"}]},",
	                 "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"colour\": \"red\"}}}]},",
	                 "topics[0].questions[0].effects.yes.colour: unknown field");
	/* Questions and topics. */
	expect_set_error("\"kind\": \"yes_no\"}]},", "\"kind\": \"maybe\"}]},",
	                 "topics[0].questions[0].kind:");
	expect_set_error("\"kind\": \"yes_no\"}]},", "\"kind\": \"yes_no\", \"choices\": []}]},",
	                 "topics[0].questions[0].choices:");
	expect_set_error("\"kind\": \"yes_no\"}]},",
	                 "\"kind\": \"yes_no\", \"measures\": \"loneliness\"}]},",
	                 "topics[0].questions[0].measures:");
	expect_set_error("{\"key\": \"rain\", \"label\": \"Rain\"}",
	                 "{\"key\": \"legs\", \"label\": \"Rain\"}",
	                 "topics[1].questions[1].choices[1].key:");
	expect_set_error("\"text\": \"Tea?\"", "\"text\": \"\"", "topics[2].questions[0].text:");
	expect_set_error("\"text\": \"Tea?\"", "\"text\": \"Tea\\nor coffee?\"",
	                 "topics[2].questions[0].text:");
	expect_set_error("\"text\": \"Tea?\"", "\"text\": \"Tea?\", \"colour\": 1",
	                 "topics[2].questions[0].colour: unknown field");
	expect_set_error("\"key\": \"tea\"", "\"key\": \"Tea Time\"",
	                 "topics[2].questions[0].key:");
	expect_set_error("\"key\": \"three\", \"title\": \"Three\"",
	                 "\"key\": \"three\", \"title\": \"Three\", \"x\": 1",
	                 "topics[2].x: unknown field");
	/* The top level. */
	expect_set_error("\"version\": 3", "\"version\": 0", "version:");
	expect_set_error("\"version\": 3", "\"version\": \"3\"", "version:");
	expect_set_error("\"id\": \"small\"", "\"id\": \"\"", "id:");
	expect_set_error("\"title\": \"Small\"", "\"title\": \"Small\", \"owner\": \"me\"",
	                 "owner: unknown field");
	expect_set_error("\"title\": \"Small\"",
	                 "\"title\": \"Small\", \"advice\": [{\"id\": \"a\", \"title\": \"A\", "
	                 "\"text\": \"A\"}, {\"id\": \"a\", \"title\": \"B\", \"text\": \"B\"}]",
	                 "advice[1].id:");
	expect_set_error("\"title\": \"Small\"", "\"title\": \"Small\", \"topics\": []", "input:");
	expect_set_error("{\"id\"", "[{\"id\"", "input:");

	/* An advice id that exists is fine; an equipment key only fails against the catalogue. */
	char *json =
	    variant("\"kind\": \"yes_no\"}]},",
	            "\"kind\": \"yes_no\", \"effects\": {\"yes\": {\"equipment\": [\"bath_board\", "
	            "\"hovercraft\"], \"said\": \"You have pets.\"}}}]},");
	sc_set *s = sc_set_new();
	char err[512] = "";
	assert_int_equal(sc_set_from_json(json, strlen(json), s, err, sizeof err), SN_OK);
	assert_int_equal(sc_set_check_catalogue(s, cat, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "topics[0].questions[0].effects.yes.equipment[1]: \"hovercraft\" "
	                         "is not in the equipment catalogue");
	/* The report skips what the catalogue lacks. */
	sc_answers a;
	sc_answers_init(&a);
	put(&a, "pets", "yes");
	put(&a, "walk", "yes");
	put(&a, "tea", "yes");
	sc_report r;
	assert_int_equal(sc_report_compute(s, cat, &a, &r), SN_OK);
	assert_int_equal(r.n_equipment, 1);
	assert_string_equal(cat->items[r.equipment[0]].key, "bath_board");
	sc_set_free(s);
	free(json);

	/* Too big. */
	s = sc_set_new();
	size_t n = SC_SET_INPUT_MAX + 1;
	char *big = malloc(n);
	memset(big, ' ', n);
	assert_int_equal(sc_set_from_json(big, n, s, err, sizeof err), SN_ETOOBIG);
	free(big);
	sc_set_free(s);
}

static void test_set_limits(void **state)
{
	(void)state;
	/* 81 questions in one topic: one too many. */
	buf b;
	buf_init(&b, 1u << 20);
	assert_int_equal(
	    buf_puts(&b, "{\"id\": \"big\", \"version\": 1, \"title\": \"Big\", \"topics\": "
	                 "[{\"key\": \"t\", \"title\": \"T\", \"questions\": ["),
	    SN_OK);
	for (int i = 0; i <= SC_MAX_QUESTIONS; i++)
		assert_int_equal(
		    buf_printf(&b, "%s{\"key\": \"q%d\", \"text\": \"Q?\", \"kind\": \"yes_no\"}",
		               i ? ", " : "", i),
		    SN_OK);
	assert_int_equal(buf_puts(&b, "]}]}"), SN_OK);
	sc_set *s = sc_set_new();
	char err[512] = "";
	assert_int_equal(sc_set_from_json(b.data, b.len, s, err, sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "topics[0].questions:"));
	buf_free(&b);
	sc_set_free(s);
	/* The structs the pages put on a thread's stack stay small. */
	assert_true(sizeof(sc_report) < 64 * 1024);
	assert_true(sizeof(sc_answers) < 16 * 1024);
	assert_true(sizeof(sc_problems) < 32 * 1024);
}

/* ---- the catalogue's errors ---- */

static void expect_catalogue_error(const char *items, const char *prefix)
{
	char json[2048];
	snprintf(json, sizeof json,
	         "{\"version\": 1, \"note\": \"Prices are illustrative.\", \"items\": [%s]}",
	         items);
	sc_catalogue *c = sc_catalogue_new();
	char err[512] = "";
	sn_err rc = sc_catalogue_from_json(json, strlen(json), c, err, sizeof err);
	if (rc != SN_EINPUT || !str_starts(err, prefix)) {
		fprintf(stderr, "%s: want SN_EINPUT and '%s...', got %d '%s'\n", items, prefix, rc,
		        err);
		fail();
	}
	assert_int_equal(c->n_items, 0);
	sc_catalogue_free(c);
}

#define LOAN_ITEM                                                                                  \
	"{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "                   \
	"\"outcomes\": [\"home_safety\"], \"supply\": \"loan\", \"standard_cost_pence\": "         \
	"2000, \"retail_credit_pence\": 1500}"

static void test_catalogue_errors(void **state)
{
	(void)state;
	const char *ok =
	    "{\"version\": 2, \"note\": \"Illustrative.\", \"items\": [" LOAN_ITEM
	    ", {\"key\": \"opener\", \"name\": \"Opener\", \"description\": \"Opens.\", "
	    "\"topics\": [\"cooking\"], \"supply\": \"buy\", \"price_min_pence\": 300, "
	    "\"price_max_pence\": 300}]}";
	sc_catalogue *c = sc_catalogue_new();
	char err[512] = "";
	assert_int_equal(sc_catalogue_from_json(ok, strlen(ok), c, err, sizeof err), SN_OK);
	assert_int_equal(c->version, 2);
	assert_int_equal(c->n_items, 2);
	assert_int_equal(c->items[0].retail_credit_pence, 1500);
	assert_false(c->items[0].telecare);
	assert_int_equal(c->items[1].supply, SC_BUY);
	sc_catalogue_free(c);
	sc_catalogue_free(NULL);

	expect_catalogue_error(LOAN_ITEM ", " LOAN_ITEM, "items[1].key:");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"home_safety\"], \"supply\": \"loan\", "
	    "\"standard_cost_pence\": 2000, \"retail_credit_pence\": 2500}",
	    "items[0].retail_credit_pence:");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"home_safety\"], \"supply\": \"loan\", "
	    "\"standard_cost_pence\": 20.5, \"retail_credit_pence\": 0}",
	    "items[0].standard_cost_pence:");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"home_safety\"], \"supply\": \"loan\", "
	    "\"standard_cost_pence\": 2000}",
	    "items[0].retail_credit_pence: missing");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"home_safety\"], \"supply\": \"buy\", "
	    "\"standard_cost_pence\": 2000, \"price_min_pence\": 1, \"price_max_pence\": 2}",
	    "items[0].standard_cost_pence:");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"home_safety\"], \"supply\": \"buy\", "
	    "\"price_min_pence\": 500, \"price_max_pence\": 200}",
	    "items[0].price_max_pence:");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"gardening\"], \"supply\": \"buy\", "
	    "\"price_min_pence\": 500, \"price_max_pence\": 600}",
	    "items[0].outcomes[0]:");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"supply\": \"buy\", \"price_min_pence\": 500, \"price_max_pence\": 600}",
	    "items[0].outcomes: the item must meet a need");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"home_safety\"], \"supply\": \"hire\"}",
	    "items[0].supply:");
	expect_catalogue_error(
	    "{\"key\": \"rail\", \"name\": \"Rail\", \"description\": \"A rail.\", "
	    "\"outcomes\": [\"home_safety\"], \"telecare\": \"yes\", \"supply\": \"buy\", "
	    "\"price_min_pence\": 500, \"price_max_pence\": 600}",
	    "items[0].telecare:");
	expect_catalogue_error("{\"key\": \"rail\", \"price\": 1}",
	                       "items[0].price: unknown field");
	expect_catalogue_error("", "items: must have at least 1");
	const char *no_note = "{\"version\": 1, \"items\": [" LOAN_ITEM "]}";
	c = sc_catalogue_new();
	assert_int_equal(sc_catalogue_from_json(no_note, strlen(no_note), c, err, sizeof err),
	                 SN_EINPUT);
	assert_true(str_starts(err, "note: missing"));
	sc_catalogue_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_set),
	    cmocka_unit_test(test_shipped_catalogue),
	    cmocka_unit_test(test_branching),
	    cmocka_unit_test(test_pages),
	    cmocka_unit_test(test_missing_and_invalid),
	    cmocka_unit_test(test_answers),
	    cmocka_unit_test(test_answers_from_fields),
	    cmocka_unit_test(test_answers_from_json),
	    cmocka_unit_test(test_suggestions_deduplicated_and_ordered),
	    cmocka_unit_test(test_eligibility_indication),
	    cmocka_unit_test(test_carer_path),
	    cmocka_unit_test(test_loneliness),
	    cmocka_unit_test(test_report_json),
	    cmocka_unit_test(test_advice_codes_and_notes),
	    cmocka_unit_test(test_set_errors),
	    cmocka_unit_test(test_set_limits),
	    cmocka_unit_test(test_catalogue_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
