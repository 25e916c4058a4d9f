// Behind our own reverse proxy (--behind-proxy): the client address comes
// from X-Forwarded-For, so loopback-only routes and per-address throttling
// see the real client, not the proxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--behind-proxy'] }); });
after(async () => { await srv?.stop(); });

test('/metrics is refused to a remote client forwarded by the proxy', async () => {
  const c = new Client(srv.url);
  const remote = await c.get('/metrics', { headers: { 'x-forwarded-for': '203.0.113.7', accept: 'application/json' } });
  assert.equal(remote.status, 401);
  const local = await c.get('/metrics', { headers: { 'x-forwarded-for': '203.0.113.7, 127.0.0.1' } });
  assert.equal(local.status, 200, 'the last X-Forwarded-For entry is the one the proxy saw');
});

test('the per-address throttle counts the forwarded address, not the proxy', async () => {
  // 20 failures from one forwarded address lock that address only.
  const from = (ip) => ({ headers: { 'x-forwarded-for': ip } });
  for (let i = 0; i < 20; i++) {
    const c = new Client(srv.url);
    const token = await c.csrf('/sign-in');
    const res = await c.post('/sign-in', { csrf_token: token, email: `nobody${i}@example.org`, password: 'wrong-password-1' }, from('198.51.100.1'));
    assert.equal(res.status, 401);
  }
  const locked = new Client(srv.url);
  let token = await locked.csrf('/sign-in');
  let res = await locked.post('/sign-in', { csrf_token: token, email: demoEmail('worker'), password: 'ashby-vale-demo' }, from('198.51.100.1'));
  assert.equal(res.status, 429);
  const other = new Client(srv.url);
  token = await other.csrf('/sign-in');
  res = await other.post('/sign-in', { csrf_token: token, email: demoEmail('worker'), password: 'ashby-vale-demo' }, from('198.51.100.2'));
  assert.equal(res.status, 303, 'another address is not locked out');
});
