/* libFuzzer target for mail: the bytes split at NULs into a recipient, a
 * subject and a body, built into a message. Whatever goes in, the headers
 * of what comes out are exactly the eight we write, each line ends in CRLF,
 * no line is over 998 bytes, and an accepted address has no byte that could
 * end an SMTP command or a header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 3);
	if (!in)
		abort();
	memcpy(in, data, size);
	in[size] = in[size + 1] = in[size + 2] = 0;
	const char *to = in;
	const char *subject = to + strlen(to) + 1;
	const char *body = subject + strlen(subject) + 1;
	if (mail_addr_ok(to) && (strpbrk(to, "\r\n <>\",;:\\") || strlen(to) > MAIL_ADDR_MAX))
		abort();
	mail_msg m = {"directory@support.example", to, subject, body, "<fuzz@support.example>", 1795258000};
	char err[160];
	buf b;
	buf_init(&b, MAIL_MESSAGE_MAX);
	if (!mail_build(&m, &b, err, sizeof err)) {
		const char *end = strstr(b.data, "\r\n\r\n");
		if (!end)
			abort();
		int headers = 0;
		for (const char *p = b.data; p <= end; p = strstr(p, "\r\n") + 2) {
			if (p[0] != ' ')
				headers++;
			if (p == end)
				break;
		}
		if (headers != 8)
			abort();
		size_t line = 0;
		for (size_t i = 0; i < b.len; i++) {
			if (b.data[i] == '\n' && (i == 0 || b.data[i - 1] != '\r'))
				abort();
			if (b.data[i] == '\r' && b.data[i + 1] != '\n')
				abort();
			line = b.data[i] == '\n' ? 0 : line + 1;
			if (line > MAIL_LINE_MAX + 1)
				abort();
		}
	}
	buf_free(&b);
	free(in);
	return 0;
}
