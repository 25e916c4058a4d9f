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

#include "../../access/access_fixture.h"
#include "directory/oruk/oruk_int.h"
#include "directory/oruk/oruk.h"

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

/* Issue 15: a web address stored before addresses were checked (or by
 * hand) is never given out by the API: only http and https ones. */
static void test_api_gives_out_only_web_addresses(void **state)
{
	fixture *f = *state;
	char *j = service_json("TU", "4.5", "52.6");
	oruk_import_opts o = {.source = "test.json"};
	oruk_import_report *r = calloc(1, sizeof *r);
	assert_int_equal(oruk_import_json_mem(f->s, j, strlen(j), &o, r), SN_OK);
	assert_int_equal(store_run(f->s, "UPDATE dir_services SET url = 'javascript:alert(1)'", ""), SN_OK);
	assert_int_equal(store_run(f->s, "UPDATE dir_organizations SET website = 'data:text/html,x', "
	                                 "logo = 'JavaScript:x', uri = 'javascript:y'", ""), SN_OK);
	assert_int_equal(store_run(f->s, "UPDATE dir_schedules SET schedule_link = 'vbscript:x'", ""),
	                 SN_OK);
	assert_int_equal(store_run(f->s, "UPDATE dir_taxonomy_terms SET term_uri = 'javascript:z'", ""),
	                 SN_OK);
	json_t *svc = NULL;
	assert_int_equal(oruk_service_full(f->s, count(f, "SELECT id FROM dir_services"), &svc), SN_OK);
	char *text = json_dumps(svc, 0);
	assert_null(strstr(text, "javascript:"));
	assert_null(strstr(text, "JavaScript:"));
	assert_null(strstr(text, "data:"));
	assert_null(strstr(text, "vbscript:"));
	assert_null(json_object_get(svc, "url"));
	assert_string_equal(json_string_value(json_object_get(svc, "name")), "Millbrook Lunch Club");
	free(text);
	json_decref(svc);
	/* A urn: names a term; it is kept and given out. */
	assert_int_equal(store_run(f->s, "UPDATE dir_taxonomy_terms SET term_uri = 'urn:x:y'", ""), SN_OK);
	assert_int_equal(oruk_service_full(f->s, count(f, "SELECT id FROM dir_services"), &svc), SN_OK);
	text = json_dumps(svc, 0);
	assert_non_null(strstr(text, "urn:x:y"));
	free(text);
	json_decref(svc);
	/* And into the store they do not come: the import drops them (record
	 * by record) or refuses the input (strict). */
	free(j);
	j = service_json("TU", "4.5", "52.6");
	char *bad = malloc(strlen(j) + 64);
	snprintf(bad, strlen(j) + 64, "{\"url\": \"javascript:alert(2)\", %s", j + 1);
	assert_int_equal(oruk_import_json_mem(f->s, bad, strlen(bad), &o, r), SN_OK);
	assert_int_equal(r->n_warnings, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_services WHERE url LIKE 'javascript%'"), 0);
	oruk_import_opts strict = {.strict = true};
	assert_int_equal(oruk_import_json_mem(f->s, bad, strlen(bad), &strict, r), SN_EINPUT);
	assert_true(has_problem(r, "url: 'javascript:alert(2)' is not a web address"));
	free(bad);
	free(j);
	free(r);
}

static void test_problems_name_the_path_and_nothing_changes(void **state)
{
	fixture *f = *state;
	oruk_import_opts strict = {.strict = true}; /* all or nothing */
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
	assert_int_equal(oruk_import_json_mem(f->s, page, strlen(page), &strict, r), SN_EINPUT);
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
		    oruk_import_json_mem(f->s, cases[i].json, strlen(cases[i].json), &strict, r);
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
	oruk_import_opts o = {.source = "dir", .strict = true}; /* all or nothing */
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

/* ---- a second import replaces a service's children ---- */

/* The uuid of the i-th row of a kind (a number) of service n. */
static const char *uid(char out[static 37], int kind, int n, int i)
{
	snprintf(out, 37, "%08x-%04x-4000-8000-%012x", (unsigned)kind, (unsigned)n, (unsigned)i);
	return out;
}

enum { K_SVC = 1, K_LOC, K_SAL, K_SCHED, K_CONTACT, K_PHONE, K_LANG, K_TERM, K_ATTR, K_ACC,
       K_COST, K_ADDR, K_ORGID };

/* How many of each child a service lists. */
typedef struct {
	int locs, acc, scheds, phones, langs, terms, costs;
} shape;

static void set_id(json_t *o, int kind, int n, int i)
{
	char u[37];
	json_object_set_new(o, "id", json_string(uid(u, kind, n, i)));
}

static const char *const WORDS[] = {"alpha", "bravo", "charlie", "delta"};

/* Service n: sh.locs locations (each with an address and sh.acc
 * accessibility rows), sh.scheds schedules, a contact with sh.phones
 * phones (the first speaking sh.langs languages), sh.terms taxonomy terms
 * and sh.costs cost options. */
static json_t *shaped_service(int n, shape sh)
{
	char u[37];
	json_t *s = json_object();
	set_id(s, K_SVC, n, 0);
	json_object_set_new(s, "name", json_string(n == 1 ? "First club" : "Second club"));
	json_object_set_new(s, "status", json_string("active"));
	json_object_set_new(s, "organization",
	                    json_pack("{s:s, s:s}", "id", ORG, "name", "Millbrook Trust"));
	json_t *sals = json_array(), *scheds = json_array(), *costs = json_array(),
	       *attrs = json_array(), *phones = json_array(), *langs = json_array();
	for (int i = 0; i < sh.locs; i++) {
		json_t *l = json_pack("{s:s}", "location_type", "physical");
		set_id(l, K_LOC, n, i);
		json_t *addr = json_pack("{s:s, s:s, s:s, s:s, s:s}", "address_1", "1 High Street",
		                         "city", "Millbrook", "state_province", "Ashby Vale",
		                         "postal_code", "AV2 1AB", "address_type", "physical");
		set_id(addr, K_ADDR, n, i);
		json_object_set_new(l, "addresses", json_pack("[o]", addr));
		json_t *acc = json_array();
		for (int j = 0; j < sh.acc; j++) {
			json_t *a = json_pack("{s:s}", "description", "Step-free");
			set_id(a, K_ACC, n, i * 10 + j);
			json_array_append_new(acc, a);
		}
		json_object_set_new(l, "accessibility", acc);
		json_t *x = json_pack("{s:o}", "location", l);
		set_id(x, K_SAL, n, i);
		json_array_append_new(sals, x);
	}
	for (int i = 0; i < sh.scheds; i++) {
		json_t *x = json_pack("{s:s, s:s, s:s, s:s}", "freq", "WEEKLY", "byday", "MO",
		                      "opens_at", "09:00", "closes_at", "12:00");
		set_id(x, K_SCHED, n, i);
		json_array_append_new(scheds, x);
	}
	for (int i = 0; i < sh.langs; i++) {
		json_t *x = json_pack("{s:s, s:s}", "name", i ? "Polish" : "Welsh", "code",
		                      i ? "pl" : "cy");
		set_id(x, K_LANG, n, i);
		json_array_append_new(langs, x);
	}
	for (int i = 0; i < sh.phones; i++) {
		char num[32];
		snprintf(num, sizeof num, "01234 56789%d", i);
		json_t *x = json_pack("{s:s}", "number", num);
		set_id(x, K_PHONE, n, i);
		json_object_set_new(x, "languages", i ? json_array() : json_incref(langs));
		json_array_append_new(phones, x);
	}
	json_decref(langs);
	json_t *contact = json_pack("{s:s, s:o}", "name", "Desk", "phones", phones);
	set_id(contact, K_CONTACT, n, 0);
	for (int i = 0; i < sh.terms; i++) {
		json_t *t = json_pack("{s:s, s:s, s:s}", "id", uid(u, K_TERM, 0, i), "name",
		                      WORDS[i], "description", "A kind of club");
		json_t *a = json_pack("{s:o}", "taxonomy_term", t);
		set_id(a, K_ATTR, n, i);
		json_array_append_new(attrs, a);
	}
	for (int i = 0; i < sh.costs; i++) {
		json_t *x = json_pack("{s:i}", "amount", i + 1);
		set_id(x, K_COST, n, i);
		json_array_append_new(costs, x);
	}
	json_object_set_new(s, "service_at_locations", sals);
	json_object_set_new(s, "schedules", scheds);
	json_object_set_new(s, "contacts", json_pack("[o]", contact));
	json_object_set_new(s, "attributes", attrs);
	json_object_set_new(s, "cost_options", costs);
	return s;
}

/* Imports a JSON array of the given services (stolen). */
static sn_err import_services(fixture *f, const oruk_import_opts *o, oruk_import_report *r,
                              json_t *a, json_t *b)
{
	json_t *arr = json_array();
	json_array_append_new(arr, a);
	if (b)
		json_array_append_new(arr, b);
	char *text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	sn_err rc = oruk_import_json_mem(f->s, text, strlen(text), o, r);
	free(text);
	return rc;
}

/* What service n has: locations, SALs, accessibility of its locations,
 * schedules, phones, phone languages, attributes, cost options. */
typedef struct {
	int64_t sals, acc, scheds, phones, langs, attrs, costs;
} held;

static held holds(fixture *f, int n)
{
	char u[37], sql[512];
	uid(u, K_SVC, n, 0);
	held h;
#define SID "(SELECT id FROM dir_services WHERE uuid = '%s')"
	snprintf(sql, sizeof sql, "SELECT count(*) FROM dir_service_at_locations WHERE service_id = " SID, u);
	h.sals = count(f, sql);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM dir_accessibility a JOIN dir_locations l ON l.id = a.location_id "
	         "WHERE l.uuid LIKE '%08x-%04x-%%'", (unsigned)K_LOC, (unsigned)n);
	h.acc = count(f, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM dir_schedules WHERE service_id = " SID, u);
	h.scheds = count(f, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM dir_phones WHERE service_id = " SID, u);
	h.phones = count(f, sql);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM dir_languages g JOIN dir_phones p ON p.id = g.phone_id "
	         "WHERE p.service_id = " SID, u);
	h.langs = count(f, sql);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM dir_attributes WHERE link_entity = 'service' AND link_id = " SID, u);
	h.attrs = count(f, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM dir_cost_options WHERE service_id = " SID, u);
	h.costs = count(f, sql);
#undef SID
	return h;
}

static void assert_holds(fixture *f, int n, held want)
{
	held h = holds(f, n);
	if (memcmp(&h, &want, sizeof h) != 0) {
		fprintf(stderr,
		        "service %d: sals %lld acc %lld scheds %lld phones %lld langs %lld attrs %lld "
		        "costs %lld\n",
		        n, (long long)h.sals, (long long)h.acc, (long long)h.scheds, (long long)h.phones,
		        (long long)h.langs, (long long)h.attrs, (long long)h.costs);
		fail();
	}
}

static void test_reimport_replaces_a_services_children(void **state)
{
	fixture *f = *state;
	const shape full = {.locs = 2, .acc = 2, .scheds = 3, .phones = 2, .langs = 2, .terms = 3,
	                    .costs = 2};
	const shape fewer = {.locs = 1, .acc = 1, .scheds = 1, .phones = 1, .langs = 1, .terms = 1,
	                     .costs = 1};
	const held all = {2, 4, 3, 2, 2, 3, 2};
	oruk_import_opts o = {.source = "feed.json"};
	oruk_import_report *r = calloc(1, sizeof *r);
	assert_int_equal(import_services(f, &o, r, shaped_service(1, full), shaped_service(2, full)),
	                 SN_OK);
	assert_int_equal(r->removed, 0);
	assert_holds(f, 1, all);
	assert_holds(f, 2, all);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_search WHERE dir_search MATCH 'bravo'"), 2);

	/* Again, the same: nothing goes. */
	assert_int_equal(import_services(f, &o, r, shaped_service(1, full), shaped_service(2, full)),
	                 SN_OK);
	assert_int_equal(r->removed, 0);
	assert_holds(f, 1, all);

	/* A bad newer file (a bad status) changes nothing, nor does a dry run. */
	json_t *bad = shaped_service(1, fewer);
	json_object_set_new(bad, "status", json_string("open"));
	assert_int_equal(import_services(f, &o, r, bad, NULL), SN_EINPUT);
	assert_true(has_problem(r, "[0].status: 'open' is not one of"));
	assert_int_equal(r->removed, 0);
	assert_false(r->changed);
	assert_holds(f, 1, all);
	o.dry_run = true;
	assert_int_equal(import_services(f, &o, r, shaped_service(1, fewer), NULL), SN_OK);
	assert_false(r->changed);
	assert_holds(f, 1, all);
	o.dry_run = false;

	/* A newer file listing fewer of everything for the first service (and
	 * leaving the second out): the first has what it lists, the second is
	 * left alone, and locations themselves are never deleted. */
	assert_int_equal(import_services(f, &o, r, shaped_service(1, fewer), NULL), SN_OK);
	assert_true(r->changed);
	/* 1 SAL, 1 accessibility (of the location it still lists), 2 schedules,
	 * 1 phone, 1 language, 2 attributes, 1 cost option. */
	assert_int_equal(r->removed, 9);
	assert_holds(f, 1, (held){1, 3, 1, 1, 1, 1, 1});
	assert_holds(f, 2, all);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_locations"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_taxonomy_terms"), 3);
	/* The search index follows: the first service no longer has "bravo". */
	char u[37], sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM dir_search s JOIN dir_services v ON v.id = s.rowid "
	         "WHERE dir_search MATCH 'bravo' AND v.uuid = '%s'",
	         uid(u, K_SVC, 2, 0));
	assert_int_equal(count(f, "SELECT count(*) FROM dir_search WHERE dir_search MATCH 'bravo'"), 1);
	assert_int_equal(count(f, sql), 1);

	/* A kind the file leaves out is left alone; an empty list empties it. */
	json_t *s1 = shaped_service(1, fewer);
	json_object_del(s1, "schedules");
	json_object_set_new(s1, "cost_options", json_array());
	assert_int_equal(import_services(f, &o, r, s1, NULL), SN_OK);
	assert_int_equal(r->removed, 1);
	assert_holds(f, 1, (held){1, 3, 1, 1, 1, 1, 0});

	/* No locations: the services at locations go, the locations stay. */
	shape none = fewer;
	none.locs = 0;
	assert_int_equal(import_services(f, &o, r, shaped_service(1, none), NULL), SN_OK);
	assert_holds(f, 1, (held){0, 3, 1, 1, 1, 1, 1});
	assert_int_equal(count(f, "SELECT count(*) FROM dir_locations"), 4);

	/* A phone's languages are kept and come out again. */
	FILE *tmp = tmpfile();
	oruk_export_report er;
	assert_int_equal(oruk_export_json(f->s, tmp, NULL, &er), SN_OK);
	rewind(tmp);
	json_error_t je;
	json_t *arr = json_loadf(tmp, 0, &je);
	assert_non_null(arr);
	json_t *first = NULL;
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
	if (strcmp(json_string_value(json_object_get(x, "id")), uid(u, K_SVC, 1, 0)) == 0)
		first = x;
	assert_non_null(first);
	json_t *ph = json_array_get(
	    json_object_get(json_array_get(json_object_get(first, "contacts"), 0), "phones"), 0);
	json_t *lang = json_array_get(json_object_get(ph, "languages"), 0);
	assert_string_equal(json_string_value(json_object_get(lang, "code")), "cy");
	assert_string_equal(json_string_value(json_object_get(lang, "phone_id")),
	                    uid(u, K_PHONE, 1, 0));
	assert_int_equal(json_array_size(json_object_get(ph, "languages")), 1);
	json_decref(arr);
	fclose(tmp);
	free(r);
}

/* Service 1 whose organisation lists ids identifiers (from the first)
 * and, when attrs >= 0, attrs attributes (terms 0..attrs-1). */
static json_t *service_with_org(int ids, int attrs)
{
	char u[37];
	json_t *s = shaped_service(1, (shape){0});
	json_t *org = json_object_get(s, "organization");
	json_t *idents = json_array();
	for (int i = 0; i < ids; i++) {
		json_t *x = json_pack("{s:s, s:s, s:s}", "identifier_scheme", "GB-CHC", "identifier_type",
		                      "Charity number", "identifier", i ? "1000002" : "1000001");
		set_id(x, K_ORGID, 1, i);
		json_array_append_new(idents, x);
	}
	json_object_set_new(org, "organization_identifiers", idents);
	if (attrs >= 0) {
		json_t *arr = json_array();
		for (int i = 0; i < attrs; i++) {
			json_t *t = json_pack("{s:s, s:s, s:s}", "id", uid(u, K_TERM, 0, i), "name", WORDS[i],
			                      "description", "A kind of organisation");
			json_t *a = json_pack("{s:o}", "taxonomy_term", t);
			set_id(a, K_ATTR, 9, i);
			json_array_append_new(arr, a);
		}
		json_object_set_new(org, "attributes", arr);
	}
	return s;
}

static void test_reimport_replaces_an_organisations_identifiers(void **state)
{
	fixture *f = *state;
	oruk_import_report *r = calloc(1, sizeof *r);
	oruk_import_opts o = {.source = "feed.json"};
	const char *ids = "SELECT count(*) FROM dir_org_identifiers",
	           *attrs = "SELECT count(*) FROM dir_attributes WHERE link_entity = 'organization'";
	assert_int_equal(import_services(f, &o, r, service_with_org(2, 2), NULL), SN_OK);
	assert_int_equal(count(f, ids), 2);
	assert_int_equal(count(f, attrs), 2);
	/* Fewer identifiers, attributes left out: one identifier goes, the
	 * attributes stay. */
	assert_int_equal(import_services(f, &o, r, service_with_org(1, -1), NULL), SN_OK);
	assert_int_equal(r->removed, 1);
	assert_int_equal(count(f, ids), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_org_identifiers WHERE identifier = '1000001'"), 1);
	assert_int_equal(count(f, attrs), 2);
	/* An empty list of attributes empties them; the terms stay. */
	assert_int_equal(import_services(f, &o, r, service_with_org(1, 0), NULL), SN_OK);
	assert_int_equal(r->removed, 2);
	assert_int_equal(count(f, attrs), 0);
	assert_int_equal(count(f, ids), 1);
	assert_true(count(f, "SELECT count(*) FROM dir_taxonomy_terms") >= 2);
	free(r);
}

/* A CSV table: lines of cells, each "K:n:i" (a uuid made by uid) or text. */
static char *csv_text(const char *header, const char *const *rows, size_t n)
{
	size_t cap = 8192, len = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	len += (size_t)snprintf(out + len, cap - len, "%s\n", header);
	for (size_t r = 0; r < n; r++) {
		char row[512];
		snprintf(row, sizeof row, "%s", rows[r]);
		bool first = true;
		for (char *c = strtok(row, ","); c; c = strtok(NULL, ",")) {
			int k, sv, i;
			char u[37];
			const char *cell = c;
			if (sscanf(c, "K%d:%d:%d", &k, &sv, &i) == 3)
				cell = uid(u, k, sv, i);
			len += (size_t)snprintf(out + len, cap - len, "%s%s", first ? "" : ",", cell);
			first = false;
		}
		len += (size_t)snprintf(out + len, cap - len, "\n");
		assert_true(len < cap);
	}
	return out;
}

static void test_csv_reimport_replaces_a_services_children(void **state)
{
	fixture *f = *state;
	/* K1 services, K2 locations, K3 SALs, K4 schedules, K6 phones, K8
	 * terms, K9 attributes, K11 cost options. */
	static const char *const orgs[] = {ORG ",Millbrook Trust"};
	static const char *const svcs[] = {"K1:1:0," ORG ",First club,active",
	                                   "K1:2:0," ORG ",Second club,active"};
	static const char *const locs[] = {"K2:1:0,physical", "K2:1:1,physical", "K2:2:0,physical"};
	static const char *const sals[] = {"K3:1:0,K1:1:0,K2:1:0", "K3:1:1,K1:1:0,K2:1:1",
	                                   "K3:2:0,K1:2:0,K2:2:0"};
	static const char *const scheds[] = {"K4:1:0,K1:1:0,WEEKLY,MO", "K4:1:1,K1:1:0,WEEKLY,TU",
	                                     "K4:1:2,K1:1:0,WEEKLY,WE", "K4:2:0,K1:2:0,WEEKLY,MO"};
	static const char *const phones[] = {"K6:1:0,K1:1:0,01234 567890",
	                                     "K6:1:1,K1:1:0,01234 567891",
	                                     "K6:2:0,K1:2:0,01234 567892"};
	static const char *const terms[] = {"K8:0:0,alpha,Clubs", "K8:0:1,bravo,Clubs",
	                                    "K8:0:2,charlie,Clubs"};
	static const char *const attrs[] = {
	    "K9:1:0,K1:1:0,service,K8:0:0", "K9:1:1,K1:1:0,service,K8:0:1",
	    "K9:1:2,K1:1:0,service,K8:0:2", "K9:2:0,K1:2:0,service,K8:0:1"};
	static const char *const costs[] = {"K11:1:0,K1:1:0,2.5"};
	static const struct {
		const char *name, *header;
		const char *const *rows;
		size_t n;
	} all[] = {
	    {"organizations", "id,name", orgs, 1},
	    {"services", "id,organization_id,name,status", svcs, 2},
	    {"locations", "id,location_type", locs, 3},
	    {"service_at_locations", "id,service_id,location_id", sals, 3},
	    {"schedules", "id,service_id,freq,byday", scheds, 4},
	    {"phones", "id,service_id,number", phones, 3},
	    {"taxonomy_terms", "id,name,description", terms, 3},
	    {"attributes", "id,link_id,link_entity,taxonomy_term_id", attrs, 4},
	    {"cost_options", "id,service_id,amount", costs, 1},
	};
	char *text[SN_ARRAY_LEN(all)];
	oruk_csv_table t[SN_ARRAY_LEN(all)];
	for (size_t i = 0; i < SN_ARRAY_LEN(all); i++) {
		text[i] = csv_text(all[i].header, all[i].rows, all[i].n);
		t[i] = (oruk_csv_table){.name = all[i].name, .data = text[i], .len = strlen(text[i])};
	}
	oruk_import_report *r = calloc(1, sizeof *r);
	oruk_import_opts o = {.source = "dir", .strict = true}; /* all or nothing */
	assert_int_equal(oruk_import_csv_tables(f->s, t, SN_ARRAY_LEN(t), &o, r), SN_OK);
	assert_int_equal(r->removed, 0);
	const held one = {2, 0, 3, 2, 0, 3, 1}, two = {1, 0, 1, 1, 0, 1, 0};
	assert_holds(f, 1, one);
	assert_holds(f, 2, two);
	for (size_t i = 0; i < SN_ARRAY_LEN(all); i++)
		free(text[i]);

	/* The newer folder: the first service only, with fewer of each, and no
	 * cost_options.csv (so its cost options are left alone). */
	static const char *const svcs2[] = {"K1:1:0," ORG ",First club,active"};
	static const char *const sals2[] = {"K3:1:0,K1:1:0,K2:1:0"};
	static const char *const scheds2[] = {"K4:1:1,K1:1:0,WEEKLY,TU"};
	static const char *const bad_scheds2[] = {"K4:1:1,K1:1:0,WEEKLY,XX"};
	static const char *const phones2[] = {"K6:1:0,K1:1:0,01234 567890"};
	static const char *const attrs2[] = {"K9:1:0,K1:1:0,service,K8:0:0"};
	struct {
		const char *name, *header;
		const char *const *rows;
	} newer[] = {
	    {"services", "id,organization_id,name,status", svcs2},
	    {"service_at_locations", "id,service_id,location_id", sals2},
	    {"schedules", "id,service_id,freq,byday", bad_scheds2},
	    {"phones", "id,service_id,number", phones2},
	    {"attributes", "id,link_id,link_entity,taxonomy_term_id", attrs2},
	};
	for (int pass = 0; pass < 2; pass++) {
		/* First with a bad schedule: nothing changes. */
		newer[2].rows = pass ? scheds2 : bad_scheds2;
		char *tx[SN_ARRAY_LEN(newer)];
		oruk_csv_table t2[SN_ARRAY_LEN(newer)];
		for (size_t i = 0; i < SN_ARRAY_LEN(newer); i++) {
			tx[i] = csv_text(newer[i].header, newer[i].rows, 1);
			t2[i] = (oruk_csv_table){.name = newer[i].name, .data = tx[i],
			                         .len = strlen(tx[i])};
		}
		sn_err rc = oruk_import_csv_tables(f->s, t2, SN_ARRAY_LEN(t2), &o, r);
		for (size_t i = 0; i < SN_ARRAY_LEN(newer); i++)
			free(tx[i]);
		if (!pass) {
			assert_int_equal(rc, SN_EINPUT);
			assert_true(has_problem(r, "schedules.csv row 2: byday: \"XX\" is not a day"));
			assert_holds(f, 1, one);
			continue;
		}
		assert_int_equal(rc, SN_OK);
		/* 1 SAL, 2 schedules, 1 phone, 2 attributes. */
		assert_int_equal(r->removed, 6);
		assert_holds(f, 1, (held){1, 0, 1, 1, 0, 1, 1});
		assert_holds(f, 2, two);
		assert_int_equal(count(f, "SELECT count(*) FROM dir_locations"), 3);
		assert_int_equal(count(f, "SELECT count(*) FROM dir_schedules WHERE byday = 'TU'"), 1);
		assert_int_equal(
		    count(f, "SELECT count(*) FROM dir_search WHERE dir_search MATCH 'bravo'"), 1);
	}
	free(r);
}

/* ---- attributes of contacts and addresses ---- */

/* Attributes on a contact, on an address, and on either joined to the row
 * link_id names (so the link is right, not only the entity). */
#define CONTACT_ATTRS                                                                              \
	"SELECT count(*) FROM dir_attributes a JOIN dir_contacts c ON c.id = a.link_id "           \
	"WHERE a.link_entity = 'contact'"
#define ADDRESS_ATTRS                                                                              \
	"SELECT count(*) FROM dir_attributes a JOIN dir_addresses d ON d.id = a.link_id "          \
	"WHERE a.link_entity = 'address'"

/* Adds attribute i of obj (uuid K_ATTR owner i) with term i. */
static void add_attribute(json_t *obj, int owner, int i)
{
	char u[37];
	json_t *arr = json_object_get(obj, "attributes");
	json_t *t = json_pack("{s:s, s:s, s:s}", "id", uid(u, K_TERM, 0, i), "name", WORDS[i],
	                      "description", "A kind of desk");
	json_t *a = json_pack("{s:o, s:s}", "taxonomy_term", t, "value", WORDS[i]);
	set_id(a, K_ATTR, owner, i);
	json_array_append_new(arr, a);
}

/* Service 1 at one location whose contact lists contact_attrs attributes
 * and whose location's address lists address_attrs (-1: the key left out). */
static json_t *service_with_desk(int contact_attrs, int address_attrs)
{
	json_t *s = shaped_service(1, (shape){.locs = 1});
	json_t *contact = json_array_get(json_object_get(s, "contacts"), 0);
	json_t *sal = json_array_get(json_object_get(s, "service_at_locations"), 0);
	json_t *addr =
	    json_array_get(json_object_get(json_object_get(sal, "location"), "addresses"), 0);
	if (contact_attrs >= 0)
		json_object_set_new(contact, "attributes", json_array());
	for (int i = 0; i < contact_attrs; i++)
		add_attribute(contact, K_CONTACT, i);
	if (address_attrs >= 0)
		json_object_set_new(addr, "attributes", json_array());
	for (int i = 0; i < address_attrs; i++)
		add_attribute(addr, K_ADDR, i);
	return s;
}

/* Checks the attributes of obj: n of them, attribute i of term i, linked
 * to obj as entity. */
static void assert_attributes(json_t *obj, const char *entity, int owner, int n)
{
	char u[37];
	json_t *arr = json_object_get(obj, "attributes");
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), n);
	for (int i = 0; i < n; i++) {
		json_t *a = json_array_get(arr, (size_t)i);
		assert_string_equal(json_string_value(json_object_get(a, "id")),
		                    uid(u, K_ATTR, owner, i));
		assert_string_equal(json_string_value(json_object_get(a, "link_entity")), entity);
		assert_string_equal(json_string_value(json_object_get(a, "link_id")),
		                    json_string_value(json_object_get(obj, "id")));
		assert_string_equal(json_string_value(json_object_get(a, "taxonomy_term_id")),
		                    uid(u, K_TERM, 0, i));
		assert_string_equal(json_string_value(json_object_get(a, "value")), WORDS[i]);
	}
}

/* The service object svc (API or export) holds contact_attrs attributes on
 * its contact and address_attrs on its address. */
static void assert_desk(json_t *svc, int contact_attrs, int address_attrs)
{
	char u[37];
	json_t *contact = json_array_get(json_object_get(svc, "contacts"), 0);
	assert_string_equal(json_string_value(json_object_get(contact, "id")),
	                    uid(u, K_CONTACT, 1, 0));
	assert_attributes(contact, "contact", K_CONTACT, contact_attrs);
	json_t *sal = json_array_get(json_object_get(svc, "service_at_locations"), 0);
	json_t *addr =
	    json_array_get(json_object_get(json_object_get(sal, "location"), "addresses"), 0);
	assert_string_equal(json_string_value(json_object_get(addr, "id")), uid(u, K_ADDR, 1, 0));
	assert_attributes(addr, "address", K_ADDR, address_attrs);
}

/* The JSON export, loaded. */
static json_t *exported_json(fixture *f)
{
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	oruk_export_report er;
	assert_int_equal(oruk_export_json(f->s, tmp, NULL, &er), SN_OK);
	rewind(tmp);
	json_error_t je;
	json_t *arr = json_loadf(tmp, 0, &je);
	fclose(tmp);
	assert_non_null(arr);
	return arr;
}

/* Deletes every service and location (their contacts and addresses go by
 * cascade, and the attributes of those by the triggers of migration 0015). */
static void clear_directory(fixture *f)
{
	assert_int_equal(store_exec(f->s, "DELETE FROM dir_search; DELETE FROM dir_services; "
	                                  "DELETE FROM dir_locations"),
	                 SN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_contacts"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_addresses"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_attributes"), 0);
}

static void test_contact_and_address_attributes(void **state)
{
	fixture *f = *state;
	oruk_import_opts o = {.source = "feed.json", .strict = true}; /* all or nothing */
	oruk_import_report *r = calloc(1, sizeof *r);
	assert_int_equal(import_services(f, &o, r, service_with_desk(2, 1), NULL), SN_OK);
	assert_int_equal(r->n_problems, 0);
	assert_int_equal(r->count[ORUK_ATTRIBUTES], 3);
	assert_int_equal(count(f, CONTACT_ATTRS), 2);
	assert_int_equal(count(f, ADDRESS_ATTRS), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_attributes"), 3);

	/* The API's object: each under its own contact and address. */
	char u[37], sql[160];
	snprintf(sql, sizeof sql, "SELECT id FROM dir_services WHERE uuid = '%s'",
	         uid(u, K_SVC, 1, 0));
	json_t *svc = NULL;
	assert_int_equal(oruk_service_full(f->s, count(f, sql), &svc), SN_OK);
	assert_desk(svc, 2, 1);
	assert_int_equal(json_array_size(json_object_get(svc, "attributes")), 0);
	json_decref(svc);

	/* The JSON export: the same, and importing it again changes nothing. */
	json_t *arr = exported_json(f);
	assert_int_equal(json_array_size(arr), 1);
	assert_desk(json_array_get(arr, 0), 2, 1);
	char *text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	assert_int_equal(oruk_import_json_mem(f->s, text, strlen(text), &o, r), SN_OK);
	assert_int_equal(r->removed, 0);
	assert_int_equal(count(f, CONTACT_ATTRS), 2);
	assert_int_equal(count(f, ADDRESS_ATTRS), 1);
	/* ... and into an empty directory, it brings them back. */
	clear_directory(f);
	assert_int_equal(oruk_import_json_mem(f->s, text, strlen(text), &o, r), SN_OK);
	free(text);
	assert_int_equal(r->n_problems, 0);
	assert_int_equal(count(f, CONTACT_ATTRS), 2);
	assert_int_equal(count(f, ADDRESS_ATTRS), 1);

	/* The CSV export: the attributes table has their rows, and importing
	 * the folder into an empty directory brings them back too. */
	oruk_export_report er;
	assert_int_equal(oruk_export_csv(f->s, f->dir, NULL, &er), SN_OK);
	assert_int_equal(er.count[ORUK_ATTRIBUTES], 3);
	char path[200], line[512];
	snprintf(path, sizeof path, "%s/attributes.csv", f->dir);
	FILE *csv = fopen(path, "r");
	assert_non_null(csv);
	int contact_rows = 0, address_rows = 0;
	while (fgets(line, sizeof line, csv)) {
		contact_rows += strstr(line, ",contact,") != NULL;
		address_rows += strstr(line, ",address,") != NULL;
	}
	fclose(csv);
	assert_int_equal(contact_rows, 2);
	assert_int_equal(address_rows, 1);
	clear_directory(f);
	assert_int_equal(oruk_import_csv_dir(f->s, f->dir, &o, r), SN_OK);
	assert_int_equal(r->n_problems, 0);
	assert_int_equal(count(f, CONTACT_ATTRS), 2);
	assert_int_equal(count(f, ADDRESS_ATTRS), 1);
	svc = NULL;
	assert_int_equal(oruk_service_full(f->s, count(f, sql), &svc), SN_OK);
	assert_desk(svc, 2, 1);
	json_decref(svc);

	/* A newer file leaving the attributes out leaves them alone. */
	assert_int_equal(import_services(f, &o, r, service_with_desk(-1, -1), NULL), SN_OK);
	assert_int_equal(r->removed, 0);
	assert_int_equal(count(f, CONTACT_ATTRS), 2);
	assert_int_equal(count(f, ADDRESS_ATTRS), 1);
	/* Fewer on the contact: the one no longer listed goes. */
	assert_int_equal(import_services(f, &o, r, service_with_desk(1, -1), NULL), SN_OK);
	assert_int_equal(r->removed, 1);
	assert_int_equal(count(f, CONTACT_ATTRS), 1);
	assert_int_equal(count(f, ADDRESS_ATTRS), 1);
	/* An empty list empties the contact's, then the address's; the terms stay. */
	assert_int_equal(import_services(f, &o, r, service_with_desk(0, -1), NULL), SN_OK);
	assert_int_equal(r->removed, 1);
	assert_int_equal(count(f, CONTACT_ATTRS), 0);
	assert_int_equal(count(f, ADDRESS_ATTRS), 1);
	assert_int_equal(import_services(f, &o, r, service_with_desk(0, 0), NULL), SN_OK);
	assert_int_equal(r->removed, 1);
	assert_int_equal(count(f, ADDRESS_ATTRS), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_attributes"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_taxonomy_terms"), 2);
	svc = NULL;
	assert_int_equal(oruk_service_full(f->s, count(f, sql), &svc), SN_OK);
	assert_desk(svc, 0, 0);
	json_decref(svc);

	/* An attribute naming another object as its link is refused. */
	json_t *bad = service_with_desk(1, -1);
	json_t *a = json_array_get(
	    json_object_get(json_array_get(json_object_get(bad, "contacts"), 0), "attributes"), 0);
	json_object_set_new(a, "link_entity", json_string("service"));
	assert_int_equal(import_services(f, &o, r, bad, NULL), SN_EINPUT);
	assert_true(has_problem(r, "[0].contacts[0].attributes[0].link_entity: 'service' is not "
	                           "'contact'"));
	assert_int_equal(count(f, CONTACT_ATTRS), 0);
	free(r);
}

static void test_csv_contact_and_address_attributes(void **state)
{
	fixture *f = *state;
	/* K1 service, K2 location, K5 contact, K8 terms, K9 attributes, K12
	 * address. */
	static const char *const orgs[] = {ORG ",Millbrook Trust"};
	static const char *const svcs[] = {"K1:1:0," ORG ",First club,active"};
	static const char *const locs[] = {"K2:1:0,physical"};
	static const char *const addrs[] = {
	    "K12:1:0,K2:1:0,1 High Street,Millbrook,Ashby Vale,AV2 1AB,physical"};
	static const char *const contacts[] = {"K5:1:0,K1:1:0,Desk"};
	static const char *const terms[] = {"K8:0:0,alpha,Desks", "K8:0:1,bravo,Desks"};
	static const char *const attrs[] = {"K9:5:0,K5:1:0,contact,K8:0:0",
	                                    "K9:5:1,K5:1:0,contact,K8:0:1",
	                                    "K9:12:0,K12:1:0,address,K8:0:1"};
	static const char *const fewer[] = {"K9:5:1,K5:1:0,contact,K8:0:1"};
	static const char *const unknown[] = {"K9:5:0,K5:7:0,contact,K8:0:0"};
	struct {
		const char *name, *header;
		const char *const *rows;
		size_t n;
	} all[] = {
	    {"organizations", "id,name", orgs, 1},
	    {"services", "id,organization_id,name,status", svcs, 1},
	    {"locations", "id,location_type", locs, 1},
	    {"addresses", "id,location_id,address_1,city,state_province,postal_code,address_type",
	     addrs, 1},
	    {"contacts", "id,service_id,name", contacts, 1},
	    {"taxonomy_terms", "id,name,description", terms, 2},
	    {"attributes", "id,link_id,link_entity,taxonomy_term_id", attrs, 3},
	};
	oruk_import_report *r = calloc(1, sizeof *r);
	oruk_import_opts o = {.source = "dir", .strict = true}; /* all or nothing */
	/* Pass 0: all three; 1: the second attribute of the contact only (the
	 * others go); 2: an unknown contact (a problem, nothing changes). */
	for (int pass = 0; pass < 3; pass++) {
		if (pass == 1)
			all[6].rows = fewer, all[6].n = 1;
		if (pass == 2)
			all[6].rows = unknown;
		char *text[SN_ARRAY_LEN(all)];
		oruk_csv_table t[SN_ARRAY_LEN(all)];
		for (size_t i = 0; i < SN_ARRAY_LEN(all); i++) {
			text[i] = csv_text(all[i].header, all[i].rows, all[i].n);
			t[i] = (oruk_csv_table){
			    .name = all[i].name, .data = text[i], .len = strlen(text[i])};
		}
		sn_err rc = oruk_import_csv_tables(f->s, t, SN_ARRAY_LEN(t), &o, r);
		for (size_t i = 0; i < SN_ARRAY_LEN(all); i++)
			free(text[i]);
		if (pass == 0) {
			assert_int_equal(rc, SN_OK);
			assert_int_equal(r->n_problems, 0);
			assert_int_equal(r->count[ORUK_ATTRIBUTES], 3);
			assert_int_equal(count(f, CONTACT_ATTRS), 2);
			assert_int_equal(count(f, ADDRESS_ATTRS), 1);
			assert_int_equal(count(f, "SELECT count(*) FROM dir_attributes"), 3);
		} else if (pass == 1) {
			assert_int_equal(rc, SN_OK);
			assert_int_equal(r->removed, 2);
			assert_int_equal(count(f, CONTACT_ATTRS), 1);
			assert_int_equal(count(f, ADDRESS_ATTRS), 0);
			char u[37], sql[200];
			snprintf(sql, sizeof sql,
			         "SELECT count(*) FROM dir_attributes WHERE uuid = '%s' AND "
			         "link_entity = 'contact'",
			         uid(u, K_ATTR, 5, 1));
			assert_int_equal(count(f, sql), 1);
		} else {
			assert_int_equal(rc, SN_EINPUT);
			assert_true(
			    has_problem(r, "attributes.csv row 2: link_id: no contact with id"));
			assert_int_equal(count(f, CONTACT_ATTRS), 1);
		}
	}
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
	    cmocka_unit_test_setup_teardown(test_api_gives_out_only_web_addresses, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_problems_name_the_path_and_nothing_changes, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_csv_tables, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reimport_replaces_a_services_children, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_reimport_replaces_an_organisations_identifiers, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_csv_reimport_replaces_a_services_children, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_contact_and_address_attributes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_contact_and_address_attributes, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
