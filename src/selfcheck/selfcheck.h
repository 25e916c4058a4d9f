/* The self-check: question sets as data (topics of mostly yes/no questions
 * with branching), answers, topic-at-a-time checks for the pages, and the
 * report computed from the answers (what may help, and whether the person
 * may be eligible for care and support, decided by elig_decide). Also the
 * equipment catalogue. Pure engine in selfcheck.c (no I/O, no store, no
 * allocation); the JSON readers, the embedded data and the two heap
 * constructors in selfcheck_json.c; the report and the intake record as
 * JSON in selfcheck_report.c.
 * Format and rules: docs/selfcheck.md. */
#ifndef SN_SELFCHECK_H
#define SN_SELFCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../eligibility/eligibility.h"
#include "../base/base.h"

/* ---- limits (every array is fixed-size; strings include their NUL) ---- */
#define SC_MAX_TOPICS          16
#define SC_MAX_QUESTIONS       80 /* in a set, over all topics */
#define SC_MAX_CHOICES         8  /* answers to one choice question */
#define SC_MAX_NEEDS           4  /* Care Act outcomes one answer can indicate */
#define SC_MAX_SUGGESTIONS     16 /* equipment + advice + directory codes of one answer */
#define SC_MAX_ADVICE          48 /* advice items in a set */
#define SC_MAX_ITEMS           64 /* equipment catalogue items */
#define SC_MAX_ITEM_TOPICS     8  /* topic keys one item lists */
#define SC_MAX_CODES           48 /* directory codes in one report */
#define SC_MAX_PROBLEMS        SC_MAX_QUESTIONS
#define SC_KEY_MAX             32   /* keys, ids and codes: [a-z][a-z0-9_-]*, up to 31 bytes */
#define SC_LABEL_MAX           128  /* titles, choice labels, item names */
#define SC_TEXT_MAX            256  /* question text, error messages, "said" sentences */
#define SC_HINT_MAX            512  /* hints, topic intros, item descriptions */
#define SC_LONG_MAX            1024 /* advice text, the set's intro, the catalogue's note */
#define SC_SET_INPUT_MAX       (512u * 1024u) /* bytes of one set's JSON */
#define SC_CATALOGUE_INPUT_MAX (256u * 1024u) /* bytes of the catalogue's JSON */
#define SC_ANSWERS_INPUT_MAX   (64u * 1024u)  /* bytes of one answers object */
#define SC_MAX_VERSION         1000000
#define SC_MAX_PENCE           100000000 /* £1,000,000: any equipment price above is a typo */

/* ---- question sets ---- */

typedef enum { SC_YES_NO = 0, SC_CHOICE } sc_kind;

/* What an answer says about the person (bit flags). */
enum {
	SC_FLAG_IMPAIRMENT = 1u << 0,   /* elig_case.impairment (condition 1) */
	SC_FLAG_WELLBEING = 1u << 1,    /* elig_case.wellbeing_impact (condition 3) */
	SC_FLAG_CARER = 1u << 2,        /* looks after an adult who needs care */
	SC_FLAG_CARER_IMPACT = 1u << 3, /* caring affects their health or their life */
};

typedef enum { SC_EQUIPMENT = 0, SC_ADVICE, SC_DIRECTORY } sc_suggestion_kind;

typedef struct {
	sc_suggestion_kind kind;
	char key[SC_KEY_MAX]; /* catalogue item key, set advice id or directory taxonomy code */
} sc_suggestion;

typedef struct {
	size_t outcome; /* index in the adult outcome table (elig_outcome_key(false, i)) */
	elig_way way;   /* never ELIG_ACHIEVED */
} sc_need;

/* One answer to a question and what it means. A yes/no question has two:
 * choices[0] is "yes", choices[1] is "no". */
typedef struct {
	char key[SC_KEY_MAX];
	char label[SC_LABEL_MAX];
	char said[SC_TEXT_MAX]; /* for the report: "You find it hard to ..."; may be empty */
	unsigned flags;         /* SC_FLAG_* */
	size_t n_needs;
	sc_need needs[SC_MAX_NEEDS];
	size_t n_suggestions; /* in the order the set lists them: equipment, advice, directory */
	sc_suggestion suggestions[SC_MAX_SUGGESTIONS];
} sc_choice;

typedef struct {
	char key[SC_KEY_MAX];    /* unique in the set; also the form field's name */
	char text[SC_TEXT_MAX];  /* the question, for the legend */
	char hint[SC_HINT_MAX];  /* may be empty */
	char error[SC_TEXT_MAX]; /* "Select yes if ..."; defaulted when the set has none */
	sc_kind kind;
	size_t topic; /* index in the set's topics */
	/* Branching: shown only when question show_if_question (always an earlier
	 * one) is shown and was answered with a choice whose bit is set. */
	bool has_show_if;
	size_t show_if_question;
	unsigned show_if_choices; /* bit i: choices[i] of that question */
	bool loneliness;          /* the direct "How often do you feel lonely?" question */
	size_t n_choices;
	sc_choice choices[SC_MAX_CHOICES];
} sc_question;

typedef struct {
	char key[SC_KEY_MAX];
	char title[SC_LABEL_MAX];  /* the page heading: "Washing and bathing" */
	char intro[SC_HINT_MAX];   /* may be empty */
	size_t first, n_questions; /* questions[first .. first + n_questions - 1] */
} sc_topic;

typedef struct {
	char id[SC_KEY_MAX];
	char title[SC_LABEL_MAX];
	char text[SC_LONG_MAX];
} sc_advice;

/* A parsed, validated set. About 830 KiB: allocate it with sc_set_new (the
 * web server's threads have small stacks). Read-only once parsed, so one set
 * may be shared between threads. */
typedef struct {
	char id[SC_KEY_MAX]; /* "daily-living" */
	int version;         /* 1, 2, ...: the file is data/selfcheck/ID-vVERSION.json */
	char title[SC_LABEL_MAX];
	char intro[SC_LONG_MAX];
	size_t n_topics;
	sc_topic topics[SC_MAX_TOPICS];
	size_t n_questions;
	sc_question questions[SC_MAX_QUESTIONS];
	size_t n_advice;
	sc_advice advice[SC_MAX_ADVICE];
} sc_set;

/* ---- the equipment catalogue ---- */

typedef enum { SC_LOAN = 0, SC_BUY } sc_supply;

typedef struct {
	char key[SC_KEY_MAX];
	char name[SC_LABEL_MAX];
	char description[SC_HINT_MAX];
	uint32_t outcomes; /* bit i: adult outcome i (elig_outcome_key(false, i)) */
	size_t n_topics;
	char topics[SC_MAX_ITEM_TOPICS][SC_KEY_MAX]; /* topic keys of the sets */
	sc_supply supply;
	bool telecare;
	/* SC_LOAN: what the standard item costs the council, and the credit a
	 * person gets towards a retail alternative (0: no retail alternative). */
	int64_t standard_cost_pence, retail_credit_pence;
	/* SC_BUY: the typical shop price range. */
	int64_t price_min_pence, price_max_pence;
} sc_item;

/* About 63 KiB: allocate it with sc_catalogue_new. Read-only once parsed. */
typedef struct {
	int version;
	char note[SC_LONG_MAX]; /* says that prices are illustrative */
	size_t n_items;
	sc_item items[SC_MAX_ITEMS];
} sc_catalogue;

/* ---- answers: (question key, answer key) pairs as the person gave them ---- */

typedef struct {
	char question[SC_KEY_MAX];
	char value[SC_KEY_MAX]; /* empty when bad */
	bool bad;               /* a value was given that cannot be an answer key */
} sc_answer;

typedef struct {
	size_t n;
	sc_answer items[SC_MAX_QUESTIONS];
} sc_answers;

/* What is wrong with the answers to a topic or a set, for the error summary. */
typedef enum {
	SC_MISSING = 0,      /* a shown question has no answer */
	SC_INVALID,          /* its answer is not one of its answers */
	SC_UNKNOWN_QUESTION, /* an answer names no question of the set */
} sc_problem_kind;

typedef struct {
	sc_problem_kind kind;
	size_t question; /* index in the set; SIZE_MAX for SC_UNKNOWN_QUESTION */
	char key[SC_KEY_MAX];
	char message[SC_TEXT_MAX]; /* plain English, for the page */
} sc_problem;

typedef struct {
	size_t n;
	sc_problem items[SC_MAX_PROBLEMS];
} sc_problems;

/* ---- the report ---- */

typedef struct {
	size_t question, choice; /* the answer whose "said" sentence this is */
} sc_said;

/* Indexes into the set and the catalogue it was computed with: keep both
 * alive while reading it. About 16 KiB. */
typedef struct {
	size_t n_said; /* in set order; the topic is questions[question].topic */
	sc_said said[SC_MAX_QUESTIONS];
	/* Suggestions of every shown answer, deduplicated, in the order of first
	 * mention (set order, then the order in the answer). */
	size_t n_equipment;
	size_t equipment[SC_MAX_ITEMS]; /* catalogue indexes (telecare included) */
	size_t n_advice;
	size_t advice[SC_MAX_ADVICE]; /* set advice indexes */
	size_t n_codes;
	char codes[SC_MAX_CODES][SC_KEY_MAX]; /* directory taxonomy codes, for a search */
	/* Bit j of advice_codes[i]: codes[j] was suggested by an answer that
	 * also suggested advice[i] (the services to show beside that advice). */
	uint64_t advice_codes[SC_MAX_ADVICE];
	/* The eligibility indication: the answers mapped to an adult elig_case
	 * and decided by elig_decide. */
	elig_case elig;
	elig_result decision;
	bool may_be_eligible;
	/* Carers: looks after an adult; and says caring affects their health or
	 * life, so a carer's assessment is suggested. */
	bool carer;
	bool carer_assessment;
	/* The direct loneliness question, when it was shown and answered. */
	bool has_loneliness;
	size_t loneliness_question, loneliness_choice;
} sc_report;

/* ---- sets (selfcheck_json.c parses, selfcheck.c does the rest) ---- */

/* Zeroed on the heap; sc_set_free accepts NULL. Never returns NULL. */
sc_set *sc_set_new(void);
void sc_set_free(sc_set *s);
/* Parses and validates a set from any JSON text (an embedded file or an
 * admin's edited version from the database). Every problem gives SN_EINPUT
 * (SN_ETOOBIG past SC_SET_INPUT_MAX) and one line in err that starts with
 * the field's path, e.g. "topics[2].questions[0].show_if.question: ...". */
sn_err sc_set_from_json(const char *text, size_t len, sc_set *out, char *err, size_t err_size);
/* Loads the embedded data/selfcheck/NAME.json. NAME is "daily-living-v1"
 * (that version) or "daily-living" (the highest shipped version). The file's
 * id and version must agree with its name. SN_ENOTFOUND when there is none. */
sn_err sc_set_load(const char *name, sc_set *out, char *err, size_t err_size);
/* Cross-checks a set against a catalogue: every equipment suggestion must be
 * a catalogue item. SN_EINPUT and one line naming the path when not. Call it
 * when an admin saves a set; sc_report_compute skips items the catalogue
 * lacks. */
sn_err sc_set_check_catalogue(const sc_set *s, const sc_catalogue *cat, char *err, size_t err_size);

/* A key, id or code: [a-z][a-z0-9_-]*, shorter than SC_KEY_MAX. */
bool sc_key_valid(const char *s);
/* Lookups: an index, or -1 when there is none. */
long sc_question_index(const sc_set *s, const char *key);
long sc_topic_index(const sc_set *s, const char *key);
long sc_advice_index(const sc_set *s, const char *id);
long sc_choice_index(const sc_question *q, const char *answer);

/* ---- the catalogue ---- */

sc_catalogue *sc_catalogue_new(void);    /* zeroed; never NULL */
void sc_catalogue_free(sc_catalogue *c); /* accepts NULL */
/* Same error rules as sc_set_from_json ("items[3].retail_credit_pence: ..."). */
sn_err sc_catalogue_from_json(const char *text, size_t len, sc_catalogue *out, char *err,
                              size_t err_size);
/* The embedded data/equipment/catalogue.json. */
sn_err sc_catalogue_load(sc_catalogue *out, char *err, size_t err_size);
const sc_item *sc_catalogue_find(const sc_catalogue *c, const char *key); /* NULL: none */
long sc_catalogue_index(const sc_catalogue *c, const char *key);          /* -1: none */
/* Items that meet need, an outcome key ("toilet_needs") or a topic key
 * ("washing"), in catalogue order: their indexes into out (at most max);
 * returns how many there are in all. */
size_t sc_catalogue_meeting(const sc_catalogue *c, const char *need, size_t *out, size_t max);
/* "£12" or "£12.50". */
void sc_money(int64_t pence, char *out, size_t size);
/* What people are told about the catalogue's prices (its own "note" is for
 * the people who edit it, never shown to the public). */
#define SC_EQUIPMENT_NOTE "Prices are a guide: shops and councils charge different amounts."
/* How a person gets the item, one or two sentences, into out: the one
 * wording the report and the equipment page share ("The council can lend
 * you this free of charge. ...", for telecare "... There may be a weekly
 * charge for the monitoring service.", "Most people buy this themselves.
 * It usually costs £3 to £10."). */
void sc_item_how_to_get(const sc_item *it, char *out, size_t size);

/* ---- answers ---- */

void sc_answers_init(sc_answers *a);
/* Sets (or replaces) the answer to question; an empty or NULL value removes
 * it. SN_EINPUT when question or value is not a well-formed key (the answers
 * are unchanged); SN_ETOOBIG when SC_MAX_QUESTIONS answers are held. Whether
 * the key and value belong to a set is checked by sc_check_*. */
sn_err sc_answers_set(sc_answers *a, const char *question, const char *value);
/* The value given for question, or NULL (also NULL for a bad value). */
const char *sc_answers_get(const sc_answers *a, const char *question);
/* Form fields (the pages post one field per question, named by its key:
 * bath_difficulty=yes). get(ctx, name) returns a field's value or NULL; it
 * is asked about every question of the set, so other fields (the CSRF token,
 * buttons) are never looked at. Fields with a value that cannot be an answer
 * key are kept as bad, for sc_check_* to report. Replaces what a held. */
typedef const char *(*sc_field_get)(const void *ctx, const char *name);
sn_err sc_answers_from_fields(const sc_set *s, sc_field_get get, const void *ctx, sc_answers *a);
/* Parses {"question_key": "answer_key", ...}. Strict: every key must be a
 * question of the set and every value one of its answers (hidden questions
 * included, and ignored later). SN_EINPUT (SN_ETOOBIG past
 * SC_ANSWERS_INPUT_MAX) with one line that starts with the question key. */
sn_err sc_answers_from_json(const sc_set *s, const char *text, size_t len, sc_answers *a, char *err,
                            size_t err_size);
/* Drops answers that name no question, are bad or belong to hidden
 * questions: what is left is what the pages should carry forward. */
void sc_answers_prune(const sc_set *s, sc_answers *a);

/* ---- branching, for the pages ---- */

/* True when question q is shown: it has no show_if, or its show_if question
 * is shown and was answered with one of the listed answers. */
bool sc_visible(const sc_set *s, const sc_answers *a, size_t q);
/* True when question q belongs on its topic's page: like sc_visible, except
 * that a condition on a question of the same topic counts as met (that
 * answer is given on the same page, so q goes inside a GOV.UK conditional
 * reveal under that answer; without JavaScript it is simply shown, and
 * ignored unless the answer is given). */
bool sc_on_page(const sc_set *s, const sc_answers *a, size_t q);
/* True when the topic has a question to show (sc_on_page); a topic whose
 * every question is hidden by earlier answers is skipped. */
bool sc_topic_shown(const sc_set *s, const sc_answers *a, size_t topic);
/* The first shown topic at or after from, or s->n_topics when none is left
 * (then it is the "check your answers" or report page). */
size_t sc_next_topic(const sc_set *s, const sc_answers *a, size_t from);

/* ---- checking, for the pages ---- */

/* Every shown question of the topic without an answer (SC_MISSING) or with
 * one that is not among its answers (SC_INVALID), in question order, with
 * the question's error message. SN_OK when none, SN_EINPUT when p holds
 * some; SN_EINPUT with nothing in p when topic is out of range. */
sn_err sc_check_topic(const sc_set *s, size_t topic, const sc_answers *a, sc_problems *p);
/* The same for every topic, then an SC_UNKNOWN_QUESTION for each answer
 * that names no question of the set. Answers to hidden questions are never
 * problems: they are ignored. */
sn_err sc_check_all(const sc_set *s, const sc_answers *a, sc_problems *p);

/* ---- the report ---- */

/* Computes the report from the shown answers. SN_EINPUT when sc_check_all
 * finds a problem (out is then zeroed). Equipment keys that cat lacks are
 * skipped. cat may be NULL (no equipment then). */
sn_err sc_report_compute(const sc_set *s, const sc_catalogue *cat, const sc_answers *a,
                         sc_report *out);
/* The plain-English report as a view model (see docs/selfcheck.md): topics
 * with what the person said, equipment, telecare, advice, directory codes,
 * eligibility, carer's assessment, loneliness. The caller owns the
 * reference. */
json_t *sc_report_to_json(const sc_set *s, const sc_catalogue *cat, const sc_report *r);
/* The record for the council's intake queue, readable without the set:
 * {"set_id", "set_version", "set_title", "answers": [{"topic_key", "topic",
 * "question", "text", "answer", "label"}, ...]} for each shown, answered
 * question in set order. The caller owns the reference. */
json_t *sc_answers_to_json(const sc_set *s, const sc_answers *a);

#endif
