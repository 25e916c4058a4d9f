/* The cost-benefit model's sums (pure, integer pence): costbenefit.h says
 * each step and its rounding; docs/costs.md works the demo's example. */
#include <stdio.h>
#include <string.h>

#include "costbenefit.h"

int64_t cb_share(int64_t x, int64_t bp)
{
	return (x * bp + CB_BP / 2) / CB_BP;
}

static void outcome_sums(const cb_outcome *o, cb_outcome_sums *s)
{
	memset(s, 0, sizeof *s);
	s->gross = o->unit_cost_pence * o->units;
	s->expected = cb_share(s->gross, o->achieved_bp);
	s->deadweight = cb_share(s->expected, o->deadweight_bp);
	s->after_deadweight = s->expected - s->deadweight;
	s->attribution = cb_share(s->after_deadweight, o->attribution_bp);
	int years = o->years < 1 ? 1 : o->years > CB_MAX_YEARS ? CB_MAX_YEARS : o->years;
	s->year[0] = s->after_deadweight - s->attribution;
	for (int y = 1; y < years; y++)
		s->year[y] = s->year[y - 1] - cb_share(s->year[y - 1], o->drop_off_bp);
	for (int y = 0; y < years; y++)
		s->total += s->year[y];
}

static int64_t ratio(int64_t benefit, int64_t cost)
{
	return cost > 0 ? (benefit * 100 + cost / 2) / cost : -1;
}

void cb_per_person(const cb_model *m, cb_result *out)
{
	memset(out, 0, sizeof *out);
	out->people = 1;
	for (size_t i = 0; i < m->n_inputs; i++)
		out->cost += m->inputs[i].cost_pence;
	for (size_t i = 0; i < m->n_outcomes; i++) {
		outcome_sums(&m->outcomes[i], &out->o[i]);
		out->benefit += out->o[i].total;
	}
	out->net = out->benefit - out->cost;
	out->ratio_pence = ratio(out->benefit, out->cost);
}

void cb_aggregate(const cb_result *per, int64_t people, cb_result *out)
{
	if (people < 0)
		people = 0;
	if (people > CB_PEOPLE_MAX)
		people = CB_PEOPLE_MAX;
	*out = *per;
	out->people = people;
	for (size_t i = 0; i < CB_MAX_OUTCOMES; i++) {
		cb_outcome_sums *s = &out->o[i];
		s->gross *= people;
		s->expected *= people;
		s->deadweight *= people;
		s->after_deadweight *= people;
		s->attribution *= people;
		for (int y = 0; y < CB_MAX_YEARS; y++)
			s->year[y] *= people;
		s->total *= people;
	}
	out->cost *= people;
	out->benefit *= people;
	out->net *= people;
}

void cb_ratio_words(int64_t ratio_pence, char *out, size_t size)
{
	if (ratio_pence < 0)
		snprintf(out, size, "no cost to weigh against");
	else
		snprintf(out, size, "£%lld.%02lld for every £1", (long long)(ratio_pence / 100),
			 (long long)(ratio_pence % 100));
}
