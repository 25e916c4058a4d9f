/* The search's own lists (SQLite), kept in step with the services: for
 * each word as dir_search's
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
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"

#define CHUNK_BITS SEARCH_CHUNK_BITS
#define CHUNK_IDS SEARCH_CHUNK_IDS

void search_posting_put(uint8_t *p, uint32_t id, uint32_t tf, uint32_t len)
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
	char *cols[3];
	sn_err rc = search_index_text_of(s, id, cols, found);
	doc_reset(d);
	if (*found) {
		const char *cc[3] = {cols[0], cols[1], cols[2]};
		rc = doc_read(t, d, cc);
	}
	for (int c = 0; c < 3; c++)
		free(cols[c]);
	return rc;
}

/* ---- chunks ---- */

/* Puts (or with tf 0, takes out) a service's posting in one word's chunk. */
static sn_err chunk_put(store *s, const char *w, int64_t id, uint32_t tf, uint32_t len)
{
	int64_t chunk = id >> CHUNK_BITS;
	buf b;
	buf_init(&b, ((size_t)1 << CHUNK_BITS) * SEARCH_POSTING + 2 * SEARCH_POSTING);
	sn_err rc = search_index_words_read(s, w, chunk, &b);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	/* The first posting at or after id. */
	size_t n = b.len / SEARCH_POSTING, lo = 0, hi = n;
	const uint8_t *v = (const uint8_t *)b.data;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (search_posting_id(v + mid * SEARCH_POSTING) < (uint32_t)id)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool there = lo < n && search_posting_id(v + lo * SEARCH_POSTING) == (uint32_t)id;
	uint8_t entry[SEARCH_POSTING];
	search_posting_put(entry, (uint32_t)id, tf, len);
	if (tf && there)
		memcpy(b.data + lo * SEARCH_POSTING, entry, SEARCH_POSTING);
	else if (tf) {
		rc = buf_append(&b, entry, SEARCH_POSTING); /* room, then move the tail up */
		if (!rc)
			memmove(b.data + (lo + 1) * SEARCH_POSTING, b.data + lo * SEARCH_POSTING,
				(n - lo) * SEARCH_POSTING);
		if (!rc)
			memcpy(b.data + lo * SEARCH_POSTING, entry, SEARCH_POSTING);
		n++;
	} else if (there) {
		memmove(b.data + lo * SEARCH_POSTING, b.data + (lo + 1) * SEARCH_POSTING, (n - lo - 1) * SEARCH_POSTING);
		n--;
	} else {
		buf_free(&b);
		return SN_OK;
	}
	if (!rc)
		rc = search_index_words_write(s, w, chunk, b.data, n);
	buf_free(&b);
	return rc;
}

/* ---- points ---- */

void search_point_put(uint8_t *p, uint32_t id, uint32_t sal, int32_t lat_e6, int32_t lon_e6)
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
	uint32_t ia = search_posting_id(a), ib = search_posting_id(b);
	if (ia != ib)
		return ia < ib ? -1 : 1;
	uint32_t sa = search_point_sal(a), sb = search_point_sal(b);
	return sa < sb ? -1 : sa > sb;
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
		rc = search_index_stale_mark(s, l->v[i]);
	return rc;
}

/* Rewrites the points of every service in dir_points_stale, a chunk at a
 * time, and empties it. */
static sn_err points_flush(store *s)
{
	id_list left = {0};
	int64_t *ids = NULL;
	size_t n = 0;
	sn_err rc = search_index_stale_read(s, &ids, &n);
	buf b, old;
	buf_init(&b, BUF_MAX_DEFAULT * 16);
	buf_init(&old, BUF_MAX_DEFAULT * 16);
	for (size_t i = 0; i < n && !rc;) {
		int64_t chunk = ids[i] >> CHUNK_BITS;
		size_t j = i;
		while (j < n && ids[j] >> CHUNK_BITS == chunk)
			j++;
		/* The chunk without the stale services, then theirs as now. */
		b.len = 0;
		old.len = 0;
		rc = search_points_read(s, chunk, &old);
		const uint8_t *p = (const uint8_t *)old.data;
		size_t k = i;
		for (size_t at = 0; at + SEARCH_POINT <= old.len && !rc; at += SEARCH_POINT) {
			uint32_t id = search_posting_id(p + at);
			while (k < j && ids[k] < id)
				k++;
			if (k < j && ids[k] == id)
				continue;
			rc = buf_append(&b, p + at, SEARCH_POINT);
		}
		for (size_t k2 = i; k2 < j && !rc; k2++) {
			bool out = false;
			rc = search_index_points_of(s, ids[k2], &b, &out);
			if (out)
				ids_push(&left, ids[k2]);
		}
		if (!rc && b.len)
			qsort(b.data, b.len / SEARCH_POINT, SEARCH_POINT, point_cmp);
		if (!rc)
			rc = search_index_points_write(s, chunk, &b);
		i = j;
	}
	buf_free(&b);
	buf_free(&old);
	free(ids);
	if (!rc && n)
		rc = search_index_stale_clear(s);
	if (!rc)
		rc = stale_again(s, &left);
	free(left.v);
	return rc;
}

/* points_rebuild's pass: the points of one chunk of services at a time. */
typedef struct {
	store *s;
	buf b;
	int64_t chunk;
	id_list left;
} points_pass;

static sn_err rebuild_point(void *ctx, int64_t id, const uint8_t *e)
{
	points_pass *pp = ctx;
	sn_err rc = SN_OK;
	if (id >> CHUNK_BITS != pp->chunk) {
		if (pp->b.len) {
			qsort(pp->b.data, pp->b.len / SEARCH_POINT, SEARCH_POINT, point_cmp);
			rc = search_index_points_write(pp->s, pp->chunk, &pp->b);
		}
		pp->b.len = 0;
		pp->chunk = id >> CHUNK_BITS;
	}
	if (!e)
		ids_push(&pp->left, id);
	else if (!rc)
		rc = buf_append(&pp->b, e, SEARCH_POINT);
	return rc;
}

/* Every service's points, from the tables, in one pass. */
static sn_err points_rebuild(store *s)
{
	points_pass pp = {.s = s, .chunk = -1};
	sn_err rc = search_index_points_clear(s);
	buf_init(&pp.b, BUF_MAX_DEFAULT * 16);
	if (!rc)
		rc = search_index_each_point(s, rebuild_point, &pp);
	if (!rc && pp.b.len) {
		qsort(pp.b.data, pp.b.len / SEARCH_POINT, SEARCH_POINT, point_cmp);
		rc = search_index_points_write(s, pp.chunk, &pp.b);
	}
	buf_free(&pp.b);
	if (!rc)
		rc = search_index_stale_clear(s);
	if (!rc)
		rc = stale_again(s, &pp.left);
	free(pp.left.v);
	return rc;
}

/* ---- name order ---- */

static uint32_t ord_at(const uint8_t *p)
{
	return search_posting_id(p);
}

static void ord_put(uint8_t *p, uint32_t v)
{
	for (int k = 0; k < 4; k++)
		p[k] = (uint8_t)(v >> (8 * k));
}

/* names_rebuild's pass: every published service in (name, id) order. */
typedef struct {
	uint8_t **c;
	int64_t top;
	uint64_t gap, i;
} names_pass;

static void number_one(void *ctx, int64_t id)
{
	names_pass *np = ctx;
	if (id <= 0 || id > np->top)
		return;
	size_t k = (size_t)(id >> CHUNK_BITS);
	if (!np->c[k])
		np->c[k] = xcalloc(CHUNK_IDS, 4);
	ord_put(np->c[k] + ((size_t)id & (CHUNK_IDS - 1)) * 4, (uint32_t)(++np->i * np->gap));
}

/* Every published service numbered afresh in (name, id) order, spread
 * evenly over 1 .. 2^32 - 1. */
static sn_err names_rebuild(store *s)
{
	int64_t n = 0, top = 0;
	sn_err rc = search_index_names_start(s, &n, &top);
	if (rc || top <= 0 || top > (int64_t)UINT32_MAX)
		return rc;
	size_t chunks = (size_t)(top >> CHUNK_BITS) + 1;
	names_pass np = {.c = xcalloc(chunks, sizeof *np.c), .top = top,
			 .gap = (uint64_t)UINT32_MAX / ((uint64_t)n + 1)};
	rc = search_index_each_by_name(s, number_one, &np);
	for (size_t k = 0; k < chunks; k++) {
		if (!rc && np.c[k])
			rc = search_index_names_write(s, (int64_t)k, np.c[k]);
		free(np.c[k]);
	}
	free(np.c);
	return rc;
}

/* A service's number after its row changed: 0 when it is not published;
 * unchanged while it still sorts between its neighbours; else the middle
 * of theirs, or everyone numbered again when there is no room. */
static sn_err names_place(store *s, int64_t id)
{
	char *name = NULL;
	sn_err rc = search_index_published_name(s, id, &name);
	uint8_t *mine = xmalloc(CHUNK_IDS * 4), *other = xmalloc(CHUNK_IDS * 4);
	int64_t chunk = id >> CHUNK_BITS;
	if (!rc)
		rc = search_names_read(s, chunk, mine);
	uint8_t *slot = mine + ((size_t)id & (CHUNK_IDS - 1)) * 4;
	uint32_t now = ord_at(slot), want = now;
	int64_t lo = 0, hi = (int64_t)UINT32_MAX; /* the neighbours' numbers */
	for (int side = 0; side < 2 && !rc && name; side++) {
		int64_t nb = 0;
		rc = search_index_name_neighbour(s, name, id, side == 1, &nb);
		if (rc || !nb)
			continue;
		uint32_t v;
		if (nb >> CHUNK_BITS == chunk)
			v = ord_at(mine + ((size_t)nb & (CHUNK_IDS - 1)) * 4);
		else if (!(rc = search_names_read(s, nb >> CHUNK_BITS, other)))
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
		rc = search_index_names_write(s, chunk, mine);
	}
	free(mine);
	free(other);
	free(name);
	return rc;
}

/* ---- keeping it in step ---- */

sn_err search_index_service(store *s, int64_t service_id)
{
	if (store_kind_of(s) == STORE_POSTGRES)
		return search_index_text_write(s, service_id);
	if (service_id <= 0 || service_id > (int64_t)UINT32_MAX)
		return SN_EINPUT;
	search_words_stats stats;
	sn_err rc = search_words_state(s, &stats);
	store_tokenizer *t = NULL;
	doc old = {0}, now = {0};
	bool had = false, has = false;
	if (!rc && stats.built && !(rc = store_tokenizer_open(SEARCH_TOKENIZER, &t)))
		rc = doc_of(s, t, service_id, &old, &had);
	if (!rc)
		rc = search_index_text_write(s, service_id);
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
		rc = search_index_state_add(s, (int64_t)has - (int64_t)had, (int64_t)now.len - (int64_t)old.len);
	/* The points of whatever the triggers marked (this service's
	 * locations, or a shared location's other services). */
	if (!rc && stats.built)
		rc = points_flush(s);
	if (!rc && stats.built)
		rc = names_place(s, service_id);
	/* Last, so that a search never caches what this replaced under the
	 * new number (without a transaction around the caller). */
	if (!rc && stats.built)
		rc = search_index_state_bump(s);
	doc_free(&old);
	doc_free(&now);
	store_tokenizer_close(t);
	return rc;
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
	buf_init(&l->postings, (size_t)SEARCH_POSTING << (CHUNK_BITS + 1));
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
	for (size_t i = 0; i < b->n && !rc; i++) {
		built_list *l = &b->v[i];
		rc = search_index_words_insert(s, l->w, chunk, l->postings.data, l->postings.len);
	}
	builder_clear(b);
	return rc;
}

/* search_index_rebuild's pass over every service's indexed text. */
typedef struct {
	store *s;
	store_tokenizer *t;
	builder b;
	doc d;
	int64_t docs, tokens, chunk, total;
	search_index_progress_fn *progress;
	void *ctx;
} rebuild_pass;

static sn_err rebuild_one(void *ctx, int64_t id, const char *const cols[3])
{
	rebuild_pass *rp = ctx;
	sn_err rc = SN_OK;
	if (id >> CHUNK_BITS != rp->chunk) {
		rc = builder_flush(rp->s, &rp->b, rp->chunk);
		rp->chunk = id >> CHUNK_BITS;
	}
	if (!rc)
		rc = doc_read(rp->t, &rp->d, cols);
	for (size_t i = 0; i < rp->d.n_words && !rc; i++) {
		uint8_t entry[SEARCH_POSTING];
		search_posting_put(entry, (uint32_t)id, rp->d.words[i].tf, rp->d.len);
		rc = buf_append(&builder_list(&rp->b, rp->d.words[i].w)->postings, entry, SEARCH_POSTING);
	}
	rp->docs++;
	rp->tokens += rp->d.len;
	if (rp->progress && rp->docs % 1024 == 0)
		rp->progress(rp->ctx, rp->docs, rp->docs, rp->total);
	return rc;
}

sn_err search_index_rebuild(store *s, search_index_progress_fn *progress, void *ctx)
{
	if (store_kind_of(s) != STORE_SQLITE)
		return SN_OK;
	bool own_tx = !store_in_tx(s);
	sn_err rc = own_tx ? store_begin_write(s) : SN_OK;
	if (rc)
		return rc;
	rebuild_pass rp = {.s = s, .chunk = -1, .progress = progress, .ctx = ctx};
	if (progress)
		rc = search_index_text_count(s, &rp.total);
	if (!rc)
		rc = search_index_words_clear(s);
	if (!rc)
		rc = store_tokenizer_open(SEARCH_TOKENIZER, &rp.t);
	if (!rc)
		rc = search_index_each_text(s, rebuild_one, &rp);
	if (!rc)
		rc = builder_flush(s, &rp.b, rp.chunk);
	builder_clear(&rp.b);
	if (!rc)
		rc = points_rebuild(s);
	if (!rc)
		rc = names_rebuild(s);
	{
		uint64_t start = 0;
		randombytes_buf(&start, sizeof start);
		if (!rc)
			rc = search_index_state_built(s, rp.docs, rp.tokens, (int64_t)(start >> 2));
	}
	if (progress && !rc)
		progress(ctx, rp.docs, rp.docs, rp.total);
	free(rp.b.v);
	free(rp.b.slots);
	doc_free(&rp.d);
	store_tokenizer_close(rp.t);
	if (own_tx && rc)
		store_rollback(s);
	else if (own_tx)
		rc = store_commit(s);
	return rc;
}

sn_err search_index_ready(store *s, search_index_progress_fn *progress, void *ctx)
{
	search_words_stats stats;
	sn_err rc = search_words_state(s, &stats);
	if (rc || stats.built || store_kind_of(s) != STORE_SQLITE)
		return rc;
	return search_index_rebuild(s, progress, ctx);
}
