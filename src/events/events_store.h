/* Events in the store (events_store.c: every statement of the feature).
 * Writes run inside the caller's write transaction; the caller audits.
 * Text from the arena a; "" for what is not there. */
#ifndef SN_EVENTS_STORE_H
#define SN_EVENTS_STORE_H

#include "../store/store.h"
#include "events.h"

typedef struct {
	int64_t id, organization_id, service_id, created_by, capacity;
	char uuid[37];
	ev_kind kind;
	const char *title, *description, *place, *postcode, *starts_at, *ends_at, *status;
	const char *org_uuid, *org_name, *service_uuid, *service_name; /* "" when none */
	int64_t booked, waiting, attended;                              /* counts */
} ev_row;

/* A new published event; uuid gets its id. */
sn_err ev_insert(store *s, const ev_row *e, const char *now, char uuid[static 37], int64_t *id);
/* Changes the fields an organiser edits; cancels it when cancel. */
sn_err ev_update(store *s, const ev_row *e, bool cancel, const char *now);
/* SN_ENOTFOUND when there is none. */
sn_err ev_find(store *s, const char *uuid, arena *a, ev_row *out);
/* Takes the event's row lock (PostgreSQL: FOR UPDATE by an UPDATE; SQLite
 * has one writer anyway), so two bookings never both take the last place. */
sn_err ev_lock(store *s, int64_t id);
/* Published events ending after now, soonest first: of one service when
 * service_id is not 0, of one kind when kind is not NULL. *total gets how
 * many. */
sn_err ev_upcoming(store *s, const char *now, int64_t service_id, const char *kind, int64_t limit,
		   int64_t offset, arena *a, ev_row **rows, size_t *n, int64_t *total);
/* The events user_id organises: created, or run by an organisation they
 * are a member of; newest start first. */
sn_err ev_organised(store *s, int64_t user_id, int64_t limit, arena *a, ev_row **rows, size_t *n);
/* Whether user_id is a member of organization_id. */
sn_err ev_is_member(store *s, int64_t user_id, int64_t organization_id, bool *yes);

/* The first organisation user_id is a member of (by name), 0 when none. */
sn_err ev_user_org(store *s, int64_t user_id, int64_t *org_id);
/* The open services of an organisation, by name, for the form's list. */
typedef struct {
	int64_t id;
	char uuid[37];
	const char *name;
} ev_service_opt;
sn_err ev_org_services(store *s, int64_t org_id, arena *a, ev_service_opt **rows, size_t *n);

/* ---- bookings ---- */
typedef struct {
	int64_t id, user_id;
	char event_uuid[37], user_uuid[37];
	const char *name, *email, *status, *waiting_since, *created_at, *event_title, *starts_at, *event_status;
	int attended; /* -1 not recorded, 0, 1 */
} ev_booking_row;
/* The user's booking of the event: status "" when none. */
sn_err ev_booking_of(store *s, int64_t event_id, int64_t user_id, arena *a, const char **status);
/* Books (or waits, or cancels) user_id's place: makes the row or changes it. */
sn_err ev_booking_set(store *s, int64_t event_id, int64_t user_id, const char *status, const char *now);
/* Moves the first n of the waiting list up to booked, in order of joining
 * it; their user ids into ids (at most n). */
sn_err ev_move_up_store(store *s, int64_t event_id, int64_t n, const char *now, int64_t *ids, size_t *got);
/* Everyone booked or waiting (and those who cancelled when all), booked
 * first, then the waiting list in order. */
sn_err ev_bookings(store *s, int64_t event_id, bool all, arena *a, ev_booking_row **rows, size_t *n);
/* The user's bookings (not cancelled), soonest event first. */
sn_err ev_bookings_of_user(store *s, int64_t user_id, arena *a, ev_booking_row **rows, size_t *n);
/* Records attendance of a booked place (by the user's uuid); SN_ENOTFOUND
 * when that user has no booked place. */
sn_err ev_attendance_set(store *s, int64_t event_id, const char *user_uuid, bool attended, const char *now);
/* The same by user id (for the demo). */
sn_err ev_attendance_set_id(store *s, int64_t event_id, int64_t user_id, bool attended, const char *now);
/* The account emails of user ids (those not disabled). */
sn_err ev_emails(store *s, const int64_t *ids, size_t n, arena *a, const char ***emails, size_t *got);

#endif
