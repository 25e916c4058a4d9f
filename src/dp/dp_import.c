/* An import of a bank statement into a ledger, the one path for the
 * command line and the pages: read and check the whole file, find the rows
 * already in the ledger, then write every new row with its dp_imports row
 * and the audit entry in one write transaction, or nothing. */
#include <stdio.h>
#include <string.h>

#include "dp_int.h"

static sn_err store_failed(store *s, dp_import_report *rep, sn_err rc)
{
	snprintf(rep->error, sizeof rep->error, "the database failed: %s", store_errmsg(s));
	store_rollback(s);
	return rc;
}

/* Marks the duplicates and counts what is new. */
static sn_err find_duplicates(store *s, const dp_account *acct, arena *a, dp_import_report *rep)
{
	const char **known = NULL;
	size_t n = 0;
	sn_err rc = dp_fingerprints(s, acct->id, a, &known, &n);
	if (rc)
		return rc;
	rep->duplicates = (int64_t)dp_mark_duplicates(&rep->st, known, n);
	rep->added = (int64_t)rep->st.n_rows - rep->duplicates;
	return SN_OK;
}

static sn_err audit(store *s, const dp_account *acct, const dp_import_opts *o,
		    const dp_import_report *rep)
{
	if (o->user)
		return access_audit_person(s, o->user, o->basis, "dp.import", acct->person_uuid);
	char rec[64], why[128];
	snprintf(rec, sizeof rec, "person:%s", acct->person_uuid);
	snprintf(why, sizeof why, "account %s: %lld rows added", acct->uuid, (long long)rep->added);
	audit_entry e = {"system", "admin", "dp.import", rec, why};
	return audit_append(s, &e);
}

void dp_import_digest(const dp_statement *st, char out[static 65])
{
	buf b;
	buf_init(&b, (st->n_rows + 1) * 66 + 1);
	buf_puts(&b, st->sha256);
	for (size_t i = 0; i < st->n_rows; i++)
		if (!st->rows[i].duplicate) {
			buf_putc(&b, '\n');
			buf_puts(&b, st->rows[i].fingerprint);
		}
	sha256_hex(b.data ? b.data : "", b.len, out);
	buf_free(&b);
}

sn_err dp_import_in_txn(store *s, const dp_account *acct, const dp_import_opts *o, arena *a,
			dp_import_report *rep)
{
	/* The account's row is locked first (PostgreSQL; SQLite's write
	 * transaction holds the whole file), so two imports of one statement
	 * at once cannot both find its rows new. */
	sn_err rc = store_run(s, "UPDATE dp_accounts SET underspend_weeks = underspend_weeks "
			      "WHERE id = ?", "i", acct->id);
	if (!rc)
		rc = find_duplicates(s, acct, a, rep);
	if (rc) {
		snprintf(rep->error, sizeof rep->error, "the database failed: %s", store_errmsg(s));
		return rc;
	}
	if (o->expect_new) {
		char now_new[65];
		dp_import_digest(&rep->st, now_new);
		if (strcmp(now_new, o->expect_new)) {
			snprintf(rep->error, sizeof rep->error, "the ledger changed since the preview");
			return SN_ECONFLICT;
		}
	}
	if (!rep->added)
		return SN_OK; /* nothing new: nothing to write */
	char now[21];
	time_iso8601(time_now(), now);
	dp_import_meta m = {.file_name = o->file_name, .by = o->user ? o->user->uuid : "system",
			    .now = now};
	int64_t added = 0;
	rc = dp_import_write(s, acct->id, &rep->st, &m, &rep->import_id, &added);
	if (!rc)
		rc = audit(s, acct, o, rep);
	if (rc) {
		rep->import_id = 0;
		snprintf(rep->error, sizeof rep->error, "the database failed: %s", store_errmsg(s));
	}
	return rc;
}

sn_err dp_import(store *s, const dp_account *acct, const void *data, size_t len,
		 const dp_import_opts *o, arena *a, dp_import_report *rep)
{
	memset(rep, 0, sizeof *rep);
	sn_err rc = dp_statement_read(data, len, o->spec, a, &rep->st);
	if (rc) {
		snprintf(rep->error, sizeof rep->error, "%s", rep->st.error);
		return rc;
	}
	if (o->dry_run) {
		rc = find_duplicates(s, acct, a, rep);
		return rc ? store_failed(s, rep, rc) : SN_OK;
	}
	rc = store_begin_write(s);
	if (!rc)
		rc = dp_import_in_txn(s, acct, o, a, rep);
	if (!rc && !rep->import_id) {
		store_rollback(s); /* nothing new: nothing written */
		return SN_OK;
	}
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		rep->import_id = 0;
		if (!rep->error[0])
			snprintf(rep->error, sizeof rep->error, "the database failed: %s",
				 store_errmsg(s));
		store_rollback(s);
	}
	return rc;
}
