/* The demo area's neighbourhood schemes: members of all five schemes near
 * people on the worker's caseload, vetted and signed off by the
 * coordinator (one good neighbour's vetting expired, one host's expiring
 * within 30 days, one personal assistant's not yet signed off); matches
 * confirmed five weeks ago with their follow-ups (one overdue, one due this
 * week); open requests made by the worker (Rose's lift to her lunch club
 * among them, one stating a helper she does not want); and a run today on
 * good neighbours and host carers, so the coordinator has proposals to
 * confirm. Through the store and act functions only; its own generator,
 * so the rest of the area is as it was. Names are made up. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../directory/geo/geo.h"
#include "../people/people.h"
#include "../plan/plan_rules.h"
#include "scheme_act.h"

#define MEMBERS_PER_SCHEME 6
#define REQUESTS_PER_SCHEME 3

static const char *const member_names[] = {
	"Ada Fairweather", "Bilal Hussain", "Carys Penrose", "Dmitri Volkov", "Elin Marsh", "Farah Qureshi",
	"Gordon Ashcroft", "Hana Kowal", "Ifeoma Eze", "Jack Turnbull", "Kiran Bhatt", "Lena Hartley",
	"Marek Zielinski", "Nadia Rahman", "Owen Pritchard", "Priti Desai", "Quentin Hale", "Ruth Abernethy",
	"Sami Okonkwo", "Tegan Lloyd", "Usha Mehta", "Victor Stanhope", "Wendy Corbin", "Yusuf Demir",
	"Zara Whitcombe", "Alfie Brennan", "Bea Lindqvist", "Cormac Dunne", "Delyth Rowe", "Emeka Nwosu"};
static const char *const languages[] = {"English", "English", "English, Urdu", "English, Polish", "English",
					"English, Punjabi"};
static const char *const interests[] = {"gardening, music", "football, cooking", "reading, chess", "music, walking",
					"crafts, baking", "history, gardening"};

typedef struct {
	store *s;
	arena *a;
	rng g;
	web_user *dev;
	int64_t worker, resident;
	const char *rose; /* the resident's record: her own request only */
	int64_t today;
	people_caseload_row *people;
	size_t n_people;
	size_t next_person;
} demo;

static const char *day_text(demo *d, int64_t offset)
{
	char t[11];
	civil_format(d->today + offset, t);
	return arena_strdup(d->a, t);
}

static const char *time_text(demo *d, int64_t days_ago)
{
	char t[21];
	time_iso8601(time_now() - days_ago * 86400, t);
	return arena_strdup(d->a, t);
}

/* The next person of the caseload with a demo postcode. */
static sn_err next_person(demo *d, person **p)
{
	while (d->next_person < d->n_people) {
		sn_err rc = people_find(d->s, d->people[d->next_person++].uuid, d->a, p);
		if (rc)
			return rc;
		/* the first three localities, where the members are */
		const char *pc = (*p)->postcode;
		if (str_starts(pc, "AV") && pc[2] >= '1' && pc[2] <= '3' && pc[3] == ' ' && !*(*p)->merged_into &&
		    !str_eq((*p)->uuid, d->rose))
			return SN_OK;
	}
	return SN_ENOTFOUND;
}

/* Every item of what the scheme helps with, or (some) the first ones only. */
static const char *can_do_of(demo *d, const sch_scheme *sc, bool some)
{
	size_t n = some ? 1 + rng_below(&d->g, sc->n_helps) : sc->n_helps;
	char out[SCH_HELPS_MAX * (SCH_ID_MAX + 1) + 1] = "";
	for (size_t k = 0; k < n; k++) {
		if (*out)
			strcat(out, ",");
		strcat(out, sc->helps[k].id);
	}
	return arena_strdup(d->a, out);
}

static const char *training_of(demo *d, const sch_scheme *sc)
{
	char out[SCH_TRAINING_MAX * (SCH_ID_MAX + 1) + 1] = "";
	for (size_t k = 0; k < sc->n_training; k++) {
		if (*out)
			strcat(out, ",");
		strcat(out, sc->training[k].id);
	}
	return arena_strdup(d->a, out);
}

/* Member i of scheme k near locality li, with vetting: expires_in days
 * from today, signed off or not. */
static sn_err add_member(demo *d, const sch_scheme *sc, size_t k, size_t i, size_t li, int64_t expires_in,
			 bool signed_off)
{
	char pc[9];
	geo_postcodes_demo_pick(&d->g, li, pc);
	int32_t lat = 0, lon = 0;
	sn_err rc = geo_postcode_lookup(d->s, pc, &lat, &lon, NULL);
	size_t at = (k * MEMBERS_PER_SCHEME + i) % SN_ARRAY_LEN(member_names);
	sch_member m = {.scheme = sc->id, .name = member_names[at], .postcode = pc, .located = rc == SN_OK,
		.lat_e6 = lat, .lon_e6 = lon, .can_do = can_do_of(d, sc, i % 3 == 2), .languages = languages[i % 6],
		.interests = interests[(i + k) % 6], .capacity = sc->default_capacity,
		/* weekdays, mornings and afternoons, and some evenings */
		.avail = (int64_t)(0x36DB & ~(rng_below(&d->g, 2) << 3)) | (i % 2 ? 1 << 20 : 0),
		.smokes = sc->household && i == 1, .pets = sc->household && i == 2, .step_free = sc->household && i != 3,
		.rate_pence = sc->rates ? 1250 + 50 * (int64_t)i : 0};
	char uuid[37];
	int64_t id = 0;
	rc = sch_member_insert(d->s, &m, d->dev->id, time_text(d, 400), uuid, &id);
	sch_vetting_row v = {.dbs = sch_dbs_code(sc->dbs), .dbs_on = day_text(d, expires_in - 3 * 365),
			     .expires_on = day_text(d, expires_in), .refs = sc->references, .training = training_of(d, sc)};
	if (!rc)
		rc = sch_vetting_add(d->s, id, &v, d->dev->id, time_text(d, 390));
	if (!rc && signed_off)
		rc = sch_vetting_sign(d->s, id, d->dev->id, time_text(d, 389));
	return rc;
}

static sn_err add_members(demo *d, const sch_scheme *sc, size_t k)
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < MEMBERS_PER_SCHEME && !rc; i++) {
		int64_t expires = 400 + 40 * (int64_t)i;
		bool signed_off = true;
		if (str_eq(sc->id, "good-neighbours") && i == 5)
			expires = -12; /* expired: out of matching */
		if (str_eq(sc->id, "host-carers") && i == 4)
			expires = 20; /* expiring within 30 days */
		if (str_eq(sc->id, "pa-register") && i == 5)
			signed_off = false;
		rc = add_member(d, sc, k, i, i % 3, expires, signed_off);
	}
	return rc;
}

/* A request for p, made by the worker days_ago days ago. */
static sn_err add_request(demo *d, const sch_scheme *sc, const person *p, int64_t days_ago, const char *needs,
			  const char *notes, int64_t *id, char uuid[static 37])
{
	int32_t lat = 0, lon = 0;
	sn_err where = geo_postcode_lookup(d->s, p->postcode, &lat, &lon, NULL);
	sch_request q = {.scheme = sc->id, .person_id = p->id, .needs = needs ? needs : sc->helps[0].id, .demand = 1,
		.avail = 0x1FF | (int64_t)rng_below(&d->g, 1 << 12) << 9, .languages = "English",
		.interests = interests[rng_below(&d->g, 6)], .notes = notes ? notes : "", .postcode = p->postcode,
		.located = where == SN_OK, .lat_e6 = lat, .lon_e6 = lon, .made_by_id = d->worker,
		.no_smoking = sc->household, .max_rate_pence = sc->rates ? 1500 : 0};
	return sch_request_insert(d->s, &q, time_text(d, days_ago), uuid, id);
}

/* Five weeks ago: a request, a run and every proposal confirmed, so the
 * follow-ups (2 and 6 weeks on) are one overdue and one due soon. */
static sn_err past_match(demo *d, const sch_scheme *sc, person **out)
{
	person *p;
	sn_err rc = next_person(d, &p);
	*out = rc ? NULL : p;
	int64_t id;
	char uuid[37], run[37], err[200];
	if (!rc)
		rc = add_request(d, sc, p, 37, NULL, NULL, &id, uuid);
	if (!rc)
		rc = sch_run_scheme(d->s, sc, d->dev, d->today - 35, time_text(d, 35), run, err, sizeof err);
	sch_run_row rr;
	sch_proposal_row *pr;
	size_t n = 0;
	if (!rc)
		rc = sch_run_find(d->s, run, d->a, &rr);
	if (!rc)
		rc = sch_proposals_of_run(d->s, rr.id, d->a, &pr, &n);
	for (size_t i = 0; i < n && !rc; i++)
		rc = sch_confirm(d->s, sc, &pr[i], d->dev, d->today - 35, time_text(d, 35));
	return rc;
}

/* Rose asks good neighbours for a lift to her lunch club, and does not
 * want one particular helper. */
static sn_err rose_request(demo *d, const sch_scheme *sc)
{
	person *p;
	if (!d->rose)
		return SN_OK;
	sn_err rc = people_find(d->s, d->rose, d->a, &p);
	if (rc)
		return rc;
	int64_t id;
	char uuid[37];
	rc = add_request(d, sc, p, 3, "lift", "A lift to the Tuesday lunch club at Northgate library.", &id, uuid);
	sch_member *m;
	size_t n = 0;
	if (!rc)
		rc = sch_members_of(d->s, sc->id, d->a, &m, &n);
	if (!rc && n > 3)
		rc = sch_exclusion_add(d->s, id, m[3].id, "stated");
	return rc;
}

static sn_err scheme_demo(demo *d, const sch_scheme *sc, size_t k)
{
	sn_err rc = add_members(d, sc, k);
	person *past = NULL;
	if (!rc && k != 4) /* homeshare: no match yet */
		rc = past_match(d, sc, &past);
	if (!rc && str_eq(sc->id, "good-neighbours"))
		rc = rose_request(d, sc);
	/* the person matched before asks again: continuity with their helper */
	if (!rc && past && str_eq(sc->id, "good-neighbours")) {
		int64_t id;
		char uuid[37];
		rc = add_request(d, sc, past, 2, "lift", "A lift to the dentist on Wednesday.", &id, uuid);
	}
	for (size_t i = 0; i < REQUESTS_PER_SCHEME && !rc; i++) {
		person *p;
		int64_t id;
		char uuid[37];
		rc = next_person(d, &p);
		if (!rc)
			rc = add_request(d, sc, p, 1 + (int64_t)i, NULL, NULL, &id, uuid);
	}
	/* proposals waiting for the coordinator */
	char run[37], err[200];
	if (!rc && (str_eq(sc->id, "good-neighbours") || str_eq(sc->id, "host-carers")))
		rc = sch_run_scheme(d->s, sc, d->dev, d->today, time_text(d, 0), run, err, sizeof err);
	return rc;
}

sn_err sch_demo(store *s, uint64_t seed, int64_t coordinator, int64_t worker, int64_t resident)
{
	const sch_schemes *all = sch_shipped();
	if (!all)
		return SN_EINTERNAL;
	demo d = {.s = s, .a = arena_new(), .worker = worker, .resident = resident, .today = civil_of_time(time_now())};
	rng_seed(&d.g, seed ^ 0x7363686d6573u);
	sn_err rc = user_load(s, coordinator, d.a, &d.dev);
	if (!rc)
		rc = people_uuid_of_user(s, resident, d.a, &d.rose);
	if (!rc)
		rc = people_caseload(s, worker, true, d.a, &d.people, &d.n_people);
	for (size_t k = 0; k < all->n && !rc; k++)
		rc = scheme_demo(&d, &all->s[k], k);
	arena_free(d.a);
	return rc;
}
