/* Referral states and moves (FHIR Task), and the service level: pure. */
#include <string.h>

#include "referral.h"

static const char *const codes[REF_N_STATUS] = {
	"draft", "requested", "received", "accepted", "rejected",
	"cancelled", "in-progress", "on-hold", "completed", "failed",
};
static const char *const words[REF_N_STATUS] = {
	"Draft", "Sent", "Received", "Accepted", "Turned down",
	"Cancelled", "In progress", "On hold", "Completed", "Did not work out",
};
static const char *const tags[REF_N_STATUS] = {
	"govuk-tag--grey", "govuk-tag--blue", "govuk-tag--light-blue", "govuk-tag--turquoise",
	"govuk-tag--red", "govuk-tag--grey", "govuk-tag--purple", "govuk-tag--yellow",
	"govuk-tag--green", "govuk-tag--orange",
};

const char *ref_status_code(ref_status s)
{
	return (unsigned)s < REF_N_STATUS ? codes[s] : NULL;
}

const char *ref_status_words(ref_status s)
{
	return (unsigned)s < REF_N_STATUS ? words[s] : "";
}

const char *ref_status_tag(ref_status s)
{
	return (unsigned)s < REF_N_STATUS ? tags[s] : "govuk-tag--grey";
}

bool ref_status_parse(const char *code, ref_status *out)
{
	for (int i = 0; code && i < REF_N_STATUS; i++)
		if (!strcmp(code, codes[i])) {
			*out = (ref_status)i;
			return true;
		}
	return false;
}

bool ref_status_final(ref_status s)
{
	return s == REF_REJECTED || s == REF_CANCELLED || s == REF_COMPLETED || s == REF_FAILED;
}

/* Who makes each move: the table of the issue, row `from`, column `to`. */
static unsigned mover(ref_status from, ref_status to)
{
	if (to == REF_CANCELLED)
		return (unsigned)from < REF_N_STATUS && !ref_status_final(from) ? REF_AS_REFERRER : 0;
	switch (from) {
	case REF_DRAFT:
		return to == REF_REQUESTED ? REF_AS_REFERRER : 0;
	case REF_REQUESTED:
		return to == REF_RECEIVED || to == REF_ACCEPTED || to == REF_REJECTED ? REF_AS_RECEIVER : 0;
	case REF_RECEIVED:
		return to == REF_ACCEPTED || to == REF_REJECTED ? REF_AS_RECEIVER : 0;
	case REF_ACCEPTED:
		return to == REF_IN_PROGRESS || to == REF_COMPLETED ? REF_AS_RECEIVER : 0;
	case REF_IN_PROGRESS:
		return to == REF_ON_HOLD || to == REF_COMPLETED || to == REF_FAILED ? REF_AS_RECEIVER : 0;
	case REF_ON_HOLD:
		return to == REF_IN_PROGRESS ? REF_AS_RECEIVER : 0;
	default:
		return 0;
	}
}

ref_move_check ref_move(ref_status from, ref_status to, unsigned as)
{
	if ((unsigned)to >= REF_N_STATUS)
		return REF_MOVE_ILLEGAL;
	unsigned who = mover(from, to);
	if (!who)
		return REF_MOVE_ILLEGAL;
	return who & as ? REF_MOVE_OK : REF_MOVE_NOT_YOURS;
}

size_t ref_moves(ref_status from, unsigned as, ref_status out[static REF_N_STATUS])
{
	size_t n = 0;
	for (int to = 0; to < REF_N_STATUS; to++)
		if (ref_move(from, (ref_status)to, as) == REF_MOVE_OK)
			out[n++] = (ref_status)to;
	return n;
}

const char *ref_mode_code(ref_mode m)
{
	return m == REF_SIGNPOST ? "signpost" : "live";
}

bool ref_mode_parse(const char *code, ref_mode *out)
{
	if (code && !strcmp(code, "live"))
		*out = REF_LIVE;
	else if (code && !strcmp(code, "signpost"))
		*out = REF_SIGNPOST;
	else
		return false;
	return true;
}

int64_t ref_due_at(int64_t requested_at, int64_t days)
{
	return requested_at + days * 86400;
}

ref_sla ref_sla_at(ref_status s, int64_t requested_at, int64_t days, int64_t now)
{
	if ((s != REF_REQUESTED && s != REF_RECEIVED) || requested_at <= 0)
		return REF_SLA_NONE;
	if (days < 1)
		days = REF_ANSWER_DAYS_DEFAULT;
	int64_t due = ref_due_at(requested_at, days);
	if (now <= due)
		return REF_SLA_WAITING;
	return now <= ref_due_at(due, days) ? REF_SLA_OVERDUE : REF_SLA_ESCALATED;
}

const char *ref_sla_code(ref_sla x)
{
	switch (x) {
	case REF_SLA_WAITING: return "waiting";
	case REF_SLA_OVERDUE: return "overdue";
	case REF_SLA_ESCALATED: return "escalated";
	default: return "";
	}
}
