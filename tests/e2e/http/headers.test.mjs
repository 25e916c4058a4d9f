// Security headers on every kind of reply, and HSTS and Secure cookies
// only behind a TLS front (--tls-front).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail } from '../lib/server.mjs';
import { JSON_ACCEPT, rawRequest, sessionSetCookie } from './http-helpers.mjs';

/** Splits a CSP into { directive: [sources] }. */
function parseCsp(csp) {
  const out = {};
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

/** Asserts the security headers; get(name) reads a header. */
function assertSecurityHeaders(get, what, { tls }) {
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  const d = parseCsp(csp);
  const scripts = d['script-src'] || d['default-src'];
  assert.ok(scripts, `${what}: CSP has neither script-src nor default-src`);
  assert.ok(!scripts.includes("'unsafe-inline'"), `${what}: script-src allows 'unsafe-inline'`);
  assert.ok(!scripts.includes("'unsafe-eval'"), `${what}: script-src allows 'unsafe-eval'`);
  assert.deepEqual(d['frame-ancestors'], ["'none'"], `${what}: frame-ancestors is not 'none'`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.match(get('referrer-policy') || '',
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
    `${what}: Referrer-Policy missing or leaks the referrer`);
  assert.match(get('permissions-policy') || '', /\w+=\(\)/, `${what}: Permissions-Policy`);
  const hsts = get('strict-transport-security');
  if (tls) {
    assert.ok(hsts, `${what}: no HSTS behind --tls-front`);
    const age = Number((hsts.match(/max-age=(\d+)/) || [])[1]);
    assert.ok(age >= 15552000, `${what}: HSTS max-age ${age} is under 180 days`);
  } else {
    assert.equal(hsts, null, `${what}: HSTS sent without --tls-front (would pin plain HTTP hosts)`);
  }
}

/** Every kind of reply: [what, request(c), expected status]. */
const kinds = [
  ['page', (c) => c.get('/'), 200],
  ['asset', (c) => c.get('/assets/supportnet.css'), 200],
  ['plain text', (c) => c.get('/healthz'), 200],
  ['404 page', (c) => c.get('/no-such-page'), 404],
  ['405 page', (c) => c.request('DELETE', '/sign-in'), 405],
  ['redirect', (c) => c.get('/account'), 303],
  ['JSON error', (c) => c.get('/account', { headers: JSON_ACCEPT }), 401],
  ['JSON 404', (c) => c.get('/nothing', { headers: JSON_ACCEPT }), 404],
  ['401 on a POST', (c) => c.post('/sign-out', {}), 401],
  ['CSRF refusal', (c) => c.post('/sign-in', { email: 'someone@example.org', password: 'x' }), 403],
  ['signed-in JSON', async (c) => { await c.signIn(demoEmail('resident')); return c.get('/account', { headers: JSON_ACCEPT }); }, 200],
];

for (const tls of [false, true]) {
  describe(tls ? 'with --tls-front' : 'without --tls-front', () => {
    let srv;
    before(async () => { srv = await startServer({ args: tls ? ['--tls-front'] : [] }); });
    after(async () => { await srv?.stop(); });

    for (const [what, send, status] of kinds) {
      test(`security headers on a ${what}`, async () => {
        const res = await send(new Client(srv.url));
        assert.equal(res.status, status, `${what}: status`);
        assertSecurityHeaders((h) => res.headers.get(h), what, { tls });
      });
    }

    test('security headers on a 414 and a 400 sent before routing', async () => {
      for (const [req, status] of [
        [`GET /${'a'.repeat(5000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 414],
        ['GET /?a=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
      ]) {
        const res = await rawRequest(srv.url, req);
        assert.equal(res.status, status);
        assertSecurityHeaders((h) => res.headers[h] ?? null, `${status}`, { tls });
      }
    });

    test(`session cookies ${tls ? 'are' : 'are not'} Secure; always HttpOnly and SameSite=Lax`, async () => {
      const c = new Client(srv.url);
      const anon = sessionSetCookie(await c.get('/sign-in'));
      const signed = sessionSetCookie(await c.signIn(demoEmail('resident')));
      const token = await c.csrf('/account');
      const cleared = sessionSetCookie(await c.post('/sign-out', { csrf_token: token }));
      for (const [what, ck] of [['anonymous', anon], ['signed-in', signed], ['cleared', cleared]]) {
        assert.ok(ck, `${what}: no session cookie set`);
        assert.ok(ck.attrs.includes('httponly'), `${what}: not HttpOnly`);
        assert.ok(ck.attrs.includes('samesite=lax'), `${what}: not SameSite=Lax`);
        assert.ok(ck.attrs.includes('path=/'), `${what}: not Path=/`);
        assert.equal(ck.attrs.includes('secure'), tls, `${what}: Secure should be ${tls}`);
      }
      assert.ok(cleared.attrs.includes('max-age=0'), 'sign-out does not clear the cookie');
    });
  });
}
