// Operations endpoints (/healthz, /metrics) and content negotiation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, signedIn } from './http-helpers.mjs';

let srv, anon;
before(async () => { srv = await startServer(); anon = new Client(srv.url); });
after(async () => { await srv?.stop(); });

test('/healthz: 200 "ok", not cached, no session cookie', async () => {
  const res = await anon.get('/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.text_.trim(), 'ok');
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(res.headers.getSetCookie(), []);
});

test('HEAD /healthz is answered like GET, without a body', async () => {
  const res = await anon.request('HEAD', '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.text_, '');
});

/** The value of one sample in Prometheus text, or 0 when absent. */
function sample(text, name, labels) {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  for (const line of text.split('\n')) {
    const m = line.match(/^(\w+)\{(.*)\} (\S+)$/); // labels may hold braces: route="/people/{id}"
    if (m && m[1] === name && m[2] === want) return Number(m[3]);
  }
  return 0;
}

const healthz = { method: 'GET', route: '/healthz', status: '200' };

test('/metrics from loopback: Prometheus text with request counts by route', async () => {
  const res = await anon.get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = res.text_;
  assert.match(text, /^# TYPE supportnet_requests_total counter$/m);
  assert.ok(sample(text, 'supportnet_requests_total', healthz) >= 2, 'the /healthz requests above are not counted');
  assert.match(text, /^# TYPE supportnet_request_duration_seconds histogram$/m);
  // A well-formed histogram: cumulative buckets ending in +Inf == _count.
  const buckets = [...text.matchAll(/^supportnet_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)]
    .map((m) => [m[1], Number(m[2])]);
  assert.ok(buckets.length >= 5, 'too few histogram buckets');
  assert.equal(buckets.at(-1)[0], '+Inf');
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i][1] >= buckets[i - 1][1], 'buckets are not cumulative');
  const count = Number(text.match(/^supportnet_request_duration_seconds_count (\d+)$/m)[1]);
  assert.equal(count, buckets.at(-1)[1]);
  assert.ok(count >= 2);
  assert.match(text, /^supportnet_request_duration_seconds_sum [\d.]+$/m);
  // Route templates, never raw paths (which would leak ids into labels).
  assert.doesNotMatch(text, /route="\/people\/[0-9a-f]{8}-/);
});

test('/metrics counts each request exactly once', async () => {
  const before = sample((await anon.get('/metrics')).text_, 'supportnet_requests_total', healthz);
  for (let i = 0; i < 3; i++) assert.equal((await anon.get('/healthz')).status, 200);
  // Counting happens when a request completes, just after its reply: poll.
  let now = before;
  for (let i = 0; i < 20 && now < before + 3; i++) {
    now = sample((await anon.get('/metrics')).text_, 'supportnet_requests_total', healthz);
    if (now < before + 3) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(now, before + 3);
});

test('/metrics counts unmatched paths and statuses by template', async () => {
  await anon.get('/no-such-page');
  const c = await signedIn(srv.url, 'resident');
  const me = await c.get('/me');
  const id = me.headers.get('location').split('/')[2];
  await c.get(`/people/${id}`);
  let text = '';
  for (let i = 0; i < 20; i++) {
    text = (await anon.get('/metrics')).text_;
    if (sample(text, 'supportnet_requests_total', { method: 'GET', route: '/people/{id}', status: '200' }) >= 1) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(sample(text, 'supportnet_requests_total', { method: '', route: '(unmatched)', status: '404' }) >= 1);
  assert.equal(sample(text, 'supportnet_requests_total', { method: 'GET', route: '/people/{id}', status: '200' }), 1);
  assert.ok(!text.includes(id), 'a record id appears in the metrics');
});

test('GET /account with Accept: application/json returns JSON with the user\'s name', async () => {
  const c = await signedIn(srv.url, 'worker');
  const res = await c.get('/account', { headers: JSON_ACCEPT });
  assert.equal(res.status, 200);
  const body = jsonOf(res);
  assert.equal(body.name, 'Priya Natarajan');
  assert.equal(body.email, 'worker@demo.supportnet.test');
  assert.deepEqual(body.role_list, ['worker']);
  // Browsers' Accept headers, and JSON ranked below HTML, get the page.
  for (const accept of [undefined, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'application/json;q=0.5, text/html', 'application/json;q=0']) {
    const html = await c.get('/account', { headers: accept ? { accept } : {} });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type'), /^text\/html/, `Accept: ${accept}`);
    assert.match(html.text_, /Priya Natarajan/);
  }
  const ranked = await c.get('/account', { headers: { accept: 'text/html;q=0.4, application/json;q=0.9' } });
  assert.equal(jsonOf(ranked).name, 'Priya Natarajan');
});
