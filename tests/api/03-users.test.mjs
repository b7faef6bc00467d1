// Accounts and grants: admins, and county admins within their scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = await loggedIn(srv);
});
after(async () => { await srv?.stop(); });

const grant = (role, scope_type, scope_id) => ({ role, scope_type, scope_id });

test('admin creates, reads, lists and patches a user; no password material is returned', async () => {
  const r = await admin.post('/api/v1/users', {
    username: 'hz_admin', password: 'huazhou-2026', display_name: '化州组织部',
    grants: [grant('county_admin', 'county', '440982')],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.username, 'hz_admin');
  assert.deepEqual(r.json.grants, [grant('county_admin', 'county', '440982')]);
  assert.ok(!('password' in r.json) && !('password_hash' in r.json));
  assert.ok(!r.text.includes('argon2'));
  const g = await admin.get(`/api/v1/users/${r.json.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.json.display_name, '化州组织部');
  const list = await admin.get('/api/v1/users');
  assert.ok(list.json.items.some((u) => u.username === 'hz_admin'));
  assert.ok(!list.text.includes('argon2'));
  const p = await admin.patch(`/api/v1/users/${r.json.id}`, { display_name: '化州市委组织部' });
  assert.equal(p.status, 200);
  assert.equal(p.json.display_name, '化州市委组织部');
  const audit = await admin.get('/api/v1/audit?limit=5');
  const upd = audit.json.items.find((a) => a.action === 'user.update');
  assert.equal(upd.before.display_name, '化州组织部');
  assert.equal(upd.after.display_name, '化州市委组织部');
  assert.equal(upd.user.username, 'admin');
});

test('duplicate username: 409, nothing changed', async () => {
  const before = await admin.get('/api/v1/users?limit=500');
  const r = await admin.post('/api/v1/users', {
    username: 'hz_admin', password: 'huazhou-2026', display_name: '重复', grants: [],
  });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'username');
  const after = await admin.get('/api/v1/users?limit=500');
  assert.deepEqual(after.json, before.json);
});

test('grants on unknown scopes or wrong role/scope pairs are refused', async () => {
  const cases = [
    [grant('county_admin', 'county', '999999'), 422],
    [grant('county_admin', 'alliance', 1), 422],
    [grant('admin', 'county', '440982'), 422],
    [grant('superuser', 'deployment', null), 422],
    [grant('county_admin', 'county', '4409'), 422],
  ];
  for (const [g, status] of cases) {
    const r = await admin.post('/api/v1/users', {
      username: 'bad_grant', password: 'abcdefgh12', display_name: 'x', grants: [g],
    });
    assert.equal(r.status, status, JSON.stringify(g) + ' ' + r.text);
  }
  const list = await admin.get('/api/v1/users?limit=500');
  assert.ok(!list.json.items.some((u) => u.username === 'bad_grant'));
});

test('a county admin manages accounts of their county only', async () => {
  await admin.post('/api/v1/users', {
    username: 'lc_admin', password: 'luchuan-2026', display_name: '陆川组织部',
    grants: [grant('county_admin', 'county', '450922')],
  });
  const hz = await loggedIn(srv, 'hz_admin', 'huazhou-2026');
  const ok = await hz.post('/api/v1/users', {
    username: 'hz_viewer', password: 'abcdefgh12', display_name: '化州观察员',
    grants: [grant('viewer', 'county', '440982')],
  });
  assert.equal(ok.status, 201, ok.text);
  // Not in their scope: another county, the deployment, or an admin role.
  for (const g of [grant('viewer', 'county', '450922'), grant('viewer', 'deployment', null),
    grant('admin', 'deployment', null)]) {
    const r = await hz.post('/api/v1/users', {
      username: 'hz_escalate', password: 'abcdefgh12', display_name: 'x', grants: [g],
    });
    assert.equal(r.status, 403, JSON.stringify(g));
  }
  // They see their own county's accounts, not Guangxi's.
  const list = await hz.get('/api/v1/users?limit=500');
  const names = list.json.items.map((u) => u.username);
  assert.ok(names.includes('hz_viewer'));
  assert.ok(!names.includes('lc_admin'));
  assert.ok(!names.includes('admin'));
  const lc = list.json.items.length;
  assert.ok(lc >= 2);
  const lcUser = (await admin.get('/api/v1/users?limit=500')).json.items.find((u) => u.username === 'lc_admin');
  const g = await hz.get(`/api/v1/users/${lcUser.id}`);
  assert.equal(g.status, 404);
  const p = await hz.patch(`/api/v1/users/${lcUser.id}`, { disabled: true });
  assert.equal(p.status, 404);
  const still = await admin.get(`/api/v1/users/${lcUser.id}`);
  assert.equal(still.json.disabled, false);
  // Viewers cannot manage accounts at all.
  const v = await loggedIn(srv, 'hz_viewer', 'abcdefgh12');
  assert.equal((await v.get('/api/v1/users')).status, 403);
  assert.equal((await v.get('/api/v1/audit')).status, 403);
});

test('an admin cannot disable themself or drop their own admin role', async () => {
  const me = await admin.get('/api/v1/me');
  const r = await admin.patch(`/api/v1/users/${me.json.id}`, { disabled: true });
  assert.equal(r.status, 403);
  const r2 = await admin.patch(`/api/v1/users/${me.json.id}`, { grants: [] });
  assert.equal(r2.status, 403);
  assert.equal((await admin.get('/api/v1/me')).json.grants.length, 1);
});

test('users list pages with limit and cursor', async () => {
  const a = await admin.get('/api/v1/users?limit=2');
  assert.equal(a.json.items.length, 2);
  assert.ok(a.json.next_cursor);
  const b = await admin.get(`/api/v1/users?limit=2&cursor=${a.json.next_cursor}`);
  assert.ok(b.json.items.length >= 1);
  assert.ok(b.json.items[0].id > a.json.items[1].id);
  assert.equal((await admin.get('/api/v1/users?limit=0')).status, 422);
  assert.equal((await admin.get('/api/v1/users?limit=501')).status, 422);
  assert.equal((await admin.get('/api/v1/users?cursor=abc')).status, 422);
});
