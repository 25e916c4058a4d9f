/* Unit tests: an import keeps each service's history (docs/directory.md,
 * "Import and export"): a new service gets version 1 "created" by the
 * import, a changed one a version "edited", an unchanged one none, and a
 * service with no history first gets version 1 "recorded" of what it was
 * before the import overwrote it. A dry run and a refused file write
 * none. Fresh, migrated SQLite stores. */
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
#include "directory/curate/curate.h"
#include "directory/oruk/oruk.h"

#define SVC "11111111-1111-4111-8111-111111111111"
#define ORG "22222222-2222-4222-8222-222222222222"

/* The service with a name, a description and a cost (JSON number text). */
static sn_err import(fixture *f, const char *name, const char *amount, const char *status, bool dry)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "[{\"id\": \"" SVC "\", \"name\": \"%s\", \"status\": \"%s\", \"description\": \"Soup\","
		 " \"organization\": {\"id\": \"" ORG "\", \"name\": \"Millbrook Trust\"},"
		 " \"cost_options\": [{\"id\": \"77777777-7777-4777-8777-777777777777\", \"amount\": %s}]}]",
		 name, status, amount);
	oruk_import_opts o = {.source = "feed.json", .dry_run = dry};
	oruk_import_report *r = calloc(1, sizeof *r);
	sn_err rc = oruk_import_json_mem(f->s, text, strlen(text), &o, r);
	free(r);
	return rc;
}

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

/* "version action actor_name | ..." of the service, oldest first. */
static void history(fixture *f, char *out, size_t size)
{
	store_stmt *st = NULL;
	assert_int_equal(store_query(f->s, &st, "SELECT v.version, v.action, v.actor_name FROM "
				     "dir_service_versions v JOIN dir_services s ON s.id = v.service_id "
				     "WHERE s.uuid = ? ORDER BY v.version", "t", SVC), SN_OK);
	size_t n = 0;
	out[0] = 0;
	bool row = true;
	while (!store_step(st, &row) && row)
		n += (size_t)snprintf(out + n, size - n, "%lld %s %s|", (long long)store_col_i64(st, 0),
				      store_col_text(st, 1), store_col_text(st, 2));
	store_done(st);
}

static void test_an_import_keeps_the_history(void **state)
{
	fixture *f = *state;
	char h[1024];
	/* A dry run writes nothing, history included. */
	assert_int_equal(import(f, "Soup club", "2", "active", true), SN_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM dir_service_versions"), 0);
	/* New: created by the import. */
	assert_int_equal(import(f, "Soup club", "2", "active", false), SN_OK);
	history(f, h, sizeof h);
	assert_string_equal(h, "1 created Import from feed.json|");
	/* The same again: nothing changed, no version. */
	assert_int_equal(import(f, "Soup club", "2", "active", false), SN_OK);
	history(f, h, sizeof h);
	assert_string_equal(h, "1 created Import from feed.json|");
	/* A new cost: edited, and the version holds it. */
	assert_int_equal(import(f, "Soup club", "3.5", "active", false), SN_OK);
	history(f, h, sizeof h);
	assert_string_equal(h, "1 created Import from feed.json|2 edited Import from feed.json|");
	int64_t sid = 0;
	assert_int_equal(store_one_i64(f->s, &sid, "SELECT id FROM dir_services WHERE uuid = ?", "t", SVC), SN_OK);
	json_t *v1 = NULL, *v2 = NULL;
	assert_int_equal(curate_version_details(f->s, sid, 1, &v1), SN_OK);
	assert_int_equal(curate_version_details(f->s, sid, 2, &v2), SN_OK);
	assert_false(json_equal(v1, v2));
	json_decref(v1);
	json_decref(v2);
	/* A refused file (a bad status) changes nothing, history included. */
	assert_int_equal(import(f, "Broth club", "3.5", "open", false), SN_EINPUT);
	history(f, h, sizeof h);
	assert_string_equal(h, "1 created Import from feed.json|2 edited Import from feed.json|");
}

static void test_a_service_without_history_is_recorded_first(void **state)
{
	fixture *f = *state;
	char h[1024];
	/* As the demo leaves it: a service with no history. */
	assert_int_equal(import(f, "Soup club", "2", "active", false), SN_OK);
	assert_int_equal(store_run(f->s, "DELETE FROM dir_service_versions", ""), SN_OK);
	assert_int_equal(import(f, "Soup and bread club", "2", "active", false), SN_OK);
	history(f, h, sizeof h);
	assert_string_equal(h, "1 recorded SupportNet|2 edited Import from feed.json|");
	/* Version 1 is the entry as it was, with its old name. */
	int64_t sid = 0;
	assert_int_equal(store_one_i64(f->s, &sid, "SELECT id FROM dir_services WHERE uuid = ?", "t", SVC), SN_OK);
	json_t *v1 = NULL;
	assert_int_equal(curate_version_details(f->s, sid, 1, &v1), SN_OK);
	char *text = json_dumps(v1, JSON_COMPACT);
	assert_non_null(strstr(text, "\"Soup club\""));
	free(text);
	json_decref(v1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_an_import_keeps_the_history, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_a_service_without_history_is_recorded_first, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
