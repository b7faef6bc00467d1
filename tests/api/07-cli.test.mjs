// The command line: help, init, idempotent import, users, online backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, cli, startServer, ENGINE } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const sql = (db, q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

test('--help explains every command', () => {
  const top = cli(['--help']);
  for (const c of ['serve', 'init', 'import-divisions', 'user', 'backup', 'demo']) {
    assert.match(top, new RegExp(`\\b${c}\\b`));
    const h = cli([c, '--help']);
    assert.match(h, /usage: lianjian/);
  }
  const bad = spawnSync(BIN, ['frobnicate'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown command/);
});

test('import-divisions is idempotent and refuses bad input without changing data', () => {
  const db = join(srv.dir, 'import.db');
  cli(['init', '--db', db]);
  const out = cli(['import-divisions', join(ROOT, 'data', 'divisions'), '--provinces', '45', '--db', db]);
  assert.match(out, /imported \d+ divisions/);
  const n1 = sql(db, 'SELECT count(*) FROM divisions');
  cli(['import-divisions', join(ROOT, 'data', 'divisions'), '--provinces', '45', '--db', db]);
  assert.equal(sql(db, 'SELECT count(*) FROM divisions'), n1);
  assert.equal(sql(db, "SELECT count(*) FROM divisions WHERE code LIKE '44%'"), '0');
  assert.equal(sql(db, "SELECT name FROM divisions WHERE code='450922108216'"), '坡子村委会');
  const r = spawnSync(BIN, ['import-divisions', '/nonexistent', '--db', db], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /找不到文件/);
  const r2 = spawnSync(BIN, ['import-divisions', join(ROOT, 'data', 'divisions'), '--provinces', '4', '--db', db], { encoding: 'utf8' });
  assert.equal(r2.status, 1);
  assert.equal(sql(db, 'SELECT count(*) FROM divisions'), n1);
});

test('init twice applies migrations once', () => {
  const db = join(srv.dir, 'init.db');
  cli(['init', '--db', db]);
  cli(['init', '--db', db]);
  // one row per migration file (numbers are assigned per branch, so they
  // may have gaps until all are merged)
  const files = readdirSync(join(ROOT, 'sql', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f));
  assert.equal(sql(db, 'SELECT count(*) FROM schema_migrations'), String(files.length));
  assert.equal(sql(db, 'SELECT count(DISTINCT version) FROM schema_migrations'), String(files.length));
  assert.equal(sql(db, 'PRAGMA journal_mode'), 'wal');
});

test('user add / passwd / disable / list with the password on standard input', async () => {
  cli(['user', 'add', 'cli_user', '--role', 'viewer', '--scope', 'county:450922', '--db', srv.dbPath], { input: 'first-pass-1\n' });
  await loggedIn(srv, 'cli_user', 'first-pass-1');
  cli(['user', 'passwd', 'cli_user', '--db', srv.dbPath], { input: 'second-pass-2\n' });
  const c = new Client(srv.url);
  assert.equal((await c.post('/api/v1/session', { username: 'cli_user', password: 'first-pass-1' })).status, 401);
  await loggedIn(srv, 'cli_user', 'second-pass-2');
  const list = cli(['user', 'list', '--db', srv.dbPath]);
  assert.match(list, /cli_user .*viewer@county:450922/);
  cli(['user', 'disable', 'cli_user', '--db', srv.dbPath]);
  assert.equal((await c.post('/api/v1/session', { username: 'cli_user', password: 'second-pass-2' })).status, 401);
  const bad = spawnSync(BIN, ['user', 'add', 'x_user', '--role', 'viewer', '--scope', 'county:123456', '--db', srv.dbPath], { input: 'abcdefgh12\n', encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /授权范围不存在/);
});

test('backup of a PostgreSQL database points to pg_dump and writes nothing', { skip: ENGINE !== 'postgresql' && 'PostgreSQL only' }, () => {
  const to = join(srv.dir, 'backup.db');
  const r = spawnSync(BIN, ['backup', '--to', to, '--db', srv.dbPath], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /pg_dump/);
  assert.deepEqual(readdirSync(srv.dir).filter((f) => f === 'backup.db'), []);
});

test('backup while the server runs gives a consistent copy', { skip: ENGINE !== 'sqlite' && 'SQLite only (PostgreSQL: pg_dump)' }, async () => {
  const admin = await loggedIn(srv);
  const to = join(srv.dir, 'backup.db');
  const writes = [];
  for (let i = 0; i < 5; i++) {
    writes.push(admin.post('/api/v1/users', { username: `during_backup_${i}`, password: 'abcdefgh12', display_name: 'b', grants: [] }));
  }
  const out = cli(['backup', '--to', to, '--db', srv.dbPath]);
  await Promise.all(writes);
  assert.match(out, /backup written/);
  assert.equal(sql(to, 'PRAGMA integrity_check'), 'ok');
  assert.equal(sql(to, "SELECT name FROM divisions WHERE code='450922108216'"), '坡子村委会');
  assert.ok(Number(sql(to, 'SELECT count(*) FROM users')) >= 1);
  const again = spawnSync(BIN, ['backup', '--to', to, '--db', srv.dbPath], { encoding: 'utf8' });
  assert.equal(again.status, 1, 'refuses to overwrite');
});

test('demo is one transaction: a failure half-way leaves nothing, the next run builds it', () => {
  const db = join(srv.dir, 'demo.db');
  cli(['init', '--db', db]);
  cli(['import-divisions', join(ROOT, 'data', 'divisions'), '--db', db]);
  // the last demo account's name is taken: the demo fails after the
  // alliance, organisations, units, rosters and six accounts were written
  cli(['user', 'add', 'viewer', '--role', 'viewer', '--scope', 'county:450922', '--db', db], { input: 'taken-pass-1\n' });
  const counts = () => sql(db, 'SELECT (SELECT count(*) FROM alliances), (SELECT count(*) FROM orgs), ' +
    '(SELECT count(*) FROM units), (SELECT count(*) FROM users), (SELECT count(*) FROM audit), ' +
    '(SELECT count(*) FROM matters), (SELECT count(*) FROM stat_matter_monthly)');
  const before = counts();
  const r = spawnSync(BIN, ['demo', '--db', db], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /error:/);
  assert.equal(counts(), before);
  assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
  // with the name free again the demo is built whole
  sql(db, "DELETE FROM grants WHERE user_id = (SELECT id FROM users WHERE username = 'viewer'); " +
    "DELETE FROM users WHERE username = 'viewer'");
  assert.match(cli(['demo', '--db', db]), /created/);
  assert.equal(sql(db, "SELECT count(*) FROM alliances WHERE name = '陆廉化党建联建'"), '1');
  assert.equal(sql(db, "SELECT count(*) FROM users WHERE username IN ('alliance_admin','viewer','pozi_secretary')"), '3');
  assert.ok(Number(sql(db, 'SELECT count(*) FROM matters')) >= 8);
  assert.match(cli(['demo', '--db', db]), /already present; nothing changed/);
});
