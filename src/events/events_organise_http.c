/* Organising events (docs/events.md): a new event (coordinators, partners
 * for their own organisation, administrators), and for its organisers the
 * bookings and the waiting list, attendance, the number of places (more
 * places move the waiting list up) and cancelling it (everyone booked or
 * waiting is told). A form with a problem is shown again (422) naming the
 * fields, and nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../mail/mail.h"
#include "../once/once.h"
#include "events_int.h"

static bool has_errors(const req *r) { return r->errors && json_array_size(r->errors) > 0; }

/* The caller's organisation's open services, for "listed with". */
static json_t *service_options(req *r, int64_t org, const char *chosen)
{
	ev_service_opt *s = NULL;
	size_t n = 0;
	json_t *list = json_array();
	if (org && ev_org_services(r->db, org, r->a, &s, &n) == SN_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{sssssb}", "id", s[i].uuid, "name", s[i].name, "selected",
							      str_eq(chosen, s[i].uuid)));
	return list;
}

static json_t *new_view(req *r, int64_t org)
{
	static const char *const keys[] = {"title", "description", "place", "postcode", "capacity", "starts-day",
		"starts-month", "starts-year", "starts-time", "ends-day", "ends-month", "ends-year", "ends-time"};
	json_t *v = json_object();
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		json_object_set_new(v, keys[i], json_string(req_form(r, keys[i])));
	json_t *kinds = json_array();
	for (int k = 0; k < EV_N_KINDS; k++)
		json_array_append_new(kinds, json_pack("{sssssssb}", "id", k ? arena_printf(r->a, "kind-%d", k) : "kind",
			"value", ev_kind_code((ev_kind)k), "label", ev_kind_words((ev_kind)k), "checked",
			str_eq(req_form(r, "kind"), ev_kind_code((ev_kind)k))));
	json_t *services = service_options(r, org, req_form(r, "service"));
	json_object_set_new(v, "has_services", json_boolean(json_array_size(services) > 0));
	json_object_set_new(v, "services", services);
	json_object_set_new(v, "kinds", kinds);
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return v;
}

static sn_err caller_org(req *r, int64_t *org)
{
	*org = 0;
	return (r->user->roles & R_PARTNER) ? ev_user_org(r->db, r->user->id, org) : SN_OK;
}

sn_err ev_new_form(req *r, reply *out)
{
	int64_t org;
	sn_err rc = caller_org(r, &org);
	return rc ? rc : reply_page(out, 200, "events/new", "A new event", new_view(r, org));
}

static const char *text(req *r, const char *field, size_t max, bool required, const char *what)
{
	const char *v = req_form(r, field);
	if (strlen(v) > max)
		req_add_error(r, field, arena_printf(r->a, "%s must be at most %zu characters", what, max));
	else if (required && !*v)
		req_add_error(r, field, arena_printf(r->a, "Enter %s", what));
	return v;
}

/* The form into e; errors named by field. */
static void read_event(req *r, ev_row *e, int64_t org, char starts[static 21], char ends[static 21])
{
	e->title = text(r, "title", EV_TITLE_MAX, true, "the event's name");
	if (!ev_kind_parse(req_form(r, "kind"), &e->kind))
		req_add_error(r, "kind", "Choose what kind of event it is");
	e->description = text(r, "description", EV_TEXT_MAX, false, "The description");
	e->place = text(r, "place", EV_PLACE_MAX, true, "where it is");
	e->postcode = "";
	char pc[9] = "";
	const char *typed = req_form(r, "postcode");
	if (*typed && postcode_normalise(typed, pc))
		req_add_error(r, "postcode", "Enter a real postcode, like AV1 2AB");
	else
		e->postcode = arena_strdup(r->a, pc);
	char *end = NULL;
	const char *cap = req_form(r, "capacity");
	long long c = strtoll(cap, &end, 10);
	e->capacity = *cap && end && !*end ? (int64_t)c : 0;
	int64_t t0 = 0, t1 = 0;
	const char *why = NULL;
	bool ok0 = !ev_parse_when(req_form(r, "starts-day"), req_form(r, "starts-month"), req_form(r, "starts-year"),
				  req_form(r, "starts-time"), &t0, &why);
	if (!ok0)
		req_add_error(r, "starts-day", arena_printf(r->a, "Start: %s", why));
	bool ok1 = !ev_parse_when(req_form(r, "ends-day"), req_form(r, "ends-month"), req_form(r, "ends-year"),
				  req_form(r, "ends-time"), &t1, &why);
	if (!ok1)
		req_add_error(r, "ends-day", arena_printf(r->a, "End: %s", why));
	const char *field = NULL, *problem = ev_check_times(ok0 ? t0 : time_now() + 3600, ok1 ? t1 : INT64_MAX / 2,
							    e->capacity, true, time_now(), &field);
	if (problem && (str_eq(field, "capacity") || (ok0 && ok1) || (ok0 && str_eq(field, "starts"))))
		req_add_error(r, str_eq(field, "capacity") ? "capacity" : str_eq(field, "starts") ? "starts-day"
											      : "ends-day", problem);
	time_iso8601(t0, starts);
	time_iso8601(t1, ends);
	e->starts_at = starts;
	e->ends_at = ends;
	e->organization_id = org;
	e->service_id = 0;
	const char *svc = req_form(r, "service");
	if (*svc) {
		ev_service_opt *s = NULL;
		size_t n = 0;
		if (org && ev_org_services(r->db, org, r->a, &s, &n) == SN_OK)
			for (size_t i = 0; i < n; i++)
				if (str_eq(s[i].uuid, svc))
					e->service_id = s[i].id;
		if (!e->service_id)
			req_add_error(r, "service", "Choose one of your organisation's services, or none");
	}
}

sn_err ev_new_save(req *r, reply *out)
{
	int64_t org;
	sn_err rc = caller_org(r, &org);
	if (rc)
		return rc;
	ev_row e = {0};
	char starts[21], ends[21];
	read_event(r, &e, org, starts, ends);
	if (has_errors(r))
		return reply_page(out, 422, "events/new", "A new event", new_view(r, org));
	e.created_by = r->user->id;
	bool done = false;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37], now[21];
	int64_t id;
	time_iso8601(time_now(), now);
	rc = ev_insert(r->db, &e, now, uuid, &id);
	if (!rc) {
		audit_entry a = {r->user->uuid, "organiser", "event.create", arena_printf(r->a, "event:%s", uuid), e.title};
		rc = audit_append(r->db, &a);
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/events/%s/manage?done=created", uuid));
}

/* ---- the organiser's page of one event ---- */

/* Opens a transaction (a write one when write), finds the event and checks
 * the caller organises it: 403 (audited) otherwise. */
static sn_err organised(req *r, reply *out, bool write, ev_row *e, bool *stop)
{
	sn_err rc = write ? store_begin_write(r->db) : store_begin(r->db);
	if (!rc)
		rc = ev_of_path(r, out, e, stop);
	if (rc || *stop)
		return rc;
	bool yes = false;
	rc = ev_organiser(r, e, &yes);
	if (rc || yes)
		return rc;
	store_rollback(r->db);
	*stop = true;
	audit_entry a = {r->user->uuid, "", "event.denied", arena_printf(r->a, "event:%s", e->uuid),
			 "not an organiser of the event"};
	if (!(rc = store_begin_write(r->db)) && !(rc = audit_append(r->db, &a)))
		rc = store_commit(r->db);
	store_rollback(r->db);
	return rc ? rc : reply_error(r, out, 403, "Only the event's organisers can see who is coming.");
}

sn_err ev_manage_page(req *r, reply *out)
{
	ev_row e;
	bool stop;
	sn_err rc = organised(r, out, true, &e, &stop);
	if (rc || stop)
		return rc;
	ev_booking_row *b = NULL;
	size_t n = 0;
	rc = ev_bookings(r->db, e.id, false, r->a, &b, &n);
	if (!rc) { /* who is coming is personal: the organiser's reading is audited */
		audit_entry a = {r->user->uuid, "organiser", "event.bookings.read", arena_printf(r->a, "event:%s", e.uuid),
				 arena_printf(r->a, "%zu booked or waiting", n)};
		rc = audit_append(r->db, &a);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	int64_t starts = 0;
	time_parse_iso8601(e.starts_at, &starts);
	bool cancelled = str_eq(e.status, "cancelled");
	json_t *booked = json_array(), *waiting = json_array();
	for (size_t i = 0; i < n; i++) {
		bool w = str_eq(b[i].status, "waiting");
		json_array_append_new(w ? waiting : booked, json_pack("{sssssssbsbsI}", "id", b[i].user_uuid, "name",
			b[i].name, "since", time_uk_day(r->a, w ? b[i].waiting_since : b[i].created_at), "attended",
			b[i].attended == 1, "absent", b[i].attended == 0, "position",
			(json_int_t)(w ? json_array_size(waiting) + 1 : 0)));
	}
	json_t *v = ev_view(r, &e);
	json_object_set_new(v, "bookings", booked);
	json_object_set_new(v, "has_bookings", json_boolean(json_array_size(booked) > 0));
	json_object_set_new(v, "waiting_list", waiting);
	json_object_set_new(v, "has_waiting", json_boolean(json_array_size(waiting) > 0));
	json_object_set_new(v, "attendance_open", json_boolean(ev_attendance_open(cancelled, starts, time_now())));
	json_object_set_new(v, "done", json_string(req_get(r, "done")));
	return reply_page(out, 200, "events/manage", arena_printf(r->a, "Organise: %s", e.title), v);
}

static sn_err finish(req *r, reply *out, sn_err rc, const ev_row *e, const char *done)
{
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/events/%s/manage?done=%s", e->uuid, done));
}

sn_err ev_attendance_save(req *r, reply *out)
{
	ev_row e;
	bool stop;
	sn_err rc = organised(r, out, true, &e, &stop);
	if (rc || stop)
		return rc;
	int64_t starts = 0;
	time_parse_iso8601(e.starts_at, &starts);
	if (!ev_attendance_open(str_eq(e.status, "cancelled"), starts, time_now())) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "Attendance is recorded once the event has started.");
	}
	ev_booking_row *b = NULL;
	size_t n = 0;
	char now[21];
	time_iso8601(time_now(), now);
	rc = ev_bookings(r->db, e.id, false, r->a, &b, &n);
	size_t came = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		if (!str_eq(b[i].status, "booked"))
			continue;
		bool here = str_eq(req_form(r, arena_printf(r->a, "attended-%s", b[i].user_uuid)), "yes");
		came += here;
		rc = ev_attendance_set(r->db, e.id, b[i].user_uuid, here, now);
	}
	if (!rc) {
		audit_entry a = {r->user->uuid, "organiser", "event.attendance", arena_printf(r->a, "event:%s", e.uuid),
				 arena_printf(r->a, "%zu came", came)};
		rc = audit_append(r->db, &a);
	}
	return finish(r, out, rc, &e, "attendance");
}

sn_err ev_places_save(req *r, reply *out)
{
	ev_row e;
	bool stop;
	sn_err rc = organised(r, out, true, &e, &stop);
	if (rc || stop)
		return rc;
	char *end = NULL;
	const char *typed = req_form(r, "capacity");
	long long c = strtoll(typed, &end, 10);
	const char *field = NULL;
	int64_t starts = 0, ends = 0;
	time_parse_iso8601(e.starts_at, &starts);
	time_parse_iso8601(e.ends_at, &ends);
	const char *problem = !*typed || !end || *end ? "Enter the number of places as a whole number"
		: ev_check_times(starts, ends, (int64_t)c, false, time_now(), &field);
	if (problem) {
		store_rollback(r->db);
		return reply_error(r, out, 422, problem);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = ev_lock(r->db, e.id);
	if (!rc)
		rc = ev_find(r->db, e.uuid, r->a, &e);
	e.capacity = (int64_t)c;
	if (!rc)
		rc = ev_update(r->db, &e, false, now);
	if (!rc && !str_eq(e.status, "cancelled"))
		rc = ev_fill_places(r, &e, now); /* more places: the waiting list moves up */
	if (!rc) {
		audit_entry a = {r->user->uuid, "organiser", "event.places", arena_printf(r->a, "event:%s", e.uuid),
				 arena_printf(r->a, "%lld places", c)};
		rc = audit_append(r->db, &a);
	}
	return finish(r, out, rc, &e, "places");
}

sn_err ev_cancel_save(req *r, reply *out)
{
	ev_row e;
	bool stop;
	sn_err rc = organised(r, out, true, &e, &stop);
	if (rc || stop)
		return rc;
	if (str_eq(e.status, "cancelled")) {
		store_rollback(r->db);
		return reply_redirect(out, arena_printf(r->a, "/events/%s/manage", e.uuid));
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = ev_update(r->db, &e, true, now);
	ev_booking_row *b = NULL;
	size_t n = 0;
	if (!rc)
		rc = ev_bookings(r->db, e.id, false, r->a, &b, &n);
	const char *base = web_base_url();
	char domain[256], err[200];
	mail_domain_of(base, domain);
	for (size_t i = 0; !rc && i < n; i++) {
		bool queued = false;
		if (!mail_addr_ok(b[i].email))
			continue;
		rc = mail_queue(r->db, arena_printf(r->a, "event:%s:cancelled:%s", e.uuid, b[i].email), "events",
				b[i].email, "An event you booked has been cancelled",
				arena_printf(r->a, "An event you booked a place at, or were waiting for, has been "
					     "cancelled by its organisers.\n\nSee your bookings: %s/events/mine\n", base),
				domain, &queued, err, sizeof err);
		if (rc == SN_EINPUT || rc == SN_ETOOBIG)
			rc = SN_OK;
	}
	if (!rc) {
		audit_entry a = {r->user->uuid, "organiser", "event.cancel", arena_printf(r->a, "event:%s", e.uuid),
				 arena_printf(r->a, "%zu told", n)};
		rc = audit_append(r->db, &a);
	}
	return finish(r, out, rc, &e, "cancelled");
}
