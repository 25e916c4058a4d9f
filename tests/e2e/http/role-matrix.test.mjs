// The route x role denial matrix, derived from the route table itself
// (`supportnet routes`), so a new route is covered without editing this
// file. For every route, every demo role and an anonymous caller:
//   - a role the route does not allow gets 403 with "reason":"role";
//   - an allowed role never gets that 403 (nor a 401, nor a 5xx);
//   - anonymous callers get 401 on routes that are not public.
// All requests come from 127.0.0.1, so loopback routes are allowed to all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, cli, ROLES, demoEmail } from '../lib/server.mjs';
import { JSON_ACCEPT, signedIn } from './http-helpers.mjs';

const listed = cli(['routes']);
assert.equal(listed.status, 0, `supportnet routes failed: ${listed.stderr}`);
const routes = JSON.parse(listed.stdout);

let srv, roseId;
before(async () => {
  srv = await startServer();
  // Rose Ashdown's record: the resident's own, found through /me.
  const rose = await signedIn(srv.url, 'resident');
  const me = await rose.get('/me');
  assert.equal(me.status, 303);
  roseId = me.headers.get('location').match(/^\/people\/([0-9a-f-]{36})$/)[1];
});
after(async () => { await srv?.stop(); });

function fill(pattern) {
  return pattern.replace(/\{\*[^}]+\}/g, 'supportnet.css').replace(/\{[^}]+\}/g, roseId);
}

/** What the route table says about principal (a role name, or null). */
function allowed(route, role) {
  if (route.public || route.loopback) return true; // loopback: we are on 127.0.0.1
  if (!role) return false;
  return route.signed_in || route.roles.includes(role);
}

async function call(c, route) {
  const opts = { headers: JSON_ACCEPT };
  if (route.method === 'GET' || route.method === 'HEAD') return c.request(route.method, fill(route.pattern), opts);
  return c.request(route.method, fill(route.pattern), { ...opts, form: c.token ? { csrf_token: c.token } : {} });
}

function body(res) {
  try { return JSON.parse(res.text_); } catch { return null; }
}

test('the route table is well formed and names only known roles', () => {
  assert.ok(routes.length >= 10, `only ${routes.length} routes listed`);
  for (const r of routes) {
    assert.match(r.method, /^(GET|POST|PUT|PATCH|DELETE)$/, JSON.stringify(r));
    assert.match(r.pattern, /^\//, JSON.stringify(r));
    assert.ok(r.public || r.signed_in || r.loopback || r.roles.length, `no permission: ${r.method} ${r.pattern}`);
    for (const role of r.roles) assert.ok(ROLES.includes(role), `unknown role ${role} on ${r.pattern}`);
  }
  // The matrix must be able to fail: some route has to deny some role.
  assert.ok(routes.some((r) => ROLES.some((role) => !allowed(r, role))), 'no route denies any role');
});

test('anonymous: 401 on every route that is not public, never 403 "role"', async () => {
  const checked = [];
  for (const route of routes) {
    const c = new Client(srv.url);
    const res = await call(c, route);
    const what = `anonymous ${route.method} ${route.pattern} -> ${res.status}`;
    if (allowed(route, null)) {
      assert.notEqual(res.status, 401, what);
      assert.ok(!(res.status === 403 && body(res)?.reason === 'role'), what);
      assert.ok(res.status < 500, what);
    } else {
      assert.equal(res.status, 401, what);
      assert.equal(body(res)?.error, 'unauthorised', what);
    }
    checked.push(route.pattern);
  }
  assert.equal(checked.length, routes.length);
});

for (const role of ROLES) {
  test(`role ${role}: denied exactly where the route table says`, async () => {
    let c = await signedIn(srv.url, role);
    let denied = 0;
    for (const route of routes) {
      const res = await call(c, route);
      const b = body(res);
      const what = `${role} ${route.method} ${route.pattern} -> ${res.status} ${res.text_.slice(0, 120)}`;
      if (allowed(route, role)) {
        assert.ok(!(res.status === 403 && b?.reason === 'role'), what);
        assert.notEqual(res.status, 401, what);
        assert.ok(res.status < 500, what);
      } else {
        assert.equal(res.status, 403, what);
        assert.equal(b?.reason, 'role', what);
        denied++;
      }
      // A POST may end the session (sign-out): sign in again if it did.
      if (route.method !== 'GET' && (await c.get('/account', { headers: JSON_ACCEPT })).status !== 200) {
        c = await signedIn(srv.url, role);
      }
    }
    const expected = routes.filter((r) => !allowed(r, role)).length;
    assert.equal(denied, expected);
  });
}

// The same matrix with an API token for each role (docs/api.md): on the
// JSON API (json_body routes: /api/me, /api/people, the plans' API) a token
// is its account, allowed and denied exactly as its cookie session; every
// other route that is not public refuses a token ("reason": "bearer")
// before looking at the role, so a token cannot drive pages or forms.
for (const role of ROLES) {
  test(`role ${role} with an API token: the JSON API as the table says, pages and forms refused`, async () => {
    const made = cli(['token', 'add', '--db', srv.db, '--email', demoEmail(role), '--name', `matrix ${role}`]);
    assert.equal(made.status, 0, made.stderr);
    const headers = { ...JSON_ACCEPT, authorization: `Bearer ${made.stdout.trim()}` };
    let api = 0;
    for (const route of routes.filter((r) => !r.public)) {
      const get = route.method === 'GET' || route.method === 'HEAD';
      const res = await new Client(srv.url).request(route.method, fill(route.pattern), get ? { headers }
        : { headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      const b = body(res);
      const what = `${role} (token) ${route.method} ${route.pattern} -> ${res.status} ${res.text_.slice(0, 120)}`;
      if (!route.json_body) {
        assert.equal(res.status, 403, what);
        assert.equal(b?.reason, 'bearer', what);
        continue;
      }
      api++;
      if (allowed(route, role)) {
        assert.ok(!(res.status === 403 && ['role', 'csrf', 'bearer'].includes(b?.reason)), what);
        assert.notEqual(res.status, 401, what);
        assert.ok(res.status < 500, what);
      } else {
        assert.equal(res.status, 403, what);
        assert.equal(b?.reason, 'role', what);
      }
    }
    assert.ok(api >= 2, 'the JSON API routes were tried');
  });
}

test('the denial also holds as HTML, and without a CSRF token (role check first)', async () => {
  const resident = await signedIn(srv.url, 'resident');
  const adminOnly = routes.find((r) => r.method === 'GET' && !allowed(r, 'resident'));
  assert.ok(adminOnly, 'no GET route denies residents');
  const html = await resident.get(fill(adminOnly.pattern));
  assert.equal(html.status, 403);
  assert.match(html.text_, /You do not have permission to use this page/);
  const post = routes.find((r) => r.method === 'POST' && !allowed(r, 'resident'));
  if (post) {
    const res = await resident.request('POST', fill(post.pattern), { headers: JSON_ACCEPT, form: {} });
    assert.equal(res.status, 403);
    assert.equal(body(res).reason, 'role');
  }
});
