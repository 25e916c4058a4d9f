/* libFuzzer target for web/parse: the bytes as a query string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	kv_list l;
	sn_err rc = parse_urlencoded(a, (const char *)data, size, &l);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!rc) {
		if (l.n > WEB_MAX_PAIRS)
			abort();
		for (size_t i = 0; i < l.n; i++) {
			/* Decoded text never holds a NUL, is bounded and never
			 * longer than what was sent. */
			size_t nl = strlen(l.items[i].name);
			size_t vl = strlen(l.items[i].value);
			if (nl > WEB_MAX_FIELD || vl > WEB_MAX_FIELD || nl + vl > size)
				abort();
			if (kv_get(&l, l.items[i].name) == NULL)
				abort();
		}
	}
	arena_free(a);
	return 0;
}
