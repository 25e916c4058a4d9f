/* Opening times in plain English for pages: "Every Tuesday, 10am to
 * midday", "Second Tuesday of the month, 2pm to 4pm". Pure: no I/O, no
 * store, no allocation. See hours.h and docs/directory.md ("Plain
 * English"). */
#include <stdio.h>
#include <string.h>

#include "schedule_int.h"

static const char *const MONTH_NAME[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};


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
	char *p = sched_put_num(out, h12, 1);
	if (m) {
		*p++ = ':';
		p = sched_put_num(p, m, 2);
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
	*sched_put_num(num, d.d, 1) = '\0';
	w_put(w, num);
	w_put(w, " ");
	w_put(w, MONTH_NAME[d.m - 1]);
	w_put(w, " ");
	*sched_put_num(num, d.y, 4) = '\0';
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

/* A weekly pattern's words: "every Tuesday", "Monday and Friday", "every
 * other Monday", "every 3 weeks on Monday and Thursday". */
static void w_weekly(writer *lw, unsigned plain, int every, const char *const *ditems, size_t nd)
{
	bool single = nd == 1 && (plain & (plain - 1)) == 0;
	if (every == 1) {
		if (single)
			w_put(lw, "every ");
		w_list(lw, ditems, nd);
	} else if (single) {
		if (every == 2) {
			w_put(lw, "every other ");
		} else {
			char num[40];
			snprintf(num, sizeof num, "every %d weeks on ", every);
			w_put(lw, num);
		}
		w_list(lw, ditems, nd);
	} else if ((plain & 0x7f) == 0x7f) {
		char num[40];
		if (every == 2)
			snprintf(num, sizeof num, "every day, every other week");
		else
			snprintf(num, sizeof num, "every day, every %d weeks", every);
		w_put(lw, num);
	} else {
		if (every == 2) {
			w_put(lw, "every other week on ");
		} else {
			char num[40];
			snprintf(num, sizeof num, "every %d weeks on ", every);
			w_put(lw, num);
		}
		w_list(lw, ditems, nd);
	}
}

/* A monthly pattern's words: "every Tuesday", "first and third Monday",
 * "the 1st and last day", then " of the month" (or of every N months). */
static void w_monthly(writer *lw, const sched_rule *r, unsigned plain, int every,
		      const char *const *ditems, size_t nd)
{
	size_t nb = r->n_byday < SCHED_MAX_BYDAY ? r->n_byday : SCHED_MAX_BYDAY;
	size_t nm = r->n_bymonthday < SCHED_MAX_BYMONTHDAY ? r->n_bymonthday : SCHED_MAX_BYMONTHDAY;
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
	w_list(lw, pitems, n);
	bool only_plain = plain && nb && !sched_has_ordinal(r) && !nm;
	if (every == 2)
		w_put(lw, " of every other month");
	else if (every > 2) {
		char num[32];
		snprintf(num, sizeof num, " of every %d months", every);
		w_put(lw, num);
	} else if (!only_plain) {
		w_put(lw, " of the month");
	}
}

static void w_pattern(writer *w, const sched_rule *r, eff_freq f)
{
	char line[2048];
	writer lw = {line, sizeof line, 0};
	line[0] = '\0';
	int every = r->every > 1 ? r->every : 1;
	size_t nb = r->n_byday < SCHED_MAX_BYDAY ? r->n_byday : SCHED_MAX_BYDAY;
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
	if (f == EF_WEEKLY)
		w_weekly(&lw, plain, every, ditems, nd);
	else
		w_monthly(&lw, r, plain, every, ditems, nd);
	w_capitalised(w, line);
}

size_t sched_describe(const sched_rule *r, char *out, size_t size)
{
	writer w = {out, size, 0};
	if (size)
		out[0] = '\0';
	eff_freq f = sched_effective_freq(r);
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