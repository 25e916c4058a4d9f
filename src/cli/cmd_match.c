/* supportnet match: the matching engine (src/match) on one JSON problem
 * from standard input. The input and output are a fixed contract that
 * outside checks rely on (docs/matching.md): change neither. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/jsonin.h"
#include "../match/match.h"
#include "cli.h"

static const char help[] =
    "Usage: supportnet match [--stats] < problem.json\n"
    "The assignment of helpers to requests that matches as many request units\n"
    "as possible and, among those, costs least (a min-cost maximum flow).\n"
    "Input: {\"requests\": [{\"id\": \"r1\", \"demand\": 1}], \"helpers\": [{\"id\": \"h1\",\n"
    "\"capacity\": 2}], \"edges\": [{\"request\": \"r1\", \"helper\": \"h1\", \"cost\": 12}]}:\n"
    "demand and capacity whole numbers from 1 to 1000000 (default 1), costs whole\n"
    "numbers from 0; each edge is used at most once.\n"
    "Output: {\"matched\": N, \"total_cost\": C, \"assignments\": [{\"request\", \"helper\",\n"
    "\"cost\"}], \"unmatched\": [ids of requests with fewer units matched than their\n"
    "demand, once each]}.\n"
    "Limits: 64 MiB of input, 100000 requests, 100000 helpers, 1000000 edges, ids\n"
    "of 1 to 128 bytes, costs adding up to at most 2305843009213693951.\n"
    "Bad input: one line on stderr naming the field, nothing on stdout, exit 2.\n\n"
    "  --stats   also write one line of JSON on stderr: the time each step took\n"
    "            and the solver's work (Dijkstra runs, blocking-flow rounds)\n";

/* All of standard input into b, within b's cap. */
static int read_all(buf *b)
{
	static char chunk[1 << 16];
	for (;;) {
		size_t n = fread(chunk, 1, sizeof chunk, stdin);
		if (n == 0)
			break;
		if (buf_append(b, chunk, n))
			return cli_fail("match", EXIT_USAGE, "input: over %u bytes (64 MiB)",
			                MATCH_INPUT_MAX);
	}
	if (ferror(stdin))
		return cli_fail("match", EXIT_FAIL, "cannot read standard input");
	return EXIT_OK;
}

int cmd_match(int argc, char **argv)
{
	const char *stats = NULL;
	cli_opt opts[] = {{"--stats", false, &stats}, {0}};
	int rc = cli_parse("match", argc, argv, opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	double t0 = cli_now_s();
	buf in, out;
	buf_init(&in, MATCH_INPUT_MAX);
	/* The output repeats the ids of the edges used: at most about the
	 * input's size, plus a little a line. */
	buf_init(&out, 2u * MATCH_INPUT_MAX + 64u * MATCH_EDGES_MAX);
	json_t *j = NULL;
	match_input mi = {0};
	match_result res = {0};
	char err[512];
	double t_read = 0, t_parse = 0, t_solve = 0, t_write = 0;
	rc = read_all(&in);
	t_read = cli_now_s();
	if (!rc && (json_open_object(in.data ? in.data : "", in.len, MATCH_INPUT_MAX, &j, err,
	                             sizeof err) ||
	            match_input_from_json(j, &mi, err, sizeof err)))
		rc = cli_fail("match", EXIT_USAGE, "%s", err);
	t_parse = cli_now_s();
	if (!rc && match_solve(&mi.p, &res, err, sizeof err))
		rc = cli_fail("match", EXIT_USAGE, "%s", err);
	t_solve = cli_now_s();
	if (!rc && match_write_json(&mi, &res, &out))
		rc = cli_fail("match", EXIT_FAIL, "the answer is over %zu bytes", out.max);
	if (!rc && (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout)))
		rc = cli_fail("match", EXIT_FAIL, "cannot write standard output");
	t_write = cli_now_s();
	if (!rc && stats)
		fprintf(stderr,
		        "{\"input_bytes\": %zu, \"requests\": %d, \"helpers\": %d, \"edges\": %d, "
		        "\"read_ms\": %.1f, "
		        "\"parse_ms\": %.1f, \"solve_ms\": %.1f, \"write_ms\": %.1f, \"method\": "
		        "\"%s\", "
		        "\"dijkstra_runs\": %lld, \"blocking_rounds\": %lld, \"augmenting_paths\": "
		        "%lld, "
		        "\"refines\": %lld, \"pushes\": %lld, \"relabels\": %lld}\n",
		        in.len, mi.p.n_requests, mi.p.n_helpers, mi.p.n_edges, (t_read - t0) * 1e3,
		        (t_parse - t_read) * 1e3, (t_solve - t_parse) * 1e3,
		        (t_write - t_solve) * 1e3, res.method, (long long)res.dijkstra_runs,
		        (long long)res.blocking_rounds, (long long)res.augmenting_paths,
		        (long long)res.refines, (long long)res.pushes, (long long)res.relabels);
	match_result_free(&res);
	match_input_free(&mi);
	json_decref(j);
	buf_free(&out);
	buf_free(&in);
	return rc;
}
