/* What the two ORUK importer fuzz targets share: one in-memory SQLite
 * store for the process, the checks every report must pass (record by
 * record or strict), and emptying the directory between inputs. */
#ifndef SN_ORUK_FUZZ_H
#define SN_ORUK_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory/oruk/oruk.h"

static inline store *mem_store(void)
{
	static store *s;
	if (s)
		return s;
	char err[256];
	int applied = 0;
	if (base_init() || store_open(":memory:", true, &s, err, sizeof err) ||
	    store_migrate(s, &applied, err, sizeof err)) {
		fprintf(stderr, "fuzz_oruk: %s\n", err);
		abort();
	}
	return s;
}

/* strict: the import was all or nothing (oruk_import_opts.strict). */
static inline void check_report(sn_err rc, const oruk_import_report *r, bool strict)
{
	if (r->n_problems > ORUK_PROBLEMS_MAX)
		abort();
	for (size_t i = 0; i < r->n_problems; i++) {
		size_t n = strnlen(r->problems[i], ORUK_PROBLEM_LEN);
		if (n == 0 || n == ORUK_PROBLEM_LEN)
			abort(); /* never empty, always terminated */
		for (size_t k = 0; k < n; k++)
			if ((unsigned char)r->problems[i][k] < 0x20 ||
			    (unsigned char)r->problems[i][k] >= 0x7f)
				abort(); /* printable: safe for a terminal */
	}
	if (r->n_errors + r->n_warnings < (int64_t)r->n_problems)
		abort(); /* every line shown is counted */
	if (rc == SN_OK && strict && r->n_errors)
		abort(); /* all or nothing: a problem refuses the input */
	if (rc == SN_OK && !strict && r->records_skipped && !r->records)
		abort(); /* record by record: nothing usable refuses it too */
	if ((rc == SN_EINPUT || rc == SN_ETOOBIG) && !r->n_problems)
		abort(); /* bad input always says why */
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG) {
		fprintf(stderr, "unexpected %s: %s\n", sn_err_name(rc), r->error);
		abort();
	}
}

static inline void clear(store *s)
{
	if (store_exec(s, "DELETE FROM dir_search; DELETE FROM dir_attributes; "
	                  "DELETE FROM dir_services; DELETE FROM dir_locations; "
	                  "DELETE FROM dir_organizations; DELETE FROM dir_taxonomy_terms; "
	                  "DELETE FROM dir_taxonomies"))
		abort();
}

#endif
