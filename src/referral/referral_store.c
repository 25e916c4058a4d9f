/* Referrals in the store: every statement the referral feature runs. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "referral_store.h"

#define DAY_SECONDS 86400

static const char *iso(arena *a, int64_t t)
{
	char b[21];
	time_iso8601(t, b);
	return arena_strdup(a, b);
}

/* ---- services ---- */

#define SERVICE_COLS                                                                        \
	"SELECT s.id, s.uuid, s.name, o.id, o.uuid, o.name, coalesce(l.name, ''), "         \
	"coalesce(s.referral_days, 0), s.status = 'active' AND s.moderation = 'published' " \
	"FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "        \
	"LEFT JOIN localities l ON l.id = s.locality_id "

static void service_read(store_stmt *st, arena *a, ref_service *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	o->name = arena_strdup(a, store_col_text(st, 2));
	o->org_id = store_col_i64(st, 3);
	snprintf(o->org_uuid, sizeof o->org_uuid, "%s", store_col_text(st, 4));
	o->org_name = arena_strdup(a, store_col_text(st, 5));
	o->locality = arena_strdup(a, store_col_text(st, 6));
	int64_t days = store_col_i64(st, 7);
	o->days_stated = days > 0;
	o->days = days > 0 ? days : REF_ANSWER_DAYS_DEFAULT;
	o->open = store_col_i64(st, 8) != 0;
}

static sn_err services_of(store_stmt *st, arena *a, ref_service **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		service_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err ref_service_get(store *s, const char *uuid, arena *a, ref_service *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, SERVICE_COLS "WHERE s.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		service_read(st, a, out);
	store_done(st);
	return rc;
}

sn_err ref_services_find(store *s, const char *q, int64_t limit, arena *a, ref_service **rows,
			 size_t *n)
{
	store_stmt *st = NULL;
	const char *like = arena_printf(a, "%%%s%%", q ? q : "");
	sn_err rc = store_query(s, &st,
		SERVICE_COLS "WHERE s.status = 'active' AND s.moderation = 'published' "
		"AND lower(s.name) LIKE lower(?) ORDER BY s.name, s.id LIMIT ?", "ti", like, limit);
	return rc ? rc : services_of(st, a, rows, n);
}

sn_err ref_services_of_member(store *s, int64_t user_id, arena *a, ref_service **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		SERVICE_COLS "WHERE s.organization_id IN (SELECT organization_id FROM dir_org_members "
		"WHERE user_id = ?) AND s.moderation <> 'archived' ORDER BY s.name, s.id LIMIT 500",
		"i", user_id);
	return rc ? rc : services_of(st, a, rows, n);
}

sn_err ref_service_set_days(store *s, int64_t service_id, int64_t days)
{
	return store_run(s, "UPDATE dir_services SET referral_days = nullif(?, 0) WHERE id = ?", "ii",
			 days, service_id);
}

sn_err ref_is_member(store *s, int64_t user_id, int64_t org_id, bool *yes)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n,
		"SELECT count(*) FROM dir_org_members WHERE user_id = ? AND organization_id = ?", "ii",
		user_id, org_id);
	*yes = n > 0;
	return rc;
}

sn_err ref_has_inbox(store *s, int64_t user_id, bool *yes)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM dir_org_members WHERE user_id = ?", "i",
				  user_id);
	*yes = n > 0;
	return rc;
}

/* ---- referrals ---- */

/* The first parameter is the reader (for the seen mark). */
#define REF_COLS                                                                              \
	"SELECT r.id, r.uuid, r.person_id, p.uuid, p.given_name || ' ' || p.family_name, "       \
	"r.service_id, s.uuid, s.name, r.organization_id, o.uuid, o.name, r.referrer_id, "      \
	"u.uuid, u.name, u.email, r.mode, r.status, r.reason, r.outcome, r.consent, "           \
	"coalesce(r.consent_at, ''), r.shared_name, r.shared_birth_date, r.shared_postcode, "   \
	"r.shared_phone, r.shared_email, r.source, r.created_at, r.updated_at, "                \
	"coalesce(r.requested_at, ''), coalesce(r.answered_at, ''), coalesce(r.accepted_at, ''), " \
	"coalesce(r.due_at, ''), coalesce(r.escalate_at, ''), r.flagged, r.last_event_id, "     \
	"coalesce(rs.event_id, 0), coalesce(s.referral_days, 0) "                               \
	"FROM referrals r JOIN people p ON p.id = r.person_id "                                 \
	"JOIN dir_services s ON s.id = r.service_id "                                           \
	"JOIN dir_organizations o ON o.id = r.organization_id JOIN users u ON u.id = r.referrer_id " \
	"LEFT JOIN referral_seen rs ON rs.referral_id = r.id AND rs.user_id = ? "

static const char *col(store_stmt *st, arena *a, int i) { return arena_strdup(a, store_col_text(st, i)); }

static void row_read(store_stmt *st, arena *a, ref_row *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	o->person_id = store_col_i64(st, 2);
	snprintf(o->person_uuid, sizeof o->person_uuid, "%s", store_col_text(st, 3));
	o->person_name = col(st, a, 4);
	o->service_id = store_col_i64(st, 5);
	snprintf(o->service_uuid, sizeof o->service_uuid, "%s", store_col_text(st, 6));
	o->service_name = col(st, a, 7);
	o->org_id = store_col_i64(st, 8);
	snprintf(o->org_uuid, sizeof o->org_uuid, "%s", store_col_text(st, 9));
	o->org_name = col(st, a, 10);
	o->referrer_id = store_col_i64(st, 11);
	snprintf(o->referrer_uuid, sizeof o->referrer_uuid, "%s", store_col_text(st, 12));
	o->referrer_name = col(st, a, 13);
	o->referrer_email = col(st, a, 14);
	if (!ref_mode_parse(store_col_text(st, 15), &o->mode))
		o->mode = REF_LIVE;
	if (!ref_status_parse(store_col_text(st, 16), &o->status))
		o->status = REF_DRAFT;
	o->reason = col(st, a, 17);
	o->outcome = col(st, a, 18);
	o->consent = store_col_i64(st, 19) != 0;
	o->consent_at = col(st, a, 20);
	o->shared_name = col(st, a, 21);
	o->shared_birth_date = col(st, a, 22);
	o->shared_postcode = col(st, a, 23);
	o->shared_phone = col(st, a, 24);
	o->shared_email = col(st, a, 25);
	o->source = col(st, a, 26);
	o->created_at = col(st, a, 27);
	o->updated_at = col(st, a, 28);
	o->requested_at = col(st, a, 29);
	o->answered_at = col(st, a, 30);
	o->accepted_at = col(st, a, 31);
	o->due_at = col(st, a, 32);
	o->escalate_at = col(st, a, 33);
	o->flagged = col(st, a, 34);
	o->last_event_id = store_col_i64(st, 35);
	o->seen_event_id = store_col_i64(st, 36);
	int64_t days = store_col_i64(st, 37);
	o->days = days > 0 ? days : REF_ANSWER_DAYS_DEFAULT;
}

static sn_err rows_of(store_stmt *st, arena *a, ref_row **rows, size_t *n)
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

sn_err ref_find(store *s, const char *uuid, int64_t reader_id, arena *a, ref_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, REF_COLS "WHERE r.uuid = ?", "it", reader_id, uuid);
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

static sn_err add_event(store *s, int64_t id, const char *status, int64_t by_user, const char *note,
			const char *at)
{
	int64_t ev = 0;
	sn_err rc = store_one_i64(s, &ev,
		"INSERT INTO referral_events (referral_id, status, at, by_user, note) "
		"VALUES (?, ?, ?, nullif(?, 0), ?) RETURNING id", "itti" "t", id, status, at, by_user,
		note ? note : "");
	if (!rc)
		rc = store_run(s, "UPDATE referrals SET last_event_id = ? WHERE id = ?", "ii", ev, id);
	return rc;
}

/* The evidence figures' row for a referral's step (activity.h): made,
 * accepted, completed, or not met; by the need its service meets. */
static sn_err note_activity(store *s, int64_t id, ref_status to, const char *day)
{
	const char *kind = to == REF_REQUESTED ? ACT_REFERRAL_MADE : to == REF_ACCEPTED ? ACT_REFERRAL_ACCEPTED
		: to == REF_COMPLETED ? ACT_REFERRAL_COMPLETED : to == REF_REJECTED || to == REF_FAILED
		? ACT_REFERRAL_UNMET : NULL;
	if (!kind)
		return SN_OK;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT person_id, service_id FROM referrals WHERE id = ?", "i", id);
	int64_t person = 0, service = 0;
	if (!rc && store_next(st, &rc)) {
		person = store_col_i64(st, 0);
		service = store_col_i64(st, 1);
	}
	store_done(st);
	char need[64];
	if (!rc)
		rc = activity_service_need(s, service, need);
	if (!rc && person)
		rc = activity_add(s, kind, need, person, day, 1);
	return rc;
}

sn_err ref_insert(store *s, const ref_new *n, char uuid[static 37], int64_t *id)
{
	char now[21], due[21] = "", esc[21] = "";
	time_iso8601(n->now, now);
	bool waiting = n->status == REF_REQUESTED || n->status == REF_RECEIVED;
	if (waiting) {
		time_iso8601(ref_due_at(n->now, n->days), due);
		time_iso8601(ref_due_at(n->now, 2 * n->days), esc);
	}
	bool sent = n->mode == REF_LIVE && n->status != REF_DRAFT;
	uuid_v4(uuid);
	sn_err rc = store_one_i64(s, id,
		"INSERT INTO referrals (uuid, person_id, service_id, organization_id, referrer_id, mode, "
		"status, reason, outcome, consent, consent_at, shared_name, shared_birth_date, "
		"shared_postcode, shared_phone, shared_email, source, created_at, updated_at, "
		"requested_at, due_at, escalate_at, checklist_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"CASE WHEN ? = 1 THEN ? END, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), "
		"nullif(?, ''), nullif(?, 0)) RETURNING id",
		"tiiii" "tttt" "i" "it" "ttttt" "t" "tt" "ttt" "i",
		uuid, n->person_id, n->service_id, n->org_id, n->referrer_id,
		ref_mode_code(n->mode), ref_status_code(n->status), n->reason,
		n->outcome ? n->outcome : "", (int64_t)n->consent, (int64_t)n->consent, now,
		n->shared_name ? n->shared_name : "", n->shared_birth_date ? n->shared_birth_date : "",
		n->shared_postcode ? n->shared_postcode : "", n->shared_phone ? n->shared_phone : "",
		n->shared_email ? n->shared_email : "", n->source ? n->source : "web", now, now,
		sent ? now : "", due, esc, n->checklist_id);
	if (!rc)
		rc = add_event(s, *id, ref_status_code(n->status), n->referrer_id, n->note, now);
	/* A signpost is made (recorded) at once; a live referral when sent. */
	if (!rc && n->status != REF_DRAFT)
		rc = note_activity(s, *id, REF_REQUESTED, now);
	if (!rc && n->mode == REF_LIVE && n->status != REF_DRAFT && n->status != REF_REQUESTED)
		rc = note_activity(s, *id, n->status, now);
	return rc;
}

sn_err ref_move_store(store *s, int64_t id, ref_status from, ref_status to, int64_t by_user,
		      const char *note, const char *outcome, int64_t days, int64_t now_t)
{
	char now[21], due[21] = "", esc[21] = "";
	time_iso8601(now_t, now);
	bool waiting = to == REF_REQUESTED || to == REF_RECEIVED;
	bool answer = to == REF_RECEIVED || to == REF_ACCEPTED || to == REF_REJECTED;
	bool ends = to == REF_COMPLETED || to == REF_FAILED;
	if (to == REF_REQUESTED) { /* sent now: the clock starts */
		time_iso8601(ref_due_at(now_t, days), due);
		time_iso8601(ref_due_at(now_t, 2 * days), esc);
	}
	sn_err rc = store_run(s,
		"UPDATE referrals SET status = ?, updated_at = ?, "
		"outcome = CASE WHEN ? = 1 THEN ? ELSE outcome END, "
		"requested_at = CASE WHEN ? = 'requested' THEN ? ELSE requested_at END, "
		"answered_at = CASE WHEN ? = 1 AND answered_at IS NULL THEN ? ELSE answered_at END, "
		"accepted_at = CASE WHEN ? = 'accepted' THEN ? ELSE accepted_at END, "
		"due_at = CASE WHEN ? = 1 THEN coalesce(nullif(?, ''), due_at) END, "
		"escalate_at = CASE WHEN ? = 1 THEN coalesce(nullif(?, ''), escalate_at) END "
		"WHERE id = ? AND status = ?",
		"tt" "it" "tt" "it" "tt" "it" "it" "it",
		ref_status_code(to), now, (int64_t)ends, outcome ? outcome : "",
		ref_status_code(to), now, (int64_t)answer, now, ref_status_code(to), now,
		(int64_t)waiting, due, (int64_t)waiting, esc, id, ref_status_code(from));
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	if (!rc)
		rc = add_event(s, id, ref_status_code(to), by_user, note, now);
	if (!rc)
		rc = note_activity(s, id, to, now);
	return rc;
}

sn_err ref_events(store *s, int64_t id, arena *a, ref_event **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT e.id, e.status, e.at, coalesce(u.name, ''), e.note, e.by_user IS NULL "
		"FROM referral_events e LEFT JOIN users u ON u.id = e.by_user "
		"WHERE e.referral_id = ? ORDER BY e.id", "i", id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		ref_event *e = &(*rows)[(*n)++];
		memset(e, 0, sizeof *e);
		e->id = store_col_i64(st, 0);
		const char *code = store_col_text(st, 1);
		e->system = store_col_i64(st, 5) != 0;
		if (!ref_status_parse(code, &e->status)) {
			/* a flag: overdue or escalated; the status stays what it was */
			e->flag = arena_strdup(a, code);
			e->status = *n > 1 ? (*rows)[*n - 2].status : REF_REQUESTED;
		} else {
			e->flag = "";
		}
		e->at = col(st, a, 2);
		e->by = e->system ? "SupportNet" : col(st, a, 3);
		e->note = col(st, a, 4);
	}
	store_done(st);
	return rc;
}

/* The lists (docs/referrals.md, "At scale"). The total comes from
 * referral_counts, which triggers keep (schema 0028), so it costs the
 * same for ten referrals as for a million. The page's ids come newest
 * first straight from an index: the sent list walks referrals_sent(_all);
 * the inbox walks referrals_inbox_order (or referrals_inbox_live for one
 * status) once per organisation of the reader's, each walk stopping at
 * the page's end, and a UNION ALL orders what they found, instead of
 * sorting the whole inbox. A reader in more than REF_ORGS_MERGED
 * organisations gets the sorting plan: slower, and rare. */
#define REF_ORGS_MERGED 16

static sn_err member_orgs(store *s, int64_t user_id, int64_t *ids, size_t *n)
{
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT organization_id FROM dir_org_members WHERE user_id = ? "
				"ORDER BY organization_id LIMIT ?", "ii", user_id, (int64_t)REF_ORGS_MERGED + 1);
	if (rc)
		return rc;
	while (store_next(st, &rc))
		if (*n < REF_ORGS_MERGED + 1)
			ids[(*n)++] = store_col_i64(st, 0);
	store_done(st);
	return rc;
}

static sn_err list_total(store *s, ref_box box, int64_t user_id, const char *status, int64_t *total)
{
	const char *sql = box == REF_BOX_INBOX
		? (status ? "SELECT coalesce(sum(c.n), 0) FROM dir_org_members m JOIN referral_counts c "
			    "ON c.box = 'inbox' AND c.owner_id = m.organization_id WHERE m.user_id = ? "
			    "AND c.status = ? AND c.status <> 'draft'"
			  : "SELECT coalesce(sum(c.n), 0) FROM dir_org_members m JOIN referral_counts c "
			    "ON c.box = 'inbox' AND c.owner_id = m.organization_id WHERE m.user_id = ? "
			    "AND c.status <> 'draft'")
		: (status ? "SELECT coalesce(sum(n), 0) FROM referral_counts WHERE box = 'sent' "
			    "AND owner_id = ? AND status = ?"
			  : "SELECT coalesce(sum(n), 0) FROM referral_counts WHERE box = 'sent' AND owner_id = ?");
	return status ? store_one_i64(s, total, sql, "it", user_id, status)
		      : store_one_i64(s, total, sql, "i", user_id);
}

/* The SQL of the page's ids (see above); its parameters, in order: the
 * owners (the user for the sent list and the sorting plan, else each
 * organisation), the status after each owner when filtered, then limit and
 * offset. */
static const char *page_ids(arena *a, ref_box box, size_t orgs, bool by_status)
{
	const char *st = by_status ? "AND r.status = ? " : "";
	if (box == REF_BOX_SENT)
		return arena_printf(a, "SELECT r.id FROM referrals r WHERE r.referrer_id = ? %s"
				    "ORDER BY r.id DESC LIMIT ? OFFSET ?", st);
	if (orgs > REF_ORGS_MERGED) /* CROSS JOIN: members first, then the index */
		return arena_printf(a, "SELECT r.id FROM dir_org_members m CROSS JOIN referrals r "
				    "WHERE m.user_id = ? AND r.organization_id = m.organization_id "
				    "AND r.mode = 'live' AND r.status <> 'draft' %sORDER BY r.id DESC "
				    "LIMIT ? OFFSET ?", st);
	/* Each organisation's walk stops at the page's end (LIMIT offset +
	 * size inside it), and the few rows left are ordered: PostgreSQL's
	 * planner would otherwise sort the whole inbox (42,694 entries, 10 ms
	 * at a million referrals) rather than merge the walks. */
	const char *sql = "";
	for (size_t i = 0; i < orgs; i++)
		sql = arena_printf(a, "%s%sSELECT a%zu.id FROM (SELECT r.id FROM referrals r WHERE r.organization_id = ? "
				   "AND r.mode = 'live' AND r.status <> 'draft' %sORDER BY r.id DESC LIMIT ?) a%zu ", sql,
				   i ? "UNION ALL " : "", i, st, i);
	return arena_printf(a, "SELECT u.id FROM (%s) u ORDER BY u.id DESC LIMIT ? OFFSET ?", sql);
}

sn_err ref_list(store *s, ref_box box, int64_t user_id, const ref_status *status_filter,
		int64_t limit, int64_t offset, arena *a, ref_row **rows, size_t *n, int64_t *total)
{
	*rows = NULL;
	*n = 0;
	*total = 0;
	const char *status = status_filter ? ref_status_code(*status_filter) : NULL;
	sn_err rc = list_total(s, box, user_id, status, total);
	if (rc || *total == 0 || offset >= *total)
		return rc;
	int64_t orgs[REF_ORGS_MERGED + 1];
	size_t n_orgs = 0;
	if (box == REF_BOX_INBOX && ((rc = member_orgs(s, user_id, orgs, &n_orgs)) != SN_OK || !n_orgs))
		return rc; /* no organisation now: the count was a moment ago */
	bool merged = box == REF_BOX_INBOX && n_orgs <= REF_ORGS_MERGED;
	const char *sql = arena_printf(a, REF_COLS "WHERE r.id IN (%s) ORDER BY r.id DESC",
				       page_ids(a, box, n_orgs, status != NULL));
	store_stmt *st = NULL;
	rc = store_prepare(s, sql, &st);
	int i = 1;
	if (!rc)
		rc = store_bind_i64(st, i++, user_id); /* referral_seen's reader */
	for (size_t k = 0; !rc && k < (merged ? n_orgs : 1); k++) {
		rc = store_bind_i64(st, i++, merged ? orgs[k] : user_id);
		if (!rc && status)
			rc = store_bind_text(st, i++, status);
		if (!rc && merged) /* where this organisation's walk stops */
			rc = store_bind_i64(st, i++, offset + limit);
	}
	if (!rc)
		rc = store_bind_i64(st, i++, limit);
	if (!rc)
		rc = store_bind_i64(st, i++, offset);
	if (rc) {
		store_done(st);
		return rc;
	}
	return rows_of(st, a, rows, n);
}

sn_err ref_list_person(store *s, int64_t person_id, int64_t reader_id, int64_t limit, arena *a,
		       ref_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, REF_COLS "WHERE r.person_id = ? ORDER BY r.id DESC LIMIT ?",
				"iii", reader_id, person_id, limit);
	return rc ? rc : rows_of(st, a, rows, n);
}

sn_err ref_mark_seen(store *s, int64_t id, int64_t user_id, int64_t event_id)
{
	return store_run(s,
		"INSERT INTO referral_seen (referral_id, user_id, event_id) VALUES (?, ?, ?) "
		"ON CONFLICT (referral_id, user_id) DO UPDATE SET event_id = excluded.event_id",
		"iii", id, user_id, event_id);
}

sn_err ref_overdue(store *s, int64_t now_t, int64_t limit, arena *a, ref_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	const char *now = iso(a, now_t);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		REF_COLS "WHERE r.due_at IS NOT NULL AND r.due_at <= ? AND r.status IN ('requested', "
		"'received') AND (r.flagged = '' OR (r.flagged = 'overdue' AND r.escalate_at <= ?)) "
		"ORDER BY r.due_at LIMIT ?", "itti", (int64_t)0, now, now, limit);
	return rc ? rc : rows_of(st, a, rows, n);
}

sn_err ref_flag(store *s, int64_t id, ref_sla level, int64_t now_t)
{
	char now[21];
	time_iso8601(now_t, now);
	const char *code = ref_sla_code(level);
	sn_err rc = store_run(s, "UPDATE referrals SET flagged = ? WHERE id = ?", "ti", code, id);
	if (!rc)
		rc = add_event(s, id, code, 0, "", now);
	return rc;
}

sn_err ref_org_emails(store *s, int64_t org_id, arena *a, const char ***emails, size_t *n)
{
	*emails = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT u.email FROM dir_org_members m JOIN users u ON u.id = m.user_id "
		"WHERE m.organization_id = ? AND u.disabled = 0 ORDER BY u.email LIMIT 50", "i",
		org_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*emails = arena_grow(a, *emails, *n, &cap, sizeof **emails);
		(*emails)[(*n)++] = col(st, a, 0);
	}
	store_done(st);
	return rc;
}

sn_err ref_demo_people(store *s, int64_t user_first, size_t max, arena *a, ref_demo_person **rows,
		       size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.id, r.user_id, p.given_name || ' ' || p.family_name, "
		"coalesce(p.date_of_birth, ''), coalesce(p.postcode, ''), p.phone, p.email "
		"FROM people p JOIN relationships r ON r.person_id = p.id AND r.kind = 'worker' "
		"ORDER BY CASE WHEN p.user_id = ? THEN 0 ELSE 1 END, p.id LIMIT ?", "ii", user_first,
		(int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		ref_demo_person *x = &(*rows)[(*n)++];
		x->person_id = store_col_i64(st, 0);
		x->worker_id = store_col_i64(st, 1);
		x->name = col(st, a, 2);
		x->birth_date = col(st, a, 3);
		x->postcode = col(st, a, 4);
		x->phone = col(st, a, 5);
		x->email = col(st, a, 6);
	}
	store_done(st);
	return rc;
}

sn_err ref_recount(store *s, int64_t *rows)
{
	sn_err rc = store_run(s, "DELETE FROM referral_counts", "");
	if (!rc)
		rc = store_run(s, "INSERT INTO referral_counts (box, owner_id, status, n) SELECT 'inbox', organization_id, "
			       "status, count(*) FROM referrals WHERE mode = 'live' GROUP BY organization_id, status", "");
	if (!rc)
		rc = store_run(s, "INSERT INTO referral_counts (box, owner_id, status, n) SELECT 'sent', referrer_id, "
			       "status, count(*) FROM referrals GROUP BY referrer_id, status", "");
	return rc ? rc : store_one_i64(s, rows, "SELECT count(*) FROM referral_counts", "");
}
