/* The timebank's ledger rules (timebank.h): pure, no I/O. Minutes are whole
 * numbers; every sum is checked for overflow, because verify must say so
 * rather than wrap round to a sum that looks right. */
#include <stdio.h>
#include <string.h>

#include "timebank.h"

static bool entry_ok(int64_t m) { return m != 0 && m <= TB_ENTRY_ABS_MAX && m >= -TB_ENTRY_ABS_MAX; }

sn_err tb_transfer_entries(int64_t giver, int64_t receiver, int64_t minutes, tb_entry out[static 2])
{
	if (minutes < 1 || minutes > TB_ENTRY_ABS_MAX || giver == receiver)
		return SN_EINPUT;
	out[0] = (tb_entry){giver, minutes};
	out[1] = (tb_entry){receiver, -minutes};
	return SN_OK;
}

bool tb_balanced(const tb_entry *e, size_t n)
{
	if (n < 2)
		return false;
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (!entry_ok(e[i].minutes) || __builtin_add_overflow(sum, e[i].minutes, &sum))
			return false;
	}
	return sum == 0;
}

sn_err tb_reversal_entries(const tb_entry *orig, size_t n, tb_entry *out)
{
	if (!tb_balanced(orig, n))
		return SN_EINPUT;
	for (size_t i = 0; i < n; i++)
		out[i] = (tb_entry){orig[i].account, -orig[i].minutes};
	return SN_OK;
}

bool tb_credit_ok(int64_t balance, int64_t minutes, bool has_limit, int64_t limit)
{
	if (!has_limit)
		return true;
	if (minutes < 0 || limit < 0)
		return false;
	int64_t after;
	if (__builtin_sub_overflow(balance, minutes, &after))
		return false;
	return after >= -limit;
}

/* ---- the verification walk ---- */

void tb_walk_init(tb_walk *w) { memset(w, 0, sizeof *w); }

static void fail(tb_walk *w, tb_fault f, int64_t id, int64_t sum, int64_t n)
{
	if (w->fault != TB_FAULT_NONE)
		return; /* rows come by id: the first one stays */
	w->fault = f;
	w->bad_id = id;
	w->bad_sum = sum;
	w->bad_entries = n;
}

static void close_current(tb_walk *w)
{
	if (!w->open)
		return;
	w->open = false;
	if (w->cur_exists)
		w->transfers++;
	if (!w->cur_exists)
		fail(w, TB_FAULT_NO_TRANSFER, w->cur, w->cur_sum, w->cur_n);
	else if (w->cur_bad_entry)
		fail(w, TB_FAULT_BAD_ENTRY, w->cur, w->cur_sum, w->cur_n);
	else if (w->cur_n < 2)
		fail(w, TB_FAULT_TOO_FEW, w->cur, w->cur_sum, w->cur_n);
	else if (w->cur_sum != 0)
		fail(w, TB_FAULT_UNBALANCED, w->cur, w->cur_sum, w->cur_n);
}

sn_err tb_walk_row(tb_walk *w, int64_t transfer_id, bool transfer_exists, bool has_entry, int64_t minutes)
{
	if (w->open && transfer_id < w->cur)
		return SN_EINPUT;
	if (!w->open || transfer_id != w->cur) {
		close_current(w);
		w->open = true;
		w->cur = transfer_id;
		w->cur_exists = transfer_exists;
		w->cur_bad_entry = false;
		w->cur_sum = w->cur_n = 0;
	}
	/* the orphans' row and the transfer's own rows may both come for one id */
	w->cur_exists = w->cur_exists && transfer_exists;
	if (!has_entry)
		return SN_OK;
	w->entries++;
	w->cur_n++;
	if (!entry_ok(minutes))
		w->cur_bad_entry = true;
	if (__builtin_add_overflow(w->cur_sum, minutes, &w->cur_sum) ||
	    __builtin_add_overflow(w->total, minutes, &w->total))
		w->cur_bad_entry = true;
	if (minutes > 0 && __builtin_add_overflow(w->moved, minutes, &w->moved))
		w->cur_bad_entry = true;
	return SN_OK;
}

void tb_walk_end(tb_walk *w)
{
	close_current(w);
	if (w->fault == TB_FAULT_NONE && w->total != 0)
		fail(w, TB_FAULT_TOTAL, 0, w->total, w->entries);
}

const char *tb_fault_words(tb_fault f)
{
	switch (f) {
	case TB_FAULT_UNBALANCED: return "its entries do not sum to zero";
	case TB_FAULT_TOO_FEW: return "it has fewer than two entries";
	case TB_FAULT_NO_TRANSFER: return "entries point at a transfer that is not there";
	case TB_FAULT_BAD_ENTRY: return "an entry is zero or too large";
	case TB_FAULT_TOTAL: return "the whole ledger does not sum to zero";
	case TB_FAULT_NONE: break;
	}
	return "it holds";
}

/* ---- statements, activity, words ---- */

void tb_running(int64_t after_newest, const int64_t *minutes, size_t n, int64_t *after)
{
	int64_t b = after_newest;
	for (size_t i = 0; i < n; i++) {
		after[i] = b;
		b -= minutes[i];
	}
}

/* Days from civil (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t tb_day(const char *ymd)
{
	if (!ymd || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (ymd[i] < '0' || ymd[i] > '9'))
			return -1;
	int y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
	int m = (ymd[5] - '0') * 10 + (ymd[6] - '0'), d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return -1;
	return days_from_civil(y, m, d);
}

void tb_day_format(int64_t day, char out[static 11])
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y += m <= 2;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y % 10000), (unsigned)m % 100u, (unsigned)d % 100u);
}

bool tb_active(int64_t last_day, int64_t today)
{
	return last_day >= 0 && last_day <= today && today - last_day <= TB_INACTIVE_DAYS;
}

const char *tb_minutes_text(arena *a, int64_t minutes)
{
	bool neg = minutes < 0;
	uint64_t m = neg ? (uint64_t)0 - (uint64_t)minutes : (uint64_t)minutes;
	uint64_t h = m / 60, r = m % 60;
	const char *sign = neg ? "minus " : "";
	if (h && r)
		return arena_printf(a, "%s%llu hour%s %llu minute%s", sign, (unsigned long long)h, h == 1 ? "" : "s",
				    (unsigned long long)r, r == 1 ? "" : "s");
	if (h)
		return arena_printf(a, "%s%llu hour%s", sign, (unsigned long long)h, h == 1 ? "" : "s");
	return arena_printf(a, "%s%llu minute%s", sign, (unsigned long long)r, r == 1 ? "" : "s");
}

sn_err tb_minutes_parse(const char *s, int64_t max, int64_t *out)
{
	if (!s || !*s || strlen(s) > 12)
		return SN_EINPUT;
	const char *colon = strchr(s, ':');
	int64_t h = 0, m = 0;
	if (colon) {
		char hs[13];
		snprintf(hs, sizeof hs, "%.*s", (int)(colon - s), s);
		if (str_to_i64(hs, 0, 1000000, &h) || strlen(colon + 1) != 2 || str_to_i64(colon + 1, 0, 59, &m))
			return SN_EINPUT;
	} else if (str_to_i64(s, 0, 1000000000, &m)) {
		return SN_EINPUT;
	}
	int64_t total = h * 60 + m;
	if (total < 1)
		return SN_EINPUT;
	if (total > max)
		return SN_ETOOBIG;
	*out = total;
	return SN_OK;
}
