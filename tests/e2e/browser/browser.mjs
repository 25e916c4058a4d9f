// Shared helpers for the browser tests: chromium through playwright-core,
// signing in through the real form, and axe-core runs.
// (Not a test file itself: node --test only runs *.test.mjs here.)
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { root, Client, DEMO_PASSWORD, demoEmail } from '../lib/server.mjs';

export const CHROMIUM = process.env.SN_CHROMIUM || '/usr/bin/chromium';
export const AXE_PATH = join(root, 'node_modules', 'axe-core', 'axe.min.js');
export const OUT_DIR = join(root, 'tests', 'e2e', 'out');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Demo people the tests use by name. */
export const NAMES = {
  resident: 'Rose Ashdown',
  carer: 'Sam Ashdown',
  worker: 'Priya Natarajan',
  worker2: 'Tom Whitfield',
  admin: 'Morgan Lee',
};

/** Chromium, headless, with the network closed except for loopback. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Records uncaught page errors and console errors (for example a CSP
 * violation), so a test can assert that a journey had none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

/** Clicks something that submits a form or follows a link, and waits for
 * the page it leads to (which may be at the same URL, e.g. a form error). */
export async function clickAndWait(page, locator) {
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  return res;
}

/** Signs in through the sign-in form, typing key by key like a person
 * would (or, with typing: false, filling the fields at once, which is
 * quicker). Returns the response of the page landed on. */
export async function signIn(page, base, who, { password = DEMO_PASSWORD, typing = true } = {}) {
  await page.goto(`${base}/sign-in`);
  const email = page.getByLabel('Email address');
  const pass = page.getByLabel('Password');
  if (typing) {
    await email.pressSequentially(demoEmail(who));
    await pass.pressSequentially(password);
  } else {
    await email.fill(demoEmail(who));
    await pass.fill(password);
  }
  return clickAndWait(page, page.locator('main').getByRole('button', { name: 'Sign in' }));
}

/** The uuid of Rose Ashdown's record: sign in as the resident and follow /me. */
export async function roseUuid(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('resident'));
  if (res.status !== 303) throw new Error(`resident sign-in answered ${res.status}`);
  const me = await c.get('/me');
  const m = (me.headers.get('location') || '').match(/^\/people\/([0-9a-f-]{36})$/);
  if (!m) throw new Error(`/me did not lead to a record: ${me.status} ${me.headers.get('location')}`);
  return m[1];
}

/** The uuid of the demo worker's account (as the administrator sees it). */
export async function workerAccountUuid(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('admin'));
  if (res.status !== 303) throw new Error(`admin sign-in answered ${res.status}`);
  const list = await c.get('/admin/accounts');
  const m = list.text_.match(/href="\/admin\/accounts\/([0-9a-f-]{36})">Priya/);
  if (!m) throw new Error(`no worker account on /admin/accounts (status ${list.status})`);
  return m[1];
}

/** The uuid of the oldest request in the demo area's intake queue (as the worker sees it). */
export async function intakeUuid(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('worker'));
  if (res.status !== 303) throw new Error(`worker sign-in answered ${res.status}`);
  const list = await c.get('/intake');
  const m = list.text_.match(/href="\/intake\/([0-9a-f-]{36})"/);
  if (!m) throw new Error(`no request in the demo intake queue (status ${list.status})`);
  return m[1];
}

/** The uuid of Rose's needs assessment in the demo area (as she sees it). */
export async function roseAssessmentUuid(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('resident'));
  if (res.status !== 303) throw new Error(`resident sign-in answered ${res.status}`);
  const me = await c.get('/me');
  const page = await c.get(me.headers.get('location'));
  const m = page.text_.match(/href="\/assessments\/([0-9a-f-]{36})"/);
  if (!m) throw new Error('Rose has no assessment in the demo area');
  return m[1];
}

/** Rose's support plan in force, its latest review, and the demo's pooled
 * budget (as her worker sees them): { plan, review, pool }. */
export async function planUuids(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('worker'));
  if (res.status !== 303) throw new Error(`worker sign-in answered ${res.status}`);
  const rose = await roseUuid(base);
  const go = await c.get(`/people/${rose}/plan`);
  const plan = (go.headers.get('location') || '').split('/').pop();
  if (!plan) throw new Error('Rose has no support plan in the demo area');
  const view = JSON.parse((await c.get(`/plans/${plan}`, { headers: { accept: 'application/json' } })).text_);
  const review = view.reviews?.held?.[0]?.id;
  if (!review) throw new Error('Rose has no review in the demo area');
  const pools = JSON.parse((await c.get('/pools', { headers: { accept: 'application/json' } })).text_);
  const pool = pools.open?.[0]?.id;
  if (!pool) throw new Error('the demo area has no pooled budget for Priya');
  return { plan, review, pool };
}

/** A referral about Rose in the demo area (Priya made it; the demo
 * partner's service answered it), from Rose's own record. */
export async function referralUuid(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('resident'));
  if (res.status !== 303) throw new Error(`resident sign-in answered ${res.status}`);
  const rose = await roseUuid(base);
  const view = JSON.parse((await c.get(`/people/${rose}`, { headers: { accept: 'application/json' } })).text_);
  const id = view.referrals?.rows?.[0]?.id;
  if (!id) throw new Error('Rose has no referral in the demo area');
  return id;
}

/** The demo's full peer support session (booked, with a waiting list, run
 * by the demo partner's organisation), for the events pages with an {id}. */
export async function eventUuid(base) {
  const res = await fetch(`${base}/events?kind=peer-support`, { headers: { accept: 'application/json' } });
  const view = JSON.parse(await res.text());
  const id = view.events?.find((e) => e.title === "Carers' coffee and a chat")?.id;
  if (!id) throw new Error('the demo area has no peer support session');
  return id;
}

/** A demo community conversation that has taken place (Dev's, with notes,
 * themes and actions), for /events/{id}/conversation... and /what-we-heard/{id}. */
export async function conversationUuid(base) {
  const res = await fetch(`${base}/what-we-heard`, { headers: { accept: 'application/json' } });
  const view = JSON.parse(await res.text());
  const id = view.conversations?.find((c) => c.list?.length && c.themes?.length)?.id;
  if (!id) throw new Error('the demo area has no community conversation with notes and actions');
  return id;
}

/** A First Contact draft of the demo partner's and a question, for the
 * pages with an {id}. */
export async function firstContactUuids(base) {
  const c = new Client(base);
  if ((await c.signIn(demoEmail('partner'))).status !== 303) throw new Error('partner sign-in failed');
  const list = JSON.parse((await c.get('/first-contact', { headers: { accept: 'application/json' } })).text_);
  const checklist = list.drafts?.[0]?.id;
  const a = new Client(base);
  if ((await a.signIn(demoEmail('admin'))).status !== 303) throw new Error('admin sign-in failed');
  const qs = JSON.parse((await a.get('/admin/first-contact', { headers: { accept: 'application/json' } })).text_);
  const question = qs.questions?.[0]?.id;
  if (!checklist || !question) throw new Error('the demo area has no First Contact draft or question');
  return { checklist, question };
}

/** Social prescribing in the demo: Rose's case (as Priya sees it on her
 * record) and a GP referral waiting for a link worker: { case, referral }. */
export async function socialRxUuids(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('worker'));
  if (res.status !== 303) throw new Error(`worker sign-in answered ${res.status}`);
  const rose = await roseUuid(base);
  const view = JSON.parse((await c.get(`/people/${rose}`, { headers: { accept: 'application/json' } })).text_);
  const caseload = JSON.parse((await c.get('/social-prescribing', { headers: { accept: 'application/json' } })).text_);
  const ids = { case: view.social_prescribing?.rows?.[0]?.id, referral: caseload.waiting?.[0]?.id };
  if (!ids.case || !ids.referral) throw new Error('the demo area has no social prescribing case or referral');
  return ids;
}

/** The neighbourhood schemes' pages to visit, from the coordinator's home:
 * a proposal waiting, its run, its request and its helper (a member). */
export async function schemesIds(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('coordinator'));
  if (res.status !== 303) throw new Error(`coordinator sign-in answered ${res.status}`);
  const json = { headers: { accept: 'application/json' } };
  const home = JSON.parse((await c.get('/schemes', json)).text_);
  const proposal = home.proposals?.[0]?.id;
  if (!proposal) throw new Error('the demo area has no proposal waiting');
  const p = JSON.parse((await c.get(`/schemes/proposals/${proposal}`, json)).text_);
  return { scheme: 'good-neighbours', proposal, run: p.run_id, request: p.proposal.request_id, member: p.proposal.helper_id };
}

/** The demo timebank's ids: Rose's membership, an exchange and a contact
 * request of hers, a listing she may ask about, a transfer of her ledger. */
export async function timebankUuids(base) {
  const rose = new Client(base), dev = new Client(base);
  for (const [c, who] of [[rose, 'resident'], [dev, 'coordinator']]) {
    const res = await c.signIn(demoEmail(who));
    if (res.status !== 303) throw new Error(`${who} sign-in answered ${res.status}`);
  }
  const json = async (c, path) => JSON.parse((await c.get(path, { headers: { accept: 'application/json' } })).text_);
  const home = await json(rose, '/timebank');
  const member = home.member?.uuid;
  const listings = await json(rose, `/timebank/listings?member=${member}`);
  const ledger = await json(dev, `/timebank/coordinator/members/${member}`);
  const ids = { member, exchange: home.recent?.[0]?.id, contact: home.received?.[0]?.id,
    listing: listings.listings?.[0]?.id, transfer: ledger.lines?.find((l) => l.can_reverse)?.transfer };
  if (Object.values(ids).some((v) => !v)) throw new Error(`the demo timebank lacks an id: ${JSON.stringify(ids)}`);
  return ids;
}

/** The uuid of a published service in the demo directory. */
export async function serviceUuid(base) {
  const res = await fetch(`${base}/oruk/services?per_page=1`);
  const body = await res.json();
  if (!body.contents?.length) throw new Error('the demo directory has no services');
  return body.contents[0].id;
}

/** A service the demo partner looks after, its organisation, and the demo
 * partner's change waiting for a moderator: { service, org, change }. */
export async function managedUuids(base) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail('partner'));
  if (res.status !== 303) throw new Error(`partner sign-in answered ${res.status}`);
  const page = (await c.get('/partner')).text_;
  const service = page.match(/href="\/directory\/services\/([0-9a-f-]{36})\/edit"/)?.[1];
  const org = page.match(/href="\/directory\/organizations\/([0-9a-f-]{36})\/services\/new"/)?.[1];
  const change = page.match(/href="\/directory\/changes\/([0-9a-f-]{36})"/)?.[1];
  if (!service || !org || !change) throw new Error('the demo partner has no entries or no change waiting');
  return { service, org, change };
}

/** A whole self-check's sealed answers (the {answers} of
 * /check/self/answers/{answers}) and the one-time id of a request sent
 * with them (the {form} of /check/self/sent/{form}): { answers, form }.
 * Every shown question is answered "yes" or with its first choice. */
export async function selfCheckIds(base) {
  const set = JSON.parse(readFileSync(join(root, 'data/selfcheck/daily-living-v1.json'), 'utf8'));
  const questions = new Map(set.topics.flatMap((t) => t.questions.map((q) => [q.key, q])));
  const shown = (q, a) => !q.show_if || (shown(questions.get(q.show_if.question), a)
    && q.show_if.answers.includes(a[q.show_if.question]));
  const given = {};
  for (const q of questions.values()) if (shown(q, given)) given[q.key] = q.choices?.[0].key ?? 'yes';
  const c = new Client(base);
  const token = await c.csrf('/check/pay');
  const report = await c.post('/check/self', { ...given, go: 'report', csrf_token: token });
  const answers = (report.headers.get('location') || '').match(/^\/check\/self\/answers\/([^/?]+)\/report$/)?.[1];
  if (!answers) throw new Error(`the self-check did not lead to a report: ${report.status}`);
  const ask = await c.get(`/check/self/answers/${answers}/ask`);
  const form = ask.text_.match(/name="form_id" value="([0-9a-f-]{36})"/)?.[1];
  const sent = await c.post('/check/self/send', { answers, form_id: form, for_whom: 'self', given_name: 'Ada',
    family_name: 'Axe', phone: '01632 960 000', consent: 'yes', csrf_token: token });
  if (sent.status !== 303) throw new Error(`sending the self-check answered ${sent.status}`);
  return { answers, form };
}

/** Runs axe-core on the page with the WCAG 2.2 A/AA tags; returns violations.
 * The page's context must have bypassCSP (axe is injected as an inline script). */
export async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (values) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** A readable report of axe violations for an assertion message. */
export function describeViolations(where, violations) {
  const lines = [`${violations.length} axe violation(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`  - ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`      target: ${n.target}`);
      if (n.summary) lines.push(`        ${n.summary.replace(/\n/g, '\n        ')}`);
    }
  }
  return lines.join('\n');
}

export const NARROW = { width: 320, height: 640 };

/** WCAG 1.4.10 reflow: at 320 CSS px wide, does the page scroll sideways?
 * Leaves the viewport narrow. Returns { ok, scrollWidth, message }. */
export async function reflow(page) {
  await page.setViewportSize(NARROW);
  const r = await page.evaluate((width) => {
    const name = (e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '')
      + (typeof e.className === 'string' && e.className.trim()
        ? `.${e.className.trim().split(/\s+/).join('.')}` : '');
    // The outermost elements that stick out, to say what to fix.
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5
        && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 0.5))
      .slice(0, 5)
      .map((e) => `${name(e)} (right edge at ${Math.round(e.getBoundingClientRect().right)}px)`);
    return { scrollWidth: document.documentElement.scrollWidth, wide };
  }, NARROW.width);
  return {
    ok: r.scrollWidth <= NARROW.width,
    scrollWidth: r.scrollWidth,
    message: `scrolls sideways at ${NARROW.width}px wide: scrollWidth ${r.scrollWidth}px; `
      + `sticking out: ${r.wide.join(', ') || '(nothing found)'}`,
  };
}

export function outDir() {
  mkdirSync(OUT_DIR, { recursive: true });
  return OUT_DIR;
}
