/* One commissioners' table: its axes, its sums into a dc_table,
 * suppressed, and described for publishing (disclosure.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../plan/plan_rules.h"
#include "../plan/plan_store.h"
#include "insight.h"

static void axis_fixed(arena *a, ins_axis *ax, const char *const *keys, const char *const *words, size_t n)
{
	ax->n = n;
	ax->keys = arena_alloc(a, n * sizeof *ax->keys);
	ax->words = arena_alloc(a, n * sizeof *ax->words);
	for (size_t i = 0; i < n; i++) {
		ax->keys[i] = keys[i];
		ax->words[i] = words[i];
	}
}

/* One more entry at the end of an axis (copied into a). */
static void axis_append(arena *a, ins_axis *ax, const char *key, const char *word)
{
	const char **keys = arena_alloc(a, (ax->n + 1) * sizeof *keys);
	const char **words = arena_alloc(a, (ax->n + 1) * sizeof *words);
	if (ax->n) {
		memcpy(keys, ax->keys, ax->n * sizeof *keys);
		memcpy(words, ax->words, ax->n * sizeof *words);
	}
	keys[ax->n] = key;
	words[ax->n] = word;
	ax->keys = keys;
	ax->words = words;
	ax->n++;
}

/* An axis's keys and words. Localities and needs get a "not known" /
 * "other" entry, dropped later when it is empty. */
static sn_err axis_of(store *s, arena *a, const ins_spec *sp, ins_dim d, const char *from, const char *to,
		      ins_axis *ax)
{
	sn_err rc = SN_OK;
	const char *const *keys, *const *words;
	size_t n;
	switch (d) {
	case INS_MONTH: {
		int m = ins_months_between(from, to);
		ax->n = (size_t)m;
		ax->keys = arena_alloc(a, (size_t)m * sizeof *ax->keys);
		ax->words = arena_alloc(a, (size_t)m * sizeof *ax->words);
		for (int i = 0; i < m; i++) {
			char *k = arena_alloc(a, 8), w[32];
			ins_month_add(from, i, k);
			ins_month_words(k, w, sizeof w);
			ax->keys[i] = k;
			ax->words[i] = arena_strdup(a, w);
		}
		return SN_OK;
	}
	case INS_AGE:
		axis_fixed(a, ax, ins_age_keys, ins_age_words, 5);
		return SN_OK;
	case INS_CARER:
		axis_fixed(a, ax, ins_carer_keys, ins_carer_words, 2);
		return SN_OK;
	case INS_LOCALITY:
		rc = ins_localities(s, a, ax);
		if (!rc)
			axis_append(a, ax, "0", "Locality not known");
		return rc;
	case INS_DETAIL:
		if (ins_fixed_details(sp->kind, &keys, &words, &n)) {
			axis_fixed(a, ax, keys, words, n);
			return SN_OK;
		}
		if (sp->show == INS_SUPPLY || str_starts(sp->kind, "referral.")) {
			rc = ins_needs(s, a, ax);
			if (!rc)
				axis_append(a, ax, "other", "Other or none");
			return rc;
		}
		return ins_details_seen(s, a, sp->kind, from, to, ax);
	}
	return SN_EINTERNAL;
}

static long find(const ins_axis *ax, const char *key)
{
	for (size_t i = 0; i < ax->n; i++)
		if (str_eq(ax->keys[i], key))
			return (long)i;
	return -1;
}

/* Leaves out the axis entries whose line is empty and that are only there
 * in case ("not known", "other"), and the words the CSV uses as keys. */
static void drop_empty_extra(ins_axis *ax, const bool *used)
{
	size_t k = 0;
	if (ax->n <= 1)
		return;
	for (size_t i = 0; i < ax->n; i++) {
		bool spare = str_eq(ax->keys[i], "0") || str_eq(ax->keys[i], "other") || str_eq(ax->keys[i], "");
		if (spare && !used[i])
			continue;
		ax->keys[k] = ax->keys[i];
		ax->words[k] = ax->words[i];
		k++;
	}
	ax->n = k;
}

/* CSV column keys: lower case, words joined by "_". */
static const char *col_key(arena *a, const char *words)
{
	char *k = arena_strdup(a, words);
	size_t j = 0;
	for (const char *c = words; *c; c++) {
		char ch = *c;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			k[j++] = ch;
		else if (j && k[j - 1] != '_')
			k[j++] = '_';
	}
	while (j && k[j - 1] == '_')
		j--;
	k[j] = '\0';
	return k;
}

/* The directory's supply, kept in memory for INS_SUPPLY_SECONDS: the
 * directory changes by the day, and counting it is the one walk of a
 * whole table the figures would otherwise take on every page. Each
 * process keeps its own; a new process counts afresh. */
static pthread_mutex_t supply_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int64_t at;
	size_t n;
	struct {
		char row[64], col[24];
		int64_t n;
	} *cells;
} supply_cache;

static sn_err supply(store *s, arena *a, int64_t locality, ins_cell **cells, size_t *n)
{
	int64_t now = time_now();
	sn_err rc = SN_OK;
	pthread_mutex_lock(&supply_lock);
	if (!supply_cache.cells || now - supply_cache.at >= INS_SUPPLY_SECONDS || now < supply_cache.at) {
		arena *tmp = arena_new();
		ins_cell *got;
		size_t ng;
		rc = ins_supply(s, tmp, &got, &ng);
		if (!rc) {
			free(supply_cache.cells);
			supply_cache.cells = xcalloc(ng + 1, sizeof *supply_cache.cells);
			for (size_t i = 0; i < ng; i++) {
				snprintf(supply_cache.cells[i].row, sizeof supply_cache.cells[i].row, "%s", got[i].row);
				snprintf(supply_cache.cells[i].col, sizeof supply_cache.cells[i].col, "%s", got[i].col);
				supply_cache.cells[i].n = got[i].n;
			}
			supply_cache.n = ng;
			supply_cache.at = now;
		}
		arena_free(tmp);
	}
	*cells = arena_alloc(a, (supply_cache.n + 1) * sizeof **cells);
	*n = 0;
	char own[24];
	snprintf(own, sizeof own, "%lld", (long long)locality);
	for (size_t i = 0; !rc && i < supply_cache.n; i++) {
		if (locality > 0 && !str_eq(supply_cache.cells[i].col, own))
			continue;
		(*cells)[(*n)++] = (ins_cell){.row = arena_strdup(a, supply_cache.cells[i].row),
					      .col = arena_strdup(a, supply_cache.cells[i].col),
					      .n = supply_cache.cells[i].n};
	}
	pthread_mutex_unlock(&supply_lock);
	return rc;
}

/* Plans in force by locality and where their reviews stand today (the
 * plan feature works it out as the reviews queue does). */
static sn_err reviews_due(store *s, arena *a, int64_t locality, ins_cell **cells, size_t *n)
{
	review_due_count *rows;
	size_t nr;
	sn_err rc = review_due_by_locality(s, civil_of_time(time_now()), a, &rows, &nr);
	if (rc)
		return rc;
	*cells = arena_alloc(a, (3 * nr + 1) * sizeof **cells);
	*n = 0;
	for (size_t i = 0; i < nr; i++) {
		if (locality > 0 && rows[i].locality_id != locality)
			continue;
		const char *loc = arena_printf(a, "%lld", (long long)rows[i].locality_id);
		const int64_t v[3] = {rows[i].overdue, rows[i].due_soon, rows[i].not_due};
		static const char *const keys[3] = {"overdue", "due-soon", "not-due"};
		for (int k = 0; k < 3; k++)
			(*cells)[(*n)++] = (ins_cell){.row = loc, .col = keys[k], .n = v[k]};
	}
	return SN_OK;
}

/* Money and time: the cells count payments (or budgets, exchanges); the
 * figure beside a row is shown only where some month had 10 or more
 * people (a lower bound of the row's people); the total row's bound is the
 * largest of the rows'. */
static void lower_bounds(const ins_table *o, const ins_cell *people, size_t n_people, int64_t *who)
{
	for (size_t i = 0; i < n_people; i++) {
		long r = find(&o->rows, people[i].row);
		if (r < 0)
			continue;
		who[r] = people[i].n;
		if (people[i].n > who[o->rows.n])
			who[o->rows.n] = people[i].n;
	}
}

sn_err ins_build(store *s, arena *a, const ins_spec *spec, const char *from, const char *to, int64_t locality,
		 ins_table *o)
{
	memset(o, 0, sizeof *o);
	o->spec = *spec;
	sn_err rc = axis_of(s, a, spec, spec->rows, from, to, &o->rows);
	if (!rc)
		rc = axis_of(s, a, spec, spec->cols, from, to, &o->cols);
	/* One area's table: its own locality only. */
	char own[24];
	snprintf(own, sizeof own, "%lld", (long long)locality);
	for (int d = 0; d < 2 && !rc && locality > 0; d++) {
		ins_axis *ax = d ? &o->cols : &o->rows;
		if ((d ? spec->cols : spec->rows) != INS_LOCALITY)
			continue;
		size_t k = 0;
		for (size_t i = 0; i < ax->n; i++)
			if (str_eq(ax->keys[i], own)) {
				ax->keys[k] = ax->keys[i];
				ax->words[k++] = ax->words[i];
			}
		ax->n = k;
	}
	ins_cell *cells = NULL, *people = NULL;
	size_t n = 0, n_people = 0;
	if (!rc && spec->show == INS_SUPPLY)
		rc = supply(s, a, locality, &cells, &n);
	else if (!rc && spec->show == INS_REVIEWS_DUE)
		rc = reviews_due(s, a, locality, &cells, &n);
	else if (!rc)
		rc = ins_sums(s, a, spec->kind, from, to, spec->rows, spec->cols, locality, &cells, &n);
	if (!rc && (spec->show == INS_MONEY || spec->show == INS_HOURS))
		rc = ins_people(s, a, spec->kind, from, to, &people, &n_people);
	if (rc)
		return rc;
	/* Which lines are used, then the spare ones dropped. */
	bool *ru = arena_alloc(a, (o->rows.n + 1) * sizeof *ru), *cu = arena_alloc(a, (o->cols.n + 1) * sizeof *cu);
	memset(ru, 0, (o->rows.n + 1) * sizeof *ru);
	memset(cu, 0, (o->cols.n + 1) * sizeof *cu);
	for (size_t i = 0; i < n; i++) {
		long r = find(&o->rows, cells[i].row), c = find(&o->cols, cells[i].col);
		if (r >= 0 && c >= 0 && cells[i].n) {
			ru[r] = true;
			cu[c] = true;
		}
	}
	drop_empty_extra(&o->rows, ru);
	drop_empty_extra(&o->cols, cu);
	if (!o->rows.n || !o->cols.n || o->rows.n > DC_MAX_ROWS || o->cols.n > DC_MAX_COLS)
		return SN_ETOOBIG;
	o->t = arena_alloc(a, sizeof *o->t);
	dc_table_init(o->t, o->rows.n, o->cols.n);
	int64_t *money = arena_alloc(a, (o->rows.n + 1) * sizeof *money);
	int64_t *who = arena_alloc(a, (o->rows.n + 1) * sizeof *who);
	memset(money, 0, (o->rows.n + 1) * sizeof *money);
	memset(who, 0, (o->rows.n + 1) * sizeof *who);
	bool by_people = spec->show == INS_MONEY || spec->show == INS_HOURS;
	for (size_t i = 0; i < n; i++) {
		long r = find(&o->rows, cells[i].row), c = find(&o->cols, cells[i].col);
		if (r < 0 || c < 0)
			continue;
		dc_set(o->t, (size_t)r, (size_t)c, o->t->value[r][c] + cells[i].n);
		money[r] += cells[i].total;
		money[o->rows.n] += cells[i].total;
	}
	if (by_people)
		lower_bounds(o, people, n_people, who);
	rc = dc_suppress(o->t, NULL);
	if (rc)
		return rc;
	if (by_people) {
		for (size_t r = 0; r <= o->rows.n && spec->show == INS_HOURS; r++)
			money[r] = (money[r] + 30) / 60;
		o->extra = (dc_extra){.key = spec->show == INS_MONEY ? "amount" : "hours", .label = spec->money_label,
				      .money = spec->show == INS_MONEY, .values = money, .people = who};
	}
	const char **ck = arena_alloc(a, o->cols.n * sizeof *ck);
	for (size_t c = 0; c < o->cols.n; c++)
		ck[c] = col_key(a, o->cols.words[c]);
	static const char *const row_keys[] = {"month", "locality", "detail", "age_band", "carer"};
	static const char *const row_words[] = {"Month", "Locality", "Need", "Age band", "Carer status"};
	o->pub = (dc_published){.id = o->spec.name, .title = o->spec.title, .row_key = row_keys[spec->rows],
				.row_label = row_words[spec->rows], .row_labels = o->rows.words, .col_keys = ck,
				.col_labels = o->cols.words, .t = o->t, .extras = by_people ? &o->extra : NULL,
				.n_extras = by_people ? 1 : 0};
	if (spec->rows == INS_DETAIL && !str_starts(spec->kind, "referral.") && spec->show != INS_SUPPLY) {
		bool scheme = str_starts(spec->kind, "match");
		o->pub.row_label = scheme ? "Scheme" : "Kind";
		o->pub.row_key = scheme ? "scheme" : "kind";
	} else if (spec->rows == INS_DETAIL) {
		o->pub.row_key = "need";
	}
	if (spec->show == INS_REVIEWS_DUE)
		o->pub.title = o->spec.title;
	return SN_OK;
}
