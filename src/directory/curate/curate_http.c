/* What curate/'s pages share: who is acting, who may manage an entry, and
 * the service a page is about (see curate_http.h). */
#include <stdio.h>
#include <string.h>

#include "curate_http.h"

bool curate_is_mod(const req *r)
{
	return r->user && (r->user->roles & (R_MODERATOR | R_ADMIN));
}

const char *curate_acting_role(const req *r)
{
	return (r->user->roles & R_MODERATOR) ? "moderator"
	       : (r->user->roles & R_ADMIN)   ? "admin"
	                                      : "partner";
}

curate_actor curate_actor_of(const req *r)
{
	return (curate_actor){r->user->uuid, r->user->name};
}

sn_err curate_audit(req *r, const char *action, const char *record, const char *reason)
{
	audit_entry e = {r->user->uuid, curate_acting_role(r), action, record,
	                 reason ? reason : ""};
	return audit_append(r->db, &e);
}

sn_err curate_may_manage(req *r, int64_t org, bool *ok)
{
	*ok = curate_is_mod(r);
	if (*ok || !(r->user->roles & R_PARTNER))
		return SN_OK;
	return curate_store_is_member(r->db, org, r->user->id, ok);
}

bool curate_may_edit(req *r, int64_t sid)
{
	if (!r->user || !(r->user->roles & (R_PARTNER | R_MODERATOR | R_ADMIN)))
		return false;
	int64_t org = 0;
	bool ok = false;
	return !curate_store_service_org(r->db, sid, &org) && org &&
	       !curate_may_manage(r, org, &ok) && ok;
}

sn_err curate_managed_service(req *r, reply *out, curate_service_info *si, bool *done)
{
	*done = true;
	sn_err rc = curate_store_service(r->db, r->a, req_get(r, "id"), si);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such service in the directory.");
	bool ok = false;
	if (!rc)
		rc = curate_may_manage(r, si->org, &ok);
	if (rc)
		return rc;
	if (!ok)
		return reply_error(r, out, 403,
		                   "You can only change your own organisation's entries.");
	*done = false;
	return SN_OK;
}

json_t *curate_pending_view(req *r, int64_t sid, json_t **details)
{
	json_t *p = NULL;
	curate_store_pending(r->db, sid, &p, details);
	if (p)
		json_object_set_new(
		    p, "submitted",
		    json_string(
		        time_uk_when(r->a, json_string_value(json_object_get(p, "submitted_at")))));
	if (p)
		json_object_del(p, "submitted_at");
	return p;
}
