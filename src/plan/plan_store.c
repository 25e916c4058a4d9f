/* Support plans in the store: every statement the plan feature runs. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "../base/jsonin.h"
#include "plan_store.h"

static const char *const status_keys[PLAN_STATUS_COUNT] = {
	"draft", "agreed", "submitted", "approved", "returned", "superseded"};
static const char *const status_labels[PLAN_STATUS_COUNT] = {
	"Draft", "Agreed by the person", "Waiting for approval", "Approved",
	"Returned for changes", "Replaced by a later plan"};

const char *plan_status_key(plan_status s) { return s < PLAN_STATUS_COUNT ? status_keys[s] : ""; }
const char *plan_status_label(plan_status s)
{
	return s < PLAN_STATUS_COUNT ? status_labels[s] : "";
}

static plan_status status_parse(const char *s)
{
	for (int i = 0; i < PLAN_STATUS_COUNT; i++)
		if (str_eq(s, status_keys[i]))
			return (plan_status)i;
	return PLAN_DRAFT;
}

#define PLAN_COLS                                                                         \
	"SELECT p.id, p.uuid, p.person_id, pe.uuid, pe.given_name || ' ' || pe.family_name, " \
	"p.status, p.version, p.sections_name, p.sections_version, coalesce(p.budget_id, 0), " \
	"coalesce(p.agreed_version, 0), coalesce(ua.name, ''), coalesce(p.agreed_at, ''), "   \
	"coalesce(p.submitted_by, 0), coalesce(us.name, ''), coalesce(p.submitted_at, ''), "  \
	"coalesce(ud.name, ''), coalesce(p.decided_at, ''), p.return_reason, "                \
	"p.budget_pence IS NOT NULL, coalesce(p.budget_pence, 0), "                            \
	"coalesce(p.signed_off_on, ''), p.created_at, p.updated_at, coalesce(p.decided_by, 0), " \
	"pe.user_id IS NOT NULL " \
	"FROM plans p JOIN people pe ON pe.id = p.person_id "                                  \
	"LEFT JOIN users ua ON ua.id = p.agreed_by LEFT JOIN users us ON us.id = p.submitted_by " \
	"LEFT JOIN users ud ON ud.id = p.decided_by "

static void row_read(store_stmt *st, arena *a, plan_row *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	o->person_id = store_col_i64(st, 2);
	snprintf(o->person_uuid, sizeof o->person_uuid, "%s", store_col_text(st, 3));
	o->person_name = arena_strdup(a, store_col_text(st, 4));
	o->status = status_parse(store_col_text(st, 5));
	o->version = store_col_i64(st, 6);
	o->sections_name = arena_strdup(a, store_col_text(st, 7));
	o->sections_version = store_col_i64(st, 8);
	o->budget_id = store_col_i64(st, 9);
	o->agreed_version = store_col_i64(st, 10);
	o->agreed_by_name = arena_strdup(a, store_col_text(st, 11));
	o->agreed_at = arena_strdup(a, store_col_text(st, 12));
	o->submitted_by = store_col_i64(st, 13);
	o->submitted_by_name = arena_strdup(a, store_col_text(st, 14));
	o->submitted_at = arena_strdup(a, store_col_text(st, 15));
	o->decided_by_name = arena_strdup(a, store_col_text(st, 16));
	o->decided_at = arena_strdup(a, store_col_text(st, 17));
	o->return_reason = arena_strdup(a, store_col_text(st, 18));
	o->has_budget = store_col_i64(st, 19) != 0;
	o->budget_pence = store_col_i64(st, 20);
	o->signed_off_on = arena_strdup(a, store_col_text(st, 21));
	o->created_at = arena_strdup(a, store_col_text(st, 22));
	o->updated_at = arena_strdup(a, store_col_text(st, 23));
	o->decided_by = store_col_i64(st, 24);
	o->person_has_account = store_col_i64(st, 25) != 0;
}

sn_err plan_find(store *s, const char *uuid, arena *a, plan_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PLAN_COLS "WHERE p.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		row_read(st, a, out);
	store_done(st);
	return rc;
}

static sn_err rows_of(store_stmt *st, arena *a, plan_row **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		row_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err plan_list_for_person(store *s, int64_t person_id, arena *a, plan_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PLAN_COLS "WHERE p.person_id = ? ORDER BY p.id DESC", "i",
				person_id);
	return rc ? rc : rows_of(st, a, rows, n);
}

sn_err plan_list_submitted(store *s, arena *a, plan_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		PLAN_COLS "WHERE p.status = 'submitted' ORDER BY p.submitted_at, p.id", "");
	return rc ? rc : rows_of(st, a, rows, n);
}

static sn_err add_version(store *s, int64_t pid, int64_t v, const char *document,
			  const char *note, int64_t by_user, const char *basis, const char *now)
{
	return store_run(s,
		"INSERT INTO plan_versions (plan_id, version, document, note, saved_by, saved_as, "
		"saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "iitt" "itt", pid, v, document,
		note ? note : "", by_user, basis, now);
}

sn_err plan_add_event(store *s, int64_t pid, int64_t version, const char *kind,
		      const char *section, const char *body, int64_t by_user, const char *now)
{
	return store_run(s,
		"INSERT INTO plan_events (plan_id, version, kind, section, body, by_user, at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)", "iittt" "it", pid, version, kind,
		section ? section : "", body ? body : "", by_user, now);
}

sn_err plan_insert(store *s, int64_t person_id, const plan_sections *secs, int64_t budget_id,
		   const char *document, int64_t by_user, const char *basis, const char *now,
		   char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	sn_err rc = store_one_i64(s, id,
		"INSERT INTO plans (uuid, person_id, status, version, sections_name, "
		"sections_version, budget_id, created_by, created_at, updated_at) "
		"VALUES (?, ?, 'draft', 1, ?, ?, nullif(?, 0), ?, ?, ?) RETURNING id",
		"titi" "iitt", uuid, person_id, secs->name, secs->version, budget_id, by_user,
		now, now);
	if (!rc)
		rc = add_version(s, *id, 1, document, "", by_user, basis, now);
	if (!rc)
		rc = plan_add_event(s, *id, 1, "created", "", "", by_user, now);
	return rc;
}

/* Runs an UPDATE that must change exactly one row, else SN_ECONFLICT. */
static sn_err update_one(store *s, sn_err rc)
{
	if (rc)
		return rc;
	return store_changes(s) == 1 ? SN_OK : SN_ECONFLICT;
}

sn_err plan_save_version(store *s, int64_t pid, int64_t current, const char *document,
			 const char *note, int64_t by_user, const char *basis, const char *now)
{
	sn_err rc = update_one(s, store_run(s,
		"UPDATE plans SET version = version + 1, updated_at = ?, "
		"status = CASE WHEN status IN ('agreed', 'returned') THEN 'draft' ELSE status END "
		"WHERE id = ? AND version = ? AND status IN ('draft', 'agreed', 'returned')",
		"tii", now, pid, current));
	if (!rc)
		rc = add_version(s, pid, current + 1, document, note, by_user, basis, now);
	return rc;
}

sn_err plan_version_get(store *s, int64_t pid, int64_t v, arena *a, plan_version *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT v.version, v.document, v.note, u.name, v.saved_as, v.saved_at "
		"FROM plan_versions v JOIN users u ON u.id = v.saved_by "
		"WHERE v.plan_id = ? AND v.version = ?", "ii", pid, v);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		out->version = store_col_i64(st, 0);
		out->document = arena_strdup(a, store_col_text(st, 1));
		out->note = arena_strdup(a, store_col_text(st, 2));
		out->saved_by = arena_strdup(a, store_col_text(st, 3));
		out->saved_as = arena_strdup(a, store_col_text(st, 4));
		out->saved_at = arena_strdup(a, store_col_text(st, 5));
	}
	store_done(st);
	return rc;
}

sn_err plan_versions(store *s, int64_t pid, arena *a, plan_version **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT v.version, v.note, u.name, v.saved_as, v.saved_at "
		"FROM plan_versions v JOIN users u ON u.id = v.saved_by "
		"WHERE v.plan_id = ? ORDER BY v.version DESC", "i", pid);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		plan_version *x = &(*rows)[(*n)++];
		x->version = store_col_i64(st, 0);
		x->note = arena_strdup(a, store_col_text(st, 1));
		x->saved_by = arena_strdup(a, store_col_text(st, 2));
		x->saved_as = arena_strdup(a, store_col_text(st, 3));
		x->saved_at = arena_strdup(a, store_col_text(st, 4));
	}
	store_done(st);
	return rc;
}

sn_err plan_mark_agreed(store *s, int64_t pid, int64_t version, int64_t by_user, const char *now,
			const char *how)
{
	sn_err rc = update_one(s, store_run(s,
		"UPDATE plans SET status = 'agreed', agreed_version = version, agreed_by = ?, "
		"agreed_at = ?, updated_at = ? WHERE id = ? AND version = ? "
		"AND status IN ('draft', 'returned')", "itt" "ii", by_user, now, now, pid, version));
	return rc ? rc : plan_add_event(s, pid, version, "agreed", "", how ? how : "", by_user, now);
}

sn_err plan_mark_submitted(store *s, int64_t pid, int64_t by_user, const char *now)
{
	int64_t v = 0;
	sn_err rc = store_one_i64(s, &v, "SELECT version FROM plans WHERE id = ?", "i", pid);
	if (!rc)
		rc = update_one(s, store_run(s,
			"UPDATE plans SET status = 'submitted', submitted_by = ?, submitted_at = ?, "
			"updated_at = ?, return_reason = '' WHERE id = ? AND status = 'agreed' "
			"AND agreed_version = version", "itt" "i", by_user, now, now, pid));
	return rc ? rc : plan_add_event(s, pid, v, "submitted", "", "", by_user, now);
}

/* The evidence figures' circle of support at approval (activity.h): its
 * size and the share of it that is unpaid (everyone outside the paid
 * ring), each as a band. */
static sn_err circle_activity(store *s, int64_t pid, int64_t version, int64_t person_id, const char *day)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT document FROM plan_versions WHERE plan_id = ? AND version = ?", "ii", pid,
				version);
	json_t *doc = NULL;
	if (!rc && store_next(st, &rc))
		doc = json_loads(store_col_text(st, 0), 0, NULL);
	store_done(st);
	json_t *circle = json_object_get(doc, "circle"), *m;
	size_t n = json_array_size(circle), unpaid = 0, i;
	json_array_foreach(circle, i, m)
		unpaid += !str_eq(json_string_value(json_object_get(m, "ring")), "paid");
	json_decref(doc);
	if (rc)
		return rc;
	rc = activity_add(s, ACT_CIRCLE, activity_circle_band((int64_t)n), person_id, day, (int64_t)n);
	if (!rc && n)
		rc = activity_add(s, ACT_CIRCLE_UNPAID, activity_share_band((int64_t)unpaid, (int64_t)n), person_id, day,
				  (int64_t)(unpaid * 100 / n));
	return rc;
}

sn_err plan_mark_decided(store *s, int64_t pid, bool approve, const char *reason,
			 int64_t budget_pence, int64_t by_user, const char *now)
{
	int64_t v = 0, person_id = 0;
	char day[11];
	snprintf(day, sizeof day, "%.10s", now);
	sn_err rc = store_one_i64(s, &v, "SELECT version FROM plans WHERE id = ?", "i", pid);
	if (!rc)
		rc = store_one_i64(s, &person_id, "SELECT person_id FROM plans WHERE id = ?", "i", pid);
	if (!rc && approve)
		rc = update_one(s, store_run(s,
			"UPDATE plans SET status = 'approved', decided_by = ?, decided_at = ?, "
			"updated_at = ?, budget_pence = ?, signed_off_on = ? "
			"WHERE id = ? AND status = 'submitted'", "itti" "ti", by_user, now, now,
			budget_pence, day, pid));
	else if (!rc)
		rc = update_one(s, store_run(s,
			"UPDATE plans SET status = 'returned', decided_by = ?, decided_at = ?, "
			"updated_at = ?, return_reason = ? WHERE id = ? AND status = 'submitted'",
			"ittt" "i", by_user, now, now, reason, pid));
	if (!rc && approve)
		rc = store_run(s,
			"UPDATE plans SET status = 'superseded', updated_at = ? "
			"WHERE person_id = ? AND status = 'approved' AND id <> ?", "tii", now, person_id, pid);
	if (!rc)
		rc = plan_add_event(s, pid, v, approve ? "approved" : "returned", "",
				    approve ? "" : reason, by_user, now);
	if (!rc && approve) /* the evidence figures: budgets approved (activity.h) */
		rc = activity_add(s, ACT_BUDGET, "", person_id, day, budget_pence);
	if (!rc && approve)
		rc = circle_activity(s, pid, v, person_id, day);
	return rc;
}

sn_err plan_events(store *s, int64_t pid, arena *a, plan_event **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT e.version, e.kind, e.section, e.body, coalesce(u.name, ''), e.at "
		"FROM plan_events e LEFT JOIN users u ON u.id = e.by_user "
		"WHERE e.plan_id = ? ORDER BY e.id", "i", pid);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		plan_event *x = &(*rows)[(*n)++];
		x->version = store_col_i64(st, 0);
		x->kind = arena_strdup(a, store_col_text(st, 1));
		x->section = arena_strdup(a, store_col_text(st, 2));
		x->body = arena_strdup(a, store_col_text(st, 3));
		x->by = arena_strdup(a, store_col_text(st, 4));
		x->at = arena_strdup(a, store_col_text(st, 5));
	}
	store_done(st);
	return rc;
}

/* The budgets table belongs to the assessment feature; the plan reads the
 * latest indicative budget on any of the person's assessments. */
sn_err plan_indicative_budget(store *s, int64_t person_id, int64_t *budget_id,
			      int64_t *weekly_pence, bool *found)
{
	store_stmt *st = NULL;
	*found = false;
	sn_err rc = store_query(s, &st,
		"SELECT b.id, b.weekly_budget_pence FROM budgets b "
		"JOIN assessments a ON a.id = b.assessment_id WHERE a.person_id = ? "
		"ORDER BY b.id DESC LIMIT 1", "i", person_id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		*found = true;
		*budget_id = store_col_i64(st, 0);
		*weekly_pence = store_col_i64(st, 1);
	}
	store_done(st);
	return rc;
}

sn_err plan_sections_in_force(store *s, arena *a, const plan_sections **out)
{
	store_stmt *st = NULL;
	*out = plan_sections_standard();
	sn_err rc = store_query(s, &st,
		"SELECT body FROM rules_data WHERE kind = 'plan_sections' AND status = 'adopted' "
		"ORDER BY id DESC LIMIT 1", "");
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		const char *body = store_col_text(st, 0);
		json_t *j = NULL;
		char why[200];
		plan_sections *secs = arena_alloc(a, sizeof *secs);
		/* An adopted body was checked on upload; one that no longer
		 * parses leaves the shipped sections in force. */
		if (!json_open_object(body, strlen(body), 1u << 20, &j, why, sizeof why) &&
		    !plan_sections_from_json(j, a, secs, why, sizeof why))
			*out = secs;
		json_decref(j);
	}
	store_done(st);
	if (!rc && !*out)
		rc = SN_EINTERNAL;
	return rc;
}

sn_err plan_approval_limit(store *s, int64_t user_id, int64_t *weekly_limit_pence, bool *found)
{
	sn_err rc = store_one_i64(s, weekly_limit_pence,
		"SELECT weekly_limit_pence FROM approval_limits WHERE user_id = ?", "i", user_id);
	*found = rc == SN_OK;
	return rc == SN_ENOTFOUND ? SN_OK : rc;
}

sn_err plan_set_approval_limit(store *s, int64_t user_id, int64_t weekly_limit_pence,
			       const char *actor, const char *now)
{
	sn_err rc = store_run(s, "DELETE FROM approval_limits WHERE user_id = ?", "i", user_id);
	if (!rc && weekly_limit_pence > 0)
		rc = store_run(s,
			"INSERT INTO approval_limits (user_id, weekly_limit_pence, set_by, set_at) "
			"VALUES (?, ?, ?, ?)", "iitt", user_id, weekly_limit_pence, actor, now);
	return rc;
}

sn_err plan_approvers(store *s, arena *a, plan_approver **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT u.uuid, u.name, u.email, l.weekly_limit_pence, l.set_at "
		"FROM approval_limits l JOIN users u ON u.id = l.user_id ORDER BY u.name", "");
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		plan_approver *x = &(*rows)[(*n)++];
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 0));
		x->name = arena_strdup(a, store_col_text(st, 1));
		x->email = arena_strdup(a, store_col_text(st, 2));
		x->weekly_limit_pence = store_col_i64(st, 3);
		x->set_at = arena_strdup(a, store_col_text(st, 4));
	}
	store_done(st);
	return rc;
}

sn_err plan_worker_by_email(store *s, const char *email, int64_t *user_id, char uuid[static 37])
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT u.id, u.uuid FROM users u JOIN user_roles r ON r.user_id = u.id "
		"WHERE lower(u.email) = lower(?) AND r.role = 'worker' AND u.disabled = 0", "t", email);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		*user_id = store_col_i64(st, 0);
		snprintf(uuid, 37, "%s", store_col_text(st, 1));
	}
	store_done(st);
	return rc;
}

sn_err plan_demo_people(store *s, size_t max, arena *a, plan_demo_person **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.id, coalesce(p.user_id, 0), r.user_id, b.id, b.weekly_budget_pence "
		"FROM people p JOIN relationships r ON r.person_id = p.id AND r.kind = 'worker' "
		"JOIN assessments a ON a.person_id = p.id JOIN budgets b ON b.assessment_id = a.id "
		"WHERE b.id = (SELECT max(b2.id) FROM budgets b2 JOIN assessments a2 "
		"ON a2.id = b2.assessment_id WHERE a2.person_id = p.id) ORDER BY p.id LIMIT ?",
		"i", (int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		plan_demo_person *x = &(*rows)[(*n)++];
		x->person_id = store_col_i64(st, 0);
		x->user_id = store_col_i64(st, 1);
		x->worker_id = store_col_i64(st, 2);
		x->budget_id = store_col_i64(st, 3);
		x->weekly_pence = store_col_i64(st, 4);
	}
	store_done(st);
	return rc;
}

sn_err plan_list_in_force(store *s, int64_t worker_id, arena *a, plan_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = worker_id
		? store_query(s, &st, PLAN_COLS "WHERE p.status = 'approved' AND EXISTS (SELECT 1 "
			"FROM relationships r WHERE r.person_id = p.person_id AND r.user_id = ? "
			"AND r.kind = 'worker') ORDER BY p.signed_off_on, p.id", "i", worker_id)
		: store_query(s, &st, PLAN_COLS "WHERE p.status = 'approved' "
			"ORDER BY p.signed_off_on, p.id", "");
	return rc ? rc : rows_of(st, a, rows, n);
}
