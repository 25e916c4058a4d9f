/* Neighbourhood schemes in the store: every statement the feature runs. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "scheme_store.h"

static const char *dup(arena *a, store_stmt *st, int i) { return arena_strdup(a, store_col_text(st, i)); }

static void uuid_col(store_stmt *st, int i, char out[static 37])
{
	snprintf(out, 37, "%s", store_col_text(st, i));
}

/* Steps st to its end, growing *rows by size and calling read on each. */
typedef void (*row_fn)(store_stmt *st, arena *a, void *row);
static sn_err rows_of(store_stmt *st, arena *a, void **rows, size_t *n, size_t size, row_fn read)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, size);
		void *row = (char *)*rows + size * (*n)++;
		memset(row, 0, size);
		read(st, a, row);
	}
	store_done(st);
	return rc;
}

/* The first row of st into row; SN_ENOTFOUND when there is none. */
static sn_err one_of(store_stmt *st, arena *a, void *row, size_t size, row_fn read)
{
	bool got = false;
	sn_err rc = store_step(st, &got);
	if (!rc && !got)
		rc = SN_ENOTFOUND;
	if (!rc) {
		memset(row, 0, size);
		read(st, a, row);
	}
	store_done(st);
	return rc;
}

/* ---- members ---- */

#define VET_COLS                                                                                          \
	"v.id, v.dbs, v.dbs_on, v.expires_on, v.training, coalesce(ru.name, ''), v.recorded_at, v.refs, "      \
	"coalesce(v.signed_off_by, 0), coalesce(su.name, ''), coalesce(v.signed_off_at, '') "
#define VET_JOINS "LEFT JOIN users ru ON ru.id = v.recorded_by LEFT JOIN users su ON su.id = v.signed_off_by "

static void vet_read(store_stmt *st, int c, arena *a, sch_vetting_row *v)
{
	v->id = store_col_null(st, c) ? 0 : store_col_i64(st, c);
	v->dbs = dup(a, st, c + 1);
	v->dbs_on = dup(a, st, c + 2);
	v->expires_on = dup(a, st, c + 3);
	v->training = dup(a, st, c + 4);
	v->recorded_by = dup(a, st, c + 5);
	v->recorded_at = dup(a, st, c + 6);
	v->refs = store_col_i64(st, c + 7);
	v->signed_off = store_col_i64(st, c + 8) != 0;
	v->signed_off_by = dup(a, st, c + 9);
	v->signed_off_at = dup(a, st, c + 10);
}

#define MEMBER_COLS                                                                                        \
	"SELECT m.id, m.uuid, m.scheme, m.name, coalesce(m.user_id, 0), coalesce(au.email, ''), m.postcode, "  \
	"m.lat_e6 IS NOT NULL, coalesce(m.lat_e6, 0), coalesce(m.lon_e6, 0), m.can_do, m.languages, "         \
	"m.interests, m.capacity, m.avail, m.max_km, m.smokes, m.pets, m.step_free, m.rate_pence, m.status, " \
	"m.created_at, (SELECT count(*) FROM sch_proposals p JOIN sch_requests q ON q.id = p.request_id "     \
	"WHERE p.member_id = m.id AND p.status = 'confirmed' AND q.status <> 'closed'), " VET_COLS            \
	"FROM sch_members m LEFT JOIN users au ON au.id = m.user_id "                                          \
	"LEFT JOIN sch_vetting v ON v.id = (SELECT max(x.id) FROM sch_vetting x WHERE x.member_id = m.id) "    \
	VET_JOINS

static void member_read(store_stmt *st, arena *a, void *row)
{
	sch_member *m = row;
	m->id = store_col_i64(st, 0);
	uuid_col(st, 1, m->uuid);
	m->scheme = dup(a, st, 2);
	m->name = dup(a, st, 3);
	m->user_id = store_col_i64(st, 4);
	m->account_email = dup(a, st, 5);
	m->postcode = dup(a, st, 6);
	m->located = store_col_i64(st, 7) != 0;
	m->lat_e6 = (int32_t)store_col_i64(st, 8);
	m->lon_e6 = (int32_t)store_col_i64(st, 9);
	m->can_do = dup(a, st, 10);
	m->languages = dup(a, st, 11);
	m->interests = dup(a, st, 12);
	m->capacity = store_col_i64(st, 13);
	m->avail = store_col_i64(st, 14);
	m->max_km = store_col_i64(st, 15);
	m->smokes = store_col_i64(st, 16) != 0;
	m->pets = store_col_i64(st, 17) != 0;
	m->step_free = store_col_i64(st, 18) != 0;
	m->rate_pence = store_col_i64(st, 19);
	m->status = dup(a, st, 20);
	m->created_at = dup(a, st, 21);
	m->in_use = store_col_i64(st, 22);
	vet_read(st, 23, a, &m->vet);
}

sn_err sch_member_insert(store *s, const sch_member *m, int64_t by_user, const char *now, char uuid[static 37],
			 int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO sch_members (uuid, scheme, name, user_id, postcode, lat_e6, lon_e6, can_do, languages, "
		"interests, capacity, avail, max_km, smokes, pets, step_free, rate_pence, created_by, created_at) "
		"VALUES (?, ?, ?, nullif(?, 0), ?, CASE WHEN ? = 1 THEN CAST(? AS INTEGER) END, CASE WHEN ? = 1 THEN CAST(? AS INTEGER) END, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, nullif(?, 0), ?) RETURNING id",
		"tttit" "iiii" "ttt" "iiiiiii" "it", uuid, m->scheme, m->name, m->user_id, m->postcode,
		(int64_t)m->located, (int64_t)m->lat_e6, (int64_t)m->located, (int64_t)m->lon_e6, m->can_do,
		m->languages, m->interests, m->capacity, m->avail, m->max_km, (int64_t)m->smokes, (int64_t)m->pets,
		(int64_t)m->step_free, m->rate_pence, by_user, now);
}

sn_err sch_member_find(store *s, const char *uuid, arena *a, sch_member *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS "WHERE m.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, out, sizeof *out, member_read);
}

sn_err sch_member_set_offer(store *s, int64_t id, int64_t avail, int64_t capacity)
{
	return store_run(s, "UPDATE sch_members SET avail = ?, capacity = ? WHERE id = ?", "iii", avail, capacity, id);
}

sn_err sch_members_of(store *s, const char *scheme, arena *a, sch_member **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS "WHERE m.status = 'active' AND (? = '' OR m.scheme = ?) "
				"ORDER BY m.name, m.id LIMIT 2000", "tt", scheme ? scheme : "", scheme ? scheme : "");
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, member_read);
}

sn_err sch_members_expiring(store *s, const char *until, arena *a, sch_member **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS "WHERE m.status = 'active' AND v.expires_on <= ? "
				"ORDER BY v.expires_on, m.id LIMIT 200", "t", until);
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, member_read);
}

sn_err sch_vetting_add(store *s, int64_t member_id, const sch_vetting_row *v, int64_t by_user, const char *now)
{
	return store_run(s, "INSERT INTO sch_vetting (member_id, dbs, dbs_on, expires_on, refs, training, "
			 "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "itttit" "it", member_id, v->dbs,
			 v->dbs_on, v->expires_on, v->refs, v->training, by_user, now);
}

sn_err sch_vetting_sign(store *s, int64_t member_id, int64_t by_user, const char *now)
{
	sn_err rc = store_run(s, "UPDATE sch_vetting SET signed_off_by = ?, signed_off_at = ? WHERE id = "
			      "(SELECT max(x.id) FROM sch_vetting x WHERE x.member_id = ?) AND signed_off_by IS NULL",
			      "iti", by_user, now, member_id);
	return !rc && store_changes(s) == 0 ? SN_ECONFLICT : rc;
}

static void vet_row_read(store_stmt *st, arena *a, void *row) { vet_read(st, 0, a, row); }

sn_err sch_vetting_history(store *s, int64_t member_id, arena *a, sch_vetting_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT " VET_COLS "FROM sch_vetting v " VET_JOINS
				"WHERE v.member_id = ? ORDER BY v.id DESC LIMIT 100", "i", member_id);
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, vet_row_read);
}

/* ---- requests ---- */

#define REQUEST_COLS                                                                                        \
	"SELECT q.id, q.uuid, q.scheme, q.person_id, p.uuid, p.given_name || ' ' || p.family_name, q.needs, "  \
	"q.demand, q.avail, q.languages, q.interests, q.max_km, q.no_smoking, q.no_pets, q.needs_step_free, "  \
	"q.max_rate_pence, q.notes, q.postcode, q.lat_e6 IS NOT NULL, coalesce(q.lat_e6, 0), "                 \
	"coalesce(q.lon_e6, 0), q.status, q.made_by, u.name, q.created_at, "                                   \
	"(SELECT count(*) FROM sch_proposals c WHERE c.request_id = q.id AND c.status = 'confirmed'), "        \
	"(SELECT count(*) FROM sch_proposals c WHERE c.request_id = q.id AND c.status = 'proposed'), "         \
	"coalesce(q.closed_at, ''), q.closing_reason "                                                          \
	"FROM sch_requests q JOIN people p ON p.id = q.person_id JOIN users u ON u.id = q.made_by "

static void request_read(store_stmt *st, arena *a, void *row)
{
	sch_request *r = row;
	r->id = store_col_i64(st, 0);
	uuid_col(st, 1, r->uuid);
	r->scheme = dup(a, st, 2);
	r->person_id = store_col_i64(st, 3);
	uuid_col(st, 4, r->person_uuid);
	r->person_name = dup(a, st, 5);
	r->needs = dup(a, st, 6);
	r->demand = store_col_i64(st, 7);
	r->avail = store_col_i64(st, 8);
	r->languages = dup(a, st, 9);
	r->interests = dup(a, st, 10);
	r->max_km = store_col_i64(st, 11);
	r->no_smoking = store_col_i64(st, 12) != 0;
	r->no_pets = store_col_i64(st, 13) != 0;
	r->needs_step_free = store_col_i64(st, 14) != 0;
	r->max_rate_pence = store_col_i64(st, 15);
	r->notes = dup(a, st, 16);
	r->postcode = dup(a, st, 17);
	r->located = store_col_i64(st, 18) != 0;
	r->lat_e6 = (int32_t)store_col_i64(st, 19);
	r->lon_e6 = (int32_t)store_col_i64(st, 20);
	r->status = dup(a, st, 21);
	r->made_by_id = store_col_i64(st, 22);
	r->made_by = dup(a, st, 23);
	r->created_at = dup(a, st, 24);
	r->confirmed = store_col_i64(st, 25);
	r->waiting = store_col_i64(st, 26);
	r->closed_at = dup(a, st, 27);
	r->closing_reason = dup(a, st, 28);
}

sn_err sch_request_insert(store *s, const sch_request *r, const char *now, char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO sch_requests (uuid, scheme, person_id, needs, demand, avail, languages, interests, "
		"max_km, no_smoking, no_pets, needs_step_free, max_rate_pence, notes, postcode, lat_e6, lon_e6, "
		"made_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 1 THEN CAST(? AS INTEGER) END, "
		"CASE WHEN ? = 1 THEN CAST(? AS INTEGER) END, ?, ?) RETURNING id",
		"ttit" "ii" "tt" "iiiii" "tt" "iiii" "it", uuid, r->scheme, r->person_id, r->needs, r->demand,
		r->avail, r->languages, r->interests, r->max_km, (int64_t)r->no_smoking, (int64_t)r->no_pets,
		(int64_t)r->needs_step_free, r->max_rate_pence, r->notes, r->postcode, (int64_t)r->located,
		(int64_t)r->lat_e6, (int64_t)r->located, (int64_t)r->lon_e6, r->made_by_id, now);
}

sn_err sch_request_find(store *s, const char *uuid, arena *a, sch_request *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, REQUEST_COLS "WHERE q.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, out, sizeof *out, request_read);
}

sn_err sch_requests_open(store *s, const char *scheme, arena *a, sch_request **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, REQUEST_COLS "WHERE q.status = 'open' AND (? = '' OR q.scheme = ?) "
				"ORDER BY q.created_at, q.id LIMIT 2000", "tt", scheme ? scheme : "", scheme ? scheme : "");
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, request_read);
}

sn_err sch_requests_of_person(store *s, int64_t person_id, arena *a, sch_request **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, REQUEST_COLS "WHERE q.person_id = ? ORDER BY q.created_at DESC, q.id DESC "
				"LIMIT 50", "i", person_id);
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, request_read);
}

sn_err sch_request_set_status(store *s, int64_t id, const char *status)
{
	return store_run(s, "UPDATE sch_requests SET status = ? WHERE id = ?", "ti", status, id);
}

sn_err sch_request_close(store *s, int64_t id, const char *reason, const char *now)
{
	sn_err rc = store_run(s, "UPDATE sch_requests SET status = 'closed', closed_at = ?, closing_reason = ? "
			      "WHERE id = ? AND status <> 'closed'", "tti", now, reason, id);
	if (!rc && store_changes(s) == 0)
		return SN_ECONFLICT;
	return rc ? rc : store_run(s, "UPDATE sch_proposals SET status = 'superseded' WHERE request_id = ? "
				   "AND status = 'proposed'", "i", id);
}

sn_err sch_request_mark_matched(store *s, int64_t id)
{
	return store_run(s, "UPDATE sch_requests SET status = 'matched' WHERE id = ? AND status = 'open' AND demand <= "
			 "(SELECT count(*) FROM sch_proposals c WHERE c.request_id = ? AND c.status = 'confirmed')", "ii",
			 id, id);
}

static void person_row_read(store_stmt *st, arena *a, void *row)
{
	sch_person_row *p = row;
	uuid_col(st, 0, p->uuid);
	p->name = dup(a, st, 1);
}

sn_err sch_people_known(store *s, arena *a, sch_person_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT p.uuid, p.given_name || ' ' || p.family_name FROM people p "
				"WHERE p.merged_into IS NULL AND EXISTS (SELECT 1 FROM sch_requests q WHERE q.person_id = p.id) "
				"ORDER BY p.family_name, p.given_name, p.id LIMIT 500", "");
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, person_row_read);
}

sn_err sch_person_known(store *s, int64_t person_id, bool *yes)
{
	int64_t k = 0;
	sn_err rc = store_one_i64(s, &k, "SELECT count(*) FROM sch_requests WHERE person_id = ?", "i", person_id);
	*yes = k > 0;
	return rc;
}

sn_err sch_exclusion_add(store *s, int64_t request_id, int64_t member_id, const char *reason)
{
	return store_run(s, "INSERT INTO sch_exclusions (request_id, member_id, reason) VALUES (?, ?, ?) "
			 "ON CONFLICT (request_id, member_id) DO NOTHING", "iit", request_id, member_id, reason);
}

static sn_err ids_of(store_stmt *st, arena *a, int64_t **ids, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = store_col_i64(st, 0);
	}
	store_done(st);
	return rc;
}

sn_err sch_exclusions_of(store *s, int64_t request_id, arena *a, int64_t **member_ids, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT member_id FROM sch_exclusions WHERE request_id = ? ORDER BY member_id "
				"LIMIT 500", "i", request_id);
	return rc ? rc : ids_of(st, a, member_ids, n);
}

sn_err sch_past_helpers(store *s, int64_t person_id, arena *a, int64_t **member_ids, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT DISTINCT p.member_id FROM sch_proposals p JOIN sch_requests q "
				"ON q.id = p.request_id WHERE q.person_id = ? AND p.status = 'confirmed' "
				"ORDER BY p.member_id LIMIT 500", "i", person_id);
	return rc ? rc : ids_of(st, a, member_ids, n);
}

/* ---- runs ---- */

#define RUN_COLS                                                                                          \
	"SELECT r.id, r.uuid, r.scheme, u.name, r.run_at, r.method, r.requests, r.helpers, r.pairs, r.matched, " \
	"r.total_cost FROM sch_runs r JOIN users u ON u.id = r.run_by "

static void run_read(store_stmt *st, arena *a, void *row)
{
	sch_run_row *r = row;
	r->id = store_col_i64(st, 0);
	uuid_col(st, 1, r->uuid);
	r->scheme = dup(a, st, 2);
	r->run_by = dup(a, st, 3);
	r->run_at = dup(a, st, 4);
	r->method = dup(a, st, 5);
	r->requests = store_col_i64(st, 6);
	r->helpers = store_col_i64(st, 7);
	r->pairs = store_col_i64(st, 8);
	r->matched = store_col_i64(st, 9);
	r->total_cost = store_col_i64(st, 10);
}

sn_err sch_run_insert(store *s, const sch_run_row *r, int64_t by_user, char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO sch_runs (uuid, scheme, run_by, run_at, requests, helpers, pairs, matched, total_cost, "
		"method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "ttit" "iiiii" "t", uuid, r->scheme,
		by_user, r->run_at, r->requests, r->helpers, r->pairs, r->matched, r->total_cost, r->method);
}

sn_err sch_run_find(store *s, const char *uuid, arena *a, sch_run_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, RUN_COLS "WHERE r.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, out, sizeof *out, run_read);
}

sn_err sch_run_latest(store *s, const char *scheme, arena *a, sch_run_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, RUN_COLS "WHERE r.scheme = ? ORDER BY r.id DESC LIMIT 1", "t", scheme);
	return rc ? rc : one_of(st, a, out, sizeof *out, run_read);
}

sn_err sch_proposals_supersede(store *s, const char *scheme)
{
	return store_run(s, "UPDATE sch_proposals SET status = 'superseded' WHERE status = 'proposed' AND run_id IN "
			 "(SELECT id FROM sch_runs WHERE scheme = ?)", "t", scheme);
}

/* ---- proposals ---- */

#define PROPOSAL_COLS                                                                                         \
	"SELECT c.id, c.uuid, c.request_id, q.uuid, c.member_id, m.uuid, coalesce(c.runner_up_id, 0), "          \
	"coalesce(ru.uuid, ''), r.uuid, q.scheme, p.given_name || ' ' || p.family_name, m.name, "               \
	"coalesce(ru.name, ''), c.reasons, c.runner_up_reasons, c.status, coalesce(du.name, ''), "              \
	"coalesce(c.decided_at, ''), c.decline_reason, r.run_at, c.cost, c.runner_up_cost, c.runner_up_taken, " \
	"p.uuid, p.id FROM sch_proposals c JOIN sch_runs r ON r.id = c.run_id "                                  \
	"JOIN sch_requests q ON q.id = c.request_id JOIN people p ON p.id = q.person_id "                       \
	"JOIN sch_members m ON m.id = c.member_id LEFT JOIN sch_members ru ON ru.id = c.runner_up_id "          \
	"LEFT JOIN users du ON du.id = c.decided_by "

static void proposal_read(store_stmt *st, arena *a, void *row)
{
	sch_proposal_row *c = row;
	c->id = store_col_i64(st, 0);
	uuid_col(st, 1, c->uuid);
	c->request_id = store_col_i64(st, 2);
	uuid_col(st, 3, c->request_uuid);
	c->member_id = store_col_i64(st, 4);
	uuid_col(st, 5, c->member_uuid);
	c->runner_up_id = store_col_i64(st, 6);
	uuid_col(st, 7, c->runner_up_uuid);
	uuid_col(st, 8, c->run_uuid);
	c->scheme = dup(a, st, 9);
	c->person_name = dup(a, st, 10);
	c->member_name = dup(a, st, 11);
	c->runner_up_name = dup(a, st, 12);
	c->reasons = dup(a, st, 13);
	c->runner_up_reasons = dup(a, st, 14);
	c->status = dup(a, st, 15);
	c->decided_by = dup(a, st, 16);
	c->decided_at = dup(a, st, 17);
	c->decline_reason = dup(a, st, 18);
	c->run_at = dup(a, st, 19);
	c->cost = store_col_i64(st, 20);
	c->runner_up_cost = store_col_i64(st, 21);
	c->runner_up_taken = store_col_i64(st, 22) != 0;
	uuid_col(st, 23, c->person_uuid);
	c->person_id = store_col_i64(st, 24);
}

sn_err sch_proposal_insert(store *s, int64_t run_id, const sch_proposal_row *p, char uuid[static 37])
{
	uuid_v4(uuid);
	return store_run(s,
		"INSERT INTO sch_proposals (uuid, run_id, request_id, member_id, cost, reasons, runner_up_id, "
		"runner_up_cost, runner_up_reasons, runner_up_taken) VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0), ?, ?, ?)",
		"tiiiit" "iiti", uuid, run_id, p->request_id, p->member_id, p->cost, p->reasons, p->runner_up_id,
		p->runner_up_cost, p->runner_up_reasons, (int64_t)p->runner_up_taken);
}

sn_err sch_proposal_find(store *s, const char *uuid, arena *a, sch_proposal_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PROPOSAL_COLS "WHERE c.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, out, sizeof *out, proposal_read);
}

sn_err sch_proposals_of_run(store *s, int64_t run_id, arena *a, sch_proposal_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PROPOSAL_COLS "WHERE c.run_id = ? ORDER BY c.id LIMIT 2000", "i", run_id);
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, proposal_read);
}

sn_err sch_proposals_waiting(store *s, const char *scheme, arena *a, sch_proposal_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PROPOSAL_COLS "WHERE c.status = 'proposed' AND (? = '' OR q.scheme = ?) "
				"ORDER BY c.run_id, c.id LIMIT 500", "tt", scheme ? scheme : "", scheme ? scheme : "");
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, proposal_read);
}

sn_err sch_proposals_of_request(store *s, int64_t request_id, arena *a, sch_proposal_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PROPOSAL_COLS "WHERE c.request_id = ? AND c.status <> 'superseded' "
				"ORDER BY c.id DESC LIMIT 100", "i", request_id);
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, proposal_read);
}

sn_err sch_proposal_decide(store *s, int64_t id, const char *status, const char *reason, int64_t by_user,
			   const char *now)
{
	sn_err rc = store_run(s, "UPDATE sch_proposals SET status = ?, decline_reason = ?, decided_by = ?, "
			      "decided_at = ? WHERE id = ? AND status = 'proposed'", "ttiti", status, reason, by_user, now,
			      id);
	if (!rc && store_changes(s) == 0)
		return SN_ECONFLICT;
	if (rc || !str_eq(status, "confirmed"))
		return rc;
	/* The evidence figures (activity.h): a match made, by scheme. */
	store_stmt *st = NULL;
	rc = store_query(s, &st, "SELECT q.person_id, q.scheme FROM sch_proposals c "
			 "JOIN sch_requests q ON q.id = c.request_id WHERE c.id = ?", "i", id);
	int64_t person = 0;
	char scheme[64] = "";
	if (!rc && store_next(st, &rc)) {
		person = store_col_i64(st, 0);
		snprintf(scheme, sizeof scheme, "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (!rc && person)
		rc = activity_add(s, ACT_MATCH, scheme, person, now, 1);
	return rc;
}

/* ---- follow-ups ---- */

#define FU_COLS                                                                                            \
	"SELECT f.id, f.seq, c.uuid, f.due_on, coalesce(f.done_on, ''), f.note, coalesce(u.name, ''), "        \
	"p.given_name || ' ' || p.family_name, m.name, q.scheme FROM sch_followups f "                          \
	"JOIN sch_proposals c ON c.id = f.proposal_id JOIN sch_requests q ON q.id = c.request_id "             \
	"JOIN people p ON p.id = q.person_id JOIN sch_members m ON m.id = c.member_id "                         \
	"LEFT JOIN users u ON u.id = f.done_by "

static void fu_read(store_stmt *st, arena *a, void *row)
{
	sch_followup_row *f = row;
	f->id = store_col_i64(st, 0);
	f->seq = store_col_i64(st, 1);
	uuid_col(st, 2, f->proposal_uuid);
	f->due_on = dup(a, st, 3);
	f->done_on = dup(a, st, 4);
	f->note = dup(a, st, 5);
	f->done_by = dup(a, st, 6);
	f->person_name = dup(a, st, 7);
	f->member_name = dup(a, st, 8);
	f->scheme = dup(a, st, 9);
}

sn_err sch_followup_add(store *s, int64_t proposal_id, int64_t seq, const char *due_on)
{
	return store_run(s, "INSERT INTO sch_followups (proposal_id, seq, due_on) VALUES (?, ?, ?)", "iit",
			 proposal_id, seq, due_on);
}

sn_err sch_followups_of(store *s, int64_t proposal_id, arena *a, sch_followup_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, FU_COLS "WHERE f.proposal_id = ? ORDER BY f.seq", "i", proposal_id);
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, fu_read);
}

sn_err sch_followups_due(store *s, const char *until, arena *a, sch_followup_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, FU_COLS "WHERE f.done_on IS NULL AND f.due_on <= ? AND q.status <> 'closed' "
				"ORDER BY f.due_on, f.id LIMIT 200", "t", until);
	return rc ? rc : rows_of(st, a, (void **)rows, n, sizeof **rows, fu_read);
}

sn_err sch_followup_done(store *s, int64_t id, const char *day, const char *note, int64_t by_user,
			 char proposal_uuid[static 37])
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT c.uuid, f.done_on IS NOT NULL FROM sch_followups f "
				"JOIN sch_proposals c ON c.id = f.proposal_id WHERE f.id = ?", "i", id);
	bool got = false, done = false;
	if (!rc)
		rc = store_step(st, &got);
	if (!rc && got) {
		uuid_col(st, 0, proposal_uuid);
		done = store_col_i64(st, 1) != 0;
	}
	store_done(st);
	if (!rc && !got)
		return SN_ENOTFOUND;
	if (!rc && done)
		return SN_ECONFLICT;
	if (!rc)
		rc = store_run(s, "UPDATE sch_followups SET done_on = ?, note = ?, done_by = ? WHERE id = ?", "tti" "i", day,
			       note, by_user, id);
	/* The evidence figures (activity.h): a match that reached its last
	 * follow-up has lasted. */
	int64_t person = 0;
	char scheme[64] = "";
	if (!rc)
		rc = store_query(s, &st, "SELECT q.person_id, q.scheme FROM sch_followups f "
				 "JOIN sch_proposals c ON c.id = f.proposal_id JOIN sch_requests q ON q.id = c.request_id "
				 "WHERE f.id = ? AND c.status = 'confirmed' AND f.seq = (SELECT max(seq) FROM sch_followups g "
				 "WHERE g.proposal_id = f.proposal_id)", "i", id);
	if (!rc && store_next(st, &rc)) {
		person = store_col_i64(st, 0);
		snprintf(scheme, sizeof scheme, "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (!rc && person)
		rc = activity_add(s, ACT_MATCH_LASTING, scheme, person, day, 1);
	return rc;
}

sn_err sch_coordinator_emails(store *s, arena *a, const char ***emails, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id "
				"WHERE r.role = 'coordinator' AND u.disabled = 0 ORDER BY u.id LIMIT 50", "");
	size_t cap = 0;
	*emails = NULL;
	*n = 0;
	while (!rc && store_next(st, &rc)) {
		*emails = arena_grow(a, *emails, *n, &cap, sizeof **emails);
		(*emails)[(*n)++] = dup(a, st, 0);
	}
	if (st)
		store_done(st);
	return rc;
}
