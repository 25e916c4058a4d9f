/* The web layer: request context, replies, the route type with its
 * permission and input rules, and the server. Features write handlers
 * against this header; the one route table lives in src/app/routes.c. */
#ifndef SN_WEB_H
#define SN_WEB_H

#include <jansson.h>

#include "../base/base.h"
#include "../store/store.h"

/* ---- permissions ---- */
/* A route's permission: PERM_PUBLIC, PERM_SIGNED_IN, or a set of role bits
 * (PERM_ROLES; the roles and their names belong to access.h), optionally
 * with PERM_LOOPBACK (also allowed to anonymous callers on a loopback
 * address, for operations endpoints). 0 is not a permission: the server
 * refuses to start with a route that has none. */
#define PERM_ROLES 0xffu
#define PERM_PUBLIC (1u << 30)
#define PERM_SIGNED_IN (1u << 29)
#define PERM_LOOPBACK (1u << 28)

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
#define WEB_MAX_PAIRS_MANY 8192  /* form fields on a ROUTE_MANY_FIELDS route */
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
/* The same with another cap on the number of pairs (WEB_MAX_PAIRS for the
 * others). */
sn_err parse_urlencoded_pairs(arena *a, const char *s, size_t n, size_t max_field, size_t max_pairs,
			      kv_list *out);
/* A file sent in a multipart/form-data form (a route with ROUTE_MULTIPART). */
typedef struct {
	char *name;       /* the form field's name */
	char *filename;   /* the name the browser gave, without any folders ("" when none) */
	char *data;       /* the bytes, copied into the arena, NUL after them */
	size_t len;
} web_file;
typedef struct {
	web_file *items;
	size_t n;
} web_file_list;
/* A multipart/form-data body (RFC 7578) whose Content-Type is ctype: its
 * text fields into form (checked as forms' fields are: UTF-8 without NUL,
 * names up to WEB_MAX_FIELD, values up to max_field) and its files (the
 * parts with a filename, any bytes) into files. At most WEB_MAX_PAIRS
 * parts, 16 header lines of 1,024 bytes each per part. SN_EINPUT when
 * malformed (no boundary, a part not closed, no Content-Disposition
 * form-data with a name), SN_ETOOBIG over a limit. From a. */
sn_err parse_multipart(arena *a, const char *ctype, const char *body, size_t n, size_t max_field,
		       kv_list *form, web_file_list *files);
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
	uint32_t roles; /* role bits (PERM_ROLES) */
	int64_t token_id; /* the API token the request came with (Bearer); 0 for a session */
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
	web_file_list files; /* ROUTE_MULTIPART: the files a form sent */
	const char *body;    /* ROUTE_API: the request body (NUL-terminated) */
	size_t body_len;
	json_t *errors;      /* field errors from the input rules, or NULL */
	store *db;
	web_user *user;      /* NULL when not signed in */
	char *session_hash;  /* NULL when no session */
	char *csrf;          /* the session's CSRF token, if any */
	char *new_cookie;    /* Set-Cookie value to send, if any */
	bool bearer;         /* the caller came with an API token (r->user->token_id), not a cookie */
	void *conn;          /* the libmicrohttpd connection (NULL in process) */
	kv_list headers;     /* in process (web_local): the request headers */
} req;

/* Values after validation: text as sent (trimmed), "" when absent. */
const char *req_get(const req *r, const char *name);
int64_t req_get_i64(const req *r, const char *name, int64_t dflt);
/* What was typed in a form field, trimmed; "" when absent. For forms whose
 * fields are many or data-driven, checked by the handler's own rules. */
const char *req_form(req *r, const char *name);
/* Adds a field error ({"field", "message"}) for the page's error summary. */
void req_add_error(req *r, const char *field, const char *message);
/* The file sent in field name (ROUTE_MULTIPART), or NULL. */
const web_file *req_file(const req *r, const char *name);
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
	/* A public form that stores what it is sent (a report, a request for
	 * an assessment): the application's form_limit counts each one stored
	 * per client address, and past its limit the form answers 429. */
	ROUTE_LIMITED = 1u << 4,
	/* A JSON API route for a signed-in caller: replies are JSON; a POST
	 * body must be application/json and is left in r->body; the session's
	 * CSRF token must come in the X-CSRF-Token header. The only routes an
	 * API token (Authorization: Bearer) may use, and then without a CSRF
	 * token: no cookie is involved. */
	ROUTE_JSON_BODY = 1u << 5,
	/* A form that may also come as multipart/form-data (a file upload):
	 * its text fields are the form's (the CSRF token among them), its
	 * files in r->files. The route's body cap bounds the whole body. */
	ROUTE_MULTIPART = 1u << 6,
	/* A form whose urlencoded body may have up to WEB_MAX_PAIRS_MANY
	 * fields (a field a row: a statement's preview, a plan line for each
	 * of its rows). */
	ROUTE_MANY_FIELDS = 1u << 7,
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

/* ---- what the application hands the web layer ---- */
/* The web layer knows no feature: the route table, the navigation and the
 * way to find a session are handed to it once at start (src/app/ makes
 * them, `web_app_set` or web_config.app takes them). */
typedef struct {
	const char *href, *text;
	uint32_t roles;       /* role bits who see it; 0: everyone */
} web_nav_item;
/* Finds a live session by its cookie value: SN_OK with *hash, *csrf and
 * *user (NULL for an anonymous session) from a; SN_ENOTFOUND when there is
 * none (or it expired); another error when the store failed. */
typedef sn_err web_session_find_fn(store *s, const char *token, arena *a, char **hash,
				   char **csrf, web_user **user);
/* For ROUTE_LIMITED forms: with count false, SN_ETHROTTLED (and
 * *retry_minutes) when key ("METHOD pattern client-address") is over its
 * limit; with count true, one more was stored. */
typedef sn_err web_form_limit_fn(store *s, const char *key, bool count, int64_t *retry_minutes);
/* Finds the account an API token stands for (a request with
 * "Authorization: Bearer TOKEN" on a ROUTE_JSON_BODY route): SN_OK with
 * *user from a (user->token_id set); SN_ENOTFOUND when the token is
 * unknown, revoked or expired (or its account disabled); another error
 * when the store failed. */
typedef sn_err web_bearer_find_fn(store *s, const char *token, arena *a, web_user **user);
/* Called before each handler, after the permission and input rules, with
 * the store at hand: may answer in its place (*replied true with out
 * filled: a record merged into another leading to the same page of the
 * record kept). */
typedef sn_err web_before_fn(req *r, reply *out, bool *replied);
typedef struct {
	const route *routes;
	size_t n_routes;
	const web_nav_item *nav; /* the service navigation, in order */
	size_t n_nav;
	web_session_find_fn *session_find;
	web_form_limit_fn *form_limit;
	web_bearer_find_fn *bearer_find; /* NULL: no API tokens (every Bearer request is refused) */
	web_before_fn *before; /* NULL: none */
} web_app;
/* Sets the application (kept by pointer; it must outlive the server). */
void web_app_set(const web_app *app);
const web_app *web_app_get(void); /* NULL before web_app_set */

/* Matching against the application's routes: returns the route for
 * method+path, or NULL with *path_known set when some route has the path
 * with another method (-> 405), and *allow filled with "GET, POST".
 * Fills r->params. */
const route *route_match(req *r, const char *method, const char *path,
			 bool *path_known, char *allow, size_t allow_size);
/* Checks the table at start-up: every route has a permission, a handler
 * and a well-formed pattern. */
sn_err route_table_check(const route *routes, size_t n, char *err,
			 size_t err_size);
/* Input rules: fills r->errors (NULL when all good). */
void params_validate(req *r, const param_rule *rules);

/* The session cookie's name; its value is a session token (access.h). */
#define WEB_SESSION_COOKIE "sn_session"
/* Set-Cookie values for the session cookie (HttpOnly, SameSite=Lax,
 * Secure behind TLS), allocated from r->a and queued on the reply. */
void web_set_session_cookie(req *r, const char *token);
void web_clear_session_cookie(req *r);
/* Where people reach the service, for links in emails: --base-url, or
 * "http://host:port" of the server (never the request's Host header). */
const char *web_base_url(void);
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
	/* Open connections from one client address: -1 (the default) an
	 * eighth of max_connections (at least 16; none when that is not
	 * below max_connections, or with behind_proxy); 0 none. */
	int max_per_address;
	/* Idle connections close after this long, and a request must arrive
	 * whole this long after it began (a reply be read in 4 times it). */
	unsigned timeout_seconds;
	bool tls_front;      /* behind a TLS-terminating proxy: Secure, HSTS */
	bool behind_proxy;   /* client address from X-Forwarded-For's last entry */
	int64_t session_idle_seconds;
	int64_t session_max_seconds;
	bool quiet;          /* no access log */
	const char *tiles;   /* map tile URL template (https, {z}/{x}/{y}), or NULL */
	const char *tiles_attribution;
	const web_app *app;  /* routes, navigation, sessions (web_app_set) */
	const char *base_url;/* where people reach the service ("https://x"), for links
				in emails; NULL: "http://host:port" */
} web_config;

void web_config_defaults(web_config *c);
/* Runs until SIGINT/SIGTERM. */
sn_err web_serve(const web_config *c);

/* ---- requests in process (local.c): handler tests without a socket ---- */
/* Sets up the web layer for in-process requests to app's routes (instead
 * of web_serve). Call web_templates_init too for HTML pages. */
void web_local_init(const web_app *app);
typedef struct {
	const char *method;       /* "GET", "POST" */
	const char *target;       /* "/find?q=lunch" */
	const char *accept;       /* NULL: a browser's (HTML) */
	const char *cookie;       /* the Cookie header, or NULL */
	const char *form;         /* an urlencoded form body ("a=1&b=2"), or NULL */
	const char *body;         /* another body (with content_type), or NULL */
	const char *content_type; /* NULL: urlencoded when form is given */
	const char *csrf_header;  /* X-CSRF-Token, or NULL */
	const char *authorization;/* Authorization ("Bearer snt_..."), or NULL */
	const char *remote_addr;  /* NULL: 127.0.0.1 */
} web_local_request;
typedef struct {
	int status;
	json_t *view;          /* the handler's view (a copy), NULL for raw bodies */
	char *template_name;   /* the page template, or NULL */
	char *location;        /* Location, or NULL */
	char *content_type;
	char *set_cookie;      /* Set-Cookie, or NULL */
	char *body;            /* the bytes sent (NUL-terminated) */
	size_t body_len;
} web_local_reply;
/* Runs one request through the server's pipeline on db (a connection the
 * caller holds, used as the request's own). out is the caller's: free it
 * with web_local_reply_free. SN_EINTERNAL without web_local_init. */
sn_err web_local(store *db, const web_local_request *in, web_local_reply *out);
void web_local_reply_free(web_local_reply *out); /* accepts NULL */

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
