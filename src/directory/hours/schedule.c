/* Opening times: dates, London time, a service's schedules and closures,
 * and the evaluation (slots on a date, open at a moment, next opening, the
 * API's day filter). Pure: no I/O, no store, no allocation. The stored
 * text forms are read and checked in schedule_rules.c, the plain English
 * is in schedule_words.c. See hours.h and docs/directory.md ("Opening
 * times"). */
#include <stdio.h>
#include <string.h>

#include "schedule_int.h"

const char *const sched_day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
const char *const sched_day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};

/* ---- dates ---- */

static bool leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int sched_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
static int64_t days_of(int64_t y, int m, int d)
{
	if (m < 1 || m > 12)
		m = 1;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t day_num(sched_date d)
{
	return days_of(d.y, d.m, d.d);
}

static sched_date date_of(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	sched_date r;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

static int weekday_of_num(int64_t z)
{
	return (int)(((z + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
}

bool sched_date_is_set(sched_date d)
{
	return d.y != 0;
}

bool sched_date_valid(sched_date d)
{
	return d.y >= 1000 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= sched_days_in_month(d.y, d.m);
}

int sched_date_cmp(sched_date a, sched_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

int sched_weekday(sched_date d)
{
	return weekday_of_num(day_num(d));
}

sched_date sched_add_days(sched_date d, int n)
{
	return date_of(day_num(d) + n);
}

int sched_days_between(sched_date a, sched_date b)
{
	int64_t n = day_num(b) - day_num(a);
	if (n > INT32_MAX)
		return INT32_MAX;
	if (n < -INT32_MAX)
		return -INT32_MAX;
	return (int)n;
}

/* ---- London time ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t last_sunday(int y, int m)
{
	int64_t z = days_of(y, m, sched_days_in_month(y, m));
	return z - (weekday_of_num(z) + 1) % 7; /* Sunday is 6 */
}

/* Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define UNIX_MIN (-62135596800LL)
#define UNIX_MAX 253402300799LL

int sched_london_offset(int64_t s)
{
	if (s < UNIX_MIN)
		s = UNIX_MIN;
	if (s > UNIX_MAX)
		s = UNIX_MAX;
	sched_date d = date_of(floor_div(s, 86400));
	int64_t start = last_sunday(d.y, 3) * 86400 + 3600;
	int64_t end = last_sunday(d.y, 10) * 86400 + 3600;
	return s >= start && s < end ? 60 : 0;
}

void sched_london_now(int64_t s, sched_date *d, sched_time *t)
{
	if (s < UNIX_MIN)
		s = UNIX_MIN;
	if (s > UNIX_MAX - 3600)
		s = UNIX_MAX - 3600;
	int64_t local = s + 60 * (int64_t)sched_london_offset(s);
	int64_t z = floor_div(local, 86400);
	*d = date_of(z);
	*t = (sched_time)((local - z * 86400) / 60);
}

/* A written time (minute may be 1440 for "end of the day") on the date with
 * day number `day`, in London minutes from that date's midnight. */
static int clock_rel(bool zoned, int offset, int minute, int64_t day)
{
	if (!zoned)
		return minute;
	int64_t utc = day * 1440 + minute - offset; /* minutes since the epoch */
	int64_t local = utc + sched_london_offset(utc * 60);
	return (int)(local - day * 1440);
}

int sched_clock_on(sched_clock c, sched_date d)
{
	if (!c.set)
		return 0;
	return clock_rel(c.zoned, c.offset, c.minute, day_num(d));
}


/* ---- a service ---- */

void sched_service_init(sched_service *s, const char *status)
{
	memset(s, 0, sizeof *s);
	s->active = str_eq(status, "active");
}

sn_err sched_service_add_rule(sched_service *s, const sched_rule *r)
{
	if (s->n_rules >= SCHED_MAX_RULES)
		return SN_ETOOBIG;
	s->rules[s->n_rules++] = *r;
	return SN_OK;
}

sn_err sched_service_add_closure(sched_service *s, const sched_closure *c)
{
	if (s->n_closures >= SCHED_MAX_CLOSURES)
		return SN_ETOOBIG;
	s->closures[s->n_closures++] = *c;
	return SN_OK;
}

/* ---- evaluation ---- */

static bool in_validity(const sched_rule *r, sched_date d)
{
	if (sched_date_is_set(r->valid_from) && sched_date_cmp(d, r->valid_from) < 0)
		return false;
	if (sched_date_is_set(r->valid_to) && sched_date_cmp(d, r->valid_to) > 0)
		return false;
	if (sched_date_is_set(r->dtstart) && sched_date_cmp(d, r->dtstart) < 0)
		return false;
	if (sched_date_is_set(r->until) && sched_date_cmp(d, r->until) > 0)
		return false;
	return true;
}

static int64_t monday_of(int64_t z)
{
	return z - weekday_of_num(z);
}

static bool pattern_on(const sched_rule *r, eff_freq f, sched_date d)
{
	int64_t z = day_num(d);
	int wd = weekday_of_num(z);
	int every = r->every > 1 ? r->every : 1;
	size_t nb = r->n_byday < SCHED_MAX_BYDAY ? r->n_byday : SCHED_MAX_BYDAY;
	size_t nm = r->n_bymonthday < SCHED_MAX_BYMONTHDAY ? r->n_bymonthday : SCHED_MAX_BYMONTHDAY;
	switch (f) {
	case EF_ONCE: return sched_date_cmp(d, r->dtstart) == 0;
	case EF_WEEKLY: {
		bool day = false;
		if (nb) {
			for (size_t i = 0; i < nb; i++)
				day = day || r->byday[i].weekday == wd;
		} else {
			day = sched_weekday(r->dtstart) == wd;
		}
		if (!day)
			return false;
		if (every > 1) {
			int64_t weeks = (monday_of(z) - monday_of(day_num(r->dtstart))) / 7;
			if (weeks < 0 || weeks % every)
				return false;
		}
		return true;
	}
	case EF_MONTHLY: {
		if (every > 1) {
			int64_t months =
			    ((int64_t)d.y * 12 + d.m) - ((int64_t)r->dtstart.y * 12 + r->dtstart.m);
			if (months < 0 || months % every)
				return false;
		}
		int dim = sched_days_in_month(d.y, d.m);
		if (!nb && !nm)
			return d.d == r->dtstart.d;
		for (size_t i = 0; i < nb; i++) {
			sched_byday x = r->byday[i];
			if (x.weekday != wd)
				continue;
			if (x.ordinal == 0 || (x.ordinal > 0 && (d.d - 1) / 7 + 1 == x.ordinal) ||
			    (x.ordinal < 0 && (dim - d.d) / 7 + 1 == -x.ordinal))
				return true;
		}
		for (size_t i = 0; i < nm; i++) {
			int v = r->bymonthday[i];
			if ((v > 0 && d.d == v) || (v < 0 && d.d == dim + 1 + v))
				return true;
		}
		return false;
	}
	case EF_DESC: break;
	}
	return false;
}

bool sched_rule_occurs_on(const sched_rule *r, sched_date d)
{
	eff_freq f = sched_effective_freq(r);
	return f != EF_DESC && in_validity(r, d) && pattern_on(r, f, d);
}

static bool closed_on(const sched_service *s, sched_date d)
{
	size_t n = s->n_closures < SCHED_MAX_CLOSURES ? s->n_closures : SCHED_MAX_CLOSURES;
	for (size_t i = 0; i < n; i++)
		if (sched_date_cmp(d, s->closures[i].from) >= 0 &&
		    sched_date_cmp(d, s->closures[i].to) <= 0)
			return true;
	return false;
}

/* The rule's occurrence on the date with day number z as London minutes from
 * that date's midnight: [*o, *c), c may run into the next days. */
static bool occurrence_span(const sched_rule *r, int64_t z, int *o, int *c)
{
	const sched_clock *op = &r->opens, *cl = &r->closes;
	*o = clock_rel(op->zoned, op->offset, op->minute, z);
	/* 23:59 closes at the end of the day (00:00 to 23:59 is all day). */
	int cm = cl->minute == 1439 ? 1440 : cl->minute;
	*c = clock_rel(cl->zoned, cl->offset, cm, z);
	if (*c <= *o) /* runs past midnight */
		*c = clock_rel(cl->zoned, cl->offset, cm, z + 1) + 1440;
	return *c > *o;
}

#define PIECES_MAX (SCHED_MAX_RULES * 4)

static int slot_cmp(const sched_slot *a, const sched_slot *b)
{
	if (a->opens != b->opens)
		return a->opens < b->opens ? -1 : 1;
	return a->closes < b->closes ? -1 : a->closes > b->closes;
}

/* All merged slots on d into pcs (PIECES_MAX), with flags. */
static size_t day_slots(const sched_service *s, sched_date d, sched_slot *pcs, unsigned *flags)
{
	*flags = 0;
	if (!s->active) {
		*flags |= SCHED_DAY_INACTIVE;
		return 0;
	}
	if (closed_on(s, d)) {
		*flags |= SCHED_DAY_CLOSED;
		return 0;
	}
	int64_t zd = day_num(d);
	size_t n = 0;
	size_t nr = s->n_rules < SCHED_MAX_RULES ? s->n_rules : SCHED_MAX_RULES;
	for (size_t i = 0; i < nr; i++) {
		const sched_rule *r = &s->rules[i];
		eff_freq f = sched_effective_freq(r);
		if (f == EF_DESC) {
			if (in_validity(r, d))
				*flags |= SCHED_DAY_UNKNOWN;
			continue;
		}
		if (!r->opens.set || !r->closes.set) {
			if (in_validity(r, d) && pattern_on(r, f, d))
				*flags |= SCHED_DAY_UNKNOWN;
			continue;
		}
		/* Offsets and past-midnight slots reach at most two days on. */
		for (int k = -2; k <= 1; k++) {
			sched_date e = date_of(zd + k);
			if (!in_validity(r, e) || !pattern_on(r, f, e))
				continue;
			if (k != 0 && closed_on(s, e))
				continue; /* that day's session is cancelled */
			int o, c;
			if (!occurrence_span(r, zd + k, &o, &c))
				continue;
			int lo = o + k * 1440, hi = c + k * 1440;
			if (lo < 0)
				lo = 0;
			if (hi > 1440)
				hi = 1440;
			if (lo < hi && n < PIECES_MAX)
				pcs[n++] = (sched_slot){lo, hi};
		}
	}
	/* Sort (insertion; n is small) and merge overlapping or touching. */
	for (size_t i = 1; i < n; i++) {
		sched_slot x = pcs[i];
		size_t j = i;
		while (j && slot_cmp(&pcs[j - 1], &x) > 0) {
			pcs[j] = pcs[j - 1];
			j--;
		}
		pcs[j] = x;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && pcs[i].opens <= pcs[m - 1].closes) {
			if (pcs[i].closes > pcs[m - 1].closes)
				pcs[m - 1].closes = pcs[i].closes;
		} else {
			pcs[m++] = pcs[i];
		}
	}
	return m;
}

size_t sched_slots_on(const sched_service *s, sched_date d, sched_slot *out, size_t max,
                      unsigned *flags)
{
	sched_slot pcs[PIECES_MAX];
	unsigned fl;
	size_t n = day_slots(s, d, pcs, &fl);
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = pcs[i];
	if (flags)
		*flags = fl;
	return n;
}

bool sched_open_at(const sched_service *s, sched_date d, sched_time t)
{
	if (t < 0 || t > 1439)
		return false;
	sched_slot pcs[PIECES_MAX];
	unsigned fl;
	size_t n = day_slots(s, d, pcs, &fl);
	for (size_t i = 0; i < n; i++)
		if (pcs[i].opens <= t && t < pcs[i].closes)
			return true;
	return false;
}

bool sched_next_opening(const sched_service *s, sched_date d, sched_time t, int max_days,
                        sched_date *od, sched_time *ot)
{
	if (t < 0 || t > 1439 || max_days < 0)
		return false;
	if (max_days > SCHED_MAX_SCAN_DAYS)
		max_days = SCHED_MAX_SCAN_DAYS;
	if (!s->active)
		return false;
	int64_t z = day_num(d);
	sched_slot pcs[PIECES_MAX];
	unsigned fl;
	for (int k = 0; k <= max_days; k++) {
		sched_date e = k ? date_of(z + k) : d;
		size_t n = day_slots(s, e, pcs, &fl);
		for (size_t i = 0; i < n; i++) {
			if (k == 0 && pcs[i].closes <= t)
				continue;
			*od = e;
			*ot = (k == 0 && pcs[i].opens < t) ? t : pcs[i].opens;
			return true;
		}
	}
	return false;
}

bool sched_matches_filter(const sched_service *s, int weekday, sched_time start, sched_time end,
                          sched_date ref)
{
	if (weekday < 0 || weekday > 6 || start < 0 || start > 1439 || end < start || end > 1440)
		return false;
	size_t nr = s->n_rules < SCHED_MAX_RULES ? s->n_rules : SCHED_MAX_RULES;
	for (size_t i = 0; i < nr; i++) {
		const sched_rule *r = &s->rules[i];
		eff_freq f = sched_effective_freq(r);
		if ((f != EF_WEEKLY && f != EF_MONTHLY) || !r->opens.set || !r->closes.set)
			continue;
		if ((sched_date_is_set(r->valid_to) && sched_date_cmp(r->valid_to, ref) < 0) ||
		    (sched_date_is_set(r->until) && sched_date_cmp(r->until, ref) < 0))
			continue; /* over */
		bool day = false;
		size_t nb = r->n_byday < SCHED_MAX_BYDAY ? r->n_byday : SCHED_MAX_BYDAY;
		for (size_t j = 0; j < nb; j++)
			day = day || r->byday[j].weekday == weekday;
		if (!nb && f == EF_WEEKLY)
			day = sched_weekday(r->dtstart) == weekday;
		if (!day)
			continue;
		int o, c;
		if (occurrence_span(r, day_num(ref), &o, &c) && o <= start && end <= c)
			return true;
	}
	return false;
}
