/* One person's key human indicators from the store (khi_store.c). It reads
 * through the plan and social prescribing features' own store functions
 * and has no SQL of its own (docs/indicators.md, "Where the numbers come
 * from"). The caller has checked the relationship and audits the read in
 * the same transaction. */
#ifndef SN_KHI_STORE_H
#define SN_KHI_STORE_H

#include "../store/store.h"
#include "indicators.h"

/* At most this many plan versions are read for one person (the newest). */
#define KHI_VERSIONS_MAX 200

/* The person's observations, into the arena: each review of any of their
 * plans (its GAS T-score and goals met; its wellbeing answers when
 * wellbeing is true and the person consented), each saved version of each
 * of their plans (the circle of support, dated when it was saved) and,
 * when wellbeing is true, each social prescribing measure (ONS4, UCLA-3).
 * A stored text that does not read is skipped, not fatal. */
sn_err khi_observations(store *s, int64_t person_id, bool wellbeing, arena *a, khi_obs **out,
                        size_t *n);

#endif
