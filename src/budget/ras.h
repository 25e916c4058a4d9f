/* The resource allocation system (RAS): an indicative weekly budget from an
 * assessment's answers, with its workings. Each answer scores points; the
 * total × the price per point (per client group and tax year) is rounded as
 * the scheme says and then held between the group's floor and ceiling. The
 * scheme is data (data/ras/ID.json), versioned, and a draft can be tried on
 * past assessments ("what if") before it is adopted. Pure rules in ras.c (no
 * I/O, no allocation); the JSON edges (schemes, cases, results) in
 * ras_json.c. Money is whole pence in int64; nothing uses floating point. */
#ifndef SN_RAS_H
#define SN_RAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../base/base.h"
#include "../eligibility/eligibility.h" /* the outcomes and ways a needs assessment records */

#define RAS_MAX_QUESTIONS    40 /* questions in a scheme */
#define RAS_MAX_ANSWERS      8  /* graded answers to one question */
#define RAS_MIN_ANSWERS      2
#define RAS_MAX_GROUPS       8    /* client groups in a scheme */
#define RAS_MAX_YEARS        8    /* tax years a scheme prices */
#define RAS_ID_MAX           64   /* a scheme id ("ashby-vale-2025-v1"), with its NUL */
#define RAS_KEY_MAX          40   /* a question, answer or group key, with its NUL */
#define RAS_LABEL_MAX        160  /* a plain-English label, with its NUL */
#define RAS_NAME_MAX         120  /* a scheme's name, with its NUL */
#define RAS_NOTE_MAX         512  /* a question's or group's description, with its NUL */
#define RAS_TEXT_MAX         4096 /* the scheme's description, with its NUL */
#define RAS_MAX_VERSION      1000000
#define RAS_MAX_POINTS       1000        /* points for one answer */
#define RAS_MAX_PRICE_PENCE  100000      /* £1,000 a point */
#define RAS_MAX_STEP_PENCE   10000       /* rounding to at most £100 */
#define RAS_MAX_WEEKLY_PENCE 100000000LL /* £1,000,000 a week: floors, ceilings, budgets */
#define RAS_MAX_LINES        64          /* workings lines */
#define RAS_LINE_MAX         512         /* one workings line, with its NUL */
#define RAS_INPUT_MAX        65536       /* bytes of one JSON case */
#define RAS_SCHEME_INPUT_MAX 262144      /* bytes of one JSON scheme */
#define RAS_WHATIF_MAX_ROWS  64          /* (client group, locality) rows */
#define RAS_MAX_FROM_OUTCOMES 4   /* assessment outcomes one question is answered from */
#define RAS_N_SUPPORT_REASONS 6   /* ras_support_reason_key */
#define RAS_FROM_UNMAPPED     (-2) /* a way that gives no answer: the worker's to give */
#define RAS_FROM_LEFT_OUT     (-1) /* an optional question left out (0 points) */
#define RAS_MAX_AGE           120
/* The adopted scheme used when a case names none. */
#define RAS_DEFAULT_SCHEME "ashby-vale-2025-v1"

typedef enum {
	RAS_ROUND_UP = 0, /* up to the next multiple of the step */
	RAS_ROUND_DOWN,   /* down to the multiple at or below */
	RAS_ROUND_NEAREST /* to the nearest multiple; exactly half way goes up */
} ras_round_mode;

typedef struct {
	char key[RAS_KEY_MAX];     /* "every_meal" */
	char label[RAS_LABEL_MAX]; /* "needs help with every meal" */
	int points;                /* 0 to RAS_MAX_POINTS */
} ras_answer;

/* How a question is answered from a needs assessment (the scheme's
 * "from_assessment"): the adult outcomes it reads and, for each way of
 * being unable to achieve them (elig_way), the answer it gives. With more
 * than one outcome, the answer with the most points among theirs. */
typedef struct {
	size_t n_outcomes; /* 0: the assessment does not answer it (the worker does) */
	char outcomes[RAS_MAX_FROM_OUTCOMES][RAS_KEY_MAX]; /* elig_outcome_key(false, ...) */
	int answer_of_way[ELIG_N_WAYS]; /* an answer index, RAS_FROM_LEFT_OUT or RAS_FROM_UNMAPPED */
} ras_from_assessment;

typedef struct {
	char key[RAS_KEY_MAX];     /* "eating_drinking" */
	char label[RAS_LABEL_MAX]; /* "Eating and drinking" */
	char description[RAS_NOTE_MAX];
	bool required; /* a missing answer is an error */
	size_t n_answers;
	ras_answer answers[RAS_MAX_ANSWERS];
	ras_from_assessment from;
} ras_question;

typedef struct {
	char key[RAS_KEY_MAX];     /* "older_people" */
	char label[RAS_LABEL_MAX]; /* "older people" (read as "for older people") */
	char description[RAS_NOTE_MAX];
	int64_t floor_pence, ceiling_pence;
	int64_t price_pence[RAS_MAX_YEARS]; /* per point, one per scheme year (same order) */
	/* Chosen from a needs assessment (the group's "from_assessment") when
	 * its main reason for support is one of these (bit i:
	 * ras_support_reason_key(i)) and the person's age is within
	 * from_min_age..from_max_age (0: no limit). No reasons: never chosen
	 * from an assessment. */
	unsigned from_reasons;
	int from_min_age, from_max_age;
} ras_group;

typedef struct {
	char id[RAS_ID_MAX]; /* "ashby-vale-2025-v1"; the embedded file is data/ras/ID.json */
	int version;
	char name[RAS_NAME_MAX];
	char status[8]; /* "draft" or "adopted" */
	char description[RAS_TEXT_MAX];
	size_t n_years;
	char years[RAS_MAX_YEARS][8];             /* "2025-26" */
	int64_t hourly_rate_pence[RAS_MAX_YEARS]; /* illustrative, per year; 0 = none */
	ras_round_mode rounding;
	int64_t rounding_step_pence; /* 1 (to the penny) to RAS_MAX_STEP_PENCE */
	size_t n_questions;
	ras_question questions[RAS_MAX_QUESTIONS];
	size_t n_groups;
	ras_group groups[RAS_MAX_GROUPS];
} ras_scheme;

typedef struct {
	char question[RAS_KEY_MAX];
	char answer[RAS_KEY_MAX];
} ras_case_answer;

/* One assessment's answers. Keys, not indices, so the same case can be run
 * against another scheme (what if). */
typedef struct {
	char scheme[RAS_ID_MAX]; /* the scheme it was read against; may be empty */
	char year[8];
	char client_group[RAS_KEY_MAX];
	size_t n_answers;
	ras_case_answer answers[RAS_MAX_QUESTIONS];
} ras_case;

typedef struct {
	int question; /* index into the scheme's questions */
	int answer;   /* index into its answers; -1 when an optional question is unanswered */
	int points;
	bool assumed; /* what if only: no usable answer, so the lowest-points one was used */
} ras_points_line;

typedef struct {
	int group, year; /* indices into the scheme */
	int total_points;
	int64_t price_per_point_pence;
	int64_t raw_pence;           /* total_points × price */
	int64_t rounded_pence;       /* raw after the scheme's rounding */
	int64_t weekly_budget_pence; /* rounded, held between floor and ceiling; 0 for 0 points */
	bool floor_applied, ceiling_applied;
	size_t n_assumed; /* points lines with assumed set */
	size_t n_points;
	ras_points_line points[RAS_MAX_QUESTIONS]; /* one per scheme question, in order */
	size_t n_lines;
	char lines[RAS_MAX_LINES][RAS_LINE_MAX];
	char error[RAS_LINE_MAX]; /* on SN_EINPUT: one line naming the field */
} ras_result;

/* What if: past assessments run through the current and a draft scheme,
 * counted per (client group, locality). */
typedef struct {
	char client_group[RAS_KEY_MAX]; /* empty in the overall total */
	char locality[RAS_LABEL_MAX];   /* empty when not known, and in the total */
	size_t n, up, down, unchanged;
	size_t assumed;                    /* cases where some answer had to be assumed */
	int64_t before_pence, after_pence; /* sums of weekly budgets */
} ras_whatif_row;

typedef struct {
	size_t n_rows;
	ras_whatif_row rows[RAS_WHATIF_MAX_ROWS]; /* in order of first appearance */
	ras_whatif_row total;
} ras_whatif;

/* ---- the rules (ras.c): pure, no allocation ---- */

/* The main reasons for support a needs assessment records (the primary
 * support reasons of NHS England's SALT return, physical support's two
 * kinds as one): "physical", "sensory", "memory_cognition",
 * "learning_disability", "mental_health", "social"; i from 0 to
 * RAS_N_SUPPORT_REASONS - 1, else NULL. */
const char *ras_support_reason_key(size_t i);
/* "physical support (help with moving about or personal care)" */
const char *ras_support_reason_label(size_t i);
/* The index of a reason's key, or -1. */
int ras_support_reason_index(const char *key);
/* The group chosen for a needs assessment's main reason for support and
 * the person's age (-1 when not known): its index, or -1 when no group is
 * chosen by that reason and age. *needs_age (may be NULL) is set when the
 * age was not known and a group for the reason depends on it. */
int ras_group_from_assessment(const ras_scheme *s, const char *reason, int age, bool *needs_age);

/* A scheme id: 1 to RAS_ID_MAX-1 of a-z, 0-9 and -, not starting with -. */
bool ras_scheme_id_ok(const char *id);
/* A tax year written like "2025-26" (the second year follows the first). */
bool ras_tax_year_ok(const char *year);
/* Index of the question, answer, group or year with that key, or -1. */
int ras_question_index(const ras_scheme *s, const char *key);
int ras_answer_index(const ras_question *q, const char *key);
int ras_group_index(const ras_scheme *s, const char *key);
int ras_year_index(const ras_scheme *s, const char *year);
/* The price per point for a group and year: SN_EINPUT when the scheme has
 * no such group or year. */
sn_err ras_price_pence(const ras_scheme *s, const char *group, const char *year, int64_t *out);
/* pence (0 or more) rounded to a multiple of step_pence (1 or more). */
int64_t ras_round_pence(int64_t pence, ras_round_mode mode, int64_t step_pence);
/* "up", "down" or "nearest". */
const char *ras_round_mode_name(ras_round_mode mode);
/* The scheme's rounding in words: "up to the next £1", "to the nearest 50p
 * (exactly half way rounds up)", "down to a multiple of £5", "none (to the penny)". */
void ras_rounding_words(const ras_scheme *s, char *out, size_t size);
/* The rules a scheme must keep, whoever built it: keys well formed and
 * unique, points 0 to RAS_MAX_POINTS, every group priced for every year,
 * 0 <= floor <= ceiling, and so on. SN_EINPUT with one line in err that
 * starts with the field's path ("questions[3].answers[1].points: ..."). */
sn_err ras_scheme_check(const ras_scheme *s, char *err, size_t err_size);
/* The indicative weekly budget with its workings:
 *   raw = total points × price per point (group, year);
 *   rounded = raw rounded as the scheme says;
 *   budget = rounded, raised to the floor or lowered to the ceiling;
 *   0 points give a budget of £0.00 (no floor).
 * SN_EINPUT (with out->error) for a group or year the scheme does not have,
 * an answer to a question it does not have, an answer not in the question,
 * or a required question with no answer. */
sn_err ras_compute(const ras_scheme *s, const ras_case *c, ras_result *out);

/* Empties w. */
void ras_whatif_init(ras_whatif *w);
/* Counts one case in its (group, locality) row and the total: up, down or
 * unchanged, and the budgets before and after. locality may be NULL or "".
 * SN_EINPUT for an amount outside 0..RAS_MAX_WEEKLY_PENCE or a key too
 * long; SN_ETOOBIG when a new row would pass RAS_WHATIF_MAX_ROWS (w is then
 * unchanged). */
sn_err ras_whatif_add(ras_whatif *w, const char *client_group, const char *locality,
                      int64_t before_pence, int64_t after_pence);
/* One past case under both schemes, leniently: answers to questions a scheme
 * lacks are ignored; a required question with no answer, and an answer the
 * question does not have, count as the question's lowest-points answer.
 * *n_assumed (may be NULL) gets the number of such assumptions under the two
 * schemes together.
 * SN_EINPUT when either scheme lacks the case's group or year. */
sn_err ras_whatif_case(const ras_scheme *current, const ras_scheme *draft, const ras_case *c,
                       int64_t *before, int64_t *after, size_t *n_assumed);
/* ras_whatif_case, then ras_whatif_add, counting the case as assumed in its
 * row when any answer was. */
sn_err ras_whatif_run(ras_whatif *w, const ras_scheme *current, const ras_scheme *draft,
                      const ras_case *c, const char *locality);

/* ---- the JSON edges (ras_json.c) ---- */

/* Parses and checks (ras_scheme_check) a scheme. Unknown fields, wrong
 * types and every broken rule give SN_EINPUT (SN_ETOOBIG past
 * RAS_SCHEME_INPUT_MAX) and one line in err starting with the field's path. */
sn_err ras_scheme_from_json(const char *text, size_t len, ras_scheme *out, char *err,
                            size_t err_size);
/* Loads the embedded scheme data/ras/ID.json. SN_ENOTFOUND when there is
 * none (err lists those there are); SN_EINPUT when it is malformed or its
 * "id" is not ID. */
sn_err ras_scheme_load(const char *id, ras_scheme *out, char *err, size_t err_size);
/* The scheme as JSON in the same format ras_scheme_from_json reads (a round
 * trip gives an equal scheme). The caller owns the reference. */
json_t *ras_scheme_to_json(const ras_scheme *s);
/* Which scheme a case is for: scheme_opt (--scheme) when given (a "scheme"
 * in the case must then agree), else the case's "scheme", else
 * RAS_DEFAULT_SCHEME. Only looks at "scheme"; the rest is checked by
 * ras_case_from_json. */
sn_err ras_case_scheme_id(const char *text, size_t len, const char *scheme_opt,
                          char out[static RAS_ID_MAX], char *err, size_t err_size);
/* Parses a case ({"scheme", "year", "client_group", "answers": {QUESTION:
 * ANSWER}}) against scheme s. The year is the case's "year", else
 * year_default (the current tax year, say); it must be one the scheme prices.
 * A "scheme" in the case must be s's id. Every problem gives SN_EINPUT
 * (SN_ETOOBIG past RAS_INPUT_MAX) and one line in err that starts with the
 * field's name ("answers.night_support: missing answer ..."). */
sn_err ras_case_from_json(const char *text, size_t len, const ras_scheme *s,
                          const char *year_default, ras_case *c, char *err, size_t err_size);
/* {"scheme", "scheme_version", "year", "client_group", "total_points",
 * "price_per_point_pence", "raw_budget_pence", "weekly_budget_pence",
 * "floor_applied", "ceiling_applied", "rounding", "points": [...],
 * "workings": [...], ...}; the caller owns the reference. */
json_t *ras_result_to_json(const ras_scheme *s, const ras_case *c, const ras_result *r);
/* {"rows": [{"client_group", "locality", "count", "up", "down", "unchanged",
 * "assumed", "before_pence", "after_pence", "change_pence"}], "total": {...}};
 * the caller owns the reference. */
json_t *ras_whatif_to_json(const ras_whatif *w);

#endif
