/* Approvers: an administrator gives a worker an approval limit (the most a
 * week's plan they may approve), or takes it away. Audited as
 * "approval_limit.set" on the worker's account. */
#include <stdio.h>
#include <string.h>

#include "plan_int.h"

static sn_err page(req *r, reply *out, int status, const char *done)
{
	plan_approver *rows;
	size_t n;
	sn_err rc = plan_approvers(r->db, r->a, &rows, &n);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{ssssssss}", "uuid", rows[i].uuid, "name",
			rows[i].name, "email", rows[i].email, "limit",
			money_pence_text(r->a, rows[i].weekly_limit_pence)));
	json_t *v = json_pack("{sosbssss}", "approvers", list, "empty", n == 0, "email_value",
			      req_form(r, "email"), "limit_value", req_form(r, "limit"));
	if (done)
		json_object_set_new(v, "done", json_string(done));
	return reply_page(out, status, "plan/approvers", "Who can approve support plans", v);
}

sn_err plan_approvers_page(req *r, reply *out)
{
	const char *done = req_get(r, "done");
	return page(r, out, 200, str_eq(done, "set") ? "The approval limit has been saved."
				 : str_eq(done, "removed") ? "The approval limit has been taken away." : NULL);
}

sn_err plan_approvers_save(req *r, reply *out)
{
	const char *email = req_form(r, "email"), *limit = req_form(r, "limit");
	int64_t pence = 0, uid = 0;
	char uuid[37];
	if (!*email)
		req_add_error(r, "email", "Enter the worker's email address");
	if (*limit && money_parse_pounds(limit, PLAN_WEEKLY_MAX_PENCE, &pence))
		req_add_error(r, "limit", "Enter the limit in pounds a week, like 500, or leave it empty to take the limit away");
	sn_err rc = store_begin_write(r->db);
	if (rc)
		return rc;
	if (!r->errors) {
		rc = plan_worker_by_email(r->db, email, &uid, uuid);
		if (rc == SN_ENOTFOUND)
			req_add_error(r, "email", "There is no worker account with that email address");
		else if (rc)
			return rc;
	}
	if (r->errors) {
		store_rollback(r->db);
		return page(r, out, 400, NULL);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = plan_set_approval_limit(r->db, uid, pence, r->user->uuid, now);
	audit_entry e = {r->user->uuid, "admin", "approval_limit.set",
			 arena_printf(r->a, "user:%s", uuid),
			 pence ? arena_printf(r->a, "%s a week", money_pence_text(r->a, pence)) : "removed"};
	if (!rc)
		rc = audit_append(r->db, &e);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, pence ? "/admin/approvers?done=set" : "/admin/approvers?done=removed");
}
