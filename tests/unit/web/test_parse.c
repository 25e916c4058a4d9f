/* Unit tests for web/parse: forms, queries, cookies, paths and Accept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <time.h>

#include "web/web.h"

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static sn_err parse(arena *a, const char *s, kv_list *out)
{
	return parse_urlencoded(a, s, strlen(s), out);
}

static void expect_rc(const char *s, sn_err want)
{
	arena *a = arena_new();
	kv_list l;
	sn_err rc = parse(a, s, &l);
	if (rc != want)
		fail_msg("'%s' gave %s, wanted %s", s, sn_err_name(rc), sn_err_name(want));
	arena_free(a);
}

/* ---- parse_urlencoded ---- */

static void test_urlencoded_basic(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list l;
	assert_int_equal(parse(a, "a=1&b=2", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(l.items[0].value, "1");
	assert_string_equal(l.items[1].name, "b");
	assert_string_equal(l.items[1].value, "2");
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_null(kv_get(&l, "c"));
	assert_null(kv_get(&l, "A"));

	/* '+' and %20 are spaces, in names and values; %2B is a plus. */
	assert_int_equal(parse(a, "full+name=Jo%20Bloggs+Jr&sum=1%2B1", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "full name");
	assert_string_equal(l.items[0].value, "Jo Bloggs Jr");
	assert_string_equal(kv_get(&l, "sum"), "1+1");
	/* Escaped separators are data. */
	assert_int_equal(parse(a, "q=a%26b%3Dc&x=%2f%2F", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "q"), "a&b=c");
	assert_string_equal(kv_get(&l, "x"), "//");
	/* A value may hold '='. */
	assert_int_equal(parse(a, "eq=a=b=c", &l), SN_OK);
	assert_string_equal(kv_get(&l, "eq"), "a=b=c");
	/* Only n bytes are read. */
	assert_int_equal(parse_urlencoded(a, "a=1&b=2", 3, &l), SN_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "a"), "1");
	/* Nothing at all. */
	assert_int_equal(parse_urlencoded(a, "", 0, &l), SN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_urlencoded(a, NULL, 0, &l), SN_OK);
	assert_int_equal(l.n, 0);
	/* Duplicates are kept in order; kv_get gives the first. */
	assert_int_equal(parse(a, "r=1&r=2", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "r"), "1");
	assert_string_equal(l.items[1].value, "2");
	arena_free(a);
}

static void test_urlencoded_empty_parts(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list l;
	assert_int_equal(parse(a, "a=&b=", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "");
	assert_string_equal(kv_get(&l, "b"), "");
	/* A name without '=' has an empty value. */
	assert_int_equal(parse(a, "flag&a=1&other", &l), SN_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].name, "flag");
	assert_non_null(l.items[0].value);
	assert_string_equal(l.items[0].value, "");
	assert_string_equal(kv_get(&l, "other"), "");
	/* Empty pairs are skipped. */
	assert_int_equal(parse(a, "&&", &l), SN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse(a, "&", &l), SN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse(a, "&a=1&&b=2&", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
	/* An empty name with a value is kept as such. */
	assert_int_equal(parse(a, "=x", &l), SN_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].name, "");
	assert_string_equal(l.items[0].value, "x");
	assert_int_equal(parse(a, "=", &l), SN_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].value, "");
	arena_free(a);
}

static void test_urlencoded_bad_escapes(void **state)
{
	(void)state;
	expect_rc("a=%zz", SN_EINPUT);
	expect_rc("%zz=1", SN_EINPUT);
	expect_rc("a=%4", SN_EINPUT);
	expect_rc("a=%4g", SN_EINPUT);
	expect_rc("a=%", SN_EINPUT);
	expect_rc("%", SN_EINPUT);
	expect_rc("a=%%41", SN_EINPUT);
	expect_rc("a=1&b=%G1", SN_EINPUT);
	/* NUL, escaped, in a value or a name. */
	expect_rc("a=%00", SN_EINPUT);
	expect_rc("a=x%00y", SN_EINPUT);
	expect_rc("%00=1", SN_EINPUT);
	/* Escapes at the very end are complete. */
	expect_rc("a=%41", SN_OK);
	expect_rc("a=%4a%4A", SN_OK);
	/* A raw NUL byte inside n. */
	arena *a = arena_new();
	kv_list l;
	assert_int_equal(parse_urlencoded(a, "a=x\0y", 5, &l), SN_EINPUT);
	arena_free(a);
}

static void test_urlencoded_utf8(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list l;
	assert_int_equal(parse(a, "name=Ren%C3%A9e&e=%F0%9F%98%80&raw=caf\xc3\xa9", &l), SN_OK);
	assert_string_equal(kv_get(&l, "name"), "Ren\xc3\xa9" "e");
	assert_string_equal(kv_get(&l, "e"), "\xf0\x9f\x98\x80");
	assert_string_equal(kv_get(&l, "raw"), "caf\xc3\xa9");
	/* The largest code point and the ones around the surrogates. */
	expect_rc("a=%F4%8F%BF%BF", SN_OK);   /* U+10FFFF */
	expect_rc("a=%ED%9F%BF", SN_OK);      /* U+D7FF */
	expect_rc("a=%EE%80%80", SN_OK);      /* U+E000 */
	/* Overlong encodings. */
	expect_rc("a=%C0%AF", SN_EINPUT);
	expect_rc("a=%C1%BF", SN_EINPUT);
	expect_rc("a=%E0%80%AF", SN_EINPUT);
	expect_rc("a=%F0%80%80%AF", SN_EINPUT);
	/* Surrogates. */
	expect_rc("a=%ED%A0%80", SN_EINPUT);
	expect_rc("a=%ED%BF%BF", SN_EINPUT);
	/* Past U+10FFFF, bad lead bytes, truncated and stray continuation. */
	expect_rc("a=%F4%90%80%80", SN_EINPUT);
	expect_rc("a=%F8%88%80%80%80", SN_EINPUT);
	expect_rc("a=%FF", SN_EINPUT);
	expect_rc("a=%C3", SN_EINPUT);
	expect_rc("a=%E2%82", SN_EINPUT);
	expect_rc("a=%80", SN_EINPUT);
	expect_rc("a=%C3%28", SN_EINPUT);
	expect_rc("a=\xc3", SN_EINPUT);
	expect_rc("n%C3=1", SN_EINPUT);
	arena_free(a);
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
	size_t u = strlen(unit);
	char *s = malloc(u * times + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	s[u * times] = 0;
	if (len)
		*len = u * times;
	return s;
}

static void test_urlencoded_limits(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list l;
	/* WEB_MAX_PAIRS pairs are fine; one more is too many. */
	buf b;
	buf_init(&b, 0);
	for (int i = 0; i < WEB_MAX_PAIRS; i++)
		assert_int_equal(buf_printf(&b, "%sk%d=v%d", i ? "&" : "", i, i), SN_OK);
	assert_int_equal(parse_urlencoded(a, b.data, b.len, &l), SN_OK);
	assert_int_equal(l.n, WEB_MAX_PAIRS);
	assert_string_equal(kv_get(&l, "k255"), "v255");
	assert_int_equal(buf_puts(&b, "&k256=v256"), SN_OK);
	assert_int_equal(parse_urlencoded(a, b.data, b.len, &l), SN_ETOOBIG);
	/* A route with many fields (ROUTE_MANY_FIELDS) takes more, to its own cap. */
	assert_int_equal(parse_urlencoded_pairs(a, b.data, b.len, WEB_MAX_FIELD, WEB_MAX_PAIRS + 1, &l), SN_OK);
	assert_int_equal(l.n, WEB_MAX_PAIRS + 1);
	assert_int_equal(parse_urlencoded_pairs(a, b.data, b.len, WEB_MAX_FIELD, WEB_MAX_PAIRS, &l), SN_ETOOBIG);
	/* Names alone count as pairs too. */
	buf_reset(&b);
	for (int i = 0; i <= WEB_MAX_PAIRS; i++)
		assert_int_equal(buf_printf(&b, "%sk%d", i ? "&" : "", i), SN_OK);
	assert_int_equal(parse_urlencoded(a, b.data, b.len, &l), SN_ETOOBIG);
	buf_free(&b);

	/* A field of exactly WEB_MAX_FIELD bytes, then one byte more, as a
	 * value and as a name; and one that is only too big once decoded. */
	size_t n;
	char *v = repeat("x", WEB_MAX_FIELD, &n);
	char *s = malloc(n + 16);
	assert_non_null(s);
	snprintf(s, n + 16, "v=%s", v);
	assert_int_equal(parse(a, s, &l), SN_OK);
	assert_int_equal(strlen(kv_get(&l, "v")), WEB_MAX_FIELD);
	snprintf(s, n + 16, "v=%sx", v);
	assert_int_equal(parse(a, s, &l), SN_ETOOBIG);
	snprintf(s, n + 16, "%sx=1", v);
	assert_int_equal(parse(a, s, &l), SN_ETOOBIG);
	free(s);
	free(v);
	v = repeat("%41", WEB_MAX_FIELD, &n);
	s = malloc(n + 16);
	assert_non_null(s);
	snprintf(s, n + 16, "v=%s", v);
	assert_int_equal(parse(a, s, &l), SN_OK);
	assert_int_equal(strlen(kv_get(&l, "v")), WEB_MAX_FIELD);
	snprintf(s, n + 16, "v=%s%%41", v);
	assert_int_equal(parse(a, s, &l), SN_ETOOBIG);
	free(s);
	free(v);
	arena_free(a);
}

static void test_urlencoded_pathological(void **state)
{
	(void)state;
	static const char *const units[] = {"a=", "a=&", "&", "%41", "+", "=", "a", "\xc3\xa9"};
	for (size_t i = 0; i < SN_ARRAY_LEN(units); i++) {
		size_t n;
		char *s = repeat(units[i], 200000 / strlen(units[i]), &n);
		arena *a = arena_new();
		kv_list l;
		double t0 = now_seconds();
		sn_err rc = parse_urlencoded(a, s, n, &l);
		double dt = now_seconds() - t0;
		arena_free(a);
		free(s);
		/* Linear: milliseconds, even under sanitizers. */
		if (dt > 0.5)
			fail_msg("%zu bytes of '%s' took %.3f s", n, units[i], dt);
		assert_true(rc == SN_OK || rc == SN_ETOOBIG);
	}
	/* The literal case: 200k bytes of "a=" is one over-long value. */
	size_t n;
	char *s = repeat("a=", 100000, &n);
	arena *a = arena_new();
	kv_list l;
	assert_int_equal(parse_urlencoded(a, s, n, &l), SN_ETOOBIG);
	arena_free(a);
	free(s);
	/* 512 separators with few real pairs: allowed, quickly. */
	s = repeat("a=1&&", WEB_MAX_PAIRS / 2, &n);
	a = arena_new();
	assert_int_equal(parse_urlencoded(a, s, n, &l), SN_OK);
	assert_int_equal(l.n, WEB_MAX_PAIRS / 2);
	arena_free(a);
	free(s);
}

/* ---- parse_path_segment ---- */

static void test_path_segment(void **state)
{
	(void)state;
	arena *a = arena_new();
	char *out = NULL;
	assert_int_equal(parse_path_segment(a, "a%20b+c", 7, &out), SN_OK);
	assert_string_equal(out, "a b+c"); /* '+' is literal in paths */
	assert_int_equal(parse_path_segment(a, "x%2Fy", 5, &out), SN_OK);
	assert_string_equal(out, "x/y");
	assert_int_equal(parse_path_segment(a, "%zz", 3, &out), SN_EINPUT);
	assert_int_equal(parse_path_segment(a, "%00", 3, &out), SN_EINPUT);
	assert_int_equal(parse_path_segment(a, "%C0%AF", 6, &out), SN_EINPUT);
	assert_int_equal(parse_path_segment(a, "", 0, &out), SN_OK);
	assert_string_equal(out, "");
	arena_free(a);
}

/* ---- parse_cookies ---- */

static void test_cookies(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list l;
	assert_int_equal(parse_cookies(a, "a=1; b=2", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
	/* Spaces and tabs around names, values and separators. */
	assert_int_equal(parse_cookies(a, "  a = 1 ;\tb=2\t;c=3  ", &l), SN_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_string_equal(kv_get(&l, "c"), "3");
	/* Quoted values lose their quotes; a lone quote is kept. */
	assert_int_equal(parse_cookies(a, "q=\"x y\"; e=\"\"; l=\"; m=a\"b", &l), SN_OK);
	assert_string_equal(kv_get(&l, "q"), "x y");
	assert_string_equal(kv_get(&l, "e"), "");
	assert_string_equal(kv_get(&l, "l"), "\"");
	assert_string_equal(kv_get(&l, "m"), "a\"b");
	/* Values are not percent-decoded and may hold '='. */
	assert_int_equal(parse_cookies(a, "t=abc%20def==", &l), SN_OK);
	assert_string_equal(kv_get(&l, "t"), "abc%20def==");
	/* Malformed pairs are skipped, the rest kept. */
	assert_int_equal(parse_cookies(a, "noequals; =novalue; ;; good=yes; =; bad", &l), SN_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "good"), "yes");
	assert_int_equal(parse_cookies(a, "empty=; x=1", &l), SN_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "empty"), "");
	/* Nothing. */
	assert_int_equal(parse_cookies(a, "", &l), SN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_cookies(a, NULL, &l), SN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_cookies(a, " ; ;", &l), SN_OK);
	assert_int_equal(l.n, 0);
	/* A real session cookie among browser clutter. */
	assert_int_equal(parse_cookies(a, "_ga=GA1.2.3.4; sn_session"
					 "=Ab-_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG; "
					 "cookies_policy={\"analytics\":false}",
				       &l),
			 SN_OK);
	assert_string_equal(kv_get(&l, "sn_session"),
			    "Ab-_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");
	assert_string_equal(kv_get(&l, "cookies_policy"), "{\"analytics\":false}");
	arena_free(a);
}

static void test_cookies_limits(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list l;
	buf b;
	buf_init(&b, 0);
	for (int i = 0; i < WEB_MAX_COOKIES; i++)
		assert_int_equal(buf_printf(&b, "%sc%d=%d", i ? "; " : "", i, i), SN_OK);
	assert_int_equal(parse_cookies(a, b.data, &l), SN_OK);
	assert_int_equal(l.n, WEB_MAX_COOKIES);
	assert_string_equal(kv_get(&l, "c63"), "63");
	assert_int_equal(buf_puts(&b, "; c64=64"), SN_OK);
	assert_int_equal(parse_cookies(a, b.data, &l), SN_ETOOBIG);
	/* A huge header is refused outright. */
	buf_reset(&b);
	assert_int_equal(buf_puts(&b, "big="), SN_OK);
	for (int i = 0; i < 17000; i++)
		assert_int_equal(buf_putc(&b, 'x'), SN_OK);
	assert_int_equal(parse_cookies(a, b.data, &l), SN_ETOOBIG);
	/* Long but within limits: fine, and quick. */
	buf_reset(&b);
	for (int i = 0; i < 16000; i++)
		assert_int_equal(buf_putc(&b, i % 300 == 0 ? ' ' : '='), SN_OK);
	double t0 = now_seconds();
	assert_int_equal(parse_cookies(a, b.data, &l), SN_OK);
	assert_true(now_seconds() - t0 < 0.5);
	buf_free(&b);
	arena_free(a);
}

/* ---- Accept ---- */

static void test_accept_wants_json(void **state)
{
	(void)state;
	/* What browsers send. */
	assert_false(accept_wants_json("text/html,application/xhtml+xml,application/xml;"
				       "q=0.9,image/avif,image/webp,*/*;q=0.8"));
	assert_false(accept_wants_json("text/html,application/xhtml+xml,application/xml;"
				       "q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
				       "application/signed-exchange;v=b3;q=0.7"));
	assert_false(accept_wants_json("text/html, application/xhtml+xml, */*"));
	/* What API clients send. */
	assert_true(accept_wants_json("application/json"));
	assert_true(accept_wants_json("APPLICATION/JSON"));
	assert_true(accept_wants_json("application/json; charset=utf-8"));
	assert_true(accept_wants_json("text/html;q=0.5, application/json"));
	assert_true(accept_wants_json("application/json, text/html;q=0.9"));
	assert_true(accept_wants_json("text/html;q=0.1,application/json;q=0.2"));
	/* Neither preferred, or JSON refused. */
	assert_false(accept_wants_json("*/*"));
	assert_false(accept_wants_json("application/*"));
	assert_false(accept_wants_json(""));
	assert_false(accept_wants_json(NULL));
	assert_false(accept_wants_json("application/json;q=0"));
	assert_false(accept_wants_json("application/json;q=0.0, text/html"));
	assert_false(accept_wants_json("application/json;q=0, */*"));
	assert_false(accept_wants_json("text/html, application/json"));
	assert_false(accept_wants_json("application/json, text/html"));
	assert_false(accept_wants_json("application/json;q=0.5, text/html;q=0.5"));
	assert_false(accept_wants_json("application/jsonp"));
	assert_false(accept_wants_json("application/json-patch+json"));
	assert_false(accept_wants_json("text/json"));
	/* A q= in a later entry belongs to that entry. */
	assert_true(accept_wants_json("application/json;v=1, text/html;q=0.5"));
	assert_false(accept_wants_json("application/json;v=1, text/html, x/y;q=0"));
}

static void test_accept_pathological(void **state)
{
	(void)state;
	/* A header as large as the server lets through (32 KiB), made of
	 * entries with parameters and no q=: must stay linear. */
	size_t n;
	char *s = repeat("a;b,", 8192, &n);
	double t0 = now_seconds();
	for (int i = 0; i < 10; i++)
		assert_false(accept_wants_json(s));
	double dt = now_seconds() - t0;
	free(s);
	if (dt > 0.5)
		fail_msg("ten 32 KiB Accept headers took %.3f s", dt);
}

int main(void)
{
	if (base_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlencoded_basic),
		cmocka_unit_test(test_urlencoded_empty_parts),
		cmocka_unit_test(test_urlencoded_bad_escapes),
		cmocka_unit_test(test_urlencoded_utf8),
		cmocka_unit_test(test_urlencoded_limits),
		cmocka_unit_test(test_urlencoded_pathological),
		cmocka_unit_test(test_path_segment),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_cookies_limits),
		cmocka_unit_test(test_accept_wants_json),
		cmocka_unit_test(test_accept_pathological),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
