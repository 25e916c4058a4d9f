/* geo/: geography for the directory. Prefix: geo_. Coordinates are
 * integer millionths of a degree (WGS84, "e6"), distances whole metres:
 * pure functions in geo.c (no store); postcode centroids (geo_postcode_*,
 * geo_postcodes_*) looked up and imported by an admin from a CSV file
 * (`supportnet import --postcodes FILE`: the ONS Postcode Directory or the
 * common ukpostcodes.csv), or generated for the demo area: the CSV reading
 * in postcodes.c, every SQL statement in postcodes_store.c. At the bottom
 * of the directory with hours/: it uses nothing else of the directory's. */
#ifndef SN_GEO_H
#define SN_GEO_H

#include <stdio.h>

#include <jansson.h>

#include "../../base/base.h"
#include "../../store/store.h"

/* Mean Earth radius (IUGG), metres. */
#define GEO_EARTH_RADIUS_M 6371008.8

#define GEO_LAT_MAX_E6 90000000
#define GEO_LON_MAX_E6 180000000

/* Bytes enough for any geo_format_e6 result ("-2147.483648" and a NUL). */
#define GEO_E6_STR 16

bool geo_lat_ok(int64_t lat_e6); /* -90..90 degrees inclusive */
bool geo_lon_ok(int64_t lon_e6); /* -180..180 degrees inclusive */

/* Great-circle distance (haversine on a sphere of GEO_EARTH_RADIUS_M),
 * rounded to whole metres. Symmetric; 0 for the same point. */
int64_t geo_distance_m(int32_t lat1_e6, int32_t lon1_e6, int32_t lat2_e6, int32_t lon2_e6);

/* A latitude/longitude box, bounds inclusive, for an indexed prefilter
 * ("lat_e6 BETWEEN ? AND ? AND lon_e6 BETWEEN ? AND ?") before the exact
 * geo_distance_m. */
typedef struct {
	int32_t lat_min_e6, lat_max_e6;
	int32_t lon_min_e6, lon_max_e6;
} geo_box;

/* The smallest box (with a few millionths of a degree to spare) that holds
 * every point within radius_m of the centre. When the circle reaches a pole
 * or crosses the antimeridian the longitude range is the whole -180..180
 * (one simple range, never a wrapped pair). A negative radius counts as 0. */
void geo_bbox(int32_t lat_e6, int32_t lon_e6, int64_t radius_m, geo_box *out);
bool geo_box_contains(const geo_box *b, int32_t lat_e6, int32_t lon_e6);

/* Parses decimal degrees exactly from the digits, without floating point:
 * an optional sign, digits, an optional '.' and digits ("51.501009",
 * "-0.141588", "+1", "51.", ".5"). Beyond six decimal places the value is
 * rounded half away from zero on the seventh (at most 20 decimals). No
 * spaces, exponents or thousands separators. SN_EINPUT when malformed or
 * when the magnitude is 1000 degrees or more; the range of a latitude or a
 * longitude is the caller's to check (geo_lat_ok, geo_lon_ok). */
sn_err geo_parse_e6(const char *s, int32_t *out);

/* Formats e6 as decimal degrees with six places: 51501009 -> "51.501009",
 * -1 -> "-0.000001", 0 -> "0.000000". Returns out. */
char *geo_format_e6(int32_t v, char out[static GEO_E6_STR]);

/* ---- postcode centroids ---- */

/* Limits of the importer: beyond any of them the file is refused whole. */
#define GEO_POSTCODES_FIELD_MAX     256         /* bytes in one field */
#define GEO_POSTCODES_COLS_MAX      64          /* fields in one row */
#define GEO_POSTCODES_ROWS_MAX      5000000     /* data rows (after the header) */
#define GEO_POSTCODES_BYTES_MAX     (2LL << 30) /* bytes in the file: 2 GiB */
#define GEO_POSTCODES_PROBLEMS_KEPT 20          /* messages kept; the rest counted */
#define GEO_POSTCODES_PROBLEM_LEN   160

/* The ONS Postcode Directory's latitude for a postcode without a location
 * (its longitude is then 0.000000): such rows are skipped and counted. */
#define GEO_POSTCODES_NO_LOCATION_LAT_E6 99999999

/* Looks up a postcode's centroid, normalising it first ("sw1a1aa").
 * SN_EINPUT for a string that is not a UK postcode, SN_ENOTFOUND for one
 * that is not in the table. *locality_id is 0 when the postcode has none.
 * Any of the out pointers may be NULL. */
sn_err geo_postcode_lookup(store *s, const char *postcode, int32_t *lat_e6, int32_t *lon_e6,
                        int64_t *locality_id);

/* Called now and then during an import (every few thousand rows, and once
 * at the end): data rows done, bytes read, and the size of the input when
 * known (0 when it is a pipe). */
typedef void (*geo_postcodes_progress_fn)(void *ctx, int64_t rows, int64_t bytes, int64_t total_bytes);

typedef struct {
	bool dry_run;                   /* check everything, change nothing */
	bool skip_bad;                  /* keep the good rows although some are bad */
	geo_postcodes_progress_fn progress; /* may be NULL */
	void *progress_ctx;
} geo_postcodes_import_opts;

typedef struct {
	int64_t rows;        /* data rows read (the header is not counted) */
	int64_t imported;    /* rows written (on a dry run: that would be) */
	int64_t added;       /* of those, postcodes new to the table (0 on a dry run) */
	int64_t no_location; /* skipped: the ONS "no location" marker */
	int64_t bad;         /* bad rows (not imported) */
	int64_t bytes;       /* bytes read */
	bool changed;        /* true when the import was committed */
	/* Problems, in order: "row 17: postcode 'XX': not a UK postcode".
	 * Rows are numbered as a spreadsheet shows them: the header is row 1.
	 * A file-level problem (no header, a limit, broken CSV) is the last. */
	char problems[GEO_POSTCODES_PROBLEMS_KEPT][GEO_POSTCODES_PROBLEM_LEN];
	size_t n_problems; /* messages kept, at most GEO_POSTCODES_PROBLEMS_KEPT */
	int64_t n_more;    /* problems beyond those kept */
	char error[256];   /* a runtime failure (the store), else "" */
} geo_postcodes_import_report;

/* Imports postcode centroids from CSV on f (read to its end). The first row
 * is a header naming the columns: the postcode is the column named pcds,
 * pcd or postcode (in that order of preference, any case), the latitude
 * lat or latitude, the longitude long, lon or longitude; other columns are
 * ignored. Each postcode is upserted (its locality is kept). Everything is
 * one transaction: when any row is bad nothing changes, unless skip_bad.
 * Returns SN_OK when the file was imported (or, on a dry run, would be);
 * SN_EINPUT for bad rows or a malformed file and SN_ETOOBIG over a limit
 * (nothing changed; the problems are in rep); SN_ESTORE or SN_EINTERNAL
 * for a runtime failure (rep->error says what). */
sn_err geo_postcodes_import_csv(store *s, FILE *f, const geo_postcodes_import_opts *o,
                            geo_postcodes_import_report *rep);

/* The same from a buffer, for tests and the fuzzer; s may be NULL with
 * o->dry_run (then only the CSV and its rows are checked). */
sn_err geo_postcodes_import_mem(store *s, const void *data, size_t n, const geo_postcodes_import_opts *o,
                            geo_postcodes_import_report *rep);

/* The demo area (Ashby Vale, a made-up place in the English Midlands):
 * GEO_POSTCODES_DEMO_PER_LOCALITY postcodes in each of up to
 * GEO_POSTCODES_DEMO_LOCALITIES localities, outward code AV1..AV6 for locality
 * index 0..5, scattered within about 2 km of each locality's own centre.
 * "AV" is not a real postcode area, so no demo postcode is anyone's. The
 * set of postcodes is fixed (the same for every seed, so that
 * geo_postcodes_demo_pick needs no store); the seed moves the centroids. */
#define GEO_POSTCODES_DEMO_LOCALITIES   6
#define GEO_POSTCODES_DEMO_PER_LOCALITY 200

/* Writes the demo centroids with locality_id = locality_ids[i] for outward
 * code AV(i+1); n_localities at most GEO_POSTCODES_DEMO_LOCALITIES. Runs in
 * the caller's transaction when one is open, else in its own. Upserts, so
 * running it again is harmless. */
sn_err geo_postcodes_demo(store *s, const int64_t *locality_ids, size_t n_localities, uint64_t seed);

/* One of the demo postcodes of locality index locality_index (0-based;
 * taken modulo GEO_POSTCODES_DEMO_LOCALITIES), chosen with g: "AV3 5KF". */
void geo_postcodes_demo_pick(rng *g, size_t locality_index, char out[static 9]);

/* The k-th demo postcode (0 <= k < GEO_POSTCODES_DEMO_PER_LOCALITY) of a
 * locality: the whole set, in a fixed order. */
void geo_postcodes_demo_nth(size_t locality_index, size_t k, char out[static 9]);

/* ---- locality boundaries (the map's areas; boundaries.c, SQL in
 * boundaries_store.c) ---- */

typedef struct {
	int32_t lat_e6, lon_e6;
} geo_point;

/* Site i's Voronoi cell among sites[0..n) (the points nearer site i than
 * any other, measured flat at the sites' mean latitude), clipped to box:
 * a polygon of at most cap corners into out, not closed; returns how many
 * (0 when cap is too small or n is 0). Pure. */
size_t geo_voronoi_cell(const geo_point *sites, size_t n, size_t i, const geo_box *box, geo_point *out,
			size_t cap);

#define GEO_BOUNDARY_POINTS_MAX 100000 /* positions in one boundary */

/* Checks a GeoJSON geometry for a boundary: a Polygon or MultiPolygon,
 * each ring of at least 4 [longitude, latitude] positions in range,
 * closed (its last position its first), at most GEO_BOUNDARY_POINTS_MAX
 * positions in all. SN_EINPUT with a message in err when it is not. */
sn_err geo_boundary_check(const json_t *geometry, char *err, size_t err_size);
/* Writes (or replaces) a locality's boundary after geo_boundary_check. */
sn_err geo_boundary_set(store *s, int64_t locality_id, const json_t *geometry, const char *now, char *err,
			size_t err_size);
/* Each locality that has a boundary, by name: its uuid, name and
 * geometry (JSON text), valid during the call. */
typedef void geo_boundary_fn(void *ctx, const char *uuid, const char *name, const char *geojson);
sn_err geo_boundaries_each(store *s, geo_boundary_fn *fn, void *ctx);
/* The demo area's made-up boundaries: each locality's Voronoi cell among
 * the demo localities' centres (those geo_postcodes_demo scatters its
 * postcodes around), in a box a few kilometres beyond them. */
sn_err geo_boundaries_demo(store *s, const int64_t *locality_ids, size_t n_localities, const char *now);
/* The centre of demo locality index li (0-based, modulo
 * GEO_POSTCODES_DEMO_LOCALITIES). */
geo_point geo_postcodes_demo_centre(size_t li);

#endif
