/* curate/'s SQL for its pages and rules (editing's own is in
 * edit_store.c): services and organisations by uuid, membership, kinds of
 * help, proposals, versions, the partners' page (one query a list, over
 * all of a partner's organisations), duplicates, reports, the overdue
 * report and the moderators' counts. */
#include <stdio.h>
#include <string.h>

#include "curate_int.h"

/* ---- services, organisations, members, kinds of help ---- */

sn_err curate_store_service(store *s, arena *a, const char *uuid, curate_service_info *out)
{
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT s.id, s.organization_id, s.uuid, s.name, o.name, o.uuid, "
	    "s.moderation FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "
	    "WHERE s.uuid = ? AND s.merged_into IS NULL",
	    "t", uuid);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		*out = (curate_service_info){store_col_i64(st, 0),
		                             store_col_i64(st, 1),
		                             arena_strdup(a, store_col_text(st, 2)),
		                             arena_strdup(a, store_col_text(st, 3)),
		                             arena_strdup(a, store_col_text(st, 4)),
		                             arena_strdup(a, store_col_text(st, 5)),
		                             arena_strdup(a, store_col_text(st, 6))};
	store_done(st);
	return rc ? rc : row ? SN_OK : SN_ENOTFOUND;
}

sn_err curate_store_org(store *s, arena *a, const char *uuid, int64_t *id, const char **name)
{
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc =
	    store_query(s, &st, "SELECT id, name FROM dir_organizations WHERE uuid = ?", "t", uuid);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		*id = store_col_i64(st, 0);
		*name = arena_strdup(a, store_col_text(st, 1));
	}
	store_done(st);
	return rc ? rc : row ? SN_OK : SN_ENOTFOUND;
}

sn_err curate_store_service_org(store *s, int64_t sid, int64_t *org)
{
	*org = 0;
	return store_one_i64(s, org, "SELECT organization_id FROM dir_services WHERE id = ?", "i",
	                     sid);
}

sn_err curate_store_service_name(store *s, arena *a, int64_t sid, const char **uuid,
                                 const char **name)
{
	store_stmt *st = NULL;
	bool row = false;
	*uuid = *name = "";
	sn_err rc =
	    store_query(s, &st, "SELECT uuid, name FROM dir_services WHERE id = ?", "i", sid);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		*uuid = arena_strdup(a, store_col_text(st, 0));
		*name = arena_strdup(a, store_col_text(st, 1));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_is_member(store *s, int64_t org, int64_t user, bool *member)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n,
	                          "SELECT count(*) FROM dir_org_members WHERE organization_id = ? "
	                          "AND user_id = ?",
	                          "ii", org, user);
	*member = n > 0;
	return rc;
}

sn_err curate_store_term_name(store *s, const char *code, char *out, size_t size, bool *found)
{
	store_stmt *st = NULL;
	bool row = false;
	*found = false;
	if (!store_query(s, &st, "SELECT name FROM dir_taxonomy_terms WHERE code = ? LIMIT 1", "t",
	                 code) &&
	    !store_step(st, &row) && row) {
		snprintf(out, size, "%s", store_col_text(st, 0));
		*found = true;
	}
	store_done(st);
	return SN_OK;
}

sn_err curate_store_term_exists(store *s, const char *code, bool *exists)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM dir_taxonomy_terms WHERE code = ?",
	                          "t", code);
	*exists = n > 0;
	return rc;
}

/* ---- proposals and versions ---- */

sn_err curate_store_pending(store *s, int64_t sid, json_t **out, json_t **details)
{
	store_stmt *st = NULL;
	bool row = false;
	*out = NULL;
	if (details)
		*details = NULL;
	if (!store_query(s, &st,
	                 "SELECT c.uuid, c.submitted_at, u.name, c.details FROM dir_changes c "
	                 "JOIN users u ON u.id = c.submitted_by WHERE c.service_id = ? AND "
	                 "c.status = 'pending'",
	                 "i", sid) &&
	    !store_step(st, &row) && row) {
		*out = json_pack("{s:s, s:s, s:s}", "uuid", store_col_text(st, 0), "submitted_at",
		                 store_col_text(st, 1), "by", store_col_text(st, 2));
		if (details)
			*details = json_loads(store_col_text(st, 3), 0, NULL);
	}
	store_done(st);
	return SN_OK;
}

sn_err curate_store_change(store *s, arena *a, const char *uuid, curate_change_row *c)
{
	store_stmt *st = NULL;
	bool row = false;
	memset(c, 0, sizeof *c);
	sn_err rc = store_query(s, &st,
	                        "SELECT c.id, c.organization_id, c.service_id, "
	                        "coalesce(c.base_version, 0), c.submitted_by, c.uuid, "
	                        "c.kind, c.status, c.note, c.reason, c.submitted_at, u.name, "
	                        "coalesce(c.decided_at, ''), "
	                        "coalesce(m.name, ''), o.name, c.details FROM dir_changes c JOIN "
	                        "users u ON u.id = c.submitted_by "
	                        "LEFT JOIN users m ON m.id = c.decided_by JOIN dir_organizations o "
	                        "ON o.id = c.organization_id "
	                        "WHERE c.uuid = ?",
	                        "t", uuid);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		c->id = store_col_i64(st, 0);
		c->org = store_col_i64(st, 1);
		c->sid = store_col_null(st, 2) ? 0 : store_col_i64(st, 2);
		c->base = store_col_i64(st, 3);
		c->by = store_col_i64(st, 4);
		const char **texts[] = {&c->uuid,    &c->kind,      &c->status,  &c->note,
		                        &c->reason,  &c->submitted, &c->by_name, &c->decided,
		                        &c->decider, &c->org_name};
		for (int i = 0; i < 10; i++)
			*texts[i] = arena_strdup(a, store_col_text(st, 5 + i));
		c->details = json_loads(store_col_text(st, 15), 0, NULL);
	}
	store_done(st);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc && !c->details)
		rc = SN_EINTERNAL;
	return rc;
}

sn_err curate_store_change_withdraw(store *s, int64_t change_id, int64_t user, const char *now,
                                    bool *done)
{
	sn_err rc =
	    store_run(s,
	              "UPDATE dir_changes SET status = 'withdrawn', decided_by = ?, decided_at = ? "
	              "WHERE id = ? AND status = 'pending'",
	              "iti", user, now, change_id);
	*done = !rc && store_changes(s) == 1;
	return rc;
}

sn_err curate_store_queue(store *s, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT c.uuid, c.kind, coalesce(s.name, ''), o.name, u.name, c.submitted_at, "
	    "c.details FROM dir_changes c "
	    "JOIN dir_organizations o ON o.id = c.organization_id JOIN users u ON u.id = "
	    "c.submitted_by "
	    "LEFT JOIN dir_services s ON s.id = c.service_id WHERE c.status = 'pending' "
	    "ORDER BY c.submitted_at, c.id LIMIT 500",
	    "");
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(
		    *out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "uuid",
		                    store_col_text(st, 0), "kind", store_col_text(st, 1), "service",
		                    store_col_text(st, 2), "organization", store_col_text(st, 3),
		                    "by", store_col_text(st, 4), "submitted", store_col_text(st, 5),
		                    "details", store_col_text(st, 6)));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_versions(store *s, int64_t sid, int64_t limit, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT version, details, action, actor_name, note, created_at, actor "
	    "FROM dir_service_versions WHERE service_id = ? ORDER BY version DESC LIMIT ?",
	    "ii", sid, limit);
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(
		    *out, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "version",
		                    (json_int_t)store_col_i64(st, 0), "details",
		                    store_col_text(st, 1), "action", store_col_text(st, 2), "by",
		                    store_col_text(st, 3), "note", store_col_text(st, 4), "when",
		                    store_col_text(st, 5), "actor", store_col_text(st, 6)));
	}
	store_done(st);
	return rc;
}

/* ---- the partners' page ---- */

/* The organisations a user is a member of, as the page lists them. */
#define MEMBER_ORGS "SELECT organization_id FROM dir_org_members WHERE user_id = ?"

/* Rows at most `max` per organisation (rows come grouped by it). */
typedef struct {
	int64_t org;
	size_t n;
} per_org;

static bool within(per_org *p, int64_t org, size_t max)
{
	if (org != p->org) {
		p->org = org;
		p->n = 0;
	}
	return p->n++ < max;
}

sn_err curate_store_member_orgs(store *s, int64_t user, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT o.id, o.uuid, o.name FROM dir_org_members m JOIN "
	    "dir_organizations o ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name "
	    "LIMIT 50",
	    "i", user);
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(
		    *out, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)store_col_i64(st, 0),
		                    "uuid", store_col_text(st, 1), "name", store_col_text(st, 2)));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_member_services(store *s, int64_t user, const char *today, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	bool row = true;
	per_org p = {-1, 0};
	sn_err rc = store_query(
	    s, &st,
	    "SELECT s.organization_id, s.uuid, s.name, s.status, coalesce(s.review_due, ''), "
	    "(SELECT c.uuid FROM dir_changes c WHERE c.service_id = s.id AND c.status = 'pending') "
	    "FROM dir_services s WHERE s.organization_id IN (" MEMBER_ORGS
	    ") AND s.merged_into IS NULL "
	    "AND s.moderation <> 'archived' ORDER BY s.organization_id, "
	    "CASE WHEN " CURATE_OVERDUE_SQL("s.review_due") " THEN 0 ELSE 1 END, s.name, s.id",
	    "it", user, today);
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		if (!within(&p, store_col_i64(st, 0), 500))
			continue;
		json_t *o =
		    json_pack("{s:I, s:s, s:s, s:s, s:s}", "org", (json_int_t)store_col_i64(st, 0),
		              "uuid", store_col_text(st, 1), "name", store_col_text(st, 2),
		              "status", store_col_text(st, 3), "due", store_col_text(st, 4));
		if (!store_col_null(st, 5))
			json_object_set_new(o, "pending", json_string(store_col_text(st, 5)));
		json_array_append_new(*out, o);
	}
	store_done(st);
	return rc;
}

sn_err curate_store_member_new_changes(store *s, int64_t user, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc =
	    store_query(s, &st,
	                "SELECT organization_id, uuid, details, submitted_at FROM dir_changes "
	                "WHERE organization_id IN (" MEMBER_ORGS
	                ") AND status = 'pending' AND service_id IS NULL "
	                "ORDER BY organization_id, id",
	                "i", user);
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(
		    *out, json_pack("{s:I, s:s, s:s, s:s}", "org", (json_int_t)store_col_i64(st, 0),
		                    "uuid", store_col_text(st, 1), "details", store_col_text(st, 2),
		                    "submitted", store_col_text(st, 3)));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_member_refused(store *s, int64_t user, const char *since, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	bool row = true;
	per_org p = {-1, 0};
	sn_err rc = store_query(
	    s, &st,
	    "SELECT c.organization_id, c.uuid, coalesce(s.name, ''), c.details, "
	    "c.reason, c.decided_at, coalesce(s.uuid, ''), o.uuid FROM dir_changes c "
	    "LEFT JOIN dir_services s ON s.id = c.service_id "
	    "JOIN dir_organizations o ON o.id = c.organization_id "
	    "WHERE c.organization_id IN (" MEMBER_ORGS ") AND c.status = 'rejected' AND "
	    "c.decided_at >= ? ORDER BY c.organization_id, c.decided_at DESC, c.id DESC",
	    "it", user, since);
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		if (!within(&p, store_col_i64(st, 0), 20))
			continue;
		json_array_append_new(
		    *out,
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "org",
		              (json_int_t)store_col_i64(st, 0), "uuid", store_col_text(st, 1),
		              "name", store_col_text(st, 2), "details", store_col_text(st, 3),
		              "reason", store_col_text(st, 4), "decided", store_col_text(st, 5),
		              "service", store_col_text(st, 6), "org_uuid", store_col_text(st, 7)));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_member_reports(store *s, int64_t user, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	bool row = true;
	per_org p = {-1, 0};
	sn_err rc = store_query(
	    s, &st,
	    "SELECT s.organization_id, s.uuid, s.name, d.what, d.created_at "
	    "FROM dir_reports d JOIN dir_services s ON s.id = d.service_id WHERE s.organization_id "
	    "IN (" MEMBER_ORGS ") AND d.status = 'open' ORDER BY s.organization_id, d.created_at, "
	    "d.id",
	    "i", user);
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		if (!within(&p, store_col_i64(st, 0), 100))
			continue;
		json_array_append_new(
		    *out,
		    json_pack("{s:I, s:s, s:s, s:s, s:s}", "org", (json_int_t)store_col_i64(st, 0),
		              "uuid", store_col_text(st, 1), "service", store_col_text(st, 2),
		              "what", store_col_text(st, 3), "created", store_col_text(st, 4)));
	}
	store_done(st);
	return rc;
}

/* ---- duplicates ---- */

sn_err curate_store_dup_side(store *s, arena *a, int64_t sid, const char **uuid, const char **org,
                             const char **checked)
{
	store_stmt *st = NULL;
	bool row = false;
	*uuid = *org = *checked = "";
	sn_err rc =
	    store_query(s, &st,
	                "SELECT s.uuid, o.name, coalesce(s.last_reviewed, '') FROM dir_services s "
	                "JOIN dir_organizations o ON o.id = s.organization_id WHERE s.id = ?",
	                "i", sid);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		*uuid = arena_strdup(a, store_col_text(st, 0));
		*org = arena_strdup(a, store_col_text(st, 1));
		*checked = arena_strdup(a, store_col_text(st, 2));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_not_duplicates(store *s, int64_t a, int64_t b, int64_t user, const char *now)
{
	return store_run(
	    s,
	    "INSERT INTO dir_not_duplicates (a_id, b_id, decided_by, decided_at) VALUES "
	    "(?, ?, ?, ?) ON CONFLICT DO NOTHING",
	    "iiit", a < b ? a : b, a < b ? b : a, user, now);
}

#define PUB "s.moderation = 'published' AND s.merged_into IS NULL"

sn_err curate_store_dup_keys(store *s, unsigned why, curate_key_fn *fn, void *ctx)
{
	const char *sql =
	    why == 1 ? "SELECT a.postal_code, s.id, s.name FROM dir_services s JOIN "
	               "dir_service_at_locations sl "
	               "ON sl.service_id = s.id JOIN dir_addresses a ON a.location_id = "
	               "sl.location_id WHERE " PUB " ORDER BY a.postal_code, s.id"
	    : why == 2
	        ? "SELECT replace(replace(p.number, ' ', ''), '-', ''), s.id, s.name FROM "
	          "dir_phones p "
	          "LEFT JOIN dir_contacts c ON c.id = p.contact_id JOIN dir_services s ON s.id = "
	          "coalesce(p.service_id, c.service_id) WHERE " PUB " ORDER BY 1, s.id"
	    : why == 4 ? "SELECT lower(s.email), s.id, s.name FROM dir_services s WHERE " PUB
	                 " AND s.email IS NOT NULL ORDER BY 1, s.id"
	               : "SELECT lower(rtrim(replace(replace(s.url, 'https://', ''), 'http://', "
	                 "''), '/')), "
	                 "s.id, s.name FROM dir_services s WHERE " PUB
	                 " AND s.url IS NOT NULL ORDER BY 1, s.id";
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, sql, "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		rc = fn(ctx, store_col_text(st, 0), store_col_i64(st, 1), store_col_text(st, 2));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_dismissed(store *s, int64_t a, int64_t b, bool *dismissed)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(
	    s, &n, "SELECT count(*) FROM dir_not_duplicates WHERE a_id = ? AND b_id = ?", "ii", a,
	    b);
	*dismissed = n > 0;
	return rc;
}

/* ---- moderation, reports, overdue ---- */

sn_err curate_store_moderation_counts(store *s, const char *today, int64_t *changes,
                                      int64_t *reports, int64_t *overdue)
{
	sn_err rc = store_one_i64(s, changes,
	                          "SELECT count(*) FROM dir_changes WHERE status = 'pending'", "");
	if (!rc)
		rc = store_one_i64(s, reports,
		                   "SELECT count(*) FROM dir_reports WHERE status = 'open'", "");
	if (!rc)
		rc = store_one_i64(
		    s, overdue,
		    "SELECT count(*) FROM dir_services WHERE moderation = 'published' "
		    "AND " CURATE_OVERDUE_SQL("review_due"),
		    "t", today);
	return rc;
}

sn_err curate_report_add(store *s, int64_t sid, const char *what, const char *contact,
                         const char *now)
{
	char uuid[37];
	uuid_v4(uuid);
	return store_run(s,
	                 "INSERT INTO dir_reports (uuid, service_id, what, contact, created_at) "
	                 "VALUES (?, ?, ?, ?, ?)",
	                 "tittt", uuid, sid, what, contact, now);
}

sn_err curate_store_reports(store *s, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT d.uuid, s.uuid, s.name, o.name, d.what, d.contact, "
	                        "d.created_at FROM dir_reports d "
	                        "JOIN dir_services s ON s.id = d.service_id JOIN dir_organizations "
	                        "o ON o.id = s.organization_id "
	                        "WHERE d.status = 'open' ORDER BY d.created_at, d.id LIMIT 200",
	                        "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(
		    *out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "uuid",
		                    store_col_text(st, 0), "service_uuid", store_col_text(st, 1),
		                    "service", store_col_text(st, 2), "organization",
		                    store_col_text(st, 3), "what", store_col_text(st, 4), "contact",
		                    store_col_text(st, 5), "created", store_col_text(st, 6)));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_report_close(store *s, const char *uuid, int64_t user, const char *now,
                                 const char *outcome, bool *done)
{
	sn_err rc =
	    store_run(s,
	              "UPDATE dir_reports SET status = 'closed', closed_by = ?, closed_at = ?, "
	              "outcome = ? WHERE uuid = ? AND status = 'open'",
	              "itt"
	              "t",
	              user, now, outcome, uuid);
	*done = !rc && store_changes(s) == 1;
	return rc;
}

sn_err curate_store_overdue_counts(store *s, const char *today, const char *soon, int64_t *overdue,
                                   int64_t *due_soon)
{
	sn_err rc =
	    store_one_i64(s, overdue,
	                  "SELECT count(*) FROM dir_services WHERE moderation = 'published' "
	                  "AND " CURATE_OVERDUE_SQL("review_due"),
	                  "t", today);
	if (!rc)
		rc = store_one_i64(s, due_soon,
		                   "SELECT count(*) FROM dir_services WHERE moderation = "
		                   "'published' AND review_due >= ? AND review_due <= ?",
		                   "tt", today, soon);
	return rc;
}

sn_err curate_store_overdue_page(store *s, const char *today, int64_t limit, int64_t offset,
                                 json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT s.uuid, s.name, o.name, s.last_reviewed, s.review_due, "
	    "(SELECT max(x.sent_at) FROM email_outbox x WHERE x.topic = 'review:' || s.uuid || ':' "
	    "|| "
	    "substr(s.review_due, 1, 10) AND x.status = 'sent'), "
	    "(SELECT count(*) FROM email_outbox x WHERE x.topic = 'review:' || s.uuid || ':' || "
	    "substr(s.review_due, 1, 10) AND x.status = 'queued'), "
	    "(SELECT count(*) FROM email_outbox x WHERE x.topic = 'review:' || s.uuid || ':' || "
	    "substr(s.review_due, 1, 10) AND x.status = 'failed') "
	    "FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "
	    "WHERE s.moderation = 'published' AND " CURATE_OVERDUE_SQL(
	        "s.review_due") " "
	                        "ORDER BY s.review_due, s.id LIMIT ? OFFSET ?",
	    "tii", today, limit, offset);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(
		    *out, json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:I, s:I}", "uuid",
		                    store_col_text(st, 0), "name", store_col_text(st, 1),
		                    "organization", store_col_text(st, 2), "reviewed",
		                    store_col_null(st, 3) ? json_null()
		                                          : json_string(store_col_text(st, 3)),
		                    "due", store_col_text(st, 4), "sent", store_col_text(st, 5),
		                    "queued", (json_int_t)store_col_i64(st, 6), "failed",
		                    (json_int_t)store_col_i64(st, 7)));
	}
	store_done(st);
	return rc;
}

sn_err curate_store_review_of(store *s, arena *a, const char *uuid, const char **name,
                              const char **due, bool *found)
{
	store_stmt *st = NULL;
	*found = false;
	sn_err rc = store_query(s, &st, "SELECT name, review_due FROM dir_services WHERE uuid = ?",
	                        "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	if (!store_step(st, &row) && row) {
		*name = arena_strdup(a, store_col_text(st, 0));
		*due = arena_strdup(a, store_col_text(st, 1));
		*found = true;
	}
	store_done(st);
	return SN_OK;
}

/* ---- reminders ---- */

sn_err curate_store_due(store *s, arena *a, const char *until, curate_due_service **list, size_t *n)
{
	size_t cap = 1024;
	*n = 0;
	*list = arena_alloc(a, cap * sizeof **list);
	store_stmt *q = NULL;
	sn_err rc = store_query(
	    s, &q,
	    "SELECT s.uuid, s.name, s.review_due, s.last_reviewed, o.id, o.name, o.email "
	    "FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "
	    "WHERE s.moderation = 'published' AND s.review_due IS NOT NULL AND s.review_due <= ? "
	    "ORDER BY s.review_due, s.id",
	    "t", until);
	bool row = true;
	while (!rc) {
		rc = store_step(q, &row);
		if (rc || !row)
			break;
		if (*n == cap) {
			curate_due_service *more = arena_alloc(a, 2 * cap * sizeof *more);
			memcpy(more, *list, cap * sizeof **list);
			*list = more;
			cap *= 2;
		}
		(*list)[(*n)++] = (curate_due_service){store_col_i64(q, 4),
		                                       arena_strdup(a, store_col_text(q, 0)),
		                                       arena_strdup(a, store_col_text(q, 1)),
		                                       arena_strdup(a, store_col_text(q, 5)),
		                                       arena_strdup(a, store_col_text(q, 6)),
		                                       arena_strndup(a, store_col_text(q, 2), 10),
		                                       arena_strndup(a, store_col_text(q, 3), 10)};
	}
	store_done(q);
	return rc;
}

sn_err curate_store_member_emails(store *s, int64_t org, curate_email_fn *fn, void *ctx)
{
	store_stmt *q = NULL;
	sn_err rc =
	    store_query(s, &q,
	                "SELECT u.email FROM dir_org_members m JOIN users u ON u.id = m.user_id "
	                "WHERE m.organization_id = ? AND u.disabled = 0 ORDER BY u.email",
	                "i", org);
	bool row = true;
	while (!rc) {
		rc = store_step(q, &row);
		if (rc || !row)
			break;
		fn(ctx, store_col_text(q, 0));
	}
	store_done(q);
	return rc;
}

sn_err curate_store_org_uuid(store *s, arena *a, int64_t org, const char **uuid)
{
	*uuid = "";
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc = store_query(s, &st, "SELECT uuid FROM dir_organizations WHERE id = ?", "i", org);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		*uuid = arena_strdup(a, store_col_text(st, 0));
	store_done(st);
	return rc;
}
