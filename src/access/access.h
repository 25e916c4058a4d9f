/* Accounts and their roles, passwords, sessions, sign-in throttling,
 * relationship-based access to person records and the audit chain.
 * Everything shared between processes lives in the store. Access stands on
 * the web layer (the user type, the sign-in pages in access_http.c), never
 * the other way round: the web layer finds sessions through the function
 * the application hands it (access_session_find). */
#ifndef SN_ACCESS_H
#define SN_ACCESS_H

#include <jansson.h>

#include "../base/base.h"
#include "../store/store.h"
#include "../web/web.h"

/* ---- roles ---- */
/* The role bits of web_user.roles and of routes' permissions (PERM_ROLES). */
enum {
	R_RESIDENT = 1u << 0,
	R_CARER = 1u << 1,
	R_WORKER = 1u << 2,
	R_PARTNER = 1u << 3,
	R_COORDINATOR = 1u << 4,
	R_MODERATOR = 1u << 5,
	R_COMMISSIONER = 1u << 6,
	R_ADMIN = 1u << 7,
	R_ALL_ROLES = PERM_ROLES
};
/* Role names in bit order; role_parse accepts "worker,admin". */
extern const char *const role_names[8];
sn_err role_parse(const char *list, uint32_t *roles);
/* "resident, worker" style text for pages (from a). */
char *role_describe(arena *a, uint32_t roles);

/* ---- passwords ---- */
#define PASSWORD_MIN 10
#define PASSWORD_MAX 1024
/* SN_OK if pw may be used; otherwise SN_EINPUT and *why is a sentence for
 * the user. Refuses short, over-long and common passwords and ones built
 * from the email address. */
sn_err password_policy(const char *pw, const char *email, const char **why);
/* argon2id (libsodium's crypto_pwhash_str, interactive limits). out must
 * hold 128 bytes. */
sn_err password_hash(const char *pw, char out[static 128]);
bool password_verify(const char *hash, const char *pw);
bool password_is_common(const char *pw);

/* ---- users ---- */
/* actor: who did it, for the audit chain ("system" from the CLI). */
sn_err user_add(store *s, const char *email, const char *name, uint32_t roles,
		const char *password, const char *actor, char *uuid_out,
		char *err, size_t err_size);
/* Like user_add with a precomputed hash (demo data: one hash, many users). */
sn_err user_add_hashed(store *s, const char *email, const char *name,
		       uint32_t roles, const char *hash, const char *uuid,
		       int64_t *id_out);
sn_err user_set_password(store *s, const char *email, const char *password,
			 const char *actor, char *err, size_t err_size);
sn_err user_set_disabled(store *s, const char *email, bool disabled,
			 const char *actor, char *err, size_t err_size);
/* [{"uuid","email","name","roles":[...],"disabled"}] */
sn_err user_list(store *s, json_t **out);
sn_err user_load(store *s, int64_t id, arena *a, web_user **out);

/* ---- accounts looked after on the web (account.c) ---- */
typedef struct {
	int64_t id;
	char uuid[37];
	char *email, *name, *created_at;
	uint32_t roles;
	bool disabled;
	int64_t sessions; /* open now */
} account;
#define ACCOUNT_RESET_SECONDS (60 * 60)         /* a forgotten password's link */
#define ACCOUNT_WELCOME_SECONDS (7 * 24 * 3600) /* a new account's first */
#define ACCOUNT_RESET_LINKS_AN_HOUR 3           /* asked for one account */
#define ACCOUNT_HANDLE_LEN 16                   /* a session's handle: hex */
/* One account by uuid, from a; SN_ENOTFOUND when there is none. */
sn_err account_get(store *s, const char *uuid, arena *a, account **out);
/* An administrator's changes, each audited as actor (a user uuid). */
sn_err account_set_roles(store *s, const char *uuid, uint32_t roles, const char *actor);
sn_err account_set_disabled(store *s, const char *uuid, bool disabled, const char *actor);
/* A new account with no password anyone knows (send it a "welcome" link):
 * SN_EINPUT for a bad email, name or no role; SN_ECONFLICT when the email
 * has an account. */
sn_err account_add(store *s, const char *email, const char *name, uint32_t roles, const char *actor,
		   char uuid_out[static 37]);
/* Queues an email with a one-time link to set the password: purpose
 * "reset" (valid 1 hour) or "welcome" (7 days), to base_url
 * + "/sign-in/reset/TOKEN". SN_ECONFLICT for a disabled account. */
sn_err account_send_link(store *s, const char *uuid, const char *purpose, const char *base_url, const char *actor);
/* "Forgotten your password": a reset link to email's account if there is
 * an active one (at most ACCOUNT_RESET_LINKS_AN_HOUR an hour); SN_OK and
 * nothing visible either way, so the answer does not tell who has one. */
sn_err account_forgotten(store *s, const char *email, const char *base_url);
/* SN_OK with the account's *email (from a) when token is a link that can
 * still be used; SN_ENOTFOUND when unknown, used, expired or disabled. */
sn_err account_link_check(store *s, const char *token, arena *a, char **email);
/* Sets the password from a link and uses the link up (and every other of
 * the account's), ends every session and lifts the sign-in locks on the
 * account. SN_EINPUT with *why when the password breaks the policy,
 * SN_ENOTFOUND when the link cannot be used (any more). */
sn_err account_link_use(store *s, const char *token, const char *password, const char **why);
/* The owner's own change: SN_EFORBIDDEN (*why) when current is wrong,
 * SN_EINPUT (*why) when password breaks the policy. Ends every session. */
sn_err account_change_password(store *s, const web_user *u, const char *current, const char *password,
			       const char **why);
/* The account's sessions, newest first: [{handle, created_at,
 * last_seen_at, current}] (*out a new reference the caller decrefs). */
sn_err account_sessions(store *s, int64_t user_id, const char *current_hash, json_t **out);
/* Ends the owner's session with handle, or (handle NULL) every one but
 * keep_hash's. SN_ENOTFOUND for a handle that is not theirs. Audited. */
sn_err account_end_sessions(store *s, const web_user *u, const char *handle, const char *keep_hash);

/* ---- sessions ---- */
#define SESSION_COOKIE WEB_SESSION_COOKIE
typedef struct {
	int64_t idle_seconds; /* sign out after this long without a request */
	int64_t max_seconds;  /* and after this long in any case */
} session_policy;
/* Creates a session (user_id 0: anonymous, for the sign-in form's CSRF
 * token). token_out gets the cookie value (64 bytes), hash_out its SHA-256. */
sn_err session_create(store *s, int64_t user_id, char token_out[static 64],
		      char hash_out[static 65], char csrf_out[static 64]);
/* Finds a live session by cookie value; SN_ENOTFOUND when missing or
 * expired (an expired one is deleted). *user is NULL for anonymous ones. */
sn_err session_lookup(store *s, const char *token, const session_policy *p,
		      arena *a, char **hash, char **csrf, web_user **user);
sn_err session_destroy(store *s, const char *hash);
/* A visitor who is not signed in gets a form token without a stored
 * session: token_out (the cookie value, "a.NONCE.ISSUED.MAC") and
 * csrf_out are signed with the area's "form-tokens" secret and
 * session_lookup checks them (valid for the session's maximum age). */
sn_err session_anonymous(store *s, char token_out[static 128], char csrf_out[static 64]);
/* session_lookup with the server's timeouts: what the application hands
 * the web layer as its web_session_find_fn. */
sn_err access_session_find(store *s, const char *token, arena *a, char **hash, char **csrf,
			   web_user **user);

/* ---- API tokens for partner systems (token.c, docs/api.md) ---- */
/* A token is "snt_" and 43 base64url characters (32 random bytes); only
 * its SHA-256 (hex) is stored. It stands for one account, with its roles
 * and relationships, on the JSON API only (ROUTE_JSON_BODY routes). */
#define TOKEN_PREFIX "snt_"
#define TOKEN_LEN 47
#define TOKEN_NAME_MAX 100
#define TOKEN_DAYS_MAX 3650
#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_TOUCH_SECONDS 60 /* last_used_at is written at most this often */
/* Pure: whether text has a token's shape; its hash (what is stored). */
bool token_text_ok(const char *text);
void token_hash(const char *text, char out[static 65]);
/* Pure: whether a token with these times (UTC ISO-8601 text, "" or NULL
 * for none) may be used at now (epoch seconds): not revoked, and now
 * before expires_at. */
bool token_usable(const char *expires_at, const char *revoked_at, int64_t now);
/* Pure: whether last_used_at ("" for never) is TOKEN_TOUCH_SECONDS or
 * more before now, so it is written again. */
bool token_touch_due(const char *last_used_at, int64_t now);
/* A new token for email's account, called name (1 to TOKEN_NAME_MAX
 * printable bytes), that expires days (0 to TOKEN_DAYS_MAX) days from now
 * (0: at once, for trying the refusal) or never (days < 0). token_out gets
 * the token, which is not kept: show it once. Audited as actor ("system"
 * or a user uuid). SN_ENOTFOUND for no account with that email,
 * SN_ECONFLICT for a disabled one, SN_EINPUT for a bad name or days. */
sn_err token_add(store *s, const char *email, const char *name, int days, const char *actor,
		 char token_out[static TOKEN_LEN + 1], int64_t *id_out);
/* Every token, newest first, never the token itself: [{id, email,
 * account (the account's name), name, created_at, expires_at, revoked_at,
 * last_used_at, created_by}] with "" for times not set (*out a new
 * reference the caller decrefs). */
sn_err token_list(store *s, json_t **out);
/* Revokes token id (a token already revoked stays as it was). Audited as
 * actor. SN_ENOTFOUND when there is no such token. */
sn_err token_revoke(store *s, int64_t id, const char *actor);
/* The account and token id of the token with that hash when it may be
 * used (not revoked, not expired); last_used_at is written at most once a
 * TOKEN_TOUCH_SECONDS. SN_ENOTFOUND otherwise. */
sn_err token_lookup(store *s, const char *hash, int64_t *user_id, int64_t *token_id);
/* What the application hands the web layer as its web_bearer_find_fn:
 * the account (enabled) a token stands for, with token_id set, and the
 * connection's audit note set to " (API token ID)" so that every entry
 * the request appends says so. SN_ENOTFOUND when it cannot be used. */
sn_err access_bearer_find(store *s, const char *text, arena *a, web_user **user);

/* ---- secrets the processes of an area share ---- */
#define ACCESS_SECRET_BYTES 32
/* The secret called name, made (and stored) the first time any process
 * asks for it; each process then keeps it in memory. */
sn_err access_secret(store *s, const char *name, unsigned char key[static ACCESS_SECRET_BYTES]);
/* Forgets the secrets kept in memory (tests that change database). */
void access_secrets_forget(void);

/* ---- sign-in with throttling ---- */
#define THROTTLE_WINDOW_SECONDS (15 * 60)
#define THROTTLE_ACCOUNT_FAILURES 5    /* one account from one address */
#define THROTTLE_ADDRESS_FAILURES 20   /* one address, any account */
#define THROTTLE_ANYWHERE_FAILURES 100 /* one account from any address */
/* Checks the password for email and records the outcome (throttle
 * counters, audit entry). Throttled when this account has had 5 failures
 * from this address, the address 20 for any account, or the account 100
 * from anywhere, within the window. SN_OK with *user_id; SN_EINPUT for a wrong email
 * or password (one message for both); SN_ETHROTTLED with *retry_minutes. */
sn_err auth_sign_in(store *s, const char *email, const char *password,
		    const char *address, int64_t *user_id,
		    int64_t *retry_minutes);

/* Counters per key within a window (table throttle): how many events
 * since now - window_seconds, minutes until the window ends, one more. */
int64_t throttle_count(store *s, const char *key, int64_t window_seconds, int64_t now);
int64_t throttle_minutes_left(store *s, const char *key, int64_t window_seconds, int64_t now);
sn_err throttle_hit(store *s, const char *key, int64_t window_seconds, int64_t now);

/* ---- public forms that store what they are sent ---- */
#define ACCESS_FORM_LIMIT 10                /* sent per client address ... */
#define ACCESS_FORM_WINDOW_SECONDS (60 * 60) /* ... per hour, per form */
/* The web layer's limit on a public form (ROUTE_LIMITED): with count
 * false, SN_ETHROTTLED (and *retry_minutes) when key ("route client")
 * has sent ACCESS_FORM_LIMIT within the window; with count true, one
 * more was stored. */
sn_err access_form_limit(store *s, const char *key, bool count, int64_t *retry_minutes);

/* ---- the audit chain ---- */
typedef struct {
	const char *actor;  /* user uuid, "system" or "anonymous" */
	const char *role;   /* role acted in */
	const char *action; /* "person.read" */
	const char *record; /* "person:<uuid>" or "" */
	const char *reason; /* relationship kind, break-glass reason, ... */
} audit_entry;
/* Appends one entry. Call inside a write transaction (store_begin_write)
 * together with the change it records; outside one it takes its own. */
sn_err audit_append(store *s, const audit_entry *e);
/* Appends n entries in order, as n calls of audit_append would (the same
 * chain: consecutive seq, each hash over the one before, one time for
 * all), but reading the head once and inserting up to 32 rows a
 * statement: a listed page of 50 people is 50 audited reads. */
sn_err audit_append_many(store *s, const audit_entry *e, size_t n);
/* The entry's hash: SHA-256 (hex) of prev_hash and the canonical encoding
 * (netstrings of seq, at, actor, role, action, record, reason). */
void audit_hash(const char *prev_hash, int64_t seq, const char *at,
		const audit_entry *e, char out[static 65]);
/* Walks the chain. SN_OK when whole; SN_EINPUT with *bad_seq and why
 * naming the first bad entry. *n gets the count, head the last hash. */
sn_err audit_verify(store *s, int64_t *n, int64_t *bad_seq, char *why,
		    size_t why_size, char head[static 65]);

/* How many entries the chain has (*n). */
sn_err audit_length(store *s, int64_t *n);
/* Entries newest first, limit from offset, as [{seq, at, actor (the
 * account's name where there is one), role, action, record, reason}]:
 * *out is a new reference the caller decrefs. */
sn_err audit_page(store *s, int64_t limit, int64_t offset, json_t **out);

/* ---- relationship-based access to person records ---- */
typedef enum {
	ACCESS_NONE = 0,
	ACCESS_SELF,       /* the person themselves */
	ACCESS_NAMED,      /* someone the person named (e.g. their carer) */
	ACCESS_WORKER,     /* the assigned worker */
	ACCESS_BREAK_GLASS /* recorded emergency access */
} access_basis;
const char *access_basis_name(access_basis b);
/* How (if at all) user may reach person_id. Does not audit: callers audit
 * the read or write they then make, with the basis as the reason. */
sn_err access_person(store *s, const web_user *u, int64_t person_id,
		     access_basis *basis);
#define BREAK_GLASS_MINUTES 60
#define BREAK_GLASS_REASON_MIN 20
/* Grants user time-limited access to person with a written reason, and
 * audits it. Only workers and admins may break glass. */
sn_err access_break_glass(store *s, const web_user *u, int64_t person_id,
			  const char *person_uuid, const char *reason);
/* Audits a read or write of a person's record by u on basis. */
sn_err access_audit_person(store *s, const web_user *u, access_basis basis,
			   const char *action, const char *person_uuid);

#endif
