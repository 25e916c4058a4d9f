/* Locality boundaries (geo/boundaries.c): a Voronoi cell holds its site
 * and not the others, cells meet without gaps, the check refuses what is
 * not a closed Polygon or MultiPolygon, and the demo's six are stored and
 * read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../access/access_fixture.h"
#include "directory/geo/geo.h"

/* Whether p is inside the polygon v[0..n) (even-odd rule). */
static bool inside(const geo_point *v, size_t n, geo_point p)
{
	bool in = false;
	for (size_t i = 0, j = n - 1; i < n; j = i++)
		if ((v[i].lat_e6 > p.lat_e6) != (v[j].lat_e6 > p.lat_e6) &&
		    p.lon_e6 < (double)(v[j].lon_e6 - v[i].lon_e6) * (p.lat_e6 - v[i].lat_e6) /
				       (double)(v[j].lat_e6 - v[i].lat_e6) + v[i].lon_e6)
			in = !in;
	return in;
}

static void voronoi_cells(void **state)
{
	(void)state;
	const geo_point sites[] = {{52600000, -1900000}, {52600000, -1800000}, {52650000, -1850000}};
	const geo_box box = {52500000, 52700000, -2000000, -1700000};
	geo_point cell[3][16];
	size_t n[3];
	for (size_t i = 0; i < 3; i++) {
		n[i] = geo_voronoi_cell(sites, 3, i, &box, cell[i], 16);
		assert_true(n[i] >= 3);
		for (size_t k = 0; k < 3; k++)
			assert_int_equal(inside(cell[i], n[i], sites[k]), k == i);
	}
	/* A point of the box is in exactly one cell (no gaps, no overlaps). */
	for (int32_t lat = 52510000; lat < 52700000; lat += 17000)
		for (int32_t lon = -1990000; lon < -1700000; lon += 23000) {
			int hits = 0;
			for (size_t i = 0; i < 3; i++)
				hits += inside(cell[i], n[i], (geo_point){lat, lon});
			assert_int_equal(hits, 1);
		}
	assert_int_equal(geo_voronoi_cell(sites, 3, 0, &box, cell[0], 2), 0); /* too small a cap */
	assert_int_equal(geo_voronoi_cell(sites, 0, 0, &box, cell[0], 16), 0);
}

static void boundary_check(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		bool ok;
	} cases[] = {
		{"{\"type\":\"Polygon\",\"coordinates\":[[[-1.9,52.6],[-1.8,52.6],[-1.8,52.7],[-1.9,52.6]]]}", true},
		{"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[-1.9,52.6],[-1.8,52.6],[-1.8,52.7],[-1.9,52.6]]]]}", true},
		{"{\"type\":\"Polygon\",\"coordinates\":[[[-1.9,52.6],[-1.8,52.6],[-1.8,52.7],[-1.9,52.7]]]}", false},
		{"{\"type\":\"Polygon\",\"coordinates\":[[[-1.9,52.6],[-1.8,52.6],[-1.9,52.6]]]}", false},
		{"{\"type\":\"Polygon\",\"coordinates\":[[[-1.9,95],[-1.8,52.6],[-1.8,52.7],[-1.9,95]]]}", false},
		{"{\"type\":\"Point\",\"coordinates\":[-1.9,52.6]}", false},
		{"{\"type\":\"Polygon\",\"coordinates\":[]}", false},
		{"{\"type\":\"Polygon\",\"coordinates\":[[[-1.9,\"52.6\"],[-1.8,52.6],[-1.8,52.7],[-1.9,52.6]]]}", false},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		json_t *g = json_loads(cases[i].json, 0, NULL);
		assert_non_null(g);
		char err[160] = "";
		assert_int_equal(geo_boundary_check(g, err, sizeof err) == SN_OK, cases[i].ok);
		assert_true(cases[i].ok || *err);
		json_decref(g);
	}
}

typedef struct {
	int n;
	char names[6][32];
	bool closed;
} seen;

static void on_boundary(void *ctx, const char *uuid, const char *name, const char *geojson)
{
	seen *s = ctx;
	(void)uuid;
	json_t *g = json_loads(geojson, 0, NULL);
	char err[160];
	s->closed = s->closed && g && geo_boundary_check(g, err, sizeof err) == SN_OK;
	json_decref(g);
	if (s->n < 6)
		snprintf(s->names[s->n], sizeof s->names[0], "%s", name);
	s->n++;
}

static void demo_boundaries(void **state)
{
	fixture *f = *state;
	static const char *const names[] = {"Eastfield", "Hollins Green", "Millbrook", "Northgate", "Old Town", "Riverside"};
	int64_t ids[6];
	for (size_t i = 0; i < 6; i++) {
		char uuid[40];
		snprintf(uuid, sizeof uuid, "40000000-0000-4000-8000-%012zu", i);
		assert_int_equal(store_one_i64(f->s, &ids[i], "INSERT INTO localities (uuid, name) VALUES (?, ?) RETURNING id",
					       "tt", uuid, names[i]),
				 SN_OK);
	}
	assert_int_equal(geo_boundaries_demo(f->s, ids, 6, "2026-11-30T10:00:00Z"), SN_OK);
	assert_int_equal(geo_boundaries_demo(f->s, ids, 6, "2026-11-30T10:00:00Z"), SN_OK); /* again: replaced */
	seen s = {.closed = true};
	assert_int_equal(geo_boundaries_each(f->s, on_boundary, &s), SN_OK);
	assert_int_equal(s.n, 6);
	assert_true(s.closed);
	assert_string_equal(s.names[0], "Eastfield"); /* by name */
	json_t *bad = json_loads("{\"type\":\"Point\",\"coordinates\":[0,0]}", 0, NULL);
	char err[160];
	assert_int_equal(geo_boundary_set(f->s, ids[0], bad, "2026-11-30T10:00:00Z", err, sizeof err), SN_EINPUT);
	json_decref(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(voronoi_cells),
		cmocka_unit_test(boundary_check),
		cmocka_unit_test_setup_teardown(demo_boundaries, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
