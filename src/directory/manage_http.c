/* Keeping the directory current, as pages: partners edit their
 * organisation's entries (each change waits for a moderator), moderators
 * see a field-by-field difference and approve or reject with a reason,
 * every service has its version history with restore, and anyone who
 * manages an entry can say it is still correct. See docs/directory.md,
 * "Editing and moderation". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../access/access_http.h"
#include "dir_edit.h"
#include "directory.h"
#include "hours/hours.h"

static bool is_mod(const req *r)
{
	return r->user && (r->user->roles & (R_MODERATOR | R_ADMIN));
}

static const char *acting_role(const req *r)
{
	return (r->user->roles & R_MODERATOR) ? "moderator" : (r->user->roles & R_ADMIN) ? "admin" : "partner";
}

static dir_actor actor_of(const req *r)
{
	return (dir_actor){r->user->uuid, r->user->name};
}

static sn_err audit(req *r, const char *action, const char *record, const char *reason)
{
	audit_entry e = {r->user->uuid, acting_role(r), action, record, reason ? reason : ""};
	return audit_append(r->db, &e);
}

/* Moderators and admins manage every entry; partner staff their own
 * organisation's (dir_org_members). */
static sn_err may_manage(req *r, int64_t org, bool *ok)
{
	*ok = is_mod(r);
	if (*ok || !(r->user->roles & R_PARTNER))
		return SN_OK;
	int64_t n = 0;
	sn_err rc = store_one_i64(r->db, &n, "SELECT count(*) FROM dir_org_members WHERE organization_id = ? "
				  "AND user_id = ?", "ii", org, r->user->id);
	*ok = n > 0;
	return rc;
}

bool manage_may_edit(req *r, int64_t sid)
{
	if (!r->user || !(r->user->roles & (R_PARTNER | R_MODERATOR | R_ADMIN)))
		return false;
	int64_t org = 0;
	bool ok = false;
	return !store_one_i64(r->db, &org, "SELECT organization_id FROM dir_services WHERE id = ?", "i", sid) &&
	       org && !may_manage(r, org, &ok) && ok;
}

typedef struct {
	int64_t id, org;
	const char *uuid, *name, *org_name, *org_uuid, *moderation;
} svc_info;

/* Any service that is not merged away, by uuid; SN_ENOTFOUND otherwise. */
static sn_err find_service_row(req *r, const char *uuid, svc_info *out)
{
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc = store_query(r->db, &st, "SELECT s.id, s.organization_id, s.uuid, s.name, o.name, o.uuid, "
				"s.moderation FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "
				"WHERE s.uuid = ? AND s.merged_into IS NULL", "t", uuid);
	if (!rc && !(rc = store_step(st, &row)) && row)
		*out = (svc_info){store_col_i64(st, 0), store_col_i64(st, 1),
				  arena_strdup(r->a, store_col_text(st, 2)), arena_strdup(r->a, store_col_text(st, 3)),
				  arena_strdup(r->a, store_col_text(st, 4)), arena_strdup(r->a, store_col_text(st, 5)),
				  arena_strdup(r->a, store_col_text(st, 6))};
	store_done(st);
	return rc ? rc : row ? SN_OK : SN_ENOTFOUND;
}

/* The service named by the path, if this user manages it; otherwise the
 * reply is made (404 or 403) and *done is set. */
static sn_err managed_service(req *r, reply *out, svc_info *si, bool *done)
{
	*done = true;
	sn_err rc = find_service_row(r, req_get(r, "id"), si);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such service in the directory.");
	bool ok = false;
	if (!rc)
		rc = may_manage(r, si->org, &ok);
	if (rc)
		return rc;
	if (!ok)
		return reply_error(r, out, 403, "You can only change your own organisation's entries.");
	*done = false;
	return SN_OK;
}

/* ---- the form ---- */

static const char *const when_values[] = {"weekly", "1", "2", "3", "4", "-1"};
static const char *const when_labels[] = {"Every week", "First of the month", "Second of the month",
					  "Third of the month", "Fourth of the month", "Last of the month"};

/* "9:30", "09.30", "9" -> "09:30", "09:00"; anything else is kept as typed
 * (and refused by the check). */
static const char *clock_text(req *r, const char *in)
{
	int h = 0, m = 0, n = 0;
	char sep = 0;
	if (sscanf(in, "%2d%n", &h, &n) == 1 && in[n] == 0 && isdigit((unsigned char)in[0]) && h < 24)
		return arena_printf(r->a, "%02d:00", h);
	if (sscanf(in, "%2d%c%2d%n", &h, &sep, &m, &n) == 3 && in[n] == 0 && (sep == ':' || sep == '.') &&
	    isdigit((unsigned char)in[0]) && h < 24 && m < 60 && strlen(in) - (size_t)n == 0 &&
	    isdigit((unsigned char)in[n - 1]) && isdigit((unsigned char)in[n - 2]))
		return arena_printf(r->a, "%02d:%02d", h, m);
	return in;
}

static json_t *details_from_form(req *r)
{
	json_t *d = dir_details_empty();
	for (size_t i = 0; i < dir_n_fields; i++)
		json_object_set_new(d, dir_fields[i].key, json_string(req_form(r, dir_fields[i].key)));
	if (!*req_form(r, "status"))
		json_object_set_new(d, "status", json_string(""));
	json_t *terms = json_object_get(d, "terms");
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].name, "terms") == 0 && json_array_size(terms) < 32)
			json_array_append_new(terms, json_string(r->form.items[i].value));
	json_t *sessions = json_object_get(d, "sessions");
	for (int i = 1; i <= DIR_SESSIONS_MAX; i++) {
		const char *when = req_form(r, arena_printf(r->a, "s%d_when", i));
		const char *day = req_form(r, arena_printf(r->a, "s%d_day", i));
		const char *opens = req_form(r, arena_printf(r->a, "s%d_opens", i));
		const char *closes = req_form(r, arena_printf(r->a, "s%d_closes", i));
		if (!*day && !*opens && !*closes)
			continue;
		json_array_append_new(sessions, json_pack("{s:s, s:s, s:s, s:s}", "when", *when ? when : "weekly",
							  "day", day, "opens", clock_text(r, opens), "closes",
							  clock_text(r, closes)));
	}
	/* The times the form cannot edit stay as the form showed them. */
	return d;
}

static const char *field_error(const req *r, const char *key)
{
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (strcmp(json_string_value(json_object_get(e, "field")), key) == 0)
			return json_string_value(json_object_get(e, "message"));
	return NULL;
}

static const char *const hints[][2] = {
	{"description", "In plain English: what happens, and what someone gets from it."},
	{"url", "Starting https://"},
	{"cost", "In pounds, like 3.50. Leave it empty if it is free."},
	{"eligibility", "For example: over 60s, carers, people living with dementia."},
	{"minimum_age", "Leave empty if there is no lower age limit."},
	{"maximum_age", "Leave empty if there is no upper age limit."},
	{"transportation", "Buses, parking, the nearest station."},
};

static json_t *field_view(req *r, const json_t *d, size_t i)
{
	const dir_field *f = &dir_fields[i];
	const char *hint = NULL;
	for (size_t h = 0; h < SN_ARRAY_LEN(hints); h++)
		if (strcmp(hints[h][0], f->key) == 0)
			hint = hints[h][1];
	const char *err = field_error(r, f->key);
	const char *described = arena_printf(r->a, "%s%s%s", hint ? arena_printf(r->a, "%s-hint", f->key) : "",
					     hint && err ? " " : "", err ? arena_printf(r->a, "%s-error", f->key) : "");
	bool age = str_starts(f->key, "minimum_age") || str_starts(f->key, "maximum_age");
	bool narrow = age || strcmp(f->key, "postcode") == 0 || strcmp(f->key, "cost") == 0;
	const char *type = strcmp(f->key, "email") == 0 ? "email" : strcmp(f->key, "url") == 0 ? "url"
			   : strcmp(f->key, "phone") == 0 ? "tel" : "text";
	json_t *v = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:b}", "key", f->key, "label", f->label,
			      "value", json_string_value(json_object_get(d, f->key)) ?: "", "textarea", f->max >= 1000,
			      "type", type, "width", age ? "govuk-input--width-3" : narrow ? "govuk-input--width-10" : "",
			      "pounds", strcmp(f->key, "cost") == 0);
	if (hint)
		json_object_set_new(v, "hint", json_string(hint));
	if (err)
		json_object_set_new(v, "error", json_string(err));
	if (*described)
		json_object_set_new(v, "described", json_string(described));
	if (age)
		json_object_set_new(v, "numeric", json_true());
	return v;
}

static json_t *section(req *r, const json_t *d, const char *heading, size_t from, size_t to)
{
	json_t *fields = json_array();
	for (size_t i = from; i < to; i++)
		if (strcmp(dir_fields[i].key, "status") != 0)
			json_array_append_new(fields, field_view(r, d, i));
	return json_pack("{s:s, s:o}", "heading", heading, "fields", fields);
}

static size_t field_index(const char *key)
{
	for (size_t i = 0; i < dir_n_fields; i++)
		if (strcmp(dir_fields[i].key, key) == 0)
			return i;
	return dir_n_fields;
}

static json_t *edit_view(req *r, const json_t *d)
{
	json_t *v = json_object();
	json_t *sections = json_array();
	json_t *about = section(r, d, "About the service", 0, field_index("url"));
	json_object_set_new(about, "with_status_terms", json_true());
	json_array_append_new(sections, about);
	json_array_append_new(sections, section(r, d, "Contact", field_index("url"), field_index("cost")));
	json_array_append_new(sections, section(r, d, "Cost and who it is for", field_index("cost"),
						field_index("location_name")));
	json_t *place = section(r, d, "Where", field_index("location_name"), dir_n_fields);
	json_object_set_new(place, "place_hint", json_true());
	json_array_append_new(sections, place);
	json_object_set_new(v, "sections", sections);
	/* Running or not. */
	static const char *const st_labels[] = {"Running", "Temporarily closed", "Not running at the moment",
						"Closed for good"};
	static const char *const st_values[] = {"active", "temporarily closed", "inactive", "defunct"};
	json_t *statuses = json_array();
	const char *status = json_string_value(json_object_get(d, "status")) ?: "";
	for (size_t i = 0; i < 4; i++)
		json_array_append_new(statuses, json_pack("{s:s, s:s, s:s, s:b}", "id", i ? arena_printf(r->a,
			"status-%zu", i) : "status", "value", st_values[i], "label", st_labels[i], "checked",
			strcmp(status, st_values[i]) == 0));
	json_object_set_new(v, "statuses", statuses);
	if (field_error(r, "status"))
		json_object_set_new(v, "status_error", json_string(field_error(r, "status")));
	/* Kinds of help. */
	json_t *terms = json_array(), *chosen = json_object_get(d, "terms");
	store_stmt *st = NULL;
	bool row = false;
	if (!store_query(r->db, &st, "SELECT code, name FROM dir_taxonomy_terms WHERE code IS NOT NULL "
			 "ORDER BY name", "")) {
		size_t n = 0;
		while (!store_step(st, &row) && row) {
			bool on = false;
			size_t i;
			json_t *t;
			json_array_foreach(chosen, i, t)
				on = on || strcmp(json_string_value(t) ?: "", store_col_text(st, 0)) == 0;
			json_array_append_new(terms, json_pack("{s:s, s:s, s:s, s:b}", "id", n ? arena_printf(r->a,
				"terms-%zu", n) : "terms", "value", store_col_text(st, 0), "label",
				store_col_text(st, 1), "checked", on));
			n++;
		}
		store_done(st);
	}
	json_object_set_new(v, "terms", terms);
	if (field_error(r, "terms"))
		json_object_set_new(v, "terms_error", json_string(field_error(r, "terms")));
	/* Opening times: the ones there are, then empty rows (two at least). */
	json_t *rows = json_array(), *sessions = json_object_get(d, "sessions");
	size_t n_rows = json_array_size(sessions) + 2;
	if (n_rows < 3)
		n_rows = 3;
	if (n_rows > DIR_SESSIONS_MAX)
		n_rows = DIR_SESSIONS_MAX;
	for (size_t i = 0; i < n_rows; i++) {
		json_t *x = json_array_get(sessions, i);
		const char *when = x ? json_string_value(json_object_get(x, "when")) : "weekly";
		const char *day = x ? json_string_value(json_object_get(x, "day")) : "";
		json_t *whens = json_array(), *days = json_array();
		for (size_t w = 0; w < SN_ARRAY_LEN(when_values); w++)
			json_array_append_new(whens, json_pack("{s:s, s:s, s:b}", "value", when_values[w], "label",
				when_labels[w], "selected", str_eq(when, when_values[w])));
		for (size_t k = 0; k < 7; k++)
			json_array_append_new(days, json_pack("{s:s, s:s, s:b}", "value", sched_day_codes[k], "label",
				sched_day_names[k], "selected", str_eq(day, sched_day_codes[k])));
		json_t *row_v = json_pack("{s:I, s:o, s:o, s:s, s:s}", "n", (json_int_t)(i + 1), "whens", whens,
					  "days", days, "opens", x ? json_string_value(json_object_get(x, "opens")) : "",
					  "closes", x ? json_string_value(json_object_get(x, "closes")) : "");
		static const char *const parts[] = {"day", "opens", "closes"};
		for (size_t p = 0; p < 3; p++) {
			const char *e = field_error(r, arena_printf(r->a, "s%zu_%s", i + 1, parts[p]));
			if (e) {
				json_object_set_new(row_v, "error", json_string(e));
				json_object_set_new(row_v, "error_id", json_string(arena_printf(r->a, "s%zu_%s", i + 1,
												parts[p])));
			}
		}
		json_array_append_new(rows, row_v);
	}
	json_object_set_new(v, "sessions", rows);
	json_object_set(v, "other_times", json_object_get(d, "other_times"));
	json_object_set_new(v, "has_other_times",
			    json_boolean(json_array_size(json_object_get(d, "other_times")) > 0));
	return v;
}

/* The edit page for a service (si) or a new one (org, si NULL). */
static sn_err edit_page(req *r, reply *out, int status, const svc_info *si, const char *org_uuid,
			const char *org_name, const json_t *d, const json_t *pending)
{
	json_t *v = edit_view(r, d);
	json_object_set_new(v, "moderator", json_boolean(is_mod(r)));
	json_object_set_new(v, "org_name", json_string(org_name));
	json_object_set_new(v, "note", json_string(req_form(r, "note")));
	if (si) {
		json_object_set_new(v, "uuid", json_string(si->uuid));
		json_object_set_new(v, "name", json_string(si->name));
		json_object_set_new(v, "action", json_string(arena_printf(r->a, "/directory/services/%s/edit", si->uuid)));
	} else {
		json_object_set_new(v, "new", json_true());
		json_object_set_new(v, "action", json_string(arena_printf(r->a, "/directory/organizations/%s/services/new",
									  org_uuid)));
	}
	if (pending)
		json_object_set(v, "pending", (json_t *)pending);
	return reply_page(out, status, "directory/edit", si ? "Change a directory entry" : "Add a service", v);
}

/* The proposal waiting for a service: {uuid, submitted, by}, or NULL. */
static json_t *pending_of(req *r, int64_t sid, json_t **details)
{
	store_stmt *st = NULL;
	bool row = false;
	json_t *p = NULL;
	if (details)
		*details = NULL;
	if (!store_query(r->db, &st, "SELECT c.uuid, c.submitted_at, u.name, c.details FROM dir_changes c "
			 "JOIN users u ON u.id = c.submitted_by WHERE c.service_id = ? AND c.status = 'pending'",
			 "i", sid) && !store_step(st, &row) && row) {
		p = json_pack("{s:s, s:s, s:s}", "uuid", store_col_text(st, 0), "submitted",
			      time_uk_when(r->a, store_col_text(st, 1)), "by", store_col_text(st, 2));
		if (details)
			*details = json_loads(store_col_text(st, 3), 0, NULL);
	}
	store_done(st);
	return p;
}

sn_err manage_edit_form(req *r, reply *out)
{
	svc_info si;
	bool done;
	sn_err rc = managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	rc = access_ensure_csrf(r);
	json_t *d = NULL, *proposed = NULL;
	json_t *pending = pending_of(r, si.id, &proposed);
	if (!rc)
		rc = dir_details_load(r->db, si.id, &d);
	if (rc) {
		json_decref(pending);
		json_decref(proposed);
		return rc;
	}
	/* A partner carries on from what they sent; a moderator edits the entry. */
	if (proposed && !is_mod(r)) {
		json_decref(d);
		d = proposed;
		proposed = NULL;
	}
	rc = edit_page(r, out, 200, &si, si.org_uuid, si.org_name, d, pending);
	json_decref(d);
	json_decref(proposed);
	json_decref(pending);
	return rc;
}

/* The checked details from the form; on problems the form again (400). */
static sn_err checked_form(req *r, reply *out, const svc_info *si, const char *org_uuid,
			   const char *org_name, json_t **d, bool *done)
{
	*done = false;
	*d = details_from_form(r);
	/* What the form cannot edit is kept from the entry. */
	if (si) {
		json_t *cur = NULL;
		sn_err rc = dir_details_load(r->db, si->id, &cur);
		if (rc) {
			json_decref(*d);
			return rc;
		}
		json_object_set(*d, "other_times", json_object_get(cur, "other_times"));
		json_decref(cur);
	}
	json_t *errors = json_array();
	sn_err rc = dir_details_check(r->db, *d, errors);
	if (strlen(req_form(r, "note")) > 1000)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field", "note", "message",
							"The note must be 1,000 characters or fewer")), rc = SN_EINPUT;
	if (rc == SN_EINPUT) {
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e)
			req_add_error(r, json_string_value(json_object_get(e, "field")),
				  json_string_value(json_object_get(e, "message")));
		json_decref(errors);
		*done = true;
		rc = edit_page(r, out, 400, si, org_uuid, org_name, *d, NULL);
		json_decref(*d);
		*d = NULL;
		return rc;
	}
	json_decref(errors);
	if (rc) {
		json_decref(*d);
		*d = NULL;
	}
	return rc;
}

/* Saves details d (taken) for service si: a moderator's change is
 * published at once as a new version ("edited", or "restored" for kind
 * "restore"); a partner's is a proposal of that kind. Then to the history
 * or to the proposal. */
static sn_err save_details(req *r, reply *out, const svc_info *si, json_t *d, const char *kind, const char *note)
{
	char now[21], change[37];
	time_iso8601(time_now(), now);
	dir_actor who = actor_of(r);
	bool restore = strcmp(kind, "restore") == 0;
	const char *record = arena_printf(r->a, "service:%s", si->uuid);
	sn_err rc = store_begin_write(r->db);
	if (!rc && is_mod(r)) {
		rc = dir_service_update(r->db, si->id, d, restore ? "restored" : "edited", &who, note, now);
		if (!rc)
			rc = audit(r, restore ? "directory.service_restore" : "directory.service_edit", record, note);
	} else if (!rc) {
		rc = dir_change_submit(r->db, si->org, si->id, kind, d, note, r->user->id, now, change);
		if (!rc)
			rc = audit(r, "directory.change_submit", record, arena_printf(r->a, "change:%s", change));
	}
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	json_decref(d);
	if (rc)
		return rc;
	return reply_redirect(out, is_mod(r) ? arena_printf(r->a, "/directory/services/%s/history", si->uuid)
					     : arena_printf(r->a, "/directory/changes/%s", change));
}

sn_err manage_edit_save(req *r, reply *out)
{
	svc_info si;
	bool done;
	sn_err rc = managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	json_t *d = NULL;
	rc = checked_form(r, out, &si, si.org_uuid, si.org_name, &d, &done);
	if (rc || done)
		return rc;
	return save_details(r, out, &si, d, "edit", req_form(r, "note"));
}

/* ---- a new service ---- */

static sn_err managed_org(req *r, reply *out, int64_t *org, const char **name, bool *done)
{
	*done = true;
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc = store_query(r->db, &st, "SELECT id, name FROM dir_organizations WHERE uuid = ?", "t",
				req_get(r, "id"));
	if (!rc && !(rc = store_step(st, &row)) && row) {
		*org = store_col_i64(st, 0);
		*name = arena_strdup(r->a, store_col_text(st, 1));
	}
	store_done(st);
	if (!rc && !row)
		return reply_error(r, out, 404, "There is no such organisation in the directory.");
	bool ok = false;
	if (!rc)
		rc = may_manage(r, *org, &ok);
	if (!rc && !ok)
		return reply_error(r, out, 403, "You can only add services for your own organisation.");
	*done = rc != SN_OK;
	return rc;
}

sn_err manage_new_form(req *r, reply *out)
{
	int64_t org = 0;
	const char *name = "";
	bool done;
	sn_err rc = managed_org(r, out, &org, &name, &done);
	if (rc || done)
		return rc;
	if ((rc = access_ensure_csrf(r)))
		return rc;
	json_t *d = dir_details_empty();
	rc = edit_page(r, out, 200, NULL, req_get(r, "id"), name, d, NULL);
	json_decref(d);
	return rc;
}

sn_err manage_new_save(req *r, reply *out)
{
	int64_t org = 0;
	const char *name = "";
	bool done;
	sn_err rc = managed_org(r, out, &org, &name, &done);
	if (rc || done)
		return rc;
	json_t *d = NULL;
	rc = checked_form(r, out, NULL, req_get(r, "id"), name, &d, &done);
	if (rc || done)
		return rc;
	char now[21], uuid[37];
	time_iso8601(time_now(), now);
	dir_actor who = actor_of(r);
	const char *note = req_form(r, "note");
	int64_t sid = 0;
	rc = store_begin_write(r->db);
	if (!rc && is_mod(r)) {
		rc = dir_service_create(r->db, org, d, &who, note, now, &sid, uuid);
		if (!rc)
			rc = audit(r, "directory.service_create", arena_printf(r->a, "service:%s", uuid), note);
	} else if (!rc) {
		rc = dir_change_submit(r->db, org, 0, "new", d, note, r->user->id, now, uuid);
		if (!rc)
			rc = audit(r, "directory.change_submit", arena_printf(r->a, "organization:%s",
				   req_get(r, "id")), arena_printf(r->a, "change:%s", uuid));
	}
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	json_decref(d);
	if (rc)
		return rc;
	return reply_redirect(out, is_mod(r) ? arena_printf(r->a, "/directory/services/%s/history", uuid)
					     : arena_printf(r->a, "/directory/changes/%s", uuid));
}

/* ---- a proposal ---- */

typedef struct {
	int64_t id, org, sid, base, by;
	const char *uuid, *kind, *status, *note, *reason, *submitted, *by_name, *decided, *decider, *org_name;
	json_t *details;
} change_row;

static sn_err load_change(req *r, const char *uuid, change_row *c)
{
	store_stmt *st = NULL;
	bool row = false;
	memset(c, 0, sizeof *c);
	sn_err rc = store_query(r->db, &st,
		"SELECT c.id, c.organization_id, c.service_id, coalesce(c.base_version, 0), c.submitted_by, c.uuid, "
		"c.kind, c.status, c.note, c.reason, c.submitted_at, u.name, coalesce(c.decided_at, ''), "
		"coalesce(m.name, ''), o.name, c.details FROM dir_changes c JOIN users u ON u.id = c.submitted_by "
		"LEFT JOIN users m ON m.id = c.decided_by JOIN dir_organizations o ON o.id = c.organization_id "
		"WHERE c.uuid = ?", "t", uuid);
	if (!rc && !(rc = store_step(st, &row)) && row) {
		c->id = store_col_i64(st, 0);
		c->org = store_col_i64(st, 1);
		c->sid = store_col_null(st, 2) ? 0 : store_col_i64(st, 2);
		c->base = store_col_i64(st, 3);
		c->by = store_col_i64(st, 4);
		const char **texts[] = {&c->uuid, &c->kind, &c->status, &c->note, &c->reason, &c->submitted,
					&c->by_name, &c->decided, &c->decider, &c->org_name};
		for (int i = 0; i < 10; i++)
			*texts[i] = arena_strdup(r->a, store_col_text(st, 5 + i));
		c->details = json_loads(store_col_text(st, 15), 0, NULL);
	}
	store_done(st);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc && !c->details)
		rc = SN_EINTERNAL;
	return rc;
}

static sn_err change_access(req *r, reply *out, change_row *c, bool *done)
{
	*done = true;
	sn_err rc = load_change(r, req_get(r, "id"), c);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such change.");
	bool ok = false;
	if (!rc)
		rc = may_manage(r, c->org, &ok);
	if (rc) {
		json_decref(c->details);
		return rc;
	}
	if (!ok) {
		json_decref(c->details);
		return reply_error(r, out, 403, "You can only see changes to your own organisation's entries.");
	}
	*done = false;
	return SN_OK;
}

static const char *status_words(const char *s)
{
	return strcmp(s, "pending") == 0 ? "Waiting for a moderator" : strcmp(s, "approved") == 0 ? "Approved"
	       : strcmp(s, "rejected") == 0 ? "Not approved" : "Withdrawn";
}

static sn_err change_page(req *r, reply *out, int status, change_row *c)
{
	json_t *current = NULL;
	sn_err rc = SN_OK;
	int64_t latest = 0;
	const char *name = "", *suuid = "";
	if (c->sid) {
		store_stmt *st = NULL;
		bool row = false;
		rc = store_query(r->db, &st, "SELECT uuid, name FROM dir_services WHERE id = ?", "i", c->sid);
		if (!rc && !(rc = store_step(st, &row)) && row) {
			suuid = arena_strdup(r->a, store_col_text(st, 0));
			name = arena_strdup(r->a, store_col_text(st, 1));
		}
		store_done(st);
		if (!rc)
			rc = dir_details_load(r->db, c->sid, &current);
		if (!rc)
			rc = dir_version_latest(r->db, c->sid, &latest);
	} else {
		current = dir_details_empty();
		json_object_set_new(current, "status", json_string(""));
		name = json_string_value(json_object_get(c->details, "name")) ?: "";
	}
	if (rc) {
		json_decref(current);
		return rc;
	}
	/* The difference a decision would make now; once decided, what was asked. */
	json_t *diff = dir_details_diff(r->db, current, c->details);
	json_decref(current);
	bool pending = strcmp(c->status, "pending") == 0;
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:b, s:s, s:s}", "uuid", c->uuid,
			      "name", name, "service_uuid", suuid, "org_name", c->org_name, "kind_words",
			      strcmp(c->kind, "new") == 0 ? "A new service"
			      : strcmp(c->kind, "restore") == 0 ? "Restore an earlier version" : "Changes to an entry",
			      "submitted", time_uk_when(r->a, c->submitted), "by", c->by_name, "diff", diff, "pending", pending,
			      "moderator", is_mod(r), "no_diff", json_array_size(diff) == 0, "status_words",
			      status_words(c->status), "status", c->status);
	json_object_set_new(v, "after_word", json_string(pending ? "Proposed" : "Asked for"));
	if (*c->note)
		json_object_set_new(v, "note", json_string(c->note));
	if (!pending)
		json_object_set_new(v, "decided", json_pack("{s:s, s:s, s:s}", "when", time_uk_when(r->a, c->decided),
							      "by", c->decider, "reason", c->reason));
	/* Out of date: the entry's details now differ from those the partner
	 * started from (version 1 is the entry as it was before any history). */
	json_t *base = NULL, *now_d = NULL;
	if (pending && c->sid && latest > (c->base ? c->base : 1) &&
	    !dir_version_details(r->db, c->sid, c->base ? c->base : 1, &base) &&
	    !dir_details_load(r->db, c->sid, &now_d) && !json_equal(base, now_d))
		json_object_set_new(v, "stale", json_pack("{s:I, s:I}", "base", (json_int_t)(c->base ? c->base : 1),
							  "latest", (json_int_t)latest));
	json_decref(base);
	json_decref(now_d);
	json_object_set_new(v, "reason", json_string(req_form(r, "reason")));
	return reply_page(out, status, "directory/change", "A change to the directory", v);
}

sn_err manage_change(req *r, reply *out)
{
	change_row c;
	bool done;
	sn_err rc = change_access(r, out, &c, &done);
	if (rc || done)
		return rc;
	rc = access_ensure_csrf(r);
	if (!rc)
		rc = change_page(r, out, 200, &c);
	json_decref(c.details);
	return rc;
}

sn_err manage_change_decide(req *r, reply *out)
{
	change_row c;
	bool done;
	sn_err rc = change_access(r, out, &c, &done);
	if (rc || done)
		return rc;
	const char *decision = req_get(r, "decision");
	const char *reason = req_form(r, "reason");
	bool approve = strcmp(decision, "approve") == 0;
	if (strcmp(c.status, "pending") != 0) {
		json_decref(c.details);
		return reply_error(r, out, 409, "This change has already been decided.");
	}
	if (!approve && strlen(reason) < 3)
		req_add_error(r, "reason", "Say why the change is not approved, so the partner can put it right");
	if (strlen(reason) > 1000)
		req_add_error(r, "reason", "The reason must be 1,000 characters or fewer");
	if (r->errors) {
		rc = change_page(r, out, 400, &c);
		json_decref(c.details);
		return rc;
	}
	/* Re-check what was proposed against today's taxonomy and postcodes. */
	json_t *errors = json_array();
	if (approve && dir_details_check(r->db, c.details, errors) == SN_EINPUT) {
		json_decref(errors);
		json_decref(c.details);
		return reply_error(r, out, 409, "This change no longer passes the checks (a postcode or kind of help "
					       "it uses has gone). Reject it with a reason.");
	}
	json_decref(errors);
	char now[21];
	time_iso8601(time_now(), now);
	dir_actor who = actor_of(r);
	int64_t sid = 0;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = approve ? dir_change_approve(r->db, c.id, &who, r->user->id, reason, now, &sid)
			     : dir_change_reject(r->db, c.id, r->user->id, reason, now);
	if (!rc)
		rc = audit(r, approve ? "directory.change_approve" : "directory.change_reject",
			   arena_printf(r->a, "change:%s", c.uuid), reason);
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	json_decref(c.details);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "This change has already been decided.");
	return rc ? rc : reply_redirect(out, "/moderation/changes");
}

sn_err manage_change_withdraw(req *r, reply *out)
{
	change_row c;
	bool done;
	sn_err rc = change_access(r, out, &c, &done);
	if (rc || done)
		return rc;
	json_decref(c.details);
	char now[21];
	time_iso8601(time_now(), now);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = store_run(r->db, "UPDATE dir_changes SET status = 'withdrawn', decided_by = ?, decided_at = ? "
			       "WHERE id = ? AND status = 'pending'", "iti", r->user->id, now, c.id);
	if (!rc && store_changes(r->db) != 1) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This change has already been decided.");
	}
	if (!rc)
		rc = audit(r, "directory.change_withdraw", arena_printf(r->a, "change:%s", c.uuid), "");
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	return rc ? rc : reply_redirect(out, "/partner");
}

/* ---- the moderators' queue ---- */

sn_err manage_queue(req *r, reply *out)
{
	json_t *list = json_array();
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc = store_query(r->db, &st,
		"SELECT c.uuid, c.kind, coalesce(s.name, ''), o.name, u.name, c.submitted_at, c.details FROM dir_changes c "
		"JOIN dir_organizations o ON o.id = c.organization_id JOIN users u ON u.id = c.submitted_by "
		"LEFT JOIN dir_services s ON s.id = c.service_id WHERE c.status = 'pending' "
		"ORDER BY c.submitted_at, c.id LIMIT 500", "");
	while (!rc && !(rc = store_step(st, &row)) && row) {
		const char *kind = store_col_text(st, 1);
		/* A new service has no name yet but the one proposed. */
		json_t *d = *store_col_text(st, 2) ? NULL : json_loads(store_col_text(st, 6), 0, NULL);
		const char *name = d ? json_string_value(json_object_get(d, "name")) : store_col_text(st, 2);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s}", "uuid", store_col_text(st, 0),
			"what", strcmp(kind, "new") == 0 ? "New service" : strcmp(kind, "restore") == 0
				? "Restore a version" : "Changes",
			"service", name ? name : "", "organization",
			store_col_text(st, 3), "by", arena_printf(r->a, "%s, %s", store_col_text(st, 4),
								  time_uk_when(r->a, store_col_text(st, 5)))));
		json_decref(d);
	}
	store_done(st);
	if (rc) {
		json_decref(list);
		return rc;
	}
	return reply_page(out, 200, "directory/queue", "Changes waiting for a moderator",
			  json_pack("{s:o, s:I}", "changes", list, "count", (json_int_t)json_array_size(list)));
}

/* ---- history ---- */

sn_err manage_history(req *r, reply *out)
{
	svc_info si;
	bool done;
	sn_err rc = managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	if ((rc = access_ensure_csrf(r)))
		return rc;
	json_t *versions = json_array();
	store_stmt *st = NULL;
	bool row = true;
	int64_t latest = 0;
	rc = dir_version_latest(r->db, si.id, &latest);
	if (!rc)
		rc = store_query(r->db, &st, "SELECT version, details, action, actor_name, note, created_at, actor "
				 "FROM dir_service_versions WHERE service_id = ? ORDER BY version DESC LIMIT 101",
				 "i", si.id);
	json_t *rows = json_array();
	while (!rc && !(rc = store_step(st, &row)) && row) {
		json_t *d = json_loads(store_col_text(st, 1), 0, NULL);
		if (!d)
			d = json_object();
		/* An import's versions are the system's "created" and "edited". */
		bool imported = strcmp(store_col_text(st, 6), "system") == 0;
		const char *action = store_col_text(st, 2);
		if (imported && strcmp(action, "created") == 0)
			action = "imported_new";
		else if (imported && strcmp(action, "edited") == 0)
			action = "imported";
		json_array_append_new(rows, json_pack("{s:I, s:o, s:s, s:s, s:s, s:s}", "version",
			(json_int_t)store_col_i64(st, 0), "details", d, "action", action, "by",
			store_col_text(st, 3), "note", store_col_text(st, 4), "when", time_uk_when(r->a, store_col_text(st, 5))));
	}
	store_done(st);
	static const char *const action_words[][2] = {
		{"recorded", "Recorded as it was"}, {"created", "Added"}, {"edited", "Changed by a moderator"},
		{"approved", "Changes approved"}, {"restored", "An earlier version restored"},
		{"merged", "A duplicate merged in"}, {"checked", "Checked and still correct"},
		{"imported_new", "Added by an import"}, {"imported", "Changed by an import"}};
	size_t n = json_array_size(rows);
	for (size_t i = 0; i < n && i < 100 && !rc; i++) {
		json_t *x = json_array_get(rows, i), *older = json_array_get(rows, i + 1);
		json_int_t ver = json_integer_value(json_object_get(x, "version"));
		const char *action = json_string_value(json_object_get(x, "action"));
		const char *words = action;
		for (size_t k = 0; k < SN_ARRAY_LEN(action_words); k++)
			if (strcmp(action_words[k][0], action) == 0)
				words = action_words[k][1];
		json_t *diff = older ? dir_details_diff(r->db, json_object_get(older, "details"),
							json_object_get(x, "details")) : json_array();
		json_t *v = json_pack("{s:I, s:s, s:O, s:O, s:O, s:o, s:b, s:b, s:s}", "version", ver, "what", words,
				      "by", json_object_get(x, "by"), "when", json_object_get(x, "when"), "note",
				      json_object_get(x, "note"), "diff", diff, "first", older == NULL,
				      "restorable", ver < latest, "uuid", si.uuid);
		json_object_set_new(v, "after_word", json_string("Became"));
		json_array_append_new(versions, v);
	}
	json_decref(rows);
	if (rc) {
		json_decref(versions);
		return rc;
	}
	json_t *pending = pending_of(r, si.id, NULL);
	json_t *v = json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:b}", "uuid", si.uuid, "name", si.name, "org_name",
			      si.org_name, "versions", versions, "moderator", is_mod(r), "none", latest == 0,
			      "published", strcmp(si.moderation, "published") == 0);
	if (pending)
		json_object_set_new(v, "pending", pending);
	return reply_page(out, 200, "directory/history", "Version history", v);
}

sn_err manage_restore(req *r, reply *out)
{
	svc_info si;
	bool done;
	sn_err rc = managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	int64_t version = req_get_i64(r, "version", 0), latest = 0;
	json_t *d = NULL;
	rc = dir_version_details(r->db, si.id, version, &d);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such version of this service.");
	if (!rc)
		rc = dir_version_latest(r->db, si.id, &latest);
	if (!rc && version >= latest) {
		json_decref(d);
		return reply_error(r, out, 409, "That is the version the entry has now.");
	}
	json_t *errors = json_array();
	if (!rc && dir_details_check(r->db, d, errors) == SN_EINPUT) {
		json_decref(errors);
		json_decref(d);
		return reply_error(r, out, 409, "That version can no longer be restored as it was (a postcode or "
					       "kind of help it uses has gone). Edit the entry instead.");
	}
	json_decref(errors);
	if (rc) {
		json_decref(d);
		return rc;
	}
	return save_details(r, out, &si, d, "restore", arena_printf(r->a, "Restored version %lld", (long long)version));
}

sn_err manage_checked(req *r, reply *out)
{
	svc_info si;
	bool done;
	sn_err rc = managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	char now[21];
	time_iso8601(time_now(), now);
	dir_actor who = actor_of(r);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = dir_service_checked(r->db, si.id, &who, now);
	if (!rc)
		rc = audit(r, "directory.service_checked", arena_printf(r->a, "service:%s", si.uuid), "");
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	return rc ? rc : reply_redirect(out, is_mod(r) ? arena_printf(r->a, "/directory/services/%s/history", si.uuid)
						       : "/partner");
}

/* ---- a partner's own entries ---- */

sn_err manage_partner(req *r, reply *out)
{
	json_t *orgs = json_array();
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc = store_query(r->db, &st, "SELECT o.id, o.uuid, o.name FROM dir_org_members m JOIN "
				"dir_organizations o ON o.id = m.organization_id WHERE m.user_id = ? ORDER BY o.name "
				"LIMIT 50", "i", r->user->id);
	while (!rc && !(rc = store_step(st, &row)) && row)
		json_array_append_new(orgs, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)store_col_i64(st, 0),
						      "uuid", store_col_text(st, 1), "name", store_col_text(st, 2)));
	store_done(st);
	char today[21];
	time_iso8601(time_now(), today);
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o) {
		if (rc)
			break;
		json_t *services = json_array(), *reports = json_array(), *changes = json_array();
		int64_t org = json_integer_value(json_object_get(o, "id"));
		rc = store_query(r->db, &st,
			"SELECT s.uuid, s.name, s.status, s.moderation, coalesce(s.review_due, ''), "
			"coalesce(s.last_reviewed, ''), (SELECT c.uuid FROM dir_changes c WHERE c.service_id = s.id AND "
			"c.status = 'pending') FROM dir_services s WHERE s.organization_id = ? AND s.merged_into IS NULL "
			"AND s.moderation <> 'archived' ORDER BY CASE WHEN s.review_due < ? THEN 0 ELSE 1 END, s.name "
			"LIMIT 500", "it", org, arena_printf(r->a, "%.10s", today));
		while (!rc && !(rc = store_step(st, &row)) && row) {
			const char *due = store_col_text(st, 4);
			bool overdue = *due && strncmp(due, today, 10) < 0;
			json_t *s = json_pack("{s:s, s:s, s:b, s:s}", "uuid", store_col_text(st, 0), "name",
					      store_col_text(st, 1), "overdue", overdue, "due", time_uk_day(r->a, due));
			if (!store_col_null(st, 6))
				json_object_set_new(s, "pending", json_string(store_col_text(st, 6)));
			if (strcmp(store_col_text(st, 2), "active") != 0)
				json_object_set_new(s, "not_running", json_true());
			json_array_append_new(services, s);
		}
		store_done(st);
		/* Proposals for new services, waiting. */
		if (!rc)
			rc = store_query(r->db, &st, "SELECT uuid, details, submitted_at FROM dir_changes WHERE "
					 "organization_id = ? AND status = 'pending' AND service_id IS NULL ORDER BY id",
					 "i", org);
		while (!rc && !(rc = store_step(st, &row)) && row) {
			json_t *d = json_loads(store_col_text(st, 1), 0, NULL);
			json_array_append_new(changes, json_pack("{s:s, s:s, s:s}", "uuid", store_col_text(st, 0),
				"name", d ? json_string_value(json_object_get(d, "name")) ?: "" : "",
				"submitted", time_uk_when(r->a, store_col_text(st, 2))));
			json_decref(d);
		}
		store_done(st);
		/* Changes not approved in the last 30 days, with the reason. */
		json_t *refused = json_array();
		int64_t t_now = time_now();
		char since[21];
		time_iso8601(t_now - 30 * 86400, since);
		if (!rc)
			rc = store_query(r->db, &st, "SELECT c.uuid, coalesce(s.name, ''), c.details, c.reason, c.decided_at "
					 "FROM dir_changes c LEFT JOIN dir_services s ON s.id = c.service_id WHERE "
					 "c.organization_id = ? AND c.status = 'rejected' AND c.decided_at >= ? "
					 "ORDER BY c.decided_at DESC LIMIT 20", "it", org, since);
		while (!rc && !(rc = store_step(st, &row)) && row) {
			const char *name = store_col_text(st, 1);
			json_t *d = *name ? NULL : json_loads(store_col_text(st, 2), 0, NULL);
			json_array_append_new(refused, json_pack("{s:s, s:s, s:s, s:s}", "uuid", store_col_text(st, 0),
				"name", *name ? name : d ? json_string_value(json_object_get(d, "name")) ?: "" : "",
				"reason", store_col_text(st, 3), "when", time_uk_day(r->a, store_col_text(st, 4))));
			json_decref(d);
		}
		store_done(st);
		json_object_set_new(o, "refused", refused);
		size_t n_overdue = 0, k;
		json_t *x;
		json_array_foreach(services, k, x)
			n_overdue += json_is_true(json_object_get(x, "overdue"));
		json_object_set_new(o, "summary", json_string(arena_printf(r->a, "%zu %s, %zu due for a check.",
			json_array_size(services), json_array_size(services) == 1 ? "entry" : "entries", n_overdue)));
		/* Reports of wrong information about their services, open. */
		if (!rc)
			rc = store_query(r->db, &st, "SELECT s.uuid, s.name, d.what, d.created_at FROM dir_reports d "
					 "JOIN dir_services s ON s.id = d.service_id WHERE s.organization_id = ? AND "
					 "d.status = 'open' ORDER BY d.created_at LIMIT 100", "i", org);
		while (!rc && !(rc = store_step(st, &row)) && row)
			json_array_append_new(reports, json_pack("{s:s, s:s, s:s, s:s}", "uuid", store_col_text(st, 0),
				"service", store_col_text(st, 1), "what", store_col_text(st, 2), "received",
				time_uk_when(r->a, store_col_text(st, 3))));
		store_done(st);
		json_object_set_new(o, "services", services);
		json_object_set_new(o, "new_changes", changes);
		json_object_set_new(o, "reports", reports);
		json_object_del(o, "id");
	}
	if (!rc)
		rc = access_ensure_csrf(r);
	if (rc) {
		json_decref(orgs);
		return rc;
	}
	return reply_page(out, 200, "directory/partner", "Your directory entries",
			  json_pack("{s:o, s:b, s:b}", "orgs", orgs, "none", json_array_size(orgs) == 0, "moderator",
				    is_mod(r)));
}

/* ---- likely duplicates ---- */

#define DUPES_SHOWN 50

static json_t *dup_side(req *r, int64_t sid, sn_err *rc)
{
	json_t *d = NULL;
	store_stmt *st = NULL;
	bool row = false;
	const char *uuid = "", *org = "", *checked = "";
	*rc = store_query(r->db, &st, "SELECT s.uuid, o.name, coalesce(s.last_reviewed, '') FROM dir_services s "
			  "JOIN dir_organizations o ON o.id = s.organization_id WHERE s.id = ?", "i", sid);
	if (!*rc && !(*rc = store_step(st, &row)) && row) {
		uuid = arena_strdup(r->a, store_col_text(st, 0));
		org = arena_strdup(r->a, store_col_text(st, 1));
		checked = time_uk_day(r->a, store_col_text(st, 2));
	}
	store_done(st);
	if (!*rc)
		*rc = dir_details_load(r->db, sid, &d);
	if (*rc)
		return NULL;
	const char *addr = arena_printf(r->a, "%s%s%s", json_string_value(json_object_get(d, "address_1")),
					*json_string_value(json_object_get(d, "postcode")) ? ", " : "",
					json_string_value(json_object_get(d, "postcode")));
	json_t *v = json_pack("{s:s, s:O, s:s, s:s, s:O, s:O, s:O, s:s}", "uuid", uuid, "name",
			      json_object_get(d, "name"), "organization", org, "address", addr, "phone",
			      json_object_get(d, "phone"), "email", json_object_get(d, "email"), "url",
			      json_object_get(d, "url"), "checked", checked);
	json_decref(d);
	return v;
}

sn_err manage_duplicates(req *r, reply *out)
{
	dir_dup_pair *pairs = NULL;
	size_t n = 0;
	sn_err rc = access_ensure_csrf(r);
	if (!rc)
		rc = dir_duplicates(r->db, r->a, DUPES_SHOWN, &pairs, &n);
	json_t *list = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *a = dup_side(r, pairs[i].a, &rc), *b = rc ? NULL : dup_side(r, pairs[i].b, &rc);
		if (rc) {
			json_decref(a);
			break;
		}
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:o, s:o}", "n", (json_int_t)(i + 1), "why",
						      pairs[i].why, "score", (json_int_t)pairs[i].score, "a", a, "b", b));
	}
	if (rc) {
		json_decref(list);
		return rc;
	}
	return reply_page(out, 200, "directory/duplicates", "Likely duplicates",
			  json_pack("{s:o, s:I, s:b}", "pairs", list, "count", (json_int_t)n, "none", n == 0));
}

/* Both services of a pair form, by uuid (published, not merged). */
static sn_err pair_ids(req *r, const char *ka, const char *kb, int64_t *a, int64_t *b)
{
	sn_err rc = dir_service_id(r->db, req_get(r, ka), a);
	if (!rc)
		rc = dir_service_id(r->db, req_get(r, kb), b);
	return rc;
}

sn_err manage_merge(req *r, reply *out)
{
	int64_t keep = 0, gone = 0;
	sn_err rc = pair_ids(r, "keep", "gone", &keep, &gone);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "One of those entries is no longer in the directory (merged or taken "
					       "out already).");
	if (!rc && keep == gone)
		return reply_error(r, out, 400, "An entry cannot be merged into itself.");
	char now[21];
	time_iso8601(time_now(), now);
	dir_actor who = actor_of(r);
	if (!rc)
		rc = store_begin_write(r->db);
	if (!rc)
		rc = dir_merge(r->db, keep, gone, &who, now);
	if (!rc)
		rc = audit(r, "directory.merge", arena_printf(r->a, "service:%s", req_get(r, "keep")),
			   arena_printf(r->a, "merged service:%s", req_get(r, "gone")));
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "One of those entries is no longer in the directory.");
	return rc ? rc : reply_redirect(out, "/moderation/duplicates");
}

sn_err manage_not_duplicates(req *r, reply *out)
{
	int64_t a = 0, b = 0;
	sn_err rc = pair_ids(r, "a", "b", &a, &b);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 409, "One of those entries is no longer in the directory.");
	if (!rc && a == b)
		return reply_error(r, out, 400, "Choose two different entries.");
	char now[21];
	time_iso8601(time_now(), now);
	if (!rc)
		rc = store_begin_write(r->db);
	if (!rc)
		rc = store_run(r->db, "INSERT INTO dir_not_duplicates (a_id, b_id, decided_by, decided_at) VALUES "
			       "(?, ?, ?, ?) ON CONFLICT DO NOTHING", "iiit", a < b ? a : b, a < b ? b : a,
			       r->user->id, now);
	if (!rc)
		rc = audit(r, "directory.not_duplicates", arena_printf(r->a, "service:%s", req_get(r, "a")),
			   arena_printf(r->a, "service:%s", req_get(r, "b")));
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	return rc ? rc : reply_redirect(out, "/moderation/duplicates");
}

/* ---- where moderators start ---- */

sn_err manage_moderation(req *r, reply *out)
{
	int64_t changes = 0, reports = 0, overdue = 0;
	char today[21];
	time_iso8601(time_now(), today);
	today[10] = 0;
	sn_err rc = store_one_i64(r->db, &changes, "SELECT count(*) FROM dir_changes WHERE status = 'pending'", "");
	if (!rc)
		rc = store_one_i64(r->db, &reports, "SELECT count(*) FROM dir_reports WHERE status = 'open'", "");
	if (!rc)
		rc = store_one_i64(r->db, &overdue, "SELECT count(*) FROM dir_services WHERE moderation = 'published' "
				   "AND review_due < ?", "t", today);
	if (rc)
		return rc;
	return reply_page(out, 200, "directory/moderation", "Moderation",
			  json_pack("{s:I, s:I, s:I}", "changes", (json_int_t)changes, "reports", (json_int_t)reports,
				    "overdue", (json_int_t)overdue));
}
