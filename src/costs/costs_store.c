/* Pathway costs in the store: every statement. An import links each good
 * row to the one living person with its NHS number, skips rows stored
 * before (by fingerprint) and stores the rest with the import's record and
 * the audit, in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../activity/activity.h"
#include "../insight/insight.h"
#include "costs.h"

/* The living records with this NHS number: how many (at most 2 looked at),
 * and the first's id, uuid and date of birth. */
static sn_err person_of(store *s, const char *nhs, int *n, int64_t *id, char uuid[static 37], char dob[static 11])
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, coalesce(date_of_birth, '') FROM people "
					"WHERE nhs_number = ? AND merged_into IS NULL ORDER BY id LIMIT 2",
				"t", nhs);
	*n = 0;
	while (!rc && store_next(st, &rc)) {
		if ((*n)++)
			continue;
		*id = store_col_i64(st, 0);
		snprintf(uuid, 37, "%s", store_col_text(st, 1));
		snprintf(dob, 11, "%s", store_col_text(st, 2));
	}
	store_done(st);
	return rc;
}

sn_err costs_import_begin(store *s, const char *file_name, const char *by, int64_t *import_id)
{
	char uuid[37], now[21];
	uuid_v4(uuid);
	time_iso8601(time_now(), now);
	sn_err rc = store_run(s, "INSERT INTO cost_imports (uuid, file_name, file_sha256, imported_by, imported_at, "
				 "rows_read, rows_stored, rows_already, rows_refused) VALUES (?, ?, '', ?, ?, 0, 0, 0, 0)",
			      "tttt", uuid, file_name, by, now);
	if (!rc)
		rc = store_one_i64(s, import_id, "SELECT id FROM cost_imports WHERE uuid = ?", "t", uuid);
	return rc;
}

sn_err costs_add(store *s, int64_t import_id, int64_t person_id, const char *day, const char *setting,
		 int64_t pence, const char *fingerprint)
{
	char dob[11] = "";
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT coalesce(date_of_birth, '') FROM people WHERE id = ?", "i", person_id);
	if (!rc && store_next(st, &rc))
		snprintf(dob, sizeof dob, "%s", store_col_text(st, 0));
	store_done(st);
	if (rc)
		return rc;
	return store_run(s, "INSERT INTO pathway_costs (import_id, person_id, day, setting, cost_pence, age_band, "
			    "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
			 "iittitt", import_id, person_id, day, setting, pence, activity_age_band(dob, day), fingerprint);
}

/* One audit entry for each person whose costs this import stored. */
static sn_err audit_people(store *s, int64_t import_id, const char *import_uuid, const char *by, arena *a)
{
	store_stmt *st = NULL;
	audit_entry *e = NULL;
	size_t n = 0, cap = 0;
	const char *why = arena_printf(a, "pathway costs import %s by %s", import_uuid, by);
	sn_err rc = store_query(s, &st, "SELECT DISTINCT p.uuid FROM pathway_costs c JOIN people p ON p.id = c.person_id "
					"WHERE c.import_id = ? ORDER BY p.uuid",
				"i", import_id);
	while (!rc && store_next(st, &rc)) {
		e = arena_grow(a, e, n, &cap, sizeof *e);
		e[n++] = (audit_entry){"system", "admin", "costs.import",
				       arena_printf(a, "person:%s", store_col_text(st, 0)), why};
	}
	store_done(st);
	if (!rc && n)
		rc = audit_append_many(s, e, n);
	audit_entry all = {"system", "admin", "costs.import", arena_printf(a, "cost_import:%s", import_uuid),
			   arena_printf(a, "by %s: %zu people", by, n)};
	return rc ? rc : audit_append(s, &all);
}

/* Links and stores (or counts, for a dry run) each good row. */
static sn_err link_rows(store *s, costs_extract *x, int64_t import_id, arena *a, costs_import_result *out)
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < x->n_rows && !rc; i++) {
		const costs_row *c = &x->rows[i];
		int n = 0;
		int64_t pid = 0;
		char uuid[37], dob[11];
		rc = person_of(s, c->nhs, &n, &pid, uuid, dob);
		if (rc)
			break;
		if (n != 1) {
			costs_problem(x, a, c->row, n ? "more than one person has this NHS number: not linked"
						      : "no person with this NHS number");
			*(n ? &out->ambiguous : &out->unknown) += 1;
			continue;
		}
		int64_t seen = 0;
		rc = store_one_i64(s, &seen, "SELECT count(*) FROM pathway_costs WHERE fingerprint = ?", "t",
				   c->fingerprint);
		if (rc || seen) {
			out->already += !rc;
			continue;
		}
		out->stored++;
		if (import_id)
			rc = store_run(s, "INSERT INTO pathway_costs (import_id, person_id, day, setting, cost_pence, "
					  "age_band, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
				       "iittitt", import_id, pid, c->day, c->setting, c->pence,
				       activity_age_band(dob, c->day), c->fingerprint);
	}
	return rc;
}

sn_err costs_import(store *s, costs_extract *x, const char *file_sha256, const costs_import_opts *o, arena *a,
		    costs_import_result *out)
{
	memset(out, 0, sizeof *out);
	const char *base = strrchr(o->file_name, '/');
	const char *file = base ? base + 1 : o->file_name;
	sn_err rc = store_begin_write(s);
	if (rc)
		return rc;
	int64_t import_id = 0;
	if (!o->dry_run) {
		rc = costs_import_begin(s, file, o->by, &import_id);
		if (!rc)
			rc = store_run(s, "UPDATE cost_imports SET file_sha256 = ? WHERE id = ?", "ti", file_sha256,
				       import_id);
	}
	if (!rc)
		rc = link_rows(s, x, import_id, a, out);
	if (!rc && !o->dry_run) {
		rc = store_run(s, "UPDATE cost_imports SET rows_read = ?, rows_stored = ?, rows_already = ?, "
				  "rows_refused = ? WHERE id = ?",
			       "iiiii", x->rows_read, out->stored, out->already, x->bad_rows, import_id);
		store_stmt *st = NULL;
		if (!rc)
			rc = store_query(s, &st, "SELECT uuid FROM cost_imports WHERE id = ?", "i", import_id);
		if (!rc && store_next(st, &rc))
			snprintf(out->import_uuid, sizeof out->import_uuid, "%s", store_col_text(st, 0));
		store_done(st);
		if (!rc)
			rc = audit_people(s, import_id, out->import_uuid, o->by, a);
	}
	if (rc || o->dry_run) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s);
}

static int band_index(const char *key)
{
	for (int i = 0; i < COSTS_N_BANDS - 1; i++)
		if (str_eq(key, ins_age_keys[i]))
			return i;
	return COSTS_N_BANDS - 1;
}

/* One person's groups (setting, band, last day, pence) into a row a
 * stage, the band at the stage's last cost. */
typedef struct {
	bool any;
	char last[11];
	int band;
	int64_t pence;
} stage_acc;

static void flush(int64_t pid, stage_acc *acc, arena *a, costs_person_stage **out, size_t *n, size_t *cap)
{
	for (int k = 0; k < N_STAGES; k++) {
		if (!acc[k].any)
			continue;
		*out = arena_grow(a, *out, *n, cap, sizeof **out);
		(*out)[(*n)++] = (costs_person_stage){pid, (costs_stage)k, acc[k].band, acc[k].pence};
	}
	memset(acc, 0, N_STAGES * sizeof *acc);
}

sn_err costs_people_stages(store *s, arena *a, const char *from, const char *to, costs_person_stage **out,
			   size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT person_id, setting, age_band, max(day), sum(cost_pence) "
					"FROM pathway_costs WHERE person_id IS NOT NULL AND day >= ? AND day <= ? "
					"GROUP BY person_id, setting, age_band ORDER BY person_id",
				"tt", from, to);
	stage_acc acc[N_STAGES] = {0};
	int64_t pid = 0;
	while (!rc && store_next(st, &rc)) {
		int64_t p = store_col_i64(st, 0);
		costs_stage k = costs_stage_of(store_col_text(st, 1));
		if (p != pid)
			flush(pid, acc, a, out, n, &cap);
		pid = p;
		if (k >= N_STAGES)
			continue;
		const char *last = store_col_text(st, 3);
		if (!acc[k].any || strcmp(last, acc[k].last) > 0) {
			snprintf(acc[k].last, sizeof acc[k].last, "%.10s", last);
			acc[k].band = band_index(store_col_text(st, 2));
		}
		acc[k].any = true;
		acc[k].pence += store_col_i64(st, 4);
	}
	store_done(st);
	if (!rc)
		flush(pid, acc, a, out, n, &cap);
	return rc;
}

sn_err costs_cohort_count(store *s, int min_age, const char *day, int64_t *n)
{
	/* Born on or before the day min_age years ago. */
	char born[11];
	int y = atoi(day) - min_age;
	snprintf(born, sizeof born, "%04d%.6s", y < 0 ? 0 : y % 10000, day + 4);
	return store_one_i64(s, n, "SELECT count(*) FROM people WHERE merged_into IS NULL AND date_of_birth IS NOT NULL "
				   "AND date_of_birth <> '' AND date_of_birth <= ?",
			     "t", born);
}

sn_err costs_people_with_nhs(store *s, arena *a, size_t max, int64_t **ids, char ***dobs, size_t *n)
{
	size_t cap = 0, cap2 = 0;
	*ids = NULL;
	*dobs = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, coalesce(date_of_birth, '') FROM people WHERE merged_into IS NULL "
					"AND nhs_number IS NOT NULL AND nhs_number <> '' ORDER BY id LIMIT ?",
				"i", (int64_t)max);
	while (!rc && store_next(st, &rc)) {
		*ids = arena_grow(a, *ids, *n, &cap, sizeof **ids);
		*dobs = arena_grow(a, *dobs, *n, &cap2, sizeof **dobs);
		(*ids)[*n] = store_col_i64(st, 0);
		(*dobs)[(*n)++] = arena_strdup(a, store_col_text(st, 1));
	}
	store_done(st);
	return rc;
}
