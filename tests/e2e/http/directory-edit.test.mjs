// Keeping the directory current: partners change their own organisation's
// entries (and only theirs), the change waits for a moderator who sees a
// field-by-field difference and approves or rejects it with a reason;
// every version is kept and can be restored; bad input is a GOV.UK error
// summary that changes nothing; every write is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { signedIn, auditCount } from './http-helpers.mjs';

let srv, partner, mod, anon;
before(async () => {
  srv = await startServer();
  partner = await signedIn(srv.url, 'partner');
  mod = await signedIn(srv.url, 'moderator');
  anon = new Client(srv.url);
});
after(async () => { await srv?.stop(); });

const unescape = (s) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#61;/g, '=');

/** The form on a page as [name, value] pairs, as a browser would send it. */
function formOf(html) {
  const pairs = [];
  for (const m of html.matchAll(/<input ([^>]*)>/g)) {
    const a = m[1];
    const name = a.match(/name="([^"]*)"/)?.[1];
    if (!name) continue;
    const type = a.match(/type="([^"]*)"/)?.[1] ?? 'text';
    const value = unescape(a.match(/value="([^"]*)"/)?.[1] ?? '');
    if ((type === 'radio' || type === 'checkbox') && !/ checked/.test(a)) continue;
    pairs.push([name, value]);
  }
  for (const m of html.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([^<]*)<\/textarea>/g)) pairs.push([m[1], unescape(m[2])]);
  for (const m of html.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = m[2].match(/<option value="([^"]*)" selected>/) ?? m[2].match(/<option value="([^"]*)"/);
    pairs.push([m[1], sel ? sel[1] : '']);
  }
  return pairs;
}
const set = (pairs, name, value) => {
  const i = pairs.findIndex(([k]) => k === name);
  if (i >= 0) pairs[i] = [name, value]; else pairs.push([name, value]);
  return pairs;
};
const get = (pairs, name) => pairs.find(([k]) => k === name)?.[1];
const errorsOf = (html) => [...html.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], unescape(m[2])]);

async function partnerServices() {
  const res = await partner.get('/partner');
  assert.equal(res.status, 200);
  return [...new Set([...res.text_.matchAll(/\/directory\/services\/([0-9a-f-]{36})\/edit/g)].map((m) => m[1]))];
}

/** Every phone number of an ORUK service, its own and its contacts'. */
const phonesOf = (s) => [...(s.phones ?? []), ...(s.contacts ?? []).flatMap((c) => c.phones ?? [])].map((p) => p.number);

async function orukService(id) {
  const res = await fetch(`${srv.url}/oruk/services/${id}`);
  assert.equal(res.status, 200);
  return res.json();
}

test('a partner sees their organisation\'s entries, and may change only those', async () => {
  const res = await partner.get('/partner');
  assert.match(res.text_, /<h1 class="govuk-heading-l">Your directory entries<\/h1>/);
  assert.match(res.text_, /<h2 class="govuk-heading-m">[^<]*Northgate[^<]*<\/h2>/, 'the demo partner works for the Northgate organisations');
  const mine = await partnerServices();
  assert.ok(mine.length > 3);
  // A service of another organisation: the ORUK list has them all.
  const all = await (await fetch(`${srv.url}/oruk/services?per_page=100`)).json();
  const other = all.contents.find((s) => !mine.includes(s.id));
  assert.ok(other);
  for (const path of [`/directory/services/${other.id}/edit`, `/directory/services/${other.id}/history`]) {
    const r = await partner.get(path);
    assert.equal(r.status, 403, path);
    assert.match(r.text_, /only change your own organisation/);
  }
  const post = await partner.post(`/directory/services/${other.id}/checked`, { csrf_token: partner.token });
  assert.equal(post.status, 403);
  // Not a service at all.
  assert.equal((await partner.get('/directory/services/00000000-0000-4000-8000-000000000000/edit')).status, 404);
  // Residents and anonymous people have no such pages.
  assert.notEqual((await anon.get(`/directory/services/${mine[0]}/edit`)).status, 200);
  const resident = await signedIn(srv.url, 'resident');
  assert.equal((await resident.get(`/directory/services/${mine[0]}/edit`)).status, 403);
  // The public page offers "Change this entry" to those who may.
  assert.match((await partner.get(`/find/services/${mine[0]}`)).text_, /Change this entry/);
  assert.doesNotMatch((await partner.get(`/find/services/${other.id}`)).text_, /Change this entry/);
  assert.doesNotMatch((await anon.get(`/find/services/${mine[0]}`)).text_, /Change this entry/);
});

test('bad input: a GOV.UK error summary naming each field, and nothing saved', async () => {
  const [id] = await partnerServices();
  const page = await partner.get(`/directory/services/${id}/edit`);
  const form = formOf(page.text_);
  const waiting = async () => ((await partner.get('/partner')).text_.match(/Changes waiting<\/strong>/g) ?? []).length;
  const waitingBefore = await waiting();
  const before = auditCount(srv.db);
  set(form, 'name', '');
  set(form, 'email', 'not an email');
  set(form, 'url', 'javascript:alert(1)');
  set(form, 'cost', 'lots');
  set(form, 'postcode', 'ZZ9 9ZZ');
  set(form, 'minimum_age', '70');
  set(form, 'maximum_age', '60');
  set(form, 's1_opens', '25:00');
  set(form, 'description', 'x'.repeat(4001));
  const res = await partner.post(`/directory/services/${id}/edit`, form);
  assert.equal(res.status, 400);
  assert.match(res.text_, /<title>Error: /);
  const errs = Object.fromEntries(errorsOf(res.text_));
  assert.equal(errs.name, 'Enter the name of the service');
  assert.match(errs.description, /4000 characters or fewer/);
  assert.match(errs.email, /correct format/);
  assert.match(errs.url, /starts with https:\/\//);
  assert.match(errs.cost, /in pounds/);
  assert.match(errs.postcode, /could not find that postcode/);
  assert.match(errs.maximum_age, /same as or more than/);
  assert.match(errs.s1_opens, /opening time/);
  // What was typed is kept on the form.
  assert.match(res.text_, /value="not an email"/);
  assert.equal(auditCount(srv.db), before, 'nothing was written');
  assert.equal(await waiting(), waitingBefore, 'no change was proposed');
});

test('a partner\'s change waits; the moderator sees the difference and can refuse it with a reason', async () => {
  const [id] = await partnerServices();
  const was = await orukService(id);
  const page = await partner.get(`/directory/services/${id}/edit`);
  assert.match(page.text_, /Send for checking/);
  const form = formOf(page.text_);
  set(form, 'name', 'Riverside Chatty Cafe');
  set(form, 'cost', '2.5');
  set(form, 'note', 'We moved to Wednesdays and now charge for tea.');
  const before = auditCount(srv.db);
  const sent = await partner.post(`/directory/services/${id}/edit`, form);
  assert.equal(sent.status, 303, sent.text_.match(/<main[\s\S]*<\/main>/)?.[0]);
  assert.match(sent.headers.get('location'), /^\/directory\/changes\/[0-9a-f-]{36}\?sent=1$/);
  const changeUrl = sent.headers.get('location').replace(/\?.*$/, '');
  assert.match((await partner.get(sent.headers.get('location'))).text_, /Your changes are sent/, 'a banner says it was sent');
  assert.equal(auditCount(srv.db), before + 1, 'the proposal is audited');
  // Nothing public has changed yet.
  assert.equal((await orukService(id)).name, was.name);
  assert.doesNotMatch((await anon.get(`/find/services/${id}`)).text_, /Riverside Chatty Cafe/);
  // The partner sees it waiting, and carries on from it when editing again.
  const mine = await partner.get(changeUrl);
  assert.match(mine.text_, /Waiting for a moderator/);
  assert.match((await partner.get(`/directory/services/${id}/edit`)).text_, /value="Riverside Chatty Cafe"/);
  // The moderator's queue and the difference, field by field.
  const queue = await mod.get('/moderation/changes');
  assert.match(queue.text_, new RegExp(changeUrl));
  const diff = await mod.get(changeUrl);
  assert.equal(diff.status, 200);
  const text = unescape(diff.text_);
  assert.match(text, /<dt class="govuk-summary-list__key">Name<\/dt>[\s\S]*?<strong>Was:<\/strong> [^<]+<br>[\s\S]*?<strong>Proposed:<\/strong> Riverside Chatty Cafe<br>/);
  assert.match(text, /<dt class="govuk-summary-list__key">Cost a session<\/dt>[\s\S]*?<strong>Proposed:<\/strong> £2\.50<br>/);
  assert.match(text, /We moved to Wednesdays/);
  assert.doesNotMatch(text, /<dt class="govuk-summary-list__key">Phone<\/dt>/, 'unchanged fields are not listed');
  // Refusing needs a reason.
  const bare = await mod.post(`${changeUrl}/decide`, { csrf_token: mod.token, decision: 'reject' });
  assert.equal(bare.status, 400);
  assert.match(bare.text_, /Say why the change is not approved/);
  const no = await mod.post(`${changeUrl}/decide`, { csrf_token: mod.token, decision: 'reject', reason: 'The cost should be per month, not per session.' });
  assert.equal(no.status, 303);
  const seen = await partner.get(changeUrl);
  assert.match(seen.text_, /Not approved/);
  assert.match(unescape(seen.text_), /The cost should be per month/);
  assert.match(unescape((await partner.get('/partner')).text_), /A moderator did not approve your <a class="govuk-link" href="[^"]+">change to [^<]+<\/a> on [^:]+: The cost should be per month/);
  // Deciding twice is refused.
  const again = await mod.post(`${changeUrl}/decide`, { csrf_token: mod.token, decision: 'approve' });
  assert.equal(again.status, 409);
  assert.equal((await orukService(id)).name, was.name);
  // Partners cannot decide.
  const self = await partner.post(`${changeUrl}/decide`, { csrf_token: partner.token, decision: 'approve' });
  assert.equal(self.status, 403);
});

test('approved: published at once in the pages, the API and the search; the history keeps both versions; restore', async () => {
  const ids = await partnerServices();
  const id = ids[1];
  const was = await orukService(id);
  const form = formOf((await partner.get(`/directory/services/${id}/edit`)).text_);
  set(form, 'name', 'Wobblefield Tea Dance');
  set(form, 'cost', '3.00');
  set(form, 'phone', '01632 960999');
  // One session on the second Thursday of the month, replacing the others.
  for (let n = 1; n <= 8; n++) { set(form, `s${n}_day`, ''); set(form, `s${n}_opens`, ''); set(form, `s${n}_closes`, ''); }
  set(form, 's1_when', '2'); set(form, 's1_day', 'TH'); set(form, 's1_opens', '14:00'); set(form, 's1_closes', '16:30');
  const sent = await partner.post(`/directory/services/${id}/edit`, form);
  assert.equal(sent.status, 303);
  const changeUrl = sent.headers.get('location').replace(/\?.*$/, '');
  const ok = await mod.post(`${changeUrl}/decide`, { csrf_token: mod.token, decision: 'approve', reason: '' });
  assert.equal(ok.status, 303);
  const now = await orukService(id);
  assert.equal(now.name, 'Wobblefield Tea Dance');
  assert.deepEqual(phonesOf(now), ['01632 960999']);
  assert.equal(now.cost_options[0].amount, 3);
  assert.ok(now.schedules.some((s) => s.freq === 'MONTHLY' && s.byday === '2TH' && s.opens_at === '14:00' && s.closes_at === '16:30'));
  assert.ok(now.last_modified > was.last_modified);
  const page = await anon.get(`/find/services/${id}`);
  assert.match(page.text_, /Second Thursday of the month, 2pm to 4:30pm/);
  const found = await (await fetch(`${srv.url}/oruk/services?search=wobblefield`)).json();
  assert.deepEqual(found.contents.map((s) => s.id), [id], 'the search index follows the change');
  // History: version 1 as it was, version 2 the approved change.
  const hist = await partner.get(`/directory/services/${id}/history`);
  assert.equal(hist.status, 200);
  assert.match(hist.text_, /Version 2: Changes approved/);
  assert.match(hist.text_, /Version 1: Recorded as it was/);
  assert.match(unescape(hist.text_), /<strong>Became:<\/strong> Wobblefield Tea Dance/);
  assert.match(hist.text_, /Ask to restore version 1/);
  // A moderator restores version 1 straight away.
  const mh = await mod.get(`/directory/services/${id}/history`);
  const restore = `/directory/services/${id}/history/1/restore`;
  assert.match(mh.text_, new RegExp(`action="${restore}"`));
  const r = await mod.post(restore, { csrf_token: mod.token });
  assert.equal(r.status, 303);
  const back = await orukService(id);
  assert.equal(back.name, was.name);
  assert.deepEqual(phonesOf(back), phonesOf(was));
  assert.deepEqual(back.schedules.map((s) => [s.freq, s.byday, s.opens_at, s.closes_at]).sort(),
    was.schedules.map((s) => [s.freq, s.byday, s.opens_at, s.closes_at]).sort());
  assert.match((await mod.get(`/directory/services/${id}/history`)).text_, /Version 3: An earlier version restored/);
  // Restoring the version it already has is refused.
  const same = await mod.post(restore.replace('/1/', '/3/'), { csrf_token: mod.token });
  assert.equal(same.status, 409);
  assert.equal((await mod.post(restore.replace('/1/', '/99/'), { csrf_token: mod.token })).status, 404);
  // A partner's restore is a proposal like any other.
  const ask = await partner.post(restore.replace('/1/', '/2/'), { csrf_token: partner.token });
  assert.equal(ask.status, 303);
  const askUrl = ask.headers.get('location').replace(/\?.*$/, '');
  assert.match((await mod.get(askUrl)).text_, /Restore an earlier version/);
  assert.equal((await orukService(id)).name, was.name, 'waits for a moderator');
  await mod.post(`${askUrl}/decide`, { csrf_token: mod.token, decision: 'approve' });
  assert.equal((await orukService(id)).name, 'Wobblefield Tea Dance');
});

test('a moderator\'s own edit publishes at once; a partner proposal made before it warns it is out of date', async () => {
  const ids = await partnerServices();
  const id = ids[2];
  const pf = formOf((await partner.get(`/directory/services/${id}/edit`)).text_);
  set(pf, 'eligibility', 'Anyone over 55');
  const sent = await partner.post(`/directory/services/${id}/edit`, pf);
  const changeUrl = sent.headers.get('location').replace(/\?.*$/, '');
  const mp = await mod.get(`/directory/services/${id}/edit`);
  assert.match(mp.text_, /Save and publish/);
  assert.match(mp.text_, /are waiting for a moderator/);
  const mf = formOf(mp.text_);
  set(mf, 'transportation', 'Bus 7 stops outside.');
  const before = auditCount(srv.db);
  const saved = await mod.post(`/directory/services/${id}/edit`, mf);
  assert.equal(saved.status, 303);
  assert.equal(auditCount(srv.db), before + 1);
  assert.match((await anon.get(`/find/services/${id}`)).text_, /Bus 7 stops outside\./);
  const stale = await mod.get(changeUrl);
  assert.match(stale.text_, /The entry has changed since this was sent/);
  // Withdrawn by the partner: no longer waiting.
  const w = await partner.post(`${changeUrl}/withdraw`, { csrf_token: partner.token });
  assert.equal(w.status, 303);
  assert.match((await partner.get(changeUrl)).text_, /Withdrawn/);
  assert.doesNotMatch((await mod.get('/moderation/changes')).text_, new RegExp(changeUrl));
});

test('a partner adds a new service; it is published only when approved', async () => {
  const page = await partner.get('/partner');
  const newUrl = page.text_.match(/href="(\/directory\/organizations\/[0-9a-f-]{36}\/services\/new)"/)[1];
  const blank = await partner.get(newUrl);
  assert.equal(blank.status, 200);
  assert.match(blank.text_, /<h1 class="govuk-heading-l">Add a service<\/h1>/);
  const form = formOf(blank.text_);
  set(form, 'name', 'Zumba Gold for Beginners');
  set(form, 'description', 'Gentle dance exercise to music, seated or standing.');
  set(form, 'address_1', '1 Market Street');
  set(form, 'city', 'Northgate');
  const pc = (await orukService((await partnerServices())[0])).service_at_locations?.[0]?.location?.addresses?.[0]?.postal_code;
  set(form, 'postcode', (pc || 'AV1 1AA').toLowerCase().replace(' ', ''));
  form.push(['terms', 'exercise']);
  set(form, 's1_day', 'WE'); set(form, 's1_opens', '10'); set(form, 's1_closes', '11.15');
  const sent = await partner.post(newUrl, form);
  assert.equal(sent.status, 303, errorsOf(sent.text_).join('; '));
  const changeUrl = sent.headers.get('location').replace(/\?.*$/, '');
  const none = await (await fetch(`${srv.url}/oruk/services?search=zumba`)).json();
  assert.equal(none.total_items, 0, 'not published yet');
  assert.match((await partner.get('/partner')).text_, /New service <a class="govuk-link" href="\/directory\/changes\/[^"]+">Zumba Gold for Beginners<\/a>/);
  assert.match((await mod.get('/moderation/changes')).text_, /New service: Zumba Gold for Beginners<\/a>/, 'the queue names a new service by its proposed name');
  const diff = await mod.get(changeUrl);
  assert.match(diff.text_, /A new service: Zumba Gold for Beginners/);
  assert.match(diff.text_, /Every Wednesday, 10am to 11:15am/);
  await mod.post(`${changeUrl}/decide`, { csrf_token: mod.token, decision: 'approve' });
  const found = await (await fetch(`${srv.url}/oruk/services?search=zumba`)).json();
  assert.equal(found.total_items, 1);
  const svc = await orukService(found.contents[0].id);
  assert.equal(svc.status, 'active');
  assert.ok(svc.service_at_locations.length === 1);
  assert.match(svc.service_at_locations[0].location.addresses[0].postal_code, /^[A-Z0-9]+ [A-Z0-9]+$/, 'postcode normalised');
  assert.ok(svc.schedules.some((s) => s.byday === 'WE' && s.opens_at === '10:00' && s.closes_at === '11:15'));
  assert.match((await partner.get('/partner')).text_, /Zumba Gold for Beginners/);
});

test('"still correct" moves the next check six months on and is kept in the history', async () => {
  const ids = await partnerServices();
  const id = ids[3];
  const r = await partner.post(`/directory/services/${id}/checked`, { csrf_token: partner.token });
  assert.equal(r.status, 303);
  const page = await anon.get(`/find/services/${id}`);
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.match(page.text_, new RegExp(`Last checked on ${today}`));
  assert.match((await partner.get(`/directory/services/${id}/history`)).text_, /Checked and still correct/);
});

test('likely duplicates: listed for moderators, merged with history kept, or dismissed', async () => {
  const page = await mod.get('/moderation/duplicates');
  assert.equal(page.status, 200);
  // The demo area has one: an entry listed again by another organisation.
  const m = page.text_.match(/<h2 class="govuk-heading-m">Pair 1: same postcode, phone and email, names 100% alike<\/h2>/);
  assert.ok(m, 'the demo duplicate is listed');
  const pair = [...page.text_.matchAll(/href="\/moderation\/duplicates\/merge\?a=([0-9a-f-]{36})&amp;b=([0-9a-f-]{36})"/g)][0];
  const [, keep, gone] = pair;
  const goneBefore = await orukService(gone);
  const keepBefore = await orukService(keep);
  // Merging is one click no more: a confirmation page shows both, and
  // the moderator chooses the entry that stays and who owns it.
  const confirm = await mod.get(`/moderation/duplicates/merge?a=${keep}&b=${gone}`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text_, /Which entry stays in the directory\?/);
  assert.match(confirm.text_, /Which organisation owns the entry that stays\?/, 'the demo pair is of two organisations');
  assert.equal((await partner.get(`/moderation/duplicates/merge?a=${keep}&b=${gone}`)).status, 403);
  // Partners cannot merge.
  assert.equal((await partner.post('/moderation/duplicates/merge', { csrf_token: partner.token, a: keep, b: gone, keep, org: goneBefore.organization.id })).status, 403);
  assert.equal((await mod.post('/moderation/duplicates/merge', { csrf_token: mod.token, a: keep, b: keep, keep })).status, 400);
  // Without a choice: the page again, with the errors.
  const unchosen = await mod.post('/moderation/duplicates/merge', { csrf_token: mod.token, a: keep, b: gone });
  assert.equal(unchosen.status, 400);
  assert.match(unchosen.text_, /There is a problem/);
  assert.match(unchosen.text_, /Choose which entry stays in the directory/);
  assert.match(unchosen.text_, /Choose which organisation owns the entry that stays/);
  const before = auditCount(srv.db);
  // The kept entry now belongs to the other organisation.
  const merged = await mod.post('/moderation/duplicates/merge', { csrf_token: mod.token, a: keep, b: gone, keep, org: goneBefore.organization.id });
  assert.equal(merged.status, 303);
  assert.equal(auditCount(srv.db), before + 1);
  const banner = await mod.get(merged.headers.get('location'));
  assert.match(banner.text_, /is merged into/);
  assert.match(banner.text_, /Undo this merge/);
  assert.equal((await orukService(keep)).organization.id, goneBefore.organization.id);
  // The merged entry leaves the API and the search; its public page leads to the kept one.
  assert.equal((await fetch(`${srv.url}/oruk/services/${gone}`)).status, 404);
  const found = await (await fetch(`${srv.url}/oruk/services?search=${encodeURIComponent(goneBefore.name.split(' ')[0])}&per_page=100`)).json();
  assert.ok(!found.contents.some((s) => s.id === gone));
  const old = await anon.get(`/find/services/${gone}`);
  assert.equal(old.status, 303);
  assert.equal(old.headers.get('location'), `/find/services/${keep}`);
  const hist = await mod.get(`/directory/services/${keep}/history`);
  assert.match(hist.text_, /A duplicate merged in/);
  assert.match(hist.text_, /Undo this merge/, 'the history offers the undo too');
  assert.doesNotMatch((await mod.get('/moderation/duplicates')).text_, new RegExp(`b=${gone}|a=${gone}`));
  // Undone: both back, the owner as it was, both histories say so.
  const undo = await mod.post('/moderation/duplicates/undo', { csrf_token: mod.token, keep, gone });
  assert.equal(undo.status, 303);
  assert.match((await mod.get(undo.headers.get('location'))).text_, /The merge is undone/);
  assert.equal((await fetch(`${srv.url}/oruk/services/${gone}`)).status, 200);
  assert.equal((await orukService(keep)).organization.id, keepBefore.organization.id);
  assert.match((await mod.get(`/directory/services/${gone}/history`)).text_, /Merge into .* undone/);
  assert.equal((await mod.post('/moderation/duplicates/undo', { csrf_token: mod.token, keep, gone })).status, 409, 'undone once');
  // Merged again (the same owner) for what follows.
  assert.equal((await mod.post('/moderation/duplicates/merge', { csrf_token: mod.token, a: keep, b: gone, keep, org: keepBefore.organization.id })).status, 303);
  // Merging again is refused: it is gone.
  assert.equal((await mod.post('/moderation/duplicates/merge', { csrf_token: mod.token, a: keep, b: gone, keep })).status, 409);
  // A new entry like an existing one (the moderator adds it) is listed; "not duplicates" dismisses it.
  const ids = await partnerServices();
  const src = formOf((await mod.get(`/directory/services/${ids[4]}/edit`)).text_);
  const orgNew = (await partner.get('/partner')).text_.match(/href="(\/directory\/organizations\/[0-9a-f-]{36}\/services\/new)"/)[1];
  set(src, 'name', get(src, 'name') + ' Group');
  const made = await mod.post(orgNew, src);
  assert.equal(made.status, 303, errorsOf(made.text_).join('; '));
  const listed = await mod.get('/moderation/duplicates');
  const pairs = [...listed.text_.matchAll(/name="a" value="([0-9a-f-]{36})"><input type="hidden" name="b" value="([0-9a-f-]{36})"/g)];
  const mine = pairs.find(([, a, b]) => a === ids[4] || b === ids[4]);
  assert.ok(mine, 'the copy is a likely duplicate');
  const no = await mod.post('/moderation/duplicates/dismiss', { csrf_token: mod.token, a: mine[1], b: mine[2] });
  assert.equal(no.status, 303);
  const after_ = await mod.get('/moderation/duplicates');
  assert.ok(![...after_.text_.matchAll(/name="a" value="([0-9a-f-]{36})"><input type="hidden" name="b" value="([0-9a-f-]{36})"/g)]
    .some(([, a, b]) => a === mine[1] && b === mine[2]), 'dismissed pairs stay dismissed');
});

// Issue 15: what partners and moderators hit.
test('opening times: closing at or before opening is refused, with what to do instead', async () => {
  const [id] = await partnerServices();
  const form = formOf((await partner.get(`/directory/services/${id}/edit`)).text_);
  set(form, 's1_when', 'weekly'); set(form, 's1_day', 'MO'); set(form, 's1_opens', '10:00'); set(form, 's1_closes', '09:00');
  const r = await partner.post(`/directory/services/${id}/edit`, form);
  assert.equal(r.status, 400);
  assert.deepEqual(errorsOf(r.text_).find(([f]) => f === 's1_closes'), ['s1_closes',
    'The closing time must be after the opening time, on the same day. For a session past midnight, add a second session on the next day from 00:00']);
  set(form, 's1_closes', '10:00');
  assert.equal((await partner.post(`/directory/services/${id}/edit`, form)).status, 400, 'closing when it opens');
});

test('confirming an entry is correct: a banner says so; not while a change waits, and the page says why', async () => {
  const ids = await partnerServices();
  const id = ids[5];
  const ok = await partner.post(`/directory/services/${id}/checked`, { csrf_token: partner.token });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/partner?checked=${id}`);
  const page = await partner.get(ok.headers.get('location'));
  assert.match(page.text_, /govuk-notification-banner--success/);
  assert.match(page.text_, /is confirmed as correct today\. Its next check is due on \d{1,2} [A-Z][a-z]+ \d{4}\./);
  // A change waits: no button, a reason instead, and the server refuses too.
  const form = formOf((await partner.get(`/directory/services/${id}/edit`)).text_);
  set(form, 'description', 'Now with a garden.');
  assert.equal((await partner.post(`/directory/services/${id}/edit`, form)).status, 303);
  const list = await partner.get('/partner');
  assert.doesNotMatch(list.text_, new RegExp(`action="/directory/services/${id}/checked"`));
  assert.match(list.text_, /once a moderator has decided on the changes you sent/);
  const refused = await partner.post(`/directory/services/${id}/checked`, { csrf_token: partner.token });
  assert.equal(refused.status, 409);
  assert.match(refused.text_, /cannot be confirmed as correct while a change to it is waiting/);
});

test('a change not approved: the partner starts again from it; the moderator sees what each decision did', async () => {
  const ids = await partnerServices();
  const id = ids[6];
  const form = formOf((await partner.get(`/directory/services/${id}/edit`)).text_);
  set(form, 'name', 'A name the moderator will not like');
  const sent = await partner.post(`/directory/services/${id}/edit`, form);
  const changeUrl = sent.headers.get('location').replace(/\?.*$/, '');
  const no = await mod.post(`${changeUrl}/decide`, { csrf_token: mod.token, decision: 'reject', reason: 'Please use the name on your sign.' });
  assert.equal(no.status, 303);
  assert.match(no.headers.get('location'), /^\/moderation\/changes\?done=refused&change=/);
  const queue = await mod.get(no.headers.get('location'));
  assert.match(queue.text_, /The change to .* is not approved\./);
  // The partner's page links to the form, filled in with what was sent.
  const mine = await partner.get('/partner');
  const start = unescape(mine.text_.match(/href="(\/directory\/services\/[0-9a-f-]{36}\/edit\?from(?:=|&#61;)[0-9a-f-]{36})"/)[1]);
  const again = await partner.get(start);
  assert.equal(again.status, 200);
  assert.match(again.text_, /value="A name the moderator will not like"/);
  assert.match(again.text_, /which a moderator did not approve on .*: Please use the name on your sign\./);
  assert.match((await partner.get(changeUrl)).text_, /Start again from this change/);
  // Sent again, put right, and approved: a banner says so.
  const f2 = formOf(again.text_);
  set(f2, 'name', 'The name on the sign');
  const resent = await partner.post(`/directory/services/${id}/edit`, f2);
  assert.equal(resent.status, 303);
  const yes = await mod.post(`${resent.headers.get('location').replace(/\?.*$/, '')}/decide`, { csrf_token: mod.token, decision: 'approve', reason: '' });
  assert.match((await mod.get(yes.headers.get('location'))).text_, /The change to The name on the sign is approved and published\./);
  // Another service's change is no start for this one.
  const other = await partner.get(`/directory/services/${ids[7]}/edit?from=${changeUrl.split('/').pop()}`);
  assert.doesNotMatch(other.text_, /A name the moderator will not like/);
});

test('closing a report without saying what was done: the list again, the error at that report', async () => {
  const [id] = await partnerServices();
  const visitor = new Client(srv.url);
  const form = await visitor.get(`/find/services/${id}/report`);
  const csrf = form.text_.match(/name="csrf_token" value="([^"]+)"/)[1];
  assert.equal((await visitor.post(`/find/services/${id}/report`, { csrf_token: csrf, what: 'The phone number is wrong now.' })).status, 200);
  const list = await mod.get('/moderation/reports');
  assert.match(list.text_, /<p class="govuk-body">\d+ reports? open, oldest first\.<\/p>/);
  assert.doesNotMatch(list.text_, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, 'times in words, not ISO');
  const report = [...list.text_.matchAll(/action="\/moderation\/reports\/([0-9a-f-]{36})\/close"/g)].pop()[1];
  const bad = await mod.post(`/moderation/reports/${report}/close`, { csrf_token: mod.token, outcome: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text_, /There is a problem/);
  assert.deepEqual(errorsOf(bad.text_)[0], [`outcome-${report}`, 'Write what you did about the report, so whoever reads it later knows (at least 3 characters)']);
  assert.match(bad.text_, new RegExp(`id="outcome-${report}-error"`));
  assert.match(bad.text_, /The phone number is wrong now\./, 'the list is there');
  const good = await mod.post(`/moderation/reports/${report}/close`, { csrf_token: mod.token, outcome: 'Called them; fixed.' });
  assert.equal(good.status, 303);
  assert.match((await mod.get(good.headers.get('location'))).text_, /The report is closed\./);
});

test('a web address that is not http or https is refused by the partners\' and the moderators\' forms', async () => {
  const [id] = await partnerServices();
  for (const [who, client] of [['partner', partner], ['moderator', mod]]) {
    const form = formOf((await client.get(`/directory/services/${id}/edit`)).text_);
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x']) {
      set(form, 'url', bad);
      const r = await client.post(`/directory/services/${id}/edit`, form);
      assert.equal(r.status, 400, `${who}: ${bad}`);
      assert.deepEqual(errorsOf(r.text_).find(([f]) => f === 'url'), ['url', 'Enter a web address that starts with https://, like https://example.org/']);
    }
  }
  const svc = await orukService(id);
  assert.ok(!JSON.stringify(svc).match(/javascript:|data:|vbscript:/i));
});
