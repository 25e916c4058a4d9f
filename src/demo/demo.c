/* The demo area "Ashby Vale": localities, logins for every role, and person
 * records with relationships, assessments, budgets and a financial
 * assessment, generated from a seed. It writes only through the features'
 * own store and rules functions (the ones their pages use), so what it
 * makes is what the pages would have made. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../assessment/assessment.h"
#include "../budget/budget_forms.h"
#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../check/check.h"
#include "../people/people.h"
#include "../plan/plan_store.h"
#include "../events/events_demo.h"
#include "../coproduction/cp_demo.h"
#include "../firstcontact/fc_demo.h"
#include "../referral/referral_store.h"
#include "../schemes/scheme_act.h"
#include "../socialrx/socialrx_store.h"
#include "../timebank/tb_demo.h"
#include "../dpweb/dp_pages.h"
#include "../plan/pool_store.h"
#include "../directory/curate/curate.h"
#include "../directory/geo/geo.h"
#include "../directory/search/search.h"
#include "../activity/activity.h"
#include "../costs/costs.h"
#include "demo.h"

static const char *const localities[] = {"Northgate", "Millbrook", "Eastfield",
					 "Riverside", "Hollins Green", "Old Town"};

const demo_login demo_logins[] = {
	{"resident@" DEMO_DOMAIN, "Rose Ashdown", "resident", "a resident with her own record"},
	{"carer@" DEMO_DOMAIN, "Sam Ashdown", "carer", "Rose's son and carer, named on her record"},
	{"worker@" DEMO_DOMAIN, "Priya Natarajan", "worker", "a social worker with a caseload"},
	{"worker2@" DEMO_DOMAIN, "Tom Whitfield", "worker", "a second worker (no access to Rose)"},
	{"partner@" DEMO_DOMAIN, "Grace Okafor", "partner", "staff at a partner organisation"},
	{"coordinator@" DEMO_DOMAIN, "Dev Mistry", "coordinator", "a neighbourhood scheme coordinator"},
	{"moderator@" DEMO_DOMAIN, "Helen Price", "moderator", "a directory moderator"},
	{"commissioner@" DEMO_DOMAIN, "Alan Brooks", "commissioner", "a council commissioner"},
	{"admin@" DEMO_DOMAIN, "Morgan Lee", "admin", "an administrator"},
	{"manager@" DEMO_DOMAIN, "Jo Marsh", "worker", "a team manager who approves support plans"},
};
const size_t demo_n_logins = sizeof demo_logins / sizeof demo_logins[0];

static const char *const given[] = {
	"Margaret", "John", "Patricia", "David", "Joan", "Peter", "Doris", "Brian",
	"Eileen", "Kenneth", "Irene", "Roy", "Sheila", "Derek", "Maureen", "Alan",
	"Aisha", "Mohammed", "Wei", "Anita", "Kwame", "Olga", "Siobhan", "Rhys",
	"Lakshmi", "Tariq", "Agnieszka", "Femi", "Bronwen", "Callum"};
static const char *const family[] = {
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
	"Davies", "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker",
	"Khan", "Begum", "Chen", "Nowak", "O'Brien", "Mensah", "Hughes", "Green",
	"Ahmed", "Kowalski", "Morgan", "Ali", "Singh", "Clarke", "Murphy", "Lewis"};

static void nhs_number(rng *g, char out[11])
{
	for (;;) {
		int sum = 0;
		for (int i = 0; i < 9; i++) {
			out[i] = (char)('0' + rng_below(g, 10));
			sum += (out[i] - '0') * (10 - i);
		}
		int check = 11 - sum % 11;
		if (check == 11)
			check = 0;
		if (check == 10)
			continue;
		break;
	}
	/* The NHS keeps numbers starting 999 for testing: the demo's are among
	 * them, so none can be a real person's. The draws above are kept as
	 * they were, so the rest of the demo is the same. */
	memcpy(out, "999", 3);
	for (;;) {
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (out[i] - '0') * (10 - i);
		int check = 11 - sum % 11;
		if (check == 11)
			check = 0;
		if (check != 10) {
			out[9] = (char)('0' + check);
			out[10] = 0;
			return;
		}
		out[8] = (char)('0' + (out[8] - '0' + 1) % 10);
	}
}

/* A person record. Their date of birth is drawn (1930 to 1999) unless
 * fixed_dob is given (the draws are made either way, so the rest of the
 * area stays as it was); dob gets the one recorded, uuid_out (when not
 * NULL) the record's uuid. */
static sn_err add_person(store *s, rng *g, const char *given_name,
			 const char *family_name, int64_t locality_id, size_t locality_index,
			 int64_t user_id, const char *now, const char *fixed_dob, char dob[static 11],
			 int64_t *id_out, char *uuid_out)
{
	char uuid[37], nhs[11], pc[16];
	rng_uuid(g, uuid);
	nhs_number(g, nhs);
	int y = 1930 + (int)rng_below(g, 70), m = 1 + (int)rng_below(g, 12), d = 1 + (int)rng_below(g, 28);
	if (fixed_dob)
		snprintf(dob, 11, "%s", fixed_dob);
	else
		snprintf(dob, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
			 (unsigned)d % 100u);
	/* One of the demo area's own postcodes, which resolve to a centroid. */
	geo_postcodes_demo_pick(g, locality_index, pc);
	person_new n = {.given_name = given_name, .family_name = family_name,
			.date_of_birth = dob, .nhs_number = nhs, .postcode = pc,
			.locality_id = locality_id, .user_id = user_id};
	if (uuid_out)
		memcpy(uuid_out, uuid, 37);
	return people_add(s, &n, uuid, now, id_out);
}

/* The main reason for support of someone aged age, as a demo draws it:
 * at 65 or over mostly physical support or memory and cognition, under 65
 * also learning disabilities and mental health; now and then not yet
 * recorded. */
static const char *demo_support_reason(rng *g, int age)
{
	static const char *const older[] = {"physical", "physical", "physical", "physical",
		"memory_cognition", "memory_cognition", "sensory", "mental_health", "physical", ""};
	static const char *const younger[] = {"physical", "physical", "physical", "learning_disability",
		"learning_disability", "mental_health", "mental_health", "sensory", "physical", ""};
	return (age >= 65 ? older : younger)[rng_below(g, 10)];
}

/* A needs assessment record for someone aged age: most outcomes achieved,
 * four in ten not, in one of the four ways; a condition and its main reason for
 * support; an impact on a few areas of wellbeing. Caring for a child only
 * under 60. */
static json_t *demo_record(rng *g, int age)
{
	static const char *const person_does[] = {
		"Makes breakfast and tea; likes to choose her own clothes.",
		"Manages his tablets with a dosette box; walks to the shop on good days.",
		"Does the crossword every morning and keeps in touch with her sister by phone.",
		"Feeds the cat and waters the garden; can wash at the sink sitting down."};
	static const char *const carer_does[] = {
		"Daughter visits at weekends and does the big shop.",
		"Neighbour puts the bins out and checks in most evenings.",
		"Son phones daily and manages the bills online.", ""};
	static const char *const community[] = {
		"Goes to the lunch club at the community centre on Wednesdays.",
		"The church runs a befriending call on Fridays.",
		"Library's home delivery service brings large-print books.", ""};
	json_t *outs = json_object();
	for (size_t i = 0; i < elig_n_outcomes(false); i++) {
		uint64_t k = rng_below(g, 10);
		const char *way = k < 6 ? "none" : elig_way_key((elig_way)(1 + rng_below(g, 4)));
		if (strcmp(elig_outcome_key(false, i), "caring_for_child") == 0 && age >= 60)
			way = "none";
		json_object_set_new(outs, elig_outcome_key(false, i), json_pack("{s:s, s:b, s:s}",
			"way", way, "fluctuates", strcmp(way, "none") != 0 && rng_below(g, 3) == 0,
			"note", ""));
	}
	json_t *wb = json_array();
	for (size_t i = 0; i < ASMT_N_WELLBEING; i++)
		if (rng_below(g, 4) == 0)
			json_array_append_new(wb, json_string(asmt_wellbeing_key(i)));
	bool impairment = rng_below(g, 10) < 9;
	return json_pack("{s:s, s:b, s:s, s:s, s:o, s:o, s:s, s:{s:s, s:s, s:s}}", "kind", "adult",
		"impairment", impairment, "impairment_note", "",
		"support_reason", impairment ? demo_support_reason(g, age) : "", "outcomes", outs,
		"wellbeing", wb, "wellbeing_note", "",
		"strengths", "person", person_does[rng_below(g, 4)], "carer", carer_does[rng_below(g, 4)],
		"community", community[rng_below(g, 4)]);
}

/* A worker's change to an answer the assessment gave, with its reason. */
typedef struct {
	const char *question, *answer, *reason;
} demo_change;

/* The worker's answer to a question the assessment could not answer: the
 * carer question from what the record says carers do, the rest "no help"
 * (the first answer) or the next one up, as often as each other. */
static const char *worker_answer(rng *g, const ras_question *q, const json_t *rec)
{
	if (strcmp(q->key, "carer") == 0) {
		const char *carer = json_string_value(json_object_get(json_object_get(rec, "strengths"),
								      "carer"));
		const char *k = carer && *carer ? (rng_below(g, 4) ? "sustainable" : "some_risk")
						: "no_carer";
		return ras_answer_index(q, k) >= 0 ? k : q->answers[0].key;
	}
	return q->answers[rng_below(g, 2) == 0 && q->n_answers > 1 ? 1 : 0].key;
}

/* An indicative budget for a decided assessment, made as the budget page
 * makes it: the questionnaire filled from the assessment record (rec, for
 * someone aged age), the rest answered by the worker, and the changes
 * given (with their reasons); through the real rule, saved with the
 * sources and changes. Where the assessment cannot choose a group, the
 * worker chooses by age. */
static sn_err demo_budget(store *s, rng *g, const ras_scheme *sch, int64_t aid, const json_t *rec,
			  int age, const demo_change *changes, size_t n_changes, int64_t worker,
			  const char *now)
{
	json_t *from = asmt_ras_from_record(sch, rec, false, age);
	json_t *start = asmt_ras_start(sch, from, NULL);
	json_t *c = json_deep_copy(json_object_get(start, "case"));
	json_decref(start);
	json_t *answers = json_object_get(c, "answers");
	for (size_t q = 0; q < sch->n_questions; q++) {
		const ras_question *qq = &sch->questions[q];
		json_t *e = json_object_get(json_object_get(from, "answers"), qq->key);
		if (json_is_true(json_object_get(e, "unset")) && qq->required)
			json_object_set_new(answers, qq->key, json_string(worker_answer(g, qq, rec)));
	}
	if (!json_object_get(c, "client_group")) {
		const char *grp = age >= 65 ? "older_people" : "physical_disability";
		json_object_set_new(c, "client_group", json_string(ras_group_index(sch, grp) >= 0
			? grp : sch->groups[0].key));
	}
	/* The changes as the form sends them: the answer, and its reason as
	 * reason_QUESTION. */
	kv items[8];
	char names[8][RAS_KEY_MAX + 8];
	kv_list form = {items, 0};
	for (size_t i = 0; i < n_changes && i < SN_ARRAY_LEN(items); i++) {
		json_object_set_new(answers, changes[i].question, json_string(changes[i].answer));
		snprintf(names[i], sizeof names[i], "reason_%s", changes[i].question);
		items[form.n++] = (kv){names[i], (char *)changes[i].reason};
	}
	json_t *errors = json_array();
	json_t *made = asmt_ras_changes(sch, from, c, &form, errors);
	json_object_set_new(c, "scheme", json_string(sch->id));
	json_object_set_new(c, "year", json_string(sch->years[sch->n_years - 1]));
	ras_case *rc_case = xcalloc(1, sizeof *rc_case);
	ras_result *res = xcalloc(1, sizeof *res);
	sn_err rc = json_array_size(errors) ? SN_EINTERNAL : budget_ras_compute(sch, c, rc_case, res);
	if (!rc)
		rc = asmt_budget_add_from(s, aid, 1, sch, rc_case, res, c, from, made, worker, now);
	json_decref(errors);
	json_decref(made);
	json_decref(c);
	json_decref(from);
	free(rc_case);
	free(res);
	return rc;
}

/* A financial assessment for someone born on dob, as the page saves it,
 * through the rule: the age and pension credit age from the date of birth
 * (so the Minimum Income Guarantee is the one for their age), and income a
 * person of that age has: at pension credit age State Pension and
 * Attendance Allowance (Rose's: the example case of docs/rules.md), under
 * it Employment and Support Allowance and PIP's daily living part; £15,000
 * of savings. */
static sn_err demo_financial(store *s, int64_t person_id, const char *dob, int64_t worker,
			     const char *now)
{
	char year[8], err[256];
	chg_rates_year_for(time_now(), year);
	chg_case *cs = xcalloc(1, sizeof *cs);
	chg_rates *rates = xcalloc(1, sizeof *rates);
	chg_result *res = xcalloc(1, sizeof *res);
	json_t *c = NULL;
	char *text = NULL;
	int age = asmt_age_on(dob, now);
	sn_err rc = age >= 18 ? chg_rates_load(year, rates, err, sizeof err) : SN_EINTERNAL;
	if (rc)
		goto out;
	bool pension_age = age >= rates->pension_credit_age;
	c = json_pack("{s:s, s:i, s:b, s:b, s:I, s:{s:i, s:i}, s:i, s:i, s:i}", "year", year,
		      "age", age, "pension_age", pension_age, "couple", 0,
		      "capital_pence", (json_int_t)1500000, "weekly_income_pence",
		      pension_age ? "state_pension" : "esa", pension_age ? 23030 : 9055,
		      pension_age ? "attendance_allowance" : "pip_daily_living",
		      pension_age ? 7330 : 7290, "weekly_dre_pence", 1000,
		      "weekly_housing_pence", 0, "weekly_care_cost_pence", 22500);
	text = json_dumps(c, JSON_COMPACT);
	rc = text ? chg_case_from_json(text, strlen(text), NULL, time_now(), cs, rates, err, sizeof err)
		  : SN_EINTERNAL;
	if (!rc)
		rc = chg_compute(rates, cs, res);
	if (!rc)
		rc = fin_add(s, person_id, cs, res, c, worker, now);
out:
	json_decref(c);
	free(text);
	free(cs);
	free(rates);
	free(res);
	return rc;
}

/* Adds an assessment for person_id (aged age) by worker (rec is taken),
 * and confirms the computed eligibility when asked, as the pages do; a
 * decided eligible one gets an indicative budget when sch is given, with
 * the worker's changes (may be none). */
static sn_err demo_assessment(store *s, int64_t person_id, int64_t worker, json_t *rec, int age,
			      bool decide, const char *now, rng *g, const ras_scheme *sch,
			      const demo_change *changes, size_t n_changes)
{
	char uuid[37];
	int64_t aid = 0;
	elig_case c;
	elig_result *res = xcalloc(1, sizeof *res);
	sn_err rc = asmt_insert(s, person_id, false, rec, worker, now, uuid, &aid);
	if (!rc && decide)
		rc = asmt_decide_version(s, aid, 1, false, "", worker, now);
	/* Confirmed: the decided eligibility is the computed one. */
	if (!rc && decide && sch)
		rc = asmt_decide(rec, false, &c, res);
	if (!rc && decide && sch && res->eligible)
		rc = demo_budget(s, g, sch, aid, rec, age, changes, n_changes, worker, now);
	json_decref(rec);
	free(res);
	return rc;
}

/* Requests for an assessment in the intake queue, each from a self-check
 * answered at random (more "no" than "yes") through the real engine, and
 * sent the way the page sends them. */
/* Two years of partners' pathway costs (costs.h) for the people with an
 * NHS number, in a transaction of their own. */
static sn_err add_costs(store *s, uint64_t seed, const char *now, char *err, size_t err_size)
{
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = costs_demo(s, seed, now);
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		snprintf(err, err_size, "cannot write the demo's pathway costs: %s", store_errmsg(s));
		store_rollback(s);
	}
	return rc;
}

static sn_err add_intake(store *s, rng *g, int n, char *err, size_t err_size)
{
	sc_set *set = sc_set_new();
	sc_catalogue *cat = sc_catalogue_new();
	sc_answers *a = xcalloc(1, sizeof *a);
	sn_err rc = sc_set_load("daily-living", set, err, err_size);
	if (!rc)
		rc = sc_catalogue_load(cat, err, err_size);
	for (int i = 0; i < n && !rc; i++) {
		sc_answers_init(a);
		for (size_t q = 0; q < set->n_questions; q++) {
			if (!sc_visible(set, a, q))
				continue;
			const sc_question *qq = &set->questions[q];
			/* Yes/no: "yes" two times in five; choices: any. */
			size_t pick = qq->kind == SC_YES_NO ? (rng_below(g, 5) < 2 ? 0 : 1)
							    : (size_t)rng_below(g, qq->n_choices);
			sc_answers_set(a, qq->key, qq->choices[pick].key);
		}
		const char *gn = given[rng_below(g, SN_ARRAY_LEN(given))];
		const char *fn = family[rng_below(g, SN_ARRAY_LEN(family))];
		char phone[32], email[96] = "", pc[32];
		/* 01632 960xxx: numbers Ofcom keeps for drama, never anyone's. */
		snprintf(phone, sizeof phone, "01632 960 %03d", (int)rng_below(g, 1000));
		if (rng_below(g, 2))
			snprintf(email, sizeof email, "%c.%s%d@example.com", gn[0] + 32,
				 fn, (int)rng_below(g, 100));
		geo_postcodes_demo_pick(g, rng_below(g, 6), pc);
		for (char *p = str_lower_ascii(email); *p; p++)
			if (*p == '\'')
				*p = 'x';
		bool other = rng_below(g, 3) == 0;
		/* Who asked, and a date of birth, from the request's number (no
		 * more draws, so the rest of the demo area stays as it was). */
		static const char *const relation[] = {"Daughter", "Son", "Neighbour", "Friend"};
		char asker[128], dob[16];
		snprintf(asker, sizeof asker, "%s %s", given[(size_t)(i * 7 + 3) % SN_ARRAY_LEN(given)], fn);
		snprintf(dob, sizeof dob, "%04d-%02d-%02d", 1930 + (i * 7) % 60, 1 + i % 12, 1 + (i * 3) % 28);
		intake_new in = {.source = "self_check", .given_name = gn, .family_name = fn,
				 .date_of_birth = i % 3 ? dob : "", .phone = phone, .email = email,
				 .postcode = pc, .for_whom = other ? "someone_else" : "self",
				 .asker_name = other ? asker : "",
				 .asker_relationship = other ? relation[i % 4] : "",
				 .actor = "anonymous"};
		char uuid[37];
		rc = check_send_selfcheck(s, set, cat, a, &in, uuid);
		if (rc)
			snprintf(err, err_size, "demo intake request %d: %s", i, sn_err_name(rc));
	}
	free(a);
	sc_catalogue_free(cat);
	sc_set_free(set);
	return rc;
}

/* Rose's needs assessment: eligible (two outcomes, a condition, an impact
 * on her health and control). The caller owns the reference. */
static json_t *rose_record(void)
{
	return json_pack(
		"{s:s, s:b, s:s, s:s, s:{s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s},"
		" s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s},"
		" s:{s:s,s:b,s:s}}, s:[s,s], s:s, s:{s:s, s:s, s:s}}",
		"kind", "adult", "impairment", 1, "impairment_note", "Arthritis in both hands and knees.",
		"support_reason", "physical",
		"outcomes",
		"nutrition", "way", "pain_distress_anxiety", "fluctuates", 1, "note", "Cannot open tins or lift pans on bad days.",
		"personal_hygiene", "way", "takes_longer", "fluctuates", 0, "note", "A strip wash takes an hour.",
		"toilet_needs", "way", "none", "fluctuates", 0, "note", "",
		"clothing", "way", "none", "fluctuates", 0, "note", "",
		"home_safety", "way", "endangers_safety", "fluctuates", 0, "note", "Two falls on the stairs this year.",
		"habitable_home", "way", "none", "fluctuates", 0, "note", "",
		"relationships", "way", "none", "fluctuates", 0, "note", "",
		"work_education_volunteering", "way", "none", "fluctuates", 0, "note", "",
		"community_facilities", "way", "none", "fluctuates", 0, "note", "",
		"caring_for_child", "way", "none", "fluctuates", 0, "note", "",
		"wellbeing", "health", "control", "wellbeing_note", "Worried about falling again; wants to stay at home.",
		"strengths", "person", "Plans her week and manages her own money.",
		"carer", "Sam (son) shops on Saturdays and phones every evening.",
		"community", "Goes to the Tuesday lunch club at Northgate library when she can get there.");
}

/* What the steps of demo_create share. */
typedef struct {
	store *s;
	rng g;
	uint64_t seed;
	demo_size size;
	char now[21];
	int64_t loc_ids[SN_ARRAY_LEN(localities)];
	int64_t user_ids[16];
	ras_scheme *sch;
} demo_area;

/* The store must have no users and no people yet. */
static sn_err check_empty(store *s, char *err, size_t err_size)
{
	int64_t people = 0;
	json_t *users = NULL;
	sn_err rc = people_count(s, &people);
	if (!rc)
		rc = user_list(s, &users);
	size_t n_users = json_array_size(users);
	json_decref(users);
	if (rc) {
		snprintf(err, err_size, "cannot read the database: %s", store_errmsg(s));
		return rc;
	}
	if (people || n_users) {
		snprintf(err, err_size, "the database already has data; give a new file to --db");
		return SN_ECONFLICT;
	}
	return SN_OK;
}

/* The localities, a login for every role (password hash given) and the
 * area's postcode centroids (its own made-up AV postcodes). */
static sn_err add_places_and_logins(demo_area *d, const char *hash)
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < SN_ARRAY_LEN(localities) && !rc; i++) {
		char uuid[37];
		rng_uuid(&d->g, uuid);
		rc = people_add_locality(d->s, uuid, localities[i], &d->loc_ids[i]);
	}
	for (size_t i = 0; i < demo_n_logins && !rc; i++) {
		uint32_t roles = 0;
		char uuid[37];
		rng_uuid(&d->g, uuid);
		role_parse(demo_logins[i].roles, &roles);
		rc = user_add_hashed(d->s, demo_logins[i].email, demo_logins[i].name, roles,
				     hash, uuid, &d->user_ids[i]);
	}
	if (!rc)
		rc = geo_postcodes_demo(d->s, d->loc_ids, SN_ARRAY_LEN(localities), d->seed);
	return rc;
}

/* Rose has her own record; Sam (carer) is named on it; Priya is her
 * assigned worker; Tom is not. Her needs assessment is decided (eligible,
 * with a budget) and she has a financial assessment. */
static sn_err add_rose(demo_area *d)
{
	/* Rose is 78 (born on 12 March): past State Pension age, as her
	 * financial assessment (State Pension, Attendance Allowance) and her
	 * budget group (older people) say. */
	char dob[11], rose_dob[11];
	int y = (d->now[0] - '0') * 1000 + (d->now[1] - '0') * 100 + (d->now[2] - '0') * 10 +
		(d->now[3] - '0') - 78;
	if (strncmp(d->now + 5, "03-12", 5) < 0)
		y--;
	snprintf(rose_dob, sizeof rose_dob, "%04u-03-12", (unsigned)y % 10000u);
	int64_t rose = 0;
	sn_err rc = add_person(d->s, &d->g, "Rose", "Ashdown", d->loc_ids[0], 0, d->user_ids[0],
			       d->now, rose_dob, dob, &rose, NULL);
	if (!rc)
		rc = people_relate(d->s, rose, d->user_ids[1], "named", d->now);
	if (!rc)
		rc = people_relate(d->s, rose, d->user_ids[2], "worker", d->now);
	/* Priya answers what the assessment does not cover with Rose, and
	 * changes one answer, saying why. */
	static const demo_change rose_changes[] = {
		{"keeping_home", "some_tasks", "Rose cannot carry the laundry basket or push the "
		 "vacuum cleaner on bad days, though the assessment found she keeps her home."}};
	if (!rc)
		rc = demo_assessment(d->s, rose, d->user_ids[2], rose_record(), asmt_age_on(dob, d->now),
				     true, d->now, &d->g, d->sch, rose_changes,
				     SN_ARRAY_LEN(rose_changes));
	if (!rc)
		rc = demo_financial(d->s, rose, dob, d->user_ids[2], d->now);
	return rc;
}

/* The caseload: 240 people (5,000 in the large areas), a third each with
 * Priya and Tom as their worker and the rest unassigned; their assessments
 * at every stage: none yet (1 in 5), a draft (1 in 5), decided (the rest). */
static sn_err add_caseload(demo_area *d)
{
	int people = d->size != DEMO_SMALL ? 5000 : 240;
	sn_err rc = SN_OK;
	for (int i = 0; i < people && !rc; i++) {
		int64_t id = 0;
		const char *gn = given[rng_below(&d->g, SN_ARRAY_LEN(given))];
		const char *fn = family[rng_below(&d->g, SN_ARRAY_LEN(family))];
		size_t li = rng_below(&d->g, SN_ARRAY_LEN(localities));
		char dob[11];
		rc = add_person(d->s, &d->g, gn, fn, d->loc_ids[li], li, 0, d->now, NULL, dob, &id, NULL);
		int age = asmt_age_on(dob, d->now);
		uint64_t k = rng_below(&d->g, 3);
		int64_t worker = d->user_ids[k == 0 ? 2 : 3];
		if (!rc && k < 2)
			rc = people_relate(d->s, id, worker, "worker", d->now);
		uint64_t stage = rng_below(&d->g, 5);
		if (!rc && k < 2 && stage > 0)
			rc = demo_assessment(d->s, id, worker, demo_record(&d->g, age), age, stage > 1,
					     d->now, &d->g, d->sch, NULL, 0);
	}
	return rc;
}

/* Two records of one (made-up) person for review at /admin/duplicates:
 * the same name and date of birth, another postcode, as when a referral
 * names someone already known; Priya is the worker of both, so she can
 * merge them. Drawn from a generator of their own, so the rest of the
 * area is as it was. */
static sn_err add_duplicate_pair(demo_area *d)
{
	rng g;
	rng_seed(&g, d->seed ^ 0x6475706c69636174u);
	int64_t ids[2] = {0, 0};
	char uuids[2][37], dob[2][11];
	sn_err rc = SN_OK;
	for (size_t i = 0; i < 2 && !rc; i++) {
		size_t li = i ? 2 : 1;
		rc = add_person(d->s, &g, "Edith", "Marlowe", d->loc_ids[li], li, 0, d->now, i ? dob[0] : NULL,
				dob[i], &ids[i], uuids[i]);
		if (!rc)
			rc = people_relate(d->s, ids[i], d->user_ids[2], "worker", d->now);
	}
	if (!rc)
		rc = people_dup_flag(d->s, ids[1], ids[0], d->now);
	for (size_t i = 0; i < 2 && !rc; i++) {
		char target[64];
		snprintf(target, sizeof target, "person:%s", uuids[i]);
		audit_entry e = {"system", "admin", "person.duplicate_flagged", target,
				 "may be the same person as another record: kept for review"};
		rc = audit_append(d->s, &e);
	}
	return rc;
}

/* The directory: 300 services (100,000 for the large area, 1,000,000 for
 * the huge one), its reviews and a partner's change waiting for a
 * moderator. */
static sn_err add_directory(demo_area *d, char *err, size_t err_size)
{
	bool big = d->size != DEMO_SMALL;
	sn_err rc = search_index_bulk(d->s); /* the word index in one pass afterwards */
	if (!rc)
		rc = curate_demo_directory(d->s, d->seed, d->loc_ids, SN_ARRAY_LEN(localities),
			      d->size == DEMO_HUGE ? 1000000 : big ? 100000 : 300, err, err_size);
	if (!rc)
		rc = search_index_rebuild(d->s, NULL, NULL);
	/* Reviews: members for the partner login, entries due and overdue. */
	if (!rc)
		rc = curate_demo_reviews(d->s, d->seed);
	/* A partner's change waiting for a moderator, and an entry with history. */
	if (!rc)
		rc = curate_demo_changes(d->s, d->now);
	return rc;
}

/* What's on: events by Dev and Grace's organisation, booked by the demo
 * accounts (Rose, Sam and Priya first); community conversations: two in
 * each locality over two years, by Dev, with notes, themes and actions in
 * every status (some overdue). */
static sn_err add_gatherings(demo_area *d)
{
	sn_err rc = ev_demo(d->s, d->user_ids, demo_n_logins, d->user_ids[5], d->user_ids[4]);
	if (!rc)
		rc = cp_demo(d->s, d->seed, d->user_ids[5], d->loc_ids, localities, SN_ARRAY_LEN(localities));
	return rc;
}

/* Two years of history for the evidence figures (activity.h), in
 * transactions of 50,000 rows: the large area has over a million. */
static sn_err add_history(store *s, uint64_t seed, demo_size size, const char *now, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	size_t history = size == DEMO_SMALL ? 12000 : 1010000;
	for (size_t done = 0, part = 0; done < history && !rc; done += 50000, part++) {
		size_t n = history - done < 50000 ? history - done : 50000;
		rc = store_begin_write(s);
		if (!rc)
			rc = activity_demo_history(s, seed + part, n, now);
		if (!rc)
			rc = store_commit(s);
		if (rc) {
			snprintf(err, err_size, "cannot write the demo's history: %s", store_errmsg(s));
			store_rollback(s);
		}
	}
	return rc;
}

sn_err demo_create(store *s, uint64_t seed, demo_size size, char *err,
		   size_t err_size)
{
	sn_err rc = check_empty(s, err, err_size);
	if (rc)
		return rc;
	demo_area *d = xcalloc(1, sizeof *d);
	d->s = s;
	d->seed = seed;
	d->size = size;
	rng_seed(&d->g, seed);
	time_iso8601(time_now(), d->now);
	char hash[128];
	if (password_hash(DEMO_PASSWORD, hash)) {
		snprintf(err, err_size, "cannot hash the demo password");
		free(d);
		return SN_EINTERNAL;
	}
	d->sch = xcalloc(1, sizeof *d->sch);
	if (ras_scheme_load(RAS_DEFAULT_SCHEME, d->sch, err, err_size)) {
		rc = SN_EINTERNAL;
		goto out;
	}
	rc = store_begin_write(s);
	if (!rc)
		rc = add_places_and_logins(d, hash);
	if (!rc)
		rc = add_rose(d);
	if (!rc)
		rc = add_caseload(d);
	/* Support plans at every stage; Jo Marsh approves them. */
	if (!rc)
		rc = plan_demo(s, seed, d->user_ids[9], size != DEMO_SMALL ? 2000 : 60);
	/* A personal assistant shared by three people on Priya's caseload. */
	if (!rc)
		rc = pool_demo(s, seed, d->user_ids[2]);
	/* Direct-payment accounts: Rose's, and some with alerts for the workers. */
	if (!rc)
		rc = dp_demo(s, seed, size != DEMO_SMALL ? 40 : 9);
	if (!rc)
		rc = add_directory(d, err, err_size);
	/* Referrals in every state: to the demo partner's services (Pat
	 * answers them), some overdue; signposts elsewhere; Rose's own. */
	if (!rc)
		rc = ref_demo(s, seed, d->user_ids[4], d->user_ids[0], size != DEMO_SMALL ? 2000 : 60);
	/* Social prescribing: Priya's caseload at every stage, GP referrals waiting
	 * (before First Contact adds people to her caseload: Rose's case first). */
	if (!rc)
		rc = sp_demo(s, seed, d->user_ids[2], d->user_ids[4]);
	/* First Contact: the questions and a year of checklists by Grace and Priya. */
	if (!rc)
		rc = fc_demo(s, seed, d->user_ids[4], d->user_ids[2], size != DEMO_SMALL ? 3000 : 150);
	/* Neighbourhood schemes: Dev's members, Priya's requests, matches and
	 * proposals waiting for Dev. */
	if (!rc)
		rc = sch_demo(s, seed, d->user_ids[5], d->user_ids[2], d->user_ids[0]);
	/* The timebank: Rose, people Tom does not work with, Grace's organisation;
	 * a year of exchanges, Dev Mistry coordinating. */
	if (!rc)
		rc = tb_demo(s, seed, d->user_ids[0], d->user_ids[4], d->user_ids[5], d->user_ids[3]);
	if (!rc)
		rc = add_gatherings(d);
	/* A pair of records of one person, for review (after everything else
	 * that reads the caseloads). */
	if (!rc)
		rc = add_duplicate_pair(d);
	if (!rc) {
		audit_entry e = {"system", "admin", "demo.create", "",
				 size == DEMO_HUGE ? "huge demo area" : size != DEMO_SMALL
					 ? "large demo area" : "small demo area"};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		snprintf(err, err_size, "cannot create the demo area: %s", store_errmsg(s));
		store_rollback(s);
		goto out;
	}
	rc = add_history(s, seed, size, d->now, err, err_size);
	if (!rc)
		rc = add_costs(s, seed, d->now, err, err_size);
	if (rc)
		goto out;
	rc = add_intake(s, &d->g, size != DEMO_SMALL ? 200 : 8, err, err_size);
out:
	free(d->sch);
	free(d);
	return rc;
}
