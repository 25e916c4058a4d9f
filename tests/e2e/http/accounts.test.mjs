// Accounts on the web (issue 15): "forgotten your password" sends a
// one-time link through the outbox (the same answer whether or not the
// email has an account; the link works once and lifts the sign-in locks);
// an administrator adds an account (its owner gets a link to choose a
// password), changes its roles, disables and enables it and sends a reset
// link; each person changes their own password and ends their sessions.
// The server sends its outbox to a loopback SMTP sink every second.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail, DEMO_PASSWORD } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp-sink.mjs';
import { JSON_ACCEPT, jsonOf } from './http-helpers.mjs';

let srv, sink;
before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ args: ['--smtp', sink.url, '--mail-from', 'accounts@demo.supportnet.test',
    '--mail-interval', '1', '--base-url', 'https://supportnet.example'] });
});
after(async () => {
  try { await srv?.stop(); } finally { await sink?.close(); } // the sink must close, or this file never ends
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The next email to `to` (waits for the server's sender), with its link. */
async function mailTo(to, seen = 0) {
  for (let i = 0; i < 100; i++) {
    const mine = sink.messages.filter((m) => m.to.includes(to));
    if (mine.length > seen) {
      const m = mine[mine.length - 1];
      const link = m.body.match(/https:\/\/supportnet\.example(\/sign-in\/reset\/[A-Za-z0-9_-]{43})/);
      return { message: m, path: link?.[1], count: mine.length };
    }
    await sleep(100);
  }
  throw new Error(`no email to ${to}`);
}
const count = (to) => sink.messages.filter((m) => m.to.includes(to)).length;

async function choose(path, password, confirm = password) {
  const c = new Client(srv.url);
  const page = await c.get(path);
  if (page.status !== 200) return page;
  const token = page.text_.match(/name="csrf_token" value="([^"]+)"/)[1];
  return c.post(path, { csrf_token: token, password, confirm });
}

test('forgotten password: the same answer for any email; a link by email that works once', async () => {
  const email = demoEmail('carer');
  const ask = async (e) => {
    const c = new Client(srv.url);
    const token = await c.csrf('/sign-in/forgotten');
    return c.post('/sign-in/forgotten', { csrf_token: token, email: e });
  };
  const known = await ask(email);
  const unknown = await ask('nobody-here@demo.supportnet.test');
  for (const res of [known, unknown]) {
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/sign-in/forgotten/sent');
  }
  const sent = await new Client(srv.url).get('/sign-in/forgotten/sent');
  assert.match(sent.text_, /If there is an account for the email address you gave/);
  const { message, path } = await mailTo(email);
  assert.ok(path, `no link in the email: ${message.body}`);
  assert.match(message.headers.subject, /Reset your SupportNet password/);
  await sleep(1500);
  assert.equal(count('nobody-here@demo.supportnet.test'), 0, 'an email went to an address with no account');

  // The link's page; passwords that differ or break the policy are refused.
  const page = await new Client(srv.url).get(path);
  assert.equal(page.status, 200);
  assert.match(page.text_, new RegExp(`For the account ${email}`));
  let res = await choose(path, 'lantern orchard pebble', 'lantern orchard pebbles');
  assert.equal(res.status, 400);
  assert.match(res.text_, /The two passwords are not the same/);
  res = await choose(path, 'short');
  assert.equal(res.status, 400);
  res = await choose(path, 'lantern orchard pebble canoe');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/sign-in?done=password');
  // Once only.
  assert.equal((await new Client(srv.url).get(path)).status, 410);
  assert.equal((await choose(path, 'another good pass phrase')).status, 410);
  // The new password works, the old one does not.
  assert.equal((await new Client(srv.url).signIn(email, 'lantern orchard pebble canoe')).status, 303);
  assert.equal((await new Client(srv.url).signIn(email, DEMO_PASSWORD)).status, 401);
  // A made-up link is the same page as a used one.
  assert.equal((await new Client(srv.url).get('/sign-in/reset/' + 'x'.repeat(43))).status, 410);
});

test('a reset link lets the owner in after guesses locked the account', async () => {
  const email = demoEmail('coordinator');
  for (let i = 0; i < 5; i++) assert.equal((await new Client(srv.url).signIn(email, `wrong-${i}`)).status, 401);
  assert.equal((await new Client(srv.url).signIn(email, DEMO_PASSWORD)).status, 429);
  const c = new Client(srv.url);
  const token = await c.csrf('/sign-in/forgotten');
  await c.post('/sign-in/forgotten', { csrf_token: token, email });
  const { path } = await mailTo(email);
  assert.equal((await choose(path, 'quiet harbour lantern moss')).status, 303);
  assert.equal((await new Client(srv.url).signIn(email, 'quiet harbour lantern moss')).status, 303);
});

test('an administrator adds an account, changes its roles, disables and enables it', async () => {
  const admin = new Client(srv.url);
  assert.equal((await admin.signIn(demoEmail('admin'))).status, 303);
  const form = await admin.get('/admin/accounts/new');
  assert.equal(form.status, 200);
  const token = form.text_.match(/name="csrf_token" value="([^"]+)"/)[1];
  // No role: sent back with the error, nothing made.
  let res = await admin.post('/admin/accounts', { csrf_token: token, name: 'Jo Newcomer', email: 'jo@example.org' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /Choose at least one thing the person can do/);
  res = await admin.request('POST', '/admin/accounts', {
    body: `csrf_token=${token}&name=Jo+Newcomer&email=Jo%40Example.org&role=worker&role=carer`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 303);
  const where = res.headers.get('location');
  assert.match(where, /^\/admin\/accounts\/[0-9a-f-]{36}\?done=added$/);
  const page = await admin.get(where);
  assert.match(page.text_, /carer, worker/);
  // The same email again is a conflict.
  res = await admin.request('POST', '/admin/accounts', {
    body: `csrf_token=${token}&name=Jo+Again&email=jo%40example.org&role=worker`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 409);
  // Jo chooses a password from the welcome email and signs in as a worker.
  const { message, path } = await mailTo('jo@example.org');
  assert.match(message.headers.subject, /Your SupportNet account/);
  assert.equal((await choose(path, 'maple kettle violin dune')).status, 303);
  const jo = new Client(srv.url);
  assert.equal((await jo.signIn('jo@example.org', 'maple kettle violin dune')).status, 303);
  assert.equal((await jo.get('/people')).status, 200);
  // Roles changed: no longer a worker.
  const acct = where.replace(/\?.*/, '');
  const t2 = (await admin.get(acct)).text_.match(/name="csrf_token" value="([^"]+)"/)[1];
  res = await admin.post(`${acct}/roles`, { csrf_token: t2, role: 'resident' });
  assert.equal(res.status, 303);
  assert.equal((await jo.get('/people')).status, 403);
  // Disabled: signed out at once, cannot sign in; enabled: can again.
  res = await admin.post(`${acct}/status`, { csrf_token: t2, status: 'disabled' });
  assert.equal(res.status, 303);
  assert.equal((await jo.get('/account', { headers: JSON_ACCEPT })).status, 401);
  assert.equal((await new Client(srv.url).signIn('jo@example.org', 'maple kettle violin dune')).status, 401);
  res = await admin.post(`${acct}/link`, { csrf_token: t2 });
  assert.equal(res.status, 409, 'a reset link for a disabled account');
  res = await admin.post(`${acct}/status`, { csrf_token: t2, status: 'active' });
  assert.equal(res.status, 303);
  assert.equal((await new Client(srv.url).signIn('jo@example.org', 'maple kettle violin dune')).status, 303);
  // A reset link sent by the administrator.
  const before = count('jo@example.org');
  res = await admin.post(`${acct}/link`, { csrf_token: t2 });
  assert.equal(res.status, 303);
  const again = await mailTo('jo@example.org', before);
  assert.match(again.message.headers.subject, /Reset your SupportNet password/);
  // An administrator cannot disable themselves or drop their own admin role.
  const mine = (await admin.get('/admin/accounts')).text_.match(/href="(\/admin\/accounts\/[0-9a-f-]{36})">Morgan Lee/)[1];
  assert.equal((await admin.post(`${mine}/status`, { csrf_token: t2, status: 'disabled' })).status, 400);
  res = await admin.post(`${mine}/roles`, { csrf_token: t2, role: 'worker' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /cannot take away your own administrator role/);
  // Others may not use these pages.
  const worker = new Client(srv.url);
  await worker.signIn(demoEmail('worker'));
  assert.equal((await worker.get('/admin/accounts')).status, 403);
});

test('your own account: change the password, see your sessions and end the others', async () => {
  const email = demoEmail('partner');
  const a = new Client(srv.url), b = new Client(srv.url);
  assert.equal((await a.signIn(email)).status, 303);
  assert.equal((await b.signIn(email)).status, 303);
  let page = await a.get('/account');
  assert.match(page.text_, /2 sessions/);
  assert.match(page.text_, /This browser/);
  let token = page.text_.match(/name="csrf_token" value="([^"]+)"/)[1];
  // End the other one by its handle.
  const handle = page.text_.match(/name="session" value="([0-9a-f]{16})"/)[1];
  let res = await a.post('/account/sessions/end', { csrf_token: token, session: handle });
  assert.equal(res.status, 303);
  assert.equal((await b.get('/account', { headers: JSON_ACCEPT })).status, 401, 'the other session still works');
  assert.equal((await a.post('/account/sessions/end', { csrf_token: token, session: handle })).status, 404);
  // Change the password: a wrong current one is refused.
  res = await a.post('/account/password', { csrf_token: token, current: 'not it at all', password: 'copper meadow falcon tide', confirm: 'copper meadow falcon tide' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /Your current password is not correct/);
  const c = new Client(srv.url);
  await c.signIn(email);
  res = await a.post('/account/password', { csrf_token: token, current: DEMO_PASSWORD, password: 'copper meadow falcon tide', confirm: 'copper meadow falcon tide' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account?done=password');
  // This browser stays signed in (a new session); the others end.
  page = await a.get('/account?done=password');
  assert.equal(page.status, 200);
  assert.match(page.text_, /Your password has been changed/);
  assert.equal((await c.get('/account', { headers: JSON_ACCEPT })).status, 401);
  assert.equal((await new Client(srv.url).signIn(email, 'copper meadow falcon tide')).status, 303);
  const me = await a.get('/account', { headers: JSON_ACCEPT });
  assert.equal(jsonOf(me).session_count, 2);
});
