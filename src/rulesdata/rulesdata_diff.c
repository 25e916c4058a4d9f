/* A field-by-field difference between two JSON documents, for the admin pages (rules_diff: pure, no store). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulesdata.h"

#define DIFF_PATH_MAX 400
#define DIFF_VALUE_MAX 120
#define DIFF_DEPTH_MAX 32

typedef struct {
	json_t *out;
	size_t max, total;
} diff_ctx;

/* Compact JSON of v, cut at DIFF_VALUE_MAX bytes on a UTF-8 boundary. */
static json_t *value_text(json_t *v)
{
	if (!v)
		return json_string("");
	char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!t)
		return json_string("");
	size_t n = strlen(t);
	json_t *s;
	if (n > DIFF_VALUE_MAX) {
		size_t cut = DIFF_VALUE_MAX;
		while (cut > 0 && ((unsigned char)t[cut] & 0xc0) == 0x80)
			cut--;
		t[cut] = 0;
		s = json_sprintf("%s…", t);
	} else {
		s = json_string(t);
	}
	free(t);
	return s ? s : json_string("");
}

static void diff_add(diff_ctx *d, const char *path, json_t *a, json_t *b)
{
	d->total++;
	if (json_array_size(d->out) >= d->max)
		return;
	json_t *e = json_object();
	json_object_set_new(e, "path", json_string(*path ? path : "(the whole document)"));
	json_object_set_new(e, "before", value_text(a));
	json_object_set_new(e, "after", value_text(b));
	json_array_append_new(d->out, e);
}

/* "key" or "id" when every element of both arrays is an object with a
 * string of that name, unique within each array; else NULL. */
static const char *match_field(json_t *a, json_t *b)
{
	static const char *const fields[] = {"key", "id"};
	size_t na = json_array_size(a), nb = json_array_size(b);
	if (na + nb == 0 || na > 256 || nb > 256)
		return NULL;
	for (size_t f = 0; f < SN_ARRAY_LEN(fields); f++) {
		bool ok = true;
		json_t *arrs[2] = {a, b};
		for (int k = 0; k < 2 && ok; k++) {
			size_t n = json_array_size(arrs[k]);
			for (size_t i = 0; i < n && ok; i++) {
				const char *x = json_string_value(
					json_object_get(json_array_get(arrs[k], i), fields[f]));
				if (!x || strlen(x) > 64) {
					ok = false;
					break;
				}
				for (size_t j = 0; j < i && ok; j++)
					ok = strcmp(x, json_string_value(json_object_get(
						json_array_get(arrs[k], j), fields[f]))) != 0;
			}
		}
		if (ok)
			return fields[f];
	}
	return NULL;
}

static json_t *find_by(json_t *arr, const char *field, const char *value)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
		if (strcmp(json_string_value(json_object_get(e, field)), value) == 0)
			return e;
	return NULL;
}

static void diff_walk(diff_ctx *d, char *path, size_t plen, json_t *a, json_t *b, int depth);

/* Walks into a child whose path segment is seg (".key" or "[i]"). */
static void diff_child(diff_ctx *d, char *path, size_t plen, const char *seg, json_t *a,
		       json_t *b, int depth)
{
	size_t sl = strlen(seg);
	if (plen + sl >= DIFF_PATH_MAX) {
		diff_add(d, path, a, b); /* too deep to name: the whole part */
		return;
	}
	memcpy(path + plen, seg, sl + 1);
	diff_walk(d, path, plen + sl, a, b, depth + 1);
	path[plen] = 0;
}

static void diff_walk(diff_ctx *d, char *path, size_t plen, json_t *a, json_t *b, int depth)
{
	if (a && b && json_equal(a, b))
		return;
	if (!a || !b || depth >= DIFF_DEPTH_MAX || json_typeof(a) != json_typeof(b) ||
	    !(json_is_object(a) || json_is_array(a))) {
		diff_add(d, path, a, b);
		return;
	}
	char seg[96];
	if (json_is_object(a)) {
		const char *k;
		json_t *v;
		json_object_foreach(a, k, v) {
			snprintf(seg, sizeof seg, "%s%s", plen ? "." : "", k);
			diff_child(d, path, plen, seg, v, json_object_get(b, k), depth);
		}
		json_object_foreach(b, k, v) {
			if (json_object_get(a, k))
				continue;
			snprintf(seg, sizeof seg, "%s%s", plen ? "." : "", k);
			diff_child(d, path, plen, seg, NULL, v, depth);
		}
		return;
	}
	const char *field = match_field(a, b);
	size_t i;
	json_t *v;
	if (field) {
		json_array_foreach(a, i, v) {
			const char *x = json_string_value(json_object_get(v, field));
			snprintf(seg, sizeof seg, "[%s]", x);
			diff_child(d, path, plen, seg, v, find_by(b, field, x), depth);
		}
		json_array_foreach(b, i, v) {
			const char *x = json_string_value(json_object_get(v, field));
			if (find_by(a, field, x))
				continue;
			snprintf(seg, sizeof seg, "[%s]", x);
			diff_child(d, path, plen, seg, NULL, v, depth);
		}
		return;
	}
	size_t na = json_array_size(a), nb = json_array_size(b);
	for (i = 0; i < na || i < nb; i++) {
		snprintf(seg, sizeof seg, "[%zu]", i);
		diff_child(d, path, plen, seg, json_array_get(a, i), json_array_get(b, i), depth);
	}
}

sn_err rules_diff(const char *before, size_t before_len, const char *after, size_t after_len,
		  size_t max, json_t **out, size_t *total)
{
	json_t *a = json_loadb(before, before_len, 0, NULL);
	json_t *b = json_loadb(after, after_len, 0, NULL);
	if (!a || !b) {
		json_decref(a);
		json_decref(b);
		return SN_EINPUT;
	}
	diff_ctx d = {json_array(), max, 0};
	char path[DIFF_PATH_MAX + 1] = "";
	diff_walk(&d, path, 0, a, b, 0);
	json_decref(a);
	json_decref(b);
	*out = d.out;
	if (total)
		*total = d.total;
	return SN_OK;
}
