/* Private to search/ (the public header is search.h) and its white-box
 * tests: the word, point and name-order lists (search_index.c,
 * search_chunks.c, index_store.c; docs/directory.md, "How it is fast"),
 * and what the search's own files share. */
#ifndef SN_SEARCH_INT_H
#define SN_SEARCH_INT_H

#include "../geo/geo.h"
#include "search.h"

/* dir_search's tokenize option (schema/sqlite/0006_directory.sql). */
#define SEARCH_TOKENIZER "porter unicode61 remove_diacritics 2"
#define SEARCH_POSTING 8 /* bytes of one posting */

static inline uint32_t search_posting_id(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint32_t search_posting_tf(const uint8_t *p)
{
	return (uint32_t)p[4] | (uint32_t)p[5] << 8;
}
static inline uint32_t search_posting_len(const uint8_t *p)
{
	return (uint32_t)p[6] | (uint32_t)p[7] << 8;
}
void search_posting_put(uint8_t *p, uint32_t id, uint32_t tf, uint32_t len);

/* A point (dir_points): one service at a location. The service id (read
 * with search_posting_id), the service at location's id, then that
 * location's latitude and longitude in millionths of a degree, or
 * SEARCH_POINT_NONE for both when it has no coordinates. */
#define SEARCH_POINT 16
#define SEARCH_POINT_NONE INT32_MIN
static inline uint32_t search_point_sal(const uint8_t *p)
{
	return search_posting_id(p + 4);
}
static inline int32_t search_point_lat(const uint8_t *p)
{
	return (int32_t)search_posting_id(p + 8);
}
static inline int32_t search_point_lon(const uint8_t *p)
{
	return (int32_t)search_posting_id(p + 12);
}
void search_point_put(uint8_t *p, uint32_t id, uint32_t sal, int32_t lat_e6, int32_t lon_e6);
/* The last chunk of points there is (-1 none); read the chunks with
 * search_chunk_get. Services in dir_points_stale may have moved since: their
 * distances come from the tables. */
sn_err search_points_chunks(store *s, int64_t *last);
#define SEARCH_CHUNK_BITS 16
#define SEARCH_CHUNK_IDS ((size_t)1 << SEARCH_CHUNK_BITS)

/* A chunk of points (SEARCH_CHUNK_POINTS) or of the name order
 * (SEARCH_CHUNK_NAMES: always 65,536 * 4 bytes) as a search reads it: from
 * the process's cache while dir_words_state.gen is what the search read
 * in its transaction, else from the store (and kept for the next). Any
 * thread; release each with search_chunk_release. */
enum { SEARCH_CHUNK_POINTS, SEARCH_CHUNK_NAMES };
typedef struct {
	const uint8_t *data;
	size_t len;
} search_chunk;
sn_err search_chunk_get(store *s, int kind, int64_t chunk, int64_t gen, const search_chunk **out);
void search_chunk_release(const search_chunk *c); /* accepts NULL */
/* One chunk of the name order (dir_names): 65,536 4-byte numbers, one per
 * service id from chunk << 16, that sort as (name, id) among published
 * services; 0 for a service that is not published (or none). out holds
 * 65,536 * 4 bytes; zeros when the chunk is missing. */
sn_err search_names_read(store *s, int64_t chunk, uint8_t *out);
static inline uint32_t search_name_ord(const uint8_t *chunk, int64_t id)
{
	return search_posting_id(chunk + ((size_t)id & ((1u << SEARCH_CHUNK_BITS) - 1)) * 4);
}

/* Whether the lists are in step with dir_search, and bm25's totals: the
 * services indexed and their words in all. All zero on PostgreSQL. */
typedef struct {
	bool built;
	int64_t docs, tokens;
	int64_t gen; /* raised after every change to the lists */
} search_words_stats;
sn_err search_words_state(store *s, search_words_stats *out);

/* A word's postings, every chunk, in id order, appended to out (whose cap
 * the caller sets). */
sn_err search_words_list(store *s, const char *word, buf *out);

/* ---- index_store.c: the lists' SQL (for search_index.c) ---- */

/* dir_search's row of a service rewritten from its row and terms (FTS5;
 * on PostgreSQL the tsvector). */
sn_err search_index_text_write(store *s, int64_t service_id);
/* A service's indexed text (name, description, terms) as copies in
 * cols[0..2], which the caller frees (NULL when there is none); *found
 * false when FTS5 holds none. */
sn_err search_index_text_of(store *s, int64_t id, char *cols[3], bool *found);
sn_err search_index_text_count(store *s, int64_t *n);
/* Every indexed service's text in id order (ids that fit in 32 bits):
 * cols are valid during the call; a failure stops the walk. */
typedef sn_err search_index_text_fn(void *ctx, int64_t id, const char *const cols[3]);
sn_err search_index_each_text(store *s, search_index_text_fn *fn, void *ctx);
/* One word's chunk of postings, appended to out. */
sn_err search_index_words_read(store *s, const char *w, int64_t chunk, buf *out);
/* Writes one word's chunk of n postings; n 0 deletes it. */
sn_err search_index_words_write(store *s, const char *w, int64_t chunk, const void *postings, size_t n);
/* Adds a chunk of len bytes to a list a rebuild makes. */
sn_err search_index_words_insert(store *s, const char *w, int64_t chunk, const void *postings, size_t len);
sn_err search_index_words_clear(store *s);
/* One chunk's points, in service order, appended to out. */
sn_err search_points_read(store *s, int64_t chunk, buf *out);
/* Writes a chunk of points (b->len / SEARCH_POINT of them; none deletes it). */
sn_err search_index_points_write(store *s, int64_t chunk, const buf *b);
sn_err search_index_points_clear(store *s);
/* A service's points from the tables, appended to out; *left set when
 * one of them does not fit (its id is past 32 bits). */
sn_err search_index_points_of(store *s, int64_t service, buf *out, bool *left);
/* Every service at location in service order: e its point, or NULL when
 * it does not fit. A failure stops the walk. */
typedef sn_err search_index_point_fn(void *ctx, int64_t service, const uint8_t *e);
sn_err search_index_each_point(store *s, search_index_point_fn *fn, void *ctx);
/* The services in dir_points_stale (ids that fit), sorted: *ids is
 * allocated, the caller frees it. */
sn_err search_index_stale_read(store *s, int64_t **ids, size_t *n);
sn_err search_index_stale_mark(store *s, int64_t service_id);
sn_err search_index_stale_clear(store *s);
sn_err search_index_names_write(store *s, int64_t chunk, const uint8_t *ords);
/* Before numbering every published service: how many there are, the
 * highest id, and dir_names emptied. */
sn_err search_index_names_start(store *s, int64_t *published, int64_t *top);
/* Every published service's id in (name, id) order. */
typedef void search_index_id_fn(void *ctx, int64_t id);
sn_err search_index_each_by_name(store *s, search_index_id_fn *fn, void *ctx);
/* A published service's name (allocated: the caller frees it), or NULL. */
sn_err search_index_published_name(store *s, int64_t id, char **name);
/* The published service just before (after false) or after (name, id) in
 * name order; 0 when none. */
sn_err search_index_name_neighbour(store *s, const char *name, int64_t id, bool after, int64_t *nb);
sn_err search_index_state_add(store *s, int64_t docs, int64_t tokens);
sn_err search_index_state_bump(store *s); /* gen + 1 */
sn_err search_index_state_built(store *s, int64_t docs, int64_t tokens, int64_t gen);

/* ---- the engine's own (search.c, search_rank.c, search_words.c,
 * search_store.c) ---- */

/* A sorted set of service ids (a filter). */
typedef struct {
	int64_t *v;
	size_t n, cap;
} idset;

/* Services near a point: id and the distance to its nearest location. */
typedef struct {
	int64_t id, distance;
} geo_hit;

typedef struct {
	geo_hit *v;
	size_t n, cap;
} geomap;

/* One match on its way to the page. */
typedef struct {
	int64_t id;
	/* Lower first: bm25 (SQLite) or -ts_rank (PostgreSQL), times 10^12 so
	 * that it is an integer; 0 without words. */
	int64_t rank;
	int64_t distance; /* metres to the nearest location; -1 none; -2 not known (yet) */
	const char *name; /* NULL until read */
	int band;
	int64_t sal;      /* search_sals: the service at a location (id is its service) */
	uint32_t ord;     /* its place in name order (dir_names); 0 until read */
	bool exact;       /* search_sals: distance is exact (not search_quick_distance's) */
} cand;

typedef struct {
	cand *v;
	size_t n, cap;
} cands;

/* The words of a search, each with its synonyms ("lonely": befriending,
 * ...), read once. */
typedef struct {
	char word[SEARCH_WORDS_MAX][64];
	char alt[SEARCH_WORDS_MAX][SEARCH_WORDS_MAX][64];
	size_t n, n_alt[SEARCH_WORDS_MAX];
	bool step_free; /* an access word was among them (and left out) */
} query_words;

#define MAX_SETS 5 /* filters that are sets: term, taxonomy, the row, the day, ... */

/* A search in progress: the query, its words and engine text, the
 * filters' sets, the places near the point, the lists' state. */
typedef struct {
	store *s;
	arena *a;
	const search_query *q;
	bool pg;
	const query_words *words; /* NULL without words */
	const char *text; /* the engine's query; NULL without words */
	idset sets[MAX_SETS];
	size_t n_sets;
	bool geo;         /* within_m > 0: near holds every service inside the radius */
	geomap near;
	/* Near a point on SQLite with the index built: distances from
	 * dir_points (search_index.c), quick ones where they cannot change a
	 * band or the radius; stale: services whose points may be out of date
	 * (their distances come from the tables). */
	bool points;
	bool ords;        /* SQLite with the index built: ties by dir_names, no names read */
	bool stream;      /* stream_page answers: no words and no radius */
	search_words_stats index; /* read once in the search's transaction (index_state) */
	idset stale;
	double ky, kx; /* metres per millionth of a degree north, and east here */
} dsearch;

/* The first k by cmp of everything pushed, without keeping the rest: a
 * heap whose root is the last of them (pushed counts all). */
typedef struct {
	cand *v;
	size_t n, cap, k;
	int64_t pushed;
	int (*cmp)(const void *, const void *);
} topk;

/* search_rank.c: pure */
void search_ids_push(idset *s, int64_t id);
void search_ids_finish(idset *s); /* sorted and unique */
bool search_ids_has(const idset *s, int64_t id);
int search_geo_hit_cmp(const void *x, const void *y); /* by id, then distance */
void search_cands_push(cands *c, cand x);
bool search_in_sets(const dsearch *x, int64_t id); /* in every filter's set */
/* 1 km, 3 km, 10 km, further: 0..3, none 5; nearest first, the distance
 * as shown (search_distance_step), none after every distance. */
int search_band_of(const search_query *q, int64_t distance);
/* A distance not measured, known to be further than those measured. */
int search_band_unknown(const search_query *q);
/* The orders of candidates (qsort's kind): band, relevance, name, id
 * (cand_cmp); band and relevance only (key_cmp); with the name order for
 * the name (ord_cmp); by id (id_cmp); services at locations (sal_cmp,
 * sal_ord_cmp). */
int search_cand_cmp(const void *x, const void *y);
int search_key_cmp(const void *x, const void *y);
int search_ord_cmp(const void *x, const void *y);
int search_id_cmp(const void *x, const void *y);
int search_sal_cmp(const void *x, const void *y);
int search_sal_ord_cmp(const void *x, const void *y);
void search_swap_cand(cand *a, cand *b);
void search_sort_by_id(cands *c);
/* Afterwards v[0..k) are the first k of v[0..n) by cmp, in no order. */
void search_select_first(cand *v, size_t n, size_t k, int (*cmp)(const void *, const void *));
void search_topk_push(topk *t, cand c);
/* Metres from the query's point: quick where no band edge or the radius
 * is near, else exact. */
int64_t search_quick_distance(const dsearch *x, int32_t lat, int32_t lon);
/* Service id's nearest point among a chunk's points (see search_rank.c). */
int64_t search_nearest_point(const dsearch *x, const uint8_t *p, size_t np, size_t *at, int64_t id,
			     const geo_box *box, int64_t r);
extern const geo_box search_no_box; /* every point inside */
/* Whether a venue's accessibility text says one can get in in a
 * wheelchair: step-free, step free, level access or wheelchair access,
 * and not "no step..", "not step..", "no level..", "no/not wheelchair"
 * (any case; the first 1,023 bytes). NULL is false. */
bool search_step_free_text(const char *text);
void search_near_push(geomap *out, int64_t id, int64_t d);

/* search_words.c */
bool search_stop_word(const char *w);   /* "to", "someone", ... */
bool search_access_word(const char *w); /* "wheelchair", ... */
/* w split into 2 or 3 words of vocab[0..n) (sorted, unique), into parts;
 * 0 when it is known itself, has a digit, or does not split. Pure. */
size_t search_split_word(const char *w, const char (*vocab)[64], size_t n, char parts[3][64]);
/* The words of a search with their synonyms (in the arena), or NULL
 * when there are none and no access word. */
const query_words *search_words_of(store *s, arena *a, const char *search_text);
/* The engine's own query (FTS5 or tsquery; in the arena), or NULL
 * without words. */
const char *search_text_query(arena *a, bool pg, const query_words *w);
/* Every match of the words from the lists, scored with bm25; *done false
 * when the lists cannot answer (the engine then does). */
sn_err search_word_candidates(dsearch *x, cands *out, bool *done);

/* search_store.c: the reads */
sn_err search_term_sets(dsearch *x);  /* the taxonomy filters, each a set */
/* The row filters (and the day), each a set: of every published service,
 * or of the services in only (a bound list, search_id_list); only_day
 * the same for the day. */
sn_err search_row_sets(dsearch *x, const char *only, const char *only_day);
/* The ids of v[0..n) as one bound list (JSON array, or a PostgreSQL array). */
sn_err search_id_list(const dsearch *x, const cand *v, size_t n, buf *out);
/* Every service within r metres (R-tree or coordinates' index), or with
 * only the distances of those candidates. */
sn_err search_geo_within(dsearch *x, int64_t r, geomap *out);
sn_err search_geo_probe(dsearch *x, int64_t r, geomap *out, cands *only);
/* The distance to a service's nearest location; -1 none. */
sn_err search_distance_of(dsearch *x, int64_t id, int64_t *out);
/* Names of v[0..*n), dropping the unpublished; v ends in id order. */
sn_err search_names_of(dsearch *x, cand *v, size_t *n);
/* One service's services at locations from the tables, into out. */
sn_err search_sals_from_tables(dsearch *x, const cand *c, topk *out);
/* The engine's full-text matches that are in every set. */
sn_err search_store_text_matches(dsearch *x, cands *out);
/* Every published service, with its name. */
sn_err search_store_published(dsearch *x, cands *out);
/* The services in dir_points_stale, sorted. */
sn_err search_store_stale(dsearch *x, idset *out);
sn_err search_store_max_service_id(store *s, int64_t *id);
/* Names for the first r of tie[0..m) (sorted by id) in name order. */
sn_err search_store_name_first(dsearch *x, cand *tie, size_t m, size_t r);
/* Nothing but the published services by name: the page and the total. */
sn_err search_store_plain_page(store *s, arena *a, const search_query *q, search_results *out);
/* The services at locations of svc (sorted by id) within the radius. */
sn_err search_store_sals_within(dsearch *x, const cands *svc, topk *out);
/* The services at locations of the published services, counted. */
sn_err search_store_sals_count(store *s, int64_t *n);
/* A word's synonyms as one text ("" for none). */
void search_store_synonyms_of(store *s, const char *word, char also[SEARCH_TEXT_MAX + 1]);
/* The known words (taxonomy terms, synonyms, a sample of names), at
 * least 3 letters, appended to vocab[*n..cap). */
sn_err search_store_vocabulary(store *s, char (*vocab)[64], size_t cap, size_t *n);

#endif
