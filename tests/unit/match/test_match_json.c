/* Unit tests for the matching command's JSON (match.h): the reader's
 * defaults and every kind of error, each naming its field, and the
 * writer's exact output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/jsonin.h"
#include "match/match.h"

/* Reads text (NUL in strings allowed here, so that the reader itself is
 * seen to refuse it in an id); returns the reader's result. */
static sn_err read_text(const char *text, match_input *in, json_t **j, char *err, size_t err_size)
{
	*j = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
	assert_non_null(*j);
	return match_input_from_json(*j, in, err, err_size);
}

static void test_defaults(void **state)
{
	(void)state;
	match_input in;
	json_t *j;
	char err[300];
	assert_int_equal(read_text("{\"requests\":[{\"id\":\"r1\"},{\"id\":\"r2\",\"demand\":4}],"
	                           "\"helpers\":[{\"id\":\"h1\",\"capacity\":3},{\"id\":\"r1\"}],"
	                           "\"edges\":[{\"request\":\"r2\",\"helper\":\"r1\",\"cost\":0}]}",
	                           &in, &j, err, sizeof err),
	                 SN_OK);
	assert_int_equal(in.p.n_requests, 2);
	assert_int_equal(in.demand[0], 1);
	assert_int_equal(in.demand[1], 4);
	assert_int_equal(in.capacity[0], 3);
	assert_int_equal(in.capacity[1], 1);
	/* Requests and helpers have ids of their own: "r1" may be both. */
	assert_string_equal(in.helper_id[1], "r1");
	assert_int_equal(in.edges[0].request, 1);
	assert_int_equal(in.edges[0].helper, 1);
	match_input_free(&in);
	json_decref(j);
	/* Every list may be missing. */
	assert_int_equal(read_text("{}", &in, &j, err, sizeof err), SN_OK);
	assert_int_equal(in.p.n_requests + in.p.n_helpers + in.p.n_edges, 0);
	match_input_free(&in);
	json_decref(j);
}

static void test_errors(void **state)
{
	(void)state;
	static const char *const R = "\"requests\":[{\"id\":\"r1\"},{\"id\":\"r2\"}],";
	static const char *const H = "\"helpers\":[{\"id\":\"h1\"},{\"id\":\"h2\"}],";
	static const struct {
		const char *body, *err;
	} bad[] = {
	    {"[]", "input: must be one JSON object"},
	    {"{\"request\":[]}", "request: unknown key (expected requests, helpers and edges)"},
	    {"{\"requests\":{}}", "requests: must be a list"},
	    {"{\"helpers\":\"h1\"}", "helpers: must be a list"},
	    {"{\"edges\":null}", "edges: must be a list"},
	    {"{\"requests\":[\"r1\"]}", "requests[0]: must be an object with id and demand"},
	    {"{\"helpers\":[{\"id\":\"h1\"},[]]}",
	     "helpers[1]: must be an object with id and capacity"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":1,\"need\":2}]}",
	     "requests[0].need: unknown key (expected id and demand)"},
	    {"{\"helpers\":[{\"id\":\"h1\",\"demand\":1}]}",
	     "helpers[0].demand: unknown key (expected id and capacity)"},
	    {"{\"requests\":[{\"demand\":1}]}", "requests[0].id: missing"},
	    {"{\"requests\":[{\"id\":1}]}",
	     "requests[0].id: must be text of 1 to 128 bytes without control characters"},
	    {"{\"requests\":[{\"id\":\"\"}]}",
	     "requests[0].id: must be text of 1 to 128 bytes without control characters"},
	    {"{\"requests\":[{\"id\":\"a\\nb\"}]}",
	     "requests[0].id: must be text of 1 to 128 bytes without control characters"},
	    {"{\"requests\":[{\"id\":\"a\\u0000b\"}]}",
	     "requests[0].id: must be text of 1 to 128 bytes without control characters"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":0}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":-2}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":1.5}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":2.0}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":\"2\"}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":true}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":null}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\",\"demand\":1000001}]}",
	     "requests[0].demand: must be a whole number from 1 to 1000000"},
	    {"{\"helpers\":[{\"id\":\"h1\",\"capacity\":0}]}",
	     "helpers[0].capacity: must be a whole number from 1 to 1000000"},
	    {"{\"requests\":[{\"id\":\"r1\"},{\"id\":\"r2\"},{\"id\":\"r1\"}]}",
	     "requests[2].id: repeated id \"r1\" (also requests[0])"},
	    {"{\"helpers\":[{\"id\":\"h\\\"1\"},{\"id\":\"h\\\"1\"}]}",
	     "helpers[1].id: repeated id \"h\"1\" (also helpers[0])"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":1},7]}",
	     "edges[1]: must be an object with request, helper and cost"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":1,\"note\":\"x\"}]}",
	     "edges[0].note: unknown key (expected request, helper and cost)"},
	    {"{%s%s\"edges\":[{\"helper\":\"h1\",\"cost\":1}]}", "edges[0].request: missing"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"cost\":1}]}", "edges[0].helper: missing"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\"}]}", "edges[0].cost: missing"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":1},{\"request\":"
	     "\"r2\",\"helper\":\"h1\","
	     "\"cost\":1},{\"request\":\"r2\",\"helper\":\"h2\",\"cost\":1},{\"request\":\"r1\","
	     "\"helper\":\"h9\","
	     "\"cost\":1}]}",
	     "edges[3].helper: unknown helper \"h9\""},
	    {"{%s%s\"edges\":[{\"request\":\"h1\",\"helper\":\"h1\",\"cost\":1}]}",
	     "edges[0].request: unknown request \"h1\""},
	    {"{%s%s\"edges\":[{\"request\":3,\"helper\":\"h1\",\"cost\":1}]}",
	     "edges[0].request: must be text of 1 to 128 bytes without control characters"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":-1}]}",
	     "edges[0].cost: must be a whole number from 0 to 2305843009213693951"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":2.5}]}",
	     "edges[0].cost: must be a whole number from 0 to 2305843009213693951"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":\"12\"}]}",
	     "edges[0].cost: must be a whole number from 0 to 2305843009213693951"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":1},{\"request\":"
	     "\"r2\",\"helper\":\"h1\","
	     "\"cost\":1},{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":2}]}",
	     "edges[2]: repeated edge from request \"r1\" to helper \"h1\" (also edges[0])"},
	    {"{%s%s\"edges\":[{\"request\":\"r1\",\"helper\":\"h1\",\"cost\":2305843009213693951},{"
	     "\"request\":\"r2\","
	     "\"helper\":\"h1\",\"cost\":1}]}",
	     "edges[1].cost: the costs add up to more than 2305843009213693951, which could "
	     "overflow total_cost"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[1024], err[300];
		snprintf(text, sizeof text, bad[i].body, R, H);
		match_input in;
		json_t *j;
		sn_err e = read_text(text, &in, &j, err, sizeof err);
		if (e != SN_EINPUT && e != SN_ETOOBIG)
			fail_msg("%s: accepted", text);
		if (strcmp(err, bad[i].err) != 0)
			fail_msg("%s:\n  got  %s\n  want %s", text, err, bad[i].err);
		match_input_free(&in);
		json_decref(j);
	}
}

static void test_long_ids_and_limits(void **state)
{
	(void)state;
	char text[600], id[200], err[300];
	match_input in;
	json_t *j;
	memset(id, 'x', 128);
	id[128] = 0;
	snprintf(text, sizeof text, "{\"requests\":[{\"id\":\"%s\"}]}", id);
	assert_int_equal(read_text(text, &in, &j, err, sizeof err), SN_OK);
	match_input_free(&in);
	json_decref(j);
	/* 129 bytes; in a message, an id is cut at 64 bytes. */
	strcat(id, "y");
	snprintf(text, sizeof text, "{\"helpers\":[{\"id\":\"%s\"}]}", id);
	assert_int_equal(read_text(text, &in, &j, err, sizeof err), SN_EINPUT);
	match_input_free(&in);
	json_decref(j);
	id[100] = 0;
	snprintf(text, sizeof text,
	         "{\"requests\":[{\"id\":\"r\"}],\"edges\":[{\"request\":\"%s\"}]}", id);
	assert_int_equal(read_text(text, &in, &j, err, sizeof err), SN_EINPUT);
	assert_string_equal(
	    err, "edges[0].request: unknown request "
	         "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"");
	match_input_free(&in);
	json_decref(j);
	/* A key with a line break is shown on one line. */
	assert_int_equal(read_text("{\"a\\nb\":1}", &in, &j, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "a?b: unknown key (expected requests, helpers and edges)");
	match_input_free(&in);
	json_decref(j);
	/* More than the limit. */
	j = json_object();
	json_t *list = json_array();
	for (int i = 0; i <= MATCH_HELPERS_MAX; i++)
		json_array_append_new(list, json_object());
	json_object_set_new(j, "helpers", list);
	assert_int_equal(match_input_from_json(j, &in, err, sizeof err), SN_ETOOBIG);
	assert_string_equal(err, "helpers: more than 100000 (the limit)");
	match_input_free(&in);
	json_decref(j);
}

static void test_write(void **state)
{
	(void)state;
	match_input in;
	json_t *j;
	char err[300];
	assert_int_equal(
	    read_text("{\"requests\":[{\"id\":\"r\\\"1\\\\\",\"demand\":2},{\"id\":\"r2\"},{\"id\":"
	              "\"r3\"}],"
	              "\"helpers\":[{\"id\":\"h1\",\"capacity\":2},{\"id\":\"h\\u00e9\"}],"
	              "\"edges\":[{\"request\":\"r2\",\"helper\":\"h1\",\"cost\":4},"
	              "{\"request\":\"r\\\"1\\\\\",\"helper\":\"h1\",\"cost\":3},"
	              "{\"request\":\"r\\\"1\\\\\",\"helper\":\"h\\u00e9\",\"cost\":5}]}",
	              &in, &j, err, sizeof err),
	    SN_OK);
	match_result r;
	assert_int_equal(match_solve(&in.p, &r, err, sizeof err), SN_OK);
	buf out;
	buf_init(&out, 1u << 20);
	assert_int_equal(match_write_json(&in, &r, &out), SN_OK);
	assert_string_equal(
	    out.data, "{\"matched\": 3, \"total_cost\": 12, \"assignments\": [\n"
	              "  {\"request\": \"r2\", \"helper\": \"h1\", \"cost\": 4},\n"
	              "  {\"request\": \"r\\\"1\\\\\", \"helper\": \"h1\", \"cost\": 3},\n"
	              "  {\"request\": \"r\\\"1\\\\\", \"helper\": \"h\xc3\xa9\", \"cost\": 5}\n"
	              "], \"unmatched\": [\"r3\"]}\n");
	/* What it writes is JSON that reads back. */
	json_t *back = json_loads(out.data, 0, NULL);
	assert_non_null(back);
	assert_string_equal(
	    json_string_value(json_object_get(
	        json_array_get(json_object_get(back, "assignments"), 1), "request")),
	    "r\"1\\");
	json_decref(back);
	/* Too small a buffer is an error, not a cut answer. */
	buf small;
	buf_init(&small, 40);
	assert_int_equal(match_write_json(&in, &r, &small), SN_ETOOBIG);
	buf_free(&small);
	buf_free(&out);
	match_result_free(&r);
	match_input_free(&in);
	json_decref(j);
	/* Nothing matched. */
	assert_int_equal(
	    read_text("{\"requests\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", &in, &j, err, sizeof err),
	    SN_OK);
	assert_int_equal(match_solve(&in.p, &r, err, sizeof err), SN_OK);
	buf_init(&out, 1u << 20);
	assert_int_equal(match_write_json(&in, &r, &out), SN_OK);
	assert_string_equal(out.data, "{\"matched\": 0, \"total_cost\": 0, \"assignments\": [], "
	                              "\"unmatched\": [\"a\", \"b\"]}\n");
	buf_free(&out);
	match_result_free(&r);
	match_input_free(&in);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_long_ids_and_limits),
	    cmocka_unit_test(test_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
