/* The ORUK importer's JSON side: problems named by their place, one fully
 * nested service walked into rows (each checked and written through
 * oruk_imp_row), and an import from a file or memory through the scanner
 * (oruk_scan.c). A feed is read in oruk_feed.c, CSV tables in oruk_csv.c;
 * the rules of a row are in oruk_check.c, the writer in
 * oruk_import_store.c, the fields in oruk_fields.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../hours/hours.h"
#include "oruk_io_int.h"

/* ---- problems ---- */

static void put_problem(oruk_import_report *r, const char *text)
{
	if (r->n_problems >= ORUK_PROBLEMS_MAX) {
		r->gave_up = true;
		return;
	}
	char *p = r->problems[r->n_problems++];
	size_t n = strnlen(text, ORUK_PROBLEM_LEN - 1);
	memcpy(p, text, n);
	p[n] = 0;
	for (; *p; p++) /* printable, one line: safe on a terminal */
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	if (r->n_problems >= ORUK_PROBLEMS_MAX)
		r->gave_up = true;
}

static void vproblem(oruk_imp *im, const char *path, const char *key, const char *fmt, va_list ap)
{
	char msg[ORUK_PROBLEM_LEN], text[ORUK_PROBLEM_LEN * 2];
	vsnprintf(msg, sizeof msg, fmt, ap);
	const char *w = im->where ? im->where : "";
	bool has_path = path && *path;
	if (key && has_path)
		snprintf(text, sizeof text, "%s%s%s%s: %s", w, path, im->csv ? ": " : ".", key,
		         msg);
	else if (key)
		snprintf(text, sizeof text, "%s%s: %s", w, key, msg);
	else if (has_path)
		snprintf(text, sizeof text, "%s%s: %s", w, path, msg);
	else
		snprintf(text, sizeof text, "%s%s", w, msg);
	put_problem(im->rep, text);
	im->writing = false; /* it will all be rolled back: stop writing, keep checking */
}

void oruk_problem(oruk_imp *im, const char *path, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, path, key, fmt, ap);
	va_end(ap);
}

void oruk_refuse(oruk_imp *im, sn_err e, const char *path, const char *fmt, ...)
{
	if (im->fatal)
		return;
	im->fatal = e;
	if (im->rep->n_problems >= ORUK_PROBLEMS_MAX)
		im->rep->n_problems--; /* make room: it must show */
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, path, NULL, fmt, ap);
	va_end(ap);
}

void oruk_fail(oruk_imp *im, sn_err e, const char *fmt, ...)
{
	if (im->fatal)
		return;
	im->fatal = e;
	im->writing = false;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(im->rep->error, sizeof im->rep->error, fmt, ap);
	va_end(ap);
}

bool oruk_imp_stop(const oruk_imp *im)
{
	return im->fatal || im->rep->gave_up;
}


/* ---- one fully nested service ---- */

static const char *path_at(char out[static ORUK_PATH_LEN], const char *path, const char *key, long idx)
{
	const char *sep = path && *path ? "." : "";
	int n = idx >= 0 ? snprintf(out, ORUK_PATH_LEN, "%s%s%s[%ld]", path ? path : "", sep, key, idx)
	                 : snprintf(out, ORUK_PATH_LEN, "%s%s%s", path ? path : "", sep, key);
	if (n >= ORUK_PATH_LEN) /* cut short: still names where it starts */
		out[ORUK_PATH_LEN - 1] = 0;
	return out;
}

/* The items of an array field (NULL or [] when absent): a problem when it
 * is not an array or has more than max items. */
static json_t *array_of(oruk_imp *im, json_t *o, const char *path, const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		oruk_problem(im, path, key, "must be an array");
		return NULL;
	}
	if (json_array_size(v) > max) {
		oruk_problem(im, path, key, "more than %zu items", max);
		return NULL;
	}
	return v;
}

const char *oruk_uuid_of(json_t *o)
{
	const char *u = oruk_plain_string(json_object_get(o, "id"));
	return u && str_is_uuid(u) ? u : NULL;
}

/* The attributes of an object (link_entity entity, internal id link_id). */
static void imp_attributes(oruk_imp *im, json_t *o, const char *path, const char *entity,
                           int64_t link_id)
{
	json_t *arr = array_of(im, o, path, "attributes", ORUK_ARRAY_MAX);
	size_t i;
	json_t *a;
	char p[ORUK_PATH_LEN], tp[ORUK_PATH_LEN], t1[48];
	json_array_foreach(arr, i, a)
	{
		path_at(p, path, "attributes", (long)i);
		if (!json_is_object(a)) {
			oruk_problem(im, p, NULL, "must be an object (an attribute)");
			continue;
		}
		oruk_parent ps[2] = {{"link_id", link_id, oruk_uuid_of(o)}};
		size_t np = 1;
		json_t *term = json_object_get(a, "taxonomy_term");
		if (term && !json_is_null(term)) {
			int64_t tid = 0, xid = 0;
			/* HSDS: the term's taxonomy, in full, before the term. */
			json_t *detail = json_object_get(term, "taxonomy_detail");
			char dp[ORUK_PATH_LEN];
			if (json_is_object(term) && detail && !json_is_null(detail) &&
			    !oruk_imp_row(im, ORUK_TAXONOMIES, detail,
			                  path_at(dp, path_at(tp, p, "taxonomy_term", -1),
			                          "taxonomy_detail", -1),
			                  NULL, 0, true, &xid, NULL))
				continue;
			if (oruk_imp_row(im, ORUK_TERMS, term, path_at(tp, p, "taxonomy_term", -1),
			                 NULL, 0, true, &tid, NULL))
				ps[np++] = (oruk_parent){"taxonomy_term_id", tid, oruk_uuid_of(term)};
			else
				continue;
		}
		json_t *le = json_object_get(a, "link_entity");
		const char *les = oruk_plain_string(le);
		if (!le || json_is_null(le)) {
			json_object_set_new(a, "link_entity", json_string(entity));
		} else if (!les || strcmp(les, entity) != 0) {
			oruk_problem(im, p, "link_entity", "'%s' is not '%s' (the object it is in)",
			             les ? oruk_shown(les, t1) : "?", entity);
			continue;
		}
		int64_t id = 0;
		oruk_imp_row(im, ORUK_ATTRIBUTES, a, p, ps, np, false, &id, NULL);
	}
}

/* Rows of kind k in array key of o, each nested in the given parents. */
static void imp_children(oruk_imp *im, json_t *o, const char *path, const char *key, oruk_kind k,
                         const oruk_parent *ps, size_t np, size_t max)
{
	json_t *arr = array_of(im, o, path, key, max);
	size_t i;
	json_t *x;
	char p[ORUK_PATH_LEN];
	json_array_foreach(arr, i, x)
	{
		int64_t id = 0;
		if (oruk_imp_stop(im))
			return;
		oruk_imp_row(im, k, x, path_at(p, path, key, (long)i), ps, np, false, &id, NULL);
	}
}

/* True when o carries key (an array, or something a problem was found in):
 * its children of that kind are then replaced. A key left out (or null)
 * says nothing about them, and they are left alone. */
static bool lists(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v && !json_is_null(v);
}

/* The phones in array "phones" of o, each with its languages. */
static void imp_phones(oruk_imp *im, json_t *o, const char *path, const oruk_parent *ps, size_t np)
{
	json_t *arr = array_of(im, o, path, "phones", ORUK_ARRAY_MAX);
	size_t i;
	json_t *x;
	char p[ORUK_PATH_LEN];
	json_array_foreach(arr, i, x)
	{
		int64_t pid = 0;
		if (oruk_imp_stop(im))
			return;
		path_at(p, path, "phones", (long)i);
		if (!oruk_imp_row(im, ORUK_PHONES, x, p, ps, np, false, &pid, NULL))
			continue;
		/* A phone's languages are its own (no service_id: they are not
		 * the service's languages). */
		oruk_parent pp = {"phone_id", pid, oruk_uuid_of(x)};
		imp_children(im, x, p, "languages", ORUK_LANGUAGES, &pp, 1, ORUK_ARRAY_MAX);
		if (lists(x, "languages"))
			oruk_imp_replace(im, ORUK_PARENT_PHONE, pid, ORUK_KIND_BIT(ORUK_LANGUAGES));
	}
}

/* The addresses in array "addresses" of location l (lp), each with its
 * attributes. */
static void imp_addresses(oruk_imp *im, json_t *l, const char *path, const oruk_parent *lp)
{
	json_t *arr = array_of(im, l, path, "addresses", ORUK_ARRAY_MAX);
	size_t i;
	json_t *x;
	char p[ORUK_PATH_LEN];
	json_array_foreach(arr, i, x)
	{
		int64_t aid = 0;
		if (oruk_imp_stop(im))
			return;
		path_at(p, path, "addresses", (long)i);
		if (!oruk_imp_row(im, ORUK_ADDRESSES, x, p, lp, 1, false, &aid, NULL))
			continue;
		imp_attributes(im, x, p, "address", aid);
		if (lists(x, "attributes"))
			oruk_imp_replace(im, ORUK_PARENT_ADDRESS, aid,
			                 ORUK_KIND_BIT(ORUK_ATTRIBUTES));
	}
}

static void imp_location(oruk_imp *im, json_t *l, const char *path, int64_t *lid)
{
	bool fresh = false;
	if (!oruk_imp_row(im, ORUK_LOCATIONS, l, path, NULL, 0, true, lid, &fresh) || !fresh)
		return;
	oruk_parent lp = {"location_id", *lid, oruk_uuid_of(l)};
	imp_addresses(im, l, path, &lp);
	imp_children(im, l, path, "accessibility", ORUK_ACCESSIBILITY, &lp, 1, ORUK_ARRAY_MAX);
	imp_phones(im, l, path, &lp, 1);
	imp_attributes(im, l, path, "location", *lid);
	/* The first copy of a location in the input lists all it has. */
	static const struct {
		const char *key;
		oruk_kind k;
	} kids[] = {{"addresses", ORUK_ADDRESSES},
	            {"accessibility", ORUK_ACCESSIBILITY},
	            {"phones", ORUK_PHONES},
	            {"attributes", ORUK_ATTRIBUTES}};
	unsigned kinds = 0;
	for (size_t i = 0; i < SN_ARRAY_LEN(kids); i++)
		if (lists(l, kids[i].key))
			kinds |= ORUK_KIND_BIT(kids[i].k);
	oruk_imp_replace(im, ORUK_PARENT_LOCATION, *lid, kinds);
}

/* A service's organisation (its first copy in the input with its
 * identifiers and attributes) as the service's parent, in sp[*np]. */
static void imp_organization(oruk_imp *im, json_t *o, const char *path, oruk_parent *sp, size_t *np)
{
	char p[ORUK_PATH_LEN];
	json_t *org = json_object_get(o, "organization");
	if (!org || json_is_null(org))
		return;
	int64_t oid = 0;
	bool fresh = false;
	const char *op = path_at(p, path, "organization", -1);
	bool ok = oruk_imp_row(im, ORUK_ORGS, org, op, NULL, 0, true, &oid, &fresh);
	if (ok && fresh) {
		oruk_parent par = {"organization_id", oid, oruk_uuid_of(org)};
		imp_children(im, org, op, "organization_identifiers", ORUK_ORG_IDS, &par, 1,
		             ORUK_ARRAY_MAX);
		imp_attributes(im, org, op, "organization", oid);
		/* The first copy of an organisation in the input lists all it has. */
		unsigned kinds = (lists(org, "organization_identifiers") ? ORUK_KIND_BIT(ORUK_ORG_IDS) : 0) |
		                 (lists(org, "attributes") ? ORUK_KIND_BIT(ORUK_ATTRIBUTES) : 0);
		oruk_imp_replace(im, ORUK_PARENT_ORG, oid, kinds);
	}
	/* The service's organization_id is this one (a bad one is reported once). */
	sp[(*np)++] = (oruk_parent){"organization_id", oid, ok ? oruk_uuid_of(org) : NULL};
	if (!ok)
		json_object_del(o, "organization_id");
}

/* A service's services at locations, each with its location and
 * schedules; true when one of them lists schedules. */
static bool imp_sals(oruk_imp *im, json_t *o, const char *path, const oruk_parent *svc)
{
	char p[ORUK_PATH_LEN], q[ORUK_PATH_LEN];
	json_t *sals = array_of(im, o, path, "service_at_locations", ORUK_ARRAY_MAX);
	size_t i;
	json_t *x;
	bool sal_schedules = false; /* schedules listed in a service at location */
	json_array_foreach(sals, i, x)
	{
		sal_schedules = sal_schedules || (json_is_object(x) && lists(x, "schedules"));
		path_at(p, path, "service_at_locations", (long)i);
		if (!json_is_object(x)) {
			oruk_problem(im, p, NULL, "must be an object (a service at location)");
			continue;
		}
		oruk_parent ps[2] = {*svc};
		size_t n = 1;
		json_t *l = json_object_get(x, "location");
		if (l && !json_is_null(l)) {
			int64_t lid = 0;
			imp_location(im, l, path_at(q, p, "location", -1), &lid);
			ps[n++] = (oruk_parent){"location_id", lid, oruk_uuid_of(l)};
		}
		int64_t xid = 0;
		oruk_imp_row(im, ORUK_SALS, x, p, ps, n, false, &xid, NULL);
		imp_children(im, x, p, "schedules", ORUK_SCHEDULES, ps, 1, SCHED_MAX_RULES);
	}
	return sal_schedules;
}

/* A service's contacts, each with its phones and attributes. */
static void imp_contacts(oruk_imp *im, json_t *o, const char *path, const oruk_parent *svc)
{
	char p[ORUK_PATH_LEN];
	json_t *contacts = array_of(im, o, path, "contacts", ORUK_ARRAY_MAX);
	size_t i;
	json_t *x;
	json_array_foreach(contacts, i, x)
	{
		int64_t cid = 0;
		path_at(p, path, "contacts", (long)i);
		if (!oruk_imp_row(im, ORUK_CONTACTS, x, p, svc, 1, false, &cid, NULL))
			continue;
		oruk_parent ps[2] = {{"contact_id", cid, oruk_uuid_of(x)}, *svc};
		imp_phones(im, x, p, ps, 2);
		imp_attributes(im, x, p, "contact", cid);
		unsigned ckinds = (lists(x, "phones") ? ORUK_KIND_BIT(ORUK_PHONES) : 0) |
		                  (lists(x, "attributes") ? ORUK_KIND_BIT(ORUK_ATTRIBUTES) : 0);
		oruk_imp_replace(im, ORUK_PARENT_CONTACT, cid, ckinds);
	}
}

void oruk_imp_service(oruk_imp *im, json_t *o, const char *path)
{
	if (!json_is_object(o)) {
		oruk_problem(im, path, NULL, "must be an object (a service)");
		return;
	}
	if (im->rep->count[ORUK_SERVICES] >= ORUK_SERVICES_MAX) {
		oruk_refuse(im, SN_ETOOBIG, path, "more than %d services; the input is refused",
		            ORUK_SERVICES_MAX);
		return;
	}
	oruk_parent sp[2];
	size_t np = 0;
	imp_organization(im, o, path, sp, &np);
	int64_t sid = 0;
	if (!oruk_imp_row(im, ORUK_SERVICES, o, path, sp, np, false, &sid, NULL) &&
	    oruk_imp_stop(im))
		return;
	oruk_parent svc = {"service_id", sid, oruk_uuid_of(o)};
	imp_attributes(im, o, path, "service", sid);
	bool sal_schedules = imp_sals(im, o, path, &svc);
	imp_children(im, o, path, "schedules", ORUK_SCHEDULES, &svc, 1, SCHED_MAX_RULES);
	imp_contacts(im, o, path, &svc);
	imp_phones(im, o, path, &svc, 1);
	imp_children(im, o, path, "cost_options", ORUK_COSTS, &svc, 1, ORUK_ARRAY_MAX);
	imp_children(im, o, path, "languages", ORUK_LANGUAGES, &svc, 1, ORUK_ARRAY_MAX);
	imp_children(im, o, path, "service_areas", ORUK_AREAS, &svc, 1, ORUK_ARRAY_MAX);
	imp_children(im, o, path, "funding", ORUK_FUNDINGS, &svc, 1, ORUK_ARRAY_MAX);
	/* The service's children are what the input lists: the ones it no
	 * longer lists go (only of the kinds it carries at all). */
	static const struct {
		const char *key;
		oruk_kind k;
	} kids[] = {{"service_at_locations", ORUK_SALS}, {"schedules", ORUK_SCHEDULES},
	            {"contacts", ORUK_CONTACTS},         {"phones", ORUK_PHONES},
	            {"cost_options", ORUK_COSTS},        {"languages", ORUK_LANGUAGES},
	            {"service_areas", ORUK_AREAS},       {"funding", ORUK_FUNDINGS},
	            {"attributes", ORUK_ATTRIBUTES}};
	unsigned kinds = sal_schedules ? ORUK_KIND_BIT(ORUK_SCHEDULES) : 0;
	for (size_t k = 0; k < SN_ARRAY_LEN(kids); k++)
		if (lists(o, kids[k].key))
			kinds |= ORUK_KIND_BIT(kids[k].k);
	oruk_imp_replace(im, ORUK_PARENT_SERVICE, sid, kinds);
	oruk_imp_index(im, sid);
}

/* ---- from a file or memory ---- */

typedef struct {
	int64_t total;
	int64_t last_done;
} file_ctx;

void oruk_imp_progress(oruk_imp *im, int64_t total)
{
	if (im->o->progress)
		im->o->progress(im->o->progress_ctx, im->rep->count[ORUK_SERVICES], im->rep->bytes,
		                total);
}

static void on_file_service(oruk_scanner *sc, json_t *o, const char *path)
{
	file_ctx *fc = sc->ctx;
	oruk_imp_service(sc->im, o, path);
	if (sc->im->rep->count[ORUK_SERVICES] - fc->last_done >= 100) {
		fc->last_done = sc->im->rep->count[ORUK_SERVICES];
		oruk_imp_progress(sc->im, fc->total);
	}
}

static sn_err import_stream(store *s, FILE *f, const void *mem, size_t mem_len, int64_t total,
                            const oruk_import_opts *o, oruk_import_report *rep)
{
	oruk_imp im;
	sn_err rc = oruk_imp_begin(&im, s, o, rep, false);
	if (rc)
		return rc;
	im.total_bytes = total;
	file_ctx fc = {.total = total};
	oruk_scanner sc;
	oruk_scan_init(&sc, &im, on_file_service, &fc);
	if (total > ORUK_FILE_BYTES_MAX) {
		oruk_refuse(&im, SN_ETOOBIG, NULL, "the file is larger than 1 GiB; it is refused");
	} else if (f) {
		enum { CHUNK = 64 * 1024 };
		char *chunk = xmalloc(CHUNK);
		while (!oruk_imp_stop(&im)) {
			size_t n = fread(chunk, 1, CHUNK, f);
			if (!n) {
				if (ferror(f))
					oruk_fail(&im, SN_EINTERNAL, "cannot read the file");
				break;
			}
			rep->bytes += (int64_t)n;
			if (rep->bytes > ORUK_FILE_BYTES_MAX) {
				oruk_refuse(&im, SN_ETOOBIG, NULL,
				            "the file is larger than 1 GiB; it is refused");
				break;
			}
			oruk_scan_feed(&sc, chunk, n);
		}
		free(chunk);
	} else {
		rep->bytes = (int64_t)mem_len;
		oruk_scan_feed(&sc, mem, mem_len);
	}
	json_decref(oruk_scan_finish(&sc));
	oruk_scan_free(&sc);
	if (!oruk_imp_stop(&im))
		oruk_imp_progress(&im, total);
	return oruk_imp_end(&im);
}

sn_err oruk_import_json(store *s, FILE *f, const oruk_import_opts *o, oruk_import_report *rep)
{
	struct stat sb;
	int64_t total = 0;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
		long pos = ftell(f);
		total = (int64_t)sb.st_size - (pos > 0 ? pos : 0);
	}
	return import_stream(s, f, NULL, 0, total, o, rep);
}

sn_err oruk_import_json_mem(store *s, const void *data, size_t n, const oruk_import_opts *o,
                            oruk_import_report *rep)
{
	return import_stream(s, NULL, data, n, (int64_t)n, o, rep);
}

