// "What if": a draft RAS scheme run over the answers of the demo area's
// past budgets, by client group and by locality, with small numbers
// suppressed; for administrators and commissioners only; nothing changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ROLES } from '../lib/server.mjs';
import { auditCount, signedIn } from './http-helpers.mjs';

let srv, admin, commissioner;
before(async () => {
  srv = await startServer();
  [admin, commissioner] = await Promise.all(['admin', 'commissioner'].map((l) => signedIn(srv.url, l)));
});
after(async () => { await srv?.stop(); });

async function scheme() {
  const page = await admin.get('/ras/what-if');
  assert.equal(page.status, 200);
  const m = page.text_.match(/<textarea[^>]*name="draft"[^>]*>([\s\S]*?)<\/textarea>/);
  const text = m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&#61;/g, '=').replace(/&#96;/g, '`').replace(/&amp;/g, '&');
  return JSON.parse(text);
}

test('only administrators and commissioners', async () => {
  for (const role of ROLES) {
    if (role === 'admin' || role === 'commissioner') continue;
    const c = await signedIn(srv.url, role);
    assert.equal((await c.get('/ras/what-if')).status, 403, role);
  }
  assert.equal((await commissioner.get('/ras/what-if')).status, 200);
});

test('the scheme in force against itself: nothing changes', async () => {
  const s = await scheme();
  const res = await admin.post('/ras/what-if', { csrf_token: admin.token, draft: JSON.stringify(s) });
  assert.equal(res.status, 200);
  const m = res.text_.match(/(\d+) budgets would go up, (\d+) would go down and (\d+) would stay the same/);
  assert.ok(m, 'a summary');
  assert.equal(Number(m[1]), 0);
  assert.equal(Number(m[2]), 0);
  assert.ok(Number(m[3]) >= 10);
});

test('a dearer price for older people: their budgets go up, others stay; small rows suppressed', async () => {
  const s = await scheme();
  s.version += 1;
  s.status = 'draft';
  const older = s.client_groups.find((g) => g.key === 'older_people');
  for (const y of Object.keys(older.price_per_point_pence)) older.price_per_point_pence[y] += 100;
  older.ceiling_pence += 100000;
  // And a higher floor, so that every older person's budget goes up, those
  // at the floor too (a few staying the same would hide the count of those
  // going up, which could be worked out from them).
  older.floor_pence += 10000;
  const n = auditCount(srv.db);
  const res = await commissioner.post('/ras/what-if', { csrf_token: commissioner.token, draft: JSON.stringify(s) });
  assert.equal(res.status, 200);
  assert.equal(auditCount(srv.db), n + 1, 'the run is audited');
  const m = res.text_.match(/(\d+) budgets would go up, (\d+) would go down/);
  assert.ok(Number(m[1]) > 0, 'some go up');
  assert.equal(Number(m[2]), 0, 'none go down');
  assert.match(res.text_, /By client group/);
  assert.match(res.text_, /By locality/);
  // Small counts hidden: whole rows, or the cells under 10 (the demo's
  // localities each have some older people, fewer than 10).
  assert.match(res.text_, /Hidden, so that no one can be recognised|>\s*hidden\s*</);
  assert.match(res.text_, /<svg class="sn-chart__bars"/);
});

test('a draft that is not a valid scheme: 400 naming the field, nothing run', async () => {
  const s = await scheme();
  s.questions[0].answers[0].points = -5;
  const n = auditCount(srv.db);
  let res = await admin.post('/ras/what-if', { csrf_token: admin.token, draft: JSON.stringify(s) });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#draft">The draft scheme cannot be used: questions\[0\]\.answers\[0\]\.points/);
  res = await admin.post('/ras/what-if', { csrf_token: admin.token, draft: '{"id": ' });
  assert.equal(res.status, 400);
  res = await admin.post('/ras/what-if', { csrf_token: admin.token, draft: '' });
  assert.equal(res.status, 400);
  assert.equal(auditCount(srv.db), n);
});

// Issue 15: the JSON sent hidden groups' counts and money ("shown":false,
// "n":9), and on the page the total minus the shown groups gave a hidden
// group exactly. Now an attacker with everything published finds nothing.
test('no hidden figure is sent or can be worked out from what is, in the page or the JSON', async () => {
  const s = await scheme();
  s.version += 1;
  const older = s.client_groups.find((g) => g.key === 'older_people');
  for (const y of Object.keys(older.price_per_point_pence)) older.price_per_point_pence[y] += 100;
  const res = await commissioner.post('/ras/what-if', { csrf_token: commissioner.token, draft: JSON.stringify(s) },
    { headers: { accept: 'application/json' } });
  assert.equal(res.status, 200);
  const v = JSON.parse(res.text_).result;
  let hiddenSeen = 0;
  for (const rows of [v.groups, v.places]) {
    for (const key of ['n', 'up', 'down', 'same']) {
      const hidden = rows.filter((x) => x[key] === null);
      hiddenSeen += hidden.length;
      for (const x of rows) {
        if (x[key] !== null) assert.ok(x[key] === 0 || x[key] >= 10, `${key} ${x[key]} of ${x.name} is shown`);
        else assert.equal(x[`${key}_text`], 'hidden');
      }
      // A column's total minus its shown cells is a sum of 2 or more hidden ones.
      if (v[key] !== null) assert.notEqual(hidden.length, 1, `${key}: one hidden row and its total shown`);
    }
    for (const x of rows) {
      // Within a row, n = up + down + same: never exactly one unknown.
      const unknown = ['n', 'up', 'down', 'same'].filter((k) => x[k] === null).length;
      assert.notEqual(unknown, 1, `${x.name}: one of its counts can be worked out`);
      if (!x.shown) {
        for (const k of ['before', 'after', 'change', 'before_pence', 'after_pence']) assert.ok(!(k in x), `${x.name}: ${k} is sent`);
      }
    }
    const moneyHidden = rows.filter((x) => !x.shown).length;
    if (v.total_shown) assert.notEqual(moneyHidden, 1, 'one row\'s money = total minus the rest');
  }
  assert.ok(hiddenSeen > 0, 'the demo area has small groups to hide');
  assert.ok(!/"shown":false,"n":\d/.test(res.text_));
});

// Issue 16: "what if" as a form, in pounds as people write them, the JSON
// kept as the expert's view; bad input names its field and runs nothing.
const decode = (t) => t.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&#61;/g, '=').replace(/&#96;/g, '`').replace(/&amp;/g, '&');

/** The figures form's fields as the page gives them (and its hidden draft). */
function figuresForm(html, client) {
  const form = { csrf_token: client.token };
  const start = html.indexOf('<input type="hidden" name="figures"');
  const end = html.indexOf('</form>', start);
  for (const m of html.slice(start, end).matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) form[m[1]] = decode(m[2]);
  return form;
}

test('the figures form: prices, floors and ceilings in pounds, points per answer, the JSON behind a link', async () => {
  const page = await commissioner.get('/ras/what-if');
  assert.match(page.text_, /<h2 class="govuk-heading-m" id="figures" tabindex="-1">Change the figures<\/h2>/);
  assert.match(page.text_, /<a class="govuk-link" href="#draft">Change the draft as JSON instead<\/a>/);
  const form = figuresForm(page.text_, commissioner);
  assert.equal(form.figures, '1');
  assert.equal(form['price-older_people-2025-26'], '4.15');
  assert.equal(form['floor-older_people'], '40');
  assert.equal(form['ceiling-physical_disability'], '750');
  assert.equal(form['points-eating_drinking-supervised'], '16');
  assert.equal(JSON.parse(form.draft).id, 'ashby-vale-2025-v1');
  assert.match(page.text_, /<label class="govuk-label govuk-label--s" for="price-older_people-2025-26">Price per point in 2025-26<span class="govuk-visually-hidden">, in pounds a point<\/span><\/label>/);
  assert.match(page.text_, /<label class="govuk-label" for="points-toileting-daily">Needs help to use the toilet every day<\/label>/);
});

test('the figures form builds the draft, runs it, and shows it as JSON for the expert', async () => {
  const form = figuresForm((await commissioner.get('/ras/what-if')).text_, commissioner);
  for (const y of ['2024-25', '2025-26', '2026-27']) form[`price-older_people-${y}`] = '£5.15';
  form['floor-older_people'] = '£140.00';
  form['ceiling-older_people'] = '1,600';
  const n = auditCount(srv.db);
  const res = await commissioner.post('/ras/what-if', form);
  assert.equal(res.status, 200);
  assert.equal(auditCount(srv.db), n + 1, 'the run is audited');
  assert.match(res.text_, /Ashby Vale RAS 2025, version 2, over \d+ budgets/);
  const m = res.text_.match(/(\d+) budgets would go up, (\d+) would go down/);
  assert.ok(Number(m[1]) > 0, 'some go up');
  assert.equal(Number(m[2]), 0, 'none go down');
  // The JSON view is the draft the figures made, in pence, a draft.
  const json = JSON.parse(decode(res.text_.match(/<textarea[^>]*name="draft"[^>]*>([\s\S]*?)<\/textarea>/)[1]));
  const older = json.client_groups.find((g) => g.key === 'older_people');
  assert.deepEqual(older.price_per_point_pence, { '2024-25': 515, '2025-26': 515, '2026-27': 515 });
  assert.equal(older.floor_pence, 14000);
  assert.equal(older.ceiling_pence, 160000);
  assert.equal(json.status, 'draft');
  assert.equal(json.version, 2);
  // The form shows the figures run, as people write them.
  assert.equal(figuresForm(res.text_, commissioner)['price-older_people-2025-26'], '5.15');
  // The JSON way still works, and the same draft gives the same answer.
  const again = await commissioner.post('/ras/what-if', { csrf_token: commissioner.token, draft: JSON.stringify(json) });
  assert.equal(again.text_.match(/(\d+) budgets would go up/)[1], m[1]);
});

test('the figures form: bad figures are named in the summary, kept as typed, and nothing runs', async () => {
  const form = figuresForm((await admin.get('/ras/what-if')).text_, admin);
  const cases = [
    ['price-mental_health-2025-26', 'lots', /<a href="#price-mental_health-2025-26">Enter the price per point for people with mental health needs in 2025-26 as an amount in pounds, like 4.15/],
    ['price-older_people-2024-25', '1,000.01', /<a href="#price-older_people-2024-25">The price per point for older people in 2024-25 must be from 1p to £1,000/],
    ['price-older_people-2025-26', '0', /<a href="#price-older_people-2025-26">The price per point for older people in 2025-26 must be from 1p/],
    ['floor-learning_disability', '', /<a href="#floor-learning_disability">Enter the floor for people with a learning disability/],
    ['floor-older_people', '700', /<a href="#floor-older_people">The floor for older people must not be above its ceiling \(£600\)/],
    ['ceiling-mental_health', '-5', /<a href="#ceiling-mental_health">Enter the ceiling for people with mental health needs as an amount in pounds, like 600/],
    ['points-toileting-daily', '1001', /<a href="#points-toileting-daily">Enter the points for “Using the toilet and continence: needs help to use the toilet every day” as a whole number from 0 to 1000/],
    ['points-carer-no_carer', '2.5', /<a href="#points-carer-no_carer">Enter the points for/],
  ];
  const bad = { ...form };
  for (const [k, v] of cases) bad[k] = v;
  delete bad['price-mental_health-2026-27'];
  const n = auditCount(srv.db);
  const res = await admin.post('/ras/what-if', bad);
  assert.equal(res.status, 400);
  for (const [, , re] of cases) assert.match(res.text_, re);
  assert.match(res.text_, /<a href="#price-mental_health-2026-27">Enter the price per point for people with mental health needs in 2026-27/);
  assert.match(res.text_, /id="price-mental_health-2025-26" name="price-mental_health-2025-26" type="text" inputmode="decimal" spellcheck="false" autocomplete="off" value="lots"/, 'kept as typed');
  assert.match(res.text_, /<details class="govuk-details" open>/, 'the points open when one is wrong');
  assert.doesNotMatch(res.text_, /budgets would go up/, 'nothing is run');
  assert.equal(auditCount(srv.db), n, 'nothing is audited');
  // The JSON view is the draft as it was.
  const json = JSON.parse(decode(res.text_.match(/<textarea[^>]*name="draft"[^>]*>([\s\S]*?)<\/textarea>/)[1]));
  assert.equal(json.client_groups.find((g) => g.key === 'older_people').floor_pence, 4000);
  // A broken hidden draft is refused as the JSON is.
  const res2 = await admin.post('/ras/what-if', { ...form, draft: '{"id": ' });
  assert.equal(res2.status, 400);
  assert.match(res2.text_, /<a href="#draft">The draft scheme cannot be used/);
});
