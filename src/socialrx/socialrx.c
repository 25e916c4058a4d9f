/* The pure rules of social prescribing (socialrx.h). */
#include "socialrx.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "../base/jsonin.h"

/* ---- the follow-up schedule ---- */

static sn_err fail(char *err, size_t err_size, const char *field, const char *why)
{
	snprintf(err, err_size, "%s: %s", field, why);
	return SN_EINPUT;
}

static sn_err read_followup(json_t *f, size_t i, sp_schedule *out, char *err, size_t err_size)
{
	char field[40];
	snprintf(field, sizeof field, "followups[%zu]", i);
	if (!json_is_object(f))
		return fail(err, err_size, field, "each follow-up is an object with weeks and label");
	const char *k;
	json_t *v;
	json_object_foreach(f, k, v) if (strcmp(k, "weeks") && strcmp(k, "label"))
		return fail(err, err_size, field, "only weeks and label are allowed");
	json_t *w = json_object_get(f, "weeks"), *l = json_object_get(f, "label");
	snprintf(field, sizeof field, "followups[%zu].weeks", i);
	if (!json_is_integer(w) || json_integer_value(w) < 1 || json_integer_value(w) > SP_WEEKS_MAX)
		return fail(err, err_size, field, "a whole number of weeks from 1 to 104");
	if (i && json_integer_value(w) <= out->weeks[i - 1])
		return fail(err, err_size, field, "follow-ups come in order, each later than the one before");
	out->weeks[i] = (int)json_integer_value(w);
	snprintf(field, sizeof field, "followups[%zu].label", i);
	const char *t = json_string_value(l);
	size_t n = t ? strlen(t) : 0;
	if (!t || !n || n > SP_LABEL_MAX)
		return fail(err, err_size, field, "a label of 1 to 60 characters");
	for (size_t c = 0; c < n; c++)
		if ((unsigned char)t[c] < 0x20)
			return fail(err, err_size, field, "one line of text");
	memcpy(out->label[i], t, n + 1);
	return SN_OK;
}

sn_err sp_schedule_parse(const char *text, size_t len, sp_schedule *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	json_t *j = NULL;
	sn_err rc = json_open_object(text, len, SP_SCHEDULE_BYTES, &j, err, err_size);
	if (rc)
		return rc;
	const char *k;
	json_t *v;
	char odd[41];
	json_object_foreach(j, k, v) if (strcmp(k, "about") && strcmp(k, "followups") &&
					 strcmp(k, "due_window_days")) {
		/* the key clipped: the message stays one line that names it */
		rc = fail(err, err_size, str_key_clip(k, 40, odd),
			  "not a key of the schedule (about, followups, due_window_days)");
		goto out;
	}
	json_t *fs = json_object_get(j, "followups"), *w = json_object_get(j, "due_window_days");
	if (!json_is_array(fs) || !json_array_size(fs) || json_array_size(fs) > SP_FOLLOWUPS_MAX) {
		rc = fail(err, err_size, "followups", "a list of 1 to 8 follow-ups");
		goto out;
	}
	if (!json_is_integer(w) || json_integer_value(w) < 0 || json_integer_value(w) > SP_WINDOW_MAX) {
		rc = fail(err, err_size, "due_window_days", "a whole number of days from 0 to 28");
		goto out;
	}
	out->due_window_days = (int)json_integer_value(w);
	for (size_t i = 0; i < json_array_size(fs) && !rc; i++)
		rc = read_followup(json_array_get(fs, i), i, out, err, err_size);
	out->n = json_array_size(fs);
out:
	json_decref(j);
	return rc;
}

static sp_schedule shipped;
static bool shipped_ok;
static pthread_once_t shipped_once = PTHREAD_ONCE_INIT;

static void shipped_load(void)
{
	const embed_file *f = embed_find(embed_data, "socialrx/schedule.json");
	char err[200];
	shipped_ok = f && !sp_schedule_parse((const char *)f->data, f->len, &shipped, err, sizeof err);
}

const sp_schedule *sp_schedule_shipped(void)
{
	pthread_once(&shipped_once, shipped_load);
	return shipped_ok ? &shipped : NULL;
}

int64_t sp_followup_due(const sp_schedule *s, size_t i, int64_t first)
{
	return first + 7 * (int64_t)s->weeks[i < s->n ? i : s->n - 1];
}

sp_fu_state sp_followup_state(const sp_schedule *s, int64_t due, bool done, int64_t today)
{
	if (done)
		return SP_FU_DONE;
	if (today > due)
		return SP_FU_OVERDUE;
	return today >= due - s->due_window_days ? SP_FU_DUE : SP_FU_LATER;
}

const char *sp_fu_state_code(sp_fu_state st)
{
	static const char *const codes[] = {"done", "later", "due", "overdue"};
	return st <= SP_FU_OVERDUE ? codes[st] : "";
}

/* ---- before and after ---- */

const char *sp_item_key(int item)
{
	return item == SP_ITEM_UCLA3 ? "ucla3_total" : item >= 0 && item < ONS4_N ? wb_ons4_key(item) : "";
}

const char *sp_item_label(int item)
{
	static const char *const labels[] = {"Life satisfaction", "Feeling things are worthwhile",
		"Happiness yesterday", "Anxiety yesterday", "Loneliness (UCLA-3 total)"};
	return item >= 0 && item < SP_ITEMS ? labels[item] : "";
}

bool sp_item_lower_better(int item) { return item == SP_ITEM_ANXIOUS || item == SP_ITEM_UCLA3; }

sn_err sp_answers_read(const char *text, wb_answers *w)
{
	json_t *j = NULL, *parts = json_object();
	char err[200];
	wb_clear(w);
	sn_err rc = json_open_object(text, strlen(text), SP_ANSWERS_BYTES, &j, err, sizeof err);
	for (const char *const *k = (const char *const[]){"ons4", "ucla3", NULL}; !rc && *k; k++)
		if (json_object_get(j, *k))
			json_object_set(parts, *k, json_object_get(j, *k));
	if (!rc)
		rc = wb_from_json(parts, w, err, sizeof err);
	json_decref(parts);
	json_decref(j);
	return rc;
}

void sp_pair_of(const wb_answers *start, const wb_answers *followup, sp_pair *out)
{
	for (int i = 0; i < SP_ITEMS; i++)
		out->before[i] = out->after[i] = -1;
	for (int i = 0; i < ONS4_N; i++) {
		out->before[i] = start ? start->ons4[i] : -1;
		out->after[i] = followup ? followup->ons4[i] : -1;
	}
	out->before[SP_ITEM_UCLA3] = start ? wb_ucla3_total(start) : -1;
	out->after[SP_ITEM_UCLA3] = followup ? wb_ucla3_total(followup) : -1;
}

int sp_direction(const sp_pair *p, int item)
{
	if (item < 0 || item >= SP_ITEMS || p->before[item] < 0 || p->after[item] < 0)
		return 0;
	int d = p->after[item] - p->before[item];
	if (sp_item_lower_better(item))
		d = -d;
	return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/* ---- the summary ---- */

void sp_tally_add_case(sp_tally *t, bool open)
{
	t->cases++;
	if (open)
		t->open++;
	else
		t->closed++;
}

void sp_tally_add_pair(sp_tally *t, const sp_pair *p)
{
	for (int i = 0; i < SP_ITEMS; i++) {
		if (p->before[i] < 0 || p->after[i] < 0)
			continue;
		sp_item_tally *it = &t->item[i];
		it->people++;
		it->sum_before += p->before[i];
		it->sum_after += p->after[i];
		int d = sp_direction(p, i);
		if (d > 0)
			it->better++;
		else if (d < 0)
			it->worse++;
		else
			it->same++;
	}
}

static bool small(int64_t v) { return v >= 1 && v < SP_SMALL; }

/* A count: hidden when it is 1 to 9, or when taking what the caller knows
 * from it leaves 1 to 9. */
static sp_cell cell(int64_t v, const int64_t *known)
{
	bool hide = small(v) || (known && small(v - *known));
	return (sp_cell){!hide, hide ? 0 : v};
}

/* Parts of a shown total: while the hidden parts add up to 1 to 9 (or do
 * so once the caller's own are taken away), hide the smallest shown part
 * too, so that the total minus the shown parts reveals no small count. */
static void protect(sp_cell *parts[], const int64_t raw[], const int64_t known[], size_t n)
{
	for (;;) {
		int64_t hidden = 0, hidden_others = 0;
		size_t n_hidden = 0, pick = n;
		for (size_t i = 0; i < n; i++) {
			if (!parts[i]->shown) {
				hidden += raw[i];
				hidden_others += raw[i] - (known ? known[i] : 0);
				n_hidden++;
			} else if (pick == n || raw[i] < raw[pick]) {
				pick = i;
			}
		}
		if (!n_hidden || pick == n || (!small(hidden) && !(known && small(hidden_others))))
			return;
		*parts[pick] = (sp_cell){false, 0};
	}
}

static sp_mean mean(int64_t sum, int64_t n)
{
	if (n < SP_SMALL)
		return (sp_mean){false, 0};
	int64_t num = 20 * sum, den = 2 * n;
	int64_t t = num >= 0 ? (num + n) / den : -((-num + n) / den);
	return (sp_mean){true, t};
}

static void summarise_item(const sp_item_tally *t, const sp_item_tally *k, sp_item_summary *o)
{
	o->people = cell(t->people, k ? &k->people : NULL);
	o->better = cell(t->better, k ? &k->better : NULL);
	o->same = cell(t->same, k ? &k->same : NULL);
	o->worse = cell(t->worse, k ? &k->worse : NULL);
	sp_cell *parts[] = {&o->better, &o->same, &o->worse};
	const int64_t raw[] = {t->better, t->same, t->worse};
	const int64_t kn[] = {k ? k->better : 0, k ? k->same : 0, k ? k->worse : 0};
	if (o->people.shown)
		protect(parts, raw, k ? kn : NULL, 3);
	else /* the total hidden: parts are at most 9 or reveal it; show none */
		o->better = o->same = o->worse = (sp_cell){false, 0};
	bool ok = o->people.shown && t->people >= SP_SMALL;
	o->mean_before = ok ? mean(t->sum_before, t->people) : (sp_mean){false, 0};
	o->mean_after = ok ? mean(t->sum_after, t->people) : (sp_mean){false, 0};
	o->mean_change = ok ? mean(t->sum_after - t->sum_before, t->people) : (sp_mean){false, 0};
	o->pct_better = ok && o->better.shown
		? (sp_cell){true, (200 * t->better + t->people) / (2 * t->people)} : (sp_cell){false, 0};
}

void sp_summarise(const sp_tally *t, const sp_tally *known, sp_summary *out)
{
	memset(out, 0, sizeof *out);
	out->cases = cell(t->cases, known ? &known->cases : NULL);
	out->open = cell(t->open, known ? &known->open : NULL);
	out->closed = cell(t->closed, known ? &known->closed : NULL);
	sp_cell *parts[] = {&out->open, &out->closed};
	const int64_t raw[] = {t->open, t->closed};
	const int64_t kn[] = {known ? known->open : 0, known ? known->closed : 0};
	if (out->cases.shown)
		protect(parts, raw, known ? kn : NULL, 2);
	else
		out->open = out->closed = (sp_cell){false, 0};
	for (int i = 0; i < SP_ITEMS; i++)
		summarise_item(&t->item[i], known ? &known->item[i] : NULL, &out->item[i]);
}

const char *sp_cell_text(arena *a, sp_cell c)
{
	return c.shown ? arena_printf(a, "%lld", (long long)c.v) : "fewer than 10";
}

const char *sp_mean_text(arena *a, sp_mean m, bool sign)
{
	if (!m.shown)
		return "not shown";
	int64_t v = m.tenths < 0 ? -m.tenths : m.tenths;
	return arena_printf(a, "%s%lld.%lld", m.tenths < 0 ? "-" : sign && m.tenths > 0 ? "+" : "",
			    (long long)(v / 10), (long long)(v % 10));
}
