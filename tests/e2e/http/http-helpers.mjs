// Helpers for the HTTP suite: raw sockets (for what fetch cannot send),
// the audit entry count, JSON bodies and signed-in clients.
import net from 'node:net';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cli, Client, demoEmail, isPostgres } from '../lib/server.mjs';

/** Host and port of a server url (always 127.0.0.1 here). */
export function hostPort(base) {
  const u = new URL(base);
  assert.equal(u.hostname, '127.0.0.1', 'tests only talk to loopback');
  return { host: u.hostname, port: Number(u.port) };
}

/** Parses one HTTP/1.1 response from buf, or returns null if incomplete.
 * complete: the peer has closed, so a body without Content-Length ends here. */
function parseResponse(buf, complete) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = head[0].match(/^HTTP\/1\.[01] (\d{3})/);
  if (!m) throw new Error(`not an HTTP response: ${head[0]}`);
  const headers = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    const k = line.slice(0, i).trim().toLowerCase(), v = line.slice(i + 1).trim();
    headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  }
  const body = buf.subarray(end + 4);
  const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  if (len !== null && body.length < len) return null;
  if (len === null && !complete) return null;
  return { status: Number(m[1]), headers, body: body.subarray(0, len ?? body.length).toString('utf8') };
}

/** Sends raw bytes on a new connection and resolves with the first
 * response { status, headers, body }. Rejects on timeout or when the
 * server closes without answering. */
export function rawRequest(base, data, { timeout = 10000 } = {}) {
  const { host, port } = hostPort(base);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0), settled = false;
    const settle = (err, res) => {
      if (settled) return;
      settled = true;
      sock.destroy();
      if (err) reject(err); else resolve(res);
    };
    const tryParse = (complete) => {
      try {
        const r = parseResponse(buf, complete);
        if (r) settle(null, r);
        else if (complete) settle(new Error(`connection closed without a complete response (${buf.length} bytes)`));
      } catch (e) { settle(e); }
    };
    sock.setTimeout(timeout, () => settle(new Error(`no response within ${timeout} ms`)));
    sock.on('connect', () => sock.write(data));
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); tryParse(false); });
    sock.on('end', () => tryParse(true));
    sock.on('close', () => tryParse(true));
    // A reset after the answer arrived is fine; the close handler decides.
    sock.on('error', () => {});
  });
}

/** Opens a TCP connection and resolves once connected. */
export function openSocket(base) {
  const { host, port } = hostPort(base);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    s.on('error', () => {});
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Number of entries in the audit chain; asserts that the chain is whole. */
export function auditCount(db) {
  const r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 0, `audit verify failed: ${r.stderr}`);
  const m = r.stdout.match(/(\d+) entries/);
  assert.ok(m, `unexpected audit verify output: ${r.stdout}`);
  return Number(m[1]);
}

/** Rows of a query as arrays of text, on either backend (a test's look
 * at what the server stored, never a way to change it). */
export function sqlRows(db, q) {
  const out = isPostgres
    ? execFileSync(process.env.SN_PSQL || 'psql', ['-X', '-q', '-At', '-F', '|', db, '-c', q], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-separator', '|', db, q], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => l.split('|'));
}

export const JSON_ACCEPT = { accept: 'application/json' };

/** The body of a fetch response from Client as JSON (asserts the type). */
export function jsonOf(res) {
  assert.match(res.headers.get('content-type') || '', /^application\/json/,
    `expected JSON, got ${res.headers.get('content-type')} (status ${res.status})`);
  return JSON.parse(res.text_);
}

/** A Client signed in as a demo login ("worker2" etc.), with its CSRF token. */
export async function signedIn(base, login) {
  const c = new Client(base);
  const res = await c.signIn(demoEmail(login));
  assert.equal(res.status, 303, `sign-in as ${login} gave ${res.status}`);
  c.token = await c.csrf('/account');
  return c;
}

/** The session cookie attributes of a Set-Cookie list, or null. */
export function sessionSetCookie(res) {
  const c = res.headers.getSetCookie().find((v) => v.startsWith('sn_session='));
  if (!c) return null;
  const [pair, ...attrs] = c.split(';').map((s) => s.trim());
  return { value: pair.slice('sn_session='.length), attrs: attrs.map((a) => a.toLowerCase()), raw: c };
}
