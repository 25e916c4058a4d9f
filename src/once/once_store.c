/* One-time form ids in the store: every statement on form_once. */
#include <string.h>

#include "once.h"

void once_new(char out[static 37])
{
	uuid_v4(out);
}

sn_err once_made(store *s, const char *form_id, arena *a, const char **made)
{
	*made = NULL;
	if (!form_id || !str_is_uuid(form_id))
		return SN_OK;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT made FROM form_once WHERE form_id = ? AND created_at >= ?",
				"ti", form_id, time_now() - ONCE_KEEP_SECONDS);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		*made = arena_strdup(a, store_col_text(st, 0));
	store_done(st);
	return rc;
}

sn_err once_remember(store *s, const char *form_id, const char *made)
{
	if (!form_id || !str_is_uuid(form_id))
		return SN_OK;
	if (strlen(made) > ONCE_MADE_MAX)
		return SN_EINPUT;
	int64_t now = time_now();
	sn_err rc = store_run(s, "DELETE FROM form_once WHERE created_at < ?", "i",
			      now - ONCE_KEEP_SECONDS);
	if (rc)
		return rc;
	/* Nothing is inserted when the id is there already: someone sent the
	 * same form at the same moment, and theirs stands. */
	rc = store_run(s, "INSERT INTO form_once (form_id, made, created_at) VALUES (?, ?, ?) "
			  "ON CONFLICT (form_id) DO NOTHING", "tti", form_id, made, now);
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	return rc;
}
