/* The audit chain: append-only entries, each carrying the hash of the one
 * before, so that a changed, deleted or inserted entry is found. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void netstring(crypto_hash_sha256_state *h, const char *s)
{
	char len[24];
	int n = snprintf(len, sizeof len, "%zu:", strlen(s));
	crypto_hash_sha256_update(h, (const unsigned char *)len, (size_t)n);
	crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
	crypto_hash_sha256_update(h, (const unsigned char *)",", 1);
}

void audit_hash(const char *prev_hash, int64_t seq, const char *at,
		const audit_entry *e, char out[static 65])
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char seqs[24];
	snprintf(seqs, sizeof seqs, "%lld", (long long)seq);
	netstring(&h, prev_hash);
	netstring(&h, seqs);
	netstring(&h, at);
	netstring(&h, e->actor);
	netstring(&h, e->role);
	netstring(&h, e->action);
	netstring(&h, e->record);
	netstring(&h, e->reason);
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

/* The head of the chain: its last seq and hash (0 and GENESIS when empty). */
static sn_err audit_head(store *s, int64_t *seq, char prev[static 65])
{
	store_stmt *st = NULL;
	*seq = 0;
	snprintf(prev, 65, "%s", GENESIS);
	sn_err rc = store_query(s, &st, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", "");
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		*seq = store_col_i64(st, 0);
		snprintf(prev, 65, "%s", store_col_text(st, 1));
	}
	store_done(st);
	return rc;
}

/* Rows go in by statements of these sizes (largest first), so that a
 * connection caches at most three texts for them whatever n is. */
static const size_t CHUNKS[] = {32, 8, 1};
#define AUDIT_COLS 9

/* One row of the chain, ready to insert; strings owned by the caller. */
typedef struct {
	audit_entry c;
	char *reason; /* the reason with the connection's note, or NULL */
	char prev[65], hash[65];
	int64_t seq;
} audit_row;

static sn_err insert_rows(store *s, const char *at, const audit_row *rows, size_t n)
{
	char sql[64 + 32 * 24];
	int len = snprintf(sql, sizeof sql, "INSERT INTO audit(seq, at, actor, role, action, record, "
			   "reason, prev_hash, hash) VALUES ");
	for (size_t i = 0; i < n; i++)
		len += snprintf(sql + len, sizeof sql - (size_t)len, "%s(?,?,?,?,?,?,?,?,?)", i ? "," : "");
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s, sql, &st);
	for (size_t i = 0; i < n && !rc; i++) {
		const audit_row *w = &rows[i];
		int b = (int)i * AUDIT_COLS;
		rc = store_bind_i64(st, b + 1, w->seq);
		const char *t[] = {at, w->c.actor, w->c.role, w->c.action, w->c.record, w->c.reason,
				   w->prev, w->hash};
		for (int k = 0; k < 8 && !rc; k++)
			rc = store_bind_text(st, b + 2 + k, t[k]);
	}
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

/* Chains n entries after the head and inserts them (inside the caller's
 * write transaction, the audit lock held). */
static sn_err append_rows(store *s, const audit_entry *e, size_t n)
{
	int64_t seq = 0;
	char prev[65];
	sn_err rc = audit_head(s, &seq, prev);
	if (rc)
		return rc;
	char at[21];
	time_iso8601(time_now(), at);
	/* The connection's note (an API token's id) ends the reason, so the
	 * log says how the actor came, whatever the feature wrote. */
	const char *note = store_audit_note(s);
	audit_row *rows = xcalloc(n, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		audit_row *w = &rows[i];
		const char *why = e[i].reason ? e[i].reason : "";
		if (*note) {
			size_t len = strlen(why) + strlen(note) + 1;
			w->reason = xmalloc(len);
			snprintf(w->reason, len, "%s%s", why, note);
		}
		w->c = (audit_entry){e[i].actor ? e[i].actor : "system", e[i].role ? e[i].role : "",
				     e[i].action, e[i].record ? e[i].record : "", w->reason ? w->reason : why};
		w->seq = ++seq;
		snprintf(w->prev, sizeof w->prev, "%s", prev);
		audit_hash(w->prev, w->seq, at, &w->c, w->hash);
		snprintf(prev, sizeof prev, "%s", w->hash);
	}
	size_t done = 0;
	for (size_t k = 0; k < sizeof CHUNKS / sizeof *CHUNKS && !rc; k++)
		while (!rc && n - done >= CHUNKS[k]) {
			rc = insert_rows(s, at, rows + done, CHUNKS[k]);
			done += CHUNKS[k];
		}
	for (size_t i = 0; i < n; i++)
		free(rows[i].reason);
	free(rows);
	return rc;
}

sn_err audit_append_many(store *s, const audit_entry *e, size_t n)
{
	if (n == 0)
		return SN_OK;
	bool own_tx = false;
	sn_err rc = SN_OK;
	/* Reading the head and appending must not interleave with another
	 * writer; callers normally hold a write transaction already. */
	if (!store_in_tx(s)) {
		rc = store_begin_write(s);
		if (rc)
			return rc;
		own_tx = true;
	}
	rc = store_lock_audit(s);
	if (!rc)
		rc = append_rows(s, e, n);
	if (own_tx) {
		if (rc)
			store_rollback(s);
		else
			rc = store_commit(s);
	}
	return rc;
}

sn_err audit_append(store *s, const audit_entry *e)
{
	return audit_append_many(s, e, 1);
}

sn_err audit_verify(store *s, int64_t *n, int64_t *bad_seq, char *why,
		    size_t why_size, char head[static 65])
{
	*n = 0;
	*bad_seq = 0;
	snprintf(head, 65, "%s", GENESIS);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT seq, at, actor, role, action, record, reason, "
				"prev_hash, hash FROM audit ORDER BY seq",
				"");
	if (rc)
		return rc;
	char prev[65] = GENESIS;
	int64_t expect = 1;
	while (store_next(st, &rc)) {
		int64_t seq = store_col_i64(st, 0);
		audit_entry e = {store_col_text(st, 2), store_col_text(st, 3),
				 store_col_text(st, 4), store_col_text(st, 5),
				 store_col_text(st, 6)};
		char want[65];
		if (seq != expect) {
			snprintf(why, why_size, "entry %lld: expected entry %lld here "
				 "(an entry was deleted or inserted)",
				 (long long)seq, (long long)expect);
		} else if (strcmp(store_col_text(st, 7), prev) != 0) {
			snprintf(why, why_size, "entry %lld: its previous-hash does not "
				 "match entry %lld (an entry was deleted, inserted or changed)",
				 (long long)seq, (long long)seq - 1);
		} else {
			audit_hash(prev, seq, store_col_text(st, 1), &e, want);
			if (strcmp(want, store_col_text(st, 8)) != 0)
				snprintf(why, why_size, "entry %lld: its contents do not "
					 "match its hash (the entry was changed)",
					 (long long)seq);
			else
				why[0] = 0;
		}
		if (why[0]) {
			*bad_seq = seq;
			store_done(st);
			return SN_EINPUT;
		}
		snprintf(prev, sizeof prev, "%s", store_col_text(st, 8));
		expect++;
		(*n)++;
	}
	store_done(st);
	snprintf(head, 65, "%s", prev);
	return rc;
}

sn_err audit_length(store *s, int64_t *n)
{
	return store_one_i64(s, n, "SELECT count(*) FROM audit", "");
}

sn_err audit_page(store *s, int64_t limit, int64_t offset, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT a.seq, a.at, coalesce(u.name, a.actor), a.role, a.action, a.record, a.reason "
		"FROM audit a LEFT JOIN users u ON u.uuid = a.actor "
		"ORDER BY a.seq DESC LIMIT ? OFFSET ?", "ii", limit, offset);
	if (rc)
		return rc;
	json_t *entries = json_array();
	while (store_next(st, &rc)) {
		json_array_append_new(entries, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
			"seq", (json_int_t)store_col_i64(st, 0), "at", store_col_text(st, 1),
			"actor", store_col_text(st, 2), "role", store_col_text(st, 3),
			"action", store_col_text(st, 4), "record", store_col_text(st, 5),
			"reason", store_col_text(st, 6)));
	}
	store_done(st);
	if (rc) {
		json_decref(entries);
		return rc;
	}
	*out = entries;
	return SN_OK;
}
