/* Co-production in the store (cp_store.c: every statement of the feature).
 * Writes run inside the caller's write transaction; the caller audits.
 * Text from the arena a; "" for what is not there. A conversation is one
 * event of kind community-conversation (src/events) with a record here. */
#ifndef SN_CP_STORE_H
#define SN_CP_STORE_H

#include "../store/store.h"
#include "coproduction.h"

typedef struct {
	int64_t id, event_id, locality_id;
	char uuid[37], event_uuid[37];
	cp_format format;
	const char *title, *place, *starts_at, *event_status, *locality, *org_name;
	int64_t notes, published, actions; /* counts */
} cp_conv;

/* A new conversation record for event_id; uuid gets its id. */
sn_err cp_conv_insert(store *s, int64_t event_id, cp_format f, int64_t locality_id, int64_t by, const char *now,
		      char uuid[static 37], int64_t *id);
/* The conversation of an event (by the event's uuid): SN_ENOTFOUND when
 * the event has none. */
sn_err cp_conv_of_event(store *s, const char *event_uuid, arena *a, cp_conv *out);
/* What the public page lists: conversations whose event has started by now
 * and was not cancelled, newest first; *total gets how many. */
sn_err cp_conv_heard(store *s, const char *now, int64_t limit, int64_t offset, arena *a, cp_conv **rows,
		     size_t *n, int64_t *total);

/* The area's localities, by name. */
typedef struct {
	int64_t id;
	char uuid[37];
	const char *name;
} cp_locality;
sn_err cp_localities(store *s, arena *a, cp_locality **rows, size_t *n);

/* ---- themes ---- */
typedef struct {
	int64_t id;
	const char *name;
} cp_theme;
/* A conversation's vocabulary, by name. */
sn_err cp_themes_of(store *s, int64_t conv_id, arena *a, cp_theme **rows, size_t *n);
/* Adds a theme to the conversation's vocabulary: the one of that key (used
 * by any conversation) or a new one named name. *theme_id gets it. */
sn_err cp_theme_add(store *s, int64_t conv_id, const char *name, const char *key, int64_t *theme_id);
/* Theme names used by other conversations and not yet by this one, most
 * used first (suggestions), at most limit. */
sn_err cp_themes_elsewhere(store *s, int64_t conv_id, int64_t limit, arena *a, cp_theme **rows, size_t *n);
/* The (note, theme) pairs of the conversation's notes (all, or only the
 * published ones), sorted by theme then note. */
sn_err cp_note_tags(store *s, int64_t conv_id, bool published_only, arena *a, cp_tag **tags, size_t *n);
/* The (action, theme) pairs of its actions (note_id holds the action id). */
sn_err cp_action_tags(store *s, int64_t conv_id, arena *a, cp_tag **tags, size_t *n);

/* ---- notes ---- */
typedef struct {
	int64_t id;
	char uuid[37];
	const char *body, *space, *captured_at, *by_name;
	bool published;
} cp_note;
sn_err cp_note_insert(store *s, int64_t conv_id, const char *body, const char *space, int64_t by, const char *now,
		      char uuid[static 37], int64_t *id);
sn_err cp_note_tag(store *s, int64_t note_id, int64_t theme_id);
/* Marks the note (of this conversation) for publication or not: SN_ENOTFOUND
 * when the conversation has no such note. */
sn_err cp_note_publish(store *s, int64_t conv_id, const char *note_uuid, bool published, const char *now);
/* Newest first, at most limit; by_name only when with_names (the
 * organisers' page; the public page never reads who wrote a note). */
sn_err cp_notes_of(store *s, int64_t conv_id, bool published_only, bool with_names, int64_t limit, arena *a,
		   cp_note **rows, size_t *n);

/* ---- actions ---- */
typedef struct {
	int64_t id;
	char uuid[37];
	const char *body, *owner, *due_on, *created_at;
	cp_status status;
} cp_action;
/* A new action, planned, with its first update ("planned" on today). */
sn_err cp_action_insert(store *s, int64_t conv_id, const cp_action *x, int64_t by, const char *today,
			const char *now, char uuid[static 37], int64_t *id);
sn_err cp_action_tag(store *s, int64_t action_id, int64_t theme_id);
/* Oldest first. */
sn_err cp_actions_of(store *s, int64_t conv_id, arena *a, cp_action **rows, size_t *n);
/* SN_ENOTFOUND when the conversation has no such action. */
sn_err cp_action_find(store *s, int64_t conv_id, const char *uuid, arena *a, cp_action *out);
/* The status changes to to, with an update kept for good. */
sn_err cp_action_move(store *s, int64_t action_id, cp_status to, const char *note, int64_t by, const char *today,
		      const char *now);
typedef struct {
	int64_t action_id;
	cp_status status;
	const char *note, *made_on;
} cp_update;
/* Every update of the conversation's actions, by action, oldest first. */
sn_err cp_updates_of(store *s, int64_t conv_id, arena *a, cp_update **rows, size_t *n);

#endif
