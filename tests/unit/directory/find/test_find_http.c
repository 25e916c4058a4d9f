/* The Find pages in process (web_local, docs/testing.md): the real route
 * table and pipeline over a demo area, each answer read from the page's
 * view. What the pages say about the search they ran: "within" without a
 * postcode, nearest first, a page past the last, paging, joined words,
 * respellings that find nothing, step-free access, phone numbers; and the
 * map's GeoJSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../access/access_fixture.h"
#include "app/app.h"
#include "demo/demo.h"

static int setup(void **state)
{
	if (fixture_setup(state))
		return -1;
	fixture *f = *state;
	char err[256] = "";
	if (demo_create(f->s, 1, DEMO_SMALL, err, sizeof err)) {
		fprintf(stderr, "demo: %s\n", err);
		return -1;
	}
	app_start();
	web_local_init(&app_web);
	if (web_templates_init(err, sizeof err)) {
		fprintf(stderr, "templates: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	web_templates_free();
	return fixture_teardown(state);
}

static web_local_reply get(fixture *f, const char *target)
{
	web_local_reply out;
	web_local_request in = {.method = "GET", .target = target};
	assert_int_equal(web_local(f->s, &in, &out), SN_OK);
	return out;
}

static const char *view_str(const web_local_reply *r, const char *key)
{
	return json_string_value(json_object_get(r->view, key));
}

static json_int_t view_int(const web_local_reply *r, const char *key)
{
	return json_integer_value(json_object_get(r->view, key));
}

/* A postcode of the demo area: the first result's. */
static void a_postcode(fixture *f, char out[16])
{
	web_local_reply r = get(f, "/find?term=befriending");
	const char *where = json_string_value(json_object_get(json_array_get(json_object_get(r.view, "results"), 0),
							      "where"));
	assert_non_null(where);
	snprintf(out, 16, "%s", strrchr(where, ',') + 2);
	web_local_reply_free(&r);
}

static void within_needs_a_postcode(void **state)
{
	fixture *f = *state;
	web_local_reply r = get(f, "/find?q=lunch&within=5");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<a href=\"#postcode\">Enter a postcode to find places within 5 miles of it, "
				 "or choose Any distance</a>"));
	assert_false(json_is_true(json_object_get(r.view, "searched")));
	web_local_reply_free(&r);
}

static void nearest_first_and_said(void **state)
{
	fixture *f = *state;
	char pc[16], target[128];
	a_postcode(f, pc);
	snprintf(target, sizeof target, "/find?term=befriending&postcode=%.3s+%s", pc, pc + 4);
	web_local_reply r = get(f, target);
	assert_int_equal(r.status, 200);
	char note[64];
	snprintf(note, sizeof note, "Nearest to %s first.", pc);
	assert_string_equal(view_str(&r, "near"), note);
	json_t *results = json_object_get(r.view, "results");
	double last = -1;
	size_t i;
	json_t *o;
	json_array_foreach(results, i, o) {
		const char *d = json_string_value(json_object_get(o, "distance"));
		assert_non_null(d);
		double miles = strtod(d, NULL);
		assert_true(miles >= last);
		last = miles;
	}
	web_local_reply_free(&r);
}

static void paging_and_past_the_last(void **state)
{
	fixture *f = *state;
	web_local_reply none = get(f, "/find?q=xqzvy");
	assert_int_equal(view_int(&none, "total"), 0);
	assert_false(json_is_true(json_object_get(none.view, "paged")));
	assert_null(strstr(none.body, "Page 1 of 0"));
	web_local_reply_free(&none);
	web_local_reply one = get(f, "/find?q=lunch");
	json_int_t total = view_int(&one, "total");
	assert_true(total > 0 && total <= 20);
	assert_false(json_is_true(json_object_get(one.view, "paged")));
	assert_string_equal(view_str(&one, "total_text"), "18 results");
	web_local_reply_free(&one);
	web_local_reply past = get(f, "/find?q=lunch&page=99");
	assert_int_equal(past.status, 200);
	assert_int_equal(view_int(&past, "page"), 1);
	assert_int_equal(json_array_size(json_object_get(past.view, "results")), total);
	assert_string_equal(view_str(&past, "past_last"), "There is no page 99. These are the last results, page 1 of 1.");
	web_local_reply_free(&past);
}

static void words_people_type(void **state)
{
	fixture *f = *state;
	web_local_reply j = get(f, "/find?q=lunchclub");
	assert_true(view_int(&j, "total") > 0);
	json_t *shown = json_object_get(j.view, "shown_for");
	assert_string_equal(json_string_value(json_object_get(shown, "words")), "lunch club");
	assert_string_equal(view_str(&j, "query"), "q=lunch%20club");
	web_local_reply_free(&j);
	/* A respelling that would find nothing is not offered ("fr" is a
	 * letter from "for", and the numbers are not misspellings). */
	web_local_reply n = get(f, "/find?q=lunch+fr+1+1");
	assert_int_equal(view_int(&n, "total"), 0);
	assert_null(json_object_get(n.view, "suggestion"));
	web_local_reply_free(&n);
	web_local_reply w = get(f, "/find?q=wheelchair");
	assert_true(view_int(&w, "total") > 0);
	assert_non_null(view_str(&w, "step_free_note"));
	web_local_reply_free(&w);
	web_local_reply t = get(f, "/find?q=someone+to+talk+to");
	assert_true(view_int(&t, "total") > 0);
	web_local_reply_free(&t);
}

static void phones_to_call(void **state)
{
	fixture *f = *state;
	web_local_reply r = get(f, "/find/print?term=befriending");
	json_t *first = json_array_get(json_object_get(r.view, "results"), 0);
	const char *phone = json_string_value(json_object_get(first, "phone"));
	const char *tel = json_string_value(json_object_get(first, "tel"));
	assert_non_null(phone);
	assert_non_null(tel);
	assert_int_equal(strlen(tel), 11); /* 01632 960xxx */
	char link[64];
	snprintf(link, sizeof link, "href=\"tel:%s\">%s</a>", tel, phone);
	assert_non_null(strstr(r.body, link));
	web_local_reply_free(&r);
}

static void map_geojson(void **state)
{
	fixture *f = *state;
	web_local_reply r = get(f, "/find/map.geojson?q=lunch");
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/geo+json");
	json_t *fc = json_loads(r.body, 0, NULL);
	assert_non_null(fc);
	size_t i, areas = 0, places = 0;
	json_t *ft;
	json_array_foreach(json_object_get(fc, "features"), i, ft) {
		const char *kind = json_string_value(json_object_get(json_object_get(ft, "properties"), "kind"));
		areas += strcmp(kind, "locality") == 0;
		places += strcmp(kind, "service") == 0;
	}
	assert_int_equal(areas, 6);
	assert_int_equal(places, json_integer_value(json_object_get(fc, "total")));
	json_decref(fc);
	web_local_reply_free(&r);
	web_local_reply bad = get(f, "/find/map.geojson?within=1");
	assert_int_equal(bad.status, 400);
	web_local_reply_free(&bad);
	/* The results page hands the map the same query. */
	web_local_reply page = get(f, "/find?q=lunch");
	json_t *map = json_object_get(page.view, "map");
	assert_string_equal(json_string_value(json_object_get(map, "geojson")), "/find/map.geojson?q=lunch");
	assert_null(json_object_get(map, "tiles"));
	web_local_reply_free(&page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(within_needs_a_postcode),
		cmocka_unit_test(nearest_first_and_said),
		cmocka_unit_test(paging_and_past_the_last),
		cmocka_unit_test(words_people_type),
		cmocka_unit_test(phones_to_call),
		cmocka_unit_test(map_geojson),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
