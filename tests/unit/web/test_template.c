/* Unit tests for web/template: the Mustache spec files plus our own limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "web/template.h"

#ifndef SN_CONFORMANCE_DIR
#error "SN_CONFORMANCE_DIR must name the conformance directory (tests/conformance)"
#endif

/* ---- helpers ---- */

/* Renders src (as template "t") with the JSON view; returns the error and
 * leaves the output (or "") in *got, which the caller frees. */
static sn_err render_src(const char *src, const char *view_json,
			 size_t out_max, char **got, char *err, size_t err_size)
{
	tpl_set *set = tpl_set_new();
	json_error_t jerr;
	json_t *view = json_loads(view_json, JSON_DECODE_ANY, &jerr);
	if (!view)
		fail_msg("bad view JSON %s: %s", view_json, jerr.text);
	buf out;
	buf_init(&out, out_max);
	sn_err rc = tpl_set_add(set, "t", src, strlen(src), err, err_size);
	if (!rc)
		rc = tpl_render(set, "t", view, &out, err, err_size);
	*got = xstrndup(out.data ? out.data : "", out.len);
	buf_free(&out);
	json_decref(view);
	tpl_set_free(set);
	return rc;
}

static void expect_render(const char *src, const char *view_json,
			  const char *expected)
{
	char err[256] = "";
	char *got = NULL;
	sn_err rc = render_src(src, view_json, 0, &got, err, sizeof(err));
	if (rc)
		fail_msg("render of %s failed: %s (%s)", src, sn_err_name(rc),
			 err);
	assert_string_equal(got, expected);
	free(got);
}

/* Compiling src must fail with SN_EINPUT and an err starting want_prefix. */
static void expect_syntax_error(const char *src, const char *want_prefix)
{
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	sn_err rc = tpl_set_add(set, "t", src, strlen(src), err, sizeof(err));
	assert_int_equal(rc, SN_EINPUT);
	if (!str_starts(err, want_prefix))
		fail_msg("error for %s is \"%s\", want prefix \"%s\"", src, err,
			 want_prefix);
	assert_false(tpl_set_has(set, "t"));
	tpl_set_free(set);
}

/* ---- the official spec files ---- */

static void run_spec_file(const char *file)
{
	char path[1024];
	int n = snprintf(path, sizeof(path), "%s/mustache/%s.json",
			 SN_CONFORMANCE_DIR, file);
	assert_true(n > 0 && (size_t)n < sizeof(path));
	json_error_t jerr;
	json_t *spec = json_load_file(path, 0, &jerr);
	if (!spec)
		fail_msg("cannot load %s: %s", path, jerr.text);
	json_t *tests = json_object_get(spec, "tests");
	assert_true(json_is_array(tests));
	size_t i, passed = 0, total = json_array_size(tests);
	json_t *tc;
	json_array_foreach(tests, i, tc) {
		const char *name = json_string_value(json_object_get(tc, "name"));
		json_t *tmpl = json_object_get(tc, "template");
		const char *expected =
			json_string_value(json_object_get(tc, "expected"));
		json_t *partials = json_object_get(tc, "partials");
		char err[256] = "";
		buf out;
		buf_init(&out, 0);
		tpl_set *set = tpl_set_new();
		sn_err rc = tpl_set_add(set, "", json_string_value(tmpl),
					json_string_length(tmpl), err, sizeof(err));
		const char *key;
		json_t *val;
		json_object_foreach(partials, key, val) {
			if (rc)
				break;
			rc = tpl_set_add(set, key, json_string_value(val),
					 json_string_length(val), err,
					 sizeof(err));
		}
		if (!rc)
			rc = tpl_render(set, "", json_object_get(tc, "data"), &out,
					err, sizeof(err));
		const char *got = out.data ? out.data : "";
		if (rc)
			print_error("%s: \"%s\": error %s: %s\n", file, name,
				    sn_err_name(rc), err);
		else if (!str_eq(got, expected))
			print_error("%s: \"%s\"\n  expected: \"%s\"\n  got:      "
				    "\"%s\"\n",
				    file, name, expected, got);
		else
			passed++;
		buf_free(&out);
		tpl_set_free(set);
	}
	print_message("mustache spec %s: %zu/%zu passed\n", file, passed, total);
	json_decref(spec);
	assert_true(total > 0);
	assert_int_equal(passed, total);
}

static void test_spec_comments(void **state)
{
	(void)state;
	run_spec_file("comments");
}

static void test_spec_delimiters(void **state)
{
	(void)state;
	run_spec_file("delimiters");
}

static void test_spec_interpolation(void **state)
{
	(void)state;
	run_spec_file("interpolation");
}

static void test_spec_inverted(void **state)
{
	(void)state;
	run_spec_file("inverted");
}

static void test_spec_partials(void **state)
{
	(void)state;
	run_spec_file("partials");
}

static void test_spec_sections(void **state)
{
	(void)state;
	run_spec_file("sections");
}

/* ---- our own cases ---- */

static void test_html_escape(void **state)
{
	(void)state;
	expect_render("<p>{{x}}</p>", "{\"x\": \"& < > \\\" '\"}",
		      "<p>&amp; &lt; &gt; &quot; &#39;</p>");
	expect_render("{{#l}}{{.}}{{/l}}", "{\"l\": [\"<b>\", \"&\"]}",
		      "&lt;b&gt;&amp;");
	expect_render("{{a.b}}", "{\"a\": {\"b\": \"<i>\"}}", "&lt;i&gt;");
}

static void test_raw(void **state)
{
	(void)state;
	expect_render("{{{x}}}|{{& x}}|{{&x}}", "{\"x\": \"<b>&'\\\"</b>\"}",
		      "<b>&'\"</b>|<b>&'\"</b>|<b>&'\"</b>");
	expect_render("{{=<% %>=}}<%{x}%>", "{\"x\": \"<br>\"}", "<br>");
}

static void test_values(void **state)
{
	(void)state;
	expect_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
		      "{\"a\": 1.210, \"b\": 0.1, \"c\": -3, \"d\": 1e300, "
		      "\"e\": 100.0, \"f\": 9007199254740993, \"g\": 1.5e-5, "
		      "\"h\": 2.5e-9}",
		      "1.21 0.1 -3 1e+300 100 9007199254740993 0.000015 2.5e-09");
	expect_render("{{t}} {{f}} [{{n}}] [{{o}}] [{{l}}]",
		      "{\"t\": true, \"f\": false, \"n\": null, \"o\": {}, "
		      "\"l\": [1]}",
		      "true false [] [] []");
	/* Falsey: missing, null, false, [] and ""; 0 and {} are truthy. */
	expect_render("{{#s}}S{{/s}}{{^s}}s{{/s}}{{#z}}Z{{/z}}{{#o}}O{{/o}}"
		      "{{^m}}m{{/m}}",
		      "{\"s\": \"\", \"z\": 0, \"o\": {}}", "sZOm");
}

static void test_nested_partial_indentation(void **state)
{
	(void)state;
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	const char *top = "<ul>\n  {{>a}}\n</ul>\n";
	const char *a = "x\n {{>b}}\n{{v}}\ny\n";
	const char *b = "1\n2\n";
	assert_int_equal(tpl_set_add(set, "top", top, strlen(top), err,
				     sizeof(err)), SN_OK);
	assert_int_equal(tpl_set_add(set, "a", a, strlen(a), err, sizeof(err)),
			 SN_OK);
	assert_int_equal(tpl_set_add(set, "b", b, strlen(b), err, sizeof(err)),
			 SN_OK);
	json_t *view = json_pack("{s:s}", "v", "p\nq");
	buf out;
	buf_init(&out, 0);
	assert_int_equal(tpl_render(set, "top", view, &out, err, sizeof(err)),
			 SN_OK);
	/* Data is not indented, template lines are. */
	assert_string_equal(out.data, "<ul>\n  x\n   1\n   2\n  p\nq\n  y\n</ul>\n");
	buf_free(&out);
	json_decref(view);
	tpl_set_free(set);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_syntax_error("a\nb\n{{#items}}\nc\n", "t:3: unclosed section");
	expect_syntax_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}",
			    "t:3: end tag 'a' does not match");
	expect_syntax_error("x\n{{/a}}", "t:2: end tag 'a' without");
	expect_syntax_error("line one\nline {{two", "t:2: unclosed tag");
	expect_syntax_error("{{{x}}", "t:1: unclosed tag");
	expect_syntax_error("\n\n{{=<%=}}", "t:3: bad delimiter change");
	expect_syntax_error("{{= a b c =}}", "t:1: bad delimiter change");
	expect_syntax_error("{{}}", "t:1: empty tag");
	expect_syntax_error("{{#}}{{/}}", "t:1: empty tag");
	expect_syntax_error("{{a b}}", "t:1: space inside tag name");

	/* A failed add leaves the earlier template in place. */
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	assert_int_equal(tpl_set_add(set, "t", "ok", 2, err, sizeof(err)), SN_OK);
	assert_int_equal(tpl_set_add(set, "t", "{{#x}}", 6, err, sizeof(err)),
			 SN_EINPUT);
	assert_string_equal(err, "t:1: unclosed section 'x'");
	buf out;
	buf_init(&out, 0);
	assert_int_equal(tpl_render(set, "t", NULL, &out, err, sizeof(err)),
			 SN_OK);
	assert_string_equal(out.data, "ok");
	buf_free(&out);
	tpl_set_free(set);
}

static void test_set(void **state)
{
	(void)state;
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	buf out;
	buf_init(&out, 0);
	assert_false(tpl_set_has(set, "a"));
	assert_int_equal(tpl_render(set, "a", NULL, &out, err, sizeof(err)),
			 SN_ENOTFOUND);
	assert_int_equal(tpl_set_add(set, "a", "one", 3, err, sizeof(err)),
			 SN_OK);
	assert_int_equal(tpl_set_add(set, "a", "two{{>nope}}", 12, err,
				     sizeof(err)), SN_OK);
	assert_int_equal(tpl_set_add(set, "", "", 0, err, sizeof(err)), SN_OK);
	assert_true(tpl_set_has(set, "a"));
	assert_true(tpl_set_has(set, ""));
	assert_int_equal(tpl_render(set, "a", NULL, &out, err, sizeof(err)),
			 SN_OK);
	assert_string_equal(out.data, "two");
	tpl_set_free(NULL);
	buf_free(&out);
	tpl_set_free(set);
}

static void test_output_cap(void **state)
{
	(void)state;
	char err[256] = "";
	char *got = NULL;
	assert_int_equal(render_src("hello, {{who}}!", "{\"who\": \"world\"}",
				    8, &got, err, sizeof(err)),
			 SN_ETOOBIG);
	assert_string_equal(got, "");
	assert_true(str_starts(err, "t:1: "));
	free(got);
	/* Escaping counts towards the cap. */
	assert_int_equal(render_src("{{x}}", "{\"x\": \"<<<\"}", 11, &got, err,
				    sizeof(err)),
			 SN_ETOOBIG);
	free(got);
	assert_int_equal(render_src("{{x}}", "{\"x\": \"<<<\"}", 12, &got, err,
				    sizeof(err)),
			 SN_OK);
	assert_string_equal(got, "&lt;&lt;&lt;");
	free(got);

	/* On failure the caller's earlier output is left as it was. */
	tpl_set *set = tpl_set_new();
	assert_int_equal(tpl_set_add(set, "t", "0123456789", 10, err,
				     sizeof(err)), SN_OK);
	buf out;
	buf_init(&out, 12);
	assert_int_equal(buf_puts(&out, "abc"), SN_OK);
	assert_int_equal(tpl_render(set, "t", NULL, &out, err, sizeof(err)),
			 SN_ETOOBIG);
	assert_string_equal(out.data, "abc");
	assert_int_equal(out.len, 3);
	buf_free(&out);
	tpl_set_free(set);
}

static void test_source_cap(void **state)
{
	(void)state;
	size_t n = TPL_MAX_SOURCE + 1;
	char *src = xmalloc(n);
	memset(src, 'x', n);
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	assert_int_equal(tpl_set_add(set, "big", src, n, err, sizeof(err)),
			 SN_ETOOBIG);
	assert_false(tpl_set_has(set, "big"));
	assert_int_equal(tpl_set_add(set, "big", src, n - 1, err, sizeof(err)),
			 SN_OK);
	free(src);
	tpl_set_free(set);
}

static void test_recursive_partial(void **state)
{
	(void)state;
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	assert_int_equal(tpl_set_add(set, "r", "x{{>r}}", 7, err, sizeof(err)),
			 SN_OK);
	assert_int_equal(tpl_set_add(set, "s", "  {{>s}}\n", 9, err,
				     sizeof(err)), SN_OK);
	buf out;
	buf_init(&out, 0);
	assert_int_equal(tpl_render(set, "r", NULL, &out, err, sizeof(err)),
			 SN_ETOOBIG);
	assert_string_equal(err, "r:1: nesting too deep");
	assert_int_equal(out.len, 0);
	assert_int_equal(tpl_render(set, "s", NULL, &out, err, sizeof(err)),
			 SN_ETOOBIG);
	buf_free(&out);
	tpl_set_free(set);
}

static char *repeat(const char *s, size_t times, const char *then,
		    size_t then_times, size_t *len)
{
	size_t a = strlen(s), b = strlen(then);
	*len = a * times + b * then_times;
	char *p = xmalloc(*len + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(p + i * a, s, a);
	for (size_t i = 0; i < then_times; i++)
		memcpy(p + a * times + i * b, then, b);
	p[*len] = 0;
	return p;
}

static void test_pathological(void **state)
{
	(void)state;
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	size_t len;
	buf out;
	buf_init(&out, 0);

	/* 100000 unclosed sections: a clean error, no deep recursion. */
	char *src = repeat("{{#a}}", 100000, "", 0, &len);
	assert_int_equal(tpl_set_add(set, "p", src, len, err, sizeof(err)),
			 SN_EINPUT);
	assert_string_equal(err, "p:1: unclosed section 'a'");
	free(src);

	/* 80000 closed ones compile; rendering stops at TPL_MAX_DEPTH. */
	src = repeat("{{#a}}", 80000, "{{/a}}", 80000, &len);
	assert_true(len <= TPL_MAX_SOURCE);
	assert_int_equal(tpl_set_add(set, "p", src, len, err, sizeof(err)),
			 SN_OK);
	free(src);
	json_t *yes = json_pack("{s:b}", "a", 1);
	json_t *no = json_object();
	assert_int_equal(tpl_render(set, "p", yes, &out, err, sizeof(err)),
			 SN_ETOOBIG);
	assert_string_equal(err, "p:1: nesting too deep");
	assert_int_equal(tpl_render(set, "p", no, &out, err, sizeof(err)),
			 SN_OK);
	assert_int_equal(out.len, 0);

	/* Same for inverted sections, which push no context. */
	src = repeat("{{^a}}", 80000, "{{/a}}", 80000, &len);
	assert_int_equal(tpl_set_add(set, "q", src, len, err, sizeof(err)),
			 SN_OK);
	free(src);
	assert_int_equal(tpl_render(set, "q", no, &out, err, sizeof(err)),
			 SN_ETOOBIG);

	/* Nested loops with no output: 2^60 iterations are cut short. */
	src = repeat("{{#l}}", 60, "{{/l}}", 60, &len);
	assert_int_equal(tpl_set_add(set, "l", src, len, err, sizeof(err)),
			 SN_OK);
	free(src);
	json_t *loop = json_pack("{s:[i,i]}", "l", 1, 2);
	assert_int_equal(tpl_render(set, "l", loop, &out, err, sizeof(err)),
			 SN_ETOOBIG);
	assert_string_equal(err, "l:1: template too costly to render");

	/* A megabyte of newlines and of tags stays cheap to compile. */
	src = repeat("\n", TPL_MAX_SOURCE, "", 0, &len);
	assert_int_equal(tpl_set_add(set, "n", src, len, err, sizeof(err)),
			 SN_OK);
	free(src);
	src = repeat("{{x}}\n", TPL_MAX_SOURCE / 6, "", 0, &len);
	assert_int_equal(tpl_set_add(set, "x", src, len, err, sizeof(err)),
			 SN_OK);
	free(src);
	assert_int_equal(tpl_render(set, "x", yes, &out, err, sizeof(err)),
			 SN_OK);
	assert_int_equal(out.len, TPL_MAX_SOURCE / 6);

	json_decref(loop);
	json_decref(yes);
	json_decref(no);
	buf_free(&out);
	tpl_set_free(set);
}

typedef struct {
	const tpl_set *set;
	json_t *view;
	int failures;
} render_job;

static void *render_many(void *arg)
{
	render_job *job = arg;
	for (int i = 0; i < 200; i++) {
		buf out;
		buf_init(&out, 0);
		sn_err rc = tpl_render(job->set, "page", job->view, &out, NULL, 0);
		if (rc || !str_eq(out.data, "<h1>T&amp;C</h1>\n<li>1</li>\n"
					    "<li>2</li>\n<li>3</li>\n"))
			job->failures++;
		buf_free(&out);
	}
	return NULL;
}

static void test_concurrent_renders(void **state)
{
	(void)state;
	tpl_set *set = tpl_set_new();
	char err[256] = "";
	const char *page = "<h1>{{title}}</h1>\n{{#items}}\n  {{>item}}\n"
			   "{{/items}}\n";
	const char *item = "<li>{{.}}</li>\n";
	assert_int_equal(tpl_set_add(set, "page", page, strlen(page), err,
				     sizeof(err)), SN_OK);
	assert_int_equal(tpl_set_add(set, "item", item, strlen(item), err,
				     sizeof(err)), SN_OK);
	json_t *view = json_pack("{s:s,s:[i,i,i]}", "title", "T&C", "items", 1,
				 2, 3);
	/* The standalone partial's indentation is part of the output. */
	buf out;
	buf_init(&out, 0);
	assert_int_equal(tpl_render(set, "page", view, &out, err, sizeof(err)),
			 SN_OK);
	assert_string_equal(out.data, "<h1>T&amp;C</h1>\n  <li>1</li>\n"
				      "  <li>2</li>\n  <li>3</li>\n");
	buf_free(&out);
	/* Same set, several threads: results must not interfere. */
	page = "<h1>{{title}}</h1>\n{{#items}}\n{{>item}}\n{{/items}}\n";
	assert_int_equal(tpl_set_add(set, "page", page, strlen(page), err,
				     sizeof(err)), SN_OK);
	render_job jobs[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (render_job){set, view, 0};
		assert_int_equal(pthread_create(&th[i], NULL, render_many,
						&jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	json_decref(view);
	tpl_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_comments),
		cmocka_unit_test(test_spec_delimiters),
		cmocka_unit_test(test_spec_interpolation),
		cmocka_unit_test(test_spec_inverted),
		cmocka_unit_test(test_spec_partials),
		cmocka_unit_test(test_spec_sections),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_nested_partial_indentation),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_source_cap),
		cmocka_unit_test(test_recursive_partial),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_concurrent_renders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
