/* libFuzzer target for web/parse: the bytes as a form body, then kv_get. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"email", "password", "next", "reason",
					    "postcode", "csrf", "", "a"};
	/* A heap copy of exactly size bytes, so reading past the body is
	 * caught even when libFuzzer's buffer is larger. */
	char *body = malloc(size ? size : 1);
	if (!body)
		abort();
	if (size)
		memcpy(body, data, size);
	arena *a = arena_new();
	kv_list form;
	sn_err rc = parse_urlencoded(a, body, size, &form);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!rc) {
		for (size_t i = 0; i < SN_ARRAY_LEN(names); i++) {
			const char *v = kv_get(&form, names[i]);
			if (v && strlen(v) > WEB_MAX_FIELD)
				abort();
		}
		/* Parsing the same body again gives the same pairs. */
		kv_list again;
		if (parse_urlencoded(a, body, size, &again) || again.n != form.n)
			abort();
		for (size_t i = 0; i < form.n; i++)
			if (strcmp(form.items[i].name, again.items[i].name) ||
			    strcmp(form.items[i].value, again.items[i].value))
				abort();
	}
	arena_free(a);
	free(body);
	return 0;
}
