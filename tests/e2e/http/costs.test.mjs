// Pathway costs and the cost-benefit model (issue 19, docs/costs.md)
// through a real server: `supportnet import --costs` on a good file, on a
// file with bad rows (each reported by row, none of them stored, exit 1),
// with --dry-run (nothing stored) and twice (nothing counted twice); usage
// errors (exit 2); /insight/costs and /insight/cost-benefit for
// commissioners and admins only; the table's CSV and JSON keep the
// disclosure rules (a `total` column, a last row starting `Total`, no count
// from 1 to 9, no money from fewer than 10 people). Runs on SQLite, and on
// PostgreSQL when SN_PG_URL is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, root, startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, signedIn, sqlRows } from './http-helpers.mjs';

const run = (args, input = '') => {
  const r = spawnSync(bin, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

let srv, dir, commissioner, admin, worker, nhs;
before(async () => {
  srv = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'sn-costs-'));
  [commissioner, admin, worker] = await Promise.all(['commissioner', 'admin', 'worker'].map((l) => signedIn(srv.url, l)));
  nhs = sqlRows(srv.db, "SELECT nhs_number FROM people WHERE nhs_number <> '' AND merged_into IS NULL ORDER BY id LIMIT 4").map((r) => r[0]);
  assert.equal(nhs.length, 4);
});
after(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const spaced = (n) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
// Rows stored by these tests' imports on a day (the demo has its own).
const stored = (day) => Number(sqlRows(srv.db, 'SELECT count(*) FROM pathway_costs c JOIN cost_imports i ON i.id = c.import_id '
  + `WHERE c.day = '${day}' AND i.file_name <> 'demo'`)[0][0]);

test('a good file is stored, once; the same file again adds nothing', () => {
  const p = file('good.csv', 'NHS Number,Date,Setting,Cost (pence)\r\n'
    + `${spaced(nhs[0])},2025-02-03,GP,4200\r\n${nhs[1]},2025-02-03,A&E,25000\r\n`
    + `${nhs[2]},2025-02-03,hospital-inpatient,350000\r\n${nhs[2]},2025-02-03,hospital-inpatient,350000\r\n`);
  let r = run(['import', '--db', srv.db, '--costs', p]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 4 of 4 rows/);
  assert.equal(stored('2025-02-03'), 4, 'two identical rows are two costs');
  r = run(['import', '--db', srv.db, '--costs', p]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 0 of 4 rows .*\(4 stored before, 0 refused\)/);
  assert.equal(stored('2025-02-03'), 4, 'not counted twice');
  const imp = sqlRows(srv.db, "SELECT file_name, rows_read, rows_stored, rows_already FROM cost_imports WHERE file_name = 'good.csv' ORDER BY id");
  assert.deepEqual(imp, [['good.csv', '4', '4', '0'], ['good.csv', '4', '0', '4']]);
  const audit = sqlRows(srv.db, "SELECT count(*) FROM audit WHERE action = 'costs.import'")[0][0];
  assert.ok(Number(audit) >= 5, `audited per person and per import (${audit})`);
});

test('bad rows are reported by row and not stored; the good ones are; exit 1', () => {
  const bad = nhs[3].slice(0, 9) + String((Number(nhs[3][9]) + 1) % 10);
  const p = file('bad.csv', 'nhs_number,date,setting,cost_pence\n'
    + `${nhs[0]},2025-03-04,gp,4200\n`            // row 2: good
    + `${bad},2025-03-04,gp,4200\n`               // row 3: check digit
    + '9999999999,2025-03-04,gp,4200\n'           // row 4: valid, no one
    + `${nhs[1]},2025-02-30,gp,4200\n`            // row 5: no such date
    + `${nhs[1]},2025-03-04,dentist,4200\n`       // row 6: setting
    + `${nhs[1]},2025-03-04,gp,42.00\n`           // row 7: pence
    + `${nhs[1]},2025-03-04,gp,\n`                // row 8: missing
    + `12345,2025-03-04,gp,100\n`);               // row 9: not 10 digits
  const r = run(['import', '--db', srv.db, '--costs', p]);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(lines.map((l) => l.match(/^row (\d+):/)?.[1]), ['3', '4', '5', '6', '7', '8', '9']);
  assert.match(r.stderr, /^row 3: nhs_number: the check digit does not match$/m);
  assert.match(r.stderr, /^row 4: no person with this NHS number$/m);
  assert.match(r.stderr, /^row 5: date: /m);
  assert.match(r.stderr, /^row 6: setting: /m);
  assert.match(r.stderr, /^row 7: cost_pence: /m);
  assert.match(r.stdout, /imported 1 of 8 rows .*7 refused/);
  assert.equal(stored('2025-03-04'), 1, 'only the good row');
});

test('--dry-run says what would happen and stores nothing', () => {
  const p = file('dry.csv', `nhs_number,date,setting,cost_pence\n${nhs[0]},2025-04-05,community-health,6000\n${nhs[1]},2025-04-05,social care home,60000\n`);
  let r = run(['import', '--db', srv.db, '--costs', p, '--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /dry run: 2 of 2 rows .* would be stored .*nothing changed/);
  assert.equal(stored('2025-04-05'), 0);
  const bad = file('dry-bad.csv', `nhs_number,date,setting,cost_pence\n${nhs[0]},2025-04-06,gp,1\n9999999999,2025-04-06,gp,1\n`);
  r = run(['import', '--db', srv.db, '--costs', bad, '--dry-run']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^row 3: no person with this NHS number$/m);
  assert.equal(stored('2025-04-06'), 0);
});

test('usage errors and files refused whole: exit 2, nothing stored', () => {
  let r = run(['import', '--costs', file('x.csv', 'a')]);
  assert.equal(r.status, 2);
  r = run(['import', '--db', srv.db, '--costs', file('nohead.csv', `nhs,date,cost_pence\n${nhs[0]},2025-05-06,100\n`)]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no setting column/);
  r = run(['import', '--db', srv.db, '--costs', file('long.csv', `nhs_number,date,setting,cost_pence\n${nhs[0]},2025-05-06,${'x'.repeat(65)},1\n`)]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /longer than 64 bytes/);
  r = run(['import', '--db', srv.db, '--costs', file('quote.csv', `nhs_number,date,setting,cost_pence\n"${nhs[0]},2025-05-06,gp,1\n`)]);
  assert.equal(r.status, 2);
  assert.equal(stored('2025-05-06'), 0);
  r = run(['import', '--db', srv.db, '--costs', join(dir, 'missing.csv')]);
  assert.equal(r.status, 1);
});

test('the example file imports into the demo area', () => {
  const r = run(['import', '--db', srv.db, '--costs', join(root, 'data/examples/pathway-costs.csv'), '--dry-run']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.match(r.stdout, /dry run: \d+ of \d+ rows/);
  const rows = readFileSync(join(root, 'data/examples/pathway-costs.csv'), 'utf8').trim().split('\n').slice(1);
  for (const row of rows) assert.match(row.split(',')[0].replaceAll(' ', ''), /^999\d{7}$/, 'NHS test numbers only');
});

function parseCsv(text) {
  return text.trimEnd().split('\r\n').map((l) => {
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

test('/insight/costs and its exports keep the disclosure rules', async () => {
  const home = await commissioner.get('/insight');
  assert.match(home.text_, /href="\/insight\/costs"/, '/insight links the costs');
  const res = await commissioner.get('/insight/costs');
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text_, /<td[^>]*>[1-9]<\/td>/, 'no count from 1 to 9 on the page');
  assert.match(res.text_, /Hospital/);
  assert.match(res.text_, /£[\d,]+\.\d\d/, 'some money shown');
  const csvUrl = res.text_.match(/href="([^"]*\.csv[^"]*)"/)[1].replaceAll('&amp;', '&');
  const jsonUrl = res.text_.match(/href="([^"]*tables[^"]*\.json[^"]*)"/)[1].replaceAll('&amp;', '&');
  const csv = await commissioner.get(csvUrl);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const rows = parseCsv(csv.text_);
  const head = rows[0], t = head.indexOf('total'), money = head.indexOf('cost_pounds');
  assert.ok(t > 0 && money > t, head.join());
  assert.equal(rows.at(-1)[0], 'Total');
  let shownMoney = 0;
  for (const r of rows.slice(1)) {
    for (const v of r.slice(1, t + 1)) {
      assert.match(v, /^(c|0|[1-9]\d+)$/, `a count of ${v} in ${r}`);
    }
    const people = r[t];
    if (people === 'c' || Number(people) < 10) assert.equal(r[money], 'c', `money from fewer than 10 people: ${r}`);
    else if (r[money] !== 'c') shownMoney++;
  }
  assert.ok(shownMoney >= 3, `the demo shows money for most stages (${shownMoney})`);
  const j = jsonOf(await commissioner.get(jsonUrl));
  assert.equal(j.id, 'pathway-costs-by-stage-and-age-band');
  for (const r of [...j.rows, j.total]) {
    for (const v of [...Object.values(r.cells), r.total]) assert.ok(v === null || v === 0 || v >= 10, `${r.label}: ${v}`);
  }
  assert.equal((await commissioner.get('/insight/costs/tables/nothing.csv')).status, 404);
  assert.equal((await commissioner.get('/insight/costs?from=2026-13')).status, 422);
  assert.equal((await admin.get('/insight/costs')).status, 200);
  assert.equal((await worker.get('/insight/costs')).status, 403);
  assert.equal((await worker.get(csvUrl)).status, 403);
  assert.equal((await new Client(srv.url).get('/insight/costs', { headers: JSON_ACCEPT })).status, 401);
});

test('/insight/cost-benefit: the worked example, per person and for the cohort', async () => {
  const res = await commissioner.get('/insight/cost-benefit');
  assert.equal(res.status, 200);
  res.text_ = res.text_.replaceAll('&#61;', '=');
  for (const line of ['12 weeks × £750.00 = £9,000.00', '25% of £9,000.00 = £2,250.00',
    '£2,250.00 − £450.00 = £1,800.00', '£1,800.00 − £450.00 = £1,350.00 in year 1',
    '£1,350.00 − £675.00 = £675.00', 'Benefit: £2,025.00 + £105.00 = £2,130.00',
    'Net benefit: £2,130.00 − £300.00 = £1,830.00', '£7.10 for every £1']) {
    assert.ok(res.text_.includes(line), `shows ${line}`);
  }
  const j = jsonOf(await commissioner.get('/insight/cost-benefit', { headers: JSON_ACCEPT })).data;
  assert.equal(j.per_person.benefit_pence, 213000);
  assert.equal(j.per_person.cost_pence, 30000);
  assert.equal(j.ratio_words, '£7.10 for every £1');
  assert.ok(j.people >= 10 && j.cohort.benefit_pence === 213000 * j.people, 'the demo cohort');
  const few = jsonOf(await commissioner.get('/insight/cost-benefit?people=9', { headers: JSON_ACCEPT }));
  assert.equal(few.data.cohort, null, 'no figures from fewer than 10 people');
  const page = await commissioner.get('/insight/cost-benefit?people=9');
  assert.match(page.text_, /fewer than 10 people/);
  const many = jsonOf(await commissioner.get('/insight/cost-benefit?people=200', { headers: JSON_ACCEPT }));
  assert.equal(many.data.cohort.net_pence, 183000 * 200);
  assert.equal((await commissioner.get('/insight/cost-benefit?model=nothing')).status, 404);
  assert.equal((await commissioner.get('/insight/cost-benefit?people=-1')).status, 400);
  assert.equal((await worker.get('/insight/cost-benefit')).status, 403);
});

test('supportnet rules cost-benefit: the model from standard input, bad input named', () => {
  const model = readFileSync(join(root, 'data/costbenefit/telecare-2026.json'), 'utf8');
  let r = run(['rules', 'cost-benefit', '--people', '20'], model);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.per_person.benefit_pence, 213000);
  assert.equal(j.cohort.net_pence, 183000 * 20);
  assert.equal(j.ratio_words, '£7.10 for every £1');
  r = run(['rules', 'cost-benefit', '--people', '5'], model);
  assert.equal(JSON.parse(r.stdout).cohort, null);
  r = run(['rules', 'cost-benefit'], model.replace('"units": 12', '"units": -1'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /outcomes\[0\]\.units: a whole number from 0 to 520/);
});
