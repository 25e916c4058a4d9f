/* search/: the one search over the directory, for the ORUK API and the
 * pages, and the index that keeps it fast (docs/directory.md, "Search" and
 * "How it is fast"). Prefix: search_. Only published services are ever
 * found. Full text from our own word lists on SQLite (FTS5's words and
 * bm25; FTS5 itself while they are not built) and a tsvector on
 * PostgreSQL; filters as sets of ids; near a point by distance band; the
 * synonyms it applies. Below the pages and the API: it knows nothing of
 * requests (no web.h) and uses only geo/ and hours/ of the directory.
 *
 * Files: search.c (the entry points and the order of the work),
 * search_rank.c (pure: sets of ids, ordering, the page's selection,
 * distances from points), search_words.c (the words of a search, the word
 * lists' bm25, "did you mean"), search_index.c and search_chunks.c (the
 * word, point and name-order lists kept in step with the services, and the
 * process's cache of chunks), search_store.c and index_store.c (every SQL
 * statement of the search and of its lists). search_int.h is private to
 * search/ (and its white-box tests). */
#ifndef SN_SEARCH_H
#define SN_SEARCH_H

#include <jansson.h>

#include "../../base/base.h"
#include "../../store/store.h"

#define SEARCH_PER_PAGE_DEFAULT 50
#define SEARCH_PER_PAGE_MAX 100
#define SEARCH_TEXT_MAX 200   /* bytes of a free-text search */
#define SEARCH_WORDS_MAX 8   /* words of it used */

typedef struct {
	const char *search;         /* free text; NULL or "" for none */
	int64_t taxonomy_term_id;   /* internal ids; 0 for none */
	int64_t taxonomy_id;
	int64_t organization_id;
	const char *modified_after; /* "2026-01-01T00:00:00Z" or NULL */
	/* ORUK's age filters: services whose minimum_age >= api_min_age, whose
	 * maximum_age <= api_max_age; -1 for none. */
	int api_min_age, api_max_age;
	/* The pages' filter: services a person of this age can use; -1 none. */
	int person_age;
	bool free_only;             /* services with no cost, or a cost of £0 */
	/* ORUK's time filter: a schedule on this day ("MO".."SU") that covers
	 * start_time..end_time ("HH:MM"); NULL or "" for none. */
	const char *day, *start_time, *end_time;
	int64_t locality_id;        /* 0 for none */
	/* Near a point (a postcode's centroid): results carry their distance
	 * (to the nearest of their locations) and are ranked by distance band
	 * then relevance; within_m > 0 also drops those further away. */
	bool has_point;
	int32_t lat_e6, lon_e6;
	int64_t within_m;
	/* Near a point, nearest first: by the distance as the pages show it
	 * (tenths of a mile, whole miles from 10; search_distance_step), then
	 * relevance, instead of the API's bands (1, 3, 10 km). */
	bool nearest_first;
	/* Only services with a venue one can get into in a wheelchair (its
	 * accessibility description says step-free or level access); the
	 * words "wheelchair", "accessible" ask for it too. */
	bool step_free;
	int64_t page, per_page;     /* 1-based page; per_page 1..SEARCH_PER_PAGE_MAX */
} search_query;

typedef struct {
	int64_t total;   /* matches in all */
	size_t n;        /* on this page */
	int64_t *ids;    /* dir_services.id, in rank order (from the arena) */
	int64_t *distance_m; /* with has_point: metres, -1 when no location (from the arena) */
	bool step_free;  /* the step-free filter was applied (asked for, or by the words) */
} search_results;

/* A distance as the pages give it, in tenths of a mile: to the nearest
 * tenth under 10 miles, then whole miles (times 10). Pure. */
int64_t search_distance_step(int64_t metres);

/* The words of a search, lower-cased, at most SEARCH_WORDS_MAX, each of
 * letters and digits only (the rest of the text is ignored). A search
 * leaves out stop words ("someone to talk to" is "talk") unless they are
 * all there is, and reads the access words ("wheelchair") as step_free. */
size_t search_text_words(const char *text, char words[][64], size_t max);
/* Runs q: only published services. Full text: FTS5's Porter-stemmed words
 * and bm25 on SQLite (from search_index.c's lists when built), tsvector on
 * PostgreSQL; ranked by relevance then name. */
sn_err search_services(store *s, arena *a, const search_query *q, search_results *out);
/* The same search over services at locations (/oruk/service_at_locations):
 * one row per service at a location whose service matches q and, near a
 * point, whose location is within q->within_m (when > 0); ranked as
 * search_services ranks services, by that location's distance. ids are
 * dir_service_at_locations ids; distance_m that location's (-1 none). */
sn_err search_sals(store *s, arena *a, const search_query *q, search_results *out);
/* How many services at locations the published services have (the
 * unfiltered list's total): from dir_points when built, else counted. */
sn_err search_sals_total(store *s, int64_t *total);
/* For a search that found nothing: the same words with each misspelt one
 * replaced by the nearest known word (of taxonomy terms, synonyms and
 * service names; edit distance 1 for words of up to 4 letters, else 2), or
 * *out NULL when nothing is close (*out in the arena). */
sn_err search_did_you_mean(store *s, arena *a, const char *search, const char **out);
/* The same words with each joined one split into the known words it is
 * made of ("lunchclub": "lunch club"; two or three words of the same
 * vocabulary, a word that is itself known is left alone), or *out NULL
 * when none is (*out in the arena). */
sn_err search_split_joined(store *s, arena *a, const char *search, const char **out);
/* Keeps the search index of one service in step with its row (call after
 * writing a service, its taxonomy terms, locations or moderation status):
 * FTS5 or the tsvector, and on SQLite the word, point and name-order lists
 * (search_index.c; also the points of other services whose shared location
 * moved). */
sn_err search_index_service(store *s, int64_t service_id);

/* ---- synonyms (dir_synonyms: a word people type and the words it also
 * finds; applied when searching, so nothing is reindexed) ---- */

/* [{"word", "also", "updated"}] in word order: a new reference, the
 * caller decrefs (NULL on a failure). */
sn_err search_synonyms_list(store *s, json_t **out);
/* Sets a word's synonyms (also: words separated by spaces); by is the
 * user's uuid. In the caller's write transaction. */
sn_err search_synonym_set(store *s, const char *word, const char *also, const char *by,
			  const char *now);
/* Deletes a word's synonyms; *deleted false when it had none. */
sn_err search_synonym_delete(store *s, const char *word, bool *deleted);

/* ---- keeping the index ---- */

/* Before writing many services (the demo, a large import): stops keeping
 * the lists in step, so that searches use FTS5 alone until
 * search_index_rebuild builds them again in one pass. */
sn_err search_index_bulk(store *s);
/* Called now and then by a rebuild: services done, and in all. */
typedef void search_index_progress_fn(void *ctx, int64_t done, int64_t bytes, int64_t total);
sn_err search_index_rebuild(store *s, search_index_progress_fn *progress, void *ctx);
/* Rebuilds when the lists are not in step (after migrating, or a bulk
 * load that stopped); nothing on PostgreSQL. progress may be NULL. */
sn_err search_index_ready(store *s, search_index_progress_fn *progress, void *ctx);
/* Frees the process's cache of chunks (at exit; no search may be running). */
void search_chunk_cache_free(void);

#endif
