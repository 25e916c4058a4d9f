/* Neighbourhood schemes: the store and the rules together (scheme_act.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../mail/mail.h"
#include "../plan/plan_rules.h"
#include "scheme_act.h"

uint32_t sch_mask_of(const sch_scheme *s, const char *list, bool training)
{
	uint32_t m = 0;
	const char *p = list ? list : "";
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char id[SCH_ID_MAX + 1];
		if (len <= SCH_ID_MAX) {
			memcpy(id, p, len);
			id[len] = 0;
			int i = training ? sch_training_index(s, id) : sch_help_index(s, id);
			if (i >= 0)
				m |= 1u << i;
		}
		p = e ? e + 1 : p + len;
	}
	return m;
}

static int64_t day_of(const char *ymd)
{
	int64_t d;
	return ymd && !civil_parse(ymd, &d) ? d : -1;
}

const sch_vetting *sch_vetting_of(const sch_scheme *s, const sch_vetting_row *v, sch_vetting *out)
{
	if (!v->id)
		return NULL;
	int d = sch_dbs_parse(v->dbs);
	*out = (sch_vetting){d < 0 ? SCH_DBS_NONE : (sch_dbs)d, day_of(v->dbs_on), day_of(v->expires_on),
			     (int)v->refs, sch_mask_of(s, v->training, true), v->signed_off};
	return out;
}

sch_vet_state sch_member_vet(const sch_scheme *s, const sch_member *m, int64_t today)
{
	sch_vetting v;
	return sch_vetting_state(s, sch_vetting_of(s, &m->vet, &v), today, NULL);
}

void sch_helper_of(const sch_scheme *s, const sch_member *m, int64_t today, sch_helper *out)
{
	const char *why;
	memset(out, 0, sizeof *out);
	out->located = m->located;
	out->lat_e6 = m->lat_e6;
	out->lon_e6 = m->lon_e6;
	out->can_do = sch_mask_of(s, m->can_do, false);
	out->avail = (uint32_t)m->avail;
	out->capacity = (int)(m->capacity - m->in_use);
	sch_words_parse(m->languages, &out->languages, &why); /* checked when typed */
	sch_words_parse(m->interests, &out->interests, &why);
	out->vet = sch_member_vet(s, m, today);
	out->max_km = (int)m->max_km;
	out->smokes = m->smokes;
	out->pets = m->pets;
	out->step_free = m->step_free;
	out->rate_pence = m->rate_pence;
}

void sch_need_of(const sch_scheme *s, const sch_request *r, sch_need *out)
{
	const char *why;
	memset(out, 0, sizeof *out);
	out->located = r->located;
	out->lat_e6 = r->lat_e6;
	out->lon_e6 = r->lon_e6;
	out->needs = sch_mask_of(s, r->needs, false);
	out->avail = (uint32_t)r->avail;
	out->demand = (int)(r->demand - r->confirmed);
	sch_words_parse(r->languages, &out->languages, &why);
	sch_words_parse(r->interests, &out->interests, &why);
	out->max_km = (int)r->max_km;
	out->no_smoking = r->no_smoking;
	out->no_pets = r->no_pets;
	out->needs_step_free = r->needs_step_free;
	out->max_rate_pence = r->max_rate_pence;
}

sn_err sch_audit_person(store *s, const web_user *u, const char *action, const char *person_uuid)
{
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", person_uuid);
	audit_entry e = {u->uuid, "coordinator", action, rec, "scheme coordinator"};
	return audit_append(s, &e);
}

sn_err sch_audit_member(store *s, const web_user *u, const char *action, const char *member_uuid)
{
	char rec[80];
	snprintf(rec, sizeof rec, "scheme-member:%s", member_uuid);
	audit_entry e = {u ? u->uuid : "system", "coordinator", action, rec, "scheme coordinator"};
	return audit_append(s, &e);
}

/* ---- a run ---- */

/* Indexes of the members with those ids (members sorted as listed). */
static int32_t *indexes_of(const sch_member *m, size_t nm, const int64_t *ids, size_t n, size_t *out_n, arena *a)
{
	int32_t *out = arena_alloc(a, (n + 1) * sizeof *out);
	*out_n = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < nm; j++)
			if (m[j].id == ids[i]) {
				out[(*out_n)++] = (int32_t)j;
				break;
			}
	return out;
}

static const char *json_text(arena *a, json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT);
	const char *out = arena_strdup(a, t ? t : "{}");
	free(t);
	json_decref(j);
	return out;
}

/* The needs of the open requests, with their exclusions and past helpers,
 * each person's read audited. */
static sn_err needs_of(store *s, const sch_scheme *sc, const web_user *u, const sch_request *rq, size_t nr,
		       const sch_member *m, size_t nm, arena *a, sch_need *needs)
{
	sn_err rc = SN_OK;
	audit_entry *e = arena_alloc(a, (nr + 1) * sizeof *e);
	for (size_t i = 0; i < nr && !rc; i++) {
		int64_t *ids;
		size_t n;
		sch_need_of(sc, &rq[i], &needs[i]);
		rc = sch_exclusions_of(s, rq[i].id, a, &ids, &n);
		if (!rc)
			needs[i].excluded = indexes_of(m, nm, ids, n, &needs[i].n_excluded, a);
		if (!rc)
			rc = sch_past_helpers(s, rq[i].person_id, a, &ids, &n);
		if (!rc)
			needs[i].past = indexes_of(m, nm, ids, n, &needs[i].n_past, a);
		e[i] = (audit_entry){u->uuid, "coordinator", "schemes.match.read",
				     arena_printf(a, "person:%s", rq[i].person_uuid), "scheme coordinator"};
	}
	if (!rc && nr)
		rc = audit_append_many(s, e, nr);
	return rc;
}

static sn_err store_proposals(store *s, const sch_scheme *sc, const sch_run *run, int64_t run_id,
			      const sch_request *rq, const sch_member *m, arena *a)
{
	sn_err rc = SN_OK;
	for (size_t k = 0; k < run->n_proposals && !rc; k++) {
		const sch_proposal *pr = &run->proposals[k];
		sch_proposal_row row = {.request_id = rq[pr->need].id, .member_id = m[pr->helper].id, .cost = pr->cost,
			.reasons = json_text(a, sch_explain_json(sc, &pr->why))};
		if (pr->runner_up >= 0) {
			row.runner_up_id = m[pr->runner_up].id;
			row.runner_up_cost = pr->runner_up_cost;
			row.runner_up_reasons = json_text(a, sch_explain_json(sc, &pr->runner_up_why));
			row.runner_up_taken = pr->runner_up_taken;
		} else
			row.runner_up_reasons = "";
		char uuid[37];
		rc = sch_proposal_insert(s, run_id, &row, uuid);
	}
	return rc;
}

sn_err sch_run_scheme(store *s, const sch_scheme *sc, const web_user *u, int64_t today, const char *now,
		      char run_uuid[static 37], char *err, size_t err_size)
{
	arena *a = arena_new();
	sch_request *rq;
	sch_member *m;
	size_t nr = 0, nm = 0;
	sn_err rc = sch_proposals_supersede(s, sc->id);
	if (!rc)
		rc = sch_requests_open(s, sc->id, a, &rq, &nr);
	if (!rc)
		rc = sch_members_of(s, sc->id, a, &m, &nm);
	sch_need *needs = arena_alloc(a, (nr + 1) * sizeof *needs);
	sch_helper *helpers = arena_alloc(a, (nm + 1) * sizeof *helpers);
	for (size_t j = 0; j < nm; j++)
		sch_helper_of(sc, &m[j], today, &helpers[j]);
	if (!rc)
		rc = needs_of(s, sc, u, rq, nr, m, nm, a, needs);
	sch_run run;
	memset(&run, 0, sizeof run);
	if (!rc)
		rc = sch_match(sc, needs, nr, helpers, nm, &run, err, err_size);
	int64_t run_id = 0;
	sch_run_row row = {.scheme = sc->id, .run_at = now, .method = run.method ? run.method : "",
			   .requests = (int64_t)nr, .helpers = (int64_t)nm, .pairs = run.pairs,
			   .matched = run.matched, .total_cost = run.total_cost};
	if (!rc)
		rc = sch_run_insert(s, &row, u->id, run_uuid, &run_id);
	if (!rc)
		rc = store_proposals(s, sc, &run, run_id, rq, m, a);
	if (!rc) {
		audit_entry e = {u->uuid, "coordinator", "schemes.match.run", arena_printf(a, "scheme-run:%s", run_uuid),
				 arena_printf(a, "%s: %lld proposed of %zu requests", sc->id, (long long)run.matched, nr)};
		rc = audit_append(s, &e);
	}
	sch_run_free(&run);
	arena_free(a);
	return rc;
}

/* ---- deciding ---- */

sn_err sch_confirm(store *s, const sch_scheme *sc, const sch_proposal_row *p, const web_user *u, int64_t today,
		   const char *now)
{
	sn_err rc = sch_proposal_decide(s, p->id, "confirmed", "", u->id, now);
	for (size_t i = 0; i < sc->n_followups && !rc; i++) {
		char due[11];
		civil_format(today + 7 * (int64_t)sc->followup_weeks[i], due);
		rc = sch_followup_add(s, p->id, (int64_t)i + 1, due);
	}
	if (!rc)
		rc = sch_request_mark_matched(s, p->request_id);
	if (!rc)
		rc = sch_audit_person(s, u, "schemes.match.confirm", p->person_uuid);
	return rc;
}

sn_err sch_decline(store *s, const sch_proposal_row *p, const char *reason, const web_user *u, const char *now)
{
	sn_err rc = sch_proposal_decide(s, p->id, "declined", reason, u->id, now);
	if (!rc)
		rc = sch_exclusion_add(s, p->request_id, p->member_id, "declined");
	if (!rc)
		rc = sch_audit_person(s, u, "schemes.match.decline", p->person_uuid);
	return rc;
}

/* ---- reminders ---- */

static sn_err remind_one(store *s, arena *a, const sch_member *m, const char *const *to, size_t n_to,
			 const char *base_url, int64_t *queued)
{
	const sch_scheme *sc = sch_find(sch_shipped(), m->scheme);
	const char *when = time_uk_day(a, m->vet.expires_on);
	const char *body = arena_printf(a,
		"The vetting of a member of the %s scheme expires on %s (or has expired). A member whose vetting "
		"has expired is not matched with anyone until it is renewed.\n\n%s/schemes/members/%s\n\n"
		"This email holds no personal details; sign in to see the member.\n",
		sc ? sc->name : m->scheme, when, base_url, m->uuid);
	char domain[256];
	mail_domain_of(base_url, domain);
	sn_err rc = SN_OK;
	for (size_t i = 0; i < n_to && !rc; i++) {
		bool q = false;
		char err[200];
		const char *key = arena_printf(a, "scheme-vetting:%s:%s:%s", m->uuid, m->vet.expires_on, to[i]);
		rc = mail_queue(s, key, "scheme-vetting", to[i], "A scheme member's vetting expires soon", body, domain,
				&q, err, sizeof err);
		if (rc == SN_EINPUT || rc == SN_ETOOBIG)
			rc = SN_OK; /* a bad address tells no one */
		*queued += q;
	}
	return rc;
}

sn_err sch_remind(store *s, int64_t now, const char *base_url, int64_t *queued, char *err, size_t err_size)
{
	*queued = 0;
	arena *a = arena_new();
	char until[11];
	civil_format(civil_of_time(now) + SCH_VET_WARN_DAYS, until);
	sch_member *m;
	const char **to;
	size_t n = 0, n_to = 0;
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = sch_members_expiring(s, until, a, &m, &n);
	if (!rc)
		rc = sch_coordinator_emails(s, a, &to, &n_to);
	for (size_t i = 0; i < n && !rc; i++) {
		int64_t before = *queued;
		rc = remind_one(s, a, &m[i], to, n_to, base_url, queued);
		if (!rc && *queued > before)
			rc = sch_audit_member(s, NULL, "schemes.vetting.reminded", m[i].uuid);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		snprintf(err, err_size, "queueing the vetting reminders failed: %s", store_errmsg(s));
		store_rollback(s);
	}
	arena_free(a);
	return rc;
}
