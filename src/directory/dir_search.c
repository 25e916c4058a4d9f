/* The one search over the directory, for the ORUK API and the pages:
 * filters in SQL, full text through the backend's own engine (FTS5 with
 * Porter stemming on SQLite, a tsvector with the English configuration on
 * PostgreSQL), paged, ranked by relevance then name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory.h"
#include "geo.h"

size_t dir_search_words(const char *text, char words[][64], size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t scanned = 0;
	while (*p && n < max && scanned < DIR_SEARCH_MAX) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9') || *p >= 0x80)) {
			p++;
			scanned++;
		}
		size_t len = 0;
		while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p >= 0x80)) {
			if (len < 63)
				words[n][len++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
			p++;
			scanned++;
		}
		if (len) {
			words[n][len] = 0;
			n++;
		}
	}
	return n;
}

typedef struct {
	char type; /* 'i' or 't' */
	int64_t i;
	const char *t;
} bindv;

typedef struct {
	buf where;
	bindv v[24];
	size_t n;
} clauses;

static void add(clauses *c, const char *sql, char type, int64_t i, const char *t)
{
	buf_printf(&c->where, " AND %s", sql);
	if (type && c->n < SN_ARRAY_LEN(c->v))
		c->v[c->n++] = (bindv){type, i, t};
}

static sn_err bind_all(store_stmt *st, const bindv *v, size_t n, int first)
{
	sn_err rc = SN_OK;
	for (size_t k = 0; k < n && !rc; k++)
		rc = v[k].type == 'i' ? store_bind_i64(st, first + (int)k, v[k].i)
				      : store_bind_text(st, first + (int)k, v[k].t);
	return rc;
}

typedef struct {
	int64_t id, distance;
	int64_t pos; /* relevance order from the engine */
} near_hit;

static int near_cmp(const void *x, const void *y)
{
	const near_hit *a = x, *b = y;
	/* Distance bands (1 km, 3 km, 10 km, further; no location last), then
	 * relevance within a band, then distance. */
	static const int64_t bands[] = {1000, 3000, 10000, INT64_MAX};
	int ba = 5, bb = 5;
	for (int i = 3; i >= 0; i--) {
		if (a->distance >= 0 && a->distance <= bands[i])
			ba = i;
		if (b->distance >= 0 && b->distance <= bands[i])
			bb = i;
	}
	if (ba != bb)
		return ba < bb ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return a->distance < b->distance ? -1 : a->distance > b->distance;
}

/* The search near a point: every match with the coordinates of its
 * locations (inside the radius's box when there is one), the distance to
 * the nearest worked out here, then banded, sorted and paged. */
static sn_err near_point(store *s, arena *a, const dir_query *q, const char *from, const char *order,
			 const clauses *c, bool has_text, const char *text, bool pg, dir_results *out)
{
	char *where = arena_strdup(a, c->where.data);
	geo_box box;
	if (q->within_m > 0) {
		/* The services with a location inside the radius's box (the
		 * latitude index finds them), made once. */
		geo_bbox(q->lat_e6, q->lon_e6, q->within_m, &box);
		where = arena_printf(a, "%s AND s.id IN (SELECT x2.service_id FROM dir_locations l2 JOIN "
				     "dir_service_at_locations x2 ON x2.location_id = l2.id "
				     "WHERE l2.lat_e6 BETWEEN %d AND %d AND l2.lon_e6 BETWEEN %d AND %d)",
				     where, box.lat_min_e6, box.lat_max_e6, box.lon_min_e6, box.lon_max_e6);
	}
	char *sql = arena_printf(a, "SELECT s.id, l.lat_e6, l.lon_e6 FROM %s "
				 "LEFT JOIN dir_service_at_locations x ON x.service_id = s.id "
				 "LEFT JOIN dir_locations l ON l.id = x.location_id WHERE %s ORDER BY %s",
				 from, where, order);
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s, sql, &st);
	int at = 1;
	if (!rc && has_text)
		rc = store_bind_text(st, at++, text);
	if (!rc)
		rc = bind_all(st, c->v, c->n, at);
	at += (int)c->n;
	if (!rc && has_text && pg)
		rc = store_bind_text(st, at++, text);
	size_t cap = 1024, n = 0;
	near_hit *hits = xmalloc(cap * sizeof *hits);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t id = store_col_i64(st, 0);
		int64_t d = -1;
		if (!store_col_null(st, 1) && !store_col_null(st, 2))
			d = geo_distance_m(q->lat_e6, q->lon_e6, (int32_t)store_col_i64(st, 1),
					   (int32_t)store_col_i64(st, 2));
		/* Rows of one service come together (ordered by relevance, then id). */
		if (n && hits[n - 1].id == id) {
			if (d >= 0 && (hits[n - 1].distance < 0 || d < hits[n - 1].distance))
				hits[n - 1].distance = d;
			continue;
		}
		if (n == cap) {
			cap *= 2;
			hits = xrealloc(hits, cap * sizeof *hits);
		}
		hits[n] = (near_hit){id, d, (int64_t)n};
		n++;
	}
	store_done(st);
	if (rc) {
		free(hits);
		return rc;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (q->within_m <= 0 || (hits[i].distance >= 0 && hits[i].distance <= q->within_m))
			hits[kept++] = hits[i];
	qsort(hits, kept, sizeof *hits, near_cmp);
	out->total = (int64_t)kept;
	int64_t start = (q->page - 1) * q->per_page;
	out->ids = arena_alloc(a, (size_t)q->per_page * sizeof *out->ids);
	out->distance_m = arena_alloc(a, (size_t)q->per_page * sizeof *out->distance_m);
	for (int64_t i = start; i < (int64_t)kept && out->n < (size_t)q->per_page; i++) {
		out->ids[out->n] = hits[i].id;
		out->distance_m[out->n++] = hits[i].distance;
	}
	free(hits);
	return SN_OK;
}

sn_err dir_search(store *s, arena *a, const dir_query *q, dir_results *out)
{
	out->total = 0;
	out->n = 0;
	out->ids = NULL;
	out->distance_m = NULL;
	bool pg = store_kind_of(s) == STORE_POSTGRES;
	char words[DIR_SEARCH_WORDS][64];
	size_t nw = dir_search_words(q->search, words, DIR_SEARCH_WORDS);
	/* The text query in the engine's own syntax: every word must match,
	 * a word or any of its synonyms ("lonely" OR "befriending" ...). The
	 * words are letters and digits only, so nothing in them is syntax. */
	buf text;
	buf_init(&text, 8192);
	for (size_t i = 0; i < nw; i++) {
		char also[DIR_SEARCH_MAX + 1] = "";
		store_stmt *st = NULL;
		if (!store_query(s, &st, "SELECT also FROM dir_synonyms WHERE word = ?", "t", words[i])) {
			bool row = false;
			if (!store_step(st, &row) && row)
				snprintf(also, sizeof also, "%s", store_col_text(st, 0));
			store_done(st);
		}
		char alt[DIR_SEARCH_WORDS][64];
		size_t na = dir_search_words(also, alt, DIR_SEARCH_WORDS);
		buf_puts(&text, i ? (pg ? " & (" : " AND (") : "(");
		buf_printf(&text, pg ? "%s" : "\"%s\"", words[i]);
		for (size_t k = 0; k < na; k++)
			buf_printf(&text, pg ? " | %s" : " OR \"%s\"", alt[k]);
		buf_puts(&text, ")");
	}

	clauses c = {0};
	buf_init(&c.where, 8192);
	buf_puts(&c.where, "s.moderation = 'published'");
	/* IN, not a correlated EXISTS: the set of services with the term is
	 * made once (an EXISTS let SQLite scan every service with the term for
	 * each service: minutes at 100,000). */
	if (q->taxonomy_term_id)
		add(&c, "s.id IN (SELECT t.link_id FROM dir_attributes t WHERE t.taxonomy_term_id = ? "
			"AND t.link_entity = 'service')", 'i', q->taxonomy_term_id, NULL);
	if (q->taxonomy_id)
		add(&c, "s.id IN (SELECT t.link_id FROM dir_attributes t JOIN dir_taxonomy_terms tt "
			"ON tt.id = t.taxonomy_term_id WHERE tt.taxonomy_id = ? AND t.link_entity = 'service')",
		    'i', q->taxonomy_id, NULL);
	if (q->organization_id)
		add(&c, "s.organization_id = ?", 'i', q->organization_id, NULL);
	if (q->locality_id)
		add(&c, "s.locality_id = ?", 'i', q->locality_id, NULL);
	if (q->modified_after && *q->modified_after)
		add(&c, "s.last_modified >= ?", 't', 0, q->modified_after);
	if (q->api_min_age >= 0)
		add(&c, "s.minimum_age >= ?", 'i', q->api_min_age, NULL);
	if (q->api_max_age >= 0)
		add(&c, "s.maximum_age <= ?", 'i', q->api_max_age, NULL);
	if (q->person_age >= 0) {
		add(&c, "(s.minimum_age IS NULL OR s.minimum_age <= ?)", 'i', q->person_age, NULL);
		add(&c, "(s.maximum_age IS NULL OR s.maximum_age >= ?)", 'i', q->person_age, NULL);
	}
	if (q->day && *q->day) {
		add(&c, "EXISTS (SELECT 1 FROM dir_schedules sc WHERE sc.service_id = s.id "
			"AND (',' || coalesce(sc.byday, '') || ',') LIKE ?", 't', 0,
			arena_printf(a, "%%%s,%%", q->day));
		if (q->start_time && *q->start_time)
			add(&c, "sc.opens_at <= ?", 't', 0, q->start_time);
		if (q->end_time && *q->end_time)
			add(&c, "sc.closes_at >= ?", 't', 0, q->end_time);
		buf_puts(&c.where, ")");
	}
	if (q->free_only)
		add(&c, "NOT EXISTS (SELECT 1 FROM dir_cost_options co WHERE co.service_id = s.id "
			"AND coalesce(co.amount_pence, 0) > 0)", 0, 0, NULL);

	const char *from, *order;
	bindv first = {0};
	bool has_text = nw > 0;
	if (has_text && pg) {
		from = "dir_search f JOIN dir_services s ON s.id = f.service_id "
		       "AND f.doc @@ to_tsquery('english', ?)";
		order = "ts_rank(f.doc, to_tsquery('english', ?)) DESC, s.name, s.id";
		first = (bindv){'t', 0, text.data};
	} else if (has_text) {
		/* CROSS JOIN makes SQLite start from the full-text matches and
		 * look each service up by id (a plain join let it scan every
		 * service and run the match once per row: 2.5 s at 100,000). */
		from = "dir_search f CROSS JOIN dir_services s ON s.id = f.rowid AND f.dir_search MATCH ?";
		order = "f.rank, s.name, s.id";
		first = (bindv){'t', 0, text.data};
	} else {
		from = "dir_services s";
		order = "s.name, s.id";
	}
	if (q->has_point) {
		sn_err rc = near_point(s, a, q, from, order, &c, has_text, first.t, pg, out);
		buf_free(&c.where);
		buf_free(&text);
		return rc;
	}
	char *count_sql = arena_printf(a, "SELECT count(*) FROM %s WHERE %s", from, c.where.data);
	char *page_sql = arena_printf(a, "SELECT s.id FROM %s WHERE %s ORDER BY %s LIMIT ? OFFSET ?",
				      from, c.where.data, order);
	buf_free(&c.where);

	store_stmt *st = NULL;
	sn_err rc = store_prepare(s, count_sql, &st);
	int at = 1;
	if (!rc && has_text)
		rc = store_bind_text(st, at++, first.t);
	if (!rc)
		rc = bind_all(st, c.v, c.n, at);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		out->total = store_col_i64(st, 0);
	store_done(st);
	if (rc || out->total == 0 || (q->page - 1) * q->per_page >= out->total) {
		buf_free(&text);
		return rc;
	}
	rc = store_prepare(s, page_sql, &st);
	at = 1;
	if (!rc && has_text)
		rc = store_bind_text(st, at++, first.t);
	if (!rc)
		rc = bind_all(st, c.v, c.n, at);
	at += (int)c.n;
	if (!rc && has_text && pg)
		rc = store_bind_text(st, at++, first.t);
	if (!rc)
		rc = store_bind_i64(st, at++, q->per_page);
	if (!rc)
		rc = store_bind_i64(st, at++, (q->page - 1) * q->per_page);
	out->ids = arena_alloc(a, (size_t)q->per_page * sizeof *out->ids);
	row = true;
	while (!rc && !(rc = store_step(st, &row)) && row && out->n < (size_t)q->per_page)
		out->ids[out->n++] = store_col_i64(st, 0);
	store_done(st);
	buf_free(&text);
	return rc;
}

sn_err dir_index_service(store *s, int64_t service_id)
{
	bool pg = store_kind_of(s) == STORE_POSTGRES;
	sn_err rc = store_run(s, pg ? "DELETE FROM dir_search WHERE service_id = ?"
				    : "DELETE FROM dir_search WHERE rowid = ?", "i", service_id);
	if (rc)
		return rc;
	/* Name, description, and the names and codes of its taxonomy terms
	 * (so "lunch club" finds what is tagged so). */
	if (pg)
		return store_run(s,
			"INSERT INTO dir_search (service_id, doc) SELECT s.id, "
			"setweight(to_tsvector('english', s.name), 'A') || "
			"setweight(to_tsvector('english', coalesce((SELECT string_agg(tt.name || ' ' || "
			"replace(coalesce(tt.code, ''), '-', ' '), ' ') FROM dir_attributes t JOIN "
			"dir_taxonomy_terms tt ON tt.id = t.taxonomy_term_id WHERE t.link_entity = 'service' "
			"AND t.link_id = s.id), '')), 'B') || "
			"setweight(to_tsvector('english', s.description), 'C') "
			"FROM dir_services s WHERE s.id = ? AND s.moderation = 'published'", "i", service_id);
	return store_run(s,
		"INSERT INTO dir_search (rowid, name, description, terms) SELECT s.id, s.name, "
		"s.description, coalesce((SELECT group_concat(tt.name || ' ' || "
		"replace(coalesce(tt.code, ''), '-', ' '), ' ') FROM dir_attributes t JOIN "
		"dir_taxonomy_terms tt ON tt.id = t.taxonomy_term_id WHERE t.link_entity = 'service' "
		"AND t.link_id = s.id), '') FROM dir_services s WHERE s.id = ? "
		"AND s.moderation = 'published'", "i", service_id);
}

/* Edit distance, stopping early past max (words are short). */
static int distance(const char *a, const char *b, int max)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63 || (la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	int prev[64], cur[64];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		int best = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (cur[j] < best)
				best = cur[j];
		}
		if (best > max)
			return max + 1;
		memcpy(prev, cur, sizeof(int) * (lb + 1));
	}
	return prev[lb];
}

sn_err dir_did_you_mean(store *s, arena *a, const char *search, const char **out)
{
	*out = NULL;
	char words[DIR_SEARCH_WORDS][64];
	size_t nw = dir_search_words(search, words, DIR_SEARCH_WORDS);
	if (!nw)
		return SN_OK;
	/* The vocabulary: words of taxonomy terms, synonyms, and service
	 * names (a bounded sample), collected once for this request. */
	size_t cap = 8192, n = 0;
	char (*vocab)[64] = arena_alloc(a, cap * sizeof *vocab);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT name FROM dir_taxonomy_terms UNION ALL SELECT word FROM dir_synonyms "
		"UNION ALL SELECT also FROM dir_synonyms UNION ALL "
		"SELECT name FROM (SELECT DISTINCT name FROM dir_services WHERE moderation = 'published' "
		"LIMIT 4000) x", "");
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		char w[DIR_SEARCH_WORDS][64];
		size_t k = dir_search_words(store_col_text(st, 0), w, DIR_SEARCH_WORDS);
		for (size_t i = 0; i < k && n < cap; i++)
			if (strlen(w[i]) >= 3)
				memcpy(vocab[n++], w[i], 64);
	}
	store_done(st);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, DIR_SEARCH_MAX * 2);
	bool changed = false;
	for (size_t i = 0; i < nw; i++) {
		int max = strlen(words[i]) <= 4 ? 1 : 2, best = max + 1;
		const char *pick = words[i];
		for (size_t k = 0; k < n && best > 0; k++) {
			int d = distance(words[i], vocab[k], max);
			if (d < best) {
				best = d;
				pick = vocab[k];
			}
		}
		changed = changed || (best > 0 && best <= max);
		buf_printf(&b, "%s%s", i ? " " : "", best <= max ? pick : words[i]);
	}
	if (changed)
		*out = arena_strdup(a, b.data);
	buf_free(&b);
	return SN_OK;
}
