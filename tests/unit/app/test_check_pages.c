/* The public check pages in process (web_local): the self-check's steps
 * redirect to pages of their own whose addresses hold the answers sealed
 * (nothing stored; an altered or an old address is refused), and asking
 * for an assessment stores one request however often the form is sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../access/access_fixture.h"
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
	time_set_offset(0);
	web_templates_free();
	return fixture_teardown(state);
}

/* A visitor: its cookie (with the signed CSRF token) and the token. */
typedef struct {
	char *cookie;
	char token[128];
	const char *addr;
} visitor;

static web_local_reply request(fixture *f, visitor *v, const char *method, const char *target,
			       const char *form)
{
	web_local_reply out;
	web_local_request in = {.method = method, .target = target, .cookie = v ? v->cookie : NULL,
				.form = form, .remote_addr = v ? v->addr : NULL};
	assert_int_equal(web_local(f->s, &in, &out), SN_OK);
	return out;
}

static void visitor_start(fixture *f, visitor *v, const char *addr)
{
	memset(v, 0, sizeof *v);
	v->addr = addr;
	web_local_reply form = request(f, NULL, "GET", "/check/pay", NULL);
	assert_int_equal(form.status, 200);
	size_t n = strcspn(form.set_cookie, ";");
	v->cookie = xstrndup(form.set_cookie, n);
	const char *mark = strstr(form.body, "name=\"csrf_token\" value=\"");
	assert_non_null(mark);
	mark += strlen("name=\"csrf_token\" value=\"");
	snprintf(v->token, sizeof v->token, "%.*s", (int)strcspn(mark, "\""), mark);
	web_local_reply_free(&form);
}

/* Every question answered "no" or with its first choice, as a form body. */
static const char *const ANSWERS =
	"health=yes&wellbeing=yes&move_difficulty=yes&move_why=help&fallen=no&door=no"
	"&bath_difficulty=yes&bath_why=help&wash_reach=no&toilet_difficulty=no&toilet_in_time=no"
	"&dress_difficulty=no&med_take=no&cook_difficulty=no&eat_enough=no&home_difficulty=no"
	"&out_difficulty=no&out_work=no&lonely_often=never&keep_in_touch=no&carer=no";

static int64_t count(fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(store_one_i64(f->s, &n, sql, ""), SN_OK);
	return n;
}

/* The sealed answers in a /check/self/answers/X... address (malloc'd). */
static char *sealed_of(const char *location)
{
	assert_true(str_starts(location, "/check/self/answers/"));
	const char *p = location + strlen("/check/self/answers/");
	return xstrndup(p, strcspn(p, "/?"));
}

static void test_steps_redirect_and_store_nothing(void **state)
{
	fixture *f = *state;
	visitor v;
	visitor_start(f, &v, "127.0.0.20");
	int64_t audit = count(f, "SELECT count(*) FROM audit"), rows = count(f, "SELECT count(*) FROM intake_requests");
	char body[2048];
	snprintf(body, sizeof body, "csrf_token=%s&topic=0&go=next&health=yes&wellbeing=no", v.token);
	web_local_reply step = request(f, &v, "POST", "/check/self", body);
	assert_int_equal(step.status, 303);
	assert_non_null(strstr(step.location, "?topic=1"));
	char *sealed = sealed_of(step.location);
	assert_null(strstr(step.location, "health"));
	web_local_reply page = request(f, &v, "GET", step.location, NULL);
	assert_int_equal(page.status, 200);
	assert_string_equal(page.template_name, "check/self-topic");
	json_t *given = json_object_get(page.view, "given");
	assert_string_equal(json_string_value(json_object_get(given, "health")), "yes");
	assert_string_equal(json_string_value(json_object_get(given, "wellbeing")), "no");
	web_local_reply_free(&page);
	web_local_reply_free(&step);

	/* The sealed answers carried by the next form, with that page's own. */
	snprintf(body, sizeof body, "csrf_token=%s&answers=%s&topic=1&go=next&move_difficulty=no&fallen=no&door=no",
		 v.token, sealed);
	step = request(f, &v, "POST", "/check/self", body);
	assert_int_equal(step.status, 303);
	assert_non_null(strstr(step.location, "?topic=2"));
	page = request(f, &v, "GET", step.location, NULL);
	given = json_object_get(page.view, "given");
	assert_int_equal(json_object_size(given), 5);
	assert_string_equal(json_string_value(json_object_get(given, "health")), "yes");
	web_local_reply_free(&page);
	web_local_reply_free(&step);
	free(sealed);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(count(f, "SELECT count(*) FROM intake_requests"), rows);
	free(v.cookie);
}

static void test_altered_or_old_answers_are_refused(void **state)
{
	fixture *f = *state;
	visitor v;
	visitor_start(f, &v, "127.0.0.21");
	char body[2048], path[1024];
	snprintf(body, sizeof body, "csrf_token=%s&go=report&%s", v.token, ANSWERS);
	web_local_reply step = request(f, &v, "POST", "/check/self", body);
	assert_int_equal(step.status, 303);
	char *sealed = sealed_of(step.location);
	web_local_reply report = request(f, &v, "GET", step.location, NULL);
	assert_int_equal(report.status, 200);
	assert_string_equal(report.template_name, "check/self-report");
	web_local_reply_free(&report);
	/* One character changed: not ours. */
	sealed[20] = sealed[20] == 'A' ? 'B' : 'A';
	snprintf(path, sizeof path, "/check/self/answers/%s/report", sealed);
	web_local_reply altered = request(f, &v, "GET", path, NULL);
	assert_int_equal(altered.status, 400);
	assert_string_equal(altered.template_name, "check/self-again");
	assert_false(json_is_true(json_object_get(altered.view, "expired")));
	web_local_reply_free(&altered);
	/* Two hours after the last step the answers no longer open. */
	time_set_offset(2 * 3600 + 60);
	report = request(f, &v, "GET", step.location, NULL);
	assert_int_equal(report.status, 400);
	assert_true(json_is_true(json_object_get(report.view, "expired")));
	assert_non_null(strstr(report.body, "Start the check again"));
	web_local_reply_free(&report);
	/* An empty check has nothing to keep private: its start never runs out. */
	web_local_reply start = request(f, &v, "GET", "/check/self", NULL);
	time_set_offset(30 * 24 * 3600);
	const char *href = strstr(start.body, "href=\"/check/self/answers/");
	assert_non_null(href);
	href += strlen("href=\"");
	snprintf(path, sizeof path, "%.*s", (int)strcspn(href, "?\""), href);
	snprintf(path + strlen(path), sizeof path - strlen(path), "?topic=0"); /* "=" is written &#61; */
	web_local_reply first = request(f, &v, "GET", path, NULL);
	assert_int_equal(first.status, 200);
	assert_string_equal(first.template_name, "check/self-topic");
	web_local_reply_free(&first);
	web_local_reply_free(&start);
	time_set_offset(0);
	web_local_reply_free(&step);
	free(sealed);
	free(v.cookie);
}

static void test_a_request_sent_again_is_stored_once(void **state)
{
	fixture *f = *state;
	visitor v;
	visitor_start(f, &v, "127.0.0.22");
	char body[4096], path[1024];
	snprintf(body, sizeof body, "csrf_token=%s&go=report&%s", v.token, ANSWERS);
	web_local_reply step = request(f, &v, "POST", "/check/self", body);
	char *sealed = sealed_of(step.location);
	snprintf(path, sizeof path, "/check/self/answers/%s/ask", sealed);
	web_local_reply ask = request(f, &v, "GET", path, NULL);
	assert_int_equal(ask.status, 200);
	const char *form_id = json_string_value(json_object_get(ask.view, "form_id"));
	assert_true(str_is_uuid(form_id));
	int64_t rows = count(f, "SELECT count(*) FROM intake_requests");
	snprintf(body, sizeof body, "csrf_token=%s&answers=%s&form_id=%s&for_whom=self&given_name=Iris"
		 "&family_name=Onceonly&phone=01632+960+555&consent=yes", v.token, sealed, form_id);
	char *first = NULL;
	for (int i = 0; i < 3; i++) {
		web_local_reply sent = request(f, &v, "POST", "/check/self/send", body);
		assert_int_equal(sent.status, 303);
		if (!first)
			first = xstrdup(sent.location);
		assert_string_equal(sent.location, first);
		web_local_reply_free(&sent);
	}
	assert_int_equal(count(f, "SELECT count(*) FROM intake_requests"), rows + 1);
	web_local_reply done = request(f, &v, "GET", first, NULL);
	assert_int_equal(done.status, 200);
	assert_string_equal(done.template_name, "check/self-sent");
	web_local_reply_free(&done);
	/* A day later the form id is forgotten, and so is its confirmation. */
	time_set_offset(25 * 3600);
	done = request(f, &v, "GET", first, NULL);
	if (done.status != 404)
		fail_msg("%d %s", done.status, strstr(done.body, "<h1"));
	web_local_reply_free(&done);
	time_set_offset(0);
	free(first);
	web_local_reply_free(&ask);
	web_local_reply_free(&step);
	free(sealed);
	free(v.cookie);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_redirect_and_store_nothing),
		cmocka_unit_test(test_altered_or_old_answers_are_refused),
		cmocka_unit_test(test_a_request_sent_again_is_stored_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
