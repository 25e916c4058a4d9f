/* The demo area's referrals (called by src/demo): live referrals in every
 * state to the services of the demo partner's organisations, answered by
 * the partner over the weeks before today; some overdue and escalated;
 * signposts to services elsewhere; Rose's own. Written through the
 * referral store and rules as the pages write them, with dates in the
 * past; the states and paths are deterministic for the seed. */
#include <stdio.h>
#include <string.h>

#include "referral_store.h"

#define DAY (24 * 3600)

/* The moves from requested that reach each state (draft: none, made as a
 * draft). */
static const struct {
	ref_status target;
	ref_status path[4];
	int steps;
} routes[] = {
	{REF_REQUESTED, {0}, 0},
	{REF_RECEIVED, {REF_RECEIVED}, 1},
	{REF_ACCEPTED, {REF_ACCEPTED}, 1},
	{REF_REJECTED, {REF_RECEIVED, REF_REJECTED}, 2},
	{REF_CANCELLED, {REF_CANCELLED}, 1},
	{REF_IN_PROGRESS, {REF_ACCEPTED, REF_IN_PROGRESS}, 2},
	{REF_ON_HOLD, {REF_ACCEPTED, REF_IN_PROGRESS, REF_ON_HOLD}, 3},
	{REF_COMPLETED, {REF_ACCEPTED, REF_IN_PROGRESS, REF_COMPLETED}, 3},
	{REF_FAILED, {REF_ACCEPTED, REF_IN_PROGRESS, REF_FAILED}, 3},
	{REF_COMPLETED, {REF_RECEIVED, REF_ACCEPTED, REF_COMPLETED}, 3},
	{REF_DRAFT, {0}, 0},
};
#define N_ROUTES (sizeof routes / sizeof routes[0])

static const char *const reasons[] = {
	"Would like company and something to look forward to in the week.",
	"Finding it hard to get out since the fall; interested in a group nearby.",
	"Cares for her husband and needs a break and someone to talk to.",
	"Wants help to get online to keep in touch with family.",
	"Lonely since moving here; asked about walking groups.",
	"Struggling with shopping and would welcome a volunteer.",
};
static const char *const outcomes[] = {
	"Goes every week now and has made two friends there.",
	"Started in the group; says it is the best part of the week.",
	"Did not feel ready; we will offer again in the spring.",
};

static const char *note_for(ref_status s)
{
	switch (s) {
	case REF_RECEIVED: return "Thank you, we have this and will call soon.";
	case REF_ACCEPTED: return "We can help: first visit booked.";
	case REF_REJECTED: return "Sorry, this is outside our area.";
	case REF_CANCELLED: return "The person has found something else.";
	case REF_IN_PROGRESS: return "Started.";
	case REF_ON_HOLD: return "Paused while in hospital.";
	default: return "";
	}
}

sn_err ref_demo_one(store *s, rng *g, const ref_demo_person *p, const ref_service *sv, size_t k,
		    int64_t partner, int64_t referrer, int64_t age, int64_t checklist_id, int64_t now)
{
	const size_t r = k % N_ROUTES;
	if (age < 0) {
		/* older referrals further along: two to ninety days ago */
		age = 2 + (int64_t)rng_below(g, 88);
		if (routes[r].target == REF_REQUESTED)
			age = (int64_t[]){1, 7, 12}[(k / N_ROUTES) % 3]; /* waiting, overdue, escalated */
	}
	if (checklist_id && routes[r].target == REF_DRAFT)
		k++, age = age ? age : 1; /* a checklist sends: never a draft */
	const size_t rr = k % N_ROUTES;
	int64_t t = now - age * DAY;
	ref_new n = {
		.person_id = p->person_id, .service_id = sv->id, .org_id = sv->org_id,
		.referrer_id = referrer ? referrer : p->worker_id, .mode = REF_LIVE,
		.status = routes[rr].target == REF_DRAFT ? REF_DRAFT : REF_REQUESTED,
		.reason = reasons[rng_below(g, sizeof reasons / sizeof reasons[0])],
		.note = routes[rr].target == REF_DRAFT ? "Started" : "Sent to the service", .consent = true,
		.shared_name = p->name, .shared_birth_date = p->birth_date,
		.shared_postcode = p->postcode, .shared_phone = p->phone, .shared_email = p->email,
		.source = checklist_id ? "checklist" : "demo", .days = sv->days, .now = t,
		.checklist_id = checklist_id,
	};
	char uuid[37];
	int64_t id = 0;
	sn_err rc = ref_insert(s, &n, uuid, &id);
	ref_status at = n.status;
	/* services answer within days, and the rest follows over weeks */
	int64_t step = age > 6 ? age * DAY / (routes[rr].steps + 1) : 3600;
	int64_t answer = (1 + (int64_t)rng_below(g, 6)) * DAY + (int64_t)rng_below(g, 8) * 3600;
	if (step > answer)
		step = answer;
	for (int i = 0; !rc && i < routes[rr].steps; i++) {
		ref_status to = routes[rr].path[i];
		t += step;
		int64_t by = to == REF_CANCELLED ? n.referrer_id : partner;
		const char *outcome = to == REF_COMPLETED ? outcomes[k % 2]
				      : to == REF_FAILED ? outcomes[2] : "";
		rc = ref_move_store(s, id, at, to, by, note_for(to), outcome, sv->days, t);
		at = to;
	}
	/* still waiting past its time: flagged as the reminder job would */
	if (!rc && at == REF_REQUESTED) {
		ref_sla x = ref_sla_at(at, now - age * DAY, sv->days, now);
		if (x == REF_SLA_OVERDUE || x == REF_SLA_ESCALATED)
			rc = ref_flag(s, id, REF_SLA_OVERDUE, ref_due_at(now - age * DAY, sv->days));
		if (!rc && x == REF_SLA_ESCALATED)
			rc = ref_flag(s, id, REF_SLA_ESCALATED, ref_due_at(now - age * DAY, 2 * sv->days));
	}
	return rc;
}

static sn_err signpost(store *s, rng *g, const ref_demo_person *p, const ref_service *sv, int64_t now)
{
	ref_new n = {
		.person_id = p->person_id, .service_id = sv->id, .org_id = sv->org_id,
		.referrer_id = p->worker_id, .mode = REF_SIGNPOST, .status = REF_COMPLETED,
		.reason = reasons[rng_below(g, sizeof reasons / sizeof reasons[0])], .note = "Signposted",
		.shared_name = p->name, .source = "demo", .days = sv->days,
		.now = now - (int64_t)(1 + rng_below(g, 120)) * DAY,
	};
	char uuid[37];
	int64_t id;
	return ref_insert(s, &n, uuid, &id);
}

sn_err ref_demo(store *s, uint64_t seed, int64_t partner, int64_t rose_user, size_t n)
{
	arena *a = arena_new();
	rng g;
	rng_seed(&g, seed ^ 0x5265666572UL);
	ref_demo_person *people;
	ref_service *mine, *any;
	size_t n_people = 0, n_mine = 0, n_any = 0;
	int64_t now = time_now();
	sn_err rc = ref_demo_people(s, rose_user, n, a, &people, &n_people);
	if (!rc)
		rc = ref_services_of_member(s, partner, a, &mine, &n_mine);
	if (!rc)
		rc = ref_services_find(s, "", 200, a, &any, &n_any);
	/* only open services take referrals */
	size_t open = 0;
	for (size_t i = 0; !rc && i < n_mine; i++)
		if (mine[i].open)
			mine[open++] = mine[i];
	n_mine = open;
	if (!rc && (n_people == 0 || n_mine == 0 || n_any == 0)) {
		arena_free(a);
		return SN_OK; /* nothing to refer to: a directory-less area */
	}
	/* Rose: accepted by the lunch club's partner, and a signpost */
	size_t live = n - n / 4;
	for (size_t k = 0; !rc && k < live; k++) {
		const ref_demo_person *p = &people[k == 0 ? 0 : k % n_people];
		const ref_service *sv = &mine[k % n_mine];
		rc = ref_demo_one(s, &g, p, sv, k == 0 ? 2 : k, partner, 0, -1, 0, now);
	}
	for (size_t k = live; !rc && k < n; k++)
		rc = signpost(s, &g, &people[k % n_people], &any[rng_below(&g, n_any)], now);
	arena_free(a);
	return rc;
}
