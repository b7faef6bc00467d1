// The organisation system: alliances, three-tier units, organisations,
// people, posts — validation and cross-border permissions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';

let srv, admin, allianceAdmin, hz, lc, viewer;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  lc = await loggedIn(srv, 'lc_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
});
after(async () => { await srv?.stop(); });

async function auditLen() {
  const r = await admin.get('/api/v1/audit?limit=500');
  return r.json.items.length;
}

test('the demo alliance joins three counties across the provincial border', async () => {
  const r = await viewer.get('/api/v1/alliances');
  assert.equal(r.status, 200);
  const a = r.json.items.find((x) => x.name === '陆廉化党建联建');
  assert.ok(a);
  assert.deepEqual(a.counties.map((c) => c.code).sort(), ['440881', '440982', '450922']);
  const provinces = new Set(a.counties.map((c) => c.province));
  assert.deepEqual([...provinces].sort(), ['广东省', '广西壮族自治区']);
  const units = await viewer.get(`/api/v1/units?alliance_id=${a.id}`);
  const tiers = units.json.items.map((u) => u.tier);
  assert.equal(tiers.filter((t) => t === 'county').length, 1);
  assert.ok(tiers.filter((t) => t === 'town').length >= 2);
  assert.ok(tiers.filter((t) => t === 'village').length >= 3);
  const villages = units.json.items.filter((u) => u.tier === 'village').flatMap((u) => u.divisions.map((d) => d.name));
  for (const v of ['坡子村委会', '石垌村委会', '新屋仔村委会', '柑村村委会']) assert.ok(villages.includes(v), v);
});

test('alliances: admin only, two or more real counties, unique name', async () => {
  const n = await auditLen();
  const bad = [
    [allianceAdmin, { name: '新联建', counties: ['450922', '440881'] }, 403],
    [admin, { name: '新联建', counties: ['450922'] }, 422],
    [admin, { name: '新联建', counties: ['450922', '450922'] }, 422],
    [admin, { name: '新联建', counties: ['450922', '4409'] }, 422],
    [admin, { name: '新联建', counties: ['450922', '999999'] }, 422],
    [admin, { name: '陆廉化党建联建', counties: ['450922', '440881'] }, 409],
    [admin, { name: '新联建', counties: ['450922', 440881] }, 422],
  ];
  for (const [c, body, status] of bad) {
    const r = await c.post('/api/v1/alliances', body);
    assert.equal(r.status, status, JSON.stringify(body) + r.text);
  }
  assert.equal(await auditLen(), n);
  const ok = await admin.post('/api/v1/alliances', { name: '陆川—廉江联建', counties: ['450922', '440881'], description: '测试' });
  assert.equal(ok.status, 201);
  assert.equal(ok.json.counties.length, 2);
  const g = await admin.get(`/api/v1/alliances/${ok.json.id}`);
  assert.equal(g.json.name, '陆川—廉江联建');
  // The demo viewer's grant is on the demo alliance, not on this one.
  assert.equal((await viewer.get(`/api/v1/alliances/${ok.json.id}`)).status, 404);
});

async function demoAlliance() {
  const r = await admin.get('/api/v1/alliances');
  return r.json.items.find((x) => x.name === '陆廉化党建联建');
}

test('units: wrong level, outside the alliance or from one county are refused; nothing written', async () => {
  const a = await demoAlliance();
  const before = (await admin.get(`/api/v1/units?alliance_id=${a.id}&limit=500`)).json.items.length;
  const n = await auditLen();
  const town = (divisions, extra = {}) => ({ alliance_id: a.id, tier: 'town', name: '测试工作站', divisions, ...extra });
  const cases = [
    [town(['450922108', '450922109']), 'divisions', /至少两个县/],           // one county
    [town(['450922108', '440982117000']), 'divisions', /乡镇级/],          // wrong level
    [town(['450922108', '440811100']), 'divisions', /不在本联建/],          // outside alliance (湛江 霞山)
    [town(['450922108']), 'divisions', /至少需要两个/],
    [town(['450922108', '999999999']), 'divisions', /不存在/],
    [{ alliance_id: a.id, tier: 'county', name: '第二个专班' }, null, /只能有一个/],
    [{ alliance_id: a.id, tier: 'village', name: '小组', divisions: ['450922108216', '440982117213'] }, 'parent_id', /所属/],
  ];
  for (const [body, field, msg] of cases) {
    const r = await allianceAdmin.post('/api/v1/units', body);
    assert.ok(r.status === 422 || r.status === 409, r.text);
    if (field) assert.equal(r.json.error.field, field);
    assert.match(r.json.error.message, msg);
  }
  // A village group whose villages are outside its workstation's towns.
  const units = (await admin.get(`/api/v1/units?alliance_id=${a.id}&tier=town`)).json.items;
  const wushi = units.find((u) => u.name.startsWith('乌石'));
  const r = await allianceAdmin.post('/api/v1/units', {
    alliance_id: a.id, tier: 'village', name: '越界小组', parent_id: wushi.id,
    divisions: ['450922109210', '440881104205'],
  });
  assert.equal(r.status, 422);
  assert.match(r.json.error.message, /不在上级工作站/);
  // County staff cannot create units.
  const f = await hz.post('/api/v1/units', town(['450922108', '440982116']));
  assert.equal(f.status, 403);
  assert.equal((await admin.get(`/api/v1/units?alliance_id=${a.id}&limit=500`)).json.items.length, before);
  assert.equal(await auditLen(), n);
  const ok = await allianceAdmin.post('/api/v1/units', {
    alliance_id: a.id, tier: 'village', name: '沙井—岭下联建小组', parent_id: wushi.id,
    divisions: ['450922108201', '440982116207'],
  });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.parent_id, wushi.id);
});

test('a 化州 account cannot edit 陆川 organisations or people: 403, nothing changes', async () => {
  const lcOrgs = await viewer.get('/api/v1/orgs?division=450922108216');
  const pozi = lcOrgs.json.items[0];
  assert.equal(pozi.name, '坡子村党总支部');
  const n = await auditLen();
  const r1 = await hz.post('/api/v1/orgs', { name: '越权党支部', division: '450922108201', kind: 'village_branch' });
  assert.equal(r1.status, 403);
  const r2 = await hz.post('/api/v1/people', { name: '越权人员', org_id: pozi.id, position: '党员' });
  assert.equal(r2.status, 403);
  const people = await viewer.get(`/api/v1/people?org_id=${pozi.id}`);
  const r3 = await hz.put(`/api/v1/orgs/${pozi.id}/secretary`, { person_id: people.json.items[0].id });
  assert.equal(r3.status, 403);
  assert.equal(await auditLen(), n);
  const after = await viewer.get(`/api/v1/orgs/${pozi.id}`);
  assert.equal(after.json.secretary.id, pozi.secretary.id);
  assert.ok(!(await viewer.get('/api/v1/orgs?q=' + encodeURIComponent('越权'))).json.items.length);
  // The same actions in their own county work.
  const own = await hz.post('/api/v1/orgs', { name: '那训村党支部', division: '440982117201', kind: 'village_branch' });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.county_code, '440982');
  assert.equal(own.json.division.path[1].name, '茂名市');
});

test('organisations: kind must fit the division level; people phones validated', async () => {
  const bad = [
    { name: '镇党委', division: '440982117201', kind: 'town_committee' },
    { name: '村支部', division: '440982117', kind: 'village_branch' },
    { name: '村支部', division: '44098211720', kind: 'village_branch' },
    { name: '村支部', division: '440982117201', kind: 'party' },
    { name: '村支部', division: '坡子坡子坡子坡子坡子坡子', kind: 'village_branch' },
  ];
  for (const b of bad) {
    const r = await hz.post('/api/v1/orgs', b);
    assert.equal(r.status, 422, JSON.stringify(b));
  }
  const org = (await hz.get('/api/v1/orgs?q=' + encodeURIComponent('那训'))).json.items[0];
  for (const phone of ['1234', '2345678901a', '23456789012']) {
    const r = await hz.post('/api/v1/people', { name: '张三', org_id: org.id, position: '委员', phone });
    assert.equal(r.status, 422, phone);
    assert.equal(r.json.error.field, 'phone');
  }
  const ok = await hz.post('/api/v1/people', { name: '张三', org_id: org.id, position: '委员', phone: '13800138000' });
  assert.equal(ok.status, 201);
  assert.equal(ok.json.phone, '13800138000');
  // Guangxi staff do not see a Guangdong person's phone number.
  const seen = await lc.get(`/api/v1/people/${ok.json.id}`);
  assert.equal(seen.json.phone, null);
  assert.equal(seen.json.phone_hidden, true);
  assert.equal((await hz.get(`/api/v1/people/${ok.json.id}`)).json.phone, '13800138000');
});

test('secretary changes keep the history; nothing is overwritten', async () => {
  const org = (await hz.get('/api/v1/orgs?q=' + encodeURIComponent('那训'))).json.items[0];
  const a = await hz.post('/api/v1/people', { name: '甲书记', org_id: org.id, position: '书记' });
  const b = await hz.post('/api/v1/people', { name: '乙书记', org_id: org.id, position: '书记' });
  assert.equal((await hz.put(`/api/v1/orgs/${org.id}/secretary`, { person_id: a.json.id })).status, 200);
  const r = await hz.put(`/api/v1/orgs/${org.id}/secretary`, { person_id: b.json.id });
  assert.equal(r.status, 200);
  assert.equal(r.json.secretary.name, '乙书记');
  const h = r.json.secretary_history;
  assert.equal(h.length, 2);
  assert.equal(h[0].person_name, '乙书记');
  assert.equal(h[0].until, null);
  assert.equal(h[1].person_name, '甲书记');
  assert.ok(h[1].until);
  // A person of another organisation cannot be its secretary.
  const other = (await viewer.get('/api/v1/people?q=' + encodeURIComponent('那福'))).json.items[0];
  const bad = await hz.put(`/api/v1/orgs/${org.id}/secretary`, { person_id: other.id });
  assert.equal(bad.status, 422);
});

test('unit members come from its divisions; the leader is a member secretary; leader history kept', async () => {
  const a = await demoAlliance();
  const units = (await admin.get(`/api/v1/units?alliance_id=${a.id}&tier=village`)).json.items;
  const pozi = units.find((u) => u.name.startsWith('坡子'));
  const outside = (await viewer.get('/api/v1/orgs?q=' + encodeURIComponent('石垌'))).json.items[0];
  const r = await allianceAdmin.post(`/api/v1/units/${pozi.id}/members`, { org_id: outside.id });
  assert.equal(r.status, 422);
  const dup = (await viewer.get('/api/v1/orgs?q=' + encodeURIComponent('坡子'))).json.items[0];
  assert.equal((await allianceAdmin.post(`/api/v1/units/${pozi.id}/members`, { org_id: dup.id })).status, 409);
  assert.equal((await hz.post(`/api/v1/units/${pozi.id}/members`, { org_id: dup.id })).status, 403);
  const full = await viewer.get(`/api/v1/units/${pozi.id}`);
  assert.equal(full.json.members.length, 4);
  const nalou = full.json.members.find((m) => m.name.startsWith('那楼'));
  const notSecretary = await hz.post('/api/v1/people', { name: '普通党员', org_id: nalou.id, position: '党员' });
  const l1 = await allianceAdmin.put(`/api/v1/units/${pozi.id}/leader`, { person_id: notSecretary.json.id });
  assert.equal(l1.status, 422);
  const l2 = await allianceAdmin.put(`/api/v1/units/${pozi.id}/leader`, { person_id: nalou.secretary.id });
  assert.equal(l2.status, 200);
  assert.equal(l2.json.leader.id, nalou.secretary.id);
  assert.equal(l2.json.leader_history.length, 2);
  assert.ok(l2.json.leader_history[1].until);
});

test('reads need a session; lists page; bad filters are refused', async () => {
  const anon = await fetch(srv.url + '/api/v1/orgs');
  assert.equal(anon.status, 401);
  const p1 = await viewer.get('/api/v1/orgs?limit=5');
  assert.equal(p1.json.items.length, 5);
  const p2 = await viewer.get(`/api/v1/orgs?limit=5&cursor=${p1.json.next_cursor}`);
  assert.ok(p2.json.items[0].id > p1.json.items[4].id);
  assert.equal((await viewer.get('/api/v1/units?tier=province')).status, 422);
  assert.equal((await viewer.get('/api/v1/orgs?division=abc')).status, 422);
  assert.equal((await viewer.get('/api/v1/units/99999')).status, 404);
  assert.equal((await viewer.get('/api/v1/people/abc')).status, 404);
});
