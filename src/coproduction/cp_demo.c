/* The demo area's community conversations (docs/coproduction.md, "Demo"):
 * two in each of the six localities over the last two years, World Café
 * and Open Space in turn, each with notes (most published), themes and
 * actions in every status, some overdue, so that "what we heard, what we
 * did" says something. Written only through the events and co-production
 * store functions. Times are relative to now. */
#include <stdio.h>
#include <string.h>

#include "../events/events_store.h"
#include "../plan/plan_rules.h" /* civil dates only */
#include "cp_demo.h"
#include "cp_store.h"

static const char *const themes[] = {"Transport", "Loneliness", "Information and advice", "Places to meet",
				     "Carers' breaks", "Safety after dark", "Help with computers and phones"};

typedef struct {
	const char *body;
	int theme, theme2; /* -1: none */
} demo_note;

static const demo_note notes[] = {
	{"The 14 bus stops at six, so evening groups are out of reach without a car.", 0, 3},
	{"Several tables said they go days without talking to anyone.", 1, -1},
	{"Nobody knew the library has a free room to book.", 3, 2},
	{"People find out about help by word of mouth, too late.", 2, -1},
	{"Carers want a sitting service so they can get to a group themselves.", 4, 1},
	{"The path by the park has no lights; people will not walk it in winter.", 5, 0},
	{"Booking a GP appointment online is hard without someone to show you.", 6, 2},
	{"A regular lunch club would give people a reason to get out.", 3, 1},
	{"Community transport needs more volunteer drivers.", 0, -1},
	{"Young carers are missing from these conversations.", 4, -1},
	{"A noticeboard in the shop would reach people who are not online.", 2, 6},
	{"Benches on the way to the shops would help people rest.", 3, 0},
};

typedef struct {
	const char *body, *owner;
	int theme;
	int due_days;        /* from the conversation */
	cp_status path[3];   /* the moves made, in order (CP_PLANNED at the end of the list: none) */
	int n_moves;
} demo_action;

static const demo_action actions[] = {
	{"Ask the bus company to run the 14 until nine on weekdays", "Transport team, Ashby Vale Council", 0, 90,
	 {CP_IN_PROGRESS, CP_DONE}, 2},
	{"Start a monthly lunch club in the community centre", "Ashby Vale Good Neighbours", 3, 60, {CP_IN_PROGRESS}, 1},
	{"Put a printed guide to local help in libraries and surgeries", "Information and advice service", 2, 45,
	 {CP_PLANNED}, 0},
	{"Trial a carers' sitting service on Tuesday mornings", "Carers' centre", 4, 120, {CP_DROPPED}, 1},
	{"Ask for lighting on the park path", "Parks team, Ashby Vale Council", 5, 180, {CP_IN_PROGRESS}, 1},
	{"Phone and tablet help sessions at the library", "Library service", 6, 30, {CP_IN_PROGRESS, CP_DONE}, 2},
};

/* One conversation: its event (held days_ago), the record, notes and actions. */
static sn_err one(store *s, arena *a, rng *g, int64_t by, int64_t locality, const char *place, bool again,
		  int days_ago, cp_format format, int64_t now)
{
	char starts[21], ends[21], uuid[37], now_iso[21];
	int64_t t0 = now - now % 86400 - (int64_t)days_ago * 86400 + 18 * 3600, ev = 0, conv = 0;
	time_iso8601(t0, starts);
	time_iso8601(t0 + 2 * 3600, ends);
	time_iso8601(t0 - 30 * 86400, now_iso); /* published a month before */
	ev_row e = {.title = again ? arena_printf(a, "%s a year on: what has changed?", place)
		    : arena_printf(a, "What would make %s a better place to live?", place), .kind = EV_CONVERSATION,
		    .description = format == CP_WORLD_CAFE ? "A World Café: small tables, three rounds."
							   : "Open Space: bring a topic, join any group, move freely.",
		    .place = arena_printf(a, "%s community centre", place), .postcode = "", .starts_at = starts,
		    .ends_at = ends, .capacity = 40, .created_by = by};
	sn_err rc = ev_insert(s, &e, now_iso, uuid, &ev);
	if (!rc)
		rc = cp_conv_insert(s, ev, format, locality, by, now_iso, uuid, &conv);
	int64_t ids[sizeof themes / sizeof themes[0]];
	for (size_t i = 0; !rc && i < sizeof themes / sizeof themes[0]; i++) {
		char key[CP_THEME_MAX + 1];
		rc = cp_theme_key(themes[i], key);
		if (!rc)
			rc = cp_theme_add(s, conv, themes[i], key, &ids[i]);
	}
	size_t first = rng_below(g, sizeof notes / sizeof notes[0]), n_notes = 6 + rng_below(g, 5);
	for (size_t k = 0; !rc && k < n_notes; k++) {
		const demo_note *d = &notes[(first + k) % (sizeof notes / sizeof notes[0])];
		char at[21], note[37];
		int64_t id = 0;
		time_iso8601(t0 + 600 + (int64_t)k * 420, at);
		rc = cp_note_insert(s, conv, d->body, arena_printf(a, "Table %zu", 1 + k % 4), by, at, note, &id);
		if (!rc && d->theme >= 0)
			rc = cp_note_tag(s, id, ids[d->theme]);
		if (!rc && d->theme2 >= 0)
			rc = cp_note_tag(s, id, ids[d->theme2]);
		if (!rc && k % 5 != 4) /* most published; some kept back */
			rc = cp_note_publish(s, conv, note, true, at);
	}
	size_t a0 = rng_below(g, sizeof actions / sizeof actions[0]);
	for (size_t k = 0; !rc && k < 3; k++) {
		const demo_action *d = &actions[(a0 + k) % (sizeof actions / sizeof actions[0])];
		char at[21], day[11], id_s[37];
		int64_t id = 0, on = civil_of_time(t0) + 7;
		civil_format(civil_of_time(t0) + d->due_days, day);
		cp_action x = {.body = d->body, .owner = d->owner, .due_on = day};
		char made[11];
		civil_format(on, made);
		time_iso8601(t0 + 7 * 86400, at);
		rc = cp_action_insert(s, conv, &x, by, made, at, id_s, &id);
		if (!rc)
			rc = cp_action_tag(s, id, ids[d->theme]);
		for (int m = 0; !rc && m < d->n_moves; m++) {
			on += 20 + (int64_t)rng_below(g, 20);
			if (on > civil_of_time(now)) /* a recent conversation: no later updates yet */
				break;
			civil_format(on, made);
			time_iso8601(on * 86400 + 12 * 3600, at);
			rc = cp_action_move(s, id, d->path[m], m ? "Finished." : "Under way.", by, made, at);
		}
	}
	return rc;
}

sn_err cp_demo(store *s, uint64_t seed, int64_t coordinator, const int64_t *loc_ids, const char *const *loc_names,
	       size_t n_loc)
{
	arena *a = arena_new();
	rng g;
	rng_seed(&g, seed ^ 0x636f70726f64ULL);
	int64_t now = time_now();
	sn_err rc = SN_OK;
	/* two a locality: one in the last year, one in the year before */
	for (size_t i = 0; !rc && i < n_loc; i++) {
		rc = one(s, a, &g, coordinator, loc_ids[i], loc_names[i], false, 400 + (int)i * 50,
			 i % 2 ? CP_OPEN_SPACE : CP_WORLD_CAFE, now);
		if (!rc)
			rc = one(s, a, &g, coordinator, loc_ids[i], loc_names[i], true, 20 + (int)i * 55,
				 i % 2 ? CP_WORLD_CAFE : CP_OPEN_SPACE, now);
	}
	arena_free(a);
	return rc;
}
