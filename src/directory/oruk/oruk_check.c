/* Checking an ORUK object as a row of its kind (oruk_check_row): ids,
 * required fields, types, enumerations, lengths, emails, URIs, dates, exact
 * decimals for money and degrees, and the links to the objects it is
 * nested in. No SQL: a reference to another row is looked up by the
 * writer (oruk_imp_find, oruk_import_store.c). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../hours/hours.h"
#include "oruk_io_int.h"

/* ---- exact decimals ---- */

sn_err oruk_decimal_scaled(const char *s, int places, int64_t max, int64_t *out)
{
	*out = 0;
	if (!s)
		return SN_EINPUT;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	char digits[48];
	int nd = 0, exp10 = 0, n_int = 0, n_frac = 0;
	for (; *s >= '0' && *s <= '9'; s++, n_int++) {
		if (nd == 0 && *s == '0')
			continue; /* leading zeros */
		if (nd >= 40)
			return SN_EINPUT;
		digits[nd++] = *s;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, n_frac++) {
			if (nd == 0 && *s == '0') {
				exp10--;
				continue;
			}
			if (nd >= 40)
				return SN_EINPUT;
			digits[nd++] = *s;
			exp10--;
		}
		if (!n_frac)
			return SN_EINPUT;
	}
	if (n_int + n_frac == 0)
		return SN_EINPUT;
	if (*s == 'e' || *s == 'E') {
		s++;
		bool eneg = false;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		int e = 0, ne = 0;
		for (; *s >= '0' && *s <= '9'; s++, ne++)
			if (e < 1000)
				e = e * 10 + (*s - '0');
		if (!ne)
			return SN_EINPUT;
		exp10 += eneg ? -e : e;
	}
	if (*s)
		return SN_EINPUT;
	/* value = digits * 10^exp10; want round(value * 10^places) */
	int shift = exp10 + places;
	int keep = nd + shift; /* digits left of the point after scaling */
	int64_t v = 0;
	if (nd == 0)
		return SN_OK;
	if (keep > 19)
		return SN_EINPUT;
	for (int i = 0; i < keep; i++) {
		int d = i < nd ? digits[i] - '0' : 0;
		if (v > (INT64_MAX - d) / 10)
			return SN_EINPUT;
		v = v * 10 + d;
	}
	if (keep >= 0 && keep < nd && digits[keep] >= '5')
		v++;
	if (v > max)
		return SN_EINPUT;
	*out = neg ? -v : v;
	return SN_OK;
}


/* A value quoted in a message: printable ASCII, at most 40 characters. */
const char *oruk_shown(const char *v, char out[static 48])
{
	size_t n = 0;
	for (const char *p = v; *p && n < 40; p++)
		out[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	if (v[n] && n == 40) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = 0;
	return out;
}


/* ---- checking values ---- */

bool oruk_is_number_text(json_t *v)
{
	return json_is_string(v) && json_string_length(v) > 1 && json_string_value(v)[0] == '\0';
}

/* A present, non-null value of key (or alt). */
json_t *oruk_field_value(json_t *o, const oruk_field *f)
{
	json_t *v = json_object_get(o, f->key);
	if ((!v || json_is_null(v)) && f->alt)
		v = json_object_get(o, f->alt);
	return json_is_null(v) ? NULL : v;
}

/* A plain string (not a number's text); NULL otherwise. */
const char *oruk_plain_string(json_t *v)
{
	if (!json_is_string(v) || oruk_is_number_text(v))
		return NULL;
	return json_string_value(v);
}

/* A number's decimal text: from a marked string, an integer or (CSV) any
 * string; NULL when v is not a number. A JSON string that holds a number
 * ("18", " 51.5") is read as the number, with a warning. */
static const char *number_text(oruk_imp *im, json_t *v, const char *path, const char *key,
                               char tmp[static 32])
{
	if (oruk_is_number_text(v))
		return json_string_value(v) + 1;
	if (json_is_integer(v)) {
		snprintf(tmp, 32, "%lld", (long long)json_integer_value(v));
		return tmp;
	}
	if (im->csv && json_is_string(v))
		return json_string_value(v);
	if (json_is_string(v)) {
		const char *t = json_string_value(v);
		while (*t == ' ')
			t++;
		size_t n = strnlen(t, 32);
		while (n && t[n - 1] == ' ')
			n--;
		int64_t scratch;
		if (n && n < 32) {
			memcpy(tmp, t, n);
			tmp[n] = 0;
			if (oruk_decimal_scaled(tmp, 0, INT64_MAX / 10, &scratch) == SN_OK ||
			    oruk_decimal_scaled(tmp, 6, INT64_MAX / 10, &scratch) == SN_OK) {
				char t1[48];
				oruk_warn(im, path, key, ORUK_CODE_NORMALISED, ORUK_DID_NORMALISED,
				          "the text '%s' read as a number", oruk_shown(tmp, t1));
				return tmp;
			}
		}
	}
	return NULL;
}

bool oruk_is_urn(const char *s)
{
	if (!s || strncasecmp(s, "urn:", 4) != 0 || !isalnum((unsigned char)s[4]) || strlen(s) > 2048)
		return false;
	const char *colon = strchr(s + 4, ':');
	if (!colon || !colon[1])
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == '`')
			return false;
	return true;
}

static bool is_uri(const char *s)
{
	/* An absolute URI: a scheme, ':', then no spaces or control characters. */
	if (!isalpha((unsigned char)*s))
		return false;
	const char *p = s + 1;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':' || !p[1])
		return false;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}')
			return false;
	return true;
}

/* "2026-01-02T03:04:05[.123][Z|+01:00]" to "2026-01-02T02:04:05.123Z". */
static bool norm_datetime(const char *s, char out[static 32])
{
	size_t n = strlen(s);
	if (n < 19 || n > 40 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return false;
	char base[21];
	memcpy(base, s, 10);
	base[10] = 'T';
	memcpy(base + 11, s + 11, 8);
	base[19] = 'Z';
	base[20] = 0;
	int64_t t = 0;
	if (time_parse_iso8601(base, &t))
		return false;
	const char *p = s + 19;
	char ms[4] = "000";
	if (*p == '.') {
		p++;
		int k = 0;
		for (; *p >= '0' && *p <= '9'; p++, k++)
			if (k < 3)
				ms[k] = *p;
		if (!k || k > 9)
			return false;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		if (strlen(p) != 6 || !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) || p[3] != ':' || !isdigit((unsigned char)p[4]) ||
		    !isdigit((unsigned char)p[5]))
			return false;
		int hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = (p[4] - '0') * 10 + (p[5] - '0');
		if (hh > 14 || mm > 59)
			return false;
		t -= sign * (hh * 3600 + mm * 60);
		p += 6;
	}
	if (*p)
		return false;
	char iso[21];
	time_iso8601(t, iso);
	snprintf(out, 32, "%.19s.%sZ", iso, ms);
	return true;
}

void oruk_lower_uuid(const char *in, char out[static 37])
{
	for (int i = 0; i < 36; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[36] = 0;
}

static const oruk_parent *parent_of(const oruk_parent *ps, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].key && strcmp(ps[i].key, key) == 0)
			return &ps[i];
	return NULL;
}

/* check_field's parts: a uuid (lower-cased into the arena). */
static bool check_uuid(oruk_imp *im, const oruk_field *f, const char *sv, const char *path, oruk_cell *c,
                       arena *a)
{
	char t1[48];
	if (!sv) {
		oruk_problem(im, path, f->key, "must be a string (a uuid)");
		return false;
	}
	if (!str_is_uuid(sv)) {
		oruk_problem(im, path, f->key, "'%s' is not a uuid", oruk_shown(sv, t1));
		return false;
	}
	char *u = arena_alloc(a, 37);
	oruk_lower_uuid(sv, u);
	*c = (oruk_cell){.k = CELL_TEXT, .t = u};
	return true;
}

/* A whole number, an amount of money (pence) or degrees (millionths). */
static bool check_number(oruk_imp *im, const oruk_field *f, json_t *v, const char *path, oruk_cell *c)
{
	char t1[48], num[32];
	int64_t iv = 0;
	const char *nt = number_text(im, v, path, f->key, num);
	if (!nt) {
		oruk_problem(im, path, f->key, "must be a number");
		return false;
	}
	if (f->type == FT_INT) {
		if (str_to_i64(nt, f->min, f->max, &iv)) {
			oruk_problem(im, path, f->key,
			             "'%s' is not a whole number from %lld to %lld",
			             oruk_shown(nt, t1), (long long)f->min, (long long)f->max);
			return false;
		}
	} else if (f->type == FT_MONEY) {
		if (oruk_decimal_scaled(nt, 2, ORUK_MONEY_MAX_PENCE, &iv) || iv < 0) {
			oruk_problem(im, path, f->key,
			             "'%s' is not an amount in pounds from 0 to 1000000",
			             oruk_shown(nt, t1));
			return false;
		}
	} else {
		int64_t lim = f->type == FT_LAT ? 90000000 : 180000000;
		if (oruk_decimal_scaled(nt, 6, lim, &iv)) {
			oruk_problem(im, path, f->key, "'%s' is not a %s in degrees (%s)",
			             oruk_shown(nt, t1),
			             f->type == FT_LAT ? "latitude" : "longitude",
			             f->type == FT_LAT ? "-90 to 90" : "-180 to 180");
			return false;
		}
	}
	*c = (oruk_cell){.k = CELL_INT, .i = iv};
	return true;
}

/* One of the values an enumeration allows (in another case, or with
 * spaces round it: normalised with a warning). */
static bool check_enum(oruk_imp *im, const oruk_field *f, const char **svp, const char *path)
{
	char t1[48];
	const char *sv = *svp;
	for (const char *const *e = f->values; *e; e++)
		if (strcmp(*e, sv) == 0)
			return true;
	char trimmed[64];
	size_t n = 0;
	while (*sv == ' ')
		sv++;
	n = strnlen(sv, sizeof trimmed);
	while (n && sv[n - 1] == ' ')
		n--;
	if (n < sizeof trimmed) {
		memcpy(trimmed, sv, n);
		trimmed[n] = 0;
		for (const char *const *e = f->values; *e; e++)
			if (strcasecmp(*e, trimmed) == 0) {
				oruk_warn(im, path, f->key, ORUK_CODE_NORMALISED, ORUK_DID_NORMALISED,
				          "'%s' read as '%s'", oruk_shown(*svp, t1), *e);
				*svp = *e;
				return true;
			}
	}
	sv = *svp;
	char list[160] = "";
	size_t k = 0;
	for (const char *const *e = f->values; *e && k < sizeof list; e++)
		k += (size_t)snprintf(list + k, sizeof list - k, "%s'%s'", k ? ", " : "", *e);
	oruk_problem(im, path, f->key, "'%s' is not one of %s", oruk_shown(sv, t1), list);
	return false;
}

/* s without spaces, tabs or line ends round it (s itself when it has
 * none, else a copy in the arena). */
static const char *trimmed(const char *s, arena *a)
{
	const char *b = s;
	while (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')
		b++;
	size_t n = strlen(b);
	while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r' || b[n - 1] == '\n'))
		n--;
	if (b == s && n == strlen(s))
		return s;
	char *c = arena_alloc(a, n + 1);
	memcpy(c, b, n);
	c[n] = 0;
	return c;
}

/* A string's own rules by its type; *sv may become its normal form (a
 * date and time with an offset, in UTC; a code in capitals; an email
 * address without mailto:; an enumeration's own spelling). Normalising
 * warns. */
static bool check_string(oruk_imp *im, const oruk_field *f, const char **sv, const char *path, arena *a)
{
	char t1[48];
	const char *s = *sv;
	size_t len = strlen(s);
	switch (f->type) {
	case FT_TEXT:
		if (len > (size_t)f->max) {
			oruk_problem(im, path, f->key, "longer than %lld bytes", (long long)f->max);
			return false;
		}
		return true;
	case FT_EMAIL: {
		/* "mailto:name@example.org" or " name@example.org ": the address. */
		const char *e = trimmed(s, a);
		if (strncasecmp(e, "mailto:", 7) == 0 && !strchr(e, '?'))
			e += 7;
		if (!str_is_email(e)) {
			oruk_problem(im, path, f->key, "'%s' is not an email address", oruk_shown(s, t1));
			return false;
		}
		if (strcmp(e, s) != 0) {
			char t2[48];
			oruk_warn(im, path, f->key, ORUK_CODE_NORMALISED, ORUK_DID_NORMALISED,
			          "'%s' read as '%s'", oruk_shown(s, t1), oruk_shown(e, t2));
			*sv = e;
		}
		return true;
	}
	case FT_IDURI:
	case FT_URI: {
		/* Only http and https addresses enter the store (a javascript:
		 * or data: address would become a link on a page). A web
		 * address without its scheme ("www.example.org") gets https://. */
		const char *u = trimmed(s, a);
		if (strncasecmp(u, "www.", 4) == 0 && !strchr(u, ':') && !strchr(u, ' '))
			u = arena_printf(a, "https://%s", u);
		if (!str_is_web_url(u) && !(f->type == FT_IDURI && oruk_is_urn(u))) {
			oruk_problem(im, path, f->key,
			             is_uri(u) && strncasecmp(u, "http", 4) != 0
			                 ? "'%s' is not a web address (only http:// and https:// "
			                   "addresses are kept)"
			                 : "'%s' is not a web address (https://...)",
			             oruk_shown(s, t1));
			return false;
		}
		if (strcmp(u, s) != 0) {
			char t2[48];
			oruk_warn(im, path, f->key, ORUK_CODE_NORMALISED, ORUK_DID_NORMALISED,
			          "'%s' read as '%s'", oruk_shown(s, t1), oruk_shown(u, t2));
			*sv = u;
		}
		return true;
	}
	case FT_ENUM: return check_enum(im, f, sv, path);
	case FT_DATE: {
		sched_date d;
		if (len != 10 || sched_parse_date(s, &d)) {
			oruk_problem(im, path, f->key, "'%s' is not a date (YYYY-MM-DD)", oruk_shown(s, t1));
			return false;
		}
		return true;
	}
	case FT_DATETIME: {
		char *o = arena_alloc(a, 32);
		if (!norm_datetime(s, o)) {
			oruk_problem(im, path, f->key,
			             "'%s' is not a date and time (YYYY-MM-DDTHH:MM:SSZ)",
			             oruk_shown(s, t1));
			return false;
		}
		/* UTC as written is kept as written (so it round-trips);
		 * an offset is turned into UTC. */
		if (s[len - 1] != 'Z' || s[10] != 'T')
			*sv = o;
		return true;
	}
	case FT_COUNTRY:
	case FT_CURRENCY: {
		/* "gbp", " GBP": "GBP", with a warning. */
		size_t want = f->type == FT_COUNTRY ? 2 : 3;
		const char *t = trimmed(s, a);
		bool letters = strlen(t) == want, upper = true;
		for (size_t i = 0; i < want && letters; i++) {
			letters = (t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z');
			upper = upper && t[i] >= 'A' && t[i] <= 'Z';
		}
		if (!letters) {
			oruk_problem(im, path, f->key, "'%s' is not %s", oruk_shown(s, t1),
			             want == 2 ? "a country code (GB)" : "a currency code (GBP)");
			return false;
		}
		if (upper && t == s)
			return true;
		char *u = arena_strdup(a, t);
		for (char *p = u; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		oruk_warn(im, path, f->key, ORUK_CODE_NORMALISED, ORUK_DID_NORMALISED,
		          "'%s' read as '%s'", oruk_shown(s, t1), u);
		*sv = u;
		return true;
	}
	default: return true;
	}
}

/* Checks one field into *c; false after a problem. */
static bool check_field(oruk_imp *im, const oruk_field *f, json_t *v, const char *path,
                        oruk_cell *c, arena *a)
{
	const char *sv = oruk_plain_string(v);
	*c = (oruk_cell){.k = CELL_NULL};
	switch (f->type) {
	case FT_ID:
	case FT_UUID:
	case FT_REF: return check_uuid(im, f, sv, path, c, a);
	case FT_TEXT:
	case FT_EMAIL:
	case FT_URI:
	case FT_IDURI:
	case FT_ENUM:
	case FT_DATE:
	case FT_DATETIME:
	case FT_COUNTRY:
	case FT_CURRENCY:
		if (!sv) {
			oruk_problem(im, path, f->key, "must be a string");
			return false;
		}
		if (strlen(sv) != json_string_length(v)) {
			oruk_problem(im, path, f->key, "contains a NUL character");
			return false;
		}
		if (!check_string(im, f, &sv, path, a))
			return false;
		*c = (oruk_cell){.k = CELL_TEXT, .t = sv};
		return true;
	case FT_INT:
	case FT_LAT:
	case FT_LON:
	case FT_MONEY: return check_number(im, f, v, path, c);
	case FT_OURS:
	case FT_SCHED: return true;
	}
	return true;
}

/* Checks obj as a row of kind k into cells (one per field). */
bool oruk_check_row(oruk_imp *im, oruk_kind k, json_t *obj, const char *path,
                      const oruk_parent *ps, size_t np, oruk_cell *cells, arena *a)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	bool ok = true;
	char t1[48];
	for (size_t i = 0; i < sp->n_fields; i++) {
		const oruk_field *f = &sp->fields[i];
		cells[i] = (oruk_cell){.k = CELL_NULL};
		if (!f->key || f->type == FT_SCHED)
			continue;
		json_t *v = oruk_field_value(obj, f);
		const oruk_parent *p = parent_of(ps, np, f->key);
		if (p) {
			const char *given = oruk_plain_string(v);
			/* (A parent without a good id has had its own problem.) */
			if (v && p->uuid && (!given || strcasecmp(given, p->uuid) != 0)) {
				/* Record by record: the object it is in wins. */
				im->soft = im->lenient;
				oruk_problem(
				    im, path, f->key, "'%s' is not the id of the %s it is in",
				    given ? oruk_shown(given, t1) : "?",
				    f->type == FT_REF ? oruk_kinds[f->ref].what : "object");
				ok = ok && im->soft;
				im->soft = false;
			}
			cells[i] = (oruk_cell){.k = CELL_INT, .i = p->id};
			continue;
		}
		if (!v) {
			if (f->flags & OF_REQ) {
				oruk_problem(im, path, f->key, "missing");
				ok = false;
			}
			continue;
		}
		/* Record by record, a bad optional value is left out (with a
		 * warning) and the row goes on; a required one, an id or a
		 * reference makes the row unusable. */
		im->soft = im->lenient && !(f->flags & OF_REQ) && f->type != FT_ID &&
		           f->type != FT_REF;
		bool good = check_field(im, f, v, path, &cells[i], a);
		bool soft = im->soft;
		im->soft = false;
		if (!good) {
			cells[i] = (oruk_cell){.k = CELL_NULL};
			if (!soft)
				ok = false;
			continue;
		}
		if (f->type != FT_REF)
			continue;
		int64_t id = 0;
		if (oruk_imp_find(im, (oruk_kind)f->ref, cells[i].t, &id) || !im->s) {
			cells[i] = (oruk_cell){.k = CELL_INT, .i = id};
		} else if (!(f->flags & OF_SOFT) && !im->fatal) {
			oruk_problem(im, path, f->key,
			             "no %s with id %s in this import or the database",
			             oruk_kinds[f->ref].what, cells[i].t);
			ok = false;
		}
	}
	/* A point is both coordinates: with one dropped, so is the other. */
	if (k == ORUK_LOCATIONS && ok) {
		int la = oruk_field_index(k, "latitude"), lo = oruk_field_index(k, "longitude");
		if ((cells[la].k == CELL_NULL) != (cells[lo].k == CELL_NULL)) {
			int kept = cells[la].k == CELL_NULL ? lo : la;
			if (oruk_field_value(obj, &sp->fields[kept == la ? lo : la]) || im->lenient) {
				oruk_warn(im, path, sp->fields[kept].key, ORUK_CODE_UNUSABLE,
				          ORUK_DID_DROPPED,
				          "left out: a point needs both latitude and longitude");
				cells[kept] = (oruk_cell){.k = CELL_NULL};
			}
		}
	}
	return ok;
}

