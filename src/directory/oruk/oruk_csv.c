/* The HSDS 3.0 CSV tables in: one file per table, read with libcsv in
 * the order of oruk_kind (references first), each row checked and upserted
 * by the row layer of oruk_import.c exactly as a JSON object would be.
 * Problems name the file and row, the header being row 1. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "oruk_io_int.h"

/* libcsv grows its field buffer without limit: refusing to grow it past
 * the field limit bounds what a hostile file can take. */
static void *capped_realloc(void *p, size_t n)
{
	return n > ORUK_CSV_FIELD_MAX + 2 ? NULL : realloc(p, n);
}

typedef struct {
	oruk_imp *im;
	oruk_kind k;
	char file[64];  /* "services.csv" */
	int64_t record; /* records finished (the header is record 1) */
	size_t col;
	bool header_done;
	char *names[ORUK_CSV_COLS_MAX]; /* the header's known columns (else NULL) */
	bool has_id;
	json_t *row;
	int64_t *done; /* rows of every table so far */
	int64_t total_bytes;
} reader;

static void on_field(void *data, size_t len, void *ctx)
{
	reader *r = ctx;
	oruk_imp *im = r->im;
	if (oruk_imp_stop(im))
		return;
	char path[96];
	snprintf(path, sizeof path, "%s row %lld", r->file, (long long)r->record + 1);
	if (len > ORUK_CSV_FIELD_MAX) {
		oruk_refuse(im, SN_ETOOBIG, path,
		            "a field is longer than %d bytes; the file is refused",
		            ORUK_CSV_FIELD_MAX);
		return;
	}
	if (++r->col > ORUK_CSV_COLS_MAX) {
		oruk_refuse(im, SN_ETOOBIG, path, "more than %d columns; the file is refused",
		            ORUK_CSV_COLS_MAX);
		return;
	}
	size_t c = r->col - 1;
	const char *d = data ? data : "";
	if (!r->header_done) {
		if (c == 0 && len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0) { /* a UTF-8 BOM */
			d += 3;
			len -= 3;
		}
		char name[64];
		if (len >= sizeof name)
			return; /* no HSDS column is that long */
		memcpy(name, d, len);
		name[len] = 0;
		const oruk_kind_spec *sp = &oruk_kinds[r->k];
		for (size_t i = 0; i < sp->n_fields; i++) {
			const oruk_field *f = &sp->fields[i];
			if ((f->key && strcasecmp(name, f->key) == 0) ||
			    (f->alt && strcasecmp(name, f->alt) == 0)) {
				r->names[c] =
				    xstrdup(strcasecmp(name, f->key) == 0 ? f->key : f->alt);
				r->has_id = r->has_id || strcmp(f->key, "id") == 0;
			}
		}
		if (r->k == ORUK_TERMS && strcasecmp(name, "term") == 0 && !r->names[c])
			r->names[c] = xstrdup("term");
		if (!r->names[c] && *name) {
			char t1[48];
			const char *k = im->cur_kind;
			im->cur_kind = oruk_kinds[r->k].what;
			im->cur_id[0] = 0;
			oruk_warn(im, r->file, oruk_shown(name, t1), ORUK_CODE_NOT_MODELLED,
			          ORUK_DID_IGNORED, "SupportNet does not keep this column");
			im->cur_kind = k;
		}
		return;
	}
	if (!r->names[c] || !len)
		return; /* an unknown column, or an empty cell (absent) */
	json_t *v = json_stringn(d, len);
	if (!v) {
		oruk_problem(im, path, r->names[c], "not valid UTF-8");
		return;
	}
	if (strlen(json_string_value(v)) != len) {
		json_decref(v);
		oruk_problem(im, path, r->names[c], "contains a NUL character");
		return;
	}
	if (!r->row)
		r->row = json_object();
	json_object_set_new(r->row, r->names[c], v);
}

/* An attribute row: link_id names a row of the kind link_entity says.
 * 1 imported, 0 not (a problem), -1 ignored (an entity not kept). */
static int attribute_row(reader *r, json_t *row, const char *path)
{
	oruk_imp *im = r->im;
	static const struct {
		const char *entity;
		oruk_kind k;
	} links[] = {{"service", ORUK_SERVICES},
	             {"organization", ORUK_ORGS},
	             {"location", ORUK_LOCATIONS},
	             {"contact", ORUK_CONTACTS},
	             {"address", ORUK_ADDRESSES}};
	const char *entity = json_string_value(json_object_get(row, "link_entity"));
	const char *link = json_string_value(json_object_get(row, "link_id"));
	int64_t id = 0;
	if (!entity) {
		im->cur_kind = "attribute";
		im->cur_id[0] = 0;
		oruk_problem(im, path, "link_entity", "missing");
		im->rep->skipped[ORUK_ATTRIBUTES]++;
		return 0;
	}
	size_t i = 0;
	while (i < SN_ARRAY_LEN(links) && strcmp(links[i].entity, entity) != 0)
		i++;
	if (i == SN_ARRAY_LEN(links))
		return -1; /* attributes of phones, schedules ...: not kept */
	if (!link || !str_is_uuid(link)) {
		oruk_imp_row(im, ORUK_ATTRIBUTES, row, path, NULL, 0, false, &id, NULL);
		return 0; /* the row layer names the problem */
	}
	char u[37];
	for (int j = 0; j < 36; j++)
		u[j] = (char)(link[j] >= 'A' && link[j] <= 'F' ? link[j] + 32 : link[j]);
	u[36] = 0;
	int64_t lid = 0;
	if (!oruk_imp_find(im, links[i].k, u, &lid) && im->s) {
		if (!oruk_imp_stop(im)) {
			im->cur_kind = "attribute";
			im->cur_id[0] = 0;
			oruk_problem(im, path, "link_id",
			             "no %s with id %s in this import or the database", entity, u);
			im->rep->skipped[ORUK_ATTRIBUTES]++;
		}
		return 0;
	}
	oruk_parent p = {"link_id", lid, u};
	return oruk_imp_row(im, ORUK_ATTRIBUTES, row, path, &p, 1, false, &id, NULL) ? 1 : 0;
}

static void on_record(int c, void *ctx)
{
	(void)c;
	reader *r = ctx;
	oruk_imp *im = r->im;
	if (oruk_imp_stop(im))
		return;
	long long rowno = (long long)++r->record;
	char path[96];
	snprintf(path, sizeof path, "%s row %lld", r->file, rowno);
	json_t *row = r->row;
	r->row = NULL;
	r->col = 0;
	if (!r->header_done) {
		r->header_done = true;
		if (!r->has_id)
			oruk_refuse(im, SN_EINPUT, path, "the header has no id column");
		json_decref(row);
		return;
	}
	if (rowno - 1 > ORUK_CSV_ROWS_MAX) {
		oruk_refuse(im, SN_ETOOBIG, path, "more than %d rows; the file is refused",
		            ORUK_CSV_ROWS_MAX);
		json_decref(row);
		return;
	}
	if (!row)
		row = json_object(); /* every cell empty: the row layer says what is missing */
	int64_t id = 0;
	int done = -1;
	if (r->k == ORUK_ATTRIBUTES)
		done = attribute_row(r, row, path);
	else if (r->k == ORUK_SERVICES && im->rep->count[ORUK_SERVICES] >= ORUK_SERVICES_MAX)
		oruk_refuse(im, SN_ETOOBIG, path, "more than %d services; the input is refused",
		            ORUK_SERVICES_MAX);
	else
		done = oruk_imp_row(im, r->k, row, path, NULL, 0, false, &id, NULL) ? 1 : 0;
	/* Record by record, each row is a record. */
	if (done >= 0 && im->lenient && !im->fatal) {
		if (done)
			im->rep->records++;
		else
			im->rep->records_skipped++;
	}
	json_decref(row);
	if (++*r->done % 1000 == 0 && im->o->progress)
		im->o->progress(im->o->progress_ctx, *r->done, im->rep->bytes, r->total_bytes);
}

static void read_table(oruk_imp *im, oruk_kind k, const oruk_csv_table *t, int64_t *done,
                       int64_t total)
{
	reader r = {.im = im, .k = k, .done = done, .total_bytes = total};
	snprintf(r.file, sizeof r.file, "%s.csv", oruk_kind_name(k));
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		oruk_fail(im, SN_EINTERNAL, "cannot start the CSV parser");
		return;
	}
	csv_set_realloc_func(&p, capped_realloc);
	enum { CHUNK = 64 * 1024 };
	char *chunk = t->f ? xmalloc(CHUNK) : NULL;
	size_t pos = 0;
	int64_t bytes = 0;
	char path[96];
	while (!oruk_imp_stop(im)) {
		const char *data;
		size_t n;
		if (t->f) {
			n = fread(chunk, 1, CHUNK, t->f);
			if (!n && ferror(t->f))
				oruk_fail(im, SN_EINTERNAL, "cannot read %s", r.file);
			data = chunk;
		} else {
			n = t->len - pos < CHUNK ? t->len - pos : CHUNK;
			data = (const char *)t->data + pos;
			pos += n;
		}
		if (!n)
			break;
		bytes += (int64_t)n;
		im->rep->bytes += (int64_t)n;
		if (bytes > ORUK_FILE_BYTES_MAX) {
			oruk_refuse(im, SN_ETOOBIG, r.file, "larger than 1 GiB; it is refused");
			break;
		}
		if (csv_parse(&p, data, n, on_field, on_record, &r) != n && !oruk_imp_stop(im)) {
			int e = csv_error(&p);
			snprintf(path, sizeof path, "%s row %lld", r.file, (long long)r.record + 1);
			if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
				oruk_refuse(im, SN_ETOOBIG, path,
				            "a field is longer than %d bytes; the file is refused",
				            ORUK_CSV_FIELD_MAX);
			else
				oruk_refuse(im, SN_EINPUT, path, "not well-formed CSV (%s)",
				            csv_strerror(e));
		}
	}
	snprintf(path, sizeof path, "%s row %lld", r.file, (long long)r.record + 1);
	if (!oruk_imp_stop(im) && csv_fini(&p, on_field, on_record, &r) != 0 && !oruk_imp_stop(im))
		oruk_refuse(im, SN_EINPUT, path, "not well-formed CSV (%s)",
		            csv_strerror(csv_error(&p)));
	if (!oruk_imp_stop(im) && !r.header_done)
		oruk_refuse(im, SN_EINPUT, r.file,
		            "empty: the first row must be a header naming the columns");
	csv_free(&p);
	free(chunk);
	json_decref(r.row);
	for (size_t i = 0; i < ORUK_CSV_COLS_MAX; i++)
		free(r.names[i]);
}

sn_err oruk_import_csv_tables(store *s, const oruk_csv_table *tables, size_t n,
                              const oruk_import_opts *o, oruk_import_report *rep)
{
	oruk_imp im;
	sn_err rc = oruk_imp_begin(&im, s, o, rep, true);
	if (rc)
		return rc;
	int64_t total = 0, done = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (tables[i].f && fstat(fileno(tables[i].f), &sb) == 0 && S_ISREG(sb.st_mode))
			total += (int64_t)sb.st_size;
		else if (!tables[i].f)
			total += (int64_t)tables[i].len;
	}
	for (int k = 0; k < ORUK_N_KINDS && !oruk_imp_stop(&im); k++)
		for (size_t i = 0; i < n && !oruk_imp_stop(&im); i++)
			if (tables[i].name &&
			    strcmp(tables[i].name, oruk_kind_name((oruk_kind)k)) == 0)
				read_table(&im, (oruk_kind)k, &tables[i], &done, total);
	/* Each service, contact, phone, location, organisation and address the
	 * tables name gets the children they list for it: of each kind whose
	 * table is there, the ones no longer listed are deleted (a table left
	 * out says nothing). */
	unsigned have = 0;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < ORUK_N_KINDS && tables[i].name; k++)
			if (strcmp(tables[i].name, oruk_kind_name((oruk_kind)k)) == 0)
				have |= ORUK_KIND_BIT(k);
	static const struct {
		oruk_kind k;
		oruk_parent_kind parent;
		unsigned kinds;
	} parents[] = {
	    {ORUK_SERVICES, ORUK_PARENT_SERVICE,
	     ORUK_KIND_BIT(ORUK_SALS) | ORUK_KIND_BIT(ORUK_SCHEDULES) |
	         ORUK_KIND_BIT(ORUK_CONTACTS) | ORUK_KIND_BIT(ORUK_PHONES) |
	         ORUK_KIND_BIT(ORUK_COSTS) | ORUK_KIND_BIT(ORUK_LANGUAGES) |
	         ORUK_KIND_BIT(ORUK_AREAS) | ORUK_KIND_BIT(ORUK_FUNDINGS) |
	         ORUK_KIND_BIT(ORUK_ATTRIBUTES)},
	    {ORUK_CONTACTS, ORUK_PARENT_CONTACT,
	     ORUK_KIND_BIT(ORUK_PHONES) | ORUK_KIND_BIT(ORUK_ATTRIBUTES)},
	    {ORUK_PHONES, ORUK_PARENT_PHONE, ORUK_KIND_BIT(ORUK_LANGUAGES)},
	    {ORUK_LOCATIONS, ORUK_PARENT_LOCATION,
	     ORUK_KIND_BIT(ORUK_ADDRESSES) | ORUK_KIND_BIT(ORUK_ACCESSIBILITY) |
	         ORUK_KIND_BIT(ORUK_PHONES) | ORUK_KIND_BIT(ORUK_ATTRIBUTES)},
	    {ORUK_ORGS, ORUK_PARENT_ORG, ORUK_KIND_BIT(ORUK_ORG_IDS) | ORUK_KIND_BIT(ORUK_ATTRIBUTES)},
	    {ORUK_ADDRESSES, ORUK_PARENT_ADDRESS, ORUK_KIND_BIT(ORUK_ATTRIBUTES)},
	};
	for (size_t p = 0; p < SN_ARRAY_LEN(parents) && im.writing; p++) {
		oruk_idmap *m = &im.seen[parents[p].k];
		for (size_t i = 0; i < m->cap && !oruk_imp_stop(&im) && im.writing; i++)
			if (m->keys[i][0] && m->ids[i] != ORUK_ID_GONE)
				oruk_imp_replace(&im, parents[p].parent, m->ids[i],
				                 parents[p].kinds & have);
	}
	/* The search index, now that every service's terms are written. */
	oruk_idmap *sv = &im.seen[ORUK_SERVICES];
	for (size_t i = 0; i < sv->cap && !oruk_imp_stop(&im) && im.writing; i++)
		if (sv->keys[i][0] && sv->ids[i] != ORUK_ID_GONE)
			oruk_imp_index(&im, sv->ids[i]);
	if (!oruk_imp_stop(&im) && o && o->progress)
		o->progress(o->progress_ctx, done, rep->bytes, total);
	return oruk_imp_end(&im);
}

sn_err oruk_import_csv_dir(store *s, const char *dir, const oruk_import_opts *o,
                           oruk_import_report *rep)
{
	oruk_csv_table tables[ORUK_N_KINDS];
	size_t n = 0;
	sn_err rc = SN_OK;
	memset(rep, 0, sizeof *rep);
	for (int k = 0; k < ORUK_N_KINDS && !rc; k++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.csv", dir, oruk_kind_name((oruk_kind)k));
		FILE *f = fopen(path, "rb");
		if (!f && errno == ENOENT && k != ORUK_SERVICES)
			continue;
		if (!f && errno == ENOENT) { /* services.csv: nothing to import without it */
			snprintf(rep->problems[rep->n_problems++], ORUK_PROBLEM_LEN,
			         "%.200s has no services.csv", dir);
			rep->n_errors++;
			if (o && o->issue) {
				oruk_issue is = {false, "", "", dir, "", ORUK_CODE_MISSING,
				                 "there is no services.csv", ORUK_DID_REFUSED};
				o->issue(o->issue_ctx, &is);
			}
			rc = SN_EINPUT;
			break;
		}
		if (!f) {
			snprintf(rep->error, sizeof rep->error, "cannot open %.200s: %s", path,
			         strerror(errno));
			rc = SN_EINTERNAL;
			break;
		}
		tables[n++] = (oruk_csv_table){.name = oruk_kind_name((oruk_kind)k), .f = f};
	}
	if (!rc)
		rc = oruk_import_csv_tables(s, tables, n, o, rep);
	for (size_t i = 0; i < n; i++)
		fclose(tables[i].f);
	return rc;
}
