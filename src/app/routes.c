/* The route table: every URL SupportNet answers, the permission it needs
 * and the inputs it accepts. One table, read at a glance; the server
 * refuses to start if a route lacks a permission, and the HTTP tests derive
 * their route x role matrix from it (`supportnet routes`). Also the
 * service navigation, and app_web: what the web layer is handed. */
#include "app.h"

#include "../access/access.h"
#include "../access/access_http.h"
#include "../admin/admin.h"
#include "../api/api.h"
#include "../assessment/assessment.h"
#include "../check/check.h"
#include "../directory/oruk/oruk_pages.h"
#include "../directory/curate/curate_pages.h"
#include "../directory/find/find.h"
#include "../dpweb/dp_pages.h"
#include "../intake/intake.h"
#include "../pages/pages.h"
#include "../people/people.h"
#include "../plan/plan_pages.h"
#include "../firstcontact/fc_pages.h"
#include "../referral/referral_pages.h"
#include "../rulesdata/rulesdata.h"
#include "../schemes/scheme_pages.h"
#include "../socialrx/socialrx_pages.h"
#include "../indicators/khi_pages.h"
#include "../timebank/tb_pages.h"
#include "../events/events_pages.h"
#include "../coproduction/cp_pages.h"
#include "../insight/insight_pages.h"
#include "../costs/costs_pages.h"

#define PUBLIC PERM_PUBLIC
#define SIGNED_IN PERM_SIGNED_IN

static const param_rule p_none[] = {PARAMS_END};
static const param_rule p_asset[] = {
	{"path", IN_PATH, P_TEXT, true, 1, 200, NULL, "the file"}, PARAMS_END};
static const param_rule p_sign_in_form[] = {
	{"next", IN_QUERY, P_TEXT, false, 0, 512, NULL, "the page to return to"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "password", "what was done"}, PARAMS_END};
static const param_rule p_forgotten[] = {
	{"email", IN_FORM, P_EMAIL, true, 0, 254, NULL, "your email address"}, PARAMS_END};
static const param_rule p_reset[] = {
	{"token", IN_PATH, P_TEXT, true, 1, 64, NULL, "the link"}, PARAMS_END};
static const param_rule p_account[] = {
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "password|sessions", "what was done"}, PARAMS_END};
static const param_rule p_session_end[] = {
	{"session", IN_FORM, P_TEXT, false, 0, 16, NULL, "the session"}, PARAMS_END};
static const param_rule p_accounts[] = {
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "added", "what was done"}, PARAMS_END};
static const param_rule p_account_new[] = {
	{"name", IN_FORM, P_TEXT, true, 1, 200, NULL, "the person's full name"},
	{"email", IN_FORM, P_EMAIL, true, 0, 254, NULL, "the email address"}, PARAMS_END};
static const param_rule p_admin_account[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the account"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "added|roles|disable|enable|link", "what was done"}, PARAMS_END};
static const param_rule p_admin_account_status[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the account"},
	{"status", IN_FORM, P_ENUM, true, 0, 0, "active|disabled", "the status"}, PARAMS_END};
static const param_rule p_tokens[] = {
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "revoked", "what was done"}, PARAMS_END};
static const param_rule p_token_new[] = {
	{"email", IN_FORM, P_EMAIL, true, 0, 254, NULL, "the email address of the account it acts as"},
	{"name", IN_FORM, P_TEXT, true, 1, TOKEN_NAME_MAX, NULL, "the token's name"},
	{"days", IN_FORM, P_INT, true, 1, TOKEN_DAYS_MAX, NULL, "the number of days it works"}, PARAMS_END};
static const param_rule p_token[] = {
	{"id", IN_PATH, P_INT, true, 1, 1000000000000, NULL, "the token"}, PARAMS_END};
static const param_rule p_sign_in[] = {
	{"email", IN_FORM, P_EMAIL, true, 0, 254, NULL, "your email address"},
	{"password", IN_FORM, P_TEXT, true, 0, PASSWORD_MAX, NULL, "your password"},
	{"next", IN_FORM, P_TEXT, false, 0, 512, NULL, "the page to return to"},
	PARAMS_END};
static const param_rule p_person[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"}, PARAMS_END};
static const param_rule p_person_merge[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"into", IN_QUERY, P_TEXT, false, 0, 36, NULL, "the record to keep"}, PARAMS_END};
static const param_rule p_dup[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pair of records"}, PARAMS_END};
static const param_rule p_people_list[] = {
	{"q", IN_QUERY, P_TEXT, false, 0, 100, NULL, "the name to look for"}, PARAMS_END};
static const param_rule p_person_contact[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"postcode", IN_FORM, P_TEXT, true, 0, 10, NULL, "a postcode"}, PARAMS_END};
static const param_rule p_break_glass[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"reason", IN_FORM, P_TEXT, true, BREAK_GLASS_REASON_MIN, 2000, NULL,
	 "the reason you need to see this record"}, PARAMS_END};
/* The calculators read their many (partly data-driven) fields themselves
 * and check each with a plain-English message; nothing they get is stored. */
static const param_rule p_year[] = {
	{"year", IN_QUERY, P_TEXT, false, 7, 7, NULL, "the tax year, like 2025-26"}, PARAMS_END};
static const param_rule p_scheme[] = {
	{"scheme", IN_QUERY, P_TEXT, false, 1, 63, NULL, "the scheme id"}, PARAMS_END};
static const param_rule p_self_answers[] = {
	{"answers", IN_PATH, P_TEXT, true, 1, 3900, NULL, "the answers"},
	{"topic", IN_QUERY, P_INT, false, 0, 63, NULL, "the part of the check"}, PARAMS_END};
static const param_rule p_self_report[] = {
	{"answers", IN_PATH, P_TEXT, true, 1, 3900, NULL, "the answers"},
	{"near", IN_QUERY, P_TEXT, false, 0, 16, NULL, "a postcode"}, PARAMS_END};
static const param_rule p_calc_answers[] = {
	{"answers", IN_PATH, P_TEXT, true, 1, 3900, NULL, "the answers"}, PARAMS_END};
static const param_rule p_self_sent[] = {
	{"form", IN_PATH, P_UUID, true, 0, 0, NULL, "the form"}, PARAMS_END};
static const param_rule p_intake_list[] = {
	{"status", IN_QUERY, P_ENUM, false, 0, 0, "new|taken|closed", "the status"}, PARAMS_END};
static const param_rule p_intake_close[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the request id"},
	{"reason", IN_FORM, P_TEXT, true, 3, 500, NULL, "why you are closing the request"}, PARAMS_END};
static const param_rule p_asmt_new[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"kind", IN_QUERY, P_ENUM, false, 0, 0, "adult|carer", "the kind of assessment"}, PARAMS_END};
static const param_rule p_asmt_create[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"kind", IN_FORM, P_ENUM, true, 0, 0, "adult|carer", "the kind of assessment"}, PARAMS_END};
static const param_rule p_asmt_show[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the assessment id"},
	{"version", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the version"}, PARAMS_END};
static const param_rule p_asmt[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the assessment id"}, PARAMS_END};
static const param_rule p_asmt_decision[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the assessment id"},
	{"decision", IN_FORM, P_ENUM, true, 0, 0, "confirm|override", "whether you agree with the computed decision"},
	{"reason", IN_FORM, P_TEXT, false, 0, 2000, NULL, "the reason"}, PARAMS_END};
static const param_rule p_asmt_comment[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the assessment id"},
	{"comment", IN_FORM, P_TEXT, true, 1, 2000, NULL, "your comment"}, PARAMS_END};
static const param_rule p_whatif[] = {
	{"draft", IN_FORM, P_TEXT, true, 2, 262144, NULL, "the draft scheme"}, PARAMS_END};
/* The ORUK API: its query parameters, checked (a bad value is a JSON 400). */
#define ORUK_PAGING {"page", IN_QUERY, P_INT, false, 1, 1000000000, NULL, "the page number"}, \
	{"per_page", IN_QUERY, P_INT, false, 1, 1000000000, NULL, "the number per page"}
static const param_rule p_oruk_list[] = {ORUK_PAGING, PARAMS_END};
static const param_rule p_oruk_id[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the id"}, PARAMS_END};
static const param_rule p_oruk_services[] = {
	{"search", IN_QUERY, P_TEXT, false, 0, 200, NULL, "the search"},
	{"taxonomy_term_id", IN_QUERY, P_UUID, false, 0, 0, NULL, "taxonomy_term_id"},
	{"taxonomy_id", IN_QUERY, P_UUID, false, 0, 0, NULL, "taxonomy_id"},
	{"organization_id", IN_QUERY, P_UUID, false, 0, 0, NULL, "organization_id"},
	{"modified_after", IN_QUERY, P_TEXT, false, 0, 40, NULL, "modified_after"},
	{"minimum_age", IN_QUERY, P_INT, false, 0, 150, NULL, "minimum_age"},
	{"maximum_age", IN_QUERY, P_INT, false, 0, 150, NULL, "maximum_age"},
	{"day", IN_QUERY, P_ENUM, false, 0, 0, "MO|TU|WE|TH|FR|SA|SU", "day"},
	{"start_time", IN_QUERY, P_TEXT, false, 0, 8, NULL, "start_time"},
	{"end_time", IN_QUERY, P_TEXT, false, 0, 8, NULL, "end_time"},
	{"postcode", IN_QUERY, P_TEXT, false, 0, 10, NULL, "postcode"},
	{"proximity", IN_QUERY, P_INT, false, 1, 1000000, NULL, "proximity in metres"},
	{"format", IN_QUERY, P_ENUM, false, 0, 0, "json", "format"},
	{"full", IN_QUERY, P_ENUM, false, 0, 0, "true|false", "full"},
	ORUK_PAGING, PARAMS_END};
static const param_rule p_oruk_sals[] = {
	{"search", IN_QUERY, P_TEXT, false, 0, 200, NULL, "the search"},
	{"taxonomy_term_id", IN_QUERY, P_UUID, false, 0, 0, NULL, "taxonomy_term_id"},
	{"postcode", IN_QUERY, P_TEXT, false, 0, 10, NULL, "postcode"},
	{"proximity", IN_QUERY, P_INT, false, 1, 1000000, NULL, "proximity in metres"},
	ORUK_PAGING, PARAMS_END};
static const param_rule p_oruk_terms[] = {
	{"taxonomy_id", IN_QUERY, P_UUID, false, 0, 0, NULL, "taxonomy_id"},
	{"top_only", IN_QUERY, P_ENUM, false, 0, 0, "true|false", "top_only"},
	ORUK_PAGING, PARAMS_END};
#define ORUK (ROUTE_API | ROUTE_NO_SESSION | ROUTE_CORS)
static const param_rule p_find[] = {
	{"q", IN_QUERY, P_TEXT, false, 0, 200, NULL, "what you are looking for"},
	{"term", IN_QUERY, P_TEXT, false, 0, 64, NULL, "the kind of help"},
	{"day", IN_QUERY, P_ENUM, false, 0, 0, "MO|TU|WE|TH|FR|SA|SU", "the day"},
	{"free", IN_QUERY, P_ENUM, false, 0, 0, "yes", "free only"},
	{"age", IN_QUERY, P_TEXT, false, 0, 3, NULL, "the age"},
	{"postcode", IN_QUERY, P_TEXT, false, 0, 10, NULL, "the postcode"},
	{"within", IN_QUERY, P_ENUM, false, 0, 0, "1|3|5|10", "the distance"},
	{"access", IN_QUERY, P_ENUM, false, 0, 0, "step-free", "step-free access"},
	{"page", IN_QUERY, P_INT, false, 1, 100000, NULL, "the page number"}, PARAMS_END};
static const param_rule p_synonym[] = {
	{"word", IN_FORM, P_TEXT, true, 1, 63, NULL, "the word people type"},
	{"also", IN_FORM, P_TEXT, true, 1, 200, NULL, "the words it also finds"}, PARAMS_END};
static const param_rule p_synonym_delete[] = {
	{"word", IN_FORM, P_TEXT, true, 1, 63, NULL, "the word"}, PARAMS_END};
static const param_rule p_report[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the service id"},
	{"what", IN_FORM, P_TEXT, true, 10, 2000, NULL, "what is wrong"},
	{"contact", IN_FORM, P_TEXT, false, 0, 200, NULL, "your email or phone"}, PARAMS_END};
static const param_rule p_reports[] = {
	{"closed", IN_QUERY, P_ENUM, false, 0, 0, "1", "a report just closed"}, PARAMS_END};
static const param_rule p_report_close[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the report id"},
	{"outcome", IN_FORM, P_TEXT, true, 3, 500, NULL, "what you did"}, PARAMS_END};
/* The directory's editing forms read their many fields themselves and
 * check each with a plain-English message (curate_details_check). */
static const param_rule p_dir_service[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the service id"}, PARAMS_END};
static const param_rule p_dir_org[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the organisation id"}, PARAMS_END};
/* The forms may start from a change that was not approved (?from=). */
static const param_rule p_dir_service_form[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the service id"},
	{"from", IN_QUERY, P_UUID, false, 0, 0, NULL, "the change to start from"}, PARAMS_END};
static const param_rule p_dir_org_form[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the organisation id"},
	{"from", IN_QUERY, P_UUID, false, 0, 0, NULL, "the change to start from"}, PARAMS_END};
static const param_rule p_dir_history[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the service id"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "checked|edited|created|restored", "what was just done"}, PARAMS_END};
static const param_rule p_partner[] = {
	{"checked", IN_QUERY, P_UUID, false, 0, 0, NULL, "the entry just confirmed"}, PARAMS_END};
static const param_rule p_dir_restore[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the service id"},
	{"version", IN_PATH, P_INT, true, 1, 1000000, NULL, "the version"}, PARAMS_END};
static const param_rule p_dir_change[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the change id"}, PARAMS_END};
static const param_rule p_dir_change_page[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the change id"},
	{"sent", IN_QUERY, P_ENUM, false, 0, 0, "1", "just sent"}, PARAMS_END};
static const param_rule p_dir_decide[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the change id"},
	{"decision", IN_FORM, P_ENUM, true, 0, 0, "approve|reject", "approve or reject"}, PARAMS_END};
/* Merging: a confirmation page for a pair, where the moderator chooses
 * the entry that stays and the organisation that owns it (the handler
 * shows those errors itself); an undo. */
static const param_rule p_dir_merge_confirm[] = {
	{"a", IN_QUERY, P_UUID, true, 0, 0, NULL, "the first entry"},
	{"b", IN_QUERY, P_UUID, true, 0, 0, NULL, "the second entry"}, PARAMS_END};
static const param_rule p_dir_merge[] = {
	{"a", IN_FORM, P_UUID, true, 0, 0, NULL, "the first entry"},
	{"b", IN_FORM, P_UUID, true, 0, 0, NULL, "the second entry"},
	{"keep", IN_FORM, P_UUID, false, 0, 0, NULL, "the entry that stays"},
	{"org", IN_FORM, P_UUID, false, 0, 0, NULL, "the organisation that owns it"}, PARAMS_END};
static const param_rule p_dir_merge_undo[] = {
	{"keep", IN_FORM, P_UUID, true, 0, 0, NULL, "the entry that stayed"},
	{"gone", IN_FORM, P_UUID, true, 0, 0, NULL, "the entry merged into it"}, PARAMS_END};
static const param_rule p_dir_dupes[] = {
	{"kept", IN_QUERY, P_UUID, false, 0, 0, NULL, "the entry that stayed"},
	{"merged", IN_QUERY, P_UUID, false, 0, 0, NULL, "the entry merged into it"},
	{"undone", IN_QUERY, P_ENUM, false, 0, 0, "1", "a merge undone"}, PARAMS_END};
static const param_rule p_dir_queue[] = {
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "approved|refused", "the decision just made"},
	{"change", IN_QUERY, P_UUID, false, 0, 0, NULL, "the change just decided"}, PARAMS_END};
static const param_rule p_dir_pair[] = {
	{"a", IN_FORM, P_UUID, true, 0, 0, NULL, "the first entry"},
	{"b", IN_FORM, P_UUID, true, 0, 0, NULL, "the second entry"}, PARAMS_END};
static const param_rule p_page[] = {
	{"page", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the page number"}, PARAMS_END};
static const param_rule p_overdue[] = {
	{"page", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the page number"},
	{"checked", IN_QUERY, P_UUID, false, 0, 0, NULL, "the service just checked"}, PARAMS_END};

/* Rules as data (src/rulesdata/): the upload form redisplays its own
 * errors; a body is up to RULES_BODY_MAX, so the route takes three times
 * that (URL-encoded) plus the rest of the form. */
#define RULES_KIND {"kind", IN_PATH, P_ENUM, true, 0, 0, "question_set|ras_scheme|rates|equipment|plan_sections", "the kind of rules"}
#define RULES_NAME {"name", IN_PATH, P_TEXT, true, 1, 64, NULL, "the name"}
static const param_rule p_rules_show[] = {RULES_KIND, RULES_NAME,
	{"version", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the version"}, PARAMS_END};
static const param_rule p_rules_upload[] = {RULES_KIND, RULES_NAME,
	{"body", IN_FORM, P_TEXT, true, 1, RULES_BODY_MAX, NULL, "the JSON document"},
	{"note", IN_FORM, P_TEXT, false, 0, RULES_NOTE_MAX, NULL, "the note"}, PARAMS_END};
static const param_rule p_rules_adopt[] = {RULES_KIND, RULES_NAME,
	{"version", IN_FORM, P_INT, true, 1, 1000000, NULL, "the version"}, PARAMS_END};

/* Support plans (src/plan): the section forms read their fields themselves. */
static const param_rule p_plan_show[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the plan id"},
	{"version", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the version"}, PARAMS_END};
static const param_rule p_plan_compare[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the plan id"},
	{"from", IN_QUERY, P_INT, true, 1, 1000000, NULL, "the first version"},
	{"to", IN_QUERY, P_INT, true, 1, 1000000, NULL, "the second version"}, PARAMS_END};
static const param_rule p_reviews_targeted[] = {
	{"cost", IN_QUERY, P_TEXT, false, 0, 20, NULL, "the weekly cost"}, PARAMS_END};
static const param_rule p_plan_api[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the plan id"}, PARAMS_END};
static const param_rule p_plan[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the plan id"},
	{"version", IN_FORM, P_INT, false, 1, 1000000, NULL, "the version"}, PARAMS_END};
static const param_rule p_plan_section[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the plan id"},
	{"key", IN_PATH, P_TEXT, true, 1, 40, NULL, "the section"},
	{"item", IN_QUERY, P_TEXT, false, 0, 15, NULL, "the item"},
	{"version", IN_FORM, P_INT, false, 1, 1000000, NULL, "the version"}, PARAMS_END};
static const param_rule p_plan_decision[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the plan id"},
	{"version", IN_FORM, P_INT, true, 1, 1000000, NULL, "the version"},
	{"decision", IN_FORM, P_ENUM, true, 0, 0, "approve|return", "whether you approve the plan"},
	{"reason", IN_FORM, P_TEXT, false, 0, 2000, NULL, "the reason"}, PARAMS_END};
static const param_rule p_approvers[] = {
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "set|removed", "what was done"}, PARAMS_END};
static const param_rule p_plan_comment[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the plan id"},
	{"section", IN_FORM, P_TEXT, false, 0, 40, NULL, "the section"},
	{"comment", IN_FORM, P_TEXT, true, 1, 2000, NULL, "your comment"}, PARAMS_END};

/* Direct payments (src/dpweb): the forms read and check their own fields;
 * the statement upload is multipart, up to a 5 MiB file (the preview's
 * "Confirm and import" sends it back base64url-encoded). */
static const param_rule p_dp_account[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"page", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the page number"},
	{"imported", IN_QUERY, P_INT, false, 1, INT64_MAX, NULL, "the import"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "opened|entry|correction|nothing", "what was done"}, PARAMS_END};
static const param_rule p_dp_correct[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"entry", IN_QUERY, P_INT, false, 1, INT64_MAX, NULL, "the entry"}, PARAMS_END};
static const param_rule p_dp_corrections[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"entry", IN_FORM, P_INT, true, 1, INT64_MAX, NULL, "the entry to correct"}, PARAMS_END};
static const param_rule p_dp_return[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"quarter", IN_QUERY, P_TEXT, false, 10, 10, NULL, "the quarter, like 2026-04-01"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "submitted", "what was done"}, PARAMS_END};
static const param_rule p_dp_return_submit[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"quarter", IN_FORM, P_TEXT, true, 10, 10, NULL, "the quarter"}, PARAMS_END};
static const param_rule p_dp_assistants[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "added|week", "what was done"}, PARAMS_END};
static const param_rule p_dp_week[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"assistant", IN_QUERY, P_INT, false, 1, INT64_MAX, NULL, "the assistant"}, PARAMS_END};
static const param_rule p_dp_returns[] = {
	{"quarter", IN_QUERY, P_TEXT, false, 10, 10, NULL, "the quarter, like 2026-04-01"}, PARAMS_END};
/* Pooled budgets and the block contract calculator (src/plan): the money
 * fields are read by the handlers (money_parse_pounds); here their sizes. */
static const param_rule p_pools_new[] = {
	{"name", IN_FORM, P_TEXT, false, 0, 400, NULL, "the name"},
	{"what", IN_FORM, P_TEXT, false, 0, 2000, NULL, "what it buys"},
	{"provider", IN_FORM, P_TEXT, false, 0, 800, NULL, "the provider"},
	{"cost", IN_FORM, P_TEXT, false, 0, 40, NULL, "the weekly cost"}, PARAMS_END};
static const param_rule p_pool_join[] = {
	{"ref", IN_QUERY, P_TEXT, false, 0, 100, NULL, "the pool's reference"}, PARAMS_END};
static const param_rule p_pool[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "created|member|shares|left|closed", "what was done"}, PARAMS_END};
static const param_rule p_pool_id[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"}, PARAMS_END};
static const param_rule p_pool_member_new[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"},
	{"q", IN_QUERY, P_TEXT, false, 0, 100, NULL, "the name to look for"}, PARAMS_END};
static const param_rule p_pool_member[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"},
	{"person", IN_FORM, P_TEXT, false, 0, 36, NULL, "the person who joins"},
	{"share", IN_FORM, P_TEXT, false, 0, 40, NULL, "their share"}, PARAMS_END};
static const param_rule p_pool_shares_form[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"},
	{"split", IN_QUERY, P_ENUM, false, 0, 0, "equal|proportional|current", "the proposal"}, PARAMS_END};
static const param_rule p_pool_shares[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"},
	{"members", IN_FORM, P_TEXT, false, 0, 1000, NULL, "the members"}, PARAMS_END};
static const param_rule p_pool_leave_form[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"},
	{"member", IN_QUERY, P_INT, true, 1, 1000000000000LL, NULL, "the member"}, PARAMS_END};
static const param_rule p_pool_leave[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the pool id"},
	{"member", IN_FORM, P_INT, false, 1, 1000000000000LL, NULL, "the member"},
	{"reason", IN_FORM, P_TEXT, false, 0, 2000, NULL, "why they are leaving"},
	{"split", IN_FORM, P_TEXT, false, 0, 20, NULL, "the new shares"}, PARAMS_END};
static const param_rule p_block[] = {
	{"contract", IN_FORM, P_TEXT, false, 0, 40, NULL, "the contract's weekly cost"},
	{"core", IN_FORM, P_TEXT, false, 0, 40, NULL, "the shared core cost"},
	{"tenants", IN_FORM, P_TEXT, false, 0, 4000, NULL, "the tenants' budgets"}, PARAMS_END};

/* Referrals (src/referral): the forms read their fields themselves. */
static const param_rule p_ref[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the referral id"}, PARAMS_END};
static const param_rule p_ref_list[] = {
	{"box", IN_QUERY, P_ENUM, false, 0, 0, "inbox|sent", "which referrals: inbox or sent"},
	{"status", IN_QUERY, P_TEXT, false, 0, 20, NULL, "the status"},
	{"page", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the page number"},
	{"per_page", IN_QUERY, P_INT, false, 1, 1000, NULL, "the number per page"}, PARAMS_END};
static const param_rule p_ref_new[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the record id"},
	{"q", IN_QUERY, P_TEXT, false, 0, 100, NULL, "the service to look for"},
	{"service", IN_QUERY, P_UUID, false, 0, 0, NULL, "the service"}, PARAMS_END};
static const param_rule p_ref_new_person[] = {
	{"q", IN_QUERY, P_TEXT, false, 0, 100, NULL, "the service to look for"},
	{"service", IN_QUERY, P_UUID, false, 0, 0, NULL, "the service"}, PARAMS_END};
static const param_rule p_ref_services[] = {
	{"saved", IN_QUERY, P_TEXT, false, 0, 1, NULL, "saved"}, PARAMS_END};
/* Who may use referrals: the people referred and those around them, the
 * workers and partners who refer and receive; each referral's own gate
 * (referral_act.c) decides the rest. */
#define REF_ROLES (R_RESIDENT | R_CARER | R_WORKER | R_PARTNER | R_COORDINATOR)

/* First Contact (src/firstcontact): the checklist's fields are read by
 * its own rules (people_form_details, the questions from the store). */
static const param_rule p_fc[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the checklist id"}, PARAMS_END};
static const param_rule p_fc_new[] = {
	{"person", IN_QUERY, P_UUID, false, 0, 0, NULL, "the record to start from"}, PARAMS_END};
static const param_rule p_fc_report[] = {
	{"from", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the first month (YYYY-MM)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the last month (YYYY-MM)"},
	{"grouping", IN_QUERY, P_ENUM, false, 0, 0, "month|locality|partner", "month, locality or partner"},
	PARAMS_END};
static const param_rule p_fc_question[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the question id"},
	{"q", IN_QUERY, P_TEXT, false, 0, 100, NULL, "the service to look for"}, PARAMS_END};
/* FC_ROLES (fc_pages.h): who completes a checklist. */
/* Social prescribing (src/socialrx): the forms read their fields themselves. */
static const param_rule p_sp_case[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the case id"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "conversation|measures|followup|started", "what was done"}, PARAMS_END};
/* Events (src/events). */
static const param_rule p_events[] = {
	{"kind", IN_QUERY, P_ENUM, false, 0, 0, "peer-support|festival|community-conversation|activity", "the kind"},
	{"page", IN_QUERY, P_INT, false, 1, 100000, NULL, "the page number"}, PARAMS_END};
static const param_rule p_event[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the event id"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "booked|waiting|given-back|created|attendance|places|cancelled",
	 "what was done"}, PARAMS_END};
/* Co-production (src/coproduction): the notes' and actions' forms read
 * their fields themselves (shown again, 422, naming each problem). */
static const param_rule p_cp[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the event id"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "set-up|note|published|hidden|theme|action|moved", "what was done"},
	PARAMS_END};
static const param_rule p_cp_publish[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the event id"},
	{"note", IN_FORM, P_UUID, true, 0, 0, NULL, "the note"},
	{"publish", IN_FORM, P_ENUM, true, 0, 0, "yes|no", "whether to publish the note"}, PARAMS_END};
static const param_rule p_cp_status[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the event id"},
	{"action", IN_FORM, P_UUID, true, 0, 0, NULL, "the action"},
	{"status", IN_FORM, P_ENUM, true, 0, 0, "planned|in-progress|done|dropped", "the new status"},
	{"update", IN_FORM, P_TEXT, false, 0, CP_UPDATE_MAX, NULL, "what changed"}, PARAMS_END};
static const param_rule p_heard[] = {
	{"page", IN_QUERY, P_INT, false, 1, 100000, NULL, "the page number"}, PARAMS_END};
static const param_rule p_heard_one[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the conversation"}, PARAMS_END};
static const param_rule p_sp_caseload[] = {
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "closed", "what was done"}, PARAMS_END};
static const param_rule p_sp_refer[] = {
	{"sent", IN_QUERY, P_ENUM, false, 0, 0, "1", "sent"}, PARAMS_END};
static const param_rule p_sp_referral[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the referral id"}, PARAMS_END};

/* Neighbourhood schemes (src/schemes): the forms read their many
 * (scheme-driven) fields themselves and name each problem. */
static const param_rule p_sch_scheme[] = {
	{"scheme", IN_PATH, P_TEXT, true, 1, 40, NULL, "the scheme"}, PARAMS_END};
static const param_rule p_sch_id[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the id"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "added|vetting|signed|offer|confirmed|declined|followup|made|closed", "what was done"},
	PARAMS_END};
static const param_rule p_sch_followup[] = {
	{"id", IN_PATH, P_INT, true, 1, 1000000000000, NULL, "the follow-up"}, PARAMS_END};
static const param_rule p_sch_request_new[] = {
	{"person", IN_QUERY, P_TEXT, false, 0, 36, NULL, "the person"},
	{"scheme", IN_QUERY, P_TEXT, false, 0, 40, NULL, "the scheme"}, PARAMS_END};
/* Who makes a request: the person, someone they named, their worker, or a
 * coordinator (scheme_request_http.c decides for whom). */
#define SCH_REQUEST_ROLES (R_RESIDENT | R_CARER | R_COORDINATOR | R_WORKER)
/* The timebank (src/timebank): members act through their own record, a
 * relationship or their organisation (tb_as decides); coordinators run it. */
#define TB_ROLES (R_RESIDENT | R_CARER | R_WORKER | R_PARTNER)
static const param_rule p_tb_member[] = {
	{"member", IN_QUERY, P_UUID, false, 0, 0, NULL, "the member"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "joined|recorded|confirmed|declined|listed|withdrawn|asked|answered",
	 "what was done"},
	{"with", IN_QUERY, P_UUID, false, 0, 0, NULL, "the other member"},
	{"page", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the page number"}, PARAMS_END};
static const param_rule p_tb_listings[] = {
	{"member", IN_QUERY, P_UUID, false, 0, 0, NULL, "the member"},
	{"category", IN_QUERY, P_INT, false, 0, 1000000, NULL, "the category"},
	{"kind", IN_QUERY, P_ENUM, false, 0, 0, "offer|need", "offers or needs"},
	{"page", IN_QUERY, P_INT, false, 1, 1000000, NULL, "the page number"}, PARAMS_END};
static const param_rule p_tb_id[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the id"},
	{"member", IN_QUERY, P_UUID, false, 0, 0, NULL, "the member"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "limit|reversed|1", "what was done"}, PARAMS_END};
static const param_rule p_tb_coord[] = {
	{"show", IN_QUERY, P_ENUM, false, 0, 0, "inactive", "which members"},
	{"done", IN_QUERY, P_ENUM, false, 0, 0, "joined|sent", "what was done"}, PARAMS_END};
static const param_rule p_tb_orgs[] = {
	{"q", IN_QUERY, P_TEXT, false, 0, 100, NULL, "the organisation's name"}, PARAMS_END};
static const param_rule p_insight[] = {
	{"from", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the first month (YYYY-MM)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the last month (YYYY-MM)"}, PARAMS_END};
static const param_rule p_insight_wellbeing[] = {
	{"from", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the first month (YYYY-MM)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the last month (YYYY-MM)"},
	{"measure", IN_QUERY, P_ENUM, false, 0, 0,
	 "ons4.life_satisfaction|ons4.worthwhile|ons4.happy|ons4.anxious|ucla3|lonely|gas|outcome|circle|circle.unpaid",
	 "the measure"},
	PARAMS_END};
static const param_rule p_insight_table[] = {
	{"id", IN_PATH, P_TEXT, true, 1, 100, NULL, "the table"},
	{"from", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the first month (YYYY-MM)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the last month (YYYY-MM)"}, PARAMS_END};
static const param_rule p_costs_table[] = {
	{"id", IN_PATH, P_TEXT, true, 1, 100, NULL, "the table"},
	{"from", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the first month (YYYY-MM)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the last month (YYYY-MM)"}, PARAMS_END};
static const param_rule p_cost_benefit[] = {
	{"model", IN_QUERY, P_TEXT, false, 0, 40, NULL, "the model"},
	{"people", IN_QUERY, P_INT, false, 0, 1000000, NULL, "the number of people"}, PARAMS_END};
static const param_rule p_mps[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the area"},
	{"from", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the first month (YYYY-MM)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the last month (YYYY-MM)"}, PARAMS_END};
static const param_rule p_mps_table[] = {
	{"id", IN_PATH, P_UUID, true, 0, 0, NULL, "the area"},
	{"table", IN_PATH, P_TEXT, true, 1, 100, NULL, "the table"},
	{"from", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the first month (YYYY-MM)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 7, NULL, "the last month (YYYY-MM)"}, PARAMS_END};
static const param_rule p_tb_report[] = {
	{"from", IN_QUERY, P_TEXT, false, 0, 10, NULL, "the first day (YYYY-MM-DD)"},
	{"to", IN_QUERY, P_TEXT, false, 0, 10, NULL, "the day after the last (YYYY-MM-DD)"}, PARAMS_END};

#define PEOPLE_ROLES (R_RESIDENT | R_CARER | R_WORKER | R_ADMIN)
#define DP_ROLES (R_RESIDENT | R_CARER | R_WORKER)
#define PLAN_ROLES (R_RESIDENT | R_CARER | R_WORKER)

const route app_routes[] = {
/*	method  pattern                         handler                   permission                  inputs            max body  flags */
	{"GET",  "/",                            pages_home,               PUBLIC,                     p_none,            0, 0},
	{"GET",  "/accessibility",               pages_accessibility,      PUBLIC,                     p_none,            0, 0},
	{"GET",  "/privacy",                     pages_privacy,            PUBLIC,                     p_none,            0, 0},
	{"GET",  "/cookies",                     pages_cookies,            PUBLIC,                     p_none,            0, 0},
	{"GET",  "/healthz",                     pages_healthz,            PUBLIC,                     p_none,            0, ROUTE_NO_SESSION},
	{"GET",  "/metrics",                     pages_metrics,            PERM_LOOPBACK | R_ADMIN,    p_none,            0, 0},
	{"GET",  "/assets/{*path}",              pages_asset,              PUBLIC,                     p_asset,           0, ROUTE_NO_SESSION},

	{"GET",  "/check",                       check_index,              PUBLIC,                     p_none,            0, 0},
	{"GET",  "/check/self",                  check_self_start,         PUBLIC,                     p_none,            0, 0},
	{"POST", "/check/self",                  check_self_step,          PUBLIC,                     p_none,            0, ROUTE_SOFT_INPUT},
	{"POST", "/check/self/request",          check_self_request,       PUBLIC,                     p_none,            0, ROUTE_SOFT_INPUT},
	{"POST", "/check/self/send",             check_self_send,          PUBLIC,                     p_none,            0, ROUTE_SOFT_INPUT | ROUTE_LIMITED},
	{"GET",  "/check/self/sent/{form}",      check_self_sent,          PUBLIC,                     p_self_sent,       0, 0},
	{"GET",  "/check/self/answers/{answers}", check_self_part,         PUBLIC,                     p_self_answers,    0, 0},
	{"GET",  "/check/self/answers/{answers}/report", check_self_report, PUBLIC,                    p_self_report,     0, 0},
	{"GET",  "/check/self/answers/{answers}/ask", check_self_ask,      PUBLIC,                     p_self_answers,    0, 0},
	{"GET",  "/check/equipment",             check_equipment,          PUBLIC,                     p_none,            0, 0},
	{"GET",  "/check/budget",                check_budget_form,        PUBLIC,                     p_none,            0, 0},
	{"POST", "/check/budget",                check_budget,             PUBLIC,                     p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/check/budget/answers/{answers}", check_budget_answer,   PUBLIC,                     p_calc_answers,    0, 0},
	{"GET",  "/check/pay",                   check_pay_form,           PUBLIC,                     p_none,            0, 0},
	{"POST", "/check/pay",                   check_pay,                PUBLIC,                     p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/check/pay/answers/{answers}", check_pay_answer,         PUBLIC,                     p_calc_answers,    0, 0},
	{"GET",  "/check/eligibility",           check_eligibility_form,   PUBLIC,                     p_none,            0, 0},
	{"POST", "/check/eligibility",           check_eligibility,        PUBLIC,                     p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/check/eligibility/answers/{answers}", check_eligibility_answer, PUBLIC,             p_calc_answers,    0, 0},
	{"GET",  "/check/carer-eligibility",     check_eligibility_form,   PUBLIC,                     p_none,            0, 0},
	{"POST", "/check/carer-eligibility",     check_eligibility,        PUBLIC,                     p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/check/carer-eligibility/answers/{answers}", check_eligibility_answer, PUBLIC,       p_calc_answers,    0, 0},
	{"POST", "/api/rules/charge",            check_api_charge,         PUBLIC,                     p_year,            65536, ROUTE_API | ROUTE_NO_SESSION},
	{"POST", "/api/rules/eligibility",       check_api_eligibility,    PUBLIC,                     p_none,            65536, ROUTE_API | ROUTE_NO_SESSION},
	{"POST", "/api/rules/ras",               check_api_ras,            PUBLIC,                     p_scheme,          65536, ROUTE_API | ROUTE_NO_SESSION},

	{"GET",  "/find",                        find_page,                PUBLIC,                     p_find,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/find/print",                  find_page,                PUBLIC,                     p_find,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/find/map.geojson",            find_map_geojson,         PUBLIC,                     p_find,            0, ROUTE_API | ROUTE_NO_SESSION},
	{"GET",  "/find/services/{id}",          find_service,             PUBLIC,                     p_oruk_id,         0, 0},
	{"GET",  "/find/services/{id}/report",   find_report_form,         PUBLIC,                     p_oruk_id,         0, 0},
	{"POST", "/find/services/{id}/report",   find_report_send,         PUBLIC,                     p_report,          0, ROUTE_SOFT_INPUT | ROUTE_LIMITED},
	{"GET",  "/partner",                     curate_partner,           R_PARTNER | R_MODERATOR | R_ADMIN, p_partner,  0, 0},
	{"GET",  "/directory/services/{id}/edit", curate_edit_form,        R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_service_form, 0, 0},
	{"POST", "/directory/services/{id}/edit", curate_edit_save,        R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_service, 0, ROUTE_SOFT_INPUT},
	{"GET",  "/directory/services/{id}/history", curate_history,       R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_history, 0, 0},
	{"POST", "/directory/services/{id}/history/{version}/restore", curate_restore, R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_restore, 0, 0},
	{"POST", "/directory/services/{id}/checked", curate_checked,       R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_service, 0, 0},
	{"GET",  "/directory/organizations/{id}/services/new", curate_new_form, R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_org_form, 0, 0},
	{"POST", "/directory/organizations/{id}/services/new", curate_new_save, R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_org, 0, ROUTE_SOFT_INPUT},
	{"GET",  "/directory/changes/{id}",      curate_change,            R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_change_page, 0, 0},
	{"POST", "/directory/changes/{id}/decide", curate_change_decide,   R_MODERATOR | R_ADMIN,      p_dir_decide,      0, ROUTE_SOFT_INPUT},
	{"POST", "/directory/changes/{id}/withdraw", curate_change_withdraw, R_PARTNER | R_MODERATOR | R_ADMIN, p_dir_change, 0, 0},
	{"GET",  "/moderation",                  curate_moderation,        R_MODERATOR | R_ADMIN,      p_none,            0, 0},
	{"GET",  "/moderation/changes",          curate_queue,             R_MODERATOR | R_ADMIN,      p_dir_queue,       0, 0},
	{"GET",  "/moderation/duplicates",       curate_dupes_list,        R_MODERATOR | R_ADMIN,      p_dir_dupes,       0, 0},
	{"GET",  "/moderation/duplicates/merge", curate_dupes_confirm,     R_MODERATOR | R_ADMIN,      p_dir_merge_confirm, 0, 0},
	{"POST", "/moderation/duplicates/merge", curate_dupes_merge,       R_MODERATOR | R_ADMIN,      p_dir_merge,       0, ROUTE_SOFT_INPUT},
	{"POST", "/moderation/duplicates/undo",  curate_dupes_undo,        R_MODERATOR | R_ADMIN,      p_dir_merge_undo,  0, 0},
	{"POST", "/moderation/duplicates/dismiss", curate_dupes_dismiss,   R_MODERATOR | R_ADMIN,      p_dir_pair,        0, 0},
	{"GET",  "/moderation/reports",          curate_reports_list,      R_MODERATOR | R_ADMIN,      p_reports,         0, 0},
	{"POST", "/moderation/reports/{id}/close", curate_reports_close,   R_MODERATOR | R_ADMIN,      p_report_close,    0, ROUTE_SOFT_INPUT},
	{"GET",  "/moderation/overdue",          curate_overdue_list,      R_MODERATOR | R_ADMIN,      p_overdue,         0, 0},
	{"POST", "/moderation/overdue/{id}/reviewed", curate_overdue_reviewed, R_MODERATOR | R_ADMIN,      p_oruk_id,         0, 0},
	{"GET",  "/oruk",                        oruk_root,                PUBLIC,                     p_none,            0, ORUK},
	{"GET",  "/oruk/",                       oruk_root,                PUBLIC,                     p_none,            0, ORUK},
	{"GET",  "/oruk/openapi.json",           oruk_openapi,             PUBLIC,                     p_none,            0, ORUK},
	{"GET",  "/oruk/services",               oruk_services,            PUBLIC,                     p_oruk_services,   0, ORUK},
	{"GET",  "/oruk/services/{id}",          oruk_service,             PUBLIC,                     p_oruk_id,         0, ORUK},
	{"GET",  "/oruk/service_at_locations",   oruk_sals,                PUBLIC,                     p_oruk_sals,       0, ORUK},
	{"GET",  "/oruk/service_at_locations/{id}", oruk_sal,              PUBLIC,                     p_oruk_id,         0, ORUK},
	{"GET",  "/oruk/taxonomies",             oruk_taxonomies,          PUBLIC,                     p_oruk_list,       0, ORUK},
	{"GET",  "/oruk/taxonomies/{id}",        oruk_taxonomy,            PUBLIC,                     p_oruk_id,         0, ORUK},
	{"GET",  "/oruk/taxonomy_terms",         oruk_terms,               PUBLIC,                     p_oruk_terms,      0, ORUK},
	{"GET",  "/oruk/taxonomy_terms/{id}",    oruk_term,                PUBLIC,                     p_oruk_id,         0, ORUK},
	{"GET",  "/oruk/organizations",          oruk_organizations,       PUBLIC,                     p_oruk_list,       0, ORUK},
	{"GET",  "/oruk/organizations/{id}",     oruk_organization,        PUBLIC,                     p_oruk_id,         0, ORUK},

	{"GET",  "/sign-in",                     access_sign_in_form,      PUBLIC,                     p_sign_in_form,    0, 0},
	{"POST", "/sign-in",                     access_sign_in,           PUBLIC,                     p_sign_in,         0, ROUTE_SOFT_INPUT},
	{"POST", "/sign-out",                    access_sign_out,          SIGNED_IN,                  p_none,            0, 0},
	{"GET",  "/signed-out",                  access_signed_out,        PUBLIC,                     p_none,            0, 0},
	{"GET",  "/sign-in/forgotten",           access_forgotten_form,    PUBLIC,                     p_none,            0, 0},
	{"POST", "/sign-in/forgotten",           access_forgotten_send,    PUBLIC,                     p_forgotten,       0, ROUTE_SOFT_INPUT | ROUTE_LIMITED},
	{"GET",  "/sign-in/forgotten/sent",      access_forgotten_sent,    PUBLIC,                     p_none,            0, 0},
	{"GET",  "/sign-in/reset/{token}",       access_reset_form,        PUBLIC,                     p_reset,           0, 0},
	{"POST", "/sign-in/reset/{token}",       access_reset_save,        PUBLIC,                     p_reset,           0, ROUTE_SOFT_INPUT},
	{"GET",  "/account",                     access_account,           SIGNED_IN,                  p_account,         0, 0},
	{"POST", "/account/password",            access_password_change,   SIGNED_IN,                  p_none,            0, ROUTE_SOFT_INPUT},
	{"POST", "/account/sessions/end",        access_sessions_end,      SIGNED_IN,                  p_session_end,     0, 0},

	{"GET",  "/me",                          people_me,                R_RESIDENT | R_CARER,       p_none,            0, 0},
	{"GET",  "/people",                      people_list,              R_WORKER | R_CARER,         p_people_list,     0, 0},
	{"GET",  "/people/new",                  people_new_form,          R_WORKER,                   p_none,            0, 0},
	{"POST", "/people",                      people_create,            R_WORKER,                   p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}",                 people_show,              PEOPLE_ROLES,               p_person,          0, 0},
	{"GET",  "/people/{id}/edit",            people_edit_form,         R_WORKER,                   p_person,          0, 0},
	{"POST", "/people/{id}/edit",            people_edit_save,         R_WORKER,                   p_person,          0, ROUTE_SOFT_INPUT},
	{"POST", "/people/{id}/contact",         people_contact_update,    PEOPLE_ROLES,               p_person_contact,  0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/break-glass",     people_break_glass_form,  R_WORKER | R_ADMIN,         p_person,          0, 0},
	{"POST", "/people/{id}/break-glass",     people_break_glass,       R_WORKER | R_ADMIN,         p_break_glass,     0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/merge",           people_merge_form,        R_WORKER,                   p_person_merge,    0, ROUTE_SOFT_INPUT},
	{"POST", "/people/{id}/merge",           people_merge_save,        R_WORKER,                   p_person,          0, ROUTE_SOFT_INPUT},
	/* Workers see the pairs they can reach both of; admins only how
	 * many are open (docs/security.md, "Merging records"). */
	{"GET",  "/admin/duplicates",            people_dups_page,         R_WORKER | R_ADMIN,         p_none,            0, 0},
	{"POST", "/admin/duplicates/{id}/dismiss", people_dup_dismiss_form, R_WORKER,                  p_dup,             0, 0},

	{"GET",  "/people/{id}/assessments/new", asmt_new_form,            R_WORKER,                   p_asmt_new,        0, 0},
	{"POST", "/people/{id}/assessments",     asmt_create,              R_WORKER,                   p_asmt_create,     0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/financial",       fin_form,                 R_WORKER,                   p_person,          0, 0},
	{"POST", "/people/{id}/financial",       fin_save,                 R_WORKER,                   p_person,          0, ROUTE_SOFT_INPUT},
	{"GET",  "/assessments/{id}",            asmt_show,                PEOPLE_ROLES,               p_asmt_show,       0, 0},
	{"POST", "/assessments/{id}",            asmt_save,                R_WORKER,                   p_asmt,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/assessments/{id}/edit",       asmt_edit_form,           R_WORKER,                   p_asmt,            0, 0},
	{"POST", "/assessments/{id}/decision",   asmt_decision,            R_WORKER,                   p_asmt_decision,   0, ROUTE_SOFT_INPUT},
	{"POST", "/assessments/{id}/comments",   asmt_comment,             R_RESIDENT | R_WORKER,      p_asmt_comment,    0, ROUTE_SOFT_INPUT},
	{"GET",  "/assessments/{id}/budget",     asmt_budget_form,         R_WORKER,                   p_asmt,            0, 0},
	{"POST", "/assessments/{id}/budget",     asmt_budget_save,         R_WORKER,                   p_asmt,            0, ROUTE_SOFT_INPUT},

	{"GET",  "/first-contact",               fc_list_page,             FC_ROLES,                   p_none,            0, 0},
	{"GET",  "/first-contact/new",           fc_new_page,              FC_ROLES,                   p_fc_new,          0, 0},
	{"POST", "/first-contact",               fc_create,                FC_ROLES,                   p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/insight",                     insight_home,             R_COMMISSIONER | R_ADMIN,   p_insight,         0, ROUTE_SOFT_INPUT},
	{"GET",  "/insight/wellbeing",           insight_wellbeing,        R_COMMISSIONER | R_ADMIN,   p_insight_wellbeing, 0, ROUTE_SOFT_INPUT},
	{"GET",  "/insight/tables/{id}",         insight_export,           R_COMMISSIONER | R_ADMIN,   p_insight_table,   0, 0},
	{"GET",  "/insight/costs",               costs_page,               R_COMMISSIONER | R_ADMIN,   p_insight,         0, ROUTE_SOFT_INPUT},
	{"GET",  "/insight/costs/tables/{id}",   costs_export,             R_COMMISSIONER | R_ADMIN,   p_costs_table,     0, 0},
	{"GET",  "/insight/cost-benefit",        costbenefit_page,         R_COMMISSIONER | R_ADMIN,   p_cost_benefit,    0, 0},
	{"GET",  "/market-position",             mps_index,                PUBLIC,                     p_none,            0, 0},
	{"GET",  "/market-position/{id}",        mps_page,                 PUBLIC,                     p_mps,             0, ROUTE_SOFT_INPUT},
	{"GET",  "/market-position/{id}/tables/{table}", mps_export,       PUBLIC,                     p_mps_table,       0, 0},
	{"GET",  "/first-contact/report",        fc_report_page,           R_COMMISSIONER | R_ADMIN,   p_fc_report,       0, ROUTE_SOFT_INPUT},
	{"GET",  "/first-contact/report.csv",    fc_report_csv,            R_COMMISSIONER | R_ADMIN,   p_fc_report,       0, 0},
	{"GET",  "/first-contact/{id}",          fc_check_page,            FC_ROLES,                   p_fc,              0, 0},
	{"GET",  "/first-contact/{id}/edit",     fc_edit_page,             FC_ROLES,                   p_fc,              0, 0},
	{"POST", "/first-contact/{id}",          fc_update,                FC_ROLES,                   p_fc,              0, ROUTE_SOFT_INPUT},
	{"POST", "/first-contact/{id}/send",     fc_send,                  FC_ROLES,                   p_fc,              0, ROUTE_SOFT_INPUT},
	{"GET",  "/admin/first-contact",         fc_admin_page,            R_ADMIN,                    p_none,            0, 0},
	{"POST", "/admin/first-contact/questions", fc_admin_add,           R_ADMIN,                    p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/admin/first-contact/questions/{id}", fc_admin_question, R_ADMIN,                    p_fc_question,     0, 0},
	{"POST", "/admin/first-contact/questions/{id}", fc_admin_update,   R_ADMIN,                    p_fc,              0, ROUTE_SOFT_INPUT},
	{"POST", "/admin/first-contact/questions/{id}/links", fc_admin_link, R_ADMIN,                  p_fc,              0, ROUTE_SOFT_INPUT},
	{"POST", "/admin/first-contact/questions/{id}/links/remove", fc_admin_unlink, R_ADMIN,         p_fc,              0, ROUTE_SOFT_INPUT},
	{"GET",  "/referrals",                   ref_list_page,            REF_ROLES,                  p_ref_list,        0, 0},
	{"GET",  "/referrals/services",          ref_services_page,        R_PARTNER | R_WORKER,       p_ref_services,    0, 0},
	{"POST", "/referrals/services",          ref_services_save,        R_PARTNER | R_WORKER,       p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/referrals/new-person",        ref_new_person_page,      R_WORKER | R_PARTNER,       p_ref_new_person,  0, 0},
	{"POST", "/referrals/new-person",        ref_new_person_form,      R_WORKER | R_PARTNER,       p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/referrals/{id}",              ref_show_page,            REF_ROLES,                  p_ref,             0, 0},
	{"POST", "/referrals/{id}/status",       ref_status_form,          REF_ROLES,                  p_ref,             0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/referrals/new",   ref_new_page,             REF_ROLES,                  p_ref_new,         0, 0},
	{"POST", "/people/{id}/referrals",       ref_create_form,          REF_ROLES,                  p_person,          0, ROUTE_SOFT_INPUT},
	{"POST", "/api/referrals",               ref_api_create,           REF_ROLES,                  p_none,            16384, ROUTE_JSON_BODY},
	{"GET",  "/api/referrals",               ref_api_list,             REF_ROLES,                  p_ref_list,        0, ROUTE_JSON_BODY},
	{"GET",  "/api/referrals/{id}",          ref_api_show,             REF_ROLES,                  p_ref,             0, ROUTE_JSON_BODY},
	{"GET",  "/api/referrals/{id}/fhir",     ref_api_fhir,             REF_ROLES,                  p_ref,             0, ROUTE_JSON_BODY},
	{"POST", "/api/referrals/{id}/status",   ref_api_status,           REF_ROLES,                  p_ref,             16384, ROUTE_JSON_BODY},
	{"GET",  "/events",                      ev_list_page,             PUBLIC,                     p_events,          0, 0},
	{"POST", "/events",                      ev_new_save,              EV_ORGANISERS,              p_none,            16384, ROUTE_SOFT_INPUT},
	{"GET",  "/events/new",                  ev_new_form,              EV_ORGANISERS,              p_none,            0, 0},
	{"GET",  "/events/mine",                 ev_mine_page,             SIGNED_IN,                  p_none,            0, 0},
	{"GET",  "/events/{id}",                 ev_show_page,             PUBLIC,                     p_event,           0, 0},
	{"POST", "/events/{id}/book",            ev_book_save,             SIGNED_IN,                  p_event,           0, 0},
	{"POST", "/events/{id}/cancel-booking",  ev_unbook_save,           SIGNED_IN,                  p_event,           0, 0},
	{"GET",  "/events/{id}/manage",          ev_manage_page,           EV_ORGANISERS,              p_event,           0, 0},
	{"POST", "/events/{id}/attendance",      ev_attendance_save,       EV_ORGANISERS,              p_event,           262144, ROUTE_SOFT_INPUT | ROUTE_MANY_FIELDS},
	{"POST", "/events/{id}/places",          ev_places_save,           EV_ORGANISERS,              p_event,           0, ROUTE_SOFT_INPUT},
	{"POST", "/events/{id}/cancel",          ev_cancel_save,           EV_ORGANISERS,              p_event,           0, 0},
	{"GET",  "/events/{id}/conversation",    cp_notes_page,            CP_ORGANISERS,              p_cp,              0, 0},
	{"POST", "/events/{id}/conversation",    cp_setup_save,            CP_ORGANISERS,              p_cp,              0, ROUTE_SOFT_INPUT},
	{"POST", "/events/{id}/conversation/notes", cp_note_save,          CP_ORGANISERS,              p_cp,              16384, ROUTE_SOFT_INPUT},
	{"POST", "/events/{id}/conversation/publish", cp_publish_save,     CP_ORGANISERS,              p_cp_publish,      0, 0},
	{"GET",  "/events/{id}/conversation/actions", cp_actions_page,     CP_ORGANISERS,              p_cp,              0, 0},
	{"POST", "/events/{id}/conversation/themes", cp_theme_save,        CP_ORGANISERS,              p_cp,              0, ROUTE_SOFT_INPUT},
	{"POST", "/events/{id}/conversation/actions", cp_action_save,      CP_ORGANISERS,              p_cp,              16384, ROUTE_SOFT_INPUT},
	{"POST", "/events/{id}/conversation/actions/status", cp_status_save, CP_ORGANISERS,            p_cp_status,       0, 0},
	{"GET",  "/what-we-heard",               cp_heard_page,            PUBLIC,                     p_heard,           0, 0},
	{"GET",  "/what-we-heard/{id}",          cp_heard_one_page,        PUBLIC,                     p_heard_one,       0, 0},
	{"GET",  "/social-prescribing",          sp_caseload_page,         R_WORKER,                   p_sp_caseload,     0, 0},
	{"GET",  "/social-prescribing/summary",  sp_summary_page,          R_WORKER | R_COMMISSIONER,  p_none,            0, 0},
	{"GET",  "/social-prescribing/summary.csv", sp_summary_csv,        R_WORKER | R_COMMISSIONER,  p_none,            0, 0},
	{"GET",  "/social-prescribing/refer",    sp_refer_form,            R_PARTNER | R_WORKER,       p_sp_refer,        0, 0},
	{"POST", "/social-prescribing/refer",    sp_refer_save,            R_PARTNER | R_WORKER,       p_none,            32768, ROUTE_SOFT_INPUT},
	{"GET",  "/social-prescribing/sent",     sp_sent_page,             R_PARTNER | R_WORKER,       p_none,            0, 0},
	{"GET",  "/social-prescribing/referrals/{id}", sp_gp_page,         R_WORKER,                   p_sp_referral,     0, 0},
	{"POST", "/social-prescribing/referrals/{id}/pick-up", sp_gp_pick_save, R_WORKER,              p_sp_referral,     0, ROUTE_SOFT_INPUT},
	{"GET",  "/social-prescribing/cases/{id}", sp_case_page,           R_WORKER,                   p_sp_case,         0, 0},
	{"GET",  "/social-prescribing/cases/{id}/conversation", sp_conversation_form, R_WORKER,        p_sp_referral,     0, 0},
	{"POST", "/social-prescribing/cases/{id}/conversation", sp_conversation_save, R_WORKER,        p_sp_referral,     32768, ROUTE_SOFT_INPUT},
	{"GET",  "/social-prescribing/cases/{id}/measures", sp_measures_form, R_WORKER,                p_sp_referral,     0, 0},
	{"POST", "/social-prescribing/cases/{id}/measures", sp_measures_save, R_WORKER,                p_sp_referral,     0, ROUTE_SOFT_INPUT},
	{"GET",  "/social-prescribing/cases/{id}/follow-up", sp_followup_form, R_WORKER,               p_sp_referral,     0, 0},
	{"POST", "/social-prescribing/cases/{id}/follow-up", sp_followup_save, R_WORKER,               p_sp_referral,     0, ROUTE_SOFT_INPUT},
	{"GET",  "/social-prescribing/cases/{id}/close", sp_close_form,    R_WORKER,                   p_sp_referral,     0, 0},
	{"POST", "/social-prescribing/cases/{id}/close", sp_close_save,    R_WORKER,                   p_sp_referral,     0, ROUTE_SOFT_INPUT},
	{"POST", "/people/{id}/social-prescribing", sp_start_save,         R_WORKER,                   p_person,          0, 0},

	{"GET",  "/schemes",                     sch_home_page,            R_COORDINATOR,              p_none,            0, 0},
	{"GET",  "/schemes/requests/new",        sch_request_form,         SCH_REQUEST_ROLES,          p_sch_request_new, 0, 0},
	{"POST", "/schemes/requests",            sch_request_save,         SCH_REQUEST_ROLES,          p_none,            32768, ROUTE_SOFT_INPUT},
	{"GET",  "/schemes/requests/{id}",       sch_request_page,         SCH_REQUEST_ROLES,          p_sch_id,          0, 0},
	{"POST", "/schemes/requests/{id}/close", sch_request_close_save,   SCH_REQUEST_ROLES,          p_sch_id,          0, ROUTE_SOFT_INPUT},
	{"GET",  "/schemes/runs/{id}",           sch_run_page,             R_COORDINATOR,              p_sch_id,          0, 0},
	{"GET",  "/schemes/proposals/{id}",      sch_proposal_page,        R_COORDINATOR,              p_sch_id,          0, 0},
	{"POST", "/schemes/proposals/{id}/confirm", sch_confirm_save,      R_COORDINATOR,              p_sch_id,          0, 0},
	{"POST", "/schemes/proposals/{id}/decline", sch_decline_save,      R_COORDINATOR,              p_sch_id,          0, ROUTE_SOFT_INPUT},
	{"POST", "/schemes/follow-ups/{id}",     sch_followup_save,        R_COORDINATOR,              p_sch_followup,    0, ROUTE_SOFT_INPUT},
	{"GET",  "/schemes/members/{id}",        sch_member_page,          R_COORDINATOR,              p_sch_id,          0, 0},
	{"POST", "/schemes/members/{id}/vetting", sch_vetting_save,        R_COORDINATOR,              p_sch_id,          0, ROUTE_SOFT_INPUT},
	{"POST", "/schemes/members/{id}/sign-off", sch_sign_off_save,      R_COORDINATOR,              p_sch_id,          0, 0},
	{"POST", "/schemes/members/{id}/offer",  sch_offer_save,           R_COORDINATOR,              p_sch_id,          0, ROUTE_SOFT_INPUT},
	{"GET",  "/schemes/{scheme}",            sch_scheme_page,          R_COORDINATOR,              p_sch_scheme,      0, 0},
	{"POST", "/schemes/{scheme}/match",      sch_match_save,           R_COORDINATOR,              p_sch_scheme,      0, 0},
	{"GET",  "/schemes/{scheme}/members/new", sch_member_form,         R_COORDINATOR,              p_sch_scheme,      0, 0},
	{"POST", "/schemes/{scheme}/members",    sch_member_save,          R_COORDINATOR,              p_sch_scheme,      32768, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank",                    tb_home,                  TB_ROLES,                   p_tb_member,       0, 0},
	{"POST", "/timebank/join",               tb_join,                  TB_ROLES,                   p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/exchanges/new",      tb_exchange_form,         TB_ROLES,                   p_tb_member,       0, 0},
	{"POST", "/timebank/exchanges",          tb_exchange_save,         TB_ROLES,                   p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/exchanges/{id}",     tb_exchange_page,         TB_ROLES,                   p_tb_id,           0, 0},
	{"POST", "/timebank/exchanges/{id}/confirm", tb_exchange_confirm,  TB_ROLES,                   p_tb_id,           0, ROUTE_SOFT_INPUT},
	{"POST", "/timebank/exchanges/{id}/decline", tb_exchange_decline,  TB_ROLES,                   p_tb_id,           0, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/statement",          tb_statement_page,        TB_ROLES,                   p_tb_member,       0, 0},
	{"GET",  "/timebank/listings",           tb_listings_page,         TB_ROLES,                   p_tb_listings,     0, 0},
	{"GET",  "/timebank/listings/new",       tb_listing_form,          TB_ROLES,                   p_tb_member,       0, 0},
	{"POST", "/timebank/listings",           tb_listing_save,          TB_ROLES,                   p_none,            16384, ROUTE_SOFT_INPUT},
	{"POST", "/timebank/listings/{id}/withdraw", tb_listing_withdraw_save, TB_ROLES,               p_tb_id,           0, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/listings/{id}/contact", tb_contact_form,       TB_ROLES,                   p_tb_id,           0, 0},
	{"POST", "/timebank/listings/{id}/contact", tb_contact_save,       TB_ROLES,                   p_tb_id,           16384, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/contacts/{id}",      tb_contact_page,          TB_ROLES,                   p_tb_id,           0, 0},
	{"POST", "/timebank/contacts/{id}/answer", tb_contact_answer_save, TB_ROLES,                   p_tb_id,           16384, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/coordinator",        tb_coord_page,            R_COORDINATOR,              p_tb_coord,        0, 0},
	{"GET",  "/timebank/coordinator/members/{id}", tb_coord_member,    R_COORDINATOR,              p_tb_id,           0, 0},
	{"POST", "/timebank/coordinator/members/{id}/limit", tb_coord_limit, R_COORDINATOR,            p_tb_id,           0, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/coordinator/transfers/{id}/reverse", tb_coord_reverse_form, R_COORDINATOR, p_tb_id,           0, 0},
	{"POST", "/timebank/coordinator/transfers/{id}/reverse", tb_coord_reverse, R_COORDINATOR,      p_tb_id,           16384, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/coordinator/organisations", tb_coord_orgs,     R_COORDINATOR,              p_tb_orgs,         0, 0},
	{"POST", "/timebank/coordinator/organisations", tb_coord_org_join, R_COORDINATOR,              p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/coordinator/interbank", tb_coord_interbank_form, R_COORDINATOR,            p_none,            0, 0},
	{"POST", "/timebank/coordinator/interbank", tb_coord_interbank,    R_COORDINATOR,              p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/timebank/report",             tb_report_page,           R_COORDINATOR | R_COMMISSIONER, p_tb_report,   0, 0},
	{"GET",  "/people/{id}/plan",            plan_for_person,          PLAN_ROLES,                 p_person,          0, 0},
	/* Key human indicators (src/indicators): a person's over time, through the relationship. */
	{"GET",  "/people/{id}/indicators",      khi_person_page,          PEOPLE_ROLES,               p_person,          0, 0},
	{"GET",  "/me/indicators",               khi_me_page,              R_RESIDENT | R_CARER,       p_none,            0, 0},
	{"POST", "/people/{id}/plans",           plan_create,              PLAN_ROLES,                 p_person,          0, 0},
	/* The JSON API for partner systems (docs/api.md): a session or an API token. */
	{"GET",  "/api/me",                      api_me,                   SIGNED_IN,                  p_none,            0, ROUTE_JSON_BODY},
	{"GET",  "/api/people",                  api_people,               SIGNED_IN,                  p_people_list,     0, ROUTE_JSON_BODY},
	{"GET",  "/api/plans/{id}",              plan_show,                PLAN_ROLES,                 p_plan_show,       0, ROUTE_JSON_BODY},
	{"POST", "/api/people/{id}/plans",       plan_create,              PLAN_ROLES,                 p_person,          0, ROUTE_JSON_BODY},
	{"POST", "/api/plans/{id}/versions",     plan_api_save,            PLAN_ROLES,                 p_plan_api,        262144, ROUTE_JSON_BODY},
	{"POST", "/api/plans/{id}/status",       plan_api_status,          PLAN_ROLES,                 p_plan_api,        8192, ROUTE_JSON_BODY},
	{"GET",  "/plans/{id}/reviews/new",      review_new_form,          R_WORKER,                   p_plan_api,        0, 0},
	{"POST", "/plans/{id}/reviews/new",      review_create,            R_WORKER,                   p_plan_api,        0, ROUTE_SOFT_INPUT},
	{"POST", "/plans/{id}/review-triggers",  review_bring_forward,     R_WORKER,                   p_plan_api,        0, ROUTE_SOFT_INPUT},
	{"GET",  "/reviews",                     review_queue,             R_WORKER,                   p_none,            0, 0},
	{"GET",  "/reviews/targeted",            review_targeted,          R_WORKER,                   p_reviews_targeted, 0, 0},
	{"GET",  "/reviews/{id}",                review_show,              PLAN_ROLES,                 p_oruk_id,         0, 0},
	{"GET",  "/plans/approvals",             plan_approvals,           R_WORKER,                   p_none,            0, 0},
	{"GET",  "/plans/{id}",                  plan_show,                PLAN_ROLES,                 p_plan_show,       0, 0},
	{"GET",  "/plans/{id}/versions",         plan_versions_page,       PLAN_ROLES,                 p_plan_show,       0, 0},
	{"GET",  "/plans/{id}/compare",          plan_compare,             PLAN_ROLES,                 p_plan_compare,    0, 0},
	{"GET",  "/plans/{id}/print",            plan_print,               PLAN_ROLES,                 p_plan_show,       0, 0},
	{"GET",  "/plans/{id}/sections/{key}",   plan_section_form,        PLAN_ROLES,                 p_plan_section,    0, 0},
	{"POST", "/plans/{id}/sections/{key}",   plan_section_save,        PLAN_ROLES,                 p_plan_section,    0, ROUTE_SOFT_INPUT},
	{"POST", "/plans/{id}/agree",            plan_agree,               PLAN_ROLES,                 p_plan,            0, 0},
	{"POST", "/plans/{id}/submit",           plan_submit,              R_WORKER,                   p_plan,            0, 0},
	{"POST", "/plans/{id}/decision",         plan_decide,              R_WORKER,                   p_plan_decision,   0, ROUTE_SOFT_INPUT},
	{"POST", "/plans/{id}/comments",         plan_comment,             PLAN_ROLES,                 p_plan_comment,    0, ROUTE_SOFT_INPUT},
	{"POST", "/plans/{id}/revise",           plan_revise,              PLAN_ROLES,                 p_plan,            0, 0},

	{"GET",  "/people/{id}/direct-payment",  dp_page_account,          DP_ROLES,                   p_dp_account,      0, 0},
	{"POST", "/people/{id}/direct-payment",  dp_page_open,             R_WORKER,                   p_person,          0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/direct-payment/entries/new", dp_page_entry_form, DP_ROLES,              p_person,          0, 0},
	{"POST", "/people/{id}/direct-payment/entries", dp_page_entry_save, DP_ROLES,                  p_person,          0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/direct-payment/correct", dp_page_correct_form, DP_ROLES,                p_dp_correct,      0, 0},
	{"POST", "/people/{id}/direct-payment/corrections", dp_page_correct_save, DP_ROLES,            p_dp_corrections,  0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/direct-payment/import", dp_page_import_form, DP_ROLES,                  p_person,          0, 0},
	{"POST", "/people/{id}/direct-payment/import", dp_page_import,     DP_ROLES,                   p_person,          DP_IMPORT_BODY_MAX, ROUTE_SOFT_INPUT | ROUTE_MULTIPART | ROUTE_MANY_FIELDS},
	{"GET",  "/people/{id}/direct-payment/return", dp_page_return,     DP_ROLES,                   p_dp_return,       0, 0},
	{"POST", "/people/{id}/direct-payment/return", dp_page_return_submit, DP_ROLES,                p_dp_return_submit, 0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/direct-payment/assistants", dp_page_assistants, DP_ROLES,               p_dp_assistants,   0, 0},
	{"GET",  "/people/{id}/direct-payment/assistants/new", dp_page_assistant_form, DP_ROLES,       p_person,          0, 0},
	{"POST", "/people/{id}/direct-payment/assistants", dp_page_assistant_add, DP_ROLES,            p_person,          0, ROUTE_SOFT_INPUT},
	{"GET",  "/people/{id}/direct-payment/timesheets/new", dp_page_timesheet_form, DP_ROLES,       p_dp_week,         0, 0},
	{"POST", "/people/{id}/direct-payment/timesheets", dp_page_timesheet_save, DP_ROLES,           p_person,          0, ROUTE_SOFT_INPUT},
	{"GET",  "/direct-payments/alerts",      dp_page_alerts,           R_WORKER,                   p_none,            0, 0},
	{"GET",  "/direct-payments/returns",     dp_page_returns,          R_WORKER,                   p_dp_returns,      0, 0},
	{"GET",  "/pools",                       pool_index,               R_WORKER,                   p_none,            0, 0},
	{"GET",  "/pools/join",                  pool_join,                R_WORKER,                   p_pool_join,       0, ROUTE_SOFT_INPUT},
	{"GET",  "/pools/new",                   pool_new,                 R_WORKER,                   p_none,            0, 0},
	{"POST", "/pools",                       pool_create,              R_WORKER,                   p_pools_new,       16384, ROUTE_SOFT_INPUT},
	{"GET",  "/pools/{id}",                  pool_page,                R_WORKER,                   p_pool,            0, 0},
	{"GET",  "/pools/{id}/members/new",      pool_member_new,          R_WORKER,                   p_pool_member_new, 0, 0},
	{"POST", "/pools/{id}/members",          pool_member_add,          R_WORKER,                   p_pool_member,     8192, ROUTE_SOFT_INPUT},
	{"GET",  "/pools/{id}/shares",           pool_shares_page,         R_WORKER,                   p_pool_shares_form, 0, 0},
	{"POST", "/pools/{id}/shares",           pool_shares_save,         R_WORKER,                   p_pool_shares,     16384, ROUTE_SOFT_INPUT},
	{"GET",  "/pools/{id}/leave",            pool_leave_page,          R_WORKER,                   p_pool_leave_form, 0, 0},
	{"POST", "/pools/{id}/leave",            pool_leave_save,          R_WORKER,                   p_pool_leave,      16384, ROUTE_SOFT_INPUT},
	{"POST", "/pools/{id}/close",            pool_close_save,          R_WORKER,                   p_pool_id,         0, 0},
	{"GET",  "/budgets/block",               block_form,               R_COMMISSIONER | R_WORKER | R_ADMIN, p_none,   0, 0},
	{"POST", "/budgets/block",               block_run,                R_COMMISSIONER | R_WORKER | R_ADMIN, p_block,  16384, ROUTE_SOFT_INPUT},

	{"GET",  "/ras/what-if",                 whatif_form,              R_ADMIN | R_COMMISSIONER,   p_none,            0, 0},
	{"POST", "/ras/what-if",                 whatif_run,               R_ADMIN | R_COMMISSIONER,   p_whatif,          1048576, ROUTE_SOFT_INPUT},

	{"GET",  "/intake",                      intake_list,              R_WORKER,                   p_intake_list,     0, 0},
	{"GET",  "/intake/{id}",                 intake_show,              R_WORKER,                   p_person,          0, 0},
	{"POST", "/intake/{id}/take",            intake_take,              R_WORKER,                   p_person,          0, 0},
	{"POST", "/intake/{id}/close",           intake_close,             R_WORKER,                   p_intake_close,    0, ROUTE_SOFT_INPUT},

	{"GET",  "/admin/synonyms",              curate_synonyms_list,     R_ADMIN | R_MODERATOR,      p_none,            0, 0},
	{"POST", "/admin/synonyms",              curate_synonyms_save,     R_ADMIN | R_MODERATOR,      p_synonym,         0, ROUTE_SOFT_INPUT},
	{"POST", "/admin/synonyms/delete",       curate_synonyms_delete,   R_ADMIN | R_MODERATOR,      p_synonym_delete,  0, ROUTE_SOFT_INPUT},
	{"GET",  "/admin",                       admin_index,              R_ADMIN,                   p_none,            0, 0},
	{"GET",  "/admin/audit",                 admin_audit,              R_ADMIN,                   p_page,            0, 0},
	{"GET",  "/admin/accounts",              admin_accounts,           R_ADMIN,                   p_accounts,        0, 0},
	{"GET",  "/admin/accounts/new",          admin_account_new,        R_ADMIN,                   p_none,            0, 0},
	{"POST", "/admin/accounts",              admin_account_add,        R_ADMIN,                   p_account_new,     0, ROUTE_SOFT_INPUT},
	{"GET",  "/admin/accounts/{id}",         admin_account,            R_ADMIN,                   p_admin_account,   0, 0},
	{"POST", "/admin/accounts/{id}/roles",   admin_account_roles,      R_ADMIN,                   p_admin_account,   0, ROUTE_SOFT_INPUT},
	{"POST", "/admin/accounts/{id}/status",  admin_account_status,     R_ADMIN,                   p_admin_account_status, 0, 0},
	{"POST", "/admin/accounts/{id}/link",    admin_account_link,       R_ADMIN,                   p_admin_account,   0, 0},
	{"GET",  "/admin/tokens",                admin_tokens,             R_ADMIN,                   p_tokens,          0, 0},
	{"POST", "/admin/tokens",                admin_token_add,          R_ADMIN,                   p_token_new,       0, ROUTE_SOFT_INPUT},
	{"POST", "/admin/tokens/{id}/revoke",    admin_token_revoke,       R_ADMIN,                   p_token,           0, 0},
	{"GET",  "/admin/approvers",             plan_approvers_page,      R_ADMIN,                   p_approvers,       0, 0},
	{"POST", "/admin/approvers",             plan_approvers_save,      R_ADMIN,                   p_none,            0, ROUTE_SOFT_INPUT},
	{"GET",  "/admin/rules",                 rulesdata_index,          R_ADMIN,                   p_none,            0, 0},
	{"GET",  "/admin/rules/{kind}/{name}",   rulesdata_show,           R_ADMIN,                   p_rules_show,      0, 0},
	{"POST", "/admin/rules/{kind}/{name}",   rulesdata_upload,         R_ADMIN,                   p_rules_upload,    3 * RULES_BODY_MAX + 4096, ROUTE_SOFT_INPUT},
	{"POST", "/admin/rules/{kind}/{name}/adopt", rulesdata_adopt,      R_ADMIN,                   p_rules_adopt,     0, 0},
};

const size_t app_n_routes = sizeof app_routes / sizeof app_routes[0];

/* The service navigation, by role (0: everyone). */
static const web_nav_item app_nav[] = {
	{"/", "Home", 0},
	{"/me", "My record", R_RESIDENT | R_CARER},
	{"/find", "Find", 0},
	{"/check", "Check", 0},
	{"/events", "What's on", 0},
	{"/people", "People", R_WORKER | R_CARER},
	{"/intake", "Requests", R_WORKER},
	{"/direct-payments/alerts", "Direct payments", R_WORKER},
	{"/reviews", "Reviews", R_WORKER},
	{"/referrals", "Referrals", R_WORKER | R_PARTNER},
	{"/first-contact", "First Contact", R_PARTNER | R_COORDINATOR},
	{"/insight", "Evidence", R_COMMISSIONER},
	{"/first-contact/report", "First Contact report", R_COMMISSIONER},
	{"/social-prescribing", "Social prescribing", R_WORKER},
	{"/social-prescribing/summary", "Social prescribing", R_COMMISSIONER},
	{"/social-prescribing/refer", "Refer to social prescribing", R_PARTNER},
	{"/schemes", "Schemes", R_COORDINATOR},
	{"/timebank", "Timebank", R_RESIDENT | R_CARER},
	{"/timebank/coordinator", "Timebank", R_COORDINATOR},
	{"/timebank/report", "Timebank report", R_COMMISSIONER},
	{"/pools", "Pooled budgets", R_WORKER},
	{"/ras/what-if", "Budgets: what if", R_ADMIN | R_COMMISSIONER},
	{"/budgets/block", "Block contracts", R_ADMIN | R_COMMISSIONER},
	{"/partner", "Your entries", R_PARTNER},
	{"/moderation", "Moderation", R_MODERATOR},
	{"/admin", "Admin", R_ADMIN},
};

const web_app app_web = {
	.routes = app_routes,
	.n_routes = sizeof app_routes / sizeof app_routes[0],
	.nav = app_nav,
	.n_nav = sizeof app_nav / sizeof app_nav[0],
	.session_find = access_session_find,
	.form_limit = access_form_limit,
	.bearer_find = access_bearer_find,
	/* a merged record's pages lead to the record kept */
	.before = people_moved,
};
/* The person page's sections, in order: each capability that hangs off a
 * person record adds its part here (people_set_sections). */
const people_section app_person_sections[] = {
	{"assessments", asmt_person_section},
	{"financial", fin_person_section},
	{"support_plan", plan_person_section},
	{"direct_payment", dp_person_section},
	{"referrals", ref_person_section},
	{"social_prescribing", sp_person_section},
	{"indicators", khi_person_section},
	{"schemes", sch_person_section},
	{"timebank", tb_person_section},
	{"first_contact", fc_person_section},
};
const size_t app_n_person_sections = sizeof app_person_sections / sizeof app_person_sections[0];

void app_start(void)
{
	people_set_sections(app_person_sections, app_n_person_sections);
	find_set_service_extra(ev_service_section); /* a service's coming events */
}
