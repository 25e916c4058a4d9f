/* The JSON API's bodies read into structs (referral_int.h): pure, no
 * request, no store. Text is copied into the caller's arena, so what comes
 * back outlives the JSON; a problem names its field on one line. What
 * needs the store (the person and service exist, the caller reaches them)
 * and what is reported after it (the reason's length, consent for a live
 * referral: ref_create, ref_change) is checked there, in that order, so
 * the first problem a caller is told of is the same as before the parser
 * was taken out of the handler. */
#include <string.h>

#include "referral_int.h"

static bool fail(ref_problem *pb, const char *field, const char *message)
{
	*pb = (ref_problem){422, field, message};
	return false;
}

/* A member that must be a string when present: false (and *pb) otherwise;
 * *v is NULL when absent or null. */
static bool get_text(const json_t *j, const char *key, bool required, const char **v, ref_problem *pb)
{
	const json_t *x = json_object_get(j, key);
	*v = json_string_value(x);
	if ((x && !json_is_string(x) && !json_is_null(x)) || (required && !*v))
		return fail(pb, key, required ? "is required and must be text" : "must be text");
	return true;
}

/* The "person" object: its fields copied into a and checked as the people
 * pages check them; false and *pb (field "person.x") when wrong. */
static bool person_of(const json_t *o, int64_t now, arena *a, person_new *d, ref_problem *pb)
{
	static const char *const keys[] = {"given_name", "family_name", "birth_date", "postcode",
					   "phone", "email"};
	const char *v[SN_ARRAY_LEN(keys)];
	if (!json_is_object(o))
		return fail(pb, "person", "must be an object with given_name, family_name, birth_date, "
			    "postcode, phone and email");
	const char *key;
	const json_t *x;
	json_object_foreach((json_t *)o, key, x) {
		bool known = false;
		for (size_t i = 0; i < SN_ARRAY_LEN(keys); i++)
			known |= str_eq(key, keys[i]);
		if (!known && !*key) /* "person." would name nothing (fuzz_referral_body) */
			return fail(pb, "person", "has a member with no name: a person's fields are "
				    "given_name, family_name, birth_date, postcode, phone and email");
		if (!known) {
			/* named on one line of UTF-8: it goes back in a JSON reply */
			char k[41];
			return fail(pb, arena_printf(a, "person.%s", str_key_clip(key, 40, k)),
				    "is not a field of a person");
		}
	}
	for (size_t i = 0; i < SN_ARRAY_LEN(keys); i++) {
		if (!get_text(o, keys[i], false, &v[i], pb)) {
			pb->field = arena_printf(a, "person.%s", keys[i]);
			return false;
		}
		v[i] = arena_strdup(a, v[i] ? v[i] : "");
	}
	person_in in = {v[0], v[1], v[2], v[3], v[4], v[5]};
	char *pc = arena_alloc(a, 9), *dob = arena_alloc(a, 11);
	const char *field, *why;
	if (people_details_check(&in, now, d, pc, dob, &field, &why))
		return fail(pb, arena_printf(a, "person.%s", field), why);
	return true;
}

bool ref_body_create(const json_t *j, int64_t now, arena *a, ref_create_body *b, ref_problem *pb)
{
	memset(b, 0, sizeof *b);
	ref_create_in *in = &b->in;
	const char *mode = NULL;
	const json_t *consent = json_object_get(j, "consent"), *who = json_object_get(j, "person");
	const json_t *np = json_object_get(j, "new_person");
	b->is_new = who && !json_is_null(who);
	bool ok = true;
	if (b->is_new && json_object_get(j, "person_id"))
		ok = fail(pb, "person", "give person_id or person, not both");
	ok = ok && (b->is_new || get_text(j, "person_id", true, &in->person_uuid, pb)) &&
	     get_text(j, "service_id", true, &in->service_uuid, pb) &&
	     get_text(j, "reason", true, &in->reason, pb) && get_text(j, "mode", false, &mode, pb);
	if (ok && mode && !ref_mode_parse(mode, &in->mode))
		ok = fail(pb, "mode", "must be live or signpost");
	if (ok && !mode)
		in->mode = REF_LIVE;
	if (ok && consent && !json_is_boolean(consent))
		ok = fail(pb, "consent", "must be true or false");
	if (ok && np && !json_is_boolean(np))
		ok = fail(pb, "new_person", "must be true or false");
	in->consent = json_is_true(consent);
	b->new_person = json_is_true(np);
	if (ok && b->is_new)
		ok = person_of(who, now, a, &b->d, pb);
	in->person_uuid = arena_strdup(a, in->person_uuid ? in->person_uuid : "");
	in->service_uuid = arena_strdup(a, in->service_uuid ? in->service_uuid : "");
	in->reason = arena_strdup(a, in->reason ? in->reason : "");
	return ok;
}

bool ref_body_status(const json_t *j, arena *a, ref_status_body *b, ref_problem *pb)
{
	memset(b, 0, sizeof *b);
	const char *code = NULL, *note = NULL, *outcome = NULL;
	bool ok = get_text(j, "status", true, &code, pb) && get_text(j, "note", false, &note, pb) &&
		  get_text(j, "outcome", false, &outcome, pb);
	b->to = REF_DRAFT;
	if (ok && !ref_status_parse(code, &b->to))
		ok = fail(pb, "status", "must be a FHIR Task status (requested, received, accepted, "
			  "rejected, cancelled, in-progress, on-hold, completed, failed)");
	b->note = arena_strdup(a, note ? note : "");
	b->outcome = arena_strdup(a, outcome ? outcome : "");
	/* At completion the outcome is the note when not given apart. */
	if (ok && !*b->outcome && (b->to == REF_COMPLETED || b->to == REF_FAILED))
		b->outcome = b->note;
	return ok;
}
