// Organisations beyond their secretary: name, kind and division edited by
// the county's admin, deleted while nothing refers to them, dissolved (撤销)
// otherwise; county and city party committees have kinds of their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loggedIn } from '../lib/client.mjs';
import { todaySh, addDays } from '../lib/dates.mjs';

let srv, admin, allianceAdmin, hz, lc, viewer, poziUnit;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await loggedIn(srv);
  allianceAdmin = await loggedIn(srv, 'alliance_admin', 'demo-2026');
  hz = await loggedIn(srv, 'hz_admin', 'demo-2026');
  lc = await loggedIn(srv, 'lc_admin', 'demo-2026');
  viewer = await loggedIn(srv, 'viewer', 'demo-2026');
  poziUnit = (await viewer.get('/api/v1/units?limit=500')).json.items.find((u) => u.name.startsWith('坡子'));
});
after(async () => { await srv?.stop(); });

async function auditCount() {
  let n = 0; let cursor = null;
  do {
    const r = await admin.get('/api/v1/audit?limit=500' + (cursor ? `&cursor=${cursor}` : ''));
    n += r.json.items.length; cursor = r.json.next_cursor;
  } while (cursor);
  return n;
}

async function newOrg(c, name, division, kind = 'village_branch') {
  const r = await c.post('/api/v1/orgs', { name, division, kind });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function orgState(id) {
  const o = await admin.get(`/api/v1/orgs/${id}`);
  return { org: o.json, status: o.status, audit: await auditCount() };
}

test('county and city party committees have kinds of their own (县委/市委)', async () => {
  const orgs = (await viewer.get('/api/v1/orgs?limit=500')).json.items;
  const byName = Object.fromEntries(orgs.map((o) => [o.name, o]));
  assert.equal(byName['中共陆川县委'].kind, 'county_committee');
  assert.equal(byName['中共陆川县委'].kind_label, '县委');
  assert.equal(byName['中共廉江市委'].kind, 'city_committee');
  assert.equal(byName['中共化州市委'].kind_label, '市委');
  const dict = (await viewer.get('/api/v1/dictionaries')).json;
  const kinds = JSON.stringify(dict);
  assert.ok(kinds.includes('county_committee') && kinds.includes('县委'), 'dictionary has 县委');
  // a 县委 sits at a county, not at a town
  const bad = await lc.post('/api/v1/orgs', { name: '错误的县委', division: '450922108', kind: 'county_committee' });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.error.field, 'division');
});

test('the county admin edits name, kind and division within the county; others are refused and nothing changes', async () => {
  const o = await newOrg(hz, '文楼镇某村党支部', '440982117213');
  const d = (await hz.get(`/api/v1/orgs/${o.id}`)).json;
  assert.equal(d.can_edit, true);
  assert.equal(d.can_delete, true);
  assert.equal((await lc.get(`/api/v1/orgs/${o.id}`)).json.can_edit, false);

  const before = await orgState(o.id);
  const refused = [
    [lc, { name: '陆川改名' }, 403],
    [viewer, { name: '只读改名' }, 403],
    [hz, { division: '450922108216' }, 422],           // another county
    [hz, { division: '440881104205' }, 422],           // another county, same province
    [hz, { kind: 'town_committee' }, 422],              // a village is no town
    [hz, { kind: 'county_committee' }, 422],
    [hz, { kind: 'bogus' }, 422],
    [hz, { name: '' }, 422],
    [hz, { division: '4409821172' }, 422],
    [hz, { division: '440982999999' }, 422],
    [hz, { name: '好名字', division: '450922108216' }, 422],   // one bad field: nothing kept
    [hz, { colour: 'red' }, 422],
  ];
  for (const [c, body, status] of refused) {
    const r = await c.patch(`/api/v1/orgs/${o.id}`, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.json.error.message, /[\u4e00-\u9fff]/);
  }
  assert.deepEqual(await orgState(o.id), before);

  const ok = await hz.patch(`/api/v1/orgs/${o.id}`, { name: '那楼村第二党支部', division: '440982117216' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.name, '那楼村第二党支部');
  assert.equal(ok.json.division.code, '440982117216');
  const town = await hz.patch(`/api/v1/orgs/${o.id}`, { kind: 'town_committee', division: '440982117' });
  assert.equal(town.status, 200, town.text);
  assert.equal(town.json.kind, 'town_committee');
  assert.equal(await auditCount(), before.audit + 2);
  const entry = (await admin.get('/api/v1/audit?limit=1')).json.items[0];
  assert.equal(entry.action, 'org.update');
  assert.equal(entry.before.kind, 'village_branch');
  assert.equal(entry.after.kind, 'town_committee');
  // the deployment admin may edit any county's organisation
  const byAdmin = await admin.patch(`/api/v1/orgs/${o.id}`, { name: '文楼镇第二委员会' });
  assert.equal(byAdmin.status, 200, byAdmin.text);
});

test('an organisation with no history is deleted; one with history answers 409 pointing to 撤销', async () => {
  const o = await newOrg(hz, '待删除党支部', '440982117213');
  const before = await auditCount();
  const denied = await lc.del(`/api/v1/orgs/${o.id}`);
  assert.equal(denied.status, 403, denied.text);
  const r = await hz.del(`/api/v1/orgs/${o.id}`);
  assert.equal(r.status, 200, r.text);
  assert.equal((await admin.get(`/api/v1/orgs/${o.id}`)).status, 404);
  assert.equal(await auditCount(), before + 1);
  assert.equal((await admin.get('/api/v1/audit?limit=1')).json.items[0].action, 'org.delete');
  assert.equal((await hz.del(`/api/v1/orgs/${o.id}`)).status, 404);

  // the demo's 双坡村党支部 has people, a unit membership and matters
  const shuangpo = (await viewer.get('/api/v1/orgs?division=440982117216')).json.items
    .find((x) => x.name === '双坡村党支部');
  const detail = (await hz.get(`/api/v1/orgs/${shuangpo.id}`)).json;
  assert.equal(detail.has_history, true);
  assert.equal(detail.can_delete, false);
  const st = await orgState(shuangpo.id);
  const busy = await hz.del(`/api/v1/orgs/${shuangpo.id}`);
  assert.equal(busy.status, 409, busy.text);
  assert.equal(busy.json.error.code, 'org_has_history');
  assert.ok(busy.json.error.message.includes('撤销'), busy.text);
  assert.deepEqual(await orgState(shuangpo.id), st);

  // one person is history enough
  const p = await newOrg(hz, '有人员的党支部', '440982117213');
  const person = await hz.post('/api/v1/people', { name: '测试人员', org_id: p.id, position: '党员' });
  assert.equal(person.status, 201, person.text);
  assert.equal((await hz.del(`/api/v1/orgs/${p.id}`)).status, 409);
});

test('a dissolved organisation stays in history, leaves lists and pickers, and takes no new people, secretary or unit membership', async () => {
  const o = await newOrg(hz, '将撤销的党支部', '440982117213');
  const person = (await hz.post('/api/v1/people', { name: '老党员', org_id: o.id, position: '党员' })).json;
  const before = await orgState(o.id);
  for (const [c, body, status] of [
    [lc, { on: todaySh(), reason: '合并' }, 403],
    [hz, { on: addDays(todaySh(), 1), reason: '合并' }, 422],
    [hz, { on: todaySh(), reason: '' }, 422],
    [hz, { on: todaySh() }, 422],
    [hz, { on: '2026-02-30', reason: '合并' }, 422],
  ]) {
    const r = await c.post(`/api/v1/orgs/${o.id}/dissolve`, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.deepEqual(await orgState(o.id), before);

  const day = addDays(todaySh(), -3);
  const r = await hz.post(`/api/v1/orgs/${o.id}/dissolve`, { on: day, reason: '村党支部合并到那楼村党总支部' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dissolved, true);
  assert.equal(r.json.dissolved_on, day);
  assert.equal(r.json.dissolved_reason, '村党支部合并到那楼村党总支部');
  assert.equal(r.json.can_edit, false);
  assert.equal(await auditCount(), before.audit + 1);

  const listed = (await viewer.get('/api/v1/orgs?division=440982117213')).json.items.map((x) => x.id);
  assert.ok(!listed.includes(o.id), 'left the default list');
  const all = (await viewer.get('/api/v1/orgs?division=440982117213&include_dissolved=true')).json.items;
  assert.ok(all.some((x) => x.id === o.id && x.dissolved), 'shown on request');
  assert.equal((await viewer.get(`/api/v1/orgs/${o.id}`)).status, 200);
  assert.equal((await viewer.get(`/api/v1/people/${person.id}`)).status, 200);

  const st = await orgState(o.id);
  const again = await hz.post(`/api/v1/orgs/${o.id}/dissolve`, { on: todaySh(), reason: '再次' });
  assert.equal(again.status, 409, again.text);
  const np = await hz.post('/api/v1/people', { name: '新党员', org_id: o.id, position: '党员' });
  assert.equal(np.status, 422, np.text);
  assert.equal(np.json.error.code, 'org_dissolved');
  const sec = await hz.put(`/api/v1/orgs/${o.id}/secretary`, { person_id: person.id });
  assert.equal(sec.status, 422, sec.text);
  assert.equal(sec.json.error.code, 'org_dissolved');
  const mem = await allianceAdmin.post(`/api/v1/units/${poziUnit.id}/members`, { org_id: o.id });
  assert.equal(mem.status, 422, mem.text);
  assert.equal(mem.json.error.code, 'org_dissolved');
  const ed = await hz.patch(`/api/v1/orgs/${o.id}`, { name: '撤销后改名' });
  assert.equal(ed.status, 422, ed.text);
  assert.deepEqual(await orgState(o.id), st);
  const people = (await viewer.get(`/api/v1/people?org_id=${o.id}`)).json.items;
  assert.equal(people.length, 1);
});
