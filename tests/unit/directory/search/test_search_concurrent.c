/* The search engine on many threads at once (issue 20): one store file,
 * reader threads each with their own connection running a fixed set of
 * searches in shuffled orders, writer threads rewriting services at the
 * same time, and every answer compared with the answer the same search gave
 * on one thread before. Any difference is a defect, whatever its cause:
 * state shared between threads (the chunk cache, a tokenizer, a statement
 * cache) or a search that saw half of a write.
 *
 * The writes are chosen so that they cannot change any search's answer
 * while they still go through every step of keeping the index in step
 * (search_index_service: the FTS5 row, the word lists, the names, the
 * generation that empties the chunk cache): twenty "churn" services whose
 * words come from a vocabulary no search uses, rewritten with the same
 * number of words (so bm25's document count and average lengths stay as
 * they were) and names that keep their place in name order. Searches
 * without words do list them, always the same way.
 *
 * Runs in every unit build; the ThreadSanitizer build (scripts/test-all)
 * runs it too, where any data race is a failure of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>

#include "../../access/access_fixture.h"
#include "demo/demo.h"
#include "directory/search/search.h"

/* Each reader runs every search ROUNDS times, and goes on until the
 * writers have made MIN_WRITES writes. */
enum { READERS = 6, WRITERS = 2, ROUNDS = 10, MIN_WRITES = 100, CHURN = 20, CHURN_WORDS = 6 };

static const char *const CHURN_VOCAB[] = {"quartz", "nebula", "zephyr", "obsidian", "tundra", "krypton",
					  "vellum", "saffron", "gantry", "lichen", "pumice", "basalt"};

typedef struct {
	search_query q;
	char search[64];
	char *expected; /* the one-thread answer, as text */
} search_case;

static search_case cases[64];
static size_t n_cases;
static char db_path[128];
static int64_t churn_ids[CHURN];
static atomic_bool readers_done;
static atomic_int mismatches, errors, writes;

/* An answer as text: the total, then each id with its distance. */
static char *answer(store *s, const search_query *q, bool sals)
{
	arena *a = arena_new();
	search_results r = {0};
	sn_err rc = sals ? search_sals(s, a, q, &r) : search_services(s, a, q, &r);
	buf b;
	buf_init(&b, 1u << 20);
	if (rc) {
		buf_printf(&b, "error %s", sn_err_name(rc));
	} else {
		buf_printf(&b, "total %lld:", (long long)r.total);
		for (size_t i = 0; i < r.n; i++)
			buf_printf(&b, " %lld@%lld", (long long)r.ids[i],
				   (long long)(r.distance_m ? r.distance_m[i] : -2));
	}
	arena_free(a);
	char *out = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* sals: the searches whose page size is 7 go to search_sals. */
static bool is_sals(const search_case *c)
{
	return c->q.per_page == 7;
}

static void add_case(const char *search, int64_t term, bool point, int64_t within, bool free_only, int age,
		     const char *day, int64_t page, int64_t per_page, int32_t lat, int32_t lon)
{
	search_case *c = &cases[n_cases++];
	snprintf(c->search, sizeof c->search, "%s", search ? search : "");
	c->q = (search_query){.search = c->search[0] ? c->search : NULL,
			   .taxonomy_term_id = term,
			   .api_min_age = -1,
			   .api_max_age = -1,
			   .person_age = age,
			   .free_only = free_only,
			   .day = day,
			   .has_point = point,
			   .lat_e6 = lat,
			   .lon_e6 = lon,
			   .within_m = within,
			   .page = page,
			   .per_page = per_page};
}

static int setup(void **state)
{
	if (fixture_setup(state))
		return -1;
	fixture *f = *state;
	char err[256] = "";
	if (demo_create(f->s, 7, DEMO_SMALL, err, sizeof err)) {
		fprintf(stderr, "demo: %s\n", err);
		return -1;
	}
	snprintf(db_path, sizeof db_path, "%s", f->path);
	/* The churn services: no location, no terms, names after every other. */
	int64_t org = 0;
	if (store_one_i64(f->s, &org, "SELECT min(id) FROM dir_organizations", ""))
		return -1;
	if (store_begin_write(f->s))
		return -1;
	for (int i = 0; i < CHURN; i++) {
		char uuid[40], name[64];
		snprintf(uuid, sizeof uuid, "c0000000-0000-4000-8000-%012d", i);
		snprintf(name, sizeof name, "Zz churn %02d", i);
		if (store_one_i64(f->s, &churn_ids[i],
				  "INSERT INTO dir_services (uuid, organization_id, name, description, status, "
				  "last_modified, created_at) VALUES (?, ?, ?, 'quartz nebula zephyr obsidian tundra "
				  "krypton', 'active', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z') RETURNING id",
				  "tit", uuid, org, name) ||
		    search_index_service(f->s, churn_ids[i]))
			return -1;
	}
	if (store_commit(f->s))
		return -1;

	int64_t lunch = 0, carers = 0;
	int64_t lat = 0, lon = 0;
	if (store_one_i64(f->s, &lunch, "SELECT id FROM dir_taxonomy_terms WHERE code = 'lunch-club'", "") ||
	    store_one_i64(f->s, &carers, "SELECT id FROM dir_taxonomy_terms WHERE code = 'carers-support'", "") ||
	    store_one_i64(f->s, &lat, "SELECT lat_e6 FROM postcodes ORDER BY postcode LIMIT 1", "") ||
	    store_one_i64(f->s, &lon, "SELECT lon_e6 FROM postcodes ORDER BY postcode LIMIT 1", ""))
		return -1;
	int32_t la = (int32_t)lat, lo = (int32_t)lon;
	n_cases = 0;
	/* Words alone, with filters, near a point (with and without a
	 * radius), pages, and searches with no words at all. */
	add_case("lunch", 0, false, 0, false, -1, NULL, 1, 10, 0, 0);
	add_case("lunch club", 0, false, 0, false, -1, NULL, 1, 50, 0, 0);
	add_case("lonely", 0, false, 0, false, -1, NULL, 1, 20, 0, 0);
	add_case("carers", 0, false, 0, false, -1, NULL, 2, 5, 0, 0);
	add_case("walking group", 0, false, 0, false, -1, NULL, 1, 50, 0, 0);
	add_case("meals", 0, true, 0, false, -1, NULL, 1, 25, la, lo);
	add_case("meals", 0, true, 5000, false, -1, NULL, 1, 25, la, lo);
	add_case("club", 0, true, 16000, true, -1, NULL, 1, 50, la, lo);
	add_case("support", carers, false, 0, false, -1, NULL, 1, 50, 0, 0);
	add_case("help", 0, false, 0, false, 80, "TU", 1, 50, 0, 0);
	add_case("", lunch, false, 0, false, -1, NULL, 1, 50, 0, 0);
	add_case("", 0, false, 0, false, -1, NULL, 1, 100, 0, 0);
	add_case("", 0, false, 0, false, -1, NULL, 4, 100, 0, 0); /* the churn services */
	add_case("", 0, true, 3000, false, -1, NULL, 1, 50, la, lo);
	add_case("", 0, true, 0, true, 70, NULL, 2, 30, la, lo);
	add_case("", 0, false, 0, true, -1, "WE", 1, 40, 0, 0);
	add_case("befriending", 0, true, 0, false, -1, NULL, 1, 7, la, lo); /* services at locations */
	add_case("", 0, true, 8000, false, -1, NULL, 1, 7, la, lo);
	add_case("", lunch, false, 0, false, -1, NULL, 1, 7, 0, 0);
	add_case("tai chi", 0, false, 0, false, -1, NULL, 1, 50, 0, 0);
	add_case("nothingmatchesthis", 0, false, 0, false, -1, NULL, 1, 50, 0, 0);
	for (size_t i = 0; i < n_cases; i++)
		cases[i].expected = answer(f->s, &cases[i].q, is_sals(&cases[i]));
	return 0;
}

static int teardown(void **state)
{
	for (size_t i = 0; i < n_cases; i++) {
		free(cases[i].expected);
		cases[i].expected = NULL;
	}
	return fixture_teardown(state);
}

static uint64_t step(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return *x >> 33;
}

static void *reader(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	store *s = NULL;
	char err[256];
	if (store_open(db_path, false, &s, err, sizeof err)) {
		atomic_fetch_add(&errors, 1);
		return NULL;
	}
	size_t order[64];
	for (int round = 0; round < ROUNDS || atomic_load(&writes) < MIN_WRITES; round++) {
		for (size_t i = 0; i < n_cases; i++)
			order[i] = i;
		for (size_t i = n_cases - 1; i > 0; i--) { /* a shuffle of our own per thread */
			size_t k = step(&seed) % (i + 1), t = order[i];
			order[i] = order[k];
			order[k] = t;
		}
		for (size_t i = 0; i < n_cases; i++) {
			const search_case *c = &cases[order[i]];
			char *got = answer(s, &c->q, is_sals(c));
			if (strcmp(got, c->expected)) {
				if (atomic_fetch_add(&mismatches, 1) < 3)
					fprintf(stderr, "search %zu (\"%s\"): one thread gave\n  %.300s\nbut now\n  %.300s\n",
						order[i], c->search, c->expected, got);
			}
			free(got);
		}
	}
	store_close(s);
	return NULL;
}

static void *writer(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	store *s = NULL;
	char err[256];
	if (store_open(db_path, false, &s, err, sizeof err)) {
		atomic_fetch_add(&errors, 1);
		return NULL;
	}
	while (!atomic_load(&readers_done)) {
		int64_t id = churn_ids[step(&seed) % CHURN];
		char desc[256] = "";
		size_t n = 0;
		for (int w = 0; w < CHURN_WORDS; w++)
			n += (size_t)snprintf(desc + n, sizeof desc - n, "%s%s", w ? " " : "",
					      CHURN_VOCAB[step(&seed) % SN_ARRAY_LEN(CHURN_VOCAB)]);
		sn_err rc = store_begin_write(s);
		if (!rc)
			rc = store_run(s, "UPDATE dir_services SET description = ? WHERE id = ?", "ti", desc, id);
		if (!rc)
			rc = search_index_service(s, id);
		if (!rc)
			rc = store_commit(s);
		if (rc) {
			store_rollback(s);
			if (atomic_fetch_add(&errors, 1) < 3)
				fprintf(stderr, "write: %s (%s)\n", sn_err_name(rc), store_errmsg(s));
		} else {
			atomic_fetch_add(&writes, 1);
		}
	}
	store_close(s);
	return NULL;
}

static void test_many_threads_same_answers(void **state)
{
	fixture *f = *state;
	assert_true(n_cases > 10);
	/* The cases find something (the comparison would be empty otherwise). */
	assert_null(strstr(cases[0].expected, "total 0:"));
	char churn[32];
	snprintf(churn, sizeof churn, " %lld@", (long long)churn_ids[CHURN - 1]);
	assert_non_null(strstr(cases[12].expected, churn)); /* the wordless last page lists them */

	atomic_store(&readers_done, false);
	atomic_store(&mismatches, 0);
	atomic_store(&errors, 0);
	atomic_store(&writes, 0);
	pthread_t r[READERS], w[WRITERS];
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&w[i], NULL, writer, (void *)(uintptr_t)(1000 + i)), 0);
	for (int i = 0; i < READERS; i++)
		assert_int_equal(pthread_create(&r[i], NULL, reader, (void *)(uintptr_t)(1 + i)), 0);
	for (int i = 0; i < READERS; i++)
		pthread_join(r[i], NULL);
	atomic_store(&readers_done, true);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(w[i], NULL);
	fprintf(stderr, "%d readers x at least %d rounds x %zu searches, %d writes alongside\n", READERS, ROUNDS,
		n_cases, atomic_load(&writes));
	assert_int_equal(atomic_load(&errors), 0);
	assert_int_equal(atomic_load(&mismatches), 0);
	assert_true(atomic_load(&writes) >= MIN_WRITES);

	/* Afterwards, on one thread again: the same answers. */
	for (size_t i = 0; i < n_cases; i++) {
		char *got = answer(f->s, &cases[i].q, is_sals(&cases[i]));
		assert_string_equal(got, cases[i].expected);
		free(got);
	}
}

/* The test can fail: a write that does change an answer is seen. */
static void test_a_real_change_is_seen(void **state)
{
	fixture *f = *state;
	assert_int_equal(store_begin_write(f->s), SN_OK);
	assert_int_equal(store_run(f->s, "UPDATE dir_services SET description = 'lunch lunch lunch lunch lunch lunch' "
				   "WHERE id = ?", "i", churn_ids[0]),
			 SN_OK);
	assert_int_equal(search_index_service(f->s, churn_ids[0]), SN_OK);
	assert_int_equal(store_commit(f->s), SN_OK);
	char *got = answer(f->s, &cases[0].q, false);
	assert_string_not_equal(got, cases[0].expected);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_many_threads_same_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_real_change_is_seen, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
