/* The process's cache of the chunks searches read (points and name
 * order): each chunk read once and shared, while dir_words_state.gen is
 * what the reading search saw in its transaction (docs/directory.md, "How
 * it is fast"); at most 512 MiB. Any thread. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"

/* A chunk read once, shared by the searches that want it: the table holds
 * one reference while it is current, each reader another. */
typedef struct {
	search_chunk c;
	int refs;
	uint8_t bytes[];
} cached;

#define CACHE_MAX_BYTES ((size_t)512 << 20)

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int64_t gen;     /* the number every entry was read at; -1 none (a rebuild
			  * starts it at random, so two databases do not share it) */
	cached **v[2];   /* by kind, then chunk */
	size_t n[2];
	size_t bytes;
} cache = {.gen = -1};

static void unref(cached *e)
{
	if (e && --e->refs == 0)
		free(e);
}

static void cache_drop(void)
{
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < cache.n[k]; i++)
			unref(cache.v[k][i]);
		free(cache.v[k]);
		cache.v[k] = NULL;
		cache.n[k] = 0;
	}
	cache.bytes = 0;
}

void search_chunk_cache_free(void)
{
	pthread_mutex_lock(&cache_lock);
	cache_drop();
	cache.gen = -1;
	pthread_mutex_unlock(&cache_lock);
}

void search_chunk_release(const search_chunk *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&cache_lock);
	unref((cached *)(uintptr_t)c); /* the first member of its entry */
	pthread_mutex_unlock(&cache_lock);
}

sn_err search_chunk_get(store *s, int kind, int64_t chunk, int64_t gen, const search_chunk **out)
{
	*out = NULL;
	if ((kind != SEARCH_CHUNK_POINTS && kind != SEARCH_CHUNK_NAMES) || chunk < 0 || chunk > (int64_t)UINT32_MAX)
		return SN_EINPUT;
	pthread_mutex_lock(&cache_lock);
	if (gen != cache.gen) { /* the lists changed (or another database): what is kept is not this */
		cache_drop();
		cache.gen = gen;
	}
	cached *e = gen == cache.gen && (size_t)chunk < cache.n[kind] ? cache.v[kind][chunk] : NULL;
	if (e)
		e->refs++;
	pthread_mutex_unlock(&cache_lock);
	if (e) {
		*out = &e->c;
		return SN_OK;
	}
	buf b;
	buf_init(&b, BUF_MAX_DEFAULT * 16);
	sn_err rc = SN_OK;
	if (kind == SEARCH_CHUNK_POINTS)
		rc = search_points_read(s, chunk, &b);
	else {
		uint8_t *ords = xmalloc(SEARCH_CHUNK_IDS * 4);
		rc = search_names_read(s, chunk, ords);
		if (!rc)
			rc = buf_append(&b, ords, SEARCH_CHUNK_IDS * 4);
		free(ords);
	}
	if (rc) {
		buf_free(&b);
		return rc;
	}
	e = xmalloc(sizeof *e + b.len);
	if (b.len)
		memcpy(e->bytes, b.data, b.len);
	e->c.data = e->bytes;
	e->c.len = b.len;
	e->refs = 1;
	buf_free(&b);
	pthread_mutex_lock(&cache_lock);
	if (gen == cache.gen && cache.bytes + e->c.len <= CACHE_MAX_BYTES &&
	    !((size_t)chunk < cache.n[kind] && cache.v[kind][chunk])) {
		if ((size_t)chunk >= cache.n[kind]) {
			size_t n = (size_t)chunk + 1;
			cache.v[kind] = xrealloc(cache.v[kind], n * sizeof *cache.v[kind]);
			memset(cache.v[kind] + cache.n[kind], 0, (n - cache.n[kind]) * sizeof *cache.v[kind]);
			cache.n[kind] = n;
		}
		cache.v[kind][chunk] = e;
		e->refs++;
		cache.bytes += e->c.len;
	}
	pthread_mutex_unlock(&cache_lock);
	*out = &e->c;
	return SN_OK;
}

