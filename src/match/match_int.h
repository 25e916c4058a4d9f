/* The solver's insides, shared by match.c (the network, the checks, the
 * certificate), match_ssp.c (successive shortest paths) and
 * match_scale.c (cost scaling); for this folder and its tests only. */
#ifndef SN_MATCH_INT_H
#define SN_MATCH_INT_H

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
	int64_t *pot; /* potentials: reduced cost = cost + pot[u] - pot[v] */
	int32_t *level, *cur, *queue, *path;
	int32_t *edge_arc; /* edge e's request -> helper arc */
	int32_t *src_arc;  /* request i's source -> request arc */
	/* Dijkstra (match_ssp.c) */
	int64_t *dist; /* tentative distances, valid where seen == run */
	int32_t *seen, *settled, run;
	int32_t *heap, *hpos, hlen; /* binary heap of nodes by (dist, node) */
	/* cost scaling (match_scale.c) */
	int64_t *excess;
	bool *queued;
	/* levels() and blocking_flow() follow every residual arc when true
	 * (a maximum flow), else only those of reduced cost 0. */
	bool any_cost;
} match_net;

void match_net_build(match_net *g, const match_problem *p);
void match_net_free(match_net *g);
/* Levels by breadth-first search from the source over the usable arcs;
 * false when the sink is not reached. */
bool match_levels(match_net *g);
/* A blocking flow on the level graph; returns the units pushed and adds
 * the paths to *paths. */
int64_t match_blocking_flow(match_net *g, int64_t *paths);

/* The two ways to a minimum-cost maximum flow on g, as built. Each adds to
 * r's counts. match_scale returns false (g then spoilt: build it again)
 * when the potentials would leave the range it keeps them in. */
void match_ssp(match_net *g, match_result *r);
bool match_scale(match_net *g, int64_t max_cost, match_result *r);
/* Whether cost scaling may run on costs up to max_cost with n nodes
 * without any number leaving an int64_t. */
bool match_scale_fits(int32_t n, int64_t max_cost);

enum { MATCH_AUTO, MATCH_BY_SSP, MATCH_BY_SCALING };
/* match_solve with the method chosen (MATCH_AUTO: cost scaling when it
 * fits, otherwise successive shortest paths); for the tests that set one
 * against the other. */
sn_err match_solve_with(const match_problem *p, int method, match_result *r, char *err,
                        size_t err_size);

#endif
