/* The demo area's First Contact (called by src/demo): eight questions, each
 * leading to services of the demo partner's organisations (one only for
 * people in the first locality), and checklists completed over the last
 * year by Grace (the partner) and Priya (a worker) with people new to
 * SupportNet, their referrals at every state; two drafts. Written through
 * the store as the pages write them, deterministic for the seed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../people/people.h"
#include "../referral/referral_store.h"
#include "fc_demo.h"
#include "fc_store.h"

#define DAY (24 * 3600)

static const char *const questions[][2] = {
	{"Would you like someone to visit or phone you for a chat now and then?", "Befriending by volunteers."},
	{"Do you look after someone who could not manage without you?", "A partner, parent, child, friend or neighbour."},
	{"Would you like help to get online?", ""},
	{"Have you had a fall in the last year, or are you worried about falling?", ""},
	{"Would you like to meet people at a local group or activity?", ""},
	{"Would you like a free home fire safety check?", ""},
	{"Do you find it hard to manage money, bills or forms?", ""},
	{"Would you like help with shopping or getting out and about?", ""},
};
#define N_Q (sizeof questions / sizeof questions[0])

static const char *const given[] = {"Edna", "Frank", "Gladys", "Harold", "Irene", "Jack", "Kathleen",
				    "Leonard", "Margaret", "Norman", "Olive", "Percy", "Rita", "Stanley"};
static const char *const family[] = {"Abbott", "Barker", "Cole", "Dawson", "Ellis", "Fletcher", "Gibson",
				     "Hughes", "Iqbal", "Jenkins", "Khan", "Lloyd", "Mason", "Nolan"};

static sn_err add_questions(store *s, const ref_service *sv, size_t n_sv, const fc_locality *loc,
			    size_t n_loc, int64_t now, int64_t qid[static N_Q], char quuid[static N_Q][37])
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < N_Q && !rc; i++) {
		rc = fc_question_add(s, questions[i][0], questions[i][1], now, quuid[i], &qid[i]);
		if (!rc)
			rc = fc_link_add(s, qid[i], sv[i % n_sv].id, 0);
		/* one question leads somewhere more for people in the first locality */
		if (!rc && i == 4 && n_sv > 1 && n_loc)
			rc = fc_link_add(s, qid[i], sv[(i + 1) % n_sv].id, loc[0].id);
	}
	return rc;
}

/* A new person for a checklist, and the ref_demo_person of them. */
static sn_err new_person(store *s, arena *a, rng *g, const fc_locality *loc, size_t n_loc, int64_t worker,
			 int64_t t, ref_demo_person *out, fc_checklist *c)
{
	char uuid[37], now[21], dob[16];
	time_iso8601(t, now);
	unsigned yy = 30u + (unsigned)rng_below(g, 30), mm = 1u + (unsigned)rng_below(g, 12),
		 dd = 1u + (unsigned)rng_below(g, 28);
	snprintf(dob, sizeof dob, "19%02u-%02u-%02u", yy % 100u, mm % 100u, dd % 100u);
	c->given_name = given[rng_below(g, sizeof given / sizeof given[0])];
	c->family_name = family[rng_below(g, sizeof family / sizeof family[0])];
	c->birth_date = arena_strdup(a, dob);
	c->postcode = "";
	c->phone = "";
	c->email = "";
	c->locality_id = n_loc ? loc[rng_below(g, n_loc)].id : 0;
	person_new n = {.given_name = c->given_name, .family_name = c->family_name, .date_of_birth = dob,
			.locality_id = c->locality_id};
	int64_t id = 0;
	uuid_v4(uuid);
	sn_err rc = people_add(s, &n, uuid, now, &id);
	if (!rc && worker)
		rc = people_relate(s, id, worker, "worker", now);
	*out = (ref_demo_person){.person_id = id, .worker_id = worker,
				 .name = arena_printf(a, "%s %s", c->given_name, c->family_name),
				 .birth_date = c->birth_date, .postcode = "", .phone = "", .email = ""};
	c->person_id = id;
	return rc;
}

static sn_err one_checklist(store *s, arena *a, rng *g, const fc_link *links, size_t n_links,
			    const ref_service *sv, size_t n_sv, const int64_t qid[static N_Q], char quuid[static N_Q][37],
			    const fc_locality *loc, size_t n_loc, int64_t author, bool worker, int64_t org,
			    int64_t partner, size_t k, int64_t now)
{
	int64_t age = 3 + (int64_t)rng_below(g, 360);
	int64_t t = now - age * DAY;
	fc_checklist c = {.by_user = author, .org_id = worker ? 0 : org};
	ref_demo_person p;
	sn_err rc = new_person(s, a, g, loc, n_loc, worker ? author : 0, t, &p, &c);
	/* answers: about a third yes */
	int64_t yes[N_Q];
	size_t n_yes = 0;
	json_t *ans = json_object();
	for (size_t i = 0; i < N_Q; i++) {
		bool y = rng_below(g, 3) == 0;
		if (y)
			yes[n_yes++] = qid[i];
		json_object_set_new(ans, quuid[i], json_boolean(y));
	}
	char *text = json_dumps(ans, JSON_COMPACT | JSON_SORT_KEYS);
	c.answers = arena_strdup(a, text ? text : "{}");
	free(text);
	json_decref(ans);
	char uuid[37];
	int64_t id = 0;
	if (!rc)
		rc = fc_checklist_insert(s, &c, t - 1800, uuid, &id);
	int64_t target[FC_TARGETS_MAX];
	size_t n_t = fc_targets(links, n_links, yes, n_yes, c.locality_id, target, FC_TARGETS_MAX);
	int64_t made = 0;
	for (size_t i = 0; i < n_t && !rc; i++)
		for (size_t j = 0; j < n_sv && !rc; j++)
			if (sv[j].id == target[i]) {
				rc = ref_demo_one(s, g, &p, &sv[j], k * 7 + i, partner, author, age, id, now);
				made++;
			}
	if (!rc)
		rc = fc_checklist_complete(s, id, p.person_id, made, t);
	return rc;
}

sn_err fc_demo(store *s, uint64_t seed, int64_t partner, int64_t worker, size_t n)
{
	arena *a = arena_new();
	rng g;
	rng_seed(&g, seed ^ 0x4669727374UL);
	ref_service *sv;
	fc_locality *loc;
	size_t n_sv = 0, n_loc = 0;
	int64_t now = time_now(), org = 0, qid[N_Q];
	char quuid[N_Q][37];
	sn_err rc = ref_services_of_member(s, partner, a, &sv, &n_sv);
	size_t open = 0;
	for (size_t i = 0; !rc && i < n_sv; i++)
		if (sv[i].open)
			sv[open++] = sv[i];
	n_sv = open;
	if (!rc)
		rc = fc_localities(s, a, &loc, &n_loc);
	if (!rc)
		rc = fc_user_org(s, partner, &org);
	if (rc || n_sv == 0) {
		arena_free(a);
		return rc;
	}
	rc = add_questions(s, sv, n_sv, loc, n_loc, now, qid, quuid);
	fc_link_row *lr = NULL;
	size_t n_links = 0;
	if (!rc)
		rc = fc_links(s, 0, a, &lr, &n_links);
	fc_link *links = arena_alloc(a, (n_links + 1) * sizeof *links);
	for (size_t i = 0; i < n_links; i++)
		links[i] = lr[i].link;
	for (size_t k = 0; k < n && !rc; k++) {
		bool by_worker = k % 10 >= 7;
		rc = one_checklist(s, a, &g, links, n_links, sv, n_sv, qid, quuid, loc, n_loc, by_worker ? worker : partner,
				   by_worker, org, partner, k, now);
	}
	/* two drafts Grace has not sent yet */
	for (int d = 0; d < 2 && !rc; d++) {
		fc_checklist c = {.by_user = partner, .org_id = org, .given_name = given[d], .family_name = family[d + 3],
				  .birth_date = "", .postcode = "", .phone = "", .email = "", .answers = "{}"};
		char uuid[37];
		int64_t id;
		rc = fc_checklist_insert(s, &c, now - (d + 1) * DAY, uuid, &id);
	}
	arena_free(a);
	return rc;
}
