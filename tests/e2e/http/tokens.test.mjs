// API tokens for partner systems (docs/api.md): made on the command line
// or by an administrator, printed once; with "Authorization: Bearer" a
// request acts as the token's account on the JSON API only, with no CSRF
// token, its cookies ignored; a revoked, expired or unknown token is a 401
// with WWW-Authenticate; pages and forms refuse tokens; what a token does
// is audited with its number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, Client, demoEmail } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN_LINE = /^snt_[A-Za-z0-9_-]{43}\n$/;

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = await signedIn(srv.url, 'admin');
});
after(async () => { await srv?.stop(); });

/** A new token for a demo login, through the command line. */
function tokenFor(login, extra = []) {
  const r = cli(['token', 'add', '--db', srv.db, '--email', demoEmail(login), '--name', `tests: ${login}`, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, TOKEN_LINE);
  return r.stdout.trim();
}

/** The token's id, from `token list` (the newest with that name). */
function idOf(name) {
  const r = cli(['token', 'list', '--db', srv.db]);
  assert.equal(r.status, 0, r.stderr);
  const line = r.stdout.split('\n').find((l) => l.split('\t')[2] === name);
  assert.ok(line, `no token called ${name} in:\n${r.stdout}`);
  return Number(line.split('\t')[0]);
}

const bearer = (token, extra = {}) => ({ authorization: `Bearer ${token}`, ...extra });
const api = (path, token, opts = {}) => new Client(srv.url).request(opts.method || 'GET', path,
  { headers: bearer(token, opts.headers), body: opts.body });

/** The newest audit entries, as the administrator's audit page gives them. */
async function auditEntries() {
  return jsonOf(await admin.get('/admin/audit', { headers: JSON_ACCEPT })).entries;
}

test('token add prints the token and nothing else on stdout, once; list never shows it', () => {
  const r = cli(['token', 'add', '--db', srv.db, '--email', demoEmail('partner'), '--name', 'Food bank feed',
    '--days', '30']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, TOKEN_LINE, 'exactly one line: the token');
  const list = cli(['token', 'list', '--db', srv.db]);
  assert.equal(list.status, 0);
  assert.ok(!list.stdout.includes(r.stdout.trim()), 'the list never has the token');
  const line = list.stdout.split('\n').find((l) => l.includes('Food bank feed')).split('\t');
  assert.equal(line.length, 7, 'id, email, name, created, expires, revoked, last used');
  assert.equal(line[1], demoEmail('partner'));
  assert.match(line[3], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(line[5], '-');
  assert.equal(line[6], '-');
});

test('token add: unknown email and bad options are usage errors, with stdout empty', () => {
  let r = cli(['token', 'add', '--db', srv.db, '--email', 'nobody@example.org', '--name', 'x']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no account with the email address nobody@example\.org/);
  r = cli(['token', 'add', '--db', srv.db, '--email', demoEmail('partner'), '--name', 'x', '--days', 'many']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  r = cli(['token', 'revoke', '--db', srv.db, '--id', '999999']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no API token 999999/);
});

test('GET /api/me with a token: the account, its roles and its organisations', async () => {
  const token = tokenFor('partner');
  const res = await api('/api/me', token);
  assert.equal(res.status, 200);
  const me = jsonOf(res);
  assert.match(me.id, UUID);
  assert.equal(me.email, demoEmail('partner'));
  assert.equal(typeof me.name, 'string');
  assert.deepEqual(me.roles, ['partner']);
  assert.ok(me.organizations.length >= 1, 'the demo partner is a member of an organisation');
  for (const o of me.organizations) {
    assert.match(o.id, UUID);
    assert.equal(typeof o.name, 'string');
  }
  // The same organisation is in the ORUK API under that id.
  const org = await new Client(srv.url).get(`/oruk/organizations/${me.organizations[0].id}`);
  assert.equal(org.status, 200);
  // The same answer with the session cookie.
  const cookie = await signedIn(srv.url, 'partner');
  assert.deepEqual(jsonOf(await cookie.get('/api/me')), me);
  // last used is written.
  const line = cli(['token', 'list', '--db', srv.db]).stdout.split('\n')
    .find((l) => l.startsWith(`${idOf('tests: partner')}\t`)).split('\t');
  assert.match(line[6], /^\d{4}-/);
});

test('a token acts as its account whatever cookie comes with it', async () => {
  const token = tokenFor('carer');
  const res = await admin.get('/api/me', { headers: bearer(token) });
  assert.equal(jsonOf(res).email, demoEmail('carer'), "the admin's cookie is ignored");
  const bad = await admin.get('/api/me', { headers: bearer('snt_not-a-token') });
  assert.equal(bad.status, 401, 'a bad token is not rescued by a good cookie');
});

test('missing, unknown, revoked and expired tokens: 401 with WWW-Authenticate and a JSON error', async () => {
  const check = (res, what) => {
    assert.equal(res.status, 401, what);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"', what);
    assert.equal(typeof jsonOf(res).error, 'string', what);
  };
  check(await new Client(srv.url).get('/api/me'), 'no credentials');
  check(await api('/api/me', ''), 'an empty bearer');
  check(await api('/api/me', 'snt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 'unknown');
  const token = tokenFor('worker');
  assert.equal((await api('/api/me', token)).status, 200);
  const r = cli(['token', 'revoke', '--db', srv.db, '--id', String(idOf('tests: worker'))]);
  assert.equal(r.status, 0, r.stderr);
  check(await api('/api/me', token), 'revoked');
  check(await api('/api/people', token), 'revoked, another route');
  const expired = tokenFor('resident', ['--days', '0']);
  check(await api('/api/me', expired), 'expired');
});

test('GET /api/people lists only the people the caller is related to, each listing audited', async () => {
  const worker = tokenFor('worker');
  const carer = tokenFor('carer');
  const partner = tokenFor('partner');
  const mine = jsonOf(await api('/api/people', worker));
  assert.ok(mine.length >= 1 && mine.length <= 50, `${mine.length} people`);
  for (const p of mine) {
    assert.match(p.id, UUID);
    assert.equal(Object.keys(p).sort().join(), 'id,name');
  }
  // The same people the worker's own people page lists (the first 50).
  const page = jsonOf(await (await signedIn(srv.url, 'worker')).get('/people', { headers: JSON_ACCEPT }));
  assert.deepEqual(mine.map((p) => p.id), page.people.slice(0, 50).map((p) => p.uuid));
  // Sam the carer: only the people who named him; the partner: nobody.
  const sams = jsonOf(await api('/api/people', carer));
  assert.ok(sams.length >= 1);
  assert.ok(sams.length < mine.length);
  assert.deepEqual(jsonOf(await api('/api/people', partner)), []);
  // q filters by name.
  const rose = jsonOf(await api('/api/people?q=ashdown', worker));
  assert.deepEqual(rose.map((p) => p.name), ['Rose Ashdown']);
  // Each person listed is an audited read under the token.
  const before_ = auditCount(srv.db);
  const some = jsonOf(await api('/api/people?q=ash', worker));
  assert.equal(auditCount(srv.db), before_ + some.length);
  const id = idOf('tests: worker');
  const entries = (await auditEntries()).filter((e) => e.action === 'person.listed');
  assert.ok(entries.length >= some.length);
  assert.match(entries[0].reason, new RegExp(`\\(API token ${id}\\)$`));
  // q is limited.
  const long = await api(`/api/people?q=${'a'.repeat(101)}`, worker);
  assert.equal(long.status, 400);
  assert.ok(jsonOf(long).errors.some((e) => e.field === 'q'));
});

test('a POST to the JSON API with a token needs no CSRF token; with a cookie it still does', async () => {
  const token = tokenFor('worker');
  const id = idOf('tests: worker');
  const people = jsonOf(await api('/api/people', token));
  const person = people[0].id;
  // A cookie session without X-CSRF-Token is refused, and nothing is made.
  const priya = await signedIn(srv.url, 'worker');
  const before_ = auditCount(srv.db);
  const refused = await priya.request('POST', `/api/people/${person}/plans`,
    { headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(refused.status, 403);
  assert.equal(jsonOf(refused).reason, 'csrf');
  assert.equal(auditCount(srv.db), before_);
  // The token: no CSRF token, and it works.
  const made = await api(`/api/people/${person}/plans`, token,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(made.status, 303, made.text_);
  assert.match(made.headers.get('location'), /^\/plans\/[0-9a-f-]{36}$/);
  const entries = await auditEntries();
  const create = entries.find((e) => e.action === 'plan.create' && e.record === `person:${person}`);
  assert.ok(create, 'the plan made is audited');
  assert.match(create.reason, new RegExp(`\\(API token ${id}\\)$`));
  // With the cookie and its CSRF header it works too (nothing else changed for sessions).
  const ok = await priya.request('POST', `/api/people/${person}/plans`,
    { headers: { 'content-type': 'application/json', 'x-csrf-token': priya.token }, body: '{}' });
  assert.equal(ok.status, 303);
});

test('pages and forms refuse a token, before anything changes', async () => {
  const token = tokenFor('worker');
  const people = jsonOf(await api('/api/people?q=ashdown', token));
  const rose = people[0].id;
  const before_ = auditCount(srv.db);
  const post = await api(`/people/${rose}/contact`, token, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'postcode=AB1+2CD' });
  assert.equal(post.status, 403);
  assert.equal(jsonOf(post).reason, 'bearer');
  assert.equal(auditCount(srv.db), before_, 'nothing changed, nothing read');
  const page = await api(`/people/${rose}`, token);
  assert.equal(page.status, 403);
  assert.equal(jsonOf(page).reason, 'bearer');
  assert.equal((await api('/sign-out', token, { method: 'POST' })).status, 403);
  // A token cannot reach the admin pages even when it is an admin's.
  const adminToken = tokenFor('admin');
  assert.equal((await api('/admin/tokens', adminToken)).status, 403);
  assert.equal((await api('/api/me', adminToken)).status, 200);
});

test('administrators make a token on the web (shown once), see it listed and revoke it', async () => {
  let res = await admin.get('/admin/tokens');
  assert.equal(res.status, 200);
  assert.match(res.text_, /<h1 class="govuk-heading-l">API tokens<\/h1>/);
  // Bad input: the form again, with the errors named.
  res = await admin.post('/admin/tokens', { csrf_token: admin.token, email: 'nobody@example.org', name: 'x', days: '30' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /There is no account with this email address/);
  res = await admin.post('/admin/tokens', { csrf_token: admin.token, email: demoEmail('partner'), name: '', days: '0' });
  assert.equal(res.status, 400);
  // Without the CSRF token: refused.
  res = await admin.post('/admin/tokens', { email: demoEmail('partner'), name: 'web', days: '7' });
  assert.equal(res.status, 403);
  res = await admin.post('/admin/tokens', { csrf_token: admin.token, email: demoEmail('partner'), name: 'Made on the web', days: '7' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const token = res.text_.match(/<code class="sn-code" id="api-token">(snt_[A-Za-z0-9_-]{43})<\/code>/)[1];
  assert.equal(jsonOf(await api('/api/me', token)).email, demoEmail('partner'));
  const list = await admin.get('/admin/tokens');
  assert.ok(list.text_.includes('Made on the web'));
  assert.ok(!list.text_.includes(token), 'the list never shows a token');
  const id = idOf('Made on the web');
  // Revoking needs the CSRF token.
  assert.equal((await admin.post(`/admin/tokens/${id}/revoke`, {})).status, 403);
  assert.equal((await api('/api/me', token)).status, 200);
  res = await admin.post(`/admin/tokens/${id}/revoke`, { csrf_token: admin.token });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/tokens?done=revoked');
  assert.equal((await api('/api/me', token)).status, 401);
  assert.equal((await admin.post('/admin/tokens/999999/revoke', { csrf_token: admin.token })).status, 404);
  const entries = await auditEntries();
  assert.ok(entries.some((e) => e.action === 'token.revoke' && e.reason === `API token ${id}`));
  assert.ok(entries.some((e) => e.action === 'token.add' && e.reason === `API token ${id} "Made on the web"`));
});
