/* The application: what wires the features to the web layer. The route
 * table, the navigation and the session finder, handed to the server as
 * app_web (web_config.app) and to in-process handler tests, and the
 * parts of pages that capabilities add to each other's (app_start). The top of the
 * house below the command line: it may include every feature; nothing but
 * src/cli and tests includes it. */
#ifndef SN_APP_H
#define SN_APP_H

#include "../people/people.h"
#include "../web/web.h"

extern const route app_routes[];
extern const size_t app_n_routes;
extern const web_app app_web;
/* The parts other capabilities add to pages one feature owns: the person
 * page's sections, in order (people_set_sections). */
extern const people_section app_person_sections[];
extern const size_t app_n_person_sections;
/* Hands the features what the application wires together (the person
 * page's sections); call once before serving or handling requests. */
void app_start(void);

#endif
