/* The matching command's JSON: the strict reader (every problem named by
 * its field, in the order the input gives them) and the writer (match.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

static sn_err fail(char *err, size_t err_size, sn_err code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static sn_err fail(char *err, size_t err_size, sn_err code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
	return code;
}

/* s for an error message: at most 64 bytes, control characters as '?', so
 * the message stays on one line. */
static const char *shown(const char *s, char out[static 72])
{
	size_t i = 0;
	for (; s[i] && i < 64; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	strcpy(out + i, s[i] ? "..." : "");
	return out;
}

/* ---- id -> index, open addressing on FNV-1a (the ids come from the
 * caller's own file, not from the web) ---- */
typedef struct {
	int32_t *slot; /* index into ids, -1 empty */
	uint32_t mask;
	const char *const *ids;
} idmap;

static uint32_t map_size(int32_t n)
{
	uint32_t size = 16;
	while (size < 2u * (uint32_t)n)
		size *= 2;
	return size;
}

static void idmap_init(idmap *m, int32_t n, const char *const *ids)
{
	uint32_t size = map_size(n);
	m->slot = xmalloc(size * sizeof *m->slot);
	memset(m->slot, 0xff, size * sizeof *m->slot);
	m->mask = size - 1;
	m->ids = ids;
}

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot where id is, or where it would go. */
static uint32_t idmap_find(const idmap *m, const char *id)
{
	uint32_t i = fnv1a(id) & m->mask;
	while (m->slot[i] >= 0 && strcmp(m->ids[m->slot[i]], id) != 0)
		i = (i + 1) & m->mask;
	return i;
}

/* ---- (request, helper) -> edge index, for repeated edges ---- */
static uint32_t pair_hash(int32_t r, int32_t h)
{
	uint64_t x = ((uint64_t)(uint32_t)r << 32 | (uint32_t)h) * 0x9e3779b97f4a7c15u;
	return (uint32_t)(x >> 32);
}

/* The keys of object o must be among keys (NULL-terminated). */
static const char *unknown_key(const json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v)
	{
		const char *const *x = keys;
		while (*x && strcmp(*x, k) != 0)
			x++;
		if (!*x)
			return k;
	}
	return NULL;
}

/* o.key as an id: a string of 1 to MATCH_ID_MAX bytes without control
 * characters. */
static sn_err read_id(const json_t *o, const char *key, const char *where, int32_t i,
                      const char **out, char *err, size_t err_size)
{
	const json_t *v = json_object_get(o, key);
	if (!v)
		return fail(err, err_size, SN_EINPUT, "%s[%d].%s: missing", where, i, key);
	size_t len = json_string_length(v);
	const char *s = json_string_value(v);
	bool ok = s && len >= 1 && len <= MATCH_ID_MAX;
	for (size_t k = 0; ok && k < len; k++)
		ok = (unsigned char)s[k] >= 0x20 && s[k] != 0x7f;
	if (!ok)
		return fail(err, err_size, SN_EINPUT,
		            "%s[%d].%s: must be text of 1 to %d bytes without control characters",
		            where, i, key, MATCH_ID_MAX);
	*out = s;
	return SN_OK;
}

/* o.key as a whole number in [lo, hi]; def when missing (or required when
 * def < 0). */
static sn_err read_int(const json_t *o, const char *key, const char *where, int32_t i, int64_t lo,
                       int64_t hi, int64_t def, int64_t *out, char *err, size_t err_size)
{
	const json_t *v = json_object_get(o, key);
	if (!v && def >= 0) {
		*out = def;
		return SN_OK;
	}
	if (!v)
		return fail(err, err_size, SN_EINPUT, "%s[%d].%s: missing", where, i, key);
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return fail(err, err_size, SN_EINPUT,
		            "%s[%d].%s: must be a whole number from %lld to %lld", where, i, key,
		            (long long)lo, (long long)hi);
	*out = json_integer_value(v);
	return SN_OK;
}

/* j.key as a list of at most max items (missing: empty). */
static sn_err read_list(const json_t *j, const char *key, size_t max, const json_t **out,
                        int32_t *n, char *err, size_t err_size)
{
	const json_t *v = json_object_get(j, key);
	*out = v;
	*n = 0;
	if (!v)
		return SN_OK;
	if (!json_is_array(v))
		return fail(err, err_size, SN_EINPUT, "%s: must be a list", key);
	if (json_array_size(v) > max)
		return fail(err, err_size, SN_ETOOBIG, "%s: more than %zu (the limit)", key, max);
	*n = (int32_t)json_array_size(v);
	return SN_OK;
}

/* requests or helpers: ids (unique) and units (demand or capacity). */
static sn_err read_side(const json_t *list, int32_t n, const char *where, const char *units_key,
                        const char **ids, int32_t *units, idmap *m, char *err, size_t err_size)
{
	const char *const keys[] = {"id", units_key, NULL};
	idmap_init(m, n, ids);
	for (int32_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(list, (size_t)i);
		char a[72];
		if (!json_is_object(o))
			return fail(err, err_size, SN_EINPUT,
			            "%s[%d]: must be an object with id and %s", where, i,
			            units_key);
		const char *odd = unknown_key(o, keys);
		if (odd)
			return fail(err, err_size, SN_EINPUT,
			            "%s[%d].%s: unknown key (expected id and %s)", where, i,
			            shown(odd, a), units_key);
		int64_t u;
		sn_err e = read_id(o, "id", where, i, &ids[i], err, err_size);
		if (!e)
			e = read_int(o, units_key, where, i, 1, MATCH_UNITS_MAX, 1, &u, err,
			             err_size);
		if (e)
			return e;
		units[i] = (int32_t)u;
		uint32_t s = idmap_find(m, ids[i]);
		if (m->slot[s] >= 0)
			return fail(err, err_size, SN_EINPUT,
			            "%s[%d].id: repeated id \"%s\" (also %s[%d])", where, i,
			            shown(ids[i], a), where, m->slot[s]);
		m->slot[s] = i;
	}
	return SN_OK;
}

/* An edge's end: a known id. */
static sn_err read_end(const json_t *o, const char *key, int32_t i, const idmap *m, int32_t *out,
                       char *err, size_t err_size)
{
	const char *id;
	char a[72];
	sn_err e = read_id(o, key, "edges", i, &id, err, err_size);
	if (e)
		return e;
	int32_t k = m->slot[idmap_find(m, id)];
	if (k < 0)
		return fail(err, err_size, SN_EINPUT, "edges[%d].%s: unknown %s \"%s\"", i, key,
		            key, shown(id, a));
	*out = k;
	return SN_OK;
}

static sn_err read_edges(const json_t *list, match_input *in, const idmap *rq, const idmap *hp,
                         char *err, size_t err_size)
{
	static const char *const keys[] = {"request", "helper", "cost", NULL};
	int32_t n = in->p.n_edges;
	uint32_t size = map_size(n), mask = size - 1;
	int32_t *seen = xmalloc(size * sizeof *seen);
	memset(seen, 0xff, size * sizeof *seen);
	int64_t sum = 0;
	sn_err e = SN_OK;
	for (int32_t i = 0; i < n && !e; i++) {
		const json_t *o = json_array_get(list, (size_t)i);
		match_edge *x = &in->edges[i];
		char a[72], b[72];
		const char *odd = json_is_object(o) ? unknown_key(o, keys) : NULL;
		if (!json_is_object(o))
			e = fail(err, err_size, SN_EINPUT,
			         "edges[%d]: must be an object with request, helper and cost", i);
		else if (odd)
			e = fail(err, err_size, SN_EINPUT,
			         "edges[%d].%s: unknown key (expected request, helper and cost)", i,
			         shown(odd, a));
		if (!e)
			e = read_end(o, "request", i, rq, &x->request, err, err_size);
		if (!e)
			e = read_end(o, "helper", i, hp, &x->helper, err, err_size);
		if (!e)
			e = read_int(o, "cost", "edges", i, 0, MATCH_COST_SUM_MAX, -1, &x->cost,
			             err, err_size);
		if (!e && x->cost > MATCH_COST_SUM_MAX - sum)
			e = fail(err, err_size, SN_ETOOBIG,
			         "edges[%d].cost: the costs add up to more than %lld, which could "
			         "overflow total_cost",
			         i, (long long)MATCH_COST_SUM_MAX);
		if (e)
			break;
		sum += x->cost;
		uint32_t s = pair_hash(x->request, x->helper) & mask;
		while (seen[s] >= 0 && !(in->edges[seen[s]].request == x->request &&
		                         in->edges[seen[s]].helper == x->helper))
			s = (s + 1) & mask;
		if (seen[s] >= 0)
			e = fail(err, err_size, SN_EINPUT,
			         "edges[%d]: repeated edge from request \"%s\" to helper \"%s\" "
			         "(also edges[%d])",
			         i, shown(in->request_id[x->request], a),
			         shown(in->helper_id[x->helper], b), seen[s]);
		else
			seen[s] = i;
	}
	free(seen);
	return e;
}

sn_err match_input_from_json(const json_t *j, match_input *in, char *err, size_t err_size)
{
	static const char *const keys[] = {"requests", "helpers", "edges", NULL};
	memset(in, 0, sizeof *in);
	char a[72];
	if (!json_is_object(j))
		return fail(err, err_size, SN_EINPUT, "input: must be one JSON object");
	const char *odd = unknown_key(j, keys);
	if (odd)
		return fail(err, err_size, SN_EINPUT,
		            "%s: unknown key (expected requests, helpers and edges)",
		            shown(odd, a));
	const json_t *rl, *hl, *el;
	match_problem *p = &in->p;
	sn_err e = read_list(j, "requests", MATCH_REQUESTS_MAX, &rl, &p->n_requests, err, err_size);
	if (!e)
		e = read_list(j, "helpers", MATCH_HELPERS_MAX, &hl, &p->n_helpers, err, err_size);
	if (!e)
		e = read_list(j, "edges", MATCH_EDGES_MAX, &el, &p->n_edges, err, err_size);
	if (e)
		return e;
	in->request_id = xcalloc((size_t)p->n_requests + 1, sizeof *in->request_id);
	in->helper_id = xcalloc((size_t)p->n_helpers + 1, sizeof *in->helper_id);
	in->demand = xcalloc((size_t)p->n_requests + 1, sizeof *in->demand);
	in->capacity = xcalloc((size_t)p->n_helpers + 1, sizeof *in->capacity);
	in->edges = xcalloc((size_t)p->n_edges + 1, sizeof *in->edges);
	p->demand = in->demand;
	p->capacity = in->capacity;
	p->edges = in->edges;
	idmap rq = {0}, hp = {0};
	e = read_side(rl, p->n_requests, "requests", "demand", in->request_id, in->demand, &rq, err,
	              err_size);
	if (!e)
		e = read_side(hl, p->n_helpers, "helpers", "capacity", in->helper_id, in->capacity,
		              &hp, err, err_size);
	if (!e)
		e = read_edges(el, in, &rq, &hp, err, err_size);
	free(rq.slot);
	free(hp.slot);
	return e;
}

void match_input_free(match_input *in)
{
	free(in->request_id);
	free(in->helper_id);
	free(in->demand);
	free(in->capacity);
	free(in->edges);
	memset(in, 0, sizeof *in);
}

/* s as a JSON string. The reader let no control characters in, but the
 * writer escapes them anyway: it may be handed ids from elsewhere. */
static sn_err put_string(buf *out, const char *s)
{
	sn_err e = buf_putc(out, '"');
	for (const char *run = s; !e; s++) {
		unsigned char c = (unsigned char)*s;
		if (c && c >= 0x20 && c != '"' && c != '\\')
			continue;
		e = buf_append(out, run, (size_t)(s - run));
		if (!e && !c)
			break;
		if (!e)
			e = c == '"' || c == '\\' ? buf_printf(out, "\\%c", c)
			                          : buf_printf(out, "\\u%04x", c);
		run = s + 1;
	}
	return e ? e : buf_putc(out, '"');
}

sn_err match_write_json(const match_input *in, const match_result *r, buf *out)
{
	const match_problem *p = &in->p;
	sn_err e = buf_printf(out, "{\"matched\": %lld, \"total_cost\": %lld, \"assignments\": [",
	                      (long long)r->matched, (long long)r->total_cost);
	bool first = true;
	for (int32_t k = 0; k < p->n_edges && !e; k++) {
		if (!r->used[k])
			continue;
		e = buf_puts(out, first ? "\n  {\"request\": " : ",\n  {\"request\": ");
		first = false;
		if (!e)
			e = put_string(out, in->request_id[p->edges[k].request]);
		if (!e)
			e = buf_puts(out, ", \"helper\": ");
		if (!e)
			e = put_string(out, in->helper_id[p->edges[k].helper]);
		if (!e)
			e = buf_printf(out, ", \"cost\": %lld}", (long long)p->edges[k].cost);
	}
	if (!e)
		e = buf_puts(out, first ? "], \"unmatched\": [" : "\n], \"unmatched\": [");
	first = true;
	for (int32_t i = 0; i < p->n_requests && !e; i++) {
		if (r->units[i] >= p->demand[i])
			continue;
		e = buf_puts(out, first ? "" : ", ");
		first = false;
		if (!e)
			e = put_string(out, in->request_id[i]);
	}
	return e ? e : buf_puts(out, "]}\n");
}
