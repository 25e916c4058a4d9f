/* Co-production (issue 19, docs/coproduction.md): community conversations
 * (World Café, Open Space), their notes captured as they happen, themes,
 * actions with owners and due dates, and the published "what we heard,
 * what we did". This header is the pure part: formats, the actions'
 * statuses and the moves between them, overdue, theme names, counting
 * notes per theme and the limits of every field; no I/O, no store, no
 * clock (the caller passes today). */
#ifndef SN_COPRODUCTION_H
#define SN_COPRODUCTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

/* The limits of every field (the forms, the store and its CHECKs keep to
 * them). Lengths in bytes. */
#define CP_NOTE_MAX 500         /* a note: a sentence or two, not minutes */
#define CP_SPACE_MAX 60         /* the table or space it came from */
#define CP_THEME_MAX 60         /* a theme's name */
#define CP_THEMES_MAX 30        /* themes in one conversation's vocabulary */
#define CP_NOTE_THEMES_MAX 5    /* themes on one note or action */
#define CP_ACTION_MAX 300       /* what we will do */
#define CP_OWNER_MAX 120        /* who: an organisation or a team, as text */
#define CP_UPDATE_MAX 500       /* what changed, with a status update */
#define CP_NOTES_MAX 2000       /* notes in one conversation */
#define CP_ACTIONS_MAX 200      /* actions of one conversation */

/* How the conversation is run. */
typedef enum { CP_WORLD_CAFE, CP_OPEN_SPACE, CP_OTHER, CP_N_FORMATS } cp_format;
const char *cp_format_code(cp_format f);  /* "world-cafe", "open-space", "other"; "" out of range */
const char *cp_format_words(cp_format f); /* "World Café", ... */
bool cp_format_parse(const char *code, cp_format *out);

/* An action's status. Moves: planned -> in progress, done or dropped;
 * in progress -> done or dropped (or back to planned, when it stalls);
 * done -> in progress (reopened: it was not done after all); dropped ->
 * planned (taken up again). Never to the same status: each move is a
 * dated update, kept for good. */
typedef enum { CP_PLANNED, CP_IN_PROGRESS, CP_DONE, CP_DROPPED, CP_N_STATUSES } cp_status;
const char *cp_status_code(cp_status s);  /* "planned", "in-progress", "done", "dropped" */
const char *cp_status_words(cp_status s); /* "Planned", "In progress", "Done", "Dropped" */
bool cp_status_parse(const char *code, cp_status *out);
bool cp_status_move_ok(cp_status from, cp_status to);
/* Whether an action is still to do (planned or in progress). */
bool cp_status_open(cp_status s);

/* Overdue: still to do and due before today (day numbers, days since
 * 1970-01-01, as plan_rules.h's civil dates). */
bool cp_overdue(cp_status s, int64_t due_day, int64_t today);

/* A due date typed as day, month and year (years 2000 to 2100): SN_OK with
 * *day the day number, or SN_EINPUT with *why in words. */
sn_err cp_parse_due(const char *day, const char *month, const char *year, int64_t *out, const char **why);

/* A theme's name as typed into its key: spaces trimmed and collapsed, ASCII
 * letters in lower case (so "Transport " and "transport" are one theme
 * across conversations), into out (at least CP_THEME_MAX + 1 bytes).
 * SN_EINPUT when it is empty, longer than CP_THEME_MAX or holds a control
 * character. */
sn_err cp_theme_key(const char *name, char out[static CP_THEME_MAX + 1]);
/* The same name tidied for display (trimmed, spaces collapsed, case kept). */
sn_err cp_theme_tidy(const char *name, char out[static CP_THEME_MAX + 1]);

/* A field's text against its limit: NULL when it holds, else the problem
 * in words (what names the field: "The note"). Required fields must not be
 * empty or only spaces; no control characters but new lines and tabs. */
const char *cp_check_text(arena *a, const char *text, size_t max, bool required, const char *what);

/* Notes per theme: pairs (note, theme) in any order in, per theme how many
 * distinct notes carry it out (counts[i] for themes[i], the theme ids
 * given), so a note tagged twice with one theme counts once. */
typedef struct {
	int64_t note_id, theme_id;
} cp_tag;
void cp_count_themes(const cp_tag *tags, size_t n_tags, const int64_t *themes, size_t n_themes, int64_t *counts);

/* "1 note", "3 notes" (counts of notes, never of people). */
const char *cp_notes_words(arena *a, int64_t n);

#endif
