// The commissioners' evidence (issue 19, docs/insight.md) through a real
// server: /insight and its wellbeing figures for commissioners only; every
// table's CSV and JSON fetched from the links on the page; no export and no
// page shows a count from 1 to 9; in CSV the total column is `total` and
// the total row starts `Total`; no hidden figure is alone in its row or
// column (so no subtraction gives it back); money only where there are 10
// people or more; the public market position statements; bad months and
// unknown tables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, signedIn } from './http-helpers.mjs';

let srv, commissioner, worker, anyone;
before(async () => {
  srv = await startServer();
  [commissioner, worker] = await Promise.all(['commissioner', 'worker'].map((l) => signedIn(srv.url, l)));
  anyone = new Client(srv.url);
});
after(async () => { await srv?.stop(); });

const links = (html, ext) =>
  [...html.matchAll(new RegExp(`href="([^"]*\\.${ext}[^"]*)"`, 'g'))].map((m) => m[1].replaceAll('&amp;', '&').replaceAll('&#61;', '='));

function parseCsv(text) {
  const lines = text.trimEnd().split('\r\n');
  return lines.map((l) => {
    const out = [];
    let cur = '', q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i];
      if (q) {
        if (ch === '"' && l[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
      } else if (ch === '"') q = true; else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  });
}

/** Checks one CSV table: the contract and that nothing small or alone shows. */
function checkCsv(text, where) {
  const rows = parseCsv(text);
  const head = rows[0];
  const t = head.indexOf('total');
  assert.ok(t > 0, `${where}: a column named total`);
  assert.equal(rows.at(-1)[0], 'Total', `${where}: the last row starts Total`);
  const counts = rows.slice(1).map((r) => r.slice(1, t + 1));
  for (const [i, r] of rows.slice(1).entries()) {
    for (const [j, v] of r.slice(1).entries()) {
      assert.match(v, /^(c|0|[1-9]\d+|\d+\.\d\d)$/, `${where}: row ${i + 1} column ${head[j + 1]} is ${v}`);
      if (/^\d+$/.test(v)) assert.ok(Number(v) === 0 || Number(v) >= 10, `${where}: a count of ${v}`);
    }
  }
  // No line of counts (a row with its total, or a column with the Total
  // row) has exactly one hidden figure: it would be its total minus the rest.
  const lines = [...counts, ...counts[0].map((_, j) => counts.map((r) => r[j]))];
  for (const line of lines) {
    const hidden = line.filter((v) => v === 'c').length;
    assert.notEqual(hidden, 1, `${where}: one figure hidden alone in ${JSON.stringify(line)}`);
  }
  return rows;
}

function checkJson(j, where) {
  assert.ok(j.id && j.title && Array.isArray(j.columns) && Array.isArray(j.rows) && j.total, `${where}: shape`);
  for (const r of [...j.rows, j.total]) {
    for (const v of [...Object.values(r.cells), r.total]) {
      assert.ok(v === null || v === 0 || v >= 10, `${where}: ${r.label} has ${v}`);
    }
  }
}

test('commissioners see every table, each with CSV and JSON that keep the rules', async () => {
  const res = await commissioner.get('/insight');
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text_, /<td[^>]*>[1-9]<\/td>/, 'no count from 1 to 9 on the page');
  const csvs = links(res.text_, 'csv'), jsons = links(res.text_, 'json');
  assert.ok(csvs.length >= 12 && csvs.length === jsons.length, `every table links both (${csvs.length})`);
  let hiddenSomewhere = 0, shownSomewhere = 0;
  for (const u of csvs) {
    const r = await commissioner.get(u);
    assert.equal(r.status, 200, u);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    const rows = checkCsv(r.text_, u);
    hiddenSomewhere += rows.flat().filter((v) => v === 'c').length;
    shownSomewhere += rows.slice(1).flat().filter((v) => /^[1-9]\d+$/.test(v)).length;
  }
  assert.ok(hiddenSomewhere > 0 && shownSomewhere > 50, 'the demo has both hidden and shown figures');
  for (const u of jsons) checkJson(jsonOf(await commissioner.get(u)), u);
});

test('money is shown only where its row is and 10 or more people are behind it', async () => {
  const r = await commissioner.get('/insight/tables/direct-payment-spend-by-locality.csv');
  const rows = checkCsv(r.text_, 'spend');
  const head = rows[0];
  assert.deepEqual(head.slice(-2), ['total', 'amount_pounds']);
  let shown = 0;
  for (const row of rows.slice(1)) {
    const payments = row[head.indexOf('total')], money = row.at(-1);
    if (payments === 'c') assert.equal(money, 'c', `${row[0]}: money hidden with its row`);
    if (money !== 'c') { assert.match(money, /^\d+\.\d\d$/); shown++; }
  }
  assert.ok(shown > 0, 'the demo shows some spend');
  const j = jsonOf(await commissioner.get('/insight/tables/direct-payment-spend-by-locality.json'));
  assert.ok(j.rows.some((x) => Number.isInteger(x.amount_pence)), 'pence in the JSON');
});

test('the key human indicators, split by locality, age band, carer status and month', async () => {
  for (const m of ['ons4.life_satisfaction', 'ons4.anxious', 'ucla3', 'lonely', 'gas', 'outcome']) {
    const res = await commissioner.get(`/insight/wellbeing?measure=${m}`);
    assert.equal(res.status, 200, m);
    const csvs = links(res.text_, 'csv');
    assert.equal(csvs.length, 4, `${m}: four splits`);
    for (const u of csvs) checkCsv((await commissioner.get(u)).text_, u);
  }
  const v = jsonOf(await commissioner.get('/insight/wellbeing?measure=ucla3', { headers: JSON_ACCEPT }));
  assert.equal(v.tables.length, 4);
  assert.deepEqual(v.tables[0].heads.map((h) => h.label).slice(0, 3), ['3 to 5', '6 or 7', '8 or 9']);
});

test('only commissioners and administrators see /insight; the statements are public', async () => {
  for (const p of ['/insight', '/insight/wellbeing', '/insight/tables/budgets-by-locality.csv']) {
    assert.equal((await worker.get(p)).status, 403, p);
    assert.notEqual((await anyone.get(p)).status, 200, p);
  }
  const idx = await anyone.get('/market-position');
  assert.equal(idx.status, 200);
  const areas = [...idx.text_.matchAll(/href="(\/market-position\/[0-9a-f-]{36})"/g)].map((m) => m[1]);
  assert.equal(areas.length, 6, 'six areas');
  for (const a of areas) {
    const page = await anyone.get(a);
    assert.equal(page.status, 200, a);
    assert.match(page.text_, /Gaps/);
    assert.doesNotMatch(page.text_, /<td[^>]*>[1-9]<\/td>/);
    for (const u of links(page.text_, 'csv')) checkCsv((await anyone.get(u)).text_, u);
    for (const u of links(page.text_, 'json')) checkJson(jsonOf(await anyone.get(u)), u);
  }
});

test('bad months and unknown tables get a clear answer', async () => {
  const bad = await commissioner.get('/insight?from=2026-13');
  assert.equal(bad.status, 422);
  assert.match(bad.text_, /Enter the first month as YYYY-MM/);
  assert.equal((await commissioner.get('/insight?from=2026-06&to=2025-01')).status, 422);
  assert.equal((await commissioner.get('/insight?from=2020-01&to=2026-01')).status, 422, 'at most 36 months');
  assert.equal((await commissioner.get('/insight/tables/budgets-by-locality.csv?from=x')).status, 400);
  assert.equal((await commissioner.get('/insight/tables/no-such-table.csv')).status, 404);
  assert.equal((await commissioner.get('/insight/tables/budgets-by-locality.txt')).status, 404);
  assert.equal((await anyone.get('/market-position/00000000-0000-4000-8000-000000000000')).status, 404);
});
