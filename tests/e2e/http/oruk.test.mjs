// The Open Referral UK 3.0 API of the demo area's directory: every
// endpoint's responses validate against the ORUK 3.0 JSON schemas in
// tests/conformance/oruk (JSON Schema 2020-12, formats enforced, with
// ajv), the validator's own pass and fail fixtures behave as it expects,
// and the paging, filters, errors and CORS behave as the issue says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { startServer, root, isPostgres } from '../lib/server.mjs';

const conformance = process.env.SN_CONFORMANCE_DIR || resolve(root, 'tests', 'conformance');
const oruk = join(conformance, 'oruk');
const load = (p) => JSON.parse(readFileSync(join(oruk, p), 'utf8'));

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const BASE = 'https://schemas.test/';
const compiled = {};
for (const name of ['service', 'service_list', 'service_at_location', 'service_at_location_list',
  'organization', 'organization_list']) {
  compiled[name] = ajv.compile({ ...load(`uk-profile-3.0/schema/compiled/${name}.json`), $id: `${BASE}compiled/${name}.json` });
}
ajv.addSchema({ ...load('uk-profile-3.0/schema/taxonomy_term.json'), $id: `${BASE}taxonomy_term.json` });
compiled.taxonomy = ajv.compile({ ...load('uk-profile-3.0/schema/taxonomy.json'), $id: `${BASE}taxonomy.json` });
compiled.taxonomy_term = ajv.getSchema(`${BASE}taxonomy_term.json`);
const page = ajv.compile({ ...load('validator/schemas-V3.0-UK/open_api.json').components.schemas.Page, $id: `${BASE}page.json` });

function valid(schema, data, where) {
  const ok = compiled[schema](data);
  assert.ok(ok, `${where} does not validate against ${schema}: ${ajv.errorsText(compiled[schema].errors, { separator: '\n  ' })}`);
}

const ENVELOPE = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'];

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

async function get(path) {
  const res = await fetch(`${srv.url}${path}`);
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { res, status: res.status, body, text };
}

/** Nulls anywhere fail the ORUK rule "omit, never null". */
function noNulls(v, path = '$') {
  if (v === null) assert.fail(`null at ${path}`);
  if (Array.isArray(v)) v.forEach((x, i) => noNulls(x, `${path}[${i}]`));
  else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) noNulls(x, `${path}.${k}`);
}

test("the validator's own fixtures: pass ones validate, fail ones do not", () => {
  for (const [file, schema] of [['service_full', 'service'], ['service_at_location_full', 'service_at_location'],
    ['organization', 'organization']]) {
    assert.ok(compiled[schema](load(`validator/fixtures-pass/${file}.json`)), `pass/${file}`);
  }
  for (const item of load('validator/fixtures-pass/service_list.json').contents) valid('service_list', item, 'pass/service_list');
  assert.equal(compiled.service(load('validator/fixtures-fail/service_full.json')), false, 'fail/service_full fails');
  assert.equal(compiled.service_list(load('validator/fixtures-fail/service_list.json').contents[0]), false,
    'fail/service_list fails');
});

test('/oruk/: the version the validator needs, with CORS', async () => {
  for (const path of ['/oruk/', '/oruk']) {
    const { status, body, res } = await get(path);
    assert.equal(status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(body.version, 'HSDS-UK-3.0');
    assert.match(body.profile, /^https:\/\//);
    assert.match(body.openapi_url, /^https:\/\//);
  }
  const doc = await get('/oruk/openapi.json');
  assert.equal(doc.status, 200);
  assert.equal(doc.body.openapi, '3.1.0');
  assert.ok(doc.body.paths['/services']);
});

test('/oruk/services: the envelope, every item valid, paging edges', async () => {
  const first = await get('/oruk/services');
  assert.equal(first.status, 200);
  assert.deepEqual(Object.keys(first.body).sort(), [...ENVELOPE].sort());
  assert.ok(page(first.body), 'the paging envelope');
  assert.equal(first.body.size, 50, 'default per_page 50');
  assert.ok(first.body.total_items >= 300);
  for (const item of first.body.contents) valid('service_list', item, `service ${item.id}`);
  noNulls(first.body);
  // per_page above 100 is clamped; size and total_pages say what was sent.
  const big = await get('/oruk/services?per_page=500');
  assert.equal(big.body.size, 100);
  assert.equal(big.body.total_pages, Math.ceil(big.body.total_items / 100));
  const last = await get(`/oruk/services?per_page=100&page=${big.body.total_pages}`);
  assert.equal(last.body.last_page, true);
  assert.equal(last.body.first_page, false);
  const beyond = await get(`/oruk/services?page=${big.body.total_pages + 5}`);
  assert.equal(beyond.status, 200);
  assert.equal(beyond.body.empty, true);
  assert.equal(beyond.body.size, 0);
  assert.deepEqual(beyond.body.contents, []);
  // Pages do not overlap.
  const p1 = await get('/oruk/services?per_page=10&page=1'), p2 = await get('/oruk/services?per_page=10&page=2');
  const ids = new Set(p1.body.contents.map((s) => s.id));
  assert.ok(p2.body.contents.every((s) => !ids.has(s.id)));
});

test('/oruk/services/{id}: fully nested and valid, for ten services', async () => {
  const list = await get('/oruk/services?per_page=10&page=3');
  for (const item of list.body.contents) {
    const { status, body } = await get(`/oruk/services/${item.id}`);
    assert.equal(status, 200);
    valid('service', body, `service ${item.id}`);
    noNulls(body);
    assert.equal(body.organization.id, item.organization_id);
    assert.ok(body.service_at_locations.length >= 1);
    assert.ok(body.service_at_locations[0].location.addresses.length >= 1);
    assert.ok(body.schedules.length >= 1);
    assert.ok(body.attributes.some((a) => a.taxonomy_term && a.taxonomy_term.name));
  }
});

test('service_at_locations, taxonomies, taxonomy_terms, organizations: lists and items valid', async () => {
  const sals = await get('/oruk/service_at_locations?per_page=5');
  assert.ok(page(sals.body));
  for (const x of sals.body.contents) {
    valid('service_at_location_list', x, `sal ${x.id}`);
    const one = await get(`/oruk/service_at_locations/${x.id}`);
    valid('service_at_location', one.body, `sal ${x.id}`);
    valid('service', one.body, `sal ${x.id} as the site spec checks it`);
    noNulls(one.body);
  }
  const tax = await get('/oruk/taxonomies');
  assert.ok(tax.body.total_items >= 1);
  for (const t of tax.body.contents) {
    valid('taxonomy', t, `taxonomy ${t.id}`);
    const one = await get(`/oruk/taxonomies/${t.id}`);
    valid('taxonomy', one.body, `taxonomy ${t.id}`);
    assert.ok(one.body.taxonomy_terms.length >= 10);
  }
  const terms = await get(`/oruk/taxonomy_terms?taxonomy_id=${tax.body.contents[0].id}&per_page=100`);
  assert.ok(terms.body.total_items >= 10);
  for (const t of terms.body.contents) valid('taxonomy_term', t, `term ${t.id}`);
  const term = await get(`/oruk/taxonomy_terms/${terms.body.contents[0].id}`);
  valid('taxonomy_term', term.body, 'one term');
  const orgs = await get('/oruk/organizations?per_page=5');
  for (const o of orgs.body.contents) {
    valid('organization_list', o, `organization ${o.id}`);
    const one = await get(`/oruk/organizations/${o.id}`);
    valid('organization', one.body, `organization ${o.id}`);
    assert.ok(one.body.services.length >= 1);
  }
});

test('filters: search with stemming, taxonomy term, organization, day and time, ages, modified_after', async () => {
  const lunch = await get('/oruk/services?search=lunches&per_page=100');
  assert.ok(lunch.body.total_items > 0, '"lunches" finds lunch clubs (stemming)');
  assert.ok(lunch.body.contents.every((s) => /lunch/i.test(`${s.name} ${s.description}`)));
  const none = await get('/oruk/services?search=zzzyxq');
  assert.equal(none.body.total_items, 0);
  const terms = await get('/oruk/taxonomy_terms?per_page=100');
  const befriending = terms.body.contents.find((t) => t.term === 'befriending');
  const byTerm = await get(`/oruk/services?taxonomy_term_id=${befriending.id}&per_page=100`);
  assert.ok(byTerm.body.total_items > 0);
  for (const s of byTerm.body.contents.slice(0, 3)) {
    const full = await get(`/oruk/services/${s.id}`);
    assert.ok(full.body.attributes.some((a) => a.taxonomy_term_id === befriending.id));
  }
  const org = byTerm.body.contents[0].organization_id;
  const byOrg = await get(`/oruk/services?organization_id=${org}&per_page=100`);
  assert.ok(byOrg.body.contents.every((s) => s.organization_id === org));
  const tuesday = await get('/oruk/services?day=TU&start_time=12:00&end_time=13:00&per_page=100');
  assert.ok(tuesday.body.total_items > 0);
  for (const s of tuesday.body.contents.slice(0, 5)) {
    const full = await get(`/oruk/services/${s.id}`);
    assert.ok(full.body.schedules.some((x) => x.byday.includes('TU') && x.opens_at <= '12:00' && x.closes_at >= '13:00'));
  }
  const over = await get('/oruk/services?minimum_age=50&per_page=100');
  assert.ok(over.body.contents.every((s) => s.minimum_age >= 50));
  const future = await get('/oruk/services?modified_after=2999-01-01T00:00:00Z');
  assert.equal(future.body.total_items, 0);
  const unknownTerm = await get('/oruk/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000');
  assert.equal(unknownTerm.status, 200);
  assert.equal(unknownTerm.body.total_items, 0);
});

test('words with filters: the words\' results, in their order, that the filters alone also find', async () => {
  // With words the filters are asked of the words' matches only
  // (dir_search.c row_sets_after): the same answer as the two apart.
  const all = async (q) => {
    const ids = [];
    for (let p = 1; ; p++) {
      const r = await get(`/oruk/services?${q}&per_page=100&page=${p}`);
      assert.equal(r.status, 200);
      ids.push(...r.body.contents.map((s) => s.id));
      if (r.body.last_page) return { ids, total: r.body.total_items };
    }
  };
  for (const words of ['club', 'group', 'lunch', 'advice']) {
    const matched = await all(`search=${words}`);
    assert.ok(matched.total > 0, words);
    for (const filters of ['day=TU', 'minimum_age=18', 'maximum_age=90&day=WE', 'day=TU&start_time=10:00']) {
      const filtered = new Set((await all(filters)).ids);
      const both = await all(`search=${words}&${filters}`);
      assert.deepEqual(both.ids, matched.ids.filter((id) => filtered.has(id)), `${words} & ${filters}`);
      assert.equal(both.total, both.ids.length);
    }
  }
});

test('bad input: 400 JSON, never 500; unknown ids 404; CORS on errors too', async () => {
  for (const path of ['/oruk/services?page=abc', '/oruk/services?page=0', '/oruk/services?per_page=-1',
    '/oruk/services?taxonomy_term_id=not-a-uuid', '/oruk/services/not-a-uuid', '/oruk/services?day=XX',
    '/oruk/services?minimum_age=old', '/oruk/services?modified_after=yesterday',
    '/oruk/services?day=MO&start_time=25:00', '/oruk/services?start_time=09:00',
    `/oruk/services?search=${'x'.repeat(300)}`, '/oruk/taxonomy_terms?top_only=maybe']) {
    const { status, body, res } = await get(path);
    assert.equal(status, 400, path);
    assert.equal(body.error, 'bad_request', path);
    assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
  }
  for (const path of ['/oruk/services/00000000-0000-4000-8000-000000000000',
    '/oruk/service_at_locations/00000000-0000-4000-8000-000000000000',
    '/oruk/taxonomies/00000000-0000-4000-8000-000000000000',
    '/oruk/taxonomy_terms/00000000-0000-4000-8000-000000000000',
    '/oruk/organizations/00000000-0000-4000-8000-000000000000']) {
    const { status, body } = await get(path);
    assert.equal(status, 404, path);
    assert.equal(body.error, 'not_found');
  }
});

// ---- the day filter by the schedule engine, and filters on service_at_locations ----

// Rows as arrays of text, on either backend (the server's own database).
function sql(q) {
  const out = isPostgres
    ? execFileSync(process.env.SN_PSQL || 'psql', ['-X', '-q', '-At', '-F', '|', srv.db, '-c', q], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-separator', '|', srv.db, q], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => l.split('|'));
}

test('day filter: exact, as the schedule engine reads opening times', async () => {
  // One service gets three schedules the old SQL approximation got wrong:
  // Friday 22:00 to 02:00 (past midnight), weekly from a Sunday with no
  // byday (the weekday of dtstart), and Wednesdays that ended in 2020.
  const list = await get('/oruk/services?per_page=1&page=7');
  const svc = list.body.contents[0];
  const [[sid]] = sql(`SELECT id FROM dir_services WHERE uuid = '${svc.id}'`);
  sql(`DELETE FROM dir_schedules WHERE service_id = ${sid}`);
  const row = (uuid, cols, vals) => sql(`INSERT INTO dir_schedules (uuid, service_id, ${cols}) VALUES ('${uuid}', ${sid}, ${vals})`);
  row('5c4e0d9a-0000-4000-8000-000000000001', 'freq, byday, opens_at, closes_at', "'WEEKLY', 'FR', '22:00', '02:00'");
  row('5c4e0d9a-0000-4000-8000-000000000002', 'freq, dtstart, opens_at, closes_at', "'WEEKLY', '2025-01-05', '09:00', '11:00'");
  row('5c4e0d9a-0000-4000-8000-000000000003', 'freq, byday, valid_to, opens_at, closes_at', "'WEEKLY', 'WE', '2020-01-01', '10:00', '12:00'");
  const ids = async (qs) => {
    const r = await get(`/oruk/services?${qs}&organization_id=${svc.organization_id}&per_page=100`);
    assert.equal(r.status, 200, qs);
    assert.equal(r.body.total_items, r.body.contents.length, `${qs}: one page`);
    return r.body.contents.map((s) => s.id);
  };
  assert.ok((await ids('day=FR&start_time=22:30&end_time=23:30')).includes(svc.id), 'a session past midnight covers 22:30-23:30');
  assert.ok((await ids('day=FR')).includes(svc.id), 'open at some time on Friday');
  assert.ok(!(await ids('day=SA&start_time=01:00&end_time=01:30')).includes(svc.id), "Friday's night session is Friday's, not Saturday's");
  assert.ok((await ids('day=SU&start_time=09:30&end_time=10:00')).includes(svc.id), 'weekly without byday: the weekday of dtstart');
  assert.ok(!(await ids('day=MO&start_time=09:30&end_time=10:00')).includes(svc.id));
  assert.ok(!(await ids('day=WE&start_time=10:30&end_time=11:00')).includes(svc.id), 'a schedule that ended is not open');
  assert.ok(!(await ids('day=WE')).includes(svc.id));
  assert.ok(!(await ids('day=SU&start_time=10:30&end_time=11:30')).includes(svc.id), 'closes at 11:00');
  // Only a start: open at that minute.
  assert.ok((await ids('day=SU&start_time=10:59')).includes(svc.id));
  assert.ok(!(await ids('day=SU&start_time=11:00')).includes(svc.id));
  // The Find page's day filter is the same.
  const page = await fetch(`${srv.url}/find?q=${encodeURIComponent(svc.name)}&day=SU`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), new RegExp(svc.id));
});

test('/oruk/service_at_locations: search, taxonomy_term_id, postcode and proximity', async () => {
  const services = async (qs) => (await get(`/oruk/services?${qs}&per_page=100`)).body;
  const sals = async (qs) => {
    const r = await get(`/oruk/service_at_locations?${qs}&per_page=100`);
    assert.equal(r.status, 200, qs);
    assert.ok(page(r.body), `${qs}: the paging envelope`);
    for (const x of r.body.contents) valid('service_at_location_list', x, `${qs}: sal ${x.id}`);
    noNulls(r.body);
    return r.body;
  };
  // Words: the services at locations of the services found (one each in the demo).
  const lunch = await sals('search=lunch');
  assert.ok(lunch.total_items > 0);
  assert.equal(lunch.total_items, (await services('search=lunch')).total_items);
  for (const x of lunch.contents) assert.match(`${x.service.name} ${x.service.description}`, /lunch/i);
  // A taxonomy term.
  const terms = await get('/oruk/taxonomy_terms?per_page=100');
  const befriending = terms.body.contents.find((t) => t.term === 'befriending');
  const byTerm = await sals(`taxonomy_term_id=${befriending.id}`);
  assert.ok(byTerm.total_items > 0);
  assert.equal(byTerm.total_items, (await services(`taxonomy_term_id=${befriending.id}`)).total_items);
  const termIds = new Set((await services(`taxonomy_term_id=${befriending.id}`)).contents.map((s) => s.id));
  for (const x of byTerm.contents) assert.ok(termIds.has(x.service_id), 'each is a befriending service');
  // A postcode and a radius: every location within it, nearest bands first.
  const one = (await get(`/oruk/services/${lunch.contents[0].service_id}`)).body;
  const postcode = one.service_at_locations[0].location.addresses[0].postal_code;
  const [[lat, lon]] = sql(`SELECT lat_e6, lon_e6 FROM postcodes WHERE postcode = '${postcode}'`);
  const metres = (a, b, c, d) => {
    const r = Math.PI / 180, h = Math.sin((c - a) * r / 2) ** 2 + Math.cos(a * r) * Math.cos(c * r) * Math.sin((d - b) * r / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  };
  const q = `postcode=${encodeURIComponent(postcode)}&proximity=1500`;
  const near = await sals(q);
  assert.ok(near.total_items > 0);
  assert.equal(near.total_items, (await services(q)).total_items, 'one location a service in the demo');
  const d = near.contents.map((x) => metres(lat / 1e6, lon / 1e6, x.location.latitude, x.location.longitude));
  for (const m of d) assert.ok(m <= 1501, `${m} m is within 1500 m`);
  const band = (m) => (m <= 1000 ? 0 : 1);
  for (let i = 1; i < d.length; i++) assert.ok(band(d[i - 1]) <= band(d[i]), 'within 1 km first');
  // All three together, and paging.
  const all = await sals(`search=lunch&taxonomy_term_id=${befriending.id}&${q}`);
  assert.equal(all.total_items, (await services(`search=lunch&taxonomy_term_id=${befriending.id}&${q}`)).total_items);
  const p1 = await get(`/oruk/service_at_locations?search=lunch&per_page=2&page=1`);
  const p2 = await get(`/oruk/service_at_locations?search=lunch&per_page=2&page=2`);
  assert.equal(p1.body.size, 2);
  assert.ok(p2.body.contents.every((x) => !p1.body.contents.some((y) => y.id === x.id)), 'pages do not overlap');
  const beyond = await get(`/oruk/service_at_locations?search=lunch&page=${lunch.total_pages + 3}`);
  assert.equal(beyond.body.empty, true);
  // An unknown term finds nothing; bad input is a 400 with CORS.
  const unknown = await sals('taxonomy_term_id=00000000-0000-4000-8000-000000000000');
  assert.equal(unknown.total_items, 0);
  for (const path of ['/oruk/service_at_locations?proximity=500', '/oruk/service_at_locations?postcode=NOT1',
    '/oruk/service_at_locations?postcode=ZZ99+9ZZ', '/oruk/service_at_locations?taxonomy_term_id=nope',
    `/oruk/service_at_locations?search=${'x'.repeat(300)}`, '/oruk/service_at_locations?postcode=AV1+0AF&proximity=0']) {
    const r = await get(path);
    assert.equal(r.status, 400, path);
    assert.equal(r.body.error, 'bad_request', path);
    assert.equal(r.res.headers.get('access-control-allow-origin'), '*', path);
  }
});
