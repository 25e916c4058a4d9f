// Co-production (issue 19, docs/coproduction.md): a community
// conversation's organiser sets it up, captures notes as they happen (the
// form posts and comes back, 303, with the note listed and the form empty
// and focused), tags themes, marks notes for publication, adds actions and
// moves their status (each move a dated update kept for good); the public
// "what we heard, what we did" shows only published notes and no personal
// data; anyone else gets 403 and bad input names the field and changes
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn, sqlRows } from './http-helpers.mjs';

let srv, dev, grace, rose, priya, anon, eventId;
before(async () => {
  srv = await startServer();
  [dev, grace, rose, priya] = await Promise.all(['coordinator', 'partner', 'resident', 'worker']
    .map((l) => signedIn(srv.url, l)));
  anon = new Client(srv.url);
});
after(async () => { await srv?.stop(); });

const view = async (client, path) => jsonOf(await client.get(path, { headers: JSON_ACCEPT }));
const formId = (html) => html.match(/name="form_id" value="([^"]*)"/)?.[1] || '';
const post = (client, path, fields = {}) => client.post(path, { csrf_token: client.token, ...fields });
const count = (table) => Number(sqlRows(srv.db, `SELECT count(*) FROM ${table}`)[0][0]);
const DEMO_NAMES = /Rose|Ashdown|Priya|Natarajan|Grace|Okafor|Dev Mistry|Mistry|Morgan Lee|Alan Brooks|Helen Price|Jo Marsh|Whitfield|@/;

function when(prefix, days, time) {
  const d = new Date(Date.now() + days * 86400000);
  return { [`${prefix}-day`]: String(d.getUTCDate()), [`${prefix}-month`]: String(d.getUTCMonth() + 1),
    [`${prefix}-year`]: String(d.getUTCFullYear()), [`${prefix}-time`]: time };
}
function due(days) {
  const d = new Date(Date.now() + days * 86400000);
  return { 'due-day': String(d.getUTCDate()), 'due-month': String(d.getUTCMonth() + 1), 'due-year': String(d.getUTCFullYear()) };
}
async function addNote(client, fields) {
  const page = await client.get(`/events/${eventId}/conversation`);
  return post(client, `/events/${eventId}/conversation/notes`, { form_id: formId(page.text_), ...fields });
}

test('the public page: the demo conversations in six localities, themes counted, actions with overdue ones marked, no personal data', async () => {
  const res = await anon.get('/what-we-heard');
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text_, DEMO_NAMES, 'no names or emails on the public page');
  const v = await view(anon, '/what-we-heard');
  assert.equal(v.total, 12, 'two conversations in each of six localities');
  assert.equal(new Set(v.conversations.map((c) => c.locality)).size, 6);
  assert.deepEqual(new Set(v.conversations.map((c) => c.format)), new Set(['world-cafe', 'open-space']));
  const actions = v.conversations.flatMap((c) => c.list);
  assert.deepEqual(new Set(actions.map((a) => a.status)), new Set(['planned', 'in-progress', 'done', 'dropped']));
  assert.ok(actions.some((a) => a.overdue), 'some actions are overdue');
  assert.ok(actions.every((a) => !a.overdue || ['planned', 'in-progress'].includes(a.status)));
  const themes = v.conversations.flatMap((c) => c.themes);
  assert.ok(themes.length > 0 && themes.every((t) => t.count > 0 && /^\d+ notes?$/.test(t.notes_words)));
  assert.ok(!JSON.stringify(v).includes('"by"'), 'who wrote a note is never in the public view');
  const one = await anon.get(`/what-we-heard/${v.conversations[0].id}`);
  assert.equal(one.status, 200);
  assert.doesNotMatch(one.text_, DEMO_NAMES);
  assert.equal((await anon.get('/what-we-heard/00000000-0000-4000-8000-000000000000')).status, 404);
  assert.equal((await anon.get('/what-we-heard/not-a-uuid')).status, 400);
  assert.equal((await anon.get('/what-we-heard?page=0')).status, 400);
});

test("an organiser's journey: set up, notes with themes, publish, an action and its status updates", async () => {
  const html = (await dev.get('/events/new')).text_;
  const made = await post(dev, '/events', { form_id: formId(html), title: 'Eastfield: getting about', kind: 'community-conversation',
    place: 'Eastfield Library', capacity: '30', ...when('starts', 3, '18:00'), ...when('ends', 3, '20:00') });
  assert.equal(made.status, 303);
  eventId = made.headers.get('location').match(/\/events\/([0-9a-f-]{36})/)[1];
  assert.match((await dev.get(`/events/${eventId}`)).text_, new RegExp(`/events/${eventId}/conversation`));

  const setup = await dev.get(`/events/${eventId}/conversation`);
  assert.equal(setup.status, 200);
  assert.match(setup.text_, /Set up the conversation/);
  const eastfield = setup.text_.match(/<option value="([0-9a-f-]{36})"[^>]*>Eastfield<\/option>/)[1];
  assert.equal((await post(dev, `/events/${eventId}/conversation/notes`, { note: 'too soon' })).status, 409, 'not set up yet');
  const bad = await post(dev, `/events/${eventId}/conversation`, { format: 'fishbowl', locality: eastfield });
  assert.equal(bad.status, 422);
  assert.match(bad.text_, /href="#format"/);
  assert.equal(count('cp_conversations'), 12, 'nothing made');
  const ok = await post(dev, `/events/${eventId}/conversation`, { format: 'world-cafe', locality: eastfield });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/events/${eventId}/conversation?done=set-up`);

  const audits = auditCount(srv.db);
  let res = await addNote(dev, { note: 'The 22 bus is too infrequent for appointments.', space: 'Table 1', 'new-theme': ' Transport ' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/events/${eventId}/conversation?done=note`);
  const back = await dev.get(res.headers.get('location'));
  assert.match(back.text_, /The 22 bus is too infrequent/);
  assert.match(back.text_, /<textarea [^>]*id="note"[^>]*autofocus><\/textarea>/, 'the form is empty and focused');
  let v = await view(dev, `/events/${eventId}/conversation`);
  const transport = v.themes.find((t) => t.name === 'Transport');
  assert.ok(transport, 'the new theme joined the vocabulary (the demo\'s "Transport", by name)');
  res = await addNote(dev, { note: 'People feel cut off in winter.', [transport.field]: 'yes', 'new-theme': 'loneliness' });
  assert.equal(res.status, 303);
  res = await addNote(dev, { note: 'Kept back: a story about one neighbour.', [transport.field]: 'yes' });
  assert.equal(res.status, 303);
  v = await view(dev, `/events/${eventId}/conversation`);
  assert.equal(v.list.length, 3);
  assert.equal(v.list[0].by, 'Dev Mistry', 'organisers see who captured each note');
  assert.deepEqual(v.themes.map((t) => t.name).sort(), ['Loneliness', 'Transport'], '"loneliness" is the demo theme, by name');
  for (const n of v.list.filter((n) => !n.body.startsWith('Kept back'))) {
    assert.equal((await post(dev, `/events/${eventId}/conversation/publish`, { note: n.id, publish: 'yes' })).status, 303);
  }

  const page = await dev.get(`/events/${eventId}/conversation/actions`);
  assert.equal(page.status, 200);
  let a = await view(dev, `/events/${eventId}/conversation/actions`);
  assert.deepEqual(a.theme_counts.map((t) => [t.name, t.count]), [['Transport', 3], ['Loneliness', 1]], 'most heard first');
  res = await post(dev, `/events/${eventId}/conversation/actions`, { form_id: formId(page.text_),
    body: 'Ask for a later 22 bus', owner: 'Transport team', ...due(-2), [transport.field]: 'yes' });
  assert.equal(res.status, 303);
  a = await view(dev, `/events/${eventId}/conversation/actions`);
  const act = a.list[0];
  assert.equal(act.status, 'planned');
  assert.equal(act.overdue, true, 'due two days ago and still planned');
  assert.equal(act.themes, 'Transport');
  assert.deepEqual(act.moves.map((m) => m.value), ['in-progress', 'done', 'dropped']);
  res = await post(dev, `/events/${eventId}/conversation/actions/status`, { action: act.id, status: 'in-progress', update: 'Asked the bus company.' });
  assert.equal(res.status, 303);
  res = await post(dev, `/events/${eventId}/conversation/actions/status`, { action: act.id, status: 'done' });
  assert.equal(res.status, 303);
  a = await view(dev, `/events/${eventId}/conversation/actions`);
  assert.equal(a.list[0].status, 'done');
  assert.equal(a.list[0].overdue, false, 'done is never overdue');
  assert.deepEqual(a.list[0].history.map((h) => h.status_words), ['Planned', 'In progress', 'Done'], 'every update kept');
  assert.equal(a.list[0].history[1].note, 'Asked the bus company.');
  // 3 notes, 2 publications, 1 action, 2 moves: each audited
  assert.equal(auditCount(srv.db) - audits, 8);
  assert.throws(() => sqlRows(srv.db, 'DELETE FROM cp_action_updates'), 'the updates are append-only');
});

test('the published page shows only published notes, their themes, the actions, and no one\'s name', async () => {
  assert.equal((await anon.get(`/what-we-heard/${eventId}`)).status, 404, 'not before it has taken place');
  sqlRows(srv.db, `UPDATE events SET starts_at = '2026-01-10T18:00:00Z', ends_at = '2026-01-10T20:00:00Z' WHERE uuid = '${eventId}'`);
  const res = await anon.get(`/what-we-heard/${eventId}`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /The 22 bus is too infrequent/);
  assert.match(res.text_, /People feel cut off in winter/);
  assert.doesNotMatch(res.text_, /Kept back/, 'an unpublished note is never shown');
  assert.doesNotMatch(res.text_, DEMO_NAMES);
  const v = await view(anon, `/what-we-heard/${eventId}`);
  assert.equal(v.heard.length, 2);
  assert.deepEqual(v.themes.map((t) => [t.name, t.notes_words]), [['Transport', '2 notes'], ['Loneliness', '1 note']],
    'counts of the published notes only');
  assert.equal(v.locality, 'Eastfield');
  assert.equal(v.format_words, 'World Café');
  assert.equal(v.list[0].owner, 'Transport team');
  assert.equal(v.list[0].status, 'done');
  assert.equal(v.notes, undefined, 'the count of all notes is not public');
  const list = await view(anon, '/what-we-heard');
  assert.ok(list.conversations.some((c) => c.id === eventId));
});

test('wrong users get 403 and change nothing', async () => {
  const notes = count('cp_notes');
  const audits = auditCount(srv.db);
  // Grace is a partner, but not of an organisation that runs this event.
  assert.equal((await grace.get(`/events/${eventId}/conversation`)).status, 403);
  assert.equal((await grace.get(`/events/${eventId}/conversation/actions`)).status, 403);
  assert.equal((await post(grace, `/events/${eventId}/conversation/notes`, { note: 'Not mine to write' })).status, 403);
  const act = (await view(dev, `/events/${eventId}/conversation/actions`)).list[0];
  assert.equal((await post(grace, `/events/${eventId}/conversation/actions/status`, { action: act.id, status: 'in-progress' })).status, 403);
  assert.equal(auditCount(srv.db) - audits, 4, 'each refusal audited');
  for (const c of [rose, priya]) {
    const r = await c.get(`/events/${eventId}/conversation`, { headers: JSON_ACCEPT });
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.text_).reason, 'role');
    assert.equal((await post(c, `/events/${eventId}/conversation/notes`, { note: 'x' })).status, 403);
  }
  assert.equal((await anon.get(`/events/${eventId}/conversation`, { headers: JSON_ACCEPT })).status, 401);
  assert.equal((await anon.get(`/events/${eventId}/conversation`)).status, 303, "to sign in");
  assert.equal(count('cp_notes'), notes);
  // An administrator organises every event.
  const morgan = await signedIn(srv.url, 'admin');
  assert.equal((await morgan.get(`/events/${eventId}/conversation`)).status, 200);
});

test('bad input names the field and changes nothing', async () => {
  const before = [count('cp_notes'), count('cp_themes'), count('cp_actions'), count('cp_action_updates')];
  const cases = [
    [{ note: 'x'.repeat(501) }, 'note'],
    [{ note: '   ' }, 'note'],
    [{ note: 'fine', space: 's'.repeat(61) }, 'space'],
    [{ note: 'fine', 'new-theme': 't'.repeat(61) }, 'new-theme'],
  ];
  for (const [fields, field] of cases) {
    const res = await addNote(dev, fields);
    assert.equal(res.status, 422, JSON.stringify(fields).slice(0, 80));
    assert.match(res.text_, new RegExp(`href="#${field}"`));
  }
  const page = (await dev.get(`/events/${eventId}/conversation/actions`)).text_;
  const actionCases = [
    [{ body: '', owner: 'Parks', ...due(30) }, 'body'],
    [{ body: 'a'.repeat(301), owner: 'Parks', ...due(30) }, 'body'],
    [{ body: 'Benches', owner: '', ...due(30) }, 'owner'],
    [{ body: 'Benches', owner: 'o'.repeat(121), ...due(30) }, 'owner'],
    [{ body: 'Benches', owner: 'Parks', 'due-day': '31', 'due-month': '2', 'due-year': '2027' }, 'due-day'],
    [{ body: 'Benches', owner: 'Parks', 'due-day': '1', 'due-month': '1', 'due-year': '1999' }, 'due-day'],
  ];
  for (const [fields, field] of actionCases) {
    const res = await post(dev, `/events/${eventId}/conversation/actions`, { form_id: formId(page), ...fields });
    assert.equal(res.status, 422, JSON.stringify(fields).slice(0, 80));
    assert.match(res.text_, new RegExp(`href="#${field}"`));
  }
  const theme = await post(dev, `/events/${eventId}/conversation/themes`, { name: 'n'.repeat(61) });
  assert.equal(theme.status, 422);
  assert.match(theme.text_, /href="#name"/);
  const act = (await view(dev, `/events/${eventId}/conversation/actions`)).list[0]; // done
  const moved = await post(dev, `/events/${eventId}/conversation/actions/status`, { action: act.id, status: 'dropped' });
  assert.equal(moved.status, 422, 'done cannot become dropped');
  assert.match(moved.text_, /cannot become Dropped/);
  assert.equal((await post(dev, `/events/${eventId}/conversation/actions/status`, { action: act.id, status: 'finished' })).status, 400);
  assert.equal((await post(dev, `/events/${eventId}/conversation/actions/status`,
    { action: act.id, status: 'in-progress', update: 'u'.repeat(501) })).status, 400);
  assert.equal((await post(dev, `/events/${eventId}/conversation/actions/status`,
    { action: '00000000-0000-4000-8000-000000000000', status: 'done' })).status, 404);
  const badNote = await post(dev, `/events/${eventId}/conversation/publish`, { note: 'nope', publish: 'yes' });
  assert.equal(badNote.status, 400);
  assert.match(badNote.text_, /the note/, 'the field is named');
  assert.equal((await post(dev, `/events/${eventId}/conversation/publish`, { note: act.id, publish: 'maybe' })).status, 400);
  // A peer support session has no conversation.
  const peer = (await view(anon, '/events?kind=peer-support')).events[0].id;
  assert.equal((await post(dev, `/events/${peer}/conversation`, { format: 'world-cafe' })).status, 409);
  assert.deepEqual([count('cp_notes'), count('cp_themes'), count('cp_actions'), count('cp_action_updates')], before);
});

test('the same note form sent twice stores one note', async () => {
  const notes = count('cp_notes');
  const page = await dev.get(`/events/${eventId}/conversation`);
  const fields = { form_id: formId(page.text_), note: 'Sent twice by a double tap.' };
  const a = await post(dev, `/events/${eventId}/conversation/notes`, fields);
  const b = await post(dev, `/events/${eventId}/conversation/notes`, fields);
  assert.equal(a.status, 303);
  assert.equal(b.status, 303);
  assert.equal(count('cp_notes'), notes + 1);
});
