/* The JSON scanner of an ORUK import: splits the input into services
 * without building it whole (the elements of a top-level array, or of the
 * paging envelope's contents; a top-level object without contents is one
 * service) and hands each to jansson, so memory stays at one service
 * whatever the input's size. Every non-integer number becomes a marked
 * string of its own text (oruk_is_number_text), so money and degrees are
 * read exactly. Strings and nesting are tracked only as far as that needs;
 * jansson checks each piece. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "oruk_io_int.h"

void oruk_scan_init(oruk_scanner *sc, oruk_imp *im, oruk_service_fn fn, void *ctx)
{
	memset(sc, 0, sizeof *sc);
	sc->im = im;
	sc->on_service = fn;
	sc->ctx = ctx;
	sc->line = 1;
	buf_init(&sc->elem, ORUK_SERVICE_BYTES_MAX);
	buf_init(&sc->outer, ORUK_SERVICE_BYTES_MAX);
}

void oruk_scan_free(oruk_scanner *sc)
{
	buf_free(&sc->elem);
	buf_free(&sc->outer);
}

static void scan_refuse(oruk_scanner *sc, sn_err e, const char *fmt, const char *detail)
{
	char where[64];
	snprintf(where, sizeof where, "line %lld", (long long)sc->line);
	oruk_refuse(sc->im, e, where, fmt, detail);
}

static void scan_emit(oruk_scanner *sc, const char *p, size_t n)
{
	buf *b = sc->in_elem ? &sc->elem : &sc->outer;
	if (buf_append(b, p, n) == SN_ETOOBIG) {
		char d[64];
		snprintf(d, sizeof d, "%d", ORUK_SERVICE_BYTES_MAX);
		scan_refuse(sc, SN_ETOOBIG,
		          sc->in_elem ? "a service is longer than %s bytes"
		                      : "the JSON object is longer than %s bytes",
		          d);
	}
}

static void scan_flush_num(oruk_scanner *sc)
{
	sc->in_num = false;
	sc->num[sc->num_len] = 0;
	if (sc->num_real) {
		scan_emit(sc, "\"\\u0000", 7);
		scan_emit(sc, sc->num, sc->num_len);
		scan_emit(sc, "\"", 1);
	} else {
		scan_emit(sc, sc->num, sc->num_len);
	}
}

static void scan_element(oruk_scanner *sc)
{
	sc->in_elem = false;
	oruk_imp *im = sc->im;
	char path[ORUK_PATH_LEN];
	snprintf(path, sizeof path, "%s[%lld]", sc->top_array ? "" : "contents",
	         (long long)sc->index);
	sc->index++;
	json_error_t je;
	json_t *o = json_loadb(sc->elem.data ? sc->elem.data : "", sc->elem.len,
	                       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	buf_reset(&sc->elem);
	if (!o) {
		oruk_problem(im, path, NULL, "not valid JSON (line %lld: %s)",
		             (long long)(sc->elem_line + je.line - 1), je.text);
		return;
	}
	sc->on_service(sc, o, path);
	json_decref(o);
}

/* A byte inside a string: copied, with \u0000 refused and the key of a
 * top-level member noted. */
static void scan_string_byte(oruk_scanner *sc, char c)
{
	scan_emit(sc, &c, 1);
	if (sc->uhex) {
		int h = isdigit((unsigned char)c) ? c - '0'
		        : isxdigit((unsigned char)c)
		            ? (tolower((unsigned char)c) - 'a' + 10)
		            : -1;
		if (h < 0) {
			sc->uhex = 0;
			return; /* jansson will say */
		}
		sc->uval = sc->uval * 16 + (unsigned)h;
		if (--sc->uhex == 0 && sc->uval == 0)
			scan_refuse(sc, SN_EINPUT, "%s",
			            "a string holds \\u0000 (a NUL character)");
		return;
	}
	if (sc->esc) {
		sc->esc = false;
		if (c == 'u') {
			sc->uhex = 4;
			sc->uval = 0;
		}
		if (sc->in_key && sc->key_len < sizeof sc->key - 1)
			sc->key[sc->key_len++] = '\\';
		return;
	}
	if (c == '\\') {
		sc->esc = true;
	} else if (c == '"') {
		sc->in_str = false;
		sc->in_key = false;
		sc->key[sc->key_len] = 0;
	} else if (sc->in_key && sc->key_len < sizeof sc->key - 1) {
		sc->key[sc->key_len++] = c;
	}
}

/* The first byte that is not white space: an array or an object. */
static void scan_start(oruk_scanner *sc, char c)
{
	if (c != '[' && c != '{') {
		scan_refuse(
		    sc, SN_EINPUT, "%s",
		    "not ORUK JSON: expected an array of services, a page of them or one "
		    "service");
		return;
	}
	sc->started = true;
	sc->depth = 1;
	if (c == '[') {
		sc->top_array = true;
		sc->elem_depth = 1;
	} else {
		sc->expect_key = true;
		scan_emit(sc, &c, 1);
	}
}

/* A byte between the elements of the array being split: true when it was
 * the separator or the end (and is dealt with); else an element starts. */
static bool scan_between(oruk_scanner *sc, char c)
{
	if (sc->in_elem && (c == ',' || c == ']'))
		scan_element(sc);
	else if (c == ',') {
		scan_refuse(sc, SN_EINPUT, "%s",
		            "not valid JSON (a comma without a service before it)");
		return true;
	}
	if (c == ',')
		return true;
	if (c == ']') {
		sc->depth--;
		if (sc->elem_depth == 1)
			sc->ended = true;
		sc->elem_depth = 0;
		return true;
	}
	if (!sc->in_elem) {
		sc->in_elem = true;
		sc->elem_line = sc->line;
		buf_reset(&sc->elem);
	}
	return false;
}

/* Strings, brackets and the top-level object's keys. */
static void scan_structure(oruk_scanner *sc, char c)
{
	if (c == '"') {
		sc->in_str = true;
		if (!sc->top_array && sc->depth == 1 && sc->expect_key && !sc->in_elem) {
			sc->in_key = true;
			sc->key_len = 0;
		}
		scan_emit(sc, &c, 1);
		return;
	}
	if (c == '{' || c == '[') {
		if (++sc->depth > ORUK_DEPTH_MAX) {
			char d[16];
			snprintf(d, sizeof d, "%d", ORUK_DEPTH_MAX);
			scan_refuse(sc, SN_ETOOBIG, "nested deeper than %s levels", d);
			return;
		}
		if (c == '[' && !sc->top_array && sc->depth == 2 && !sc->expect_key &&
		    !sc->in_elem && strcmp(sc->key, "contents") == 0 && !sc->streamed) {
			sc->elem_depth = 2;
			sc->streamed = true;
			scan_emit(sc, "[]", 2);
			return;
		}
		scan_emit(sc, &c, 1);
		return;
	}
	if (c == '}' || c == ']') {
		scan_emit(sc, &c, 1);
		if (--sc->depth == 0)
			sc->ended = true;
		else if (sc->depth < 0)
			scan_refuse(sc, SN_EINPUT, "%s", "not valid JSON (a bracket closes nothing)");
		return;
	}
	if (!sc->top_array && sc->depth == 1 && !sc->in_elem) {
		if (c == ':')
			sc->expect_key = false;
		else if (c == ',') {
			sc->expect_key = true;
			sc->key[0] = 0;
		}
	}
	scan_emit(sc, &c, 1);
}

/* One byte of input (not part of a number). */
static void scan_byte(oruk_scanner *sc, char c)
{
	if (c == '\n')
		sc->line++;
	if (sc->in_str) {
		scan_string_byte(sc, c);
		return;
	}
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
		if (sc->started && !sc->ended && (sc->in_elem || !sc->top_array))
			scan_emit(sc, &c, 1);
		return;
	}
	if (sc->ended) {
		scan_refuse(sc, SN_EINPUT, "%s", "text after the end of the JSON");
		return;
	}
	if (!sc->started) {
		scan_start(sc, c);
		return;
	}
	if (sc->elem_depth && sc->depth == sc->elem_depth && scan_between(sc, c))
		return;
	scan_structure(sc, c);
}

void oruk_scan_feed(oruk_scanner *sc, const char *p, size_t n)
{
	for (size_t i = 0; i < n && !oruk_imp_stop(sc->im); i++) {
		char c = p[i];
		if (!sc->bom_checked) {
			sc->bom_checked = true;
			if (n - i >= 3 && memcmp(p + i, "\xef\xbb\xbf", 3) == 0) {
				i += 2;
				continue;
			}
		}
		if (sc->in_num) {
			if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
			    c == '+' || c == '-') {
				if (sc->num_len >= ORUK_NUMBER_MAX) {
					char d[16];
					snprintf(d, sizeof d, "%d", ORUK_NUMBER_MAX);
					scan_refuse(sc, SN_ETOOBIG,
					          "a number longer than %s characters", d);
					return;
				}
				sc->num[sc->num_len++] = c;
				if (c == '.' || c == 'e' || c == 'E')
					sc->num_real = true;
				continue;
			}
			scan_flush_num(sc);
		}
		if (!sc->in_str && sc->started && !sc->ended &&
		    ((c >= '0' && c <= '9') || c == '-')) {
			if (sc->elem_depth && sc->depth == sc->elem_depth && !sc->in_elem) {
				sc->in_elem =
				    true; /* an element that is a number: jansson will refuse it */
				sc->elem_line = sc->line;
				buf_reset(&sc->elem);
			}
			sc->in_num = true;
			sc->num_real = false;
			sc->num_len = 0;
			sc->num[sc->num_len++] = c;
			continue;
		}
		scan_byte(sc, c);
	}
}

/* At the end of the input: the outer object (an envelope, or one
 * service). Returns the envelope (a new reference) when there was one. */
json_t *oruk_scan_finish(oruk_scanner *sc)
{
	oruk_imp *im = sc->im;
	if (oruk_imp_stop(im))
		return NULL;
	if (sc->in_num)
		scan_flush_num(sc);
	if (!sc->started) {
		oruk_refuse(im, SN_EINPUT, NULL, "the input is empty: expected ORUK JSON");
		return NULL;
	}
	if (!sc->ended || sc->in_str) {
		scan_refuse(sc, SN_EINPUT, "%s", "the JSON ends early (is the file cut short?)");
		return NULL;
	}
	if (sc->top_array)
		return NULL;
	json_error_t je;
	json_t *o = json_loadb(sc->outer.data ? sc->outer.data : "", sc->outer.len,
	                       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!o) {
		oruk_refuse(im, SN_EINPUT, NULL, "not valid JSON (%s)", je.text);
		return NULL;
	}
	json_t *contents = json_object_get(o, "contents");
	if (!contents) {
		sc->on_service(sc, o, "");
		json_decref(o);
		return NULL;
	}
	if (!json_is_array(contents)) {
		oruk_problem(im, NULL, "contents", "must be an array of services");
		json_decref(o);
		return NULL;
	}
	/* contents not split by the oruk_scanner (an escaped key): the same here. */
	size_t i;
	json_t *x;
	json_array_foreach(contents, i, x)
	{
		char path[ORUK_PATH_LEN];
		snprintf(path, sizeof path, "contents[%zu]", i);
		sc->on_service(sc, x, path);
	}
	return o;
}

