/* The matching engine (issue 18, docs/matching.md): requests for help and
 * helpers, each possible pair an edge with a cost, and the assignment that
 * matches as many request units as possible and, among those, costs least.
 * Pure: plain arrays in, a result out; no I/O, no store, no clock.
 *
 * The model is a min-cost maximum flow: source -> request (capacity its
 * demand, cost 0), request -> helper (capacity 1 an edge, the edge's cost),
 * helper -> sink (capacity its capacity, cost 0).
 *
 * The solver (n = requests + helpers + 2 nodes, m = requests + helpers +
 * edges arcs, C = the largest cost, F = the units matched):
 *
 * - Cost scaling (match_scale.c), used whenever its numbers fit an
 *   int64_t (match_scale_fits: C x (n + 1) x 8n within 2^61, so costs up to
 *   about 3 x 10^9 at 10,000 nodes, 7 x 10^6 at 200,000): a maximum flow
 *   by blocking flows (Dinic), then Goldberg and Tarjan's push-relabel
 *   refinement of that flow with costs multiplied by n + 1, eps falling
 *   eightfold from C(n + 1) to 1, FIFO order, with push look-ahead. Worst
 *   case O(n^2 m) for the maximum flow and O(n^3 log(nC)) for the
 *   refinements; in practice a few rounds and a few pushes a node per
 *   refine (bench/README.md, "Matching").
 * - Otherwise successive shortest paths (match_ssp.c), primal-dual:
 *   Dijkstra on reduced costs (Johnson potentials, a binary heap, stopped
 *   once the sink is settled), then blocking flows on the arcs of reduced
 *   cost 0 until none reaches the sink. Exact for any costs within
 *   MATCH_COST_SUM_MAX. Worst case O(F (n + m) log n): each Dijkstra and
 *   each blocking-flow round moves at least one unit.
 *
 * Either way the answer is checked before it is returned (match.c,
 * certified): no residual path from source to sink (so no more can be
 * matched) and potentials under which no residual arc is too negative (so
 * there is no negative cycle, hence no cheaper assignment of as many
 * units). Memory is O(n + m): arrays sized from the input, allocated once.
 *
 * Deterministic: arcs are kept in input order and every search takes them
 * in that order (Dijkstra breaks ties of distance by node number, and
 * requests and helpers are numbered in input order), so the same input
 * always gives the same assignment, even when several are optimal. */
#ifndef SN_MATCH_H
#define SN_MATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/base.h"

/* Limits of the command's input (docs/matching.md, "Limits"). */
#define MATCH_INPUT_MAX    (64u * 1024u * 1024u) /* bytes of JSON */
#define MATCH_REQUESTS_MAX 100000
#define MATCH_HELPERS_MAX  100000
#define MATCH_EDGES_MAX    1000000
#define MATCH_UNITS_MAX    1000000 /* a demand or a capacity */
#define MATCH_ID_MAX       128     /* bytes of an id */
/* The sum of every edge's cost may not pass this (2^61 - 1): distances
 * and potentials stay within three times the sum, so nothing overflows an
 * int64_t, and neither can total_cost. */
#define MATCH_COST_SUM_MAX (INT64_MAX / 4)

typedef struct {
	int32_t request, helper; /* indexes into the problem's arrays */
	int64_t cost;            /* >= 0 */
} match_edge;

/* What the solver needs: counts, demands, capacities, edges. */
typedef struct {
	int32_t n_requests, n_helpers, n_edges;
	const int32_t *demand;   /* n_requests, each >= 1 */
	const int32_t *capacity; /* n_helpers, each >= 1 */
	const match_edge *edges; /* n_edges, no pair twice */
} match_problem;

/* What it finds. The caller frees it with match_result_free. */
typedef struct {
	int64_t matched;    /* request units matched: the maximum */
	int64_t total_cost; /* the least cost of matching that many */
	bool *used;         /* n_edges: the edge is in the assignment */
	int32_t *units;     /* n_requests: units of the request matched */
	/* What the run took, for bench/match and `match --stats`. */
	const char *method; /* "cost scaling" or "successive shortest paths" */
	int64_t dijkstra_runs, blocking_rounds, augmenting_paths, refines, pushes, relabels;
} match_result;

/* Solves p into *r. SN_EINPUT (err says which) when p breaks its own
 * rules: a count or index out of range, a demand or capacity below 1 or
 * above MATCH_UNITS_MAX, a negative cost, costs adding up to more than
 * MATCH_COST_SUM_MAX. Repeated pairs are the reader's to refuse; the
 * solver treats them as two edges. *r is zeroed first and needs
 * match_result_free whatever the outcome. */
sn_err match_solve(const match_problem *p, match_result *r, char *err, size_t err_size);
void match_result_free(match_result *r);

/* The command's input, read from JSON: the problem and the ids. The ids
 * point into the json_t it was read from, which must outlive it. */
typedef struct {
	match_problem p;
	const char **request_id, **helper_id;
	int32_t *demand, *capacity;
	match_edge *edges;
} match_input;

/* Reads {"requests":[{"id","demand"}],"helpers":[{"id","capacity"}],
 * "edges":[{"request","helper","cost"}]} (docs/matching.md) into *in. Any
 * of the three lists may be missing (empty); demand and capacity default
 * to 1. SN_EINPUT or SN_ETOOBIG with one line in err naming the field:
 * `edges[3].helper: unknown helper "h9"`. *in needs match_input_free
 * whatever the outcome. */
sn_err match_input_from_json(const json_t *j, match_input *in, char *err, size_t err_size);
void match_input_free(match_input *in);

/* Appends the answer to out: {"matched":N,"total_cost":C,"assignments":
 * [{"request","helper","cost"}, ...],"unmatched":[ids]}, the assignments
 * in the edges' input order, one a line; "unmatched" lists once each, in
 * input order, the requests with fewer units matched than their demand.
 * SN_ETOOBIG when out's cap is reached. */
sn_err match_write_json(const match_input *in, const match_result *r, buf *out);

#endif
