/* The min-cost maximum-flow solver (match.h): primal-dual, Dijkstra with
 * Johnson potentials, then blocking flows on the zero-reduced-cost arcs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

/* The residual network, in compressed adjacency form: node u's arcs are
 * first[u] .. first[u+1]-1, each with its head, its reverse arc, its
 * residual capacity and its cost (the reverse of a cost-c arc costs -c).
 * Node 0 is the source, 1..R the requests, R+1..R+H the helpers, R+H+1
 * the sink. Every array is sized from the input and allocated once. */
typedef struct {
	int32_t n, s, t;
	int32_t *first, *head, *rev, *cap;
	int64_t *cost;
	int64_t *pot;  /* Johnson potentials: cost + pot[u] - pot[v] >= 0 on residual arcs */
	int64_t *dist; /* Dijkstra's tentative distances, valid where seen == run */
	int32_t *seen, *settled, run;
	int32_t *heap, *hpos, hlen; /* binary heap of nodes by (dist, node) */
	int32_t *level, *cur, *queue, *path;
	int32_t *edge_arc; /* edge e's request -> helper arc */
	int32_t *src_arc;  /* request i's source -> request arc */
} net;

static void net_free(net *g)
{
	free(g->first);
	free(g->head);
	free(g->rev);
	free(g->cap);
	free(g->cost);
	free(g->pot);
	free(g->dist);
	free(g->seen);
	free(g->settled);
	free(g->heap);
	free(g->hpos);
	free(g->level);
	free(g->cur);
	free(g->queue);
	free(g->path);
	free(g->edge_arc);
	free(g->src_arc);
}

/* Places the arc u -> v (and its reverse v -> u) at the next free slots of
 * u and v; returns the forward arc. */
static int32_t add_arc(net *g, int32_t *fill, int32_t u, int32_t v, int32_t cap, int64_t cost)
{
	int32_t a = fill[u]++, b = fill[v]++;
	g->head[a] = v;
	g->rev[a] = b;
	g->cap[a] = cap;
	g->cost[a] = cost;
	g->head[b] = u;
	g->rev[b] = a;
	g->cap[b] = 0;
	g->cost[b] = -cost;
	return a;
}

static void net_build(net *g, const match_problem *p)
{
	int32_t R = p->n_requests, H = p->n_helpers, E = p->n_edges;
	int32_t n = R + H + 2, arcs = 2 * (R + H + E);
	g->n = n;
	g->s = 0;
	g->t = n - 1;
	size_t nz = (size_t)n, az = (size_t)(arcs ? arcs : 1);
	g->first = xcalloc(nz + 1, sizeof *g->first);
	g->head = xmalloc(az * sizeof *g->head);
	g->rev = xmalloc(az * sizeof *g->rev);
	g->cap = xmalloc(az * sizeof *g->cap);
	g->cost = xmalloc(az * sizeof *g->cost);
	g->pot = xcalloc(nz, sizeof *g->pot);
	g->dist = xcalloc(nz, sizeof *g->dist);
	g->seen = xcalloc(nz, sizeof *g->seen);
	g->settled = xcalloc(nz, sizeof *g->settled);
	g->heap = xmalloc(nz * sizeof *g->heap);
	g->hpos = xmalloc(nz * sizeof *g->hpos);
	g->level = xmalloc(nz * sizeof *g->level);
	g->cur = xmalloc(nz * sizeof *g->cur);
	g->queue = xmalloc(nz * sizeof *g->queue);
	g->path = xmalloc(nz * sizeof *g->path);
	g->edge_arc = xmalloc((size_t)(E ? E : 1) * sizeof *g->edge_arc);
	g->src_arc = xmalloc((size_t)(R ? R : 1) * sizeof *g->src_arc);

	/* Out-degrees, then offsets, then the arcs in input order. */
	int32_t *deg = g->first + 1;
	deg[g->s] = R;
	deg[g->t] = H;
	for (int32_t i = 0; i < R; i++)
		deg[1 + i]++;
	for (int32_t j = 0; j < H; j++)
		deg[1 + R + j]++;
	for (int32_t e = 0; e < E; e++) {
		deg[1 + p->edges[e].request]++;
		deg[1 + R + p->edges[e].helper]++;
	}
	for (int32_t u = 0; u < n; u++)
		g->first[u + 1] += g->first[u];
	int32_t *fill = xmalloc(nz * sizeof *fill);
	memcpy(fill, g->first, nz * sizeof *fill);
	for (int32_t i = 0; i < R; i++)
		g->src_arc[i] = add_arc(g, fill, g->s, 1 + i, p->demand[i], 0);
	for (int32_t e = 0; e < E; e++)
		g->edge_arc[e] = add_arc(g, fill, 1 + p->edges[e].request, 1 + R + p->edges[e].helper, 1,
					 p->edges[e].cost);
	for (int32_t j = 0; j < H; j++)
		add_arc(g, fill, 1 + R + j, g->t, p->capacity[j], 0);
	free(fill);
	for (int32_t u = 0; u < n; u++)
		g->hpos[u] = -1;
}

/* ---- the heap: nodes ordered by (dist, node), so ties go to the node
 * that came first in the input ---- */

static bool heap_less(const net *g, int32_t a, int32_t b)
{
	return g->dist[a] < g->dist[b] || (g->dist[a] == g->dist[b] && a < b);
}

static void heap_place(net *g, int32_t i, int32_t v)
{
	g->heap[i] = v;
	g->hpos[v] = i;
}

static void heap_up(net *g, int32_t i)
{
	int32_t v = g->heap[i];
	while (i > 0) {
		int32_t up = (i - 1) / 2;
		if (!heap_less(g, v, g->heap[up]))
			break;
		heap_place(g, i, g->heap[up]);
		i = up;
	}
	heap_place(g, i, v);
}

static int32_t heap_pop(net *g)
{
	int32_t top = g->heap[0], v = g->heap[--g->hlen], i = 0;
	g->hpos[top] = -1;
	if (g->hlen == 0)
		return top;
	for (;;) {
		int32_t c = 2 * i + 1;
		if (c >= g->hlen)
			break;
		if (c + 1 < g->hlen && heap_less(g, g->heap[c + 1], g->heap[c]))
			c++;
		if (!heap_less(g, g->heap[c], v))
			break;
		heap_place(g, i, g->heap[c]);
		i = c;
	}
	heap_place(g, i, v);
	return top;
}

/* Dijkstra from the source on reduced costs, stopped once the sink is
 * settled; then every potential moves by its distance, or by the sink's
 * for nodes not settled (their distance is at least the sink's). That
 * keeps every residual arc's reduced cost >= 0 and makes it 0 along each
 * shortest path to the sink. Returns false when the sink is unreachable:
 * the flow is then maximum. */
static bool shortest_paths(net *g)
{
	int32_t run = ++g->run;
	g->hlen = 0;
	g->dist[g->s] = 0;
	g->seen[g->s] = run;
	heap_place(g, g->hlen++, g->s);
	bool reached = false;
	while (g->hlen) {
		int32_t u = heap_pop(g);
		g->settled[u] = run;
		if (u == g->t) {
			reached = true;
			break;
		}
		int64_t du = g->dist[u] + g->pot[u];
		for (int32_t a = g->first[u]; a < g->first[u + 1]; a++) {
			int32_t v = g->head[a];
			if (g->cap[a] <= 0 || g->settled[v] == run)
				continue;
			int64_t dv = du + g->cost[a] - g->pot[v];
			if (g->seen[v] != run) {
				g->seen[v] = run;
				g->dist[v] = dv;
				heap_place(g, g->hlen++, v);
				heap_up(g, g->hlen - 1);
			} else if (dv < g->dist[v]) {
				g->dist[v] = dv;
				heap_up(g, g->hpos[v]);
			}
		}
	}
	for (int32_t i = 0; i < g->hlen; i++)
		g->hpos[g->heap[i]] = -1;
	g->hlen = 0;
	if (!reached)
		return false;
	int64_t dt = g->dist[g->t];
	for (int32_t v = 0; v < g->n; v++)
		g->pot[v] += g->settled[v] == run ? g->dist[v] : dt;
	return true;
}

static bool admissible(const net *g, int32_t u, int32_t a)
{
	return g->cap[a] > 0 && g->cost[a] + g->pot[u] - g->pot[g->head[a]] == 0;
}

/* Levels by breadth-first search from the source over the admissible arcs
 * (residual, reduced cost 0). False when the sink is not reached. */
static bool levels(net *g)
{
	for (int32_t v = 0; v < g->n; v++)
		g->level[v] = -1;
	int32_t qh = 0, qt = 0;
	g->level[g->s] = 0;
	g->queue[qt++] = g->s;
	while (qh < qt) {
		int32_t u = g->queue[qh++];
		if (g->level[g->t] >= 0 && g->level[u] >= g->level[g->t])
			break;
		for (int32_t a = g->first[u]; a < g->first[u + 1]; a++) {
			int32_t v = g->head[a];
			if (g->level[v] < 0 && admissible(g, u, a)) {
				g->level[v] = g->level[u] + 1;
				g->queue[qt++] = v;
			}
		}
	}
	return g->level[g->t] >= 0;
}

/* A blocking flow on the level graph: depth-first search from the source
 * with current-arc pointers; a node found to lead nowhere leaves the level
 * graph. Each path to the sink crosses a request -> helper arc or its
 * reverse, of capacity 1, so each carries one unit. Returns the units. */
static int64_t blocking_flow(net *g, int64_t *paths)
{
	for (int32_t v = 0; v < g->n; v++)
		g->cur[v] = g->first[v];
	int64_t pushed = 0;
	int32_t len = 0, u = g->s;
	for (;;) {
		if (u == g->t) {
			int32_t f = INT32_MAX;
			for (int32_t k = 0; k < len; k++)
				if (g->cap[g->path[k]] < f)
					f = g->cap[g->path[k]];
			for (int32_t k = 0; k < len; k++) {
				g->cap[g->path[k]] -= f;
				g->cap[g->rev[g->path[k]]] += f;
			}
			pushed += f;
			(*paths)++;
			/* Back to the tail of the first arc now full. */
			int32_t k = 0;
			while (g->cap[g->path[k]] > 0)
				k++;
			len = k;
			u = k ? g->head[g->path[k - 1]] : g->s;
			continue;
		}
		int32_t a = g->cur[u], end = g->first[u + 1];
		while (a < end && !(g->level[g->head[a]] == g->level[u] + 1 && admissible(g, u, a)))
			a++;
		g->cur[u] = a;
		if (a < end) {
			g->path[len++] = a;
			u = g->head[a];
			continue;
		}
		if (u == g->s)
			break;
		g->level[u] = -1;
		len--;
		u = len ? g->head[g->path[len - 1]] : g->s;
		g->cur[u]++;
	}
	return pushed;
}

/* p's own rules, so that a caller other than the reader cannot overflow. */
static sn_err check_problem(const match_problem *p, char *err, size_t err_size)
{
	if (p->n_requests < 0 || p->n_requests > MATCH_REQUESTS_MAX || p->n_helpers < 0 ||
	    p->n_helpers > MATCH_HELPERS_MAX || p->n_edges < 0 || p->n_edges > MATCH_EDGES_MAX) {
		snprintf(err, err_size, "match: at most %d requests, %d helpers and %d edges", MATCH_REQUESTS_MAX,
			 MATCH_HELPERS_MAX, MATCH_EDGES_MAX);
		return SN_ETOOBIG;
	}
	for (int32_t i = 0; i < p->n_requests; i++)
		if (p->demand[i] < 1 || p->demand[i] > MATCH_UNITS_MAX) {
			snprintf(err, err_size, "requests[%d].demand: must be from 1 to %d", i, MATCH_UNITS_MAX);
			return SN_EINPUT;
		}
	for (int32_t j = 0; j < p->n_helpers; j++)
		if (p->capacity[j] < 1 || p->capacity[j] > MATCH_UNITS_MAX) {
			snprintf(err, err_size, "helpers[%d].capacity: must be from 1 to %d", j, MATCH_UNITS_MAX);
			return SN_EINPUT;
		}
	int64_t sum = 0;
	for (int32_t e = 0; e < p->n_edges; e++) {
		const match_edge *x = &p->edges[e];
		if (x->request < 0 || x->request >= p->n_requests || x->helper < 0 || x->helper >= p->n_helpers) {
			snprintf(err, err_size, "edges[%d]: no such request or helper", e);
			return SN_EINPUT;
		}
		if (x->cost < 0 || x->cost > MATCH_COST_SUM_MAX - sum) {
			snprintf(err, err_size,
				 x->cost < 0 ? "edges[%d].cost: must not be negative"
					     : "edges[%d].cost: the costs add up to more than %lld, which could overflow the total",
				 e, (long long)MATCH_COST_SUM_MAX);
			return x->cost < 0 ? SN_EINPUT : SN_ETOOBIG;
		}
		sum += x->cost;
	}
	return SN_OK;
}

sn_err match_solve(const match_problem *p, match_result *r, char *err, size_t err_size)
{
	memset(r, 0, sizeof *r);
	sn_err e = check_problem(p, err, err_size);
	if (e)
		return e;
	net g = {0};
	net_build(&g, p);
	while (shortest_paths(&g)) {
		r->dijkstra_runs++;
		while (levels(&g)) {
			r->blocking_rounds++;
			r->matched += blocking_flow(&g, &r->augmenting_paths);
		}
	}
	r->used = xcalloc((size_t)(p->n_edges ? p->n_edges : 1), sizeof *r->used);
	r->units = xcalloc((size_t)(p->n_requests ? p->n_requests : 1), sizeof *r->units);
	for (int32_t k = 0; k < p->n_edges; k++)
		if (g.cap[g.edge_arc[k]] == 0) {
			r->used[k] = true;
			r->total_cost += p->edges[k].cost;
		}
	for (int32_t i = 0; i < p->n_requests; i++)
		r->units[i] = g.cap[g.rev[g.src_arc[i]]];
	net_free(&g);
	return SN_OK;
}

void match_result_free(match_result *r)
{
	free(r->used);
	free(r->units);
	r->used = NULL;
	r->units = NULL;
}
