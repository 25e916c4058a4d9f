/* The application: what wires the features to the web layer. The route
 * table, the navigation and the session finder, handed to the server as
 * app_web (web_config.app) and to in-process handler tests. The top of the
 * house below the command line: it may include every feature; nothing but
 * src/cli and tests includes it. */
#ifndef SN_APP_H
#define SN_APP_H

#include "../web/web.h"

extern const route app_routes[];
extern const size_t app_n_routes;
extern const web_app app_web;

#endif
