/* Password policy and hashing: argon2id through libsodium, a minimum
 * length, long passphrases welcome, common passwords refused. */
#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "../base/embed.h"
#include "access.h"

/* The common-password list is embedded sorted and lower-cased, one per
 * line; binary search over line starts. */
static int cmp_line(const char *key, const char *line, const char *end)
{
	size_t klen = strlen(key);
	const char *nl = memchr(line, '\n', (size_t)(end - line));
	size_t llen = nl ? (size_t)(nl - line) : (size_t)(end - line);
	size_t n = klen < llen ? klen : llen;
	int c = memcmp(key, line, n);
	if (c)
		return c;
	return klen < llen ? -1 : klen > llen;
}

bool password_is_common(const char *pw)
{
	const embed_file *f = embed_find(embed_data, "common-passwords.txt");
	if (!f || f->len == 0)
		return false;
	size_t n = strlen(pw);
	if (n > 256)
		return false;
	char key[257];
	for (size_t i = 0; i <= n; i++)
		key[i] = (char)tolower((unsigned char)pw[i]);
	const char *data = (const char *)f->data, *end = data + f->len;
	size_t lo = 0, hi = f->len;
	/* Search by byte offset, snapping each probe to a line start. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *line = data + mid;
		while (line > data && line[-1] != '\n')
			line--;
		int c = cmp_line(key, line, end);
		if (c == 0)
			return true;
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t line_start = (size_t)(line - data);
		size_t line_end = nl ? (size_t)(nl - data) + 1 : f->len;
		if (c < 0)
			hi = line_start;
		else
			lo = line_end;
	}
	return false;
}

sn_err password_policy(const char *pw, const char *email, const char **why)
{
	size_t n = strlen(pw);
	if (n < PASSWORD_MIN) {
		*why = "Password must be 10 characters or more; a few words "
		       "together make a good one";
		return SN_EINPUT;
	}
	if (n > PASSWORD_MAX) {
		*why = "Password must be 1024 characters or fewer";
		return SN_EINPUT;
	}
	bool all_same = true;
	for (size_t i = 1; i < n; i++)
		if (pw[i] != pw[0])
			all_same = false;
	if (all_same || password_is_common(pw)) {
		*why = "That password is too common and easy to guess; choose "
		       "another, such as three or four random words";
		return SN_EINPUT;
	}
	if (email) {
		const char *at = strchr(email, '@');
		size_t local = at ? (size_t)(at - email) : strlen(email);
		if (local >= 4 && strncasecmp(pw, email, local) == 0) {
			*why = "Password must not be based on your email address";
			return SN_EINPUT;
		}
	}
	return SN_OK;
}

sn_err password_hash(const char *pw, char out[static 128])
{
	if (crypto_pwhash_str(out, pw, strlen(pw),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return SN_EINTERNAL;
	return SN_OK;
}

bool password_verify(const char *hash, const char *pw)
{
	if (!hash || !pw || strlen(pw) > PASSWORD_MAX)
		return false;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}
