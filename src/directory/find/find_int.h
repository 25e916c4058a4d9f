/* Private to find/ (its pages' header is find.h): the Find pages' reads
 * (find_store.c). */
#ifndef SN_FIND_INT_H
#define SN_FIND_INT_H

#include <jansson.h>

#include "../directory.h"

/* A kind of help's term id by its code (0 when there is none). */
sn_err find_store_term_id(store *s, const char *code, int64_t *id);
/* Each of a service's schedules, in id order; c is valid during the call. */
typedef void find_schedule_fn(void *ctx, const sched_columns *c);
sn_err find_store_schedules(store *s, int64_t sid, find_schedule_fn *fn, void *ctx);
/* Each of a service's closures: its dates and reason, valid during the call. */
typedef void find_closure_fn(void *ctx, const char *from, const char *to, const char *reason);
sn_err find_store_closures(store *s, int64_t sid, find_closure_fn *fn, void *ctx);
/* The lowest cost of a session in pence; -1 when every option is free. */
sn_err find_store_min_cost(store *s, int64_t sid, int64_t *pence);

/* One result's row (texts in the arena; NULL for an SQL NULL). */
typedef struct {
	const char *uuid, *name, *description, *organization;
	const char *last_reviewed, *review_due; /* may be NULL */
	const char *where;                      /* its first address, or "" */
	const char *phone;                      /* its first phone number, or "" */
	bool has_minimum_age;
	int64_t minimum_age;
	char status[32];
} find_row;
/* Service sid's row, published or not; *found false when there is none. */
sn_err find_store_result(store *s, arena *a, int64_t sid, find_row *out, bool *found);
/* The coordinates of its first location that has them. */
sn_err find_store_first_point(store *s, int64_t sid, int32_t *lat_e6, int32_t *lon_e6, bool *found);
/* The published entry a merged one went into (its uuid, in the arena), or
 * *kept NULL. */
sn_err find_store_merged_into(store *s, arena *a, const char *uuid, const char **kept);
/* The service page's contact, access and organisation, added to v. */
sn_err find_store_page_details(store *s, int64_t sid, json_t *v);

#endif
