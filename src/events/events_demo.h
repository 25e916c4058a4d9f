/* The demo area's events (events_demo.c), for src/demo. */
#ifndef SN_EVENTS_DEMO_H
#define SN_EVENTS_DEMO_H

#include "../store/store.h"

/* Events by the coordinator and the partner's organisation, booked by
 * users in order (the first ones get places, the next wait). */
sn_err ev_demo(store *s, const int64_t *users, size_t n_users, int64_t coordinator, int64_t partner);

#endif
