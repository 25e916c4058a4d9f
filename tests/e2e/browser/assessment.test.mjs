// The worker's side of "Assess": from Rose's record, a needs assessment is
// recorded in the browser (radios and boxes found by their labels), saved
// with a missing answer first (error summary), then decided; Rose reads it
// and comments. axe runs on each state; screenshots for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, roseUuid, roseAssessmentUuid, clickAndWait, axe, describeViolations, watchErrors, outDir } from './browser.mjs';

let server, browser, rose, roseAssessment, dir;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  rose = await roseUuid(server.url);
  roseAssessment = await roseAssessmentUuid(server.url); // the demo's, before a test adds another
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

test('a worker records and decides a needs assessment; the person reads it and comments', async () => {
  const worker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  let url;
  try {
    const page = await worker.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, 'worker', { typing: false });
    await page.goto(`${server.url}/people/${rose}`);
    await clickAndWait(page, page.getByRole('link', { name: 'Start a needs assessment' }));
    await noViolations(page, 'new assessment form');
    await page.getByRole('group', { name: /physical or mental impairment or illness/ }).getByLabel('Yes').check();
    const group = (name) => page.getByRole('group', { name });
    await group('Managing and maintaining nutrition').getByLabel('Unable without assistance').check();
    // Personal hygiene left unanswered on purpose.
    for (const name of ['Managing toilet needs', 'Being appropriately clothed', 'Being able to make use of the home safely',
      'Maintaining a habitable home environment', 'Developing and maintaining family or other personal relationships',
      'Accessing and engaging in work, training, education or volunteering',
      /^Making use of necessary facilities/, 'Carrying out any caring responsibilities for a child']) {
      await group(name).getByLabel('Can achieve this').check();
    }
    await page.getByLabel('Physical and mental health and emotional wellbeing').check();
    await page.getByLabel('What the person does for themselves').fill('Makes her own breakfast.');
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Save the assessment' }));
    assert.equal(res.status(), 400);
    const summary = page.locator('.govuk-error-summary');
    assert.match(await summary.textContent(), /Select how maintaining personal hygiene is affected/);
    await noViolations(page, 'assessment form with an error');
    await page.screenshot({ path: join(dir, 'assessment-errors.png'), fullPage: true });
    await group('Maintaining personal hygiene').getByLabel('Only taking significantly longer').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Save the assessment' }));
    await page.getByText('Not decided yet. From what is recorded, the criteria are met').waitFor();
    await noViolations(page, 'assessment, not decided');
    await page.getByLabel('Yes, confirm the decision').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Record the decision' }));
    await page.getByText('Eligible for care and support.').waitFor();
    await noViolations(page, 'assessment, decided');
    await page.screenshot({ path: join(dir, 'assessment-decided.png'), fullPage: true });
    url = page.url();
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  } finally {
    await worker.close();
  }

  const person = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await person.newPage();
    await signIn(page, server.url, 'resident', { typing: false });
    await page.goto(url);
    await page.getByLabel('Is anything wrong or missing? Tell your worker').fill('My daughter helps with the shopping too.');
    await clickAndWait(page, page.getByRole('button', { name: 'Add the comment' }));
    await page.getByText('My daughter helps with the shopping too.').waitFor();
    await noViolations(page, 'assessment as the person, with a comment');
  } finally {
    await person.close();
  }
});

// Issue 16: the budget questionnaire starts from the needs assessment,
// says where each answer came from, and takes a change only with a reason,
// which the person then reads with the source of every answer.
test('the worker works out Rose\'s budget from her assessment, changing an answer with a reason; Rose reads why', async () => {
  const assessment = roseAssessment;
  const worker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await worker.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, 'worker', { typing: false });
    await page.goto(`${server.url}/assessments/${assessment}`);
    await clickAndWait(page, page.getByRole('link', { name: 'Change the indicative budget' }));
    await noViolations(page, 'budget form, filled from the assessment');
    const group = (name) => page.getByRole('group', { name });
    // An older person with physical needs; her worker's earlier change still stands.
    assert.ok(await group('Who is the budget for?').getByLabel('Older people').isChecked());
    assert.match(await group('Who is the budget for?').textContent(), /main reason for support — physical support/);
    assert.match(await group('Eating and drinking').textContent(), /From the needs assessment: managing and maintaining nutrition/);
    assert.equal(await group('Caring for a child (optional)').getByRole('radio', { checked: true }).count(), 0);
    await group('Support at night').getByLabel('Needs help once or twice a week at night').check();
    await group('Using the toilet and continence').getByLabel('Needs help occasionally, or with continence products').check();
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Work out and save the budget' }));
    assert.equal(res.status(), 400);
    const summary = page.locator('.govuk-error-summary');
    assert.match(await summary.textContent(), /Say why you changed the answer about Using the toilet and continence/);
    await noViolations(page, 'budget form with a change and no reason');
    await page.screenshot({ path: join(dir, 'budget-reason-missing.png'), fullPage: true });
    await summary.getByRole('link', { name: /Using the toilet and continence/ }).click();
    await page.getByRole('textbox', { name: /If you change this answer, say why \(Using the toilet and continence\)/ })
      .fill('Needs help with pads since her hospital stay in May.');
    res = await clickAndWait(page, page.getByRole('button', { name: 'Work out and save the budget' }));
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { name: /Indicative budget: £[\d,.]+ a week/ }).waitFor();
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  } finally {
    await worker.close();
  }
  const person = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await person.newPage();
    await signIn(page, server.url, 'resident', { typing: false });
    await page.goto(`${server.url}/assessments/${assessment}`);
    await page.getByText('Needs help with pads since her hospital stay in May.').waitFor();
    assert.ok(await page.getByText('From the needs assessment: managing and maintaining nutrition', { exact: false }).count() > 0);
    await noViolations(page, 'assessment with the budget and its sources, as the person');
    await page.screenshot({ path: join(dir, 'budget-sources-person.png'), fullPage: true });
  } finally {
    await person.close();
  }
});
