/* Neighbourhood schemes (issue 18, docs/schemes.md): the pure part. The
 * schemes as data (data/schemes/schemes.json, read with limits), a
 * member's vetting and whether it lets them be matched today, the words
 * and the availability members and requests are described by, and the
 * matching rules: which request-helper pairs are possible (hard
 * constraints), what each possible pair costs (soft costs, weighted as the
 * scheme's data says), each pair's explanation, and the problem handed to
 * the matching engine (src/match) with the proposals read back from its
 * answer, each with its runner-up.
 *
 * Files: schemes.c (the data file's reader), scheme_rules.c (vetting,
 * words, availability, constraints, costs, the problem and the
 * proposals). Pure: no store, no web, no clock (today comes in as a day
 * number, days since 1970-01-01). */
#ifndef SN_SCHEMES_H
#define SN_SCHEMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../base/base.h"

/* ---- the schemes as data ---- */
#define SCH_SCHEMES_MAX 8
#define SCH_ID_MAX 40        /* bytes of an id: lower case letters, digits, - and _ */
#define SCH_LABEL_MAX 80     /* bytes of a name or label */
#define SCH_SUMMARY_MAX 400
#define SCH_HELPS_MAX 16     /* what a scheme helps with: bits of a uint32_t */
#define SCH_TRAINING_MAX 8
#define SCH_FOLLOWUPS_MAX 6
#define SCH_FOLLOWUP_WEEKS_MAX 52
#define SCH_KM_MAX 100       /* a scheme's maximum distance */
#define SCH_CAPACITY_MAX 20  /* a helper's capacity, at most */
#define SCH_REFERENCES_MAX 5
#define SCH_WEIGHT_MAX 10000 /* points, each weight */
#define SCH_DATA_BYTES 65536 /* the data file, at most */

typedef enum { SCH_DBS_NONE, SCH_DBS_BASIC, SCH_DBS_STANDARD, SCH_DBS_ENHANCED } sch_dbs;
/* "none", "basic", "standard", "enhanced"; -1 for anything else. */
int sch_dbs_parse(const char *s);
const char *sch_dbs_code(sch_dbs d);
const char *sch_dbs_words(sch_dbs d); /* "Enhanced DBS check" */

typedef struct {
	char id[SCH_ID_MAX + 1];
	char label[SCH_LABEL_MAX + 1];
} sch_item;

typedef struct {
	int64_t distance_per_km;    /* points a kilometre between them */
	int64_t no_shared_language; /* points when they share no language */
	int64_t shared_interest;    /* points off for each interest they share */
	int64_t past_helper;        /* points off when the helper helped the person before */
} sch_weights;

typedef struct {
	char id[SCH_ID_MAX + 1];
	char name[SCH_LABEL_MAX + 1];
	char summary[SCH_SUMMARY_MAX + 1];
	size_t n_helps;
	sch_item helps[SCH_HELPS_MAX];
	sch_dbs dbs;    /* the DBS check its members need, at least */
	int references; /* references needed, 0..SCH_REFERENCES_MAX */
	size_t n_training;
	sch_item training[SCH_TRAINING_MAX]; /* every one needed */
	int max_km;                          /* 1..SCH_KM_MAX */
	int default_capacity, max_capacity;  /* 1 <= default <= max <= SCH_CAPACITY_MAX */
	bool household;                      /* members have a household profile */
	bool rates;                          /* members have an hourly rate */
	sch_weights w;
	size_t n_followups;
	int followup_weeks[SCH_FOLLOWUPS_MAX]; /* strictly increasing */
} sch_scheme;

typedef struct {
	size_t n;
	sch_scheme s[SCH_SCHEMES_MAX];
} sch_schemes;

/* Reads the schemes from JSON text of at most SCH_DATA_BYTES (the shape
 * of data/schemes/schemes.json; "about" is allowed at the top, nothing
 * else unknown anywhere). SN_EINPUT (or SN_ETOOBIG) with one line in err
 * naming the field: "schemes[2].weights.distance_per_km: a whole number
 * of points from 0 to 10000". *out is then unusable. */
sn_err sch_parse(const char *text, size_t len, sch_schemes *out, char *err, size_t err_size);
/* The shipped schemes (data/schemes/schemes.json, embedded); NULL when the
 * build's copy does not read (the unit test fails on that). */
const sch_schemes *sch_shipped(void);
/* The scheme with that id, or NULL. */
const sch_scheme *sch_find(const sch_schemes *all, const char *id);
/* The index of what the scheme helps with (or of its training) with that
 * id, or -1. */
int sch_help_index(const sch_scheme *s, const char *id);
int sch_training_index(const sch_scheme *s, const char *id);

/* ---- vetting ---- */
#define SCH_VET_WARN_DAYS 30 /* the coordinator is told this many days ahead */

typedef struct {
	sch_dbs dbs;
	int64_t dbs_on, expires_on; /* days; the check is good through expires_on */
	int references;
	uint32_t training; /* bits: the scheme's training done */
	bool signed_off;   /* by a coordinator */
} sch_vetting;

typedef enum {
	SCH_VET_NONE,       /* no vetting recorded */
	SCH_VET_INCOMPLETE, /* a DBS level too low, references or training missing, not signed off */
	SCH_VET_EXPIRED,    /* past expires_on */
	SCH_VET_EXPIRING,   /* valid, expires within SCH_VET_WARN_DAYS */
	SCH_VET_VALID
} sch_vet_state;

/* THE rule: what v (NULL: none) is worth for scheme s today. *why (when
 * not NULL) gets a static sentence saying what is missing, or "". A
 * member is matched only when the state is SCH_VET_EXPIRING or VALID. */
sch_vet_state sch_vetting_state(const sch_scheme *s, const sch_vetting *v, int64_t today, const char **why);
bool sch_vet_ok(sch_vet_state st);
const char *sch_vet_code(sch_vet_state st);  /* "none", "incomplete", "expired", "expiring", "valid" */
const char *sch_vet_words(sch_vet_state st); /* "Not vetted", ..., "Valid" */

/* ---- words: languages, interests ---- */
#define SCH_WORDS_MAX 8
#define SCH_WORD_MAX 40

typedef struct {
	size_t n;
	char w[SCH_WORDS_MAX][SCH_WORD_MAX + 1];
} sch_words;

/* Reads "English, Polish" (commas between; spaces around each trimmed;
 * empty items skipped; the same word twice, letter case aside, kept once):
 * SN_EINPUT with *why (static) for more than SCH_WORDS_MAX, a word over
 * SCH_WORD_MAX bytes or control characters. NULL or "" is no words. */
sn_err sch_words_parse(const char *text, sch_words *out, const char **why);
/* "English, Polish", from the arena. */
const char *sch_words_text(arena *a, const sch_words *w);
/* How many words a and b share (letter case aside). */
int sch_words_shared(const sch_words *a, const sch_words *b);

/* ---- availability: weekday x part of the day ---- */
#define SCH_DAYS 7
#define SCH_PARTS 3 /* morning 8-12, afternoon 12-17, evening 17-21 */
#define SCH_SLOTS (SCH_DAYS * SCH_PARTS)
/* "mon-am", "mon-pm", "mon-eve", ... "sun-eve": slot d * 3 + p. */
const char *sch_slot_code(int slot);
const char *sch_slot_words(int slot); /* "Monday morning" */
const char *sch_day_words(int day);   /* "Monday" */
const char *sch_part_words(int part); /* "morning (8am to noon)" */
/* The slot with that code, or -1. */
int sch_slot_parse(const char *code);
/* "Monday morning, Tuesday evening" from a mask, from the arena; "none". */
const char *sch_avail_text(arena *a, uint32_t mask);

/* ---- the matching rules ---- */
/* A helper (a member of the scheme) as the rules see them. */
typedef struct {
	bool located;            /* the postcode gave a place */
	int32_t lat_e6, lon_e6;
	uint32_t can_do;         /* bits of the scheme's helps_with */
	uint32_t avail;          /* bits of the slots */
	int capacity;            /* people they can take now (capacity less confirmed matches) */
	sch_words languages, interests;
	sch_vet_state vet;       /* sch_vetting_state today */
	int max_km;              /* how far they go; 0: the scheme's */
	bool smokes, pets, step_free; /* household profile (schemes with one) */
	int64_t rate_pence;      /* an hour (schemes with rates) */
} sch_helper;

/* A request (one person's need) as the rules see it. */
typedef struct {
	bool located;
	int32_t lat_e6, lon_e6;
	uint32_t needs;          /* bits of the scheme's helps_with: each must be met */
	uint32_t avail;
	int demand;              /* helpers wanted, 1..SCH_CAPACITY_MAX */
	sch_words languages, interests;
	int max_km;              /* 0: the scheme's */
	bool no_smoking, no_pets, needs_step_free;
	int64_t max_rate_pence;  /* an hour; 0: no limit */
	const int32_t *excluded; /* helper indexes they do not want (or declined before) */
	size_t n_excluded;
	const int32_t *past;     /* helper indexes who helped them before */
	size_t n_past;
} sch_need;

/* The hard constraints, in the order an explanation lists them. */
enum {
	SCH_C_VETTING,      /* the helper's vetting is valid today */
	SCH_C_CAPACITY,     /* the helper has room */
	SCH_C_AVAILABILITY, /* they share a time of the week */
	SCH_C_NEEDS,        /* the helper does everything asked */
	SCH_C_DISTANCE,     /* within every maximum distance */
	SCH_C_EXCLUSION,    /* not a helper the person does not want */
	SCH_C_HOUSEHOLD,    /* the household suits (schemes with a household profile) */
	SCH_C_RATE,         /* the rate is within the person's (schemes with rates) */
	SCH_CONSTRAINTS
};
const char *sch_constraint_code(int c);  /* "vetting" ... */
const char *sch_constraint_words(int c); /* "Vetting valid today" ... */

/* The soft costs, in points, in order. */
enum { SCH_T_DISTANCE, SCH_T_LANGUAGE, SCH_T_INTERESTS, SCH_T_CONTINUITY, SCH_TERMS };
const char *sch_term_code(int t); /* "distance", "language", "interests", "continuity" */

/* Why a pair is possible (or not) and what it costs. */
typedef struct {
	bool applies[SCH_CONSTRAINTS]; /* the household and rate constraints only in their schemes */
	bool held[SCH_CONSTRAINTS];
	bool possible;      /* every constraint that applies held */
	int64_t metres;     /* between them; -1 when either has no place */
	int shared_interests;
	bool shared_language, no_languages; /* no_languages: the request names none */
	bool past;          /* the helper helped the person before */
	int64_t term[SCH_TERMS]; /* points each term adds (interests and continuity 0 or less) */
	int64_t cost;       /* their sum: lower is better; may be below 0 */
} sch_explain;

/* THE rule for one pair: fills *x for request n and helper h (index hi
 * among the helpers, to check exclusions and the past) of scheme s. */
void sch_pair(const sch_scheme *s, const sch_need *n, const sch_helper *h, int32_t hi, sch_explain *x);
/* The whole number the engine is given for a pair that costs cost: cost
 * plus the scheme's offset (the most interests and continuity can take
 * off), so that it is never below 0. Every matched unit uses exactly one
 * pair, so the same constant on every pair changes no choice. */
int64_t sch_engine_cost(const sch_scheme *s, int64_t cost);
/* The explanation as JSON for the proposal's page and the store:
 * {"constraints":[{"code","words","held"}],"terms":[{"code","points",
 * "words"}],"cost":N,"km":"1.2"}. A new reference. */
json_t *sch_explain_json(const sch_scheme *s, const sch_explain *x);

/* ---- a run: the problem, the engine, the proposals ---- */
typedef struct {
	int32_t need, helper; /* indexes */
	int64_t cost;         /* the pair's cost (sch_explain.cost) */
	sch_explain why;
	int32_t runner_up;    /* the next-cheapest possible helper for the need, or -1 */
	int64_t runner_up_cost;
	sch_explain runner_up_why;
	bool runner_up_taken; /* the runner-up is proposed to another request too */
} sch_proposal;

typedef struct {
	size_t n_proposals;
	sch_proposal *proposals; /* in need order, then helper order */
	int64_t matched;         /* units: the most that can be */
	int64_t total_cost;      /* the sum of the proposals' costs: the least for that many */
	int64_t pairs;           /* possible pairs (the engine's edges) */
	const char *method;      /* the engine's */
} sch_run;

/* Builds the problem from needs and helpers (every possible pair an edge
 * priced by sch_engine_cost), solves it with match_solve and reads the
 * proposals back, each with its runner-up: among the need's other
 * possible helpers not proposed to it, the cheapest (the earlier helper
 * on a tie). SN_EINPUT (err) when the engine refuses. *out needs
 * sch_run_free whatever the outcome. */
sn_err sch_match(const sch_scheme *s, const sch_need *needs, size_t n_needs, const sch_helper *helpers,
		 size_t n_helpers, sch_run *out, char *err, size_t err_size);
void sch_run_free(sch_run *r);

#endif
