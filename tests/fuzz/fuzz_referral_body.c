/* libFuzzer target for the referral API's bodies (referral_body.c): the
 * bytes opened as the handler opens them (json_open_object, at most
 * REF_API_MAX) and read both as POST /api/referrals and as POST
 * /api/referrals/{id}/status. A problem is a 422 naming a known field on
 * one line that can go back as JSON; what is accepted is what was sent,
 * within the limits (a new person's details pass the people pages' checks
 * again, unchanged), and reading it twice gives the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonin.h"
#include "referral/referral_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1780315200 /* 2026-06-01T12:00:00Z */

static bool one_line(const char *s)
{
	if (!s || !*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* The problem as the handler sends it: 422, a known field, one line each,
 * and json_pack must take it (UTF-8). */
static void check_problem(const ref_problem *pb, const char *const *fields)
{
	if (pb->status != 422 || !one_line(pb->field) || !one_line(pb->message))
		abort();
	bool known = strncmp(pb->field, "person.", 7) == 0 && pb->field[7];
	for (size_t i = 0; fields[i]; i++)
		known |= str_eq(pb->field, fields[i]);
	if (!known)
		abort();
	json_t *v = json_pack("{ssssss}", "error", "invalid", "field", pb->field, "message", pb->message);
	if (!v)
		abort();
	json_decref(v);
}

/* Text given as member key of j (or "" when absent or null). */
static const char *sent(const json_t *j, const char *key)
{
	const char *v = json_string_value(json_object_get(j, key));
	return v ? v : "";
}

static void check_person(const person_new *d)
{
	const char *t[] = {d->given_name, d->family_name, d->date_of_birth, d->postcode, d->phone, d->email};
	for (size_t i = 0; i < SN_ARRAY_LEN(t); i++)
		if (!t[i] || (*t[i] && !people_text_ok(t[i])))
			abort();
	size_t g = strlen(d->given_name), f = strlen(d->family_name);
	if (!g || g > PEOPLE_NAME_MAX || !f || f > PEOPLE_NAME_MAX)
		abort();
	int64_t born = 0;
	char iso[32];
	if (*d->date_of_birth) {
		if (strlen(d->date_of_birth) != 10)
			abort();
		memcpy(iso, d->date_of_birth, 10);
		memcpy(iso + 10, "T00:00:00Z", 11);
		if (time_parse_iso8601(iso, &born) || born > NOW)
			abort();
	}
	char pc[9];
	if (*d->postcode && (postcode_normalise(d->postcode, pc) || strcmp(pc, d->postcode)))
		abort();
	if (*d->phone && !people_phone_ok(d->phone))
		abort();
	if (*d->email && (strlen(d->email) > PEOPLE_EMAIL_MAX || !str_is_email(d->email)))
		abort();
	/* checked again, the details are unchanged */
	person_in in = {d->given_name, d->family_name, d->date_of_birth, d->postcode, d->phone, d->email};
	person_new d2;
	char pc2[9], dob2[11];
	const char *field, *why;
	if (people_details_check(&in, NOW, &d2, pc2, dob2, &field, &why) ||
	    strcmp(d2.postcode ? d2.postcode : "", d->postcode) ||
	    strcmp(d2.date_of_birth ? d2.date_of_birth : "", d->date_of_birth))
		abort();
}

static void check_create(const json_t *j, arena *a)
{
	static const char *const fields[] = {"person", "person_id", "service_id", "reason", "mode", "consent",
					     "new_person", NULL};
	ref_create_body b, b2;
	ref_problem pb = {0}, pb2 = {0};
	bool ok = ref_body_create(j, NOW, a, &b, &pb);
	if (ok != ref_body_create(j, NOW, a, &b2, &pb2))
		abort();
	if (!ok) {
		check_problem(&pb, fields);
		if (!str_eq(pb.field, pb2.field) || !str_eq(pb.message, pb2.message))
			abort();
		return;
	}
	if (!b.in.person_uuid || !b.in.service_uuid || !b.in.reason)
		abort();
	if (b.in.mode != REF_LIVE && b.in.mode != REF_SIGNPOST)
		abort();
	const char *mode = sent(j, "mode");
	if (*mode ? !str_eq(mode, ref_mode_code(b.in.mode)) : b.in.mode != REF_LIVE)
		abort();
	if (b.in.consent != json_is_true(json_object_get(j, "consent")) ||
	    b.new_person != json_is_true(json_object_get(j, "new_person")))
		abort();
	if (strcmp(b.in.service_uuid, sent(j, "service_id")) || strcmp(b.in.reason, sent(j, "reason")))
		abort();
	const json_t *who = json_object_get(j, "person");
	if (b.is_new != (who && !json_is_null(who)))
		abort();
	if (b.is_new) {
		if (json_object_get(j, "person_id") || *b.in.person_uuid)
			abort();
		check_person(&b.d);
	} else if (strcmp(b.in.person_uuid, sent(j, "person_id")) || !json_is_string(json_object_get(j, "person_id"))) {
		abort();
	}
}

static void check_status(const json_t *j, arena *a)
{
	static const char *const fields[] = {"status", "note", "outcome", NULL};
	ref_status_body b;
	ref_problem pb = {0};
	if (!ref_body_status(j, a, &b, &pb)) {
		check_problem(&pb, fields);
		return;
	}
	if (b.to >= REF_N_STATUS || !str_eq(ref_status_code(b.to), sent(j, "status")))
		abort();
	if (!b.note || !b.outcome || strcmp(b.note, sent(j, "note")))
		abort();
	const char *outcome = sent(j, "outcome");
	bool ends = b.to == REF_COMPLETED || b.to == REF_FAILED;
	if (strcmp(b.outcome, *outcome ? outcome : ends ? b.note : ""))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = NULL;
	char err[200];
	if (json_open_object((const char *)data, size, REF_API_MAX, &j, err, sizeof err)) {
		if (!one_line(err) || strncmp(err, "input: ", 7))
			abort();
		return 0;
	}
	arena *a = arena_new();
	check_create(j, a);
	check_status(j, a);
	/* the same members inside "person", as a person for someone new */
	json_t *w = json_pack("{sOssss}", "person", j, "service_id", "s", "reason", "r");
	if (w) {
		check_create(w, a);
		json_decref(w);
	}
	arena_free(a);
	json_decref(j);
	return 0;
}
