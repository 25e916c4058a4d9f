/* The one search over the directory, for the ORUK API and the pages:
 * full text from our own word lists on SQLite (dir_index.c: FTS5's words
 * and bm25; FTS5 itself while they are not built) and a tsvector with the
 * English configuration on PostgreSQL, filters as sets of ids, paged,
 * ranked by distance band near a point, then relevance, then name. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_index.h"
#include "directory.h"
#include "geo/geo.h"
#include "hours/hours.h"

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
 * points (dir_search_sals). One read transaction around it all. */

typedef struct {
	int64_t *v;
	size_t n, cap;
} idset;

static void ids_push(idset *s, int64_t id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* Sorted (indexes usually give them in order already) and unique. */
static void ids_finish(idset *s)
{
	bool sorted = true;
	for (size_t i = 1; i < s->n && sorted; i++)
		sorted = s->v[i - 1] <= s->v[i];
	if (!sorted)
		qsort(s->v, s->n, sizeof *s->v, cmp_i64);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!k || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

static bool ids_has(const idset *s, int64_t id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->v[lo] == id;
}

/* Services near a point: id and the distance to its nearest location. */
typedef struct {
	int64_t id, distance;
} geo_hit;

typedef struct {
	geo_hit *v;
	size_t n, cap;
} geomap;

static int geo_hit_cmp(const void *x, const void *y)
{
	const geo_hit *a = x, *b = y;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->distance < b->distance ? -1 : a->distance > b->distance;
}

/* One match on its way to the page. */
typedef struct {
	int64_t id;
	/* Lower first: bm25 (SQLite) or -ts_rank (PostgreSQL), times 10^12 so
	 * that it is an integer; 0 without words. */
	int64_t rank;
	int64_t distance; /* metres to the nearest location; -1 none; -2 not known (yet) */
	const char *name; /* NULL until read */
	int band;
	int64_t sal;      /* dir_search_sals: the service at a location (id is its service) */
	uint32_t ord;     /* its place in name order (dir_names); 0 until read */
	bool exact;       /* dir_search_sals: distance is exact (not quick_distance's) */
} cand;

typedef struct {
	cand *v;
	size_t n, cap;
} cands;

static void cands_push(cands *c, cand x)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = x;
}

/* The words of a search, each with its synonyms ("lonely": befriending,
 * ...), read once. */
typedef struct {
	char word[DIR_SEARCH_WORDS][64];
	char alt[DIR_SEARCH_WORDS][DIR_SEARCH_WORDS][64];
	size_t n, n_alt[DIR_SEARCH_WORDS];
} query_words;

#define MAX_SETS 5

typedef struct {
	store *s;
	arena *a;
	const dir_query *q;
	bool pg;
	const query_words *words; /* NULL without words */
	const char *text; /* the engine's query; NULL without words */
	idset sets[MAX_SETS];
	size_t n_sets;
	bool geo;         /* within_m > 0: near holds every service inside the radius */
	geomap near;
	/* Near a point on SQLite with the index built: distances from
	 * dir_points (dir_index.c), quick ones where they cannot change a
	 * band or the radius; stale: services whose points may be out of date
	 * (their distances come from the tables). */
	bool points;
	bool ords;        /* SQLite with the index built: ties by dir_names, no names read */
	bool stream;      /* stream_page answers: no words and no radius */
	dir_words_stats index; /* read once in the search's transaction (index_state) */
	idset stale;
	double ky, kx; /* metres per millionth of a degree north, and east here */
} dsearch;

static void search_free(dsearch *x)
{
	for (size_t i = 0; i < x->n_sets; i++)
		free(x->sets[i].v);
	free(x->near.v);
	free(x->stale.v);
}

static bool in_sets(const dsearch *x, int64_t id)
{
	for (size_t i = 0; i < x->n_sets; i++)
		if (!ids_has(&x->sets[i], id))
			return false;
	return true;
}

static const query_words *words_of(store *s, arena *a, const char *search_text)
{
	query_words *w = arena_alloc(a, sizeof *w);
	w->n = dir_search_words(search_text, w->word, DIR_SEARCH_WORDS);
	for (size_t i = 0; i < w->n; i++) {
		char also[DIR_SEARCH_MAX + 1] = "";
		store_stmt *st = NULL;
		if (!store_query(s, &st, "SELECT also FROM dir_synonyms WHERE word = ?", "t", w->word[i])) {
			bool row = false;
			if (!store_step(st, &row) && row)
				snprintf(also, sizeof also, "%s", store_col_text(st, 0));
			store_done(st);
		}
		w->n_alt[i] = dir_search_words(also, w->alt[i], DIR_SEARCH_WORDS);
	}
	return w->n ? w : NULL;
}

/* The text query in the engine's own syntax: every word must match, a word
 * or any of its synonyms ("lonely" OR "befriending" ...). The words are
 * letters and digits only, so nothing in them is syntax. NULL without words. */
static const char *text_query(arena *a, bool pg, const query_words *w)
{
	if (!w)
		return NULL;
	buf text;
	buf_init(&text, 8192);
	for (size_t i = 0; i < w->n; i++) {
		buf_puts(&text, i ? (pg ? " & (" : " AND (") : "(");
		buf_printf(&text, pg ? "%s" : "\"%s\"", w->word[i]);
		for (size_t k = 0; k < w->n_alt[i]; k++)
			buf_printf(&text, pg ? " | %s" : " OR \"%s\"", w->alt[i][k]);
		buf_puts(&text, ")");
	}
	const char *out = arena_strdup(a, text.data);
	buf_free(&text);
	return out;
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
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t id = store_col_i64(st, 0);
		if (!except || !ids_has(except, id))
			ids_push(out, id);
	}
	store_done(st);
	ids_finish(out);
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
	const dir_query *q = x->q;
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
	const char *sql = arena_printf(x->a, "SELECT d.service_id, d.valid_from, d.valid_to, d.dtstart, d.until, "
				       "d.freq, d.every, d.byday, d.bymonthday, d.opens_at, d.closes_at %s AND "
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
				ids_push(out, cur);
			sv->n_rules = 0;
			cur = id;
		}
		if (rc || !row)
			break;
		sched_columns c = {store_col_text(st, 1), store_col_text(st, 2), store_col_text(st, 3),
				   store_col_text(st, 4), store_col_text(st, 5), store_col_text(st, 6),
				   store_col_text(st, 7), store_col_text(st, 8), store_col_text(st, 9),
				   store_col_text(st, 10), NULL, NULL, NULL, NULL};
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
	ids_finish(out);
	return rc;
}

/* Filters on the service's own row, its costs or its times (not words,
 * places or taxonomy). */
static bool row_filters(const dir_query *q)
{
	return q->organization_id || q->locality_id || (q->modified_after && *q->modified_after) ||
	       q->api_min_age >= 0 || q->api_max_age >= 0 || q->person_age >= 0 || q->free_only ||
	       (q->day && *q->day);
}

/* The taxonomy filters, each a set. */
static sn_err term_sets(dsearch *x)
{
	const dir_query *q = x->q;
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
	return rc;
}

/* The row filters, each a set: of every published service, or with only
 * (a list of ids as names_of binds one) of those services alone; the day
 * with only_day the same way. */
static sn_err row_sets(dsearch *x, const char *only, const char *only_day)
{
	const dir_query *q = x->q;
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
		while (!rc && !(rc = store_step(st, &row)) && row)
			ids_push(&paid, store_col_i64(st, 0));
		store_done(st);
		ids_finish(&paid);
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

/* The filters that are not words or places, each a set. */
static sn_err filter_sets(dsearch *x)
{
	sn_err rc = term_sets(x);
	return rc ? rc : row_sets(x, NULL, NULL);
}

/* The ids of v[0..n) as one bound list: a JSON array for json_each on
 * SQLite, an array literal on PostgreSQL. */
static sn_err id_list(const dsearch *x, const cand *v, size_t n, buf *out)
{
	buf_init(out, 24 * (n + 2));
	sn_err rc = buf_putc(out, x->pg ? '{' : '[');
	for (size_t i = 0; i < n && !rc; i++)
		rc = buf_printf(out, "%s%lld", i ? "," : "", (long long)v[i].id);
	if (!rc)
		rc = buf_putc(out, x->pg ? '}' : ']');
	return rc;
}

/* Below this many matches of the words, the row filters (the day) are
 * asked of those services alone, a list of ids bound in one query, rather
 * than of the whole directory: at a million services a seek costs about
 * as much as scanning 20 rows of the filters' index (5 of schedules). */
#define ROWS_OF_MATCHES 50000
#define DAYS_OF_MATCHES 200000

static int id_cmp(const void *x, const void *y);

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
		qsort(c->v, c->n, sizeof *c->v, id_cmp);
		buf ids;
		rc = id_list(x, c->v, c->n, &ids);
		if (!rc)
			rc = row_sets(x, c->n <= ROWS_OF_MATCHES ? ids.data : NULL, ids.data);
		buf_free(&ids);
	} else {
		rc = row_sets(x, NULL, NULL);
	}
	size_t k = 0;
	for (size_t i = 0; i < c->n && !rc; i++) {
		bool in = true;
		for (size_t s = first; s < x->n_sets && in; s++)
			in = ids_has(&x->sets[s], c->v[i].id);
		if (in)
			c->v[k++] = c->v[i];
	}
	if (!rc)
		c->n = k;
	*empty = !rc && k == 0;
	return rc;
}

static sn_err geo_probe(dsearch *x, int64_t r, geomap *out, cands *only);

/* Every service with a location within r metres of the point, with the
 * distance to its nearest one: the R-tree on SQLite, the coordinates'
 * index on PostgreSQL, both cut to the box around the circle first. */
static sn_err geo_within(dsearch *x, int64_t r, geomap *out)
{
	return geo_probe(x, r, out, NULL);
}

static int id_cmp(const void *x, const void *y);

/* The same, or with only (not NULL: sorted by id) the distances of those
 * candidates only, kept in them (the nearest location's; -1 when none is
 * within r): no map of every location in the box to sort. */
static sn_err geo_probe(dsearch *x, int64_t r, geomap *out, cands *only)
{
	const dir_query *q = x->q;
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
	while (!rc && !(rc = store_step(st, &row)) && row) {
		cand *c = NULL;
		if (only) {
			cand key = {.id = store_col_i64(st, 0)};
			c = bsearch(&key, only->v, only->n, sizeof *only->v, id_cmp);
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
		qsort(out->v, out->n, sizeof *out->v, geo_hit_cmp);
	size_t k = 0; /* the nearest location of each service (sorted first) */
	for (size_t i = 0; i < out->n; i++)
		if (!k || out->v[k - 1].id != out->v[i].id)
			out->v[k++] = out->v[i];
	out->n = k;
	return rc;
}

/* The distance from the point to a service's nearest location; -1 none. */
static sn_err distance_of(dsearch *x, int64_t id, int64_t *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT l.lat_e6, l.lon_e6 FROM dir_service_at_locations x "
				"JOIN dir_locations l ON l.id = x.location_id WHERE x.service_id = ? "
				"AND l.lat_e6 IS NOT NULL AND l.lon_e6 IS NOT NULL", "i", id);
	bool row = true;
	*out = -1;
	while (!rc && !(rc = store_step(st, &row)) && row) {
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

static int id_cmp(const void *x, const void *y);

/* Reads the names of v[0..n), dropping services that are not published
 * (a stale index); returns how many are left. Many at once are one query
 * over a list of ids (json_each, or an array on PostgreSQL): thousands of
 * one-row statements cost several times more. v ends up in id order. */
static sn_err names_of(dsearch *x, cand *v, size_t *n)
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
	qsort(v, *n, sizeof *v, id_cmp);
	buf ids;
	rc = id_list(x, v, *n, &ids);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(x->s, &st, x->pg
			? "SELECT s.id, s.name FROM dir_services s WHERE s.id = ANY(CAST(? AS bigint[])) "
			  "AND s.moderation = 'published' ORDER BY s.id"
			: "SELECT s.id, s.name FROM json_each(?) j CROSS JOIN dir_services s ON s.id = j.value "
			  "WHERE s.moderation = 'published' ORDER BY s.id", "t", ids.data);
	size_t i = 0;
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
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

static int id_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Candidates in id order (the word index gives them so already). */
static void sort_by_id(cands *c)
{
	for (size_t i = 1; i < c->n; i++)
		if (c->v[i - 1].id > c->v[i].id) {
			qsort(c->v, c->n, sizeof *c->v, id_cmp);
			return;
		}
}

/* Below this many candidates, their distances are read one by one (two
 * index lookups each) rather than through the R-tree's box, which in a
 * dense area holds far more locations than the words match. */
#define GEO_ONE_BY_ONE 20000

/* Whether our own lists (dir_index.c) can answer, read once inside the
 * search's transaction; all zero on PostgreSQL. */
static sn_err index_state(dsearch *x)
{
	return dir_words_state(x->s, &x->index);
}

/* ---- the words from dir_words (dir_index.c) ---- */

/* One phrase of the query (a word or a synonym: one token each) and its
 * list; several phrases may share a list. */
typedef struct {
	char token[64];
	int group; /* the word it stands for */
	int list;  /* into the lists read */
	size_t n;  /* its list's length */
	double idf;
} phrase;

typedef struct {
	char token[64];
	int count;
} one_token;

static int on_query_token(void *ctx, const char *token, size_t n)
{
	one_token *t = ctx;
	if (t->count++ == 0 && n < sizeof t->token) {
		memcpy(t->token, token, n);
		t->token[n] = 0;
	} else if (n >= sizeof t->token) {
		t->count = 2; /* too long: not ours to answer */
	}
	return 0;
}

#define MAX_PHRASES (DIR_SEARCH_WORDS * (DIR_SEARCH_WORDS + 1))
#define MAX_LIST_BYTES ((size_t)DIR_POSTING * UINT32_MAX)

/* Every match of the words with FTS5's own bm25 (fts5_aux.c: k1 1.2,
 * b 0.75, each phrase's idf from how many services have it, the average
 * length from dir_words_state), so the order is the one FTS5 gives, from
 * a few contiguous lists instead of a size record read per match. All the
 * phrases' lists are walked together in id order: a service matches when
 * every word has a phrase in it. *done false when the lists cannot answer
 * (PostgreSQL, not built, a word that is not one token): FTS5 does. */
static sn_err word_candidates(dsearch *x, cands *out, bool *done)
{
	*done = false;
	const dir_words_stats stats = x->index;
	if (!stats.built || stats.docs <= 0)
		return SN_OK;
	sn_err rc = SN_OK;
	phrase ph[MAX_PHRASES];
	size_t np = 0;
	store_tokenizer *t = NULL;
	if ((rc = store_tokenizer_open(DIR_TOKENIZER, &t)))
		return rc;
	const query_words *w = x->words;
	bool ok = true;
	for (size_t g = 0; g < w->n && ok && !rc; g++)
		for (size_t k = 0; k <= w->n_alt[g] && ok && !rc && np < MAX_PHRASES; k++) {
			const char *text = k == 0 ? w->word[g] : w->alt[g][k - 1];
			one_token one = {0};
			rc = store_tokenize(t, true, text, strlen(text), on_query_token, &one);
			ok = one.count == 1;
			if (ok) {
				ph[np] = (phrase){.group = (int)g, .list = -1};
				memcpy(ph[np].token, one.token, sizeof one.token);
				np++;
			}
		}
	store_tokenizer_close(t);
	if (rc || !ok)
		return rc;
	/* Each distinct word's list once. */
	buf lists[MAX_PHRASES];
	size_t nl = 0;
	for (size_t i = 0; i < np && !rc; i++) {
		for (size_t k = 0; k < i && ph[i].list < 0; k++)
			if (strcmp(ph[k].token, ph[i].token) == 0)
				ph[i].list = ph[k].list;
		if (ph[i].list < 0) {
			buf_init(&lists[nl], MAX_LIST_BYTES);
			rc = dir_words_list(x->s, ph[i].token, &lists[nl]);
			ph[i].list = (int)nl++;
		}
		ph[i].n = lists[ph[i].list].len / DIR_POSTING;
		int64_t n_row = stats.docs, n_hit = (int64_t)ph[i].n;
		ph[i].idf = log((n_row - n_hit + 0.5) / (n_hit + 0.5));
		if (ph[i].idf <= 0.0)
			ph[i].idf = 1e-6;
	}
	const double k1 = 1.2, b = 0.75, avgdl = (double)stats.tokens / (double)stats.docs;
	unsigned all = (1u << w->n) - 1;
	int64_t unknown = x->q->has_point ? -2 : 0;
	/* Scores and the words each service has, in arrays by service id:
	 * each phrase's list adds its term in turn, so every score is summed
	 * in fts5Bm25Function's order (the same doubles, term for term). */
	uint32_t top = 0;
	for (size_t i = 0; i < np; i++)
		if (ph[i].n) {
			uint32_t last = dir_posting_id((const uint8_t *)lists[ph[i].list].data +
						       (ph[i].n - 1) * DIR_POSTING);
			top = last + 1 > top ? last + 1 : top;
		}
	double *score = rc || !top ? NULL : xcalloc(top, sizeof *score);
	uint8_t *has = rc || !top ? NULL : xcalloc(top, 1);
	for (size_t i = 0; i < np && score; i++) {
		const uint8_t *p = (const uint8_t *)lists[ph[i].list].data;
		uint8_t bit = (uint8_t)(1u << ph[i].group);
		double idf = ph[i].idf;
		for (size_t k = 0; k < ph[i].n; k++, p += DIR_POSTING) {
			uint32_t id = dir_posting_id(p);
			double freq = (double)dir_posting_tf(p), d = (double)dir_posting_len(p);
			score[id] += idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * d / avgdl)));
			has[id] |= bit;
		}
	}
	/* The filters' sets as counts in the same kind of array: a service
	 * is in every set when its count reaches their number. */
	uint8_t *in = NULL;
	if (score && x->n_sets) {
		in = xcalloc(top, 1);
		for (size_t k = 0; k < x->n_sets; k++)
			for (size_t i = 0; i < x->sets[k].n; i++) {
				int64_t id = x->sets[k].v[i];
				if (id >= 0 && id < (int64_t)top && in[id] == k)
					in[id] = (uint8_t)(k + 1);
			}
	}
	for (uint32_t id = 0; id < top && score; id++)
		if (has[id] == all && (!in || in[id] == x->n_sets)) {
			double rank = -1.0 * score[id];
			cands_push(out, (cand){.id = id, .rank = (int64_t)(1e12 * rank), .distance = unknown});
		}
	free(score);
	free(has);
	free(in);
	for (size_t i = 0; i < nl; i++)
		buf_free(&lists[i]);
	*done = !rc;
	return rc;
}

/* The candidates, each passing every filter but a radius that x->near
 * does not hold yet, in no particular order: with words, every match with
 * its relevance (the engine does not sort them: FTS5 sorting by rank
 * re-reads every row, several times slower than this and the selection in
 * rank_page); without, not yet checked to be published (names_of does). */
static sn_err candidates(dsearch *x, cands *out)
{
	const dir_query *q = x->q;
	int64_t unknown = q->has_point ? -2 : 0;
	store_stmt *st = NULL;
	sn_err rc = SN_OK;
	bool row = true;
	if (x->text) {
		bool done = false;
		rc = word_candidates(x, out, &done);
		if (rc || done)
			return rc;
		out->n = 0;
		rc = store_query(x->s, &st, x->pg
			? "SELECT service_id, (-1e12 * ts_rank(doc, to_tsquery('english', ?)))::bigint "
			  "FROM dir_search WHERE doc @@ to_tsquery('english', ?)"
			: "SELECT rowid, CAST(1e12 * rank AS INTEGER) FROM dir_search WHERE dir_search MATCH ?",
			x->pg ? "tt" : "t", x->text, x->text);
		while (!rc && !(rc = store_step(st, &row)) && row) {
			int64_t id = store_col_i64(st, 0);
			if (in_sets(x, id))
				cands_push(out, (cand){.id = id, .rank = store_col_i64(st, 1), .distance = unknown});
		}
		store_done(st);
		return rc;
	}
	if (x->geo) {
		for (size_t i = 0; i < x->near.n; i++)
			if (in_sets(x, x->near.v[i].id))
				cands_push(out, (cand){.id = x->near.v[i].id, .distance = x->near.v[i].distance});
	} else if (x->n_sets) {
		const idset *small = &x->sets[0];
		for (size_t i = 1; i < x->n_sets; i++)
			if (x->sets[i].n < small->n)
				small = &x->sets[i];
		for (size_t i = 0; i < small->n; i++)
			if (in_sets(x, small->v[i]))
				cands_push(out, (cand){.id = small->v[i], .distance = unknown});
	} else {
		rc = store_query(x->s, &st, "SELECT id, name FROM dir_services WHERE moderation = 'published'", "");
		while (!rc && !(rc = store_step(st, &row)) && row)
			cands_push(out, (cand){.id = store_col_i64(st, 0), .distance = unknown,
					       .name = arena_strdup(x->a, store_col_text(st, 1))});
		store_done(st);
	}
	return rc;
}

static int band_of(int64_t distance)
{
	/* Distance bands: 1 km, 3 km, 10 km, further; no location last. */
	if (distance < 0)
		return 5;
	return distance <= 1000 ? 0 : distance <= 3000 ? 1 : distance <= 10000 ? 2 : 3;
}

/* Band, then relevance: the start of both result orders (cand_cmp, ord_cmp). */
static int band_rank_cmp(const cand *a, const cand *b)
{
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return 0;
}

static int cand_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = band_rank_cmp(a, b);
	if (c)
		return c;
	c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	if (c)
		return c;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->distance < b->distance ? -1 : a->distance > b->distance;
}

/* ---- distances from dir_points (dir_index.c) ---- */

/* Whether the points can answer near a point, and the services they may
 * be wrong about (normally none): read near a point, or with sals (the
 * services at locations come from the points too). */
static sn_err points_start(dsearch *x, bool sals)
{
	x->points = false;
	if (!x->index.built || !(sals || x->q->has_point))
		return SN_OK;
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT service_id FROM dir_points_stale ORDER BY service_id", "");
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row)
		ids_push(&x->stale, store_col_i64(st, 0));
	store_done(st);
	ids_finish(&x->stale);
	/* The sphere geo_distance_m uses, flat at the point's latitude. */
	x->ky = GEO_EARTH_RADIUS_M * 3.14159265358979323846 / 180e6;
	x->kx = x->ky * cos((double)x->q->lat_e6 * 3.14159265358979323846 / 180e6);
	x->points = !rc && x->q->has_point;
	return rc;
}

/* Metres from the point: a flat-earth figure where no band edge (1, 3,
 * 10 km) or the radius is within its error (under 0.5% + 2.5 d/R of d
 * across Britain's latitudes, with room to spare), else the exact one.
 * So bands and the radius are decided exactly; the page's distances are
 * made exact before they are shown (rank_page, page_of). */
static int64_t quick_distance(const dsearch *x, int32_t lat, int32_t lon)
{
	const dir_query *q = x->q;
	double dy = (double)((int64_t)lat - q->lat_e6) * x->ky, dx = (double)((int64_t)lon - q->lon_e6) * x->kx;
	double d = sqrt(dx * dx + dy * dy);
	double margin = d * (0.005 + 2.5 * d / GEO_EARTH_RADIUS_M) + 2.0;
	const double edges[] = {1000, 3000, 10000, (double)q->within_m};
	for (size_t i = 0; i < SN_ARRAY_LEN(edges); i++)
		if (fabs(d - edges[i]) <= margin)
			return geo_distance_m(q->lat_e6, q->lon_e6, lat, lon);
	return (int64_t)d;
}

/* Service id's nearest point among a chunk's points p[0..np), from *at
 * (left after them; ids come in order): -1 when it has none, r + 1 for a
 * point outside box (with a radius, only "too far"). */
static int64_t nearest_point(const dsearch *x, const uint8_t *p, size_t np, size_t *at, int64_t id,
			     const geo_box *box, int64_t r)
{
	int64_t best = -1;
	while (*at < np && dir_posting_id(p + *at * DIR_POINT) < (uint32_t)id)
		++*at;
	for (; *at < np && dir_posting_id(p + *at * DIR_POINT) == (uint32_t)id; ++*at) {
		int32_t lat = dir_point_lat(p + *at * DIR_POINT), lon = dir_point_lon(p + *at * DIR_POINT);
		if (lat == DIR_POINT_NONE)
			continue;
		int64_t d = lat < box->lat_min_e6 || lat > box->lat_max_e6 || lon < box->lon_min_e6 ||
				    lon > box->lon_max_e6
				? r + 1
				: quick_distance(x, lat, lon);
		if (best < 0 || d < best)
			best = d;
	}
	return best;
}

/* No box: every point measured. */
static const geo_box NO_BOX = {INT32_MIN, INT32_MAX, INT32_MIN, INT32_MAX};

/* The distances of v[0..n) (sorted by id): each one's nearest point, -1
 * when it has none; one chunk of points read for each chunk of ids. */
static sn_err points_distances(dsearch *x, cand *v, size_t n, int64_t r)
{
	/* With a radius, a point outside its box is only "too far" (r + 1). */
	geo_box box = NO_BOX;
	if (r > 0)
		geo_bbox(x->q->lat_e6, x->q->lon_e6, r, &box);
	sn_err rc = SN_OK;
	for (size_t i = 0; i < n && !rc;) {
		int64_t chunk = v[i].id >> DIR_CHUNK_BITS;
		size_t j = i;
		while (j < n && v[j].id >> DIR_CHUNK_BITS == chunk)
			j++;
		const dir_chunk *ck = NULL;
		if ((rc = dir_chunk_get(x->s, DIR_CHUNK_POINTS, chunk, x->index.gen, &ck)))
			break;
		const uint8_t *p = ck->data;
		size_t np = ck->len / DIR_POINT, at = 0;
		for (size_t k = i; k < j && !rc; k++) {
			if (x->stale.n && ids_has(&x->stale, v[k].id))
				rc = distance_of(x, v[k].id, &v[k].distance);
			else
				v[k].distance = nearest_point(x, p, np, &at, v[k].id, &box, r);
		}
		dir_chunk_release(ck);
		i = j;
	}
	return rc;
}

static void near_push(geomap *out, int64_t id, int64_t d)
{
	if (out->n && out->v[out->n - 1].id == id) {
		if (d < out->v[out->n - 1].distance)
			out->v[out->n - 1].distance = d;
		return;
	}
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 1024;
		out->v = xrealloc(out->v, out->cap * sizeof *out->v);
	}
	out->v[out->n++] = (geo_hit){id, d};
}

/* Every service within r metres, with its distance, in id order: every
 * chunk of points, those in the box measured. */
static sn_err points_within(dsearch *x, int64_t r, geomap *out)
{
	const dir_query *q = x->q;
	geo_box box;
	geo_bbox(q->lat_e6, q->lon_e6, r, &box);
	int64_t last = -1;
	sn_err rc = dir_points_chunks(x->s, &last);
	for (int64_t chunk = 0; chunk <= last && !rc; chunk++) {
		const dir_chunk *ck = NULL;
		if ((rc = dir_chunk_get(x->s, DIR_CHUNK_POINTS, chunk, x->index.gen, &ck)))
			break;
		const uint8_t *p = ck->data;
		for (size_t at = 0; at + DIR_POINT <= ck->len && !rc; at += DIR_POINT) {
			int32_t lat = dir_point_lat(p + at), lon = dir_point_lon(p + at);
			if (lat == DIR_POINT_NONE || lat < box.lat_min_e6 || lat > box.lat_max_e6 ||
			    lon < box.lon_min_e6 || lon > box.lon_max_e6)
				continue;
			int64_t id = dir_posting_id(p + at);
			if (x->stale.n && ids_has(&x->stale, id))
				continue;
			int64_t d = quick_distance(x, lat, lon);
			if (d <= r)
				near_push(out, id, d);
		}
		dir_chunk_release(ck);
	}
	bool added = false;
	for (size_t i = 0; i < x->stale.n && !rc; i++) {
		int64_t d = -1;
		rc = distance_of(x, x->stale.v[i], &d);
		if (!rc && d >= 0 && d <= r) {
			near_push(out, x->stale.v[i], d);
			added = true;
		}
	}
	if (added)
		qsort(out->v, out->n, sizeof *out->v, geo_hit_cmp);
	return rc;
}

/* Near a point without a radius: the distances of enough candidates to
 * fill the first `want` places, ring by ring (1, 3, 10 km: the bands)
 * when there are many, then one by one for the rest. Those left unknown
 * (band 9) are further than all the ones that fill the page. */
static sn_err resolve_distances(dsearch *x, cands *c, size_t want)
{
	static const int64_t rings[] = {1000, 3000, 10000};
	size_t known = 0;
	sn_err rc = SN_OK;
	sort_by_id(c); /* lookups in index order; geo_probe's */
	if (x->points) {
		rc = points_distances(x, c->v, c->n, 0);
		for (size_t i = 0; i < c->n; i++)
			c->v[i].band = band_of(c->v[i].distance);
		return rc;
	}
	for (size_t r = 0; r < SN_ARRAY_LEN(rings) && known < want && c->n > GEO_ONE_BY_ONE && !rc; r++) {
		rc = geo_probe(x, rings[r], NULL, c);
		known = 0;
		for (size_t i = 0; i < c->n; i++)
			known += c->v[i].distance != -2;
	}
	for (size_t i = 0; i < c->n && !rc; i++) {
		if (c->v[i].distance != -2)
			c->v[i].band = band_of(c->v[i].distance);
		else if (known >= want)
			c->v[i].band = 9;
		else {
			rc = distance_of(x, c->v[i].id, &c->v[i].distance);
			c->v[i].band = band_of(c->v[i].distance);
		}
	}
	return rc;
}

/* The engine's relevance and the band only (names are not read yet). */
static int key_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static void swap_cand(cand *a, cand *b)
{
	cand t = *a;
	*a = *b;
	*b = t;
}

/* Quickselect: afterwards v[0..k) are the k first of v[0..n) by cmp, in
 * no particular order. Three-way partitions, so many equal keys (the same
 * text in many services) cost nothing extra. */
static void select_first(cand *v, size_t n, size_t k, int (*cmp)(const void *, const void *))
{
	size_t lo = 0, hi = n;
	while (hi - lo > 16) {
		size_t mid = lo + (hi - lo) / 2;
		/* The median of three as the pivot. */
		if (cmp(&v[mid], &v[lo]) < 0)
			swap_cand(&v[mid], &v[lo]);
		if (cmp(&v[hi - 1], &v[lo]) < 0)
			swap_cand(&v[hi - 1], &v[lo]);
		if (cmp(&v[hi - 1], &v[mid]) < 0)
			swap_cand(&v[hi - 1], &v[mid]);
		cand p = v[mid];
		size_t lt = lo, i = lo, gt = hi;
		while (i < gt) {
			int c = cmp(&v[i], &p);
			if (c < 0)
				swap_cand(&v[lt++], &v[i++]);
			else if (c > 0)
				swap_cand(&v[i], &v[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k <= gt)
			return;
		else
			lo = gt;
	}
	qsort(v + lo, hi - lo, sizeof *v, cmp);
}

/* The first k by cmp of everything pushed, without keeping the rest: a
 * heap whose root is the last of them (pushed counts all). */
typedef struct {
	cand *v;
	size_t n, cap, k;
	int64_t pushed;
	int (*cmp)(const void *, const void *);
} topk;

static void topk_push(topk *t, cand c)
{
	t->pushed++;
	if (t->n < t->k) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->v = xrealloc(t->v, t->cap * sizeof *t->v);
		}
		size_t i = t->n++;
		t->v[i] = c;
		while (i && t->cmp(&t->v[(i - 1) / 2], &t->v[i]) < 0) {
			swap_cand(&t->v[(i - 1) / 2], &t->v[i]);
			i = (i - 1) / 2;
		}
		return;
	}
	if (!t->k || t->cmp(&c, &t->v[0]) >= 0)
		return;
	t->v[0] = c;
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < t->n && t->cmp(&t->v[l], &t->v[m]) > 0)
			m = l;
		if (r < t->n && t->cmp(&t->v[r], &t->v[m]) > 0)
			m = r;
		if (m == i)
			break;
		swap_cand(&t->v[i], &t->v[m]);
		i = m;
	}
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
		if (key_cmp(&v[i], &v[last]) > 0)
			last = i;
	cand edge = v[last];
	size_t nb = 0; /* those before the tie, then the tie */
	for (size_t i = 0; i < cut; i++)
		if (key_cmp(&v[i], &edge) < 0)
			swap_cand(&v[nb++], &v[i]);
	size_t m = cut - nb, r = want - nb;
	int64_t services = 0;
	sn_err rc = store_one_i64(x->s, &services, "SELECT coalesce(max(id), 0) FROM dir_services", "");
	/* Rows of the name index to read (r of m among `services`) against m
	 * lookups, which cost about four rows each. */
	*named = !rc && m > 256 && (double)r * (double)services / (double)m < (double)m / 4;
	if (!*named)
		return rc;
	cand *tie = v + nb;
	qsort(tie, m, sizeof *tie, id_cmp);
	store_stmt *st = NULL;
	rc = store_query(x->s, &st, "SELECT id, name FROM dir_services WHERE moderation = 'published' "
			 "ORDER BY name, id", "");
	size_t found = 0;
	bool row = true;
	while (!rc && found < r && !(rc = store_step(st, &row)) && row) {
		cand key = {.id = store_col_i64(st, 0)};
		cand *t = bsearch(&key, tie, m, sizeof *tie, id_cmp);
		if (t) {
			t->name = arena_strdup(x->a, store_col_text(st, 1));
			found++;
		}
	}
	store_done(st);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (tie[i].name)
			swap_cand(&tie[k++], &tie[i]);
	size_t kb = nb;
	if (!rc)
		rc = names_of(x, v, &kb);
	/* names_of kept kb of the nb before the tie; the tie's first follow. */
	memmove(v + kb, tie, k * sizeof *v);
	*n = kb + k;
	return rc;
}

/* Band, relevance, then name order (dir_names) and id: cand_cmp's order
 * without the names. */
static int ord_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = band_rank_cmp(a, b);
	if (c)
		return c;
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The name order of v[0..*n), dropping services that are not published
 * (a stale index); returns how many are left, in id order. One chunk of
 * dir_names read for each chunk of ids. */
static sn_err ords_of(dsearch *x, cand *v, size_t *n)
{
	cands c = {v, *n, *n};
	sort_by_id(&c);
	const dir_chunk *chunk = NULL;
	int64_t cur = -1;
	size_t k = 0;
	sn_err rc = SN_OK;
	for (size_t i = 0; i < *n && !rc; i++) {
		if (v[i].id >> DIR_CHUNK_BITS != cur) {
			cur = v[i].id >> DIR_CHUNK_BITS;
			dir_chunk_release(chunk);
			chunk = NULL;
			rc = dir_chunk_get(x->s, DIR_CHUNK_NAMES, cur, x->index.gen, &chunk);
		}
		uint32_t ord = rc ? 0 : dir_name_ord(chunk->data, v[i].id);
		if (ord) {
			v[i].ord = ord;
			v[k++] = v[i];
		}
	}
	dir_chunk_release(chunk);
	*n = k;
	return rc;
}

/* Ranks the candidates (by distance band near a point, then relevance,
 * name and id) just far enough to write the page into out: the first
 * offset + per_page by band and relevance, with every candidate that ties
 * with the last of them, are the only ones whose names are read. */
static sn_err rank_page(dsearch *x, cands *c, dir_results *out)
{
	const dir_query *q = x->q;
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
			c->v[i].band = q->has_point ? band_of(c->v[i].distance) : 0;
	if (rc)
		return rc;
	cand *v = c->v;
	size_t cut = want < c->n ? want : c->n;
	if (x->text) {
		select_first(v, c->n, cut, key_cmp);
		size_t last = 0;
		for (size_t i = 1; i < cut; i++)
			if (key_cmp(&v[i], &v[last]) > 0)
				last = i;
		cand edge = v[last];
		for (size_t i = cut; i < c->n; i++)
			if (key_cmp(&v[i], &edge) == 0)
				swap_cand(&v[cut++], &v[i]);
	} else {
		/* names (or with ords, the name order) are known */
		select_first(v, c->n, cut, x->ords ? ord_cmp : cand_cmp);
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
			select_first(v, n, want, ord_cmp);
		if (!rc)
			qsort(v, n < want ? n : want, sizeof *v, ord_cmp);
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
		rc = names_of(x, v, &n);
		if (rc)
			return rc;
		out->total -= (int64_t)(cut - n); /* unpublished rows of a stale index */
	}
	if (!x->ords)
		qsort(v, n, sizeof *v, cand_cmp);
	out->ids = arena_alloc(x->a, (size_t)q->per_page * sizeof *out->ids);
	out->distance_m = q->has_point ? arena_alloc(x->a, (size_t)q->per_page * sizeof *out->distance_m)
				       : NULL;
	for (size_t i = offset; i < n && out->n < (size_t)q->per_page; i++) {
		out->ids[out->n] = v[i].id;
		/* Quick distances (points_distances) made exact for the page. */
		if (out->distance_m && x->points && v[i].distance >= 0 &&
		    (rc = distance_of(x, v[i].id, &v[i].distance)))
			return rc;
		if (out->distance_m)
			out->distance_m[out->n] = v[i].distance;
		out->n++;
	}
	return SN_OK;
}

/* The highest service id the lists can hold (dir_index_service never
 * writes one past 32 bits). */
static sn_err last_listed_id(dsearch *x, int64_t *last)
{
	sn_err rc = store_one_i64(x->s, last, "SELECT coalesce(max(id), 0) FROM dir_services", "");
	if (*last > (int64_t)UINT32_MAX)
		*last = UINT32_MAX;
	return rc;
}

/* The page out of t (holding the first offset + per_page of t->pushed),
 * in order; quick distances (dir_points) made exact: a service's nearest
 * location from the tables, or with sals (services at locations), that
 * one location's when its service has only the one. */
static sn_err page_of(dsearch *x, topk *t, bool sals, dir_results *out)
{
	const dir_query *q = x->q;
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
			rc = distance_of(x, c->id, &c->distance);
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
static sn_err stream_page(dsearch *x, dir_results *out)
{
	const dir_query *q = x->q;
	topk t = {.k = (size_t)(q->page * q->per_page), .cmp = ord_cmp};
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
		last = UINT32_MAX; /* never in the lists (dir_index_service) */
	size_t si = 0; /* into small */
	while (small && si < small->n && small->v[si] < 0)
		si++;
	for (int64_t chunk = 0; last >= 0 && chunk <= last >> DIR_CHUNK_BITS && !rc; chunk++) {
		if (small) { /* straight to the set's next chunk */
			if (si == small->n)
				break;
			chunk = small->v[si] >> DIR_CHUNK_BITS;
		}
		const dir_chunk *names = NULL, *points = NULL;
		rc = dir_chunk_get(x->s, DIR_CHUNK_NAMES, chunk, x->index.gen, &names);
		if (!rc && x->points)
			rc = dir_chunk_get(x->s, DIR_CHUNK_POINTS, chunk, x->index.gen, &points);
		const uint8_t *p = points ? points->data : NULL;
		size_t np = points ? points->len / DIR_POINT : 0, at = 0;
		for (int64_t k = 0; !rc; k++) {
			int64_t id;
			if (small) { /* the set's ids in this chunk */
				if (si == small->n || small->v[si] >> DIR_CHUNK_BITS != chunk)
					break;
				id = small->v[si++];
				if (!in_sets(x, id))
					continue;
			} else { /* every id in this chunk */
				if (k == (int64_t)1 << DIR_CHUNK_BITS)
					break;
				id = chunk << DIR_CHUNK_BITS | k;
			}
			uint32_t ord = dir_name_ord(names->data, id);
			if (!ord)
				continue; /* not published */
			int64_t d = -1;
			if (x->points && x->stale.n && ids_has(&x->stale, id))
				rc = distance_of(x, id, &d);
			else if (x->points)
				d = nearest_point(x, p, np, &at, id, &NO_BOX, 0);
			topk_push(&t, (cand){.id = id, .distance = x->points ? d : 0,
					     .band = x->points ? band_of(d) : 0, .ord = ord});
		}
		dir_chunk_release(names);
		dir_chunk_release(points);
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
	const dir_query *q = x->q;
	*empty = false;
	/* With words, the row filters after them, of their matches. */
	bool after = x->text && row_filters(q);
	sn_err rc = after ? term_sets(x) : filter_sets(x);
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
		rc = x->points ? points_within(x, q->within_m, &x->near) : geo_within(x, q->within_m, &x->near);
		*empty = x->near.n == 0;
	}
	if (!rc && !*empty)
		rc = candidates(x, c);
	if (!rc && !*empty && after)
		rc = row_sets_after(x, c, empty);
	if (!rc && !*empty && radius && !x->geo) {
		x->geo = true;
		sort_by_id(c);
		for (size_t i = 0; i < c->n; i++)
			c->v[i].distance = -1;
		if (x->points)
			rc = points_distances(x, c->v, c->n, q->within_m);
		else if (c->n > GEO_ONE_BY_ONE)
			rc = geo_probe(x, q->within_m, NULL, c);
		size_t k = 0;
		for (size_t i = 0; i < c->n && !rc; i++) {
			if (!x->points && c->n <= GEO_ONE_BY_ONE)
				rc = distance_of(x, c->v[i].id, &c->v[i].distance);
			if (c->v[i].distance >= 0 && c->v[i].distance <= q->within_m)
				c->v[k++] = c->v[i];
		}
		if (!rc)
			c->n = k;
	}
	if (!rc && !*empty && !x->text) /* published ones only; their names or name order */
		rc = x->ords ? ords_of(x, c->v, &c->n) : names_of(x, c->v, &c->n);
	return rc;
}

sn_err dir_search(store *s, arena *a, const dir_query *q, dir_results *out)
{
	out->total = 0;
	out->n = 0;
	out->ids = NULL;
	out->distance_m = NULL;
	dsearch x = {.s = s, .a = a, .q = q};
	x.pg = store_kind_of(s) == STORE_POSTGRES;
	x.words = words_of(s, a, q->search);
	x.text = text_query(a, x.pg, x.words);
	sn_err rc = SN_OK;
	/* Nothing but the published services by name: straight from the index. */
	bool plain = !x.text && !q->has_point && !q->taxonomy_term_id && !q->taxonomy_id &&
		     !q->organization_id && !q->locality_id && !(q->modified_after && *q->modified_after) &&
		     q->api_min_age < 0 && q->api_max_age < 0 && q->person_age < 0 && !q->free_only &&
		     !(q->day && *q->day);
	if (plain) {
		rc = store_one_i64(s, &out->total, "SELECT count(*) FROM dir_services "
				   "WHERE moderation = 'published'", "");
		store_stmt *st = NULL;
		if (!rc)
			rc = store_query(s, &st, "SELECT id FROM dir_services WHERE moderation = 'published' "
					 "ORDER BY name, id LIMIT ? OFFSET ?", "ii", q->per_page,
					 (q->page - 1) * q->per_page);
		out->ids = arena_alloc(a, (size_t)q->per_page * sizeof *out->ids);
		bool row = true;
		while (!rc && !(rc = store_step(st, &row)) && row && out->n < (size_t)q->per_page)
			out->ids[out->n++] = store_col_i64(st, 0);
		store_done(st);
		return rc;
	}
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

/* Services at locations in the order of the search: band (of that
 * location's distance), the service's relevance and name, the service,
 * the distance, then the service at location itself. */
static int sal_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = cand_cmp(a, b);
	return c ? c : (a->sal < b->sal ? -1 : a->sal > b->sal);
}

/* The same with the name order (dir_names) for the name. */
static int sal_ord_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = ord_cmp(a, b);
	if (c)
		return c;
	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return a->sal < b->sal ? -1 : a->sal > b->sal;
}

/* The services at locations of one service from the tables (c: a
 * candidate with its relevance and name or name order), each with its
 * location's exact distance; within the radius only when there is one. */
static sn_err sals_from_tables(dsearch *x, const cand *c, topk *out)
{
	const dir_query *q = x->q;
	store_stmt *st = NULL;
	sn_err rc = store_query(x->s, &st, "SELECT x.id, l.lat_e6, l.lon_e6 FROM dir_service_at_locations x "
				"LEFT JOIN dir_locations l ON l.id = x.location_id WHERE x.service_id = ?", "i", c->id);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t d = -1;
		if (q->has_point && !store_col_null(st, 1) && !store_col_null(st, 2))
			d = geo_distance_m(q->lat_e6, q->lon_e6, (int32_t)store_col_i64(st, 1),
					   (int32_t)store_col_i64(st, 2));
		if (q->has_point && q->within_m > 0 && (d < 0 || d > q->within_m))
			continue;
		topk_push(out, (cand){.id = c->id, .rank = c->rank, .distance = d, .name = c->name,
				      .band = q->has_point ? band_of(d) : 0, .sal = store_col_i64(st, 0),
				      .ord = c->ord, .exact = true});
	}
	store_done(st);
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
	const dir_query *q = x->q;
	int64_t r = q->has_point ? q->within_m : 0;
	for (size_t at = 0; at < n; at++) {
		const uint8_t *e = p + at * DIR_POINT;
		int32_t lat = dir_point_lat(e), lon = dir_point_lon(e);
		int64_t d = -1;
		if (q->has_point && lat != DIR_POINT_NONE) {
			if (lat < box->lat_min_e6 || lat > box->lat_max_e6 || lon < box->lon_min_e6 ||
			    lon > box->lon_max_e6)
				continue; /* only with a radius: outside it */
			d = n > 1 ? geo_distance_m(q->lat_e6, q->lon_e6, lat, lon) : quick_distance(x, lat, lon);
		}
		if (r > 0 && (d < 0 || d > r))
			continue;
		topk_push(out, (cand){.id = c->id, .rank = c->rank, .distance = d,
				      .band = q->has_point ? band_of(d) : 0, .sal = dir_point_sal(e), .ord = c->ord,
				      .exact = n > 1 || d < 0});
	}
}

/* The services at locations of svc (published, in id order, with their
 * name order), or with svc NULL of every published service (dir_names),
 * from dir_points: one chunk of each for each chunk of services, no
 * list of services made. Stale services' from the tables. */
static sn_err sals_from_points(dsearch *x, const cands *svc, topk *out)
{
	const dir_query *q = x->q;
	geo_box box = NO_BOX;
	if (q->has_point && q->within_m > 0)
		geo_bbox(q->lat_e6, q->lon_e6, q->within_m, &box);
	int64_t last = 0;
	sn_err rc = svc ? SN_OK : last_listed_id(x, &last);
	size_t i = 0;
	for (int64_t chunk = 0; !rc && (svc ? i < svc->n : chunk <= last >> DIR_CHUNK_BITS); chunk++) {
		size_t j = i;
		if (svc) {
			chunk = svc->v[i].id >> DIR_CHUNK_BITS;
			while (j < svc->n && svc->v[j].id >> DIR_CHUNK_BITS == chunk)
				j++;
		}
		const dir_chunk *points = NULL, *names = NULL;
		rc = dir_chunk_get(x->s, DIR_CHUNK_POINTS, chunk, x->index.gen, &points);
		if (!rc && !svc)
			rc = dir_chunk_get(x->s, DIR_CHUNK_NAMES, chunk, x->index.gen, &names);
		const uint8_t *p = rc ? NULL : points->data;
		size_t np = rc ? 0 : points->len / DIR_POINT, at = 0;
		if (svc) {
			for (size_t k = i; k < j && !rc; k++) {
				const cand *c = &svc->v[k];
				while (at < np && dir_posting_id(p + at * DIR_POINT) < (uint32_t)c->id)
					at++;
				size_t end = at;
				while (end < np && dir_posting_id(p + end * DIR_POINT) == (uint32_t)c->id)
					end++;
				if (x->stale.n && ids_has(&x->stale, c->id))
					rc = sals_from_tables(x, c, out);
				else
					sals_of_service(x, c, p + at * DIR_POINT, end - at, &box, out);
				at = end;
			}
		} else {
			/* Every entry of a published service that is not stale... */
			while (at < np && !rc) {
				uint32_t id = dir_posting_id(p + at * DIR_POINT);
				size_t end = at + 1;
				while (end < np && dir_posting_id(p + end * DIR_POINT) == id)
					end++;
				cand c = {.id = id, .ord = dir_name_ord(names->data, id)};
				if (c.ord && !(x->stale.n && ids_has(&x->stale, id)))
					sals_of_service(x, &c, p + at * DIR_POINT, end - at, &box, out);
				at = end;
			}
			/* ...then the stale ones in this chunk. */
			for (size_t k = 0; k < x->stale.n && !rc; k++) {
				cand c = {.id = x->stale.v[k]};
				if (c.id >> DIR_CHUNK_BITS != chunk)
					continue;
				c.ord = dir_name_ord(names->data, c.id);
				if (c.ord)
					rc = sals_from_tables(x, &c, out);
			}
		}
		dir_chunk_release(points);
		dir_chunk_release(names);
		i = j;
	}
	return rc;
}

/* The same from the tables (PostgreSQL, or the lists not built): every
 * matching service's name, then its services at locations (those in the
 * radius from the R-tree or the coordinates' index). */
static sn_err sals_from_tables_all(dsearch *x, cands *svc, topk *out)
{
	const dir_query *q = x->q;
	sn_err rc = names_of(x, svc->v, &svc->n);
	if (svc->n)
		qsort(svc->v, svc->n, sizeof *svc->v, id_cmp);
	if (rc || !q->has_point || q->within_m <= 0) {
		for (size_t i = 0; i < svc->n && !rc; i++)
			rc = sals_from_tables(x, &svc->v[i], out);
		return rc;
	}
	geo_box box;
	geo_bbox(q->lat_e6, q->lon_e6, q->within_m, &box);
	store_stmt *st = NULL;
	rc = store_query(x->s, &st, x->pg
		? "SELECT x.service_id, l.lat_e6, l.lon_e6, x.id FROM dir_locations l JOIN "
		  "dir_service_at_locations x ON x.location_id = l.id WHERE l.lat_e6 BETWEEN ? AND ? "
		  "AND l.lon_e6 BETWEEN ? AND ?"
		: "SELECT service_min, lat_min, lon_min, id FROM dir_geo WHERE lat_min >= ? AND "
		  "lat_max <= ? AND lon_min >= ? AND lon_max <= ?", "iiii", (int64_t)box.lat_min_e6,
		(int64_t)box.lat_max_e6, (int64_t)box.lon_min_e6, (int64_t)box.lon_max_e6);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t d = geo_distance_m(q->lat_e6, q->lon_e6, (int32_t)store_col_i64(st, 1),
					   (int32_t)store_col_i64(st, 2));
		cand key = {.id = store_col_i64(st, 0)};
		const cand *c = svc->n ? bsearch(&key, svc->v, svc->n, sizeof *svc->v, id_cmp) : NULL;
		if (d <= q->within_m && c)
			topk_push(out, (cand){.id = c->id, .rank = c->rank, .distance = d, .name = c->name,
					      .band = band_of(d), .sal = store_col_i64(st, 3), .exact = true});
	}
	store_done(st);
	return rc;
}

sn_err dir_search_sals(store *s, arena *a, const dir_query *q, dir_results *out)
{
	out->total = 0;
	out->n = 0;
	out->ids = NULL;
	out->distance_m = NULL;
	dsearch x = {.s = s, .a = a, .q = q};
	x.pg = store_kind_of(s) == STORE_POSTGRES;
	x.words = words_of(s, a, q->search);
	x.text = text_query(a, x.pg, x.words);
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
	topk sals = {.k = (size_t)(q->page * q->per_page), .cmp = x.ords ? sal_ord_cmp : sal_cmp};
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

sn_err dir_sals_total(store *s, int64_t *total)
{
	*total = 0;
	dir_query q = {.page = 1};
	dsearch x = {.s = s, .q = &q};
	bool own_tx = !store_in_tx(s);
	sn_err rc = own_tx ? store_begin(s) : SN_OK;
	if (!rc)
		rc = index_state(&x);
	if (!rc)
		rc = points_start(&x, true);
	topk count = {.cmp = sal_ord_cmp}; /* k 0: counts only */
	if (!rc && x.index.built)
		rc = sals_from_points(&x, NULL, &count);
	else if (!rc)
		rc = store_one_i64(s, &count.pushed, "SELECT count(*) FROM dir_service_at_locations x "
				   "JOIN dir_services s ON s.id = x.service_id WHERE s.moderation = 'published'", "");
	*total = count.pushed;
	search_free(&x);
	if (own_tx && rc)
		store_rollback(s);
	else if (own_tx)
		rc = store_commit(s);
	return rc;
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
