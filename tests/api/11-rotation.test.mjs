// Rotating duty secretaries over the API: rosters, the computed schedule,
// duty on a date, swaps, handovers and who may change them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays, firstOfMonth } from '../lib/dates.mjs';

let srv, admin, allianceAdmin, hz, viewer, leader, units;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  leader = await loggedIn(srv, 'wushi_leader', 'demo-2026');
  units = (await viewer.get('/api/v1/units?limit=500')).json.items;
});
after(async () => { await srv?.stop(); });

const unit = (prefix) => units.find((u) => u.name.startsWith(prefix));

test('the demo schedule covers a year back, alternates counties and serves everyone evenly', async () => {
  const u = unit('坡子');
  const r = await viewer.get(`/api/v1/units/${u.id}/rotation`);
  assert.equal(r.status, 200);
  const t = r.json.terms;
  assert.ok(t[0].starts_on <= firstOfMonth(todaySh(), -11));
  // Consecutive terms tile the calendar.
  for (let i = 1; i < t.length; i++) assert.equal(t[i].starts_on, addDays(t[i - 1].ends_on, 1));
  // Planned terms (ignore the demo swap) alternate counties and are even per cycle.
  const planned = t.filter((x) => !x.swapped);
  const byPerson = {};
  for (const x of t.slice(0, 12)) byPerson[x.person_id] = (byPerson[x.person_id] || 0) + 1;
  const counts = Object.values(byPerson);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, JSON.stringify(byPerson));
  for (let i = 1; i < 12; i++) assert.notEqual(t[i].county_code, t[i - 1].county_code, `terms ${i - 1},${i}`);
  assert.ok(planned.length < t.length, 'the demo swap is marked');
});

test('duty on a date answers inside the schedule and errs outside', async () => {
  const u = unit('坡子');
  const today = await viewer.get(`/api/v1/units/${u.id}/duty`);
  assert.equal(today.status, 200);
  assert.ok(today.json.starts_on <= todaySh() && today.json.ends_on >= todaySh());
  const onDate = await viewer.get(`/api/v1/units/${u.id}/duty?on=${todaySh()}`);
  assert.deepEqual(onDate.json, today.json);
  const last = await viewer.get(`/api/v1/units/${u.id}/duty?on=${today.json.ends_on}`);
  assert.equal(last.json.idx, today.json.idx);
  const next = await viewer.get(`/api/v1/units/${u.id}/duty?on=${addDays(today.json.ends_on, 1)}`);
  assert.equal(next.json.idx, today.json.idx + 1);
  const far = await viewer.get(`/api/v1/units/${u.id}/duty?on=2099-01-01`);
  assert.equal(far.status, 404);
  assert.equal(far.json.error.code, 'outside_schedule');
  const early = await viewer.get(`/api/v1/units/${u.id}/duty?on=2000-01-01`);
  assert.equal(early.status, 404);
  for (const bad of ['2026-02-30', '2026-1-1', 'tomorrow']) {
    const r = await viewer.get(`/api/v1/units/${u.id}/duty?on=${bad}`);
    assert.equal(r.status, 422, bad);
    assert.equal(r.json.error.field, 'on');
  }
  const range = await viewer.get(`/api/v1/units/${u.id}/rotation?from=${todaySh()}&to=${addDays(todaySh(), 62)}`);
  assert.ok(range.json.terms.length >= 2 && range.json.terms.length <= 4);
  assert.equal((await viewer.get(`/api/v1/units/${u.id}/rotation?from=2026-05-01&to=2026-04-01`)).status, 422);
});

test('changing the roster changes only terms that have not started', async () => {
  const u = unit('石垌');
  const before = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const full = (await viewer.get(`/api/v1/units/${u.id}`)).json;
  const ids = full.roster.person_ids;
  // Drop the last member.
  const r = await allianceAdmin.put(`/api/v1/units/${u.id}/roster`, {
    person_ids: ids.slice(0, 3), term: 'month', starts_on: before[0].starts_on,
  });
  assert.equal(r.status, 200, r.text);
  const after = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const today = todaySh();
  const started = before.filter((t) => t.starts_on <= today);
  assert.deepEqual(after.slice(0, started.length), started, 'past and current terms unchanged');
  const future = after.slice(started.length);
  assert.ok(future.length > 0);
  assert.equal(future[0].starts_on, addDays(started[started.length - 1].ends_on, 1));
  assert.ok(future.every((t) => ids.slice(0, 3).includes(t.person_id)));
  assert.equal(r.json.effective_from, future[0].starts_on);
  // Switching to quarterly terms continues from the same day.
  const q = await allianceAdmin.put(`/api/v1/units/${u.id}/roster`, { person_ids: ids, term: 'quarter', starts_on: today });
  assert.equal(q.status, 200);
  const after2 = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  assert.deepEqual(after2.slice(0, started.length), started);
  const f2 = after2[started.length];
  const [y, m] = f2.starts_on.split('-').map(Number);
  const endExpected = new Date(Date.UTC(y, m - 1 + 3, 1) - 86400e3).toISOString().slice(0, 10);
  if (f2.starts_on.endsWith('-01')) assert.equal(f2.ends_on, endExpected);
});

test('roster rules: members only, no duplicates, alliance admins only; nothing changes on refusal', async () => {
  const u = unit('古城');
  const before = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const ids = (await viewer.get(`/api/v1/units/${u.id}`)).json.roster.person_ids;
  const outsider = (await viewer.get('/api/v1/people?q=' + encodeURIComponent('坡生'))).json.items[0];
  const cases = [
    [allianceAdmin, { person_ids: [ids[0], ids[0]], term: 'month', starts_on: todaySh() }, 422],
    [allianceAdmin, { person_ids: [ids[0], outsider.id], term: 'month', starts_on: todaySh() }, 422],
    [allianceAdmin, { person_ids: [], term: 'month', starts_on: todaySh() }, 422],
    [allianceAdmin, { person_ids: ids, term: 'fortnight', starts_on: todaySh() }, 422],
    [allianceAdmin, { person_ids: ids, term: 'month', starts_on: '2026-13-01' }, 422],
    [allianceAdmin, { person_ids: ids, term: 'month' }, 422],
    [hz, { person_ids: ids, term: 'month', starts_on: todaySh() }, 403],
    [viewer, { person_ids: ids, term: 'month', starts_on: todaySh() }, 403],
  ];
  for (const [c, body, status] of cases) {
    const r = await c.put(`/api/v1/units/${u.id}/roster`, body);
    assert.equal(r.status, status, JSON.stringify(body) + ' ' + r.text);
  }
  const after = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  assert.deepEqual(after, before);
});

test('a swap exchanges two future terms, keeps counts even and is audited', async () => {
  const u = unit('坡子');
  const before = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const today = todaySh();
  const target = before.find((t) => t.starts_on > addDays(today, 70) && !t.swapped);
  const sub = before.find((t) => t.starts_on > target.ends_on && t.person_id !== target.person_id);
  const n = (await admin.get('/api/v1/audit?limit=500')).json.items.length;
  const r = await allianceAdmin.post(`/api/v1/units/${u.id}/rotation/swaps`, {
    on: target.starts_on, person_id: sub.person_id, reason: '因病休假',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.person_id, sub.person_id);
  assert.equal(r.json.swapped, true);
  assert.equal(r.json.swap_reason, '因病休假');
  const after = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const changed = after.filter((t, i) => t.person_id !== before[i].person_id);
  assert.equal(changed.length, 2);
  assert.equal(changed[1].person_id, target.person_id);
  const count = (ts) => ts.reduce((m, t) => ((m[t.person_id] = (m[t.person_id] || 0) + 1), m), {});
  assert.deepEqual(count(after), count(before));
  const audit = (await admin.get('/api/v1/audit?limit=500')).json.items;
  assert.equal(audit.length, n + 1);
  assert.equal(audit[0].action, 'unit.rotation_swap');
});

test('swap refusals: past terms, non-members, no reason, no right; nothing changes', async () => {
  const u = unit('坡子');
  const before = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const past = before[0];
  const member = before.find((t) => t.person_id !== past.person_id);
  const outsider = (await viewer.get('/api/v1/people?q=' + encodeURIComponent('石安'))).json.items[0];
  const future = before.find((t) => t.starts_on > addDays(todaySh(), 40));
  const other = before.find((t) => t.person_id !== future.person_id);
  const cases = [
    [allianceAdmin, { on: past.starts_on, person_id: member.person_id, reason: '补登' }, 422],
    [allianceAdmin, { on: future.starts_on, person_id: outsider.id, reason: '调换' }, 422],
    [allianceAdmin, { on: future.starts_on, person_id: future.person_id, reason: '同一人' }, 422],
    [allianceAdmin, { on: future.starts_on, person_id: other.person_id, reason: '' }, 422],
    [allianceAdmin, { on: '2099-01-01', person_id: other.person_id, reason: '太远' }, 422],
    [viewer, { on: future.starts_on, person_id: other.person_id, reason: '越权' }, 403],
    [hz, { on: future.starts_on, person_id: other.person_id, reason: '越权' }, 403],
    [leader, { on: future.starts_on, person_id: other.person_id, reason: '别的单位的站长' }, 403],
  ];
  for (const [c, body, status] of cases) {
    const r = await c.post(`/api/v1/units/${u.id}/rotation/swaps`, body);
    assert.equal(r.status, status, JSON.stringify(body) + ' ' + r.text);
  }
  assert.deepEqual((await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms, before);
});

test('the unit leader may record a swap in their own unit', async () => {
  const u = unit('乌石');
  const terms = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const future = terms.find((t) => t.starts_on > todaySh());
  const other = terms.find((t) => t.person_id !== future.person_id);
  const r = await leader.post(`/api/v1/units/${u.id}/rotation/swaps`, { on: future.starts_on, person_id: other.person_id, reason: '站长登记：工作调动' });
  assert.equal(r.status, 201, r.text);
});

test('handover records exist for every change of duty up to today', async () => {
  const u = unit('坡子');
  const terms = (await viewer.get(`/api/v1/units/${u.id}/rotation`)).json.terms;
  const started = terms.filter((t) => t.starts_on <= todaySh());
  const r = await viewer.get(`/api/v1/units/${u.id}/handovers`);
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, started.length - 1);
  const latest = r.json.items[0];
  const cur = started[started.length - 1];
  assert.equal(latest.on, cur.starts_on);
  assert.equal(latest.incoming.id, cur.person_id);
  assert.equal(latest.outgoing.id, started[started.length - 2].person_id);
  assert.ok(Array.isArray(latest.open_matters));
  // Reading again does not duplicate them.
  assert.equal((await viewer.get(`/api/v1/units/${u.id}/handovers`)).json.items.length, r.json.items.length);
});

// Backfill (API.md: records may be dated back to 2000-01-01): an alliance
// that starts using the system late enters a unit's rotation history before
// its first term; once terms have begun, a roster change keeps them.
test('the alliance admin backfills a new unit\'s rotation back to 2000; 1999 is refused and writes nothing', async () => {
  const pozi = unit('坡子');
  const full = (await viewer.get(`/api/v1/units/${pozi.id}`)).json;
  const members = full.members;
  const wushi = unit('乌石');
  const created = await allianceAdmin.post('/api/v1/units', {
    alliance_id: pozi.alliance_id, tier: 'village', name: '补录历史测试小组', parent_id: wushi.id,
    divisions: full.divisions.map((d) => (typeof d === 'string' ? d : d.code)),
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  for (const m of members) {
    const r = await allianceAdmin.post(`/api/v1/units/${id}/members`, { org_id: m.id });
    assert.equal(r.status, 201, r.text);
  }
  const ids = full.roster.person_ids;
  const old = await allianceAdmin.put(`/api/v1/units/${id}/roster`, { person_ids: ids, term: 'quarter', starts_on: '1999-10-01' });
  assert.equal(old.status, 422, old.text);
  assert.equal(old.json.error.field, 'starts_on');
  assert.equal((await viewer.get(`/api/v1/units/${id}/rotation`)).json.terms.length, 0);
  const r = await allianceAdmin.put(`/api/v1/units/${id}/roster`, { person_ids: ids, term: 'quarter', starts_on: '2010-01-01' });
  assert.equal(r.status, 200, r.text);
  const terms = (await viewer.get(`/api/v1/units/${id}/rotation?from=2010-01-01&to=2011-12-31`)).json.terms;
  assert.equal(terms[0].starts_on, '2010-01-01');
  assert.equal(terms[0].ends_on, '2010-03-31');
  assert.equal(terms.length, 8);
  // Begun terms stay: a second roster from 2005 cannot rewrite 2010.
  const again = await allianceAdmin.put(`/api/v1/units/${id}/roster`, { person_ids: ids.slice().reverse(), term: 'quarter', starts_on: '2005-01-01' });
  assert.equal(again.status, 200, again.text);
  const kept = (await viewer.get(`/api/v1/units/${id}/rotation?from=2010-01-01&to=2011-12-31`)).json.terms;
  assert.deepEqual(kept, terms);
});
