/* The key human indicators' rules (pure): observations into series, and
 * the plain words about each kind (docs/indicators.md). */
#include <stdlib.h>
#include <string.h>

#include "indicators.h"

static const struct {
	const char *key, *title, *meaning, *direction;
	khi_direction dir;
	bool step;        /* holds until it changes (for the chart) */
	const char *self; /* the meaning, to the person themselves */
} kinds[KHI_N] = {
    [KHI_LIFE] =
        {"life_satisfaction", "Life satisfaction",
         "How satisfied the person is with their life nowadays, from 0 (not at all) to 10 "
         "(completely).",
         "Higher is better.", KHI_HIGHER_BETTER, false,
         "How satisfied you are with your life nowadays, from 0 (not at all) to 10 (completely)."},
    [KHI_WORTHWHILE] =
        {"worthwhile", "Things done are worthwhile",
         "How far the person feels the things they do in their life are worthwhile, from 0 to 10.",
         "Higher is better.", KHI_HIGHER_BETTER, false,
         "How far you feel the things you do in your life are worthwhile, from 0 to 10."},
    [KHI_HAPPY] = {"happy", "Happiness yesterday",
                   "How happy the person felt yesterday, from 0 (not at all) to 10 (completely).",
                   "Higher is better.", KHI_HIGHER_BETTER, false,
                   "How happy you felt yesterday, from 0 (not at all) to 10 (completely)."},
    [KHI_ANXIOUS] =
        {"anxious", "Anxiety yesterday",
         "How anxious the person felt yesterday, from 0 (not at all) to 10 (completely).",
         "Lower is better: it means less anxious.", KHI_LOWER_BETTER, false,
         "How anxious you felt yesterday, from 0 (not at all) to 10 (completely)."},
    [KHI_UCLA3] = {"ucla3_total", "Loneliness score (UCLA-3)",
                   "Three questions about companionship, feeling left out and feeling isolated, "
                   "each scored 1 to 3 "
                   "and added up: from 3 to 9. It is only worked out when all three were answered.",
                   "Lower is less lonely.", KHI_LOWER_BETTER, false,
                   "Three questions about companionship, feeling left out and feeling isolated, "
                   "each scored 1 to 3 "
                   "and added up: from 3 to 9. It is only worked out when you answered all three."},
    [KHI_LONELY] =
        {"lonely", "How often the person feels lonely",
         "The answer to \"How often do you feel lonely?\", from \"often or always\" to \"never\".",
         "Higher on the chart is less lonely.", KHI_HIGHER_BETTER, false,
         "Your answer to \"How often do you feel lonely?\", from \"often or always\" to "
         "\"never\"."},
    [KHI_GAS] = {"gas_t_score", "Goal attainment (GAS T-score)",
                 "How the person's goals went at each review, all goals taken together and "
                 "weighted. 50 means "
                 "every goal was at the expected level; 40 to 60 is the usual range.",
                 "Higher is better: above 50 is better than expected.", KHI_HIGHER_BETTER, false,
                 "How your goals went at each review, all goals taken together and weighted. 50 "
                 "means every goal "
                 "was at the expected level; 40 to 60 is the usual range."},
    [KHI_MET] =
        {"outcomes_met", "Goals met at each review",
         "How many of the person's goals were at the expected level or better at each review.",
         "Higher is better.", KHI_HIGHER_BETTER, true,
         "How many of your goals were at the expected level or better at each review."},
    [KHI_CIRCLE] = {"circle_size", "People in the circle of support",
                    "How many people and groups the support plan names in the person's circle of "
                    "support, paid and "
                    "unpaid.",
                    "More people usually means more support.", KHI_HIGHER_BETTER, true,
                    "How many people and groups your support plan names in your circle of support, "
                    "paid and unpaid."},
    [KHI_UNPAID] = {"unpaid_share", "Unpaid share of the circle",
                    "Of the people and groups in the circle of support, the share who are not paid "
                    "to be there: "
                    "family, friends, neighbours and groups.",
                    "Higher usually means more support from the community.", KHI_HIGHER_BETTER,
                    true,
                    "Of the people and groups in your circle of support, the share who are not "
                    "paid to be there: "
                    "family, friends, neighbours and groups."},
};

const char *khi_key(khi_kind k)
{
	return k < KHI_N ? kinds[k].key : "";
}
const char *khi_title(khi_kind k)
{
	return k < KHI_N ? kinds[k].title : "";
}
const char *khi_meaning(khi_kind k)
{
	return k < KHI_N ? kinds[k].meaning : "";
}
const char *khi_meaning_self(khi_kind k)
{
	return k < KHI_N ? kinds[k].self : "";
}
const char *khi_direction_words(khi_kind k)
{
	return k < KHI_N ? kinds[k].direction : "";
}
khi_direction khi_direction_of(khi_kind k)
{
	return k < KHI_N ? kinds[k].dir : KHI_NO_DIRECTION;
}
int khi_scale(khi_kind k)
{
	return k == KHI_GAS ? 100 : 1;
}
bool khi_is_step(khi_kind k)
{
	return k < KHI_N && kinds[k].step;
}

const char *khi_source_words(khi_source s)
{
	return s == KHI_SRC_REVIEW ? "Review"
	       : s == KHI_SRC_PLAN ? "Support plan"
	                           : "Social prescribing";
}

void khi_obs_clear(khi_obs *o, int64_t day, khi_source source)
{
	memset(o, 0, sizeof *o);
	o->day = day;
	o->source = source;
	wb_clear(&o->wb);
	o->circle = -1;
}

/* Observations in date order, equal days in the order given (an index sort:
 * qsort is not stable). */
typedef struct {
	const khi_obs *o;
	size_t i;
} ordered;

static int by_day(const void *x, const void *y)
{
	const ordered *a = x, *b = y;
	if (a->o->day != b->o->day)
		return a->o->day < b->o->day ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static void add(khi_series *s, const khi_obs *o, int64_t value, int64_t of)
{
	if (s->n == KHI_POINTS_MAX) { /* keep the newest */
		memmove(s->points, s->points + 1, sizeof s->points[0] * (KHI_POINTS_MAX - 1));
		s->n--;
	}
	s->points[s->n++] = (khi_point){o->day, value, of, o->source};
}

static void add_obs(khi_series out[static KHI_N], const khi_obs *o)
{
	if (o->has_wb) {
		for (int i = 0; i < ONS4_N; i++)
			if (o->wb.ons4[i] >= 0 && o->wb.ons4[i] <= 10)
				add(&out[KHI_LIFE + i], o, o->wb.ons4[i], 0);
		int total = wb_ucla3_total(&o->wb);
		if (total >= 3)
			add(&out[KHI_UCLA3], o, total, 0);
		if (o->wb.lonely >= 0 && o->wb.lonely < LONELY_ANSWERS)
			add(&out[KHI_LONELY], o, o->wb.lonely, 0);
	}
	if (o->has_t)
		add(&out[KHI_GAS], o, o->t_centi, 0);
	if (o->goals > 0 && o->goals_met >= 0 && o->goals_met <= o->goals)
		add(&out[KHI_MET], o, o->goals_met, o->goals);
	if (o->circle >= 0 && o->unpaid >= 0 && o->unpaid <= o->circle) {
		add(&out[KHI_CIRCLE], o, o->circle, 0);
		/* a share of nobody is no share: an empty circle has no point */
		if (o->circle > 0)
			add(&out[KHI_UNPAID], o,
			    ((int64_t)o->unpaid * 200 + o->circle) / (2 * (int64_t)o->circle),
			    o->circle);
	}
}

void khi_build(const khi_obs *obs, size_t n, khi_series out[static KHI_N])
{
	for (int k = 0; k < KHI_N; k++) {
		out[k].kind = (khi_kind)k;
		out[k].n = 0;
		out[k].has_latest = out[k].has_change = false;
		out[k].latest = out[k].change = 0;
		out[k].band = "";
	}
	ordered *ord = n ? malloc(n * sizeof *ord) : NULL;
	if (n && !ord)
		return;
	for (size_t i = 0; i < n; i++)
		ord[i] = (ordered){&obs[i], i};
	if (n > 1)
		qsort(ord, n, sizeof *ord, by_day);
	for (size_t i = 0; i < n; i++)
		add_obs(out, ord[i].o);
	free(ord);
	for (int k = 0; k < KHI_N; k++) {
		khi_series *s = &out[k];
		if (!s->n)
			continue;
		s->has_latest = true;
		s->latest = s->points[s->n - 1].value;
		s->has_change = s->n > 1;
		s->change = s->latest - s->points[0].value;
		s->band = khi_band(s->kind, s->latest);
	}
}

const char *khi_band(khi_kind k, int64_t v)
{
	switch (k) {
	case KHI_LIFE:
	case KHI_WORTHWHILE:
	case KHI_HAPPY:
	case KHI_ANXIOUS:
		return v >= 0 && v <= 10 ? wb_ons4_band(ONS4_LIFE + (int)(k - KHI_LIFE), (int)v)
		                         : "";
	case KHI_UCLA3:
		/* 6 or more is the usual line for "lonely" on the 3-item scale */
		return v < 3 || v > 9 ? "" : v >= 6 ? "lonely more often" : "lonely less often";
	case KHI_LONELY: return v >= 0 && v < LONELY_ANSWERS ? wb_lonely_answer((int)v) : "";
	case KHI_GAS:
		return v < 5000    ? "below what was expected"
		       : v == 5000 ? "as expected"
		                   : "better than expected";
	default: return "";
	}
}

/* |v| in the kind's units: "7", "0.35". */
static const char *magnitude(arena *a, khi_kind k, int64_t v)
{
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (khi_scale(k) == 100)
		return arena_printf(a, "%llu.%02llu", (unsigned long long)(m / 100),
		                    (unsigned long long)(m % 100));
	return arena_printf(a, "%llu", (unsigned long long)m);
}

const char *khi_value_text(arena *a, khi_kind k, int64_t value, int64_t of)
{
	if (k == KHI_LONELY)
		return wb_lonely_answer((int)(value >= 0 && value < LONELY_ANSWERS ? value : -1));
	if (k == KHI_UNPAID)
		return arena_printf(a, "%lld%%", (long long)value);
	if (k == KHI_MET)
		return arena_printf(a, "%lld of %lld", (long long)value, (long long)of);
	return arena_printf(a, "%s%s", value < 0 ? "-" : "", magnitude(a, k, value));
}

const char *khi_change_text(arena *a, khi_kind k, int64_t change)
{
	if (!change)
		return "no change";
	if (k == KHI_LONELY) /* steps between the answers, not a number */
		return arena_printf(
		    a, "%s %s", change > 0 ? "less lonely by" : "more lonely by",
		    text_count(a, change > 0 ? change : -change, "answer", "answers"));
	return arena_printf(a, "%s %s%s", change > 0 ? "up" : "down", magnitude(a, k, change),
	                    k == KHI_UNPAID ? " percentage points" : "");
}

const char *khi_change_verdict(khi_kind k, int64_t change)
{
	khi_direction d = khi_direction_of(k);
	if (d == KHI_NO_DIRECTION)
		return "";
	if (!change)
		return "same";
	return (change > 0) == (d == KHI_HIGHER_BETTER) ? "better" : "worse";
}

void khi_goals_of(const json_t *outcomes, int *goals, int *met)
{
	*goals = *met = 0;
	size_t i;
	const json_t *o;
	if (!json_is_array(outcomes))
		return;
	json_array_foreach(outcomes, i, o)
	{
		const json_t *sc = json_object_get(o, "score");
		if (!json_is_integer(sc) || json_integer_value(sc) < -2 ||
		    json_integer_value(sc) > 2)
			continue;
		(*goals)++;
		if (json_integer_value(sc) >= 0)
			(*met)++;
	}
}

void khi_circle_of(const plan_doc *d, int *circle, int *unpaid)
{
	*circle = (int)d->n_circle;
	*unpaid = 0;
	for (size_t i = 0; i < d->n_circle; i++)
		if (d->circle[i].ring != RING_PAID)
			(*unpaid)++;
}
