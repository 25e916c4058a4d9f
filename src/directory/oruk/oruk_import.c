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

/* ---- problems and warnings ---- */

static void put_problem(oruk_imp *im, const char *text)
{
	oruk_import_report *r = im->rep;
	if (r->n_problems >= ORUK_PROBLEMS_MAX) {
		if (!im->lenient)
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
	if (r->n_problems >= ORUK_PROBLEMS_MAX && !im->lenient)
		r->gave_up = true;
}

/* The code of a problem from its message, when the caller gave none. */
static const char *code_of(const char *msg)
{
	if (strncmp(msg, "missing", 7) == 0)
		return ORUK_CODE_MISSING;
	if (strncmp(msg, "no ", 3) == 0 && strstr(msg, " with id "))
		return ORUK_CODE_REFERENCE;
	if (strstr(msg, "not supported"))
		return ORUK_CODE_UNSUPPORTED;
	if (strstr(msg, "not a web address"))
		return ORUK_CODE_UNSAFE_URL;
	if (strstr(msg, "not valid JSON"))
		return ORUK_CODE_SYNTAX;
	return ORUK_CODE_INVALID;
}

static void emit(oruk_imp *im, bool warning, const char *path, const char *key, const char *code,
                 const char *action, const char *msg)
{
	char text[ORUK_PROBLEM_LEN * 2];
	const char *w = im->where ? im->where : "";
	const char *ws = warning ? "warning: " : "";
	bool has_path = path && *path;
	if (key && has_path)
		snprintf(text, sizeof text, "%s%s%s%s%s: %s", ws, w, path, im->csv ? ": " : ".",
		         key, msg);
	else if (key)
		snprintf(text, sizeof text, "%s%s%s: %s", ws, w, key, msg);
	else if (has_path)
		snprintf(text, sizeof text, "%s%s%s: %s", ws, w, path, msg);
	else
		snprintf(text, sizeof text, "%s%s%s", ws, w, msg);
	put_problem(im, text);
	if (warning)
		im->rep->n_warnings++;
	else
		im->rep->n_errors++;
	if (im->o->issue) {
		char where[ORUK_PATH_LEN + 2200];
		snprintf(where, sizeof where, "%s%s", im->where ? im->where : "", has_path ? path : "");
		size_t n = strlen(where); /* "http://...: " alone says the feed */
		if (n >= 2 && !has_path && where[n - 2] == ':' && where[n - 1] == ' ')
			where[n - 2] = 0;
		oruk_issue is = {warning, im->cur_kind ? im->cur_kind : "", im->cur_id, where,
		                 key ? key : "", code ? code : code_of(msg), msg, action};
		im->o->issue(im->o->issue_ctx, &is);
	}
}

static void vproblem(oruk_imp *im, const char *path, const char *key, const char *fmt, va_list ap)
{
	char msg[ORUK_PROBLEM_LEN];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (im->soft) { /* an optional value: left out, the record goes on */
		emit(im, true, path, key, NULL, ORUK_DID_DROPPED, msg);
		return;
	}
	emit(im, false, path, key, NULL, im->lenient ? ORUK_DID_SKIPPED : ORUK_DID_REFUSED, msg);
	if (!im->lenient)
		im->writing = false; /* it will all be rolled back: stop writing, keep checking */
}

void oruk_problem(oruk_imp *im, const char *path, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, path, key, fmt, ap);
	va_end(ap);
}

void oruk_warn(oruk_imp *im, const char *path, const char *key, const char *code,
               const char *action, const char *fmt, ...)
{
	char msg[ORUK_PROBLEM_LEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	emit(im, true, path, key, code, action, msg);
}

void oruk_refuse(oruk_imp *im, sn_err e, const char *path, const char *fmt, ...)
{
	if (im->fatal)
		return;
	im->fatal = e;
	im->writing = false;
	if (im->rep->n_problems >= ORUK_PROBLEMS_MAX)
		im->rep->n_problems--; /* make room: it must show */
	char msg[ORUK_PROBLEM_LEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *kind = im->cur_kind;
	im->cur_kind = "";
	im->cur_id[0] = 0;
	emit(im, false, path, NULL, e == SN_ETOOBIG ? ORUK_CODE_LIMIT : ORUK_CODE_SYNTAX,
	     ORUK_DID_REFUSED, msg);
	im->cur_kind = kind;
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
 * is not an array or has more than max items (record by record: a
 * warning, and the field is ignored). */
static json_t *array_of(oruk_imp *im, json_t *o, const char *path, const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		if (im->lenient)
			oruk_warn(im, path, key, ORUK_CODE_INVALID, ORUK_DID_IGNORED,
			          "must be an array");
		else
			oruk_problem(im, path, key, "must be an array");
		return NULL;
	}
	if (json_array_size(v) > max) {
		if (im->lenient)
			oruk_warn(im, path, key, ORUK_CODE_LIMIT, ORUK_DID_IGNORED,
			          "more than %zu items", max);
		else
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
			/* Record by record: the object it is in wins. */
			im->soft = im->lenient;
			oruk_problem(im, p, "link_entity", "'%s' is not '%s' (the object it is in)",
			             les ? oruk_shown(les, t1) : "?", entity);
			bool soft = im->soft;
			im->soft = false;
			if (!soft)
				continue;
			json_object_set_new(a, "link_entity", json_string(entity));
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

/* True when o carries key as an array array_of reads (a key left out, or
 * null, says nothing about its children, and they are left alone; so
 * does one that is not an array or is too long, with its problem or
 * warning). Its children of that kind are then replaced. */
static bool lists_max(json_t *o, const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);
	return json_is_array(v) && json_array_size(v) <= max;
}

static bool lists(json_t *o, const char *key)
{
	return lists_max(o, key, ORUK_ARRAY_MAX);
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

/* A location (its first copy in the input with everything it nests);
 * false when it cannot be used. */
static bool imp_location(oruk_imp *im, json_t *l, const char *path, int64_t *lid)
{
	bool fresh = false;
	if (!oruk_imp_row(im, ORUK_LOCATIONS, l, path, NULL, 0, true, lid, &fresh))
		return false;
	if (!fresh)
		return true;
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
	return true;
}

/* An organisation (its first copy in the input with its identifiers and
 * attributes); false when it cannot be used. */
static bool imp_org_row(oruk_imp *im, json_t *org, const char *op, int64_t *oid)
{
	bool fresh = false;
	if (!oruk_imp_row(im, ORUK_ORGS, org, op, NULL, 0, true, oid, &fresh))
		return false;
	if (fresh) {
		oruk_parent par = {"organization_id", *oid, oruk_uuid_of(org)};
		imp_children(im, org, op, "organization_identifiers", ORUK_ORG_IDS, &par, 1,
		             ORUK_ARRAY_MAX);
		imp_attributes(im, org, op, "organization", *oid);
		/* The first copy of an organisation in the input lists all it has. */
		unsigned kinds = (lists(org, "organization_identifiers") ? ORUK_KIND_BIT(ORUK_ORG_IDS) : 0) |
		                 (lists(org, "attributes") ? ORUK_KIND_BIT(ORUK_ATTRIBUTES) : 0);
		oruk_imp_replace(im, ORUK_PARENT_ORG, *oid, kinds);
	}
	return true;
}

/* A service's organisation as the service's parent, in sp[*np]; false
 * when one is given that cannot be used. */
static bool imp_organization(oruk_imp *im, json_t *o, const char *path, oruk_parent *sp, size_t *np)
{
	char p[ORUK_PATH_LEN];
	json_t *org = json_object_get(o, "organization");
	if (!org || json_is_null(org))
		return true;
	int64_t oid = 0;
	bool ok = imp_org_row(im, org, path_at(p, path, "organization", -1), &oid);
	/* The service's organization_id is this one (a bad one is reported once). */
	sp[(*np)++] = (oruk_parent){"organization_id", oid, ok ? oruk_uuid_of(org) : NULL};
	if (!ok)
		json_object_del(o, "organization_id");
	return ok;
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
		if (oruk_imp_stop(im))
			break;
		sal_schedules = sal_schedules ||
		                (json_is_object(x) && lists_max(x, "schedules", SCHED_MAX_RULES));
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
			if (!imp_location(im, l, path_at(q, p, "location", -1), &lid)) {
				/* Its location cannot be used: nor can it (the
				 * problem is the location's). */
				const char *u = oruk_uuid_of(x);
				if (u) {
					char lu[37];
					oruk_lower_uuid(u, lu);
					oruk_idmap_put(&im->kept[ORUK_SALS], lu, 0);
				}
				im->rep->skipped[ORUK_SALS]++;
				continue;
			}
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
		if (oruk_imp_stop(im))
			break;
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

/* The service itself and all it nests; false when it cannot be used. */
static bool imp_service_rows(oruk_imp *im, json_t *o, const char *path)
{
	oruk_parent sp[2];
	size_t np = 0;
	if (!imp_organization(im, o, path, sp, &np) && im->lenient) {
		const char *u = oruk_uuid_of(o);
		snprintf(im->cur_id, sizeof im->cur_id, "%s", u ? u : "");
		im->cur_kind = "service";
		oruk_problem(im, path, "organization",
		             "cannot be used (see its problems), so neither can the service");
		return false;
	}
	int64_t sid = 0;
	/* (All or nothing: the rest is still checked, for its problems.) */
	if (!oruk_imp_row(im, ORUK_SERVICES, o, path, sp, np, false, &sid, NULL) &&
	    (im->lenient || oruk_imp_stop(im)))
		return false;
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
	} kids[] = {{"service_at_locations", ORUK_SALS}, {"contacts", ORUK_CONTACTS},
	            {"phones", ORUK_PHONES},             {"cost_options", ORUK_COSTS},
	            {"languages", ORUK_LANGUAGES},       {"service_areas", ORUK_AREAS},
	            {"funding", ORUK_FUNDINGS},          {"attributes", ORUK_ATTRIBUTES}};
	unsigned kinds = sal_schedules || lists_max(o, "schedules", SCHED_MAX_RULES)
	                     ? ORUK_KIND_BIT(ORUK_SCHEDULES)
	                     : 0;
	for (size_t k = 0; k < SN_ARRAY_LEN(kids); k++)
		if (lists(o, kids[k].key))
			kinds |= ORUK_KIND_BIT(kids[k].k);
	if (im->no_replace_sals) /* one service at location of the service's many */
		kinds &= ~(ORUK_KIND_BIT(ORUK_SALS) | ORUK_KIND_BIT(ORUK_SCHEDULES));
	oruk_imp_replace(im, ORUK_PARENT_SERVICE, sid, kinds);
	oruk_imp_index(im, sid);
	return true;
}

void oruk_imp_service(oruk_imp *im, json_t *o, const char *path)
{
	im->cur_kind = "service";
	const char *u = json_is_object(o) ? oruk_uuid_of(o) : NULL;
	snprintf(im->cur_id, sizeof im->cur_id, "%s", u ? u : "");
	if (!json_is_object(o)) {
		oruk_problem(im, path, NULL, "must be an object (a service)");
		im->rep->skipped[ORUK_SERVICES]++;
		im->rep->records_skipped++;
		return;
	}
	if (im->rep->count[ORUK_SERVICES] >= ORUK_SERVICES_MAX) {
		oruk_refuse(im, SN_ETOOBIG, path, "more than %d services; the input is refused",
		            ORUK_SERVICES_MAX);
		return;
	}
	oruk_rec_begin(im);
	bool ok = imp_service_rows(im, o, path);
	oruk_rec_end(im, ok, ORUK_SERVICES);
}

/* ---- a record of any kind ---- */

static bool has(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v && !json_is_null(v);
}

/* An organisation with its services (each a record of its own). */
static void imp_org_record(oruk_imp *im, json_t *o, const char *path)
{
	int64_t oid = 0;
	oruk_rec_begin(im);
	bool ok = imp_org_row(im, o, path, &oid);
	oruk_rec_end(im, ok, ORUK_ORGS);
	json_t *svcs = array_of(im, o, path, "services", ORUK_SERVICES_MAX);
	const char *ou = oruk_uuid_of(o);
	size_t i;
	json_t *x;
	char p[ORUK_PATH_LEN];
	json_array_foreach(svcs, i, x)
	{
		if (oruk_imp_stop(im))
			return;
		/* A service listed in its organisation belongs to it. */
		if (json_is_object(x) && ou && !has(x, "organization") && !has(x, "organization_id"))
			json_object_set_new(x, "organization_id", json_string(ou));
		oruk_imp_service(im, x, path_at(p, path, "services", (long)i));
	}
}

/* A service at location: its service with this one location (the
 * service's other locations are left alone). */
static void imp_sal_record(oruk_imp *im, json_t *o, const char *path)
{
	json_t *svc = json_object_get(o, "service");
	json_t *sal = json_copy(o);
	json_object_del(sal, "service");
	json_t *copy = json_copy(svc);
	json_object_set_new(copy, "service_at_locations", json_pack("[o]", sal));
	char p[ORUK_PATH_LEN];
	im->no_replace_sals = true;
	oruk_imp_service(im, copy, path_at(p, path, "service", -1));
	im->no_replace_sals = false;
	json_decref(copy);
}

/* A taxonomy with its terms. */
static void imp_taxonomy_record(oruk_imp *im, json_t *o, const char *path)
{
	int64_t tid = 0;
	oruk_rec_begin(im);
	bool ok = oruk_imp_row(im, ORUK_TAXONOMIES, o, path, NULL, 0, true, &tid, NULL);
	json_t *terms = ok ? array_of(im, o, path, "taxonomy_terms", ORUK_SERVICES_MAX) : NULL;
	const char *tu = oruk_uuid_of(o);
	size_t i;
	json_t *x;
	char p[ORUK_PATH_LEN];
	json_array_foreach(terms, i, x)
	{
		if (oruk_imp_stop(im))
			break;
		if (json_is_object(x) && tu && !has(x, "taxonomy_id"))
			json_object_set_new(x, "taxonomy_id", json_string(tu));
		int64_t id = 0;
		oruk_imp_row(im, ORUK_TERMS, x, path_at(p, path, "taxonomy_terms", (long)i), NULL, 0,
		             true, &id, NULL);
	}
	oruk_rec_end(im, ok, ORUK_TAXONOMIES);
}

/* A taxonomy term, after its taxonomy's details when given. */
static void imp_term_record(oruk_imp *im, json_t *o, const char *path)
{
	int64_t id = 0;
	char p[ORUK_PATH_LEN];
	oruk_rec_begin(im);
	json_t *detail = json_object_get(o, "taxonomy_detail");
	bool ok = true;
	if (detail && !json_is_null(detail))
		ok = oruk_imp_row(im, ORUK_TAXONOMIES, detail,
		                  path_at(p, path, "taxonomy_detail", -1), NULL, 0, true, &id, NULL);
	if (ok)
		ok = oruk_imp_row(im, ORUK_TERMS, o, path, NULL, 0, true, &id, NULL);
	oruk_rec_end(im, ok, ORUK_TERMS);
}

/* A location with all it nests. */
static void imp_location_record(oruk_imp *im, json_t *o, const char *path)
{
	int64_t lid = 0;
	oruk_rec_begin(im);
	bool ok = imp_location(im, o, path, &lid);
	oruk_rec_end(im, ok, ORUK_LOCATIONS);
}

void oruk_imp_record(oruk_imp *im, json_t *o, const char *path)
{
	if (!json_is_object(o)) {
		oruk_imp_service(im, o, path); /* says what is wrong */
		return;
	}
	im->cur_kind = "";
	const char *u = oruk_uuid_of(o);
	snprintf(im->cur_id, sizeof im->cur_id, "%s", u ? u : "");
	/* The API's own details (GET /): no record. */
	if (has(o, "openapi_url") || (has(o, "version") && has(o, "profile") && !has(o, "id"))) {
		oruk_warn(im, path, NULL, ORUK_CODE_NOT_A_RECORD, ORUK_DID_IGNORED,
		          "the API's details (version, openapi_url), not a directory record");
		return;
	}
	/* A description of the CSV tables ("services.csv": ...). */
	const char *key;
	json_t *v;
	size_t n_csv = 0;
	json_object_foreach(o, key, v) n_csv += strlen(key) > 4 && strcmp(key + strlen(key) - 4, ".csv") == 0;
	if (n_csv && n_csv == json_object_size(o)) {
		oruk_warn(im, path, NULL, ORUK_CODE_NOT_A_RECORD, ORUK_DID_IGNORED,
		          "a description of the CSV tables, not a directory record (import "
		          "the tables themselves with --oruk-csv)");
		return;
	}
	if (json_is_object(json_object_get(o, "service")) && !has(o, "status"))
		imp_sal_record(im, o, path);
	else if (has(o, "status") || has(o, "organization") || has(o, "organization_id") ||
	         has(o, "service_at_locations"))
		oruk_imp_service(im, o, path);
	else if (has(o, "taxonomy_terms") || (has(o, "version") && !has(o, "website")))
		imp_taxonomy_record(im, o, path);
	else if (has(o, "taxonomy") || has(o, "taxonomy_id") || has(o, "taxonomy_detail") ||
	         has(o, "term") || has(o, "term_uri") || has(o, "code") || has(o, "parent_id"))
		imp_term_record(im, o, path);
	else if (has(o, "location_type") || has(o, "addresses") || has(o, "latitude") ||
	         has(o, "longitude"))
		imp_location_record(im, o, path);
	else if (has(o, "services") || has(o, "organization_identifiers") || has(o, "website") ||
	         has(o, "logo") || has(o, "legal_status") || has(o, "parent_organization_id") ||
	         has(o, "year_incorporated") || has(o, "uri"))
		imp_org_record(im, o, path);
	else
		oruk_imp_service(im, o, path);
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
	oruk_imp_record(sc->im, o, path);
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

