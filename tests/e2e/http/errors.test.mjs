// 404 and 405 replies, as HTML by default and as JSON when asked for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf } from './http-helpers.mjs';

let srv, c;
before(async () => { srv = await startServer(); c = new Client(srv.url); });
after(async () => { await srv?.stop(); });

test('unknown path: 404 HTML page', async () => {
  const res = await c.get('/no-such-page');
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.match(res.text_, /<title>Page not found - SupportNet<\/title>/);
});

test('unknown path: 404 JSON with an error field', async () => {
  const res = await c.get('/no-such-page', { headers: JSON_ACCEPT });
  assert.equal(res.status, 404);
  const body = jsonOf(res);
  assert.equal(body.error, 'not_found');
});

test('unknown path below a known prefix is 404, not 405', async () => {
  const res = await c.get('/assets', { headers: JSON_ACCEPT });
  assert.equal(res.status, 404);
  assert.equal(jsonOf(res).error, 'not_found');
});

const wrongMethods = [
  // path, method, what Allow must list
  ['/sign-in', 'DELETE', ['GET', 'HEAD', 'POST']],
  ['/', 'POST', ['GET', 'HEAD']],
  ['/sign-out', 'GET', ['POST']],
];

for (const [path, method, allow] of wrongMethods) {
  test(`${method} ${path}: 405 HTML with Allow`, async () => {
    const res = await c.request(method, path);
    assert.equal(res.status, 405);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(res.text_, /That method is not allowed here/);
    const got = res.headers.get('allow').split(',').map((s) => s.trim()).sort();
    assert.deepEqual(got, [...allow].sort());
  });

  test(`${method} ${path}: 405 JSON with Allow`, async () => {
    const res = await c.request(method, path, { headers: JSON_ACCEPT });
    assert.equal(res.status, 405);
    const got = res.headers.get('allow').split(',').map((s) => s.trim()).sort();
    assert.deepEqual(got, [...allow].sort());
    const body = jsonOf(res);
    assert.equal(body.error, 'method_not_allowed');
  });
}

test('POST / with a form body gets 405 before any CSRF or body check', async () => {
  // No token is sent: a 403 here would mean the method check came too late.
  const res = await c.request('POST', '/', { headers: JSON_ACCEPT, form: { a: '1' } });
  assert.equal(res.status, 405);
});
