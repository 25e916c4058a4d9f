/* Sending a complete self-check to the intake queue: the record the worker reads, the summary and the indication, from the answers; used by the page and the demo area. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

sn_err check_send_selfcheck(store *db, const sc_set *s, const sc_catalogue *c,
			    const sc_answers *a, intake_new *n, char uuid[static 37])
{
	sc_report *rep = xcalloc(1, sizeof *rep);
	if (sc_report_compute(s, c, a, rep)) {
		free(rep);
		return SN_EINPUT;
	}
	/* The record the worker reads: each topic's questions and answers as
	 * they were shown, and the answer keys as given. */
	json_t *rec = sc_answers_to_json(s, a);
	json_t *sections = json_array(), *sec = NULL;
	const char *last = "";
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(rec, "answers"), i, x) {
		const char *tk = json_string_value(json_object_get(x, "topic_key"));
		if (!sec || strcmp(tk, last) != 0) {
			sec = json_pack("{s:O, s:[]}", "title", json_object_get(x, "topic"), "answers");
			json_array_append_new(sections, sec);
			last = tk;
		}
		json_array_append_new(json_object_get(sec, "answers"), json_pack("{s:O, s:O}",
			"question", json_object_get(x, "text"), "answer", json_object_get(x, "label")));
	}
	json_t *given = json_object();
	for (size_t k = 0; k < a->n; k++)
		json_object_set_new(given, a->items[k].question, json_string(a->items[k].value));
	json_t *record = json_pack("{s:O, s:O, s:O, s:o, s:o}", "set_id", json_object_get(rec, "set_id"),
		"set_version", json_object_get(rec, "set_version"),
		"title", json_object_get(rec, "set_title"), "sections", sections, "given", given);
	json_decref(rec);
	char *text = json_dumps(record, JSON_COMPACT);
	json_decref(record);
	json_t *rj = sc_report_to_json(s, c, rep);
	const char *summary = json_string_value(json_object_get(json_object_get(rj, "eligibility"),
								"summary"));
	sn_err rc = SN_OK;
	if (!text || strlen(text) > INTAKE_ANSWERS_MAX) {
		rc = SN_ETOOBIG;
	} else {
		n->answers = text;
		n->summary = summary ? summary : "";
		n->may_be_eligible = rep->may_be_eligible;
		rc = intake_submit(db, n, uuid, NULL);
		n->answers = n->summary = NULL;
	}
	json_decref(rj);
	free(text);
	free(rep);
	return rc;
}
