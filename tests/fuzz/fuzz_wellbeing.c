/* libFuzzer target for the wellbeing answers' reader: whatever reads must
 * be in range, write back and read again the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonin.h"
#include "wellbeing/wellbeing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = NULL;
	char err[200];
	if (json_open_object((const char *)data, size, 1u << 16, &j, err, sizeof err))
		return 0;
	wb_answers w, w2;
	if (!wb_from_json(j, &w, err, sizeof err)) {
		for (int i = 0; i < ONS4_N; i++)
			if (w.ons4[i] < -1 || w.ons4[i] > 10 || (w.ons4[i] >= 0 && !*wb_ons4_band(i, w.ons4[i])))
				abort();
		int t = wb_ucla3_total(&w);
		if (t != -1 && (t < 3 || t > 9))
			abort();
		json_t *out = wb_to_json(&w);
		json_t *in = json_pack("{sOsOsO}", "ons4", json_object_get(out, "ons4"), "ucla3",
				       json_object_get(out, "ucla3"), "lonely", json_object_get(out, "lonely"));
		if (!in || wb_from_json(in, &w2, err, sizeof err) || memcmp(&w, &w2, sizeof w))
			abort();
		json_decref(in);
		json_decref(out);
	}
	json_decref(j);
	return 0;
}
