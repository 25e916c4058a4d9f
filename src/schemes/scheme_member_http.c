/* A scheme's members (docs/schemes.md, "Members and vetting"): adding one,
 * the member's page with their vetting, recording or renewing vetting and
 * signing it off. The coordinator's role reaches members; every read and
 * write of a member's details is audited in the same transaction. */
#include <stdio.h>
#include <string.h>

#include "../directory/geo/geo.h"
#include "../once/once.h"
#include "scheme_int.h"

#define NAME_MAX_BYTES 200

/* ---- adding a member ---- */

typedef struct {
	sch_member m;
	uint32_t can_do, avail;
	char pc[9];
} member_in;

/* The member form's fields into in, each problem added to r->errors. */
static void member_read_form(req *r, const sch_scheme *s, member_in *in)
{
	memset(in, 0, sizeof *in);
	sch_member *m = &in->m;
	m->scheme = s->id;
	size_t before = json_array_size(r->errors);
	m->name = sch_line_field(r, "name", NAME_MAX_BYTES, "The name");
	if (!*m->name && json_array_size(r->errors) == before)
		req_add_error(r, "name", "Enter the member's name");
	const char *pc = req_form(r, "postcode");
	if (postcode_normalise(pc, in->pc))
		req_add_error(r, "postcode", "Enter a full UK postcode, like AV1 2AB");
	m->postcode = in->pc;
	before = json_array_size(r->errors);
	m->can_do = sch_form_items(r, s, "can_do", false, &in->can_do);
	if (!in->can_do && json_array_size(r->errors) == before)
		req_add_error(r, "can_do", "Choose what the member helps with");
	before = json_array_size(r->errors);
	in->avail = sch_form_slots(r, "avail");
	if (!in->avail && json_array_size(r->errors) == before)
		req_add_error(r, "avail", "Choose at least one time the member is free");
	m->avail = in->avail;
	const char *why;
	sch_words w;
	m->languages = req_form(r, "languages");
	if (sch_words_parse(m->languages, &w, &why))
		req_add_error(r, "languages", arena_printf(r->a, "Languages %s", why));
	m->interests = req_form(r, "interests");
	if (sch_words_parse(m->interests, &w, &why))
		req_add_error(r, "interests", arena_printf(r->a, "Interests %s", why));
	const char *cap = req_form(r, "capacity");
	m->capacity = s->default_capacity;
	if (*cap && str_to_i64(cap, 1, s->max_capacity, &m->capacity))
		req_add_error(r, "capacity", arena_printf(r->a, "The number of people must be a whole number from 1 "
							     "to %d", s->max_capacity));
	const char *km = req_form(r, "max_km");
	if (*km && str_to_i64(km, 1, s->max_km, &m->max_km))
		req_add_error(r, "max_km", arena_printf(r->a, "How far they go must be a whole number of kilometres "
							   "from 1 to %d", s->max_km));
	if (s->household) {
		m->smokes = str_eq(req_form(r, "smokes"), "yes");
		m->pets = str_eq(req_form(r, "pets"), "yes");
		m->step_free = str_eq(req_form(r, "step_free"), "yes");
	}
	if (s->rates && money_parse_pounds(req_form(r, "rate"), 100000, &m->rate_pence))
		req_add_error(r, "rate", "Enter the hourly rate in pounds, like 14.50");
	else if (s->rates && m->rate_pence <= 0)
		req_add_error(r, "rate", "Enter the hourly rate in pounds, like 14.50");
}

static sn_err member_form_show(req *r, reply *out, const sch_scheme *s, const member_in *in, int status)
{
	json_t *v = json_pack("{sssssssssssssssssssosososbsbsbsbsbsbss}", "scheme_id", s->id, "scheme_name", s->name,
		"name", req_form(r, "name"), "postcode", req_form(r, "postcode"), "languages", req_form(r, "languages"),
		"interests", req_form(r, "interests"), "capacity", req_form(r, "capacity"), "max_km",
		req_form(r, "max_km"), "rate", req_form(r, "rate"), "can_do_group", sch_group(r, "can_do", "What they help with",
		sch_items_view(s, false, in ? in->can_do : 0, "can_do")), "days", sch_slots_view(r, in ? in->avail : 0, "avail"), "max_capacity",
		json_integer(s->max_capacity), "household", s->household, "rates", s->rates, "smokes",
		in && in->m.smokes, "pets", in && in->m.pets, "step_free", in && in->m.step_free, "hint_km", true,
		"form_id", once_form_id(r));
	json_object_set_new(v, "default_capacity", json_integer(s->default_capacity));
	json_object_set_new(v, "slots_legend", json_string("When they are free"));
	json_object_set_new(v, "scheme_km", json_integer(s->max_km));
	return reply_page(out, status, "schemes/member-new", arena_printf(r->a, "Add a member: %s", s->name), v);
}

sn_err sch_member_form(req *r, reply *out)
{
	const sch_scheme *s = sch_of_path(r, out);
	return s ? member_form_show(r, out, s, NULL, 200) : SN_OK;
}

sn_err sch_member_save(req *r, reply *out)
{
	const sch_scheme *s = sch_of_path(r, out);
	if (!s)
		return SN_OK;
	member_in in;
	member_read_form(r, s, &in);
	int32_t lat = 0, lon = 0;
	sn_err rc = SN_OK;
	if (!json_array_size(r->errors)) {
		rc = geo_postcode_lookup(r->db, in.pc, &lat, &lon, NULL);
		if (rc == SN_ENOTFOUND || rc == SN_EINPUT) {
			req_add_error(r, "postcode", "Enter a postcode in the area: this one is not known");
			rc = SN_OK;
		}
		if (rc)
			return rc;
	}
	if (json_array_size(r->errors))
		return member_form_show(r, out, s, &in, 422);
	in.m.located = true;
	in.m.lat_e6 = lat;
	in.m.lon_e6 = lon;
	bool done = false;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37];
	int64_t id;
	rc = sch_member_insert(r->db, &in.m, r->user->id, sch_now(r), uuid, &id);
	if (!rc)
		rc = sch_audit_member(r->db, r->user, "schemes.member.add", uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/schemes/members/%s?done=added", uuid));
}

/* ---- the member's page ---- */

static json_t *vetting_rows(req *r, const sch_scheme *s, const sch_vetting_row *v, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		int d = sch_dbs_parse(v[i].dbs);
		uint32_t t = sch_mask_of(s, v[i].training, true);
		char words[SCH_TRAINING_MAX * (SCH_LABEL_MAX + 2) + 1] = "";
		for (size_t k = 0; k < s->n_training; k++)
			if (t & (1u << k)) {
				if (*words)
					strcat(words, ", ");
				strcat(words, s->training[k].label);
			}
		json_array_append_new(list, json_pack("{sssssssIsssssssb}", "dbs", sch_dbs_words(d < 0 ? SCH_DBS_NONE
			: (sch_dbs)d), "dbs_on", time_uk_day(r->a, v[i].dbs_on), "expires", time_uk_day(r->a,
			v[i].expires_on), "refs", (json_int_t)v[i].refs, "training", *words ? words : "none",
			"recorded", arena_printf(r->a, "%s, %s", v[i].recorded_by, time_uk_when(r->a, v[i].recorded_at)),
			"signed", v[i].signed_off ? arena_printf(r->a, "%s, %s", v[i].signed_off_by, time_uk_when(r->a,
			v[i].signed_off_at)) : "not yet", "signed_off", v[i].signed_off));
	}
	return list;
}

static json_t *member_view(req *r, const sch_scheme *s, const sch_member *m)
{
	const char *why;
	sch_vetting vt;
	sch_vet_state st = sch_vetting_state(s, sch_vetting_of(s, &m->vet, &vt), sch_today(), &why);
	char rate[40];
	money_text(m->rate_pence, rate);
	json_t *o = json_pack("{sssssssssssssssssssssIsIsbsbsbss}", "id", m->uuid, "name", m->name, "postcode",
		m->postcode, "can_do", sch_items_words(r, s, m->can_do), "languages", *m->languages ? m->languages
		: "none given", "interests", *m->interests ? m->interests : "none given", "avail",
		sch_avail_text(r->a, (uint32_t)m->avail), "state", sch_vet_words(st), "why", why, "account",
		*m->account_email ? m->account_email : "none", "capacity", (json_int_t)m->capacity, "in_use",
		(json_int_t)m->in_use, "ok", sch_vet_ok(st), "warn", st == SCH_VET_EXPIRING, "expired",
		st == SCH_VET_EXPIRED, "rate", rate);
	json_object_set_new(o, "max_km", json_string(m->max_km ? arena_printf(r->a, "%lld km", (long long)m->max_km)
		: arena_printf(r->a, "the scheme's %d km", s->max_km)));
	json_object_set_new(o, "household", json_string(arena_printf(r->a, "%s; %s; %s", m->smokes ? "someone smokes"
		: "no one smokes", m->pets ? "pets" : "no pets", m->step_free ? "step-free" : "not step-free")));
	json_object_set_new(o, "can_sign", json_boolean(m->vet.id && !m->vet.signed_off));
	json_object_set_new(o, "household_scheme", json_boolean(s->household));
	json_object_set_new(o, "rates_scheme", json_boolean(s->rates));
	return o;
}

static sn_err member_show(req *r, reply *out, int status)
{
	sch_member m;
	sch_vetting_row *vr;
	size_t nv = 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_member_find(r->db, req_get(r, "id"), r->a, &m);
	const sch_scheme *s = rc ? NULL : sch_find(sch_shipped(), m.scheme);
	if (rc == SN_ENOTFOUND || (!rc && !s)) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no scheme member here.");
	}
	if (!rc)
		rc = sch_vetting_history(r->db, m.id, r->a, &vr, &nv);
	if (!rc)
		rc = sch_audit_member(r->db, r->user, "schemes.member.read", m.uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	int d = sch_dbs_parse(req_form(r, "dbs"));
	json_t *levels = json_array();
	for (int k = SCH_DBS_BASIC; k <= SCH_DBS_ENHANCED; k++)
		json_array_append_new(levels, json_pack("{sssssssb}", "id", k == SCH_DBS_BASIC ? "dbs" : arena_printf(r->a,
			"dbs-%s", sch_dbs_code((sch_dbs)k)), "value", sch_dbs_code((sch_dbs)k), "label",
			sch_dbs_words((sch_dbs)k), "checked", d == k));
	uint32_t t = 0;
	if (status != 200)
		sch_form_items(r, s, "training", true, &t);
	json_t *v = json_pack("{sososssssbsosososo}", "member", member_view(r, s, &m), "vetting", vetting_rows(r, s, vr,
		nv), "scheme_id", s->id, "scheme_name", s->name, "has_vetting", nv > 0, "levels", levels, "training_group",
		s->n_training ? sch_group(r, "training", "Training done", sch_items_view(s, true, t, "training"))
		: json_false(), "dbs_on", sch_date_view(r, "dbs_on", "Date of the DBS certificate",
		"For example, 27 3 2026"), "expires_on", sch_date_view(r, "expires_on", "Renew by", "The date the "
		"check must be renewed by, for example 27 3 2029"));
	json_object_set_new(v, "refs", json_string(req_form(r, "refs")));
	/* what they offer: the form shown again as typed when it had a problem */
	bool offer = status != 200 && str_eq(req_form(r, "offer"), "1");
	uint32_t avail = (uint32_t)m.avail;
	if (offer) {
		const char *vals[SCH_SLOTS + 1];
		size_t n = sch_form_all(r, "avail", vals, SCH_SLOTS + 1);
		avail = 0;
		for (size_t i = 0; i < n; i++)
			avail |= sch_slot_parse(vals[i]) >= 0 ? 1u << sch_slot_parse(vals[i]) : 0;
	}
	json_object_set_new(v, "days", sch_slots_view(r, avail, "avail"));
	json_object_set_new(v, "slots_legend", json_string("When they are free"));
	json_object_set_new(v, "offer_capacity", json_string(offer ? req_form(r, "capacity")
		: arena_printf(r->a, "%lld", (long long)m.capacity)));
	json_object_set_new(v, "max_capacity", json_integer(s->max_capacity));
	json_object_set_new(v, "needs", json_string(arena_printf(r->a, "%s, %d reference%s%s", sch_dbs_words(s->dbs),
		s->references, s->references == 1 ? "" : "s", s->n_training ? " and the training below" : "")));
	const char *done = req_get(r, "done");
	json_object_set_new(v, "saved", json_string(str_eq(done, "added") ? "The member is added. Record their "
		"vetting: they are matched once it is complete and signed off." : str_eq(done, "vetting")
		? "The vetting is recorded. Sign it off when you have checked it." : str_eq(done, "offer")
		? "What they offer is saved." : str_eq(done, "signed")
		? "The vetting is signed off." : ""));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return reply_page(out, status, "schemes/member", m.name, v);
}

sn_err sch_member_page(req *r, reply *out) { return member_show(r, out, 200); }

sn_err sch_vetting_save(req *r, reply *out)
{
	sch_member m;
	sn_err rc = sch_member_find(r->db, req_get(r, "id"), r->a, &m);
	const sch_scheme *s = rc ? NULL : sch_find(sch_shipped(), m.scheme);
	if (rc == SN_ENOTFOUND || (!rc && !s))
		return reply_error(r, out, 404, "There is no scheme member here.");
	if (rc)
		return rc;
	sch_vetting_row v = {0};
	int d = sch_dbs_parse(req_form(r, "dbs"));
	if (d < SCH_DBS_BASIC)
		req_add_error(r, "dbs", "Choose the level of the DBS check");
	v.dbs = d < 0 ? "" : sch_dbs_code((sch_dbs)d);
	char on[11], until[11];
	bool on_ok = sch_date_field(r, "dbs_on", "the date of the DBS certificate", on);
	bool until_ok = sch_date_field(r, "expires_on", "the date it must be renewed by", until);
	if (on_ok && sch_day(on) > sch_today())
		req_add_error(r, "dbs_on-day", "The date of the DBS certificate must be today or in the past");
	else if (on_ok && until_ok && sch_day(until) <= sch_day(on))
		req_add_error(r, "expires_on-day", "The renewal date must be after the date of the certificate");
	if (str_to_i64(req_form(r, "refs"), 0, SCH_REFERENCES_MAX, &v.refs))
		req_add_error(r, "refs", "Enter the number of references taken up, from 0 to 5");
	uint32_t t;
	v.training = sch_form_items(r, s, "training", true, &t);
	v.dbs_on = on;
	v.expires_on = until;
	if (json_array_size(r->errors))
		return member_show(r, out, 422);
	bool done = false;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = sch_vetting_add(r->db, m.id, &v, r->user->id, sch_now(r));
	if (!rc)
		rc = sch_audit_member(r->db, r->user, "schemes.vetting.add", m.uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/schemes/members/%s?done=vetting", m.uuid));
}

sn_err sch_sign_off_save(req *r, reply *out)
{
	sch_member m;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_member_find(r->db, req_get(r, "id"), r->a, &m);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no scheme member here.");
	}
	if (!rc)
		rc = sch_vetting_sign(r->db, m.id, r->user->id, sch_now(r));
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "There is no vetting waiting to be signed off.");
	}
	if (!rc)
		rc = sch_audit_member(r->db, r->user, "schemes.vetting.sign", m.uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/schemes/members/%s?done=signed", m.uuid));
}

sn_err sch_offer_save(req *r, reply *out)
{
	sch_member m;
	sn_err rc = sch_member_find(r->db, req_get(r, "id"), r->a, &m);
	const sch_scheme *s = rc ? NULL : sch_find(sch_shipped(), m.scheme);
	if (rc == SN_ENOTFOUND || (!rc && !s))
		return reply_error(r, out, 404, "There is no scheme member here.");
	if (rc)
		return rc;
	size_t before = json_array_size(r->errors);
	uint32_t avail = sch_form_slots(r, "avail");
	if (!avail && json_array_size(r->errors) == before)
		req_add_error(r, "avail", "Choose at least one time the member is free");
	int64_t capacity = 0;
	if (str_to_i64(req_form(r, "capacity"), 1, s->max_capacity, &capacity))
		req_add_error(r, "capacity", arena_printf(r->a, "The number of people must be a whole number from 1 to %d",
							     s->max_capacity));
	if (json_array_size(r->errors))
		return member_show(r, out, 422);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_member_set_offer(r->db, m.id, avail, capacity);
	if (!rc)
		rc = sch_audit_member(r->db, r->user, "schemes.member.offer", m.uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/schemes/members/%s?done=offer", m.uuid));
}
