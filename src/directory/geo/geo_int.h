/* Private to geo/ (the public header is geo.h): the batched upsert of
 * postcode centroids that the CSV importer and the demo share
 * (postcodes_store.c). */
#ifndef SN_GEO_INT_H
#define SN_GEO_INT_H

#include "geo.h"

/* Rows go to the store GEO_PC_BATCH at a time in one multi-row INSERT
 * (one round trip on PostgreSQL instead of GEO_PC_BATCH). PostgreSQL
 * refuses to upsert the same key twice in one statement, so a postcode
 * already in the batch sends the batch first. */
enum { GEO_PC_BATCH = 128, GEO_PC_SLOTS = 512 };

typedef struct {
	char pc[9];
	int32_t lat, lon;
	int64_t locality_id;
} geo_pc_row;

typedef struct {
	store *s;
	bool with_locality;
	size_t n;
	geo_pc_row rows[GEO_PC_BATCH];
	uint16_t slot[GEO_PC_SLOTS]; /* index + 1 into rows, 0 when empty */
	char *sql_full;              /* the GEO_PC_BATCH-row statement */
} geo_pc_writer;

void geo_pc_writer_init(geo_pc_writer *w, store *s, bool with_locality);
/* Frees what the writer took (not w itself). */
void geo_pc_writer_free(geo_pc_writer *w);
/* Adds a row; a full batch is written. */
sn_err geo_pc_writer_add(geo_pc_writer *w, const geo_pc_row *r);
/* Writes the rows not written yet. */
sn_err geo_pc_writer_flush(geo_pc_writer *w);
/* The number of postcodes in the table. */
sn_err geo_postcodes_count(store *s, int64_t *n);

#endif
