/* The results' map (progressive enhancement: the list is the page): the
 * map's part of the results page, and GET /find/map.geojson, the same
 * search as /find (its query) as GeoJSON for static/map.js: the
 * localities' boundaries, the postcode searched from, and every result
 * with a place (at most FIND_MAP_MAX), in the list's order. Drawn with no
 * tile server; tiles are an option (serve --tiles). */
#include <stdlib.h>
#include <string.h>

#include "../geo/geo.h"
#include "../search/search.h"
#include "find.h"
#include "find_int.h"

#define FIND_MAP_MAX 500
#define FIND_MAP_PAGE 100

void find_map_view(req *r, json_t *v, const json_t *results, const char *query, int64_t total)
{
	size_t i, placed = 0;
	const json_t *o;
	json_array_foreach(results, i, o)
		placed += json_object_get(o, "lat") != NULL;
	if (!placed)
		return;
	const char *what;
	if (total > FIND_MAP_MAX)
		what = arena_printf(r->a, "The map shows the first %d of the %s, in the order of the list.", FIND_MAP_MAX,
				    text_count(r->a, total, "result", "results"));
	else if (total > (int64_t)json_array_size(results))
		what = arena_printf(r->a, "The map shows all %s; the list gives them %d a page.",
				    text_count(r->a, total, "result", "results"), FIND_PER_PAGE);
	else
		what = "The map shows the same results as the list.";
	json_t *map = json_pack("{s:s, s:s}", "geojson", arena_printf(r->a, "/find/map.geojson?%s", query), "what", what);
	if (web_tiles()) {
		json_object_set_new(map, "tiles", json_string(web_tiles()));
		json_object_set_new(map, "attribution", json_string(web_tiles_attribution()));
	}
	json_object_set_new(v, "map", map);
}

/* A locality's boundary as a feature (a boundary that no longer reads is
 * left out). */
static void add_boundary(void *ctx, const char *uuid, const char *name, const char *geojson)
{
	json_t *features = ctx, *g = json_loads(geojson, 0, NULL);
	if (!g)
		return;
	json_array_append_new(features, json_pack("{s:s, s:o, s:{s:s, s:s, s:s}}", "type", "Feature", "geometry", g,
						  "properties", "kind", "locality", "id", uuid, "name", name));
}

static json_t *point(int32_t lat, int32_t lon)
{
	char la[GEO_E6_STR], lo[GEO_E6_STR];
	geo_format_e6(lat, la);
	geo_format_e6(lon, lo);
	return json_pack("{s:s, s:[f, f]}", "type", "Point", "coordinates", strtod(lo, NULL), strtod(la, NULL));
}

/* The results of q with a place, in the list's order, as features. */
static sn_err add_results(req *r, search_query *q, json_t *features, int64_t *total)
{
	sn_err rc = SN_OK;
	int64_t rank = 0;
	q->per_page = FIND_MAP_PAGE;
	for (q->page = 1; !rc && rank < FIND_MAP_MAX; q->page++) {
		search_results res = {0};
		rc = search_services(r->db, r->a, q, &res);
		*total = res.total;
		for (size_t i = 0; i < res.n && !rc && rank < FIND_MAP_MAX; i++) {
			rank++;
			find_row row;
			bool found = false, placed = false;
			int32_t lat = 0, lon = 0;
			rc = find_store_result(r->db, r->a, res.ids[i], &row, &found);
			if (!rc && found)
				rc = find_store_first_point(r->db, res.ids[i], &lat, &lon, &placed);
			if (rc || !placed)
				continue;
			json_t *props = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "kind", "service", "id", row.uuid,
						  "name", row.name, "where", row.where, "n", (json_int_t)rank, "page",
						  (json_int_t)((rank - 1) / FIND_PER_PAGE + 1));
			if (res.distance_m && res.distance_m[i] >= 0)
				json_object_set_new(props, "distance", json_string(find_miles(r, res.distance_m[i])));
			json_array_append_new(features, json_pack("{s:s, s:o, s:o}", "type", "Feature", "geometry",
								  point(lat, lon), "properties", props));
		}
		if (res.n < FIND_MAP_PAGE)
			break;
	}
	return rc;
}

sn_err find_map_geojson(req *r, reply *out)
{
	search_query q;
	const char *term, *day;
	char near[9];
	find_read_form(r, &q, &term, &day, near);
	if (r->errors)
		return reply_error(r, out, 400, "Check the search: the map shows what the search finds.");
	bool searched = *q.search || *term || *day || q.free_only || q.step_free || q.person_age >= 0 || q.has_point;
	json_t *features = json_array();
	sn_err rc = geo_boundaries_each(r->db, add_boundary, features);
	if (!rc && q.has_point)
		json_array_append_new(features, json_pack("{s:s, s:o, s:{s:s, s:s}}", "type", "Feature", "geometry",
							  point(q.lat_e6, q.lon_e6), "properties", "kind", "postcode",
							  "name", near));
	int64_t total = 0;
	if (!rc && searched)
		rc = add_results(r, &q, features, &total);
	if (rc) {
		json_decref(features);
		return rc;
	}
	json_t *fc = json_pack("{s:s, s:I, s:i, s:o}", "type", "FeatureCollection", "total", (json_int_t)total,
			       "max", FIND_MAP_MAX, "features", features);
	char *body = json_dumps(fc, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(fc);
	if (!body)
		return SN_EINTERNAL;
	out->status = 200;
	out->content_type = "application/geo+json";
	out->body = body;
	out->body_len = strlen(body);
	out->body_free = true;
	return SN_OK;
}
