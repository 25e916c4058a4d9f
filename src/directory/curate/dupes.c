/* Likely duplicates in the directory (see curate.h; merging is in
 * edit_store.c).
 * Two published services are likely duplicates when their names are alike
 * and they share a postcode, a phone number, an email or a web address.
 * Services are grouped by each of those keys in SQL; names are compared
 * only within a group, so the work grows with the groups, not with the
 * square of the directory. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curate_int.h"

#define GROUP_MAX 200 /* services compared within one key (a big building) */
#define NAME_MAX 128
#define DUP_SCORE 60          /* names this alike, sharing two things or more */
#define DUP_ONE_KEY_SCORE 75  /* names this alike, sharing one thing */

/* ---- name likeness ---- */

static int levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int prev[NAME_MAX + 1], cur[NAME_MAX + 1];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	return prev[lb];
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Lower-case words of letters and digits, sorted, dropping "the", "and",
 * "of" and the like; returns the count. */
static size_t words_of(const char *name, char store_[NAME_MAX + 1], char *words[32])
{
	static const char *const stop[] = {"the", "and", "of", "at", "for", "in", "a", "an", "on", "with"};
	size_t n = 0, k = 0;
	for (const char *p = name; *p && k < NAME_MAX; p++)
		store_[k++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : ' ';
	store_[k] = 0;
	char *save = NULL;
	for (char *tok = strtok_r(store_, " ", &save); tok && n < 32; tok = strtok_r(NULL, " ", &save)) {
		bool skip = false;
		for (size_t i = 0; i < SN_ARRAY_LEN(stop); i++)
			skip = skip || strcmp(stop[i], tok) == 0;
		if (!skip)
			words[n++] = tok;
	}
	qsort(words, n, sizeof *words, cmp_str);
	return n;
}

int curate_name_likeness(const char *a, const char *b)
{
	char sa[NAME_MAX + 1], sb[NAME_MAX + 1], ja[NAME_MAX + 1] = "", jb[NAME_MAX + 1] = "";
	char *wa[32], *wb[32];
	size_t na = words_of(a, sa, wa), nb = words_of(b, sb, wb);
	if (!na || !nb)
		return 0;
	/* Shared words over all words (each list is sorted). */
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		int c = strcmp(wa[i], wb[j]);
		if (c == 0)
			common++, i++, j++;
		else if (c < 0)
			i++;
		else
			j++;
	}
	int overlap = (int)(100 * common / (na + nb - common));
	/* The sorted words joined, as an edit distance ratio ("Lunch Club
	 * Northgate" and "Northgate Lunch Club" are the same). */
	for (size_t k = 0; k < na; k++)
		snprintf(ja + strlen(ja), sizeof ja - strlen(ja), "%s%s", k ? " " : "", wa[k]);
	for (size_t k = 0; k < nb; k++)
		snprintf(jb + strlen(jb), sizeof jb - strlen(jb), "%s%s", k ? " " : "", wb[k]);
	size_t longest = strlen(ja) > strlen(jb) ? strlen(ja) : strlen(jb);
	int ratio = longest ? (int)(100 - 100 * (size_t)levenshtein(ja, jb) / longest) : 0;
	return overlap > ratio ? overlap : ratio;
}

/* ---- finding pairs ---- */

typedef struct {
	int64_t a, b;
	unsigned why; /* bits: 1 postcode, 2 phone, 4 email, 8 web address */
	int score;
} pair;

typedef struct {
	pair *v;
	size_t n, cap;
} pairs;

static void add_pair(pairs *ps, int64_t a, int64_t b, unsigned why, int score)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->v = xrealloc(ps->v, ps->cap * sizeof *ps->v);
	}
	ps->v[ps->n++] = (pair){a < b ? a : b, a < b ? b : a, why, score};
}

typedef struct {
	int64_t id;
	char name[NAME_MAX + 1];
} member;

/* by_key's group: the services sharing the key read last. */
typedef struct {
	member *group;
	size_t n;
	char key[256];
	unsigned why;
	pairs *ps;
} grouping;

/* Compares the names within the group, then empties it. */
static void flush_group(grouping *g)
{
	for (size_t i = 0; i < g->n; i++)
		for (size_t j = i + 1; j < g->n; j++) {
			if (g->group[i].id == g->group[j].id)
				continue;
			int score = curate_name_likeness(g->group[i].name, g->group[j].name);
			if (score >= DUP_SCORE)
				add_pair(g->ps, g->group[i].id, g->group[j].id, g->why, score);
		}
	g->n = 0;
}

static sn_err on_key(void *ctx, const char *key, int64_t id, const char *name)
{
	grouping *g = ctx;
	if (strcmp(g->key, key) != 0)
		flush_group(g);
	snprintf(g->key, sizeof g->key, "%s", key);
	if (!*g->key || g->n == GROUP_MAX)
		return SN_OK;
	g->group[g->n].id = id;
	snprintf(g->group[g->n].name, sizeof g->group[g->n].name, "%s", name);
	g->n++;
	return SN_OK;
}

/* Reads (key, id, name) rows sorted by key and compares names within each
 * run of one key. */
static sn_err by_key(store *s, unsigned why, pairs *ps)
{
	grouping g = {.group = xmalloc(GROUP_MAX * sizeof *g.group), .why = why, .ps = ps};
	sn_err rc = curate_store_dup_keys(s, why, on_key, &g);
	flush_group(&g);
	free(g.group);
	return rc;
}

static int cmp_pair_ids(const void *x, const void *y)
{
	const pair *a = x, *b = y;
	return a->a != b->a ? (a->a < b->a ? -1 : 1) : a->b != b->b ? (a->b < b->b ? -1 : 1) : 0;
}

static int cmp_pair_rank(const void *x, const void *y)
{
	const pair *a = x, *b = y;
	int ka = __builtin_popcount(a->why), kb = __builtin_popcount(b->why);
	if (a->score != b->score)
		return b->score - a->score;
	if (ka != kb)
		return kb - ka;
	return cmp_pair_ids(x, y);
}

sn_err curate_duplicates(store *s, arena *a, size_t max, curate_dup_pair **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	pairs ps = {0};
	sn_err rc = SN_OK;
	for (unsigned why = 1; why <= 8 && !rc; why <<= 1)
		rc = by_key(s, why, &ps);
	if (rc) {
		free(ps.v);
		return rc;
	}
	/* One entry a pair, with every key it shares. */
	if (ps.n)
		qsort(ps.v, ps.n, sizeof *ps.v, cmp_pair_ids);
	size_t m = 0;
	for (size_t i = 0; i < ps.n; i++) {
		if (m && ps.v[m - 1].a == ps.v[i].a && ps.v[m - 1].b == ps.v[i].b)
			ps.v[m - 1].why |= ps.v[i].why;
		else
			ps.v[m++] = ps.v[i];
	}
	/* Names must be more alike when only one thing is shared (place names
	 * make "Hollins Green Walking Group" and "Hollins Green Peer Support
	 * Group" look closer than they are); and without the pairs a moderator
	 * said are not duplicates. */
	size_t k = 0;
	for (size_t i = 0; i < m && !rc; i++) {
		if (__builtin_popcount(ps.v[i].why) == 1 && ps.v[i].score < DUP_ONE_KEY_SCORE)
			continue;
		bool dismissed = false;
		rc = curate_store_dismissed(s, ps.v[i].a, ps.v[i].b, &dismissed);
		if (!dismissed)
			ps.v[k++] = ps.v[i];
	}
	if (k)
		qsort(ps.v, k, sizeof *ps.v, cmp_pair_rank);
	size_t n = k < max ? k : max;
	curate_dup_pair *res = arena_alloc(a, (n ? n : 1) * sizeof *res);
	static const char *const keys[] = {"postcode", "phone", "email", "web address"};
	for (size_t i = 0; i < n && !rc; i++) {
		char why[96] = "same ";
		int parts = __builtin_popcount(ps.v[i].why), done = 0;
		for (int b = 0; b < 4; b++) {
			if (!(ps.v[i].why & (1u << b)))
				continue;
			done++;
			snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s",
				 done == 1 ? "" : done == parts ? " and " : ", ", keys[b]);
		}
		res[i] = (curate_dup_pair){ps.v[i].a, ps.v[i].b, arena_strdup(a, why), ps.v[i].score};
	}
	free(ps.v);
	if (!rc) {
		*out = res;
		*n_out = n;
	}
	return rc;
}

