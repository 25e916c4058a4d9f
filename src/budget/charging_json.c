/* The JSON edges of charging: rates tables, `rules charge` cases and results (the rules themselves are in charging.c). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/jsonin.h"
#include "../base/embed.h"
#include "charging.h"

#define FAIL(...)                                         \
	do {                                              \
		snprintf(err, err_size, __VA_ARGS__);     \
		rc = SN_EINPUT;                           \
		goto out;                                 \
	} while (0)

void chg_tax_year_of(int64_t t, char out[static 8])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	int y = tm.tm_year + 1900;
	if (tm.tm_mon < 3 || (tm.tm_mon == 3 && tm.tm_mday < 6))
		y--;
	unsigned yy = y < 1000 ? 1000u : y > 9998 ? 9998u : (unsigned)y;
	snprintf(out, 8, "%04u-%02u", yy, (yy + 1) % 100);
}

static bool year_is_valid(const char *s)
{
	if (strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	int first = (s[2] - '0') * 10 + (s[3] - '0');
	int second = (s[5] - '0') * 10 + (s[6] - '0');
	return second == (first + 1) % 100;
}

/* "2024-25, 2025-26": the embedded tables, for error messages. */
static void list_years(char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (const embed_file *f = embed_data; f->name; f++) {
		if (strncmp(f->name, "rates/", 6) != 0)
			continue;
		const char *y = f->name + 6;
		size_t yl = strcspn(y, ".");
		int w = snprintf(out + n, size - n, "%s%.*s", n ? ", " : "", (int)yl, y);
		if (w < 0 || (size_t)w >= size - n)
			return;
		n += (size_t)w;
	}
}

bool chg_rates_year_for(int64_t now, char out[static 8])
{
	char current[8];
	chg_tax_year_of(now, current);
	out[0] = 0;
	for (const embed_file *f = embed_data; f->name; f++) {
		if (strncmp(f->name, "rates/", 6) != 0 || strlen(f->name) != 6 + 7 + 5)
			continue;
		const char *y = f->name + 6;
		/* "2025-26" sorts as text in year order. */
		if (strncmp(y, current, 7) <= 0 && (!out[0] || strncmp(y, out, 7) > 0)) {
			memcpy(out, y, 7);
			out[7] = 0;
		}
	}
	return out[0] && strcmp(out, current) == 0;
}

/* A whole number in [min,max]; false when v is not one. */
static bool get_int(json_t *v, int64_t min, int64_t max, int64_t *out)
{
	if (!json_is_integer(v))
		return false;
	json_int_t i = json_integer_value(v);
	if (i < min || i > max)
		return false;
	*out = (int64_t)i;
	return true;
}

/* ---- rates tables ---- */

static const struct {
	const char *key;
	size_t offset;
} mig_fields[] = {
	{"single_18_24_pence", offsetof(chg_rates, mig_single_18_24_pence)},
	{"single_25_plus_pence", offsetof(chg_rates, mig_single_25_plus_pence)},
	{"single_pension_age_pence", offsetof(chg_rates, mig_single_pension_age_pence)},
	{"lone_parent_pence", offsetof(chg_rates, mig_lone_parent_pence)},
	{"couple_18_plus_pence", offsetof(chg_rates, mig_couple_18_plus_pence)},
	{"couple_pension_age_pence", offsetof(chg_rates, mig_couple_pension_age_pence)},
	{"disability_premium_single_pence", offsetof(chg_rates, disability_premium_single_pence)},
	{"disability_premium_couple_pence", offsetof(chg_rates, disability_premium_couple_pence)},
	{"enhanced_disability_premium_single_pence",
	 offsetof(chg_rates, enhanced_disability_premium_single_pence)},
	{"enhanced_disability_premium_couple_pence",
	 offsetof(chg_rates, enhanced_disability_premium_couple_pence)},
	{"carer_premium_pence", offsetof(chg_rates, carer_premium_pence)},
	{"child_pence", offsetof(chg_rates, child_pence)},
};

static const struct {
	const char *key;
	size_t offset;
} top_fields[] = {
	{"capital_lower_pence", offsetof(chg_rates, capital_lower_pence)},
	{"capital_upper_pence", offsetof(chg_rates, capital_upper_pence)},
	{"tariff_step_pence", offsetof(chg_rates, tariff_step_pence)},
	{"tariff_per_step_pence", offsetof(chg_rates, tariff_per_step_pence)},
};

/* A treatment with its amounts: {"treatment", "disregard_pence",
 * "disregard_couple_pence"} of an income kind or a discretionary disregard
 * (where = "rates.income_kinds.KEY" or "rates.discretionary_disregards.KEY").
 * *n_fields gets how many of v's fields it read. */
static sn_err treatment_from_obj(json_t *v, const char *where, chg_income_kind *k,
				 size_t *n_fields, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	const char *t = json_string_value(json_object_get(v, "treatment"));
	*n_fields = 1;
	k->disregard_pence = 0;
	k->disregard_couple_pence = -1;
	if (t && strcmp(t, "counted") == 0) {
		k->treatment = CHG_COUNTED;
	} else if (t && strcmp(t, "disregarded") == 0) {
		k->treatment = CHG_DISREGARDED;
	} else if (t && strcmp(t, "partly_disregarded") == 0) {
		k->treatment = CHG_PARTLY_DISREGARDED;
		*n_fields = 2;
		if (!get_int(json_object_get(v, "disregard_pence"), 0, CHG_MAX_WEEKLY_PENCE,
			     &k->disregard_pence))
			FAIL("%s.disregard_pence: missing or not pence", where);
		json_t *cp = json_object_get(v, "disregard_couple_pence");
		if (cp) {
			if (!get_int(cp, 0, CHG_MAX_WEEKLY_PENCE, &k->disregard_couple_pence))
				FAIL("%s.disregard_couple_pence: not pence", where);
			*n_fields = 3;
		}
	} else {
		FAIL("%s.treatment: not counted, disregarded or partly_disregarded", where);
	}
out:
	return rc;
}

/* The most a treatment ignores of weekly income v (for one person or a
 * member of a couple): how "wider" is measured. */
static int64_t ignored_of(chg_treatment t, int64_t single, int64_t couple, bool is_couple)
{
	if (t == CHG_DISREGARDED)
		return CHG_MAX_WEEKLY_PENCE;
	if (t == CHG_COUNTED)
		return 0;
	return is_couple && couple >= 0 ? couple : single;
}

/* "discretionary_disregards": {KIND: {"name", "treatment", ...}}: a
 * council's wider disregard of a kind, replacing the statutory treatment
 * (which the kind keeps in statutory_*). It must ignore more than the
 * statutory rule, for a single person and for a member of a couple: a
 * discretion can widen a disregard, never narrow one. */
static sn_err discretions_from_obj(json_t *d, chg_rates *r, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	const char *key;
	json_t *v;
	char where[CHG_NAME_MAX + 64];
	if (!json_is_object(d) || json_object_size(d) > CHG_MAX_KINDS)
		FAIL("rates.discretionary_disregards: not an object of at most %d income kinds",
		     CHG_MAX_KINDS);
	json_object_foreach(d, key, v) {
		snprintf(where, sizeof where, "rates.discretionary_disregards.%.39s", key);
		chg_income_kind *k = (chg_income_kind *)chg_rates_kind(r, key);
		if (!k)
			FAIL("%s: not one of the table's income_kinds", where);
		if (!json_is_object(v))
			FAIL("%s: not an object with name and treatment", where);
		const char *name = json_string_value(json_object_get(v, "name"));
		if (!name || !*name || strlen(name) >= CHG_DISCRETION_MAX)
			FAIL("%s.name: missing, empty or longer than %d bytes (say whose policy it is, for the workings)",
			     where, CHG_DISCRETION_MAX - 1);
		for (const char *c = name; *c; c++)
			if ((unsigned char)*c < 0x20)
				FAIL("%s.name: has a control character", where);
		chg_income_kind wide = *k;
		size_t n_fields;
		rc = treatment_from_obj(v, where, &wide, &n_fields, err, err_size);
		if (rc)
			goto out;
		if (json_object_size(v) != n_fields + 1)
			FAIL("%s: unexpected fields (name, treatment, disregard_pence, disregard_couple_pence)",
			     where);
		for (int couple = 0; couple < 2; couple++)
			if (ignored_of(wide.treatment, wide.disregard_pence, wide.disregard_couple_pence,
				       couple) <=
			    ignored_of(k->treatment, k->disregard_pence, k->disregard_couple_pence, couple))
				FAIL("%s: disregards no more than the statutory rule%s (a discretionary disregard may only widen it)",
				     where, couple ? " for a member of a couple" : "");
		k->statutory_treatment = k->treatment;
		k->statutory_disregard_pence = k->disregard_pence;
		k->statutory_disregard_couple_pence = k->disregard_couple_pence;
		k->treatment = wide.treatment;
		k->disregard_pence = wide.disregard_pence;
		k->disregard_couple_pence = wide.disregard_couple_pence;
		snprintf(k->discretion, sizeof k->discretion, "%s", name);
	}
out:
	return rc;
}

static sn_err income_kinds_from_obj(json_t *kinds, chg_rates *r, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	const char *key;
	json_t *v;
	char where[CHG_NAME_MAX + 64];
	if (!json_is_object(kinds) || json_object_size(kinds) == 0 ||
	    json_object_size(kinds) > CHG_MAX_KINDS)
		FAIL("rates.income_kinds: missing, empty or more than %d kinds", CHG_MAX_KINDS);
	json_object_foreach(kinds, key, v) {
		chg_income_kind *k = &r->kinds[r->n_kinds];
		if (strlen(key) == 0 || strlen(key) >= CHG_NAME_MAX)
			FAIL("rates.income_kinds: a kind's name is empty or too long");
		snprintf(where, sizeof where, "rates.income_kinds.%s", key);
		snprintf(k->name, sizeof k->name, "%s", key);
		const char *label = json_string_value(json_object_get(v, "label"));
		if (!label || strlen(label) >= CHG_LABEL_MAX)
			FAIL("%s.label: missing or too long", where);
		snprintf(k->label, sizeof k->label, "%s", label);
		size_t n_fields;
		rc = treatment_from_obj(v, where, k, &n_fields, err, err_size);
		if (rc)
			goto out;
		if (json_object_size(v) != n_fields + 1)
			FAIL("%s: unexpected fields", where);
		k->statutory_treatment = k->treatment;
		k->statutory_disregard_pence = k->disregard_pence;
		k->statutory_disregard_couple_pence = k->disregard_couple_pence;
		r->n_kinds++;
	}
out:
	return rc;
}

static sn_err rates_from_obj(json_t *o, chg_rates *r, char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	memset(r, 0, sizeof *r);
	if (!json_is_object(o))
		FAIL("rates: not a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		if (strcmp(key, "year") && strcmp(key, "starts") && strcmp(key, "ends") &&
		    strcmp(key, "pension_credit_age") && strcmp(key, "mig") &&
		    strcmp(key, "income_kinds") && strcmp(key, "discretionary_disregards") &&
		    strcmp(key, "sources")) {
			bool known = false;
			for (size_t i = 0; i < SN_ARRAY_LEN(top_fields); i++)
				known = known || strcmp(key, top_fields[i].key) == 0;
			if (!known)
				FAIL("rates.%s: unknown field", key);
		}
	}
	const char *y = json_string_value(json_object_get(o, "year"));
	if (!y || !year_is_valid(y))
		FAIL("rates.year: missing or not a tax year like 2025-26");
	snprintf(r->year, sizeof r->year, "%s", y);
	for (size_t i = 0; i < SN_ARRAY_LEN(top_fields); i++) {
		int64_t *dst = (int64_t *)((char *)r + top_fields[i].offset);
		if (!get_int(json_object_get(o, top_fields[i].key), 0, CHG_MAX_CAPITAL_PENCE, dst))
			FAIL("rates.%s: missing or not a whole number of pence", top_fields[i].key);
	}
	if (r->capital_lower_pence > r->capital_upper_pence || r->tariff_step_pence <= 0)
		FAIL("rates: capital limits or tariff step out of order");
	int64_t pca;
	if (!get_int(json_object_get(o, "pension_credit_age"), 18, 120, &pca))
		FAIL("rates.pension_credit_age: missing or not an age");
	r->pension_credit_age = (int)pca;
	json_t *mig = json_object_get(o, "mig");
	if (!json_is_object(mig))
		FAIL("rates.mig: missing or not an object");
	if (json_object_size(mig) != SN_ARRAY_LEN(mig_fields))
		FAIL("rates.mig: expected exactly %zu amounts", SN_ARRAY_LEN(mig_fields));
	for (size_t i = 0; i < SN_ARRAY_LEN(mig_fields); i++) {
		int64_t *dst = (int64_t *)((char *)r + mig_fields[i].offset);
		if (!get_int(json_object_get(mig, mig_fields[i].key), 0, CHG_MAX_WEEKLY_PENCE, dst))
			FAIL("rates.mig.%s: missing or not a whole number of pence", mig_fields[i].key);
	}
	rc = income_kinds_from_obj(json_object_get(o, "income_kinds"), r, err, err_size);
	json_t *disc = json_object_get(o, "discretionary_disregards");
	if (!rc && disc)
		rc = discretions_from_obj(disc, r, err, err_size);
out:
	return rc;
}

sn_err chg_rates_from_json(const char *text, size_t len, chg_rates *out, char *err,
			   size_t err_size)
{
	json_error_t je;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		snprintf(err, err_size, "rates: not valid JSON (line %d: %s)", je.line, je.text);
		return SN_EINPUT;
	}
	sn_err rc = rates_from_obj(o, out, err, err_size);
	json_decref(o);
	return rc;
}

sn_err chg_rates_load(const char *year, chg_rates *out, char *err, size_t err_size)
{
	char name[32], years[128];
	if (!year_is_valid(year)) {
		snprintf(err, err_size, "year: '%.16s' is not a tax year (write it like 2025-26)", year);
		return SN_EINPUT;
	}
	snprintf(name, sizeof name, "rates/%s.json", year);
	const embed_file *f = embed_find(embed_data, name);
	if (!f) {
		list_years(years, sizeof years);
		snprintf(err, err_size, "year: no rates table for %s (tables: %s)", year, years);
		return SN_ENOTFOUND;
	}
	sn_err rc = chg_rates_from_json((const char *)f->data, f->len, out, err, err_size);
	if (!rc && strcmp(out->year, year) != 0) {
		snprintf(err, err_size, "rates/%s.json: says it is for %s", year, out->year);
		rc = SN_EINPUT;
	}
	return rc;
}

/* ---- cases ---- */

static const char *const case_fields[] = {
	"year", "age", "pension_age", "couple", "premiums", "dependent_children",
	"capital_pence", "weekly_income_pence", "weekly_dre_pence", "weekly_housing_pence",
	"weekly_care_cost_pence",
};

static sn_err get_bool(json_t *o, const char *key, bool *out, char *err, size_t err_size,
		       const char *prefix)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return SN_OK;
	if (!json_is_boolean(v)) {
		snprintf(err, err_size, "%s%s: must be true or false", prefix, key);
		return SN_EINPUT;
	}
	*out = json_is_true(v);
	return SN_OK;
}

static sn_err get_money(json_t *o, const char *key, bool required, int64_t max, int64_t *out,
			char *err, size_t err_size)
{
	json_t *v = json_object_get(o, key);
	if (!v) {
		if (!required)
			return SN_OK;
		snprintf(err, err_size, "%s: missing (a whole number of pence)", key);
		return SN_EINPUT;
	}
	if (json_is_integer(v) && json_integer_value(v) < 0) {
		snprintf(err, err_size, "%s: must not be negative", key);
		return SN_EINPUT;
	}
	if (!get_int(v, 0, max, out)) {
		char lim[48];
		chg_money(max, lim, sizeof lim);
		snprintf(err, err_size, "%s: must be a whole number of pence from 0 to %lld (%s)", key,
			 (long long)max, lim);
		return SN_EINPUT;
	}
	return SN_OK;
}

static sn_err load_embedded(void *ctx, const char *year, chg_rates *out, char *err, size_t err_size)
{
	(void)ctx;
	return chg_rates_load(year, out, err, err_size);
}

sn_err chg_case_from_json(const char *text, size_t len, const char *year_opt, int64_t now,
			  chg_case *c, chg_rates *r, char *err, size_t err_size)
{
	return chg_case_from_json_with(text, len, year_opt, now, load_embedded, NULL, c, r, err,
				       err_size);
}

/* A refusal inside the case readers below: one line, SN_EINPUT. */
#define REFUSE(...)                                       \
	do {                                              \
		snprintf(err, err_size, __VA_ARGS__);     \
		return SN_EINPUT;                         \
	} while (0)

/* Age, couple and pension age, against the table's pension credit age. */
static sn_err read_person(json_t *o, const chg_rates *r, chg_case *c, char *err, size_t err_size)
{
	int64_t n;
	json_t *jage = json_object_get(o, "age");
	if (!jage)
		REFUSE("age: missing (a whole number of years, 18 or more)");
	if (!get_int(jage, 18, 120, &n))
		REFUSE("age: must be a whole number of years from 18 to 120 (charging is for adults)");
	c->age = (int)n;
	sn_err rc = get_bool(o, "couple", &c->couple, err, err_size, "");
	if (rc)
		return rc;
	bool at_pca = c->age >= r->pension_credit_age;
	c->pension_age = at_pca;
	if (!json_object_get(o, "pension_age"))
		return SN_OK;
	rc = get_bool(o, "pension_age", &c->pension_age, err, err_size, "");
	if (rc)
		return rc;
	if (at_pca && !c->pension_age)
		REFUSE("pension_age: false, but age %d is at or over pension credit age (%d in %s)",
		       c->age, r->pension_credit_age, r->year);
	if (!c->couple && c->pension_age && !at_pca)
		REFUSE("pension_age: true, but a single person aged %d is under pension credit age (%d in %s)",
		       c->age, r->pension_credit_age, r->year);
	return SN_OK;
}

static sn_err read_premiums(json_t *o, chg_case *c, char *err, size_t err_size)
{
	json_t *prem = json_object_get(o, "premiums");
	if (!prem)
		return SN_OK;
	if (!json_is_object(prem))
		REFUSE("premiums: must be an object of true/false values");
	const char *key;
	json_t *v;
	json_object_foreach(prem, key, v) {
		if (strcmp(key, "disability") && strcmp(key, "enhanced_disability") &&
		    strcmp(key, "severe_disability") && strcmp(key, "carer"))
			REFUSE("premiums.%.64s: unknown premium (known: disability, enhanced_disability, severe_disability, carer)",
			       key);
	}
	const struct {
		const char *key;
		bool *out;
	} flags[] = {{"disability", &c->disability}, {"enhanced_disability", &c->enhanced_disability},
		     {"severe_disability", &c->severe_disability}, {"carer", &c->carer}};
	for (size_t i = 0; i < SN_ARRAY_LEN(flags); i++) {
		sn_err rc = get_bool(prem, flags[i].key, flags[i].out, err, err_size, "premiums.");
		if (rc)
			return rc;
	}
	return SN_OK;
}

/* Dependent children, capital and the weekly amounts. */
static sn_err read_amounts(json_t *o, chg_case *c, char *err, size_t err_size)
{
	json_t *kids = json_object_get(o, "dependent_children");
	if (kids) {
		int64_t n;
		if (!get_int(kids, 0, 20, &n))
			REFUSE("dependent_children: must be a whole number from 0 to 20");
		c->dependent_children = (int)n;
	}
	const struct {
		const char *key;
		bool required;
		int64_t max;
		int64_t *out;
	} amounts[] = {
		{"capital_pence", true, CHG_MAX_CAPITAL_PENCE, &c->capital_pence},
		{"weekly_dre_pence", false, CHG_MAX_WEEKLY_PENCE, &c->weekly_dre_pence},
		{"weekly_housing_pence", false, CHG_MAX_WEEKLY_PENCE, &c->weekly_housing_pence},
		{"weekly_care_cost_pence", false, CHG_MAX_WEEKLY_PENCE, &c->weekly_care_cost_pence},
	};
	/* Without a cost of care, the answer is the most that could be asked. */
	c->cost_unknown = !json_object_get(o, "weekly_care_cost_pence");
	for (size_t i = 0; i < SN_ARRAY_LEN(amounts); i++) {
		sn_err rc = get_money(o, amounts[i].key, amounts[i].required, amounts[i].max,
				      amounts[i].out, err, err_size);
		if (rc)
			return rc;
	}
	return SN_OK;
}

/* Income by kind: every kind must be in the table. */
static sn_err read_income(json_t *o, const chg_rates *r, chg_case *c, char *err, size_t err_size)
{
	json_t *inc = json_object_get(o, "weekly_income_pence");
	if (!inc)
		REFUSE("weekly_income_pence: missing (an object of income kind: pence a week; {} for none)");
	if (!json_is_object(inc))
		REFUSE("weekly_income_pence: must be an object of income kind: pence a week");
	const char *key;
	json_t *v;
	json_object_foreach(inc, key, v) {
		if (!chg_rates_kind(r, key)) {
			char known[1024];
			size_t kn = 0;
			known[0] = 0;
			for (size_t i = 0; i < r->n_kinds && kn < sizeof known; i++) {
				int w = snprintf(known + kn, sizeof known - kn, "%s%s", i ? ", " : "",
						 r->kinds[i].name);
				if (w < 0)
					break;
				kn += (size_t)w;
			}
			REFUSE("weekly_income_pence.%.64s: unknown income kind (known: %s)", key, known);
		}
		chg_income *ci = &c->income[c->n_income];
		if (json_is_integer(v) && json_integer_value(v) < 0)
			REFUSE("weekly_income_pence.%s: must not be negative", key);
		if (!get_int(v, 0, CHG_MAX_WEEKLY_PENCE, &ci->weekly_pence))
			REFUSE("weekly_income_pence.%s: must be a whole number of pence from 0 to %lld",
			       key, (long long)CHG_MAX_WEEKLY_PENCE);
		snprintf(ci->kind, sizeof ci->kind, "%s", key);
		c->n_income++; /* keys are unique and all in the table: at most n_kinds */
	}
	return SN_OK;
}

sn_err chg_case_from_json_with(const char *text, size_t len, const char *year_opt, int64_t now,
			       chg_rates_loader load, void *ctx, chg_case *c, chg_rates *r,
			       char *err, size_t err_size)
{
	sn_err rc = SN_OK;
	json_t *o = NULL;
	memset(c, 0, sizeof *c);
	rc = json_open_object(text, len, CHG_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		bool known = false;
		for (size_t i = 0; i < SN_ARRAY_LEN(case_fields); i++)
			known = known || strcmp(key, case_fields[i]) == 0;
		if (!known)
			FAIL("%.64s: unknown field", key);
	}

	/* The year first: the rest is checked against its table. */
	json_t *jy = json_object_get(o, "year");
	if (jy && !json_is_string(jy))
		FAIL("year: must be a string like \"2025-26\"");
	const char *case_year = json_string_value(jy);
	if (year_opt && case_year && strcmp(year_opt, case_year) != 0)
		FAIL("year: the case says %.16s but --year says %.16s", case_year, year_opt);
	char now_year[8];
	chg_tax_year_of(now, now_year);
	const char *year = year_opt ? year_opt : case_year ? case_year : now_year;
	if (load(ctx, year, r, err, err_size)) {
		rc = SN_EINPUT;
		goto out;
	}
	snprintf(c->year, sizeof c->year, "%s", r->year);

	rc = read_person(o, r, c, err, err_size);
	if (!rc)
		rc = read_premiums(o, c, err, err_size);
	if (!rc)
		rc = read_amounts(o, c, err, err_size);
	if (!rc)
		rc = read_income(o, r, c, err, err_size);
out:
	json_decref(o);
	return rc;
}

json_t *chg_result_to_json(const chg_case *c, const chg_result *res)
{
	json_t *w = json_array();
	for (size_t i = 0; i < res->n_lines; i++)
		json_array_append_new(w, json_string(res->lines[i]));
	json_t *o = json_object();
	json_object_set_new(o, "year", json_string(c->year));
	json_object_set_new(o, "weekly_charge_pence", json_integer(res->weekly_charge_pence));
	json_object_set_new(o, "full_cost", json_boolean(res->full_cost));
	json_object_set_new(o, "tariff_income_pence", json_integer(res->tariff_income_pence));
	json_object_set_new(o, "assessable_income_pence",
			    json_integer(res->assessable_income_pence));
	json_object_set_new(o, "minimum_income_guarantee_pence", json_integer(res->mig_pence));
	json_object_set_new(o, "weekly_care_cost_pence",
			    c->cost_unknown ? json_null() : json_integer(c->weekly_care_cost_pence));
	json_object_set_new(o, "workings", w);
	return o;
}
