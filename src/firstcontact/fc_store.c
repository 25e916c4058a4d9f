/* First Contact in the store: every statement the feature runs. */
#include <stdio.h>
#include <string.h>

#include "fc_store.h"

static const char *col(store_stmt *st, arena *a, int i) { return arena_strdup(a, store_col_text(st, i)); }

static const char *iso(char b[static 21], int64_t t)
{
	time_iso8601(t, b);
	return b;
}

/* ---- questions ---- */

#define Q_COLS "SELECT id, uuid, position, text, hint, active FROM fc_questions "

static void q_read(store_stmt *st, arena *a, fc_question *q)
{
	memset(q, 0, sizeof *q);
	q->id = store_col_i64(st, 0);
	snprintf(q->uuid, sizeof q->uuid, "%s", store_col_text(st, 1));
	q->position = store_col_i64(st, 2);
	q->text = col(st, a, 3);
	q->hint = col(st, a, 4);
	q->active = store_col_i64(st, 5) != 0;
}

sn_err fc_questions(store *s, bool active_only, arena *a, fc_question **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, Q_COLS "WHERE active = 1 OR ? = 0 ORDER BY position, id LIMIT 500",
				"i", (int64_t)active_only);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		q_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err fc_question_get(store *s, const char *uuid, arena *a, fc_question *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, Q_COLS "WHERE uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		q_read(st, a, out);
	store_done(st);
	return rc;
}

sn_err fc_question_add(store *s, const char *text, const char *hint, int64_t now,
		       char uuid[static 37], int64_t *id)
{
	char t[21];
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO fc_questions (uuid, position, text, hint, active, created_at, updated_at) "
		"VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM fc_questions), ?, ?, 1, ?, ?) "
		"RETURNING id", "ttttt", uuid, text, hint ? hint : "", iso(t, now), t);
}

sn_err fc_question_update(store *s, int64_t id, const char *text, const char *hint,
			  int64_t position, bool active, int64_t now)
{
	char t[21];
	return store_run(s,
		"UPDATE fc_questions SET text = ?, hint = ?, position = ?, active = ?, updated_at = ? "
		"WHERE id = ?", "ttiiti", text, hint ? hint : "", position, (int64_t)active, iso(t, now), id);
}

sn_err fc_links(store *s, int64_t question_id, arena *a, fc_link_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT q.id, l.service_id, coalesce(l.locality_id, 0), q.uuid, sv.uuid, sv.name, "
		"coalesce(lo.name, ''), sv.status = 'active' AND sv.moderation = 'published' "
		"FROM fc_question_services l JOIN fc_questions q ON q.id = l.question_id "
		"JOIN dir_services sv ON sv.id = l.service_id LEFT JOIN localities lo ON lo.id = l.locality_id "
		"WHERE (? = 0 AND q.active = 1) OR q.id = ? ORDER BY q.position, q.id, sv.name, sv.id",
		"ii", question_id, question_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		fc_link_row *l = &(*rows)[(*n)++];
		memset(l, 0, sizeof *l);
		l->link.question_id = store_col_i64(st, 0);
		l->link.service_id = store_col_i64(st, 1);
		l->link.locality_id = store_col_i64(st, 2);
		snprintf(l->question_uuid, sizeof l->question_uuid, "%s", store_col_text(st, 3));
		snprintf(l->service_uuid, sizeof l->service_uuid, "%s", store_col_text(st, 4));
		l->service_name = col(st, a, 5);
		l->locality_name = col(st, a, 6);
		l->service_open = store_col_i64(st, 7) != 0;
	}
	store_done(st);
	return rc;
}

sn_err fc_link_add(store *s, int64_t question_id, int64_t service_id, int64_t locality_id)
{
	/* NULLs are never equal in a UNIQUE index: "for everyone" is checked here */
	return store_run(s,
		"INSERT INTO fc_question_services (question_id, service_id, locality_id) "
		"SELECT ?, ?, nullif(?, 0) WHERE NOT EXISTS (SELECT 1 FROM fc_question_services "
		"WHERE question_id = ? AND service_id = ? AND coalesce(locality_id, 0) = ?)",
		"iiiiii", question_id, service_id, locality_id, question_id, service_id, locality_id);
}

sn_err fc_link_remove(store *s, int64_t question_id, int64_t service_id, int64_t locality_id)
{
	return store_run(s,
		"DELETE FROM fc_question_services WHERE question_id = ? AND service_id = ? "
		"AND coalesce(locality_id, 0) = ?", "iii", question_id, service_id, locality_id);
}

sn_err fc_localities(store *s, arena *a, fc_locality **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, name FROM localities ORDER BY name LIMIT 500", "");
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		(*rows)[*n].id = store_col_i64(st, 0);
		(*rows)[(*n)++].name = col(st, a, 1);
	}
	store_done(st);
	return rc;
}

/* ---- checklists ---- */

#define C_COLS                                                                                  \
	"SELECT c.id, c.uuid, c.status = 'completed', c.by_user, coalesce(c.organization_id, 0), " \
	"coalesce(c.person_id, 0), coalesce(c.locality_id, 0), c.given_name, c.family_name, "     \
	"c.birth_date, c.postcode, c.phone, c.email, c.answers, c.consent, c.referrals, "          \
	"coalesce(o.name, ''), coalesce(p.uuid, ''), u.name, c.created_at, c.updated_at, "        \
	"coalesce(c.completed_at, '') FROM fc_checklists c JOIN users u ON u.id = c.by_user "       \
	"LEFT JOIN dir_organizations o ON o.id = c.organization_id "                               \
	"LEFT JOIN people p ON p.id = c.person_id "

static void c_read(store_stmt *st, arena *a, fc_checklist *c)
{
	memset(c, 0, sizeof *c);
	c->id = store_col_i64(st, 0);
	snprintf(c->uuid, sizeof c->uuid, "%s", store_col_text(st, 1));
	c->completed = store_col_i64(st, 2) != 0;
	c->by_user = store_col_i64(st, 3);
	c->org_id = store_col_i64(st, 4);
	c->person_id = store_col_i64(st, 5);
	c->locality_id = store_col_i64(st, 6);
	c->given_name = col(st, a, 7);
	c->family_name = col(st, a, 8);
	c->birth_date = col(st, a, 9);
	c->postcode = col(st, a, 10);
	c->phone = col(st, a, 11);
	c->email = col(st, a, 12);
	c->answers = col(st, a, 13);
	c->consent = store_col_i64(st, 14) != 0;
	c->referrals = store_col_i64(st, 15);
	c->org_name = col(st, a, 16);
	c->person_uuid = col(st, a, 17);
	c->by_name = col(st, a, 18);
	c->created_at = col(st, a, 19);
	c->updated_at = col(st, a, 20);
	c->completed_at = col(st, a, 21);
}

sn_err fc_checklist_get(store *s, const char *uuid, arena *a, fc_checklist *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, C_COLS "WHERE c.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		c_read(st, a, out);
	store_done(st);
	return rc;
}

sn_err fc_checklists_of(store *s, int64_t user_id, int64_t limit, arena *a, fc_checklist **rows,
			size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		C_COLS "WHERE c.by_user = ? ORDER BY c.status = 'completed', c.id DESC LIMIT ?", "ii",
		user_id, limit);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		c_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err fc_checklist_insert(store *s, const fc_checklist *c, int64_t now, char uuid[static 37],
			   int64_t *id)
{
	char t[21];
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO fc_checklists (uuid, status, by_user, organization_id, person_id, given_name, "
		"family_name, birth_date, postcode, phone, email, locality_id, answers, consent, "
		"created_at, updated_at) VALUES (?, 'draft', ?, nullif(?, 0), nullif(?, 0), ?, ?, ?, ?, "
		"?, ?, nullif(?, 0), ?, ?, ?, ?) RETURNING id",
		"tiii" "tttttt" "it" "itt", uuid, c->by_user, c->org_id, c->person_id, c->given_name,
		c->family_name, c->birth_date, c->postcode, c->phone, c->email, c->locality_id,
		c->answers, (int64_t)c->consent, iso(t, now), t);
}

sn_err fc_checklist_update(store *s, const fc_checklist *c, int64_t now)
{
	char t[21];
	sn_err rc = store_run(s,
		"UPDATE fc_checklists SET given_name = ?, family_name = ?, birth_date = ?, postcode = ?, "
		"phone = ?, email = ?, locality_id = nullif(?, 0), answers = ?, consent = ?, "
		"updated_at = ? WHERE id = ? AND status = 'draft'",
		"tttttt" "it" "iti", c->given_name, c->family_name, c->birth_date, c->postcode, c->phone,
		c->email, c->locality_id, c->answers, (int64_t)c->consent, iso(t, now), c->id);
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	return rc;
}

sn_err fc_checklist_complete(store *s, int64_t id, int64_t person_id, int64_t referrals,
			     int64_t now)
{
	char t[21];
	sn_err rc = store_run(s,
		"UPDATE fc_checklists SET status = 'completed', person_id = ?, referrals = ?, consent = 1, "
		"completed_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'", "iitti", person_id,
		referrals, iso(t, now), t, id);
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	return rc;
}

sn_err fc_user_org(store *s, int64_t user_id, int64_t *org_id)
{
	*org_id = 0;
	return store_one_i64(s, org_id,
		"SELECT coalesce((SELECT m.organization_id FROM dir_org_members m JOIN dir_organizations o "
		"ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name, o.id LIMIT 1), 0)",
		"i", user_id);
}

/* ---- the funnel report ---- */

sn_err fc_report_groups(store *s, fc_grouping g, const char *from, const char *to, arena *a,
			fc_group **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	const char *key = g == FC_BY_MONTH ? "f.month"
		: g == FC_BY_LOCALITY ? "coalesce(lo.name, 'Not known')"
				      : "coalesce(o.name, 'No partner organisation')";
	/* From the monthly counts the triggers of schema 0029 keep (a
	 * checklist once, however many referrals it made), not from every
	 * checklist and referral of the period: a handful of rows a month. */
	const char *sql = arena_printf(a,
		"SELECT %s AS k, coalesce(sum(f.checklists), 0), coalesce(sum(f.referrals), 0), "
		"coalesce(sum(f.accepted), 0), coalesce(sum(f.completed), 0), "
		"coalesce(sum(f.accept_seconds), 0) FROM fc_funnel_months f "
		"LEFT JOIN localities lo ON lo.id = f.locality_id "
		"LEFT JOIN dir_organizations o ON o.id = f.organization_id "
		"WHERE f.month >= substr(?, 1, 7) AND f.month < substr(?, 1, 7) AND f.checklists > 0 "
		"GROUP BY k ORDER BY k LIMIT %d", key, DC_MAX_ROWS + 1);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, sql, "tt", from, to);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		fc_group *x = &(*rows)[(*n)++];
		memset(x, 0, sizeof *x);
		x->label = col(st, a, 0);
		for (int m = 0; m < FC_N_MEASURES; m++)
			x->n[m] = store_col_i64(st, 1 + m);
		x->accept_seconds = store_col_i64(st, 5);
	}
	store_done(st);
	return rc;
}

sn_err fc_funnel_recount(store *s, int64_t *rows)
{
	const char *secs = store_kind_of(s) == STORE_POSTGRES
		? "fc_accept_seconds(r.accepted_at, r.requested_at)"
		: "CASE WHEN r.accepted_at IS NOT NULL AND r.requested_at IS NOT NULL THEN "
		  "CAST(round((julianday(r.accepted_at) - julianday(r.requested_at)) * 86400) AS INTEGER) ELSE 0 END";
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO fc_funnel_months (month, locality_id, organization_id, checklists, referrals, accepted, "
		 "completed, accept_seconds) SELECT substr(c.completed_at, 1, 7), coalesce(c.locality_id, 0), "
		 "coalesce(c.organization_id, 0), count(DISTINCT c.id), count(r.id), count(r.accepted_at), "
		 "coalesce(sum(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END), 0), coalesce(sum(%s), 0) "
		 "FROM fc_checklists c LEFT JOIN referrals r ON r.checklist_id = c.id "
		 "WHERE c.status = 'completed' AND c.completed_at IS NOT NULL GROUP BY 1, 2, 3", secs);
	sn_err rc = store_run(s, "DELETE FROM fc_funnel_months", "");
	if (!rc)
		rc = store_run(s, sql, "");
	return rc ? rc : store_one_i64(s, rows, "SELECT count(*) FROM fc_funnel_months", "");
}
