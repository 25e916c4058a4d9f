/* Unit tests for directory/hours (the opening-times rules): dates and
 * London time, the HSDS RRULE subset (weekly, fortnightly, monthly by
 * weekday and by day of month), validity ranges, closures, past-midnight and all-day slots, next opening,
 * the API filter, plain English, the column and JSON edges and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "directory/hours/hours.h"

/* ---- helpers ---- */

static sched_service S; /* ~100 KiB: not on the stack */

static sched_date D(const char *s)
{
	sched_date d;
	if (sched_parse_date(s, &d))
		fail_msg("bad test date %s", s);
	return d;
}

static sched_time T(const char *s)
{
	int h, m;
	if (sscanf(s, "%d:%d", &h, &m) != 2)
		fail_msg("bad test time %s", s);
	return h * 60 + m;
}

#define RULE(...) mk_rule((sched_columns){__VA_ARGS__})
static sched_rule mk_rule(sched_columns c)
{
	sched_rule r;
	char err[256] = "";
	if (sched_rule_from_columns(&c, &r, err, sizeof err))
		fail_msg("rule rejected: %s", err);
	return r;
}

/* A fresh active service with the given rules. */
static void svc(const char *status)
{
	sched_service_init(&S, status);
}

static void add(sched_rule r)
{
	assert_int_equal(sched_service_add_rule(&S, &r), SN_OK);
}

static void closure(const char *from, const char *to)
{
	sched_closure c;
	char err[128];
	assert_int_equal(sched_closure_from_columns(from, to, "Bank holiday", &c, err, sizeof err),
	                 SN_OK);
	assert_int_equal(sched_service_add_closure(&S, &c), SN_OK);
}

static bool open_at(const char *date, const char *time)
{
	return sched_open_at(&S, D(date), T(time));
}

/* Occurs on date, as a service with just this rule, 24 hours a day? */
static bool on(sched_rule r, const char *date)
{
	return sched_rule_occurs_on(&r, D(date));
}

/* Rejected with a message starting with prefix (and on one line). */
static void rejected(sched_columns c, const char *prefix, const char *needle)
{
	sched_rule r;
	char err[256] = "";
	assert_int_equal(sched_rule_from_columns(&c, &r, err, sizeof err), SN_EINPUT);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		fail_msg("expected \"%s...\", got \"%s\"", prefix, err);
	if (needle && !strstr(err, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, err);
	assert_null(strchr(err, '\n'));
}

static const char *describe(sched_rule r)
{
	static char out[512];
	size_t n = sched_describe(&r, out, sizeof out);
	assert_int_equal(n, strlen(out));
	return out;
}

/* ---- dates and London time ---- */

static void test_dates(void **state)
{
	(void)state;
	sched_date d;
	assert_int_equal(sched_parse_date("2024-02-29", &d), SN_OK);
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	assert_int_equal(sched_parse_date("2025-02-29", &d), SN_EINPUT);
	assert_int_equal(sched_parse_date("2025-02-30", &d), SN_EINPUT);
	assert_int_equal(sched_parse_date("1900-02-29", &d), SN_EINPUT);
	assert_int_equal(sched_parse_date("2000-02-29", &d), SN_OK);
	assert_int_equal(sched_parse_date("2025-1-01", &d), SN_EINPUT);
	assert_int_equal(sched_parse_date("2025-13-01", &d), SN_EINPUT);
	assert_int_equal(sched_parse_date("2025-01-01T00:00:00Z", &d), SN_EINPUT);
	assert_int_equal(sched_parse_date("", &d), SN_EINPUT);
	assert_int_equal(sched_parse_date(NULL, &d), SN_EINPUT);
	assert_int_equal(sched_weekday(D("2025-01-06")), 0); /* Monday */
	assert_int_equal(sched_weekday(D("2025-01-12")), 6); /* Sunday */
	assert_int_equal(sched_weekday(D("1970-01-01")), 3); /* Thursday */
	assert_int_equal(sched_weekday(D("2000-02-29")), 1); /* Tuesday */
	sched_date n = sched_add_days(D("2024-12-31"), 1);
	assert_int_equal(sched_date_cmp(n, D("2025-01-01")), 0);
	n = sched_add_days(D("2024-02-28"), 1);
	assert_int_equal(sched_date_cmp(n, D("2024-02-29")), 0);
	n = sched_add_days(D("2025-03-01"), -1);
	assert_int_equal(sched_date_cmp(n, D("2025-02-28")), 0);
	assert_int_equal(sched_days_between(D("2024-01-01"), D("2025-01-01")), 366);
	assert_int_equal(sched_days_between(D("2025-01-01"), D("2024-01-01")), -366);
	assert_true(sched_date_cmp(D("2025-01-02"), D("2025-01-10")) < 0);
	assert_int_equal(sched_days_in_month(2024, 2), 29);
	assert_int_equal(sched_days_in_month(2100, 2), 28);
	assert_int_equal(sched_days_in_month(2025, 13), 0);
	char out[SCHED_DATE_TEXT];
	assert_int_equal(sched_parse_date("0999-01-01", &d), SN_EINPUT);
	sched_format_date(D("2025-01-06"), out);
	assert_string_equal(out, "2025-01-06");
	sched_format_date((sched_date){0, 0, 0}, out);
	assert_string_equal(out, "");
}

static int64_t utc(const char *iso)
{
	int64_t t;
	if (time_parse_iso8601(iso, &t))
		fail_msg("bad test instant %s", iso);
	return t;
}

static void london(const char *iso, const char *date, const char *time)
{
	sched_date d;
	sched_time t;
	sched_london_now(utc(iso), &d, &t);
	char got[SCHED_DATE_TEXT];
	sched_format_date(d, got);
	if (strcmp(got, date) != 0 || t != T(time))
		fail_msg("%s: expected %s %s, got %s %02d:%02d", iso, date, time, got, t / 60,
		         t % 60);
}

static void test_london_time(void **state)
{
	(void)state;
	london("2025-07-01T09:00:00Z", "2025-07-01", "10:00");
	london("2025-01-15T09:00:00Z", "2025-01-15", "09:00");
	london("2025-07-01T23:30:00Z", "2025-07-02", "00:30");
	/* Spring: 01:00 UTC on the last Sunday of March (30 March 2025). */
	london("2025-03-30T00:59:59Z", "2025-03-30", "00:59");
	london("2025-03-30T01:00:00Z", "2025-03-30", "02:00");
	london("2025-03-23T01:00:00Z", "2025-03-23", "01:00"); /* a week before: still GMT */
	/* Autumn: 01:00 UTC on the last Sunday of October (26 October 2025). */
	london("2025-10-26T00:59:00Z", "2025-10-26", "01:59");
	london("2025-10-26T01:00:00Z", "2025-10-26", "01:00");
	london("2025-10-19T12:00:00Z", "2025-10-19", "13:00");
	/* 2024: 31 March and 27 October. */
	london("2024-03-31T01:00:00Z", "2024-03-31", "02:00");
	london("2024-03-30T12:00:00Z", "2024-03-30", "12:00");
	london("2024-10-27T00:30:00Z", "2024-10-27", "01:30");
	london("2024-10-27T01:30:00Z", "2024-10-27", "01:30");
	assert_int_equal(sched_london_offset(utc("2025-03-30T00:59:59Z")), 0);
	assert_int_equal(sched_london_offset(utc("2025-03-30T01:00:00Z")), 60);
	assert_int_equal(sched_london_offset(utc("2025-10-26T00:59:59Z")), 60);
	assert_int_equal(sched_london_offset(utc("2025-10-26T01:00:00Z")), 0);
	/* Written times with Z or an offset, on a date. */
	sched_time t;
	assert_int_equal(sched_parse_time("09:00Z", D("2025-07-01"), &t), SN_OK);
	assert_int_equal(t, T("10:00"));
	assert_int_equal(sched_parse_time("09:00:00Z", D("2025-01-15"), &t), SN_OK);
	assert_int_equal(t, T("09:00"));
	assert_int_equal(sched_parse_time("09:00+02:00", D("2025-07-01"), &t), SN_OK);
	assert_int_equal(t, T("08:00"));
	assert_int_equal(sched_parse_time("09:00-05:00", D("2025-01-15"), &t), SN_OK);
	assert_int_equal(t, T("14:00"));
	assert_int_equal(sched_parse_time("09:30", D("2025-07-01"), &t), SN_OK);
	assert_int_equal(t, T("09:30")); /* naive: London already */
	assert_int_equal(sched_parse_time("01:30Z", D("2025-03-30"), &t), SN_OK);
	assert_int_equal(t, T("02:30")); /* after the change that morning */
	assert_int_equal(sched_parse_time("00:30Z", D("2025-03-30"), &t), SN_OK);
	assert_int_equal(t, T("00:30")); /* before it */
	assert_int_equal(sched_parse_time("25:00", D("2025-07-01"), &t), SN_EINPUT);
	assert_int_equal(sched_parse_time("09:60", D("2025-07-01"), &t), SN_EINPUT);
	assert_int_equal(sched_parse_time("9:00", D("2025-07-01"), &t), SN_EINPUT);
	assert_int_equal(sched_parse_time("09:00+15:00", D("2025-07-01"), &t), SN_EINPUT);
	assert_int_equal(sched_parse_time("09:00z", D("2025-07-01"), &t), SN_EINPUT);
	assert_int_equal(sched_parse_time("09:00:00.5Z", D("2025-07-01"), &t), SN_EINPUT);
}

/* ---- patterns ---- */

static void test_weekly(void **state)
{
	(void)state;
	svc("active");
	add(RULE(.freq = "WEEKLY", .byday = "TU", .opens_at = "10:00", .closes_at = "12:00"));
	assert_true(open_at("2025-01-07", "10:00"));
	assert_true(open_at("2025-01-07", "11:59"));
	assert_false(open_at("2025-01-07", "12:00")); /* closes_at is not open */
	assert_false(open_at("2025-01-07", "09:59"));
	assert_false(open_at("2025-01-08", "10:30")); /* Wednesday */
	assert_true(open_at("2025-06-10", "10:30"));
	sched_slot sl[4];
	unsigned fl = 99;
	assert_int_equal(sched_slots_on(&S, D("2025-01-07"), sl, 4, &fl), 1);
	assert_int_equal(fl, 0);
	assert_int_equal(sl[0].opens, 600);
	assert_int_equal(sl[0].closes, 720);
	assert_int_equal(sched_slots_on(&S, D("2025-01-08"), sl, 4, &fl), 0);
	assert_int_equal(fl, 0);
	/* No freq with byday reads as weekly; seconds are accepted. */
	sched_rule r = RULE(.byday = "MO,TH", .opens_at = "09:00:00", .closes_at = "17:00:00");
	assert_true(on(r, "2025-01-06"));
	assert_true(on(r, "2025-01-09"));
	assert_false(on(r, "2025-01-07"));
	/* WEEKLY without byday: the weekday of dtstart. */
	r = RULE(.freq = "WEEKLY", .dtstart = "2025-01-08");
	assert_true(on(r, "2025-01-15"));
	assert_false(on(r, "2025-01-14"));
	assert_false(on(r, "2025-01-01")); /* before dtstart */
}

static void test_fortnightly(void **state)
{
	(void)state;
	sched_rule r = RULE(.freq = "WEEKLY", .every = "2", .byday = "MO", .dtstart = "2025-01-06",
	                    .opens_at = "10:00", .closes_at = "12:00");
	assert_true(on(r, "2025-01-06"));
	assert_false(on(r, "2025-01-13"));
	assert_true(on(r, "2025-01-20"));
	assert_false(on(r, "2025-01-27"));
	assert_false(on(r, "2025-12-29")); /* 51 weeks on */
	assert_true(on(r, "2026-01-05"));  /* 52 weeks on */
	/* Across a year boundary (2024-12-23 is a Monday). */
	r = RULE(.freq = "WEEKLY", .every = "2", .byday = "MO", .dtstart = "2024-12-23");
	assert_true(on(r, "2024-12-23"));
	assert_false(on(r, "2024-12-30"));
	assert_true(on(r, "2025-01-06"));
	assert_false(on(r, "2025-01-13"));
	assert_true(on(r, "2025-01-20"));
	assert_false(on(r, "2024-12-09")); /* before dtstart, though in phase */
	/* dtstart on a Friday: weeks are counted from the week (Monday to
	 * Sunday) containing it, so that week's Friday and the Monday two
	 * weeks on both count; that week's Monday is before dtstart. */
	r = RULE(.freq = "WEEKLY", .every = "2", .byday = "MO,FR", .dtstart = "2024-12-27");
	assert_true(on(r, "2024-12-27"));
	assert_false(on(r, "2024-12-23"));
	assert_false(on(r, "2024-12-30"));
	assert_false(on(r, "2025-01-03"));
	assert_true(on(r, "2025-01-06"));
	assert_true(on(r, "2025-01-10"));
	assert_false(on(r, "2025-01-13"));
	/* Every three weeks. */
	r = RULE(.freq = "WEEKLY", .every = "3", .byday = "WE", .dtstart = "2025-01-01");
	assert_true(on(r, "2025-01-01"));
	assert_false(on(r, "2025-01-08"));
	assert_false(on(r, "2025-01-15"));
	assert_true(on(r, "2025-01-22"));
}

static void test_monthly_byday(void **state)
{
	(void)state;
	/* Second Tuesday: 14 January and 11 February 2025. */
	sched_rule r =
	    RULE(.freq = "MONTHLY", .byday = "2TU", .opens_at = "14:00", .closes_at = "16:00");
	assert_true(on(r, "2025-01-14"));
	assert_false(on(r, "2025-01-07"));
	assert_false(on(r, "2025-01-21"));
	assert_true(on(r, "2025-02-11"));
	assert_false(on(r, "2025-02-12"));
	assert_true(on(r, "2025-04-08"));
	/* Last Friday: January 2025 has five Fridays (3..31), February four (7..28). */
	r = RULE(.freq = "MONTHLY", .byday = "-1FR");
	assert_true(on(r, "2025-01-31"));
	assert_false(on(r, "2025-01-24"));
	assert_true(on(r, "2025-02-28"));
	assert_false(on(r, "2025-02-21"));
	/* Fifth Friday: only in months that have one. */
	r = RULE(.freq = "MONTHLY", .byday = "5FR");
	assert_true(on(r, "2025-01-31"));
	for (int d = 1; d <= 28; d++) {
		char s[16];
		snprintf(s, sizeof s, "2025-02-%02d", d);
		assert_false(on(r, s));
	}
	/* Second to last; first and third; a plain weekday in MONTHLY. */
	r = RULE(.freq = "MONTHLY", .byday = "-2FR");
	assert_true(on(r, "2025-01-24"));
	assert_true(on(r, "2025-02-21"));
	r = RULE(.freq = "MONTHLY", .byday = "1MO,3MO");
	assert_true(on(r, "2025-01-06"));
	assert_true(on(r, "2025-01-20"));
	assert_false(on(r, "2025-01-13"));
	r = RULE(.freq = "MONTHLY", .byday = "WE");
	assert_true(on(r, "2025-01-08"));
	assert_true(on(r, "2025-01-29"));
	/* No freq, but an ordinal: read as monthly. */
	r = RULE(.byday = "-1FR");
	assert_true(on(r, "2025-01-31"));
	assert_false(on(r, "2025-01-24"));
	/* Every other month from January: the 1st Monday in Jan, Mar, not Feb. */
	r = RULE(.freq = "MONTHLY", .every = "2", .byday = "1MO", .dtstart = "2025-01-01");
	assert_true(on(r, "2025-01-06"));
	assert_false(on(r, "2025-02-03"));
	assert_true(on(r, "2025-03-03"));
	assert_true(on(r, "2026-01-05"));  /* 12 months on */
	assert_false(on(r, "2025-12-01")); /* 11 months on */
}

static void test_monthly_bymonthday(void **state)
{
	(void)state;
	sched_rule r = RULE(.freq = "MONTHLY", .bymonthday = "-1");
	assert_true(on(r, "2024-02-29")); /* leap year */
	assert_false(on(r, "2024-02-28"));
	assert_true(on(r, "2025-02-28")); /* not a leap year */
	assert_false(on(r, "2025-02-27"));
	assert_true(on(r, "2025-01-31"));
	assert_true(on(r, "2025-04-30"));
	assert_false(on(r, "2025-03-30"));
	r = RULE(.freq = "MONTHLY", .bymonthday = "1,15,-2");
	assert_true(on(r, "2025-03-01"));
	assert_true(on(r, "2025-03-15"));
	assert_true(on(r, "2025-03-30"));
	assert_false(on(r, "2025-03-31"));
	assert_true(on(r, "2024-02-28"));
	/* 31 only in months that have one. */
	r = RULE(.bymonthday = "31"); /* no freq: read as monthly */
	assert_true(on(r, "2025-01-31"));
	assert_false(on(r, "2025-04-30"));
	assert_false(on(r, "2025-05-01"));
	/* Every third month from 15 January. */
	r = RULE(.freq = "MONTHLY", .every = "3", .bymonthday = "15", .dtstart = "2025-01-15");
	assert_true(on(r, "2025-04-15"));
	assert_false(on(r, "2025-02-15"));
	assert_true(on(r, "2025-10-15"));
	/* MONTHLY with neither list: dtstart's day of the month. */
	r = RULE(.freq = "MONTHLY", .dtstart = "2025-01-20");
	assert_true(on(r, "2025-02-20"));
	assert_false(on(r, "2025-02-21"));
	/* byday and bymonthday: either matches. */
	r = RULE(.freq = "MONTHLY", .byday = "1MO", .bymonthday = "15");
	assert_true(on(r, "2025-01-06"));
	assert_true(on(r, "2025-01-15"));
	assert_false(on(r, "2025-01-13"));
}

static void test_one_off_and_ranges(void **state)
{
	(void)state;
	/* No freq, no byday, dtstart alone: one day. */
	sched_rule r = RULE(.dtstart = "2025-03-08", .opens_at = "10:00", .closes_at = "15:00");
	assert_true(on(r, "2025-03-08"));
	assert_false(on(r, "2025-03-15"));
	assert_false(on(r, "2025-03-07"));
	/* valid_from and valid_to are inclusive. */
	r = RULE(.freq = "WEEKLY", .byday = "TU", .valid_from = "2025-01-07",
	         .valid_to = "2025-01-21");
	assert_false(on(r, "2024-12-31"));
	assert_true(on(r, "2025-01-07"));
	assert_true(on(r, "2025-01-14"));
	assert_true(on(r, "2025-01-21"));
	assert_false(on(r, "2025-01-28"));
	/* until is the last possible occurrence (inclusive); dtstart the first. */
	r = RULE(.freq = "WEEKLY", .byday = "TU", .dtstart = "2025-01-14", .until = "2025-02-04");
	assert_false(on(r, "2025-01-07"));
	assert_true(on(r, "2025-01-14"));
	assert_true(on(r, "2025-02-04"));
	assert_false(on(r, "2025-02-11"));
	/* Changed hours: the regular entry ends, a new one starts. */
	svc("active");
	add(RULE(.byday = "MO", .valid_to = "2025-01-31", .opens_at = "09:00",
	         .closes_at = "12:00"));
	add(RULE(.byday = "MO", .valid_from = "2025-02-01", .opens_at = "13:00",
	         .closes_at = "16:00"));
	assert_true(open_at("2025-01-27", "10:00"));
	assert_false(open_at("2025-01-27", "14:00"));
	assert_false(open_at("2025-02-03", "10:00"));
	assert_true(open_at("2025-02-03", "14:00"));
}

static void test_closures(void **state)
{
	(void)state;
	svc("active");
	add(RULE(.freq = "WEEKLY", .byday = "MO", .opens_at = "09:00", .closes_at = "17:00"));
	closure("2025-01-13", "2025-01-13");
	closure("2025-12-22", "2026-01-02");
	assert_true(open_at("2025-01-06", "10:00"));
	assert_false(open_at("2025-01-13", "10:00"));
	assert_true(open_at("2025-01-20", "10:00"));
	assert_false(open_at("2025-12-22", "10:00"));
	assert_false(open_at("2025-12-29", "10:00"));
	assert_true(open_at("2026-01-05", "10:00"));
	sched_slot sl[2];
	unsigned fl = 0;
	assert_int_equal(sched_slots_on(&S, D("2025-01-13"), sl, 2, &fl), 0);
	assert_int_equal(fl, SCHED_DAY_CLOSED);
	assert_int_equal(sched_slots_on(&S, D("2025-01-14"), sl, 2, &fl), 0);
	assert_int_equal(fl, 0); /* an ordinary closed Tuesday, no closure */
	/* A closure's dates must be in order. */
	sched_closure c;
	char err[128];
	assert_int_equal(
	    sched_closure_from_columns("2025-02-01", "2025-01-01", "", &c, err, sizeof err),
	    SN_EINPUT);
	assert_true(strncmp(err, "to_date:", 8) == 0);
	assert_int_equal(
	    sched_closure_from_columns("2025-02-30", "2025-03-01", "", &c, err, sizeof err),
	    SN_EINPUT);
	assert_true(strncmp(err, "from_date:", 10) == 0);
	assert_int_equal(sched_closure_from_columns(NULL, "2025-03-01", "", &c, err, sizeof err),
	                 SN_EINPUT);
	assert_true(strncmp(err, "from_date:", 10) == 0);
}

static void test_past_midnight(void **state)
{
	(void)state;
	svc("active");
	add(RULE(.freq = "WEEKLY", .byday = "FR", .opens_at = "22:00", .closes_at = "02:00"));
	/* Friday 10 January 2025. */
	assert_false(open_at("2025-01-10", "21:59"));
	assert_true(open_at("2025-01-10", "22:00"));
	assert_true(open_at("2025-01-10", "23:59"));
	assert_true(open_at("2025-01-11", "00:00"));
	assert_true(open_at("2025-01-11", "01:00"));
	assert_false(open_at("2025-01-11", "02:00"));
	assert_false(open_at("2025-01-10", "01:00")); /* Friday early morning: Thursday had none */
	assert_false(open_at("2025-01-11", "22:30")); /* Saturday night */
	sched_slot sl[4];
	assert_int_equal(sched_slots_on(&S, D("2025-01-10"), sl, 4, NULL), 1);
	assert_int_equal(sl[0].opens, 22 * 60);
	assert_int_equal(sl[0].closes, 1440);
	assert_int_equal(sched_slots_on(&S, D("2025-01-11"), sl, 4, NULL), 1);
	assert_int_equal(sl[0].opens, 0);
	assert_int_equal(sl[0].closes, 120);
	/* A closure on the Friday cancels that night, after midnight too. */
	closure("2025-01-17", "2025-01-17");
	assert_false(open_at("2025-01-17", "23:00"));
	assert_false(open_at("2025-01-18", "01:00"));
	assert_true(open_at("2025-01-25", "01:00"));
	/* valid_to on the Friday: the night still runs past midnight. */
	svc("active");
	add(RULE(.byday = "FR", .valid_to = "2025-01-10", .opens_at = "22:00",
	         .closes_at = "02:00"));
	assert_true(open_at("2025-01-11", "01:00"));
	assert_false(open_at("2025-01-18", "01:00"));
	/* Equal times: 24 hours from opens_at. */
	svc("active");
	add(RULE(.byday = "MO", .opens_at = "09:00", .closes_at = "09:00"));
	assert_true(open_at("2025-01-06", "09:00"));
	assert_true(open_at("2025-01-07", "08:59"));
	assert_false(open_at("2025-01-07", "09:00"));
}

static void test_all_day(void **state)
{
	(void)state;
	svc("active");
	add(RULE(.byday = "SA,SU", .opens_at = "00:00", .closes_at = "23:59"));
	sched_slot sl[4];
	assert_int_equal(sched_slots_on(&S, D("2025-01-11"), sl, 4, NULL), 1);
	assert_int_equal(sl[0].opens, 0);
	assert_int_equal(sl[0].closes, 1440);
	assert_true(open_at("2025-01-11", "00:00"));
	assert_true(open_at("2025-01-11", "23:59"));
	assert_true(open_at("2025-01-12", "12:00"));
	assert_false(open_at("2025-01-13", "00:00"));
	assert_false(open_at("2025-01-10", "23:59"));
	/* 23:59 closes at midnight however the day starts. */
	svc("active");
	add(RULE(.byday = "MO", .opens_at = "18:00", .closes_at = "23:59:00"));
	assert_int_equal(sched_slots_on(&S, D("2025-01-06"), sl, 4, NULL), 1);
	assert_int_equal(sl[0].closes, 1440);
	assert_false(open_at("2025-01-07", "00:00"));
}

static void test_union(void **state)
{
	(void)state;
	svc("active");
	add(RULE(.byday = "MO", .opens_at = "09:00", .closes_at = "12:00"));
	add(RULE(.byday = "MO,WE", .opens_at = "11:00", .closes_at = "14:00"));
	add(RULE(.byday = "MO", .opens_at = "15:00", .closes_at = "16:00"));
	add(RULE(.byday = "MO", .opens_at = "16:00", .closes_at = "17:00")); /* touching */
	sched_slot sl[8];
	size_t n = sched_slots_on(&S, D("2025-01-06"), sl, 8, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(sl[0].opens, 540);
	assert_int_equal(sl[0].closes, 840);
	assert_int_equal(sl[1].opens, 900);
	assert_int_equal(sl[1].closes, 1020);
	assert_true(open_at("2025-01-06", "13:59"));
	assert_false(open_at("2025-01-06", "14:30"));
	assert_true(open_at("2025-01-06", "16:00"));
	n = sched_slots_on(&S, D("2025-01-08"), sl, 8, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(sl[0].opens, 660);
	/* Fewer slots asked for than there are: the count is still right. */
	assert_int_equal(sched_slots_on(&S, D("2025-01-06"), sl, 1, NULL), 2);
	assert_int_equal(sl[0].opens, 540);
}

static void test_status_and_unknown(void **state)
{
	(void)state;
	static const char *const shut[] = {"inactive", "defunct", "temporarily closed", "Active",
	                                   NULL};
	for (size_t i = 0; i < SN_ARRAY_LEN(shut); i++) {
		svc(shut[i]);
		add(RULE(.byday = "MO", .opens_at = "09:00", .closes_at = "17:00"));
		sched_slot sl[2];
		unsigned fl = 0;
		assert_int_equal(sched_slots_on(&S, D("2025-01-06"), sl, 2, &fl), 0);
		assert_int_equal(fl, SCHED_DAY_INACTIVE);
		assert_false(open_at("2025-01-06", "10:00"));
		sched_date od;
		sched_time ot;
		assert_false(sched_next_opening(&S, D("2025-01-06"), 0, 30, &od, &ot));
	}
	/* A matching schedule without times: unknown on that day only. */
	svc("active");
	add(RULE(.byday = "WE", .description = "Drop in on Wednesdays, times vary"));
	sched_slot sl[2];
	unsigned fl = 0;
	assert_int_equal(sched_slots_on(&S, D("2025-01-08"), sl, 2, &fl), 0);
	assert_int_equal(fl, SCHED_DAY_UNKNOWN);
	assert_int_equal(sched_slots_on(&S, D("2025-01-09"), sl, 2, &fl), 0);
	assert_int_equal(fl, 0);
	/* Description only: unknown on every date it is valid for. */
	svc("active");
	add(RULE(.description = "By appointment", .valid_to = "2025-06-30"));
	assert_int_equal(sched_slots_on(&S, D("2025-01-09"), sl, 2, &fl), 0);
	assert_int_equal(fl, SCHED_DAY_UNKNOWN);
	assert_int_equal(sched_slots_on(&S, D("2025-07-01"), sl, 2, &fl), 0);
	assert_int_equal(fl, 0);
	/* Unknown alongside known times. */
	add(RULE(.byday = "TH", .opens_at = "10:00", .closes_at = "11:00"));
	assert_int_equal(sched_slots_on(&S, D("2025-01-09"), sl, 2, &fl), 1);
	assert_int_equal(fl, SCHED_DAY_UNKNOWN);
	/* A closure wins over unknown. */
	closure("2025-01-09", "2025-01-09");
	assert_int_equal(sched_slots_on(&S, D("2025-01-09"), sl, 2, &fl), 0);
	assert_int_equal(fl, SCHED_DAY_CLOSED);
}

static void test_zoned_times(void **state)
{
	(void)state;
	svc("active");
	add(RULE(.byday = "TU", .opens_at = "09:00:00Z", .closes_at = "17:00:00Z"));
	/* July (BST): 10:00 to 18:00 London. */
	assert_false(open_at("2025-07-01", "09:30"));
	assert_true(open_at("2025-07-01", "10:00"));
	assert_true(open_at("2025-07-01", "17:30"));
	assert_false(open_at("2025-07-01", "18:00"));
	/* January (GMT): 09:00 to 17:00. */
	assert_true(open_at("2025-01-07", "09:00"));
	assert_false(open_at("2025-01-07", "17:00"));
	/* Late UTC times move into the next London day in summer. */
	svc("active");
	add(RULE(.byday = "MO", .opens_at = "22:00Z", .closes_at = "23:30Z"));
	sched_slot sl[2];
	assert_int_equal(sched_slots_on(&S, D("2025-07-07"), sl, 2, NULL), 1);
	assert_int_equal(sl[0].opens, 23 * 60);
	assert_int_equal(sl[0].closes, 1440);
	assert_int_equal(sched_slots_on(&S, D("2025-07-08"), sl, 2, NULL), 1);
	assert_int_equal(sl[0].opens, 0);
	assert_int_equal(sl[0].closes, 30);
	assert_int_equal(sched_slots_on(&S, D("2025-01-06"), sl, 2, NULL), 1);
	assert_int_equal(sl[0].closes, 23 * 60 + 30);
	assert_int_equal(sched_slots_on(&S, D("2025-01-07"), sl, 2, NULL), 0);
	char out[SCHED_CLOCK_TEXT];
	sched_clock c;
	assert_int_equal(sched_parse_clock("09:05:59+05:30", &c), SN_OK);
	sched_format_clock(c, out);
	assert_string_equal(out, "09:05+05:30");
	assert_int_equal(sched_parse_clock("09:05+00:00", &c), SN_OK);
	sched_format_clock(c, out);
	assert_string_equal(out, "09:05Z");
}

/* ---- next opening and the filter ---- */

static void next_is(const char *date, const char *time, int max_days, const char *want_date,
                    const char *want_time)
{
	sched_date od;
	sched_time ot;
	bool found = sched_next_opening(&S, D(date), T(time), max_days, &od, &ot);
	if (!want_date) {
		assert_false(found);
		return;
	}
	assert_true(found);
	char got[SCHED_DATE_TEXT];
	sched_format_date(od, got);
	if (strcmp(got, want_date) != 0 || ot != T(want_time))
		fail_msg("from %s %s: expected %s %s, got %s %02d:%02d", date, time, want_date,
		         want_time, got, ot / 60, ot % 60);
}

static void test_next_opening(void **state)
{
	(void)state;
	svc("active");
	add(RULE(.freq = "WEEKLY", .byday = "TU", .opens_at = "10:00", .closes_at = "12:00"));
	next_is("2025-01-08", "09:00", 14, "2025-01-14", "10:00"); /* across a week */
	next_is("2025-01-07", "09:00", 14, "2025-01-07", "10:00"); /* later today */
	next_is("2025-01-07", "10:30", 14, "2025-01-07", "10:30"); /* open now */
	next_is("2025-01-07", "12:00", 14, "2025-01-14", "10:00"); /* just closed */
	next_is("2025-01-08", "09:00", 5, NULL, NULL);             /* beyond max_days */
	next_is("2025-01-08", "09:00", 6, "2025-01-14", "10:00");  /* just within */
	closure("2025-01-14", "2025-01-14");
	next_is("2025-01-08", "09:00", 30, "2025-01-21", "10:00"); /* skips the closure */
	/* Across a month: second Tuesday. */
	svc("active");
	add(RULE(.freq = "MONTHLY", .byday = "2TU", .opens_at = "14:00", .closes_at = "16:00"));
	next_is("2025-01-15", "09:00", 60, "2025-02-11", "14:00");
	next_is("2025-01-15", "09:00", 20, NULL, NULL);
	next_is("2025-12-10", "09:00", 60, "2026-01-13", "14:00"); /* and a year */
	/* Open now after midnight. */
	svc("active");
	add(RULE(.byday = "FR", .opens_at = "22:00", .closes_at = "02:00"));
	next_is("2025-01-11", "01:00", 7, "2025-01-11", "01:00");
	next_is("2025-01-11", "03:00", 7, "2025-01-17", "22:00");
	/* Nothing ever. */
	svc("active");
	next_is("2025-01-01", "00:00", 3660, NULL, NULL);
}

static void test_filter(void **state)
{
	(void)state;
	sched_date ref = D("2025-01-06");
	svc("active");
	add(RULE(.freq = "WEEKLY", .byday = "MO,WE", .opens_at = "09:00", .closes_at = "17:00"));
	assert_true(sched_matches_filter(&S, 0, T("10:00"), T("12:00"), ref));
	assert_true(sched_matches_filter(&S, 2, T("09:00"), T("17:00"), ref));
	assert_false(sched_matches_filter(&S, 1, T("10:00"), T("12:00"), ref)); /* Tuesday */
	assert_false(sched_matches_filter(&S, 0, T("08:00"), T("10:00"), ref));
	assert_true(sched_matches_filter(&S, 0, T("16:00"), T("17:00"), ref));
	assert_false(sched_matches_filter(&S, 0, T("16:00"), T("17:01"), ref));
	assert_false(sched_matches_filter(&S, 0, T("12:00"), T("10:00"), ref)); /* backwards */
	/* Monthly: any ordinal counts for the weekday. */
	svc("active");
	add(RULE(.freq = "MONTHLY", .byday = "2TU", .opens_at = "14:00", .closes_at = "16:00"));
	assert_true(sched_matches_filter(&S, 1, T("14:00"), T("15:00"), ref));
	assert_false(sched_matches_filter(&S, 1, T("13:00"), T("15:00"), ref));
	/* Over before ref: no; starting after ref: yes. */
	svc("active");
	add(RULE(.byday = "TH", .valid_to = "2024-12-31", .opens_at = "09:00",
	         .closes_at = "17:00"));
	add(RULE(.byday = "FR", .valid_from = "2025-03-01", .opens_at = "09:00",
	         .closes_at = "17:00"));
	assert_false(sched_matches_filter(&S, 3, T("10:00"), T("11:00"), ref));
	assert_true(sched_matches_filter(&S, 4, T("10:00"), T("11:00"), ref));
	/* Past midnight covers the evening; 00:00-23:59 covers the whole day. */
	svc("active");
	add(RULE(.byday = "FR", .opens_at = "22:00", .closes_at = "02:00"));
	add(RULE(.byday = "SU", .opens_at = "00:00", .closes_at = "23:59"));
	assert_true(sched_matches_filter(&S, 4, T("23:00"), T("23:59"), ref));
	assert_false(sched_matches_filter(&S, 4, T("21:00"), T("23:00"), ref));
	assert_true(sched_matches_filter(&S, 6, T("00:00"), 1440, ref));
	/* No times: never matches a time filter. */
	svc("active");
	add(RULE(.byday = "MO"));
	assert_false(sched_matches_filter(&S, 0, T("10:00"), T("11:00"), ref));
}

/* ---- plain English ---- */

static void test_describe(void **state)
{
	(void)state;
	assert_string_equal(describe(RULE(.freq = "WEEKLY", .byday = "TU", .opens_at = "10:00",
	                                  .closes_at = "12:00")),
	                    "Every Tuesday, 10am to midday");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .byday = "2TU", .opens_at = "14:00",
	                                  .closes_at = "16:00")),
	                    "Second Tuesday of the month, 2pm to 4pm");
	assert_string_equal(
	    describe(RULE(.freq = "WEEKLY", .every = "2", .byday = "MO", .dtstart = "2025-01-06")),
	    "Every other Monday (from 6 January 2025)");
	assert_string_equal(
	    describe(RULE(.byday = "MO,TU,WE,TH,FR", .opens_at = "09:00", .closes_at = "17:30")),
	    "Monday to Friday, 9am to 5:30pm");
	assert_string_equal(
	    describe(RULE(.byday = "FR,TU,MO,WE", .opens_at = "09:00", .closes_at = "12:30")),
	    "Monday to Wednesday and Friday, 9am to 12:30pm");
	assert_string_equal(describe(RULE(.byday = "MO,WE,FR")), "Monday, Wednesday and Friday");
	assert_string_equal(
	    describe(RULE(.byday = "SA,SU", .opens_at = "10:00", .closes_at = "16:00")),
	    "Saturday and Sunday, 10am to 4pm");
	assert_string_equal(describe(RULE(.byday = "MO,TU,WE,TH,FR,SA,SU", .opens_at = "00:00",
	                                  .closes_at = "23:59")),
	                    "Every day, all day");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .byday = "-1FR", .opens_at = "18:00",
	                                  .closes_at = "00:00")),
	                    "Last Friday of the month, 6pm to midnight");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .byday = "1MO,3MO")),
	                    "First and third Monday of the month");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .byday = "1MO,-1FR")),
	                    "First Monday and last Friday of the month");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .bymonthday = "1,15,-1")),
	                    "The 1st, 15th and last day of the month");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .bymonthday = "-1")),
	                    "The last day of the month");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .every = "3", .byday = "2WE",
	                                  .dtstart = "2025-01-08")),
	                    "Second Wednesday of every 3 months (from 8 January 2025)");
	assert_string_equal(describe(RULE(.freq = "WEEKLY", .every = "3", .byday = "TH",
	                                  .dtstart = "2025-01-02", .until = "2025-06-26")),
	                    "Every 3 weeks on Thursday (from 2 January 2025 to 26 June 2025)");
	assert_string_equal(describe(RULE(.freq = "WEEKLY", .every = "2", .byday = "MO,TH",
	                                  .dtstart = "2025-01-06")),
	                    "Every other week on Monday and Thursday (from 6 January 2025)");
	assert_string_equal(
	    describe(RULE(.freq = "WEEKLY", .every = "2", .byday = "MO,TU,WE,TH,FR,SA,SU",
	                  .dtstart = "2025-01-01")),
	    "Every day, every other week (from 1 January 2025)");
	assert_string_equal(
	    describe(
	        RULE(.freq = "MONTHLY", .every = "2", .byday = "WE,TH", .dtstart = "2025-01-01")),
	    "Every Wednesday and Thursday of every other month (from 1 January 2025)");
	assert_string_equal(describe(RULE(.freq = "MONTHLY", .byday = "WE")), "Every Wednesday");
	assert_string_equal(
	    describe(RULE(.dtstart = "2025-01-06", .opens_at = "10:00", .closes_at = "12:15")),
	    "Monday 6 January 2025, 10am to 12:15pm");
	assert_string_equal(
	    describe(RULE(.byday = "TU", .valid_from = "2025-04-01", .valid_to = "2026-03-31",
	                  .opens_at = "13:00", .closes_at = "15:00")),
	    "Every Tuesday, 1pm to 3pm (from 1 April 2025 to 31 March 2026)");
	assert_string_equal(describe(RULE(.byday = "TU", .valid_to = "2026-03-31")),
	                    "Every Tuesday (until 31 March 2026)");
	assert_string_equal(
	    describe(RULE(.byday = "FR", .opens_at = "22:00", .closes_at = "02:00")),
	    "Every Friday, 10pm to 2am");
	assert_string_equal(
	    describe(RULE(.byday = "FR", .opens_at = "09:00Z", .closes_at = "17:00Z")),
	    "Every Friday, 9am to 5pm UTC");
	assert_string_equal(describe(RULE(.description = "By appointment only")),
	                    "By appointment only");
	assert_string_equal(describe(RULE(.opens_at = "09:00", .closes_at = "17:00")),
	                    "9am to 5pm");
	/* Truncation: the whole length back, the buffer terminated. */
	sched_rule r = RULE(.byday = "TU", .opens_at = "10:00", .closes_at = "12:00");
	char small[6];
	assert_int_equal(sched_describe(&r, small, sizeof small),
	                 strlen("Every Tuesday, 10am to midday"));
	assert_string_equal(small, "Every");
	assert_int_equal(sched_describe(&r, NULL, 0), strlen("Every Tuesday, 10am to midday"));
	char t[16];
	sched_format_time_english(0, t);
	assert_string_equal(t, "midnight");
	sched_format_time_english(30, t);
	assert_string_equal(t, "12:30am");
	sched_format_time_english(720, t);
	assert_string_equal(t, "midday");
	sched_format_time_english(765, t);
	assert_string_equal(t, "12:45pm");
	sched_format_time_english(1439, t);
	assert_string_equal(t, "11:59pm");
}

/* ---- bad input ---- */

static void test_bad_columns(void **state)
{
	(void)state;
	rejected((sched_columns){.valid_from = "2025-02-30"}, "valid_from:", "not a real date");
	rejected((sched_columns){.dtstart = "2025/01/06"}, "dtstart:", "YYYY-MM-DD");
	rejected((sched_columns){.until = "2025-02-29"}, "until:", "not a real date");
	rejected((sched_columns){.byday = "MO", .opens_at = "25:00", .closes_at = "26:00"},
	         "opens_at:", "\"25:00\"");
	rejected((sched_columns){.byday = "MO", .opens_at = "09:00", .closes_at = "17:60"},
	         "closes_at:", NULL);
	rejected((sched_columns){.byday = "XX"}, "byday:", "\"XX\" is not a day");
	rejected((sched_columns){.byday = "MO,,TU"}, "byday:", "empty");
	rejected((sched_columns){.byday = "mo"}, "byday:", NULL);
	rejected((sched_columns){.freq = "MONTHLY", .byday = "6MO"}, "byday:", "ordinal");
	rejected((sched_columns){.freq = "MONTHLY", .byday = "-6MO"}, "byday:", "ordinal");
	rejected((sched_columns){.freq = "MONTHLY", .byday = "0MO"}, "byday:", "ordinal");
	rejected((sched_columns){.freq = "MONTHLY", .byday = "2TU,2TU"}, "byday:", "twice");
	rejected((sched_columns){.freq = "WEEKLY", .byday = "2TU"}, "byday:", "MONTHLY");
	rejected((sched_columns){.freq = "MONTHLY", .bymonthday = "32"}, "bymonthday:", NULL);
	rejected((sched_columns){.freq = "MONTHLY", .bymonthday = "0"}, "bymonthday:", NULL);
	rejected((sched_columns){.freq = "MONTHLY", .bymonthday = "1,x"}, "bymonthday:", "\"x\"");
	rejected((sched_columns){.freq = "WEEKLY", .byday = "MO", .bymonthday = "1"},
	         "bymonthday:", "MONTHLY");
	rejected(
	    (sched_columns){.freq = "WEEKLY", .every = "0", .byday = "MO", .dtstart = "2025-01-06"},
	    "every:", "\"0\"");
	rejected(
	    (sched_columns){
	        .freq = "WEEKLY", .every = "53", .byday = "MO", .dtstart = "2025-01-06"},
	    "every:", NULL);
	rejected((sched_columns){.freq = "WEEKLY", .every = "2", .byday = "MO"},
	         "every:", "dtstart");
	rejected((sched_columns){.freq = "DAILY"}, "freq:", "\"DAILY\"");
	rejected((sched_columns){.freq = "weekly"}, "freq:", NULL);
	rejected((sched_columns){.byday = "MO", .opens_at = "09:00"}, "closes_at:", "missing");
	rejected((sched_columns){.byday = "MO", .closes_at = "09:00"}, "opens_at:", "missing");
	rejected((sched_columns){.valid_from = "2025-02-01", .valid_to = "2025-01-31"},
	         "valid_to:", "before valid_from");
	rejected((sched_columns){.dtstart = "2025-02-01", .until = "2025-01-31"},
	         "until:", "before dtstart");
	rejected((sched_columns){.description = "caf\xc3"}, "description:", "UTF-8");
	/* A control character in a value does not break the line. */
	rejected((sched_columns){.byday = "M\nO"}, "byday:", "M?O");
	char longtext[SCHED_TEXT_MAX + 1];
	memset(longtext, 'a', SCHED_TEXT_MAX);
	longtext[SCHED_TEXT_MAX] = '\0';
	rejected((sched_columns){.notes = longtext}, "notes:", "longer than");
	/* The stand-alone parsers. */
	sched_rule r;
	memset(&r, 0, sizeof r);
	assert_int_equal(sched_parse_byday("MO, 2TU , -1FR", &r), SN_OK);
	assert_int_equal(r.n_byday, 3);
	assert_int_equal(r.byday[1].weekday, 1);
	assert_int_equal(r.byday[1].ordinal, 2);
	assert_int_equal(r.byday[2].weekday, 4);
	assert_int_equal(r.byday[2].ordinal, -1);
	assert_int_equal(sched_parse_byday("+3WE", &r), SN_OK);
	assert_int_equal(r.byday[0].ordinal, 3);
	assert_int_equal(sched_parse_byday("XX", &r), SN_EINPUT);
	assert_int_equal(r.n_byday, 0);
	assert_int_equal(sched_parse_bymonthday("1,15,-1", &r), SN_OK);
	assert_int_equal(r.n_bymonthday, 3);
	assert_int_equal(r.bymonthday[2], -1);
	assert_int_equal(sched_parse_bymonthday("-32", &r), SN_EINPUT);
	/* A rule built by hand is checked the same way. */
	memset(&r, 0, sizeof r);
	r.every = 2;
	r.n_byday = 1;
	char err[256];
	assert_int_equal(sched_rule_check(&r, "interval", err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "interval:", 9) == 0);
}

/* ---- columns and JSON ---- */

static void test_columns_round_trip(void **state)
{
	(void)state;
	sched_rule r =
	    RULE(.valid_from = "2025-01-01", .valid_to = "2025-12-31", .dtstart = "2025-01-06",
	         .freq = "MONTHLY", .every = "2", .byday = "2TU,-1FR", .bymonthday = "1,-1",
	         .opens_at = "09:30:00", .closes_at = "16:00+01:00", .description = "Café drop-in");
	char a[SCHED_DATE_TEXT], by[SCHED_BYDAY_TEXT], bm[SCHED_BYMONTHDAY_TEXT],
	    o[SCHED_CLOCK_TEXT], c[SCHED_CLOCK_TEXT];
	sched_format_date(r.dtstart, a);
	sched_format_byday(&r, by);
	sched_format_bymonthday(&r, bm);
	sched_format_clock(r.opens, o);
	sched_format_clock(r.closes, c);
	assert_string_equal(a, "2025-01-06");
	assert_string_equal(by, "2TU,-1FR");
	assert_string_equal(bm, "1,-1");
	assert_string_equal(o, "09:30");
	assert_string_equal(c, "16:00+01:00");
	assert_string_equal(sched_freq_name(r.freq), "MONTHLY");
	assert_int_equal(r.every, 2);
	assert_string_equal(r.description, "Café drop-in");
	sched_rule back =
	    RULE(.valid_from = "2025-01-01", .valid_to = "2025-12-31", .dtstart = a,
	         .freq = sched_freq_name(r.freq), .every = "2", .byday = by, .bymonthday = bm,
	         .opens_at = o, .closes_at = c, .description = r.description);
	assert_memory_equal(&back.byday, &r.byday, sizeof r.byday);
	assert_memory_equal(&back.opens, &r.opens, sizeof r.opens);
	assert_memory_equal(&back.closes, &r.closes, sizeof r.closes);
}

static json_t *load(const char *text)
{
	json_error_t je;
	json_t *o = json_loads(text, JSON_ALLOW_NUL, &je);
	if (!o)
		fail_msg("bad test JSON: %s", je.text);
	return o;
}

static void oruk_rejected(const char *text, const char *path, const char *prefix,
                          const char *needle)
{
	json_t *o = load(text);
	sched_rule r;
	char err[256] = "";
	assert_int_equal(sched_rule_from_oruk(o, path, &r, err, sizeof err), SN_EINPUT);
	json_decref(o);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		fail_msg("expected \"%s...\", got \"%s\"", prefix, err);
	if (needle && !strstr(err, needle))
		fail_msg("expected \"%s\" in \"%s\"", needle, err);
	assert_null(strchr(err, '\n'));
}

static void test_oruk_json(void **state)
{
	(void)state;
	json_t *o = load("{\"id\": \"5e0b9c1e-2d6f-4e8a-9c1e-2d6f4e8a9c1e\", \"service_id\": null,"
	                 " \"freq\": \"WEEKLY\", \"interval\": 2, \"byday\": \"MO,WE\","
	                 " \"dtstart\": \"2025-01-06\", \"valid_from\": \"2025-01-01\","
	                 " \"opens_at\": \"09:00:00\", \"closes_at\": \"12:30:00\","
	                 " \"description\": \"Fortnightly\", \"wkst\": \"MO\", \"until\": null,"
	                 " \"attending_type\": \"in person\", \"notes\": \"\", \"attributes\": [],"
	                 " \"metadata\": []}");
	sched_rule r;
	char err[256] = "";
	if (sched_rule_from_oruk(o, "schedules[0]", &r, err, sizeof err))
		fail_msg("%s", err);
	json_decref(o);
	assert_int_equal(r.freq, SCHED_WEEKLY);
	assert_int_equal(r.every, 2);
	assert_int_equal(r.n_byday, 2);
	assert_int_equal(r.opens.minute, 540);
	assert_int_equal(r.closes.minute, 750);
	assert_false(sched_date_is_set(r.until));
	assert_string_equal(r.attending_type, "in person");
	json_t *out = sched_rule_to_oruk(&r, "5e0b9c1e-2d6f-4e8a-9c1e-2d6f4e8a9c1e", NULL);
	char *text = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(text, "{\"attending_type\":\"in person\",\"byday\":\"MO,WE\","
	                          "\"closes_at\":\"12:30\",\"description\":\"Fortnightly\","
	                          "\"dtstart\":\"2025-01-06\",\"freq\":\"WEEKLY\","
	                          "\"id\":\"5e0b9c1e-2d6f-4e8a-9c1e-2d6f4e8a9c1e\",\"interval\":2,"
	                          "\"opens_at\":\"09:00\",\"valid_from\":\"2025-01-01\"}");
	assert_true(json_is_integer(json_object_get(out, "interval")));
	free(text);
	/* And back again: the same rule. */
	sched_rule again;
	assert_int_equal(sched_rule_from_oruk(out, NULL, &again, err, sizeof err), SN_OK);
	json_t *out2 = sched_rule_to_oruk(&again, "5e0b9c1e-2d6f-4e8a-9c1e-2d6f4e8a9c1e", NULL);
	assert_true(json_equal(out, out2));
	json_decref(out);
	json_decref(out2);
	/* A bare rule: nothing but what is there. */
	memset(&r, 0, sizeof r);
	out = sched_rule_to_oruk(&r, NULL, NULL);
	assert_int_equal(json_object_size(out), 0);
	json_decref(out);

	/* count becomes until: the 3rd Monday-or-Wednesday from Monday 6 January. */
	o = load("{\"byday\": \"MO,WE\", \"dtstart\": \"2025-01-06\", \"count\": 3}");
	assert_int_equal(sched_rule_from_oruk(o, NULL, &r, err, sizeof err), SN_OK);
	json_decref(o);
	char u[SCHED_DATE_TEXT];
	sched_format_date(r.until, u);
	assert_string_equal(u, "2025-01-13");
	/* timezone applies to naive times. */
	o = load("{\"byday\": \"MO\", \"opens_at\": \"09:00\", \"closes_at\": \"17:00+01:00\","
	         " \"timezone\": 0}");
	assert_int_equal(sched_rule_from_oruk(o, NULL, &r, err, sizeof err), SN_OK);
	json_decref(o);
	assert_true(r.opens.zoned);
	assert_int_equal(r.opens.offset, 0);
	assert_int_equal(r.closes.offset, 60);
	/* From text. */
	const char *txt = "{\"freq\": \"MONTHLY\", \"byday\": \"-1FR\"}";
	assert_int_equal(sched_rule_from_oruk_text(txt, strlen(txt), &r, err, sizeof err), SN_OK);
	assert_int_equal(r.byday[0].ordinal, -1);
	assert_int_equal(sched_rule_from_oruk_text("[1]", 3, &r, err, sizeof err), SN_EINPUT);
	assert_true(strncmp(err, "input:", 6) == 0);

	/* Errors name the field path. */
	oruk_rejected("{\"byday\": \"XX\"}", "schedules[1]", "schedules[1].byday:", "XX");
	oruk_rejected("{\"byday\": \"MO\", \"interval\": 0, \"dtstart\": \"2025-01-06\"}", NULL,
	              "interval:", NULL);
	oruk_rejected("{\"byday\": \"MO\", \"interval\": \"2\", \"dtstart\": \"2025-01-06\"}", NULL,
	              "interval:", NULL);
	oruk_rejected("{\"byday\": \"MO\", \"interval\": 2}", NULL, "interval:", "dtstart");
	oruk_rejected("{\"freq\": \"MONTHLY\", \"byday\": \"6MO\"}", "s", "s.byday:", "ordinal");
	oruk_rejected("{\"dtstart\": \"2025-02-30\"}", NULL, "dtstart:", "not a real date");
	oruk_rejected("{\"byday\": \"MO\", \"opens_at\": \"25:00\", \"closes_at\": \"26:00\"}",
	              NULL, "opens_at:", NULL);
	oruk_rejected("{\"opens_at\": 900}", NULL, "opens_at:", "string");
	oruk_rejected("{\"freq\": \"DAILY\"}", NULL, "freq:", "not supported");
	oruk_rejected("{\"byweekno\": \"1\"}", NULL, "byweekno:", "not supported");
	oruk_rejected("{\"wkst\": \"SU\"}", NULL, "wkst:", NULL);
	oruk_rejected("{\"open\": true}", "schedules[3]", "schedules[3].open:", "unknown");
	oruk_rejected("{\"count\": 3}", NULL, "count:", "dtstart");
	oruk_rejected("{\"count\": 0, \"dtstart\": \"2025-01-06\"}", NULL, "count:", NULL);
	oruk_rejected("{\"timezone\": \"Europe/London\"}", NULL, "timezone:", NULL);
	oruk_rejected("{\"id\": 5}", NULL, "id:", NULL);
	oruk_rejected("{\"description\": \"a\\u0000b\"}", NULL, "description:", "NUL");
	o = json_integer(3);
	assert_int_equal(sched_rule_from_oruk(o, "schedules[0]", &r, err, sizeof err), SN_EINPUT);
	assert_string_equal(err, "schedules[0]: must be an object");
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_london_time),
	    cmocka_unit_test(test_weekly),
	    cmocka_unit_test(test_fortnightly),
	    cmocka_unit_test(test_monthly_byday),
	    cmocka_unit_test(test_monthly_bymonthday),
	    cmocka_unit_test(test_one_off_and_ranges),
	    cmocka_unit_test(test_closures),
	    cmocka_unit_test(test_past_midnight),
	    cmocka_unit_test(test_all_day),
	    cmocka_unit_test(test_union),
	    cmocka_unit_test(test_status_and_unknown),
	    cmocka_unit_test(test_zoned_times),
	    cmocka_unit_test(test_next_opening),
	    cmocka_unit_test(test_filter),
	    cmocka_unit_test(test_describe),
	    cmocka_unit_test(test_bad_columns),
	    cmocka_unit_test(test_columns_round_trip),
	    cmocka_unit_test(test_oruk_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
