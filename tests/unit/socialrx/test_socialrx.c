/* Unit tests for social prescribing's rules: the schedule file and its
 * limits, due and overdue, before/after per item (ONS4 never summed; the
 * UCLA-3 total only when whole), and the summary: no count from 1 to 9
 * shown, and none recoverable from a total, from the other parts or from
 * the caller's own figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "socialrx/socialrx.h"

static sn_err parse(const char *text, sp_schedule *s, char *err)
{
	return sp_schedule_parse(text, strlen(text), s, err, 200);
}

static void test_schedule(void **state)
{
	(void)state;
	const sp_schedule *s = sp_schedule_shipped();
	assert_non_null(s);
	assert_int_equal(s->n, 2);
	assert_int_equal(s->weeks[0], 6);
	assert_int_equal(s->weeks[1], 12);
	assert_int_equal(sp_followup_due(s, 0, 100), 142);
	assert_int_equal(sp_followup_due(s, 1, 100), 184);
	sp_schedule t;
	char err[200];
	assert_int_equal(parse("{\"followups\":[{\"weeks\":4,\"label\":\"a\"}],\"due_window_days\":0}", &t, err),
			 SN_OK);
	assert_int_equal(t.n, 1);
	static const struct {
		const char *json, *field;
	} bad[] = {
		{"{\"followups\":[],\"due_window_days\":7}", "followups"},
		{"{\"followups\":[{\"weeks\":0,\"label\":\"a\"}],\"due_window_days\":7}", "followups[0].weeks"},
		{"{\"followups\":[{\"weeks\":105,\"label\":\"a\"}],\"due_window_days\":7}", "followups[0].weeks"},
		{"{\"followups\":[{\"weeks\":6,\"label\":\"a\"},{\"weeks\":6,\"label\":\"b\"}],\"due_window_days\":7}",
		 "followups[1].weeks"},
		{"{\"followups\":[{\"weeks\":6,\"label\":\"\"}],\"due_window_days\":7}", "followups[0].label"},
		{"{\"followups\":[{\"weeks\":6,\"label\":\"a\",\"x\":1}],\"due_window_days\":7}", "followups[0]"},
		{"{\"followups\":[{\"weeks\":6,\"label\":\"a\"}],\"due_window_days\":29}", "due_window_days"},
		{"{\"followups\":[{\"weeks\":6,\"label\":\"a\"}]}", "due_window_days"},
		{"{\"followups\":[{\"weeks\":6,\"label\":\"a\"}],\"due_window_days\":7,\"extra\":1}", "extra"},
		{"{\"followups\":[{\"weeks\":1,\"label\":\"a\"},{\"weeks\":2,\"label\":\"a\"},{\"weeks\":3,\"label\":\"a\"},"
		 "{\"weeks\":4,\"label\":\"a\"},{\"weeks\":5,\"label\":\"a\"},{\"weeks\":6,\"label\":\"a\"},"
		 "{\"weeks\":7,\"label\":\"a\"},{\"weeks\":8,\"label\":\"a\"},{\"weeks\":9,\"label\":\"a\"}],"
		 "\"due_window_days\":7}", "followups"},
		{"[1]", "input"},
		/* a key nobody expected is named on one line (fuzz_sp_schedule) */
		{"{\"ex\\ntra\":1}", "ex?tra"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse(bad[i].json, &t, err), SN_EINPUT);
		if (strncmp(err, bad[i].field, strlen(bad[i].field)) || err[strlen(bad[i].field)] != ':')
			fail_msg("case %zu: %s", i, err);
	}
	/* and a long one is clipped, so the message still says what is wrong */
	assert_int_equal(parse("{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":1}",
			       &t, err), SN_EINPUT);
	assert_string_equal(err, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: not a key of the schedule (about, followups, "
			    "due_window_days)");
	char *big = malloc(SP_SCHEDULE_BYTES + 100);
	memset(big, ' ', SP_SCHEDULE_BYTES + 99);
	big[0] = '{';
	big[SP_SCHEDULE_BYTES + 98] = '}';
	big[SP_SCHEDULE_BYTES + 99] = 0;
	assert_int_equal(parse(big, &t, err), SN_ETOOBIG);
	free(big);
}

static void test_due(void **state)
{
	(void)state;
	const sp_schedule *s = sp_schedule_shipped();
	int64_t due = 1000;
	assert_int_equal(sp_followup_state(s, due, false, 992), SP_FU_LATER);
	assert_int_equal(sp_followup_state(s, due, false, 993), SP_FU_DUE); /* 7 days before */
	assert_int_equal(sp_followup_state(s, due, false, 1000), SP_FU_DUE);
	assert_int_equal(sp_followup_state(s, due, false, 1001), SP_FU_OVERDUE);
	assert_int_equal(sp_followup_state(s, due, true, 2000), SP_FU_DONE);
	assert_string_equal(sp_fu_state_code(SP_FU_OVERDUE), "overdue");
}

static void test_pair(void **state)
{
	(void)state;
	wb_answers a, b;
	wb_clear(&a);
	wb_clear(&b);
	a.ons4[ONS4_LIFE] = 4, b.ons4[ONS4_LIFE] = 7;       /* better */
	a.ons4[ONS4_ANXIOUS] = 3, b.ons4[ONS4_ANXIOUS] = 6; /* more anxious: worse */
	a.ons4[ONS4_HAPPY] = 5, b.ons4[ONS4_HAPPY] = 5;     /* the same */
	a.ucla3[0] = 3, a.ucla3[1] = 3, a.ucla3[2] = 2;     /* 8 */
	b.ucla3[0] = 2, b.ucla3[1] = 1, b.ucla3[2] = 2;     /* 5: less lonely, better */
	sp_pair p;
	sp_pair_of(&a, &b, &p);
	assert_int_equal(sp_direction(&p, SP_ITEM_LIFE), 1);
	assert_int_equal(sp_direction(&p, SP_ITEM_ANXIOUS), -1);
	assert_int_equal(sp_direction(&p, SP_ITEM_HAPPY), 0);
	assert_int_equal(sp_direction(&p, SP_ITEM_WORTHWHILE), 0); /* not answered */
	assert_int_equal(p.before[SP_ITEM_UCLA3], 8);
	assert_int_equal(p.after[SP_ITEM_UCLA3], 5);
	assert_int_equal(sp_direction(&p, SP_ITEM_UCLA3), 1);
	b.ucla3[2] = -1; /* a part missing: no total, no change */
	sp_pair_of(&a, &b, &p);
	assert_int_equal(p.after[SP_ITEM_UCLA3], -1);
	assert_int_equal(sp_direction(&p, SP_ITEM_UCLA3), 0);
	sp_pair_of(&a, NULL, &p);
	assert_int_equal(p.after[SP_ITEM_LIFE], -1);
	sp_tally t = {0};
	sp_tally_add_pair(&t, &p);
	assert_int_equal(t.item[SP_ITEM_LIFE].people, 0); /* no follow-up: not counted */
}

/* What someone could work out from the summary: asserts that no shown
 * count is 1-9 and that the parts hidden under a shown total add up to 0
 * or at least 10, as they do once the caller's own (known) are taken away. */
static void assert_safe(const sp_tally *t, const sp_tally *k, const sp_summary *s)
{
	const sp_cell *c[] = {&s->cases, &s->open, &s->closed};
	const int64_t raw[] = {t->cases, t->open, t->closed};
	const int64_t kn[] = {k ? k->cases : 0, k ? k->open : 0, k ? k->closed : 0};
	for (int i = 0; i < 3; i++) {
		assert_false(c[i]->shown && c[i]->v >= 1 && c[i]->v <= 9);
		assert_false(c[i]->shown && k && raw[i] - kn[i] >= 1 && raw[i] - kn[i] <= 9);
		if (c[i]->shown)
			assert_int_equal(c[i]->v, raw[i]);
	}
	if (s->cases.shown) {
		int64_t h = (!s->open.shown ? t->open : 0) + (!s->closed.shown ? t->closed : 0);
		int64_t ho = (!s->open.shown ? t->open - kn[1] : 0) + (!s->closed.shown ? t->closed - kn[2] : 0);
		assert_false(h >= 1 && h <= 9);
		assert_false(k && ho >= 1 && ho <= 9);
	}
	for (int i = 0; i < SP_ITEMS; i++) {
		const sp_item_summary *o = &s->item[i];
		const sp_item_tally *it = &t->item[i], *ki = k ? &k->item[i] : NULL;
		const sp_cell *p[] = {&o->better, &o->same, &o->worse};
		const int64_t r[] = {it->better, it->same, it->worse};
		const int64_t q[] = {ki ? ki->better : 0, ki ? ki->same : 0, ki ? ki->worse : 0};
		int64_t h = 0, ho = 0;
		for (int j = 0; j < 3; j++) {
			assert_false(p[j]->shown && p[j]->v >= 1 && p[j]->v <= 9);
			assert_false(p[j]->shown && ki && r[j] - q[j] >= 1 && r[j] - q[j] <= 9);
			if (!p[j]->shown)
				h += r[j], ho += r[j] - q[j];
		}
		if (o->people.shown) {
			assert_false(h >= 1 && h <= 9);
			assert_false(ki && ho >= 1 && ho <= 9);
		} else {
			assert_false(o->mean_before.shown || o->mean_after.shown || o->pct_better.shown);
		}
		if (o->mean_before.shown || o->pct_better.shown)
			assert_true(it->people >= SP_SMALL);
		assert_false(o->people.shown && o->people.v >= 1 && o->people.v <= 9);
	}
}

static void tally_of(sp_tally *t, int open, int closed, int better, int same, int worse)
{
	memset(t, 0, sizeof *t);
	for (int i = 0; i < open; i++)
		sp_tally_add_case(t, true);
	for (int i = 0; i < closed; i++)
		sp_tally_add_case(t, false);
	sp_pair p;
	for (int i = 0; i < SP_ITEMS; i++)
		p.before[i] = 5;
	for (int n = 0; n < better + same + worse; n++) {
		int v = n < better ? 7 : n < better + same ? 5 : 3;
		for (int i = 0; i < SP_ITEMS; i++)
			p.after[i] = sp_item_lower_better(i) ? 10 - v : v;
		sp_tally_add_pair(t, &p);
	}
}

static void test_suppression(void **state)
{
	(void)state;
	sp_tally t;
	sp_summary s;
	/* a count of 5 alone */
	tally_of(&t, 5, 0, 0, 0, 0);
	sp_summarise(&t, NULL, &s);
	assert_false(s.cases.shown);
	assert_false(s.open.shown);
	assert_false(s.closed.shown); /* a hidden total hides its parts */
	/* 0 is not a small number, but it cannot unlock a hidden count from a
	 * shown total */
	tally_of(&t, 20, 5, 0, 0, 0);
	sp_summarise(&t, NULL, &s);
	assert_true(s.cases.shown);
	assert_int_equal(s.cases.v, 25);
	assert_false(s.closed.shown);
	assert_false(s.open.shown); /* else 25 - 20 = 5 */
	/* 12 better, 3 the same, 10 worse: the 3 hidden, and the next smallest too */
	tally_of(&t, 25, 0, 12, 3, 10);
	sp_summarise(&t, NULL, &s);
	const sp_item_summary *o = &s.item[SP_ITEM_LIFE];
	assert_true(o->people.shown);
	assert_int_equal(o->people.v, 25);
	assert_false(o->same.shown);
	assert_false(o->worse.shown);
	assert_true(o->better.shown);
	assert_int_equal(o->better.v, 12);
	assert_true(o->pct_better.shown);
	assert_int_equal(o->pct_better.v, 48);
	/* 20 better, 0 the same, 5 worse: hiding the 0 is not enough (0 + 5) */
	tally_of(&t, 25, 0, 20, 0, 5);
	sp_summarise(&t, NULL, &s);
	o = &s.item[SP_ITEM_LIFE];
	assert_false(o->better.shown || o->same.shown || o->worse.shown);
	assert_true(o->mean_before.shown); /* 25 people: a mean may be shown */
	assert_int_equal(o->mean_before.tenths, 50);
	assert_int_equal(o->mean_change.tenths, (20 * 2 - 5 * 2) * 10 / 25); /* +1.2 */
	/* 9 people: no mean, no percentage */
	tally_of(&t, 9, 0, 9, 0, 0);
	sp_summarise(&t, NULL, &s);
	o = &s.item[SP_ITEM_LIFE];
	assert_false(o->people.shown || o->mean_before.shown || o->mean_change.shown || o->pct_better.shown);
	assert_false(o->better.shown);
	assert_string_equal(sp_cell_text(NULL, o->better), "fewer than 10");
	/* every small table, exhaustively */
	for (int b = 0; b <= 14; b++)
		for (int sm = 0; sm <= 14; sm++)
			for (int w = 0; w <= 14; w++) {
				tally_of(&t, b + sm, w, b, sm, w);
				sp_summarise(&t, NULL, &s);
				assert_safe(&t, NULL, &s);
			}
}

/* The caller's own cases inside the area's: taking theirs from the area's
 * must not leave 1-9. */
static void test_differencing(void **state)
{
	(void)state;
	sp_tally area, mine;
	sp_summary s;
	tally_of(&area, 30, 12, 20, 12, 10);
	tally_of(&mine, 25, 12, 15, 12, 10);
	sp_summarise(&area, &mine, &s);
	assert_false(s.cases.shown); /* 42 - 37 = 5 others */
	assert_false(s.open.shown);  /* 30 - 25 */
	assert_false(s.item[SP_ITEM_LIFE].people.shown);
	assert_false(s.item[SP_ITEM_LIFE].better.shown);
	assert_false(s.item[SP_ITEM_LIFE].mean_before.shown); /* a mean of 5 others' */
	sp_summarise(&mine, NULL, &s); /* their own, in full */
	assert_true(s.cases.shown);
	assert_int_equal(s.cases.v, 37);
	/* all of the area's are theirs: nothing about anyone else to hide */
	sp_summarise(&area, &area, &s);
	assert_true(s.cases.shown);
	assert_int_equal(s.cases.v, 42);
	/* pseudo-random areas and caseloads inside them */
	uint64_t x = 88172645463325252ull;
	for (int n = 0; n < 20000; n++) {
		int v[10];
		for (int i = 0; i < 10; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			v[i] = (int)(x % 30);
		}
		tally_of(&mine, v[0] % 15, v[1] % 15, v[2] % 15, v[3] % 15, v[4] % 15);
		tally_of(&area, v[0] % 15 + v[5], v[1] % 15 + v[6], v[2] % 15 + v[7], v[3] % 15 + v[8],
			 v[4] % 15 + v[9]);
		sp_summarise(&area, &mine, &s);
		assert_safe(&area, &mine, &s);
	}
}

/* What the wellbeing module writes reads back. */
static void test_answers(void **state)
{
	(void)state;
	wb_answers w, back;
	wb_clear(&w);
	w.ons4[ONS4_HAPPY] = 8;
	w.ucla3[UCLA3_ISOLATED] = 2;
	json_t *j = wb_to_json(&w);
	char *text = json_dumps(j, JSON_COMPACT);
	assert_int_equal(sp_answers_read(text, &back), SN_OK);
	assert_int_equal(back.ons4[ONS4_HAPPY], 8);
	assert_int_equal(back.ons4[ONS4_LIFE], -1);
	assert_int_equal(back.ucla3[UCLA3_ISOLATED], 2);
	free(text);
	json_decref(j);
	assert_int_equal(sp_answers_read("{\"ons4\": {\"happy\": 11}}", &back), SN_EINPUT);
	assert_int_equal(sp_answers_read("[", &back), SN_EINPUT);
}

static void test_text(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_string_equal(sp_mean_text(a, (sp_mean){true, 64}, false), "6.4");
	assert_string_equal(sp_mean_text(a, (sp_mean){true, -5}, true), "-0.5");
	assert_string_equal(sp_mean_text(a, (sp_mean){true, 12}, true), "+1.2");
	assert_string_equal(sp_mean_text(a, (sp_mean){false, 12}, true), "not shown");
	assert_string_equal(sp_cell_text(a, (sp_cell){true, 0}), "0");
	assert_string_equal(sp_item_key(SP_ITEM_ANXIOUS), "anxious");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_schedule),
	    cmocka_unit_test(test_due),
	    cmocka_unit_test(test_pair),
	    cmocka_unit_test(test_suppression),
	    cmocka_unit_test(test_differencing),
	    cmocka_unit_test(test_answers),
	    cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
