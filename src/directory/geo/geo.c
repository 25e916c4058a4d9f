/* Geography for the directory: distances, boxes, exact decimal degrees. */
#include <math.h>
#include <stdio.h>

#include "geo.h"

#define DEG_E6_TO_RAD (M_PI / 180e6)

bool geo_lat_ok(int64_t lat_e6)
{
	return lat_e6 >= -GEO_LAT_MAX_E6 && lat_e6 <= GEO_LAT_MAX_E6;
}

bool geo_lon_ok(int64_t lon_e6)
{
	return lon_e6 >= -GEO_LON_MAX_E6 && lon_e6 <= GEO_LON_MAX_E6;
}

int64_t geo_distance_m(int32_t lat1_e6, int32_t lon1_e6, int32_t lat2_e6, int32_t lon2_e6)
{
	double p1 = lat1_e6 * DEG_E6_TO_RAD, p2 = lat2_e6 * DEG_E6_TO_RAD;
	double dp = ((double)lat2_e6 - lat1_e6) * DEG_E6_TO_RAD;
	double dl = ((double)lon2_e6 - lon1_e6) * DEG_E6_TO_RAD;
	double sp = sin(dp / 2), sl = sin(dl / 2);
	double h = sp * sp + cos(p1) * cos(p2) * sl * sl;
	if (h > 1)
		h = 1;
	if (h < 0)
		h = 0;
	double d = 2 * GEO_EARTH_RADIUS_M * asin(sqrt(h));
	return (int64_t)llround(d);
}

/* Degrees (as double) to e6, rounded outward by `spare` millionths and
 * clamped to [-limit, limit]. */
static int32_t e6_out(double deg, int sign, int32_t limit)
{
	const double spare = 2;
	double v = deg * 1e6;
	v = sign < 0 ? floor(v) - spare : ceil(v) + spare;
	if (v < -limit)
		v = -limit;
	if (v > limit)
		v = limit;
	return (int32_t)v;
}

void geo_bbox(int32_t lat_e6, int32_t lon_e6, int64_t radius_m, geo_box *out)
{
	if (radius_m < 0)
		radius_m = 0;
	/* Angular radius of the circle; a cap can never exceed half a turn. */
	double delta = (double)radius_m / GEO_EARTH_RADIUS_M;
	if (delta > M_PI)
		delta = M_PI;
	double lat = lat_e6 / 1e6, lon = lon_e6 / 1e6;
	double ddeg = delta * 180 / M_PI;
	out->lat_min_e6 = e6_out(lat - ddeg, -1, GEO_LAT_MAX_E6);
	out->lat_max_e6 = e6_out(lat + ddeg, +1, GEO_LAT_MAX_E6);
	/* The widest point of a spherical cap of angular radius delta around
	 * latitude phi is asin(sin delta / cos phi) either side, unless the cap
	 * holds a pole (then every longitude). */
	double cphi = cos(lat_e6 * DEG_E6_TO_RAD), sd = sin(delta);
	bool all = delta >= M_PI / 2 || lat - ddeg <= -90 || lat + ddeg >= 90 || sd >= cphi;
	double dlon = all ? 360 : asin(sd / cphi) * 180 / M_PI;
	if (all || lon - dlon < -180 || lon + dlon > 180) {
		out->lon_min_e6 = -GEO_LON_MAX_E6;
		out->lon_max_e6 = GEO_LON_MAX_E6;
	} else {
		out->lon_min_e6 = e6_out(lon - dlon, -1, GEO_LON_MAX_E6);
		out->lon_max_e6 = e6_out(lon + dlon, +1, GEO_LON_MAX_E6);
	}
}

bool geo_box_contains(const geo_box *b, int32_t lat_e6, int32_t lon_e6)
{
	return lat_e6 >= b->lat_min_e6 && lat_e6 <= b->lat_max_e6 && lon_e6 >= b->lon_min_e6 &&
	       lon_e6 <= b->lon_max_e6;
}

sn_err geo_parse_e6(const char *s, int32_t *out)
{
	*out = 0;
	if (!s)
		return SN_EINPUT;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	int64_t whole = 0, frac = 0;
	int n_whole = 0, n_frac = 0;
	bool round_up = false;
	for (; *s >= '0' && *s <= '9'; s++, n_whole++) {
		whole = whole * 10 + (*s - '0');
		if (whole >= 1000)
			return SN_EINPUT;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, n_frac++) {
			if (n_frac >= 20)
				return SN_EINPUT;
			if (n_frac < 6)
				frac = frac * 10 + (*s - '0');
			else if (n_frac == 6)
				round_up = *s >= '5';
		}
	}
	if (*s || n_whole + n_frac == 0)
		return SN_EINPUT;
	for (int i = n_frac; i < 6; i++)
		frac *= 10;
	int64_t v = whole * 1000000 + frac + (round_up ? 1 : 0);
	if (v >= 1000000000)
		return SN_EINPUT;
	*out = (int32_t)(neg ? -v : v);
	return SN_OK;
}

char *geo_format_e6(int32_t v, char out[static GEO_E6_STR])
{
	int64_t w = v;
	const char *sign = w < 0 ? "-" : "";
	if (w < 0)
		w = -w;
	snprintf(out, GEO_E6_STR, "%s%lld.%06lld", sign, (long long)(w / 1000000),
	         (long long)(w % 1000000));
	return out;
}
