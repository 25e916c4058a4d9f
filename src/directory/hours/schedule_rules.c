/* Opening times: the stored text forms (dates, times, byday, bymonthday)
 * read and checked, whole dir_schedules and dir_closures rows, and the
 * columns written back. Pure: no I/O, no store, no allocation. See hours.h
 * and docs/directory.md ("Opening times"). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "schedule_int.h"

/* ---- errors ---- */

static void fail(char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t err_size, const char *fmt, ...)
{
	if (!err || !err_size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
}

/* A value quoted back in an error: at most 32 bytes of printable ASCII
 * (anything else becomes '?'), so the message stays on one line. */
#define ECHO_MAX 40
static const char *echo(const char *s, char out[static ECHO_MAX])
{
	size_t i = 0;
	for (; s[i] && i < 32; i++) {
		unsigned char ch = (unsigned char)s[i];
		out[i] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
	}
	if (s[i])
		memcpy(out + i, "...", 4);
	else
		out[i] = '\0';
	return out;
}

/* ---- parsing the stored text forms ---- */

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* NULL when s is a real date, else why not. */
static const char *date_why(const char *s, sched_date *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return "is not a date (YYYY-MM-DD)";
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return "is not a date (YYYY-MM-DD)";
	sched_date r = {y, m, d};
	if (y < 1000)
		return "is not a date between the years 1000 and 9999";
	if (!sched_date_valid(r))
		return "is not a real date";
	*out = r;
	return NULL;
}

sn_err sched_parse_date(const char *s, sched_date *out)
{
	if (!s)
		return SN_EINPUT;
	return date_why(s, out) ? SN_EINPUT : SN_OK;
}

static bool clock_ok(const char *s, sched_clock *out)
{
	size_t n = strlen(s);
	if (n < 5 || s[2] != ':')
		return false;
	int h = digits(s, 2), m = digits(s + 3, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return false;
	const char *p = s + 5;
	if (*p == ':') {
		int sec = digits(p + 1, 2);
		if (sec < 0 || sec > 59)
			return false;
		p += 3;
	}
	sched_clock c = {.set = true, .minute = h * 60 + m};
	if (*p == 'Z') {
		c.zoned = true;
		p++;
	} else if (*p == '+' || *p == '-') {
		if (strlen(p) != 6 || p[3] != ':')
			return false;
		int oh = digits(p + 1, 2), om = digits(p + 4, 2);
		if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 840)
			return false;
		c.zoned = true;
		c.offset = (*p == '-' ? -1 : 1) * (oh * 60 + om);
		p += 6;
	}
	if (*p)
		return false;
	*out = c;
	return true;
}

#define CLOCK_HELP                                                                                 \
	"is not a time of day (HH:MM from 00:00 to 23:59, optionally with Z or an offset such as " \
	"+01:00)"

sn_err sched_parse_clock(const char *s, sched_clock *out)
{
	return s && clock_ok(s, out) ? SN_OK : SN_EINPUT;
}

sn_err sched_parse_time(const char *s, sched_date on, sched_time *out)
{
	sched_clock c;
	if (!s || !clock_ok(s, &c))
		return SN_EINPUT;
	int rel = sched_clock_on(c, on);
	*out = (sched_time)(((rel % 1440) + 1440) % 1440);
	return SN_OK;
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* Splits s at commas into items with surrounding spaces trimmed; calls
 * item(ctx, text, len) for each; stops at the first that fails. */
typedef bool (*item_fn)(void *ctx, const char *p, size_t n);
static bool each_item(const char *s, item_fn fn, void *ctx)
{
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *a = p;
		while (n && *a == ' ') {
			a++;
			n--;
		}
		while (n && a[n - 1] == ' ')
			n--;
		if (!fn(ctx, a, n))
			return false;
		if (!e)
			return true;
		p = e + 1;
	}
}

typedef struct {
	sched_rule *r;
	const char *field;
	char *err;
	size_t err_size;
} list_ctx;

/* An optional sign and one or two digits, the whole of [p, p+n). */
static bool small_int(const char *p, size_t n, int *out)
{
	int sign = 1;
	if (n && (*p == '+' || *p == '-')) {
		sign = *p == '-' ? -1 : 1;
		p++;
		n--;
	}
	if (n < 1 || n > 2)
		return false;
	int v = digits(p, (int)n);
	if (v < 0)
		return false;
	*out = sign * v;
	return true;
}

static bool byday_item(void *vctx, const char *p, size_t n)
{
	list_ctx *c = vctx;
	char tok[ECHO_MAX], e[ECHO_MAX];
	size_t tn = n < 32 ? n : 32;
	memcpy(tok, p, tn);
	tok[tn] = '\0';
	if (!n) {
		fail(c->err, c->err_size, "%s: an empty item (a comma list such as MO,2TU,-1FR)",
		     c->field);
		return false;
	}
	int wd = -1;
	if (n >= 2)
		for (int i = 0; i < 7; i++)
			if (memcmp(p + n - 2, DAY_CODE[i], 2) == 0)
				wd = i;
	if (wd < 0) {
		fail(c->err, c->err_size,
		     "%s: \"%s\" is not a day (MO, TU, WE, TH, FR, SA or SU, with an optional "
		     "ordinal such as 2MO or -1FR)",
		     c->field, echo(tok, e));
		return false;
	}
	int ord = 0;
	if (n > 2 && !small_int(p, n - 2, &ord)) {
		fail(c->err, c->err_size,
		     "%s: \"%s\" is not a day (an ordinal is a number such as 2 or -1 before the "
		     "day)",
		     c->field, echo(tok, e));
		return false;
	}
	if (n > 2 && (ord == 0 || ord < -5 || ord > 5)) {
		fail(c->err, c->err_size,
		     "%s: \"%s\": the ordinal must be 1 to 5 or -1 to -5 (-1 is the last)",
		     c->field, echo(tok, e));
		return false;
	}
	sched_rule *r = c->r;
	for (size_t i = 0; i < r->n_byday; i++)
		if (r->byday[i].weekday == wd && r->byday[i].ordinal == ord) {
			fail(c->err, c->err_size, "%s: \"%s\" is given twice", c->field,
			     echo(tok, e));
			return false;
		}
	if (r->n_byday >= SCHED_MAX_BYDAY) {
		fail(c->err, c->err_size, "%s: more than %d days", c->field, SCHED_MAX_BYDAY);
		return false;
	}
	r->byday[r->n_byday++] = (sched_byday){wd, ord};
	return true;
}

static bool bymonthday_item(void *vctx, const char *p, size_t n)
{
	list_ctx *c = vctx;
	char tok[ECHO_MAX], e[ECHO_MAX];
	size_t tn = n < 32 ? n : 32;
	memcpy(tok, p, tn);
	tok[tn] = '\0';
	int v = 0;
	if (!n) {
		fail(c->err, c->err_size, "%s: an empty item (a comma list such as 1,15,-1)",
		     c->field);
		return false;
	}
	if (!small_int(p, n, &v) || v == 0 || v < -31 || v > 31) {
		fail(c->err, c->err_size,
		     "%s: \"%s\" is not a day of the month (1 to 31, or -1 to -31 counting back "
		     "from the last day)",
		     c->field, echo(tok, e));
		return false;
	}
	sched_rule *r = c->r;
	for (size_t i = 0; i < r->n_bymonthday; i++)
		if (r->bymonthday[i] == v) {
			fail(c->err, c->err_size, "%s: \"%s\" is given twice", c->field,
			     echo(tok, e));
			return false;
		}
	if (r->n_bymonthday >= SCHED_MAX_BYMONTHDAY) {
		fail(c->err, c->err_size, "%s: more than %d days", c->field, SCHED_MAX_BYMONTHDAY);
		return false;
	}
	r->bymonthday[r->n_bymonthday++] = v;
	return true;
}

static sn_err parse_byday_e(const char *s, sched_rule *r, const char *field, char *err,
                            size_t err_size)
{
	r->n_byday = 0;
	if (blank(s))
		return SN_OK;
	list_ctx c = {r, field, err, err_size};
	if (!each_item(s, byday_item, &c)) {
		r->n_byday = 0;
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err parse_bymonthday_e(const char *s, sched_rule *r, const char *field, char *err,
                                 size_t err_size)
{
	r->n_bymonthday = 0;
	if (blank(s))
		return SN_OK;
	list_ctx c = {r, field, err, err_size};
	if (!each_item(s, bymonthday_item, &c)) {
		r->n_bymonthday = 0;
		return SN_EINPUT;
	}
	return SN_OK;
}

sn_err sched_parse_byday(const char *s, sched_rule *r)
{
	return parse_byday_e(s, r, "byday", NULL, 0);
}

sn_err sched_parse_bymonthday(const char *s, sched_rule *r)
{
	return parse_bymonthday_e(s, r, "bymonthday", NULL, 0);
}

/* ---- whole rows ---- */

static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int n;
		uint32_t cp;
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			cp = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			cp = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			cp = *p & 0x07;
		} else {
			return false;
		}
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

static sn_err copy_text(const char *field, const char *s, char *dst, size_t max, char *err,
                        size_t err_size)
{
	dst[0] = '\0';
	if (blank(s))
		return SN_OK;
	size_t n = strlen(s);
	if (n >= max) {
		fail(err, err_size, "%s: longer than %zu bytes", field, max - 1);
		return SN_EINPUT;
	}
	if (!utf8_ok(s)) {
		fail(err, err_size, "%s: not valid UTF-8", field);
		return SN_EINPUT;
	}
	memcpy(dst, s, n + 1);
	return SN_OK;
}

static sn_err date_field(const char *field, const char *s, sched_date *out, char *err,
                         size_t err_size)
{
	*out = (sched_date){0, 0, 0};
	if (blank(s))
		return SN_OK;
	const char *why = date_why(s, out);
	if (why) {
		char e[ECHO_MAX];
		fail(err, err_size, "%s: \"%s\" %s", field, echo(s, e), why);
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err clock_field(const char *field, const char *s, sched_clock *out, char *err,
                          size_t err_size)
{
	*out = (sched_clock){0};
	if (blank(s))
		return SN_OK;
	if (!clock_ok(s, out)) {
		char e[ECHO_MAX];
		fail(err, err_size, "%s: \"%s\" " CLOCK_HELP, field, echo(s, e));
		return SN_EINPUT;
	}
	return SN_OK;
}

bool sched_has_ordinal(const sched_rule *r)
{
	for (size_t i = 0; i < r->n_byday && i < SCHED_MAX_BYDAY; i++)
		if (r->byday[i].ordinal)
			return true;
	return false;
}

/* How the rule is read: see docs/directory.md. */
eff_freq sched_effective_freq(const sched_rule *r)
{
	bool ds = sched_date_is_set(r->dtstart);
	eff_freq f;
	if (r->freq == SCHED_WEEKLY)
		f = (r->n_byday || ds) ? EF_WEEKLY : EF_DESC;
	else if (r->freq == SCHED_MONTHLY)
		f = (r->n_byday || r->n_bymonthday || ds) ? EF_MONTHLY : EF_DESC;
	else if (r->n_bymonthday || sched_has_ordinal(r))
		f = EF_MONTHLY;
	else if (r->n_byday)
		f = EF_WEEKLY;
	else
		f = ds ? EF_ONCE : EF_DESC;
	if ((f == EF_WEEKLY || f == EF_MONTHLY) && r->every > 1 && !ds)
		f = EF_DESC; /* nothing to count the interval from */
	return f;
}

static const char *freq_text(sched_freq f)
{
	return f == SCHED_WEEKLY ? "WEEKLY" : f == SCHED_MONTHLY ? "MONTHLY" : NULL;
}

const char *sched_freq_name(sched_freq f)
{
	return freq_text(f);
}

/* sched_rule_check's parts, in the order it asks them (the first problem
 * is the one reported). */
static sn_err check_dates(const sched_rule *r, char *err, size_t err_size)
{
	char a[SCHED_DATE_TEXT], b[SCHED_DATE_TEXT];
	static const char *const dnames[4] = {"valid_from", "valid_to", "dtstart", "until"};
	const sched_date *dates[4] = {&r->valid_from, &r->valid_to, &r->dtstart, &r->until};
	for (int i = 0; i < 4; i++)
		if (sched_date_is_set(*dates[i]) && !sched_date_valid(*dates[i])) {
			fail(err, err_size, "%s: not a real date between the years 1000 and 9999",
			     dnames[i]);
			return SN_EINPUT;
		}
	if (sched_date_is_set(r->valid_from) && sched_date_is_set(r->valid_to) &&
	    sched_date_cmp(r->valid_to, r->valid_from) < 0) {
		sched_format_date(r->valid_to, a);
		sched_format_date(r->valid_from, b);
		fail(err, err_size, "valid_to: %s is before valid_from (%s)", a, b);
		return SN_EINPUT;
	}
	if (sched_date_is_set(r->dtstart) && sched_date_is_set(r->until) &&
	    sched_date_cmp(r->until, r->dtstart) < 0) {
		sched_format_date(r->until, a);
		sched_format_date(r->dtstart, b);
		fail(err, err_size, "until: %s is before dtstart (%s)", a, b);
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err check_freq(const sched_rule *r, const char *ev, char *err, size_t err_size)
{
	if (r->freq != SCHED_FREQ_NONE && r->freq != SCHED_WEEKLY && r->freq != SCHED_MONTHLY) {
		fail(err, err_size, "freq: must be WEEKLY or MONTHLY");
		return SN_EINPUT;
	}
	if (r->every < 0 || r->every > SCHED_MAX_EVERY) {
		fail(err, err_size, "%s: %d is not an interval (1 to %d)", ev, r->every,
		     SCHED_MAX_EVERY);
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err check_byday(const sched_rule *r, char *err, size_t err_size)
{
	if (r->n_byday > SCHED_MAX_BYDAY) {
		fail(err, err_size, "byday: more than %d days", SCHED_MAX_BYDAY);
		return SN_EINPUT;
	}
	for (size_t i = 0; i < r->n_byday; i++) {
		sched_byday x = r->byday[i];
		if (x.weekday < 0 || x.weekday > 6 || x.ordinal < -5 || x.ordinal > 5) {
			fail(err, err_size,
			     "byday: item %zu is not a day with an ordinal of -5 to 5", i + 1);
			return SN_EINPUT;
		}
		for (size_t j = 0; j < i; j++)
			if (r->byday[j].weekday == x.weekday && r->byday[j].ordinal == x.ordinal) {
				fail(err, err_size, "byday: %s is given twice",
				     DAY_CODE[x.weekday]);
				return SN_EINPUT;
			}
		if (x.ordinal && r->freq == SCHED_WEEKLY) {
			fail(err, err_size,
			     "byday: %d%s has an ordinal, which needs freq MONTHLY (with WEEKLY "
			     "give plain days such as MO)",
			     x.ordinal, DAY_CODE[x.weekday]);
			return SN_EINPUT;
		}
	}
	return SN_OK;
}

static sn_err check_bymonthday(const sched_rule *r, char *err, size_t err_size)
{
	if (r->n_bymonthday > SCHED_MAX_BYMONTHDAY) {
		fail(err, err_size, "bymonthday: more than %d days", SCHED_MAX_BYMONTHDAY);
		return SN_EINPUT;
	}
	for (size_t i = 0; i < r->n_bymonthday; i++) {
		int v = r->bymonthday[i];
		if (v == 0 || v < -31 || v > 31) {
			fail(err, err_size,
			     "bymonthday: %d is not a day of the month (1 to 31 or -1 to -31)", v);
			return SN_EINPUT;
		}
		for (size_t j = 0; j < i; j++)
			if (r->bymonthday[j] == v) {
				fail(err, err_size, "bymonthday: %d is given twice", v);
				return SN_EINPUT;
			}
	}
	if (r->n_bymonthday && r->freq == SCHED_WEEKLY) {
		fail(err, err_size, "bymonthday: needs freq MONTHLY (or no freq), not WEEKLY");
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err check_interval(const sched_rule *r, const char *ev, char *err, size_t err_size)
{
	if (r->every <= 1)
		return SN_OK;
	eff_freq f = sched_effective_freq(r);
	if (!sched_date_is_set(r->dtstart)) {
		fail(err, err_size,
		     "%s: an interval of %d needs dtstart (the date of the first "
		     "occurrence) to count from",
		     ev, r->every);
		return SN_EINPUT;
	}
	if (f != EF_WEEKLY && f != EF_MONTHLY) {
		fail(err, err_size, "%s: an interval needs freq WEEKLY or MONTHLY (or byday)", ev);
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err check_times_and_texts(const sched_rule *r, char *err, size_t err_size)
{
	const sched_clock *ck[2] = {&r->opens, &r->closes};
	static const char *const cnames[2] = {"opens_at", "closes_at"};
	for (int i = 0; i < 2; i++)
		if (ck[i]->set &&
		    (ck[i]->minute < 0 || ck[i]->minute > 1439 || ck[i]->offset < -840 ||
		     ck[i]->offset > 840 || (!ck[i]->zoned && ck[i]->offset))) {
			fail(err, err_size, "%s: " CLOCK_HELP, cnames[i]);
			return SN_EINPUT;
		}
	if (r->opens.set && !r->closes.set) {
		fail(err, err_size, "closes_at: missing (opens_at is given; give both or neither)");
		return SN_EINPUT;
	}
	if (!r->opens.set && r->closes.set) {
		fail(err, err_size, "opens_at: missing (closes_at is given; give both or neither)");
		return SN_EINPUT;
	}
	static const char *const tnames[4] = {"description", "schedule_link", "attending_type",
	                                      "notes"};
	const char *texts[4] = {r->description, r->schedule_link, r->attending_type, r->notes};
	const size_t tmax[4] = {SCHED_TEXT_MAX, SCHED_LINK_MAX, SCHED_ATTENDING_MAX,
	                        SCHED_TEXT_MAX};
	for (int i = 0; i < 4; i++)
		if (!memchr(texts[i], '\0', tmax[i]) || !utf8_ok(texts[i])) {
			fail(err, err_size, "%s: too long or not valid UTF-8", tnames[i]);
			return SN_EINPUT;
		}
	return SN_OK;
}

sn_err sched_rule_check(const sched_rule *r, const char *every_name, char *err, size_t err_size)
{
	const char *ev = every_name ? every_name : "every";
	sn_err rc = check_dates(r, err, err_size);
	if (!rc)
		rc = check_freq(r, ev, err, err_size);
	if (!rc)
		rc = check_byday(r, err, err_size);
	if (!rc)
		rc = check_bymonthday(r, err, err_size);
	if (!rc)
		rc = check_interval(r, ev, err, err_size);
	if (!rc)
		rc = check_times_and_texts(r, err, err_size);
	return rc;
}

sn_err sched_rule_from_columns(const sched_columns *c, sched_rule *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	sn_err rc;
	if ((rc = date_field("valid_from", c->valid_from, &out->valid_from, err, err_size)) ||
	    (rc = date_field("valid_to", c->valid_to, &out->valid_to, err, err_size)) ||
	    (rc = date_field("dtstart", c->dtstart, &out->dtstart, err, err_size)) ||
	    (rc = date_field("until", c->until, &out->until, err, err_size)))
		goto bad;
	if (!blank(c->freq)) {
		if (strcmp(c->freq, "WEEKLY") == 0) {
			out->freq = SCHED_WEEKLY;
		} else if (strcmp(c->freq, "MONTHLY") == 0) {
			out->freq = SCHED_MONTHLY;
		} else {
			char e[ECHO_MAX];
			fail(err, err_size, "freq: \"%s\" is not WEEKLY or MONTHLY",
			     echo(c->freq, e));
			rc = SN_EINPUT;
			goto bad;
		}
	}
	if (!blank(c->every)) {
		int v = -1;
		size_t n = strlen(c->every);
		if (n <= 2)
			v = digits(c->every, (int)n);
		if (v < 1 || v > SCHED_MAX_EVERY) {
			char e[ECHO_MAX];
			fail(err, err_size,
			     "every: \"%s\" is not an interval (a whole number from 1 to %d)",
			     echo(c->every, e), SCHED_MAX_EVERY);
			rc = SN_EINPUT;
			goto bad;
		}
		out->every = v;
	}
	if ((rc = parse_byday_e(c->byday, out, "byday", err, err_size)) ||
	    (rc = parse_bymonthday_e(c->bymonthday, out, "bymonthday", err, err_size)) ||
	    (rc = clock_field("opens_at", c->opens_at, &out->opens, err, err_size)) ||
	    (rc = clock_field("closes_at", c->closes_at, &out->closes, err, err_size)) ||
	    (rc = copy_text("description", c->description, out->description, SCHED_TEXT_MAX, err,
	                    err_size)) ||
	    (rc = copy_text("schedule_link", c->schedule_link, out->schedule_link, SCHED_LINK_MAX,
	                    err, err_size)) ||
	    (rc = copy_text("attending_type", c->attending_type, out->attending_type,
	                    SCHED_ATTENDING_MAX, err, err_size)) ||
	    (rc = copy_text("notes", c->notes, out->notes, SCHED_TEXT_MAX, err, err_size)) ||
	    (rc = sched_rule_check(out, "every", err, err_size)))
		goto bad;
	return SN_OK;
bad:
	memset(out, 0, sizeof *out);
	return rc;
}

sn_err sched_closure_from_columns(const char *from_date, const char *to_date, const char *reason,
                                  sched_closure *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	sn_err rc;
	if (blank(from_date)) {
		fail(err, err_size, "from_date: missing");
		return SN_EINPUT;
	}
	if (blank(to_date)) {
		fail(err, err_size, "to_date: missing");
		return SN_EINPUT;
	}
	if ((rc = date_field("from_date", from_date, &out->from, err, err_size)) ||
	    (rc = date_field("to_date", to_date, &out->to, err, err_size)) ||
	    (rc = copy_text("reason", reason, out->reason, SCHED_REASON_MAX, err, err_size)))
		goto bad;
	if (sched_date_cmp(out->to, out->from) < 0) {
		fail(err, err_size, "to_date: %s is before from_date (%s)", to_date, from_date);
		rc = SN_EINPUT;
		goto bad;
	}
	return SN_OK;
bad:
	memset(out, 0, sizeof *out);
	return rc;
}

/* ---- writing the columns ---- */

char *sched_put_num(char *p, int v, int width)
{
	char tmp[12];
	int n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	if (v < 0)
		*p++ = '-';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	return p;
}

void sched_format_date(sched_date d, char out[static SCHED_DATE_TEXT])
{
	out[0] = '\0';
	if (!sched_date_valid(d))
		return;
	char *p = sched_put_num(out, d.y, 4);
	*p++ = '-';
	p = sched_put_num(p, d.m, 2);
	*p++ = '-';
	p = sched_put_num(p, d.d, 2);
	*p = '\0';
}

void sched_format_clock(sched_clock c, char out[static SCHED_CLOCK_TEXT])
{
	out[0] = '\0';
	if (!c.set || c.minute < 0 || c.minute > 1439 || c.offset < -840 || c.offset > 840)
		return;
	char *p = sched_put_num(out, c.minute / 60, 2);
	*p++ = ':';
	p = sched_put_num(p, c.minute % 60, 2);
	if (c.zoned && c.offset == 0) {
		*p++ = 'Z';
	} else if (c.zoned) {
		int o = c.offset < 0 ? -c.offset : c.offset;
		*p++ = c.offset < 0 ? '-' : '+';
		p = sched_put_num(p, o / 60, 2);
		*p++ = ':';
		p = sched_put_num(p, o % 60, 2);
	}
	*p = '\0';
}

void sched_format_byday(const sched_rule *r, char out[static SCHED_BYDAY_TEXT])
{
	char *p = out;
	for (size_t i = 0; i < r->n_byday && i < SCHED_MAX_BYDAY; i++) {
		sched_byday x = r->byday[i];
		if (x.weekday < 0 || x.weekday > 6 || x.ordinal < -5 || x.ordinal > 5)
			continue;
		if (p != out)
			*p++ = ',';
		if (x.ordinal)
			p = sched_put_num(p, x.ordinal, 1);
		memcpy(p, DAY_CODE[x.weekday], 2);
		p += 2;
	}
	*p = '\0';
}

void sched_format_bymonthday(const sched_rule *r, char out[static SCHED_BYMONTHDAY_TEXT])
{
	char *p = out;
	for (size_t i = 0; i < r->n_bymonthday && i < SCHED_MAX_BYMONTHDAY; i++) {
		int v = r->bymonthday[i];
		if (v == 0 || v < -31 || v > 31)
			continue;
		if (p != out)
			*p++ = ',';
		p = sched_put_num(p, v, 1);
	}
	*p = '\0';
}
