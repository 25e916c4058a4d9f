/* libFuzzer target for the social prescribing follow-up schedule
 * (sp_schedule_parse, socialrx.h): the bytes as the schedule file. A
 * problem is SN_EINPUT or SN_ETOOBIG with one line naming its field; a
 * schedule that reads keeps the documented limits (1 to 8 follow-ups,
 * weeks 1-104 in increasing order, labels of 1-60 bytes on one line, a
 * window of 0-28 days), writes back and reads again the same, and its due
 * dates and states behave: each follow-up later than the one before, due
 * from the window before its day, overdue the day after. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "socialrx/socialrx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_err(sn_err rc, const char *err)
{
	if (rc != SN_EINPUT && rc != SN_ETOOBIG)
		abort();
	if (!strchr(err, ':'))
		abort(); /* names its field */
	for (const unsigned char *p = (const unsigned char *)err; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort(); /* one line */
}

static void check_limits(const sp_schedule *s)
{
	if (s->n < 1 || s->n > SP_FOLLOWUPS_MAX || s->due_window_days < 0 || s->due_window_days > SP_WINDOW_MAX)
		abort();
	for (size_t i = 0; i < s->n; i++) {
		if (s->weeks[i] < 1 || s->weeks[i] > SP_WEEKS_MAX || (i && s->weeks[i] <= s->weeks[i - 1]))
			abort();
		size_t n = strnlen(s->label[i], SP_LABEL_MAX + 1);
		if (n < 1 || n > SP_LABEL_MAX)
			abort();
		for (size_t c = 0; c < n; c++)
			if ((unsigned char)s->label[i][c] < 0x20)
				abort();
	}
}

/* Written back as the file would be, it reads the same. */
static void check_round_trip(const sp_schedule *s)
{
	json_t *fs = json_array();
	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(fs, json_pack("{siss}", "weeks", s->weeks[i], "label", s->label[i]));
	json_t *o = json_pack("{soss}", "followups", fs, "about", "written back");
	json_object_set_new(o, "due_window_days", json_integer(s->due_window_days));
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!text)
		abort();
	sp_schedule s2;
	char err[200];
	if (sp_schedule_parse(text, strlen(text), &s2, err, sizeof err) || memcmp(s, &s2, sizeof s2))
		abort();
	free(text);
}

/* Due days and states for a first conversation on day first. */
static void check_dates(const sp_schedule *s, int64_t first)
{
	int64_t w = s->due_window_days;
	for (size_t i = 0; i < s->n; i++) {
		int64_t due = sp_followup_due(s, i, first);
		if (due != first + 7 * (int64_t)s->weeks[i] || due <= first || (i && due <= sp_followup_due(s, i - 1, first)))
			abort();
		if (sp_followup_state(s, due, true, due + 1) != SP_FU_DONE ||
		    sp_followup_state(s, due, false, due + 1) != SP_FU_OVERDUE ||
		    sp_followup_state(s, due, false, due) != SP_FU_DUE ||
		    sp_followup_state(s, due, false, due - w) != SP_FU_DUE ||
		    sp_followup_state(s, due, false, due - w - 1) != SP_FU_LATER ||
		    sp_followup_state(s, due, false, first) != (w >= 7 * s->weeks[i] ? SP_FU_DUE : SP_FU_LATER))
			abort();
		for (int st = SP_FU_DONE; st <= SP_FU_OVERDUE; st++)
			if (!*sp_fu_state_code((sp_fu_state)st))
				abort();
	}
	/* past the last, the last */
	if (sp_followup_due(s, s->n, first) != sp_followup_due(s, s->n - 1, first) ||
	    sp_followup_due(s, SIZE_MAX, first) != sp_followup_due(s, s->n - 1, first))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sp_schedule s;
	char err[200];
	sn_err rc = sp_schedule_parse((const char *)data, size, &s, err, sizeof err);
	if (rc) {
		check_err(rc, err);
		return 0;
	}
	check_limits(&s);
	check_round_trip(&s);
	/* days since 1970 from the input: 1900 to 2200, as civil dates go */
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211u;
	int64_t first = -25567 + (int64_t)(h % 109575u);
	check_dates(&s, first);
	check_dates(&s, 20605); /* 2026-06-01 */
	return 0;
}
