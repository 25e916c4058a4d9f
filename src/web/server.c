/* The HTTP server on libmicrohttpd: connections and their limits, the body
 * read under its cap, the pipeline (pipeline.c) run for each request, the
 * response sent, metrics and the access log. */
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
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "web_int.h"

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

static _Atomic int active_connections;
static _Atomic int in_flight; /* requests begun and not yet completed */
static atomic_bool draining;  /* stopping: new connections are turned away */

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- the whole-request deadline ----
 * libmicrohttpd's timeout closes a connection that sends nothing for
 * --timeout seconds, but one that trickles a byte every few seconds
 * (slowloris) stays open for ever and holds a place. So each connection
 * is watched: a request must arrive whole (request line, headers and
 * body) within --timeout seconds of when the server began waiting for it
 * (the connection opened, or the last reply was sent), and its headers and
 * body within --timeout of its request line. A watchdog thread shuts down
 * the socket of one that does not; libmicrohttpd then closes it. */
typedef struct watched {
	struct watched *prev, *next;
	int fd;
	int64_t waiting_since; /* monotonic ms, since the state began */
	/* true: waiting for a request or reading one (--timeout to have it
	 * whole); false: answering it (4 x --timeout to have the reply read,
	 * against clients that read a byte at a time). */
	bool reading;
} watched;

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static watched watch_list = {&watch_list, &watch_list, -1, 0, false};
static _Atomic bool watchdog_stop;
static _Atomic uint64_t deadline_closes;

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static watched *watched_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* A state change of c's watch: reading (a request began) or not. */
static void watch_mark(struct MHD_Connection *c, bool reading, bool restart)
{
	watched *w = watched_of(c);
	if (!w)
		return;
	pthread_mutex_lock(&watch_lock);
	w->reading = reading;
	if (restart)
		w->waiting_since = now_ms();
	pthread_mutex_unlock(&watch_lock);
}

static void *watchdog(void *arg)
{
	(void)arg;
	while (!atomic_load(&watchdog_stop)) {
		struct timespec pause = {0, 250 * 1000 * 1000};
		nanosleep(&pause, NULL);
		int64_t now = now_ms(), timeout = (int64_t)web_cfg->timeout_seconds * 1000;
		int64_t limit = now - timeout, busy_limit = now - 4 * timeout;
		pthread_mutex_lock(&watch_lock);
		for (watched *w = watch_list.next; w != &watch_list; w = w->next) {
			if (w->fd >= 0 && w->waiting_since < (w->reading ? limit : busy_limit)) {
				shutdown(w->fd, SHUT_RDWR);
				w->fd = -1; /* once */
				atomic_fetch_add(&deadline_closes, 1);
			}
		}
		pthread_mutex_unlock(&watch_lock);
	}
	return NULL;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	watch_mark(c, true, true); /* its headers and body have --timeout from now */
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
	(void)toe;
	conn_ctx *x = *con_cls;
	if (!x)
		return;
	if (x->status) {
		double s = elapsed(&x->t0);
		metrics_request(x->rt, x->status, s);
		if (!web_cfg->quiet)
			log_msg(LOG_INFO, "%s %s %d %.1fms %zub", x->r.method ? x->r.method : "-",
				x->rt ? x->rt->pattern : "(unmatched)", x->status,
				s * 1000.0, x->bytes);
	}
	/* The server waits for the next request on this connection. */
	watch_mark(c, true, true);
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
	int d = code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1;
	atomic_fetch_add(&active_connections, d);
	metrics_connections(d);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		watched *w = xcalloc(1, sizeof *w);
		w->fd = ci ? ci->connect_fd : -1;
		w->waiting_since = now_ms();
		w->reading = true;
		pthread_mutex_lock(&watch_lock);
		w->next = watch_list.next;
		w->prev = &watch_list;
		watch_list.next->prev = w;
		watch_list.next = w;
		pthread_mutex_unlock(&watch_lock);
		*socket_ctx = w;
	} else if (*socket_ctx) {
		watched *w = *socket_ctx;
		pthread_mutex_lock(&watch_lock);
		w->prev->next = w->next;
		w->next->prev = w->prev;
		pthread_mutex_unlock(&watch_lock);
		free(w);
		*socket_ctx = NULL;
	}
}

/* ---- replies ---- */

static enum MHD_Result send_reply(conn_ctx *x, reply *rep)
{
	req *r = &x->r;
	web_response w;
	web_respond(r, rep, &w);
	json_decref(rep->view);
	rep->view = NULL;
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		w.bytes.len, w.bytes.data ? w.bytes.data : (void *)"", MHD_RESPMEM_MUST_COPY);
	x->status = w.status;
	x->bytes = w.bytes.len;
	x->responded = true;
	watch_mark(r->conn, false, true); /* now the reply has to be read */
	if (!resp) {
		web_response_free(&w);
		return MHD_NO;
	}
	for (size_t i = 0; i < w.n_headers; i++)
		MHD_add_response_header(resp, w.headers[i][0], w.headers[i][1]);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)w.status, resp);
	MHD_destroy_response(resp);
	web_response_free(&w);
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

/* ---- the connection ---- */

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
	const char *xff = web_cfg->behind_proxy ? req_header(r, "X-Forwarded-For") : NULL;
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
static enum MHD_Result process(conn_ctx *x)
{
	reply rep = {0};
	web_run(&x->r, x->uri, x->body.data ? x->body.data : "", x->body.len, &rep);
	enum MHD_Result ret = send_reply(x, &rep);
	store_release(x->r.db);
	x->r.db = NULL;
	return ret;
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
		if (atomic_load(&active_connections) > (int)web_cfg->max_connections)
			return send_busy(x);
		reply rep = {0};
		if (!web_read_target(r, x->uri, &rep))
			return send_reply(x, &rep);
		x->rt = r->route;
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

const char *req_header(const req *r, const char *name)
{
	if (r->conn)
		return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
	for (size_t i = 0; i < r->headers.n; i++) /* in process (local.c) */
		if (strcasecmp(r->headers.items[i].name, name) == 0)
			return r->headers.items[i].value;
	return NULL;
}

void web_config_defaults(web_config *c)
{
	memset(c, 0, sizeof *c);
	c->host = "127.0.0.1";
	c->port = 8080;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	c->threads = n > 0 ? (int)n : 2;
	c->max_connections = 512;
	c->max_per_address = -1;
	c->timeout_seconds = 30;
	c->session_idle_seconds = 30 * 60;
	c->session_max_seconds = 12 * 60 * 60;
}

/* The route table, the templates and a database at the binary's schema
 * version. On failure everything taken is given back. */
static sn_err serve_prepare(const web_config *c)
{
	if (!c->app) {
		log_msg(LOG_ERROR, "no application to serve (web_config.app)");
		return SN_EINTERNAL;
	}
	web_configure(c);
	char err[256];
	if (route_table_check(c->app->routes, c->app->n_routes, err, sizeof err)) {
		log_msg(LOG_ERROR, "route table: %s", err);
		return SN_EINTERNAL;
	}
	if (web_templates_init(err, sizeof err)) {
		log_msg(LOG_ERROR, "templates: %s", err);
		return SN_EINTERNAL;
	}
	store_pool_init(c->db, c->db_pool ? c->db_pool : c->threads);
	store *probe = store_acquire();
	sn_err rc = probe ? SN_OK : SN_ESTORE;
	int v = probe ? store_schema_version(probe) : 0;
	store_release(probe);
	if (!rc && v < store_latest_version()) {
		log_msg(LOG_ERROR, "database schema is at version %d, this SupportNet needs %d: "
			"run 'supportnet migrate --db %s'", v, store_latest_version(), c->db);
		rc = SN_ESTORE;
	}
	if (rc) {
		web_templates_free();
		store_pool_close_all();
	}
	return rc;
}

/* One address may not take every place: a share stays for others. */
static unsigned per_address_limit(const web_config *c)
{
	if (c->max_per_address >= 0)
		return (unsigned)c->max_per_address;
	unsigned n = c->max_connections / 8 > 16 ? c->max_connections / 8 : 16;
	return c->behind_proxy || n >= c->max_connections ? 0u : n; /* the proxy limits, or the total does */
}

/* Accept policy: while draining, a new connection is closed at once. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	(void)cls;
	(void)addr;
	(void)len;
	return atomic_load(&draining) ? MHD_NO : MHD_YES;
}

static struct MHD_Daemon *daemon_start(const web_config *c, const struct sockaddr_in *sa)
{
	return MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC,
		(uint16_t)c->port, on_accept, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads,
		MHD_OPTION_CONNECTION_LIMIT, c->max_connections + 64,
		MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address_limit(c),
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_END);
}

/* Drain: stop accepting, let the requests in flight finish (up to 10 s),
 * then stop. A reply that was committed is then also sent.
 *
 * New connections are turned away by the accept policy rather than by
 * MHD_quiesce_daemon: with a thread pool on epoll, libmicrohttpd 0.9.75's
 * quiesce races each worker taking the listening socket out of its own
 * epoll set and aborts the process ("Failed to remove listen FD from epoll
 * set") when the worker wins; a CI run under ThreadSanitizer hit it. */
static void daemon_drain(struct MHD_Daemon *d)
{
	atomic_store(&draining, true);
	log_msg(LOG_INFO, "stopping: no new connections, finishing %d request(s)", atomic_load(&in_flight));
	for (int i = 0; i < 200 && atomic_load(&in_flight) > 0; i++) {
		struct timespec pause = {0, 50 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	MHD_stop_daemon(d);
}

sn_err web_serve(const web_config *c)
{
	sn_err rc = serve_prepare(c);
	if (rc)
		return rc;
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)c->port);
	if (inet_pton(AF_INET, c->host, &sa.sin_addr) != 1) {
		log_msg(LOG_ERROR, "cannot listen on '%s': give an IPv4 address such as 127.0.0.1", c->host);
		rc = SN_EINPUT;
		goto out;
	}
	/* Block the stop signals in every thread (the pool and the watchdog
	 * inherit this mask) and wait for them here. */
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	atomic_store(&watchdog_stop, false);
	atomic_store(&draining, false);
	pthread_t dog;
	if (pthread_create(&dog, NULL, watchdog, NULL)) {
		rc = SN_EINTERNAL;
		goto out;
	}
	struct MHD_Daemon *d = daemon_start(c, &sa);
	if (!d) {
		log_msg(LOG_ERROR, "cannot listen on %s:%d (in use, or not allowed)", c->host, c->port);
		rc = SN_EINTERNAL;
	} else {
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		int port = di ? di->port : c->port;
		web_set_port(port);
		/* The one line that tests and scripts read to find the port. */
		printf("listening on http://%s:%d/\n", c->host, port);
		fflush(stdout);
		int sig = 0;
		sigwait(&stop_signals, &sig);
		daemon_drain(d);
	}
	atomic_store(&watchdog_stop, true);
	pthread_join(dog, NULL);
out:
	web_templates_free();
	store_pool_close_all();
	return rc;
}
