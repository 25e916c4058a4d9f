/* libFuzzer target for the schemes' data file (sch_parse, schemes.h): the
 * bytes as data/schemes/schemes.json. A problem is SN_EINPUT or SN_ETOOBIG
 * with one line naming its field; schemes that read keep the documented
 * limits, and each, run on a small fixed instance, prices every possible
 * pair at 0 or more for the engine and proposes no more than can be
 * matched, each proposal a possible pair. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schemes/schemes.h"

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

static void check_limits(const sch_scheme *s)
{
	if (!s->n_helps || s->n_helps > SCH_HELPS_MAX || s->n_training > SCH_TRAINING_MAX)
		abort();
	if (s->max_km < 1 || s->max_km > SCH_KM_MAX || s->default_capacity < 1 ||
	    s->default_capacity > s->max_capacity || s->max_capacity > SCH_CAPACITY_MAX)
		abort();
	if (s->references < 0 || s->references > SCH_REFERENCES_MAX || s->dbs > SCH_DBS_ENHANCED)
		abort();
	const int64_t w[] = {s->w.distance_per_km, s->w.no_shared_language, s->w.shared_interest, s->w.past_helper};
	for (size_t i = 0; i < 4; i++)
		if (w[i] < 0 || w[i] > SCH_WEIGHT_MAX)
			abort();
	if (!s->n_followups || s->n_followups > SCH_FOLLOWUPS_MAX)
		abort();
	for (size_t i = 0; i < s->n_followups; i++)
		if (s->followup_weeks[i] < 1 || (i && s->followup_weeks[i] <= s->followup_weeks[i - 1]))
			abort();
}

/* Three helpers and two requests near each other. */
static void run(const sch_scheme *s)
{
	sch_helper h[3];
	sch_need n[2];
	const char *why;
	int32_t past = 1;
	for (int j = 0; j < 3; j++) {
		h[j] = (sch_helper){.located = true, .lat_e6 = 52000000 + 3000 * j, .lon_e6 = -1000000, .can_do = 1,
				    .avail = 3, .capacity = 1 + j % 2, .vet = j == 2 ? SCH_VET_EXPIRED : SCH_VET_VALID};
		sch_words_parse(j ? "music, chess" : "chess", &h[j].interests, &why);
		sch_words_parse(j ? "English" : "Urdu", &h[j].languages, &why);
	}
	for (int i = 0; i < 2; i++) {
		n[i] = (sch_need){.located = true, .lat_e6 = 52001000, .lon_e6 = -1000000 + 2000 * i, .needs = 1,
				  .avail = 1, .demand = 1 + i, .past = &past, .n_past = 1};
		sch_words_parse("chess, music", &n[i].interests, &why);
		sch_words_parse("English", &n[i].languages, &why);
	}
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 3; j++) {
			sch_explain x;
			sch_pair(s, &n[i], &h[j], j, &x);
			if (x.possible && sch_engine_cost(s, x.cost) < 0)
				abort();
		}
	sch_run r;
	char err[200];
	if (sch_match(s, n, 2, h, 3, &r, err, sizeof err))
		abort();
	if (r.matched > 3 || r.n_proposals != (size_t)r.matched)
		abort();
	for (size_t k = 0; k < r.n_proposals; k++)
		if (!r.proposals[k].why.possible || r.proposals[k].helper == 2)
			abort();
	sch_run_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sch_schemes s;
	char err[300] = "";
	sn_err rc = sch_parse((const char *)data, size, &s, err, sizeof err);
	if (rc) {
		check_err(rc, err);
		return 0;
	}
	if (!s.n || s.n > SCH_SCHEMES_MAX)
		abort();
	for (size_t i = 0; i < s.n; i++) {
		check_limits(&s.s[i]);
		run(&s.s[i]);
	}
	return 0;
}
