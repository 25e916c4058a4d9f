// Test harness: starts a real `supportnet serve` on a free loopback port
// over a fresh demo database, and helps tests sign in with forms.
import { spawn, execFileSync } from 'node:child_process';
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

/** Runs the CLI and returns { status, stdout, stderr }. */
export function cli(args, input) {
  try {
    const stdout = execFileSync(bin, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/** Starts a server over a new demo database. Options: args (extra serve
 * arguments), demo (false: only migrate), db (serve this existing database
 * instead; it is left in place). Returns { url, db, dir, stop }. */
export async function startServer({ args = [], demo = true, db: given } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sn-e2e-'));
  const db = given || join(dir, 'test.db');
  if (!given) {
    const made = demo ? cli(['demo', '--db', db, '--seed', '1']) : cli(['migrate', '--db', db]);
    if (made.status !== 0) throw new Error(`cannot make database: ${made.stderr}`);
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
    rmSync(dir, { recursive: true, force: true });
    // A sanitizer report or an unclean exit fails the suite that started it.
    if (/AddressSanitizer|LeakSanitizer|runtime error:/.test(stderr) || proc.exitCode !== 0) {
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
