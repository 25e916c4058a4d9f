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
 * plan_store.h (every statement, and the demo area's plans), plan_pages.h
 * (the pages and the JSON API). */
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
#define PLAN_SECTIONS_VERSION_MAX 1000000 /* a sections document's "version" */
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
 * rules_data 'plan_sections'), strings into a: name, version (1 to
 * PLAN_SECTIONS_VERSION_MAX), an optional title and 1 to PLAN_SECTIONS_MAX
 * sections {key, type, heading, guidance}, no other fields; keys unique,
 * and exactly one each of outcomes, circle, decisions, risks and lines
 * (stored plans hold them), any number of text sections. SN_EINPUT with
 * one line in why that starts with the field ("sections[3].heading: ..."). */
sn_err plan_sections_from_json(const json_t *j, arena *a, plan_sections *out, char *why,
			       size_t why_size);
/* The shipped sections document (embedded), parsed once. */
const plan_sections *plan_sections_standard(void);

#endif
