/* The words of a search: cut into words (letters and digits only), each
 * with its synonyms, as the engine's query; every match of them scored
 * with FTS5's own bm25 from the word lists; and "did you mean" (the
 * nearest known word by edit distance). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"

size_t search_text_words(const char *text, char words[][64], size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t scanned = 0;
	while (*p && n < max && scanned < SEARCH_TEXT_MAX) {
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

/* Words that carry no meaning of their own in a phrase ("someone to talk
 * to", "help at home", "a lunch club for my mum"): left out when other
 * words remain, kept when they are all there is ("the"). Whole words only,
 * as typed (lower-cased), in order. */
static const char *const stop_words[] = {
	"a", "about", "an", "and", "any", "anyone", "anything", "are", "at", "by", "can", "could", "dad",
	"daughter", "do", "elderly", "father", "for", "from", "get", "getting", "go", "going", "gran",
	"grandad", "grandma", "granny", "help", "her", "him", "his", "husband", "i", "im", "in", "into",
	"is", "it", "like", "looking", "mam", "me", "mother", "mum", "my", "nan", "near", "nearby", "need",
	"needs", "of", "on", "or", "our", "people", "person", "please", "some", "somebody", "someone",
	"something", "somewhere", "son", "support", "the", "their", "them", "there", "to", "up", "us",
	"want", "we", "where", "who", "wife", "with", "would", "you", "your"};

/* Words that ask for a venue one can get into in a wheelchair: the
 * search reads them as the step-free filter (the venues' accessibility
 * descriptions), not as words of the text. */
static const char *const access_words[] = {"accessible", "stepfree", "wheelchair", "wheelchairs"};

static bool listed(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

bool search_stop_word(const char *w)
{
	return listed(w, stop_words, SN_ARRAY_LEN(stop_words));
}

bool search_access_word(const char *w)
{
	return listed(w, access_words, SN_ARRAY_LEN(access_words));
}

/* The words that count, in place: access words out (*step_free set), then
 * stop words out unless nothing else would be left. */
static size_t meaningful(char words[][64], size_t n, bool *step_free)
{
	size_t k = 0, content = 0;
	for (size_t i = 0; i < n; i++) {
		if (search_access_word(words[i])) {
			*step_free = true;
			continue;
		}
		content += !search_stop_word(words[i]);
		if (k != i)
			memcpy(words[k], words[i], 64);
		k++;
	}
	if (!content)
		return *step_free ? 0 : k;
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (!search_stop_word(words[i])) {
			if (m != i)
				memcpy(words[m], words[i], 64);
			m++;
		}
	return m;
}

const query_words *search_words_of(store *s, arena *a, const char *search_text)
{
	query_words *w = arena_alloc(a, sizeof *w);
	w->step_free = false;
	w->n = search_text_words(search_text, w->word, SEARCH_WORDS_MAX);
	w->n = meaningful(w->word, w->n, &w->step_free);
	for (size_t i = 0; i < w->n; i++) {
		char also[SEARCH_TEXT_MAX + 1] = "";
		search_store_synonyms_of(s, w->word[i], also);
		w->n_alt[i] = search_text_words(also, w->alt[i], SEARCH_WORDS_MAX);
	}
	return w->n || w->step_free ? w : NULL;
}

/* The text query in the engine's own syntax: every word must match, a word
 * or any of its synonyms ("lonely" OR "befriending" ...). The words are
 * letters and digits only, so nothing in them is syntax. NULL without words. */
const char *search_text_query(arena *a, bool pg, const query_words *w)
{
	if (!w || !w->n)
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

#define MAX_PHRASES (SEARCH_WORDS_MAX * (SEARCH_WORDS_MAX + 1))

#define MAX_LIST_BYTES ((size_t)SEARCH_POSTING * UINT32_MAX)

/* Every match of the words with FTS5's own bm25 (fts5_aux.c: k1 1.2,
 * b 0.75, each phrase's idf from how many services have it, the average
 * length from dir_words_state), so the order is the one FTS5 gives, from
 * a few contiguous lists instead of a size record read per match. All the
 * phrases' lists are walked together in id order: a service matches when
 * every word has a phrase in it. *done false when the lists cannot answer
 * (PostgreSQL, not built, a word that is not one token): FTS5 does. */
sn_err search_word_candidates(dsearch *x, cands *out, bool *done)
{
	*done = false;
	const search_words_stats stats = x->index;
	if (!stats.built || stats.docs <= 0)
		return SN_OK;
	sn_err rc = SN_OK;
	phrase ph[MAX_PHRASES];
	size_t np = 0;
	store_tokenizer *t = NULL;
	rc = store_tokenizer_open(SEARCH_TOKENIZER, &t);
	if (rc)
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
			rc = search_words_list(x->s, ph[i].token, &lists[nl]);
			ph[i].list = (int)nl++;
		}
		ph[i].n = lists[ph[i].list].len / SEARCH_POSTING;
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
			uint32_t last = search_posting_id((const uint8_t *)lists[ph[i].list].data +
						       (ph[i].n - 1) * SEARCH_POSTING);
			top = last + 1 > top ? last + 1 : top;
		}
	double *score = rc || !top ? NULL : xcalloc(top, sizeof *score);
	uint8_t *has = rc || !top ? NULL : xcalloc(top, 1);
	for (size_t i = 0; i < np && score; i++) {
		const uint8_t *p = (const uint8_t *)lists[ph[i].list].data;
		uint8_t bit = (uint8_t)(1u << ph[i].group);
		double idf = ph[i].idf;
		for (size_t k = 0; k < ph[i].n; k++, p += SEARCH_POSTING) {
			uint32_t id = search_posting_id(p);
			double freq = (double)search_posting_tf(p), d = (double)search_posting_len(p);
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
			search_cands_push(out, (cand){.id = id, .rank = (int64_t)(1e12 * rank), .distance = unknown});
		}
	free(score);
	free(has);
	free(in);
	for (size_t i = 0; i < nl; i++)
		buf_free(&lists[i]);
	*done = !rc;
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

static int cmp_word(const void *x, const void *y)
{
	return strcmp((const char *)x, (const char *)y);
}

/* The vocabulary of "did you mean" and of joined words: words of taxonomy
 * terms, synonyms and service names (a bounded sample), read once for
 * this request (in the arena); sorted and unique when asked, else in that
 * order (terms first: "did you mean" prefers them on a tie). */
static sn_err vocabulary(store *s, arena *a, bool sorted, char (**out)[64], size_t *n)
{
	size_t cap = 8192;
	char (*vocab)[64] = arena_alloc(a, cap * sizeof *vocab);
	*n = 0;
	sn_err rc = search_store_vocabulary(s, vocab, cap, n);
	*out = vocab;
	if (rc || !sorted)
		return rc;
	qsort(vocab, *n, sizeof *vocab, cmp_word);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (!k || strcmp(vocab[k - 1], vocab[i]) != 0)
			memmove(vocab[k++], vocab[i], 64);
	*n = k;
	return SN_OK;
}

static bool known(const char (*vocab)[64], size_t n, const char *w, size_t len)
{
	char key[64];
	if (len >= sizeof key)
		return false;
	memcpy(key, w, len);
	key[len] = 0;
	return bsearch(key, vocab, n, sizeof *vocab, cmp_word) != NULL;
}

static bool has_digit(const char *w)
{
	for (; *w; w++)
		if (*w >= '0' && *w <= '9')
			return true;
	return false;
}

size_t search_split_word(const char *w, const char (*vocab)[64], size_t n, char parts[3][64])
{
	size_t len = strlen(w);
	if (len < 6 || len > 63 || has_digit(w) || known(vocab, n, w, len))
		return 0;
	/* Two parts, the longer first part first ("lunchclub": lunch club). */
	for (size_t i = len - 3; i >= 3; i--)
		if (known(vocab, n, w, i) && known(vocab, n, w + i, len - i)) {
			snprintf(parts[0], 64, "%.*s", (int)i, w);
			snprintf(parts[1], 64, "%s", w + i);
			return 2;
		}
	/* Three ("knitandnatter": knit and natter). */
	for (size_t i = 3; i + 6 <= len; i++)
		for (size_t j = i + 3; j + 3 <= len && known(vocab, n, w, i); j++)
			if (known(vocab, n, w + i, j - i) && known(vocab, n, w + j, len - j)) {
				snprintf(parts[0], 64, "%.*s", (int)i, w);
				snprintf(parts[1], 64, "%.*s", (int)(j - i), w + i);
				snprintf(parts[2], 64, "%s", w + j);
				return 3;
			}
	return 0;
}

sn_err search_split_joined(store *s, arena *a, const char *search, const char **out)
{
	*out = NULL;
	char words[SEARCH_WORDS_MAX][64];
	size_t nw = search_text_words(search, words, SEARCH_WORDS_MAX);
	if (!nw)
		return SN_OK;
	char (*vocab)[64] = NULL;
	size_t n = 0;
	sn_err rc = vocabulary(s, a, true, &vocab, &n);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, SEARCH_TEXT_MAX * 2);
	bool changed = false;
	for (size_t i = 0; i < nw; i++) {
		char parts[3][64];
		size_t k = search_split_word(words[i], (const char (*)[64])vocab, n, parts);
		changed = changed || k;
		if (!k)
			buf_printf(&b, "%s%s", i ? " " : "", words[i]);
		for (size_t j = 0; j < k; j++)
			buf_printf(&b, "%s%s", i || j ? " " : "", parts[j]);
	}
	if (changed)
		*out = arena_strdup(a, b.data);
	buf_free(&b);
	return SN_OK;
}

sn_err search_did_you_mean(store *s, arena *a, const char *search, const char **out)
{
	*out = NULL;
	char words[SEARCH_WORDS_MAX][64];
	size_t nw = search_text_words(search, words, SEARCH_WORDS_MAX);
	if (!nw)
		return SN_OK;
	char (*vocab)[64] = NULL;
	size_t n = 0;
	sn_err rc = vocabulary(s, a, false, &vocab, &n);
	if (rc)
		return rc;
	buf b;
	buf_init(&b, SEARCH_TEXT_MAX * 2);
	bool changed = false;
	for (size_t i = 0; i < nw; i++) {
		int max = strlen(words[i]) <= 4 ? 1 : 2, best = max + 1;
		const char *pick = words[i];
		/* Numbers and postcodes ("AV1 2AB", "1") are not misspellings. */
		if (has_digit(words[i]))
			best = 0;
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
