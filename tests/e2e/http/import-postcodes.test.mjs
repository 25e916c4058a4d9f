// `supportnet import --postcodes FILE`: exit codes and messages on good and
// bad files, one transaction (a bad file changes nothing), --skip-bad,
// --dry-run, standard input, limits. Runs on SQLite, and on PostgreSQL
// when SN_PG_URL is set. What is in the table is read back through the
// command itself: re-importing a postcode says whether it was new.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, freshDbLoc, dropDbLoc } from '../lib/server.mjs';

// Like cli() of the harness, but keeps stderr on success too.
const cli = (args, input = '') => {
  const r = spawnSync(bin, args, { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir, db;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sn-import-'));
  db = freshDbLoc();
  const r = cli(['migrate', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
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
const importPc = (...args) => cli(['import', '--db', db, '--postcodes', ...args]);
const lines = (s) => s.trim().split('\n').filter(Boolean);

test('import answers --help, and usage errors exit 2', () => {
  const h = cli(['import', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage:\n {2}supportnet import --db LOC --postcodes FILE/);
  const none = cli(['import']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /Usage/);
  const nokind = cli(['import', '--db', db]);
  assert.equal(nokind.status, 2);
  assert.match(nokind.stderr, /--postcodes FILE/);
  for (const [args, re] of [
    [['import', '--db', db, '--postcodes'], /--postcodes needs a value/],
    [['import', '--db', db, '--bogus', 'x'], /unknown option '--bogus'/],
    [['import', '--postcodes', 'x.csv'], /--db is required/],
    [['import', '--db', db, '--postcodes', ''], /--postcodes needs a file/],
  ]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(lines(r.stderr).length, 1, r.stderr);
  }
});

test('a good file imports, skips the no-location rows, and says so', () => {
  const good = file('good.csv',
    'pcd,pcd2,pcds,lat,long\n'
    + '"SW1A1AA","SW1A 1AA","SW1A 1AA",51.501009,-0.141588\n'
    + '"M1  1AE","M1  1AE","M1 1AE",53.4808,-2.2426\n'
    + '"GY1 1AA","GY1 1AA","GY1 1AA",99.999999,0.000000\n'
    + '"B33 8TH","B33 8TH","B33 8TH",52.4862,-1.8904\n');
  const r = importPc(good);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^imported 3 postcodes \(3 new, 1 without a location skipped\) in \d+\.\d s\n$/);
  assert.equal(r.stderr, '', 'no progress bar when stderr is not a terminal');
  // Again, from standard input: every postcode is known now (upserted).
  const again = importPc('-');
  assert.equal(again.status, 2, 'empty standard input has no header');
  const r2 = cli(['import', '--db', db, '--postcodes', '-'],
    'postcode,latitude,longitude\nsw1a1aa,51.5,-0.14\n');
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /^imported 1 postcode \(0 new\) in /);
});

test('a bad file changes nothing and names each problem with its row', () => {
  const bad = file('bad.csv',
    'postcode,lat,long\n'
    + 'NW1 6XE,51.5238,-0.1586\n'
    + 'XX,51.2,-1.2\n'
    + 'NW1 6XF,91,-1.3\n'
    + 'NW1 6XG,51.4\n'
    + 'NW1 6XH,51.5,east\n');
  const r = importPc(bad);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.deepEqual(lines(r.stderr), [
    "row 3: postcode 'XX': not a UK postcode",
    "row 4: latitude '91': out of range (-90 to 90)",
    'row 5: too few columns (2)',
    "row 6: longitude 'east': not a number of degrees",
    `supportnet import: 4 bad rows in ${bad}: nothing imported (give --skip-bad to import the good rows)`,
  ]);
  // The good row was not kept: importing it now finds it new.
  const check = cli(['import', '--db', db, '--postcodes', '-', '--dry-run'],
    'postcode,lat,long\nNW1 6XE,51.5238,-0.1586\n');
  assert.equal(check.status, 0, check.stderr);
  const one = cli(['import', '--db', db, '--postcodes', '-'], 'postcode,lat,long\nNW1 6XE,51.5238,-0.1586\n');
  assert.match(one.stdout, /\(1 new\)/);

  // --skip-bad keeps the good rows and still lists the bad ones.
  const skip = importPc(bad, '--skip-bad');
  assert.equal(skip.status, 0, skip.stderr);
  assert.match(skip.stdout, /^imported 1 postcode \(0 new, 4 bad rows skipped\) in /);
  assert.match(skip.stderr, /row 3: postcode 'XX': not a UK postcode/);
});

test('a dry run checks everything and changes nothing', () => {
  const csv = file('dry.csv', 'postcode,lat,long\nLS1 1UR,53.7997,-1.5492\nLS1 1BA,53.7960,-1.5470\n');
  const dry = importPc(csv, '--dry-run');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /^dry run: 2 postcodes would be imported \(2 rows checked\) in .*nothing changed/);
  const real = importPc(csv);
  assert.match(real.stdout, /^imported 2 postcodes \(2 new\)/, 'the dry run wrote nothing');
  const badDry = cli(['import', '--db', db, '--postcodes', '-', '--dry-run'], 'postcode,lat,long\nLS1,1,1\n');
  assert.equal(badDry.status, 2);
  assert.match(badDry.stderr, /row 2: postcode 'LS1': not a UK postcode/);
  assert.match(badDry.stderr, /a dry run; nothing changed/);
});

test('limits and broken files are refused whole', () => {
  const long = file('long.csv', `postcode,lat,long,note\nEH1 1YZ,55.95,-3.19,${'x'.repeat(300)}\n`);
  let r = importPc(long);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /row 2: a field is longer than 256 bytes; the file is refused/);
  assert.match(r.stderr, /refused: nothing imported/);
  const wide = file('wide.csv', `postcode,lat,long\nEH1 1YZ,55.95,-3.19${','.repeat(70)}\n`);
  r = importPc(wide, '--skip-bad');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /row 2: more than 64 columns/);
  const broken = file('broken.csv', 'postcode,lat,long\nEH1 1YZ,55.95,"-3.19\n');
  r = importPc(broken);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not well-formed CSV/);
  const noHeader = file('noheader.csv', 'EH1 1YZ,55.95,-3.19\n');
  r = importPc(noHeader);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /row 1: the header has no postcode column/);
  // Over 2 GiB (a sparse file): refused before reading.
  const huge = file('huge.csv', '');
  truncateSync(huge, 2 * 1024 ** 3 + 1);
  r = importPc(huge);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /the file is larger than 2 GiB; it is refused/);
  rmSync(huge);
  // None of it went in.
  const check = cli(['import', '--db', db, '--postcodes', '-'], 'postcode,lat,long\nEH1 1YZ,55.95,-3.19\n');
  assert.match(check.stdout, /\(1 new\)/);
});

test('runtime failures exit 1', () => {
  let r = importPc(join(dir, 'missing.csv'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot open .*missing\.csv/);
  const ok = file('ok.csv', 'postcode,lat,long\nEH1 1YZ,55.95,-3.19\n');
  r = cli(['import', '--db', join(dir, 'no-such.db'), '--postcodes', ok]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /does not exist/);
});
