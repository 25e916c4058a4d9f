// Session timeouts: idle (--session-idle) and absolute (--session-max).
// Each needs its own server; the two run side by side to save time.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, signedIn } from './http-helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (t) => sleep(Math.max(0, t - Date.now()));

async function assertSignedOut(c) {
  const res = await c.get('/account');
  assert.equal(res.status, 303, 'the session still works');
  assert.equal(res.headers.get('location'), '/sign-in?next=/account');
  const json = await c.get('/account', { headers: JSON_ACCEPT });
  assert.equal(json.status, 401);
}

describe('session expiry', { concurrency: true }, () => {
  test('--session-idle 2: activity keeps the session; 3 s of silence ends it', async () => {
    const srv = await startServer({ args: ['--session-idle', '2'] });
    try {
      const c = await signedIn(srv.url, 'resident');
      const acct = await c.get('/account', { headers: JSON_ACCEPT });
      assert.equal(acct.status, 200);
      assert.equal(jsonOf(acct).name, 'Rose Ashdown');
      // A request every second for 3 s (on a fixed schedule, so slow
      // replies do not stretch the gaps): never idle for 2 s.
      const t0 = Date.now();
      for (let i = 1; i <= 3; i++) {
        await sleepUntil(t0 + i * 1000);
        assert.equal((await c.get('/account', { headers: JSON_ACCEPT })).status, 200, `request ${i} s in`);
      }
      await sleep(3000);
      await assertSignedOut(c);
      // Another page that needs a role also sends the user to sign in.
      const me = await c.get('/me');
      assert.equal(me.status, 303);
      assert.equal(me.headers.get('location'), '/sign-in?next=/me');
    } finally {
      await srv.stop();
    }
  });

  test('--session-max 3: the session ends after 3 s despite a request every second', async () => {
    const srv = await startServer({ args: ['--session-max', '3'] });
    try {
      const c = new Client(srv.url);
      const res = await c.signIn('resident@demo.supportnet.test');
      assert.equal(res.status, 303);
      const t0 = Date.now(); // the session was created before this
      const statuses = [];
      for (const at of [1000, 2000, 3000, 4200, 5200]) {
        await sleepUntil(t0 + at);
        statuses.push((await c.get('/account', { headers: JSON_ACCEPT })).status);
      }
      // The clock has whole seconds: at 3 s the session may or may not
      // have gone, at 2 s it must still work and at 4.2 s it must be gone.
      assert.equal(statuses[0], 200, `statuses ${statuses}`);
      assert.equal(statuses[1], 200, `statuses ${statuses}`);
      assert.equal(statuses[3], 401, `statuses ${statuses}`);
      assert.equal(statuses[4], 401, `statuses ${statuses}`);
      assert.ok(statuses[2] === 200 || statuses[2] === 401, `statuses ${statuses}`);
      await assertSignedOut(c);
    } finally {
      await srv.stop();
    }
  });
});
