/* The min-cost maximum-flow solver (match.h): the network, blocking flows,
 * the checks on the problem and on the answer, and the choice of method
 * (match_scale.c, match_ssp.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match_int.h"

void match_net_free(match_net *g)
{
	free(g->first);
	free(g->head);
	free(g->rev);
	free(g->cap);
	free(g->cost);
	free(g->pot);
	free(g->level);
	free(g->cur);
	free(g->queue);
	free(g->path);
	free(g->edge_arc);
	free(g->src_arc);
	free(g->dist);
	free(g->seen);
	free(g->settled);
	free(g->heap);
	free(g->hpos);
	free(g->excess);
	free(g->queued);
	memset(g, 0, sizeof *g);
}

/* Places the arc u -> v (and its reverse v -> u) at the next free slots of
 * u and v; returns the forward arc. */
static int32_t add_arc(match_net *g, int32_t *fill, int32_t u, int32_t v, int32_t cap, int64_t cost)
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

static void net_alloc(match_net *g, int32_t n, int32_t arcs, int32_t R, int32_t E)
{
	size_t nz = (size_t)n, az = (size_t)(arcs ? arcs : 1);
	g->first = xcalloc(nz + 1, sizeof *g->first);
	g->head = xmalloc(az * sizeof *g->head);
	g->rev = xmalloc(az * sizeof *g->rev);
	g->cap = xmalloc(az * sizeof *g->cap);
	g->cost = xmalloc(az * sizeof *g->cost);
	g->pot = xcalloc(nz, sizeof *g->pot);
	g->level = xmalloc(nz * sizeof *g->level);
	g->cur = xmalloc(nz * sizeof *g->cur);
	g->queue = xmalloc(nz * sizeof *g->queue);
	g->path = xmalloc(nz * sizeof *g->path);
	g->edge_arc = xmalloc((size_t)(E ? E : 1) * sizeof *g->edge_arc);
	g->src_arc = xmalloc((size_t)(R ? R : 1) * sizeof *g->src_arc);
	g->dist = xcalloc(nz, sizeof *g->dist);
	g->seen = xcalloc(nz, sizeof *g->seen);
	g->settled = xcalloc(nz, sizeof *g->settled);
	g->heap = xmalloc(nz * sizeof *g->heap);
	g->hpos = xmalloc(nz * sizeof *g->hpos);
	g->excess = xcalloc(nz, sizeof *g->excess);
	g->queued = xcalloc(nz, sizeof *g->queued);
}

void match_net_build(match_net *g, const match_problem *p)
{
	int32_t R = p->n_requests, H = p->n_helpers, E = p->n_edges;
	int32_t n = R + H + 2;
	memset(g, 0, sizeof *g);
	g->n = n;
	g->s = 0;
	g->t = n - 1;
	net_alloc(g, n, 2 * (R + H + E), R, E);
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
	int32_t *fill = xmalloc((size_t)n * sizeof *fill);
	memcpy(fill, g->first, (size_t)n * sizeof *fill);
	for (int32_t i = 0; i < R; i++)
		g->src_arc[i] = add_arc(g, fill, g->s, 1 + i, p->demand[i], 0);
	for (int32_t e = 0; e < E; e++)
		g->edge_arc[e] = add_arc(g, fill, 1 + p->edges[e].request,
		                         1 + R + p->edges[e].helper, 1, p->edges[e].cost);
	for (int32_t j = 0; j < H; j++)
		add_arc(g, fill, 1 + R + j, g->t, p->capacity[j], 0);
	free(fill);
}

static bool usable(const match_net *g, int32_t u, int32_t a)
{
	return g->cap[a] > 0 && (g->any_cost || g->cost[a] + g->pot[u] - g->pot[g->head[a]] == 0);
}

bool match_levels(match_net *g)
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
			if (g->level[v] < 0 && usable(g, u, a)) {
				g->level[v] = g->level[u] + 1;
				g->queue[qt++] = v;
			}
		}
	}
	return g->level[g->t] >= 0;
}

/* Depth-first search from the source with current-arc pointers (Dinic's
 * method); a node found to lead nowhere leaves the level graph. Each path
 * to the sink crosses a request -> helper arc or its reverse, of capacity
 * 1, so each carries one unit. */
int64_t match_blocking_flow(match_net *g, int64_t *paths)
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
		while (a < end && !(g->level[g->head[a]] == g->level[u] + 1 && usable(g, u, a)))
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

/* p's own rules, so that a caller other than the reader cannot overflow.
 * *max_cost gets the largest cost. */
static sn_err check_problem(const match_problem *p, int64_t *max_cost, char *err, size_t err_size)
{
	*max_cost = 0;
	if (p->n_requests < 0 || p->n_requests > MATCH_REQUESTS_MAX || p->n_helpers < 0 ||
	    p->n_helpers > MATCH_HELPERS_MAX || p->n_edges < 0 || p->n_edges > MATCH_EDGES_MAX) {
		snprintf(err, err_size, "match: at most %d requests, %d helpers and %d edges",
		         MATCH_REQUESTS_MAX, MATCH_HELPERS_MAX, MATCH_EDGES_MAX);
		return SN_ETOOBIG;
	}
	for (int32_t i = 0; i < p->n_requests; i++)
		if (p->demand[i] < 1 || p->demand[i] > MATCH_UNITS_MAX) {
			snprintf(err, err_size, "requests[%d].demand: must be from 1 to %d", i,
			         MATCH_UNITS_MAX);
			return SN_EINPUT;
		}
	for (int32_t j = 0; j < p->n_helpers; j++)
		if (p->capacity[j] < 1 || p->capacity[j] > MATCH_UNITS_MAX) {
			snprintf(err, err_size, "helpers[%d].capacity: must be from 1 to %d", j,
			         MATCH_UNITS_MAX);
			return SN_EINPUT;
		}
	int64_t sum = 0;
	for (int32_t e = 0; e < p->n_edges; e++) {
		const match_edge *x = &p->edges[e];
		if (x->request < 0 || x->request >= p->n_requests || x->helper < 0 ||
		    x->helper >= p->n_helpers) {
			snprintf(err, err_size, "edges[%d]: no such request or helper", e);
			return SN_EINPUT;
		}
		if (x->cost < 0) {
			snprintf(err, err_size, "edges[%d].cost: must not be negative", e);
			return SN_EINPUT;
		}
		if (x->cost > MATCH_COST_SUM_MAX - sum) {
			snprintf(err, err_size,
			         "edges[%d].cost: the costs add up to more than %lld, which could "
			         "overflow the total",
			         e, (long long)MATCH_COST_SUM_MAX);
			return SN_ETOOBIG;
		}
		sum += x->cost;
		if (x->cost > *max_cost)
			*max_cost = x->cost;
	}
	return SN_OK;
}

/* The answer's own proof: no residual path from source to sink (so the
 * flow is maximum) and no residual arc whose reduced cost is below -slack
 * (slack 0 after successive shortest paths; after cost scaling 1, in costs
 * multiplied by n + 1, so that a cycle of at most n arcs costs more than
 * -1, hence at least 0: no negative cycle, so no cheaper maximum flow). */
static bool certified(match_net *g, int64_t slack)
{
	g->any_cost = true;
	if (match_levels(g))
		return false;
	for (int32_t u = 0; u < g->n; u++)
		for (int32_t a = g->first[u]; a < g->first[u + 1]; a++)
			if (g->cap[a] > 0 && g->cost[a] + g->pot[u] - g->pot[g->head[a]] < -slack)
				return false;
	return true;
}

sn_err match_solve_with(const match_problem *p, int method, match_result *r, char *err,
                        size_t err_size)
{
	memset(r, 0, sizeof *r);
	int64_t max_cost;
	sn_err e = check_problem(p, &max_cost, err, err_size);
	if (e)
		return e;
	int32_t n = p->n_requests + p->n_helpers + 2;
	if (method == MATCH_AUTO)
		method = match_scale_fits(n, max_cost) ? MATCH_BY_SCALING : MATCH_BY_SSP;
	else if (method == MATCH_BY_SCALING && !match_scale_fits(n, max_cost)) {
		snprintf(err, err_size, "match: the costs are too large for cost scaling");
		return SN_ETOOBIG;
	}
	match_net g;
	match_net_build(&g, p);
	bool ok = method == MATCH_BY_SCALING && match_scale(&g, max_cost, r);
	if (!ok) {
		if (method == MATCH_BY_SCALING) { /* the potentials ran out of room: start again */
			match_net_free(&g);
			match_net_build(&g, p);
			memset(r, 0, sizeof *r);
		}
		match_ssp(&g, r);
		r->method = "successive shortest paths";
	}
	if (!certified(&g, ok ? 1 : 0)) {
		match_net_free(&g);
		snprintf(err, err_size,
		         "match: the answer failed its own optimality check (a bug)");
		return SN_EINTERNAL;
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
	match_net_free(&g);
	return SN_OK;
}

sn_err match_solve(const match_problem *p, match_result *r, char *err, size_t err_size)
{
	return match_solve_with(p, MATCH_AUTO, r, err, err_size);
}

void match_result_free(match_result *r)
{
	free(r->used);
	free(r->units);
	r->used = NULL;
	r->units = NULL;
}
