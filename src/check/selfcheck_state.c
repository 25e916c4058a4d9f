/* The self-check's answers sealed for its addresses: each step of the check redirects to a page of its own (so Back works and a reload sends nothing), and that page's address carries the answers so far, encrypted and authenticated with the area's "selfcheck-answers" secret; nothing is stored on the server. */
#include <sodium.h>
#include <string.h>

#include "../access/access.h"
#include "check_int.h"

#define FORMAT 1
#define HEAD 14 /* format, issued time (8), set version (4), number of questions */
#define PLAIN_MAX (HEAD + SC_MAX_QUESTIONS)
#define BOX_MAX (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + PLAIN_MAX)

static sn_err key_of(store *db, unsigned char key[static crypto_secretbox_KEYBYTES])
{
	_Static_assert(crypto_secretbox_KEYBYTES == ACCESS_SECRET_BYTES, "key size");
	return access_secret(db, "selfcheck-answers", key);
}

static void put_be(unsigned char *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
}

static uint64_t get_be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

sn_err check_state_seal(store *db, const sc_set *s, const sc_answers *a,
			char out[static CHECK_STATE_MAX])
{
	unsigned char plain[PLAIN_MAX] = {FORMAT};
	put_be(plain + 1, (uint64_t)time_now(), 8);
	put_be(plain + 9, (uint64_t)s->version, 4);
	plain[13] = (unsigned char)s->n_questions;
	/* One byte a question: 0 for no answer, else 1 + the choice. */
	for (size_t q = 0; q < s->n_questions; q++) {
		long c = sc_choice_index(&s->questions[q], sc_answers_get(a, s->questions[q].key));
		plain[HEAD + q] = (unsigned char)(c < 0 ? 0 : c + 1);
	}
	size_t n = HEAD + s->n_questions;
	unsigned char key[crypto_secretbox_KEYBYTES], box[BOX_MAX];
	sn_err rc = key_of(db, key);
	if (rc)
		return rc;
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, n, box, key);
	sodium_memzero(key, sizeof key);
	sodium_bin2base64(out, CHECK_STATE_MAX, box,
			  crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return SN_OK;
}

sn_err check_state_open(store *db, const sc_set *s, const char *sealed, sc_answers *a,
			bool *expired)
{
	*expired = false;
	sc_answers_init(a);
	unsigned char box[BOX_MAX], plain[PLAIN_MAX], key[crypto_secretbox_KEYBYTES];
	size_t n = 0;
	if (strlen(sealed) >= CHECK_STATE_MAX ||
	    sodium_base642bin(box, sizeof box, sealed, strlen(sealed), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + HEAD)
		return SN_EINPUT;
	sn_err rc = key_of(db, key);
	if (rc)
		return rc;
	size_t len = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	int bad = crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES,
					     n - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof key);
	/* Ours, for this version of the set. */
	if (bad || plain[0] != FORMAT || get_be(plain + 9, 4) != (uint64_t)s->version ||
	    plain[13] != s->n_questions || len != HEAD + s->n_questions)
		return SN_EINPUT;
	int64_t issued = (int64_t)get_be(plain + 1, 8);
	for (size_t q = 0; q < s->n_questions; q++) {
		unsigned c = plain[HEAD + q];
		if (c > s->questions[q].n_choices)
			return SN_EINPUT;
		if (c)
			sc_answers_set(a, s->questions[q].key, s->questions[q].choices[c - 1].key);
	}
	/* An empty check has nothing to keep private: it never runs out. */
	if (a->n && time_now() - issued > CHECK_STATE_SECONDS) {
		sc_answers_init(a);
		*expired = true;
		return SN_EINPUT;
	}
	return SN_OK;
}

void check_state_form_id(const char *sealed, char out[static 37])
{
	/* A UUID made from the sealed answers: the same "ask" page (the same
	 * address) always sends the same form id, so sending it again after
	 * Back is recognised; no one without the address can make it. */
	unsigned char h[crypto_generichash_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)sealed, strlen(sealed),
			   (const unsigned char *)"selfcheck-form-id", 17);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x40);
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[h[i] >> 4];
		out[o++] = hex[h[i] & 15];
	}
	out[o] = 0;
}
