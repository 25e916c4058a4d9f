// The timebank (issue 18, docs/timebank.md) through a real server: a
// member's journey (a contact request that never shows the other member's
// details until they share them; an exchange recorded by one side and
// confirmed by the other, then in both balances and the statement; one
// declined, which moves nothing; one refused by the credit limit, which
// changes nothing; a coordinator's reversal), who is refused (403), the
// report's small numbers for commissioners, `supportnet timebank verify`
// on a good and a broken ledger, and two timebanks exchanging minutes
// through the inter-bank file (imported twice: once).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, freshDbLoc, dropDbLoc, isPostgres } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, signedIn } from './http-helpers.mjs';

let srv, rose, grace, dev, tom, sam, commissioner, roseMember, orgMember;
before(async () => {
  srv = await startServer();
  [rose, grace, dev, tom, sam, commissioner] = await Promise.all(
    ['resident', 'partner', 'coordinator', 'worker2', 'carer', 'commissioner'].map((l) => signedIn(srv.url, l)));
  roseMember = jsonOf(await rose.get('/timebank', { headers: JSON_ACCEPT })).member;
  orgMember = jsonOf(await grace.get('/timebank', { headers: JSON_ACCEPT })).member;
  assert.ok(roseMember?.uuid && orgMember?.uuid && orgMember.is_org, 'Rose and Grace\'s organisation are members');
});
after(async () => { await srv?.stop(); });

const formId = (html) => html.match(/name="form_id" value="([^"]*)"/)?.[1] || '';
const view = async (c, path) => jsonOf(await c.get(path, { headers: JSON_ACCEPT }));
const post = async (c, path, fields, page = path) => {
  const html = (await c.get(page)).text_;
  return c.post(path, { csrf_token: c.token, form_id: formId(html), ...fields });
};
const balance = async (c, member) => Number((await view(c, `/timebank?member=${member}`)).member.balance_minutes);
const coordBalance = async (member) =>
  Number((await view(dev, `/timebank/coordinator/members/${member}`)).member.balance_minutes);
const verify = (db) => cli(['timebank', 'verify', '--db', db]);

/** Rose records an exchange with Grace's organisation; its id (from Grace's home). */
async function record(direction, minutes, description) {
  const res = await post(rose, '/timebank/exchanges', { member: roseMember.uuid, direction, with: orgMember.uuid,
    minutes, category: '2', description }, `/timebank/exchanges/new?member=${roseMember.uuid}&with=${orgMember.uuid}`);
  assert.equal(res.status, 303, res.text_.slice(0, 300));
  const home = await view(grace, `/timebank?member=${orgMember.uuid}`);
  const x = home.to_confirm.find((e) => e.description === description);
  assert.ok(x, `Grace is asked to confirm "${description}"`);
  return x.id;
}

test('a contact request: the other member sees it and chooses what to share; no details before', async () => {
  // Grace's organisation offers something; Rose finds it by category
  let res = await post(grace, '/timebank/listings', { member: orgMember.uuid, kind: 'offer', category: '2',
    title: 'Lifts to the day centre', details: '' }, `/timebank/listings/new?member=${orgMember.uuid}`);
  assert.equal(res.status, 303);
  const list = await view(rose, `/timebank/listings?member=${roseMember.uuid}&category=2&kind=offer`);
  const offer = list.listings.find((l) => l.title === 'Lifts to the day centre');
  assert.ok(offer, 'the offer is listed');
  assert.deepEqual(Object.keys(offer).sort(), ['area', 'category', 'details', 'first_name', 'id', 'kind',
    'member_uuid', 'title'], 'a listing shows a first name and an area, nothing else about the member');
  // an empty message is refused, naming the field, and nothing is sent
  res = await post(rose, `/timebank/listings/${offer.id}/contact`, { member: roseMember.uuid, message: '' },
    `/timebank/listings/${offer.id}/contact?member=${roseMember.uuid}`);
  assert.equal(res.status, 422);
  assert.match(res.text_, /href="#message"/);
  res = await post(rose, `/timebank/listings/${offer.id}/contact`, { member: roseMember.uuid,
    message: 'Could I have a lift on Thursday?' }, `/timebank/listings/${offer.id}/contact?member=${roseMember.uuid}`);
  assert.equal(res.status, 303);
  const sent = (await view(rose, '/timebank')).sent.find((c) => c.about === 'Lifts to the day centre');
  assert.ok(sent?.waiting);
  const page = await rose.get(`/timebank/contacts/${sent.id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text_, /@|partner@demo|01632/, 'no contact details before they are shared');
  // Grace answers and shares only what she types
  const got = (await view(grace, '/timebank')).received.find((c) => c.id === sent.id);
  assert.ok(got?.waiting, 'Grace sees the request');
  res = await post(grace, `/timebank/contacts/${sent.id}/answer`, { answer: 'reply', reply: 'Yes, 10am?',
    shared_details: 'Ask for Grace at the front desk' }, `/timebank/contacts/${sent.id}`);
  assert.equal(res.status, 303);
  const answered = await view(rose, `/timebank/contacts/${sent.id}`);
  assert.equal(answered.shared, 'Ask for Grace at the front desk');
  assert.equal(answered.reply, 'Yes, 10am?');
  // answered once only
  res = await rose.post(`/timebank/contacts/${sent.id}/answer`, { csrf_token: rose.token, answer: 'decline' });
  assert.equal(res.status, 403, 'only the member asked can answer');
  if (!isPostgres) {
    const mail = execFileSync('sqlite3', [srv.db, "SELECT subject || '|' || body FROM email_outbox WHERE topic = 'timebank'"],
      { encoding: 'utf8' });
    assert.match(mail, /get in touch through the timebank/);
    assert.match(mail, new RegExp(`/timebank/contacts/${sent.id}`));
    assert.doesNotMatch(mail, /Rose|Ashdown|Thursday|Lifts to the day centre/, 'no personal data in the email');
  }
});

test('recorded by one side, confirmed by the other: both balances and the statement', async () => {
  const [r0, o0] = [await balance(rose, roseMember.uuid), await balance(grace, orgMember.uuid)];
  const id = await record('received', '1:30', 'A lift to the surgery');
  // the side that recorded cannot confirm it
  let res = await rose.post(`/timebank/exchanges/${id}/confirm`, { csrf_token: rose.token });
  assert.equal(res.status, 403);
  assert.equal(await balance(rose, roseMember.uuid), r0, 'nothing moved before it is confirmed');
  res = await post(grace, `/timebank/exchanges/${id}/confirm`, {}, `/timebank/exchanges/${id}`);
  assert.equal(res.status, 303);
  assert.equal(await balance(rose, roseMember.uuid), r0 - 90, 'the receiver: minus 90 minutes');
  assert.equal(await balance(grace, orgMember.uuid), o0 + 90, 'the giver: plus 90 minutes');
  const st = await view(rose, `/timebank/statement?member=${roseMember.uuid}`);
  assert.equal(st.lines[0].minutes, '-90');
  assert.equal(st.lines[0].description, 'A lift to the surgery');
  assert.equal(st.lines[0].balance, (await view(rose, '/timebank')).member.balance);
  res = await grace.post(`/timebank/exchanges/${id}/confirm`, { csrf_token: grace.token });
  assert.equal(res.status, 409, 'confirmed once');
  assert.equal(verify(srv.db).status, 0);
});

test('declined: no transfer', async () => {
  const [r0, o0] = [await balance(rose, roseMember.uuid), await balance(grace, orgMember.uuid)];
  const id = await record('gave', '45', 'Not what happened');
  const res = await post(grace, `/timebank/exchanges/${id}/decline`, {}, `/timebank/exchanges/${id}`);
  assert.equal(res.status, 303);
  assert.equal((await view(grace, `/timebank/exchanges/${id}`)).status, 'declined');
  assert.equal(await balance(rose, roseMember.uuid), r0);
  assert.equal(await balance(grace, orgMember.uuid), o0);
});

test('past the credit limit: refused with a clear error and nothing changes; a coordinator reverses', async () => {
  // bring the organisation's balance under 23 hours so that 24 hours can pass its limit
  for (let i = 0; i < 6 && await coordBalance(orgMember.uuid) >= 1380; i++) {
    const id = await record('gave', '1440', `Bringing it down ${i}`);
    assert.equal((await post(grace, `/timebank/exchanges/${id}/confirm`, {}, `/timebank/exchanges/${id}`)).status, 303);
  }
  const o0 = await coordBalance(orgMember.uuid);
  const hours = o0 < 0 ? Math.ceil(-o0 / 60) : 0;
  let res = await post(dev, `/timebank/coordinator/members/${orgMember.uuid}/limit`, { limit_hours: String(hours) },
    `/timebank/coordinator/members/${orgMember.uuid}`);
  assert.equal(res.status, 303);
  res = await post(dev, `/timebank/coordinator/members/${orgMember.uuid}/limit`, { limit_hours: '-3' },
    `/timebank/coordinator/members/${orgMember.uuid}`);
  assert.equal(res.status, 422, 'a bad limit is refused');
  const r0 = await balance(rose, roseMember.uuid);
  const id = await record('gave', '24:00', 'A whole day of decorating');
  res = await post(grace, `/timebank/exchanges/${id}/confirm`, {}, `/timebank/exchanges/${id}`);
  assert.equal(res.status, 422);
  assert.match(res.text_, /past their credit limit/);
  assert.equal(await coordBalance(orgMember.uuid), o0, 'nothing changed');
  assert.equal(await balance(rose, roseMember.uuid), r0);
  assert.equal((await view(grace, `/timebank/exchanges/${id}`)).status, 'pending', 'still waiting');
  // no limit: it goes through; then the coordinator reverses it, with a reason
  res = await post(dev, `/timebank/coordinator/members/${orgMember.uuid}/limit`, { limit_hours: '' },
    `/timebank/coordinator/members/${orgMember.uuid}`);
  assert.equal(res.status, 303);
  res = await post(grace, `/timebank/exchanges/${id}/confirm`, {}, `/timebank/exchanges/${id}`);
  assert.equal(res.status, 303);
  assert.equal(await coordBalance(orgMember.uuid), o0 - 1440);
  const line = (await view(dev, `/timebank/coordinator/members/${orgMember.uuid}`)).lines[0];
  assert.ok(line.can_reverse);
  const page = `/timebank/coordinator/transfers/${line.transfer}/reverse`;
  res = await post(dev, page, { reason: 'short' }, page);
  assert.equal(res.status, 422, 'a reason is needed');
  res = await post(dev, page, { reason: 'Recorded against the wrong member' }, page);
  assert.equal(res.status, 303);
  assert.equal(await coordBalance(orgMember.uuid), o0, 'the reversal gives the minutes back');
  assert.equal(await balance(rose, roseMember.uuid), r0);
  assert.ok((await view(dev, page)).reversed);
  res = await post(dev, page, { reason: 'Recorded against the wrong member' }, page);
  assert.equal(res.status, 409, 'reversed once');
  const st = await view(rose, `/timebank/statement?member=${roseMember.uuid}`);
  assert.equal(st.lines[0].what, 'Reversal');
  assert.ok(st.lines[1].reversed, 'the reversed transfer stays, marked');
  assert.equal(verify(srv.db).status, 0);
});

test('who is refused: other roles by the route, people who act for no member by the page', async () => {
  for (const c of [commissioner]) assert.equal((await c.get('/timebank')).status, 403);
  const t = await view(tom, '/timebank');
  assert.ok(t.not_member && !t.can_join, 'Tom acts for no member');
  for (const path of ['/timebank/statement', '/timebank/listings', '/timebank/exchanges/new',
    `/timebank/statement?member=${roseMember.uuid}`])
    assert.equal((await tom.get(path)).status, 403, path);
  const x = (await view(rose, '/timebank')).recent[0].id;
  assert.equal((await tom.get(`/timebank/exchanges/${x}`)).status, 403);
  assert.equal((await grace.get(`/timebank/statement?member=${roseMember.uuid}`)).status, 403);
  // Sam is named on Rose's record: he may act for her
  assert.equal((await view(sam, `/timebank?member=${roseMember.uuid}`)).member.uuid, roseMember.uuid);
  for (const c of [rose, grace, tom]) assert.equal((await c.get('/timebank/coordinator')).status, 403);
});

test('the report: coordinators see every figure, commissioners no count from 1 to 9', async () => {
  const full = await view(dev, '/timebank/report');
  assert.ok(!full.suppressed && full.by_category.length > 3);
  const c = await view(commissioner, '/timebank/report');
  assert.ok(c.suppressed);
  for (const row of [...c.by_category, ...c.by_month])
    for (const k of ['exchanges', 'members']) {
      const v = row[k];
      if (v === '' || v === 'fewer than 10') continue;
      assert.ok(Number(v) === 0 || Number(v) >= 10, `${row.label} ${k} ${v}`);
    }
  const coord = await view(dev, '/timebank/coordinator');
  assert.ok(coord.inactive >= 3, 'some members have had no exchange for 90 days');
  assert.ok(coord.members.some((m) => m.at_limit), 'one member is at their credit limit');
});

test('supportnet timebank verify: 0 when it holds, 1 naming the first bad transfer, 2 for usage', { skip: isPostgres }, () => {
  const ok = verify(srv.db);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^the timebank ledger holds: [\d,]+ transfers, [\d,]+ entries, [\d,]+ minutes moved\n$/);
  const dir = mkdtempSync(join(tmpdir(), 'sn-tb-'));
  try {
    const bad = join(dir, 'bad.db');
    copyFileSync(srv.db, bad);
    const sql = (q) => execFileSync('sqlite3', [bad, q], { encoding: 'utf8' }).trim();
    // an entry that unbalances transfer 5, then the append-only tables refuse to be edited
    sql('INSERT INTO tb_entries (transfer_id, account_id, minutes) VALUES (5, 1, 30)');
    assert.throws(() => sql('UPDATE tb_entries SET minutes = 1 WHERE id = 1'), /append-only/);
    const uuid = sql('SELECT uuid FROM tb_transfers WHERE id = 5');
    let r = verify(bad);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, new RegExp(`transfer 5 \\(${uuid}\\).*do not sum to zero \\(sum 30`));
    // an earlier transfer with one entry is named first
    sql('DROP TRIGGER tb_entries_no_delete; DELETE FROM tb_entries WHERE transfer_id = 3 AND minutes < 0');
    r = verify(bad);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /transfer 3 .*fewer than two entries/);
    // entries pointing at no transfer
    const orphan = join(dir, 'orphan.db');
    copyFileSync(srv.db, orphan);
    execFileSync('sqlite3', [orphan, 'INSERT INTO tb_entries (transfer_id, account_id, minutes) VALUES (99999, 1, 5);'
      + 'INSERT INTO tb_entries (transfer_id, account_id, minutes) VALUES (99999, 2, -5)']);
    r = verify(orphan);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /transfer 99999 \(no such transfer\).*not there/);
    assert.equal(verify(join(dir, 'missing.db')).status, 2);
    assert.equal(cli(['timebank', 'verify']).status, 2);
    assert.equal(cli(['timebank', 'verify', '--db', srv.db, '--bogus']).status, 2);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('two timebanks: minutes sent over the inter-bank account, the file imported once', async () => {
  const other = freshDbLoc();
  assert.equal(cli(['demo', '--db', other, '--seed', '2']).status, 0);
  const dir = mkdtempSync(join(tmpdir(), 'sn-tb-'));
  let srv2;
  try {
    assert.equal(cli(['timebank', 'bank', '--db', other, '--code', 'MB', '--name', 'Millbrook Timebank']).status, 0);
    assert.equal(cli(['timebank', 'partner', '--db', other, '--code', 'AV', '--name', 'Ashby Vale Timebank']).status, 0);
    assert.equal(cli(['timebank', 'partner', '--db', srv.db, '--code', 'MB', '--name', 'Millbrook Timebank']).status, 0);
    assert.equal(cli(['timebank', 'partner', '--db', srv.db, '--code', 'AV', '--name', 'Own']).status, 1, 'not our own code');
    srv2 = await startServer({ db: other });
    const dev2 = await signedIn(srv2.url, 'coordinator');
    const theirs = (await view(dev2, '/timebank/coordinator')).members[0];
    const before2 = Number(theirs.balance_minutes);
    const r0 = await coordBalance(roseMember.uuid);
    // bad input names the field and sends nothing
    let res = await post(dev, '/timebank/coordinator/interbank', { member: roseMember.uuid, bank: 'MB',
      remote_member: 'not-a-uuid', minutes: '60', category: '4' }, '/timebank/coordinator/interbank');
    assert.equal(res.status, 422);
    assert.match(res.text_, /href="#remote_member"/);
    res = await post(dev, '/timebank/coordinator/interbank', { member: roseMember.uuid, bank: 'MB',
      remote_member: theirs.uuid, minutes: '75', category: '4', description: 'Phone befriending' },
      '/timebank/coordinator/interbank');
    assert.equal(res.status, 303);
    assert.equal(await coordBalance(roseMember.uuid), r0 - 75);
    assert.equal(verify(srv.db).status, 0);
    const file = join(dir, 'av-to-mb.json');
    let r = cli(['timebank', 'export', '--db', srv.db, '--bank', 'MB', '--out', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /wrote 1 transfer for MB/);
    r = cli(['timebank', 'import', '--db', other, '--file', file, '--dry-run']);
    assert.match(r.stdout, /dry run: 1 transfer added/);
    assert.equal(Number((await view(dev2, `/timebank/coordinator/members/${theirs.uuid}`)).member.balance_minutes), before2);
    r = cli(['timebank', 'import', '--db', other, '--file', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 transfer added, 0 already imported/);
    r = cli(['timebank', 'import', '--db', other, '--file', file]);
    assert.match(r.stdout, /0 transfers added, 1 already imported/, 'the same file twice changes nothing');
    assert.equal(Number((await view(dev2, `/timebank/coordinator/members/${theirs.uuid}`)).member.balance_minutes),
      before2 + 75);
    assert.equal(verify(other).status, 0);
    // a changed file is refused, naming the field, and changes nothing
    const text = readFileSync(file, 'utf8');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, text.replace('"minutes": 75', '"minutes": 750'));
    r = cli(['timebank', 'import', '--db', other, '--file', bad]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /checksum: does not match/);
    writeFileSync(join(dir, 'bad2.json'), text.replace('"minutes": 75', '"minutes": "75"'));
    r = cli(['timebank', 'import', '--db', other, '--file', join(dir, 'bad2.json')]);
    assert.match(r.stderr, /transfers\[0\]\.minutes/);
    r = cli(['timebank', 'import', '--db', srv.db, '--file', file]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /to_bank: the file is for MB/);
    assert.equal(Number((await view(dev2, `/timebank/coordinator/members/${theirs.uuid}`)).member.balance_minutes),
      before2 + 75);
  } finally {
    await srv2?.stop();
    dropDbLoc(other);
    rmSync(dir, { recursive: true, force: true });
  }
});
