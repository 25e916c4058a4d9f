/* Events in the store: every statement the feature runs (events_store.h). */
#include <stdio.h>
#include <string.h>

#include "events_store.h"

static const char *dup(arena *a, store_stmt *st, int i) { return arena_strdup(a, store_col_text(st, i)); }

#define EV_COLS                                                                                      \
	"SELECT e.id, e.uuid, e.kind, e.title, e.description, coalesce(e.organization_id, 0), "       \
	"coalesce(o.uuid, ''), coalesce(o.name, ''), coalesce(e.service_id, 0), coalesce(s.uuid, ''), " \
	"coalesce(s.name, ''), e.place, e.postcode, e.starts_at, e.ends_at, e.capacity, e.status, "   \
	"e.created_by, "                                                                              \
	"(SELECT count(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'booked'), "   \
	"(SELECT count(*) FROM event_bookings b WHERE b.event_id = e.id AND b.status = 'waiting'), "  \
	"(SELECT count(*) FROM event_bookings b WHERE b.event_id = e.id AND b.attended = 1) "          \
	"FROM events e LEFT JOIN dir_organizations o ON o.id = e.organization_id "                    \
	"LEFT JOIN dir_services s ON s.id = e.service_id "

static void row_read(store_stmt *st, arena *a, ev_row *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	if (!ev_kind_parse(store_col_text(st, 2), &o->kind))
		o->kind = EV_ACTIVITY;
	o->title = dup(a, st, 3);
	o->description = dup(a, st, 4);
	o->organization_id = store_col_i64(st, 5);
	o->org_uuid = dup(a, st, 6);
	o->org_name = dup(a, st, 7);
	o->service_id = store_col_i64(st, 8);
	o->service_uuid = dup(a, st, 9);
	o->service_name = dup(a, st, 10);
	o->place = dup(a, st, 11);
	o->postcode = dup(a, st, 12);
	o->starts_at = dup(a, st, 13);
	o->ends_at = dup(a, st, 14);
	o->capacity = store_col_i64(st, 15);
	o->status = dup(a, st, 16);
	o->created_by = store_col_i64(st, 17);
	o->booked = store_col_i64(st, 18);
	o->waiting = store_col_i64(st, 19);
	o->attended = store_col_i64(st, 20);
}

static sn_err rows_of(store_stmt *st, arena *a, ev_row **rows, size_t *n)
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

sn_err ev_insert(store *s, const ev_row *e, const char *now, char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO events (uuid, title, kind, description, organization_id, service_id, place, postcode, "
		"starts_at, ends_at, capacity, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, nullif(?, 0), "
		"nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"tttt" "ii" "tttt" "ii" "tt", uuid, e->title, ev_kind_code(e->kind), e->description,
		e->organization_id, e->service_id, e->place, e->postcode, e->starts_at, e->ends_at, e->capacity,
		e->created_by, now, now);
}

sn_err ev_update(store *s, const ev_row *e, bool cancel, const char *now)
{
	return store_run(s,
		"UPDATE events SET title = ?, kind = ?, description = ?, organization_id = nullif(?, 0), "
		"service_id = nullif(?, 0), place = ?, postcode = ?, starts_at = ?, ends_at = ?, capacity = ?, "
		"status = CASE WHEN ? = 1 THEN 'cancelled' ELSE status END, updated_at = ? WHERE id = ?",
		"ttt" "ii" "tttt" "i" "it" "i", e->title, ev_kind_code(e->kind), e->description, e->organization_id,
		e->service_id, e->place, e->postcode, e->starts_at, e->ends_at, e->capacity, (int64_t)cancel, now,
		e->id);
}

sn_err ev_find(store *s, const char *uuid, arena *a, ev_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, EV_COLS "WHERE e.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		row_read(st, a, out);
	store_done(st);
	return rc ? rc : row ? SN_OK : SN_ENOTFOUND;
}

sn_err ev_lock(store *s, int64_t id)
{
	return store_run(s, "UPDATE events SET updated_at = updated_at WHERE id = ?", "i", id);
}

sn_err ev_upcoming(store *s, const char *now, int64_t service_id, const char *kind, int64_t limit,
		   int64_t offset, arena *a, ev_row **rows, size_t *n, int64_t *total)
{
	*rows = NULL;
	*n = 0;
	const char *where = "WHERE e.status = 'published' AND e.ends_at > ? AND (? = 0 OR e.service_id = ?) "
			    "AND (? = '' OR e.kind = ?) ";
	const char *k = kind ? kind : "";
	sn_err rc = store_one_i64(s, total, arena_printf(a, "SELECT count(*) FROM events e %s", where), "tiitt",
				  now, service_id, service_id, k, k);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, arena_printf(a, EV_COLS "%sORDER BY e.starts_at, e.id LIMIT ? OFFSET ?", where),
				 "tiitt" "ii", now, service_id, service_id, k, k, limit, offset);
	return rc ? rc : rows_of(st, a, rows, n);
}

sn_err ev_organised(store *s, int64_t user_id, int64_t limit, arena *a, ev_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		EV_COLS "WHERE e.created_by = ? OR e.organization_id IN (SELECT m.organization_id FROM "
		"dir_org_members m WHERE m.user_id = ?) ORDER BY e.starts_at DESC, e.id DESC LIMIT ?",
		"iii", user_id, user_id, limit);
	return rc ? rc : rows_of(st, a, rows, n);
}

sn_err ev_is_member(store *s, int64_t user_id, int64_t organization_id, bool *yes)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM dir_org_members WHERE user_id = ? AND "
				  "organization_id = ?", "ii", user_id, organization_id);
	*yes = !rc && n > 0;
	return rc;
}

sn_err ev_user_org(store *s, int64_t user_id, int64_t *org_id)
{
	return store_one_i64(s, org_id,
		"SELECT coalesce((SELECT m.organization_id FROM dir_org_members m JOIN dir_organizations o "
		"ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name, o.id LIMIT 1), 0)", "i", user_id);
}

sn_err ev_org_services(store *s, int64_t org_id, arena *a, ev_service_opt **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name FROM dir_services WHERE organization_id = ? AND "
				"status = 'active' ORDER BY name, id LIMIT 200", "i", org_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		ev_service_opt *x = &(*rows)[(*n)++];
		x->id = store_col_i64(st, 0);
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 1));
		x->name = dup(a, st, 2);
	}
	store_done(st);
	return rc;
}

/* ---- bookings ---- */

sn_err ev_booking_of(store *s, int64_t event_id, int64_t user_id, arena *a, const char **status)
{
	*status = "";
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT status FROM event_bookings WHERE event_id = ? AND user_id = ?", "ii",
				event_id, user_id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		*status = dup(a, st, 0);
	store_done(st);
	return rc;
}

sn_err ev_booking_set(store *s, int64_t event_id, int64_t user_id, const char *status, const char *now)
{
	return store_run(s,
		"INSERT INTO event_bookings (event_id, user_id, status, waiting_since, waiting_seq, created_at, "
		"updated_at) VALUES (?, ?, ?, CASE WHEN ? = 'waiting' THEN ? END, CASE WHEN ? = 'waiting' THEN "
		"(SELECT coalesce(max(q.waiting_seq), 0) + 1 FROM event_bookings q WHERE q.event_id = ?) END, ?, ?) "
		"ON CONFLICT (event_id, user_id) DO UPDATE SET status = excluded.status, waiting_since = "
		"excluded.waiting_since, waiting_seq = excluded.waiting_seq, attended = NULL, updated_at = "
		"excluded.updated_at",
		"iit" "tt" "ti" "tt", event_id, user_id, status, status, now, status, event_id, now, now);
}

sn_err ev_move_up_store(store *s, int64_t event_id, int64_t n, const char *now, int64_t *ids, size_t *got)
{
	*got = 0;
	if (n <= 0)
		return SN_OK;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"UPDATE event_bookings SET status = 'booked', waiting_since = NULL, waiting_seq = NULL, updated_at = ? "
		"WHERE id IN "
		"(SELECT id FROM event_bookings WHERE event_id = ? AND status = 'waiting' ORDER BY waiting_seq "
		"LIMIT ?) RETURNING user_id", "tii", now, event_id, n);
	if (rc)
		return rc;
	while (store_next(st, &rc))
		if ((int64_t)*got < n)
			ids[(*got)++] = store_col_i64(st, 0);
	store_done(st);
	return rc;
}

#define BOOKING_COLS                                                                                  \
	"SELECT b.id, b.user_id, e.uuid, u.uuid, u.name, u.email, b.status, coalesce(b.waiting_since, ''), " \
	"b.created_at, e.title, e.starts_at, e.status, coalesce(b.attended, -1) "                          \
	"FROM event_bookings b JOIN events e ON e.id = b.event_id JOIN users u ON u.id = b.user_id "

static sn_err bookings_of(store_stmt *st, arena *a, ev_booking_row **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		ev_booking_row *x = &(*rows)[(*n)++];
		memset(x, 0, sizeof *x);
		x->id = store_col_i64(st, 0);
		x->user_id = store_col_i64(st, 1);
		snprintf(x->event_uuid, sizeof x->event_uuid, "%s", store_col_text(st, 2));
		snprintf(x->user_uuid, sizeof x->user_uuid, "%s", store_col_text(st, 3));
		x->name = dup(a, st, 4);
		x->email = dup(a, st, 5);
		x->status = dup(a, st, 6);
		x->waiting_since = dup(a, st, 7);
		x->created_at = dup(a, st, 8);
		x->event_title = dup(a, st, 9);
		x->starts_at = dup(a, st, 10);
		x->event_status = dup(a, st, 11);
		x->attended = (int)store_col_i64(st, 12);
	}
	store_done(st);
	return rc;
}

sn_err ev_bookings(store *s, int64_t event_id, bool all, arena *a, ev_booking_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		BOOKING_COLS "WHERE b.event_id = ? AND (? = 1 OR b.status <> 'cancelled') ORDER BY "
		"CASE b.status WHEN 'booked' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, b.waiting_seq, u.name, b.id",
		"ii", event_id, (int64_t)all);
	return rc ? rc : bookings_of(st, a, rows, n);
}

sn_err ev_bookings_of_user(store *s, int64_t user_id, arena *a, ev_booking_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		BOOKING_COLS "WHERE b.user_id = ? AND b.status <> 'cancelled' ORDER BY e.starts_at, e.id LIMIT 200", "i",
		user_id);
	return rc ? rc : bookings_of(st, a, rows, n);
}

sn_err ev_attendance_set(store *s, int64_t event_id, const char *user_uuid, bool attended, const char *now)
{
	sn_err rc = store_run(s,
		"UPDATE event_bookings SET attended = ?, updated_at = ? WHERE event_id = ? AND status = 'booked' "
		"AND user_id = (SELECT id FROM users WHERE uuid = ?)", "itit", (int64_t)attended, now, event_id,
		user_uuid);
	return !rc && store_changes(s) == 0 ? SN_ENOTFOUND : rc;
}

sn_err ev_attendance_set_id(store *s, int64_t event_id, int64_t user_id, bool attended, const char *now)
{
	return store_run(s, "UPDATE event_bookings SET attended = ?, updated_at = ? WHERE event_id = ? AND "
			 "user_id = ? AND status = 'booked'", "itii", (int64_t)attended, now, event_id, user_id);
}

sn_err ev_emails(store *s, const int64_t *ids, size_t n, arena *a, const char ***emails, size_t *got)
{
	*emails = n ? arena_alloc(a, n * sizeof **emails) : NULL;
	*got = 0;
	sn_err rc = SN_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		store_stmt *st = NULL;
		bool row = false;
		rc = store_query(s, &st, "SELECT email FROM users WHERE id = ? AND disabled = 0", "i", ids[i]);
		if (!rc)
			rc = store_step(st, &row);
		if (!rc && row)
			(*emails)[(*got)++] = dup(a, st, 0);
		store_done(st);
	}
	return rc;
}
