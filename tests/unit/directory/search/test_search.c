/* Unit tests for the search engine itself (directory/search, search.h):
 * relevance (checked against FTS5's own ORDER BY rank), synonyms, every
 * filter, paging and totals, near a point with and without a radius, with
 * words and without, and services at locations. Each test gets a fresh,
 * migrated SQLite store holding a small directory made here, and asks
 * every question twice: from the search's own lists, and through FTS5 with
 * the lists switched off (search_index_bulk); both must give the same. */
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

/* The point searches are near: 52.6 N, 1.9 W. A thousandth of a degree of
 * latitude is about 111 metres. */
#define LAT0 52600000
#define LON0 -1900000

/* id, name, description, kind of help, pence (0 free), minimum age (-1
 * none), day ("" none) and its times, latitude offset in millionths (0: no
 * location), published. */
typedef struct {
	int64_t id;
	const char *name, *description, *term;
	int64_t pence;
	int min_age;
	const char *day, *opens, *closes;
	int32_t dlat;
	bool published;
} svc;

static const svc SERVICES[] = {
    {1, "Riverside Lunch Club", "A hot lunch every Tuesday: lunch, then tea.", "lunch-club", 450,
     50, "TU", "12:00", "14:00", 5000, true}, /* 556 m */
    {2, "Northgate Lunch", "Lunch on Thursdays for anyone.", "lunch-club", 0, -1, "TH", "12:00",
     "14:00", 20000, true}, /* 2.2 km */
    {3, "Tea and Chat", "Tea, cake and a chat in the library; a light lunch sometimes.", "social",
     0, -1, "TU", "10:00", "12:00", 50000, true}, /* 5.6 km */
    {4, "Walking Group", "A gentle walk by the river, at your own pace.", "exercise", 0, -1, "WE",
     "10:00", "11:00", 200000, true}, /* 22 km */
    {5, "Befriending Phone Line", "A friendly call each week.", "befriending", 0, -1, "", "", "", 0,
     true},
    {6, "Draft Lunch", "Lunch lunch lunch, not published yet.", "lunch-club", 0, -1, "TU", "12:00",
     "14:00", 1000, false},
    {7, "Lunch Club", "A lunch club.", "lunch-club", 0, -1, "", "", "", 0, true},
    {8, "Lunch Club", "A lunch club.", "lunch-club", 0, -1, "", "", "", 0, true},
};

static int64_t term_id(fixture *f, const char *code)
{
	int64_t id = 0;
	assert_int_equal(
	    store_one_i64(f->s, &id, "SELECT id FROM dir_taxonomy_terms WHERE code = ?", "t", code),
	    SN_OK);
	return id;
}

static void add_service(fixture *f, int64_t org, const svc *v)
{
	char uuid[40];
	snprintf(uuid, sizeof uuid, "30000000-0000-4000-8000-%012lld", (long long)v->id);
	assert_int_equal(
	    store_run(f->s,
	              "INSERT INTO dir_services (id, uuid, organization_id, name, description, "
	              "status, moderation, last_modified, created_at) VALUES (?, ?, ?, ?, ?, "
	              "'active', ?, "
	              "?, ?)",
	              "itittttt", v->id, uuid, org, v->name, v->description,
	              v->published ? "published" : "draft", NOW, NOW),
	    SN_OK);
	if (v->min_age >= 0)
		assert_int_equal(store_run(f->s,
		                           "UPDATE dir_services SET minimum_age = ? WHERE id = ?",
		                           "ii", (int64_t)v->min_age, v->id),
		                 SN_OK);
	snprintf(uuid, sizeof uuid, "31000000-0000-4000-8000-%012lld", (long long)v->id);
	assert_int_equal(
	    store_run(f->s,
	              "INSERT INTO dir_attributes (uuid, link_entity, link_id, taxonomy_term_id) "
	              "VALUES (?, 'service', ?, ?)",
	              "tii", uuid, v->id, term_id(f, v->term)),
	    SN_OK);
	if (v->pence) {
		snprintf(uuid, sizeof uuid, "32000000-0000-4000-8000-%012lld", (long long)v->id);
		assert_int_equal(
		    store_run(f->s,
		              "INSERT INTO dir_cost_options (uuid, service_id, amount_pence) "
		              "VALUES (?, ?, ?)",
		              "tii", uuid, v->id, v->pence),
		    SN_OK);
	}
	if (*v->day) {
		snprintf(uuid, sizeof uuid, "33000000-0000-4000-8000-%012lld", (long long)v->id);
		assert_int_equal(
		    store_run(f->s,
		              "INSERT INTO dir_schedules (uuid, service_id, freq, byday, opens_at, "
		              "closes_at) VALUES (?, ?, 'WEEKLY', ?, ?, ?)",
		              "titt"
		              "t",
		              uuid, v->id, v->day, v->opens, v->closes),
		    SN_OK);
	}
	if (v->dlat) {
		int64_t lid = 0;
		snprintf(uuid, sizeof uuid, "34000000-0000-4000-8000-%012lld", (long long)v->id);
		assert_int_equal(
		    store_one_i64(f->s, &lid,
		                  "INSERT INTO dir_locations (uuid, location_type, lat_e6, "
		                  "lon_e6) VALUES (?, 'physical', ?, ?) RETURNING id",
		                  "tii", uuid, (int64_t)LAT0 + v->dlat, (int64_t)LON0),
		    SN_OK);
		snprintf(uuid, sizeof uuid, "35000000-0000-4000-8000-%012lld", (long long)v->id);
		assert_int_equal(
		    store_run(f->s,
		              "INSERT INTO dir_service_at_locations (id, uuid, service_id, "
		              "location_id) VALUES (?, ?, ?, ?)",
		              "itii", 100 + v->id, uuid, v->id, lid),
		    SN_OK);
	}
	assert_int_equal(search_index_service(f->s, v->id), SN_OK);
}

static int setup(void **state)
{
	if (fixture_setup(state))
		return -1;
	fixture *f = *state;
	int64_t org = 0, tax = 0;
	sn_err rc = store_one_i64(
	    f->s, &org,
	    "INSERT INTO dir_organizations (uuid, name, description, created_at, "
	    "updated_at) VALUES ('10000000-0000-4000-8000-000000000001', 'Friends of Ashby', "
	    "'A charity', ?, ?) RETURNING id",
	    "tt", NOW, NOW);
	if (!rc)
		rc = store_one_i64(
		    f->s, &tax,
		    "INSERT INTO dir_taxonomies (uuid, name, description) VALUES "
		    "('20000000-0000-4000-8000-000000000001', 'Community', '') RETURNING id",
		    "");
	static const char *const terms[] = {"lunch-club", "social", "exercise", "befriending"};
	for (size_t i = 0; i < SN_ARRAY_LEN(terms) && !rc; i++) {
		char uuid[40];
		snprintf(uuid, sizeof uuid, "21000000-0000-4000-8000-%012zu", i);
		rc = store_run(
		    f->s,
		    "INSERT INTO dir_taxonomy_terms (uuid, taxonomy_id, code, name, description) "
		    "VALUES (?, ?, ?, ?, '')",
		    "titt", uuid, tax, terms[i], terms[i]);
	}
	if (!rc)
		rc = search_index_ready(f->s, NULL,
		                        NULL); /* the lists, as `supportnet migrate` builds them */
	if (rc)
		return -1;
	for (size_t i = 0; i < SN_ARRAY_LEN(SERVICES); i++)
		add_service(f, org, &SERVICES[i]);
	return 0;
}

static search_query query(void)
{
	return (search_query){
	    .api_min_age = -1, .api_max_age = -1, .person_age = -1, .page = 1, .per_page = 20};
}

/* "total: id@distance id@distance ..." (distance only near a point). */
static void answer(fixture *f, const search_query *q, bool sals, char *out, size_t size)
{
	search_results r = {0};
	assert_int_equal(sals ? search_sals(f->s, f->a, q, &r) : search_services(f->s, f->a, q, &r),
	                 SN_OK);
	size_t n = (size_t)snprintf(out, size, "%lld:", (long long)r.total);
	for (size_t i = 0; i < r.n && n < size; i++) {
		n += (size_t)snprintf(out + n, size - n, " %lld", (long long)r.ids[i]);
		if (r.distance_m && n < size)
			n += (size_t)snprintf(out + n, size - n, "@%lld",
			                      (long long)r.distance_m[i]);
	}
}

/* The answer from the lists, which must be the answer through FTS5. */
static void check(fixture *f, const search_query *q, bool sals, const char *want)
{
	char lists[1024], fts5[1024];
	search_words_stats st;
	assert_int_equal(search_words_state(f->s, &st), SN_OK);
	assert_true(st.built);
	answer(f, q, sals, lists, sizeof lists);
	assert_int_equal(search_index_bulk(f->s), SN_OK);
	answer(f, q, sals, fts5, sizeof fts5);
	assert_int_equal(search_index_rebuild(f->s, NULL, NULL), SN_OK);
	assert_string_equal(lists, fts5);
	if (want)
		assert_string_equal(lists, want);
}

/* "total: ids" in FTS5's own order for the words: rank, then name, id. */
static void fts5_order(fixture *f, const char *match, char *out, size_t size)
{
	store_stmt *st = NULL;
	assert_int_equal(
	    store_query(f->s, &st,
	                "SELECT d.rowid FROM dir_search d JOIN dir_services s ON "
	                "s.id = d.rowid WHERE dir_search MATCH ? AND s.moderation = 'published' "
	                "ORDER BY d.rank, s.name, s.id",
	                "t", match),
	    SN_OK);
	char ids[512] = "";
	size_t n = 0, count = 0;
	bool row = true;
	while (!store_step(st, &row) && row) {
		n += (size_t)snprintf(ids + n, sizeof ids - n, " %lld",
		                      (long long)store_col_i64(st, 0));
		count++;
	}
	store_done(st);
	snprintf(out, size, "%zu:%s", count, ids);
}

static void ranks_as_fts5_does(void **state)
{
	fixture *f = *state;
	char want[512];
	search_query q = query();
	q.search = "lunch";
	fts5_order(f, "\"lunch\"", want, sizeof want);
	check(f, &q, false, want);
	/* Unpublished (6) never; "lunch" three times in a short text (1)
	 * before once in a longer one (3); the same text (7 and 8) by id. */
	assert_null(strstr(want, " 6"));
	assert_true(strstr(want, " 1") < strstr(want, " 3"));
	assert_non_null(strstr(want, " 7 8"));
	q.search = "lunch tea";
	fts5_order(f, "(\"lunch\") AND (\"tea\")", want, sizeof want);
	check(f, &q, false, want);
	/* Both words: 1 and 3. "tea" is the rarer word, so 3 (tea twice)
	 * comes before 1 (lunch three times, tea once). */
	assert_string_equal(want, "2: 3 1");
	q.search = "  LUNCH!!  "; /* letters and digits only, any case */
	fts5_order(f, "\"lunch\"", want, sizeof want);
	check(f, &q, false, want);
	q.search = "nothingmatches";
	check(f, &q, false, "0:");
}

static void synonyms_widen_a_word(void **state)
{
	fixture *f = *state;
	search_query q = query();
	q.search = "food";
	check(f, &q, false, "0:");
	assert_int_equal(search_synonym_set(f->s, "food", "lunch", "system", NOW), SN_OK);
	char want[512];
	fts5_order(f, "(\"food\" OR \"lunch\")", want, sizeof want);
	check(f, &q, false, want);
	q.search = "lunch";
	char plain[512];
	answer(f, &q, false, plain, sizeof plain);
	assert_string_equal(want, plain);
}

static void filters(void **state)
{
	fixture *f = *state;
	search_query q = query();
	/* No words: the published services by name, then id. */
	q.taxonomy_term_id = term_id(f, "lunch-club");
	check(f, &q, false, "4: 7 8 2 1");
	q.free_only = true;
	check(f, &q, false, "3: 7 8 2");
	q = query();
	q.person_age = 40; /* 1 is for 50 and over */
	check(f, &q, false, "6: 5 7 8 2 3 4");
	q = query();
	q.api_min_age = 50;
	check(f, &q, false, "1: 1");
	q = query();
	q.day = "TU";
	check(f, &q, false, "2: 1 3");
	q.start_time = "13:00"; /* 1 is open then (12:00 to 14:00), 3 is not (10:00 to 12:00) */
	q.end_time = "14:00";
	check(f, &q, false, "1: 1");
	q.start_time = "11:00"; /* from 11:00, nothing said of the end: only 3 */
	q.end_time = NULL;
	check(f, &q, false, "1: 3");
	q = query();
	q.day = "WE";
	check(f, &q, false, "1: 4");
	/* Words and filters together. */
	q = query();
	q.search = "lunch";
	q.day = "TU";
	char want[512];
	fts5_order(f, "\"lunch\"", want, sizeof want);
	check(f, &q, false, strstr(want, " 1") < strstr(want, " 3") ? "2: 1 3" : "2: 3 1");
	q = query();
	q.search = "lunch";
	q.taxonomy_term_id = term_id(f, "social");
	check(f, &q, false, "1: 3");
}

static void pages_and_totals(void **state)
{
	fixture *f = *state;
	search_query q = query();
	q.per_page = 3;
	check(f, &q, false, "7: 5 7 8"); /* by name: Befriending, Lunch Club, Lunch Club */
	q.page = 2;
	check(f, &q, false, "7: 2 1 3");
	q.page = 3;
	check(f, &q, false, "7: 4");
	q.page = 4; /* beyond the last: an empty page, the same total */
	check(f, &q, false, "7:");
	q = query();
	q.search = "lunch";
	q.per_page = 2;
	char all[512], first[512], second[512], third[512];
	fts5_order(f, "\"lunch\"", all, sizeof all);
	answer(f, &q, false, first, sizeof first);
	q.page = 2;
	answer(f, &q, false, second, sizeof second);
	q.page = 3;
	answer(f, &q, false, third, sizeof third);
	check(f, &q, false, third);
	/* The pages, one after another, are the whole answer. */
	char joined[512];
	snprintf(joined, sizeof joined, "%s%s%s", first, strchr(second, ':') + 1,
	         strchr(third, ':') + 1);
	assert_string_equal(joined, all);
}

static void near_a_point(void **state)
{
	fixture *f = *state;
	search_query q = query();
	q.has_point = true;
	q.lat_e6 = LAT0;
	q.lon_e6 = LON0;
	/* No radius: by distance band (1, 3, 10 km, further), then name; no
	 * location last. Distances in whole metres. */
	check(f, &q, false, "7: 1@556 2@2224 3@5560 4@22239 5@-1 7@-1 8@-1");
	/* A radius drops what is further, and counts what is left. */
	q.within_m = 3000;
	check(f, &q, false, "2: 1@556 2@2224");
	q.within_m = 500;
	check(f, &q, false, "0:");
	/* Words near a point: band first, then relevance. */
	q.within_m = 0;
	q.search = "lunch";
	check(f, &q, false, "5: 1@556 2@2224 3@5560 7@-1 8@-1");
	q.within_m = 6000;
	check(f, &q, false, "3: 1@556 2@2224 3@5560");
	/* With a filter and a page. */
	q.search = NULL;
	q.within_m = 0;
	q.taxonomy_term_id = term_id(f, "lunch-club");
	q.per_page = 2;
	q.page = 2;
	check(f, &q, false, "4: 7@-1 8@-1");
}

static void services_at_locations(void **state)
{
	fixture *f = *state;
	int64_t total = 0;
	assert_int_equal(search_sals_total(f->s, &total), SN_OK);
	assert_int_equal(total, 4); /* 6's is not published; 5, 7, 8 have none */
	search_query q = query();
	q.has_point = true;
	q.lat_e6 = LAT0;
	q.lon_e6 = LON0;
	q.within_m = 6000;
	check(f, &q, true, "3: 101@556 102@2224 103@5560");
	q.within_m = 0;
	q.search = "lunch";
	check(f, &q, true, "3: 101@556 102@2224 103@5560");
	q = query();
	q.taxonomy_term_id = term_id(f, "exercise");
	check(f, &q, true, "1: 104@-1");
}

/* Stop words leave a phrase ("a lunch for someone" is "lunch") unless
 * they are all there is ("the"); "wheelchair" asks for venues with
 * step-free access, read from what each venue says of its access. */
static void stop_words_and_access_words(void **state)
{
	fixture *f = *state;
	char want[512];
	search_query q = query();
	q.search = "a lunch for someone";
	fts5_order(f, "\"lunch\"", want, sizeof want);
	check(f, &q, false, want);
	q.search = "the";
	fts5_order(f, "\"the\"", want, sizeof want);
	check(f, &q, false, want);
	assert_string_equal(want, "2: 4 3");
	/* Step-free at 1's venue; 3's says it has none; 2's says nothing of steps. */
	static const struct {
		int64_t service;
		const char *text;
	} access[] = {{1, "Step-free entrance and an accessible toilet."},
		      {3, "No step-free access: three steps at the door."},
		      {2, "Hearing loop."}};
	for (size_t i = 0; i < SN_ARRAY_LEN(access); i++) {
		char uuid[40];
		snprintf(uuid, sizeof uuid, "36000000-0000-4000-8000-%012lld", (long long)access[i].service);
		assert_int_equal(store_run(f->s, "INSERT INTO dir_accessibility (uuid, location_id, description) "
					   "SELECT ?, location_id, ? FROM dir_service_at_locations WHERE service_id = ?",
					   "tti", uuid, access[i].text, access[i].service),
				 SN_OK);
	}
	assert_true(search_step_free_text("Level access from the car park; accessible toilet."));
	assert_true(search_step_free_text("STEP FREE entrance"));
	assert_true(search_step_free_text("Wheelchair accessible throughout"));
	assert_false(search_step_free_text("Not wheelchair accessible: the hall is upstairs."));
	assert_false(search_step_free_text("Accessible toilet."));
	assert_false(search_step_free_text(NULL));
	q.search = "wheelchair";
	check(f, &q, false, "1: 1");
	q.search = "wheelchair accessible lunch";
	check(f, &q, false, "1: 1");
	search_results r = {0};
	assert_int_equal(search_services(f->s, f->a, &q, &r), SN_OK);
	assert_true(r.step_free);
	q.search = "tea";
	q.step_free = true; /* the filter itself */
	check(f, &q, false, "1: 1");
	q.step_free = false;
	assert_int_equal(search_services(f->s, f->a, &q, &r), SN_OK);
	assert_false(r.step_free);
	assert_int_equal(r.total, 2);
}

/* Joined words split into known words; numbers are never misspellings. */
static void joined_words_and_numbers(void **state)
{
	fixture *f = *state;
	static const char vocab[][64] = {"and", "club", "knit", "lunch", "natter"}; /* sorted */
	char parts[3][64];
	assert_int_equal(search_split_word("lunchclub", vocab, 5, parts), 2);
	assert_string_equal(parts[0], "lunch");
	assert_string_equal(parts[1], "club");
	assert_int_equal(search_split_word("knitandnatter", vocab, 5, parts), 3);
	assert_string_equal(parts[2], "natter");
	assert_int_equal(search_split_word("lunch", vocab, 5, parts), 0);
	assert_int_equal(search_split_word("clubxyz", vocab, 5, parts), 0);
	assert_int_equal(search_split_word("lunch2club", vocab, 5, parts), 0);
	const char *out = NULL;
	assert_int_equal(search_split_joined(f->s, f->a, "Lunchclub tuesday", &out), SN_OK);
	assert_non_null(out);
	assert_string_equal(out, "lunch club tuesday");
	assert_int_equal(search_split_joined(f->s, f->a, "lunch club", &out), SN_OK);
	assert_null(out);
	/* "1ea" is one letter from "tea", but a postcode's part, not a misspelling. */
	assert_int_equal(search_did_you_mean(f->s, f->a, "lunch AV1 1EA", &out), SN_OK);
	assert_null(out);
	assert_int_equal(search_did_you_mean(f->s, f->a, "lnch 1ea", &out), SN_OK);
	assert_non_null(out);
	assert_string_equal(out, "lunch 1ea");
}

/* Nearest first (the Find pages with a postcode): by the distance as
 * shown, then relevance; the API's bands put relevance first within 1 km. */
static void nearest_first(void **state)
{
	fixture *f = *state;
	search_query q = query();
	q.has_point = true;
	q.lat_e6 = LAT0 + 12000; /* 1 is 778 m away, 2 890 m, 3 4.2 km */
	q.lon_e6 = LON0;
	q.search = "lunch";
	check(f, &q, false, "5: 2@890 1@778 3@4225 7@-1 8@-1"); /* within 1 km, 2 is the more relevant */
	q.nearest_first = true;
	check(f, &q, false, "5: 1@778 2@890 3@4225 7@-1 8@-1");
	q.search = NULL;
	check(f, &q, false, "7: 1@778 2@890 3@4225 4@20905 5@-1 7@-1 8@-1");
	assert_int_equal(search_distance_step(778), 5);   /* 0.5 miles */
	assert_int_equal(search_distance_step(15800), 98); /* 9.9 miles */
	assert_int_equal(search_distance_step(16100), 100); /* 10 miles */
	assert_int_equal(search_distance_step(20905), 130); /* 13 miles */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(ranks_as_fts5_does, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(synonyms_widen_a_word, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(filters, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(pages_and_totals, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(near_a_point, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(services_at_locations, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(stop_words_and_access_words, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(joined_words_and_numbers, setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(nearest_first, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
