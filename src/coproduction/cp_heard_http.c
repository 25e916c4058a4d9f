/* "What we heard, what we did" (docs/coproduction.md): public, no sign-in.
 * The community conversations that have taken place, newest first, with
 * their date, locality and format, the themes heard (counts of the
 * published notes per theme: counts of notes, never of people), the notes
 * the organisers published, and the actions with owner, due date and
 * status, overdue ones marked. Never who wrote a note, nor anything an
 * organiser did not publish. */
#include <stdio.h>
#include <string.h>

#include "cp_int.h"

#define LIST_PAGE 25
#define NOTES_PUBLISHED_SHOWN 200

/* One conversation for the public: the conversation, its themes and its
 * actions (the notes' texts only when with_notes). */
static sn_err public_view(req *r, const cp_conv *c, bool with_notes, json_t **out)
{
	json_t *themes = NULL, *actions = NULL;
	*out = NULL;
	sn_err rc = cp_theme_counts(r, c, true, &themes);
	if (!rc)
		rc = cp_actions_view(r, c, false, &actions);
	if (rc) {
		json_decref(themes);
		return rc;
	}
	json_t *v = cp_conv_view(r, c);
	json_object_del(v, "notes"); /* all notes, published or not: the public sees only the published count */
	json_object_set_new(v, "published_words", json_string(cp_notes_words(r->a, c->published)));
	json_object_set_new(v, "themes", themes);
	json_object_set_new(v, "has_themes", json_boolean(json_array_size(themes) > 0));
	json_object_set_new(v, "list", actions);
	json_object_set_new(v, "has_actions", json_boolean(json_array_size(actions) > 0));
	if (with_notes) {
		cp_note *notes = NULL;
		size_t n = 0;
		rc = cp_notes_of(r->db, c->id, true, false, NOTES_PUBLISHED_SHOWN, r->a, &notes, &n);
		json_t *heard = json_array();
		for (size_t i = 0; !rc && i < n; i++)
			json_array_append_new(heard, json_pack("{ssss}", "body", notes[i].body, "space", notes[i].space));
		json_object_set_new(v, "heard", heard);
		json_object_set_new(v, "has_heard", json_boolean(json_array_size(heard) > 0));
	}
	*out = v;
	return rc;
}

sn_err cp_heard_page(req *r, reply *out)
{
	int64_t page = req_get_i64(r, "page", 1), total = 0;
	char now[21];
	time_iso8601(time_now(), now);
	cp_conv *rows = NULL;
	size_t n = 0;
	sn_err rc = store_begin(r->db);
	if (!rc)
		rc = cp_conv_heard(r->db, now, LIST_PAGE, (page - 1) * LIST_PAGE, r->a, &rows, &n, &total);
	json_t *list = json_array();
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *one = NULL;
		rc = public_view(r, &rows[i], false, &one);
		if (one)
			json_array_append_new(list, one);
	}
	store_rollback(r->db);
	if (rc) {
		json_decref(list);
		return rc;
	}
	int64_t pages = (total + LIST_PAGE - 1) / LIST_PAGE;
	json_t *v = json_pack("{sosbsIsIsI}", "conversations", list, "has_conversations", n > 0, "total",
			      (json_int_t)total, "page", (json_int_t)page, "pages", (json_int_t)pages);
	if (page > 1)
		json_object_set_new(v, "prev", json_string(arena_printf(r->a, "/what-we-heard?page=%lld", (long long)page - 1)));
	if (page < pages)
		json_object_set_new(v, "next", json_string(arena_printf(r->a, "/what-we-heard?page=%lld", (long long)page + 1)));
	return reply_page(out, 200, "coproduction/heard", "What we heard, what we did", v);
}

sn_err cp_heard_one_page(req *r, reply *out)
{
	cp_conv c;
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = store_begin(r->db);
	if (!rc)
		rc = cp_conv_of_event(r->db, req_get(r, "id"), r->a, &c);
	/* not listed (not yet held, or cancelled): not there for the public either */
	if (rc == SN_ENOTFOUND || (!rc && (!str_eq(c.event_status, "published") || strcmp(c.starts_at, now) > 0))) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no such conversation, or it has not taken place yet.");
	}
	json_t *v = NULL;
	if (!rc)
		rc = public_view(r, &c, true, &v);
	store_rollback(r->db);
	if (rc) {
		json_decref(v);
		return rc;
	}
	return reply_page(out, 200, "coproduction/heard-one", arena_printf(r->a, "What we heard: %s", c.title), v);
}
