/* The demo area's community conversations (cp_demo.c), for src/demo. */
#ifndef SN_CP_DEMO_H
#define SN_CP_DEMO_H

#include "../store/store.h"

/* Two conversations in each locality (ids and names) over the last two
 * years, run by the coordinator, with notes, themes and actions. */
sn_err cp_demo(store *s, uint64_t seed, int64_t coordinator, const int64_t *loc_ids, const char *const *loc_names,
	       size_t n_loc);

#endif
