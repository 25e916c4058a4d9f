// The self-check pages (POST /check/self topic by topic, the report, asking
// for an assessment) and the workers' intake queue (/intake: list, show,
// take, close), against the real server. The answers are worked out from
// data/selfcheck/daily-living-v1.json (show_if as the engine reads it), so
// no question key is written here except in the plans. The check itself
// stores nothing; only "Send my request", with consent, does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, root, ROLES } from '../lib/server.mjs';
import { auditCount, jsonOf, signedIn, JSON_ACCEPT } from './http-helpers.mjs';

const set = JSON.parse(readFileSync(join(root, 'data/selfcheck/daily-living-v1.json'), 'utf8'));
const questions = new Map(set.topics.flatMap((t) => t.questions.map((q) => [q.key, q])));

/** Shown as the engine decides: every show_if up the chain is met. */
function shown(q, a) {
  if (!q.show_if) return true;
  const p = questions.get(q.show_if.question);
  return shown(p, a) && q.show_if.answers.includes(a[p.key]);
}

/** Answers to every shown question: plan[key], else "no" or the first choice. */
function answerAll(plan = {}) {
  const a = {};
  for (const q of questions.values()) if (shown(q, a)) a[q.key] = plan[q.key] ?? (q.kind === 'yes_no' ? 'no' : q.choices[0].key);
  return a;
}

const ELIGIBLE = { health: 'yes', wellbeing: 'yes', move_difficulty: 'yes', move_why: 'help', bath_difficulty: 'yes', bath_why: 'help' };
const MAY = /You may be eligible for care and support/, ADVICE = /Advice and equipment may be enough for now/;
const REPORT = /<h1 class="govuk-heading-l">Your self-check results<\/h1>/;
/** A 400 page asking to start the check again (the carried answers were not a whole check). */
const startAgain = (res, what) => { assert.equal(res.status, 400, what); assert.match(res.text_, /Start the check again/, what); };

/** The sealed answers a page's form carries, and the topic it is about. */
const sealedOf = (html) => html.match(/name="answers" value="([^"]*)"/)?.[1];
const topicOf = (html) => Number(html.match(/name="topic" value="(\d+)"/)?.[1] ?? NaN);
const summaryLinks = (html) => [...html.matchAll(/<li><a href="#([^"]+)">/g)].map((m) => m[1]);

let srv, priya;
// Behind a proxy, so that each visitor can come from an address of its own:
// sending a request is limited to 10 an hour from one address.
before(async () => { srv = await startServer({ args: ['--behind-proxy'] }); priya = await signedIn(srv.url, 'worker'); });
after(async () => { await srv?.stop(); });

/** An anonymous visitor, from an address of its own, with the CSRF token
 * of its anonymous session. */
let visitors = 0;
async function visitor() {
  const c = new Client(srv.url);
  const ip = `198.51.100.${++visitors}`, request = c.request.bind(c);
  c.request = (method, path, opts = {}) => request(method, path, { ...opts, headers: { 'x-forwarded-for': ip, ...opts.headers } });
  c.token = await c.csrf('/check/pay'); // the self-check's start page is a link
  return c;
}
/** Posts a step. A redirect (303) to one of the check's pages is followed
 * as a browser does: the page comes back with the redirect as .via and its
 * address as .at. */
async function step(c, fields, path = '/check/self') {
  const res = await c.post(path, { ...fields, csrf_token: c.token });
  const to = res.headers.get('location');
  if (res.status !== 303 || !to.startsWith('/check/self/')) return res;
  const page = await c.get(to);
  page.via = res;
  page.at = to;
  return page;
}
/** The answers a page's address holds (its JSON's "given"). */
async function givenAt(c, at) {
  const res = await c.get(at, { headers: JSON_ACCEPT });
  assert.equal(res.status, 200, `${at}: ${res.text_.slice(0, 200)}`);
  return jsonOf(res).given;
}

/** Walks the check page by page as a browser does (each page's sealed
 * answers carried, only this topic's answers added) and returns the
 * report page. */
async function walk(c, plan) {
  const want = answerAll(plan), seen = [];
  let res = await step(c, {});
  for (let t; !REPORT.test(res.text_) && seen.length <= set.topics.length; seen.push(t)) {
    assert.equal(res.status, 200, res.text_.slice(0, 500));
    assert.equal(res.via?.status, 303, 'each step redirects');
    t = topicOf(res.text_);
    const mine = set.topics[t].questions.filter((q) => q.key in want).map((q) => [q.key, want[q.key]]);
    res = await step(c, { answers: sealedOf(res.text_), ...Object.fromEntries(mine), topic: String(t), go: 'next' });
  }
  // Every topic with a shown question, in order (a topic all hidden is skipped).
  assert.deepEqual(seen, [...set.topics.keys()].filter((t) => set.topics[t].questions.some((q) => q.key in want)));
  assert.match(res.at, /^\/check\/self\/answers\/[A-Za-z0-9_-]+\/report$/);
  assert.deepEqual(await givenAt(c, res.at), want, 'the report holds exactly the shown answers');
  return res;
}

/** The worker's queue for a status, as JSON. */
async function queue(status = 'new') {
  const res = await priya.get(`/intake?status=${status}`, { headers: JSON_ACCEPT });
  assert.equal(res.status, 200);
  return jsonOf(res).items;
}

const contact = (given, more = {}) => ({ for_whom: 'self', given_name: given, family_name: 'Testcase',
  phone: '01632 960 123', email: 'w.testcase@example.com', postcode: 'av1 2bc', consent: 'yes', ...more });
/** Sends the request form with the answers in hidden fields, one field a
 * question (as forms did before the answers were sealed). */
const send = (c, fields, answers = answerAll(ELIGIBLE)) => c.post('/check/self/send', { ...answers, ...fields, csrf_token: c.token });
/** The reference on a "request sent" page. */
const referenceOf = (html) => html.match(/Your reference<br><strong>([^<]*)<\/strong>/)?.[1];

/** Sends a valid request as a new visitor; returns its id from the worker's queue. */
async function newRequest(given) {
  const res = await send(await visitor(), contact(given));
  assert.equal(res.status, 303, res.text_.slice(0, 500));
  const item = (await queue()).find((i) => i.name === `${given} Testcase`);
  assert.ok(item, `${given} is not in the queue`);
  return item.uuid;
}

test('walking the whole check: may be eligible, or advice may be enough; nothing is stored', async () => {
  const c = await visitor();
  const queued = (await queue()).map((i) => i.uuid);
  const n = auditCount(srv.db);
  const first = await step(c, {});
  assert.match(first.text_, new RegExp(`Part 1 of ${set.topics.length}`));
  assert.doesNotMatch(first.text_, /name="go" value="back"/, 'no Back on the first part');
  const yes = await walk(c, ELIGIBLE);
  assert.match(yes.text_, MAY);
  assert.doesNotMatch(yes.text_, ADVICE);
  assert.match(yes.text_, /href="\/check\/self\/answers\/[A-Za-z0-9_-]+\?topic=0">Change your answers about/);
  const no = await walk(c, {});
  assert.match(no.text_, ADVICE);
  assert.doesNotMatch(no.text_, MAY);
  assert.equal(auditCount(srv.db), n, 'the check wrote to the audit chain');
  assert.deepEqual((await queue()).map((i) => i.uuid), queued, 'the check added to the queue');
});

test('a topic without answers: 400 with an error summary linking every shown question', async () => {
  const c = await visitor();
  for (const [t, topic] of set.topics.entries()) {
    const res = await step(c, { topic: String(t), go: 'next' });
    assert.equal(res.status, 400, topic.title);
    assert.match(res.text_, /class="govuk-error-summary"/);
    const top = topic.questions.filter((q) => !q.show_if);
    assert.deepEqual(summaryLinks(res.text_), top.map((q) => q.key), `${topic.title}: only questions without show_if`);
    for (const q of top) {
      assert.ok(res.text_.includes(`<a href="#${q.key}">${q.error}</a>`), `${q.key} message`);
      assert.match(res.text_, new RegExp(`id="${q.key}-error"`));
    }
  }
});

test('invalid values, unknown keys, bad topic and go', async () => {
  const c = await visitor();
  let res = await step(c, { topic: '0', go: 'next', health: 'maybe', wellbeing: 'yes' });
  assert.equal(res.status, 400);
  assert.deepEqual(summaryLinks(res.text_), ['health']);
  assert.ok(res.text_.includes(`<a href="#health">${questions.get('health').error}</a>`));
  assert.match(res.text_, /id="wellbeing" name="wellbeing" type="radio" value="yes" checked>/, 'good answers are kept');
  // A field that is not a question is ignored: not read, not carried on.
  res = await step(c, { topic: '0', go: 'next', health: 'yes', wellbeing: 'no', not_a_question: 'yes', '<x>': '"y"' });
  assert.equal(res.status, 200);
  assert.equal(topicOf(res.text_), 1);
  assert.match(res.at, /\?topic=1$/);
  assert.deepEqual(await givenAt(c, res.at), { health: 'yes', wellbeing: 'no' });
  // A bad value carried for a later question is dropped, not carried.
  res = await step(c, { topic: '0', go: 'next', health: 'yes', wellbeing: 'no', fallen: 'x'.repeat(40) });
  assert.equal(res.status, 200);
  assert.deepEqual(await givenAt(c, res.at), { health: 'yes', wellbeing: 'no' });
  for (const topic of [String(set.topics.length), '-1', 'abc', '1.5', '99999999999999999999']) {
    startAgain(await step(c, { topic, go: 'next', health: 'yes', wellbeing: 'no' }), `topic=${topic}`);
  }
  for (const go of ['edit-99', 'edit-', 'edit-x', `edit-${set.topics.length}`]) {
    res = await step(c, { go });
    assert.equal(res.status, 400, `go=${go}`);
    assert.match(res.text_, /There is no such part of the check/);
  }
  res = await step(c, { topic: '1', go: 'back', health: 'yes', wellbeing: 'no', door: 'yes' });
  assert.equal(res.status, 200);
  assert.equal(topicOf(res.text_), 0, 'back from the second part shows the first');
  assert.match(res.text_, /id="health" name="health" type="radio" value="yes" checked>/);
  assert.equal((await givenAt(c, res.at)).door, 'yes', 'answers of the part left are kept');
  res = await step(c, { topic: '0', go: 'back' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/check/self');
});

test('branching: a follow-up is not required when its condition is not met', async () => {
  const c = await visitor();
  const none = answerAll(), sofar = {};
  for (const [t, topic] of set.topics.entries()) {
    const mine = topic.questions.filter((q) => q.key in none);
    for (const q of mine) sofar[q.key] = none[q.key];
    if (mine.length === topic.questions.length) continue; // no follow-up hidden here
    const res = await step(c, { ...sofar, topic: String(t), go: 'next' });
    assert.equal(res.status, 200, `${topic.title}: ${summaryLinks(res.text_)}`);
    if (t + 1 < set.topics.length) assert.equal(topicOf(res.text_), t + 1);
    else assert.match(res.text_, REPORT);
  }
  // "yes" makes the follow-up required; the page says when to answer it.
  const t = set.topics.findIndex((x) => x.key === 'moving_home');
  const res = await step(c, { topic: String(t), go: 'next', move_difficulty: 'yes', fallen: 'no', door: 'no' });
  assert.equal(res.status, 400);
  assert.deepEqual(summaryLinks(res.text_), ['move_why']);
  assert.match(res.text_, /Answer this if you chose “Yes” above\./);
  // A stale follow-up (answered, then its condition changed) is not carried to the report.
  const stale = await step(c, { ...answerAll(), move_why: 'help', topic: String(set.topics.length - 1), go: 'next' });
  assert.match(stale.text_, REPORT);
  assert.match(stale.text_, ADVICE);
  assert.ok(!('move_why' in await givenAt(c, stale.at)), 'the hidden follow-up was carried on');
});

test('request and send with incomplete answers: 400 "Start the check again", nothing stored', async () => {
  const c = await visitor();
  const partial = answerAll(ELIGIBLE);
  delete partial.door;
  const queued = (await queue()).length, n = auditCount(srv.db);
  for (const answers of [partial, {}, { ...partial, door: 'maybe' }]) {
    startAgain(await c.post('/check/self/request', { ...answers, csrf_token: c.token }), 'request');
    startAgain(await send(c, contact('Incomplete'), answers), 'send');
  }
  assert.equal(auditCount(srv.db), n);
  assert.equal((await queue()).length, queued);
  // A report's answers in hidden fields go to the form's own address,
  // which holds every answer.
  const res = await step(c, answerAll(ELIGIBLE), '/check/self/request');
  assert.equal(res.status, 200);
  assert.match(res.at, /^\/check\/self\/answers\/[A-Za-z0-9_-]+\/ask$/);
  assert.match(res.text_, /<h1 class="govuk-heading-l">Ask for an assessment<\/h1>/);
  assert.deepEqual(await givenAt(c, res.at.replace(/\/ask$/, '/report')), answerAll(ELIGIBLE));
  // The report links to the same form; answers that are not a whole
  // check go back to the first part with a question left.
  const report = await walk(c, ELIGIBLE);
  assert.ok(report.text_.includes(`href="${report.at.replace(/\/report$/, '/ask')}"`));
  const part = await c.get(`${report.at.replace(/\/report$/, '')}?topic=0`);
  const early = await step(c, { answers: sealedOf(part.text_), topic: '0', go: 'next', health: 'yes', wellbeing: 'yes' });
  const ask = await c.get(early.at.replace(/\?topic=\d+$/, '/ask'));
  assert.equal(ask.status, 200, 'every later answer is still held');
});

test('send: each problem with the contact details is named; nothing is stored', async () => {
  const c = await visitor();
  const queued = (await queue()).length, n = auditCount(srv.db);
  const cases = [
    [{ consent: '' }, { consent: 'Tick the box to agree to send your answers to the council' }],
    [{ consent: 'no' }, { consent: 'Tick the box to agree' }],
    [{ given_name: '', family_name: '  ' }, { given_name: 'Enter your first name', family_name: 'Enter your last name' }],
    [{ for_whom: 'someone_else', given_name: '' }, { given_name: 'Enter the first name of the person who needs help',
      asker_name: 'Enter your name', asker_relationship: 'Enter how you know the person' }],
    [{ for_whom: 'someone_else', asker_name: 'Sam Testcase', asker_relationship: 'x'.repeat(101) },
      { asker_relationship: 'How you know them must be 100 characters or fewer' }],
    [{ 'dob-day': '31', 'dob-month': '2', 'dob-year': '1950' }, { 'dob-day': 'Date of birth must be a real date' }],
    [{ 'dob-day': '3', 'dob-year': '1950' }, { 'dob-day': 'Date of birth must include a day, month and year' }],
    [{ 'dob-day': '3', 'dob-month': '4', 'dob-year': '2990' }, { 'dob-day': 'Date of birth must be in the past' }],
    // Every problem at once, not a few at a time.
    [{ given_name: '', phone: '123', email: 'no', postcode: 'ZZ', consent: '' }, { given_name: 'Enter your first name',
      phone: 'Enter a phone number, like', email: 'Enter an email address', postcode: 'Enter a full UK postcode',
      consent: 'Tick the box' }],
    [{ given_name: 'x'.repeat(101) }, { given_name: 'First name must be 100 characters or fewer' }],
    [{ for_whom: 'me' }, { for_whom: 'Select who needs help' }],
    [{ email: 'not-an-email' }, { email: 'Enter an email address in the correct format' }],
    [{ phone: '123' }, { phone: 'Enter a phone number, like 01632 960 001' }],
    [{ phone: '01632 96O 001' }, { phone: 'Enter a phone number, like' }],
    [{ phone: '1'.repeat(16) }, { phone: 'Enter a phone number, like' }],
    [{ postcode: 'ZZ' }, { postcode: 'Enter a full UK postcode' }],
    [{ postcode: 'AV1 2B' }, { postcode: 'Enter a full UK postcode' }],
    [{ phone: '', email: '' }, { phone: 'Enter a phone number or an email address' }],
  ];
  for (const [fields, want] of cases) {
    const res = await send(c, contact('Invalid', fields));
    const what = JSON.stringify(fields);
    assert.equal(res.status, 400, what);
    assert.deepEqual(summaryLinks(res.text_).sort(), Object.keys(want).sort(), what);
    for (const [k, msg] of Object.entries(want)) assert.match(res.text_, new RegExp(`<a href="#${k}">${msg}`), what);
    assert.match(res.text_, /name="given_name" type="text" value="[^"]*"/, 'the form is shown again');
  }
  assert.equal(auditCount(srv.db), n, 'a refused request wrote to the audit chain');
  assert.equal((await queue()).length, queued, 'a refused request reached the queue');
});

test('send: a valid request is stored once, audited as intake.create, with a short reference', async () => {
  const c = await visitor(), admin = await signedIn(srv.url, 'admin'); // sign-in is audited
  const n = auditCount(srv.db);
  const res = await step(c, contact('Winifred', answerAll(ELIGIBLE)), '/check/self/send');
  assert.equal(res.via.status, 303, 'sending redirects to the confirmation');
  assert.match(res.at, /^\/check\/self\/sent\/[0-9a-f-]{36}$/);
  assert.equal(res.status, 200);
  assert.match(res.text_, /Your request has been sent/);
  const ref = referenceOf(res.text_);
  assert.match(ref ?? '', /^[0-9A-F]{8}$/);
  assert.match(res.text_, /phone you, on the number you gave/);
  assert.doesNotMatch(res.text_, /01632 960 123/, 'the confirmation shows no contact details');
  assert.equal(auditCount(srv.db), n + 1);
  const [last] = jsonOf(await admin.get('/admin/audit', { headers: JSON_ACCEPT })).entries;
  assert.equal(last.action, 'intake.create');
  assert.equal(last.role, 'public');
  const item = (await queue()).find((i) => i.name === 'Winifred Testcase');
  assert.ok(item, 'not in the queue');
  assert.equal(last.record, `intake:${item.uuid}`);
  assert.equal(item.uuid.slice(0, 8).toUpperCase(), ref, 'the reference is the start of the id');
  assert.equal(item.may_be_eligible, true);
  assert.equal(item.postcode, 'AV1 2BC');
});

test('the same request sent again (a reload, Back and send, a double click) is stored once', async () => {
  const c = await visitor();
  const report = await walk(c, ELIGIBLE);
  const ask = await c.get(report.at.replace(/\/report$/, '/ask'));
  assert.equal(ask.status, 200);
  const formId = ask.text_.match(/name="form_id" value="([0-9a-f-]{36})"/)?.[1];
  assert.ok(formId, 'the form carries a one-time id');
  const again = await c.get(report.at.replace(/\/report$/, '/ask'));
  assert.ok(again.text_.includes(`value="${formId}"`), 'the same form (Back to it) has the same id');
  const fields = { ...contact('Repeated'), answers: sealedOf(ask.text_), form_id: formId };
  const queued = (await queue()).length, n = auditCount(srv.db);
  const first = await step(c, fields, '/check/self/send');
  assert.equal(first.via.status, 303);
  const both = await Promise.all([1, 2].map(() => step(c, fields, '/check/self/send')));
  for (const res of [first, ...both]) {
    assert.equal(res.at, `/check/self/sent/${formId}`, 'every sending leads to the same confirmation');
    assert.equal(referenceOf(res.text_), referenceOf(first.text_), 'with the same reference');
  }
  // A reload of the confirmation is a GET: it sends nothing.
  const reload = await c.get(first.at);
  assert.equal(referenceOf(reload.text_), referenceOf(first.text_));
  assert.equal(auditCount(srv.db), n + 1, 'one intake.create');
  assert.equal((await queue()).length, queued + 1, 'one request');
  // A confirmation that was never made is not found.
  const none = await c.get('/check/self/sent/00000000-0000-4000-8000-000000000000');
  assert.equal(none.status, 404);
  // Asking for someone else: who asked, and how they know the person.
  const other = await step(await visitor(), contact('Other', { ...answerAll(ELIGIBLE), for_whom: 'someone_else',
    asker_name: 'Sam Askwith', asker_relationship: 'Nephew', 'dob-day': '2', 'dob-month': '9', 'dob-year': '1941' }), '/check/self/send');
  assert.equal(other.via.status, 303, other.via.text_.slice(0, 300));
  const item = (await queue()).find((i) => i.name === 'Other Testcase');
  const shown = await priya.get(`/intake/${item.uuid}`);
  for (const text of ['Sam Askwith', 'Nephew', '2 September 1941']) assert.ok(shown.text_.includes(text), text);
});

test('the intake queue is for workers only', async () => {
  const anon = new Client(srv.url);
  let res = await anon.get('/intake');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/sign-in?next=/intake');
  res = await anon.get('/intake', { headers: JSON_ACCEPT });
  assert.equal(res.status, 401);
  const uuid = await newRequest('Perm');
  for (const role of ROLES.filter((r) => r !== 'worker')) {
    const c = await signedIn(srv.url, role);
    for (const path of ['/intake', `/intake/${uuid}`]) {
      res = await c.get(path, { headers: JSON_ACCEPT });
      assert.equal(res.status, 403, `${role} ${path}`);
      assert.equal(jsonOf(res).reason, 'role');
    }
    res = await c.post(`/intake/${uuid}/take`, { csrf_token: c.token });
    assert.equal(res.status, 403, `${role} take`);
  }
  res = await priya.get('/intake');
  assert.equal(res.status, 200);
  assert.match(res.text_, new RegExp(`<a class="govuk-link" href="/intake/${uuid}">Perm Testcase</a>`));
  res = await priya.get('/intake?status=lost');
  assert.equal(res.status, 400);
});

test('a worker opens a request: contact details and answers, audited; 404 and 400', async () => {
  const uuid = await newRequest('Opened');
  const n = auditCount(srv.db);
  let res = await priya.get(`/intake/${uuid}`);
  assert.equal(res.status, 200);
  assert.equal(auditCount(srv.db), n + 1, 'reading a request is audited');
  assert.match(res.text_, /<h1 class="govuk-heading-l">Opened Testcase<\/h1>/);
  for (const shown_ of ['01632 960 123', 'w.testcase@example.com', 'AV1 2BC', 'What they told us']) assert.ok(res.text_.includes(shown_), shown_);
  const health = set.topics[0].questions[0];
  assert.ok(res.text_.includes(`<dt class="govuk-summary-list__key">${health.text}</dt><dd class="govuk-summary-list__value">Yes</dd>`));
  assert.match(res.text_, /May be eligible for an assessment/);
  res = await priya.get('/intake/00000000-0000-4000-8000-000000000000');
  assert.equal(res.status, 404);
  for (const bad of ['not-a-uuid', '12345', `${uuid}x`]) {
    res = await priya.get(`/intake/${bad}`);
    assert.equal(res.status, 400, bad);
  }
  assert.equal(auditCount(srv.db), n + 1, 'a failed read was audited');
});

test('a worker takes a request: a record with her as worker; not twice; not for another worker', async () => {
  const uuid = await newRequest('Taken');
  let res = await priya.post(`/intake/${uuid}/take`, { csrf_token: priya.token });
  assert.equal(res.status, 303);
  const person = res.headers.get('location').match(/^\/people\/([0-9a-f-]{36})$/)?.[1];
  assert.ok(person, res.headers.get('location'));
  res = await priya.get(`/people/${person}`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /Taken Testcase/);
  assert.ok(!(await queue('new')).some((i) => i.uuid === uuid), 'still waiting');
  // The needs assessment starts from what the person said in the self-check.
  res = await priya.get(`/people/${person}/assessments/new?kind=adult`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /The answers start from the self-check Taken Testcase sent/);
  assert.match(res.text_, /name="nutrition" type="radio" value="[a-z_]+" checked/, 'an answer for each outcome');
  const taken = (await queue('taken')).find((i) => i.uuid === uuid);
  assert.equal(taken?.taken_by, 'Priya Natarajan');
  res = await priya.get(`/intake/${uuid}`);
  assert.match(res.text_, new RegExp(`href="/people/${person}"`));
  assert.doesNotMatch(res.text_, /action="\/intake\/[^"]*\/take"/, 'no Take button once taken');
  res = await priya.post(`/intake/${uuid}/take`, { csrf_token: priya.token });
  assert.equal(res.status, 409);
  const tom = await signedIn(srv.url, 'worker2');
  res = await tom.post(`/intake/${uuid}/take`, { csrf_token: tom.token }, { headers: JSON_ACCEPT });
  assert.equal(res.status, 409);
  assert.match(jsonOf(res).message, /Priya Natarajan has already taken this request/);
  res = await tom.get(`/people/${person}`, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'relationship');
  res = await priya.post('/intake/00000000-0000-4000-8000-000000000000/take', { csrf_token: priya.token });
  assert.equal(res.status, 404);
  res = await priya.post(`/intake/${uuid}/take`, {});
  assert.equal(res.status, 403, 'take without the CSRF token');
  // Two workers at once: one takes it, the other is told; one record only.
  const race = await newRequest('Raced');
  const both = await Promise.all([priya, tom].map((w) => w.post(`/intake/${race}/take`, { csrf_token: w.token })));
  assert.deepEqual(both.map((r) => r.status).sort(), [303, 409]);
  assert.equal((await queue('taken')).filter((i) => i.uuid === race).length, 1);
});

test('a worker who presses "Take this request" twice gets the one record', async () => {
  const uuid = await newRequest('Doubleclick');
  const page = await priya.get(`/intake/${uuid}`);
  const formId = page.text_.match(/name="form_id" value="([0-9a-f-]{36})"/)?.[1];
  assert.ok(formId);
  const both = await Promise.all([1, 2].map(() => priya.post(`/intake/${uuid}/take`, { csrf_token: priya.token, form_id: formId })));
  assert.deepEqual(both.map((r) => r.status), [303, 303]);
  assert.equal(both[0].headers.get('location'), both[1].headers.get('location'));
});

test('a worker closes a request with a reason', async () => {
  const uuid = await newRequest('Closed');
  let res = await priya.post(`/intake/${uuid}/close`, { csrf_token: priya.token, reason: ' ok ' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#reason">Why you are closing the request must be 3 characters or more<\/a>/);
  assert.ok((await queue('new')).some((i) => i.uuid === uuid), 'a refused close closed it');
  res = await priya.post(`/intake/${uuid}/close`, { csrf_token: priya.token, reason: 'x'.repeat(501) });
  assert.equal(res.status, 400);
  assert.match(res.text_, /must be 500 characters or fewer/);
  const n = auditCount(srv.db);
  res = await priya.post(`/intake/${uuid}/close`, { csrf_token: priya.token, reason: 'Advice given by phone' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/intake');
  assert.equal(auditCount(srv.db), n + 1, 'closing is audited');
  assert.ok((await queue('closed')).some((i) => i.uuid === uuid));
  assert.ok(!(await queue('new')).some((i) => i.uuid === uuid));
  res = await priya.get(`/intake/${uuid}`);
  assert.match(res.text_, /Closed: Advice given by phone/);
  res = await priya.post(`/intake/${uuid}/close`, { csrf_token: priya.token, reason: 'Again, for luck' });
  assert.equal(res.status, 409);
  res = await priya.post(`/intake/${uuid}/take`, { csrf_token: priya.token });
  assert.equal(res.status, 409, 'a closed request cannot be taken');
  res = await priya.post('/intake/not-a-uuid/close', { csrf_token: priya.token, reason: 'Some reason' });
  assert.equal(res.status, 400, 'a malformed id');
});

test('a taken request cannot be closed; two closes at once: one closes, one is told', async () => {
  const taken = await newRequest('Kept');
  let res = await priya.post(`/intake/${taken}/take`, { csrf_token: priya.token });
  assert.equal(res.status, 303);
  const tom = await signedIn(srv.url, 'worker2');
  const n = auditCount(srv.db);
  res = await tom.post(`/intake/${taken}/close`, { csrf_token: tom.token, reason: "closing Priya's taken one" },
    { headers: JSON_ACCEPT });
  assert.equal(res.status, 409);
  assert.match(jsonOf(res).message, /Priya Natarajan has taken this request/);
  assert.equal(auditCount(srv.db), n, 'a refused close is not audited as a close');
  assert.ok((await queue('taken')).some((i) => i.uuid === taken), 'still taken');

  const race = await newRequest('Twice');
  const before = auditCount(srv.db);
  const both = await Promise.all([[priya, 'one'], [tom, 'two']].map(([w, reason]) =>
    w.post(`/intake/${race}/close`, { csrf_token: w.token, reason: `reason ${reason}` })));
  assert.deepEqual(both.map((r) => r.status).sort(), [303, 409]);
  assert.equal(auditCount(srv.db), before + 1, 'exactly one close is audited');
});

test('send: control characters in names or contact details are refused', async () => {
  const c = await visitor();
  const queued = (await queue()).length;
  for (const fields of [{ given_name: 'Ann\nMarie' }, { family_name: 'Smith\u0001' }, { email: 'a@example.com\r\nBcc: x@example.com' }]) {
    const res = await send(c, contact('Control', fields));
    assert.equal(res.status, 400, JSON.stringify(fields));
    assert.match(res.text_, /must be on one line, without special characters/);
  }
  assert.equal((await queue()).length, queued, 'nothing reached the queue');
});

test('huge or too many fields are refused cleanly, never 500', async () => {
  const c = await visitor();
  const queued = (await queue()).length, n = auditCount(srv.db); // listing is audited
  const raw = (path, body) => c.request('POST', path, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const tok = `csrf_token=${encodeURIComponent(c.token)}`;
  const many = Array.from({ length: 300 }, (_, i) => `f${i}=x`).join('&');
  for (const path of ['/check/self', '/check/self/request', '/check/self/send']) {
    let res = await raw(path, `${tok}&topic=0&health=${'x'.repeat(70 * 1024)}`);
    assert.equal(res.status, 413, `${path}: a 70 KiB field`);
    res = await raw(path, `${tok}&${many}`);
    assert.equal(res.status, 413, `${path}: 300 fields`);
  }
  // Just under the field limit: read, and refused as an answer or a name.
  let res = await step(c, { topic: '0', go: 'next', health: 'y'.repeat(60000), wellbeing: 'no' });
  assert.equal(res.status, 400);
  assert.deepEqual(summaryLinks(res.text_), ['health']);
  res = await send(c, contact('y'.repeat(60000)));
  assert.equal(res.status, 400);
  assert.deepEqual(summaryLinks(res.text_), ['given_name']);
  startAgain(await send(c, contact('Huge'), { ...answerAll(ELIGIBLE), health: 'y'.repeat(60000) }));
  assert.equal(auditCount(srv.db), n);
  assert.equal((await queue()).length, queued);
});

test('the report lists what is nearest to a postcode, when given one; a bad postcode is an error, nothing stored', async () => {
  const c = await visitor();
  const report = await walk(c, ELIGIBLE);
  assert.match(report.text_, /Show the groups and services nearest to a postcode/);
  const list = await (await fetch(`${srv.url}/oruk/services?per_page=1`)).json();
  const full = await (await fetch(`${srv.url}/oruk/services/${list.contents[0].id}`)).json();
  const pc = full.service_at_locations[0].location.addresses[0].postal_code;
  const n = auditCount(srv.db);
  const near = await c.get(`${report.at}?near=${encodeURIComponent(pc.toLowerCase().replace(' ', ''))}`);
  assert.equal(near.status, 200);
  assert.match(near.text_, new RegExp(`nearest to ${pc} first\\.`));
  assert.match(near.text_, /, \d+(\.\d)? miles? away\)/);
  assert.match(near.text_, MAY, 'the same results, only nearest first');
  const bad = await c.get(`${report.at}?near=not+a+postcode`);
  assert.equal(bad.status, 400);
  assert.deepEqual(summaryLinks(bad.text_), ['near']);
  assert.match(bad.text_, /Enter a full UK postcode/);
  const unknown = await c.get(`${report.at}?near=ZZ9+9ZZ`);
  assert.equal(unknown.status, 400);
  assert.match(unknown.text_, /We could not find that postcode/);
  assert.equal(auditCount(srv.db), n, 'nothing stored');
});

test('the report: the action near the top, services beside the advice, no notes for data authors, one wording for each item', async () => {
  const c = await visitor();
  const report = await walk(c, { ...ELIGIBLE, fallen: 'yes', lonely_often: 'often' });
  const html = report.text_;
  const at = (re) => html.search(re);
  assert.ok(at(/>Ask for an assessment</) > 0 && at(/>Ask for an assessment</) < at(/What may help/),
    'the action comes before the suggestions');
  for (const note of [/whole pence/, /0 means/, /Admins:/, /illustrative/, /retail credit/]) assert.doesNotMatch(html, note);
  const view = jsonOf(await c.get(report.at, { headers: JSON_ACCEPT }));
  const falls = view.advice.find((a) => a.id === 'falls_prevention');
  assert.ok(falls.directory_codes.includes('falls-prevention'));
  assert.ok(falls.matches.length > 0, 'services beside the advice');
  // In the page, the services follow the advice they belong to.
  const afterFalls = html.slice(html.indexOf('>Preventing falls<'));
  assert.match(afterFalls.slice(0, 1500), /href="\/find\/services\/[0-9a-f-]{36}"/);
  // Each kind of help is shown once.
  const kinds = [...html.matchAll(/href="\/find\?term=([a-z-]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(kinds).size, kinds.length, `a kind shown twice: ${kinds}`);
  assert.match(html, /You said you feel lonely: Often or always/);
  // The equipment page and the report say the same about each item.
  const equipment = jsonOf(await c.get('/check/equipment', { headers: JSON_ACCEPT }));
  const page = (await c.get('/check/equipment')).text_;
  for (const note of [/whole pence/, /0 means/, /illustrative/]) assert.doesNotMatch(page, note);
  for (const item of [...view.equipment, ...view.telecare]) {
    const same = [...equipment.loan, ...equipment.buy].find((i) => i.key === item.key);
    assert.equal(same.how_to_get, item.how_to_get, item.key);
  }
  const alarm = equipment.loan.find((i) => i.key === 'pendant_alarm');
  assert.match(alarm.how_to_get, /There may be a weekly charge/);
  // Never lonely: not spoken of.
  const never = await walk(c, { ...ELIGIBLE, lonely_often: 'never' });
  assert.doesNotMatch(never.text_, /You said you feel lonely/);
});
