/* Base layer: errors, allocation policy, arena, growable capped buffers,
 * strings, time and ids. Depends on nothing else of ours. */
#ifndef SN_BASE_H
#define SN_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One error enum for the whole program. Map to HTTP status only in
 * web/reply.c (web_status_of). */
typedef enum {
	SN_OK = 0,
	SN_EINPUT,     /* bad input from a user or a file */
	SN_ENOTFOUND,  /* no such record or route */
	SN_EUNAUTH,    /* not signed in */
	SN_EFORBIDDEN, /* signed in but not allowed */
	SN_ECONFLICT,  /* would break a uniqueness or state rule */
	SN_ETOOBIG,    /* a capped buffer or input limit was exceeded */
	SN_ETHROTTLED, /* too many attempts */
	SN_ESTORE,     /* the store failed */
	SN_EINTERNAL   /* a bug or an environment failure */
} sn_err;

const char *sn_err_name(sn_err e);

/* Out-of-memory policy: these abort with a message; they never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Per-request (or per-command) arena: everything allocated from it is freed
 * at once by arena_free. Not thread-safe; one owner. */
typedef struct arena arena;
arena *arena_new(void);
void arena_free(arena *a); /* accepts NULL */
void *arena_alloc(arena *a, size_t n); /* zeroed, aligned to 16 */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Room for one more item in an array of size-byte items kept in the arena
 * (rows read from the store): returns the array, moved to a block twice as
 * large when n == *cap (*cap updated). Start with NULL and *cap 0. */
void *arena_grow(arena *a, void *items, size_t n, size_t *cap, size_t size);

/* Growable buffer with a hard cap set at init. Appending past the cap
 * returns SN_ETOOBIG and leaves the buffer as it was. data is always
 * NUL-terminated once anything is appended. The owner calls buf_free. */
typedef struct {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
} buf;
#define BUF_MAX_DEFAULT (8u * 1024u * 1024u)
void buf_init(buf *b, size_t max);
void buf_free(buf *b);
void buf_reset(buf *b);
sn_err buf_append(buf *b, const void *p, size_t n);
sn_err buf_puts(buf *b, const char *s);
sn_err buf_putc(buf *b, char c);
sn_err buf_printf(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends v escaped for a URL's query string: letters, digits and '-' as
 * they are, ' ' as '+' when plus, the rest as %XX. */
sn_err buf_url_escape(buf *b, const char *v, bool plus);
/* Appends s with &<>"'`= escaped for HTML text and attribute values. */
sn_err buf_html_escape(buf *b, const char *s, size_t n);

/* Strings */
bool str_eq(const char *a, const char *b); /* NULL-safe */
bool str_starts(const char *s, const char *prefix);
bool str_ieq(const char *a, const char *b);
/* Constant-time comparison of two equal-length byte strings. */
bool ct_eq(const void *a, const void *b, size_t n);
/* Parses a decimal integer in [min,max]; the whole string must be used. */
sn_err str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Lower-cases ASCII letters in place and returns s (emails are stored so). */
char *str_lower_ascii(char *s);
/* Trims ASCII whitespace in place and returns s. */
char *str_trim(char *s);
/* An amount of money typed by a person, in pounds: "1234", "1,234.5",
 * "£1,234.56", " 12.30 ". Commas only between digits; at most two decimal
 * places; no sign. Gives whole pence in *out; SN_EINPUT for anything else
 * (including empty) and SN_ETOOBIG above max_pence. */
sn_err money_parse_pounds(const char *s, int64_t max_pence, int64_t *out);
/* A name taken from input (a JSON key nobody expected), for a message
 * that names it: at most max bytes of key, cut on a UTF-8 character's
 * start, control characters as '?', into out (at least max + 1 bytes), so
 * the message stays one line of valid text. Returns out. */
char *str_key_clip(const char *key, size_t max, char *out);
bool str_is_uuid(const char *s);
bool str_is_email(const char *s);
/* An absolute http:// or https:// address (either case) with a host, at
 * most 2048 bytes, without spaces, control characters, quotes or angle
 * brackets: the only kind of web address SupportNet stores or links to
 * (javascript:, data: and the rest never). str_web_url_or_null gives s
 * when it is one, else NULL: for output, so that an old bad value cannot
 * become a link. */
bool str_is_web_url(const char *s);
const char *str_web_url_or_null(const char *s);

/* UK postcodes: normalises "sw1a1aa" to "SW1A 1AA" into out (at least 9
 * bytes); SN_EINPUT when the format is not a UK postcode. */
sn_err postcode_normalise(const char *in, char out[static 9]);

/* Time: seconds since the epoch (UTC); a clock that tests can move. */
int64_t time_now(void);
void time_set_offset(int64_t seconds); /* for tests and demo data only */
/* "2026-11-23T10:46:23Z" into out (at least 21 bytes). */
void time_iso8601(int64_t t, char out[static 21]);
/* "23 November 2026" into out (at least 32 bytes). */
void time_uk_date(int64_t t, char out[static 32]);
/* From stored text, into the arena: "2027-05-01" (or the date part of an
 * ISO 8601 time) as "1 May 2027", and "2026-11-30T10:00:00Z" as "30
 * November 2026 at 10am" in UK time (GMT, or BST in summer: "2026-07-01
 * T10:30:00Z" is "1 July 2026 at 11:30am"; "midday", "midnight"). ""
 * when it is not one. */
const char *time_uk_day(arena *a, const char *iso);
const char *time_uk_when(arena *a, const char *iso);
/* UK time's offset from UTC at t: 3600 in British Summer Time (01:00 UTC
 * on the last Sunday of March to the same on the last Sunday of
 * October), else 0. */
int64_t time_uk_offset(int64_t t);
/* "1 request", "3 requests" into the arena. */
const char *text_count(arena *a, int64_t n, const char *one, const char *many);
/* Money as people read it: "£23,250" for whole pounds, "£12.50", "-£3". */
void money_text(int64_t pence, char out[static 40]);
/* The same with the pence always shown, into the arena: "£1,234.50",
 * "£120.00", "-£3.05" (for amounts set side by side: ledgers, plans). */
const char *money_pence_text(arena *a, int64_t pence);
/* Parses "YYYY-MM-DDTHH:MM:SSZ"; SN_EINPUT when malformed. */
sn_err time_parse_iso8601(const char *s, int64_t *out);

/* Random ids from libsodium's CSPRNG. */
void uuid_v4(char out[static 37]);
/* base64url without padding of n random bytes into out (4*ceil(n/3)+1). */
void random_token(char *out, size_t out_size, size_t n_bytes);
/* Lower-case hex of SHA-256(data). */
void sha256_hex(const void *data, size_t n, char out[static 65]);

/* Deterministic generator for demo and test data (splitmix64). */
typedef struct {
	uint64_t s;
} rng;
void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
uint64_t rng_below(rng *r, uint64_t n); /* uniform in [0,n) */
void rng_uuid(rng *r, char out[static 37]);

/* Logging to stderr with a level; never pass personal data. */
typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } log_level;
void log_set_level(log_level l);
void log_msg(log_level l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Must be called once before anything that uses libsodium. */
sn_err base_init(void);

#define SN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
