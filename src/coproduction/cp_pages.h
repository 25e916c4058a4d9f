/* Co-production on the web (docs/coproduction.md): the organisers' pages
 * of a community conversation (setting it up, capturing notes as they
 * happen, themes, actions and their status updates) and the public "what
 * we heard, what we did". Routes are declared in src/app/routes.c. */
#ifndef SN_CP_PAGES_H
#define SN_CP_PAGES_H

#include "../events/events_pages.h"
#include "../web/web.h"
#include "coproduction.h"

/* Who may reach the organisers' pages at all (the route's permission); the
 * handler then asks events whether the caller organises this event
 * (ev_organiser), and answers 403 (audited) when not. */
#define CP_ORGANISERS EV_ORGANISERS

/* cp_notes_http.c */
sn_err cp_notes_page(req *r, reply *out);    /* GET /events/{id}/conversation */
sn_err cp_setup_save(req *r, reply *out);    /* POST /events/{id}/conversation */
sn_err cp_note_save(req *r, reply *out);     /* POST /events/{id}/conversation/notes */
sn_err cp_publish_save(req *r, reply *out);  /* POST /events/{id}/conversation/publish */

/* cp_actions_http.c */
sn_err cp_actions_page(req *r, reply *out);  /* GET /events/{id}/conversation/actions */
sn_err cp_theme_save(req *r, reply *out);    /* POST /events/{id}/conversation/themes */
sn_err cp_action_save(req *r, reply *out);   /* POST /events/{id}/conversation/actions */
sn_err cp_status_save(req *r, reply *out);   /* POST /events/{id}/conversation/actions/status */

/* cp_heard_http.c */
sn_err cp_heard_page(req *r, reply *out);    /* GET /what-we-heard */
sn_err cp_heard_one_page(req *r, reply *out); /* GET /what-we-heard/{id} */

#endif
