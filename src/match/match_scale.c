/* Cost scaling (Goldberg and Tarjan's push-relabel for minimum-cost flow,
 * match.h): first a maximum flow by blocking flows, ignoring cost; then,
 * with every cost multiplied by n + 1, the flow is made eps-optimal for an
 * eps that falls by a factor of MATCH_ALPHA at each step down to 1, each
 * step ("refine") keeping the same amount of flow. A flow that is 1-optimal
 * in those costs is optimal in the real ones (match.c, certified). */
#include <string.h>

#include "match_int.h"

#define MATCH_ALPHA 8
/* No potential goes below this: a refine that would take one lower gives
 * up, and the solver starts again by successive shortest paths. The
 * bound in match_scale_fits keeps that from happening. */
#define POT_FLOOR (-(INT64_MAX / 4))

bool match_scale_fits(int32_t n, int64_t max_cost)
{
	/* Costs are multiplied by n + 1; within one refine a potential falls by
	 * at most about 3n eps, and the eps of all refines add up to less than
	 * twice the first, the largest scaled cost: keep 8n times that within
	 * POT_FLOOR. */
	int64_t scale = (int64_t)n + 1;
	if (max_cost > INT64_MAX / 4 / scale)
		return false;
	return max_cost * scale <= INT64_MAX / 4 / (8 * (int64_t)n);
}

/* Lowers u's potential as far as eps-optimality allows: to eps below the
 * highest pot[v] - cost over u's residual arcs, which makes that arc
 * admissible. RELABEL_NONE when u has no residual arc (a request without
 * edges that nothing has reached), RELABEL_FLOOR when it would pass
 * POT_FLOOR; both leave u as it was. */
enum { RELABEL_OK, RELABEL_NONE, RELABEL_FLOOR };
static int relabel(match_net *g, int32_t u, int64_t eps)
{
	int64_t best = INT64_MIN;
	for (int32_t a = g->first[u]; a < g->first[u + 1]; a++)
		if (g->cap[a] > 0 && g->pot[g->head[a]] - g->cost[a] > best)
			best = g->pot[g->head[a]] - g->cost[a];
	if (best == INT64_MIN)
		return RELABEL_NONE;
	if (best - eps < POT_FLOOR)
		return RELABEL_FLOOR;
	g->pot[u] = best - eps;
	g->cur[u] = g->first[u];
	return RELABEL_OK;
}

/* Whether v has an admissible arc; moves v's current arc to it. */
static bool has_admissible(match_net *g, int32_t v)
{
	int32_t a = g->cur[v], end = g->first[v + 1];
	int64_t pv = g->pot[v];
	for (; a < end; a++)
		if (g->cap[a] > 0 && g->cost[a] + pv - g->pot[g->head[a]] < 0) {
			g->cur[v] = a;
			return true;
		}
	return false;
}

/* The active nodes, first in first out: a ring of n, since each node is
 * in it at most once. */
typedef struct {
	int32_t head, tail, len;
} ring;

static void enqueue(match_net *g, ring *q, int32_t v)
{
	g->queued[v] = true;
	g->queue[q->tail] = v;
	q->tail = q->tail + 1 == g->n ? 0 : q->tail + 1;
	q->len++;
}

static int32_t dequeue(match_net *g, ring *q)
{
	int32_t v = g->queue[q->head];
	q->head = q->head + 1 == g->n ? 0 : q->head + 1;
	q->len--;
	g->queued[v] = false;
	return v;
}

/* Pushes u's excess along admissible arcs (residual, reduced cost < 0),
 * relabelling u when it has none left; nodes that gain an excess join the
 * queue. Before a push to a node without a deficit, a look ahead: if that
 * node has no admissible arc itself, it is relabelled instead, and the
 * units stay where they are rather than go there only to come back
 * (Goldberg's push look-ahead: a tenth of the pushes on bench/match). */
static bool discharge(match_net *g, int32_t u, int64_t eps, ring *q, match_result *r)
{
	while (g->excess[u] > 0) {
		int32_t a = g->cur[u], end = g->first[u + 1];
		int64_t pu = g->pot[u];
		for (; a < end; a++) {
			int32_t v = g->head[a];
			if (g->cap[a] <= 0 || g->cost[a] + pu - g->pot[v] >= 0)
				continue;
			if (g->excess[v] >= 0 && !has_admissible(g, v)) {
				/* No residual arc at all: the push gives it one (back). */
				int rl = relabel(g, v, eps);
				if (rl == RELABEL_FLOOR)
					return false;
				r->relabels += rl == RELABEL_OK;
				if (g->cost[a] + pu - g->pot[v] >= 0)
					continue;
			}
			int64_t d = g->excess[u] < g->cap[a] ? g->excess[u] : g->cap[a];
			g->cap[a] -= (int32_t)d;
			g->cap[g->rev[a]] += (int32_t)d;
			g->excess[u] -= d;
			g->excess[v] += d;
			r->pushes++;
			if (g->excess[v] > 0 && !g->queued[v])
				enqueue(g, q, v);
			if (g->excess[u] == 0)
				break;
		}
		g->cur[u] = a;
		if (g->excess[u] == 0)
			break;
		r->relabels++;
		if (relabel(g, u, eps) != RELABEL_OK)
			return false;
	}
	return true;
}

/* From a 0-optimal pseudoflow (every arc of negative reduced cost
 * saturated) back to a flow with the same balances, eps-optimal. */
static bool refine(match_net *g, int64_t eps, match_result *r)
{
	for (int32_t u = 0; u < g->n; u++) {
		for (int32_t a = g->first[u]; a < g->first[u + 1]; a++) {
			int32_t v = g->head[a], d = g->cap[a];
			if (d > 0 && g->cost[a] + g->pot[u] - g->pot[v] < 0) {
				g->cap[a] = 0;
				g->cap[g->rev[a]] += d;
				g->excess[u] -= d;
				g->excess[v] += d;
			}
		}
		g->cur[u] = g->first[u];
	}
	ring q = {0};
	for (int32_t v = 0; v < g->n; v++)
		if (g->excess[v] > 0)
			enqueue(g, &q, v);
	while (q.len > 0)
		if (!discharge(g, dequeue(g, &q), eps, &q, r))
			return false;
	return true;
}

bool match_scale(match_net *g, int64_t max_cost, match_result *r)
{
	r->method = "cost scaling";
	g->any_cost = true;
	while (match_levels(g)) {
		r->blocking_rounds++;
		r->matched += match_blocking_flow(g, &r->augmenting_paths);
	}
	int64_t scale = (int64_t)g->n + 1;
	int32_t arcs = g->first[g->n];
	for (int32_t a = 0; a < arcs; a++)
		g->cost[a] *= scale;
	int64_t eps = max_cost * scale;
	while (eps > 1) {
		eps = eps / MATCH_ALPHA > 1 ? eps / MATCH_ALPHA : 1;
		r->refines++;
		if (!refine(g, eps, r))
			return false;
	}
	return true;
}
