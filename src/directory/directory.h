/* directory/: the core of the directory (the asset map), the base the
 * sub-areas stand on. Prefix: dir_. Services, organisations, locations and
 * taxonomies in the Open Referral UK 3.0 model (schema/.../0006_directory.sql,
 * one dir_* table per ORUK object): a published service or a row by its
 * uuid, and a dir_schedules row as hours/ reads it (directory_store.c).
 * It uses hours/ only; search/, curate/, oruk/ and find/ use it.
 * docs/directory.md, "Layout". */
#ifndef SN_DIRECTORY_H
#define SN_DIRECTORY_H

#include <jansson.h>

#include "../base/base.h"
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

/* The organisations user is a member of (dir_org_members: partner staff
 * who look after its entries), by name, at most 50: [{"id" (the ORUK
 * organisation's uuid), "name"}], a new reference the caller decrefs
 * (empty, or what was read, on a failure). */
sn_err dir_member_orgs(store *s, int64_t user, json_t **out);

/* A dir_schedules row's columns in the order the rules read them: select
 * DIR_SCHED_COLS (with a table's prefix where needed) and read the row
 * from column c with dir_sched_columns. every holds the interval's text;
 * out points into the row (valid until the next step). */
#define DIR_SCHED_COLS "valid_from, valid_to, dtstart, until, freq, every, byday, bymonthday, " \
		       "opens_at, closes_at, description"
void dir_sched_columns(store_stmt *st, int c, char every[16], sched_columns *out);

#endif
