/* Rules as data, editable by admins: versioned copies of the rules
 * documents (question sets, RAS schemes, charging rates tables, the
 * equipment catalogue, the support plan's sections) in the store's rules_data table, beside the copies
 * shipped in data/ (embedded). A loader prefers the adopted store version
 * and falls back to the shipped file. Every body is checked by the rules'
 * own strict parser before it is stored; uploads and adoptions are audited
 * as "rules:KIND/NAME/vN". See docs/rules.md, "Rules as data".
 *
 * Kinds and names:
 *   "question_set"  the set id, "daily-living"; the body's id must be the
 *                   name and its version above every known version;
 *                   shipped: data/selfcheck/NAME-vN.json (the highest N).
 *   "ras_scheme"    the scheme id as cases name it, "ashby-vale-2025-v1";
 *                   the body's id must be the name, its version above
 *                   every known version; shipped: data/ras/NAME.json.
 *   "rates"         the tax year, "2025-26"; the body's year must be the
 *                   name; the body carries no version: the shipped file is
 *                   version 1 and each upload gets the next number.
 *   "equipment"     always "catalogue"; the body's version must be above
 *                   every known version; shipped:
 *                   data/equipment/catalogue.json.
 *   "plan_sections" always "standard"; the body's name must be the name,
 *                   its version above every known version, and it must keep
 *                   one each of the structured sections plans hold
 *                   (plan_sections_from_json); shipped:
 *                   data/plan/sections-NAME.json. The plan pages read the
 *                   adopted row themselves (plan_sections_in_force); this
 *                   folder uses only plan.h's pure parser, so plan must
 *                   never use rulesdata (docs/architecture.md). */
#ifndef SN_RULESDATA_H
#define SN_RULESDATA_H

#include <jansson.h>

#include "../base/base.h"
#include "../budget/charging.h"
#include "../budget/ras.h"
#include "../selfcheck/selfcheck.h"
#include "../store/store.h"
#include "../web/web.h"

#define RULES_NAME_MAX 64              /* bytes of a name, without its NUL */
#define RULES_BODY_MAX (512u * 1024u)  /* bytes of one body */
#define RULES_NOTE_MAX 500             /* bytes of an upload's note */
#define RULES_DIFF_MAX 200             /* differences a page lists */

/* "question_set", "ras_scheme", "rates", "equipment" or "plan_sections". */
bool rules_kind_ok(const char *kind);
/* Plain English: "Self-check question set", ...; "" for an unknown kind. */
const char *rules_kind_label(const char *kind);
/* Whether name is well formed for kind (see above). SN_EINPUT with one
 * line in err ("name: ...") when not, or when the kind is unknown. */
sn_err rules_name_check(const char *kind, const char *name, char *err, size_t err_size);
/* The version of the shipped file for (kind, name), 0 when none ships. */
int rules_shipped_version(const char *kind, const char *name);

/* Checks a body with the kind's parser (a question set also against the
 * shipped equipment catalogue; rules_upload uses the catalogue in force)
 * and that it says it is (kind, name). *version_out (may be NULL) gets the
 * version the body declares, or 0 for rates, which carry none (rules_upload
 * numbers them). SN_EINPUT (SN_ETOOBIG past RULES_BODY_MAX) with one line
 * in err that starts with the field's path. */
sn_err rules_check(const char *kind, const char *name, const char *body, size_t len,
		   int *version_out, char *err, size_t err_size);

/* Stores body as a draft of (kind, name), audited as "rules.upload" by
 * actor_uuid (role admin), with note (0..RULES_NOTE_MAX bytes). The
 * version must be above the shipped one and every stored one (rates: the
 * next number is given). SN_EINPUT with the parser's or the version rule's
 * line in err; *version_out (may be NULL) gets the stored version. A new
 * name is allowed when it is well formed (a new tax year's rates, a new
 * scheme or set). Runs its own write transaction. */
sn_err rules_upload(store *s, const char *kind, const char *name, const char *body,
		    const char *note, const char *actor_uuid, int *version_out, char *err,
		    size_t err_size);

/* Puts a version in force, in one write transaction: the adopted row (if
 * any) becomes "retired", this one "adopted" with adopted_at now; audited
 * as "rules.adopt". A draft or a retired version may be adopted; adopting
 * the shipped version (when no stored row has that number) retires the
 * adopted row, so the shipped file is in force again. Adopting what is in
 * force already changes nothing (SN_OK, no audit entry). SN_ENOTFOUND for
 * a version that does not exist, SN_EINPUT for a bad kind or name. */
sn_err rules_adopt(store *s, const char *kind, const char *name, int version,
		   const char *actor_uuid);

/* The body in force: the adopted store row if any (*from_store true), else
 * the shipped file. The body is NUL-terminated, copied into a. Any of
 * len, version, from_store may be NULL. SN_ENOTFOUND when neither. */
sn_err rules_body(store *s, const char *kind, const char *name, arena *a, const char **body,
		  size_t *len, int *version, bool *from_store);
/* One version's body: the stored row of that version (any status), else
 * the shipped file when it has that version. *status gets "draft",
 * "adopted", "retired" or "shipped" (may be NULL). SN_ENOTFOUND when none. */
sn_err rules_body_version(store *s, const char *kind, const char *name, int version, arena *a,
			  const char **body, size_t *len, const char **status);

/* Typed loaders for the consumers: rules_body + the parser (and the same
 * agreement checks as rules_check). SN_ENOTFOUND when there is no such
 * document; SN_EINPUT when it does not parse; err gets one line naming the
 * document ("rates 2026-27 v2: rates.mig...: ..."). */
sn_err rules_load_rates(store *s, const char *year, chg_rates *out, char *err, size_t err_size);
sn_err rules_load_ras(store *s, const char *id, ras_scheme *out, char *err, size_t err_size);
/* The rates table the calculators and the financial assessment use: this
 * tax year's in force, else the latest of the five years before it
 * (*current says which). SN_EINTERNAL (logged) when there is none or a
 * table does not parse. */
sn_err rules_load_rates_current(store *s, chg_rates *out, bool *current);
/* A chg_rates_loader over the tables in force (ctx is the store): for a
 * year with none, err lists the years there are. */
sn_err rules_rates_loader(void *ctx, const char *year, chg_rates *out, char *err,
			  size_t err_size);
/* name is a set id ("daily-living"); out from sc_set_new. */
sn_err rules_load_question_set(store *s, const char *name, sc_set *out, char *err,
			       size_t err_size);
/* out from sc_catalogue_new. */
sn_err rules_load_catalogue(store *s, sc_catalogue *out, char *err, size_t err_size);

/* The rules generation: changes whenever an adoption changes what is in
 * force (one indexed max() query). A process that caches parsed rules
 * keeps the generation it loaded them at and reloads when it differs.
 * 0 when nothing was ever adopted; -1 when the store fails. */
int64_t rules_generation(store *s);

/* Every document, for the admin pages: the stored versions and the
 * shipped files, grouped by (kind, name), in kind order then name order
 * (kind_opt/name_opt, when not NULL, keep one kind or one document):
 *   [{"kind", "kind_label", "name", "in_force": N (0: none), "in_force_from":
 *     "store"|"shipped"|"", "highest": N, "drafts": n, "versions": [{"version",
 *     "status": "shipped"|"draft"|"adopted"|"retired", "in_force", "shipped",
 *     "created_by" (uuid, "" when shipped), "created_by_name", "created_at",
 *     "adopted_at", "note"}, ... newest first]}, ...]
 * The caller owns *out. */
sn_err rules_list(store *s, const char *kind_opt, const char *name_opt, json_t **out);

/* A field-by-field difference between two JSON documents (before: the
 * version in force, after: a draft): [{"path", "before", "after"}, ...] in
 * document order, at most max entries; *total (may be NULL) gets how many
 * there are in all. Paths look like "mig.single_pension_age_pence",
 * "topics[2].questions[0].text"; arrays of objects with a unique "key" (or
 * "id") are matched by it: "items[grab_rail].retail_credit_pence". Values
 * are compact JSON, cut at 120 bytes; "" when absent. SN_EINPUT when either
 * is not JSON. The caller owns *out. */
sn_err rules_diff(const char *before, size_t before_len, const char *after, size_t after_len,
		  size_t max, json_t **out, size_t *total);

/* ---- admin pages (rulesdata_http.c), R_ADMIN ---- */
sn_err rulesdata_index(req *r, reply *out);  /* GET /admin/rules */
sn_err rulesdata_show(req *r, reply *out);   /* GET /admin/rules/{kind}/{name}?version=N */
sn_err rulesdata_upload(req *r, reply *out); /* POST /admin/rules/{kind}/{name} */
sn_err rulesdata_adopt(req *r, reply *out);  /* POST /admin/rules/{kind}/{name}/adopt */

#endif
