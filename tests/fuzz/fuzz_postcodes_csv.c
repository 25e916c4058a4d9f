/* libFuzzer target for the postcode importer: the bytes as the CSV, first
 * as a dry run without a store, then for real (--skip-bad) into an
 * in-memory SQLite store, which must agree; and the first line as decimal
 * degrees for geo_parse_e6 and geo_format_e6. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory/geo/geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static store *mem_store(void)
{
	static store *s;
	if (s)
		return s;
	char err[256];
	int applied = 0;
	if (base_init() || store_open(":memory:", true, &s, err, sizeof err) ||
	    store_migrate(s, &applied, err, sizeof err)) {
		fprintf(stderr, "fuzz_postcodes_csv: %s\n", err);
		abort();
	}
	return s;
}

static void check_report(sn_err rc, const geo_postcodes_import_report *r)
{
	if (r->n_problems > GEO_POSTCODES_PROBLEMS_KEPT || r->n_more < 0)
		abort();
	for (size_t i = 0; i < r->n_problems; i++) {
		size_t n = strnlen(r->problems[i], GEO_POSTCODES_PROBLEM_LEN);
		if (n == 0 || n == GEO_POSTCODES_PROBLEM_LEN)
			abort(); /* never empty, always terminated */
		for (size_t k = 0; k < n; k++)
			if ((unsigned char)r->problems[i][k] < 0x20 ||
			    (unsigned char)r->problems[i][k] >= 0x7f)
				abort(); /* printable: safe for a terminal */
	}
	if ((int64_t)r->n_problems + r->n_more < r->bad)
		abort(); /* every bad row is counted */
	if (rc == SN_OK && r->rows != r->imported + r->no_location + r->bad)
		abort();
	if (r->rows > GEO_POSTCODES_ROWS_MAX || r->bytes > GEO_POSTCODES_BYTES_MAX)
		abort();
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	geo_postcodes_import_report *dry = calloc(1, sizeof *dry), *real = calloc(1, sizeof *real);
	if (!dry || !real)
		abort();
	geo_postcodes_import_opts o = {.dry_run = true, .skip_bad = true};
	sn_err rd = geo_postcodes_import_mem(NULL, data, size, &o, dry);
	check_report(rd, dry);

	store *s = mem_store();
	o.dry_run = false;
	sn_err rr = geo_postcodes_import_mem(s, data, size, &o, real);
	check_report(rr, real);
	if (rr != rd || real->rows != dry->rows || real->imported != dry->imported ||
	    real->bad != dry->bad || real->no_location != dry->no_location)
		abort(); /* a dry run says what a real one does */
	if (store_in_tx(s))
		abort();
	int64_t n = -1;
	if (store_one_i64(s, &n, "SELECT count(*) FROM postcodes", ""))
		abort();
	if (rr == SN_OK ? (n > real->imported || n != real->added) : n != 0)
		abort(); /* a refused file leaves nothing */
	/* Whatever went in looks up again, in range. */
	store_stmt *st = NULL;
	if (store_query(s, &st, "SELECT postcode, lat_e6, lon_e6 FROM postcodes LIMIT 5", ""))
		abort();
	bool row = false;
	while (!store_step(st, &row) && row) {
		char norm[9];
		if (postcode_normalise(store_col_text(st, 0), norm) ||
		    strcmp(norm, store_col_text(st, 0)) != 0 || !geo_lat_ok(store_col_i64(st, 1)) ||
		    !geo_lon_ok(store_col_i64(st, 2)))
			abort();
	}
	store_done(st);
	if (store_exec(s, "DELETE FROM postcodes"))
		abort();
	free(dry);
	free(real);

	/* geo_parse_e6 on the first line: what parses formats back to the same. */
	char line[64];
	size_t n_line = 0;
	while (n_line < size && n_line < sizeof line - 1 && data[n_line] != '\n')
		n_line++;
	memcpy(line, data, n_line);
	line[n_line] = 0;
	int32_t v = 0, back = 0;
	if (geo_parse_e6(line, &v) == SN_OK) {
		char out[GEO_E6_STR];
		if (v <= -1000000000 || v >= 1000000000 ||
		    geo_parse_e6(geo_format_e6(v, out), &back) || back != v)
			abort();
	} else if (v != 0) {
		abort();
	}
	return 0;
}
