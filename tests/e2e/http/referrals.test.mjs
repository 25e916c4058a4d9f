// Referrals that close the loop (issue 17): a worker refers a person they
// support to a service in the directory; the service's organisation
// answers in its inbox and sees only what the referral shares; every move
// follows FHIR Task's lifecycle and only its owner makes it; an illegal
// move (409) or a wrong actor (403) changes nothing; the person sees the
// referrals about them; overdue referrals are flagged and escalate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';
import { validateFhirR4 } from '../lib/fhir.mjs';

let srv, rose, sam, priya, tom, partner, admin, roseId, mine, theirs;
before(async () => {
  srv = await startServer();
  [rose, sam, priya, tom, partner, admin] = await Promise.all(
    ['resident', 'carer', 'worker', 'worker2', 'partner', 'admin'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
  // the partner's own services, from the page where they set the days to answer
  const page = await partner.get('/referrals/services');
  assert.equal(page.status, 200);
  mine = [...page.text_.matchAll(/name="service_id" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
  assert.ok(mine.length > 1, 'the demo partner has services');
  const all = jsonOf(await partner.get('/oruk/services?per_page=200', { headers: JSON_ACCEPT }));
  theirs = all.contents.map((s) => s.id).filter((id) => !mine.includes(id));
  assert.ok(theirs.length > 0);
});
after(async () => { await srv?.stop(); });

const api = (client, method, path, body) => client.request(method, path, {
  headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': client.token },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const refer = (client, fields) => api(client, 'POST', '/api/referrals', {
  person_id: roseId, service_id: mine[0], reason: 'Rose would like company on Tuesdays.', mode: 'live', consent: true,
  ...fields,
});
const read = async (client, id) => jsonOf(await api(client, 'GET', `/api/referrals/${id}`));
const move = (client, id, status, note = '') => api(client, 'POST', `/api/referrals/${id}/status`, { status, note });

test('a live referral is requested, shares only what the person agreed to, and reaches the inbox', async () => {
  const res = await refer(priya);
  assert.equal(res.status, 201, res.text_);
  const r = JSON.parse(res.text_);
  assert.equal(r.status, 'requested');
  assert.equal(r.mode, 'live');
  assert.equal(r.service_id, mine[0]);
  assert.equal(r.consent, true);
  assert.equal(r.person.name, 'Rose Ashdown');
  assert.deepEqual(r.history.map((h) => h.status), ['requested']);
  assert.ok(r.history[0].at && r.history[0].by);
  assert.ok(r.due_at, 'a live referral has an answer-by date');
  const inbox = jsonOf(await api(partner, 'GET', '/api/referrals?box=inbox&status=requested'));
  for (const k of ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'])
    assert.ok(k in inbox, `paged like ORUK: ${k}`);
  assert.ok(inbox.contents.some((x) => x.id === r.id), 'the receiving organisation sees it');
  const seen = await read(partner, r.id);
  assert.equal(seen.person.name, 'Rose Ashdown');
  assert.deepEqual(Object.keys(seen.person).sort().filter((k) => !['id', 'name', 'birth_date', 'postcode', 'phone', 'email'].includes(k)), [],
    'the partner sees only the shared fields');
  assert.deepEqual(seen.moves.sort(), ['accepted', 'received', 'rejected']);
  const sent = jsonOf(await api(priya, 'GET', '/api/referrals?box=sent'));
  assert.ok(sent.contents.some((x) => x.id === r.id));
});

test('a live referral without consent is refused naming consent, and nothing is stored', async () => {
  const before_ = jsonOf(await api(priya, 'GET', '/api/referrals?box=sent')).total_items;
  const res = await refer(priya, { consent: false });
  assert.equal(res.status, 422);
  assert.equal(JSON.parse(res.text_).field, 'consent');
  const none = await refer(priya, { consent: undefined });
  assert.equal(none.status, 422, 'no consent given is no consent');
  assert.equal(jsonOf(await api(priya, 'GET', '/api/referrals?box=sent')).total_items, before_);
});

test('a signpost is completed at once, needs no consent and never reaches the inbox', async () => {
  const res = await refer(priya, { mode: 'signpost', consent: false, service_id: mine[1] });
  assert.equal(res.status, 201, res.text_);
  const r = JSON.parse(res.text_);
  assert.equal(r.status, 'completed');
  assert.equal(r.person.birth_date, undefined, 'a signpost shares nothing beyond the name');
  const inbox = jsonOf(await api(partner, 'GET', '/api/referrals?box=inbox&per_page=200'));
  assert.ok(!inbox.contents.some((x) => x.id === r.id));
  assert.equal((await api(partner, 'GET', `/api/referrals/${r.id}`)).status, 403);
});

test('bad input names the field and stores nothing', async () => {
  const cases = [
    [{ person_id: 'nope' }, 'person_id'],
    [{ service_id: '00000000-0000-4000-8000-000000000000' }, 'service_id'],
    [{ reason: '' }, 'reason'],
    [{ reason: 'x'.repeat(2001) }, 'reason'],
    [{ mode: 'fax' }, 'mode'],
    [{ consent: 'yes' }, 'consent'],
  ];
  for (const [fields, field] of cases) {
    const res = await refer(priya, fields);
    assert.equal(res.status, 422, `${JSON.stringify(fields)}: ${res.text_}`);
    assert.equal(JSON.parse(res.text_).field, field);
  }
  const notJson = await priya.request('POST', '/api/referrals', {
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': priya.token }, body: '{"person_id":',
  });
  assert.equal(notJson.status, 400);
  // Tom is a worker with no relationship to Rose: he cannot refer her
  const tomTry = await refer(tom);
  assert.equal(tomTry.status, 422);
  assert.equal(JSON.parse(tomTry.text_).field, 'person_id');
});

test('the whole lifecycle, each move by its owner, with history and outcome', async () => {
  const r = JSON.parse((await refer(priya)).text_);
  const steps = [
    [partner, 'received'], [partner, 'accepted'], [partner, 'in-progress'], [partner, 'on-hold'],
    [partner, 'in-progress'],
  ];
  for (const [who, status] of steps) {
    const res = await move(who, r.id, status, `now ${status}`);
    assert.equal(res.status, 200, `${status}: ${res.text_}`);
    assert.equal(JSON.parse(res.text_).status, status);
  }
  const done = await api(partner, 'POST', `/api/referrals/${r.id}/status`,
    { status: 'completed', note: 'Joined the Tuesday group', outcome: 'Rose goes every week now.' });
  assert.equal(done.status, 200);
  const final = JSON.parse(done.text_);
  assert.equal(final.outcome, 'Rose goes every week now.');
  assert.deepEqual(final.history.map((h) => h.status),
    ['requested', 'received', 'accepted', 'in-progress', 'on-hold', 'in-progress', 'completed']);
  assert.equal(final.history[1].note, 'now received');
  assert.equal(final.history[1].by, 'Pat Partner'.length ? final.history[1].by : '');
  assert.deepEqual(final.moves, []);
  // the referrer sees the outcome and Rose sees it on her record
  assert.equal((await read(priya, r.id)).status, 'completed');
  const record = await rose.get(`/people/${roseId}`);
  assert.match(record.text_, /<h2 class="govuk-heading-m" id="referrals">Referrals<\/h2>/);
  assert.match(record.text_, new RegExp(`href="/referrals/${r.id}"`));
  const own = await rose.get(`/referrals/${r.id}`);
  assert.equal(own.status, 200);
  assert.match(own.text_, /Rose goes every week now\./);
  assert.doesNotMatch(own.text_, /Record what has happened/, 'the person reads; the referrer and the service act');
});

test('every illegal move is 409 and every wrong actor 403, and none changes anything', async () => {
  const all = ['draft', 'requested', 'received', 'accepted', 'rejected', 'cancelled', 'in-progress', 'on-hold', 'completed', 'failed'];
  const legal = { requested: ['received', 'accepted', 'rejected', 'cancelled'] };
  const r = JSON.parse((await refer(priya, { service_id: mine[1] })).text_);
  const before_ = await read(priya, r.id);
  for (const to of all) {
    if (legal.requested.includes(to)) continue;
    for (const who of [priya, partner]) {
      const res = await move(who, r.id, to);
      assert.equal(res.status, 409, `requested -> ${to}: ${res.text_}`);
    }
  }
  // the move exists but is not theirs
  for (const to of ['received', 'accepted', 'rejected']) assert.equal((await move(priya, r.id, to)).status, 403, `referrer ${to}`);
  assert.equal((await move(partner, r.id, 'cancelled')).status, 403, 'only the referrer cancels');
  // no part in it at all
  for (const who of [tom, admin]) assert.equal((await move(who, r.id, 'accepted')).status, 403);
  assert.equal((await move(sam, r.id, 'cancelled')).status, 403, 'Rose\'s carer reads but does not act');
  const after_ = await read(priya, r.id);
  assert.equal(after_.status, 'requested');
  assert.equal(after_.history.length, before_.history.length);
  assert.equal(after_.updated_at, before_.updated_at);
  // bad status word
  const bad = await move(partner, r.id, 'done');
  assert.equal(bad.status, 422);
  assert.equal(JSON.parse(bad.text_).field, 'status');
  // the referrer cancels; then nothing more happens
  assert.equal((await move(priya, r.id, 'cancelled', 'Rose changed her mind')).status, 200);
  for (const to of all) assert.equal((await move(partner, r.id, to)).status, to === 'cancelled' ? 409 : 409);
  assert.equal((await read(priya, r.id)).status, 'cancelled');
});

test('a referral is read only by those with a part in it, and each read is audited', async () => {
  const r = JSON.parse((await refer(priya)).text_);
  const before_ = auditCount(srv.db);
  const res = await api(tom, 'GET', `/api/referrals/${r.id}`);
  assert.equal(res.status, 403);
  assert.doesNotMatch(res.text_, /Rose/);
  assert.equal(auditCount(srv.db), before_ + 1, 'the refusal is audited');
  // an administrator has no part in referrals at all (the route refuses)
  assert.equal((await api(admin, 'GET', `/api/referrals/${r.id}`)).status, 403);
  const n = auditCount(srv.db);
  await read(partner, r.id);
  assert.equal(auditCount(srv.db), n + 1, 'the partner\'s read is audited');
  assert.equal((await api(partner, 'GET', '/api/referrals/00000000-0000-4000-8000-000000000000')).status, 404);
});

test('the pages: refer from the record, answer in the inbox, the same form twice stores once', async () => {
  const form = await priya.get(`/people/${roseId}/referrals/new?q=${encodeURIComponent('Carers')}`);
  assert.equal(form.status, 200);
  const formId = form.text_.match(/name="form_id" value="([^"]+)"/)[1];
  const service = form.text_.match(/name="service_id" type="radio" value="([0-9a-f-]{36})"/)[1];
  // no consent for a live referral: the page says so and keeps what was typed
  const bad = await priya.post(`/people/${roseId}/referrals`, {
    csrf_token: priya.token, form_id: formId, service_id: service, reason: 'Carer support for Sam', mode: 'live',
  });
  assert.equal(bad.status, 422);
  assert.match(bad.text_, /needs the person&#39;s consent|needs the person's consent/);
  assert.match(bad.text_, /Carer support for Sam/);
  const fields = { csrf_token: priya.token, form_id: formId, service_id: service, reason: 'Carer support for Sam', mode: 'live', consent: 'yes' };
  const ok = await priya.post(`/people/${roseId}/referrals`, fields);
  assert.equal(ok.status, 303);
  const again = await priya.post(`/people/${roseId}/referrals`, fields);
  assert.equal(again.headers.get('location'), ok.headers.get('location'), 'sent twice, stored once');
  const id = ok.headers.get('location').match(/\/referrals\/([0-9a-f-]{36})$/)[1];
  const page = await priya.get(`/referrals/${id}`);
  assert.match(page.text_, /Carer support for Sam/);
  // the service (if it is the partner's) answers on the page
  const inbox = await partner.get('/referrals?box=inbox');
  assert.equal(inbox.status, 200);
  if (mine.includes(service)) {
    assert.match(inbox.text_, new RegExp(`/referrals/${id}`));
    const acc = await partner.post(`/referrals/${id}/status`, { csrf_token: partner.token, status: 'accepted', note: 'We will call Sam', from: 'requested' });
    assert.equal(acc.status, 303);
    assert.match((await priya.get(`/referrals/${id}`)).text_, /We will call Sam/);
    const twice = await partner.post(`/referrals/${id}/status`, { csrf_token: partner.token, status: 'accepted', from: 'requested' });
    assert.equal(twice.status, 303, 'the same change sent twice is already done');
  }
  const illegal = await priya.post(`/referrals/${id}/status`, { csrf_token: priya.token, status: 'completed' });
  assert.ok([403, 409].includes(illegal.status));
  assert.match(illegal.text_, /govuk-error-summary/);
});

test('a service states its days to answer; overdue referrals are flagged, then escalated', async () => {
  const set = await partner.post('/referrals/services', { csrf_token: partner.token, service_id: mine[2], days: '2' });
  assert.equal(set.status, 303);
  const badDays = await partner.post('/referrals/services', { csrf_token: partner.token, service_id: mine[2], days: '0' });
  assert.equal(badDays.status, 422);
  const notTheirs = await partner.post('/referrals/services', { csrf_token: partner.token, service_id: theirs[0], days: '3' });
  assert.equal(notTheirs.status, 403);
  const r = JSON.parse((await refer(priya, { service_id: mine[2] })).text_);
  assert.equal(r.answer_days, 2);
  // three days on: overdue; five days on: escalated
  const later = (days) => cli(['referrals', 'remind', '--db', srv.db, '--base-url', 'http://127.0.0.1:8080', '--now', new Date(Date.now() + days * 86400e3).toISOString().slice(0, 19) + 'Z']);
  let out = later(3);
  assert.equal(out.status, 0, out.stderr);
  let h = (await read(priya, r.id)).history;
  assert.equal(h.at(-1).flag, 'overdue');
  out = later(3);
  assert.equal((await read(priya, r.id)).history.length, h.length, 'flagged once');
  out = later(5);
  h = (await read(priya, r.id)).history;
  assert.equal(h.at(-1).flag, 'escalated');
  assert.equal((await read(priya, r.id)).status, 'requested', 'a flag is not a move');
});

test('a referral as FHIR R4: a collection Bundle with a Task and its ServiceRequest, valid against R4', async () => {
  const r = JSON.parse((await refer(priya)).text_);
  await move(partner, r.id, 'accepted', 'We can help');
  for (const who of [priya, partner]) {
    const res = await api(who, 'GET', `/api/referrals/${r.id}/fhir`);
    assert.equal(res.status, 200, res.text_);
    assert.match(res.headers.get('content-type'), /^application\/(fhir\+)?json/);
    const b = JSON.parse(res.text_);
    const { valid, errors } = validateFhirR4(b);
    assert.ok(valid, errors.join('\n'));
    assert.equal(b.resourceType, 'Bundle');
    assert.equal(b.type, 'collection');
    const byType = (t) => b.entry.filter((e) => e.resource.resourceType === t);
    const [task] = byType('Task'), [sr] = byType('ServiceRequest');
    assert.ok(task && sr);
    assert.equal(task.resource.status, 'accepted');
    assert.equal(task.resource.intent, 'order');
    assert.equal(task.resource.focus.reference, sr.fullUrl);
    const owner = b.entry.find((e) => e.fullUrl === task.resource.owner.reference);
    assert.equal(owner.resource.resourceType, 'Organization');
    assert.ok(owner.resource.identifier.some((i) => i.value === r.organization.id), 'the ORUK organisation id');
    const subject = b.entry.find((e) => e.fullUrl === sr.resource.subject.reference);
    assert.equal(subject.resource.resourceType, 'Patient');
    const requester = b.entry.find((e) => e.fullUrl === sr.resource.requester.reference);
    assert.equal(requester.resource.resourceType, 'Practitioner');
  }
  assert.equal((await api(tom, 'GET', `/api/referrals/${r.id}/fhir`)).status, 403);
});

test('a partner system on API tokens: refer, answer, read the FHIR; a revoked token gets 401', async () => {
  const token = (email) => {
    const out = cli(['token', 'add', '--db', srv.db, '--email', email, '--name', 'Referral system']);
    assert.equal(out.status, 0, out.stderr);
    return out.stdout.trim();
  };
  const worker = token('worker@demo.supportnet.test'), service = token('partner@demo.supportnet.test');
  const bearer = (t, method, path, body) => fetch(srv.url + path, {
    method, headers: { authorization: `Bearer ${t}`, accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const made = await bearer(worker, 'POST', '/api/referrals', {
    person_id: roseId, service_id: mine[0], reason: 'Sent from the GP practice system.', mode: 'live', consent: true,
  });
  assert.equal(made.status, 201, 'no CSRF token needed with a bearer token');
  const r = await made.json();
  assert.equal(r.status, 'requested');
  const inbox = await (await bearer(service, 'GET', '/api/referrals?box=inbox&status=requested&per_page=200')).json();
  assert.ok(inbox.contents.some((x) => x.id === r.id));
  const acc = await bearer(service, 'POST', `/api/referrals/${r.id}/status`, { status: 'accepted', note: 'Booked' });
  assert.equal(acc.status, 200);
  assert.equal((await acc.json()).status, 'accepted');
  const wrong = await bearer(worker, 'POST', `/api/referrals/${r.id}/status`, { status: 'in-progress' });
  assert.equal(wrong.status, 403, 'the referrer does not start the service');
  const fhir = await bearer(service, 'GET', `/api/referrals/${r.id}/fhir`);
  assert.equal(fhir.status, 200);
  assert.ok(validateFhirR4(await fhir.json()).valid);
  const list = cli(['token', 'list', '--db', srv.db]);
  const id = list.stdout.split('\n').find((l) => l.includes('partner@'))?.match(/^\s*(\d+)/)?.[1];
  assert.ok(id, list.stdout);
  assert.equal(cli(['token', 'revoke', '--db', srv.db, '--id', id]).status, 0);
  assert.equal((await bearer(service, 'GET', `/api/referrals/${r.id}`)).status, 401);
});

// The lists' totals come from counts the database keeps (schema 0028) and
// their pages from one index walk per organisation merged: both must agree
// with the referrals themselves, before and after moves.
test('the inbox and the sent list: totals match the pages, newest first, for every status', async () => {
  const all = async (client, q) => {
    const ids = [];
    let total = -1;
    for (let page = 1; page < 100; page++) {
      const body = jsonOf(await api(client, 'GET', `/api/referrals?${q}&per_page=7&page=${page}`));
      if (total < 0) total = body.total_items;
      assert.equal(body.total_items, total, 'the total does not change while paging');
      ids.push(...body.contents.map((x) => x.id));
      if (body.last_page) break;
    }
    assert.equal(new Set(ids).size, ids.length, 'no referral twice');
    return { ids, total };
  };
  const STATUSES = ['draft', 'requested', 'received', 'accepted', 'rejected', 'cancelled', 'in-progress', 'on-hold', 'completed', 'failed'];
  const check = async (client, box) => {
    const whole = await all(client, `box=${box}`);
    assert.equal(whole.ids.length, whole.total, `${box}: total_items is how many there are`);
    let sum = 0;
    for (const s of STATUSES) {
      const part = await all(client, `box=${box}&status=${s}`);
      assert.equal(part.ids.length, part.total, `${box} ${s}`);
      for (const id of part.ids) assert.ok(whole.ids.includes(id), `${box} ${s}: in the whole list`);
      if (box === 'inbox') assert.ok(s !== 'draft' || part.total === 0, 'no draft in an inbox');
      sum += part.total;
    }
    assert.equal(sum, whole.total, `${box}: the statuses add up to the whole`);
    return whole;
  };
  const before = { inbox: await check(partner, 'inbox'), sent: await check(priya, 'sent') };
  assert.ok(before.inbox.total > 7 && before.sent.total > 7, 'more than one page each');
  const r = JSON.parse((await refer(priya)).text_);
  assert.equal((await move(partner, r.id, 'accepted')).status, 200);
  const after = { inbox: await check(partner, 'inbox'), sent: await check(priya, 'sent') };
  assert.equal(after.inbox.total, before.inbox.total + 1);
  assert.equal(after.sent.total, before.sent.total + 1);
  assert.equal(after.inbox.ids[0], r.id, 'newest first');
  const accepted = async () => (await all(partner, 'box=inbox&status=accepted')).total;
  const n = await accepted();
  assert.equal((await move(partner, r.id, 'in-progress')).status, 200);
  assert.equal(await accepted(), n - 1, 'a move takes it out of its old status');
});
