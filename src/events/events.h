/* Events (issue 18, docs/events.md): gatherings with a capacity, booked
 * by anyone signed in, with a waiting list that moves up when a booked
 * place is given back, and attendance recorded by the organiser. This
 * header is the pure part: the kinds, the booking and waiting-list rules
 * and the checks of an event's fields; no I/O, no store, no clock (the
 * caller passes "now"). */
#ifndef SN_EVENTS_H
#define SN_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/base.h"

typedef enum { EV_PEER_SUPPORT, EV_FESTIVAL, EV_CONVERSATION, EV_ACTIVITY, EV_N_KINDS } ev_kind;

const char *ev_kind_code(ev_kind k);  /* "peer-support", ... */
const char *ev_kind_words(ev_kind k); /* "Peer support session", ... */
bool ev_kind_parse(const char *code, ev_kind *out);

/* Limits of an event's fields (the form and the store keep to them). */
#define EV_TITLE_MAX 200
#define EV_TEXT_MAX 4000  /* description */
#define EV_PLACE_MAX 300
#define EV_CAPACITY_MAX 10000
#define EV_HOURS_MAX (14 * 24) /* the longest event: two weeks (a festival) */

/* A booking: a place when one is free, else the waiting list. */
typedef enum { EV_BOOKED, EV_WAITING } ev_place;
ev_place ev_booking(int64_t booked, int64_t capacity);
/* Places left (0 when full, or over-full after the capacity came down). */
int64_t ev_places_left(int64_t booked, int64_t capacity);
/* How many of the waiting list move up now: as many as there are free
 * places, at most as many as wait. After a cancellation or a larger
 * capacity; in order of joining the list (the store keeps the order). */
int64_t ev_move_up(int64_t booked, int64_t capacity, int64_t waiting);

/* A booking may be made or given back until the event starts, and not
 * for a cancelled event; attendance is recorded from its start. Times are
 * unix seconds. */
bool ev_open_for_booking(bool cancelled, int64_t starts, int64_t now);
bool ev_attendance_open(bool cancelled, int64_t starts, int64_t now);

/* The checks of a new or changed event's times and capacity: NULL when
 * they hold, else the problem in words, and *field the form field it is
 * about ("starts", "ends", "capacity"). Starts must be in the future for
 * a new event (is_new). */
const char *ev_check_times(int64_t starts, int64_t ends, int64_t capacity, bool is_new, int64_t now,
			   const char **field);

/* A UK date and time as typed in a form (day, month, year, and "14:30" or
 * "9:05" in UK time: GMT, or BST in summer) as unix seconds (UTC): SN_OK,
 * or SN_EINPUT with *why in words. Years 2000 to 2100. */
sn_err ev_parse_when(const char *day, const char *month, const char *year, const char *hhmm, int64_t *t,
		     const char **why);

#endif
