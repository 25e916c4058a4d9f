/* Events for everyone (docs/events.md): the list of what's on and an
 * event's page (public, part of the directory), booking a place or
 * joining the waiting list, giving a place back (the first on the
 * waiting list moves up), and your bookings. Who booked what is personal:
 * only the person and the event's organisers see it, and each booking,
 * giving back and organiser's reading is audited. */
#include <stdio.h>
#include <string.h>

#include "../mail/mail.h"
#include "events_int.h"

#define LIST_PAGE 25

/* "12 December 2026, 10:30am to 12:30pm" on one day, else both in full. */
static const char *when_words(req *r, const ev_row *e)
{
	const char *a = time_uk_when(r->a, e->starts_at), *b = time_uk_when(r->a, e->ends_at);
	const char *at_a = strstr(a, " at "), *at_b = strstr(b, " at ");
	if (at_a && at_b && at_a - a == at_b - b && strncmp(a, b, (size_t)(at_a - a)) == 0)
		return arena_printf(r->a, "%.*s, %s to %s", (int)(at_a - a), a, at_a + 4, at_b + 4);
	return arena_printf(r->a, "%s to %s", a, b);
}

json_t *ev_view(req *r, const ev_row *e)
{
	int64_t starts = 0, now = time_now();
	time_parse_iso8601(e->starts_at, &starts);
	bool cancelled = str_eq(e->status, "cancelled");
	int64_t left = ev_places_left(e->booked, e->capacity);
	json_t *v = json_pack("{sssssssssssssssssssssssssIsIsIsIsbsbsbssss}", "id", e->uuid, "title", e->title, "kind",
		ev_kind_code(e->kind), "kind_words", ev_kind_words(e->kind), "description", e->description, "place",
		e->place, "postcode", e->postcode, "starts", time_uk_when(r->a, e->starts_at), "ends",
		time_uk_when(r->a, e->ends_at), "org_name", e->org_name, "service_id", e->service_uuid, "service_name",
		e->service_name, "capacity", (json_int_t)e->capacity, "booked", (json_int_t)e->booked, "waiting",
		(json_int_t)e->waiting, "places_left", (json_int_t)left, "full", left == 0, "cancelled", cancelled,
		"open", ev_open_for_booking(cancelled, starts, now), "places_words",
		left ? text_count(r->a, left, "place left", "places left") : "Full: you can join the waiting list",
		"when", when_words(r, e));
	/* a community conversation's notes, themes and actions (src/coproduction) */
	json_object_set_new(v, "conversation", json_boolean(e->kind == EV_CONVERSATION));
	return v;
}

sn_err ev_of_path(req *r, reply *out, ev_row *e, bool *stop)
{
	*stop = false;
	sn_err rc = ev_find(r->db, req_get(r, "id"), r->a, e);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		*stop = true;
		return reply_error(r, out, 404, "There is no such event.");
	}
	return rc;
}

sn_err ev_organiser(req *r, const ev_row *e, bool *yes)
{
	*yes = r->user && ((r->user->roles & (R_ADMIN | R_COORDINATOR)) || e->created_by == r->user->id);
	if (*yes || !r->user || !e->organization_id || !(r->user->roles & R_PARTNER))
		return SN_OK;
	return ev_is_member(r->db, r->user->id, e->organization_id, yes);
}

sn_err ev_fill_places(req *r, const ev_row *e, const char *now)
{
	int64_t n = ev_move_up(e->booked, e->capacity, e->waiting);
	if (n <= 0)
		return SN_OK;
	int64_t *ids = arena_alloc(r->a, (size_t)n * sizeof *ids);
	size_t got = 0, n_mail = 0;
	const char **emails;
	sn_err rc = ev_move_up_store(r->db, e->id, n, now, ids, &got);
	if (!rc)
		rc = ev_emails(r->db, ids, got, r->a, &emails, &n_mail);
	const char *base = web_base_url();
	char domain[256], err[200];
	mail_domain_of(base, domain);
	for (size_t i = 0; !rc && i < n_mail; i++) {
		bool queued = false;
		if (!mail_addr_ok(emails[i]))
			continue;
		rc = mail_queue(r->db, arena_printf(r->a, "event:%s:up:%s:%s", e->uuid, emails[i], now), "events",
				emails[i], "A place has come up for you",
				arena_printf(r->a, "A place has come up at an event you were on the waiting list for, "
					     "and it is yours.\n\nSee your bookings, or give the place back: %s/events/mine\n",
					     base),
				domain, &queued, err, sizeof err);
		if (rc == SN_EINPUT || rc == SN_ETOOBIG)
			rc = SN_OK; /* a bad address tells no one */
	}
	for (size_t i = 0; !rc && i < got; i++) {
		audit_entry a = {"", "system", "event.moved_up", arena_printf(r->a, "event:%s", e->uuid),
				 arena_printf(r->a, "user %lld from the waiting list", (long long)ids[i])};
		rc = audit_append(r->db, &a);
	}
	return rc;
}

sn_err ev_list_page(req *r, reply *out)
{
	const char *kind = req_get(r, "kind");
	ev_kind k;
	if (*kind && !ev_kind_parse(kind, &k))
		kind = "";
	int64_t page = req_get_i64(r, "page", 1);
	char now[21];
	time_iso8601(time_now(), now);
	ev_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	sn_err rc = ev_upcoming(r->db, now, 0, *kind ? kind : NULL, LIST_PAGE, (page - 1) * LIST_PAGE, r->a, &rows,
				&n, &total);
	if (rc)
		return rc;
	json_t *list = json_array(), *kinds = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, ev_view(r, &rows[i]));
	for (int i = 0; i < EV_N_KINDS; i++)
		json_array_append_new(kinds, json_pack("{sssssb}", "code", ev_kind_code((ev_kind)i), "words",
			ev_kind_words((ev_kind)i), "selected", str_eq(kind, ev_kind_code((ev_kind)i))));
	int64_t pages = total ? (total + LIST_PAGE - 1) / LIST_PAGE : 1;
	return reply_page(out, 200, "events/list", "What's on",
		json_pack("{sosbsosIsIsbsbsIsIsssb}", "events", list, "has_events", n > 0, "kinds", kinds, "total",
			  (json_int_t)total, "page", (json_int_t)page, "has_prev", page > 1, "has_next", page < pages,
			  "prev", (json_int_t)(page - 1), "next", (json_int_t)(page + 1), "kind", kind, "can_add",
			  r->user && (r->user->roles & EV_ORGANISERS)));
}

sn_err ev_show_page(req *r, reply *out)
{
	ev_row e;
	bool stop, organiser = false;
	sn_err rc = store_begin(r->db);
	if (!rc)
		rc = ev_of_path(r, out, &e, &stop);
	if (rc || stop)
		return rc;
	const char *mine = "";
	if (r->user)
		rc = ev_booking_of(r->db, e.id, r->user->id, r->a, &mine);
	if (!rc)
		rc = ev_organiser(r, &e, &organiser);
	store_rollback(r->db);
	if (rc)
		return rc;
	json_t *v = ev_view(r, &e);
	json_object_set_new(v, "signed_in", json_boolean(r->user != NULL));
	json_object_set_new(v, "you_booked", json_boolean(str_eq(mine, "booked")));
	json_object_set_new(v, "you_wait", json_boolean(str_eq(mine, "waiting")));
	json_object_set_new(v, "organiser", json_boolean(organiser));
	json_object_set_new(v, "done", json_string(req_get(r, "done")));
	return reply_page(out, 200, "events/show", e.title, v);
}

/* Books, or gives back, the caller's own place, in one write transaction
 * holding the event's lock, so two people never both take the last place. */
static sn_err booking(req *r, reply *out, bool book)
{
	ev_row e;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = ev_of_path(r, out, &e, &stop);
	if (rc || stop)
		return rc;
	int64_t starts = 0;
	time_parse_iso8601(e.starts_at, &starts);
	if (!ev_open_for_booking(str_eq(e.status, "cancelled"), starts, time_now())) {
		store_rollback(r->db);
		return reply_error(r, out, 409, str_eq(e.status, "cancelled") ? "This event has been cancelled."
			: "This event has started, so places can no longer be booked or given back.");
	}
	char now[21];
	time_iso8601(time_now(), now);
	const char *mine = "", *done = "";
	rc = ev_lock(r->db, e.id);
	if (!rc) /* the counts again, under the lock */
		rc = ev_find(r->db, e.uuid, r->a, &e);
	if (!rc)
		rc = ev_booking_of(r->db, e.id, r->user->id, r->a, &mine);
	bool had = str_eq(mine, "booked") || str_eq(mine, "waiting");
	if (!rc && book && !had) {
		ev_place p = ev_booking(e.booked, e.capacity);
		rc = ev_booking_set(r->db, e.id, r->user->id, p == EV_BOOKED ? "booked" : "waiting", now);
		done = p == EV_BOOKED ? "booked" : "waiting";
	} else if (!rc && !book && had) {
		rc = ev_booking_set(r->db, e.id, r->user->id, "cancelled", now);
		if (!rc && str_eq(mine, "booked"))
			e.booked--;
		else if (!rc)
			e.waiting--;
		if (!rc)
			rc = ev_fill_places(r, &e, now);
		done = "given-back";
	}
	if (!rc && *done) {
		audit_entry a = {r->user->uuid, "self", book ? "event.book" : "event.give_back",
				 arena_printf(r->a, "event:%s", e.uuid), arena_printf(r->a, "%s, own place", done)};
		rc = audit_append(r->db, &a);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/events/%s%s%s", e.uuid, *done ? "?done=" : "", done));
}

sn_err ev_book_save(req *r, reply *out) { return booking(r, out, true); }
sn_err ev_unbook_save(req *r, reply *out) { return booking(r, out, false); }

sn_err ev_mine_page(req *r, reply *out)
{
	ev_booking_row *rows = NULL;
	size_t n = 0;
	sn_err rc = ev_bookings_of_user(r->db, r->user->id, r->a, &rows, &n);
	if (rc)
		return rc;
	json_t *list = json_array(), *organised = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{sssssssbsbsb}", "id", rows[i].event_uuid, "title",
			rows[i].event_title, "starts", time_uk_when(r->a, rows[i].starts_at), "booked",
			str_eq(rows[i].status, "booked"), "waiting", str_eq(rows[i].status, "waiting"), "cancelled",
			str_eq(rows[i].event_status, "cancelled")));
	ev_row *org = NULL;
	size_t n_org = 0;
	if (r->user->roles & EV_ORGANISERS)
		rc = ev_organised(r->db, r->user->id, 50, r->a, &org, &n_org);
	for (size_t i = 0; !rc && i < n_org; i++)
		json_array_append_new(organised, ev_view(r, &org[i]));
	if (rc) {
		json_decref(list);
		json_decref(organised);
		return rc;
	}
	return reply_page(out, 200, "events/mine", "Your bookings",
			  json_pack("{sosbsosbsb}", "bookings", list, "has_bookings", n > 0, "organised", organised,
				    "has_organised", n_org > 0, "can_add", (r->user->roles & EV_ORGANISERS) != 0));
}

sn_err ev_service_section(req *r, int64_t service_id, json_t *view)
{
	char now[21];
	time_iso8601(time_now(), now);
	ev_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	sn_err rc = ev_upcoming(r->db, now, service_id, NULL, 5, 0, r->a, &rows, &n, &total);
	if (rc || n == 0)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, ev_view(r, &rows[i]));
	json_object_set_new(view, "events", list);
	json_object_set_new(view, "has_events", json_true());
	return SN_OK;
}
