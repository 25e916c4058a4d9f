/* Unit tests for plan/circle_svg: the circle of support as SVG (well formed, escaped, 0 to 40
 * people a ring, dots apart, deterministic) and its counts. SN_CIRCLE_SVG_OUT=DIR writes the
 * pictures there to look at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan/plan_show.h"

static plan_doc *new_doc(void)
{
	plan_doc *d = calloc(1, sizeof *d);
	assert_non_null(d);
	return d;
}

static void add_person(plan_doc *d, const char *name, const char *rel, plan_ring ring)
{
	plan_person *p = &d->circle[d->n_circle];
	snprintf(p->id, sizeof p->id, "p%zu", d->n_circle);
	p->name = name;
	p->relationship = rel;
	p->ring = ring;
	d->n_circle++;
}

static plan_doc *rose(void)
{
	plan_doc *d = new_doc();
	add_person(d, "Ann", "my daughter", RING_INTIMATE);
	add_person(d, "Sam Okafor", "my PA", RING_PAID);
	add_person(d, "Bill", "my husband", RING_INTIMATE);
	add_person(d, "Jo", "my neighbour", RING_FRIENDS);
	add_person(d, "Priya", "my friend from church", RING_FRIENDS);
	add_person(d, "Tom", "my grandson", RING_FRIENDS);
	add_person(d, "The allotment group", "Tuesdays", RING_PARTICIPATION);
	add_person(d, "Lunch club", "Thursdays", RING_PARTICIPATION);
	add_person(d, "Dr Patel", "my GP", RING_PAID);
	add_person(d, "Home care team", "mornings", RING_PAID);
	add_person(d, "Maximilian-Alexander", "my nephew", RING_FRIENDS);
	return d;
}

static void save(const char *name, const char *svg)
{
	const char *dir = getenv("SN_CIRCLE_SVG_OUT");
	if (!dir)
		return;
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(svg, f);
		fclose(f);
	}
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* Well formed enough: every element closed in order, no stray < or &,
 * attribute values quoted. */
static void assert_well_formed(const char *s)
{
	char stack[64][32];
	int depth = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '&') {
			assert_true(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0 ||
			            strncmp(p, "&gt;", 4) == 0 || strncmp(p, "&quot;", 6) == 0 ||
			            strncmp(p, "&#39;", 5) == 0);
			continue;
		}
		assert_int_not_equal(*p, '>'); /* outside a tag */
		if (*p != '<')
			continue;
		const char *end = strchr(p, '>');
		assert_non_null(end);
		bool closing = p[1] == '/', empty = end[-1] == '/';
		size_t n = strcspn(p + 1 + closing, " />");
		assert_true(n > 0 && n < 32);
		for (const char *q = p + 1; q < end; q++) {
			assert_int_not_equal(*q, '<');
			if (*q == '=') {
				assert_int_equal(q[1], '"');
				q = strchr(q + 2, '"');
				assert_true(q && q < end);
			}
		}
		if (closing) {
			assert_true(depth > 0);
			depth--;
			assert_int_equal(strlen(stack[depth]), n);
			assert_memory_equal(stack[depth], p + 2, n);
		} else if (!empty) {
			assert_true(depth < 64);
			memcpy(stack[depth], p + 1, n);
			stack[depth++][n] = 0;
		}
		p = end;
	}
	assert_int_equal(depth, 0);
}

typedef struct {
	int x, y, r;
} dot;

/* The people's dots: circles inside a <g>. */
static size_t dots_of(const char *s, dot *out, size_t max)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "<g><title>")) && n < max; p++) {
		const char *c = strstr(p, "<circle ");
		assert_non_null(c);
		assert_int_equal(sscanf(c, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\"", &out[n].x,
		                        &out[n].y, &out[n].r),
		                 3);
		n++;
	}
	return n;
}

static void assert_apart(const dot *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			long dx = d[i].x - d[j].x, dy = d[i].y - d[j].y, min = d[i].r + d[j].r + 1;
			if (dx * dx + dy * dy < min * min)
				fail_msg("dots %zu and %zu overlap: (%d,%d) (%d,%d)", i + 1, j + 1,
				         d[i].x, d[i].y, d[j].x, d[j].y);
		}
}

static const char *svg_of(arena *a, const plan_doc *d, const char *name)
{
	const char *svg = NULL;
	assert_int_equal(plan_circle_svg(d, name, NULL, a, &svg), SN_OK);
	assert_non_null(svg);
	return svg;
}

static void test_well_formed(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *d = rose();
	const char *svg = svg_of(a, d, "Rose");
	save("rose.svg", svg);
	assert_true(strncmp(svg,
	                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 640\"",
	                    60) == 0);
	assert_non_null(strstr(svg, " role=\"img\""));
	assert_non_null(strstr(svg, " aria-labelledby=\"circle-title circle-desc\""));
	assert_non_null(
	    strstr(svg, "<title id=\"circle-title\">Rose&#39;s circle of support</title>"));
	assert_non_null(strstr(svg, "<desc id=\"circle-desc\">2 people closest to Rose, 4 friends "
	                            "and family, 2 groups and activities and 3 people paid to "
	                            "support Rose."));
	assert_well_formed(svg);
	assert_int_equal(count(svg, "<g>"), 11);
	/* Rings labelled in words, the person in the centre. */
	assert_non_null(strstr(svg, ">Closest to me</textPath>"));
	assert_non_null(strstr(svg, ">Friends and family</textPath>"));
	assert_non_null(strstr(svg, ">Groups and activities I take part in</textPath>"));
	assert_non_null(strstr(svg, ">People paid to support me</textPath>"));
	assert_non_null(strstr(svg, ">Rose</text>"));
	/* Numbered ring by ring; names under the dots, long ones cut. */
	assert_non_null(strstr(svg, "<title>1. Ann, my daughter</title>"));
	assert_non_null(strstr(svg, "<title>2. Bill, my husband</title>"));
	assert_non_null(strstr(svg, "<title>3. Jo, my neighbour</title>"));
	assert_non_null(strstr(svg, "<title>9. Sam Okafor, my PA</title>"));
	assert_non_null(strstr(svg, ">Maximilia…</text>"));
	assert_int_equal(plan_circle_number(d, 0), 1);
	assert_int_equal(plan_circle_number(d, 1), 9);
	assert_int_equal(plan_circle_number(d, 2), 2);
	assert_int_equal(plan_circle_number(d, 10), 6);
	assert_int_equal(plan_circle_number(d, 11), 0);
	dot dots[PLAN_LIST_MAX];
	assert_apart(dots, dots_of(svg, dots, PLAN_LIST_MAX));
	/* The person's own view. */
	svg = svg_of(a, d, NULL);
	assert_non_null(strstr(svg, "<title id=\"circle-title\">My circle of support</title>"));
	assert_non_null(strstr(svg, "<desc id=\"circle-desc\">2 people closest to me,"));
	assert_non_null(strstr(svg, ">Me</text>"));
	/* Another prefix for a second picture on the page. */
	assert_int_equal(plan_circle_svg(d, "", "v2-circle", a, &svg), SN_OK);
	assert_non_null(strstr(svg, "aria-labelledby=\"v2-circle-title v2-circle-desc\""));
	assert_non_null(strstr(svg, "href=\"#v2-circle-ring-0\""));
	assert_int_equal(plan_circle_svg(d, "", "Bad\"id", a, &svg), SN_EINPUT);
	assert_int_equal(plan_circle_svg(d, "", "", a, &svg), SN_EINPUT);
	free(d);
	arena_free(a);
}

static void test_escaping(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *d = new_doc();
	add_person(d, "<b>&\"'", "a <script>alert('x')</script>", RING_FRIENDS);
	add_person(d, "Line\nbreak\x01", "", RING_PAID);
	const char *svg = svg_of(a, d, "O'Brien & <Co>");
	assert_well_formed(svg);
	assert_null(strstr(svg, "<b>"));
	assert_null(strstr(svg, "<script"));
	assert_non_null(
	    strstr(svg, "<title>1. &lt;b&gt;&amp;&quot;&#39;, a &lt;script&gt;alert(&#39;x&#39;)"
	                "&lt;/script&gt;</title>"));
	assert_non_null(strstr(svg, ">&lt;b&gt;&amp;&quot;&#39;</text>"));
	assert_non_null(strstr(svg, "<title>2. Line break </title>"));
	assert_non_null(strstr(svg, "O&#39;Brien &amp; &lt;Co&gt;&#39;s circle of support"));
	assert_non_null(strstr(svg, "O&#39;Brien…</text>"));
	free(d);
	arena_free(a);
}

static void test_nobody(void **state)
{
	(void)state;
	arena *a = arena_new();
	plan_doc *d = new_doc();
	const char *svg = svg_of(a, d, NULL);
	save("nobody.svg", svg);
	assert_well_formed(svg);
	assert_non_null(
	    strstr(svg, "<desc id=\"circle-desc\">No one is in the circle yet.</desc>"));
	assert_null(strstr(svg, "<g>"));
	assert_int_equal(count(svg, "<textPath"), 4);
	plan_circle_counts c;
	plan_circle_count(d, &c);
	assert_int_equal(c.total, 0);
	assert_int_equal(c.unpaid, 0);
	free(d);
	arena_free(a);
}

static const char *const NAMES[] = {"Ann", "Bob", "Cat", "Dev", "Eve", "Fay", "Gus", "Hal"};

/* 40 people in one ring, each ring in turn: all numbered, none overlap,
 * no names (no room); and one in each ring besides. */
static void test_forty_in_a_ring(void **state)
{
	(void)state;
	for (int ring = 0; ring < RING_COUNT; ring++) {
		arena *a = arena_new();
		plan_doc *d = new_doc();
		for (int i = 0; i < PLAN_LIST_MAX; i++)
			add_person(d, NAMES[i % 8], "a friend", (plan_ring)ring);
		const char *svg = svg_of(a, d, "Rose");
		char file[32];
		snprintf(file, sizeof file, "forty-%d.svg", ring);
		save(file, svg);
		assert_well_formed(svg);
		assert_int_equal(count(svg, "<g>"), PLAN_LIST_MAX);
		assert_non_null(strstr(svg, "<title>40. "));
		assert_non_null(strstr(svg, ">40</text>"));
		assert_null(strstr(svg, "font-size=\"12\"")); /* no names under the dots */
		dot dots[PLAN_LIST_MAX];
		size_t n = dots_of(svg, dots, PLAN_LIST_MAX);
		assert_int_equal(n, PLAN_LIST_MAX);
		assert_apart(dots, n);
		for (size_t i = 0; i < n; i++) { /* inside the picture, off the centre */
			long dx = dots[i].x - 320, dy = dots[i].y - 320;
			assert_true(dx * dx + dy * dy > 38 * 38 + 0L);
			assert_true(dots[i].x > 0 && dots[i].x < 640 && dots[i].y > 0 &&
			            dots[i].y < 640);
		}
		plan_circle_counts c;
		plan_circle_count(d, &c);
		assert_int_equal(c.ring[ring], 40);
		assert_int_equal(c.total, 40);
		assert_int_equal(c.unpaid, ring == RING_PAID ? 0 : 40);
		free(d);
		arena_free(a);
	}
	/* Every size from 1 to 40 in the smallest ring keeps its dots apart. */
	for (int n = 1; n <= PLAN_LIST_MAX; n++) {
		arena *a = arena_new();
		plan_doc *d = new_doc();
		for (int i = 0; i < n; i++)
			add_person(d, NAMES[i % 8], "", RING_INTIMATE);
		dot dots[PLAN_LIST_MAX];
		assert_apart(dots, dots_of(svg_of(a, d, NULL), dots, PLAN_LIST_MAX));
		free(d);
		arena_free(a);
	}
}

static void test_counts(void **state)
{
	(void)state;
	plan_doc *d = rose();
	plan_circle_counts c;
	plan_circle_count(d, &c);
	assert_int_equal(c.ring[RING_INTIMATE], 2);
	assert_int_equal(c.ring[RING_FRIENDS], 4);
	assert_int_equal(c.ring[RING_PARTICIPATION], 2);
	assert_int_equal(c.ring[RING_PAID], 3);
	assert_int_equal(c.total, 11);
	assert_int_equal(c.unpaid, 8);
	d->circle[0].ring = RING_COUNT; /* unknown: not counted */
	plan_circle_count(d, &c);
	assert_int_equal(c.total, 10);
	assert_int_equal(plan_circle_number(d, 0), 0);
	free(d);
}

static void test_deterministic(void **state)
{
	(void)state;
	arena *a = arena_new(), *b = arena_new();
	plan_doc *d = rose();
	const char *one = svg_of(a, d, "Rose"), *two = svg_of(b, d, "Rose");
	assert_string_equal(one, two);
	/* Whole numbers only in the coordinates. */
	static const char *const attrs[] = {" cx=\"", " cy=\"", " r=\"", " x=\"", " y=\""};
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		for (const char *p = one; (p = strstr(p, attrs[i])); p++) {
			const char *v = p + strlen(attrs[i]);
			assert_true(strspn(v, "0123456789") == strcspn(v, "\""));
		}
	free(d);
	arena_free(a);
	arena_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_well_formed), cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_nobody),      cmocka_unit_test(test_forty_in_a_ring),
	    cmocka_unit_test(test_counts),      cmocka_unit_test(test_deterministic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
