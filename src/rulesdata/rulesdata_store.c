/* Rules documents in the store: every statement on rules_data. */
#include <stdio.h>
#include <string.h>

#include "rulesdata_int.h"

sn_err rules_store_adopted(store *s, const char *kind, const char *name, arena *a,
			   const char **body, int *version, bool *found)
{
	*found = false;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT body, version FROM rules_data WHERE kind = ? "
				"AND name = ? AND status = 'adopted'", "tt", kind, name);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		*found = true;
		*body = arena_strdup(a, store_col_text(st, 0));
		*version = (int)store_col_i64(st, 1);
	}
	store_done(st);
	return rc;
}

sn_err rules_store_version(store *s, const char *kind, const char *name, int version, arena *a,
			   const char **body, const char **status, bool *found)
{
	*found = false;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT body, status FROM rules_data WHERE kind = ? "
				"AND name = ? AND version = ?", "tti", kind, name, (int64_t)version);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		*found = true;
		*body = arena_strdup(a, store_col_text(st, 0));
		*status = arena_strdup(a, store_col_text(st, 1));
	}
	store_done(st);
	return rc;
}

sn_err rules_store_rows_of(store *s, const char *kind, const char *name, int version,
			   int64_t *id, char status[static 16], int64_t *adopted_id,
			   int64_t *adopted_version)
{
	*id = *adopted_id = *adopted_version = 0;
	status[0] = 0;
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc = store_query(s, &st, "SELECT id, status FROM rules_data WHERE kind = ? AND "
				"name = ? AND version = ?", "tti", kind, name, (int64_t)version);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		*id = store_col_i64(st, 0);
		snprintf(status, 16, "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (rc)
		return rc;
	st = NULL;
	row = false;
	rc = store_query(s, &st, "SELECT id, version FROM rules_data WHERE kind = ? AND "
			 "name = ? AND status = 'adopted'", "tt", kind, name);
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		*adopted_id = store_col_i64(st, 0);
		*adopted_version = store_col_i64(st, 1);
	}
	store_done(st);
	return rc;
}

sn_err rules_store_highest(store *s, const char *kind, const char *name, int64_t *version)
{
	return store_one_i64(s, version, "SELECT coalesce(max(version), 0) FROM rules_data "
			     "WHERE kind = ? AND name = ?", "tt", kind, name);
}

sn_err rules_store_insert_draft(store *s, const char *kind, const char *name, int version,
				const char *body, const char *note, const char *actor,
				const char *now)
{
	return store_run(s, "INSERT INTO rules_data (kind, name, version, status, body, note, "
			    "created_by, created_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?)",
			 "ttitttt", kind, name, (int64_t)version, body, note, actor, now);
}

sn_err rules_store_next_gen(store *s, int64_t *gen)
{
	return store_one_i64(s, gen, "SELECT coalesce(max(gen), 0) + 1 FROM rules_data", "");
}

sn_err rules_store_retire(store *s, int64_t id, int64_t gen)
{
	return store_run(s, "UPDATE rules_data SET status = 'retired', gen = ? WHERE id = ?", "ii",
			 gen, id);
}

sn_err rules_store_adopt_row(store *s, int64_t id, int64_t gen, const char *now)
{
	return store_run(s, "UPDATE rules_data SET status = 'adopted', adopted_at = ?, gen = ? "
			    "WHERE id = ?", "tii", now, gen, id);
}

sn_err rules_store_generation(store *s, int64_t *gen)
{
	return store_one_i64(s, gen, "SELECT coalesce(max(gen), 0) FROM rules_data", "");
}

sn_err rules_store_names(store *s, const char *kind, arena *a, const char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT DISTINCT name FROM rules_data WHERE kind = ?", "t",
				kind);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*names = arena_grow(a, *names, *n, &cap, sizeof **names);
		(*names)[(*n)++] = arena_strdup(a, store_col_text(st, 0));
	}
	store_done(st);
	return rc;
}

sn_err rules_store_all(store *s, arena *a, rules_store_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT r.kind, r.name, r.version, r.status, r.created_by, "
		"coalesce(u.name, r.created_by), r.created_at, coalesce(r.adopted_at, ''), r.note "
		"FROM rules_data r LEFT JOIN users u ON u.uuid = r.created_by", "");
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		rules_store_row *x = &(*rows)[(*n)++];
		x->kind = arena_strdup(a, store_col_text(st, 0));
		x->name = arena_strdup(a, store_col_text(st, 1));
		x->version = store_col_i64(st, 2);
		x->status = arena_strdup(a, store_col_text(st, 3));
		x->created_by = arena_strdup(a, store_col_text(st, 4));
		x->created_by_name = arena_strdup(a, store_col_text(st, 5));
		x->created_at = arena_strdup(a, store_col_text(st, 6));
		x->adopted_at = arena_strdup(a, store_col_text(st, 7));
		x->note = arena_strdup(a, store_col_text(st, 8));
	}
	store_done(st);
	return rc;
}
