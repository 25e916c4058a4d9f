/* A referral as a FHIR R4 Bundle: its shape, every status's mapping,
 * optional fields left out (never ""), and every reference resolving to
 * an entry. The real FHIR R4 validation is tests/e2e/http/
 * fhir-validator.test.mjs, which runs this binary with SN_FHIR_DUMP set
 * to a directory: the bundles built here are then also written there, as
 * the writer makes them, for the validator to check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "referral/referral.h"

#define REF_ID "6f1c2a7e-3b4d-4c5e-9f60-718293a4b5c6"
#define PERSON_ID "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9"
#define ORG_ID "1d2e3f40-5162-4738-894a-5b6c7d8e9f01"
#define SERVICE_ID "2e3f4051-6273-4849-9a5b-6c7d8e9f0a12"
#define REFERRER_ID "3f405162-7384-495a-ab6c-7d8e9f0a1b23"

/* Every field there: the example docs/fhir.md shows. */
static ref_view full(void)
{
	return (ref_view){
		.id = REF_ID,
		.status = REF_IN_PROGRESS,
		.mode = REF_LIVE,
		.reason = "Would like company on weekday afternoons after a move to the area.",
		.created_at = "2026-12-01T09:30:00Z",
		.updated_at = "2026-12-03T14:05:00Z",
		.consent = true,
		.service_id = SERVICE_ID,
		.service_name = "Befriending at home",
		.org_id = ORG_ID,
		.org_name = "Ashby Vale Befrienders",
		.person_id = PERSON_ID,
		.person_name = "Sam Example",
		.person_birth_date = "1948-03-14",
		.person_postcode = "AV1 2BC",
		.person_phone = "07700 900123",
		.person_email = "sam@example.test",
		.referrer_id = REFERRER_ID,
		.referrer_name = "Jo Worker",
		.referrer_email = "jo.worker@demo.supportnet.test",
	};
}

/* Only what a bundle cannot do without. */
static ref_view minimal(void)
{
	return (ref_view){.id = REF_ID, .status = REF_DRAFT, .person_id = PERSON_ID, .consent = true};
}

/* With SN_FHIR_DUMP set, the bundle is also written there as name.json. */
static void dump(const char *name, const json_t *b)
{
	const char *dir = getenv("SN_FHIR_DUMP");
	if (!dir || !*dir)
		return;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.json", dir, name);
	assert_int_equal(json_dump_file(b, path, JSON_INDENT(2)), 0);
}

static json_t *resource(const json_t *b, const char *type)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(b, "entry"), i, e)
	{
		json_t *r = json_object_get(e, "resource");
		if (!strcmp(json_string_value(json_object_get(r, "resourceType")), type))
			return r;
	}
	return NULL;
}

static const char *str_at(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* No "", no [] and no {} anywhere: FHIR forbids all three. */
static void assert_no_empties(const json_t *j)
{
	const char *k;
	json_t *v;
	size_t i;
	switch (json_typeof(j)) {
	case JSON_STRING: assert_true(json_string_length(j) > 0); break;
	case JSON_ARRAY:
		assert_true(json_array_size(j) > 0);
		json_array_foreach(j, i, v) assert_no_empties(v);
		break;
	case JSON_OBJECT:
		assert_true(json_object_size(j) > 0);
		json_object_foreach((json_t *)j, k, v) assert_no_empties(v);
		break;
	default: break;
	}
}

/* Every "reference" anywhere in j is one of the entries' fullUrls. */
static size_t assert_refs_resolve(const json_t *b, const json_t *j)
{
	const char *k;
	json_t *v;
	size_t i, n = 0;
	if (json_is_array(j))
		json_array_foreach(j, i, v) n += assert_refs_resolve(b, v);
	if (!json_is_object(j))
		return n;
	json_object_foreach((json_t *)j, k, v)
	{
		if (strcmp(k, "reference")) {
			n += assert_refs_resolve(b, v);
			continue;
		}
		bool found = false;
		json_t *e;
		json_array_foreach(json_object_get(b, "entry"), i, e) found |=
		    !strcmp(str_at(e, "fullUrl"), json_string_value(v));
		assert_true(found);
		n++;
	}
	return n;
}

static const char *ref_of(const json_t *r, const char *key)
{
	return str_at(json_object_get(r, key), "reference");
}

static void test_shape(void **state)
{
	(void)state;
	ref_view v = full();
	json_t *b = ref_fhir_bundle(&v, "https://supportnet.example/");
	assert_non_null(b);
	dump("referral-bundle", b);
	assert_string_equal(str_at(b, "resourceType"), "Bundle");
	assert_string_equal(str_at(b, "type"), "collection");
	assert_string_equal(str_at(b, "timestamp"), "2026-12-03T14:05:00Z");
	assert_string_equal(str_at(json_array_get(json_object_get(b, "link"), 0), "url"),
			    "https://supportnet.example/api/referrals/" REF_ID "/fhir");
	json_t *entries = json_object_get(b, "entry");
	assert_int_equal(json_array_size(entries), 6);
	assert_string_equal(str_at(json_array_get(entries, 0), "fullUrl"), "urn:uuid:" REF_ID);

	json_t *t = resource(b, "Task");
	assert_string_equal(str_at(t, "id"), REF_ID);
	assert_string_equal(str_at(t, "status"), "in-progress");
	assert_string_equal(str_at(t, "intent"), "order");
	assert_string_equal(str_at(t, "authoredOn"), "2026-12-01T09:30:00Z");
	assert_string_equal(str_at(t, "lastModified"), "2026-12-03T14:05:00Z");
	assert_string_equal(ref_of(t, "for"), "urn:uuid:" PERSON_ID);
	assert_string_equal(ref_of(t, "owner"), "urn:uuid:" ORG_ID);
	assert_string_equal(str_at(json_object_get(t, "owner"), "display"), "Ashby Vale Befrienders");
	assert_string_equal(ref_of(t, "requester"), "urn:uuid:" REFERRER_ID);
	assert_string_equal(str_at(json_array_get(json_object_get(t, "identifier"), 0), "system"),
			    "https://supportnet.example/api/referrals");
	assert_string_equal(str_at(json_array_get(json_object_get(t, "note"), 0), "text"), v.reason);
	assert_null(json_object_get(t, "output"));         /* not ended */
	assert_null(json_object_get(t, "businessStatus")); /* not waiting */

	json_t *sr = resource(b, "ServiceRequest");
	char sr_url[64];
	snprintf(sr_url, sizeof sr_url, "urn:uuid:%s", str_at(sr, "id"));
	assert_true(str_is_uuid(str_at(sr, "id")));
	assert_string_not_equal(str_at(sr, "id"), REF_ID);
	assert_string_equal(ref_of(t, "focus"), sr_url);
	assert_string_equal(str_at(sr, "status"), "active");
	assert_string_equal(str_at(sr, "intent"), "order");
	assert_string_equal(ref_of(sr, "subject"), "urn:uuid:" PERSON_ID);
	assert_string_equal(ref_of(sr, "requester"), "urn:uuid:" REFERRER_ID);
	assert_string_equal(str_at(json_array_get(json_object_get(sr, "performer"), 0), "reference"),
			    "urn:uuid:" SERVICE_ID);
	assert_string_equal(str_at(json_array_get(json_object_get(sr, "reasonCode"), 0), "text"), v.reason);

	json_t *p = resource(b, "Patient");
	assert_string_equal(str_at(p, "birthDate"), "1948-03-14");
	assert_string_equal(str_at(json_array_get(json_object_get(p, "address"), 0), "postalCode"),
			    "AV1 2BC");
	assert_int_equal(json_array_size(json_object_get(p, "telecom")), 2);
	assert_string_equal(str_at(json_array_get(json_object_get(p, "identifier"), 0), "system"),
			    "urn:supportnet:person");
	json_t *hs = resource(b, "HealthcareService");
	assert_string_equal(ref_of(hs, "providedBy"), "urn:uuid:" ORG_ID);
	assert_string_equal(str_at(json_array_get(json_object_get(hs, "identifier"), 0), "value"),
			    SERVICE_ID);
	assert_string_equal(str_at(resource(b, "Organization"), "name"), "Ashby Vale Befrienders");
	assert_string_equal(str_at(json_array_get(json_object_get(resource(b, "Practitioner"), "telecom"), 0),
				   "value"),
			    "jo.worker@demo.supportnet.test");
	assert_int_equal(assert_refs_resolve(b, b), 8);
	assert_no_empties(b);
	json_decref(b);
}

/* The ServiceRequest's status for each Task status, written out here
 * apart from the code (FHIR R4 request-status). */
static const struct {
	ref_status s;
	const char *task, *request;
} mapping[] = {
	{REF_DRAFT, "draft", "draft"},          {REF_REQUESTED, "requested", "active"},
	{REF_RECEIVED, "received", "active"},   {REF_ACCEPTED, "accepted", "active"},
	{REF_REJECTED, "rejected", "revoked"},  {REF_CANCELLED, "cancelled", "revoked"},
	{REF_IN_PROGRESS, "in-progress", "active"},
	{REF_ON_HOLD, "on-hold", "on-hold"},
	{REF_COMPLETED, "completed", "completed"},
	{REF_FAILED, "failed", "revoked"},
};

static void test_every_status(void **state)
{
	(void)state;
	assert_int_equal(sizeof mapping / sizeof mapping[0], REF_N_STATUS);
	for (size_t i = 0; i < REF_N_STATUS; i++) {
		ref_view v = full();
		v.status = mapping[i].s;
		v.due_at = "2026-12-08T09:30:00Z";
		v.outcome = "Visits every Tuesday.";
		json_t *b = ref_fhir_bundle(&v, NULL);
		assert_non_null(b);
		char name[32];
		snprintf(name, sizeof name, "status-%s", mapping[i].task);
		dump(name, b);
		json_t *t = resource(b, "Task");
		assert_string_equal(str_at(t, "status"), mapping[i].task);
		assert_string_equal(str_at(resource(b, "ServiceRequest"), "status"), mapping[i].request);
		assert_string_equal(ref_fhir_request_status(mapping[i].s), mapping[i].request);
		bool waiting = v.status == REF_REQUESTED || v.status == REF_RECEIVED;
		assert_int_equal(json_object_get(t, "businessStatus") != NULL, waiting);
		bool ended = v.status == REF_COMPLETED || v.status == REF_FAILED;
		json_t *out = json_array_get(json_object_get(t, "output"), 0);
		assert_int_equal(out != NULL, ended);
		if (ended)
			assert_string_equal(str_at(out, "valueString"), "Visits every Tuesday.");
		/* no base address: the referral's own namespace, no self link */
		assert_string_equal(str_at(json_array_get(json_object_get(t, "identifier"), 0), "system"),
				    "urn:supportnet:referral");
		assert_null(json_object_get(b, "link"));
		assert_no_empties(b);
		assert_refs_resolve(b, b);
		json_decref(b);
	}
	assert_null(ref_fhir_request_status(REF_N_STATUS));
}

static void test_minimal_and_empty_strings(void **state)
{
	(void)state;
	ref_view v = minimal();
	json_t *b = ref_fhir_bundle(&v, "");
	assert_non_null(b);
	dump("minimal", b);
	assert_int_equal(json_array_size(json_object_get(b, "entry")), 3);
	assert_no_empties(b);
	assert_int_equal(assert_refs_resolve(b, b), 3); /* focus, for, subject */
	json_t *t = resource(b, "Task");
	assert_null(json_object_get(t, "owner"));
	assert_null(json_object_get(t, "requester"));
	assert_null(json_object_get(t, "note"));
	assert_null(json_object_get(t, "authoredOn"));
	assert_null(json_object_get(b, "timestamp"));
	assert_null(json_object_get(resource(b, "ServiceRequest"), "performer"));
	json_decref(b);

	/* "" everywhere it may be: the same as NULL */
	v = full();
	v.reason = v.service_name = v.org_name = v.person_name = v.person_phone = "";
	v.person_email = v.person_postcode = v.person_birth_date = v.referrer_name = "";
	v.referrer_email = v.created_at = v.updated_at = v.outcome = v.due_at = "";
	v.status = REF_COMPLETED;
	b = ref_fhir_bundle(&v, NULL);
	assert_non_null(b);
	assert_no_empties(b);
	assert_null(json_object_get(resource(b, "Task"), "output"));
	assert_null(json_object_get(resource(b, "Patient"), "name"));
	json_decref(b);

	/* a malformed time or birth date is left out, not passed on */
	v = full();
	v.created_at = "yesterday";
	v.person_birth_date = "14/03/1948";
	b = ref_fhir_bundle(&v, "javascript:alert(1)");
	assert_null(json_object_get(resource(b, "Task"), "authoredOn"));
	assert_null(json_object_get(resource(b, "Patient"), "birthDate"));
	assert_null(json_object_get(b, "link"));
	json_decref(b);
}

/* Without consent the Patient is its identifier and nothing more. */
static void test_no_consent(void **state)
{
	(void)state;
	ref_view v = full();
	v.consent = false;
	v.mode = REF_SIGNPOST;
	v.status = REF_COMPLETED;
	json_t *b = ref_fhir_bundle(&v, NULL);
	dump("no-consent", b);
	json_t *p = resource(b, "Patient");
	assert_int_equal(json_object_size(p), 3); /* resourceType, id, identifier */
	assert_null(json_object_get(json_object_get(resource(b, "Task"), "for"), "display"));
	char *text = json_dumps(b, 0);
	assert_null(strstr(text, "Sam Example"));
	assert_null(strstr(text, "AV1 2BC"));
	assert_non_null(strstr(text, "\"signpost\""));
	free(text);
	json_decref(b);
}

static void test_refused(void **state)
{
	(void)state;
	ref_view v = full();
	v.id = NULL;
	assert_null(ref_fhir_bundle(&v, NULL));
	v.id = "not-a-uuid";
	assert_null(ref_fhir_bundle(&v, NULL));
	v = full();
	v.person_id = "";
	assert_null(ref_fhir_bundle(&v, NULL));
	v = full();
	v.status = REF_N_STATUS;
	assert_null(ref_fhir_bundle(&v, NULL));
	assert_null(ref_fhir_bundle(NULL, NULL));
	/* an optional party whose id is not a uuid is left out */
	v = full();
	v.org_id = "oops";
	json_t *b = ref_fhir_bundle(&v, NULL);
	assert_null(resource(b, "Organization"));
	assert_null(json_object_get(resource(b, "Task"), "owner"));
	assert_refs_resolve(b, b);
	json_decref(b);
}

/* The same referral gives the same bundle (no clock, no randomness). */
static void test_stable(void **state)
{
	(void)state;
	ref_view v = full();
	json_t *a = ref_fhir_bundle(&v, NULL), *b = ref_fhir_bundle(&v, NULL);
	assert_true(json_equal(a, b));
	v.id = "7f1c2a7e-3b4d-4c5e-9f60-718293a4b5c6";
	json_t *c = ref_fhir_bundle(&v, NULL);
	assert_string_not_equal(str_at(resource(a, "ServiceRequest"), "id"),
				str_at(resource(c, "ServiceRequest"), "id"));
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shape),      cmocka_unit_test(test_every_status),
	    cmocka_unit_test(test_minimal_and_empty_strings), cmocka_unit_test(test_no_consent),
	    cmocka_unit_test(test_refused),    cmocka_unit_test(test_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
