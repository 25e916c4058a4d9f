/* The coordinator's pages (docs/schemes.md): the home (waiting requests,
 * proposals to confirm, vetting about to expire, follow-ups due), a
 * scheme, a matching run and its proposals with their reasons and
 * runners-up, confirming and declining, follow-ups; and the helpers the
 * other pages share. The coordinator's role reaches the schemes' members
 * and the people with a request; every person listed or read is audited
 * in the same transaction as the page's reads. */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "../plan/plan_rules.h"
#include "scheme_int.h"

/* ---- shared helpers ---- */

const sch_scheme *sch_of_path(req *r, reply *out)
{
	const sch_scheme *s = sch_find(sch_shipped(), req_get(r, "scheme"));
	if (!s)
		reply_error(r, out, 404, "There is no scheme here.");
	return s;
}

int64_t sch_today(void) { return civil_of_time(time_now()); }

const char *sch_today_text(req *r)
{
	char d[11];
	civil_format(sch_today(), d);
	return arena_strdup(r->a, d);
}

const char *sch_now(req *r)
{
	char now[21];
	time_iso8601(time_now(), now);
	return arena_strdup(r->a, now);
}

int64_t sch_day(const char *ymd)
{
	int64_t d;
	return ymd && *ymd && !civil_parse(ymd, &d) ? d : -1;
}

size_t sch_form_all(req *r, const char *name, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->form.n && n < max; i++)
		if (str_eq(r->form.items[i].name, name))
			out[n++] = r->form.items[i].value;
	return n;
}

uint32_t sch_form_slots(req *r, const char *field)
{
	const char *v[SCH_SLOTS + 1];
	size_t n = sch_form_all(r, field, v, SCH_SLOTS + 1);
	uint32_t m = 0;
	for (size_t i = 0; i < n; i++) {
		int s = sch_slot_parse(v[i]);
		if (s < 0) {
			req_add_error(r, field, "Choose times from the list");
			return 0;
		}
		m |= 1u << s;
	}
	return m;
}

const char *sch_form_items(req *r, const sch_scheme *s, const char *field, bool training, uint32_t *mask)
{
	const char *v[SCH_HELPS_MAX + 1];
	size_t n = sch_form_all(r, field, v, SCH_HELPS_MAX + 1);
	*mask = 0;
	for (size_t i = 0; i < n; i++) {
		int k = training ? sch_training_index(s, v[i]) : sch_help_index(s, v[i]);
		if (k < 0) {
			req_add_error(r, field, "Choose from the list");
			*mask = 0;
			return "";
		}
		*mask |= 1u << k;
	}
	char out[SCH_HELPS_MAX * (SCH_ID_MAX + 1) + 1] = "";
	size_t items = training ? s->n_training : s->n_helps;
	for (size_t k = 0; k < items; k++)
		if (*mask & (1u << k)) {
			if (*out)
				strcat(out, ",");
			strcat(out, training ? s->training[k].id : s->helps[k].id);
		}
	return arena_strdup(r->a, out);
}

static const char *field_of(req *r, const char *prefix, const char *part)
{
	return arena_printf(r->a, "%s-%s", prefix, part);
}

bool sch_date_field(req *r, const char *prefix, const char *what, char out[static 11])
{
	int64_t d = 0, m = 0, y = 0;
	bool ok = !str_to_i64(req_form(r, field_of(r, prefix, "day")), 1, 31, &d) &&
		  !str_to_i64(req_form(r, field_of(r, prefix, "month")), 1, 12, &m) &&
		  !str_to_i64(req_form(r, field_of(r, prefix, "year")), 1900, 2200, &y) &&
		  d <= civil_days_in_month(y, (int)m);
	if (ok) {
		civil_format(civil_days(y, (int)m, (int)d), out);
		return true;
	}
	req_add_error(r, field_of(r, prefix, "day"), arena_printf(r->a, "Enter %s as a real date, like 27 3 2026", what));
	out[0] = 0;
	return false;
}

json_t *sch_date_view(req *r, const char *prefix, const char *legend, const char *hint)
{
	json_t *o = json_pack("{ssssss}", "date_prefix", prefix, "date_legend", legend, "date_hint", hint);
	const char *parts[] = {"day", "month", "year"};
	for (int i = 0; i < 3; i++)
		json_object_set_new(o, arena_printf(r->a, "date_%s", parts[i]),
				    json_string(req_form(r, field_of(r, prefix, parts[i]))));
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e) if (str_eq(json_string_value(json_object_get(e, "field")),
						       field_of(r, prefix, "day")))
		json_object_set(o, "date_error", json_object_get(e, "message"));
	return o;
}

json_t *sch_items_view(const sch_scheme *s, bool training, uint32_t mask, const char *field)
{
	json_t *list = json_array();
	size_t n = training ? s->n_training : s->n_helps;
	for (size_t k = 0; k < n; k++) {
		const sch_item *it = training ? &s->training[k] : &s->helps[k];
		char id[80];
		snprintf(id, sizeof id, "%s%s%s", field, k ? "-" : "", k ? it->id : "");
		json_array_append_new(list, json_pack("{sssssssssb}", "id", id, "name", field, "value", it->id, "label",
						      it->label, "checked", (mask >> k) & 1u));
	}
	return list;
}

json_t *sch_group(req *r, const char *field, const char *legend, json_t *items)
{
	json_t *g = json_pack("{sssssoss}", "cb_field", field, "cb_legend", legend, "cb_items", items, "cb_error", "");
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e) if (str_eq(json_string_value(json_object_get(e, "field")), field))
		json_object_set(g, "cb_error", json_object_get(e, "message"));
	return g;
}

json_t *sch_slots_view(req *r, uint32_t mask, const char *field)
{
	json_t *days = json_array();
	for (int d = 0; d < SCH_DAYS; d++) {
		json_t *parts = json_array();
		for (int p = 0; p < SCH_PARTS; p++) {
			int s = d * SCH_PARTS + p;
			json_array_append_new(parts, json_pack("{sssssssssb}", "id", s ? arena_printf(r->a, "%s-%s", field,
				sch_slot_code(s)) : field, "name", field, "value", sch_slot_code(s), "label",
				sch_part_words(p), "checked", (mask >> s) & 1u));
		}
		json_array_append_new(days, json_pack("{ssso}", "day", sch_day_words(d), "parts", parts));
	}
	return days;
}

json_t *sch_reasons_view(req *r, const char *reasons)
{
	json_error_t je;
	json_t *j = json_loads(reasons ? reasons : "", 0, &je);
	json_t *cs = json_array(), *ts = json_array();
	size_t i;
	json_t *c;
	bool all = true;
	json_array_foreach(json_object_get(j, "constraints"), i, c) {
		bool held = json_is_true(json_object_get(c, "held"));
		all &= held;
		json_array_append_new(cs, json_pack("{sOsb}", "words", json_object_get(c, "words"), "held", held));
	}
	json_array_foreach(json_object_get(j, "terms"), i, c) {
		json_int_t pts = json_integer_value(json_object_get(c, "points"));
		json_array_append_new(ts, json_pack("{sOss}", "words", json_object_get(c, "words"), "points",
						    arena_printf(r->a, "%s%lld", pts > 0 ? "+" : pts < 0 ? "\u2212" : "",
								 (long long)(pts < 0 ? -pts : pts))));
	}
	json_int_t cost = json_integer_value(json_object_get(j, "cost"));
	json_decref(j);
	return json_pack("{sososssb}", "constraints", cs, "terms", ts, "cost",
			 arena_printf(r->a, "%s%lld", cost < 0 ? "\u2212" : "", (long long)(cost < 0 ? -cost : cost)),
			 "all_held", all);
}

const char *sch_items_words(req *r, const sch_scheme *s, const char *list)
{
	uint32_t m = sch_mask_of(s, list, false);
	char out[SCH_HELPS_MAX * (SCH_LABEL_MAX + 2) + 1] = "";
	for (size_t k = 0; k < s->n_helps; k++)
		if (m & (1u << k)) {
			if (*out)
				strcat(out, ", ");
			strcat(out, s->helps[k].label);
		}
	return arena_strdup(r->a, *out ? out : "nothing named");
}

const char *sch_line_field(req *r, const char *field, size_t max, const char *what)
{
	const char *v = req_form(r, field);
	bool ok = strlen(v) <= max;
	for (const char *p = v; ok && *p; p++)
		ok = (unsigned char)*p >= 0x20 && *p != 0x7f;
	if (!ok) {
		req_add_error(r, field, arena_printf(r->a, "%s must be one line of at most %zu characters", what, max));
		return "";
	}
	return v;
}

static const char *scheme_name(const char *id)
{
	const sch_scheme *s = sch_find(sch_shipped(), id);
	return s ? s->name : id;
}

/* Ends a read transaction that audited: commit, or roll back on rc. */
static sn_err finish(req *r, sn_err rc, json_t *v)
{
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
	}
	return rc;
}

/* ---- the home page ---- */

static json_t *proposal_rows(req *r, const sch_proposal_row *p, size_t n, sn_err *rc)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n && !*rc; i++) {
		json_array_append_new(list, json_pack("{ssssssssssss}", "id", p[i].uuid, "person", p[i].person_name,
			"helper", p[i].member_name, "scheme", scheme_name(p[i].scheme), "run", p[i].run_uuid,
			"when", time_uk_when(r->a, p[i].run_at)));
		*rc = sch_audit_person(r->db, r->user, "schemes.proposal.listed", p[i].person_uuid);
	}
	return list;
}

static sn_err home_lists(req *r, json_t *v)
{
	sch_request *rq;
	sch_proposal_row *pr;
	sch_member *m;
	sch_followup_row *fu;
	size_t nr = 0, np = 0, nm = 0, nf = 0;
	int64_t today = sch_today();
	char until[11], soon[11];
	civil_format(today + SCH_VET_WARN_DAYS, until);
	civil_format(today + 7, soon);
	sn_err rc = sch_requests_open(r->db, NULL, r->a, &rq, &nr);
	if (!rc)
		rc = sch_proposals_waiting(r->db, NULL, r->a, &pr, &np);
	if (!rc)
		rc = sch_members_expiring(r->db, until, r->a, &m, &nm);
	if (!rc)
		rc = sch_followups_due(r->db, soon, r->a, &fu, &nf);
	json_t *waiting = json_array(), *vet = json_array(), *due = json_array();
	for (size_t i = 0; i < nr && !rc; i++) {
		if (rq[i].waiting)
			continue; /* has a proposal to confirm */
		const sch_scheme *s = sch_find(sch_shipped(), rq[i].scheme);
		json_array_append_new(waiting, json_pack("{ssssssssss}", "id", rq[i].uuid, "person", rq[i].person_name,
			"scheme", s ? s->name : rq[i].scheme, "needs", s ? sch_items_words(r, s, rq[i].needs) : "",
			"since", time_uk_day(r->a, rq[i].created_at)));
		rc = sch_audit_person(r->db, r->user, "schemes.request.listed", rq[i].person_uuid);
	}
	json_t *props = proposal_rows(r, pr, np, &rc);
	for (size_t i = 0; i < nm && !rc; i++) {
		const sch_scheme *s = sch_find(sch_shipped(), m[i].scheme);
		sch_vet_state st = s ? sch_member_vet(s, &m[i], today) : SCH_VET_NONE;
		json_array_append_new(vet, json_pack("{sssssssssssb}", "id", m[i].uuid, "name", m[i].name, "scheme",
			s ? s->name : m[i].scheme, "expires", time_uk_day(r->a, m[i].vet.expires_on), "state",
			sch_vet_words(st), "expired", st == SCH_VET_EXPIRED));
		rc = sch_audit_member(r->db, r->user, "schemes.member.listed", m[i].uuid);
	}
	for (size_t i = 0; i < nf && !rc; i++)
		json_array_append_new(due, json_pack("{sssssssssssb}", "id", fu[i].proposal_uuid, "person",
			fu[i].person_name, "helper", fu[i].member_name, "scheme", scheme_name(fu[i].scheme), "due",
			time_uk_day(r->a, fu[i].due_on), "overdue", sch_day(fu[i].due_on) < today));
	json_object_set_new(v, "has_waiting", json_boolean(json_array_size(waiting) > 0));
	json_object_set_new(v, "waiting", waiting);
	json_object_set_new(v, "has_proposals", json_boolean(np > 0));
	json_object_set_new(v, "proposals", props);
	json_object_set_new(v, "has_vetting", json_boolean(nm > 0));
	json_object_set_new(v, "vetting", vet);
	json_object_set_new(v, "has_followups", json_boolean(nf > 0));
	json_object_set_new(v, "followups", due);
	return rc;
}

sn_err sch_home_page(req *r, reply *out)
{
	const sch_schemes *all = sch_shipped();
	json_t *v = json_object(), *list = json_array();
	sch_member *m;
	sch_request *rq;
	size_t nm = 0, nr = 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_members_of(r->db, NULL, r->a, &m, &nm);
	if (!rc)
		rc = sch_requests_open(r->db, NULL, r->a, &rq, &nr);
	for (size_t k = 0; all && k < all->n; k++) {
		int64_t members = 0, open = 0;
		for (size_t i = 0; i < nm; i++)
			members += str_eq(m[i].scheme, all->s[k].id);
		for (size_t i = 0; i < nr; i++)
			open += str_eq(rq[i].scheme, all->s[k].id);
		json_array_append_new(list, json_pack("{sssssIsI}", "id", all->s[k].id, "name", all->s[k].name,
						      "members", (json_int_t)members, "open", (json_int_t)open));
	}
	json_object_set_new(v, "schemes", list);
	if (!rc)
		rc = home_lists(r, v);
	rc = finish(r, rc, v);
	if (rc)
		return rc;
	return reply_page(out, 200, "schemes/home", "Neighbourhood schemes", v);
}

/* ---- one scheme ---- */

static json_t *weights_view(const sch_scheme *s)
{
	return json_pack("{sIsIsIsI}", "per_km", (json_int_t)s->w.distance_per_km, "no_language",
			 (json_int_t)s->w.no_shared_language, "interest", (json_int_t)s->w.shared_interest, "past",
			 (json_int_t)s->w.past_helper);
}

static json_t *scheme_view(req *r, const sch_scheme *s)
{
	json_t *training = json_array(), *helps = json_array();
	for (size_t k = 0; k < s->n_training; k++)
		json_array_append_new(training, json_string(s->training[k].label));
	for (size_t k = 0; k < s->n_helps; k++)
		json_array_append_new(helps, json_string(s->helps[k].label));
	json_t *fw = json_array();
	const char *when = ""; /* "after 2 and 6 weeks" */
	for (size_t k = 0; k < s->n_followups; k++) {
		json_array_append_new(fw, json_string(arena_printf(r->a, "%d weeks", s->followup_weeks[k])));
		when = arena_printf(r->a, "%s%s%d", when, !k ? "After " : k + 1 == s->n_followups ? " and " : ", ",
				    s->followup_weeks[k]);
	}
	return json_pack("{sssssssosssIsosIsIsIsososbsbssss}", "id", s->id, "name", s->name, "summary", s->summary,
		"helps", helps, "dbs", sch_dbs_words(s->dbs), "references", (json_int_t)s->references, "training",
		training, "max_km", (json_int_t)s->max_km, "default_capacity", (json_int_t)s->default_capacity,
		"max_capacity", (json_int_t)s->max_capacity, "weights", weights_view(s), "followups", fw, "household",
		s->household, "rates", s->rates, "followups_words",
		s->n_followups ? arena_printf(r->a, "%s %s", when, s->n_followups == 1 && s->followup_weeks[0] == 1
						? "week" : "weeks") : "None",
		"references_words", text_count(r->a, s->references, "reference", "references"));
}

static sn_err scheme_lists(req *r, const sch_scheme *s, json_t *v)
{
	sch_member *m;
	sch_request *rq;
	size_t nm = 0, nr = 0;
	int64_t today = sch_today();
	sn_err rc = sch_members_of(r->db, s->id, r->a, &m, &nm);
	if (!rc)
		rc = sch_requests_open(r->db, s->id, r->a, &rq, &nr);
	json_t *ml = json_array(), *rl = json_array();
	for (size_t i = 0; i < nm && !rc; i++) {
		sch_vet_state st = sch_member_vet(s, &m[i], today);
		json_array_append_new(ml, json_pack("{sssssssbsbsIsIss}", "id", m[i].uuid, "name", m[i].name, "state",
			sch_vet_words(st), "ok", sch_vet_ok(st), "warn", st == SCH_VET_EXPIRING, "in_use",
			(json_int_t)m[i].in_use, "capacity", (json_int_t)m[i].capacity, "expires",
			m[i].vet.id ? time_uk_day(r->a, m[i].vet.expires_on) : "none recorded"));
		rc = sch_audit_member(r->db, r->user, "schemes.member.listed", m[i].uuid);
	}
	for (size_t i = 0; i < nr && !rc; i++) {
		json_array_append_new(rl, json_pack("{sssssssIsbss}", "id", rq[i].uuid, "person", rq[i].person_name,
			"needs", sch_items_words(r, s, rq[i].needs), "demand", (json_int_t)rq[i].demand, "proposed",
			rq[i].waiting > 0, "since", time_uk_day(r->a, rq[i].created_at)));
		rc = sch_audit_person(r->db, r->user, "schemes.request.listed", rq[i].person_uuid);
	}
	sch_run_row run;
	sn_err latest = rc ? rc : sch_run_latest(r->db, s->id, r->a, &run);
	if (!latest)
		json_object_set_new(v, "last_run", json_pack("{sssssI}", "id", run.uuid, "when",
			time_uk_when(r->a, run.run_at), "matched", (json_int_t)run.matched));
	else if (latest != SN_ENOTFOUND)
		rc = latest;
	json_object_set_new(v, "members", ml);
	json_object_set_new(v, "has_members", json_boolean(nm > 0));
	json_object_set_new(v, "requests", rl);
	json_object_set_new(v, "has_requests", json_boolean(nr > 0));
	return rc;
}

sn_err sch_scheme_page(req *r, reply *out)
{
	const sch_scheme *s = sch_of_path(r, out);
	if (!s)
		return SN_OK;
	json_t *v = json_pack("{so}", "scheme", scheme_view(r, s));
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = scheme_lists(r, s, v);
	rc = finish(r, rc, v);
	if (rc)
		return rc;
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return reply_page(out, 200, "schemes/scheme", s->name, v);
}

sn_err sch_match_save(req *r, reply *out)
{
	const sch_scheme *s = sch_of_path(r, out);
	if (!s)
		return SN_OK;
	bool done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char run[37], err[200] = "";
	rc = sch_run_scheme(r->db, s, r->user, sch_today(), sch_now(r), run, err, sizeof err);
	if (rc == SN_EINPUT || rc == SN_ETOOBIG) {
		store_rollback(r->db);
		return reply_error(r, out, 422, arena_printf(r->a, "The matching could not run: %s", err));
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/schemes/runs/%s", run));
}

/* ---- a run and its proposals ---- */

static json_t *proposal_view(req *r, const sch_proposal_row *p)
{
	bool has_ru = p->runner_up_id != 0;
	json_t *o = json_pack("{sssssssssssssosbsbsbsbss}", "id", p->uuid, "person", p->person_name, "helper",
		p->member_name, "helper_id", p->member_uuid, "request_id", p->request_uuid, "status", p->status,
		"reasons", sch_reasons_view(r, p->reasons), "waiting", str_eq(p->status, "proposed"), "confirmed",
		str_eq(p->status, "confirmed"), "declined", str_eq(p->status, "declined"), "superseded",
		str_eq(p->status, "superseded"), "decline_reason", p->decline_reason);
	json_object_set_new(o, "has_runner_up", json_boolean(has_ru));
	if (has_ru) {
		int64_t more = p->runner_up_cost - p->cost;
		/* cheaper on its own is possible: the whole assignment is what is least */
		const char *words = more > 0 ? arena_printf(r->a, "%lld point%s more", (long long)more, more == 1 ? "" : "s")
			: more < 0 ? arena_printf(r->a, "%lld point%s less on its own, though the assignment as a whole "
				"costs more with it", (long long)-more, more == -1 ? "" : "s") : "the same points";
		json_object_set_new(o, "runner_up", json_pack("{sssssosssssb}", "name", p->runner_up_name, "id",
			p->runner_up_uuid, "reasons", sch_reasons_view(r, p->runner_up_reasons), "more",
			arena_printf(r->a, "%lld", (long long)more), "more_words", words, "taken", p->runner_up_taken));
	}
	json_object_set_new(o, "decided", json_string(*p->decided_at ? arena_printf(r->a, "%s, %s", p->decided_by,
		time_uk_when(r->a, p->decided_at)) : ""));
	return o;
}

sn_err sch_run_page(req *r, reply *out)
{
	sch_run_row run;
	sch_proposal_row *p;
	size_t n = 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_run_find(r->db, req_get(r, "id"), r->a, &run);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no matching run here.");
	}
	if (!rc)
		rc = sch_proposals_of_run(r->db, run.id, r->a, &p, &n);
	json_t *v = json_object(), *list = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		json_array_append_new(list, proposal_view(r, &p[i]));
		rc = sch_audit_person(r->db, r->user, "schemes.proposal.read", p[i].person_uuid);
	}
	json_object_set_new(v, "proposals", list);
	rc = finish(r, rc, v);
	if (rc)
		return rc;
	const sch_scheme *s = sch_find(sch_shipped(), run.scheme);
	json_object_set_new(v, "run", json_pack("{sssssssssssIsIsIsIsIss}", "id", run.uuid, "scheme", run.scheme,
		"scheme_name", s ? s->name : run.scheme, "by", run.run_by, "when", time_uk_when(r->a, run.run_at),
		"requests", (json_int_t)run.requests, "helpers", (json_int_t)run.helpers, "pairs", (json_int_t)run.pairs,
		"matched", (json_int_t)run.matched, "total_cost", (json_int_t)run.total_cost, "method", run.method));
	json_object_set_new(v, "has_proposals", json_boolean(n > 0));
	return reply_page(out, 200, "schemes/run", "Proposals", v);
}

/* Inside a write transaction: the proposal of the path's {id}; a 404
 * (rolled back, *stop) when there is none. */
static sn_err proposal_of_path(req *r, reply *out, sch_proposal_row *p, bool *stop)
{
	*stop = false;
	sn_err rc = sch_proposal_find(r->db, req_get(r, "id"), r->a, p);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		*stop = true;
		return reply_error(r, out, 404, "There is no proposal here.");
	}
	return rc;
}

static sn_err proposal_show(req *r, reply *out, int status)
{
	sch_proposal_row p;
	sch_followup_row *fu;
	size_t nf = 0;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = proposal_of_path(r, out, &p, &stop);
	if (rc || stop)
		return rc;
	rc = sch_followups_of(r->db, p.id, r->a, &fu, &nf);
	if (!rc)
		rc = sch_audit_person(r->db, r->user, "schemes.proposal.read", p.person_uuid);
	json_t *v = json_pack("{so}", "proposal", proposal_view(r, &p)), *fl = json_array();
	int64_t today = sch_today();
	for (size_t i = 0; i < nf; i++)
		json_array_append_new(fl, json_pack("{sIsssssssssbsb}", "id", (json_int_t)fu[i].id, "due",
			time_uk_day(r->a, fu[i].due_on), "done_on", *fu[i].done_on ? time_uk_day(r->a, fu[i].done_on) : "",
			"note", fu[i].note, "by", fu[i].done_by, "done", *fu[i].done_on != 0, "overdue",
			!*fu[i].done_on && sch_day(fu[i].due_on) < today));
	rc = finish(r, rc, v);
	if (rc)
		return rc;
	const sch_scheme *s = sch_find(sch_shipped(), p.scheme);
	json_object_set_new(v, "followups", fl);
	json_object_set_new(v, "single", json_true());
	json_object_set_new(v, "has_followups", json_boolean(nf > 0));
	json_object_set_new(v, "scheme_name", json_string(s ? s->name : p.scheme));
	json_object_set_new(v, "run_id", json_string(p.run_uuid));
	json_object_set_new(v, "reason", json_string(req_form(r, "reason")));
	const char *done = req_get(r, "done");
	json_object_set_new(v, "saved", json_string(str_eq(done, "confirmed") ? "The match is confirmed and its "
		"follow-ups are set." : str_eq(done, "declined") ? "The proposal is declined: the request waits for "
		"the next run." : str_eq(done, "followup") ? "The follow-up is recorded." : ""));
	return reply_page(out, status, "schemes/proposal", arena_printf(r->a, "Proposal: %s and %s", p.person_name,
		p.member_name), v);
}

sn_err sch_proposal_page(req *r, reply *out) { return proposal_show(r, out, 200); }

sn_err sch_confirm_save(req *r, reply *out)
{
	sch_proposal_row p;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = proposal_of_path(r, out, &p, &stop);
	if (rc || stop)
		return rc;
	const sch_scheme *s = sch_find(sch_shipped(), p.scheme);
	rc = s ? sch_confirm(r->db, s, &p, r->user, sch_today(), sch_now(r)) : SN_EINTERNAL;
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This proposal has been decided already, or a later run replaced it.");
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/schemes/proposals/%s?done=confirmed", p.uuid));
}

sn_err sch_decline_save(req *r, reply *out)
{
	const char *reason = sch_line_field(r, "reason", 500, "The reason");
	if (!r->errors || !json_array_size(r->errors)) {
		if (strlen(reason) < 3)
			req_add_error(r, "reason", "Say why you are declining (at least 3 characters)");
	}
	if (json_array_size(r->errors))
		return proposal_show(r, out, 422);
	sch_proposal_row p;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = proposal_of_path(r, out, &p, &stop);
	if (rc || stop)
		return rc;
	rc = sch_decline(r->db, &p, reason, r->user, sch_now(r));
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This proposal has been decided already, or a later run replaced it.");
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/schemes/proposals/%s?done=declined", p.uuid));
}

sn_err sch_followup_save(req *r, reply *out)
{
	if (req_get_i64(r, "id", 0) <= 0)
		return reply_error(r, out, 404, "There is no follow-up here.");
	const char *note = sch_line_field(r, "note", 1000, "The note");
	char proposal[37] = "";
	if (json_array_size(r->errors))
		return reply_error(r, out, 422, "The note must be one line of at most 1,000 characters.");
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_followup_done(r->db, req_get_i64(r, "id", 0), sch_today_text(r), note, r->user->id, proposal);
	sch_proposal_row p;
	if (!rc)
		rc = sch_proposal_find(r->db, proposal, r->a, &p);
	if (!rc)
		rc = sch_audit_person(r->db, r->user, "schemes.followup.done", p.person_uuid);
	if (rc == SN_ENOTFOUND || rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, rc == SN_ENOTFOUND ? 404 : 409, rc == SN_ENOTFOUND
			? "There is no follow-up here." : "This follow-up is recorded already.");
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/schemes/proposals/%s?done=followup", proposal));
}
