/* The inter-bank file (timebank.h): read strictly, with limits, every
 * problem naming its field; written with its checksum. Pure: text in,
 * structs out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../base/jsonin.h"
#include "timebank.h"

bool tb_code_ok(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 2 || n > TB_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9')))
			return false;
	return true;
}

static bool key_ok(const char *k)
{
	size_t n = strlen(k);
	if (n < 1 || n > TB_CATEGORY_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || k[i] == '_'))
			return false;
	return true;
}

/* Printable text: no control characters (the description is one line). */
static bool line_ok(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static sn_err bad(char *err, size_t err_size, sn_err rc, const char *field, const char *why)
{
	snprintf(err, err_size, "%s: %s", field, why);
	return rc;
}

/* The string member key of o into out (at most max bytes), refusing a
 * missing or other-typed value. */
static sn_err text_of(json_t *o, const char *key, const char *field, char *out, size_t max, char *err,
		      size_t err_size)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return bad(err, err_size, SN_EINPUT, field, "is missing");
	if (!json_is_string(v))
		return bad(err, err_size, SN_EINPUT, field, "must be a string");
	if (json_string_length(v) > max)
		return bad(err, err_size, SN_ETOOBIG, field, "is too long");
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || !line_ok(s))
		return bad(err, err_size, SN_EINPUT, field, "must be one line of text");
	memcpy(out, s, strlen(s) + 1);
	return SN_OK;
}

static sn_err only_keys(json_t *o, const char *const *keys, size_t n, const char *where, char *err,
			size_t err_size)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = strcmp(k, keys[i]) == 0;
		if (!known) {
			snprintf(err, err_size, "%s%s%.40s: is not a field of the file", where, *where ? "." : "", k);
			return SN_EINPUT;
		}
	}
	return SN_OK;
}

static sn_err read_transfer(json_t *o, size_t i, tb_ib_transfer *t, char *err, size_t err_size)
{
	static const char *const keys[] = {"uuid", "from_member", "to_member", "minutes", "category", "done_on",
					   "description"};
	char where[40], field[80];
	snprintf(where, sizeof where, "transfers[%zu]", i);
	if (!json_is_object(o))
		return bad(err, err_size, SN_EINPUT, where, "must be an object");
	sn_err rc = only_keys(o, keys, SN_ARRAY_LEN(keys), where, err, err_size);
	char *ids[] = {t->uuid, t->from_member, t->to_member};
	for (size_t k = 0; k < 3 && !rc; k++) {
		snprintf(field, sizeof field, "%s.%s", where, keys[k]);
		rc = text_of(o, keys[k], field, ids[k], 36, err, err_size);
		if (!rc && !str_is_uuid(ids[k]))
			rc = bad(err, err_size, SN_EINPUT, field, "must be a UUID");
	}
	if (rc)
		return rc;
	snprintf(field, sizeof field, "%s.minutes", where);
	json_t *m = json_object_get(o, "minutes");
	if (!m)
		return bad(err, err_size, SN_EINPUT, field, "is missing");
	if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > TB_MINUTES_MAX)
		return bad(err, err_size, SN_EINPUT, field, "must be a whole number of minutes from 1 to 1440");
	t->minutes = json_integer_value(m);
	snprintf(field, sizeof field, "%s.category", where);
	rc = text_of(o, "category", field, t->category, TB_CATEGORY_KEY_MAX, err, err_size);
	if (!rc && !key_ok(t->category))
		rc = bad(err, err_size, SN_EINPUT, field, "must be a category key like \"gardening\"");
	snprintf(field, sizeof field, "%s.done_on", where);
	if (!rc)
		rc = text_of(o, "done_on", field, t->done_on, 10, err, err_size);
	if (!rc && tb_day(t->done_on) < 0)
		rc = bad(err, err_size, SN_EINPUT, field, "must be a date like 2026-11-30");
	snprintf(field, sizeof field, "%s.description", where);
	if (!rc && json_object_get(o, "description"))
		rc = text_of(o, "description", field, t->description, TB_DESC_MAX, err, err_size);
	return rc;
}

static sn_err read_head(json_t *root, tb_ib_file *out, char *err, size_t err_size)
{
	static const char *const keys[] = {"format", "from_bank", "to_bank", "created_at", "transfers", "checksum"};
	sn_err rc = only_keys(root, keys, SN_ARRAY_LEN(keys), "", err, err_size);
	char format[40], created[32];
	if (!rc)
		rc = text_of(root, "format", "format", format, 39, err, err_size);
	if (!rc && strcmp(format, TB_FILE_FORMAT) != 0)
		rc = bad(err, err_size, SN_EINPUT, "format", "must be \"" TB_FILE_FORMAT "\"");
	if (!rc)
		rc = text_of(root, "from_bank", "from_bank", out->from_bank, TB_CODE_MAX, err, err_size);
	if (!rc && !tb_code_ok(out->from_bank))
		rc = bad(err, err_size, SN_EINPUT, "from_bank", "must be a bank code: 2 to 16 capital letters and digits");
	if (!rc)
		rc = text_of(root, "to_bank", "to_bank", out->to_bank, TB_CODE_MAX, err, err_size);
	if (!rc && !tb_code_ok(out->to_bank))
		rc = bad(err, err_size, SN_EINPUT, "to_bank", "must be a bank code: 2 to 16 capital letters and digits");
	if (!rc && strcmp(out->from_bank, out->to_bank) == 0)
		rc = bad(err, err_size, SN_EINPUT, "to_bank", "must not be the same bank as from_bank");
	if (!rc)
		rc = text_of(root, "created_at", "created_at", created, 20, err, err_size);
	int64_t t;
	if (!rc && (strlen(created) != 20 || time_parse_iso8601(created, &t)))
		rc = bad(err, err_size, SN_EINPUT, "created_at", "must be a UTC time like 2026-12-07T10:00:00Z");
	if (!rc)
		memcpy(out->created_at, created, 21);
	return rc;
}

sn_err tb_ib_parse(const char *text, size_t len, arena *a, tb_ib_file *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	json_t *root = NULL;
	sn_err rc = json_open_object(text, len, TB_FILE_MAX, &root, err, err_size);
	if (rc)
		return rc;
	rc = read_head(root, out, err, err_size);
	json_t *list = json_object_get(root, "transfers");
	if (!rc && !list)
		rc = bad(err, err_size, SN_EINPUT, "transfers", "is missing");
	if (!rc && !json_is_array(list))
		rc = bad(err, err_size, SN_EINPUT, "transfers", "must be a list");
	if (!rc && json_array_size(list) > TB_FILE_TRANSFERS_MAX)
		rc = bad(err, err_size, SN_ETOOBIG, "transfers", "has more than 5000 transfers");
	size_t n = rc ? 0 : json_array_size(list);
	if (!rc && n)
		out->t = arena_alloc(a, n * sizeof *out->t);
	for (size_t i = 0; i < n && !rc; i++) {
		rc = read_transfer(json_array_get(list, i), i, &out->t[i], err, err_size);
		for (size_t k = 0; k < i && !rc; k++)
			if (strcmp(out->t[k].uuid, out->t[i].uuid) == 0) {
				snprintf(err, err_size, "transfers[%zu].uuid: is the same as transfers[%zu].uuid", i, k);
				rc = SN_EINPUT;
			}
	}
	out->n = n;
	char sum[65];
	if (!rc)
		rc = text_of(root, "checksum", "checksum", sum, 64, err, err_size);
	char want[65];
	if (!rc) {
		tb_ib_checksum(out, want);
		if (strcmp(sum, want) != 0)
			rc = bad(err, err_size, SN_EINPUT, "checksum",
				 "does not match the transfers: the file was changed or damaged");
	}
	json_decref(root);
	if (rc)
		out->n = 0;
	return rc;
}

static void netstring(buf *b, const char *s) { buf_printf(b, "%zu:%s,", strlen(s), s); }

void tb_ib_checksum(const tb_ib_file *f, char out[static 65])
{
	buf b;
	buf_init(&b, 4u * TB_FILE_MAX);
	netstring(&b, TB_FILE_FORMAT);
	netstring(&b, f->from_bank);
	netstring(&b, f->to_bank);
	netstring(&b, f->created_at);
	for (size_t i = 0; i < f->n; i++) {
		const tb_ib_transfer *t = &f->t[i];
		char m[24];
		snprintf(m, sizeof m, "%lld", (long long)t->minutes);
		const char *parts[] = {t->uuid, t->from_member, t->to_member, m, t->category, t->done_on,
				       t->description};
		for (size_t k = 0; k < SN_ARRAY_LEN(parts); k++)
			netstring(&b, parts[k]);
	}
	sha256_hex(b.data ? b.data : "", b.len, out);
	buf_free(&b);
}

char *tb_ib_write(const tb_ib_file *f)
{
	if (f->n > TB_FILE_TRANSFERS_MAX || !tb_code_ok(f->from_bank) || !tb_code_ok(f->to_bank))
		return NULL;
	char sum[65];
	tb_ib_checksum(f, sum);
	json_t *list = json_array();
	for (size_t i = 0; i < f->n; i++) {
		const tb_ib_transfer *t = &f->t[i];
		json_array_append_new(list, json_pack("{sssssssIssssss}", "uuid", t->uuid, "from_member",
			t->from_member, "to_member", t->to_member, "minutes", (json_int_t)t->minutes, "category",
			t->category, "done_on", t->done_on, "description", t->description));
	}
	json_t *root = json_pack("{sssssssssoss}", "format", TB_FILE_FORMAT, "from_bank", f->from_bank, "to_bank",
				 f->to_bank, "created_at", f->created_at, "transfers", list, "checksum", sum);
	char *text = root ? json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	return text;
}
