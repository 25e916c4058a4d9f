/* The timebank's ledger in the store (tb_store.h): transfers and their
 * entries (only ever inserted: the tables refuse UPDATE and DELETE),
 * balances as sums, statements, the verification walk, reports, the bank
 * and its partners. */
#include <stdio.h>
#include <string.h>

#include "tb_store.h"

static const char *dup(arena *a, store_stmt *st, int i) { return arena_strdup(a, store_col_text(st, i)); }
static void id_of(store_stmt *st, int i, char out[static 37]) { snprintf(out, 37, "%s", store_col_text(st, i)); }

sn_err tb_account_lock(store *s, int64_t account_id)
{
	return store_run(s, "UPDATE tb_accounts SET version = version + 1 WHERE id = ?", "i", account_id);
}

sn_err tb_balance(store *s, int64_t account_id, int64_t *out)
{
	return store_one_i64(s, out, "SELECT coalesce(sum(minutes), 0) FROM tb_entries WHERE account_id = ?", "i",
			     account_id);
}

sn_err tb_transfer_write(store *s, const tb_transfer_new *t, const tb_entry *e, size_t n, char uuid[static 37],
			 int64_t *id)
{
	if (!tb_balanced(e, n))
		return SN_EINPUT;
	if (!uuid[0])
		uuid_v4(uuid);
	int64_t seen = 0;
	sn_err rc = SN_OK;
	if (t->reverses_id)
		rc = store_one_i64(s, &seen, "SELECT count(*) FROM tb_transfers WHERE reverses_id = ?", "i",
				   t->reverses_id);
	if (!rc && t->remote_uuid)
		rc = store_one_i64(s, &seen, "SELECT count(*) FROM tb_transfers WHERE partner_id = ? AND remote_uuid = ?",
				   "it", t->partner_id, t->remote_uuid);
	if (!rc && seen)
		return SN_ECONFLICT;
	if (!rc)
		rc = store_one_i64(s, id,
			"INSERT INTO tb_transfers (uuid, kind, reverses_id, category_id, done_on, description, reason, "
			"partner_id, remote_uuid, remote_member, created_by, created_at) VALUES (?, ?, nullif(?, 0), "
			"nullif(?, 0), ?, ?, ?, nullif(?, 0), ?, ?, nullif(?, 0), ?) RETURNING id", "ttiitttittit", uuid,
			t->kind, t->reverses_id, t->category_id, t->done_on, t->description ? t->description : "",
			t->reason ? t->reason : "", t->partner_id, t->remote_uuid, t->remote_member, t->created_by, t->now);
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_run(s, "INSERT INTO tb_entries (transfer_id, account_id, minutes) VALUES (?, ?, ?)", "iii",
			       *id, e[i].account, e[i].minutes);
	return rc;
}

/* The name of an account's owner: a member's first name, a partner bank's name. */
#define OWNER_NAME                                                                                         \
	"coalesce(p.given_name, o.name, 'Inter-bank account: ' || pb.name) FROM tb_accounts a "              \
	"LEFT JOIN tb_members m ON m.id = a.member_id LEFT JOIN people p ON p.id = m.person_id "             \
	"LEFT JOIN dir_organizations o ON o.id = m.org_id LEFT JOIN tb_partners pb ON pb.id = a.partner_id "

static sn_err transfer_entries(store *s, arena *a, tb_transfer *t)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT e.account_id, e.minutes, " OWNER_NAME
				"JOIN tb_entries e ON e.account_id = a.id WHERE e.transfer_id = ? ORDER BY e.id", "i", t->id);
	if (rc)
		return rc;
	t->n = 0;
	while (store_next(st, &rc)) {
		if (t->n == SN_ARRAY_LEN(t->entries))
			continue;
		t->entries[t->n] = (tb_entry){store_col_i64(st, 0), store_col_i64(st, 1)};
		t->names[t->n++] = dup(a, st, 2);
	}
	store_done(st);
	return rc;
}

#define TRANSFER_COLS                                                                                      \
	"SELECT t.id, t.uuid, t.kind, coalesce(t.reverses_id, 0), coalesce(t.partner_id, 0), "               \
	"coalesce(t.category_id, 0), coalesce(c.label, ''), t.done_on, t.description, t.reason, t.created_at, " \
	"coalesce((SELECT v.uuid FROM tb_transfers v WHERE v.reverses_id = t.id), '') "                      \
	"FROM tb_transfers t LEFT JOIN tb_categories c ON c.id = t.category_id "

static void transfer_read(store_stmt *st, arena *a, tb_transfer *t)
{
	memset(t, 0, sizeof *t);
	t->id = store_col_i64(st, 0);
	id_of(st, 1, t->uuid);
	t->kind = dup(a, st, 2);
	t->reverses_id = store_col_i64(st, 3);
	t->partner_id = store_col_i64(st, 4);
	t->category_id = store_col_i64(st, 5);
	t->category = dup(a, st, 6);
	t->done_on = dup(a, st, 7);
	t->description = dup(a, st, 8);
	t->reason = dup(a, st, 9);
	t->created_at = dup(a, st, 10);
	id_of(st, 11, t->reversed_by);
}

sn_err tb_transfer_find(store *s, const char *uuid, arena *a, tb_transfer *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, TRANSFER_COLS "WHERE t.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		transfer_read(st, a, out);
	store_done(st);
	return rc ? rc : transfer_entries(s, a, out);
}

sn_err tb_transfers_of(store *s, int64_t account_id, int64_t limit, arena *a, tb_transfer **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, TRANSFER_COLS "WHERE t.id IN (SELECT e.transfer_id FROM tb_entries e "
				"WHERE e.account_id = ?) ORDER BY t.id DESC LIMIT ?", "ii", account_id, limit);
	if (rc)
		return rc;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		transfer_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	for (size_t i = 0; i < *n && !rc; i++)
		rc = transfer_entries(s, a, &(*rows)[i]);
	return rc;
}

sn_err tb_statement(store *s, int64_t account_id, int64_t limit, int64_t offset, arena *a, tb_line **rows,
		    size_t *n, int64_t *total)
{
	*rows = NULL;
	*n = 0;
	int64_t balance = 0, newer = 0;
	sn_err rc = store_one_i64(s, total, "SELECT count(*) FROM tb_entries WHERE account_id = ?", "i", account_id);
	if (!rc)
		rc = tb_balance(s, account_id, &balance);
	if (!rc)
		rc = store_one_i64(s, &newer, "SELECT coalesce(sum(minutes), 0) FROM (SELECT minutes FROM tb_entries "
				   "WHERE account_id = ? ORDER BY id DESC LIMIT ?) k", "ii", account_id, offset);
	store_stmt *st = NULL;
	/* the other side: the first entry of the transfer on another account */
	if (!rc)
		rc = store_query(s, &st,
			"SELECT e.minutes, t.uuid, t.kind, t.done_on, t.description, coalesce(c.label, ''), t.reason, "
			"CASE WHEN EXISTS (SELECT 1 FROM tb_transfers v WHERE v.reverses_id = t.id) THEN 1 ELSE 0 END, "
			"coalesce((SELECT " OWNER_NAME "JOIN tb_entries f ON f.account_id = a.id WHERE f.transfer_id = "
			"e.transfer_id AND f.account_id <> e.account_id ORDER BY f.id LIMIT 1), '') "
			"FROM tb_entries e JOIN tb_transfers t ON t.id = e.transfer_id "
			"LEFT JOIN tb_categories c ON c.id = t.category_id "
			"WHERE e.account_id = ? ORDER BY e.id DESC LIMIT ? OFFSET ?", "iii", account_id, limit, offset);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		tb_line *l = &(*rows)[(*n)++];
		memset(l, 0, sizeof *l);
		l->minutes = store_col_i64(st, 0);
		id_of(st, 1, l->transfer_uuid);
		l->kind = dup(a, st, 2);
		l->done_on = dup(a, st, 3);
		l->description = dup(a, st, 4);
		l->category = dup(a, st, 5);
		l->reason = dup(a, st, 6);
		l->reversed = store_col_i64(st, 7) != 0;
		l->other = dup(a, st, 8);
	}
	store_done(st);
	if (rc || !*n)
		return rc;
	int64_t *m = arena_alloc(a, *n * sizeof *m), *after = arena_alloc(a, *n * sizeof *after);
	for (size_t i = 0; i < *n; i++)
		m[i] = (*rows)[i].minutes;
	tb_running(balance - newer, m, *n, after);
	for (size_t i = 0; i < *n; i++)
		(*rows)[i].balance_after = after[i];
	return SN_OK;
}

sn_err tb_verify(store *s, tb_walk *w, char bad_uuid[static 37])
{
	tb_walk_init(w);
	bad_uuid[0] = 0;
	store_stmt *st = NULL;
	/* every transfer with its entries (one row with no entry for a
	 * transfer that has none), then entries whose transfer is not there */
	sn_err rc = store_query(s, &st,
		"SELECT t.id, 1, CASE WHEN e.id IS NULL THEN 0 ELSE 1 END, coalesce(e.minutes, 0) "
		"FROM tb_transfers t LEFT JOIN tb_entries e ON e.transfer_id = t.id "
		"UNION ALL SELECT e.transfer_id, 0, 1, e.minutes FROM tb_entries e "
		"WHERE NOT EXISTS (SELECT 1 FROM tb_transfers t WHERE t.id = e.transfer_id) ORDER BY 1", "");
	if (rc)
		return rc;
	sn_err order = SN_OK;
	while (store_next(st, &rc))
		if (!order)
			order = tb_walk_row(w, store_col_i64(st, 0), store_col_i64(st, 1) != 0,
					    store_col_i64(st, 2) != 0, store_col_i64(st, 3));
	store_done(st);
	if (!rc)
		rc = order;
	if (rc)
		return rc;
	tb_walk_end(w);
	if (w->fault == TB_FAULT_NONE || w->fault == TB_FAULT_TOTAL)
		return SN_OK;
	st = NULL;
	rc = store_query(s, &st, "SELECT uuid FROM tb_transfers WHERE id = ?", "i", w->bad_id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		id_of(st, 0, bad_uuid);
	store_done(st);
	return rc;
}

/* ---- reports ---- */

/* Confirmed exchanges whose transfer was not reversed. */
#define COUNTED_WHERE                                                                                      \
	"x.status = 'confirmed' AND x.done_on >= ? AND x.done_on < ? "                                      \
	"AND NOT EXISTS (SELECT 1 FROM tb_transfers v WHERE v.reverses_id = x.transfer_id) "

static sn_err report_counts(store *s, const char *sql, const char *from, const char *to, arena *a,
			   tb_report_row **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, sql, "tt", from, to);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		tb_report_row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->label = dup(a, st, 0);
		r->exchanges = store_col_i64(st, 1);
		r->minutes = store_col_i64(st, 2);
	}
	store_done(st);
	return rc;
}

sn_err tb_report(store *s, bool by_month, const char *from, const char *to, arena *a, tb_report_row **rows,
		 size_t *n, int64_t *members_all)
{
	*rows = NULL;
	*n = 0;
	*members_all = 0;
	/* the same key, label and order in both statements */
	const char *key = by_month ? "substr(x.done_on, 1, 7)" : "c.label";
	const char *order = by_month ? "1" : "min(c.position)";
	const char *join = "JOIN tb_categories c ON c.id = x.category_id ";
	sn_err rc = report_counts(s, arena_printf(a, "SELECT %s, count(*), sum(x.minutes) FROM tb_exchanges x %s"
		"WHERE %s GROUP BY %s ORDER BY %s, 1", key, join, COUNTED_WHERE, key, order), from, to, a, rows, n);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, arena_printf(a, "SELECT k.key, count(DISTINCT k.member) FROM (SELECT %s AS key, "
			"x.giver_id AS member FROM tb_exchanges x %sWHERE %s UNION ALL SELECT %s, x.receiver_id "
			"FROM tb_exchanges x %sWHERE %s) k GROUP BY k.key", key, join, COUNTED_WHERE, key, join,
			COUNTED_WHERE), "tttt", from, to, from, to);
	if (rc)
		return rc;
	while (store_next(st, &rc))
		for (size_t i = 0; i < *n; i++)
			if (str_eq((*rows)[i].label, store_col_text(st, 0)))
				(*rows)[i].members = store_col_i64(st, 1);
	store_done(st);
	if (!rc)
		rc = store_one_i64(s, members_all, arena_printf(a, "SELECT count(DISTINCT k.member) FROM (SELECT "
			"x.giver_id AS member FROM tb_exchanges x WHERE %s UNION ALL SELECT x.receiver_id "
			"FROM tb_exchanges x WHERE %s) k", COUNTED_WHERE, COUNTED_WHERE), "tttt", from, to, from, to);
	return rc;
}

/* ---- the bank and its partners ---- */

sn_err tb_bank_get(store *s, arena *a, const char **code, const char **name)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT code, name FROM tb_bank WHERE id = 1", "");
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		*code = dup(a, st, 0);
		*name = dup(a, st, 1);
	}
	store_done(st);
	return rc;
}

sn_err tb_bank_set(store *s, const char *code, const char *name, const char *now)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n,
		"SELECT (SELECT count(*) FROM tb_transfers WHERE partner_id IS NOT NULL AND "
		"(SELECT code FROM tb_bank WHERE id = 1) <> ?) + (SELECT count(*) FROM tb_partners WHERE code = ?)",
		"tt", code, code);
	if (!rc && n)
		return SN_ECONFLICT;
	return rc ? rc : store_run(s, "UPDATE tb_bank SET code = ?, name = ?, updated_at = ? WHERE id = 1", "ttt", code,
				   name, now);
}

sn_err tb_partner_put(store *s, const char *code, const char *name, const char *now, char uuid[static 37])
{
	int64_t own = 0, id = 0;
	sn_err rc = store_one_i64(s, &own, "SELECT count(*) FROM tb_bank WHERE code = ?", "t", code);
	if (!rc && own)
		return SN_ECONFLICT;
	if (!uuid[0])
		uuid_v4(uuid);
	if (!rc)
		rc = store_one_i64(s, &id, "INSERT INTO tb_partners (uuid, code, name, created_at) VALUES (?, ?, ?, ?) "
				   "ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id", "tttt", uuid, code,
				   name, now);
	char acct[37];
	snprintf(acct, sizeof acct, "%s", uuid);
	acct[14] = 'b';
	if (!rc)
		rc = store_run(s, "INSERT INTO tb_accounts (uuid, kind, partner_id, created_at) VALUES (?, 'interbank', ?, ?) "
			       "ON CONFLICT (partner_id) DO NOTHING", "tit", acct, id, now);
	return rc;
}

#define PARTNER_COLS                                                                                       \
	"SELECT p.id, p.uuid, p.code, p.name, a.id, "                                                        \
	"coalesce((SELECT sum(e.minutes) FROM tb_entries e WHERE e.account_id = a.id), 0) "                  \
	"FROM tb_partners p JOIN tb_accounts a ON a.partner_id = p.id "

static void partner_read(store_stmt *st, arena *a, tb_partner *p)
{
	p->id = store_col_i64(st, 0);
	id_of(st, 1, p->uuid);
	p->code = dup(a, st, 2);
	p->name = dup(a, st, 3);
	p->account_id = store_col_i64(st, 4);
	p->balance = store_col_i64(st, 5);
}

sn_err tb_partners(store *s, arena *a, tb_partner **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PARTNER_COLS "ORDER BY p.name, p.id", "");
	if (rc)
		return rc;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		partner_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err tb_partner_by_code(store *s, const char *code, arena *a, tb_partner *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, PARTNER_COLS "WHERE p.code = ?", "t", code);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		partner_read(st, a, out);
	store_done(st);
	return rc;
}

sn_err tb_interbank_out(store *s, int64_t partner_id, arena *a, tb_ib_transfer **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	/* the member's entry is the negative one: they pay the minutes out */
	sn_err rc = store_query(s, &st,
		"SELECT t.uuid, m.uuid, t.remote_member, -e.minutes, c.key, t.done_on, t.description "
		"FROM tb_transfers t JOIN tb_entries e ON e.transfer_id = t.id AND e.minutes < 0 "
		"JOIN tb_accounts a ON a.id = e.account_id JOIN tb_members m ON m.id = a.member_id "
		"JOIN tb_categories c ON c.id = t.category_id "
		"WHERE t.kind = 'interbank_out' AND t.partner_id = ? ORDER BY t.id LIMIT ?", "ii", partner_id,
		(int64_t)TB_FILE_TRANSFERS_MAX + 1);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		if (*n == TB_FILE_TRANSFERS_MAX) {
			rc = SN_ETOOBIG;
			break;
		}
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		tb_ib_transfer *t = &(*rows)[(*n)++];
		memset(t, 0, sizeof *t);
		id_of(st, 0, t->uuid);
		id_of(st, 1, t->from_member);
		id_of(st, 2, t->to_member);
		t->minutes = store_col_i64(st, 3);
		snprintf(t->category, sizeof t->category, "%s", store_col_text(st, 4));
		snprintf(t->done_on, sizeof t->done_on, "%s", store_col_text(st, 5));
		snprintf(t->description, sizeof t->description, "%s", store_col_text(st, 6));
	}
	store_done(st);
	return rc;
}

sn_err tb_imported(store *s, int64_t partner_id, const char *remote_uuid, bool *yes)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM tb_transfers WHERE partner_id = ? AND remote_uuid = ?",
				  "it", partner_id, remote_uuid);
	*yes = n > 0;
	return rc;
}
