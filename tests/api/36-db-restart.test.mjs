// A PostgreSQL restart under a running server (issue 13, point 4): while
// the database is down every request that needs it fails with a clear 503
// (code "unavailable", a message saying to try again), /healthz says
// unavailable; when it is back, the same instance serves again by itself
// (its connections are made anew, no restart), with the session intact
// and writes working. PostgreSQL only (`make api-test-pg` sets
// LIANJIAN_TEST_PG_CTL); SQLite has no server to restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';

const CTL = process.env.LIANJIAN_TEST_PG_CTL;
const ctl = (...args) => execFileSync(CTL, args, { stdio: 'pipe' });

let srv;
before(async () => { if (CTL) srv = await startServer({ demo: true }); });
after(async () => { if (srv) assert.equal((await srv.stop()).code, 0); });

test('a database restart gives 503 while it is down, then the instance reconnects by itself', { skip: !CTL && 'PostgreSQL only' }, async () => {
  const c = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  assert.equal((await c.get('/api/v1/me')).status, 200);
  const before = (await c.get('/api/v1/alliances')).json;
  ctl('stop', '-m', 'fast');
  try {
    for (const path of ['/api/v1/me', '/api/v1/alliances', '/healthz']) {
      const r = await c.get(path);
      assert.equal(r.status, 503, `${path}: ${r.status} ${r.text}`);
      if (path !== '/healthz') {
        assert.equal(r.json.error.code, 'unavailable');
        assert.match(r.json.error.message, /数据库暂时无法连接/);
      }
    }
    const w = await c.post('/api/v1/alliances', { name: '停机期间的写入', description: '' });
    assert.equal(w.status, 503, w.text);
  } finally {
    ctl('start');
  }
  // back: the first requests may still meet the old, dead connections
  let me;
  for (let i = 0; i < 40; i++) {
    me = await c.get('/api/v1/me');
    if (me.status === 200) break;
    assert.equal(me.status, 503, me.text);
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(me.status, 200, 'the session outlived the restart');
  for (let i = 0; i < 4; i++) assert.equal((await c.get('/api/v1/me')).status, 200);
  assert.deepEqual((await c.get('/api/v1/alliances')).json, before);
  // the write refused while down changed nothing; writes work again
  assert.ok(!JSON.stringify(before).includes('停机期间的写入'));
  const admin = await loggedIn(srv);
  const ok = await admin.post('/api/v1/users', {
    username: 'after_restart', password: 'abcdefgh12', display_name: '重启之后', grants: [],
  });
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await c.get('/healthz')).status, 200);
});
