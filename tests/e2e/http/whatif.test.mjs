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
