// Sign-ins an administrator can see and end (登录日志, 在线用户, 强制下线),
// and every account's own sessions (我的会话).
//
// Scope: a deployment admin sees every account; an alliance or county admin
// the accounts it administers (as for /users), itself included; attempts
// with a name that matches no account only the deployment admin. A session
// is named by an opaque public id, never its cookie token or the token's
// hash; ending one refuses its cookie at once (401).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv;
const UA = 'Mozilla/5.0 (Linux; Android 14) Lianjian-09 ';

async function signIn(username, password = 'demo-2026', ua = UA + username) {
  const c = new Client(srv.url);
  const r = await c.post('/api/v1/session', { username, password }, { headers: { 'User-Agent': ua } });
  assert.equal(r.status, 200, r.text);
  c.csrf = r.json.csrf_token;
  return c;
}

async function attempt(username, password, ua = UA) {
  const c = new Client(srv.url);
  return c.post('/api/v1/session', { username, password }, { headers: { 'User-Agent': ua } });
}

before(async () => { srv = await startServer({ demo: true }); });
after(async () => { assert.equal((await srv.stop()).code, 0); });

test('the sign-in log keeps successes and failures with address, browser, result and reason', async () => {
  const admin = await loggedIn(srv);
  await signIn('lj_admin');
  assert.equal((await attempt('lj_admin', 'wrong-password-1')).status, 401);
  assert.equal((await attempt('nobody_here', 'wrong-password-1')).status, 401);
  // A disabled account: refused, and logged as such.
  const hz = (await admin.get('/api/v1/users?limit=500')).json.items.find((u) => u.username === 'hz_admin');
  assert.equal((await admin.patch(`/api/v1/users/${hz.id}`, { disabled: true })).status, 200);
  assert.equal((await attempt('hz_admin', 'demo-2026')).status, 401);
  assert.equal((await admin.patch(`/api/v1/users/${hz.id}`, { disabled: false })).status, 200);
  // A long browser string with a byte that is not UTF-8 is cut to 200 characters and cleaned.
  const long = 'Agent/1.0 ' + 'x'.repeat(300);
  await signIn('wushi_leader', 'demo-2026', 'Bad\u00ffByte ' + long);

  const log = (await admin.get('/api/v1/signins?limit=500')).json.items;
  const find = (u, reason) => log.find((s) => s.username === u && s.reason === reason);
  const ok = find('lj_admin', 'ok');
  assert.ok(ok, JSON.stringify(log.slice(0, 5)));
  assert.equal(ok.result, 'success');
  assert.equal(ok.reason_label, '登录成功');
  assert.equal(ok.client_ip, '127.0.0.1');
  assert.equal(ok.user_agent, UA + 'lj_admin');
  assert.match(ok.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.equal(typeof ok.user_id, 'number');
  const bad = find('lj_admin', 'bad_password');
  assert.equal(bad.result, 'failure');
  assert.equal(bad.user_id, ok.user_id);
  const unknown = find('nobody_here', 'unknown_user');
  assert.equal(unknown.user_id, null);
  assert.equal(find('hz_admin', 'disabled').result, 'failure');
  const w = find('wushi_leader', 'ok');
  assert.equal([...w.user_agent].length, 200);
  assert.ok(w.user_agent.startsWith('Bad?Byte Agent/1.0 xxx'), w.user_agent);
  // Newest first.
  assert.ok(log[0].id > log[log.length - 1].id);

  // Filters: account, result, dates; paging.
  const byUser = (await admin.get(`/api/v1/signins?user_id=${ok.user_id}`)).json.items;
  assert.ok(byUser.length >= 2 && byUser.every((s) => s.user_id === ok.user_id));
  const fails = (await admin.get('/api/v1/signins?result=failure&limit=500')).json.items;
  assert.ok(fails.length >= 3 && fails.every((s) => s.result === 'failure'));
  const today = todaySh();
  assert.ok((await admin.get(`/api/v1/signins?from=${today}&to=${today}`)).json.items.length >= 5);
  assert.equal((await admin.get(`/api/v1/signins?to=${addDays(today, -1)}`)).json.items.length, 0);
  assert.equal((await admin.get(`/api/v1/signins?from=${addDays(today, 1)}`)).json.items.length, 0);
  const p1 = (await admin.get('/api/v1/signins?limit=2')).json;
  assert.equal(p1.items.length, 2);
  const p2 = (await admin.get(`/api/v1/signins?limit=2&cursor=${p1.next_cursor}`)).json;
  assert.ok(p2.items[0].id < p1.items[1].id);

  // Bad queries are refused.
  assert.equal((await admin.get('/api/v1/signins?result=maybe')).status, 422);
  assert.equal((await admin.get('/api/v1/signins?from=2026-02-30')).status, 422);
  assert.equal((await admin.get(`/api/v1/signins?from=${today}&to=${addDays(today, -3)}`)).status, 422);
  assert.equal((await admin.get('/api/v1/signins?token=1')).status, 400);
});

test('a county admin sees the sign-ins of the accounts it administers only', async () => {
  await signIn('pozi_secretary');
  await signIn('alliance_admin');
  assert.equal((await attempt('nobody_else', 'x-wrong-pass')).status, 401);
  const lc = await signIn('lc_admin');
  const seen = new Set((await lc.get('/api/v1/signins?limit=500')).json.items.map((s) => s.username));
  assert.ok(seen.has('pozi_secretary'), [...seen].join());
  assert.ok(seen.has('lc_admin'));
  for (const u of ['alliance_admin', 'lj_admin', 'admin', 'nobody_else', 'nobody_here', 'wushi_leader'])
    assert.ok(!seen.has(u), `lc_admin sees ${u}`);
  // Filtering on an account outside its scope lists nothing.
  const admin = await loggedIn(srv);
  const aa = (await admin.get('/api/v1/users?limit=500')).json.items.find((u) => u.username === 'alliance_admin');
  assert.deepEqual((await lc.get(`/api/v1/signins?user_id=${aa.id}`)).json.items, []);
  // An alliance admin sees its alliance's county admins, not the deployment admin.
  const al = await signIn('alliance_admin');
  const alSeen = new Set((await al.get('/api/v1/signins?limit=500')).json.items.map((s) => s.username));
  assert.ok(alSeen.has('lc_admin') && alSeen.has('pozi_secretary'));
  assert.ok(!alSeen.has('admin') && !alSeen.has('nobody_else'));
  // Accounts that administer nobody see neither list.
  const member = await signIn('pozi_secretary');
  assert.equal((await member.get('/api/v1/signins')).status, 403);
  assert.equal((await member.get('/api/v1/sessions')).status, 403);
  const viewer = await signIn('viewer');
  assert.equal((await viewer.get('/api/v1/signins')).status, 403);
});

test('live sessions show address, browser and last use, never the token; 强制下线 ends one at once', async () => {
  const admin = await loggedIn(srv);
  const phone = await signIn('lj_admin', 'demo-2026', 'Phone/1.0');
  const desk = await signIn('lj_admin', 'demo-2026', 'Desk/2.0');
  const token = phone.cookie.split('=')[1];
  const res = await admin.get('/api/v1/sessions?limit=500');
  assert.equal(res.status, 200);
  assert.ok(!res.text.includes(token), 'a session list shows a cookie token');
  const mine = res.json.items.filter((s) => s.username === 'lj_admin');
  const ph = mine.find((s) => s.user_agent === 'Phone/1.0');
  const dk = mine.find((s) => s.user_agent === 'Desk/2.0');
  assert.ok(ph && dk, JSON.stringify(mine));
  assert.match(ph.id, /^[0-9a-f]{24}$/);
  assert.notEqual(ph.id, token);
  assert.equal(ph.client_ip, '127.0.0.1');
  assert.equal(ph.display_name, '廉江市委组织部（演示）');
  assert.match(ph.last_seen_at, /\+08:00$/);
  assert.match(ph.signed_in_at, /\+08:00$/);
  assert.equal(ph.current, false);
  assert.deepEqual(Object.keys(ph).sort(), ['client_ip', 'current', 'display_name', 'id',
    'last_seen_at', 'signed_in_at', 'user_agent', 'user_id', 'username']);
  const adminOwn = res.json.items.filter((s) => s.current);
  assert.equal(adminOwn.length, 1);
  assert.equal(adminOwn[0].username, 'admin');

  // 强制下线: the phone's cookie is refused at once, the desk's still works.
  assert.equal((await phone.get('/api/v1/me')).status, 200);
  assert.equal((await admin.del(`/api/v1/sessions/${ph.id}`)).status, 200);
  assert.equal((await phone.get('/api/v1/me')).status, 401);
  assert.equal((await phone.get('/api/v1/units')).status, 401);
  assert.equal((await desk.get('/api/v1/me')).status, 200);
  const after = (await admin.get('/api/v1/sessions?limit=500')).json.items;
  assert.ok(!after.some((s) => s.id === ph.id));
  assert.equal((await admin.del(`/api/v1/sessions/${ph.id}`)).status, 404);
  // Audited, without the token.
  const audit = (await admin.get('/api/v1/audit?limit=20')).json.items;
  const entry = audit.find((a) => a.action === 'session.force_end');
  assert.ok(entry, JSON.stringify(audit.slice(0, 3)));
  assert.ok(!JSON.stringify(entry).includes(token));
  assert.equal(entry.before.id, ph.id);

  // Malformed ids name no session; the admin's own session is ended by signing out.
  assert.equal((await admin.del('/api/v1/sessions/xyz')).status, 404);
  assert.equal((await admin.del('/api/v1/sessions/' + 'G'.repeat(24))).status, 404);
  const cur = await admin.del(`/api/v1/sessions/${adminOwn[0].id}`);
  assert.equal(cur.status, 422, cur.text);
  assert.equal((await admin.get('/api/v1/me')).status, 200);
  // Without the CSRF header nothing ends.
  const noCsrf = await admin.raw('DELETE', `/api/v1/sessions/${dk.id}`, { headers: { 'X-CSRF-Token': 'x' } });
  assert.equal(noCsrf.status, 403);
  assert.equal((await desk.get('/api/v1/me')).status, 200);
});

test('an admin of a county lists and ends only the sessions of accounts it administers', async () => {
  const lc = await signIn('lc_admin');
  const pozi = await signIn('pozi_secretary', 'demo-2026', 'Pozi/1.0');
  const lj = await signIn('lj_admin', 'demo-2026', 'Lj/3.0');
  const admin = await loggedIn(srv);
  const all = (await admin.get('/api/v1/sessions?limit=500')).json.items;
  const ljSession = all.find((s) => s.user_agent === 'Lj/3.0');
  const adminSession = all.find((s) => s.current);

  const seen = (await lc.get('/api/v1/sessions?limit=500')).json.items;
  const users = new Set(seen.map((s) => s.username));
  assert.ok(users.has('pozi_secretary') && users.has('lc_admin'));
  for (const u of ['lj_admin', 'admin', 'alliance_admin']) assert.ok(!users.has(u), `sees ${u}`);
  // Outside its scope: 404 as for a missing session, and the session lives on.
  for (const s of [ljSession, adminSession]) {
    const r = await lc.del(`/api/v1/sessions/${s.id}`);
    assert.equal(r.status, 404, r.text);
    assert.equal(r.json.error.message, '会话不存在');
  }
  assert.equal((await lj.get('/api/v1/me')).status, 200);
  assert.equal((await admin.get('/api/v1/me')).status, 200);
  // Inside: ended.
  const ps = seen.find((s) => s.user_agent === 'Pozi/1.0');
  assert.equal((await lc.del(`/api/v1/sessions/${ps.id}`)).status, 200);
  assert.equal((await pozi.get('/api/v1/me')).status, 401);
  // A member cannot end anyone's session through the admin path.
  const member = await signIn('pozi_secretary');
  assert.equal((await member.del(`/api/v1/sessions/${ljSession.id}`)).status, 403);
  assert.equal((await lj.get('/api/v1/me')).status, 200);
});

test('every account sees and ends its own other sessions (我的会话)', async () => {
  const a = await signIn('viewer', 'demo-2026', 'First/1');
  const b = await signIn('viewer', 'demo-2026', 'Second/2');
  const other = await signIn('lj_admin', 'demo-2026', 'Other/9');
  const list = (await a.get('/api/v1/me/sessions')).json.items;
  assert.ok(list.every((s) => s.username === 'viewer'));
  const me = list.find((s) => s.current);
  const second = list.find((s) => s.user_agent === 'Second/2');
  assert.equal(me.user_agent, 'First/1');
  assert.ok(second && !second.current);
  // Another account's session id answers as missing; it lives on.
  const admin = await loggedIn(srv);
  const os = (await admin.get('/api/v1/sessions?limit=500')).json.items.find((s) => s.user_agent === 'Other/9');
  const r = await a.del(`/api/v1/me/sessions/${os.id}`);
  assert.equal(r.status, 404);
  assert.equal((await other.get('/api/v1/me')).status, 200);
  // The current session is ended by signing out, not here.
  assert.equal((await a.del(`/api/v1/me/sessions/${me.id}`)).status, 422);
  assert.equal((await a.get('/api/v1/me')).status, 200);
  // The other one ends at once.
  assert.equal((await a.del(`/api/v1/me/sessions/${second.id}`)).status, 200);
  assert.equal((await b.get('/api/v1/me')).status, 401);
  assert.equal((await a.get('/api/v1/me')).status, 200);
  assert.ok(!(await a.get('/api/v1/me/sessions')).json.items.some((s) => s.id === second.id));
  const audit = (await admin.get('/api/v1/audit?limit=20')).json.items;
  assert.ok(audit.some((x) => x.action === 'session.revoke' && x.before.id === second.id));
  // Unknown parameters are refused; signed out, nothing is listed.
  assert.equal((await a.get('/api/v1/me/sessions?user_id=1')).status, 400);
  assert.equal((await new Client(srv.url).get('/api/v1/me/sessions')).status, 401);
});

// Behind nginx every peer is the proxy: with --trusted-proxy its X-Real-IP
// names the client in the sign-in log; a server without the option, or a
// header that is not an address, keeps the peer's address (a client cannot
// choose what the log says about it).
test('--trusted-proxy: the sign-in log records X-Real-IP from the proxy only', async () => {
  const behind = await launch(srv.dbPath, { args: ['--trusted-proxy', '10.9.9.9,127.0.0.1'] });
  try {
    const ua = UA + 'proxy';
    for (const [real, base] of [['203.0.113.7', behind.url], ['not-an-ip', behind.url], ['198.51.100.1', srv.url]]) {
      const r = await new Client(base).post('/api/v1/session', { username: 'viewer', password: 'demo-2026' },
        { headers: { 'User-Agent': ua + real, 'X-Real-IP': real } });
      assert.equal(r.status, 200);
    }
    const admin = await loggedIn(srv);
    const log = (await admin.get('/api/v1/signins?limit=500')).json.items;
    const ip = (real) => log.find((s) => s.user_agent === ua + real).client_ip;
    assert.equal(ip('203.0.113.7'), '203.0.113.7');
    assert.equal(ip('not-an-ip'), '127.0.0.1');
    assert.equal(ip('198.51.100.1'), '127.0.0.1', 'a server without --trusted-proxy trusts no header');
  } finally {
    assert.equal((await behind.stop()).code, 0);
  }
});
