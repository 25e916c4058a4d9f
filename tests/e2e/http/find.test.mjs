// The "Find" pages of the directory: a search by words, kind of help, day,
// cost and age; the results with where, when, cost and when last checked;
// paging; the service page; the large-print list; and bad input in a
// GOV.UK error summary, never a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let srv, c;
before(async () => { srv = await startServer(); c = new Client(srv.url); });
after(async () => { await srv?.stop(); });

const count = (html) => Number(html.match(/id="results-heading">(\d+) results?/)?.[1] ?? NaN);
const links = (html) => [...html.matchAll(/href="\/find\/services\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

test('the empty form, then a search with stemming', async () => {
  const form = await c.get('/find');
  assert.equal(form.status, 200);
  assert.match(form.text_, /<h1 class="govuk-heading-l">Find help and things to do<\/h1>/);
  assert.match(form.text_, /<option value="befriending">Befriending<\/option>/);
  const res = await c.get('/find?q=lunches');
  assert.equal(res.status, 200);
  assert.ok(count(res.text_) > 0, '"lunches" finds lunch clubs');
  assert.match(res.text_, /Lunch Club/);
  // Opening times in words, and open now or when next open (from the schedule engine).
  assert.match(res.text_, /<dt>When<\/dt><dd>Every Tuesday, midday to 2pm<br>(<strong class="govuk-tag govuk-tag--green">Open now<\/strong>|Next open: Tuesday \d+ \w+, midday)/);
  assert.match(res.text_, /<dt>Last checked<\/dt><dd>\d+ \w+ \d{4}/);
});

test('filters: kind of help, day, free only, age; they agree with the ORUK API', async () => {
  const term = await c.get('/find?term=befriending');
  const n = count(term.text_);
  assert.ok(n > 0);
  const terms = await (await fetch(`${srv.url}/oruk/taxonomy_terms?per_page=100`)).json();
  const id = terms.contents.find((t) => t.term === 'befriending').id;
  const api = await (await fetch(`${srv.url}/oruk/services?taxonomy_term_id=${id}`)).json();
  assert.equal(n, api.total_items, 'the page and the API share one search');
  const free = await c.get('/find?term=lunch-club&free=yes');
  assert.equal(count(free.text_), 0, 'lunch clubs all charge in the demo');
  const paid = await c.get('/find?term=lunch-club');
  assert.ok(count(paid.text_) > 0);
  assert.match(paid.text_, /£4\.50 a session/);
  const young = await c.get('/find?term=lunch-club&age=30');
  assert.equal(count(young.text_), 0, 'lunch clubs are for over 50s');
  const old = await c.get('/find?term=lunch-club&age=70');
  assert.equal(count(old.text_), count(paid.text_));
  const monday = await c.get('/find?term=lunch-club&day=MO');
  assert.equal(count(monday.text_), 0, 'lunch clubs meet on Tuesdays');
});

test('paging: 20 a page, previous and next, no overlap', async () => {
  const p1 = await c.get('/find?q=the');
  const total = count(p1.text_);
  if (total <= 20) return;
  assert.equal(links(p1.text_).length, 20);
  assert.match(p1.text_, /Page 1 of \d+/);
  const decoded = p1.text_.replace(/&#61;/g, '=').replace(/&amp;/g, '&');
  assert.match(decoded, /href="\/find\?q=the&page=2" rel="next"/);
  const p2 = await c.get('/find?q=the&page=2');
  assert.match(p2.text_, /rel="prev"/);
  const one = new Set(links(p1.text_));
  assert.ok(links(p2.text_).every((u) => !one.has(u)));
});

test('the service page and the large-print list', async () => {
  const res = await c.get('/find?term=befriending');
  const [uuid] = links(res.text_);
  const page = await c.get(`/find/services/${uuid}`);
  assert.equal(page.status, 200);
  for (const k of ['Who it is for', 'When', 'Where', 'Cost', 'Contact']) assert.match(page.text_, new RegExp(`>${k}</dt>`));
  assert.match(page.text_, /Last checked on \d+ \w+ \d{4}\./);
  assert.match(page.text_, /Phone <a class="govuk-link" href="tel:01632960\d{3}">01632 960\d{3}<\/a>/);
  assert.equal((await c.get('/find/services/00000000-0000-4000-8000-000000000000')).status, 404);
  assert.equal((await c.get('/find/services/nope')).status, 400);
  const print = await c.get('/find/print?term=befriending');
  assert.equal(print.status, 200);
  assert.match(print.text_, /class="sn-large-print"/);
  assert.equal((print.text_.match(/class="sn-print-item"/g) || []).length, Math.min(20, count(res.text_)));
});

test('bad input: an error summary naming each field, 400, never 500', async () => {
  const res = await c.get('/find?postcode=zz1&age=old&term=nonsense&page=abc');
  assert.equal(res.status, 400);
  assert.match(res.text_, /<title>Error: Find help and things to do/);
  for (const f of ['postcode', 'age', 'term', 'page']) assert.match(res.text_, new RegExp(`<a href="#${f}">`), f);
  const long = await c.get(`/find?q=${'a'.repeat(300)}`);
  assert.equal(long.status, 400);
  assert.match(long.text_, /<a href="#q">/);
  const weird = await c.get('/find?q=%22%29%20OR%20*%20NEAR%28');
  assert.equal(weird.status, 200, 'search syntax in the words is only words');
});

test('synonyms: "lonely" finds befriending; admins and moderators edit them; everyone else cannot', async () => {
  const lonely = await c.get('/find?q=lonely');
  assert.ok(count(lonely.text_) > 0, 'lonely finds something');
  assert.match(lonely.text_, /Befriending|Lunch|Coffee|Friends/);
  const { signedIn } = await import('./http-helpers.mjs');
  const mod = await signedIn(srv.url, 'moderator');
  assert.equal((await mod.get('/admin/synonyms')).status, 200);
  let res = await mod.post('/admin/synonyms', { csrf_token: mod.token, word: 'yarnwork', also: 'knit natter' });
  assert.equal(res.status, 303);
  assert.ok(count((await c.get('/find?q=yarnwork')).text_) > 0, 'the new synonym works at once');
  res = await mod.post('/admin/synonyms', { csrf_token: mod.token, word: 'two words', also: '' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#word">Enter one word/);
  assert.match(res.text_, /<a href="#also">/);
  res = await mod.post('/admin/synonyms/delete', { csrf_token: mod.token, word: 'yarnwork' });
  assert.equal(res.status, 303);
  assert.equal(count((await c.get('/find?q=yarnwork')).text_), 0);
  assert.equal((await mod.post('/admin/synonyms/delete', { csrf_token: mod.token, word: 'yarnwork' })).status, 404);
  const resident = await signedIn(srv.url, 'resident');
  assert.equal((await resident.get('/admin/synonyms')).status, 403);
});

test('did you mean: a misspelt word that finds nothing suggests the nearest known word', async () => {
  const res = await c.get('/find?q=befrending');
  assert.equal(count(res.text_), 0);
  assert.match(res.text_, /Did you mean <a class="govuk-link" href="\/find\?q=befriending">befriending<\/a>\?/);
  const none = await c.get('/find?q=xqzvy');
  assert.doesNotMatch(none.text_, /Did you mean/);
});

test('report a problem: anyone sends one (too short is refused); moderators see and close it', async () => {
  const res = await c.get('/find?term=befriending');
  const [uuid] = links(res.text_);
  const page = await c.get(`/find/services/${uuid}`);
  assert.match(page.text_, new RegExp(`href="/find/services/${uuid}/report"`));
  const visitor = new Client(srv.url);
  const csrf = await visitor.csrf(`/find/services/${uuid}/report`);
  let sent = await visitor.post(`/find/services/${uuid}/report`, { csrf_token: csrf, what: 'wrong' });
  assert.equal(sent.status, 400);
  assert.match(sent.text_, /<a href="#what">/);
  sent = await visitor.post(`/find/services/${uuid}/report`, { csrf_token: csrf, what: 'It meets on Thursdays now, not Tuesdays.' });
  assert.equal(sent.status, 200);
  assert.match(sent.text_, /Thank you for telling us/);
  const { signedIn } = await import('./http-helpers.mjs');
  const mod = await signedIn(srv.url, 'moderator');
  const list = await mod.get('/moderation/reports');
  assert.equal(list.status, 200);
  assert.match(list.text_, /It meets on Thursdays now, not Tuesdays\./);
  const report = list.text_.match(/action="\/moderation\/reports\/([0-9a-f-]{36})\/close"/)[1];
  const closed = await mod.post(`/moderation/reports/${report}/close`, { csrf_token: mod.token, outcome: 'Changed the day' });
  assert.equal(closed.status, 303);
  assert.doesNotMatch((await mod.get('/moderation/reports')).text_, /It meets on Thursdays now/);
  assert.equal((await mod.post(`/moderation/reports/${report}/close`, { csrf_token: mod.token, outcome: 'again' })).status, 404);
  const partner = await signedIn(srv.url, 'partner');
  assert.equal((await partner.get('/moderation/reports')).status, 403);
});

test('near a postcode: distances shown, nearest band first, a radius; the API agrees', async () => {
  // A postcode of the demo area (they all resolve): take one from a result.
  const any = await c.get('/find?term=befriending');
  const pc = any.text_.match(/, (AV\d [0-9][A-Z]{2})<\/dd>/)[1];
  const near = await c.get(`/find?term=befriending&postcode=${encodeURIComponent(pc)}`);
  assert.equal(near.status, 200);
  assert.equal(count(near.text_), count(any.text_), 'a postcode alone keeps every result');
  const d = [...near.text_.matchAll(/\(([\d.]+) miles? away\)/g)].map((m) => Number(m[1]));
  assert.ok(d.length > 0, 'distances are shown');
  assert.ok(d[0] <= 0.7, `the first result is in the nearest band (${d[0]} miles)`);
  const within = await c.get(`/find?term=befriending&postcode=${encodeURIComponent(pc)}&within=1`);
  const dw = [...within.text_.matchAll(/\(([\d.]+) miles? away\)/g)].map((m) => Number(m[1]));
  assert.ok(dw.every((x) => x <= 1.05), 'within one mile');
  assert.ok(count(within.text_) < count(near.text_));
  const api = await (await fetch(`${srv.url}/oruk/services?postcode=${encodeURIComponent(pc)}&proximity=1609&per_page=100`)).json();
  const terms = await (await fetch(`${srv.url}/oruk/taxonomy_terms?per_page=100`)).json();
  const id = terms.contents.find((t) => t.term === 'befriending').id;
  const apiTerm = await (await fetch(`${srv.url}/oruk/services?taxonomy_term_id=${id}&postcode=${encodeURIComponent(pc)}&proximity=1609&per_page=100`)).json();
  assert.equal(apiTerm.total_items, count(within.text_), 'the page and the API agree');
  assert.ok(api.total_items >= apiTerm.total_items);
  const unknown = await c.get('/find?postcode=SW1A%201AA');
  assert.equal(unknown.status, 400);
  assert.match(unknown.text_, /We do not know where that postcode is/);
  const bad = await fetch(`${srv.url}/oruk/services?proximity=100`);
  assert.equal(bad.status, 400);
});

const distances = (html) => [...html.matchAll(/\(([\d.]+) miles? away\)/g)].map((m) => Number(m[1]));
const demoPostcode = async () => (await c.get('/find?term=befriending')).text_.match(/, (AV\d [0-9][A-Z]{2})<\/dd>/)[1];

test('what residents type: phrases, joined words and "wheelchair" find what they mean', async () => {
  for (const q of ['someone to talk to', 'help at home', 'a lunch club for my mum']) {
    const res = await c.get(`/find?q=${encodeURIComponent(q)}`);
    assert.ok(count(res.text_) > 0, `"${q}" finds something`);
  }
  const talk = await c.get('/find?q=someone+to+talk+to');
  assert.match(talk.text_, /Befriending|Talking Space|Telephone Friends/);
  // Joined words: split against the known words, and the page says so.
  const joined = await c.get('/find?q=lunchclub');
  assert.ok(count(joined.text_) > 0);
  assert.match(joined.text_, /Nothing matched “lunchclub”, so these are the results for “lunch club”\./);
  assert.equal(count(joined.text_), count((await c.get('/find?q=lunch+club')).text_));
  // "wheelchair": venues with step-free or level access, as each venue says.
  const wheel = await c.get('/find?q=wheelchair');
  assert.ok(count(wheel.text_) > 0);
  assert.match(wheel.text_, /Only places with step-free access/);
  const box = await c.get('/find?access=step-free');
  assert.equal(count(box.text_), count(wheel.text_), 'the word and the checkbox are one filter');
  assert.match(box.text_, /id="access" name="access" type="checkbox" value="step-free" checked/);
  for (const uuid of links(wheel.text_).slice(0, 5)) {
    const page = await c.get(`/find/services/${uuid}`);
    assert.match(page.text_, /Accessibility<\/dt><dd class="govuk-summary-list__value">[^<]*(Step-free|Level access)/);
  }
  const lunch = count((await c.get('/find?q=lunch')).text_);
  const lunchAccess = count((await c.get('/find?q=wheelchair+accessible+lunch')).text_);
  assert.ok(lunchAccess > 0 && lunchAccess < lunch, 'step-free lunch clubs are some of the lunch clubs');
});

test('with a postcode: nearest first, and the page says so; "within" asks for the postcode', async () => {
  const pc = await demoPostcode();
  const p1 = await c.get(`/find?postcode=${encodeURIComponent(pc)}`);
  assert.equal(p1.status, 200);
  assert.match(p1.text_, new RegExp(`Nearest to ${pc} first\\.`));
  const p2 = await c.get(`/find?postcode=${encodeURIComponent(pc)}&page=2`);
  const d = [...distances(p1.text_), ...distances(p2.text_)];
  assert.ok(d.length >= 30, `two pages of distances (${d.length})`);
  for (let i = 1; i < d.length; i++) assert.ok(d[i - 1] <= d[i], `nearest first: ${d[i - 1]} then ${d[i]} (at ${i})`);
  const words = await c.get(`/find?q=lunch&postcode=${encodeURIComponent(pc)}`);
  const dw = distances(words.text_);
  assert.deepEqual(dw, [...dw].sort((a, b) => a - b), 'with words too');
  const within = await c.get(`/find?q=lunch&postcode=${encodeURIComponent(pc)}&within=3`);
  assert.match(within.text_, new RegExp(`Within 3 miles of ${pc}, nearest first\\.`));
  // "within" without a postcode is not ignored: the postcode is asked for.
  const alone = await c.get('/find?q=lunch&within=3');
  assert.equal(alone.status, 400);
  assert.match(alone.text_, /<a href="#postcode">Enter a postcode to find places within 3 miles of it, or choose Any distance<\/a>/);
  assert.doesNotMatch(alone.text_, /id="results-heading"/);
});

test('paging: none for no results or one page; past the last page, the last page and why', async () => {
  const none = await c.get('/find?q=xqzvy');
  assert.equal(count(none.text_), 0);
  assert.doesNotMatch(none.text_, /Page \d+ of|govuk-pagination/);
  const one = await c.get('/find?q=lunch');
  const n = count(one.text_);
  assert.ok(n > 0 && n <= 20, `one page of lunch (${n})`);
  assert.doesNotMatch(one.text_, /Page 1 of 1|govuk-pagination/);
  const past = await c.get('/find?q=lunch&page=99');
  assert.equal(past.status, 200);
  assert.match(past.text_, /There is no page 99\. These are the last results, page 1 of 1\./);
  assert.deepEqual(links(past.text_), links(one.text_));
  const many = await c.get('/find?term=befriending');
  const pages = Math.ceil(count(many.text_) / 20);
  if (pages > 1) {
    const last = await c.get(`/find?term=befriending&page=${pages + 5}`);
    assert.match(last.text_, new RegExp(`There is no page ${pages + 5}\\. These are the last results, page ${pages} of ${pages}\\.`));
    assert.match(last.text_, new RegExp(`Page ${pages} of ${pages}`));
    assert.match(last.text_, /rel="prev"/);
  }
});

test('did you mean: numbers and postcodes are not misspellings, and only what finds something is offered', async () => {
  for (const q of ['lunch fr 1 1', 'lunch AV1 1EA', 'lnch 12']) {
    const res = await c.get(`/find?q=${encodeURIComponent(q)}`);
    assert.doesNotMatch(res.text_, /Did you mean/, q);
  }
  const ok = await c.get('/find?q=lnch+clubb');
  assert.match(ok.text_, /Did you mean <a class="govuk-link" href="\/find\?q=lunch\+club">lunch club<\/a>\?/);
});

test('phone numbers are tap-to-call everywhere they show; plurals and money as people read them', async () => {
  const res = await c.get('/find?term=befriending');
  const tels = [...res.text_.matchAll(/<dt>Phone<\/dt><dd><a class="govuk-link" href="tel:(\d+)">([\d ]+)<\/a><\/dd>/g)];
  assert.equal(tels.length, links(res.text_).length, 'each result has its phone as a tel: link');
  for (const [, tel, shown] of tels) assert.equal(tel, shown.replace(/ /g, ''));
  const print = await c.get('/find/print?term=befriending');
  const printed = [...print.text_.matchAll(/<strong>Phone:<\/strong> <a class="govuk-link" href="tel:(\d+)">/g)];
  assert.equal(printed.length, tels.length, 'the large-print list has the phone numbers');
  // A name that only one service has: "1 result", never "1 results".
  const api = await (await fetch(`${srv.url}/oruk/services?per_page=100`)).json();
  const numbered = api.contents.find((x) => / 2$/.test(x.name));
  if (numbered) {
    const single = await c.get(`/find?q=${encodeURIComponent(numbered.name)}`);
    assert.match(single.text_, /id="results-heading">1 result</);
  }
  assert.match((await c.get('/find?term=handyperson')).text_, /<dt>Cost<\/dt><dd>£15 a session<\/dd>/);
});

test('the map\'s GeoJSON: the same search, in the list\'s order, with the localities\' boundaries', async () => {
  const pc = await demoPostcode();
  const q = `q=lunch&postcode=${encodeURIComponent(pc)}`;
  const page = await c.get(`/find?${q}`);
  const res = await fetch(`${srv.url}/find/map.geojson?${q}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/geo+json');
  const fc = await res.json();
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.total, count(page.text_));
  const areas = fc.features.filter((f) => f.properties.kind === 'locality');
  assert.equal(areas.length, 6, 'the six demo localities');
  for (const a of areas) {
    assert.equal(a.geometry.type, 'Polygon');
    const ring = a.geometry.coordinates[0];
    assert.deepEqual(ring[0], ring[ring.length - 1], `${a.properties.name}: a closed ring`);
  }
  const services = fc.features.filter((f) => f.properties.kind === 'service');
  assert.deepEqual(services.map((f) => f.properties.id), links(page.text_), 'the list, in its order');
  assert.deepEqual(services.map((f) => f.properties.n), services.map((_, i) => i + 1));
  assert.ok(services.every((f) => f.geometry.type === 'Point' && f.properties.distance));
  assert.equal(fc.features.filter((f) => f.properties.kind === 'postcode')[0].properties.name, pc);
  // Every page's results, when there are more than a page of them.
  const all = await (await fetch(`${srv.url}/find/map.geojson?term=befriending`)).json();
  assert.equal(all.features.filter((f) => f.properties.kind === 'service').length, all.total);
  assert.equal((await fetch(`${srv.url}/find/map.geojson?within=3`)).status, 400);
  assert.equal((await fetch(`${srv.url}/find/map.geojson?day=XX`)).status, 400);
  // The page links the map's data with the same query, and shows no map without JavaScript.
  assert.match(page.text_, /data-geojson="\/find\/map\.geojson\?q&#61;lunch&amp;postcode&#61;/);
  assert.match(page.text_, /id="sn-map-block" hidden/);
});
