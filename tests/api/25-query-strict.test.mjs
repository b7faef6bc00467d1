// Strict query strings (src/http/query.c): every GET endpoint with
// parameters is sent NUL bytes, invalid UTF-8, repeated, unknown, over-long
// and malformed values. A NUL or invalid UTF-8 is 400 invalid_utf8 (as in
// bodies); a repeated or unknown name is 400 invalid_query; a known parameter with a bad value is 422 invalid; the
// offending parameter is always in `field`, and a good value still works.
// Writes take no query parameter at all and refuse one before they run.
// Also: the session cookie gets Secure with --secure-cookies (TLS in front).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';

let srv, admin, viewer, pozi, ids;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  const alliance = (await viewer.get('/api/v1/alliances')).json.items[0].id;
  const unit = (await viewer.get(`/api/v1/units?alliance_id=${alliance}&limit=500`)).json.items
    .find((u) => u.name.startsWith('坡子')).id;
  const org = (await viewer.get('/api/v1/orgs?division=450922108216')).json.items[0].id;
  const person = (await viewer.get(`/api/v1/people?org_id=${org}`)).json.items[0].id;
  ids = { alliance, unit, org, person };
});
after(async () => {
  assert.equal((await srv.stop()).code, 0);
});

// Bad values per type: each must be 422 with the parameter in `field`.
const LONG_DIGITS = '1'.repeat(25);
const BAD = {
  id: ['0', '-1', '+1', ' 1', '1 ', '01', '1.0', '1e3', 'abc', '0x10', '', '9223372036854775808', LONG_DIGITS],
  limit: ['0', '501', '-1', '+5', '05', ' 5', 'abc', '', '99999999999999999999'],
  cursor: ['abc', '-1', '1a', ' 1', LONG_DIGITS],
  enum: ['x', '', 'RESOLVED', 'resolved ', ' resolved', 'county,town', 'x'.repeat(300)],
  code: ['abc', '1', '123', '12345', '1234567', '45092210821', '4509221082160', '45092a', ' 450922', '', LONG_DIGITS],
  county: ['45092', '4509221', '45092a', '', '450922108'],
  date: ['2025-02-29', '2026-13-01', '2026-00-10', '2026-1-01', '20260101', '2026-01-01x', '2026-01-01 ', '', '2026-01-01'.repeat(30)],
  bool: ['yes', '1', 'TRUE', 'True', '', 'truee', 'false '],
  text: ['村'.repeat(33), 'a'.repeat(1000)],
  max_level: ['0', '6', '-1', 'x', ''],
};
// A good value per type (besides the base query's).
const GOOD = {
  id: () => String(ids.alliance), limit: () => '10', cursor: () => '1', enum: () => 'x', code: () => '450922',
  county: () => '450922', date: () => '2026-05-01', bool: () => 'true', text: () => '坡子', max_level: () => '4',
};

// Every GET endpoint with parameters: a base query that answers 200, and
// the type of each parameter it reads.
const endpoints = () => [
  { who: admin, path: '/api/v1/users', base: {}, params: { limit: 'limit', cursor: 'cursor' } },
  { who: admin, path: '/api/v1/audit', base: {}, params: { limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/divisions', base: { parent: '450922' }, params: { parent: 'code', limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/divisions', base: { q: '坡子' }, params: { q: 'text', max_level: 'max_level' } },
  { who: viewer, path: '/api/v1/alliances', base: {}, params: { limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/units', base: { alliance_id: ids.alliance, tier: 'village' }, params: { alliance_id: 'id', tier: 'enum', limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/orgs', base: { division: '450922', unit_id: ids.unit, q: '坡子' }, params: { division: 'code', unit_id: 'id', q: 'text', limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/people', base: { org_id: ids.org, county: '450922' }, params: { org_id: 'id', county: 'county', q: 'text', limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/matters', base: { alliance_id: ids.alliance, status: 'resolved', category: 'revival', overdue: 'false' }, params: { unit_id: 'id', alliance_id: 'id', assignee_person_id: 'id', status: 'enum', category: 'enum', q: 'text', overdue: 'bool', limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/matter-types', base: {}, params: { limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: '/api/v1/meetings', base: { unit_id: ids.unit }, params: { unit_id: 'id', alliance_id: 'id', limit: 'limit', cursor: 'cursor' } },
  { who: viewer, path: `/api/v1/units/${ids.unit}/rotation`, base: { from: '2026-01-01', to: '2026-03-31' }, params: { from: 'date', to: 'date' } },
  { who: viewer, path: `/api/v1/units/${ids.unit}/duty`, base: { on: '2026-05-01' }, params: { on: 'date' }, ok: [200, 404] },
  { who: viewer, path: '/api/v1/stats', base: { alliance_id: ids.alliance, by: 'county' }, params: { alliance_id: 'id', from: 'date', to: 'date', by: 'enum' } },
  { who: pozi, path: '/api/v1/inbox', base: {}, params: { limit: 'limit', cursor: 'cursor' } },
];

// Builds "a=1&b=2" from [name, raw already-encoded value] pairs.
const qs = (pairs) => pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&');
const enc = (v) => encodeURIComponent(String(v));
const baseExcept = (ep, name) => Object.entries(ep.base).filter(([k]) => k !== name).map(([k, v]) => [k, enc(v)]);

async function expectError(ep, query, status, field, tag) {
  const r = await ep.who.get(`${ep.path}?${query}`);
  assert.equal(r.status, status, `${ep.path}?${query}: ${r.text}`);
  assert.equal(r.json?.error?.field, field, `${ep.path}?${query}: ${r.text}`);
  assert.equal(r.json.error.code, tag, `${ep.path}?${query}: ${r.text}`);
  assert.ok(/[\u4e00-\u9fff]/.test(r.json.error.message), r.text);
}

test('every endpoint answers its good base query', async () => {
  for (const ep of endpoints()) {
    const r = await ep.who.get(`${ep.path}?${qs(baseExcept(ep, null))}`);
    assert.ok((ep.ok || [200]).includes(r.status), `${ep.path}: ${r.status} ${r.text}`);
  }
});

test('a NUL byte anywhere in a value is 400 invalid_utf8, not a shorter value', async () => {
  for (const ep of endpoints()) {
    for (const [name, type] of Object.entries(ep.params)) {
      const good = enc(ep.base[name] ?? GOOD[type]());
      for (const v of [`${good}%00junk`, `%00${good}`, `${good}%00`, '%00']) {
        await expectError(ep, qs([...baseExcept(ep, name), [name, v]]), 400, name, 'invalid_utf8');
      }
    }
  }
  // the issue's own examples
  await expectError({ who: viewer, path: '/api/v1/divisions' }, 'parent=45%00junk', 400, 'parent', 'invalid_utf8');
  await expectError({ who: viewer, path: '/api/v1/matters' }, 'status=resolved%00x', 400, 'status', 'invalid_utf8');
});

test('invalid UTF-8 in a value (bare, truncated, overlong, surrogate) is 400 invalid_utf8', async () => {
  for (const ep of endpoints()) {
    for (const [name, type] of Object.entries(ep.params)) {
      const good = enc(ep.base[name] ?? GOOD[type]());
      for (const v of ['%FF', '%C3%28', '%C0%AF', '%E0%80%AF', '%ED%A0%80', '%F4%90%80%80', `${good}%E5%9D`, `%FE${good}`]) {
        await expectError(ep, qs([...baseExcept(ep, name), [name, v]]), 400, name, 'invalid_utf8');
      }
    }
  }
});

test('bad bytes in a parameter name are 400 invalid_utf8', async () => {
  for (const ep of endpoints()) {
    const base = baseExcept(ep, null);
    await expectError(ep, qs([...base, ['a%00b', '1']]), 400, 'a?b', 'invalid_utf8');
    await expectError(ep, qs([...base, ['%FF', '1']]), 400, '?', 'invalid_utf8');
    await expectError(ep, qs([...base, ['x%C0%AF', '1']]), 400, 'x??', 'invalid_utf8');
    await expectError(ep, qs([...base, ['%E5%9D%A1%FF', '1']]), 400, '坡?', 'invalid_utf8');
  }
});

test('a parameter given twice is 400 naming it, even with the same value', async () => {
  for (const ep of endpoints()) {
    for (const [name, type] of Object.entries(ep.params)) {
      const good = enc(ep.base[name] ?? GOOD[type]());
      await expectError(ep, qs([...baseExcept(ep, name), [name, good], [name, good]]), 400, name, 'invalid_query');
      await expectError(ep, qs([[name, good], ...baseExcept(ep, name), [name, '']]), 400, name, 'invalid_query');
    }
  }
});

test('an unknown parameter is 400 naming it (a typo does not widen the answer)', async () => {
  for (const ep of endpoints()) {
    const base = baseExcept(ep, null);
    for (const name of ['staus', 'x', '_', 'LIMIT', 'unit_id%20', 'q[]', '村']) {
      await expectError(ep, qs([...base, [name, '1']]), 400, decodeURIComponent(name), 'invalid_query');
    }
    await expectError(ep, qs([...base, ['_t', '1712345678']]), 400, '_t', 'invalid_query');
    await expectError(ep, qs([...base, ['flag', null]]), 400, 'flag', 'invalid_query');
    const long = await ep.who.get(`${ep.path}?${qs([...base, ['n'.repeat(65), '1']])}`);
    assert.equal(long.status, 400, long.text);
    assert.equal(long.json.error.code, 'invalid_query');
    assert.match(long.json.error.field, /^n{32,64}$/);
  }
  // endpoints without parameters take none
  for (const path of ['/api/v1/me', `/api/v1/units/${ids.unit}`, `/api/v1/orgs/${ids.org}`, `/api/v1/people/${ids.person}`,
    `/api/v1/alliances/${ids.alliance}`, `/api/v1/units/${ids.unit}/handovers`, '/api/v1/divisions/450922', '/healthz']) {
    assert.equal((await viewer.get(path)).status, 200, path);
    await expectError({ who: viewer, path }, 'x=1', 400, 'x', 'invalid_query');
  }
  // too many parameters
  const many = Array.from({ length: 17 }, (_, i) => [`p${i}`, '1']);
  const r = await viewer.get(`/api/v1/matters?${qs(many)}`);
  assert.equal(r.status, 400);
  assert.equal(r.json.error.code, 'invalid_query');
});

test('malformed and over-long values are 422 with the parameter as field; good ones work', async () => {
  for (const ep of endpoints()) {
    for (const [name, type] of Object.entries(ep.params)) {
      let bad = BAD[type];
      // parent= means the provinces, division= no filter
      if (name === 'parent' || name === 'division') bad = bad.filter((v) => v !== '');
      for (const v of bad) {
        await expectError(ep, qs([...baseExcept(ep, name), [name, enc(v)]]), 422, name, 'invalid');
      }
      if (type === 'enum' || type === 'cursor') continue;
      const good = ep.base[name] ?? GOOD[type]();
      const r = await ep.who.get(`${ep.path}?${qs([...baseExcept(ep, name), [name, enc(good)]])}`);
      assert.ok((ep.ok || [200]).includes(r.status), `${ep.path} ${name}=${good}: ${r.text}`);
    }
  }
});

test('good values: full-length codes, edge limits, big ids, empty cursor and parent', async () => {
  const ok = async (c, path) => {
    const r = await c.get(path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return r.json;
  };
  assert.ok((await ok(viewer, '/api/v1/divisions?parent=')).items.length >= 1);
  assert.ok((await ok(viewer, '/api/v1/divisions?parent=45&limit=500')).items.length >= 1);
  assert.equal((await ok(viewer, '/api/v1/divisions?parent=450922108')).items.length > 0, true);
  assert.ok((await ok(viewer, '/api/v1/orgs?division=450922108216')).items.length >= 1);
  assert.ok((await ok(viewer, '/api/v1/orgs?division=&limit=500')).items.length > 1);
  assert.equal((await ok(viewer, '/api/v1/matters?unit_id=9223372036854775807')).items.length, 0);
  assert.equal((await ok(viewer, '/api/v1/matters?limit=1&cursor=')).items.length, 1);
  assert.equal((await ok(viewer, '/api/v1/matters?limit=500&cursor=1')).items.length, 0); // ids run downwards
  const resolved = (await ok(viewer, '/api/v1/matters?status=resolved&limit=500')).items;
  assert.ok(resolved.length >= 1 && resolved.every((m) => m.status === 'resolved'));
  const all = (await ok(viewer, '/api/v1/matters?limit=500')).items;
  assert.ok(all.length > resolved.length, 'the filter filters');
  // '+' and %20 decode to a space in free text, which is fine there
  await ok(viewer, '/api/v1/people?q=%E5%9D%A1+%E5%AD%90');
  // the leap day is a real date
  await ok(viewer, `/api/v1/units/${ids.unit}/rotation?from=2024-02-29&to=2024-03-31`);
});

test('the answer cache tells an escaped & or = from a real one', async () => {
  const real = await viewer.get('/api/v1/divisions?q=%E5%9D%A1%E5%AD%90&max_level=5');
  assert.equal(real.status, 200);
  assert.ok(real.json.items.length >= 1);
  // the same bytes once joined: one parameter q = "坡子&max_level=5", no such name
  const joined = await viewer.get('/api/v1/divisions?q=%E5%9D%A1%E5%AD%90%26max_level%3D5');
  assert.equal(joined.status, 200);
  assert.equal(joined.json.items.length, 0, joined.text);
  const pct = await viewer.get('/api/v1/divisions?q=%E5%9D%A1%E5%AD%90%2526max_level%253D5');
  assert.equal(pct.json.items.length, 0, pct.text);
});

test('a write refuses any query parameter before it runs, and writes nothing', async () => {
  const count = async () => (await viewer.get(`/api/v1/matters?unit_id=${ids.unit}&limit=500`)).json.items.length;
  const before = await count();
  const org = (await viewer.get(`/api/v1/orgs?unit_id=${ids.unit}`)).json.items[0].id;
  const body = {
    unit_id: ids.unit, title: '查询参数测试', description: '不应写入', category: 'revival', type: 'traffic',
    divisions: ['450922108216', '440982117213'], priority: 'normal', raised_by_org_id: org,
  };
  for (const [q, tag] of [['dry_run=1', 'invalid_query'], ['x', 'invalid_query'], ['a%00=1', 'invalid_utf8'], ['unit_id=1%FF', 'invalid_utf8']]) {
    const r = await pozi.post(`/api/v1/matters?${q}`, body);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(r.json.error.code, tag);
  }
  assert.equal(await count(), before);
  // the login, too (so a password can never travel in a URL by accident)
  const c = new Client(srv.url);
  const r = await c.post('/api/v1/session?username=admin', { username: 'viewer', password: 'demo-2026' });
  assert.equal(r.status, 400);
  assert.equal(c.cookie, null);
  // and the same write without a query works
  assert.equal((await pozi.post('/api/v1/matters', body)).status, 201);
  assert.equal(await count(), before + 1);
});

test('static pages ignore the query (the front end is served as is)', async () => {
  const r = await fetch(`${srv.url}/?v=1&v=2&x=%FF`);
  assert.ok([200, 404].includes(r.status));
  assert.notEqual(r.status, 400);
});

// --- Secure session cookies ------------------------------------------------

async function cookieFlags(s) {
  const c = new Client(s.url);
  const login = await c.raw('POST', '/api/v1/session', { body: { username: 'viewer', password: 'demo-2026' } });
  assert.equal(login.status, 200, login.text);
  c.csrf = login.json.csrf_token;
  const out = await c.del('/api/v1/session');
  assert.equal(out.status, 200, out.text);
  return [login.headers.get('set-cookie'), out.headers.get('set-cookie')];
}

test('without --secure-cookies the session cookie has no Secure (plain-HTTP local use)', async () => {
  for (const sc of await cookieFlags(srv)) {
    assert.match(sc, /^lj_session=[^;]*; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    assert.doesNotMatch(sc, /Secure/);
  }
});

test('--secure-cookies and LIANJIAN_SECURE_COOKIES=1 add Secure on login and logout', async () => {
  for (const opts of [{ args: ['--secure-cookies'] }, { env: { LIANJIAN_SECURE_COOKIES: '1' } }]) {
    const s = await launch(srv.dbPath, opts);
    try {
      const [login, logout] = await cookieFlags(s);
      assert.match(login, /^lj_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
      assert.match(logout, /^lj_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0; Secure$/);
    } finally {
      assert.equal((await s.stop()).code, 0);
    }
  }
  // LIANJIAN_SECURE_COOKIES=0 leaves it off
  const s = await launch(srv.dbPath, { env: { LIANJIAN_SECURE_COOKIES: '0' } });
  try {
    for (const sc of await cookieFlags(s)) assert.doesNotMatch(sc, /Secure/);
  } finally {
    assert.equal((await s.stop()).code, 0);
  }
});
