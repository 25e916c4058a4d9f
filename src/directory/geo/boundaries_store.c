/* Locality boundaries in the store: every SQL statement of them (the
 * boundary written after its check, and read for the map). */
#include <stdlib.h>

#include "geo_int.h"

sn_err geo_boundary_set(store *s, int64_t locality_id, const json_t *geometry, const char *now, char *err,
			size_t err_size)
{
	sn_err rc = geo_boundary_check(geometry, err, err_size);
	if (rc)
		return rc;
	char *text = json_dumps(geometry, JSON_COMPACT | JSON_REAL_PRECISION(10));
	if (!text)
		return SN_EINTERNAL;
	rc = store_run(s, "INSERT INTO locality_boundaries (locality_id, geojson, updated_at) VALUES (?, ?, ?) "
		       "ON CONFLICT (locality_id) DO UPDATE SET geojson = excluded.geojson, "
		       "updated_at = excluded.updated_at", "itt", locality_id, text, now);
	free(text);
	return rc;
}

sn_err geo_boundaries_each(store *s, geo_boundary_fn *fn, void *ctx)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT l.uuid, l.name, b.geojson FROM locality_boundaries b "
				"JOIN localities l ON l.id = b.locality_id ORDER BY l.name", "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		fn(ctx, store_col_text(st, 0), store_col_text(st, 1), store_col_text(st, 2));
	}
	store_done(st);
	return rc;
}
