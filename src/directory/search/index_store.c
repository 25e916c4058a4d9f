/* Every SQL statement of the search's lists (search_index.c): dir_search's
 * rows (FTS5, or the tsvector on PostgreSQL), dir_words, dir_points and
 * dir_points_stale, dir_names and dir_words_state. */
#include <stdlib.h>
#include <string.h>

#include "search_int.h"

/* ---- the indexed text (dir_search) ---- */

sn_err search_index_text_write(store *s, int64_t service_id)
{
	if (store_kind_of(s) == STORE_POSTGRES) {
		sn_err rc =
		    store_run(s, "DELETE FROM dir_search WHERE service_id = ?", "i", service_id);
		/* Name, description, and the names and codes of its taxonomy
		 * terms (so "lunch club" finds what is tagged so). */
		if (!rc)
			rc = store_run(
			    s,
			    "INSERT INTO dir_search (service_id, doc) SELECT s.id, "
			    "setweight(to_tsvector('english', s.name), 'A') || "
			    "setweight(to_tsvector('english', coalesce((SELECT string_agg(tt.name "
			    "|| ' ' || "
			    "replace(coalesce(tt.code, ''), '-', ' '), ' ') FROM dir_attributes t "
			    "JOIN "
			    "dir_taxonomy_terms tt ON tt.id = t.taxonomy_term_id WHERE "
			    "t.link_entity = 'service' "
			    "AND t.link_id = s.id), '')), 'B') || "
			    "setweight(to_tsvector('english', s.description), 'C') "
			    "FROM dir_services s WHERE s.id = ? AND s.moderation = 'published'",
			    "i", service_id);
		return rc;
	}
	sn_err rc = store_run(s, "DELETE FROM dir_search WHERE rowid = ?", "i", service_id);
	if (!rc)
		rc = store_run(
		    s,
		    "INSERT INTO dir_search (rowid, name, description, terms) SELECT s.id, s.name, "
		    "s.description, coalesce((SELECT group_concat(tt.name || ' ' || "
		    "replace(coalesce(tt.code, ''), '-', ' '), ' ') FROM dir_attributes t JOIN "
		    "dir_taxonomy_terms tt ON tt.id = t.taxonomy_term_id WHERE t.link_entity = "
		    "'service' "
		    "AND t.link_id = s.id), '') FROM dir_services s WHERE s.id = ? "
		    "AND s.moderation = 'published'",
		    "i", service_id);
	return rc;
}

sn_err search_index_text_of(store *s, int64_t id, char *cols[3], bool *found)
{
	cols[0] = cols[1] = cols[2] = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st, "SELECT name, description, terms FROM dir_search WHERE rowid = ?", "i", id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	*found = !rc && row;
	if (*found) {
		/* store_col_text is valid until the next step: copies, out of
		 * the way of the next column's conversion. */
		for (int c = 0; c < 3; c++)
			cols[c] = xstrdup(store_col_text(st, c));
	}
	store_done(st);
	return rc;
}

sn_err search_index_text_count(store *s, int64_t *n)
{
	return store_one_i64(s, n, "SELECT count(*) FROM dir_search", "");
}

sn_err search_index_each_text(store *s, search_index_text_fn *fn, void *ctx)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st, "SELECT rowid, name, description, terms FROM dir_search ORDER BY rowid", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t id = store_col_i64(st, 0);
		if (id <= 0 || id > (int64_t)UINT32_MAX)
			continue; /* never written by search_index_service */
		char *c0 = xstrdup(store_col_text(st, 1)), *c1 = xstrdup(store_col_text(st, 2));
		const char *cols[3] = {c0, c1, store_col_text(st, 3)};
		rc = fn(ctx, id, cols);
		free(c0);
		free(c1);
	}
	store_done(st);
	return rc;
}

/* ---- the word lists (dir_words) ---- */

sn_err search_index_words_read(store *s, const char *w, int64_t chunk, buf *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st, "SELECT postings FROM dir_words WHERE word = ? AND chunk = ?", "ti", w, chunk);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		rc = buf_append(out, p, n - n % SEARCH_POSTING);
	}
	store_done(st);
	return rc;
}

sn_err search_index_words_write(store *s, const char *w, int64_t chunk, const void *postings,
                                size_t n)
{
	if (n == 0)
		return store_run(s, "DELETE FROM dir_words WHERE word = ? AND chunk = ?", "ti", w,
		                 chunk);
	store_stmt *st = NULL;
	sn_err rc =
	    store_prepare(s,
	                  "INSERT INTO dir_words (word, chunk, n, postings) VALUES (?, ?, ?, ?) "
	                  "ON CONFLICT (word, chunk) DO UPDATE SET n = excluded.n, "
	                  "postings = excluded.postings",
	                  &st);
	if (!rc)
		rc = store_bind_text(st, 1, w);
	if (!rc)
		rc = store_bind_i64(st, 2, chunk);
	if (!rc)
		rc = store_bind_i64(st, 3, (int64_t)n);
	if (!rc)
		rc = store_bind_blob(st, 4, postings, n * SEARCH_POSTING);
	bool more = false;
	if (!rc)
		rc = store_step(st, &more);
	store_done(st);
	return rc;
}

sn_err search_index_words_insert(store *s, const char *w, int64_t chunk, const void *postings,
                                 size_t len)
{
	store_stmt *st = NULL;
	sn_err rc = store_prepare(
	    s, "INSERT INTO dir_words (word, chunk, n, postings) VALUES (?, ?, ?, ?)", &st);
	if (!rc)
		rc = store_bind_text(st, 1, w);
	if (!rc)
		rc = store_bind_i64(st, 2, chunk);
	if (!rc)
		rc = store_bind_i64(st, 3, (int64_t)(len / SEARCH_POSTING));
	if (!rc)
		rc = store_bind_blob(st, 4, postings, len);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

sn_err search_index_words_clear(store *s)
{
	return store_run(s, "DELETE FROM dir_words", "");
}

sn_err search_words_list(store *s, const char *w, buf *out)
{
	out->len = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st, "SELECT postings FROM dir_words WHERE word = ? ORDER BY chunk", "t", w);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		rc = buf_append(out, p, n - n % SEARCH_POSTING);
	}
	store_done(st);
	return rc;
}

/* ---- the points (dir_points, dir_points_stale) ---- */

/* A service at location as a point: false when its id does not fit (its
 * service is then left stale, so searches read it from the tables). */
static bool point_of(uint8_t *e, int64_t service, store_stmt *st, int sal_col)
{
	int64_t sal = store_col_i64(st, sal_col);
	if (sal <= 0 || sal > (int64_t)UINT32_MAX)
		return false;
	bool none = store_col_null(st, sal_col + 1) || store_col_null(st, sal_col + 2);
	search_point_put(e, (uint32_t)service, (uint32_t)sal,
	                 none ? SEARCH_POINT_NONE : (int32_t)store_col_i64(st, sal_col + 1),
	                 none ? SEARCH_POINT_NONE : (int32_t)store_col_i64(st, sal_col + 2));
	return true;
}

sn_err search_index_points_of(store *s, int64_t service, buf *out, bool *left)
{
	store_stmt *st = NULL;
	sn_err rc =
	    store_query(s, &st,
	                "SELECT x.id, l.lat_e6, l.lon_e6 FROM dir_service_at_locations x "
	                "LEFT JOIN dir_locations l ON l.id = x.location_id WHERE x.service_id = ?",
	                "i", service);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		uint8_t e[SEARCH_POINT];
		if (point_of(e, service, st, 0))
			rc = buf_append(out, e, SEARCH_POINT);
		else
			*left = true;
	}
	store_done(st);
	return rc;
}

sn_err search_index_each_point(store *s, search_index_point_fn *fn, void *ctx)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT x.service_id, x.id, l.lat_e6, l.lon_e6 "
	    "FROM dir_service_at_locations x LEFT JOIN dir_locations l ON l.id = x.location_id "
	    "ORDER BY x.service_id",
	    "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t id = store_col_i64(st, 0);
		if (id <= 0 || id > (int64_t)UINT32_MAX)
			continue;
		uint8_t e[SEARCH_POINT];
		rc = fn(ctx, id, point_of(e, id, st, 1) ? e : NULL);
	}
	store_done(st);
	return rc;
}

sn_err search_points_read(store *s, int64_t chunk, buf *out)
{
	store_stmt *st = NULL;
	sn_err rc =
	    store_query(s, &st, "SELECT points FROM dir_points WHERE chunk = ?", "i", chunk);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		rc = buf_append(out, p, n - n % SEARCH_POINT);
	}
	store_done(st);
	return rc;
}

sn_err search_index_points_write(store *s, int64_t chunk, const buf *b)
{
	size_t n = b->len / SEARCH_POINT;
	if (n == 0)
		return store_run(s, "DELETE FROM dir_points WHERE chunk = ?", "i", chunk);
	store_stmt *st = NULL;
	sn_err rc = store_prepare(
	    s,
	    "INSERT INTO dir_points (chunk, n, points) VALUES (?, ?, ?) "
	    "ON CONFLICT (chunk) DO UPDATE SET n = excluded.n, points = excluded.points",
	    &st);
	if (!rc)
		rc = store_bind_i64(st, 1, chunk);
	if (!rc)
		rc = store_bind_i64(st, 2, (int64_t)n);
	if (!rc)
		rc = store_bind_blob(st, 3, b->data, b->len);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

sn_err search_index_points_clear(store *s)
{
	return store_run(s, "DELETE FROM dir_points", "");
}

sn_err search_points_chunks(store *s, int64_t *last)
{
	*last = -1;
	sn_err rc = store_one_i64(s, last, "SELECT coalesce(max(chunk), -1) FROM dir_points", "");
	return rc;
}

sn_err search_index_stale_read(store *s, int64_t **ids, size_t *n)
{
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc =
	    store_query(s, &st, "SELECT service_id FROM dir_points_stale ORDER BY service_id", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t id = store_col_i64(st, 0);
		if (id <= 0 || id > (int64_t)UINT32_MAX)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = id;
	}
	store_done(st);
	return rc;
}

sn_err search_index_stale_mark(store *s, int64_t service_id)
{
	return store_run(s,
	                 "INSERT INTO dir_points_stale (service_id) SELECT ? WHERE NOT EXISTS "
	                 "(SELECT 1 FROM dir_points_stale WHERE service_id = ?)",
	                 "ii", service_id, service_id);
}

sn_err search_index_stale_clear(store *s)
{
	return store_run(s, "DELETE FROM dir_points_stale", "");
}

/* ---- the name order (dir_names) ---- */

sn_err search_names_read(store *s, int64_t chunk, uint8_t *out)
{
	memset(out, 0, SEARCH_CHUNK_IDS * 4);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT ords FROM dir_names WHERE chunk = ?", "i", chunk);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		memcpy(out, p, n < SEARCH_CHUNK_IDS * 4 ? n : SEARCH_CHUNK_IDS * 4);
	}
	store_done(st);
	return rc;
}

sn_err search_index_names_write(store *s, int64_t chunk, const uint8_t *ords)
{
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s,
	                          "INSERT INTO dir_names (chunk, ords) VALUES (?, ?) "
	                          "ON CONFLICT (chunk) DO UPDATE SET ords = excluded.ords",
	                          &st);
	if (!rc)
		rc = store_bind_i64(st, 1, chunk);
	if (!rc)
		rc = store_bind_blob(st, 2, ords, SEARCH_CHUNK_IDS * 4);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

sn_err search_index_names_start(store *s, int64_t *published, int64_t *top)
{
	sn_err rc = store_one_i64(
	    s, published, "SELECT count(*) FROM dir_services WHERE moderation = 'published'", "");
	if (!rc)
		rc = store_one_i64(s, top, "SELECT coalesce(max(id), 0) FROM dir_services", "");
	if (!rc)
		rc = store_run(s, "DELETE FROM dir_names", "");
	return rc;
}

sn_err search_index_each_by_name(store *s, search_index_id_fn *fn, void *ctx)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st, "SELECT id FROM dir_services WHERE moderation = 'published' ORDER BY name, id",
	    "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		fn(ctx, store_col_i64(st, 0));
	}
	store_done(st);
	return rc;
}

sn_err search_index_published_name(store *s, int64_t id, char **name)
{
	*name = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st, "SELECT name FROM dir_services WHERE id = ? AND moderation = 'published'", "i",
	    id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		*name = xstrdup(store_col_text(st, 0));
	store_done(st);
	return rc;
}

sn_err search_index_name_neighbour(store *s, const char *name, int64_t id, bool after, int64_t *nb)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        !after ? "SELECT id FROM dir_services WHERE moderation = "
	                                 "'published' AND (name, id) < (?, ?) "
	                                 "ORDER BY name DESC, id DESC LIMIT 1"
	                               : "SELECT id FROM dir_services WHERE moderation = "
	                                 "'published' AND (name, id) > (?, ?) "
	                                 "ORDER BY name, id LIMIT 1",
	                        "ti", name, id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	*nb = row && !rc ? store_col_i64(st, 0) : 0;
	store_done(st);
	return rc;
}

/* ---- the lists' state (dir_words_state) ---- */

sn_err search_words_state(store *s, search_words_stats *out)
{
	*out = (search_words_stats){0};
	if (store_kind_of(s) != STORE_SQLITE)
		return SN_OK;
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st, "SELECT built, docs, tokens, gen FROM dir_words_state WHERE id = 1", "");
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		out->built = store_col_i64(st, 0) != 0;
		out->docs = store_col_i64(st, 1);
		out->tokens = store_col_i64(st, 2);
		out->gen = store_col_i64(st, 3);
	}
	store_done(st);
	return rc;
}

sn_err search_index_state_add(store *s, int64_t docs, int64_t tokens)
{
	return store_run(
	    s, "UPDATE dir_words_state SET docs = docs + ?, tokens = tokens + ? WHERE id = 1", "ii",
	    docs, tokens);
}

sn_err search_index_state_bump(store *s)
{
	return store_run(s, "UPDATE dir_words_state SET gen = gen + 1 WHERE id = 1", "");
}

sn_err search_index_state_built(store *s, int64_t docs, int64_t tokens, int64_t gen)
{
	return store_run(
	    s, "UPDATE dir_words_state SET built = 1, docs = ?, tokens = ?, gen = ? WHERE id = 1",
	    "iii", docs, tokens, gen);
}

sn_err search_index_bulk(store *s)
{
	if (store_kind_of(s) != STORE_SQLITE)
		return SN_OK;
	return store_run(s, "UPDATE dir_words_state SET built = 0 WHERE id = 1", "");
}
