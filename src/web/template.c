/* Mustache renderer: compile once to a flat node list, render over jansson. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

/*
 * A compiled template is a flat array of nodes. A section node's children
 * are the nodes that follow it, up to (not including) its `end` index, so
 * compiling needs no recursion and rendering recurses once per nested
 * section or partial, never more than TPL_MAX_DEPTH deep.
 *
 * Falsey values: missing, null, false, the empty array and the empty string
 * (the spec's `!!data`); numbers, including 0, and objects are truthy.
 *
 * Indentation of standalone partials follows the spec's "prepend the
 * indentation to each line of the partial's template text": compile marks
 * each source line start with an INDENT node (none for standalone lines,
 * which are removed), and text that runs over several whole lines is one
 * node that gets the indentation after each inner newline. Interpolated
 * data is never indented.
 */

#define TPL_MAX_DELIM 32u /* bytes of one custom delimiter */
/* Work allowed for one render, counted in node visits plus section
 * iterations: a few per byte of the output cap, so that nested loops that
 * produce little or no output cannot run for ever. */
#define TPL_STEPS_PER_BYTE 4u
#define TPL_STEPS_MIN (1024u * 1024u)
#define TPL_STEPS_MAX (256u * 1024u * 1024u)

typedef enum {
	TPL_TEXT,     /* literal text, off/len into src */
	TPL_INDENT,   /* a source line starts here */
	TPL_VAR,      /* {{name}}, escaped */
	TPL_RAW,      /* {{{name}}} or {{& name}} */
	TPL_SECTION,  /* {{#name}} ... children up to end */
	TPL_INVERTED, /* {{^name}} ... children up to end */
	TPL_PARTIAL,  /* {{> name}}; off/len: indentation when standalone */
	/* only while compiling */
	TPL_CLOSE,   /* {{/name}} */
	TPL_COMMENT, /* {{! ...}} */
	TPL_DELIM    /* {{=<% %>=}} */
} tpl_kind;

typedef struct {
	char *full;   /* the name as written, for matching the end tag */
	char **parts; /* split on '.'; n_parts is 0 for the implicit "." */
	size_t n_parts;
} tpl_name;

typedef struct {
	unsigned char kind;
	bool standalone; /* partials: the tag was alone on its line */
	uint32_t line;
	uint32_t off, len;
	uint32_t end;
	const tpl_name *name;
} tpl_node;

typedef struct {
	char *name;
	char *src; /* a copy of the source; text nodes point into it */
	tpl_node *nodes;
	size_t n_nodes;
	arena *mem; /* names and the source copy */
} tpl;

/* Templates kept sorted by name for bsearch. */
struct tpl_set {
	tpl **items;
	size_t n, cap;
};

/* ---- errors ---- */

static void tpl_errf(char *err, size_t err_size, const char *name,
		     uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void tpl_errf(char *err, size_t err_size, const char *name,
		     uint32_t line, const char *fmt, ...)
{
	if (!err || !err_size)
		return;
	int n = snprintf(err, err_size, "%s:%u: ", name, (unsigned)line);
	if (n < 0 || (size_t)n >= err_size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
	va_end(ap);
}

/* ---- the set ---- */

static void tpl_free(tpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->nodes);
	arena_free(t->mem);
	free(t);
}

tpl_set *tpl_set_new(void)
{
	return xcalloc(1, sizeof(tpl_set));
}

void tpl_set_free(tpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		tpl_free(set->items[i]);
	free(set->items);
	free(set);
}

/* Index of name in set, or where it would go (with *found false). */
static size_t tpl_set_pos(const tpl_set *set, const char *name, bool *found)
{
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(set->items[mid]->name, name);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static const tpl *tpl_set_find(const tpl_set *set, const char *name)
{
	bool found;
	size_t i = tpl_set_pos(set, name, &found);
	return found ? set->items[i] : NULL;
}

bool tpl_set_has(const tpl_set *set, const char *name)
{
	return set && name && tpl_set_find(set, name);
}

/* ---- compiling ---- */

typedef struct {
	const char *name; /* template name, for errors */
	const char *src;
	size_t len;
	arena *mem;
	tpl_node *v;
	size_t n, cap;
	size_t line_first; /* index of the current line's INDENT node */
	bool at_bol;       /* no node yet on the current line */
	uint32_t line;     /* 1-based line of the scan position */
	const char *otag, *ctag;
	size_t olen, clen;
	char *err;
	size_t err_size;
} tpl_compiler;

static tpl_node *tpl_push_raw(tpl_compiler *c, tpl_kind kind)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof(tpl_node));
	}
	tpl_node *nd = &c->v[c->n++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = (unsigned char)kind;
	nd->line = c->line;
	return nd;
}

/* Appends a node, opening the line with an INDENT node first if needed. */
static tpl_node *tpl_push(tpl_compiler *c, tpl_kind kind)
{
	if (c->at_bol) {
		c->at_bol = false;
		c->line_first = c->n;
		tpl_push_raw(c, TPL_INDENT);
	}
	return tpl_push_raw(c, kind);
}

static bool tpl_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\v' || ch == '\f';
}

/* Only spaces and tabs, then optionally "\n" or "\r\n" at the very end. */
static bool tpl_blank(const char *s, size_t n)
{
	if (n && s[n - 1] == '\n') {
		n--;
		if (n && s[n - 1] == '\r')
			n--;
	}
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

static bool tpl_can_stand_alone(unsigned char kind)
{
	return kind == TPL_SECTION || kind == TPL_INVERTED ||
	       kind == TPL_CLOSE || kind == TPL_COMMENT ||
	       kind == TPL_PARTIAL || kind == TPL_DELIM;
}

/* Called at each newline in text and at the end of the source: removes a
 * standalone line down to its tag, or merges a text-only line into the
 * text of the line before so long runs of text stay one node. */
static void tpl_end_line(tpl_compiler *c)
{
	if (c->at_bol)
		return;
	c->at_bol = true;
	size_t first = c->line_first, tag = 0, n_tags = 0;
	bool blank = true;
	for (size_t i = first + 1; i < c->n; i++) {
		const tpl_node *nd = &c->v[i];
		if (nd->kind == TPL_TEXT) {
			if (!tpl_blank(c->src + nd->off, nd->len))
				blank = false;
		} else {
			n_tags++;
			tag = i;
		}
	}
	if (blank && n_tags == 1 && tpl_can_stand_alone(c->v[tag].kind)) {
		tpl_node t = c->v[tag];
		if (t.kind == TPL_PARTIAL) {
			t.standalone = true;
			if (tag - 1 > first) {
				t.off = c->v[tag - 1].off;
				t.len = c->v[tag - 1].len;
			}
		}
		c->v[first] = t;
		c->n = first + 1;
		return;
	}
	if (n_tags == 0 && c->n == first + 2 && first > 0) {
		tpl_node *prev = &c->v[first - 1];
		const tpl_node *cur = &c->v[first + 1];
		if (prev->kind == TPL_TEXT && prev->len &&
		    c->src[prev->off + prev->len - 1] == '\n' &&
		    prev->off + prev->len == cur->off) {
			prev->len += cur->len;
			c->n = first;
		}
	}
}

/* Adds src[from, to) as text nodes split after each newline. */
static void tpl_text(tpl_compiler *c, size_t from, size_t to)
{
	while (from < to) {
		const char *nl = memchr(c->src + from, '\n', to - from);
		size_t stop = nl ? (size_t)(nl - c->src) + 1 : to;
		tpl_node *nd = tpl_push(c, TPL_TEXT);
		nd->off = (uint32_t)from;
		nd->len = (uint32_t)(stop - from);
		from = stop;
		if (nl) {
			c->line++;
			tpl_end_line(c);
		}
	}
}

/* First index >= from where pre (if not 0) then pat[0, plen) occurs. */
static size_t tpl_find(const char *s, size_t from, size_t len, char pre,
		       const char *pat, size_t plen)
{
	char want[TPL_MAX_DELIM + 1];
	size_t wlen = 0;
	if (pre)
		want[wlen++] = pre;
	memcpy(want + wlen, pat, plen);
	wlen += plen;
	while (from < len && len - from >= wlen) {
		const char *p = memchr(s + from, want[0], len - from - wlen + 1);
		if (!p)
			return SIZE_MAX;
		size_t at = (size_t)(p - s);
		if (memcmp(s + at, want, wlen) == 0)
			return at;
		from = at + 1;
	}
	return SIZE_MAX;
}

static void tpl_trim(const char *s, size_t *from, size_t *to)
{
	while (*from < *to && tpl_is_space(s[*from]))
		(*from)++;
	while (*to > *from && tpl_is_space(s[*to - 1]))
		(*to)--;
}

static tpl_name *tpl_name_new(arena *mem, const char *s, size_t n)
{
	tpl_name *nm = arena_alloc(mem, sizeof(tpl_name));
	nm->full = arena_strndup(mem, s, n);
	if (n == 1 && s[0] == '.')
		return nm;
	size_t n_parts = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.')
			n_parts++;
	nm->parts = arena_alloc(mem, n_parts * sizeof(char *));
	char *copy = arena_strndup(mem, s, n);
	nm->parts[0] = copy;
	nm->n_parts = 1;
	for (size_t i = 0; i < n; i++) {
		if (copy[i] == '.') {
			copy[i] = 0;
			nm->parts[nm->n_parts++] = copy + i + 1;
		}
	}
	return nm;
}

/* {{=<% %>=}}: two non-empty runs of non-space separated by space. */
static sn_err tpl_set_delims(tpl_compiler *c, size_t from, size_t to)
{
	const char *s = c->src;
	tpl_trim(s, &from, &to);
	size_t a = from;
	while (a < to && !tpl_is_space(s[a]))
		a++;
	size_t b = a;
	while (b < to && tpl_is_space(s[b]))
		b++;
	size_t open_len = a - from, close_len = to - b;
	if (!open_len || b == a || !close_len)
		return SN_EINPUT;
	for (size_t i = b; i < to; i++)
		if (tpl_is_space(s[i]))
			return SN_EINPUT;
	if (open_len > TPL_MAX_DELIM || close_len > TPL_MAX_DELIM)
		return SN_EINPUT;
	c->otag = s + from;
	c->olen = open_len;
	c->ctag = s + b;
	c->clen = close_len;
	return SN_OK;
}

/* Parses the tag whose opening delimiter ends at p; returns the index just
 * past its closing delimiter in *next. */
static sn_err tpl_tag(tpl_compiler *c, size_t p, size_t *next)
{
	const char *s = c->src;
	size_t len = c->len;
	uint32_t line = c->line;
	char sigil = p < len ? s[p] : 0;
	tpl_kind kind;
	char pre = 0;
	switch (sigil) {
	case '{': kind = TPL_RAW; pre = '}'; break;
	case '&': kind = TPL_RAW; break;
	case '#': kind = TPL_SECTION; break;
	case '^': kind = TPL_INVERTED; break;
	case '/': kind = TPL_CLOSE; break;
	case '>': kind = TPL_PARTIAL; break;
	case '!': kind = TPL_COMMENT; break;
	case '=': kind = TPL_DELIM; pre = '='; break;
	default: kind = TPL_VAR; break;
	}
	size_t from = kind == TPL_VAR ? p : p + 1;
	size_t close = tpl_find(s, from, len, pre, c->ctag, c->clen);
	if (close == SIZE_MAX) {
		tpl_errf(c->err, c->err_size, c->name, line, "unclosed tag");
		return SN_EINPUT;
	}
	size_t to = close;
	*next = close + (pre ? 1 : 0) + c->clen;
	for (size_t i = p; i < *next; i++)
		if (s[i] == '\n')
			c->line++;
	if (kind == TPL_DELIM) {
		if (tpl_set_delims(c, from, to)) {
			tpl_errf(c->err, c->err_size, c->name, line,
				 "bad delimiter change");
			return SN_EINPUT;
		}
		tpl_node *nd = tpl_push(c, kind);
		nd->line = line;
		return SN_OK;
	}
	if (kind == TPL_COMMENT) {
		tpl_node *nd = tpl_push(c, kind);
		nd->line = line;
		return SN_OK;
	}
	tpl_trim(s, &from, &to);
	if (from == to) {
		tpl_errf(c->err, c->err_size, c->name, line, "empty tag");
		return SN_EINPUT;
	}
	for (size_t i = from; i < to; i++) {
		if (tpl_is_space(s[i])) {
			tpl_errf(c->err, c->err_size, c->name, line,
				 "space inside tag name '%.*s'",
				 (int)(to - from > 64 ? 64 : to - from), s + from);
			return SN_EINPUT;
		}
	}
	tpl_node *nd = tpl_push(c, kind);
	nd->line = line;
	nd->name = tpl_name_new(c->mem, s + from, to - from);
	return SN_OK;
}

/* Replaces the scanned nodes by the final list: drops comments, delimiter
 * changes and end tags, and points each section at its end. */
static sn_err tpl_link(tpl_compiler *c)
{
	sn_err rc = SN_OK;
	size_t *open = NULL, n_open = 0, cap_open = 0, w = 0;
	for (size_t i = 0; i < c->n; i++) {
		tpl_node nd = c->v[i];
		switch (nd.kind) {
		case TPL_COMMENT:
		case TPL_DELIM:
			continue;
		case TPL_CLOSE: {
			if (!n_open) {
				tpl_errf(c->err, c->err_size, c->name, nd.line,
					 "end tag '%.64s' without a section",
					 nd.name->full);
				rc = SN_EINPUT;
				goto out;
			}
			tpl_node *sec = &c->v[open[n_open - 1]];
			if (strcmp(sec->name->full, nd.name->full) != 0) {
				tpl_errf(c->err, c->err_size, c->name, nd.line,
					 "end tag '%.64s' does not match "
					 "section '%.64s' opened on line %u",
					 nd.name->full, sec->name->full,
					 (unsigned)sec->line);
				rc = SN_EINPUT;
				goto out;
			}
			sec->end = (uint32_t)w;
			n_open--;
			continue;
		}
		case TPL_SECTION:
		case TPL_INVERTED:
			if (n_open == cap_open) {
				cap_open = cap_open ? cap_open * 2 : 16;
				open = xrealloc(open, cap_open * sizeof(size_t));
			}
			open[n_open++] = w;
			break;
		default:
			break;
		}
		c->v[w++] = nd;
	}
	if (n_open) {
		const tpl_node *sec = &c->v[open[n_open - 1]];
		tpl_errf(c->err, c->err_size, c->name, sec->line,
			 "unclosed section '%.64s'", sec->name->full);
		rc = SN_EINPUT;
		goto out;
	}
	c->n = w;
out:
	free(open);
	return rc;
}

static sn_err tpl_compile(const char *name, const char *src, size_t len,
			  char *err, size_t err_size, tpl **out)
{
	sn_err rc = SN_OK;
	tpl_compiler c = {
		.name = name,
		.len = len,
		.mem = arena_new(),
		.at_bol = true,
		.line = 1,
		.otag = "{{",
		.olen = 2,
		.ctag = "}}",
		.clen = 2,
		.err = err,
		.err_size = err_size,
	};
	char *copy = arena_strndup(c.mem, len ? src : "", len);
	c.src = copy;
	tpl *t = NULL;
	size_t pos = 0;
	while (pos < len) {
		size_t open = tpl_find(copy, pos, len, 0, c.otag, c.olen);
		if (open == SIZE_MAX) {
			tpl_text(&c, pos, len);
			break;
		}
		tpl_text(&c, pos, open);
		rc = tpl_tag(&c, open + c.olen, &pos);
		if (rc)
			goto out;
	}
	tpl_end_line(&c);
	rc = tpl_link(&c);
	if (rc)
		goto out;
	t = xcalloc(1, sizeof(tpl));
	t->name = xstrdup(name);
	t->src = copy;
	t->mem = c.mem;
	t->n_nodes = c.n;
	t->nodes = c.n ? xrealloc(c.v, c.n * sizeof(tpl_node)) : NULL;
	if (!c.n)
		free(c.v);
	c.v = NULL;
	c.mem = NULL;
	*out = t;
out:
	free(c.v);
	arena_free(c.mem);
	return rc;
}

sn_err tpl_set_add(tpl_set *set, const char *name, const char *src,
		   size_t len, char *err, size_t err_size)
{
	if (err && err_size)
		err[0] = 0;
	if (!set || !name || (!src && len)) {
		tpl_errf(err, err_size, name ? name : "?", 0, "bad arguments");
		return SN_EINPUT;
	}
	if (len > TPL_MAX_SOURCE) {
		tpl_errf(err, err_size, name, 1,
			 "template is larger than %u bytes",
			 (unsigned)TPL_MAX_SOURCE);
		return SN_ETOOBIG;
	}
	tpl *t = NULL;
	sn_err rc = tpl_compile(name, src, len, err, err_size, &t);
	if (rc)
		return rc;
	bool found;
	size_t i = tpl_set_pos(set, name, &found);
	if (found) {
		tpl_free(set->items[i]);
		set->items[i] = t;
		return SN_OK;
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->items = xrealloc(set->items, set->cap * sizeof(tpl *));
	}
	memmove(set->items + i + 1, set->items + i,
		(set->n - i) * sizeof(tpl *));
	set->items[i] = t;
	set->n++;
	return SN_OK;
}

/* ---- rendering ---- */

/* Indentation of nested standalone partials, innermost first. */
typedef struct tpl_indent {
	const char *s;
	size_t len;
	const struct tpl_indent *up;
} tpl_indent;

typedef struct {
	const tpl_set *set;
	buf *out;
	json_t *stack[TPL_MAX_DEPTH + 1];
	size_t n_stack;
	size_t steps, max_steps;
	/* where a render failed, for the message */
	const tpl *fail_tpl;
	uint32_t fail_line;
	const char *fail_reason;
} tpl_render_ctx;

static sn_err tpl_fail(tpl_render_ctx *r, const tpl *t, const tpl_node *nd,
		       const char *reason)
{
	if (!r->fail_reason) {
		r->fail_tpl = t;
		r->fail_line = nd->line;
		r->fail_reason = reason;
	}
	return SN_ETOOBIG;
}

static sn_err tpl_emit_indent(tpl_render_ctx *r, const tpl_indent *ind)
{
	const tpl_indent *chain[TPL_MAX_DEPTH + 1];
	size_t n = 0;
	for (; ind && n < SN_ARRAY_LEN(chain); ind = ind->up)
		chain[n++] = ind;
	while (n--)
		if (buf_append(r->out, chain[n]->s, chain[n]->len))
			return SN_ETOOBIG;
	return SN_OK;
}

static sn_err tpl_emit_text(tpl_render_ctx *r, const char *s, size_t n,
			    const tpl_indent *ind)
{
	if (!ind)
		return buf_append(r->out, s, n);
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;
		if (buf_append(r->out, s, k))
			return SN_ETOOBIG;
		s += k;
		n -= k;
		if (nl && n && tpl_emit_indent(r, ind))
			return SN_ETOOBIG;
	}
	return SN_OK;
}

/* The first part of a name is looked up through the whole stack, the
 * rest only inside what it found. NULL when missing. */
static json_t *tpl_lookup(const tpl_render_ctx *r, const tpl_name *nm)
{
	if (!nm->n_parts)
		return r->stack[r->n_stack - 1];
	json_t *v = NULL;
	for (size_t i = r->n_stack; i-- > 0;) {
		json_t *ctx = r->stack[i];
		if (!json_is_object(ctx))
			continue;
		v = json_object_get(ctx, nm->parts[0]);
		if (v)
			break;
	}
	for (size_t k = 1; v && k < nm->n_parts; k++)
		v = json_is_object(v) ? json_object_get(v, nm->parts[k]) : NULL;
	return v;
}

static bool tpl_truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return false;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	default:
		return true;
	}
}

/* The shortest decimal that reads back as the same double, written like
 * JavaScript does: 1.21 (not 1.2100000000000000), 100, 0.000015, 1e+300. */
static void tpl_format_real(double d, char *out, size_t size)
{
	int prec = 0;
	for (; prec < 17; prec++) {
		snprintf(out, size, "%.*e", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
	const char *e = strchr(out, 'e');
	long exp10 = e ? strtol(e + 1, NULL, 10) : 0;
	if (exp10 >= -7 && exp10 < 21) {
		long decimals = prec - exp10;
		snprintf(out, size, "%.*f", (int)(decimals > 0 ? decimals : 0), d);
		return;
	}
	snprintf(out, size, "%.*g", prec + 1, d);
}

static sn_err tpl_emit_value(tpl_render_ctx *r, const json_t *v, bool raw)
{
	char num[64];
	const char *s = NULL;
	size_t n = 0;
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING:
		s = json_string_value(v);
		n = json_string_length(v);
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		s = num;
		n = strlen(num);
		break;
	case JSON_REAL:
		tpl_format_real(json_real_value(v), num, sizeof(num));
		s = num;
		n = strlen(num);
		break;
	case JSON_TRUE:
		s = "true";
		n = 4;
		break;
	case JSON_FALSE:
		s = "false";
		n = 5;
		break;
	default: /* null, objects and arrays render as nothing */
		return SN_OK;
	}
	return raw ? buf_append(r->out, s, n) : buf_html_escape(r->out, s, n);
}

static sn_err tpl_render_nodes(tpl_render_ctx *r, const tpl *t, size_t from,
			       size_t to, const tpl_indent *ind, int depth);

/* Renders the children of section node i once per item of v, or once with
 * v itself, pushing it on the context stack; v is truthy. */
static sn_err tpl_render_section(tpl_render_ctx *r, const tpl *t, size_t i,
				 json_t *v, const tpl_indent *ind, int depth)
{
	const tpl_node *nd = &t->nodes[i];
	size_t n = json_is_array(v) ? json_array_size(v) : 1;
	for (size_t k = 0; k < n; k++) {
		if (++r->steps > r->max_steps)
			return tpl_fail(r, t, nd, "template too costly to render");
		json_t *item = json_is_array(v) ? json_array_get(v, k) : v;
		r->stack[r->n_stack++] = item;
		sn_err rc = tpl_render_nodes(r, t, i + 1, nd->end, ind, depth);
		r->n_stack--;
		if (rc)
			return rc;
	}
	return SN_OK;
}

static sn_err tpl_render_nodes(tpl_render_ctx *r, const tpl *t, size_t from,
			       size_t to, const tpl_indent *ind, int depth)
{
	size_t i = from;
	while (i < to) {
		const tpl_node *nd = &t->nodes[i];
		if (++r->steps > r->max_steps)
			return tpl_fail(r, t, nd, "template too costly to render");
		switch (nd->kind) {
		case TPL_TEXT:
			if (tpl_emit_text(r, t->src + nd->off, nd->len, ind))
				return tpl_fail(r, t, nd, "output too big");
			break;
		case TPL_INDENT:
			if (tpl_emit_indent(r, ind))
				return tpl_fail(r, t, nd, "output too big");
			break;
		case TPL_VAR:
		case TPL_RAW:
			if (tpl_emit_value(r, tpl_lookup(r, nd->name),
					   nd->kind == TPL_RAW))
				return tpl_fail(r, t, nd, "output too big");
			break;
		case TPL_SECTION:
		case TPL_INVERTED: {
			json_t *v = tpl_lookup(r, nd->name);
			bool inverted = nd->kind == TPL_INVERTED;
			if (tpl_truthy(v) == inverted) {
				i = nd->end;
				continue;
			}
			if (depth >= TPL_MAX_DEPTH)
				return tpl_fail(r, t, nd, "nesting too deep");
			sn_err rc = inverted ? tpl_render_nodes(r, t, i + 1,
								nd->end, ind,
								depth + 1)
					     : tpl_render_section(r, t, i, v, ind,
								  depth + 1);
			if (rc)
				return rc;
			i = nd->end;
			continue;
		}
		case TPL_PARTIAL: {
			const tpl *p = tpl_set_find(r->set, nd->name->full);
			if (!p)
				break;
			if (depth >= TPL_MAX_DEPTH)
				return tpl_fail(r, t, nd, "nesting too deep");
			/* Only a standalone partial is indented, by its own
			 * indentation on top of the one it sits in. */
			tpl_indent own = {t->src + nd->off, nd->len, ind};
			sn_err rc = tpl_render_nodes(r, p, 0, p->n_nodes,
						     nd->standalone ? &own : NULL,
						     depth + 1);
			if (rc)
				return rc;
			break;
		}
		default:
			break;
		}
		i++;
	}
	return SN_OK;
}

sn_err tpl_render(const tpl_set *set, const char *name, json_t *view,
		  buf *out, char *err, size_t err_size)
{
	if (err && err_size)
		err[0] = 0;
	const tpl *t = set && name ? tpl_set_find(set, name) : NULL;
	if (!t) {
		tpl_errf(err, err_size, name ? name : "?", 0, "no such template");
		return SN_ENOTFOUND;
	}
	tpl_render_ctx r = {.set = set, .out = out, .n_stack = 1};
	r.stack[0] = view;
	r.max_steps = TPL_STEPS_MAX;
	if (out->max < (TPL_STEPS_MAX - TPL_STEPS_MIN) / TPL_STEPS_PER_BYTE)
		r.max_steps = TPL_STEPS_MIN + out->max * TPL_STEPS_PER_BYTE;
	size_t start = out->len;
	sn_err rc = tpl_render_nodes(&r, t, 0, t->n_nodes, NULL, 0);
	if (rc) {
		/* Leave out as it was: half a page is of no use to anyone. */
		out->len = start;
		if (out->data)
			out->data[start] = 0;
		if (r.fail_tpl)
			tpl_errf(err, err_size, r.fail_tpl->name, r.fail_line,
				 "%s", r.fail_reason);
	}
	return rc;
}
