// Direct payments on the web: the person's account (balance, alerts,
// spending against the plan, the ledger), reached by the person, someone
// she named, her worker and break glass (read only), and no one else
// (refused and audited); entries by hand and corrections; a bank statement
// imported with a preview, all or nothing, duplicates left out, bad rows
// named with nothing imported, the confirm imports exactly what was
// previewed and a second click nothing more; the quarterly return once a
// quarter; personal assistants' hours and holiday; the worker's alerts and
// returns across their caseload only; opening an account, one at a time.
// Every page also answers JSON. Runs on SQLite, and on PostgreSQL when
// SN_PG_URL is set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, isPostgres } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, rose, sam, priya, tom, jo, admin, partner, roseId, base;
before(async () => {
  srv = await startServer();
  [rose, sam, priya, tom, jo, admin, partner] = await Promise.all(
    ['resident', 'carer', 'worker', 'worker2', 'manager', 'admin', 'partner'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
  base = `/people/${roseId}/direct-payment`;
});
after(async () => { await srv?.stop(); });

// Rows as arrays of text, on either backend.
function sql(q) {
  const out = isPostgres
    ? execFileSync(process.env.SN_PSQL || 'psql', ['-X', '-q', '-At', '-F', '|', srv.db, '-c', q], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-separator', '|', srv.db, q], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => l.split('|'));
}
const one = (q) => sql(q)[0]?.[0];
const entries = () => Number(one(`SELECT count(*) FROM dp_entries e JOIN dp_accounts a ON a.id = e.account_id
  JOIN people p ON p.id = a.person_id WHERE p.uuid = '${roseId}'`));
const audits = (action) => Number(one(`SELECT count(*) FROM audit WHERE action = '${action}' AND record = 'person:${roseId}'`));

const view = async (client, path = base) => {
  const res = await client.get(path, { headers: JSON_ACCEPT });
  assert.equal(res.status, 200, `${path}: ${res.text_.slice(0, 300)}`);
  return jsonOf(res);
};
const formId = (html) => html.match(/name="form_id" value="([0-9a-f-]{36})"/)[1];

/** Days from today (UTC), as YYYY-MM-DD and as a UK bank writes it. */
function day(offset) {
  const d = new Date(Date.now() + offset * 86400000);
  const iso = d.toISOString().slice(0, 10);
  return { iso, uk: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`,
    d: String(d.getUTCDate()), m: String(d.getUTCMonth() + 1), y: String(d.getUTCFullYear()) };
}
/** The Monday on or before offset days from today, and plus days after it. */
function monday(offset, plus = 0) {
  const d = new Date(Date.now() + offset * 86400000);
  return day(offset - ((d.getUTCDay() + 6) % 7) + plus);
}

test('Rose reaches her account from her record: balance, alerts in words, spending against the plan, the ledger', async () => {
  const record = await rose.get(`/people/${roseId}`);
  assert.match(record.text_, new RegExp(`href="${base}">Your direct payment account</a>`));
  const v = await view(rose);
  assert.equal(v.is_self, true);
  assert.equal(v.account.holder_text, 'You');
  assert.equal(v.plan.weekly_pence, 16000, 'the plan in force: £160 a week by direct payment');
  assert.deepEqual(v.plan.lines.map((l) => l.id), ['l1', 'l2']);
  // The balance is the sum of the ledger, and the newest entry's running balance.
  const sum = Number(one(`SELECT sum(amount_pence) FROM dp_entries e JOIN dp_accounts a ON a.id = e.account_id
    JOIN people p ON p.id = a.person_id WHERE p.uuid = '${roseId}'`));
  assert.equal(v.money.balance_pence, sum);
  assert.equal(v.money.in_pence - v.money.out_pence, sum);
  assert.equal(v.ledger[0].balance_pence, sum, 'newest first, its balance is the balance now');
  for (let i = 0; i + 1 < v.ledger.length; i++) {
    assert.ok(v.ledger[i].on_date >= v.ledger[i + 1].on_date, 'newest first');
    assert.equal(v.ledger[i].balance_pence - v.ledger[i].amount_pence, v.ledger[i + 1].balance_pence, 'running balance');
  }
  assert.equal(v.ledger.length, 25, 'a page of 25');
  assert.ok(v.paging.pages >= 2);
  const older = await view(rose, `${base}?page=2`);
  assert.equal(older.ledger[0].balance_pence, v.ledger[24].balance_pence - v.ledger[24].amount_pence);
  // The spend at the garden centre is outside the plan; said in words.
  const outside = v.alerts.find((a) => a.kind === 'outside_plan');
  assert.ok(outside, JSON.stringify(v.alerts));
  assert.match(outside.words, /^£38\.50 spent on “GREENS GARDEN CENTRE” on \d+ \w+ \d{4} is not against a line of the plan\.$/);
  assert.equal(v.alerts.filter((a) => a.kind === 'underspend').length, 0, 'she spends what her plan says');
  // Each direct-payment line against what the plan says it costs over the period.
  const pa = v.lines.find((l) => l.line === 'l1');
  assert.equal(pa.planned_pence, Math.round(12800 * v.period.days / 7));
  assert.match(pa.difference, /less than planned|more than planned|As planned/);
  const none = v.lines.find((l) => l.line === '' && !l.in_plan);
  assert.equal(none.spent_pence, 3850);
  const page = await rose.get(base);
  assert.match(page.text_, /<h1 class="govuk-heading-l">Your direct payment<\/h1>/);
  assert.match(page.text_, /is not against a line of the plan\./);
  // The plan in force links to it.
  const plan = await rose.get(`/plans/${v.plan.id}`);
  assert.match(plan.text_, new RegExp(`<a class="govuk-link" href="${base}">Direct payment account</a>`));
});

test('someone she named and her worker see it; another worker, a partner and an admin are refused, and it is audited', async () => {
  assert.equal((await view(sam)).account.id, (await view(priya)).account.id);
  const denied = audits('dp.denied');
  let res = await tom.get(base, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'relationship');
  assert.doesNotMatch(res.text_, /GARDEN/);
  assert.equal(audits('dp.denied'), denied + 1, 'the refusal is audited against Rose');
  for (const path of ['/return', '/assistants', '/import', '/entries/new']) {
    res = await tom.get(base + path);
    assert.equal(res.status, 403, path);
  }
  const before_ = entries();
  res = await tom.post(`${base}/entries`, { csrf_token: tom.token, kind: 'spend', day: '1', month: '1', year: '2026',
    description: 'Tom was here', amount: '5', line: '' });
  assert.equal(res.status, 403);
  assert.equal(entries(), before_, 'nothing written');
  assert.equal(audits('dp.denied'), denied + 6, 'each refusal');
  res = await partner.get(base, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'role');
  assert.equal((await admin.get(base)).status, 403);
  // Reads are audited too.
  const reads = audits('dp.read');
  await rose.get(base);
  assert.equal(audits('dp.read'), reads + 1);
});

test('Rose sees only her own account', async () => {
  const other = one(`SELECT p.uuid FROM dp_accounts a JOIN people p ON p.id = a.person_id WHERE p.uuid <> '${roseId}' LIMIT 1`);
  assert.ok(other);
  const res = await rose.get(`/people/${other}/direct-payment`, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'relationship');
});

test('the worker\'s alerts: their caseload only, in words', async () => {
  const v = await view(priya, '/direct-payments/alerts');
  const names = v.people.map((p) => p.name);
  assert.ok(names.includes('Rose Ashdown'), names.join(', '));
  assert.ok(v.underspend >= 1 && v.outside_plan >= 1 && v.above_cap >= 1, JSON.stringify(v));
  const cap = v.people.flatMap((p) => p.alerts).find((a) => a.kind === 'above_cap');
  assert.match(cap.words, /^The balance, £[\d,.]+, is £[\d,.]+ above the cap of £[\d,.]+\. The council may reclaim £[\d,.]+\.$/);
  // Every person listed is Priya's.
  const mine = new Set(sql(`SELECT p.uuid FROM relationships r JOIN people p ON p.id = r.person_id
    JOIN users u ON u.id = r.user_id WHERE r.kind = 'worker' AND u.email = 'worker@demo.supportnet.test'`).map((r) => r[0]));
  for (const p of v.people) assert.ok(mine.has(p.person_id), `${p.name} is not on Priya's caseload`);
  const t = await view(tom, '/direct-payments/alerts');
  assert.ok(!t.people.some((p) => p.name === 'Rose Ashdown'), 'Tom does not see Rose');
  for (const p of t.people) assert.ok(!mine.has(p.person_id), `${p.name} is Priya's, not Tom's`);
  assert.equal((await rose.get('/direct-payments/alerts')).status, 403, 'workers only');
  const page = await priya.get('/direct-payments/alerts');
  assert.match(page.text_, /Direct-payment alerts/);
});

test('an entry by hand: bad input names the field and changes nothing; a good one is in the ledger once', async () => {
  const form = await priya.get(`${base}/entries/new`);
  assert.equal(form.status, 200);
  assert.match(form.text_, /<option value="l2">Allotment mornings with my PA, 2 hours a week \(£32\.00 a week\)<\/option>/);
  const before_ = entries();
  const t = day(0), tomorrow = day(1);
  const bad = [
    [{}, /#kind">Select what kind of entry this is/],
    [{ kind: 'spend' }, /#day">Enter the date of the entry/],
    [{ kind: 'spend', day: '31', month: '2', year: t.y }, /#day">The date must be a real date/],
    [{ kind: 'spend', day: tomorrow.d, month: tomorrow.m, year: tomorrow.y }, /#day">The date of the entry must be today or in the past/],
    [{ kind: 'spend', day: t.d, month: t.m, year: t.y, description: 'Bus', amount: 'ten pounds' }, /#amount">Enter the amount in pounds/],
    [{ kind: 'spend', day: t.d, month: t.m, year: t.y, description: 'Bus', amount: '0' }, /#amount">The amount must be more than £0/],
    [{ kind: 'spend', day: t.d, month: t.m, year: t.y, description: 'x'.repeat(201), amount: '3' }, /#description">The description must be 200 characters or fewer/],
    [{ kind: 'spend', day: t.d, month: t.m, year: t.y, description: 'Bus', amount: '3', line: 'l9' }, /#line">Select a line of the plan/],
    [{ kind: 'correction', day: t.d, month: t.m, year: t.y, description: 'Bus', amount: '3' }, /#kind">Select what kind/],
  ];
  for (const [fields, msg] of bad) {
    const res = await priya.post(`${base}/entries`, { csrf_token: priya.token, ...fields });
    assert.equal(res.status, 400, JSON.stringify(fields));
    assert.match(res.text_, msg);
  }
  assert.equal(entries(), before_, 'bad input changes nothing');
  const id = formId(form.text_);
  const good = { csrf_token: priya.token, form_id: id, kind: 'spend', day: t.d, month: t.m, year: t.y,
    description: 'Bus to the allotment', amount: '12.50', line: 'l2' };
  const was = (await view(priya)).money.balance_pence;
  let res = await priya.post(`${base}/entries`, good);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `${base}?done=entry#ledger`);
  res = await priya.post(`${base}/entries`, good);
  assert.equal(res.status, 303, 'the same form again leads to what it made');
  assert.equal(entries(), before_ + 1, 'once');
  const v = await view(priya);
  assert.equal(v.money.balance_pence, was - 1250);
  const e = v.ledger.find((x) => x.description === 'Bus to the allotment');
  assert.equal(e.kind, 'spend');
  assert.equal(e.amount_pence, -1250);
  assert.equal(e.plan_line, 'l2');
  // Rose records money in herself.
  res = await rose.post(`${base}/entries`, { csrf_token: rose.token, kind: 'refund', day: t.d, month: t.m, year: t.y,
    description: 'Refund from the allotment society', amount: '5', line: 'l2' });
  assert.equal(res.status, 303);
  assert.equal((await view(rose)).money.balance_pence, was - 1250 + 500);
  assert.ok(audits('dp.entry') >= 2);
});

test('a correction puts the garden centre spend on the allotment line; the alert goes; the entry stays', async () => {
  let v = await view(priya);
  const garden = [...v.ledger, ...(await view(priya, `${base}?page=2`)).ledger]
    .find((e) => e.description === 'GREENS GARDEN CENTRE');
  assert.ok(garden);
  const form = await priya.get(`${base}/correct?entry=${garden.id}`);
  assert.equal(form.status, 200);
  const before_ = entries();
  let res = await priya.post(`${base}/corrections`, { csrf_token: priya.token, entry: garden.id, fix: 'line', line: '' });
  assert.equal(res.status, 400, 'the same line');
  assert.match(res.text_, /#line">Select a different line/);
  res = await priya.post(`${base}/corrections`, { csrf_token: priya.token, entry: garden.id, fix: 'amount', amount: '38.50' });
  assert.equal(res.status, 400);
  res = await priya.post(`${base}/corrections`, { csrf_token: priya.token, entry: garden.id });
  assert.match(res.text_, /#fix">Select what is wrong with the entry/);
  assert.equal(entries(), before_);
  res = await priya.post(`${base}/corrections`, { csrf_token: priya.token, form_id: formId(form.text_), entry: garden.id,
    fix: 'line', line: 'l2', note: 'compost for the allotment' });
  assert.equal(res.status, 303);
  assert.equal(entries(), before_ + 2, 'taken off no line, put on the allotment line');
  v = await view(priya);
  assert.equal(v.alerts.filter((a) => a.kind === 'outside_plan').length, 0);
  const fixes = v.ledger.filter((e) => e.corrects === garden.id);
  assert.deepEqual(fixes.map((e) => [e.amount_pence, e.plan_line]).sort(), [[-3850, 'l2'], [3850, '']]);
  assert.match(fixes[0].description, /compost for the allotment/);
  // A correction itself cannot be corrected.
  assert.equal((await priya.get(`${base}/correct?entry=${fixes[0].id}`)).status, 404);
});

// A statement as a bank gives it (Monzo-like: one signed amount column).
const statement = (rows) => 'Date,Description,Amount,Plan line\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
async function upload(client, csv, { map = '', name = 'march.csv' } = {}) {
  const fd = new FormData();
  fd.append('csrf_token', client.token);
  fd.append('action', 'preview');
  fd.append('map', map);
  fd.append('statement', new Blob([csv], { type: 'text/csv' }), name);
  return client.request('POST', `${base}/import`, { body: fd, headers: JSON_ACCEPT });
}
function confirmForm(client, p, extra = {}) {
  return { csrf_token: client.token, form_id: p.form_id, action: 'import', statement_data: p.preview.statement_data,
    file_name: p.preview.file_name, sha256: p.preview.sha256, digest: p.preview.digest, map: p.map,
    previewed_map: p.map, ...extra };
}

test('a statement imported with a preview: nothing until confirmed, exactly what was previewed, a second click nothing more', async () => {
  const [a, b, c] = [day(-3), day(-2), day(-1)];
  const csv = statement([[a.uk, 'ALLOTMENT SEEDS LTD', '-12.40', 'l2'], [b.uk, 'ANNA KOWALSKI EXTRA HOURS', '-32.00', 'l1'],
    [c.uk, 'COFFEE', '-2.50', ''], [c.uk, 'COFFEE', '-2.50', '']]);
  const before_ = entries();
  const imports = audits('dp.import');
  let res = await upload(priya, csv);
  assert.equal(res.status, 200, res.text_.slice(0, 400));
  const p = jsonOf(res);
  assert.equal(p.preview.rows, 4);
  assert.equal(p.preview.new, 4);
  assert.deepEqual(p.preview.row_list.map((r) => [r.row, r.status]),
    [[2, 'New'], [3, 'New'], [4, 'New'], [5, 'New']]);
  assert.equal(p.preview.row_list[0].line_text, 'Allotment mornings with my PA, 2 hours a week');
  assert.equal(p.preview.can_import, true);
  assert.equal(entries(), before_, 'a preview writes nothing');
  // A mapping changed after the preview is previewed again, not imported.
  res = await priya.post(`${base}/import`, confirmForm(priya, p, { map: 'description=Description' }), { headers: JSON_ACCEPT });
  assert.equal(res.status, 200);
  assert.match(jsonOf(res).note, /You changed the column mapping/);
  // A statement that is not the one previewed, likewise.
  res = await priya.post(`${base}/import`, confirmForm(priya, p, { sha256: 'f'.repeat(64) }), { headers: JSON_ACCEPT });
  assert.match(jsonOf(res).note, /not the one previewed/);
  assert.equal(entries(), before_);
  // Confirm: the four rows, once.
  res = await priya.post(`${base}/import`, confirmForm(priya, p));
  assert.equal(res.status, 303);
  const where = res.headers.get('location');
  assert.match(where, new RegExp(`^${base}\\?imported=\\d+#ledger$`));
  assert.equal(entries(), before_ + 4);
  assert.equal(audits('dp.import'), imports + 1);
  res = await priya.post(`${base}/import`, confirmForm(priya, p));
  assert.equal(res.status, 303, 'a second click');
  assert.equal(res.headers.get('location'), where);
  assert.equal(entries(), before_ + 4, 'imports nothing more');
  const v = await view(priya, where.replace('#ledger', ''));
  assert.equal(v.imported.added, 4);
  assert.match(v.done, /^4 entries imported from march\.csv\.$/);
  // The same preview confirmed again from a fresh form: the rows are in
  // the ledger now, so it is previewed again and nothing is imported.
  res = await priya.post(`${base}/import`, confirmForm(priya, p, { form_id: '' }), { headers: JSON_ACCEPT });
  assert.equal(res.status, 200);
  const again = jsonOf(res);
  assert.match(again.note, /Rows were added to the ledger since your preview/);
  assert.equal(again.preview.new, 0);
  assert.equal(again.preview.nothing_new, true);
  assert.equal(entries(), before_ + 4);
});

test('an overlapping statement: the rows already in the ledger are found and left out', async () => {
  const [b, c, d] = [day(-2), day(-1), day(0)];
  const csv = statement([[b.uk, 'ANNA KOWALSKI EXTRA HOURS', '-32.00', 'l1'], [c.uk, 'COFFEE', '-2.50', ''],
    [c.uk, 'COFFEE', '-2.50', ''], [c.uk, 'COFFEE', '-2.50', ''], [d.uk, 'ASHBY VALE COUNCIL DIRECT PAYMENT', '640.00', '']]);
  const before_ = entries();
  const p = jsonOf(await upload(rose, csv, { name: 'april.csv' }));
  assert.deepEqual(p.preview.row_list.map((r) => r.status), ['Already in the ledger', 'Already in the ledger',
    'Already in the ledger', 'New', 'New'], 'a third coffee that day is new');
  assert.equal(p.preview.new, 2);
  assert.equal(p.preview.duplicates, 3);
  const res = await rose.post(`${base}/import`, confirmForm(rose, p));
  assert.equal(res.status, 303);
  assert.equal(entries(), before_ + 2);
  const v = await view(rose, res.headers.get('location').replace('#ledger', ''));
  assert.match(v.done, /^2 entries imported from april\.csv\. 3 rows were already in the ledger and were left out\.$/);
});

test('the preview offers a plan line for each new spend; the confirm puts each spend on the line chosen, checked against the plan', async () => {
  const [a, b] = [day(-6), day(-5)];
  const csv = statement([[a.uk, 'LINES TEST PA HOURS', '-40.00', ''], [a.uk, 'LINES TEST SEEDS', '-6.20', 'l2'],
    [b.uk, 'LINES TEST TAXI', '-9.00', 'l9'], [b.uk, 'LINES TEST COUNCIL', '100.00', '']]);
  const lineOf = (desc) => sql(`SELECT 'line:' || e.plan_line FROM dp_entries e JOIN dp_accounts ac ON ac.id = e.account_id
    JOIN people p ON p.id = ac.person_id WHERE p.uuid = '${roseId}' AND e.description = '${desc}'`).map((r) => r[0].slice(5));
  const before_ = entries();
  const imports = audits('dp.import');
  // The page: a select for each new spend, labelled with its row; money in has none.
  const fd = new FormData();
  fd.append('csrf_token', priya.token);
  fd.append('action', 'preview');
  fd.append('statement', new Blob([csv], { type: 'text/csv' }), 'lines.csv');
  const html = await priya.request('POST', `${base}/import`, { body: fd });
  assert.equal(html.status, 200, html.text_.slice(0, 300));
  for (const row of [2, 3, 4])
    assert.match(html.text_, new RegExp(`<label class="govuk-label govuk-visually-hidden" for="line_${row}">Plan line for row ${row}, `));
  assert.match(html.text_, /for="line_2">Plan line for row 2, \d+ \w+ \d{4}, LINES TEST PA HOURS, £40\.00 out<\/label>/);
  assert.match(html.text_, /<select class="govuk-select" id="line_3" name="line_3" form="import-confirm"><option value="l1">[^<]*<\/option><option value="l2" selected>/);
  assert.doesNotMatch(html.text_, /name="line_5"/, 'money in gets no select');
  assert.match(html.text_, /<form method="post" action="[^"]*\/import" id="import-confirm"/);
  // The JSON: the defaults are the statement's line when the plan has it, else none.
  const p = jsonOf(await upload(priya, csv, { name: 'lines.csv' }));
  assert.deepEqual(p.preview.row_list.map((r) => [r.row, r.choose_line, r.line ?? null]),
    [[2, true, ''], [3, true, 'l2'], [4, true, ''], [5, false, null]]);
  // A line the plan in force does not have: refused, named, nothing imported.
  let res = await priya.post(`${base}/import`, confirmForm(priya, p, { line_2: 'l1', line_3: 'l2', line_4: 'l9' }),
    { headers: JSON_ACCEPT });
  assert.equal(res.status, 400);
  let v = jsonOf(res);
  assert.deepEqual(v.errors.map((e) => e.field), ['line_4']);
  assert.match(v.errors[0].message, /^Row 4: the line chosen is not a line of the plan in force/);
  assert.match(v.note, /Nothing has been imported/);
  assert.equal(v.preview.row_list[2].error, v.errors[0].message);
  assert.equal(v.preview.row_list[0].line, 'l1', 'the good choices are kept');
  assert.equal(entries(), before_);
  assert.equal(audits('dp.import'), imports);
  res = await priya.post(`${base}/import`, confirmForm(priya, p, { line_2: '<script>' }));
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#line_2">Row 2: the line chosen/);
  assert.match(res.text_, /<select class="govuk-select govuk-select--error" id="line_2" name="line_2" form="import-confirm" aria-describedby="line_2-error">/);
  assert.doesNotMatch(res.text_, /<script>/);
  assert.equal(entries(), before_);
  // The chosen lines: each spend on its line, "" for none; the money in as the statement says.
  res = await priya.post(`${base}/import`, confirmForm(priya, p, { line_2: 'l1', line_3: '', line_4: 'l2' }));
  assert.equal(res.status, 303);
  const where = res.headers.get('location');
  assert.equal(entries(), before_ + 4);
  assert.equal(audits('dp.import'), imports + 1);
  assert.deepEqual(lineOf('LINES TEST PA HOURS'), ['l1']);
  assert.deepEqual(lineOf('LINES TEST SEEDS'), ['']);
  assert.deepEqual(lineOf('LINES TEST TAXI'), ['l2']);
  assert.deepEqual(lineOf('LINES TEST COUNCIL'), ['']);
  // The same form again imports nothing more, whatever lines it sends.
  res = await priya.post(`${base}/import`, confirmForm(priya, p, { line_2: 'l2', line_3: 'l1', line_4: 'l1' }));
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), where);
  assert.equal(entries(), before_ + 4);
  assert.deepEqual(lineOf('LINES TEST PA HOURS'), ['l1']);
  // Previewed again, the rows are in the ledger: no selects.
  const again = jsonOf(await upload(priya, csv, { name: 'lines.csv' }));
  assert.equal(again.preview.new, 0);
  assert.ok(again.preview.row_list.every((r) => !r.choose_line));
});

test('bad rows are named by number and nothing is imported; a file that is not a statement is refused', async () => {
  const t = day(-1);
  const csv = statement([[t.uk, 'FINE', '-1.00', ''], ['31/02/2026', 'NOT A DAY', '-1.00', ''],
    [t.uk, 'FINE TOO', '-2.00', ''], [t.uk, 'DECIMAL COMMA', '"-12,50"', '']]);
  const before_ = entries();
  let res = await upload(priya, csv);
  assert.equal(res.status, 400);
  const p = jsonOf(res);
  assert.equal(p.preview.readable, false);
  assert.equal(p.preview.can_import, false);
  const texts = p.preview.problems.map((x) => x.text).join('\n');
  assert.match(texts, /Row 3: date '31\/02\/2026'/);
  assert.match(texts, /Row 5: amount '-?12,50'/);
  assert.equal(p.errors.length, 2, 'each bad row in the error summary');
  // Confirming it anyway imports nothing.
  res = await priya.post(`${base}/import`, confirmForm(priya, { ...p, preview: { ...p.preview, digest: 'x' } }), { headers: JSON_ACCEPT });
  assert.equal(res.status, 400);
  assert.equal(entries(), before_, 'all or nothing');
  const fd0 = new FormData();
  fd0.append('csrf_token', priya.token);
  fd0.append('statement', new Blob([csv], { type: 'text/csv' }), 'bad.csv');
  const html = await priya.request('POST', `${base}/import`, { body: fd0 });
  assert.equal(html.status, 400);
  assert.match(html.text_, /<a href="#statement">Row 3: date/);
  assert.match(html.text_, /id="statement"/, 'the summary links to the upload');
  // Not a statement, an empty file, no file at all.
  res = await upload(priya, 'hello\nworld\n');
  assert.equal(res.status, 400);
  assert.match(jsonOf(res).preview.problems[0].text, /could not be read as a bank statement/);
  res = await upload(priya, '');
  assert.equal(res.status, 400);
  assert.match(res.text_, /The file you chose is empty/);
  res = await priya.post(`${base}/import`, { csrf_token: priya.token, action: 'preview' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /#statement">Choose the bank statement to upload/);
  // A mapping that does not fit names the key.
  res = await upload(priya, statement([[t.uk, 'X', '-1.00', '']]), { map: 'description=Narrative' });
  assert.equal(res.status, 400);
  assert.match(jsonOf(res).preview.problems[0].text, /description/);
  assert.equal(entries(), before_);
  // Windows-1252 (a pound sign as the byte A3) is read.
  const cp = Buffer.concat([Buffer.from(`Date,Description,Amount\n${t.uk},CAF`), Buffer.from([0xc9]),
    Buffer.from(',-'), Buffer.from([0xa3]), Buffer.from('3.20\n')]);
  const fd = new FormData();
  fd.append('csrf_token', priya.token);
  fd.append('statement', new Blob([cp]), 'cp.csv');
  res = await priya.request('POST', `${base}/import`, { body: fd, headers: JSON_ACCEPT });
  assert.equal(res.status, 200, res.text_.slice(0, 300));
  const w = jsonOf(res).preview;
  assert.equal(w.cp1252, true);
  assert.equal(w.row_list[0].description, 'CAFÉ');
});

test('the quarterly return: the quarter\'s figures; Rose submits once, in her own words; her worker sees it', async () => {
  // The account opened in the quarter before this one (as if months ago).
  const now = new Date();
  const qStart = (y, m) => `${y}-${String(m).padStart(2, '0')}-01`;
  const thisQ = Math.floor(now.getUTCMonth() / 3) * 3 + 1;
  const [py, pm] = thisQ === 1 ? [now.getUTCFullYear() - 1, 10] : [now.getUTCFullYear(), thisQ - 3];
  const prev = qStart(py, pm), current = qStart(now.getUTCFullYear(), thisQ);
  const acct = one(`SELECT a.id FROM dp_accounts a JOIN people p ON p.id = a.person_id WHERE p.uuid = '${roseId}'`);
  sql(`DELETE FROM dp_returns WHERE account_id = ${acct}`);
  sql(`UPDATE dp_accounts SET opened_on = '${prev}' WHERE id = ${acct}`);
  sql(`UPDATE dp_entries SET on_date = '${prev.slice(0, 8)}15' WHERE id = (SELECT min(id) FROM dp_entries
    WHERE account_id = ${acct} AND kind = 'payment_in')`);
  let v = await view(rose, `${base}/return?quarter=${prev}`);
  assert.equal(v.quarter.quarter_start, prev);
  assert.equal(v.quarter.can_submit, true);
  assert.equal(v.quarter.in_pence, 64000, 'the first payment, moved into that quarter');
  assert.equal(v.quarter.closing_pence, v.quarter.opening_pence + v.quarter.in_pence - v.quarter.out_pence);
  const w = await view(priya, `${base}/return?quarter=${prev}`);
  assert.equal(w.quarter.can_submit, false, 'the worker sees it but does not submit it');
  let res = await priya.post(`${base}/return`, { csrf_token: priya.token, quarter: prev, words: 'Priya wrote this' });
  assert.equal(res.status, 403);
  res = await rose.post(`${base}/return`, { csrf_token: rose.token, quarter: prev, words: '' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /#words">Write how the money was used this quarter, in your own words/);
  res = await rose.post(`${base}/return`, { csrf_token: rose.token, quarter: current, words: 'Too soon' });
  assert.equal(res.status, 400, 'a quarter that has not ended');
  assert.match(res.text_, /Choose a quarter that has ended/);
  const form = await rose.get(`${base}/return?quarter=${prev}`);
  const returns = audits('dp.return');
  res = await rose.post(`${base}/return`, { csrf_token: rose.token, form_id: formId(form.text_), quarter: prev,
    words: 'Anna helped me every morning. I paid for the allotment.' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `${base}/return?quarter=${prev}&done=submitted`);
  assert.equal(audits('dp.return'), returns + 1);
  res = await rose.post(`${base}/return`, { csrf_token: rose.token, quarter: prev, words: 'Again' });
  assert.equal(res.status, 409, 'once a quarter');
  assert.match(res.text_, /was submitted already/);
  v = await view(priya, `${base}/return?quarter=${prev}`);
  assert.equal(v.quarter.submitted.words, 'Anna helped me every morning. I paid for the allotment.');
  assert.equal(v.quarter.submitted.by, 'Rose Ashdown');
  const list = await view(priya, `/direct-payments/returns?quarter=${prev}`);
  assert.ok(list.submitted.some((x) => x.name === 'Rose Ashdown'));
  assert.ok(!list.missing.some((x) => x.name === 'Rose Ashdown'));
  const tomList = await view(tom, `/direct-payments/returns?quarter=${prev}`);
  assert.ok(![...tomList.submitted, ...tomList.missing].some((x) => x.name === 'Rose Ashdown'));
});

test('personal assistants: hours, holiday against the entitlement, pay at the rate', async () => {
  const start = monday(-14);
  let res = await rose.post(`${base}/assistants`, { csrf_token: rose.token, name: '', rate: 'twelve', contracted: 'x',
    holiday: '', day: '', month: '', year: '' });
  assert.equal(res.status, 400);
  for (const f of ['#name">Enter the assistant', '#rate">Enter the hourly rate', '#contracted">Enter the hours a week',
    '#holiday">Enter the holiday entitlement', '#day">Enter the date they started']) assert.ok(res.text_.includes(f), f);
  res = await rose.post(`${base}/assistants`, { csrf_token: rose.token, name: 'Ben Okoro', rate: '12.60', contracted: '7.5',
    holiday: '42', day: start.d, month: start.m, year: start.y });
  assert.equal(res.status, 303);
  let v = await view(rose, `${base}/assistants`);
  const ben = v.assistants.find((a) => a.name === 'Ben Okoro');
  assert.ok(ben);
  assert.equal(ben.contracted, '7 hours 30 minutes');
  const week = (d, fields) => rose.post(`${base}/timesheets`, { csrf_token: rose.token, assistant: String(ben.id),
    day: d.d, month: d.m, year: d.y, ...fields });
  res = await week(monday(-7, 2), { worked: '7.5', gross: '94.50' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /#day">The week must start on a Monday/);
  res = await week(start, { worked: 'lots', gross: '94.50' });
  assert.match(res.text_, /#worked">Enter the hours worked that week/);
  res = await week(start, { worked: '100', holiday: '100', gross: '94.50' });
  assert.match(res.text_, /#holiday">The hours worked and on holiday add up to more than a week/);
  assert.equal((await week(start, { worked: '7.5', gross: '94.50' })).status, 303);
  assert.equal((await week(monday(-7), { worked: '0', holiday: '7:30', gross: '94.50' })).status, 303);
  // The same week again replaces it.
  assert.equal((await week(monday(-7), { worked: '2', holiday: '7.5', gross: '119.70' })).status, 303);
  v = await view(rose, `${base}/assistants`);
  const y = v.assistants.find((a) => a.name === 'Ben Okoro').year;
  assert.equal(y.weeks, 2);
  assert.equal(y.worked_minutes, 450 + 120);
  assert.equal(y.holiday_minutes, 450);
  assert.equal(y.entitlement_minutes, 42 * 60);
  assert.equal(y.holiday_left_minutes, 42 * 60 - 450);
  assert.equal(y.left, '34 hours 30 minutes');
  assert.equal(y.gross_pence, 9450 + 11970);
  assert.equal(y.expected_pence, Math.round((450 + 120 + 450) * 1260 / 60));
  // Tom cannot add one; break glass reads but does not write.
  assert.equal((await tom.post(`${base}/assistants`, { csrf_token: tom.token, name: 'X' })).status, 403);
  res = await tom.post(`/people/${roseId}/break-glass`, { csrf_token: tom.token, reason: 'Rose is in hospital and her PA has called us' });
  assert.equal(res.status, 303);
  assert.equal((await tom.get(`${base}/assistants`)).status, 200);
  v = await view(tom);
  assert.equal(v.break_glass, true);
  assert.equal(v.can.write, false);
  res = await tom.post(`${base}/timesheets`, { csrf_token: tom.token, assistant: String(ben.id), worked: '1' });
  assert.equal(res.status, 403);
  assert.match(res.text_, /Emergency access is for reading/);
});

test('every page answers JSON, its view model, with the same permissions', async () => {
  const entry = (await view(priya)).ledger.find((e) => e.kind !== 'correction').id;
  for (const path of ['', '/entries/new', `/correct?entry=${entry}`, '/import', '/return', '/assistants',
    '/assistants/new', '/timesheets/new']) {
    const v = await view(priya, base + path);
    assert.equal(v.person_id, roseId, path);
    assert.equal(v.name, 'Rose Ashdown', path);
    assert.equal(v.account_href, base, path);
    // Tom broke glass above; Jo, a worker with no relationship, is refused.
    const res = await jo.get(base + path, { headers: JSON_ACCEPT });
    assert.equal(res.status, 403, path);
    assert.equal(jsonOf(res).reason, 'relationship', path);
  }
  assert.ok(Array.isArray((await view(priya, '/direct-payments/alerts')).people));
  assert.ok(Array.isArray((await view(priya, '/direct-payments/returns')).missing));
});

test('many spends outside the plan: the newest ten shown, the rest counted', async () => {
  const t = day(-1);
  const rows = Array.from({ length: 12 }, (_, i) => [t.uk, `CORNER SHOP ${i}`, '-1.00', '']);
  const p = jsonOf(await upload(priya, statement(rows), { name: 'shop.csv' }));
  assert.equal((await priya.post(`${base}/import`, confirmForm(priya, p))).status, 303);
  const v = await view(priya);
  const shown = v.alerts.filter((a) => a.kind === 'outside_plan');
  assert.equal(shown.length, 10);
  assert.match(shown[0].words, /CORNER SHOP/);
  const more = v.alerts.find((a) => a.kind === 'outside_plan_more');
  const total = Number(one(`SELECT count(*) FROM dp_entries e JOIN dp_accounts a ON a.id = e.account_id
    JOIN people p ON p.id = a.person_id WHERE p.uuid = '${roseId}' AND e.kind = 'spend' AND e.plan_line = ''
    AND e.id NOT IN (SELECT corrects FROM dp_entries WHERE corrects IS NOT NULL)`));
  assert.equal(more.count, total - 10);
  assert.match(more.words, /^And \d+ more spends outside the plan: £[\d,.]+ in all with those above\./);
  const list = await view(priya, '/direct-payments/alerts');
  assert.equal(list.people.find((x) => x.name === 'Rose Ashdown').alerts.filter((a) => a.kind === 'outside_plan').length, 10);
});

test('opening an account: the worker, for an approved plan with direct-payment lines, one at a time', async () => {
  assert.equal((await rose.post(base, { csrf_token: rose.token, holder: 'person' })).status, 403, 'workers only');
  let res = await priya.post(base, { csrf_token: priya.token, holder: 'person', underspend_percent: '20', underspend_weeks: '12' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), base, 'one open account a person: led to it');
  assert.equal(Number(one(`SELECT count(*) FROM dp_accounts a JOIN people p ON p.id = a.person_id WHERE p.uuid = '${roseId}'`)), 1);
  // Once her account is closed, a new one can be opened.
  sql(`UPDATE dp_accounts SET closed_on = '2026-01-01' WHERE person_id = (SELECT id FROM people WHERE uuid = '${roseId}')`);
  let v = await view(priya);
  assert.equal(v.account, null);
  assert.equal(v.can.open, true);
  res = await priya.post(base, { csrf_token: priya.token, holder: 'nominee', nominee_name: '', underspend_percent: '0',
    underspend_weeks: '200', cap: 'ten pounds' });
  assert.equal(res.status, 400);
  for (const f of ['#nominee_name">Enter the nominee', '#underspend_percent">Enter the underspend percentage',
    '#underspend_weeks">Enter the number of weeks', '#cap">Enter the balance cap']) assert.ok(res.text_.includes(f), f);
  assert.match(res.text_, /value="ten pounds"/, 'what was typed is kept');
  const form = await priya.get(base);
  res = await priya.post(base, { csrf_token: priya.token, form_id: formId(form.text_), holder: 'nominee',
    nominee_name: 'Sam Ashdown', underspend_percent: '25', underspend_weeks: '8', cap: '1,500' });
  assert.equal(res.status, 303);
  v = await view(rose);
  assert.equal(v.account.nominee_name, 'Sam Ashdown');
  assert.equal(v.account.cap_pence, 150000);
  assert.equal(v.account.underspend_percent, 25);
  assert.equal(v.ledger.length, 0);
  assert.equal(v.money.balance_pence, 0);
  // A person whose plan in force has no direct-payment lines gets none.
  const noDp = one(`SELECT p.uuid FROM people p JOIN relationships r ON r.person_id = p.id AND r.kind = 'worker'
    JOIN users u ON u.id = r.user_id AND u.email = 'worker@demo.supportnet.test'
    JOIN plans pl ON pl.person_id = p.id AND pl.status = 'approved'
    JOIN plan_versions pv ON pv.plan_id = pl.id AND pv.version = pl.version
    WHERE pv.document NOT LIKE '%direct_payment%' LIMIT 1`);
  assert.ok(noDp, 'the demo has a plan in force without direct-payment lines');
  res = await priya.post(`/people/${noDp}/direct-payment`, { csrf_token: priya.token, holder: 'person' });
  assert.equal(res.status, 409);
  assert.match(res.text_, /has none/);
});
