/* The directory's own word index (SQLite): for each word as dir_search's
 * FTS5 tokenizer cuts and stems it, the published services that have it, in
 * id order, each with how often it has the word and how many words its
 * text has. That is all bm25 needs, so a search scores every match from a
 * few contiguous blobs instead of FTS5 reading a size record per match
 * (docs/directory.md, "How it is fast"). FTS5 (dir_search) stays: it is
 * where a service's indexed text is kept, and what searches use whenever
 * these lists are not in step with it.
 *
 * A list is cut into chunks of 65,536 ids (dir_words.chunk = id >> 16), so
 * that one service's change rewrites one chunk of each list it is in. A
 * posting is 8 bytes, little-endian: the service id (32 bits), the word's
 * count in the service (16 bits) and the service's word count (16 bits),
 * both held at 65,535 (a description is at most 4,000 characters). */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "dir_index.h"

#define CHUNK_BITS DIR_CHUNK_BITS

static const char *const index_sql =
	"SELECT name, description, terms FROM dir_search WHERE rowid = ?";

void dir_posting_put(uint8_t *p, uint32_t id, uint32_t tf, uint32_t len)
{
	tf = tf > 65535 ? 65535 : tf;
	len = len > 65535 ? 65535 : len;
	p[0] = (uint8_t)id;
	p[1] = (uint8_t)(id >> 8);
	p[2] = (uint8_t)(id >> 16);
	p[3] = (uint8_t)(id >> 24);
	p[4] = (uint8_t)tf;
	p[5] = (uint8_t)(tf >> 8);
	p[6] = (uint8_t)len;
	p[7] = (uint8_t)(len >> 8);
}

/* ---- a service's words ---- */

typedef struct {
	const char *w; /* into doc.text */
	uint32_t n, tf;
} word;

typedef struct {
	buf text;        /* the words, NUL-separated */
	size_t *at;      /* offsets of each token in text, then of each unique word */
	size_t n_at, cap_at;
	word *words;     /* unique, sorted */
	size_t n_words;
	uint32_t len;    /* tokens in all */
} doc;

static int on_token(void *ctx, const char *token, size_t n)
{
	doc *d = ctx;
	if (d->n_at == d->cap_at) {
		d->cap_at = d->cap_at ? d->cap_at * 2 : 256;
		d->at = xrealloc(d->at, d->cap_at * sizeof *d->at);
	}
	d->at[d->n_at++] = d->text.len;
	d->len++;
	if (buf_append(&d->text, token, n) || buf_putc(&d->text, 0))
		return 1;
	return 0;
}

static int word_cmp(const void *x, const void *y)
{
	const word *a = x, *b = y;
	return strcmp(a->w, b->w);
}

static void doc_reset(doc *d)
{
	if (!d->text.max)
		buf_init(&d->text, BUF_MAX_DEFAULT);
	d->text.len = 0;
	d->n_at = 0;
	d->n_words = 0;
	d->len = 0;
}

static void doc_free(doc *d)
{
	buf_free(&d->text);
	free(d->at);
	free(d->words);
}

/* The words of a service's three indexed columns, counted and sorted. */
static sn_err doc_read(store_tokenizer *t, doc *d, const char *const cols[3])
{
	doc_reset(d);
	for (int c = 0; c < 3; c++) {
		sn_err rc = store_tokenize(t, false, cols[c], strlen(cols[c]), on_token, d);
		if (rc)
			return rc;
	}
	word *w = xrealloc(d->words, (d->n_at ? d->n_at : 1) * sizeof *w);
	d->words = w;
	for (size_t i = 0; i < d->n_at; i++)
		w[i] = (word){d->text.data + d->at[i], 0, 1};
	if (d->n_at)
		qsort(w, d->n_at, sizeof *w, word_cmp);
	size_t k = 0;
	for (size_t i = 0; i < d->n_at; i++) {
		if (k && strcmp(w[k - 1].w, w[i].w) == 0)
			w[k - 1].tf++;
		else
			w[k++] = w[i];
	}
	d->n_words = k;
	return SN_OK;
}

/* The words FTS5 holds for a service; *found false when it holds none. */
static sn_err doc_of(store *s, store_tokenizer *t, int64_t id, doc *d, bool *found)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, index_sql, "i", id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	*found = !rc && row;
	doc_reset(d);
	if (*found) {
		/* store_col_text is valid until the next step: copies, out of
		 * the way of the next column's conversion. */
		char *c0 = xstrdup(store_col_text(st, 0)), *c1 = xstrdup(store_col_text(st, 1)),
		     *c2 = xstrdup(store_col_text(st, 2));
		const char *cc[3] = {c0, c1, c2};
		rc = doc_read(t, d, cc);
		free(c0);
		free(c1);
		free(c2);
	}
	store_done(st);
	return rc;
}

/* ---- chunks ---- */

/* Puts (or with tf 0, takes out) a service's posting in one word's chunk. */
static sn_err chunk_put(store *s, const char *w, int64_t id, uint32_t tf, uint32_t len)
{
	int64_t chunk = id >> CHUNK_BITS;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT postings FROM dir_words WHERE word = ? AND chunk = ?", "ti",
				w, chunk);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	buf b;
	buf_init(&b, ((size_t)1 << CHUNK_BITS) * DIR_POSTING + 2 * DIR_POSTING);
	if (!rc && row) {
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		rc = buf_append(&b, p, n - n % DIR_POSTING);
	}
	store_done(st);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	/* The first posting at or after id. */
	size_t n = b.len / DIR_POSTING, lo = 0, hi = n;
	const uint8_t *v = (const uint8_t *)b.data;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (dir_posting_id(v + mid * DIR_POSTING) < (uint32_t)id)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool there = lo < n && dir_posting_id(v + lo * DIR_POSTING) == (uint32_t)id;
	uint8_t entry[DIR_POSTING];
	dir_posting_put(entry, (uint32_t)id, tf, len);
	if (tf && there)
		memcpy(b.data + lo * DIR_POSTING, entry, DIR_POSTING);
	else if (tf) {
		rc = buf_append(&b, entry, DIR_POSTING); /* room, then move the tail up */
		if (!rc)
			memmove(b.data + (lo + 1) * DIR_POSTING, b.data + lo * DIR_POSTING,
				(n - lo) * DIR_POSTING);
		if (!rc)
			memcpy(b.data + lo * DIR_POSTING, entry, DIR_POSTING);
		n++;
	} else if (there) {
		memmove(b.data + lo * DIR_POSTING, b.data + (lo + 1) * DIR_POSTING, (n - lo - 1) * DIR_POSTING);
		n--;
	} else {
		buf_free(&b);
		return SN_OK;
	}
	if (!rc && n == 0)
		rc = store_run(s, "DELETE FROM dir_words WHERE word = ? AND chunk = ?", "ti", w, chunk);
	else if (!rc) {
		rc = store_prepare(s, "INSERT INTO dir_words (word, chunk, n, postings) VALUES (?, ?, ?, ?) "
				   "ON CONFLICT (word, chunk) DO UPDATE SET n = excluded.n, "
				   "postings = excluded.postings", &st);
		if (!rc)
			rc = store_bind_text(st, 1, w);
		if (!rc)
			rc = store_bind_i64(st, 2, chunk);
		if (!rc)
			rc = store_bind_i64(st, 3, (int64_t)n);
		if (!rc)
			rc = store_bind_blob(st, 4, b.data, n * DIR_POSTING);
		bool more = false;
		if (!rc)
			rc = store_step(st, &more);
		store_done(st);
	}
	buf_free(&b);
	return rc;
}

/* ---- points ---- */

void dir_point_put(uint8_t *p, uint32_t id, uint32_t sal, int32_t lat_e6, int32_t lon_e6)
{
	uint32_t v[4] = {id, sal, (uint32_t)lat_e6, (uint32_t)lon_e6};
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < 4; k++)
			p[i * 4 + k] = (uint8_t)(v[i] >> (8 * k));
}

/* By service, then service at location. */
static int point_cmp(const void *x, const void *y)
{
	const uint8_t *a = x, *b = y;
	uint32_t ia = dir_posting_id(a), ib = dir_posting_id(b);
	if (ia != ib)
		return ia < ib ? -1 : 1;
	uint32_t sa = dir_point_sal(a), sb = dir_point_sal(b);
	return sa < sb ? -1 : sa > sb;
}

/* A service at location as a point: false when its id does not fit (its
 * service is then left stale, so searches read it from the tables). */
static bool point_of(uint8_t *e, int64_t service, store_stmt *st, int sal_col)
{
	int64_t sal = store_col_i64(st, sal_col);
	if (sal <= 0 || sal > (int64_t)UINT32_MAX)
		return false;
	bool none = store_col_null(st, sal_col + 1) || store_col_null(st, sal_col + 2);
	dir_point_put(e, (uint32_t)service, (uint32_t)sal,
		      none ? DIR_POINT_NONE : (int32_t)store_col_i64(st, sal_col + 1),
		      none ? DIR_POINT_NONE : (int32_t)store_col_i64(st, sal_col + 2));
	return true;
}

static const char *const points_of_sql =
	"SELECT x.id, l.lat_e6, l.lon_e6 FROM dir_service_at_locations x LEFT JOIN dir_locations l "
	"ON l.id = x.location_id WHERE x.service_id = ?";

static sn_err points_write(store *s, int64_t chunk, const buf *b)
{
	size_t n = b->len / DIR_POINT;
	if (n == 0)
		return store_run(s, "DELETE FROM dir_points WHERE chunk = ?", "i", chunk);
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s, "INSERT INTO dir_points (chunk, n, points) VALUES (?, ?, ?) "
				  "ON CONFLICT (chunk) DO UPDATE SET n = excluded.n, points = excluded.points", &st);
	if (!rc)
		rc = store_bind_i64(st, 1, chunk);
	if (!rc)
		rc = store_bind_i64(st, 2, (int64_t)n);
	if (!rc)
		rc = store_bind_blob(st, 3, b->data, b->len);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

/* Services left out of their chunk (a service at location whose id does
 * not fit in 32 bits): stale for good, read from the tables. */
typedef struct {
	int64_t *v;
	size_t n, cap;
} id_list;

static void ids_push(id_list *l, int64_t id)
{
	if (l->n && l->v[l->n - 1] == id)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = id;
}

static sn_err stale_again(store *s, const id_list *l)
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < l->n && !rc; i++)
		rc = store_run(s, "INSERT INTO dir_points_stale (service_id) SELECT ? WHERE NOT EXISTS "
			       "(SELECT 1 FROM dir_points_stale WHERE service_id = ?)", "ii", l->v[i], l->v[i]);
	return rc;
}

/* Rewrites the points of every service in dir_points_stale, a chunk at a
 * time, and empties it. */
static sn_err points_flush(store *s)
{
	id_list left = {0};
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT service_id FROM dir_points_stale ORDER BY service_id", "");
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t id = store_col_i64(st, 0);
		if (id <= 0 || id > (int64_t)UINT32_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[n++] = id;
	}
	store_done(st);
	buf b;
	buf_init(&b, BUF_MAX_DEFAULT * 16);
	for (size_t i = 0; i < n && !rc;) {
		int64_t chunk = ids[i] >> CHUNK_BITS;
		size_t j = i;
		while (j < n && ids[j] >> CHUNK_BITS == chunk)
			j++;
		/* The chunk without the stale services, then theirs as now. */
		b.len = 0;
		rc = store_query(s, &st, "SELECT points FROM dir_points WHERE chunk = ?", "i", chunk);
		row = false;
		if (!rc)
			rc = store_step(st, &row);
		if (!rc && row) {
			size_t len = 0;
			const uint8_t *p = store_col_blob(st, 0, &len);
			size_t k = i;
			for (size_t at = 0; at + DIR_POINT <= len && !rc; at += DIR_POINT) {
				uint32_t id = dir_posting_id(p + at);
				while (k < j && ids[k] < id)
					k++;
				if (k < j && ids[k] == id)
					continue;
				rc = buf_append(&b, p + at, DIR_POINT);
			}
		}
		store_done(st);
		for (size_t k = i; k < j && !rc; k++) {
			rc = store_query(s, &st, points_of_sql, "i", ids[k]);
			row = true;
			while (!rc && !(rc = store_step(st, &row)) && row) {
				uint8_t e[DIR_POINT];
				if (point_of(e, ids[k], st, 0))
					rc = buf_append(&b, e, DIR_POINT);
				else
					ids_push(&left, ids[k]);
			}
			store_done(st);
		}
		if (!rc && b.len)
			qsort(b.data, b.len / DIR_POINT, DIR_POINT, point_cmp);
		if (!rc)
			rc = points_write(s, chunk, &b);
		i = j;
	}
	buf_free(&b);
	free(ids);
	if (!rc && n)
		rc = store_run(s, "DELETE FROM dir_points_stale", "");
	if (!rc)
		rc = stale_again(s, &left);
	free(left.v);
	return rc;
}

/* Every service's points, from the tables, in one pass. */
static sn_err points_rebuild(store *s)
{
	id_list left = {0};
	sn_err rc = store_run(s, "DELETE FROM dir_points", "");
	buf b;
	buf_init(&b, BUF_MAX_DEFAULT * 16);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, "SELECT x.service_id, x.id, l.lat_e6, l.lon_e6 "
				 "FROM dir_service_at_locations x LEFT JOIN dir_locations l ON l.id = x.location_id ORDER BY x.service_id", "");
	int64_t chunk = -1;
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t id = store_col_i64(st, 0);
		if (id <= 0 || id > (int64_t)UINT32_MAX)
			continue;
		if (id >> CHUNK_BITS != chunk) {
			if (b.len) {
				qsort(b.data, b.len / DIR_POINT, DIR_POINT, point_cmp);
				rc = points_write(s, chunk, &b);
			}
			b.len = 0;
			chunk = id >> CHUNK_BITS;
		}
		uint8_t e[DIR_POINT];
		if (!point_of(e, id, st, 1))
			ids_push(&left, id);
		else if (!rc)
			rc = buf_append(&b, e, DIR_POINT);
	}
	store_done(st);
	if (!rc && b.len) {
		qsort(b.data, b.len / DIR_POINT, DIR_POINT, point_cmp);
		rc = points_write(s, chunk, &b);
	}
	buf_free(&b);
	if (!rc)
		rc = store_run(s, "DELETE FROM dir_points_stale", "");
	if (!rc)
		rc = stale_again(s, &left);
	free(left.v);
	return rc;
}

/* One chunk's points, in service order, appended to out. */
static sn_err points_read(store *s, int64_t chunk, buf *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT points FROM dir_points WHERE chunk = ?", "i", chunk);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		rc = buf_append(out, p, n - n % DIR_POINT);
	}
	store_done(st);
	return rc;
}

sn_err dir_points_chunks(store *s, int64_t *last)
{
	*last = -1;
	sn_err rc = store_one_i64(s, last, "SELECT coalesce(max(chunk), -1) FROM dir_points", "");
	return rc;
}

/* ---- name order ---- */

#define CHUNK_IDS ((size_t)1 << CHUNK_BITS)

static uint32_t ord_at(const uint8_t *p)
{
	return dir_posting_id(p);
}

static void ord_put(uint8_t *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

/* One chunk of numbers, always CHUNK_IDS of them (zeros when missing). */
static sn_err names_chunk(store *s, int64_t chunk, uint8_t *out)
{
	memset(out, 0, CHUNK_IDS * 4);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT ords FROM dir_names WHERE chunk = ?", "i", chunk);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		memcpy(out, p, n < CHUNK_IDS * 4 ? n : CHUNK_IDS * 4);
	}
	store_done(st);
	return rc;
}

static sn_err names_write(store *s, int64_t chunk, const uint8_t *ords)
{
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s, "INSERT INTO dir_names (chunk, ords) VALUES (?, ?) "
				  "ON CONFLICT (chunk) DO UPDATE SET ords = excluded.ords", &st);
	if (!rc)
		rc = store_bind_i64(st, 1, chunk);
	if (!rc)
		rc = store_bind_blob(st, 2, ords, CHUNK_IDS * 4);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

/* Every published service numbered afresh in (name, id) order, spread
 * evenly over 1 .. 2^32 - 1. */
static sn_err names_rebuild(store *s)
{
	int64_t n = 0, top = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM dir_services WHERE moderation = 'published'", "");
	if (!rc)
		rc = store_one_i64(s, &top, "SELECT coalesce(max(id), 0) FROM dir_services", "");
	if (!rc)
		rc = store_run(s, "DELETE FROM dir_names", "");
	if (rc || top <= 0 || top > (int64_t)UINT32_MAX)
		return rc;
	size_t chunks = (size_t)(top >> CHUNK_BITS) + 1;
	uint8_t **c = xcalloc(chunks, sizeof *c);
	uint64_t gap = (uint64_t)UINT32_MAX / ((uint64_t)n + 1), i = 0;
	store_stmt *st = NULL;
	rc = store_query(s, &st, "SELECT id FROM dir_services WHERE moderation = 'published' ORDER BY name, id", "");
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t id = store_col_i64(st, 0);
		if (id <= 0 || id > top)
			continue;
		size_t k = (size_t)(id >> CHUNK_BITS);
		if (!c[k])
			c[k] = xcalloc(CHUNK_IDS, 4);
		ord_put(c[k] + ((size_t)id & (CHUNK_IDS - 1)) * 4, (uint32_t)(++i * gap));
	}
	store_done(st);
	for (size_t k = 0; k < chunks; k++) {
		if (!rc && c[k])
			rc = names_write(s, (int64_t)k, c[k]);
		free(c[k]);
	}
	free(c);
	return rc;
}

/* A service's number after its row changed: 0 when it is not published;
 * unchanged while it still sorts between its neighbours; else the middle
 * of theirs, or everyone numbered again when there is no room. */
static sn_err names_place(store *s, int64_t id)
{
	store_stmt *st = NULL;
	char *name = NULL;
	sn_err rc = store_query(s, &st, "SELECT name FROM dir_services WHERE id = ? AND moderation = 'published'",
				"i", id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		name = xstrdup(store_col_text(st, 0));
	store_done(st);
	uint8_t *mine = xmalloc(CHUNK_IDS * 4), *other = xmalloc(CHUNK_IDS * 4);
	int64_t chunk = id >> CHUNK_BITS;
	if (!rc)
		rc = names_chunk(s, chunk, mine);
	uint8_t *slot = mine + ((size_t)id & (CHUNK_IDS - 1)) * 4;
	uint32_t now = ord_at(slot), want = now;
	int64_t lo = 0, hi = (int64_t)UINT32_MAX; /* the neighbours' numbers */
	for (int side = 0; side < 2 && !rc && name; side++) {
		rc = store_query(s, &st, side == 0
			? "SELECT id FROM dir_services WHERE moderation = 'published' AND (name, id) < (?, ?) "
			  "ORDER BY name DESC, id DESC LIMIT 1"
			: "SELECT id FROM dir_services WHERE moderation = 'published' AND (name, id) > (?, ?) "
			  "ORDER BY name, id LIMIT 1", "ti", name, id);
		row = false;
		if (!rc)
			rc = store_step(st, &row);
		int64_t nb = row && !rc ? store_col_i64(st, 0) : 0;
		store_done(st);
		if (rc || !nb)
			continue;
		uint32_t v;
		if (nb >> CHUNK_BITS == chunk)
			v = ord_at(mine + ((size_t)nb & (CHUNK_IDS - 1)) * 4);
		else if (!(rc = names_chunk(s, nb >> CHUNK_BITS, other)))
			v = ord_at(other + ((size_t)nb & (CHUNK_IDS - 1)) * 4);
		else
			break;
		if (side == 0)
			lo = v;
		else
			hi = v;
	}
	bool renumber = false;
	if (!rc && !name)
		want = 0;
	else if (!rc && !((int64_t)now > lo && (int64_t)now < hi)) {
		if (hi - lo >= 2)
			want = (uint32_t)(lo + (hi - lo) / 2);
		else
			renumber = true;
	}
	if (!rc && renumber)
		rc = names_rebuild(s);
	else if (!rc && want != now) {
		ord_put(slot, want);
		rc = names_write(s, chunk, mine);
	}
	free(mine);
	free(other);
	free(name);
	return rc;
}

sn_err dir_names_read(store *s, int64_t chunk, uint8_t *out)
{
	return names_chunk(s, chunk, out);
}

/* ---- the chunks' cache ---- */

/* A chunk read once, shared by the searches that want it: the table holds
 * one reference while it is current, each reader another. */
typedef struct {
	dir_chunk c;
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

void dir_chunk_cache_free(void)
{
	pthread_mutex_lock(&cache_lock);
	cache_drop();
	cache.gen = -1;
	pthread_mutex_unlock(&cache_lock);
}

void dir_chunk_release(const dir_chunk *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&cache_lock);
	unref((cached *)(uintptr_t)c); /* the first member of its entry */
	pthread_mutex_unlock(&cache_lock);
}

sn_err dir_chunk_get(store *s, int kind, int64_t chunk, int64_t gen, const dir_chunk **out)
{
	*out = NULL;
	if ((kind != DIR_CHUNK_POINTS && kind != DIR_CHUNK_NAMES) || chunk < 0 || chunk > (int64_t)UINT32_MAX)
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
	if (kind == DIR_CHUNK_POINTS)
		rc = points_read(s, chunk, &b);
	else {
		uint8_t *ords = xmalloc(CHUNK_IDS * 4);
		rc = names_chunk(s, chunk, ords);
		if (!rc)
			rc = buf_append(&b, ords, CHUNK_IDS * 4);
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

/* ---- keeping it in step ---- */

sn_err dir_words_state(store *s, dir_words_stats *out)
{
	*out = (dir_words_stats){0};
	if (store_kind_of(s) != STORE_SQLITE)
		return SN_OK;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT built, docs, tokens, gen FROM dir_words_state WHERE id = 1", "");
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		out->built = store_col_i64(st, 0) != 0;
		out->docs = store_col_i64(st, 1);
		out->tokens = store_col_i64(st, 2);
		out->gen = store_col_i64(st, 3);
	}
	store_done(st);
	return rc;
}

sn_err dir_index_service(store *s, int64_t service_id)
{
	bool pg = store_kind_of(s) == STORE_POSTGRES;
	if (pg) {
		sn_err rc = store_run(s, "DELETE FROM dir_search WHERE service_id = ?", "i", service_id);
		/* Name, description, and the names and codes of its taxonomy
		 * terms (so "lunch club" finds what is tagged so). */
		if (!rc)
			rc = store_run(s,
				"INSERT INTO dir_search (service_id, doc) SELECT s.id, "
				"setweight(to_tsvector('english', s.name), 'A') || "
				"setweight(to_tsvector('english', coalesce((SELECT string_agg(tt.name || ' ' || "
				"replace(coalesce(tt.code, ''), '-', ' '), ' ') FROM dir_attributes t JOIN "
				"dir_taxonomy_terms tt ON tt.id = t.taxonomy_term_id WHERE t.link_entity = 'service' "
				"AND t.link_id = s.id), '')), 'B') || "
				"setweight(to_tsvector('english', s.description), 'C') "
				"FROM dir_services s WHERE s.id = ? AND s.moderation = 'published'", "i", service_id);
		return rc;
	}
	if (service_id <= 0 || service_id > (int64_t)UINT32_MAX)
		return SN_EINPUT;
	dir_words_stats stats;
	sn_err rc = dir_words_state(s, &stats);
	store_tokenizer *t = NULL;
	doc old = {0}, now = {0};
	bool had = false, has = false;
	if (!rc && stats.built && !(rc = store_tokenizer_open(DIR_TOKENIZER, &t)))
		rc = doc_of(s, t, service_id, &old, &had);
	if (!rc)
		rc = store_run(s, "DELETE FROM dir_search WHERE rowid = ?", "i", service_id);
	if (!rc)
		rc = store_run(s,
			"INSERT INTO dir_search (rowid, name, description, terms) SELECT s.id, s.name, "
			"s.description, coalesce((SELECT group_concat(tt.name || ' ' || "
			"replace(coalesce(tt.code, ''), '-', ' '), ' ') FROM dir_attributes t JOIN "
			"dir_taxonomy_terms tt ON tt.id = t.taxonomy_term_id WHERE t.link_entity = 'service' "
			"AND t.link_id = s.id), '') FROM dir_services s WHERE s.id = ? "
			"AND s.moderation = 'published'", "i", service_id);
	if (!rc && stats.built)
		rc = doc_of(s, t, service_id, &now, &has);
	/* Both word lists are sorted: one walk through them. */
	size_t i = 0, k = 0;
	while (!rc && stats.built && (i < old.n_words || k < now.n_words)) {
		int c = i == old.n_words ? 1 : k == now.n_words ? -1 : strcmp(old.words[i].w, now.words[k].w);
		if (c < 0)
			rc = chunk_put(s, old.words[i++].w, service_id, 0, 0);
		else if (c > 0 || old.words[i].tf != now.words[k].tf || old.len != now.len) {
			rc = chunk_put(s, now.words[k].w, service_id, now.words[k].tf, now.len);
			i += c == 0;
			k++;
		} else {
			i++;
			k++;
		}
	}
	if (!rc && stats.built && (had || has))
		rc = store_run(s, "UPDATE dir_words_state SET docs = docs + ?, tokens = tokens + ? WHERE id = 1",
			       "ii", (int64_t)has - (int64_t)had, (int64_t)now.len - (int64_t)old.len);
	/* The points of whatever the triggers marked (this service's
	 * locations, or a shared location's other services). */
	if (!rc && stats.built)
		rc = points_flush(s);
	if (!rc && stats.built)
		rc = names_place(s, service_id);
	/* Last, so that a search never caches what this replaced under the
	 * new number (without a transaction around the caller). */
	if (!rc && stats.built)
		rc = store_run(s, "UPDATE dir_words_state SET gen = gen + 1 WHERE id = 1", "");
	doc_free(&old);
	doc_free(&now);
	store_tokenizer_close(t);
	return rc;
}

sn_err dir_index_bulk(store *s)
{
	if (store_kind_of(s) != STORE_SQLITE)
		return SN_OK;
	return store_run(s, "UPDATE dir_words_state SET built = 0 WHERE id = 1", "");
}

/* ---- building it whole ---- */

/* One chunk's lists as they are built: word -> postings, in a hash table
 * of indexes into words. */
typedef struct {
	char *w;
	buf postings;
} built_list;

typedef struct {
	built_list *v;
	size_t n, cap;
	uint32_t *slots; /* index + 1; 0 empty */
	size_t n_slots;
} builder;

static uint64_t hash_of(const char *w)
{
	uint64_t h = 1469598103934665603ull;
	for (; *w; w++)
		h = (h ^ (uint8_t)*w) * 1099511628211ull;
	return h;
}

static void builder_grow(builder *b)
{
	size_t ns = b->n_slots ? b->n_slots * 2 : 1u << 14;
	free(b->slots);
	b->slots = xcalloc(ns, sizeof *b->slots);
	b->n_slots = ns;
	for (size_t i = 0; i < b->n; i++) {
		size_t h = hash_of(b->v[i].w) & (ns - 1);
		while (b->slots[h])
			h = (h + 1) & (ns - 1);
		b->slots[h] = (uint32_t)i + 1;
	}
}

static built_list *builder_list(builder *b, const char *w)
{
	if ((b->n + 1) * 2 > b->n_slots)
		builder_grow(b);
	size_t h = hash_of(w) & (b->n_slots - 1);
	while (b->slots[h]) {
		built_list *l = &b->v[b->slots[h] - 1];
		if (strcmp(l->w, w) == 0)
			return l;
		h = (h + 1) & (b->n_slots - 1);
	}
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4096;
		b->v = xrealloc(b->v, b->cap * sizeof *b->v);
	}
	built_list *l = &b->v[b->n];
	l->w = xstrdup(w);
	buf_init(&l->postings, (size_t)DIR_POSTING << (CHUNK_BITS + 1));
	b->slots[h] = (uint32_t)++b->n;
	return l;
}

static void builder_clear(builder *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].w);
		buf_free(&b->v[i].postings);
	}
	b->n = 0;
	if (b->slots)
		memset(b->slots, 0, b->n_slots * sizeof *b->slots);
}

static sn_err builder_flush(store *s, builder *b, int64_t chunk)
{
	sn_err rc = SN_OK;
	store_stmt *st = NULL;
	for (size_t i = 0; i < b->n && !rc; i++) {
		built_list *l = &b->v[i];
		rc = store_prepare(s, "INSERT INTO dir_words (word, chunk, n, postings) VALUES (?, ?, ?, ?)", &st);
		if (!rc)
			rc = store_bind_text(st, 1, l->w);
		if (!rc)
			rc = store_bind_i64(st, 2, chunk);
		if (!rc)
			rc = store_bind_i64(st, 3, (int64_t)(l->postings.len / DIR_POSTING));
		if (!rc)
			rc = store_bind_blob(st, 4, l->postings.data, l->postings.len);
		bool row = false;
		if (!rc)
			rc = store_step(st, &row);
		store_done(st);
	}
	builder_clear(b);
	return rc;
}

sn_err dir_index_rebuild(store *s, dir_index_progress_fn *progress, void *ctx)
{
	if (store_kind_of(s) != STORE_SQLITE)
		return SN_OK;
	bool own_tx = !store_in_tx(s);
	sn_err rc = own_tx ? store_begin_write(s) : SN_OK;
	if (rc)
		return rc;
	int64_t total = 0;
	if (progress)
		rc = store_one_i64(s, &total, "SELECT count(*) FROM dir_search", "");
	if (!rc)
		rc = store_run(s, "DELETE FROM dir_words", "");
	store_tokenizer *t = NULL;
	if (!rc)
		rc = store_tokenizer_open(DIR_TOKENIZER, &t);
	builder b = {0};
	doc d = {0};
	int64_t docs = 0, tokens = 0, chunk = -1;
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, "SELECT rowid, name, description, terms FROM dir_search ORDER BY rowid", "");
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t id = store_col_i64(st, 0);
		if (id <= 0 || id > (int64_t)UINT32_MAX)
			continue; /* never written by dir_index_service */
		if (id >> CHUNK_BITS != chunk) {
			rc = builder_flush(s, &b, chunk);
			chunk = id >> CHUNK_BITS;
		}
		char *c0 = xstrdup(store_col_text(st, 1)), *c1 = xstrdup(store_col_text(st, 2));
		const char *cols[3] = {c0, c1, store_col_text(st, 3)};
		if (!rc)
			rc = doc_read(t, &d, cols);
		free(c0);
		free(c1);
		for (size_t i = 0; i < d.n_words && !rc; i++) {
			uint8_t entry[DIR_POSTING];
			dir_posting_put(entry, (uint32_t)id, d.words[i].tf, d.len);
			rc = buf_append(&builder_list(&b, d.words[i].w)->postings, entry, DIR_POSTING);
		}
		docs++;
		tokens += d.len;
		if (progress && docs % 1024 == 0)
			progress(ctx, docs, docs, total);
	}
	store_done(st);
	if (!rc)
		rc = builder_flush(s, &b, chunk);
	builder_clear(&b);
	if (!rc)
		rc = points_rebuild(s);
	if (!rc)
		rc = names_rebuild(s);
	{
		uint64_t start = 0;
		randombytes_buf(&start, sizeof start);
		if (!rc)
			rc = store_run(s, "UPDATE dir_words_state SET built = 1, docs = ?, tokens = ?, gen = ? WHERE id = 1",
				       "iii", docs, tokens, (int64_t)(start >> 2));
	}
	if (progress && !rc)
		progress(ctx, docs, docs, total);
	free(b.v);
	free(b.slots);
	doc_free(&d);
	store_tokenizer_close(t);
	if (own_tx && rc)
		store_rollback(s);
	else if (own_tx)
		rc = store_commit(s);
	return rc;
}

sn_err dir_index_ready(store *s, dir_index_progress_fn *progress, void *ctx)
{
	dir_words_stats stats;
	sn_err rc = dir_words_state(s, &stats);
	if (rc || stats.built || store_kind_of(s) != STORE_SQLITE)
		return rc;
	return dir_index_rebuild(s, progress, ctx);
}

/* ---- reading ---- */

sn_err dir_words_list(store *s, const char *w, buf *out)
{
	out->len = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT postings FROM dir_words WHERE word = ? ORDER BY chunk", "t", w);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		size_t n = 0;
		const void *p = store_col_blob(st, 0, &n);
		rc = buf_append(out, p, n - n % DIR_POSTING);
	}
	store_done(st);
	return rc;
}
