/* The demo area's timebank, through the timebank's own store and acts: the
 * members (Rose, people from the area, a few organisations), offers and
 * needs across the categories, a year of confirmed exchanges, a few waiting
 * to be confirmed (one for Rose), one reversed, one member at their credit
 * limit, some with no exchange in the last 90 days, and contact requests.
 * Deterministic for a seed (but for the dates, which count back from
 * today). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_act.h"
#include "tb_demo.h"

#define N_PEOPLE 26
#define N_ORGS 4
#define N_EXCHANGES 320
#define N_INACTIVE 4 /* the last members made: nothing in the last 90 days */
#define AT_LIMIT 2   /* this member ends at their credit limit */
#define LIMIT_MINUTES 300

static const char *const titles[][2] = {
	{"Weeding and mowing small gardens", "Help to keep the back garden tidy"},
	{"Lifts to the surgery or the shops", "A lift to the hospital on Tuesdays"},
	{"Picking up shopping on my way", "Someone to do a weekly shop with me"},
	{"A cup of tea and a chat", "A friendly phone call now and then"},
	{"Putting up shelves, small repairs", "A dripping tap looked at"},
	{"Setting up phones and tablets", "Help with video calls to family"},
	{"Batch cooking for the freezer", "Learning to cook simple meals"},
	{"Help with forms and letters", "Help with a benefits form"},
	{"Walking dogs", "Someone to feed the cat while I am away"},
	{"Polish and English conversation", "Practising my English"},
	{"Knitting and mending", "Taking up a pair of trousers"},
	{"Reading aloud", "Help sorting old photographs"},
};

typedef struct {
	store *s;
	rng g;
	int64_t coordinator, rose_user;
	int64_t ids[N_PEOPLE + N_ORGS];
	char uuids[N_PEOPLE + N_ORGS][37];
	size_t n;
	char now[21];
	int64_t today;
	arena *a;
} tb_demo_area;

static void day_before(const tb_demo_area *d, int64_t days, char out[static 11]) { tb_day_format(d->today - days, out); }

static sn_err add_members(tb_demo_area *d, int64_t partner, int64_t avoid)
{
	int64_t people[N_PEOPLE], orgs[N_ORGS];
	size_t np = 0, no = 0;
	sn_err rc = tb_demo_people(d->s, d->rose_user, avoid, N_PEOPLE, people, &np);
	if (!rc)
		rc = tb_demo_orgs(d->s, partner, N_ORGS, orgs, &no);
	for (size_t i = 0; i < np && !rc; i++) {
		int64_t loc = 0;
		rng_uuid(&d->g, d->uuids[d->n]);
		rc = tb_person_locality(d->s, people[i], &loc);
		if (!rc)
			rc = tb_member_join(d->s, "person", people[i], 0, loc, d->coordinator, d->now, d->uuids[d->n],
					    &d->ids[d->n]);
		d->n++;
	}
	for (size_t i = 0; i < no && !rc; i++) {
		rng_uuid(&d->g, d->uuids[d->n]);
		rc = tb_member_join(d->s, "org", 0, orgs[i], 0, d->coordinator, d->now, d->uuids[d->n], &d->ids[d->n]);
		d->n++;
	}
	return rc;
}

static sn_err add_listings(tb_demo_area *d)
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < d->n && !rc; i++) {
		int k = 1 + (int)rng_below(&d->g, 2);
		for (int j = 0; j < k && !rc; j++) {
			size_t c = rng_below(&d->g, SN_ARRAY_LEN(titles));
			bool need = rng_below(&d->g, 3) == 0;
			char uuid[37];
			int64_t id;
			rng_uuid(&d->g, uuid);
			rc = tb_listing_add(d->s, d->ids[i], need ? "need" : "offer", (int64_t)c + 1, titles[c][need], "",
					    d->now, uuid, &id);
		}
	}
	return rc;
}

/* One exchange between members a (gives) and b, done days ago; confirmed
 * (its transfer id in *transfer) unless pending. by: who recorded it. */
static sn_err exchange(tb_demo_area *d, size_t a, size_t b, int64_t minutes, int64_t days, bool pending, int64_t by,
		       int64_t *transfer)
{
	char day[11], uuid[37];
	day_before(d, days, day);
	size_t c = rng_below(&d->g, SN_ARRAY_LEN(titles));
	tb_exchange x = {.giver_id = d->ids[a], .receiver_id = d->ids[b], .minutes = minutes, .category_id = (int64_t)c + 1,
			 .done_on = day, .description = titles[c][0], .recorded_by_side = "giver", .status = "pending"};
	rng_uuid(&d->g, uuid);
	sn_err rc = tb_exchange_add(d->s, &x, by, d->now, uuid, &x.id);
	if (rc || pending)
		return rc;
	char err[300];
	int64_t t = 0;
	rc = tb_confirm(d->s, &x, d->coordinator, d->now, d->a, &t, err, sizeof err);
	if (transfer)
		*transfer = t;
	return rc;
}

/* A member who is neither a nor one of the inactive ones. */
static size_t other(tb_demo_area *d, size_t a)
{
	size_t active = d->n - N_INACTIVE;
	size_t b = rng_below(&d->g, active - 1);
	return b >= a ? b + 1 : b;
}

static sn_err add_exchanges(tb_demo_area *d)
{
	sn_err rc = SN_OK;
	size_t active = d->n - N_INACTIVE;
	for (int i = 0; i < N_EXCHANGES && !rc; i++) {
		size_t a = i % 9 == 0 ? 0 : rng_below(&d->g, active); /* Rose often */
		if (a == AT_LIMIT)
			a = (a + 1) % active;
		size_t b = other(d, a);
		if (b == AT_LIMIT)
			b = (b + 1 + (b + 1 == a)) % active;
		int64_t minutes = 30 * (1 + (int64_t)rng_below(&d->g, 6));
		rc = exchange(d, a, b, minutes, (int64_t)rng_below(&d->g, 365), false, d->coordinator, NULL);
	}
	/* the inactive members: exchanges from 4 to 12 months ago only */
	for (size_t k = active; k < d->n && !rc; k++)
		for (int j = 0; j < 3 && !rc; j++) {
			size_t b = rng_below(&d->g, active);
			if (b == AT_LIMIT)
				b = 1;
			rc = j % 2 ? exchange(d, k, b, 60, 120 + (int64_t)rng_below(&d->g, 240), false, d->coordinator, NULL)
				   : exchange(d, b, k, 60, 120 + (int64_t)rng_below(&d->g, 240), false, d->coordinator, NULL);
		}
	return rc;
}

/* AT_LIMIT receives until their balance is exactly -LIMIT_MINUTES, then
 * gets that credit limit. */
static sn_err at_limit(tb_demo_area *d)
{
	tb_member m;
	sn_err rc = tb_member_get(d->s, d->ids[AT_LIMIT], d->a, &m);
	int64_t need = rc ? 0 : m.balance + LIMIT_MINUTES; /* minutes still to receive */
	while (!rc && need > 0) {
		int64_t k = need > 180 ? 180 : need;
		rc = exchange(d, 1, AT_LIMIT, k, 10 + (int64_t)rng_below(&d->g, 60), false, d->coordinator, NULL);
		need -= k;
	}
	if (!rc && need < 0)
		rc = exchange(d, AT_LIMIT, 1, -need, 5, false, d->coordinator, NULL);
	return rc ? rc : tb_member_set_limit(d->s, d->ids[AT_LIMIT], true, LIMIT_MINUTES);
}

static sn_err add_pending_and_reversal(tb_demo_area *d)
{
	/* one for Rose to confirm (member 3 gave her time), others between members */
	sn_err rc = exchange(d, 3, 0, 90, 2, true, d->coordinator, NULL);
	for (int i = 0; i < 4 && !rc; i++) {
		size_t a = 4 + (size_t)i;
		rc = exchange(d, a, other(d, a), 60, 1 + i, true, d->coordinator, NULL);
	}
	/* recorded twice by mistake: the second reversed */
	int64_t t = 0;
	if (!rc)
		rc = exchange(d, 5, 6, 120, 20, false, d->coordinator, NULL);
	if (!rc)
		rc = exchange(d, 5, 6, 120, 20, false, d->coordinator, &t);
	tb_transfer tr;
	char uuid[37], err[300], today[11];
	day_before(d, 0, today);
	/* the transfer's uuid, by its id: the newest of member 5's account */
	tb_transfer *rows;
	size_t n = 0;
	tb_member m;
	if (!rc)
		rc = tb_member_get(d->s, d->ids[5], d->a, &m);
	if (!rc)
		rc = tb_transfers_of(d->s, m.account_id, 1, d->a, &rows, &n);
	if (!rc && n == 1 && rows[0].id == t) {
		tr = rows[0];
		rng_uuid(&d->g, uuid);
		rc = tb_reverse(d->s, tr.uuid, "Recorded twice by mistake: the same afternoon's gardening.", d->coordinator,
				d->now, today, d->a, uuid, err, sizeof err);
	}
	return rc;
}

static sn_err add_contacts(tb_demo_area *d)
{
	static const char *const asks[] = {"Hello, I saw your offer. Would a weekday morning suit you?",
					   "Could you help me with this? I am free most afternoons.",
					   "I would like to help if I can. When would be good?"};
	sn_err rc = SN_OK;
	for (size_t i = 0; i < 6 && !rc; i++) {
		size_t from = i < 3 ? 7 + i : 0, to = i < 3 ? 0 : 10 + i; /* three to Rose, three from her */
		tb_listing *ls;
		size_t n = 0;
		rc = tb_listings_of(d->s, d->ids[to], d->a, &ls, &n);
		if (rc || !n)
			continue;
		char uuid[37];
		int64_t id = 0;
		rng_uuid(&d->g, uuid);
		rc = tb_contact_add(d->s, d->ids[from], d->ids[to], ls[0].id, asks[i % 3],
				    from == 0 ? d->rose_user : d->coordinator, d->now, uuid, &id);
		if (!rc && i == 3)
			rc = tb_contact_answer(d->s, id, "replied", "Yes, happy to. Thursday at ten?",
					       "Call 01632 960000 (a demo number) after 9am.", d->coordinator, d->now);
		if (!rc && i == 4)
			rc = tb_contact_answer(d->s, id, "declined", "", "", d->coordinator, d->now);
	}
	return rc;
}

sn_err tb_demo(store *s, uint64_t seed, int64_t rose_user, int64_t partner, int64_t coordinator, int64_t avoid)
{
	tb_demo_area *d = xcalloc(1, sizeof *d);
	d->s = s;
	d->coordinator = coordinator;
	d->rose_user = rose_user;
	d->a = arena_new();
	rng_seed(&d->g, seed ^ 0x74696d6562616e6bULL);
	time_iso8601(time_now(), d->now);
	char today[11];
	snprintf(today, sizeof today, "%.10s", d->now);
	d->today = tb_day(today);
	sn_err rc = tb_bank_set(s, "AV", "Ashby Vale Timebank", d->now);
	if (!rc)
		rc = add_members(d, partner, avoid);
	if (!rc && d->n < 12)
		rc = SN_EINTERNAL;
	if (!rc)
		rc = add_listings(d);
	if (!rc)
		rc = add_exchanges(d);
	if (!rc)
		rc = at_limit(d);
	if (!rc)
		rc = add_pending_and_reversal(d);
	if (!rc)
		rc = add_contacts(d);
	arena_free(d->a);
	free(d);
	return rc;
}
