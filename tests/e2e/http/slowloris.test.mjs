// One client holding hundreds of connections that trickle their headers
// (slowloris) must not shut everyone else out (issue 15): a client address
// gets at most an eighth of the connections (--max-per-address), and a
// request that has not arrived whole within --timeout is cut off however
// slowly it keeps sending. The attacker here is 127.0.0.2 (all of
// 127.0.0.0/8 is loopback); everyone else is 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { hostPort, rawRequest } from './http-helpers.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--timeout', '3'] }); });
after(async () => { await srv?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('600 slow connections from one address: others are still answered, and the slow ones are cut off', async () => {
  const { host, port } = hostPort(srv.url);
  const slow = [];
  let closed = 0;
  const t0 = Date.now();
  const closedAt = [];
  for (let i = 0; i < 600; i++) {
    const s = net.connect({ host, port, localAddress: '127.0.0.2' });
    s.on('error', () => {});
    s.on('close', () => { closed++; closedAt.push((Date.now() - t0) / 1000); });
    s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: x\r\n'));
    slow.push(s);
  }
  // Trickle a header line on each every 500 ms: never idle, never whole.
  let n = 0;
  const trickle = setInterval(() => {
    n++;
    for (const s of slow) if (!s.destroyed) s.write(`X-Slow-${n}: ${n}\r\n`);
  }, 500);
  try {
    await sleep(300);
    // Everyone else: answered, and quickly, the whole time.
    const worst = [];
    for (let i = 0; i < 12; i++) {
      const t = Date.now();
      const res = await rawRequest(srv.url, 'GET /find?q=lunch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        { timeout: 5000 });
      assert.equal(res.status, 200, `request ${i} while the slow client holds its connections`);
      worst.push(Date.now() - t);
      await sleep(400);
    }
    assert.ok(Math.max(...worst) < 3000, `a normal request took ${Math.max(...worst)} ms`);
    // By now (about 5 s, --timeout 3) the server has cut every slow one off:
    // most at once (over the per-address limit), the rest at the deadline.
    await sleep(1500);
    assert.equal(closed, 600, `${600 - closed} slow connections still open after ${(Date.now() - t0) / 1000} s`);
    const late = closedAt.filter((s) => s > 2);
    assert.ok(late.length > 0 && late.length <= 64, `${late.length} connections were let in and cut at the deadline`);
    assert.ok(Math.max(...late) < 6, `the last slow connection was cut after ${Math.max(...late)} s`);
  } finally {
    clearInterval(trickle);
    for (const s of slow) s.destroy();
  }
  // The slow client can come back with a real request.
  const again = await new Promise((resolve, reject) => {
    const s = net.connect({ host, port, localAddress: '127.0.0.2' }, () =>
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
  assert.match(again, /^HTTP\/1\.1 200/);
});
