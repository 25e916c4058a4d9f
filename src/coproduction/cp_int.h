/* Shared by the co-production pages (not for other folders). */
#ifndef SN_CP_INT_H
#define SN_CP_INT_H

#include "../access/access.h"
#include "../events/events_store.h"
#include "cp_pages.h"
#include "cp_store.h"

/* Opens a transaction (a write one when write), finds the path's event
 * and checks the caller organises it (403, audited, otherwise), then its
 * conversation into c (*has false when it has none yet). 404 for no such
 * event. On *stop the reply is made and the transaction closed. */
sn_err cp_organised(req *r, reply *out, bool write, ev_row *e, cp_conv *c, bool *has, bool *stop);
/* The same, for the writes that need the conversation set up: 409 when it
 * is not. */
sn_err cp_organised_conv(req *r, reply *out, ev_row *e, cp_conv *c, bool *stop);
/* Appends an audit entry of the organiser's change, in the transaction. */
sn_err cp_audit(req *r, const char *action, const cp_conv *c, const char *detail);
/* Commits (or rolls back on rc) and redirects to the conversation's page
 * (tail: "" or "/actions") with ?done=done. */
sn_err cp_finish(req *r, reply *out, sn_err rc, const cp_conv *c, const char *tail, const char *done);
/* The conversation as the pages show it: title, date, place, locality,
 * format (a new object). */
json_t *cp_conv_view(req *r, const cp_conv *c);
/* The themes heard, with counts of notes (all notes, or only the
 * published ones for the public page): [{name, count, notes_words}]. */
sn_err cp_theme_counts(req *r, const cp_conv *c, bool published_only, json_t **out);
/* Today (UTC) as a day number and as "YYYY-MM-DD". */
int64_t cp_today(char out[static 11]);
/* The actions, with owner, due date, status, overdue, themes and their
 * dated updates (with_moves: the moves allowed from each, for the
 * organisers' forms). */
sn_err cp_actions_view(req *r, const cp_conv *c, bool with_moves, json_t **out);
/* Whether the form had a problem (req_add_error): the handler then shows
 * it again, 422, and stores nothing. */
bool cp_has_errors(const req *r);

#endif
