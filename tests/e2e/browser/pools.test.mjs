// Pooled budgets and the block-contract calculator in a browser, as their
// people use them: Priya reads the demo's shared personal assistant, sets up
// a pool (a mistake first: the error summary), adds two people from her
// caseload with their shares, splits it equally, and records that one
// leaves with the re-split; a commissioner works out a block contract as
// personal budgets. axe on every page and its error states, and 320 px
// reflow; with JavaScript off, the same forms work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, clickAndWait, axe, describeViolations, watchErrors, outDir, reflow } from './browser.mjs';

let server, browser, dir;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  dir = outDir();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** axe finds nothing here, and the page reflows at 320 px (then back to wide). */
async function checked(page, where) {
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
  const narrow = await reflow(page);
  assert.ok(narrow.ok, `${where}: ${narrow.message}`);
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
    // The pages that answered 400 did so on purpose (forms with a mistake).
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

test('Priya reads the demo\'s shared personal assistant', async () => {
  await as('worker', async (page) => {
    await page.goto(server.url);
    await clickAndWait(page, page.getByRole('link', { name: 'Pooled budgets' }).first());
    await page.getByRole('heading', { level: 1, name: 'Pooled budgets' }).waitFor();
    await checked(page, 'pools list');
    await clickAndWait(page, page.getByRole('link', { name: 'Shared personal assistant, Millbrook' }));
    await page.getByText('The shares come to £180.00 a week: they add up to the cost.').waitFor();
    await page.getByText('Earlier shares').click();
    await checked(page, 'the demo pool');
    await page.screenshot({ path: join(dir, 'pool-demo.png'), fullPage: true });
  });
});

let poolUrl;

test('Priya sets up a pool, adds two people, splits it equally, and one leaves', async () => {
  await as('worker', async (page) => {
    await page.goto(`${server.url}/pools/new`);
    await checked(page, 'new pool form');
    await page.getByLabel('Name').fill('Saturday art group');
    await page.getByLabel('Cost each week, in pounds').fill('sixty');
    const res = await clickAndWait(page, page.getByRole('button', { name: 'Set up the pool' }));
    assert.equal(res.status(), 400);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Enter the weekly cost in pounds/);
    await checked(page, 'new pool form with an error');
    await page.getByLabel('Cost each week, in pounds').fill('60');
    await page.getByLabel('Provider (optional)').fill('Riverside Arts');
    await clickAndWait(page, page.getByRole('button', { name: 'Set up the pool' }));
    poolUrl = page.url().replace(/\?.*$/, '');
    await page.getByText('No one has a share yet, so none of the cost (£60.00 a week) is covered.').waitFor();
    await checked(page, 'empty pool');
    for (const share of ['25', '15']) {
      await clickAndWait(page, page.getByRole('link', { name: 'Add a member from your caseload' }));
      await checked(page, 'add a member');
      const options = page.locator('#person option');
      await page.getByLabel('Who joins').selectOption({ index: share === '25' ? 1 : 2 });
      assert.ok(await options.count() > 2);
      await page.getByLabel('Their share each week, in pounds').fill(share);
      await clickAndWait(page, page.getByRole('button', { name: 'Add them to the pool' }));
    }
    await page.getByText('The shares come to £40.00 a week, £20.00 a week less than the cost (£60.00): £20.00 a week is not covered.').waitFor();
    await checked(page, 'pool with a gap');
    await clickAndWait(page, page.getByRole('link', { name: 'Use equal shares' }));
    await checked(page, 'new shares, filled in equally');
    assert.equal(await page.locator('input[name^="share-"]').first().inputValue(), '30.00');
    await clickAndWait(page, page.getByRole('button', { name: 'Save the new shares' }));
    await page.getByText('The shares come to £60.00 a week: they add up to the cost.').waitFor();
    await clickAndWait(page, page.getByRole('link', { name: /Record that they leave/ }).first());
    await page.getByText('The shares of those who remain').waitFor();
    await checked(page, 'a member leaves');
    const sent = await clickAndWait(page, page.getByRole('button', { name: 'Record that they leave and save the shares' }));
    assert.equal(sent.status(), 400);
    await checked(page, 'a member leaves, with errors');
    await page.getByLabel('Why they are leaving').fill('Starting a college course on Saturdays.');
    await page.getByLabel('Split the cost equally').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Record that they leave and save the shares' }));
    await page.getByText('The shares come to £60.00 a week: they add up to the cost.').waitFor();
    await page.getByText(/left on .*Starting a college course on Saturdays/).waitFor();
    await checked(page, 'pool after someone left');
    await page.screenshot({ path: join(dir, 'pool-left.png'), fullPage: true });
  });
});

test('a commissioner works out a block contract as personal budgets', async () => {
  await as('commissioner', async (page) => {
    await page.goto(server.url);
    await clickAndWait(page, page.getByRole('link', { name: 'Block contracts' }));
    await checked(page, 'block calculator');
    await page.getByLabel('The block contract\'s cost each week, in pounds').fill('4000');
    const res = await clickAndWait(page, page.getByRole('button', { name: 'Work out the budgets' }));
    assert.equal(res.status(), 400);
    assert.equal(await page.locator('.govuk-error-summary li').count(), 2);
    await checked(page, 'block calculator with errors');
    await page.getByLabel('The shared core cost each week, in pounds').fill('1500');
    await page.getByLabel(/Each tenant's indicative budget/).fill('Flat 1: 210\nFlat 2: 350\nFlat 3: 95.50\nFlat 4: 480');
    await clickAndWait(page, page.getByRole('button', { name: 'Work out the budgets' }));
    await page.getByText(/would cost £1,364\.50 a week less than the contract/).waitFor();
    await page.getByRole('region', { name: 'Each tenant, each week, before and after' }).waitFor();
    await checked(page, 'block calculator answer');
    await page.screenshot({ path: join(dir, 'block-answer.png'), fullPage: true });
  });
});

test('with JavaScript off, the calculator and a pool\'s shares work the same', async () => {
  await as('commissioner', async (page) => {
    await page.goto(`${server.url}/budgets/block`);
    await page.getByLabel('The block contract\'s cost each week, in pounds').fill('1000');
    await page.getByLabel('The shared core cost each week, in pounds').fill('400');
    await page.getByLabel(/Each tenant's indicative budget/).fill('100\n200');
    await clickAndWait(page, page.getByRole('button', { name: 'Work out the budgets' }));
    await page.getByText(/would cost £300\.00 a week less than the contract/).waitFor();
  }, { javaScript: false });
  await as('worker', async (page) => {
    await page.goto(`${poolUrl}/shares?split=equal`);
    await clickAndWait(page, page.getByRole('button', { name: 'Save the new shares' }));
    await page.getByText('The new shares have been saved.').waitFor();
  }, { javaScript: false });
});
