/* The resource allocation system: points from answers, the price per point, rounding, floors and
 * ceilings, and what-if counts, in whole pence. */
#include <stdio.h>
#include <string.h>

#include "charging.h" /* chg_money */
#include "ras.h"

/* ---- look-ups ---- */

int ras_question_index(const ras_scheme *s, const char *key)
{
	for (size_t i = 0; i < s->n_questions; i++)
		if (strcmp(s->questions[i].key, key) == 0)
			return (int)i;
	return -1;
}

int ras_answer_index(const ras_question *q, const char *key)
{
	for (size_t i = 0; i < q->n_answers; i++)
		if (strcmp(q->answers[i].key, key) == 0)
			return (int)i;
	return -1;
}

int ras_group_index(const ras_scheme *s, const char *key)
{
	for (size_t i = 0; i < s->n_groups; i++)
		if (strcmp(s->groups[i].key, key) == 0)
			return (int)i;
	return -1;
}

int ras_year_index(const ras_scheme *s, const char *year)
{
	for (size_t i = 0; i < s->n_years; i++)
		if (strcmp(s->years[i], year) == 0)
			return (int)i;
	return -1;
}

sn_err ras_price_pence(const ras_scheme *s, const char *group, const char *year, int64_t *out)
{
	int g = ras_group_index(s, group), y = ras_year_index(s, year);
	if (g < 0 || y < 0)
		return SN_EINPUT;
	*out = s->groups[g].price_pence[y];
	return SN_OK;
}

/* ---- from a needs assessment ---- */

static const struct {
	const char *key, *label;
} support_reasons[RAS_N_SUPPORT_REASONS] = {
	{"physical", "physical support (help with moving about or with personal care)"},
	{"sensory", "sensory support (sight, hearing or both)"},
	{"memory_cognition", "support with memory and cognition"},
	{"learning_disability", "learning disability support"},
	{"mental_health", "mental health support"},
	{"social", "social support (such as substance misuse or social isolation)"},
};

const char *ras_support_reason_key(size_t i)
{
	return i < RAS_N_SUPPORT_REASONS ? support_reasons[i].key : NULL;
}

const char *ras_support_reason_label(size_t i)
{
	return i < RAS_N_SUPPORT_REASONS ? support_reasons[i].label : NULL;
}

int ras_support_reason_index(const char *key)
{
	for (size_t i = 0; key && i < RAS_N_SUPPORT_REASONS; i++)
		if (strcmp(support_reasons[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* The group's age limits as a closed range. */
static void age_range(const ras_group *g, int *lo, int *hi)
{
	*lo = g->from_min_age ? g->from_min_age : 0;
	*hi = g->from_max_age ? g->from_max_age : RAS_MAX_AGE;
}

int ras_group_from_assessment(const ras_scheme *s, const char *reason, int age, bool *needs_age)
{
	int r = ras_support_reason_index(reason);
	if (needs_age)
		*needs_age = false;
	if (r < 0)
		return -1;
	for (size_t i = 0; i < s->n_groups; i++) {
		const ras_group *g = &s->groups[i];
		if (!(g->from_reasons & (1u << r)))
			continue;
		int lo, hi;
		age_range(g, &lo, &hi);
		bool any_age = lo == 0 && hi == RAS_MAX_AGE;
		if (age < 0 && !any_age) {
			if (needs_age)
				*needs_age = true;
			continue;
		}
		if (any_age || (age >= lo && age <= hi))
			return (int)i;
	}
	return -1;
}

/* ---- rounding ---- */

int64_t ras_round_pence(int64_t pence, ras_round_mode mode, int64_t step_pence)
{
	if (step_pence <= 1 || pence <= 0)
		return pence;
	int64_t below = pence / step_pence * step_pence, rest = pence - below;
	if (rest == 0)
		return pence;
	switch (mode) {
	case RAS_ROUND_UP: return below + step_pence;
	case RAS_ROUND_DOWN: return below;
	case RAS_ROUND_NEAREST: return 2 * rest >= step_pence ? below + step_pence : below;
	}
	return pence;
}

const char *ras_round_mode_name(ras_round_mode mode)
{
	switch (mode) {
	case RAS_ROUND_UP: return "up";
	case RAS_ROUND_DOWN: return "down";
	case RAS_ROUND_NEAREST: return "nearest";
	}
	return "?";
}

/* A rounding step in words: "£1", "£2.50", "50p", "1p". */
static void step_words(int64_t step, char *out, size_t size)
{
	if (step < 100) {
		snprintf(out, size, "%lldp", (long long)step);
		return;
	}
	chg_money(step, out, size);
	size_t n = strlen(out);
	if (step % 100 == 0 && n > 3 && strcmp(out + n - 3, ".00") == 0)
		out[n - 3] = 0;
}

void ras_rounding_words(const ras_scheme *s, char *out, size_t size)
{
	char st[48];
	step_words(s->rounding_step_pence, st, sizeof st);
	if (s->rounding_step_pence <= 1) {
		snprintf(out, size, "none (to the penny)");
		return;
	}
	switch (s->rounding) {
	case RAS_ROUND_UP: snprintf(out, size, "up to the next %s", st); return;
	case RAS_ROUND_DOWN: snprintf(out, size, "down to a multiple of %s", st); return;
	case RAS_ROUND_NEAREST:
		snprintf(out, size, "to the nearest %s (exactly half way rounds up)", st);
		return;
	}
	snprintf(out, size, "?");
}

/* ---- checking a scheme ---- */

#define CHECK_FAIL(...)                                                                            \
	do {                                                                                       \
		snprintf(err, err_size, __VA_ARGS__);                                              \
		return SN_EINPUT;                                                                  \
	} while (0)

/* A NUL within the field's size and not empty. */
static bool text_ok(const char *s, size_t size)
{
	return strnlen(s, size) < size && s[0] != 0;
}

/* Question, answer and group keys: a-z first, then a-z, 0-9, _. */
static bool key_ok(const char *s, size_t size)
{
	if (!text_ok(s, size) || s[0] < 'a' || s[0] > 'z')
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* Scheme ids: a-z or 0-9 first, then a-z, 0-9, -. Safe in a file name. */
static bool id_ok(const char *s, size_t size)
{
	if (!text_ok(s, size) || s[0] == '-')
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/* s is read only up to its NUL or 8 bytes, whichever is first. */
static bool tax_year_ok(const char *s)
{
	if (strnlen(s, 8) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	int first = (s[2] - '0') * 10 + (s[3] - '0');
	int second = (s[5] - '0') * 10 + (s[6] - '0');
	return second == (first + 1) % 100;
}

bool ras_scheme_id_ok(const char *id)
{
	return strnlen(id, RAS_ID_MAX) < RAS_ID_MAX && id_ok(id, RAS_ID_MAX);
}

bool ras_tax_year_ok(const char *year)
{
	return tax_year_ok(year);
}

/* The scheme's own fields and its years. */
static sn_err check_head(const ras_scheme *s, char *err, size_t err_size)
{
	if (!id_ok(s->id, sizeof s->id))
		CHECK_FAIL("id: must be 1 to %d of a-z, 0-9 and -, not starting with -",
		           RAS_ID_MAX - 1);
	if (s->version < 1 || s->version > RAS_MAX_VERSION)
		CHECK_FAIL("version: must be a whole number from 1 to %d", RAS_MAX_VERSION);
	if (!text_ok(s->name, sizeof s->name))
		CHECK_FAIL("name: must not be empty");
	if (strcmp(s->status, "draft") != 0 && strcmp(s->status, "adopted") != 0)
		CHECK_FAIL("status: must be \"draft\" or \"adopted\"");
	if (strnlen(s->description, sizeof s->description) >= sizeof s->description)
		CHECK_FAIL("description: too long");
	if (s->rounding != RAS_ROUND_UP && s->rounding != RAS_ROUND_DOWN &&
	    s->rounding != RAS_ROUND_NEAREST)
		CHECK_FAIL("rounding.mode: must be \"up\", \"down\" or \"nearest\"");
	if (s->rounding_step_pence < 1 || s->rounding_step_pence > RAS_MAX_STEP_PENCE)
		CHECK_FAIL("rounding.step_pence: must be a whole number of pence from 1 to %d",
		           RAS_MAX_STEP_PENCE);

	if (s->n_years < 1 || s->n_years > RAS_MAX_YEARS)
		CHECK_FAIL("years: must list 1 to %d tax years", RAS_MAX_YEARS);
	for (size_t i = 0; i < s->n_years; i++) {
		if (!tax_year_ok(s->years[i]))
			CHECK_FAIL("years[%zu]: not a tax year like 2025-26", i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->years[i], s->years[j]) == 0)
				CHECK_FAIL("years[%zu]: %s is listed twice (also years[%zu])", i,
				           s->years[i], j);
		if (s->hourly_rate_pence[i] < 0 || s->hourly_rate_pence[i] > RAS_MAX_PRICE_PENCE)
			CHECK_FAIL(
			    "hourly_rate_pence.%s: must be a whole number of pence from 1 to %d",
			    s->years[i], RAS_MAX_PRICE_PENCE);
	}
	return SN_OK;
}

/* Its questions and their answers. */
static sn_err check_questions(const ras_scheme *s, char *err, size_t err_size)
{
	if (s->n_questions < 1 || s->n_questions > RAS_MAX_QUESTIONS)
		CHECK_FAIL("questions: must have 1 to %d questions", RAS_MAX_QUESTIONS);
	for (size_t i = 0; i < s->n_questions; i++) {
		const ras_question *q = &s->questions[i];
		if (!key_ok(q->key, sizeof q->key))
			CHECK_FAIL("questions[%zu].key: must be 1 to %d of a-z, 0-9 and _, "
			           "starting with a letter",
			           i, RAS_KEY_MAX - 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(q->key, s->questions[j].key) == 0)
				CHECK_FAIL(
				    "questions[%zu].key: '%s' is used twice (also questions[%zu])",
				    i, q->key, j);
		if (!text_ok(q->label, sizeof q->label))
			CHECK_FAIL("questions[%zu].label: must not be empty", i);
		if (strnlen(q->description, sizeof q->description) >= sizeof q->description)
			CHECK_FAIL("questions[%zu].description: too long", i);
		if (q->n_answers < RAS_MIN_ANSWERS || q->n_answers > RAS_MAX_ANSWERS)
			CHECK_FAIL("questions[%zu].answers: must have %d to %d answers", i,
			           RAS_MIN_ANSWERS, RAS_MAX_ANSWERS);
		for (size_t k = 0; k < q->n_answers; k++) {
			const ras_answer *an = &q->answers[k];
			if (!key_ok(an->key, sizeof an->key))
				CHECK_FAIL("questions[%zu].answers[%zu].key: must be 1 to %d of "
				           "a-z, 0-9 and _, starting with a letter",
				           i, k, RAS_KEY_MAX - 1);
			for (size_t j = 0; j < k; j++)
				if (strcmp(an->key, q->answers[j].key) == 0)
					CHECK_FAIL("questions[%zu].answers[%zu].key: '%s' is used "
					           "twice (also answers[%zu])",
					           i, k, an->key, j);
			if (!text_ok(an->label, sizeof an->label))
				CHECK_FAIL("questions[%zu].answers[%zu].label: must not be empty",
				           i, k);
			if (an->points < 0 || an->points > RAS_MAX_POINTS)
				CHECK_FAIL("questions[%zu].answers[%zu].points: must be a whole "
				           "number from 0 to %d",
				           i, k, RAS_MAX_POINTS);
		}
	}
	return SN_OK;
}

/* Its client groups, with a price for every year. */
static sn_err check_groups(const ras_scheme *s, char *err, size_t err_size)
{
	char a[48], b[48];
	if (s->n_groups < 1 || s->n_groups > RAS_MAX_GROUPS)
		CHECK_FAIL("client_groups: must have 1 to %d client groups", RAS_MAX_GROUPS);
	for (size_t i = 0; i < s->n_groups; i++) {
		const ras_group *g = &s->groups[i];
		if (!key_ok(g->key, sizeof g->key))
			CHECK_FAIL("client_groups[%zu].key: must be 1 to %d of a-z, 0-9 and _, "
			           "starting with a letter",
			           i, RAS_KEY_MAX - 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(g->key, s->groups[j].key) == 0)
				CHECK_FAIL("client_groups[%zu].key: '%s' is used twice (also "
				           "client_groups[%zu])",
				           i, g->key, j);
		if (!text_ok(g->label, sizeof g->label))
			CHECK_FAIL("client_groups[%zu].label: must not be empty", i);
		if (strnlen(g->description, sizeof g->description) >= sizeof g->description)
			CHECK_FAIL("client_groups[%zu].description: too long", i);
		if (g->floor_pence < 0 || g->floor_pence > RAS_MAX_WEEKLY_PENCE)
			CHECK_FAIL("client_groups[%zu].floor_pence: must be a whole number of "
			           "pence from 0 to %lld",
			           i, (long long)RAS_MAX_WEEKLY_PENCE);
		if (g->ceiling_pence < 1 || g->ceiling_pence > RAS_MAX_WEEKLY_PENCE)
			CHECK_FAIL("client_groups[%zu].ceiling_pence: must be a whole number of "
			           "pence from 1 to %lld",
			           i, (long long)RAS_MAX_WEEKLY_PENCE);
		if (g->floor_pence > g->ceiling_pence) {
			chg_money(g->floor_pence, a, sizeof a);
			chg_money(g->ceiling_pence, b, sizeof b);
			CHECK_FAIL("client_groups[%zu].floor_pence: %s is above the ceiling, %s", i,
			           a, b);
		}
		for (size_t y = 0; y < s->n_years; y++) {
			if (g->price_pence[y] == 0)
				CHECK_FAIL(
				    "client_groups[%zu].price_per_point_pence: no price for %s", i,
				    s->years[y]);
			if (g->price_pence[y] < 1 || g->price_pence[y] > RAS_MAX_PRICE_PENCE)
				CHECK_FAIL("client_groups[%zu].price_per_point_pence.%s: must be a "
				           "whole number of pence from 1 to %d",
				           i, s->years[y], RAS_MAX_PRICE_PENCE);
		}
	}
	return SN_OK;
}

/* Each question's way to its answer from a needs assessment. */
static sn_err check_from_questions(const ras_scheme *s, char *err, size_t err_size)
{
	for (size_t i = 0; i < s->n_questions; i++) {
		const ras_question *q = &s->questions[i];
		const ras_from_assessment *f = &q->from;
		if (f->n_outcomes > RAS_MAX_FROM_OUTCOMES)
			CHECK_FAIL("questions[%zu].from_assessment.outcomes: at most %d", i,
			           RAS_MAX_FROM_OUTCOMES);
		for (size_t k = 0; k < f->n_outcomes; k++) {
			bool known = false;
			for (size_t o = 0; o < elig_n_outcomes(false) && !known; o++)
				known = strcmp(f->outcomes[k], elig_outcome_key(false, o)) == 0;
			if (!known)
				CHECK_FAIL("questions[%zu].from_assessment.outcomes[%zu]: '%.40s' is "
				           "not an outcome of a needs assessment",
				           i, k, f->outcomes[k]);
			for (size_t j = 0; j < k; j++)
				if (strcmp(f->outcomes[k], f->outcomes[j]) == 0)
					CHECK_FAIL("questions[%zu].from_assessment.outcomes[%zu]: "
					           "listed twice",
					           i, k);
		}
		for (int w = 0; f->n_outcomes && w < ELIG_N_WAYS; w++) {
			int a = f->answer_of_way[w];
			if (a < RAS_FROM_UNMAPPED || a >= (int)q->n_answers)
				CHECK_FAIL("questions[%zu].from_assessment.ways.%s: not an answer "
				           "to this question",
				           i, elig_way_key((elig_way)w));
			if (a == RAS_FROM_LEFT_OUT && q->required)
				CHECK_FAIL("questions[%zu].from_assessment.ways.%s: null (left out) "
				           "only suits a question that is not required",
				           i, elig_way_key((elig_way)w));
		}
	}
	return SN_OK;
}

/* Each group's choice from a needs assessment: known reasons, ages in
 * order, and no reason and age that would choose two groups. */
static sn_err check_from_groups(const ras_scheme *s, char *err, size_t err_size)
{
	for (size_t i = 0; i < s->n_groups; i++) {
		const ras_group *g = &s->groups[i];
		if (g->from_reasons >> RAS_N_SUPPORT_REASONS)
			CHECK_FAIL("client_groups[%zu].from_assessment.support_reasons: unknown "
			           "reason",
			           i);
		if (g->from_min_age < 0 || g->from_min_age > RAS_MAX_AGE || g->from_max_age < 0 ||
		    g->from_max_age > RAS_MAX_AGE)
			CHECK_FAIL("client_groups[%zu].from_assessment: ages must be from 0 to %d", i,
			           RAS_MAX_AGE);
		int lo, hi;
		age_range(g, &lo, &hi);
		if (lo > hi)
			CHECK_FAIL("client_groups[%zu].from_assessment.min_age: above max_age", i);
		for (size_t j = 0; j < i; j++) {
			unsigned both = g->from_reasons & s->groups[j].from_reasons;
			int lo2, hi2;
			age_range(&s->groups[j], &lo2, &hi2);
			if (both && (lo > lo2 ? lo : lo2) <= (hi < hi2 ? hi : hi2))
				CHECK_FAIL("client_groups[%zu].from_assessment: the same reason and "
				           "age would also choose client_groups[%zu]",
				           i, j);
		}
	}
	return SN_OK;
}

sn_err ras_scheme_check(const ras_scheme *s, char *err, size_t err_size)
{
	sn_err rc = check_head(s, err, err_size);
	if (!rc)
		rc = check_questions(s, err, err_size);
	if (!rc)
		rc = check_groups(s, err, err_size);
	if (!rc)
		rc = check_from_questions(s, err, err_size);
	if (!rc)
		rc = check_from_groups(s, err, err_size);
	return rc;
}

/* ---- the budget ---- */

__attribute__((format(printf, 3, 4))) static void line(ras_result *r, bool words, const char *fmt,
                                                       ...)
{
	if (!words || r->n_lines >= RAS_MAX_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->lines[r->n_lines++], RAS_LINE_MAX, fmt, ap);
	va_end(ap);
}

#define COMPUTE_FAIL(...)                                                                          \
	do {                                                                                       \
		snprintf(out->error, sizeof out->error, __VA_ARGS__);                              \
		out->n_lines = 0;                                                                  \
		return SN_EINPUT;                                                                  \
	} while (0)

/* The first answer with the fewest points. */
static int lowest_answer(const ras_question *q)
{
	int best = 0;
	for (size_t i = 1; i < q->n_answers; i++)
		if (q->answers[i].points < q->answers[best].points)
			best = (int)i;
	return best;
}

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

/* Which answer goes with which question: chosen[q] is an answer index, -1
 * for an unknown answer (lenient only) or -2 when q is not answered. */
static sn_err match_answers(const ras_scheme *s, const ras_case *c, bool lenient,
                            int chosen[RAS_MAX_QUESTIONS], ras_result *out)
{
	for (size_t i = 0; i < s->n_questions; i++)
		chosen[i] = -2; /* not answered */
	for (size_t i = 0; i < c->n_answers && i < RAS_MAX_QUESTIONS; i++) {
		const ras_case_answer *ca = &c->answers[i];
		int q = ras_question_index(s, ca->question);
		if (q < 0) {
			if (lenient)
				continue;
			COMPUTE_FAIL("answers.%.40s: not a question in scheme %s", ca->question,
			             s->id);
		}
		if (chosen[q] != -2) {
			if (lenient)
				continue;
			COMPUTE_FAIL("answers.%.40s: answered twice", ca->question);
		}
		int an = ras_answer_index(&s->questions[q], ca->answer);
		if (an < 0 && !lenient)
			COMPUTE_FAIL("answers.%.40s: '%.40s' is not an answer to this question",
			             ca->question, ca->answer);
		chosen[q] = an; /* -1: an unknown answer, lenient */
	}
	return SN_OK;
}

/* The points of each question and their total. */
static sn_err score(const ras_scheme *s, const int chosen[RAS_MAX_QUESTIONS], bool lenient,
                    bool words, ras_result *out)
{
	int total = 0;
	for (size_t i = 0; i < s->n_questions; i++) {
		const ras_question *q = &s->questions[i];
		ras_points_line *pl = &out->points[out->n_points++];
		pl->question = (int)i;
		pl->answer = chosen[i];
		if (chosen[i] >= 0) {
			pl->points = q->answers[chosen[i]].points;
			line(out, words, "%s: %s: %d point%s", q->label,
			     q->answers[chosen[i]].label, pl->points, plural(pl->points));
		} else if (q->required || chosen[i] == -1) {
			if (!lenient)
				COMPUTE_FAIL(
				    "answers.%s: missing answer (this question is required)",
				    q->key);
			pl->answer = lowest_answer(q);
			pl->points = q->answers[pl->answer].points;
			pl->assumed = true;
			out->n_assumed++;
			line(out, words,
			     "%s: no usable answer, so the lowest, %s, is assumed: %d point%s",
			     q->label, q->answers[pl->answer].label, pl->points,
			     plural(pl->points));
		} else {
			pl->answer = -1;
			pl->points = 0;
			line(out, words, "%s: not answered (optional question): 0 points",
			     q->label);
		}
		total += pl->points; /* at most 40 × 1000 */
	}
	out->total_points = total;
	line(out, words, "Total: %d point%s", total, plural(total));
	return SN_OK;
}

/* Points (more than 0) × the price, rounded as the scheme says, then held
 * between the group's floor and ceiling. price_text: the price in words. */
static void apply_price(const ras_scheme *s, const ras_group *grp, int64_t price_pence,
                        const char *price_text, bool words, ras_result *out)
{
	char b[48], d[48];
	int total = out->total_points;
	int64_t raw = (int64_t)total * price_pence;
	out->raw_pence = raw;
	chg_money(raw, b, sizeof b);
	line(out, words, "%d × %s = %s", total, price_text, b);
	int64_t rounded = ras_round_pence(raw, s->rounding, s->rounding_step_pence);
	out->rounded_pence = rounded;
	char st[48];
	step_words(s->rounding_step_pence, st, sizeof st);
	chg_money(rounded, d, sizeof d);
	if (s->rounding_step_pence <= 1)
		line(out, words, "Not rounded: the scheme works to the penny.");
	else if (rounded == raw)
		line(out, words, "%s is already a multiple of %s: no rounding needed.", b, st);
	else if (s->rounding == RAS_ROUND_UP)
		line(out, words, "Rounded up to the next %s: %s", st, d);
	else if (s->rounding == RAS_ROUND_DOWN)
		line(out, words, "Rounded down to a multiple of %s: %s", st, d);
	else
		line(out, words, "Rounded to the nearest %s (exactly half way rounds up): %s", st,
		     d);

	int64_t budget = rounded;
	char fl[48], ce[48];
	chg_money(grp->floor_pence, fl, sizeof fl);
	chg_money(grp->ceiling_pence, ce, sizeof ce);
	if (rounded < grp->floor_pence) {
		budget = grp->floor_pence;
		out->floor_applied = true;
		line(out, words, "%s is below the floor for %s, %s: the budget is raised to the floor.",
		     d, grp->label, fl);
	} else if (rounded > grp->ceiling_pence) {
		budget = grp->ceiling_pence;
		out->ceiling_applied = true;
		line(out, words,
		     "%s is above the ceiling for %s, %s: the budget is held at the ceiling.", d,
		     grp->label, ce);
	} else {
		line(out, words, "%s is within the floor (%s) and the ceiling (%s) for %s: no change.",
		     d, fl, ce, grp->label);
	}
	out->weekly_budget_pence = budget;
}

/* The budget, what it buys at the scheme's illustrative hourly rate for
 * year y, and what an indicative budget is. */
static void conclude(const ras_scheme *s, int y, bool words, ras_result *out)
{
	char a[48], b[48];
	chg_money(out->weekly_budget_pence, a, sizeof a);
	line(out, words, "Indicative weekly budget: %s", a);
	int64_t rate = s->hourly_rate_pence[y];
	if (rate > 0 && out->weekly_budget_pence > 0) {
		int64_t minutes = out->weekly_budget_pence * 60 / rate;
		int64_t h = minutes / 60, m = minutes % 60;
		chg_money(rate, b, sizeof b);
		if (m)
			line(out, words,
			     "For illustration: at %s an hour, %s a week buys %lld hour%s %lld "
			     "minute%s of support (to the minute below).",
			     b, a, (long long)h, h == 1 ? "" : "s", (long long)m,
			     m == 1 ? "" : "s");
		else
			line(out, words,
			     "For illustration: at %s an hour, %s a week buys %lld hour%s of "
			     "support.",
			     b, a, (long long)h, h == 1 ? "" : "s");
	}
	line(out, words,
	     "This is an indicative budget, a starting point for planning: the final budget is "
	     "agreed when the support plan is signed off.");
}

/* lenient: what if (see ras_whatif_case); words: write the workings. */
static sn_err compute(const ras_scheme *s, const ras_case *c, bool lenient, bool words,
                      ras_result *out)
{
	memset(out, 0, sizeof *out);
	int g = ras_group_index(s, c->client_group);
	if (g < 0)
		COMPUTE_FAIL("client_group: '%.40s' is not a client group of scheme %s",
		             c->client_group, s->id);
	int y = ras_year_index(s, c->year);
	if (y < 0)
		COMPUTE_FAIL("year: scheme %s has no prices for %.8s", s->id, c->year);
	const ras_group *grp = &s->groups[g];
	out->group = g;
	out->year = y;
	int chosen[RAS_MAX_QUESTIONS];
	sn_err rc = match_answers(s, c, lenient, chosen, out);
	if (rc)
		return rc;

	line(out, words, "Scheme: %s (%s, version %d, %s).", s->name, s->id, s->version, s->status);
	if (strcmp(s->status, "draft") == 0)
		line(out, words,
		     "This scheme is a draft: its figures are for trying it out, not for setting "
		     "budgets.");
	rc = score(s, chosen, lenient, words, out);
	if (rc)
		return rc;

	char a[48];
	int64_t price_pence = grp->price_pence[y];
	out->price_per_point_pence = price_pence;
	chg_money(price_pence, a, sizeof a);
	line(out, words, "Price per point for %s in %s: %s", grp->label, s->years[y], a);
	if (out->total_points == 0)
		line(out, words,
		     "No points: the indicative weekly budget is £0.00 (a floor applies only when "
		     "there are points).");
	else
		apply_price(s, grp, price_pence, a, words, out);
	conclude(s, y, words, out);
	return SN_OK;
}

sn_err ras_compute(const ras_scheme *s, const ras_case *c, ras_result *out)
{
	return compute(s, c, false, true, out);
}

/* ---- what if ---- */

void ras_whatif_init(ras_whatif *w)
{
	memset(w, 0, sizeof *w);
}

static void count(ras_whatif_row *r, int64_t before, int64_t after)
{
	r->n++;
	if (after > before)
		r->up++;
	else if (after < before)
		r->down++;
	else
		r->unchanged++;
	r->before_pence += before;
	r->after_pence += after;
}

static sn_err whatif_add(ras_whatif *w, const char *client_group, const char *locality,
                         int64_t before, int64_t after, ras_whatif_row **row)
{
	if (!locality)
		locality = "";
	if (!client_group || strlen(client_group) >= RAS_KEY_MAX ||
	    strlen(locality) >= RAS_LABEL_MAX)
		return SN_EINPUT;
	if (before < 0 || before > RAS_MAX_WEEKLY_PENCE || after < 0 ||
	    after > RAS_MAX_WEEKLY_PENCE)
		return SN_EINPUT;
	/* The sums stay far below INT64_MAX: 2^63 / £1,000,000 is 9 × 10^10 cases. */
	if (w->total.n >= (size_t)1 << 36)
		return SN_ETOOBIG;
	ras_whatif_row *r = NULL;
	for (size_t i = 0; i < w->n_rows && !r; i++)
		if (strcmp(w->rows[i].client_group, client_group) == 0 &&
		    strcmp(w->rows[i].locality, locality) == 0)
			r = &w->rows[i];
	if (!r) {
		if (w->n_rows >= RAS_WHATIF_MAX_ROWS)
			return SN_ETOOBIG;
		r = &w->rows[w->n_rows++];
		memset(r, 0, sizeof *r);
		snprintf(r->client_group, sizeof r->client_group, "%s", client_group);
		snprintf(r->locality, sizeof r->locality, "%s", locality);
	}
	count(r, before, after);
	count(&w->total, before, after);
	*row = r;
	return SN_OK;
}

sn_err ras_whatif_add(ras_whatif *w, const char *client_group, const char *locality,
                      int64_t before_pence, int64_t after_pence)
{
	ras_whatif_row *r;
	return whatif_add(w, client_group, locality, before_pence, after_pence, &r);
}

sn_err ras_whatif_case(const ras_scheme *current, const ras_scheme *draft, const ras_case *c,
                       int64_t *before, int64_t *after, size_t *n_assumed)
{
	ras_result r; /* the numbers only: no workings are written */
	sn_err rc = compute(current, c, true, false, &r);
	if (rc)
		return rc;
	*before = r.weekly_budget_pence;
	size_t assumed = r.n_assumed;
	rc = compute(draft, c, true, false, &r);
	if (rc)
		return rc;
	*after = r.weekly_budget_pence;
	assumed += r.n_assumed;
	if (n_assumed)
		*n_assumed = assumed;
	return SN_OK;
}

sn_err ras_whatif_run(ras_whatif *w, const ras_scheme *current, const ras_scheme *draft,
                      const ras_case *c, const char *locality)
{
	int64_t before, after;
	size_t assumed;
	sn_err rc = ras_whatif_case(current, draft, c, &before, &after, &assumed);
	if (rc)
		return rc;
	ras_whatif_row *r;
	rc = whatif_add(w, c->client_group, locality, before, after, &r);
	if (rc)
		return rc;
	if (assumed) {
		r->assumed++;
		w->total.assumed++;
	}
	return SN_OK;
}
