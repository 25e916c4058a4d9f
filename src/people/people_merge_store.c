/* Duplicate person records in the store: the pairs kept for review and the
 * merge that keeps history (docs/security.md, "Merging records"). Every
 * statement of it is here. */
#include <stdio.h>
#include <string.h>

#include "people.h"

/* Every table with a person_id that REFERENCES people, apart from
 * relationships (merged by hand: a pair may be held by both) and
 * break_glass (a grant for one record, kept on the tombstone). A new
 * table that refers to people must be added here: the HTTP suite
 * (person-merge.test.mjs) compares this list with the migrations. */
static const char *const merge_tables[PEOPLE_MERGE_TABLES][2] = {
	{"intake_requests", "requests for an assessment"},
	{"assessments", "assessments"},
	{"financial_assessments", "financial assessments"},
	{"plans", "support plans"},
	{"reviews", "reviews"},
	{"pool_shares", "shares of pooled budgets"},
	{"dp_accounts", "direct-payment accounts"},
	{"referrals", "referrals"},
	{"fc_checklists", "First Contact checklists"},
	{"sp_gp_referrals", "social prescribing referrals"},
	{"sp_cases", "social prescribing cases"},
	{"sch_requests", "requests to neighbourhood schemes"},
	{"tb_members", "timebank memberships"},
};

sn_err people_dup_flag(store *s, int64_t person_id, int64_t candidate_id, const char *now)
{
	char uuid[37];
	uuid_v4(uuid);
	return store_run(s, "INSERT INTO people_duplicates (uuid, person_id, candidate_id, found_at) "
			    "VALUES (?, ?, ?, ?) ON CONFLICT (person_id, candidate_id) DO NOTHING",
			 "tiit", uuid, person_id, candidate_id, now);
}

#define DUP_COLS                                                                                   \
	"SELECT d.id, d.uuid, d.found_at, p.id, p.uuid, p.given_name, p.family_name, "             \
	"coalesce(p.date_of_birth, ''), coalesce(p.postcode, ''), c.id, c.uuid, c.given_name, "    \
	"c.family_name, coalesce(c.date_of_birth, ''), coalesce(c.postcode, ''), d.status "        \
	"FROM people_duplicates d JOIN people p ON p.id = d.person_id "                            \
	"JOIN people c ON c.id = d.candidate_id "

static void match_of(store_stmt *st, int col, arena *a, people_match_row *m)
{
	m->uuid = arena_strdup(a, store_col_text(st, col));
	m->given_name = arena_strdup(a, store_col_text(st, col + 1));
	m->family_name = arena_strdup(a, store_col_text(st, col + 2));
	m->date_of_birth = arena_strdup(a, store_col_text(st, col + 3));
	m->postcode = arena_strdup(a, store_col_text(st, col + 4));
	m->id = store_col_i64(st, col - 1);
}

static void dup_of(store_stmt *st, arena *a, people_dup_row *x)
{
	x->id = store_col_i64(st, 0);
	x->uuid = arena_strdup(a, store_col_text(st, 1));
	x->found_at = arena_strdup(a, store_col_text(st, 2));
	x->a_id = store_col_i64(st, 3);
	match_of(st, 4, a, &x->a);
	x->b_id = store_col_i64(st, 9);
	match_of(st, 10, a, &x->b);
}

/* The caller reaches person X (a column name) by a relationship or break glass. */
#define REACHES(x)                                                                                 \
	"(EXISTS (SELECT 1 FROM relationships r WHERE r.person_id = " x " AND r.user_id = ? "      \
	"AND (r.kind = 'named' OR ? = 1)) OR EXISTS (SELECT 1 FROM break_glass b "                 \
	"WHERE b.person_id = " x " AND b.user_id = ? AND b.expires_at > ?))"

sn_err people_dup_open_for(store *s, int64_t user_id, bool worker, int64_t now, size_t max,
			   arena *a, people_dup_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, DUP_COLS
		"WHERE d.status = 'open' AND p.merged_into IS NULL AND c.merged_into IS NULL "
		"AND " REACHES("p.id") " AND " REACHES("c.id") " ORDER BY d.id DESC LIMIT ?",
		"iiiiiiiii", user_id, (int64_t)worker, user_id, now, user_id, (int64_t)worker, user_id,
		now, (int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		dup_of(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err people_dup_open_count(store *s, int64_t *n)
{
	return store_one_i64(s, n,
		"SELECT count(*) FROM people_duplicates d "
		"JOIN people p ON p.id = d.person_id JOIN people c ON c.id = d.candidate_id "
		"WHERE d.status = 'open' AND p.merged_into IS NULL AND c.merged_into IS NULL", "");
}

sn_err people_dup_find(store *s, const char *uuid, arena *a, people_dup_row *out,
		       const char **status)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, DUP_COLS "WHERE d.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		dup_of(st, a, out);
		*status = arena_strdup(a, store_col_text(st, 15));
	}
	store_done(st);
	return rc;
}

sn_err people_dup_dismiss(store *s, int64_t id, int64_t user_id, const char *now)
{
	sn_err rc = store_run(s, "UPDATE people_duplicates SET status = 'dismissed', decided_by = ?, "
				 "decided_at = ? WHERE id = ? AND status = 'open'", "iti", user_id, now, id);
	return !rc && store_changes(s) != 1 ? SN_ECONFLICT : rc;
}

/* ---- merging ---- */

sn_err people_merge_counts(store *s, int64_t id, people_merge_count out[static PEOPLE_MERGE_TABLES],
			   int64_t *relationships)
{
	sn_err rc = store_one_i64(s, relationships,
				  "SELECT count(*) FROM relationships WHERE person_id = ?", "i", id);
	for (size_t i = 0; i < PEOPLE_MERGE_TABLES && !rc; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE person_id = ?", merge_tables[i][0]);
		out[i].table = merge_tables[i][0];
		out[i].words = merge_tables[i][1];
		rc = store_one_i64(s, &out[i].n, sql, "i", id);
	}
	return rc;
}

/* The two records' state: merged already (either), and their accounts. */
static sn_err merge_state(store *s, int64_t id, bool *merged, int64_t *user_id)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT merged_into IS NOT NULL, coalesce(user_id, 0) "
					"FROM people WHERE id = ?", "i", id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		*merged = store_col_i64(st, 0) != 0;
		*user_id = store_col_i64(st, 1);
	}
	store_done(st);
	return rc;
}

static sn_err move_account(store *s, int64_t dup, int64_t into, int64_t user_id)
{
	/* user_id is UNIQUE: off the duplicate first, then onto the survivor */
	sn_err rc = store_run(s, "UPDATE people SET user_id = NULL WHERE id = ?", "i", dup);
	if (!rc)
		rc = store_run(s, "UPDATE people SET user_id = ? WHERE id = ?", "ii", user_id, into);
	return rc;
}

/* Marks dup merged and touches into, each only while not merged: the
 * first statements of the merge, so that a merge of either running at the
 * same moment (PostgreSQL, READ COMMITTED) waits on these rows and then
 * finds them merged (SN_ECONFLICT) instead of merging twice. */
static sn_err lock_pair(store *s, int64_t dup, int64_t into, int64_t user_id, const char *now)
{
	sn_err rc = store_run(s, "UPDATE people SET merged_into = ?, merged_at = ?, merged_by = ?, "
				 "updated_at = ? WHERE id = ? AND merged_into IS NULL",
			      "ititi", into, now, user_id, now, dup);
	if (!rc && store_changes(s) != 1)
		return SN_ECONFLICT;
	rc = store_run(s, "UPDATE people SET updated_at = ? WHERE id = ? AND merged_into IS NULL", "ti",
		       now, into);
	return !rc && store_changes(s) != 1 ? SN_ECONFLICT : rc;
}

sn_err people_merge(store *s, int64_t dup, int64_t into, int64_t user_id, const char *now)
{
	if (dup == into)
		return SN_EINPUT;
	bool dup_merged = false, into_merged = false;
	int64_t dup_user = 0, into_user = 0;
	sn_err rc = merge_state(s, dup, &dup_merged, &dup_user);
	if (!rc)
		rc = merge_state(s, into, &into_merged, &into_user);
	if (rc)
		return rc;
	if (dup_merged || into_merged || (dup_user && into_user))
		return SN_ECONFLICT;
	rc = lock_pair(s, dup, into, user_id, now);
	if (!rc && dup_user)
		rc = move_account(s, dup, into, dup_user);
	if (!rc)
		rc = store_run(s, "DELETE FROM relationships WHERE person_id = ? AND EXISTS "
				  "(SELECT 1 FROM relationships k WHERE k.person_id = ? "
				  "AND k.user_id = relationships.user_id AND k.kind = relationships.kind)",
			       "ii", dup, into);
	if (!rc)
		rc = store_run(s, "UPDATE relationships SET person_id = ? WHERE person_id = ?", "ii",
			       into, dup);
	for (size_t i = 0; i < PEOPLE_MERGE_TABLES && !rc; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "UPDATE %s SET person_id = ? WHERE person_id = ?",
			 merge_tables[i][0]);
		rc = store_run(s, sql, "ii", into, dup);
	}
	/* The evidence figures' rows follow (activity.h); their monthly sums
	 * and people counts stay what they were. */
	if (!rc)
		rc = store_run(s, "UPDATE activity SET person_id = ? WHERE person_id = ?", "ii", into, dup);
	/* records merged into dup before now lead to into too */
	if (!rc)
		rc = store_run(s, "UPDATE people SET merged_into = ? WHERE merged_into = ? AND id <> ?", "iii",
			       into, dup, dup);
	if (!rc)
		rc = store_run(s, "UPDATE people_duplicates SET status = 'merged', decided_by = ?, "
				  "decided_at = ? WHERE status = 'open' AND ((person_id = ? "
				  "AND candidate_id = ?) OR (person_id = ? AND candidate_id = ?))",
			       "itiiii", user_id, now, dup, into, into, dup);
	return rc;
}
