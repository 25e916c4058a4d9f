/* The one search over the directory, for the ORUK API and the pages: the
 * entry points (search_services, search_sals, search_sals_total) and the
 * order of the work. Full text from our own word lists on SQLite
 * (search_index.c: FTS5's words and bm25; FTS5 itself while they are not
 * built) and a tsvector with the English configuration on PostgreSQL,
 * filters as sets of ids, paged, ranked by distance band near a point,
 * then relevance, then name. The reads are in search_store.c, the pure
 * ordering in search_rank.c, the words in search_words.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"

/* ---- how it is fast (docs/directory.md, "How it is fast") ----
 *
 * Every filter but the words and the place becomes a sorted set of
 * service ids, read once from an index (a taxonomy term, a taxonomy, the
 * filters on the service row, the services open on a day). On SQLite with
 * the lists built (dir_index.c), the words are scored from their posting
 * lists into arrays by service id, with FTS5's bm25, and the sets are
 * counted into another, which gives the exact total; distances come from
 * the chunks of points the candidates are in; and ties are broken by the
 * stored name order, so no name is read. Otherwise the engine returns
 * every match with its relevance, each checked against the sets, the
 * R-tree or lookups give distances, and the rows that tie at the page's
 * edge have their names read. Only the rows that can be on the page (a
 * quickselect by band and relevance, with every row that ties with the
 * last of them) are ordered further. Without words or a radius, with
 * the lists built, nothing is collected: the published services of the
 * smallest set (or all) are streamed from the chunks through a heap of
 * the first page * per_page (stream_page); with words, the row filters
 * and the day are asked of the matches alone when they are few
 * (row_sets_after). Services at locations come from the same chunks of
 * points (search_sals). One read transaction around it all. */

static void search_free(dsearch *x)
{
	for (size_t i = 0; i < x->n_sets; i++)
		free(x->sets[i].v);
	free(x->near.v);
	free(x->stale.v);
}

/* Filters on the service's own row, its costs or its times (not words,
 * places or taxonomy). */
static bool row_filters(const search_query *q)
{
	return q->organization_id || q->locality_id || (q->modified_after && *q->modified_after) ||
	       q->api_min_age >= 0 || q->api_max_age >= 0 || q->person_age >= 0 || q->free_only ||
	       (q->day && *q->day);
}

/* The filters that are not words or places, each a set. */
static sn_err filter_sets(dsearch *x)
{
	sn_err rc = search_term_sets(x);
	return rc ? rc : search_row_sets(x, NULL, NULL);
}

/* Below this many matches of the words, the row filters (the day) are
 * asked of those services alone, a list of ids bound in one query, rather
 * than of the whole directory: at a million services a seek costs about
 * as much as scanning 20 rows of the filters' index (5 of schedules). */
#define ROWS_OF_MATCHES 50000

#define DAYS_OF_MATCHES 200000

/* After the words (search_run): the row filters, of the matches c when
 * they are few, and the matches not in every set dropped. */
static sn_err row_sets_after(dsearch *x, cands *c, bool *empty)
{
	size_t first = x->n_sets;
	sn_err rc = SN_OK;
	if (c->n == 0) {
		*empty = true;
		return SN_OK;
	}
	if (c->n <= DAYS_OF_MATCHES) {
		qsort(c->v, c->n, sizeof *c->v, search_id_cmp);
		buf ids;
		rc = search_id_list(x, c->v, c->n, &ids);
		if (!rc)
			rc = search_row_sets(x, c->n <= ROWS_OF_MATCHES ? ids.data : NULL, ids.data);
		buf_free(&ids);
	} else {
		rc = search_row_sets(x, NULL, NULL);
	}
	size_t k = 0;
	for (size_t i = 0; i < c->n && !rc; i++) {
		bool in = true;
		for (size_t s = first; s < x->n_sets && in; s++)
			in = search_ids_has(&x->sets[s], c->v[i].id);
		if (in)
			c->v[k++] = c->v[i];
	}
	if (!rc)
		c->n = k;
	*empty = !rc && k == 0;
	return rc;
}

/* Below this many candidates, their distances are read one by one (two
 * index lookups each) rather than through the R-tree's box, which in a
 * dense area holds far more locations than the words match. */
#define GEO_ONE_BY_ONE 20000

/* Whether our own lists (dir_index.c) can answer, read once inside the
 * search's transaction; all zero on PostgreSQL. */
static sn_err index_state(dsearch *x)
{
	return search_words_state(x->s, &x->index);
}

/* The candidates, each passing every filter but a radius that x->near
 * does not hold yet, in no particular order: with words, every match with
 * its relevance (the engine does not sort them: FTS5 sorting by rank
 * re-reads every row, several times slower than this and the selection in
 * rank_page); without, not yet checked to be published (search_names_of does). */
static sn_err candidates(dsearch *x, cands *out)
{
	const search_query *q = x->q;
	int64_t unknown = q->has_point ? -2 : 0;
	sn_err rc = SN_OK;
	if (x->text) {
		bool done = false;
		rc = search_word_candidates(x, out, &done);
		if (rc || done)
			return rc;
		out->n = 0;
		return search_store_text_matches(x, out);
	}
	if (x->geo) {
		for (size_t i = 0; i < x->near.n; i++)
			if (search_in_sets(x, x->near.v[i].id))
				search_cands_push(out, (cand){.id = x->near.v[i].id, .distance = x->near.v[i].distance});
	} else if (x->n_sets) {
		const idset *small = &x->sets[0];
		for (size_t i = 1; i < x->n_sets; i++)
			if (x->sets[i].n < small->n)
				small = &x->sets[i];
		for (size_t i = 0; i < small->n; i++)
			if (search_in_sets(x, small->v[i]))
				search_cands_push(out, (cand){.id = small->v[i], .distance = unknown});
	} else {
		rc = search_store_published(x, out);
	}
	return rc;
}

/* Whether the points can answer near a point, and the services they may
 * be wrong about (normally none): read near a point, or with sals (the
 * services at locations come from the points too). */
static sn_err points_start(dsearch *x, bool sals)
{
	x->points = false;
	if (!x->index.built || !(sals || x->q->has_point))
		return SN_OK;
	sn_err rc = search_store_stale(x, &x->stale);
	/* The sphere geo_distance_m uses, flat at the point's latitude. */
	x->ky = GEO_EARTH_RADIUS_M * 3.14159265358979323846 / 180e6;
	x->kx = x->ky * cos((double)x->q->lat_e6 * 3.14159265358979323846 / 180e6);
	x->points = !rc && x->q->has_point;
	return rc;
}

/* The distances of v[0..n) (sorted by id): each one's nearest point, -1
 * when it has none; one chunk of points read for each chunk of ids. */
static sn_err points_distances(dsearch *x, cand *v, size_t n, int64_t r)
{
	/* With a radius, a point outside its box is only "too far" (r + 1). */
	geo_box box = search_no_box;
	if (r > 0)
		geo_bbox(x->q->lat_e6, x->q->lon_e6, r, &box);
	sn_err rc = SN_OK;
	for (size_t i = 0; i < n && !rc;) {
		int64_t chunk = v[i].id >> SEARCH_CHUNK_BITS;
		size_t j = i;
		while (j < n && v[j].id >> SEARCH_CHUNK_BITS == chunk)
			j++;
		const search_chunk *ck = NULL;
		rc = search_chunk_get(x->s, SEARCH_CHUNK_POINTS, chunk, x->index.gen, &ck);
		if (rc)
			break;
		const uint8_t *p = ck->data;
		size_t np = ck->len / SEARCH_POINT, at = 0;
		for (size_t k = i; k < j && !rc; k++) {
			if (x->stale.n && search_ids_has(&x->stale, v[k].id))
				rc = search_distance_of(x, v[k].id, &v[k].distance);
			else
				v[k].distance = search_nearest_point(x, p, np, &at, v[k].id, &box, r);
		}
		search_chunk_release(ck);
		i = j;
	}
	return rc;
}

/* Every service within r metres, with its distance, in id order: every
 * chunk of points, those in the box measured. */
static sn_err points_within(dsearch *x, int64_t r, geomap *out)
{
	const search_query *q = x->q;
	geo_box box;
	geo_bbox(q->lat_e6, q->lon_e6, r, &box);
	int64_t last = -1;
	sn_err rc = search_points_chunks(x->s, &last);
	for (int64_t chunk = 0; chunk <= last && !rc; chunk++) {
		const search_chunk *ck = NULL;
		rc = search_chunk_get(x->s, SEARCH_CHUNK_POINTS, chunk, x->index.gen, &ck);
		if (rc)
			break;
		const uint8_t *p = ck->data;
		for (size_t at = 0; at + SEARCH_POINT <= ck->len && !rc; at += SEARCH_POINT) {
			int32_t lat = search_point_lat(p + at), lon = search_point_lon(p + at);
			if (lat == SEARCH_POINT_NONE || lat < box.lat_min_e6 || lat > box.lat_max_e6 ||
			    lon < box.lon_min_e6 || lon > box.lon_max_e6)
				continue;
			int64_t id = search_posting_id(p + at);
			if (x->stale.n && search_ids_has(&x->stale, id))
				continue;
			int64_t d = search_quick_distance(x, lat, lon);
			if (d <= r)
				search_near_push(out, id, d);
		}
		search_chunk_release(ck);
	}
	bool added = false;
	for (size_t i = 0; i < x->stale.n && !rc; i++) {
		int64_t d = -1;
		rc = search_distance_of(x, x->stale.v[i], &d);
		if (!rc && d >= 0 && d <= r) {
			search_near_push(out, x->stale.v[i], d);
			added = true;
		}
	}
	if (added)
		qsort(out->v, out->n, sizeof *out->v, search_geo_hit_cmp);
	return rc;
}

/* Near a point without a radius: the distances of enough candidates to
 * fill the first `want` places, ring by ring (1, 3, 10 km: the bands)
 * when there are many, then one by one for the rest. Those left unknown
 * (search_band_unknown) are further than all the ones that fill the page. */
static sn_err resolve_distances(dsearch *x, cands *c, size_t want)
{
	static const int64_t rings[] = {1000, 3000, 10000};
	size_t known = 0;
	sn_err rc = SN_OK;
	search_sort_by_id(c); /* lookups in index order; search_geo_probe's */
	if (x->points) {
		rc = points_distances(x, c->v, c->n, 0);
		for (size_t i = 0; i < c->n; i++)
			c->v[i].band = search_band_of(x->q, c->v[i].distance);
		return rc;
	}
	for (size_t r = 0; r < SN_ARRAY_LEN(rings) && known < want && c->n > GEO_ONE_BY_ONE && !rc; r++) {
		rc = search_geo_probe(x, rings[r], NULL, c);
		known = 0;
		for (size_t i = 0; i < c->n; i++)
			known += c->v[i].distance != -2;
	}
	for (size_t i = 0; i < c->n && !rc; i++) {
		if (c->v[i].distance != -2)
			c->v[i].band = search_band_of(x->q, c->v[i].distance);
		else if (known >= want)
			c->v[i].band = search_band_unknown(x->q);
		else {
			rc = search_distance_of(x, c->v[i].id, &c->v[i].distance);
			c->v[i].band = search_band_of(x->q, c->v[i].distance);
		}
	}
	return rc;
}

/* v[0..cut) are the first `want` by band and relevance and every later
 * one tying with the last of them: a large tie (the same text in many
 * services) needs only its first few by name, which the name index gives
 * sooner than reading every tied name when the tie is a good part of the
 * directory. SQLite only (its index is in name, id order). On success
 * v[0..*n) have names and hold the page's rows; *named false when it is
 * not worth it (v untouched). */
static sn_err edge_by_name(dsearch *x, cand *v, size_t cut, size_t want, size_t *n, bool *named)
{
	size_t last = 0;
	for (size_t i = 1; i < cut; i++)
		if (search_key_cmp(&v[i], &v[last]) > 0)
			last = i;
	cand edge = v[last];
	size_t nb = 0; /* those before the tie, then the tie */
	for (size_t i = 0; i < cut; i++)
		if (search_key_cmp(&v[i], &edge) < 0)
			search_swap_cand(&v[nb++], &v[i]);
	size_t m = cut - nb, r = want - nb;
	int64_t services = 0;
	sn_err rc = search_store_max_service_id(x->s, &services);
	/* Rows of the name index to read (r of m among `services`) against m
	 * lookups, which cost about four rows each. */
	*named = !rc && m > 256 && (double)r * (double)services / (double)m < (double)m / 4;
	if (!*named)
		return rc;
	cand *tie = v + nb;
	qsort(tie, m, sizeof *tie, search_id_cmp);
	rc = search_store_name_first(x, tie, m, r);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (tie[i].name)
			search_swap_cand(&tie[k++], &tie[i]);
	size_t kb = nb;
	if (!rc)
		rc = search_names_of(x, v, &kb);
	/* search_names_of kept kb of the nb before the tie; the tie's first follow. */
	memmove(v + kb, tie, k * sizeof *v);
	*n = kb + k;
	return rc;
}

/* The name order of v[0..*n), dropping services that are not published
 * (a stale index); returns how many are left, in id order. One chunk of
 * dir_names read for each chunk of ids. */
static sn_err ords_of(dsearch *x, cand *v, size_t *n)
{
	cands c = {v, *n, *n};
	search_sort_by_id(&c);
	const search_chunk *chunk = NULL;
	int64_t cur = -1;
	size_t k = 0;
	sn_err rc = SN_OK;
	for (size_t i = 0; i < *n && !rc; i++) {
		if (v[i].id >> SEARCH_CHUNK_BITS != cur) {
			cur = v[i].id >> SEARCH_CHUNK_BITS;
			search_chunk_release(chunk);
			chunk = NULL;
			rc = search_chunk_get(x->s, SEARCH_CHUNK_NAMES, cur, x->index.gen, &chunk);
		}
		uint32_t ord = rc ? 0 : search_name_ord(chunk->data, v[i].id);
		if (ord) {
			v[i].ord = ord;
			v[k++] = v[i];
		}
	}
	search_chunk_release(chunk);
	*n = k;
	return rc;
}

/* Ranks the candidates (by distance band near a point, then relevance,
 * name and id) just far enough to write the page into out: the first
 * offset + per_page by band and relevance, with every candidate that ties
 * with the last of them, are the only ones whose names are read. */
static sn_err rank_page(dsearch *x, cands *c, search_results *out)
{
	const search_query *q = x->q;
	size_t offset = (size_t)((q->page - 1) * q->per_page);
	size_t want = offset + (size_t)q->per_page;
	out->total = (int64_t)c->n;
	if (offset >= c->n)
		return SN_OK;
	sn_err rc = SN_OK;
	if (q->has_point && !x->geo)
		rc = resolve_distances(x, c, want);
	else
		for (size_t i = 0; i < c->n; i++)
			c->v[i].band = q->has_point ? search_band_of(x->q, c->v[i].distance) : 0;
	if (rc)
		return rc;
	cand *v = c->v;
	size_t cut = want < c->n ? want : c->n;
	if (x->text) {
		search_select_first(v, c->n, cut, search_key_cmp);
		size_t last = 0;
		for (size_t i = 1; i < cut; i++)
			if (search_key_cmp(&v[i], &v[last]) > 0)
				last = i;
		cand edge = v[last];
		for (size_t i = cut; i < c->n; i++)
			if (search_key_cmp(&v[i], &edge) == 0)
				search_swap_cand(&v[cut++], &v[i]);
	} else {
		/* names (or with ords, the name order) are known */
		search_select_first(v, c->n, cut, x->ords ? search_ord_cmp : search_cand_cmp);
	}
	size_t n = cut;
	bool named = false;
	if (x->ords) {
		/* The name order instead of names: v[0..n) are the first by band
		 * and relevance with every tie at the edge; published ones
		 * only, then the page's first `want` by name order. */
		if (x->text) {
			rc = ords_of(x, v, &n);
			out->total -= (int64_t)(cut - n);
		}
		if (!rc && n > want)
			search_select_first(v, n, want, search_ord_cmp);
		if (!rc)
			qsort(v, n < want ? n : want, sizeof *v, search_ord_cmp);
		n = n < want ? n : want;
		named = true;
	} else if (x->text && !x->pg && cut > 256) {
		rc = edge_by_name(x, v, cut, want, &n, &named);
		if (rc)
			return rc;
	}
	if (rc)
		return rc;
	if (!named) {
		rc = search_names_of(x, v, &n);
		if (rc)
			return rc;
		out->total -= (int64_t)(cut - n); /* unpublished rows of a stale index */
	}
	if (!x->ords)
		qsort(v, n, sizeof *v, search_cand_cmp);
	out->ids = arena_alloc(x->a, (size_t)q->per_page * sizeof *out->ids);
	out->distance_m = q->has_point ? arena_alloc(x->a, (size_t)q->per_page * sizeof *out->distance_m)
				       : NULL;
	for (size_t i = offset; i < n && out->n < (size_t)q->per_page; i++) {
		out->ids[out->n] = v[i].id;
		/* Quick distances (points_distances) made exact for the page. */
		if (out->distance_m && x->points && v[i].distance >= 0 &&
		    (rc = search_distance_of(x, v[i].id, &v[i].distance)))
			return rc;
		if (out->distance_m)
			out->distance_m[out->n] = v[i].distance;
		out->n++;
	}
	return SN_OK;
}

/* The highest service id the lists can hold (search_index_service never
 * writes one past 32 bits). */
static sn_err last_listed_id(dsearch *x, int64_t *last)
{
	sn_err rc = search_store_max_service_id(x->s, last);
	if (*last > (int64_t)UINT32_MAX)
		*last = UINT32_MAX;
	return rc;
}

/* The page out of t (holding the first offset + per_page of t->pushed),
 * in order; quick distances (dir_points) made exact: a service's nearest
 * location from the tables, or with sals (services at locations), that
 * one location's when its service has only the one. */
static sn_err page_of(dsearch *x, topk *t, bool sals, search_results *out)
{
	const search_query *q = x->q;
	size_t offset = (size_t)((q->page - 1) * q->per_page);
	out->total = t->pushed;
	out->ids = arena_alloc(x->a, (size_t)q->per_page * sizeof *out->ids);
	out->distance_m = q->has_point || sals ? arena_alloc(x->a, (size_t)q->per_page * sizeof *out->distance_m)
					       : NULL;
	if (t->n)
		qsort(t->v, t->n, sizeof *t->v, t->cmp);
	sn_err rc = SN_OK;
	for (size_t i = offset; i < t->n && !rc; i++) {
		cand *c = &t->v[i];
		if (q->has_point && c->distance >= 0 && !c->exact)
			rc = search_distance_of(x, c->id, &c->distance);
		out->ids[out->n] = sals ? c->sal : c->id;
		if (out->distance_m)
			out->distance_m[out->n] = c->distance;
		out->n++;
	}
	return rc;
}

/* No words and no radius, with the lists built: the published services
 * (dir_names) that pass every filter (those of the smallest filter set,
 * or all of them) streamed chunk by chunk, near a point with the distance
 * to their nearest location (dir_points), through the first offset +
 * per_page by band, name order and id: no list of up to a million
 * candidates to fill, sort and page in. */
static sn_err stream_page(dsearch *x, search_results *out)
{
	const search_query *q = x->q;
	topk t = {.k = (size_t)(q->page * q->per_page), .cmp = search_ord_cmp};
	const idset *small = NULL;
	for (size_t i = 0; i < x->n_sets; i++)
		if (!small || x->sets[i].n < small->n)
			small = &x->sets[i];
	int64_t last = 0;
	sn_err rc = SN_OK;
	if (small)
		last = small->n ? small->v[small->n - 1] : -1;
	else
		rc = last_listed_id(x, &last);
	if (last > (int64_t)UINT32_MAX)
		last = UINT32_MAX; /* never in the lists (search_index_service) */
	size_t si = 0; /* into small */
	while (small && si < small->n && small->v[si] < 0)
		si++;
	for (int64_t chunk = 0; last >= 0 && chunk <= last >> SEARCH_CHUNK_BITS && !rc; chunk++) {
		if (small) { /* straight to the set's next chunk */
			if (si == small->n)
				break;
			chunk = small->v[si] >> SEARCH_CHUNK_BITS;
		}
		const search_chunk *names = NULL, *points = NULL;
		rc = search_chunk_get(x->s, SEARCH_CHUNK_NAMES, chunk, x->index.gen, &names);
		if (!rc && x->points)
			rc = search_chunk_get(x->s, SEARCH_CHUNK_POINTS, chunk, x->index.gen, &points);
		const uint8_t *p = points ? points->data : NULL;
		size_t np = points ? points->len / SEARCH_POINT : 0, at = 0;
		for (int64_t k = 0; !rc; k++) {
			int64_t id;
			if (small) { /* the set's ids in this chunk */
				if (si == small->n || small->v[si] >> SEARCH_CHUNK_BITS != chunk)
					break;
				id = small->v[si++];
				if (!search_in_sets(x, id))
					continue;
			} else { /* every id in this chunk */
				if (k == (int64_t)1 << SEARCH_CHUNK_BITS)
					break;
				id = chunk << SEARCH_CHUNK_BITS | k;
			}
			uint32_t ord = search_name_ord(names->data, id);
			if (!ord)
				continue; /* not published */
			int64_t d = -1;
			if (x->points && x->stale.n && search_ids_has(&x->stale, id))
				rc = search_distance_of(x, id, &d);
			else if (x->points)
				d = search_nearest_point(x, p, np, &at, id, &search_no_box, 0);
			search_topk_push(&t, (cand){.id = id, .distance = x->points ? d : 0,
					     .band = x->points ? search_band_of(q, d) : 0, .ord = ord});
		}
		search_chunk_release(names);
		search_chunk_release(points);
	}
	if (!rc)
		rc = page_of(x, &t, false, out);
	free(t.v);
	return rc;
}

/* The candidates of q (x->text made already), with the radius and the
 * filters applied; *empty when a filter leaves nothing. */
static sn_err search_run(dsearch *x, cands *c, bool *empty)
{
	const search_query *q = x->q;
	*empty = false;
	/* With words, the row filters after them, of their matches. */
	bool after = x->text && row_filters(q);
	sn_err rc = after ? search_term_sets(x) : filter_sets(x);
	for (size_t i = 0; i < x->n_sets && !rc; i++)
		*empty = *empty || x->sets[i].n == 0;
	bool radius = q->has_point && q->within_m > 0;
	/* A radius alone: the R-tree first. With words or filters, those
	 * first, then the distances of what they found. */
	if (!rc)
		rc = index_state(x);
	x->ords = x->index.built;
	if (!rc)
		rc = points_start(x, false);
	if (!rc && !*empty && !radius && x->ords && (x->points || !q->has_point) && !x->text) {
		x->stream = true; /* stream_page, not candidates */
		return SN_OK;
	}
	if (!rc && !*empty && radius && !x->text && !x->n_sets) {
		x->geo = true;
		rc = x->points ? points_within(x, q->within_m, &x->near) : search_geo_within(x, q->within_m, &x->near);
		*empty = x->near.n == 0;
	}
	if (!rc && !*empty)
		rc = candidates(x, c);
	if (!rc && !*empty && after)
		rc = row_sets_after(x, c, empty);
	if (!rc && !*empty && radius && !x->geo) {
		x->geo = true;
		search_sort_by_id(c);
		for (size_t i = 0; i < c->n; i++)
			c->v[i].distance = -1;
		if (x->points)
			rc = points_distances(x, c->v, c->n, q->within_m);
		else if (c->n > GEO_ONE_BY_ONE)
			rc = search_geo_probe(x, q->within_m, NULL, c);
		size_t k = 0;
		for (size_t i = 0; i < c->n && !rc; i++) {
			if (!x->points && c->n <= GEO_ONE_BY_ONE)
				rc = search_distance_of(x, c->v[i].id, &c->v[i].distance);
			if (c->v[i].distance >= 0 && c->v[i].distance <= q->within_m)
				c->v[k++] = c->v[i];
		}
		if (!rc)
			c->n = k;
	}
	if (!rc && !*empty && !x->text) /* published ones only; their names or name order */
		rc = x->ords ? ords_of(x, c->v, &c->n) : search_names_of(x, c->v, &c->n);
	return rc;
}

sn_err search_services(store *s, arena *a, const search_query *q, search_results *out)
{
	out->step_free = false;
	out->total = 0;
	out->n = 0;
	out->ids = NULL;
	out->distance_m = NULL;
	dsearch x = {.s = s, .a = a, .q = q};
	x.pg = store_kind_of(s) == STORE_POSTGRES;
	x.words = search_words_of(s, a, q->search);
	x.text = search_text_query(a, x.pg, x.words);
	sn_err rc = SN_OK;
	/* Nothing but the published services by name: straight from the index. */
	bool plain = !x.text && !q->has_point && !q->taxonomy_term_id && !q->taxonomy_id &&
		     !q->organization_id && !q->locality_id && !(q->modified_after && *q->modified_after) &&
		     q->api_min_age < 0 && q->api_max_age < 0 && q->person_age < 0 && !q->free_only &&
		     !(q->day && *q->day) && !q->step_free && !x.words;
	out->step_free = q->step_free || (x.words && x.words->step_free);
	if (plain)
		return search_store_plain_page(s, a, q, out);
	/* One read transaction for the many small reads (on SQLite each
	 * statement on its own takes and drops the file's locks), which also
	 * makes the total and the page agree. */
	bool own_tx = !store_in_tx(s);
	if (own_tx && (rc = store_begin(s)))
		return rc;
	cands c = {0};
	bool empty = false;
	rc = search_run(&x, &c, &empty);
	if (!rc && !empty)
		rc = x.stream ? stream_page(&x, out) : rank_page(&x, &c, out);
	free(c.v);
	search_free(&x);
	if (own_tx && rc)
		store_rollback(s);
	else if (own_tx)
		rc = store_commit(s);
	return rc;
}

/* One service's services at locations, from its entries p[0..n) in
 * dir_points: the distances quick where they cannot change a band or the
 * radius, exact when it has more than one (the distance orders its
 * places); page_of makes the page's exact. Within the radius only when
 * there is one (box: the radius's, or everything). */
static void sals_of_service(dsearch *x, const cand *c, const uint8_t *p, size_t n, const geo_box *box,
			    topk *out)
{
	const search_query *q = x->q;
	int64_t r = q->has_point ? q->within_m : 0;
	for (size_t at = 0; at < n; at++) {
		const uint8_t *e = p + at * SEARCH_POINT;
		int32_t lat = search_point_lat(e), lon = search_point_lon(e);
		int64_t d = -1;
		if (q->has_point && lat != SEARCH_POINT_NONE) {
			if (lat < box->lat_min_e6 || lat > box->lat_max_e6 || lon < box->lon_min_e6 ||
			    lon > box->lon_max_e6)
				continue; /* only with a radius: outside it */
			d = n > 1 ? geo_distance_m(q->lat_e6, q->lon_e6, lat, lon) : search_quick_distance(x, lat, lon);
		}
		if (r > 0 && (d < 0 || d > r))
			continue;
		search_topk_push(out, (cand){.id = c->id, .rank = c->rank, .distance = d,
				      .band = q->has_point ? search_band_of(q, d) : 0, .sal = search_point_sal(e), .ord = c->ord,
				      .exact = n > 1 || d < 0});
	}
}

/* The services at locations of svc (published, in id order, with their
 * name order), or with svc NULL of every published service (dir_names),
 * from dir_points: one chunk of each for each chunk of services, no
 * list of services made. Stale services' from the tables. */
static sn_err sals_from_points(dsearch *x, const cands *svc, topk *out)
{
	const search_query *q = x->q;
	geo_box box = search_no_box;
	if (q->has_point && q->within_m > 0)
		geo_bbox(q->lat_e6, q->lon_e6, q->within_m, &box);
	int64_t last = 0;
	sn_err rc = svc ? SN_OK : last_listed_id(x, &last);
	size_t i = 0;
	for (int64_t chunk = 0; !rc && (svc ? i < svc->n : chunk <= last >> SEARCH_CHUNK_BITS); chunk++) {
		size_t j = i;
		if (svc) {
			chunk = svc->v[i].id >> SEARCH_CHUNK_BITS;
			while (j < svc->n && svc->v[j].id >> SEARCH_CHUNK_BITS == chunk)
				j++;
		}
		const search_chunk *points = NULL, *names = NULL;
		rc = search_chunk_get(x->s, SEARCH_CHUNK_POINTS, chunk, x->index.gen, &points);
		if (!rc && !svc)
			rc = search_chunk_get(x->s, SEARCH_CHUNK_NAMES, chunk, x->index.gen, &names);
		const uint8_t *p = rc ? NULL : points->data;
		size_t np = rc ? 0 : points->len / SEARCH_POINT, at = 0;
		if (svc) {
			for (size_t k = i; k < j && !rc; k++) {
				const cand *c = &svc->v[k];
				while (at < np && search_posting_id(p + at * SEARCH_POINT) < (uint32_t)c->id)
					at++;
				size_t end = at;
				while (end < np && search_posting_id(p + end * SEARCH_POINT) == (uint32_t)c->id)
					end++;
				if (x->stale.n && search_ids_has(&x->stale, c->id))
					rc = search_sals_from_tables(x, c, out);
				else
					sals_of_service(x, c, p + at * SEARCH_POINT, end - at, &box, out);
				at = end;
			}
		} else {
			/* Every entry of a published service that is not stale... */
			while (at < np && !rc) {
				uint32_t id = search_posting_id(p + at * SEARCH_POINT);
				size_t end = at + 1;
				while (end < np && search_posting_id(p + end * SEARCH_POINT) == id)
					end++;
				cand c = {.id = id, .ord = search_name_ord(names->data, id)};
				if (c.ord && !(x->stale.n && search_ids_has(&x->stale, id)))
					sals_of_service(x, &c, p + at * SEARCH_POINT, end - at, &box, out);
				at = end;
			}
			/* ...then the stale ones in this chunk. */
			for (size_t k = 0; k < x->stale.n && !rc; k++) {
				cand c = {.id = x->stale.v[k]};
				if (c.id >> SEARCH_CHUNK_BITS != chunk)
					continue;
				c.ord = search_name_ord(names->data, c.id);
				if (c.ord)
					rc = search_sals_from_tables(x, &c, out);
			}
		}
		search_chunk_release(points);
		search_chunk_release(names);
		i = j;
	}
	return rc;
}

/* The same from the tables (PostgreSQL, or the lists not built): every
 * matching service's name, then its services at locations (those in the
 * radius from the R-tree or the coordinates' index). */
static sn_err sals_from_tables_all(dsearch *x, cands *svc, topk *out)
{
	const search_query *q = x->q;
	sn_err rc = search_names_of(x, svc->v, &svc->n);
	if (svc->n)
		qsort(svc->v, svc->n, sizeof *svc->v, search_id_cmp);
	if (rc || !q->has_point || q->within_m <= 0) {
		for (size_t i = 0; i < svc->n && !rc; i++)
			rc = search_sals_from_tables(x, &svc->v[i], out);
		return rc;
	}
	return search_store_sals_within(x, svc, out);
}

sn_err search_sals(store *s, arena *a, const search_query *q, search_results *out)
{
	out->total = 0;
	out->n = 0;
	out->ids = NULL;
	out->distance_m = NULL;
	dsearch x = {.s = s, .a = a, .q = q};
	x.pg = store_kind_of(s) == STORE_POSTGRES;
	x.words = search_words_of(s, a, q->search);
	x.text = search_text_query(a, x.pg, x.words);
	bool own_tx = !store_in_tx(s);
	sn_err rc = own_tx ? store_begin(s) : SN_OK;
	if (rc)
		return rc;
	bool empty = false;
	rc = index_state(&x);
	x.ords = x.index.built;
	if (!rc)
		rc = points_start(&x, true);
	if (!rc)
		rc = filter_sets(&x);
	for (size_t i = 0; i < x.n_sets && !rc; i++)
		empty = empty || x.sets[i].n == 0;
	/* The matching services (all published ones when nothing but a place
	 * is asked for), then each one's services at locations. */
	cands svc = {0};
	topk sals = {.k = (size_t)(q->page * q->per_page), .cmp = x.ords ? search_sal_ord_cmp : search_sal_cmp};
	/* Nothing but a place (or nothing): every published service's. */
	bool every = x.ords && !x.text && !x.n_sets;
	if (!rc && !empty && !every)
		rc = candidates(&x, &svc);
	if (!rc && !empty && !every && x.ords)
		rc = ords_of(&x, svc.v, &svc.n);
	if (!rc && !empty)
		rc = x.ords ? sals_from_points(&x, every ? NULL : &svc, &sals)
			    : sals_from_tables_all(&x, &svc, &sals);
	if (!rc)
		rc = page_of(&x, &sals, true, out);
	free(svc.v);
	free(sals.v);
	search_free(&x);
	if (own_tx && rc)
		store_rollback(s);
	else if (own_tx)
		rc = store_commit(s);
	return rc;
}

sn_err search_sals_total(store *s, int64_t *total)
{
	*total = 0;
	search_query q = {.page = 1};
	dsearch x = {.s = s, .q = &q};
	bool own_tx = !store_in_tx(s);
	sn_err rc = own_tx ? store_begin(s) : SN_OK;
	if (!rc)
		rc = index_state(&x);
	if (!rc)
		rc = points_start(&x, true);
	topk count = {.cmp = search_sal_ord_cmp}; /* k 0: counts only */
	if (!rc && x.index.built)
		rc = sals_from_points(&x, NULL, &count);
	else if (!rc)
		rc = search_store_sals_count(s, &count.pushed);
	*total = count.pushed;
	search_free(&x);
	if (own_tx && rc)
		store_rollback(s);
	else if (own_tx)
		rc = store_commit(s);
	return rc;
}
