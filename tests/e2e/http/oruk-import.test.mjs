// `supportnet import --oruk FILE|URL`, `import --oruk-csv DIR` and
// `supportnet export --oruk FILE` / `--oruk-csv DIR`: the demo area
// exported (valid against the ORUK 3.0 schemas) and imported into a fresh
// database says the same again, as JSON and as CSV tables; federation from
// a second SupportNet on loopback gives the same /oruk/services/{id}; bad
// files exit 2 naming the JSON path or CSV row and change nothing; a dry
// run writes nothing; importing again changes nothing. Runs on SQLite, and
// on PostgreSQL when SN_PG_URL is set. What a database holds is read back
// through `export` itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { bin, freshDbLoc, dropDbLoc, startServer, root } from '../lib/server.mjs';
import { signedIn } from './http-helpers.mjs';

const conformance = process.env.SN_CONFORMANCE_DIR || resolve(root, 'tests', 'conformance');
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const serviceSchema = ajv.compile(JSON.parse(readFileSync(
  join(conformance, 'oruk', 'uk-profile-3.0', 'schema', 'compiled', 'service.json'), 'utf8')));

// Like cli() of the harness, but keeps stderr on success too.
const cli = (args, input = '') => {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const lines = (s) => s.trim().split('\n').filter(Boolean);

let dir, srv, demoJson, demo, N;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sn-oruk-io-'));
  srv = await startServer();
  demoJson = join(dir, 'demo.json');
  const r = cli(['export', '--db', srv.db, '--oruk', demoJson]);
  assert.equal(r.status, 0, r.stderr);
  demo = JSON.parse(readFileSync(demoJson, 'utf8'));
  N = demo.length; // the demo's 300, and whatever else it publishes
  assert.match(r.stdout, new RegExp(`^exported ${N} published services to .*demo\\.json in \\d+\\.\\d s`));
});
after(async () => {
  await srv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh migrated database (dropped when the test process ends). */
function freshDb() {
  const db = freshDbLoc();
  const r = cli(['migrate', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return db;
}
/** Everything published in db, as the export says it. */
function exported(db) {
  const r = cli(['export', '--db', db, '--oruk', '-']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^exported \d+ published services? to standard output/);
  return JSON.parse(r.stdout);
}
const byId = (list) => Object.fromEntries(list.map((s) => [s.id, s]));
const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, typeof text === 'string' ? text : JSON.stringify(text));
  return p;
};

test('import and export answer --help, and usage errors exit 2', () => {
  const h = cli(['export', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /supportnet export --db LOC --oruk FILE\n {2}supportnet export --db LOC --oruk-csv DIR/);
  const ih = cli(['import', '--help']);
  assert.match(ih.stdout, /supportnet import --db LOC --oruk FILE\|URL \[--dry-run\] \[--strict\] \[--report FILE\]/);
  assert.match(ih.stdout, /supportnet import --db LOC --oruk-csv DIR/);
  assert.equal(cli(['export']).status, 2);
  for (const [args, re] of [
    [['export', '--db', srv.db], /Usage/],
    [['export', '--oruk', 'x.json'], /--db is required/],
    [['export', '--db', srv.db, '--oruk', 'a', '--oruk-csv', 'b'], /not both/],
    [['import', '--db', srv.db, '--oruk'], /--oruk needs a value/],
    [['import', '--db', srv.db, '--oruk', 'x', '--oruk-csv', 'y'], /not both/],
    [['import', '--db', srv.db, '--oruk', 'x', '--skip-bad'], /--skip-bad is for --postcodes only/],
  ]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  const missing = cli(['import', '--db', srv.db, '--oruk', join(dir, 'no-such.json')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot open .*no-such\.json/);
});

test('the export is an array of fully nested published services, valid ORUK 3.0', () => {
  assert.ok(N >= 300);
  for (const s of demo) {
    assert.ok(serviceSchema(s), `${s.id}: ${ajv.errorsText(serviceSchema.errors)}`);
    assert.ok(s.organization && s.service_at_locations.length && s.schedules.length);
  }
  // Each service on a line of its own; nothing private.
  const text = readFileSync(demoJson, 'utf8');
  assert.equal(lines(text).length, N + 2);
  assert.doesNotMatch(text, /moderation|review_due|last_reviewed|dir_org_members|"source"\s*:\s*"local"/);
  // Terms carry their taxonomy, so that taxonomies round-trip.
  const term = demo[0].attributes[0].taxonomy_term;
  assert.equal(term.taxonomy_detail.id, term.taxonomy_id);
  assert.ok(term.taxonomy_detail.description.length > 10);
});

test('round trip: the demo area exported and imported into a fresh database says the same', () => {
  const db = freshDb();
  const r = cli(['import', '--db', db, '--oruk', demoJson]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^imported ${N} services \\(${N} new\\) from .*demo\\.json in \\d+\\.\\d s \\([\\d,]+ services/s\\): .*organizations.*locations.*schedules`));
  assert.equal(r.stderr, '', 'no progress bar when stderr is not a terminal');
  assert.deepEqual(byId(exported(db)), byId(demo));
  // Again: an upsert, nothing new, nothing changed.
  const again = cli(['import', '--db', db, '--oruk', demoJson]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`^imported ${N} services \\(0 new\\)`));
  assert.deepEqual(byId(exported(db)), byId(demo));
  dropDbLoc(db);
});

test('round trip through the HSDS CSV tables', () => {
  const out = join(dir, 'csv');
  const r = cli(['export', '--db', srv.db, '--oruk-csv', out]);
  assert.equal(r.status, 0, r.stderr);
  for (const t of ['services', 'organizations', 'locations', 'addresses', 'service_at_locations', 'schedules',
    'taxonomies', 'taxonomy_terms', 'attributes', 'cost_options', 'contacts', 'phones']) {
    assert.ok(existsSync(join(out, `${t}.csv`)), `${t}.csv`);
  }
  const services = lines(readFileSync(join(out, 'services.csv'), 'utf8'));
  assert.match(services[0], /^id,organization_id,name,description,/);
  assert.equal(services.length, N + 1);
  const db = freshDb();
  const imp = cli(['import', '--db', db, '--oruk-csv', out]);
  assert.equal(imp.status, 0, imp.stderr);
  assert.match(imp.stdout, new RegExp(`^imported ${N} services \\(${N} new\\) from `));
  assert.deepEqual(byId(exported(db)), byId(demo));
  const again = cli(['import', '--db', db, '--oruk-csv', out]);
  assert.match(again.stdout, new RegExp(`^imported ${N} services \\(0 new\\)`));
  assert.deepEqual(byId(exported(db)), byId(demo));

  // A bad row: named by file and row (the header is row 1); nothing changes.
  const bad = join(dir, 'csv-bad');
  cpSync(out, bad, { recursive: true });
  const sched = lines(readFileSync(join(bad, 'schedules.csv'), 'utf8'));
  sched[2] = sched[2].replace(/,WEEKLY,,[A-Z,]+?,,|,MONTHLY,,[^,]+,,/, ',WEEKLY,,XX,,');
  writeFileSync(join(bad, 'schedules.csv'), `${sched.join('\n')}\n`);
  const costs = lines(readFileSync(join(bad, 'cost_options.csv'), 'utf8'));
  costs[1] = costs[1].replace(/,Per session,[\d.]+,/, ',Per session,4.555.5,');
  writeFileSync(join(bad, 'cost_options.csv'), `${costs.join('\n')}\n`);
  const fresh = freshDb();
  const br = cli(['import', '--db', fresh, '--oruk-csv', bad, '--strict']);
  assert.equal(br.status, 2, br.stderr);
  assert.match(br.stderr, /^cost_options\.csv row 2: amount: '4\.555\.5' is not an amount in pounds/m);
  assert.match(br.stderr, /^schedules\.csv row 3: byday: "XX" is not a day/m);
  assert.match(br.stderr, /supportnet import: 2 problems in .*csv-bad: nothing imported\n$/);
  assert.equal(exported(fresh).length, 0);
  const nodir = cli(['import', '--db', fresh, '--oruk-csv', join(dir, 'empty-dir')]);
  assert.equal(nodir.status, 2);
  assert.match(nodir.stderr, /has no services\.csv/);
  dropDbLoc(db);
  dropDbLoc(fresh);
});

test('--dry-run checks everything and writes nothing', () => {
  const db = freshDb();
  const r = cli(['import', '--db', db, '--oruk', demoJson, '--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^dry run: ${N} services would be imported from .*demo\\.json \\(checked in \\d+\\.\\d s: .*\\); nothing changed\n$`));
  assert.equal(exported(db).length, 0);
  const bad = file('dry-bad.json', [{ ...demo[0], status: 'open' }]);
  const b = cli(['import', '--db', db, '--oruk', bad, '--dry-run', '--strict']);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /^\[0\]\.status: 'open' is not one of 'active', 'inactive', 'defunct', 'temporarily closed'$/m);
  assert.match(b.stderr, /a dry run; nothing changed/);
  dropDbLoc(db);
});

test('--strict: bad files exit 2, name the JSON path, and change nothing', () => {
  const db = freshDb();
  assert.equal(cli(['import', '--db', db, '--oruk', demoJson]).status, 0);
  const before = byId(exported(db));
  const clone = () => JSON.parse(JSON.stringify(demo));
  const envelope = (contents) => ({ total_items: contents.length, total_pages: 1, page_number: 1,
    size: contents.length, first_page: true, last_page: true, empty: false, contents });

  const cases = [];
  // A wrong type, a bad uuid, a bad schedule, a bad amount, in a page of /services.
  let c = clone();
  c[3].minimum_age = 'ten';
  c[5].id = 'not-a-uuid';
  c[7].schedules[0].byday = 'XX';
  c[8].schedules[0].opens_at = '25:00';
  c[9].name = 'x'.repeat(600);
  c[10].service_at_locations[0].location.latitude = 123.4;
  // (An organisation shared by several services is read at its first.)
  for (const s of c) if (s.organization.id === demo[12].organization.id) s.organization.email = 'not an email';
  c[13].contacts[0].id = demo[14].contacts[0].id.toUpperCase().replace(/[0-9A-F]$/, 'G');
  c[N - 1].name = 'A new name that must not be written';
  cases.push(['bad-envelope.json', JSON.stringify(envelope(c)), [
    /^contents\[3\]\.minimum_age: must be a number$/m,
    /^contents\[5\]\.id: 'not-a-uuid' is not a uuid$/m,
    /^contents\[7\]\.schedules\[0\]\.byday: "XX" is not a day/m,
    /^contents\[8\]\.schedules\[0\]\.opens_at: /m,
    /^contents\[9\]\.name: longer than 500 bytes$/m,
    /^contents\[10\]\.service_at_locations\[0\]\.location\.latitude: '123\.4' is not a latitude/m,
    /^contents\[\d+\]\.organization\.email: 'not an email' is not an email address$/m,
    /^contents\[13\]\.contacts\[0\]\.id: '.*' is not a uuid$/m,
    /8 problems in .*bad-envelope\.json: nothing imported/]]);
  // A truncated file.
  const text = readFileSync(demoJson, 'utf8');
  cases.push(['truncated.json', text.slice(0, Math.floor(text.length / 2)),
    [/the JSON ends early/, /1 problem in .*truncated\.json: nothing imported/]]);
  // Not JSON at all, and broken JSON inside one service.
  cases.push(['not-json.json', 'id,name\n1,x\n', [/not ORUK JSON: expected an array of services/]]);
  cases.push(['broken.json', `[${JSON.stringify(demo[0])},\n{"id": "x",, }]`,
    [/^\[1\]: not valid JSON \(line 2: /m]]);
  // Oversize: one service over 4 MiB, and nesting too deep.
  const huge = clone()[0];
  huge.description = 'y'.repeat(5 << 20);
  cases.push(['oversize.json', JSON.stringify([huge]), [/a service is longer than 4194304 bytes/]]);
  cases.push(['deep.json', `[${'['.repeat(40)}${']'.repeat(40)}]`, [/nested deeper than 32 levels/]]);
  // A service whose organisation is neither in the file nor in the database.
  const orphan = clone()[1];
  delete orphan.organization;
  orphan.organization_id = '00000000-0000-4000-8000-000000000000';
  orphan.name = 'Changed';
  cases.push(['orphan.json', JSON.stringify(orphan),
    [/^organization_id: no organization with id 00000000-0000-4000-8000-000000000000 in this import or the database$/m]]);

  for (const [name, body, res] of cases) {
    const r = cli(['import', '--db', db, '--oruk', file(name, body), '--strict']);
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    for (const re of res) assert.match(r.stderr, re, name);
    assert.equal(r.stdout, '');
    assert.deepEqual(byId(exported(db)), before, `${name} changed nothing`);
  }
  // Too many problems: it gives up after 50.
  const many = clone().map((s) => ({ ...s, status: 'nope' }));
  const r = cli(['import', '--db', db, '--oruk', file('many.json', many), '--strict']);
  assert.equal(r.status, 2);
  assert.equal(lines(r.stderr).length, 51);
  assert.match(r.stderr, /giving up after 50 problems in .*many\.json: nothing imported/);
  dropDbLoc(db);
});

test('one service, and standard input', () => {
  const db = freshDb();
  const one = demo[4];
  const r = cli(['import', '--db', db, '--oruk', '-'], JSON.stringify(one));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^imported 1 service \(1 new\) from standard input/);
  assert.deepEqual(exported(db), [one]);
  dropDbLoc(db);
});

test('federation: a second SupportNet on loopback, followed page by page', async () => {
  const other = await startServer(); // the neighbouring area's feed
  const db = freshDb();
  let mine;
  try {
    const r = cli(['import', '--db', db, '--oruk', `${other.url}/oruk/services?per_page=40`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^imported ${N} services \\(${N} new\\) from ${other.url}/oruk/services\\?per_page=40 in `));
    mine = await startServer({ db });
    const list = await (await fetch(`${other.url}/oruk/services?per_page=100`)).json();
    const ours = await (await fetch(`${mine.url}/oruk/services?per_page=100`)).json();
    assert.equal(ours.total_items, list.total_items);
    for (const item of list.contents.slice(0, 25)) {
      const a = await (await fetch(`${other.url}/oruk/services/${item.id}`)).json();
      const b = await (await fetch(`${mine.url}/oruk/services/${item.id}`)).json();
      assert.deepEqual(b, a, item.id);
    }
    // The search index came along: a word search finds the same services.
    const q = async (u) => (await (await fetch(`${u}/oruk/services?search=lunch&per_page=100`)).json())
      .contents.map((s) => s.id).sort();
    assert.deepEqual(await q(mine.url), await q(other.url));
    // Importing the feed again changes nothing.
    await mine.stop();
    mine = null;
    const again = cli(['import', '--db', db, '--oruk', `${other.url}/oruk/services`]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^imported ${N} services \\(0 new\\)`));
    // One service by its address.
    const one = cli(['import', '--db', db, '--oruk', `${other.url}/oruk/services/${list.contents[0].id}`, '--dry-run']);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /^dry run: 1 service would be imported/);
    // A feed that is not there is a runtime failure (1), not bad data.
    const gone = cli(['import', '--db', db, '--oruk', `${other.url}/no/such/services`]);
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /cannot fetch .*HTTP status 404/);
  } finally {
    await mine?.stop();
    await other.stop();
    dropDbLoc(db);
  }
});

test('a newer file replaces the children of the services it lists, and leaves the others alone', async () => {
  const db = freshDb();
  assert.equal(cli(['import', '--db', db, '--oruk', demoJson]).status, 0);
  const orig = demo.find((s) => s.contacts.some((c) => c.phones.length) && s.attributes.length);
  const other = demo.find((s) => s.id !== orig.id && s.attributes.length);
  const copy = (o) => JSON.parse(JSON.stringify(o));
  // First a file that lists a second schedule and a second term for it.
  const bigger = copy(orig);
  bigger.schedules.push({ ...bigger.schedules[0], id: '0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a', byday: 'SA' });
  delete bigger.schedules[1].service_at_location_id;
  bigger.attributes.push({ ...copy(other.attributes[0]), id: '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b', link_id: orig.id });
  let r = cli(['import', '--db', db, '--oruk', file('bigger.json', [bigger])]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /no longer listed/);
  assert.equal(byId(exported(db))[orig.id].schedules.length, orig.schedules.length + 1);

  // The newer file lists the service as it was, without its services at
  // locations (and their schedules), with a language on its first phone.
  const svc = copy(orig);
  svc.service_at_locations = [];
  svc.schedules = svc.schedules.filter((s) => !s.service_at_location_id);
  const phone = svc.contacts.find((c) => c.phones.length).phones[0];
  phone.languages = [{ id: '0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c', phone_id: phone.id, name: 'Welsh', code: 'cy' }];
  const gone = 2 + orig.service_at_locations.length + orig.schedules.length - svc.schedules.length;

  // A bad newer file changes nothing.
  const before = byId(exported(db));
  const bad = cli(['import', '--db', db, '--oruk', file('newer-bad.json', [{ ...svc, status: 'open' }])]);
  assert.equal(bad.status, 2, bad.stderr);
  assert.deepEqual(byId(exported(db)), before);

  r = cli(['import', '--db', db, '--oruk', file('newer.json', [svc])]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^imported 1 service \\(0 new\\) from .*newer\\.json .*; ${gone} no longer listed removed\n$`));
  // The API says the same (it leaves out the export's taxonomy_detail).
  const api = (o) => JSON.parse(JSON.stringify(o, (k, v) => (k === 'taxonomy_detail' ? undefined : v)));
  const mine = await startServer({ db });
  try {
    assert.deepEqual(await (await fetch(`${mine.url}/oruk/services/${svc.id}`)).json(), api(svc));
    assert.deepEqual(await (await fetch(`${mine.url}/oruk/services/${other.id}`)).json(), api(other));
  } finally {
    await mine.stop();
  }
  // Every other service is as it was; the locations it left stay.
  const after = byId(exported(db));
  assert.equal(Object.keys(after).length, N);
  assert.deepEqual(after[svc.id], svc);
  for (const s of demo) if (s.id !== svc.id) assert.deepEqual(after[s.id], s, s.id);
  dropDbLoc(db);
});

test('an import keeps the history: what the entry was, then "Changed by an import", and nothing for the same file again', async () => {
  // Into the demo server's own database (the last test: it changes it).
  const orig = demo.find((s) => s.name && s.contacts.length);
  const changed = { ...JSON.parse(JSON.stringify(orig)), name: `${orig.name} (renamed by the feed)` };
  const f = file('renamed.json', [changed]);
  let r = cli(['import', '--db', srv.db, '--oruk', f]);
  assert.equal(r.status, 0, r.stderr);
  const mod = await signedIn(srv.url, 'moderator');
  const page = await mod.get(`/directory/services/${orig.id}/history`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Changed by an import/);
  assert.match(page.text_, /Import from [^<]*renamed\.json/);
  assert.match(page.text_, /renamed by the feed/);
  const versions = (html) => (html.match(/Version \d+:/g) || []).length;
  const n = versions(page.text_);
  assert.ok(n >= 2, 'what it was, then the import');
  r = cli(['import', '--db', srv.db, '--oruk', f]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(versions((await mod.get(`/directory/services/${orig.id}/history`)).text_), n, 'the same file again adds no version');
});
