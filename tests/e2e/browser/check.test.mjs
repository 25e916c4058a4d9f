// The public "check" tools in a real browser, as a resident would use them:
// fields found by their labels, a result with its workings, the error
// summary for bad input; axe on each state and screenshots to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, clickAndWait, axe, describeViolations, watchErrors, outDir } from './browser.mjs';

let server, browser, dir;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  dir = outDir();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function withPage(fn) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await fn(page);
    // A form with errors is answered 400 on purpose; Chromium logs that.
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), [], 'no page errors');
  } finally {
    await context.close();
  }
}

async function noViolations(page, where) {
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
}

test('estimate what I might pay: answers, result with workings, no axe violations', () => withPage(async (page) => {
  await page.goto(`${server.url}/check/pay`);
  await noViolations(page, 'pay calculator form');
  await page.getByLabel('Your age').fill('70');
  await page.getByRole('group', { name: 'Do you live with a husband, wife or partner?' })
    .getByLabel('No').check();
  await page.getByLabel('Savings and investments').fill('15000');
  await page.getByLabel('State Pension', { exact: false }).first().fill('230.30');
  await page.getByLabel('Attendance Allowance').fill('73.30');
  await page.getByLabel('Extra costs because of your disability or illness').fill('10');
  await page.getByLabel('Cost of your care').fill('200');
  const res = await clickAndWait(page, page.getByRole('button', { name: 'Work out what I might pay' }));
  assert.equal(res.status(), 200);
  await page.getByRole('heading', { level: 2, name: 'You might pay £64 a week towards your care' }).waitFor();
  assert.ok(await page.getByText('tariff income £3.00 a week', { exact: false }).count() > 0);
  await noViolations(page, 'pay calculator result');
  await page.screenshot({ path: join(dir, 'check-pay-result.png'), fullPage: true });
}));

test('estimate what I might pay: an empty form shows the error summary', () => withPage(async (page) => {
  await page.goto(`${server.url}/check/pay`);
  const res = await clickAndWait(page, page.getByRole('button', { name: 'Work out what I might pay' }));
  assert.equal(res.status(), 400);
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1);
  assert.match(await summary.textContent(), /Enter your age/);
  // The summary's links lead to the fields.
  await summary.getByRole('link', { name: 'Enter your savings and investments, or 0 if you have none' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'capital');
  await noViolations(page, 'pay calculator with errors');
  await page.screenshot({ path: join(dir, 'check-pay-errors.png'), fullPage: true });
}));

test('might I be eligible: radios by label, a result with reasons, no axe violations', () => withPage(async (page) => {
  await page.goto(`${server.url}/check/eligibility`);
  await noViolations(page, 'eligibility form');
  await page.getByRole('group', { name: /physical or mental health condition/ }).getByLabel('Yes').check();
  const outcomes = await page.locator('fieldset:has(.govuk-radios--small)').all();
  assert.equal(outcomes.length, 10, 'ten outcomes');
  for (const [i, group] of outcomes.entries()) {
    await group.getByLabel(i < 2 ? 'No, I cannot do this without help' : 'Yes, I can do this without difficulty').check();
  }
  await page.getByRole('group', { name: /big effect on your wellbeing/ }).getByLabel('Yes').check();
  await clickAndWait(page, page.getByRole('button', { name: 'See if I might be eligible' }));
  await page.getByRole('heading', { level: 2, name: 'You might be eligible for care and support' }).waitFor();
  await noViolations(page, 'eligibility result');
  await page.screenshot({ path: join(dir, 'check-eligibility-result.png'), fullPage: true });

  await page.goto(`${server.url}/check/eligibility`);
  await clickAndWait(page, page.getByRole('button', { name: 'See if I might be eligible' }));
  assert.equal(await page.locator('.govuk-error-summary li').count(), 12, 'every unanswered question');
  await noViolations(page, 'eligibility with errors');
}));
