// Test harness: starts a real `supportnet serve` on a free loopback port
// over a fresh demo database, and helps tests sign in with forms.
// With SN_PG_URL set (a base URL from scripts/pg-cluster, like
// postgres://postgres@127.0.0.1:PORT/), every database is a new PostgreSQL
// database in that cluster instead of a temporary SQLite file.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../../..');
export const bin = process.env.SN_BIN || join(root, 'build', 'supportnet');
export const DEMO_PASSWORD = 'ashby-vale-demo';
export const demoEmail = (role) => `${role}@demo.supportnet.test`;
export const ROLES = ['resident', 'carer', 'worker', 'partner', 'coordinator',
  'moderator', 'commissioner', 'admin'];

const pgBase = process.env.SN_PG_URL
  ? process.env.SN_PG_URL.replace(/\/*$/, '/') : '';
/** True when the suite runs against PostgreSQL (SN_PG_URL is set). */
export const isPostgres = pgBase !== '';
const psqlBin = process.env.SN_PSQL || 'psql';

/** Runs one SQL statement on the cluster's `postgres` database. */
function pgAdmin(sql) {
  execFileSync(psqlBin, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `${pgBase}postgres`, '-c', sql],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, PGCONNECT_TIMEOUT: '10' } });
}

// Databases and directories made by freshDbLoc and not yet dropped; what
// is left when the test process exits (a failed test) is removed then.
const made = new Map(); // LOC -> { pg: name } | { dir }
process.on('exit', () => {
  for (const loc of [...made.keys()]) { try { dropDbLoc(loc); } catch { /* best effort */ } }
});

/** A new, empty database LOC for `--db`: a PostgreSQL database named
 * sn_test_<random> under SN_PG_URL, else a path to a (not yet existing)
 * SQLite file in a new temporary directory. Remove it with dropDbLoc (or
 * leave it: it goes when the test process exits). */
export function freshDbLoc() {
  if (isPostgres) {
    const name = `sn_test_${randomBytes(8).toString('hex')}`;
    pgAdmin(`CREATE DATABASE ${name}`);
    const loc = `${pgBase}${name}`;
    made.set(loc, { pg: name });
    return loc;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sn-db-'));
  const loc = join(dir, 'test.db');
  made.set(loc, { dir });
  return loc;
}

/** Removes a database made by freshDbLoc (drops it, closing its connections). */
export function dropDbLoc(loc) {
  const m = made.get(loc);
  if (!m) return;
  made.delete(loc);
  if (m.pg) pgAdmin(`DROP DATABASE IF EXISTS ${m.pg} WITH (FORCE)`);
  else rmSync(m.dir, { recursive: true, force: true });
}

/** Runs the CLI and returns { status, stdout, stderr }. */
export function cli(args, input) {
  try {
    const stdout = execFileSync(bin, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/** Starts a server over a new demo database (see freshDbLoc; removed at
 * stop). Options: args (extra serve arguments), demo (false: only
 * migrate), db (serve this existing database LOC instead; it is left in
 * place: pass another server's `db` to run a second server on the same
 * database, and stop that one first). Returns { url, db, dir, stop }. */
export async function startServer({ args = [], demo = true, db: given } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sn-e2e-'));
  const db = given || freshDbLoc();
  const cleanup = () => {
    if (!given) dropDbLoc(db);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!given) {
    const r = demo ? cli(['demo', '--db', db, '--seed', '1']) : cli(['migrate', '--db', db]);
    if (r.status !== 0) { cleanup(); throw new Error(`cannot make database: ${r.stderr}`); }
  }
  const proc = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${stderr}`)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const stop = async () => {
    if (proc.exitCode === null) {
      const done = new Promise((ok) => proc.on('exit', ok));
      proc.kill('SIGTERM');
      await done;
    }
    cleanup();
    // A sanitizer report or an unclean exit fails the suite that started it.
    if (/AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:/.test(stderr) || proc.exitCode !== 0) {
      throw new Error(`server exited with ${proc.exitCode}:\n${stderr.slice(-4000)}`);
    }
    return { code: proc.exitCode, stderr };
  };
  return { url, db, dir, proc, stop, stderr: () => stderr };
}

/** A tiny cookie-keeping client over fetch (no redirects followed). */
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  async request(method, path, { form, headers = {}, body } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    let b = body;
    if (form) {
      b = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: b, redirect: 'manual' });
    this.keep(res);
    res.text_ = await res.text();
    return res;
  }
  get(path, opts) { return this.request('GET', path, opts); }
  post(path, form, opts = {}) { return this.request('POST', path, { ...opts, form }); }
  /** The CSRF token from a page's form. */
  async csrf(path = '/sign-in') {
    const res = await this.get(path);
    const m = res.text_.match(/name="csrf_token" value="([^"]*)"/);
    if (!m) throw new Error(`no csrf token on ${path} (status ${res.status})`);
    return m[1];
  }
  async signIn(email, password = DEMO_PASSWORD) {
    const token = await this.csrf('/sign-in');
    return this.post('/sign-in', { csrf_token: token, email, password });
  }
}
