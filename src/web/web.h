/* The web layer: request context, replies, the route type with its
 * permission and input rules, and the server. Features write handlers
 * against this header; the one route table lives in src/app/routes.c. */
#ifndef SN_WEB_H
#define SN_WEB_H

#include <jansson.h>

#include "../base/base.h"
#include "../store/store.h"

/* ---- roles and permissions ---- */
enum {
	R_RESIDENT = 1u << 0,
	R_CARER = 1u << 1,
	R_WORKER = 1u << 2,
	R_PARTNER = 1u << 3,
	R_COORDINATOR = 1u << 4,
	R_MODERATOR = 1u << 5,
	R_COMMISSIONER = 1u << 6,
	R_ADMIN = 1u << 7,
	R_ALL_ROLES = 0xffu
};
/* A route's permission: PERM_PUBLIC, PERM_SIGNED_IN, or a set of roles,
 * optionally with PERM_LOOPBACK (also allowed to anonymous callers on a
 * loopback address, for operations endpoints). 0 is not a permission: the
 * server refuses to start with a route that has none. */
#define PERM_PUBLIC (1u << 30)
#define PERM_SIGNED_IN (1u << 29)
#define PERM_LOOPBACK (1u << 28)

/* Role names in bit order; role_parse accepts "worker,admin". */
extern const char *const role_names[8];
sn_err role_parse(const char *list, uint32_t *roles);
/* "resident, worker" style text for pages. */
char *role_describe(arena *a, uint32_t roles);

/* ---- parsed inputs ---- */
typedef struct {
	char *name;
	char *value;
} kv;
typedef struct {
	kv *items;
	size_t n;
} kv_list;

/* Limits on everything a client sends. */
#define WEB_MAX_PAIRS 256        /* query or form fields */
#define WEB_MAX_COOKIES 64
#define WEB_MAX_FIELD (64u * 1024u)
#define WEB_MAX_BODY (1024u * 1024u) /* default; import routes may raise it */
#define WEB_MAX_URI 4096

/* application/x-www-form-urlencoded (forms and query strings). Names and
 * values are percent-decoded ('+' is a space); invalid escapes, NUL bytes
 * or invalid UTF-8 give SN_EINPUT, too many pairs or a field over
 * WEB_MAX_FIELD give SN_ETOOBIG. Everything is allocated from a. */
sn_err parse_urlencoded(arena *a, const char *s, size_t n, kv_list *out);
/* The same with another cap on each value (names stay under
 * WEB_MAX_FIELD): a route whose body cap is above WEB_MAX_BODY (a rules
 * document, a draft scheme) lets one field be that large. */
sn_err parse_urlencoded_max(arena *a, const char *s, size_t n, size_t max_field, kv_list *out);
/* A Cookie header: "a=1; b=2". Malformed pairs are skipped (browsers send
 * odd cookies we did not set); more than WEB_MAX_COOKIES gives SN_ETOOBIG. */
sn_err parse_cookies(arena *a, const char *header, kv_list *out);
/* Percent-decodes one path segment; SN_EINPUT for bad escapes or NUL. */
sn_err parse_path_segment(arena *a, const char *s, size_t n, char **out);
const char *kv_get(const kv_list *l, const char *name);
/* True when the Accept header prefers application/json over text/html. */
bool accept_wants_json(const char *accept);

/* ---- input rules, checked before the handler ---- */
typedef enum { P_TEXT, P_INT, P_UUID, P_EMAIL, P_ENUM, P_BOOL } param_type;
typedef enum { IN_QUERY = 'q', IN_FORM = 'f', IN_PATH = 'p' } param_src;
typedef struct {
	const char *name;
	param_src src;
	param_type type;
	bool required;
	int64_t min, max;    /* P_TEXT: length in bytes; P_INT: value */
	const char *choices; /* P_ENUM: "a|b|c" */
	const char *label;   /* for messages: "your email address" */
} param_rule;
#define PARAMS_END {0}

/* ---- request and reply ---- */
typedef struct route route;

typedef struct {
	int64_t id;
	char uuid[37];
	char *name;
	char *email;
	uint32_t roles;
} web_user;

typedef struct req {
	arena *a;
	const route *route;
	const char *method;
	const char *path;
	const char *remote_addr;
	bool loopback;
	bool want_json;
	kv_list query, form, cookies, params; /* params: path parameters */
	const char *body;    /* ROUTE_API: the request body (NUL-terminated) */
	size_t body_len;
	json_t *errors;      /* field errors from the input rules, or NULL */
	store *db;
	web_user *user;      /* NULL when not signed in */
	char *session_hash;  /* NULL when no session */
	char *csrf;          /* the session's CSRF token, if any */
	char *new_cookie;    /* Set-Cookie value to send, if any */
	void *conn;          /* the libmicrohttpd connection */
} req;

/* Values after validation: text as sent (trimmed), "" when absent. */
const char *req_get(const req *r, const char *name);
int64_t req_get_i64(const req *r, const char *name, int64_t dflt);
/* What was typed in a form field, trimmed; "" when absent. For forms whose
 * fields are many or data-driven, checked by the handler's own rules. */
const char *req_form(req *r, const char *name);
/* Adds a field error ({"field", "message"}) for the page's error summary. */
void req_add_error(req *r, const char *field, const char *message);
/* Header of the request, or NULL. */
const char *req_header(const req *r, const char *name);

typedef struct {
	int status;
	json_t *view;        /* the view model (owned); NULL for raw bodies */
	const char *tpl;     /* page template, e.g. "pages/home" */
	const char *title;   /* page title (before " - SupportNet") */
	const char *location;/* for 303 See Other */
	const char *content_type;
	const void *body;    /* raw body, for assets and plain text */
	size_t body_len;
	bool body_free;      /* body was malloc'ed and is ours to free */
	const char *cache_control;
	const char *etag;
} reply;

typedef sn_err (*handler_fn)(req *r, reply *out);

enum {
	ROUTE_SOFT_INPUT = 1u << 0, /* the handler shows input errors itself */
	ROUTE_NO_SESSION = 1u << 1, /* skip the session lookup (assets, health) */
	/* A JSON API route: replies are always JSON; a POST body must be
	 * application/json (415 otherwise) and is left in r->body; no CSRF
	 * token, so the route must also be ROUTE_NO_SESSION (checked at start). */
	ROUTE_API = 1u << 2,
	/* A public read API: Access-Control-Allow-Origin: * on every reply. */
	ROUTE_CORS = 1u << 3,
};

struct route {
	const char *method;
	const char *pattern; /* "/people/{id}", "/assets/{*path}" */
	handler_fn handler;
	uint32_t perm;
	const param_rule *params;
	size_t max_body; /* 0: WEB_MAX_BODY */
	unsigned flags;
};

/* Reply helpers. view ownership passes to the reply. */
sn_err reply_page(reply *out, int status, const char *tpl, const char *title,
		  json_t *view);
sn_err reply_redirect(reply *out, const char *location);
sn_err reply_text(reply *out, int status, const char *content_type,
		  const char *text_static);
/* An error page or JSON error; message is shown to the user. */
sn_err reply_error(req *r, reply *out, int status, const char *message);
int web_status_of(sn_err e);

/* The route table (src/app/routes.c). */
extern const route app_routes[];
extern const size_t app_n_routes;

/* Matching: returns the route for method+path, or NULL with *path_known
 * set when some route has the path with another method (-> 405), and
 * *allow filled with "GET, POST". Fills r->params. */
const route *route_match(req *r, const char *method, const char *path,
			 bool *path_known, char *allow, size_t allow_size);
/* Checks the table at start-up: every route has a permission, a handler
 * and a well-formed pattern. */
sn_err route_table_check(const route *routes, size_t n, char *err,
			 size_t err_size);
/* Input rules: fills r->errors (NULL when all good). */
void params_validate(req *r, const param_rule *rules);

/* Set-Cookie values for the session cookie (HttpOnly, SameSite=Lax,
 * Secure behind TLS), allocated from r->a and queued on the reply. */
void web_set_session_cookie(req *r, const char *token);
void web_clear_session_cookie(req *r);
/* The map tiles configured (NULL when none) and their credit. */
const char *web_tiles(void);
const char *web_tiles_attribution(void);
/* The session timeouts in force. */
int64_t web_session_idle_seconds(void);
int64_t web_session_max_seconds(void);

/* ---- server ---- */
typedef struct {
	const char *db;
	const char *host;
	int port;            /* 0: pick a free port and print it */
	int threads;
	int db_pool;         /* store connections; 0: one per thread */
	unsigned max_connections;
	unsigned timeout_seconds;
	bool tls_front;      /* behind a TLS-terminating proxy: Secure, HSTS */
	bool behind_proxy;   /* client address from X-Forwarded-For's last entry */
	int64_t session_idle_seconds;
	int64_t session_max_seconds;
	bool quiet;          /* no access log */
	const char *tiles;   /* map tile URL template (https, {z}/{x}/{y}), or NULL */
	const char *tiles_attribution;
} web_config;

void web_config_defaults(web_config *c);
/* Runs until SIGINT/SIGTERM. */
sn_err web_serve(const web_config *c);

/* Templates: the embedded set, built once at start. */
sn_err web_templates_init(char *err, size_t err_size);
void web_templates_free(void);
/* Renders a page template inside the layout for r. */
sn_err web_render_page(req *r, const reply *rep, buf *out);

/* Metrics (Prometheus text). */
void metrics_request(const route *rt, int status, double seconds);
void metrics_connections(int delta);
sn_err metrics_render(buf *out);

#endif
