// Sign-in, sessions, CSRF and sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

async function auditCount(admin) {
  let n = 0; let cursor = null;
  do {
    const r = await admin.get('/api/v1/audit?limit=500' + (cursor ? `&cursor=${cursor}` : ''));
    n += r.json.items.length; cursor = r.json.next_cursor;
  } while (cursor);
  return n;
}

test('login sets an HttpOnly SameSite=Strict cookie and returns user and csrf token', async () => {
  const c = new Client(srv.url);
  const r = await c.post('/api/v1/session', { username: srv.adminUser, password: srv.adminPassword });
  assert.equal(r.status, 200);
  const sc = r.headers.get('set-cookie');
  assert.match(sc, /lj_session=[A-Za-z0-9_-]{43};/);
  assert.match(sc, /HttpOnly/);
  assert.match(sc, /SameSite=Strict/);
  assert.equal(r.json.user.username, 'admin');
  assert.deepEqual(r.json.user.grants, [{ role: 'admin', scope_type: 'deployment', scope_id: null }]);
  assert.equal(typeof r.json.csrf_token, 'string');
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.username, 'admin');
  assert.equal(me.json.display_name, '系统管理员');
  assert.equal(me.json.csrf_token, r.json.csrf_token);
});

test('wrong password and unknown user: 401 with the same message', async () => {
  const c = new Client(srv.url);
  const a = await c.post('/api/v1/session', { username: srv.adminUser, password: 'wrong-password' });
  const b = await c.post('/api/v1/session', { username: 'nobody-here', password: 'wrong-password' });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(a.json.error.message, b.json.error.message);
  assert.equal(a.headers.get('set-cookie'), null);
});

test('no session: 401 on reads and writes', async () => {
  const c = new Client(srv.url);
  assert.equal((await c.get('/api/v1/me')).status, 401);
  assert.equal((await c.get('/api/v1/users')).status, 401);
  const w = await c.post('/api/v1/users', { username: 'x' });
  assert.equal(w.status, 401);
  const forged = new Client(srv.url);
  forged.cookie = 'lj_session=' + 'A'.repeat(43);
  assert.equal((await forged.get('/api/v1/me')).status, 401);
});

test('writes without or with a wrong CSRF token: 403, nothing written', async () => {
  const admin = await loggedIn(srv);
  const before = await auditCount(admin);
  const body = { username: 'csrf_victim', password: 'abcdefgh12', display_name: '测试', grants: [] };
  const r1 = await admin.post('/api/v1/users', body, { headers: { 'X-CSRF-Token': '' } });
  assert.equal(r1.status, 403);
  assert.equal(r1.json.error.code, 'csrf');
  const r2 = await admin.post('/api/v1/users', body, { headers: { 'X-CSRF-Token': 'forged-token' } });
  assert.equal(r2.status, 403);
  const list = await admin.get('/api/v1/users');
  assert.ok(!list.json.items.some((u) => u.username === 'csrf_victim'));
  assert.equal(await auditCount(admin), before);
});

test('logout kills the token at once', async () => {
  const c = await loggedIn(srv);
  const stolen = c.cookie;
  const r = await c.del('/api/v1/session');
  assert.equal(r.status, 200);
  const again = new Client(srv.url);
  again.cookie = stolen;
  assert.equal((await again.get('/api/v1/me')).status, 401);
});

test('a disabled account cannot sign in and loses its sessions', async () => {
  const admin = await loggedIn(srv);
  const cr = await admin.post('/api/v1/users', {
    username: 'temp_user', password: 'abcdefgh12', display_name: '临时', grants: [
      { role: 'viewer', scope_type: 'deployment', scope_id: null }],
  });
  assert.equal(cr.status, 201, cr.text);
  const u = await loggedIn(srv, 'temp_user', 'abcdefgh12');
  assert.equal((await u.get('/api/v1/me')).status, 200);
  const d = await admin.patch(`/api/v1/users/${cr.json.id}`, { disabled: true });
  assert.equal(d.status, 200);
  assert.equal(d.json.disabled, true);
  assert.equal((await u.get('/api/v1/me')).status, 401);
  const c = new Client(srv.url);
  assert.equal((await c.post('/api/v1/session', { username: 'temp_user', password: 'abcdefgh12' })).status, 401);
});

test('failed logins are throttled per account: 429 even with the right password', async () => {
  const admin = await loggedIn(srv);
  const cr = await admin.post('/api/v1/users', {
    username: 'throttled_user', password: 'abcdefgh12', display_name: '限流', grants: [
      { role: 'viewer', scope_type: 'deployment', scope_id: null }],
  });
  assert.equal(cr.status, 201);
  const c = new Client(srv.url);
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/api/v1/session', { username: 'throttled_user', password: 'bad-' + i });
    assert.equal(r.status, 401);
  }
  const r = await c.post('/api/v1/session', { username: 'throttled_user', password: 'abcdefgh12' });
  assert.equal(r.status, 429);
  assert.equal(r.json.error.code, 'too_many_attempts');
  assert.ok(r.headers.get('retry-after'));
  // Other accounts are not affected.
  await loggedIn(srv);
});
