/* Unit tests for the FTS5 tokenizer (store_tokenizer_*): the words are
 * FTS5's, and many threads may open and use tokenizers at once (issue 20:
 * opening one cut its spec with strtok, whose state threads shared). The
 * race was too rare to reproduce here (none in 160,000 opens); what keeps
 * it out is tests/lint/thread-safe-calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "store/store.h"

#define SPEC "porter unicode61 remove_diacritics 2"

typedef struct {
	char words[8][32];
	size_t n;
} words;

static int collect(void *ctx, const char *token, size_t n)
{
	words *w = ctx;
	if (w->n == 8 || n >= sizeof w->words[0])
		return 1;
	memcpy(w->words[w->n], token, n);
	w->words[w->n++][n] = 0;
	return 0;
}

static void test_words_are_fts5s(void **state)
{
	(void)state;
	store_tokenizer *t = NULL;
	assert_int_equal(store_tokenizer_open(SPEC, &t), SN_OK);
	words w = {0};
	const char *text = "Running Cafés, for CARERS";
	assert_int_equal(store_tokenize(t, false, text, strlen(text), collect, &w), SN_OK);
	assert_int_equal(w.n, 4);
	assert_string_equal(w.words[0], "run");
	assert_string_equal(w.words[1], "cafe");
	assert_string_equal(w.words[2], "for");
	assert_string_equal(w.words[3], "carer");
	store_tokenizer_close(t);

	/* A spec that names no tokenizer, or an unknown one, is bad input. */
	assert_int_equal(store_tokenizer_open("", &t), SN_EINPUT);
	assert_null(t);
	assert_int_equal(store_tokenizer_open("   ", &t), SN_EINPUT);
	assert_int_equal(store_tokenizer_open("nonesuch unicode61", &t), SN_EINPUT);
	assert_null(t);
}

enum { THREADS = 8, OPENS = 300 };

static void *open_many(void *arg)
{
	int *failures = arg;
	for (int i = 0; i < OPENS; i++) {
		store_tokenizer *t = NULL;
		words w = {0};
		if (store_tokenizer_open(SPEC, &t) ||
		    store_tokenize(t, true, "lunch clubs", 11, collect, &w) || w.n != 2 ||
		    strcmp(w.words[0], "lunch") || strcmp(w.words[1], "club"))
			(*failures)++;
		store_tokenizer_close(t);
	}
	return NULL;
}

static void test_many_threads_open_at_once(void **state)
{
	(void)state;
	pthread_t th[THREADS];
	int failures[THREADS] = {0};
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, open_many, &failures[i]), 0);
	int total = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		total += failures[i];
	}
	assert_int_equal(total, 0);
}

int main(void)
{
	if (base_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_are_fts5s),
		cmocka_unit_test(test_many_threads_open_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
