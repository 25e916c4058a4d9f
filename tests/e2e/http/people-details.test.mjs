// The workers' records of people (issue 15): a request taken keeps what the
// person gave (date of birth, phone, email, locality from the postcode);
// the worker changes the details and adds people by hand, warned with links
// when the record may already exist; requests from the same person say so;
// the people list has a search; a new financial assessment starts from the
// last one; comments show as comments; the person's own view is in words;
// numbers, times and dates as people read them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, root } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

const set = JSON.parse(readFileSync(join(root, 'data/selfcheck/daily-living-v1.json'), 'utf8'));
const questions = new Map(set.topics.flatMap((t) => t.questions.map((q) => [q.key, q])));
const shown = (q, a) => !q.show_if || (shown(questions.get(q.show_if.question), a) && q.show_if.answers.includes(a[q.show_if.question]));
function answerAll(plan = {}) {
  const a = {};
  for (const q of questions.values()) if (shown(q, a)) a[q.key] = plan[q.key] ?? (q.kind === 'yes_no' ? 'no' : q.choices[0].key);
  return a;
}

let srv, priya, tom, rose, roseId;
before(async () => {
  srv = await startServer({ args: ['--behind-proxy'] });
  [priya, tom, rose] = await Promise.all(['worker', 'worker2', 'resident'].map((w) => signedIn(srv.url, w)));
  roseId = (await rose.get('/me')).headers.get('location').split('/').pop();
});
after(async () => { await srv?.stop(); });

let visitors = 0;
/** Sends a self-check request from an address of its own; the request's uuid. */
async function request(given, family, more = {}, plan = {}) {
  const c = new Client(srv.url), ip = `203.0.113.${++visitors}`, req = c.request.bind(c);
  c.request = (m, p, o = {}) => req(m, p, { ...o, headers: { 'x-forwarded-for': ip, ...o.headers } });
  const token = await c.csrf('/check/pay');
  const res = await c.post('/check/self/send', { ...answerAll(plan), csrf_token: token, for_whom: 'self', given_name: given,
    family_name: family, phone: '01632 960 444', email: 'e.pike@example.com', postcode: 'AV1 0AX', consent: 'yes', ...more });
  assert.equal(res.status, 303, res.text_.slice(0, 400));
  const list = jsonOf(await priya.get('/intake', { headers: JSON_ACCEPT })).items;
  return list.filter((i) => i.name === `${given} ${family}`).pop().uuid;
}
const formId = (html) => html.match(/name="form_id" value="([0-9a-f-]{36})"/)?.[1];

test('taking a request keeps the date of birth, phone, email and locality; the worker changes the details', async () => {
  const uuid = await request('Edna', 'Pike', { 'dob-day': '14', 'dob-month': '2', 'dob-year': '1938' });
  const page = await priya.get(`/intake/${uuid}`);
  assert.match(page.text_, /14 February 1938/, 'the date of birth in words');
  const taken = await priya.post(`/intake/${uuid}/take`, { csrf_token: priya.token });
  assert.equal(taken.status, 303);
  const record = taken.headers.get('location');
  const view = jsonOf(await priya.get(record, { headers: JSON_ACCEPT }));
  assert.equal(view.date_of_birth, '14 February 1938');
  assert.equal(view.phone, '01632 960 444');
  assert.equal(view.email, 'e.pike@example.com');
  assert.equal(view.postcode, 'AV1 0AX');
  assert.notEqual(view.locality, '', 'the locality comes from the postcode');
  const html = (await priya.get(record)).text_;
  assert.ok(html.includes(`href="${record}/edit"`), 'a way to change the details');
  // Changing them: every problem at once, then saved and audited.
  const edit = await priya.get(`${record}/edit`);
  assert.equal(edit.status, 200);
  assert.match(edit.text_, /name="dob-year" type="text" inputmode="numeric" value="1938"/);
  let res = await priya.post(`${record}/edit`, { csrf_token: priya.token, form_id: formId(edit.text_), given_name: '',
    family_name: 'Pike', 'dob-day': '30', 'dob-month': '2', 'dob-year': '1938', phone: '12', email: 'no', postcode: 'ZZ', nhs_number: '123' });
  assert.equal(res.status, 400);
  for (const f of ['given_name', 'dob-day', 'phone', 'email', 'postcode', 'nhs_number']) assert.match(res.text_, new RegExp(`<a href="#${f}">`), f);
  const n = auditCount(srv.db);
  res = await priya.post(`${record}/edit`, { csrf_token: priya.token, form_id: formId(edit.text_), given_name: 'Edna',
    family_name: 'Pike-Jones', 'dob-day': '14', 'dob-month': '2', 'dob-year': '1938', phone: '07700 900 123', email: '',
    postcode: 'AV2 1QL', nhs_number: '943 476 5919' });
  assert.equal(res.status, 303);
  assert.equal(auditCount(srv.db), n + 1, 'person.update');
  const after_ = jsonOf(await priya.get(record, { headers: JSON_ACCEPT }));
  assert.equal(after_.name, 'Edna Pike-Jones');
  assert.equal(after_.phone, '07700 900 123');
  assert.equal(after_.nhs_number, '943 476 5919', 'written as people read it');
  assert.notEqual(after_.locality, view.locality, 'the locality follows the postcode');
  // Only their worker.
  assert.equal((await tom.get(`${record}/edit`, { headers: JSON_ACCEPT })).status, 403);
  assert.equal((await rose.get(`/people/${roseId}/edit`, { headers: JSON_ACCEPT })).status, 403);
});

test('a person added by hand: a real form, a warning with links when they may already exist', async () => {
  const form = await priya.get('/people/new');
  assert.equal(form.status, 200);
  assert.match(form.text_, /<h1 class="govuk-heading-l">Add a person<\/h1>/);
  const fields = { csrf_token: priya.token, form_id: formId(form.text_), given_name: 'Walter', family_name: 'Quill',
    'dob-day': '3', 'dob-month': '7', 'dob-year': '1944', postcode: 'AV3 1AA', phone: '', email: '' };
  let res = await priya.post('/people', fields);
  assert.equal(res.status, 303);
  const walter = res.headers.get('location');
  assert.match(walter, /^\/people\/[0-9a-f-]{36}$/);
  assert.equal((await priya.post('/people', fields)).headers.get('location'), walter, 'sent twice: one record');
  // The same name again (another form): a warning with a link to Walter.
  const again = await priya.get('/people/new');
  const same = { ...fields, form_id: formId(again.text_), given_name: 'walter', postcode: '' };
  res = await priya.post('/people', same);
  assert.equal(res.status, 200);
  assert.match(res.text_, /There may already be a record for this person/);
  assert.ok(res.text_.includes(`href="${walter}"`));
  assert.match(res.text_, /born 3 July 1944/);
  // The worker says it is someone else: added.
  res = await priya.post('/people', { ...same, confirm_new: 'yes' });
  assert.equal(res.status, 303);
  assert.notEqual(res.headers.get('location'), walter);
  // A different date of birth is a different person: no warning.
  const third = await priya.get('/people/new');
  res = await priya.post('/people', { ...fields, form_id: formId(third.text_), 'dob-year': '1950' });
  assert.equal(res.status, 303);
  // A request from someone with a record says so.
  const uuid = await request('Walter', 'Quill', { 'dob-day': '3', 'dob-month': '7', 'dob-year': '1944' });
  const page = await priya.get(`/intake/${uuid}`);
  assert.match(page.text_, /This person may already be known/);
  assert.ok(page.text_.includes(`href="${walter}"`));
  const second = await request('Walter', 'Quill');
  assert.ok((await priya.get(`/intake/${second}`)).text_.includes(`href="/intake/${uuid}"`), 'and the other request');
  // Bad input: named, nothing added.
  const bad = await priya.get('/people/new');
  res = await priya.post('/people', { csrf_token: priya.token, form_id: formId(bad.text_), given_name: '', family_name: '' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#given_name">Enter the first name<\/a>/);
  assert.match(res.text_, /<a href="#family_name">Enter the last name<\/a>/);
  // Workers only.
  assert.equal((await rose.get('/people/new', { headers: JSON_ACCEPT })).status, 403);
});

test('the people list: a search by name, counts in words', async () => {
  let list = jsonOf(await priya.get('/people?q=QUILL', { headers: JSON_ACCEPT }));
  assert.ok(list.people.length >= 2);
  assert.ok(list.people.every((p) => /quill/i.test(p.name)));
  assert.match(list.caption, /^\d+ people whose names have “QUILL”$/);
  list = jsonOf(await priya.get('/people?q=Edna+Pike', { headers: JSON_ACCEPT }));
  assert.equal(list.people.length, 1);
  assert.equal(list.caption, '1 person whose name has “Edna Pike”');
  list = jsonOf(await priya.get('/people?q=%25', { headers: JSON_ACCEPT }));
  assert.equal(list.people.length, 0, '% is a character, not a wildcard');
  const page = await priya.get('/people?q=zzzz');
  assert.match(page.text_, /No one you support has a name with “zzzz”/);
});

test('a new financial assessment starts from the last one', async () => {
  const first = await priya.get(`/people/${roseId}/financial`);
  let res = await priya.post(`/people/${roseId}/financial`, { csrf_token: priya.token, form_id: formId(first.text_), age: '81',
    couple: 'no', capital: '15000', income_state_pension: '230.30', dre: '12.50', care_cost: '150' });
  assert.equal(res.status, 303);
  const next = await priya.get(`/people/${roseId}/financial`);
  assert.match(next.text_, /The figures start from the financial assessment of/);
  assert.match(next.text_, /id="age" name="age" type="text"[^>]*value="81"/);
  assert.match(next.text_, /name="capital" type="text"[^>]*value="15000"/);
  assert.match(next.text_, /name="income_state_pension" type="text"[^>]*value="230.30"/);
  assert.match(next.text_, /name="dre" type="text"[^>]*value="12.50"/);
  assert.match(next.text_, /id="couple-no" name="couple" type="radio" value="no" checked/);
});

test('comments: shown as comments on the record; who will read one is said before it is sent', async () => {
  const page = await rose.get(`/people/${roseId}`);
  const assessment = page.text_.match(/href="\/assessments\/([0-9a-f-]{36})"/)[1];
  const show = await rose.get(`/assessments/${assessment}`);
  assert.match(show.text_, /Priya Natarajan, your worker, will read it/);
  assert.match(show.text_, /the people you have named cannot/);
  const res = await rose.post(`/assessments/${assessment}/comments`, { csrf_token: rose.token, form_id: formId(show.text_),
    comment: 'I manage the stairs on good days only.' });
  assert.equal(res.status, 303);
  const record = await priya.get(`/people/${roseId}`);
  assert.match(record.text_, /I manage the stairs on good days only\./);
  assert.match(record.text_, /Wrote a comment on an assessment/);
  assert.doesNotMatch(record.text_, /assessment\.comment/);
  const worker = await priya.get(`/assessments/${assessment}`);
  assert.match(worker.text_, /Rose Ashdown will see it/);
});

test("the person's own view: words, not codes; UK time; no UTC", async () => {
  const page = (await rose.get(`/people/${roseId}`)).text_;
  assert.match(page, /You can see this record because it is your own record\./);
  assert.doesNotMatch(page, /You can see it as|: self\b|assessment\.read|person\.read|\(UTC\)/);
  assert.match(page, /Looked at the record/);
  assert.match(page, /\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}(:\d\d)?(am|pm)|midday|midnight/, 'when, in UK time');
  assert.match(page, /Their own record/);
});

test('the queue counts in words: "1 request", not "1 requests"', async () => {
  const closed = jsonOf(await priya.get('/intake?status=closed', { headers: JSON_ACCEPT }));
  const uuid = await request('Ivy', 'Single');
  const c = await priya.get(`/intake/${uuid}`);
  assert.equal((await priya.post(`/intake/${uuid}/close`, { csrf_token: priya.token, form_id: formId(c.text_), reason: 'Advice given' })).status, 303);
  const after_ = jsonOf(await priya.get('/intake?status=closed', { headers: JSON_ACCEPT }));
  assert.equal(after_.caption, `${closed.count + 1} ${closed.count + 1 === 1 ? 'request' : 'requests'}`);
  const waiting = jsonOf(await priya.get('/intake', { headers: JSON_ACCEPT }));
  assert.match(waiting.caption, /^\d+ requests? waiting, oldest first$/);
  assert.doesNotMatch(waiting.caption, /^1 requests/);
});
