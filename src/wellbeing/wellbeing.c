/* ONS4, UCLA-3 and the direct loneliness question (wellbeing.h). */
#include <stdio.h>
#include <string.h>

#include "wellbeing.h"

static const char *const ons4_keys[ONS4_N] = {"life_satisfaction", "worthwhile", "happy", "anxious"};
static const char *const ons4_questions[ONS4_N] = {
	"Overall, how satisfied are you with your life nowadays?",
	"Overall, to what extent do you feel that the things you do in your life are worthwhile?",
	"Overall, how happy did you feel yesterday?",
	"Overall, how anxious did you feel yesterday?"};
static const char *const ucla3_keys[UCLA3_N] = {"lack_companionship", "left_out", "isolated"};
static const char *const ucla3_questions[UCLA3_N] = {
	"How often do you feel that you lack companionship?",
	"How often do you feel left out?",
	"How often do you feel isolated from others?"};
static const char *const ucla3_answers[4] = {"", "Hardly ever", "Some of the time", "Often"};
static const char *const lonely_keys[LONELY_ANSWERS] = {
	"often_always", "some_of_the_time", "occasionally", "hardly_ever", "never"};
static const char *const lonely_answers[LONELY_ANSWERS] = {
	"Often or always", "Some of the time", "Occasionally", "Hardly ever", "Never"};

const char *wb_ons4_key(int i) { return i >= 0 && i < ONS4_N ? ons4_keys[i] : ""; }
const char *wb_ons4_question(int i) { return i >= 0 && i < ONS4_N ? ons4_questions[i] : ""; }
const char *wb_ucla3_key(int i) { return i >= 0 && i < UCLA3_N ? ucla3_keys[i] : ""; }
const char *wb_ucla3_question(int i) { return i >= 0 && i < UCLA3_N ? ucla3_questions[i] : ""; }
const char *wb_ucla3_answer(int v) { return v >= 1 && v <= 3 ? ucla3_answers[v] : ""; }
const char *wb_lonely_key(int v) { return v >= 0 && v < LONELY_ANSWERS ? lonely_keys[v] : ""; }
const char *wb_lonely_answer(int v) { return v >= 0 && v < LONELY_ANSWERS ? lonely_answers[v] : ""; }

const char *wb_ons4_band(int item, int v)
{
	if (v < 0 || v > 10)
		return "";
	if (item == ONS4_ANXIOUS)
		return v <= 1 ? "very low" : v <= 3 ? "low" : v <= 5 ? "medium" : "high";
	return v <= 4 ? "low" : v <= 6 ? "medium" : v <= 8 ? "high" : "very high";
}

int wb_ucla3_total(const wb_answers *w)
{
	int t = 0;
	for (int i = 0; i < UCLA3_N; i++) {
		if (w->ucla3[i] < 1)
			return -1;
		t += w->ucla3[i];
	}
	return t;
}

void wb_clear(wb_answers *w)
{
	for (int i = 0; i < ONS4_N; i++)
		w->ons4[i] = -1;
	for (int i = 0; i < UCLA3_N; i++)
		w->ucla3[i] = -1;
	w->lonely = -1;
}

bool wb_any(const wb_answers *w)
{
	for (int i = 0; i < ONS4_N; i++)
		if (w->ons4[i] >= 0)
			return true;
	for (int i = 0; i < UCLA3_N; i++)
		if (w->ucla3[i] >= 0)
			return true;
	return w->lonely >= 0;
}

/* The members of o named in keys (n of them), each a whole number in
 * lo..hi, into out; no other members. */
static sn_err read_items(const json_t *o, const char *part, const char *const *keys, int n,
			 int lo, int hi, int *out, char *err, size_t err_size)
{
	if (!o || json_is_null(o))
		return SN_OK;
	if (!json_is_object(o))
		return snprintf(err, err_size, "%s: must be an object", part), SN_EINPUT;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		int i = 0;
		while (i < n && strcmp(keys[i], k))
			i++;
		if (i == n)
			return snprintf(err, err_size, "%s.%s: is not one of its questions", part,
					str_key_clip(k, 40, (char[41]){0})),
			       SN_EINPUT;
		if (json_is_null(v))
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
			return snprintf(err, err_size, "%s.%s: must be a whole number from %d to %d",
					part, k, lo, hi), SN_EINPUT;
		out[i] = (int)json_integer_value(v);
	}
	return SN_OK;
}

sn_err wb_from_json(const json_t *j, wb_answers *w, char *err, size_t err_size)
{
	wb_clear(w);
	if (!json_is_object(j))
		return snprintf(err, err_size, "wellbeing: must be an object"), SN_EINPUT;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)j, k, v)
		if (strcmp(k, "ons4") && strcmp(k, "ucla3") && strcmp(k, "lonely"))
			return snprintf(err, err_size, "%s: is not part of the wellbeing questions",
					str_key_clip(k, 40, (char[41]){0})),
			       SN_EINPUT;
	sn_err rc = read_items(json_object_get(j, "ons4"), "ons4", ons4_keys, ONS4_N, 0, 10, w->ons4,
			       err, err_size);
	if (!rc)
		rc = read_items(json_object_get(j, "ucla3"), "ucla3", ucla3_keys, UCLA3_N, 1, 3,
				w->ucla3, err, err_size);
	if (rc)
		return rc;
	const json_t *l = json_object_get(j, "lonely");
	if (l && !json_is_null(l)) {
		const char *s = json_string_value(l);
		for (int i = 0; s && i < LONELY_ANSWERS; i++)
			if (!strcmp(s, lonely_keys[i]))
				w->lonely = i;
		if (w->lonely < 0)
			return snprintf(err, err_size, "lonely: must be one of often_always, "
				 "some_of_the_time, occasionally, hardly_ever, never"), SN_EINPUT;
	}
	return SN_OK;
}

sn_err wb_from_stored(const json_t *j, wb_answers *w, char *err, size_t err_size)
{
	json_t *c = json_is_object(j) ? json_copy((json_t *)j) : NULL;
	if (c) {
		json_object_del(c, "ons4_bands");
		json_object_del(c, "ucla3_total");
	}
	sn_err rc = wb_from_json(c ? c : j, w, err, err_size);
	json_decref(c);
	return rc;
}

json_t *wb_to_json(const wb_answers *w)
{
	json_t *j = json_object(), *o = json_object(), *bands = json_object(), *u = json_object();
	for (int i = 0; i < ONS4_N; i++)
		if (w->ons4[i] >= 0) {
			json_object_set_new(o, ons4_keys[i], json_integer(w->ons4[i]));
			json_object_set_new(bands, ons4_keys[i], json_string(wb_ons4_band(i, w->ons4[i])));
		}
	for (int i = 0; i < UCLA3_N; i++)
		if (w->ucla3[i] >= 1)
			json_object_set_new(u, ucla3_keys[i], json_integer(w->ucla3[i]));
	json_object_set_new(j, "ons4", o);
	json_object_set_new(j, "ons4_bands", bands);
	json_object_set_new(j, "ucla3", u);
	int t = wb_ucla3_total(w);
	json_object_set_new(j, "ucla3_total", t > 0 ? json_integer(t) : json_null());
	json_object_set_new(j, "lonely", w->lonely >= 0 ? json_string(lonely_keys[w->lonely]) : json_null());
	return j;
}
