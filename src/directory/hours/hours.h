/* hours/: opening times for the community directory. The Open Referral
 * UK 3.0 / HSDS 3.0 schedule (an RRULE subset) plus our own closures,
 * answering "open now", "open on a date" and "next opening" in
 * Europe/London time. Prefix: sched_. The bottom of the directory: it
 * uses nothing of the directory's and nothing of the store.
 *
 * Pure rules (no I/O, no store, no allocation): schedule.c (dates, London
 * time, evaluation), schedule_rules.c (the stored text forms, whole rows,
 * checks) and schedule_words.c (plain English); the JSON edges (one HSDS
 * schedule object in and out) in schedule_json.c. The rules are described
 * in docs/directory.md, "Opening times".
 *
 * The structs map 1:1 to the dir_schedules and dir_closures columns
 * (schema/sqlite/0006_directory.sql). A zeroed struct is a valid "absent"
 * everywhere: an unset date has y == 0, an unset time has set == false,
 * every == 0 means the column is NULL (read as 1), an empty text is NULL. */
#ifndef SN_HOURS_H
#define SN_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../../base/base.h"

#define SCHED_MAX_RULES       32    /* schedules of one service (with its locations) */
#define SCHED_MAX_CLOSURES    64    /* closures of one service */
#define SCHED_MAX_BYDAY       16    /* items in byday ("MO,2TU,-1FR" is 3) */
#define SCHED_MAX_BYMONTHDAY  31    /* items in bymonthday */
#define SCHED_MAX_EVERY       52    /* the largest interval (dir_schedules.every) */
#define SCHED_MAX_COUNT       1000  /* the largest HSDS count on import */
#define SCHED_MAX_SCAN_DAYS   3660  /* the most days sched_next_opening looks ahead */
#define SCHED_TEXT_MAX        1024  /* description, notes: bytes with the NUL */
#define SCHED_LINK_MAX        512   /* schedule_link, with the NUL */
#define SCHED_ATTENDING_MAX   64    /* attending_type, with the NUL */
#define SCHED_REASON_MAX      256   /* a closure's reason, with the NUL */
#define SCHED_DATE_TEXT       16    /* "YYYY-MM-DD" with room to spare */
#define SCHED_CLOCK_TEXT      16    /* "HH:MM", "HH:MMZ", "HH:MM+01:00" */
#define SCHED_BYDAY_TEXT      96    /* SCHED_MAX_BYDAY items of "-5MO," */
#define SCHED_BYMONTHDAY_TEXT 128   /* SCHED_MAX_BYMONTHDAY items of "-31," */
#define SCHED_INPUT_MAX       65536 /* bytes of one JSON schedule */

/* A calendar date (proleptic Gregorian); y == 0 means unset. Parsed dates
 * have years 1000 to 9999. */
typedef struct {
	int y, m, d;
} sched_date;

/* Minutes since local midnight: 0 (00:00) to 1439 (23:59); slot ends may be
 * 1440 (midnight at the end of the day). */
typedef int sched_time;

/* A time of day as written in opens_at/closes_at: naive (London wall-clock
 * time) or with "Z"/an offset (converted to London time on each date). */
typedef struct {
	bool set;
	bool zoned; /* written with Z or an offset */
	int minute; /* as written: 0..1439 (seconds are dropped) */
	int offset; /* minutes east of UTC when zoned: -840..840 */
} sched_clock;

typedef enum { SCHED_FREQ_NONE = 0, SCHED_WEEKLY, SCHED_MONTHLY } sched_freq;

/* One byday item: weekday 0 = Monday .. 6 = Sunday; ordinal 0 = every such
 * weekday, 1..5 the nth of the month, -1..-5 the nth from the end. */
typedef struct {
	int weekday;
	int ordinal;
} sched_byday;

/* One dir_schedules row (or one HSDS schedule object). */
typedef struct {
	sched_date valid_from, valid_to, dtstart, until;
	sched_freq freq;
	int every; /* HSDS "interval": 0 (absent, read as 1) or 1..SCHED_MAX_EVERY */
	size_t n_byday;
	sched_byday byday[SCHED_MAX_BYDAY];
	size_t n_bymonthday;
	int bymonthday[SCHED_MAX_BYMONTHDAY]; /* 1..31 or -31..-1 (from month end) */
	sched_clock opens, closes;
	char description[SCHED_TEXT_MAX];
	char schedule_link[SCHED_LINK_MAX];
	char attending_type[SCHED_ATTENDING_MAX];
	char notes[SCHED_TEXT_MAX];
} sched_rule;

/* One dir_closures row: shut on every date from..to (inclusive). */
typedef struct {
	sched_date from, to;
	char reason[SCHED_REASON_MAX];
} sched_closure;

/* Everything that decides one service's opening times. For one service at
 * one location, put in the service's own schedules and that location's. */
typedef struct {
	bool active; /* dir_services.status == "active" */
	size_t n_rules;
	sched_rule rules[SCHED_MAX_RULES];
	size_t n_closures;
	sched_closure closures[SCHED_MAX_CLOSURES];
} sched_service;

/* One [opens, closes) period on a date, in London minutes:
 * 0 <= opens < closes <= 1440. */
typedef struct {
	sched_time opens, closes;
} sched_slot;

/* Flags from sched_slots_on. */
#define SCHED_DAY_UNKNOWN  1u /* a schedule applies to the date but gives no times */
#define SCHED_DAY_CLOSED   2u /* a closure covers the date */
#define SCHED_DAY_INACTIVE 4u /* the service is not active */

/* The weekdays as HSDS codes ("MO") and in English ("Monday"), Monday first
 * (the index sched_weekday gives). */
extern const char *const sched_day_codes[7];
extern const char *const sched_day_names[7];

/* ---- dates and London time ---- */
bool sched_date_is_set(sched_date d);
bool sched_date_valid(sched_date d);            /* a real date, years 1000..9999 */
int sched_date_cmp(sched_date a, sched_date b); /* <0, 0, >0 */
int sched_weekday(sched_date d);                /* 0 = Monday .. 6 = Sunday */
int sched_days_in_month(int y, int m);          /* 0 when m is not 1..12 */
sched_date sched_add_days(sched_date d, int n);
int sched_days_between(sched_date a, sched_date b); /* b - a in days */
/* Minutes east of UTC in London at a UTC instant: 60 from 01:00 UTC on the
 * last Sunday of March to 01:00 UTC on the last Sunday of October, else 0. */
int sched_london_offset(int64_t unix_seconds);
/* UTC seconds since the epoch to the London date and minute. */
void sched_london_now(int64_t unix_seconds, sched_date *d, sched_time *t);
/* A written time on date d in London minutes from d's midnight (may be below
 * 0 or past 1439 when an offset moves it to the day before or after). */
int sched_clock_on(sched_clock c, sched_date d);

/* ---- the stored text forms (SN_EINPUT when malformed) ---- */
/* "YYYY-MM-DD", a real date. */
sn_err sched_parse_date(const char *s, sched_date *out);
/* "HH:MM" or "HH:MM:SS", then optionally "Z" or "+HH:MM"/"-HH:MM". */
sn_err sched_parse_clock(const char *s, sched_clock *out);
/* The same text as London minutes (0..1439) on date `on`. */
sn_err sched_parse_time(const char *s, sched_date on, sched_time *out);
/* "MO,2TU,-1FR" into r->byday (spaces around commas allowed; no duplicates). */
sn_err sched_parse_byday(const char *s, sched_rule *r);
/* "1,15,-1" into r->bymonthday (no 0, no duplicates). */
sn_err sched_parse_bymonthday(const char *s, sched_rule *r);

/* The column texts of one dir_schedules row; NULL (or "") for NULL. */
typedef struct {
	const char *valid_from, *valid_to, *dtstart, *until;
	const char *freq, *every;
	const char *byday, *bymonthday;
	const char *opens_at, *closes_at;
	const char *description, *schedule_link, *attending_type, *notes;
} sched_columns;

/* Reads one row. Every problem gives SN_EINPUT and one line in err that
 * starts with the column's name ("byday: XX is not a day ..."). */
sn_err sched_rule_from_columns(const sched_columns *c, sched_rule *out, char *err, size_t err_size);
/* The same checks on a rule built by hand (a form): dates real, ranges in
 * order, every 0..52 and needing dtstart when over 1, ordinals only with
 * MONTHLY, opens_at and closes_at both or neither. `every_name` names the
 * interval field in messages ("every" or "interval"; NULL for "every"). */
sn_err sched_rule_check(const sched_rule *r, const char *every_name, char *err, size_t err_size);
sn_err sched_closure_from_columns(const char *from_date, const char *to_date, const char *reason,
                                  sched_closure *out, char *err, size_t err_size);

/* Writing the columns back: "" when absent. */
void sched_format_date(sched_date d, char out[static SCHED_DATE_TEXT]);
void sched_format_clock(sched_clock c, char out[static SCHED_CLOCK_TEXT]);
void sched_format_byday(const sched_rule *r, char out[static SCHED_BYDAY_TEXT]);
void sched_format_bymonthday(const sched_rule *r, char out[static SCHED_BYMONTHDAY_TEXT]);
const char *sched_freq_name(sched_freq f); /* "WEEKLY", "MONTHLY" or NULL */

/* ---- a service ---- */
/* Zeroes s; active when status is "active". */
void sched_service_init(sched_service *s, const char *status);
/* SN_ETOOBIG when full. */
sn_err sched_service_add_rule(sched_service *s, const sched_rule *r);
sn_err sched_service_add_closure(sched_service *s, const sched_closure *c);

/* Does the rule's pattern (and its validity dates) give an occurrence on d?
 * False for a description-only rule. */
bool sched_rule_occurs_on(const sched_rule *r, sched_date d);

/* The [opens, closes) slots on London date d, merged and sorted. A slot
 * that runs past midnight is split: the part after midnight is on the next
 * date. Writes at most max slots and returns how many there are. flags (if
 * not NULL) gets SCHED_DAY_*: UNKNOWN when a schedule applies to d but has
 * no times (or is description-only), CLOSED when a closure covers d,
 * INACTIVE when the service is not active (no slots in those two cases). */
size_t sched_slots_on(const sched_service *s, sched_date d, sched_slot *out, size_t max,
                      unsigned *flags);
/* Open at London date d, minute t (0..1439)? */
bool sched_open_at(const sched_service *s, sched_date d, sched_time t);
/* The first moment at or after (d, t) when it is open, looking at d and the
 * max_days days after it (at most SCHED_MAX_SCAN_DAYS): (d, t) itself when
 * open then. False when there is none. */
bool sched_next_opening(const sched_service *s, sched_date d, sched_time t, int max_days,
                        sched_date *od, sched_time *ot);
/* The ORUK API filter day/start_time/end_time: some schedule in force on
 * `ref` (a date inside its valid_from..valid_to and dtstart..until, or
 * starting later) has `weekday` (0 = Monday) in byday (any ordinal) and
 * opens_at <= start, end <= closes_at. Zoned times are converted as on ref.
 * The service's status is not looked at. */
bool sched_matches_filter(const sched_service *s, int weekday, sched_time start, sched_time end,
                          sched_date ref);

/* Plain English for pages: "Every Tuesday, 10am to midday", "Second Tuesday
 * of the month, 2pm to 4pm", "Every other Monday (from 6 January 2025)",
 * "Monday to Friday, 9am to 5:30pm". A description-only rule gives its
 * description. Returns the length of the whole text (as snprintf). */
size_t sched_describe(const sched_rule *r, char *out, size_t size);
/* "10am", "5:30pm", "midday", "midnight" (0 or 1440). */
void sched_format_time_english(sched_time t, char out[static 16]);

/* ---- JSON (schedule_json.c) ---- */
/* One HSDS 3.0 / ORUK 3.0 schedule object. Null values are absent; unknown
 * fields, wrong types, bad values, byweekno and byyearday are errors (one
 * line naming the field path: `path` (e.g. "schedules[2]", or NULL) then
 * ".field"). wkst must be MO; count (with dtstart) becomes until; a numeric
 * timezone (hours east of UTC) applies to naive opens_at/closes_at. */
sn_err sched_rule_from_oruk(json_t *o, const char *path, sched_rule *out, char *err,
                            size_t err_size);
/* The same from text (at most SCHED_INPUT_MAX bytes). */
sn_err sched_rule_from_oruk_text(const char *text, size_t len, sched_rule *out, char *err,
                                 size_t err_size);
/* The ORUK JSON of one schedule: absent fields omitted (never null),
 * "interval" a number, times "HH:MM" (with their Z or offset if any). uuid
 * and service_uuid may be NULL (then omitted). A new reference. */
json_t *sched_rule_to_oruk(const sched_rule *r, const char *uuid, const char *service_uuid);

#endif
