/* Relationship-based access to person records, break-glass access, and
 * the audit entries for every read and write of a person's record. */
#include <stdio.h>
#include <string.h>

#include "access.h"

const char *access_basis_name(access_basis b)
{
	switch (b) {
	case ACCESS_SELF: return "self";
	case ACCESS_NAMED: return "named by the person";
	case ACCESS_WORKER: return "assigned worker";
	case ACCESS_BREAK_GLASS: return "break glass";
	case ACCESS_NONE: break;
	}
	return "none";
}

static const char *basis_role(const web_user *u, access_basis b)
{
	switch (b) {
	case ACCESS_SELF: return "resident";
	case ACCESS_NAMED: return (u->roles & R_CARER) ? "carer" : "resident";
	case ACCESS_WORKER: return "worker";
	case ACCESS_BREAK_GLASS: return (u->roles & R_WORKER) ? "worker" : "admin";
	case ACCESS_NONE: break;
	}
	return "";
}

sn_err access_person(store *s, const web_user *u, int64_t person_id,
		     access_basis *basis)
{
	*basis = ACCESS_NONE;
	if (!u)
		return SN_OK;
	store_stmt *st = NULL;
	/* One query, strongest basis first. Worker access needs the worker
	 * role still held; without it a named relationship or break glass
	 * may still apply. */
	sn_err rc = store_query(s, &st,
		"SELECT CASE WHEN p.user_id = ? THEN 1 "
		" WHEN ? = 1 AND EXISTS (SELECT 1 FROM relationships r WHERE r.person_id = p.id "
		"   AND r.user_id = ? AND r.kind = 'worker') THEN 3 "
		" WHEN EXISTS (SELECT 1 FROM relationships r WHERE r.person_id = p.id "
		"   AND r.user_id = ? AND r.kind = 'named') THEN 2 "
		" WHEN EXISTS (SELECT 1 FROM break_glass b WHERE b.person_id = p.id "
		"   AND b.user_id = ? AND b.expires_at > ?) THEN 4 "
		" ELSE 0 END FROM people p WHERE p.id = ?",
		"iiiiiii", u->id, (int64_t)((u->roles & R_WORKER) != 0), u->id,
		u->id, u->id, time_now(), person_id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		*basis = (access_basis)store_col_i64(st, 0);
	store_done(st);
	return rc;
}

sn_err access_audit_person(store *s, const web_user *u, access_basis basis,
			   const char *action, const char *person_uuid)
{
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", person_uuid);
	audit_entry e = {u ? u->uuid : "anonymous", u ? basis_role(u, basis) : "",
			 action, rec, access_basis_name(basis)};
	return audit_append(s, &e);
}

sn_err access_break_glass(store *s, const web_user *u, int64_t person_id,
			  const char *person_uuid, const char *reason)
{
	if (!u || !(u->roles & (R_WORKER | R_ADMIN)))
		return SN_EFORBIDDEN;
	if (!reason || strlen(reason) < BREAK_GLASS_REASON_MIN || strlen(reason) > 2000)
		return SN_EINPUT;
	int64_t now = time_now();
	sn_err rc = store_begin_write(s);
	if (rc)
		return rc;
	rc = store_run(s, "INSERT INTO break_glass(person_id, user_id, reason, "
			  "granted_at, expires_at) VALUES (?,?,?,?,?)",
		       "iitii", person_id, u->id, reason, now,
		       now + BREAK_GLASS_MINUTES * 60);
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", person_uuid);
	audit_entry e = {u->uuid, (u->roles & R_WORKER) ? "worker" : "admin",
			 "person.break_glass", rec, reason};
	if (!rc)
		rc = audit_append(s, &e);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}
