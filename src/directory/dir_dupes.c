/* Likely duplicates in the directory, and merging them (see dir_edit.h).
 * Two published services are likely duplicates when their names are alike
 * and they share a postcode, a phone number, an email or a web address.
 * Services are grouped by each of those keys in SQL; names are compared
 * only within a group, so the work grows with the groups, not with the
 * square of the directory. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir_edit.h"
#include "directory.h"
#include "search/search.h"

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

int dir_name_likeness(const char *a, const char *b)
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

/* Reads (key, id, name) rows sorted by key and compares names within each
 * run of one key. */
static sn_err by_key(store *s, const char *sql, unsigned why, pairs *ps)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, sql, "");
	member *group = xmalloc(GROUP_MAX * sizeof *group);
	size_t n = 0;
	char key[256] = "";
	bool row = true;
	for (;;) {
		if (!rc)
			rc = store_step(st, &row);
		bool flush = rc || !row || strcmp(key, store_col_text(st, 0)) != 0;
		if (flush) {
			for (size_t i = 0; i < n; i++)
				for (size_t j = i + 1; j < n; j++) {
					if (group[i].id == group[j].id)
						continue;
					int score = dir_name_likeness(group[i].name, group[j].name);
					if (score >= DUP_SCORE)
						add_pair(ps, group[i].id, group[j].id, why, score);
				}
			n = 0;
		}
		if (rc || !row)
			break;
		snprintf(key, sizeof key, "%s", store_col_text(st, 0));
		if (!*key || n == GROUP_MAX)
			continue;
		group[n].id = store_col_i64(st, 1);
		snprintf(group[n].name, sizeof group[n].name, "%s", store_col_text(st, 2));
		n++;
	}
	store_done(st);
	free(group);
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

#define PUB "s.moderation = 'published' AND s.merged_into IS NULL"

sn_err dir_duplicates(store *s, arena *a, size_t max, dir_dup_pair **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	pairs ps = {0};
	sn_err rc = by_key(s, "SELECT a.postal_code, s.id, s.name FROM dir_services s JOIN dir_service_at_locations sl "
			   "ON sl.service_id = s.id JOIN dir_addresses a ON a.location_id = sl.location_id WHERE " PUB
			   " ORDER BY a.postal_code, s.id", 1, &ps);
	if (!rc)
		rc = by_key(s, "SELECT replace(replace(p.number, ' ', ''), '-', ''), s.id, s.name FROM dir_phones p "
			    "LEFT JOIN dir_contacts c ON c.id = p.contact_id JOIN dir_services s ON s.id = "
			    "coalesce(p.service_id, c.service_id) WHERE " PUB " ORDER BY 1, s.id", 2, &ps);
	if (!rc)
		rc = by_key(s, "SELECT lower(s.email), s.id, s.name FROM dir_services s WHERE " PUB
			    " AND s.email IS NOT NULL ORDER BY 1, s.id", 4, &ps);
	if (!rc)
		rc = by_key(s, "SELECT lower(rtrim(replace(replace(s.url, 'https://', ''), 'http://', ''), '/')), "
			    "s.id, s.name FROM dir_services s WHERE " PUB " AND s.url IS NOT NULL ORDER BY 1, s.id",
			    8, &ps);
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
		int64_t dismissed = 0;
		rc = store_one_i64(s, &dismissed, "SELECT count(*) FROM dir_not_duplicates WHERE a_id = ? AND b_id = ?",
				   "ii", ps.v[i].a, ps.v[i].b);
		if (!dismissed)
			ps.v[k++] = ps.v[i];
	}
	if (k)
		qsort(ps.v, k, sizeof *ps.v, cmp_pair_rank);
	size_t n = k < max ? k : max;
	dir_dup_pair *res = arena_alloc(a, (n ? n : 1) * sizeof *res);
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
		res[i] = (dir_dup_pair){ps.v[i].a, ps.v[i].b, arena_strdup(a, why), ps.v[i].score};
	}
	free(ps.v);
	if (!rc) {
		*out = res;
		*n_out = n;
	}
	return rc;
}

/* ---- merging ---- */

sn_err dir_merge(store *s, int64_t keep, int64_t gone, const dir_actor *who, const char *now)
{
	if (keep == gone)
		return SN_EINPUT;
	char keep_uuid[37] = "", gone_uuid[37] = "", keep_name[256] = "", gone_name[256] = "";
	int found = 0;
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name FROM dir_services WHERE id IN (?, ?) AND "
				"moderation = 'published' AND merged_into IS NULL", "ii", keep, gone);
	while (!rc && !(rc = store_step(st, &row)) && row) {
		bool k = store_col_i64(st, 0) == keep;
		snprintf(k ? keep_uuid : gone_uuid, 37, "%s", store_col_text(st, 1));
		snprintf(k ? keep_name : gone_name, 256, "%s", store_col_text(st, 2));
		found++;
	}
	store_done(st);
	if (!rc && found != 2)
		return SN_ENOTFOUND;
	char note[600];
	/* Both histories first record what they were. */
	if (!rc)
		rc = dir_version_ensure(s, gone, now);
	if (!rc)
		rc = store_run(s, "UPDATE dir_services SET moderation = 'archived', merged_into = ?, last_modified = ? "
			       "WHERE id = ?", "iti", keep, now, gone);
	if (!rc)
		rc = store_run(s, "UPDATE dir_reports SET service_id = ? WHERE service_id = ? AND status = 'open'", "ii",
			       keep, gone);
	if (!rc)
		rc = store_run(s, "UPDATE dir_changes SET status = 'withdrawn', decided_at = ?, reason = ? WHERE "
			       "service_id = ? AND status = 'pending'", "tti", now,
			       "The entry was merged into another", gone);
	if (!rc)
		rc = search_index_service(s, gone); /* archived: out of the search */
	snprintf(note, sizeof note, "Merged into %s (%s)", keep_name, keep_uuid);
	if (!rc)
		rc = dir_version_add(s, gone, "merged", who, note, now, NULL);
	if (!rc)
		rc = dir_version_ensure(s, keep, now);
	snprintf(note, sizeof note, "%s (%s) merged into this entry", gone_name, gone_uuid);
	if (!rc)
		rc = dir_version_add(s, keep, "merged", who, note, now, NULL);
	return rc;
}
