/* A referral as a FHIR R4 Bundle (docs/fhir.md): pure, jansson only.
 *
 * Every optional field goes through put() and friends, which leave it out
 * when it is NULL or "": FHIR forbids empty strings, and json_pack's "s"
 * fails on NULL, so json_pack is only ever handed strings that are known
 * to be there (constants, and the ids checked as uuids first). */
#include <stdio.h>
#include <string.h>

#include "referral.h"

#define URN_LEN 46 /* "urn:uuid:" + a uuid + NUL */

static const char *const request_status[REF_N_STATUS] = {
	[REF_DRAFT] = "draft",          [REF_REQUESTED] = "active",   [REF_RECEIVED] = "active",
	[REF_ACCEPTED] = "active",      [REF_REJECTED] = "revoked",   [REF_CANCELLED] = "revoked",
	[REF_IN_PROGRESS] = "active",   [REF_ON_HOLD] = "on-hold",    [REF_COMPLETED] = "completed",
	[REF_FAILED] = "revoked",
};

const char *ref_fhir_request_status(ref_status s)
{
	return (unsigned)s < REF_N_STATUS ? request_status[s] : NULL;
}

static bool has(const char *s)
{
	return s && *s;
}

static void put(json_t *o, const char *key, const char *s)
{
	if (has(s))
		json_object_set_new(o, key, json_string(s));
}

/* A dateTime or instant: only one the store's own format reads as, so a
 * malformed stored value is left out rather than making the bundle
 * invalid. */
static void put_time(json_t *o, const char *key, const char *s)
{
	int64_t t;
	if (has(s) && time_parse_iso8601(s, &t) == SN_OK)
		put(o, key, s);
}

/* A FHIR date we give out: YYYY-MM-DD, month and day in range. */
static bool is_date(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* An id the bundle can use: a uuid (also a valid FHIR id). */
static bool is_id(const char *s)
{
	return s && str_is_uuid(s);
}

static void urn_of(const char *uuid, char out[static URN_LEN])
{
	snprintf(out, URN_LEN, "urn:uuid:%s", uuid);
}

/* The ServiceRequest has no id of its own in the store: a uuid made from
 * the referral's (SHA-256, RFC 9562 version 8 layout), the same on every
 * call, so that a receiving system sees the same ServiceRequest each time. */
static void derived_uuid(const char *kind, const char *id, char out[static 37])
{
	char in[128], h[65];
	int n = snprintf(in, sizeof in, "supportnet:%s:%s", kind, id);
	sha256_hex(in, (size_t)n, h);
	static const char variant[] = "89ab";
	int v = (h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3;
	snprintf(out, 37, "%.8s-%.4s-8%.3s-%c%.3s-%.12s", h, h + 8, h + 13, variant[v], h + 17, h + 20);
}

/* A Reference to an entry by its fullUrl, with a display when known. */
static json_t *reference(const char *uuid, const char *display)
{
	char u[URN_LEN];
	urn_of(uuid, u);
	json_t *r = json_pack("{ss}", "reference", u);
	put(r, "display", display);
	return r;
}

/* identifier: [ {system, value} ] */
static json_t *identifiers(const char *system, const char *value)
{
	return json_pack("[{ssss}]", "system", system, "value", value);
}

/* [ {text} ]: a name or a CodeableConcept given only as text. */
static void put_texts(json_t *o, const char *key, const char *text)
{
	if (has(text))
		json_object_set_new(o, key, json_pack("[{ss}]", "text", text));
}

static void add_telecom(json_t *list, const char *system, const char *value, const char *use)
{
	if (has(value))
		json_array_append_new(list,
				      json_pack("{ssssss}", "system", system, "value", value, "use", use));
}

static void put_list(json_t *o, const char *key, json_t *list)
{
	if (json_array_size(list))
		json_object_set(o, key, list);
	json_decref(list);
}

static void entry(json_t *entries, const char *uuid, json_t *resource)
{
	char u[URN_LEN];
	urn_of(uuid, u);
	json_array_append_new(entries, json_pack("{ssso}", "fullUrl", u, "resource", resource));
}

/* What the referral shares about the person: the consent snapshot, and
 * nothing at all but the identifier without consent. */
static json_t *patient(const ref_view *v)
{
	json_t *p = json_pack("{ssssso}", "resourceType", "Patient", "id", v->person_id, "identifier",
			      identifiers("urn:supportnet:person", v->person_id));
	if (!v->consent)
		return p;
	put_texts(p, "name", v->person_name);
	json_t *tel = json_array();
	add_telecom(tel, "phone", v->person_phone, "home");
	add_telecom(tel, "email", v->person_email, "home");
	put_list(p, "telecom", tel);
	if (is_date(v->person_birth_date))
		put(p, "birthDate", v->person_birth_date);
	if (has(v->person_postcode))
		json_object_set_new(p, "address", json_pack("[{ss}]", "postalCode", v->person_postcode));
	return p;
}

static json_t *practitioner(const ref_view *v)
{
	json_t *p = json_pack("{ssssso}", "resourceType", "Practitioner", "id", v->referrer_id, "identifier",
			      identifiers("urn:supportnet:account", v->referrer_id));
	put_texts(p, "name", v->referrer_name);
	json_t *tel = json_array();
	add_telecom(tel, "email", v->referrer_email, "work");
	put_list(p, "telecom", tel);
	return p;
}

static json_t *organization(const ref_view *v)
{
	json_t *o = json_pack("{ssssso}", "resourceType", "Organization", "id", v->org_id, "identifier",
			      identifiers("urn:supportnet:oruk:organization", v->org_id));
	put(o, "name", v->org_name);
	return o;
}

static json_t *healthcare_service(const ref_view *v)
{
	json_t *s = json_pack("{ssssso}", "resourceType", "HealthcareService", "id", v->service_id,
			      "identifier", identifiers("urn:supportnet:oruk:service", v->service_id));
	if (is_id(v->org_id))
		json_object_set_new(s, "providedBy", reference(v->org_id, v->org_name));
	put(s, "name", v->service_name);
	return s;
}

static json_t *service_request(const ref_view *v, const char *sr_id)
{
	json_t *r = json_pack("{ssssssss}", "resourceType", "ServiceRequest", "id", sr_id, "status",
			      ref_fhir_request_status(v->status), "intent", "order");
	if (has(v->service_name))
		json_object_set_new(r, "code", json_pack("{ss}", "text", v->service_name));
	json_object_set_new(r, "subject", reference(v->person_id, v->consent ? v->person_name : NULL));
	put_time(r, "authoredOn", v->created_at);
	if (is_id(v->referrer_id))
		json_object_set_new(r, "requester", reference(v->referrer_id, v->referrer_name));
	/* performed by the service, or by the organisation when there is no
	 * service (an organisation-wide referral) */
	json_t *by = is_id(v->service_id) ? reference(v->service_id, v->service_name)
		     : is_id(v->org_id)    ? reference(v->org_id, v->org_name)
					   : NULL;
	if (by)
		json_object_set_new(r, "performer", json_pack("[o]", by));
	put_texts(r, "reasonCode", v->reason);
	return r;
}

/* The Task's identifier: under the service's own address when it is
 * given, so two councils' referrals never share a namespace. */
static void task_identifier(json_t *t, const ref_view *v, const char *base_url)
{
	char sys[2100];
	if (base_url && str_is_web_url(base_url)) {
		size_t n = strlen(base_url);
		while (n && base_url[n - 1] == '/')
			n--;
		snprintf(sys, sizeof sys, "%.*s/api/referrals", (int)n, base_url);
	} else {
		snprintf(sys, sizeof sys, "urn:supportnet:referral");
	}
	json_object_set_new(t, "identifier", identifiers(sys, v->id));
}

static json_t *task(const ref_view *v, const char *sr_id, const char *base_url)
{
	json_t *t = json_pack("{sssss{s[{ssss}]}}", "resourceType", "Task", "id", v->id, "meta", "tag",
			      "system", "urn:supportnet:referral-mode", "code", ref_mode_code(v->mode));
	task_identifier(t, v, base_url);
	put(t, "status", ref_status_code(v->status));
	bool waiting = v->status == REF_REQUESTED || v->status == REF_RECEIVED;
	if (waiting && has(v->due_at)) {
		char due[96];
		snprintf(due, sizeof due, "Answer due by %.60s", v->due_at);
		json_object_set_new(t, "businessStatus", json_pack("{ss}", "text", due));
	}
	json_object_set_new(t, "intent", json_string("order"));
	json_object_set_new(t, "focus", reference(sr_id, NULL));
	json_object_set_new(t, "for", reference(v->person_id, v->consent ? v->person_name : NULL));
	put_time(t, "authoredOn", v->created_at);
	put_time(t, "lastModified", v->updated_at);
	if (is_id(v->referrer_id))
		json_object_set_new(t, "requester", reference(v->referrer_id, v->referrer_name));
	if (is_id(v->org_id))
		json_object_set_new(t, "owner", reference(v->org_id, v->org_name));
	put_texts(t, "note", v->reason);
	bool ended = v->status == REF_COMPLETED || v->status == REF_FAILED;
	if (ended && has(v->outcome))
		json_object_set_new(t, "output", json_pack("[{s{ss}ss}]", "type", "text", "Outcome",
							   "valueString", v->outcome));
	return t;
}

/* The bundle's own address: the route that gives it. */
static void self_link(json_t *b, const ref_view *v, const char *base_url)
{
	if (!base_url || !str_is_web_url(base_url))
		return;
	size_t n = strlen(base_url);
	while (n && base_url[n - 1] == '/')
		n--;
	char url[2200];
	snprintf(url, sizeof url, "%.*s/api/referrals/%s/fhir", (int)n, base_url, v->id);
	json_object_set_new(b, "link", json_pack("[{ssss}]", "relation", "self", "url", url));
}

json_t *ref_fhir_bundle(const ref_view *v, const char *base_url)
{
	if (!v || !is_id(v->id) || !is_id(v->person_id) || !ref_status_code(v->status))
		return NULL;
	char sr_id[37];
	derived_uuid("ServiceRequest", v->id, sr_id);
	json_t *b = json_pack("{ssss}", "resourceType", "Bundle", "type", "collection");
	/* As of the referral's last change: the same referral gives the same
	 * bundle, and the function needs no clock. */
	put_time(b, "timestamp", has(v->updated_at) ? v->updated_at : v->created_at);
	self_link(b, v, base_url);
	json_t *entries = json_array();
	entry(entries, v->id, task(v, sr_id, base_url));
	entry(entries, sr_id, service_request(v, sr_id));
	entry(entries, v->person_id, patient(v));
	if (is_id(v->referrer_id))
		entry(entries, v->referrer_id, practitioner(v));
	if (is_id(v->org_id))
		entry(entries, v->org_id, organization(v));
	if (is_id(v->service_id))
		entry(entries, v->service_id, healthcare_service(v));
	json_object_set_new(b, "entry", entries);
	return b;
}
