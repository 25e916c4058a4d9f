/* Wellbeing instruments that are free to use (docs/rules.md, "Wellbeing
 * measures"): ONS4 personal wellbeing (four items, 0 to 10, reported
 * separately and never summed, each in its band), the UCLA 3-item
 * loneliness scale (1 hardly ever, 2 some of the time, 3 often; total 3 to
 * 9, higher is lonelier) and the direct question "How often do you feel
 * lonely?" (five answers). Pure: reviews record them (src/plan), the key
 * human indicators read them (issue 19). */
#ifndef SN_WELLBEING_H
#define SN_WELLBEING_H

#include <jansson.h>
#include <stdbool.h>

#include "../base/base.h"

enum { ONS4_LIFE, ONS4_WORTHWHILE, ONS4_HAPPY, ONS4_ANXIOUS, ONS4_N };
enum { UCLA3_COMPANIONSHIP, UCLA3_LEFT_OUT, UCLA3_ISOLATED, UCLA3_N };
#define LONELY_ANSWERS 5

/* A set of answers; -1 for an item not answered (the person may skip any). */
typedef struct {
	int ons4[ONS4_N];   /* 0..10 */
	int ucla3[UCLA3_N]; /* 1..3 */
	int lonely;         /* 0..4: often or always ... never */
} wb_answers;

/* Keys ("life_satisfaction", "worthwhile", "happy", "anxious";
 * "lack_companionship", "left_out", "isolated") and the questions as
 * asked. */
const char *wb_ons4_key(int i);
const char *wb_ons4_question(int i);
const char *wb_ucla3_key(int i);
const char *wb_ucla3_question(int i);
/* "Hardly ever", "Some of the time", "Often" for 1..3. */
const char *wb_ucla3_answer(int v);
/* "often_always", "some_of_the_time", "occasionally", "hardly_ever",
 * "never" and their words, for 0..4. */
const char *wb_lonely_key(int v);
const char *wb_lonely_answer(int v);
/* ONS4 bands: 0-4 low, 5-6 medium, 7-8 high, 9-10 very high; anxiety
 * 0-1 very low, 2-3 low, 4-5 medium, 6-10 high. "" for -1. */
const char *wb_ons4_band(int item, int v);
/* The UCLA-3 total (3..9), or -1 unless all three are answered. */
int wb_ucla3_total(const wb_answers *w);

/* All unanswered. */
void wb_clear(wb_answers *w);
/* From JSON {"ons4": {"life_satisfaction": 7, ...}, "ucla3":
 * {"lack_companionship": 2, ...}, "lonely": "occasionally"} (any part
 * may be missing). SN_EINPUT with "ons4.happy: ..." in err. */
sn_err wb_from_json(const json_t *j, wb_answers *w, char *err, size_t err_size);
/* The stored shape (wb_to_json's, with its bands and total) read back:
 * the derived keys are left aside and the answers read as wb_from_json. */
sn_err wb_from_stored(const json_t *j, wb_answers *w, char *err, size_t err_size);
/* The same shape, with the bands and the UCLA-3 total added; only the
 * answered items. A new reference. */
json_t *wb_to_json(const wb_answers *w);
/* Whether anything was answered. */
bool wb_any(const wb_answers *w);

#endif
