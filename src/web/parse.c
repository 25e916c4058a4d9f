/* Parsers for what clients send: urlencoded forms and query strings,
 * cookies, path segments and the Accept header. All inputs are bounded. */
#include <string.h>
#include <strings.h>

#include "web.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Valid UTF-8 without overlongs, surrogates or code points past U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		unsigned cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* Decodes s[0..n) into a new arena string; plus_space for forms. */
static sn_err decode(arena *a, const char *s, size_t n, bool plus_space, size_t max_field,
		     char **out)
{
	if (n > max_field * 3)
		return SN_ETOOBIG;
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return SN_EINPUT;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return SN_EINPUT;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == 0)
			return SN_EINPUT;
		d[j++] = c;
	}
	d[j] = 0;
	if (j > max_field)
		return SN_ETOOBIG;
	if (!utf8_valid((const unsigned char *)d, j))
		return SN_EINPUT;
	*out = d;
	return SN_OK;
}

sn_err parse_urlencoded(arena *a, const char *s, size_t n, kv_list *out)
{
	return parse_urlencoded_max(a, s, n, WEB_MAX_FIELD, out);
}

sn_err parse_urlencoded_max(arena *a, const char *s, size_t n, size_t max_field, kv_list *out)
{
	return parse_urlencoded_pairs(a, s, n, max_field, WEB_MAX_PAIRS, out);
}

sn_err parse_urlencoded_pairs(arena *a, const char *s, size_t n, size_t max_field, size_t max_pairs,
			      kv_list *out)
{
	out->items = NULL;
	out->n = 0;
	if (!s || n == 0)
		return SN_OK;
	size_t pairs = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '&')
			pairs++;
	if (pairs > max_pairs * 2)
		return SN_ETOOBIG;
	out->items = arena_alloc(a, pairs * sizeof(kv));
	size_t start = 0;
	while (start <= n) {
		const char *amp = memchr(s + start, '&', n - start);
		size_t end = amp ? (size_t)(amp - s) : n;
		if (end > start) {
			const char *eq = memchr(s + start, '=', end - start);
			size_t name_end = eq ? (size_t)(eq - s) : end;
			if (out->n == max_pairs)
				return SN_ETOOBIG;
			kv *p = &out->items[out->n];
			sn_err rc = decode(a, s + start, name_end - start, true, WEB_MAX_FIELD, &p->name);
			if (!rc)
				rc = eq ? decode(a, eq + 1, end - name_end - 1, true, max_field, &p->value)
					: SN_OK;
			if (rc)
				return rc;
			if (!eq)
				p->value = arena_strdup(a, "");
			out->n++;
		}
		start = end + 1;
	}
	return SN_OK;
}

sn_err parse_cookies(arena *a, const char *h, kv_list *out)
{
	out->items = NULL;
	out->n = 0;
	if (!h)
		return SN_OK;
	size_t n = strlen(h), pairs = 1;
	if (n > 16384)
		return SN_ETOOBIG;
	for (size_t i = 0; i < n; i++)
		if (h[i] == ';')
			pairs++;
	if (pairs > WEB_MAX_COOKIES)
		return SN_ETOOBIG;
	out->items = arena_alloc(a, pairs * sizeof(kv));
	const char *p = h;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (eq && eq > p) {
			/* Whitespace around the value is not part of it
			 * (RFC 6265 section 5.2). */
			const char *vs = eq + 1;
			while (vs < end && (*vs == ' ' || *vs == '\t'))
				vs++;
			const char *ve = end;
			while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
				vs++;
				ve--;
			}
			const char *ne = eq;
			while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
			kv *c = &out->items[out->n++];
			c->name = arena_strndup(a, p, (size_t)(ne - p));
			c->value = arena_strndup(a, vs, (size_t)(ve - vs));
		}
		p = end;
	}
	return SN_OK;
}

sn_err parse_path_segment(arena *a, const char *s, size_t n, char **out)
{
	return decode(a, s, n, false, WEB_MAX_FIELD, out);
}

const char *kv_get(const kv_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return l->items[i].value;
	return NULL;
}

/* The first "q=" in [s, end): searching only the current entry keeps a
 * long header linear. */
static const char *find_q(const char *s, const char *end)
{
	for (; s + 1 < end; s++)
		if (s[0] == 'q' && s[1] == '=')
			return s;
	return NULL;
}

/* Quality of a media range in an Accept header for type, or -1. */
static int accept_quality(const char *accept, const char *type)
{
	int best = -1;
	const char *p = accept;
	size_t tlen = strlen(type);
	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *semi = memchr(p, ';', len);
		size_t mlen = semi ? (size_t)(semi - p) : len;
		while (mlen && p[mlen - 1] == ' ')
			mlen--;
		int q = 1000;
		if (semi) {
			const char *qp = find_q(semi, p + len);
			if (qp) {
				q = 0;
				const char *d = qp + 2;
				if (*d == '1')
					q = 1000;
				else if (*d == '0' && d[1] == '.')
					for (int k = 0, m = 100; k < 3 && d[2 + k] >= '0' &&
								 d[2 + k] <= '9';
					     k++, m /= 10)
						q += (d[2 + k] - '0') * m;
			}
		}
		bool exact = mlen == tlen && strncasecmp(p, type, tlen) == 0;
		if (exact && q > best)
			best = q;
		p = end;
	}
	return best;
}

bool accept_wants_json(const char *accept)
{
	if (!accept)
		return false;
	int json = accept_quality(accept, "application/json");
	if (json <= 0)
		return false;
	int html = accept_quality(accept, "text/html");
	return json > html;
}

/* ---- multipart/form-data (RFC 7578) ---- */

#define MP_HEADER_LINES 16
#define MP_HEADER_LINE_MAX 1024
#define MP_BOUNDARY_MAX 70

static const char *mem_find(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0 || n < m)
		return NULL;
	const char *end = hay + n - m;
	for (const char *p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, m) == 0)
			return p;
	}
	return NULL;
}

/* The value of parameter name ("boundary", "name", "filename") in a
 * header's "; k=v; k="v"" list, into the arena; NULL when absent. A
 * quoted value ends at the next quote (browsers send a quote in a name
 * as %22, and no backslash escapes). */
static char *header_param(arena *a, const char *h, size_t n, const char *name)
{
	size_t nl = strlen(name);
	const char *p = h, *end = h + n;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			return NULL;
		p = semi + 1;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) <= nl || strncasecmp(p, name, nl) || p[nl] != '=')
			continue;
		const char *v = p + nl + 1, *ve;
		if (v < end && *v == '"') {
			v++;
			ve = memchr(v, '"', (size_t)(end - v));
			if (!ve)
				return NULL;
		} else {
			ve = v;
			while (ve < end && *ve != ';' && *ve != ' ' && *ve != '\t')
				ve++;
		}
		return arena_strndup(a, v, (size_t)(ve - v));
	}
	return NULL;
}

/* One part's headers [h, h+n): its field name and filename (NULL when the
 * part is not a file). */
static sn_err part_headers(arena *a, const char *h, size_t n, char **name, char **filename)
{
	*name = *filename = NULL;
	size_t lines = 0;
	const char *p = h, *end = h + n;
	while (p < end) {
		const char *eol = mem_find(p, (size_t)(end - p), "\r\n", 2);
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (++lines > MP_HEADER_LINES || len > MP_HEADER_LINE_MAX)
			return SN_ETOOBIG;
		static const char cd[] = "Content-Disposition:";
		if (len > sizeof cd - 1 && strncasecmp(p, cd, sizeof cd - 1) == 0) {
			const char *v = p + sizeof cd - 1;
			while (v < p + len && (*v == ' ' || *v == '\t'))
				v++;
			if ((size_t)(p + len - v) < 9 || strncasecmp(v, "form-data", 9))
				return SN_EINPUT;
			*name = header_param(a, v, (size_t)(p + len - v), "name");
			*filename = header_param(a, v, (size_t)(p + len - v), "filename");
		}
		p = eol ? eol + 2 : end;
	}
	if (!*name || !**name)
		return SN_EINPUT;
	for (const char *s = *name; *s; s++)
		if ((unsigned char)*s < 0x20)
			return SN_EINPUT;
	if (strlen(*name) > WEB_MAX_FIELD || !utf8_valid((const unsigned char *)*name, strlen(*name)))
		return SN_EINPUT;
	if (*filename) {
		/* Old browsers sent the whole path: keep the last part. */
		char *f = *filename;
		for (char *s = f; *s; s++)
			if (*s == '/' || *s == '\\')
				f = s + 1;
		for (char *s = f; *s; s++)
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				*s = '_';
		*filename = utf8_valid((const unsigned char *)f, strlen(f)) ? f : arena_strdup(a, "");
	}
	return SN_OK;
}

/* The next delimiter in [p, end) that is one: followed by "--" or by
 * spaces and CRLF (a part's bytes may hold the delimiter's text followed
 * by something else). */
static const char *next_delimiter(const char *p, const char *end, const char *delim, size_t dl)
{
	while (p < end) {
		const char *d = mem_find(p, (size_t)(end - p), delim, dl);
		if (!d)
			return NULL;
		const char *q = d + dl;
		if (end - q >= 2 && q[0] == '-' && q[1] == '-')
			return d;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (end - q >= 2 && q[0] == '\r' && q[1] == '\n')
			return d;
		p = d + 1;
	}
	return NULL;
}

sn_err parse_multipart(arena *a, const char *ctype, const char *body, size_t n, size_t max_field,
		       kv_list *form, web_file_list *files)
{
	form->items = NULL;
	form->n = 0;
	files->items = NULL;
	files->n = 0;
	char *b = ctype ? header_param(a, ctype, strlen(ctype), "boundary") : NULL;
	size_t bl = b ? strlen(b) : 0;
	if (!bl || bl > MP_BOUNDARY_MAX)
		return SN_EINPUT;
	/* The delimiter is CRLF "--" boundary; the first may open the body. */
	char *delim = arena_printf(a, "\r\n--%s", b);
	size_t dl = bl + 4;
	const char *p;
	if (n >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
		p = body + dl - 2;
	else {
		p = mem_find(body, n, delim, dl);
		if (!p)
			return SN_EINPUT;
		p += dl;
	}
	const char *end = body + n;
	size_t cap_form = 0, cap_files = 0;
	for (size_t parts = 0;; parts++) {
		/* After a delimiter: "--" closes the body, CRLF opens a part. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return SN_OK;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return SN_EINPUT;
		p += 2;
		if (parts == WEB_MAX_PAIRS)
			return SN_ETOOBIG;
		/* A part without headers has no name: refused. */
		const char *hend = mem_find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend || (end - p >= 2 && p[0] == '\r' && p[1] == '\n'))
			return SN_EINPUT;
		char *name, *filename;
		sn_err rc = part_headers(a, p, (size_t)(hend - p), &name, &filename);
		if (rc)
			return rc;
		const char *data = hend + 4;
		const char *next = next_delimiter(data, end, delim, dl);
		if (!next)
			return SN_EINPUT;
		size_t len = (size_t)(next - data);
		if (filename) {
			files->items = arena_grow(a, files->items, files->n, &cap_files, sizeof(web_file));
			web_file *f = &files->items[files->n++];
			f->name = name;
			f->filename = filename;
			f->data = arena_alloc(a, len + 1);
			memcpy(f->data, data, len);
			f->len = len;
		} else {
			if (len > max_field)
				return SN_ETOOBIG;
			if (memchr(data, 0, len) || !utf8_valid((const unsigned char *)data, len))
				return SN_EINPUT;
			form->items = arena_grow(a, form->items, form->n, &cap_form, sizeof(kv));
			kv *k = &form->items[form->n++];
			k->name = name;
			k->value = arena_strndup(a, data, len);
		}
		p = next + dl;
	}
}
