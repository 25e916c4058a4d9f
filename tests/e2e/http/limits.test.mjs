// Limits on what a client may send (body, headers, URI, fields, escapes),
// the connection cap (--max-connections) and the idle timeout (--timeout).
// After the abuse the server must still answer.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, rawRequest, openSocket } from './http-helpers.mjs';

const MiB = 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded';

/** A urlencoded body of exactly n bytes made of fields under 64 KiB. */
function formOfLength(n) {
  const parts = [];
  let len = 0, i = 0;
  while (len < n) {
    const name = `f${i++}=`;
    const sep = parts.length ? 1 : 0;
    const room = n - len - sep - name.length;
    const v = Math.max(0, Math.min(60000, room));
    parts.push(name + 'x'.repeat(v));
    len += sep + name.length + v;
  }
  const s = parts.join('&');
  assert.equal(s.length, n);
  return s;
}

function fieldsForm(count) {
  return Array.from({ length: count }, (_, i) => `f${i}=1`).join('&');
}

describe('request limits', () => {
  let srv, c;
  before(async () => { srv = await startServer(); c = new Client(srv.url); });
  after(async () => { await srv?.stop(); });

  test('a body of exactly 1 MiB is read (refused for CSRF, not for size)', async () => {
    const res = await c.request('POST', '/sign-in', {
      body: formOfLength(MiB), headers: { 'content-type': FORM, ...JSON_ACCEPT },
    });
    assert.equal(res.status, 403);
    assert.equal(jsonOf(res).reason, 'csrf');
  });

  test('413 for a Content-Length over 1 MiB, before the body is sent', async () => {
    const res = await rawRequest(srv.url,
      `POST /sign-in HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: ${FORM}\r\n` +
      `Content-Length: ${MiB + 1}\r\n\r\n`);
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.body).error, 'too_large');
  });

  // libmicrohttpd answers these itself, before our handler runs (so without
  // our security headers; 0.9.75 also repeats its status line and headers).
  for (const [cl, status] of [['99999999999999999999999', 413], ['-5', 400], ['12abc', 400]]) {
    test(`${status} for a Content-Length of ${cl}`, async () => {
      const res = await rawRequest(srv.url,
        `POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: ${FORM}\r\n` +
        `Content-Length: ${cl}\r\nConnection: close\r\n\r\n`);
      assert.equal(res.status, status);
    });
  }

  test('413 for a chunked body (no Content-Length) that grows over 1 MiB', async () => {
    const body = formOfLength(MiB + 100);
    const chunks = [];
    for (let i = 0; i < body.length; i += 64 * 1024) {
      const part = body.slice(i, i + 64 * 1024);
      chunks.push(`${part.length.toString(16)}\r\n${part}\r\n`);
    }
    const res = await rawRequest(srv.url,
      `POST /sign-in HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: ${FORM}\r\n` +
      `Transfer-Encoding: chunked\r\n\r\n${chunks.join('')}0\r\n\r\n`);
    assert.equal(res.status, 413);
    assert.equal(JSON.parse(res.body).error, 'too_large');
  });

  test('a small chunked body is read normally (403 for CSRF)', async () => {
    const form = 'email=a%40b.org&password=x';
    const res = await rawRequest(srv.url,
      `POST /sign-in HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: ${FORM}\r\n` +
      `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${form.length.toString(16)}\r\n${form}\r\n0\r\n\r\n`);
    assert.equal(res.status, 403);
    assert.equal(JSON.parse(res.body).reason, 'csrf');
  });

  test('431 from libmicrohttpd for headers over its 32 KiB connection memory', async () => {
    const res = await rawRequest(srv.url,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(40 * 1024)}\r\nConnection: close\r\n\r\n`);
    assert.equal(res.status, 431);
  });

  test('431 for many headers adding up over the limit', async () => {
    const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'b'.repeat(100)}\r\n`).join('');
    const res = await rawRequest(srv.url, `GET /healthz HTTP/1.1\r\nHost: x\r\n${many}Connection: close\r\n\r\n`);
    assert.equal(res.status, 431);
  });

  test('a 16 KiB header is still accepted', async () => {
    const res = await rawRequest(srv.url,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(16 * 1024)}\r\nConnection: close\r\n\r\n`);
    assert.equal(res.status, 200);
  });

  test('414 for a URI over 4096 bytes; 4096 bytes is routed (404)', async () => {
    const at = await c.get('/' + 'a'.repeat(4095), { headers: JSON_ACCEPT });
    assert.equal(at.status, 404);
    const over = await c.get('/' + 'a'.repeat(4096), { headers: JSON_ACCEPT });
    assert.equal(over.status, 414);
    assert.equal(jsonOf(over).error, 'uri_too_long');
    const longQuery = await c.get('/sign-in?next=' + 'x'.repeat(5000));
    assert.equal(longQuery.status, 414);
    assert.match(longQuery.headers.get('content-type'), /^text\/html/);
  });

  test('too many query parameters are refused', async () => {
    const res = await c.get('/?' + fieldsForm(300), { headers: JSON_ACCEPT });
    assert.equal(res.status, 414);
  });

  test('413 for more than 256 form fields; 256 fields are read', async () => {
    const ok = await c.request('POST', '/sign-in', {
      body: fieldsForm(256), headers: { 'content-type': FORM, ...JSON_ACCEPT },
    });
    assert.equal(ok.status, 403, '256 fields should reach the CSRF check');
    const res = await c.request('POST', '/sign-in', {
      body: fieldsForm(257), headers: { 'content-type': FORM, ...JSON_ACCEPT },
    });
    assert.equal(res.status, 413);
    assert.equal(jsonOf(res).error, 'too_large');
    const huge = await c.request('POST', '/sign-in', {
      body: fieldsForm(5000), headers: { 'content-type': FORM, ...JSON_ACCEPT },
    });
    assert.equal(huge.status, 413);
  });

  test('413 for a single form field over 64 KiB', async () => {
    const res = await c.request('POST', '/sign-in', {
      body: `email=${'a'.repeat(64 * 1024 + 1)}`, headers: { 'content-type': FORM, ...JSON_ACCEPT },
    });
    assert.equal(res.status, 413);
  });

  test('415 for a POST body that is not a form', async () => {
    const res = await c.request('POST', '/sign-in', {
      body: '{"email":"a@b.org"}', headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
    });
    assert.equal(res.status, 415);
  });

  for (const [what, query] of [
    ['a bad hex digit', 'next=%zz'],
    ['a truncated escape', 'next=%4'],
    ['a trailing %', 'next=abc%'],
    ['an escaped NUL', 'next=a%00b'],
    ['invalid UTF-8', 'next=%ff%fe'],
    ['an overlong UTF-8 slash', 'next=%c0%af'],
  ]) {
    test(`400 for ${what} in a query`, async () => {
      const html = await c.get(`/sign-in?${query}`);
      assert.equal(html.status, 400);
      assert.match(html.text_, /The address could not be read/);
      const json = await c.get(`/sign-in?${query}`, { headers: JSON_ACCEPT });
      assert.equal(json.status, 400);
      assert.equal(jsonOf(json).error, 'bad_request');
    });
  }

  test('400 for a malformed escape in a form body', async () => {
    const res = await c.request('POST', '/sign-in', {
      body: 'email=%zz', headers: { 'content-type': FORM, ...JSON_ACCEPT },
    });
    assert.equal(res.status, 400);
  });

  test('after all that the server still answers, on every worker', async () => {
    const res = await c.get('/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.text_, 'ok\n');
    // More parallel requests than worker threads: none may hang.
    const all = await Promise.all(Array.from({ length: 16 }, () =>
      rawRequest(srv.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { timeout: 5000 })));
    assert.deepEqual(all.map((r) => r.status), Array(16).fill(200));
    assert.equal(srv.proc.exitCode, null, 'server exited');
  });
});

describe('connection cap and idle timeout', () => {
  let srv;
  // Only raw sockets against this server: fetch's pooled keep-alive
  // connections would count against the cap of 2.
  before(async () => { srv = await startServer({ args: ['--max-connections', '2', '--timeout', '2'] }); });
  after(async () => { await srv?.stop(); });

  const health = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';

  test('--max-connections 2: one idle socket is fine, two mean 503 for the next request', async () => {
    const idle = [await openSocket(srv.url)];
    try {
      await new Promise((r) => setTimeout(r, 150));
      const under = await rawRequest(srv.url, health);
      assert.equal(under.status, 200, 'one open socket plus this request is within the cap');
      idle.push(await openSocket(srv.url));
      await new Promise((r) => setTimeout(r, 150));
      const res = await rawRequest(srv.url,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n');
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers['retry-after']) > 0, 'no Retry-After on 503');
      // The only answer a client alone would not get names itself.
      assert.equal(JSON.parse(res.body).error, 'busy');
      assert.equal(JSON.parse(res.body).reason, 'connection_limit');
    } finally {
      for (const s of idle) s.destroy();
    }
    // Capacity comes back once the sockets are closed.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await rawRequest(srv.url, health)).status;
    }
    assert.equal(status, 200);
  });

  test('--timeout 2: the server closes a silent connection after about 2 s', async () => {
    const t0 = Date.now();
    const closedAfter = (s) => new Promise((resolve) => {
      const timer = setTimeout(() => { s.destroy(); resolve(Infinity); }, 8000);
      s.on('close', () => { clearTimeout(timer); resolve((Date.now() - t0) / 1000); });
    });
    const silent = await openSocket(srv.url);
    const partial = await openSocket(srv.url);
    partial.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // headers never finished
    const [a, b] = await Promise.all([closedAfter(silent), closedAfter(partial)]);
    for (const [what, s] of [['silent', a], ['half-sent request', b]]) {
      assert.ok(s >= 1.5, `${what} connection closed too early: ${s} s`);
      assert.ok(s <= 6, `${what} connection not closed by the server (${s} s)`);
    }
    const res = await rawRequest(srv.url, health);
    assert.equal(res.status, 200);
  });
});
