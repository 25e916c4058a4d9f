/* Unit tests for web/parse's multipart/form-data reader: text fields and
 * files, a file with any bytes, boundaries quoted and not, the limits,
 * and the malformed bodies it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/web.h"

#define CT "multipart/form-data; boundary=XyZ"

static sn_err mp(arena *a, const char *ctype, const char *body, size_t n, kv_list *f,
		 web_file_list *files)
{
	return parse_multipart(a, ctype, body, n, WEB_MAX_FIELD, f, files);
}

static sn_err mps(arena *a, const char *body, kv_list *f, web_file_list *files)
{
	return mp(a, CT, body, strlen(body), f, files);
}

static void test_fields_and_file(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list f;
	web_file_list files;
	const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
		"tok123\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"statement\"; filename=\"C:\\\\Users\\\\rose\\\\jan.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\n"
		"Date,Description,Amount\r\n01/01/2026,Pay,\xa3" "10\r\n\r\n"
		"--XyZ\r\n"
		"content-disposition: form-data; name=\"map\"\r\n\r\n"
		"\r\n"
		"--XyZ--\r\n";
	assert_int_equal(mp(a, CT, body, sizeof body - 1, &f, &files), SN_OK);
	assert_int_equal(f.n, 2);
	assert_string_equal(kv_get(&f, "csrf_token"), "tok123");
	assert_string_equal(kv_get(&f, "map"), "");
	assert_int_equal(files.n, 1);
	assert_string_equal(files.items[0].name, "statement");
	assert_string_equal(files.items[0].filename, "jan.csv");
	/* Not UTF-8 (a Windows-1252 pound sign), and its own CRLFs kept. */
	const char want[] = "Date,Description,Amount\r\n01/01/2026,Pay,\xa3" "10\r\n";
	assert_int_equal(files.items[0].len, sizeof want - 1);
	assert_memory_equal(files.items[0].data, want, sizeof want - 1);
	assert_int_equal(files.items[0].data[files.items[0].len], 0);
	arena_free(a);
}

static void test_file_with_nul_and_dashes(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list f;
	web_file_list files;
	const char body[] = "preamble\r\n--XyZ\r\n"
		"Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n"
		"a\0b\r\n--XyZa--not-the-end\r\n"
		"\r\n--XyZ--";
	assert_int_equal(mp(a, "Multipart/Form-Data; charset=x; boundary=\"XyZ\"", body,
			    sizeof body - 1, &f, &files), SN_OK);
	assert_int_equal(files.n, 1);
	assert_string_equal(files.items[0].filename, "");
	const char want[] = "a\0b\r\n--XyZa--not-the-end\r\n";
	assert_int_equal(files.items[0].len, sizeof want - 1);
	assert_memory_equal(files.items[0].data, want, sizeof want - 1);
	arena_free(a);
}

static void test_refused(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list f;
	web_file_list files;
	const char *bad[] = {
		"", /* no delimiter */
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", /* not closed */
		"--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--", /* no disposition */
		"--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--", /* no name */
		"--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--XyZ--",
		"--XyZ\r\n\r\nv\r\n--XyZ--", /* no headers */
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XyZ--", /* not UTF-8 */
		"--XyZ junk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--",
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++) {
		sn_err rc = mps(a, bad[i], &f, &files);
		if (rc != SN_EINPUT)
			fail_msg("case %zu gave %s", i, sn_err_name(rc));
	}
	/* A NUL in a text field. */
	const char nul[] = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\0w\r\n--XyZ--";
	assert_int_equal(mp(a, CT, nul, sizeof nul - 1, &f, &files), SN_EINPUT);
	/* No boundary, or one that is too long. */
	assert_int_equal(mp(a, "multipart/form-data", "--\r\n", 4, &f, &files), SN_EINPUT);
	char ct[200];
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%071d", 0);
	assert_int_equal(mp(a, ct, "x", 1, &f, &files), SN_EINPUT);
	arena_free(a);
}

static void test_limits(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list f;
	web_file_list files;
	/* A text field over the cap. */
	buf b;
	buf_init(&b, 4u * 1024u * 1024u);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n");
	for (size_t i = 0; i < WEB_MAX_FIELD + 1; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\r\n--XyZ--");
	assert_int_equal(mp(a, CT, b.data, b.len, &f, &files), SN_ETOOBIG);
	/* Too many parts. */
	buf_reset(&b);
	for (int i = 0; i < WEB_MAX_PAIRS + 1; i++)
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
	buf_puts(&b, "--XyZ--");
	assert_int_equal(mp(a, CT, b.data, b.len, &f, &files), SN_ETOOBIG);
	/* Too many header lines in a part. */
	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\n");
	for (int i = 0; i < 17; i++)
		buf_puts(&b, "X-Thing: 1\r\n");
	buf_puts(&b, "Content-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ--");
	assert_int_equal(mp(a, CT, b.data, b.len, &f, &files), SN_ETOOBIG);
	/* WEB_MAX_PAIRS parts are fine. */
	buf_reset(&b);
	for (int i = 0; i < WEB_MAX_PAIRS; i++)
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
	buf_puts(&b, "--XyZ--\r\n");
	assert_int_equal(mp(a, CT, b.data, b.len, &f, &files), SN_OK);
	assert_int_equal(f.n, WEB_MAX_PAIRS);
	buf_free(&b);
	arena_free(a);
}

/* A big file of CRLF lines full of near-delimiters stays linear. */
static void test_big_file(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list f;
	web_file_list files;
	buf b;
	buf_init(&b, 8u * 1024u * 1024u);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"s\"; filename=\"s.csv\"\r\n\r\n");
	size_t start = b.len;
	while (b.len < start + 5u * 1024u * 1024u)
		buf_puts(&b, "\r\n--XyZ-ish,12.50,more text\r\n--Xy");
	size_t len = b.len - start;
	buf_puts(&b, "\r\n--XyZ--\r\n");
	assert_int_equal(mp(a, CT, b.data, b.len, &f, &files), SN_OK);
	assert_int_equal(files.n, 1);
	assert_int_equal(files.items[0].len, len);
	buf_free(&b);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_and_file),
		cmocka_unit_test(test_file_with_nul_and_dashes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_big_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
