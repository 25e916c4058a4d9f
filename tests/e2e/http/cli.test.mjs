// The command line as scripts use it: --help and exit codes, accounts,
// backup while the server writes, restore, and audit verify on a database
// tampered with directly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startServer, Client, demoEmail, freshDbLoc, isPostgres } from '../lib/server.mjs';

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'sn-cli-')); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' });
// Tests that open the SQLite file themselves do not run against PostgreSQL.
const sqliteOnly = isPostgres && 'reads the SQLite file with sqlite3 (SN_PG_URL is set)';

test('every command answers --help with exit 0', () => {
  for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['demo', '--help'],
    ['user', '--help'], ['user', 'add', '--help'], ['backup', '--help'], ['restore', '--help'],
    ['audit', '--help'], ['audit', 'verify', '--help'], ['routes', '--help'], ['version', '--help']]) {
    const r = cli(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /Usage/, args.join(' '));
  }
  assert.match(cli(['version']).stdout, /^supportnet \d+\.\d+\.\d+ \(/);
});

test('usage errors exit 2 with one line naming the problem', () => {
  const cases = [
    [[], /Usage/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['serve'], /--db is required/],
    [['serve', '--db', 'x.db', '--listen', 'nonsense'], /--listen must be HOST:PORT/],
    [['serve', '--db', 'x.db', '--threads', 'many'], /--threads must be a whole number/],
    [['migrate', '--bogus'], /unknown option '--bogus'/],
    [['demo', '--db', join(dir, 'u.db'), '--size', 'giant'], /--size must be small, large or huge/],
    [['user', 'add', '--db', join(dir, 'u.db'), '--email', 'a@b.org', '--name', 'A', '--role', 'wizard', '--password-stdin'], /--role must list roles/],
    [['audit', 'check'], /unknown subcommand 'check'/],
    [['backup', '--db', 'x.db'], /--db and --to are required/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')} exited ${r.status}`);
    assert.match(r.stderr, re, args.join(' '));
    if (args.length) assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  }
});

test('runtime failures exit 1 with a message', () => {
  const r = cli(['audit', 'verify', '--db', join(dir, 'missing.db')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /does not exist/);
  const pg = cli(['migrate', '--db', 'postgres://u@127.0.0.1:1/x?connect_timeout=2']);
  assert.equal(pg.status, 1);
  assert.match(pg.stderr, /cannot connect to PostgreSQL/);
  const notdb = join(dir, 'not-a-db');
  writeFileSync(notdb, 'hello, this is not SQLite at all'.repeat(40));
  const r2 = cli(['migrate', '--db', notdb]);
  assert.equal(r2.status, 1);
});

test('user add, list, set-password, disable; weak passwords refused', async () => {
  const db = freshDbLoc();
  assert.equal(cli(['migrate', '--db', db]).status, 0);
  const add = (email, pw, roles = 'worker,coordinator') =>
    cli(['user', 'add', '--db', db, '--email', email, '--name', 'Ann Example', '--role', roles, '--password-stdin'], `${pw}\n`);
  let r = add('ann@example.org', 'short');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /10 characters or more/);
  r = add('ann@example.org', 'password123');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /too common/);
  r = add('ann@example.org', 'kettle orchard lantern');
  assert.equal(r.status, 0, r.stderr);
  r = add('ANN@example.org', 'kettle orchard lantern');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already exists/);
  const list = JSON.parse(cli(['user', 'list', '--db', db, '--json']).stdout);
  assert.deepEqual(list.map((u) => [u.email, u.roles.sort(), u.disabled]),
    [['ann@example.org', ['coordinator', 'worker'], false]]);
  r = cli(['user', 'set-password', '--db', db, '--email', 'ann@example.org', '--password-stdin'], 'pebble harbour violin\n');
  assert.equal(r.status, 0, r.stderr);
  // The new password works on a server; then disabling ends it.
  const srv = await startServer({ db });
  try {
    const c = new Client(srv.url);
    assert.equal((await c.signIn('ann@example.org', 'kettle orchard lantern')).status, 401);
    assert.equal((await c.signIn('ann@example.org', 'pebble harbour violin')).status, 303);
    assert.equal((await c.get('/account')).status, 200);
    r = cli(['user', 'disable', '--db', db, '--email', 'ann@example.org']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await c.get('/account')).status, 303, 'a disabled account is signed out');
    assert.equal((await c.signIn('ann@example.org', 'pebble harbour violin')).status, 401);
  } finally {
    await srv.stop();
  }
  assert.equal(cli(['user', 'disable', '--db', db, '--email', 'nobody@example.org']).status, 1);
});

test('backup while the server writes is consistent, and restores', { skip: sqliteOnly }, async () => {
  const srv = await startServer();
  const backups = [];
  try {
    // Sign-ins write sessions and audit entries while backups are taken.
    const writers = Array.from({ length: 4 }, async (_, i) => {
      for (let k = 0; k < 5; k++) {
        const c = new Client(srv.url);
        assert.equal((await c.signIn(demoEmail(i % 2 ? 'worker' : 'carer'))).status, 303);
      }
    });
    for (let b = 0; b < 3; b++) {
      const to = join(dir, `backup-${b}.db`);
      const r = cli(['backup', '--db', srv.db, '--to', to]);
      assert.equal(r.status, 0, r.stderr);
      backups.push(to);
    }
    await Promise.all(writers);
    assert.equal(cli(['backup', '--db', srv.db, '--to', backups[0]]).status, 1, 'refuses to overwrite');
  } finally {
    await srv.stop();
  }
  for (const b of backups) {
    const v = cli(['audit', 'verify', '--db', b]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(sql(b, 'PRAGMA integrity_check').trim(), 'ok');
  }
  const target = join(dir, 'restored.db');
  const r = cli(['restore', '--from', backups[2], '--db', target]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(target, 'SELECT count(*) FROM users').trim(), sql(backups[2], 'SELECT count(*) FROM users').trim());
  const bad = join(dir, 'bad.db');
  writeFileSync(bad, 'not a database'.repeat(100));
  const r2 = cli(['restore', '--from', bad, '--db', join(dir, 'r2.db')]);
  assert.equal(r2.status, 1);
  assert.ok(!existsSync(join(dir, 'r2.db')), 'a failed restore creates nothing');
});

test('audit verify finds a changed, a deleted and an inserted entry', { skip: sqliteOnly }, () => {
  const fresh = () => {
    const db = join(dir, `tamper-${Math.random().toString(16).slice(2)}.db`);
    assert.equal(cli(['demo', '--db', db]).status, 0);
    // Add entries through the real code path: failed sign-ins are audited.
    for (let i = 0; i < 4; i++) cli(['user', 'disable', '--db', db, '--email', demoEmail('partner')]);
    assert.equal(cli(['audit', 'verify', '--db', db]).status, 0);
    sql(db, 'DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    return db;
  };
  let db = fresh();
  sql(db, "UPDATE audit SET reason = 'nothing to see' WHERE seq = 3");
  let r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 3: its contents do not match its hash/);

  db = fresh();
  sql(db, 'DELETE FROM audit WHERE seq = 2');
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry 3/);

  db = fresh();
  // Insert a forged entry at seq 3, moving the rest up by one.
  sql(db, `UPDATE audit SET seq = seq + 100 WHERE seq >= 3; UPDATE audit SET seq = seq - 99 WHERE seq >= 103;
    INSERT INTO audit(seq, at, actor, role, action, record, reason, prev_hash, hash)
      SELECT 3, at, actor, role, 'person.read', record, reason, hash, hash FROM audit WHERE seq = 2;`);
  r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /entry [34]/);
});

test('serve --tiles: only an https URL with {z}, {x} and {y}', () => {
  for (const bad of ['http://tiles.test/{z}/{x}/{y}.png', 'https://tiles.test/tile.png', "https://t.test/{z}/{x}/{y}.png'onerror"]) {
    const r = cli(['serve', '--db', ':memory:', '--listen', '127.0.0.1:0', '--tiles', bad]);
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /--tiles must be an https URL/);
  }
});
