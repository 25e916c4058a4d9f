/* libFuzzer target for web/parse's multipart/form-data reader: the first
 * line is the boundary, the rest the body. Promises checked: only
 * SN_OK, SN_EINPUT or SN_ETOOBIG; text fields are UTF-8 without NUL and
 * within the cap; files lie inside the body; the same body read again
 * gives the same fields and files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t bl = nl ? (size_t)(nl - data) : 0;
	if (!nl || bl > 100)
		return 0;
	char ctype[160];
	snprintf(ctype, sizeof ctype, "multipart/form-data; boundary=%.*s", (int)bl, (const char *)data);
	size_t n = size - bl - 1;
	/* A heap copy of exactly n bytes, so reading past the body is caught. */
	char *body = malloc(n ? n : 1);
	if (!body)
		abort();
	if (n)
		memcpy(body, nl + 1, n);
	arena *a = arena_new();
	kv_list form, form2;
	web_file_list files, files2;
	sn_err rc = parse_multipart(a, ctype, body, n, 4096, &form, &files);
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!rc) {
		for (size_t i = 0; i < form.n; i++)
			if (strlen(form.items[i].value) > 4096 || !*form.items[i].name)
				abort();
		size_t total = 0;
		for (size_t i = 0; i < files.n; i++) {
			total += files.items[i].len;
			if (files.items[i].data[files.items[i].len] != 0 || strchr(files.items[i].filename, '/'))
				abort();
		}
		if (total > n)
			abort();
		if (parse_multipart(a, ctype, body, n, 4096, &form2, &files2) || form2.n != form.n ||
		    files2.n != files.n)
			abort();
		for (size_t i = 0; i < files.n; i++)
			if (files2.items[i].len != files.items[i].len ||
			    memcmp(files2.items[i].data, files.items[i].data, files.items[i].len))
				abort();
	}
	arena_free(a);
	free(body);
	return 0;
}
