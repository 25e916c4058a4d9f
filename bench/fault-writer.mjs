// The writer for bench/fault: break-glass requests that each create one
// uniquely identifiable row (table break_glass, and an audit entry), and a
// record of every one the server acknowledged.
//
//   node bench/fault-writer.mjs prepare --base URL --email E --out FILE
//       signs in (demo password), reads GET /people and writes FILE as JSON:
//       { cookie, csrf, people: [uuid...] }
//   node bench/fault-writer.mjs write --base URL --session FILE --acks FILE
//       --log FILE --tag TAG [--concurrency N] [--seconds S] [--ready FILE]
//       sends POST /people/{id}/break-glass (csrf_token, reason) from N
//       loops until SIGTERM/SIGINT or S seconds. Each reason is unique:
//       "fault test write number 000123 TAG". Appends the reason of every
//       request answered 303 (to the record) to --acks as it happens, and
//       "MILLISECONDS STATUS NUMBER" for every request to --log (STATUS is
//       an HTTP status or ERR:code). At the end prints a JSON summary.
import { openSync, writeSync, closeSync, readFileSync, writeFileSync } from 'node:fs';

const [mode, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i += 2) {
  if (!rest[i].startsWith('--') || rest[i + 1] === undefined) usage();
  opt[rest[i].slice(2)] = rest[i + 1];
}
function usage() {
  console.error('usage: fault-writer.mjs prepare --base URL --email E --out FILE\n' +
    '       fault-writer.mjs write --base URL --session FILE --acks FILE --log FILE --tag TAG ' +
    '[--concurrency N] [--seconds S] [--ready FILE]');
  process.exit(2);
}

function cookieFrom(res, name) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    if (pair.slice(0, i).trim() === name) return pair.slice(i + 1).trim();
  }
  return null;
}
const tokenIn = (html) => (html.match(/name="csrf_token" value="([^"]*)"/) || [])[1];

async function prepare() {
  const { base, email, out } = opt;
  if (!base || !email || !out) usage();
  let res = await fetch(`${base}/sign-in`, { redirect: 'manual' });
  const anon = cookieFrom(res, 'sn_session');
  const token = tokenIn(await res.text());
  if (!anon || !token) throw new Error(`GET /sign-in gave no session or token (${res.status})`);
  res = await fetch(`${base}/sign-in`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: `sn_session=${anon}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: token, email, password: 'ashby-vale-demo' }).toString(),
  });
  const cookie = cookieFrom(res, 'sn_session');
  if (res.status !== 303 || !cookie) throw new Error(`sign-in as ${email} gave ${res.status}`);
  res = await fetch(`${base}/people`, { redirect: 'manual', headers: { cookie: `sn_session=${cookie}` } });
  const html = await res.text();
  const csrf = tokenIn(html);
  const people = [...new Set([...html.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((m) => m[1]))];
  if (res.status !== 200 || !csrf || people.length === 0) {
    throw new Error(`GET /people gave ${res.status}, token ${csrf ? 'found' : 'missing'}, ${people.length} people`);
  }
  writeFileSync(out, JSON.stringify({ cookie, csrf, people }));
}

async function write() {
  const { base, session, acks, log, tag } = opt;
  if (!base || !session || !acks || !log || !tag) usage();
  const conc = Number(opt.concurrency || 8);
  const s = JSON.parse(readFileSync(session, 'utf8'));
  const ackFd = openSync(acks, 'a');
  const logFd = openSync(log, 'a');
  let stopping = false;
  process.on('SIGTERM', () => { stopping = true; });
  process.on('SIGINT', () => { stopping = true; });
  if (opt.seconds) setTimeout(() => { stopping = true; }, Number(opt.seconds) * 1000);
  let next = 0;
  const sum = { sent: 0, acked: 0, failed: 0, by_status: {} };
  const pad = (n) => String(n).padStart(6, '0');

  async function one() {
    const n = ++next;
    const reason = `fault test write number ${pad(n)} ${tag}`;
    const id = s.people[n % s.people.length];
    let status;
    try {
      const res = await fetch(`${base}/people/${id}/break-glass`, {
        method: 'POST', redirect: 'manual',
        headers: { cookie: `sn_session=${s.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf_token: s.csrf, reason }).toString(),
        signal: AbortSignal.timeout(15000),
      });
      await res.arrayBuffer();
      status = String(res.status);
      const loc = res.headers.get('location') || '';
      if (res.status === 303 && loc.includes(`/people/${id}`)) {
        // Acknowledged: recorded before anything else happens.
        writeSync(ackFd, `${reason}\n`);
        sum.acked++;
      } else {
        sum.failed++;
      }
    } catch (e) {
      status = `ERR:${e.cause?.code || e.name || 'error'}`;
      sum.failed++;
    }
    sum.sent++;
    sum.by_status[status] = (sum.by_status[status] || 0) + 1;
    writeSync(logFd, `${Date.now()} ${status} ${n}\n`);
    return status;
  }

  async function loop() {
    while (!stopping) {
      const st = await one();
      // A refused or reset connection fails at once: do not spin.
      if (st.startsWith('ERR') || st.startsWith('5')) await new Promise((r) => setTimeout(r, 20));
    }
  }
  if (opt.ready) writeFileSync(opt.ready, `${Date.now()}\n`);
  await Promise.all(Array.from({ length: conc }, loop));
  closeSync(ackFd);
  closeSync(logFd);
  process.stdout.write(`${JSON.stringify(sum)}\n`);
}

try {
  if (mode === 'prepare') await prepare();
  else if (mode === 'write') await write();
  else usage();
} catch (e) {
  console.error(`fault-writer: ${e.message}`);
  process.exit(1);
}
