// Many clients at once get exactly what one client gets (issue 20). The
// answers to a set of searches, service pages and signed-in pages are
// taken one at a time first; then SN_LOAD_CLIENTS clients (default 24) ask
// them in random order for SN_LOAD_SECONDS (default 4; the ThreadSanitizer
// stage of scripts/test-all runs longer) while signed-in workers' reads of
// person records append to the audit chain, and every answer must be the
// same status with the same content. HTML pages are compared by what they
// found (the heading, the result count and the linked services, in order),
// since "open now" may change with the minute; JSON is compared whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, demoEmail } from '../lib/server.mjs';

const SECONDS = Number(process.env.SN_LOAD_SECONDS || 4);
const CLIENTS = Number(process.env.SN_LOAD_CLIENTS || 24);

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

/** What a page says, without what changes with the clock. */
function gist(res, text) {
  const type = res.headers.get('content-type') || '';
  if (type.startsWith('application/json')) return `${res.status} ${text}`;
  const h1 = text.match(/<h1[^>]*>([^<]*)</)?.[1] ?? '';
  const count = text.match(/id="results-heading">([^<]*)</)?.[1] ?? '';
  const links = [...text.matchAll(/href="(\/(?:find\/services|people)\/[0-9a-f-]{36})"/g)].map((m) => m[1]);
  return `${res.status} ${h1} | ${count} | ${links.join(' ')}`;
}

test('concurrent searches, pages and audited reads answer as one client is answered', async () => {
  const base = srv.url;
  const terms = await (await fetch(`${base}/oruk/taxonomy_terms?per_page=100`)).json();
  const lunch = terms.contents.find((t) => t.term === 'lunch-club').id;
  const list = await (await fetch(`${base}/oruk/services?search=lunch&per_page=3`)).json();
  assert.ok(list.contents.length > 0);
  const sid = list.contents[0].id;
  const paths = [
    '/oruk/services?search=lunch&per_page=5',
    '/oruk/services?search=lonely%20friends&per_page=10',
    '/oruk/services?search=club&postcode=AV1%200AX&proximity=8000',
    `/oruk/services?taxonomy_term_id=${lunch}&per_page=20`,
    '/oruk/services?minimum_age=18&day=TU&per_page=10',
    '/oruk/services?page=3&per_page=50',
    '/oruk/service_at_locations?search=walking&postcode=AV1%200AX',
    `/oruk/services/${sid}`,
    '/find?q=lunch',
    '/find?q=carers&postcode=AV1+0AX&within=5',
    '/find?term=befriending&free=yes',
    '/find?q=tai+chi&page=1',
    `/find/services/${sid}`,
  ];
  // Two workers, signed in; reading people is audited (a write each time).
  const workers = [];
  for (const who of ['worker', 'worker2']) {
    const c = new Client(base);
    const r = await c.signIn(demoEmail(who));
    assert.equal(r.status, 303, `${who} signs in`);
    workers.push(c);
  }
  const people = await workers[0].get('/people');
  const personPaths = [...people.text_.matchAll(/href="(\/people\/[0-9a-f-]{36})"/g)].map((m) => m[1]).slice(0, 3);
  assert.ok(personPaths.length > 0, 'the worker has people');

  const expected = new Map();
  for (const p of paths) {
    const res = await fetch(base + p);
    expected.set(p, gist(res, await res.text()));
    assert.ok(expected.get(p).startsWith('200 '), `${p}: ${expected.get(p).slice(0, 200)}`);
  }
  for (const [i, c] of workers.entries()) {
    for (const p of ['/people', ...personPaths]) {
      const res = await c.get(p);
      expected.set(`${i} ${p}`, gist(res, res.text_));
    }
  }

  const mismatches = [];
  let requests = 0;
  const until = Date.now() + SECONDS * 1000;
  const one = async (k) => {
    let x = k * 7919;
    while (Date.now() < until) {
      x = (x * 1103515245 + 12345) % 2147483648;
      let key, got;
      if (x % 5 === 0) { // a signed-in read
        const i = x % 2, all = ['/people', ...personPaths], p = all[(x >> 3) % all.length];
        const res = await workers[i].get(p);
        key = `${i} ${p}`;
        got = gist(res, res.text_);
      } else {
        const p = paths[(x >> 3) % paths.length];
        const res = await fetch(base + p);
        key = p;
        got = gist(res, await res.text());
      }
      requests++;
      if (got !== expected.get(key) && mismatches.length < 5)
        mismatches.push(`${key}\n  one client: ${expected.get(key).slice(0, 300)}\n  under load: ${got.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, k) => one(k + 1)));
  assert.ok(requests > CLIENTS, `${requests} requests`);
  assert.deepEqual(mismatches, [], `${mismatches.length} answers differed in ${requests}`);
  console.log(`# ${requests} requests from ${CLIENTS} clients in ${SECONDS} s, all answered as one client is`);
});
