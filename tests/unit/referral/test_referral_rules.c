/* The referral lifecycle (FHIR Task states): every pair of states for
 * every kind of caller, checked against the table written out
 * independently here as a list of allowed moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "referral/referral.h"

typedef struct {
	const char *from, *to;
	unsigned who;
} move;

/* The moves, by code. */
static const move allowed[] = {
	{"draft", "requested", REF_AS_REFERRER},
	{"requested", "received", REF_AS_RECEIVER},
	{"requested", "accepted", REF_AS_RECEIVER},
	{"requested", "rejected", REF_AS_RECEIVER},
	{"received", "accepted", REF_AS_RECEIVER},
	{"received", "rejected", REF_AS_RECEIVER},
	{"accepted", "in-progress", REF_AS_RECEIVER},
	{"accepted", "completed", REF_AS_RECEIVER},
	{"in-progress", "on-hold", REF_AS_RECEIVER},
	{"on-hold", "in-progress", REF_AS_RECEIVER},
	{"in-progress", "completed", REF_AS_RECEIVER},
	{"in-progress", "failed", REF_AS_RECEIVER},
	{"draft", "cancelled", REF_AS_REFERRER},
	{"requested", "cancelled", REF_AS_REFERRER},
	{"received", "cancelled", REF_AS_REFERRER},
	{"accepted", "cancelled", REF_AS_REFERRER},
	{"in-progress", "cancelled", REF_AS_REFERRER},
	{"on-hold", "cancelled", REF_AS_REFERRER},
};

static unsigned who_may(const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (!strcmp(allowed[i].from, from) && !strcmp(allowed[i].to, to))
			return allowed[i].who;
	return 0;
}

static void every_pair_every_caller(void **state)
{
	(void)state;
	int ok = 0;
	for (int f = 0; f < REF_N_STATUS; f++)
		for (int t = 0; t < REF_N_STATUS; t++)
			for (unsigned as = 0; as <= 3; as++) {
				unsigned who = who_may(ref_status_code((ref_status)f), ref_status_code((ref_status)t));
				ref_move_check want = !who ? REF_MOVE_ILLEGAL
						      : (who & as) ? REF_MOVE_OK : REF_MOVE_NOT_YOURS;
				ref_move_check got = ref_move((ref_status)f, (ref_status)t, as);
				if (got != want)
					fail_msg("%s -> %s as %u: got %d, want %d", ref_status_code((ref_status)f),
						 ref_status_code((ref_status)t), as, got, want);
				ok += got == REF_MOVE_OK;
			}
	/* 18 moves, each allowed for its mover alone and for someone who is both. */
	assert_int_equal(ok, 36);
}

static void final_states_have_no_moves(void **state)
{
	(void)state;
	ref_status out[REF_N_STATUS];
	const ref_status finals[] = {REF_REJECTED, REF_CANCELLED, REF_COMPLETED, REF_FAILED};
	for (size_t i = 0; i < 4; i++) {
		assert_true(ref_status_final(finals[i]));
		assert_int_equal(ref_moves(finals[i], REF_AS_REFERRER | REF_AS_RECEIVER, out), 0);
	}
	assert_int_equal(ref_moves(REF_REQUESTED, REF_AS_RECEIVER, out), 3);
	assert_int_equal(out[0], REF_RECEIVED);
	assert_int_equal(out[2], REF_REJECTED);
	assert_int_equal(ref_moves(REF_REQUESTED, REF_AS_REFERRER, out), 1);
	assert_int_equal(out[0], REF_CANCELLED);
	assert_int_equal(ref_moves(REF_REQUESTED, 0, out), 0);
}

static void codes_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < REF_N_STATUS; i++) {
		ref_status s;
		assert_true(ref_status_parse(ref_status_code((ref_status)i), &s));
		assert_int_equal(s, i);
		assert_true(strlen(ref_status_words((ref_status)i)) > 0);
	}
	ref_status s;
	assert_false(ref_status_parse("open", &s));
	assert_false(ref_status_parse("In-progress", &s));
	assert_false(ref_status_parse("", &s));
	assert_false(ref_status_parse(NULL, &s));
	assert_null(ref_status_code(REF_N_STATUS));
	assert_int_equal(ref_move(REF_REQUESTED, REF_N_STATUS, 3), REF_MOVE_ILLEGAL);
	ref_mode m;
	assert_true(ref_mode_parse("signpost", &m));
	assert_int_equal(m, REF_SIGNPOST);
	assert_false(ref_mode_parse("Live", &m));
}

static void service_level(void **state)
{
	(void)state;
	const int64_t t0 = 1790000000, day = 86400;
	assert_int_equal(ref_sla_at(REF_REQUESTED, t0, 5, t0), REF_SLA_WAITING);
	assert_int_equal(ref_sla_at(REF_REQUESTED, t0, 5, t0 + 5 * day), REF_SLA_WAITING);
	assert_int_equal(ref_sla_at(REF_REQUESTED, t0, 5, t0 + 5 * day + 1), REF_SLA_OVERDUE);
	assert_int_equal(ref_sla_at(REF_RECEIVED, t0, 5, t0 + 10 * day), REF_SLA_OVERDUE);
	assert_int_equal(ref_sla_at(REF_RECEIVED, t0, 5, t0 + 10 * day + 1), REF_SLA_ESCALATED);
	/* answered, or never sent: not waiting */
	assert_int_equal(ref_sla_at(REF_ACCEPTED, t0, 5, t0 + 100 * day), REF_SLA_NONE);
	assert_int_equal(ref_sla_at(REF_DRAFT, 0, 5, t0), REF_SLA_NONE);
	/* no days said: the default */
	assert_int_equal(ref_sla_at(REF_REQUESTED, t0, 0, t0 + (REF_ANSWER_DAYS_DEFAULT * day) + 1),
			 REF_SLA_OVERDUE);
	assert_string_equal(ref_sla_code(REF_SLA_ESCALATED), "escalated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_pair_every_caller),
		cmocka_unit_test(final_states_have_no_moves),
		cmocka_unit_test(codes_round_trip),
		cmocka_unit_test(service_level),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
