/* libFuzzer target for the ORUK JSON importer: the bytes as a file,
 * checked four ways, record by record: a dry run without a store, a dry
 * run against an in-memory SQLite store, and a real import into it; and a
 * strict dry run against the store. The runs with a store must agree (a
 * dry run says what a real one does; a database error means the checks
 * let something through), a refused input must leave nothing, what strict
 * takes record by record takes the same, and every problem is one
 * printable line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oruk_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t services(store *s)
{
	int64_t n = -1;
	if (store_one_i64(s, &n, "SELECT count(*) FROM dir_services", ""))
		abort();
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	oruk_import_report *r0 = calloc(1, sizeof *r0), *r1 = calloc(1, sizeof *r1),
	                   *r2 = calloc(1, sizeof *r2), *r3 = calloc(1, sizeof *r3);
	if (!r0 || !r1 || !r2 || !r3)
		abort();
	oruk_import_opts o = {.dry_run = true, .source = "fuzz"};
	sn_err a = oruk_import_json_mem(NULL, data, size, &o, r0);
	check_report(a, r0, false);

	store *s = mem_store();
	sn_err b = oruk_import_json_mem(s, data, size, &o, r1);
	check_report(b, r1, false);
	oruk_import_opts so = {.dry_run = true, .strict = true, .source = "fuzz"};
	sn_err d = oruk_import_json_mem(s, data, size, &so, r3);
	check_report(d, r3, true);
	if (d == SN_OK && (b != SN_OK || memcmp(r1->count, r3->count, sizeof r1->count) != 0))
		abort(); /* no problem for strict: the same record by record */
	if (b == SN_OK && a != SN_OK)
		abort(); /* the store can only add problems (unknown references) */
	o.dry_run = false;
	sn_err c = oruk_import_json_mem(s, data, size, &o, r2);
	check_report(c, r2, false);
	if (c != b || memcmp(r1->count, r2->count, sizeof r1->count) != 0 ||
	    r1->n_problems != r2->n_problems)
		abort(); /* a dry run says what a real one does */
	if (store_in_tx(s))
		abort();
	int64_t n = services(s);
	if (c == SN_OK ? n > r2->count[ORUK_SERVICES] || r2->services_new != n : n != 0)
		abort(); /* a refused input leaves nothing */
	clear(s);
	free(r0);
	free(r1);
	free(r2);
	free(r3);
	return 0;
}
