// Reviews falling due: `supportnet reminders` queues one email per due
// service and recipient, once; `supportnet mail` sends them to a loopback
// SMTP sink (headers, RFC 2047 subject, body, link), a 451 leaves them
// queued with the error, a 550 fails one for good, a dead port fails
// cleanly; the moderators' overdue report and "Mark as checked today"
// (audited); the public tag with the age. Runs on SQLite, and on
// PostgreSQL when SN_PG_URL is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bin, startServer, Client } from '../lib/server.mjs';
import { startSmtpSink, decodeWords } from '../lib/smtp-sink.mjs';
import { sqlRows } from './http-helpers.mjs';
import { signedIn, auditCount } from './http-helpers.mjs';

const execFileP = promisify(execFile);
// The sink runs in this process: the command must not block its loop.
async function run(args) {
  try {
    const { stdout, stderr } = await execFileP(bin, args, { encoding: 'utf8', timeout: 60000 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    return { status: e.code, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}
const sql = sqlRows;
const one = (db, q) => sql(db, q)[0]?.[0];

const BASE = 'https://support.example';
const FROM = 'directory@support.example';
const day = (offset = 0) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const today = day();
const soon = day(14);

let srv, sink, dir, cafe;
before(async () => {
  srv = await startServer();
  sink = await startSmtpSink();
  dir = mkdtempSync(join(tmpdir(), 'sn-mail-'));
  // A due service with a name that is not ASCII, for the subject.
  cafe = one(srv.db, `SELECT uuid FROM dir_services WHERE moderation = 'published' AND review_due <= '${soon}' ORDER BY id LIMIT 1`);
  sql(srv.db, `UPDATE dir_services SET name = 'Café Lunch — Northgate' WHERE uuid = '${cafe}'`);
});
after(async () => {
  await sink?.close();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('reminders and mail answer --help; usage errors exit 2', async () => {
  for (const cmd of ['reminders', 'mail']) {
    const r = await run([cmd, '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: supportnet /);
  }
  const cases = [
    [['reminders', '--db', srv.db], /--base-url \(or SUPPORTNET_BASE_URL\) is required/],
    [['reminders', '--db', srv.db, '--base-url', 'ftp://x'], /--base-url must be an http\(s\) URL/],
    [['reminders', '--db', srv.db, '--base-url', BASE, '--days', 'soon'], /--days must be a whole number/],
    [['mail', '--db', srv.db], /--db and --smtp are required/],
    [['mail', '--db', srv.db, '--smtp', 'http://127.0.0.1:25', '--from', FROM], /smtp:\/\/HOST/],
    [['mail', '--db', srv.db, '--smtp', sink.url, '--from', 'Directory <d@x.example>'], /not a plain address/],
    [['mail', '--db', srv.db, '--smtp', sink.url], /--from \(or SUPPORTNET_MAIL_FROM\) is required/],
    [['mail', '--db', srv.db, '--smtp', 'smtps://127.0.0.1:1', '--from', FROM, '--starttls'], /STARTTLS is for smtp:\/\//],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('reminders queue one email per due service and recipient, once', async () => {
  const due = Number(one(srv.db, `SELECT count(*) FROM dir_services WHERE moderation = 'published' AND review_due <= '${soon}'`));
  assert.ok(due > 20, `the demo has services due (${due})`);
  const dry = await run(['reminders', '--db', srv.db, '--base-url', `${BASE}/`, '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(`^would queue \\d+ reminders for ${due} services due within 14 days or overdue`));
  assert.equal(one(srv.db, 'SELECT count(*) FROM email_outbox'), '0', '--dry-run changes nothing');
  const audit0 = auditCount(srv.db);
  const first = await run(['reminders', '--db', srv.db, '--base-url', `${BASE}/`]);
  assert.equal(first.status, 0, first.stderr);
  const n = Number(first.stdout.match(/^queued (\d+) reminders/)[1]);
  assert.ok(n >= due);
  assert.equal(auditCount(srv.db), audit0 + 1, 'one audit entry for the run');
  const again = await run(['reminders', '--db', srv.db, '--base-url', BASE]);
  assert.equal(again.status, 0);
  assert.match(again.stdout, new RegExp(`^queued 0 reminders for ${due} services .*\\(${n} already queued`));
  assert.equal(Number(one(srv.db, 'SELECT count(*) FROM email_outbox')), n, 'no duplicates');
  // Every due service has a reminder, every reminder is for a due service.
  const topic = "'review:' || s.uuid || ':' || s.review_due";
  assert.equal(one(srv.db, `SELECT count(*) FROM dir_services s WHERE s.moderation = 'published' AND s.review_due <= '${soon}' AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.topic = ${topic})`), '0');
  assert.equal(one(srv.db, `SELECT count(*) FROM email_outbox o WHERE NOT EXISTS (SELECT 1 FROM dir_services s WHERE o.topic = ${topic} AND s.review_due <= '${soon}')`), '0');
  // Members get them (the partner login looks after Northgate's
  // organisations); organisations without members get theirs at their own address.
  assert.ok(Number(one(srv.db, "SELECT count(*) FROM email_outbox WHERE recipient = 'partner@demo.supportnet.test'")) > 0);
  assert.equal(one(srv.db, `SELECT count(*) FROM email_outbox o JOIN dir_services s ON o.topic = ${topic} JOIN dir_org_members m ON m.organization_id = s.organization_id WHERE o.recipient LIKE 'hello@%'`), '0');
});

test('a sink that answers 451 leaves them queued with attempts + 1 and the error', async () => {
  sink.fail('data', '451 4.3.0 Mailbox busy, try again later');
  const r = await run(['mail', '--db', srv.db, '--smtp', sink.url, '--from', FROM, '--max', '3']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^sent 0, to retry 3, failed 0, still queued \d+/);
  assert.match(r.stderr, /^supportnet mail: 3 messages not sent: .*451 4\.3\.0 Mailbox busy/);
  assert.equal(sink.messages.length, 0);
  const rows = sql(srv.db, "SELECT status, attempts, last_error, next_attempt_at > created_at FROM email_outbox WHERE attempts > 0 ORDER BY id");
  assert.equal(rows.length, 3);
  for (const [status, attempts, error, later] of rows) {
    assert.equal(status, 'queued');
    assert.equal(attempts, '1');
    assert.match(error, /451 4\.3\.0 Mailbox busy/);
    assert.ok(later === '1' || later === 't', 'the next try is put off');
  }
  // Not due again yet: a plain run leaves them (and sends the rest, below).
  sink.fail(null);
});

test('a 550 for a recipient fails that message for good', async () => {
  sink.fail('rcpt', '550 5.1.1 No such user here');
  const r = await run(['mail', '--db', srv.db, '--smtp', sink.url, '--from', FROM, '--retry-now', '--max', '1']);
  sink.fail(null);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^sent 0, to retry 0, failed 1,/);
  const [[status, attempts, error]] = sql(srv.db, "SELECT status, attempts, last_error FROM email_outbox WHERE status = 'failed'");
  assert.equal(status, 'failed');
  assert.equal(attempts, '2');
  assert.match(error, /550 5\.1\.1 No such user/);
});

test('a dead port fails cleanly: one line, nothing lost', async () => {
  const port = await new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
  const queued = one(srv.db, "SELECT count(*) FROM email_outbox WHERE status = 'queued'");
  const r = await run(['mail', '--db', srv.db, '--smtp', `smtp://127.0.0.1:${port}`, '--from', FROM, '--retry-now']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^sent 0, to retry 1, failed 0,/, 'it stops at the first: the server is down');
  assert.match(r.stderr, /^supportnet mail: 1 message not sent: (Failed to connect|Couldn't connect)/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(one(srv.db, "SELECT count(*) FROM email_outbox WHERE status = 'queued'"), queued);
  assert.equal(one(srv.db, "SELECT count(*) FROM email_outbox WHERE locked_until IS NOT NULL"), '0');
});

test('mail sends what is queued to the sink: recipient, headers, subject, body', async () => {
  const queued = Number(one(srv.db, "SELECT count(*) FROM email_outbox WHERE status = 'queued'"));
  const t0 = Date.now();
  const r = await run(['mail', '--db', srv.db, '--smtp', sink.url, '--from', FROM, '--retry-now']);
  const ms = Date.now() - t0;
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^sent ${queued}, to retry 0, failed 0, still queued 0`));
  assert.equal(sink.messages.length, queued);
  console.log(`# ${queued} messages to the sink in ${ms} ms (${Math.round(queued * 1000 / ms)}/s), ${sink.sessions} connection(s)`);
  const [[to, id, subject, uuid, due]] = sql(srv.db, `SELECT o.recipient, o.message_id, o.subject, s.uuid, s.review_due FROM email_outbox o JOIN dir_services s ON o.topic = 'review:' || s.uuid || ':' || s.review_due WHERE s.uuid = '${cafe}' ORDER BY o.id LIMIT 1`);
  const m = sink.messages.find((x) => x.headers['message-id'] === id);
  assert.ok(m, 'the message went, with its Message-ID');
  assert.equal(m.from, FROM);
  assert.deepEqual(m.to, [to]);
  assert.equal(m.headers.to, to);
  assert.equal(m.headers.from, FROM);
  assert.match(m.headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.match(m.headers['message-id'], /^<[0-9a-f-]{36}@support\.example>$/);
  assert.equal(m.headers['mime-version'], '1.0');
  assert.equal(m.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.match(m.headers.subject, /^=\?UTF-8\?B\?/, 'not ASCII: RFC 2047');
  assert.equal(decodeWords(m.headers.subject), subject);
  assert.equal(subject, 'Café Lunch — Northgate: please check the directory entry');
  assert.match(m.body, /Please check the entry for "Café Lunch — Northgate" \(/);
  assert.ok(m.body.includes(`${BASE}/directory/services/${uuid}/edit\n`), 'the link, from --base-url');
  const [y, mo, d] = due.split('-').map(Number);
  const dueText = `${d} ${new Date(Date.UTC(y, mo - 1, d)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${y}`;
  assert.ok(m.body.includes(dueText), `the due date ${dueText} in words`);
  assert.ok(m.raw.split('\r\n').every((l) => Buffer.byteLength(l) <= 998));
  // Sent is sent.
  const again = await run(['mail', '--db', srv.db, '--smtp', sink.url, '--from', FROM]);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /^sent 0, to retry 0, failed 0, still queued 0/);
  assert.equal(one(srv.db, "SELECT count(*) FROM email_outbox WHERE status = 'sent' AND sent_at IS NOT NULL"), String(queued));
});

test('with a user and a password file, over a server that asks for them', async () => {
  const authSink = await startSmtpSink({ auth: { user: 'directory', password: 'pa55 word' } });
  try {
    // A service reviewed a year ago falls due again: a new reminder.
    const uuid = one(srv.db, `SELECT uuid FROM dir_services WHERE moderation = 'published' AND review_due > '${soon}' ORDER BY id LIMIT 1`);
    sql(srv.db, `UPDATE dir_services SET review_due = '${today}' WHERE uuid = '${uuid}'`);
    const q = await run(['reminders', '--db', srv.db, '--base-url', BASE, '--days', '0']);
    assert.match(q.stdout, /^queued [1-9]\d* reminders?/);
    const pw = join(dir, 'smtp-password');
    writeFileSync(pw, 'pa55 word\n');
    writeFileSync(join(dir, 'wrong'), 'nope\n');
    const bad = await run(['mail', '--db', srv.db, '--smtp', authSink.url, '--from', FROM, '--user', 'directory', '--password-file', join(dir, 'wrong')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /535/);
    const r = await run(['mail', '--db', srv.db, '--smtp', authSink.url, '--from', FROM, '--user', 'directory', '--password-file', pw, '--retry-now']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(authSink.messages.length >= 1);
    assert.ok(authSink.messages.every((m) => m.body.includes(`${BASE}/directory/services/${uuid}/edit`)));
  } finally {
    await authSink.close();
  }
});

test('the overdue report: oldest first, how long overdue, reminders; moderators only', async () => {
  const mod = await signedIn(srv.url, 'moderator');
  const total = Number(one(srv.db, `SELECT count(*) FROM dir_services WHERE moderation = 'published' AND review_due < '${today}'`));
  assert.ok(total > 50, 'more than a page');
  const res = await mod.get('/moderation/overdue');
  assert.equal(res.status, 200);
  assert.match(res.text_, new RegExp(`${total} published entries are overdue, oldest first`));
  assert.match(res.text_, /href="\/moderation"[^>]*aria-current="page"/, 'under Moderation in the navigation');
  assert.match((await mod.get('/moderation')).text_, /href="\/moderation\/overdue"/, 'linked from where moderators start');
  const rows = [...res.text_.matchAll(/<tr class="govuk-table__row">\s*<td class="govuk-table__cell"><a class="govuk-link" href="\/find\/services\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
  assert.equal(rows.length, 50);
  const oldest = sql(srv.db, `SELECT uuid FROM dir_services WHERE moderation = 'published' AND review_due < '${today}' ORDER BY review_due, id LIMIT 50`).map((r) => r[0]);
  assert.deepEqual(rows, oldest);
  assert.match(res.text_, /<strong class="govuk-tag govuk-tag--yellow">\d+ months overdue<\/strong>/);
  assert.match(res.text_, /<td class="govuk-table__cell">Sent \d+ \w+ \d{4}<\/td>/);
  assert.match(res.text_, /Page 1 of \d+/);
  assert.match(res.text_, /href="\/moderation\/overdue\?page=2" rel="next"/);
  const last = await mod.get('/moderation/overdue?page=99');
  assert.equal(last.status, 200, 'a page past the end is the last page');
  assert.match(last.text_, /rel="prev"/);
  assert.equal((await mod.get('/moderation/overdue?page=x')).status, 400);
  // Admins too; other roles never.
  assert.equal((await (await signedIn(srv.url, 'admin')).get('/moderation/overdue')).status, 200);
  assert.equal((await (await signedIn(srv.url, 'partner')).get('/moderation/overdue')).status, 403);
  assert.equal((await new Client(srv.url).get('/moderation/overdue')).status, 303);
});

test('the public pages show how long ago an overdue entry was checked', async () => {
  const [[uuid, reviewed]] = sql(srv.db, `SELECT uuid, last_reviewed FROM dir_services WHERE moderation = 'published' AND last_reviewed < '${day(-400)}' AND review_due < '${today}' ORDER BY id LIMIT 1`);
  const months = (() => {
    const [y1, m1, d1] = reviewed.split('-').map(Number), [y2, m2, d2] = today.split('-').map(Number);
    return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  })();
  const page = await new Client(srv.url).get(`/find/services/${uuid}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, new RegExp(`<strong class="govuk-tag govuk-tag--yellow">Last checked ${months} months ago</strong>`));
});

test('Mark as checked today: CSRF, audited, off the report, due in six months', async () => {
  const mod = await signedIn(srv.url, 'moderator');
  const [[uuid, name]] = sql(srv.db, `SELECT uuid, name FROM dir_services WHERE moderation = 'published' AND review_due < '${today}' ORDER BY review_due, id LIMIT 1`);
  const before = auditCount(srv.db);
  const forged = await mod.post(`/moderation/overdue/${uuid}/reviewed`, {});
  assert.equal(forged.status, 403);
  assert.equal(auditCount(srv.db), before, 'without the token nothing happens');
  const res = await mod.post(`/moderation/overdue/${uuid}/reviewed`, { csrf_token: mod.token });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/moderation/overdue?checked=${uuid}`);
  const [[reviewed, due]] = sql(srv.db, `SELECT last_reviewed, review_due FROM dir_services WHERE uuid = '${uuid}'`);
  assert.equal(reviewed, today);
  const days = (Date.parse(due) - Date.parse(today)) / 86400000;
  assert.ok(days >= 181 && days <= 184, `due about six months on (${days} days)`);
  assert.equal(auditCount(srv.db), before + 1);
  const [[actor, action]] = sql(srv.db, `SELECT actor, action FROM audit WHERE record = 'service:${uuid}' ORDER BY seq DESC LIMIT 1`);
  assert.equal(action, 'directory.service_checked');
  assert.match(actor, /^[0-9a-f-]{36}$/);
  const page = await mod.get(res.headers.get('location'));
  assert.match(page.text_, /govuk-notification-banner--success/);
  assert.ok(page.text_.includes('is marked as checked today'));
  assert.ok(!page.text_.includes(`href="/find/services/${uuid}"`), 'off the report');
  const pub = await new Client(srv.url).get(`/find/services/${uuid}`);
  assert.doesNotMatch(pub.text_, /govuk-tag--yellow/);
  assert.ok(name);
  // An unknown or malformed id.
  assert.equal((await mod.post('/moderation/overdue/00000000-0000-4000-8000-000000000000/reviewed', { csrf_token: mod.token })).status, 404);
  assert.equal((await mod.post('/moderation/overdue/nope/reviewed', { csrf_token: mod.token })).status, 400);
});

test('serve --smtp sends the queue from a background thread', async () => {
  const bg = await startSmtpSink();
  const s2 = await startServer({ args: ['--smtp', bg.url, '--mail-from', FROM, '--mail-interval', '1'] });
  try {
    const q = await run(['reminders', '--db', s2.db, '--base-url', BASE]);
    const n = Number(q.stdout.match(/^queued (\d+)/)[1]);
    assert.ok(n > 0);
    const until = Date.now() + 20000;
    while (bg.messages.length < n && Date.now() < until) await new Promise((ok) => setTimeout(ok, 200));
    assert.equal(bg.messages.length, n);
    assert.equal(one(s2.db, "SELECT count(*) FROM email_outbox WHERE status = 'sent'"), String(n));
  } finally {
    await s2.stop(); // a clean exit: the sender stops with the server
    await bg.close();
  }
});
