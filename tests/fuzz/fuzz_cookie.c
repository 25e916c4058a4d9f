/* libFuzzer target for web/parse: the bytes as a Cookie (and Accept) header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Headers reach the parser NUL-terminated; an inner NUL ends it. */
	char *h = malloc(size + 1);
	if (!h)
		abort();
	memcpy(h, data, size);
	h[size] = 0;
	arena *a = arena_new();
	kv_list l;
	sn_err rc = parse_cookies(a, h, &l);
	if (rc != SN_OK && rc != SN_ETOOBIG)
		abort();
	if (!rc) {
		if (l.n > WEB_MAX_COOKIES)
			abort();
		for (size_t i = 0; i < l.n; i++) {
			const char *n = l.items[i].name, *v = l.items[i].value;
			/* Names are never empty or padded, and nothing keeps a
			 * separator. */
			size_t nl = strlen(n);
			if (!nl || strchr(n, ';') || strchr(v, ';') || strchr(n, '=') ||
			    n[0] == ' ' || n[0] == '\t' || n[nl - 1] == ' ' ||
			    n[nl - 1] == '\t' || nl + strlen(v) > size)
				abort();
		}
		(void)kv_get(&l, "sn_session");
	}
	/* The other header we parse by hand, on the same bytes. */
	(void)accept_wants_json(h);
	arena_free(a);
	free(h);
	return 0;
}
