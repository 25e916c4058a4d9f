/* The directory's own word index (SQLite): see dir_index.c and
 * docs/directory.md, "How it is fast". */
#ifndef SN_DIR_INDEX_H
#define SN_DIR_INDEX_H

#include "directory.h"

/* dir_search's tokenize option (schema/sqlite/0006_directory.sql). */
#define DIR_TOKENIZER "porter unicode61 remove_diacritics 2"
#define DIR_POSTING 8 /* bytes of one posting */

static inline uint32_t dir_posting_id(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint32_t dir_posting_tf(const uint8_t *p)
{
	return (uint32_t)p[4] | (uint32_t)p[5] << 8;
}
static inline uint32_t dir_posting_len(const uint8_t *p)
{
	return (uint32_t)p[6] | (uint32_t)p[7] << 8;
}
void dir_posting_put(uint8_t *p, uint32_t id, uint32_t tf, uint32_t len);

/* A point (dir_points): one service at a location. The service id (read
 * with dir_posting_id), the service at location's id, then that
 * location's latitude and longitude in millionths of a degree, or
 * DIR_POINT_NONE for both when it has no coordinates. */
#define DIR_POINT 16
#define DIR_POINT_NONE INT32_MIN
static inline uint32_t dir_point_sal(const uint8_t *p)
{
	return dir_posting_id(p + 4);
}
static inline int32_t dir_point_lat(const uint8_t *p)
{
	return (int32_t)dir_posting_id(p + 8);
}
static inline int32_t dir_point_lon(const uint8_t *p)
{
	return (int32_t)dir_posting_id(p + 12);
}
void dir_point_put(uint8_t *p, uint32_t id, uint32_t sal, int32_t lat_e6, int32_t lon_e6);
/* The last chunk of points there is (-1 none); read the chunks with
 * dir_chunk_get. Services in dir_points_stale may have moved since: their
 * distances come from the tables. */
sn_err dir_points_chunks(store *s, int64_t *last);
#define DIR_CHUNK_BITS 16

/* A chunk of points (DIR_CHUNK_POINTS) or of the name order
 * (DIR_CHUNK_NAMES: always 65,536 * 4 bytes) as a search reads it: from
 * the process's cache while dir_words_state.gen is what the search read
 * in its transaction, else from the store (and kept for the next). Any
 * thread; release each with dir_chunk_release. */
enum { DIR_CHUNK_POINTS, DIR_CHUNK_NAMES };
typedef struct {
	const uint8_t *data;
	size_t len;
} dir_chunk;
sn_err dir_chunk_get(store *s, int kind, int64_t chunk, int64_t gen, const dir_chunk **out);
void dir_chunk_release(const dir_chunk *c); /* accepts NULL */
/* Frees the cache (at exit; nothing may hold a chunk). */
void dir_chunk_cache_free(void);

/* One chunk of the name order (dir_names): 65,536 4-byte numbers, one per
 * service id from chunk << 16, that sort as (name, id) among published
 * services; 0 for a service that is not published (or none). out holds
 * 65,536 * 4 bytes; zeros when the chunk is missing. */
sn_err dir_names_read(store *s, int64_t chunk, uint8_t *out);
static inline uint32_t dir_name_ord(const uint8_t *chunk, int64_t id)
{
	return dir_posting_id(chunk + ((size_t)id & ((1u << DIR_CHUNK_BITS) - 1)) * 4);
}

/* Whether the lists are in step with dir_search, and bm25's totals: the
 * services indexed and their words in all. All zero on PostgreSQL. */
typedef struct {
	bool built;
	int64_t docs, tokens;
	int64_t gen; /* raised after every change to the lists */
} dir_words_stats;
sn_err dir_words_state(store *s, dir_words_stats *out);

/* A word's postings, every chunk, in id order, appended to out (whose cap
 * the caller sets). */
sn_err dir_words_list(store *s, const char *word, buf *out);

/* Before writing many services (the demo, a large import): stops keeping
 * the lists in step, so that searches use FTS5 alone until
 * dir_index_rebuild builds them again from dir_search in one pass. */
sn_err dir_index_bulk(store *s);
typedef void dir_index_progress_fn(void *ctx, int64_t done, int64_t bytes, int64_t total);
sn_err dir_index_rebuild(store *s, dir_index_progress_fn *progress, void *ctx);
/* Rebuilds when the lists are not in step (after migrating, or a bulk
 * load that stopped); nothing on PostgreSQL. progress may be NULL. */
sn_err dir_index_ready(store *s, dir_index_progress_fn *progress, void *ctx);

#endif
