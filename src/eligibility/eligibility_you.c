/* The eligibility decision explained to the person themselves, for the public pages: the same three conditions elig_decide gives reasons for, in plain English and in the second person ("you"). Pure. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eligibility.h"

static const char *const adult_things[ELIG_ADULT_OUTCOMES] = {
	"getting and preparing food and drink",
	"washing yourself and your clothes",
	"getting to and using the toilet",
	"dressing for the weather",
	"moving around your home safely",
	"keeping your home clean, warm and safe",
	"keeping in touch with family and friends",
	"work, learning or volunteering",
	"using local shops, services and transport",
	"looking after children you are responsible for",
};

static const char *const carer_things[ELIG_CARER_OUTCOMES] = {
	"looking after children you are responsible for",
	"looking after anyone else you care for",
	"keeping your home clean and safe",
	"getting and preparing food and drink",
	"keeping in touch with family and friends",
	"work, learning or volunteering",
	"using local services and facilities",
	"having time to rest and do things you enjoy",
};

static const char *const ways_you[ELIG_N_WAYS] = {
	"you can do it",
	"you cannot do it without help",
	"it causes you a lot of pain, distress or worry",
	"it puts you or someone else at risk",
	"it takes you much longer than most people",
};

typedef struct {
	char (*out)[ELIG_REASON_MAX];
	size_t n, max;
} lines;

__attribute__((format(printf, 2, 3))) static void say(lines *l, const char *fmt, ...)
{
	if (l->n >= l->max)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->out[l->n++], ELIG_REASON_MAX, fmt, ap);
	va_end(ap);
}

/* "washing yourself and your clothes (you cannot do it without help); ..." */
static void things_hard(const elig_case *c, const elig_result *r, char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < r->n_unable && n < size; i++) {
		size_t k = r->unable[i];
		int w = snprintf(out + n, size - n, "%s%s (%s)", i ? "; " : "",
				 c->carer ? carer_things[k] : adult_things[k], ways_you[c->outcomes[k]]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

size_t elig_explain_you(const elig_case *c, const elig_result *r, char out[][ELIG_REASON_MAX],
			size_t max)
{
	lines l = {out, 0, max};
	char hard[ELIG_REASON_MAX - 200];
	things_hard(c, r, hard, sizeof hard);
	size_t total = elig_n_outcomes(c->carer);
	const char *things = r->n_unable == 1 ? "thing" : "things";
	if (!c->carer) {
		say(&l, c->impairment ? "You have a health condition, disability or illness: the rules need one."
				      : "You said you do not have a health condition, disability or illness, and the rules need one.");
		if (!r->n_unable)
			say(&l, "You can do all %zu everyday things the rules list. They need 2 or more that you cannot do, or can do only with great difficulty.", total);
		else
			say(&l, "You find %zu of the %zu everyday %s hard: %s. The rules need 2 or more.",
			    r->n_unable, total, things, hard);
		say(&l, c->wellbeing_impact ? "These difficulties have a big effect on your wellbeing: the rules need that too."
					    : "You said these difficulties do not have a big effect on your wellbeing, and the rules need them to.");
	} else {
		say(&l, c->necessary_care ? "You give care that the person you look after needs: the rules need that."
					  : "You said the person you look after does not need the care you give, and the rules need them to.");
		if (c->health_at_risk)
			say(&l, "Caring is harming your health, or putting it at risk: that is enough for the second rule.");
		else if (r->n_unable)
			say(&l, "You find %zu of the %zu everyday %s hard: %s. One is enough for the second rule.",
			    r->n_unable, total, things, hard);
		else
			say(&l, "You said caring is not harming your health, and you can do all %zu everyday things the rules list. The second rule needs one of these.", total);
		say(&l, c->wellbeing_impact ? "Caring has a big effect on your wellbeing: the rules need that too."
					    : "You said caring does not have a big effect on your wellbeing, and the rules need it to.");
	}
	say(&l, r->eligible ? "All three are met, so you might be eligible."
			    : "All three are needed, so from your answers you might not be eligible.");
	return l.n;
}
