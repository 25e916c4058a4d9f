/* Unit tests for web/route: table check, matching, roles, input rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access/access.h"
#include "app/app.h"
#include "web/web.h"

#define UUID "0f8c3b2a-1d4e-4a6b-9c2d-3e4f5a6b7c8d"

static sn_err dummy_handler(req *r, reply *out)
{
	(void)r;
	(void)out;
	return SN_OK;
}

/* ---- route_table_check ---- */

static void expect_check_fails(const route *table, size_t n, const char *why_part)
{
	char err[256] = "";
	assert_int_equal(route_table_check(table, n, err, sizeof err), SN_EINTERNAL);
	if (!strstr(err, why_part))
		fail_msg("error '%s' lacks '%s'", err, why_part);
}

static void test_table_check(void **state)
{
	(void)state;
	char err[256] = "";
	if (route_table_check(app_routes, app_n_routes, err, sizeof err))
		fail_msg("the real route table fails its check: %s", err);
	assert_true(app_n_routes > 5);

	const route good[] = {
		{"GET", "/a/{id}", dummy_handler, PERM_PUBLIC, NULL, 0, 0},
		{"POST", "/a/{id}", dummy_handler, R_WORKER, NULL, 0, 0},
		{"GET", "/files/{*path}", dummy_handler, PERM_SIGNED_IN, NULL, 0, 0},
	};
	assert_int_equal(route_table_check(good, SN_ARRAY_LEN(good), err, sizeof err), SN_OK);

	const route no_perm[] = {
		{"GET", "/a", dummy_handler, PERM_PUBLIC, NULL, 0, 0},
		{"GET", "/b", dummy_handler, 0, NULL, 0, 0},
	};
	expect_check_fails(no_perm, SN_ARRAY_LEN(no_perm), "/b has no permission");
	const route no_handler[] = {{"GET", "/a", NULL, PERM_PUBLIC, NULL, 0, 0}};
	expect_check_fails(no_handler, 1, "no handler");
	const route dup[] = {
		{"GET", "/a/{id}", dummy_handler, PERM_PUBLIC, NULL, 0, 0},
		{"POST", "/a/{id}", dummy_handler, PERM_PUBLIC, NULL, 0, 0},
		{"GET", "/a/{id}", dummy_handler, R_ADMIN, NULL, 0, 0},
	};
	expect_check_fails(dup, SN_ARRAY_LEN(dup), "twice");
	const route unclosed[] = {{"GET", "/a/{id", dummy_handler, PERM_PUBLIC, NULL, 0, 0}};
	expect_check_fails(unclosed, 1, "unclosed");
	const route unclosed2[] = {
		{"GET", "/a/{id}/{x", dummy_handler, PERM_PUBLIC, NULL, 0, 0}};
	expect_check_fails(unclosed2, 1, "unclosed");
	const route relative[] = {{"GET", "a", dummy_handler, PERM_PUBLIC, NULL, 0, 0}};
	expect_check_fails(relative, 1, "no method or pattern");
	const route no_method[] = {{NULL, "/a", dummy_handler, PERM_PUBLIC, NULL, 0, 0}};
	expect_check_fails(no_method, 1, "no method or pattern");
	const route api_session[] = {
		{"POST", "/api/x", dummy_handler, PERM_PUBLIC, NULL, 0, ROUTE_API}};
	expect_check_fails(api_session, 1, "API route with a session");
	const route api_ok[] = {
		{"POST", "/api/x", dummy_handler, PERM_PUBLIC, NULL, 0, ROUTE_API | ROUTE_NO_SESSION}};
	assert_int_equal(route_table_check(api_ok, 1, err, sizeof err), SN_OK);
	/* A loopback-only operations route is a permission. */
	const route loopback[] = {{"GET", "/m", dummy_handler, PERM_LOOPBACK, NULL, 0, 0}};
	assert_int_equal(route_table_check(loopback, 1, err, sizeof err), SN_OK);
}

/* ---- route_match ---- */

typedef struct {
	req r;
	bool known;
	char allow[64];
} match_result;

static const route *match(match_result *m, arena *a, const char *method, const char *path)
{
	memset(m, 0, sizeof *m);
	m->r.a = a;
	m->known = true;
	memset(m->allow, 'X', sizeof m->allow);
	return route_match(&m->r, method, path, &m->known, m->allow, sizeof m->allow);
}

static void test_match_params(void **state)
{
	(void)state;
	arena *a = arena_new();
	match_result m;
	const route *rt = match(&m, a, "GET", "/people/" UUID);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/people/{id}");
	assert_string_equal(rt->method, "GET");
	assert_int_equal(m.r.params.n, 1);
	assert_string_equal(m.r.params.items[0].name, "id");
	assert_string_equal(kv_get(&m.r.params, "id"), UUID);
	assert_false(m.known);
	assert_string_equal(m.allow, "");

	/* Percent-decoded, '+' kept. */
	rt = match(&m, a, "GET", "/people/J%C3%B6rg%20a+b");
	assert_non_null(rt);
	assert_string_equal(kv_get(&m.r.params, "id"), "J\xc3\xb6rg a+b");
	/* A bad escape, a NUL or invalid UTF-8 in a parameter: no route. */
	assert_null(match(&m, a, "GET", "/people/%zz"));
	assert_null(match(&m, a, "GET", "/people/a%00b"));
	assert_null(match(&m, a, "GET", "/people/%C0%AF"));
	/* Segments: not empty, not more than one. */
	assert_null(match(&m, a, "GET", "/people/"));
	assert_false(m.known);
	assert_null(match(&m, a, "GET", "/people/x/y"));
	assert_null(match(&m, a, "GET", "/people/x/"));
	/* The longer route with the same parameter. */
	rt = match(&m, a, "POST", "/people/abc/contact");
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/people/{id}/contact");
	assert_string_equal(kv_get(&m.r.params, "id"), "abc");
	/* Literal routes have no parameters. */
	rt = match(&m, a, "GET", "/");
	assert_non_null(rt);
	assert_int_equal(m.r.params.n, 0);
	assert_null(match(&m, a, "GET", "/nowhere"));
	assert_false(m.known);
	assert_string_equal(m.allow, "");
	assert_null(match(&m, a, "GET", "/people/x/contact/more"));
	assert_null(match(&m, a, "GET", ""));
	arena_free(a);
}

static void test_match_rest(void **state)
{
	(void)state;
	arena *a = arena_new();
	match_result m;
	const route *rt = match(&m, a, "GET", "/assets/a/b.css");
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/assets/{*path}");
	assert_string_equal(kv_get(&m.r.params, "path"), "a/b.css");
	rt = match(&m, a, "GET", "/assets/supportnet.css");
	assert_non_null(rt);
	assert_string_equal(kv_get(&m.r.params, "path"), "supportnet.css");
	rt = match(&m, a, "GET", "/assets/deep/er/still/x%20y.js");
	assert_non_null(rt);
	assert_string_equal(kv_get(&m.r.params, "path"), "deep/er/still/x y.js");
	assert_null(match(&m, a, "GET", "/assets/"));
	assert_null(match(&m, a, "GET", "/assets"));
	arena_free(a);
}

static void test_match_405_and_head(void **state)
{
	(void)state;
	arena *a = arena_new();
	match_result m;
	assert_null(match(&m, a, "DELETE", "/people/" UUID));
	assert_true(m.known);
	assert_string_equal(m.allow, "GET, HEAD");
	assert_null(match(&m, a, "GET", "/sign-out"));
	assert_true(m.known);
	assert_string_equal(m.allow, "POST");
	assert_null(match(&m, a, "PUT", "/sign-in"));
	assert_true(m.known);
	assert_string_equal(m.allow, "GET, HEAD, POST");
	assert_null(match(&m, a, "PUT", "/people/x/break-glass"));
	assert_string_equal(m.allow, "GET, HEAD, POST");
	/* HEAD is answered by the GET route; a POST-only path still says so. */
	const route *rt = match(&m, a, "HEAD", "/people/" UUID);
	assert_non_null(rt);
	assert_string_equal(rt->method, "GET");
	assert_string_equal(kv_get(&m.r.params, "id"), UUID);
	assert_null(match(&m, a, "HEAD", "/sign-out"));
	assert_true(m.known);
	assert_string_equal(m.allow, "POST");
	/* Methods are case-sensitive. */
	assert_null(match(&m, a, "get", "/"));
	assert_true(m.known);
	/* A short Allow buffer is truncated, never overrun. */
	char small[6];
	bool known = false;
	req r = {.a = a};
	assert_null(route_match(&r, "PUT", "/sign-in", &known, small, sizeof small));
	assert_true(known);
	assert_true(strlen(small) < sizeof small);
	assert_true(strncmp(small, "GET, HEAD", strlen(small)) == 0);
	arena_free(a);
}

/* ---- roles ---- */

static void test_roles(void **state)
{
	(void)state;
	uint32_t roles = 0;
	assert_int_equal(role_parse("worker,admin", &roles), SN_OK);
	assert_int_equal(roles, R_WORKER | R_ADMIN);
	assert_int_equal(role_parse("resident", &roles), SN_OK);
	assert_int_equal(roles, R_RESIDENT);
	assert_int_equal(role_parse("resident,carer,worker,partner,coordinator,moderator,"
				    "commissioner,admin", &roles),
			 SN_OK);
	assert_int_equal(roles, R_ALL_ROLES);
	assert_int_equal(role_parse("", &roles), SN_EINPUT);
	assert_int_equal(role_parse(NULL, &roles), SN_EINPUT);
	assert_int_equal(role_parse("Worker", &roles), SN_EINPUT);
	assert_int_equal(role_parse("work", &roles), SN_EINPUT);
	assert_int_equal(role_parse("workers", &roles), SN_EINPUT);
	assert_int_equal(role_parse("worker,,admin", &roles), SN_EINPUT);
	assert_int_equal(role_parse("worker, admin", &roles), SN_EINPUT);
	arena *a = arena_new();
	assert_string_equal(role_describe(a, R_RESIDENT | R_WORKER), "resident, worker");
	assert_string_equal(role_describe(a, R_ADMIN), "admin");
	assert_string_equal(role_describe(a, 0), "");
	assert_string_equal(role_names[7], "admin");
	arena_free(a);
}

/* ---- params_validate ---- */

static const param_rule rules[] = {
	{"name", IN_FORM, P_TEXT, true, 3, 10, NULL, "your name"},
	{"age", IN_QUERY, P_INT, true, 1, 120, NULL, "your age"},
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"email", IN_FORM, P_EMAIL, true, 0, 254, NULL, "your email address"},
	{"colour", IN_FORM, P_ENUM, true, 0, 0, "red|green|blue", "a colour"},
	{"agree", IN_FORM, P_BOOL, true, 0, 0, NULL, "whether you agree"},
	{"note", IN_FORM, P_TEXT, false, 0, 20, NULL, NULL},
	PARAMS_END};

/* A request with form, query and path built from urlencoded strings. */
static void build(req *r, arena *a, const char *form, const char *query, const char *id)
{
	memset(r, 0, sizeof *r);
	r->a = a;
	assert_int_equal(parse_urlencoded(a, form, strlen(form), &r->form), SN_OK);
	assert_int_equal(parse_urlencoded(a, query, strlen(query), &r->query), SN_OK);
	if (id) {
		r->params.items = arena_alloc(a, sizeof(kv));
		r->params.items[0].name = arena_strdup(a, "id");
		r->params.items[0].value = arena_strdup(a, id);
		r->params.n = 1;
	}
}

/* The message for field, or NULL when it has none. */
static const char *error_for(const req *r, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
			return json_string_value(json_object_get(e, "message"));
	}
	return NULL;
}

static void test_params_all_good(void **state)
{
	(void)state;
	arena *a = arena_new();
	req r;
	build(&r, a, "name=+Jo+Bloggs+&email=jo%40example.org&colour=green&agree=yes",
	      "age=42", UUID);
	params_validate(&r, rules);
	if (r.errors) {
		char *d = json_dumps(r.errors, 0);
		fail_msg("unexpected errors: %s", d);
	}
	/* Bounds are inclusive; every spelling of a boolean. */
	static const char *const agree[] = {"yes", "no", "on", "true", "false"};
	for (size_t i = 0; i < SN_ARRAY_LEN(agree); i++) {
		char *form = arena_printf(a, "name=Amy&email=a@b.co&colour=red&agree=%s",
					  agree[i]);
		build(&r, a, form, "age=120", UUID);
		params_validate(&r, rules);
		assert_null(r.errors);
		build(&r, a, form, "age=1", UUID);
		params_validate(&r, rules);
		assert_null(r.errors);
	}
	/* Validated values are read trimmed. */
	route rt = {"POST", "/x/{id}", dummy_handler, PERM_PUBLIC, rules, 0, 0};
	build(&r, a, "name=+Jo+Bloggs+&email=jo%40example.org&colour=green&agree=yes",
	      "age=+42+", UUID);
	r.route = &rt;
	assert_string_equal(req_get(&r, "name"), "Jo Bloggs");
	assert_int_equal(req_get_i64(&r, "age", -1), 42);
	assert_string_equal(req_get(&r, "note"), "");
	assert_string_equal(req_get(&r, "id"), UUID);
	assert_int_equal(req_get_i64(&r, "name", -1), -1);
	assert_string_equal(req_get(&r, "undeclared"), "");
	/* Nothing to check: no errors. */
	params_validate(&r, NULL);
	assert_null(r.errors);
	arena_free(a);
}

static void test_params_missing(void **state)
{
	(void)state;
	arena *a = arena_new();
	req r;
	/* Nothing sent, or only whitespace: every required field is asked for. */
	build(&r, a, "name=++&colour=", "", NULL);
	params_validate(&r, rules);
	assert_non_null(r.errors);
	assert_int_equal(json_array_size(r.errors), 6);
	assert_string_equal(error_for(&r, "name"), "Enter your name");
	assert_string_equal(error_for(&r, "age"), "Enter your age");
	assert_string_equal(error_for(&r, "id"), "Enter the record id");
	assert_string_equal(error_for(&r, "email"), "Enter your email address");
	assert_string_equal(error_for(&r, "colour"), "Enter a colour");
	assert_string_equal(error_for(&r, "agree"), "Enter whether you agree");
	assert_null(error_for(&r, "note"));
	/* In the order of the rules. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(r.errors, 0),
							       "field")),
			    "name");
	json_decref(r.errors);
	arena_free(a);
}

static void test_params_bad_values(void **state)
{
	(void)state;
	arena *a = arena_new();
	req r;
	build(&r, a, "name=Bartholomew+Q&email=not-an-email&colour=purple&agree=maybe"
		     "&note=this+note+is+far+too+long",
	      "age=121", "not-a-uuid");
	params_validate(&r, rules);
	assert_int_equal(json_array_size(r.errors), 7);
	assert_string_equal(error_for(&r, "name"), "Your name must be 10 characters or fewer");
	assert_string_equal(error_for(&r, "age"),
			    "Enter your age as a whole number from 1 to 120");
	assert_non_null(strstr(error_for(&r, "id"), "Enter the record id as an id like"));
	assert_string_equal(error_for(&r, "email"),
			    "Enter an email address in the correct format, like name@example.com");
	assert_string_equal(error_for(&r, "colour"), "Select a colour");
	assert_string_equal(error_for(&r, "agree"), "Select whether you agree");
	/* No label: the name stands in. */
	assert_string_equal(error_for(&r, "note"), "Note must be 20 characters or fewer");
	json_decref(r.errors);

	/* Too short, an int that is not one, an enum that is only a prefix
	 * or a neighbour of a choice. */
	static const char *const bad_ages[] = {"0", "-1", "abc", "4.5", "1e3", "99999999999999999999"};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad_ages); i++) {
		build(&r, a, "name=Jo&email=a@b.co&colour=re&agree=yes",
		      arena_printf(a, "age=%s", bad_ages[i]), UUID);
		params_validate(&r, rules);
		assert_string_equal(error_for(&r, "name"),
				    "Your name must be 3 characters or more");
		assert_non_null(error_for(&r, "age"));
		assert_string_equal(error_for(&r, "colour"), "Select a colour");
		assert_int_equal(json_array_size(r.errors), 3);
		json_decref(r.errors);
	}
	static const char *const bad_colours[] = {"gree", "greens", "red|green", "|", "RED"};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad_colours); i++) {
		build(&r, a, arena_printf(a, "name=Amy&email=a@b.co&agree=no&colour=%s",
					  bad_colours[i]),
		      "age=30", UUID);
		params_validate(&r, rules);
		assert_int_equal(json_array_size(r.errors), 1);
		assert_string_equal(error_for(&r, "colour"), "Select a colour");
		json_decref(r.errors);
	}
	/* Length is in bytes of the trimmed value. */
	build(&r, a, "name=++Amy++&email=a@b.co&colour=blue&agree=on", "age=30", UUID);
	params_validate(&r, rules);
	assert_null(r.errors);
	/* A uuid with one character wrong. */
	build(&r, a, "name=Amy&email=a@b.co&colour=blue&agree=on", "age=30",
	      "0f8c3b2a-1d4e-4a6b-9c2d-3e4f5a6b7c8z");
	params_validate(&r, rules);
	assert_int_equal(json_array_size(r.errors), 1);
	assert_non_null(error_for(&r, "id"));
	json_decref(r.errors);
	arena_free(a);
}

static void test_params_source(void **state)
{
	(void)state;
	arena *a = arena_new();
	req r;
	/* The age sent in the form does not count for a query rule. */
	build(&r, a, "name=Amy&email=a@b.co&colour=blue&agree=on&age=30", "", UUID);
	params_validate(&r, rules);
	assert_int_equal(json_array_size(r.errors), 1);
	assert_string_equal(error_for(&r, "age"), "Enter your age");
	json_decref(r.errors);
	/* Nor a name in the query for a form rule. */
	build(&r, a, "email=a@b.co&colour=blue&agree=on", "age=30&name=Amy", UUID);
	params_validate(&r, rules);
	assert_int_equal(json_array_size(r.errors), 1);
	assert_string_equal(error_for(&r, "name"), "Enter your name");
	json_decref(r.errors);
	arena_free(a);
}

static void test_params_real_routes(void **state)
{
	(void)state;
	arena *a = arena_new();
	match_result m;
	/* The sign-in form's rules from the real table. */
	const route *rt = match(&m, a, "POST", "/sign-in");
	assert_non_null(rt);
	req r;
	build(&r, a, "email=&password=", "", NULL);
	params_validate(&r, rt->params);
	assert_string_equal(error_for(&r, "email"), "Enter your email address");
	assert_string_equal(error_for(&r, "password"), "Enter your password");
	json_decref(r.errors);
	/* The person page wants a uuid id. */
	rt = match(&m, a, "GET", "/people/12345");
	assert_non_null(rt);
	m.r.errors = NULL;
	params_validate(&m.r, rt->params);
	assert_non_null(error_for(&m.r, "id"));
	json_decref(m.r.errors);
	rt = match(&m, a, "GET", "/people/" UUID);
	params_validate(&m.r, rt->params);
	assert_null(m.r.errors);
	arena_free(a);
}

int main(void)
{
	if (base_init())
		return 1;
	web_app_set(&app_web); /* matching runs against the real table */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_check),
		cmocka_unit_test(test_match_params),
		cmocka_unit_test(test_match_rest),
		cmocka_unit_test(test_match_405_and_head),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_params_all_good),
		cmocka_unit_test(test_params_missing),
		cmocka_unit_test(test_params_bad_values),
		cmocka_unit_test(test_params_source),
		cmocka_unit_test(test_params_real_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
