/* The pure rules of co-production (coproduction.h): no I/O. */
#include <stdlib.h>
#include <string.h>

#include "../plan/plan_rules.h" /* civil dates only */
#include "coproduction.h"

static const char *const format_codes[] = {"world-cafe", "open-space", "other"};
static const char *const format_words[] = {"World Café", "Open Space", "Another format"};
static const char *const status_codes[] = {"planned", "in-progress", "done", "dropped"};
static const char *const status_words[] = {"Planned", "In progress", "Done", "Dropped"};

const char *cp_format_code(cp_format f) { return f >= 0 && f < CP_N_FORMATS ? format_codes[f] : ""; }
const char *cp_format_words(cp_format f) { return f >= 0 && f < CP_N_FORMATS ? format_words[f] : ""; }

bool cp_format_parse(const char *code, cp_format *out)
{
	for (int f = 0; code && f < CP_N_FORMATS; f++)
		if (strcmp(code, format_codes[f]) == 0) {
			*out = (cp_format)f;
			return true;
		}
	return false;
}

const char *cp_status_code(cp_status s) { return s >= 0 && s < CP_N_STATUSES ? status_codes[s] : ""; }
const char *cp_status_words(cp_status s) { return s >= 0 && s < CP_N_STATUSES ? status_words[s] : ""; }

bool cp_status_parse(const char *code, cp_status *out)
{
	for (int s = 0; code && s < CP_N_STATUSES; s++)
		if (strcmp(code, status_codes[s]) == 0) {
			*out = (cp_status)s;
			return true;
		}
	return false;
}

bool cp_status_move_ok(cp_status from, cp_status to)
{
	/* rows: from; columns: to (planned, in progress, done, dropped) */
	static const bool moves[CP_N_STATUSES][CP_N_STATUSES] = {
		[CP_PLANNED] = {false, true, true, true},
		[CP_IN_PROGRESS] = {true, false, true, true},
		[CP_DONE] = {false, true, false, false},
		[CP_DROPPED] = {true, false, false, false},
	};
	return from >= 0 && from < CP_N_STATUSES && to >= 0 && to < CP_N_STATUSES && moves[from][to];
}

bool cp_status_open(cp_status s) { return s == CP_PLANNED || s == CP_IN_PROGRESS; }

bool cp_overdue(cp_status s, int64_t due_day, int64_t today) { return cp_status_open(s) && due_day < today; }

/* A whole number of at most 4 digits (leading and trailing spaces allowed). */
static bool small_number(const char *s, long *out)
{
	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	char *end = NULL;
	long v = strtol(s, &end, 10);
	while (end && *end == ' ')
		end++;
	if (!end || *end || *s == '-' || *s == '+' || v > 9999)
		return false;
	*out = v;
	return true;
}

sn_err cp_parse_due(const char *day, const char *month, const char *year, int64_t *out, const char **why)
{
	long d = 0, m = 0, y = 0;
	*out = 0;
	if (!small_number(day ? day : "", &d) || !small_number(month ? month : "", &m) ||
	    !small_number(year ? year : "", &y)) {
		*why = "Enter the due date as numbers, like 14 3 2027";
		return SN_EINPUT;
	}
	if (y < 2000 || y > 2100) {
		*why = "The due date's year must be from 2000 to 2100";
		return SN_EINPUT;
	}
	if (m < 1 || m > 12 || d < 1 || d > civil_days_in_month(y, (int)m)) {
		*why = "The due date must be a real date";
		return SN_EINPUT;
	}
	*out = civil_days(y, (int)m, (int)d);
	return SN_OK;
}

static sn_err tidy(const char *name, char out[static CP_THEME_MAX + 1], bool lower)
{
	size_t n = 0;
	bool space = false;
	out[0] = 0;
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (*p != '\t' && *p != '\n' && *p != '\r')
				return SN_EINPUT;
			space = n > 0;
			continue;
		}
		if (*p == ' ') {
			space = n > 0;
			continue;
		}
		if (n + (space ? 2 : 1) > CP_THEME_MAX)
			return SN_EINPUT;
		if (space)
			out[n++] = ' ';
		space = false;
		out[n++] = (char)(lower && *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
	out[n] = 0;
	return n ? SN_OK : SN_EINPUT;
}

sn_err cp_theme_key(const char *name, char out[static CP_THEME_MAX + 1]) { return tidy(name, out, true); }
sn_err cp_theme_tidy(const char *name, char out[static CP_THEME_MAX + 1]) { return tidy(name, out, false); }

/* "the note must ..." as a sentence: "The note must ...". */
static const char *capital(char *s)
{
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	return s;
}

const char *cp_check_text(arena *a, const char *text, size_t max, bool required, const char *what)
{
	const char *t = text ? text : "";
	if (strlen(t) > max)
		return capital(arena_printf(a, "%s must be at most %zu characters", what, max));
	bool blank = true;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
			return capital(arena_printf(a, "%s must be plain text", what));
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
			blank = false;
	}
	if (required && blank)
		return arena_printf(a, "Enter %s", what);
	return NULL;
}

static int tag_order(const void *x, const void *y)
{
	const cp_tag *a = x, *b = y;
	if (a->theme_id != b->theme_id)
		return a->theme_id < b->theme_id ? -1 : 1;
	return a->note_id < b->note_id ? -1 : a->note_id > b->note_id;
}

void cp_count_themes(const cp_tag *tags, size_t n_tags, const int64_t *themes, size_t n_themes, int64_t *counts)
{
	for (size_t i = 0; i < n_themes; i++)
		counts[i] = 0;
	if (!n_tags)
		return;
	/* sorted by theme then note: a note tagged twice with one theme is
	 * counted once, in one pass */
	cp_tag *t = xcalloc(n_tags, sizeof *t);
	memcpy(t, tags, n_tags * sizeof *t);
	qsort(t, n_tags, sizeof *t, tag_order);
	for (size_t k = 0; k < n_tags; k++) {
		if (k && t[k].theme_id == t[k - 1].theme_id && t[k].note_id == t[k - 1].note_id)
			continue;
		for (size_t i = 0; i < n_themes; i++)
			if (themes[i] == t[k].theme_id) {
				counts[i]++;
				break;
			}
	}
	free(t);
}

const char *cp_notes_words(arena *a, int64_t n) { return text_count(a, n, "note", "notes"); }
