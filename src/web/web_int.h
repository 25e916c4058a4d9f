/* Private to src/web: the pipeline that server.c (libmicrohttpd) and
 * local.c (in-process requests) share. */
#ifndef SN_WEB_INT_H
#define SN_WEB_INT_H

#include "web.h"

/* The configuration in force (web_configure); NULL before. */
extern const web_config *web_cfg;
/* Takes c (kept by pointer) and its application; makes the CSP. */
void web_configure(const web_config *c);
/* The port the server listens on, once known (for the default base URL). */
void web_set_port(int port);

/* Reads the request target into r (r->a, r->method and r->want_json set):
 * r->path, r->query, r->route (NULL: unknown path, a 404 later). false
 * when rep holds the answer already (414, 400, 405). */
bool web_read_target(req *r, const char *uri, reply *rep);
/* The rest of the pipeline for r: session (r->db is taken from the pool
 * when NULL; the caller gives it back), permission, the body (a form with
 * its CSRF token, or JSON for API routes), input rules and the handler.
 * rep gets the handler's reply or the error. */
void web_run(req *r, const char *uri, const char *body, size_t body_len, reply *rep);

/* A reply as it goes on the wire. Header values point into static text,
 * r's arena or the reply's strings. */
typedef struct {
	int status;
	const char *headers[20][2];
	size_t n_headers;
	buf bytes;
} web_response;
/* Renders rep for r (JSON when r wants it, else the page in the layout)
 * with every header. Frees a body the reply owned; the view stays the
 * caller's. Free out with web_response_free. */
void web_respond(req *r, reply *rep, web_response *out);
void web_response_free(web_response *out);

#endif
