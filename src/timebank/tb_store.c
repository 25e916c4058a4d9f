/* The timebank in the store (tb_store.h): members, categories, offers and
 * needs, contact requests and exchanges. The ledger is in
 * tb_ledger_store.c. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "tb_store.h"

static const char *dup(arena *a, store_stmt *st, int i) { return arena_strdup(a, store_col_text(st, i)); }
static void id_of(store_stmt *st, int i, char out[static 37]) { snprintf(out, 37, "%s", store_col_text(st, i)); }
static void fresh(char uuid[static 37])
{
	if (!uuid[0])
		uuid_v4(uuid);
}

/* Reads rows with fn into a growing array of size-byte items. */
typedef void (*row_fn)(store_stmt *st, arena *a, void *item);
static sn_err rows_of(store_stmt *st, arena *a, row_fn fn, size_t size, void **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, size);
		fn(st, a, (char *)*rows + (*n)++ * size);
	}
	store_done(st);
	return rc;
}

static sn_err one_of(store_stmt *st, arena *a, row_fn fn, void *out)
{
	bool row = false;
	sn_err rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		fn(st, a, out);
	store_done(st);
	return rc;
}

/* ---- members ---- */

#define MEMBER_COLS                                                                                        \
	"SELECT m.id, m.uuid, m.kind, coalesce(m.person_id, 0), coalesce(m.org_id, 0), a.id, "                   \
	"coalesce(m.locality_id, 0), CASE WHEN m.credit_limit IS NULL THEN 0 ELSE 1 END, "                   \
	"coalesce(m.credit_limit, 0), coalesce(p.uuid, ''), coalesce(o.uuid, ''), "                          \
	"coalesce(p.given_name, o.name), coalesce(p.given_name || ' ' || p.family_name, o.name), "          \
	"coalesce(l.name, ''), m.joined_at, "                                                                \
	"coalesce((SELECT sum(e.minutes) FROM tb_entries e WHERE e.account_id = a.id), 0), "                 \
	"coalesce((SELECT max(x.done_on) FROM tb_exchanges x WHERE x.status = 'confirmed' "                   \
	"AND (x.giver_id = m.id OR x.receiver_id = m.id)), '') "                                             \
	"FROM tb_members m JOIN tb_accounts a ON a.member_id = m.id "                                        \
	"LEFT JOIN people p ON p.id = m.person_id LEFT JOIN dir_organizations o ON o.id = m.org_id "        \
	"LEFT JOIN localities l ON l.id = m.locality_id "

static void member_read(store_stmt *st, arena *a, void *item)
{
	tb_member *m = item;
	memset(m, 0, sizeof *m);
	m->id = store_col_i64(st, 0);
	id_of(st, 1, m->uuid);
	m->kind = dup(a, st, 2);
	m->person_id = store_col_i64(st, 3);
	m->org_id = store_col_i64(st, 4);
	m->account_id = store_col_i64(st, 5);
	m->locality_id = store_col_i64(st, 6);
	m->has_limit = store_col_i64(st, 7) != 0;
	m->credit_limit = store_col_i64(st, 8);
	id_of(st, 9, m->person_uuid);
	id_of(st, 10, m->org_uuid);
	m->first_name = dup(a, st, 11);
	m->full_name = dup(a, st, 12);
	m->area = dup(a, st, 13);
	m->joined_at = dup(a, st, 14);
	m->balance = store_col_i64(st, 15);
	m->last_exchange = dup(a, st, 16);
}

static sn_err member_one(store *s, arena *a, tb_member *out, const char *where, const char *fmt, ...)
{
	char sql[2048];
	snprintf(sql, sizeof sql, "%s%s", MEMBER_COLS, where);
	store_stmt *st = NULL;
	va_list ap;
	va_start(ap, fmt);
	sn_err rc = store_vquery(s, &st, sql, fmt, ap);
	va_end(ap);
	return rc ? rc : one_of(st, a, member_read, out);
}

sn_err tb_member_find(store *s, const char *uuid, arena *a, tb_member *out)
{
	return member_one(s, a, out, "WHERE m.uuid = ?", "t", uuid);
}

sn_err tb_member_get(store *s, int64_t id, arena *a, tb_member *out)
{
	return member_one(s, a, out, "WHERE m.id = ?", "i", id);
}

sn_err tb_member_of_person(store *s, int64_t person_id, arena *a, tb_member *out)
{
	return member_one(s, a, out, "WHERE m.person_id = ? ORDER BY m.id LIMIT 1", "i", person_id);
}

sn_err tb_member_of_org(store *s, int64_t org_id, arena *a, tb_member *out)
{
	return member_one(s, a, out, "WHERE m.org_id = ? ORDER BY m.id LIMIT 1", "i", org_id);
}

sn_err tb_members_of_user(store *s, int64_t user_id, arena *a, tb_member **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS
		"WHERE (m.person_id IS NOT NULL AND (p.user_id = ? OR EXISTS (SELECT 1 FROM relationships r "
		"WHERE r.person_id = m.person_id AND r.user_id = ?))) OR (m.org_id IS NOT NULL AND EXISTS "
		"(SELECT 1 FROM dir_org_members d WHERE d.organization_id = m.org_id AND d.user_id = ?)) "
		"ORDER BY CASE WHEN p.user_id = ? THEN 0 ELSE 1 END, m.kind DESC, 12, m.id LIMIT 500",
		"iiii", user_id, user_id, user_id, user_id);
	return rc ? rc : rows_of(st, a, member_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_members_all(store *s, arena *a, tb_member **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, MEMBER_COLS "ORDER BY 13, m.id LIMIT 5000", "");
	return rc ? rc : rows_of(st, a, member_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_member_join(store *s, const char *kind, int64_t person_id, int64_t org_id, int64_t locality_id,
		      int64_t by_user, const char *now, char uuid[static 37], int64_t *id)
{
	fresh(uuid);
	sn_err rc = store_one_i64(s, id,
		"INSERT INTO tb_members (uuid, kind, person_id, org_id, locality_id, joined_at, joined_by) "
		"VALUES (?, ?, nullif(?, 0), nullif(?, 0), nullif(?, 0), ?, nullif(?, 0)) RETURNING id",
		"ttiiiti", uuid, kind, person_id, org_id, locality_id, now, by_user);
	char acct[37];
	/* the account's uuid is not shown anywhere; derived from the member's
	 * so that a demo stays the same for a seed */
	snprintf(acct, sizeof acct, "%s", uuid);
	acct[14] = 'a';
	if (!rc)
		rc = store_run(s, "INSERT INTO tb_accounts (uuid, kind, member_id, created_at) VALUES (?, 'member', ?, ?)",
			       "tit", acct, *id, now);
	return rc;
}

sn_err tb_member_set_limit(store *s, int64_t id, bool has_limit, int64_t limit)
{
	if (!has_limit)
		return store_run(s, "UPDATE tb_members SET credit_limit = NULL WHERE id = ?", "i", id);
	return store_run(s, "UPDATE tb_members SET credit_limit = ? WHERE id = ?", "ii", limit, id);
}

sn_err tb_member_email(store *s, int64_t member_id, arena *a, const char **email)
{
	*email = "";
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT coalesce(u.email, o.email, '') FROM tb_members m LEFT JOIN people p ON p.id = m.person_id "
		"LEFT JOIN users u ON u.id = p.user_id AND u.disabled = 0 "
		"LEFT JOIN dir_organizations o ON o.id = m.org_id WHERE m.id = ?", "i", member_id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		*email = dup(a, st, 0);
	store_done(st);
	return rc;
}

sn_err tb_person_locality(store *s, int64_t person_id, int64_t *locality_id)
{
	return store_one_i64(s, locality_id, "SELECT coalesce(locality_id, 0) FROM people WHERE id = ?", "i",
			     person_id);
}

static void org_read(store_stmt *st, arena *a, void *item)
{
	tb_org *o = item;
	o->id = store_col_i64(st, 0);
	id_of(st, 1, o->uuid);
	o->name = dup(a, st, 2);
	o->member = store_col_i64(st, 3) != 0;
}

sn_err tb_orgs_named(store *s, const char *q, arena *a, tb_org **rows, size_t *n)
{
	char *low = arena_printf(a, "%%%s%%", q);
	str_lower_ascii(low);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT o.id, o.uuid, o.name, CASE WHEN EXISTS (SELECT 1 FROM tb_members m WHERE m.org_id = o.id) "
		"THEN 1 ELSE 0 END FROM dir_organizations o WHERE lower(o.name) LIKE ? ORDER BY o.name, o.id LIMIT 20",
		"t", low);
	return rc ? rc : rows_of(st, a, org_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_org_find(store *s, const char *uuid, arena *a, tb_org *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT o.id, o.uuid, o.name, CASE WHEN EXISTS (SELECT 1 FROM tb_members m WHERE m.org_id = o.id) "
		"THEN 1 ELSE 0 END FROM dir_organizations o WHERE o.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, org_read, out);
}

sn_err tb_user_in_org(store *s, int64_t user_id, int64_t org_id, bool *yes)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM dir_org_members WHERE user_id = ? AND organization_id = ?",
				  "ii", user_id, org_id);
	*yes = n > 0;
	return rc;
}

sn_err tb_localities(store *s, arena *a, tb_org **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name, 0 FROM localities ORDER BY name, id LIMIT 500", "");
	return rc ? rc : rows_of(st, a, org_read, sizeof **rows, (void **)rows, n);
}

/* ---- categories ---- */

static void category_read(store_stmt *st, arena *a, void *item)
{
	tb_category *c = item;
	c->id = store_col_i64(st, 0);
	c->key = dup(a, st, 1);
	c->label = dup(a, st, 2);
}

sn_err tb_categories(store *s, arena *a, tb_category **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, key, label FROM tb_categories ORDER BY position, id", "");
	return rc ? rc : rows_of(st, a, category_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_category_by_key(store *s, const char *key, int64_t *id)
{
	return store_one_i64(s, id, "SELECT id FROM tb_categories WHERE key = ?", "t", key);
}

/* ---- offers and needs ---- */

#define LISTING_COLS                                                                                       \
	"SELECT l.id, l.uuid, l.member_id, m.uuid, l.category_id, l.kind, l.title, l.details, l.status, "    \
	"c.label, coalesce(p.given_name, o.name), coalesce(lo.name, ''), l.created_at "                      \
	"FROM tb_listings l JOIN tb_members m ON m.id = l.member_id JOIN tb_categories c ON c.id = l.category_id " \
	"LEFT JOIN people p ON p.id = m.person_id LEFT JOIN dir_organizations o ON o.id = m.org_id "        \
	"LEFT JOIN localities lo ON lo.id = m.locality_id "

static void listing_read(store_stmt *st, arena *a, void *item)
{
	tb_listing *l = item;
	memset(l, 0, sizeof *l);
	l->id = store_col_i64(st, 0);
	id_of(st, 1, l->uuid);
	l->member_id = store_col_i64(st, 2);
	id_of(st, 3, l->member_uuid);
	l->category_id = store_col_i64(st, 4);
	l->kind = dup(a, st, 5);
	l->title = dup(a, st, 6);
	l->details = dup(a, st, 7);
	l->status = dup(a, st, 8);
	l->category = dup(a, st, 9);
	l->first_name = dup(a, st, 10);
	l->area = dup(a, st, 11);
	l->created_at = dup(a, st, 12);
}

sn_err tb_listing_add(store *s, int64_t member_id, const char *kind, int64_t category_id, const char *title,
		      const char *details, const char *now, char uuid[static 37], int64_t *id)
{
	fresh(uuid);
	return store_one_i64(s, id,
		"INSERT INTO tb_listings (uuid, member_id, kind, category_id, title, details, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "tititt" "t", uuid, member_id, kind, category_id, title,
		details, now);
}

sn_err tb_listing_find(store *s, const char *uuid, arena *a, tb_listing *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, LISTING_COLS "WHERE l.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, listing_read, out);
}

sn_err tb_listings_open(store *s, int64_t category, const char *kind, int64_t not_member, int64_t limit,
			int64_t offset, arena *a, tb_listing **rows, size_t *n, int64_t *total)
{
	sn_err rc = store_one_i64(s, total,
		"SELECT count(*) FROM tb_listings l WHERE l.status = 'open' AND (? = 0 OR l.category_id = ?) "
		"AND (? = '' OR l.kind = ?) AND l.member_id <> ?", "iitti", category, category, kind, kind, not_member);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, LISTING_COLS "WHERE l.status = 'open' AND (? = 0 OR l.category_id = ?) "
				 "AND (? = '' OR l.kind = ?) AND l.member_id <> ? ORDER BY l.id DESC LIMIT ? OFFSET ?",
				 "iittiii", category, category, kind, kind, not_member, limit, offset);
	return rc ? rc : rows_of(st, a, listing_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_listings_of(store *s, int64_t member_id, arena *a, tb_listing **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, LISTING_COLS "WHERE l.member_id = ? AND l.status = 'open' ORDER BY l.id DESC "
				"LIMIT 100", "i", member_id);
	return rc ? rc : rows_of(st, a, listing_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_listing_withdraw(store *s, int64_t id, const char *now)
{
	sn_err rc = store_run(s, "UPDATE tb_listings SET status = 'withdrawn', withdrawn_at = ? WHERE id = ? "
			      "AND status = 'open'", "ti", now, id);
	return !rc && store_changes(s) == 0 ? SN_ECONFLICT : rc;
}

/* ---- contact requests ---- */

#define CONTACT_COLS                                                                                       \
	"SELECT c.id, c.uuid, c.from_member_id, fm.uuid, c.to_member_id, tm.uuid, c.listing_id, l.uuid, "    \
	"l.title, l.kind, coalesce(fp.given_name, fo.name), coalesce(tp.given_name, too.name), c.message, "  \
	"c.status, c.reply, c.shared_details, c.created_at, coalesce(c.replied_at, '') "                     \
	"FROM tb_contacts c JOIN tb_listings l ON l.id = c.listing_id "                                      \
	"JOIN tb_members fm ON fm.id = c.from_member_id JOIN tb_members tm ON tm.id = c.to_member_id "        \
	"LEFT JOIN people fp ON fp.id = fm.person_id LEFT JOIN dir_organizations fo ON fo.id = fm.org_id "  \
	"LEFT JOIN people tp ON tp.id = tm.person_id LEFT JOIN dir_organizations too ON too.id = tm.org_id "

static void contact_read(store_stmt *st, arena *a, void *item)
{
	tb_contact *c = item;
	memset(c, 0, sizeof *c);
	c->id = store_col_i64(st, 0);
	id_of(st, 1, c->uuid);
	c->from_member_id = store_col_i64(st, 2);
	id_of(st, 3, c->from_uuid);
	c->to_member_id = store_col_i64(st, 4);
	id_of(st, 5, c->to_uuid);
	c->listing_id = store_col_i64(st, 6);
	id_of(st, 7, c->listing_uuid);
	c->listing_title = dup(a, st, 8);
	c->listing_kind = dup(a, st, 9);
	c->from_name = dup(a, st, 10);
	c->to_name = dup(a, st, 11);
	c->message = dup(a, st, 12);
	c->status = dup(a, st, 13);
	c->reply = dup(a, st, 14);
	c->shared_details = dup(a, st, 15);
	c->created_at = dup(a, st, 16);
	c->replied_at = dup(a, st, 17);
}

sn_err tb_contact_add(store *s, int64_t from, int64_t to, int64_t listing, const char *message, int64_t by_user,
		      const char *now, char uuid[static 37], int64_t *id)
{
	fresh(uuid);
	return store_one_i64(s, id,
		"INSERT INTO tb_contacts (uuid, from_member_id, to_member_id, listing_id, message, created_at, "
		"created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "tiiitti", uuid, from, to, listing, message,
		now, by_user);
}

sn_err tb_contact_find(store *s, const char *uuid, arena *a, tb_contact *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, CONTACT_COLS "WHERE c.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, contact_read, out);
}

sn_err tb_contacts_of(store *s, int64_t member_id, arena *a, tb_contact **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, CONTACT_COLS "WHERE c.from_member_id = ? OR c.to_member_id = ? "
				"ORDER BY c.id DESC LIMIT 50", "ii", member_id, member_id);
	return rc ? rc : rows_of(st, a, contact_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_contact_answer(store *s, int64_t id, const char *status, const char *reply, const char *shared,
			 int64_t by_user, const char *now)
{
	sn_err rc = store_run(s, "UPDATE tb_contacts SET status = ?, reply = ?, shared_details = ?, replied_at = ?, "
			      "replied_by = ? WHERE id = ? AND status = 'sent'", "ttttii", status, reply, shared, now,
			      by_user, id);
	return !rc && store_changes(s) == 0 ? SN_ECONFLICT : rc;
}

sn_err tb_contact_between(store *s, int64_t a_member, int64_t b_member, bool *yes)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM tb_contacts WHERE status <> 'declined' AND "
				  "((from_member_id = ? AND to_member_id = ?) OR (from_member_id = ? AND to_member_id = ?))",
				  "iiii", a_member, b_member, b_member, a_member);
	*yes = n > 0;
	return rc;
}

/* ---- exchanges ---- */

#define EXCHANGE_COLS                                                                                      \
	"SELECT x.id, x.uuid, x.giver_id, g.uuid, x.receiver_id, r.uuid, x.minutes, x.category_id, c.label, " \
	"c.key, x.done_on, x.description, x.recorded_by_side, x.status, x.created_at, "                      \
	"coalesce(x.decided_at, ''), coalesce(x.transfer_id, 0), coalesce(t.uuid, ''), "                     \
	"CASE WHEN EXISTS (SELECT 1 FROM tb_transfers v WHERE v.reverses_id = x.transfer_id) THEN 1 ELSE 0 END, " \
	"coalesce(gp.given_name, go.name), coalesce(rp.given_name, ro.name), x.recorded_by "                 \
	"FROM tb_exchanges x JOIN tb_members g ON g.id = x.giver_id JOIN tb_members r ON r.id = x.receiver_id " \
	"JOIN tb_categories c ON c.id = x.category_id LEFT JOIN tb_transfers t ON t.id = x.transfer_id "     \
	"LEFT JOIN people gp ON gp.id = g.person_id LEFT JOIN dir_organizations go ON go.id = g.org_id "    \
	"LEFT JOIN people rp ON rp.id = r.person_id LEFT JOIN dir_organizations ro ON ro.id = r.org_id "

static void exchange_read(store_stmt *st, arena *a, void *item)
{
	tb_exchange *x = item;
	memset(x, 0, sizeof *x);
	x->id = store_col_i64(st, 0);
	id_of(st, 1, x->uuid);
	x->giver_id = store_col_i64(st, 2);
	id_of(st, 3, x->giver_uuid);
	x->receiver_id = store_col_i64(st, 4);
	id_of(st, 5, x->receiver_uuid);
	x->minutes = store_col_i64(st, 6);
	x->category_id = store_col_i64(st, 7);
	x->category = dup(a, st, 8);
	x->category_key = dup(a, st, 9);
	x->done_on = dup(a, st, 10);
	x->description = dup(a, st, 11);
	x->recorded_by_side = dup(a, st, 12);
	x->status = dup(a, st, 13);
	x->created_at = dup(a, st, 14);
	x->decided_at = dup(a, st, 15);
	x->transfer_id = store_col_i64(st, 16);
	id_of(st, 17, x->transfer_uuid);
	x->reversed = store_col_i64(st, 18) != 0;
	x->giver_name = dup(a, st, 19);
	x->receiver_name = dup(a, st, 20);
	x->recorded_by = store_col_i64(st, 21);
}

sn_err tb_exchange_add(store *s, const tb_exchange *x, int64_t by_user, const char *now, char uuid[static 37],
		       int64_t *id)
{
	fresh(uuid);
	return store_one_i64(s, id,
		"INSERT INTO tb_exchanges (uuid, giver_id, receiver_id, minutes, category_id, done_on, description, "
		"recorded_by_side, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"tiiiitttit", uuid, x->giver_id, x->receiver_id, x->minutes, x->category_id, x->done_on,
		x->description, x->recorded_by_side, by_user, now);
}

sn_err tb_exchange_find(store *s, const char *uuid, arena *a, tb_exchange *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, EXCHANGE_COLS "WHERE x.uuid = ?", "t", uuid);
	return rc ? rc : one_of(st, a, exchange_read, out);
}

sn_err tb_exchanges_of(store *s, int64_t member_id, const char *status, int64_t limit, arena *a,
		       tb_exchange **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, EXCHANGE_COLS "WHERE (x.giver_id = ? OR x.receiver_id = ?) "
				"AND (? = '' OR x.status = ?) ORDER BY x.id DESC LIMIT ?", "iitti", member_id, member_id,
				status, status, limit);
	return rc ? rc : rows_of(st, a, exchange_read, sizeof **rows, (void **)rows, n);
}

sn_err tb_exchange_decide(store *s, int64_t id, const char *status, int64_t transfer_id, int64_t by_user,
			  const char *now)
{
	sn_err rc = store_run(s, "UPDATE tb_exchanges SET status = ?, transfer_id = nullif(?, 0), decided_by = ?, "
			      "decided_at = ? WHERE id = ? AND status = 'pending'", "tiiti", status, transfer_id,
			      by_user, now, id);
	if (!rc && store_changes(s) == 0)
		return SN_ECONFLICT;
	if (rc || !str_eq(status, "confirmed"))
		return rc;
	/* The evidence figures (activity.h): the time given, for the person who
	 * gave it (or received it, when an organisation gave). */
	store_stmt *st = NULL;
	rc = store_query(s, &st, "SELECT e.minutes, e.done_on, coalesce(g.person_id, r.person_id, 0), "
			 "coalesce(g.locality_id, r.locality_id, 0) FROM tb_exchanges e "
			 "JOIN tb_members g ON g.id = e.giver_id JOIN tb_members r ON r.id = e.receiver_id "
			 "WHERE e.id = ?", "i", id);
	int64_t minutes = 0, person = 0, locality = 0;
	char day[11] = "";
	if (!rc && store_next(st, &rc)) {
		minutes = store_col_i64(st, 0);
		snprintf(day, sizeof day, "%s", store_col_text(st, 1));
		person = store_col_i64(st, 2);
		locality = store_col_i64(st, 3);
	}
	store_done(st);
	if (!rc && *day)
		rc = person ? activity_add(s, ACT_TIMEBANK, "", person, day, minutes)
			    : activity_add_place(s, ACT_TIMEBANK, "", locality, day, minutes);
	return rc;
}

/* ---- for the demo area ---- */

static sn_err ids_of(store_stmt *st, size_t n, int64_t *ids, size_t *got)
{
	sn_err rc = SN_OK;
	*got = 0;
	while (store_next(st, &rc))
		if (*got < n)
			ids[(*got)++] = store_col_i64(st, 0);
	store_done(st);
	return rc;
}

sn_err tb_demo_people(store *s, int64_t own_user, int64_t avoid_user, size_t n, int64_t *ids, size_t *got)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT p.id FROM people p WHERE p.user_id = ? OR (p.user_id IS NULL AND "
		"p.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.person_id = p.id "
		"AND r.user_id = ?)) ORDER BY CASE WHEN p.user_id = ? THEN 0 ELSE 1 END, p.id LIMIT ?", "iiii",
		own_user, avoid_user, own_user, (int64_t)n);
	return rc ? rc : ids_of(st, n, ids, got);
}

sn_err tb_demo_orgs(store *s, int64_t user_id, size_t n, int64_t *ids, size_t *got)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT o.id FROM dir_organizations o ORDER BY CASE WHEN EXISTS (SELECT 1 "
		"FROM dir_org_members m WHERE m.organization_id = o.id AND m.user_id = ?) THEN 0 ELSE 1 END, o.id "
		"LIMIT ?", "ii", user_id, (int64_t)n);
	return rc ? rc : ids_of(st, n, ids, got);
}
