/* Runs every worked case in tests/rules/plan/ (`rules gas`, `reviews`,
 * `block`) through the real `supportnet rules` command: the exit status,
 * the expected keys, the exact text of printed numbers, one line on stderr
 * naming the field. The same case format as tests/rules/ (see
 * tests/unit/budget/test_rules_cases.c), plus "input_text" (raw input, for
 * input that is not JSON) and "expected_stdout" (strings the output must
 * contain word for word). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/base.h"

/* The binary: $SN_SUPPORTNET, else ./supportnet (ctest runs in the build directory). */
static const char *binary(void)
{
	const char *b = getenv("SN_SUPPORTNET");
	return b && *b ? b : "./supportnet";
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b;
	buf_init(&b, 1u << 20);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (!b.data)
		buf_puts(&b, "");
	return b.data;
}

static bool safe_arg(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* Writes the case's input (JSON or raw text) to path. */
static bool write_input(json_t *t, const char *path)
{
	const char *raw = json_string_value(json_object_get(t, "input_text"));
	if (raw) {
		FILE *f = fopen(path, "wb");
		if (!f)
			return false;
		fputs(raw, f);
		return fclose(f) == 0;
	}
	json_t *input = json_object_get(t, "input");
	return json_is_object(input) && json_dump_file(input, path, 0) == 0;
}

static int check_success(const char *name, json_t *t, const char *so, const char *se)
{
	int failures = 0;
	json_error_t je;
	json_t *got = json_loads(so ? so : "", 0, &je);
	const char *k;
	json_t *v;
	if (!got) {
		fprintf(stderr, "%s: output is not JSON\n", name);
		return 1;
	}
	json_object_foreach(json_object_get(t, "expected"), k, v) {
		if (!json_equal(json_object_get(got, k), v)) {
			char *g = json_dumps(json_object_get(got, k), JSON_ENCODE_ANY);
			fprintf(stderr, "%s: %s is %s\n", name, k, g ? g : "(missing)");
			free(g);
			failures++;
		}
	}
	size_t i;
	json_array_foreach(json_object_get(t, "expected_stdout"), i, v) {
		if (!strstr(so, json_string_value(v))) {
			fprintf(stderr, "%s: output lacks %s:\n%s\n", name, json_string_value(v), so);
			failures++;
		}
	}
	json_t *w = json_object_get(got, "workings");
	if (!json_is_array(w) || json_array_size(w) == 0) {
		fprintf(stderr, "%s: no workings\n", name);
		failures++;
	}
	json_decref(got);
	if (se && *se) {
		fprintf(stderr, "%s: unexpected stderr: %s\n", name, se);
		failures++;
	}
	return failures;
}

static int check_refusal(const char *name, json_t *t, const char *so, const char *se)
{
	int failures = 0;
	const char *field = json_string_value(json_object_get(t, "expected_stderr"));
	size_t lines = 0;
	for (const char *p = se ? se : ""; *p; p++)
		lines += *p == '\n';
	if (so && *so) {
		fprintf(stderr, "%s: wrote to stdout on an error\n", name);
		failures++;
	}
	/* "supportnet rules gas: goals[1].score: ...": the field comes first. */
	char want[160];
	snprintf(want, sizeof want, "supportnet rules %s: %s",
		 json_string_value(json_object_get(t, "command")), field ? field : "?");
	if (!se || !field || strncmp(se, want, strlen(want)) != 0 || lines != 1) {
		fprintf(stderr, "%s: stderr '%s' should be one line starting '%s'\n", name,
			se ? se : "", want);
		failures++;
	}
	return failures;
}

/* Runs one case; returns the number of failures (printed). */
static int run_case(const char *dir, const char *name, const char *tmp)
{
	char path[1024], cmd[4096], in[1024], out[1024], errp[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	json_error_t je;
	json_t *t = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!t) {
		fprintf(stderr, "%s: not JSON: %s\n", name, je.text);
		return 1;
	}
	const char *command = json_string_value(json_object_get(t, "command"));
	snprintf(in, sizeof in, "%s/in.json", tmp);
	snprintf(out, sizeof out, "%s/out.json", tmp);
	snprintf(errp, sizeof errp, "%s/err.txt", tmp);
	if (!command || !safe_arg(command) || !write_input(t, in) ||
	    !json_is_string(json_object_get(t, "description"))) {
		fprintf(stderr, "%s: needs description, command and input\n", name);
		json_decref(t);
		return 1;
	}
	snprintf(cmd, sizeof cmd, "%s rules %s < %s > %s 2> %s", binary(), command, in, out, errp);
	int status = system(cmd);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	char *so = slurp(out), *se = slurp(errp);
	json_t *want_exit = json_object_get(t, "expected_exit");
	int want = want_exit ? (int)json_integer_value(want_exit) : 0, failures = 0;
	if (code != want) {
		fprintf(stderr, "%s: exit %d, want %d (stderr: %s)\n", name, code, want, se ? se : "");
		failures++;
	} else if (want == 0) {
		failures += check_success(name, t, so, se);
	} else {
		failures += check_refusal(name, t, so, se);
	}
	free(so);
	free(se);
	json_decref(t);
	return failures;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_worked_cases(void **state)
{
	(void)state;
	if (access(binary(), X_OK) != 0) {
		fprintf(stderr, "cannot run %s (set SN_SUPPORTNET)\n", binary());
		fail();
	}
	const char *dir = SN_SOURCE_DIR "/tests/rules/plan";
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[256];
	size_t n = 0, per[3] = {0};
	struct dirent *e;
	while ((e = readdir(d)) && n < SN_ARRAY_LEN(names)) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
			names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	char tmp[] = "/tmp/sn-plan-rules-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		failures += run_case(dir, names[i], tmp);
		per[0] += str_starts(names[i], "gas-");
		per[1] += str_starts(names[i], "reviews-");
		per[2] += str_starts(names[i], "block-");
		free(names[i]);
	}
	char p[64];
	static const char *const files[] = {"in.json", "out.json", "err.txt"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", tmp, files[i]);
		unlink(p);
	}
	rmdir(tmp);
	fprintf(stderr, "%zu worked cases (gas %zu, reviews %zu, block %zu), %d failures\n", n,
		per[0], per[1], per[2], failures);
	assert_true(per[0] >= 10 && per[1] >= 10 && per[2] >= 2);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
