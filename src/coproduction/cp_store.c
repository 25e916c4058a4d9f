/* Co-production in the store: every statement the feature runs (cp_store.h). */
#include <stdio.h>
#include <string.h>

#include "cp_store.h"

static const char *dup(arena *a, store_stmt *st, int i) { return arena_strdup(a, store_col_text(st, i)); }

#define CONV_COLS                                                                                      \
	"SELECT c.id, c.uuid, c.event_id, e.uuid, c.format, coalesce(c.locality_id, 0), "              \
	"coalesce(l.name, ''), e.title, e.place, e.starts_at, e.status, coalesce(o.name, ''), "         \
	"(SELECT count(*) FROM cp_notes n WHERE n.conversation_id = c.id), "                            \
	"(SELECT count(*) FROM cp_notes n WHERE n.conversation_id = c.id AND n.published = 1), "        \
	"(SELECT count(*) FROM cp_actions x WHERE x.conversation_id = c.id) "                           \
	"FROM cp_conversations c JOIN events e ON e.id = c.event_id "                                   \
	"LEFT JOIN localities l ON l.id = c.locality_id LEFT JOIN dir_organizations o ON o.id = e.organization_id "

static void conv_read(store_stmt *st, arena *a, cp_conv *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	o->event_id = store_col_i64(st, 2);
	snprintf(o->event_uuid, sizeof o->event_uuid, "%s", store_col_text(st, 3));
	if (!cp_format_parse(store_col_text(st, 4), &o->format))
		o->format = CP_OTHER;
	o->locality_id = store_col_i64(st, 5);
	o->locality = dup(a, st, 6);
	o->title = dup(a, st, 7);
	o->place = dup(a, st, 8);
	o->starts_at = dup(a, st, 9);
	o->event_status = dup(a, st, 10);
	o->org_name = dup(a, st, 11);
	o->notes = store_col_i64(st, 12);
	o->published = store_col_i64(st, 13);
	o->actions = store_col_i64(st, 14);
}

sn_err cp_conv_insert(store *s, int64_t event_id, cp_format f, int64_t locality_id, int64_t by, const char *now,
		      char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO cp_conversations (uuid, event_id, format, locality_id, created_by, created_at) VALUES "
		"(?, ?, ?, nullif(?, 0), ?, ?) RETURNING id", "tit" "ii" "t", uuid, event_id, cp_format_code(f),
		locality_id, by, now);
}

sn_err cp_conv_of_event(store *s, const char *event_uuid, arena *a, cp_conv *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, CONV_COLS "WHERE e.uuid = ?", "t", event_uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		conv_read(st, a, out);
	store_done(st);
	return rc ? rc : row ? SN_OK : SN_ENOTFOUND;
}

sn_err cp_conv_heard(store *s, const char *now, int64_t limit, int64_t offset, arena *a, cp_conv **rows,
		     size_t *n, int64_t *total)
{
	*rows = NULL;
	*n = 0;
	sn_err rc = store_one_i64(s, total, "SELECT count(*) FROM cp_conversations c JOIN events e ON "
				  "e.id = c.event_id WHERE e.status = 'published' AND e.starts_at <= ?", "t", now);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, CONV_COLS "WHERE e.status = 'published' AND e.starts_at <= ? "
				 "ORDER BY e.starts_at DESC, c.id DESC LIMIT ? OFFSET ?", "tii", now, limit, offset);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		conv_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err cp_localities(store *s, arena *a, cp_locality **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name FROM localities ORDER BY name, id LIMIT 500", "");
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		cp_locality *x = &(*rows)[(*n)++];
		x->id = store_col_i64(st, 0);
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 1));
		x->name = dup(a, st, 2);
	}
	store_done(st);
	return rc;
}

/* ---- themes ---- */

static sn_err themes_read(store_stmt *st, arena *a, cp_theme **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		cp_theme *x = &(*rows)[(*n)++];
		x->id = store_col_i64(st, 0);
		x->name = dup(a, st, 1);
	}
	store_done(st);
	return rc;
}

sn_err cp_themes_of(store *s, int64_t conv_id, arena *a, cp_theme **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT t.id, t.name FROM cp_conversation_themes ct JOIN cp_themes t ON "
				"t.id = ct.theme_id WHERE ct.conversation_id = ? ORDER BY t.name_key, t.id", "i", conv_id);
	return rc ? rc : themes_read(st, a, rows, n);
}

sn_err cp_theme_add(store *s, int64_t conv_id, const char *name, const char *key, int64_t *theme_id)
{
	sn_err rc = store_run(s, "INSERT INTO cp_themes (name, name_key) VALUES (?, ?) ON CONFLICT (name_key) DO NOTHING",
			      "tt", name, key);
	if (!rc)
		rc = store_one_i64(s, theme_id, "SELECT id FROM cp_themes WHERE name_key = ?", "t", key);
	if (!rc)
		rc = store_run(s, "INSERT INTO cp_conversation_themes (conversation_id, theme_id) VALUES (?, ?) "
			       "ON CONFLICT (conversation_id, theme_id) DO NOTHING", "ii", conv_id, *theme_id);
	return rc;
}

sn_err cp_themes_elsewhere(store *s, int64_t conv_id, int64_t limit, arena *a, cp_theme **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT t.id, t.name FROM cp_themes t JOIN cp_conversation_themes ct ON ct.theme_id = t.id "
		"WHERE t.id NOT IN (SELECT m.theme_id FROM cp_conversation_themes m WHERE m.conversation_id = ?) "
		"GROUP BY t.id, t.name, t.name_key ORDER BY count(*) DESC, t.name_key LIMIT ?", "ii", conv_id, limit);
	return rc ? rc : themes_read(st, a, rows, n);
}

static sn_err tags_read(store_stmt *st, arena *a, cp_tag **tags, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*tags = arena_grow(a, *tags, *n, &cap, sizeof **tags);
		(*tags)[*n].note_id = store_col_i64(st, 0);
		(*tags)[(*n)++].theme_id = store_col_i64(st, 1);
	}
	store_done(st);
	return rc;
}

sn_err cp_note_tags(store *s, int64_t conv_id, bool published_only, arena *a, cp_tag **tags, size_t *n)
{
	*tags = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT nt.note_id, nt.theme_id FROM cp_note_themes nt JOIN cp_notes n ON "
				"n.id = nt.note_id WHERE n.conversation_id = ? AND (? = 0 OR n.published = 1) "
				"ORDER BY nt.theme_id, nt.note_id", "ii", conv_id, (int64_t)published_only);
	return rc ? rc : tags_read(st, a, tags, n);
}

sn_err cp_action_tags(store *s, int64_t conv_id, arena *a, cp_tag **tags, size_t *n)
{
	*tags = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT at.action_id, at.theme_id FROM cp_action_themes at JOIN cp_actions x "
				"ON x.id = at.action_id WHERE x.conversation_id = ? ORDER BY at.theme_id, at.action_id",
				"i", conv_id);
	return rc ? rc : tags_read(st, a, tags, n);
}

/* ---- notes ---- */

sn_err cp_note_insert(store *s, int64_t conv_id, const char *body, const char *space, int64_t by, const char *now,
		      char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO cp_notes (uuid, conversation_id, body, space, captured_by, captured_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "titt" "itt", uuid, conv_id, body, space, by, now, now);
}

sn_err cp_note_tag(store *s, int64_t note_id, int64_t theme_id)
{
	return store_run(s, "INSERT INTO cp_note_themes (note_id, theme_id) VALUES (?, ?) ON CONFLICT (note_id, "
			 "theme_id) DO NOTHING", "ii", note_id, theme_id);
}

sn_err cp_note_publish(store *s, int64_t conv_id, const char *note_uuid, bool published, const char *now)
{
	sn_err rc = store_run(s, "UPDATE cp_notes SET published = ?, updated_at = ? WHERE conversation_id = ? AND "
			      "uuid = ?", "itit", (int64_t)published, now, conv_id, note_uuid);
	return !rc && store_changes(s) == 0 ? SN_ENOTFOUND : rc;
}

sn_err cp_notes_of(store *s, int64_t conv_id, bool published_only, bool with_names, int64_t limit, arena *a,
		   cp_note **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT n.id, n.uuid, n.body, n.space, n.captured_at, CASE WHEN ? = 1 THEN u.name ELSE '' END, "
		"n.published FROM cp_notes n JOIN users u ON u.id = n.captured_by WHERE n.conversation_id = ? AND "
		"(? = 0 OR n.published = 1) ORDER BY n.captured_at DESC, n.id DESC LIMIT ?", "iiii",
		(int64_t)with_names, conv_id, (int64_t)published_only, limit);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		cp_note *x = &(*rows)[(*n)++];
		x->id = store_col_i64(st, 0);
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 1));
		x->body = dup(a, st, 2);
		x->space = dup(a, st, 3);
		x->captured_at = dup(a, st, 4);
		x->by_name = dup(a, st, 5);
		x->published = store_col_i64(st, 6) == 1;
	}
	store_done(st);
	return rc;
}

/* ---- actions ---- */

sn_err cp_action_insert(store *s, int64_t conv_id, const cp_action *x, int64_t by, const char *today,
			const char *now, char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	sn_err rc = store_one_i64(s, id,
		"INSERT INTO cp_actions (uuid, conversation_id, body, owner, due_on, status, created_by, created_at, "
		"updated_at) VALUES (?, ?, ?, ?, ?, 'planned', ?, ?, ?) RETURNING id", "tittt" "itt", uuid, conv_id,
		x->body, x->owner, x->due_on, by, now, now);
	if (!rc)
		rc = store_run(s, "INSERT INTO cp_action_updates (action_id, status, note, made_by, made_on, made_at) "
			       "VALUES (?, 'planned', '', ?, ?, ?)", "iitt", *id, by, today, now);
	return rc;
}

sn_err cp_action_tag(store *s, int64_t action_id, int64_t theme_id)
{
	return store_run(s, "INSERT INTO cp_action_themes (action_id, theme_id) VALUES (?, ?) ON CONFLICT "
			 "(action_id, theme_id) DO NOTHING", "ii", action_id, theme_id);
}

#define ACTION_COLS "SELECT id, uuid, body, owner, due_on, created_at, status FROM cp_actions "

static void action_read(store_stmt *st, arena *a, cp_action *x)
{
	memset(x, 0, sizeof *x);
	x->id = store_col_i64(st, 0);
	snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 1));
	x->body = dup(a, st, 2);
	x->owner = dup(a, st, 3);
	x->due_on = dup(a, st, 4);
	x->created_at = dup(a, st, 5);
	if (!cp_status_parse(store_col_text(st, 6), &x->status))
		x->status = CP_PLANNED;
}

sn_err cp_actions_of(store *s, int64_t conv_id, arena *a, cp_action **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, ACTION_COLS "WHERE conversation_id = ? ORDER BY id LIMIT 1000", "i", conv_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		action_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err cp_action_find(store *s, int64_t conv_id, const char *uuid, arena *a, cp_action *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, ACTION_COLS "WHERE conversation_id = ? AND uuid = ?", "it", conv_id, uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		action_read(st, a, out);
	store_done(st);
	return rc ? rc : row ? SN_OK : SN_ENOTFOUND;
}

sn_err cp_action_move(store *s, int64_t action_id, cp_status to, const char *note, int64_t by, const char *today,
		      const char *now)
{
	sn_err rc = store_run(s, "UPDATE cp_actions SET status = ?, updated_at = ? WHERE id = ?", "tti",
			      cp_status_code(to), now, action_id);
	if (!rc)
		rc = store_run(s, "INSERT INTO cp_action_updates (action_id, status, note, made_by, made_on, made_at) "
			       "VALUES (?, ?, ?, ?, ?, ?)", "itt" "itt", action_id, cp_status_code(to), note, by, today,
			       now);
	return rc;
}

sn_err cp_updates_of(store *s, int64_t conv_id, arena *a, cp_update **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT u.action_id, u.status, u.note, u.made_on FROM cp_action_updates u "
				"JOIN cp_actions x ON x.id = u.action_id WHERE x.conversation_id = ? ORDER BY "
				"u.action_id, u.id", "i", conv_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		cp_update *x = &(*rows)[(*n)++];
		x->action_id = store_col_i64(st, 0);
		if (!cp_status_parse(store_col_text(st, 1), &x->status))
			x->status = CP_PLANNED;
		x->note = dup(a, st, 2);
		x->made_on = dup(a, st, 3);
	}
	store_done(st);
	return rc;
}
