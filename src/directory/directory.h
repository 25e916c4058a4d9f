/* directory/: the core of the directory (the asset map), the base the
 * sub-areas stand on. Prefix: dir_. Services, organisations, locations and
 * taxonomies in the Open Referral UK 3.0 model (schema/.../0006_directory.sql,
 * one dir_* table per ORUK object): a published service or a row by its
 * uuid, and a dir_schedules row as hours/ reads it (directory_store.c).
 * It uses hours/ only; search/, curate/, oruk/ and find/ use it.
 * docs/directory.md, "Layout". */
#ifndef SN_DIRECTORY_H
#define SN_DIRECTORY_H

#include "../base/base.h"
#include <jansson.h>

#include "../store/store.h"
#include "hours/hours.h"

/* By uuid: the internal id of a published service (SN_ENOTFOUND when
 * there is none, or it is not published) / of a row of one of the
 * tables the API names (dir_services, dir_organizations, dir_taxonomies,
 * dir_taxonomy_terms, dir_service_at_locations, dir_locations). */
sn_err dir_service_id(store *s, const char *uuid, int64_t *id);
sn_err dir_row_id(store *s, const char *table, const char *uuid, int64_t *id);

/* The kinds of help (the community taxonomy's terms with a code), by
 * name: [{"code", "name"}], a new reference the caller decrefs (empty, or
 * what was read, on a failure). */
sn_err dir_kinds_of_help(store *s, json_t **out);

/* A dir_schedules row's columns in the order the rules read them: select
 * DIR_SCHED_COLS (with a table's prefix where needed) and read the row
 * from column c with dir_sched_columns. every holds the interval's text;
 * out points into the row (valid until the next step). */
#define DIR_SCHED_COLS "valid_from, valid_to, dtstart, until, freq, every, byday, bymonthday, " \
		       "opens_at, closes_at, description"
void dir_sched_columns(store_stmt *st, int c, char every[16], sched_columns *out);

#include "../web/web.h" /* until the pages have their own headers */

/* ---- ORUK 3.0 JSON ---- */

/* The paging envelope around contents (whose reference it takes). */
json_t *oruk_page(json_t *contents, int64_t total, int64_t page, int64_t per_page);
/* List items: service scalars with the organisation's, in ids order. */
sn_err oruk_service_items(store *s, const int64_t *ids, size_t n, json_t **out);
/* A fully nested service; SN_ENOTFOUND unless published. */
sn_err oruk_service_full(store *s, int64_t id, json_t **out);

/* ---- HTTP: the ORUK API under /oruk ---- */
sn_err oruk_root(req *r, reply *out);
sn_err oruk_openapi(req *r, reply *out);
sn_err oruk_services(req *r, reply *out);
sn_err oruk_service(req *r, reply *out);
sn_err oruk_sals(req *r, reply *out);
sn_err oruk_sal(req *r, reply *out);
sn_err oruk_taxonomies(req *r, reply *out);
sn_err oruk_taxonomy(req *r, reply *out);
sn_err oruk_terms(req *r, reply *out);
sn_err oruk_term(req *r, reply *out);
sn_err oruk_organizations(req *r, reply *out);
sn_err oruk_organization(req *r, reply *out);

#endif
