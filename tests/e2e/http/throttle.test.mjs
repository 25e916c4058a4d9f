// Sign-in throttling: 5 failures lock one account for the window (even the
// right password is refused); 20 failures lock the address. Its own server:
// the counters live in the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail, DEMO_PASSWORD } from '../lib/server.mjs';
import { JSON_ACCEPT, sessionSetCookie } from './http-helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

async function attempt(email, password) {
  const c = new Client(srv.url);
  const res = await c.signIn(email, password);
  res.client = c;
  return res;
}

async function assertThrottled(res) {
  assert.equal(res.status, 429);
  const m = res.text_.match(/Wait (\d+) minutes? and try again/);
  assert.ok(m, 'the 429 page does not say how long to wait');
  const minutes = Number(m[1]);
  assert.ok(minutes >= 1 && minutes <= 15, `wait of ${minutes} minutes is outside the 15-minute window`);
  assert.ok(Number(res.headers.get('retry-after')) > 0, 'no Retry-After header');
  assert.match(res.text_, /class="govuk-error-summary"/);
  assert.equal(sessionSetCookie(res), null, 'a throttled attempt got a session');
  assert.equal((await res.client.get('/account', { headers: JSON_ACCEPT })).status, 401);
}

test('5 wrong passwords lock the account; the 6th attempt (right password) gets 429', async () => {
  const worker = demoEmail('worker');
  for (let i = 1; i <= 5; i++) {
    const res = await attempt(worker, `wrong-password-${i}`);
    assert.equal(res.status, 401, `attempt ${i}`);
  }
  await assertThrottled(await attempt(worker, DEMO_PASSWORD));
  // Case does not get round the account lock.
  await assertThrottled(await attempt(worker.toUpperCase(), DEMO_PASSWORD));
});

test('other accounts from the same address still work until the address has 20 failures', async () => {
  // 5 failures on this address so far (the throttled attempts do not count).
  let res = await attempt(demoEmail('carer'), DEMO_PASSWORD);
  assert.equal(res.status, 303, 'a different account was locked out by another account\'s failures');
  // 14 more failures on unknown accounts (under 5 each): 19 in all.
  for (let i = 1; i <= 14; i++) {
    res = await attempt(`nobody${i}@demo.supportnet.test`, 'wrong-password');
    assert.equal(res.status, 401, `failure ${5 + i}`);
  }
  res = await attempt(demoEmail('partner'), DEMO_PASSWORD);
  assert.equal(res.status, 303, 'the address was locked before 20 failures');
  // A successful sign-in does not reset the address counter.
  res = await attempt('nobody15@demo.supportnet.test', 'wrong-password');
  assert.equal(res.status, 401, 'failure 20');
  await assertThrottled(await attempt(demoEmail('coordinator'), DEMO_PASSWORD));
  await assertThrottled(await attempt(demoEmail('admin'), DEMO_PASSWORD));
});

test('the locked account is still locked (the window has not passed)', async () => {
  await assertThrottled(await attempt(demoEmail('worker'), DEMO_PASSWORD));
});
