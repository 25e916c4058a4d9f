/* One-time form ids in handlers: a form sent before leads to what it made; a change that went well is remembered with the form, committed and redirected to (POST/redirect/GET). */
#include "once.h"

const char *once_form_id(req *r)
{
	const char *sent = req_form(r, ONCE_FIELD);
	if (str_is_uuid(sent))
		return sent;
	char id[37];
	once_new(id);
	return arena_strdup(r->a, id);
}

sn_err once_check(req *r, reply *out, bool *done)
{
	const char *made = NULL;
	*done = false;
	sn_err rc = once_made(r->db, req_form(r, ONCE_FIELD), r->a, &made);
	if (rc || !made)
		return rc;
	store_rollback(r->db);
	*done = true;
	return reply_redirect(out, made);
}

sn_err once_finish(req *r, reply *out, sn_err rc, const char *target)
{
	if (!rc)
		rc = once_remember(r->db, req_form(r, ONCE_FIELD), target);
	if (!rc)
		rc = store_commit(r->db);
	if (rc == SN_ECONFLICT) {
		const char *made = NULL;
		store_rollback(r->db);
		if (!once_made(r->db, req_form(r, ONCE_FIELD), r->a, &made) && made)
			return reply_redirect(out, made);
	}
	if (rc)
		return rc;
	return reply_redirect(out, target);
}
