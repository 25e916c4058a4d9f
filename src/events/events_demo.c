/* The demo area's events (docs/events.md, "Demo"): what's on in the next
 * weeks (a full peer support session with a waiting list, a festival, a
 * community conversation, an activity listed with a directory service), a
 * past one with attendance recorded and a cancelled one. Bookings by the
 * demo accounts. Times are relative to now. */
#include <stdio.h>
#include <string.h>

#include "events_demo.h"
#include "events_store.h"

typedef struct {
	const char *title, *description, *place, *postcode;
	ev_kind kind;
	int days, hour, minute, hours; /* starts in days from today at hour:minute UTC; lasts hours */
	int64_t capacity;
	bool partner, with_service, cancelled;
	int booked, waiting, came; /* from the accounts, in order */
} demo_event;

static const demo_event events[] = {
	{"Carers' coffee and a chat", "Peer support for family carers: an hour and a half to talk with others "
	 "who look after someone, with coffee and cake. No need to say anything you do not want to.",
	 "Millbrook Community Centre, small room (step-free)", "AV2 3BD", EV_PEER_SUPPORT, 5, 10, 30, 2, 3, true,
	 false, false, 3, 2, 0},
	{"Gentle chair exercise", "Seated exercise to music for any fitness, led by a trained instructor.",
	 "Eastfield Library, activity room (step-free, hearing loop)", "", EV_ACTIVITY, 3, 14, 0, 1, 12, true, true,
	 false, 4, 0, 0},
	{"Winter festival on the green", "Stalls from local groups, carols, hot food and a warm tent with seats.",
	 "Old Town green", "", EV_FESTIVAL, 12, 11, 0, 5, 300, false, false, false, 6, 0, 0},
	{"What would make Millbrook a better place to grow old?", "A community conversation (World Café): "
	 "small tables, three rounds, and what we heard written up for everyone afterwards.",
	 "Millbrook Community Centre, main hall (step-free)", "AV2 3BD", EV_CONVERSATION, 20, 18, 0, 2, 40, false,
	 false, false, 5, 0, 0},
	{"Memory café", "A relaxed afternoon for people living with memory loss and those who care for them.",
	 "Riverside Methodist Church hall", "", EV_PEER_SUPPORT, -10, 14, 0, 2, 15, true, false, false, 5, 0, 4},
	{"Walking group: canal towpath", "Cancelled: the towpath is flooded.", "Meet at Riverside lock gates", "",
	 EV_ACTIVITY, 8, 10, 0, 2, 20, false, false, true, 2, 0, 0},
};

sn_err ev_demo(store *s, const int64_t *users, size_t n_users, int64_t coordinator, int64_t partner)
{
	arena *a = arena_new();
	int64_t org = 0, now = time_now();
	char now_iso[21];
	time_iso8601(now, now_iso);
	ev_service_opt *svc = NULL;
	size_t n_svc = 0;
	sn_err rc = ev_user_org(s, partner, &org);
	if (!rc && org)
		rc = ev_org_services(s, org, a, &svc, &n_svc);
	int64_t today = now - now % 86400;
	for (size_t i = 0; !rc && i < sizeof events / sizeof events[0]; i++) {
		const demo_event *d = &events[i];
		char starts[21], ends[21], uuid[37];
		int64_t t0 = today + (int64_t)d->days * 86400 + d->hour * 3600 + d->minute * 60, id;
		time_iso8601(t0, starts);
		time_iso8601(t0 + (int64_t)d->hours * 3600, ends);
		ev_row e = {.title = d->title, .kind = d->kind, .description = d->description, .place = d->place,
			    .postcode = d->postcode, .starts_at = starts, .ends_at = ends, .capacity = d->capacity,
			    .organization_id = d->partner ? org : 0, .service_id = d->with_service && n_svc ? svc[0].id : 0,
			    .created_by = d->partner ? partner : coordinator};
		rc = ev_insert(s, &e, now_iso, uuid, &id);
		/* bookings by the accounts in turn: booked, then waiting */
		for (int k = 0; !rc && k < d->booked + d->waiting && (size_t)k < n_users; k++) {
			rc = ev_booking_set(s, id, users[k], k < d->booked ? "booked" : "waiting", now_iso);
			if (!rc && k < d->came)
				rc = ev_attendance_set_id(s, id, users[k], true, now_iso);
		}
		if (!rc && d->cancelled) {
			e.id = id;
			rc = ev_update(s, &e, true, now_iso);
		}
	}
	arena_free(a);
	return rc;
}
