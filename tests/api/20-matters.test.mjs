// Matters: raising, the lifecycle, escalation, progress, figures, types.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv, admin, allianceAdmin, hz, viewer, pozi, units, pozi_org, nalou_org;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  units = (await viewer.get('/api/v1/units?limit=500')).json.items;
  pozi_org = (await viewer.get('/api/v1/orgs?division=450922108216')).json.items[0];
  nalou_org = (await viewer.get('/api/v1/orgs?division=440982117213')).json.items[0];
});
after(async () => { await srv?.stop(); });

const unit = (prefix) => units.find((u) => u.name.startsWith(prefix));
const body = (extra = {}) => ({
  unit_id: unit('坡子').id, title: '边界水渠修复', description: '两村交界水渠损毁，影响灌溉。',
  category: 'revival', type: 'water', divisions: ['450922108216', '440982117213'],
  priority: 'normal', raised_by_org_id: pozi_org.id, ...extra,
});
async function counts() {
  const m = await admin.get('/api/v1/matters?limit=500');
  const a = await admin.get('/api/v1/audit?limit=500');
  return JSON.stringify([m.json.items.map((x) => [x.id, x.status, x.unit.id]), a.json.items.length]);
}

test('a member organisation raises a matter in its village group', async () => {
  const r = await pozi.post('/api/v1/matters', body({ due_on: addDays(todaySh(), 30), figures: { funds_fen: 12000000 } }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'proposed');
  assert.equal(r.json.status_label, '提出');
  assert.equal(r.json.category_label, '共推乡村振兴');
  assert.equal(r.json.type_label, '水利');
  assert.equal(r.json.raised_by_org.id, pozi_org.id);
  assert.equal(r.json.county_code, '450922');
  assert.equal(r.json.figures.funds_fen, 12000000);
  assert.equal(r.json.figures.length_m, null);
  assert.equal(r.json.timeline.length, 1);
  assert.equal(r.json.timeline[0].kind, 'raised');
  assert.deepEqual(r.json.divisions.map((d) => d.name).sort(), ['坡子村委会', '那楼村委会'].sort());
});

test('raising is refused for outsiders and bad input, and writes nothing', async () => {
  const before = await counts();
  const stone = (await viewer.get('/api/v1/orgs?division=450922109210')).json.items[0];
  const cases = [
    [hz, body(), 403],
    [viewer, body(), 403],
    [pozi, body({ raised_by_org_id: stone.id }), 422],
    [pozi, body({ category: 'sports' }), 422],
    [pozi, body({ type: 'aliens' }), 422],
    [pozi, body({ divisions: ['440811100234'] }), 422],
    [pozi, body({ divisions: [] }), 422],
    [pozi, body({ due_on: addDays(todaySh(), -1) }), 422],
    [pozi, body({ due_on: '2026-02-31' }), 422],
    [pozi, body({ priority: 'urgent' }), 422],
    [pozi, body({ figures: { funds_fen: -5 } }), 422],
    [pozi, body({ figures: { money: 5 } }), 422],
    [pozi, body({ title: '' }), 422],
    [pozi, body({ unit_id: 99999 }), 422],
  ];
  for (const [c, b, status] of cases) {
    const r = await c.post('/api/v1/matters', b);
    assert.equal(r.status, status, JSON.stringify(b).slice(0, 200) + ' ' + r.text);
  }
  assert.equal(await counts(), before);
});

test('the lifecycle: legal steps pass, illegal ones are refused with a clear error', async () => {
  const m = (await pozi.post('/api/v1/matters', body({ title: '生命周期测试' }))).json;
  const tr = (to, extra = {}) => allianceAdmin.post(`/api/v1/matters/${m.id}/transitions`, { to, note: '测试', ...extra });
  let r = await tr('resolved', { resolution: 'x' });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.code, 'illegal_transition');
  assert.match(r.json.error.message, /提出.*已解决/);
  r = await tr('studying');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.allowed_transitions.sort(), ['closed', 'escalated', 'in_progress']);
  r = await tr('in_progress');
  assert.equal(r.status, 200);
  r = await tr('resolved');
  assert.equal(r.status, 422, 'resolution summary required');
  assert.equal(r.json.error.field, 'resolution');
  r = await tr('resolved', { resolution: '水渠已修复' });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'resolved');
  assert.equal(r.json.resolution, '水渠已修复');
  assert.equal(r.json.resolved_on, todaySh());
  assert.deepEqual(r.json.allowed_transitions, []);
  r = await tr('closed');
  assert.equal(r.status, 422);
  const kinds = r.json ? (await viewer.get(`/api/v1/matters/${m.id}`)).json.timeline.map((t) => [t.from, t.to]) : [];
  assert.deepEqual(kinds, [[null, 'proposed'], ['proposed', 'studying'], ['studying', 'in_progress'], ['in_progress', 'resolved']]);
});

test('closing needs a reason; non-managers cannot move a matter', async () => {
  const m = (await pozi.post('/api/v1/matters', body({ title: '关闭测试' }))).json;
  const r1 = await allianceAdmin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'closed', note: '' });
  assert.equal(r1.status, 422);
  assert.equal(r1.json.error.field, 'note');
  const other = await loggedIn(srv, 'wushi_leader', 'demo-2026');
  for (const c of [viewer, hz, other]) {
    const r = await c.post(`/api/v1/matters/${m.id}/transitions`, { to: 'studying', note: '越权' });
    assert.equal(r.status, 403);
  }
  assert.equal((await viewer.get(`/api/v1/matters/${m.id}`)).json.status, 'proposed');
  const r2 = await allianceAdmin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'closed', note: '重复提出' });
  assert.equal(r2.status, 200);
  assert.equal(r2.json.closed_reason, '重复提出');
});

test('escalation climbs village → town → county and keeps the history', async () => {
  const m = (await pozi.post('/api/v1/matters', body({ title: '上报测试' }))).json;
  const village = unit('坡子'); const town = unit('乌石'); const county = units.find((u) => u.tier === 'county');
  let r = await allianceAdmin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'escalated', note: '需镇级协调' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit.id, town.id);
  assert.equal(r.json.origin_unit_id, village.id);
  assert.equal(r.json.status, 'escalated');
  r = await allianceAdmin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'escalated', note: '需县级专班' });
  assert.equal(r.json.unit.id, county.id);
  assert.ok(!r.json.allowed_transitions.includes('escalated'));
  r = await allianceAdmin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'escalated', note: '再上报' });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.code, 'illegal_transition');
  const full = await viewer.get(`/api/v1/matters/${m.id}`);
  const esc = full.json.timeline.filter((t) => t.to === 'escalated');
  assert.equal(esc.length, 2);
  assert.match(esc[0].note, /坡子/);
  assert.equal(full.json.timeline[0].unit_id, village.id);
  r = await allianceAdmin.post(`/api/v1/matters/${m.id}/transitions`, { to: 'in_progress', note: '县级推进' });
  assert.equal(r.status, 200);
  const list = await viewer.get(`/api/v1/matters?unit_id=${county.id}`);
  assert.ok(list.json.items.some((x) => x.id === m.id));
});

test('progress notes from the raising organisation; figures and due date by managers', async () => {
  const m = (await pozi.post('/api/v1/matters', body({ title: '进展测试' }))).json;
  const p = await pozi.post(`/api/v1/matters/${m.id}/progress`, { note: '已完成现场勘察' });
  assert.equal(p.status, 201);
  assert.equal(p.json.timeline.at(-1).kind, 'progress');
  assert.equal((await hz.post(`/api/v1/matters/${m.id}/progress`, { note: '越权' })).status, 403);
  assert.equal((await pozi.post(`/api/v1/matters/${m.id}/progress`, { note: '' })).status, 422);
  const f = await allianceAdmin.patch(`/api/v1/matters/${m.id}`, { figures: { funds_fen: 5000000000, people_count: 11, length_m: 10000 }, due_on: addDays(todaySh(), 10) });
  assert.equal(f.status, 200, f.text);
  assert.deepEqual(f.json.figures, { funds_fen: 5000000000, people_count: 11, length_m: 10000, jobs: null });
  assert.equal(f.json.due_on, addDays(todaySh(), 10));
  assert.equal((await hz.patch(`/api/v1/matters/${m.id}`, { priority: 'high' })).status, 403);
  assert.equal((await allianceAdmin.patch(`/api/v1/matters/${m.id}`, { due_on: '2020-01-01' })).status, 422);
});

test('the demo holds the 乌石—坡子 road resolved with its figures', async () => {
  const r = await viewer.get('/api/v1/matters?q=' + encodeURIComponent('乌石—坡子') + '&limit=10');
  const road = r.json.items.find((m) => m.title.includes('断头路'));
  assert.ok(road);
  assert.equal(road.status, 'resolved');
  assert.equal(road.figures.funds_fen, 500000000);
  assert.equal(road.figures.people_count, 11);
  assert.equal(road.figures.length_m, 10000);
  const full = (await viewer.get(`/api/v1/matters/${road.id}`)).json;
  const decision = full.timeline.find((t) => t.to === 'resolved');
  assert.ok(decision.meeting_id);
  const meeting = (await viewer.get(`/api/v1/meetings/${decision.meeting_id}`)).json;
  assert.equal(meeting.convener.name, '王坡生（演示）');
  const duty = (await viewer.get(`/api/v1/units/${meeting.unit.id}/duty?on=${meeting.held_on}`)).json;
  assert.equal(duty.person_id, meeting.convener.id, 'convened during his duty term');
  const resolved = (await viewer.get('/api/v1/matters?status=resolved&limit=500')).json.items;
  assert.ok(resolved.length >= 8);
});

test('filters: status, category, overdue, unit; bad filters are 422', async () => {
  const overdue = await viewer.get('/api/v1/matters?overdue=true');
  assert.ok(overdue.json.items.length >= 1);
  assert.ok(overdue.json.items.every((m) => m.overdue && m.due_on < todaySh()));
  const eco = await viewer.get('/api/v1/matters?category=economy&limit=500');
  assert.ok(eco.json.items.length >= 4 && eco.json.items.every((m) => m.category === 'economy'));
  assert.ok(eco.json.items.every((m) => m.divisions.length >= 2), 'list items carry their divisions');
  for (const q of ['status=done', 'category=x', 'overdue=yes', 'unit_id=abc', 'limit=9999']) {
    assert.equal((await viewer.get('/api/v1/matters?' + q)).status, 422, q);
  }
});

test('matter types: admins extend the list; others cannot', async () => {
  const before = (await viewer.get('/api/v1/matter-types')).json.items;
  assert.deepEqual(before.filter((t) => t.builtin).map((t) => t.label), ['交通', '水利', '边界纠纷', '产业', '治安', '民生', '其他']);
  assert.equal((await viewer.post('/api/v1/matter-types', { key: 'tourism', label: '旅游' })).status, 403);
  assert.equal((await admin.post('/api/v1/matter-types', { key: 'Tour!', label: '旅游' })).status, 422);
  const r = await allianceAdmin.post('/api/v1/matter-types', { key: 'tourism', label: '旅游' });
  assert.equal(r.status, 201);
  assert.equal((await admin.post('/api/v1/matter-types', { key: 'tourism', label: '旅游2' })).status, 409);
  const m = await pozi.post('/api/v1/matters', body({ title: '客源互送', type: 'tourism', category: 'economy' }));
  assert.equal(m.status, 201);
  assert.equal(m.json.type_label, '旅游');
});
