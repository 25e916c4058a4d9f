/* The writer of an ORUK import, and every SQL statement of it: the
 * transaction, each row upserted by id (with what each kind adds), the
 * rows the input refers to, versions kept as an edit keeps them, the
 * children a parent no longer lists deleted, localities and the search
 * index kept current. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../curate/curate.h"
#include "../hours/hours.h"
#include "../search/search.h"
#include "oruk_io_int.h"

/* The internal id of a row of kind k by uuid: from this import, else the
 * database. false when there is none (or no database to ask). */
bool oruk_imp_find(oruk_imp *im, oruk_kind k, const char *uuid, int64_t *id)
{
	*id = 0;
	if (oruk_idmap_get(&im->seen[k], uuid, id))
		return true;
	if (!im->s)
		return false;
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE uuid = ?", oruk_kinds[k].table);
	sn_err rc = store_one_i64(im->s, id, sql, "t", uuid);
	if (rc && rc != SN_ENOTFOUND)
		oruk_fail(im, rc, "cannot read %s: %s", oruk_kinds[k].table, store_errmsg(im->s));
	return rc == SN_OK && *id;
}


/* ---- writing a row ---- */

static const char *upsert_sql(oruk_imp *im, oruk_kind k)
{
	if (im->sql[k])
		return im->sql[k];
	const oruk_kind_spec *sp = &oruk_kinds[k];
	buf b, set;
	buf_init(&b, 8192);
	buf_init(&set, 8192);
	buf_printf(&b, "INSERT INTO %s (", sp->table);
	size_t n = 0;
	for (size_t i = 0; i < sp->n_fields; i++) {
		const oruk_field *f = &sp->fields[i];
		if (!f->col)
			continue;
		buf_printf(&b, "%s%s", n++ ? ", " : "", f->col);
		if (f->type != FT_ID && !(f->flags & OF_KEEP))
			buf_printf(&set, "%s%s = excluded.%s", set.len ? ", " : "", f->col, f->col);
	}
	buf_puts(&b, ") VALUES (");
	for (size_t i = 0; i < n; i++)
		buf_puts(&b, i ? ", ?" : "?");
	buf_printf(&b, ") ON CONFLICT (uuid) DO UPDATE SET %s RETURNING id", set.data);
	buf_free(&set);
	im->sql[k] = b.data;
	return b.data;
}

static sn_err write_row(oruk_imp *im, oruk_kind k, const oruk_cell *cells, int64_t *id)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	store_stmt *st = NULL;
	sn_err rc = store_prepare(im->s, upsert_sql(im, k), &st);
	int b = 1;
	for (size_t i = 0; i < sp->n_fields && !rc; i++) {
		if (!sp->fields[i].col)
			continue;
		const oruk_cell *c = &cells[i];
		rc = c->k == CELL_INT    ? store_bind_i64(st, b++, c->i)
		     : c->k == CELL_TEXT ? store_bind_text(st, b++, c->t)
		                         : store_bind_null(st, b++);
	}
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc)
		*id = row ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (!rc && !*id)
		rc = SN_ESTORE;
	return rc;
}

static void set_cell(oruk_kind k, oruk_cell *cells, const char *col, oruk_cell v)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	for (size_t i = 0; i < sp->n_fields; i++)
		if (sp->fields[i].col && strcmp(sp->fields[i].col, col) == 0) {
			cells[i] = v;
			return;
		}
}

static oruk_cell text_cell(const char *t)
{
	return t && *t ? (oruk_cell){.k = CELL_TEXT, .t = t} : (oruk_cell){.k = CELL_NULL};
}

static void default_text(oruk_kind k, oruk_cell *cells, const char *col, const char *v)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	for (size_t i = 0; i < sp->n_fields; i++)
		if (sp->fields[i].col && strcmp(sp->fields[i].col, col) == 0 &&
		    cells[i].k == CELL_NULL)
			cells[i] = (oruk_cell){.k = CELL_TEXT, .t = v};
}

/* A schedule: HSDS rules through sched_rule_from_oruk, into the columns. */
static bool schedule_cells(oruk_imp *im, json_t *obj, const char *path, oruk_cell *cells, arena *a)
{
	/* The rule reader wants JSON types: numbers' texts (and, from CSV,
	 * strings) back into numbers for interval, count and timezone. */
	json_t *o = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		/* Record by record, a text too long to keep is left out (with a
		 * warning) rather than the whole schedule. */
		static const struct {
			const char *key;
			size_t max;
		} texts[] = {{"description", SCHED_TEXT_MAX - 1},
		             {"notes", SCHED_TEXT_MAX - 1},
		             {"schedule_link", SCHED_LINK_MAX - 1},
		             {"attending_type", SCHED_ATTENDING_MAX - 1}};
		bool dropped = false;
		for (size_t i = 0; i < SN_ARRAY_LEN(texts) && im->lenient; i++)
			if (strcmp(key, texts[i].key) == 0 && json_is_string(v) &&
			    json_string_length(v) > texts[i].max) {
				oruk_warn(im, path, key, ORUK_CODE_LIMIT, ORUK_DID_DROPPED,
				          "longer than %zu bytes", texts[i].max);
				dropped = true;
			}
		if (dropped)
			continue;
		json_t *x = json_incref(v);
		bool whole = strcmp(key, "interval") == 0 || strcmp(key, "count") == 0;
		bool number = whole || strcmp(key, "timezone") == 0;
		if (number && (oruk_is_number_text(v) || (im->csv && json_is_string(v)))) {
			const char *t = json_string_value(v) + (oruk_is_number_text(v) ? 1 : 0);
			int64_t i = 0;
			char *end = NULL;
			double d = strtod(t, &end);
			if (whole && !str_to_i64(t, INT32_MIN, INT32_MAX, &i)) {
				json_decref(x);
				x = json_integer(i);
			} else if (*t && end && !*end) {
				json_decref(x);
				x = json_real(d);
			}
		}
		json_object_set_new(o, key, x);
	}
	sched_rule *r = xmalloc(sizeof *r);
	char err[ORUK_PROBLEM_LEN];
	/* Its messages name the field: "contents[3].schedules[0].byday: ..." */
	sn_err rc = sched_rule_from_oruk(o, im->csv ? NULL : path, r, err, sizeof err);
	json_decref(o);
	if (rc) {
		/* "PATH.FIELD: message" (JSON) or "FIELD: message" (CSV): the
		 * field named apart, for the report. */
		char *colon = strstr(err, ": ");
		const char *msg = err, *field = NULL;
		if (colon) {
			*colon = 0;
			char *dot = strrchr(err, '.');
			field = dot && !strchr(dot, ']') ? dot + 1 : err;
			msg = colon + 2;
		}
		if (field && !strchr(field, '[') && strlen(field) < 40)
			oruk_problem(im, path, field, "%s", msg);
		else {
			if (colon)
				*colon = ':';
			oruk_problem(im, im->csv ? path : NULL, NULL, "%s", err);
		}
		free(r);
		return false;
	}
	/* Only an http or https address is kept (str_is_web_url); record by
	 * record another is left out, with a warning. */
	if (r->schedule_link[0] && !str_is_web_url(r->schedule_link)) {
		char t1[48];
		im->soft = im->lenient;
		oruk_problem(im, path, "schedule_link",
		             "'%s' is not a web address (only http:// and https:// addresses are "
		             "kept)",
		             oruk_shown(r->schedule_link, t1));
		bool soft = im->soft;
		im->soft = false;
		if (!soft) {
			free(r);
			return false;
		}
		r->schedule_link[0] = 0;
	}
	char *d[4];
	const sched_date dates[4] = {r->valid_from, r->valid_to, r->dtstart, r->until};
	static const char *const dcols[4] = {"valid_from", "valid_to", "dtstart", "until"};
	for (int i = 0; i < 4; i++) {
		d[i] = arena_alloc(a, SCHED_DATE_TEXT);
		sched_format_date(dates[i], d[i]);
		set_cell(ORUK_SCHEDULES, cells, dcols[i], text_cell(d[i]));
	}
	set_cell(ORUK_SCHEDULES, cells, "freq", text_cell(sched_freq_name(r->freq)));
	if (r->every)
		set_cell(ORUK_SCHEDULES, cells, "every", (oruk_cell){.k = CELL_INT, .i = r->every});
	char *bd = arena_alloc(a, SCHED_BYDAY_TEXT), *bm = arena_alloc(a, SCHED_BYMONTHDAY_TEXT);
	sched_format_byday(r, bd);
	sched_format_bymonthday(r, bm);
	set_cell(ORUK_SCHEDULES, cells, "byday", text_cell(bd));
	set_cell(ORUK_SCHEDULES, cells, "bymonthday", text_cell(bm));
	char *op = arena_alloc(a, SCHED_CLOCK_TEXT), *cl = arena_alloc(a, SCHED_CLOCK_TEXT);
	sched_format_clock(r->opens, op);
	sched_format_clock(r->closes, cl);
	set_cell(ORUK_SCHEDULES, cells, "opens_at", text_cell(op));
	set_cell(ORUK_SCHEDULES, cells, "closes_at", text_cell(cl));
	set_cell(ORUK_SCHEDULES, cells, "description", text_cell(arena_strdup(a, r->description)));
	set_cell(ORUK_SCHEDULES, cells, "schedule_link",
	         text_cell(arena_strdup(a, r->schedule_link)));
	set_cell(ORUK_SCHEDULES, cells, "attending_type",
	         text_cell(arena_strdup(a, r->attending_type)));
	set_cell(ORUK_SCHEDULES, cells, "notes", text_cell(arena_strdup(a, r->notes)));
	free(r);
	return true;
}

/* What each kind adds to its checked cells before writing. */
static bool kind_cells(oruk_imp *im, oruk_kind k, json_t *obj, const char *path, oruk_cell *cells,
                       arena *a)
{
	const char *src = im->o->source ? im->o->source : "import";
	switch (k) {
	case ORUK_TAXONOMIES: default_text(k, cells, "description", ""); return true;
	case ORUK_TERMS: {
		default_text(k, cells, "description", "");
		int ti = oruk_field_index(k, "taxonomy_id");
		if (cells[ti].k == CELL_TEXT) {
			/* A taxonomy known only by its id: made from what the term says. */
			const oruk_field *tf =
			    &oruk_kinds[k].fields[oruk_field_index(k, "taxonomy")];
			json_t *tv = oruk_field_value(obj, tf);
			const char *name = oruk_plain_string(tv);
			oruk_cell tc[ORUK_MAX_FIELDS] = {0};
			tc[0] = cells[ti];
			tc[1] = text_cell(
			    name && *name && strlen(name) <= 500 ? name : "Imported taxonomy");
			tc[2] = (oruk_cell){.k = CELL_TEXT, .t = ""};
			int64_t tid = 0;
			if (im->writing) {
				sn_err rc = write_row(im, ORUK_TAXONOMIES, tc, &tid);
				if (rc) {
					oruk_fail(im, rc, "cannot write a taxonomy: %s",
					          store_errmsg(im->s));
					return false;
				}
			}
			oruk_imp_seen(im, ORUK_TAXONOMIES, cells[ti].t, tid);
			im->rep->count[ORUK_TAXONOMIES]++;
			cells[ti] = (oruk_cell){.k = CELL_INT, .i = tid};
		}
		return true;
	}
	case ORUK_ORGS:
		default_text(k, cells, "description", "");
		set_cell(k, cells, "source", text_cell(src));
		set_cell(k, cells, "created_at", text_cell(im->now));
		set_cell(k, cells, "updated_at", text_cell(im->now));
		return true;
	case ORUK_SERVICES:
		default_text(k, cells, "description", "");
		default_text(k, cells, "last_modified", im->now);
		set_cell(k, cells, "source", text_cell(src));
		set_cell(k, cells, "moderation", text_cell("published"));
		set_cell(k, cells, "review_due", text_cell(im->due));
		set_cell(k, cells, "created_at", text_cell(im->now));
		return true;
	case ORUK_ADDRESSES: {
		default_text(k, cells, "country", "GB");
		int pi = oruk_field_index(k, "postal_code");
		char *pc = arena_alloc(a, 9);
		if (cells[pi].k == CELL_TEXT && postcode_normalise(cells[pi].t, pc) == SN_OK)
			cells[pi].t = pc;
		return true;
	}
	case ORUK_COSTS: default_text(k, cells, "currency", "GBP"); return true;
	case ORUK_SCHEDULES: {
		if (!schedule_cells(im, obj, path, cells, a))
			return false;
		int si = oruk_field_index(k, "service_id"),
		    xi = oruk_field_index(k, "service_at_location_id");
		if (cells[si].k == CELL_NULL && cells[xi].k == CELL_NULL) {
			oruk_problem(im, path, "service_id",
			             "missing (a schedule belongs to a service)");
			return false;
		}
		if (cells[si].k == CELL_NULL && im->writing) {
			int64_t sid =
			    0; /* a schedule of a service at a location: its service's too */
			if (!store_one_i64(im->s, &sid,
			                   "SELECT service_id FROM dir_service_at_locations "
			                   "WHERE id = ?",
			                   "i", cells[xi].i))
				cells[si] = (oruk_cell){.k = CELL_INT, .i = sid};
		}
		return true;
	}
	default: return true;
	}
}

/* ---- versions ---- */

/* Who an import's versions are by: the system, naming the input. */
static curate_actor import_actor(const oruk_imp *im, char name[static 160])
{
	const char *src = im->o && im->o->source && *im->o->source ? im->o->source : "a file";
	snprintf(name, 160, "Import from %s", src);
	return (curate_actor){"system", name};
}

/* Before an import overwrites a service that has no history: version 1,
 * "recorded", is what it was (curate_version_ensure). */
static bool version_before(oruk_imp *im, const char *uuid)
{
	int64_t sid = 0;
	if (!oruk_imp_find(im, ORUK_SERVICES, uuid, &sid))
		return !oruk_imp_stop(im);
	sn_err rc = curate_version_ensure(im->s, sid, im->now);
	if (rc)
		oruk_fail(im, rc, "cannot record a service's history: %s", store_errmsg(im->s));
	return !rc;
}

/* After an import wrote a service and its children: a version, "created"
 * for a new one, "edited" when its details differ from its latest
 * version's, none when the import changed nothing the details hold. */
static sn_err version_after(oruk_imp *im, int64_t sid)
{
	int64_t latest = 0;
	json_t *now = NULL, *was = NULL;
	sn_err rc = curate_version_latest(im->s, sid, &latest);
	if (!rc && latest)
		rc = curate_version_details(im->s, sid, latest, &was);
	if (!rc)
		rc = curate_details_load(im->s, sid, &now);
	if (!rc && (!was || !json_equal(was, now))) {
		char name[160];
		curate_actor who = import_actor(im, name);
		rc = curate_version_add(im->s, sid, latest ? "edited" : "created", &who, "Imported", im->now, NULL);
	}
	json_decref(now);
	json_decref(was);
	return rc;
}

/* ---- records ---- */

void oruk_imp_seen(oruk_imp *im, oruk_kind k, const char *uuid, int64_t id)
{
	oruk_idmap_put(&im->seen[k], uuid, id);
	if (!im->in_record)
		return;
	if (im->n_journal == im->cap_journal) {
		im->cap_journal = im->cap_journal ? im->cap_journal * 2 : 64;
		im->journal = xrealloc(im->journal, im->cap_journal * sizeof *im->journal);
	}
	im->journal[im->n_journal].k = (int)k;
	snprintf(im->journal[im->n_journal].uuid, 37, "%s", uuid);
	im->n_journal++;
}

void oruk_rec_begin(oruk_imp *im)
{
	if (!im->lenient || im->in_record)
		return;
	im->in_record = true;
	im->n_journal = 0;
	memcpy(im->snap_count, im->rep->count, sizeof im->snap_count);
	memcpy(im->snap_skipped, im->rep->skipped, sizeof im->snap_skipped);
	im->snap_removed = im->rep->removed;
	if (im->writing) {
		sn_err rc = store_exec(im->s, "SAVEPOINT oruk_record");
		if (rc)
			oruk_fail(im, rc, "cannot start a record: %s", store_errmsg(im->s));
	}
}

void oruk_rec_end(oruk_imp *im, bool ok, oruk_kind k)
{
	if (!im->lenient || !im->in_record)
		return;
	im->in_record = false;
	if (im->writing) {
		sn_err rc = ok ? SN_OK : store_exec(im->s, "ROLLBACK TO SAVEPOINT oruk_record");
		if (!rc)
			rc = store_exec(im->s, "RELEASE SAVEPOINT oruk_record");
		if (rc) {
			oruk_fail(im, rc, "cannot end a record: %s", store_errmsg(im->s));
			return;
		}
	}
	if (ok) {
		im->rep->records++;
		return;
	}
	/* Rolled back: what it wrote is not there. */
	for (size_t i = 0; i < im->n_journal; i++)
		oruk_idmap_put(&im->seen[im->journal[i].k], im->journal[i].uuid, ORUK_ID_GONE);
	memcpy(im->rep->count, im->snap_count, sizeof im->snap_count);
	memcpy(im->rep->skipped, im->snap_skipped, sizeof im->snap_skipped);
	im->rep->removed = im->snap_removed;
	im->rep->skipped[k]++;
	im->rep->records_skipped++;
}

/* Keys a kind reads as nested objects (not fields of its row). */
static bool nested_key(oruk_kind k, const char *key)
{
	static const struct {
		oruk_kind k;
		const char *keys;
	} nested[] = {
	    {ORUK_SERVICES, " organization service_at_locations schedules contacts phones "
	                    "cost_options languages service_areas funding attributes "},
	    {ORUK_ORGS, " organization_identifiers attributes services "},
	    {ORUK_LOCATIONS, " addresses accessibility phones attributes "},
	    {ORUK_SALS, " location schedules "},
	    {ORUK_CONTACTS, " phones attributes "},
	    {ORUK_PHONES, " languages "},
	    {ORUK_ADDRESSES, " attributes "},
	    {ORUK_TAXONOMIES, " taxonomy_terms "},
	    {ORUK_TERMS, " taxonomy_detail "},
	    {ORUK_ATTRIBUTES, " taxonomy_term "},
	};
	char k1[72];
	if (strlen(key) > 64)
		return false;
	snprintf(k1, sizeof k1, " %s ", key);
	for (size_t i = 0; i < SN_ARRAY_LEN(nested); i++)
		if (nested[i].k == k && strstr(nested[i].keys, k1))
			return true;
	return false;
}

void oruk_warn_unmodelled(oruk_imp *im, oruk_kind k, json_t *obj, const char *path)
{
	if (k == ORUK_SCHEDULES) /* the rules name what they cannot hold */
		return;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		/* (Nothing said, nothing lost: null, [], {} and "" pass quietly.) */
		if (json_is_null(v) || (json_is_array(v) && !json_array_size(v)) ||
		    (json_is_object(v) && !json_object_size(v)) ||
		    (json_is_string(v) && !json_string_length(v)) || oruk_field_index(k, key) >= 0 ||
		    nested_key(k, key))
			continue;
		bool alt = false;
		for (size_t i = 0; i < oruk_kinds[k].n_fields && !alt; i++)
			alt = oruk_kinds[k].fields[i].alt && strcmp(oruk_kinds[k].fields[i].alt, key) == 0;
		if (alt)
			continue;
		char name[96];
		snprintf(name, sizeof name, "%s.%.64s", oruk_kinds[k].name, key);
		bool seen = false;
		for (size_t i = 0; i < im->n_warned && !seen; i++)
			seen = strcmp(im->warned[i], name) == 0;
		if (seen || im->n_warned >= 256)
			continue;
		im->warned = xrealloc(im->warned, (im->n_warned + 1) * sizeof *im->warned);
		snprintf(im->warned[im->n_warned++], sizeof *im->warned, "%s", name);
		char t1[48];
		oruk_warn(im, path, oruk_shown(key, t1), ORUK_CODE_NOT_MODELLED, ORUK_DID_IGNORED,
		          "SupportNet does not keep this field of a%s %s (said once an import)",
		          strchr("aeiou", oruk_kinds[k].what[0]) ? "n" : "", oruk_kinds[k].what);
	}
}

bool oruk_imp_row(oruk_imp *im, oruk_kind k, json_t *obj, const char *path,
                  const oruk_parent *parents, size_t n_parents, bool once, int64_t *id, bool *fresh)
{
	*id = 0;
	if (fresh)
		*fresh = true;
	if (oruk_imp_stop(im))
		return false;
	/* Issues name this row while it is read. */
	const char *was_kind = im->cur_kind;
	char was_id[sizeof im->cur_id];
	memcpy(was_id, im->cur_id, sizeof was_id);
	im->cur_kind = oruk_kinds[k].what;
	const char *given = json_is_object(obj) ? oruk_plain_string(json_object_get(obj, "id")) : NULL;
	snprintf(im->cur_id, sizeof im->cur_id, "%s", given && strlen(given) <= 36 ? given : "");
	bool ok = false;
	arena *a = NULL;
	if (!json_is_object(obj)) {
		oruk_problem(im, path, NULL, "must be an object (%s %s)",
		             strchr("aeiou", oruk_kinds[k].what[0]) ? "an" : "a",
		             oruk_kinds[k].what);
		goto done;
	}
	if (once && given && str_is_uuid(given)) {
		char u[37];
		oruk_lower_uuid(given, u);
		if (oruk_idmap_get(&im->seen[k], u, id)) {
			if (fresh)
				*fresh = false;
			ok = true;
			goto done;
		}
	}
	oruk_warn_unmodelled(im, k, obj, path);
	a = arena_new();
	oruk_cell cells[ORUK_MAX_FIELDS];
	ok = oruk_check_row(im, k, obj, path, parents, n_parents, cells, a);
	if (ok)
		ok = kind_cells(im, k, obj, path, cells, a);
	if (ok && im->writing && k == ORUK_SERVICES)
		ok = version_before(im, cells[0].t);
	if (ok && im->writing) {
		sn_err rc = write_row(im, k, cells, id);
		if (rc) {
			oruk_fail(im, rc, "cannot write %s %s: %s", oruk_kinds[k].what, cells[0].t,
			          store_errmsg(im->s));
			ok = false;
		}
	}
	if (ok) {
		oruk_imp_seen(im, k, cells[0].t, *id);
		im->rep->count[k]++;
		if (k == ORUK_TERMS) {
			json_t *pv = json_object_get(obj, "parent_id");
			const char *pu = oruk_plain_string(pv);
			if (pu && str_is_uuid(pu)) {
				if (im->n_parents == im->cap_parents) {
					im->cap_parents =
					    im->cap_parents ? im->cap_parents * 2 : 64;
					im->parents = xrealloc(
					    im->parents, im->cap_parents * sizeof *im->parents);
				}
				snprintf(im->parents[im->n_parents][0], 37, "%s", cells[0].t);
				oruk_lower_uuid(pu, im->parents[im->n_parents][1]);
				im->n_parents++;
			} else if (pv && !json_is_null(pv)) {
				im->soft = im->lenient; /* the term stays top-level */
				oruk_problem(im, path, "parent_id", "must be a uuid");
				ok = im->soft;
				im->soft = false;
			}
		}
	}
done:
	if (!ok && im->lenient && !im->fatal) {
		/* Skipped: a row of this id already stored stays as it is. */
		if (given && str_is_uuid(given)) {
			char u[37];
			oruk_lower_uuid(given, u);
			oruk_idmap_put(&im->kept[k], u, 0);
		}
		im->rep->skipped[k]++;
	}
	arena_free(a);
	im->cur_kind = was_kind;
	memcpy(im->cur_id, was_id, sizeof was_id);
	return ok;
}

/* ---- replacing a parent's children ---- */

/* Where the children of each parent are, per kind. A service's phones are
 * those of no contact (a contact's are its own), its languages those of no
 * phone; a location's phones those of no service or contact. Schedules come
 * before service_at_locations and phones before contacts, so that what is
 * deleted is deleted by its own row rather than by a cascade. */
static const struct {
	oruk_parent_kind parent;
	oruk_kind k;
	const char *where;
} CHILDREN[] = {
    {ORUK_PARENT_SERVICE, ORUK_SCHEDULES, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_SALS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_PHONES, "service_id = ? AND contact_id IS NULL"},
    {ORUK_PARENT_SERVICE, ORUK_CONTACTS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_COSTS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_LANGUAGES, "service_id = ? AND phone_id IS NULL"},
    {ORUK_PARENT_SERVICE, ORUK_AREAS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_FUNDINGS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_ATTRIBUTES, "link_entity = 'service' AND link_id = ?"},
    {ORUK_PARENT_CONTACT, ORUK_PHONES, "contact_id = ?"},
    {ORUK_PARENT_CONTACT, ORUK_ATTRIBUTES, "link_entity = 'contact' AND link_id = ?"},
    {ORUK_PARENT_PHONE, ORUK_LANGUAGES, "phone_id = ?"},
    {ORUK_PARENT_LOCATION, ORUK_ADDRESSES, "location_id = ?"},
    {ORUK_PARENT_LOCATION, ORUK_ACCESSIBILITY, "location_id = ?"},
    {ORUK_PARENT_LOCATION, ORUK_PHONES,
     "location_id = ? AND service_id IS NULL AND contact_id IS NULL"},
    {ORUK_PARENT_LOCATION, ORUK_ATTRIBUTES, "link_entity = 'location' AND link_id = ?"},
    {ORUK_PARENT_ORG, ORUK_ORG_IDS, "organization_id = ?"},
    {ORUK_PARENT_ORG, ORUK_ATTRIBUTES, "link_entity = 'organization' AND link_id = ?"},
    {ORUK_PARENT_ADDRESS, ORUK_ATTRIBUTES, "link_entity = 'address' AND link_id = ?"},
};

/* One query for all of a parent's children: (kind, id, uuid) rows. */
static const char *children_sql(oruk_imp *im, oruk_parent_kind parent, size_t *n_binds)
{
	*n_binds = 0;
	for (size_t i = 0; i < SN_ARRAY_LEN(CHILDREN); i++)
		*n_binds += CHILDREN[i].parent == parent;
	if (im->child_sql[parent])
		return im->child_sql[parent];
	buf b;
	buf_init(&b, 8192);
	for (size_t i = 0; i < SN_ARRAY_LEN(CHILDREN); i++)
		if (CHILDREN[i].parent == parent)
			buf_printf(&b, "%sSELECT %d, id, uuid FROM %s WHERE %s",
			           b.len ? " UNION ALL " : "", (int)CHILDREN[i].k,
			           oruk_kinds[CHILDREN[i].k].table, CHILDREN[i].where);
	im->child_sql[parent] = b.data;
	return b.data;
}

void oruk_imp_replace(oruk_imp *im, oruk_parent_kind parent, int64_t id, unsigned kinds)
{
	if (!im->writing || !im->s || !id || !kinds || oruk_imp_stop(im))
		return;
	size_t n_binds = 0;
	const char *sql = children_sql(im, parent, &n_binds);
	store_stmt *st = NULL;
	sn_err rc = store_prepare(im->s, sql, &st);
	for (size_t i = 0; i < n_binds && !rc; i++)
		rc = store_bind_i64(st, (int)i + 1, id);
	/* The rows to delete, gathered first: not while the query is open. */
	struct gone {
		oruk_kind k;
		int64_t id;
	} *gone = NULL;
	size_t n = 0, cap = 0;
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t k = store_col_i64(st, 0);
		if (k < 0 || k >= ORUK_N_KINDS || !(kinds & ORUK_KIND_BIT(k)) ||
		    oruk_idmap_get(&im->seen[k], store_col_text(st, 2), NULL) ||
		    oruk_idmap_get(&im->kept[k], store_col_text(st, 2), NULL))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			gone = xrealloc(gone, cap * sizeof *gone);
		}
		gone[n++] = (struct gone){(oruk_kind)k, store_col_i64(st, 1)};
	}
	store_done(st);
	for (size_t i = 0; i < n && !rc; i++) {
		oruk_kind k = gone[i].k;
		if (!im->del_sql[k]) {
			buf b;
			buf_init(&b, 256);
			buf_printf(&b, "DELETE FROM %s WHERE id = ?", oruk_kinds[k].table);
			im->del_sql[k] = b.data;
		}
		rc = store_run(im->s, im->del_sql[k], "i", gone[i].id);
		if (!rc)
			im->rep->removed++;
	}
	free(gone);
	if (rc)
		oruk_fail(im, rc, "cannot delete what the input no longer lists: %s",
		          store_errmsg(im->s));
}

void oruk_imp_index(oruk_imp *im, int64_t service_id)
{
	if (!im->writing || !service_id)
		return;
	/* The locality (ours, not ORUK's) from the postcode of its first
	 * address, when the postcode is known here and it has none yet. */
	sn_err rc = store_run(im->s, "UPDATE dir_services SET locality_id = (SELECT p.locality_id FROM "
			      "dir_service_at_locations sl JOIN dir_addresses a ON a.location_id = sl.location_id "
			      "JOIN postcodes p ON p.postcode = upper(a.postal_code) WHERE sl.service_id = "
			      "dir_services.id ORDER BY sl.id, a.id LIMIT 1) WHERE id = ? AND locality_id IS NULL",
			      "i", service_id);
	if (rc) {
		oruk_fail(im, rc, "cannot set a service's locality: %s", store_errmsg(im->s));
		return;
	}
	/* Its history, with the locality set. */
	if ((rc = version_after(im, service_id))) {
		oruk_fail(im, rc, "cannot record a service's history: %s", store_errmsg(im->s));
		return;
	}
	/* One by one while few (each rewrites a chunk of every list its
	 * words are in); past that, the word index is built again in one
	 * pass at the end (dir_index.c). */
	if (!im->bulk && ++im->indexed > ORUK_INDEX_ONE_BY_ONE) {
		im->bulk = true;
		rc = search_index_bulk(im->s);
	}
	if (!rc)
		rc = search_index_service(im->s, service_id);
	if (rc)
		oruk_fail(im, rc, "cannot index a service: %s", store_errmsg(im->s));
}

/* ---- the import as a whole ---- */

sn_err oruk_imp_begin(oruk_imp *im, store *s, const oruk_import_opts *o, oruk_import_report *rep,
                      bool csv)
{
	static const oruk_import_opts none;
	memset(im, 0, sizeof *im);
	memset(rep, 0, sizeof *rep);
	im->o = o ? o : &none;
	im->s = s;
	im->rep = rep;
	im->csv = csv;
	im->writing = !im->o->dry_run;
	im->lenient = !im->o->strict;
	im->cur_kind = "";
	int64_t t = time_now();
	char iso[21];
	time_iso8601(t, iso);
	snprintf(im->now, sizeof im->now, "%.19s.000Z", iso);
	/* Six months on, the same day of the month (or the month's last). */
	sched_date d = {0, 0, 0};
	sched_parse_date(
	    (char[11]){iso[0], iso[1], iso[2], iso[3], '-', iso[5], iso[6], '-', iso[8], iso[9], 0},
	    &d);
	d.m += 6;
	if (d.m > 12) {
		d.m -= 12;
		d.y++;
	}
	if (d.d > sched_days_in_month(d.y, d.m))
		d.d = sched_days_in_month(d.y, d.m);
	sched_format_date(d, im->due);
	if (!s && im->writing) {
		snprintf(rep->error, sizeof rep->error, "no database to import into");
		return SN_EINTERNAL;
	}
	if (im->writing) {
		sn_err rc = store_begin_write(s);
		if (!rc)
			rc = store_one_i64(s, &im->services_before,
			                   "SELECT count(*) FROM dir_services", "");
		if (rc) {
			snprintf(rep->error, sizeof rep->error, "cannot start the import: %s",
			         store_errmsg(s));
			store_rollback(s);
			return rc;
		}
	}
	return SN_OK;
}

static void imp_free(oruk_imp *im)
{
	for (int k = 0; k < ORUK_N_KINDS; k++) {
		oruk_idmap_free(&im->seen[k]);
		oruk_idmap_free(&im->kept[k]);
		free(im->sql[k]);
		im->sql[k] = NULL;
		free(im->del_sql[k]);
		im->del_sql[k] = NULL;
	}
	for (int p = 0; p < ORUK_N_PARENTS; p++) {
		free(im->child_sql[p]);
		im->child_sql[p] = NULL;
	}
	free(im->parents);
	im->parents = NULL;
	free(im->journal);
	im->journal = NULL;
	free(im->warned);
	im->warned = NULL;
}

sn_err oruk_imp_end(oruk_imp *im)
{
	/* Terms' parents, now that every term of the import is written. */
	for (size_t i = 0; i < im->n_parents && im->writing; i++) {
		int64_t pid = 0;
		if (strcmp(im->parents[i][0], im->parents[i][1]) == 0 ||
		    !oruk_imp_find(im, ORUK_TERMS, im->parents[i][1], &pid))
			continue; /* a parent the feed leaves out: the term stays top-level */
		sn_err rc =
		    store_run(im->s, "UPDATE dir_taxonomy_terms SET parent_id = ? WHERE uuid = ?",
		              "it", pid, im->parents[i][0]);
		if (rc)
			oruk_fail(im, rc, "cannot write a term's parent: %s", store_errmsg(im->s));
	}
	sn_err result = im->fatal;
	if (!result && !im->lenient && im->rep->n_errors)
		result = SN_EINPUT;
	/* Record by record: refused only when there were records and none
	 * could be used. */
	if (!result && im->lenient && im->rep->records_skipped && !im->rep->records)
		result = SN_EINPUT;
	if (im->o->dry_run || !im->s) {
		imp_free(im);
		return result;
	}
	if (result) {
		store_rollback(im->s);
		imp_free(im);
		return result;
	}
	int64_t after = 0;
	sn_err rc = im->bulk ? search_index_rebuild(im->s, NULL, NULL) : SN_OK;
	if (!rc)
		rc = store_one_i64(im->s, &after, "SELECT count(*) FROM dir_services", "");
	if (!rc)
		rc = store_commit(im->s);
	if (rc) {
		snprintf(im->rep->error, sizeof im->rep->error, "cannot commit the import: %s",
		         store_errmsg(im->s));
		store_rollback(im->s);
		imp_free(im);
		return rc;
	}
	im->rep->services_new = after - im->services_before;
	im->rep->changed = true;
	imp_free(im);
	return SN_OK;
}

