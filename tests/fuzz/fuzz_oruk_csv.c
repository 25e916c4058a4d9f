/* libFuzzer target for the HSDS CSV importer: the bytes are split at each
 * line "--" into tables, given in turn to taxonomies, taxonomy_terms,
 * organizations, ... (oruk_kind order), and imported three ways as in
 * fuzz_oruk_import: a dry run without a store, a dry run with an in-memory
 * SQLite store, and a real import, which must agree with the second. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oruk_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	oruk_csv_table t[ORUK_N_KINDS];
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= size && n < ORUK_N_KINDS; i++) {
		bool sep = i + 4 <= size && memcmp(data + i, "\n--\n", 4) == 0;
		if (i == size || sep) {
			t[n] = (oruk_csv_table){.name = oruk_kind_name((oruk_kind)n),
			                        .data = data + start,
			                        .len = i - start + (sep ? 1 : 0)};
			n++;
			start = i + 4;
			i += 3;
		}
	}
	oruk_import_report *r0 = calloc(1, sizeof *r0), *r1 = calloc(1, sizeof *r1),
	                   *r2 = calloc(1, sizeof *r2);
	if (!r0 || !r1 || !r2)
		abort();
	oruk_import_opts o = {.dry_run = true, .source = "fuzz"};
	sn_err a = oruk_import_csv_tables(NULL, t, n, &o, r0);
	check_report(a, r0, false);
	store *s = mem_store();
	sn_err b = oruk_import_csv_tables(s, t, n, &o, r1);
	check_report(b, r1, false);
	if (b == SN_OK && a != SN_OK)
		abort();
	o.dry_run = false;
	sn_err c = oruk_import_csv_tables(s, t, n, &o, r2);
	check_report(c, r2, false);
	if (c != b || memcmp(r1->count, r2->count, sizeof r1->count) != 0)
		abort();
	if (store_in_tx(s))
		abort();
	int64_t k = -1;
	if (store_one_i64(s, &k, "SELECT count(*) FROM dir_services", ""))
		abort();
	if (c != SN_OK && k != 0)
		abort();
	clear(s);
	free(r0);
	free(r1);
	free(r2);
	return 0;
}
