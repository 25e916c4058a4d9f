/* What the referral pages and the JSON API share: the caller's reach to a
 * referral, creating one, moving one, and telling people.
 *
 * Reach: the referrer, the receiving organisation's members (a live
 * referral once sent) and the people with a relationship to the person
 * (the person, someone they named, their worker) read a referral; the
 * receiver sees only what the referral shares (the consent snapshot),
 * never the record. Every read and write is audited against the person. */
#include <stdio.h>
#include <string.h>

#include "../mail/mail.h"
#include "referral_int.h"

sn_err ref_reach(req *r, const char *uuid, ref_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	sn_err rc = ref_find(r->db, uuid, r->user->id, r->a, &ctx->rf);
	if (rc)
		return rc;
	bool member = false;
	if (ctx->rf.referrer_id == r->user->id)
		ctx->as |= REF_AS_REFERRER;
	rc = ref_is_member(r->db, r->user->id, ctx->rf.org_id, &member);
	if (!rc && member && ctx->rf.mode == REF_LIVE && ctx->rf.status != REF_DRAFT)
		ctx->as |= REF_AS_RECEIVER;
	if (!rc)
		rc = access_person(r->db, r->user, ctx->rf.person_id, &ctx->basis);
	if (rc)
		return rc;
	ctx->related = ctx->basis == ACCESS_SELF || ctx->basis == ACCESS_NAMED ||
		       ctx->basis == ACCESS_WORKER;
	if (!ctx->as && ctx->basis == ACCESS_NONE)
		return SN_EFORBIDDEN;
	return SN_OK;
}

/* The entry for a reader with no relationship to the person: their part
 * in the referral is the basis. */
static audit_entry part_entry(req *r, const ref_row *rf, bool referrer, const char *action)
{
	return (audit_entry){r->user->uuid, referrer ? "referrer" : "partner", action,
			     arena_printf(r->a, "person:%s", rf->person_uuid),
			     referrer ? arena_printf(r->a, "referrer of referral %s", rf->uuid)
				      : arena_printf(r->a, "receiving organisation of referral %s", rf->uuid)};
}

sn_err ref_audit(req *r, const ref_ctx *ctx, const char *action)
{
	if (ctx->basis != ACCESS_NONE)
		return access_audit_person(r->db, r->user, ctx->basis, action, ctx->rf.person_uuid);
	audit_entry e = part_entry(r, &ctx->rf, ctx->as & REF_AS_REFERRER, action);
	return audit_append(r->db, &e);
}

sn_err ref_audit_listed(req *r, const ref_row *rows, size_t n, unsigned as)
{
	if (n == 0)
		return SN_OK;
	audit_entry *e = arena_alloc(r->a, n * sizeof *e);
	for (size_t i = 0; i < n; i++)
		e[i] = part_entry(r, &rows[i], as & REF_AS_REFERRER, "referral.listed");
	return audit_append_many(r->db, e, n);
}

sn_err ref_denied(req *r, const ref_ctx *ctx, sn_err rc)
{
	store_rollback(r->db);
	if (rc != SN_EFORBIDDEN)
		return rc;
	audit_entry e = {r->user->uuid, "", "referral.denied",
			 arena_printf(r->a, "person:%s", ctx->rf.person_uuid),
			 arena_printf(r->a, "no relationship to referral %s", ctx->rf.uuid)};
	sn_err a = store_begin_write(r->db);
	if (!a)
		a = audit_append(r->db, &e);
	if (!a)
		a = store_commit(r->db);
	store_rollback(r->db);
	return a ? a : rc;
}

static sn_err problem(ref_problem *pb, int status, const char *field, const char *message)
{
	pb->status = status;
	pb->field = field;
	pb->message = message;
	return SN_EINPUT;
}

/* ---- telling people (the outbox) ----
 * Emails carry no personal details, only where to look: an email may be
 * read on a shared screen or forwarded. */

static sn_err tell(store *s, arena *a, const char *to, const char *key, const char *subject,
		   const char *body, const char *base_url)
{
	if (!mail_addr_ok(to))
		return SN_OK;
	char err[200], domain[256];
	bool queued = false;
	char *low = arena_strdup(a, to);
	str_lower_ascii(low);
	mail_domain_of(base_url, domain);
	sn_err rc = mail_queue(s, arena_printf(a, "%s:%s", key, low), "referral", low, subject, body,
			       domain, &queued, err, sizeof err);
	return rc == SN_EINPUT || rc == SN_ETOOBIG ? SN_OK : rc; /* a bad address tells no one */
}

static sn_err tell_org(store *s, arena *a, const ref_row *rf, const char *key, const char *subject,
		       const char *body, const char *base_url)
{
	const char **emails;
	size_t n = 0;
	sn_err rc = ref_org_emails(s, rf->org_id, a, &emails, &n);
	for (size_t i = 0; i < n && !rc; i++)
		rc = tell(s, a, emails[i], key, subject, body, base_url);
	return rc;
}

static const char *link_to(arena *a, const char *base_url, const char *uuid)
{
	return arena_printf(a, "%s/referrals/%s", base_url, uuid);
}

static sn_err tell_new(req *r, const char *uuid)
{
	ref_row rf;
	sn_err rc = ref_find(r->db, uuid, 0, r->a, &rf);
	if (rc || rf.mode != REF_LIVE)
		return rc;
	const char *base = web_base_url();
	char due[32] = "";
	int64_t t = 0;
	if (!time_parse_iso8601(rf.due_at, &t))
		time_uk_date(t, due);
	const char *body = arena_printf(r->a,
		"A new referral to %s is waiting in your SupportNet inbox.\n\n"
		"Please answer it by %s:\n%s\n\n"
		"This email holds no personal details; sign in to read the referral.\n",
		rf.service_name, *due ? due : "the date on the referral", link_to(r->a, base, uuid));
	return tell_org(r->db, r->a, &rf, arena_printf(r->a, "referral:%s:new", uuid),
			"A new referral is waiting in your inbox", body, base);
}

static sn_err tell_move(req *r, const ref_row *rf, ref_status to)
{
	const char *base = web_base_url();
	const char *body = arena_printf(r->a,
		"Your referral to %s is now: %s.\n\n%s\n\n"
		"This email holds no personal details; sign in to read the referral.\n",
		rf->service_name, ref_status_words(to), link_to(r->a, base, rf->uuid));
	const char *key = arena_printf(r->a, "referral:%s:%s:%lld", rf->uuid, ref_status_code(to),
				       (long long)rf->last_event_id);
	if (rf->referrer_id != r->user->id)
		return tell(r->db, r->a, rf->referrer_email, key, "A referral you made has changed", body,
			    base);
	/* the referrer cancelled: the service stops waiting */
	if (to == REF_CANCELLED && rf->mode == REF_LIVE)
		return tell_org(r->db, r->a, rf, key, "A referral to your service was cancelled", body,
				base);
	return SN_OK;
}

/* ---- creating ---- */

static bool text_ok(const char *s, size_t max)
{
	return s && *s && strlen(s) <= max;
}

/* What makes a referral wrong apart from its person: the service, the
 * reason, the consent. */
static sn_err ref_check(req *r, const ref_create_in *in, ref_service *sv, ref_problem *pb)
{
	sn_err rc = str_is_uuid(in->service_uuid) ? ref_service_get(r->db, in->service_uuid, r->a, sv)
						  : SN_ENOTFOUND;
	if (rc && rc != SN_ENOTFOUND)
		return rc;
	if (rc || !sv->open)
		return problem(pb, 422, "service_id", "must be a service in the directory that is open");
	if (!text_ok(in->reason, REF_REASON_MAX))
		return problem(pb, 422, "reason",
			       "say why you are making the referral (up to 2,000 characters)");
	if (in->mode == REF_LIVE && !in->consent)
		return problem(pb, 422, "consent",
			       "a live referral needs the person's consent to share their details; "
			       "without it, record a signpost");
	return SN_OK;
}

/* Stores the referral for p (checked), audits it on basis (or, with no
 * relationship, as the referrer who named the person), queues the email. */
static sn_err ref_store_for(req *r, const ref_create_in *in, const person *p, access_basis basis,
			    const ref_service *sv, char uuid[static 37])
{
	ref_new n = {
		.person_id = p->id, .service_id = sv->id, .org_id = sv->org_id,
		.referrer_id = r->user->id, .mode = in->mode,
		.status = in->mode == REF_LIVE ? REF_REQUESTED : REF_COMPLETED,
		.reason = in->reason, .consent = in->consent, .source = in->source,
		.days = sv->days, .now = time_now(), .checklist_id = in->checklist_id,
		.note = in->mode == REF_LIVE ? "Sent to the service" : "Signposted",
		/* a live referral shares what the person agreed to share; a
		 * signpost goes nowhere and keeps only the name */
		.shared_name = arena_printf(r->a, "%s %s", p->given_name, p->family_name),
	};
	if (in->consent) {
		n.shared_birth_date = p->date_of_birth;
		n.shared_postcode = p->postcode;
		n.shared_phone = p->phone;
		n.shared_email = p->email;
	}
	int64_t id = 0;
	const char *action = in->mode == REF_LIVE ? "referral.create" : "referral.signpost";
	sn_err rc = ref_insert(r->db, &n, uuid, &id);
	if (!rc && basis != ACCESS_NONE)
		rc = access_audit_person(r->db, r->user, basis, action, p->uuid);
	if (!rc && basis == ACCESS_NONE) {
		audit_entry e = {r->user->uuid, "referrer", action, arena_printf(r->a, "person:%s", p->uuid),
				 arena_printf(r->a, "referrer of referral %s", uuid)};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = tell_new(r, uuid);
	return rc;
}

static bool related(access_basis b)
{
	return b == ACCESS_SELF || b == ACCESS_NAMED || b == ACCESS_WORKER;
}

sn_err ref_create(req *r, const ref_create_in *in, char uuid[static 37], ref_problem *pb)
{
	person *p = NULL;
	access_basis basis = ACCESS_NONE;
	sn_err rc = str_is_uuid(in->person_uuid) ? people_find(r->db, in->person_uuid, r->a, &p)
						 : SN_ENOTFOUND;
	if (!rc && *p->merged_into)
		rc = SN_ENOTFOUND; /* a tombstone: refer the survivor */
	if (!rc)
		rc = access_person(r->db, r->user, p->id, &basis);
	if (rc && rc != SN_ENOTFOUND)
		return rc;
	/* Not there and not yours read the same: ids are not confirmed. */
	if (rc || !related(basis))
		return problem(pb, 422, "person_id", "must be someone you support (a person you can see)");
	ref_service sv;
	rc = ref_check(r, in, &sv, pb);
	return rc ? rc : ref_store_for(r, in, p, basis, &sv, uuid);
}

sn_err ref_create_for(req *r, const person *p, access_basis basis, const ref_create_in *in,
		      char uuid[static 37], ref_problem *pb)
{
	ref_service sv;
	sn_err rc = ref_check(r, in, &sv, pb);
	return rc ? rc : ref_store_for(r, in, p, basis, &sv, uuid);
}

/* ---- someone new ---- */

/* The record made for d: the caller becomes their worker when they hold
 * the worker role (a partner gets no relationship: they read only their
 * referral's snapshot). Audited. */
static sn_err add_person(req *r, const person_new *d, const char *now, char puuid[static 37],
			 int64_t *pid)
{
	bool worker = (r->user->roles & R_WORKER) != 0;
	person_new n = *d;
	uuid_v4(puuid);
	sn_err rc = people_locality_of(r->db, n.postcode, &n.locality_id);
	if (!rc)
		rc = people_add(r->db, &n, puuid, now, pid);
	if (!rc && worker)
		rc = people_relate(r->db, *pid, r->user->id, "worker", now);
	if (!rc) {
		audit_entry e = {r->user->uuid, worker ? "worker" : "referrer", "person.create",
				 arena_printf(r->a, "person:%s", puuid),
				 worker ? "named in a new referral by their worker"
					: "named in a new referral by its referrer"};
		rc = audit_append(r->db, &e);
	}
	return rc;
}

/* The new record and a likely match the caller cannot see, kept for
 * review; the entries on both records never name the other. */
static sn_err flag(req *r, int64_t pid, const char *puuid, const people_match_row *m,
		   const char *now)
{
	sn_err rc = people_dup_flag(r->db, pid, m->id, now);
	const char *recs[] = {puuid, m->uuid};
	for (size_t i = 0; i < 2 && !rc; i++) {
		audit_entry e = {r->user->uuid, (r->user->roles & R_WORKER) ? "worker" : "referrer",
				 "person.duplicate_flagged", arena_printf(r->a, "person:%s", recs[i]),
				 "may be the same person as another record: kept for review"};
		rc = audit_append(r->db, &e);
	}
	return rc;
}

sn_err ref_create_new_person(req *r, const ref_create_in *in, const person_new *d, bool new_person,
			     char uuid[static 37], char puuid[static 37], ref_problem *pb,
			     people_match_row **shown, size_t *n_shown)
{
	*shown = NULL;
	*n_shown = 0;
	ref_service sv;
	sn_err rc = ref_check(r, in, &sv, pb);
	if (rc)
		return rc;
	people_match_row *m = NULL;
	size_t n = 0, cap = 0;
	rc = people_likely_matches(r->db, d->given_name, d->family_name, d->date_of_birth, d->postcode,
				   0, REF_MATCHES_MAX, r->a, &m, &n);
	bool *hidden = arena_alloc(r->a, (n ? n : 1) * sizeof *hidden);
	for (size_t i = 0; i < n && !rc; i++) {
		access_basis b = ACCESS_NONE;
		rc = access_person(r->db, r->user, m[i].id, &b);
		hidden[i] = !related(b);
		if (!rc && !hidden[i]) {
			*shown = arena_grow(r->a, *shown, *n_shown, &cap, sizeof **shown);
			(*shown)[(*n_shown)++] = m[i];
		}
	}
	if (rc)
		return rc;
	if (*n_shown && !new_person)
		return problem(pb, 409, "person", "may already be known: choose one of the matches, "
				   "or say this is someone new");
	char now[21];
	time_iso8601(time_now(), now);
	int64_t pid = 0;
	rc = add_person(r, d, now, puuid, &pid);
	for (size_t i = 0; i < n && !rc; i++)
		if (hidden[i])
			rc = flag(r, pid, puuid, &m[i], now);
	person *p = NULL;
	access_basis basis = ACCESS_NONE;
	if (!rc)
		rc = people_find(r->db, puuid, r->a, &p);
	if (!rc)
		rc = access_person(r->db, r->user, pid, &basis);
	return rc ? rc : ref_store_for(r, in, p, basis, &sv, uuid);
}

sn_err ref_matches_shown(req *r, const people_match_row *m, size_t n)
{
	sn_err rc = store_begin_write(r->db);
	for (size_t i = 0; i < n && !rc; i++) {
		audit_entry e = {r->user->uuid, (r->user->roles & R_WORKER) ? "worker" : "referrer",
				 "person.match_shown", arena_printf(r->a, "person:%s", m[i].uuid),
				 "shown as a record that may be the same person as one named in a new "
				 "referral"};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	return rc;
}

/* ---- moving ---- */

sn_err ref_change(req *r, ref_ctx *ctx, ref_status to, const char *note, const char *outcome,
		  ref_problem *pb)
{
	if (!ctx->as)
		return problem(pb, 403, "status", "only the referrer and the receiving service can change a referral");
	ref_move_check m = ref_move(ctx->rf.status, to, ctx->as);
	if (m == REF_MOVE_ILLEGAL)
		return problem(pb, 409, "status", arena_printf(r->a, "a referral that is %s cannot become %s",
			ref_status_code(ctx->rf.status), ref_status_code(to)));
	if (m == REF_MOVE_NOT_YOURS)
		return problem(pb, 403, "status", to == REF_CANCELLED || to == REF_REQUESTED
			? "only the referrer can make this change"
			: "only the receiving service can make this change");
	if (note && (strlen(note) > REF_NOTE_MAX))
		return problem(pb, 422, "note", "must be 2,000 characters or fewer");
	if (outcome && (strlen(outcome) > REF_OUTCOME_MAX))
		return problem(pb, 422, "outcome", "must be 2,000 characters or fewer");
	sn_err rc = ref_move_store(r->db, ctx->rf.id, ctx->rf.status, to, r->user->id, note, outcome,
				   ctx->rf.days, time_now());
	if (rc == SN_ECONFLICT)
		return problem(pb, 409, "status", "someone changed the referral meanwhile; read it again");
	if (!rc)
		rc = ref_audit(r, ctx, "referral.update");
	if (!rc)
		rc = ref_find(r->db, ctx->rf.uuid, r->user->id, r->a, &ctx->rf);
	if (!rc)
		rc = tell_move(r, &ctx->rf, to);
	return rc;
}

/* ---- views ---- */

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

void ref_view_of(const ref_ctx *ctx, ref_view *v)
{
	const ref_row *rf = &ctx->rf;
	memset(v, 0, sizeof *v);
	v->id = rf->uuid;
	v->status = rf->status;
	v->mode = rf->mode;
	v->reason = rf->reason;
	v->outcome = or_null(rf->outcome);
	v->created_at = rf->created_at;
	v->updated_at = rf->updated_at;
	v->due_at = or_null(rf->due_at);
	v->consent = rf->consent;
	v->service_id = rf->service_uuid;
	v->service_name = rf->service_name;
	v->org_id = rf->org_uuid;
	v->org_name = rf->org_name;
	v->person_id = rf->person_uuid;
	v->person_name = ctx->related ? rf->person_name : or_null(rf->shared_name);
	v->person_birth_date = or_null(rf->shared_birth_date);
	v->person_postcode = or_null(rf->shared_postcode);
	v->person_phone = or_null(rf->shared_phone);
	v->person_email = or_null(rf->shared_email);
	v->referrer_id = rf->referrer_uuid;
	v->referrer_name = rf->referrer_name;
	v->referrer_email = or_null(rf->referrer_email);
}

static void set_text(json_t *o, const char *key, const char *v)
{
	if (v && *v)
		json_object_set_new(o, key, json_string(v));
}

static const char *sla_of(const ref_row *rf)
{
	int64_t t = 0;
	if (!*rf->requested_at || time_parse_iso8601(rf->requested_at, &t))
		return "";
	return ref_sla_code(ref_sla_at(rf->status, t, rf->days, time_now()));
}

json_t *ref_row_json(req *r, const ref_row *rf, bool related)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(rf->uuid));
	json_object_set_new(o, "status", json_string(ref_status_code(rf->status)));
	json_object_set_new(o, "status_text", json_string(ref_status_words(rf->status)));
	json_object_set_new(o, "status_tag", json_string(ref_status_tag(rf->status)));
	json_object_set_new(o, "mode", json_string(ref_mode_code(rf->mode)));
	json_object_set_new(o, "service_id", json_string(rf->service_uuid));
	json_object_set_new(o, "service_name", json_string(rf->service_name));
	json_object_set_new(o, "organization_id", json_string(rf->org_uuid));
	json_object_set_new(o, "organization_name", json_string(rf->org_name));
	json_object_set_new(o, "person_name",
			    json_string(related ? rf->person_name : rf->shared_name));
	json_object_set_new(o, "referrer_name", json_string(rf->referrer_name));
	json_object_set_new(o, "created_at", json_string(rf->created_at));
	json_object_set_new(o, "updated_at", json_string(rf->updated_at));
	json_object_set_new(o, "updated_when", json_string(time_uk_when(r->a, rf->updated_at)));
	set_text(o, "due_at", rf->due_at);
	const char *sla = sla_of(rf);
	json_object_set_new(o, "sla", json_string(sla));
	json_object_set_new(o, "overdue", json_boolean(str_eq(sla, "overdue")));
	json_object_set_new(o, "escalated", json_boolean(str_eq(sla, "escalated")));
	/* "changed since you last looked" only once looked at; a referral
	 * waiting in the inbox that no one here has opened is "new" */
	json_object_set_new(o, "changed", json_boolean(rf->seen_event_id && rf->last_event_id > rf->seen_event_id));
	json_object_set_new(o, "is_new", json_boolean(!rf->seen_event_id && rf->status == REF_REQUESTED));
	return o;
}

json_t *ref_json(req *r, const ref_ctx *ctx, bool with_history)
{
	const ref_row *rf = &ctx->rf;
	json_t *o = ref_row_json(r, rf, ctx->related);
	json_object_set_new(o, "reason", json_string(rf->reason));
	set_text(o, "outcome", rf->outcome);
	json_object_set_new(o, "consent", json_boolean(rf->consent));
	set_text(o, "consent_at", rf->consent_at);
	json_object_set_new(o, "source", json_string(rf->source));
	json_object_set_new(o, "answer_days", json_integer(rf->days));
	json_t *who = json_object();
	json_object_set_new(who, "id", json_string(rf->person_uuid));
	set_text(who, "name", ctx->related ? rf->person_name : rf->shared_name);
	set_text(who, "birth_date", rf->shared_birth_date);
	set_text(who, "postcode", rf->shared_postcode);
	set_text(who, "phone", rf->shared_phone);
	set_text(who, "email", rf->shared_email);
	json_object_set_new(o, "person", who);
	json_object_set_new(o, "referrer", json_pack("{ssss}", "id", rf->referrer_uuid, "name",
						     rf->referrer_name));
	json_object_set_new(o, "organization", json_pack("{ssss}", "id", rf->org_uuid, "name",
							 rf->org_name));
	json_t *you = json_array();
	if (ctx->as & REF_AS_REFERRER)
		json_array_append_new(you, json_string("referrer"));
	if (ctx->as & REF_AS_RECEIVER)
		json_array_append_new(you, json_string("receiver"));
	json_object_set_new(o, "you_are", you);
	ref_status next[REF_N_STATUS];
	size_t n_next = ref_moves(rf->status, ctx->as, next);
	json_t *moves = json_array();
	for (size_t i = 0; i < n_next; i++)
		json_array_append_new(moves, json_string(ref_status_code(next[i])));
	json_object_set_new(o, "moves", moves);
	if (!with_history)
		return o;
	ref_event *ev;
	size_t n = 0;
	json_t *h = json_array();
	if (!ref_events(r->db, rf->id, r->a, &ev, &n)) {
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_pack("{sssssssb}", "status", ref_status_code(ev[i].status), "at",
					      ev[i].at, "by", ev[i].by, "system", ev[i].system);
			json_object_set_new(e, "note", json_string(*ev[i].flag
				? (str_eq(ev[i].flag, "escalated") ? "Escalated: not answered in twice the service's time"
								    : "Overdue: not answered in the service's time")
				: ev[i].note));
			if (*ev[i].flag)
				json_object_set_new(e, "flag", json_string(ev[i].flag));
			json_array_append_new(h, e);
		}
	}
	json_object_set_new(o, "history", h);
	return o;
}

/* ---- overdue and escalated ---- */

static sn_err remind_one(store *s, arena *a, const ref_row *rf, int64_t now, const char *base_url)
{
	int64_t esc = 0;
	ref_sla level = !time_parse_iso8601(rf->escalate_at, &esc) && esc <= now ? REF_SLA_ESCALATED
										     : REF_SLA_OVERDUE;
	sn_err rc = ref_flag(s, rf->id, level, now);
	const char *what = level == REF_SLA_ESCALATED ? "escalated: not answered in twice" : "overdue: not answered in";
	const char *body = arena_printf(a,
		"A referral to %s is %s the %lld days the service takes to answer.\n\n%s\n\n"
		"This email holds no personal details; sign in to read the referral.\n",
		rf->service_name, what, (long long)rf->days, link_to(a, base_url, rf->uuid));
	const char *key = arena_printf(a, "referral:%s:%s", rf->uuid, ref_sla_code(level));
	const char *subject = level == REF_SLA_ESCALATED ? "A referral has been escalated"
							 : "A referral is overdue";
	if (!rc)
		rc = tell_org(s, a, rf, key, subject, body, base_url);
	if (!rc)
		rc = tell(s, a, rf->referrer_email, key, subject, body, base_url);
	return rc;
}

sn_err ref_remind(store *s, int64_t now, const char *base_url, int64_t *flagged, char *err,
		  size_t err_size)
{
	*flagged = 0;
	for (;;) {
		arena *a = arena_new();
		ref_row *rows = NULL;
		size_t n = 0;
		sn_err rc = store_begin_write(s);
		if (!rc)
			rc = ref_overdue(s, now, 500, a, &rows, &n);
		for (size_t i = 0; i < n && !rc; i++)
			rc = remind_one(s, a, &rows[i], now, base_url);
		if (!rc)
			rc = store_commit(s);
		if (rc) {
			snprintf(err, err_size, "flagging overdue referrals failed: %s", store_errmsg(s));
			store_rollback(s);
		}
		arena_free(a);
		*flagged += (int64_t)n;
		if (rc || n < 500)
			return rc;
	}
}
