/* The demo area's support plans (called by src/demo): Rose's plan, approved
 * about ten weeks ago, in her own words, and plans at every stage for the
 * people on the caseload who have an indicative budget: drafts, agreed,
 * waiting for approval, returned, approved (some long ago, so reviews fall
 * due). Written through the plan store as the pages write them, with
 * dates in the past, and deterministic for the seed. */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "../wellbeing/wellbeing.h"
#include "plan_rules.h"
#include "plan_store.h"

#define DAY (24 * 3600)

static const char *ago(arena *a, int64_t days)
{
	char *t = arena_alloc(a, 21);
	time_iso8601(time_now() - days * DAY, t);
	return t;
}

static const char rose_doc[] =
	"{\"sections\":{"
	"\"about_me\":\"I am Rose. I taught at Northgate primary school for thirty years and I still "
	"hear from children I taught. I have arthritis in my hands and knees and I have had two falls "
	"this year.\","
	"\"important_to_me\":\"My garden and my allotment. Seeing my son Sam and my grandchildren. The "
	"Tuesday lunch club at the library. Doing things for myself.\","
	"\"important_for_me\":\"Not falling again. Getting washed and dressed safely in the morning. "
	"Eating a proper meal at midday.\","
	"\"good_day\":\"I get up without rushing, have my tea in the garden, go to the lunch club or the "
	"allotment, and Sam phones in the evening.\","
	"\"bad_day\":\"My knees are stiff and I stay in. I do not eat much. It helps if someone calls "
	"round.\","
	"\"stay_well\":\"Gentle exercise from the falls class. Taking my tablets with breakfast.\","
	"\"contingency\":\"If my PA cannot come, Sam comes in the morning. If Sam cannot, I call the "
	"agency on the number on my fridge.\"},"
	"\"outcomes\":["
	"{\"id\":\"o1\",\"words\":\"I want to get to my allotment every week.\",\"how\":\"My PA drives "
	"me on Thursday mornings and helps with the heavy digging.\",\"who\":\"My PA\","
	"\"goal\":{\"weight\":2,\"levels\":[\"I do not get there at all\",\"Once or twice a month\","
	"\"Every week\",\"Every week and I grow enough to share\",\"Twice a week\"]}},"
	"{\"id\":\"o2\",\"words\":\"I want to wash and dress safely in the morning without rushing.\","
	"\"how\":\"Help from my PA on weekday mornings; Sam at weekends.\",\"who\":\"My PA and Sam\","
	"\"goal\":{\"weight\":3,\"levels\":[\"I fall or nearly fall\",\"I manage but it takes all "
	"morning\",\"I am ready by ten, safely\",\"Ready by ten, and some days on my own\","
	"\"I manage most days on my own\"]}},"
	"{\"id\":\"o3\",\"words\":\"I want to keep going to the lunch club.\",\"how\":\"The community "
	"transport bus on Tuesdays.\",\"who\":\"Northgate community transport\",\"goal\":null}],"
	"\"circle\":["
	"{\"id\":\"c1\",\"name\":\"Sam\",\"relationship\":\"my son\",\"ring\":\"intimate\"},"
	"{\"id\":\"c2\",\"name\":\"Lily and Ben\",\"relationship\":\"my grandchildren\",\"ring\":\"intimate\"},"
	"{\"id\":\"c3\",\"name\":\"Margaret\",\"relationship\":\"my neighbour\",\"ring\":\"friends\"},"
	"{\"id\":\"c4\",\"name\":\"Joan\",\"relationship\":\"from the allotment\",\"ring\":\"friends\"},"
	"{\"id\":\"c5\",\"name\":\"Tuesday lunch club\",\"relationship\":\"at the library\",\"ring\":\"participation\"},"
	"{\"id\":\"c6\",\"name\":\"Falls class\",\"relationship\":\"at the health centre\",\"ring\":\"participation\"},"
	"{\"id\":\"c7\",\"name\":\"Anna\",\"relationship\":\"my PA\",\"ring\":\"paid\"},"
	"{\"id\":\"c8\",\"name\":\"Priya\",\"relationship\":\"my social worker\",\"ring\":\"paid\"}],"
	"\"decisions\":["
	"{\"id\":\"d1\",\"decision\":\"Who my PA is\",\"who\":\"I decide\",\"involve\":\"I meet anyone "
	"new first and I say yes or no.\"},"
	"{\"id\":\"d2\",\"decision\":\"My money\",\"who\":\"I decide, with Sam's help with the "
	"paperwork\",\"involve\":\"Sam does the online banking with me every month.\"}],"
	"\"risks\":["
	"{\"id\":\"k1\",\"risk\":\"I could fall at the allotment.\",\"managed\":\"My PA is with me; I "
	"use a kneeler and a stick; my phone is in my pocket.\",\"who\":\"My PA and me\"}],"
	"\"lines\":["
	"{\"id\":\"l1\",\"what\":\"Personal assistant, 8 hours a week (mornings and allotment)\","
	"\"outcome\":\"o2\",\"weekly_pence\":12800,\"deployment\":\"direct_payment\",\"holder\":"
	"\"person\",\"pool\":\"\"},"
	"{\"id\":\"l2\",\"what\":\"Allotment mornings with my PA, 2 hours a week\",\"outcome\":\"o1\","
	"\"weekly_pence\":3200,\"deployment\":\"direct_payment\",\"holder\":\"person\",\"pool\":\"\"},"
	"{\"id\":\"l3\",\"what\":\"Community transport to the lunch club\",\"outcome\":\"o3\","
	"\"weekly_pence\":800,\"deployment\":\"council_managed\",\"holder\":\"\",\"pool\":\"\"}]}";

static const char *const wants[] = {
	"I want to get out to the shops on my own.", "I want to see my friends at the chapel.",
	"I want to cook my own tea again.", "I want to sleep through the night.",
	"I want to go back to swimming.", "I want my daughter to have a break from caring.",
	"I want to stay in my own home.", "I want to learn to use the computer to call my family."};
static const char *const supports[] = {
	"A personal assistant, 6 hours a week", "Home care, 7 hours a week",
	"A day at the community centre each week", "A sitting service one evening a week"};

/* A short plan for someone on the caseload, costing about weekly. */
static char *short_doc(arena *a, rng *g, int64_t weekly)
{
	const char *w = wants[rng_below(g, SN_ARRAY_LEN(wants))];
	const char *s = supports[rng_below(g, SN_ARRAY_LEN(supports))];
	int64_t first = weekly * 3 / 4, second = weekly - first;
	return arena_printf(a,
		"{\"sections\":{\"about_me\":\"I have lived in Ashby Vale all my life.\","
		"\"important_to_me\":\"My family, my home and my independence.\"},"
		"\"outcomes\":[{\"id\":\"o1\",\"words\":\"%s\",\"how\":\"With help each week.\","
		"\"who\":\"My support worker\",\"goal\":{\"weight\":1,\"levels\":[\"Not at all\","
		"\"Now and then\",\"Most weeks\",\"Every week\",\"Every week without help\"]}}],"
		"\"circle\":[{\"id\":\"c1\",\"name\":\"My family\",\"relationship\":\"\",\"ring\":"
		"\"intimate\"}],\"decisions\":[],\"risks\":[],"
		"\"lines\":[{\"id\":\"l1\",\"what\":\"%s\",\"outcome\":\"o1\",\"weekly_pence\":%lld,"
		"\"deployment\":\"%s\",\"holder\":\"\",\"pool\":\"\"},"
		"{\"id\":\"l2\",\"what\":\"Equipment and transport\",\"outcome\":\"\",\"weekly_pence\":"
		"%lld,\"deployment\":\"council_managed\",\"holder\":\"\",\"pool\":\"\"}]}",
		w, s, (long long)first, rng_below(g, 2) ? "direct_payment" : "council_managed",
		(long long)second);
}

/* The reviews a plan signed off `days` ago would have had by now: a
 * light-touch review (3 in 4), a direct payment's first review and an
 * annual one (2 in 3 each), the rest left overdue for the queues. */
static sn_err demo_reviews(store *s, arena *a, rng *g, const plan_demo_person *p, int64_t plan_id,
			   int64_t days, bool rose)
{
	static const struct {
		int64_t after_lo, after_hi;
		const char *kind;
	} due[] = {{44, 55, "light_touch"}, {150, 180, "direct_payment"}, {330, 360, "annual"}};
	sn_err rc = SN_OK;
	rng local;
	if (!g) {
		rng_seed(&local, 1);
		g = &local;
	}
	/* Rose's two goals (weights 2 and 3) scored 0 and -1. */
	gas_case gc = {.n = 2, .goals = {{2, 0}, {3, -1}}, .rho = GAS_RHO_DEFAULT};
	gas_result gr;
	char err[200];
	if (rose && gas_compute(&gc, &gr, err, sizeof err))
		return SN_EINTERNAL;
	for (int k = 0; k < 3 && !rc; k++) {
		int64_t after = due[k].after_lo + (int64_t)rng_below(g, (uint64_t)(due[k].after_hi - due[k].after_lo));
		if (after >= days || (!rose && rng_below(g, 4) == 0))
			continue;
		char held[11], uuid[37];
		snprintf(held, sizeof held, "%.10s", ago(a, days - after));
		int s1 = rose ? 0 : (int)rng_below(g, 3) - 1;
		const char *outcomes = rose
			? "[{\"outcome\":\"o1\",\"words\":\"I want to get to my allotment every week.\","
			  "\"weight\":2,\"score\":0},{\"outcome\":\"o2\",\"words\":\"I want to wash and "
			  "dress safely in the morning without rushing.\",\"weight\":3,\"score\":-1}]"
			: arena_printf(a, "[{\"outcome\":\"o1\",\"words\":\"My goal\",\"weight\":1,"
				       "\"score\":%d}]", s1);
		int64_t t = rose ? gr.t_centi : 5000 + s1 * 1000;
		const char *wb = rose
			? "{\"ons4\":{\"life_satisfaction\":7,\"worthwhile\":8,\"happy\":6,\"anxious\":3},"
			  "\"ons4_bands\":{\"life_satisfaction\":\"high\",\"worthwhile\":\"high\",\"happy\":"
			  "\"medium\",\"anxious\":\"low\"},\"ucla3\":{\"lack_companionship\":2,\"left_out\":1,"
			  "\"isolated\":2},\"ucla3_total\":5,\"lonely\":\"occasionally\"}"
			: "{}";
		rc = review_insert(s, plan_id, p->person_id, held, due[k].kind,
			rose ? "Rose gets to the allotment most weeks. Mornings are still slow; "
			       "her PA now comes at 8 instead of 9."
			     : "The support is working; no change to the plan.",
			rose ? "I am back at the allotment and I like Anna. I still need help in the "
			       "mornings." : "", outcomes, true, t, rose, wb, p->worker_id,
			ago(a, days - after), uuid);
		if (rose)
			break; /* Rose: the light-touch review only, so far */
	}
	return rc;
}

/* Rose's first plan, two years ago (issue 19's key human indicators have
 * her history to show): three versions, each naming more of her circle of
 * support and more of it unpaid, approved; then reviews over the next year
 * with her goals and (with her consent) her wellbeing getting better, one
 * of them with a loneliness question she skipped. Her current plan
 * replaces it when it is approved. */
static const char *rose_early_doc(arena *a, const char *circle)
{
	return arena_printf(a,
		"{\"sections\":{\"about_me\":\"I am Rose. I taught at Northgate primary school for thirty "
		"years. Since my fall I hardly go out.\",\"important_to_me\":\"My garden and my allotment. "
		"Seeing my son Sam.\"},\"outcomes\":["
		"{\"id\":\"o1\",\"words\":\"I want to get to my allotment every week.\",\"how\":\"Sam "
		"drives me when he can.\",\"who\":\"Sam\",\"goal\":{\"weight\":2,\"levels\":[\"I do not "
		"get there at all\",\"Once or twice a month\",\"Every week\",\"Every week and I grow "
		"enough to share\",\"Twice a week\"]}},"
		"{\"id\":\"o2\",\"words\":\"I want to wash and dress safely in the morning without "
		"rushing.\",\"how\":\"Home care on weekday mornings.\",\"who\":\"Northgate Care\","
		"\"goal\":{\"weight\":3,\"levels\":[\"I fall or nearly fall\",\"I manage but it takes all "
		"morning\",\"I am ready by ten, safely\",\"Ready by ten, and some days on my own\","
		"\"I manage most days on my own\"]}}],\"circle\":[%s],\"decisions\":[],\"risks\":[],"
		"\"lines\":[{\"id\":\"l1\",\"what\":\"Home care, 7 hours a week (weekday mornings)\","
		"\"outcome\":\"o2\",\"weekly_pence\":14000,\"deployment\":\"council_managed\","
		"\"holder\":\"\",\"pool\":\"\"}]}", circle);
}

#define ROSE_SAM "{\"id\":\"c1\",\"name\":\"Sam\",\"relationship\":\"my son\",\"ring\":\"intimate\"},"
#define ROSE_PAID "{\"id\":\"c7\",\"name\":\"Northgate Care\",\"relationship\":\"my home care\"," \
	"\"ring\":\"paid\"},{\"id\":\"c8\",\"name\":\"Priya\",\"relationship\":\"my social worker\"," \
	"\"ring\":\"paid\"}"
#define ROSE_MARGARET "{\"id\":\"c3\",\"name\":\"Margaret\",\"relationship\":\"my neighbour\"," \
	"\"ring\":\"friends\"},"
#define ROSE_MORE "{\"id\":\"c2\",\"name\":\"Lily and Ben\",\"relationship\":\"my grandchildren\"," \
	"\"ring\":\"intimate\"},{\"id\":\"c5\",\"name\":\"Tuesday lunch club\",\"relationship\":" \
	"\"at the library\",\"ring\":\"participation\"},"

static sn_err rose_history(store *s, arena *a, const plan_demo_person *p, int64_t manager)
{
	static const char *const circles[] = {ROSE_SAM ROSE_PAID, ROSE_SAM ROSE_MARGARET ROSE_PAID,
					      ROSE_SAM ROSE_MORE ROSE_MARGARET ROSE_PAID};
	static const int64_t saved[] = {730, 724, 716};
	static const struct {
		int64_t ago;
		const char *kind;
		int o1, o2;
		const char *wb;
	} reviews[] = {
		{662, "light_touch", -2, -1,
		 "{\"ons4\":{\"life_satisfaction\":4,\"worthwhile\":5,\"happy\":3,\"anxious\":7},"
		 "\"ucla3\":{\"lack_companionship\":3,\"left_out\":3,\"isolated\":3},"
		 "\"lonely\":\"often_always\"}"},
		{540, "triggered", -1, -1,
		 "{\"ons4\":{\"life_satisfaction\":5,\"worthwhile\":6,\"happy\":5,\"anxious\":6},"
		 "\"ucla3\":{\"lack_companionship\":3,\"left_out\":2},\"lonely\":\"some_of_the_time\"}"},
		{352, "annual", 0, -1,
		 "{\"ons4\":{\"life_satisfaction\":6,\"worthwhile\":7,\"happy\":6,\"anxious\":4},"
		 "\"ucla3\":{\"lack_companionship\":2,\"left_out\":2,\"isolated\":2},"
		 "\"lonely\":\"occasionally\"}"},
	};
	const plan_sections *secs = plan_sections_standard();
	char uuid[37];
	int64_t id;
	sn_err rc = plan_insert(s, p->person_id, secs, p->budget_id, rose_early_doc(a, circles[0]),
				p->worker_id, "worker", ago(a, saved[0]), uuid, &id);
	for (int v = 1; v < 3 && !rc; v++)
		rc = plan_save_version(s, id, v, rose_early_doc(a, circles[v]), "Rose added to her circle",
				       p->worker_id, "worker", ago(a, saved[v]));
	if (!rc)
		rc = plan_mark_agreed(s, id, 3, p->user_id ? p->user_id : p->worker_id, ago(a, 714), "");
	if (!rc)
		rc = plan_mark_submitted(s, id, p->worker_id, ago(a, 713));
	if (!rc)
		rc = plan_mark_decided(s, id, true, "", 14000, manager, ago(a, 711));
	for (size_t i = 0; i < SN_ARRAY_LEN(reviews) && !rc; i++) {
		gas_case gc = {.n = 2, .goals = {{2, reviews[i].o1}, {3, reviews[i].o2}},
			       .rho = GAS_RHO_DEFAULT};
		gas_result gr;
		char err[200], held[11], ruuid[37];
		if (gas_compute(&gc, &gr, err, sizeof err))
			return SN_EINTERNAL;
		wb_answers w;
		json_t *in = json_loads(reviews[i].wb, 0, NULL), *out = NULL;
		if (in && !wb_from_json(in, &w, err, sizeof err))
			out = wb_to_json(&w);
		char *wb = out ? json_dumps(out, JSON_COMPACT) : NULL;
		json_decref(in);
		json_decref(out);
		if (!wb)
			return SN_EINTERNAL;
		snprintf(held, sizeof held, "%.10s", ago(a, reviews[i].ago));
		const char *scores = arena_printf(a, "[{\"outcome\":\"o1\",\"words\":\"I want to get to my "
			"allotment every week.\",\"weight\":2,\"score\":%d},{\"outcome\":\"o2\",\"words\":"
			"\"I want to wash and dress safely in the morning without rushing.\",\"weight\":3,"
			"\"score\":%d}]", reviews[i].o1, reviews[i].o2);
		rc = review_insert(s, id, p->person_id, held, reviews[i].kind,
				   "Rose and Priya went through the plan.", "", scores, true, gr.t_centi,
				   true, wb, p->worker_id, ago(a, reviews[i].ago), ruuid);
		free(wb);
	}
	return rc;
}

/* One plan taken to stage (0 draft, 1 agreed, 2 submitted, 3 returned, 4
 * approved) over the days before now. */
static sn_err staged(store *s, arena *a, rng *g, const plan_demo_person *p, const char *doc,
		     int stage, int64_t days, int64_t manager, int64_t total)
{
	const plan_sections *secs = plan_sections_standard();
	char uuid[37];
	int64_t id;
	sn_err rc = plan_insert(s, p->person_id, secs, p->budget_id, doc, p->worker_id, "worker",
				ago(a, days), uuid, &id);
	if (!rc && stage >= 1)
		rc = plan_mark_agreed(s, id, 1, p->user_id ? p->user_id : p->worker_id,
				      ago(a, days - 2), p->user_id ? "" : "Agreed at a home visit; signed the printed plan.");
	if (!rc && stage >= 2)
		rc = plan_mark_submitted(s, id, p->worker_id, ago(a, days - 3));
	if (!rc && stage == 3)
		rc = plan_mark_decided(s, id, false, "Please say how the person will get to the "
				       "community centre, and check the cost of the sitting service.",
				       0, manager, ago(a, days - 5));
	if (!rc && stage == 4)
		rc = plan_mark_decided(s, id, true, "", total, manager, ago(a, days - 5));
	if (!rc && stage == 4)
		rc = demo_reviews(s, a, g, p, id, days - 5, g == NULL);
	return rc;
}

sn_err plan_demo(store *s, uint64_t seed, int64_t manager, size_t max)
{
	plan_demo_person *people = NULL;
	size_t n = 0;
	arena *a = arena_new();
	rng g;
	rng_seed(&g, seed ^ 0x706c616eu);
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = plan_set_approval_limit(s, manager, 100000, "system", now);
	if (!rc)
		rc = plan_demo_people(s, max, a, &people, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		if (i == 0) { /* Rose: her first plan two years ago; this one approved ten weeks ago */
			rc = rose_history(s, a, &people[0], manager);
			if (!rc)
				rc = staged(s, a, NULL, &people[0], rose_doc, 4, 72, manager, 16800);
			continue;
		}
		int stage = (int)rng_below(&g, 6);
		int64_t days = stage == 5 ? 400 + (int64_t)rng_below(&g, 200)
					  : 10 + (int64_t)rng_below(&g, 300);
		rc = staged(s, a, &g, &people[i], short_doc(a, &g, people[i].weekly_pence),
			    stage == 5 ? 4 : stage, days, manager, people[i].weekly_pence);
	}
	arena_free(a);
	return rc;
}
