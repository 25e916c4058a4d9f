/* Runs every worked case in tests/rules/ through the real `supportnet rules` command and compares its output. */
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
	int failures = 0;
	const char *command = json_string_value(json_object_get(t, "command"));
	json_t *input = json_object_get(t, "input");
	if (!command || !safe_arg(command) || !json_is_object(input) ||
	    !json_is_string(json_object_get(t, "description"))) {
		fprintf(stderr, "%s: needs description, command and input\n", name);
		json_decref(t);
		return 1;
	}
	snprintf(in, sizeof in, "%s/in.json", tmp);
	snprintf(out, sizeof out, "%s/out.json", tmp);
	snprintf(errp, sizeof errp, "%s/err.txt", tmp);
	json_dump_file(input, in, 0);
	size_t n = (size_t)snprintf(cmd, sizeof cmd, "%s rules %s", binary(), command);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(t, "args"), i, a) {
		const char *s = json_string_value(a);
		if (!s || !safe_arg(s)) {
			fprintf(stderr, "%s: unsafe argument\n", name);
			json_decref(t);
			return 1;
		}
		n += (size_t)snprintf(cmd + n, sizeof cmd - n, " %s", s);
	}
	snprintf(cmd + n, sizeof cmd - n, " < %s > %s 2> %s", in, out, errp);
	int status = system(cmd);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	char *so = slurp(out), *se = slurp(errp);
	json_t *want_exit = json_object_get(t, "expected_exit");
	int want = want_exit ? (int)json_integer_value(want_exit) : 0;
	if (code != want) {
		fprintf(stderr, "%s: exit %d, want %d (stderr: %s)\n", name, code, want, se ? se : "");
		failures++;
	} else if (want == 0) {
		json_t *got = json_loads(so ? so : "", 0, &je);
		json_t *exp = json_object_get(t, "expected");
		const char *k;
		json_t *v;
		if (!got) {
			fprintf(stderr, "%s: output is not JSON\n", name);
			failures++;
		} else {
			json_object_foreach(exp, k, v) {
				if (!json_equal(json_object_get(got, k), v)) {
					char *g = json_dumps(json_object_get(got, k), JSON_ENCODE_ANY);
					fprintf(stderr, "%s: %s is %s\n", name, k, g ? g : "(missing)");
					free(g);
					failures++;
				}
			}
			json_t *w = json_object_get(
				got, strcmp(command, "eligibility") == 0 ? "reasons" : "workings");
			if (!json_is_array(w) || json_array_size(w) == 0) {
				fprintf(stderr, "%s: no workings or reasons\n", name);
				failures++;
			}
			json_decref(got);
		}
		if (se && *se) {
			fprintf(stderr, "%s: unexpected stderr: %s\n", name, se);
			failures++;
		}
	} else {
		const char *field = json_string_value(json_object_get(t, "expected_stderr"));
		size_t lines = 0;
		for (const char *p = se ? se : ""; *p; p++)
			lines += *p == '\n';
		if (so && *so) {
			fprintf(stderr, "%s: wrote to stdout on an error\n", name);
			failures++;
		}
		if (!se || !field || !strstr(se, field) || lines != 1) {
			fprintf(stderr, "%s: stderr '%s' should be one line naming '%s'\n", name,
				se ? se : "", field ? field : "?");
			failures++;
		}
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
	const char *dir = SN_SOURCE_DIR "/tests/rules";
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < SN_ARRAY_LEN(names)) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
			names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	char tmp[] = "/tmp/sn-rules-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		failures += run_case(dir, names[i], tmp);
		free(names[i]);
	}
	char p[64];
	static const char *const files[] = {"in.json", "out.json", "err.txt"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", tmp, files[i]);
		unlink(p);
	}
	rmdir(tmp);
	fprintf(stderr, "%zu worked cases, %d failures\n", n, failures);
	assert_true(n >= 20);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
