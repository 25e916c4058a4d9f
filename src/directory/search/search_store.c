/* Every SQL statement of the search (the word, point and name-order lists
 * have theirs in index_store.c): the filters as sets of ids, the places
 * near a point from the R-tree or the coordinates' index, names, the
 * engine's own full-text matches, services at locations from the tables,
 * the synonyms and the vocabulary of "did you mean". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../directory.h"
#include "search_int.h"

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

/* A set from the first column of a query's rows. */
/* A filter's set from the ids sql gives, without those in except (sorted;
 * may be NULL). */
static sn_err set_from_except(dsearch *x, const char *sql, const bindv *v, size_t n, const idset *except)
{
	idset *out = &x->sets[x->n_sets++];
	store_stmt *st = NULL;
	sn_err rc = store_prepare(x->s, sql, &st);
	for (size_t k = 0; k < n && !rc; k++)
		rc = v[k].type == 'i' ? store_bind_i64(st, (int)k + 1, v[k].i)
				      : store_bind_text(st, (int)k + 1, v[k].t);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t id = store_col_i64(st, 0);
		if (!except || !search_ids_has(except, id))
			search_ids_push(out, id);
	}
	store_done(st);
	search_ids_finish(out);
	return rc;
}

static sn_err set_from(dsearch *x, const char *sql, const bindv *v, size_t n)
{
	return set_from_except(x, sql, v, n, NULL);
}

static int day_index(const char *day)
{
	static const char *const days[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
	for (int i = 0; i < 7; i++)
		if (strcmp(day, days[i]) == 0)
			return i;
	return -1;
}

/* "HH:MM" in minutes; -1 for none. */
static int minutes_of(const char *t)
{
	int h, m;
	if (!t || !*t || sscanf(t, "%2d:%2d", &h, &m) != 2)
		return -1;
	return h * 60 + m;
}

/* The services open on q->day (from start_time to end_time), exactly as
 * the schedule engine says (sched_matches_filter, as on today's London
 * date): SQL reads only the schedules that can match (that weekday in
 * byday, or no byday; with times), in service order, and C decides. Only
 * a start asks for the minute from it, only an end for the minute before
 * it; no time at all asks for any time that day, which is the engine's
 * question with every schedule's times read as the whole day. */
static sn_err day_set(dsearch *x, const char *only)
{
	const search_query *q = x->q;
	int wd = day_index(q->day);
	int start = minutes_of(q->start_time), end = minutes_of(q->end_time);
	bool any_time = start < 0 && end < 0;
	if (any_time)
		start = end = 0;
	else if (end < 0)
		end = start + 1; /* open for the minute from start */
	else if (start < 0)
		start = end > 0 ? end - 1 : 0; /* open for the minute before end */
	sched_date today;
	sched_time minute;
	sched_london_now(time_now(), &today, &minute);
	idset *out = &x->sets[x->n_sets++];
	sched_service *sv = xmalloc(sizeof *sv);
	sv->active = true;
	sv->n_rules = sv->n_closures = 0;
	store_stmt *st = NULL;
	const char *like = arena_printf(x->a, "%%%s%%", q->day);
	const char *from = !only ? "FROM dir_schedules d WHERE 1 = 1"
		: x->pg ? "FROM dir_schedules d WHERE d.service_id = ANY(CAST(? AS bigint[]))"
			: "FROM json_each(?) j CROSS JOIN dir_schedules d ON d.service_id = j.value WHERE 1 = 1";
	/* The rule's columns (dir_sched_columns) without the description,
	 * which the day does not need: NULL in its place. */
	const char *sql = arena_printf(x->a, "SELECT d.service_id, d.valid_from, d.valid_to, d.dtstart, d.until, "
				       "d.freq, d.every, d.byday, d.bymonthday, d.opens_at, d.closes_at, NULL %s AND "
				       "d.service_id IS NOT NULL AND d.opens_at IS NOT NULL AND d.closes_at IS NOT NULL "
				       "AND (coalesce(d.byday, '') = '' OR d.byday LIKE ?) ORDER BY d.service_id",
				       from);
	sn_err rc = only ? store_query(x->s, &st, sql, "tt", only, like) : store_query(x->s, &st, sql, "t", like);
	int64_t cur = -1;
	bool row = true;
	while (!rc && wd >= 0) {
		rc = store_step(st, &row);
		int64_t id = row && !rc ? store_col_i64(st, 0) : -1;
		if (id != cur) {
			if (cur >= 0 && sched_matches_filter(sv, wd, start, end, today))
				search_ids_push(out, cur);
			sv->n_rules = 0;
			cur = id;
		}
		if (rc || !row)
			break;
		char every[16];
		sched_columns c;
		dir_sched_columns(st, 1, every, &c);
		sched_rule rule;
		char err[160];
		if (sched_rule_from_columns(&c, &rule, err, sizeof err))
			continue; /* a row the engine cannot read matches nothing */
		if (any_time)
			rule.opens = rule.closes = (sched_clock){.set = true};
		(void)sched_service_add_rule(sv, &rule); /* past SCHED_MAX_RULES: the first ones */
	}
	store_done(st);
	free(sv);
	search_ids_finish(out);
	return rc;
}

/* The services with a venue one can get into in a wheelchair: every
 * accessibility description (and its details) of a service's locations,
 * read once in service order, decided in C (search_step_free_text). */
static sn_err step_free_set(dsearch *x)
{
	idset *out = &x->sets[x->n_sets++];
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT x.service_id, a.description, a.details FROM dir_accessibility a "
				"JOIN dir_service_at_locations x ON x.location_id = a.location_id "
				"WHERE x.service_id IS NOT NULL ORDER BY x.service_id", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		if (search_step_free_text(store_col_text(st, 1)) || search_step_free_text(store_col_text(st, 2)))
			search_ids_push(out, store_col_i64(st, 0));
	}
	store_done(st);
	search_ids_finish(out);
	return rc;
}

/* The taxonomy filters and step-free access, each a set. */
sn_err search_term_sets(dsearch *x)
{
	const search_query *q = x->q;
	sn_err rc = SN_OK;
	if (q->taxonomy_term_id) {
		bindv v = {'i', q->taxonomy_term_id, NULL};
		rc = set_from(x, "SELECT link_id FROM dir_attributes WHERE taxonomy_term_id = ? "
			      "AND link_entity = 'service' ORDER BY link_id", &v, 1);
	}
	if (!rc && q->taxonomy_id) {
		bindv v = {'i', q->taxonomy_id, NULL};
		rc = set_from(x, "SELECT t.link_id FROM dir_taxonomy_terms tt JOIN dir_attributes t "
			      "ON t.taxonomy_term_id = tt.id AND t.link_entity = 'service' "
			      "WHERE tt.taxonomy_id = ?", &v, 1);
	}
	if (!rc && (q->step_free || (x->words && x->words->step_free)))
		rc = step_free_set(x);
	return rc;
}

/* The row filters, each a set: of every published service, or with only
 * (a list of ids as search_names_of binds one) of those services alone; the day
 * with only_day the same way. */
sn_err search_row_sets(dsearch *x, const char *only, const char *only_day)
{
	const search_query *q = x->q;
	sn_err rc = SN_OK;
	/* The filters on the service row: one scan. On SQLite, without an
	 * organisation or a date to seek (their own indexes), the scan is of
	 * dir_services_filters: every published service's ages and locality
	 * in id order, read without the rows (schema/sqlite/0014). */
	clauses c = {0};
	buf_init(&c.where, 4096);
	bool seek = q->organization_id || (q->modified_after && *q->modified_after);
	if (only && x->pg)
		buf_puts(&c.where, "SELECT s.id FROM dir_services s WHERE s.id = ANY(CAST(? AS bigint[])) "
			 "AND s.moderation = 'published'");
	else if (only)
		buf_puts(&c.where, "SELECT s.id FROM json_each(?) j CROSS JOIN dir_services s ON s.id = j.value "
			 "WHERE s.moderation = 'published'");
	else
		buf_printf(&c.where, "SELECT s.id FROM dir_services s%s WHERE s.moderation = 'published'",
			   x->pg || seek ? "" : " INDEXED BY dir_services_filters");
	if (only)
		c.v[c.n++] = (bindv){'t', 0, only};
	size_t len0 = c.where.len;
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
	/* Free: none of its cost options has an amount; the services that
	 * have one, read once, are left out of the scan. */
	idset paid = {0};
	if (!rc && q->free_only) {
		store_stmt *st = NULL;
		const char *sql = !only ? "SELECT DISTINCT service_id FROM dir_cost_options WHERE amount_pence > 0 "
					  "AND service_id IS NOT NULL"
			: x->pg ? "SELECT DISTINCT service_id FROM dir_cost_options WHERE "
				  "service_id = ANY(CAST(? AS bigint[])) AND amount_pence > 0"
				: "SELECT DISTINCT co.service_id FROM json_each(?) j CROSS JOIN dir_cost_options co "
				  "ON co.service_id = j.value WHERE co.amount_pence > 0";
		rc = only ? store_query(x->s, &st, sql, "t", only) : store_query(x->s, &st, sql, "");
		bool row = true;
		while (!rc) {
			rc = store_step(st, &row);
			if (rc || !row)
				break;
			search_ids_push(&paid, store_col_i64(st, 0));
		}
		store_done(st);
		search_ids_finish(&paid);
	}
	if (!rc && (c.where.len > len0 || q->free_only)) {
		buf_puts(&c.where, " ORDER BY s.id");
		rc = set_from_except(x, c.where.data, c.v, c.n, q->free_only ? &paid : NULL);
	}
	free(paid.v);
	buf_free(&c.where);
	if (!rc && q->day && *q->day)
		rc = day_set(x, only_day);
	return rc;
}

/* The ids of v[0..n) as one bound list: a JSON array for json_each on
 * SQLite, an array literal on PostgreSQL. */
sn_err search_id_list(const dsearch *x, const cand *v, size_t n, buf *out)
{
	buf_init(out, 24 * (n + 2));
	sn_err rc = buf_putc(out, x->pg ? '{' : '[');
	for (size_t i = 0; i < n && !rc; i++)
		rc = buf_printf(out, "%s%lld", i ? "," : "", (long long)v[i].id);
	if (!rc)
		rc = buf_putc(out, x->pg ? '}' : ']');
	return rc;
}

/* Every service with a location within r metres of the point, with the
 * distance to its nearest one: the R-tree on SQLite, the coordinates'
 * index on PostgreSQL, both cut to the box around the circle first. */
sn_err search_geo_within(dsearch *x, int64_t r, geomap *out)
{
	return search_geo_probe(x, r, out, NULL);
}

/* The same, or with only (not NULL: sorted by id) the distances of those
 * candidates only, kept in them (the nearest location's; -1 when none is
 * within r): no map of every location in the box to sort. */
sn_err search_geo_probe(dsearch *x, int64_t r, geomap *out, cands *only)
{
	const search_query *q = x->q;
	geo_box box;
	geo_bbox(q->lat_e6, q->lon_e6, r, &box);
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, x->pg
		? "SELECT x.service_id, l.lat_e6, l.lon_e6 FROM dir_locations l JOIN dir_service_at_locations x "
		  "ON x.location_id = l.id WHERE l.lat_e6 BETWEEN ? AND ? AND l.lon_e6 BETWEEN ? AND ?"
		: "SELECT service_min, lat_min, lon_min FROM dir_geo WHERE lat_min >= ? AND lat_max <= ? "
		  "AND lon_min >= ? AND lon_max <= ?", "iiii", (int64_t)box.lat_min_e6,
		(int64_t)box.lat_max_e6, (int64_t)box.lon_min_e6, (int64_t)box.lon_max_e6);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		cand *c = NULL;
		if (only) {
			cand key = {.id = store_col_i64(st, 0)};
			c = bsearch(&key, only->v, only->n, sizeof *only->v, search_id_cmp);
			if (!c)
				continue;
		}
		int64_t d = geo_distance_m(q->lat_e6, q->lon_e6, (int32_t)store_col_i64(st, 1),
					   (int32_t)store_col_i64(st, 2));
		if (d > r)
			continue;
		if (c) {
			if (c->distance < 0 || d < c->distance)
				c->distance = d;
			continue;
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 1024;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		out->v[out->n++] = (geo_hit){store_col_i64(st, 0), d};
	}
	store_done(st);
	if (only)
		return rc;
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, search_geo_hit_cmp);
	size_t k = 0; /* the nearest location of each service (sorted first) */
	for (size_t i = 0; i < out->n; i++)
		if (!k || out->v[k - 1].id != out->v[i].id)
			out->v[k++] = out->v[i];
	out->n = k;
	return rc;
}

/* The distance from the point to a service's nearest location; -1 none. */
sn_err search_distance_of(dsearch *x, int64_t id, int64_t *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT l.lat_e6, l.lon_e6 FROM dir_service_at_locations x "
				"JOIN dir_locations l ON l.id = x.location_id WHERE x.service_id = ? "
				"AND l.lat_e6 IS NOT NULL AND l.lon_e6 IS NOT NULL", "i", id);
	bool row = true;
	*out = -1;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t d = geo_distance_m(x->q->lat_e6, x->q->lon_e6, (int32_t)store_col_i64(st, 0),
					   (int32_t)store_col_i64(st, 1));
		if (*out < 0 || d < *out)
			*out = d;
	}
	store_done(st);
	return rc;
}

/* A published service's name into c->name; false when it is not published. */
static sn_err name_of(dsearch *x, cand *c, bool *found)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT name FROM dir_services WHERE id = ? "
				"AND moderation = 'published'", "i", c->id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	*found = !rc && row;
	if (*found)
		c->name = arena_strdup(x->a, store_col_text(st, 0));
	store_done(st);
	return rc;
}

/* Reads the names of v[0..n), dropping services that are not published
 * (a stale index); returns how many are left. Many at once are one query
 * over a list of ids (json_each, or an array on PostgreSQL): thousands of
 * one-row statements cost several times more. v ends up in id order. */
sn_err search_names_of(dsearch *x, cand *v, size_t *n)
{
	size_t missing = 0;
	for (size_t i = 0; i < *n; i++)
		missing += !v[i].name;
	size_t k = 0;
	sn_err rc = SN_OK;
	if (missing < 64) {
		for (size_t i = 0; i < *n && !rc; i++) {
			bool found = true;
			if (!v[i].name)
				rc = name_of(x, &v[i], &found);
			if (found)
				v[k++] = v[i];
		}
		*n = k;
		return rc;
	}
	qsort(v, *n, sizeof *v, search_id_cmp);
	buf ids;
	rc = search_id_list(x, v, *n, &ids);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(x->s, &st, x->pg
			? "SELECT s.id, s.name FROM dir_services s WHERE s.id = ANY(CAST(? AS bigint[])) "
			  "AND s.moderation = 'published' ORDER BY s.id"
			: "SELECT s.id, s.name FROM json_each(?) j CROSS JOIN dir_services s ON s.id = j.value "
			  "WHERE s.moderation = 'published' ORDER BY s.id", "t", ids.data);
	size_t i = 0;
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t id = store_col_i64(st, 0);
		while (i < *n && v[i].id < id)
			i++; /* not published */
		if (i < *n && v[i].id == id) {
			v[i].name = arena_strdup(x->a, store_col_text(st, 1));
			v[k++] = v[i++];
		}
	}
	store_done(st);
	buf_free(&ids);
	*n = k;
	return rc;
}

/* The services at locations of one service from the tables (c: a
 * candidate with its relevance and name or name order), each with its
 * location's exact distance; within the radius only when there is one. */
sn_err search_sals_from_tables(dsearch *x, const cand *c, topk *out)
{
	const search_query *q = x->q;
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT x.id, l.lat_e6, l.lon_e6 FROM dir_service_at_locations x "
				"LEFT JOIN dir_locations l ON l.id = x.location_id WHERE x.service_id = ?", "i", c->id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t d = -1;
		if (q->has_point && !store_col_null(st, 1) && !store_col_null(st, 2))
			d = geo_distance_m(q->lat_e6, q->lon_e6, (int32_t)store_col_i64(st, 1),
					   (int32_t)store_col_i64(st, 2));
		if (q->has_point && q->within_m > 0 && (d < 0 || d > q->within_m))
			continue;
		search_topk_push(out, (cand){.id = c->id, .rank = c->rank, .distance = d, .name = c->name,
				      .band = q->has_point ? search_band_of(q, d) : 0, .sal = store_col_i64(st, 0),
				      .ord = c->ord, .exact = true});
	}
	store_done(st);
	return rc;
}

/* ---- what the rest of the engine reads (search_int.h) ---- */

sn_err search_store_text_matches(dsearch *x, cands *out)
{
	int64_t unknown = x->q->has_point ? -2 : 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, x->pg
		? "SELECT service_id, (-1e12 * ts_rank(doc, to_tsquery('english', ?)))::bigint "
		  "FROM dir_search WHERE doc @@ to_tsquery('english', ?)"
		: "SELECT rowid, CAST(1e12 * rank AS INTEGER) FROM dir_search WHERE dir_search MATCH ?",
		x->pg ? "tt" : "t", x->text, x->text);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t id = store_col_i64(st, 0);
		if (search_in_sets(x, id))
			search_cands_push(out, (cand){.id = id, .rank = store_col_i64(st, 1), .distance = unknown});
	}
	store_done(st);
	return rc;
}

sn_err search_store_published(dsearch *x, cands *out)
{
	int64_t unknown = x->q->has_point ? -2 : 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT id, name FROM dir_services WHERE moderation = 'published'", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		search_cands_push(out, (cand){.id = store_col_i64(st, 0), .distance = unknown,
				       .name = arena_strdup(x->a, store_col_text(st, 1))});
	}
	store_done(st);
	return rc;
}

sn_err search_store_stale(dsearch *x, idset *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT service_id FROM dir_points_stale ORDER BY service_id", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		search_ids_push(out, store_col_i64(st, 0));
	}
	store_done(st);
	search_ids_finish(out);
	return rc;
}

sn_err search_store_max_service_id(store *s, int64_t *id)
{
	return store_one_i64(s, id, "SELECT coalesce(max(id), 0) FROM dir_services", "");
}

sn_err search_store_name_first(dsearch *x, cand *tie, size_t m, size_t r)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT id, name FROM dir_services WHERE moderation = 'published' "
				"ORDER BY name, id", "");
	size_t found = 0;
	bool row = true;
	while (!rc && found < r) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		cand key = {.id = store_col_i64(st, 0)};
		cand *t = bsearch(&key, tie, m, sizeof *tie, search_id_cmp);
		if (t) {
			t->name = arena_strdup(x->a, store_col_text(st, 1));
			found++;
		}
	}
	store_done(st);
	return rc;
}

sn_err search_store_plain_page(store *s, arena *a, const search_query *q, search_results *out)
{
	sn_err rc = store_one_i64(s, &out->total, "SELECT count(*) FROM dir_services "
				  "WHERE moderation = 'published'", "");
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, "SELECT id FROM dir_services WHERE moderation = 'published' "
				 "ORDER BY name, id LIMIT ? OFFSET ?", "ii", q->per_page,
				 (q->page - 1) * q->per_page);
	out->ids = arena_alloc(a, (size_t)q->per_page * sizeof *out->ids);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row || !(out->n < (size_t)q->per_page))
			break;
		out->ids[out->n++] = store_col_i64(st, 0);
	}
	store_done(st);
	return rc;
}

sn_err search_store_sals_within(dsearch *x, const cands *svc, topk *out)
{
	const search_query *q = x->q;
	geo_box box;
	geo_bbox(q->lat_e6, q->lon_e6, q->within_m, &box);
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, x->pg
		? "SELECT x.service_id, l.lat_e6, l.lon_e6, x.id FROM dir_locations l JOIN "
		  "dir_service_at_locations x ON x.location_id = l.id WHERE l.lat_e6 BETWEEN ? AND ? "
		  "AND l.lon_e6 BETWEEN ? AND ?"
		: "SELECT service_min, lat_min, lon_min, id FROM dir_geo WHERE lat_min >= ? AND "
		  "lat_max <= ? AND lon_min >= ? AND lon_max <= ?", "iiii", (int64_t)box.lat_min_e6,
		(int64_t)box.lat_max_e6, (int64_t)box.lon_min_e6, (int64_t)box.lon_max_e6);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t d = geo_distance_m(q->lat_e6, q->lon_e6, (int32_t)store_col_i64(st, 1),
					   (int32_t)store_col_i64(st, 2));
		cand key = {.id = store_col_i64(st, 0)};
		const cand *c = svc->n ? bsearch(&key, svc->v, svc->n, sizeof *svc->v, search_id_cmp) : NULL;
		if (d <= q->within_m && c)
			search_topk_push(out, (cand){.id = c->id, .rank = c->rank, .distance = d, .name = c->name,
					      .band = search_band_of(q, d), .sal = store_col_i64(st, 3), .exact = true});
	}
	store_done(st);
	return rc;
}

sn_err search_store_sals_count(store *s, int64_t *n)
{
	return store_one_i64(s, n, "SELECT count(*) FROM dir_service_at_locations x "
			     "JOIN dir_services s ON s.id = x.service_id WHERE s.moderation = 'published'", "");
}

void search_store_synonyms_of(store *s, const char *word, char also[SEARCH_TEXT_MAX + 1])
{
	store_stmt *st = NULL;
	also[0] = '\0';
	if (!store_query(s, &st, "SELECT also FROM dir_synonyms WHERE word = ?", "t", word)) {
		bool row = false;
		if (!store_step(st, &row) && row)
			snprintf(also, SEARCH_TEXT_MAX + 1, "%s", store_col_text(st, 0));
		store_done(st);
	}
}

sn_err search_store_vocabulary(store *s, char (*vocab)[64], size_t cap, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT name FROM dir_taxonomy_terms UNION ALL SELECT word FROM dir_synonyms "
		"UNION ALL SELECT also FROM dir_synonyms UNION ALL "
		"SELECT name FROM (SELECT DISTINCT name FROM dir_services WHERE moderation = 'published' "
		"LIMIT 4000) x", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		char w[SEARCH_WORDS_MAX][64];
		size_t k = search_text_words(store_col_text(st, 0), w, SEARCH_WORDS_MAX);
		for (size_t i = 0; i < k && *n < cap; i++)
			if (strlen(w[i]) >= 3)
				memcpy(vocab[(*n)++], w[i], 64);
	}
	store_done(st);
	return rc;
}

/* ---- the synonyms (search.h) ---- */

sn_err search_synonyms_list(store *s, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT word, also, updated_at FROM dir_synonyms "
				"ORDER BY word", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s}", "word", store_col_text(st, 0),
			"also", store_col_text(st, 1), "updated", store_col_text(st, 2)));
	}
	store_done(st);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

sn_err search_synonym_set(store *s, const char *word, const char *also, const char *by, const char *now)
{
	return store_run(s, "INSERT INTO dir_synonyms (word, also, updated_by, updated_at) "
			 "VALUES (?, ?, ?, ?) ON CONFLICT (word) DO UPDATE SET also = excluded.also, "
			 "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
			 "tttt", word, also, by, now);
}

sn_err search_synonym_delete(store *s, const char *word, bool *deleted)
{
	sn_err rc = store_run(s, "DELETE FROM dir_synonyms WHERE word = ?", "t", word);
	*deleted = !rc && store_changes(s) > 0;
	return rc;
}
