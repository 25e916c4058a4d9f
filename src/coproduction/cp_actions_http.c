/* A community conversation's themes and actions (docs/coproduction.md):
 * the themes heard with counts of notes, adding a theme, "what we will
 * do" (an action with an owner, a due date and themes), and moving an
 * action's status, each move a dated update kept for good. For the
 * event's organisers; every change audited in its transaction. */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "../plan/plan_rules.h" /* civil dates only */
#include "cp_int.h"

int64_t cp_today(char out[static 11])
{
	int64_t d = civil_of_time(time_now());
	civil_format(d, out);
	return d;
}

sn_err cp_theme_counts(req *r, const cp_conv *c, bool published_only, json_t **out)
{
	cp_theme *t = NULL;
	cp_tag *tags = NULL;
	size_t n = 0, n_tags = 0;
	*out = NULL;
	sn_err rc = cp_themes_of(r->db, c->id, r->a, &t, &n);
	if (!rc)
		rc = cp_note_tags(r->db, c->id, published_only, r->a, &tags, &n_tags);
	if (rc)
		return rc;
	int64_t *ids = arena_alloc(r->a, (n ? n : 1) * sizeof *ids), *counts = arena_alloc(r->a, (n ? n : 1) * sizeof *counts);
	for (size_t i = 0; i < n; i++)
		ids[i] = t[i].id;
	cp_count_themes(tags, n_tags, ids, n, counts);
	/* most heard first, then by name (the vocabulary comes by name); a few
	 * dozen at most, so an insertion sort, stable */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && counts[j] > counts[j - 1]; j--) {
			int64_t k = counts[j];
			cp_theme x = t[j];
			counts[j] = counts[j - 1], t[j] = t[j - 1];
			counts[j - 1] = k, t[j - 1] = x;
		}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		if (counts[i] || !published_only) /* the public page: only the themes heard in what was published */
			json_array_append_new(list, json_pack("{sssIss}", "name", t[i].name, "count", (json_int_t)counts[i],
							      "notes_words", cp_notes_words(r->a, counts[i])));
	*out = list;
	return SN_OK;
}

/* The moves allowed from s, as options of a select. */
static json_t *moves_of(cp_status s)
{
	json_t *list = json_array();
	for (int to = 0; to < CP_N_STATUSES; to++)
		if (cp_status_move_ok(s, (cp_status)to))
			json_array_append_new(list, json_pack("{ssss}", "value", cp_status_code((cp_status)to), "label",
							      cp_status_words((cp_status)to)));
	return list;
}

sn_err cp_actions_view(req *r, const cp_conv *c, bool with_moves, json_t **out)
{
	cp_action *x = NULL;
	cp_update *u = NULL;
	cp_tag *tags = NULL;
	cp_theme *t = NULL;
	size_t n = 0, n_u = 0, n_tags = 0, n_t = 0;
	*out = NULL;
	sn_err rc = cp_actions_of(r->db, c->id, r->a, &x, &n);
	if (!rc)
		rc = cp_updates_of(r->db, c->id, r->a, &u, &n_u);
	if (!rc)
		rc = cp_action_tags(r->db, c->id, r->a, &tags, &n_tags);
	if (!rc)
		rc = cp_themes_of(r->db, c->id, r->a, &t, &n_t);
	if (rc)
		return rc;
	char today_s[11];
	int64_t today = cp_today(today_s);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		int64_t due = 0;
		bool overdue = !civil_parse(x[i].due_on, &due) && cp_overdue(x[i].status, due, today);
		const char *themes = "";
		for (size_t k = 0; k < n_tags; k++)
			for (size_t j = 0; tags[k].note_id == x[i].id && j < n_t; j++)
				if (t[j].id == tags[k].theme_id)
					themes = *themes ? arena_printf(r->a, "%s, %s", themes, t[j].name) : t[j].name;
		json_t *history = json_array();
		for (size_t k = 0; k < n_u; k++)
			if (u[k].action_id == x[i].id)
				json_array_append_new(history, json_pack("{ssssss}", "status_words",
					cp_status_words(u[k].status), "on", time_uk_day(r->a, u[k].made_on), "note", u[k].note));
		json_t *a = json_pack("{sssssssssssssbsssoss}", "id", x[i].uuid, "body", x[i].body, "owner", x[i].owner,
			"due", time_uk_day(r->a, x[i].due_on), "status", cp_status_code(x[i].status), "status_words",
			cp_status_words(x[i].status), "overdue", overdue, "themes", themes, "history", history, "tag_class",
			x[i].status == CP_DONE ? "govuk-tag--green" : x[i].status == CP_DROPPED ? "govuk-tag--grey"
			: x[i].status == CP_IN_PROGRESS ? "govuk-tag--blue" : "govuk-tag--yellow");
		if (with_moves)
			json_object_set_new(a, "moves", moves_of(x[i].status));
		json_array_append_new(list, a);
	}
	*out = list;
	return SN_OK;
}

/* ---- the organisers' page ---- */

static sn_err actions_view(req *r, const cp_conv *c, json_t **out)
{
	json_t *themes = NULL, *actions = NULL;
	sn_err rc = cp_theme_counts(r, c, false, &themes);
	if (!rc)
		rc = cp_actions_view(r, c, true, &actions);
	if (rc) {
		json_decref(themes);
		return rc;
	}
	json_t *v = cp_conv_view(r, c), *boxes = json_array();
	size_t i;
	cp_theme *t = NULL;
	size_t n_t = 0;
	rc = cp_themes_of(r->db, c->id, r->a, &t, &n_t);
	for (i = 0; !rc && i < n_t; i++) {
		const char *field = arena_printf(r->a, "theme-%lld", (long long)t[i].id);
		json_array_append_new(boxes, json_pack("{sssssb}", "field", field, "name", t[i].name, "checked",
						       str_eq(req_form(r, field), "yes")));
	}
	json_object_set_new(v, "theme_counts", themes);
	json_object_set_new(v, "has_theme_counts", json_boolean(json_array_size(themes) > 0));
	json_object_set_new(v, "list", actions);
	json_object_set_new(v, "has_actions", json_boolean(json_array_size(actions) > 0));
	json_object_set_new(v, "themes", boxes);
	json_object_set_new(v, "has_themes", json_boolean(n_t > 0));
	static const char *const keys[] = {"body", "owner", "due-day", "due-month", "due-year", "name"};
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		json_object_set_new(v, keys[i], json_string(cp_has_errors(r) ? req_form(r, keys[i]) : ""));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "done", json_string(req_get(r, "done")));
	*out = v;
	return rc;
}

static sn_err actions_reply(req *r, reply *out, int status, const cp_conv *c)
{
	json_t *v = NULL;
	sn_err rc = actions_view(r, c, &v);
	store_rollback(r->db);
	if (rc) {
		json_decref(v);
		return rc;
	}
	return reply_page(out, status, "coproduction/actions", arena_printf(r->a, "Themes and actions: %s", c->title), v);
}

sn_err cp_actions_page(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool has, stop;
	sn_err rc = cp_organised(r, out, false, &e, &c, &has, &stop);
	if (rc || stop)
		return rc;
	if (!has) {
		store_rollback(r->db);
		return reply_redirect(out, arena_printf(r->a, "/events/%s/conversation", e.uuid));
	}
	return actions_reply(r, out, 200, &c);
}

/* Shown again with the problem (422) in a fresh read; nothing stored. */
static sn_err again(req *r, reply *out, const cp_conv *c)
{
	store_rollback(r->db);
	sn_err rc = store_begin(r->db);
	return rc ? rc : actions_reply(r, out, 422, c);
}

sn_err cp_theme_save(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool stop;
	sn_err rc = cp_organised_conv(r, out, &e, &c, &stop);
	if (rc || stop)
		return rc;
	char key[CP_THEME_MAX + 1], name[CP_THEME_MAX + 1];
	cp_theme *t = NULL;
	size_t n = 0;
	if (cp_theme_key(req_form(r, "name"), key) || cp_theme_tidy(req_form(r, "name"), name))
		req_add_error(r, "name", arena_printf(r->a, "Enter the theme's name: plain text of at most %d characters",
						      CP_THEME_MAX));
	else if (!(rc = cp_themes_of(r->db, c.id, r->a, &t, &n)) && n >= CP_THEMES_MAX)
		req_add_error(r, "name", arena_printf(r->a, "A conversation has at most %d themes", CP_THEMES_MAX));
	if (!rc && cp_has_errors(r))
		return again(r, out, &c);
	int64_t id = 0;
	if (!rc)
		rc = cp_theme_add(r->db, c.id, name, key, &id);
	if (!rc)
		rc = cp_audit(r, "conversation.theme", &c, name);
	return cp_finish(r, out, rc, &c, "/actions", "theme");
}

/* The action's themes: the ticked ones of the vocabulary (at most
 * CP_NOTE_THEMES_MAX). */
static sn_err ticked(req *r, const cp_conv *c, int64_t *ids, size_t *n_ids)
{
	cp_theme *t = NULL;
	size_t n = 0;
	*n_ids = 0;
	sn_err rc = cp_themes_of(r->db, c->id, r->a, &t, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (str_eq(req_form(r, arena_printf(r->a, "theme-%lld", (long long)t[i].id)), "yes")) {
			if (*n_ids == CP_NOTE_THEMES_MAX) {
				req_add_error(r, "themes", arena_printf(r->a, "Choose at most %d themes", CP_NOTE_THEMES_MAX));
				break;
			}
			ids[(*n_ids)++] = t[i].id;
		}
	return rc;
}

sn_err cp_action_save(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool stop, done = false;
	sn_err rc = cp_organised_conv(r, out, &e, &c, &stop);
	if (rc || stop)
		return rc;
	cp_action x = {.body = req_form(r, "body"), .owner = req_form(r, "owner")};
	const char *p;
	if ((p = cp_check_text(r->a, x.body, CP_ACTION_MAX, true, "what will be done")))
		req_add_error(r, "body", p);
	if ((p = cp_check_text(r->a, x.owner, CP_OWNER_MAX, true, "who will do it")))
		req_add_error(r, "owner", p);
	int64_t due = 0;
	char due_s[11];
	if (cp_parse_due(req_form(r, "due-day"), req_form(r, "due-month"), req_form(r, "due-year"), &due, &p))
		req_add_error(r, "due-day", p);
	civil_format(due, due_s);
	x.due_on = due_s;
	if (c.actions >= CP_ACTIONS_MAX)
		req_add_error(r, "body", arena_printf(r->a, "A conversation keeps at most %d actions", CP_ACTIONS_MAX));
	int64_t ids[CP_NOTE_THEMES_MAX];
	size_t n_ids = 0;
	rc = ticked(r, &c, ids, &n_ids);
	if (!rc && cp_has_errors(r))
		return again(r, out, &c);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37], now[21], today[11];
	int64_t id = 0;
	time_iso8601(time_now(), now);
	cp_today(today);
	rc = cp_action_insert(r->db, c.id, &x, r->user->id, today, now, uuid, &id);
	for (size_t i = 0; !rc && i < n_ids; i++)
		rc = cp_action_tag(r->db, id, ids[i]);
	if (!rc)
		rc = cp_audit(r, "conversation.action", &c, arena_printf(r->a, "action:%s", uuid));
	return once_finish(r, out, rc, arena_printf(r->a, "/events/%s/conversation/actions?done=action", c.event_uuid));
}

sn_err cp_status_save(req *r, reply *out)
{
	ev_row e;
	cp_conv c;
	bool stop;
	sn_err rc = cp_organised_conv(r, out, &e, &c, &stop);
	if (rc || stop)
		return rc;
	cp_action x;
	rc = cp_action_find(r->db, c.id, req_get(r, "action"), r->a, &x);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "This conversation has no such action.");
	}
	cp_status to = CP_PLANNED;
	const char *note = req_get(r, "update"), *p = NULL;
	if (!rc && !cp_status_parse(req_get(r, "status"), &to))
		req_add_error(r, "status", "Choose the new status");
	else if (!rc && !cp_status_move_ok(x.status, to))
		req_add_error(r, "status", arena_printf(r->a, "An action that is %s cannot become %s",
			cp_status_words(x.status), cp_status_words(to)));
	if (!rc && (p = cp_check_text(r->a, note, CP_UPDATE_MAX, false, "what changed")))
		req_add_error(r, "update", p);
	if (!rc && cp_has_errors(r))
		return again(r, out, &c);
	char now[21], today[11];
	time_iso8601(time_now(), now);
	cp_today(today);
	if (!rc)
		rc = cp_action_move(r->db, x.id, to, note, r->user->id, today, now);
	if (!rc)
		rc = cp_audit(r, "conversation.action.status", &c,
			      arena_printf(r->a, "action:%s %s -> %s", x.uuid, cp_status_code(x.status), cp_status_code(to)));
	return cp_finish(r, out, rc, &c, "/actions", "moved");
}
