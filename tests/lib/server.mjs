// Starts a real lianjian server for a test: a fresh SQLite file in a temp
// directory, the reference region's divisions imported, a random admin
// password, listening on a free 127.0.0.1 port.
//
// With LIANJIAN_TEST_PG set (a libpq conninfo of a throwaway PostgreSQL:
// tests/pg/run.sh starts one and sets it; `make api-test-pg`), each server
// gets a fresh PostgreSQL database instead of the file, dropped when the
// server stops: the same suite runs on both backends. Tests of what only
// the SQLite file has (its crash recovery, a full disk, backup) skip
// themselves there (ENGINE).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.LIANJIAN_BIN || join(ROOT, 'build', 'lianjian');

export const PG = process.env.LIANJIAN_TEST_PG || '';
export const ENGINE = PG ? 'postgresql' : 'sqlite';

let pgSeq = 0;
// A new empty database on the test PostgreSQL; its postgresql:// URL.
function pgCreate() {
  const name = `lj_${process.pid}_${++pgSeq}`;
  execFileSync('psql', [PG, '-qAtc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  const host = /host=(\S+)/.exec(PG)[1];
  const user = (/user=(\S+)/.exec(PG) || [])[1] || 'postgres';
  return { name, url: `postgresql:///${name}?host=${encodeURIComponent(host)}&user=${user}` };
}
function pgDrop(name) {
  try {
    execFileSync('psql', [PG, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
  } catch { /* the server may be gone with it */ }
}

// Runs one SQL statement on the database a test's server uses (sqlite3 or
// psql, both print rows as a|b|c); returns the output, trimmed.
export function dbQuery(dbPath, q) {
  if (dbPath.startsWith('postgresql://'))
    return execFileSync('psql', [dbPath, '-qAtc', q], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [dbPath, q], { encoding: 'utf8' }).trim();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export function cli(args, opts = {}) {
  return execFileSync(opts.bin || BIN, args, {
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', ...(opts.env || {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

// Prepares a database in dir; returns { dbPath, adminUser, adminPassword }.
export function prepareDb(dir, opts = {}) {
  let dbPath = join(dir, 'lianjian.db');
  let pgName;
  if (PG) ({ name: pgName, url: dbPath } = pgCreate());
  cli(['init', '--db', dbPath]);
  cli(['import-divisions', join(ROOT, 'data', 'divisions'), '--db', dbPath]);
  const out = cli(['user', 'add', 'admin', '--role', 'admin', '--random-password',
    '--display-name', '系统管理员', '--db', dbPath]);
  const m = out.match(/password: (\S+)/);
  if (!m) throw new Error('no admin password in: ' + out);
  if (opts.demo) cli(['demo', '--db', dbPath]);
  return { dbPath, pgName, adminUser: 'admin', adminPassword: m[1] };
}

export async function launch(dbPath, opts = {}) {
  const port = await freePort();
  const web = join(ROOT, 'web', 'dist');
  const args = ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`];
  if (existsSync(join(web, 'index.html'))) args.push('--web', web);
  if (opts.args) args.push(...opts.args);
  const proc = spawn(opts.bin || BIN, args, {
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', ...(opts.env || {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep only the tail of the server's log: a busy server logs a lot.
  let log = '';
  const keep = (d) => { log += d; if (log.length > 65536) log = log.slice(-32768); };
  proc.stdout.on('data', keep);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + log)), 15000);
    proc.stderr.on('data', (d) => {
      const was = log.includes('listening on');
      keep(d);
      if (!was && (log.includes('listening on') || String(d).includes('listening on'))) { clearTimeout(timer); resolve(); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, sig) => resolve({ code, sig })));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proc,
    log: () => log,
    // SIGTERM, then the exit status (0 when it stopped cleanly and, under
    // ASan, leaked nothing).
    async stop() {
      // LIANJIAN_TEST_SERVER_LOG=FILE keeps the tail of every server's log
      // (for a failure that only says 500)
      if (process.env.LIANJIAN_TEST_SERVER_LOG) appendFileSync(process.env.LIANJIAN_TEST_SERVER_LOG, log);
      if (proc.exitCode !== null) return { code: proc.exitCode };
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 15000);
      const r = await exited;
      clearTimeout(t);
      return r;
    },
  };
}

export async function startServer(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lianjian-test-'));
  const db = prepareDb(dir, opts);
  const srv = await launch(db.dbPath, opts);
  return {
    ...db,
    ...srv,
    dir,
    async stop() {
      const r = await srv.stop();
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
      if (db.pgName && !opts.keep) pgDrop(db.pgName);
      return r;
    },
  };
}
