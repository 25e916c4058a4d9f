// Issue 15: what real feeds bring. `supportnet import --oruk` goes record
// by record by default: a record that cannot be used is skipped, a value
// that can be put right is normalised, a bad optional value is dropped,
// fields SupportNet does not keep are ignored, each reported (on standard
// error and, with --report FILE, as JSON); --strict keeps all or nothing.
// Only http and https web addresses enter the store, from a file, a feed
// or CSV tables, and none other ever leaves through the API. Every
// published HSDS 3.0 / ORUK 3.0 example and the ORUK validator's fixtures
// import. Runs on SQLite, and on PostgreSQL when SN_PG_URL is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bin, freshDbLoc, dropDbLoc, root } from '../lib/server.mjs';

const conformance = process.env.SN_CONFORMANCE_DIR || resolve(root, 'tests', 'conformance');
const cli = (args, input = '') => {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'sn-oruk-lenient-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

function freshDb() {
  const db = freshDbLoc();
  const r = cli(['migrate', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return db;
}
function exported(db) {
  const r = cli(['export', '--db', db, '--oruk', '-']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const file = (name, body) => {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};
const uuid = (n) => `${String(n).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A service with its organisation, a location and a schedule; n makes the ids. */
function service(n, extra = {}) {
  return {
    id: uuid(1000 + n), name: `Lunch club ${n}`, status: 'active', description: 'A hot lunch',
    url: 'https://lunch.example/', email: 'hello@lunch.example',
    organization: { id: uuid(1), name: 'Millbrook Trust', description: 'Groups', website: 'https://millbrook.example/' },
    service_at_locations: [{ id: uuid(2000 + n), location: { id: uuid(3000 + n), location_type: 'physical', latitude: 52.6, longitude: -1.9 } }],
    schedules: [{ id: uuid(4000 + n), freq: 'WEEKLY', byday: 'TU', opens_at: '12:00', closes_at: '14:00' }],
    cost_options: [{ id: uuid(5000 + n), amount: 3.5, currency: 'GBP' }],
    ...extra,
  };
}
const UNSAFE = ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)', ' javascript:alert(1)', 'file:///etc/passwd'];

test('an unsafe web address never enters the store from a file (dropped with a warning; --strict refuses it)', () => {
  const db = freshDb();
  for (const [i, bad] of UNSAFE.entries()) {
    const s = service(i, { url: bad });
    s.organization = { ...s.organization, website: bad, logo: bad };
    s.schedules[0].schedule_link = bad;
    const strict = cli(['import', '--db', db, '--oruk', file(`unsafe-${i}.json`, [s]), '--strict']);
    assert.equal(strict.status, 2, strict.stderr);
    assert.match(strict.stderr, /url: .* is not a web address/);
    const r = cli(['import', '--db', db, '--oruk', file(`unsafe-${i}.json`, [s])]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^warning: \[0\]\.url: .* is not a web address/m);
    assert.match(r.stdout, /^imported 1 service .*warnings/);
  }
  const all = JSON.stringify(exported(db));
  for (const bad of ['javascript:', 'JavaScript:', 'data:', 'vbscript:', 'file:']) assert.ok(!all.includes(bad), bad);
  assert.equal(exported(db).length, UNSAFE.length, 'each service imported without its bad address');
  dropDbLoc(db);
});

test('an unsafe web address never enters the store from CSV tables', () => {
  const db = freshDb();
  const t = join(dir, 'csv-unsafe');
  mkdirSync(t, { recursive: true });
  writeFileSync(join(t, 'organizations.csv'), `id,name,description,website\n${uuid(1)},Trust,Groups,javascript:alert(1)\n`);
  writeFileSync(join(t, 'services.csv'), `id,organization_id,name,status,url\n${uuid(1001)},${uuid(1)},Club,active,"data:text/html,x"\n`);
  const strict = cli(['import', '--db', db, '--oruk-csv', t, '--strict']);
  assert.equal(strict.status, 2, strict.stderr);
  const r = cli(['import', '--db', db, '--oruk-csv', t]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /organizations\.csv row 2: website: .* is not a web address/);
  const all = JSON.stringify(exported(db));
  assert.ok(!all.includes('javascript:') && !all.includes('data:'), all);
  assert.equal(exported(db).length, 1);
  dropDbLoc(db);
});

test('an unsafe web address never enters the store from a feed', async () => {
  const page = { total_items: 1, total_pages: 1, page_number: 1, size: 1, first_page: true, last_page: true, empty: false,
    contents: [service(1, { url: 'javascript:alert(1)' })] };
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(page));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const db = freshDb();
  try {
    const url = `http://127.0.0.1:${server.address().port}/services`;
    // (Not spawnSync: this process serves the feed meanwhile.)
    const r = await new Promise((ok) => {
      const p = spawn(bin, ['import', '--db', db, '--oruk', url]);
      let stdout = '', stderr = '';
      p.stdout.on('data', (d) => { stdout += d; });
      p.stderr.on('data', (d) => { stderr += d; });
      p.on('close', (status) => ok({ status, stdout, stderr }));
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /contents\[0\]\.url: 'javascript:alert\(1\)' is not a web address/);
    const [s] = exported(db);
    assert.equal(s.url, undefined);
    assert.equal(s.name, 'Lunch club 1');
  } finally {
    server.close();
    dropDbLoc(db);
  }
});

test('record by record: bad records skipped, values normalised or dropped, the rest imported; --report', () => {
  const db = freshDb();
  const list = [
    service(1),
    service(2, { name: undefined }),                             // cannot be used: skipped
    service(3, { minimum_age: 'ten' }),                           // a bad optional value: dropped
    service(4, { email: 'mailto:club@lunch.example', status: 'Active', url: 'www.lunch.example' }), // normalised
    service(5),
  ];
  list[4].cost_options[0].currency = 'gbp';                       // normalised
  list[4].service_at_locations[0].location.latitude = 123.4;      // the point is dropped, not the service
  list[4].schedules[0].byday = 'XX';                              // the schedule is skipped
  list[4].accreditations = ['x'];                                 // not kept: ignored
  const report = join(dir, 'report.json');
  const r = cli(['import', '--db', db, '--oruk', file('mixed.json', list), '--report', report]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^imported 4 services \(4 new\) .*; skipped services: 1, schedules: 1; \d+ warnings\n$/);
  assert.match(r.stderr, /^\[1\]\.name: missing$/m);
  assert.match(r.stderr, /^warning: \[2\]\.minimum_age: must be a number$/m);
  assert.match(r.stderr, /^warning: \[3\]\.email: 'mailto:club@lunch\.example' read as 'club@lunch\.example'$/m);
  assert.match(r.stderr, /^warning: \[4\]\.cost_options\[0\]\.currency: 'gbp' read as 'GBP'$/m);
  const got = Object.fromEntries(exported(db).map((s) => [s.id, s]));
  assert.equal(Object.keys(got).length, 4);
  assert.equal(got[uuid(1002)], undefined);
  assert.equal(got[uuid(1003)].minimum_age, undefined);
  assert.equal(got[uuid(1004)].email, 'club@lunch.example');
  assert.equal(got[uuid(1004)].status, 'active');
  assert.equal(got[uuid(1004)].url, 'https://www.lunch.example');
  const five = got[uuid(1005)];
  assert.equal(five.cost_options[0].currency, 'GBP');
  assert.equal(five.service_at_locations[0].location.latitude, undefined);
  assert.equal(five.service_at_locations[0].location.longitude, undefined);
  assert.equal(five.schedules.length, 0);

  // The report: every problem and warning, and what was done.
  const rep = JSON.parse(readFileSync(report, 'utf8'));
  assert.equal(rep.format, 'supportnet-import-report/1');
  assert.equal(rep.mode, 'record');
  assert.equal(rep.summary.result, 'imported');
  assert.equal(rep.summary.records, 4);
  assert.equal(rep.summary.records_skipped, 1);
  assert.deepEqual(rep.summary.rows_skipped, { services: 1, schedules: 1 });
  const find = (pred) => rep.issues.find(pred);
  assert.deepEqual(find((i) => i.field === 'name'), { severity: 'problem', record: 'service', id: uuid(1002), path: '[1]',
    field: 'name', code: 'missing', message: 'missing', action: 'skipped' });
  assert.equal(find((i) => i.field === 'currency').action, 'normalised');
  assert.equal(find((i) => i.field === 'latitude').action, 'dropped');
  assert.equal(find((i) => i.field === 'byday').record, 'schedule');
  assert.equal(find((i) => i.field === 'accreditations').code, 'not_modelled');
  for (const i of rep.issues) for (const k of ['severity', 'record', 'id', 'path', 'field', 'code', 'message', 'action']) assert.equal(typeof i[k], 'string', k);

  // Nothing usable at all: exit 2, nothing imported. --strict: any problem.
  const none = cli(['import', '--db', db, '--oruk', file('none.json', [service(6, { name: undefined })])]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no record in .*none\.json could be used \(1 skipped\): nothing imported/);
  const strict = cli(['import', '--db', db, '--oruk', file('mixed.json', list), '--strict']);
  assert.equal(strict.status, 2);
  assert.match(strict.stderr, /problems? in .*mixed\.json: nothing imported/);
  dropDbLoc(db);
});

test('a record rolled back takes its organisation with it; the next record writes it again', () => {
  const db = freshDb();
  const first = service(1, { status: 'open' });                     // skipped after its organisation was read
  const r = cli(['import', '--db', db, '--oruk', file('shared-org.json', [first, service(2)])]);
  assert.equal(r.status, 0, r.stderr);
  const [only] = exported(db);
  assert.equal(only.id, uuid(1002));
  assert.equal(only.organization.id, uuid(1));
  dropDbLoc(db);
});

test('every published HSDS 3.0 and ORUK 3.0 example and the validator fixtures import', () => {
  const base = join(conformance, 'oruk');
  const files = [];
  for (const d of ['hsds-3.0/examples', 'oruk-site-3.0/examples', 'uk-profile-3.0/examples',
    'validator/fixtures-pass', 'validator/fixtures-fail']) {
    for (const f of readdirSync(join(base, d)).filter((x) => x.endsWith('.json')).sort()) files.push(join(d, f));
  }
  assert.ok(files.length >= 50, `${files.length} files`);
  for (const f of files) {
    const db = freshDb();
    const report = join(dir, 'ex-report.json');
    const r = cli(['import', '--db', db, '--oruk', join(base, f), '--report', report]);
    const rep = JSON.parse(readFileSync(report, 'utf8'));
    // The validator's failing service list is made of services without a
    // name: nothing in it can be used, and it says so.
    if (f === 'validator/fixtures-fail/service_list.json') {
      assert.equal(r.status, 2, `${f}: ${r.stderr}`);
      assert.equal(rep.summary.records, 0);
      assert.ok(rep.issues.every((i) => i.field !== 'name' || i.code === 'missing'));
    } else {
      assert.equal(r.status, 0, `${f}: ${r.stderr}`);
      assert.equal(rep.summary.result, 'imported', f);
      assert.equal(rep.summary.records_skipped, 0, `${f}: ${JSON.stringify(rep.issues.filter((i) => i.action === 'skipped'))}`);
    }
    dropDbLoc(db);
  }
});
