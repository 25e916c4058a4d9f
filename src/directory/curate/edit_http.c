/* Editing the directory, as pages: the form for a service's details (a
 * partner's save is a proposal, a moderator's publishes at once), a new
 * service, the version history with restore, and "Confirm it is still
 * correct". See docs/directory.md, "Editing and moderation". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "curate_http.h"

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
	json_t *d = curate_details_empty();
	for (size_t i = 0; i < curate_n_fields; i++)
		json_object_set_new(d, curate_fields[i].key, json_string(req_form(r, curate_fields[i].key)));
	if (!*req_form(r, "status"))
		json_object_set_new(d, "status", json_string(""));
	json_t *terms = json_object_get(d, "terms");
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].name, "terms") == 0 && json_array_size(terms) < 32)
			json_array_append_new(terms, json_string(r->form.items[i].value));
	json_t *sessions = json_object_get(d, "sessions");
	for (int i = 1; i <= CURATE_SESSIONS_MAX; i++) {
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
	const curate_field *f = &curate_fields[i];
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
		if (strcmp(curate_fields[i].key, "status") != 0)
			json_array_append_new(fields, field_view(r, d, i));
	return json_pack("{s:s, s:o}", "heading", heading, "fields", fields);
}

static size_t field_index(const char *key)
{
	for (size_t i = 0; i < curate_n_fields; i++)
		if (strcmp(curate_fields[i].key, key) == 0)
			return i;
	return curate_n_fields;
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
	json_t *place = section(r, d, "Where", field_index("location_name"), curate_n_fields);
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
	json_t *terms = json_array(), *chosen = json_object_get(d, "terms"), *kinds = NULL;
	dir_kinds_of_help(r->db, &kinds); /* a failure: what was read */
	size_t n = 0;
	json_t *kind;
	json_array_foreach(kinds, n, kind) {
		const char *code = json_string_value(json_object_get(kind, "code"));
		bool on = false;
		size_t i;
		json_t *t;
		json_array_foreach(chosen, i, t)
			on = on || strcmp(json_string_value(t) ?: "", code) == 0;
		json_array_append_new(terms, json_pack("{s:s, s:s, s:O, s:b}", "id", n ? arena_printf(r->a,
			"terms-%zu", n) : "terms", "value", code, "label", json_object_get(kind, "name"), "checked", on));
	}
	json_decref(kinds);
	json_object_set_new(v, "terms", terms);
	if (field_error(r, "terms"))
		json_object_set_new(v, "terms_error", json_string(field_error(r, "terms")));
	/* Opening times: the ones there are, then empty rows (two at least). */
	json_t *rows = json_array(), *sessions = json_object_get(d, "sessions");
	size_t n_rows = json_array_size(sessions) + 2;
	if (n_rows < 3)
		n_rows = 3;
	if (n_rows > CURATE_SESSIONS_MAX)
		n_rows = CURATE_SESSIONS_MAX;
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
static sn_err edit_page(req *r, reply *out, int status, const curate_service_info *si, const char *org_uuid,
			const char *org_name, const json_t *d, const json_t *pending)
{
	json_t *v = edit_view(r, d);
	json_object_set_new(v, "moderator", json_boolean(curate_is_mod(r)));
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

/* The form (200) with the change it starts from, when there is one. */
static sn_err edit_page_from(req *r, reply *out, const curate_service_info *si, const char *org_uuid,
			     const char *org_name, const json_t *d, const json_t *pending, json_t *from)
{
	if (!from)
		return edit_page(r, out, 200, si, org_uuid, org_name, d, pending);
	/* edit_page's view, with the change it starts from. */
	json_t *v = edit_view(r, d);
	json_object_set_new(v, "moderator", json_boolean(curate_is_mod(r)));
	json_object_set_new(v, "org_name", json_string(org_name));
	json_object_set_new(v, "note", json_string(""));
	json_object_set(v, "from", from);
	if (si) {
		json_object_set_new(v, "uuid", json_string(si->uuid));
		json_object_set_new(v, "name", json_string(si->name));
		json_object_set_new(v, "action", json_string(arena_printf(r->a, "/directory/services/%s/edit", si->uuid)));
	} else {
		json_object_set_new(v, "new", json_true());
		json_object_set_new(v, "action", json_string(arena_printf(r->a, "/directory/organizations/%s/services/new",
									  org_uuid)));
	}
	return reply_page(out, 200, "directory/edit", si ? "Change a directory entry" : "Add a service", v);
}

/* ?from=CHANGE: a change that was not approved (or was withdrawn), of
 * this service (sid) or a new one of organisation org (sid 0), to start
 * again from. *d gets its details (a new reference) and *from a line to
 * show; nothing when there is no such change. */
static sn_err refused_start(req *r, int64_t org, int64_t sid, json_t **d, json_t **from)
{
	*d = NULL;
	*from = NULL;
	const char *uuid = req_get(r, "from");
	if (!*uuid)
		return SN_OK;
	curate_change_row c;
	sn_err rc = curate_store_change(r->db, r->a, uuid, &c);
	if (rc == SN_ENOTFOUND)
		return SN_OK;
	if (rc)
		return rc;
	bool done = strcmp(c.status, "rejected") == 0 || strcmp(c.status, "withdrawn") == 0;
	if (!done || c.org != org || c.sid != sid || !c.details) {
		json_decref(c.details);
		return SN_OK;
	}
	*d = c.details;
	*from = json_pack("{s:s, s:s, s:s, s:b}", "uuid", c.uuid, "when",
			  time_uk_day(r->a, c.decided && *c.decided ? c.decided : c.submitted), "reason", c.reason ? c.reason : "",
			  "refused", strcmp(c.status, "rejected") == 0);
	return SN_OK;
}

sn_err curate_edit_form(req *r, reply *out)
{
	curate_service_info si;
	bool done;
	sn_err rc = curate_managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	rc = access_ensure_csrf(r);
	json_t *d = NULL, *proposed = NULL;
	json_t *pending = curate_pending_view(r, si.id, &proposed);
	if (!rc)
		rc = curate_details_load(r->db, si.id, &d);
	if (rc) {
		json_decref(pending);
		json_decref(proposed);
		return rc;
	}
	/* A partner carries on from what they sent; a moderator edits the entry. */
	if (proposed && !curate_is_mod(r)) {
		json_decref(d);
		d = proposed;
		proposed = NULL;
	}
	/* Or from a change that was not approved, to put it right. */
	json_t *again = NULL, *from = NULL;
	rc = pending ? SN_OK : refused_start(r, si.org, si.id, &again, &from);
	if (again && d) {
		json_object_set(again, "other_times", json_object_get(d, "other_times"));
		json_decref(d);
		d = again;
	}
	if (!rc)
		rc = edit_page_from(r, out, &si, si.org_uuid, si.org_name, d, pending, from);
	json_decref(from);
	json_decref(d);
	json_decref(proposed);
	json_decref(pending);
	return rc;
}

/* The checked details from the form; on problems the form again (400). */
static sn_err checked_form(req *r, reply *out, const curate_service_info *si, const char *org_uuid,
			   const char *org_name, json_t **d, bool *done)
{
	*done = false;
	*d = details_from_form(r);
	/* What the form cannot edit is kept from the entry. */
	if (si) {
		json_t *cur = NULL;
		sn_err rc = curate_details_load(r->db, si->id, &cur);
		if (rc) {
			json_decref(*d);
			return rc;
		}
		json_object_set(*d, "other_times", json_object_get(cur, "other_times"));
		json_decref(cur);
	}
	json_t *errors = json_array();
	sn_err rc = curate_details_check(r->db, *d, errors);
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
static sn_err save_details(req *r, reply *out, const curate_service_info *si, json_t *d, const char *kind, const char *note)
{
	char now[21], change[37];
	time_iso8601(time_now(), now);
	curate_actor who = curate_actor_of(r);
	bool restore = strcmp(kind, "restore") == 0;
	const char *record = arena_printf(r->a, "service:%s", si->uuid);
	sn_err rc = store_begin_write(r->db);
	if (!rc && curate_is_mod(r)) {
		rc = curate_service_update(r->db, si->id, d, restore ? "restored" : "edited", &who, note, now);
		if (!rc)
			rc = curate_audit(r, restore ? "directory.service_restore" : "directory.service_edit", record, note);
	} else if (!rc) {
		rc = curate_change_submit(r->db, si->org, si->id, kind, d, note, r->user->id, now, change);
		if (!rc)
			rc = curate_audit(r, "directory.change_submit", record, arena_printf(r->a, "change:%s", change));
	}
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	json_decref(d);
	if (rc)
		return rc;
	return reply_redirect(out, curate_is_mod(r) ? arena_printf(r->a, "/directory/services/%s/history?done=%s",
								   si->uuid, restore ? "restored" : "edited")
					     : arena_printf(r->a, "/directory/changes/%s?sent=1", change));
}

sn_err curate_edit_save(req *r, reply *out)
{
	curate_service_info si;
	bool done;
	sn_err rc = curate_managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	json_t *d = NULL;
	rc = checked_form(r, out, &si, si.org_uuid, si.org_name, &d, &done);
	if (rc || done)
		return rc;
	return save_details(r, out, &si, d, "edit", req_form(r, "note"));
}

static sn_err managed_org(req *r, reply *out, int64_t *org, const char **name, bool *done)
{
	*done = true;
	sn_err rc = curate_store_org(r->db, r->a, req_get(r, "id"), org, name);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such organisation in the directory.");
	bool ok = false;
	if (!rc)
		rc = curate_may_manage(r, *org, &ok);
	if (!rc && !ok)
		return reply_error(r, out, 403, "You can only add services for your own organisation.");
	*done = rc != SN_OK;
	return rc;
}

sn_err curate_new_form(req *r, reply *out)
{
	int64_t org = 0;
	const char *name = "";
	bool done;
	sn_err rc = managed_org(r, out, &org, &name, &done);
	if (rc || done)
		return rc;
	rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *d = NULL, *from = NULL;
	rc = refused_start(r, org, 0, &d, &from);
	if (!d)
		d = curate_details_empty();
	if (!rc)
		rc = edit_page_from(r, out, NULL, req_get(r, "id"), name, d, NULL, from);
	json_decref(d);
	json_decref(from);
	return rc;
}

sn_err curate_new_save(req *r, reply *out)
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
	curate_actor who = curate_actor_of(r);
	const char *note = req_form(r, "note");
	int64_t sid = 0;
	rc = store_begin_write(r->db);
	if (!rc && curate_is_mod(r)) {
		rc = curate_service_create(r->db, org, d, &who, note, now, &sid, uuid);
		if (!rc)
			rc = curate_audit(r, "directory.service_create", arena_printf(r->a, "service:%s", uuid), note);
	} else if (!rc) {
		rc = curate_change_submit(r->db, org, 0, "new", d, note, r->user->id, now, uuid);
		if (!rc)
			rc = curate_audit(r, "directory.change_submit", arena_printf(r->a, "organization:%s",
				   req_get(r, "id")), arena_printf(r->a, "change:%s", uuid));
	}
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	json_decref(d);
	if (rc)
		return rc;
	return reply_redirect(out, curate_is_mod(r) ? arena_printf(r->a, "/directory/services/%s/history?done=created",
								   uuid)
					     : arena_printf(r->a, "/directory/changes/%s?sent=1", uuid));
}

sn_err curate_history(req *r, reply *out)
{
	curate_service_info si;
	bool done;
	sn_err rc = curate_managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *versions = json_array(), *rows = NULL;
	int64_t latest = 0;
	rc = curate_version_latest(r->db, si.id, &latest);
	if (!rc)
		rc = curate_store_versions(r->db, si.id, 101, &rows);
	size_t vi;
	json_t *vx;
	json_array_foreach(rows, vi, vx) {
		json_t *d = json_loads(json_string_value(json_object_get(vx, "details")), 0, NULL);
		json_object_set_new(vx, "details", d ? d : json_object());
		/* An import's versions are the system's "created" and "edited". */
		bool imported = strcmp(json_string_value(json_object_get(vx, "actor")), "system") == 0;
		const char *action = json_string_value(json_object_get(vx, "action"));
		if (imported && strcmp(action, "created") == 0)
			json_object_set_new(vx, "action", json_string("imported_new"));
		else if (imported && strcmp(action, "edited") == 0)
			json_object_set_new(vx, "action", json_string("imported"));
		json_object_set_new(vx, "when_iso", json_string(json_string_value(json_object_get(vx, "when"))));
		json_object_set_new(vx, "when", json_string(time_uk_when(r->a,
			json_string_value(json_object_get(vx, "when")))));
	}
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
		json_t *diff = older ? curate_details_diff(r->db, json_object_get(older, "details"),
							json_object_get(x, "details")) : json_array();
		json_t *v = json_pack("{s:I, s:s, s:O, s:O, s:O, s:o, s:b, s:b, s:s}", "version", ver, "what", words,
				      "by", json_object_get(x, "by"), "when", json_object_get(x, "when"), "note",
				      json_object_get(x, "note"), "diff", diff, "first", older == NULL,
				      "restorable", ver < latest, "uuid", si.uuid);
		json_object_set_new(v, "after_word", json_string("Became"));
		/* A merge into this entry, lately: it can be undone here. */
		const char *note = json_string_value(json_object_get(x, "note")) ?: "";
		const char *into = strstr(note, ") merged into this entry");
		int64_t t = 0;
		if (curate_is_mod(r) && strcmp(action, "merged") == 0 && into && into - note >= 37 &&
		    !time_parse_iso8601(json_string_value(json_object_get(x, "when_iso")), &t) &&
		    time_now() - t <= (int64_t)CURATE_UNDO_MERGE_DAYS * 86400)
			json_object_set_new(v, "undo", json_pack("{s:s, s:s}", "keep", si.uuid, "gone",
								  arena_printf(r->a, "%.36s", into - 36)));
		json_array_append_new(versions, v);
	}
	json_decref(rows);
	if (rc) {
		json_decref(versions);
		return rc;
	}
	json_t *pending = curate_pending_view(r, si.id, NULL);
	json_t *v = json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:b}", "uuid", si.uuid, "name", si.name, "org_name",
			      si.org_name, "versions", versions, "moderator", curate_is_mod(r), "none", latest == 0,
			      "published", strcmp(si.moderation, "published") == 0);
	if (pending)
		json_object_set_new(v, "pending", pending);
	/* After a change made from here: what it did. */
	static const char *const done_words[][2] = {
		{"checked", "The entry is confirmed as correct today: its next check is due in six months."},
		{"edited", "Your changes are published."},
		{"created", "The service is added and published."},
		{"restored", "The earlier version is restored and published."}};
	const char *just = req_get(r, "done");
	for (size_t k = 0; k < SN_ARRAY_LEN(done_words); k++)
		if (strcmp(just, done_words[k][0]) == 0)
			json_object_set_new(v, "done", json_string(done_words[k][1]));
	return reply_page(out, 200, "directory/history", "Version history", v);
}

sn_err curate_restore(req *r, reply *out)
{
	curate_service_info si;
	bool done;
	sn_err rc = curate_managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	int64_t version = req_get_i64(r, "version", 0), latest = 0;
	json_t *d = NULL;
	rc = curate_version_details(r->db, si.id, version, &d);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such version of this service.");
	if (!rc)
		rc = curate_version_latest(r->db, si.id, &latest);
	if (!rc && version >= latest) {
		json_decref(d);
		return reply_error(r, out, 409, "That is the version the entry has now.");
	}
	json_t *errors = json_array();
	if (!rc && curate_details_check(r->db, d, errors) == SN_EINPUT) {
		/* (A postcode or kind of help it uses has gone, or it holds what
		 * is no longer allowed: a web address that is not http or https.) */
		const char *why = json_string_value(json_object_get(json_array_get(errors, 0), "message"));
		const char *msg = arena_printf(r->a, "That version can no longer be restored as it was: %s. "
					       "Edit the entry instead.", why ? why : "it no longer passes the checks");
		json_decref(errors);
		json_decref(d);
		return reply_error(r, out, 409, msg);
	}
	json_decref(errors);
	if (rc) {
		json_decref(d);
		return rc;
	}
	return save_details(r, out, &si, d, "restore", arena_printf(r->a, "Restored version %lld", (long long)version));
}

sn_err curate_checked(req *r, reply *out)
{
	curate_service_info si;
	bool done;
	sn_err rc = curate_managed_service(r, out, &si, &done);
	if (rc || done)
		return rc;
	/* Not while a change waits: the details are about to change, and a
	 * moderator must see them first. */
	json_t *pending = NULL, *proposed = NULL;
	rc = curate_store_pending(r->db, si.id, &pending, &proposed);
	bool waiting = pending != NULL;
	json_decref(pending);
	json_decref(proposed);
	if (rc)
		return rc;
	if (waiting)
		return reply_error(r, out, 409, "This entry cannot be confirmed as correct while a change to it "
					       "is waiting for a moderator: its details are about to change. Confirm it "
					       "once the change has been decided.");
	char now[21];
	time_iso8601(time_now(), now);
	curate_actor who = curate_actor_of(r);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_service_checked(r->db, si.id, &who, now);
	if (!rc)
		rc = curate_audit(r, "directory.service_checked", arena_printf(r->a, "service:%s", si.uuid), "");
	if (!rc)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	return rc ? rc : reply_redirect(out, curate_is_mod(r)
						 ? arena_printf(r->a, "/directory/services/%s/history?done=checked", si.uuid)
						 : arena_printf(r->a, "/partner?checked=%s", si.uuid));
}
