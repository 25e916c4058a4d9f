// From a block contract to personal budgets: the calculator for a shared
// setting (extra-care housing). The contract split evenly before; an equal
// share of the shared core cost plus each tenant's own budget from the RAS
// after; the totals and the difference, as a table and a chart. The same
// sums as `supportnet rules block`. Bad input: an error summary naming the
// field, nothing worked out. Nothing is stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, commissioner, worker, admin, resident, partner;
before(async () => {
  srv = await startServer();
  [commissioner, worker, admin, resident, partner] = await Promise.all(
    ['commissioner', 'worker', 'admin', 'resident', 'partner'].map((l) => signedIn(srv.url, l)));
});
after(async () => { await srv?.stop(); });

const run = (client, fields, opts) => client.post('/budgets/block', { csrf_token: client.token, ...fields }, opts);

test('commissioners, workers and administrators have the calculator; others do not', async () => {
  for (const c of [commissioner, worker, admin]) {
    const res = await c.get('/budgets/block');
    assert.equal(res.status, 200);
    assert.match(res.text_, /<h1 class="govuk-heading-l">From a block contract to personal budgets<\/h1>/);
  }
  for (const c of [resident, partner]) assert.equal((await c.get('/budgets/block')).status, 403);
  assert.match((await commissioner.get('/')).text_, /href="\/budgets\/block"[^>]*>Block contracts</);
});

test('before and after for each tenant, the totals and the difference: the rule\'s own numbers', async () => {
  const n = auditCount(srv.db);
  const fields = { contract: '4,000.01', core: '1500.02', tenants: 'flat-1: 210\r\nflat-2: £350.00\n\n0\n' };
  const res = await run(commissioner, fields, { headers: JSON_ACCEPT });
  assert.equal(res.status, 200);
  const r = jsonOf(res).result;
  // The same case through the command line.
  const out = cli(['rules', 'block'], JSON.stringify({ contract_weekly_pence: 400001, core_weekly_pence: 150002,
    tenants: [{ id: 'flat-1', ras_weekly_pence: 21000 }, { id: 'flat-2', ras_weekly_pence: 35000 }, { id: 'tenant-3', ras_weekly_pence: 0 }] }));
  assert.equal(out.status, 0, out.stderr);
  const rule = JSON.parse(out.stdout);
  assert.deepEqual(r.tenants.map((t) => t.name), ['flat-1', 'flat-2', 'Tenant 3']);
  assert.deepEqual(r.tenants.map((t) => t.change_pence), rule.tenants.map((t) => t.change_pence));
  assert.deepEqual(r.tenants.map((t) => [t.before, t.core, t.individual, t.after]), [
    ['£1,333.34', '£500.01', '£210.00', '£710.01'],
    ['£1,333.34', '£500.01', '£350.00', '£850.01'],
    ['£1,333.33', '£500.00', '£0.00', '£500.00']]);
  assert.equal(r.before_pence, rule.before_total_pence);
  assert.equal(r.after_pence, rule.after_total_pence);
  assert.equal(r.difference_pence, rule.difference_pence);
  assert.equal(r.difference_text, 'Split into personal budgets, the setting would cost £1,939.99 a week less than the contract.');
  // As a page: the table, and the chart (hidden from screen readers: the table says it).
  const page = await run(commissioner, fields);
  assert.equal(page.status, 200);
  assert.match(page.text_, /<caption[^>]*>Each tenant, each week, before and after<\/caption>/);
  assert.match(page.text_, /All tenants<\/th><td[^>]*>£4,000\.01<\/td><td[^>]*>£1,500\.02<\/td><td[^>]*>£560\.00<\/td><td[^>]*>£2,060\.02<\/td><td[^>]*>£1,939\.99 less<\/td>/);
  assert.match(page.text_, /<figure class="sn-chart" aria-hidden="true">/);
  assert.equal((page.text_.match(/class="sn-chart__before"/g) || []).length, 3);
  assert.match(page.text_, /<rect x="0" y="2" width="100%"[^>]*class="sn-chart__before"/);
  assert.match(page.text_, /value="4,000.01"/, 'what was typed stays in the form');
  assert.equal(auditCount(srv.db), n, 'nothing stored, nothing audited');
});

test('bad input: an error summary naming each field, nothing worked out', async () => {
  let res = await run(worker, { contract: '', core: 'lots', tenants: '' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#contract">Enter the contract(?:'|&#39;)s weekly cost in pounds/);
  assert.match(res.text_, /<a href="#core">Enter the shared core cost each week in pounds, like 1500/);
  assert.match(res.text_, /<a href="#tenants">Enter each tenant(?:'|&#39;)s indicative weekly budget, one a line/);
  assert.doesNotMatch(res.text_, /sn-chart__before|All tenants/);
  res = await run(worker, { contract: '1000', core: '200', tenants: '100\nFlat 2: a hundred\n300' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#tenants">Line 2 of the budgets: enter an amount in pounds/);
  assert.match(res.text_, /Flat 2: a hundred/, 'what was typed is kept');
  res = await run(worker, { contract: '1000', core: '200', tenants: Array.from({ length: 41 }, () => '10').join('\n') });
  assert.equal(res.status, 400);
  assert.match(res.text_, /Enter at most 40 budgets/);
  res = await run(worker, { contract: '1000', core: '200', tenants: `${'x'.repeat(50)}: 10` });
  assert.match(res.text_, /keep the name before the colon to 40 characters/);
  res = await run(worker, { contract: '2,000,000', core: '-5', tenants: '10' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /#contract[\s\S]*#core/);
  res = await run(worker, { contract: '1', core: '1', tenants: '1\n'.repeat(2100) });
  assert.equal(res.status, 400, 'over the field\'s size');
  assert.match(res.text_, /#tenants/);
  res = await run(worker, { contract: '100', core: '500', tenants: '10' });
  assert.equal(res.status, 200);
  assert.match(res.text_, /The shared core cost is more than the whole contract/);
});
