/* Unit tests for geo: distances, boxes, exact decimal degrees. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "directory/geo/geo.h"

static int32_t e6(double deg)
{
	return (int32_t)llround(deg * 1e6);
}

static void assert_near(int64_t got, int64_t want, double rel)
{
	double d = fabs((double)(got - want));
	if (d > rel * (double)want) {
		print_error("%lld is not within %.2f%% of %lld\n", (long long)got, rel * 100,
		            (long long)want);
		fail();
	}
}

static void test_known_distances(void **state)
{
	(void)state;
	/* London to Manchester: about 262 km. */
	int64_t d = geo_distance_m(e6(51.5074), e6(-0.1278), e6(53.4808), e6(-2.2426));
	assert_near(d, 262000, 0.005);
	/* Symmetric. */
	assert_int_equal(d, geo_distance_m(e6(53.4808), e6(-2.2426), e6(51.5074), e6(-0.1278)));
	/* Paris to New York, about 5,837 km. */
	assert_near(geo_distance_m(e6(48.8566), e6(2.3522), e6(40.7128), e6(-74.0060)), 5837000,
	            0.005);
	/* One degree of latitude on the mean sphere: pi R / 180 = 111,195 m. */
	assert_int_equal(geo_distance_m(0, 0, 1000000, 0), 111195);
	/* A millionth of a degree is about 11 cm: rounds to 0 m. */
	assert_int_equal(geo_distance_m(52600000, -1900000, 52600001, -1900000), 0);
	/* Pole to pole: half the circumference, 20,015,114 m. */
	assert_int_equal(geo_distance_m(90000000, 0, -90000000, 0), 20015114);
	/* Antipodes on the equator: the same. */
	assert_int_equal(geo_distance_m(0, 0, 0, 180000000), 20015114);
}

static void test_zero_distance(void **state)
{
	(void)state;
	assert_int_equal(geo_distance_m(0, 0, 0, 0), 0);
	assert_int_equal(geo_distance_m(51501009, -141588, 51501009, -141588), 0);
	assert_int_equal(geo_distance_m(90000000, 0, 90000000, 123000000), 0); /* the pole */
	assert_int_equal(geo_distance_m(0, 180000000, 0, -180000000), 0);      /* same meridian */
}

static void test_antimeridian(void **state)
{
	(void)state;
	/* 179.9 E to 179.9 W on the equator: 0.2 degrees, not 359.8. */
	int64_t d = geo_distance_m(0, 179900000, 0, -179900000);
	assert_near(d, 22239, 0.001);
	/* Fiji-ish, across the line at 17 S. */
	int64_t d2 = geo_distance_m(-17000000, 179500000, -17000000, -179500000);
	assert_true(d2 > 100000 && d2 < 110000);
}

/* Points at the radius (a hair inside) in 16 directions must be in the box. */
static void check_box_holds_circle(int32_t lat, int32_t lon, int64_t r)
{
	geo_box b;
	geo_bbox(lat, lon, r, &b);
	assert_true(geo_box_contains(&b, lat, lon));
	double R = GEO_EARTH_RADIUS_M, p1 = lat / 1e6 * M_PI / 180, l1 = lon / 1e6 * M_PI / 180;
	double dd = (double)r / R;
	for (int k = 0; k < 64; k++) {
		double th = k * 2 * M_PI / 64; /* bearing */
		double p2 = asin(sin(p1) * cos(dd) + cos(p1) * sin(dd) * cos(th));
		double l2 = l1 + atan2(sin(th) * sin(dd) * cos(p1), cos(dd) - sin(p1) * sin(p2));
		l2 = fmod(l2 + 3 * M_PI, 2 * M_PI) - M_PI; /* into -pi..pi */
		int32_t plat = e6(p2 * 180 / M_PI), plon = e6(l2 * 180 / M_PI);
		if (plon < -180000000)
			plon = -180000000;
		if (plon > 180000000)
			plon = 180000000;
		int64_t d = geo_distance_m(lat, lon, plat, plon);
		assert_true(llabs(d - r) <= 1 + r / 100000); /* the point is on the circle */
		if (!geo_box_contains(&b, plat, plon)) {
			print_error("centre %d,%d r %lld: bearing %d point %d,%d outside box "
			            "lat %d..%d lon %d..%d\n",
			            lat, lon, (long long)r, k, plat, plon, b.lat_min_e6,
			            b.lat_max_e6, b.lon_min_e6, b.lon_max_e6);
			fail();
		}
	}
}

static void test_bbox(void **state)
{
	(void)state;
	check_box_holds_circle(52600000, -1900000, 5000);
	check_box_holds_circle(52600000, -1900000, 0);
	check_box_holds_circle(51501009, -141588, 1);
	check_box_holds_circle(-33868800, 151209300, 250000);
	check_box_holds_circle(0, 0, 1000000);
	check_box_holds_circle(70000000, 20000000, 800000);
	check_box_holds_circle(89000000, 0, 200000);         /* holds the pole */
	check_box_holds_circle(-10000000, 179950000, 20000); /* crosses the line */
	/* The box is tight: at 52.6 N a 5 km circle spans about +-0.045 lat
	 * and +-0.074 lon. */
	geo_box b;
	geo_bbox(52600000, -1900000, 5000, &b);
	assert_true(b.lat_max_e6 - 52600000 < 45000 + 10 && b.lat_max_e6 - 52600000 > 44900);
	assert_true(52600000 - b.lat_min_e6 < 45000 + 10);
	assert_true(b.lon_max_e6 + 1900000 < 74100 && b.lon_max_e6 + 1900000 > 73800);
	/* A point just beyond the box corner is outside. */
	assert_false(geo_box_contains(&b, b.lat_max_e6 + 1, -1900000));
	/* Across the antimeridian: every longitude (one range). */
	geo_bbox(0, 179990000, 5000, &b);
	assert_int_equal(b.lon_min_e6, -180000000);
	assert_int_equal(b.lon_max_e6, 180000000);
	/* Around the pole: every longitude, latitude clamped. */
	geo_bbox(89990000, 0, 5000, &b);
	assert_int_equal(b.lat_max_e6, 90000000);
	assert_int_equal(b.lon_min_e6, -180000000);
	/* Negative radius: just the point (and the spare). */
	geo_bbox(1000000, 1000000, -5, &b);
	assert_true(geo_box_contains(&b, 1000000, 1000000));
	assert_true(b.lat_max_e6 - b.lat_min_e6 < 10);
	/* The whole world. */
	geo_bbox(0, 0, 30000000, &b);
	assert_int_equal(b.lat_min_e6, -90000000);
	assert_int_equal(b.lat_max_e6, 90000000);
}

static void test_ranges(void **state)
{
	(void)state;
	assert_true(geo_lat_ok(90000000));
	assert_true(geo_lat_ok(-90000000));
	assert_false(geo_lat_ok(90000001));
	assert_false(geo_lat_ok(-90000001));
	assert_true(geo_lon_ok(180000000));
	assert_true(geo_lon_ok(-180000000));
	assert_false(geo_lon_ok(180000001));
	assert_false(geo_lon_ok(INT64_MIN));
}

static void parse_ok(const char *s, int32_t want)
{
	int32_t v = 12345;
	if (geo_parse_e6(s, &v) != SN_OK || v != want) {
		print_error("geo_parse_e6(\"%s\") = %d, want %d\n", s, v, want);
		fail();
	}
}

static void parse_bad(const char *s)
{
	int32_t v = 12345;
	if (geo_parse_e6(s, &v) != SN_EINPUT) {
		print_error("geo_parse_e6(\"%s\") accepted (%d)\n", s, v);
		fail();
	}
	assert_int_equal(v, 0);
}

static void test_parse_e6(void **state)
{
	(void)state;
	parse_ok("51.501009", 51501009);
	parse_ok("-0.141588", -141588);
	parse_ok("51.5", 51500000);
	parse_ok("-0.000001", -1);
	parse_ok("0.000001", 1);
	parse_ok("0", 0);
	parse_ok("-0", 0);
	parse_ok("+1.25", 1250000);
	parse_ok("51.", 51000000);
	parse_ok(".5", 500000);
	parse_ok("-.5", -500000);
	parse_ok("007.5", 7500000);
	parse_ok("181", 181000000); /* parses; geo_lon_ok says no */
	assert_false(geo_lon_ok(181000000));
	parse_ok("-180.000000", -180000000);
	parse_ok("99.999999", 99999999);
	/* Beyond six places: rounded half away from zero on the seventh,
	 * from the digits (0.1234565 has no exact double). */
	parse_ok("0.1234565", 123457);
	parse_ok("0.1234564999", 123456);
	parse_ok("-0.1234565", -123457);
	parse_ok("57.144165160000000", 57144165);
	parse_ok("0.0000005", 1);
	parse_ok("0.0000004", 0);
	parse_ok("179.9999995", 180000000);
	parse_ok("51.50100900000000000000", 51501009); /* 20 places */
	parse_bad("51.501009000000000000001");         /* 21 places */
	parse_bad("abc");
	parse_bad("");
	parse_bad("-");
	parse_bad("+");
	parse_bad(".");
	parse_bad("-.");
	parse_bad("1.2.3");
	parse_bad(" 51.5");
	parse_bad("51.5 ");
	parse_bad("5e1");
	parse_bad("1,5");
	parse_bad("--1");
	parse_bad("0x10");
	parse_bad("1000");
	parse_bad("999.9999995"); /* rounds to 1000 */
	parse_bad("99999999999999999999");
	parse_bad("nan");
	parse_bad("inf");
	parse_bad(NULL);
	parse_ok("999.999999", 999999999);
}

static void test_format_e6(void **state)
{
	(void)state;
	char s[GEO_E6_STR];
	assert_string_equal(geo_format_e6(51501009, s), "51.501009");
	assert_string_equal(geo_format_e6(-141588, s), "-0.141588");
	assert_string_equal(geo_format_e6(-1, s), "-0.000001");
	assert_string_equal(geo_format_e6(0, s), "0.000000");
	assert_string_equal(geo_format_e6(180000000, s), "180.000000");
	assert_string_equal(geo_format_e6(-90000000, s), "-90.000000");
	assert_string_equal(geo_format_e6(INT32_MIN, s), "-2147.483648");
	assert_string_equal(geo_format_e6(INT32_MAX, s), "2147.483647");
	/* Round trip over a spread of values. */
	for (int64_t v = -180000000; v <= 180000000; v += 7654321) {
		int32_t back = 0;
		assert_int_equal(geo_parse_e6(geo_format_e6((int32_t)v, s), &back), SN_OK);
		assert_int_equal(back, v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_distances), cmocka_unit_test(test_zero_distance),
	    cmocka_unit_test(test_antimeridian),    cmocka_unit_test(test_bbox),
	    cmocka_unit_test(test_ranges),          cmocka_unit_test(test_parse_e6),
	    cmocka_unit_test(test_format_e6),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
