/* The demo area's First Contact (fc_demo.c), called by src/demo. */
#ifndef SN_FC_DEMO_H
#define SN_FC_DEMO_H

#include "../store/store.h"

/* Questions leading to the services of partner's organisations, n
 * checklists completed over the last year by partner and worker, and two
 * drafts. */
sn_err fc_demo(store *s, uint64_t seed, int64_t partner, int64_t worker, size_t n);

#endif
