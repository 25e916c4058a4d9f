/* Unit tests for the ORUK importer and exporter: exact decimals, one
 * service in and out again, problems named by JSON path and CSV row with
 * nothing written, the CSV tables, limits. Each test gets a fresh, migrated
 * SQLite store (the HTTP suite runs the same on PostgreSQL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../access/access_fixture.h"
#include "directory/oruk_io.h"

#define SVC "11111111-1111-4111-8111-111111111111"
#define ORG "22222222-2222-4222-8222-222222222222"
#define LOC "33333333-3333-4333-8333-333333333333"

/* One service with a little of everything; %s slots: the schedule's byday,
 * the amount (JSON number text), the latitude. */
static const char SERVICE[] =
    "{\"id\": \"" SVC "\", \"name\": \"Millbrook Lunch Club\", \"status\": \"active\","
    " \"description\": \"A hot lunch\", \"minimum_age\": 50,"
    " \"last_modified\": \"2026-01-02T03:04:05+01:00\","
    " \"organization\": {\"id\": \"" ORG "\", \"name\": \"Millbrook Trust\","
    "   \"description\": \"Groups\", \"website\": \"https://millbrook.example/\"},"
    " \"service_at_locations\": [{\"id\": \"44444444-4444-4444-8444-444444444444\","
    "   \"location\": {\"id\": \"" LOC "\", \"location_type\": \"physical\", \"latitude\": %s,"
    "     \"longitude\": -1.9, \"addresses\": [{\"id\": \"55555555-5555-4555-8555-555555555555\","
    "       \"address_1\": \"1 High Street\", \"city\": \"Millbrook\", \"state_province\": \"Ashby "
    "Vale\","
    "       \"postal_code\": \"av21ab\", \"country\": \"GB\", \"address_type\": \"physical\"}]}}],"
    " \"schedules\": [{\"id\": \"66666666-6666-4666-8666-666666666666\", \"freq\": \"WEEKLY\","
    "   \"byday\": \"%s\", \"opens_at\": \"12:00\", \"closes_at\": \"14:00\"}],"
    " \"cost_options\": [{\"id\": \"77777777-7777-4777-8777-777777777777\", \"amount\": %s}],"
    " \"attributes\": [{\"id\": \"88888888-8888-4888-8888-888888888888\","
    "   \"taxonomy_term\": {\"id\": \"99999999-9999-4999-8999-999999999999\", \"name\": \"Lunch "
    "club\","
    "     \"description\": \"Meals\", \"taxonomy\": \"Community\","
    "     \"taxonomy_id\": \"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa\", \"code\": \"lunch-club\"}}]}";

static char *service_json(const char *byday, const char *amount, const char *lat)
{
	size_t n = sizeof SERVICE + 64;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, SERVICE, lat, byday, amount);
	return s;
}

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

static bool has_problem(const oruk_import_report *r, const char *text)
{
	for (size_t i = 0; i < r->n_problems; i++)
		if (strstr(r->problems[i], text))
			return true;
	return false;
}

static void test_decimals(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_int_equal(oruk_decimal_scaled("4.5", 2, 1000000, &v), SN_OK);
	assert_int_equal(v, 450);
	assert_int_equal(oruk_decimal_scaled("4.3499999999999996", 2, 1000000, &v), SN_OK);
	assert_int_equal(v, 435);
	assert_int_equal(oruk_decimal_scaled("0.005", 2, 1000000, &v), SN_OK);
	assert_int_equal(v, 1);
	assert_int_equal(oruk_decimal_scaled("0.0049", 2, 1000000, &v), SN_OK);
	assert_int_equal(v, 0);
	assert_int_equal(oruk_decimal_scaled("-1.25e2", 0, 1000, &v), SN_OK);
	assert_int_equal(v, -125);
	assert_int_equal(oruk_decimal_scaled("52.601233999999998", 6, 90000000, &v), SN_OK);
	assert_int_equal(v, 52601234);
	assert_int_equal(oruk_decimal_scaled("5.0000000000000002e-05", 6, 180000000, &v), SN_OK);
	assert_int_equal(v, 50);
	assert_int_equal(oruk_decimal_scaled("000012", 0, 100, &v), SN_OK);
	assert_int_equal(v, 12);
	assert_int_equal(oruk_decimal_scaled("0", 2, 100, &v), SN_OK);
	assert_int_equal(v, 0);
	const char *bad[] = {"", "-", "1.", "abc", "1e", "1e400", "4.5x", "1,000", "91.0"};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++)
		assert_int_equal(oruk_decimal_scaled(bad[i], 6, 90000000, &v), SN_EINPUT);
	assert_int_equal(oruk_decimal_scaled("99999999999999999999", 0, INT64_MAX, &v), SN_EINPUT);
}

static void test_one_service_in_and_out(void **state)
{
	fixture *f = *state;
	char *j = service_json("TU", "4.3499999999999996", "52.601233999999998");
	/* Its postcode is known here, in a locality. */
	assert_int_equal(store_run(f->s, "INSERT INTO localities (id, uuid, name) VALUES "
				   "(7, '70000000-0000-4000-8000-000000000007', 'Millbrook')", ""), SN_OK);
	assert_int_equal(store_run(f->s, "INSERT INTO postcodes (postcode, lat_e6, lon_e6, locality_id) "
				   "VALUES ('AV2 1AB', 52600000, -1800000, 7)", ""), SN_OK);
	oruk_import_opts o = {.source = "test.json"};
	oruk_import_report *r = calloc(1, sizeof *r);
	assert_int_equal(oruk_import_json_mem(f->s, j, strlen(j), &o, r), SN_OK);
	assert_int_equal(r->n_problems, 0);
	assert_true(r->changed);
	assert_int_equal(r->count[ORUK_SERVICES], 1);
	assert_int_equal(r->services_new, 1);
	assert_int_equal(r->count[ORUK_TAXONOMIES], 1); /* made from the term's taxonomy */
	assert_int_equal(count(f, "SELECT amount_pence FROM dir_cost_options"), 435);
	assert_int_equal(count(f, "SELECT lat_e6 FROM dir_locations"), 52601234);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM dir_services WHERE moderation = 'published' "
	                       "AND source = 'test.json' AND length(review_due) = 10 "
	                       "AND last_modified = '2026-01-02T02:04:05.000Z'"),
	                 1);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM dir_organizations WHERE source = 'test.json'"), 1);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM dir_addresses WHERE postal_code = 'AV2 1AB'"), 1);
	/* The locality follows from the address's postcode. */
	assert_int_equal(count(f, "SELECT locality_id FROM dir_services"), 7);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_schedules WHERE byday = 'TU' "
	                          "AND service_id IS NOT NULL"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_search WHERE dir_search MATCH 'lunch'"),
	                 1);

	/* Again: nothing new; a dry run of a changed copy changes nothing. */
	assert_int_equal(oruk_import_json_mem(f->s, j, strlen(j), &o, r), SN_OK);
	assert_int_equal(r->services_new, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_schedules"), 1);
	free(j);
	j = service_json("WE", "5", "52.5");
	o.dry_run = true;
	assert_int_equal(oruk_import_json_mem(f->s, j, strlen(j), &o, r), SN_OK);
	assert_false(r->changed);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_schedules WHERE byday = 'TU'"), 1);

	/* Out: one array of one service, 4.35 and 52.601234 as written. */
	FILE *tmp = tmpfile();
	oruk_export_report er;
	assert_int_equal(oruk_export_json(f->s, tmp, NULL, &er), SN_OK);
	assert_int_equal(er.count[ORUK_SERVICES], 1);
	rewind(tmp);
	json_error_t je;
	json_t *arr = json_loadf(tmp, 0, &je);
	assert_non_null(arr);
	assert_int_equal(json_array_size(arr), 1);
	json_t *s = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(s, "id")), SVC);
	json_t *cost = json_array_get(json_object_get(s, "cost_options"), 0);
	assert_true(json_real_value(json_object_get(cost, "amount")) == 4.35);
	json_t *term =
	    json_object_get(json_array_get(json_object_get(s, "attributes"), 0), "taxonomy_term");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(term, "taxonomy_detail"), "name")),
	    "Community");
	json_decref(arr);
	fclose(tmp);
	free(j);
	free(r);
}

static void test_problems_name_the_path_and_nothing_changes(void **state)
{
	fixture *f = *state;
	char *good = service_json("TU", "4.5", "52.6");
	char *bad = service_json("XX", "-1", "123");
	size_t n = strlen(good) + strlen(bad) + 64;
	char *page = malloc(n);
	snprintf(page, n, "{\"total_items\": 2, \"last_page\": true, \"contents\": [%s, %s]}", good,
	         bad);
	/* The second copy is the same service id: the first is fine, the second
	 * has a bad schedule, amount and latitude (its location is the same id
	 * as the first's, so only read once: no latitude problem). */
	oruk_import_report *r = calloc(1, sizeof *r);
	assert_int_equal(oruk_import_json_mem(f->s, page, strlen(page), NULL, r), SN_EINPUT);
	assert_true(has_problem(r, "contents[1].schedules[0].byday: \"XX\" is not a day"));
	assert_true(
	    has_problem(r, "contents[1].cost_options[0].amount: '-1' is not an amount in pounds"));
	assert_int_equal(r->n_problems, 2);
	assert_false(r->changed);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_services"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_organizations"), 0);
	assert_false(store_in_tx(f->s));

	static const struct {
		const char *json, *problem;
		sn_err rc;
	} cases[] = {
	    {"[{\"id\": \"" SVC
	     "\", \"name\": 5, \"status\": \"active\", \"organization_id\": \"" ORG "\"}]",
	     "[0].name: must be a string", SN_EINPUT},
	    {"[{\"id\": \"" SVC
	     "\", \"name\": \"x\", \"status\": \"active\", \"organization_id\": \"" ORG "\"}]",
	     "[0].organization_id: no organization with id " ORG, SN_EINPUT},
	    {"[{\"id\": \"" SVC "\"", "the JSON ends early", SN_EINPUT},
	    {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	     "nested deeper than 32 levels", SN_ETOOBIG},
	    {"[{\"id\": 1234567890123456789012345678901234567890123456789012345678901234567890}]",
	     "a number longer than 64 characters", SN_ETOOBIG},
	    {"[{\"name\": \"a\\u0000b\"}]", "\\u0000", SN_EINPUT},
	    {"", "the input is empty", SN_EINPUT},
	    {"[] []", "text after the end of the JSON", SN_EINPUT},
	    {"{\"contents\": 5}", "contents: must be an array of services", SN_EINPUT},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		sn_err rc =
		    oruk_import_json_mem(f->s, cases[i].json, strlen(cases[i].json), NULL, r);
		if (rc != cases[i].rc || !has_problem(r, cases[i].problem)) {
			fprintf(stderr, "case %zu: %s: %s\n", i, sn_err_name(rc),
			        r->n_problems ? r->problems[0] : "(no problem)");
			fail();
		}
	}
	assert_int_equal(count(f, "SELECT count(*) FROM dir_services"), 0);
	free(good);
	free(bad);
	free(page);
	free(r);
}

static void test_csv_tables(void **state)
{
	fixture *f = *state;
	const char orgs[] = "id,name,description\n" ORG ",Millbrook Trust,\"Groups, clubs\"\n";
	const char svcs[] = "name,id,organization_id,status,minimum_age,unknown\n"
	                    "Lunch Club," SVC "," ORG ",active,50,ignored\n";
	const char scheds[] =
	    "id,service_id,freq,byday,interval,dtstart,opens_at,closes_at\n"
	    "66666666-6666-4666-8666-666666666666," SVC ",WEEKLY,MO,2,2026-01-05,10:00,12:00\n";
	const char costs[] =
	    "id,service_id,amount\n77777777-7777-4777-8777-777777777777," SVC ",12.5\n";
	oruk_csv_table t[] = {{.name = "cost_options", .data = costs, .len = sizeof costs - 1},
	                      {.name = "services", .data = svcs, .len = sizeof svcs - 1},
	                      {.name = "schedules", .data = scheds, .len = sizeof scheds - 1},
	                      {.name = "organizations", .data = orgs, .len = sizeof orgs - 1}};
	oruk_import_report *r = calloc(1, sizeof *r);
	oruk_import_opts o = {.source = "dir"};
	assert_int_equal(oruk_import_csv_tables(f->s, t, SN_ARRAY_LEN(t), &o, r), SN_OK);
	assert_int_equal(r->count[ORUK_SERVICES], 1);
	assert_int_equal(count(f, "SELECT every FROM dir_schedules"), 2);
	assert_int_equal(count(f, "SELECT amount_pence FROM dir_cost_options"), 1250);
	assert_int_equal(count(f, "SELECT minimum_age FROM dir_services"), 50);

	/* Bad rows: named by file and row (the header is row 1); nothing changes. */
	const char bad_svcs[] =
	    "id,organization_id,name,status\n"
	    "not-a-uuid," ORG ",x,active\n"
	    "12121212-1212-4212-8212-121212121212,13131313-1313-4313-8313-131313131313,y,"
	    "open\n";
	const char bad_scheds[] = "id,service_id,byday\n"
	                          "14141414-1414-4414-8414-141414141414," SVC ",MO\n"
	                          "15151515-1515-4515-8515-151515151515," SVC ",XX\n";
	oruk_csv_table b[] = {
	    {.name = "services", .data = bad_svcs, .len = sizeof bad_svcs - 1},
	    {.name = "schedules", .data = bad_scheds, .len = sizeof bad_scheds - 1}};
	assert_int_equal(oruk_import_csv_tables(f->s, b, SN_ARRAY_LEN(b), &o, r), SN_EINPUT);
	assert_true(has_problem(r, "services.csv row 2: id: 'not-a-uuid' is not a uuid"));
	assert_true(has_problem(r, "services.csv row 3: organization_id: no organization with id"));
	assert_true(has_problem(r, "services.csv row 3: status: 'open' is not one of"));
	assert_true(has_problem(r, "schedules.csv row 3: byday: \"XX\" is not a day"));
	assert_int_equal(count(f, "SELECT count(*) FROM dir_schedules"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_services"), 1);

	const char broken[] = "id,name\n\"" SVC ",x\n";
	oruk_csv_table c[] = {{.name = "services", .data = broken, .len = sizeof broken - 1}};
	assert_int_equal(oruk_import_csv_tables(f->s, c, 1, &o, r), SN_EINPUT);
	assert_true(has_problem(r, "services.csv row 2: not well-formed CSV"));
	free(r);
}

static int setup(void **state)
{
	return fixture_setup(state);
}

static int teardown(void **state)
{
	return fixture_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decimals),
	    cmocka_unit_test_setup_teardown(test_one_service_in_and_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_problems_name_the_path_and_nothing_changes, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_csv_tables, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
