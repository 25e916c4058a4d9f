/* Inside rulesdata: the statements on rules_data (rulesdata_store.c), for
 * rulesdata.c and nothing else. Writes run inside the caller's write
 * transaction; text comes from the arena a. */
#ifndef SN_RULESDATA_INT_H
#define SN_RULESDATA_INT_H

#include "rulesdata.h"

/* The adopted row of (kind, name): its body and version; *found false when
 * none is adopted. */
sn_err rules_store_adopted(store *s, const char *kind, const char *name, arena *a,
			   const char **body, int *version, bool *found);
/* Row version of (kind, name): its body and status; *found false when
 * there is none. */
sn_err rules_store_version(store *s, const char *kind, const char *name, int version, arena *a,
			   const char **body, const char **status, bool *found);
/* The row ids of version (0 when it has no row) and of the adopted one (0
 * when none), with the status of the first and the version of the second. */
sn_err rules_store_rows_of(store *s, const char *kind, const char *name, int version,
			   int64_t *id, char status[static 16], int64_t *adopted_id,
			   int64_t *adopted_version);
/* The highest stored version of (kind, name), 0 when none. */
sn_err rules_store_highest(store *s, const char *kind, const char *name, int64_t *version);
/* A new draft row. */
sn_err rules_store_insert_draft(store *s, const char *kind, const char *name, int version,
				const char *body, const char *note, const char *actor,
				const char *now);
/* The next generation (one above every row's). */
sn_err rules_store_next_gen(store *s, int64_t *gen);
/* Row id retired, or adopted at now, in generation gen. */
sn_err rules_store_retire(store *s, int64_t id, int64_t gen);
sn_err rules_store_adopt_row(store *s, int64_t id, int64_t gen, const char *now);
/* The highest generation, 0 when nothing was ever adopted. */
sn_err rules_store_generation(store *s, int64_t *gen);
/* The names stored for kind, in no order. */
sn_err rules_store_names(store *s, const char *kind, arena *a, const char ***names, size_t *n);
/* Every stored row, for the admin pages' list. */
typedef struct {
	const char *kind, *name, *status, *created_by, *created_by_name, *created_at, *adopted_at,
		*note;
	int64_t version;
} rules_store_row;
sn_err rules_store_all(store *s, arena *a, rules_store_row **rows, size_t *n);

#endif
