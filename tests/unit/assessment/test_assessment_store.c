/* Unit tests for assessment/assessment_store: versions, decisions and their guards, comments, budgets and financial assessments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "assessment/assessment.h"

#define NOW "2026-01-05T10:00:00Z"
#define LATER "2026-01-06T10:00:00Z"

/* A person with a worker; their ids. */
static void person_with_worker(fixture *f, int64_t *person_id, int64_t *worker)
{
	char uuid[37];
	uuid_v4(uuid);
	*worker = fixture_user(f, "worker@example.test", R_WORKER);
	person_new n = {.given_name = "Ada", .family_name = "Lowe"};
	assert_int_equal(people_add(f->s, &n, uuid, NOW, person_id), SN_OK);
	assert_int_equal(people_relate(f->s, *person_id, *worker, "worker", NOW), SN_OK);
}

/* A needs assessment record: eligible when unable is true (two outcomes,
 * a condition and an impact on wellbeing), else not. */
static json_t *record(bool unable)
{
	json_t *outs = json_object();
	for (size_t i = 0; i < elig_n_outcomes(false); i++)
		json_object_set_new(outs, elig_outcome_key(false, i), json_pack("{s:s, s:b, s:s}",
			"way", unable && i < 2 ? "without_assistance" : "none", "fluctuates", 0,
			"note", ""));
	return json_pack("{s:s, s:b, s:s, s:o, s:[s], s:s}", "kind", "adult", "impairment", 1,
			 "impairment_note", "", "outcomes", outs, "wellbeing", "health",
			 "wellbeing_note", "");
}

static void test_versions_and_decisions(void **state)
{
	fixture *f = *state;
	int64_t pid, worker;
	person_with_worker(f, &pid, &worker);
	char uuid[37];
	int64_t aid = 0;
	json_t *rec = record(true);
	assert_int_equal(asmt_insert(f->s, pid, false, rec, worker, NOW, uuid, &aid), SN_OK);
	json_decref(rec);

	asmt_row x;
	assert_int_equal(asmt_find(f->s, uuid, f->a, &x), SN_OK);
	assert_int_equal(x.id, aid);
	assert_int_equal(x.person_id, pid);
	assert_int_equal(x.version, 1);
	assert_false(x.carer);
	assert_false(x.decided);
	assert_string_equal(x.person_name, "Ada Lowe");
	assert_int_equal(asmt_find(f->s, "00000000-0000-4000-8000-000000000000", f->a, &x),
			 SN_ENOTFOUND);

	asmt_version v;
	assert_int_equal(asmt_version_get(f->s, aid, 1, f->a, &v), SN_OK);
	assert_true(v.computed_eligible);
	assert_string_equal(v.decision, "");
	assert_string_equal(v.saved_at, NOW);
	assert_non_null(strstr(v.computed, "\"eligible\":true"));
	assert_int_equal(asmt_version_get(f->s, aid, 2, f->a, &v), SN_ENOTFOUND);

	/* Overriding: the decided eligibility is the opposite of the
	 * computed one; a second decision on the version is a conflict. */
	assert_int_equal(asmt_decide_version(f->s, aid, 1, true, "Has support already", worker, LATER),
			 SN_OK);
	assert_int_equal(asmt_decide_version(f->s, aid, 1, false, "", worker, LATER), SN_ECONFLICT);
	assert_int_equal(asmt_version_get(f->s, aid, 1, f->a, &v), SN_OK);
	assert_string_equal(v.decision, "overridden");
	assert_false(v.decided_eligible);
	assert_string_equal(v.reason, "Has support already");
	assert_string_equal(v.decided_by, "Test User");
	assert_int_equal(asmt_find(f->s, uuid, f->a, &x), SN_OK);
	assert_true(x.decided);

	/* A new version is a draft again; only from the current version. */
	rec = record(false);
	assert_int_equal(asmt_add_version(f->s, aid, 2, false, rec, worker, LATER), SN_OK);
	json_decref(rec);
	assert_int_equal(asmt_set_version(f->s, aid, 1, LATER), SN_OK);
	assert_int_equal(asmt_set_version(f->s, aid, 1, LATER), SN_ECONFLICT);
	assert_int_equal(asmt_find(f->s, uuid, f->a, &x), SN_OK);
	assert_int_equal(x.version, 2);
	assert_false(x.decided);
	assert_int_equal(asmt_version_get(f->s, aid, 2, f->a, &v), SN_OK);
	assert_false(v.computed_eligible);

	asmt_version_row *vs;
	size_t n;
	assert_int_equal(asmt_versions(f->s, aid, f->a, &vs, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(vs[0].version, 2);
	assert_string_equal(vs[1].decision, "overridden");

	/* The person's list: the current version, not decided yet. */
	asmt_summary *list;
	assert_int_equal(asmt_list_for_person(f->s, pid, f->a, &list, &n), SN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].uuid, uuid);
	assert_false(list[0].decided);
	assert_int_equal(list[0].decided_eligible, -1);
	assert_string_equal(list[0].updated_at, LATER);
}

static void test_comments(void **state)
{
	fixture *f = *state;
	int64_t pid, worker;
	person_with_worker(f, &pid, &worker);
	char uuid[37];
	int64_t aid = 0;
	json_t *rec = record(false);
	assert_int_equal(asmt_insert(f->s, pid, false, rec, worker, NOW, uuid, &aid), SN_OK);
	json_decref(rec);
	assert_int_equal(asmt_add_comment(f->s, aid, 1, worker, "First", NOW), SN_OK);
	assert_int_equal(asmt_add_comment(f->s, aid, 1, worker, "Second", LATER), SN_OK);
	asmt_comment_row *c;
	size_t n;
	assert_int_equal(asmt_comments(f->s, aid, f->a, &c, &n), SN_OK);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].body, "First");
	assert_string_equal(c[1].body, "Second");
	assert_string_equal(c[1].author, "Test User");
	assert_int_equal(c[1].version, 1);
}

static sn_err count_budget(void *ctx, const char *answers, const char *locality)
{
	int *n = ctx;
	assert_non_null(strstr(answers, "\"client_group\""));
	assert_string_equal(locality, "");
	(*n)++;
	return SN_OK;
}

static void test_budgets(void **state)
{
	fixture *f = *state;
	int64_t pid, worker;
	person_with_worker(f, &pid, &worker);
	char uuid[37], err[256];
	int64_t aid = 0;
	json_t *rec = record(true);
	assert_int_equal(asmt_insert(f->s, pid, false, rec, worker, NOW, uuid, &aid), SN_OK);
	json_decref(rec);

	const char *answers = "x";
	bool found = true;
	asmt_budget b;
	assert_int_equal(asmt_budget_answers(f->s, aid, f->a, &answers), SN_OK);
	assert_null(answers);
	assert_int_equal(asmt_budget_latest(f->s, aid, f->a, &b, &found), SN_OK);
	assert_false(found);

	ras_scheme *sch = calloc(1, sizeof *sch);
	ras_case *rc = calloc(1, sizeof *rc);
	ras_result *res = calloc(1, sizeof *res);
	assert_int_equal(ras_scheme_load(RAS_DEFAULT_SCHEME, sch, err, sizeof err), SN_OK);
	/* Every required question at its first answer, twice: the second
	 * save is the one in force. */
	for (int round = 0; round < 2; round++) {
		json_t *ans = json_object();
		for (size_t q = 0; q < sch->n_questions; q++)
			json_object_set_new(ans, sch->questions[q].key,
					    json_string(sch->questions[q].answers[round].key));
		json_t *c = json_pack("{s:s, s:s, s:s, s:o}", "scheme", sch->id, "year",
				      sch->years[0], "client_group", sch->groups[0].key, "answers", ans);
		char *text = json_dumps(c, JSON_COMPACT);
		assert_int_equal(ras_case_from_json(text, strlen(text), sch, NULL, rc, err, sizeof err),
				 SN_OK);
		assert_int_equal(ras_compute(sch, rc, res), SN_OK);
		assert_int_equal(asmt_budget_add(f->s, aid, 1, sch, rc, res, c, worker, NOW), SN_OK);
		free(text);
		json_decref(c);
	}
	assert_int_equal(asmt_budget_latest(f->s, aid, f->a, &b, &found), SN_OK);
	assert_true(found);
	assert_int_equal(b.weekly_budget_pence, res->weekly_budget_pence);
	assert_int_equal(b.assessment_version, 1);
	assert_non_null(strstr(b.result, "\"workings\""));
	assert_int_equal(asmt_budget_answers(f->s, aid, f->a, &answers), SN_OK);
	assert_non_null(answers);
	assert_non_null(strstr(answers, sch->questions[0].answers[1].key));
	int n = 0;
	assert_int_equal(asmt_each_budget_in_force(f->s, count_budget, &n), SN_OK);
	assert_int_equal(n, 1);
	free(sch);
	free(rc);
	free(res);
}

static void test_financial(void **state)
{
	fixture *f = *state;
	int64_t pid, worker;
	person_with_worker(f, &pid, &worker);
	fin_row fr;
	bool found = true;
	assert_int_equal(fin_latest(f->s, pid, f->a, &fr, &found), SN_OK);
	assert_false(found);
	char year[8], err[256];
	chg_rates_year_for(time_now(), year);
	json_t *c = json_pack("{s:s, s:i, s:b, s:I, s:{s:i}, s:i}", "year", year, "age", 78,
			      "couple", 0, "capital_pence", (json_int_t)1500000,
			      "weekly_income_pence", "state_pension", 23030,
			      "weekly_care_cost_pence", 22500);
	char *text = json_dumps(c, JSON_COMPACT);
	chg_case *cs = calloc(1, sizeof *cs);
	chg_rates *rates = calloc(1, sizeof *rates);
	chg_result *res = calloc(1, sizeof *res);
	assert_int_equal(chg_case_from_json(text, strlen(text), NULL, time_now(), cs, rates, err,
					    sizeof err), SN_OK);
	assert_int_equal(chg_compute(rates, cs, res), SN_OK);
	assert_int_equal(fin_add(f->s, pid, cs, res, c, worker, NOW), SN_OK);
	assert_int_equal(fin_latest(f->s, pid, f->a, &fr, &found), SN_OK);
	assert_true(found);
	assert_int_equal(fr.weekly_charge_pence, res->weekly_charge_pence);
	assert_false(fr.full_cost);
	assert_string_equal(fr.year, cs->year);
	assert_string_equal(fr.saved_by, "Test User");
	free(text);
	json_decref(c);
	free(cs);
	free(rates);
	free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_versions_and_decisions, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_comments, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_budgets, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_financial, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
