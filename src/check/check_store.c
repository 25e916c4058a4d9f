/* What the check pages read from the store: the directory's taxonomy terms, by code, for the self-check report's matches. */
#include "check.h"

sn_err check_directory_term(store *s, const char *code, arena *a, int64_t *id, const char **name)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, name FROM dir_taxonomy_terms WHERE code = ?", "t",
				code);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		*id = store_col_i64(st, 0);
		*name = arena_strdup(a, store_col_text(st, 1));
	}
	store_done(st);
	return rc;
}
