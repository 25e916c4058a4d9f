/* Support plans: the plan a person writes with their worker, in their own
 * words, and the money that follows it (docs/plans.md).
 *
 * The document (plan_json.c, pure): text sections named by the council's
 * plan_sections document (rules as data), outcomes in the person's words
 * (each may carry a scaled goal for Goal Attainment Scaling), the circle
 * of support in four rings, a decision agreement, risks and how they are
 * managed, and the budget lines that deploy the money. Every save of a
 * plan is a version holding the whole document as JSON.
 *
 * Files: plan_json.c (the document and the sections: pure), plan_rules.h
 * (GAS, review due dates, budget lines and shares: pure), plan_show.h (the
 * difference between two versions and the circle as SVG: pure),
 * plan_store.c (every statement), plan_http.c and friends (the pages and
 * the JSON API). */
#ifndef SN_PLAN_H
#define SN_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/base.h"

/* ---- limits: a document over them is refused with the field named ---- */
#define PLAN_TEXT_MAX 4000     /* characters in one text section or field */
#define PLAN_SHORT_MAX 200     /* a name, a relationship, a "who" */
#define PLAN_LIST_MAX 40       /* items in any one list (outcomes, circle, ...) */
#define PLAN_SECTIONS_MAX 24   /* text sections a council may define */
#define PLAN_ID_MAX 15         /* an item id: [a-z0-9-], 1..15 characters */
#define PLAN_WEEKLY_MAX_PENCE (100000000LL) /* £1,000,000 a week: a typing error above */

/* ---- the sections: which text sections a plan has, their headings and
 * guidance, in order; and where the structured parts go ---- */
typedef enum {
	PLAN_SEC_TEXT,      /* free text in the person's words */
	PLAN_SEC_OUTCOMES,  /* my outcomes: words, how, who, cost (from lines), goal */
	PLAN_SEC_CIRCLE,    /* my circle of support */
	PLAN_SEC_DECISIONS, /* decision agreement */
	PLAN_SEC_RISKS,     /* risks and how they are managed */
	PLAN_SEC_LINES      /* how the money is used: the budget lines */
} plan_sec_type;

typedef struct {
	const char *key;      /* [a-z0-9_]; text sections' keys in the document */
	const char *heading;  /* "About me" */
	const char *guidance; /* one or two plain sentences, may be "" */
	plan_sec_type type;
} plan_section;

typedef struct {
	const char *name; /* "standard" */
	int64_t version;
	size_t n;
	plan_section sec[PLAN_SECTIONS_MAX];
} plan_sections;

/* ---- the document ---- */
typedef enum { RING_INTIMATE, RING_FRIENDS, RING_PARTICIPATION, RING_PAID, RING_COUNT } plan_ring;
typedef enum { DEPLOY_DIRECT_PAYMENT, DEPLOY_COUNCIL, DEPLOY_ISF, DEPLOY_COUNT } plan_deploy;

typedef struct {
	char id[PLAN_ID_MAX + 1];
	const char *words;   /* the outcome in the person's own words */
	const char *how;     /* how it will be met */
	const char *who;     /* by whom */
	bool has_goal;       /* a scaled goal for GAS */
	int64_t weight;      /* 1..10 when has_goal */
	const char *levels[5]; /* what -2, -1, 0 (expected), +1, +2 look like */
} plan_outcome;

typedef struct {
	char id[PLAN_ID_MAX + 1];
	const char *name;
	const char *relationship; /* "my son", "the allotment group", "my PA" */
	plan_ring ring;
} plan_person;

typedef struct {
	char id[PLAN_ID_MAX + 1];
	const char *decision; /* "what I eat" */
	const char *who;      /* "I decide" / "my son and I" */
	const char *involve;  /* how I want to be involved */
} plan_decision;

typedef struct {
	char id[PLAN_ID_MAX + 1];
	const char *risk;
	const char *managed; /* how it is managed (risk enablement, not a ban) */
	const char *who;
} plan_risk;

typedef struct {
	char id[PLAN_ID_MAX + 1];
	const char *what;      /* "a personal assistant, 10 hours a week" */
	char outcome[PLAN_ID_MAX + 1]; /* the outcome it meets, "" when none */
	int64_t weekly_pence;  /* >= 0 */
	plan_deploy deploy;
	const char *holder;    /* direct payment: "person" or the nominee's name;
				  ISF: the provider's name; council: "" */
	char pool[37];         /* a pooled budget's uuid, "" when none */
} plan_line;

typedef struct {
	size_t n_text;
	struct { const char *key, *text; } text[PLAN_SECTIONS_MAX];
	size_t n_outcomes, n_circle, n_decisions, n_risks, n_lines;
	plan_outcome outcomes[PLAN_LIST_MAX];
	plan_person circle[PLAN_LIST_MAX];
	plan_decision decisions[PLAN_LIST_MAX];
	plan_risk risks[PLAN_LIST_MAX];
	plan_line lines[PLAN_LIST_MAX];
} plan_doc;

/* Names: "intimate", "friends", "participation", "paid"; plain words for
 * pages ("closest to me", ...). NULL / RING_COUNT when unknown. */
const char *plan_ring_key(plan_ring r);
const char *plan_ring_label(plan_ring r);
plan_ring plan_ring_parse(const char *s);
/* "direct_payment", "council_managed", "isf"; "a direct payment", ... */
const char *plan_deploy_key(plan_deploy d);
const char *plan_deploy_label(plan_deploy d);
plan_deploy plan_deploy_parse(const char *s);

/* The text of section key in d, "" when it has none. */
const char *plan_doc_text(const plan_doc *d, const char *key);
/* The sum of the lines' weekly pence (and of those meeting outcome id,
 * when id is not NULL). */
int64_t plan_doc_lines_total(const plan_doc *d, const char *outcome_id);

/* The document from JSON (docs/plans.md "The document"), strings into a.
 * Text sections not in secs are refused; with secs NULL (a stored
 * version, perhaps written under other sections) any well-formed key is
 * kept. SN_EINPUT with field (e.g.
 * "outcomes[2].words") and a sentence in why on the first problem; d is
 * then unusable. */
sn_err plan_doc_from_json(const json_t *j, const plan_sections *secs, arena *a, plan_doc *d,
			  char *field, size_t field_size, char *why, size_t why_size);
/* The document as JSON (a new reference; keys in a fixed order). */
json_t *plan_doc_to_json(const plan_doc *d);

/* The sections document (data/plan/sections-standard.json, or an adopted
 * rules_data 'plan_sections'), strings into a. SN_EINPUT with why. */
sn_err plan_sections_from_json(const json_t *j, arena *a, plan_sections *out, char *why,
			       size_t why_size);
/* The shipped sections document (embedded), parsed once. */
const plan_sections *plan_sections_standard(void);

/* ---- the store (plan_store.c) ----
 * Writes run inside the caller's write transaction; the caller audits the
 * person (access_audit_person) in the same transaction. Text comes from
 * the arena a; "" for what is not there. */
#include "../store/store.h"

typedef enum {
	PLAN_DRAFT, PLAN_AGREED, PLAN_SUBMITTED, PLAN_APPROVED, PLAN_RETURNED, PLAN_SUPERSEDED,
	PLAN_STATUS_COUNT
} plan_status;
/* "draft", ...; and plain words: "Draft", "Agreed by the person", ... */
const char *plan_status_key(plan_status s);
const char *plan_status_label(plan_status s);

typedef struct {
	int64_t id, person_id, version, sections_version;
	char uuid[37], person_uuid[37];
	const char *person_name, *sections_name;
	plan_status status;
	int64_t budget_id;           /* 0: none */
	int64_t agreed_version;      /* 0: not agreed */
	int64_t submitted_by;        /* 0: not submitted */
	int64_t decided_by;          /* 0: not decided */
	const char *agreed_by_name, *agreed_at, *submitted_by_name, *submitted_at;
	const char *decided_by_name, *decided_at, *return_reason;
	bool has_budget;             /* budget_pence fixed (approved) */
	int64_t budget_pence;
	const char *signed_off_on;   /* "" until approved */
	const char *created_at, *updated_at;
} plan_row;

/* SN_ENOTFOUND when there is no plan with that uuid. */
sn_err plan_find(store *s, const char *uuid, arena *a, plan_row *out);
/* The person's plans, newest first. */
sn_err plan_list_for_person(store *s, int64_t person_id, arena *a, plan_row **rows, size_t *n);
/* A new draft plan (version 1: document, saved by by_user as basis) for
 * person_id; uuid and *id get its ids. */
sn_err plan_insert(store *s, int64_t person_id, const plan_sections *secs, int64_t budget_id,
		   const char *document, int64_t by_user, const char *basis, const char *now,
		   char uuid[static 37], int64_t *id);
/* Version current + 1 of plan pid, which becomes the current version; an
 * agreed or returned plan becomes a draft again (agreement is to a
 * version). SN_ECONFLICT when current is no longer the current version or
 * the plan is submitted, approved or superseded. */
sn_err plan_save_version(store *s, int64_t pid, int64_t current, const char *document,
			 const char *note, int64_t by_user, const char *basis, const char *now);
typedef struct {
	int64_t version;
	const char *document, *note, *saved_by, *saved_as, *saved_at;
} plan_version;
sn_err plan_version_get(store *s, int64_t pid, int64_t v, arena *a, plan_version *out);
/* The versions, newest first (document left NULL). */
sn_err plan_versions(store *s, int64_t pid, arena *a, plan_version **rows, size_t *n);
/* Sign-off. Each checks the status it moves from and gives SN_ECONFLICT
 * when the plan is not there (or, for agree, version is not current). */
sn_err plan_mark_agreed(store *s, int64_t pid, int64_t version, int64_t by_user, const char *now);
sn_err plan_mark_submitted(store *s, int64_t pid, int64_t by_user, const char *now);
/* Approves (the budget fixed at budget_pence, signed off on today's date
 * from now; the person's earlier approved plans superseded) or returns
 * with reason. */
sn_err plan_mark_decided(store *s, int64_t pid, bool approve, const char *reason,
			 int64_t budget_pence, int64_t by_user, const char *now);
/* Sign-off steps and comments, oldest first. */
typedef struct {
	int64_t version;
	const char *kind, *section, *body, *by, *at;
} plan_event;
sn_err plan_add_event(store *s, int64_t pid, int64_t version, const char *kind,
		      const char *section, const char *body, int64_t by_user, const char *now);
sn_err plan_events(store *s, int64_t pid, arena *a, plan_event **rows, size_t *n);

/* The person's indicative budget in force: the latest saved on any of
 * their assessments; *found false when none. */
sn_err plan_indicative_budget(store *s, int64_t person_id, int64_t *budget_id,
			      int64_t *weekly_pence, bool *found);
/* The sections in force: an adopted rules_data 'plan_sections' document,
 * else the shipped one. */
sn_err plan_sections_in_force(store *s, arena *a, const plan_sections **out);

/* Who may approve, and up to what weekly budget; *found false when user
 * has no approval limit. */
sn_err plan_approval_limit(store *s, int64_t user_id, int64_t *weekly_limit_pence, bool *found);
sn_err plan_set_approval_limit(store *s, int64_t user_id, int64_t weekly_limit_pence,
			       const char *actor, const char *now);
/* For the demo area: people with an indicative budget and an assigned
 * worker, in the order their records were made, at most max. */
typedef struct {
	int64_t person_id, user_id, worker_id, budget_id, weekly_pence;
} plan_demo_person;
sn_err plan_demo_people(store *s, size_t max, arena *a, plan_demo_person **rows, size_t *n);
/* The demo area's plans (plan_demo.c): manager gets an approval limit and
 * approves; at most max people get a plan. */
sn_err plan_demo(store *s, uint64_t seed, int64_t manager, size_t max);

/* Everyone with an approval limit, by name. */
typedef struct {
	char uuid[37];
	const char *name, *email, *set_at;
	int64_t weekly_limit_pence;
} plan_approver;
sn_err plan_approvers(store *s, arena *a, plan_approver **rows, size_t *n);
/* The enabled worker account with this email; SN_ENOTFOUND when none. */
sn_err plan_worker_by_email(store *s, const char *email, int64_t *user_id, char uuid[static 37]);
/* Plans waiting for approval (submitted), oldest first. */
sn_err plan_list_submitted(store *s, arena *a, plan_row **rows, size_t *n);

/* ---- HTTP ---- */
#include "../people/people.h"
#include "../web/web.h"
/* GET /people/{id}/plan (the plan to show, or a page to start one) and
 * POST /people/{id}/plans (start one). */
sn_err plan_for_person(req *r, reply *out);
sn_err plan_create(req *r, reply *out);
/* GET /plans/{id}[?version=N] and /plans/{id}/print. */
sn_err plan_show(req *r, reply *out);
sn_err plan_print(req *r, reply *out);
/* GET and POST /plans/{id}/sections/{key}[?item=ID|new]. */
sn_err plan_section_form(req *r, reply *out);
sn_err plan_section_save(req *r, reply *out);
/* POST /plans/{id}/agree, /submit, /decision, /comments, /revise. */
sn_err plan_agree(req *r, reply *out);
sn_err plan_submit(req *r, reply *out);
sn_err plan_decide(req *r, reply *out);
sn_err plan_comment(req *r, reply *out);
sn_err plan_revise(req *r, reply *out);
/* GET /plans/approvals: plans waiting for approval, for approvers. */
sn_err plan_approvals(req *r, reply *out);
/* GET and POST /admin/approvers: who may approve plans, up to what. */
sn_err plan_approvers_page(req *r, reply *out);
sn_err plan_approvers_save(req *r, reply *out);
/* The person page's section: "support_plan" {href, link_text, status}. */
sn_err plan_person_section(req *r, const person *p, access_basis basis, json_t *view);

#endif
