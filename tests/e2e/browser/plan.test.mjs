// The support plan in a browser, as its people use it: Rose starts a new
// version of her plan from her record, writes "About me" in her own words,
// adds an outcome (a mistake first: the error summary), and agrees it; her
// worker submits it; Jo, a team manager, approves it. axe on every page;
// the plan and its print summary reflow at 320 px; and with JavaScript
// off, writing a section works the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
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

async function noViolations(page, where) {
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
}

async function as(who, fn, { javaScript = true } = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 800 } });
  try {
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, who, { typing: false });
    await fn(page);
    // The one page answered 400 on purpose (the outcome without its words).
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

let planUrl;

test('Rose writes a new version of her plan in her own words and agrees it', async () => {
  await as('resident', async (page) => {
    await page.goto(`${server.url}/people/${rose}`);
    await clickAndWait(page, page.getByRole('link', { name: 'Read my support plan' }));
    await page.getByRole('heading', { name: 'My support plan' }).waitFor();
    await noViolations(page, 'approved plan, Rose');
    const narrow = await reflow(page);
    assert.ok(narrow.ok, narrow.message);
    await page.setViewportSize({ width: 1280, height: 800 });
    await clickAndWait(page, page.getByRole('button', { name: 'Start a new version of the plan' }));
    planUrl = page.url();
    await page.getByText('Draft', { exact: true }).waitFor();
    await clickAndWait(page, page.getByRole('link', { name: 'Change About me' }));
    await noViolations(page, 'About me form');
    await page.getByLabel('About me').fill('I am Rose. I taught for thirty years.\n\nI love my garden.');
    await page.getByLabel('What you changed (optional)').fill('shorter');
    await clickAndWait(page, page.getByRole('button', { name: 'Save' }));
    await page.getByText('I love my garden.').waitFor();
    // An outcome, first without its words.
    await clickAndWait(page, page.getByRole('link', { name: 'Change What I want to achieve' }));
    await noViolations(page, 'outcomes list');
    await clickAndWait(page, page.getByRole('link', { name: 'Add an outcome' }));
    await page.getByLabel('How it will be met').fill('The swimming club bus');
    const res = await clickAndWait(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(res.status(), 400);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Enter what I want to achieve/);
    await noViolations(page, 'outcome form with an error');
    await page.screenshot({ path: join(dir, 'plan-outcome-error.png'), fullPage: true });
    await page.getByLabel('What I want to achieve, in my own words').fill('I want to swim again.');
    await clickAndWait(page, page.getByRole('button', { name: 'Save' }));
    await page.getByText('I want to swim again.').first().waitFor();
    await page.goto(planUrl);
    await clickAndWait(page, page.getByRole('button', { name: 'I agree with this plan' }));
    await page.getByText('Agreed by the person', { exact: true }).waitFor();
    await noViolations(page, 'agreed plan');
    await page.screenshot({ path: join(dir, 'plan-agreed.png'), fullPage: true });
  });
});

test('her worker submits it and a team manager approves it; the budget is fixed', async () => {
  await as('worker', async (page) => {
    await page.goto(planUrl);
    await noViolations(page, 'agreed plan, worker');
    await clickAndWait(page, page.getByRole('button', { name: 'Submit the plan for approval' }));
    await page.getByText('Waiting for approval', { exact: true }).waitFor();
  });
  await as('manager', async (page) => {
    await page.goto(`${server.url}/plans/approvals`);
    await noViolations(page, 'approvals queue');
    await clickAndWait(page, page.getByRole('link', { name: 'Rose Ashdown' }));
    await noViolations(page, 'plan waiting for approval, approver');
    await page.getByLabel(/Approve the plan and fix the budget/).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Record the decision' }));
    await page.getByText('Approved', { exact: true }).waitFor();
    assert.match(await page.locator('#budget + dl').textContent(), /Personal budget \(fixed\)/);
  });
});

test('the print summary and the comparison of versions read well, narrow too', async () => {
  await as('resident', async (page) => {
    await page.goto(`${planUrl}/print`);
    await noViolations(page, 'print summary');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(dir, 'plan-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    const narrow = await reflow(page);
    assert.ok(narrow.ok, narrow.message);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${planUrl}/versions`);
    await noViolations(page, 'versions');
    await clickAndWait(page, page.getByRole('button', { name: 'Compare' }));
    await page.locator('del').first().waitFor();
    await noViolations(page, 'comparison');
    await page.screenshot({ path: join(dir, 'plan-compare.png'), fullPage: true });
    const n = await reflow(page);
    assert.ok(n.ok, n.message);
  });
});

test('with JavaScript off, a section is written and saved the same way', async () => {
  await as('worker', async (page) => {
    await page.goto(`${server.url}/people/${rose}/plan`);
    await clickAndWait(page, page.getByRole('button', { name: 'Start a new version of the plan' }));
    await clickAndWait(page, page.getByRole('link', { name: 'Change A good day' }));
    await page.getByLabel('A good day').fill('Tea in the garden, then the allotment.');
    await clickAndWait(page, page.getByRole('button', { name: 'Save' }));
    await page.getByText('Tea in the garden, then the allotment.').waitFor();
  }, { javaScript: false });
});
