/* Private to oruk/: the ORUK 3.0 JSON of what the store holds
 * (oruk_store.c), for the API's pages (oruk_http.c) and the export
 * (oruk_export.c). Optional fields without a value are left out, never
 * null; ids are the stored UUIDs; money (pence) is written in pounds,
 * coordinates (millionths of a degree) as decimal degrees. Only published
 * services. Every json_t ** out is a new reference the caller decrefs. */
#ifndef SN_ORUK_INT_H
#define SN_ORUK_INT_H

#include <jansson.h>

#include "../directory.h"

#define TERM_COLS "tt.uuid, tt.name, tt.description, p.uuid, tx.name, tx.uuid, tt.term_uri, tt.code"
#define TERM_FROM "dir_taxonomy_terms tt LEFT JOIN dir_taxonomy_terms p ON p.id = tt.parent_id " \
		  "LEFT JOIN dir_taxonomies tx ON tx.id = tt.taxonomy_id"
#define ORG_COLS "o.id, o.uuid, o.name, o.description, o.email, o.website, o.logo, o.uri, o.parent_uuid"
#define LOC_COLS "l.id, l.uuid, l.location_type, l.name, l.description, l.lat_e6, l.lon_e6, " \
		 "l.external_identifier, l.external_identifier_type, l.transportation"

/* The paging envelope around contents (whose reference it takes): a new
 * reference, the caller decrefs. */
json_t *oruk_page(json_t *contents, int64_t total, int64_t page, int64_t per_page);
/* List items: service scalars with the organisation's, in ids order. */
sn_err oruk_service_items(store *s, const int64_t *ids, size_t n, json_t **out);
/* A fully nested service; SN_ENOTFOUND unless published. */
sn_err oruk_service_full(store *s, int64_t id, json_t **out);

/* Services at locations as list items (their service without its
 * organisation): those of ids, in that order; or a page of all of them
 * in id order. */
sn_err oruk_sal_items(store *s, const int64_t *ids, size_t n, json_t **out);
sn_err oruk_sals_by_id(store *s, int64_t page, int64_t per_page, json_t **out);
/* One service at location with its service fully nested; *out NULL when
 * there is no such published one. */
sn_err oruk_sal_full(store *s, const char *uuid, json_t **out);
/* Taxonomies with their terms: a page (and how many in all), or one by
 * uuid (*out NULL when none). */
sn_err oruk_taxonomies_page(store *s, int64_t page, int64_t per_page, int64_t *total, json_t **out);
sn_err oruk_taxonomy_json(store *s, const char *uuid, json_t **out);
/* Terms: of taxonomy tax (0 every taxonomy), top-level only when top, a
 * page (none read when missing: a taxonomy that is not there); or one by
 * uuid (*out NULL when none). */
sn_err oruk_terms_page(store *s, int64_t tax, bool top, bool missing, int64_t page, int64_t per_page,
		       int64_t *total, json_t **out);
sn_err oruk_term_json(store *s, const char *uuid, json_t **out);
/* Organisations: a page, or one by uuid with its identifiers, attributes
 * and published services as list items (*out NULL when none). */
sn_err oruk_organizations_page(store *s, int64_t page, int64_t per_page, int64_t *total, json_t **out);
sn_err oruk_organization_json(store *s, const char *uuid, json_t **out);

/* For the export: the published services' ids in id order (*ids
 * allocated, the caller frees it), and a taxonomy's taxonomy_detail
 * (*out NULL when there is none). */
sn_err oruk_store_published_ids(store *s, int64_t **ids, size_t *n);
sn_err oruk_store_taxonomy_detail(store *s, const char *uuid, json_t **out);

#endif
