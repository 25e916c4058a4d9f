/* Rules as data: versioned rules documents in the store beside the copies
 * shipped in data/, checked by the rules' own parsers, adopted by admins,
 * and loaded in preference to the shipped files. See rulesdata.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../base/embed.h"
#include "../base/jsonin.h"
#include "../plan/plan.h"
#include "rulesdata_int.h"

/* Each kind's shipped files are data/DIR PREFIX NAME.json. */
static const struct {
	const char *kind, *label, *dir, *prefix;
} kinds[] = {
	{"question_set", "Self-check question set", "selfcheck/", ""},
	{"ras_scheme", "Resource allocation (RAS) scheme", "ras/", ""},
	{"rates", "Charging rates table", "rates/", ""},
	{"equipment", "Equipment catalogue", "equipment/", ""},
	{"plan_sections", "Support plan sections", "plan/", "sections-"},
};

static int kind_index(const char *kind)
{
	for (size_t i = 0; kind && i < SN_ARRAY_LEN(kinds); i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return (int)i;
	return -1;
}

bool rules_kind_ok(const char *kind)
{
	return kind_index(kind) >= 0;
}

const char *rules_kind_label(const char *kind)
{
	int k = kind_index(kind);
	return k < 0 ? "" : kinds[k].label;
}

static bool is(const char *kind, const char *want)
{
	return kind && strcmp(kind, want) == 0;
}

sn_err rules_name_check(const char *kind, const char *name, char *err, size_t err_size)
{
	if (!rules_kind_ok(kind)) {
		snprintf(err, err_size,
			 "kind: must be question_set, ras_scheme, rates, equipment or plan_sections");
		return SN_EINPUT;
	}
	if (!name || !*name || strlen(name) > RULES_NAME_MAX) {
		snprintf(err, err_size, "name: must be 1 to %d characters", RULES_NAME_MAX);
		return SN_EINPUT;
	}
	if (is(kind, "rates") && !ras_tax_year_ok(name)) {
		snprintf(err, err_size, "name: a rates table is named by its tax year, like 2025-26");
		return SN_EINPUT;
	}
	if (is(kind, "ras_scheme") && !ras_scheme_id_ok(name)) {
		snprintf(err, err_size,
			 "name: a scheme id is a-z, 0-9 and -, like ashby-vale-2025-v1");
		return SN_EINPUT;
	}
	if (is(kind, "question_set") && !sc_key_valid(name)) {
		snprintf(err, err_size, "name: a question set id is a-z, 0-9, _ and -, "
					"up to %d characters, like daily-living", SC_KEY_MAX - 1);
		return SN_EINPUT;
	}
	if (is(kind, "equipment") && strcmp(name, "catalogue") != 0) {
		snprintf(err, err_size, "name: the equipment catalogue is always called catalogue");
		return SN_EINPUT;
	}
	/* The plan pages read the one adopted sections document, whatever its
	 * name (plan_sections_in_force): so there is only one name. */
	if (is(kind, "plan_sections") && strcmp(name, "standard") != 0) {
		snprintf(err, err_size, "name: the support plan sections are always called standard");
		return SN_EINPUT;
	}
	return SN_OK;
}

/* ---- the shipped files (embedded data/) ---- */

/* What an embedded file is, when it is a rules document: its kind, name
 * and (for question sets) the version its file name says (0: read it). */
static bool shipped_parse(const embed_file *f, const char **kind, char name[RULES_NAME_MAX + 1],
			  int *name_version)
{
	size_t n = strlen(f->name);
	if (n < 6 || strcmp(f->name + n - 5, ".json") != 0)
		return false;
	*name_version = 0;
	for (size_t k = 0; k < SN_ARRAY_LEN(kinds); k++) {
		size_t dl = strlen(kinds[k].dir) + strlen(kinds[k].prefix);
		if (!str_starts(f->name, kinds[k].dir) ||
		    !str_starts(f->name + strlen(kinds[k].dir), kinds[k].prefix) ||
		    n - 5 <= dl || n - 5 - dl > RULES_NAME_MAX)
			continue;
		const char *base = f->name + dl;
		size_t bl = n - 5 - dl;
		if (memchr(base, '/', bl))
			return false;
		memcpy(name, base, bl);
		name[bl] = 0;
		*kind = kinds[k].kind;
		if (is(*kind, "question_set")) {
			/* NAME-vN */
			char *v = strrchr(name, '-');
			if (!v || v == name || v[1] != 'v' || !v[2])
				return false;
			int64_t ver;
			if (str_to_i64(v + 2, 1, SC_MAX_VERSION, &ver))
				return false;
			*v = 0;
			*name_version = (int)ver;
		} else if (is(*kind, "rates")) {
			*name_version = 1; /* rates tables carry no version: shipped is 1 */
		}
		return true;
	}
	return false;
}

/* The "version" a shipped JSON file declares (1 when it says none). */
static int file_version(const embed_file *f)
{
	json_t *o = json_loadb((const char *)f->data, f->len, 0, NULL);
	json_int_t v = json_integer_value(json_object_get(o, "version"));
	json_decref(o);
	return v > 0 && v <= 1000000 ? (int)v : 1;
}

static int shipped_version_of(const embed_file *f, int name_version)
{
	return name_version ? name_version : file_version(f);
}

/* The shipped file of (kind, name) with that version, or the highest one
 * when version is 0; NULL when none. *version_out gets its version. */
static const embed_file *shipped_find(const char *kind, const char *name, int version,
				      int *version_out)
{
	const embed_file *best = NULL;
	int best_v = 0;
	for (const embed_file *f = embed_data; f->name; f++) {
		const char *k;
		char nm[RULES_NAME_MAX + 1];
		int nv;
		if (!shipped_parse(f, &k, nm, &nv) || strcmp(k, kind) != 0 || strcmp(nm, name) != 0)
			continue;
		int v = shipped_version_of(f, nv);
		if (version ? v == version : v > best_v) {
			best = f;
			best_v = v;
		}
	}
	if (version_out)
		*version_out = best_v;
	return best;
}

int rules_shipped_version(const char *kind, const char *name)
{
	int v = 0;
	if (!rules_kind_ok(kind) || !name)
		return 0;
	shipped_find(kind, name, 0, &v);
	return v;
}

/* ---- checking ---- */

/* A support plan sections document: plan_sections_from_json (which also
 * refuses one that lacks a structured section plans hold), and that the
 * body says it is name. */
static sn_err check_plan_sections(const char *name, const char *body, size_t len,
				  int *version, char *err, size_t err_size)
{
	json_t *j = NULL;
	char inner[256];
	sn_err rc = json_open_object(body, len, RULES_BODY_MAX, &j, inner, sizeof inner);
	if (rc) {
		snprintf(err, err_size, "plan_sections: %s",
			 str_starts(inner, "input: ") ? inner + 7 : inner);
		return rc;
	}
	arena *a = arena_new();
	plan_sections *secs = xcalloc(1, sizeof *secs);
	rc = plan_sections_from_json(j, a, secs, err, err_size);
	if (!rc && strcmp(secs->name, name) != 0) {
		snprintf(err, err_size, "name: the document says %s, but this is %s", secs->name,
			 name);
		rc = SN_EINPUT;
	}
	*version = rc ? 0 : (int)secs->version;
	free(secs);
	arena_free(a);
	json_decref(j);
	return rc;
}

/* The parser of kind, and that the body says it is (kind, name). cat_store:
 * the store whose catalogue in force a question set is checked against
 * (NULL: the shipped catalogue). */
static sn_err check_body(store *cat_store, const char *kind, const char *name, const char *body,
			 size_t len, int *version_out, char *err, size_t err_size)
{
	sn_err rc = rules_name_check(kind, name, err, err_size);
	if (rc)
		return rc;
	if (!body || len == 0) {
		snprintf(err, err_size, "body: enter the JSON document");
		return SN_EINPUT;
	}
	if (len > RULES_BODY_MAX) {
		snprintf(err, err_size, "body: must be %u KiB or less", RULES_BODY_MAX / 1024);
		return SN_ETOOBIG;
	}
	if (memchr(body, 0, len)) {
		snprintf(err, err_size, "body: contains a NUL byte");
		return SN_EINPUT;
	}
	int version = 0;
	if (is(kind, "rates")) {
		chg_rates *r = xcalloc(1, sizeof *r);
		rc = chg_rates_from_json(body, len, r, err, err_size);
		if (!rc && strcmp(r->year, name) != 0) {
			snprintf(err, err_size, "rates.year: the table says %s, but this is the table for %s",
				 r->year, name);
			rc = SN_EINPUT;
		}
		free(r);
	} else if (is(kind, "ras_scheme")) {
		ras_scheme *sch = xcalloc(1, sizeof *sch);
		rc = ras_scheme_from_json(body, len, sch, err, err_size);
		if (!rc && strcmp(sch->id, name) != 0) {
			snprintf(err, err_size, "id: the scheme says %s, but this is %s", sch->id, name);
			rc = SN_EINPUT;
		}
		version = sch->version;
		free(sch);
	} else if (is(kind, "question_set")) {
		sc_set *set = sc_set_new();
		sc_catalogue *cat = NULL;
		rc = sc_set_from_json(body, len, set, err, err_size);
		if (!rc && strcmp(set->id, name) != 0) {
			snprintf(err, err_size, "id: the set says %s, but this is %s", set->id, name);
			rc = SN_EINPUT;
		}
		if (!rc) {
			cat = sc_catalogue_new();
			char inner[512];
			rc = cat_store ? rules_load_catalogue(cat_store, cat, inner, sizeof inner)
				       : sc_catalogue_load(cat, inner, sizeof inner);
			if (rc) {
				snprintf(err, err_size, "catalogue: the catalogue in force cannot be read (%s)",
					 inner);
				rc = SN_EINPUT;
			}
		}
		if (!rc)
			rc = sc_set_check_catalogue(set, cat, err, err_size);
		version = set->version;
		sc_catalogue_free(cat);
		sc_set_free(set);
	} else if (is(kind, "plan_sections")) {
		rc = check_plan_sections(name, body, len, &version, err, err_size);
	} else {
		sc_catalogue *cat = sc_catalogue_new();
		rc = sc_catalogue_from_json(body, len, cat, err, err_size);
		version = cat->version;
		sc_catalogue_free(cat);
	}
	if (rc)
		return rc == SN_ETOOBIG ? SN_ETOOBIG : SN_EINPUT;
	if (version_out)
		*version_out = version;
	return SN_OK;
}

sn_err rules_check(const char *kind, const char *name, const char *body, size_t len,
		   int *version_out, char *err, size_t err_size)
{
	return check_body(NULL, kind, name, body, len, version_out, err, err_size);
}

/* The names of the question sets known (shipped or stored), as the keys
 * of a JSON object (*out, the caller's). */
static sn_err question_set_names(store *s, json_t **out)
{
	json_t *names = json_object();
	for (const embed_file *f = embed_data; f->name; f++) {
		const char *k;
		char nm[RULES_NAME_MAX + 1];
		int nv;
		if (shipped_parse(f, &k, nm, &nv) && is(k, "question_set"))
			json_object_set_new(names, nm, json_true());
	}
	arena *a = arena_new();
	const char **stored;
	size_t n;
	sn_err rc = rules_store_names(s, "question_set", a, &stored, &n);
	for (size_t i = 0; i < n && !rc; i++)
		json_object_set_new(names, stored[i], json_true());
	arena_free(a);
	if (rc) {
		json_decref(names);
		return rc;
	}
	*out = names;
	return SN_OK;
}

/* A new catalogue must keep every item the question sets in force suggest. */
static sn_err check_catalogue_against_sets(store *s, const char *body, size_t len, char *err,
					   size_t err_size)
{
	json_t *names = NULL;
	sn_err rc = question_set_names(s, &names);
	if (rc) {
		snprintf(err, err_size, "store: %s", store_errmsg(s));
		return rc;
	}
	sc_catalogue *cat = sc_catalogue_new();
	sc_set *set = sc_set_new();
	char inner[512];
	rc = sc_catalogue_from_json(body, len, cat, inner, sizeof inner);
	const char *nm;
	json_t *v;
	json_object_foreach(names, nm, v) {
		if (rc)
			break;
		if (rules_load_question_set(s, nm, set, inner, sizeof inner))
			continue; /* a set that cannot be read is not in force anyway */
		if (sc_set_check_catalogue(set, cat, inner, sizeof inner)) {
			snprintf(err, err_size, "items: question set %s v%d (in force) needs an item "
						"this catalogue lacks: %s", set->id, set->version, inner);
			rc = SN_EINPUT;
		}
	}
	sc_set_free(set);
	sc_catalogue_free(cat);
	json_decref(names);
	return rc;
}

/* ---- upload and adopt ---- */

static sn_err store_fail(store *s, sn_err rc, char *err, size_t err_size)
{
	if (err && err_size)
		snprintf(err, err_size, "store: %s", store_errmsg(s));
	store_rollback(s);
	return rc;
}

sn_err rules_upload(store *s, const char *kind, const char *name, const char *body,
		    const char *note, const char *actor_uuid, int *version_out, char *err,
		    size_t err_size)
{
	note = note ? note : "";
	if (strlen(note) > RULES_NOTE_MAX) {
		snprintf(err, err_size, "note: must be %d characters or fewer", RULES_NOTE_MAX);
		return SN_EINPUT;
	}
	size_t len = body ? strlen(body) : 0;
	int version = 0;
	sn_err rc = check_body(s, kind, name, body, len, &version, err, err_size);
	if (!rc && is(kind, "equipment"))
		rc = check_catalogue_against_sets(s, body, len, err, err_size);
	if (rc)
		return rc;

	rc = store_begin_write(s);
	if (rc)
		return store_fail(s, rc, err, err_size);
	/* One upload or adoption at a time (PostgreSQL: the audit lock), so two
	 * uploads cannot both take the same version. */
	rc = store_lock_audit(s);
	int64_t stored = 0;
	if (!rc)
		rc = rules_store_highest(s, kind, name, &stored);
	if (rc)
		return store_fail(s, rc, err, err_size);
	int shipped = rules_shipped_version(kind, name);
	int64_t highest = stored > shipped ? stored : shipped;
	if (is(kind, "rates")) {
		version = (int)highest + 1;
	} else if (version <= highest) {
		store_rollback(s);
		snprintf(err, err_size, "version: must be above %lld, the highest version of %s so far "
					"(%s)", (long long)highest, name,
			 stored >= shipped ? "uploaded" : "shipped");
		return SN_EINPUT;
	}
	char now[21];
	time_iso8601(time_now(), now);
	const char *actor = actor_uuid && *actor_uuid ? actor_uuid : "system";
	rc = rules_store_insert_draft(s, kind, name, version, body, note, actor, now);
	if (rc)
		return store_fail(s, rc, err, err_size);
	char record[RULES_NAME_MAX + 48];
	snprintf(record, sizeof record, "rules:%s/%s/v%d", kind, name, version);
	audit_entry e = {actor, "admin", "rules.upload", record, *note ? note : "draft"};
	rc = audit_append(s, &e);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		return store_fail(s, rc, err, err_size);
	if (version_out)
		*version_out = version;
	return SN_OK;
}

sn_err rules_adopt(store *s, const char *kind, const char *name, int version,
		   const char *actor_uuid)
{
	char err[256];
	if (rules_name_check(kind, name, err, sizeof err) || version <= 0)
		return SN_EINPUT;
	const char *actor = actor_uuid && *actor_uuid ? actor_uuid : "system";
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = store_lock_audit(s);
	if (rc)
		return store_fail(s, rc, NULL, 0);
	/* The row to adopt, and the one in force. */
	int64_t id = 0, cur_id = 0, cur_version = 0;
	char status[16] = "";
	rc = rules_store_rows_of(s, kind, name, version, &id, status, &cur_id, &cur_version);
	if (rc)
		return store_fail(s, rc, NULL, 0);
	int shipped = rules_shipped_version(kind, name);
	if (!id && (shipped == 0 || version != shipped)) {
		store_rollback(s);
		return SN_ENOTFOUND;
	}
	if ((id && strcmp(status, "adopted") == 0) || (!id && !cur_id)) {
		store_rollback(s); /* in force already */
		return SN_OK;
	}
	int64_t gen = 0;
	rc = rules_store_next_gen(s, &gen);
	if (!rc && cur_id)
		rc = rules_store_retire(s, cur_id, gen);
	char now[21];
	time_iso8601(time_now(), now);
	if (!rc && id)
		rc = rules_store_adopt_row(s, id, gen, now);
	if (rc)
		return store_fail(s, rc, NULL, 0);
	char record[RULES_NAME_MAX + 48], reason[128];
	snprintf(record, sizeof record, "rules:%s/%s/v%d", kind, name, version);
	if (!id)
		snprintf(reason, sizeof reason, "the shipped version in force again; v%lld retired",
			 (long long)cur_version);
	else if (cur_id)
		snprintf(reason, sizeof reason, "in force; v%lld retired", (long long)cur_version);
	else if (shipped)
		snprintf(reason, sizeof reason, "in force, in place of the shipped v%d", shipped);
	else
		snprintf(reason, sizeof reason, "in force (nothing was before)");
	audit_entry e = {actor, "admin", "rules.adopt", record, reason};
	rc = audit_append(s, &e);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		return store_fail(s, rc, NULL, 0);
	return SN_OK;
}

/* ---- reading ---- */

sn_err rules_body(store *s, const char *kind, const char *name, arena *a, const char **body,
		  size_t *len, int *version, bool *from_store)
{
	if (!rules_kind_ok(kind) || !name)
		return SN_ENOTFOUND;
	if (s) {
		const char *stored = NULL;
		int stored_version = 0;
		bool found = false;
		sn_err rc = rules_store_adopted(s, kind, name, a, &stored, &stored_version, &found);
		if (rc)
			return rc;
		if (found) {
			*body = stored;
			if (len)
				*len = strlen(stored);
			if (version)
				*version = stored_version;
			if (from_store)
				*from_store = true;
			return SN_OK;
		}
	}
	int v = 0;
	const embed_file *f = shipped_find(kind, name, 0, &v);
	if (!f)
		return SN_ENOTFOUND;
	*body = arena_strndup(a, (const char *)f->data, f->len);
	if (len)
		*len = f->len;
	if (version)
		*version = v;
	if (from_store)
		*from_store = false;
	return SN_OK;
}

sn_err rules_body_version(store *s, const char *kind, const char *name, int version, arena *a,
			  const char **body, size_t *len, const char **status)
{
	if (!rules_kind_ok(kind) || !name || version <= 0)
		return SN_ENOTFOUND;
	if (s) {
		const char *stored = NULL, *stored_status = NULL;
		bool found = false;
		sn_err rc = rules_store_version(s, kind, name, version, a, &stored, &stored_status,
						&found);
		if (rc)
			return rc;
		if (found) {
			*body = stored;
			if (len)
				*len = strlen(stored);
			if (status)
				*status = stored_status;
			return SN_OK;
		}
	}
	const embed_file *f = shipped_find(kind, name, version, NULL);
	if (!f)
		return SN_ENOTFOUND;
	*body = arena_strndup(a, (const char *)f->data, f->len);
	if (len)
		*len = f->len;
	if (status)
		*status = "shipped";
	return SN_OK;
}

/* The body in force for a typed loader; err names what is missing. */
static sn_err loader_body(store *s, const char *kind, const char *name, const char *field,
			  const char *what, arena *a, const char **body, size_t *len,
			  char *where, size_t where_size, char *err, size_t err_size)
{
	char inner[256];
	if (rules_name_check(kind, name, inner, sizeof inner)) {
		snprintf(err, err_size, "%s: \"%.64s\" is not %s name", field, name ? name : "", what);
		return SN_EINPUT;
	}
	int version = 0;
	bool from_store = false;
	sn_err rc = rules_body(s, kind, name, a, body, len, &version, &from_store);
	if (rc == SN_ENOTFOUND)
		snprintf(err, err_size, "%s: there is no %s called %s", field, what + 2, name);
	else if (rc)
		snprintf(err, err_size, "%s: the store failed (%s)", field, s ? store_errmsg(s) : "");
	else
		snprintf(where, where_size, "%s %s v%d (%s)", kind, name, version,
			 from_store ? "adopted" : "shipped");
	return rc;
}

/* Prefixes err with where, after a parser failed. */
static sn_err loader_fail(const char *where, char *err, size_t err_size)
{
	char inner[512];
	snprintf(inner, sizeof inner, "%s", err);
	snprintf(err, err_size, "%s: %s", where, inner);
	return SN_EINPUT;
}

sn_err rules_load_rates(store *s, const char *year, chg_rates *out, char *err, size_t err_size)
{
	arena *a = arena_new();
	const char *body;
	size_t len;
	char where[128];
	memset(out, 0, sizeof *out);
	sn_err rc = loader_body(s, "rates", year, "year", "a rates table", a, &body, &len, where,
				sizeof where, err, err_size);
	if (!rc && chg_rates_from_json(body, len, out, err, err_size))
		rc = loader_fail(where, err, err_size);
	if (!rc && strcmp(out->year, year) != 0) {
		snprintf(err, err_size, "%s: says it is for %s", where, out->year);
		rc = SN_EINPUT;
	}
	arena_free(a);
	return rc;
}

sn_err rules_load_rates_current(store *s, chg_rates *out, bool *current)
{
	/* This tax year's table in force (adopted in the store, or shipped);
	 * else the latest of the five years before it. */
	char year[16], err[256] = "";
	chg_tax_year_of(time_now(), year);
	int y = 0;
	if (sscanf(year, "%4d", &y) != 1 || y < 2000 || y > 9000)
		return SN_EINTERNAL;
	for (int back = 0; back <= 5; back++) {
		snprintf(year, sizeof year, "%04d-%02d", y - back, (y - back + 1) % 100);
		sn_err rc = rules_load_rates(s, year, out, err, sizeof err);
		if (rc == SN_OK) {
			*current = back == 0;
			return SN_OK;
		}
		if (rc != SN_ENOTFOUND) {
			log_msg(LOG_ERROR, "calculator: rates table %s: %s", year, err);
			return SN_EINTERNAL;
		}
	}
	log_msg(LOG_ERROR, "calculator: no rates table for this tax year or the five before");
	return SN_EINTERNAL;
}

sn_err rules_rates_loader(void *ctx, const char *year, chg_rates *out, char *err, size_t err_size)
{
	store *s = ctx;
	sn_err rc = rules_load_rates(s, year, out, err, err_size);
	if (rc != SN_ENOTFOUND)
		return rc;
	/* Say which years there are: the tables in force, stored or shipped. */
	json_t *list = NULL;
	buf years;
	buf_init(&years, 512);
	if (!rules_list(s, "rates", NULL, &list)) {
		size_t i;
		json_t *e;
		json_array_foreach(list, i, e)
			if (json_integer_value(json_object_get(e, "in_force")) > 0)
				buf_printf(&years, "%s%s", years.len ? ", " : "",
					   json_string_value(json_object_get(e, "name")));
	}
	json_decref(list);
	snprintf(err, err_size, "year: no rates table for %.16s (tables: %s)", year,
		 years.data ? years.data : "none");
	buf_free(&years);
	return rc;
}

sn_err rules_load_ras(store *s, const char *id, ras_scheme *out, char *err, size_t err_size)
{
	arena *a = arena_new();
	const char *body;
	size_t len;
	char where[128];
	memset(out, 0, sizeof *out);
	sn_err rc = loader_body(s, "ras_scheme", id, "scheme", "a scheme", a, &body, &len, where,
				sizeof where, err, err_size);
	if (!rc && ras_scheme_from_json(body, len, out, err, err_size))
		rc = loader_fail(where, err, err_size);
	if (!rc && strcmp(out->id, id) != 0) {
		snprintf(err, err_size, "%s: says its id is %s", where, out->id);
		rc = SN_EINPUT;
	}
	arena_free(a);
	return rc;
}

sn_err rules_load_question_set(store *s, const char *name, sc_set *out, char *err,
			       size_t err_size)
{
	arena *a = arena_new();
	const char *body;
	size_t len;
	char where[128];
	memset(out, 0, sizeof *out);
	sn_err rc = loader_body(s, "question_set", name, "set", "a question set", a, &body, &len,
				where, sizeof where, err, err_size);
	if (!rc && sc_set_from_json(body, len, out, err, err_size))
		rc = loader_fail(where, err, err_size);
	if (!rc && strcmp(out->id, name) != 0) {
		snprintf(err, err_size, "%s: says its id is %s", where, out->id);
		rc = SN_EINPUT;
	}
	arena_free(a);
	return rc;
}

sn_err rules_load_catalogue(store *s, sc_catalogue *out, char *err, size_t err_size)
{
	arena *a = arena_new();
	const char *body;
	size_t len;
	char where[128];
	memset(out, 0, sizeof *out);
	sn_err rc = loader_body(s, "equipment", "catalogue", "catalogue", "a catalogue", a, &body,
				&len, where, sizeof where, err, err_size);
	if (!rc && sc_catalogue_from_json(body, len, out, err, err_size))
		rc = loader_fail(where, err, err_size);
	arena_free(a);
	return rc;
}

int64_t rules_generation(store *s)
{
	int64_t g = 0;
	if (rules_store_generation(s, &g))
		return -1;
	return g;
}

/* ---- the list for the admin pages ---- */

static json_t *group_of(json_t *map, const char *kind, const char *name)
{
	char key[RULES_NAME_MAX + 24];
	snprintf(key, sizeof key, "%s/%s", kind, name);
	json_t *g = json_object_get(map, key);
	if (!g) {
		g = json_pack("{s:s, s:s, s:s, s:i, s:s, s:i, s:i, s:[]}", "kind", kind, "kind_label",
			      rules_kind_label(kind), "name", name, "in_force", 0, "in_force_from",
			      "", "highest", 0, "drafts", 0, "versions");
		json_object_set_new(map, key, g);
	}
	return g;
}

static int cmp_version_desc(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	json_int_t va = json_integer_value(json_object_get(a, "version"));
	json_int_t vb = json_integer_value(json_object_get(b, "version"));
	if (va != vb)
		return va > vb ? -1 : 1;
	/* The same number stored and shipped: the stored one first. */
	return (int)json_is_true(json_object_get(a, "shipped")) -
	       (int)json_is_true(json_object_get(b, "shipped"));
}

static int cmp_group(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	int ka = kind_index(json_string_value(json_object_get(a, "kind")));
	int kb = kind_index(json_string_value(json_object_get(b, "kind")));
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(json_string_value(json_object_get(a, "name")),
		      json_string_value(json_object_get(b, "name")));
}

/* arr sorted by cmp (a new array; arr is released). */
static json_t *sorted(json_t *arr, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(arr);
	json_t **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof *v, cmp);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, v[i]);
	free(v);
	json_decref(arr);
	return out;
}

/* A stored row into its group, when it is of kind_opt and name_opt. */
static void add_stored(json_t *map, const rules_store_row *x, const char *kind_opt,
		       const char *name_opt)
{
	if ((kind_opt && strcmp(x->kind, kind_opt) != 0) ||
	    (name_opt && strcmp(x->name, name_opt) != 0))
		return;
	json_t *g = group_of(map, x->kind, x->name);
	bool adopted = strcmp(x->status, "adopted") == 0;
	json_array_append_new(json_object_get(g, "versions"), json_pack(
		"{s:I, s:s, s:b, s:b, s:s, s:s, s:s, s:s, s:s}",
		"version", (json_int_t)x->version, "status", x->status,
		"in_force", adopted, "shipped", 0,
		"created_by", x->created_by, "created_by_name", x->created_by_name,
		"created_at", x->created_at, "adopted_at", x->adopted_at, "note", x->note));
	if (adopted) {
		json_object_set_new(g, "in_force", json_integer(x->version));
		json_object_set_new(g, "in_force_from", json_string("store"));
	}
}

sn_err rules_list(store *s, const char *kind_opt, const char *name_opt, json_t **out)
{
	json_t *map = json_object();
	if (s) {
		arena *a = arena_new();
		rules_store_row *rows;
		size_t n;
		sn_err rc = rules_store_all(s, a, &rows, &n);
		for (size_t i = 0; i < n && !rc; i++)
			add_stored(map, &rows[i], kind_opt, name_opt);
		arena_free(a);
		if (rc) {
			json_decref(map);
			return rc;
		}
	}
	for (const embed_file *f = embed_data; f->name; f++) {
		const char *k;
		char nm[RULES_NAME_MAX + 1];
		int nv;
		if (!shipped_parse(f, &k, nm, &nv) || (kind_opt && strcmp(k, kind_opt) != 0) ||
		    (name_opt && strcmp(nm, name_opt) != 0))
			continue;
		json_t *g = group_of(map, k, nm);
		json_t *v = json_pack("{s:i, s:s, s:b, s:b, s:s, s:s, s:s, s:s}",
			"version", shipped_version_of(f, nv), "status", "shipped", "in_force", 0,
			"shipped", 1, "created_by", "", "created_by_name", "SupportNet",
			"created_at", "", "adopted_at", "");
		json_object_set_new(v, "note", json_sprintf("Shipped with SupportNet (data/%s)", f->name));
		json_array_append_new(json_object_get(g, "versions"), v);
	}
	json_t *groups = json_array();
	const char *key;
	json_t *g;
	json_object_foreach(map, key, g) {
		json_t *versions = sorted(json_incref(json_object_get(g, "versions")), cmp_version_desc);
		json_object_set_new(g, "versions", versions);
		size_t i;
		json_t *v;
		int drafts = 0;
		json_int_t highest = 0;
		bool stored_in_force = json_integer_value(json_object_get(g, "in_force")) > 0;
		bool marked = stored_in_force;
		json_array_foreach(versions, i, v) {
			json_int_t ver = json_integer_value(json_object_get(v, "version"));
			if (ver > highest)
				highest = ver;
			drafts += strcmp(json_string_value(json_object_get(v, "status")), "draft") == 0;
			/* Without an adopted row, the highest shipped file is in force. */
			if (!marked && json_is_true(json_object_get(v, "shipped"))) {
				json_object_set_new(v, "in_force", json_true());
				json_object_set_new(g, "in_force", json_integer(ver));
				json_object_set_new(g, "in_force_from", json_string("shipped"));
				marked = true;
			}
		}
		json_object_set_new(g, "highest", json_integer(highest));
		json_object_set_new(g, "drafts", json_integer(drafts));
		json_array_append(groups, g);
	}
	json_decref(map);
	*out = sorted(groups, cmp_group);
	return SN_OK;
}
