/* The matching engine (issue 18, docs/matching.md): requests for help and
 * helpers, each possible pair an edge with a cost, and the assignment that
 * matches as many request units as possible and, among those, costs least.
 * Pure: plain arrays in, a result out; no I/O, no store, no clock.
 *
 * The model is a min-cost maximum flow: source -> request (capacity its
 * demand, cost 0), request -> helper (capacity 1 an edge, the edge's cost),
 * helper -> sink (capacity its capacity, cost 0). The solver is the
 * primal-dual method: Dijkstra on reduced costs (Johnson potentials, a
 * binary heap, stopped once the sink is settled) finds the shortest
 * distance, then as many units as will go along paths of that length are
 * pushed at once, as a blocking flow (levels by breadth-first search, then
 * depth-first search with current-arc pointers, as in Dinic's method) on
 * the arcs whose reduced cost is zero, until no such path is left. Every
 * unit therefore travels a shortest augmenting path, which is what makes
 * the result exact (successive shortest paths), while one Dijkstra serves
 * every unit of the same path length.
 *
 * Worst case: F = the units matched <= min(sum of demands, sum of
 * capacities, edges); n = requests + helpers + 2 nodes, m = requests +
 * helpers + edges arcs. Each Dijkstra is O((n + m) log n) and is followed
 * by at least one unit of flow; each blocking-flow round is O(m + n x the
 * units it pushes) and pushes at least one unit. So O(F (n + m) log n) time
 * in all, O(n + m) memory (arrays sized from the input, allocated once).
 * In practice the number of Dijkstra runs is the number of distinct
 * shortest-path lengths met, far below F (bench/README.md, "Matching").
 *
 * Deterministic: arcs are kept in input order, the heap breaks ties of
 * distance by node number (requests and helpers in input order) and the
 * depth-first search tries arcs in input order, so the same input always
 * gives the same assignment, even when several are optimal. */
#ifndef SN_MATCH_H
#define SN_MATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/base.h"

/* Limits of the command's input (docs/matching.md, "Limits"). */
#define MATCH_INPUT_MAX (64u * 1024u * 1024u) /* bytes of JSON */
#define MATCH_REQUESTS_MAX 100000
#define MATCH_HELPERS_MAX 100000
#define MATCH_EDGES_MAX 1000000
#define MATCH_UNITS_MAX 1000000 /* a demand or a capacity */
#define MATCH_ID_MAX 128        /* bytes of an id */
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
	int64_t dijkstra_runs, blocking_rounds, augmenting_paths;
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
