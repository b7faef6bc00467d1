// Meeting rules: a meeting is planned until its day (no attendance, minutes
// or decisions, and not in the statistics), and minutes are never saved
// empty by accident.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, dbQuery, ENGINE } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv, allianceAdmin, viewer, pozi, unitId, allianceId, poziOrg, members;
before(async () => {
  srv = await startServer({ demo: true });
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  pozi = await loggedIn(srv, 'pozi_secretary', 'demo-2026');
  const units = (await viewer.get('/api/v1/units?limit=500')).json.items;
  unitId = units.find((u) => u.name.startsWith('坡子')).id;
  allianceId = units[0].alliance_id;
  poziOrg = (await viewer.get('/api/v1/orgs?division=450922108216')).json.items[0];
  members = (await viewer.get(`/api/v1/units/${unitId}`)).json.members;
});
after(async () => { await srv?.stop(); });

async function newMatter(title) {
  const r = await pozi.post('/api/v1/matters', {
    unit_id: unitId, title, description: '会议规则测试事项', category: 'revival', type: 'traffic',
    divisions: ['450922108216'], priority: 'normal', raised_by_org_id: poziOrg.id,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// The alliance admin convenes for any date, with a reason.
async function convene(heldOn, agenda) {
  const r = await allianceAdmin.post('/api/v1/meetings', {
    unit_id: unitId, title: '会议规则测试会', held_on: heldOn, place_division: '450922108216',
    agenda, invited_org_ids: [], override_reason: '测试：联建管理员代为召集',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Everything the statistics report for periods ending today, and for a
// window around the meeting's own day.
async function statsOf(day) {
  const q = `/api/v1/stats?alliance_id=${allianceId}`;
  const all = (await viewer.get(q)).json.total;
  const toToday = (await viewer.get(`${q}&to=${todaySh()}`)).json.total;
  const byMonth = (await viewer.get(`${q}&by=month`)).json.groups;
  const around = (await viewer.get(`${q}&from=${addDays(day, -3)}&to=${addDays(day, 3)}`)).json.total;
  return { all, toToday, byMonth, around };
}

test('a meeting dated in the future is planned: no attendance, minutes or decisions, not counted', async () => {
  const day = addDays(todaySh(), 60);
  const matter = await newMatter('未来会议议程事项');
  const statsBefore = await statsOf(day);
  const m = await convene(day, [matter.id]);
  assert.equal(m.status, 'planned');
  const listed = (await viewer.get('/api/v1/meetings?limit=500')).json.items.find((x) => x.id === m.id);
  assert.equal(listed.status, 'planned');
  const meetingBefore = (await viewer.get(`/api/v1/meetings/${m.id}`)).json;

  const att = await allianceAdmin.put(`/api/v1/meetings/${m.id}/attendance`,
    { person_ids: members.map((o) => o.secretary.id) });
  assert.equal(att.status, 422, att.text);
  assert.equal(att.json.error.code, 'meeting_not_held');
  assert.ok(att.json.error.message.includes(day), att.text);
  const min = await allianceAdmin.put(`/api/v1/meetings/${m.id}/minutes`, { text: '提前写好的纪要' });
  assert.equal(min.status, 422, min.text);
  assert.equal(min.json.error.code, 'meeting_not_held');
  const dec = await allianceAdmin.post(`/api/v1/meetings/${m.id}/decisions`,
    { matter_id: matter.id, action: 'set_due', note: '提前决定', due_on: addDays(day, 30) });
  assert.equal(dec.status, 422, dec.text);
  assert.equal(dec.json.error.code, 'meeting_not_held');

  const meetingAfter = (await viewer.get(`/api/v1/meetings/${m.id}`)).json;
  assert.deepEqual(meetingAfter, meetingBefore);
  assert.equal(meetingAfter.attendance.length, 0);
  assert.equal(meetingAfter.minutes, '');
  assert.equal(meetingAfter.decisions.length, 0);
  const matterAfter = (await viewer.get(`/api/v1/matters/${matter.id}`)).json;
  assert.equal(matterAfter.due_on, matter.due_on);
  assert.deepEqual(await statsOf(day), statsBefore, 'a planned meeting is not in the statistics');
});

test('a meeting dated today is held and takes attendance, minutes and decisions', async () => {
  const day = todaySh();
  const matter = await newMatter('当日会议议程事项');
  const before = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}`)).json.total;
  const m = await convene(day, [matter.id]);
  assert.equal(m.status, 'held');
  const ids = members.map((o) => o.secretary.id);
  const att = await allianceAdmin.put(`/api/v1/meetings/${m.id}/attendance`, { person_ids: ids });
  assert.equal(att.status, 200, att.text);
  const min = await allianceAdmin.put(`/api/v1/meetings/${m.id}/minutes`, { text: '当日会议纪要' });
  assert.equal(min.status, 200, min.text);
  assert.equal(min.json.minutes, '当日会议纪要');
  const dec = await allianceAdmin.post(`/api/v1/meetings/${m.id}/decisions`,
    { matter_id: matter.id, action: 'set_due', note: '月底前完成', due_on: addDays(day, 20) });
  assert.equal(dec.status, 201, dec.text);
  const after = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}`)).json.total;
  assert.equal(after.meetings, before.meetings + 1);
  assert.equal(after.attendance, before.attendance + ids.length);
  const toToday = (await viewer.get(`/api/v1/stats?alliance_id=${allianceId}&to=${day}`)).json.total;
  assert.equal(toToday.meetings, after.meetings);
});

test('empty minutes: refused first, and over existing ones only with clear', async () => {
  const m = await convene(todaySh(), []);
  const url = `/api/v1/meetings/${m.id}/minutes`;
  for (const text of ['', '   ']) {
    const r = await allianceAdmin.put(url, { text });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.code, 'minutes_empty');
    assert.equal(r.json.error.message, '纪要不能为空');
  }
  assert.equal((await allianceAdmin.put(url, { text: '', clear: true })).status, 422,
    'nothing to clear yet');
  const ok = await allianceAdmin.put(url, { text: '第一版纪要' });
  assert.equal(ok.status, 200, ok.text);
  const noConfirm = await allianceAdmin.put(url, { text: '' });
  assert.equal(noConfirm.status, 422, noConfirm.text);
  assert.equal(noConfirm.json.error.code, 'minutes_clear_unconfirmed');
  assert.ok(noConfirm.json.error.message.includes('确认'), noConfirm.text);
  assert.equal((await allianceAdmin.put(url, { text: '', clear: false })).status, 422);
  assert.equal((await allianceAdmin.put(url, { text: '', clear: 'yes' })).status, 422);
  assert.equal((await viewer.get(`/api/v1/meetings/${m.id}`)).json.minutes, '第一版纪要');
  const cleared = await allianceAdmin.put(url, { text: '', clear: true });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.minutes, '');
  assert.equal((await viewer.get(`/api/v1/meetings/${m.id}`)).json.minutes, '');
});

// ---- changing and cancelling a planned meeting ----

function sql(q) {
  return dbQuery(srv.dbPath, q);
}
const auditCount = () => Number(sql('SELECT count(*) FROM audit'));
// The meeting counters (rows counting nothing left out).
// (group_concat on SQLite, string_agg on PostgreSQL; rows in key order)
const agg = (x) => (ENGINE === 'postgresql' ? `string_agg(${x}, ',' ORDER BY ${x})` : `group_concat(${x})`);
const statRows = () => sql(`SELECT (SELECT ${agg("day||county_code||meetings||attendance")} FROM stat_meeting_daily WHERE meetings<>0 OR attendance<>0), `
  + `(SELECT ${agg("month||county_code||meetings||attendance")} FROM stat_meeting_monthly WHERE meetings<>0 OR attendance<>0), `
  + `(SELECT ${agg("month||county_code||meetings||attendance")} FROM stat_meeting_by_month WHERE meetings<>0 OR attendance<>0)`);

async function conveneInviting(heldOn, orgIds) {
  const r = await allianceAdmin.post('/api/v1/meetings', {
    unit_id: unitId, title: '变更测试会', held_on: heldOn, place_division: '450922108216',
    agenda: [], invited_org_ids: orgIds, override_reason: '测试：联建管理员代为召集',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// A refused write leaves the meeting and the audit log as they were.
async function refused(p, status, code) {
  const before = (await viewer.get(p.url)).json;
  const audits = auditCount();
  const r = await p.send();
  assert.equal(r.status, status, r.text);
  if (code) assert.equal(r.json.error.code, code, r.text);
  assert.deepEqual((await viewer.get(p.url)).json, before);
  assert.equal(auditCount(), audits);
  return r;
}

test('a planned meeting is changed before its day; invitees are told', async () => {
  const day = addDays(todaySh(), 40);
  const m = await conveneInviting(day, [poziOrg.id]);
  const url = `/api/v1/meetings/${m.id}`;
  const newDay = addDays(todaySh(), 45);
  const audits = auditCount();
  const r = await allianceAdmin.patch(url, {
    title: '变更后的会议', held_on: newDay, place_division: '450922108216', invited_org_ids: [poziOrg.id],
    override_reason: '测试：改期',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.title, '变更后的会议');
  assert.equal(r.json.held_on, newDay);
  assert.equal(r.json.status, 'planned');
  assert.equal(auditCount(), audits + 1);
  assert.equal(sql(`SELECT action FROM audit ORDER BY id DESC LIMIT 1`), 'meeting.change');
  const inbox = (await pozi.get('/api/v1/inbox')).json.items;
  const note = inbox.find((n) => n.kind === 'meeting_change' && n.object_id === m.id);
  assert.ok(note, JSON.stringify(inbox.map((n) => n.kind)));
  assert.ok(note.title.includes(newDay), note.title);

  // refused: bad input, a date before today, no right, nothing to change
  const p = (body, who = allianceAdmin) => ({ url, send: () => who.patch(url, body) });
  await refused(p({ held_on: addDays(todaySh(), -1) }), 422);
  await refused(p({ title: '' }), 422);
  await refused(p({}), 422);
  await refused(p({ unit_id: unitId }), 422);
  await refused(p({ place_division: '440982000000' }), 422);
  await refused(p({ invited_org_ids: [999999] }), 422);
  await refused(p({ title: '越权修改' }, viewer), 403);
  await refused({ url, send: () => allianceAdmin.patch('/api/v1/meetings/999999', { title: 'x' }) }, 404);
});

test('a held meeting cannot be changed or cancelled', async () => {
  const m = await conveneInviting(todaySh(), []);
  const url = `/api/v1/meetings/${m.id}`;
  const r1 = await refused({ url, send: () => allianceAdmin.patch(url, { title: '会后改名' }) }, 422, 'meeting_held');
  assert.ok(r1.json.error.message.includes('召开'), r1.text);
  await refused({ url, send: () => allianceAdmin.post(`${url}/cancel`, { reason: '会后取消' }) }, 422, 'meeting_held');
});

test('cancelling: a reason is required; a cancelled meeting takes nothing and is not counted', async () => {
  const day = addDays(todaySh(), 30);
  const statsBefore = statRows();
  const m = await conveneInviting(day, [poziOrg.id]);
  assert.notEqual(statRows(), statsBefore, 'a convened meeting is in the counters under its day');
  const url = `/api/v1/meetings/${m.id}`;
  const c = (body, who = allianceAdmin) => ({ url, send: () => who.post(`${url}/cancel`, body) });
  await refused(c({}), 422);
  await refused(c({ reason: '' }), 422);
  await refused(c({ reason: '   ' }), 422, 'reason_required');
  await refused(c({ reason: '长'.repeat(201) }), 422);
  await refused(c({ reason: 5 }), 422);
  await refused(c({ reason: '越权取消' }, viewer), 403);

  const audits = auditCount();
  const r = await allianceAdmin.post(`${url}/cancel`, { reason: '村里临时有防汛任务' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'cancelled');
  assert.equal(r.json.cancellation.reason, '村里临时有防汛任务');
  assert.ok(r.json.cancellation.by.name, r.text);
  assert.ok(r.json.cancellation.at, r.text);
  assert.equal(auditCount(), audits + 1);
  assert.equal(statRows(), statsBefore, 'a cancelled meeting is not counted');
  const listed = (await viewer.get('/api/v1/meetings?limit=500')).json.items.find((x) => x.id === m.id);
  assert.equal(listed.status, 'cancelled');
  const inbox = (await pozi.get('/api/v1/inbox')).json.items;
  const note = inbox.find((n) => n.kind === 'meeting_cancel' && n.object_id === m.id);
  assert.ok(note, JSON.stringify(inbox.map((n) => n.kind)));
  assert.ok(note.body.includes('村里临时有防汛任务'), note.body);

  await refused(c({ reason: '再取消一次' }), 422, 'meeting_cancelled');
  await refused({ url, send: () => allianceAdmin.patch(url, { title: '取消后改名' }) }, 422, 'meeting_cancelled');
  await refused({ url, send: () => allianceAdmin.put(`${url}/attendance`, { person_ids: [] }) }, 422, 'meeting_cancelled');
  await refused({ url, send: () => allianceAdmin.put(`${url}/minutes`, { text: '纪要' }) }, 422, 'meeting_cancelled');
  assert.equal(statRows(), statsBefore);
});
