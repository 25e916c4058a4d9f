/* Geography for the directory: coordinates are integer millionths of a
 * degree (WGS84, "e6"), distances whole metres. Pure functions, no store. */
#ifndef SN_GEO_H
#define SN_GEO_H

#include "../base/base.h"

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

#endif
