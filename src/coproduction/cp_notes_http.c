/* A community conversation's notes, captured as they happen (docs/
 * coproduction.md): the event's organisers set the conversation up (its
 * format and locality), then add short notes from a phone: a form that
 * posts and comes back to the same page (303) with the note listed and the
 * form empty and first. Notes hold no personal data (the form says so);
 * only those an organiser marks for publication are shown publicly. */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "../people/people.h"
#include "cp_int.h"

#define NOTES_SHOWN 500

bool cp_has_errors(const req *r) { return r->errors && json_array_size(r->errors) > 0; }

sn_err cp_organised(req *r, reply *out, bool write, ev_row *e, cp_conv *c, bool *has, bool *stop)
{
	*stop = false;
	*has = false;
	sn_err rc = write ? store_begin_write(r->db) : store_begin(r->db);
	if (!rc)
		rc = ev_find(r->db, req_get(r, "id"), r->a, e);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		*stop = true;
		return reply_error(r, out, 404, "There is no such event.");
	}
	bool yes = false;
	if (!rc)
		rc = ev_organiser(r, e, &yes);
	if (!rc && !yes) {
		store_rollback(r->db);
		*stop = true;
		audit_entry a = {r->user->uuid, "", "conversation.denied", arena_printf(r->a, "event:%s", e->uuid),
				 "not an organiser of the event"};
		if (!(rc = store_begin_write(r->db)) && !(rc = audit_append(r->db, &a)))
			rc = store_commit(r->db);
		store_rollback(r->db);
		return rc ? rc : reply_error(r, out, 403, "Only the event's organisers can keep its notes and actions.");
	}
	if (!rc) {
		rc = cp_conv_of_event(r->db, e->uuid, r->a, c);
		*has = rc == SN_OK;
		if (rc == SN_ENOTFOUND)
			rc = SN_OK;
	}
	if (rc)
		store_rollback(r->db);
	return rc;
}

sn_err cp_organised_conv(req *r, reply *out, ev_row *e, cp_conv *c, bool *stop)
{
	bool has = false;
	sn_err rc = cp_organised(r, out, true, e, c, &has, stop);
	if (rc || *stop || has)
		return rc;
	store_rollback(r->db);
	*stop = true;
	return reply_error(r, out, 409, "Set up the conversation first: its format and where it is.");
}

sn_err cp_audit(req *r, const char *action, const cp_conv *c, const char *detail)
{
	audit_entry a = {r->user->uuid, "organiser", action, arena_printf(r->a, "conversation:%s", c->uuid), detail};
	return audit_append(r->db, &a);
}

sn_err cp_finish(req *r, reply *out, sn_err rc, const cp_conv *c, const char *tail, const char *done)
{
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/events/%s/conversation%s?done=%s", c->event_uuid, tail, done));
}

json_t *cp_conv_view(req *r, const cp_conv *c)
{
	json_t *v = json_pack("{sssssssssssssssssssIsIsI}", "id", c->event_uuid, "title", c->title, "date",
		time_uk_day(r->a, c->starts_at), "when", time_uk_when(r->a, c->starts_at), "place", c->place, "locality",
		c->locality, "format", cp_format_code(c->format), "format_words", cp_format_words(c->format), "org_name",
		c->org_name, "notes", (json_int_t)c->notes, "published", (json_int_t)c->published, "actions",
		(json_int_t)c->actions);
	json_object_set_new(v, "event_id", json_string(c->event_uuid)); /* for forms inside lists */
	return v;
}

/* ---- setting a conversation up ---- */

static json_t *setup_view(req *r, const ev_row *e)
{
	json_t *v = json_pack("{sssssssb}", "id", e->uuid, "title", e->title, "when", time_uk_when(r->a, e->starts_at),
			      "conversation", e->kind == EV_CONVERSATION);
	json_t *formats = json_array();
	for (int f = 0; f < CP_N_FORMATS; f++)
		json_array_append_new(formats, json_pack("{sssssssb}", "id", f ? arena_printf(r->a, "format-%d", f)
			: "format", "value", cp_format_code((cp_format)f), "label", cp_format_words((cp_format)f), "checked",
			str_eq(req_form(r, "format"), cp_format_code((cp_format)f))));
	json_object_set_new(v, "formats", formats);
	cp_locality *l = NULL;
	size_t n = 0;
	int64_t near = 0;
	if (*e->postcode && people_locality_of(r->db, e->postcode, &near)) /* a guess only: chosen on the form */
		near = 0;
	json_t *locs = json_array();
	if (cp_localities(r->db, r->a, &l, &n) == SN_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(locs, json_pack("{sssssb}", "id", l[i].uuid, "name", l[i].name, "selected",
				*req_form(r, "locality") ? str_eq(req_form(r, "locality"), l[i].uuid) : l[i].id == near));
	json_object_set_new(v, "localities", locs);
	return v;
}

sn_err cp_setup_save(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool has, stop;
	sn_err rc = cp_organised(r, out, true, &e, &c, &has, &stop);
	if (rc || stop)
		return rc;
	if (has) { /* set up already: nothing to change */
		store_rollback(r->db);
		return reply_redirect(out, arena_printf(r->a, "/events/%s/conversation", e.uuid));
	}
	if (e.kind != EV_CONVERSATION) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "Only a community conversation has notes, themes and actions.");
	}
	cp_format f = CP_OTHER;
	if (!cp_format_parse(req_form(r, "format"), &f))
		req_add_error(r, "format", "Choose how the conversation is run");
	int64_t loc = 0;
	const char *typed = req_form(r, "locality");
	cp_locality *l = NULL;
	size_t n = 0;
	rc = cp_localities(r->db, r->a, &l, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (str_eq(l[i].uuid, typed))
			loc = l[i].id;
	if (!rc && *typed && !loc)
		req_add_error(r, "locality", "Choose one of the area's localities, or none");
	if (!rc && cp_has_errors(r)) {
		json_t *v = setup_view(r, &e);
		store_rollback(r->db);
		return reply_page(out, 422, "coproduction/setup", arena_printf(r->a, "Set up: %s", e.title), v);
	}
	char uuid[37], now[21];
	int64_t id = 0;
	time_iso8601(time_now(), now);
	if (!rc)
		rc = cp_conv_insert(r->db, e.id, f, loc, r->user->id, now, uuid, &id);
	if (!rc)
		rc = cp_conv_of_event(r->db, e.uuid, r->a, &c);
	if (!rc)
		rc = cp_audit(r, "conversation.create", &c, cp_format_code(f));
	return cp_finish(r, out, rc, &c, "", "set-up");
}

/* ---- the notes page ---- */

/* The conversation's themes as checkboxes (ticked as sent). */
static json_t *theme_boxes(req *r, const cp_theme *t, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *field = arena_printf(r->a, "theme-%lld", (long long)t[i].id);
		json_array_append_new(list, json_pack("{sssssb}", "field", field, "name", t[i].name, "checked",
						      str_eq(req_form(r, field), "yes")));
	}
	return list;
}

/* "Transport, Loneliness": the names of the themes tagged on item id. */
static const char *tag_names(req *r, const cp_tag *tags, size_t n_tags, int64_t id, const cp_theme *t, size_t n)
{
	const char *out = "";
	for (size_t k = 0; k < n_tags; k++)
		if (tags[k].note_id == id)
			for (size_t i = 0; i < n; i++)
				if (t[i].id == tags[k].theme_id)
					out = *out ? arena_printf(r->a, "%s, %s", out, t[i].name) : t[i].name;
	return out;
}

static sn_err notes_view(req *r, const cp_conv *c, json_t **out)
{
	cp_theme *t = NULL, *other = NULL;
	cp_note *notes = NULL;
	cp_tag *tags = NULL;
	size_t n_t = 0, n_notes = 0, n_tags = 0, n_other = 0;
	sn_err rc = cp_themes_of(r->db, c->id, r->a, &t, &n_t);
	if (!rc)
		rc = cp_themes_elsewhere(r->db, c->id, 8, r->a, &other, &n_other);
	if (!rc)
		rc = cp_notes_of(r->db, c->id, false, true, NOTES_SHOWN, r->a, &notes, &n_notes);
	if (!rc)
		rc = cp_note_tags(r->db, c->id, false, r->a, &tags, &n_tags);
	if (rc)
		return rc;
	json_t *v = cp_conv_view(r, c), *list = json_array();
	const char *sugg = "";
	for (size_t i = 0; i < n_notes; i++) {
		const char *themes = tag_names(r, tags, n_tags, notes[i].id, t, n_t);
		json_array_append_new(list, json_pack("{sssssssssssssb}", "id", notes[i].uuid, "body", notes[i].body,
			"space", notes[i].space, "when", time_uk_when(r->a, notes[i].captured_at), "by", notes[i].by_name,
			"themes", themes, "published", notes[i].published));
	}
	for (size_t i = 0; i < n_other; i++)
		sugg = *sugg ? arena_printf(r->a, "%s, %s", sugg, other[i].name) : other[i].name;
	json_object_set_new(v, "list", list);
	json_object_set_new(v, "has_notes", json_boolean(n_notes > 0));
	json_object_set_new(v, "notes_words", json_string(cp_notes_words(r->a, c->notes)));
	json_object_set_new(v, "published_words", json_string(cp_notes_words(r->a, c->published)));
	json_object_set_new(v, "themes", theme_boxes(r, t, n_t));
	json_object_set_new(v, "has_themes", json_boolean(n_t > 0));
	json_object_set_new(v, "suggestions", json_string(sugg));
	json_object_set_new(v, "has_suggestions", json_boolean(n_other > 0));
	json_object_set_new(v, "note", json_string(cp_has_errors(r) ? req_form(r, "note") : ""));
	json_object_set_new(v, "space", json_string(req_form(r, "space")));
	json_object_set_new(v, "new_theme", json_string(cp_has_errors(r) ? req_form(r, "new-theme") : ""));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "done", json_string(req_get(r, "done")));
	json_object_set_new(v, "focus", json_boolean(str_eq(req_get(r, "done"), "note") || cp_has_errors(r)));
	*out = v;
	return SN_OK;
}

sn_err cp_notes_page(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool has, stop;
	sn_err rc = cp_organised(r, out, false, &e, &c, &has, &stop);
	if (rc || stop)
		return rc;
	json_t *v = NULL;
	if (!has) {
		v = setup_view(r, &e);
		store_rollback(r->db);
		return reply_page(out, 200, "coproduction/setup", arena_printf(r->a, "Set up: %s", e.title), v);
	}
	rc = notes_view(r, &c, &v);
	store_rollback(r->db);
	return rc ? rc : reply_page(out, 200, "coproduction/notes", arena_printf(r->a, "Notes: %s", c.title), v);
}

/* The note's themes: the ticked ones of the vocabulary and a new one (added
 * to the vocabulary); into ids (at most CP_NOTE_THEMES_MAX). Errors named. */
static sn_err chosen_themes(req *r, const cp_conv *c, const char *new_field, int64_t *ids, size_t *n_ids)
{
	cp_theme *t = NULL;
	size_t n = 0;
	*n_ids = 0;
	sn_err rc = cp_themes_of(r->db, c->id, r->a, &t, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (str_eq(req_form(r, arena_printf(r->a, "theme-%lld", (long long)t[i].id)), "yes")) {
			if (*n_ids == CP_NOTE_THEMES_MAX) {
				req_add_error(r, "themes", arena_printf(r->a, "Choose at most %d themes", CP_NOTE_THEMES_MAX));
				return SN_OK;
			}
			ids[(*n_ids)++] = t[i].id;
		}
	const char *typed = req_form(r, new_field);
	if (rc || !*typed)
		return rc;
	char key[CP_THEME_MAX + 1], name[CP_THEME_MAX + 1];
	if (cp_theme_key(typed, key) || cp_theme_tidy(typed, name)) {
		req_add_error(r, new_field, arena_printf(r->a, "A theme's name must be plain text of at most %d characters",
							 CP_THEME_MAX));
		return SN_OK;
	}
	if (*n_ids == CP_NOTE_THEMES_MAX) {
		req_add_error(r, new_field, arena_printf(r->a, "Choose at most %d themes", CP_NOTE_THEMES_MAX));
		return SN_OK;
	}
	bool known = false;
	char k2[CP_THEME_MAX + 1];
	for (size_t i = 0; i < n; i++)
		known = known || (!cp_theme_key(t[i].name, k2) && str_eq(k2, key));
	if (!known && n >= CP_THEMES_MAX) {
		req_add_error(r, new_field, arena_printf(r->a, "A conversation has at most %d themes: choose one of them",
							 CP_THEMES_MAX));
		return SN_OK;
	}
	if (cp_has_errors(r)) /* nothing is added when the form has a problem */
		return SN_OK;
	return cp_theme_add(r->db, c->id, name, key, &ids[(*n_ids)++]);
}

sn_err cp_note_save(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool stop, done = false;
	sn_err rc = cp_organised_conv(r, out, &e, &c, &stop);
	if (rc || stop)
		return rc;
	const char *body = req_form(r, "note"), *space = req_form(r, "space"), *p;
	if ((p = cp_check_text(r->a, body, CP_NOTE_MAX, true, "the note")))
		req_add_error(r, "note", p);
	if ((p = cp_check_text(r->a, space, CP_SPACE_MAX, false, "the table or space")))
		req_add_error(r, "space", p);
	if (c.notes >= CP_NOTES_MAX)
		req_add_error(r, "note", arena_printf(r->a, "A conversation keeps at most %d notes", CP_NOTES_MAX));
	int64_t ids[CP_NOTE_THEMES_MAX];
	size_t n_ids = 0;
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = chosen_themes(r, &c, "new-theme", ids, &n_ids);
	if (!rc && cp_has_errors(r)) {
		json_t *v = NULL;
		store_rollback(r->db); /* a new theme added before the problem was found goes too */
		if (!(rc = store_begin(r->db)))
			rc = notes_view(r, &c, &v);
		store_rollback(r->db);
		return rc ? rc : reply_page(out, 422, "coproduction/notes", arena_printf(r->a, "Notes: %s", c.title), v);
	}
	char uuid[37], now[21];
	int64_t id = 0;
	time_iso8601(time_now(), now);
	if (!rc)
		rc = cp_note_insert(r->db, c.id, body, space, r->user->id, now, uuid, &id);
	for (size_t i = 0; !rc && i < n_ids; i++)
		rc = cp_note_tag(r->db, id, ids[i]);
	if (!rc)
		rc = cp_audit(r, "conversation.note", &c, arena_printf(r->a, "note:%s", uuid));
	return once_finish(r, out, rc, arena_printf(r->a, "/events/%s/conversation?done=note", c.event_uuid));
}

sn_err cp_publish_save(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool stop;
	sn_err rc = cp_organised_conv(r, out, &e, &c, &stop);
	if (rc || stop)
		return rc;
	bool yes = str_eq(req_get(r, "publish"), "yes");
	char now[21];
	time_iso8601(time_now(), now);
	const char *note = req_get(r, "note");
	rc = cp_note_publish(r->db, c.id, note, yes, now);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "This conversation has no such note.");
	}
	if (!rc)
		rc = cp_audit(r, yes ? "conversation.note.publish" : "conversation.note.unpublish", &c,
			      arena_printf(r->a, "note:%s", note));
	return cp_finish(r, out, rc, &c, "", yes ? "published" : "hidden");
}
