/* The ORUK exporter: every published service through the API's own writer
 * (oruk_service_full), so an export says exactly what /oruk/services/{id}
 * says, plus each taxonomy term's taxonomy_detail so that taxonomies
 * round-trip. JSON is an array, a service to a line; CSV flattens the same
 * objects into the HSDS tables, each shared record (organisation,
 * location, term, taxonomy) once. Nothing private is read: only what the
 * public API shows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oruk_int.h"
#include "oruk_io_int.h"

/* Adds taxonomy_detail to every taxonomy_term inside v (cache: uuid ->
 * the detail object, shared by reference). */
static sn_err add_details(store *s, json_t *v, json_t *cache)
{
	sn_err rc = SN_OK;
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) if (!rc) rc = add_details(s, x, cache);
		return rc;
	}
	if (!json_is_object(v))
		return SN_OK;
	const char *key;
	json_t *x;
	json_object_foreach(v, key, x) if (!rc) rc = add_details(s, x, cache);
	json_t *term = json_object_get(v, "taxonomy_term");
	const char *tax = json_string_value(json_object_get(term, "taxonomy_id"));
	if (rc || !tax)
		return rc;
	json_t *d = json_object_get(cache, tax);
	if (!d) {
		rc = oruk_store_taxonomy_detail(s, tax, &d);
		if (d)
			json_object_set_new(cache, tax, d);
	}
	if (d)
		json_object_set(term, "taxonomy_detail", d);
	return rc;
}

/* One published service as exported; *out NULL when it went meanwhile. */
static sn_err export_service(store *s, int64_t id, json_t *cache, json_t **out)
{
	sn_err rc = oruk_service_full(s, id, out);
	if (rc == SN_ENOTFOUND) {
		*out = NULL;
		return SN_OK;
	}
	if (!rc)
		rc = add_details(s, *out, cache);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* Reals with the digits they were made from: 52.601234, 4.35. */
#define EXPORT_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

sn_err oruk_export_json(store *s, FILE *out, const oruk_export_opts *o, oruk_export_report *rep)
{
	memset(rep, 0, sizeof *rep);
	int64_t *ids = NULL;
	size_t n = 0;
	sn_err rc = store_begin(s); /* one consistent view */
	if (!rc)
		rc = oruk_store_published_ids(s, &ids, &n);
	json_t *cache = json_object();
	if (!rc && fputs("[", out) == EOF)
		rc = SN_EINTERNAL;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *svc = NULL;
		rc = export_service(s, ids[i], cache, &svc);
		if (rc || !svc)
			continue;
		char *text = json_dumps(svc, EXPORT_JSON_FLAGS);
		json_decref(svc);
		if (!text || fprintf(out, "%s\n%s", rep->count[ORUK_SERVICES] ? "," : "", text) < 0)
			rc = SN_EINTERNAL;
		else
			rep->bytes += (int64_t)strlen(text) + 2;
		free(text);
		rep->count[ORUK_SERVICES]++;
		if (o && o->progress && (i % 100 == 99 || i + 1 == n))
			o->progress(o->progress_ctx, (int64_t)i + 1, (int64_t)i + 1, (int64_t)n);
	}
	if (!rc && (fputs("\n]\n", out) == EOF || fflush(out) == EOF || ferror(out)))
		rc = SN_EINTERNAL;
	if (rc == SN_EINTERNAL)
		snprintf(rep->error, sizeof rep->error, "cannot write the export: %s",
		         strerror(errno));
	else if (rc)
		snprintf(rep->error, sizeof rep->error, "cannot read the directory: %s",
		         store_errmsg(s));
	store_rollback(s);
	json_decref(cache);
	free(ids);
	return rc;
}

/* ---- CSV ---- */

typedef struct {
	FILE *f[ORUK_N_KINDS];
	oruk_idmap once[ORUK_N_KINDS]; /* shared rows already written */
	oruk_export_report *rep;
	bool failed;
} tables;

/* Fields an export writes: every HSDS field the kind reads, except the
 * schedule fields the UK profile drops (read on import, never stored). */
static bool exported(const oruk_field *f)
{
	if (!f->key || f->type == FT_OURS)
		return false;
	return !(f->type == FT_SCHED && !f->col);
}

static void put_field(FILE *f, const char *s)
{
	bool quote = *s && (strpbrk(s, ",\"\r\n") || s[0] == ' ' || s[strlen(s) - 1] == ' ');
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* One row of kind k from obj (extra: key/value pairs that obj lacks). */
static void put_row(tables *t, oruk_kind k, json_t *obj, const char *extra_key,
                    const char *extra_value)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	FILE *f = t->f[k];
	bool first = true;
	for (size_t i = 0; i < sp->n_fields; i++) {
		const oruk_field *fd = &sp->fields[i];
		if (!exported(fd))
			continue;
		if (!first)
			fputc(',', f);
		first = false;
		json_t *v = json_object_get(obj, fd->key);
		char num[64];
		if (json_is_string(v)) {
			put_field(f, json_string_value(v));
		} else if (json_is_integer(v)) {
			fprintf(f, "%lld", (long long)json_integer_value(v));
		} else if (json_is_real(v)) {
			/* Degrees (six places) and pounds (two) are exact at six. */
			snprintf(num, sizeof num, "%.6f", json_real_value(v));
			char *e = num + strlen(num) - 1;
			while (*e == '0')
				*e-- = 0;
			if (*e == '.')
				*e = 0;
			fputs(num, f);
		} else if (!v && extra_key && strcmp(fd->key, extra_key) == 0) {
			put_field(f, extra_value);
		}
	}
	fputc('\n', f);
	t->rep->count[k]++;
}

/* True the first time uuid of kind k is seen. */
static bool first_time(tables *t, oruk_kind k, json_t *obj)
{
	const char *u = json_string_value(json_object_get(obj, "id"));
	if (!u || oruk_idmap_get(&t->once[k], u, NULL))
		return false;
	oruk_idmap_put(&t->once[k], u, 1);
	return true;
}

static void put_attributes(tables *t, json_t *obj)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(obj, "attributes"), i, a)
	{
		json_t *term = json_object_get(a, "taxonomy_term");
		if (json_is_object(term) && first_time(t, ORUK_TERMS, term)) {
			json_t *d = json_object_get(term, "taxonomy_detail");
			if (json_is_object(d) && first_time(t, ORUK_TAXONOMIES, d))
				put_row(t, ORUK_TAXONOMIES, d, NULL, NULL);
			put_row(t, ORUK_TERMS, term, NULL, NULL);
		}
		put_row(t, ORUK_ATTRIBUTES, a, NULL, NULL);
	}
}

static void put_children(tables *t, json_t *obj, const char *key, oruk_kind k,
                         const char *extra_key, const char *extra_value)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(obj, key), i, x)
	    put_row(t, k, x, extra_key, extra_value);
}

static void put_service(tables *t, json_t *svc)
{
	const char *su = json_string_value(json_object_get(svc, "id"));
	json_t *org = json_object_get(svc, "organization");
	if (json_is_object(org) && first_time(t, ORUK_ORGS, org)) {
		put_row(t, ORUK_ORGS, org, NULL, NULL);
		put_children(t, org, "organization_identifiers", ORUK_ORG_IDS, NULL, NULL);
		put_attributes(t, org);
	}
	put_row(t, ORUK_SERVICES, svc, NULL, NULL);
	put_attributes(t, svc);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(svc, "service_at_locations"), i, x)
	{
		json_t *l = json_object_get(x, "location");
		if (json_is_object(l) && first_time(t, ORUK_LOCATIONS, l)) {
			put_row(t, ORUK_LOCATIONS, l, NULL, NULL);
			size_t j;
			json_t *ad;
			json_array_foreach(json_object_get(l, "addresses"), j, ad)
			{
				put_row(t, ORUK_ADDRESSES, ad, NULL, NULL);
				put_attributes(t, ad);
			}
			put_children(t, l, "accessibility", ORUK_ACCESSIBILITY, NULL, NULL);
			put_children(t, l, "phones", ORUK_PHONES, NULL, NULL);
			put_attributes(t, l);
		}
		put_row(t, ORUK_SALS, x, NULL, NULL);
	}
	put_children(t, svc, "schedules", ORUK_SCHEDULES, NULL, NULL);
	json_array_foreach(json_object_get(svc, "contacts"), i, x)
	{
		put_row(t, ORUK_CONTACTS, x, NULL, NULL);
		put_attributes(t, x);
		put_children(t, x, "phones", ORUK_PHONES, "service_id", su);
		size_t j;
		json_t *ph;
		json_array_foreach(json_object_get(x, "phones"), j, ph)
		    put_children(t, ph, "languages", ORUK_LANGUAGES, NULL, NULL);
	}
	put_children(t, svc, "phones", ORUK_PHONES, NULL, NULL);
	put_children(t, svc, "cost_options", ORUK_COSTS, NULL, NULL);
	put_children(t, svc, "languages", ORUK_LANGUAGES, NULL, NULL);
	put_children(t, svc, "service_areas", ORUK_AREAS, NULL, NULL);
	put_children(t, svc, "funding", ORUK_FUNDINGS, NULL, NULL);
}

sn_err oruk_export_csv(store *s, const char *dir, const oruk_export_opts *o,
                       oruk_export_report *rep)
{
	memset(rep, 0, sizeof *rep);
	tables t = {.rep = rep};
	char path[4096], part[4200];
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		snprintf(rep->error, sizeof rep->error, "cannot make %.200s: %s", dir,
		         strerror(errno));
		return SN_EINTERNAL;
	}
	sn_err rc = SN_OK;
	/* Each table is written to NAME.csv.part and renamed when all is done. */
	for (int k = 0; k < ORUK_N_KINDS && !rc; k++) {
		snprintf(part, sizeof part, "%s/%s.csv.part", dir, oruk_kind_name((oruk_kind)k));
		if (!(t.f[k] = fopen(part, "wb"))) {
			snprintf(rep->error, sizeof rep->error, "cannot write %.200s: %s", part,
			         strerror(errno));
			rc = SN_EINTERNAL;
			break;
		}
		const oruk_kind_spec *sp = &oruk_kinds[k];
		bool first = true;
		for (size_t i = 0; i < sp->n_fields; i++)
			if (exported(&sp->fields[i])) {
				fprintf(t.f[k], "%s%s", first ? "" : ",", sp->fields[i].key);
				first = false;
			}
		fputc('\n', t.f[k]);
	}
	int64_t *ids = NULL;
	size_t n = 0;
	if (!rc)
		rc = store_begin(s);
	if (!rc)
		rc = oruk_store_published_ids(s, &ids, &n);
	json_t *cache = json_object();
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *svc = NULL;
		rc = export_service(s, ids[i], cache, &svc);
		if (!rc && svc)
			put_service(&t, svc);
		json_decref(svc);
		if (o && o->progress && (i % 100 == 99 || i + 1 == n))
			o->progress(o->progress_ctx, (int64_t)i + 1, (int64_t)i + 1, (int64_t)n);
	}
	if (rc)
		snprintf(rep->error, sizeof rep->error, "cannot read the directory: %s",
		         store_errmsg(s));
	store_rollback(s);
	json_decref(cache);
	free(ids);
	for (int k = 0; k < ORUK_N_KINDS; k++) {
		if (!t.f[k])
			continue;
		long size = ftell(t.f[k]);
		if (ferror(t.f[k]) || fclose(t.f[k]) != 0) {
			if (!rc)
				snprintf(rep->error, sizeof rep->error, "cannot write %s.csv: %s",
				         oruk_kind_name((oruk_kind)k), strerror(errno));
			rc = rc ? rc : SN_EINTERNAL;
		}
		rep->bytes += size > 0 ? size : 0;
		oruk_idmap_free(&t.once[k]);
	}
	for (int k = 0; k < ORUK_N_KINDS; k++) {
		if (!t.f[k])
			continue;
		snprintf(part, sizeof part, "%s/%s.csv.part", dir, oruk_kind_name((oruk_kind)k));
		snprintf(path, sizeof path, "%s/%s.csv", dir, oruk_kind_name((oruk_kind)k));
		if (rc)
			unlink(part);
		else if (rename(part, path) != 0) {
			snprintf(rep->error, sizeof rep->error, "cannot write %.200s: %s", path,
			         strerror(errno));
			rc = SN_EINTERNAL;
		}
	}
	return rc;
}
