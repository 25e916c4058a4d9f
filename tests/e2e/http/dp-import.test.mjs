// `supportnet import --dp-statement FILE --account ID` and `supportnet dp
// open|show`: a bank statement into a direct-payment ledger. Exit codes and
// messages, dry runs that change nothing, duplicates across statements, bad
// rows that import nothing, a given mapping, the JSON report. Runs on
// SQLite, and on PostgreSQL when SN_PG_URL is set. What is in the ledger is
// read back through `supportnet dp show`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, freshDbLoc, dropDbLoc, demoEmail } from '../lib/server.mjs';

const cli = (args, input = '') => {
  const r = spawnSync(bin, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir, db, account;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sn-dp-'));
  db = freshDbLoc();
  const d = cli(['demo', '--db', db]);
  assert.equal(d.status, 0, d.stderr);
  const o = cli(['dp', 'open', '--db', db, '--person', demoEmail('resident'),
    '--by', demoEmail('worker'), '--cap', '500', '--opened', '2026-01-01']);
  assert.equal(o.status, 0, o.stderr);
  account = o.stdout.trim();
  assert.match(account, /^[0-9a-f-]{36}$/);
});
after(() => {
  dropDbLoc(db);
  rmSync(dir, { recursive: true, force: true });
});

const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const importDp = (...args) => cli(['import', '--db', db, '--account', account, '--dp-statement', ...args]);
const show = (...args) => {
  const r = cli(['dp', 'show', '--db', db, '--account', account, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const lines = (s) => s.trim().split('\n').filter(Boolean);

const JAN = 'Date,Transaction type,Description,Paid out,Paid in,Balance\n'
  + '01/01/2026,BAC,ASHBY VALE COUNCIL DP,,"£1,000.00","£1,000.00"\n'
  + '05/01/2026,DD,Care Agency Ltd,£400.00,,£600.00\n'
  + '06 Jan 2026,POS,Coffee,£2.50,,£597.50\n'
  + '06 Jan 2026,POS,Coffee,£2.50,,£595.00\n';
const LATE_JAN = 'Date,Transaction type,Description,Paid out,Paid in,Balance\n'
  + '06 Jan 2026,POS,Coffee,£2.50,,£595.00\n'
  + '20 Jan 2026,POS,Allotment society,£15.00,,£580.00\n';

test('usage: help, and every usage error exits 2 with one line', () => {
  const h = cli(['import', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /supportnet import --db LOC --dp-statement FILE --account ID \[--map SPEC\] \[--dry-run\]/);
  const dh = cli(['dp', '--help']);
  assert.equal(dh.status, 0);
  assert.match(dh.stdout, /supportnet dp open --db LOC --person UUID\|EMAIL --by EMAIL/);
  const stmt = file('usage.csv', JAN);
  for (const [args, re] of [
    [['import', '--db', db, '--dp-statement', stmt], /--dp-statement needs --account ID/],
    [['import', '--db', db, '--postcodes', stmt, '--account', account], /--account is for --dp-statement only/],
    [['import', '--db', db, '--postcodes', stmt, '--map', 'date=Date'], /--map is for --dp-statement only/],
    [['import', '--db', db, '--dp-statement', stmt, '--account', account, '--strict'], /--strict is not for --dp-statement/],
    [['import', '--db', db, '--dp-statement', stmt, '--account', account, '--skip-bad'], /--skip-bad is not for --dp-statement/],
    [['import', '--db', db, '--dp-statement', stmt, '--account', '00000000-0000-4000-8000-000000000000'],
      /--account: no direct-payment account '00000000-0000-4000-8000-000000000000'/],
    [['import', '--dp-statement', stmt, '--account', account], /--db is required/],
    [['dp', 'open', '--db', db, '--person', 'nobody@example.test', '--by', demoEmail('worker')], /--person: no such person/],
    [['dp', 'open', '--db', db, '--person', demoEmail('resident'), '--by', 'nobody@example.test'], /--by: no account with that email/],
    [['dp', 'open', '--db', db, '--person', demoEmail('resident'), '--by', demoEmail('worker'), '--cap', 'lots'], /--cap: 'lots' is not an amount of pounds/],
    [['dp', 'show', '--db', db, '--account', account, '--today', '31/01/2026'], /--today: '31\/01\/2026' is not a date/],
    [['dp', 'show', '--db', db, '--account', 'nope'], /--account: no direct-payment account 'nope'/],
  ]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(lines(r.stderr).length, 1, r.stderr);
  }
  const missing = importDp(join(dir, 'missing.csv'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot open/);
});

test('a dry run lists what would be added and changes nothing; the import adds it all', () => {
  const jan = file('jan.csv', JAN);
  const dry = importDp(jan, '--dry-run');
  assert.equal(dry.status, 0, dry.stderr);
  assert.deepEqual(lines(dry.stdout), [
    'columns: date=Date (guessed), description=Description (guessed), in=Paid in (guessed), out=Paid out (guessed), balance=Balance (guessed)',
    '  + row 2  2026-01-01      £1,000  ASHBY VALE COUNCIL DP',
    '  + row 3  2026-01-05       -£400  Care Agency Ltd',
    '  + row 4  2026-01-06      -£2.50  Coffee',
    '  + row 5  2026-01-06      -£2.50  Coffee',
    `dry run: 4 rows would be added to account ${account} from ${jan} (0 already in the ledger skipped); nothing changed`,
  ]);
  assert.equal(show('--today', '2026-01-31').entries.length, 0);

  const r = importDp(jan);
  assert.equal(r.status, 0, r.stderr);
  assert.match(lines(r.stdout)[1], new RegExp(`^imported 4 rows into account ${account} from ${jan} in \\d+\\.\\d s \\(0 already in the ledger skipped\\)$`));
  const l = show('--today', '2026-01-31');
  assert.equal(l.entries.length, 4);
  assert.equal(l.balance_pence, 59500);
  assert.deepEqual(l.entries.map((e) => [e.on_date, e.kind, e.amount_pence, e.balance_pence]), [
    ['2026-01-01', 'payment_in', 100000, 100000],
    ['2026-01-05', 'spend', -40000, 60000],
    ['2026-01-06', 'spend', -250, 59750],
    ['2026-01-06', 'spend', -250, 59500],
  ]);
  // Alerts: underspend (59.5% left), the three spends against no plan line;
  // the balance is above the £500 cap.
  assert.deepEqual(l.alerts.map((a) => a.kind), ['underspend', 'outside_plan', 'outside_plan', 'outside_plan', 'above_cap']);
  assert.equal(l.alerts[4].amount_pence, 9500);
  assert.equal(l.quarter.quarter_start, '2026-01-01');
  assert.equal(l.quarter.closing_pence, 59500);

  // Again: nothing new. A statement that overlaps: only its new row.
  const again = importDp(jan);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /nothing new: imported 0 rows into account .* \(4 already in the ledger skipped\)/);
  const lateDry = importDp(file('late.csv', LATE_JAN), '--dry-run');
  assert.equal(lateDry.status, 0, lateDry.stderr);
  assert.match(lateDry.stdout, /  = \(already in the ledger\) row 2  2026-01-06 +-£2\.50  Coffee\n/);
  assert.match(lateDry.stdout, /  \+ row 3  2026-01-20 +-£15  Allotment society\n/);
  const late = importDp(join(dir, 'late.csv'));
  assert.equal(late.status, 0, late.stderr);
  assert.match(late.stdout, /imported 1 row into account .* \(1 already in the ledger skipped\)/);
  assert.equal(show('--today', '2026-01-31').entries.length, 5);
});

test('a statement with bad rows lists them by row, exits 2 and imports nothing', () => {
  const before = show('--today', '2026-02-28').entries.length;
  const bad = file('bad.csv', 'Date,Description,Amount\n'
    + '01/02/2026,Council,500.00\n'
    + '30/02/2026,Shop,-1.00\n'
    + '02/02/2026,Shop,12,50\n'
    + '03/02/2026,Shop,ten pounds\n');
  const r = importDp(bad);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.deepEqual(lines(r.stderr), [
    "row 3: date '30/02/2026': not a real date",
    "row 5: amount 'ten pounds': not an amount of money",
    `supportnet import: 2 bad rows in ${bad}: nothing imported`,
  ]);
  const dry = importDp(bad, '--dry-run');
  assert.equal(dry.status, 2);
  assert.match(dry.stderr, /2 bad rows in .*: it would not be imported \(a dry run; nothing changed\)/);
  assert.equal(show('--today', '2026-02-28').entries.length, before);

  // A file whose columns cannot be told: refused, pointing at --map.
  const odd = importDp(file('odd.csv', 'When,What,How much\n01/02/2026,Council,500.00\n'));
  assert.equal(odd.status, 2);
  assert.match(odd.stderr, /refused: cannot tell the columns: .* row 1 has: When, What, How much\..* \(--map SPEC\); nothing imported/);
});

test('--map names the columns; --report writes JSON; standard input works', () => {
  const csv = 'When,What,How much,Line\n'
    + '01/03/2026,Council,500.00,\n'
    + '02/03/2026,Sam (PA),-120.00,pa\n';
  const report = join(dir, 'report.json');
  const r = cli(['import', '--db', db, '--account', account, '--dp-statement', '-',
    '--map', 'date=When,description=What,amount=How much', '--report', report], csv);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^columns: date=When, description=What, amount=How much, line=Line \(guessed\)\n/);
  assert.match(r.stdout, /imported 2 rows into account .* from standard input/);
  const j = JSON.parse(readFileSync(report, 'utf8'));
  assert.equal(j.format, 'supportnet-dp-import/1');
  assert.equal(j.result, 'imported');
  assert.equal(j.account, account);
  assert.equal(j.added.length, 2);
  assert.equal(j.added[1].plan_line, 'pa');
  assert.deepEqual(j.mapping.line, { column: 'Line', number: 4, guessed: true });
  assert.equal(j.summary.new, 2);
  // With the plan's lines, a spend against a line in the plan is not flagged.
  const l = show('--today', '2026-03-31', '--plan-lines', 'pa,day');
  assert.ok(!l.alerts.some((a) => a.kind === 'outside_plan' && a.on_date === '2026-03-02'));
  const l2 = show('--today', '2026-03-31', '--plan-lines', 'day');
  assert.ok(l2.alerts.some((a) => a.kind === 'outside_plan' && a.on_date === '2026-03-02'));
  // A refused import writes its report too, with the bad rows.
  const badReport = join(dir, 'bad-report.json');
  const b = importDp(file('bad2.csv', 'Date,Description,Amount\n01/04/2026,x,\n'), '--report', badReport);
  assert.equal(b.status, 2);
  const bj = JSON.parse(readFileSync(badReport, 'utf8'));
  assert.equal(bj.result, 'refused');
  assert.deepEqual(bj.bad_rows, [{ row: 2, field: 'amount', message: 'row 2: amount missing' }]);
});
