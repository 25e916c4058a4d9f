// A referral that names someone new, the duplicate-person check and the
// merge that keeps history (issue 17): the likely matches the caller may
// see come back as a 409 and nothing is stored; "new_person" makes the
// record; a match the caller may not see is kept for review and never
// named to them; a merge by a worker who reaches both records re-points
// everything, keeps both access logs, and leaves a tombstone that leads to
// the survivor. Runs on SQLite, and on PostgreSQL with SN_PG_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, signedIn } from './http-helpers.mjs';

let srv, rose, priya, tom, partner, admin, roseId, services;
before(async () => {
  srv = await startServer();
  [rose, priya, tom, partner, admin] = await Promise.all(
    ['resident', 'worker', 'worker2', 'partner', 'admin'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
  const page = await partner.get('/referrals/services');
  services = [...page.text_.matchAll(/name="service_id" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
  assert.ok(services.length > 0);
});
after(async () => { await srv?.stop(); });

const api = (client, method, path, body) => client.request(method, path, {
  headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': client.token },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const referNew = (client, person, extra = {}) => api(client, 'POST', '/api/referrals', {
  person, service_id: services[0], reason: 'Would like company on Tuesdays.', mode: 'live', consent: true, ...extra,
});
const sentCount = async (c) => jsonOf(await api(c, 'GET', '/api/referrals?box=sent')).total_items;
const caseload = async (c) => jsonOf(await api(c, 'GET', '/api/people'));
const ROSE = { given_name: 'Rose', family_name: 'Ashdown' };

const pairsOf = async (c) => jsonOf(await c.get('/admin/duplicates', { headers: JSON_ACCEPT })).pairs ?? [];

test('the demo has a pair for review: counted to the administrator, shown to the worker of both, who merges it', async () => {
  const adminPage = await admin.get('/admin/duplicates');
  assert.ok(Number(adminPage.text_.match(/id="open-count">(\d+)/)[1]) >= 1, 'open for review');
  assert.ok(!adminPage.text_.includes('Marlowe'), 'administrators see how many, not who');
  assert.ok(!(await pairsOf(tom)).some((p) => p.a.name === 'Edith Marlowe'), 'Tom reaches neither');
  const pair = (await pairsOf(priya)).find((p) => p.a.name === 'Edith Marlowe' && p.b.name === 'Edith Marlowe');
  assert.ok(pair, 'Priya is the worker of both');
  assert.equal(pair.a.born, pair.b.born, 'the same date of birth');
  assert.notEqual(pair.a.postcode, pair.b.postcode);
  assert.equal(pair.merge_href, `/people/${pair.a.uuid}/merge?into=${pair.b.uuid}`);
  assert.equal((await priya.get(pair.merge_href)).status, 200);
  const done = await priya.post(`/people/${pair.a.uuid}/merge`, { csrf_token: priya.token, into: pair.b.uuid });
  assert.equal(done.status, 303, done.text_.slice(0, 300));
  assert.equal(done.headers.get('location'), `/people/${pair.b.uuid}`);
  assert.ok(!(await pairsOf(priya)).some((p) => p.uuid === pair.uuid), 'no longer open');
});

test('a visible likely match: 409 with it, nothing stored', async () => {
  const [sent, people] = [await sentCount(priya), JSON.stringify(await caseload(priya))];
  const res = await referNew(priya, ROSE);
  assert.equal(res.status, 409, res.text_);
  const b = JSON.parse(res.text_);
  assert.equal(b.error, 'possible_duplicate');
  assert.equal(b.field, 'person');
  assert.ok(b.matches.some((m) => m.id === roseId && m.name === 'Rose Ashdown'), res.text_);
  for (const m of b.matches) assert.deepEqual(Object.keys(m).sort(), ['birth_date', 'id', 'name', 'postcode']);
  assert.equal(await sentCount(priya), sent);
  assert.equal(JSON.stringify(await caseload(priya)), people, 'no record made');
});

test('new_person: true makes the record, the worker its worker, and the referral', async () => {
  const res = await referNew(priya, { ...ROSE, birth_date: '1950-02-03', postcode: 'av1 2ab', phone: '01632 960 001' },
    { new_person: true });
  assert.equal(res.status, 201, res.text_);
  const r = JSON.parse(res.text_);
  assert.notEqual(r.person.id, roseId);
  assert.equal(r.person.birth_date, '1950-02-03');
  assert.equal((await priya.get(`/people/${r.person.id}`)).status, 200, 'Priya is the new record\'s worker');
  const page = await priya.get(`/people/${r.person.id}`);
  assert.match(page.text_, /Made the record/);
});

test('bad person fields: 422 naming the field, nothing stored', async () => {
  const sent = await sentCount(priya);
  const people = JSON.stringify(await caseload(priya));
  const cases = [
    [{ family_name: 'Nobody' }, 'person.given_name'],
    [{ given_name: 'A', family_name: '' }, 'person.family_name'],
    [{ ...ROSE, birth_date: '2099-01-01' }, 'person.birth_date'],
    [{ ...ROSE, birth_date: '1950-02-30' }, 'person.birth_date'],
    [{ ...ROSE, birth_date: '3/2/1950' }, 'person.birth_date'],
    [{ ...ROSE, postcode: 'nowhere' }, 'person.postcode'],
    [{ ...ROSE, phone: '12' }, 'person.phone'],
    [{ ...ROSE, email: 'not-an-email' }, 'person.email'],
    [{ ...ROSE, given_name: 'x'.repeat(101) }, 'person.given_name'],
    [{ ...ROSE, shoe_size: '9' }, 'person.shoe_size'],
    [{ ...ROSE, given_name: 7 }, 'person.given_name'],
  ];
  for (const [person, field] of cases) {
    const res = await referNew(priya, person, { new_person: true });
    assert.equal(res.status, 422, `${JSON.stringify(person)}: ${res.text_}`);
    assert.equal(JSON.parse(res.text_).field, field, res.text_);
  }
  const resident = await referNew(rose, { given_name: 'Una', family_name: 'Newcombe' });
  assert.equal(resident.status, 403, 'only workers and partners make records this way');
  assert.equal(JSON.parse(resident.text_).field, 'person');
  const both = await referNew(priya, ROSE, { person_id: roseId });
  assert.equal(both.status, 422);
  const svc = await referNew(priya, { given_name: 'Una', family_name: 'Newcombe' }, { service_id: roseId });
  assert.equal(JSON.parse(svc.text_).field, 'service_id');
  assert.equal(await sentCount(priya), sent);
  assert.equal(JSON.stringify(await caseload(priya)), people);
});

let partnerNew;
test('a match the caller may not see is kept for review and never named to them', async () => {
  const open = async () => Number((await admin.get('/admin/duplicates')).text_.match(/id="open-count">(\d+)/)[1]);
  const before_ = await open();
  const res = await referNew(partner, ROSE);
  assert.equal(res.status, 201, res.text_);
  assert.ok(!res.text_.includes(roseId), 'the partner is not told of Rose\'s record');
  partnerNew = JSON.parse(res.text_).person.id;
  assert.equal((await partner.get(`/people/${partnerNew}`)).status, 403, 'a partner gets no relationship');
  assert.equal((await partner.get(`/referrals/${JSON.parse(res.text_).id}`)).status, 200, 'but reads the referral');
  assert.ok(await open() > before_, 'the pair is open for review');
  const adminPage = await admin.get('/admin/duplicates');
  assert.ok(!adminPage.text_.includes('Ashdown'), 'administrators see how many, not who');
  // Priya reaches Rose but not the partner's record: not listed to her...
  assert.ok(!(await priya.get('/admin/duplicates')).text_.includes(partnerNew));
  // ...until she can reach both (emergency access, audited).
  const bg = await priya.post(`/people/${partnerNew}/break-glass`, { csrf_token: priya.token,
    reason: 'Checking a possible duplicate of a person I support.' });
  assert.equal(bg.status, 303);
  const listed = await priya.get('/admin/duplicates');
  assert.ok(listed.text_.includes(partnerNew) && listed.text_.includes(roseId));
  const pair = (await pairsOf(priya)).find((p) => [p.a.uuid, p.b.uuid].includes(partnerNew)).uuid;
  assert.equal((await tom.post(`/admin/duplicates/${pair}/dismiss`, { csrf_token: tom.token })).status, 403);
  assert.equal((await priya.post(`/admin/duplicates/${pair}/dismiss`, { csrf_token: priya.token })).status, 303);
  assert.ok(!(await priya.get('/admin/duplicates')).text_.includes(pair), 'dismissed');
});

test('the page: "Is this the same person?", everything typed kept, sent twice stores once', async () => {
  const form = await priya.get('/referrals/new-person');
  assert.equal(form.status, 200);
  const formId = form.text_.match(/name="form_id" value="([0-9a-f-]{36})"/)[1];
  const fields = { csrf_token: priya.token, form_id: formId, given_name: 'Rose', family_name: 'Ashdown',
    postcode: 'AV1 2AB', service_id: services[0], reason: 'Typed once.', mode: 'live', consent: 'yes',
    'dob-day': '', 'dob-month': '', 'dob-year': '' };
  const asked = await priya.post('/referrals/new-person', fields);
  assert.equal(asked.status, 200, asked.text_.slice(0, 300));
  assert.match(asked.text_, /Is this the same person\?/);
  assert.match(asked.text_, new RegExp(`name="same" type="radio" value="${roseId}"`));
  assert.match(asked.text_, /value="Typed once\."|>Typed once\.</);
  assert.match(asked.text_, /id="given_name" name="given_name" type="text" value="Rose"/);
  const unanswered = await priya.post('/referrals/new-person', { ...fields, asked: '1' });
  assert.equal(unanswered.status, 422);
  assert.match(unanswered.text_, /Choose one of the records shown/);
  const sent = await sentCount(priya);
  const chosen = await priya.post('/referrals/new-person', { ...fields, same: roseId });
  assert.equal(chosen.status, 303);
  const again = await priya.post('/referrals/new-person', { ...fields, same: roseId });
  assert.equal(again.status, 303);
  assert.equal(again.headers.get('location'), chosen.headers.get('location'));
  assert.equal(await sentCount(priya), sent + 1, 'stored once');
  const r = jsonOf(await api(priya, 'GET', `/api/referrals/${chosen.headers.get('location').split('/').pop()}`));
  assert.equal(r.person.id, roseId, 'referred the record chosen');
  const bad = await priya.post('/referrals/new-person', { ...fields, form_id: '', given_name: '', 'dob-day': '40',
    'dob-month': '1', 'dob-year': '1950' });
  assert.equal(bad.status, 422);
  assert.match(bad.text_, /Enter the first name/);
  assert.match(bad.text_, /value="Typed once\."|>Typed once\.</);
});

test('merge: re-points referrals, plans and relationships, keeps both access logs, leaves a tombstone', async () => {
  // no date of birth: a known different one would say it is someone else
  const made = JSON.parse((await referNew(priya, { ...ROSE, postcode: 'AV1 9ZZ' }, { new_person: true })).text_);
  const dup = made.person.id;
  const plan = await priya.post(`/people/${dup}/plans`, { csrf_token: priya.token });
  assert.equal(plan.status, 303);
  const planId = plan.headers.get('location').split('/').pop();
  const chooser = await priya.get(`/people/${dup}/merge`);
  assert.equal(chooser.status, 200);
  assert.match(chooser.text_, new RegExp(`value="${roseId}"`));
  const compare = await priya.get(`/people/${dup}/merge?into=${roseId}`);
  assert.equal(compare.status, 200);
  assert.match(compare.text_, /1 referrals/);
  assert.match(compare.text_, /1 support plans/);
  assert.match(compare.text_, /1 people linked to the record/);
  const done = await priya.post(`/people/${dup}/merge`, { csrf_token: priya.token, into: roseId });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), `/people/${roseId}`);
  const r = jsonOf(await api(priya, 'GET', `/api/referrals/${made.id}`));
  assert.equal(r.person.id, roseId, 'the referral follows the person');
  assert.match((await priya.get(`/api/plans/${planId}`, { headers: JSON_ACCEPT })).text_, new RegExp(roseId),
    'the plan follows the person');
  const tomb = await priya.get(`/people/${dup}`);
  assert.equal(tomb.status, 303);
  assert.equal(tomb.headers.get('location'), `/people/${roseId}`);
  assert.ok(!JSON.stringify(await caseload(priya)).includes(dup), 'the tombstone is not listed');
  const page = await priya.get(`/people/${roseId}`);
  assert.match(page.text_, /Made the record/, "the duplicate's log shows on the survivor");
  assert.match(page.text_, /Merged two records of this person into one/);
  const again = await referNew(priya, ROSE);
  assert.ok(!again.text_.includes(dup), 'no longer a likely match');
  // the tombstone's other pages lead to the same page of the record kept, query and all
  for (const [from, to] of [[`/people/${dup}/plan`, `/people/${roseId}/plan`],
    [`/people/${dup}/referrals/new?q=lunch+club&service=`, `/people/${roseId}/referrals/new?q=lunch+club&service=`],
    [`/people/${dup}/assessments/new?kind=carer`, `/people/${roseId}/assessments/new?kind=carer`],
    [`/people/${dup}/direct-payment`, `/people/${roseId}/direct-payment`]]) {
    const res = await priya.get(from);
    assert.equal(res.status, 303, `${from}: ${res.text_.slice(0, 200)}`);
    assert.equal(res.headers.get('location'), to);
    assert.ok([200, 303].includes((await priya.get(to)).status), `${to}: Priya reaches it`);
  }
  // Rose's own pages lead her there too (her own record); a form is not moved
  assert.equal((await rose.get(`/people/${dup}/plan`)).headers.get('location'), `/people/${roseId}/plan`);
  assert.equal((await priya.post(`/people/${dup}/plans`, { csrf_token: priya.token })).status, 403);
  // Tom reaches neither record: no redirect naming the record kept, the page's own refusal
  for (const path of [`/people/${dup}/plan`, `/people/${dup}/referrals/new`, `/people/${dup}/financial`]) {
    const res = await tom.get(path);
    assert.ok([403, 404].includes(res.status), `${path}: ${res.status}`);
    assert.ok(!res.text_.includes(roseId) && !(res.headers.get('location') ?? '').includes(roseId), path);
  }

  // a second merge of the same record is refused, and so is merging into it
  assert.equal((await priya.post(`/people/${dup}/merge`, { csrf_token: priya.token, into: roseId })).status, 409);
  assert.equal((await priya.get(`/people/${dup}/merge`)).status, 303);
});

test('two merges of one record at the same moment: one is made, the other refused', async () => {
  const make = async (postcode) => JSON.parse((await referNew(priya, { ...ROSE, postcode }, { new_person: true })).text_).person.id;
  const [x, y] = [await make('AV1 9ZY'), await make('AV1 9ZX')];
  const res = await Promise.all([
    priya.post(`/people/${x}/merge`, { csrf_token: priya.token, into: roseId }),
    priya.post(`/people/${x}/merge`, { csrf_token: priya.token, into: y }),
  ]);
  assert.deepEqual(res.map((r) => r.status).sort(), [303, 409], res.map((r) => r.text_.slice(0, 200)).join('\n'));
  const winner = res.find((r) => r.status === 303).headers.get('location');
  assert.equal((await priya.get(`/people/${x}`)).headers.get('location'), winner);
});

test('a worker who cannot reach both records is refused and nothing changes', async () => {
  const made = JSON.parse((await referNew(tom, ROSE)).text_); // Tom cannot see Rose: a new record
  const tomsDup = made.person.id;
  assert.equal((await tom.get(`/people/${tomsDup}`)).status, 200);
  const res = await tom.post(`/people/${tomsDup}/merge`, { csrf_token: tom.token, into: roseId });
  assert.equal(res.status, 403);
  assert.equal((await tom.get(`/people/${tomsDup}`)).status, 200, 'still there');
  assert.equal(jsonOf(await api(tom, 'GET', `/api/referrals/${made.id}`)).person.id, tomsDup);
  assert.equal((await tom.get(`/people/${tomsDup}/merge?into=${roseId}`)).status, 422, 'Rose is not offered');
  assert.ok(!(await tom.get(`/people/${tomsDup}/merge`)).text_.includes(roseId));
  // and a worker cannot merge a record they cannot see into one they can
  assert.equal((await priya.post(`/people/${tomsDup}/merge`, { csrf_token: priya.token, into: roseId })).status, 403);
});

test('the merge moves every table that refers to people (the list in people_merge_store.c)', () => {
  const tables = new Set();
  for (const dir of ['sqlite', 'postgres']) {
    for (const f of readdirSync(join(root, 'schema', dir))) {
      const sql = readFileSync(join(root, 'schema', dir, f), 'utf8');
      for (const m of sql.matchAll(/CREATE TABLE (\w+) \(([\s\S]*?)\n\);/g))
        if (/person_id \w+( NOT NULL)? REFERENCES people/.test(m[2])) tables.add(m[1]);
    }
  }
  const src = readFileSync(join(root, 'src/people/people_merge_store.c'), 'utf8');
  const listed = new Set([...src.matchAll(/\{"(\w+)", "[^"]+"\}/g)].map((m) => m[1]));
  // merged by hand (activity: its rows move, its sums stay), or kept
  for (const t of ['relationships', 'break_glass', 'people_duplicates', 'activity']) listed.add(t);
  assert.deepEqual([...tables].filter((t) => !listed.has(t)), []);
});
