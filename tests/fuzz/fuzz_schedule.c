/* libFuzzer target for opening times: the bytes as one ORUK schedule object
 * and as dir_schedules column texts (one per line), then the engine on
 * whatever parses: round trips through JSON and the columns, and the
 * invariants of slots, open now, next opening and the description. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "directory/hours/hours.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sched_service S;

static void check_err(sn_err rc, const char *err)
{
	if (rc != SN_OK && rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (rc && (!strchr(err, ':') || strchr(err, '\n')))
		abort(); /* one line that names its field */
}

static void same_json(const sched_rule *a, const sched_rule *b)
{
	json_t *ja = sched_rule_to_oruk(a, NULL, NULL);
	json_t *jb = sched_rule_to_oruk(b, NULL, NULL);
	if (!json_equal(ja, jb))
		abort();
	json_decref(ja);
	json_decref(jb);
}

static void engine(const sched_rule *r, uint64_t h)
{
	char err[512];
	if (sched_rule_check(r, NULL, err, sizeof err))
		abort(); /* what parses is valid */
	/* JSON out and back. */
	json_t *o = sched_rule_to_oruk(r, NULL, NULL);
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) if (json_is_null(v)) abort();
	static sched_rule back;
	if (sched_rule_from_oruk(o, "s", &back, err, sizeof err))
		abort();
	json_decref(o);
	same_json(r, &back);
	/* Columns out and back. */
	char d[4][SCHED_DATE_TEXT], by[SCHED_BYDAY_TEXT], bm[SCHED_BYMONTHDAY_TEXT],
	    op[SCHED_CLOCK_TEXT], cl[SCHED_CLOCK_TEXT], ev[8] = "";
	sched_format_date(r->valid_from, d[0]);
	sched_format_date(r->valid_to, d[1]);
	sched_format_date(r->dtstart, d[2]);
	sched_format_date(r->until, d[3]);
	sched_format_byday(r, by);
	sched_format_bymonthday(r, bm);
	sched_format_clock(r->opens, op);
	sched_format_clock(r->closes, cl);
	if (r->every)
		ev[0] = (char)('0' + r->every / 10), ev[1] = (char)('0' + r->every % 10);
	sched_columns c = {d[0],
	                   d[1],
	                   d[2],
	                   d[3],
	                   sched_freq_name(r->freq),
	                   ev,
	                   by,
	                   bm,
	                   op,
	                   cl,
	                   r->description,
	                   r->schedule_link,
	                   r->attending_type,
	                   r->notes};
	if (sched_rule_from_columns(&c, &back, err, sizeof err))
		abort();
	same_json(r, &back);
	/* Plain English. */
	char text[200];
	size_t n = sched_describe(r, text, sizeof text);
	if (strlen(text) != (n < sizeof text ? n : sizeof text - 1))
		abort();
	/* A service with the rule and a closure, over a few days from a date
	 * the input picks (2020 to 2030). */
	sched_service_init(&S, "active");
	sched_service_add_rule(&S, r);
	sched_date base = sched_add_days((sched_date){2020, 1, 1}, (int)(h % 3650));
	sched_closure cz = {.from = sched_add_days(base, (int)(h >> 20) % 9),
	                    .to = sched_add_days(base, (int)(h >> 20) % 9 + (int)(h >> 30) % 3)};
	if (h & 1)
		sched_service_add_closure(&S, &cz);
	for (int i = 0; i < 8; i++) {
		sched_date day = sched_add_days(base, i);
		sched_slot sl[SCHED_MAX_RULES * 4];
		unsigned fl;
		size_t ns = sched_slots_on(&S, day, sl, SN_ARRAY_LEN(sl), &fl);
		if (ns > SN_ARRAY_LEN(sl) || ((fl & SCHED_DAY_CLOSED) && ns))
			abort();
		for (size_t j = 0; j < ns; j++) {
			if (sl[j].opens < 0 || sl[j].opens >= sl[j].closes || sl[j].closes > 1440)
				abort();
			if (j && sl[j].opens <= sl[j - 1].closes)
				abort(); /* sorted and merged */
			if (!sched_open_at(&S, day, sl[j].opens) ||
			    !sched_open_at(&S, day, sl[j].closes - 1))
				abort();
			if (sl[j].closes < 1440 && sched_open_at(&S, day, sl[j].closes))
				abort();
		}
		sched_time t = (sched_time)((h >> (i * 4)) % 1440);
		sched_date od;
		sched_time ot;
		if (sched_next_opening(&S, day, t, 40, &od, &ot)) {
			if (!sched_open_at(&S, od, ot))
				abort();
			int dd = sched_days_between(day, od);
			if (dd < 0 || dd > 40 || (dd == 0 && ot < t))
				abort();
			if (sched_open_at(&S, day, t) != (dd == 0 && ot == t))
				abort();
		}
		for (int wd = 0; wd < 7; wd++)
			(void)sched_matches_filter(&S, wd, t, t + 30 > 1440 ? 1440 : t + 30, day);
	}
	S.active = false;
	if (sched_open_at(&S, base, 600))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211ULL;
	char err[512] = "";
	static sched_rule r;

	sn_err rc = sched_rule_from_oruk_text(text, size, &r, err, sizeof err);
	check_err(rc, err);
	if (!rc)
		engine(&r, h);

	/* The same bytes as column texts, one per line (NUL ends the input). */
	const char *cols[14] = {NULL};
	char *p = text;
	for (int i = 0; i < 14 && p; i++) {
		cols[i] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	sched_columns c = {cols[0], cols[1], cols[2], cols[3],  cols[4],  cols[5],  cols[6],
	                   cols[7], cols[8], cols[9], cols[10], cols[11], cols[12], cols[13]};
	err[0] = '\0';
	rc = sched_rule_from_columns(&c, &r, err, sizeof err);
	check_err(rc, err);
	if (!rc)
		engine(&r, h);
	sched_closure cl;
	rc = sched_closure_from_columns(cols[0], cols[1], cols[2], &cl, err, sizeof err);
	check_err(rc, err);

	/* London time from the first 8 bytes. */
	int64_t s = 0;
	memcpy(&s, data, size < 8 ? size : 8);
	sched_date d;
	sched_time t;
	sched_london_now(s, &d, &t);
	if (t < 0 || t > 1439 || d.y < 1 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > sched_days_in_month(d.y, d.m))
		abort();
	free(text);
	return 0;
}
