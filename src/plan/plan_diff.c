/* The difference between two versions of a plan, side by side: texts word by word, lists item by
 * item matched by id (pure; plan_show.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_show.h"

#define COLUMN_MAX (4u * 1024u * 1024u) /* one run of a column: far above a document's size */
#define TITLE_MAX  60                   /* characters of an item's title in a sentence */
#define QUOTE_MAX  80                   /* bytes of a value quoted in a sentence */
#define FIELDS_MAX 12

/* ---- columns: runs of one kind merged as they come ---- */

typedef struct {
	arena *a;
	buf run;
	plan_diff_op op;
	plan_diff_chunk *chunk;
	size_t n, cap;
} column;

static void col_init(column *c, arena *a)
{
	memset(c, 0, sizeof *c);
	c->a = a;
	buf_init(&c->run, COLUMN_MAX);
}

static void col_flush(column *c)
{
	if (!c->run.len)
		return;
	c->chunk = arena_grow(c->a, c->chunk, c->n, &c->cap, sizeof *c->chunk);
	c->chunk[c->n].op = c->op;
	c->chunk[c->n++].text = arena_strndup(c->a, c->run.data, c->run.len);
	buf_reset(&c->run);
}

static sn_err col_put(column *c, plan_diff_op op, const char *s, size_t n)
{
	if (!c || !n)
		return SN_OK;
	if (op != c->op)
		col_flush(c);
	c->op = op;
	return buf_append(&c->run, s, n);
}

static sn_err col_puts(column *c, plan_diff_op op, const char *s)
{
	return col_put(c, op, s, strlen(s));
}

static void col_done(column *c, plan_diff_column *out)
{
	col_flush(c);
	out->n = c->n;
	out->chunk = c->chunk;
	buf_free(&c->run);
}

/* ---- words ---- */

/* A word and the whitespace after it. Two words are the same when their
 * letters and their break (a space, a line break, a paragraph break) are:
 * so a new paragraph shows, and two spaces for one do not. The last word's
 * break (none) matches any, so that words added at the end mark only
 * themselves. */
typedef struct {
	uint32_t start, len, space, hash;
	uint8_t brk;
} word;

typedef struct {
	arena *a;
	size_t work_left;
	bool whole; /* the current row fell back to a whole text */
} dctx;

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The words of s into w (NULL to count only); returns how many, and the
 * bytes of whitespace before the first in *lead. */
static size_t words_of(const char *s, word *w, size_t *lead)
{
	size_t i = 0, n = 0;
	while (is_space(s[i]))
		i++;
	*lead = i;
	while (s[i]) {
		size_t start = i;
		uint32_t h = 2166136261u;
		while (s[i] && !is_space(s[i]))
			h = (h ^ (unsigned char)s[i++]) * 16777619u;
		size_t end = i, lines = 0;
		while (is_space(s[i]))
			lines += s[i++] == '\n';
		if (w) {
			w[n].start = (uint32_t)start;
			w[n].len = (uint32_t)(end - start);
			w[n].space = (uint32_t)(i - end);
			w[n].hash = h;
			w[n].brk = !s[i] ? 0 : lines == 0 ? 1 : lines == 1 ? 2 : 3;
		}
		n++;
	}
	return n;
}

static bool word_eq(const char *ta, const word *a, const char *tb, const word *b)
{
	return a->hash == b->hash && a->len == b->len && (a->brk == b->brk || !a->brk || !b->brk) &&
	       memcmp(ta + a->start, tb + b->start, a->len) == 0;
}

/* Whether a and b have the same words and breaks (no allocation). */
static bool text_same(const char *a, const char *b)
{
	size_t ia = 0, ib = 0;
	for (;;) {
		while (is_space(a[ia]))
			ia++;
		while (is_space(b[ib]))
			ib++;
		if (!a[ia] || !b[ib])
			return !a[ia] && !b[ib];
		size_t la = strcspn(a + ia, " \t\n\r"), lb = strcspn(b + ib, " \t\n\r");
		if (la != lb || memcmp(a + ia, b + ib, la) != 0)
			return false;
		ia += la;
		ib += lb;
		size_t na = 0, nb = 0;
		for (; is_space(a[ia]); ia++)
			na += a[ia] == '\n';
		for (; is_space(b[ib]); ib++)
			nb += b[ib] == '\n';
		bool end_a = !a[ia], end_b = !b[ib];
		if (!end_a && !end_b && (na > 1 ? 2 : na) != (nb > 1 ? 2 : nb))
			return false;
	}
}

/* Marks in keep_a and keep_b the words of a longest common subsequence of
 * a[0..na) and b[0..nb): Myers' O(ND) greedy algorithm, keeping the
 * furthest x reached on each diagonal at each step (row d of trace, d*d
 * onwards, 2d+1 values) for the way back. false, with nothing marked, past
 * PLAN_DIFF_EDITS_MAX edits or the work left. */
static bool myers(const char *ta, const word *a, int na, const char *tb, const word *b, int nb,
                  bool *keep_a, bool *keep_b, size_t *work_left)
{
	int dmax = na + nb < PLAN_DIFF_EDITS_MAX ? na + nb : PLAN_DIFF_EDITS_MAX;
	int off = dmax + 1, found = -1;
	int *v = xcalloc((size_t)(2 * dmax + 3), sizeof *v);
	int16_t *trace = xmalloc((size_t)(dmax + 1) * (size_t)(dmax + 1) * sizeof *trace);
	size_t work = 0;
	for (int d = 0; d <= dmax && found < 0 && work <= *work_left; d++) {
		for (int k = -d; k <= d; k += 2) {
			int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
			            ? v[off + k + 1]
			            : v[off + k - 1] + 1;
			int y = x - k;
			while (x < na && y < nb && word_eq(ta, &a[x], tb, &b[y])) {
				x++;
				y++;
				work++;
			}
			v[off + k] = x;
			work++;
			if (x >= na && y >= nb) {
				found = d;
				break;
			}
		}
		for (int k = -d; k <= d && found < 0; k++)
			trace[d * d + k + d] = (int16_t)v[off + k];
	}
	*work_left -= work < *work_left ? work : *work_left;
	int x = na, y = nb;
	for (int d = found; d > 0; d--) {
		int k = x - y;
		const int16_t *pv = trace + (d - 1) * (d - 1) + (d - 1); /* pv[k], |k| < d */
		bool down = k == -d || (k != d && pv[k - 1] < pv[k + 1]);
		int pk = down ? k + 1 : k - 1, px = pv[pk];
		int sx = down ? px : px + 1; /* where the snake of step d began */
		while (x > sx && y > sx - k) {
			keep_a[--x] = true;
			keep_b[--y] = true;
		}
		x = px;
		y = px - pk;
	}
	while (found >= 0 && x > 0 && y > 0) {
		keep_a[--x] = true;
		keep_b[--y] = true;
	}
	free(trace);
	free(v);
	return found >= 0;
}

/* One column of a compared text: its own words, those not kept marked op;
 * the space between two marked words marked too, so that "two words" is
 * one run. */
static sn_err emit_words(column *c, const char *t, size_t lead, const word *w, size_t n,
                         const bool *keep, plan_diff_op op)
{
	sn_err rc = col_put(c, PLAN_DIFF_SAME, t, lead);
	for (size_t i = 0; i < n && !rc; i++) {
		plan_diff_op mine = keep[i] ? PLAN_DIFF_SAME : op;
		plan_diff_op next = i + 1 < n && !keep[i + 1] ? op : PLAN_DIFF_SAME;
		rc = col_put(c, mine, t + w[i].start, w[i].len);
		if (!rc)
			rc = col_put(c, mine == next ? mine : PLAN_DIFF_SAME,
			             t + w[i].start + w[i].len, w[i].space);
	}
	return rc;
}

/* Compares the texts o and n (NULL is ""), into the columns co and cn
 * (either may be NULL: that side is not wanted); *changed when a word or
 * a break differs. */
static sn_err text_diff(dctx *x, const char *o, const char *n, column *co, column *cn,
                        bool *changed)
{
	o = o ? o : "";
	n = n ? n : "";
	*changed = !text_same(o, n);
	if (!*changed) {
		sn_err rc = col_puts(co, PLAN_DIFF_SAME, o);
		return rc ? rc : col_puts(cn, PLAN_DIFF_SAME, n);
	}
	size_t lo, ln, no = words_of(o, NULL, &lo), nn = words_of(n, NULL, &ln);
	bool fine = no <= PLAN_DIFF_WORDS_MAX && nn <= PLAN_DIFF_WORDS_MAX && x->work_left > 0;
	word *wo = NULL, *wn = NULL;
	bool *ko = NULL, *kn = NULL;
	sn_err rc = SN_OK;
	if (fine) {
		wo = xcalloc(no + 1, sizeof *wo);
		wn = xcalloc(nn + 1, sizeof *wn);
		ko = xcalloc(no + 1, sizeof *ko);
		kn = xcalloc(nn + 1, sizeof *kn);
		words_of(o, wo, &lo);
		words_of(n, wn, &ln);
		size_t p = 0, s = 0;
		for (; p < no && p < nn && word_eq(o, &wo[p], n, &wn[p]); p++)
			ko[p] = kn[p] = true;
		for (; s < no - p && s < nn - p && word_eq(o, &wo[no - 1 - s], n, &wn[nn - 1 - s]);
		     s++)
			ko[no - 1 - s] = kn[nn - 1 - s] = true;
		fine = myers(o, wo + p, (int)(no - p - s), n, wn + p, (int)(nn - p - s), ko + p,
		             kn + p, &x->work_left);
	}
	if (fine) {
		if (co)
			rc = emit_words(co, o, lo, wo, no, ko, PLAN_DIFF_REMOVED);
		if (!rc && cn)
			rc = emit_words(cn, n, ln, wn, nn, kn, PLAN_DIFF_ADDED);
	} else {
		x->whole = true;
		rc = col_puts(co, PLAN_DIFF_REMOVED, o);
		if (!rc)
			rc = col_puts(cn, PLAN_DIFF_ADDED, n);
	}
	free(wo);
	free(wn);
	free(ko);
	free(kn);
	return rc;
}

/* ---- lists: each item as fields ---- */

typedef enum { F_TEXT, F_VALUE, F_AMOUNT } field_kind;

typedef struct {
	const char *label;  /* "How it will be met" */
	const char *phrase; /* in a sentence: "how it will be met" */
	field_kind kind;    /* words compared; a value replaced whole (quoted, or not) */
	const char *value;  /* NULL or "" when none */
	const char *key;    /* compared instead of value when not NULL */
	int parent;         /* a field whose coming or going says it all, or -1 */
} field;

typedef struct {
	const char *id, *title;
	size_t n;
	field f[FIELDS_MAX];
} item;

static const char *const RING_LABEL[RING_COUNT] = {"closest to me", "friends and family",
                                                   "groups and activities I take part in",
                                                   "people paid to support me"};
static const char *const DEPLOY_LABEL[DEPLOY_COUNT] = {"a direct payment", "managed by the council",
                                                       "an individual service fund"};
static const char *const LEVEL_LABEL[5] = {
    "Much less than expected (-2)", "Less than expected (-1)", "Expected (0)",
    "More than expected (+1)", "Much more than expected (+2)"};
static const char *const LEVEL_PHRASE[5] = {
    "what much less than expected (-2) looks like", "what less than expected (-1) looks like",
    "what is expected (0) looks like", "what more than expected (+1) looks like",
    "what much more than expected (+2) looks like"};

static void add_field(item *it, const char *label, const char *phrase, field_kind kind,
                      const char *value)
{
	field *f = &it->f[it->n++];
	f->label = label;
	f->phrase = phrase;
	f->kind = kind;
	f->value = value && *value ? value : NULL;
	f->key = NULL;
	f->parent = -1;
}

static const char *weekly(arena *a, int64_t pence)
{
	char m[40];
	money_text(pence, m);
	return arena_printf(a, "%s a week", m);
}

static int64_t outcome_cost(const plan_doc *d, const char *id)
{
	int64_t sum = 0;
	for (size_t i = 0; i < d->n_lines && i < PLAN_LIST_MAX; i++)
		if (strcmp(d->lines[i].outcome, id) == 0)
			sum += d->lines[i].weekly_pence;
	return sum;
}

static void outcome_item(const plan_doc *d, size_t i, arena *a, item *it)
{
	const plan_outcome *o = &d->outcomes[i];
	it->id = o->id;
	it->title = o->words;
	add_field(it, "Outcome", "the words", F_TEXT, o->words);
	add_field(it, "How it will be met", "how it will be met", F_TEXT, o->how);
	add_field(it, "Who", "who", F_TEXT, o->who);
	int64_t cost = outcome_cost(d, o->id);
	add_field(it, "What it costs", "what it costs", F_AMOUNT, cost ? weekly(a, cost) : NULL);
	int goal = (int)it->n;
	add_field(it, "Scaled goal", "the scaled goal", F_VALUE,
	          o->has_goal ? arena_printf(a, "weight %lld", (long long)o->weight) : NULL);
	for (int l = 0; l < 5; l++) {
		add_field(it, LEVEL_LABEL[l], LEVEL_PHRASE[l], F_TEXT,
		          o->has_goal ? o->levels[l] : NULL);
		it->f[it->n - 1].parent = goal;
	}
}

static void person_item(const plan_doc *d, size_t i, arena *a, item *it)
{
	(void)a;
	const plan_person *p = &d->circle[i];
	it->id = p->id;
	it->title = p->name;
	add_field(it, "Name", "the name", F_TEXT, p->name);
	add_field(it, "Relationship", "the relationship", F_TEXT, p->relationship);
	add_field(it, "Ring", "the ring", F_VALUE,
	          (unsigned)p->ring < RING_COUNT ? RING_LABEL[p->ring] : NULL);
}

static void decision_item(const plan_doc *d, size_t i, arena *a, item *it)
{
	(void)a;
	const plan_decision *p = &d->decisions[i];
	it->id = p->id;
	it->title = p->decision;
	add_field(it, "Decision", "the decision", F_TEXT, p->decision);
	add_field(it, "Who decides", "who decides", F_TEXT, p->who);
	add_field(it, "How I want to be involved", "how I want to be involved", F_TEXT, p->involve);
}

static void risk_item(const plan_doc *d, size_t i, arena *a, item *it)
{
	(void)a;
	const plan_risk *p = &d->risks[i];
	it->id = p->id;
	it->title = p->risk;
	add_field(it, "Risk", "the risk", F_TEXT, p->risk);
	add_field(it, "How it is managed", "how it is managed", F_TEXT, p->managed);
	add_field(it, "Who", "who", F_TEXT, p->who);
}

static void line_item(const plan_doc *d, size_t i, arena *a, item *it)
{
	const plan_line *l = &d->lines[i];
	it->id = l->id;
	it->title = l->what;
	add_field(it, "What", "what it pays for", F_TEXT, l->what);
	add_field(it, "Cost", "the cost", F_AMOUNT, weekly(a, l->weekly_pence));
	add_field(it, "Paid as", "how it is paid", F_VALUE,
	          (unsigned)l->deploy < DEPLOY_COUNT ? DEPLOY_LABEL[l->deploy] : NULL);
	add_field(it, "Held by", "who holds it", F_VALUE,
	          str_eq(l->holder, "person") ? "the person" : l->holder);
	const char *meets = NULL;
	for (size_t o = 0; *l->outcome && o < d->n_outcomes && o < PLAN_LIST_MAX; o++)
		if (strcmp(d->outcomes[o].id, l->outcome) == 0)
			meets = d->outcomes[o].words;
	add_field(it, "Meets the outcome", "the outcome it meets", F_VALUE,
	          *l->outcome && !meets ? l->outcome : meets);
	it->f[it->n - 1].key = l->outcome;
	add_field(it, "Pooled budget", "the pooled budget", F_VALUE,
	          *l->pool ? arena_printf(a, "shared, pool %.8s", l->pool) : NULL);
	it->f[it->n - 1].key = l->pool;
}

typedef struct {
	const char *noun; /* "Outcome" */
	void (*make)(const plan_doc *d, size_t i, arena *a, item *it);
} list_kind;

static const list_kind *kind_of(plan_sec_type t)
{
	static const list_kind kinds[] = {
	    [PLAN_SEC_OUTCOMES] = {"Outcome", outcome_item},
	    [PLAN_SEC_CIRCLE] = {"Person", person_item},
	    [PLAN_SEC_DECISIONS] = {"Decision", decision_item},
	    [PLAN_SEC_RISKS] = {"Risk", risk_item},
	    [PLAN_SEC_LINES] = {"Line", line_item},
	};
	return (unsigned)t < SN_ARRAY_LEN(kinds) && kinds[t].make ? &kinds[t] : NULL;
}

static size_t list_len(plan_sec_type t, const plan_doc *d)
{
	size_t n = t == PLAN_SEC_OUTCOMES    ? d->n_outcomes
	           : t == PLAN_SEC_CIRCLE    ? d->n_circle
	           : t == PLAN_SEC_DECISIONS ? d->n_decisions
	           : t == PLAN_SEC_RISKS     ? d->n_risks
	           : t == PLAN_SEC_LINES     ? d->n_lines
	                                     : 0;
	return n < PLAN_LIST_MAX ? n : PLAN_LIST_MAX;
}

static bool field_same(const field *a, const field *b)
{
	if (!a->value || !b->value)
		return !a->value && !b->value;
	if (a->key && b->key)
		return strcmp(a->key, b->key) == 0;
	return a->kind == F_TEXT ? text_same(a->value, b->value) : strcmp(a->value, b->value) == 0;
}

/* ---- sentences ---- */

typedef struct {
	const char **s;
	size_t n, cap;
} notes;

static void note(arena *a, notes *ns, const char *s)
{
	ns->s = arena_grow(a, ns->s, ns->n, &ns->cap, sizeof *ns->s);
	ns->s[ns->n++] = s;
}

/* s on one line, at most TITLE_MAX characters (cut at a space when one is
 * near, then "…"); "(blank)" when it has no words. */
static const char *short_text(arena *a, const char *s, size_t max_chars)
{
	size_t len = s ? strlen(s) : 0, n = 0, chars = 0, cut = 0, last_space = 0;
	char *out = arena_alloc(a, len + 4);
	bool space = false, over = false;
	for (size_t i = 0; i < len; i++) {
		if (is_space(s[i])) {
			space = n > 0;
			continue;
		}
		bool lead = ((unsigned char)s[i] & 0xc0) != 0x80;
		if (lead && chars + (space ? 1 : 0) >= max_chars) {
			over = true;
			break;
		}
		if (space) {
			last_space = n;
			out[n++] = ' ';
			chars++;
			space = false;
		}
		out[n++] = s[i];
		chars += lead;
		cut = n;
	}
	if (!n)
		return "(blank)";
	if (over) {
		cut = last_space > n / 2 ? last_space : cut;
		memcpy(out + cut, "\xe2\x80\xa6", 3); /* … */
		n = cut + 3;
	}
	out[n] = 0;
	return out;
}

static bool quotable(const char *s)
{
	return strlen(s) <= QUOTE_MAX && !strpbrk(s, "\n\r");
}

/* The value of f in a sentence: "“closest to me”", "£140 a week". */
static const char *said(arena *a, const field *f)
{
	if (f->kind == F_AMOUNT)
		return f->value;
	return arena_printf(a, "\xe2\x80\x9c%s\xe2\x80\x9d", short_text(a, f->value, QUOTE_MAX));
}

/* Sentences for an item in both versions: one per field that changed. */
static void item_notes(arena *a, notes *ns, const char *noun, const item *o, const item *n)
{
	const char *who = arena_printf(a, "%s \xe2\x80\x9c%s\xe2\x80\x9d", noun,
	                               short_text(a, n->title, TITLE_MAX));
	for (size_t f = 0; f < n->n; f++) {
		const field *fo = &o->f[f], *fn = &n->f[f];
		if (field_same(fo, fn))
			continue;
		int p = fn->parent;
		if (p >= 0 && (!o->f[p].value || !n->f[p].value))
			continue; /* the parent's coming or going says it */
		if (!fo->value)
			note(a, ns, arena_printf(a, "%s: %s was added.", who, fn->phrase));
		else if (!fn->value)
			note(a, ns, arena_printf(a, "%s: %s was removed.", who, fn->phrase));
		else if (fn->kind == F_TEXT && !(quotable(fo->value) && quotable(fn->value)))
			note(a, ns, arena_printf(a, "%s: %s changed.", who, fn->phrase));
		else
			note(a, ns,
			     arena_printf(a, "%s: %s changed from %s to %s.", who, fn->phrase,
			                  said(a, fo), said(a, fn)));
	}
}

/* ---- rows ---- */

static sn_err put_line(column *c, plan_diff_op op, const field *f)
{
	sn_err rc = col_puts(c, op, f->label);
	if (!rc)
		rc = col_puts(c, op, ": ");
	if (!rc)
		rc = col_puts(c, op, f->value);
	return rc ? rc : col_puts(c, op, "\n");
}

/* A text field of an item in both versions: its words compared once, on
 * the older side, into c and pair (the newer side's chunks, kept for the
 * newer column); on the newer side, pair copied. Without a pair (an id
 * repeated, which the reader refuses), each side compares for itself. */
static sn_err text_field(dctx *x, column *c, const field *m, const field *t, plan_diff_op op,
                         plan_diff_column *pair)
{
	sn_err rc = SN_OK;
	bool changed;
	if (op == PLAN_DIFF_ADDED && !pair)
		return text_diff(x, t->value, m->value, NULL, c, &changed);
	if (op == PLAN_DIFF_ADDED) {
		for (size_t i = 0; i < pair->n && !rc; i++)
			rc = col_puts(c, pair->chunk[i].op, pair->chunk[i].text);
		return rc;
	}
	column other;
	col_init(&other, x->a);
	rc = text_diff(x, m->value, t->value, c, pair ? &other : NULL, &changed);
	col_done(&other, pair ? pair : &(plan_diff_column){0});
	return rc;
}

/* One item in its own version's column (older when op is REMOVED), its
 * fields compared with the other version's (theirs NULL: none there);
 * pair[f] carries text field f's newer chunks from the older column's
 * pass to the newer's. */
static sn_err emit_item(dctx *x, column *c, const item *mine, const item *theirs, plan_diff_op op,
                        plan_diff_column *pair)
{
	sn_err rc = SN_OK;
	for (size_t f = 0; f < mine->n && !rc; f++) {
		const field *m = &mine->f[f], *t = theirs ? &theirs->f[f] : NULL;
		if (!m->value)
			continue;
		if (!t || !t->value)
			rc = put_line(c, op, m);
		else if (field_same(m, t) && m->kind != F_TEXT)
			rc = put_line(c, PLAN_DIFF_SAME, m);
		else {
			rc = col_puts(c, PLAN_DIFF_SAME, m->label);
			if (!rc)
				rc = col_puts(c, PLAN_DIFF_SAME, ": ");
			if (!rc && m->kind != F_TEXT)
				rc = col_puts(c, op, m->value);
			else if (!rc)
				rc = text_field(x, c, m, t, op, pair ? &pair[f] : NULL);
			if (!rc)
				rc = col_puts(c, PLAN_DIFF_SAME, "\n");
		}
	}
	return rc;
}

static int find_item(const item *items, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Whether the items in both versions come in another order. */
static bool reordered(const int *match_old, size_t n_old, const int *match_new, size_t n_new)
{
	size_t j = 0;
	for (size_t i = 0; i < n_old; i++) {
		if (match_old[i] < 0)
			continue;
		while (j < n_new && match_new[j] < 0)
			j++;
		if (j >= n_new || match_old[i] != (int)j)
			return true;
		j++;
	}
	return false;
}

static sn_err list_columns(dctx *x, const item *io, size_t no, const int *mo, const item *in,
                           size_t nn, const int *mn, plan_diff_row *row)
{
	column co, cn;
	col_init(&co, x->a);
	col_init(&cn, x->a);
	plan_diff_column *pairs = arena_alloc(x->a, (nn + 1) * FIELDS_MAX * sizeof *pairs);
	sn_err rc = SN_OK;
	for (size_t i = 0; i < no && !rc; i++) {
		int j = mo[i];
		rc = i ? col_puts(&co, PLAN_DIFF_SAME, "\n") : SN_OK;
		if (!rc) /* a repeated id (which the reader refuses) keeps no pair */
			rc = emit_item(x, &co, &io[i], j >= 0 ? &in[j] : NULL, PLAN_DIFF_REMOVED,
			               j >= 0 && mn[j] == (int)i ? &pairs[(size_t)j * FIELDS_MAX]
			                                         : NULL);
	}
	for (size_t j = 0; j < nn && !rc; j++) {
		int i = mn[j];
		rc = j ? col_puts(&cn, PLAN_DIFF_SAME, "\n") : SN_OK;
		if (!rc)
			rc = emit_item(x, &cn, &in[j], i >= 0 ? &io[i] : NULL, PLAN_DIFF_ADDED,
			               i >= 0 && mo[i] == (int)j ? &pairs[j * FIELDS_MAX] : NULL);
	}
	col_done(&co, &row->older);
	col_done(&cn, &row->newer);
	return rc;
}

static sn_err list_row(dctx *x, const plan_doc *o, const plan_doc *n, plan_diff_row *row)
{
	const list_kind *k = kind_of(row->type);
	size_t no = list_len(row->type, o), nn = list_len(row->type, n);
	item *io = arena_alloc(x->a, (no + 1) * sizeof *io);
	item *in = arena_alloc(x->a, (nn + 1) * sizeof *in);
	int *mo = arena_alloc(x->a, (no + 1) * sizeof *mo);
	int *mn = arena_alloc(x->a, (nn + 1) * sizeof *mn);
	for (size_t i = 0; i < no; i++)
		k->make(o, i, x->a, &io[i]);
	for (size_t j = 0; j < nn; j++)
		k->make(n, j, x->a, &in[j]);
	for (size_t i = 0; i < no; i++)
		mo[i] = find_item(in, nn, io[i].id);
	for (size_t j = 0; j < nn; j++)
		mn[j] = find_item(io, no, in[j].id);
	notes ns = {0};
	for (size_t j = 0; j < nn; j++) {
		if (mn[j] < 0)
			note(x->a, &ns,
			     arena_printf(x->a, "%s added: \xe2\x80\x9c%s\xe2\x80\x9d.", k->noun,
			                  short_text(x->a, in[j].title, TITLE_MAX)));
		else
			item_notes(x->a, &ns, k->noun, &io[mn[j]], &in[j]);
	}
	for (size_t i = 0; i < no; i++)
		if (mo[i] < 0)
			note(x->a, &ns,
			     arena_printf(x->a, "%s removed: \xe2\x80\x9c%s\xe2\x80\x9d.", k->noun,
			                  short_text(x->a, io[i].title, TITLE_MAX)));
	if (reordered(mo, no, mn, nn))
		note(x->a, &ns, "The order changed.");
	row->changes = ns.s;
	row->n_changes = ns.n;
	row->changed = ns.n > 0;
	return list_columns(x, io, no, mo, in, nn, mn, row);
}

static const char *doc_text(const plan_doc *d, const char *key)
{
	for (size_t i = 0; i < d->n_text && i < PLAN_SECTIONS_MAX; i++)
		if (str_eq(d->text[i].key, key))
			return d->text[i].text ? d->text[i].text : "";
	return "";
}

static sn_err text_row(dctx *x, const plan_doc *o, const plan_doc *n, plan_diff_row *row)
{
	column co, cn;
	col_init(&co, x->a);
	col_init(&cn, x->a);
	sn_err rc =
	    text_diff(x, doc_text(o, row->key), doc_text(n, row->key), &co, &cn, &row->changed);
	col_done(&co, &row->older);
	col_done(&cn, &row->newer);
	return rc;
}

sn_err plan_diff_make(const plan_sections *secs, const plan_doc *older, const plan_doc *newer,
                      arena *a, plan_diff *out)
{
	if (!secs || !older || !newer || !a || !out || secs->n > PLAN_SECTIONS_MAX)
		return SN_EINPUT;
	memset(out, 0, sizeof *out);
	out->rows = arena_alloc(a, (secs->n + 1) * sizeof *out->rows);
	dctx x = {.a = a, .work_left = PLAN_DIFF_WORK_MAX};
	sn_err rc = SN_OK;
	for (size_t i = 0; i < secs->n && !rc; i++) {
		const plan_section *s = &secs->sec[i];
		plan_diff_row *row = &out->rows[out->n_rows++];
		row->key = arena_strdup(a, s->key ? s->key : "");
		row->heading = arena_strdup(a, s->heading ? s->heading : "");
		row->type = s->type;
		x.whole = false;
		rc = kind_of(s->type) ? list_row(&x, older, newer, row)
		                      : text_row(&x, older, newer, row);
		row->whole = x.whole;
		out->changed |= row->changed;
	}
	return rc;
}

/* ---- JSON ---- */

const char *plan_diff_op_key(plan_diff_op op)
{
	return op == PLAN_DIFF_REMOVED ? "removed" : op == PLAN_DIFF_ADDED ? "added" : "same";
}

static const char *type_key(plan_sec_type t)
{
	static const char *const keys[] = {"text",      "outcomes", "circle",
	                                   "decisions", "risks",    "lines"};
	return (unsigned)t < SN_ARRAY_LEN(keys) ? keys[t] : "text";
}

static json_t *column_json(const plan_diff_column *c)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "op",
		                                     plan_diff_op_key(c->chunk[i].op), "text",
		                                     c->chunk[i].text));
	return arr;
}

json_t *plan_diff_to_json(const plan_diff *d)
{
	json_t *sections = json_array();
	for (size_t i = 0; i < d->n_rows; i++) {
		const plan_diff_row *r = &d->rows[i];
		json_t *changes = json_array();
		for (size_t c = 0; c < r->n_changes; c++)
			json_array_append_new(changes, json_string(r->changes[c]));
		json_array_append_new(
		    sections, json_pack("{s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o}", "key", r->key,
		                        "heading", r->heading, "type", type_key(r->type), "changed",
		                        r->changed, "whole", r->whole, "changes", changes, "old",
		                        column_json(&r->older), "new", column_json(&r->newer)));
	}
	return json_pack("{s:b, s:o}", "changed", d->changed, "sections", sections);
}
