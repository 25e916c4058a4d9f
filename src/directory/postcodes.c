/* Postcode centroids: lookup, the CSV importer (libcsv, streaming, one
 * transaction) and the demo area's own made-up centroids. */
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "geo.h"
#include "postcodes.h"

sn_err postcodes_lookup(store *s, const char *postcode, int32_t *lat_e6, int32_t *lon_e6,
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

/* ---- batched upserts ----
 * Rows go to the store BATCH at a time in one multi-row INSERT (one round
 * trip on PostgreSQL instead of BATCH). PostgreSQL refuses to upsert the
 * same key twice in one statement, so a postcode already in the batch
 * sends the batch first. */

enum { BATCH = 128, SLOTS = 512 };

typedef struct {
	char pc[9];
	int32_t lat, lon;
	int64_t locality_id;
} pc_row;

typedef struct {
	store *s;
	bool with_locality;
	size_t n;
	pc_row rows[BATCH];
	uint16_t slot[SLOTS]; /* index + 1 into rows, 0 when empty */
	char *sql_full;       /* the BATCH-row statement */
} writer;

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

static void writer_init(writer *w, store *s, bool with_locality)
{
	memset(w, 0, sizeof *w);
	w->s = s;
	w->with_locality = with_locality;
}

static void writer_free(writer *w)
{
	free(w->sql_full);
	w->sql_full = NULL;
}

static sn_err write_rows(writer *w, const pc_row *rows, size_t n, const char *sql)
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

static sn_err writer_flush(writer *w)
{
	sn_err rc = SN_OK;
	if (w->n == BATCH) {
		if (!w->sql_full)
			w->sql_full = upsert_sql(BATCH, w->with_locality);
		rc = write_rows(w, w->rows, BATCH, w->sql_full);
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

static sn_err writer_add(writer *w, const pc_row *r)
{
	unsigned h = pc_hash(r->pc) % SLOTS;
	for (;;) {
		uint16_t v = w->slot[h];
		if (!v)
			break;
		if (strcmp(w->rows[v - 1].pc, r->pc) == 0) {
			sn_err rc = writer_flush(w); /* a repeat: send what is before it */
			if (rc)
				return rc;
			h = pc_hash(r->pc) % SLOTS;
			break;
		}
		h = (h + 1) % SLOTS;
	}
	w->rows[w->n] = *r;
	w->slot[h] = (uint16_t)(++w->n);
	return w->n == BATCH ? writer_flush(w) : SN_OK;
}

/* ---- the CSV importer ---- */

/* libcsv grows its field buffer without limit; refusing to grow it past a
 * few KiB bounds the memory a hostile file can take (csv_parse then stops
 * with CSV_ENOMEM, reported as an over-long field). */
enum { CSV_BUF_CAP = 4096, CHUNK = 64 * 1024, PROGRESS_EVERY = 8192 };

static void *capped_realloc(void *p, size_t n)
{
	return n > CSV_BUF_CAP ? NULL : realloc(p, n);
}

typedef struct {
	store *s;
	const postcodes_import_opts *o;
	postcodes_import_report *rep;
	writer *w;
	int64_t record; /* records finished (the header is record 1) */
	size_t col;     /* fields seen in the current record */
	bool header_done, bom_checked, writing;
	int pc_col, lat_col, lon_col, pc_pref;
	bool have_pc, have_lat, have_lon;
	char pc[POSTCODES_FIELD_MAX + 1], lat[POSTCODES_FIELD_MAX + 1],
	    lon[POSTCODES_FIELD_MAX + 1];
	sn_err fatal; /* set once: the file is refused, or the store failed */
	int64_t total_bytes;
} importer;

static void problem(importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(importer *im, const char *fmt, ...)
{
	postcodes_import_report *r = im->rep;
	if (r->n_problems >= POSTCODES_PROBLEMS_KEPT) {
		r->n_more++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problems[r->n_problems++], POSTCODES_PROBLEM_LEN, fmt, ap);
	va_end(ap);
}

/* A refusal of the whole file: the last problem reported. */
static void refuse(importer *im, sn_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void refuse(importer *im, sn_err e, const char *fmt, ...)
{
	if (im->fatal)
		return;
	im->fatal = e;
	postcodes_import_report *r = im->rep;
	if (r->n_problems >= POSTCODES_PROBLEMS_KEPT) { /* make room: it must show */
		r->n_problems--;
		r->n_more++;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problems[r->n_problems++], POSTCODES_PROBLEM_LEN, fmt, ap);
	va_end(ap);
}

/* A value quoted in a message: printable ASCII, at most 24 characters. */
static const char *shown(const char *v, char out[static 32])
{
	size_t n = 0;
	for (const char *p = v; *p && n < 24; p++)
		out[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	if (v[n] && n == 24) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = 0;
	return out;
}

static void copy_field(char *dst, const void *src, size_t len)
{
	memcpy(dst, src, len);
	dst[len] = 0;
	for (size_t i = 0; i < len; i++)
		if (!dst[i])
			dst[i] = '?'; /* an embedded NUL makes the value invalid */
	str_trim(dst);
}

static void on_field(void *data, size_t len, void *ctx)
{
	importer *im = ctx;
	if (im->fatal)
		return;
	int64_t rowno = im->record + 1;
	if (len > POSTCODES_FIELD_MAX) {
		refuse(im, SN_ETOOBIG,
		       "row %lld: a field is longer than %d bytes; the file is refused",
		       (long long)rowno, POSTCODES_FIELD_MAX);
		return;
	}
	if (++im->col > POSTCODES_COLS_MAX) {
		refuse(im, SN_ETOOBIG, "row %lld: more than %d columns; the file is refused",
		       (long long)rowno, POSTCODES_COLS_MAX);
		return;
	}
	int c = (int)im->col - 1;
	const char *d = data ? data : "";
	if (!im->header_done) {
		char name[POSTCODES_FIELD_MAX + 1];
		if (c == 0 && len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0) { /* a UTF-8 BOM */
			d += 3;
			len -= 3;
		}
		copy_field(name, d, len);
		static const char *const pcs[] = {"pcds", "pcd", "postcode"};
		for (int i = 0; i < 3; i++)
			if (strcasecmp(name, pcs[i]) == 0 && i < im->pc_pref) {
				im->pc_pref = i;
				im->pc_col = c;
			}
		if (im->lat_col < 0 &&
		    (strcasecmp(name, "lat") == 0 || strcasecmp(name, "latitude") == 0))
			im->lat_col = c;
		if (im->lon_col < 0 &&
		    (strcasecmp(name, "long") == 0 || strcasecmp(name, "lon") == 0 ||
		     strcasecmp(name, "longitude") == 0))
			im->lon_col = c;
		return;
	}
	if (c == im->pc_col) {
		copy_field(im->pc, d, len);
		im->have_pc = true;
	}
	if (c == im->lat_col) {
		copy_field(im->lat, d, len);
		im->have_lat = true;
	}
	if (c == im->lon_col) {
		copy_field(im->lon, d, len);
		im->have_lon = true;
	}
}

static void progress(importer *im)
{
	if (im->o->progress)
		im->o->progress(im->o->progress_ctx, im->rep->rows, im->rep->bytes,
		                im->total_bytes);
}

static void bad_row(importer *im)
{
	im->rep->bad++;
	if (!im->o->skip_bad)
		im->writing = false; /* it will all be rolled back: stop writing, keep checking */
}

/* Latitude or longitude: "" when fine, else why not. */
static const char *coord_problem(const char *v, bool lat, int32_t *out)
{
	if (!*v)
		return "missing";
	if (geo_parse_e6(v, out))
		return "not a number of degrees";
	if (lat ? !geo_lat_ok(*out) : !geo_lon_ok(*out))
		return lat ? "out of range (-90 to 90)" : "out of range (-180 to 180)";
	return "";
}

static void on_data_row(importer *im, long long rowno)
{
	postcodes_import_report *r = im->rep;
	if (++r->rows > POSTCODES_ROWS_MAX) {
		r->rows--;
		refuse(im, SN_ETOOBIG, "row %lld: more than %d rows; the file is refused", rowno,
		       POSTCODES_ROWS_MAX);
		return;
	}
	char v[32];
	if (!im->have_pc || !im->have_lat || !im->have_lon) {
		problem(im, "row %lld: too few columns (%zu)", rowno, im->col);
		bad_row(im);
		return;
	}
	int32_t lat = 0, lon = 0;
	/* The ONS directory's "no location" (99.999999, 0.000000): skipped. */
	if (geo_parse_e6(im->lat, &lat) == SN_OK && lat == POSTCODES_NO_LOCATION_LAT_E6) {
		r->no_location++;
		return;
	}
	pc_row row = {0};
	const char *why;
	bool bad = false;
	if (!im->pc[0]) {
		problem(im, "row %lld: postcode missing", rowno);
		bad = true;
	} else if (postcode_normalise(im->pc, row.pc)) {
		problem(im, "row %lld: postcode '%s': not a UK postcode", rowno, shown(im->pc, v));
		bad = true;
	}
	if (*(why = coord_problem(im->lat, true, &lat))) {
		problem(im, "row %lld: latitude '%s': %s", rowno, shown(im->lat, v), why);
		bad = true;
	}
	if (*(why = coord_problem(im->lon, false, &lon))) {
		problem(im, "row %lld: longitude '%s': %s", rowno, shown(im->lon, v), why);
		bad = true;
	}
	if (bad) {
		bad_row(im);
		return;
	}
	r->imported++;
	if (!im->writing)
		return;
	row.lat = lat;
	row.lon = lon;
	sn_err rc = writer_add(im->w, &row);
	if (rc) {
		im->fatal = rc;
		snprintf(r->error, sizeof r->error, "cannot write postcodes: %s",
		         store_errmsg(im->s));
	}
}

static void on_record(int c, void *ctx)
{
	(void)c;
	importer *im = ctx;
	if (im->fatal)
		return;
	long long rowno = (long long)++im->record;
	if (!im->header_done) {
		im->header_done = true;
		if (im->pc_col < 0)
			refuse(im, SN_EINPUT,
			       "row 1: the header has no postcode column (pcds, pcd or postcode)");
		else if (im->lat_col < 0)
			refuse(im, SN_EINPUT,
			       "row 1: the header has no latitude column (lat or latitude)");
		else if (im->lon_col < 0)
			refuse(
			    im, SN_EINPUT,
			    "row 1: the header has no longitude column (long, lon or longitude)");
	} else {
		on_data_row(im, rowno);
	}
	im->col = 0;
	im->have_pc = im->have_lat = im->have_lon = false;
	if (!im->fatal && im->rep->rows % PROGRESS_EVERY == 0 && im->rep->rows)
		progress(im);
}

/* Reads the input: from a FILE, or from memory. */
typedef struct {
	FILE *f;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
} source;

static size_t source_read(source *src, unsigned char *out, size_t n, bool *err)
{
	if (src->f) {
		size_t got = fread(out, 1, n, src->f);
		if (got < n && ferror(src->f))
			*err = true;
		return got;
	}
	size_t left = src->mem_len - src->mem_pos;
	if (n > left)
		n = left;
	memcpy(out, src->mem + src->mem_pos, n);
	src->mem_pos += n;
	return n;
}

static sn_err import_from(store *s, source *src, int64_t total, const postcodes_import_opts *o,
                          postcodes_import_report *rep)
{
	static const postcodes_import_opts none;
	if (!o)
		o = &none;
	memset(rep, 0, sizeof *rep);
	importer im = {.s = s,
	               .o = o,
	               .rep = rep,
	               .pc_col = -1,
	               .lat_col = -1,
	               .lon_col = -1,
	               .pc_pref = 99,
	               .total_bytes = total};
	if (!s && !o->dry_run) {
		snprintf(rep->error, sizeof rep->error, "no database to import into");
		return SN_EINTERNAL;
	}
	if (total > POSTCODES_BYTES_MAX) {
		refuse(&im, SN_ETOOBIG, "the file is larger than 2 GiB; it is refused");
		return im.fatal;
	}
	writer *w = xmalloc(sizeof *w);
	writer_init(w, s, false);
	im.w = w;
	im.writing = !o->dry_run;
	int64_t before = 0;
	sn_err rc = SN_OK;
	if (im.writing) {
		rc = store_begin_write(s);
		if (!rc)
			rc = store_one_i64(s, &before, "SELECT count(*) FROM postcodes", "");
		if (rc) {
			snprintf(rep->error, sizeof rep->error, "cannot start the import: %s",
			         store_errmsg(s));
			store_rollback(s);
			free(w);
			return rc;
		}
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		snprintf(rep->error, sizeof rep->error, "cannot start the CSV parser");
		if (im.writing)
			store_rollback(s);
		free(w);
		return SN_EINTERNAL;
	}
	csv_set_realloc_func(&p, capped_realloc);
	unsigned char *chunk = xmalloc(CHUNK);
	bool read_err = false;
	for (;;) {
		size_t n = source_read(src, chunk, CHUNK, &read_err);
		if (read_err) {
			snprintf(rep->error, sizeof rep->error, "cannot read the file");
			im.fatal = SN_EINTERNAL;
			break;
		}
		if (!n)
			break;
		rep->bytes += (int64_t)n;
		if (rep->bytes > POSTCODES_BYTES_MAX) {
			refuse(&im, SN_ETOOBIG, "the file is larger than 2 GiB; it is refused");
			break;
		}
		size_t done = csv_parse(&p, chunk, n, on_field, on_record, &im);
		if (im.fatal)
			break;
		if (done != n) {
			int e = csv_error(&p);
			if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
				refuse(&im, SN_ETOOBIG,
				       "row %lld: a field is longer than %d bytes; the file is "
				       "refused",
				       (long long)im.record + 1, POSTCODES_FIELD_MAX);
			else
				refuse(&im, SN_EINPUT, "row %lld: not well-formed CSV (%s)",
				       (long long)im.record + 1, csv_strerror(e));
			break;
		}
	}
	if (!im.fatal && csv_fini(&p, on_field, on_record, &im) != 0 && !im.fatal)
		refuse(&im, SN_EINPUT, "row %lld: not well-formed CSV (%s)",
		       (long long)im.record + 1, csv_strerror(csv_error(&p)));
	csv_free(&p);
	free(chunk);
	if (!im.fatal && !im.header_done)
		refuse(&im, SN_EINPUT,
		       "the file is empty: the first row must be a header naming the "
		       "postcode, latitude and longitude columns");
	if (!im.fatal)
		progress(&im);
	if (im.writing && !im.fatal) {
		rc = writer_flush(w);
		if (rc) {
			im.fatal = rc;
			snprintf(rep->error, sizeof rep->error, "cannot write postcodes: %s",
			         store_errmsg(s));
		}
	}
	writer_free(w);
	free(w);
	if (!im.fatal && rep->bad && !o->skip_bad)
		im.fatal = SN_EINPUT;
	if (o->dry_run)
		return im.fatal;
	if (im.fatal) {
		store_rollback(s);
		return im.fatal;
	}
	int64_t after = 0;
	rc = store_one_i64(s, &after, "SELECT count(*) FROM postcodes", "");
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		snprintf(rep->error, sizeof rep->error, "cannot commit the import: %s",
		         store_errmsg(s));
		store_rollback(s);
		return rc;
	}
	rep->added = after - before;
	rep->changed = true;
	return SN_OK;
}

sn_err postcodes_import_csv(store *s, FILE *f, const postcodes_import_opts *o,
                            postcodes_import_report *rep)
{
	struct stat sb;
	int64_t total = 0;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
		long pos = ftell(f);
		total = (int64_t)sb.st_size - (pos > 0 ? pos : 0);
	}
	source src = {.f = f};
	return import_from(s, &src, total, o, rep);
}

sn_err postcodes_import_mem(store *s, const void *data, size_t n, const postcodes_import_opts *o,
                            postcodes_import_report *rep)
{
	source src = {.mem = data, .mem_len = n};
	return import_from(s, &src, (int64_t)n, o, rep);
}

/* ---- the demo area ----
 * Ashby Vale's six localities around a made-up town centre near 52.6 N,
 * 1.9 W. Each locality's ten postcode sectors (AV3 0.., AV3 1.., ...) sit
 * within about 1.5 km of its centre, and each sector's units within about
 * 300 m of the sector's own centre, as real postcodes cluster. */

static const struct {
	int32_t lat_e6, lon_e6;
} demo_centres[POSTCODES_DEMO_LOCALITIES] = {
    {52640000, -1900000}, /* Northgate */
    {52610000, -1950000}, /* Millbrook */
    {52612000, -1845000}, /* Eastfield */
    {52583000, -1905000}, /* Riverside */
    {52565000, -1960000}, /* Hollins Green */
    {52600000, -1898000}, /* Old Town */
};

/* The letters real inward codes use (no C, I, K, M, O, V). */
static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

void postcodes_demo_nth(size_t locality_index, size_t k, char out[static 9])
{
	size_t li = locality_index % POSTCODES_DEMO_LOCALITIES;
	/* A fixed walk through the 4,000 inward codes (digit, letter, letter):
	 * 2,379 is prime to 4,000, so the first 200 steps are all different. */
	size_t idx = (k % POSTCODES_DEMO_PER_LOCALITY * 2379u + li * 611u + 17u) % 4000u;
	snprintf(out, 9, "AV%zu %zu%c%c", li + 1, idx / 400, inward_letters[idx / 20 % 20],
	         inward_letters[idx % 20]);
}

void postcodes_demo_pick(rng *g, size_t locality_index, char out[static 9])
{
	postcodes_demo_nth(locality_index, (size_t)rng_below(g, POSTCODES_DEMO_PER_LOCALITY), out);
}

/* A point within r metres of the centre, uniform over the disc. */
static void scatter(rng *g, int32_t lat, int32_t lon, double r, int32_t *olat, int32_t *olon)
{
	double x, y;
	do {
		x = (double)rng_below(g, 2000001) / 1e6 - 1;
		y = (double)rng_below(g, 2000001) / 1e6 - 1;
	} while (x * x + y * y > 1);
	double dlat = y * r / GEO_EARTH_RADIUS_M * 180 / M_PI;
	double dlon = x * r / (GEO_EARTH_RADIUS_M * cos(lat * M_PI / 180e6)) * 180 / M_PI;
	*olat = lat + (int32_t)llround(dlat * 1e6);
	*olon = lon + (int32_t)llround(dlon * 1e6);
}

sn_err postcodes_demo(store *s, const int64_t *locality_ids, size_t n_localities, uint64_t seed)
{
	if (n_localities > POSTCODES_DEMO_LOCALITIES)
		return SN_EINPUT;
	rng g;
	rng_seed(&g, seed ^ 0x706f7374636f6465ull); /* "postcode": its own stream */
	bool own_tx = !store_in_tx(s);
	sn_err rc = own_tx ? store_begin_write(s) : SN_OK;
	writer *w = xmalloc(sizeof *w);
	writer_init(w, s, true);
	for (size_t li = 0; li < n_localities && !rc; li++) {
		int32_t sector_lat[10], sector_lon[10];
		for (int d = 0; d < 10; d++)
			scatter(&g, demo_centres[li].lat_e6, demo_centres[li].lon_e6, 1500,
			        &sector_lat[d], &sector_lon[d]);
		for (size_t k = 0; k < POSTCODES_DEMO_PER_LOCALITY && !rc; k++) {
			pc_row r = {.locality_id = locality_ids[li]};
			postcodes_demo_nth(li, k, r.pc);
			int d = r.pc[4] - '0';
			scatter(&g, sector_lat[d], sector_lon[d], 300, &r.lat, &r.lon);
			rc = writer_add(w, &r);
		}
	}
	if (!rc)
		rc = writer_flush(w);
	writer_free(w);
	free(w);
	if (own_tx) {
		if (!rc)
			rc = store_commit(s);
		if (rc)
			store_rollback(s);
	}
	return rc;
}
