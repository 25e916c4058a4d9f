/* Unit tests for plan/plan_diff: two versions of a plan compared side by side, texts word by
 * word and lists item by item, with the caps on the work. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/plan_show.h"

static const plan_sections SECS = {
    .name = "test",
    .version = 1,
    .n = 6,
    .sec =
        {
            {"about_me", "About me", "", PLAN_SEC_TEXT},
            {"outcomes", "My outcomes", "", PLAN_SEC_OUTCOMES},
            {"circle", "My circle of support", "", PLAN_SEC_CIRCLE},
            {"decisions", "Decisions", "", PLAN_SEC_DECISIONS},
            {"risks", "Risks", "", PLAN_SEC_RISKS},
            {"lines", "How the money is used", "", PLAN_SEC_LINES},
        },
};

enum { ROW_ABOUT, ROW_OUTCOMES, ROW_CIRCLE, ROW_DECISIONS, ROW_RISKS, ROW_LINES };

static plan_doc *new_doc(void)
{
	plan_doc *d = calloc(1, sizeof *d);
	assert_non_null(d);
	return d;
}

static void set_text(plan_doc *d, const char *key, const char *text)
{
	for (size_t i = 0; i < d->n_text; i++)
		if (strcmp(d->text[i].key, key) == 0) {
			d->text[i].text = text;
			return;
		}
	d->text[d->n_text].key = key;
	d->text[d->n_text++].text = text;
}

/* Rose's plan: a little of everything. */
static plan_doc *rose(void)
{
	plan_doc *d = new_doc();
	set_text(d, "about_me", "I am Rose. I like my garden.\n\nI live on my own.");
	d->n_outcomes = 2;
	d->outcomes[0] = (plan_outcome){.id = "o1",
	                                .words = "Get to the allotment twice a week",
	                                .how = "A PA drives me",
	                                .who = "My PA"};
	d->outcomes[1] =
	    (plan_outcome){.id = "o2",
	                   .words = "Cook my own meals",
	                   .how = "Adapted kitchen",
	                   .who = "Me",
	                   .has_goal = true,
	                   .weight = 2,
	                   .levels = {"none", "one a week", "three a week", "five", "all"}};
	d->n_circle = 2;
	d->circle[0] = (plan_person){
	    .id = "p1", .name = "Ann", .relationship = "my daughter", .ring = RING_FRIENDS};
	d->circle[1] =
	    (plan_person){.id = "p2", .name = "Sam", .relationship = "my PA", .ring = RING_PAID};
	d->n_decisions = 1;
	d->decisions[0] = (plan_decision){
	    .id = "d1", .decision = "What I eat", .who = "I decide", .involve = "Ask me"};
	d->n_risks = 1;
	d->risks[0] = (plan_risk){.id = "r1",
	                          .risk = "Falls in the garden",
	                          .managed = "A pendant alarm",
	                          .who = "Me and Ann"};
	d->n_lines = 1;
	d->lines[0] = (plan_line){.id = "l1",
	                          .what = "A personal assistant",
	                          .outcome = "o1",
	                          .weekly_pence = 12000,
	                          .deploy = DEPLOY_DIRECT_PAYMENT,
	                          .holder = "person"};
	return d;
}

/* A column as one string: removed as [-...-], added as {+...+}. */
static char *marked(const plan_diff_column *c)
{
	size_t n = 1;
	for (size_t i = 0; i < c->n; i++)
		n += strlen(c->chunk[i].text) + 4;
	char *s = calloc(1, n), *p = s;
	for (size_t i = 0; i < c->n; i++) {
		const char *open = c->chunk[i].op == PLAN_DIFF_REMOVED ? "[-"
		                   : c->chunk[i].op == PLAN_DIFF_ADDED ? "{+"
		                                                       : "";
		const char *close = c->chunk[i].op == PLAN_DIFF_REMOVED ? "-]"
		                    : c->chunk[i].op == PLAN_DIFF_ADDED ? "+}"
		                                                        : "";
		p += snprintf(p, n - (size_t)(p - s), "%s%s%s", open, c->chunk[i].text, close);
	}
	return s;
}

static void assert_column(const plan_diff_column *c, const char *want)
{
	char *s = marked(c);
	if (strcmp(s, want) != 0)
		fprintf(stderr, "column:\n%s\nwanted:\n%s\n", s, want);
	assert_string_equal(s, want);
	free(s);
}

static bool has_change(const plan_diff_row *r, const char *sentence)
{
	for (size_t i = 0; i < r->n_changes; i++)
		if (strcmp(r->changes[i], sentence) == 0)
			return true;
	for (size_t i = 0; i < r->n_changes; i++)
		fprintf(stderr, "change: %s\n", r->changes[i]);
	return false;
}

static plan_diff compare(arena *a, const plan_doc *o, const plan_doc *n)
{
	plan_diff d;
	assert_int_equal(plan_diff_make(&SECS, o, n, a, &d), SN_OK);
	assert_int_equal(d.n_rows, SECS.n);
	return d;
}

static void test_identical(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	plan_diff d = compare(a, o, n);
	assert_false(d.changed);
	for (size_t i = 0; i < d.n_rows; i++) {
		assert_false(d.rows[i].changed);
		assert_int_equal(d.rows[i].n_changes, 0);
		for (size_t c = 0; c < d.rows[i].older.n; c++)
			assert_int_equal(d.rows[i].older.chunk[c].op, PLAN_DIFF_SAME);
		for (size_t c = 0; c < d.rows[i].newer.n; c++)
			assert_int_equal(d.rows[i].newer.chunk[c].op, PLAN_DIFF_SAME);
	}
	assert_string_equal(d.rows[ROW_ABOUT].heading, "About me");
	assert_column(&d.rows[ROW_ABOUT].older,
	              "I am Rose. I like my garden.\n\nI live on my own.");
	assert_column(
	    &d.rows[ROW_LINES].newer,
	    "What: A personal assistant\nCost: £120 a week\nPaid as: a direct payment\n"
	    "Held by: the person\nMeets the outcome: Get to the allotment twice a week\n");
	/* Empty plans are the same too. */
	plan_doc *e1 = new_doc(), *e2 = new_doc();
	d = compare(a, e1, e2);
	assert_false(d.changed);
	assert_int_equal(d.rows[ROW_ABOUT].older.n, 0);
	free(o);
	free(n);
	free(e1);
	free(e2);
	arena_free(a);
}

static void test_word_in_the_middle(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	set_text(o, "about_me", "I like walking in the park every morning with my dog.");
	set_text(n, "about_me", "I like walking in the old garden every morning with my dog.");
	plan_diff d = compare(a, o, n);
	assert_true(d.changed);
	assert_true(d.rows[ROW_ABOUT].changed);
	assert_false(d.rows[ROW_ABOUT].whole);
	assert_false(d.rows[ROW_OUTCOMES].changed);
	assert_column(&d.rows[ROW_ABOUT].older,
	              "I like walking in the [-park-] every morning with my dog.");
	assert_column(&d.rows[ROW_ABOUT].newer,
	              "I like walking in the {+old garden+} every morning with my dog.");
	/* Words at the end mark only themselves. */
	set_text(o, "about_me", "I like tea");
	set_text(n, "about_me", "I like tea and cake");
	d = compare(a, o, n);
	assert_column(&d.rows[ROW_ABOUT].older, "I like tea");
	assert_column(&d.rows[ROW_ABOUT].newer, "I like tea {+and cake+}");
	/* Spacing alone is no change. */
	set_text(o, "about_me", "I like  tea.\n");
	set_text(n, "about_me", "I like tea.");
	d = compare(a, o, n);
	assert_false(d.changed);
	free(o);
	free(n);
	arena_free(a);
}

static void test_paragraphs(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	set_text(o, "about_me", "First para.\n\nSecond para here.");
	set_text(n, "about_me", "First para.\n\nA new one.\n\nSecond para here.");
	plan_diff d = compare(a, o, n);
	assert_column(&d.rows[ROW_ABOUT].older, "First para.\n\nSecond para here.");
	assert_column(&d.rows[ROW_ABOUT].newer,
	              "First para.\n\n{+A new one.+}\n\nSecond para here.");
	/* A paragraph split shows where the break came. */
	set_text(o, "about_me", "One two three four");
	set_text(n, "about_me", "One two\n\nthree four");
	d = compare(a, o, n);
	assert_true(d.rows[ROW_ABOUT].changed);
	assert_column(&d.rows[ROW_ABOUT].older, "One [-two-] three four");
	assert_column(&d.rows[ROW_ABOUT].newer, "One {+two+}\n\nthree four");
	/* A whole paragraph removed, lines kept. */
	set_text(o, "about_me", "Line one\nline two\n\nGone now.\n\nLast.");
	set_text(n, "about_me", "Line one\nline two\n\nLast.");
	d = compare(a, o, n);
	assert_column(&d.rows[ROW_ABOUT].older, "Line one\nline two\n\n[-Gone now.-]\n\nLast.");
	assert_column(&d.rows[ROW_ABOUT].newer, "Line one\nline two\n\nLast.");
	free(o);
	free(n);
	arena_free(a);
}

static void test_outcomes(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	/* o1 changed, o2 removed, o3 added. */
	n->outcomes[0].words = "Get to the allotment three times a week";
	n->outcomes[0].who = "My PA or Ann";
	n->outcomes[1] = (plan_outcome){.id = "o3", .words = "See my sister", .how = "Bus"};
	plan_diff d = compare(a, o, n);
	const plan_diff_row *r = &d.rows[ROW_OUTCOMES];
	assert_true(r->changed);
	assert_true(has_change(r, "Outcome “Get to the allotment three times a week”: the words "
	                          "changed from “Get to the allotment twice a week” to “Get to the "
	                          "allotment three times a week”."));
	assert_true(has_change(r, "Outcome “Get to the allotment three times a week”: who changed "
	                          "from “My PA” to “My PA or Ann”."));
	assert_true(has_change(r, "Outcome added: “See my sister”."));
	assert_true(has_change(r, "Outcome removed: “Cook my own meals”."));
	assert_int_equal(r->n_changes, 4);
	assert_column(&r->older,
	              "Outcome: Get to the allotment [-twice-] a week\nHow it will be met: A PA "
	              "drives me\nWho: My PA\nWhat it costs: £120 a week\n\n"
	              "[-Outcome: Cook my own meals\nHow it will be met: Adapted kitchen\nWho: Me\n"
	              "Scaled goal: weight 2\nMuch less than expected (-2): none\n"
	              "Less than expected (-1): one a week\nExpected (0): three a week\n"
	              "More than expected (+1): five\nMuch more than expected (+2): all\n-]");
	assert_column(
	    &r->newer,
	    "Outcome: Get to the allotment {+three times+} a week\nHow it will be met: A PA "
	    "drives me\nWho: My PA {+or Ann+}\nWhat it costs: £120 a week\n\n"
	    "{+Outcome: See my sister\nHow it will be met: Bus\n+}");
	/* A goal dropped is one sentence, not six. */
	plan_doc *n2 = rose();
	n2->outcomes[1].has_goal = false;
	d = compare(a, o, n2);
	r = &d.rows[ROW_OUTCOMES];
	assert_int_equal(r->n_changes, 1);
	assert_true(has_change(r, "Outcome “Cook my own meals”: the scaled goal was removed."));
	/* Reordered, nothing else. */
	plan_doc *n3 = rose();
	n3->outcomes[0] = o->outcomes[1];
	n3->outcomes[1] = o->outcomes[0];
	d = compare(a, o, n3);
	assert_int_equal(d.rows[ROW_OUTCOMES].n_changes, 1);
	assert_true(has_change(&d.rows[ROW_OUTCOMES], "The order changed."));
	free(o);
	free(n);
	free(n2);
	free(n3);
	arena_free(a);
}

static void test_line_cost_and_ring(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	n->lines[0].weekly_pence = 14000;
	n->lines[0].deploy = DEPLOY_ISF;
	n->lines[0].holder = "Good Care Ltd";
	n->circle[0].ring = RING_INTIMATE;
	plan_diff d = compare(a, o, n);
	const plan_diff_row *r = &d.rows[ROW_LINES];
	assert_true(r->changed);
	assert_true(has_change(r, "Line “A personal assistant”: the cost changed from £120 a week "
	                          "to £140 a week."));
	assert_true(has_change(r, "Line “A personal assistant”: how it is paid changed from “a "
	                          "direct payment” to “an individual service fund”."));
	assert_true(has_change(r, "Line “A personal assistant”: who holds it changed from “the "
	                          "person” to “Good Care Ltd”."));
	assert_int_equal(r->n_changes, 3);
	assert_column(&r->older,
	              "What: A personal assistant\nCost: [-£120 a week-]\nPaid as: [-a "
	              "direct payment-]\nHeld by: [-the person-]\nMeets the outcome: Get to "
	              "the allotment twice a week\n");
	assert_column(&r->newer, "What: A personal assistant\nCost: {+£140 a week+}\nPaid as: {+an "
	                         "individual service fund+}\nHeld by: {+Good Care Ltd+}\nMeets the "
	                         "outcome: Get to the allotment twice a week\n");
	/* The outcome the line meets costs more too. */
	assert_true(has_change(&d.rows[ROW_OUTCOMES],
	                       "Outcome “Get to the allotment twice a week”: what it costs changed "
	                       "from £120 a week to £140 a week."));
	assert_true(has_change(&d.rows[ROW_CIRCLE], "Person “Ann”: the ring changed from “friends "
	                                            "and family” to “closest to me”."));
	assert_false(d.rows[ROW_DECISIONS].changed);
	assert_false(d.rows[ROW_RISKS].changed);
	/* Money over a thousand pounds, and pence. */
	n->lines[0].weekly_pence = 123456;
	d = compare(a, o, n);
	assert_true(has_change(&d.rows[ROW_LINES], "Line “A personal assistant”: the cost changed "
	                                           "from £120 a week to £1,234.56 a week."));
	free(o);
	free(n);
	arena_free(a);
}

/* Chunks' texts joined, marks dropped. */
static char *plain(const plan_diff_column *c)
{
	size_t n = 1;
	for (size_t i = 0; i < c->n; i++)
		n += strlen(c->chunk[i].text);
	char *s = calloc(1, n);
	for (size_t i = 0, len = 0; i < c->n; i++) {
		size_t k = strlen(c->chunk[i].text);
		memcpy(s + len, c->chunk[i].text, k);
		len += k;
	}
	return s;
}

/* Ids repeated (which the document's reader refuses) still show every
 * item's words on its side. */
static void test_repeated_ids(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	snprintf(o->outcomes[1].id, sizeof o->outcomes[1].id, "o1");
	snprintf(n->outcomes[1].id, sizeof n->outcomes[1].id, "o1");
	n->outcomes[1].how = "A new kitchen";
	plan_diff d = compare(a, o, n);
	char *old = plain(&d.rows[ROW_OUTCOMES].older), *new = plain(&d.rows[ROW_OUTCOMES].newer);
	assert_non_null(
	    strstr(old, "Outcome: Cook my own meals\nHow it will be met: Adapted kitchen"));
	assert_non_null(
	    strstr(new, "Outcome: Cook my own meals\nHow it will be met: A new kitchen"));
	assert_non_null(strstr(new, "Outcome: Get to the allotment twice a week\n"));
	free(old);
	free(new);
	free(o);
	free(n);
	arena_free(a);
}

/* n words "w0 w1 ..." (each different) into a new string. */
static char *words(size_t n, const char *stem)
{
	char *s = calloc(1, n * 12 + 1), *p = s;
	for (size_t i = 0; i < n; i++)
		p += snprintf(p, n * 12 + 1 - (size_t)(p - s), "%s%s%zu", i ? " " : "", stem, i);
	return s;
}

static void test_over_the_caps(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	/* Too many words: replaced whole. */
	char *long_o = words(PLAN_DIFF_WORDS_MAX + 1, "w"), *long_n = strdup(long_o);
	long_n[1] = 'X';
	set_text(o, "about_me", long_o);
	set_text(n, "about_me", long_n);
	plan_diff d = compare(a, o, n);
	const plan_diff_row *r = &d.rows[ROW_ABOUT];
	assert_true(r->changed);
	assert_true(r->whole);
	assert_int_equal(r->older.n, 1);
	assert_int_equal(r->older.chunk[0].op, PLAN_DIFF_REMOVED);
	assert_string_equal(r->older.chunk[0].text, long_o);
	assert_int_equal(r->newer.n, 1);
	assert_int_equal(r->newer.chunk[0].op, PLAN_DIFF_ADDED);
	assert_string_equal(r->newer.chunk[0].text, long_n);
	/* Within the words but too many edits: replaced whole. */
	char *a_words = words(PLAN_DIFF_EDITS_MAX / 2 + 10, "a"),
	     *b_words = words(PLAN_DIFF_EDITS_MAX / 2 + 10, "b");
	set_text(o, "about_me", a_words);
	set_text(n, "about_me", b_words);
	d = compare(a, o, n);
	assert_true(d.rows[ROW_ABOUT].whole);
	/* Under them: word by word, one word each side. */
	char *mid_o = words(1000, "w"), *mid_n = words(1000, "w");
	memcpy(strstr(mid_n, " w500 ") + 1, "x500", 4);
	set_text(o, "about_me", mid_o);
	set_text(n, "about_me", mid_n);
	d = compare(a, o, n);
	r = &d.rows[ROW_ABOUT];
	assert_false(r->whole);
	assert_int_equal(r->older.n, 3);
	assert_string_equal(r->older.chunk[1].text, "w500");
	assert_string_equal(r->newer.chunk[1].text, "x500");
	free(long_o);
	free(long_n);
	free(a_words);
	free(b_words);
	free(mid_o);
	free(mid_n);
	free(o);
	free(n);
	arena_free(a);
}

/* The longest common subsequence of two word lists, by the table. */
static size_t lcs_len(char **x, size_t nx, char **y, size_t ny)
{
	size_t t[41][41] = {{0}};
	for (size_t i = 1; i <= nx; i++)
		for (size_t j = 1; j <= ny; j++) {
			bool eq = x[i - 1][0] == y[j - 1][0] &&
			          (x[i - 1][1] == y[j - 1][1] || i == nx || j == ny);
			t[i][j] = eq ? t[i - 1][j - 1] + 1
			             : (t[i - 1][j] > t[i][j - 1] ? t[i - 1][j] : t[i][j - 1]);
		}
	return t[nx][ny];
}

/* Kept words of a column, one letter each, into out; returns how many. */
static size_t kept(const plan_diff_column *c, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->chunk[i].op == PLAN_DIFF_SAME)
			for (const char *p = c->chunk[i].text; *p; p++)
				if (*p >= 'a' && *p <= 'd')
					out[n++] = *p;
	out[n] = 0;
	return n;
}

/* Random short texts over four words and two breaks: the words kept are a
 * common subsequence as long as the table's, and each column is its text. */
static void test_against_the_table(void **state)
{
	(void)state;
	rng r;
	rng_seed(&r, 16);
	static char wx[40][3], wy[40][3];
	char *px[40], *py[40];
	for (int round = 0; round < 400; round++) {
		size_t nx = rng_below(&r, 40), ny = rng_below(&r, 40);
		char tx[200] = "", ty[200] = "";
		for (size_t i = 0; i < nx; i++) {
			wx[i][0] = (char)('a' + rng_below(&r, 4));
			wx[i][1] = rng_below(&r, 4) ? ' ' : '\n';
			px[i] = wx[i];
			snprintf(tx + strlen(tx), 4, "%c%s", wx[i][0],
			         i + 1 < nx ? (wx[i][1] == ' ' ? " " : "\n\n") : "");
		}
		for (size_t j = 0; j < ny; j++) {
			wy[j][0] = (char)('a' + rng_below(&r, 4));
			wy[j][1] = rng_below(&r, 4) ? ' ' : '\n';
			py[j] = wy[j];
			snprintf(ty + strlen(ty), 4, "%c%s", wy[j][0],
			         j + 1 < ny ? (wy[j][1] == ' ' ? " " : "\n\n") : "");
		}
		arena *a = arena_new();
		plan_doc *o = new_doc(), *n = new_doc();
		set_text(o, "about_me", tx);
		set_text(n, "about_me", ty);
		plan_diff d = compare(a, o, n);
		const plan_diff_row *row = &d.rows[ROW_ABOUT];
		char ko[64], kn[64], all[256] = "";
		size_t k1 = kept(&row->older, ko), k2 = kept(&row->newer, kn);
		assert_string_equal(ko, kn);
		assert_int_equal(k1, lcs_len(px, nx, py, ny));
		assert_int_equal(k2, k1);
		for (size_t i = 0; i < row->older.n; i++) {
			assert_int_not_equal(row->older.chunk[i].op, PLAN_DIFF_ADDED);
			snprintf(all + strlen(all), sizeof all - strlen(all), "%s",
			         row->older.chunk[i].text);
		}
		assert_string_equal(all, tx);
		all[0] = 0;
		for (size_t i = 0; i < row->newer.n; i++) {
			assert_int_not_equal(row->newer.chunk[i].op, PLAN_DIFF_REMOVED);
			snprintf(all + strlen(all), sizeof all - strlen(all), "%s",
			         row->newer.chunk[i].text);
		}
		assert_string_equal(all, ty);
		free(o);
		free(n);
		arena_free(a);
	}
}

/* Every outcome's every field long and changed in half its words: the
 * work cap ends word-by-word comparing, the rest is replaced whole, and it
 * all stays quick (pathological input). */
static void test_pathological(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = new_doc(), *n = new_doc();
	char *ow = words(900, "w"), *nw = words(900, "w");
	for (char *p = nw; (p = strchr(p, 'w')); p++)
		if ((p - nw) % 3 == 0)
			*p = 'y';
	o->n_outcomes = n->n_outcomes = PLAN_LIST_MAX;
	for (size_t i = 0; i < PLAN_LIST_MAX; i++) {
		plan_outcome *po = &o->outcomes[i], *pn = &n->outcomes[i];
		snprintf(po->id, sizeof po->id, "o%zu", i);
		snprintf(pn->id, sizeof pn->id, "o%zu", i);
		po->words = po->how = po->who = ow;
		pn->words = pn->how = pn->who = nw;
		po->has_goal = pn->has_goal = true;
		po->weight = pn->weight = 1;
		for (int l = 0; l < 5; l++) {
			po->levels[l] = ow;
			pn->levels[l] = nw;
		}
	}
	plan_diff d = compare(a, o, n);
	const plan_diff_row *r = &d.rows[ROW_OUTCOMES];
	assert_true(r->changed);
	assert_true(r->whole);
	assert_int_equal(r->n_changes, PLAN_LIST_MAX * 8);
	free(ow);
	free(nw);
	free(o);
	free(n);
	arena_free(a);
}

static void test_json(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *o = rose(), *n = rose();
	set_text(n, "about_me", "I am Rose. I love my garden.\n\nI live on my own.");
	plan_diff d = compare(a, o, n);
	json_t *j = plan_diff_to_json(&d);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "changed")));
	json_t *s0 = json_array_get(json_object_get(j, "sections"), 0);
	assert_string_equal(json_string_value(json_object_get(s0, "key")), "about_me");
	assert_string_equal(json_string_value(json_object_get(s0, "heading")), "About me");
	assert_string_equal(json_string_value(json_object_get(s0, "type")), "text");
	assert_true(json_is_true(json_object_get(s0, "changed")));
	assert_true(json_is_false(json_object_get(s0, "whole")));
	json_t *old = json_object_get(s0, "old"), *new = json_object_get(s0, "new");
	assert_int_equal(json_array_size(old), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(old, 1), "op")),
	                    "removed");
	assert_string_equal(json_string_value(json_object_get(json_array_get(old, 1), "text")),
	                    "like");
	assert_string_equal(json_string_value(json_object_get(json_array_get(new, 1), "op")),
	                    "added");
	json_t *s5 = json_array_get(json_object_get(j, "sections"), 5);
	assert_string_equal(json_string_value(json_object_get(s5, "type")), "lines");
	assert_int_equal(json_array_size(json_object_get(s5, "changes")), 0);
	json_decref(j);
	assert_int_equal(plan_diff_make(NULL, o, n, a, &d), SN_EINPUT);
	free(o);
	free(n);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identical),          cmocka_unit_test(test_word_in_the_middle),
	    cmocka_unit_test(test_paragraphs),         cmocka_unit_test(test_outcomes),
	    cmocka_unit_test(test_line_cost_and_ring), cmocka_unit_test(test_repeated_ids),
	    cmocka_unit_test(test_over_the_caps),      cmocka_unit_test(test_against_the_table),
	    cmocka_unit_test(test_pathological),       cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
