// Events (issue 18, docs/events.md): what's on, public and part of the
// directory; anyone signed in books a place or joins the waiting list,
// which moves up in order when a place is given back or more places are
// made, each person told by an email with no personal details; the
// organisers (and no one else) see who is coming, record attendance once
// it has started, and may cancel, telling everyone. Bad input names the
// field and stores nothing; the last place is never taken twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn, sqlRows } from './http-helpers.mjs';

let srv, rose, sam, priya, tom, grace, dev, helen, alan, morgan, jo, anon;
before(async () => {
  srv = await startServer();
  [rose, sam, priya, tom, grace, dev, helen, alan, morgan, jo] = await Promise.all(
    ['resident', 'carer', 'worker', 'worker2', 'partner', 'coordinator', 'moderator', 'commissioner', 'admin', 'manager']
      .map((l) => signedIn(srv.url, l)));
  anon = new Client(srv.url);
});
after(async () => { await srv?.stop(); });

const view = async (client, path) => jsonOf(await client.get(path, { headers: JSON_ACCEPT }));
const formId = (html) => html.match(/name="form_id" value="([^"]*)"/)?.[1] || '';
const post = (client, path, fields = {}) => client.post(path, { csrf_token: client.token, ...fields });
const idOf = (res) => res.headers.get('location').match(/\/events\/([0-9a-f-]{36})/)[1];

// A date in UK form fields, days from now (the hour in UK time).
function when(prefix, days, time) {
  const d = new Date(Date.now() + days * 86400000);
  return { [`${prefix}-day`]: String(d.getUTCDate()), [`${prefix}-month`]: String(d.getUTCMonth() + 1),
    [`${prefix}-year`]: String(d.getUTCFullYear()), [`${prefix}-time`]: time };
}
async function create(client, fields) {
  const html = (await client.get('/events/new')).text_;
  return post(client, '/events', { form_id: formId(html), title: 'Knit and natter', kind: 'activity',
    place: 'Northgate Library', capacity: '2', ...when('starts', 9, '14:00'), ...when('ends', 9, '16:00'), ...fields });
}
const outbox = () => sqlRows(srv.db, "SELECT recipient, subject, CASE WHEN body LIKE '%/events/mine%' THEN 'link' ELSE 'none' END, "
  + "CASE WHEN body || subject LIKE '%Knit%' OR body || subject LIKE '%Rose%' OR body || subject LIKE '%Ashdown%' THEN 'personal' ELSE 'clean' END "
  + "FROM email_outbox WHERE topic = 'events' ORDER BY id");

test("what's on: upcoming events for everyone, by kind; past and cancelled ones are not listed", async () => {
  const res = await anon.get('/events');
  assert.equal(res.status, 200);
  const v = await view(anon, '/events');
  const titles = v.events.map((e) => e.title);
  assert.ok(titles.includes("Carers' coffee and a chat") && titles.includes('Winter festival on the green'));
  assert.ok(!titles.includes('Memory café'), 'a past event is not listed');
  assert.ok(!titles.includes('Walking group: canal towpath'), 'a cancelled one is not listed');
  const starts = v.events.map((e) => e.starts);
  assert.equal(starts.length, v.total);
  const peer = await view(anon, '/events?kind=peer-support');
  assert.deepEqual(peer.events.map((e) => e.kind), peer.events.map(() => 'peer-support'));
  assert.equal((await anon.get('/events?kind=party')).status, 400, 'an unknown kind is refused');
  const coffee = v.events.find((e) => e.title === "Carers' coffee and a chat");
  assert.equal(coffee.full, true);
  assert.equal(coffee.waiting, 2);
  const page = await anon.get(`/events/${coffee.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Sign in<\/a> to book a place/);
  assert.doesNotMatch(page.text_, /Rose|Ashdown/, 'who is coming is not public');
  assert.match((await rose.get(`/events/${coffee.id}`)).text_, /You have a place/);
  assert.equal((await anon.get('/events/00000000-0000-4000-8000-000000000000')).status, 404);
});

test("a directory service's page lists its coming events", async () => {
  const chair = (await view(anon, '/events')).events.find((e) => e.title === 'Gentle chair exercise');
  assert.ok(chair.service_id, 'listed with a service');
  const page = await anon.get(`/find/services/${chair.service_id}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Coming up/);
  assert.ok(page.text_.includes(`/events/${chair.id}`));
});

test('a new event: bad input names the fields and stores nothing; only organisers may make one', async () => {
  const before = (await view(anon, '/events')).total;
  let res = await create(dev, { title: '', kind: 'party', capacity: '0', place: '', ...when('starts', 9, '25:00') });
  assert.equal(res.status, 422);
  const errors = [...res.text_.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]).sort();
  assert.deepEqual(errors, ['capacity', 'kind', 'place', 'starts-day', 'title']);
  res = await create(dev, { ...when('starts', -1, '10:00'), ...when('ends', -1, '12:00') });
  assert.equal(res.status, 422, 'the start must be in the future');
  res = await create(dev, { ...when('ends', 8, '10:00') });
  assert.equal(res.status, 422, 'the end must be after the start');
  assert.equal((await view(anon, '/events')).total, before, 'nothing stored');
  for (const who of [rose, priya, helen, alan]) assert.equal((await who.get('/events/new')).status, 403);
  assert.equal((await anon.get('/events/new')).status, 303, 'sign in first');
});

test('booking: places, then the waiting list in order; giving back and more places move it up; emails say only where to look', async () => {
  const res = await create(dev, { title: 'Knit and natter', capacity: '2' });
  assert.equal(res.status, 303, res.text_);
  const id = idOf(res);
  const audits = auditCount(srv.db);
  for (const who of [rose, sam, tom, helen]) assert.equal((await post(who, `/events/${id}/book`)).status, 303);
  assert.equal(auditCount(srv.db), audits + 4, 'each booking audited');
  assert.equal((await post(rose, `/events/${id}/book`)).status, 303, 'booking again changes nothing');
  let e = await view(dev, `/events/${id}/manage`);
  assert.deepEqual(e.bookings.map((b) => b.name).sort(), ['Rose Ashdown', 'Sam Ashdown']);
  assert.deepEqual(e.waiting_list.map((b) => b.name), ['Tom Whitfield', 'Helen Price'], 'in order of joining');
  assert.match((await tom.get(`/events/${id}`)).text_, /You are on the waiting list/);
  const mails = outbox().length;
  // Rose gives her place back: Tom, first on the list, moves up and is told
  assert.equal((await post(rose, `/events/${id}/cancel-booking`)).status, 303);
  e = await view(dev, `/events/${id}/manage`);
  assert.deepEqual(e.bookings.map((b) => b.name).sort(), ['Sam Ashdown', 'Tom Whitfield']);
  assert.deepEqual(e.waiting_list.map((b) => b.name), ['Helen Price']);
  let sent = outbox().slice(mails);
  assert.deepEqual(sent, [['worker2@demo.supportnet.test', 'A place has come up for you', 'link', 'clean']]);
  const mine = await view(tom, '/events/mine');
  assert.ok(mine.bookings.some((b) => b.id === id && b.booked));
  // more places: Helen moves up
  assert.equal((await post(dev, `/events/${id}/places`, { capacity: '3' })).status, 303);
  e = await view(dev, `/events/${id}/manage`);
  assert.equal(e.booked, 3);
  assert.equal(e.waiting, 0);
  sent = outbox().slice(mails);
  assert.equal(sent.length, 2);
  assert.equal(sent[1][0], 'moderator@demo.supportnet.test');
  // bad places are refused and change nothing
  for (const capacity of ['0', 'lots', '10001']) {
    assert.equal((await post(dev, `/events/${id}/places`, { capacity })).status, 422);
  }
  assert.equal((await view(dev, `/events/${id}/manage`)).capacity, 3);
  // attendance only once it has started
  assert.equal((await post(dev, `/events/${id}/attendance`, {})).status, 409);
});

test('the last place is never taken twice, however many book at once', async () => {
  const id = idOf(await create(dev, { title: 'One seat left', capacity: '1' }));
  const people = [rose, sam, priya, tom, helen, alan, morgan, jo];
  const answers = await Promise.all(people.map((p) => post(p, `/events/${id}/book`)));
  assert.ok(answers.every((r) => r.status === 303), answers.map((r) => r.status).join());
  const e = await view(dev, `/events/${id}/manage`);
  assert.equal(e.booked, 1);
  assert.equal(e.waiting, people.length - 1);
  assert.equal(e.bookings.length, 1);
});

test('only the organisers see who is coming, and a refusal is audited', async () => {
  const coffee = (await view(anon, '/events')).events.find((x) => x.title === "Carers' coffee and a chat");
  const e = await view(grace, `/events/${coffee.id}/manage`);
  assert.equal(e.bookings.length, 3, "the partner's own organisation's event");
  const audits = auditCount(srv.db);
  assert.equal((await rose.get(`/events/${coffee.id}/manage`)).status, 403, 'not an organiser role');
  const festival = (await view(anon, '/events')).events.find((x) => x.title === 'Winter festival on the green');
  assert.equal((await grace.get(`/events/${festival.id}/manage`)).status, 403, "a partner, not of this event's organisation");
  assert.equal(auditCount(srv.db), audits + 1, 'the refusal audited');
  assert.equal((await dev.get(`/events/${festival.id}/manage`)).status, 200, 'a coordinator organises any');
});

test('attendance after the start, by the organiser; cancelling tells everyone and closes booking', async () => {
  const past = sqlRows(srv.db, "SELECT uuid FROM events WHERE title = 'Memory café'")[0][0];
  let e = await view(grace, `/events/${past}/manage`);
  assert.equal(e.attendance_open, true);
  const [first, second] = e.bookings;
  assert.equal((await post(grace, `/events/${past}/attendance`, { [`attended-${first.id}`]: 'yes' })).status, 303);
  e = await view(grace, `/events/${past}/manage`);
  assert.equal(e.bookings.find((b) => b.id === first.id).attended, true);
  assert.equal(e.bookings.find((b) => b.id === second.id).attended, false);
  assert.equal((await post(rose, `/events/${past}/book`)).status, 409, 'no booking once it has started');

  const id = idOf(await create(dev, { title: 'Knit and natter', capacity: '1' }));
  await post(rose, `/events/${id}/book`);
  await post(sam, `/events/${id}/book`);
  const mails = outbox().length;
  assert.equal((await post(dev, `/events/${id}/cancel`)).status, 303);
  const sent = outbox().slice(mails);
  assert.deepEqual(sent.map((m) => m[0]).sort(), ['carer@demo.supportnet.test', 'resident@demo.supportnet.test']);
  for (const m of sent) assert.deepEqual(m.slice(1), ['An event you booked has been cancelled', 'link', 'clean']);
  assert.equal((await post(tom, `/events/${id}/book`)).status, 409);
  assert.ok(!(await view(anon, '/events')).events.some((x) => x.id === id), 'no longer listed');
  const organised = await view(dev, '/events/mine');
  assert.ok(organised.organised.some((x) => x.id === id && x.cancelled), "the organiser's own list shows it cancelled");
  assert.deepEqual((await view(rose, '/events/mine')).organised, [], 'residents organise nothing');
  assert.match((await rose.get('/events/mine')).text_, /Cancelled/);
});
