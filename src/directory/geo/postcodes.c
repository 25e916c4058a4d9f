/* Postcode centroids: the CSV importer (libcsv, streaming, one
 * transaction) and the demo area's own made-up centroids. Their SQL is in
 * postcodes_store.c. */
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "geo_int.h"

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
	const geo_postcodes_import_opts *o;
	geo_postcodes_import_report *rep;
	geo_pc_writer *w;
	int64_t record; /* records finished (the header is record 1) */
	size_t col;     /* fields seen in the current record */
	bool header_done, bom_checked, writing;
	int pc_col, lat_col, lon_col, pc_pref;
	bool have_pc, have_lat, have_lon;
	char pc[GEO_POSTCODES_FIELD_MAX + 1], lat[GEO_POSTCODES_FIELD_MAX + 1],
	    lon[GEO_POSTCODES_FIELD_MAX + 1];
	sn_err fatal; /* set once: the file is refused, or the store failed */
	int64_t total_bytes;
} importer;

static void problem(importer *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(importer *im, const char *fmt, ...)
{
	geo_postcodes_import_report *r = im->rep;
	if (r->n_problems >= GEO_POSTCODES_PROBLEMS_KEPT) {
		r->n_more++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problems[r->n_problems++], GEO_POSTCODES_PROBLEM_LEN, fmt, ap);
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
	geo_postcodes_import_report *r = im->rep;
	if (r->n_problems >= GEO_POSTCODES_PROBLEMS_KEPT) { /* make room: it must show */
		r->n_problems--;
		r->n_more++;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->problems[r->n_problems++], GEO_POSTCODES_PROBLEM_LEN, fmt, ap);
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
	if (len > GEO_POSTCODES_FIELD_MAX) {
		refuse(im, SN_ETOOBIG,
		       "row %lld: a field is longer than %d bytes; the file is refused",
		       (long long)rowno, GEO_POSTCODES_FIELD_MAX);
		return;
	}
	if (++im->col > GEO_POSTCODES_COLS_MAX) {
		refuse(im, SN_ETOOBIG, "row %lld: more than %d columns; the file is refused",
		       (long long)rowno, GEO_POSTCODES_COLS_MAX);
		return;
	}
	int c = (int)im->col - 1;
	const char *d = data ? data : "";
	if (!im->header_done) {
		char name[GEO_POSTCODES_FIELD_MAX + 1];
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
	geo_postcodes_import_report *r = im->rep;
	if (++r->rows > GEO_POSTCODES_ROWS_MAX) {
		r->rows--;
		refuse(im, SN_ETOOBIG, "row %lld: more than %d rows; the file is refused", rowno,
		       GEO_POSTCODES_ROWS_MAX);
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
	if (geo_parse_e6(im->lat, &lat) == SN_OK && lat == GEO_POSTCODES_NO_LOCATION_LAT_E6) {
		r->no_location++;
		return;
	}
	geo_pc_row row = {0};
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
	sn_err rc = geo_pc_writer_add(im->w, &row);
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

/* Parses the whole input through libcsv into im (on_field, on_record). */
static void parse_all(importer *im, source *src)
{
	geo_postcodes_import_report *rep = im->rep;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		snprintf(rep->error, sizeof rep->error, "cannot start the CSV parser");
		im->fatal = SN_EINTERNAL;
		return;
	}
	csv_set_realloc_func(&p, capped_realloc);
	unsigned char *chunk = xmalloc(CHUNK);
	bool read_err = false;
	for (;;) {
		size_t n = source_read(src, chunk, CHUNK, &read_err);
		if (read_err) {
			snprintf(rep->error, sizeof rep->error, "cannot read the file");
			im->fatal = SN_EINTERNAL;
			break;
		}
		if (!n)
			break;
		rep->bytes += (int64_t)n;
		if (rep->bytes > GEO_POSTCODES_BYTES_MAX) {
			refuse(im, SN_ETOOBIG, "the file is larger than 2 GiB; it is refused");
			break;
		}
		size_t done = csv_parse(&p, chunk, n, on_field, on_record, im);
		if (im->fatal)
			break;
		if (done != n) {
			int e = csv_error(&p);
			if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
				refuse(im, SN_ETOOBIG,
				       "row %lld: a field is longer than %d bytes; the file is "
				       "refused",
				       (long long)im->record + 1, GEO_POSTCODES_FIELD_MAX);
			else
				refuse(im, SN_EINPUT, "row %lld: not well-formed CSV (%s)",
				       (long long)im->record + 1, csv_strerror(e));
			break;
		}
	}
	if (!im->fatal && csv_fini(&p, on_field, on_record, im) != 0 && !im->fatal)
		refuse(im, SN_EINPUT, "row %lld: not well-formed CSV (%s)",
		       (long long)im->record + 1, csv_strerror(csv_error(&p)));
	csv_free(&p);
	free(chunk);
	if (!im->fatal && !im->header_done)
		refuse(im, SN_EINPUT,
		       "the file is empty: the first row must be a header naming the "
		       "postcode, latitude and longitude columns");
	if (!im->fatal)
		progress(im);
}

/* After the rows: the rest written and committed (with how many were
 * added), or everything rolled back. */
static sn_err finish(importer *im, int64_t before)
{
	store *s = im->s;
	geo_postcodes_import_report *rep = im->rep;
	if (im->fatal) {
		store_rollback(s);
		return im->fatal;
	}
	int64_t after = 0;
	sn_err rc = geo_postcodes_count(s, &after);
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

static sn_err import_from(store *s, source *src, int64_t total, const geo_postcodes_import_opts *o,
                          geo_postcodes_import_report *rep)
{
	static const geo_postcodes_import_opts none;
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
	if (total > GEO_POSTCODES_BYTES_MAX) {
		refuse(&im, SN_ETOOBIG, "the file is larger than 2 GiB; it is refused");
		return im.fatal;
	}
	geo_pc_writer *w = xmalloc(sizeof *w);
	geo_pc_writer_init(w, s, false);
	im.w = w;
	im.writing = !o->dry_run;
	int64_t before = 0;
	sn_err rc = SN_OK;
	if (im.writing) {
		rc = store_begin_write(s);
		if (!rc)
			rc = geo_postcodes_count(s, &before);
		if (rc) {
			snprintf(rep->error, sizeof rep->error, "cannot start the import: %s",
			         store_errmsg(s));
			store_rollback(s);
			free(w);
			return rc;
		}
	}
	parse_all(&im, src);
	if (im.writing && !im.fatal) {
		rc = geo_pc_writer_flush(w);
		if (rc) {
			im.fatal = rc;
			snprintf(rep->error, sizeof rep->error, "cannot write postcodes: %s",
			         store_errmsg(s));
		}
	}
	geo_pc_writer_free(w);
	free(w);
	if (!im.fatal && rep->bad && !o->skip_bad)
		im.fatal = SN_EINPUT;
	if (o->dry_run)
		return im.fatal;
	return finish(&im, before);
}

sn_err geo_postcodes_import_csv(store *s, FILE *f, const geo_postcodes_import_opts *o,
                            geo_postcodes_import_report *rep)
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

sn_err geo_postcodes_import_mem(store *s, const void *data, size_t n, const geo_postcodes_import_opts *o,
                            geo_postcodes_import_report *rep)
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
} demo_centres[GEO_POSTCODES_DEMO_LOCALITIES] = {
    {52640000, -1900000}, /* Northgate */
    {52610000, -1950000}, /* Millbrook */
    {52612000, -1845000}, /* Eastfield */
    {52583000, -1905000}, /* Riverside */
    {52565000, -1960000}, /* Hollins Green */
    {52600000, -1898000}, /* Old Town */
};

geo_point geo_postcodes_demo_centre(size_t li)
{
	li %= GEO_POSTCODES_DEMO_LOCALITIES;
	return (geo_point){demo_centres[li].lat_e6, demo_centres[li].lon_e6};
}

/* The letters real inward codes use (no C, I, K, M, O, V). */
static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

void geo_postcodes_demo_nth(size_t locality_index, size_t k, char out[static 9])
{
	size_t li = locality_index % GEO_POSTCODES_DEMO_LOCALITIES;
	/* A fixed walk through the 4,000 inward codes (digit, letter, letter):
	 * 2,379 is prime to 4,000, so the first 200 steps are all different. */
	size_t idx = (k % GEO_POSTCODES_DEMO_PER_LOCALITY * 2379u + li * 611u + 17u) % 4000u;
	snprintf(out, 9, "AV%zu %zu%c%c", li + 1, idx / 400, inward_letters[idx / 20 % 20],
	         inward_letters[idx % 20]);
}

void geo_postcodes_demo_pick(rng *g, size_t locality_index, char out[static 9])
{
	geo_postcodes_demo_nth(locality_index, (size_t)rng_below(g, GEO_POSTCODES_DEMO_PER_LOCALITY), out);
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

sn_err geo_postcodes_demo(store *s, const int64_t *locality_ids, size_t n_localities, uint64_t seed)
{
	if (n_localities > GEO_POSTCODES_DEMO_LOCALITIES)
		return SN_EINPUT;
	rng g;
	rng_seed(&g, seed ^ 0x706f7374636f6465ull); /* "postcode": its own stream */
	bool own_tx = !store_in_tx(s);
	sn_err rc = own_tx ? store_begin_write(s) : SN_OK;
	geo_pc_writer *w = xmalloc(sizeof *w);
	geo_pc_writer_init(w, s, true);
	for (size_t li = 0; li < n_localities && !rc; li++) {
		int32_t sector_lat[10], sector_lon[10];
		for (int d = 0; d < 10; d++)
			scatter(&g, demo_centres[li].lat_e6, demo_centres[li].lon_e6, 1500,
			        &sector_lat[d], &sector_lon[d]);
		for (size_t k = 0; k < GEO_POSTCODES_DEMO_PER_LOCALITY && !rc; k++) {
			geo_pc_row r = {.locality_id = locality_ids[li]};
			geo_postcodes_demo_nth(li, k, r.pc);
			int d = r.pc[4] - '0';
			scatter(&g, sector_lat[d], sector_lon[d], 300, &r.lat, &r.lon);
			rc = geo_pc_writer_add(w, &r);
		}
	}
	if (!rc)
		rc = geo_pc_writer_flush(w);
	geo_pc_writer_free(w);
	free(w);
	if (own_tx) {
		if (!rc)
			rc = store_commit(s);
		if (rc)
			store_rollback(s);
	}
	return rc;
}
