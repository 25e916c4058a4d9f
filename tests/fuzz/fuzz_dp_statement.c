/* libFuzzer target for the bank statement reader: the bytes as a statement
 * (a first line "map:SPEC" is taken as the column mapping), read twice
 * (the same answer both times), every promise of dp_statement_read
 * checked; a good statement is then imported into an in-memory SQLite
 * ledger for real, and again, when every row must be a duplicate. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp/dp.h"
#include "people/people.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static store *S;
static dp_account ACCT;

static void setup(void)
{
	if (S)
		return;
	char err[256], uuid[37], pu[37] = "00000000-0000-4000-8000-000000000001";
	int applied = 0;
	int64_t uid = 0, pid = 0, aid = 0;
	person_new pn = {.given_name = "Fuzz", .family_name = "Person"};
	dp_account_new an = {.opened_on = "2026-01-01"};
	static arena *a;
	if (base_init() || store_open(":memory:", true, &S, err, sizeof err) ||
	    store_migrate(S, &applied, err, sizeof err) ||
	    user_add_hashed(S, "w@example.test", "W", R_WORKER, "x", pu, &uid) ||
	    people_add(S, &pn, pu, "2026-01-01T00:00:00Z", &pid))
		abort();
	an.person_id = pid;
	a = arena_new();
	if (dp_account_open(S, &an, uid, "2026-01-01T00:00:00Z", uuid, &aid) ||
	    dp_account_find(S, uuid, a, &ACCT))
		abort();
}

static bool utf8_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return false;
	json_t *j = json_string(s); /* NULL when not UTF-8 */
	json_decref(j);
	return j != NULL;
}

static void check(sn_err rc, const dp_statement *st)
{
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (st->n_problems > DP_PROBLEMS_KEPT || st->n_more < 0)
		abort();
	for (size_t i = 0; i < st->n_problems; i++)
		if (!st->problems[i].text[0] || !utf8_printable(st->problems[i].text))
			abort();
	if (!utf8_printable(st->error))
		abort();
	if (rc == SN_OK && (st->bad_rows || st->error[0]))
		abort();
	if (rc != SN_OK && !st->error[0] && (int64_t)st->n_problems + st->n_more != st->bad_rows)
		abort(); /* every bad row is named or counted */
	if (rc != SN_OK && !st->error[0] && !st->bad_rows)
		abort(); /* a refusal says why */
	if (rc != SN_OK)
		return;
	if (st->n_rows > DP_ROWS_MAX)
		abort();
	for (int k = 0; k < DP_N_COLS; k++)
		if (st->map.col[k] >= DP_COLS_MAX || !utf8_printable(st->map.heading[k]))
			abort();
	for (size_t i = 0; i < st->n_rows; i++) {
		const dp_row *r = &st->rows[i];
		int64_t d;
		if (dp_date_days(r->on_date, &d) || !r->amount_pence ||
		    r->amount_pence > DP_AMOUNT_MAX_PENCE || r->amount_pence < -DP_AMOUNT_MAX_PENCE)
			abort();
		if (!utf8_printable(r->description) || strlen(r->fingerprint) != 64 ||
		    r->occurrence < 1)
			abort();
		if (i && r->row <= st->rows[i - 1].row)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	char spec[DP_MAP_SPEC_MAX + 2] = "";
	const char *csv = (const char *)data;
	if (size > 4 && memcmp(data, "map:", 4) == 0) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) - 4 : size - 4;
		if (n > DP_MAP_SPEC_MAX + 1)
			n = DP_MAP_SPEC_MAX + 1;
		memcpy(spec, data + 4, n);
		spec[n] = 0;
		if (strlen(spec) != n)
			return 0; /* a NUL in the spec: not a C string */
		size_t skip = nl ? (size_t)(nl - data) + 1 : size;
		csv += skip;
		size -= skip;
	}
	arena *a = arena_new();
	dp_statement *st = calloc(1, sizeof *st), *again = calloc(1, sizeof *again);
	dp_import_report *rep = calloc(1, sizeof *rep);
	if (!st || !again || !rep)
		abort();
	sn_err rc = dp_statement_read(csv, size, spec[0] ? spec : NULL, a, st);
	check(rc, st);
	sn_err rc2 = dp_statement_read(csv, size, spec[0] ? spec : NULL, a, again);
	if (rc2 != rc || again->n_rows != st->n_rows || again->bad_rows != st->bad_rows)
		abort();
	for (size_t i = 0; i < st->n_rows; i++)
		if (strcmp(st->rows[i].fingerprint, again->rows[i].fingerprint) != 0)
			abort();
	/* Fingerprints are unique within a file: identical rows are counted apart. */
	const char **fps = arena_alloc(a, (st->n_rows + 1) * sizeof *fps);
	for (size_t i = 0; i < st->n_rows; i++)
		fps[i] = st->rows[i].fingerprint;
	if (dp_mark_duplicates(again, fps, st->n_rows) != st->n_rows)
		abort();
	if (rc == SN_OK) {
		dp_import_opts o = {.file_name = "fuzz.csv", .spec = spec[0] ? spec : NULL};
		if (dp_import(S, &ACCT, csv, size, &o, a, rep) != SN_OK ||
		    rep->added + rep->duplicates != (int64_t)st->n_rows)
			abort();
		if (dp_import(S, &ACCT, csv, size, &o, a, rep) != SN_OK || rep->added != 0 ||
		    rep->import_id != 0 || store_in_tx(S))
			abort();
		json_t *j = dp_import_report_to_json(rep, &ACCT, SN_OK, false);
		if (!j)
			abort();
		json_decref(j);
		if (store_exec(S, "DELETE FROM dp_entries; DELETE FROM dp_imports"))
			abort();
	}
	free(st);
	free(again);
	free(rep);
	arena_free(a);
	return 0;
}
