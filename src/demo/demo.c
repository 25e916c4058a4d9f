/* The demo area "Ashby Vale": localities, logins for every role, and person
 * records with relationships, generated from a seed. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../assessment/assessment.h"
#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../check/check.h"
#include "../directory/curate/curate.h"
#include "../directory/geo/geo.h"
#include "../directory/search/search.h"
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
		out[9] = (char)('0' + check);
		out[10] = 0;
		return;
	}
}

static sn_err add_person(store *s, rng *g, const char *given_name,
			 const char *family_name, int64_t locality_id, size_t locality_index,
			 int64_t user_id, int64_t *id_out)
{
	char uuid[37], nhs[11], dob[48], pc[16], now[21];
	rng_uuid(g, uuid);
	nhs_number(g, nhs);
	snprintf(dob, sizeof dob, "%04d-%02d-%02d", 1930 + (int)rng_below(g, 70),
		 1 + (int)rng_below(g, 12), 1 + (int)rng_below(g, 28));
	/* One of the demo area's own postcodes, which resolve to a centroid. */
	geo_postcodes_demo_pick(g, locality_index, pc);
	time_iso8601(time_now(), now);
	if (user_id)
		return store_one_i64(s, id_out, "INSERT INTO people(uuid, given_name, family_name, "
				     "date_of_birth, nhs_number, postcode, locality_id, user_id, "
				     "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
				     "ttttttiitt", uuid, given_name, family_name, dob, nhs, pc,
				     locality_id, user_id, now, now);
	return store_one_i64(s, id_out, "INSERT INTO people(uuid, given_name, family_name, "
			     "date_of_birth, nhs_number, postcode, locality_id, created_at, "
			     "updated_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
			     "ttttttitt", uuid, given_name, family_name, dob, nhs, pc,
			     locality_id, now, now);
}

static sn_err relate(store *s, int64_t person, int64_t user, const char *kind)
{
	char now[21];
	time_iso8601(time_now(), now);
	return store_run(s, "INSERT INTO relationships(person_id, user_id, kind, since) "
			    "VALUES (?,?,?,?)", "iitt", person, user, kind, now);
}

/* A needs assessment record: most outcomes achieved, some not, in one of
 * the four ways; a condition; an impact on a few areas of wellbeing. */
static json_t *demo_record(rng *g)
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
		const char *way = k < 8 ? "none" : elig_way_key((elig_way)(1 + rng_below(g, 4)));
		json_object_set_new(outs, elig_outcome_key(false, i), json_pack("{s:s, s:b, s:s}",
			"way", way, "fluctuates", strcmp(way, "none") != 0 && rng_below(g, 3) == 0,
			"note", ""));
	}
	json_t *wb = json_array();
	for (size_t i = 0; i < ASMT_N_WELLBEING; i++)
		if (rng_below(g, 4) == 0)
			json_array_append_new(wb, json_string(asmt_wellbeing_key(i)));
	return json_pack("{s:s, s:b, s:s, s:o, s:o, s:s, s:{s:s, s:s, s:s}}", "kind", "adult",
		"impairment", rng_below(g, 10) < 9, "impairment_note", "", "outcomes", outs,
		"wellbeing", wb, "wellbeing_note", "",
		"strengths", "person", person_does[rng_below(g, 4)], "carer", carer_does[rng_below(g, 4)],
		"community", community[rng_below(g, 4)]);
}

/* An indicative budget for a decided assessment: the demo scheme's
 * questions answered at random (mostly low), through the real rule. */
static sn_err demo_budget(store *s, rng *g, const ras_scheme *sch, int64_t aid, int64_t worker,
			  const char *now)
{
	json_t *answers = json_object();
	for (size_t q = 0; q < sch->n_questions; q++) {
		const ras_question *qq = &sch->questions[q];
		uint64_t k = rng_below(g, qq->n_answers + 2);
		json_object_set_new(answers, qq->key,
			json_string(qq->answers[k < qq->n_answers ? k : 0].key));
	}
	static const char *const groups[] = {"older_people", "older_people", "physical_disability",
					     "learning_disability", "mental_health"};
	const char *grp = groups[rng_below(g, SN_ARRAY_LEN(groups))];
	if (ras_group_index(sch, grp) < 0)
		grp = sch->groups[0].key;
	json_t *c = json_pack("{s:s, s:s, s:s, s:o}", "scheme", sch->id, "year",
			      sch->years[sch->n_years - 1], "client_group", grp, "answers", answers);
	char *text = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	ras_case *rc_case = xcalloc(1, sizeof *rc_case);
	ras_result *res = xcalloc(1, sizeof *res);
	char err[256];
	sn_err rc = ras_case_from_json(text, strlen(text), sch, NULL, rc_case, err, sizeof err);
	if (!rc)
		rc = ras_compute(sch, rc_case, res);
	if (!rc) {
		json_t *rj = ras_result_to_json(sch, rc_case, res);
		char *result = json_dumps(rj, JSON_COMPACT);
		json_decref(rj);
		rc = store_run(s, "INSERT INTO budgets (assessment_id, assessment_version, scheme, "
			       "scheme_version, year, client_group, answers, weekly_budget_pence, result, "
			       "saved_by, saved_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       "iti" "ttti" "tit", aid, sch->id, (int64_t)sch->version, rc_case->year,
			       rc_case->client_group, text, res->weekly_budget_pence, result, worker, now);
		free(result);
	}
	free(text);
	free(rc_case);
	free(res);
	return rc;
}

/* Rose's financial assessment: the example case of docs/rules.md (State
 * Pension and Attendance Allowance, £15,000 of savings), through the rule. */
static sn_err demo_financial(store *s, int64_t person, int64_t worker, const char *now)
{
	char year[8], err[256];
	chg_rates_year_for(time_now(), year);
	json_t *c = json_pack("{s:s, s:i, s:b, s:I, s:{s:i, s:i}, s:i, s:i, s:i}", "year", year,
			      "age", 78, "couple", 0, "capital_pence", (json_int_t)1500000,
			      "weekly_income_pence", "state_pension", 23030, "attendance_allowance", 7330,
			      "weekly_dre_pence", 1000, "weekly_housing_pence", 0,
			      "weekly_care_cost_pence", 22500);
	char *text = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	chg_case *cs = xcalloc(1, sizeof *cs);
	chg_rates *rates = xcalloc(1, sizeof *rates);
	chg_result *res = xcalloc(1, sizeof *res);
	sn_err rc = chg_case_from_json(text, strlen(text), NULL, time_now(), cs, rates, err, sizeof err);
	if (!rc)
		rc = chg_compute(rates, cs, res);
	if (!rc) {
		json_t *rj = chg_result_to_json(cs, res);
		char *result = json_dumps(rj, JSON_COMPACT);
		json_decref(rj);
		rc = store_run(s, "INSERT INTO financial_assessments (person_id, year, input, "
			       "weekly_charge_pence, full_cost, result, saved_by, saved_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "itti" "itit", person, cs->year, text,
			       res->weekly_charge_pence, (int64_t)res->full_cost, result, worker, now);
		free(result);
	}
	free(text);
	free(cs);
	free(rates);
	free(res);
	return rc;
}

/* Adds an assessment for person by worker, and decides it when asked;
 * a decided eligible one gets an indicative budget when sch is given. */
static sn_err demo_assessment(store *s, int64_t person, int64_t worker, json_t *rec, bool decide,
			      const char *now, rng *g, const ras_scheme *sch)
{
	char uuid[37];
	int64_t aid = 0;
	sn_err rc = asmt_insert(s, person, false, rec, worker, now, uuid, &aid);
	json_decref(rec);
	if (!rc && decide)
		rc = store_run(s, "UPDATE assessment_versions SET decision = 'confirmed', "
			       "decided_eligible = computed_eligible, decided_by = ?, decided_at = ? "
			       "WHERE assessment_id = ? AND version = 1", "iti", worker, now, aid);
	if (!rc && decide)
		rc = store_run(s, "UPDATE assessments SET status = 'decided' WHERE id = ?", "i", aid);
	int64_t eligible = 0;
	if (!rc && decide && sch)
		rc = store_one_i64(s, &eligible, "SELECT computed_eligible FROM assessment_versions "
				   "WHERE assessment_id = ? AND version = 1", "i", aid);
	if (!rc && eligible)
		rc = demo_budget(s, g, sch, aid, worker, now);
	return rc;
}

/* Requests for an assessment in the intake queue, each from a self-check
 * answered at random (more "no" than "yes") through the real engine, and
 * sent the way the page sends them. */
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
		intake_new in = {.source = "self_check", .given_name = gn, .family_name = fn,
				 .date_of_birth = "", .phone = phone, .email = email, .postcode = pc,
				 .for_whom = rng_below(g, 3) ? "self" : "someone_else",
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

sn_err demo_create(store *s, uint64_t seed, demo_size size, char *err,
		   size_t err_size)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT (SELECT count(*) FROM users) + "
					 "(SELECT count(*) FROM people)", "");
	if (rc) {
		snprintf(err, err_size, "cannot read the database: %s", store_errmsg(s));
		return rc;
	}
	if (n) {
		snprintf(err, err_size, "the database already has data; give a new file to --db");
		return SN_ECONFLICT;
	}
	rng g;
	rng_seed(&g, seed);
	ras_scheme *sch = NULL;
	char hash[128];
	if (password_hash(DEMO_PASSWORD, hash)) {
		snprintf(err, err_size, "cannot hash the demo password");
		return SN_EINTERNAL;
	}
	rc = store_begin_write(s);
	if (rc)
		goto out;
	int64_t loc_ids[SN_ARRAY_LEN(localities)];
	for (size_t i = 0; i < SN_ARRAY_LEN(localities) && !rc; i++) {
		char uuid[37];
		rng_uuid(&g, uuid);
		rc = store_one_i64(s, &loc_ids[i], "INSERT INTO localities(uuid, name) "
				   "VALUES (?,?) RETURNING id", "tt", uuid, localities[i]);
	}
	int64_t user_ids[16] = {0};
	for (size_t i = 0; i < demo_n_logins && !rc; i++) {
		uint32_t roles = 0;
		char uuid[37];
		rng_uuid(&g, uuid);
		role_parse(demo_logins[i].roles, &roles);
		rc = user_add_hashed(s, demo_logins[i].email, demo_logins[i].name, roles,
				     hash, uuid, &user_ids[i]);
	}
	/* The demo area's postcode centroids (its own made-up AV postcodes). */
	if (!rc)
		rc = geo_postcodes_demo(s, loc_ids, SN_ARRAY_LEN(localities), seed);
	/* Rose has her own record; Sam (carer) is named on it; Priya is her
	 * assigned worker; Tom is not. */
	int64_t rose = 0;
	if (!rc)
		rc = add_person(s, &g, "Rose", "Ashdown", loc_ids[0], 0, user_ids[0], &rose);
	if (!rc)
		rc = relate(s, rose, user_ids[1], "named");
	if (!rc)
		rc = relate(s, rose, user_ids[2], "worker");
	sch = xcalloc(1, sizeof *sch);
	if (!rc && ras_scheme_load(RAS_DEFAULT_SCHEME, sch, err, err_size)) {
		store_rollback(s);
		free(sch);
		return SN_EINTERNAL;
	}
	/* Rose's needs assessment, decided: eligible (two outcomes, a
	 * condition, an impact on her health and control). */
	char now[21];
	time_iso8601(time_now(), now);
	if (!rc) {
		json_t *rec = json_pack(
			"{s:s, s:b, s:s, s:{s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s},"
			" s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s}, s:{s:s,s:b,s:s},"
			" s:{s:s,s:b,s:s}}, s:[s,s], s:s, s:{s:s, s:s, s:s}}",
			"kind", "adult", "impairment", 1, "impairment_note", "Arthritis in both hands and knees.",
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
		rc = demo_assessment(s, rose, user_ids[2], rec, true, now, &g, sch);
	}
	if (!rc)
		rc = demo_financial(s, rose, user_ids[2], now);
	bool big = size != DEMO_SMALL;
	int people = big ? 5000 : 240;
	for (int i = 0; i < people && !rc; i++) {
		int64_t id = 0;
		const char *gn = given[rng_below(&g, SN_ARRAY_LEN(given))];
		const char *fn = family[rng_below(&g, SN_ARRAY_LEN(family))];
		size_t li = rng_below(&g, SN_ARRAY_LEN(localities));
		rc = add_person(s, &g, gn, fn, loc_ids[li], li, 0, &id);
		/* A third each to Priya and Tom; the rest unassigned. */
		uint64_t k = rng_below(&g, 3);
		if (!rc && k < 2)
			rc = relate(s, id, user_ids[k == 0 ? 2 : 3], "worker");
		/* Assessments at every stage: none yet (1 in 5), a draft (1 in
		 * 5), decided (the rest). */
		uint64_t stage = rng_below(&g, 5);
		if (!rc && k < 2 && stage > 0)
			rc = demo_assessment(s, id, user_ids[k == 0 ? 2 : 3], demo_record(&g), stage > 1, now,
					     &g, sch);
	}
	/* The directory: 300 services (100,000 for the large area, 1,000,000
	 * for the huge one). */
	if (!rc)
		rc = search_index_bulk(s); /* the word index in one pass afterwards */
	if (!rc)
		rc = curate_demo_directory(s, seed, loc_ids, SN_ARRAY_LEN(localities),
			      size == DEMO_HUGE ? 1000000 : big ? 100000 : 300, err, err_size);
	if (!rc)
		rc = search_index_rebuild(s, NULL, NULL);
	/* Reviews: members for the partner login, entries due and overdue. */
	if (!rc)
		rc = curate_demo_reviews(s, seed);
	/* A partner's change waiting for a moderator, and an entry with history. */
	if (!rc)
		rc = curate_demo_changes(s, now);
	if (!rc) {
		audit_entry e = {"system", "admin", "demo.create", "",
				 size == DEMO_HUGE ? "huge demo area" : big ? "large demo area"
							   : "small demo area"};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
out:
	free(sch);
	if (rc) {
		snprintf(err, err_size, "cannot create the demo area: %s", store_errmsg(s));
		store_rollback(s);
		return rc;
	}
	return add_intake(s, &g, size != DEMO_SMALL ? 200 : 8, err, err_size);
}
