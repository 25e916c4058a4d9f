/* The schemes' rules (schemes.h): vetting, words, availability, which
 * pairs are possible and what each costs, and a run of the matching
 * engine with its proposals and their runners-up. Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../directory/geo/geo.h"
#include "../match/match.h"
#include "schemes.h"

/* ---- vetting ---- */

sch_vet_state sch_vetting_state(const sch_scheme *s, const sch_vetting *v, int64_t today, const char **why)
{
	const char *w = "";
	sch_vet_state st = SCH_VET_VALID;
	uint32_t all = s->n_training >= 32 ? UINT32_MAX : (1u << s->n_training) - 1u;
	if (!v)
		st = SCH_VET_NONE, w = "No vetting is recorded.";
	else if (v->dbs < s->dbs)
		st = SCH_VET_INCOMPLETE, w = "The DBS check is below the level the scheme needs.";
	else if (v->references < s->references)
		st = SCH_VET_INCOMPLETE, w = "References are missing.";
	else if ((v->training & all) != all)
		st = SCH_VET_INCOMPLETE, w = "Training is missing.";
	else if (!v->signed_off)
		st = SCH_VET_INCOMPLETE, w = "A coordinator has not signed it off.";
	else if (today > v->expires_on)
		st = SCH_VET_EXPIRED, w = "The DBS check has expired.";
	else if (v->expires_on - today <= SCH_VET_WARN_DAYS)
		st = SCH_VET_EXPIRING, w = "The DBS check expires within 30 days.";
	if (why)
		*why = w;
	return st;
}

bool sch_vet_ok(sch_vet_state st) { return st == SCH_VET_VALID || st == SCH_VET_EXPIRING; }

const char *sch_vet_code(sch_vet_state st)
{
	static const char *const c[] = {"none", "incomplete", "expired", "expiring", "valid"};
	return st <= SCH_VET_VALID ? c[st] : "";
}

const char *sch_vet_words(sch_vet_state st)
{
	static const char *const c[] = {"Not vetted", "Vetting incomplete", "Expired", "Expires soon", "Valid"};
	return st <= SCH_VET_VALID ? c[st] : "";
}

/* ---- words ---- */

sn_err sch_words_parse(const char *text, sch_words *out, const char **why)
{
	memset(out, 0, sizeof *out);
	*why = "";
	const char *p = text ? text : "";
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *b = p;
		while (len && (*b == ' ' || *b == '\t'))
			b++, len--;
		while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
			len--;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)b[i] < 0x20 || b[i] == 0x7f) {
				*why = "must be words separated by commas, without line breaks";
				return SN_EINPUT;
			}
		if (len > SCH_WORD_MAX) {
			*why = "each must be at most 40 characters";
			return SN_EINPUT;
		}
		bool seen = !len;
		for (size_t k = 0; k < out->n && !seen; k++)
			seen = strlen(out->w[k]) == len && !strncasecmp(out->w[k], b, len);
		if (!seen) {
			if (out->n == SCH_WORDS_MAX) {
				*why = "at most 8, separated by commas";
				return SN_EINPUT;
			}
			memcpy(out->w[out->n], b, len);
			out->w[out->n++][len] = 0;
		}
		p = e ? e + 1 : p + strlen(p);
	}
	return SN_OK;
}

const char *sch_words_text(arena *a, const sch_words *w)
{
	char out[SCH_WORDS_MAX * (SCH_WORD_MAX + 2) + 1] = "";
	for (size_t i = 0; i < w->n; i++) {
		if (i)
			strcat(out, ", ");
		strcat(out, w->w[i]);
	}
	return arena_strdup(a, out);
}

int sch_words_shared(const sch_words *a, const sch_words *b)
{
	int n = 0;
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < b->n; k++)
			if (str_ieq(a->w[i], b->w[k])) {
				n++;
				break;
			}
	return n;
}

/* ---- availability ---- */

static const char *const slot_codes[SCH_SLOTS] = {
	"mon-am", "mon-pm", "mon-eve",
	"tue-am", "tue-pm", "tue-eve",
	"wed-am", "wed-pm", "wed-eve",
	"thu-am", "thu-pm", "thu-eve",
	"fri-am", "fri-pm", "fri-eve",
	"sat-am", "sat-pm", "sat-eve",
	"sun-am", "sun-pm", "sun-eve",
};
static const char *const slot_words[SCH_SLOTS] = {
	"Monday morning", "Monday afternoon", "Monday evening",
	"Tuesday morning", "Tuesday afternoon", "Tuesday evening",
	"Wednesday morning", "Wednesday afternoon", "Wednesday evening",
	"Thursday morning", "Thursday afternoon", "Thursday evening",
	"Friday morning", "Friday afternoon", "Friday evening",
	"Saturday morning", "Saturday afternoon", "Saturday evening",
	"Sunday morning", "Sunday afternoon", "Sunday evening",
};

const char *sch_slot_code(int slot) { return slot >= 0 && slot < SCH_SLOTS ? slot_codes[slot] : ""; }

const char *sch_slot_words(int slot) { return slot >= 0 && slot < SCH_SLOTS ? slot_words[slot] : ""; }

const char *sch_day_words(int day)
{
	static const char *const d[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
					"Sunday"};
	return day >= 0 && day < SCH_DAYS ? d[day] : "";
}

const char *sch_part_words(int part)
{
	static const char *const p[] = {"morning (8am to noon)", "afternoon (noon to 5pm)",
					"evening (5pm to 9pm)"};
	return part >= 0 && part < SCH_PARTS ? p[part] : "";
}

int sch_slot_parse(const char *code)
{
	for (int i = 0; code && i < SCH_SLOTS; i++)
		if (!strcmp(code, sch_slot_code(i)))
			return i;
	return -1;
}

const char *sch_avail_text(arena *a, uint32_t mask)
{
	char out[SCH_SLOTS * 26] = "";
	for (int i = 0; i < SCH_SLOTS; i++)
		if (mask & (1u << i)) {
			if (*out)
				strcat(out, ", ");
			strcat(out, sch_slot_words(i));
		}
	return arena_strdup(a, *out ? out : "none");
}

/* ---- constraints and costs ---- */

const char *sch_constraint_code(int c)
{
	static const char *const codes[] = {"vetting", "capacity", "availability", "needs", "distance", "exclusion",
					    "household", "rate"};
	return c >= 0 && c < SCH_CONSTRAINTS ? codes[c] : "";
}

const char *sch_constraint_words(int c)
{
	static const char *const w[] = {"Vetting valid today", "Has room for another person",
		"Free at a time the person asked for", "Helps with everything asked for",
		"Within the maximum distance", "Not someone the person does not want",
		"The household suits (smoking, pets, step-free)", "Hourly rate within the person's limit"};
	return c >= 0 && c < SCH_CONSTRAINTS ? w[c] : "";
}

const char *sch_term_code(int t)
{
	static const char *const codes[] = {"distance", "language", "interests", "continuity"};
	return t >= 0 && t < SCH_TERMS ? codes[t] : "";
}

static bool listed(const int32_t *list, size_t n, int32_t x)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == x)
			return true;
	return false;
}

/* The nearest maximum of the scheme's, the request's and the helper's, in metres. */
static int64_t limit_m(const sch_scheme *s, const sch_need *n, const sch_helper *h)
{
	int km = s->max_km;
	if (n->max_km > 0 && n->max_km < km)
		km = n->max_km;
	if (h->max_km > 0 && h->max_km < km)
		km = h->max_km;
	return (int64_t)km * 1000;
}

void sch_pair(const sch_scheme *s, const sch_need *n, const sch_helper *h, int32_t hi, sch_explain *x)
{
	memset(x, 0, sizeof *x);
	x->metres = n->located && h->located ? geo_distance_m(n->lat_e6, n->lon_e6, h->lat_e6, h->lon_e6) : -1;
	for (int c = 0; c < SCH_CONSTRAINTS; c++)
		x->applies[c] = c == SCH_C_HOUSEHOLD ? s->household : c == SCH_C_RATE ? s->rates : true;
	x->held[SCH_C_VETTING] = sch_vet_ok(h->vet);
	x->held[SCH_C_CAPACITY] = h->capacity > 0;
	x->held[SCH_C_AVAILABILITY] = (n->avail & h->avail) != 0;
	x->held[SCH_C_NEEDS] = n->needs && (n->needs & ~h->can_do) == 0;
	/* no place for either: the distance cannot be shown to be within */
	x->held[SCH_C_DISTANCE] = x->metres >= 0 && x->metres <= limit_m(s, n, h);
	x->held[SCH_C_EXCLUSION] = !listed(n->excluded, n->n_excluded, hi);
	x->held[SCH_C_HOUSEHOLD] = !(n->no_smoking && h->smokes) && !(n->no_pets && h->pets) &&
				   !(n->needs_step_free && !h->step_free);
	x->held[SCH_C_RATE] = !n->max_rate_pence || (h->rate_pence > 0 && h->rate_pence <= n->max_rate_pence);
	x->possible = true;
	for (int c = 0; c < SCH_CONSTRAINTS; c++)
		x->possible &= !x->applies[c] || x->held[c];
	/* soft costs, whole points: distance rounded to the nearest point */
	int64_t m = x->metres > 0 ? x->metres : 0;
	x->term[SCH_T_DISTANCE] = (s->w.distance_per_km * m + 500) / 1000;
	x->no_languages = n->languages.n == 0;
	x->shared_language = sch_words_shared(&n->languages, &h->languages) > 0;
	x->term[SCH_T_LANGUAGE] = x->no_languages || x->shared_language ? 0 : s->w.no_shared_language;
	x->shared_interests = sch_words_shared(&n->interests, &h->interests);
	x->term[SCH_T_INTERESTS] = -s->w.shared_interest * x->shared_interests;
	x->past = listed(n->past, n->n_past, hi);
	x->term[SCH_T_CONTINUITY] = x->past ? -s->w.past_helper : 0;
	for (int t = 0; t < SCH_TERMS; t++)
		x->cost += x->term[t];
}

int64_t sch_engine_cost(const sch_scheme *s, int64_t cost)
{
	return cost + s->w.shared_interest * SCH_WORDS_MAX + s->w.past_helper;
}

static const char *term_words(const sch_explain *x, int t, char *out, size_t size)
{
	switch (t) {
	case SCH_T_DISTANCE:
		snprintf(out, size, "%lld.%lld km apart", (long long)(x->metres / 1000),
			 (long long)((x->metres % 1000) / 100));
		break;
	case SCH_T_LANGUAGE:
		snprintf(out, size, "%s", x->no_languages ? "No language asked for"
			 : x->shared_language ? "They share a language" : "They share no language");
		break;
	case SCH_T_INTERESTS:
		snprintf(out, size, "%d shared interest%s", x->shared_interests, x->shared_interests == 1 ? "" : "s");
		break;
	default:
		snprintf(out, size, "%s", x->past ? "Helped the person before" : "Has not helped the person before");
	}
	return out;
}

json_t *sch_explain_json(const sch_scheme *s, const sch_explain *x)
{
	(void)s;
	json_t *cs = json_array(), *ts = json_array();
	for (int c = 0; c < SCH_CONSTRAINTS; c++)
		if (x->applies[c])
			json_array_append_new(cs, json_pack("{sssssb}", "code", sch_constraint_code(c), "words",
							    sch_constraint_words(c), "held", x->held[c]));
	for (int t = 0; t < SCH_TERMS; t++) {
		char w[80];
		json_array_append_new(ts, json_pack("{sssIss}", "code", sch_term_code(t), "points",
						    (json_int_t)x->term[t], "words", term_words(x, t, w, sizeof w)));
	}
	return json_pack("{sososIsI}", "constraints", cs, "terms", ts, "cost", (json_int_t)x->cost, "metres",
			 (json_int_t)x->metres);
}

/* ---- a run ---- */

/* The need's cheapest possible helper other than those proposed to it. */
static void runner_up(const match_problem *p, const bool *used, const int64_t *cost, int32_t need, int32_t first,
		      int32_t last, sch_proposal *pr)
{
	pr->runner_up = -1;
	for (int32_t e = first; e < last; e++) {
		if (p->edges[e].request != need || used[e])
			continue;
		if (pr->runner_up < 0 || cost[e] < pr->runner_up_cost) {
			pr->runner_up = p->edges[e].helper;
			pr->runner_up_cost = cost[e];
		}
	}
}

typedef struct {
	match_problem p;
	int32_t *demand, *capacity;
	match_edge *edges;
	int64_t *cost;      /* each edge's cost before the offset */
	int32_t *first;     /* n_needs + 1: the need's edges are first[i] .. first[i + 1] - 1 */
} built;

static void built_free(built *b)
{
	free(b->demand);
	free(b->capacity);
	free(b->edges);
	free(b->cost);
	free(b->first);
}

/* SN_ETOOBIG past the engine's limit of edges. */
static sn_err build(const sch_scheme *s, const sch_need *needs, size_t nn, const sch_helper *helpers, size_t nh,
		    built *b)
{
	memset(b, 0, sizeof *b);
	b->demand = calloc(nn + 1, sizeof *b->demand);
	b->capacity = calloc(nh + 1, sizeof *b->capacity);
	b->first = calloc(nn + 1, sizeof *b->first);
	if (!b->demand || !b->capacity || !b->first)
		abort();
	size_t m = 0, cap = 0;
	for (size_t j = 0; j < nh; j++)
		b->capacity[j] = helpers[j].capacity > 0 ? helpers[j].capacity : 1;
	for (size_t i = 0; i < nn; i++) {
		b->demand[i] = needs[i].demand > 0 ? needs[i].demand : 1;
		b->first[i] = (int32_t)m;
		for (size_t j = 0; j < nh; j++) {
			sch_explain x;
			sch_pair(s, &needs[i], &helpers[j], (int32_t)j, &x);
			if (!x.possible)
				continue;
			if (m == MATCH_EDGES_MAX)
				return SN_ETOOBIG;
			if (m == cap) {
				cap = cap ? 2 * cap : 256;
				b->edges = xrealloc(b->edges, cap * sizeof *b->edges);
				b->cost = xrealloc(b->cost, cap * sizeof *b->cost);
			}
			b->edges[m] = (match_edge){(int32_t)i, (int32_t)j, sch_engine_cost(s, x.cost)};
			b->cost[m++] = x.cost;
		}
	}
	b->first[nn] = (int32_t)m;
	b->p = (match_problem){(int32_t)nn, (int32_t)nh, (int32_t)m, b->demand, b->capacity, b->edges};
	return SN_OK;
}

sn_err sch_match(const sch_scheme *s, const sch_need *needs, size_t n_needs, const sch_helper *helpers,
		 size_t n_helpers, sch_run *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	if (n_needs > 10000 || n_helpers > 10000) {
		snprintf(err, err_size, "run: more than 10000 requests or helpers in one scheme");
		return SN_ETOOBIG;
	}
	built b;
	match_result r;
	memset(&r, 0, sizeof r);
	sn_err rc = build(s, needs, n_needs, helpers, n_helpers, &b);
	if (rc)
		snprintf(err, err_size, "run: more than %d possible pairs", MATCH_EDGES_MAX);
	else
		rc = match_solve(&b.p, &r, err, err_size);
	out->pairs = b.p.n_edges;
	out->method = r.method;
	size_t n = 0;
	for (int32_t e = 0; !rc && e < b.p.n_edges; e++)
		n += r.used[e];
	out->proposals = calloc(n + 1, sizeof *out->proposals);
	if (!out->proposals)
		abort();
	bool *taken = calloc(n_helpers + 1, sizeof *taken);
	for (int32_t e = 0; !rc && e < b.p.n_edges; e++) {
		if (!r.used[e])
			continue;
		const match_edge *ed = &b.p.edges[e];
		taken[ed->helper] = true;
		sch_proposal *pr = &out->proposals[out->n_proposals++];
		pr->need = ed->request;
		pr->helper = ed->helper;
		pr->cost = b.cost[e];
		sch_pair(s, &needs[ed->request], &helpers[ed->helper], ed->helper, &pr->why);
		runner_up(&b.p, r.used, b.cost, ed->request, b.first[ed->request], b.first[ed->request + 1], pr);
		out->matched++;
		out->total_cost += pr->cost;
	}
	for (size_t i = 0; i < out->n_proposals; i++) {
		sch_proposal *pr = &out->proposals[i];
		if (pr->runner_up < 0)
			continue;
		sch_pair(s, &needs[pr->need], &helpers[pr->runner_up], pr->runner_up, &pr->runner_up_why);
		pr->runner_up_taken = taken[pr->runner_up];
	}
	free(taken);
	match_result_free(&r);
	built_free(&b);
	return rc;
}

void sch_run_free(sch_run *r)
{
	free(r->proposals);
	memset(r, 0, sizeof *r);
}
