/* Events on the web (docs/events.md): the public list and an event's page
 * (the directory's "what's on"), booking and giving back a place, your
 * bookings, and the organiser's pages (a new event, the bookings and the
 * waiting list, attendance, places, cancelling). Routes are declared in
 * src/app/routes.c. */
#ifndef SN_EVENTS_PAGES_H
#define SN_EVENTS_PAGES_H

#include "../web/web.h"
#include "events_store.h"

/* Who may organise events: coordinators, partners (for their own
 * organisations) and administrators. */
#define EV_ORGANISERS (R_COORDINATOR | R_PARTNER | R_ADMIN)

/* events_http.c */
sn_err ev_list_page(req *r, reply *out);   /* GET /events */
sn_err ev_show_page(req *r, reply *out);   /* GET /events/{id} */
sn_err ev_book_save(req *r, reply *out);   /* POST /events/{id}/book */
sn_err ev_unbook_save(req *r, reply *out); /* POST /events/{id}/cancel-booking */
sn_err ev_mine_page(req *r, reply *out);   /* GET /events/mine */

/* events_organise_http.c */
sn_err ev_new_form(req *r, reply *out);         /* GET /events/new */
sn_err ev_new_save(req *r, reply *out);         /* POST /events */
sn_err ev_manage_page(req *r, reply *out);      /* GET /events/{id}/manage */
sn_err ev_attendance_save(req *r, reply *out);  /* POST /events/{id}/attendance */
sn_err ev_places_save(req *r, reply *out);      /* POST /events/{id}/places */
sn_err ev_cancel_save(req *r, reply *out);      /* POST /events/{id}/cancel */

/* Whether the caller organises e: an administrator or coordinator, its
 * author, or a member of the organisation that runs it (also who may
 * capture a community conversation's notes: src/coproduction). */
sn_err ev_organiser(req *r, const ev_row *e, bool *yes);

/* For a directory service's page: its coming events (find_http.c's hook). */
sn_err ev_service_section(req *r, int64_t service_id, json_t *view);

#endif
