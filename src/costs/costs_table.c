/* The pathway costs table's sums (pure): people by stage and age band,
 * the money of each stage and of all, and the distinct people behind the
 * total (a person with costs in two stages is in both rows, once). */
#include <string.h>

#include "costs.h"

void costs_sum(const costs_person_stage *ps, size_t n, costs_sums *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const costs_person_stage *p = &ps[i];
		if (p->stage >= N_STAGES || p->band < 0 || p->band >= COSTS_N_BANDS)
			continue;
		out->people[p->stage][p->band]++;
		out->pence[p->stage] += p->pence;
		out->pence[N_STAGES] += p->pence;
		/* sorted by person: a new person starts a run */
		if (i == 0 || ps[i - 1].person_id != p->person_id)
			out->people_all++;
	}
}
