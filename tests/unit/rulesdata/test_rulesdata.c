/* Rules as data: checking, uploading, adopting, loading, listing and
 * comparing versions of the rules documents, on a temporary SQLite store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "base/embed.h"
#include "plan/plan_store.h"
#include "rulesdata/rulesdata.h"

/* The shipped file as a string (owned by the fixture's arena). */
static char *shipped(fixture *f, const char *path)
{
	const embed_file *e = embed_find(embed_data, path);
	assert_non_null(e);
	return arena_strndup(f->a, (const char *)e->data, e->len);
}

/* s with the first "from" replaced by "to", in f's arena. */
static char *replace(fixture *f, const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	assert_non_null(p);
	return arena_printf(f->a, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
}

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

static int64_t audits(fixture *f, const char *action, const char *record)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, "SELECT count(*) FROM audit WHERE action = ? AND record = ?",
				       "tt", action, record), SN_OK);
	return n;
}

static const char *ACTOR = "6f1c2d3e-4a5b-4c6d-8e7f-001122334455";

static void test_names_and_shipped_versions(void **state)
{
	(void)state;
	char err[256];
	assert_true(rules_kind_ok("rates"));
	assert_false(rules_kind_ok("people"));
	assert_int_equal(rules_name_check("rates", "2025-26", err, sizeof err), SN_OK);
	assert_int_equal(rules_name_check("rates", "2025-27", err, sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "name:"));
	assert_int_equal(rules_name_check("equipment", "other", err, sizeof err), SN_EINPUT);
	assert_int_equal(rules_name_check("question_set", "Daily Living", err, sizeof err), SN_EINPUT);
	assert_int_equal(rules_name_check("ras_scheme", "ashby-vale-2025-v1", err, sizeof err), SN_OK);
	assert_int_equal(rules_name_check("nope", "x", err, sizeof err), SN_EINPUT);
	assert_int_equal(rules_shipped_version("rates", "2025-26"), 1);
	assert_int_equal(rules_shipped_version("rates", "2031-32"), 0);
	assert_int_equal(rules_shipped_version("question_set", "daily-living"), 1);
	assert_int_equal(rules_shipped_version("ras_scheme", "ashby-vale-2025-v1"), 1);
	assert_int_equal(rules_shipped_version("equipment", "catalogue"), 1);
	assert_int_equal(rules_name_check("plan_sections", "standard", err, sizeof err), SN_OK);
	assert_int_equal(rules_name_check("plan_sections", "other", err, sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "name:"));
	assert_int_equal(rules_shipped_version("plan_sections", "standard"), 1);
}

static void test_check(void **state)
{
	fixture *f = *state;
	char err[512];
	int v = -1;
	const char *rates = shipped(f, "rates/2025-26.json");
	assert_int_equal(rules_check("rates", "2025-26", rates, strlen(rates), &v, err, sizeof err), SN_OK);
	assert_int_equal(v, 0); /* rates carry no version */
	/* The body must say it is the table it is uploaded as. */
	assert_int_equal(rules_check("rates", "2024-25", rates, strlen(rates), &v, err, sizeof err),
			 SN_EINPUT);
	assert_true(str_starts(err, "rates.year:"));
	/* The parser's message, naming the field. */
	const char *bad = replace(f, rates, "\"single_pension_age_pence\": 23260",
				  "\"single_pension_age_pence\": \"lots\"");
	assert_int_equal(rules_check("rates", "2025-26", bad, strlen(bad), &v, err, sizeof err), SN_EINPUT);
	assert_non_null(strstr(err, "mig.single_pension_age_pence"));
	assert_int_equal(rules_check("rates", "2025-26", "{", 1, &v, err, sizeof err), SN_EINPUT);

	const char *set = shipped(f, "selfcheck/daily-living-v1.json");
	assert_int_equal(rules_check("question_set", "daily-living", set, strlen(set), &v, err, sizeof err),
			 SN_OK);
	assert_int_equal(v, 1);
	assert_int_equal(rules_check("question_set", "other-set", set, strlen(set), &v, err, sizeof err),
			 SN_EINPUT);
	assert_true(str_starts(err, "id:"));
	/* Checked against the catalogue: an item it does not have. */
	const char *nocat = replace(f, set, "\"walking_frame\"", "\"no_such_item\"");
	assert_int_equal(rules_check("question_set", "daily-living", nocat, strlen(nocat), &v, err,
				     sizeof err), SN_EINPUT);
	assert_non_null(strstr(err, "no_such_item"));

	const char *ras = shipped(f, "ras/ashby-vale-2025-v1.json");
	assert_int_equal(rules_check("ras_scheme", "ashby-vale-2025-v1", ras, strlen(ras), &v, err,
				     sizeof err), SN_OK);
	assert_int_equal(v, 1);
	const char *cat = shipped(f, "equipment/catalogue.json");
	assert_int_equal(rules_check("equipment", "catalogue", cat, strlen(cat), &v, err, sizeof err), SN_OK);
	assert_int_equal(v, 1);
}

static void test_upload_versions(void **state)
{
	fixture *f = *state;
	char err[512] = "";
	int v = 0;
	const char *set = shipped(f, "selfcheck/daily-living-v1.json");
	/* The shipped version is 1: another 1 is refused, and nothing is stored. */
	assert_int_equal(rules_upload(f->s, "question_set", "daily-living", set, "", ACTOR, &v, err,
				      sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "version: must be above 1"));
	assert_int_equal(count(f, "SELECT count(*) FROM rules_data"), 0);
	const char *v3 = replace(f, set, "\"version\": 1", "\"version\": 3");
	assert_int_equal(rules_upload(f->s, "question_set", "daily-living", v3, "three", ACTOR, &v, err,
				      sizeof err), SN_OK);
	assert_int_equal(v, 3);
	assert_int_equal(audits(f, "rules.upload", "rules:question_set/daily-living/v3"), 1);
	/* Not above the highest stored one. */
	const char *v2 = replace(f, set, "\"version\": 1", "\"version\": 2");
	assert_int_equal(rules_upload(f->s, "question_set", "daily-living", v2, "", ACTOR, &v, err,
				      sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "version: must be above 3"));
	/* A bad body: the parser's message, nothing stored, nothing audited. */
	const char *bad = replace(f, v3, "\"version\": 3", "\"version\": 4, \"surprise\": true");
	assert_int_equal(rules_upload(f->s, "question_set", "daily-living", bad, "", ACTOR, &v, err,
				      sizeof err), SN_EINPUT);
	assert_non_null(strstr(err, "surprise"));
	assert_int_equal(count(f, "SELECT count(*) FROM rules_data"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'rules.upload'"), 1);
	/* A note too long. */
	char note[RULES_NOTE_MAX + 2];
	memset(note, 'x', sizeof note - 1);
	note[sizeof note - 1] = 0;
	const char *v5 = replace(f, set, "\"version\": 1", "\"version\": 5");
	assert_int_equal(rules_upload(f->s, "question_set", "daily-living", v5, note, ACTOR, &v, err,
				      sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "note:"));

	/* Rates are numbered: the shipped table is 1, uploads 2, 3, ... */
	const char *rates = shipped(f, "rates/2025-26.json");
	assert_int_equal(rules_upload(f->s, "rates", "2025-26", rates, "", ACTOR, &v, err, sizeof err), SN_OK);
	assert_int_equal(v, 2);
	assert_int_equal(rules_upload(f->s, "rates", "2025-26", rates, "", ACTOR, &v, err, sizeof err), SN_OK);
	assert_int_equal(v, 3);
	/* A new tax year with no shipped table starts at 1. */
	const char *next = replace(f, rates, "\"year\": \"2025-26\"", "\"year\": \"2026-27\"");
	assert_int_equal(rules_upload(f->s, "rates", "2026-27", next, "", ACTOR, &v, err, sizeof err), SN_OK);
	assert_int_equal(v, 1);
	/* Everything uploaded is a draft. */
	assert_int_equal(count(f, "SELECT count(*) FROM rules_data WHERE status <> 'draft'"), 0);
}

static void test_adopt_and_load(void **state)
{
	fixture *f = *state;
	char err[512] = "";
	int v = 0;
	chg_rates r;
	/* Nothing stored: the shipped table. */
	assert_int_equal(rules_load_rates(f->s, "2025-26", &r, err, sizeof err), SN_OK);
	assert_int_equal(r.mig_single_pension_age_pence, 23260);
	assert_int_equal(rules_generation(f->s), 0);
	const char *body = NULL;
	size_t len = 0;
	bool from_store = true;
	assert_int_equal(rules_body(f->s, "rates", "2025-26", f->a, &body, &len, &v, &from_store), SN_OK);
	assert_false(from_store);
	assert_int_equal(v, 1);
	assert_int_equal(rules_body(f->s, "rates", "2031-32", f->a, &body, &len, &v, &from_store),
			 SN_ENOTFOUND);
	assert_int_equal(rules_load_rates(f->s, "2031-32", &r, err, sizeof err), SN_ENOTFOUND);

	const char *rates = shipped(f, "rates/2025-26.json");
	const char *up = replace(f, rates, "\"single_pension_age_pence\": 23260",
				 "\"single_pension_age_pence\": 24000");
	assert_int_equal(rules_upload(f->s, "rates", "2025-26", up, "uprating", ACTOR, &v, err, sizeof err),
			 SN_OK);
	assert_int_equal(v, 2);
	/* A draft is not in force. */
	assert_int_equal(rules_load_rates(f->s, "2025-26", &r, err, sizeof err), SN_OK);
	assert_int_equal(r.mig_single_pension_age_pence, 23260);

	assert_int_equal(rules_adopt(f->s, "rates", "2025-26", 2, ACTOR), SN_OK);
	assert_int_equal(audits(f, "rules.adopt", "rules:rates/2025-26/v2"), 1);
	int64_t g1 = rules_generation(f->s);
	assert_true(g1 > 0);
	assert_int_equal(rules_load_rates(f->s, "2025-26", &r, err, sizeof err), SN_OK);
	assert_int_equal(r.mig_single_pension_age_pence, 24000);
	assert_int_equal(rules_body(f->s, "rates", "2025-26", f->a, &body, &len, &v, &from_store), SN_OK);
	assert_true(from_store);
	assert_int_equal(v, 2);
	/* Adopting what is in force changes nothing. */
	assert_int_equal(rules_adopt(f->s, "rates", "2025-26", 2, ACTOR), SN_OK);
	assert_int_equal(audits(f, "rules.adopt", "rules:rates/2025-26/v2"), 1);
	assert_int_equal(rules_generation(f->s), g1);

	/* A second version: the first is retired. */
	const char *up3 = replace(f, rates, "\"single_pension_age_pence\": 23260",
				  "\"single_pension_age_pence\": 25000");
	assert_int_equal(rules_upload(f->s, "rates", "2025-26", up3, "", ACTOR, &v, err, sizeof err), SN_OK);
	assert_int_equal(v, 3);
	assert_int_equal(rules_adopt(f->s, "rates", "2025-26", 3, ACTOR), SN_OK);
	int64_t g2 = rules_generation(f->s);
	assert_true(g2 > g1);
	store_stmt *st = NULL;
	bool row = false;
	assert_int_equal(store_query(f->s, &st, "SELECT status, adopted_at FROM rules_data WHERE kind = 'rates' "
				     "AND name = '2025-26' AND version = 2", ""), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	assert_true(row);
	assert_string_equal(store_col_text(st, 0), "retired");
	store_done(st);
	assert_int_equal(count(f, "SELECT count(*) FROM rules_data WHERE status = 'adopted'"), 1);
	assert_int_equal(rules_load_rates(f->s, "2025-26", &r, err, sizeof err), SN_OK);
	assert_int_equal(r.mig_single_pension_age_pence, 25000);
	/* A specific version, stored or shipped. */
	const char *status = NULL;
	assert_int_equal(rules_body_version(f->s, "rates", "2025-26", 2, f->a, &body, &len, &status), SN_OK);
	assert_string_equal(status, "retired");
	assert_int_equal(rules_body_version(f->s, "rates", "2025-26", 1, f->a, &body, &len, &status), SN_OK);
	assert_string_equal(status, "shipped");
	assert_int_equal(rules_body_version(f->s, "rates", "2025-26", 9, f->a, &body, &len, &status),
			 SN_ENOTFOUND);

	/* A retired version can be adopted again (going back). */
	assert_int_equal(rules_adopt(f->s, "rates", "2025-26", 2, ACTOR), SN_OK);
	assert_int_equal(audits(f, "rules.adopt", "rules:rates/2025-26/v2"), 2);
	assert_true(rules_generation(f->s) > g2);
	assert_int_equal(rules_load_rates(f->s, "2025-26", &r, err, sizeof err), SN_OK);
	assert_int_equal(r.mig_single_pension_age_pence, 24000);

	/* Adopting the shipped version retires the stored one. */
	int64_t g3 = rules_generation(f->s);
	assert_int_equal(rules_adopt(f->s, "rates", "2025-26", 1, ACTOR), SN_OK);
	assert_true(rules_generation(f->s) > g3);
	assert_int_equal(count(f, "SELECT count(*) FROM rules_data WHERE status = 'adopted'"), 0);
	assert_int_equal(rules_load_rates(f->s, "2025-26", &r, err, sizeof err), SN_OK);
	assert_int_equal(r.mig_single_pension_age_pence, 23260);
	assert_int_equal(audits(f, "rules.adopt", "rules:rates/2025-26/v1"), 1);

	/* No such version; bad names. */
	assert_int_equal(rules_adopt(f->s, "rates", "2025-26", 7, ACTOR), SN_ENOTFOUND);
	assert_int_equal(rules_adopt(f->s, "rates", "not-a-year", 1, ACTOR), SN_EINPUT);
	assert_int_equal(rules_adopt(f->s, "people", "x", 1, ACTOR), SN_EINPUT);

	/* A new tax year: not there until adopted. */
	const char *next = replace(f, rates, "\"year\": \"2025-26\"", "\"year\": \"2026-27\"");
	assert_int_equal(rules_upload(f->s, "rates", "2026-27", next, "", ACTOR, &v, err, sizeof err), SN_OK);
	assert_int_equal(rules_load_rates(f->s, "2026-27", &r, err, sizeof err), SN_ENOTFOUND);
	assert_int_equal(rules_adopt(f->s, "rates", "2026-27", 1, ACTOR), SN_OK);
	assert_int_equal(rules_load_rates(f->s, "2026-27", &r, err, sizeof err), SN_OK);
	assert_string_equal(r.year, "2026-27");

	/* The audit chain is whole. */
	int64_t n = 0, badseq = 0;
	char why[256], head[65];
	assert_int_equal(audit_verify(f->s, &n, &badseq, why, sizeof why, head), SN_OK);
}

static void test_typed_loaders(void **state)
{
	fixture *f = *state;
	char err[512] = "";
	int v = 0;
	/* Question set. */
	sc_set *set = sc_set_new();
	assert_int_equal(rules_load_question_set(f->s, "daily-living", set, err, sizeof err), SN_OK);
	assert_int_equal(set->version, 1);
	const char *body = shipped(f, "selfcheck/daily-living-v1.json");
	const char *v2 = replace(f, body, "\"version\": 1", "\"version\": 2");
	v2 = replace(f, v2, "\"title\": \"Check what help you could get\"",
		     "\"title\": \"Check what help you might get\"");
	assert_int_equal(rules_upload(f->s, "question_set", "daily-living", v2, "", ACTOR, &v, err, sizeof err),
			 SN_OK);
	assert_int_equal(rules_adopt(f->s, "question_set", "daily-living", 2, ACTOR), SN_OK);
	assert_int_equal(rules_load_question_set(f->s, "daily-living", set, err, sizeof err), SN_OK);
	assert_int_equal(set->version, 2);
	assert_string_equal(set->title, "Check what help you might get");
	assert_int_equal(rules_load_question_set(f->s, "no-such-set", set, err, sizeof err), SN_ENOTFOUND);
	sc_set_free(set);

	/* RAS scheme. */
	ras_scheme *sch = calloc(1, sizeof *sch);
	assert_non_null(sch);
	const char *ras = shipped(f, "ras/ashby-vale-2025-v1.json");
	const char *ras2 = replace(f, ras, "\"version\": 1", "\"version\": 2");
	assert_int_equal(rules_upload(f->s, "ras_scheme", "ashby-vale-2025-v1", ras2, "", ACTOR, &v, err,
				      sizeof err), SN_OK);
	assert_int_equal(rules_load_ras(f->s, "ashby-vale-2025-v1", sch, err, sizeof err), SN_OK);
	assert_int_equal(sch->version, 1);
	assert_int_equal(rules_adopt(f->s, "ras_scheme", "ashby-vale-2025-v1", 2, ACTOR), SN_OK);
	assert_int_equal(rules_load_ras(f->s, "ashby-vale-2025-v1", sch, err, sizeof err), SN_OK);
	assert_int_equal(sch->version, 2);
	/* The body must carry the scheme's id. */
	const char *other = replace(f, ras2, "\"version\": 2", "\"version\": 3");
	assert_int_equal(rules_upload(f->s, "ras_scheme", "another-scheme", other, "", ACTOR, &v, err,
				      sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "id:"));
	free(sch);

	/* Catalogue. */
	sc_catalogue *cat = sc_catalogue_new();
	const char *c = shipped(f, "equipment/catalogue.json");
	const char *c2 = replace(f, c, "\"version\": 1", "\"version\": 2");
	assert_int_equal(rules_upload(f->s, "equipment", "catalogue", c2, "", ACTOR, &v, err, sizeof err),
			 SN_OK);
	assert_int_equal(rules_adopt(f->s, "equipment", "catalogue", 2, ACTOR), SN_OK);
	assert_int_equal(rules_load_catalogue(f->s, cat, err, sizeof err), SN_OK);
	assert_int_equal(cat->version, 2);
	/* A catalogue without an item the question set in force suggests. */
	json_t *o = json_loads(c, 0, NULL);
	json_t *items = json_object_get(o, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(items, i), "key")),
			   "walking_frame") == 0)
			json_array_remove(items, i);
	json_object_set_new(o, "version", json_integer(3));
	char *c3 = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	assert_int_equal(rules_check("equipment", "catalogue", c3, strlen(c3), &v, err, sizeof err), SN_OK);
	assert_int_equal(rules_upload(f->s, "equipment", "catalogue", c3, "", ACTOR, &v, err, sizeof err),
			 SN_EINPUT);
	assert_true(str_starts(err, "items: question set daily-living v2"));
	assert_non_null(strstr(err, "walking_frame"));
	free(c3);
	/* Without a store: the shipped files. */
	assert_int_equal(rules_load_catalogue(NULL, cat, err, sizeof err), SN_OK);
	assert_int_equal(cat->version, 1);
	sc_catalogue_free(cat);
}

static void test_list(void **state)
{
	fixture *f = *state;
	char err[512] = "";
	int v = 0;
	const char *rates = shipped(f, "rates/2025-26.json");
	assert_int_equal(rules_upload(f->s, "rates", "2025-26", rates, "same again", ACTOR, &v, err, sizeof err),
			 SN_OK);
	json_t *all = NULL;
	assert_int_equal(rules_list(f->s, NULL, NULL, &all), SN_OK);
	/* question_set, ras_scheme, rates x2, equipment: kind order. */
	assert_true(json_array_size(all) >= 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "kind")), "question_set");
	json_decref(all);
	json_t *one = NULL;
	assert_int_equal(rules_list(f->s, "rates", "2025-26", &one), SN_OK);
	assert_int_equal(json_array_size(one), 1);
	json_t *g = json_array_get(one, 0);
	assert_int_equal(json_integer_value(json_object_get(g, "in_force")), 1);
	assert_string_equal(json_string_value(json_object_get(g, "in_force_from")), "shipped");
	assert_int_equal(json_integer_value(json_object_get(g, "drafts")), 1);
	assert_int_equal(json_integer_value(json_object_get(g, "highest")), 2);
	json_t *vs = json_object_get(g, "versions");
	assert_int_equal(json_array_size(vs), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(vs, 0), "status")), "draft");
	assert_string_equal(json_string_value(json_object_get(json_array_get(vs, 0), "note")), "same again");
	assert_string_equal(json_string_value(json_object_get(json_array_get(vs, 1), "status")), "shipped");
	assert_true(json_is_true(json_object_get(json_array_get(vs, 1), "in_force")));
	json_decref(one);
}

/* The support plan's sections: checked by plan_sections_from_json (which
 * refuses sections that would orphan what plans hold), uploaded with a
 * version above every known one, adopted, and then what the plan pages
 * read (plan_sections_in_force). */
static void test_plan_sections(void **state)
{
	fixture *f = *state;
	char err[512] = "";
	int v = -1;
	const char *std = shipped(f, "plan/sections-standard.json");
	assert_int_equal(rules_check("plan_sections", "standard", std, strlen(std), &v, err, sizeof err),
			 SN_OK);
	assert_int_equal(v, 1);
	const char *v2 = replace(f, replace(f, std, "\"version\": 1", "\"version\": 2"),
				 "\"heading\": \"About me\"", "\"heading\": \"All about me\"");
	/* Refused, each with the field, nothing stored or audited. */
	static const struct {
		const char *from, *to, *why;
	} bad[] = {
		{"\"type\": \"risks\"", "\"type\": \"text\"", "sections: has no risks section"},
		{"\"key\": \"good_day\"", "\"key\": \"about_me\"", "sections[3].key: about_me is used twice"},
		{"\"name\": \"standard\"", "\"name\": \"other\"", "name: the document says other"},
		{"\"title\":", "\"title\" ", "plan_sections: not valid JSON"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *b = replace(f, v2, bad[i].from, bad[i].to);
		assert_int_equal(rules_upload(f->s, "plan_sections", "standard", b, "", ACTOR, &v, err,
					      sizeof err), SN_EINPUT);
		if (!str_starts(err, bad[i].why))
			fail_msg("case %zu: %s", i, err);
	}
	/* The shipped version again: not above 1. */
	assert_int_equal(rules_upload(f->s, "plan_sections", "standard", std, "", ACTOR, &v, err,
				      sizeof err), SN_EINPUT);
	assert_true(str_starts(err, "version: must be above 1"));
	assert_int_equal(count(f, "SELECT count(*) FROM rules_data"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action LIKE 'rules.%'"), 0);

	assert_int_equal(rules_upload(f->s, "plan_sections", "standard", v2, "clearer", ACTOR, &v, err,
				      sizeof err), SN_OK);
	assert_int_equal(v, 2);
	assert_int_equal(audits(f, "rules.upload", "rules:plan_sections/standard/v2"), 1);
	const plan_sections *secs = NULL;
	assert_int_equal(plan_sections_in_force(f->s, f->a, &secs), SN_OK);
	assert_string_equal(secs->sec[0].heading, "About me"); /* a draft is not in force */
	assert_int_equal(rules_adopt(f->s, "plan_sections", "standard", 2, ACTOR), SN_OK);
	assert_int_equal(audits(f, "rules.adopt", "rules:plan_sections/standard/v2"), 1);
	assert_int_equal(plan_sections_in_force(f->s, f->a, &secs), SN_OK);
	assert_string_equal(secs->sec[0].heading, "All about me");
	assert_int_equal(secs->version, 2);
	/* Back to the shipped sections. */
	assert_int_equal(rules_adopt(f->s, "plan_sections", "standard", 1, ACTOR), SN_OK);
	assert_int_equal(plan_sections_in_force(f->s, f->a, &secs), SN_OK);
	assert_string_equal(secs->sec[0].heading, "About me");
	/* The list shows the shipped file and the row. */
	json_t *list = NULL;
	assert_int_equal(rules_list(f->s, "plan_sections", NULL, &list), SN_OK);
	assert_int_equal(json_array_size(list), 1);
	json_t *g = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(g, "name")), "standard");
	assert_string_equal(json_string_value(json_object_get(g, "kind_label")), "Support plan sections");
	assert_int_equal(json_array_size(json_object_get(g, "versions")), 2);
	json_decref(list);
}

static void test_diff(void **state)
{
	(void)state;
	const char *a = "{\"year\":\"2025-26\",\"mig\":{\"single\":23260,\"couple\":1},"
			"\"items\":[{\"key\":\"rail\",\"cost\":1},{\"key\":\"seat\",\"cost\":2}],"
			"\"list\":[1,2,3],\"gone\":true}";
	const char *b = "{\"year\":\"2025-26\",\"mig\":{\"single\":24000,\"couple\":1},"
			"\"items\":[{\"key\":\"seat\",\"cost\":2},{\"key\":\"rail\",\"cost\":5},"
			"{\"key\":\"bell\",\"cost\":9}],\"list\":[1,2],\"new\":\"x\"}";
	json_t *d = NULL;
	size_t total = 0;
	assert_int_equal(rules_diff(a, strlen(a), b, strlen(b), 100, &d, &total), SN_OK);
	char *s = json_dumps(d, JSON_COMPACT);
	assert_string_equal(s,
		"[{\"path\":\"mig.single\",\"before\":\"23260\",\"after\":\"24000\"},"
		"{\"path\":\"items[rail].cost\",\"before\":\"1\",\"after\":\"5\"},"
		"{\"path\":\"items[bell]\",\"before\":\"\",\"after\":\"{\\\"key\\\":\\\"bell\\\",\\\"cost\\\":9}\"},"
		"{\"path\":\"list[2]\",\"before\":\"3\",\"after\":\"\"},"
		"{\"path\":\"gone\",\"before\":\"true\",\"after\":\"\"},"
		"{\"path\":\"new\",\"before\":\"\",\"after\":\"\\\"x\\\"\"}]");
	free(s);
	assert_int_equal(total, 6);
	json_decref(d);
	/* Bounded: at most max listed, all counted. */
	assert_int_equal(rules_diff(a, strlen(a), b, strlen(b), 2, &d, &total), SN_OK);
	assert_int_equal(json_array_size(d), 2);
	assert_int_equal(total, 6);
	json_decref(d);
	/* The same: nothing. Not JSON: an error. */
	assert_int_equal(rules_diff(a, strlen(a), a, strlen(a), 10, &d, &total), SN_OK);
	assert_int_equal(total, 0);
	json_decref(d);
	assert_int_equal(rules_diff(a, strlen(a), "{", 1, 10, &d, &total), SN_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_shipped_versions),
		cmocka_unit_test_setup_teardown(test_check, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_upload_versions, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_adopt_and_load, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_typed_loaders, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_list, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_sections, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
