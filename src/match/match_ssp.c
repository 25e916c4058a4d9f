/* Successive shortest paths, primal-dual (match.h): Dijkstra on reduced
 * costs (Johnson potentials, a binary heap, stopped once the sink is
 * settled), then blocking flows on the arcs of reduced cost 0 until none
 * reaches the sink, then Dijkstra again. Exact for any costs within
 * MATCH_COST_SUM_MAX: the solver when cost scaling's numbers would not fit,
 * and the second opinion the unit tests hold cost scaling to. */
#include <string.h>

#include "match_int.h"

/* ---- the heap: nodes ordered by (dist, node), so ties go to the node
 * that came first in the input ---- */

static bool heap_less(const match_net *g, int32_t a, int32_t b)
{
	return g->dist[a] < g->dist[b] || (g->dist[a] == g->dist[b] && a < b);
}

static void heap_place(match_net *g, int32_t i, int32_t v)
{
	g->heap[i] = v;
	g->hpos[v] = i;
}

static void heap_up(match_net *g, int32_t i)
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

static int32_t heap_pop(match_net *g)
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
 * the flow is then maximum. Potentials stay within [0, the sum of the
 * costs]: the sink's is the length of a simple path, and no other node's
 * passes it. */
static bool shortest_paths(match_net *g)
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

void match_ssp(match_net *g, match_result *r)
{
	g->any_cost = false;
	for (int32_t v = 0; v < g->n; v++)
		g->hpos[v] = -1;
	while (shortest_paths(g)) {
		r->dijkstra_runs++;
		while (match_levels(g)) {
			r->blocking_rounds++;
			r->matched += match_blocking_flow(g, &r->augmenting_paths);
		}
	}
}
