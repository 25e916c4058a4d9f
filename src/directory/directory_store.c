/* The directory's core in the store: a published service or a row by its
 * uuid, the kinds of help, and one dir_schedules row as the opening-times
 * rules read it. */
#include <stdio.h>
#include <string.h>

#include "directory.h"

sn_err dir_row_id(store *s, const char *table, const char *uuid, int64_t *id)
{
	static const char *const tables[] = {
	    "dir_services",       "dir_organizations",        "dir_taxonomies",
	    "dir_taxonomy_terms", "dir_service_at_locations", "dir_locations"};
	bool known = false;
	for (size_t i = 0; i < SN_ARRAY_LEN(tables); i++)
		known = known || strcmp(tables[i], table) == 0;
	if (!known)
		return SN_EINTERNAL;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE uuid = ?", table);
	*id = 0;
	sn_err rc = store_one_i64(s, id, sql, "t", uuid);
	return rc ? rc : *id ? SN_OK : SN_ENOTFOUND;
}

sn_err dir_service_id(store *s, const char *uuid, int64_t *id)
{
	*id = 0;
	sn_err rc = store_one_i64(s, id,
	                          "SELECT id FROM dir_services WHERE uuid = ? "
	                          "AND moderation = 'published'",
	                          "t", uuid);
	return rc ? rc : *id ? SN_OK : SN_ENOTFOUND;
}

sn_err dir_kinds_of_help(store *s, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT code, name FROM dir_taxonomy_terms WHERE code IS NOT NULL "
	                        "ORDER BY name",
	                        "");
	if (rc)
		return rc;
	while (store_next(st, &rc)) {
		json_array_append_new(*out, json_pack("{s:s, s:s}", "code", store_col_text(st, 0),
		                                      "name", store_col_text(st, 1)));
	}
	store_done(st);
	return rc;
}

void dir_sched_columns(store_stmt *st, int c, char every[16], sched_columns *out)
{
	every[0] = 0;
	if (!store_col_null(st, c + 5))
		snprintf(every, 16, "%lld", (long long)store_col_i64(st, c + 5));
	*out = (sched_columns){store_col_text(st, c),
	                       store_col_text(st, c + 1),
	                       store_col_text(st, c + 2),
	                       store_col_text(st, c + 3),
	                       store_col_text(st, c + 4),
	                       every,
	                       store_col_text(st, c + 6),
	                       store_col_text(st, c + 7),
	                       store_col_text(st, c + 8),
	                       store_col_text(st, c + 9),
	                       store_col_text(st, c + 10),
	                       NULL,
	                       NULL,
	                       NULL};
}

sn_err dir_member_orgs(store *s, int64_t user, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT o.uuid, o.name FROM dir_org_members m JOIN dir_organizations o "
	                        "ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name, o.id LIMIT 50",
	                        "i", user);
	if (rc)
		return rc;
	while (store_next(st, &rc))
		json_array_append_new(*out, json_pack("{s:s, s:s}", "id", store_col_text(st, 0), "name",
		                                      store_col_text(st, 1)));
	store_done(st);
	return rc;
}
