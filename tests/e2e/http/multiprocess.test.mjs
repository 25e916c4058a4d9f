// Two `supportnet serve` processes on one PostgreSQL database, as behind a
// load balancer: a session made on one works on the other, signing out on
// either ends it on both, and concurrent writes through both lose nothing
// (the audit chain stays whole and holds every audited action).
// Runs only with SN_PG_URL set (see docs/testing.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail, isPostgres } from '../lib/server.mjs';
import { JSON_ACCEPT, auditCount, signedIn } from './http-helpers.mjs';

const skip = !isPostgres && 'needs PostgreSQL: set SN_PG_URL (scripts/pg-cluster start DIR)';
// More threads than cores, so each process writes on several connections;
// and no limit per client address, since this one address plays a hundred
// visitors at once (a real area's visitors come from their own addresses).
const args = ['--threads', '8', '--max-per-address', '0'];

let a, b;
before(async () => {
  if (skip) return;
  a = await startServer({ args });
  b = await startServer({ args, db: a.db }); // the same database
});
after(async () => {
  // b first: stopping a drops the database.
  try { await b?.stop(); } finally { await a?.stop(); }
});

/** A client on `base` holding only the session cookie of `c`. */
function sameSession(base, c) {
  const other = new Client(base);
  other.cookies.set('sn_session', c.cookies.get('sn_session'));
  return other;
}

test('a session made on one server works on the other', { skip }, async () => {
  const n = auditCount(a.db);
  const ca = new Client(a.url);
  assert.equal((await ca.signIn(demoEmail('resident'))).status, 303);
  const cb = sameSession(b.url, ca);
  const me = await cb.get('/account', { headers: JSON_ACCEPT });
  assert.equal(me.status, 200, `server B does not know server A's session: ${me.text_.slice(0, 300)}`);
  assert.equal(JSON.parse(me.text_).name, 'Rose Ashdown');
  assert.equal((await ca.get('/account', { headers: JSON_ACCEPT })).status, 200);
  assert.equal(auditCount(b.db), n + 1, 'the sign-in on A is not in the chain');
});

test('signing out on B ends the session on A', { skip }, async () => {
  const n = auditCount(a.db);
  const ca = new Client(a.url);
  assert.equal((await ca.signIn(demoEmail('carer'))).status, 303);
  const cb = sameSession(b.url, ca);
  // The CSRF token belongs to the session, so B's form carries A's token.
  const token = await cb.csrf('/account');
  assert.equal(token, await ca.csrf('/account'), 'the two servers give the session different CSRF tokens');
  const out = await cb.post('/sign-out', { csrf_token: token });
  assert.equal(out.status, 303, `sign-out on B: ${out.status} ${out.text_.slice(0, 300)}`);
  assert.equal(out.headers.get('location'), '/signed-out');
  // A must not keep the session alive (no per-process session cache).
  const replay = sameSession(a.url, ca);
  assert.equal((await replay.get('/account', { headers: JSON_ACCEPT })).status, 401,
    'the session signed out on B still works on A');
  assert.equal(auditCount(a.db), n + 2, 'sign-in on A + sign-out on B');
});

test('concurrent sign-ins, sign-outs and break glass through both servers lose nothing', { skip }, async () => {
  // Tom (worker2) has no relationship with Rose: he breaks glass to read her record.
  const rose = await signedIn(a.url, 'resident');
  const loc = (await rose.get('/me')).headers.get('location');
  const roseId = loc?.match(/^\/people\/([0-9a-f-]{36})$/)?.[1];
  assert.ok(roseId, `no record id from /me: ${loc}`);
  const tom = await signedIn(a.url, 'worker2');
  const tomOnB = sameSession(b.url, tom);
  const n = auditCount(a.db);

  const logins = ['resident', 'carer', 'worker', 'worker2', 'partner', 'coordinator',
    'moderator', 'commissioner', 'admin'];
  const PER_SERVER = 50, GLASS_PER_SERVER = 10;
  let audited = 0;
  const failures = [];
  const check = (ok, what) => { if (!ok) failures.push(what); };

  // One person's visit: sign in on `here`, use the session on `there`, and
  // (every other one) sign out there.
  const visit = async (here, there, i) => {
    const c = new Client(here.url);
    const res = await c.signIn(demoEmail(logins[i % logins.length]));
    check(res.status === 303, `sign-in ${i} on ${here.url}: ${res.status} ${res.text_.slice(0, 200)}`);
    if (res.status !== 303) return;
    audited++;
    const o = sameSession(there.url, c);
    const me = await o.get('/account', { headers: JSON_ACCEPT });
    check(me.status === 200, `session ${i} from ${here.url} on ${there.url}: ${me.status}`);
    if (i % 2) {
      const token = await o.csrf('/account');
      const out = await o.post('/sign-out', { csrf_token: token });
      check(out.status === 303, `sign-out ${i} on ${there.url}: ${out.status} ${out.text_.slice(0, 200)}`);
      if (out.status === 303) audited++;
    }
  };
  const glass = async (c, i) => {
    const res = await c.post(`/people/${roseId}/break-glass`,
      { csrf_token: tom.token, reason: `Concurrent emergency access number ${i} for the test` });
    check(res.status === 303, `break glass ${i} on ${c.base}: ${res.status} ${res.text_.slice(0, 200)}`);
    if (res.status === 303) audited++;
  };

  const work = [];
  for (let i = 0; i < PER_SERVER; i++) {
    work.push(visit(a, b, i), visit(b, a, PER_SERVER + i));
  }
  for (let i = 0; i < GLASS_PER_SERVER; i++) work.push(glass(tom, i), glass(tomOnB, GLASS_PER_SERVER + i));
  await Promise.all(work);

  assert.deepEqual(failures, [], 'requests failed under concurrent load');
  const expected = PER_SERVER * 2 + PER_SERVER + GLASS_PER_SERVER * 2;
  assert.equal(audited, expected);
  // auditCount asserts that `audit verify` finds the chain whole.
  assert.equal(auditCount(a.db), n + expected, 'audit entries were lost or added');
  // And Tom can now read the record through either server.
  for (const c of [tom, tomOnB]) {
    const r = await c.get(`/people/${roseId}`, { headers: JSON_ACCEPT });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.text_).basis, 'break glass');
  }
});
