/* Postcode centroids in the store: every SQL statement of geo/ (the
 * lookup, the batched upsert, the count). */
#include <stdlib.h>
#include <string.h>

#include "geo_int.h"

sn_err geo_postcode_lookup(store *s, const char *postcode, int32_t *lat_e6, int32_t *lon_e6,
                           int64_t *locality_id)
{
	char pc[9];
	if (lat_e6)
		*lat_e6 = 0;
	if (lon_e6)
		*lon_e6 = 0;
	if (locality_id)
		*locality_id = 0;
	if (!postcode || postcode_normalise(postcode, pc))
		return SN_EINPUT;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT lat_e6, lon_e6, locality_id FROM postcodes "
	                        "WHERE postcode = ?",
	                        "t", pc);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		if (lat_e6)
			*lat_e6 = (int32_t)store_col_i64(st, 0);
		if (lon_e6)
			*lon_e6 = (int32_t)store_col_i64(st, 1);
		if (locality_id)
			*locality_id = store_col_null(st, 2) ? 0 : store_col_i64(st, 2);
	}
	store_done(st);
	return rc;
}

/* ---- batched upserts (geo_int.h) ---- */

static char *upsert_sql(size_t n, bool with_locality)
{
	buf b;
	buf_init(&b, 64u * 1024u);
	buf_puts(&b, with_locality
	                 ? "INSERT INTO postcodes (postcode, lat_e6, lon_e6, locality_id) VALUES "
	                 : "INSERT INTO postcodes (postcode, lat_e6, lon_e6) VALUES ");
	for (size_t i = 0; i < n; i++)
		buf_puts(&b, with_locality ? (i ? ",(?,?,?,?)" : "(?,?,?,?)")
		                           : (i ? ",(?,?,?)" : "(?,?,?)"));
	buf_puts(&b, " ON CONFLICT (postcode) DO UPDATE SET lat_e6 = excluded.lat_e6, "
	             "lon_e6 = excluded.lon_e6");
	if (with_locality)
		buf_puts(&b, ", locality_id = excluded.locality_id");
	return b.data;
}

void geo_pc_writer_init(geo_pc_writer *w, store *s, bool with_locality)
{
	memset(w, 0, sizeof *w);
	w->s = s;
	w->with_locality = with_locality;
}

void geo_pc_writer_free(geo_pc_writer *w)
{
	free(w->sql_full);
	w->sql_full = NULL;
}

static sn_err write_rows(geo_pc_writer *w, const geo_pc_row *rows, size_t n, const char *sql)
{
	store_stmt *st = NULL;
	sn_err rc = store_prepare(w->s, sql, &st);
	int k = 1;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = store_bind_text(st, k++, rows[i].pc);
		if (!rc)
			rc = store_bind_i64(st, k++, rows[i].lat);
		if (!rc)
			rc = store_bind_i64(st, k++, rows[i].lon);
		if (!rc && w->with_locality)
			rc = rows[i].locality_id ? store_bind_i64(st, k++, rows[i].locality_id)
			                         : store_bind_null(st, k++);
	}
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

sn_err geo_pc_writer_flush(geo_pc_writer *w)
{
	sn_err rc = SN_OK;
	if (w->n == GEO_PC_BATCH) {
		if (!w->sql_full)
			w->sql_full = upsert_sql(GEO_PC_BATCH, w->with_locality);
		rc = write_rows(w, w->rows, GEO_PC_BATCH, w->sql_full);
	} else if (w->n) {
		char *one = upsert_sql(1, w->with_locality);
		for (size_t i = 0; i < w->n && !rc; i++)
			rc = write_rows(w, &w->rows[i], 1, one);
		free(one);
	}
	w->n = 0;
	memset(w->slot, 0, sizeof w->slot);
	return rc;
}

static unsigned pc_hash(const char *pc)
{
	unsigned h = 2166136261u;
	for (; *pc; pc++)
		h = (h ^ (unsigned char)*pc) * 16777619u;
	return h;
}

sn_err geo_pc_writer_add(geo_pc_writer *w, const geo_pc_row *r)
{
	unsigned h = pc_hash(r->pc) % GEO_PC_SLOTS;
	for (;;) {
		uint16_t v = w->slot[h];
		if (!v)
			break;
		if (strcmp(w->rows[v - 1].pc, r->pc) == 0) {
			sn_err rc = geo_pc_writer_flush(w); /* a repeat: send what is before it */
			if (rc)
				return rc;
			h = pc_hash(r->pc) % GEO_PC_SLOTS;
			break;
		}
		h = (h + 1) % GEO_PC_SLOTS;
	}
	w->rows[w->n] = *r;
	w->slot[h] = (uint16_t)(++w->n);
	return w->n == GEO_PC_BATCH ? geo_pc_writer_flush(w) : SN_OK;
}

sn_err geo_postcodes_count(store *s, int64_t *n)
{
	*n = 0;
	return store_one_i64(s, n, "SELECT count(*) FROM postcodes", "");
}
