// A full disk mid-load: writes fail with a clear 507, nothing acknowledged is
// lost, reads go on, and writes succeed again once space returns. Needs root
// (it mounts a small tmpfs); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDb, launch, ENGINE } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8' });

// A full disk under the SQLite file; PostgreSQL's own disk is the database server's.
test('disk full: 507, no acknowledged write lost, recovery when space returns', { skip: ENGINE !== 'sqlite' && 'SQLite only' }, async (t) => {
  if (process.getuid && process.getuid() !== 0) return t.skip('needs root to mount a tmpfs');
  const dir = mkdtempSync(join(tmpdir(), 'lianjian-full-'));
  const mnt = join(dir, 'mnt');
  mkdirSync(mnt);
  const db = prepareDb(dir);
  sh('sqlite3', [db.dbPath, 'PRAGMA wal_checkpoint(TRUNCATE)']);
  const size = statSync(db.dbPath).size;
  const kb = Math.ceil(size / 1024) + 512;
  try {
    sh('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', mnt]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return t.skip('cannot mount tmpfs here: ' + err.message);
  }
  const dbPath = join(mnt, 'lianjian.db');
  copyFileSync(db.dbPath, dbPath);
  let srv;
  try {
    srv = await launch(dbPath);
    const c = new Client(srv.url);
    await c.login(db.adminUser, db.adminPassword);
    const org = await c.post('/api/v1/orgs', { name: '满盘测试党支部', division: '450922108216', kind: 'village_branch' });
    assert.equal(org.status, 201);
    const acked = [];
    let full = null;
    for (let i = 0; i < 5000 && !full; i++) {
      const r = await c.post('/api/v1/people', { name: `人员${i}`.padEnd(30, '满'), org_id: org.json.id, position: '党员'.repeat(8) });
      if (r.status === 201) acked.push(r.json.id);
      else full = r;
    }
    assert.ok(full, 'the disk never filled');
    assert.equal(full.status, 507, full.text);
    assert.equal(full.json.error.code, 'storage_full');
    assert.match(full.json.error.message, /存储空间不足/);
    // reads still work, and every acknowledged write is there
    const r = await c.get(`/api/v1/people?org_id=${org.json.id}&limit=500`);
    assert.equal(r.status, 200);
    let ids = new Set(r.json.items.map((p) => p.id));
    let cursor = r.json.next_cursor;
    while (cursor) {
      const n = await c.get(`/api/v1/people?org_id=${org.json.id}&limit=500&cursor=${cursor}`);
      n.json.items.forEach((p) => ids.add(p.id));
      cursor = n.json.next_cursor;
    }
    assert.deepEqual(acked.filter((id) => !ids.has(id)), []);
    // space returns
    sh('mount', ['-o', `remount,size=${kb + 16384}k`, mnt]);
    const again = await c.post('/api/v1/people', { name: '恢复后', org_id: org.json.id, position: '党员' });
    assert.equal(again.status, 201, again.text);
    assert.equal((await srv.stop()).code, 0);
    srv = null;
    assert.equal(sh('sqlite3', [dbPath, 'PRAGMA integrity_check']).trim(), 'ok');
  } finally {
    if (srv) await srv.stop();
    try { sh('umount', [mnt]); } catch { /* already gone */ }
    rmSync(dir, { recursive: true, force: true });
  }
});
