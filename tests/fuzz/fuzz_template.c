/* libFuzzer target for web/template: a template, then NUL and a JSON view. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/template.h"

#define FUZZ_OUT_MAX (1024u * 1024u)

/* Used when the input carries no valid JSON view: a bit of every type. */
static const char fuzz_view[] =
	"{\"a\": true, \"b\": false, \"z\": null, \"s\": \"<x & 'y'>\","
	" \"i\": 42, \"n\": 1.21, \"e\": [], \"es\": \"\","
	" \"l\": [1, \"two\", {\"a\": \"three\", \"l\": []}, [4, 5]],"
	" \"o\": {\"b\": {\"c\": \"deep\"}, \"a\": false}}";

static const char fuzz_item[] = "<li>{{.}}{{#l}}\n  {{>item}}\n{{/l}}</li>\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	const char *nul = memchr(src, 0, size);
	size_t src_len = nul ? (size_t)(nul - src) : size;
	json_t *view = NULL;
	if (nul)
		view = json_loadb(nul + 1, size - src_len - 1, JSON_DECODE_ANY,
				  NULL);
	if (!view)
		view = json_loads(fuzz_view, 0, NULL);
	if (!view)
		abort();

	tpl_set *set = tpl_set_new();
	char err[256];
	buf out, again;
	buf_init(&out, FUZZ_OUT_MAX);
	buf_init(&again, FUZZ_OUT_MAX);
	/* The input is also partial "self", so {{>self}} recurses. */
	sn_err rc = tpl_set_add(set, "", src, src_len, err, sizeof(err));
	if (strlen(err) >= sizeof(err))
		abort();
	if (rc)
		goto out;
	if (tpl_set_add(set, "self", src, src_len, err, sizeof(err)) ||
	    tpl_set_add(set, "item", fuzz_item, sizeof(fuzz_item) - 1, err,
			sizeof(err)))
		abort();
	rc = tpl_render(set, "", view, &out, err, sizeof(err));
	if (out.len > FUZZ_OUT_MAX || strlen(err) >= sizeof(err))
		abort();
	if (rc && out.len)
		abort(); /* a failed render leaves out as it was */
	/* Rendering is deterministic. */
	sn_err rc2 = tpl_render(set, "", view, &again, err, sizeof(err));
	if (rc2 != rc || again.len != out.len ||
	    (out.len && memcmp(out.data, again.data, out.len) != 0))
		abort();
out:
	buf_free(&again);
	buf_free(&out);
	tpl_set_free(set);
	json_decref(view);
	return 0;
}
