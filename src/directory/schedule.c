/* Opening times: dates, London time, the HSDS RRULE subset, closures and
 * the plain-English description. Pure: no I/O, no store, no allocation.
 * See schedule.h and docs/directory.md ("Opening times"). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "schedule.h"

const char *const sched_day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
const char *const sched_day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
#define DAY_CODE sched_day_codes
#define DAY_NAME sched_day_names
static const char *const MONTH_NAME[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};

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

typedef enum { EF_DESC, EF_ONCE, EF_WEEKLY, EF_MONTHLY } eff_freq;

static bool has_ordinal(const sched_rule *r)
{
	for (size_t i = 0; i < r->n_byday && i < SCHED_MAX_BYDAY; i++)
		if (r->byday[i].ordinal)
			return true;
	return false;
}

/* How the rule is read: see docs/directory.md. */
static eff_freq effective(const sched_rule *r)
{
	bool ds = sched_date_is_set(r->dtstart);
	eff_freq f;
	if (r->freq == SCHED_WEEKLY)
		f = (r->n_byday || ds) ? EF_WEEKLY : EF_DESC;
	else if (r->freq == SCHED_MONTHLY)
		f = (r->n_byday || r->n_bymonthday || ds) ? EF_MONTHLY : EF_DESC;
	else if (r->n_bymonthday || has_ordinal(r))
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

sn_err sched_rule_check(const sched_rule *r, const char *every_name, char *err, size_t err_size)
{
	const char *ev = every_name ? every_name : "every";
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
	if (r->freq != SCHED_FREQ_NONE && r->freq != SCHED_WEEKLY && r->freq != SCHED_MONTHLY) {
		fail(err, err_size, "freq: must be WEEKLY or MONTHLY");
		return SN_EINPUT;
	}
	if (r->every < 0 || r->every > SCHED_MAX_EVERY) {
		fail(err, err_size, "%s: %d is not an interval (1 to %d)", ev, r->every,
		     SCHED_MAX_EVERY);
		return SN_EINPUT;
	}
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
	if (r->every > 1) {
		eff_freq f = effective(r);
		if (!sched_date_is_set(r->dtstart)) {
			fail(err, err_size,
			     "%s: an interval of %d needs dtstart (the date of the first "
			     "occurrence) to count from",
			     ev, r->every);
			return SN_EINPUT;
		}
		if (f != EF_WEEKLY && f != EF_MONTHLY) {
			fail(err, err_size,
			     "%s: an interval needs freq WEEKLY or MONTHLY (or byday)", ev);
			return SN_EINPUT;
		}
	}
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

static char *put_num(char *p, int v, int width)
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
	char *p = put_num(out, d.y, 4);
	*p++ = '-';
	p = put_num(p, d.m, 2);
	*p++ = '-';
	p = put_num(p, d.d, 2);
	*p = '\0';
}

void sched_format_clock(sched_clock c, char out[static SCHED_CLOCK_TEXT])
{
	out[0] = '\0';
	if (!c.set || c.minute < 0 || c.minute > 1439 || c.offset < -840 || c.offset > 840)
		return;
	char *p = put_num(out, c.minute / 60, 2);
	*p++ = ':';
	p = put_num(p, c.minute % 60, 2);
	if (c.zoned && c.offset == 0) {
		*p++ = 'Z';
	} else if (c.zoned) {
		int o = c.offset < 0 ? -c.offset : c.offset;
		*p++ = c.offset < 0 ? '-' : '+';
		p = put_num(p, o / 60, 2);
		*p++ = ':';
		p = put_num(p, o % 60, 2);
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
			p = put_num(p, x.ordinal, 1);
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
		p = put_num(p, v, 1);
	}
	*p = '\0';
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
	eff_freq f = effective(r);
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
		eff_freq f = effective(r);
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
		eff_freq f = effective(r);
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

/* ---- plain English ---- */

typedef struct {
	char *out;
	size_t size, len;
} writer;

static void w_put(writer *w, const char *s)
{
	size_t n = strlen(s);
	if (w->size && w->len < w->size - 1) {
		size_t room = w->size - 1 - w->len;
		size_t k = n < room ? n : room;
		memcpy(w->out + w->len, s, k);
		w->out[w->len + k] = '\0';
	}
	w->len += n;
}

void sched_format_time_english(sched_time t, char out[static 16])
{
	if (t <= 0 || t >= 1440) {
		memcpy(out, "midnight", 9);
		return;
	}
	if (t == 720) {
		memcpy(out, "midday", 7);
		return;
	}
	int h = t / 60, m = t % 60;
	int h12 = h % 12 ? h % 12 : 12;
	char *p = put_num(out, h12, 1);
	if (m) {
		*p++ = ':';
		p = put_num(p, m, 2);
	}
	memcpy(p, h < 12 ? "am" : "pm", 3);
}

static void w_date(writer *w, sched_date d, bool with_weekday)
{
	if (!sched_date_valid(d))
		return;
	char num[12];
	if (with_weekday) {
		w_put(w, DAY_NAME[sched_weekday(d)]);
		w_put(w, " ");
	}
	*put_num(num, d.d, 1) = '\0';
	w_put(w, num);
	w_put(w, " ");
	w_put(w, MONTH_NAME[d.m - 1]);
	w_put(w, " ");
	*put_num(num, d.y, 4) = '\0';
	w_put(w, num);
}

/* Joins n phrases as "a", "a and b", "a, b and c". */
static void w_list(writer *w, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			w_put(w, i + 1 == n ? " and " : ", ");
		w_put(w, items[i]);
	}
}

/* Weekdays in a bit mask as phrases, runs of three or more as "Monday to
 * Friday"; "every day" for all seven. Returns how many phrases. */
static size_t day_phrases(unsigned mask, char pb[7][32], const char *items[7])
{
	size_t n = 0;
	if ((mask & 0x7f) == 0x7f) {
		memcpy(pb[0], "every day", 10);
		items[0] = pb[0];
		return 1;
	}
	for (int i = 0; i < 7;) {
		if (!(mask & (1u << i))) {
			i++;
			continue;
		}
		int j = i;
		while (j + 1 < 7 && (mask & (1u << (j + 1))))
			j++;
		if (j - i >= 2) {
			snprintf(pb[n], 32, "%s to %s", DAY_NAME[i], DAY_NAME[j]);
			items[n] = pb[n];
			n++;
		} else {
			for (int k = i; k <= j; k++) {
				snprintf(pb[n], 32, "%s", DAY_NAME[k]);
				items[n] = pb[n];
				n++;
			}
		}
		i = j + 1;
	}
	return n;
}

static const char *ordinal_word(int o)
{
	static const char *const pos[6] = {"", "first", "second", "third", "fourth", "fifth"};
	static const char *const neg[6] = {
	    "", "last", "second to last", "third to last", "fourth to last", "fifth to last"};
	if (o > 0 && o <= 5)
		return pos[o];
	if (o < 0 && o >= -5)
		return neg[-o];
	return "";
}

static void day_of_month(int v, char out[32])
{
	static const char *const neg[4] = {"", "last day", "second to last day",
	                                   "third to last day"};
	if (v < 0 && v >= -3) {
		snprintf(out, 32, "%s", neg[-v]);
	} else if (v < 0) {
		int a = -v;
		const char *sfx = (a % 100 >= 11 && a % 100 <= 13) ? "th"
		                  : a % 10 == 1                    ? "st"
		                  : a % 10 == 2                    ? "nd"
		                  : a % 10 == 3                    ? "rd"
		                                                   : "th";
		snprintf(out, 32, "%d%s to last day", a % 100, sfx);
	} else {
		const char *sfx = (v % 100 >= 11 && v % 100 <= 13) ? "th"
		                  : v % 10 == 1                    ? "st"
		                  : v % 10 == 2                    ? "nd"
		                  : v % 10 == 3                    ? "rd"
		                                                   : "th";
		snprintf(out, 32, "%d%s", v % 100, sfx);
	}
}

static void w_zone(writer *w, sched_clock c)
{
	if (!c.zoned)
		return;
	char z[SCHED_CLOCK_TEXT];
	sched_clock only = c;
	only.minute = 0;
	sched_format_clock(only, z); /* "00:00Z" or "00:00+02:00" */
	w_put(w, " UTC");
	if (c.offset)
		w_put(w, z + 5);
}

static void w_times(writer *w, const sched_rule *r)
{
	char a[16], b[16];
	int o = r->opens.minute, c = r->closes.minute == 1439 ? 1440 : r->closes.minute;
	bool same_zone = r->opens.zoned == r->closes.zoned && r->opens.offset == r->closes.offset;
	if (o == 0 && c == 1440 && same_zone) {
		w_put(w, "all day");
		w_zone(w, r->opens);
		return;
	}
	sched_format_time_english(o, a);
	sched_format_time_english(c, b);
	w_put(w, a);
	if (!same_zone)
		w_zone(w, r->opens);
	w_put(w, " to ");
	w_put(w, b);
	w_zone(w, r->closes);
}

static void w_capitalised(writer *w, const char *s)
{
	char first[2] = {s[0], '\0'};
	if (first[0] >= 'a' && first[0] <= 'z')
		first[0] = (char)(first[0] - 'a' + 'A');
	w_put(w, first);
	if (s[0])
		w_put(w, s + 1);
}

static void w_pattern(writer *w, const sched_rule *r, eff_freq f)
{
	char line[2048];
	writer lw = {line, sizeof line, 0};
	line[0] = '\0';
	int every = r->every > 1 ? r->every : 1;
	size_t nb = r->n_byday < SCHED_MAX_BYDAY ? r->n_byday : SCHED_MAX_BYDAY;
	size_t nm = r->n_bymonthday < SCHED_MAX_BYMONTHDAY ? r->n_bymonthday : SCHED_MAX_BYMONTHDAY;
	if (f == EF_ONCE) {
		w_date(w, r->dtstart, true);
		return;
	}
	unsigned plain = 0;
	for (size_t i = 0; i < nb; i++)
		if (r->byday[i].ordinal == 0 || f == EF_WEEKLY)
			plain |= 1u << r->byday[i].weekday;
	if (f == EF_WEEKLY && !nb)
		plain = 1u << sched_weekday(r->dtstart);
	char dbuf[7][32];
	const char *ditems[7];
	size_t nd = day_phrases(plain, dbuf, ditems);
	bool single = nd == 1 && (plain & (plain - 1)) == 0;
	if (f == EF_WEEKLY) {
		if (every == 1) {
			if (single)
				w_put(&lw, "every ");
			w_list(&lw, ditems, nd);
		} else if (single) {
			if (every == 2) {
				w_put(&lw, "every other ");
			} else {
				char num[40];
				snprintf(num, sizeof num, "every %d weeks on ", every);
				w_put(&lw, num);
			}
			w_list(&lw, ditems, nd);
		} else if ((plain & 0x7f) == 0x7f) {
			char num[40];
			if (every == 2)
				snprintf(num, sizeof num, "every day, every other week");
			else
				snprintf(num, sizeof num, "every day, every %d weeks", every);
			w_put(&lw, num);
		} else {
			if (every == 2) {
				w_put(&lw, "every other week on ");
			} else {
				char num[40];
				snprintf(num, sizeof num, "every %d weeks on ", every);
				w_put(&lw, num);
			}
			w_list(&lw, ditems, nd);
		}
		w_capitalised(w, line);
		return;
	}
	/* MONTHLY: "every Tuesday", "first and third Monday", "the 1st and last day". */
	char parts[SCHED_MAX_BYDAY + 2][640];
	const char *pitems[SCHED_MAX_BYDAY + 2];
	size_t n = 0;
	if (plain) {
		writer pw = {parts[n], sizeof parts[n], 0};
		parts[n][0] = '\0';
		if ((plain & 0x7f) != 0x7f)
			w_put(&pw, "every "); /* "every day" has its own */
		w_list(&pw, ditems, nd);
		pitems[n] = parts[n];
		n++;
	}
	bool done[SCHED_MAX_BYDAY] = {false};
	for (size_t i = 0; i < nb; i++) {
		if (done[i] || r->byday[i].ordinal == 0)
			continue;
		int wd = r->byday[i].weekday;
		const char *ords[SCHED_MAX_BYDAY];
		size_t no = 0;
		for (size_t j = i; j < nb; j++)
			if (!done[j] && r->byday[j].ordinal && r->byday[j].weekday == wd) {
				done[j] = true;
				ords[no++] = ordinal_word(r->byday[j].ordinal);
			}
		writer pw = {parts[n], sizeof parts[n], 0};
		parts[n][0] = '\0';
		w_list(&pw, ords, no);
		w_put(&pw, " ");
		w_put(&pw, DAY_NAME[wd]);
		pitems[n] = parts[n];
		n++;
	}
	if (nm || !nb) {
		char md[SCHED_MAX_BYMONTHDAY][32];
		const char *mitems[SCHED_MAX_BYMONTHDAY];
		size_t k = 0;
		if (nm) {
			for (; k < nm; k++) {
				day_of_month(r->bymonthday[k], md[k]);
				mitems[k] = md[k];
			}
		} else {
			day_of_month(r->dtstart.d, md[0]);
			mitems[0] = md[0];
			k = 1;
		}
		writer pw = {parts[n], sizeof parts[n], 0};
		parts[n][0] = '\0';
		w_put(&pw, "the ");
		w_list(&pw, mitems, k);
		pitems[n] = parts[n];
		n++;
	}
	w_list(&lw, pitems, n);
	bool only_plain = plain && nb && !has_ordinal(r) && !nm;
	if (every == 2)
		w_put(&lw, " of every other month");
	else if (every > 2) {
		char num[32];
		snprintf(num, sizeof num, " of every %d months", every);
		w_put(&lw, num);
	} else if (!only_plain) {
		w_put(&lw, " of the month");
	}
	w_capitalised(w, line);
}

size_t sched_describe(const sched_rule *r, char *out, size_t size)
{
	writer w = {out, size, 0};
	if (size)
		out[0] = '\0';
	eff_freq f = effective(r);
	bool times = r->opens.set && r->closes.set;
	if (f == EF_DESC) {
		if (r->description[0] && memchr(r->description, '\0', SCHED_TEXT_MAX)) {
			w_put(&w, r->description);
		} else if (times) {
			char line[128];
			writer lw = {line, sizeof line, 0};
			line[0] = '\0';
			w_times(&lw, r);
			w_capitalised(&w, line);
		}
		return w.len;
	}
	w_pattern(&w, r, f);
	if (times) {
		w_put(&w, ", ");
		w_times(&w, r);
	}
	if (f != EF_ONCE) {
		sched_date from = r->dtstart, to = r->until;
		if (sched_date_is_set(r->valid_from) &&
		    (!sched_date_is_set(from) || sched_date_cmp(r->valid_from, from) > 0))
			from = r->valid_from;
		if (sched_date_is_set(r->valid_to) &&
		    (!sched_date_is_set(to) || sched_date_cmp(r->valid_to, to) < 0))
			to = r->valid_to;
		bool hf = sched_date_valid(from), ht = sched_date_valid(to);
		if (hf || ht) {
			w_put(&w, " (");
			if (hf) {
				w_put(&w, "from ");
				w_date(&w, from, false);
			}
			if (hf && ht)
				w_put(&w, " to ");
			else if (ht)
				w_put(&w, "until ");
			if (ht)
				w_date(&w, to, false);
			w_put(&w, ")");
		}
	}
	return w.len;
}
