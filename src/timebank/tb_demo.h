/* The demo area's timebank (tb_demo.c), called by src/demo. */
#ifndef SN_TB_DEMO_H
#define SN_TB_DEMO_H

#include "../store/store.h"

/* Ashby Vale Timebank (code AV): rose_user's record and people with no
 * relationship to avoid (so that one worker acts for no member) as
 * members, with the organisations of partner first; a year of exchanges
 * recorded and confirmed by coordinator. */
sn_err tb_demo(store *s, uint64_t seed, int64_t rose_user, int64_t partner, int64_t coordinator, int64_t avoid);

#endif
