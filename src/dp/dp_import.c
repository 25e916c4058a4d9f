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
	/* The account's row is locked first (PostgreSQL; SQLite's write
	 * transaction holds the whole file), so two imports of one statement
	 * at once cannot both find its rows new. */
	rc = store_begin_write(s);
	if (!rc)
		rc = store_run(s, "UPDATE dp_accounts SET underspend_weeks = underspend_weeks "
			       "WHERE id = ?", "i", acct->id);
	if (!rc)
		rc = find_duplicates(s, acct, a, rep);
	if (rc)
		return store_failed(s, rep, rc);
	if (!rep->added) {
		store_rollback(s); /* nothing new: nothing to write */
		return SN_OK;
	}
	char now[21];
	time_iso8601(time_now(), now);
	dp_import_meta m = {.file_name = o->file_name, .by = o->user ? o->user->uuid : "system",
			    .now = now};
	int64_t added = 0;
	rc = dp_import_write(s, acct->id, &rep->st, &m, &rep->import_id, &added);
	if (!rc)
		rc = audit(s, acct, o, rep);
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		rep->import_id = 0;
		return store_failed(s, rep, rc);
	}
	return SN_OK;
}
