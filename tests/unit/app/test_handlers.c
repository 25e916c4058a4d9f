#define _GNU_SOURCE /* strcasestr */
/* Handlers in process (web_local): the real route table and pipeline on a
 * demo area in a temporary SQLite file, a request in memory and the
 * response back, no socket. What the HTTP suite checks through a server
 * process can be checked here in microseconds; new handler tests start
 * here (docs/testing.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
#include "access/access_http.h"
#include "app/app.h"
#include "demo/demo.h"

static int setup(void **state)
{
	if (fixture_setup(state))
		return -1;
	fixture *f = *state;
	char err[256] = "";
	if (demo_create(f->s, 1, DEMO_SMALL, err, sizeof err)) {
		fprintf(stderr, "demo: %s\n", err);
		return -1;
	}
	app_start();
	web_local_init(&app_web);
	if (web_templates_init(err, sizeof err)) {
		fprintf(stderr, "templates: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	web_templates_free();
	return fixture_teardown(state);
}

static web_local_reply get(fixture *f, const char *target, const char *cookie, const char *accept)
{
	web_local_reply out;
	web_local_request in = {.method = "GET", .target = target, .cookie = cookie, .accept = accept};
	assert_int_equal(web_local(f->s, &in, &out), SN_OK);
	return out;
}

static void test_pages_and_json(void **state)
{
	fixture *f = *state;
	web_local_reply home = get(f, "/", NULL, NULL);
	assert_int_equal(home.status, 200);
	assert_string_equal(home.content_type, "text/html; charset=utf-8");
	assert_non_null(strstr(home.body, "<!DOCTYPE html>"));
	assert_string_equal(home.template_name, "pages/home");
	web_local_reply_free(&home);

	web_local_reply find = get(f, "/find?q=lunch", NULL, NULL);
	assert_int_equal(find.status, 200);
	assert_non_null(strstr(find.body, "Lunch Club"));
	web_local_reply_free(&find);

	/* The ORUK API: JSON whatever the client accepts. */
	web_local_reply api = get(f, "/oruk/services?search=lunch&per_page=3", NULL, NULL);
	assert_int_equal(api.status, 200);
	assert_string_equal(api.content_type, "application/json");
	json_t *page = json_loads(api.body, 0, NULL);
	assert_non_null(page);
	assert_true(json_integer_value(json_object_get(page, "total_items")) > 0);
	assert_int_equal(json_array_size(json_object_get(page, "contents")), 3);
	json_decref(page);
	web_local_reply_free(&api);

	/* A bad value in the API's query: the input rules answer, not the handler. */
	web_local_reply bad = get(f, "/oruk/services?per_page=0", NULL, NULL);
	assert_int_equal(bad.status, 400);
	web_local_reply_free(&bad);
}

static void test_errors_and_permissions(void **state)
{
	fixture *f = *state;
	web_local_reply nf = get(f, "/no/such/page", NULL, NULL);
	assert_int_equal(nf.status, 404);
	web_local_reply_free(&nf);

	web_local_request put = {.method = "PUT", .target = "/sign-in"};
	web_local_reply na;
	assert_int_equal(web_local(f->s, &put, &na), SN_OK);
	assert_int_equal(na.status, 405);
	web_local_reply_free(&na);

	/* Signed out: a page goes to sign-in with the way back, JSON gets 401. */
	web_local_reply people = get(f, "/people", NULL, NULL);
	assert_int_equal(people.status, 303);
	assert_string_equal(people.location, "/sign-in?next=/people");
	web_local_reply_free(&people);
	web_local_reply json = get(f, "/people", NULL, "application/json");
	assert_int_equal(json.status, 401);
	web_local_reply_free(&json);

	/* A form without its CSRF token changes nothing. */
	web_local_request post = {.method = "POST", .target = "/sign-in",
				  .form = "email=worker%40demo.supportnet.test&password=ashby-vale-demo"};
	web_local_reply refused;
	assert_int_equal(web_local(f->s, &post, &refused), SN_OK);
	assert_int_equal(refused.status, 403);
	assert_string_equal(json_string_value(json_object_get(refused.view, "reason")), "csrf");
	web_local_reply_free(&refused);
}

/* The cookie value of a Set-Cookie header ("sn_session=VALUE; ..."). */
static char *cookie_of(const char *set_cookie)
{
	assert_non_null(set_cookie);
	size_t n = strcspn(set_cookie, ";");
	return xstrndup(set_cookie, n);
}

/* Signs in as email through the forms, coming back to next (NULL: none):
 * the reply to the POST; *cookie gets the signed-in cookie (malloc'd). */
static web_local_reply sign_in_from(fixture *f, const char *address, const char *email, const char *password,
				    const char *next, char **cookie)
{
	/* The form makes an anonymous session for its token. */
	web_local_request show = {.method = "GET", .target = "/sign-in", .remote_addr = address};
	web_local_reply form;
	assert_int_equal(web_local(f->s, &show, &form), SN_OK);
	assert_int_equal(form.status, 200);
	char *anon = cookie_of(form.set_cookie);
	const char *mark = strstr(form.body, "name=\"csrf_token\" value=\"");
	assert_non_null(mark);
	mark += strlen("name=\"csrf_token\" value=\"");
	char token[128];
	snprintf(token, sizeof token, "%.*s", (int)strcspn(mark, "\""), mark);
	web_local_reply_free(&form);

	char body[1024];
	snprintf(body, sizeof body, "csrf_token=%s&email=%s&password=%s%s%s", token, email, password,
		 next ? "&next=" : "", next ? next : "");
	web_local_request post = {.method = "POST", .target = "/sign-in", .cookie = anon, .form = body,
				  .remote_addr = address};
	web_local_reply in;
	assert_int_equal(web_local(f->s, &post, &in), SN_OK);
	free(anon);
	*cookie = in.set_cookie ? cookie_of(in.set_cookie) : NULL;
	return in;
}

static web_local_reply sign_in(fixture *f, const char *email, const char *next, char **cookie)
{
	return sign_in_from(f, NULL, email, "ashby-vale-demo", next, cookie);
}

static void test_sign_in_then_a_worker_page(void **state)
{
	fixture *f = *state;
	char *signed_in = NULL;
	web_local_reply in = sign_in(f, "worker%40demo.supportnet.test", NULL, &signed_in);
	assert_int_equal(in.status, 303);
	assert_string_equal(in.location, "/");
	web_local_reply_free(&in);

	web_local_reply people = get(f, "/people", signed_in, NULL);
	assert_int_equal(people.status, 200);
	assert_true(json_array_size(json_object_get(people.view, "people")) > 0);
	web_local_reply_free(&people);

	/* The worker may not use an administrator's page. */
	web_local_reply admin = get(f, "/admin", signed_in, NULL);
	assert_int_equal(admin.status, 403);
	assert_string_equal(json_string_value(json_object_get(admin.view, "reason")), "role");
	web_local_reply_free(&admin);
	free(signed_in);
}

/* After sign-in only a plain local path is followed (issue 15: "/\t/host"
 * was followed, and browsers read it as another site). */
static void test_sign_in_goes_back_only_to_a_local_path(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *next; /* as sent in the form, urlencoded */
		const char *to;
	} cases[] = {
		{"%2Fpeople%3Fpage%3D2", "/people?page=2"},
		{"%2Ffind%3Fq%3Dlunch%26postcode%3DAV1%2B0AX", "/find?q=lunch&postcode=AV1+0AX"},
		{"%2F%09%2Fevil.example%3A8080%2F", "/"},
		{"%2F%0A%2Fevil.example", "/"},
		{"%2F%5Cevil.example", "/"},
		{"%2F%2Fevil.example", "/"},
		{"%2F%20%2Fevil.example", "/"},
		{"https%3A%2F%2Fevil.example%2F", "/"},
		{"%2Fx%5C..%5C..%5Cevil", "/"},
		{"javascript%3Aalert(1)", "/"},
		{"", "/"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(cases); i++) {
		char *cookie = NULL;
		web_local_reply in = sign_in(f, "worker%40demo.supportnet.test", cases[i].next, &cookie);
		assert_int_equal(in.status, 303);
		if (strcmp(in.location, cases[i].to))
			fail_msg("next=%s went to %s, not %s", cases[i].next, in.location, cases[i].to);
		web_local_reply_free(&in);
		free(cookie);
	}
	assert_string_equal(access_safe_next(NULL), "/");
	assert_string_equal(access_safe_next("/a/b-c_d.e~f"), "/a/b-c_d.e~f");
}

/* Five wrong passwords from one address lock the account there, not for
 * its owner elsewhere (issue 15); 100 from anywhere lock it everywhere. */
static void test_guessing_does_not_lock_the_owner_out(void **state)
{
	fixture *f = *state;
	const char *who = "carer%40demo.supportnet.test";
	char *cookie = NULL;
	for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES; i++) {
		web_local_reply no = sign_in_from(f, "127.0.0.66", who, "wrong-password-1", NULL, &cookie);
		assert_int_equal(no.status, 401);
		web_local_reply_free(&no);
		free(cookie);
	}
	web_local_reply locked = sign_in_from(f, "127.0.0.66", who, "ashby-vale-demo", NULL, &cookie);
	assert_int_equal(locked.status, 429);
	web_local_reply_free(&locked);
	free(cookie);
	/* The owner, from their own address, gets in. */
	web_local_reply owner = sign_in_from(f, "127.0.0.7", who, "ashby-vale-demo", NULL, &cookie);
	assert_int_equal(owner.status, 303);
	web_local_reply_free(&owner);
	free(cookie);
	/* A guess spread over many addresses (4 from each of 24, under the
	 * per-address limit) locks the account everywhere at 100 in all. */
	for (int i = THROTTLE_ACCOUNT_FAILURES; i < THROTTLE_ANYWHERE_FAILURES; i++) {
		char addr[32];
		snprintf(addr, sizeof addr, "127.0.1.%d", i / 4);
		web_local_reply no = sign_in_from(f, addr, who, "wrong-password-2", NULL, &cookie);
		assert_int_equal(no.status, 401);
		web_local_reply_free(&no);
		free(cookie);
	}
	web_local_reply everywhere = sign_in_from(f, "127.0.0.8", who, "ashby-vale-demo", NULL, &cookie);
	assert_int_equal(everywhere.status, 429);
	web_local_reply_free(&everywhere);
	free(cookie);
}

/* Showing a form to a visitor stores nothing (issue 15: 5,000 sessions
 * from one client in seconds): their token is signed, and a forged or
 * altered one is refused. */
static void test_visitors_forms_store_nothing(void **state)
{
	fixture *f = *state;
	int64_t before = 0, after = 0;
	assert_int_equal(store_one_i64(f->s, &before, "SELECT count(*) FROM sessions", ""), SN_OK);
	char *cookie = NULL;
	for (int i = 0; i < 50; i++) {
		web_local_reply form = get(f, "/sign-in", NULL, NULL);
		assert_int_equal(form.status, 200);
		free(cookie);
		cookie = cookie_of(form.set_cookie);
		web_local_reply_free(&form);
	}
	assert_int_equal(store_one_i64(f->s, &after, "SELECT count(*) FROM sessions", ""), SN_OK);
	assert_int_equal(after, before);
	assert_true(str_starts(cookie, "sn_session=a."));

	/* The same cookie again: its token stands, no new cookie. */
	web_local_reply again = get(f, "/sign-in", cookie, NULL);
	assert_null(again.set_cookie);
	web_local_reply_free(&again);
	/* One character of the MAC changed: not a token, so a new one is made,
	 * and a form sent with the altered cookie is refused. */
	char *bad = xstrdup(cookie);
	size_t n = strlen(bad);
	bad[n - 1] = bad[n - 1] == 'A' ? 'B' : 'A';
	web_local_reply forged = get(f, "/sign-in", bad, NULL);
	assert_non_null(forged.set_cookie);
	web_local_reply_free(&forged);
	free(bad);
	free(cookie);
}

/* The CSRF token in a page's form. */
static void token_of(const char *body, char out[static 128])
{
	const char *mark = strstr(body, "name=\"csrf_token\" value=\"");
	assert_non_null(mark);
	mark += strlen("name=\"csrf_token\" value=\"");
	snprintf(out, 128, "%.*s", (int)strcspn(mark, "\""), mark);
}

/* A public form that stores what it is sent takes at most 10 an hour from
 * one client address (issue 15: 50 reports in seconds); one sent back
 * with errors does not count, and another address is not affected. */
static void test_public_forms_are_limited_per_client(void **state)
{
	fixture *f = *state;
	char uuid[40], path[128];
	store_stmt *st = NULL;
	bool row = false;
	assert_int_equal(store_query(f->s, &st, "SELECT uuid FROM dir_services WHERE moderation = 'published' "
				     "ORDER BY id LIMIT 1", ""), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	snprintf(uuid, sizeof uuid, "%s", store_col_text(st, 0));
	store_done(st);
	snprintf(path, sizeof path, "/find/services/%s/report", uuid);
	web_local_reply form = get(f, path, NULL, NULL);
	assert_int_equal(form.status, 200);
	char *cookie = cookie_of(form.set_cookie), token[128], body[256];
	token_of(form.body, token);
	web_local_reply_free(&form);
	int64_t before = 0, after = 0;
	assert_int_equal(store_one_i64(f->s, &before, "SELECT count(*) FROM dir_reports", ""), SN_OK);
	/* 16 sent: 11 usable, 5 too short (i = 2, 5, 8, 11, 14). The tenth
	 * usable one (i = 13) is the last stored; i = 14 and 15 are refused. */
	int statuses[16];
	for (int i = 0; i < 16; i++) {
		/* Every third is too short to use: sent back, not counted. */
		snprintf(body, sizeof body, "csrf_token=%s&what=%s", token,
			 i % 3 == 2 ? "short" : "It+meets+on+Thursdays+now%2C+not+Tuesdays.");
		web_local_request post = {.method = "POST", .target = path, .cookie = cookie, .form = body,
					  .remote_addr = "127.0.0.44"};
		web_local_reply sent;
		assert_int_equal(web_local(f->s, &post, &sent), SN_OK);
		statuses[i] = sent.status;
		web_local_reply_free(&sent);
	}
	assert_int_equal(store_one_i64(f->s, &after, "SELECT count(*) FROM dir_reports", ""), SN_OK);
	assert_int_equal(after - before, ACCESS_FORM_LIMIT);
	for (int i = 0; i < 16; i++) {
		int want = i >= 14 ? 429 : i % 3 == 2 ? 400 : 200; /* 200: thanks (a 303 once it redirects) */
		if (statuses[i] != want && !(want == 200 && statuses[i] == 303))
			fail_msg("report %d answered %d, not %d", i, statuses[i], want);
	}
	/* From another address the form still works. */
	snprintf(body, sizeof body, "csrf_token=%s&what=It+closed+last+year.", token);
	web_local_request other = {.method = "POST", .target = path, .cookie = cookie, .form = body,
				   .remote_addr = "127.0.0.45"};
	web_local_reply ok;
	assert_int_equal(web_local(f->s, &other, &ok), SN_OK);
	assert_true(ok.status < 400);
	web_local_reply_free(&ok);
	free(cookie);
}

/* The home page says what each person can do now, with links (issue 15:
 * it offered only "Sign in" and called the map and self-check "coming"). */
static void test_home_says_what_you_can_do(void **state)
{
	fixture *f = *state;
	web_local_reply anon = get(f, "/", NULL, NULL);
	assert_int_equal(anon.status, 200);
	assert_non_null(strstr(anon.body, "href=\"/find\""));
	assert_non_null(strstr(anon.body, "href=\"/check/self\""));
	assert_non_null(strstr(anon.body, "href=\"/sign-in\""));
	assert_null(strstr(anon.body, "a map of community groups"));
	assert_null(strstr(anon.body, "href=\"/people\">"));
	web_local_reply_free(&anon);
	const struct {
		const char *email, *has, *not;
	} who[] = {
		{"worker%40demo.supportnet.test", "href=\"/intake\">Requests for an assessment", "href=\"/admin/accounts\""},
		{"admin%40demo.supportnet.test", "href=\"/admin/accounts\">Manage accounts", "href=\"/intake\""},
		{"partner%40demo.supportnet.test", "href=\"/partner\">Your organisation&#39;s directory entries", "href=\"/people\""},
		{"resident%40demo.supportnet.test", "href=\"/me\">Your record and assessments", "href=\"/moderation\""},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(who); i++) {
		char *cookie = NULL;
		web_local_reply in = sign_in(f, who[i].email, NULL, &cookie);
		web_local_reply_free(&in);
		web_local_reply home = get(f, "/", cookie, NULL);
		if (!strstr(home.body, who[i].has) || strstr(home.body, who[i].not))
			fail_msg("%s's home: wants %s, not %s", who[i].email, who[i].has, who[i].not);
		assert_null(strstr(home.body, "href=\"/sign-in\" role=\"button\""));
		web_local_reply_free(&home);
		free(cookie);
	}
}

/* An old row with a javascript: address is never linked on the service
 * page (whatever got into the store before issue 15's check). */
static void test_old_unsafe_links_are_not_linked(void **state)
{
	fixture *f = *state;
	char uuid[40], path[128];
	store_stmt *st = NULL;
	bool row = false;
	assert_int_equal(store_query(f->s, &st, "SELECT uuid FROM dir_services WHERE moderation = 'published' "
				     "ORDER BY id LIMIT 1", ""), SN_OK);
	assert_int_equal(store_step(st, &row), SN_OK);
	snprintf(uuid, sizeof uuid, "%s", store_col_text(st, 0));
	store_done(st);
	assert_int_equal(store_run(f->s, "UPDATE dir_services SET url = 'javascript:alert(1)' WHERE uuid = ?", "t", uuid),
			 SN_OK);
	assert_int_equal(store_run(f->s, "UPDATE dir_organizations SET website = 'JavaScript:alert(2)' WHERE id = "
				   "(SELECT organization_id FROM dir_services WHERE uuid = ?)", "t", uuid), SN_OK);
	snprintf(path, sizeof path, "/find/services/%s", uuid);
	web_local_reply page = get(f, path, NULL, NULL);
	assert_int_equal(page.status, 200);
	assert_null(strcasestr(page.body, "javascript:"));
	web_local_reply_free(&page);
}

/* An API token: the JSON API as its account, with every audit entry it
 * causes naming it; refused on pages; the note gone after the request. */
static void test_api_token_in_process(void **state)
{
	fixture *f = *state;
	char tok[TOKEN_LEN + 1], auth[80], note[48];
	int64_t id = 0;
	assert_int_equal(token_add(f->s, "worker@demo.supportnet.test", "in process", 1, "system", tok, &id), SN_OK);
	snprintf(auth, sizeof auth, "Bearer %s", tok);
	snprintf(note, sizeof note, " (API token %lld)", (long long)id);
	web_local_request me = {.method = "GET", .target = "/api/me", .authorization = auth};
	web_local_reply out;
	assert_int_equal(web_local(f->s, &me, &out), SN_OK);
	assert_int_equal(out.status, 200);
	assert_string_equal(json_string_value(json_object_get(out.view, "email")), "worker@demo.supportnet.test");
	web_local_reply_free(&out);
	assert_string_equal(store_audit_note(f->s), "");

	web_local_request people = {.method = "GET", .target = "/api/people", .authorization = auth};
	assert_int_equal(web_local(f->s, &people, &out), SN_OK);
	assert_int_equal(out.status, 200);
	size_t listed = json_array_size(out.view);
	assert_true(listed >= 1);
	web_local_reply_free(&out);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = 'person.listed' AND reason LIKE '%%%s'", note);
	int64_t n = 0;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	assert_int_equal(n, (int64_t)listed);
	assert_string_equal(store_audit_note(f->s), "");

	web_local_request page = {.method = "GET", .target = "/people", .authorization = auth};
	assert_int_equal(web_local(f->s, &page, &out), SN_OK);
	assert_int_equal(out.status, 403);
	assert_string_equal(json_string_value(json_object_get(out.view, "reason")), "bearer");
	web_local_reply_free(&out);

	assert_int_equal(token_revoke(f->s, id, "system"), SN_OK);
	assert_int_equal(web_local(f->s, &me, &out), SN_OK);
	assert_int_equal(out.status, 401);
	web_local_reply_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_and_json),
		cmocka_unit_test(test_errors_and_permissions),
		cmocka_unit_test(test_api_token_in_process),
		cmocka_unit_test(test_sign_in_then_a_worker_page),
		cmocka_unit_test(test_sign_in_goes_back_only_to_a_local_path),
		cmocka_unit_test(test_guessing_does_not_lock_the_owner_out),
		cmocka_unit_test(test_visitors_forms_store_nothing),
		cmocka_unit_test(test_public_forms_are_limited_per_client),
		cmocka_unit_test(test_home_says_what_you_can_do),
		cmocka_unit_test(test_old_unsafe_links_are_not_linked),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
