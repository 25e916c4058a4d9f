/* The commissioners' figures in the store: every statement of insight.
 * Only the activity's monthly sums are read for activity (never activity
 * itself), and the directory for supply. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "insight.h"

static sn_err axis_read(store_stmt *st, arena *a, ins_axis *out)
{
	sn_err rc = SN_OK;
	size_t cap = 0, cap2 = 0;
	*out = (ins_axis){0};
	while (store_next(st, &rc)) {
		out->keys = arena_grow(a, out->keys, out->n, &cap, sizeof *out->keys);
		out->words = arena_grow(a, out->words, out->n, &cap2, sizeof *out->words);
		out->keys[out->n] = arena_strdup(a, store_col_text(st, 0));
		out->words[out->n] = arena_strdup(a, store_col_text(st, 1));
		out->n++;
	}
	store_done(st);
	return rc;
}

sn_err ins_localities(store *s, arena *a, ins_axis *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT CAST(id AS TEXT), name FROM localities ORDER BY name", "");
	return rc ? rc : axis_read(st, a, out);
}

sn_err ins_needs(store *s, arena *a, ins_axis *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT code, min(name) FROM dir_taxonomy_terms t WHERE code IS NOT NULL AND code <> '' "
				"AND EXISTS (SELECT 1 FROM dir_attributes a WHERE a.taxonomy_term_id = t.id "
				"AND a.link_entity = 'service') GROUP BY code ORDER BY min(name)", "");
	return rc ? rc : axis_read(st, a, out);
}

sn_err ins_details_seen(store *s, arena *a, const char *kind, const char *from, const char *to, ins_axis *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT DISTINCT detail, detail FROM activity_months WHERE kind = ? AND month >= ? "
				"AND month <= ? ORDER BY detail", "ttt", kind, from, to);
	return rc ? rc : axis_read(st, a, out);
}

static const char *dim_sql(ins_dim d)
{
	switch (d) {
	case INS_MONTH: return "month";
	case INS_LOCALITY: return "CAST(locality_id AS TEXT)";
	case INS_DETAIL: return "detail";
	case INS_AGE: return "age_band";
	case INS_CARER: return "CAST(carer AS TEXT)";
	}
	return "detail";
}

static sn_err cells_read(store_stmt *st, arena *a, ins_cell **cells, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	*cells = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*cells = arena_grow(a, *cells, *n, &cap, sizeof **cells);
		ins_cell *c = &(*cells)[(*n)++];
		c->row = arena_strdup(a, store_col_text(st, 0));
		c->col = arena_strdup(a, store_col_text(st, 1));
		c->n = store_col_i64(st, 2);
		c->total = store_col_i64(st, 3);
	}
	store_done(st);
	return rc;
}

sn_err ins_sums(store *s, arena *a, const char *kind, const char *from, const char *to, ins_dim rows,
		ins_dim cols, int64_t locality, ins_cell **cells, size_t *n)
{
	const char *r = dim_sql(rows), *c = dim_sql(cols);
	/* By locality from one table, by age band or carer status from the
	 * other; the primary key leads with kind and month: one range of it.
	 * An area's own figures split by age are not kept (none is drawn). */
	bool equity = rows == INS_AGE || rows == INS_CARER || cols == INS_AGE || cols == INS_CARER;
	if (equity && locality > 0)
		return SN_EINPUT;
	store_stmt *st = NULL;
	sn_err rc = equity
		? store_query(s, &st, arena_printf(a, "SELECT %s, %s, sum(n), sum(total) FROM activity_equity "
						   "WHERE kind = ? AND month >= ? AND month <= ? GROUP BY 1, 2", r, c),
			      "ttt", kind, from, to)
		: store_query(s, &st, arena_printf(a, "SELECT %s, %s, sum(n), sum(total) FROM activity_months "
						   "WHERE kind = ? AND month >= ? AND month <= ? "
						   "AND (? = 0 OR locality_id = ?) GROUP BY 1, 2", r, c),
			      "tttii", kind, from, to, locality, locality);
	return rc ? rc : cells_read(st, a, cells, n);
}

sn_err ins_people(store *s, arena *a, const char *kind, const char *from, const char *to, ins_cell **cells,
		  size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT CAST(locality_id AS TEXT), '', max(people), 0 FROM activity_people_months "
				"WHERE kind = ? AND month >= ? AND month <= ? GROUP BY locality_id", "ttt", kind, from, to);
	return rc ? rc : cells_read(st, a, cells, n);
}

sn_err ins_supply(store *s, arena *a, ins_cell **cells, size_t *n)
{
	/* A service counts under each need it meets (each of its taxonomy
	 * terms), in its locality: one pass over the links, no sort. */
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT t.code, CAST(coalesce(v.locality_id, 0) AS TEXT), count(*), 0 FROM dir_attributes x "
		"JOIN dir_services v ON v.id = x.link_id JOIN dir_taxonomy_terms t ON t.id = x.taxonomy_term_id "
		"WHERE x.link_entity = 'service' AND v.moderation = 'published' AND v.status = 'active' "
		"AND t.code IS NOT NULL AND t.code <> '' GROUP BY t.code, v.locality_id", "");
	return rc ? rc : cells_read(st, a, cells, n);
}

sn_err ins_area(store *s, arena *a, const char *uuid, int64_t *id, const char **name)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, name FROM localities WHERE uuid = ?", "t", uuid);
	if (rc)
		return rc;
	if (store_next(st, &rc)) {
		*id = store_col_i64(st, 0);
		*name = arena_strdup(a, store_col_text(st, 1));
	} else if (!rc) {
		rc = SN_ENOTFOUND;
	}
	store_done(st);
	return rc;
}

sn_err ins_areas(store *s, arena *a, ins_axis *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT uuid, name FROM localities ORDER BY name", "");
	return rc ? rc : axis_read(st, a, out);
}
