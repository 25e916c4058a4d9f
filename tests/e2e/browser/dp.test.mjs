// Direct payments in a browser, as their people use them: Rose's worker
// opens her account from her record, imports a bank statement (a file with
// a bad row first: the error summary names it; then the right file,
// previewed, confirmed), records an entry by hand after a mistake, and
// reads her caseload's alerts; Rose submits her quarterly return in her
// own words with JavaScript off. axe on every page; every page reflows at
// 320 px; screenshots in tests/e2e/out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, isPostgres } from '../lib/server.mjs';
import { launch, signIn, roseUuid, clickAndWait, axe, describeViolations, watchErrors, outDir, reflow } from './browser.mjs';

let server, browser, rose, dir;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  rose = await roseUuid(server.url);
  dir = outDir();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function sql(q) {
  return isPostgres
    ? execFileSync(process.env.SN_PSQL || 'psql', ['-X', '-q', '-At', server.db, '-c', q], { encoding: 'utf8' })
    : execFileSync('sqlite3', [server.db, q], { encoding: 'utf8' });
}

/** axe finds nothing, and the page reflows at 320 px (then back to desktop). */
async function check(page, where, shot) {
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
  if (shot) await page.screenshot({ path: join(dir, `dp-${shot}.png`), fullPage: true });
  const narrow = await reflow(page);
  assert.ok(narrow.ok, `${where}: ${narrow.message}`);
  if (shot) await page.screenshot({ path: join(dir, `dp-${shot}-320.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function as(who, fn, { javaScript = true } = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 800 } });
  try {
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, who, { typing: false });
    await fn(page);
    // The pages that answered 400 on purpose (a bad file, a form with mistakes).
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

const uk = (offset) => {
  const iso = new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};
const csv = (rows) => Buffer.from('Date,Description,Paid out,Paid in\n' + rows.map((r) => r.join(',')).join('\n') + '\n');

test('her worker imports a statement with a preview, records an entry and reads the alerts', async () => {
  await as('worker', async (page) => {
    await page.goto(`${server.url}/people/${rose}`);
    await clickAndWait(page, page.getByRole('link', { name: 'Direct payment account' }));
    await page.getByRole('heading', { level: 1, name: 'Direct payment account' }).waitFor();
    assert.match(await page.locator('#alerts ~ .govuk-inset-text').first().textContent(), /GREENS GARDEN CENTRE/);
    await check(page, 'account, worker', 'account');

    await clickAndWait(page, page.getByRole('link', { name: 'Import a bank statement' }));
    await check(page, 'import form', 'import');
    // A file with a bad row: named in the error summary, nothing imported.
    await page.getByLabel('The bank statement (a CSV file, up to 5 MB)').setInputFiles({ name: 'bad.csv',
      mimeType: 'text/csv', buffer: csv([[uk(-2), 'WINDOW CLEANER', '12.00', ''], ['31/02/2026', 'TAXI', '8.00', '']]) });
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Preview the statement' }));
    assert.equal(res.status(), 400);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Row 3: date '31\/02\/2026': not a real date/);
    assert.equal(await page.getByRole('button', { name: 'Confirm and import' }).count(), 0);
    await check(page, 'preview with a bad row', 'preview-bad');
    // The right file: every row shown as new, then imported.
    await page.getByLabel('Upload the file again, put right').setInputFiles({ name: 'december.csv',
      mimeType: 'text/csv', buffer: csv([[uk(-2), 'WINDOW CLEANER', '12.00', ''], [uk(-1), 'TAXI TO THE ALLOTMENT', '8.00', ''],
        [uk(-1), 'REFUND FROM THE ALLOTMENT SOCIETY', '', '5.00']]) });
    res = await clickAndWait(page, page.getByRole('button', { name: 'Preview the statement' }));
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: 'Check the statement before you import it' }).waitFor();
    assert.equal(await page.locator('table .govuk-tag--green').count(), 3);
    await check(page, 'preview', 'preview');
    // Each spend gets a plan line (its select labelled with the row); the money in none.
    assert.equal(await page.locator('table select').count(), 2);
    const taxi = page.getByLabel(/^Plan line for row 3, .*, TAXI TO THE ALLOTMENT, £8\.00 out$/);
    assert.equal(await taxi.inputValue(), '', 'not in the plan until chosen');
    await taxi.selectOption('l2');
    await clickAndWait(page, page.getByRole('button', { name: 'Confirm and import' }));
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /3 entries imported from december\.csv\./);
    assert.equal(sql(`SELECT plan_line FROM dp_entries WHERE description = 'TAXI TO THE ALLOTMENT'`).trim(), 'l2');
    await page.getByRole('cell', { name: 'TAXI TO THE ALLOTMENT', exact: true }).waitFor();
    await check(page, 'account after the import');
    // The same file again: every row found in the ledger.
    await page.goto(`${server.url}/people/${rose}/direct-payment/import`);
    await page.getByLabel('The bank statement (a CSV file, up to 5 MB)').setInputFiles({ name: 'december.csv',
      mimeType: 'text/csv', buffer: csv([[uk(-1), 'TAXI TO THE ALLOTMENT', '8.00', '']]) });
    await clickAndWait(page, page.getByRole('button', { name: 'Preview the statement' }));
    await page.getByText('Every row is in the ledger already. There is nothing to import.').waitFor();
    assert.equal(await page.locator('table .govuk-tag--grey').count(), 1);

    // An entry by hand: a mistake first.
    await page.goto(`${server.url}/people/${rose}/direct-payment`);
    await clickAndWait(page, page.getByRole('link', { name: 'Record money in or out' }));
    await check(page, 'entry form', 'entry');
    await page.getByLabel('Money spent').check();
    await page.getByLabel('What it was for').fill('Seeds at the market');
    await page.getByLabel('Amount').fill('four pounds');
    res = await clickAndWait(page, page.getByRole('button', { name: 'Add the entry' }));
    assert.equal(res.status(), 400);
    const summary = await page.locator('.govuk-error-summary').textContent();
    assert.match(summary, /Enter the date of the entry/);
    assert.match(summary, /Enter the amount in pounds/);
    await check(page, 'entry form with mistakes', 'entry-errors');
    const today = new Date();
    await page.getByLabel('Day').fill(String(today.getUTCDate()));
    await page.getByLabel('Month').fill(String(today.getUTCMonth() + 1));
    await page.getByLabel('Year').fill(String(today.getUTCFullYear()));
    await page.getByLabel('Amount').fill('4');
    await page.getByLabel('The line of the support plan it is for').selectOption({ label: 'Allotment mornings with my PA, 2 hours a week (£32.00 a week)' });
    await clickAndWait(page, page.getByRole('button', { name: 'Add the entry' }));
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /The entry is in the ledger\./);
    await page.getByRole('cell', { name: 'Seeds at the market', exact: true }).waitFor();

    // Correct the garden centre spend from its alert.
    await clickAndWait(page, page.locator('.govuk-inset-text', { hasText: 'GREENS GARDEN CENTRE' })
      .getByRole('link', { name: /^Correct the entry of £38\.50 on \d+ \w+ \d{4}$/ }));
    await check(page, 'correction form', 'correct');
    await page.getByLabel('It is against the wrong line of the plan').check();
    await page.getByLabel('The right line (if the line is wrong)').selectOption({ label: 'Allotment mornings with my PA, 2 hours a week (£32.00 a week)' });
    await clickAndWait(page, page.getByRole('button', { name: 'Add the correction' }));
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /The correction is in the ledger\./);
    assert.equal(await page.locator('.govuk-inset-text', { hasText: 'GREENS GARDEN CENTRE' }).count(), 0,
      'the spend is on the allotment line now');
    // The statement's spend left on no line is flagged instead (the taxi was put on a line).
    assert.equal(await page.locator('.govuk-inset-text', { hasText: 'is not against a line of the plan' }).count(), 1);

    await page.goto(`${server.url}/direct-payments/alerts`);
    await check(page, 'alerts', 'alerts');
    await page.goto(`${server.url}/people/${rose}/direct-payment/assistants`);
    await check(page, 'assistants', 'assistants');
    await clickAndWait(page, page.getByRole('link', { name: 'Record a week for Anna Kowalski' }));
    await check(page, 'record a week');
    await page.goto(`${server.url}/people/${rose}/direct-payment/assistants/new`);
    await check(page, 'add an assistant');
    await page.goto(`${server.url}/direct-payments/returns`);
    await check(page, 'returns, worker');
  });
});

test('Rose submits her quarterly return in her own words (with JavaScript off), once', async () => {
  // Her account opened in the quarter before this one (as if months ago).
  const now = new Date();
  const q = Math.floor(now.getUTCMonth() / 3) * 3 + 1;
  const [y, m] = q === 1 ? [now.getUTCFullYear() - 1, 10] : [now.getUTCFullYear(), q - 3];
  const prev = `${y}-${String(m).padStart(2, '0')}-01`;
  const label = `${['January to March', 'April to June', 'July to September', 'October to December'][(m - 1) / 3]} ${y}`;
  sql(`DELETE FROM dp_returns`);
  sql(`UPDATE dp_accounts SET opened_on = '${prev}' WHERE person_id = (SELECT id FROM people WHERE uuid = '${rose}')`);
  await as('resident', async (page) => {
    await page.goto(`${server.url}/people/${rose}`);
    await clickAndWait(page, page.getByRole('link', { name: 'Your direct payment account' }));
    await page.getByRole('heading', { level: 1, name: 'Your direct payment' }).waitFor();
    await check(page, 'account, Rose', 'account-rose');
    await clickAndWait(page, page.getByRole('link', { name: 'Quarterly return' }));
    await page.getByRole('heading', { level: 2, name: label }).waitFor();
    await check(page, 'return, Rose');
  });
  await as('resident', async (page) => {
    await page.goto(`${server.url}/people/${rose}/direct-payment/return`);
    await page.getByRole('heading', { level: 2, name: label }).waitFor();
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Submit the return' }));
    assert.equal(res.status(), 400);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Write how the money was used this quarter, in your own words/);
    await page.getByLabel('How the money was used, in your own words').fill('Anna came every morning. I paid my allotment rent.');
    res = await clickAndWait(page, page.getByRole('button', { name: 'Submit the return' }));
    assert.equal(res.status(), 200);
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /The return is submitted\. Thank you\./);
  }, { javaScript: false });
  await as('resident', async (page) => {
    await page.goto(`${server.url}/people/${rose}/direct-payment/return?quarter=${prev}`);
    assert.match(await page.locator('.govuk-inset-text').textContent(), /Anna came every morning\./);
    assert.equal(await page.getByRole('button', { name: 'Submit the return' }).count(), 0, 'once a quarter');
    await check(page, 'return submitted', 'return');
    await page.goto(`${server.url}/people/${rose}/direct-payment/return?quarter=${prev}&done=submitted`);
    await check(page, 'return submitted, with the banner');
  });
});
