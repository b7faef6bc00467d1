// Joint meetings: who convenes, attendance by county, minutes, decisions
// moving matters, handovers, the inbox and consistent statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv, admin, allianceAdmin, viewer, pozi, duty, unitId, allianceId, dutyTerm;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  const units = (await viewer.get('/api/v1/units?limit=500')).json.items;
  unitId = units.find((u) => u.name.startsWith('坡子')).id;
  allianceId = units[0].alliance_id;
  dutyTerm = (await viewer.get(`/api/v1/units/${unitId}/duty`)).json;
  // An account for today's duty secretary.
  const r = await admin.post('/api/v1/users', {
    username: 'duty_today', password: 'duty-today-1', display_name: dutyTerm.person_name,
    person_id: dutyTerm.person_id, grants: [{ role: 'member', scope_type: 'org', scope_id: dutyTerm.org_id }],
  });
  assert.equal(r.status, 201, r.text);
  duty = await loggedIn(srv, 'duty_today', 'duty-today-1');
});
after(async () => { await srv?.stop(); });

async function snapshot() {
  const m = await admin.get('/api/v1/meetings?limit=500');
  const a = await admin.get('/api/v1/audit?limit=500');
  const s = await admin.get(`/api/v1/stats?alliance_id=${allianceId}`);
  return JSON.stringify([m.json.items.map((x) => x.id), a.json.items.length, s.json.total]);
}

async function newMatter(title) {
  const org = (await viewer.get(`/api/v1/orgs?unit_id=${unitId}`)).json.items.find((o) => o.id === dutyTerm.org_id);
  const r = await duty.post('/api/v1/matters', {
    unit_id: unitId, title, description: '测试事项', category: 'revival', type: 'traffic',
    divisions: ['450922108216'], priority: 'normal', raised_by_org_id: org.id,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const meeting = (agenda, extra = {}) => ({
  unit_id: unitId, title: '边界事项研判会', held_on: todaySh(), place_division: '450922108216',
  agenda, invited_org_ids: [], ...extra,
});

test('a secretary who is not on duty cannot convene: 403, nothing written', async () => {
  assert.notEqual(dutyTerm.person_name, '王坡生（演示）', 'the demo keeps 坡子 off duty today');
  const m = await newMatter('非轮值召集测试');
  const before = await snapshot();
  const r = await pozi.post('/api/v1/meetings', meeting([m.id]));
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'not_on_duty');
  const r2 = await viewer.post('/api/v1/meetings', meeting([m.id]));
  assert.equal(r2.status, 403);
  const r3 = await allianceAdmin.post('/api/v1/meetings', meeting([m.id]));
  assert.equal(r3.status, 403, 'an alliance admin needs a reason to override');
  assert.equal(r3.json.error.field, 'override_reason');
  assert.equal(await snapshot(), before);
});

test('an alliance admin may override with a reason, and it is audited', async () => {
  const m = await newMatter('代召集测试');
  const r = await allianceAdmin.post('/api/v1/meetings', meeting([m.id], { override_reason: '轮值书记因公出差，联建管理员代为召集' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.convener, null);
  assert.equal(r.json.override_reason, '轮值书记因公出差，联建管理员代为召集');
  const audit = (await admin.get('/api/v1/audit?limit=5')).json.items;
  assert.ok(audit.some((a) => a.action === 'meeting.convene_override' && a.object_id === String(r.json.id)));
});

test('the duty secretary convenes, records attendance per county, minutes and decisions', async () => {
  const m1 = await newMatter('会议决定办结');
  const m2 = await newMatter('会议决定指派');
  const other = await newMatter('不在议程');
  const members = (await viewer.get(`/api/v1/units/${unitId}`)).json.members;
  const statsBefore = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}`)).json.total;
  const r = await duty.post('/api/v1/meetings', meeting([m1.id, m2.id], { invited_org_ids: members.map((o) => o.id) }));
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.convener.id, dutyTerm.person_id);
  assert.equal(r.json.agenda.length, 2);
  assert.equal(r.json.invited.length, members.length);
  // attendance
  const att = await duty.put(`/api/v1/meetings/${id}/attendance`, { person_ids: members.map((o) => o.secretary.id) });
  assert.equal(att.status, 200, att.text);
  const byCounty = Object.fromEntries(att.json.attendance_by_county.map((c) => [c.name, c.n]));
  assert.deepEqual(byCounty, { 陆川县: 2, 化州市: 2 });
  assert.equal((await duty.put(`/api/v1/meetings/${id}/attendance`, { person_ids: [999999] })).status, 422);
  assert.equal((await viewer.put(`/api/v1/meetings/${id}/minutes`, { text: '越权' })).status, 403);
  const min = await duty.put(`/api/v1/meetings/${id}/minutes`, { text: '会议研究了两项边界事项。' });
  assert.equal(min.json.minutes, '会议研究了两项边界事项。');
  // a decision on a matter not on the agenda
  const bad = await duty.post(`/api/v1/meetings/${id}/decisions`, { matter_id: other.id, action: 'resolve', note: 'x', resolution: 'x' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.code, 'not_on_agenda');
  assert.equal((await viewer.get(`/api/v1/matters/${other.id}`)).json.status, 'proposed');
  // resolving straight from proposed is illegal through decisions too
  const illegal = await duty.post(`/api/v1/meetings/${id}/decisions`, { matter_id: m1.id, action: 'resolve', note: '办结', resolution: '已修好' });
  assert.equal(illegal.status, 422);
  assert.equal(illegal.json.error.code, 'illegal_transition');
  await duty.post(`/api/v1/matters/${m1.id}/transitions`, { to: 'studying', note: '研判' });
  await duty.post(`/api/v1/matters/${m1.id}/transitions`, { to: 'in_progress', note: '推进' });
  const ok = await duty.post(`/api/v1/meetings/${id}/decisions`, { matter_id: m1.id, action: 'resolve', note: '办结', resolution: '已修好' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.decisions.length, 1);
  const after = (await viewer.get(`/api/v1/matters/${m1.id}`)).json;
  assert.equal(after.status, 'resolved');
  assert.equal(after.timeline.at(-1).meeting_id, id);
  // assign and set a due date
  const pozi_person = members.find((o) => o.name.startsWith('坡子')).secretary.id;
  const as = await duty.post(`/api/v1/meetings/${id}/decisions`, { matter_id: m2.id, action: 'assign', note: '由坡子村负责', person_id: pozi_person });
  assert.equal(as.status, 201);
  const due = await duty.post(`/api/v1/meetings/${id}/decisions`, { matter_id: m2.id, action: 'set_due', note: '月底前完成', due_on: addDays(todaySh(), 20) });
  assert.equal(due.status, 201);
  const m2after = (await viewer.get(`/api/v1/matters/${m2.id}`)).json;
  assert.equal(m2after.assignees[0].person_id, pozi_person);
  assert.equal(m2after.due_on, addDays(todaySh(), 20));
  const statsAfter = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}`)).json.total;
  assert.equal(statsAfter.resolved, statsBefore.resolved + 1);
  assert.equal(statsAfter.meetings, statsBefore.meetings + 1);
  assert.equal(statsAfter.attendance, statsBefore.attendance + 4);
  // the assignee's inbox
  const inbox = await pozi.get('/api/v1/inbox');
  const note = inbox.json.items.find((n) => n.kind === 'matter_assigned' && n.object_id === m2.id);
  assert.ok(note, JSON.stringify(inbox.json.items.map((n) => n.kind)));
  assert.ok(inbox.json.unread >= 1);
  const read = await pozi.post(`/api/v1/inbox/${note.id}/read`);
  assert.equal(read.status, 200);
  assert.equal(read.json.unread, inbox.json.unread - 1);
  assert.equal((await duty.post(`/api/v1/inbox/${note.id}/read`)).status, 404, 'not their message');
});

test('new matters and invitations reach the inbox', async () => {
  const before = (await pozi.get('/api/v1/inbox')).json;
  const m = await newMatter('收件箱测试');
  const after = (await pozi.get('/api/v1/inbox')).json;
  assert.ok(after.items.some((n) => n.kind === 'matter_new' && n.object_id === m.id));
  assert.equal(after.unread, before.unread + 1);
  const members = (await viewer.get(`/api/v1/units/${unitId}`)).json.members;
  const r = await duty.post('/api/v1/meetings', meeting([m.id], { invited_org_ids: members.map((o) => o.id), title: '邀请测试会' }));
  assert.equal(r.status, 201);
  const inv = (await pozi.get('/api/v1/inbox')).json.items.find((n) => n.kind === 'meeting_invite' && n.object_id === r.json.id);
  assert.ok(inv);
});

test('meeting input errors: dates, places, agenda; nothing written', async () => {
  const m = await newMatter('输入校验');
  const before = await snapshot();
  const cases = [
    meeting([m.id], { held_on: '2026-02-30' }),
    meeting([m.id], { place_division: '440811100234' }),
    meeting([m.id], { place_division: '12' }),
    meeting([999999]),
    meeting([m.id, m.id]),
    meeting([m.id], { invited_org_ids: [999999] }),
    meeting([m.id], { title: '' }),
    meeting([m.id], { extra: 1 }),
  ];
  for (const b of cases) {
    const r = await duty.post('/api/v1/meetings', b);
    assert.equal(r.status, 422, JSON.stringify(b) + r.text);
  }
  assert.equal(await snapshot(), before);
});

test('the handover of the current term lists open matters and the last meeting decisions', async () => {
  const r = await viewer.get(`/api/v1/units/${unitId}/handovers`);
  const cur = r.json.items.find((h) => h.on === dutyTerm.starts_on);
  assert.ok(cur, 'a handover for the current term');
  assert.equal(cur.incoming.id, dutyTerm.person_id);
  assert.ok(cur.open_matters.some((m) => m.title === '边界治安联防巡逻'), JSON.stringify(cur.open_matters));
  assert.ok(cur.last_decisions.some((d) => d.matter_title.includes('断头路')), JSON.stringify(cur.last_decisions));
});

test('statistics add up: groups to the total, units roll up to the county task force', async () => {
  const units = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}&by=unit`)).json;
  const keys = ['raised', 'resolved', 'escalated', 'overdue', 'meetings', 'attendance'];
  const sum = (gs, k, f = (g) => g) => gs.reduce((s, g) => s + f(g)[k], 0);
  for (const k of keys) assert.equal(sum(units.groups, k), units.total[k], k);
  const top = units.groups.find((g) => g.tier === 'county');
  for (const k of keys) assert.equal(top.rollup[k], units.total[k], 'county tier roll-up ' + k);
  for (const g of units.groups) {
    const kids = units.groups.filter((c) => c.parent_id === Number(g.key));
    for (const k of keys) assert.equal(g.rollup[k], g[k] + sum(kids, k, (c) => c.rollup), `${g.label} ${k}`);
  }
  for (const by of ['county', 'category', 'month']) {
    const s = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}&by=${by}`)).json;
    for (const k of keys) assert.equal(sum(s.groups, k), s.total[k], `${by} ${k}`);
    assert.deepEqual(s.total, { ...units.total });
  }
  const cats = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}&by=category`)).json.groups.map((g) => g.label);
  for (const l of ['共建红色组织', '共推乡村振兴', '共架人才桥梁', '共设联育平台', '共兴实体经济']) assert.ok(cats.includes(l));
  assert.ok(units.total.resolved >= 8);
  assert.equal(typeof units.total.mean_days_to_resolve, 'number');
  // a window that excludes everything raised
  const empty = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}&from=2000-01-01&to=2000-12-31`)).json;
  assert.equal(empty.total.raised, 0);
  assert.equal(empty.total.meetings, 0);
  for (const q of ['', '&by=week', '&from=2026-13-01', '&from=2026-05-01&to=2026-04-01']) {
    const r = await viewer.get(`/api/v1/stats?alliance_id=${q ? allianceId : ''}${q}`);
    assert.equal(r.status, 422, q);
  }
});
