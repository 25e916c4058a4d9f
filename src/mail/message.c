/* Building a plain-text email: the checks that keep anything from being
 * injected into a header or an SMTP command, RFC 2047 subjects and the
 * RFC 5322 message itself. Pure: no store, no network. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail.h"

/* The byte length of the UTF-8 character at s (of n bytes left), or 0
 * when it is not a valid one (overlong, surrogate, past U+10FFFF). */
static size_t utf8_char(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (!len || s[0] > 0xf4 || len > n)
		return 0;
	uint32_t cp = s[0] & (0x7fu >> len);
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3fu);
	}
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static bool is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool is_label_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool mail_addr_ok(const char *addr)
{
	if (!addr)
		return false;
	size_t n = strnlen(addr, MAIL_ADDR_MAX + 1);
	const char *at = memchr(addr, '@', n);
	if (n > MAIL_ADDR_MAX || !at || at == addr || (size_t)(at - addr) > MAIL_LOCAL_MAX)
		return false;
	/* The local part: dot-atoms. */
	for (const char *p = addr; p < at; p++) {
		if (*p == '.') {
			if (p == addr || p + 1 == at || p[1] == '.')
				return false;
		} else if (!is_atext((unsigned char)*p)) {
			return false;
		}
	}
	/* The domain: two or more labels of 1 to 63 characters, no hyphen at
	 * either end. */
	const char *label = at + 1;
	int labels = 0;
	for (const char *p = at + 1;; p++) {
		if (*p == '.' || !*p) {
			size_t len = (size_t)(p - label);
			if (len == 0 || len > 63 || label[0] == '-' || p[-1] == '-')
				return false;
			labels++;
			if (!*p)
				break;
			label = p + 1;
		} else if (!is_label_char((unsigned char)*p)) {
			return false;
		}
	}
	return labels >= 2;
}

bool mail_subject_ok(const char *subject)
{
	if (!subject)
		return false;
	size_t n = strnlen(subject, MAIL_SUBJECT_MAX + 1);
	if (n == 0 || n > MAIL_SUBJECT_MAX)
		return false;
	const unsigned char *s = (const unsigned char *)subject;
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			return false;
		size_t len = utf8_char(s + i, n - i);
		if (!len)
			return false;
		i += len;
	}
	return true;
}

sn_err mail_body_check(const char *body, char *err, size_t err_size)
{
	if (!body) {
		snprintf(err, err_size, "the message has no body");
		return SN_EINPUT;
	}
	size_t n = strnlen(body, MAIL_BODY_MAX + 1);
	if (n > MAIL_BODY_MAX) {
		snprintf(err, err_size, "the body is over %u bytes", MAIL_BODY_MAX);
		return SN_ETOOBIG;
	}
	const unsigned char *s = (const unsigned char *)body;
	size_t line = 0, line_no = 1;
	for (size_t i = 0; i < n;) {
		if (s[i] == '\n' || s[i] == '\r') {
			/* CRLF, LF and a lone CR each end a line. */
			if (s[i] == '\n' || i + 1 == n || s[i + 1] != '\n')
				line_no++;
			line = 0;
			i++;
			continue;
		}
		if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f) {
			snprintf(err, err_size, "line %zu of the body has a control character", line_no);
			return SN_EINPUT;
		}
		size_t len = utf8_char(s + i, n - i);
		if (!len) {
			snprintf(err, err_size, "line %zu of the body is not valid UTF-8", line_no);
			return SN_EINPUT;
		}
		line += len;
		if (line > MAIL_LINE_MAX) {
			snprintf(err, err_size, "line %zu of the body is over %d bytes", line_no, MAIL_LINE_MAX);
			return SN_ETOOBIG;
		}
		i += len;
	}
	return SN_OK;
}

static bool printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* An encoded word holds at most 75 bytes: "=?UTF-8?B?" + base64 + "?=",
 * so 63 base64 characters, which is 45 bytes of text (whole characters). */
#define WORD_TEXT_MAX 45

sn_err mail_encode_subject(const char *subject, buf *out)
{
	if (!mail_subject_ok(subject))
		return SN_EINPUT;
	if (printable_ascii(subject))
		return buf_puts(out, subject);
	const unsigned char *s = (const unsigned char *)subject;
	size_t n = strlen(subject), i = 0;
	sn_err rc = SN_OK;
	while (i < n && !rc) {
		size_t take = 0;
		while (i + take < n) {
			size_t len = utf8_char(s + i + take, n - i - take);
			if (take + len > WORD_TEXT_MAX)
				break;
			take += len;
		}
		char b64[sodium_base64_ENCODED_LEN(WORD_TEXT_MAX, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(b64, sizeof b64, s + i, take, sodium_base64_VARIANT_ORIGINAL);
		rc = buf_printf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64);
		i += take;
	}
	return rc;
}

void mail_date(int64_t t, char out[static 32])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	/* Not strftime: %a and %b follow the locale. */
	snprintf(out, 32, "%s, %d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
		 months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool message_id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n < 5 || n > 250 || id[0] != '<' || id[n - 1] != '>' || !memchr(id, '@', n))
		return false;
	for (size_t i = 1; i + 1 < n; i++)
		if (!is_atext((unsigned char)id[i]) && id[i] != '.' && id[i] != '@')
			return false;
	return true;
}

sn_err mail_build(const mail_msg *m, buf *out, char *err, size_t err_size)
{
	if (!mail_addr_ok(m->from) || !mail_addr_ok(m->to)) {
		snprintf(err, err_size, "the %s address is not one we can send to",
			 mail_addr_ok(m->from) ? "recipient's" : "sender's");
		return SN_EINPUT;
	}
	if (!mail_subject_ok(m->subject)) {
		snprintf(err, err_size, "the subject must be 1 to %d bytes of UTF-8 on one line",
			 MAIL_SUBJECT_MAX);
		return SN_EINPUT;
	}
	if (!message_id_ok(m->message_id)) {
		snprintf(err, err_size, "the Message-ID is malformed");
		return SN_EINPUT;
	}
	sn_err rc = mail_body_check(m->body, err, err_size);
	if (rc)
		return rc;
	char date[32];
	mail_date(m->date, date);
	rc = buf_printf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: ", date, m->from, m->to);
	if (!rc)
		rc = mail_encode_subject(m->subject, out);
	if (!rc)
		rc = buf_printf(out, "\r\nMessage-ID: %s\r\nMIME-Version: 1.0\r\n"
				"Content-Type: text/plain; charset=UTF-8\r\n"
				"Content-Transfer-Encoding: 8bit\r\n\r\n", m->message_id);
	/* The body with CRLF line ends (a lone CR or LF becomes CRLF). */
	for (const char *p = m->body; *p && !rc; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		rc = (*p == '\r' || *p == '\n') ? buf_puts(out, "\r\n") : buf_putc(out, *p);
	}
	if (!rc && (out->len < 2 || memcmp(out->data + out->len - 2, "\r\n", 2) != 0))
		rc = buf_puts(out, "\r\n");
	if (rc)
		snprintf(err, err_size, "the message is over %zu bytes", out->max);
	return rc;
}
