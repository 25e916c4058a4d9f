/* The request pipeline, apart from any socket: reading the target (path,
 * query, route), then session, permission, CSRF, input rules and the
 * handler, and the reply turned into a response (status, headers, bytes:
 * JSON or the page rendered in the layout). server.c drives it for
 * libmicrohttpd; local.c drives it in process for handler tests. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web_int.h"

const web_config *web_cfg;
/* web_base_url: written once the port is known, which for port 0 is after
 * the worker threads have started, so readers see it through an atomic
 * pointer to a buffer filled before it is published. */
static char base_url_text[2][256];
static _Atomic(const char *) base_url;

/* The Content-Security-Policy, made once at start: images may also come
 * from the map tile server when one is configured. */
static char CSP[768];

static void csp_init(const char *tiles)
{
	char origin[256] = "";
	if (tiles) {
		/* "https://host[:port]" of the tile URL. */
		const char *p = tiles + strlen("https://");
		size_t n = strcspn(p, "/");
		snprintf(origin, sizeof origin, " https://%.*s", (int)(n < 200 ? n : 200), p);
	}
	snprintf(CSP, sizeof CSP,
		 "default-src 'self'; script-src 'self'; style-src 'self'; "
		 "img-src 'self' data:%s; font-src 'self'; connect-src 'self'; "
		 "object-src 'none'; base-uri 'none'; form-action 'self'; "
		 "frame-ancestors 'none'", origin);
}

void web_configure(const web_config *c)
{
	web_cfg = c;
	csp_init(c->tiles);
	web_app_set(c->app);
	if (c->base_url) {
		snprintf(base_url_text[0], sizeof base_url_text[0], "%s", c->base_url);
		atomic_store(&base_url, base_url_text[0]);
	}
	else
		web_set_port(c->port);
}

const char *web_base_url(void)
{
	const char *u = atomic_load(&base_url);
	return u ? u : "http://127.0.0.1:8080";
}

void web_set_port(int port)
{
	if (!web_cfg || web_cfg->base_url)
		return;
	/* The buffer not published yet (at most two: the port given, then the
	 * port bound). */
	char *b = atomic_load(&base_url) == base_url_text[0] ? base_url_text[1] : base_url_text[0];
	snprintf(b, sizeof base_url_text[0], "http://%s:%d", web_cfg->host ? web_cfg->host : "127.0.0.1", port);
	atomic_store(&base_url, b);
}

const char *web_tiles(void)
{
	return web_cfg ? web_cfg->tiles : NULL;
}

const char *web_tiles_attribution(void)
{
	return web_cfg && web_cfg->tiles_attribution ? web_cfg->tiles_attribution : "";
}

void web_set_session_cookie(req *r, const char *token)
{
	r->new_cookie = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", WEB_SESSION_COOKIE,
				     token, web_cfg && web_cfg->tls_front ? "; Secure" : "");
}

void web_clear_session_cookie(req *r)
{
	r->new_cookie = arena_printf(r->a, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
				     WEB_SESSION_COOKIE, web_cfg && web_cfg->tls_front ? "; Secure" : "");
}

int64_t web_session_idle_seconds(void)
{
	return web_cfg ? web_cfg->session_idle_seconds : 30 * 60;
}

int64_t web_session_max_seconds(void)
{
	return web_cfg ? web_cfg->session_max_seconds : 12 * 60 * 60;
}

static bool state_changing(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

/* ---- the target ---- */

bool web_read_target(req *r, const char *uri, reply *rep)
{
	if (strlen(uri) > WEB_MAX_URI) {
		reply_error(r, rep, 414, "The address is too long.");
		return false;
	}
	const char *q = strchr(uri, '?');
	r->path = q ? arena_strndup(r->a, uri, (size_t)(q - uri)) : arena_strdup(r->a, uri);
	if (q) {
		sn_err rc = parse_urlencoded(r->a, q + 1, strlen(q + 1), &r->query);
		if (rc == SN_ETOOBIG) {
			reply_error(r, rep, 414, "The address has too many or too long parameters.");
			return false;
		}
		if (rc) {
			reply_error(r, rep, 400, "The address could not be read.");
			return false;
		}
	}
	bool known = false;
	char allow[64];
	r->route = route_match(r, r->method, r->path, &known, allow, sizeof allow);
	if (r->route && (r->route->flags & (ROUTE_API | ROUTE_JSON_BODY)))
		r->want_json = true;
	if (!r->route && known) {
		reply_error(r, rep, 405, "That method is not allowed here.");
		json_object_set_new(rep->view, "allow", json_string(allow));
		return false;
	}
	return true;
}

/* ---- session, permission, CSRF, input rules, handler ---- */

static bool permitted(uint32_t perm, const web_user *u, bool loopback)
{
	if (perm & PERM_PUBLIC)
		return true;
	if ((perm & PERM_LOOPBACK) && loopback)
		return true;
	if (!u)
		return false;
	if (perm & PERM_SIGNED_IN)
		return true;
	return (u->roles & perm & PERM_ROLES) != 0;
}

/* Signed out: JSON and state-changing requests get 401, pages go to the
 * sign-in page with the address to come back to. */
static void to_sign_in(req *r, const char *uri, reply *rep)
{
	if (r->want_json || state_changing(r->method)) {
		reply_error(r, rep, 401, "Sign in to use this page.");
		return;
	}
	reply_redirect(rep, arena_printf(r->a, "/sign-in?next=%s", str_starts(uri, "/") ? uri : "/"));
	/* The next target is re-validated by the sign-in handler. */
	char *loc = (char *)rep->location;
	for (char *p = loc + strlen("/sign-in?next="); *p; p++)
		if (*p == '&' || *p == '#' || *p == '?')
			*p = '_';
}

/* The body as the route takes it: JSON as sent (API routes), or a form
 * whose CSRF token must match the session's. false: rep has the error. */
static bool read_body(req *r, const char *body, size_t body_len, reply *rep)
{
	const route *rt = r->route;
	const char *ct = req_header(r, "Content-Type");
	if (rt->flags & ROUTE_API) {
		/* JSON in and out. No CSRF token: a browser cannot send
		 * application/json to another site without a CORS preflight,
		 * which is never granted, and API routes use no session. */
		if (state_changing(r->method) && (!ct || !str_starts(ct, "application/json"))) {
			reply_error(r, rep, 415, "Send application/json.");
			return false;
		}
		r->body = body ? body : "";
		r->body_len = body_len;
		return true;
	}
	if (!state_changing(r->method))
		return true;
	if (rt->flags & ROUTE_JSON_BODY) {
		/* JSON for a signed-in caller: the session's CSRF token comes in
		 * the X-CSRF-Token header (a form cannot send one). A caller with
		 * an API token needs none: a browser never adds an Authorization
		 * header to another site's request, so no other site can make one. */
		const char *tok = req_header(r, "X-CSRF-Token");
		if (!ct || !str_starts(ct, "application/json")) {
			reply_error(r, rep, 415, "Send application/json.");
			return false;
		}
		if (!r->bearer && (!r->csrf || !tok || strlen(tok) != strlen(r->csrf) ||
		    !ct_eq(tok, r->csrf, strlen(tok)))) {
			reply_error(r, rep, 403, "Send the session's X-CSRF-Token header.");
			json_object_set_new(rep->view, "reason", json_string("csrf"));
			return false;
		}
		r->body = body ? body : "";
		r->body_len = body_len;
		return true;
	}
	bool multipart = (rt->flags & ROUTE_MULTIPART) && ct &&
			 strncasecmp(ct, "multipart/form-data", 19) == 0;
	if (body_len && !multipart && (!ct || !str_starts(ct, "application/x-www-form-urlencoded"))) {
		reply_error(r, rep, 415, "Send forms as application/x-www-form-urlencoded.");
		return false;
	}
	size_t max_field = rt->max_body >= WEB_MAX_BODY ? rt->max_body : WEB_MAX_FIELD;
	sn_err rc = multipart ? parse_multipart(r->a, ct, body, body_len, max_field, &r->form, &r->files)
			      : parse_urlencoded_pairs(r->a, body, body_len, max_field,
						       rt->flags & ROUTE_MANY_FIELDS ? WEB_MAX_PAIRS_MANY
										     : WEB_MAX_PAIRS,
						       &r->form);
	if (rc == SN_ETOOBIG) {
		reply_error(r, rep, 413, "The form has too many or too long fields.");
		return false;
	}
	if (rc) {
		reply_error(r, rep, 400, "The form could not be read.");
		return false;
	}
	const char *tok = kv_get(&r->form, "csrf_token");
	if (!tok)
		tok = req_header(r, "X-CSRF-Token");
	if (!r->csrf || !tok || strlen(tok) != strlen(r->csrf) || !ct_eq(tok, r->csrf, strlen(tok))) {
		reply_error(r, rep, 403, "The form had expired or was not sent "
					 "from this service. Go back, reload the page and try again.");
		json_object_set_new(rep->view, "reason", json_string("csrf"));
		return false;
	}
	return true;
}

/* The application's hook, then (unless it answered) the handler. */
static sn_err handle(req *r, reply *rep)
{
	const web_app *app = web_app_get();
	bool replied = false;
	sn_err rc = app && app->before ? app->before(r, rep, &replied) : SN_OK;
	return rc || replied ? rc : r->route->handler(r, rep);
}

/* The handler, run again (a few times) when PostgreSQL reports a
 * serialization failure or deadlock: its transaction was rolled back. */
static void run_handler(req *r, reply *rep)
{
	const route *rt = r->route;
	sn_err rc = handle(r, rep);
	for (int tries = 1; rc && r->db && store_retryable(r->db) && tries < 4; tries++) {
		store_rollback(r->db);
		json_decref(rep->view);
		*rep = (reply){0};
		rc = handle(r, rep);
	}
	if (!rc)
		return;
	json_decref(rep->view);
	*rep = (reply){0};
	if (r->db)
		store_rollback(r->db);
	int st = web_status_of(rc);
	if (st >= 500)
		log_msg(LOG_ERROR, "%s %s: %s (%s)", r->method, rt->pattern, sn_err_name(rc),
			r->db ? store_errmsg(r->db) : "");
	reply_error(r, rep, st, NULL);
	if (rc == SN_EFORBIDDEN)
		json_object_set_new(rep->view, "reason", json_string("relationship"));
}

/* "Authorization: Bearer TOKEN": the token (from r->a, "" when none was
 * given), or NULL when the request has no bearer credentials. */
static const char *bearer_of(req *r)
{
	const char *h = req_header(r, "Authorization");
	if (!h || strncasecmp(h, "Bearer", 6) != 0 || (h[6] && h[6] != ' ' && h[6] != '\t'))
		return NULL;
	const char *t = h + 6;
	while (*t == ' ' || *t == '\t')
		t++;
	return str_trim(arena_strdup(r->a, t));
}

/* The caller from an API token, cookies unread. Only the JSON API takes a
 * token: on a page or form it is refused before anything else, so that a
 * token cannot drive the forms people use. false: rep has the refusal. */
static bool bearer_caller(req *r, const char *token, reply *rep)
{
	r->want_json = true; /* a program sent it */
	if (!(r->route->flags & ROUTE_JSON_BODY)) {
		reply_error(r, rep, 403, "API tokens are accepted only by the JSON API, not by pages or forms.");
		json_object_set_new(rep->view, "reason", json_string("bearer"));
		return false;
	}
	const web_app *app = web_app_get();
	sn_err rc = app && app->bearer_find ? app->bearer_find(r->db, token, r->a, &r->user) : SN_ENOTFOUND;
	if (rc) {
		r->user = NULL;
		if (rc == SN_ENOTFOUND)
			reply_error(r, rep, 401, "The API token is not valid: unknown, revoked or expired.");
		else
			reply_error(r, rep, 503, "The service is unavailable; try again in a few minutes.");
		return false;
	}
	r->bearer = true;
	return true;
}

static void run_request(req *r, const char *uri, const char *body, size_t body_len, reply *rep);

void web_run(req *r, const char *uri, const char *body, size_t body_len, reply *rep)
{
	/* The connection's audit note belongs to one request (an API token's). */
	if (r->db)
		store_set_audit_note(r->db, NULL);
	run_request(r, uri, body, body_len, rep);
	if (r->db)
		store_set_audit_note(r->db, NULL);
}

static void run_request(req *r, const char *uri, const char *body, size_t body_len, reply *rep)
{
	const route *rt = r->route;
	/* The session is looked up for unknown paths too, so that the 404
	 * page shows who is signed in. */
	bool session = !rt || !(rt->flags & ROUTE_NO_SESSION) || !(rt->perm & PERM_PUBLIC);
	/* API routes have no session but read the rules in force from the store. */
	if ((session || (rt->flags & ROUTE_API)) && !r->db) {
		r->db = store_acquire(); /* the server gives it back (server.c) */
		if (!r->db) {
			reply_error(r, rep, 503, "The service is unavailable; try again in a few minutes.");
			return;
		}
	}
	/* A request with a token is the token's: its cookies are not read. */
	const char *bearer = session ? bearer_of(r) : NULL;
	if (bearer && rt) {
		if (!bearer_caller(r, bearer, rep))
			return;
	} else if (session && !bearer) {
		if (parse_cookies(r->a, req_header(r, "Cookie"), &r->cookies)) {
			reply_error(r, rep, 400, "Your browser sent too many cookies.");
			return;
		}
		const char *tok = kv_get(&r->cookies, WEB_SESSION_COOKIE);
		const web_app *app = web_app_get();
		if (tok && app && app->session_find) {
			sn_err rc = app->session_find(r->db, tok, r->a, &r->session_hash, &r->csrf, &r->user);
			if (rc && rc != SN_ENOTFOUND) {
				reply_error(r, rep, 503, "The service is unavailable; try again in a few minutes.");
				return;
			}
		}
	}
	if (!rt) {
		reply_error(r, rep, 404, NULL);
		return;
	}
	if (!permitted(rt->perm, r->user, r->loopback)) {
		if (!r->user) {
			to_sign_in(r, uri, rep);
			return;
		}
		reply_error(r, rep, 403, "You do not have permission to use this page.");
		json_object_set_new(rep->view, "reason", json_string("role"));
		return;
	}
	if (!read_body(r, body, body_len, rep))
		return;
	params_validate(r, rt->params);
	if (r->errors && !(rt->flags & ROUTE_SOFT_INPUT)) {
		reply_error(r, rep, 400, "Some of what was sent is not valid.");
		json_object_set(rep->view, "errors", r->errors);
		return;
	}
	const web_app *app = web_app_get();
	bool limited = (rt->flags & ROUTE_LIMITED) && state_changing(r->method) && app && app->form_limit && r->db;
	const char *key = limited ? arena_printf(r->a, "%s %s %s", rt->method, rt->pattern, r->remote_addr) : NULL;
	int64_t minutes = 0;
	if (limited && app->form_limit(r->db, key, false, &minutes) == SN_ETHROTTLED) {
		reply_error(r, rep, 429, arena_printf(r->a, "This form has been sent many times from your "
						   "connection in the last hour. Try again in %lld minute%s.",
						   (long long)minutes, minutes == 1 ? "" : "s"));
		return;
	}
	run_handler(r, rep);
	/* Only what was stored counts: a form sent back with errors does not. */
	if (limited && rep->status < 400 && !r->errors)
		app->form_limit(r->db, key, true, NULL);
}

/* ---- the response ---- */

static void add_header(web_response *out, const char *name, const char *value)
{
	if (out->n_headers < SN_ARRAY_LEN(out->headers)) {
		out->headers[out->n_headers][0] = name;
		out->headers[out->n_headers][1] = value;
		out->n_headers++;
	}
}

void web_respond(req *r, reply *rep, web_response *out)
{
	memset(out, 0, sizeof *out);
	buf_init(&out->bytes, 16u * 1024u * 1024u);
	const char *ctype = rep->content_type;
	int status = rep->status ? rep->status : 200;
	if (rep->location) {
		status = 303;
		ctype = "text/plain; charset=utf-8";
		buf_puts(&out->bytes, "See other");
	} else if (rep->body) {
		buf_append(&out->bytes, rep->body, rep->body_len);
	} else if (r->want_json || !rep->tpl) {
		char *s = rep->view ? json_dumps(rep->view, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
		buf_puts(&out->bytes, s ? s : "{}");
		free(s);
		ctype = "application/json";
	} else {
		sn_err rc = web_render_page(r, rep, &out->bytes);
		if (rc) {
			log_msg(LOG_ERROR, "render %s failed: %s", rep->tpl, sn_err_name(rc));
			buf_reset(&out->bytes);
			buf_puts(&out->bytes, "<!DOCTYPE html><title>Error</title><p>Sorry, there is a problem "
					      "with the service.</p>");
			status = 500;
		}
		ctype = "text/html; charset=utf-8";
	}
	if (rep->body_free)
		free((void *)rep->body);
	rep->body = NULL;
	out->status = status;
	add_header(out, "Content-Security-Policy", CSP);
	add_header(out, "X-Content-Type-Options", "nosniff");
	add_header(out, "X-Frame-Options", "DENY");
	add_header(out, "Referrer-Policy", "same-origin");
	add_header(out, "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
	add_header(out, "Cross-Origin-Opener-Policy", "same-origin");
	if (web_cfg && web_cfg->tls_front)
		add_header(out, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	if (ctype)
		add_header(out, "Content-Type", ctype);
	if (rep->location)
		add_header(out, "Location", rep->location);
	add_header(out, "Cache-Control", rep->cache_control ? rep->cache_control : "no-store");
	if (rep->etag)
		add_header(out, "ETag", rep->etag);
	if (r->new_cookie)
		add_header(out, "Set-Cookie", r->new_cookie);
	if (r->route && (r->route->flags & ROUTE_CORS))
		add_header(out, "Access-Control-Allow-Origin", "*");
	if (status == 405 && rep->view) {
		json_t *allow = json_object_get(rep->view, "allow");
		if (allow)
			add_header(out, "Allow", arena_strdup(r->a, json_string_value(allow)));
	}
	/* The JSON API takes API tokens (RFC 6750): say so when refusing. */
	if (status == 401 && r->route && (r->route->flags & ROUTE_JSON_BODY))
		add_header(out, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
	if (status == 503)
		add_header(out, "Retry-After", "5");
	if (status == 429)
		add_header(out, "Retry-After", "900");
}

void web_response_free(web_response *out)
{
	buf_free(&out->bytes);
}
