/* Unit tests for mail: addresses, subjects and bodies that cannot inject
 * a header or an SMTP command, RFC 2047 subjects, the built message, and
 * queueing once (on a migrated SQLite store). */
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "mail/mail.h"

static void append(char *s, size_t size, const char *more)
{
	size_t n = strlen(s);
	snprintf(s + n, size - n, "%s", more);
}

static void test_addresses(void **state)
{
	(void)state;
	const char *good[] = {"a@b.co", "rose.ashdown@example.org", "x+tag@mail.example.co.uk",
			      "o'brien@example.ie", "UPPER@Example.COM", "a-b_c@x-y.example", "1@2.3"};
	for (size_t i = 0; i < SN_ARRAY_LEN(good); i++)
		assert_true(mail_addr_ok(good[i]));
	const char *bad[] = {NULL, "", "a", "@b.co", "a@", "a@b", "a@@b.co", "a@b..co", ".a@b.co",
			     "a.@b.co", "a..b@c.co", "a@-b.co", "a@b-.co", "a@.b.co", "a@b.co.",
			     "a b@c.co", "\"a b\"@c.co", "a@[127.0.0.1]", "Name <a@b.co>", "a@b.co>",
			     "a@b.co\r\nRCPT TO:<evil@x.co>", "a@b.co\nBcc: evil@x.co", "a\r@b.co",
			     "a@b.co\t", "ros\xc3\xa9@example.org", "a@ex\xc3\xa4mple.org", "a@b_c.co",
			     "a,b@c.co", "a@b.co;c@d.co"};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++)
		assert_false(mail_addr_ok(bad[i]));
	/* Lengths: a local part of 64, a label of 63, an address of 254. */
	char s[400];
	memset(s, 'a', 64);
	snprintf(s + 64, sizeof s - 64, "@b.co");
	assert_true(mail_addr_ok(s));
	memset(s, 'a', 65);
	snprintf(s + 65, sizeof s - 65, "@b.co");
	assert_false(mail_addr_ok(s));
	s[0] = 'a', s[1] = '@';
	memset(s + 2, 'b', 63);
	snprintf(s + 65, sizeof s - 65, ".co");
	assert_true(mail_addr_ok(s));
	memset(s + 2, 'b', 64);
	snprintf(s + 66, sizeof s - 66, ".co");
	assert_false(mail_addr_ok(s));
	/* 254 bytes in all is the most. */
	snprintf(s, sizeof s, "a@");
	while (strlen(s) + 4 <= 254)
		append(s, sizeof s, "bbb.");
	s[strlen(s) - 1] = '\0';
	while (strlen(s) < 254)
		append(s, sizeof s, "c");
	assert_int_equal(strlen(s), 254);
	assert_true(mail_addr_ok(s));
	append(s, sizeof s, "c");
	assert_false(mail_addr_ok(s));
}

static void test_subjects_and_bodies(void **state)
{
	(void)state;
	assert_true(mail_subject_ok("Please check your entry"));
	assert_true(mail_subject_ok("Caf\xc3\xa9 lunch \xe2\x80\x94 please check \xf0\x9f\x98\x80"));
	assert_false(mail_subject_ok(""));
	assert_false(mail_subject_ok(NULL));
	assert_false(mail_subject_ok("Hello\r\nBcc: evil@x.co"));
	assert_false(mail_subject_ok("Hello\nBcc: evil@x.co"));
	assert_false(mail_subject_ok("Hello\rthere"));
	assert_false(mail_subject_ok("tab\there"));
	assert_false(mail_subject_ok("del\x7f"));
	assert_false(mail_subject_ok("bad \xc3"));          /* cut short */
	assert_false(mail_subject_ok("bad \xc0\xaf"));      /* overlong */
	assert_false(mail_subject_ok("bad \xed\xa0\x80")); /* a surrogate */
	assert_false(mail_subject_ok("bad \xf4\x90\x80\x80")); /* past U+10FFFF */
	char s[MAIL_SUBJECT_MAX + 2];
	memset(s, 'x', MAIL_SUBJECT_MAX);
	s[MAIL_SUBJECT_MAX] = '\0';
	assert_true(mail_subject_ok(s));
	s[MAIL_SUBJECT_MAX] = 'x', s[MAIL_SUBJECT_MAX + 1] = '\0';
	assert_false(mail_subject_ok(s));

	char err[128];
	assert_int_equal(mail_body_check("Hello,\n\nLine two.\r\nTab\there. Caf\xc3\xa9\n", err, sizeof err), SN_OK);
	assert_int_equal(mail_body_check("NUL-free but \x01 here", err, sizeof err), SN_EINPUT);
	assert_int_equal(mail_body_check("one\ntwo \xff\n", err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "line 2 of the body is not valid UTF-8");
	char *big = malloc(MAIL_BODY_MAX + 2);
	memset(big, 'a', MAIL_BODY_MAX + 1);
	big[MAIL_BODY_MAX + 1] = '\0';
	assert_int_equal(mail_body_check(big, err, sizeof err), SN_ETOOBIG);
	/* Lines: 998 bytes is the most. */
	for (size_t i = 0; i < MAIL_BODY_MAX; i++)
		big[i] = i % 999 == 998 ? '\n' : 'a';
	big[MAIL_BODY_MAX] = '\0';
	assert_int_equal(mail_body_check(big, err, sizeof err), SN_OK);
	big[998] = 'a';
	assert_int_equal(mail_body_check(big, err, sizeof err), SN_ETOOBIG);
	assert_string_equal(err, "line 1 of the body is over 998 bytes");
	free(big);
}

/* Decodes each "=?UTF-8?B?...?=" word of an encoded subject, checking
 * each is at most 75 bytes and holds whole characters. */
static void decode_subject(const char *enc, char *out, size_t size)
{
	size_t o = 0;
	const char *p = enc;
	while (*p) {
		if (*p == '\r') {
			assert_true(p[1] == '\n' && p[2] == ' ');
			p += 3;
		}
		assert_true(str_starts(p, "=?UTF-8?B?"));
		const char *end = strstr(p + 10, "?=");
		assert_non_null(end);
		assert_true(end + 2 - p <= 75);
		unsigned char bin[64];
		size_t n = 0;
		assert_int_equal(sodium_base642bin(bin, sizeof bin, p + 10, (size_t)(end - p - 10), NULL, &n,
						   NULL, sodium_base64_VARIANT_ORIGINAL), 0);
		bin[n] = '\0';
		assert_true(mail_subject_ok((const char *)bin)); /* whole characters */
		assert_true(o + n < size);
		memcpy(out + o, bin, n);
		o += n;
		p = end + 2;
	}
	out[o] = '\0';
}

static void test_rfc2047(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 4096);
	assert_int_equal(mail_encode_subject("Plain ASCII: stays (as it is)", &b), SN_OK);
	assert_string_equal(b.data, "Plain ASCII: stays (as it is)");
	buf_reset(&b);
	assert_int_equal(mail_encode_subject("Caf\xc3\xa9", &b), SN_OK);
	assert_string_equal(b.data, "=?UTF-8?B?Q2Fmw6k=?=");
	/* Long, with 2-, 3- and 4-byte characters across the word limits. */
	char subject[MAIL_SUBJECT_MAX + 1] = "";
	while (strlen(subject) + 9 <= MAIL_SUBJECT_MAX)
		append(subject, sizeof subject, "\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80");
	buf_reset(&b);
	assert_int_equal(mail_encode_subject(subject, &b), SN_OK);
	assert_non_null(strstr(b.data, "?=\r\n =?UTF-8?B?"));
	char back[MAIL_SUBJECT_MAX + 1];
	decode_subject(b.data, back, sizeof back);
	assert_string_equal(back, subject);
	buf_reset(&b);
	assert_int_equal(mail_encode_subject("Caf\xc3\xa9\r\nBcc: evil@x.co", &b), SN_EINPUT);
	buf_free(&b);
}

static void test_build(void **state)
{
	(void)state;
	char date[32], err[160];
	mail_date(1795171583 + 86400, date); /* 2026-11-21T10:46:23Z, a Saturday */
	assert_string_equal(date, "Sat, 21 Nov 2026 10:46:23 +0000");
	mail_msg m = {"directory@support.example", "rose@example.org", "Caf\xc3\xa9 lunch: please check",
		      "Hello,\n.\n..dots stay\rlone CR\r\nend", "<abc-1@support.example>", 1795171583 + 86400};
	buf b;
	buf_init(&b, MAIL_MESSAGE_MAX);
	assert_int_equal(mail_build(&m, &b, err, sizeof err), SN_OK);
	assert_string_equal(b.data,
		"Date: Sat, 21 Nov 2026 10:46:23 +0000\r\n"
		"From: directory@support.example\r\n"
		"To: rose@example.org\r\n"
		"Subject: =?UTF-8?B?Q2Fmw6kgbHVuY2g6IHBsZWFzZSBjaGVjaw==?=\r\n"
		"Message-ID: <abc-1@support.example>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"Content-Transfer-Encoding: 8bit\r\n"
		"\r\n"
		"Hello,\r\n.\r\n..dots stay\r\nlone CR\r\nend\r\n");
	/* Nothing can be injected through any part. */
	const mail_msg bad[] = {
		{"directory@support.example", "rose@example.org\r\nBcc: evil@x.co", "s", "b", "<a@b.c>", 0},
		{"directory@support.example\r\nBcc: evil@x.co", "rose@example.org", "s", "b", "<a@b.c>", 0},
		{"directory@support.example", "rose@example.org", "s\r\nBcc: evil@x.co", "b", "<a@b.c>", 0},
		{"directory@support.example", "rose@example.org", "s", "b", "<a@b.c>\r\nBcc: evil@x.co", 0},
		{"directory@support.example", "rose@example.org", "s", "b", "a@b.c", 0},
		{"directory@support.example", "rose@example.org", "s", "bad \x01 byte", "<a@b.c>", 0},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++) {
		buf_reset(&b);
		assert_int_not_equal(mail_build(&bad[i], &b, err, sizeof err), SN_OK);
	}
	buf_free(&b);
}

static void test_smtp_config(void **state)
{
	(void)state;
	char err[160];
	mail_smtp c = {.url = "smtp://127.0.0.1:2525", .from = "directory@support.example"};
	assert_int_equal(mail_smtp_check(&c, err, sizeof err), SN_OK);
	c.url = "smtps://mail.example:465";
	assert_int_equal(mail_smtp_check(&c, err, sizeof err), SN_OK);
	c.starttls = true;
	assert_int_equal(mail_smtp_check(&c, err, sizeof err), SN_EINPUT);
	c.starttls = false;
	const char *bad[] = {"http://mail.example", "smtp://", "smtp://a b", "smtp://mail.example/path",
			     "smtp://user@mail.example", "mail.example:25", NULL};
	for (size_t i = 0; i < SN_ARRAY_LEN(bad); i++) {
		c.url = bad[i];
		assert_int_equal(mail_smtp_check(&c, err, sizeof err), SN_EINPUT);
	}
	c.url = "smtp://mail.example";
	c.from = "Directory <directory@support.example>";
	assert_int_equal(mail_smtp_check(&c, err, sizeof err), SN_EINPUT);
	c.from = "directory@support.example";
	c.user = "u";
	c.password = "p\r\nQUIT";
	assert_int_equal(mail_smtp_check(&c, err, sizeof err), SN_EINPUT);
}

static void test_queue_once(void **state)
{
	fixture *f = *state;
	char err[160];
	bool queued = false;
	assert_int_equal(mail_queue(f->s, "review:x:2026-01-01:rose@example.org", "review:x:2026-01-01",
				    "Rose@Example.ORG", "Please check", "Hello\n", "support.example", &queued, err,
				    sizeof err), SN_OK);
	assert_true(queued);
	assert_int_equal(mail_queue(f->s, "review:x:2026-01-01:rose@example.org", "review:x:2026-01-01",
				    "rose@example.org", "Please check", "Hello\n", "support.example", &queued, err,
				    sizeof err), SN_OK);
	assert_false(queued);
	/* No key: may repeat. */
	assert_int_equal(mail_queue(f->s, NULL, NULL, "rose@example.org", "Hi", "Hello\n", NULL, &queued, err,
				    sizeof err), SN_OK);
	assert_true(queued);
	assert_int_equal(mail_queue(f->s, NULL, NULL, "rose@example.org", "Hi", "Hello\n", NULL, &queued, err,
				    sizeof err), SN_OK);
	assert_true(queued);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM email_outbox WHERE recipient = "
				       "'rose@example.org' AND status = 'queued' AND attempts = 0", ""), SN_OK);
	assert_int_equal(n, 3);
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM email_outbox WHERE message_id LIKE "
				       "'<%@support.example>'", ""), SN_OK);
	assert_int_equal(n, 1);
	/* Refused before the store. */
	assert_int_equal(mail_queue(f->s, NULL, NULL, "rose@example.org\r\nRCPT TO:<e@x.co>", "Hi", "b", NULL,
				    &queued, err, sizeof err), SN_EINPUT);
	assert_int_equal(mail_queue(f->s, NULL, NULL, "rose@example.org", "Hi\nBcc: e@x.co", "b", NULL,
				    &queued, err, sizeof err), SN_EINPUT);
	assert_false(queued);
}

/* A server that is not there: the message stays queued with the reason,
 * one more attempt, and a later next try. */
static void test_send_no_server(void **state)
{
	fixture *f = *state;
	char err[160];
	bool queued = false;
	assert_int_equal(mail_queue(f->s, "k1", NULL, "rose@example.org", "Hi", "Hello\n", NULL, &queued, err,
				    sizeof err), SN_OK);
	mail_smtp c = {.url = "smtp://127.0.0.1:1", .from = "directory@support.example", .timeout_s = 5};
	mail_stats st;
	assert_int_equal(mail_send_queued(f->s, &c, false, 0, &st, err, sizeof err), SN_OK);
	assert_int_equal(st.sent, 0);
	assert_int_equal(st.retry, 1);
	assert_true(strlen(st.first_error) > 0);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT attempts FROM email_outbox WHERE dedup_key = 'k1' "
				       "AND status = 'queued' AND last_error <> '' AND locked_until IS NULL", ""), SN_OK);
	assert_int_equal(n, 1);
	/* Not due again yet, so the next run leaves it. */
	assert_int_equal(mail_send_queued(f->s, &c, false, 0, &st, err, sizeof err), SN_OK);
	assert_int_equal(st.retry, 0);
	assert_int_equal(st.waiting, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_subjects_and_bodies),
		cmocka_unit_test(test_rfc2047),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_smtp_config),
		cmocka_unit_test_setup_teardown(test_queue_once, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_send_no_server, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
