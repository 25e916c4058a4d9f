/* Base layer implementation: allocation, arena, buffers, strings, time, ids. */
#define _GNU_SOURCE
#include "base.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *sn_err_name(sn_err e)
{
	static const char *names[] = {"ok",        "bad input", "not found",
				      "not signed in", "forbidden", "conflict",
				      "too big",   "throttled", "store error",
				      "internal error"};
	if ((size_t)e < SN_ARRAY_LEN(names))
		return names[e];
	return "unknown error";
}

static void oom(size_t n)
{
	fprintf(stderr, "supportnet: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* ---- arena: a list of blocks, bump allocation ---- */

typedef struct block {
	struct block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
} block;

struct arena {
	block *head;
};

#define ARENA_BLOCK 8192u

arena *arena_new(void)
{
	return xcalloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
	if (!a)
		return;
	block *b = a->head;
	while (b) {
		block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)
		oom(n);
	n = (n + 15u) & ~(size_t)15u;
	if (n == 0)
		n = 16;
	block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(block) + size);
		b->used = 0;
		b->size = size;
		/* A big allocation gets its own block behind the head, so the
		 * head's free space is not wasted. */
		if (a->head && n > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void *arena_grow(arena *a, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t bigger = *cap ? *cap * 2 : 16;
	if (bigger > SIZE_MAX / 2 / size)
		oom(bigger);
	void *p = arena_alloc(a, bigger * size);
	if (n)
		memcpy(p, items, n * size);
	*cap = bigger;
	return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		return arena_strdup(a, "");
	}
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

/* ---- buffers ---- */

void buf_init(buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max ? max : BUF_MAX_DEFAULT;
}

void buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_reset(buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

static sn_err buf_grow(buf *b, size_t extra)
{
	if (extra > b->max || b->len > b->max - extra)
		return SN_ETOOBIG;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return SN_OK;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return SN_OK;
}

sn_err buf_append(buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n))
		return SN_ETOOBIG;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
	return SN_OK;
}

sn_err buf_puts(buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

sn_err buf_putc(buf *b, char c)
{
	return buf_append(b, &c, 1);
}

sn_err buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n)) {
		va_end(ap2);
		return n < 0 ? SN_EINTERNAL : SN_ETOOBIG;
	}
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
	return SN_OK;
}

sn_err buf_url_escape(buf *b, const char *v, bool plus)
{
	sn_err rc = SN_OK;
	for (const unsigned char *p = (const unsigned char *)v; *p && !rc; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-')
			rc = buf_putc(b, (char)*p);
		else if (*p == ' ' && plus)
			rc = buf_putc(b, '+');
		else
			rc = buf_printf(b, "%%%02X", *p);
	return rc;
}

sn_err buf_html_escape(buf *b, const char *s, size_t n)
{
	/* All or nothing: a partial escape past the cap is taken back. */
	size_t len0 = b->len;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '`': rep = "&#96;"; break;
		case '=': rep = "&#61;"; break;
		default: continue;
		}
		if (buf_append(b, s + start, i - start) || buf_puts(b, rep))
			goto too_big;
		start = i + 1;
	}
	if (buf_append(b, s + start, n - start))
		goto too_big;
	return SN_OK;
too_big:
	b->len = len0;
	if (b->data)
		b->data[len0] = 0;
	return SN_ETOOBIG;
}

/* ---- strings ---- */

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool str_ieq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcasecmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ct_eq(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

sn_err str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return SN_EINPUT;
	errno = 0;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return SN_EINPUT;
	*out = (int64_t)v;
	return SN_OK;
}

char *str_lower_ascii(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + ('a' - 'A'));
	return s;
}

char *str_trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	size_t i = 0;
	while (s[i] && isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

bool str_is_uuid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

char *str_key_clip(const char *key, size_t max, char *out)
{
	size_t n = strlen(key);
	if (n > max) {
		n = max;
		while (n && ((unsigned char)key[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)key[i] < 0x20 || key[i] == 0x7f ? '?' : key[i];
	out[n] = 0;
	return out;
}

bool str_is_email(const char *s)
{
	/* Deliberately simple: one @, a non-empty local part, a dotted domain,
	 * no spaces or control characters, at most 254 characters. */
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n < 3 || n > 254)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	const char *dom = at + 1;
	const char *dot = strrchr(dom, '.');
	if (!dot || dot == dom || !dot[1] || strstr(dom, ".."))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>')
			return false;
	return true;
}

bool str_is_web_url(const char *s)
{
	if (!s)
		return false;
	size_t skip = strncasecmp(s, "https://", 8) == 0  ? 8
	              : strncasecmp(s, "http://", 7) == 0 ? 7
	                                                  : 0;
	if (!skip || strlen(s) > 2048)
		return false;
	const char *host = s + skip;
	if (!*host || *host == '/' || *host == '?' || *host == '#' || *host == '.' || *host == ':')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '`' || *p == '{' || *p == '}' || *p == '|' ||
		    *p == '^')
			return false;
	return true;
}

const char *str_web_url_or_null(const char *s)
{
	return str_is_web_url(s) ? s : NULL;
}

/* ---- time ---- */

static _Atomic int64_t time_offset;

int64_t time_now(void)
{
	return (int64_t)time(NULL) + atomic_load(&time_offset);
}

void time_set_offset(int64_t seconds)
{
	atomic_store(&time_offset, seconds);
}

void time_iso8601(int64_t t, char out[static 21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_uk_date(int64_t t, char out[static 32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%-d %B %Y", &tm);
}

const char *time_uk_day(arena *a, const char *iso)
{
	int64_t t;
	char d[32] = "";
	if (!iso || strlen(iso) < 10 || time_parse_iso8601(arena_printf(a, "%.10sT00:00:00Z", iso), &t))
		return "";
	time_uk_date(t, d);
	return arena_strdup(a, d);
}

/* Day of the week (0 Sunday) of days since the epoch. */
static int weekday(int64_t days)
{
	return (int)(((days % 7) + 11) % 7); /* 1 January 1970 was a Thursday */
}

/* Seconds since the epoch of 01:00 UTC on the last Sunday of month (1-12) of year. */
static int64_t last_sunday_1am(int year, int month)
{
	struct tm tm = {0};
	tm.tm_year = year - 1900;
	tm.tm_mon = month; /* the first of the next month ... */
	tm.tm_mday = 1;
	int64_t days = (int64_t)timegm(&tm) / 86400 - 1; /* ... less a day: the month's last */
	days -= weekday(days);
	return days * 86400 + 3600;
}

int64_t time_uk_offset(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	int year = tm.tm_year + 1900;
	return t >= last_sunday_1am(year, 3) && t < last_sunday_1am(year, 10) ? 3600 : 0;
}

const char *time_uk_when(arena *a, const char *iso)
{
	int64_t t;
	char d[32] = "";
	if (!iso || time_parse_iso8601(iso, &t))
		return "";
	t += time_uk_offset(t);
	time_uk_date(t, d);
	int minutes = (int)((t % 86400 + 86400) % 86400 / 60), h = minutes / 60, m = minutes % 60;
	if (minutes == 0)
		return arena_printf(a, "%s at midnight", d);
	if (minutes == 12 * 60)
		return arena_printf(a, "%s at midday", d);
	int h12 = h % 12 ? h % 12 : 12;
	if (m)
		return arena_printf(a, "%s at %d:%02d%s", d, h12, m, h < 12 ? "am" : "pm");
	return arena_printf(a, "%s at %d%s", d, h12, h < 12 ? "am" : "pm");
}

const char *text_count(arena *a, int64_t n, const char *one, const char *many)
{
	return arena_printf(a, "%lld %s", (long long)n, n == 1 ? one : many);
}

void money_text(int64_t pence, char out[static 40])
{
	const char *sign = pence < 0 ? "-" : "";
	uint64_t p = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
	char digits[24], grouped[32];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(p / 100));
	size_t g = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = 0;
	if (p % 100)
		snprintf(out, 40, "%s£%s.%02llu", sign, grouped, (unsigned long long)(p % 100));
	else
		snprintf(out, 40, "%s£%s", sign, grouped);
}

const char *money_pence_text(arena *a, int64_t pence)
{
	char t[40];
	const char *sign = pence < 0 ? "-" : "";
	uint64_t p = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
	money_text((int64_t)(p - p % 100), t);
	return arena_printf(a, "%s%s.%02u", sign, t, (unsigned)(p % 100));
}

sn_err time_parse_iso8601(const char *s, int64_t *out)
{
	struct tm tm = {0};
	if (!s || strlen(s) != 20)
		return SN_EINPUT;
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return SN_EINPUT;
	/* strptime takes "02-30", "23:59:60" and padded fields, which timegm
	 * then moves to another instant: only the canonical spelling passes. */
	int64_t t = (int64_t)timegm(&tm);
	char back[21];
	time_iso8601(t, back);
	if (strcmp(back, s) != 0)
		return SN_EINPUT;
	*out = t;
	return SN_OK;
}

/* ---- ids and hashes ---- */

void uuid_v4(char out[static 37])
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		 b[11], b[12], b[13], b[14], b[15]);
}

void random_token(char *out, size_t out_size, size_t n_bytes)
{
	unsigned char b[64];
	if (n_bytes > sizeof b)
		n_bytes = sizeof b;
	randombytes_buf(b, n_bytes);
	sodium_bin2base64(out, out_size, b, n_bytes,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof b);
}

void sha256_hex(const void *data, size_t n, char out[static 65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

void rng_seed(rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t rng_below(rng *r, uint64_t n)
{
	if (n == 0)
		return 0;
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = rng_next(r);
	while (x >= limit);
	return x % n;
}

void rng_uuid(rng *r, char out[static 37])
{
	uint64_t a = rng_next(r), b = rng_next(r);
	a = (a & 0xffffffffffff0fffull) | 0x0000000000004000ull;
	b = (b & 0x3fffffffffffffffull) | 0x8000000000000000ull;
	snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(a >> 32),
		 (unsigned)((a >> 16) & 0xffff), (unsigned)(a & 0xffff),
		 (unsigned)(b >> 48), (unsigned long long)(b & 0xffffffffffffull));
}

/* ---- log ---- */

static _Atomic int log_level_now = LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(log_level l)
{
	atomic_store(&log_level_now, (int)l);
}

void log_msg(log_level l, const char *fmt, ...)
{
	if ((int)l < atomic_load(&log_level_now))
		return;
	static const char *names[] = {"debug", "info", "warn", "error"};
	char ts[21];
	time_iso8601(time_now(), ts);
	va_list ap;
	va_start(ap, fmt);
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "%s %s ", ts, names[l]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&log_lock);
	va_end(ap);
}

sn_err base_init(void)
{
	if (sodium_init() < 0)
		return SN_EINTERNAL;
	return SN_OK;
}

/* ---- postcodes ---- */

sn_err postcode_normalise(const char *in, char out[static 9])
{
	char s[16];
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == ' ')
			continue;
		if (n == 7 || !isalnum((unsigned char)*p))
			return SN_EINPUT;
		s[n++] = (char)toupper((unsigned char)*p);
	}
	if (n < 5)
		return SN_EINPUT;
	/* Inward code: digit, letter, letter. */
	const char *in3 = s + n - 3;
	if (!isdigit((unsigned char)in3[0]) || !isalpha((unsigned char)in3[1]) ||
	    !isalpha((unsigned char)in3[2]))
		return SN_EINPUT;
	/* Outward code: A9, A99, AA9, AA99, A9A, AA9A. */
	size_t on = n - 3;
	const char *o = s;
	bool ok = false;
	if (isalpha((unsigned char)o[0])) {
		size_t i = isalpha((unsigned char)o[1]) ? 2 : 1;
		if (i < on && isdigit((unsigned char)o[i])) {
			size_t rest = on - i - 1;
			ok = rest == 0 || (rest == 1 && isalnum((unsigned char)o[i + 1]));
		}
	}
	if (!ok)
		return SN_EINPUT;
	snprintf(out, 9, "%.*s %.3s", (int)on, s, in3);
	return SN_OK;
}

sn_err money_parse_pounds(const char *s, int64_t max_pence, int64_t *out)
{
	*out = 0;
	if (!s)
		return SN_EINPUT;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strncmp(s, "\xc2\xa3", 2) == 0) /* £ in UTF-8 */
		s += 2;
	int64_t pounds = 0;
	int digits = 0;
	bool big = false;
	for (; (*s >= '0' && *s <= '9') || *s == ','; s++) {
		if (*s == ',') {
			/* Only between digits: "1,234", never ",1" or "1,,2" or "1,". */
			if (!digits || s[1] < '0' || s[1] > '9')
				return SN_EINPUT;
			continue;
		}
		if (pounds > (INT64_MAX / 100 - 9) / 10)
			big = true;
		else
			pounds = pounds * 10 + (*s - '0');
		digits++;
	}
	int64_t pence = 0;
	if (*s == '.') {
		s++;
		int dp = 0;
		for (; *s >= '0' && *s <= '9'; s++, dp++)
			if (dp < 2)
				pence = pence * 10 + (*s - '0');
		if (dp == 0 || dp > 2)
			return SN_EINPUT;
		if (dp == 1)
			pence *= 10;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s || !digits)
		return SN_EINPUT;
	if (big || pounds > (max_pence - pence) / 100)
		return SN_ETOOBIG;
	*out = pounds * 100 + pence;
	return SN_OK;
}
