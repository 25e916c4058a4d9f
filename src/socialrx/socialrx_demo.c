/* The demo area's social prescribing: a caseload for the link worker
 * (Priya) with cases at every stage (no conversation yet, follow-ups
 * later, due and overdue, done; one closed), wellbeing at the start and
 * at follow-up (better for some, worse for others), and referrals from a
 * GP practice waiting to be picked up. Through the store functions only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../people/people.h"
#include "../plan/plan_rules.h"
#include "socialrx_store.h"

static const char *day_of(arena *a, int64_t today, int64_t back)
{
	char d[11];
	civil_format(today - back, d);
	return arena_strdup(a, d);
}

static sn_err measure(store *s, int64_t case_id, int64_t by, const char *stage, const char *on, int base,
		      int step, const char *now)
{
	wb_answers w;
	wb_clear(&w);
	for (int i = 0; i < ONS4_N; i++)
		w.ons4[i] = i == ONS4_ANXIOUS ? 7 - base + step : base + step + (i % 2);
	for (int i = 0; i < UCLA3_N; i++)
		w.ucla3[i] = step > 0 ? 1 + (i == 0) : step < 0 ? 3 : 2 + (i == 2);
	for (int k = 0; k < 2; k++) {
		wb_answers p;
		wb_clear(&p);
		if (k)
			memcpy(p.ucla3, w.ucla3, sizeof p.ucla3);
		else
			memcpy(p.ons4, w.ons4, sizeof p.ons4);
		json_t *j = wb_to_json(&p);
		char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		sp_measure m = {k ? "ucla3" : "ons4", stage, on, text ? text : "{}", ""};
		sn_err rc = sp_measure_add(s, case_id, &m, by, now);
		free(text);
		if (rc)
			return rc;
	}
	return SN_OK;
}

/* One case, `age` days after it opened (conversation two days in). */
static sn_err demo_case(store *s, arena *a, int64_t person_id, int64_t worker, int64_t age, int stage,
			int64_t gp, int64_t today, const char *now)
{
	static const char *const sources[] = {"gp", "self", "professional", "other"};
	char uuid[37];
	int64_t id;
	const sp_schedule *sch = sp_schedule_shipped();
	sn_err rc = sp_case_insert(s, person_id, worker, gp ? "gp" : sources[stage % 4], gp, now, uuid, &id);
	if (rc || age < 3 || !sch)
		return rc;
	const char *held = day_of(a, today, age - 2);
	sp_conversation c = {0, held, "Getting out of the house and seeing people again since my wife died.",
		"I like gardening and I used to sing in a choir.", "I want to feel less alone in the evenings.",
		"My knee, and the bus is hard to use.", "Try the community garden on Tuesdays; ask about a lift.",
		"", ""};
	rc = sp_conversation_add(s, id, &c, worker, now);
	if (!rc)
		rc = sp_case_set_first(s, id, held);
	for (size_t i = 0; i < sch->n && !rc; i++) {
		char due[11];
		civil_format(sp_followup_due(sch, i, today - (age - 2)), due);
		rc = sp_followup_add(s, id, (int64_t)i + 1, sch->label[i], due);
	}
	if (!rc)
		rc = measure(s, id, worker, "start", held, 3 + stage % 3, 0, now);
	/* the first follow-up done when it has passed, better for most */
	sp_followup *fu;
	size_t n = 0;
	if (!rc && age - 2 > 7 * sch->weeks[0] && !(rc = sp_followups(s, id, a, &fu, &n)) && n) {
		const char *on = fu[0].due_on;
		rc = sp_followup_done(s, fu[0].id, on, stage == 3 ? "stopped" : "going",
				      stage == 3 ? "Stopped going after the group moved." : "Goes every week; made a friend.", worker);
		if (!rc)
			rc = measure(s, id, worker, "followup", on, 3 + stage % 3, stage == 3 ? -2 : 2, now);
	}
	if (!rc && stage == 4)
		rc = sp_case_close(s, id, "What mattered to them is in place", "Goes to the garden on their own now.",
				   gp ? "Goes to the community garden every week and has made friends there; no longer "
					"feels alone most days." : "", now);
	return rc;
}

/* The Millbrook Surgery referral a case came from, picked up by worker:
 * the referrer sees on /social-prescribing/sent what became of it. */
static sn_err demo_picked(store *s, arena *a, const person *p, int64_t referrer, int64_t worker,
			  const char *now, int64_t *gp)
{
	char uuid[37];
	sp_gp_referral g = {.referrer_id = referrer, .referrer_type = "gp", .referrer_name = "Grace Okafor",
		.referrer_role = "Practice nurse", .referrer_org = "Millbrook Surgery", .referrer_phone = "01632 960 100",
		.referrer_email = "", .given_name = p->given_name, .family_name = p->family_name,
		.date_of_birth = p->date_of_birth ? p->date_of_birth : "", .nhs_number = "", .postcode = "",
		.phone = "", .email = "", .gp_practice = "Millbrook Surgery",
		.reason = "Low mood and isolated since moving here; would like to get out more.",
		.what_matters = "Gardening and company", .communication_needs = "", .risks = "", .other_services = "",
		.person_id = p->id};
	sp_gp_referral got;
	sn_err rc = sp_gp_insert(s, &g, now, uuid);
	if (!rc)
		rc = sp_gp_find(s, uuid, a, &got);
	if (!rc)
		rc = sp_gp_pick(s, got.id, p->id, worker, now);
	*gp = rc ? 0 : got.id;
	return rc;
}

static sn_err demo_referrals(store *s, int64_t referrer, const char *now)
{
	static const char *const names[][2] = {{"Albert", "Fenwick"}, {"Maureen", "Castle"}, {"Desmond", "Achebe"}};
	static const char *const dobs[] = {"1941-02-11", "1950-09-30", "1962-12-01"};
	for (int i = 0; i < 3; i++) {
		char uuid[37];
		sp_gp_referral g = {.referrer_id = referrer, .referrer_type = "gp", .referrer_name = "Grace Okafor",
			.referrer_role = "Practice nurse", .referrer_org = "Millbrook Surgery", .referrer_phone = "01632 960 100",
			.referrer_email = "", .given_name = names[i][0], .family_name = names[i][1], .date_of_birth = dobs[i],
			.nhs_number = "", .postcode = "", .phone = "", .email = "", .gp_practice = "Millbrook Surgery",
			.reason = "Lonely since a bereavement; would like to meet people.", .what_matters = "Music and company",
			.communication_needs = i == 1 ? "Hard of hearing: face her when speaking" : "",
			.risks = "", .other_services = i == 2 ? "District nurses weekly" : ""};
		sn_err rc = sp_gp_insert(s, &g, now, uuid);
		if (rc)
			return rc;
	}
	return SN_OK;
}

sn_err sp_demo(store *s, uint64_t seed, int64_t worker, int64_t referrer)
{
	(void)seed;
	arena *a = arena_new();
	people_caseload_row *rows;
	size_t n = 0;
	char now[21];
	time_iso8601(time_now(), now);
	int64_t today = civil_of_time(time_now());
	sn_err rc = people_caseload(s, worker, true, a, &rows, &n);
	/* ages (days since opened): no conversation, later, due, overdue, done, closed ... */
	static const int64_t ages[] = {120, 1, 20, 45, 53, 95, 130, 40, 80, 100, 44, 60};
	static const int stages[] = {0, 1, 2, 3, 0, 1, 4, 2, 3, 1, 0, 2};
	size_t made = 0;
	for (size_t i = 0; i < n && made < 12 && !rc; i++) {
		person *p;
		/* Rose first: the record the browser tests open */
		if (people_find(s, rows[i].uuid, a, &p))
			continue;
		/* Rose's case and the closed one came from Millbrook Surgery */
		int64_t gp = 0;
		if (made == 0 || stages[made] == 4)
			rc = demo_picked(s, a, p, referrer, worker, now, &gp);
		if (!rc)
			rc = demo_case(s, a, p->id, worker, ages[made], stages[made], gp, today, now);
		made++;
	}
	if (!rc)
		rc = demo_referrals(s, referrer, now);
	arena_free(a);
	return rc;
}
