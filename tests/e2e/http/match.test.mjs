// `supportnet match` (issue 18, docs/matching.md): the fixed contract that
// outside checks rely on. No server: the command reads a problem on stdin
// and writes the answer on stdout; bad input exits 2 with one line on
// stderr naming the field, and nothing on stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bin } from '../lib/server.mjs';

const match = (input, args = []) => {
  const r = spawnSync(bin, ['match', ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const json = (o) => JSON.stringify(o);

test('match --help exits 0 with the contract', () => {
  const r = match('', ['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: supportnet match/);
  assert.match(r.stdout, /"unmatched"/);
  const bad = match('', ['--frob']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option '--frob'/);
});

test('the example from the issue: exact output', () => {
  const r = match(json({
    requests: [{ id: 'r1', demand: 1 }, { id: 'r7' }],
    helpers: [{ id: 'h1', capacity: 2 }],
    edges: [{ request: 'r1', helper: 'h1', cost: 12 }],
  }));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '{"matched": 1, "total_cost": 12, "assignments": [\n'
    + '  {"request": "r1", "helper": "h1", "cost": 12}\n'
    + '], "unmatched": ["r7"]}\n');
});

test('most units first, then the least cost; each edge once; unmatched once a request', () => {
  // Greedy by cost would take r1-h1 (1) and leave r2 with h2 (100); taking
  // r1's only cheap edge would leave r2 out altogether.
  let r = match(json({
    requests: [{ id: 'r1' }, { id: 'r2' }],
    helpers: [{ id: 'h1' }, { id: 'h2' }],
    edges: [{ request: 'r1', helper: 'h1', cost: 1 }, { request: 'r1', helper: 'h2', cost: 10 },
      { request: 'r2', helper: 'h1', cost: 2 }, { request: 'r2', helper: 'h2', cost: 100 }],
  }));
  assert.equal(r.status, 0, r.stderr);
  let out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['matched', 'total_cost', 'assignments', 'unmatched']);
  assert.equal(out.matched, 2);
  assert.equal(out.total_cost, 12);
  assert.deepEqual(out.assignments, [{ request: 'r1', helper: 'h2', cost: 10 }, { request: 'r2', helper: 'h1', cost: 2 }]);
  assert.deepEqual(out.unmatched, []);
  // r1 wants 3 but has one edge: 1 unit, and r1 is listed once.
  r = match(json({
    requests: [{ id: 'r1', demand: 3 }, { id: 'r2', demand: 2 }],
    helpers: [{ id: 'h1', capacity: 4 }],
    edges: [{ request: 'r1', helper: 'h1', cost: 0 }, { request: 'r2', helper: 'h1', cost: 5 }],
  }));
  out = JSON.parse(r.stdout);
  assert.equal(out.matched, 2);
  assert.equal(out.total_cost, 5);
  assert.deepEqual(out.unmatched, ['r1', 'r2']);
  // Nothing at all.
  r = match('{}');
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '{"matched": 0, "total_cost": 0, "assignments": [], "unmatched": []}\n');
});

test('the same input gives the same bytes, ties and all', () => {
  const requests = [], helpers = [], edges = [];
  for (let i = 0; i < 30; i++) requests.push({ id: `r${i}`, demand: 1 + (i % 3) });
  for (let j = 0; j < 20; j++) helpers.push({ id: `h${j}`, capacity: 1 + (j % 4) });
  for (let i = 0; i < 30; i++) for (let j = 0; j < 20; j += 3) edges.push({ request: `r${i}`, helper: `h${(i + j) % 20}`, cost: (i * j) % 3 });
  const input = json({ requests, helpers, edges });
  const a = match(input), b = match(input);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
});

test('bad input: exit 2, one line on stderr naming the field, nothing on stdout', () => {
  const R = [{ id: 'r1' }, { id: 'r2' }];
  const H = [{ id: 'h1' }, { id: 'h2' }];
  const E = (...more) => [{ request: 'r1', helper: 'h1', cost: 1 }, { request: 'r2', helper: 'h1', cost: 2 },
    { request: 'r2', helper: 'h2', cost: 3 }, ...more];
  const cases = [
    ['not json', /^supportnet match: input: not valid JSON/],
    ['[1]', /^supportnet match: input: must be one JSON object$/],
    ['{"requests":[],"requests":[]}', /^supportnet match: input: not valid JSON .*duplicate/],
    [json({ requests: R, helpers: H, edges: E({ request: 'r1', helper: 'h9', cost: 1 }) }),
      /^supportnet match: edges\[3\]\.helper: unknown helper "h9"$/],
    [json({ requests: R, helpers: H, edges: E({ request: 'r3', helper: 'h1', cost: 1 }) }),
      /^supportnet match: edges\[3\]\.request: unknown request "r3"$/],
    [json({ requests: [...R, { id: 'r1' }] }), /^supportnet match: requests\[2\]\.id: repeated id "r1" \(also requests\[0\]\)$/],
    [json({ helpers: [...H, { id: 'h2' }] }), /^supportnet match: helpers\[2\]\.id: repeated id "h2" \(also helpers\[1\]\)$/],
    [json({ requests: R, helpers: H, edges: E({ request: 'r2', helper: 'h1', cost: 9 }) }),
      /^supportnet match: edges\[3\]: repeated edge from request "r2" to helper "h1" \(also edges\[1\]\)$/],
    [json({ requests: [{ id: 'r1', demand: -1 }] }), /^supportnet match: requests\[0\]\.demand: must be a whole number from 1 to 1000000$/],
    [json({ requests: [{ id: 'r1', demand: 0 }] }), /^supportnet match: requests\[0\]\.demand: must be a whole number/],
    [json({ helpers: [{ id: 'h1', capacity: 2.5 }] }), /^supportnet match: helpers\[0\]\.capacity: must be a whole number from 1 to 1000000$/],
    [json({ helpers: [{ id: 'h1', capacity: '2' }] }), /^supportnet match: helpers\[0\]\.capacity: must be a whole number/],
    [json({ requests: R, helpers: H, edges: E({ request: 'r1', helper: 'h2', cost: -5 }) }),
      /^supportnet match: edges\[3\]\.cost: must be a whole number from 0 to 2305843009213693951$/],
    [json({ requests: R, helpers: H, edges: E({ request: 'r1', helper: 'h2', cost: 0.5 }) }), /^supportnet match: edges\[3\]\.cost: must be a whole number/],
    [json({ requests: R, helpers: H, edges: E({ request: 'r1', helper: 'h2' }) }), /^supportnet match: edges\[3\]\.cost: missing$/],
    [json({ requests: R, helpers: H, edges: E({ request: 'r1', helper: 'h2', cost: null }) }), /^supportnet match: edges\[3\]\.cost: must be a whole number/],
    [json({ requests: R, helpers: H, edges: [{ request: 'r1', helper: 'h1', cost: '2305843009213693951' }] }), /^supportnet match: edges\[0\]\.cost: must be a whole number/],
    ['{"requests":[{"id":"r1"}],"helpers":[{"id":"h1"}],"edges":[{"request":"r1","helper":"h1","cost":99999999999999999999}]}',
      /^supportnet match: input: not valid JSON .*too big/],
    ['{"requests":[{"id":"r1"},{"id":"r2"}],"helpers":[{"id":"h1"}],"edges":[{"request":"r1","helper":"h1","cost":2305843009213693951},{"request":"r2","helper":"h1","cost":1}]}',
      /^supportnet match: edges\[1\]\.cost: the costs add up to more than 2305843009213693951, which could overflow total_cost$/],
    [json({ requests: [{ id: 7 }] }), /^supportnet match: requests\[0\]\.id: must be text of 1 to 128 bytes/],
    [json({ requests: [{ demand: 2 }] }), /^supportnet match: requests\[0\]\.id: missing$/],
    [json({ requests: [{ id: 'r1', priority: 1 }] }), /^supportnet match: requests\[0\]\.priority: unknown key/],
    [json({ requests: R, offers: [] }), /^supportnet match: offers: unknown key \(expected requests, helpers and edges\)$/],
    [json({ edges: {} }), /^supportnet match: edges: must be a list$/],
    [json({ requests: ['r1'] }), /^supportnet match: requests\[0\]: must be an object with id and demand$/],
  ];
  for (const [input, re] of cases) {
    const r = match(input);
    assert.equal(r.status, 2, `${input}: exit ${r.status} ${r.stderr}`);
    assert.equal(r.stdout, '', input);
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${JSON.stringify(r.stderr)}`);
    assert.match(r.stderr.trimEnd(), re, input);
  }
});

test('limits: bytes and counts', () => {
  const big = match(`{"requests":[${' '.repeat(64 * 1024 * 1024)}]}`);
  assert.equal(big.status, 2);
  assert.equal(big.stdout, '');
  assert.match(big.stderr, /^supportnet match: input: over 67108864 bytes \(64 MiB\)\n$/);
  const requests = [];
  for (let i = 0; i <= 100000; i++) requests.push({ id: `r${i}` });
  const many = match(json({ requests }));
  assert.equal(many.status, 2);
  assert.match(many.stderr, /^supportnet match: requests: more than 100000 \(the limit\)\n$/);
  const id = 'x'.repeat(129);
  const long = match(json({ helpers: [{ id }] }));
  assert.equal(long.status, 2);
  assert.match(long.stderr, /helpers\[0\]\.id: must be text of 1 to 128 bytes/);
});

test('--stats adds one JSON line on stderr and changes nothing on stdout', () => {
  const input = json({ requests: [{ id: 'r1' }], helpers: [{ id: 'h1' }], edges: [{ request: 'r1', helper: 'h1', cost: 3 }] });
  const plain = match(input), with_stats = match(input, ['--stats']);
  assert.equal(with_stats.status, 0);
  assert.equal(with_stats.stdout, plain.stdout);
  const s = JSON.parse(with_stats.stderr);
  assert.equal(s.edges, 1);
  assert.equal(s.method, 'cost scaling');
});
