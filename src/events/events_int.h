/* Shared by the events pages (not for other folders). */
#ifndef SN_EVENTS_INT_H
#define SN_EVENTS_INT_H

#include "../access/access.h"
#include "events_pages.h"
#include "events_store.h"

/* An event as the pages show it (a new JSON object). */
json_t *ev_view(req *r, const ev_row *e);
/* Inside the caller's write transaction: moves up as many of the waiting
 * list as there are free places and tells each by email (no personal
 * details: where to look). */
sn_err ev_fill_places(req *r, const ev_row *e, const char *now);
/* The event of the path's {id} into e; 404 into out (and *stop) when
 * there is none. */
sn_err ev_of_path(req *r, reply *out, ev_row *e, bool *stop);

#endif
