/* Locality boundaries for the directory's map: a Voronoi cell (pure), the
 * check of a GeoJSON geometry before it is stored, and the demo area's
 * made-up boundaries. The SQL is in boundaries_store.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_int.h"

/* A point in a flat frame (x east, y north, both in millionths of a
 * degree of latitude's length). */
typedef struct {
	double x, y;
} flat;

/* Keeps the part of polygon in[0..n) on site a's side of the bisector
 * between a and b (Sutherland-Hodgman against one half-plane). */
static size_t clip(const flat *in, size_t n, flat a, flat b, flat *out, size_t cap)
{
	/* Points p with (p - m) . (b - a) <= 0 are nearer a; m the midpoint. */
	flat m = {(a.x + b.x) / 2, (a.y + b.y) / 2}, d = {b.x - a.x, b.y - a.y};
	size_t k = 0;
	for (size_t i = 0; i < n && k + 2 <= cap; i++) {
		flat p = in[i], q = in[(i + 1) % n];
		double sp = (p.x - m.x) * d.x + (p.y - m.y) * d.y, sq = (q.x - m.x) * d.x + (q.y - m.y) * d.y;
		if (sp <= 0)
			out[k++] = p;
		if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
			double t = sp / (sp - sq);
			out[k++] = (flat){p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
		}
	}
	return k;
}

size_t geo_voronoi_cell(const geo_point *sites, size_t n, size_t i, const geo_box *box, geo_point *out,
			size_t cap)
{
	enum { MAX = 256 };
	if (!n || i >= n || cap < 3)
		return 0;
	double mean = 0;
	for (size_t k = 0; k < n; k++)
		mean += sites[k].lat_e6 / (double)n;
	double kx = cos(mean / 1e6 * M_PI / 180);
	flat a[MAX], b[MAX];
	a[0] = (flat){box->lon_min_e6 * kx, box->lat_min_e6};
	a[1] = (flat){box->lon_max_e6 * kx, box->lat_min_e6};
	a[2] = (flat){box->lon_max_e6 * kx, box->lat_max_e6};
	a[3] = (flat){box->lon_min_e6 * kx, box->lat_max_e6};
	size_t m = 4;
	flat me = {sites[i].lon_e6 * kx, sites[i].lat_e6};
	for (size_t k = 0; k < n && m; k++) {
		if (k == i)
			continue;
		flat other = {sites[k].lon_e6 * kx, sites[k].lat_e6};
		m = clip(a, m, me, other, b, MAX);
		memcpy(a, b, m * sizeof *a);
	}
	if (m > cap)
		return 0;
	for (size_t k = 0; k < m; k++)
		out[k] = (geo_point){(int32_t)llround(a[k].y), (int32_t)llround(a[k].x / kx)};
	return m;
}

/* One ring: at least 4 positions, each [lon, lat] in range, closed. */
static sn_err ring_check(const json_t *ring, size_t *points, char *err, size_t err_size)
{
	size_t n = json_array_size(ring);
	if (!json_is_array(ring) || n < 4) {
		snprintf(err, err_size, "a ring needs at least 4 positions");
		return SN_EINPUT;
	}
	*points += n;
	if (*points > GEO_BOUNDARY_POINTS_MAX) {
		snprintf(err, err_size, "more than %d positions", GEO_BOUNDARY_POINTS_MAX);
		return SN_EINPUT;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(ring, i);
		const json_t *lon = json_array_get(p, 0), *lat = json_array_get(p, 1);
		if (!json_is_array(p) || json_array_size(p) < 2 || !json_is_number(lon) || !json_is_number(lat) ||
		    fabs(json_number_value(lon)) > 180 || fabs(json_number_value(lat)) > 90) {
			snprintf(err, err_size, "position %zu is not [longitude, latitude] in range", i);
			return SN_EINPUT;
		}
	}
	const json_t *first = json_array_get(ring, 0), *last = json_array_get(ring, n - 1);
	for (size_t c = 0; c < 2; c++)
		if (json_number_value(json_array_get(first, c)) != json_number_value(json_array_get(last, c))) {
			snprintf(err, err_size, "a ring must end where it starts");
			return SN_EINPUT;
		}
	return SN_OK;
}

static sn_err polygon_check(const json_t *rings, size_t *points, char *err, size_t err_size)
{
	if (!json_is_array(rings) || !json_array_size(rings)) {
		snprintf(err, err_size, "a polygon needs at least one ring");
		return SN_EINPUT;
	}
	sn_err rc = SN_OK;
	for (size_t i = 0; i < json_array_size(rings) && !rc; i++)
		rc = ring_check(json_array_get(rings, i), points, err, err_size);
	return rc;
}

sn_err geo_boundary_check(const json_t *geometry, char *err, size_t err_size)
{
	const char *type = json_string_value(json_object_get(geometry, "type"));
	const json_t *coords = json_object_get(geometry, "coordinates");
	size_t points = 0;
	if (type && strcmp(type, "Polygon") == 0)
		return polygon_check(coords, &points, err, err_size);
	if (!type || strcmp(type, "MultiPolygon") != 0 || !json_is_array(coords) || !json_array_size(coords)) {
		snprintf(err, err_size, "a boundary is a GeoJSON Polygon or MultiPolygon");
		return SN_EINPUT;
	}
	sn_err rc = SN_OK;
	for (size_t i = 0; i < json_array_size(coords) && !rc; i++)
		rc = polygon_check(json_array_get(coords, i), &points, err, err_size);
	return rc;
}

/* e6 as a JSON number of degrees with its six decimals exact. */
static json_t *degrees(int32_t e6)
{
	char s[GEO_E6_STR];
	geo_format_e6(e6, s);
	return json_real(strtod(s, NULL));
}

sn_err geo_boundaries_demo(store *s, const int64_t *locality_ids, size_t n_localities, const char *now)
{
	geo_point sites[GEO_POSTCODES_DEMO_LOCALITIES];
	size_t n = n_localities < GEO_POSTCODES_DEMO_LOCALITIES ? n_localities : GEO_POSTCODES_DEMO_LOCALITIES;
	geo_box box = {INT32_MAX, INT32_MIN, INT32_MAX, INT32_MIN};
	for (size_t i = 0; i < n; i++) {
		sites[i] = geo_postcodes_demo_centre(i);
		box.lat_min_e6 = sites[i].lat_e6 < box.lat_min_e6 ? sites[i].lat_e6 : box.lat_min_e6;
		box.lat_max_e6 = sites[i].lat_e6 > box.lat_max_e6 ? sites[i].lat_e6 : box.lat_max_e6;
		box.lon_min_e6 = sites[i].lon_e6 < box.lon_min_e6 ? sites[i].lon_e6 : box.lon_min_e6;
		box.lon_max_e6 = sites[i].lon_e6 > box.lon_max_e6 ? sites[i].lon_e6 : box.lon_max_e6;
	}
	/* About 3 km beyond the outermost centres: their postcodes lie within 2. */
	box.lat_min_e6 -= 27000;
	box.lat_max_e6 += 27000;
	box.lon_min_e6 -= 45000;
	box.lon_max_e6 += 45000;
	sn_err rc = SN_OK;
	char err[160];
	for (size_t i = 0; i < n && !rc; i++) {
		geo_point cell[64];
		size_t m = geo_voronoi_cell(sites, n, i, &box, cell, SN_ARRAY_LEN(cell));
		json_t *ring = json_array();
		for (size_t k = 0; k <= m && m; k++)
			json_array_append_new(ring, json_pack("[o, o]", degrees(cell[k % m].lon_e6),
							      degrees(cell[k % m].lat_e6)));
		json_t *g = json_pack("{s:s, s:[o]}", "type", "Polygon", "coordinates", ring);
		rc = geo_boundary_set(s, locality_ids[i], g, now, err, sizeof err);
		json_decref(g);
	}
	return rc;
}
