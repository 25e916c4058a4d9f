/* Moderating the directory, as pages: a proposal with its field-by-field
 * difference, approved or not with a reason (or withdrawn by its partner),
 * the moderators' queue, likely duplicates with merging, and where
 * moderators start. See docs/directory.md, "Editing and moderation". */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "curate_http.h"

static sn_err change_access(req *r, reply *out, curate_change_row *c, bool *done)
{
	*done = true;
	sn_err rc = curate_store_change(r->db, r->a, req_get(r, "id"), c);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such change.");
	bool ok = false;
	if (!rc)
		rc = curate_may_manage(r, c->org, &ok);
	if (rc) {
		json_decref(c->details);
		return rc;
	}
	if (!ok) {
		json_decref(c->details);
		return reply_error(r, out, 403, "You can only see changes to your own organisation's entries.");
	}
	*done = false;
	return SN_OK;
}

static const char *status_words(const char *s)
{
	return strcmp(s, "pending") == 0 ? "Waiting for a moderator" : strcmp(s, "approved") == 0 ? "Approved"
	       : strcmp(s, "rejected") == 0 ? "Not approved" : "Withdrawn";
}

static sn_err change_page(req *r, reply *out, int status, curate_change_row *c)
{
	json_t *current = NULL;
	sn_err rc = SN_OK;
	int64_t latest = 0;
	const char *name = "", *suuid = "";
	if (c->sid) {
		rc = curate_store_service_name(r->db, r->a, c->sid, &suuid, &name);
		if (!rc)
			rc = curate_details_load(r->db, c->sid, &current);
		if (!rc)
			rc = curate_version_latest(r->db, c->sid, &latest);
	} else {
		current = curate_details_empty();
		json_object_set_new(current, "status", json_string(""));
		name = json_string_value(json_object_get(c->details, "name")) ?: "";
	}
	if (rc) {
		json_decref(current);
		return rc;
	}
	/* The difference a decision would make now; once decided, what was asked. */
	json_t *diff = curate_details_diff(r->db, current, c->details);
	json_decref(current);
	bool pending = strcmp(c->status, "pending") == 0;
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:b, s:s, s:s}", "uuid", c->uuid,
			      "name", name, "service_uuid", suuid, "org_name", c->org_name, "kind_words",
			      strcmp(c->kind, "new") == 0 ? "A new service"
			      : strcmp(c->kind, "restore") == 0 ? "Restore an earlier version" : "Changes to an entry",
			      "submitted", time_uk_when(r->a, c->submitted), "by", c->by_name, "diff", diff, "pending", pending,
			      "moderator", curate_is_mod(r), "no_diff", json_array_size(diff) == 0, "status_words",
			      status_words(c->status), "status", c->status);
	json_object_set_new(v, "after_word", json_string(pending ? "Proposed" : "Asked for"));
	if (*c->note)
		json_object_set_new(v, "note", json_string(c->note));
	if (!pending)
		json_object_set_new(v, "decided", json_pack("{s:s, s:s, s:s}", "when", time_uk_when(r->a, c->decided),
							      "by", c->decider, "reason", c->reason));
	/* Out of date: the entry's details now differ from those the partner
	 * started from (version 1 is the entry as it was before any history). */
	json_t *base = NULL, *now_d = NULL;
	if (pending && c->sid && latest > (c->base ? c->base : 1) &&
	    !curate_version_details(r->db, c->sid, c->base ? c->base : 1, &base) &&
	    !curate_details_load(r->db, c->sid, &now_d) && !json_equal(base, now_d))
		json_object_set_new(v, "stale", json_pack("{s:I, s:I}", "base", (json_int_t)(c->base ? c->base : 1),
							  "latest", (json_int_t)latest));
	json_decref(base);
	json_decref(now_d);
	json_object_set_new(v, "reason", json_string(req_form(r, "reason")));
	/* Just sent; or not approved (or withdrawn): start again from it. */
	if (*req_get(r, "sent") && pending)
		json_object_set_new(v, "sent", json_true());
	if (strcmp(c->status, "rejected") == 0 || strcmp(c->status, "withdrawn") == 0) {
		const char *org_uuid = "";
		if (!c->sid && curate_store_org_uuid(r->db, r->a, c->org, &org_uuid))
			org_uuid = "";
		if (c->sid && *suuid)
			json_object_set_new(v, "start", json_string(arena_printf(r->a, "/directory/services/%s/edit?from=%s",
										  suuid, c->uuid)));
		else if (!c->sid && *org_uuid)
			json_object_set_new(v, "start", json_string(arena_printf(r->a,
				"/directory/organizations/%s/services/new?from=%s", org_uuid, c->uuid)));
	}
	return reply_page(out, status, "directory/change", "A change to the directory", v);
}

sn_err curate_change(req *r, reply *out)
{
	curate_change_row c;
	bool done;
	sn_err rc = change_access(r, out, &c, &done);
	if (rc || done)
		return rc;
	rc = access_ensure_csrf(r);
	if (!rc)
		rc = change_page(r, out, 200, &c);
	json_decref(c.details);
	return rc;
}

sn_err curate_change_decide(req *r, reply *out)
{
	curate_change_row c;
	bool done;
	sn_err rc = change_access(r, out, &c, &done);
	if (rc || done)
		return rc;
	const char *decision = req_get(r, "decision");
	const char *reason = req_form(r, "reason");
	bool approve = strcmp(decision, "approve") == 0;
	if (strcmp(c.status, "pending") != 0) {
		json_decref(c.details);
		return reply_error(r, out, 409, "This change has already been decided.");
	}
	if (!approve && strlen(reason) < 3)
		req_add_error(r, "reason", "Say why the change is not approved, so the partner can put it right");
	if (strlen(reason) > 1000)
		req_add_error(r, "reason", "The reason must be 1,000 characters or fewer");
	if (r->errors) {
		rc = change_page(r, out, 400, &c);
		json_decref(c.details);
		return rc;
	}
	/* Re-check what was proposed against today's taxonomy and postcodes. */
	json_t *errors = json_array();
	if (approve && curate_details_check(r->db, c.details, errors) == SN_EINPUT) {
		json_decref(errors);
		json_decref(c.details);
		return reply_error(r, out, 409, "This change no longer passes the checks (a postcode or kind of help "
					       "it uses has gone). Reject it with a reason.");
	}
	json_decref(errors);
	char now[21];
	time_iso8601(time_now(), now);
	curate_actor who = curate_actor_of(r);
	int64_t sid = 0;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = approve ? curate_change_approve(r->db, c.id, &who, r->user->id, reason, now, &sid)
			     : curate_change_reject(r->db, c.id, r->user->id, reason, now);
	if (!rc)
		rc = curate_audit(r, approve ? "directory.change_approve" : "directory.change_reject",
			   arena_printf(r->a, "change:%s", c.uuid), reason);
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	json_decref(c.details);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "This change has already been decided.");
	return rc ? rc
		  : reply_redirect(out, arena_printf(r->a, "/moderation/changes?done=%s&change=%s",
						     approve ? "approved" : "refused", c.uuid));
}

sn_err curate_change_withdraw(req *r, reply *out)
{
	curate_change_row c;
	bool done;
	sn_err rc = change_access(r, out, &c, &done);
	if (rc || done)
		return rc;
	json_decref(c.details);
	char now[21];
	time_iso8601(time_now(), now);
	bool withdrawn = false;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_store_change_withdraw(r->db, c.id, r->user->id, now, &withdrawn);
	if (!rc && !withdrawn) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This change has already been decided.");
	}
	if (!rc)
		rc = curate_audit(r, "directory.change_withdraw", arena_printf(r->a, "change:%s", c.uuid), "");
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	return rc ? rc : reply_redirect(out, "/partner");
}

sn_err curate_queue(req *r, reply *out)
{
	json_t *rows = NULL, *list = json_array();
	sn_err rc = curate_store_queue(r->db, &rows);
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		if (rc)
			break;
		const char *kind = json_string_value(json_object_get(x, "kind"));
		const char *service = json_string_value(json_object_get(x, "service"));
		/* A new service has no name yet but the one proposed. */
		json_t *d = *service ? NULL : json_loads(json_string_value(json_object_get(x, "details")), 0, NULL);
		const char *name = d ? json_string_value(json_object_get(d, "name")) : service;
		json_array_append_new(list, json_pack("{s:O, s:s, s:s, s:O, s:s}", "uuid", json_object_get(x, "uuid"),
			"what", strcmp(kind, "new") == 0 ? "New service" : strcmp(kind, "restore") == 0
				? "Restore a version" : "Changes",
			"service", name ? name : "", "organization", json_object_get(x, "organization"),
			"by", arena_printf(r->a, "%s, %s", json_string_value(json_object_get(x, "by")),
					   time_uk_when(r->a, json_string_value(json_object_get(x, "submitted"))))));
		json_decref(d);
	}
	json_decref(rows);
	if (rc) {
		json_decref(list);
		return rc;
	}
	json_t *v = json_pack("{s:o, s:s}", "changes", list, "count",
			      text_count(r->a, (int64_t)json_array_size(list), "change", "changes"));
	/* After a decision: what it did. */
	const char *done = req_get(r, "done");
	curate_change_row c;
	if (*done && !curate_store_change(r->db, r->a, req_get(r, "change"), &c)) {
		const char *name = c.sid ? "" : json_string_value(json_object_get(c.details, "name"));
		const char *suuid = "";
		if (c.sid && curate_store_service_name(r->db, r->a, c.sid, &suuid, &name))
			name = "";
		bool approved = strcmp(done, "approved") == 0;
		json_object_set_new(v, "done", json_pack("{s:s, s:s}", "heading",
			approved ? arena_printf(r->a, "The change to %s is approved and published.", name ? name : "the entry")
				 : arena_printf(r->a, "The change to %s is not approved.", name ? name : "the entry"),
			"text", approved ? "It is in the entry's history; the partner sees it on their entries page."
					 : "The partner sees your reason on their entries page and can start again from "
					   "what they sent."));
		json_decref(c.details);
	}
	return reply_page(out, 200, "directory/queue", "Changes waiting for a moderator", v);
}

/* ---- likely duplicates ---- */

#define DUPES_SHOWN 50

static json_t *dup_side(req *r, int64_t sid, sn_err *rc)
{
	json_t *d = NULL;
	const char *uuid = "", *org = "", *checked = "";
	*rc = curate_store_dup_side(r->db, r->a, sid, &uuid, &org, &checked);
	if (*uuid)
		checked = time_uk_day(r->a, checked);
	if (!*rc)
		*rc = curate_details_load(r->db, sid, &d);
	if (*rc)
		return NULL;
	const char *addr = arena_printf(r->a, "%s%s%s", json_string_value(json_object_get(d, "address_1")),
					*json_string_value(json_object_get(d, "postcode")) ? ", " : "",
					json_string_value(json_object_get(d, "postcode")));
	const char *url = str_web_url_or_null(json_string_value(json_object_get(d, "url")));
	json_t *v = json_pack("{s:s, s:O, s:s, s:s, s:O, s:O, s:s, s:s}", "uuid", uuid, "name",
			      json_object_get(d, "name"), "organization", org, "address", addr, "phone",
			      json_object_get(d, "phone"), "email", json_object_get(d, "email"), "url",
			      url ? url : "", "checked", *checked ? checked : "Never");
	json_decref(d);
	int64_t org_id = 0;
	const char *org_uuid = "";
	*rc = curate_store_service_org(r->db, sid, &org_id);
	if (!*rc)
		*rc = curate_store_org_uuid(r->db, r->a, org_id, &org_uuid);
	json_object_set_new(v, "org_uuid", json_string(org_uuid));
	return v;
}

/* Both services of a pair form, by uuid (published, not merged). */
static sn_err pair_ids(req *r, const char *ka, const char *kb, int64_t *a, int64_t *b)
{
	sn_err rc = dir_service_id(r->db, req_get(r, ka), a);
	if (!rc)
		rc = dir_service_id(r->db, req_get(r, kb), b);
	return rc;
}

sn_err curate_dupes_list(req *r, reply *out)
{
	curate_dup_pair *pairs = NULL;
	size_t n = 0;
	sn_err rc = access_ensure_csrf(r);
	if (!rc)
		rc = curate_duplicates(r->db, r->a, DUPES_SHOWN, &pairs, &n);
	json_t *list = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *a = dup_side(r, pairs[i].a, &rc), *b = rc ? NULL : dup_side(r, pairs[i].b, &rc);
		if (rc) {
			json_decref(a);
			break;
		}
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:o, s:o}", "n", (json_int_t)(i + 1), "why",
						      pairs[i].why, "score", (json_int_t)pairs[i].score, "a", a, "b", b));
	}
	if (rc) {
		json_decref(list);
		return rc;
	}
	json_t *v = json_pack("{s:o, s:s, s:b}", "pairs", list, "count",
			      text_count(r->a, (int64_t)n, "pair", "pairs"), "none", n == 0);
	/* After a merge: what it did, and an undo. */
	const char *kept = req_get(r, "kept"), *gone = req_get(r, "merged");
	if (*kept && *gone) {
		const char *kname = "", *gname = "", *x = "";
		int64_t kid = 0, gid = 0;
		if (!dir_row_id(r->db, "dir_services", kept, &kid) && !dir_row_id(r->db, "dir_services", gone, &gid) &&
		    !curate_store_service_name(r->db, r->a, kid, &x, &kname) &&
		    !curate_store_service_name(r->db, r->a, gid, &x, &gname))
			json_object_set_new(v, "merged", json_pack("{s:s, s:s, s:s, s:s, s:I}", "kept", kept, "gone", gone,
				"kept_name", kname, "gone_name", gname, "days", (json_int_t)CURATE_UNDO_MERGE_DAYS));
	}
	if (*req_get(r, "undone"))
		json_object_set_new(v, "undone", json_true());
	return reply_page(out, 200, "directory/duplicates", "Likely duplicates", v);
}

/* ---- merging: a confirmation first ---- */

/* The confirmation page for pair a, b (status 200, or 400 with errors). */
static sn_err merge_page(req *r, reply *out, int status, int64_t a, int64_t b)
{
	sn_err rc = access_ensure_csrf(r);
	json_t *sa = rc ? NULL : dup_side(r, a, &rc), *sb = rc ? NULL : dup_side(r, b, &rc);
	if (rc) {
		json_decref(sa);
		json_decref(sb);
		return rc;
	}
	const char *keep = req_form(r, "keep"), *org = req_form(r, "org");
	const char *ua = json_string_value(json_object_get(sa, "uuid")), *ub = json_string_value(json_object_get(sb, "uuid"));
	const char *oa = json_string_value(json_object_get(sa, "org_uuid")), *ob = json_string_value(json_object_get(sb, "org_uuid"));
	json_t *keeps = json_pack("[{s:s, s:s, s:O, s:b}, {s:s, s:s, s:O, s:b}]", "id", "keep", "value", ua, "name",
				  json_object_get(sa, "name"), "checked", strcmp(keep, ua) == 0, "id", "keep-2", "value", ub,
				  "name", json_object_get(sb, "name"), "checked", strcmp(keep, ub) == 0);
	json_t *v = json_pack("{s:o, s:o, s:o, s:s, s:s}", "a", sa, "b", sb, "keeps", keeps, "a_uuid", ua, "b_uuid", ub);
	json_object_set_new(v, "two_orgs", json_boolean(strcmp(oa, ob) != 0));
	if (strcmp(oa, ob) != 0)
		json_object_set_new(v, "orgs", json_pack("[{s:s, s:s, s:O, s:b}, {s:s, s:s, s:O, s:b}]", "id", "org",
			"value", oa, "name", json_object_get(sa, "organization"), "checked", strcmp(org, oa) == 0,
			"id", "org-2", "value", ob, "name", json_object_get(sb, "organization"), "checked",
			strcmp(org, ob) == 0));
	else
		json_object_set_new(v, "same_org", json_pack("{s:s, s:O}", "uuid", oa, "name",
							      json_object_get(sa, "organization")));
	json_object_set_new(v, "days", json_integer(CURATE_UNDO_MERGE_DAYS));
	return reply_page(out, status, "directory/merge", "Merge two entries", v);
}

sn_err curate_dupes_confirm(req *r, reply *out)
{
	int64_t a = 0, b = 0;
	sn_err rc = pair_ids(r, "a", "b", &a, &b);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "One of those entries is no longer in the directory (merged or taken "
					       "out already).");
	if (!rc && a == b)
		return reply_error(r, out, 400, "An entry cannot be merged into itself.");
	return rc ? rc : merge_page(r, out, 200, a, b);
}

sn_err curate_dupes_merge(req *r, reply *out)
{
	int64_t a = 0, b = 0;
	sn_err rc = pair_ids(r, "a", "b", &a, &b);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "One of those entries is no longer in the directory (merged or taken "
					       "out already).");
	if (!rc && a == b)
		return reply_error(r, out, 400, "An entry cannot be merged into itself.");
	if (rc)
		return rc;
	/* Which stays, and which organisation owns it: one of the two each. */
	const char *ua = req_get(r, "a"), *ub = req_get(r, "b"), *keep_uuid = req_form(r, "keep");
	bool keep_a = strcasecmp(keep_uuid, ua) == 0, keep_b = strcasecmp(keep_uuid, ub) == 0;
	int64_t org_a = 0, org_b = 0, org = 0;
	const char *oua = "", *oub = "", *org_uuid = req_form(r, "org");
	rc = curate_store_service_org(r->db, a, &org_a);
	if (!rc)
		rc = curate_store_service_org(r->db, b, &org_b);
	if (!rc)
		rc = curate_store_org_uuid(r->db, r->a, org_a, &oua);
	if (!rc)
		rc = curate_store_org_uuid(r->db, r->a, org_b, &oub);
	if (rc)
		return rc;
	json_decref(r->errors); /* (the choices are checked here, in words) */
	r->errors = NULL;
	if (!keep_a && !keep_b)
		req_add_error(r, "keep", "Choose which entry stays in the directory");
	if (org_a == org_b)
		org = org_a;
	else if (strcasecmp(org_uuid, oua) == 0)
		org = org_a;
	else if (strcasecmp(org_uuid, oub) == 0)
		org = org_b;
	else
		req_add_error(r, "org", "Choose which organisation owns the entry that stays");
	if (r->errors)
		return merge_page(r, out, 400, a, b);
	int64_t keep = keep_a ? a : b, gone = keep_a ? b : a;
	char now[21];
	time_iso8601(time_now(), now);
	curate_actor who = curate_actor_of(r);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_merge_to(r->db, keep, gone, org, &who, now);
	if (!rc)
		rc = curate_audit(r, "directory.merge", arena_printf(r->a, "service:%s", keep_a ? ua : ub),
			   arena_printf(r->a, "merged service:%s", keep_a ? ub : ua));
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "One of those entries is no longer in the directory.");
	return rc ? rc : reply_redirect(out, arena_printf(r->a, "/moderation/duplicates?kept=%s&merged=%s",
							  keep_a ? ua : ub, keep_a ? ub : ua));
}

sn_err curate_dupes_undo(req *r, reply *out)
{
	int64_t keep = 0, gone = 0;
	sn_err rc = dir_row_id(r->db, "dir_services", req_get(r, "keep"), &keep);
	if (!rc)
		rc = dir_row_id(r->db, "dir_services", req_get(r, "gone"), &gone);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such entry.");
	if (rc)
		return rc;
	char now[21];
	time_iso8601(time_now(), now);
	curate_actor who = curate_actor_of(r);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_merge_undo(r->db, keep, gone, &who, now, (int64_t)CURATE_UNDO_MERGE_DAYS * 86400);
	if (!rc)
		rc = curate_audit(r, "directory.merge_undo", arena_printf(r->a, "service:%s", req_get(r, "keep")),
			   arena_printf(r->a, "unmerged service:%s", req_get(r, "gone")));
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "That entry is not merged into the other (the merge was undone already).");
	if (rc == SN_ECONFLICT)
		return reply_error(r, out, 409, arena_printf(r->a, "That merge is more than %d days old and can no longer "
					       "be undone here. Restore the entries from their histories instead.",
					       CURATE_UNDO_MERGE_DAYS));
	return rc ? rc : reply_redirect(out, "/moderation/duplicates?undone=1");
}

sn_err curate_dupes_dismiss(req *r, reply *out)
{
	int64_t a = 0, b = 0;
	sn_err rc = pair_ids(r, "a", "b", &a, &b);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "One of those entries is no longer in the directory.");
	if (!rc && a == b)
		return reply_error(r, out, 400, "Choose two different entries.");
	char now[21];
	time_iso8601(time_now(), now);
	if (!rc)
		rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_store_not_duplicates(r->db, a, b, r->user->id, now);
	if (!rc)
		rc = curate_audit(r, "directory.not_duplicates", arena_printf(r->a, "service:%s", req_get(r, "a")),
			   arena_printf(r->a, "service:%s", req_get(r, "b")));
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	return rc ? rc : reply_redirect(out, "/moderation/duplicates");
}

sn_err curate_moderation(req *r, reply *out)
{
	int64_t changes = 0, reports = 0, overdue = 0;
	char today[21];
	time_iso8601(time_now(), today);
	today[10] = 0;
	sn_err rc = curate_store_moderation_counts(r->db, today, &changes, &reports, &overdue);
	if (rc)
		return rc;
	return reply_page(out, 200, "directory/moderation", "Moderation",
			  json_pack("{s:s, s:s, s:s}", "changes", text_count(r->a, changes, "change", "changes"),
				    "reports", text_count(r->a, reports, "report", "reports"), "overdue",
				    text_count(r->a, overdue, "entry", "entries")));
}
