/* Answers sealed for the check pages' addresses: each step of the self-check, and each calculator's answer, redirects to a page of its own (so Back works and a reload sends nothing), and that page's address carries the answers, encrypted and authenticated with the area's "selfcheck-answers" secret; nothing is stored on the server. */
#include <sodium.h>
#include <string.h>

#include "../access/access.h"
#include "check_int.h"

#define FORMAT 2
#define HEAD 10 /* format, purpose, issued time (8) */
#define PAYLOAD_MAX 2800
#define BOX_MAX (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + HEAD + PAYLOAD_MAX)

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

/* Seals payload for purpose (a letter: 's' the self-check, 'p', 'b', 'e',
 * 'c' the calculators) as base64url text into out. */
static sn_err seal(store *db, char purpose, const unsigned char *payload, size_t n,
		   char out[static CHECK_STATE_MAX])
{
	unsigned char plain[HEAD + PAYLOAD_MAX] = {FORMAT, (unsigned char)purpose};
	if (n > PAYLOAD_MAX)
		return SN_ETOOBIG;
	put_be(plain + 2, (uint64_t)time_now(), 8);
	memcpy(plain + HEAD, payload, n);
	unsigned char key[crypto_secretbox_KEYBYTES], box[BOX_MAX];
	sn_err rc = key_of(db, key);
	if (rc)
		return rc;
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, HEAD + n, box, key);
	sodium_memzero(key, sizeof key);
	sodium_memzero(plain, sizeof plain);
	size_t len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + HEAD + n;
	if (sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING) > CHECK_STATE_MAX)
		return SN_ETOOBIG;
	sodium_bin2base64(out, CHECK_STATE_MAX, box, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return SN_OK;
}

/* Opens what seal made for purpose: the payload into payload (*n bytes)
 * and when it was sealed. SN_EINPUT when it is not ours. */
static sn_err open_sealed(store *db, char purpose, const char *sealed,
			  unsigned char payload[static PAYLOAD_MAX], size_t *n, int64_t *issued)
{
	unsigned char box[BOX_MAX], plain[HEAD + PAYLOAD_MAX], key[crypto_secretbox_KEYBYTES];
	size_t len = 0;
	if (strlen(sealed) >= CHECK_STATE_MAX ||
	    sodium_base642bin(box, sizeof box, sealed, strlen(sealed), NULL, &len, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
	    len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + HEAD)
		return SN_EINPUT;
	sn_err rc = key_of(db, key);
	if (rc)
		return rc;
	size_t plain_len = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	int bad = crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES,
					     len - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof key);
	if (bad || plain[0] != FORMAT || plain[1] != (unsigned char)purpose)
		return SN_EINPUT;
	*issued = (int64_t)get_be(plain + 2, 8);
	*n = plain_len - HEAD;
	memcpy(payload, plain + HEAD, *n);
	sodium_memzero(plain, sizeof plain);
	return SN_OK;
}

/* ---- the self-check: the set's version, then one byte a question ---- */

sn_err check_state_seal(store *db, const sc_set *s, const sc_answers *a,
			char out[static CHECK_STATE_MAX])
{
	unsigned char p[5 + SC_MAX_QUESTIONS];
	put_be(p, (uint64_t)s->version, 4);
	p[4] = (unsigned char)s->n_questions;
	/* 0 for no answer, else 1 + the choice. */
	for (size_t q = 0; q < s->n_questions; q++) {
		long c = sc_choice_index(&s->questions[q], sc_answers_get(a, s->questions[q].key));
		p[5 + q] = (unsigned char)(c < 0 ? 0 : c + 1);
	}
	return seal(db, 's', p, 5 + s->n_questions, out);
}

sn_err check_state_open(store *db, const sc_set *s, const char *sealed, sc_answers *a,
			bool *expired)
{
	*expired = false;
	sc_answers_init(a);
	unsigned char p[PAYLOAD_MAX];
	size_t n = 0;
	int64_t issued = 0;
	sn_err rc = open_sealed(db, 's', sealed, p, &n, &issued);
	if (rc)
		return rc;
	/* For this version of the set. */
	if (n != 5 + s->n_questions || get_be(p, 4) != (uint64_t)s->version || p[4] != s->n_questions)
		return SN_EINPUT;
	for (size_t q = 0; q < s->n_questions; q++) {
		unsigned c = p[5 + q];
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

/* ---- a calculator's form: its fields, "name\0value\0" ---- */

static bool kept_field(const char *name)
{
	static const char *const skip[] = {"csrf_token", "form_id", "answers", "go"};
	for (size_t i = 0; i < SN_ARRAY_LEN(skip); i++)
		if (strcmp(name, skip[i]) == 0)
			return false;
	return true;
}

sn_err check_form_seal(req *r, char purpose, char out[static CHECK_STATE_MAX])
{
	unsigned char p[PAYLOAD_MAX];
	size_t n = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		const kv *f = &r->form.items[i];
		size_t a = strlen(f->name), b = strlen(f->value);
		if (!*f->value || !kept_field(f->name))
			continue;
		if (n + a + b + 2 > sizeof p)
			return SN_ETOOBIG;
		memcpy(p + n, f->name, a + 1);
		memcpy(p + n + a + 1, f->value, b + 1);
		n += a + b + 2;
	}
	return seal(r->db, purpose, p, n, out);
}

sn_err check_form_open(req *r, char purpose, const char *sealed, bool *expired)
{
	unsigned char p[PAYLOAD_MAX + 1];
	size_t n = 0;
	int64_t issued = 0;
	*expired = false;
	sn_err rc = open_sealed(r->db, purpose, sealed, p, &n, &issued);
	if (rc)
		return rc;
	if (time_now() - issued > CHECK_STATE_SECONDS) {
		*expired = true;
		return SN_EINPUT;
	}
	/* Every name and value ends in a NUL: count the pairs, then point. */
	size_t pairs = 0, nul = 0;
	for (size_t i = 0; i < n; i++)
		nul += p[i] == 0;
	if (nul % 2 || (n && p[n - 1] != 0))
		return SN_EINPUT;
	pairs = nul / 2;
	kv *items = arena_alloc(r->a, (pairs ? pairs : 1) * sizeof *items);
	const char *at = (const char *)p;
	for (size_t i = 0; i < pairs; i++) {
		items[i].name = arena_strdup(r->a, at);
		at += strlen(at) + 1;
		items[i].value = arena_strdup(r->a, at);
		at += strlen(at) + 1;
	}
	r->form.items = items;
	r->form.n = pairs;
	return SN_OK;
}
