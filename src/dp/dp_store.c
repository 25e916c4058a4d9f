/* Direct-payment accounts, ledger entries, imports, quarterly returns,
 * assistants and timesheets in the store: every statement of the dp
 * feature. Writes run inside the caller's write transaction, which the
 * caller audits; reads fill structs with strings in the caller's arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../activity/activity.h"
#include "dp_int.h"

/* ---- accounts ---- */

#define ACCOUNT_FIELDS                                                                             \
	"SELECT a.id, a.uuid, a.person_id, p.uuid, coalesce(a.plan_id, 0), a.nominee_name, "       \
	"a.opened_on, coalesce(a.closed_on, ''), a.underspend_percent, a.underspend_weeks, "       \
	"coalesce(a.balance_cap_pence, -1)"
#define ACCOUNT_COLS ACCOUNT_FIELDS " FROM dp_accounts a JOIN people p ON p.id = a.person_id "

static void account_row(store_stmt *st, arena *a, dp_account *x)
{
	memset(x, 0, sizeof *x);
	x->id = store_col_i64(st, 0);
	snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 1));
	x->person_id = store_col_i64(st, 2);
	snprintf(x->person_uuid, sizeof x->person_uuid, "%s", store_col_text(st, 3));
	x->plan_id = store_col_i64(st, 4);
	x->nominee_name = arena_strdup(a, store_col_text(st, 5));
	snprintf(x->opened_on, sizeof x->opened_on, "%s", store_col_text(st, 6));
	snprintf(x->closed_on, sizeof x->closed_on, "%s", store_col_text(st, 7));
	x->settings.underspend_percent = store_col_i64(st, 8);
	x->settings.underspend_weeks = store_col_i64(st, 9);
	int64_t cap = store_col_i64(st, 10);
	x->settings.has_cap = cap >= 0;
	x->settings.cap_pence = cap >= 0 ? cap : 0;
}

sn_err dp_account_open(store *s, const dp_account_new *n, int64_t by_user, const char *now,
		       char uuid[static 37], int64_t *id)
{
	dp_settings set = n->settings;
	if (!set.underspend_percent)
		set.underspend_percent = 20;
	if (!set.underspend_weeks)
		set.underspend_weeks = 12;
	int64_t day;
	const char *nominee = n->nominee_name ? n->nominee_name : "";
	if (set.underspend_percent < 1 || set.underspend_percent > 100 ||
	    set.underspend_weeks < 1 || set.underspend_weeks > 104 ||
	    (set.has_cap && (set.cap_pence < 0 || set.cap_pence > DP_AMOUNT_MAX_PENCE)) ||
	    dp_date_days(n->opened_on, &day) || strlen(nominee) > 200)
		return SN_EINPUT;
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO dp_accounts (uuid, person_id, plan_id, holder, nominee_name, opened_on, "
		"underspend_percent, underspend_weeks, balance_cap_pence, created_by, created_at) "
		"VALUES (?, ?, NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?, ?, "
		"NULLIF(CAST(? AS BIGINT), -1), ?, ?) RETURNING id",
		"tii" "ttt" "iii" "it", uuid, n->person_id, n->plan_id,
		*nominee ? "nominee" : "person", nominee, n->opened_on, set.underspend_percent,
		set.underspend_weeks, set.has_cap ? set.cap_pence : (int64_t)-1, by_user, now);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

sn_err dp_account_find(store *s, const char *key, arena *a, dp_account *out)
{
	int64_t id = 0;
	bool by_id = key && all_digits(key);
	if (!key || (by_id && str_to_i64(key, 1, INT64_MAX, &id)) || (!by_id && !str_is_uuid(key)))
		return SN_ENOTFOUND;
	store_stmt *st = NULL;
	sn_err rc = by_id ? store_query(s, &st, ACCOUNT_COLS "WHERE a.id = ?", "i", id)
			  : store_query(s, &st, ACCOUNT_COLS "WHERE a.uuid = ?", "t", key);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		account_row(st, a, out);
	store_done(st);
	return rc;
}

sn_err dp_accounts_of_person(store *s, int64_t person_id, arena *a, dp_account **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, ACCOUNT_COLS "WHERE a.person_id = ? ORDER BY a.id DESC", "i",
				person_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		account_row(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err dp_accounts_of_worker(store *s, int64_t user_id, arena *a, dp_caseload_account **rows,
			     size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, ACCOUNT_FIELDS ", p.given_name || ' ' || p.family_name "
		"FROM dp_accounts a JOIN people p ON p.id = a.person_id "
		"JOIN relationships r ON r.person_id = a.person_id AND r.kind = 'worker' "
		"WHERE r.user_id = ? AND a.closed_on IS NULL "
		"ORDER BY p.family_name, p.given_name, a.id", "i", user_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		dp_caseload_account *x = &(*rows)[(*n)++];
		account_row(st, a, &x->acct);
		x->person_name = arena_strdup(a, store_col_text(st, 11));
	}
	store_done(st);
	return rc;
}

/* ---- entries ---- */

static bool line_ok(const char *l)
{
	size_t n = strlen(l);
	return n <= DP_LINE_ID_MAX && strspn(l, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static sn_err entry_insert(store *s, int64_t account_id, const dp_entry *e, int64_t import_id,
			   const char *fingerprint, const char *by, const char *now, int64_t *id)
{
	sn_err rc = store_one_i64(s, id,
		"INSERT INTO dp_entries (account_id, on_date, kind, amount_pence, description, "
		"plan_line, corrects, import_id, fingerprint, created_by, created_at) VALUES "
		"(?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0), NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?) "
		"RETURNING id", "itt" "itt" "ii" "ttt", account_id, e->on_date, dp_kind_key(e->kind), e->amount_pence,
		e->description ? e->description : "", e->plan_line, e->corrects, import_id,
		fingerprint ? fingerprint : "", by, now);
	/* The evidence figures (activity.h): spend, on the day it was spent. */
	int64_t person = 0;
	if (!rc && e->kind == DP_SPEND)
		rc = store_one_i64(s, &person, "SELECT person_id FROM dp_accounts WHERE id = ?", "i", account_id);
	if (!rc && e->kind == DP_SPEND)
		rc = activity_add(s, ACT_DP_SPEND, "", person, e->on_date, -e->amount_pence);
	return rc;
}

sn_err dp_entry_add(store *s, int64_t account_id, const dp_entry *e, const char *by,
		    const char *now, int64_t *id)
{
	int64_t day, v = e->amount_pence;
	bool sign_ok = e->kind == DP_PAYMENT_IN || e->kind == DP_REFUND ? v > 0
		       : e->kind == DP_SPEND || e->kind == DP_RECLAIM  ? v < 0
		       : e->kind == DP_CORRECTION                      ? v != 0 && e->corrects > 0
								       : false;
	if (!sign_ok || dp_date_days(e->on_date, &day) || v > DP_AMOUNT_MAX_PENCE ||
	    v < -DP_AMOUNT_MAX_PENCE || !line_ok(e->plan_line) ||
	    (e->description && strlen(e->description) > DP_DESC_MAX * 4))
		return SN_EINPUT;
	if (e->corrects) {
		int64_t one = 0;
		sn_err rc = store_one_i64(s, &one, "SELECT 1 FROM dp_entries WHERE id = ? AND "
					  "account_id = ?", "ii", e->corrects, account_id);
		if (rc)
			return rc == SN_ENOTFOUND ? SN_EINPUT : rc;
	}
	int64_t got = 0;
	sn_err rc = entry_insert(s, account_id, e, 0, "", by, now, &got);
	if (!rc && id)
		*id = got;
	return rc;
}

sn_err dp_entries(store *s, int64_t account_id, arena *a, dp_entry **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT id, on_date, kind, amount_pence, description, plan_line, "
		"coalesce(corrects, 0), coalesce(import_id, 0), fingerprint FROM dp_entries "
		"WHERE account_id = ? ORDER BY on_date, id", "i", account_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		dp_entry *x = &(*rows)[(*n)++];
		memset(x, 0, sizeof *x);
		x->id = store_col_i64(st, 0);
		snprintf(x->on_date, sizeof x->on_date, "%s", store_col_text(st, 1));
		x->kind = dp_kind_parse(store_col_text(st, 2));
		x->amount_pence = store_col_i64(st, 3);
		x->description = arena_strdup(a, store_col_text(st, 4));
		snprintf(x->plan_line, sizeof x->plan_line, "%s", store_col_text(st, 5));
		x->corrects = store_col_i64(st, 6);
		x->import_id = store_col_i64(st, 7);
		x->fingerprint = arena_strdup(a, store_col_text(st, 8));
	}
	store_done(st);
	if (!rc)
		dp_ledger_order(*rows, *n); /* the order is already right: this fills balances */
	return rc;
}

sn_err dp_fingerprints(store *s, int64_t account_id, arena *a, const char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT fingerprint FROM dp_entries WHERE account_id = ? "
				"AND fingerprint <> ''", "i", account_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*out = arena_grow(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = arena_strdup(a, store_col_text(st, 0));
	}
	store_done(st);
	return rc;
}

sn_err dp_fingerprint_known(store *s, int64_t account_id, const char *fp, bool *known)
{
	int64_t one = 0;
	sn_err rc = store_one_i64(s, &one, "SELECT 1 FROM dp_entries WHERE account_id = ? AND "
				  "fingerprint = ? LIMIT 1", "it", account_id, fp);
	*known = rc == SN_OK;
	return rc == SN_ENOTFOUND ? SN_OK : rc;
}

sn_err dp_import_write(store *s, int64_t account_id, const dp_statement *st,
		       const dp_import_meta *m, int64_t *import_id, int64_t *added)
{
	*added = 0;
	int64_t dups = 0;
	for (size_t i = 0; i < st->n_rows; i++)
		dups += st->rows[i].duplicate;
	json_t *mj = dp_mapping_to_json(&st->map);
	char *mapping = json_dumps(mj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(mj);
	sn_err rc = store_one_i64(s, import_id,
		"INSERT INTO dp_imports (account_id, file_name, file_sha256, mapping, rows_added, "
		"rows_duplicate, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id", "itt" "tii" "tt", account_id, m->file_name ? m->file_name : "",
		st->sha256, mapping ? mapping : "{}", (int64_t)st->n_rows - dups, dups, m->by, m->now);
	free(mapping);
	for (size_t i = 0; i < st->n_rows && !rc; i++) {
		const dp_row *r = &st->rows[i];
		if (r->duplicate)
			continue;
		dp_entry e = {.kind = r->amount_pence > 0 ? DP_PAYMENT_IN : DP_SPEND,
			      .amount_pence = r->amount_pence,
			      .description = r->description};
		memcpy(e.on_date, r->on_date, sizeof e.on_date);
		memcpy(e.plan_line, r->line, sizeof e.plan_line);
		int64_t eid = 0;
		rc = entry_insert(s, account_id, &e, *import_id, r->fingerprint, m->by, m->now, &eid);
		if (!rc)
			(*added)++;
	}
	return rc;
}

sn_err dp_import_get(store *s, int64_t account_id, int64_t import_id, arena *a, dp_import_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT id, file_name, file_sha256, imported_by, imported_at, rows_added, "
		"rows_duplicate FROM dp_imports WHERE id = ? AND account_id = ?", "ii", import_id,
		account_id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		out->id = store_col_i64(st, 0);
		out->file_name = arena_strdup(a, store_col_text(st, 1));
		out->file_sha256 = arena_strdup(a, store_col_text(st, 2));
		out->imported_by = arena_strdup(a, store_col_text(st, 3));
		out->imported_at = arena_strdup(a, store_col_text(st, 4));
		out->rows_added = store_col_i64(st, 5);
		out->rows_duplicate = store_col_i64(st, 6);
	}
	store_done(st);
	return rc;
}

/* ---- quarterly returns ---- */

sn_err dp_return_submit(store *s, int64_t account_id, const dp_quarter *q, const char *statement,
			int64_t by_user, const char *now, int64_t *id)
{
	if (statement && strlen(statement) > 4000)
		return SN_EINPUT;
	int64_t one = 0;
	sn_err rc = store_one_i64(s, &one, "SELECT 1 FROM dp_returns WHERE account_id = ? AND "
				  "quarter_start = ?", "it", account_id, q->start);
	if (rc != SN_ENOTFOUND)
		return rc ? rc : SN_ECONFLICT;
	json_t *tj = dp_quarter_to_json(q);
	char *totals = json_dumps(tj, JSON_COMPACT);
	json_decref(tj);
	rc = store_one_i64(s, id,
		"INSERT INTO dp_returns (account_id, quarter_start, totals, statement, submitted_by, "
		"submitted_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "itt" "tit", account_id,
		q->start, totals ? totals : "{}", statement ? statement : "", by_user, now);
	free(totals);
	return rc;
}

sn_err dp_returns(store *s, int64_t account_id, arena *a, dp_return_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT id, quarter_start, totals, statement, submitted_by, submitted_at "
		"FROM dp_returns WHERE account_id = ? ORDER BY quarter_start DESC", "i", account_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		dp_return_row *x = &(*rows)[(*n)++];
		x->id = store_col_i64(st, 0);
		snprintf(x->quarter_start, sizeof x->quarter_start, "%s", store_col_text(st, 1));
		x->totals = arena_strdup(a, store_col_text(st, 2));
		x->statement = arena_strdup(a, store_col_text(st, 3));
		x->submitted_by = store_col_i64(st, 4);
		x->submitted_at = arena_strdup(a, store_col_text(st, 5));
	}
	store_done(st);
	return rc;
}

/* ---- assistants and timesheets ---- */

sn_err dp_assistant_add(store *s, int64_t account_id, const dp_assistant *pa, int64_t *id)
{
	char why[128];
	if (dp_assistant_check(pa, why, sizeof why))
		return SN_EINPUT;
	return store_one_i64(s, id,
		"INSERT INTO dp_assistants (account_id, name, hourly_rate_pence, "
		"contracted_minutes_week, holiday_minutes_year, started_on, ended_on) "
		"VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, '')) RETURNING id", "iti" "iit" "t", account_id,
		pa->name, pa->hourly_rate_pence, pa->contracted_minutes_week, pa->holiday_minutes_year,
		pa->started_on, pa->ended_on);
}

sn_err dp_assistants(store *s, int64_t account_id, arena *a, dp_assistant **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT id, name, hourly_rate_pence, contracted_minutes_week, holiday_minutes_year, "
		"started_on, coalesce(ended_on, '') FROM dp_assistants WHERE account_id = ? "
		"ORDER BY id", "i", account_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		dp_assistant *x = &(*rows)[(*n)++];
		memset(x, 0, sizeof *x);
		x->id = store_col_i64(st, 0);
		x->name = arena_strdup(a, store_col_text(st, 1));
		x->hourly_rate_pence = store_col_i64(st, 2);
		x->contracted_minutes_week = store_col_i64(st, 3);
		x->holiday_minutes_year = store_col_i64(st, 4);
		snprintf(x->started_on, sizeof x->started_on, "%s", store_col_text(st, 5));
		snprintf(x->ended_on, sizeof x->ended_on, "%s", store_col_text(st, 6));
	}
	store_done(st);
	return rc;
}

sn_err dp_timesheet_put(store *s, int64_t assistant_id, const dp_timesheet *t, int64_t by_user,
			const char *now)
{
	char why[128];
	if (dp_timesheet_check(t, why, sizeof why))
		return SN_EINPUT;
	return store_run(s,
		"INSERT INTO dp_timesheets (assistant_id, week_start, worked_minutes, holiday_minutes, "
		"gross_pence, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (assistant_id, week_start) DO UPDATE SET "
		"worked_minutes = excluded.worked_minutes, holiday_minutes = excluded.holiday_minutes, "
		"gross_pence = excluded.gross_pence, recorded_by = excluded.recorded_by, "
		"recorded_at = excluded.recorded_at", "iti" "iii" "t", assistant_id, t->week_start,
		t->worked_minutes, t->holiday_minutes, t->gross_pence, by_user, now);
}

sn_err dp_timesheets(store *s, int64_t assistant_id, arena *a, dp_timesheet **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT week_start, worked_minutes, holiday_minutes, gross_pence FROM dp_timesheets "
		"WHERE assistant_id = ? ORDER BY week_start", "i", assistant_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		dp_timesheet *x = &(*rows)[(*n)++];
		snprintf(x->week_start, sizeof x->week_start, "%s", store_col_text(st, 0));
		x->worked_minutes = store_col_i64(st, 1);
		x->holiday_minutes = store_col_i64(st, 2);
		x->gross_pence = store_col_i64(st, 3);
	}
	store_done(st);
	return rc;
}
