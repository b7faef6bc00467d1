// Answer-cache scopes (src/http/cache.c, src/store/store_sqlite_gen.c): a
// write in one alliance is seen at once in that alliance's answers and
// leaves the other alliance's answers, the divisions' and the dictionaries'
// cached; sign-ins (session bookkeeping) empty nothing; a global write
// (one not confined to an alliance) moves every answer; a second server
// process on the same database file sees the first one's writes, and a
// logout made there ends the session here at once.
//
// Hits and misses are read from /metrics (lianjian_answer_cache_lookups_total)
// of a server with one worker thread, whose cache therefore sees every
// request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';

let srv, srv2, admin, aAdmin, bAdmin;
const A = {}, B = {};

async function ok(p, status = 201) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

async function lookups(s = srv) {
  const t = (await new Client(s.url).get('/metrics')).text;
  const n = (res) => Number(t.match(new RegExp(`lianjian_answer_cache_lookups_total\\{result="${res}"\\} (\\d+)`))[1]);
  return { hit: n('hit'), miss: n('miss') };
}

// GETs path as client c; returns the answer and whether it was a cache hit.
async function read(c, path, s = srv) {
  const m0 = await lookups(s);
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  const m1 = await lookups(s);
  assert.equal(m1.hit + m1.miss, m0.hit + m0.miss + 1, `${path} is a cacheable read`);
  return { r, hit: m1.hit === m0.hit + 1 };
}

const urls = () => ({
  aList: `/api/v1/matters?alliance_id=${A.alliance}`,
  aUnit: `/api/v1/matters?unit_id=${A.unit}&limit=100`,
  aStats: `/api/v1/stats?alliance_id=${A.alliance}&by=month`,
  bList: `/api/v1/matters?alliance_id=${B.alliance}`,
  bStats: `/api/v1/stats?alliance_id=${B.alliance}`,
  divisions: '/api/v1/divisions?parent=440982',
  dictionaries: '/api/v1/dictionaries',
});

before(async () => {
  srv = await startServer({ demo: true, args: ['--threads', '1'] });
  admin = await loggedIn(srv);
  aAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  const a = (await admin.get('/api/v1/alliances')).json.items.find((x) => x.name === '陆廉化党建联建');
  A.alliance = a.id;
  const units = (await admin.get(`/api/v1/units?alliance_id=${a.id}&limit=500`)).json.items;
  A.unit = units.find((u) => u.name.startsWith('坡子')).id;
  A.org = (await admin.get('/api/v1/orgs?division=450922108216')).json.items[0].id;
  A.matter = (await ok(admin.post('/api/v1/matters', {
    unit_id: A.unit, title: '缓存范围事项（甲）', description: '甲联建的事项',
    category: 'revival', type: 'water', divisions: ['450922108216'],
    priority: 'normal', raised_by_org_id: A.org,
  }))).id;

  B.alliance = (await ok(admin.post('/api/v1/alliances', {
    name: '容雷党建联建', counties: ['450921', '440882'], description: '另一个联建',
  }))).id;
  B.unit = (await ok(admin.post('/api/v1/units', {
    alliance_id: B.alliance, tier: 'county', name: '容雷联建工作专班', divisions: ['450921', '440882'],
  }))).id;
  B.org = (await ok(admin.post('/api/v1/orgs', {
    name: '新南社区党支部', division: '450921100003', kind: 'village_branch',
  }))).id;
  await ok(admin.post(`/api/v1/units/${B.unit}/members`, { org_id: B.org }));
  B.matter = (await ok(admin.post('/api/v1/matters', {
    unit_id: B.unit, title: '缓存范围事项（乙）', description: '乙联建的事项',
    category: 'revival', type: 'water', divisions: ['450921100003'],
    priority: 'normal', raised_by_org_id: B.org,
  }))).id;
  await ok(admin.post('/api/v1/users', {
    username: 'b_admin', password: 'b-admin-2026-pass', display_name: '乙联建管理员',
    grants: [{ role: 'alliance_admin', scope_type: 'alliance', scope_id: B.alliance }],
  }));
  bAdmin = await loggedIn(srv, 'b_admin', 'b-admin-2026-pass');
});

after(async () => {
  if (srv2) assert.equal((await srv2.stop()).code, 0);
  assert.equal((await srv.stop()).code, 0);
});

// Reads every URL twice (the second a hit); returns the bodies by name.
async function warm() {
  const u = urls();
  const who = { aList: aAdmin, aUnit: aAdmin, aStats: aAdmin, bList: bAdmin, bStats: bAdmin,
    divisions: bAdmin, dictionaries: aAdmin };
  const bodies = {};
  for (const [k, path] of Object.entries(u)) {
    await read(who[k], path);
    const { r, hit } = await read(who[k], path);
    assert.ok(hit, `${k}: the second read is served from the cache`);
    bodies[k] = r.text;
  }
  return { who, bodies };
}

test('a write in alliance A is seen at once in A\'s answers; B\'s, the divisions\' and the dictionaries\' stay cached', async () => {
  const { who, bodies } = await warm();
  const u = urls();
  const t = await aAdmin.post(`/api/v1/matters/${A.matter}/transitions`, { to: 'studying', note: '范围' });
  assert.equal(t.status, 200, t.text);

  for (const k of ['aList', 'aUnit']) {
    const { r, hit } = await read(who[k], u[k]);
    assert.equal(hit, false, `${k} must be computed again`);
    assert.equal(r.json.items.find((m) => m.id === A.matter).status, 'studying');
  }
  for (const k of ['bList', 'bStats', 'divisions', 'dictionaries']) {
    const { r, hit } = await read(who[k], u[k]);
    assert.ok(hit, `${k} survives a write in another alliance`);
    assert.equal(r.text, bodies[k]);
  }
  // what stayed cached is what the database says: the same bytes from a
  // server without any cache
  const nc = await launch(srv.dbPath, { env: { LIANJIAN_NO_CACHE: '1' } });
  try {
    const b2 = await loggedIn(nc, 'b_admin', 'b-admin-2026-pass');
    for (const k of ['bList', 'bStats', 'divisions']) assert.equal((await b2.get(u[k])).text, bodies[k]);
  } finally {
    assert.equal((await nc.stop()).code, 0);
  }
});

test('a write in B moves B\'s answers and leaves A\'s', async () => {
  const { who, bodies } = await warm();
  const u = urls();
  // updated_at has whole seconds: the note lands in a later second than
  // anything the warm answers hold, so the fresh list differs from them
  await new Promise((res) => setTimeout(res, 1010 - (Date.now() % 1000)));
  const p = await bAdmin.post(`/api/v1/matters/${B.matter}/progress`, { note: '乙的进展' });
  assert.equal(p.status, 201, p.text);
  const { r, hit } = await read(bAdmin, u.bList);
  assert.equal(hit, false);
  assert.notEqual(r.json.items.find((m) => m.id === B.matter).updated_at, undefined);
  assert.notEqual(r.text, bodies.bList, 'the progress note moved the matter\'s updated_at');
  for (const k of ['aList', 'aUnit', 'aStats', 'divisions']) {
    const x = await read(who[k], u[k]);
    assert.ok(x.hit, `${k} survives a write in B`);
    assert.equal(x.r.text, bodies[k]);
  }
  // a progress note changes no statistics roll-up: B's statistics stay
  const s = await read(bAdmin, u.bStats);
  assert.ok(s.hit, 'B\'s statistics survive a progress note in B');
  assert.equal(s.r.text, bodies.bStats);
});

test('a write that is refused moves nothing, and a sign-in empties no answer', async () => {
  const { who, bodies } = await warm();
  const u = urls();
  // the alliance admin of A may not touch B's matter: refused, nothing written
  const bad = await aAdmin.post(`/api/v1/matters/${B.matter}/progress`, { note: '越权' });
  assert.ok([403, 404].includes(bad.status), bad.text);
  const again = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  for (const k of Object.keys(u)) {
    const x = await read(k === 'aList' ? again : who[k], u[k]);
    if (k !== 'aList') assert.ok(x.hit, `${k} stays cached across a refused write and a sign-in`);
    assert.equal(x.r.text, bodies[k]);
  }
});

test('a global write (a new matter type) moves every answer', async () => {
  const { who, bodies } = await warm();
  const u = urls();
  const t = await admin.post('/api/v1/matter-types', { key: 'cache_scope', label: '缓存范围' });
  assert.equal(t.status, 201, t.text);
  for (const k of Object.keys(u)) {
    const x = await read(who[k], u[k]);
    assert.equal(x.hit, false, `${k} is computed again after a global write`);
    if (k !== 'dictionaries') assert.equal(x.r.text, bodies[k]);
  }
});

test('another server process on the same file: its writes are seen here at once, its logouts too', async () => {
  srv2 = await launch(srv.dbPath, { args: ['--threads', '1'] });
  const { who, bodies } = await warm();
  const u = urls();
  const a2 = await loggedIn(srv2, 'alliance_admin', 'demo-2026');
  const t = await a2.post(`/api/v1/matters/${A.matter}/transitions`, { to: 'in_progress', note: '另一进程' });
  assert.equal(t.status, 200, t.text);
  const { r, hit } = await read(aAdmin, u.aList);
  assert.equal(hit, false);
  assert.equal(r.json.items.find((m) => m.id === A.matter).status, 'in_progress');
  const x = await read(bAdmin, u.bList);
  assert.ok(x.hit, 'B\'s answer survives the other process\'s write in A');
  assert.equal(x.r.text, bodies.bList);

  // a session used here (and so cached by this worker) ended by a logout
  // on the other server is refused here at once
  const c = await loggedIn(srv, 'viewer', 'demo-2026');
  assert.equal((await c.get('/api/v1/me')).status, 200);
  assert.equal((await c.get(u.aList)).status, 200);
  const same = new Client(srv2.url);
  same.cookie = c.cookie;
  same.csrf = c.csrf;
  assert.equal((await same.del('/api/v1/session')).status, 200);
  const gone = await c.get(u.aList);
  assert.equal(gone.status, 401, gone.text);
  assert.equal((await c.get('/api/v1/me')).status, 401);
  // and the others' sessions are untouched
  assert.equal((await aAdmin.get('/api/v1/me')).status, 200);
});

// The list writes its answer straight into the buffer (api_matter_json.c);
// the detail of one matter still builds a jansson tree (api_matter_json).
// On the demo data every list item is the detail's object, field by field
// and in the same order, less the detail's own fields.
test('every listed matter is, field by field and in order, its detail without the detail\'s own fields', async () => {
  const seen = new Set();
  let cursor = null, pages = 0;
  do {
    const r = await admin.get(`/api/v1/matters?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json), ['items', 'next_cursor']);
    for (const item of r.json.items) {
      const d = await admin.get(`/api/v1/matters/${item.id}`);
      assert.equal(d.status, 200, d.text);
      const { timeline, allowed_transitions: at, can_manage: cm, ...rest } = d.json;
      assert.ok(Array.isArray(timeline) && Array.isArray(at) && typeof cm === 'boolean');
      assert.deepEqual(Object.keys(item), Object.keys(rest), `matter ${item.id}: the same fields in the same order`);
      assert.deepEqual(item, rest, `matter ${item.id}`);
      seen.add(item.id);
    }
    cursor = r.json.next_cursor;
    pages++;
  } while (cursor);
  assert.ok(seen.size >= 10 && pages >= 3, `${seen.size} matters compared`);
  assert.ok(seen.has(A.matter) && seen.has(B.matter));
});

// Finer than the alliance: a list of one unit's matters depends on that
// unit's matters only. An escalation moves the matter from its unit's list
// to the parent's at once; a third unit's list of the same alliance stays
// cached.
test('a unit\'s list outlives writes on other units\' matters; an escalation moves between two lists at once', async () => {
  const units = (await admin.get(`/api/v1/units?alliance_id=${A.alliance}&limit=500`)).json.items;
  const mine = units.find((x) => x.id === A.unit);
  assert.ok(mine.parent_id, 'the village group has a town workstation above it');
  const other = units.find((x) => x.id !== A.unit && x.id !== mine.parent_id && x.tier === 'village');
  assert.ok(other);
  const list = (id) => `/api/v1/matters?unit_id=${id}&limit=100`;
  for (const id of [A.unit, mine.parent_id, other.id]) {
    await read(aAdmin, list(id));
    assert.ok((await read(aAdmin, list(id))).hit);
  }
  const before = (await read(aAdmin, list(other.id))).r.text;
  const t = await aAdmin.post(`/api/v1/matters/${A.matter}/transitions`, { to: 'escalated', note: '上报' });
  assert.equal(t.status, 200, t.text);
  const from = await read(aAdmin, list(A.unit));
  assert.equal(from.hit, false);
  assert.ok(!from.r.json.items.some((m) => m.id === A.matter), 'gone from its unit\'s list');
  const to = await read(aAdmin, list(mine.parent_id));
  assert.equal(to.hit, false);
  assert.equal(to.r.json.items.find((m) => m.id === A.matter).status, 'escalated');
  const third = await read(aAdmin, list(other.id));
  assert.ok(third.hit, 'another unit\'s list of the same alliance stays cached');
  assert.equal(third.r.text, before);
  // the alliance's statistics moved (an escalation counts there)
  const s = await read(aAdmin, urls().aStats);
  assert.equal(s.hit, false);
});

// The key is what the reader reaches: accounts reaching the same alliances
// share an answer; one that reaches others is never handed it.
test('accounts reaching the same alliance share an answer; one reaching another is never handed it', async () => {
  const viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  const u = urls();
  await read(aAdmin, u.aList);
  const a = await read(aAdmin, u.aList);
  assert.ok(a.hit);
  assert.ok(a.r.json.items.some((m) => m.id === A.matter));
  const v = await read(viewer, u.aList);
  assert.ok(v.hit, 'the viewer of A reaches what the admin of A reaches');
  assert.equal(v.r.text, a.r.text);
  for (const c of [bAdmin, bAdmin]) {
    const b = await c.get(u.aList);
    assert.ok(b.status === 200 || b.status === 404, b.text);
    assert.ok(!b.text.includes(`"id":${A.matter},`), 'B\'s admin never gets A\'s matters');
  }
});
