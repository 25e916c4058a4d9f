/* Shared between the ORUK writer (oruk.c) and the API handlers
 * (oruk_http.c): the column lists of the common rows and the functions
 * that turn one row into its ORUK object. */
#ifndef SN_ORUK_INT_H
#define SN_ORUK_INT_H

#include "directory.h"

#define TERM_COLS "tt.uuid, tt.name, tt.description, p.uuid, tx.name, tx.uuid, tt.term_uri, tt.code"
#define TERM_FROM "dir_taxonomy_terms tt LEFT JOIN dir_taxonomy_terms p ON p.id = tt.parent_id " \
		  "LEFT JOIN dir_taxonomies tx ON tx.id = tt.taxonomy_id"
#define ORG_COLS "o.id, o.uuid, o.name, o.description, o.email, o.website, o.logo, o.uri, o.parent_uuid"
#define LOC_COLS "l.id, l.uuid, l.location_type, l.name, l.description, l.lat_e6, l.lon_e6, " \
		 "l.external_identifier, l.external_identifier_type, l.transportation"

/* From a row at column c of TERM_COLS / ORG_COLS / LOC_COLS. */
json_t *oruk_term_row(store_stmt *st, int c);
json_t *oruk_org_row(store_stmt *st, int c);
/* The location with its addresses, accessibility and attributes. */
json_t *oruk_location_row(store *s, store_stmt *st, int c, sn_err *rc);
/* An organisation's identifiers and attributes, added to o. */
sn_err oruk_org_children(store *s, int64_t id, json_t *o);

#endif
