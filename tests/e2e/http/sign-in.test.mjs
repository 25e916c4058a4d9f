// Signing in and out: new session id at sign-in, cookie attributes, error
// messages, the `next` target and the end of the session at sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail, DEMO_PASSWORD } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, sessionSetCookie } from './http-helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

/** A client holding only the given session cookie value. */
function withCookie(value) {
  const c = new Client(srv.url);
  c.cookies.set('sn_session', value);
  return c;
}

test('the right password: 303 to /, a new HttpOnly SameSite=Lax session cookie', async () => {
  const c = new Client(srv.url);
  const form = await c.get('/sign-in');
  assert.equal(form.status, 200);
  const anon = sessionSetCookie(form);
  assert.ok(anon, 'GET /sign-in sets no anonymous session cookie');
  const token = form.text_.match(/name="csrf_token" value="([^"]+)"/)[1];
  const before = auditCount(srv.db);

  const res = await c.post('/sign-in', { csrf_token: token, email: demoEmail('resident'), password: DEMO_PASSWORD });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const fresh = sessionSetCookie(res);
  assert.ok(fresh, 'no session cookie set at sign-in');
  assert.notEqual(fresh.value, anon.value, 'the session id was not renewed at sign-in (fixation)');
  assert.ok(fresh.value.length >= 43, 'session id is short');
  assert.ok(fresh.attrs.includes('httponly'));
  assert.ok(fresh.attrs.includes('samesite=lax'));
  assert.ok(!fresh.attrs.some((a) => a.startsWith('max-age') || a.startsWith('expires')),
    'the session cookie should end with the browser session');
  assert.equal(auditCount(srv.db), before + 1, 'sign-in is not audited');

  const me = await c.get('/account', { headers: JSON_ACCEPT });
  assert.equal(me.status, 200);
  assert.equal(jsonOf(me).name, 'Rose Ashdown');

  // The anonymous cookie (a signed form token; nothing about it is stored)
  // never becomes the signed-in session: used after sign-in it is still
  // only a visitor's.
  assert.ok(anon.value.startsWith('a.'), 'a visitor\'s cookie is a signed token, not a stored session');
  const old = await withCookie(anon.value).get('/account', { headers: JSON_ACCEPT });
  assert.equal(old.status, 401, 'the cookie from before sign-in is signed in');
});

test('email addresses are matched as stored; a different password is refused', async () => {
  const c = new Client(srv.url);
  const res = await c.signIn(demoEmail('resident'), DEMO_PASSWORD.toUpperCase());
  assert.equal(res.status, 401);
});

test('a wrong password: 401 with the error summary, not signed in', async () => {
  const c = new Client(srv.url);
  const res = await c.signIn(demoEmail('worker'), 'not-the-password');
  assert.equal(res.status, 401);
  assert.equal(sessionSetCookie(res), null, 'a failed sign-in changed the session');
  assert.match(res.text_, /class="govuk-error-summary"/);
  assert.match(res.text_, /The email address or password is not correct/);
  assert.match(res.text_, /<title>Error: Sign in - SupportNet<\/title>/);
  // The email is kept in the form; the password is not echoed.
  assert.match(res.text_, new RegExp(`value="${demoEmail('worker')}"`));
  assert.doesNotMatch(res.text_, /not-the-password/);
  assert.equal((await c.get('/account', { headers: JSON_ACCEPT })).status, 401);
});

test('an unknown email gets the same 401 as a wrong password', async () => {
  const res = await new Client(srv.url).signIn('nobody@demo.supportnet.test', 'whatever-password');
  assert.equal(res.status, 401);
  assert.match(res.text_, /The email address or password is not correct/);
});

test('a missing email: 400 "Enter your email address"', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/sign-in');
  const before = auditCount(srv.db);
  const res = await c.post('/sign-in', { csrf_token: token, password: DEMO_PASSWORD });
  assert.equal(res.status, 400);
  assert.match(res.text_, /class="govuk-error-summary"/);
  assert.match(res.text_, /Enter your email address/);
  assert.equal(auditCount(srv.db), before, 'the password was checked without an email');
  const blank = await c.post('/sign-in', { csrf_token: token, email: '   ', password: DEMO_PASSWORD });
  assert.equal(blank.status, 400);
  assert.match(blank.text_, /Enter your email address/);
});

test('a missing password: 400 "Enter your password"', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/sign-in');
  const res = await c.post('/sign-in', { csrf_token: token, email: demoEmail('resident') });
  assert.equal(res.status, 400);
  assert.match(res.text_, /Enter your password/);
});

for (const next of ['//evil.example', '//evil.example/account', 'https://evil.example', 'https://evil.example/',
  '/\\evil.example', 'evil.example', 'javascript:alert(1)', '/\r\nSet-Cookie: x=1', ' //evil.example']) {
  test(`next=${JSON.stringify(next)} is not followed: redirect to /`, async () => {
    const c = new Client(srv.url);
    const token = await c.csrf('/sign-in');
    const res = await c.post('/sign-in', { csrf_token: token, email: demoEmail('carer'), password: DEMO_PASSWORD, next });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/');
  });
}

test('a local next is followed, and the form carries it over', async () => {
  const c = new Client(srv.url);
  const form = await c.get('/sign-in?next=/account');
  assert.match(form.text_, /name="next" value="\/account"/);
  const evil = await c.get('/sign-in?next=//evil.example');
  assert.match(evil.text_, /name="next" value="\/"/);
  const token = form.text_.match(/name="csrf_token" value="([^"]+)"/)[1];
  const res = await c.post('/sign-in', { csrf_token: token, email: demoEmail('carer'), password: DEMO_PASSWORD, next: '/account' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account');
});

test('sign-out ends the session: the old cookie no longer works', async () => {
  const c = new Client(srv.url);
  await c.signIn(demoEmail('worker'));
  const cookie = c.cookies.get('sn_session');
  assert.equal((await withCookie(cookie).get('/account', { headers: JSON_ACCEPT })).status, 200);
  const token = await c.csrf('/account');
  const before = auditCount(srv.db);
  const res = await c.post('/sign-out', { csrf_token: token });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/signed-out');
  assert.ok(sessionSetCookie(res).attrs.includes('max-age=0'), 'the cookie is not cleared');
  assert.equal(auditCount(srv.db), before + 1, 'sign-out is not audited');
  // Replaying the old cookie (as a thief would) gets nothing.
  const replay = withCookie(cookie);
  assert.equal((await replay.get('/account', { headers: JSON_ACCEPT })).status, 401);
  const html = await replay.get('/account');
  assert.equal(html.status, 303);
  assert.equal(html.headers.get('location'), '/sign-in?next=/account');
  assert.equal((await replay.post('/sign-out', { csrf_token: token }, { headers: JSON_ACCEPT })).status, 401);
  const page = await c.get('/signed-out');
  assert.equal(page.status, 200);
});
