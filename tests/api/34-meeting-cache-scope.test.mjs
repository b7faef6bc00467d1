// Answer-cache scopes of meeting writes (src/domain/meeting.c declares the
// meeting's alliance and unit, src/store/store_sqlite_gen.c): convening a
// meeting in alliance A, its attendance, minutes and decisions are seen at
// once in A's answers (the meetings list and the meeting, which are not
// cached, A's statistics, the matters list of the matter decided on) and leave B's answers, another unit's matters list of A,
// the divisions and the dictionaries cached; what stayed cached is what a
// server without any cache answers.
//
// Hits and misses are read from /metrics (lianjian_answer_cache_lookups_total)
// of a server with one worker thread, whose cache therefore sees every
// request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch } from '../lib/server.mjs';
import { Client, loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv, admin, aAdmin, bAdmin;
const A = {}, B = {};

async function ok(p, status = 201) {
  const r = await p;
  assert.equal(r.status, status, r.text);
  return r.json;
}

async function lookups() {
  const t = (await new Client(srv.url).get('/metrics')).text;
  const n = (res) => Number(t.match(new RegExp(`lianjian_answer_cache_lookups_total\\{result="${res}"\\} (\\d+)`))[1]);
  return { hit: n('hit'), miss: n('miss') };
}

// GETs path as client c; returns the answer and whether it was a cache hit.
async function read(c, path) {
  const m0 = await lookups();
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  const m1 = await lookups();
  assert.equal(m1.hit + m1.miss, m0.hit + m0.miss + 1, `${path} is a cacheable read`);
  return { r, hit: m1.hit === m0.hit + 1 };
}

// What must stay cached across a meeting write in A, and who reads it.
const kept = () => ({
  bList: [`/api/v1/matters?alliance_id=${B.alliance}`, bAdmin],
  bUnit: [`/api/v1/matters?unit_id=${B.unit}`, bAdmin],
  bStats: [`/api/v1/stats?alliance_id=${B.alliance}&by=month`, bAdmin],
  aOther: [`/api/v1/matters?unit_id=${A.other}&limit=100`, aAdmin],
  divisions: ['/api/v1/divisions?parent=440982', bAdmin],
  dictionaries: ['/api/v1/dictionaries', aAdmin],
});

before(async () => {
  srv = await startServer({ demo: true, args: ['--threads', '1'] });
  admin = await loggedIn(srv);
  aAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  const a = (await admin.get('/api/v1/alliances')).json.items.find((x) => x.name === '陆廉化党建联建');
  A.alliance = a.id;
  const units = (await admin.get(`/api/v1/units?alliance_id=${a.id}&limit=500`)).json.items;
  const mine = units.find((u) => u.name.startsWith('坡子'));
  A.unit = mine.id;
  A.other = units.find((u) => u.id !== mine.id && u.id !== mine.parent_id && u.tier === 'village').id;
  A.org = (await admin.get('/api/v1/orgs?division=450922108216')).json.items[0].id;
  A.person = (await admin.get(`/api/v1/people?org_id=${A.org}`)).json.items[0].id;
  A.matter = (await ok(admin.post('/api/v1/matters', {
    unit_id: A.unit, title: '会议缓存范围事项（甲）', description: '甲联建的事项',
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
  await ok(admin.post('/api/v1/matters', {
    unit_id: B.unit, title: '会议缓存范围事项（乙）', description: '乙联建的事项',
    category: 'revival', type: 'water', divisions: ['450921100003'],
    priority: 'normal', raised_by_org_id: B.org,
  }));
  await ok(admin.post('/api/v1/users', {
    username: 'b_admin', password: 'b-admin-2026-pass', display_name: '乙联建管理员',
    grants: [{ role: 'alliance_admin', scope_type: 'alliance', scope_id: B.alliance }],
  }));
  bAdmin = await loggedIn(srv, 'b_admin', 'b-admin-2026-pass');
});

after(async () => {
  assert.equal((await srv.stop()).code, 0);
});

// Reads every kept URL twice (the second a hit); returns the bodies by name.
async function warm(extra = {}) {
  const all = { ...kept(), ...extra };
  const bodies = {};
  for (const [k, [path, c]] of Object.entries(all)) {
    await read(c, path);
    const { r, hit } = await read(c, path);
    assert.ok(hit, `${k}: the second read is served from the cache`);
    bodies[k] = r.text;
  }
  return bodies;
}

async function assertKept(bodies, what) {
  for (const [k, [path, c]] of Object.entries(kept())) {
    const { r, hit } = await read(c, path);
    assert.ok(hit, `${k} survives ${what}`);
    assert.equal(r.text, bodies[k], k);
  }
}

const aStats = () => `/api/v1/stats?alliance_id=${A.alliance}`;
const aMeetings = () => `/api/v1/meetings?alliance_id=${A.alliance}&limit=500`;

test('convening a meeting in A, its attendance and minutes: seen at once in A\'s answers, B\'s and another unit\'s stay cached', async () => {
  const stats0 = (await read(aAdmin, aStats())).r.json.total;
  let bodies = await warm({ aStats: [aStats(), aAdmin] });

  const m = await ok(aAdmin.post('/api/v1/meetings', {
    unit_id: A.unit, title: '缓存范围联席会', held_on: todaySh(), place_division: '450922108216',
    agenda: [A.matter], invited_org_ids: [], override_reason: '测试：联建管理员代为召集',
  }));
  A.meeting = m.id;
  const list = await ok(aAdmin.get(aMeetings()), 200);
  assert.ok(list.items.some((x) => x.id === m.id), 'A\'s meetings list shows it');
  const s1 = await read(aAdmin, aStats());
  assert.equal(s1.hit, false, 'A\'s statistics are computed again');
  assert.equal(s1.r.json.total.meetings, stats0.meetings + 1);
  await assertKept(bodies, 'a meeting convened in A');

  bodies = await warm({ aStats: [aStats(), aAdmin] });
  await ok(aAdmin.put(`/api/v1/meetings/${m.id}/attendance`, { person_ids: [A.person] }), 200);
  const s2 = await read(aAdmin, aStats());
  assert.equal(s2.hit, false);
  assert.equal(s2.r.json.total.attendance, stats0.attendance + 1);
  await assertKept(bodies, 'attendance recorded in A');

  const detail = `/api/v1/meetings/${m.id}`;
  bodies = await warm();
  await ok(aAdmin.put(`/api/v1/meetings/${m.id}/minutes`, { text: '缓存范围纪要' }), 200);
  const d = await ok(aAdmin.get(detail), 200);
  assert.equal(d.minutes, '缓存范围纪要');
  assert.equal(d.attendance.length, 1);
  await assertKept(bodies, 'minutes written in A');

  // what stayed cached is what the database says: the same bytes from a
  // server without any cache
  const nc = await launch(srv.dbPath, { env: { LIANJIAN_NO_CACHE: '1' } });
  try {
    const b2 = await loggedIn(nc, 'b_admin', 'b-admin-2026-pass');
    const a2 = await loggedIn(nc, 'alliance_admin', 'demo-2026');
    for (const [k, [path, c]] of Object.entries(kept()))
      assert.equal((await (c === bAdmin ? b2 : a2).get(path)).text, bodies[k], k);
  } finally {
    assert.equal((await nc.stop()).code, 0);
  }
});

test('a decision moves the matter\'s unit list at once and leaves the others cached', async () => {
  assert.ok(A.meeting, 'the meeting of the test before');
  const unitList = `/api/v1/matters?unit_id=${A.unit}&limit=100`;
  const bodies = await warm({ aUnit: [unitList, aAdmin] });
  const due = addDays(todaySh(), 25);
  await ok(aAdmin.post(`/api/v1/meetings/${A.meeting}/decisions`,
    { matter_id: A.matter, action: 'set_due', note: '会议定下期限', due_on: due }));
  const u = await read(aAdmin, unitList);
  assert.equal(u.hit, false, 'the decided matter\'s unit list is computed again');
  assert.equal(u.r.json.items.find((x) => x.id === A.matter).due_on, due);
  await assertKept(bodies, 'a decision in A');
});

test('a meeting write that is refused moves nothing', async () => {
  assert.ok(A.meeting);
  const detail = `/api/v1/meetings/${A.meeting}`;
  const before = { detail: (await ok(aAdmin.get(detail), 200)), list: (await ok(aAdmin.get(aMeetings()), 200)) };
  const bodies = await warm({ aStats: [aStats(), aAdmin] });
  const bad = await bAdmin.put(`/api/v1/meetings/${A.meeting}/minutes`, { text: '越权纪要' });
  assert.equal(bad.status, 404, bad.text);
  const bad2 = await bAdmin.post('/api/v1/meetings', {
    unit_id: A.unit, title: '越权会议', held_on: todaySh(), place_division: '450922108216',
    agenda: [], invited_org_ids: [], override_reason: '越权',
  });
  assert.ok([403, 404, 422].includes(bad2.status), bad2.text);
  await assertKept(bodies, 'refused meeting writes');
  const s = await read(aAdmin, aStats());
  assert.ok(s.hit, 'A\'s statistics stay cached');
  assert.equal(s.r.text, bodies.aStats);
  // and nothing changed
  assert.deepEqual(await ok(aAdmin.get(detail), 200), before.detail);
  assert.deepEqual(await ok(aAdmin.get(aMeetings()), 200), before.list);
  assert.equal(before.detail.minutes, '缓存范围纪要');
});
