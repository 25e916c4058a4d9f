/* Unit tests for the directory's own word index (dir_index.h): the words
 * are FTS5's, the lists kept one service at a time are exactly the lists a
 * rebuild makes, and a search from the lists gives the same services in
 * the same order, with the same total, as the same search through FTS5.
 * Each test gets a fresh, migrated SQLite store with one organisation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../access/access_fixture.h"
#include "directory/search/search_int.h"

static const char *const NOW = "2026-11-30T10:00:00Z";
static int64_t ORG;

static int setup(void **state)
{
	if (fixture_setup(state))
		return -1;
	fixture *f = *state;
	sn_err rc = store_one_i64(f->s, &ORG, "INSERT INTO dir_organizations (uuid, name, description, created_at, "
				  "updated_at) VALUES ('10000000-0000-4000-8000-000000000001', 'Friends of Ashby', "
				  "'A charity', ?, ?) RETURNING id", "tt", NOW, NOW);
	if (!rc)
		rc = search_index_ready(f->s, NULL, NULL); /* as `supportnet migrate` does */
	return rc ? -1 : 0;
}

/* A small deterministic generator (the same services every run). */
static uint64_t lcg = 42;
static uint32_t next(uint32_t below)
{
	lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(lcg >> 33) % below;
}

static const char *const VOCAB[] = {"lunch", "club", "hot", "meals", "lonely", "befriending", "walking",
				    "group", "memory", "café", "cafes", "running", "runs", "carers", "tea",
				    "the", "and", "a", "of", "Friendly", "TALKING", "advice", "benefits"};

static char *text_of(int words)
{
	static char out[512];
	size_t n = 0;
	out[0] = 0;
	for (int i = 0; i < words; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? " " : "",
				      VOCAB[next(SN_ARRAY_LEN(VOCAB))]);
	return out;
}

/* A service with made-up words, indexed one at a time. */
static void add(fixture *f, int64_t id, bool published)
{
	char uuid[40], name[160], desc[512];
	snprintf(uuid, sizeof uuid, "30000000-0000-4000-8000-%012lld", (long long)id);
	snprintf(name, sizeof name, "%s", text_of(1 + (int)next(3)));
	snprintf(desc, sizeof desc, "%s", text_of(3 + (int)next(12)));
	assert_int_equal(store_run(f->s, "INSERT INTO dir_services (id, uuid, organization_id, name, description, "
				   "status, moderation, last_modified, created_at) VALUES (?, ?, ?, ?, ?, 'active', ?, "
				   "?, ?)", "itittttt", id, uuid, ORG, name, desc, published ? "published" : "draft",
				   NOW, NOW),
			 SN_OK);
	assert_int_equal(search_index_service(f->s, id), SN_OK);
}

/* Every row of dir_words and the state, as text, to compare. */
static char *snapshot(fixture *f)
{
	buf b;
	buf_init(&b, 64u << 20);
	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st, "SELECT word, chunk, n, hex(postings) FROM dir_words "
				     "ORDER BY word, chunk", ""), SN_OK);
	bool row = true;
	while (!store_step(st, &row) && row)
		buf_printf(&b, "%s %lld %lld %s\n", store_col_text(st, 0), (long long)store_col_i64(st, 1),
			   (long long)store_col_i64(st, 2), store_col_text(st, 3));
	store_done(st);
	search_words_stats s;
	assert_int_equal(search_words_state(f->s, &s), SN_OK);
	buf_printf(&b, "built %d docs %lld tokens %lld\n", s.built, (long long)s.docs, (long long)s.tokens);
	char *out = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

static int collect(void *ctx, const char *token, size_t n)
{
	char *out = ctx;
	size_t len = strlen(out);
	snprintf(out + len, 256 - len, "%.*s|", (int)n, token);
	return 0;
}

static void check_tokenizer_is_fts5s(void **state)
{
	(void)state;
	store_tokenizer *t = NULL;
	assert_int_equal(store_tokenizer_open(SEARCH_TOKENIZER, &t), SN_OK);
	char got[256] = "";
	const char *text = "Running Caf\u00e9s, and 2 LUNCH-clubs!";
	assert_int_equal(store_tokenize(t, false, text, strlen(text), collect, got), SN_OK);
	assert_string_equal(got, "run|cafe|and|2|lunch|club|");
	store_tokenizer_close(t);
	assert_int_equal(store_tokenizer_open("no-such-tokenizer", &t), SN_EINPUT);
	assert_null(t);
}

/* The name order (dir_names) sorts the published services exactly as
 * (name, id) does, and gives the others 0. */
static void assert_name_order(fixture *f)
{
	char want[16384] = "", got[16384] = "";
	size_t n = 0;
	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st, "SELECT id FROM dir_services WHERE moderation = 'published' "
				     "ORDER BY name, id", ""), SN_OK);
	bool row = true;
	while (!store_step(st, &row) && row)
		n += (size_t)snprintf(want + n, sizeof want - n, "%lld ", (long long)store_col_i64(st, 0));
	store_done(st);
	struct {
		uint32_t ord;
		int64_t id;
	} v[400];
	size_t k = 0;
	uint8_t *chunk = malloc((size_t)4 << SEARCH_CHUNK_BITS);
	assert_int_equal(store_query(f->s, &st, "SELECT id, moderation = 'published' FROM dir_services ORDER BY id",
				     ""), SN_OK);
	row = true;
	while (!store_step(st, &row) && row) {
		int64_t id = store_col_i64(st, 0);
		assert_int_equal(search_names_read(f->s, id >> SEARCH_CHUNK_BITS, chunk), SN_OK);
		uint32_t ord = search_name_ord(chunk, id);
		if (store_col_i64(st, 1)) {
			assert_true(ord > 0);
			assert_true(k < 400);
			v[k].ord = ord;
			v[k++].id = id;
		} else {
			assert_int_equal(ord, 0);
		}
	}
	store_done(st);
	free(chunk);
	for (size_t i = 1; i < k; i++) /* insertion sort by ord */
		for (size_t j = i; j > 0 && v[j - 1].ord > v[j].ord; j--) {
			uint32_t o = v[j].ord;
			int64_t d = v[j].id;
			v[j] = v[j - 1];
			v[j - 1].ord = o;
			v[j - 1].id = d;
		}
	n = 0;
	for (size_t i = 0; i < k; i++) {
		if (i)
			assert_true(v[i - 1].ord < v[i].ord);
		n += (size_t)snprintf(got + n, sizeof got - n, "%lld ", (long long)v[i].id);
	}
	assert_string_equal(got, want);
}

/* Services added, changed, unpublished and published again, one at a
 * time, in three chunks of ids: the lists are what a rebuild makes. */
static void check_one_by_one_equals_rebuild(void **state)
{
	fixture *f = *state;
	int64_t ids[240];
	for (int i = 0; i < 240; i++) {
		ids[i] = i < 80 ? 1 + i : i < 160 ? 65530 + i : 140000 + i; /* chunks 0, 1 and 2 */
		add(f, ids[i], next(10) != 0);
	}
	for (int round = 0; round < 120; round++) {
		int64_t id = ids[next(240)];
		uint32_t what = next(4);
		if (what == 0)
			assert_int_equal(store_run(f->s, "UPDATE dir_services SET description = ? WHERE id = ?", "ti",
						   text_of(2 + (int)next(20)), id), SN_OK);
		else if (what == 1)
			assert_int_equal(store_run(f->s, "UPDATE dir_services SET moderation = 'archived' WHERE id = ?",
						   "i", id), SN_OK);
		else if (what == 2)
			assert_int_equal(store_run(f->s, "UPDATE dir_services SET moderation = 'published' WHERE id = ?",
						   "i", id), SN_OK);
		else
			assert_int_equal(store_run(f->s, "UPDATE dir_services SET name = ? WHERE id = ?", "ti",
						   text_of(1), id), SN_OK);
		assert_int_equal(search_index_service(f->s, id), SN_OK);
	}
	assert_name_order(f); /* numbers placed one at a time */
	char *kept = snapshot(f);
	assert_non_null(strstr(kept, "built 1 docs "));
	assert_true(count(f, "SELECT count(DISTINCT chunk) FROM dir_words") == 3);
	assert_int_equal(search_index_rebuild(f->s, NULL, NULL), SN_OK);
	char *rebuilt = snapshot(f);
	assert_string_equal(kept, rebuilt);
	assert_name_order(f); /* numbered afresh */
	/* The totals are FTS5's. */
	char expect[64];
	snprintf(expect, sizeof expect, "docs %lld ", (long long)count(f, "SELECT count(*) FROM dir_search"));
	assert_non_null(strstr(rebuilt, expect));
	free(kept);
	free(rebuilt);
}

typedef struct {
	int64_t total;
	char ids[4096];
} outcome;

static void run(fixture *f, const char *words, int64_t page, int64_t per_page, outcome *o)
{
	search_query q = {.search = words, .api_min_age = -1, .api_max_age = -1, .person_age = -1, .page = page,
		       .per_page = per_page};
	search_results r;
	assert_int_equal(search_services(f->s, f->a, &q, &r), SN_OK);
	o->total = r.total;
	size_t n = 0;
	o->ids[0] = 0;
	for (size_t i = 0; i < r.n; i++)
		n += (size_t)snprintf(o->ids + n, sizeof o->ids - n, "%lld ", (long long)r.ids[i]);
}

/* The same searches from the lists and through FTS5 (the lists marked
 * not built): the same total, services and order, synonyms included. */
static void check_search_same_as_fts5(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 400; i++)
		add(f, 1 + i, next(8) != 0);
	assert_int_equal(store_run(f->s, "INSERT OR REPLACE INTO dir_synonyms (word, also, updated_by, updated_at) "
				   "VALUES ('lonely', 'befriending talking tea', 'test', ?)", "t", NOW), SN_OK);
	static const char *const searches[] = {"lunch", "lonely", "lunch club", "hot meals", "cafe", "café",
					       "running", "run", "the", "memory cafe tea", "nothing-here",
					       "friendly advice", "a and of the", "carers lonely"};
	for (size_t i = 0; i < SN_ARRAY_LEN(searches); i++)
		for (int64_t page = 1; page <= 2; page++) {
			outcome lists, fts;
			assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 1", ""), SN_OK);
			run(f, searches[i], page, 25, &lists);
			assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 0", ""), SN_OK);
			run(f, searches[i], page, 25, &fts);
			assert_int_equal(lists.total, fts.total);
			assert_string_equal(lists.ids, fts.ids);
		}
	outcome o;
	assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 1", ""), SN_OK);
	run(f, "lonely", 1, 25, &o);
	assert_true(o.total > 0);
}

/* A bulk load: the lists stop being kept (searches go through FTS5 and
 * still find the new services); search_index_ready builds them again. */
static void check_bulk_then_ready(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 20; i++)
		add(f, 1 + i, true);
	assert_int_equal(search_index_bulk(f->s), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO dir_services (id, uuid, organization_id, name, description, "
				   "status, last_modified, created_at) VALUES (500, "
				   "'30000000-0000-4000-8000-000000000500', ?, 'Zumba for all', 'Dance', 'active', ?, ?)",
				   "itt", ORG, NOW, NOW), SN_OK);
	assert_int_equal(search_index_service(f->s, 500), SN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_words WHERE word = 'zumba'"), 0);
	outcome o;
	run(f, "zumba", 1, 10, &o);
	assert_int_equal(o.total, 1);
	assert_string_equal(o.ids, "500 ");
	assert_int_equal(search_index_ready(f->s, NULL, NULL), SN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_words WHERE word = 'zumba'"), 1);
	run(f, "zumba", 1, 10, &o);
	assert_string_equal(o.ids, "500 ");
	/* Ready again does nothing. */
	assert_int_equal(search_index_ready(f->s, NULL, NULL), SN_OK);
	assert_int_equal(count(f, "SELECT built FROM dir_words_state"), 1);
}

/* A location for a service at (lat, lon) in millionths of a degree. */
static void place(fixture *f, int64_t service, int64_t loc, int32_t lat, int32_t lon)
{
	char lu[40], su[40];
	snprintf(lu, sizeof lu, "40000000-0000-4000-8000-%012lld", (long long)loc);
	snprintf(su, sizeof su, "50000000-0000-4000-8000-%012lld", (long long)loc);
	assert_int_equal(store_run(f->s, "INSERT INTO dir_locations (id, uuid, location_type, lat_e6, lon_e6) "
				   "VALUES (?, ?, 'physical', ?, ?)", "itii", loc, lu, (int64_t)lat, (int64_t)lon),
			 SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO dir_service_at_locations (uuid, service_id, location_id) "
				   "VALUES (?, ?, ?)", "tii", su, service, loc),
			 SN_OK);
}

typedef struct {
	int64_t total;
	char rows[8192];
} near_outcome;

/* A location without coordinates for a service. */
static void place_nowhere(fixture *f, int64_t service, int64_t loc)
{
	char lu[40], su[40];
	snprintf(lu, sizeof lu, "40000000-0000-4000-8000-%012lld", (long long)loc);
	snprintf(su, sizeof su, "50000000-0000-4000-8000-%012lld", (long long)loc);
	assert_int_equal(store_run(f->s, "INSERT INTO dir_locations (id, uuid, location_type) "
				   "VALUES (?, ?, 'virtual')", "it", loc, lu), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO dir_service_at_locations (uuid, service_id, location_id) "
				   "VALUES (?, ?, ?)", "tii", su, service, loc),
			 SN_OK);
}

/* A search near the point (within 0: no radius; sals: the services at
 * locations, as /oruk/service_at_locations; no_point: not near anything)
 * as "id@distance" rows. */
static void run_near_as(fixture *f, const char *words, int64_t within, int64_t page, bool sals, bool no_point,
			near_outcome *o)
{
	search_query q = {.search = words, .api_min_age = -1, .api_max_age = -1, .person_age = -1, .page = page,
		       .per_page = 40, .has_point = !no_point, .lat_e6 = 52600000, .lon_e6 = -1900000,
		       .within_m = within};
	search_results r;
	assert_int_equal((sals ? search_sals : search_services)(f->s, f->a, &q, &r), SN_OK);
	o->total = r.total;
	size_t n = 0;
	o->rows[0] = 0;
	for (size_t i = 0; i < r.n; i++)
		n += (size_t)snprintf(o->rows + n, sizeof o->rows - n, "%lld@%lld ", (long long)r.ids[i],
				      r.distance_m ? (long long)r.distance_m[i] : -9LL);
}

static void run_near(fixture *f, const char *words, int64_t within, int64_t page, near_outcome *o)
{
	search_query q = {.search = words, .api_min_age = -1, .api_max_age = -1, .person_age = -1, .page = page,
		       .per_page = 40, .has_point = true, .lat_e6 = 52600000, .lon_e6 = -1900000,
		       .within_m = within};
	search_results r;
	assert_int_equal(search_services(f->s, f->a, &q, &r), SN_OK);
	o->total = r.total;
	size_t n = 0;
	o->rows[0] = 0;
	for (size_t i = 0; i < r.n; i++)
		n += (size_t)snprintf(o->rows + n, sizeof o->rows - n, "%lld@%lld ", (long long)r.ids[i],
				      (long long)r.distance_m[i]);
}

/* Near a point, from dir_points and from the tables (R-tree, lookups):
 * the same services, order and distances, services on the band edges
 * and the radius included; then with a location moved behind the
 * index's back (stale), and after search_index_service catches up. */
static void check_points_same_as_tables(void **state)
{
	fixture *f = *state;
	/* Metres north of the point per millionth of a degree: about 0.111. */
	static const int32_t north[] = {0, 4000, 8990, 9000, 9010, 26990, 27000, 27010, 44900, 45000, 89950,
					90000, 90050, 200000, 900000};
	int64_t loc = 1;
	for (int i = 0; i < 300; i++) {
		add(f, 1 + i, next(10) != 0);
		int kind = (int)next(5);
		if (kind == 0)
			continue; /* no location */
		int32_t dn = north[next(SN_ARRAY_LEN(north))] + (int32_t)next(3) - 1;
		int32_t de = (int32_t)next(60000) - 30000;
		place(f, 1 + i, loc++, 52600000 + dn, -1900000 + de);
		if (kind == 1)
			place(f, 1 + i, loc++, 52600000 - (int32_t)next(100000), -1900000 + (int32_t)next(1000));
		if (kind == 2)
			place_nowhere(f, 1 + i, loc++);
	}
	place_nowhere(f, 299, loc++); /* nowhere only */
	assert_int_equal(search_index_rebuild(f->s, NULL, NULL), SN_OK);
	static const struct {
		const char *words;
		int64_t within;
	} cases[] = {{NULL, 1000}, {NULL, 3000}, {NULL, 5000}, {NULL, 0}, {"lunch", 3000}, {"lonely", 0},
		     {"the", 10000}, {"cafe", 1000}};
	for (int round = 0; round < 3; round++) {
		if (round == 1) /* moved behind the index's back: stale */
			assert_int_equal(store_run(f->s, "UPDATE dir_locations SET lat_e6 = 52600000, lon_e6 = "
						   "-1900000 WHERE id IN (3, 7, 11)", ""), SN_OK);
		if (round == 2) {
			assert_true(count(f, "SELECT count(*) FROM dir_points_stale") > 0);
			assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 1", ""), SN_OK);
			assert_int_equal(search_index_service(f->s, 1), SN_OK);
			assert_int_equal(count(f, "SELECT count(*) FROM dir_points_stale"), 0);
		}
		for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++)
			for (int64_t page = 1; page <= 2; page++) {
				near_outcome pts, tables;
				assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 1", ""), SN_OK);
				run_near(f, cases[i].words, cases[i].within, page, &pts);
				assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 0", ""), SN_OK);
				run_near(f, cases[i].words, cases[i].within, page, &tables);
				assert_int_equal(pts.total, tables.total);
				assert_string_equal(pts.rows, tables.rows);
				/* The unfiltered list's total. */
				int64_t all_pts = -1, all_tables = -1;
				assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 1", ""), SN_OK);
				assert_int_equal(search_sals_total(f->s, &all_pts), SN_OK);
				assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 0", ""), SN_OK);
				assert_int_equal(search_sals_total(f->s, &all_tables), SN_OK);
				assert_int_equal(all_pts, all_tables);
				assert_true(all_pts > 200);
				/* The services at locations, near the point and not. */
				for (int how = 0; how < 2; how++) {
					assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 1", ""),
							 SN_OK);
					run_near_as(f, cases[i].words, cases[i].within, page, true, how, &pts);
					assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 0", ""),
							 SN_OK);
					run_near_as(f, cases[i].words, cases[i].within, page, true, how, &tables);
					assert_int_equal(pts.total, tables.total);
					assert_string_equal(pts.rows, tables.rows);
				}
			}
	}
	/* Every service at a location is in dir_points, with or without
	 * coordinates. */
	assert_int_equal(count(f, "SELECT sum(n) FROM dir_points"),
			 count(f, "SELECT count(*) FROM dir_service_at_locations"));
	assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = 1", ""), SN_OK);
	/* The moved ones are at the point itself now. */
	near_outcome o;
	run_near(f, NULL, 1, 1, &o);
	assert_true(o.total >= 1);
}

/* Filters without words (ages, locality, free, a day), alone and near
 * the point, from the lists (streamed: stream_page) and from the tables:
 * the same total, services, order and distances. */
static void check_filters_same_as_tables(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_run(f->s, "INSERT INTO localities (id, uuid, name) VALUES "
				   "(1, '60000000-0000-4000-8000-000000000001', 'Northgate'), "
				   "(2, '60000000-0000-4000-8000-000000000002', 'Southvale')", ""), SN_OK);
	int64_t loc = 1;
	for (int i = 0; i < 300; i++) {
		int64_t id = 1 + i;
		add(f, id, next(10) != 0);
		assert_int_equal(store_run(f->s, "UPDATE dir_services SET minimum_age = ?, maximum_age = ?, "
					   "locality_id = ? WHERE id = ?", "iiii", (int64_t)(next(3) * 18),
					   (int64_t)(60 + next(3) * 20), (int64_t)(1 + next(2)), id), SN_OK);
		if (next(4) == 0)
			assert_int_equal(store_run(f->s, "UPDATE dir_services SET minimum_age = NULL WHERE id = ?",
						   "i", id), SN_OK);
		int cost = (int)next(3); /* none, free, paid */
		if (cost)
			assert_int_equal(store_run(f->s, "INSERT INTO dir_cost_options (uuid, service_id, amount_pence) "
						   "VALUES (?, ?, ?)", "tii",
						   arena_printf(f->a, "70000000-0000-4000-8000-%012lld", (long long)id), id,
						   (int64_t)(cost == 2 ? 350 : 0)), SN_OK);
		if (next(2))
			assert_int_equal(store_run(f->s, "INSERT INTO dir_schedules (uuid, service_id, freq, byday, "
						   "opens_at, closes_at) VALUES (?, ?, 'WEEKLY', ?, '10:00', '12:00')",
						   "tit", arena_printf(f->a, "80000000-0000-4000-8000-%012lld", (long long)id),
						   id, next(2) ? "TU" : "MO,WE"), SN_OK);
		if (next(5))
			place(f, id, loc++, 52600000 + (int32_t)next(200000) - 100000,
			      -1900000 + (int32_t)next(200000) - 100000);
	}
	assert_int_equal(search_index_rebuild(f->s, NULL, NULL), SN_OK);
	static const struct {
		int64_t min_age, max_age, person_age, locality;
		bool free;
		const char *day;
	} cases[] = {{18, -1, -1, 0, false, ""}, {-1, 80, -1, 0, false, ""}, {-1, -1, 70, 0, false, ""},
		     {-1, -1, -1, 2, false, ""},  {-1, -1, -1, 0, true, ""},  {-1, -1, 30, 1, true, ""},
		     {-1, -1, -1, 0, false, "TU"}, {18, -1, -1, 0, true, "TU"}};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++)
		for (int near = 0; near < 2; near++)
			for (int64_t page = 1; page <= 3; page++) {
				near_outcome o[2];
				for (int built = 1; built >= 0; built--) {
					assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = ?", "i",
								   (int64_t)built), SN_OK);
					search_query q = {.api_min_age = cases[i].min_age, .api_max_age = cases[i].max_age,
						       .person_age = cases[i].person_age, .locality_id = cases[i].locality,
						       .free_only = cases[i].free, .day = cases[i].day, .page = page,
						       .per_page = 25, .has_point = near, .lat_e6 = 52600000,
						       .lon_e6 = -1900000};
					search_results r;
					assert_int_equal(search_services(f->s, f->a, &q, &r), SN_OK);
					near_outcome *x = &o[built];
					x->total = r.total;
					size_t n = 0;
					x->rows[0] = 0;
					for (size_t k = 0; k < r.n; k++)
						n += (size_t)snprintf(x->rows + n, sizeof x->rows - n, "%lld@%lld ",
								      (long long)r.ids[k],
								      r.distance_m ? (long long)r.distance_m[k] : -9LL);
				}
				assert_true(o[0].total > 0);
				assert_int_equal(o[1].total, o[0].total);
				assert_string_equal(o[1].rows, o[0].rows);
			}
	/* With words the filters are asked of the words' matches alone
	 * (row_sets_after): the same as the words' results in their order,
	 * kept when the filters alone find them too. */
	static const char *const words[] = {"lunch", "the", "memory cafe"};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++)
		for (size_t w = 0; w < SN_ARRAY_LEN(words); w++)
			for (int built = 1; built >= 0; built--) {
				assert_int_equal(store_run(f->s, "UPDATE dir_words_state SET built = ?", "i",
							   (int64_t)built), SN_OK);
				search_query q = {.api_min_age = cases[i].min_age, .api_max_age = cases[i].max_age,
					       .person_age = cases[i].person_age, .locality_id = cases[i].locality,
					       .free_only = cases[i].free, .day = cases[i].day, .page = 1,
					       .per_page = 1000, .search = ""};
				search_query only_words = {.search = words[w], .api_min_age = -1, .api_max_age = -1,
							.person_age = -1, .page = 1, .per_page = 1000};
				search_results filtered, matched, both;
				assert_int_equal(search_services(f->s, f->a, &q, &filtered), SN_OK);
				assert_int_equal(search_services(f->s, f->a, &only_words, &matched), SN_OK);
				q.search = words[w];
				assert_int_equal(search_services(f->s, f->a, &q, &both), SN_OK);
				size_t k = 0;
				for (size_t m = 0; m < matched.n; m++) {
					bool in = false;
					for (size_t j = 0; j < filtered.n && !in; j++)
						in = filtered.ids[j] == matched.ids[m];
					if (!in)
						continue;
					assert_true(k < both.n);
					assert_int_equal(both.ids[k], matched.ids[m]);
					k++;
				}
				assert_int_equal(k, both.n);
				assert_int_equal(both.total, (int64_t)k);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_tokenizer_is_fts5s),
		cmocka_unit_test_setup_teardown(check_one_by_one_equals_rebuild, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(check_search_same_as_fts5, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(check_bulk_then_ready, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(check_points_same_as_tables, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(check_filters_same_as_tables, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
