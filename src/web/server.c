/* The HTTP server on libmicrohttpd: limits, the request pipeline (route,
 * session, permission, CSRF, input rules, handler, render), security
 * headers, metrics and the access log. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../access/access.h"
#include "web.h"

typedef struct {
	arena *a;
	req r;
	char *uri;
	const route *rt;
	buf body;
	size_t max_body;
	bool started;
	bool responded;
	bool too_big;
	size_t discarded; /* bytes of an over-cap chunked body thrown away */
	int status;
	size_t bytes;
	struct timespec t0;
} conn_ctx;

static const web_config *cfg;
static _Atomic int active_connections;
static _Atomic int in_flight; /* requests begun and not yet completed */
static session_policy policy;

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	conn_ctx *x = xcalloc(1, sizeof *x);
	atomic_fetch_add(&in_flight, 1);
	x->a = arena_new();
	x->uri = arena_strdup(x->a, uri ? uri : "/");
	x->r.a = x->a;
	x->r.conn = c;
	clock_gettime(CLOCK_MONOTONIC, &x->t0);
	buf_init(&x->body, WEB_MAX_BODY);
	return x;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	conn_ctx *x = *con_cls;
	if (!x)
		return;
	if (x->status) {
		double s = elapsed(&x->t0);
		metrics_request(x->rt, x->status, s);
		if (!cfg->quiet)
			log_msg(LOG_INFO, "%s %s %d %.1fms %zub", x->r.method ? x->r.method : "-",
				x->rt ? x->rt->pattern : "(unmatched)", x->status,
				s * 1000.0, x->bytes);
	}
	if (x->r.errors)
		json_decref(x->r.errors);
	store_release(x->r.db);
	buf_free(&x->body);
	arena_free(x->a);
	atomic_fetch_sub(&in_flight, 1);
	free(x);
	*con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)c;
	(void)socket_ctx;
	int d = code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1;
	atomic_fetch_add(&active_connections, d);
	metrics_connections(d);
}

/* ---- replies ---- */

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

const char *web_tiles(void)
{
	return cfg ? cfg->tiles : NULL;
}

const char *web_tiles_attribution(void)
{
	return cfg && cfg->tiles_attribution ? cfg->tiles_attribution : "";
}

static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=(), payment=(), usb=()");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	if (cfg->tls_front)
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000; includeSubDomains");
}

static enum MHD_Result send_reply(conn_ctx *x, reply *rep)
{
	req *r = &x->r;
	buf out;
	buf_init(&out, 16u * 1024u * 1024u);
	const char *ctype = rep->content_type;
	const void *data = NULL;
	size_t len = 0;
	int status = rep->status ? rep->status : 200;
	if (rep->location) {
		status = 303;
		ctype = "text/plain; charset=utf-8";
		data = "See other";
		len = 9;
	} else if (rep->body) {
		data = rep->body;
		len = rep->body_len;
	} else if (r->want_json || !rep->tpl) {
		char *s = rep->view ? json_dumps(rep->view, JSON_COMPACT | JSON_ENSURE_ASCII)
				    : NULL;
		buf_puts(&out, s ? s : "{}");
		free(s);
		data = out.data;
		len = out.len;
		ctype = "application/json";
	} else {
		sn_err rc = web_render_page(r, rep, &out);
		if (rc) {
			log_msg(LOG_ERROR, "render %s failed: %s", rep->tpl, sn_err_name(rc));
			buf_reset(&out);
			buf_puts(&out, "<!DOCTYPE html><title>Error</title><p>Sorry, there is a problem with the service.</p>");
			status = 500;
		}
		data = out.data ? out.data : "";
		len = out.len;
		ctype = "text/html; charset=utf-8";
	}
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	buf_free(&out);
	if (rep->body_free)
		free((void *)rep->body);
	if (!resp)
		return MHD_NO;
	security_headers(resp);
	if (ctype)
		MHD_add_response_header(resp, "Content-Type", ctype);
	if (rep->location)
		MHD_add_response_header(resp, "Location", rep->location);
	MHD_add_response_header(resp, "Cache-Control",
				rep->cache_control ? rep->cache_control : "no-store");
	if (rep->etag)
		MHD_add_response_header(resp, "ETag", rep->etag);
	if (r->new_cookie)
		MHD_add_response_header(resp, "Set-Cookie", r->new_cookie);
	if (x->rt && (x->rt->flags & ROUTE_CORS))
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
	if (status == 405 && rep->view) {
		json_t *allow = json_object_get(rep->view, "allow");
		if (allow)
			MHD_add_response_header(resp, "Allow", json_string_value(allow));
	}
	if (status == 503)
		MHD_add_response_header(resp, "Retry-After", "5");
	if (status == 429)
		MHD_add_response_header(resp, "Retry-After", "900");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	json_decref(rep->view);
	rep->view = NULL;
	x->status = status;
	x->bytes = len;
	x->responded = true;
	return ret;
}

static enum MHD_Result send_error(conn_ctx *x, int status, const char *msg)
{
	reply rep = {0};
	reply_error(&x->r, &rep, status, msg);
	return send_reply(x, &rep);
}

/* Over --max-connections: the one answer that a client alone would not
 * get, so it names itself ("error": "busy", and a Retry-After) and load
 * tests can tell it from a real unavailability. */
static enum MHD_Result send_busy(conn_ctx *x)
{
	reply rep = {0};
	reply_error(&x->r, &rep, 503, "The service is busy; try again in a few seconds.");
	json_object_set_new(rep.view, "error", json_string("busy"));
	json_object_set_new(rep.view, "reason", json_string("connection_limit"));
	rep.title = "Sorry, the service is busy";
	json_object_set_new(rep.view, "title", json_string(rep.title));
	return send_reply(x, &rep);
}

/* ---- the pipeline ---- */

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
	return (u->roles & perm & R_ALL_ROLES) != 0;
}

static bool state_changing(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

static bool is_loopback_text(const char *a)
{
	struct in_addr v4;
	struct in6_addr v6;
	if (inet_pton(AF_INET, a, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, a, &v6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&v6);
	return false;
}

/* The client's address: the socket's peer, or behind our own proxy
 * (--behind-proxy) the last entry of X-Forwarded-For, which that proxy
 * sets. It decides the per-address throttle and loopback-only routes. */
static void client_address(req *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET) {
			const struct sockaddr_in *in = (const void *)sa;
			inet_ntop(AF_INET, &in->sin_addr, addr, sizeof addr);
		} else if (sa->sa_family == AF_INET6) {
			const struct sockaddr_in6 *in6 = (const void *)sa;
			inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof addr);
		}
	}
	const char *xff = cfg->behind_proxy ? req_header(r, "X-Forwarded-For") : NULL;
	if (xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		size_t n = strcspn(last, " ");
		if (n == 0 || n >= sizeof addr) {
			snprintf(addr, sizeof addr, "unknown");
		} else {
			memcpy(addr, last, n);
			addr[n] = 0;
		}
	}
	r->loopback = is_loopback_text(addr);
	r->remote_addr = arena_strdup(r->a, addr);
}

/* The connection is given back as soon as the reply is queued (its bytes
 * are copied): a thread of the pool serves many connections, and one
 * waiting to send must not hold a database connection that the next
 * request on the same thread needs. */
static enum MHD_Result process_request(conn_ctx *x);
static enum MHD_Result process(conn_ctx *x)
{
	enum MHD_Result ret = process_request(x);
	store_release(x->r.db);
	x->r.db = NULL;
	return ret;
}

static enum MHD_Result process_request(conn_ctx *x)
{
	req *r = &x->r;
	const route *rt = x->rt;
	reply rep = {0};
	/* The session is looked up for unknown paths too, so that the 404
	 * page shows who is signed in. */
	bool session = !rt || !(rt->flags & ROUTE_NO_SESSION) || !(rt->perm & PERM_PUBLIC);
	/* API routes have no session but read the rules in force from the store. */
	if (session || (rt->flags & ROUTE_API)) {
		r->db = store_acquire();
		if (!r->db)
			return send_error(x, 503, "The service is unavailable; try again in a few minutes.");
	}
	if (session) {
		if (parse_cookies(r->a, req_header(r, "Cookie"), &r->cookies))
			return send_error(x, 400, "Your browser sent too many cookies.");
		const char *tok = kv_get(&r->cookies, SESSION_COOKIE);
		if (tok) {
			sn_err rc = session_lookup(r->db, tok, &policy, r->a,
						   &r->session_hash, &r->csrf, &r->user);
			if (rc && rc != SN_ENOTFOUND)
				return send_error(x, 503, "The service is unavailable; try again in a few minutes.");
		}
	}

	if (!rt)
		return send_error(x, 404, NULL);

	if (!permitted(rt->perm, r->user, r->loopback)) {
		if (!r->user) {
			if (r->want_json || state_changing(r->method))
				return send_error(x, 401, "Sign in to use this page.");
			const char *next = x->uri;
			reply_redirect(&rep, arena_printf(r->a, "/sign-in?next=%s",
				str_starts(next, "/") ? next : "/"));
			/* The next target is re-validated by the sign-in handler. */
			char *loc = (char *)rep.location;
			for (char *p = loc + strlen("/sign-in?next="); *p; p++)
				if (*p == '&' || *p == '#' || *p == '?')
					*p = '_';
			return send_reply(x, &rep);
		}
		reply_error(r, &rep, 403, "You do not have permission to use this page.");
		json_object_set_new(rep.view, "reason", json_string("role"));
		return send_reply(x, &rep);
	}

	if (rt->flags & ROUTE_API) {
		/* JSON in and out. No CSRF token: a browser cannot send
		 * application/json to another site without a CORS preflight,
		 * which is never granted, and API routes use no session. */
		const char *ct = req_header(r, "Content-Type");
		if (state_changing(r->method) &&
		    (!ct || !str_starts(ct, "application/json")))
			return send_error(x, 415, "Send application/json.");
		r->body = x->body.data ? x->body.data : "";
		r->body_len = x->body.len;
	} else if (state_changing(r->method)) {
		const char *ct = req_header(r, "Content-Type");
		if (x->body.len && (!ct || !str_starts(ct, "application/x-www-form-urlencoded")))
			return send_error(x, 415, "Send forms as application/x-www-form-urlencoded.");
		size_t max_field = rt->max_body >= WEB_MAX_BODY ? rt->max_body : WEB_MAX_FIELD;
		sn_err rc = parse_urlencoded_max(r->a, x->body.data, x->body.len, max_field, &r->form);
		if (rc == SN_ETOOBIG)
			return send_error(x, 413, "The form has too many or too long fields.");
		if (rc)
			return send_error(x, 400, "The form could not be read.");
		const char *tok = kv_get(&r->form, "csrf_token");
		if (!tok)
			tok = req_header(r, "X-CSRF-Token");
		if (!r->csrf || !tok || strlen(tok) != strlen(r->csrf) ||
		    !ct_eq(tok, r->csrf, strlen(tok))) {
			reply_error(r, &rep, 403, "The form had expired or was not sent "
						  "from this service. Go back, reload the page and try again.");
			json_object_set_new(rep.view, "reason", json_string("csrf"));
			return send_reply(x, &rep);
		}
	}

	params_validate(r, rt->params);
	if (r->errors && !(rt->flags & ROUTE_SOFT_INPUT)) {
		reply_error(r, &rep, 400, "Some of what was sent is not valid.");
		json_object_set(rep.view, "errors", r->errors);
		return send_reply(x, &rep);
	}

	sn_err rc = rt->handler(r, &rep);
	/* A serialization failure or deadlock (PostgreSQL): the handler's
	 * transaction was rolled back, so run it again, a few times. */
	for (int tries = 1; rc && r->db && store_retryable(r->db) && tries < 4; tries++) {
		store_rollback(r->db);
		json_decref(rep.view);
		rep = (reply){0};
		rc = rt->handler(r, &rep);
	}
	if (rc) {
		json_decref(rep.view);
		rep = (reply){0};
		if (r->db)
			store_rollback(r->db);
		int st = web_status_of(rc);
		if (st >= 500)
			log_msg(LOG_ERROR, "%s %s: %s (%s)", r->method, rt->pattern,
				sn_err_name(rc), r->db ? store_errmsg(r->db) : "");
		reply_error(r, &rep, st, NULL);
		if (rc == SN_EFORBIDDEN)
			json_object_set_new(rep.view, "reason", json_string("relationship"));
	}
	return send_reply(x, &rep);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)version;
	conn_ctx *x = *con_cls;
	if (!x)
		return MHD_NO;
	if (x->responded) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	req *r = &x->r;
	if (!x->started) {
		x->started = true;
		r->conn = c;
		r->method = arena_strdup(x->a, method);
		r->want_json = accept_wants_json(req_header(r, "Accept"));
		client_address(r);
		if (atomic_load(&active_connections) > (int)cfg->max_connections)
			return send_busy(x);
		if (strlen(x->uri) > WEB_MAX_URI)
			return send_error(x, 414, "The address is too long.");
		char *q = strchr(x->uri, '?');
		r->path = q ? arena_strndup(x->a, x->uri, (size_t)(q - x->uri)) : x->uri;
		if (q) {
			sn_err rc = parse_urlencoded(x->a, q + 1, strlen(q + 1), &r->query);
			if (rc == SN_ETOOBIG)
				return send_error(x, 414, "The address has too many or too long parameters.");
			if (rc)
				return send_error(x, 400, "The address could not be read.");
		}
		bool known = false;
		char allow[64];
		x->rt = route_match(r, method, r->path, &known, allow, sizeof allow);
		r->route = x->rt;
		if (x->rt && (x->rt->flags & ROUTE_API))
			r->want_json = true;
		if (!x->rt && known) {
			reply rep = {0};
			reply_error(r, &rep, 405, "That method is not allowed here.");
			json_object_set_new(rep.view, "allow", json_string(allow));
			return send_reply(x, &rep);
		}
		x->max_body = x->rt && x->rt->max_body ? x->rt->max_body : WEB_MAX_BODY;
		x->body.max = x->max_body;
		const char *cl = req_header(r, "Content-Length");
		int64_t n = 0;
		if (cl && (str_to_i64(cl, 0, INT64_MAX, &n) || (uint64_t)n > x->max_body))
			return send_error(x, 413, "What was sent is too large.");
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* A body without Content-Length (chunked) that outgrows the
		 * cap: libmicrohttpd cannot queue a reply while the body is
		 * still arriving, so drop the rest and answer at the end. */
		if (!x->too_big && buf_append(&x->body, upload_data, *upload_data_size)) {
			x->too_big = true;
			buf_free(&x->body);
		}
		/* But not for ever: past four times the cap, hang up. */
		if (x->too_big) {
			x->discarded += *upload_data_size;
			if (x->discarded > 4 * x->max_body)
				return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->too_big)
		return send_error(x, 413, "What was sent is too large.");
	return process(x);
}

void web_set_session_cookie(req *r, const char *token)
{
	r->new_cookie = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
				     SESSION_COOKIE, token, cfg && cfg->tls_front ? "; Secure" : "");
}

void web_clear_session_cookie(req *r)
{
	r->new_cookie = arena_printf(r->a, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
				     SESSION_COOKIE, cfg && cfg->tls_front ? "; Secure" : "");
}

int64_t web_session_idle_seconds(void)
{
	return policy.idle_seconds;
}

int64_t web_session_max_seconds(void)
{
	return policy.max_seconds;
}

const char *req_header(const req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void web_config_defaults(web_config *c)
{
	memset(c, 0, sizeof *c);
	c->host = "127.0.0.1";
	c->port = 8080;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	c->threads = n > 0 ? (int)n : 2;
	c->max_connections = 512;
	c->timeout_seconds = 30;
	c->session_idle_seconds = 30 * 60;
	c->session_max_seconds = 12 * 60 * 60;
}

sn_err web_serve(const web_config *c)
{
	cfg = c;
	csp_init(c->tiles);
	policy.idle_seconds = c->session_idle_seconds;
	policy.max_seconds = c->session_max_seconds;
	char err[256];
	if (route_table_check(app_routes, app_n_routes, err, sizeof err)) {
		log_msg(LOG_ERROR, "route table: %s", err);
		return SN_EINTERNAL;
	}
	if (web_templates_init(err, sizeof err)) {
		log_msg(LOG_ERROR, "templates: %s", err);
		return SN_EINTERNAL;
	}
	store_pool_init(c->db, c->db_pool ? c->db_pool : c->threads);
	store *probe = store_acquire();
	if (!probe) {
		web_templates_free();
		store_pool_close_all();
		return SN_ESTORE;
	}
	int v = store_schema_version(probe);
	store_release(probe);
	if (v < store_latest_version()) {
		log_msg(LOG_ERROR, "database schema is at version %d, this SupportNet needs %d: "
			"run 'supportnet migrate --db %s'", v, store_latest_version(), c->db);
		web_templates_free();
		store_pool_close_all();
		return SN_ESTORE;
	}
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)c->port);
	if (inet_pton(AF_INET, c->host, &sa.sin_addr) != 1) {
		log_msg(LOG_ERROR, "cannot listen on '%s': give an IPv4 address such as 127.0.0.1", c->host);
		web_templates_free();
		store_pool_close_all();
		return SN_EINPUT;
	}
	/* Block the stop signals in every thread (the pool inherits this
	 * mask) and wait for them here. */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC,
		(uint16_t)c->port, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads,
		MHD_OPTION_CONNECTION_LIMIT, c->max_connections + 64,
		MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_END);
	if (!d) {
		log_msg(LOG_ERROR, "cannot listen on %s:%d (in use, or not allowed)", c->host, c->port);
		web_templates_free();
		store_pool_close_all();
		return SN_EINTERNAL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	int port = di ? di->port : c->port;
	/* The one line that tests and scripts read to find the port. */
	printf("listening on http://%s:%d/\n", c->host, port);
	fflush(stdout);
	int sig = 0;
	sigwait(&stop_signals, &sig);
	/* Drain: stop accepting, let the requests in flight finish (up to
	 * 10 s), then stop. A reply that was committed is then also sent. */
	log_msg(LOG_INFO, "stopping: no new connections, finishing %d request(s)",
		atomic_load(&in_flight));
	MHD_socket listener = MHD_quiesce_daemon(d);
	for (int i = 0; i < 200 && atomic_load(&in_flight) > 0; i++) {
		struct timespec pause = {0, 50 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	MHD_stop_daemon(d);
	web_templates_free();
	store_pool_close_all();
	return SN_OK;
}
