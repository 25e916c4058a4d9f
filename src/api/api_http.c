/* The JSON API for partner systems: who the caller is, and the people they
 * may see. The web layer has already checked the caller (a session or an
 * API token) and the inputs; reads of people go through the caller's
 * relationships and are audited, as on the people pages. */
#include <string.h>

#include "../access/access.h"
#include "../directory/directory.h"
#include "../people/people.h"
#include "api.h"

sn_err api_me(req *r, reply *out)
{
	const web_user *u = r->user;
	json_t *roles = json_array();
	for (size_t i = 0; i < SN_ARRAY_LEN(role_names); i++)
		if (u->roles & (1u << i))
			json_array_append_new(roles, json_string(role_names[i]));
	json_t *orgs = NULL;
	sn_err rc = dir_member_orgs(r->db, u->id, &orgs);
	if (rc) {
		json_decref(roles);
		json_decref(orgs);
		return rc;
	}
	json_t *v = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", u->uuid, "email", u->email, "name", u->name,
			      "roles", roles, "organizations", orgs);
	return reply_page(out, 200, NULL, "Your account", v);
}

/* Audits each person listed as a read on the caller's relationship, in one
 * transaction: listing a name to a partner system is seeing the record. */
static sn_err audit_listed(req *r, const people_caseload_row *rows, size_t n)
{
	sn_err rc = store_begin_write(r->db);
	for (size_t i = 0; !rc && i < n; i++)
		rc = access_audit_person(r->db, r->user, rows[i].named ? ACCESS_NAMED : ACCESS_WORKER,
					 "person.listed", rows[i].uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		store_rollback(r->db);
	return rc;
}

sn_err api_people(req *r, reply *out)
{
	bool worker = (r->user->roles & R_WORKER) != 0;
	people_caseload_row *rows = NULL;
	size_t n = 0;
	sn_err rc = people_caseload_search(r->db, r->user->id, worker, req_get(r, "q"), r->a, &rows, &n);
	if (rc)
		return rc;
	if (n > API_PEOPLE_LIMIT)
		n = API_PEOPLE_LIMIT;
	rc = audit_listed(r, rows, n);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "id", rows[i].uuid, "name",
						      arena_printf(r->a, "%s %s", rows[i].given_name,
								   rows[i].family_name)));
	return reply_page(out, 200, NULL, "People", list);
}
