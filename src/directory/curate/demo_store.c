/* The demo area's directory, written to the store: a community taxonomy,
 * organisations, and services with locations, opening times, costs and
 * contacts, generated from a seed; then a partner's change waiting, an
 * entry with history and a likely duplicate (curate_demo_changes), and
 * members, overdue and due entries (curate_demo_reviews). Every name, address and number is made up: phone numbers
 * are in the 01632 960xxx range Ofcom keeps for drama, web and email
 * addresses use the reserved .example domain, postcodes the made-up AV
 * area. */
#include <stdio.h>
#include <string.h>

#include "../geo/geo.h"
#include "../search/search.h"
#include "curate_int.h"

typedef struct {
	const char *code, *name, *description;
	/* Service names ("%s" is the place) and what they say about themselves. */
	const char *names[3];
	const char *about;
	const char *days;     /* byday */
	const char *opens, *closes;
	int min_age;          /* -1: none */
	int64_t cost_pence;   /* 0: free */
} term_def;

static const term_def terms[] = {
	{"befriending", "Befriending", "Regular friendly contact for people who are lonely or isolated.",
	 {"%s Befriending Scheme", "Good Companions %s", "%s Telephone Friends"},
	 "A volunteer visits or phones each week for a chat. For anyone who feels lonely or cut off.",
	 "TH", "10:00", "16:00", 18, 0},
	{"lunch-club", "Lunch club", "A hot meal in good company, usually weekly.",
	 {"%s Lunch Club", "%s Friendship Lunch", "Tuesday Table %s"},
	 "A two-course hot lunch with tea and a chat. Transport can be arranged.",
	 "TU", "12:00", "14:00", 50, 450},
	{"social-groups", "Social groups", "Clubs and groups to meet people and enjoy an activity.",
	 {"%s Coffee Morning", "%s Knit and Natter", "%s Men's Shed"},
	 "Drop in for a cuppa, a chat and an activity. Everyone is welcome.",
	 "WE", "10:00", "12:00", -1, 0},
	{"exercise", "Exercise and movement", "Gentle exercise, walking and movement classes.",
	 {"%s Walking Group", "Chair Exercise %s", "%s Tai Chi"},
	 "A gentle session at your own pace, led by a trained instructor.",
	 "MO", "11:00", "12:00", -1, 300},
	{"falls-prevention", "Falls prevention", "Strength and balance classes and advice to prevent falls.",
	 {"%s Strength and Balance", "Steady Steps %s", "%s Falls Prevention Class"},
	 "A 12-week strength and balance course to help you stay steady on your feet.",
	 "FR", "10:00", "11:00", 60, 0},
	{"carers-support", "Carers' support", "Advice, groups and support for unpaid carers.",
	 {"%s Carers' Group", "%s Carers' Centre", "Carers' Cafe %s"},
	 "Support, information and a break for people who look after someone.",
	 "MO,TU,WE,TH,FR", "09:00", "17:00", 18, 0},
	{"carers-breaks", "Carers' breaks", "Short breaks and sitting services so carers can rest.",
	 {"%s Sitting Service", "Time for You %s", "%s Carers' Break Days"},
	 "A trained volunteer sits with the person you care for so you can have time for yourself.",
	 "WE", "09:00", "15:00", 18, 0},
	{"transport", "Community transport", "Door-to-door transport for people who cannot use buses.",
	 {"%s Community Car Scheme", "%s Dial-a-Ride", "%s Shopper Bus"},
	 "Volunteer drivers take you to appointments, shops and groups. Book two days ahead.",
	 "MO,TU,WE,TH,FR", "09:00", "16:00", -1, 250},
	{"meals", "Meals at home", "Meals delivered to your door.",
	 {"%s Meals on Wheels", "%s Hot Meals Delivery", "Frozen Meals %s"},
	 "Hot or frozen meals delivered to your home, with special diets catered for.",
	 "MO,TU,WE,TH,FR,SA,SU", "11:00", "13:30", -1, 550},
	{"shopping-help", "Help with shopping", "Volunteers who shop for you or with you.",
	 {"%s Shopping Buddies", "%s Good Neighbour Shopping", "Shop and Drop %s"},
	 "A volunteer picks up your shopping or goes with you to the shops.",
	 "TU,FR", "10:00", "15:00", -1, 0},
	{"good-neighbours", "Good neighbours", "Neighbourly help with small jobs and a friendly face.",
	 {"%s Good Neighbours", "%s Helping Hands", "%s Street Champions"},
	 "Neighbours helping neighbours: a lift, a chat, changing a light bulb.",
	 "MO,WE,FR", "09:00", "17:00", -1, 0},
	{"handyperson", "Handyperson", "Small repairs and fitting grab rails and key safes.",
	 {"%s Handyperson Service", "%s Home Fix", "Safe at Home %s"},
	 "Small repairs, grab rails and key safes fitted by a checked handyperson.",
	 "MO,TU,WE,TH,FR", "08:30", "16:30", -1, 1500},
	{"mental-health-support", "Mental health support", "Peer support and talking groups.",
	 {"%s Wellbeing Cafe", "%s Talking Space", "%s Peer Support Group"},
	 "A safe, friendly space to talk and meet others. No referral needed.",
	 "TH", "18:00", "20:00", 18, 0},
	{"volunteering", "Volunteering", "Ways to give your time and skills.",
	 {"%s Volunteer Centre", "Volunteer with %s Library", "%s Time Givers"},
	 "Find a volunteering role that suits you, from gardening to befriending.",
	 "TU,TH", "10:00", "15:00", 16, 0},
	{"digital-skills", "Digital skills", "Help using phones, tablets and the internet.",
	 {"%s Tech Cafe", "Get Online %s", "%s Digital Drop-in"},
	 "Bring your phone or tablet and get friendly help with emails, video calls and more.",
	 "WE", "14:00", "16:00", -1, 0},
	{"advice-money", "Money and benefits advice", "Advice on benefits, bills and debt.",
	 {"%s Advice Centre", "%s Benefits Check", "Money Matters %s"},
	 "Free, confidential advice on benefits, bills, debt and form filling.",
	 "MO,TU,WE,TH", "09:30", "15:30", -1, 0},
	{"dementia-support", "Dementia support", "Groups and activities for people with dementia and their carers.",
	 {"%s Memory Cafe", "Singing for the Brain %s", "%s Dementia Friends Group"},
	 "A welcoming cafe for people living with memory loss and the people who care for them.",
	 "TH", "14:00", "16:00", -1, 0},
	{"sight-hearing", "Sight and hearing support", "Help for people with sight or hearing loss.",
	 {"%s Hearing Aid Drop-in", "%s Low Vision Group", "%s Sensory Support"},
	 "Battery replacement, cleaning and advice, and a chance to meet others.",
	 "TU", "10:00", "12:00", -1, 0},
};

static const char *const places[] = {"Northgate", "Millbrook", "Eastfield", "Riverside",
				     "Hollins Green", "Old Town"};
static const char *const venues[] = {"Community Centre", "Library", "Methodist Church Hall",
				     "Village Hall", "Sports Centre", "Health Centre"};
static const char *const streets[] = {"High Street", "Church Lane", "Station Road", "Mill Street",
				      "Park Avenue", "Victoria Road", "The Green", "Queen Street"};
static const char *const org_kinds[] = {"Community Association", "Age Friendly", "Volunteer Network",
					"Carers' Trust", "Library Service", "Wellbeing Partnership"};

/* Made-up centres of the six localities, in millionths of a degree. */
static const int32_t centre_lat[] = {52612000, 52598000, 52605000, 52589000, 52621000, 52600000};
static const int32_t centre_lon[] = {-1912000, -1889000, -1866000, -1921000, -1875000, -1897000};

static void slug(const char *in, char *out, size_t size)
{
	size_t j = 0;
	for (const char *p = in; *p && j + 1 < size; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[j++] = c;
		else if (j && out[j - 1] != '-')
			out[j++] = '-';
	}
	while (j && out[j - 1] == '-')
		j--;
	out[j] = 0;
}

/* One organisation per (kind, place) used, made on first use. */
typedef struct {
	int64_t id;
} org_slot;

static sn_err make_org(store *s, rng *g, arena *a, size_t kind, size_t place, const char *now,
		       int64_t *id)
{
	char uuid[37], sl[96];
	const char *name = kind == 1 ? arena_printf(a, "Age Friendly %s", places[place])
				     : arena_printf(a, "%s %s", places[place], org_kinds[kind]);
	slug(name, sl, sizeof sl);
	rng_uuid(g, uuid);
	sn_err rc = store_one_i64(s, id, "INSERT INTO dir_organizations (uuid, name, description, email, "
				  "website, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
				  "ttttttt", uuid, name,
				  arena_printf(a, "%s runs groups, activities and services for people in %s "
					       "and the villages around.", name, places[place]),
				  arena_printf(a, "hello@%s.example", sl), arena_printf(a, "https://%s.example/", sl),
				  now, now);
	if (!rc) {
		rng_uuid(g, uuid);
		rc = store_run(s, "INSERT INTO dir_org_identifiers (uuid, organization_id, identifier_scheme, "
			       "identifier_type, identifier) VALUES (?, ?, 'GB-CHC', 'Charity number', ?)",
			       "tit", uuid, *id, arena_printf(a, "9%06d", (int)rng_below(g, 1000000)));
	}
	return rc;
}

/* What the demo directory's generation carries from one service to the
 * next (the random stream's order makes the same directory each time). */
typedef struct {
	store *s;
	rng g;
	arena *a;
	char now[21];
	int64_t t_now;
	const int64_t *locality_ids;
	size_t n_places;
	int64_t term_ids[SN_ARRAY_LEN(terms)];
	org_slot orgs[SN_ARRAY_LEN(org_kinds)][SN_ARRAY_LEN(places)];
	unsigned name_uses[SN_ARRAY_LEN(terms)][SN_ARRAY_LEN(places)][3];
} demo_gen;

/* The community taxonomy, its terms and the synonyms. */
static sn_err demo_taxonomy(demo_gen *dg)
{
	store *s = dg->s;
	char uuid[37];
	int64_t tax_id = 0;
	size_t n_terms = SN_ARRAY_LEN(terms);
	rng_uuid(&dg->g, uuid);
	sn_err rc = store_one_i64(s, &tax_id, "INSERT INTO dir_taxonomies (uuid, name, description, uri, "
				  "version) VALUES (?, ?, ?, ?, ?) RETURNING id", "ttttt", uuid,
				  "Ashby Vale community services",
				  "The kinds of community service, group and activity in the Ashby Vale directory.",
				  "urn:supportnet:ashby-vale:community-services", "1");
	for (size_t i = 0; i < n_terms && !rc; i++) {
		rng_uuid(&dg->g, uuid);
		rc = store_one_i64(s, &dg->term_ids[i], "INSERT INTO dir_taxonomy_terms (uuid, taxonomy_id, code, "
				   "name, description, term_uri) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				   "titttt", uuid, tax_id, terms[i].code, terms[i].name, terms[i].description,
				   arena_printf(dg->a, "urn:supportnet:ashby-vale:community-services:%s", terms[i].code));
	}
	/* Synonyms people would expect: "lonely" finds befriending, and so on. */
	static const char *const synonyms[][2] = {
		{"lonely", "befriending lunch social friendship"}, {"loneliness", "befriending lunch social"},
		{"isolated", "befriending lunch social"}, {"shops", "shopping"}, {"groceries", "shopping"},
		{"falls", "balance steady"}, {"memory", "dementia"}, {"money", "benefits advice debt"},
		{"computer", "digital tech online"}, {"walk", "walking exercise"}, {"food", "meals lunch"},
		{"lift", "transport car"}, {"carer", "carers"},
		/* What residents type for what the directory calls otherwise. */
		{"talk", "talking chat befriending listening"}, {"chat", "talk befriending"},
		{"home", "meals handyperson sitting neighbours"}, {"company", "befriending friendship social"},
		{"friends", "befriending friendship"}, {"repairs", "handyperson"}, {"dinner", "meals lunch"},
		{"deaf", "hearing"}, {"blind", "sight vision"}, {"internet", "digital online"}};
	for (size_t i = 0; i < SN_ARRAY_LEN(synonyms) && !rc; i++)
		rc = store_run(s, "INSERT INTO dir_synonyms (word, also, updated_by, updated_at) "
			       "VALUES (?, ?, 'system', ?)", "ttt", synonyms[i][0], synonyms[i][1], dg->now);
	return rc;
}

/* One service's row and its kind of help; *sid its id. */
static sn_err demo_service_row(demo_gen *dg, const term_def *t, size_t place, size_t kind,
			       const char *name, int64_t *sid)
{
	store *s = dg->s;
	arena *a = dg->a;
	char uuid[37];
	size_t ti = (size_t)(t - terms);
	/* Reviewed within the last nine months; due six months after. */
	int64_t reviewed = dg->t_now - (int64_t)rng_below(&dg->g, 270) * 86400;
	char rv[21], due[21];
	time_iso8601(reviewed, rv);
	time_iso8601(reviewed + 183 * 86400, due);
	rng_uuid(&dg->g, uuid);
	char sl[96];
	slug(name, sl, sizeof sl);
	bool with_web = rng_below(&dg->g, 3) > 0;
	int min_age = t->min_age;
	sn_err rc = store_one_i64(s, sid,
		"INSERT INTO dir_services (uuid, organization_id, name, description, url, email, "
		"status, locality_id, moderation, last_reviewed, review_due, "
		"last_modified, created_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, 'published', "
		"?, ?, ?, ?) RETURNING id",
		"titttt" "itttt", uuid, dg->orgs[kind][place].id, name, t->about,
		with_web ? arena_printf(a, "https://%s.example/", sl) : NULL,
		arena_printf(a, "contact@%s.example", sl), dg->locality_ids[place],
		arena_printf(a, "%.10s", rv), arena_printf(a, "%.10s", due),
		arena_printf(a, "%.19s.000Z", rv), dg->now);
	if (!rc && min_age >= 0)
		rc = store_run(s, "UPDATE dir_services SET minimum_age = ? WHERE id = ?", "ii",
			       (int64_t)min_age, *sid);
	if (rc)
		return rc;
	/* Its taxonomy term (a service type), and "over 50s" style eligibility. */
	rng_uuid(&dg->g, uuid);
	return store_run(s, "INSERT INTO dir_attributes (uuid, link_entity, link_id, taxonomy_term_id, "
			 "link_type) VALUES (?, 'service', ?, ?, 'service_type')", "tii", uuid, *sid,
			 dg->term_ids[ti]);
}

/* A location with an address in the place: one of the demo postcodes, a
 * few hundred metres from its centroid; and the service there. */
static sn_err demo_service_place(demo_gen *dg, int64_t sid, size_t place)
{
	store *s = dg->s;
	arena *a = dg->a;
	rng *g = &dg->g;
	char uuid[37];
	sn_err rc = SN_OK;
	int64_t lid = 0, salid = 0;
	const char *venue = venues[rng_below(g, SN_ARRAY_LEN(venues))];
	char pc[9];
	geo_postcodes_demo_pick(g, place, pc);
	int32_t lat = centre_lat[place], lon = centre_lon[place];
	int64_t loc_unused = 0;
	if (!rc)
		rc = geo_postcode_lookup(s, pc, &lat, &lon, &loc_unused);
	lat += (int32_t)rng_below(g, 4000) - 2000;
	lon += (int32_t)rng_below(g, 6000) - 3000;
	rng_uuid(g, uuid);
	if (!rc)
		rc = store_one_i64(s, &lid, "INSERT INTO dir_locations (uuid, location_type, name, "
				   "lat_e6, lon_e6) VALUES (?, 'physical', ?, ?, ?) RETURNING id", "ttii",
				   uuid, arena_printf(a, "%s %s", places[place], venue), (int64_t)lat,
				   (int64_t)lon);
	rng_uuid(g, uuid);
	if (!rc)
		rc = store_run(s, "INSERT INTO dir_addresses (uuid, location_id, address_1, city, "
			       "state_province, postal_code, country, address_type) VALUES "
			       "(?, ?, ?, ?, 'Ashby Vale', ?, 'GB', 'physical')", "titt" "t", uuid, lid,
			       arena_printf(a, "%d %s", 1 + (int)rng_below(g, 120),
					    streets[rng_below(g, SN_ARRAY_LEN(streets))]),
			       places[place], pc);
	if (!rc && rng_below(g, 2)) {
		rng_uuid(g, uuid);
		rc = store_run(s, "INSERT INTO dir_accessibility (uuid, location_id, description) "
			       "VALUES (?, ?, ?)", "tit", uuid, lid,
			       rng_below(g, 2) ? "Step-free entrance, accessible toilet and a hearing loop."
						: "Level access from the car park; accessible toilet.");
	}
	rng_uuid(g, uuid);
	if (!rc)
		rc = store_one_i64(s, &salid, "INSERT INTO dir_service_at_locations (uuid, service_id, "
				   "location_id) VALUES (?, ?, ?) RETURNING id", "tii", uuid, sid, lid);
	return rc;
}

/* Opening times, cost, a contact with a phone number and the area served. */
static sn_err demo_service_more(demo_gen *dg, int64_t sid, const term_def *t, size_t place, const char *name)
{
	store *s = dg->s;
	arena *a = dg->a;
	rng *g = &dg->g;
	char uuid[37];
	sn_err rc = SN_OK;
	/* Opening times: its usual day, or the second Tuesday of the month. */
	rng_uuid(g, uuid);
	bool monthly = strlen(t->days) == 2 && rng_below(g, 4) == 0;
	if (!rc)
		rc = store_run(s, "INSERT INTO dir_schedules (uuid, service_id, freq, byday, opens_at, "
			       "closes_at, description) VALUES (?, ?, ?, ?, ?, ?, ?)", "tittttt", uuid, sid,
			       monthly ? "MONTHLY" : "WEEKLY",
			       monthly ? arena_printf(a, "2%s", t->days) : t->days, t->opens, t->closes,
			       monthly ? arena_printf(a, "Second %s of the month, %s to %s",
						      strcmp(t->days, "TU") == 0 ? "Tuesday" : "week",
						      t->opens, t->closes)
				       : arena_printf(a, "%s to %s", t->opens, t->closes));
	if (!rc && t->cost_pence) {
		rng_uuid(g, uuid);
		rc = store_run(s, "INSERT INTO dir_cost_options (uuid, service_id, option, amount_pence, "
			       "amount_description) VALUES (?, ?, 'Per session', ?, ?)", "tiit", uuid, sid,
			       t->cost_pence, "Pay on the day; ask if cost is a problem.");
	}
	/* A contact with a phone number. */
	int64_t cid = 0;
	rng_uuid(g, uuid);
	if (!rc)
		rc = store_one_i64(s, &cid, "INSERT INTO dir_contacts (uuid, service_id, name, title) "
				   "VALUES (?, ?, ?, 'Coordinator') RETURNING id", "tit", uuid, sid,
				   arena_printf(a, "%s coordinator", name));
	rng_uuid(g, uuid);
	if (!rc)
		rc = store_run(s, "INSERT INTO dir_phones (uuid, service_id, contact_id, number) "
			       "VALUES (?, ?, ?, ?)", "tiit", uuid, sid, cid,
			       arena_printf(a, "01632 960%03d", (int)rng_below(g, 1000)));
	rng_uuid(g, uuid);
	if (!rc)
		rc = store_run(s, "INSERT INTO dir_service_areas (uuid, service_id, name, description, "
			       "extent_type) VALUES (?, ?, ?, ?, 'text')", "titt", uuid, sid, places[place],
			       arena_printf(a, "%s and the villages around", places[place]));
	return rc;
}

/* One more service: a kind of help in a place, from an organisation. */
static sn_err demo_service(demo_gen *dg)
{
	size_t n_terms = SN_ARRAY_LEN(terms);
	const term_def *t = &terms[rng_below(&dg->g, n_terms)];
	size_t ti = (size_t)(t - terms);
	size_t place = rng_below(&dg->g, dg->n_places);
	size_t kind = rng_below(&dg->g, SN_ARRAY_LEN(org_kinds));
	sn_err rc = SN_OK;
	if (!dg->orgs[kind][place].id)
		rc = make_org(dg->s, &dg->g, dg->a, kind, place, dg->now, &dg->orgs[kind][place].id);
	if (rc)
		return rc;
	/* The same kind of group in the same place more than once is
	 * numbered ("Riverside Friendship Lunch 2"): a name says which. */
	size_t variant = rng_below(&dg->g, 3);
	const char *name = arena_printf(dg->a, t->names[variant], places[place]);
	unsigned *used = &dg->name_uses[ti][place][variant];
	if ((*used)++)
		name = arena_printf(dg->a, "%s %u", name, *used);
	int64_t sid = 0;
	rc = demo_service_row(dg, t, place, kind, name, &sid);
	if (!rc)
		rc = demo_service_place(dg, sid, place);
	if (!rc)
		rc = demo_service_more(dg, sid, t, place, name);
	if (!rc)
		rc = search_index_service(dg->s, sid);
	return rc;
}

sn_err curate_demo_directory(store *s, uint64_t seed, const int64_t *locality_ids, size_t n_localities,
			     int n_services, char *err, size_t err_size)
{
	demo_gen *dg = xcalloc(1, sizeof *dg);
	dg->s = s;
	rng_seed(&dg->g, seed ^ 0x6469726563746f72ULL);
	dg->a = arena_new();
	dg->t_now = time_now();
	time_iso8601(dg->t_now, dg->now);
	dg->locality_ids = locality_ids;
	dg->n_places = SN_ARRAY_LEN(places);
	if (n_localities < dg->n_places)
		dg->n_places = n_localities;
	sn_err rc = demo_taxonomy(dg);
	/* The localities' made-up boundaries, for the map. */
	if (!rc)
		rc = geo_boundaries_demo(s, locality_ids, dg->n_places, dg->now);
	for (int n = 0; n < n_services && !rc; n++) {
		if (n % 1000 == 999) {
			arena_free(dg->a);
			dg->a = arena_new();
		}
		rc = demo_service(dg);
	}
	arena_free(dg->a);
	free(dg);
	if (rc)
		snprintf(err, err_size, "cannot create the demo directory: %s", store_errmsg(s));
	return rc;
}

/* ---- changes, history and a duplicate ---- */

/* The id a query finds, or 0 when it finds no row. */
static sn_err demo_first_id(store *s, const char *sql, int64_t key, int64_t *id)
{
	*id = 0;
	sn_err rc = store_one_i64(s, id, sql, "i", key);
	return rc == SN_ENOTFOUND ? SN_OK : rc;
}

sn_err curate_demo_changes(store *s, const char *now)
{
	/* The partner login proposes a change to one of their entries (so the
	 * moderators' queue has something in it), and a moderator has already
	 * changed another (so it has a history). */
	int64_t partner = 0, org = 0, first = 0, second = 0;
	char mod_uuid[37] = "system", mod_name[128] = "SupportNet";
	sn_err rc = store_one_i64(s, &partner, "SELECT id FROM users WHERE email = 'partner@demo.supportnet.test'", "");
	store_stmt *st = NULL;
	bool row = false;
	if (!rc && !(rc = store_query(s, &st, "SELECT uuid, name FROM users WHERE email = "
				       "'moderator@demo.supportnet.test'", "")) && !(rc = store_step(st, &row)) && row) {
		snprintf(mod_uuid, sizeof mod_uuid, "%s", store_col_text(st, 0));
		snprintf(mod_name, sizeof mod_name, "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (!rc)
		rc = demo_first_id(s, "SELECT s.id FROM dir_services s JOIN dir_org_members m ON m.organization_id = "
			      "s.organization_id WHERE m.user_id = ? ORDER BY s.id LIMIT 1", partner, &first);
	if (rc || !first)
		return rc == SN_ENOTFOUND ? SN_OK : rc; /* no partner or no members: nothing to show */
	rc = demo_first_id(s, "SELECT s.id FROM dir_services s JOIN dir_org_members m ON m.organization_id = "
		      "s.organization_id WHERE m.user_id = ? ORDER BY s.id LIMIT 1 OFFSET 1", partner, &second);
	if (!rc)
		rc = store_one_i64(s, &org, "SELECT organization_id FROM dir_services WHERE id = ?", "i", first);
	json_t *d = NULL;
	char uuid[37];
	if (!rc && second) {
		rc = curate_details_load(s, second, &d);
		if (!rc) {
			curate_set_str(d, "transportation", "Buses 4 and 4A stop outside. Free parking behind the hall.");
			curate_actor mod = {mod_uuid, mod_name};
			rc = curate_service_update(s, second, d, "edited", &mod, "Bus routes from the parish newsletter", now);
		}
		json_decref(d);
		d = NULL;
	}
	/* A likely duplicate: another organisation listed the second entry
	 * again, with its words in another order. */
	int64_t other_org = 0, third = 0;
	if (!rc && second)
		rc = demo_first_id(s, "SELECT min(id) FROM dir_organizations WHERE id <> ?", org, &other_org);
	if (!rc && second && other_org)
		rc = curate_details_load(s, second, &d);
	if (!rc && d) {
		const char *name = curate_str_of(d, "name"), *last = strrchr(name, ' ');
		if (last) {
			char moved[256];
			snprintf(moved, sizeof moved, "%s %.*s", last + 1, (int)(last - name), name);
			curate_set_str(d, "name", moved);
		}
		curate_set_str(d, "transportation", "");
		static const curate_actor council = {"system", "SupportNet"};
		char dup_uuid[37];
		rc = curate_service_create(s, other_org, d, &council, "Listed again by another organisation", now, &third,
					dup_uuid);
	}
	json_decref(d);
	d = NULL;
	if (!rc)
		rc = curate_details_load(s, first, &d);
	if (!rc) {
		curate_set_str(d, "eligibility", "Anyone who looks after someone, of any age. Bring the person you care for if you like.");
		curate_set_str(d, "cost", "1.50");
		rc = curate_change_submit(s, org, first, "edit", d, "We now ask for £1.50 towards tea and cake.", partner,
				       now, uuid);
	}
	json_decref(d);
	return rc;
}

/* ---- reviews: members, overdue and due entries ---- */

sn_err curate_demo_reviews(store *s, uint64_t seed)
{
	rng g;
	rng_seed(&g, seed ^ 0x7265766965777321ULL);
	/* The partner login looks after the Northgate organisations. */
	sn_err rc = store_run(s, "INSERT INTO dir_org_members (organization_id, user_id) SELECT o.id, u.id "
			      "FROM dir_organizations o, users u WHERE u.email = ? AND o.name LIKE '%Northgate%' "
			      "ON CONFLICT DO NOTHING", "t", "partner@demo.supportnet.test");
	/* One service in 25 was last checked long ago (13 to 19 months), one
	 * in 25 falls due within the next fortnight. */
	int64_t ids[8192];
	size_t n = 0;
	store_stmt *q = NULL;
	if (!rc)
		rc = store_query(s, &q, "SELECT id FROM dir_services WHERE id % 25 IN (3, 11) ORDER BY id", "");
	bool row = true;
	while (!rc && !(rc = store_step(q, &row)) && row && n < SN_ARRAY_LEN(ids))
		ids[n++] = store_col_i64(q, 0);
	store_done(q);
	int64_t now = time_now();
	for (size_t i = 0; i < n && !rc; i++) {
		char rv[21], due[21];
		int64_t reviewed = ids[i] % 25 == 3 ? now - (int64_t)(400 + rng_below(&g, 180)) * 86400
						     : now - (int64_t)(170 + rng_below(&g, 13)) * 86400;
		time_iso8601(reviewed, rv);
		time_iso8601(reviewed + CURATE_REVIEW_MONTHS_DAYS * 86400, due);
		rv[10] = due[10] = '\0';
		rc = store_run(s, "UPDATE dir_services SET last_reviewed = ?, review_due = ? WHERE id = ?", "tti", rv,
			       due, ids[i]);
	}
	return rc;
}
