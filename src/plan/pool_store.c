/* Pooled budgets in the store: every statement on pools and pool_shares
 * (the contract is in pool_store.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "pool_store.h"

#define POOL_COLS                                                                       \
	"SELECT p.id, p.uuid, p.name, p.what, p.provider, p.created_at, "                 \
	"coalesce(p.closed_on, ''), p.weekly_cost_pence, p.created_by "

static void pool_read(store_stmt *st, arena *a, pool_row *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	o->name = arena_strdup(a, store_col_text(st, 2));
	o->what = arena_strdup(a, store_col_text(st, 3));
	o->provider = arena_strdup(a, store_col_text(st, 4));
	o->created_at = arena_strdup(a, store_col_text(st, 5));
	o->closed_on = arena_strdup(a, store_col_text(st, 6));
	o->weekly_cost_pence = store_col_i64(st, 7);
	o->created_by = store_col_i64(st, 8);
}

sn_err pool_insert(store *s, const char *name, const char *what, const char *provider,
		   int64_t weekly_cost_pence, int64_t by_user, const char *now,
		   char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO pools (uuid, name, what, provider, weekly_cost_pence, created_by, "
		"created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"tttt" "iit", uuid, name, what ? what : "", provider ? provider : "",
		weekly_cost_pence, by_user, now);
}

sn_err pool_find(store *s, const char *uuid, arena *a, pool_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, POOL_COLS "FROM pools p WHERE p.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		pool_read(st, a, out);
	store_done(st);
	return rc;
}

/* Who may see pool p (the alias in the query), for user ?: a member, now or
 * before, on their caseload; or they made it and it never had a member. */
#define POOL_SEEN_BY                                                                      \
	"(EXISTS (SELECT 1 FROM pool_shares ps JOIN relationships r "                         \
	"ON r.person_id = ps.person_id AND r.kind = 'worker' "                                \
	"WHERE ps.pool_id = p.id AND r.user_id = ?) "                                         \
	"OR (p.created_by = ? AND NOT EXISTS (SELECT 1 FROM pool_shares e WHERE e.pool_id = p.id)))"

sn_err pool_visible(store *s, int64_t pool_id, int64_t user_id, bool *visible)
{
	int64_t one = 0;
	sn_err rc = store_one_i64(s, &one,
		"SELECT 1 FROM pools p WHERE p.id = ? AND " POOL_SEEN_BY, "iii", pool_id, user_id,
		user_id);
	*visible = rc == SN_OK;
	return rc == SN_ENOTFOUND ? SN_OK : rc;
}

sn_err pool_list_for_worker(store *s, int64_t user_id, arena *a, pool_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		POOL_COLS ", (SELECT count(*) FROM pool_shares c WHERE c.pool_id = p.id "
		"AND c.left_on IS NULL), "
		"(SELECT coalesce(sum(c.weekly_share_pence), 0) FROM pool_shares c "
		"WHERE c.pool_id = p.id AND c.left_on IS NULL), "
		"(SELECT count(*) FROM pool_shares c JOIN relationships r ON r.person_id = c.person_id "
		"AND r.kind = 'worker' AND r.user_id = ? WHERE c.pool_id = p.id AND c.left_on IS NULL) "
		"FROM pools p WHERE " POOL_SEEN_BY " "
		"ORDER BY CASE WHEN p.closed_on IS NULL THEN 0 ELSE 1 END, p.name, p.id LIMIT ?",
		"iiii", user_id, user_id, user_id, (int64_t)POOL_LIST_MAX);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		pool_row *x = &(*rows)[(*n)++];
		pool_read(st, a, x);
		x->n_current = store_col_i64(st, 9);
		x->shares_total_pence = store_col_i64(st, 10);
		x->n_mine = store_col_i64(st, 11);
	}
	store_done(st);
	return rc;
}

#define MEMBER_COLS                                                                       \
	"SELECT ps.id, ps.person_id, pe.uuid, pe.given_name, pe.family_name, "                \
	"ps.weekly_share_pence, ps.joined_on, coalesce(ps.left_on, ''), ps.left_reason "      \
	"FROM pool_shares ps JOIN people pe ON pe.id = ps.person_id "

static sn_err members_of(store_stmt *st, arena *a, pool_member **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		pool_member *x = &(*rows)[(*n)++];
		x->share_id = store_col_i64(st, 0);
		x->person_id = store_col_i64(st, 1);
		snprintf(x->person_uuid, sizeof x->person_uuid, "%s", store_col_text(st, 2));
		x->given_name = arena_strdup(a, store_col_text(st, 3));
		x->family_name = arena_strdup(a, store_col_text(st, 4));
		x->weekly_share_pence = store_col_i64(st, 5);
		x->joined_on = arena_strdup(a, store_col_text(st, 6));
		x->left_on = arena_strdup(a, store_col_text(st, 7));
		x->left_reason = arena_strdup(a, store_col_text(st, 8));
	}
	store_done(st);
	return rc;
}

sn_err pool_current(store *s, int64_t pool_id, arena *a, pool_member **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS
		"WHERE ps.pool_id = ? AND ps.left_on IS NULL ORDER BY "
		"(SELECT min(f.id) FROM pool_shares f WHERE f.pool_id = ps.pool_id "
		"AND f.person_id = ps.person_id), ps.id", "i", pool_id);
	return rc ? rc : members_of(st, a, rows, n);
}

sn_err pool_past(store *s, int64_t pool_id, arena *a, pool_member **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS
		"WHERE ps.pool_id = ? AND ps.left_on IS NOT NULL AND ps.id = "
		"(SELECT max(l.id) FROM pool_shares l WHERE l.pool_id = ps.pool_id "
		"AND l.person_id = ps.person_id) ORDER BY ps.left_on DESC, ps.id DESC LIMIT ?",
		"ii", pool_id, (int64_t)POOL_LIST_MAX);
	return rc ? rc : members_of(st, a, rows, n);
}

sn_err pool_history(store *s, int64_t pool_id, arena *a, pool_member **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS
		"WHERE ps.pool_id = ? AND ps.left_on IS NOT NULL AND ps.id < "
		"(SELECT max(l.id) FROM pool_shares l WHERE l.pool_id = ps.pool_id "
		"AND l.person_id = ps.person_id) ORDER BY ps.id DESC LIMIT ?",
		"ii", pool_id, (int64_t)POOL_HISTORY_MAX);
	return rc ? rc : members_of(st, a, rows, n);
}

/* The pool is open and has fewer than POOL_MEMBERS_MAX current members,
 * person_id not among them. */
static sn_err can_join(store *s, int64_t pool_id, int64_t person_id)
{
	int64_t closed = 0, members = 0, already = 0;
	sn_err rc = store_one_i64(s, &closed,
		"SELECT CASE WHEN closed_on IS NULL THEN 0 ELSE 1 END FROM pools WHERE id = ?",
		"i", pool_id);
	if (!rc)
		rc = store_one_i64(s, &members, "SELECT count(*) FROM pool_shares "
				   "WHERE pool_id = ? AND left_on IS NULL", "i", pool_id);
	if (!rc)
		rc = store_one_i64(s, &already, "SELECT count(*) FROM pool_shares "
				   "WHERE pool_id = ? AND person_id = ? AND left_on IS NULL", "ii",
				   pool_id, person_id);
	if (rc)
		return rc == SN_ENOTFOUND ? SN_ECONFLICT : rc;
	return closed || already || members >= POOL_MEMBERS_MAX ? SN_ECONFLICT : SN_OK;
}

sn_err pool_add_member(store *s, int64_t pool_id, int64_t person_id, int64_t weekly_share_pence,
		       const char *day, int64_t *share_id)
{
	sn_err rc = can_join(s, pool_id, person_id);
	if (rc)
		return rc;
	return store_one_i64(s, share_id,
		"INSERT INTO pool_shares (pool_id, person_id, weekly_share_pence, joined_on) "
		"VALUES (?, ?, ?, ?) RETURNING id", "iiit", pool_id, person_id, weekly_share_pence, day);
}

/* An UPDATE that must change exactly one row, else SN_ECONFLICT. */
static sn_err one_row(store *s, sn_err rc)
{
	if (rc)
		return rc;
	return store_changes(s) == 1 ? SN_OK : SN_ECONFLICT;
}

sn_err pool_member_leave(store *s, int64_t pool_id, int64_t share_id, const char *day,
			 const char *reason)
{
	return one_row(s, store_run(s,
		"UPDATE pool_shares SET left_on = ?, left_reason = ? "
		"WHERE id = ? AND pool_id = ? AND left_on IS NULL", "ttii", day, reason, share_id,
		pool_id));
}

sn_err pool_set_shares(store *s, int64_t pool_id, const int64_t *share_ids,
		       const int64_t *pence, size_t n, const char *day)
{
	int64_t open = 0;
	sn_err rc = store_one_i64(s, &open, "SELECT count(*) FROM pool_shares "
				  "WHERE pool_id = ? AND left_on IS NULL", "i", pool_id);
	if (rc)
		return rc;
	if ((size_t)open != n)
		return SN_ECONFLICT;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (share_ids[i] == share_ids[j])
				return SN_ECONFLICT;
	for (size_t i = 0; i < n && !rc; i++) {
		int64_t person = 0, now_pence = 0;
		rc = store_one_i64(s, &person, "SELECT person_id FROM pool_shares "
				   "WHERE id = ? AND pool_id = ? AND left_on IS NULL", "ii",
				   share_ids[i], pool_id);
		if (!rc)
			rc = store_one_i64(s, &now_pence, "SELECT weekly_share_pence FROM pool_shares "
					   "WHERE id = ?", "i", share_ids[i]);
		if (rc == SN_ENOTFOUND) /* not a current share of this pool */
			return SN_ECONFLICT;
		if (rc || now_pence == pence[i])
			continue;
		rc = pool_member_leave(s, pool_id, share_ids[i], day, POOL_REASON_NEW_SHARES);
		if (!rc)
			rc = store_run(s,
				"INSERT INTO pool_shares (pool_id, person_id, weekly_share_pence, joined_on) "
				"VALUES (?, ?, ?, ?)", "iiit", pool_id, person, pence[i], day);
	}
	return rc;
}

sn_err pool_close(store *s, int64_t pool_id, const char *day)
{
	sn_err rc = one_row(s, store_run(s,
		"UPDATE pools SET closed_on = ? WHERE id = ? AND closed_on IS NULL", "ti", day,
		pool_id));
	if (!rc)
		rc = store_run(s,
			"UPDATE pool_shares SET left_on = ?, left_reason = ? "
			"WHERE pool_id = ? AND left_on IS NULL", "tti", day, POOL_REASON_CLOSED, pool_id);
	return rc;
}

/* "%q%" for LIKE ... ESCAPE '!', q's own % _ and ! taken literally, in
 * lower case (ASCII). */
static char *like_pattern(arena *a, const char *q)
{
	char *out = arena_alloc(a, strlen(q) * 2 + 3), *o = out;
	*o++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '!')
			*o++ = '!';
		*o++ = (char)tolower((unsigned char)*p);
	}
	*o++ = '%';
	*o = 0;
	return out;
}

sn_err pool_caseload(store *s, int64_t user_id, int64_t pool_id, const char *q, arena *a,
		     pool_person **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT pe.uuid, pe.given_name, pe.family_name FROM relationships r "
		"JOIN people pe ON pe.id = r.person_id WHERE r.user_id = ? AND r.kind = 'worker' "
		"AND NOT EXISTS (SELECT 1 FROM pool_shares ps WHERE ps.pool_id = ? "
		"AND ps.person_id = pe.id AND ps.left_on IS NULL) "
		"AND (? = 0 OR lower(pe.given_name || ' ' || pe.family_name) LIKE ? ESCAPE '!') "
		"ORDER BY pe.family_name, pe.given_name, pe.id LIMIT 500",
		"iiit", user_id, pool_id, (int64_t)(q && *q), like_pattern(a, q ? q : ""));
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		pool_person *x = &(*rows)[(*n)++];
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 0));
		x->given_name = arena_strdup(a, store_col_text(st, 1));
		x->family_name = arena_strdup(a, store_col_text(st, 2));
	}
	store_done(st);
	return rc;
}

sn_err pool_memberships(store *s, int64_t person_id, arena *a, pool_membership **rows,
			size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.uuid, p.name, ps.weekly_share_pence, (SELECT count(*) FROM pool_shares o "
		"WHERE o.pool_id = p.id AND o.left_on IS NULL) FROM pool_shares ps "
		"JOIN pools p ON p.id = ps.pool_id WHERE ps.person_id = ? AND ps.left_on IS NULL "
		"AND p.closed_on IS NULL ORDER BY p.name, p.id LIMIT ?", "ii", person_id,
		(int64_t)POOL_LIST_MAX);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		pool_membership *x = &(*rows)[(*n)++];
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 0));
		x->name = arena_strdup(a, store_col_text(st, 1));
		x->weekly_share_pence = store_col_i64(st, 2);
		x->n_current = store_col_i64(st, 3);
	}
	store_done(st);
	return rc;
}

sn_err pool_demo_people(store *s, int64_t worker_id, size_t max, arena *a, int64_t **ids,
			size_t *n)
{
	*ids = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.id FROM people p JOIN relationships r ON r.person_id = p.id "
		"AND r.kind = 'worker' AND r.user_id = ? WHERE p.user_id IS NULL "
		"ORDER BY p.id LIMIT ?", "ii", worker_id, (int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = store_col_i64(st, 0);
	}
	store_done(st);
	return rc;
}
