// Rules as data: the admin pages to see, upload, compare and adopt versions
// of the rules documents. Only admins may use them; a bad body is refused
// with the parser's message naming the field and nothing is stored; every
// upload and adoption adds one entry to the audit chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ROLES } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = await signedIn(srv.url, 'admin');
});
after(async () => { await srv?.stop(); });

/** The JSON view of a rules page, as the admin. */
async function view(path) {
  const res = await admin.get(path, { headers: JSON_ACCEPT });
  assert.equal(res.status, 200, `${path}: ${res.text_.slice(0, 200)}`);
  return jsonOf(res);
}

/** The index entry for (kind, name), or undefined. */
async function entry(kind, name) {
  const v = await view('/admin/rules');
  return v.sections.find((s) => s.kind === kind).entries.find((e) => e.name === name);
}

test('the admin index links to the rules, which list every kind with the version in force', async () => {
  const home = await admin.get('/admin');
  assert.equal(home.status, 200);
  assert.match(home.text_, /href="\/admin\/rules"/);
  const page = await admin.get('/admin/rules');
  assert.equal(page.status, 200);
  for (const href of ['/admin/rules/question_set/daily-living', '/admin/rules/ras_scheme/ashby-vale-2025-v1',
    '/admin/rules/rates/2025-26', '/admin/rules/equipment/catalogue', '/admin/rules/plan_sections/standard']) {
    assert.match(page.text_, new RegExp(`href="${href}"`));
  }
  const v = await view('/admin/rules');
  assert.deepEqual(v.sections.map((s) => s.kind), ['question_set', 'ras_scheme', 'rates', 'equipment', 'plan_sections']);
  const secs = await entry('plan_sections', 'standard');
  assert.equal(secs.in_force, 1, 'the shipped sections, version 1 (their "version")');
  assert.equal(secs.from_store, false);
  const rates = await entry('rates', '2025-26');
  assert.equal(rates.in_force, 1);
  assert.equal(rates.from_store, false, 'the shipped table is in force');
  assert.equal(rates.drafts, 0);
});

test('a document page shows its versions, its JSON in a focusable region, and the upload form prefilled', async () => {
  const res = await admin.get('/admin/rules/question_set/daily-living');
  assert.equal(res.status, 200);
  assert.match(res.text_, /<div class="sn-table-scroll" role="region" aria-labelledby="json-heading" tabindex="0">\s*<pre/);
  assert.match(res.text_, /<textarea[^>]*name="body"[^>]*>\{\n  &quot;id&quot;: &quot;daily-living&quot;/);
  const v = await view('/admin/rules/question_set/daily-living');
  assert.equal(v.in_force, 1);
  assert.equal(v.versions.length, 1);
  assert.equal(v.versions[0].status, 'shipped');
  assert.equal(v.selected.version, 1);
  assert.equal(v.next_version, 2);
  assert.equal(JSON.parse(v.form_body).id, 'daily-living');
  assert.equal((await admin.get('/admin/rules/question_set/no-such-set')).status, 404);
  assert.equal((await admin.get('/admin/rules/people/daily-living')).status, 400);
  assert.equal((await admin.get('/admin/rules/rates/2025-26?version=99')).status, 404);
});

test('every other role gets 403; anonymous callers are sent to sign in', async () => {
  const paths = ['/admin/rules', '/admin/rules/rates/2025-26'];
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const c = await signedIn(srv.url, role);
    for (const p of paths) {
      const res = await c.get(p, { headers: JSON_ACCEPT });
      assert.equal(res.status, 403, `${role} GET ${p}`);
      assert.equal(jsonOf(res).reason, 'role');
    }
    const up = await c.post('/admin/rules/rates/2025-26', { csrf_token: c.token, body: '{}', note: '' }, { headers: JSON_ACCEPT });
    assert.equal(up.status, 403, `${role} upload`);
    const ad = await c.post('/admin/rules/rates/2025-26/adopt', { csrf_token: c.token, version: '1' }, { headers: JSON_ACCEPT });
    assert.equal(ad.status, 403, `${role} adopt`);
  }
  const anon = new Client(srv.url);
  for (const p of paths) {
    const res = await anon.get(p);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/sign-in?next=${p}`);
  }
  const post = await anon.post('/admin/rules/rates/2025-26', { body: '{}' });
  assert.equal(post.status, 401);
  assert.equal((await view('/admin/rules/rates/2025-26')).versions.length, 1, 'nothing stored');
});

test('a bad body: 400 with the parser\'s message naming the field, nothing stored or audited', async () => {
  const n = auditCount(srv.db);
  const shipped = (await view('/admin/rules/rates/2025-26')).form_body;
  const bad = shipped.replace('"single_pension_age_pence": 23260', '"single_pension_age_pence": "lots"');
  assert.notEqual(bad, shipped);
  const res = await admin.post('/admin/rules/rates/2025-26', { csrf_token: admin.token, body: bad, note: 'oops' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /class="govuk-error-summary"/);
  assert.match(res.text_, /<a href="#body">rates\.mig\.single_pension_age_pence: /);
  assert.match(res.text_, /id="body-error"/);
  // The admin's text is kept in the form to be corrected.
  assert.match(res.text_, /&quot;single_pension_age_pence&quot;: &quot;lots&quot;/);
  const json = await admin.post('/admin/rules/rates/2025-26', { csrf_token: admin.token, body: '{"year": ', note: '' }, { headers: JSON_ACCEPT });
  assert.equal(json.status, 400);
  assert.match(jsonOf(json).errors[0].message, /^rates: not valid JSON/);
  assert.equal(jsonOf(json).errors[0].field, 'body');
  // A question set whose version was not raised.
  const set = (await view('/admin/rules/question_set/daily-living')).form_body;
  const same = await admin.post('/admin/rules/question_set/daily-living', { csrf_token: admin.token, body: set, note: '' }, { headers: JSON_ACCEPT });
  assert.equal(same.status, 400);
  assert.match(jsonOf(same).errors[0].message, /^version: must be above 1/);
  // A set under another name.
  const other = await admin.post('/admin/rules/question_set/other-set', { csrf_token: admin.token, body: set.replace('"version": 1', '"version": 2'), note: '' }, { headers: JSON_ACCEPT });
  assert.equal(other.status, 404, 'no page for a set that does not exist');
  // An empty body.
  const empty = await admin.post('/admin/rules/rates/2025-26', { csrf_token: admin.token, body: '', note: '' }, { headers: JSON_ACCEPT });
  assert.equal(empty.status, 400);
  assert.equal(jsonOf(empty).errors[0].field, 'body');
  // Without the CSRF token.
  const nocsrf = await admin.post('/admin/rules/rates/2025-26', { body: shipped, note: '' }, { headers: JSON_ACCEPT });
  assert.equal(nocsrf.status, 403);
  assert.equal(jsonOf(nocsrf).reason, 'csrf');
  assert.equal((await view('/admin/rules/rates/2025-26')).versions.length, 1, 'nothing stored');
  assert.equal((await view('/admin/rules/question_set/daily-living')).versions.length, 1, 'nothing stored');
  assert.equal(auditCount(srv.db), n, 'nothing audited');
});

test('upload a new version, see what differs, adopt it: the old one is no longer in force', async () => {
  let n = auditCount(srv.db);
  const shipped = (await view('/admin/rules/rates/2025-26')).form_body;
  const body = shipped.replace('"single_pension_age_pence": 23260', '"single_pension_age_pence": 24000');
  const res = await admin.post('/admin/rules/rates/2025-26', { csrf_token: admin.token, body, note: 'uprating from April' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/rules/rates/2025-26?version=2');
  assert.equal(auditCount(srv.db), n + 1, 'the upload is audited');
  n += 1;

  const draft = await view('/admin/rules/rates/2025-26?version=2');
  assert.equal(draft.in_force, 1, 'a draft is not in force');
  assert.equal(draft.selected.status, 'draft');
  assert.deepEqual(draft.selected.diff, [{ path: 'mig.single_pension_age_pence', before: '23260', after: '24000' }]);
  const v2 = draft.versions.find((v) => v.version === 2);
  assert.equal(v2.note, 'uprating from April');
  assert.ok(v2.created_by_name && !/^[0-9a-f-]{36}$/.test(v2.created_by_name), 'the uploader, by name');
  assert.ok(v2.can_adopt);
  const html = await admin.get('/admin/rules/rates/2025-26?version=2');
  assert.match(html.text_, /mig\.single_pension_age_pence<\/td>\s*<td[^>]*>23260<\/td>\s*<td[^>]*>24000<\/td>/);
  assert.match(html.text_, /action="\/admin\/rules\/rates\/2025-26\/adopt"/);
  assert.equal((await entry('rates', '2025-26')).drafts, 1);

  const adopt = await admin.post('/admin/rules/rates/2025-26/adopt', { csrf_token: admin.token, version: '2' });
  assert.equal(adopt.status, 303);
  assert.equal(adopt.headers.get('location'), '/admin/rules/rates/2025-26');
  assert.equal(auditCount(srv.db), n + 1, 'the adoption is audited');
  n += 1;
  const after = await view('/admin/rules/rates/2025-26');
  assert.equal(after.in_force, 2);
  assert.equal(after.in_force_from_store, true);
  assert.equal(after.selected.version, 2);
  assert.equal(JSON.parse(after.form_body).mig.single_pension_age_pence, 24000, 'the form starts from the version in force');
  const statuses = Object.fromEntries(after.versions.map((v) => [v.version, v.status]));
  assert.deepEqual(statuses, { 1: 'shipped', 2: 'adopted' });
  const e = await entry('rates', '2025-26');
  assert.equal(e.in_force, 2);
  assert.equal(e.from_store, true);
  assert.equal(e.drafts, 0);

  // A third version retires the second.
  const body3 = shipped.replace('"single_pension_age_pence": 23260', '"single_pension_age_pence": 25000');
  const up3 = await admin.post('/admin/rules/rates/2025-26', { csrf_token: admin.token, body: body3, note: '' });
  assert.equal(up3.headers.get('location'), '/admin/rules/rates/2025-26?version=3');
  const diff3 = await view('/admin/rules/rates/2025-26?version=3');
  assert.deepEqual(diff3.selected.diff, [{ path: 'mig.single_pension_age_pence', before: '24000', after: '25000' }]);
  assert.equal((await admin.post('/admin/rules/rates/2025-26/adopt', { csrf_token: admin.token, version: '3' })).status, 303);
  const after3 = await view('/admin/rules/rates/2025-26');
  assert.deepEqual(Object.fromEntries(after3.versions.map((v) => [v.version, v.status])),
    { 1: 'shipped', 2: 'retired', 3: 'adopted' });
  assert.equal(auditCount(srv.db), n + 2);

  // Going back to the shipped table.
  const back = await admin.post('/admin/rules/rates/2025-26/adopt', { csrf_token: admin.token, version: '1' });
  assert.equal(back.status, 303);
  const shippedAgain = await view('/admin/rules/rates/2025-26');
  assert.equal(shippedAgain.in_force, 1);
  assert.equal(shippedAgain.in_force_from_store, false);
  assert.equal(auditCount(srv.db), n + 3);

  // A version that does not exist.
  const missing = await admin.post('/admin/rules/rates/2025-26/adopt', { csrf_token: admin.token, version: '42' }, { headers: JSON_ACCEPT });
  assert.equal(missing.status, 404);
  assert.equal(auditCount(srv.db), n + 3);
});

test('a new tax year: the page starts from the latest table, upload and adopt it', async () => {
  const idx = await view('/admin/rules');
  const rates = idx.sections.find((s) => s.kind === 'rates');
  assert.equal(rates.next_year.year, '2026-27');
  assert.equal(rates.next_year.href, '/admin/rules/rates/2026-27');
  const page = await view('/admin/rules/rates/2026-27');
  assert.equal(page.is_new, true);
  const start = JSON.parse(page.form_body);
  assert.equal(start.year, '2026-27');
  assert.equal(start.starts, '2026-04-06');
  assert.equal(start.ends, '2027-04-05');
  start.mig.single_pension_age_pence = 24500;
  const n = auditCount(srv.db);
  const up = await admin.post('/admin/rules/rates/2026-27', { csrf_token: admin.token, body: JSON.stringify(start, null, 2), note: '2026 uprating' });
  assert.equal(up.status, 303);
  assert.equal(up.headers.get('location'), '/admin/rules/rates/2026-27?version=1');
  assert.equal((await entry('rates', '2026-27')).in_force, 0, 'not in force until adopted');
  const adopt = await admin.post('/admin/rules/rates/2026-27/adopt', { csrf_token: admin.token, version: '1' });
  assert.equal(adopt.status, 303);
  const e = await entry('rates', '2026-27');
  assert.equal(e.in_force, 1);
  assert.equal(e.from_store, true);
  const v = await view('/admin/rules/rates/2026-27');
  assert.equal(JSON.parse(v.selected.body).mig.single_pension_age_pence, 24500);
  assert.equal(auditCount(srv.db), n + 2);
  // The adopted table is what the API and the pages now use for this tax year.
  const api = await fetch(`${srv.url}/api/rules/charge?year=2026-27`, { method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ age: 70, capital_pence: 0, weekly_income_pence: { state_pension: 30000 }, weekly_care_cost_pence: 50000 }) });
  assert.equal(api.status, 200);
  const charge = await api.json();
  assert.equal(charge.minimum_income_guarantee_pence, 24500);
  assert.equal(charge.weekly_charge_pence, 30000 - 24500);
  const calc = await new Client(srv.url).get('/check/pay');
  assert.doesNotMatch(calc.text_, /rates have not been loaded yet/, 'the calculator uses this year\'s table');
  // The year in the body must be the page's year.
  const wrong = await admin.post('/admin/rules/rates/2027-28', { csrf_token: admin.token, body: JSON.stringify(start), note: '' }, { headers: JSON_ACCEPT });
  assert.equal(wrong.status, 400);
  assert.match(jsonOf(wrong).errors[0].message, /^rates\.year: /);
  assert.equal((await view('/admin/rules')).sections.find((s) => s.kind === 'rates').next_year.year, '2027-28');
});

test('a question set: raise the version, upload, adopt', async () => {
  const set = JSON.parse((await view('/admin/rules/question_set/daily-living')).form_body);
  set.version = 2;
  set.title = 'Check what help you might get';
  const up = await admin.post('/admin/rules/question_set/daily-living', { csrf_token: admin.token, body: JSON.stringify(set), note: 'clearer title' });
  assert.equal(up.status, 303);
  assert.equal(up.headers.get('location'), '/admin/rules/question_set/daily-living?version=2');
  const d = await view('/admin/rules/question_set/daily-living?version=2');
  assert.deepEqual(d.selected.diff.map((x) => x.path), ['version', 'title']);
  assert.equal((await admin.post('/admin/rules/question_set/daily-living/adopt', { csrf_token: admin.token, version: '2' })).status, 303);
  assert.equal((await entry('question_set', 'daily-living')).in_force, 2);
  const start = await new Client(srv.url).get('/check/self');
  assert.match(start.text_, /<h1 class="govuk-heading-l">Check what help you might get<\/h1>/, 'the self-check uses the adopted set');
});

test('a RAS scheme: a new version adopted is what the budget pages and the API use', async () => {
  const scheme = JSON.parse((await view('/admin/rules/ras_scheme/ashby-vale-2025-v1')).form_body);
  scheme.version = 2;
  scheme.name = 'Ashby Vale RAS 2025 (revised)';
  assert.equal((await admin.post('/admin/rules/ras_scheme/ashby-vale-2025-v1', { csrf_token: admin.token, body: JSON.stringify(scheme), note: 'renamed' })).status, 303);
  assert.equal((await admin.post('/admin/rules/ras_scheme/ashby-vale-2025-v1/adopt', { csrf_token: admin.token, version: '2' })).status, 303);
  const answers = {};
  for (const q of scheme.questions) if (q.required !== false) answers[q.key] = q.answers[0].key;
  const api = await fetch(`${srv.url}/api/rules/ras`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_group: 'older_people', answers }) });
  assert.equal(api.status, 200);
  assert.equal((await api.json()).scheme_version, 2);
  const page = await new Client(srv.url).get('/check/budget');
  assert.match(page.text_, /Ashby Vale RAS 2025 \(revised\)/);
});

test('support plan sections: a changed heading uploaded, compared, adopted, and then on the plan page', async () => {
  const base = '/admin/rules/plan_sections/standard';
  const page = await view(base);
  assert.equal(page.kind_label, 'Support plan sections');
  assert.equal(page.in_force, 1);
  assert.deepEqual(page.versions.map((v) => v.status), ['shipped']);
  const shipped = JSON.parse(page.form_body);
  assert.equal(shipped.sections[0].heading, 'About me');
  assert.equal((await admin.get('/admin/rules/plan_sections/other')).status, 404, 'one sections document, standard');

  // The demo resident's plan, before: the shipped headings.
  const rose = await signedIn(srv.url, 'resident');
  const roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
  const go = await rose.get(`/people/${roseId}/plan`);
  assert.equal(go.status, 303);
  const planPath = go.headers.get('location');
  assert.match(planPath, /^\/plans\/[0-9a-f-]{36}$/);
  const planView = async () => jsonOf(await rose.get(planPath, { headers: JSON_ACCEPT }));
  assert.equal((await planView()).sections[0].heading, 'About me');

  // Refused, each with the field named: nothing stored, nothing audited.
  const n = auditCount(srv.db);
  const changed = structuredClone(shipped);
  changed.version = 2;
  changed.sections[0].heading = 'All about me';
  const refuse = async (body, re) => {
    const res = await admin.post(base, { csrf_token: admin.token, body, note: '' }, { headers: JSON_ACCEPT });
    assert.equal(res.status, 400, body.slice(0, 80));
    assert.equal(jsonOf(res).errors[0].field, 'body');
    assert.match(jsonOf(res).errors[0].message, re);
  };
  await refuse('{"name": "standard", ', /^plan_sections: not valid JSON/);
  const noRisks = structuredClone(changed);
  noRisks.sections = noRisks.sections.filter((x) => x.type !== 'risks');
  await refuse(JSON.stringify(noRisks), /^sections: has no risks section/);
  const twice = structuredClone(changed);
  twice.sections[1].key = 'about_me';
  await refuse(JSON.stringify(twice), /^sections\[1\]\.key: about_me is used twice/);
  await refuse(JSON.stringify({ ...changed, version: 1 }), /^version: must be above 1/);
  const html = await admin.post(base, { csrf_token: admin.token, body: JSON.stringify(noRisks), note: '' });
  assert.equal(html.status, 400);
  assert.match(html.text_, /<a href="#body">sections: has no risks section/);
  assert.deepEqual((await view(base)).versions.map((v) => v.status), ['shipped'], 'nothing stored');
  assert.equal(auditCount(srv.db), n, 'nothing audited');

  // A draft: its differences from the shipped sections, not yet in force.
  const up = await admin.post(base, { csrf_token: admin.token, body: JSON.stringify(changed, null, 2), note: 'clearer heading' });
  assert.equal(up.status, 303);
  assert.equal(up.headers.get('location'), `${base}?version=2`);
  assert.equal(auditCount(srv.db), n + 1, 'the upload is audited');
  const draft = await view(`${base}?version=2`);
  assert.equal(draft.selected.status, 'draft');
  assert.deepEqual(draft.selected.diff, [
    { path: 'version', before: '1', after: '2' },
    { path: 'sections[about_me].heading', before: '"About me"', after: '"All about me"' },
  ]);
  assert.equal((await entry('plan_sections', 'standard')).drafts, 1);
  assert.equal((await planView()).sections[0].heading, 'About me', 'a draft is not in force');
  await refuse(JSON.stringify(changed), /^version: must be above 2/);

  // Adopted: the plan page has the new heading. (Reading Rose's plan is
  // audited too, so the count is taken again here.)
  let m = auditCount(srv.db);
  const adopt = await admin.post(`${base}/adopt`, { csrf_token: admin.token, version: '2' });
  assert.equal(adopt.status, 303);
  assert.equal(auditCount(srv.db), m + 1, 'the adoption is audited');
  assert.equal((await entry('plan_sections', 'standard')).in_force, 2);
  const after = await rose.get(planPath);
  assert.equal(after.status, 200);
  assert.match(after.text_, /<h2 class="govuk-heading-m" id="about_me">All about me<\/h2>/);
  assert.doesNotMatch(after.text_, />About me</);
  assert.equal((await planView()).has_earlier, false);

  // A version without "A bad day": Rose's text stays on the page, at the end.
  m = auditCount(srv.db);
  const v3 = structuredClone(changed);
  v3.version = 3;
  v3.sections = v3.sections.filter((x) => x.key !== 'bad_day');
  assert.equal((await admin.post(base, { csrf_token: admin.token, body: JSON.stringify(v3), note: 'fewer sections' })).status, 303);
  const d3 = await view(`${base}?version=3`);
  assert.deepEqual(d3.selected.diff.map((x) => x.path), ['version', 'sections[bad_day]']);
  assert.equal((await admin.post(`${base}/adopt`, { csrf_token: admin.token, version: '3' })).status, 303);
  assert.equal(auditCount(srv.db), m + 2, 'upload and adoption audited');
  const pv = await planView();
  assert.ok(!pv.sections.some((x) => x.key === 'bad_day'));
  assert.equal(pv.has_earlier, true);
  assert.deepEqual(pv.earlier.map((x) => [x.key, x.heading]), [['bad_day', 'A bad day']]);
  const last = await rose.get(planPath);
  assert.match(last.text_, /From an earlier version of the plan&#39;s headings|From an earlier version of the plan's headings/);
  assert.match(last.text_, /<h3 class="govuk-heading-s">A bad day<\/h3>\s*<p class="govuk-body sn-wrap">My knees are stiff/);

  // Back to the shipped sections.
  assert.equal((await admin.post(`${base}/adopt`, { csrf_token: admin.token, version: '1' })).status, 303);
  assert.equal((await planView()).sections[0].heading, 'About me');
  assert.equal((await planView()).has_earlier, false);
});
