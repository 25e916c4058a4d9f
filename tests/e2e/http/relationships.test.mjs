// Relationship-based access to a person's record: the assigned worker and
// the named carer may read it, another worker may not until he breaks
// glass with a written reason; every read is audited and the chain holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, roseId, priya, tom, sam, rose;
before(async () => {
  srv = await startServer();
  [rose, priya, tom, sam] = await Promise.all(['resident', 'worker', 'worker2', 'carer'].map((l) => signedIn(srv.url, l)));
  const me = await rose.get('/me');
  assert.equal(me.status, 303);
  roseId = me.headers.get('location').match(/^\/people\/([0-9a-f-]{36})$/)[1];
});
after(async () => { await srv?.stop(); });

const record = () => `/people/${roseId}`;

async function read(c) {
  const res = await c.get(record(), { headers: JSON_ACCEPT });
  return { status: res.status, body: jsonOf(res) };
}

test('the resident reads her own record (one audit entry)', async () => {
  const n = auditCount(srv.db);
  const { status, body } = await read(rose);
  assert.equal(status, 200);
  assert.equal(body.name, 'Rose Ashdown');
  assert.equal(body.basis, 'self');
  assert.equal(auditCount(srv.db), n + 1);
});

test('the assigned worker (Priya) reads Rose\'s record (one audit entry)', async () => {
  const n = auditCount(srv.db);
  const { status, body } = await read(priya);
  assert.equal(status, 200);
  assert.equal(body.name, 'Rose Ashdown');
  assert.equal(body.uuid, roseId);
  assert.equal(body.basis, 'assigned worker');
  assert.equal(auditCount(srv.db), n + 1);
});

test('the named carer (Sam) reads Rose\'s record (one audit entry)', async () => {
  const n = auditCount(srv.db);
  const { status, body } = await read(sam);
  assert.equal(status, 200);
  assert.equal(body.name, 'Rose Ashdown');
  assert.equal(body.basis, 'named by the person');
  assert.equal(auditCount(srv.db), n + 1);
});

test('each read adds exactly one entry', async () => {
  const n = auditCount(srv.db);
  for (let i = 0; i < 3; i++) assert.equal((await read(priya)).status, 200);
  assert.equal(auditCount(srv.db), n + 3);
});

test('another worker (Tom): 403 "relationship", no record data, offered break glass', async () => {
  const n = auditCount(srv.db);
  const { status, body } = await read(tom);
  assert.equal(status, 403);
  assert.equal(body.reason, 'relationship');
  assert.equal(body.can_break_glass, true);
  for (const k of ['name', 'nhs_number', 'postcode', 'date_of_birth']) assert.ok(!(k in body), `leaks ${k}`);
  assert.equal(auditCount(srv.db), n + 1, 'the denied read is not audited');
  const html = await tom.get(record());
  assert.equal(html.status, 403);
  assert.match(html.text_, new RegExp(`href="/people/${roseId}/break-glass"`));
  assert.doesNotMatch(html.text_, /Ashdown/);
});

test('Tom cannot change the record either', async () => {
  const res = await tom.post(`${record()}/contact`, { csrf_token: tom.token, postcode: 'SW1A 1AA' }, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'relationship');
  const { body } = await read(priya);
  assert.notEqual(body.postcode, 'SW1A 1AA');
});

test('a break-glass reason under 20 characters: 400 and nothing changes', async () => {
  const n = auditCount(srv.db);
  for (const reason of ['', 'urgent', 'x'.repeat(19), `   ${'y'.repeat(18)}   `]) {
    const res = await tom.post(`${record()}/break-glass`, { csrf_token: tom.token, reason });
    assert.equal(res.status, 400, `reason ${JSON.stringify(reason)}`);
    assert.match(res.text_, /class="govuk-error-summary"/);
    assert.match(res.text_, /must be 20 characters or more|Enter the reason/);
  }
  assert.equal(auditCount(srv.db), n, 'a refused break glass wrote to the audit chain');
  const after = await read(tom);
  assert.equal(after.status, 403, 'a short reason opened the record');
  assert.equal(after.body.reason, 'relationship');
});

test('break glass needs the CSRF token', async () => {
  const n = auditCount(srv.db);
  const res = await tom.post(`${record()}/break-glass`, { reason: 'A reason that is long enough to pass' }, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'csrf');
  assert.equal(auditCount(srv.db), n);
  assert.equal((await read(tom)).status, 403);
});

test('break glass with a 20+ character reason: audited, then Tom can read the record', async () => {
  const n = auditCount(srv.db);
  const reason = 'Rose fell at home; out-of-hours call';
  assert.ok(reason.length >= 20);
  const res = await tom.post(`${record()}/break-glass`, { csrf_token: tom.token, reason });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), record());
  assert.equal(auditCount(srv.db), n + 1, 'break glass is not audited');
  const { status, body } = await read(tom);
  assert.equal(status, 200);
  assert.equal(body.name, 'Rose Ashdown');
  assert.equal(body.basis, 'break glass');
  assert.equal(body.break_glass, true);
  assert.equal(auditCount(srv.db), n + 2);
  // The record's own access log shows the emergency access and its reason.
  const entry = body.access_log.find((e) => e.what === 'Used emergency access');
  assert.ok(entry, 'break glass missing from the access log');
  assert.equal(entry.who, 'Tom Whitfield');
  assert.equal(entry.why, reason);
});

test('a worker\'s break glass does not open the record for other workers', async () => {
  const admin = await signedIn(srv.url, 'admin');
  const { status, body } = await read(admin);
  assert.equal(status, 403);
  assert.equal(body.reason, 'relationship');
});

test('the audit chain verifies after all of this', () => {
  // auditCount asserts `audit verify` exits 0 (chain whole).
  assert.ok(auditCount(srv.db) > 10);
});
