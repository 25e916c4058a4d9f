// Keeping the directory current, in a real browser: the partner changes one
// of her entries through the form (fields found by their labels), first
// with a mistake (error summary), then sends it; the moderator reads the
// difference and approves it; the public page shows the change. axe runs
// on each state; screenshots for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, clickAndWait, axe, describeViolations, watchErrors, outDir } from './browser.mjs';

let server, browser, dir;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  dir = outDir();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function noViolations(page, where) {
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
}

test('a partner changes an entry; a moderator approves it; the public sees it', async () => {
  const partner = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  let changeUrl, serviceUrl;
  try {
    const page = await partner.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, 'partner', { typing: false });
    await clickAndWait(page, page.getByRole('link', { name: 'Your entries', exact: true }));
    await noViolations(page, 'your directory entries');
    // The second entry (the first has the demo's change waiting).
    await clickAndWait(page, page.getByRole('link', { name: /^Change / }).nth(1));
    serviceUrl = page.url().replace(/\/directory\/services\/([^/]+)\/edit$/, '/find/services/$1');
    await noViolations(page, 'edit form');
    await page.getByLabel('Name', { exact: true }).fill('Northgate Wednesday Natter');
    await page.getByLabel('Cost a session').fill('two pounds');
    await page.getByLabel('Lunch club').check();
    await page.getByRole('group', { name: 'Session 1' }).getByLabel('How often').selectOption('2');
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Send for checking' }));
    assert.equal(res.status(), 400);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Enter the cost in pounds/);
    await noViolations(page, 'edit form with an error');
    await page.screenshot({ path: join(dir, 'directory-edit-errors.png'), fullPage: true });
    // The error summary link takes focus to the field.
    await page.locator('.govuk-error-summary a[href="#cost"]').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cost');
    await page.getByLabel('Cost a session').fill('2');
    res = await clickAndWait(page, page.getByRole('button', { name: 'Send for checking' }));
    assert.equal(res.status(), 200);
    await page.getByText('Waiting for a moderator').waitFor();
    changeUrl = page.url();
    await noViolations(page, 'the change, waiting');
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), [], 'no script errors (the 400 is the form with its error)');
  } finally {
    await partner.close();
  }
  const moderator = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await moderator.newPage();
    await signIn(page, server.url, 'moderator', { typing: false });
    await clickAndWait(page, page.getByRole('link', { name: 'Moderation', exact: true }));
    await noViolations(page, 'moderation');
    await clickAndWait(page, page.getByRole('link', { name: 'Changes waiting for a moderator' }));
    await page.goto(changeUrl);
    const text = await page.locator('main').textContent();
    assert.match(text, /Proposed:\s*Northgate Wednesday Natter/);
    assert.match(text, /Proposed:\s*£2(\.00)?\b/);
    assert.match(text, /Second \w+ of the month/);
    await noViolations(page, 'the difference');
    await page.screenshot({ path: join(dir, 'directory-change.png'), fullPage: true });
    await clickAndWait(page, page.getByRole('button', { name: 'Approve and publish' }));
    await page.getByRole('heading', { name: 'Changes waiting for a moderator' }).waitFor();
    await page.goto(serviceUrl);
    await page.getByRole('heading', { name: 'Northgate Wednesday Natter' }).waitFor();
    assert.match(await page.locator('main').textContent(), /£2 a session/); // money_text: whole pounds without pence
    await page.screenshot({ path: join(dir, 'directory-after.png'), fullPage: true });
  } finally {
    await moderator.close();
  }
});
