/* Unit tests for plan/plan_json: the support plan's document and sections
 * read from JSON with every limit checked and the field named, written back
 * the same, and the shipped sections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/plan.h"

static const char good[] =
	"{\"sections\":{\"about_me\":\"I am Rose.\\n\\nI garden.\"},"
	"\"outcomes\":[{\"id\":\"o1\",\"words\":\"Allotment every week\",\"how\":\"PA drives\","
	"\"who\":\"PA\",\"goal\":{\"weight\":2,\"levels\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}},"
	"{\"id\":\"o2\",\"words\":\"Lunch club\"}],"
	"\"circle\":[{\"id\":\"c1\",\"name\":\"Sam\",\"relationship\":\"son\",\"ring\":\"intimate\"}],"
	"\"decisions\":[{\"id\":\"d1\",\"decision\":\"Money\",\"who\":\"Me\",\"involve\":\"\"}],"
	"\"risks\":[{\"id\":\"k1\",\"risk\":\"Falls\",\"managed\":\"Stick\",\"who\":\"Me\"}],"
	"\"lines\":[{\"id\":\"l1\",\"what\":\"PA\",\"outcome\":\"o1\",\"weekly_pence\":16000,"
	"\"deployment\":\"direct_payment\",\"holder\":\"person\",\"pool\":\"\"},"
	"{\"id\":\"l2\",\"what\":\"Bus\",\"outcome\":\"o1\",\"weekly_pence\":850,"
	"\"deployment\":\"council_managed\"},"
	"{\"id\":\"l3\",\"what\":\"Club\",\"weekly_pence\":1,\"deployment\":\"isf\",\"holder\":\"Age UK\"}]}";

/* Reads text as a document against the shipped sections: SN_OK or the
 * error, with field and why. */
static sn_err read_doc(const char *text, arena *a, plan_doc *d, char *field, char *why)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	sn_err rc = plan_doc_from_json(j, plan_sections_standard(), a, d, field, 96, why, 160);
	json_decref(j);
	return rc;
}

static void test_standard_sections(void **state)
{
	(void)state;
	const plan_sections *s = plan_sections_standard();
	assert_non_null(s);
	assert_string_equal(s->name, "standard");
	assert_int_equal(s->n, 12);
	assert_string_equal(s->sec[0].key, "about_me");
	assert_int_equal(s->sec[5].type, PLAN_SEC_OUTCOMES);
	assert_int_equal(s->sec[11].type, PLAN_SEC_LINES);
}

static void test_good_and_round_trip(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc d, d2;
	char field[96], why[160];
	assert_int_equal(read_doc(good, a, &d, field, why), SN_OK);
	assert_int_equal(d.n_outcomes, 2);
	assert_true(d.outcomes[0].has_goal);
	assert_int_equal(d.outcomes[0].weight, 2);
	assert_false(d.outcomes[1].has_goal);
	assert_string_equal(plan_doc_text(&d, "about_me"), "I am Rose.\n\nI garden.");
	assert_string_equal(plan_doc_text(&d, "bad_day"), "");
	assert_int_equal(plan_doc_lines_total(&d, NULL), 16851);
	assert_int_equal(plan_doc_lines_total(&d, "o1"), 16850);
	assert_int_equal(plan_doc_lines_total(&d, "o2"), 0);
	assert_int_equal(d.lines[2].deploy, DEPLOY_ISF);
	assert_int_equal(d.circle[0].ring, RING_INTIMATE);
	/* Written and read again: the same document, every list whole. */
	json_t *j = plan_doc_to_json(&d);
	assert_int_equal(json_array_size(json_object_get(j, "lines")), 3);
	assert_int_equal(json_array_size(json_object_get(j, "outcomes")), 2);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(j, "outcomes"), 1), "goal")));
	char *t1 = json_dumps(j, JSON_COMPACT);
	assert_int_equal(plan_doc_from_json(j, NULL, a, &d2, field, sizeof field, why, sizeof why), SN_OK);
	json_t *j2 = plan_doc_to_json(&d2);
	char *t2 = json_dumps(j2, JSON_COMPACT);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	json_decref(j);
	json_decref(j2);
	/* An empty document is a plan not yet written. */
	assert_int_equal(read_doc("{}", a, &d, field, why), SN_OK);
	assert_int_equal(d.n_lines + d.n_outcomes + d.n_text, 0);
	arena_free(a);
}

/* Each bad document is refused naming the field. */
static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *doc, *field;
	} cases[] = {
		{"[]", "plan"},
		{"{\"extra\":1}", "extra"},
		{"{\"sections\":{\"nosuch\":\"x\"}}", "sections.nosuch"},
		{"{\"sections\":{\"outcomes\":\"x\"}}", "sections.outcomes"},
		{"{\"sections\":{\"about_me\":5}}", "sections.about_me"},
		{"{\"sections\":{\"about_me\":\"a\\u0007b\"}}", "sections.about_me"},
		{"{\"outcomes\":{}}", "outcomes"},
		{"{\"outcomes\":[{\"words\":\"x\"}]}", "outcomes[0].id"},
		{"{\"outcomes\":[{\"id\":\"O1\",\"words\":\"x\"}]}", "outcomes[0].id"},
		{"{\"outcomes\":[{\"id\":\"o1\",\"words\":\"x\"},{\"id\":\"o1\",\"words\":\"y\"}]}", "outcomes[1].id"},
		{"{\"outcomes\":[{\"id\":\"o1\",\"words\":\"\"}]}", "outcomes[0].words"},
		{"{\"outcomes\":[{\"id\":\"o1\",\"words\":\"x\",\"colour\":\"red\"}]}", "outcomes[0].colour"},
		{"{\"outcomes\":[{\"id\":\"o1\",\"words\":\"x\",\"goal\":{\"weight\":0,\"levels\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}}]}", "outcomes[0].goal.weight"},
		{"{\"outcomes\":[{\"id\":\"o1\",\"words\":\"x\",\"goal\":{\"weight\":1,\"levels\":[\"a\",\"b\",\"c\",\"d\"]}}]}", "outcomes[0].goal.levels"},
		{"{\"outcomes\":[{\"id\":\"o1\",\"words\":\"x\",\"goal\":{\"weight\":1,\"levels\":[\"a\",\"b\",\"\",\"d\",\"e\"]}}]}", "outcomes[0].goal.levels[2]"},
		{"{\"circle\":[{\"id\":\"c1\",\"name\":\"x\",\"ring\":\"neighbours\"}]}", "circle[0].ring"},
		{"{\"circle\":[{\"id\":\"c1\",\"ring\":\"paid\"}]}", "circle[0].name"},
		{"{\"decisions\":[{\"id\":\"d1\"}]}", "decisions[0].decision"},
		{"{\"risks\":[{\"id\":\"k1\",\"risk\":\"\"}]}", "risks[0].risk"},
		{"{\"lines\":[{\"id\":\"l1\",\"what\":\"x\",\"weekly_pence\":-1,\"deployment\":\"isf\"}]}", "lines[0].weekly_pence"},
		{"{\"lines\":[{\"id\":\"l1\",\"what\":\"x\",\"weekly_pence\":1.5,\"deployment\":\"isf\"}]}", "lines[0].weekly_pence"},
		{"{\"lines\":[{\"id\":\"l1\",\"what\":\"x\",\"weekly_pence\":100000001,\"deployment\":\"isf\"}]}", "lines[0].weekly_pence"},
		{"{\"lines\":[{\"id\":\"l1\",\"what\":\"x\",\"weekly_pence\":1,\"deployment\":\"cash\"}]}", "lines[0].deployment"},
		{"{\"lines\":[{\"id\":\"l1\",\"what\":\"x\",\"weekly_pence\":1,\"deployment\":\"isf\",\"outcome\":\"o9\"}]}", "lines[0].outcome"},
		{"{\"lines\":[{\"id\":\"l1\",\"what\":\"x\",\"weekly_pence\":1,\"deployment\":\"isf\",\"pool\":\"abc\"}]}", "lines[0].pool"},
		{"{\"lines\":[{\"id\":\"l1\",\"weekly_pence\":1,\"deployment\":\"isf\"}]}", "lines[0].what"},
	};
	arena *a = arena_new();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		plan_doc d;
		char field[96] = "", why[160] = "";
		assert_int_equal(read_doc(cases[i].doc, a, &d, field, why), SN_EINPUT);
		if (strcmp(field, cases[i].field)) {
			fprintf(stderr, "case %zu: field %s (%s), wanted %s\n", i, field, why, cases[i].field);
			fail();
		}
		assert_true(strlen(why) > 5);
	}
	arena_free(a);
}

static void test_limits(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc d;
	char field[96], why[160];
	/* 4,000 characters (here 2 bytes each) is the most a text may have. */
	size_t n = PLAN_TEXT_MAX;
	char *doc = malloc(n * 2 + 64);
	strcpy(doc, "{\"sections\":{\"about_me\":\"");
	char *p = doc + strlen(doc);
	for (size_t i = 0; i < n; i++, p += 2)
		memcpy(p, "\xc3\xa9", 2);
	strcpy(p, "\"}}");
	assert_int_equal(read_doc(doc, a, &d, field, why), SN_OK);
	strcpy(p, "x\"}}");
	assert_int_equal(read_doc(doc, a, &d, field, why), SN_EINPUT);
	assert_string_equal(field, "sections.about_me");
	free(doc);
	/* 40 items in a list at most. */
	buf b;
	buf_init(&b, 1u << 20);
	buf_puts(&b, "{\"risks\":[");
	for (int i = 0; i < PLAN_LIST_MAX + 1; i++)
		buf_printf(&b, "%s{\"id\":\"k%d\",\"risk\":\"r\"}", i ? "," : "", i);
	buf_puts(&b, "]}");
	assert_int_equal(read_doc(b.data, a, &d, field, why), SN_EINPUT);
	assert_string_equal(field, "risks");
	buf_free(&b);
	arena_free(a);
}

static void test_sections_errors(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"{\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"text\",\"heading\":\"A\"}]}",
		"{\"name\":\"x\",\"sections\":[{\"key\":\"a\",\"type\":\"text\",\"heading\":\"A\"}]}",
		"{\"name\":\"x\",\"version\":1,\"sections\":[]}",
		"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"A\",\"type\":\"text\",\"heading\":\"A\"}]}",
		"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"poem\",\"heading\":\"A\"}]}",
		"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"text\",\"heading\":\"\"}]}",
		"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"text\",\"heading\":\"A\"},{\"key\":\"a\",\"type\":\"text\",\"heading\":\"B\"}]}",
		"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"lines\",\"heading\":\"A\"},{\"key\":\"b\",\"type\":\"lines\",\"heading\":\"B\"}]}",
	};
	arena *a = arena_new();
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = json_loads(bad[i], 0, NULL);
		plan_sections s;
		char why[200] = "";
		assert_int_equal(plan_sections_from_json(j, a, &s, why, sizeof why), SN_EINPUT);
		assert_true(strchr(why, ':') != NULL);
		json_decref(j);
	}
	arena_free(a);
}

/* A council's sections: text sections renamed, reordered, added or
 * removed are fine; the structured ones plans hold must each stay. */
#define STRUCTURED                                                                     \
	"{\"key\":\"outcomes\",\"type\":\"outcomes\",\"heading\":\"O\"},"             \
	"{\"key\":\"circle\",\"type\":\"circle\",\"heading\":\"C\"},"                  \
	"{\"key\":\"decisions\",\"type\":\"decisions\",\"heading\":\"D\"},"            \
	"{\"key\":\"risks\",\"type\":\"risks\",\"heading\":\"R\"},"                    \
	"{\"key\":\"lines\",\"type\":\"lines\",\"heading\":\"L\"}"

/* Reads text as a sections document: SN_OK, or the error with why. */
static sn_err read_sections(const char *text, arena *a, plan_sections *s, char *why, size_t n)
{
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	sn_err rc = plan_sections_from_json(j, a, s, why, n);
	json_decref(j);
	return rc;
}

static void test_sections_council(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_sections s;
	char why[300] = "";
	/* A new text section first, the structured ones in another order, no
	 * guidance on some, a title. */
	assert_int_equal(read_sections("{\"name\":\"standard\",\"version\":2,\"title\":\"Plan\","
		"\"sections\":[{\"key\":\"all_about_me\",\"type\":\"text\",\"heading\":\"All about me\","
		"\"guidance\":\"In your words.\"}," STRUCTURED "]}", a, &s, why, sizeof why), SN_OK);
	assert_int_equal(s.n, 6);
	assert_int_equal(s.version, 2);
	assert_string_equal(s.sec[0].heading, "All about me");
	assert_string_equal(s.sec[1].guidance, "");
	/* No text sections at all is allowed too. */
	assert_int_equal(read_sections("{\"name\":\"standard\",\"version\":2,\"sections\":["
		STRUCTURED "]}", a, &s, why, sizeof why), SN_OK);
	static const struct {
		const char *doc, *why;
	} bad[] = {
		/* each structured section must be there */
		{"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"text\",\"heading\":\"A\"}]}",
		 "sections: has no outcomes section"},
		{"{\"name\":\"x\",\"version\":1,\"sections\":["
		 "{\"key\":\"outcomes\",\"type\":\"outcomes\",\"heading\":\"O\"},"
		 "{\"key\":\"circle\",\"type\":\"circle\",\"heading\":\"C\"},"
		 "{\"key\":\"decisions\",\"type\":\"decisions\",\"heading\":\"D\"},"
		 "{\"key\":\"lines\",\"type\":\"lines\",\"heading\":\"L\"}]}",
		 "sections: has no risks section"},
		{"{\"name\":\"x\",\"version\":1,\"sections\":[" STRUCTURED
		 ",{\"key\":\"risks\",\"type\":\"text\",\"heading\":\"Again\"}]}",
		 "sections[5].key: risks is used twice"},
		{"{\"name\":\"x\",\"version\":1,\"sections\":[" STRUCTURED
		 ",{\"key\":\"more\",\"type\":\"risks\",\"heading\":\"More\"}]}",
		 "sections[5].type: only one risks section"},
		/* no unknown fields, at any level */
		{"{\"name\":\"x\",\"version\":1,\"colour\":\"red\",\"sections\":[" STRUCTURED "]}",
		 "colour: is not a field"},
		{"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"text\","
		 "\"heading\":\"A\",\"guidence\":\"typo\"}," STRUCTURED "]}",
		 "sections[0].guidence: is not a field"},
		{"{\"name\":\"x\",\"version\":1,\"sections\":[{\"key\":\"a\",\"type\":\"text\","
		 "\"heading\":\"A\",\"guidance\":7}," STRUCTURED "]}",
		 "sections[0].guidance: must be text"},
		{"{\"name\":\"x\",\"version\":1,\"sections\":[\"a\"," STRUCTURED "]}",
		 "sections[0]: must be an object"},
		{"{\"name\":\"x\",\"version\":1000001,\"sections\":[" STRUCTURED "]}",
		 "version: must be a whole number from 1 to 1000000"},
		{"{\"name\":\"x\",\"version\":1,\"title\":2,\"sections\":[" STRUCTURED "]}",
		 "title: must be text"},
		{"[1]", "sections document: must be a JSON object"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why[0] = 0;
		assert_int_equal(read_sections(bad[i].doc, a, &s, why, sizeof why), SN_EINPUT);
		if (!str_starts(why, bad[i].why))
			fail_msg("case %zu: %s", i, why);
	}
	arena_free(a);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(plan_ring_parse("paid"), RING_PAID);
	assert_int_equal(plan_ring_parse("PAID"), RING_COUNT);
	assert_int_equal(plan_deploy_parse("isf"), DEPLOY_ISF);
	assert_int_equal(plan_deploy_parse(NULL), DEPLOY_COUNT);
	assert_string_equal(plan_deploy_key(DEPLOY_COUNCIL), "council_managed");
	assert_null(plan_ring_label(RING_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_standard_sections),
	    cmocka_unit_test(test_good_and_round_trip),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_sections_errors),
	    cmocka_unit_test(test_sections_council),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
