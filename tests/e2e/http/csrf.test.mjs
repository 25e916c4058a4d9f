// CSRF: state-changing requests without the session's token, or with a
// wrong one, are refused with 403 and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail, DEMO_PASSWORD } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn, sessionSetCookie } from './http-helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

async function assertStillSignedIn(c, name) {
  const res = await c.get('/account', { headers: JSON_ACCEPT });
  assert.equal(res.status, 200, 'the session was ended');
  assert.equal(jsonOf(res).name, name);
}

async function assertCsrfRefusal(res) {
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'csrf');
  assert.equal(sessionSetCookie(res), null, 'a refused request set a cookie');
}

test('sign-out without a token, with a wrong token or another session\'s token: 403, still signed in', async () => {
  const c = await signedIn(srv.url, 'resident');
  const other = await signedIn(srv.url, 'carer');
  const before = auditCount(srv.db);

  await assertCsrfRefusal(await c.post('/sign-out', {}, { headers: JSON_ACCEPT }));
  await assertCsrfRefusal(await c.post('/sign-out', { csrf_token: 'x'.repeat(c.token.length) }, { headers: JSON_ACCEPT }));
  await assertCsrfRefusal(await c.post('/sign-out', { csrf_token: c.token.slice(0, -1) }, { headers: JSON_ACCEPT }));
  await assertCsrfRefusal(await c.post('/sign-out', { csrf_token: '' }, { headers: JSON_ACCEPT }));
  await assertCsrfRefusal(await c.post('/sign-out', { csrf_token: other.token }, { headers: JSON_ACCEPT }));
  await assertCsrfRefusal(await c.post('/sign-out', {}, { headers: { ...JSON_ACCEPT, 'x-csrf-token': 'wrong' } }));
  // An empty body (no form at all) is no way round the check either.
  await assertCsrfRefusal(await c.request('POST', '/sign-out', { headers: JSON_ACCEPT }));

  await assertStillSignedIn(c, 'Rose Ashdown');
  await assertStillSignedIn(other, 'Sam Ashdown');
  assert.equal(auditCount(srv.db), before, 'a refused sign-out wrote to the audit chain');

  // The HTML refusal explains what to do.
  const html = await c.post('/sign-out', {});
  assert.equal(html.status, 403);
  assert.match(html.text_, /The form had expired or was not sent from this service/);

  // With the right token it works, which shows the checks above could fail.
  const out = await c.post('/sign-out', { csrf_token: c.token });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/signed-out');
  assert.equal(auditCount(srv.db), before + 1);
  const after = await c.get('/account', { headers: JSON_ACCEPT });
  assert.equal(after.status, 401);
});

test('the token may also come in the X-CSRF-Token header', async () => {
  const c = await signedIn(srv.url, 'worker');
  const out = await c.request('POST', '/sign-out', { headers: { 'x-csrf-token': c.token } });
  assert.equal(out.status, 303);
  assert.equal((await c.get('/account', { headers: JSON_ACCEPT })).status, 401);
});

test('sign-in without a token or with a wrong one: 403, no session, no audit entry', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/sign-in'); // an anonymous session with a token
  const anonCookie = c.cookies.get('sn_session');
  const before = auditCount(srv.db);
  const creds = { email: demoEmail('resident'), password: DEMO_PASSWORD };

  await assertCsrfRefusal(await c.post('/sign-in', creds, { headers: JSON_ACCEPT }));
  await assertCsrfRefusal(await c.post('/sign-in', { ...creds, csrf_token: token.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) }, { headers: JSON_ACCEPT }));
  // With no session at all there is no token to match.
  const bare = new Client(srv.url);
  await assertCsrfRefusal(await bare.post('/sign-in', { ...creds, csrf_token: token }, { headers: JSON_ACCEPT }));

  assert.equal(c.cookies.get('sn_session'), anonCookie);
  const acct = await c.get('/account', { headers: JSON_ACCEPT });
  assert.equal(acct.status, 401, 'a refused sign-in signed the user in');
  assert.equal(auditCount(srv.db), before, 'a refused sign-in reached the password check');

  // The same request with the token succeeds.
  const ok = await c.post('/sign-in', { ...creds, csrf_token: token });
  assert.equal(ok.status, 303);
  assert.equal(auditCount(srv.db), before + 1);
});

test('the CSRF check comes after the permission check (anonymous POST: 401, not 403)', async () => {
  const res = await new Client(srv.url).post('/sign-out', {}, { headers: JSON_ACCEPT });
  assert.equal(res.status, 401);
});
